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

/* ProcessUtility hook: refuse the statement if a masked role may not run it */
extern void anon_utility_guard(PlannedStmt *pstmt);
extern void anon_write_guard_relation(Oid relid);
extern void anon_write_guard_query(QueryDesc *queryDesc);

#endif							/* ANON_UTILITY_GUARD_H */
