/*-------------------------------------------------------------------------
 *
 * utility_guard.h
 *		The utility statements a masked role may not run on a masked table
 *		(writes, code on raw rows, giving rows away).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_UTILITY_GUARD_H
#define ANON_UTILITY_GUARD_H

#include "executor/execdesc.h"
#include "nodes/plannodes.h"

#include "compat.h"

/* ProcessUtility hook: refuse the statement if a masked role may not run it */
extern void anon_utility_guard(PlannedStmt *pstmt);
extern void anon_write_guard_relation(Oid relid);
extern void anon_write_guard_query(QueryDesc *queryDesc);

/*
 * Code a masked role wrote (its views, rules, defaults, constraints,
 * triggers, policies), run by another role: the first function it calls
 * that would act with that role's rights (InvalidOid if none), and the
 * refusal naming it.
 */
extern Oid	anon_author_expression_refusal(Node *node);
extern pg_noreturn void anon_author_refuse(const char *where, Oid owner, Oid funcid);

/*
 * A view anon reads for its caller (k-anonymity, risk, generalize_to_k):
 * refuse it when a function of it, or of a view it reads, owned by a role
 * whose privileges the caller lacks, would run with the caller's rights.
 */
extern void anon_author_check_view(Oid viewid, const char *what);

#endif							/* ANON_UTILITY_GUARD_H */
