/*-------------------------------------------------------------------------
 *
 * noise_seed.h
 *		Volatile masking rules read the same on every read of a row (keyed
 *		noise for masked readers, so that draws cannot be averaged).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_NOISE_SEED_H
#define ANON_NOISE_SEED_H

#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "utils/relcache.h"

/* noise_seed.c: wrap the volatile rules over the row of a masking tlist */
extern List *anon_noise_seed_tlist(List *tlist, Relation rel);

/* noise_seed.c: a sampling label without REPEATABLE, seeded per table */
extern void anon_noise_fix_sample(TableSampleClause *tsc, Oid relid);

/* noise_seed.c: a masked reader's sample drawn by primary key, as a qual */
extern Node *anon_noise_row_sample(TableSampleClause *tsc, Relation rel, Index rtindex);

#endif							/* ANON_NOISE_SEED_H */
