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
	Oid			valtype;		/* type of the values, while aggregating
								 * (not in the text form) */
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

#endif							/* ANON_DP_AGG_H */
