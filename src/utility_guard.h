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

#include "nodes/plannodes.h"

/* ProcessUtility hook: refuse the statement if a masked role may not run it */
extern void anon_utility_guard(PlannedStmt *pstmt);

#endif							/* ANON_UTILITY_GUARD_H */
