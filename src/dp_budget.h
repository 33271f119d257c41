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

/* request shared memory and install the startup hook (from _PG_init) */
extern void anon_dp_budget_init(void);

/*
 * Charge (epsilon, delta) to the current role in the current database.
 * Returns only once the spend is on disk (for a role with a budget);
 * raises an error, spending nothing, when it would exceed the budget.
 */
extern void anon_dp_budget_charge(double epsilon, double delta);

#endif							/* ANON_DP_BUDGET_H */
