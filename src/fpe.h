/*-------------------------------------------------------------------------
 *
 * fpe.h
 *		Format-preserving encryption: FF1 and FF3-1 (NIST SP 800-38G rev. 1)
 *		over AES, and the reversible pseudonyms built on FF1.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_FPE_H
#define ANON_FPE_H

#include <openssl/evp.h>

/* the largest numeral string FF1 accepts here (the standard allows 2^32) */
#define ANON_FF1_MAXLEN 4096

/*
 * fpe.c: ERROR unless radix and length n meet the limits of FF1 (what
 * names the input in the message, e.g. "input")
 */
extern void anon_ff1_check(int radix, int n, const char *what);

/* fpe.c: ERROR unless radix and length n meet the limits of FF3-1 */
extern void anon_ff3_1_check(int radix, int n);

/*
 * fpe.c: FF1 of the n numerals in (each below radix) into out, under the
 * AES-ECB encryption context aes, with tweak t of tlen bytes; decrypts
 * when decrypt is true.  in and out may be the same array.
 */
extern void anon_ff1(EVP_CIPHER_CTX *aes, const uint8 *t, int tlen,
					 int radix, const uint8 *in, int n, uint8 *out,
					 bool decrypt);

/*
 * fpe.c: FF3-1 likewise; aes must be keyed with the byte-reversed key, as
 * the standard says; tlen is 7 (FF3-1) or 8 (the withdrawn FF3, kept to
 * check against NIST's FF3 samples).
 */
extern void anon_ff3_1(EVP_CIPHER_CTX *aes, const uint8 *t, int tlen,
					   int radix, const uint8 *in, int n, uint8 *out,
					   bool decrypt);

#endif							/* ANON_FPE_H */
