/*-------------------------------------------------------------------------
 *
 * dp_partitions.h
 *		Public partitions: group keys released without partition selection.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_DP_PARTITIONS_H
#define ANON_DP_PARTITIONS_H

#include "nodes/parsenodes.h"
#include "utils/array.h"

/*
 * For the DP guard, on a checked query level that groups: when it groups
 * by one column of a table that has public keys (anon.dp_public_partitions),
 * rewrite the level so that it releases exactly those keys (every one, an
 * empty group with the noise of an empty input) and return true; the guard
 * then adds no partition selection, and must not check *generated (the
 * subquery built here) as a user's query.  Returns false, changing nothing,
 * otherwise.
 */
extern bool anon_dp_public_partitions(Query *q, Query **generated);

/* the public keys of a column as text[], or NULL (also for synthesis) */
extern ArrayType *anon_dp_public_keys(Oid relid, const char *attname);

#endif							/* ANON_DP_PARTITIONS_H */
