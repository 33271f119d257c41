/*-------------------------------------------------------------------------
 *
 * dp_guard.h
 *		What a DIFFERENTIAL PRIVACY role may ask of a labelled table: only
 *		DP aggregates and GROUP BY keys, with partition selection.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_DP_GUARD_H
#define ANON_DP_GUARD_H

#include "nodes/params.h"
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"

/* define the GUCs */
extern void anon_dp_guard_init(void);

/* is the role labelled DIFFERENTIAL PRIVACY, or a member of such a role? */
extern bool anon_dp_role_is_guarded(Oid roleid);

/*
 * Is the running query guarded: does any role it runs as (session user,
 * SET ROLE, current user) satisfy anon_dp_role_is_guarded()?
 */
extern bool anon_dp_guard_applies(void);

/*
 * The planner hook, before planning (after the rewriter): ERROR unless
 * the query computes only DP releases of labelled tables; adds partition
 * selection and one-row-per-person bounding to the DP levels.
 */
extern void anon_dp_guard_plan(Query *parse);
extern void anon_dp_guard_planned(PlannedStmt *stmt, ParamListInfo boundParams);

/* ProcessUtility hook: refuse EXPLAIN of any kind, and COPY of a labelled table */
extern void anon_dp_guard_utility(PlannedStmt *pstmt);

/* needs_fmgr_hook: true for SQL functions in a guarded query (no inlining) */
extern bool anon_dp_guard_needs_fmgr(Oid functionId);

/* refuse while debug_print_plan or trace_sort would print what a query read */
extern void anon_dp_guard_check_settings(void);
/* emit_log_hook: no LOG or DEBUG message to the client after a guarded read */
extern void anon_dp_guard_filter_message(ErrorData *edata);

/*
 * May a released group key be of this type and collation: do equal values
 * always print alike (not numeric 1.0 = 1.00, not a nondeterministic
 * collation)?
 */
extern bool anon_dp_key_type_is_exact(Oid type, int32 typmod, Oid collation);

/* at most one row per value of the column, NULL included? (synthesis) */
extern bool anon_dp_column_is_unique(Oid relid, AttrNumber attnum);
/* the PRIVACY UNIT of a relation as read, children and partitions included */
extern AttrNumber anon_dp_privacy_unit(Oid relid, bool inh, int policy);

/*
 * The ExecutorStart hook calls anon_dp_budget_charge_query() (dp_budget.h)
 * after standard_ExecutorStart, for every query of every role.
 */

#endif							/* ANON_DP_GUARD_H */
