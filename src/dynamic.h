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
#include "executor/execdesc.h"
#include "nodes/plannodes.h"
#include "nodes/primnodes.h"
#include "catalog/pg_attribute.h"
#include "utils/rel.h"

/* planner hook: mask the query (before planning), mark the plan (after) */
extern void anon_dynamic_plan(Query *parse);
extern void anon_dynamic_planned(PlannedStmt *result);

/* the roles (checkAsUser: view and rule owners) whose rights a query uses */
extern List *anon_query_check_as_roles(Query *parse);

/* ProcessUtility hook: the statement to run instead (COPY rel TO masked) */
extern PlannedStmt *anon_dynamic_utility(PlannedStmt *pstmt);

/* ProcessUtility hook: bracket an EXPLAIN by a masked role (true: entered) */
extern bool anon_dynamic_explain_enter(Node *parsetree);
extern void anon_dynamic_explain_leave(void);
/* ExecutorStart hook: a plan made for another reader's masking */
extern void anon_dynamic_check_reader(QueryDesc *queryDesc);

/* ExecutorStart hook: a cached plan started while a masked reader EXPLAINs */
extern void anon_dynamic_explain_plan(QueryDesc *queryDesc);

/* needs_fmgr_hook: SQL functions are not inlined in masked sessions */
extern bool anon_dynamic_needs_fmgr(Oid functionId);

/*
 * rte (a relation) becomes a security-barrier subquery reading subquery;
 * its securityQuals are left to the caller
 */
extern void anon_rte_set_subquery(RangeTblEntry *rte, Query *subquery);

#endif							/* ANON_DYNAMIC_H */
