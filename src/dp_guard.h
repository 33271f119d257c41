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

#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"

/* define the GUCs */
extern void anon_dp_guard_init(void);

/* planner hook: check the query of a DP role, add partition selection */
extern void anon_dp_guard_plan(Query *parse);

/* ProcessUtility hook: refuse COPY and EXPLAIN of labelled tables */
extern void anon_dp_guard_utility(PlannedStmt *pstmt);

#endif							/* ANON_DP_GUARD_H */
