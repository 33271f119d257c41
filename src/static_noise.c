/*-------------------------------------------------------------------------
 *
 * static_noise.c
 *		Static noise: anon.add_noise_on_numeric_column and
 *		anon.add_noise_on_datetime_column (PostgreSQL Anonymizer's names).
 *
 * Both rewrite one column in place through the static masking machinery
 * (static.c): one pass, as the table's owner, all or nothing, partitions
 * and inheritance children included.  The noise is uniform and symmetric:
 *
 *	numeric:  v' = v * (1 + ratio * U)		U uniform on [-1, 1)
 *	datetime: v' = v + variation * U
 *
 * which is the formula PostgreSQL Anonymizer documents for these two
 * functions (its "Adding Noise" page: each value is moved by at most ratio
 * of itself, or by at most the given interval).  U is drawn per row from
 * the OpenSSL source of src/random.h with 53 random bits.  Integer columns
 * are rounded back to the nearest integer, dates to the day.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "anon.h"
#include "pa_compat.h"
#include "random.h"
#include "randomize.h"
#include "static.h"

PG_FUNCTION_INFO_V1(anon_add_noise_on_numeric_column);
PG_FUNCTION_INFO_V1(anon_add_noise_on_datetime_column);
PG_FUNCTION_INFO_V1(anon_static_noise_factor);
PG_FUNCTION_INFO_V1(anon_static_noise_interval);

/* U uniform on [-1, 1) */
static double
anon_static_symmetric_unit(void)
{
	return 2.0 * anon_random_double() - 1.0;
}

/*
 * anon._static_noise_factor(ratio float8): 1 + ratio * U
 */
Datum
anon_static_noise_factor(PG_FUNCTION_ARGS)
{
	float8		ratio = PG_GETARG_FLOAT8(0);

	PG_RETURN_FLOAT8(1.0 + ratio * anon_static_symmetric_unit());
}

/*
 * anon._static_noise_interval(variation interval): variation * U
 */
Datum
anon_static_noise_interval(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall2(interval_mul, PG_GETARG_DATUM(0),
							   Float8GetDatum(anon_static_symmetric_unit()));
}

/* the type of column of relid, with an error if it does not exist */
static Oid
anon_static_column_type(Oid relid, const char *column)
{
	AttrNumber	att = get_attnum(relid, column);
	Oid			type;
	int32		typmod;
	Oid			collation;

	if (att == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						column, get_rel_name(relid))));
	get_atttypetypmodcoll(relid, att, &type, &typmod, &collation);
	return getBaseType(type);
}

/*
 * anon.add_noise_on_numeric_column(noise_table regclass, noise_column text,
 *									ratio float8)
 */
Datum
anon_add_noise_on_numeric_column(PG_FUNCTION_ARGS)
{
	Oid			relid;
	char	   *column;
	float8		ratio;
	Oid			type;
	char	   *expr;

	anon_pa_require_static_masking();
	anon_reject_null_arg(fcinfo, 0, "add_noise_on_numeric_column", "noise_table");
	anon_reject_null_arg(fcinfo, 1, "add_noise_on_numeric_column", "noise_column");
	anon_reject_null_arg(fcinfo, 2, "add_noise_on_numeric_column", "ratio");
	relid = PG_GETARG_OID(0);
	column = text_to_cstring(PG_GETARG_TEXT_PP(1));
	ratio = PG_GETARG_FLOAT8(2);

	if (isnan(ratio) || isinf(ratio) || ratio < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ratio of add_noise_on_numeric_column must be a finite number, zero or more"),
				 errhint("A ratio of 0.1 moves each value by at most 10%% of itself.")));

	type = anon_static_column_type(relid, column);
	switch (type)
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" of relation \"%s\" is of type %s, not a numeric type",
							column, get_rel_name(relid), format_type_be(type)),
					 errhint("The function add_noise_on_numeric_column works on smallint, integer, bigint, "
							 "real, double precision and numeric columns.")));
	}

	expr = psprintf("%s * anon._static_noise_factor(%s::float8)%s",
					quote_identifier(column),
					quote_literal_cstr(float8out_internal(ratio)),
					type == NUMERICOID ? "::numeric" : "");
	anon_static_apply_expression(fcinfo, relid, column, expr);
	return (Datum) 0;
}

/*
 * anon.add_noise_on_datetime_column(noise_table regclass, noise_column text,
 *									 variation interval)
 */
Datum
anon_add_noise_on_datetime_column(PG_FUNCTION_ARGS)
{
	Oid			relid;
	char	   *column;
	Oid			type;
	char	   *expr;

	anon_pa_require_static_masking();
	anon_reject_null_arg(fcinfo, 0, "add_noise_on_datetime_column", "noise_table");
	anon_reject_null_arg(fcinfo, 1, "add_noise_on_datetime_column", "noise_column");
	anon_reject_null_arg(fcinfo, 2, "add_noise_on_datetime_column", "variation");
	relid = PG_GETARG_OID(0);
	column = text_to_cstring(PG_GETARG_TEXT_PP(1));

	type = anon_static_column_type(relid, column);
	if (type != DATEOID && type != TIMESTAMPOID && type != TIMESTAMPTZOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of relation \"%s\" is of type %s, not a date or timestamp type",
						column, get_rel_name(relid), format_type_be(type)),
				 errhint("The function add_noise_on_datetime_column works on date, timestamp and timestamptz columns.")));

	expr = psprintf("%s + anon._static_noise_interval(%s::interval)",
					quote_identifier(column),
					quote_literal_cstr(DatumGetCString(DirectFunctionCall1(interval_out,
																		   PG_GETARG_DATUM(2)))));
	anon_static_apply_expression(fcinfo, relid, column, expr);
	return (Datum) 0;
}
