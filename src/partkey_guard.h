/*-------------------------------------------------------------------------
 *
 * partkey_guard.h
 *		Masked readers may not read a partition tree whose partition key is
 *		masked (partition membership would reveal the raw key).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_PARTKEY_GUARD_H
#define ANON_PARTKEY_GUARD_H

/* partkey_guard.c: refuse the scan of relid if its partition key is masked */
extern void anon_partkey_check(Oid relid, char relkind, bool inh, int policy);

#endif							/* ANON_PARTKEY_GUARD_H */
