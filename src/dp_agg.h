/*-------------------------------------------------------------------------
 *
 * dp_agg.h
 *		Differentially private aggregates: anon_count, anon_sum, anon_avg,
 *		anon_var, anon_stddev, and randomized response.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_DP_AGG_H
#define ANON_DP_AGG_H

/*
 * Transition state of every DP aggregate: the SQL type anon.dp_state, a
 * fixed-length pass-by-reference type with text I/O, so that a sharding
 * engine can ship it between nodes.  Values are clamped to [lower, upper]
 * and summed around the midpoint m = (lower + upper) / 2, which halves the
 * sensitivity of the centred sums and avoids cancellation in the variance.
 */
typedef struct AnonDpState
{
	int64		count;			/* rows aggregated (non-NULL values) */
	double		s1;				/* sum of (x - m); once released, the
								 * released value */
	double		s2;				/* sum of (x - m)^2 */
	double		epsilon;
	double		delta;
	double		lower;
	double		upper;
	int32		flags;			/* ANON_DP_* below */
	int32		pad;
} AnonDpState;

/*
 * Transition state of anon_percentile / anon_ntile: a histogram of the
 * clamped values over ANON_DP_QUANTILE_BINS equal bins of [lower, upper].
 */
#define ANON_DP_QUANTILE_BINS	256

typedef struct AnonDpQuantileState
{
	double		epsilon;
	double		delta;
	double		lower;
	double		upper;
	double		p;				/* the quantile, in [0, 1] */
	int32		flags;
	int32		pad;
	double		result;
	int64		bins[ANON_DP_QUANTILE_BINS];
} AnonDpQuantileState;

#define ANON_DP_INTEGER		0x01	/* every value is an integer */
#define ANON_DP_RELEASED	0x02	/* released: the value is kept, not redrawn */

/*
 * The interface with the privacy budget (dp_budget.c) and the guard
 * (dp_guard.c).  A query's spend is one atomic charge made before it runs:
 * the sum of the costs of its DP aggregates, read from their constant
 * arguments.  The final functions do not charge; they only check, with
 * anon_dp_budget_check_release(), that their aggregate was charged.
 */
struct Aggref;

/* is the aggregate a DP one (its final function releases noise)? */
extern bool anon_dp_agg_is_dp(Oid aggfnoid);

/*
 * Its cost: the epsilon and delta of one release of this call, validated
 * (ERROR when a parameter is not a constant, or out of range).  false when
 * the aggregate is not a DP one.
 */
extern bool anon_dp_aggref_cost(struct Aggref *aggref, double *epsilon,
								double *delta);

#endif							/* ANON_DP_AGG_H */
