/*-------------------------------------------------------------------------
 *
 * fpe.c
 *		Format-preserving encryption, FF1 and FF3-1 of NIST SP 800-38G
 *		rev. 1 over AES (OpenSSL), and the reversible pseudonyms built on
 *		FF1: anon.pseudonymize(), anon.depseudonymize() and their card
 *		number variants.
 *
 * FF1 and FF3-1 are written from the algorithms of the standard (sections
 * 6.2 and 6.3; FF3-1's 56-bit tweak split as in its revision 1).  FF1 keeps
 * two number representations: when radix^v fits in 64 bits (16 decimal
 * digits and less, the common case) every number is a machine integer and
 * a round costs one AES block; longer inputs use OpenSSL's BIGNUM.  The
 * CBC-MAC of the fixed prefix P || T || padding is computed once per call.
 * FF3-1's numbers never exceed 2^96 and always fit in 128-bit integers.
 *
 * Pseudonyms: letters and digits are encrypted, everything else (spaces,
 * dashes, dots, any non-ASCII character) stays in place, and each position
 * keeps its class: a digit stays a digit, a lower-case letter lower-case,
 * an upper-case letter upper-case.  When every encrypted position has the
 * same class the numerals go to FF1 in that radix (10 or 26) directly.
 * Mixed classes make a mixed-radix number N < M (M the product of the
 * positions' radices), encrypted with FF1 in radix 2 over the bit length
 * of M - 1 by cycle walking (re-encrypt until the result is below M; at
 * most two rounds expected since M > 2^(L-1)), which is a permutation of
 * [0, M).  An e-mail address (a value with '@') has only its local part
 * encrypted.  A card number keeps its length and Luhn validity: the digits
 * but the last are encrypted, and the check digit is computed anew.
 *
 * Short values.  The standard sets a minimum domain of a million values
 * for FF1 itself; a short code or the local part of bob@gmail.com holds
 * fewer.  Such a value (M < 10^6 possible values of its shape) is mapped by
 * cycle walking over FF1 in radix 2 on the L = max(2, bitlen(M - 1)) bits
 * that hold it: still a keyed permutation of the values of that shape, so
 * the pseudonym has the same shape, distinct values keep distinct
 * pseudonyms and depseudonymize reverses it.  No encryption can hide which
 * of so few values a short value is from someone who learns pairs of
 * values and pseudonyms: that limit belongs to the domain, not the cipher.
 * A value with no letter or digit at all is an error, never passed through.
 *
 * Keys: anon.pseudonymize uses the active version of the named key and is
 * open to every role that may execute it (a masking rule runs as the masked
 * role); the key never leaves keys.c.  anon.depseudonymize reverses with
 * the active version or with the version given, and only for superusers
 * and members of the role named by anon.key_admin_role (keys.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "compat.h"
#include "fpe.h"
#include "keys.h"
#include "random.h"

typedef unsigned __int128 anon_uint128;

/* ---- Function declarations ---- */

PG_FUNCTION_INFO_V1(anon_ff1_encrypt);
PG_FUNCTION_INFO_V1(anon_ff1_decrypt);
PG_FUNCTION_INFO_V1(anon_ff3_1_encrypt);
PG_FUNCTION_INFO_V1(anon_ff3_1_decrypt);
PG_FUNCTION_INFO_V1(anon_ff1_selftest);
PG_FUNCTION_INFO_V1(anon_pseudonymize);
PG_FUNCTION_INFO_V1(anon_depseudonymize);
PG_FUNCTION_INFO_V1(anon_pseudonymize_card);
PG_FUNCTION_INFO_V1(anon_depseudonymize_card);

static const char anon_fpe_alphabet[] =
"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* ---- AES ---- */

/*
 * One AES block.  EVP_Cipher() skips EVP_EncryptUpdate()'s buffering, which
 * ECB on whole blocks does not need; it returns the bytes written (1 for
 * legacy implementations) or a value <= 0 on failure.
 */
static inline void
anon_aes_block(EVP_CIPHER_CTX *aes, const uint8 *in, uint8 *out)
{
	if (EVP_Cipher(aes, out, in, 16) <= 0)
		anon_openssl_error("encrypt an AES block");
}

/* ---- Limits ---- */

/* true when radix^n >= 1,000,000, the minimum domain of SP 800-38G rev. 1 */
static bool
anon_fpe_domain_ok(int radix, int n)
{
	uint64		p = 1;
	int			i;

	for (i = 0; i < n; i++)
	{
		p *= radix;
		if (p >= 1000000)
			return true;
	}
	return false;
}

static void
anon_fpe_check_radix(int radix)
{
	if (radix < 2 || radix > 62)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("radix must be between 2 and 62")));
}

/* ERROR unless n numerals of radix make a domain the mode may encrypt */
static void
anon_fpe_check_domain(const char *mode, int radix, int n, const char *what)
{
	anon_fpe_check_radix(radix);
	if (n < 2 || !anon_fpe_domain_ok(radix, n))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is too short for format-preserving encryption", what),
				 errdetail("%s needs at least 2 numerals and radix^length >= 1000000 (NIST SP 800-38G rev. 1); here radix is %d and length %d.",
						   mode, radix, n)));
}

void
anon_ff1_check(int radix, int n, const char *what)
{
	anon_fpe_check_domain("FF1", radix, n, what);
	if (n > ANON_FF1_MAXLEN)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s is too long for format-preserving encryption", what),
				 errdetail("At most %d numerals are accepted; here there are %d.",
						   ANON_FF1_MAXLEN, n)));
}

/* largest k with radix^k <= 2^96 */
static int
anon_ff3_half_max(int radix)
{
	anon_uint128 limit = ((anon_uint128) 1) << 96;
	anon_uint128 p = 1;
	int			k = 0;

	while (p * radix <= limit)
	{
		p *= radix;
		k++;
	}
	return k;
}

void
anon_ff3_1_check(int radix, int n)
{
	int			maxlen;

	anon_fpe_check_domain("FF3-1", radix, n, "input");
	maxlen = 2 * anon_ff3_half_max(radix);
	if (n > maxlen)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("input is too long for FF3-1"),
				 errdetail("In radix %d FF3-1 takes at most %d numerals; here there are %d.",
						   radix, maxlen, n)));
}

/* ---- FF1 ---- */

/*
 * The numbers of one FF1 call: machine integers when radix^v < 2^64,
 * BIGNUMs otherwise.
 */
typedef struct AnonFF1Nums
{
	bool		fast;
	int			radix;
	uint64		pow_u;			/* radix^u, radix^v (fast) */
	uint64		pow_v;
	BN_CTX	   *bnctx;			/* BIGNUM state (slow) */
	BIGNUM	   *bpow_u;
	BIGNUM	   *bpow_v;
	BIGNUM	   *x;
	BIGNUM	   *y;
	BIGNUM	   *c;
} AnonFF1Nums;

static void
anon_ff1_nums_free(AnonFF1Nums *nums)
{
	if (nums->fast)
		return;
	BN_free(nums->bpow_u);
	BN_free(nums->bpow_v);
	BN_free(nums->x);
	BN_free(nums->y);
	BN_free(nums->c);
	BN_CTX_free(nums->bnctx);
}

/* nums->x = NUM_radix(X), X having m numerals */
static void
anon_ff1_bn_num(AnonFF1Nums *nums, const uint8 *x, int m)
{
	int			i;

	BN_zero(nums->x);
	for (i = 0; i < m; i++)
		if (!BN_mul_word(nums->x, nums->radix) ||
			!BN_add_word(nums->x, x[i]))
			anon_openssl_error("compute with OpenSSL big numbers");
}

/* [NUM_radix(X)]^b: big-endian b bytes of the number of m numerals */
static void
anon_ff1_num_bytes(AnonFF1Nums *nums, const uint8 *x, int m, uint8 *out, int b)
{
	anon_ff1_bn_num(nums, x, m);
	if (BN_bn2binpad(nums->x, out, b) < 0)
		anon_openssl_error("convert an OpenSSL big number");
}

/*
 * out = STR^m_radix((NUM_radix(x) +/- NUM(s)) mod radix^m), x and out
 * having m numerals, s being d bytes.
 */
static void
anon_ff1_combine(AnonFF1Nums *nums, const uint8 *x, int m, bool m_is_u,
				 const uint8 *s, int d, bool subtract, uint8 *out)
{
	BIGNUM	   *mod = m_is_u ? nums->bpow_u : nums->bpow_v;
	int			i;

	anon_ff1_bn_num(nums, x, m);
	if (BN_bin2bn(s, d, nums->y) == NULL)
		anon_openssl_error("convert an OpenSSL big number");
	if (!(subtract ? BN_sub(nums->c, nums->x, nums->y) :
		  BN_add(nums->c, nums->x, nums->y)) ||
		!BN_nnmod(nums->c, nums->c, mod, nums->bnctx))
		anon_openssl_error("compute with OpenSSL big numbers");
	for (i = m - 1; i >= 0; i--)
	{
		BN_ULONG	r = BN_div_word(nums->c, nums->radix);

		if (r == (BN_ULONG) -1)
			anon_openssl_error("compute with OpenSSL big numbers");
		out[i] = (uint8) r;
	}
}

/* R = PRF(P || Q) from the MAC of the fixed prefix, then S: d bytes */
static inline void
anon_ff1_prf(EVP_CIPHER_CTX *aes, const uint8 *prefix, const uint8 *Q,
			 int qlen, int fixed, int d, uint8 *S)
{
	uint8		R[16];
	int			blk;

	memcpy(R, prefix, 16);
	for (blk = fixed; blk < qlen; blk += 16)
	{
		uint64		r[2];
		uint64		q[2];

		memcpy(r, R, 16);
		memcpy(q, Q + blk, 16);
		r[0] ^= q[0];
		r[1] ^= q[1];
		memcpy(R, r, 16);
		anon_aes_block(aes, R, R);
	}
	/* S = R || CIPH(R xor [1]^16) || CIPH(R xor [2]^16) ... */
	memcpy(S, R, 16);
	for (blk = 1; blk * 16 < d; blk++)
	{
		uint8		X[16];

		memcpy(X, R, 16);
		X[15] ^= blk & 0xff;
		X[14] ^= (blk >> 8) & 0xff;
		anon_aes_block(aes, X, S + 16 * blk);
	}
}

/*
 * NUM_radix(X) of m numerals in a machine integer (the caller knows that
 * radix^m fits), most significant first; or NUM_radix(REV(X)), X[0] being
 * the least significant, as FF3-1 reads its halves.
 */
static inline anon_uint128
anon_fpe_num(const uint8 *x, int m, int radix, bool reversed)
{
	anon_uint128 val = 0;
	int			i;

	if (reversed)
		for (i = m - 1; i >= 0; i--)
			val = val * radix + x[i];
	else
		for (i = 0; i < m; i++)
			val = val * radix + x[i];
	return val;
}

/*
 * y mod m.  A 64-bit division is slow; for 2^20 <= m < 2^62 the quotient is
 * below 2^44, so its estimate in double precision is off by at most one, and
 * one correction each way gives the exact remainder (the signed test is
 * sound since the error is within (-m, 2m), inside (-2^63, 2^63)).
 */
static inline uint64
anon_mod64(uint64 y, uint64 m)
{
	uint64		q;
	uint64		r;

	if (m < (UINT64CONST(1) << 20) || m >= (UINT64CONST(1) << 62))
		return y % m;
	q = (uint64) ((double) y / (double) m);
	r = y - q * m;				/* modulo 2^64: may have wrapped */
	if ((int64) r < 0)
		r += m;
	else if (r >= m)
		r -= m;
	return r;
}

/* STR^m_radix(x): m numerals, most significant first */
static inline void
anon_ff1_str(uint64 x, int radix, int m, uint8 *out)
{
	int			i;

	/* decimal is the common case: a constant divisor is much faster */
	if (radix == 10)
		for (i = m - 1; i >= 0; i--)
		{
			out[i] = x % 10;
			x /= 10;
		}
	else
		for (i = m - 1; i >= 0; i--)
		{
			out[i] = x % radix;
			x /= radix;
		}
}

/*
 * The rounds of FF1 when radix^v < 2^64.  NUM_radix(STR^m_radix(c)) = c, so
 * the halves stay machine integers from the first round to the last.
 */
static void
anon_ff1_fast(EVP_CIPHER_CTX *aes, AnonFF1Nums *nums, const uint8 *prefix,
			  uint8 *Q, int qlen, int fixed, int b, int d, uint8 *S,
			  int u, int v, const uint8 *in, uint8 *out, bool decrypt)
{
	uint64		na = 0;
	uint64		nb = 0;
	int			radix = nums->radix;
	int			i;
	int			j;

	/* radix^v < 2^64: both halves fit */
	na = (uint64) anon_fpe_num(in, u, radix, false);
	nb = (uint64) anon_fpe_num(in + u, v, radix, false);

	for (j = 0; j < 10; j++)
	{
		int			round = decrypt ? 9 - j : j;
		uint64		mod = (round % 2 == 0) ? nums->pow_u : nums->pow_v;
		uint64		numq = decrypt ? na : nb;	/* the encryption's B */
		uint64		ym;
		uint64		c;

		Q[qlen - b - 1] = (uint8) round;
		for (i = qlen - 1; i >= qlen - b; i--)
		{
			Q[i] = numq & 0xff;
			numq >>= 8;
		}
		anon_ff1_prf(aes, prefix, Q, qlen, fixed, d, S);

		if (d <= 8)
		{
			uint64		y = 0;

			for (i = 0; i < d; i++)
				y = (y << 8) | S[i];
			ym = anon_mod64(y, mod);
		}
		else
		{
			anon_uint128 y = 0;

			for (i = 0; i < d; i++)
				y = (y << 8) | S[i];
			ym = (uint64) (y % mod);
		}

		if (!decrypt)
		{
			/* C = A + y mod radix^m; A = B; B = C */
			c = (na >= mod - ym) ? na - (mod - ym) : na + ym;
			na = nb;
			nb = c;
		}
		else
		{
			/* C = B - y mod radix^m; B = A; A = C */
			c = (nb >= ym) ? nb - ym : nb + (mod - ym);
			nb = na;
			na = c;
		}
	}
	anon_ff1_str(na, radix, u, out);
	anon_ff1_str(nb, radix, v, out + u);
}

static void
anon_ff1_impl(EVP_CIPHER_CTX *aes, const uint8 *t, int tlen, int radix,
			  const uint8 *in, int n, uint8 *out, bool decrypt,
			  bool force_bignum)
{
	int			u = n / 2;
	int			v = n - u;
	int			b;
	int			d;
	int			qlen;
	int			fixed;			/* bytes of Q before its variable blocks */
	int			i;
	int			j;
	uint8		P[16];
	uint8		prefix[16];
	uint8	   *Q;
	uint8	   *S;
	uint8	   *A;
	uint8	   *B;
	uint8	   *C;
	uint8	   *tmp;
	uint8		qbuf[64];
	uint8		sbuf[64];
	uint8		abuf[64];
	uint8		bbuf[64];
	uint8		cbuf[64];
	bool		allocated = false;
	AnonFF1Nums nums;
	uint64		pw;
	bool		overflow = false;

	Assert(n >= 2 && radix >= 2 && radix <= 256);

	/* radix^u and radix^v, and whether machine integers suffice */
	memset(&nums, 0, sizeof(nums));
	nums.radix = radix;
	pw = 1;
	for (i = 0; i < v; i++)
	{
		if (pw > PG_UINT64_MAX / radix)
		{
			overflow = true;
			break;
		}
		pw *= radix;
		if (i == u - 1)
			nums.pow_u = pw;
	}
	nums.fast = !overflow && !force_bignum;
	if (nums.fast)
	{
		int			bits = 0;

		nums.pow_v = pw;
		/* b = ceil(ceil(v * log2(radix)) / 8): bit length of radix^v - 1 */
		for (pw = nums.pow_v - 1; pw > 0; pw >>= 1)
			bits++;
		b = (bits + 7) / 8;
	}
	else
	{
		BIGNUM	   *one;

		nums.bnctx = BN_CTX_new();
		nums.bpow_u = BN_new();
		nums.bpow_v = BN_new();
		nums.x = BN_new();
		nums.y = BN_new();
		nums.c = BN_new();
		one = BN_new();
		if (!nums.bnctx || !nums.bpow_u || !nums.bpow_v || !nums.x ||
			!nums.y || !nums.c || !one)
			anon_openssl_oom("big numbers");
		BN_one(nums.bpow_u);
		for (i = 0; i < u; i++)
			BN_mul_word(nums.bpow_u, radix);
		BN_copy(nums.bpow_v, nums.bpow_u);
		if (v > u)
			BN_mul_word(nums.bpow_v, radix);
		/* ceil(v * log2(radix)) = bit length of radix^v - 1 */
		BN_one(one);
		BN_sub(nums.x, nums.bpow_v, one);
		b = (BN_num_bits(nums.x) + 7) / 8;
		BN_free(one);
	}
	d = 4 * ((b + 3) / 4) + 4;

	/* P = [1]^1 [2]^1 [1]^1 [radix]^3 [10]^1 [u mod 256]^1 [n]^4 [t]^4 */
	P[0] = 1;
	P[1] = 2;
	P[2] = 1;
	P[3] = (radix >> 16) & 0xff;
	P[4] = (radix >> 8) & 0xff;
	P[5] = radix & 0xff;
	P[6] = 10;
	P[7] = u & 0xff;
	P[8] = (n >> 24) & 0xff;
	P[9] = (n >> 16) & 0xff;
	P[10] = (n >> 8) & 0xff;
	P[11] = n & 0xff;
	P[12] = (tlen >> 24) & 0xff;
	P[13] = (tlen >> 16) & 0xff;
	P[14] = (tlen >> 8) & 0xff;
	P[15] = tlen & 0xff;

	/* Q = T || [0]^((-t-b-1) mod 16) || [i]^1 || [NUM_radix(B)]^b */
	qlen = tlen + b + 1;
	qlen += (16 - qlen % 16) % 16;
	if (qlen <= sizeof(qbuf) && d <= sizeof(sbuf) && v <= sizeof(abuf))
	{
		Q = qbuf;
		S = sbuf;
		A = abuf;
		B = bbuf;
		C = cbuf;
		memset(Q, 0, qlen);
	}
	else
	{
		Q = palloc0(qlen);
		S = palloc(((d + 15) / 16) * 16);
		A = palloc(v);
		B = palloc(v);
		C = palloc(v);
		allocated = true;
	}
	memcpy(Q, t, tlen);

	/* CBC-MAC of P and of the blocks of Q that no round changes */
	fixed = ((qlen - b - 1) / 16) * 16;
	anon_aes_block(aes, P, prefix);
	for (j = 0; j < fixed; j += 16)
	{
		int			k;

		for (k = 0; k < 16; k++)
			prefix[k] ^= Q[j + k];
		anon_aes_block(aes, prefix, prefix);
	}

	if (nums.fast)
	{
		anon_ff1_fast(aes, &nums, prefix, Q, qlen, fixed, b, d, S, u, v,
					  in, out, decrypt);
		goto done;
	}

	memcpy(A, in, u);
	memcpy(B, in + u, v);

	for (j = 0; j < 10; j++)
	{
		int			round = decrypt ? 9 - j : j;
		bool		even = (round % 2) == 0;
		int			m = even ? u : v;
		/*
		 * Q holds NUM(B) of the encryption's round: B itself when
		 * encrypting, A when decrypting; its length is v on even rounds.
		 */
		uint8	   *numsrc = decrypt ? A : B;
		int			numlen = even ? v : u;

		Q[qlen - b - 1] = (uint8) round;
		anon_ff1_num_bytes(&nums, numsrc, numlen, Q + qlen - b, b);

		anon_ff1_prf(aes, prefix, Q, qlen, fixed, d, S);

		if (!decrypt)
		{
			/* C = STR(NUM(A) + y mod radix^m); A = B; B = C */
			anon_ff1_combine(&nums, A, m, even, S, d, false, C);
			tmp = A;
			A = B;
			B = C;
			C = tmp;
		}
		else
		{
			/* C = STR(NUM(B) - y mod radix^m); B = A; A = C */
			anon_ff1_combine(&nums, B, m, even, S, d, true, C);
			tmp = B;
			B = A;
			A = C;
			C = tmp;
		}
	}

	memcpy(out, A, u);
	memcpy(out + u, B, v);
done:
	anon_ff1_nums_free(&nums);
	if (allocated)
	{
		pfree(Q);
		pfree(S);
		pfree(A);
		pfree(B);
		pfree(C);
	}
}

void
anon_ff1(EVP_CIPHER_CTX *aes, const uint8 *t, int tlen, int radix,
		 const uint8 *in, int n, uint8 *out, bool decrypt)
{
	anon_ff1_impl(aes, t, tlen, radix, in, n, out, decrypt, false);
}

/* ---- FF3-1 ---- */

void
anon_ff3_1(EVP_CIPHER_CTX *aes, const uint8 *t, int tlen, int radix,
		   const uint8 *in, int n, uint8 *out, bool decrypt)
{
	int			u = (n + 1) / 2;
	int			v = n - u;
	uint8		TL[4];
	uint8		TR[4];
	uint8		A[128];
	uint8		B[128];
	uint8		C[128];
	anon_uint128 pow_u = 1;
	anon_uint128 pow_v = 1;
	int			j;
	int			i;

	Assert(n >= 2 && u <= 128);
	if (tlen == 8)
	{
		memcpy(TL, t, 4);
		memcpy(TR, t + 4, 4);
	}
	else
	{
		/* T_L = T[0..27] || 0^4, T_R = T[32..55] || T[28..31] || 0^4 */
		TL[0] = t[0];
		TL[1] = t[1];
		TL[2] = t[2];
		TL[3] = t[3] & 0xf0;
		TR[0] = t[4];
		TR[1] = t[5];
		TR[2] = t[6];
		TR[3] = (t[3] & 0x0f) << 4;
	}
	for (i = 0; i < u; i++)
		pow_u *= radix;
	for (i = 0; i < v; i++)
		pow_v *= radix;

	memcpy(A, in, u);
	memcpy(B, in + u, v);

	for (j = 0; j < 8; j++)
	{
		int			round = decrypt ? 7 - j : j;
		bool		even = (round % 2) == 0;
		int			m = even ? u : v;
		anon_uint128 mod = even ? pow_u : pow_v;
		const uint8 *W = even ? TR : TL;
		const uint8 *numsrc = decrypt ? A : B;
		int			numlen = even ? v : u;
		anon_uint128 num;
		anon_uint128 y = 0;
		anon_uint128 a;
		anon_uint128 c;
		uint8		P[16];
		uint8		Prev[16];
		uint8		Srev[16];

		/* P = W xor [i]^4 || [NUM_radix(REV(B))]^12 */
		memcpy(P, W, 4);
		P[3] ^= (uint8) round;
		num = anon_fpe_num(numsrc, numlen, radix, true);
		for (i = 15; i >= 4; i--)
		{
			P[i] = (uint8) (num & 0xff);
			num >>= 8;
		}
		/* S = REVB(CIPH_REVB(K)(REVB(P))) */
		for (i = 0; i < 16; i++)
			Prev[i] = P[15 - i];
		anon_aes_block(aes, Prev, Srev);
		for (i = 0; i < 16; i++)
			y = (y << 8) | Srev[15 - i];
		y %= mod;

		if (!decrypt)
		{
			a = anon_fpe_num(A, m, radix, true);
			c = (a + y) % mod;
		}
		else
		{
			a = anon_fpe_num(B, m, radix, true);
			c = (a + mod - y) % mod;
		}
		/* C = REV(STR^m_radix(c)) */
		for (i = 0; i < m; i++)
		{
			C[i] = (uint8) (c % radix);
			c /= radix;
		}
		if (!decrypt)
		{
			memcpy(A, B, numlen);
			memcpy(B, C, m);
		}
		else
		{
			memcpy(B, A, numlen);
			memcpy(A, C, m);
		}
	}
	memcpy(out, A, u);
	memcpy(out + u, B, v);
}

/* ---- Test functions: keys and tweaks as arguments ---- */

/* numerals of a string over the alphabet 0-9a-zA-Z cut to radix */
static uint8 *
anon_fpe_parse_numerals(text *input, int radix, int *n)
{
	const char *s = VARDATA_ANY(input);
	int			len = VARSIZE_ANY_EXHDR(input);
	uint8	   *x = palloc(len > 0 ? len : 1);
	int			i;

	for (i = 0; i < len; i++)
	{
		const char *p = memchr(anon_fpe_alphabet, s[i], radix);

		if (p == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("input is not a string of radix %d", radix),
					 errdetail("Character %d is not among the first %d of 0-9, a-z, A-Z.",
							   i + 1, radix)));
		x[i] = p - anon_fpe_alphabet;
	}
	*n = len;
	return x;
}

static text *
anon_fpe_numerals_text(const uint8 *x, int n)
{
	text	   *result = palloc(VARHDRSZ + n);
	int			i;

	SET_VARSIZE(result, VARHDRSZ + n);
	for (i = 0; i < n; i++)
		VARDATA(result)[i] = anon_fpe_alphabet[x[i]];
	return result;
}

static Datum
anon_fpe_test(FunctionCallInfo fcinfo, bool ff3, bool decrypt)
{
	bytea	   *key = PG_GETARG_BYTEA_PP(0);
	bytea	   *tweak = PG_GETARG_BYTEA_PP(1);
	int32		radix = PG_GETARG_INT32(2);
	text	   *input = PG_GETARG_TEXT_PP(3);
	int			tlen = VARSIZE_ANY_EXHDR(tweak);
	int			klen = VARSIZE_ANY_EXHDR(key);
	uint8		kbuf[32];
	uint8	   *x;
	int			n;
	EVP_CIPHER_CTX *aes;
	int			i;

	anon_fpe_check_radix(radix);
	x = anon_fpe_parse_numerals(input, radix, &n);
	if (ff3)
	{
		anon_ff3_1_check(radix, n);
		if (tlen != 7 && tlen != 8)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("FF3-1 tweak must be 7 bytes long"),
					 errdetail("An 8-byte tweak selects the withdrawn FF3, for NIST's FF3 samples only.")));
	}
	else
		anon_ff1_check(radix, n, "input");
	if (klen != 16 && klen != 24 && klen != 32)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid AES key length"),
				 errdetail("An AES key is 16, 24 or 32 bytes long, not %d.", klen)));

	/* FF3-1 keys AES with the byte-reversed key */
	for (i = 0; i < klen; i++)
		kbuf[i] = ((uint8 *) VARDATA_ANY(key))[ff3 ? klen - 1 - i : i];
	aes = anon_aes_ecb_new(kbuf, klen);
	OPENSSL_cleanse(kbuf, sizeof(kbuf));
	PG_TRY();
	{
		if (ff3)
			anon_ff3_1(aes, (uint8 *) VARDATA_ANY(tweak), tlen, radix, x, n, x,
					   decrypt);
		else
			anon_ff1(aes, (uint8 *) VARDATA_ANY(tweak), tlen, radix, x, n, x,
					 decrypt);
	}
	PG_FINALLY();
	{
		EVP_CIPHER_CTX_free(aes);
	}
	PG_END_TRY();
	PG_RETURN_TEXT_P(anon_fpe_numerals_text(x, n));
}

/* anon.ff1_encrypt(key bytea, tweak bytea, radix int, input text) */
Datum
anon_ff1_encrypt(PG_FUNCTION_ARGS)
{
	return anon_fpe_test(fcinfo, false, false);
}

Datum
anon_ff1_decrypt(PG_FUNCTION_ARGS)
{
	return anon_fpe_test(fcinfo, false, true);
}

Datum
anon_ff3_1_encrypt(PG_FUNCTION_ARGS)
{
	return anon_fpe_test(fcinfo, true, false);
}

Datum
anon_ff3_1_decrypt(PG_FUNCTION_ARGS)
{
	return anon_fpe_test(fcinfo, true, true);
}

/*
 * anon._ff1_selftest(cases int): encrypts and decrypts random inputs with
 * both FF1 paths, machine integers and BIGNUM, under random keys, radices,
 * lengths and tweaks; returns how many cases disagree (0 when correct).
 */
Datum
anon_ff1_selftest(PG_FUNCTION_ARGS)
{
	int32		cases = PG_GETARG_INT32(0);
	int64		mismatches = 0;
	int			c;

	for (c = 0; c < cases; c++)
	{
		uint8		key[32];
		uint8		tweak[24];
		uint8		x[64];
		uint8		fast[64];
		uint8		big[64];
		uint8		back[64];
		int			klen = 16 + 8 * (int) anon_random_below(3);
		int			tlen = (int) anon_random_below(sizeof(tweak) + 1);
		int			radix = 2 + (int) anon_random_below(61);
		int			maxn = 2;
		int			n;
		int			i;
		EVP_CIPHER_CTX *aes;

		CHECK_FOR_INTERRUPTS();
		/* the longest n whose radix^v still fits in 64 bits */
		while (maxn < 64)
		{
			int			cand = maxn + 1;
			int			v = cand - cand / 2;
			uint64		p = 1;
			bool		fits = true;

			for (i = 0; i < v; i++)
			{
				if (p > PG_UINT64_MAX / radix)
				{
					fits = false;
					break;
				}
				p *= radix;
			}
			if (!fits)
				break;
			maxn++;
		}
		n = 2;
		while (!anon_fpe_domain_ok(radix, n))
			n++;
		n += (int) anon_random_below(maxn - n + 1);
		anon_random_bytes(key, klen);
		anon_random_bytes(tweak, tlen);
		for (i = 0; i < n; i++)
			x[i] = (uint8) anon_random_below(radix);

		aes = anon_aes_ecb_new(key, klen);
		anon_ff1_impl(aes, tweak, tlen, radix, x, n, fast, false, false);
		anon_ff1_impl(aes, tweak, tlen, radix, x, n, big, false, true);
		if (memcmp(fast, big, n) != 0)
			mismatches++;
		anon_ff1_impl(aes, tweak, tlen, radix, fast, n, back, true, false);
		if (memcmp(back, x, n) != 0)
			mismatches++;
		anon_ff1_impl(aes, tweak, tlen, radix, fast, n, back, true, true);
		if (memcmp(back, x, n) != 0)
			mismatches++;
		EVP_CIPHER_CTX_free(aes);
	}
	PG_RETURN_INT64(mismatches);
}

/* ---- Pseudonyms ---- */

#define CLASS_DIGIT 0
#define CLASS_LOWER 1
#define CLASS_UPPER 2

static const int anon_class_radix[3] = {10, 26, 26};
static const char anon_class_base[3] = {'0', 'a', 'A'};

/*
 * A value cut into the positions FF1 encrypts (byte offsets into the
 * value, their class and numeral) and everything else, which stays.
 */
typedef struct AnonFpeValue
{
	char	   *str;			/* a copy of the value, rewritten in place */
	int			len;
	int			npos;
	int		   *pos;
	uint8	   *cls;
	uint8	   *num;
} AnonFpeValue;

static void
anon_fpe_value_parse(text *value, AnonFpeValue *fv, bool email)
{
	int			len = VARSIZE_ANY_EXHDR(value);
	int			end = len;
	int			i;

	fv->str = palloc(len + 1);
	memcpy(fv->str, VARDATA_ANY(value), len);
	fv->str[len] = '\0';
	fv->len = len;
	fv->pos = palloc((len + 1) * sizeof(int));
	fv->cls = palloc(len + 1);
	fv->num = palloc(len + 1);
	fv->npos = 0;

	/* an e-mail address: the local part only, before the last '@' */
	if (email)
	{
		char	   *at = strrchr(fv->str, '@');

		if (at != NULL)
			end = at - fv->str;
	}

	for (i = 0; i < end;)
	{
		char		ch = fv->str[i];
		int			cls = -1;

		if (IS_HIGHBIT_SET(ch))
		{
			i += pg_mblen(fv->str + i);
			continue;
		}
		if (ch >= '0' && ch <= '9')
			cls = CLASS_DIGIT;
		else if (ch >= 'a' && ch <= 'z')
			cls = CLASS_LOWER;
		else if (ch >= 'A' && ch <= 'Z')
			cls = CLASS_UPPER;
		if (cls >= 0)
		{
			fv->pos[fv->npos] = i;
			fv->cls[fv->npos] = cls;
			fv->num[fv->npos] = ch - anon_class_base[cls];
			fv->npos++;
		}
		i++;
	}
}

static void
anon_fpe_value_store(AnonFpeValue *fv)
{
	int			i;

	for (i = 0; i < fv->npos; i++)
		fv->str[fv->pos[i]] = anon_class_base[fv->cls[i]] + fv->num[i];
}

static void
anon_fpe_nothing_to_encrypt(bool decrypt)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s has no letter or digit to encrypt",
					decrypt ? "pseudonym" : "value"),
			 errhint("Mask such values WITH VALUE, or with anon.hash().")));
}

/*
 * A value of fewer than 10^6 possible values of its shape: N, the
 * mixed-radix number of its numerals, below M, is mapped by cycle walking
 * over FF1 in radix 2 on L bits (2^L >= M > 2^(L-1), L >= 2), a keyed
 * permutation of [0, M); at most two rounds are expected.
 */
static void
anon_fpe_small_domain(AnonFpeValue *fv, EVP_CIPHER_CTX *aes,
					  const uint8 *tweak, int tlen, bool decrypt)
{
	uint64		M = 1;
	uint64		N = 0;
	int			L = 2;
	uint8		bits[64];
	int			i;

	for (i = 0; i < fv->npos; i++)
	{
		M *= anon_class_radix[fv->cls[i]];
		N = N * anon_class_radix[fv->cls[i]] + fv->num[i];
	}
	Assert(M < 1000000 && N < M);
	while (((uint64) 1 << L) < M)
		L++;
	do
	{
		CHECK_FOR_INTERRUPTS();
		for (i = 0; i < L; i++)
			bits[i] = (N >> (L - 1 - i)) & 1;
		anon_ff1(aes, tweak, tlen, 2, bits, L, bits, decrypt);
		N = 0;
		for (i = 0; i < L; i++)
			N = (N << 1) | bits[i];
	} while (N >= M);

	for (i = fv->npos - 1; i >= 0; i--)
	{
		fv->num[i] = (uint8) (N % anon_class_radix[fv->cls[i]]);
		N /= anon_class_radix[fv->cls[i]];
	}
}

/*
 * Encrypt or decrypt the numerals of fv in place, each keeping its class.
 */
static void
anon_fpe_value_crypt(AnonFpeValue *fv, EVP_CIPHER_CTX *aes,
					 const uint8 *tweak, int tlen, bool decrypt)
{
	bool		one_class = true;
	int			i;
	BN_CTX	   *bnctx;
	BIGNUM	   *M;
	BIGNUM	   *N;
	int			L;
	uint8	   *bits;

	for (i = 1; i < fv->npos; i++)
		if (fv->cls[i] != fv->cls[0])
			one_class = false;

	if (fv->npos == 0)
		anon_fpe_nothing_to_encrypt(decrypt);

	if (one_class)
	{
		int			radix = anon_class_radix[fv->cls[0]];

		if (fv->npos < 2 || !anon_fpe_domain_ok(radix, fv->npos))
		{
			anon_fpe_small_domain(fv, aes, tweak, tlen, decrypt);
			return;
		}
		anon_ff1_check(radix, fv->npos, "value");
		anon_ff1(aes, tweak, tlen, radix, fv->num, fv->npos, fv->num, decrypt);
		return;
	}

	/* mixed classes: a mixed-radix number, FF1 in radix 2, cycle walking */
	bnctx = BN_CTX_new();
	M = BN_new();
	N = BN_new();
	if (!bnctx || !M || !N)
		anon_openssl_oom("big numbers");
	BN_one(M);
	BN_zero(N);
	for (i = 0; i < fv->npos; i++)
	{
		BN_mul_word(M, anon_class_radix[fv->cls[i]]);
		BN_mul_word(N, anon_class_radix[fv->cls[i]]);
		BN_add_word(N, fv->num[i]);
	}
	if (BN_cmp(M, BN_value_one()) <= 0 || BN_num_bits(M) < 20 ||
		(BN_num_bits(M) == 20 && BN_get_word(M) < 1000000))
	{
		BN_free(M);
		BN_free(N);
		BN_CTX_free(bnctx);
		anon_fpe_small_domain(fv, aes, tweak, tlen, decrypt);
		return;
	}
	/* L = bit length of M - 1: 2^L >= M > 2^(L-1) */
	BN_sub_word(M, 1);
	L = BN_num_bits(M);
	BN_add_word(M, 1);
	if (L > ANON_FF1_MAXLEN)
	{
		BN_free(M);
		BN_free(N);
		BN_CTX_free(bnctx);
		anon_ff1_check(2, L, "value");
	}
	bits = palloc(L);
	do
	{
		CHECK_FOR_INTERRUPTS();
		for (i = 0; i < L; i++)
			bits[i] = BN_is_bit_set(N, L - 1 - i) ? 1 : 0;
		anon_ff1(aes, tweak, tlen, 2, bits, L, bits, decrypt);
		BN_zero(N);
		for (i = 0; i < L; i++)
			if (bits[i])
				BN_set_bit(N, L - 1 - i);
	} while (BN_cmp(N, M) >= 0);

	for (i = fv->npos - 1; i >= 0; i--)
		fv->num[i] = (uint8) BN_div_word(N, anon_class_radix[fv->cls[i]]);
	pfree(bits);
	BN_free(M);
	BN_free(N);
	BN_CTX_free(bnctx);
}

/* Luhn check digit of the body digits x[0..k-1] */
static int
anon_luhn_check_digit(const uint8 *x, int k)
{
	int			sum = 0;
	int			i;

	for (i = k - 1; i >= 0; i--)
	{
		int			dgt = x[i];

		if ((k - 1 - i) % 2 == 0)
		{
			dgt *= 2;
			if (dgt > 9)
				dgt -= 9;
		}
		sum += dgt;
	}
	return (10 - sum % 10) % 10;
}

/* the card number of fv: digits and separators only, 8 to 19 digits, valid */
static void
anon_card_check(AnonFpeValue *fv, const char *what)
{
	int			i;

	for (i = 0; i < fv->len; i++)
	{
		char		ch = fv->str[i];

		if (!(ch >= '0' && ch <= '9') && ch != ' ' && ch != '-')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s is not a card number", what),
					 errdetail("A card number has only digits, spaces and dashes.")));
	}
	if (fv->npos < 8 || fv->npos > 19)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is not a card number", what),
				 errdetail("A card number has from 8 to 19 digits (ISO/IEC 7812); this one has %d.",
						   fv->npos)));
	if (anon_luhn_check_digit(fv->num, fv->npos - 1) != fv->num[fv->npos - 1])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is not a valid card number", what),
				 errdetail("Its check digit does not match the Luhn formula.")));
}

static Datum
anon_pseudo_common(FunctionCallInfo fcinfo, bool decrypt, bool card)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	char	   *keyname = text_to_cstring(PG_GETARG_TEXT_PP(1));
	text	   *tweak = PG_GETARG_TEXT_PP(2);
	int32		version = 0;
	AnonKey    *key;
	AnonFpeValue fv;
	text	   *result;

	if (decrypt)
	{
		anon_key_require_admin("depseudonymize");
		if (PG_NARGS() > 3)
		{
			version = PG_GETARG_INT32(3);
			if (version <= 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("key version must be positive")));
		}
	}

	anon_fpe_value_parse(value, &fv, !card);
	if (card)
		anon_card_check(&fv, decrypt ? "pseudonym" : "value");

	key = anon_key_get(keyname, version);
	if (card)
	{
		/* the body (7 digits or more) is encrypted; a new check digit */
		anon_ff1(anon_key_aes(key), (uint8 *) VARDATA_ANY(tweak),
				 VARSIZE_ANY_EXHDR(tweak), 10, fv.num, fv.npos - 1, fv.num,
				 decrypt);
		fv.num[fv.npos - 1] = anon_luhn_check_digit(fv.num, fv.npos - 1);
	}
	else
		anon_fpe_value_crypt(&fv, anon_key_aes(key),
							 (uint8 *) VARDATA_ANY(tweak),
							 VARSIZE_ANY_EXHDR(tweak), decrypt);
	anon_fpe_value_store(&fv);

	result = cstring_to_text_with_len(fv.str, fv.len);
	PG_RETURN_TEXT_P(result);
}

/* anon.pseudonymize(value text, key_name text, tweak text) */
Datum
anon_pseudonymize(PG_FUNCTION_ARGS)
{
	return anon_pseudo_common(fcinfo, false, false);
}

/* anon.depseudonymize(pseudonym text, key_name text, tweak text [, version int]) */
Datum
anon_depseudonymize(PG_FUNCTION_ARGS)
{
	return anon_pseudo_common(fcinfo, true, false);
}

/* anon.pseudonymize_card(value text, key_name text, tweak text) */
Datum
anon_pseudonymize_card(PG_FUNCTION_ARGS)
{
	return anon_pseudo_common(fcinfo, false, true);
}

/* anon.depseudonymize_card(pseudonym text, key_name text, tweak text [, version int]) */
Datum
anon_depseudonymize_card(PG_FUNCTION_ARGS)
{
	return anon_pseudo_common(fcinfo, true, true);
}
