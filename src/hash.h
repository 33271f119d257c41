/*-------------------------------------------------------------------------
 *
 * hash.h
 *		Irreversible pseudonyms: anon.hash(), anon.digest() and anon.salt.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_HASH_H
#define ANON_HASH_H

/* hash.c: the anon.salt setting (superuser only) */
extern char *anon_salt;

/* hash.c: define anon.salt; called from _PG_init */
extern void anon_hash_init(void);

/* hash.c: lower-case hex of n bytes, as a text value */
extern text *anon_hex_text(const uint8 *bytes, int n);

#endif							/* ANON_HASH_H */
