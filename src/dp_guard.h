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

/* define the GUCs and install the planner and parse-analysis hooks */
extern void anon_dp_guard_init(void);

#endif							/* ANON_DP_GUARD_H */
