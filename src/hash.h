/*-------------------------------------------------------------------------
 *
 * hash.h
 *		Irreversible pseudonyms: anon.hash(), anon.digest() and anon.salt.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_HASH_H
#define ANON_HASH_H

#include "utils/guc.h"

/* hash.c: the anon.salt setting (superuser only) */
extern char *anon_salt;

/*
 * hash.c: check hook part of a secret setting: false (with the GUC check
 * error set) for ALTER DATABASE/ROLE/FUNCTION ... SET, whose values every
 * role reads
 */
extern bool anon_guc_secret_source_ok(const char *name, GucSource source);

/* hash.c: define anon.salt; called from _PG_init */
extern void anon_hash_init(void);

/* hash.c: lower-case hex of n bytes, as a text value */
extern text *anon_hex_text(const uint8 *bytes, int n);

#endif							/* ANON_HASH_H */
