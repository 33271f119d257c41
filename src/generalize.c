/*-------------------------------------------------------------------------
 *
 * generalize.c
 *		Generalization functions: anon.generalize_*range and
 *		anon.generalize_prefix.
 *
 * Generalization replaces a value by a broader one that still contains it:
 * an age by the decade it falls in, a birth date by its year, a zip code by
 * its first digits.  The range functions keep PostgreSQL Anonymizer's names
 * and signatures; unlike its SQL versions, buckets are aligned with floor
 * division, so that negative values fall in [-10,0) and not in (-10,10),
 * and a bad step is an error.  As in PostgreSQL Anonymizer, a NULL value
 * or step gives the unbounded range (,) (which tells nothing), and a date
 * generalized by a step shorter than a day gives the empty range (a date
 * has no hour to keep).
 *
 * Every function here is pure (IMMUTABLE) except generalize_tstzrange,
 * whose buckets depend on the session's TimeZone (STABLE).  User-defined
 * hierarchies (anon.hierarchy, anon.generalize) are a table lookup and live
 * in SQL (sqlsrc/50_generalize.sql).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "compat.h"
#include "anon.h"
#include "generalize.h"

PG_FUNCTION_INFO_V1(anon_generalize_int4range);
PG_FUNCTION_INFO_V1(anon_generalize_int8range);
PG_FUNCTION_INFO_V1(anon_generalize_numrange);
PG_FUNCTION_INFO_V1(anon_generalize_daterange);
PG_FUNCTION_INFO_V1(anon_generalize_tsrange);
PG_FUNCTION_INFO_V1(anon_generalize_tstzrange);
PG_FUNCTION_INFO_V1(anon_generalize_prefix);

/* The time steps understood by the date and timestamp functions */
typedef struct AnonTimeStep
{
	const char *name;			/* date_trunc field name */
	int32		months;			/* width of one bucket */
	int32		days;
	int64		usecs;
	bool		date_ok;		/* valid for dates (no sub-day steps) */
} AnonTimeStep;

static const AnonTimeStep anon_time_steps[] = {
	{"millennium", 12000, 0, 0, true},
	{"century", 1200, 0, 0, true},
	{"decade", 120, 0, 0, true},
	{"year", 12, 0, 0, true},
	{"quarter", 3, 0, 0, true},
	{"month", 1, 0, 0, true},
	{"week", 0, 7, 0, true},
	{"day", 0, 1, 0, true},
	{"hour", 0, 0, USECS_PER_HOUR, false},
	{"minute", 0, 0, USECS_PER_MINUTE, false},
	{"second", 0, 0, USECS_PER_SEC, false},
	{"millisecond", 0, 0, 1000, false},
	{"microsecond", 0, 0, 1, false},
	{NULL, 0, 0, 0, false}
};

/*
 * Check a numeric step argument of a range function.
 */
static void
anon_check_step_positive(bool positive, const char *funcname)
{
	if (!positive)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("step of %s must be greater than zero", funcname)));
}

/*
 * Build a range [lo, hi) of the given range type; an unbounded side when
 * lo_inf / hi_inf.
 */
static Datum
anon_make_range(Oid rangetype, Datum lo, bool lo_inf, Datum hi, bool hi_inf)
{
	TypeCacheEntry *typcache = lookup_type_cache(rangetype, TYPECACHE_RANGE_INFO);
	RangeBound	lower;
	RangeBound	upper;

	lower.val = lo;
	lower.infinite = lo_inf;
	lower.inclusive = !lo_inf;
	lower.lower = true;
	upper.val = hi;
	upper.infinite = hi_inf;
	upper.inclusive = false;
	upper.lower = false;
	return RangeTypePGetDatum(anon_compat_make_range(typcache, &lower, &upper, false));
}

/*
 * Lower bound of the bucket of width step that holds val: floor division.
 */
static int64
anon_bucket_floor(int64 val, int64 step)
{
	int64		q = val / step;

	if (val % step != 0 && val < 0)
		q--;
	return q * step;
}

/*
 * anon.generalize_int4range(val int, step int DEFAULT 10): [lo, lo+step)
 * with lo a multiple of step; the upper side is unbounded when lo+step does
 * not fit in an integer.
 */
Datum
anon_generalize_int4range(PG_FUNCTION_ARGS)
{
	int32		val;
	int32		step;
	int64		lo;
	int64		hi;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_DATUM(anon_make_range(INT4RANGEOID, (Datum) 0, true, (Datum) 0, true));
	val = PG_GETARG_INT32(0);
	step = PG_GETARG_INT32(1);

	anon_check_step_positive(step > 0, "generalize_int4range");
	lo = anon_bucket_floor(val, step);
	hi = lo + step;
	PG_RETURN_DATUM(anon_make_range(INT4RANGEOID,
									Int32GetDatum((int32) lo), false,
									Int32GetDatum(hi > PG_INT32_MAX ? 0 : (int32) hi),
									hi > PG_INT32_MAX));
}

/*
 * anon.generalize_int8range(val bigint, step bigint DEFAULT 10)
 */
Datum
anon_generalize_int8range(PG_FUNCTION_ARGS)
{
	int64		val;
	int64		step;
	int64		lo;
	int64		hi;
	bool		hi_inf;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_DATUM(anon_make_range(INT8RANGEOID, (Datum) 0, true, (Datum) 0, true));
	val = PG_GETARG_INT64(0);
	step = PG_GETARG_INT64(1);

	anon_check_step_positive(step > 0, "generalize_int8range");
	lo = anon_bucket_floor(val, step);
	hi_inf = pg_add_s64_overflow(lo, step, &hi);
	PG_RETURN_DATUM(anon_make_range(INT8RANGEOID,
									Int64GetDatum(lo), false,
									Int64GetDatum(hi_inf ? 0 : hi), hi_inf));
}

/*
 * Whether a (non-NaN) numeric is greater than zero.
 */
static bool
anon_numeric_positive(Numeric num)
{
	Datum		zero = DirectFunctionCall1(int4_numeric, Int32GetDatum(0));

	return DatumGetBool(DirectFunctionCall2(numeric_gt, NumericGetDatum(num),
											zero));
}

/*
 * anon.generalize_numrange(val numeric, step numeric DEFAULT 10): exact, by
 * truncating division (div()) corrected towards minus infinity.
 */
Datum
anon_generalize_numrange(PG_FUNCTION_ARGS)
{
	Numeric		val;
	Numeric		step;
	Datum		q;
	Datum		lo;
	Datum		hi;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_DATUM(anon_make_range(NUMRANGEOID, (Datum) 0, true, (Datum) 0, true));
	val = PG_GETARG_NUMERIC(0);
	step = PG_GETARG_NUMERIC(1);

	anon_check_step_positive(!numeric_is_nan(step) && !numeric_is_inf(step) &&
							 anon_numeric_positive(step),
							 "generalize_numrange");
	if (numeric_is_nan(val))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("generalize_numrange cannot generalize NaN")));
	if (numeric_is_inf(val))
	{
		/* no finite bucket holds an infinite value: the whole line does */
		PG_RETURN_DATUM(anon_make_range(NUMRANGEOID, (Datum) 0, true,
										(Datum) 0, true));
	}

	q = DirectFunctionCall2(numeric_div_trunc, NumericGetDatum(val),
							NumericGetDatum(step));
	lo = DirectFunctionCall2(numeric_mul, q, NumericGetDatum(step));
	if (DatumGetBool(DirectFunctionCall2(numeric_gt, lo, NumericGetDatum(val))))
		lo = DirectFunctionCall2(numeric_sub, lo, NumericGetDatum(step));
	hi = DirectFunctionCall2(numeric_add, lo, NumericGetDatum(step));
	PG_RETURN_DATUM(anon_make_range(NUMRANGEOID, lo, false, hi, false));
}

/*
 * Look up a time step by name; error with the valid names when unknown.
 */
static const AnonTimeStep *
anon_lookup_time_step(text *steptext, bool for_date, const char *funcname)
{
	char	   *step = text_to_cstring(steptext);
	const AnonTimeStep *s;
	size_t		len = strlen(step);

	/* plurals, as date_trunc takes them: 'years', 'centuries', 'millennia' */
	if (pg_strcasecmp(step, "centuries") == 0)
		step = "century";
	else if (pg_strcasecmp(step, "millennia") == 0)
		step = "millennium";
	else if (len > 1 && (step[len - 1] == 's' || step[len - 1] == 'S'))
		step[len - 1] = '\0';

	for (s = anon_time_steps; s->name != NULL; s++)
	{
		if (pg_strcasecmp(step, s->name) == 0 && (s->date_ok || !for_date))
			return s;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unrecognized step for %s", funcname),
			 errhint("%s",
					 for_date
					 ? "Valid steps are millennium, century, decade, year, quarter, month, week and day."
					 : "Valid steps are millennium, century, decade, year, quarter, month, week, day, hour, minute, second, millisecond and microsecond.")));
	return NULL;				/* keep compiler quiet */
}

static Interval *
anon_step_interval(const AnonTimeStep *s)
{
	Interval   *iv = (Interval *) palloc0(sizeof(Interval));

	iv->month = s->months;
	iv->day = s->days;
	iv->time = s->usecs;
	return iv;
}

/*
 * Bucket of a timestamp (tz = false) or timestamptz (tz = true): its
 * date_trunc, and that plus one step.  Infinite values give the one-point
 * range [v, v].
 */
static Datum
anon_time_range(Oid rangetype, Datum ts, bool tz, const AnonTimeStep *s)
{
	Datum		field = CStringGetTextDatum(s->name);
	Datum		lo;
	Datum		hi;
	TypeCacheEntry *typcache;
	RangeBound	lower;
	RangeBound	upper;

	if (TIMESTAMP_NOT_FINITE(DatumGetTimestamp(ts)))
	{
		typcache = lookup_type_cache(rangetype, TYPECACHE_RANGE_INFO);
		lower.val = upper.val = ts;
		lower.infinite = upper.infinite = false;
		lower.inclusive = upper.inclusive = true;
		lower.lower = true;
		upper.lower = false;
		return RangeTypePGetDatum(anon_compat_make_range(typcache, &lower, &upper, false));
	}
	if (tz)
	{
		lo = DirectFunctionCall2(timestamptz_trunc, field, ts);
		hi = DirectFunctionCall2(timestamptz_pl_interval, lo,
								 IntervalPGetDatum(anon_step_interval(s)));
	}
	else
	{
		lo = DirectFunctionCall2(timestamp_trunc, field, ts);
		hi = DirectFunctionCall2(timestamp_pl_interval, lo,
								 IntervalPGetDatum(anon_step_interval(s)));
	}
	return anon_make_range(rangetype, lo, false, hi, false);
}

/*
 * anon.generalize_daterange(val date, step text DEFAULT 'decade')
 */
Datum
anon_generalize_daterange(PG_FUNCTION_ARGS)
{
	DateADT		val;
	const AnonTimeStep *s;
	Datum		lo;
	Datum		hi;
	TypeCacheEntry *typcache;
	RangeBound	lower;
	RangeBound	upper;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_DATUM(anon_make_range(DATERANGEOID, (Datum) 0, true, (Datum) 0, true));
	val = PG_GETARG_DATEADT(0);
	s = anon_lookup_time_step(PG_GETARG_TEXT_PP(1), false, "generalize_daterange");
	if (!s->date_ok)
	{
		/* a step shorter than a day: the empty range, as in PA */
		typcache = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);
		PG_RETURN_DATUM(RangeTypePGetDatum(make_empty_range(typcache)));
	}

	if (DATE_NOT_FINITE(val))
	{
		typcache = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);
		lower.val = upper.val = DateADTGetDatum(val);
		lower.infinite = upper.infinite = false;
		lower.inclusive = upper.inclusive = true;
		lower.lower = true;
		upper.lower = false;
		PG_RETURN_DATUM(RangeTypePGetDatum(anon_compat_make_range(typcache, &lower, &upper,
													  false)));
	}
	lo = DirectFunctionCall2(timestamp_trunc, CStringGetTextDatum(s->name),
							 DirectFunctionCall1(date_timestamp,
												 DateADTGetDatum(val)));
	hi = DirectFunctionCall2(timestamp_pl_interval, lo,
							 IntervalPGetDatum(anon_step_interval(s)));
	PG_RETURN_DATUM(anon_make_range(DATERANGEOID,
									DirectFunctionCall1(timestamp_date, lo), false,
									DirectFunctionCall1(timestamp_date, hi), false));
}

/*
 * anon.generalize_tsrange(val timestamp, step text DEFAULT 'decade')
 */
Datum
anon_generalize_tsrange(PG_FUNCTION_ARGS)
{
	const AnonTimeStep *s;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_DATUM(anon_make_range(TSRANGEOID, (Datum) 0, true, (Datum) 0, true));
	s = anon_lookup_time_step(PG_GETARG_TEXT_PP(1), false, "generalize_tsrange");

	PG_RETURN_DATUM(anon_time_range(TSRANGEOID, PG_GETARG_DATUM(0), false, s));
}

/*
 * anon.generalize_tstzrange(val timestamptz, step text DEFAULT 'decade'):
 * buckets follow the session's TimeZone.
 */
Datum
anon_generalize_tstzrange(PG_FUNCTION_ARGS)
{
	const AnonTimeStep *s;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_DATUM(anon_make_range(TSTZRANGEOID, (Datum) 0, true, (Datum) 0, true));
	s = anon_lookup_time_step(PG_GETARG_TEXT_PP(1), false, "generalize_tstzrange");

	PG_RETURN_DATUM(anon_time_range(TSTZRANGEOID, PG_GETARG_DATUM(0), true, s));
}

/*
 * anon.generalize_prefix(val text, keep int, mask text DEFAULT '*'): the
 * first keep characters of val, then one mask character for each character
 * after them ('75012', 3 -> '750**').  Characters, not bytes, are counted.
 */
Datum
anon_generalize_prefix(PG_FUNCTION_ARGS)
{
	text	   *val = PG_GETARG_TEXT_PP(0);
	int32		keep = PG_GETARG_INT32(1);
	text	   *mask = PG_GETARG_TEXT_PP(2);
	const char *src = VARDATA_ANY(val);
	int			srclen = VARSIZE_ANY_EXHDR(val);
	const char *msk = VARDATA_ANY(mask);
	int			msklen = VARSIZE_ANY_EXHDR(mask);
	int			nchars;
	int			keepbytes;
	int			i;
	StringInfoData buf;

	if (keep < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("keep of generalize_prefix must not be negative")));
	if (msklen == 0 || pg_mbstrlen_with_len(msk, msklen) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("mask of generalize_prefix must be exactly one character")));

	nchars = pg_mbstrlen_with_len(src, srclen);
	if (keep >= nchars)
		PG_RETURN_TEXT_P(val);

	keepbytes = 0;
	for (i = 0; i < keep; i++)
		keepbytes += pg_mblen(src + keepbytes);

	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, src, keepbytes);
	for (i = keep; i < nchars; i++)
		appendBinaryStringInfo(&buf, msk, msklen);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf.data, buf.len));
}
