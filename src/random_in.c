/*-------------------------------------------------------------------------
 *
 * random_in.c
 *		Random values within a type or a range: anon.random_in_enum,
 *		anon.random_in_int4range / int8range / numrange / daterange /
 *		tsrange / tstzrange, anon.random_date() and anon.random_time().
 *
 * Each draw is uniform over the values the argument allows, bounds'
 * inclusivity respected: for the discrete types ([lo, hi) of int4range,
 * int8range and daterange after canonicalization) every value has the same
 * probability; for timestamps every microsecond; for numrange the value
 * lo + (hi - lo) u with u a 53-bit uniform double in [0, 1), drawn again in
 * the rare case it lands on an excluded bound.
 *
 * An empty or unbounded range holds no value to draw uniformly: the
 * result is NULL, as PostgreSQL Anonymizer gives (so its policies keep
 * working), and so is the result for a NULL range (STRICT).  NULL reveals
 * nothing of the value it masks.  anon.random_in_enum accepts a NULL of the enum type, as
 * enum_range() does, and draws from all the labels of the type.
 *
 * All randomness comes from src/random.c.  VOLATILE PARALLEL SAFE.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "anon.h"
#include "random.h"
#include "random_in.h"

PG_FUNCTION_INFO_V1(anon_random_in_enum);
PG_FUNCTION_INFO_V1(anon_random_in_int4range);
PG_FUNCTION_INFO_V1(anon_random_in_int8range);
PG_FUNCTION_INFO_V1(anon_random_in_daterange);
PG_FUNCTION_INFO_V1(anon_random_in_tsrange);
PG_FUNCTION_INFO_V1(anon_random_in_numrange);
PG_FUNCTION_INFO_V1(anon_random_date);
PG_FUNCTION_INFO_V1(anon_random_time);

/* the labels of an enum type, cached in fn_extra for the query */
typedef struct AnonEnumCache
{
	Oid			typid;
	int			nvalues;
	Oid			values[FLEXIBLE_ARRAY_MEMBER];
} AnonEnumCache;

/*
 * anon.random_in_enum(anyenum): one label of the enum type, each with the
 * same probability.
 */
Datum
anon_random_in_enum(PG_FUNCTION_ARGS)
{
	Oid			typid = get_fn_expr_argtype(fcinfo->flinfo, 0);
	AnonEnumCache *cache = (AnonEnumCache *) fcinfo->flinfo->fn_extra;

	if (!OidIsValid(typid))
		elog(ERROR, "could not determine the enum type of the argument of anon.random_in_enum");

	if (cache == NULL || cache->typid != typid)
	{
		CatCList   *list = SearchSysCacheList1(ENUMTYPOIDNAME,
											   ObjectIdGetDatum(typid));
		int			i;

		cache = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
								   offsetof(AnonEnumCache, values) +
								   sizeof(Oid) * Max(list->n_members, 1));
		cache->typid = typid;
		cache->nvalues = list->n_members;
		for (i = 0; i < list->n_members; i++)
		{
			Form_pg_enum en = (Form_pg_enum) GETSTRUCT(&list->members[i]->tuple);

			cache->values[i] = en->oid;
		}
		ReleaseSysCacheList(list);
		if (fcinfo->flinfo->fn_extra)
			pfree(fcinfo->flinfo->fn_extra);
		fcinfo->flinfo->fn_extra = cache;
	}

	if (cache->nvalues == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("enum type %s has no labels to choose from",
						format_type_be(typid)),
				 errhint("Add a label with ALTER TYPE ... ADD VALUE.")));

	PG_RETURN_OID(cache->values[anon_random_below((uint64) cache->nvalues)]);
}

/*
 * Deserialize a range argument; false when it is empty or has an infinite
 * bound (the caller returns NULL).
 */
static bool
anon_range_bounds(FunctionCallInfo fcinfo, const char *funcname,
				  RangeBound *lower, RangeBound *upper)
{
	RangeType  *r = PG_GETARG_RANGE_P(0);
	TypeCacheEntry *typcache = range_get_typcache(fcinfo, RangeTypeGetOid(r));
	bool		empty;

	range_deserialize(typcache, r, lower, upper, &empty);
	if (empty || lower->infinite || upper->infinite)
		return false;
	return true;
}

static void
anon_range_too_narrow(const char *funcname)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("range of %s holds no value", funcname),
			 errhint("Widen the range or include its bounds.")));
}

/*
 * Uniform integer in the discrete range from lo to hi, with the given
 * inclusivity; [min, max] is the domain of the element type.
 */
static int64
anon_random_discrete(int64 lo, bool lo_inc, int64 hi, bool hi_inc,
					 const char *funcname)
{
	if (!lo_inc)
	{
		if (lo == PG_INT64_MAX)
			anon_range_too_narrow(funcname);
		lo++;
	}
	if (!hi_inc)
	{
		if (hi == PG_INT64_MIN)
			anon_range_too_narrow(funcname);
		hi--;
	}
	if (lo > hi)
		anon_range_too_narrow(funcname);
	return anon_random_int_between(lo, hi);
}

Datum
anon_random_in_int4range(PG_FUNCTION_ARGS)
{
	RangeBound	lower;
	RangeBound	upper;

	if (!anon_range_bounds(fcinfo, "anon.random_in_int4range", &lower, &upper))
		PG_RETURN_NULL();
	PG_RETURN_INT32((int32) anon_random_discrete(DatumGetInt32(lower.val), lower.inclusive,
												 DatumGetInt32(upper.val), upper.inclusive,
												 "anon.random_in_int4range"));
}

Datum
anon_random_in_int8range(PG_FUNCTION_ARGS)
{
	RangeBound	lower;
	RangeBound	upper;

	if (!anon_range_bounds(fcinfo, "anon.random_in_int8range", &lower, &upper))
		PG_RETURN_NULL();
	PG_RETURN_INT64(anon_random_discrete(DatumGetInt64(lower.val), lower.inclusive,
										 DatumGetInt64(upper.val), upper.inclusive,
										 "anon.random_in_int8range"));
}

Datum
anon_random_in_daterange(PG_FUNCTION_ARGS)
{
	RangeBound	lower;
	RangeBound	upper;
	DateADT		lo;
	DateADT		hi;

	if (!anon_range_bounds(fcinfo, "anon.random_in_daterange", &lower, &upper))
		PG_RETURN_NULL();
	lo = DatumGetDateADT(lower.val);
	hi = DatumGetDateADT(upper.val);
	if (DATE_NOT_FINITE(lo) || DATE_NOT_FINITE(hi))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("range of anon.random_in_daterange must be bounded"),
				 errhint("Give two finite dates.")));
	PG_RETURN_DATEADT((DateADT) anon_random_discrete(lo, lower.inclusive,
													 hi, upper.inclusive,
													 "anon.random_in_daterange"));
}

/* tsrange and tstzrange: both store int64 microseconds */
Datum
anon_random_in_tsrange(PG_FUNCTION_ARGS)
{
	const char *funcname;
	RangeBound	lower;
	RangeBound	upper;
	Timestamp	lo;
	Timestamp	hi;

	funcname = (RangeTypeGetOid(PG_GETARG_RANGE_P(0)) == TSTZRANGEOID) ?
		"anon.random_in_tstzrange" : "anon.random_in_tsrange";
	if (!anon_range_bounds(fcinfo, funcname, &lower, &upper))
		PG_RETURN_NULL();
	lo = DatumGetTimestamp(lower.val);
	hi = DatumGetTimestamp(upper.val);
	if (TIMESTAMP_NOT_FINITE(lo) || TIMESTAMP_NOT_FINITE(hi))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("range of %s must be bounded", funcname),
				 errhint("Give two finite timestamps.")));
	PG_RETURN_TIMESTAMP(anon_random_discrete(lo, lower.inclusive,
											 hi, upper.inclusive,
											 funcname));
}

/* numrange: lo + (hi - lo) u, drawn again on an excluded bound */
Datum
anon_random_in_numrange(PG_FUNCTION_ARGS)
{
	RangeBound	lower;
	RangeBound	upper;
	Numeric		lo;
	Numeric		hi;
	Datum		width;
	int			tries;

	if (!anon_range_bounds(fcinfo, "anon.random_in_numrange", &lower, &upper))
		PG_RETURN_NULL();
	lo = DatumGetNumeric(lower.val);
	hi = DatumGetNumeric(upper.val);
	if (numeric_is_inf(lo) || numeric_is_inf(hi))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("range of anon.random_in_numrange must be bounded"),
				 errhint("Give two finite numbers.")));

	width = DirectFunctionCall2(numeric_sub, NumericGetDatum(hi), NumericGetDatum(lo));
	/* a non-empty range with equal bounds is [v,v]: v is the only value */
	if (DatumGetInt32(DirectFunctionCall1(numeric_sign, width)) == 0)
		PG_RETURN_NUMERIC(lo);

	for (tries = 0; tries < 64; tries++)
	{
		double		u = anon_random_double();
		Datum		v;

		/* u < 1, so only the lower bound can be hit, and only when u = 0 */
		if (u == 0.0 && !lower.inclusive)
			continue;
		v = DirectFunctionCall2(numeric_add, NumericGetDatum(lo),
								DirectFunctionCall2(numeric_mul, width,
													DirectFunctionCall1(float8_numeric,
																		Float8GetDatum(u))));
		PG_RETURN_DATUM(v);
	}
	elog(ERROR, "anon.random_in_numrange drew an excluded bound 64 times");
	PG_RETURN_NULL();			/* keep the compiler quiet */
}

/*
 * anon.random_date(): a timestamptz between 1900-01-01 (session time zone)
 * and now(), as PostgreSQL Anonymizer's random_date().
 */
Datum
anon_random_date(PG_FUNCTION_ARGS)
{
	DateADT		d1900 = date2j(1900, 1, 1) - POSTGRES_EPOCH_JDATE;
	TimestampTz lo = DatumGetTimestampTz(DirectFunctionCall1(date_timestamptz,
															 DateADTGetDatum(d1900)));
	TimestampTz hi = GetCurrentTransactionStartTimestamp();

	PG_RETURN_TIMESTAMPTZ((TimestampTz) anon_random_int_between(lo, hi));
}

/* anon.random_time(): a time of day, every microsecond of [00:00, 24:00) */
Datum
anon_random_time(PG_FUNCTION_ARGS)
{
	PG_RETURN_TIMEADT((TimeADT) anon_random_below((uint64) USECS_PER_DAY));
}
