/*-------------------------------------------------------------------------
 *
 * dynamic.h
 *		Dynamic masking: what the planner, utility and fmgr hooks (installed
 *		by hooks.c) do so that masked roles read masked data.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_DYNAMIC_H
#define ANON_DYNAMIC_H

#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
#include "nodes/primnodes.h"
#include "catalog/pg_attribute.h"
#include "utils/rel.h"

/* define the GUCs */
extern void anon_dynamic_init(void);

/* planner hook: mask the query (before planning), mark the plan (after) */
extern void anon_dynamic_plan(Query *parse);
extern void anon_dynamic_planned(PlannedStmt *result);

/* ProcessUtility hook: the statement to run instead (COPY rel TO masked) */
extern PlannedStmt *anon_dynamic_utility(PlannedStmt *pstmt);

/* ProcessUtility hook: bracket an EXPLAIN by a masked role (true: entered) */
extern bool anon_dynamic_explain_enter(Node *parsetree);
extern void anon_dynamic_explain_leave(void);

/* needs_fmgr_hook: SQL functions are not inlined in masked sessions */
extern bool anon_dynamic_needs_fmgr(Oid functionId);

/* the policy masking the current query (current or session user), or -1 */
extern int	anon_dynamic_policy(void);

/*
 * What masking does to one column of rel for a policy (its rule, else the
 * privacy-by-default value, under the table's MASKED WHEN condition), as an
 * expression over rel as range table entry 1; NULL: shown as it is.  when
 * is anon_masked_when(rel, policy).  Shared with static masking.
 */
extern Node *anon_masked_when(Relation rel, int policy);
extern Node *anon_masked_when_condition(Relation rel, const char *condition, int policy);
extern Node *anon_column_mask(Relation rel, int policy, AttrNumber attnum, Node *when);

/* CASE WHEN when THEN expr ELSE <the column> END (expr if when is NULL) */
extern Node *anon_mask_when(Form_pg_attribute att, Node *expr, Node *when);

/*
 * Privacy by default (GUC anon.privacy_by_default): the value a column
 * without a rule takes, for user relations (not catalogs, temporary tables
 * or anon's own).
 */
extern PGDLLIMPORT bool anon_privacy_by_default;
extern bool anon_is_user_relation(Oid relid);
extern Node *anon_privacy_default(Relation rel, Form_pg_attribute att);

/* the sampling clause for rel (its label, else the database's), or NULL */
extern TableSampleClause *anon_relation_sample(Relation rel, int policy);

/*
 * rte (a relation) becomes a security-barrier subquery reading subquery;
 * its securityQuals are left to the caller
 */
extern void anon_rte_set_subquery(RangeTblEntry *rte, Query *subquery);

#endif							/* ANON_DYNAMIC_H */
