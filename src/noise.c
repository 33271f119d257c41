/*-------------------------------------------------------------------------
 *
 * noise.c
 *		Noise: anon.noise(value, ratio) for the numeric types and
 *		anon.dnoise(value, interval) for dates and timestamps.
 *
 * anon.noise(v, r) draws uniformly from [v - |v| r, v + |v| r]: for the
 * integer types a uniform integer between v - d and v + d, with
 * d = floor(|v| r); for float4/float8 a uniform double; for numeric the
 * float8 draw of the factor 1 + r (2u - 1), applied in numeric and rounded
 * to the scale of the input, so prices with two decimals keep two.  With
 * r <= 1 the sign of v never changes; r > 1 may cross zero, as asked.
 *
 * The interval is clipped to the range of the type before drawing, so the
 * result is uniform over what the type can hold and no call ever overflows
 * (PostgreSQL Anonymizer retried with the opposite sign on overflow, which
 * skews the distribution).  NaN and infinities are returned unchanged.
 *
 * anon.dnoise(v, span) draws uniformly from [v - span, v + span], span
 * converted to microseconds with PostgreSQL's own interval arithmetic
 * convention for comparisons (a month is 30 days, a day 24 hours), clipped
 * to the valid range of the type; a date moves by whole days.
 *
 * All randomness comes from src/random.c.  The functions are VOLATILE,
 * STRICT (NULL in, NULL out) and PARALLEL SAFE.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "common/int.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/float.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "anon.h"
#include "noise.h"
#include "random.h"

PG_FUNCTION_INFO_V1(anon_noise_int2);
PG_FUNCTION_INFO_V1(anon_noise_int4);
PG_FUNCTION_INFO_V1(anon_noise_int8);
PG_FUNCTION_INFO_V1(anon_noise_float4);
PG_FUNCTION_INFO_V1(anon_noise_float8);
PG_FUNCTION_INFO_V1(anon_noise_numeric);
PG_FUNCTION_INFO_V1(anon_dnoise_date);
PG_FUNCTION_INFO_V1(anon_dnoise_timestamp);

static double
anon_noise_ratio(FunctionCallInfo fcinfo)
{
	double		ratio = PG_GETARG_FLOAT8(1);

	if (isnan(ratio) || isinf(ratio))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ratio of anon.noise must be a finite number"),
				 errhint("Give the largest relative change, such as 0.1 for 10%%.")));
	if (ratio < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ratio of anon.noise must not be negative"),
				 errdetail("The ratio given was %g.", ratio),
				 errhint("Give the largest relative change, such as 0.1 for 10%%.")));
	return ratio;
}

/*
 * Uniform integer in [v - d, v + d] intersected with [min, max], where
 * d = floor(|v| ratio).  The half-width is computed in long double, which
 * holds any int64 exactly on x86-64; beyond 2^63 it is capped.
 */
static int64
anon_noise_integer(int64 v, double ratio, int64 min, int64 max)
{
	long double absv = (v < 0) ? -(long double) v : (long double) v;
	long double dl = floorl(absv * (long double) ratio);
	int64		d;
	int64		lo;
	int64		hi;

	if (dl >= (long double) PG_INT64_MAX)
		d = PG_INT64_MAX;
	else
		d = (int64) dl;

	if (pg_sub_s64_overflow(v, d, &lo) || lo < min)
		lo = min;
	if (pg_add_s64_overflow(v, d, &hi) || hi > max)
		hi = max;
	return anon_random_int_between(lo, hi);
}

Datum
anon_noise_int2(PG_FUNCTION_ARGS)
{
	int16		v = PG_GETARG_INT16(0);
	double		ratio = anon_noise_ratio(fcinfo);

	PG_RETURN_INT16((int16) anon_noise_integer(v, ratio, PG_INT16_MIN, PG_INT16_MAX));
}

Datum
anon_noise_int4(PG_FUNCTION_ARGS)
{
	int32		v = PG_GETARG_INT32(0);
	double		ratio = anon_noise_ratio(fcinfo);

	PG_RETURN_INT32((int32) anon_noise_integer(v, ratio, PG_INT32_MIN, PG_INT32_MAX));
}

Datum
anon_noise_int8(PG_FUNCTION_ARGS)
{
	int64		v = PG_GETARG_INT64(0);
	double		ratio = anon_noise_ratio(fcinfo);

	PG_RETURN_INT64(anon_noise_integer(v, ratio, PG_INT64_MIN, PG_INT64_MAX));
}

/*
 * Uniform double in [v - |v| ratio, v + |v| ratio] clipped to [-max, max].
 * lo (1 - u) + hi u never overflows, unlike lo + (hi - lo) u.
 */
static double
anon_noise_double(double v, double ratio, double max)
{
	double		half;
	double		lo;
	double		hi;
	double		u;
	double		r;

	if (isnan(v) || isinf(v))
		return v;
	half = fabs(v) * ratio;
	lo = v - half;
	hi = v + half;
	if (!(lo >= -max))
		lo = -max;
	if (!(hi <= max))
		hi = max;
	u = anon_random_double();
	r = lo * (1.0 - u) + hi * u;
	/* rounding may step just outside [lo, hi] */
	if (r < lo)
		r = lo;
	if (r > hi)
		r = hi;
	return r;
}

Datum
anon_noise_float4(PG_FUNCTION_ARGS)
{
	float4		v = PG_GETARG_FLOAT4(0);
	double		ratio = anon_noise_ratio(fcinfo);
	double		r = anon_noise_double(v, ratio, FLT_MAX);
	float4		f = (float4) r;

	/* double to float rounding can reach infinity at the very edge */
	if (isinf(f) && !isinf(v))
		f = (r > 0) ? FLT_MAX : -FLT_MAX;
	PG_RETURN_FLOAT4(f);
}

Datum
anon_noise_float8(PG_FUNCTION_ARGS)
{
	float8		v = PG_GETARG_FLOAT8(0);
	double		ratio = anon_noise_ratio(fcinfo);

	PG_RETURN_FLOAT8(anon_noise_double(v, ratio, DBL_MAX));
}

/*
 * numeric: v * (1 + ratio (2u - 1)), rounded to the scale of v.  numeric has
 * no overflow to fear at these magnitudes (its range is far beyond any
 * factor a finite float8 ratio can make) and NaN / infinities pass through.
 */
Datum
anon_noise_numeric(PG_FUNCTION_ARGS)
{
	Numeric		v = PG_GETARG_NUMERIC(0);
	double		ratio = anon_noise_ratio(fcinfo);
	double		factor;
	Datum		scale;
	Datum		product;

	if (numeric_is_nan(v) || numeric_is_inf(v))
		PG_RETURN_NUMERIC(v);

	factor = 1.0 + ratio * (2.0 * anon_random_double() - 1.0);
	scale = DirectFunctionCall1(numeric_scale, NumericGetDatum(v));
	product = DirectFunctionCall2(numeric_mul, NumericGetDatum(v),
								  DirectFunctionCall1(float8_numeric,
													  Float8GetDatum(factor)));
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_round, product, scale));
}

/*
 * The half-width of an interval in microseconds (a month is 30 days, a day
 * 24 hours); an error when it is negative.  Saturates at PG_INT64_MAX.
 */
static int64
anon_dnoise_span(Interval *span)
{
	int128		usecs;

	usecs = (int128) span->time +
		((int128) span->month * DAYS_PER_MONTH + span->day) * USECS_PER_DAY;
	if (usecs < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("interval of anon.dnoise must not be negative"),
				 errhint("Give the largest shift in either direction, such as '10 days'.")));
	if (usecs > (int128) PG_INT64_MAX)
		return PG_INT64_MAX;
	return (int64) usecs;
}

/* uniform in [v - span, v + span] intersected with [min, max] */
static int64
anon_dnoise_between(int64 v, int64 span, int64 min, int64 max)
{
	int64		lo;
	int64		hi;

	if (pg_sub_s64_overflow(v, span, &lo) || lo < min)
		lo = min;
	if (pg_add_s64_overflow(v, span, &hi) || hi > max)
		hi = max;
	return anon_random_int_between(lo, hi);
}

/* anon.dnoise(date, interval): whole days */
Datum
anon_dnoise_date(PG_FUNCTION_ARGS)
{
	DateADT		v = PG_GETARG_DATEADT(0);
	int64		span = anon_dnoise_span(PG_GETARG_INTERVAL_P(1));

	if (DATE_NOT_FINITE(v))
		PG_RETURN_DATEADT(v);
	PG_RETURN_DATEADT((DateADT) anon_dnoise_between(v, span / USECS_PER_DAY,
													DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE,
													DATE_END_JULIAN - POSTGRES_EPOCH_JDATE - 1));
}

/* anon.dnoise(timestamp, interval) and anon.dnoise(timestamptz, interval) */
Datum
anon_dnoise_timestamp(PG_FUNCTION_ARGS)
{
	Timestamp	v = PG_GETARG_TIMESTAMP(0);
	int64		span = anon_dnoise_span(PG_GETARG_INTERVAL_P(1));

	if (TIMESTAMP_NOT_FINITE(v))
		PG_RETURN_TIMESTAMP(v);
	PG_RETURN_TIMESTAMP(anon_dnoise_between(v, span, MIN_TIMESTAMP, END_TIMESTAMP - 1));
}
