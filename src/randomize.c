/*-------------------------------------------------------------------------
 *
 * randomize.c
 *		SQL functions that return random values: anon.random_*.
 *
 * These take no input value to mask: they draw a fresh value of the right
 * shape from src/random.c.  They are VOLATILE and PARALLEL SAFE (each
 * worker draws from its own generator).  Bounds are checked here, so that a
 * bad call says which argument is wrong instead of returning garbage: NULL
 * bounds, empty ranges and infinite timestamps are errors.  Two exceptions
 * keep PostgreSQL Anonymizer's policies working: random_in() of a NULL or
 * empty array and random_phone(NULL) give NULL (nothing to draw from).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "anon.h"
#include "random.h"
#include "randomize.h"

PG_FUNCTION_INFO_V1(anon_random_int_between_int4);
PG_FUNCTION_INFO_V1(anon_random_int_between_int8);
PG_FUNCTION_INFO_V1(anon_random_string);
PG_FUNCTION_INFO_V1(anon_random_date_between);
PG_FUNCTION_INFO_V1(anon_random_in);
PG_FUNCTION_INFO_V1(anon_random_zip);
PG_FUNCTION_INFO_V1(anon_random_phone);
PG_FUNCTION_INFO_V1(anon_sample_seed);

static const char anon_alnum[] =
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/*
 * Refuse a NULL argument with an error that names the function and the
 * argument, rather than let a NULL bound silently produce NULL.
 */
void
anon_reject_null_arg(FunctionCallInfo fcinfo, int argno,
					 const char *funcname, const char *argname)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s of %s must not be null", argname, funcname)));
}

static void
anon_check_bounds(int64 lo, int64 hi, const char *funcname)
{
	if (lo > hi)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lower bound of %s must not be greater than its upper bound",
						funcname),
				 errdetail_log("The range from " INT64_FORMAT " to " INT64_FORMAT " is empty.",
							   lo, hi)));
}

/*
 * n characters drawn uniformly from the k (at most 256) of alphabet, by
 * rejection: bytes at or above the largest multiple of k below 256 would
 * bias the draw.  Inlined with constant arguments, the modulo is by a
 * constant.
 */
static inline void
anon_random_chars(char *out, int n, const char *alphabet, int k)
{
	int			limit = 256 - 256 % k;
	int			i = 0;

	while (i < n)
	{
		uint8		b[16];
		int			want = n - i < (int) sizeof(b) ? n - i : (int) sizeof(b);
		int			j;

		/* as many bytes as characters still wanted: most are accepted */
		anon_random_bytes(b, want);
		for (j = 0; j < want; j++)
			if (b[j] < limit)
				out[i++] = alphabet[b[j] % k];
	}
}

void
anon_random_digits(char *out, int n)
{
	anon_random_chars(out, n, "0123456789", 10);
}

void
anon_random_alnum(char *out, int n)
{
	anon_random_chars(out, n, anon_alnum, 62);
}

/* anon.random_int_between(int, int): uniform in [lo, hi] */
Datum
anon_random_int_between_int4(PG_FUNCTION_ARGS)
{
	int32		lo;
	int32		hi;

	anon_reject_null_arg(fcinfo, 0, "anon.random_int_between", "lower bound");
	anon_reject_null_arg(fcinfo, 1, "anon.random_int_between", "upper bound");
	lo = PG_GETARG_INT32(0);
	hi = PG_GETARG_INT32(1);
	anon_check_bounds(lo, hi, "anon.random_int_between");

	PG_RETURN_INT32((int32) anon_random_int_between(lo, hi));
}

/* anon.random_bigint_between(bigint, bigint): uniform in [lo, hi] */
Datum
anon_random_int_between_int8(PG_FUNCTION_ARGS)
{
	int64		lo;
	int64		hi;

	anon_reject_null_arg(fcinfo, 0, "anon.random_bigint_between", "lower bound");
	anon_reject_null_arg(fcinfo, 1, "anon.random_bigint_between", "upper bound");
	lo = PG_GETARG_INT64(0);
	hi = PG_GETARG_INT64(1);
	anon_check_bounds(lo, hi, "anon.random_bigint_between");

	PG_RETURN_INT64(anon_random_int_between(lo, hi));
}

/* anon.random_string(length): letters and digits */
Datum
anon_random_string(PG_FUNCTION_ARGS)
{
	int32		len;
	text	   *result;

	anon_reject_null_arg(fcinfo, 0, "anon.random_string", "length");
	len = PG_GETARG_INT32(0);
	if (len < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("length of anon.random_string must not be negative"),
				 errdetail("The length given was %d.", len)));
	if ((Size) len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("length of anon.random_string is too large"),
				 errdetail("The length given was %d.", len)));

	result = (text *) palloc(VARHDRSZ + len);
	SET_VARSIZE(result, VARHDRSZ + len);
	anon_random_alnum(VARDATA(result), len);
	PG_RETURN_TEXT_P(result);
}

/* anon.random_date_between(timestamptz, timestamptz): uniform in [lo, hi] */
Datum
anon_random_date_between(PG_FUNCTION_ARGS)
{
	TimestampTz lo;
	TimestampTz hi;

	anon_reject_null_arg(fcinfo, 0, "anon.random_date_between", "lower bound");
	anon_reject_null_arg(fcinfo, 1, "anon.random_date_between", "upper bound");
	lo = PG_GETARG_TIMESTAMPTZ(0);
	hi = PG_GETARG_TIMESTAMPTZ(1);

	if (TIMESTAMP_NOT_FINITE(lo) || TIMESTAMP_NOT_FINITE(hi))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bounds of anon.random_date_between must be finite"),
				 errhint("Use two finite timestamps, such as '1900-01-01' and now().")));
	if (lo > hi)
	{
		/* timestamptz_to_str() returns a static buffer: one copy each */
		char	   *los = pstrdup(timestamptz_to_str(lo));
		char	   *his = pstrdup(timestamptz_to_str(hi));

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lower bound of anon.random_date_between must not be later than its upper bound"),
				 errdetail_log("The range from %s to %s is empty.", los, his)));
	}

	PG_RETURN_TIMESTAMPTZ((TimestampTz) anon_random_int_between(lo, hi));
}

/* anon.random_in(anyarray): one element, each with the same probability */
Datum
anon_random_in(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	Oid			elemtype;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int			pick;

	/* nothing to choose from: NULL, as PostgreSQL Anonymizer gives */
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	arr = PG_GETARG_ARRAYTYPE_P(0);
	elemtype = ARR_ELEMTYPE(arr);

	if (ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) == 0)
		PG_RETURN_NULL();

	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(arr, elemtype, typlen, typbyval, typalign,
					  &elems, &nulls, &nelems);

	pick = (int) anon_random_below((uint64) nelems);
	if (nulls[pick])
		PG_RETURN_NULL();
	PG_RETURN_DATUM(elems[pick]);
}

/* anon.random_zip(): five digits */
Datum
anon_random_zip(PG_FUNCTION_ARGS)
{
	char		buf[5];

	anon_random_digits(buf, sizeof(buf));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, sizeof(buf)));
}

/* anon.random_phone(prefix): the prefix and nine digits, the first not 0 */
Datum
anon_random_phone(PG_FUNCTION_ARGS)
{
	text	   *prefix;
	int			plen;
	text	   *result;
	char	   *p;

	/* a NULL prefix gives NULL, as PostgreSQL Anonymizer does */
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	prefix = PG_GETARG_TEXT_PP(0);
	plen = VARSIZE_ANY_EXHDR(prefix);

	result = (text *) palloc(VARHDRSZ + plen + 9);
	SET_VARSIZE(result, VARHDRSZ + plen + 9);
	p = VARDATA(result);
	memcpy(p, VARDATA_ANY(prefix), plen);
	p[plen] = '1' + (char) anon_random_below(9);
	anon_random_digits(p + plen + 1, 8);
	PG_RETURN_TEXT_P(result);
}

/*
 * anon.sample_seed(): the REPEATABLE seed of a sampling label written
 * without one, so that masked samples are drawn from OpenSSL, not from the
 * server's own generator.
 */
Datum
anon_sample_seed(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8((float8) anon_random_uint64());
}
