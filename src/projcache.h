/*-------------------------------------------------------------------------
 *
 * projcache.h
 *		A masked reader's cached plan keeps its masked projection from one
 *		execution to the next (see projcache.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_PROJCACHE_H
#define ANON_PROJCACHE_H

#include "executor/execdesc.h"

typedef struct AnonProjEntry AnonProjEntry;

/* GUC anon.cache_masked_projections */
extern void anon_projcache_init(void);

/*
 * Executor start, before the standard one: the entry whose projection this
 * execution will use (the plan's target list is swapped for placeholders
 * until anon_projcache_after_start), or NULL.
 */
extern AnonProjEntry *anon_projcache_before_start(QueryDesc *queryDesc,
												  int eflags);

/*
 * After the standard executor start (ok) or its error (!ok): the plan's
 * own target list back in place and, on success, the cached projection
 * installed in the top scan.
 */
extern void anon_projcache_after_start(AnonProjEntry *entry,
									   QueryDesc *queryDesc, bool ok);

/* executor end: the execution no longer uses its entry's projection */
extern void anon_projcache_end(QueryDesc *queryDesc);

/* transaction end: no execution runs any more (the ones cut short rebuild) */
extern void anon_projcache_xact_end(void);

#endif							/* ANON_PROJCACHE_H */
