/*-------------------------------------------------------------------------
 *
 * dp_guard.c
 *		What a DIFFERENTIAL PRIVACY role may ask of a labelled table.
 *
 * A role labelled DIFFERENTIAL PRIVACY may read a labelled table (one with
 * any anon label on a column) only through differentially private
 * aggregates.  Every query level that reads such a table must:
 *
 *	 - be a SELECT that aggregates, with no HAVING, no window functions, no
 *	   DISTINCT, no grouping sets and no set-returning functions in its
 *	   select list;
 *	 - compute its select list and ORDER BY from DP aggregates (anon_count,
 *	   anon_sum, ...), GROUP BY keys and constants only, with no other
 *	   aggregate (rounding a DP answer is post-processing, and allowed);
 *	 - read the labelled table alone: a join could repeat a person's rows
 *	   and multiply their contribution beyond what the noise covers;
 *	 - be evaluated once per statement (not the inner side of a join, nor
 *	   a lateral, correlated or set-operation subquery): a re-evaluated
 *	   grouped aggregate would draw fresh noise for a single charge.
 *
 * The check runs in the planner hook, on the query as rewritten, so a view
 * is checked as the subquery it expands to (a view that returns raw rows of
 * a labelled table is refused; one whose every output is a DP aggregate is
 * allowed), and so are the queries of SQL and PL/pgSQL functions running
 * with the role's rights.  COPY of a labelled table and EXPLAIN of a query
 * that reads one (row counts, estimates) are refused before they run (the
 * ProcessUtility hook), and so are the planner statistics (pg_statistic, pg_stats), which hold raw
 * values.
 *
 * Partition selection: the set of groups of a GROUP BY is itself data (a
 * rare key reveals that someone has it).  A grouped DP query gets an extra
 * HAVING condition, anon._dp_partition_select(epsilon, delta), that keeps a
 * group only when its count plus discrete Laplace noise of scale 1/epsilon
 * reaches 1 + ceil(ln(1 / (delta (1 + e^-epsilon))) / epsilon): a group of
 * a single person is then released with probability at most delta
 * (Korolova, Kenthapadi, Mishra and Ntoulas 2009; Google's differential
 * privacy library).  Its (epsilon, delta), the GUCs
 * anon.dp_partition_epsilon and anon.dp_partition_delta, are charged to the
 * budget like any DP aggregate.
 *
 * Per person: the noise covers one row per person.  A table whose column
 * labelled PRIVACY UNIT has no unique index (several rows per person) is
 * read as one random row per person (contribution bounding, as Google's
 * library does by default); a table without that label is taken to hold
 * one row per person.
 *
 * The hooks are installed by hooks.c, which calls anon_dp_guard_plan and
 * anon_dp_guard_utility before masking sees the statement.
 *
 * Known limits: errors raised while
 * evaluating a WHERE clause or an aggregate's argument can still reveal
 * single values (as in every SQL DP system without a restricted language).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "catalog/pg_statistic.h"
#include "catalog/pg_statistic_ext_data.h"
#include "catalog/pg_type.h"
#include "commands/copy.h"
#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/planner.h"
#include "parser/analyze.h"
#include "parser/parse_func.h"
#include "parser/parser.h"
#include "rewrite/rewriteHandler.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "dp_agg.h"
#include "dp_guard.h"
#include "dynamic.h"
#include "label.h"
#include "mask.h"
#include "rules.h"

/* ---- GUC variables ---- */

static double anon_dp_partition_epsilon = 0.1;
static double anon_dp_partition_delta = 1e-6;

void
anon_dp_guard_init(void)
{
	DefineCustomRealVariable("anon.dp_partition_epsilon",
							 "Epsilon spent to select the groups a DIFFERENTIAL PRIVACY role may see.",
							 "Each grouped query of such a role releases only the groups whose noisy count passes a threshold; this is the epsilon of that noise, charged to the role's budget.",
							 &anon_dp_partition_epsilon,
							 0.1, 1e-6, 1000,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("anon.dp_partition_delta",
							 "Probability that a group of a single person is released to a DIFFERENTIAL PRIVACY role.",
							 "It sets the threshold of partition selection and is charged to the role's delta budget.",
							 &anon_dp_partition_delta,
							 1e-6, 1e-15, 0.5,
							 PGC_SUSET, 0, NULL, NULL, NULL);
}

/* ---- what is protected, what is allowed ---- */

/* does the relation carry any label of the default policy? */
static bool
anon_dp_relation_is_labelled(Oid relid)
{
	int			policy = anon_policy_index(ANON_DEFAULT_POLICY);

	if (policy < 0)
		return false;
	/* a partition or child of a labelled table, or a parent of one (mask.c) */
	return anon_mask_is_labelled(relid, policy, true);
}

/* is the function one of anon's DP aggregates?  (by OID: dp_agg.c) */
static bool
anon_dp_is_dp_aggregate(Oid aggfnoid)
{
	return anon_dp_aggregate_layout(aggfnoid) != ANON_DP_NOT_DP;
}

static bool
anon_dp_is_partition_select(Oid aggfnoid)
{
	char	   *name = get_func_name(aggfnoid);
	bool		result;

	result = name != NULL && strcmp(name, "_dp_partition_select") == 0 &&
		get_func_namespace(aggfnoid) == get_namespace_oid("anon", true);
	if (name)
		pfree(name);
	return result;
}

static void
anon_dp_refuse(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("a differential privacy role may only read differentially private aggregates of a labelled table"),
			 errdetail("%s", why),
			 errhint("Select anon_count, anon_sum, anon_avg, anon_var, anon_stddev or anon_percentile, and GROUP BY keys.")));
}

/* no aggregate of this level other than a DP one */
static bool
anon_dp_other_agg_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
	{
		Aggref	   *agg = (Aggref *) node;

		if (agg->agglevelsup == 0 && !anon_dp_is_dp_aggregate(agg->aggfnoid))
			anon_dp_refuse("The query uses an aggregate that is not differentially private.");
		return false;			/* the arguments of a DP aggregate may be anything */
	}
	if (IsA(node, Query))
		return false;			/* another level: checked on its own */
	return expression_tree_walker(node, anon_dp_other_agg_walker, context);
}

/*
 * Does a unique, non-partial, one-column index cover the column?  Then the
 * table has at most one row per value of it.
 */
static bool
anon_dp_column_is_unique(Oid relid, AttrNumber attnum)
{
	Relation	rel = table_open(relid, AccessShareLock);
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	bool		unique = false;

	foreach(lc, indexes)
	{
		HeapTuple	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index idx;

		if (!HeapTupleIsValid(tup))
			continue;
		idx = (Form_pg_index) GETSTRUCT(tup);
		if (idx->indisunique && idx->indisvalid && idx->indnkeyatts == 1 &&
			idx->indkey.values[0] == attnum &&
			heap_attisnull(tup, Anum_pg_index_indpred, NULL))
			unique = true;
		ReleaseSysCache(tup);
		if (unique)
			break;
	}
	list_free(indexes);
	table_close(rel, AccessShareLock);
	return unique;
}

/* subqueries built here, which the guard must not check as user levels */
static List *anon_dp_generated = NIL;

/*
 * The rows of a table, one per person: a random row of each value of the
 * PRIVACY UNIT column (row_number() over the unit, in a random order,
 * equal to 1), as an analysed and rewritten query (row-level security
 * applies) whose columns line up with the table's attribute numbers.
 */
static Query *
anon_dp_one_row_per_person(RangeTblEntry *rte, AttrNumber unit)
{
	Relation	rel = table_open(rte->relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	StringInfoData cols;
	StringInfoData sql;
	List	   *raw;
	Query	   *query;
	List	   *rewritten;
	int			i;

	initStringInfo(&cols);
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (i > 0)
			appendStringInfoString(&cols, ", ");
		if (att->attisdropped)
			appendStringInfo(&cols, "NULL::pg_catalog.int4 AS anon_dropped_%d", i + 1);
		else
			appendStringInfoString(&cols, quote_identifier(NameStr(att->attname)));
	}
	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT %s FROM (SELECT %s, pg_catalog.row_number() OVER ("
					 "PARTITION BY %s ORDER BY anon.random_bigint_between(0, 9223372036854775807)"
					 ") AS anon_dp_rank FROM %s%s.%s) anon_dp_rows "
					 "WHERE anon_dp_rank OPERATOR(pg_catalog.=) 1",
					 cols.data, cols.data,
					 quote_identifier(NameStr(TupleDescAttr(desc, unit - 1)->attname)),
					 rte->inh ? "" : "ONLY ",
					 quote_identifier(get_namespace_name(RelationGetNamespace(rel))),
					 quote_identifier(RelationGetRelationName(rel)));
	table_close(rel, AccessShareLock);

	raw = raw_parser(sql.data, RAW_PARSE_DEFAULT);
	query = parse_analyze_fixedparams(linitial_node(RawStmt, raw), sql.data,
									  NULL, 0, NULL);
	rewritten = QueryRewrite(query);
	if (list_length(rewritten) != 1)
		elog(ERROR, "unexpected rewrite result for one row per person");
	return linitial_node(Query, rewritten);
}

/*
 * The noise covers one row per person.  A table whose PRIVACY UNIT column
 * may repeat (several rows per person) is read as one random row per
 * person: its range-table entry becomes that subquery.
 */
static void
anon_dp_bound_contributions(Query *q)
{
	int			policy = anon_policy_index(ANON_DEFAULT_POLICY);
	ListCell   *lc;

	if (policy < 0)
		return;
	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);
		AttrNumber	unit;
		Query	   *sub;

		if (rte->rtekind != RTE_RELATION || rte->relkind == RELKIND_VIEW)
			continue;
		unit = anon_mask_privacy_unit(rte->relid, policy);
		if (unit == 0 || anon_dp_column_is_unique(rte->relid, unit))
			continue;
		sub = anon_dp_one_row_per_person(rte, unit);
		anon_dp_generated = lappend(anon_dp_generated, sub);
		anon_rte_set_subquery(rte, sub);
	}
}

/* the HAVING condition of partition selection */
static Node *
anon_dp_partition_condition(void)
{
	Oid			argtypes[2] = {FLOAT8OID, FLOAT8OID};
	Oid			fnoid;
	Aggref	   *agg;
	Const	   *eps;
	Const	   *delta;

	fnoid = LookupFuncName(list_make2(makeString("anon"),
									  makeString("_dp_partition_select")),
						   2, argtypes, false);
	eps = makeConst(FLOAT8OID, -1, InvalidOid, sizeof(float8),
					Float8GetDatum(anon_dp_partition_epsilon), false, FLOAT8PASSBYVAL);
	delta = makeConst(FLOAT8OID, -1, InvalidOid, sizeof(float8),
					  Float8GetDatum(anon_dp_partition_delta), false, FLOAT8PASSBYVAL);
	agg = makeNode(Aggref);
	agg->aggfnoid = fnoid;
	agg->aggtype = BOOLOID;
	agg->aggcollid = InvalidOid;
	agg->inputcollid = InvalidOid;
	agg->aggtranstype = InvalidOid;
	agg->aggargtypes = list_make2_oid(FLOAT8OID, FLOAT8OID);
	agg->aggdirectargs = NIL;
	agg->args = list_make2(makeTargetEntry((Expr *) eps, 1, NULL, false),
						   makeTargetEntry((Expr *) delta, 2, NULL, false));
	agg->aggorder = NIL;
	agg->aggdistinct = NIL;
	agg->aggfilter = NULL;
	agg->aggstar = false;
	agg->aggvariadic = false;
	agg->aggkind = AGGKIND_NORMAL;
	agg->agglevelsup = 0;
	agg->aggsplit = AGGSPLIT_SIMPLE;
	agg->aggno = -1;
	agg->aggtransno = -1;
	agg->location = -1;
	return (Node *) agg;
}

/* how many row sources (tables, subqueries, functions...) the level joins */
static int
anon_dp_level_sources(Query *q)
{
	ListCell   *lc;
	int			n = 0;

	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind != RTE_JOIN && rte->inFromCl)
			n++;
	}
	return n;
}

/*
 * Check one query level that reads a labelled relation, and add partition
 * selection to it when it groups.
 */
static void
anon_dp_check_level(Query *q)
{
	if (q->commandType != CMD_SELECT)
		anon_dp_refuse("Only SELECT may read a labelled table.");
	if (!q->hasAggs)
		anon_dp_refuse("The query returns rows of a labelled table.");
	/* HAVING: only partition selection (ours, from an earlier planning) */
	if (q->havingQual != NULL &&
		!(IsA(q->havingQual, Aggref) &&
		  anon_dp_is_partition_select(((Aggref *) q->havingQual)->aggfnoid)))
		anon_dp_refuse("HAVING is not allowed.");
	if (q->hasWindowFuncs)
		anon_dp_refuse("Window functions are not allowed.");
	if (q->groupingSets != NIL)
		anon_dp_refuse("Grouping sets are not allowed.");
	if (q->distinctClause != NIL)
		anon_dp_refuse("DISTINCT is not allowed.");
	if (q->hasTargetSRFs)
		anon_dp_refuse("Set-returning functions are not allowed in the select list.");
	if (q->setOperations != NULL)
		anon_dp_refuse("Set operations are not allowed.");
	if (anon_dp_level_sources(q) > 1)
		anon_dp_refuse("A join can repeat a person's rows; aggregate the labelled table alone.");
	anon_dp_bound_contributions(q);

	/*
	 * The parser already refuses a column outside an aggregate unless it is
	 * a GROUP BY key (or depends on a grouped primary key, whose groups are
	 * single rows that partition selection drops): so the outputs are
	 * post-processing of aggregates and keys, and what is left to check is
	 * that every aggregate is a DP one.
	 */
	(void) expression_tree_walker((Node *) q->targetList, anon_dp_other_agg_walker, NULL);

	/* partition selection for the groups, with the configured parameters */
	if (q->groupClause != NIL)
		q->havingQual = anon_dp_partition_condition();
	else
		q->havingQual = NULL;
}

/* does this level read a labelled relation directly? */
static bool
anon_dp_level_reads_labelled(Query *q)
{
	ListCell   *lc;

	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_RELATION &&
			(rte->relkind == RELKIND_RELATION ||
			 rte->relkind == RELKIND_PARTITIONED_TABLE ||
			 rte->relkind == RELKIND_MATVIEW ||
			 rte->relkind == RELKIND_FOREIGN_TABLE) &&
			anon_dp_relation_is_labelled(rte->relid))
			return true;
	}
	return false;
}

static void anon_dp_guard_query(Query *q, bool once);

/* a query met in an expression (a sublink) may be evaluated many times */
static bool
anon_dp_sublink_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		anon_dp_guard_query((Query *) node, false);
		return false;
	}
	return expression_tree_walker(node, anon_dp_sublink_walker, context);
}

/*
 * Check every level of a query.  `once` says that the level is evaluated
 * once per statement: the top level, and a subquery, CTE or view that is
 * the only row source of a level evaluated once.  A DP level evaluated
 * again (the inner side of a join, a lateral or correlated subquery) would
 * release fresh noise each time for one charge, so it is refused.
 */
static void
anon_dp_guard_query(Query *q, bool once)
{
	bool		child_once;
	ListCell   *lc;

	check_stack_depth();
	if (list_member_ptr(anon_dp_generated, q))
		return;
	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_RELATION &&
			(rte->relid == StatisticRelationId ||
			 rte->relid == StatisticExtDataRelationId))
			anon_dp_refuse("Planner statistics (pg_statistic and the pg_stats views) hold raw values.");
	}
	if (anon_dp_level_reads_labelled(q))
	{
		if (!once)
			anon_dp_refuse("A differentially private aggregate may not be evaluated repeatedly, as in a join, a lateral or correlated subquery or a set operation.");
		anon_dp_check_level(q);
	}
	child_once = once && anon_dp_level_sources(q) <= 1 && q->setOperations == NULL;
	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_SUBQUERY && rte->subquery != NULL)
			anon_dp_guard_query(rte->subquery, child_once);
	}
	foreach(lc, q->cteList)
	{
		CommonTableExpr *cte = lfirst_node(CommonTableExpr, lc);

		if (IsA(cte->ctequery, Query))
			anon_dp_guard_query((Query *) cte->ctequery, child_once);
	}
	(void) query_tree_walker(q, anon_dp_sublink_walker, NULL,
							 QTW_IGNORE_RT_SUBQUERIES | QTW_IGNORE_CTE_SUBQUERIES);
}

/*
 * Does any level of the (not yet rewritten) query read a labelled relation,
 * or a view, which might?
 */
static bool
anon_dp_reads_labelled_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		Query	   *q = (Query *) node;
		ListCell   *lc;

		if (anon_dp_level_reads_labelled(q))
			return true;
		foreach(lc, q->rtable)
		{
			RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

			if (rte->rtekind == RTE_RELATION && rte->relkind == RELKIND_VIEW)
				return true;
		}
		return query_tree_walker(q, anon_dp_reads_labelled_walker, context, 0);
	}
	return expression_tree_walker(node, anon_dp_reads_labelled_walker, context);
}

static bool
anon_dp_guard_applies(void)
{
	return anon_preloaded && IsNormalProcessingMode() &&
		OidIsValid(GetUserId()) && anon_role_is_dp(GetUserId()) &&
		OidIsValid(get_namespace_oid("anon", true));
}

/* ---- what the hooks call (hooks.c) ---- */

/*
 * Planner hook, first of all: check every level of the query (as
 * rewritten, before masking) and add partition selection.
 */
void
anon_dp_guard_plan(Query *parse)
{
	if (anon_dp_guard_applies())
	{
		anon_dp_generated = NIL;
		anon_dp_guard_query(parse, true);
	}
}

/*
 * ProcessUtility hook, first of all: EXPLAIN shows row counts and
 * estimates drawn from the data, COPY the rows themselves.
 */
void
anon_dp_guard_utility(PlannedStmt *pstmt)
{
	Node	   *stmt = pstmt->utilityStmt;

	if (IsA(stmt, ExplainStmt) && anon_dp_guard_applies() &&
		anon_dp_reads_labelled_walker(((ExplainStmt *) stmt)->query, NULL))
		anon_dp_refuse("EXPLAIN shows row counts and estimates of a labelled table or a view.");

	if (IsA(stmt, CopyStmt) && anon_dp_guard_applies())
	{
		CopyStmt   *copy = (CopyStmt *) stmt;

		if (copy->relation != NULL)
		{
			Oid			relid = RangeVarGetRelid(copy->relation, NoLock, true);

			if (OidIsValid(relid) && anon_dp_relation_is_labelled(relid))
				anon_dp_refuse("COPY of a labelled table is not allowed.");
		}
	}
}
