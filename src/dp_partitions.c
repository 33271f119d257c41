/*-------------------------------------------------------------------------
 *
 * dp_partitions.c
 *		Public partitions: group keys a superuser declared public, released
 *		to a DIFFERENTIAL PRIVACY role without partition selection.
 *
 * The set of groups of a GROUP BY is data: a key that appears says that
 * someone has it.  By default the DP guard (dp_guard.c) keeps a group only
 * when its noisy count passes a threshold, which costs epsilon and delta
 * and hides every small group (doc/differential-privacy.md has the table).
 * When the keys are known in advance (the departments of a company, the
 * days of a year), they carry no information about anyone: a superuser
 * lists them in anon.dp_public_partitions (anon.set_public_partitions), as
 * Tumult Analytics' KeySet and PipelineDP's public partitions do, and a
 * query grouped by that column releases exactly those keys, every one of
 * them, with no selection: a key that no row has is released too, with the
 * noise of an empty input, so its absence reveals nothing; a row whose key
 * is not listed is left out.
 *
 * How: the guard calls anon_dp_public_partitions() on a checked query
 * level that groups by columns of the labelled table.  When the column
 * has public keys, the table's range-table entry becomes
 *
 *	 SELECT <the table's columns, the key column taken from the keys>,
 *			t.ctid IS NOT NULL AS present
 *	 FROM (SELECT DISTINCT CAST(k AS <type>) AS k FROM unnest(<keys>) k) keys
 *	 LEFT JOIN [ONLY] <table> t ON t.<column> = keys.k
 *
 * (analysed and rewritten, so row-level security applies; its columns line
 * up with the table's attribute numbers, so the query's Vars stay valid),
 * and the level's WHERE clause moves into a FILTER of each DP aggregate,
 * together with `present`: a key without rows keeps its one null-extended
 * row, so its group exists, and its aggregates see no row.  The keys are
 * distinct, so a person's row joins at most once.
 *
 * With several GROUP BY columns, each must have public keys, and every
 * combination is released (at most a million).  Limits: the GROUP BY keys
 * are plain columns of one table; a table whose PRIVACY UNIT repeats (read
 * one row per person through a subquery) keeps partition selection.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/transam.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/analyze.h"
#include "parser/parsetree.h"
#include "parser/parser.h"
#include "rewrite/rewriteHandler.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "compat.h"
#include "anon.h"
#include "dp_agg.h"
#include "dp_partitions.h"
#include "dynamic.h"

/* columns of anon.dp_public_partitions */
#define ANON_DP_PP_RELATION		1
#define ANON_DP_PP_COLUMN		2
#define ANON_DP_PP_KEYS			3

/*
 * The public keys of a column, as text[] (NULL when none are declared).
 * The table is tiny and read once per guarded grouped query; it is read
 * directly, not through SPI, since the guard runs inside the planner hook.
 */
ArrayType *
anon_dp_public_keys(Oid relid, const char *attname)
{
	Oid			nsp = get_namespace_oid("anon", true);
	Oid			tableid;
	Relation	rel;
	SysScanDesc scan;
	HeapTuple	tup;
	ArrayType  *result = NULL;

	if (!OidIsValid(nsp))
		return NULL;
	tableid = get_relname_relid("dp_public_partitions", nsp);
	if (!OidIsValid(tableid))
		return NULL;
	rel = table_open(tableid, AccessShareLock);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		bool		isnull;
		Datum		d;

		d = heap_getattr(tup, ANON_DP_PP_RELATION, RelationGetDescr(rel), &isnull);
		if (isnull || DatumGetObjectId(d) != relid)
			continue;
		d = heap_getattr(tup, ANON_DP_PP_COLUMN, RelationGetDescr(rel), &isnull);
		if (isnull || strcmp(NameStr(*DatumGetName(d)), attname) != 0)
			continue;
		d = heap_getattr(tup, ANON_DP_PP_KEYS, RelationGetDescr(rel), &isnull);
		if (!isnull)
			result = DatumGetArrayTypePCopy(d);
		break;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return result;
}

/* the text of a text[] constant, quoted: '{...}'::pg_catalog.text[] */
static char *
anon_dp_keys_literal(ArrayType *keys)
{
	char	   *text = OidOutputFunctionCall(F_ARRAY_OUT, PointerGetDatum(keys));

	return psprintf("%s::pg_catalog.text[]", quote_literal_cstr(text));
}

/* the most groups public partitions may release in one query */
#define ANON_DP_PUBLIC_GROUPS_MAX	1000000

/* OPERATOR(schema.=) of a type's default equality */
static char *
anon_dp_equality(Oid type)
{
	TypeCacheEntry *tc = lookup_type_cache(type, TYPECACHE_EQ_OPR);
	HeapTuple	optup;
	Form_pg_operator op;
	char	   *eq;

	if (!OidIsValid(tc->eq_opr))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("could not identify an equality operator for type %s",
						format_type_be(type))));
	optup = SearchSysCache1(OPEROID, ObjectIdGetDatum(tc->eq_opr));
	if (!HeapTupleIsValid(optup))
		elog(ERROR, "cache lookup failed for operator %u", tc->eq_opr);
	op = (Form_pg_operator) GETSTRUCT(optup);
	eq = psprintf("OPERATOR(%s.%s)",
				  quote_identifier(get_namespace_name(op->oprnamespace)),
				  NameStr(op->oprname));
	ReleaseSysCache(optup);
	return eq;
}

/*
 * " COLLATE <the column's collation>", qualified, or "" for a column that
 * has none.  The keys are made distinct, and joined to the rows, under the
 * column's own equality: under the default collation, keys that a
 * case-insensitive (nondeterministic) column holds as one value ('sales',
 * 'SALES') stay two keys, and each of that column's rows joins both, so
 * it counts in two groups for the noise of one.
 */
static char *
anon_dp_key_collation(Form_pg_attribute att)
{
	HeapTuple	tup;
	Form_pg_collation coll;
	char	   *clause;

	if (!OidIsValid(att->attcollation))
		return "";
	tup = SearchSysCache1(COLLOID, ObjectIdGetDatum(att->attcollation));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for collation %u", att->attcollation);
	coll = (Form_pg_collation) GETSTRUCT(tup);
	clause = psprintf(" COLLATE %s.%s",
					  quote_identifier(get_namespace_name(coll->collnamespace)),
					  quote_identifier(NameStr(coll->collname)));
	ReleaseSysCache(tup);
	return clause;
}

/*
 * The replacement of the table: every combination of the keys of the
 * grouped columns, left-joined to the table's rows that have it.  Its
 * columns line up with the table's attribute numbers; the last one says
 * whether the row is a row of the table.
 */
static Query *
anon_dp_keys_join(RangeTblEntry *rte, int nkeys, AttrNumber *keyatts,
				  ArrayType **keys)
{
	Relation	rel = table_open(rte->relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	StringInfoData cols;
	StringInfoData from;
	StringInfoData on;
	StringInfoData sql;
	List	   *raw;
	Query	   *query;
	List	   *rewritten;
	int			i;
	int			k;

	initStringInfo(&cols);
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		int			key = -1;

		for (k = 0; k < nkeys; k++)
			if (keyatts[k] == i + 1)
				key = k;
		if (att->attisdropped)
			appendStringInfo(&cols, "NULL::pg_catalog.int4 AS anon_dropped_%d, ", i + 1);
		else if (key >= 0)
			appendStringInfo(&cols, "anon_dp_keys_%d.k AS %s, ", key,
							 quote_identifier(NameStr(att->attname)));
		else
			appendStringInfo(&cols, "anon_dp_t.%s, ",
							 quote_identifier(NameStr(att->attname)));
	}

	/*
	 * The keys of each column, distinct, cast to its type; all combinations.
	 * The cast runs in the analyst's query, as the analyst: it must run no
	 * code of the table's owner.  A domain's checks are his code, so the
	 * keys are cast to the domain's base type (set_public_partitions
	 * checked them as the owner) and relabelled below; a type that is not
	 * built in (an enum's input runs no code of its owner) is refused.
	 */
	initStringInfo(&from);
	initStringInfo(&on);
	for (k = 0; k < nkeys; k++)
	{
		Form_pg_attribute key = TupleDescAttr(desc, keyatts[k] - 1);
		int32		basemod = key->atttypmod;
		Oid			base = getBaseTypeAndTypmod(key->atttypid, &basemod);

		if (base >= FirstNormalObjectId && get_typtype(base) != TYPTYPE_ENUM)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("public partitions of column \"%s\" of table \"%s\" cannot be used: its type %s is not built in",
							NameStr(key->attname), RelationGetRelationName(rel),
							format_type_be(key->atttypid)),
					 errdetail("Reading the keys as values of that type would run its owner's code in your query."),
					 errhint("Ask the database administrator to remove them (anon.set_public_partitions(..., NULL::text[])).")));
		appendStringInfo(&from,
						 "%s(SELECT DISTINCT CAST(anon_dp_k AS %s)%s AS k "
						 "FROM pg_catalog.unnest(%s) AS anon_dp_k) anon_dp_keys_%d",
						 k > 0 ? " CROSS JOIN " : "",
						 format_type_extended(base, basemod,
											  FORMAT_TYPE_TYPEMOD_GIVEN | FORMAT_TYPE_FORCE_QUALIFY),
						 anon_dp_key_collation(key),
						 anon_dp_keys_literal(keys[k]), k);
		appendStringInfo(&on, "%sanon_dp_t.%s %s anon_dp_keys_%d.k",
						 k > 0 ? " AND " : "",
						 quote_identifier(NameStr(key->attname)),
						 anon_dp_equality(key->atttypid), k);
	}

	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT %sanon_dp_t.ctid IS NOT NULL AS anon_dp_present "
					 "FROM %s LEFT JOIN %s%s.%s anon_dp_t ON %s",
					 cols.data, from.data,
					 rte->inh ? "" : "ONLY ",
					 quote_identifier(get_namespace_name(RelationGetNamespace(rel))),
					 quote_identifier(RelationGetRelationName(rel)),
					 on.data);

	raw = raw_parser(sql.data, RAW_PARSE_DEFAULT);
	query = parse_analyze_fixedparams(linitial_node(RawStmt, raw), sql.data,
									  NULL, 0, NULL);
	/* a key of a domain column: its base-type value, relabelled */
	for (k = 0; k < nkeys; k++)
	{
		Form_pg_attribute key = TupleDescAttr(desc, keyatts[k] - 1);
		TargetEntry *tle = list_nth_node(TargetEntry, query->targetList, keyatts[k] - 1);

		if (exprType((Node *) tle->expr) != key->atttypid)
			tle->expr = (Expr *) makeRelabelType(tle->expr, key->atttypid, key->atttypmod,
												 key->attcollation, COERCE_IMPLICIT_CAST);
	}
	table_close(rel, AccessShareLock);
	rewritten = QueryRewrite(query);
	if (list_length(rewritten) != 1)
		elog(ERROR, "unexpected rewrite result for public partitions");
	return linitial_node(Query, rewritten);
}

typedef struct AnonDpFilterContext
{
	Expr	   *filter;			/* to AND into each DP aggregate's FILTER */
} AnonDpFilterContext;

/* add the filter to every DP aggregate of this level */
static bool
anon_dp_add_filter_walker(Node *node, AnonDpFilterContext *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
	{
		Aggref	   *agg = (Aggref *) node;

		if (agg->agglevelsup == 0 &&
			anon_dp_aggregate_layout(agg->aggfnoid) != ANON_DP_NOT_DP)
		{
			Expr	   *f = copyObject(context->filter);

			agg->aggfilter = agg->aggfilter == NULL ? f :
				make_andclause(list_make2(agg->aggfilter, f));
		}
		return false;			/* no DP aggregate inside an aggregate */
	}
	if (IsA(node, Query))
		return false;			/* other levels are not this level's */
	return expression_tree_walker(node, anon_dp_add_filter_walker, context);
}

bool
anon_dp_public_partitions(Query *q, Query **generated)
{
	int			nkeys = list_length(q->groupClause);
	AttrNumber *keyatts;
	ArrayType **keys;
	Index		varno = 0;
	RangeTblEntry *rte = NULL;
	double		groups = 1;
	ListCell   *lc;
	int			k = 0;
	Query	   *sub;
	Var		   *present;
	AnonDpFilterContext context;

	*generated = NULL;
	if (nkeys == 0)
		return false;
	keyatts = palloc(sizeof(AttrNumber) * nkeys);
	keys = palloc(sizeof(ArrayType *) * nkeys);

	/*
	 * Every GROUP BY key must be a column of one table (the same for all),
	 * each with public keys.
	 */
	foreach(lc, q->groupClause)
	{
		SortGroupClause *sgc = lfirst_node(SortGroupClause, lc);
		TargetEntry *tle = get_sortgroupclause_tle(sgc, q->targetList);
		/* from PostgreSQL 18 the key is a Var standing for it (compat.h) */
		Expr	   *expr = anon_grouping_expr(q, tle->expr);
		Var		   *var;
		int			j;

		if (!IsA(expr, Var))
			return false;
		var = (Var *) expr;
		if (var->varlevelsup != 0 || var->varattno <= 0 ||
			var->varno < 1 || var->varno > list_length(q->rtable) ||
			(varno != 0 && var->varno != varno))
			return false;
		if (rte == NULL)
		{
			varno = var->varno;
			rte = rt_fetch(varno, q->rtable);

			/* a table read one row per person is a subquery by now: not here */
			if (rte->rtekind != RTE_RELATION ||
				(rte->relkind != RELKIND_RELATION &&
				 rte->relkind != RELKIND_PARTITIONED_TABLE &&
				 rte->relkind != RELKIND_MATVIEW))
				return false;
		}
		for (j = 0; j < k; j++)
			if (keyatts[j] == var->varattno)
				return false;	/* the same column twice */
		keyatts[k] = var->varattno;
		keys[k] = anon_dp_public_keys(rte->relid,
									  get_attname(rte->relid, var->varattno, false));
		if (keys[k] == NULL)
			return false;
		groups *= Max(1, ArrayGetNItems(ARR_NDIM(keys[k]), ARR_DIMS(keys[k])));
		k++;
	}
	if (groups > ANON_DP_PUBLIC_GROUPS_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the public partitions of this GROUP BY make %.0f groups, more than %d",
						groups, ANON_DP_PUBLIC_GROUPS_MAX),
				 errhint("Group by fewer columns with public partitions, or declare fewer keys.")));

	sub = anon_dp_keys_join(rte, nkeys, keyatts, keys);
	anon_rte_set_subquery(rte, sub);
	rte->eref->colnames = lappend(rte->eref->colnames,
								  makeString(pstrdup("anon_dp_present")));
	*generated = sub;

	/*
	 * The WHERE clause moves into the aggregates' FILTER, with `present`:
	 * a key's group must exist even when no row of the table passes it.
	 */
	present = makeVar(varno, list_length(sub->targetList), BOOLOID, -1,
					  InvalidOid, 0);
	context.filter = (Expr *) present;
	if (q->jointree->quals != NULL)
		context.filter = make_andclause(list_make2(q->jointree->quals, present));
	q->jointree->quals = NULL;
	(void) anon_dp_add_filter_walker((Node *) q->targetList, &context);
	(void) anon_dp_add_filter_walker(q->havingQual, &context);
	return true;
}
