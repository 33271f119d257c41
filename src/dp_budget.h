/*-------------------------------------------------------------------------
 *
 * dp_budget.h
 *		The privacy-budget ledger: every DP release is charged, durably,
 *		before it is returned.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_DP_BUDGET_H
#define ANON_DP_BUDGET_H

#include "fmgr.h"

/* request shared memory and install the startup hook (from _PG_init) */
extern void anon_dp_budget_init(void);

struct QueryDesc;
struct Aggref;

/*
 * The executor hook, once standard_ExecutorStart has initialized the plan
 * and before a row is read: charge the total epsilon and delta of the DP
 * aggregates of the plan to every limited role the query runs as, in one
 * atomic step, or raise an error and charge nothing.  Refuses, for limited
 * roles, plans where a DP aggregate could run more than once per charge.
 */
extern void anon_dp_budget_charge_query(struct QueryDesc *queryDesc, int eflags);

/*
 * The final function of a DP aggregate, before it releases: ERROR unless
 * the aggregate (the Aggref with its original arguments) is part of the
 * charge of the running query.
 */
extern void anon_dp_budget_check_release(FunctionCallInfo fcinfo,
										 struct Aggref *aggref);

/*
 * Charge (epsilon, delta) for one release that is not an aggregate (a DP
 * synthesis) to the statement's roles, atomically; ERROR, with nothing
 * spent, when the budget is short.
 */
extern void anon_dp_budget_charge(double epsilon, double delta);

#endif							/* ANON_DP_BUDGET_H */
