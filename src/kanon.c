/*-------------------------------------------------------------------------
 *
 * kanon.c
 *		k-anonymity, l-diversity, t-closeness and re-identification risk of
 *		a relation or of a query, over its quasi-identifiers.
 *
 * The quasi-identifiers of a relation are its columns labelled
 * QUASI-IDENTIFIER for policy anon (or INDIRECT IDENTIFIER for provider
 * k_anonymity, PostgreSQL Anonymizer's spelling), read from the rules cache
 * (src/rules.c); every function also takes an explicit column list, which
 * the query forms require.  The rows sharing the same values of the
 * quasi-identifiers form an equivalence class.
 *
 * Every measure is one SQL statement run through SPI as the caller (these
 * functions are not SECURITY DEFINER, so the caller's privileges apply),
 * read-only, with every identifier quoted: one GROUP BY over the data gives
 * the class sizes (and for l and t the counts per class and sensitive
 * value); the small aggregated result is then reduced in SQL or here.
 * Nothing is done row by row in C over the data itself.
 *
 * Definitions:
 *	- k-anonymity (Samarati & Sweeney 1998): the size of the smallest class.
 *	- distinct l-diversity (Machanavajjhala et al. 2007): the smallest number
 *	  of distinct sensitive values in a class; entropy l-diversity: exp of
 *	  the smallest entropy -sum(p ln p) of the sensitive values in a class.
 *	- t-closeness (Li, Li & Venkatasubramanian, ICDE 2007): the largest Earth
 *	  Mover's Distance between a class's distribution of the sensitive value
 *	  and the whole table's.  For ordered values (numbers, dates, times) the
 *	  ground distance between the i-th and j-th of the m distinct values is
 *	  |i-j|/(m-1), which gives EMD = 1/(m-1) * sum_i |sum_{j<=i} (p_j-q_j)|;
 *	  for categorical values every distance is 1, which gives the variational
 *	  distance EMD = 1/2 * sum_i |p_i-q_i|.
 *	- risk (ARX, Prasser et al., "Flexible data anonymization using ARX",
 *	  Softw. Pract. Exper. 2016, and El Emam's risk models): with f_j the
 *	  size of class j and n the number of records, the prosecutor risk of a
 *	  record is 1/f_j; its maximum is 1/k, its average over records is
 *	  classes/n; the marketer risk is classes/n as well when the table is
 *	  the population, else (1/n) sum_j f_j/F_j with F_j the size of the
 *	  class in the population; the journalist risk is max_j 1/F_j.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "access/transam.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "kanon.h"
#include "rules.h"
#include "owner_guard.h"
#include "utility_guard.h"

PG_FUNCTION_INFO_V1(anon_k_anonymity);
PG_FUNCTION_INFO_V1(anon_k_anonymity_query);
PG_FUNCTION_INFO_V1(anon_l_diversity);
PG_FUNCTION_INFO_V1(anon_l_diversity_query);
PG_FUNCTION_INFO_V1(anon_t_closeness);
PG_FUNCTION_INFO_V1(anon_t_closeness_query);
PG_FUNCTION_INFO_V1(anon_risk);

/* What a measure reads: a FROM item and the quasi-identifiers in it */
typedef struct AnonKanonSource
{
	char	   *from;			/* "s.t" or "(\n<query>\n) q" */
	List	   *columns;		/* unquoted names */
	const char *what;			/* for messages: the relation, or "query" */
	bool		fixed_path;		/* run under search_path = pg_catalog, pg_temp */
} AnonKanonSource;

/*
 * Error unless relid is something rows can be read from.
 */
void
anon_kanon_check_relation(Oid relid)
{
	char		relkind = get_rel_relkind(relid);

	if (relkind == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));
	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE &&
		relkind != RELKIND_VIEW && relkind != RELKIND_MATVIEW &&
		relkind != RELKIND_FOREIGN_TABLE)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not a table, view or materialized view",
						get_rel_name(relid))));
	/* a view's functions would run with the caller's rights */
	anon_author_check_view(relid, "a k-anonymity measure");
}

char *
anon_kanon_relation_from(Oid relid)
{
	return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
									  get_rel_name(relid));
}

char *
anon_kanon_column_list(List *columns, const char *prefix)
{
	StringInfoData buf;
	ListCell   *lc;

	initStringInfo(&buf);
	foreach(lc, columns)
	{
		if (buf.len > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfo(&buf, "%s%s", prefix,
						 quote_identifier((char *) lfirst(lc)));
	}
	return buf.data;
}

/*
 * The names of an explicit column array; errors on NULL elements,
 * duplicates and an empty array.
 */
static List *
anon_kanon_column_array(ArrayType *columns)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	List	   *result = NIL;
	int			i;

	deconstruct_array(columns, TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &nelems);
	if (nelems == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the list of quasi-identifiers is empty")));
	for (i = 0; i < nelems; i++)
	{
		char	   *name;
		ListCell   *lc;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("the list of quasi-identifiers contains a NULL")));
		name = TextDatumGetCString(elems[i]);
		foreach(lc, result)
		{
			if (strcmp((char *) lfirst(lc), name) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_DUPLICATE_COLUMN),
						 errmsg("column \"%s\" appears twice in the list of quasi-identifiers",
								name)));
		}
		result = lappend(result, name);
	}
	return result;
}

/* error unless name is a live user column of relid */
static void
anon_kanon_check_column(Oid relid, const char *name)
{
	AttrNumber	attnum = get_attnum(relid, name);

	if (attnum == InvalidAttrNumber || attnum < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						name, get_rel_name(relid))));
}

List *
anon_kanon_columns(Oid relid, ArrayType *columns)
{
	List	   *result = NIL;

	if (columns != NULL)
	{
		ListCell   *lc;

		result = anon_kanon_column_array(columns);
		foreach(lc, result)
			anon_kanon_check_column(relid, (char *) lfirst(lc));
	}
	else
	{
		const AnonRelationRules *rules = anon_rules_get(relid, 0);
		int			nquasi = rules->nquasi;
		AttrNumber *quasi = palloc(sizeof(AttrNumber) * Max(1, nquasi));
		int			i;

		/* copy first: the cache entry may go on the next catalog access */
		memcpy(quasi, rules->quasi, sizeof(AttrNumber) * nquasi);
		for (i = 0; i < nquasi; i++)
		{
			char	   *name = get_attname(relid, quasi[i], true);

			if (name != NULL)
				result = lappend(result, name);
		}
		if (result == NIL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("relation \"%s\" has no quasi-identifier",
							get_rel_name(relid)),
					 errhint("Label them with SECURITY LABEL FOR anon ON COLUMN ... IS 'QUASI-IDENTIFIER', or pass the list of columns.")));
	}
	return result;
}

/* the source of a relation form */
static AnonKanonSource
anon_kanon_source_relation(Oid relid, ArrayType *columns)
{
	AnonKanonSource src;

	anon_kanon_check_relation(relid);
	/* read as the caller: the planner would run its owner's code */
	anon_owner_check_planned(relid, "a k-anonymity measure");
	src.columns = anon_kanon_columns(relid, columns);
	src.from = anon_kanon_relation_from(relid);
	src.what = get_rel_name(relid);
	src.fixed_path = true;
	return src;
}

/*
 * The source of a query form: query must be exactly one SELECT (no INTO),
 * so that wrapping it in parentheses keeps its meaning.
 */
static AnonKanonSource
anon_kanon_source_query(text *query, ArrayType *columns)
{
	AnonKanonSource src;
	char	   *sql = text_to_cstring(query);
	List	   *raw = raw_parser(sql, RAW_PARSE_DEFAULT);
	Node	   *stmt = list_length(raw) == 1 ? ((RawStmt *) linitial(raw))->stmt : NULL;

	if (stmt == NULL || !IsA(stmt, SelectStmt) ||
		((SelectStmt *) stmt)->intoClause != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the query to measure must be a single SELECT statement")));
	src.columns = anon_kanon_column_array(columns);
	src.from = psprintf("(\n%s\n) AS anon_q", sql);
	src.what = "query";
	src.fixed_path = false;		/* the caller's own SQL, under its own path */
	return src;
}

/* error when the sensitive column is also a quasi-identifier */
static void
anon_kanon_check_sensitive(AnonKanonSource *src, const char *sensitive)
{
	ListCell   *lc;

	foreach(lc, src->columns)
	{
		if (strcmp((char *) lfirst(lc), sensitive) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sensitive column \"%s\" is also a quasi-identifier",
							sensitive)));
	}
}

/*
 * Run a read-only statement; error unless it succeeds.  Over a relation
 * (fixed_path), the statement, which names aggregates and operators
 * without their schema, runs with search_path = pg_catalog, pg_temp: the
 * caller is often a superuser measuring someone else's table, and a
 * schema of the table's owner on the session's path (ALTER DATABASE ...
 * SET search_path) must not put the owner's min() or = in their place.
 * A query the caller wrote runs under the caller's own path.
 */
static void
anon_kanon_execute(const char *sql, bool fixed_path)
{
	int			save_nestlevel = 0;
	int			rc;

	if (fixed_path)
	{
		save_nestlevel = NewGUCNestLevel();
		(void) set_config_option("search_path", "pg_catalog, pg_temp",
								 PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
	}
	rc = SPI_execute(sql, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
	if (fixed_path)
		AtEOXact_GUC(true, save_nestlevel);
}

/* column col (1-based) of row of the last result, or isnull */
static Datum
anon_kanon_value(int row, int col, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col,
						 isnull);
}

/* ---- k-anonymity ---- */

static Datum
anon_kanon_k(AnonKanonSource *src, bool *isnull)
{
	char	   *cols = anon_kanon_column_list(src->columns, "");
	char	   *sql;
	Datum		k;

	/* the very statement a DBA would write: the benchmark's baseline */
	sql = psprintf("SELECT min(c) FROM (SELECT count(*) AS c FROM %s GROUP BY %s) AS s",
				   src->from, cols);
	SPI_connect();
	anon_kanon_execute(sql, src->fixed_path);
	k = anon_kanon_value(0, 1, isnull);
	SPI_finish();
	return k;
}

/*
 * anon.k_anonymity(relid regclass, columns text[] DEFAULT NULL): the size
 * of the smallest class, NULL for an empty relation.  A relation without
 * quasi-identifiers (and no columns given) gives NULL with a WARNING, as in
 * PostgreSQL Anonymizer; the other measures make that an error.
 */
Datum
anon_k_anonymity(PG_FUNCTION_ARGS)
{
	AnonKanonSource src;
	bool		isnull;
	Datum		k;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
	{
		Oid			relid = PG_GETARG_OID(0);

		anon_kanon_check_relation(relid);
		if (anon_rules_get(relid, 0)->nquasi == 0)
		{
			ereport(WARNING,
					(errmsg("relation \"%s\" has no quasi-identifier", get_rel_name(relid)),
					 errhint("Label them with SECURITY LABEL FOR anon ON COLUMN ... IS 'QUASI-IDENTIFIER', or pass the list of columns.")));
			PG_RETURN_NULL();
		}
	}
	src = anon_kanon_source_relation(PG_GETARG_OID(0),
									 PG_ARGISNULL(1) ? NULL : PG_GETARG_ARRAYTYPE_P(1));
	k = anon_kanon_k(&src, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(k);
}

/* anon.k_anonymity_query(query text, columns text[]) */
Datum
anon_k_anonymity_query(PG_FUNCTION_ARGS)
{
	AnonKanonSource src = anon_kanon_source_query(PG_GETARG_TEXT_PP(0),
												  PG_GETARG_ARRAYTYPE_P(1));
	bool		isnull;
	Datum		k = anon_kanon_k(&src, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(k);
}

/* ---- l-diversity ---- */

/*
 * One GROUP BY (classes x sensitive values), then per class the number of
 * distinct values and the entropy ln N - sum(n ln n)/N of their counts.
 */
static Datum
anon_kanon_l(FunctionCallInfo fcinfo, AnonKanonSource *src, const char *sensitive)
{
	char	   *cols = anon_kanon_column_list(src->columns, "");
	const char *sens = quote_identifier(sensitive);
	char	   *sql;
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2];

	anon_kanon_check_sensitive(src, sensitive);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);

	sql = psprintf("SELECT min(d), exp(min(h)) FROM ("
				   "SELECT count(*) AS d, ln(sum(n)) - sum(n * ln(n)) / sum(n) AS h FROM ("
				   "SELECT %s, %s, count(*)::float8 AS n FROM %s GROUP BY %s, %s"
				   ") AS g GROUP BY %s) AS s",
				   cols, sens, src->from, cols, sens, cols);
	SPI_connect();
	anon_kanon_execute(sql, src->fixed_path);
	values[0] = anon_kanon_value(0, 1, &nulls[0]);
	values[1] = anon_kanon_value(0, 2, &nulls[1]);
	SPI_finish();
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/*
 * anon.l_diversity(relid regclass, sensitive name, columns text[] DEFAULT
 * NULL, OUT distinct_l bigint, OUT entropy_l float8)
 */
Datum
anon_l_diversity(PG_FUNCTION_ARGS)
{
	AnonKanonSource src;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	src = anon_kanon_source_relation(PG_GETARG_OID(0),
									 PG_ARGISNULL(2) ? NULL : PG_GETARG_ARRAYTYPE_P(2));
	anon_kanon_check_column(PG_GETARG_OID(0), NameStr(*PG_GETARG_NAME(1)));
	PG_RETURN_DATUM(anon_kanon_l(fcinfo, &src, NameStr(*PG_GETARG_NAME(1))));
}

/* anon.l_diversity_query(query text, sensitive name, columns text[]) */
Datum
anon_l_diversity_query(PG_FUNCTION_ARGS)
{
	AnonKanonSource src = anon_kanon_source_query(PG_GETARG_TEXT_PP(0),
												  PG_GETARG_ARRAYTYPE_P(2));

	PG_RETURN_DATUM(anon_kanon_l(fcinfo, &src, NameStr(*PG_GETARG_NAME(1))));
}

/* ---- t-closeness ---- */

/*
 * The largest EMD between a class's distribution of the sensitive value and
 * the whole distribution.  SQL gives one row per (class, value) with the
 * dense ranks of both and the count, sorted; the reduction is O(rows) for
 * categorical values and O(classes * m) for ordered ones.  ordered: 1 yes,
 * 0 no, -1 from the type of the sensitive column.
 */
static double
anon_kanon_t(AnonKanonSource *src, const char *sensitive, int ordered,
			 bool *isnull)
{
	char	   *cols = anon_kanon_column_list(src->columns, "");
	const char *sens = quote_identifier(sensitive);
	char	   *sql;
	uint64		nrows;
	int64	   *cls;
	int64	   *val;
	double	   *cnt;
	double	   *total;			/* per value, whole table */
	double		n = 0;
	int64		m = 0;
	double		t = 0;
	uint64		i;
	uint64		start;

	anon_kanon_check_sensitive(src, sensitive);
	SPI_connect();

	if (ordered < 0)
	{
		char		category;
		bool		preferred;

		anon_kanon_execute(psprintf("SELECT %s FROM %s LIMIT 0", sens, src->from),
						   src->fixed_path);
		get_type_category_preferred(getBaseType(SPI_gettypeid(SPI_tuptable->tupdesc, 1)),
									&category, &preferred);
		ordered = (category == TYPCATEGORY_NUMERIC ||
				   category == TYPCATEGORY_DATETIME ||
				   category == TYPCATEGORY_TIMESPAN) ? 1 : 0;
	}

	sql = psprintf("SELECT dense_rank() OVER (ORDER BY %s), "
				   "dense_rank() OVER (ORDER BY %s), n::float8 FROM ("
				   "SELECT %s, %s, count(*) AS n FROM %s GROUP BY %s, %s"
				   ") AS g ORDER BY 1, 2",
				   cols, sens, cols, sens, src->from, cols, sens);
	anon_kanon_execute(sql, src->fixed_path);
	nrows = SPI_processed;
	if (nrows == 0)
	{
		SPI_finish();
		*isnull = true;
		return 0;
	}
	*isnull = false;

	/* in the caller's context: they outlive SPI_finish */
	cls = SPI_palloc(sizeof(int64) * nrows);
	val = SPI_palloc(sizeof(int64) * nrows);
	cnt = SPI_palloc(sizeof(double) * nrows);
	for (i = 0; i < nrows; i++)
	{
		bool		null;

		cls[i] = DatumGetInt64(anon_kanon_value(i, 1, &null));
		val[i] = DatumGetInt64(anon_kanon_value(i, 2, &null));
		cnt[i] = DatumGetFloat8(anon_kanon_value(i, 3, &null));
		m = Max(m, val[i]);
		n += cnt[i];
	}
	SPI_finish();

	total = palloc0(sizeof(double) * (m + 1));
	for (i = 0; i < nrows; i++)
		total[val[i]] += cnt[i] / n;

	for (start = 0; start < nrows;)
	{
		uint64		end = start;
		double		size = 0;
		double		emd = 0;

		while (end < nrows && cls[end] == cls[start])
			size += cnt[end++];

		if (!ordered)
		{
			/* 1/2 sum |p-q|, the values absent from the class adding q */
			double		sum = 1.0;

			for (i = start; i < end; i++)
				sum += fabs(cnt[i] / size - total[val[i]]) - total[val[i]];
			emd = sum / 2;
		}
		else if (m > 1)
		{
			/* 1/(m-1) sum over values of |cumulated (p - q)| */
			double		cum = 0;
			double		sum = 0;
			int64		v;

			i = start;
			for (v = 1; v <= m; v++)
			{
				if (i < end && val[i] == v)
					cum += cnt[i++] / size;
				cum -= total[v];
				sum += fabs(cum);
			}
			emd = sum / (double) (m - 1);
		}
		t = Max(t, emd);
		start = end;
	}
	/* rounding can leave the EMD a hair outside [0, 1] */
	return Min(Max(t, 0.0), 1.0);
}

static int
anon_kanon_ordered_arg(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		return -1;
	return PG_GETARG_BOOL(argno) ? 1 : 0;
}

/*
 * anon.t_closeness(relid regclass, sensitive name, columns text[] DEFAULT
 * NULL, ordered boolean DEFAULT NULL)
 */
Datum
anon_t_closeness(PG_FUNCTION_ARGS)
{
	AnonKanonSource src;
	bool		isnull;
	double		t;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	src = anon_kanon_source_relation(PG_GETARG_OID(0),
									 PG_ARGISNULL(2) ? NULL : PG_GETARG_ARRAYTYPE_P(2));
	anon_kanon_check_column(PG_GETARG_OID(0), NameStr(*PG_GETARG_NAME(1)));
	t = anon_kanon_t(&src, NameStr(*PG_GETARG_NAME(1)),
					 anon_kanon_ordered_arg(fcinfo, 3), &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(t);
}

/* anon.t_closeness_query(query text, sensitive name, columns text[], ordered) */
Datum
anon_t_closeness_query(PG_FUNCTION_ARGS)
{
	AnonKanonSource src;
	bool		isnull;
	double		t;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	src = anon_kanon_source_query(PG_GETARG_TEXT_PP(0), PG_GETARG_ARRAYTYPE_P(2));
	t = anon_kanon_t(&src, NameStr(*PG_GETARG_NAME(1)),
					 anon_kanon_ordered_arg(fcinfo, 3), &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(t);
}

/* ---- risk report ---- */

/* one row of the report */
static void
anon_risk_row(ReturnSetInfo *rsinfo, const char *measure, double value,
			  bool value_null, const char *detail)
{
	Datum		values[3];
	bool		nulls[3] = {false, value_null, detail == NULL};

	values[0] = CStringGetTextDatum(measure);
	values[1] = Float8GetDatum(value);
	values[2] = detail ? CStringGetTextDatum(detail) : (Datum) 0;
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/*
 * The population is joined with the table on each quasi-identifier, by
 * name.  Columns of different types are compared through an implicit
 * cast, and when either type is not built in, that cast may be a
 * function of the type's owner (CREATE CAST ... AS IMPLICIT), which would
 * run with the rights of the caller (often a superuser measuring another
 * role's table): refused.
 */
static void
anon_risk_check_join(Oid relid, Oid pop, const char *col)
{
	Oid			stype = getBaseType(get_atttype(relid, get_attnum(relid, col)));
	Oid			ptype = getBaseType(get_atttype(pop, get_attnum(pop, col)));

	if (stype != ptype &&
		(stype >= FirstNormalObjectId || ptype >= FirstNormalObjectId))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of population \"%s\" is of type %s, not %s like the measured relation",
						col, get_rel_name(pop), format_type_be(ptype), format_type_be(stype)),
				 errdetail("Values of a type that is not built in are compared with another type through a cast that may run code of the type's owner."),
				 errhint("Give the population's column the type of the measured relation's column.")));
}

/*
 * anon.risk(relid regclass, threshold float8 DEFAULT 0.2, columns text[]
 * DEFAULT NULL, population regclass DEFAULT NULL)
 *		RETURNS TABLE (measure text, value float8, detail text)
 *
 * One GROUP BY GROUPING SETS pass gives the class sizes with all the
 * quasi-identifiers and with each one left out (its contribution); a second
 * pass lists the smallest classes; a third, with a population table,
 * matches each class with its size in the population.
 */
Datum
anon_risk(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			relid;
	double		threshold;
	AnonKanonSource src;
	int			ncols;
	StringInfoData sets;
	char	   *cols;
	char	   *sql;
	ListCell   *lc;
	int			i;
	uint64		r;
	double		records = 0;
	double		classes = 0;
	double		k = 0;
	double		at_risk = 0;
	double	   *drop_k;
	double	   *drop_classes;
	double		journalist = 0;
	double		marketer = 0;
	bool		have_population = !PG_ARGISNULL(3);
	char	  **smallest_detail = NULL;
	double	   *smallest_size = NULL;
	uint64		nsmallest = 0;
	MemoryContext callcxt = CurrentMemoryContext;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("relation of risk must not be NULL")));
	relid = PG_GETARG_OID(0);
	threshold = PG_ARGISNULL(1) ? 0.2 : PG_GETARG_FLOAT8(1);
	if (!(threshold >= 0 && threshold <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("threshold of risk must be between 0 and 1")));
	src = anon_kanon_source_relation(relid,
									 PG_ARGISNULL(2) ? NULL : PG_GETARG_ARRAYTYPE_P(2));
	ncols = list_length(src.columns);
	if (ncols > 31)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a risk report takes at most 31 quasi-identifiers")));
	if (have_population)
	{
		Oid			pop = PG_GETARG_OID(3);

		anon_kanon_check_relation(pop);
		anon_owner_check_planned(pop, "a risk measure");
		foreach(lc, src.columns)
		{
			anon_kanon_check_column(pop, (char *) lfirst(lc));
			anon_risk_check_join(relid, pop, (char *) lfirst(lc));
		}
	}

	InitMaterializedSRF(fcinfo, 0);
	cols = anon_kanon_column_list(src.columns, "");

	/* (a, b, c), (b, c), (a, c), (a, b) */
	initStringInfo(&sets);
	appendStringInfo(&sets, "(%s)", cols);
	for (i = 0; i < ncols; i++)
	{
		List	   *rest = list_copy(src.columns);

		rest = list_delete_nth_cell(rest, i);
		appendStringInfo(&sets, ", (%s)", anon_kanon_column_list(rest, ""));
	}

	drop_k = palloc0(sizeof(double) * ncols);
	drop_classes = palloc0(sizeof(double) * ncols);

	SPI_connect();
	sql = psprintf("SELECT g, count(*)::float8, sum(c)::float8, min(c)::float8, "
				   "coalesce(sum(c) FILTER (WHERE c > 0 AND 1.0 / c > %.17g), 0)::float8 "
				   "FROM (SELECT GROUPING(%s) AS g, count(*) AS c FROM %s "
				   "GROUP BY GROUPING SETS (%s)) AS s GROUP BY g",
				   threshold, cols, src.from, sets.data);
	anon_kanon_execute(sql, src.fixed_path);
	for (r = 0; r < SPI_processed; r++)
	{
		bool		null;
		int32		g = DatumGetInt32(anon_kanon_value(r, 1, &null));
		double		nclasses = DatumGetFloat8(anon_kanon_value(r, 2, &null));
		double		minc = DatumGetFloat8(anon_kanon_value(r, 4, &null));

		if (g == 0)
		{
			records = DatumGetFloat8(anon_kanon_value(r, 3, &null));
			classes = nclasses;
			k = minc;
			at_risk = DatumGetFloat8(anon_kanon_value(r, 5, &null));
			continue;
		}
		/* GROUPING() sets the bit of a left-out column, first column highest */
		for (i = 0; i < ncols; i++)
		{
			if (g == (1 << (ncols - 1 - i)))
			{
				drop_k[i] = minc;
				drop_classes[i] = nclasses;
			}
		}
	}

	if (records > 0)
	{
		MemoryContext spicxt;

		anon_kanon_execute(psprintf("SELECT count(*)::float8, ROW(%s)::text FROM %s "
									"GROUP BY %s ORDER BY 1, 2 LIMIT 5",
									cols, src.from, cols), src.fixed_path);
		nsmallest = SPI_processed;
		spicxt = MemoryContextSwitchTo(callcxt);
		smallest_detail = palloc(sizeof(char *) * Max(1, nsmallest));
		smallest_size = palloc(sizeof(double) * Max(1, nsmallest));
		for (r = 0; r < nsmallest; r++)
		{
			bool		null;

			smallest_size[r] = DatumGetFloat8(anon_kanon_value(r, 1, &null));
			smallest_detail[r] = SPI_getvalue(SPI_tuptable->vals[r],
											  SPI_tuptable->tupdesc, 2);
		}
		MemoryContextSwitchTo(spicxt);
	}

	if (records > 0 && have_population)
	{
		StringInfoData on;
		bool		null;

		initStringInfo(&on);
		foreach(lc, src.columns)
		{
			const char *q = quote_identifier((char *) lfirst(lc));

			appendStringInfo(&on, "%ss.%s = p.%s", on.len > 0 ? " AND " : "", q, q);
		}
		/* a class the population lacks (or with a NULL) counts as F = f */
		anon_kanon_execute(psprintf("SELECT max(1.0::float8 / greatest(s.c, coalesce(p.c, 0))), "
									"sum(s.c::float8 / greatest(s.c, coalesce(p.c, 0))) "
									"FROM (SELECT %s, count(*) AS c FROM %s GROUP BY %s) AS s "
									"LEFT JOIN (SELECT %s, count(*) AS c FROM %s GROUP BY %s) AS p "
									"ON %s",
									cols, src.from, cols,
									cols, anon_kanon_relation_from(PG_GETARG_OID(3)), cols,
									on.data), src.fixed_path);
		journalist = DatumGetFloat8(anon_kanon_value(0, 1, &null));
		marketer = DatumGetFloat8(anon_kanon_value(0, 2, &null)) / records;
	}
	SPI_finish();

	anon_risk_row(rsinfo, "records", records, false, NULL);
	if (records == 0)
		PG_RETURN_NULL();
	anon_risk_row(rsinfo, "classes", classes, false, NULL);
	anon_risk_row(rsinfo, "k", k, false, NULL);
	anon_risk_row(rsinfo, "prosecutor_max_risk", 1.0 / k, false, NULL);
	anon_risk_row(rsinfo, "prosecutor_avg_risk", classes / records, false, NULL);
	anon_risk_row(rsinfo, "records_at_risk", at_risk / records, false,
				  psprintf("share of records whose prosecutor risk is above %g",
						   threshold));
	if (have_population)
	{
		anon_risk_row(rsinfo, "journalist_max_risk", journalist, false, NULL);
		anon_risk_row(rsinfo, "marketer_risk", marketer, false, NULL);
	}
	else
	{
		const char *same = "no population table: the table is taken as the population";

		anon_risk_row(rsinfo, "journalist_max_risk", 1.0 / k, false, same);
		anon_risk_row(rsinfo, "marketer_risk", classes / records, false, same);
	}
	for (r = 0; r < nsmallest; r++)
		anon_risk_row(rsinfo, "smallest_class", smallest_size[r], false,
					  smallest_detail[r]);
	i = 0;
	foreach(lc, src.columns)
	{
		anon_risk_row(rsinfo, "k_without_column", drop_k[i], false,
					  (char *) lfirst(lc));
		anon_risk_row(rsinfo, "prosecutor_avg_risk_without_column",
					  drop_classes[i] / records, false, (char *) lfirst(lc));
		i++;
	}
	/* the column whose removal lowers the average risk the most */
	if (ncols > 1)
	{
		int			best = 0;

		for (i = 1; i < ncols; i++)
			if (drop_classes[i] < drop_classes[best])
				best = i;
		anon_risk_row(rsinfo, "most_identifying_column",
					  (classes - drop_classes[best]) / records, false,
					  (char *) list_nth(src.columns, best));
	}
	PG_RETURN_NULL();
}
