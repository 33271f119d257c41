/*-------------------------------------------------------------------------
 *
 * citus.h
 *		What anon needs to know about Citus, read from Citus's catalogs by
 *		name at run time (anon never links against Citus).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_CITUS_H
#define ANON_CITUS_H

#include "nodes/plannodes.h"
#include "utils/relcache.h"

#include "mask.h"

/* citus.c: is Citus preloaded here and its metadata in this database? */
extern bool anon_citus_active(void);

/* citus.c: is relid a Citus table (distributed, reference or citus local)? */
extern bool anon_citus_is_table(Oid relid);

/*
 * citus.c: the logical table of which relid is a shard or a placement, or
 * InvalidOid when relid is not one.
 */
extern Oid	anon_citus_shard_logical(Oid relid);

/*
 * citus.c: refuse a masked role's conditions on the masked distribution
 * column of Citus table relid (range table entry rtindex of query)
 */
extern void anon_citus_check_quals(Query *query, Index rtindex, Oid relid,
								   int policy);

/* citus.c: is this node a Citus worker (its local group is not 0)? */
extern bool anon_citus_is_worker(void);

/*
 * citus.c: do masked roles read relid through its shards, each masked on
 * the node that holds it (so that the query node must not mask it again)?
 */
extern bool anon_citus_masks_at_shards(Oid relid);

/*
 * citus.c: a plan for a masked role must not read the local heap of a
 * Citus table (its shell) itself: that table is not masked on this node.
 */
extern void anon_citus_check_plan(PlannedStmt *stmt);

/*
 * citus.c: planner hook steps, around the planners below (Citus's among
 * them): anon_citus_plan returns what anon_citus_planned must restore.
 */
typedef struct AnonCitusPlanState AnonCitusPlanState;
extern AnonCitusPlanState *anon_citus_plan(Query *parse);
extern void anon_citus_planned(PlannedStmt *result, AnonCitusPlanState *state);

/*
 * citus.c: for coord_combine_agg finalizing a DP aggregate, the spend the
 * planner hook tagged it with (epsilon, delta may be NULL); false for any
 * other Aggref
 */
extern bool anon_citus_combine_spend(Aggref *aggref, double *epsilon,
									 double *delta);

/*
 * citus.c: for coord_combine_agg finalizing a DP aggregate, the call as
 * written (its parameters, when no state came), or NULL
 */
extern Aggref *anon_citus_combined_call(Aggref *aggref);

/* citus.c: ERROR if aggref is Citus's coord_combine_agg (no state: no row) */
extern void anon_citus_refuse_empty(Aggref *aggref);

/*
 * citus.c: refuse static masking of a Citus shard or placement (masked
 * with its table), and with tables false, of a Citus table too
 */
extern void anon_citus_refuse_static(Oid relid, const char *what, bool tables);

/* citus.c: create_masked_copy distributes a Citus table's copy alike */
extern void anon_citus_distribute_like(Oid copyid, Oid srcid);

/* citus.c: static masking of a Citus table, every shard, all or nothing */
extern uint64 anon_citus_static_rewrite(Relation rel, AnonStaticTable *t,
										bool fire_triggers);

/*
 * citus.c: the Aggref of a DP aggregate with its arguments as written, seen
 * through Citus's worker_partial_agg; NULL inside coord_combine_agg
 */
extern Aggref *anon_citus_inner_aggref(Aggref *aggref);

/*
 * citus.c: refuse to finalize a DP aggregate in a Citus task on a worker,
 * and to charge a plan with DP aggregates that reads a Citus table or shard
 * on a worker
 */
extern void anon_citus_refuse_dp_on_worker(void);
extern void anon_citus_refuse_dp_plan(PlannedStmt *stmt);

/*
 * citus.c: keys, the salt and the trust labels are the coordinator's on
 * every node.  anon_citus_sync_request: the keys (keys.c's trigger) or a
 * label on a schema or function (label_provider.c) changed; on a
 * coordinator they go to every worker when the transaction commits.
 * anon_citus_refuse_key_change: ERROR on a worker (keys.c), which never
 * makes, rotates or drops a key of its own.
 */
extern void anon_citus_sync_request(void);

/*
 * citus.c, for the DP guard: is aggref Citus's partial aggregation of a DP
 * aggregate, on a worker (the one form of Citus's aggregate internals a
 * DP role may run, checked by anon_citus_guard_dp)?
 */
extern bool anon_citus_partial_dp(Aggref *aggref);
extern void anon_citus_guard_dp(Query *parse);

/*
 * citus_dp_group.c: a grouped query of a DP role on a Citus table is
 * rewritten (anon_citus_dp_group_rewrite, from anon_citus_plan) into the
 * ungrouped aggregate anon._dp_grouped, whose state (a map of groups) leaves
 * the workers sealed; anon_citus_dp_group_spend is its spend, read from its
 * spec (dp_agg.c asks, for the guard's charge).
 */
extern bool anon_citus_dp_group_rewrite(Query *parse);

/*
 * On a worker: worker_partial_agg of anon's DP aggregates replaced by their
 * partial twins, computed natively (citus_dp_group.c).
 */
extern void anon_citus_partial_native(Query *parse);
extern void anon_citus_dp_group_spend(Aggref *aggref, double *epsilon,
									  double *delta);

/*
 * citus.c: is this session Citus copying rules to this node as a
 * superuser (a node being activated, whose trust labels come after)?
 */
extern bool anon_citus_replaying_rules(void);
extern void anon_citus_refuse_key_change(const char *name);

#endif							/* ANON_CITUS_H */
