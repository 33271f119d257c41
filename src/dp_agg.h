/*-------------------------------------------------------------------------
 *
 * dp_agg.h
 *		Differentially private aggregates: anon_count, anon_sum, anon_avg,
 *		anon_var, anon_stddev, anon_percentile, Google's signatures
 *		(anon_sum_with_bounds, ..., anon_ntile), and randomized response.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_DP_AGG_H
#define ANON_DP_AGG_H

#include "fmgr.h"
#include "nodes/primnodes.h"

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

/*
 * Where the arguments of a DP aggregate are (indexes in Aggref->args).  The
 * layout of an aggregate follows from the C symbol of its transition
 * function, so it is known by OID, never by name.
 */
typedef enum AnonDpLayout
{
	ANON_DP_NOT_DP = -1,		/* not one of anon's DP aggregates */
	ANON_DP_COUNT_STAR,			/* (epsilon), or Google's (col) when the
								 * argument is not a float8 constant */
	ANON_DP_COUNT,				/* (expr [, epsilon [, delta]]) */
	ANON_DP_VALUE,				/* (expr, epsilon, lower, upper [, delta]) */
	ANON_DP_BOUNDED,			/* Google's (expr, lower, upper [, epsilon]) */
	ANON_DP_QUANTILE,			/* (expr, p, epsilon, lower, upper [, delta]) */
	ANON_DP_NTILE,				/* Google's (expr, p, lower, upper [, epsilon]) */
	ANON_DP_PARTITION,			/* (epsilon, delta) */
	ANON_DP_GROUPED				/* (keys record, spec text, values record):
								 * citus_dp_group.c */
} AnonDpLayout;

/* define the GUCs of the aggregates (from _PG_init) */
extern void anon_dp_agg_init(void);

/*
 * For the DP guard's one charge per query, before execution:
 *
 * anon_dp_aggregate_layout: the layout of an aggregate, ANON_DP_NOT_DP for
 * any aggregate that is not one of anon's DP aggregates (recognised by its
 * transition function: a C function of the anon schema with one of the
 * symbols of dp_agg.c).
 *
 * anon_dp_aggref_spend: the (epsilon, delta) that one call will charge,
 * read from its constant arguments exactly as the aggregate itself reads
 * them (the default epsilon included); ERROR, as the aggregate would, on a
 * parameter that is not a constant or out of range.  Returns false, setting
 * nothing, for an aggregate that is not DP.
 */
extern AnonDpLayout anon_dp_aggregate_layout(Oid aggfnoid);
extern bool anon_dp_aggref_spend(Aggref *aggref, double *epsilon,
								 double *delta);

/*
 * For the grouped DP aggregate of Citus tables (citus_dp_group.c), which
 * keeps one AnonDpState per group and aggregate:
 *
 * anon_dp_release_value: the noisy release of a state by kind ('c' count,
 * 'u' unclamped count, 's' sum, 'a' avg, 'v' var, 'd' stddev); draws the
 * noise, so the caller must have checked the charge first.
 * anon_dp_partition_selected: partition selection of a group of count rows
 * (the rule of anon._dp_partition_select).
 * anon_dp_check_charged: ERROR unless the final function's aggregate was
 * charged (epsilon, delta) before the query ran.
 * anon_dp_datum_double: a value of a numeric type as a double.
 * anon_dp_seal_padded: text sealed for purpose, padded so that its length
 * tells nothing below 8 kB (then only its power of two).
 */
extern double anon_dp_release_value(const AnonDpState *s, char what);
/* refuse bounds a value aggregate cannot sum exactly (whatever the rows) */
extern void anon_dp_check_value_bounds(double lower, double upper);
extern bool anon_dp_partition_selected(int64 count, double epsilon, double delta);
extern void anon_dp_check_charged(FunctionCallInfo fcinfo, double epsilon,
								  double delta);
extern double anon_dp_datum_double(Datum d, Oid type);

/*
 * anon_dp_state_quanta: the inverse quanta of a state's values and of their
 * squares; anon_dp_state_add: one value added to the state (clamped,
 * centred, in quanta; NaN skipped) as the transition functions add it.
 */
extern void anon_dp_state_quanta(const AnonDpState *s, double *inv_u1,
								 double *inv_u2);
extern void anon_dp_state_add(AnonDpState *s, double x, double inv_u1,
							  double inv_u2);

/*
 * anon_dp_aggref_describe: for a DP aggregate that releases from an
 * AnonDpState (counts, sums, averages, variances), its kind of release (as
 * anon_dp_release_value takes it), its parameters in *params (epsilon,
 * delta, bounds, ANON_DP_INTEGER), whether its result is a bigint, and the
 * expression it aggregates (NULL for anon_count(epsilon), which counts
 * rows); 0 for any other aggregate.  ERROR on bad parameters, as the
 * aggregate would.
 */
extern char anon_dp_aggref_describe(Aggref *aggref, AnonDpState *params,
									bool *int_result, Expr **value);
extern char *anon_dp_seal_padded(const char *purpose, const char *text);

#endif							/* ANON_DP_AGG_H */
