/*-------------------------------------------------------------------------
 *
 * dp_agg.c
 *		Differentially private aggregates (anon_count, anon_sum, anon_avg,
 *		anon_var, anon_stddev) and local DP by randomized response.
 *
 * Names and argument orders follow the aggregates of Google's differential
 * privacy PostgreSQL extension: anon_sum(expr, epsilon, lower, upper).
 *
 * Design.  Every aggregate shares one transition state, the fixed-length
 * type anon.dp_state (dp_agg.h), with text I/O and a combine function, so
 * parallel query splits the work over workers, and a sharding engine that
 * needs a non-internal state (Citus) can compute states per shard and
 * combine them on the coordinator.  Noise is added exactly once, in the
 * final function, which runs once per released value wherever the states
 * were computed.
 *
 * The privacy parameters (epsilon, bounds, delta) must be constants of the
 * query: they are read from the Aggref node itself, never from a row, so a
 * parameter cannot depend on the data (anon_sum(x, 1, x, x) would otherwise
 * release x exactly), and an empty input still gets its noise.  Each input
 * value is clamped to [lower, upper]; the sensitivity follows from the
 * bounds, assuming each person contributes one row.
 *
 * A released value is cached in the state (the final functions are
 * READ_WRITE), so finalizing the same state twice, as a rescanned hash
 * aggregate does, returns the same answer instead of a fresh noisy one that
 * could be averaged.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "compat.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "nodes/execnodes.h"
#include "nodes/nodes.h"
#include "nodes/plannodes.h"
#include "nodes/nodeFuncs.h"
#include "nodes/primnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "anon.h"
#include "citus.h"
#include "dp_agg.h"
#include "dp_budget.h"
#include "dp_guard.h"
#include "keys.h"
#include "dp_sampler.h"
#include "random.h"

PG_FUNCTION_INFO_V1(anon_dp_state_in);
PG_FUNCTION_INFO_V1(anon_dp_state_out);
PG_FUNCTION_INFO_V1(anon_dp_count_star_trans);
PG_FUNCTION_INFO_V1(anon_dp_count_trans);
PG_FUNCTION_INFO_V1(anon_dp_value_trans);
PG_FUNCTION_INFO_V1(anon_dp_combine);
PG_FUNCTION_INFO_V1(anon_dp_count_final);
PG_FUNCTION_INFO_V1(anon_dp_sum_final);
PG_FUNCTION_INFO_V1(anon_dp_sum_final_int);
PG_FUNCTION_INFO_V1(anon_dp_avg_final);
PG_FUNCTION_INFO_V1(anon_dp_var_final);
PG_FUNCTION_INFO_V1(anon_dp_stddev_final);
PG_FUNCTION_INFO_V1(anon_dp_noise_halfwidth_sql);
PG_FUNCTION_INFO_V1(anon_dp_qstate_in);
PG_FUNCTION_INFO_V1(anon_dp_qstate_out);
PG_FUNCTION_INFO_V1(anon_dp_quantile_trans);
PG_FUNCTION_INFO_V1(anon_dp_quantile_combine);
PG_FUNCTION_INFO_V1(anon_dp_quantile_final);
PG_FUNCTION_INFO_V1(anon_dp_partition_trans);
PG_FUNCTION_INFO_V1(anon_dp_partition_final);
PG_FUNCTION_INFO_V1(anon_dp_bounded_trans);
PG_FUNCTION_INFO_V1(anon_dp_bounded_sum_final);
PG_FUNCTION_INFO_V1(anon_dp_bounded_sum_final_int);
PG_FUNCTION_INFO_V1(anon_dp_bounded_avg_final);
PG_FUNCTION_INFO_V1(anon_dp_bounded_var_final);
PG_FUNCTION_INFO_V1(anon_dp_bounded_stddev_final);
PG_FUNCTION_INFO_V1(anon_dp_count_unclamped_final);
PG_FUNCTION_INFO_V1(anon_dp_ntile_trans);
PG_FUNCTION_INFO_V1(anon_dp_ntile_final);
PG_FUNCTION_INFO_V1(anon_dp_ntile_final_int);
PG_FUNCTION_INFO_V1(anon_randomized_response_bool);
PG_FUNCTION_INFO_V1(anon_randomized_response_any);

/* 64 bytes: a palloc chunk of the smallest size class that holds it */
StaticAssertDecl(sizeof(AnonDpState) == 64,
				 "anon.dp_state has INTERNALLENGTH 64 in sqlsrc/60_dp.sql");

/* bounds beyond this could make a sum of squares overflow */
#define ANON_DP_BOUND_MAX		1e15

/*
 * Bounds that differ must differ by at least twice this: with a smaller
 * half-width r, the quanta of the exact sums (r / 2^20, r^2 / 2^20, below)
 * leave the normal range of doubles and 1 / quantum overflows to infinity,
 * so a value at the midpoint (centred value 0, or its square underflowing
 * to 0) became 0 * Inf = NaN in the state, and the release failed exactly
 * when some row had that value: "anon_sum(CASE WHEN salary = 777 THEN 0
 * ELSE 1 END, 1, -1e-305, 1e-305)" told whether anyone earned 777, with
 * no noise.  2^-501 keeps r^2 / 2^20 normal; 1e-150 is above it.
 */
#define ANON_DP_HALFWIDTH_MIN	1e-150

/*
 * Sums are exact.  A floating-point sum rounds at every addition, and how
 * much depends on the values and their order: with enough rows, one
 * person's row can move it by more than the sensitivity the noise is
 * calibrated to (Casacuberta, Shoemate, Vadhan and Wagaman, "Widespread
 * underestimation of sensitivity in differentially private libraries and
 * how to fix it", CCS 2022).  So each clamped, centred value d = x - mid
 * is rounded once, on its own, to a whole number of quanta u1 (u1 =
 * r / 2^ANON_DP_QUANTA_LOG2, r = (upper - lower) / 2, so |d / u1| <= 2^20),
 * and d^2 to quanta u2 = r^2 / 2^20; the state holds the sums of those
 * integers, which doubles add exactly up to 2^53, that is for up to 2^33
 * (8.6 billion) rows per released value.  The rounding is a function of
 * one row alone, so one row still moves a sum by at most 2^20 quanta.
 * Integer values within +/-2^20 with a whole midpoint are their own
 * quanta (u1 = 1), so small integer sums stay integers.
 */
#define ANON_DP_QUANTA_LOG2		20
#define ANON_DP_QUANTA			1048576.0	/* 2^ANON_DP_QUANTA_LOG2 */

/*
 * The relative error of the one floating-point step that turns exact sums
 * of quanta back into a sum of values (u1 * S + n * mid, about 2^-52 of
 * each of n <= 2^33 terms' bound, twice for two neighbouring inputs):
 * the sensitivity of a sum is raised by this fraction to cover it.
 */
#define ANON_DP_SUM_SLACK		(1.0 / 131072.0)	/* 2^-17 */

static void
anon_dp_quanta(double lower, double upper, bool integer, double *u1, double *u2)
{
	double		r = (upper - lower) / 2.0;
	double		mid = (lower + upper) / 2.0;

	if (integer && fabs(lower) <= ANON_DP_QUANTA && fabs(upper) <= ANON_DP_QUANTA &&
		mid == rint(mid))
	{
		*u1 = 1.0;
		*u2 = r * r <= ANON_DP_QUANTA ? 1.0 : ldexp(r * r, -ANON_DP_QUANTA_LOG2);
	}
	else
	{
		*u1 = ldexp(r, -ANON_DP_QUANTA_LOG2);
		*u2 = ldexp(r * r, -ANON_DP_QUANTA_LOG2);
	}
}

/* a value in quanta: rounded, and within +/-2^20 whatever the rounding */
static inline double
anon_dp_in_quanta(double v, double inv_u)
{
	double		q = rint(v * inv_u);

	if (q > ANON_DP_QUANTA)
		q = ANON_DP_QUANTA;
	else if (q < -ANON_DP_QUANTA)
		q = -ANON_DP_QUANTA;
	return q;
}

/* The constant parameters of one aggregate call, cached in fn_extra */
typedef struct AnonDpParams
{
	double		epsilon;
	double		delta;
	double		lower;
	double		upper;
	double		p;				/* quantile */
	double		mid;			/* (lower + upper) / 2 */
	Oid			valtype;		/* type of the aggregated value */
	bool		integer;		/* values and bounds are integers */
	bool		charged;		/* final function: budget charged (grouped) */
	double		inv_u1;			/* 1 / quantum of the centred values */
	double		inv_u2;			/* 1 / quantum of their squares */
} AnonDpParams;

/* ---- GUC variables ---- */

/* epsilon of the aggregates called without one (Google's default, ln 3) */
static double anon_dp_default_epsilon = 1.0986122886681098;

void
anon_dp_agg_init(void)
{
	DefineCustomRealVariable("anon.dp_default_epsilon",
							 "Epsilon of a differentially private aggregate called without one.",
							 "anon_count(col), anon_sum_with_bounds(col, lower, upper) and the other aggregates of Google's signatures spend this epsilon when the call gives none; Google's extension uses ln 3.",
							 &anon_dp_default_epsilon,
							 1.0986122886681098, ANON_DP_EPSILON_MIN, ANON_DP_EPSILON_MAX,
							 PGC_SUSET, 0, NULL, NULL, NULL);
}

/* ---- helpers ---- */

static Aggref *anon_dp_original_aggref(FunctionCallInfo fcinfo);
static void anon_dp_check_bounds(const AnonDpParams *p);

/*
 * x clamped to [lo, hi].  A function, not PostgreSQL's Max/Min macros:
 * those evaluate an argument twice, and around a noise draw that is two
 * independent draws, one compared and the other returned (issue 16: each
 * bin of anon_percentile got two draws, an effective epsilon of 1.21 at a
 * declared 1).  Never put a call with side effects inside Max, Min or Abs.
 */
static inline double
anon_dp_clamp(double x, double lo, double hi)
{
	if (x < lo)
		return lo;
	if (x > hi)
		return hi;
	return x;
}

/* x, or 0 when x is negative; the argument is evaluated once */
static inline double
anon_dp_nonneg(double x)
{
	return x < 0 ? 0 : x;
}

/*
 * The budget is charged once per query, before it runs, for the total of
 * its DP aggregates (dp_budget.c, anon_dp_budget_charge_query, from the
 * constant arguments read by anon_dp_aggref_spend below).  A final function
 * only checks that its aggregate was part of that charge: one that was not
 * (a plan the executor hook did not see, a window function) releases
 * nothing.
 */
static void
anon_dp_charge(FunctionCallInfo fcinfo, AnonDpParams *p, double epsilon,
			   double delta)
{
	double		te;
	double		td;

	if (p->charged)
		return;
	anon_citus_refuse_dp_on_worker();
	anon_dp_budget_check_release(fcinfo, anon_dp_original_aggref(fcinfo));

	/*
	 * Finalized by Citus: the charge is the tag of coord_combine_agg, the
	 * parameters are those of the states; a state may not ask for more.
	 */
	if (anon_citus_combine_spend(AggGetAggref(fcinfo), &te, &td) &&
		(epsilon > te * (1 + 1e-12) || delta > td * (1 + 1e-12)))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("differentially private aggregate would release more than was charged"),
				 errdetail("Its partial states ask for epsilon %g and delta %g; the query was charged epsilon %g and delta %g.",
						   epsilon, delta, te, td)));
	p->charged = true;
}

/*
 * For a final function outside this file (citus_dp_group.c): check, once
 * per call site, that the aggregate was charged at least (epsilon, delta).
 */
void
anon_dp_check_charged(FunctionCallInfo fcinfo, double epsilon, double delta)
{
	AnonDpParams *p = (AnonDpParams *) fcinfo->flinfo->fn_extra;

	if (p == NULL)
	{
		p = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(AnonDpParams));
		fcinfo->flinfo->fn_extra = p;
	}
	anon_dp_charge(fcinfo, p, epsilon, delta);
}

double
anon_dp_datum_double(Datum d, Oid type)
{
	switch (type)
	{
		case INT2OID:
			return (double) DatumGetInt16(d);
		case INT4OID:
			return (double) DatumGetInt32(d);
		case INT8OID:
			return (double) DatumGetInt64(d);
		case FLOAT4OID:
			return (double) DatumGetFloat4(d);
		case FLOAT8OID:
			return DatumGetFloat8(d);
		case NUMERICOID:
			return DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, d));
		default:
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("differentially private aggregates do not support type %s",
							format_type_be(type))));
	}
	return 0;					/* keep compiler quiet */
}

static bool
anon_dp_type_is_integer(Oid type)
{
	return type == INT2OID || type == INT4OID || type == INT8OID;
}

/*
 * The number of arguments of a call: not list_length(args), which also
 * holds the expressions of an ORDER BY inside the call (resjunk entries
 * after the arguments), so anon_sum(x, 1, 0, 10 ORDER BY 0.5) would read
 * 0.5 as its delta.
 */
static int
anon_dp_nargs(Aggref *aggref)
{
	ListCell   *lc;
	int			n = 0;

	/* not aggargtypes: the Aggrefs Citus builds leave it empty */
	foreach(lc, aggref->args)
		if (!lfirst_node(TargetEntry, lc)->resjunk)
			n++;
	return n;
}

/*
 * The value of a constant argument of the aggregate call.
 */
static double
anon_dp_const_arg(Aggref *aggref, int argno, const char *what)
{
	TargetEntry *tle;
	Const	   *c;
	double		v;

	/* only an aggregate declared by someone else could pass fewer arguments */
	if (aggref == NULL || argno >= anon_dp_nargs(aggref))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_FUNCTION_DEFINITION),
				 errmsg("differentially private aggregate called without its %s argument", what),
				 errhint("Use the aggregates of the anon extension (anon.anon_count, anon.anon_sum, ...).")));
	tle = list_nth_node(TargetEntry, aggref->args, argno);
	if (!IsA(tle->expr, Const))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s of a differentially private aggregate must be a constant",
						what),
				 errdetail("A parameter that could depend on the data would void the privacy guarantee."),
				 errhint("Write it as a literal; a parameter of a generic prepared plan is not accepted.")));
	c = (Const *) tle->expr;
	if (c->constisnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s of a differentially private aggregate must not be null",
						what)));
	v = anon_dp_datum_double(c->constvalue, c->consttype);
	if (isnan(v) || isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s of a differentially private aggregate must be finite",
						what)));
	return v;
}

pg_noreturn static void anon_dp_not_in_aggregate(void);

static void
anon_dp_not_in_aggregate(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("differentially private aggregate support functions can only be called by an aggregate")));
}

/*
 * ERROR unless called as an aggregate support function; the aggregate's
 * memory context otherwise.
 */
static MemoryContext
anon_dp_agg_context(FunctionCallInfo fcinfo)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		anon_dp_not_in_aggregate();
	return aggcxt;
}

/*
 * The Aggref with the arguments as written.  In the finalize step of a
 * partial aggregation (parallel query), the Aggref's only argument refers
 * to the output of the partial aggregate below: follow it down the plan to
 * the partial Aggref, which has the original arguments.
 */
static Aggref *
anon_dp_original_aggref(FunctionCallInfo fcinfo)
{
	Aggref	   *aggref = anon_citus_inner_aggref(AggGetAggref(fcinfo));
	AggState   *aggstate = (AggState *) fcinfo->context;
	Expr	   *e;
	Plan	   *plan;

	if (aggref == NULL || !DO_AGGSPLIT_COMBINE(aggref->aggsplit))
		return aggref;
	if (aggstate == NULL || !IsA(aggstate, AggState) || list_length(aggref->args) != 1)
		return NULL;
	e = linitial_node(TargetEntry, aggref->args)->expr;
	plan = outerPlan(aggstate->ss.ps.plan);
	while (plan != NULL)
	{
		TargetEntry *tle;

		if (IsA(e, Aggref))
			return (Aggref *) e;
		if (!IsA(e, Var) || ((Var *) e)->varno != OUTER_VAR ||
			((Var *) e)->varattno < 1 ||
			((Var *) e)->varattno > list_length(plan->targetlist))
			return NULL;
		tle = list_nth_node(TargetEntry, plan->targetlist, ((Var *) e)->varattno - 1);
		e = tle->expr;
		if (IsA(e, Aggref))
			return (Aggref *) e;
		plan = outerPlan(plan);
	}
	return NULL;
}

/*
 * The bounds of a value aggregate: ordered, small enough to sum, and equal
 * or far enough apart for exact sums.  Exported for the grouped aggregate
 * of Citus (citus_dp_group.c), whose specification carries bounds too.
 */
void
anon_dp_check_value_bounds(double lower, double upper)
{
	AnonDpParams p;

	memset(&p, 0, sizeof(p));
	p.lower = lower;
	p.upper = upper;
	anon_dp_check_bounds(&p);
}

static void
anon_dp_check_bounds(const AnonDpParams *p)
{
	if (p->lower > p->upper)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lower bound of a differentially private aggregate must not be greater than its upper bound")));

	/*
	 * A sum of squares of values far apart would overflow to infinity, and
	 * whether it does depends on the data, not on the noise.
	 */
	if (fabs(p->lower) > ANON_DP_BOUND_MAX || fabs(p->upper) > ANON_DP_BOUND_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bounds of a differentially private aggregate must be between -1e15 and 1e15")));

	/*
	 * Equal bounds are fine (every centred value is 0, and so is every
	 * quantum); bounds closer than 2e-150 are refused, whatever the rows
	 * (see ANON_DP_HALFWIDTH_MIN).
	 */
	if (p->upper > p->lower && (p->upper - p->lower) / 2.0 < ANON_DP_HALFWIDTH_MIN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bounds of a differentially private aggregate must be equal or at least 2e-150 apart"),
				 errdetail("The exact sums of closer bounds would leave the range of double precision.")));
}

static void
anon_dp_check_quantile(double p)
{
	if (!(p >= 0 && p <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantile of a differentially private aggregate must be between 0 and 1")));
}

/* the type of the aggregated value (the first argument) */
static Oid
anon_dp_value_type(Aggref *aggref)
{
	return exprType((Node *) linitial_node(TargetEntry, aggref->args)->expr);
}

/* the optional epsilon at argno, or the default */
static double
anon_dp_epsilon_arg(Aggref *aggref, int argno)
{
	if (anon_dp_nargs(aggref) > argno)
		return anon_dp_const_arg(aggref, argno, "epsilon");
	return anon_dp_default_epsilon;
}

/*
 * The parameters of an aggregate call, read from the constants of its
 * Aggref by the layout of its arguments, and checked.  The same code serves
 * the aggregate's own support functions and the guard's charge before
 * execution (anon_dp_aggref_spend), so both see the same epsilon.
 */
/* the quanta of a call's values (ANON_DP_QUANTA_LOG2 above) */
static void
anon_dp_set_quanta(AnonDpParams *p)
{
	double		u1;
	double		u2;

	anon_dp_quanta(p->lower, p->upper, p->integer, &u1, &u2);
	/* lower = upper: every centred value is 0, and so is every quantum */
	p->inv_u1 = u1 > 0 ? 1.0 / u1 : 0.0;
	p->inv_u2 = u2 > 0 ? 1.0 / u2 : 0.0;
}

static void
anon_dp_parse_params(Aggref *aggref, AnonDpLayout layout, AnonDpParams *p)
{
	memset(p, 0, sizeof(AnonDpParams));
	switch (layout)
	{
		case ANON_DP_COUNT_STAR:
			{
				TargetEntry *tle = linitial_node(TargetEntry, aggref->args);

				/*
				 * anon_count(0.5) is ours: count(*) with epsilon 0.5 (a
				 * parameter, $1, is refused as a non-constant epsilon, as
				 * it always was).  Any other argument is Google's
				 * anon_count(col) for a column
				 * that PostgreSQL resolved to float8 (an integer or numeric
				 * column): count its non-null values with the default
				 * epsilon.
				 */
				if ((IsA(tle->expr, Const) &&
					 ((Const *) tle->expr)->consttype == FLOAT8OID) ||
					IsA(tle->expr, Param))
					p->epsilon = anon_dp_const_arg(aggref, 0, "epsilon");
				else
					p->epsilon = anon_dp_default_epsilon;
				p->integer = true;
				break;
			}
		case ANON_DP_PARTITION:
			p->epsilon = anon_dp_const_arg(aggref, 0, "epsilon");
			p->delta = anon_dp_const_arg(aggref, 1, "delta");
			p->integer = true;
			if (!(p->delta > 0))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("delta of partition selection must be greater than 0")));
			break;
		case ANON_DP_COUNT:
			p->epsilon = anon_dp_epsilon_arg(aggref, 1);
			if (anon_dp_nargs(aggref) > 2)
				p->delta = anon_dp_const_arg(aggref, 2, "delta");
			p->integer = true;
			break;
		case ANON_DP_VALUE:
			p->valtype = anon_dp_value_type(aggref);
			p->epsilon = anon_dp_const_arg(aggref, 1, "epsilon");
			p->lower = anon_dp_const_arg(aggref, 2, "lower bound");
			p->upper = anon_dp_const_arg(aggref, 3, "upper bound");
			if (anon_dp_nargs(aggref) > 4)
				p->delta = anon_dp_const_arg(aggref, 4, "delta");
			p->integer = anon_dp_type_is_integer(p->valtype);
			anon_dp_check_bounds(p);
			break;
		case ANON_DP_BOUNDED:
			p->valtype = anon_dp_value_type(aggref);
			p->lower = anon_dp_const_arg(aggref, 1, "lower bound");
			p->upper = anon_dp_const_arg(aggref, 2, "upper bound");
			p->epsilon = anon_dp_epsilon_arg(aggref, 3);
			p->integer = anon_dp_type_is_integer(p->valtype);
			anon_dp_check_bounds(p);
			break;
		case ANON_DP_QUANTILE:
			p->valtype = anon_dp_value_type(aggref);
			p->p = anon_dp_const_arg(aggref, 1, "quantile");
			p->epsilon = anon_dp_const_arg(aggref, 2, "epsilon");
			p->lower = anon_dp_const_arg(aggref, 3, "lower bound");
			p->upper = anon_dp_const_arg(aggref, 4, "upper bound");
			if (anon_dp_nargs(aggref) > 5)
				p->delta = anon_dp_const_arg(aggref, 5, "delta");
			anon_dp_check_quantile(p->p);
			anon_dp_check_bounds(p);
			break;
		case ANON_DP_NTILE:
			p->valtype = anon_dp_value_type(aggref);
			p->p = anon_dp_const_arg(aggref, 1, "percentile");
			p->lower = anon_dp_const_arg(aggref, 2, "lower bound");
			p->upper = anon_dp_const_arg(aggref, 3, "upper bound");
			p->epsilon = anon_dp_epsilon_arg(aggref, 4);
			anon_dp_check_quantile(p->p);
			anon_dp_check_bounds(p);
			break;
		case ANON_DP_GROUPED:
			/* the total of its spec: partition selection and every value */
			anon_citus_dp_group_spend(aggref, &p->epsilon, &p->delta);
			break;
		case ANON_DP_NOT_DP:
			/* callers pass a layout of this file */
			elog(ERROR, "not a differentially private aggregate");
	}
	anon_dp_check_epsilon(p->epsilon);
	anon_dp_check_delta(p->delta);
	p->mid = (p->lower + p->upper) / 2.0;
	anon_dp_set_quanta(p);
}

/*
 * The parameters of this aggregate call, parsed once per call site.
 */
static AnonDpParams *
anon_dp_params(FunctionCallInfo fcinfo, AnonDpLayout layout)
{
	AnonDpParams *p = (AnonDpParams *) fcinfo->flinfo->fn_extra;
	Aggref	   *aggref;

	if (p != NULL)
		return p;

	aggref = anon_dp_original_aggref(fcinfo);
	if (aggref == NULL)
		anon_dp_not_in_aggregate();
	/*
	 * Citus, no state from any shard: the parameters of the call, read by
	 * the layout of its aggregate (Citus calls the final function with its
	 * own arguments, so PG_NARGS() says nothing of the call)
	 */
	if (anon_citus_combined_call(aggref) != NULL)
	{
		aggref = anon_citus_combined_call(aggref);
		layout = anon_dp_aggregate_layout(aggref->aggfnoid);
	}
	anon_citus_refuse_empty(aggref);

	p = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(AnonDpParams));
	anon_dp_parse_params(aggref, layout, p);
	fcinfo->flinfo->fn_extra = p;
	return p;
}

/* ---- recognising DP aggregates (for the guard) ---- */

/* the layout of each transition function of this file, by C symbol */
static const struct
{
	const char *symbol;
	AnonDpLayout layout;
}			anon_dp_trans_symbols[] =
{
	{"anon_dp_count_star_trans", ANON_DP_COUNT_STAR},
	{"anon_dp_count_trans", ANON_DP_COUNT},
	{"anon_dp_value_trans", ANON_DP_VALUE},
	{"anon_dp_bounded_trans", ANON_DP_BOUNDED},
	{"anon_dp_quantile_trans", ANON_DP_QUANTILE},
	{"anon_dp_ntile_trans", ANON_DP_NTILE},
	{"anon_dp_partition_trans", ANON_DP_PARTITION},
	{"anon_citus_dp_group_trans", ANON_DP_GROUPED},
};

AnonDpLayout
anon_dp_aggregate_layout(Oid aggfnoid)
{
	HeapTuple	tup;
	Oid			transfn;
	Oid			anon_nsp;
	Form_pg_proc proc;
	AnonDpLayout layout = ANON_DP_NOT_DP;

	tup = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(aggfnoid));
	if (!HeapTupleIsValid(tup))
		return ANON_DP_NOT_DP;
	transfn = ((Form_pg_aggregate) GETSTRUCT(tup))->aggtransfn;
	ReleaseSysCache(tup);

	/*
	 * The aggregate itself must be anon's: anybody may declare an aggregate
	 * with our transition function and a final function, combine function
	 * or INITCOND of his own (a sealed state of an earlier release, so that
	 * every group of one charged query releases the same count again).
	 */
	anon_nsp = get_namespace_oid("anon", true);
	if (!OidIsValid(anon_nsp) || get_func_namespace(aggfnoid) != anon_nsp)
		return ANON_DP_NOT_DP;

	/*
	 * The partial twins of the DP aggregates (a Citus worker's partial
	 * states, citus_dp_group.c) return a state as text and release
	 * nothing: no DP aggregate returns cstring.
	 */
	if (get_func_rettype(aggfnoid) == CSTRINGOID)
		return ANON_DP_NOT_DP;

	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(transfn));
	if (!HeapTupleIsValid(tup))
		return ANON_DP_NOT_DP;
	proc = (Form_pg_proc) GETSTRUCT(tup);

	/*
	 * Only a superuser creates C functions, and the anon schema belongs to
	 * the extension: a C transition function of anon with one of our
	 * symbols is one of ours.
	 */
	if (OidIsValid(anon_nsp) && proc->pronamespace == anon_nsp &&
		proc->prolang == ClanguageId)
	{
		bool		isnull;
		Datum		src = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_prosrc, &isnull);

		if (!isnull)
		{
			char	   *symbol = TextDatumGetCString(src);
			int			i;

			for (i = 0; i < lengthof(anon_dp_trans_symbols); i++)
				if (strcmp(symbol, anon_dp_trans_symbols[i].symbol) == 0)
					layout = anon_dp_trans_symbols[i].layout;
			pfree(symbol);
		}
	}
	ReleaseSysCache(tup);
	return layout;
}

/* the kind of release of each final function, by C symbol */
static const struct
{
	const char *symbol;
	char		what;
	bool		int_result;
}			anon_dp_final_symbols[] =
{
	{"anon_dp_count_final", 'c', true},
	{"anon_dp_count_unclamped_final", 'u', true},
	{"anon_dp_sum_final", 's', false},
	{"anon_dp_sum_final_int", 's', true},
	{"anon_dp_avg_final", 'a', false},
	{"anon_dp_var_final", 'v', false},
	{"anon_dp_stddev_final", 'd', false},
	{"anon_dp_bounded_sum_final", 's', false},
	{"anon_dp_bounded_sum_final_int", 's', true},
	{"anon_dp_bounded_avg_final", 'a', false},
	{"anon_dp_bounded_var_final", 'v', false},
	{"anon_dp_bounded_stddev_final", 'd', false},
};

char
anon_dp_aggref_describe(Aggref *aggref, AnonDpState *params, bool *int_result,
						Expr **value)
{
	AnonDpLayout layout = anon_dp_aggregate_layout(aggref->aggfnoid);
	AnonDpParams p;
	HeapTuple	tup;
	Oid			finalfn;
	char		what = 0;
	bool		isnull;
	Datum		src;

	if (layout != ANON_DP_COUNT_STAR && layout != ANON_DP_COUNT &&
		layout != ANON_DP_VALUE && layout != ANON_DP_BOUNDED)
		return 0;
	tup = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(aggref->aggfnoid));
	if (!HeapTupleIsValid(tup))
		return 0;
	finalfn = ((Form_pg_aggregate) GETSTRUCT(tup))->aggfinalfn;
	ReleaseSysCache(tup);
	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(finalfn));
	if (!HeapTupleIsValid(tup))
		return 0;
	src = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_prosrc, &isnull);
	if (!isnull && ((Form_pg_proc) GETSTRUCT(tup))->prolang == ClanguageId)
	{
		char	   *symbol = TextDatumGetCString(src);
		int			i;

		for (i = 0; i < lengthof(anon_dp_final_symbols); i++)
			if (strcmp(symbol, anon_dp_final_symbols[i].symbol) == 0)
			{
				what = anon_dp_final_symbols[i].what;
				*int_result = anon_dp_final_symbols[i].int_result;
			}
		pfree(symbol);
	}
	ReleaseSysCache(tup);
	if (what == 0)
		return 0;

	anon_dp_parse_params(aggref, layout, &p);
	memset(params, 0, sizeof(AnonDpState));
	params->epsilon = p.epsilon;
	params->delta = p.delta;
	params->lower = p.lower;
	params->upper = p.upper;
	params->flags = p.integer ? ANON_DP_INTEGER : 0;
	params->valtype = p.valtype;
	*value = linitial_node(TargetEntry, aggref->args)->expr;
	/* anon_count(epsilon) counts rows: nothing to aggregate */
	if (layout == ANON_DP_COUNT_STAR && IsA(*value, Const) &&
		((Const *) *value)->consttype == FLOAT8OID)
		*value = NULL;
	return what;
}

bool
anon_dp_aggref_spend(Aggref *aggref, double *epsilon, double *delta)
{
	AnonDpLayout layout;
	AnonDpParams p;

	/* a DP aggregate that Citus finalizes on the coordinator */
	if (anon_citus_combine_spend(aggref, epsilon, delta))
		return true;
	layout = anon_dp_aggregate_layout(aggref->aggfnoid);
	if (layout == ANON_DP_NOT_DP)
		return false;
	anon_dp_parse_params(aggref, layout, &p);
	*epsilon = p.epsilon;
	*delta = p.delta;
	return true;
}

static AnonDpState *
anon_dp_new_state(MemoryContext cxt, const AnonDpParams *p)
{
	AnonDpState *s = MemoryContextAllocZero(cxt, sizeof(AnonDpState));

	s->epsilon = p->epsilon;
	s->delta = p->delta;
	s->lower = p->lower;
	s->upper = p->upper;
	s->flags = p->integer ? ANON_DP_INTEGER : 0;
	s->valtype = p->valtype;
	return s;
}

/*
 * The state of a transition call: the existing one, or a new one in the
 * aggregate context.  The per-row fast path (a state that the aggregate
 * already holds) is inlined into each transition function; the first row
 * of a group, and calls from outside an Agg node, take the slow path.
 */
static pg_noinline AnonDpState *anon_dp_trans_state_slow(FunctionCallInfo fcinfo,
														 AnonDpLayout layout);

static pg_attribute_always_inline AnonDpState *
anon_dp_trans_state(FunctionCallInfo fcinfo, AnonDpLayout layout)
{
	if (likely(!PG_ARGISNULL(0)) && likely(fcinfo->context != NULL) &&
		likely(IsA(fcinfo->context, AggState)))
		return (AnonDpState *) PG_GETARG_POINTER(0);
	return anon_dp_trans_state_slow(fcinfo, layout);
}

static pg_noinline AnonDpState *
anon_dp_trans_state_slow(FunctionCallInfo fcinfo, AnonDpLayout layout)
{
	MemoryContext aggcxt;
	AnonDpParams *p;

	aggcxt = anon_dp_agg_context(fcinfo);
	if (!PG_ARGISNULL(0))
		return (AnonDpState *) PG_GETARG_POINTER(0);
	p = anon_dp_params(fcinfo, layout);
	return anon_dp_new_state(aggcxt, p);
}

/* ---- the state type ---- */

/*
 * The text form of a state holds exact counts and sums.  A session of a
 * DIFFERENTIAL PRIVACY role (a Citus worker computing the partial states
 * of that role's query, or the role itself reading them some other way)
 * gets it sealed: 'E' and hex, AES-256-GCM under a key derived from the
 * key-encryption key that every node of the cluster shares (keys.c), which
 * the coordinator opens when Citus combines the states there and nothing
 * else can read or forge.  Other sessions keep the plain form.
 */
#define ANON_DP_STATE_PURPOSE "anon.dp_state"

/*
 * The length of a sealed value must say nothing of what it holds (the
 * digits of a count, how many groups a shard has, how long a key is): the
 * text is padded with NULs to ANON_DP_SEAL_MIN bytes (every fixed-format
 * state fits: their length is constant once sealed), or beyond that to the
 * next power of two (a map of groups, citus_dp_group.c: its size class
 * remains, as the running time does).
 */
#define ANON_DP_SEAL_MIN	8192

char *
anon_dp_seal_padded(const char *purpose, const char *text)
{
	size_t		len = strlen(text) + 1;
	size_t		padded = ANON_DP_SEAL_MIN;
	char	   *buf;
	char	   *sealed;

	while (padded < len)
		padded *= 2;
	if (padded > 64 * 1024 * 1024)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("differentially private state too large to seal")));
	buf = palloc0(padded);
	memcpy(buf, text, len);
	sealed = anon_kek_seal_hex(purpose, buf, (int) padded);
	pfree(buf);
	return sealed;
}

static char *
anon_dp_state_seal(char *text)
{
	char	   *sealed;

	if (!anon_dp_guard_applies())
		return text;
	sealed = anon_dp_seal_padded(ANON_DP_STATE_PURPOSE, text);
	pfree(text);
	return sealed;
}

static char *
anon_dp_state_text(char *str)
{
	int			len;

	if (str[0] != 'E')
		return str;
	return anon_kek_open_hex(ANON_DP_STATE_PURPOSE, str, &len);
}

Datum
anon_dp_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = anon_dp_state_text(PG_GETARG_CSTRING(0));
	AnonDpState *s = palloc0(sizeof(AnonDpState));
	long long	count;
	int			flags;
	int			n = 0;

	if (sscanf(str, "(%lld,%lf,%lf,%lf,%lf,%lf,%lf,%d)%n",
			   &count, &s->s1, &s->s2, &s->epsilon, &s->delta,
			   &s->lower, &s->upper, &flags, &n) != 8
		|| str[n] != '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type dp_state"),
				 errdetail("A dp_state is written (count,s1,s2,epsilon,delta,lower,upper,flags).")));
	s->count = count;
	s->flags = flags;
	if (count < 0 || (flags & ~(ANON_DP_INTEGER | ANON_DP_RELEASED)) != 0
		|| !isfinite(s->s1) || !isfinite(s->s2)
		|| !isfinite(s->lower) || !isfinite(s->upper) || s->lower > s->upper)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid value for type dp_state")));
	anon_dp_check_epsilon(s->epsilon);
	anon_dp_check_delta(s->delta);
	PG_RETURN_POINTER(s);
}

Datum
anon_dp_state_out(PG_FUNCTION_ARGS)
{
	AnonDpState *s = (AnonDpState *) PG_GETARG_POINTER(0);

	PG_RETURN_CSTRING(anon_dp_state_seal(psprintf("(" INT64_FORMAT ",%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%d)",
												  s->count, s->s1, s->s2, s->epsilon, s->delta,
												  s->lower, s->upper, s->flags)));
}

/* ---- transition and combine ---- */

Datum
anon_dp_count_star_trans(PG_FUNCTION_ARGS)
{
	AnonDpState *s = anon_dp_trans_state(fcinfo, ANON_DP_COUNT_STAR);

	/* the argument is a constant epsilon, or Google's column (nulls skipped) */
	if (!PG_ARGISNULL(1))
		s->count++;
	PG_RETURN_POINTER(s);
}

Datum
anon_dp_count_trans(PG_FUNCTION_ARGS)
{
	AnonDpState *s = anon_dp_trans_state(fcinfo, ANON_DP_COUNT);

	if (!PG_ARGISNULL(1))
		s->count++;
	PG_RETURN_POINTER(s);
}

static pg_attribute_always_inline Datum
anon_dp_value_trans_common(FunctionCallInfo fcinfo, AnonDpLayout layout)
{
	AnonDpState *s = anon_dp_trans_state(fcinfo, layout);
	AnonDpParams *p;
	AnonDpParams local;
	double		x;
	double		d;

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(s);
	/*
	 * Set by anon_dp_trans_state.  The bounds are read from here, not from
	 * the state, so that a row touches only the state's sums.
	 */
	p = (AnonDpParams *) fcinfo->flinfo->fn_extra;
	if (p == NULL && s->valtype != InvalidOid)
	{
		/*
		 * Called through a wrapper that makes a new FmgrInfo for each row
		 * (Citus's worker_partial_agg): the parameters are in the state.
		 */
		local.valtype = s->valtype;
		local.lower = s->lower;
		local.upper = s->upper;
		local.mid = (s->lower + s->upper) / 2.0;
		local.integer = (s->flags & ANON_DP_INTEGER) != 0;
		anon_dp_set_quanta(&local);
		p = &local;
	}
	else if (p == NULL)
		p = anon_dp_params(fcinfo, layout);

	switch (p->valtype)
	{
		case INT4OID:
			x = (double) PG_GETARG_INT32(1);
			break;
		case FLOAT8OID:
			x = PG_GETARG_FLOAT8(1);
			break;
		default:
			x = anon_dp_datum_double(PG_GETARG_DATUM(1), p->valtype);
			break;
	}
	if (unlikely(isnan(x)))
		PG_RETURN_POINTER(s);	/* NaN is skipped, as NULL is */
	if (x < p->lower)
		x = p->lower;
	else if (x > p->upper)
		x = p->upper;
	d = x - p->mid;
	s->count++;
	s->s1 += anon_dp_in_quanta(d, p->inv_u1);
	s->s2 += anon_dp_in_quanta(d * d, p->inv_u2);
	PG_RETURN_POINTER(s);
}

/*
 * The quanta of a state's values (1 / quantum of the centred values and of
 * their squares), and one value added to the state as the transition
 * functions add it: for the grouped aggregate of citus_dp_group.c.
 */
void
anon_dp_state_quanta(const AnonDpState *s, double *inv_u1, double *inv_u2)
{
	AnonDpParams p;

	memset(&p, 0, sizeof(p));
	p.lower = s->lower;
	p.upper = s->upper;
	p.integer = (s->flags & ANON_DP_INTEGER) != 0;
	anon_dp_set_quanta(&p);
	*inv_u1 = p.inv_u1;
	*inv_u2 = p.inv_u2;
}

void
anon_dp_state_add(AnonDpState *s, double x, double inv_u1, double inv_u2)
{
	double		d;

	if (unlikely(isnan(x)))
		return;					/* NaN is skipped, as NULL is */
	if (x < s->lower)
		x = s->lower;
	else if (x > s->upper)
		x = s->upper;
	d = x - (s->lower + s->upper) / 2.0;
	s->count++;
	s->s1 += anon_dp_in_quanta(d, inv_u1);
	s->s2 += anon_dp_in_quanta(d * d, inv_u2);
}

/* anon_sum, anon_avg, anon_var, anon_stddev (expr, epsilon, lower, upper) */
Datum
anon_dp_value_trans(PG_FUNCTION_ARGS)
{
	return anon_dp_value_trans_common(fcinfo, ANON_DP_VALUE);
}

/* Google's anon_sum_with_bounds, ... (expr, lower, upper [, epsilon]) */
Datum
anon_dp_bounded_trans(PG_FUNCTION_ARGS)
{
	return anon_dp_value_trans_common(fcinfo, ANON_DP_BOUNDED);
}

/*
 * The combine step when a state is NULL (a worker saw no row): the other
 * state, copied into the aggregate context when it is the right one.
 * Returns false, setting nothing, when both states are there.
 */
static bool
anon_dp_combine_null(FunctionCallInfo fcinfo, Size size, Datum *result)
{
	MemoryContext aggcxt = anon_dp_agg_context(fcinfo);
	void	   *copy;

	if (PG_ARGISNULL(1))
	{
		fcinfo->isnull = PG_ARGISNULL(0);
		*result = fcinfo->isnull ? (Datum) 0 : PG_GETARG_DATUM(0);
		return true;
	}
	if (!PG_ARGISNULL(0))
		return false;
	copy = MemoryContextAlloc(aggcxt, size);
	memcpy(copy, PG_GETARG_POINTER(1), size);
	*result = PointerGetDatum(copy);
	return true;
}

Datum
anon_dp_combine(PG_FUNCTION_ARGS)
{
	AnonDpState *a;
	AnonDpState *b;
	Datum		result;

	if (anon_dp_combine_null(fcinfo, sizeof(AnonDpState), &result))
		return result;
	a = (AnonDpState *) PG_GETARG_POINTER(0);
	b = (AnonDpState *) PG_GETARG_POINTER(1);
	if (a->epsilon != b->epsilon || a->delta != b->delta
		|| a->lower != b->lower || a->upper != b->upper
		|| a->flags != b->flags)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine differentially private states with different parameters")));
	a->count += b->count;
	a->s1 += b->s1;
	a->s2 += b->s2;
	PG_RETURN_POINTER(a);
}

/* ---- final functions ---- */

/*
 * The parameters of the call site, for a final function: those of the
 * state (the transition validated them), or for an empty input (no state)
 * those of the Aggref; cached in fn_extra.  ERROR unless called by an
 * aggregate.
 */
static AnonDpParams *
anon_dp_final_params(FunctionCallInfo fcinfo, AnonDpLayout layout)
{
	AnonDpParams *p = (AnonDpParams *) fcinfo->flinfo->fn_extra;

	(void) anon_dp_agg_context(fcinfo);
	if (p != NULL)
		return p;
	if (PG_ARGISNULL(0))
		return anon_dp_params(fcinfo, layout);

	p = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(AnonDpParams));
	if (layout == ANON_DP_QUANTILE || layout == ANON_DP_NTILE)
	{
		AnonDpQuantileState *qs = (AnonDpQuantileState *) PG_GETARG_POINTER(0);

		p->epsilon = qs->epsilon;
		p->delta = qs->delta;
	}
	else
	{
		AnonDpState *s = (AnonDpState *) PG_GETARG_POINTER(0);

		p->epsilon = s->epsilon;
		p->delta = s->delta;
	}
	fcinfo->flinfo->fn_extra = p;
	return p;
}

/*
 * The state to release: the aggregated one, or for an empty input a zero
 * state with the parameters of the call; and the parameters of the call
 * site: those of the state, or for an empty input those of the Aggref.
 */
static AnonDpState *
anon_dp_final_state(FunctionCallInfo fcinfo, AnonDpLayout layout,
					AnonDpParams **params)
{
	AnonDpParams *p = anon_dp_final_params(fcinfo, layout);

	*params = p;
	if (PG_ARGISNULL(0))
		return anon_dp_new_state(CurrentMemoryContext, p);
	return (AnonDpState *) PG_GETARG_POINTER(0);
}

/* release and cache: value plus noise */
static double
anon_dp_noisy(double value, double sensitivity, double epsilon, double delta,
			  bool integer)
{
	AnonDpNoise noise = anon_dp_noise(sensitivity, epsilon, delta, integer);

	return anon_dp_release(value, &noise);
}

/* a sensitivity in quanta: 2^20, or r itself when values are their quanta */
static double
anon_dp_in_units(double sensitivity, double quantum)
{
	return quantum > 0 ? sensitivity / quantum : 0.0;
}

static bool
anon_dp_is_whole(double x)
{
	return x == rint(x);
}


/*
 * The released value of a state, by kind: 'c' count (negative releases
 * clamped to 0), 'u' count unclamped, 's' sum, 'a' avg, 'v' var, 'd'
 * stddev.  Draws the noise: the caller has checked the charge.
 */
double
anon_dp_release_value(const AnonDpState *s, char what)
{
	double		eps = s->epsilon;
	double		delta = s->delta;
	bool		integer = (s->flags & ANON_DP_INTEGER) != 0;
	double		m = (s->lower + s->upper) / 2.0;
	double		r = (s->upper - s->lower) / 2.0;
	double		u1;
	double		u2;
	double		result;

	/* s1 and s2 are exact sums of whole quanta: released as integers */
	anon_dp_quanta(s->lower, s->upper, integer, &u1, &u2);

	switch (what)
	{
		case 'c':				/* count, negative releases clamped to 0 */
			result = anon_dp_nonneg(anon_dp_noisy((double) s->count, 1.0, eps, delta, true));
			break;
		case 'u':				/* count, unclamped: unbiased */
			result = anon_dp_noisy((double) s->count, 1.0, eps, delta, true);
			break;
		case 's':				/* sum */
			if (u1 == 1.0)
			{
				/* integers within +/-2^20: the sum is an exact integer */
				result = anon_dp_noisy(s->s1 + (double) s->count * m,
									   Max(fabs(s->lower), fabs(s->upper)),
									   eps, delta, integer);
			}
			else
			{
				double		sum = u1 * s->s1 + (double) s->count * m;
				double		bound = Max(fabs(s->lower), fabs(s->upper));

				result = anon_dp_noisy(sum, bound * (1.0 + ANON_DP_SUM_SLACK),
									   eps, delta, false);
			}
			break;
		case 'a':				/* avg: half the budget each for count and sum */
			{
				double		n = anon_dp_noisy((double) s->count, 1.0,
											  eps / 2, delta / 2, true);
				double		s1 = u1 * anon_dp_noisy(s->s1, anon_dp_in_units(r, u1),
													eps / 2, delta / 2, true);

				result = m + s1 / (n < 1.0 ? 1.0 : n);
				result = anon_dp_clamp(result, s->lower, s->upper);
				break;
			}
		case 'v':				/* var, stddev: a third each */
		case 'd':
			{
				double		n = anon_dp_noisy((double) s->count, 1.0,
											  eps / 3, delta / 3, true);
				double		s1 = u1 * anon_dp_noisy(s->s1, anon_dp_in_units(r, u1),
													eps / 3, delta / 3, true);
				double		s2 = u2 * anon_dp_noisy(s->s2, anon_dp_in_units(r * r, u2),
													eps / 3, delta / 3, true);
				double		mean;

				if (n < 1.0)
					n = 1.0;
				mean = anon_dp_clamp(s1 / n, -r, r);
				result = s2 / n - mean * mean;
				result = anon_dp_clamp(result, 0.0, r * r);
				if (what == 'd')
					result = sqrt(result);
				break;
			}
		default:
			/* what is a constant of the callers */
			elog(ERROR, "unrecognized differentially private aggregate kind '%c'", what);
			result = 0;			/* keep compiler quiet */
	}
	return result;
}

static double
anon_dp_release_state(FunctionCallInfo fcinfo, AnonDpLayout layout, char what)
{
	AnonDpParams *p;
	AnonDpState *s = anon_dp_final_state(fcinfo, layout, &p);
	double		result;

	if (s->flags & ANON_DP_RELEASED)
		return s->s1;

	/* the budget is charged before anything is computed from the data */
	anon_dp_charge(fcinfo, p, s->epsilon, s->delta);
	result = anon_dp_release_value(s, what);
	s->s1 = result;
	s->flags |= ANON_DP_RELEASED;
	return result;
}

/* a released count or integer sum as bigint, saturating (never an error) */
static Datum
anon_dp_int64_result(double v)
{
	/* an error would depend on the data; the noise makes these unreachable */
	if (v >= 9.2e18)
		return Int64GetDatum(PG_INT64_MAX);
	if (v <= -9.2e18)
		return Int64GetDatum(PG_INT64_MIN);
	return Int64GetDatum((int64) rint(v));
}

/* the layout of a count: the 2-argument finals are (state, epsilon or col) */
static AnonDpLayout
anon_dp_count_layout(FunctionCallInfo fcinfo)
{
	return PG_NARGS() > 2 ? ANON_DP_COUNT : ANON_DP_COUNT_STAR;
}

Datum
anon_dp_count_final(PG_FUNCTION_ARGS)
{
	return anon_dp_int64_result(anon_dp_release_state(fcinfo, anon_dp_count_layout(fcinfo), 'c'));
}

Datum
anon_dp_count_unclamped_final(PG_FUNCTION_ARGS)
{
	return anon_dp_int64_result(anon_dp_release_state(fcinfo, anon_dp_count_layout(fcinfo), 'u'));
}

Datum
anon_dp_sum_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(anon_dp_release_state(fcinfo, ANON_DP_VALUE, 's'));
}

Datum
anon_dp_sum_final_int(PG_FUNCTION_ARGS)
{
	return anon_dp_int64_result(anon_dp_release_state(fcinfo, ANON_DP_VALUE, 's'));
}

Datum
anon_dp_avg_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(anon_dp_release_state(fcinfo, ANON_DP_VALUE, 'a'));
}

Datum
anon_dp_var_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(anon_dp_release_state(fcinfo, ANON_DP_VALUE, 'v'));
}

Datum
anon_dp_stddev_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(anon_dp_release_state(fcinfo, ANON_DP_VALUE, 'd'));
}

/* Google's signatures: the same releases, another argument layout */
Datum
anon_dp_bounded_sum_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(anon_dp_release_state(fcinfo, ANON_DP_BOUNDED, 's'));
}

Datum
anon_dp_bounded_sum_final_int(PG_FUNCTION_ARGS)
{
	return anon_dp_int64_result(anon_dp_release_state(fcinfo, ANON_DP_BOUNDED, 's'));
}

Datum
anon_dp_bounded_avg_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(anon_dp_release_state(fcinfo, ANON_DP_BOUNDED, 'a'));
}

Datum
anon_dp_bounded_var_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(anon_dp_release_state(fcinfo, ANON_DP_BOUNDED, 'v'));
}

Datum
anon_dp_bounded_stddev_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(anon_dp_release_state(fcinfo, ANON_DP_BOUNDED, 'd'));
}

/*
 * anon._dp_noise_halfwidth(kind text, epsilon, lower, upper, delta,
 * confidence): half-width of the interval around a released count or sum
 * that holds the exact value with the given confidence.
 */
Datum
anon_dp_noise_halfwidth_sql(PG_FUNCTION_ARGS)
{
	char	   *kind = text_to_cstring(PG_GETARG_TEXT_PP(0));
	double		epsilon = PG_GETARG_FLOAT8(1);
	double		lower = PG_GETARG_FLOAT8(2);
	double		upper = PG_GETARG_FLOAT8(3);
	double		delta = PG_GETARG_FLOAT8(4);
	double		confidence = PG_GETARG_FLOAT8(5);
	double		sensitivity;
	bool		integer;
	AnonDpNoise noise;

	if (!(confidence > 0 && confidence < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence must be between 0 and 1")));
	if (strcmp(kind, "count") == 0)
	{
		sensitivity = 1.0;
		integer = true;
	}
	else if (strcmp(kind, "sum") == 0)
	{
		double		u1;
		double		u2;

		if (!(lower <= upper) || !isfinite(lower) || !isfinite(upper))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lower bound must be finite and not greater than the upper bound")));
		sensitivity = Max(fabs(lower), fabs(upper));
		integer = anon_dp_is_whole(lower) && anon_dp_is_whole(upper);
		/* as anon_dp_release_state releases a sum */
		anon_dp_quanta(lower, upper, integer, &u1, &u2);
		if (u1 != 1.0)
		{
			sensitivity *= 1.0 + ANON_DP_SUM_SLACK;
			integer = false;
		}
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence intervals are available for \"count\" and \"sum\"")));
	noise = anon_dp_noise(sensitivity, epsilon, delta, integer);
	PG_RETURN_FLOAT8(anon_dp_noise_halfwidth(&noise, 1.0 - confidence));
}

/* ---- quantiles: anon_percentile, anon_ntile ---- */

/*
 * A quantile is released from a noisy histogram: every one of the 256
 * equal bins of [lower, upper] gets its own noise.  Adding or removing one
 * row changes one bin by one, so the histogram has L1 and L2 sensitivity 1
 * and noise of scale 1/epsilon in every bin makes the whole histogram
 * epsilon-DP.  The quantile is then post-processing: the bin where the
 * running sum of the (non-negative) noisy counts reaches p times their
 * total, interpolated linearly inside the bin.  Its resolution is the bin
 * width, (upper - lower) / 256.
 */

StaticAssertDecl(sizeof(AnonDpQuantileState) == 56 + 8 * ANON_DP_QUANTILE_BINS,
				 "anon.dp_quantile_state has INTERNALLENGTH 2104 in sqlsrc/60_dp.sql");

Datum
anon_dp_qstate_in(PG_FUNCTION_ARGS)
{
	char	   *str = anon_dp_state_text(PG_GETARG_CSTRING(0));
	AnonDpQuantileState *s = palloc0(sizeof(AnonDpQuantileState));
	int			flags;
	int			n = 0;
	int			i;
	char	   *cp;

	if (sscanf(str, "(%lf,%lf,%lf,%lf,%lf,%d,%lf;%n",
			   &s->epsilon, &s->delta, &s->lower, &s->upper, &s->p,
			   &flags, &s->result, &n) != 7 || n == 0)
		goto bad;
	cp = str + n;
	for (i = 0; i < ANON_DP_QUANTILE_BINS; i++)
	{
		char	   *end;
		long long	v;

		errno = 0;
		v = strtoll(cp, &end, 10);
		if (end == cp || errno != 0 || v < 0)
			goto bad;
		s->bins[i] = v;
		cp = end;
		if (*cp != (i == ANON_DP_QUANTILE_BINS - 1 ? ')' : ','))
			goto bad;
		cp++;
	}
	if (*cp != '\0')
		goto bad;
	s->flags = flags;
	if ((flags & ~(ANON_DP_INTEGER | ANON_DP_RELEASED)) != 0
		|| !isfinite(s->lower) || !isfinite(s->upper) || s->lower > s->upper
		|| !(s->p >= 0 && s->p <= 1) || !isfinite(s->result))
		goto bad;
	anon_dp_check_epsilon(s->epsilon);
	anon_dp_check_delta(s->delta);
	PG_RETURN_POINTER(s);

bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type dp_quantile_state"),
			 errdetail("A dp_quantile_state is written (epsilon,delta,lower,upper,p,flags,result;count,...) with %d counts.",
					   ANON_DP_QUANTILE_BINS)));
	PG_RETURN_NULL();			/* keep compiler quiet */
}

Datum
anon_dp_qstate_out(PG_FUNCTION_ARGS)
{
	AnonDpQuantileState *s = (AnonDpQuantileState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "(%.17g,%.17g,%.17g,%.17g,%.17g,%d,%.17g;",
					 s->epsilon, s->delta, s->lower, s->upper, s->p,
					 s->flags, s->result);
	for (i = 0; i < ANON_DP_QUANTILE_BINS; i++)
		appendStringInfo(&buf, INT64_FORMAT "%c", s->bins[i],
						 i == ANON_DP_QUANTILE_BINS - 1 ? ')' : ',');
	PG_RETURN_CSTRING(anon_dp_state_seal(buf.data));
}

static AnonDpQuantileState *
anon_dp_new_qstate(MemoryContext cxt, const AnonDpParams *p)
{
	AnonDpQuantileState *s = MemoryContextAllocZero(cxt, sizeof(AnonDpQuantileState));

	s->epsilon = p->epsilon;
	s->delta = p->delta;
	s->lower = p->lower;
	s->upper = p->upper;
	s->p = p->p;
	s->flags = p->integer ? ANON_DP_INTEGER : 0;
	return s;
}

static Datum
anon_dp_quantile_trans_common(FunctionCallInfo fcinfo, AnonDpLayout layout)
{
	MemoryContext aggcxt;
	AnonDpParams *p;
	AnonDpQuantileState *s;
	double		x;
	int			bin;

	aggcxt = anon_dp_agg_context(fcinfo);
	p = anon_dp_params(fcinfo, layout);
	if (PG_ARGISNULL(0))
		s = anon_dp_new_qstate(aggcxt, p);
	else
		s = (AnonDpQuantileState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(s);
	x = anon_dp_datum_double(PG_GETARG_DATUM(1), p->valtype);
	if (isnan(x))
		PG_RETURN_POINTER(s);
	if (s->upper > s->lower)
	{
		double		pos = (x - s->lower) / (s->upper - s->lower) * ANON_DP_QUANTILE_BINS;

		bin = pos < 0 ? 0 : pos >= ANON_DP_QUANTILE_BINS ?
			ANON_DP_QUANTILE_BINS - 1 : (int) pos;
	}
	else
		bin = 0;
	s->bins[bin]++;
	PG_RETURN_POINTER(s);
}

/* anon_percentile (expr, p, epsilon, lower, upper [, delta]) */
Datum
anon_dp_quantile_trans(PG_FUNCTION_ARGS)
{
	return anon_dp_quantile_trans_common(fcinfo, ANON_DP_QUANTILE);
}

/* Google's anon_ntile (expr, percentile, lower, upper [, epsilon]) */
Datum
anon_dp_ntile_trans(PG_FUNCTION_ARGS)
{
	return anon_dp_quantile_trans_common(fcinfo, ANON_DP_NTILE);
}

Datum
anon_dp_quantile_combine(PG_FUNCTION_ARGS)
{
	AnonDpQuantileState *a;
	AnonDpQuantileState *b;
	Datum		result;
	int			i;

	if (anon_dp_combine_null(fcinfo, sizeof(AnonDpQuantileState), &result))
		return result;
	a = (AnonDpQuantileState *) PG_GETARG_POINTER(0);
	b = (AnonDpQuantileState *) PG_GETARG_POINTER(1);
	if (a->epsilon != b->epsilon || a->delta != b->delta || a->p != b->p
		|| a->lower != b->lower || a->upper != b->upper || a->flags != b->flags)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine differentially private states with different parameters")));
	for (i = 0; i < ANON_DP_QUANTILE_BINS; i++)
		a->bins[i] += b->bins[i];
	PG_RETURN_POINTER(a);
}

static double
anon_dp_quantile_release(FunctionCallInfo fcinfo, AnonDpLayout layout)
{
	AnonDpParams *p;
	AnonDpQuantileState *s;
	AnonDpNoise noise;
	double		noisy[ANON_DP_QUANTILE_BINS];
	double		total = 0;
	double		target;
	double		cum = 0;
	double		width;
	double		result;
	int			i;

	p = anon_dp_final_params(fcinfo, layout);
	if (PG_ARGISNULL(0))
		s = anon_dp_new_qstate(CurrentMemoryContext, p);
	else
		s = (AnonDpQuantileState *) PG_GETARG_POINTER(0);
	if (s->flags & ANON_DP_RELEASED)
		return s->result;

	anon_dp_charge(fcinfo, p, s->epsilon, s->delta);

	noise = anon_dp_noise(1.0, s->epsilon, s->delta, true);
	for (i = 0; i < ANON_DP_QUANTILE_BINS; i++)
	{
		/* one draw per bin: see anon_dp_clamp */
		noisy[i] = anon_dp_nonneg(anon_dp_release((double) s->bins[i], &noise));
		total += noisy[i];
	}
	width = (s->upper - s->lower) / ANON_DP_QUANTILE_BINS;
	if (total <= 0)
		result = s->lower + s->p * (s->upper - s->lower);
	else
	{
		target = s->p * total;
		result = s->upper;
		for (i = 0; i < ANON_DP_QUANTILE_BINS; i++)
		{
			if (noisy[i] > 0 && cum + noisy[i] >= target)
			{
				result = s->lower + width * (i + (target - cum) / noisy[i]);
				break;
			}
			cum += noisy[i];
		}
	}
	result = anon_dp_clamp(result, s->lower, s->upper);
	s->result = result;
	s->flags |= ANON_DP_RELEASED;
	return result;
}

Datum
anon_dp_quantile_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(anon_dp_quantile_release(fcinfo, ANON_DP_QUANTILE));
}

/* Google's anon_ntile: float8 for floating-point and numeric values */
Datum
anon_dp_ntile_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(anon_dp_quantile_release(fcinfo, ANON_DP_NTILE));
}

/* Google's anon_ntile: an integer for integer values (rounded) */
Datum
anon_dp_ntile_final_int(PG_FUNCTION_ARGS)
{
	return anon_dp_int64_result(anon_dp_quantile_release(fcinfo, ANON_DP_NTILE));
}

/* ---- partition selection (dp_guard.c) ---- */

Datum
anon_dp_partition_trans(PG_FUNCTION_ARGS)
{
	AnonDpState *s = anon_dp_trans_state(fcinfo, ANON_DP_PARTITION);

	s->count++;
	PG_RETURN_POINTER(s);
}

/*
 * anon._dp_partition_select(epsilon, delta): true when the group's count
 * plus discrete Laplace noise of scale b reaches the threshold
 * 1 + ceil(b ln(1 / (delta (1 + q)))), q = e^(-1/b), so that
 * P(noisy count of a one-row group >= threshold) = q^(threshold - 1) /
 * (1 + q) <= delta.  b is the scale the sampler really uses (1/epsilon
 * rounded up to a rational, see dp_sampler.c), not 1/epsilon: with a scale
 * a little larger than the threshold assumes, a delta chosen at the edge
 * (q^k / (1 + q) exactly) would be exceeded by a relative 1e-8.  The
 * threshold is raised by a relative 1e-12 against the rounding of log and
 * exp, which only lowers the probability.
 */
bool
anon_dp_partition_selected(int64 count, double epsilon, double delta)
{
	AnonDpNoise noise = anon_dp_noise(1.0, epsilon, 0, true);
	double		b;
	double		q;
	double		threshold;
	double		noisy;

	Assert(!noise.gaussian && noise.granularity == 1.0 && noise.num > 0);
	b = (double) noise.num / (double) noise.den;
	q = exp(-1.0 / b);
	threshold = 1.0 + ceil(b * log(1.0 / (delta * (1.0 + q))) * (1.0 + 1e-12));
	noisy = anon_dp_release((double) count, &noise);

	return noisy >= threshold;
}

Datum
anon_dp_partition_final(PG_FUNCTION_ARGS)
{
	AnonDpParams *p;
	AnonDpState *s = anon_dp_final_state(fcinfo, ANON_DP_PARTITION, &p);

	if (s->flags & ANON_DP_RELEASED)
		PG_RETURN_BOOL(s->s1 != 0);
	anon_dp_charge(fcinfo, p, s->epsilon, s->delta);
	s->s1 = anon_dp_partition_selected(s->count, s->epsilon, s->delta) ? 1 : 0;
	s->flags |= ANON_DP_RELEASED;
	PG_RETURN_BOOL(s->s1 != 0);
}

/* ---- randomized response (local DP) ---- */

/*
 * true with probability exp(-epsilon) exactly: a double is a dyadic
 * rational m / 2^k.
 */
static bool
anon_dp_bernoulli_exp_double(double epsilon)
{
	int			e;
	double		frac = frexp(epsilon, &e);	/* epsilon = frac * 2^e */
	uint64		m = (uint64) ldexp(frac, 53);
	int			k = 53 - e;

	Assert(k >= 0 && k < 127);
	return anon_dp_bernoulli_exp((uint128) m, (uint128) 1 << k);
}

static void
anon_dp_check_rr_epsilon(double epsilon)
{
	if (!(epsilon >= 1e-6 && epsilon <= 50))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("epsilon of randomized response must be between 1e-6 and 50")));
}

/*
 * anon.randomized_response(b bool, epsilon): b with probability
 * e^eps / (1 + e^eps), else not b (Warner 1965).  Sampled exactly: a
 * uniform choice between keeping and flipping, where flipping is accepted
 * with probability e^-eps, else the choice is drawn again.
 */
Datum
anon_randomized_response_bool(PG_FUNCTION_ARGS)
{
	bool		b;
	double		epsilon;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	anon_dp_check_rr_epsilon(PG_ARGISNULL(1) ? -1 : PG_GETARG_FLOAT8(1));
	b = PG_GETARG_BOOL(0);
	epsilon = PG_GETARG_FLOAT8(1);
	for (;;)
	{
		if (!anon_random_bit())
			PG_RETURN_BOOL(b);
		if (anon_dp_bernoulli_exp_double(epsilon))
			PG_RETURN_BOOL(!b);
	}
}

/*
 * anon.randomized_response(value anyelement, categories anyarray, epsilon):
 * value with probability e^eps / (e^eps + k - 1), else one of the k - 1
 * other categories, uniformly.  Exact: draw a category uniformly; accept
 * the true one always and any other with probability e^-eps.  The result
 * is always an element of categories (the first one equal to value when
 * it is the truthful answer).
 */
Datum
anon_randomized_response_any(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	Oid			elemtype;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;
	int			found = -1;
	double		epsilon;
	TypeCacheEntry *tc;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	anon_dp_check_rr_epsilon(PG_ARGISNULL(2) ? -1 : PG_GETARG_FLOAT8(2));
	epsilon = PG_GETARG_FLOAT8(2);
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("categories of randomized_response must not be null")));
	arr = PG_GETARG_ARRAYTYPE_P(1);
	elemtype = ARR_ELEMTYPE(arr);
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(arr, elemtype, typlen, typbyval, typalign,
					  &elems, &nulls, &n);
	if (n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("randomized_response needs at least two categories")));

	tc = lookup_type_cache(elemtype, TYPECACHE_EQ_OPR_FINFO);
	if (!OidIsValid(tc->eq_opr_finfo.fn_oid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("could not identify an equality operator for type %s",
						format_type_be(elemtype))));
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("categories of randomized_response must not contain null")));
		if (found < 0 && DatumGetBool(FunctionCall2Coll(&tc->eq_opr_finfo, PG_GET_COLLATION(),
													   PG_GETARG_DATUM(0), elems[i])))
			found = i;
	}
	if (found < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value of randomized_response is not one of its categories")));
	for (;;)
	{
		int			c = (int) anon_random_below((uint64) n);

		/*
		 * The category, never the answer itself: an answer equal to a
		 * category but written differently (numeric 1.000 for 1.0, -0 for
		 * 0, 'A' under a case-insensitive collation) would tell a truthful
		 * response from a random one.
		 */
		if (c == found)
			PG_RETURN_DATUM(datumCopy(elems[found], typbyval, typlen));
		if (anon_dp_bernoulli_exp_double(epsilon))
			PG_RETURN_DATUM(datumCopy(elems[c], typbyval, typlen));
	}
}
