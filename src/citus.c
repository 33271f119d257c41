/*-------------------------------------------------------------------------
 *
 * citus.c
 *		Citus, read from its catalogs: which relations are Citus tables,
 *		which are their shards and placements, and whether this node is a
 *		worker.
 *
 * Rules follow the data.  On a Citus cluster the rows of a distributed or
 * reference table live in shards (one relation per shard, named
 * <table>_<shardid>, on the node that holds a placement of it); the table
 * on the coordinator and the "shell" tables on the workers hold no rows of
 * their own.  A query on the table is split by Citus into queries on
 * shards, and anyone who can connect to a worker (or who calls
 * run_command_on_shards) can name a shard directly.  So masking happens
 * where the data is, once: a shard or a placement reads with the rules of
 * its logical table (rules.c asks anon_citus_shard_logical(), whatever
 * labels Citus did or did not copy to it), and the node that plans a
 * query on the logical table does not mask it again
 * (anon_citus_masks_at_shards()): md5(code) is computed on the worker, not
 * md5(md5(code)).  Should a plan ever read the local heap of a Citus table
 * for a masked role, anon_citus_check_plan() refuses it.
 *
 * anon is not linked against Citus and does not need it: every catalog is
 * looked up by name (pg_dist_partition, pg_dist_shard,
 * pg_dist_local_group in pg_catalog) and may be absent, and Citus counts
 * as active only when it is in shared_preload_libraries (a database with
 * Citus's catalogs but without its planner would read the local heaps).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "miscadmin.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "parser/parse_func.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_clause.h"
#include "utils/guc.h"
#include "nodes/pg_list.h"
#include "parser/parsetree.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/acl.h"
#include "utils/ruleutils.h"
#include "utils/varlena.h"
#include "executor/spi.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "dp_agg.h"
#include "dynamic.h"
#include "rules.h"
#include "static.h"

/* -1 unknown, 0 no, 1 yes: is citus in shared_preload_libraries? */
static int	anon_citus_preloaded = -1;

static bool
anon_citus_is_preloaded(void)
{
	if (anon_citus_preloaded < 0)
	{
		char	   *raw;
		List	   *names = NIL;
		ListCell   *lc;

		anon_citus_preloaded = 0;
		if (shared_preload_libraries_string == NULL)
			return false;
		raw = pstrdup(shared_preload_libraries_string);
		if (SplitDirectoriesString(raw, ',', &names))
		{
			foreach(lc, names)
			{
				const char *name = (const char *) lfirst(lc);
				const char *base = strrchr(name, '/');

				base = base ? base + 1 : name;
				if (strcmp(base, "citus") == 0 || strcmp(base, "citus.so") == 0)
					anon_citus_preloaded = 1;
			}
		}
		list_free_deep(names);
		pfree(raw);
	}
	return anon_citus_preloaded == 1;
}

/* a Citus catalog (table or index) of pg_catalog, or InvalidOid */
static Oid
anon_citus_catalog(const char *name)
{
	return get_relname_relid(name, PG_CATALOG_NAMESPACE);
}

bool
anon_citus_active(void)
{
	return anon_citus_is_preloaded() &&
		OidIsValid(anon_citus_catalog("pg_dist_partition"));
}

/*
 * Scan a Citus catalog for the rows whose column colname equals value
 * (compared with proc); return whether one exists, and the Datum of column
 * outname of the first (by value: Oid, int4 or int8 columns only).
 */
static bool
anon_citus_lookup(const char *catalog, const char *index, const char *colname,
				  RegProcedure proc, Datum value, const char *outname, Datum *out)
{
	Oid			catid = anon_citus_catalog(catalog);
	Oid			indexid;
	Relation	rel;
	AttrNumber	attnum;
	AttrNumber	outnum = InvalidAttrNumber;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	bool		found = false;

	if (!OidIsValid(catid))
		return false;
	rel = table_open(catid, AccessShareLock);
	attnum = get_attnum(catid, colname);
	if (outname != NULL)
		outnum = get_attnum(catid, outname);
	if (attnum == InvalidAttrNumber || (outname != NULL && outnum == InvalidAttrNumber))
	{
		table_close(rel, AccessShareLock);
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("unsupported version of Citus: catalog %s has no column %s",
						catalog, attnum == InvalidAttrNumber ? colname : outname)));
	}
	indexid = index ? anon_citus_catalog(index) : InvalidOid;
	ScanKeyInit(&key, attnum, BTEqualStrategyNumber, proc, value);
	scan = systable_beginscan(rel, indexid, OidIsValid(indexid), NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		found = true;
		if (out != NULL)
		{
			bool		isnull;

			*out = heap_getattr(tuple, outnum, RelationGetDescr(rel), &isnull);
			if (isnull)
				found = false;
		}
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return found;
}

bool
anon_citus_is_table(Oid relid)
{
	if (!OidIsValid(relid) || relid < FirstNormalObjectId)
		return false;
	return anon_citus_lookup("pg_dist_partition", "pg_dist_partition_logical_relid_index",
							 "logicalrelid", F_OIDEQ, ObjectIdGetDatum(relid),
							 NULL, NULL);
}

/*
 * A shard is named <logical table>_<shardid> in the schema of its logical
 * table (Citus shortens a name that would pass NAMEDATALEN, keeping the
 * _<shardid> suffix); pg_dist_shard maps the shard id to the table.  The
 * name must match exactly when it fits, so that no other relation can take
 * a shard's rules (and no shard can escape them by being renamed: Citus
 * owns its shards' names).
 */
Oid
anon_citus_shard_logical(Oid relid)
{
	char	   *relname;
	const char *us;
	const char *p;
	int64		shardid;
	Datum		logical;
	Oid			logicalid;
	char	   *logicalname;
	char		expected[NAMEDATALEN * 2 + 32];

	if (relid < FirstNormalObjectId || !anon_citus_is_preloaded() ||
		!OidIsValid(anon_citus_catalog("pg_dist_shard")))
		return InvalidOid;
	relname = get_rel_name(relid);
	if (relname == NULL)
		return InvalidOid;
	us = strrchr(relname, '_');
	if (us == NULL || us[1] == '\0')
		return InvalidOid;
	for (p = us + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return InvalidOid;
	if (strlen(us + 1) > 18)
		return InvalidOid;
	shardid = strtoll(us + 1, NULL, 10);
	if (shardid <= 0)
		return InvalidOid;
	if (!anon_citus_lookup("pg_dist_shard", "pg_dist_shard_shardid_index",
						   "shardid", F_INT8EQ, Int64GetDatum(shardid),
						   "logicalrelid", &logical))
		return InvalidOid;
	logicalid = DatumGetObjectId(logical);
	if (logicalid == relid ||
		get_rel_namespace(logicalid) != get_rel_namespace(relid))
		return InvalidOid;
	logicalname = get_rel_name(logicalid);
	if (logicalname == NULL)
		return InvalidOid;
	snprintf(expected, sizeof(expected), "%s_" INT64_FORMAT, logicalname, shardid);
	if (strlen(expected) < NAMEDATALEN && strcmp(expected, relname) != 0)
		return InvalidOid;
	return logicalid;
}

bool
anon_citus_is_worker(void)
{
	Oid			catid;
	Relation	rel;
	SysScanDesc scan;
	HeapTuple	tuple;
	AttrNumber	attnum;
	bool		worker = false;

	if (!anon_citus_is_preloaded())
		return false;
	catid = anon_citus_catalog("pg_dist_local_group");
	if (!OidIsValid(catid))
		return false;
	attnum = get_attnum(catid, "groupid");
	if (attnum == InvalidAttrNumber)
		return false;
	rel = table_open(catid, AccessShareLock);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		bool		isnull;
		Datum		d = heap_getattr(tuple, attnum, RelationGetDescr(rel), &isnull);

		worker = !isnull && DatumGetInt32(d) != 0;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return worker;
}

bool
anon_citus_masks_at_shards(Oid relid)
{
	return anon_citus_active() && anon_citus_is_table(relid);
}

/*
 * Citus plans a query on a Citus table as a scan of shards (remote, or
 * local through the planner again, where the shard is masked), and keeps
 * the table in the range table only for permission checks.  A plan that
 * scans the table itself reads its local heap, which the planner hook left
 * unmasked: refused.
 */
static void
anon_citus_check_scans(Plan *plan, List *rtable)
{
	ListCell   *lc;

	if (plan == NULL)
		return;
	check_stack_depth();
	switch (nodeTag(plan))
	{
		case T_SeqScan:
		case T_SampleScan:
		case T_IndexScan:
		case T_IndexOnlyScan:
		case T_BitmapHeapScan:
		case T_TidScan:
		case T_TidRangeScan:
			{
				Index		scanrelid = ((Scan *) plan)->scanrelid;
				RangeTblEntry *rte;

				if (scanrelid == 0 || scanrelid > list_length(rtable))
					break;
				rte = rt_fetch(scanrelid, rtable);
				if (rte->rtekind == RTE_RELATION &&
					anon_citus_masks_at_shards(rte->relid))
					ereport(ERROR,
							(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
							 errmsg("masked roles cannot read the local table of Citus table \"%s\"",
									get_rel_name(rte->relid)),
							 errdetail("The rows of a Citus table are masked in its shards; this plan reads the table itself."),
							 errhint("Check that citus is in shared_preload_libraries before anon.")));
			}
			break;
		case T_Append:
			foreach(lc, ((Append *) plan)->appendplans)
				anon_citus_check_scans((Plan *) lfirst(lc), rtable);
			break;
		case T_MergeAppend:
			foreach(lc, ((MergeAppend *) plan)->mergeplans)
				anon_citus_check_scans((Plan *) lfirst(lc), rtable);
			break;
		case T_BitmapAnd:
			foreach(lc, ((BitmapAnd *) plan)->bitmapplans)
				anon_citus_check_scans((Plan *) lfirst(lc), rtable);
			break;
		case T_BitmapOr:
			foreach(lc, ((BitmapOr *) plan)->bitmapplans)
				anon_citus_check_scans((Plan *) lfirst(lc), rtable);
			break;
		case T_SubqueryScan:
			anon_citus_check_scans(((SubqueryScan *) plan)->subplan, rtable);
			break;
		case T_CustomScan:
			foreach(lc, ((CustomScan *) plan)->custom_plans)
				anon_citus_check_scans((Plan *) lfirst(lc), rtable);
			break;
		default:
			break;
	}
	anon_citus_check_scans(plan->lefttree, rtable);
	anon_citus_check_scans(plan->righttree, rtable);
}

void
anon_citus_check_plan(PlannedStmt *stmt)
{
	ListCell   *lc;

	if (!anon_citus_active())
		return;
	anon_citus_check_scans(stmt->planTree, stmt->rtable);
	foreach(lc, stmt->subplans)
		anon_citus_check_scans((Plan *) lfirst(lc), stmt->rtable);
}

void
anon_citus_refuse_static(Oid relid, const char *what, bool tables)
{
	Oid			logical;

	if (!anon_citus_is_preloaded() || !OidIsValid(anon_citus_catalog("pg_dist_partition")))
		return;
	logical = anon_citus_shard_logical(relid);
	if (OidIsValid(logical))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s cannot mask \"%s\": it is a shard of Citus table \"%s\"",
						what, get_rel_name(relid), get_rel_name(logical)),
				 errdetail("A shard is masked with its table, on every node at once."),
				 errhint("Mask the table on the coordinator.")));
	if (!tables && anon_citus_is_table(relid))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s cannot mask Citus table \"%s\" in place",
						what, get_rel_name(relid)),
				 errdetail("Its rows live in shards on several nodes, which this function does not rewrite; nothing was changed."),
				 errhint("Mask it with anon.anonymize_table(), or undistribute it with undistribute_table(), mask it, and distribute it again.")));
}

static void
anon_citus_refuse_dp(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("differentially private aggregates are finalized on the Citus coordinator only"),
			 errdetail("A worker draws no noise and charges no privacy budget for a Citus table: the coordinator does, once per query."),
			 errhint("Run the query on the coordinator.")));
}

/*
 * The final function of a DP aggregate, on a worker, in a task that Citus
 * sent (its connections say so in application_name; a session that
 * pretends to be one only refuses itself).
 */
void
anon_citus_refuse_dp_on_worker(void)
{
	if (application_name != NULL &&
		strncmp(application_name, "citus_internal", strlen("citus_internal")) == 0 &&
		anon_citus_is_worker())
		anon_citus_refuse_dp();
}

/*
 * Before a plan with DP aggregates is charged: on a worker, refuse one that
 * reads a Citus table or a shard (a task, or someone reading shards
 * directly); a worker's local tables are its own.
 */
void
anon_citus_refuse_dp_plan(PlannedStmt *stmt)
{
	ListCell   *lc;

	if (!anon_citus_is_preloaded() || !anon_citus_is_worker())
		return;
	foreach(lc, stmt->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_RELATION &&
			(anon_citus_is_table(rte->relid) ||
			 OidIsValid(anon_citus_shard_logical(rte->relid))))
			anon_citus_refuse_dp();
	}
}

/* is funcid the function pg_catalog.<name>? */
static bool
anon_citus_is_function(Oid funcid, const char *name)
{
	char	   *fname;

	if (get_func_namespace(funcid) != PG_CATALOG_NAMESPACE)
		return false;
	fname = get_func_name(funcid);
	return fname != NULL && strcmp(fname, name) == 0;
}

/*
 * Citus computes a partial aggregate on a worker as
 * worker_partial_agg('agg(...)'::regprocedure, ROW(arg1, arg2, ...)) (the
 * bare argument when there is one), and calls agg's transition function
 * from inside it; the Aggref the executor knows is worker_partial_agg's.
 * For such an Aggref, an Aggref of agg with the arguments as written (the
 * constant parameters of a DP aggregate among them); for any other, the
 * Aggref itself (coord_combine_agg's too: see anon_citus_combine_spend).
 */
Aggref *
anon_citus_inner_aggref(Aggref *aggref)
{
	TargetEntry *aggtle;
	TargetEntry *argtle;
	Aggref	   *inner;
	List	   *args = NIL;
	ListCell   *lc;
	int			resno = 1;

	if (aggref == NULL || aggref->aggfnoid < FirstNormalObjectId ||
		!anon_citus_is_preloaded())
		return aggref;
	if (!anon_citus_is_function(aggref->aggfnoid, "worker_partial_agg") ||
		list_length(aggref->args) != 2)
		return aggref;
	aggtle = linitial_node(TargetEntry, aggref->args);
	argtle = lsecond_node(TargetEntry, aggref->args);
	if (!IsA(aggtle->expr, Const) || ((Const *) aggtle->expr)->constisnull)
		return NULL;
	inner = copyObject(aggref);
	inner->aggfnoid = DatumGetObjectId(((Const *) aggtle->expr)->constvalue);
	if (IsA(argtle->expr, RowExpr))
	{
		foreach(lc, ((RowExpr *) argtle->expr)->args)
			args = lappend(args, makeTargetEntry((Expr *) lfirst(lc), resno++,
												 NULL, false));
	}
	else
		args = list_make1(makeTargetEntry(argtle->expr, 1, NULL, false));
	inner->args = args;
	return inner;
}

/* ---- DP aggregates on Citus tables: finalized on the coordinator ---- */

typedef struct AnonCitusDpScan
{
	bool		dp;				/* an aggregate of schema anon */
	bool		citus;			/* a Citus table */
	bool		nested;			/* subqueries, CTEs or sublinks */
} AnonCitusDpScan;

static bool
anon_citus_dp_walker(Node *node, AnonCitusDpScan *scan)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
	{
		Oid			nsp = get_func_namespace(((Aggref *) node)->aggfnoid);

		if (OidIsValid(nsp) && nsp == get_namespace_oid("anon", true))
			scan->dp = true;
	}
	else if (IsA(node, RangeTblEntry))
	{
		RangeTblEntry *rte = (RangeTblEntry *) node;

		if (rte->rtekind == RTE_RELATION && anon_citus_is_table(rte->relid))
			scan->citus = true;
		if (rte->rtekind == RTE_SUBQUERY)
			scan->nested = true;
		return false;
	}
	else if (IsA(node, Query))
	{
		Query	   *q = (Query *) node;

		if (q->cteList != NIL || q->hasSubLinks)
			scan->nested = true;
		return query_tree_walker(q, anon_citus_dp_walker,
								 (void *) scan, QTW_EXAMINE_RTES_BEFORE);
	}
	return expression_tree_walker(node, anon_citus_dp_walker, (void *) scan);
}

typedef struct AnonCitusGroupKeys
{
	List	   *vars;			/* grouping Vars of Citus tables, level 0 */
} AnonCitusGroupKeys;

/* every grouping Var of the level, outside aggregates, as COALESCE(var) */
static Node *
anon_citus_wrap_mutator(Node *node, AnonCitusGroupKeys *keys)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Aggref) || IsA(node, Query) || IsA(node, SubLink))
		return node;
	if (IsA(node, Var))
	{
		ListCell   *lc;

		foreach(lc, keys->vars)
			if (equal(node, lfirst(lc)))
			{
				CoalesceExpr *c = makeNode(CoalesceExpr);

				c->coalescetype = exprType(node);
				c->coalescecollid = exprCollation(node);
				c->args = list_make1(copyObject(node));
				c->location = -1;
				return (Node *) c;
			}
		return node;
	}
	return expression_tree_mutator(node, anon_citus_wrap_mutator, (void *) keys);
}

/*
 * Citus runs an aggregate grouped by the distribution column whole on the
 * workers, and so does it for a query on one shard (router): a worker
 * would finalize the DP aggregate, which it refuses.  Grouping by
 * COALESCE(column) (the same groups) and, for a query without subqueries,
 * planning without the router make Citus aggregate partially on the
 * workers and finalize on the coordinator.
 */
static void
anon_citus_dp_level(Query *q)
{
	AnonCitusGroupKeys keys = {NIL};
	ListCell   *lc;

	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_SUBQUERY && rte->subquery != NULL)
			anon_citus_dp_level(rte->subquery);
	}
	if (!q->hasAggs || q->groupClause == NIL || q->groupingSets != NIL)
		return;
	foreach(lc, q->targetList)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);
		Var		   *var = (Var *) tle->expr;
		RangeTblEntry *rte;

		if (tle->ressortgroupref == 0 || !IsA(var, Var) || var->varlevelsup != 0 ||
			get_sortgroupref_clause_noerr(tle->ressortgroupref, q->groupClause) == NULL)
			continue;
		rte = rt_fetch(var->varno, q->rtable);
		if (rte->rtekind == RTE_RELATION && anon_citus_is_table(rte->relid))
			keys.vars = lappend(keys.vars, var);
	}
	if (keys.vars == NIL)
		return;
	q->targetList = (List *) anon_citus_wrap_mutator((Node *) q->targetList, &keys);
	q->havingQual = anon_citus_wrap_mutator(q->havingQual, &keys);
}

/* the largest spend of each DP aggregate (by function) of a query */
typedef struct AnonCitusSpend
{
	Oid			aggfnoid;
	double		epsilon;
	double		delta;
} AnonCitusSpend;

struct AnonCitusPlanState
{
	int			guc_level;		/* to restore, or 0 */
	List	   *spends;			/* AnonCitusSpend */
};

static bool
anon_citus_spend_walker(Node *node, List **spends)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
	{
		Aggref	   *aggref = (Aggref *) node;
		double		eps;
		double		delta;

		/* the parameters as the planner will see them: folded */
		if (anon_dp_aggregate_layout(aggref->aggfnoid) != ANON_DP_NOT_DP)
			aggref = (Aggref *) eval_const_expressions(NULL, copyObject(node));
		if (anon_dp_aggref_spend(aggref, &eps, &delta))
		{
			ListCell   *lc;
			AnonCitusSpend *sp = NULL;

			foreach(lc, *spends)
				if (((AnonCitusSpend *) lfirst(lc))->aggfnoid == aggref->aggfnoid)
					sp = (AnonCitusSpend *) lfirst(lc);
			if (sp == NULL)
			{
				sp = palloc0(sizeof(AnonCitusSpend));
				sp->aggfnoid = aggref->aggfnoid;
				*spends = lappend(*spends, sp);
			}
			sp->epsilon = Max(sp->epsilon, eps);
			sp->delta = Max(sp->delta, delta);
		}
	}
	else if (IsA(node, Query))
		return query_tree_walker((Query *) node, anon_citus_spend_walker,
								 (void *) spends, 0);
	return expression_tree_walker(node, anon_citus_spend_walker, (void *) spends);
}

AnonCitusPlanState *
anon_citus_plan(Query *parse)
{
	AnonCitusDpScan scan = {false, false, false};
	AnonCitusPlanState *state;

	if (!anon_citus_active())
		return NULL;
	(void) anon_citus_dp_walker((Node *) parse, &scan);
	if (!scan.dp || !scan.citus)
		return NULL;

	/*
	 * The workers would hand a DP role the partial states of its query,
	 * which hold exact sums and counts: it cannot be trusted with them.
	 */
	if (OidIsValid(GetUserId()) &&
		(anon_role_is_dp(GetUserId()) || anon_role_is_dp(GetSessionUserId())))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("differential privacy roles cannot aggregate Citus tables yet"),
				 errdetail("The workers would hand the role partial aggregates of the raw values."),
				 errhint("Aggregate a local table, or run the query as a role without the label.")));

	state = palloc0(sizeof(AnonCitusPlanState));
	(void) anon_citus_spend_walker((Node *) parse, &state->spends);
	anon_citus_dp_level(parse);

	/*
	 * Citus plans a query with subqueries on one shard with the router
	 * only: such a query is left to it, and fails on the worker, which
	 * refuses to finalize.
	 */
	if (scan.nested)
		return state;
	state->guc_level = NewGUCNestLevel();
	(void) set_config_option("citus.enable_router_execution", "off",
							 PGC_SUSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	(void) set_config_option("citus.enable_fast_path_router_planner", "off",
							 PGC_SUSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	return state;
}

/* ---- the spend of a DP aggregate that Citus finalizes ---- */

static Oid
anon_citus_spend_fn(void)
{
	Oid			argtypes[3] = {FLOAT8OID, FLOAT8OID, ANYELEMENTOID};
	List	   *name = list_make2(makeString("anon"), makeString("_citus_dp_spend"));

	return LookupFuncName(name, 3, argtypes, true);
}

static bool
anon_citus_is_combine(Aggref *aggref)
{
	return aggref != NULL && aggref->aggfnoid >= FirstNormalObjectId &&
		list_length(aggref->args) == 3 &&
		anon_citus_is_function(aggref->aggfnoid, "coord_combine_agg");
}

/* the DP aggregate that coord_combine_agg finalizes, or InvalidOid */
static Oid
anon_citus_combined(Aggref *aggref)
{
	Expr	   *e;

	if (!anon_citus_is_combine(aggref))
		return InvalidOid;
	e = linitial_node(TargetEntry, aggref->args)->expr;
	if (!IsA(e, Const) || ((Const *) e)->constisnull)
		return InvalidOid;
	return DatumGetObjectId(((Const *) e)->constvalue);
}

typedef struct AnonCitusTagContext
{
	List	   *spends;
	Oid			spendfn;
} AnonCitusTagContext;

static bool
anon_citus_tag_walker(Node *node, AnonCitusTagContext *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
	{
		Aggref	   *aggref = (Aggref *) node;
		Oid			combined = anon_citus_combined(aggref);
		ListCell   *lc;

		if (OidIsValid(combined))
		{
			foreach(lc, ctx->spends)
			{
				AnonCitusSpend *sp = (AnonCitusSpend *) lfirst(lc);

				if (sp->aggfnoid != combined || aggref->aggfilter != NULL)
					continue;
				aggref->aggfilter = (Expr *)
					makeFuncExpr(ctx->spendfn, BOOLOID,
								 list_make3(makeConst(FLOAT8OID, -1, InvalidOid, sizeof(float8),
													  Float8GetDatum(sp->epsilon), false, FLOAT8PASSBYVAL),
											makeConst(FLOAT8OID, -1, InvalidOid, sizeof(float8),
													  Float8GetDatum(sp->delta), false, FLOAT8PASSBYVAL),
											makeBoolConst(true, false)),
								 InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
				break;
			}
		}
		return false;
	}
	return expression_tree_walker(node, anon_citus_tag_walker, (void *) ctx);
}

static void
anon_citus_tag_plan(Plan *plan, AnonCitusTagContext *ctx)
{
	ListCell   *lc;

	if (plan == NULL)
		return;
	check_stack_depth();
	(void) anon_citus_tag_walker((Node *) plan->targetlist, ctx);
	(void) anon_citus_tag_walker((Node *) plan->qual, ctx);
	switch (nodeTag(plan))
	{
		case T_Append:
			foreach(lc, ((Append *) plan)->appendplans)
				anon_citus_tag_plan((Plan *) lfirst(lc), ctx);
			break;
		case T_MergeAppend:
			foreach(lc, ((MergeAppend *) plan)->mergeplans)
				anon_citus_tag_plan((Plan *) lfirst(lc), ctx);
			break;
		case T_SubqueryScan:
			anon_citus_tag_plan(((SubqueryScan *) plan)->subplan, ctx);
			break;
		case T_CustomScan:
			foreach(lc, ((CustomScan *) plan)->custom_plans)
				anon_citus_tag_plan((Plan *) lfirst(lc), ctx);
			break;
		default:
			break;
	}
	anon_citus_tag_plan(plan->lefttree, ctx);
	anon_citus_tag_plan(plan->righttree, ctx);
}

/*
 * Citus finalizes a DP aggregate on the coordinator with
 * coord_combine_agg(aggregate, state, NULL::<result type>), whose arguments
 * hold none of the DP parameters (they travel in the states).  It gets the
 * filter FILTER (WHERE anon._citus_dp_spend(epsilon, delta, true)), true
 * for every row, with the largest spend of that aggregate in the query as
 * written (Citus filters on the workers and leaves the coordinator's
 * combine without a filter; it accepts only a constant in its arguments,
 * which is why the spend is not there): the executor
 * hook charges it before the query runs (dp_budget.c asks
 * anon_citus_combine_spend), and the final function releases the value.
 */
bool
anon_citus_combine_spend(Aggref *aggref, double *epsilon, double *delta)
{
	FuncExpr   *f;
	Const	   *e;
	Const	   *d;

	if (!OidIsValid(anon_citus_combined(aggref)))
		return false;
	f = (FuncExpr *) aggref->aggfilter;
	if (f == NULL || !IsA(f, FuncExpr) || list_length(f->args) != 3 ||
		f->funcid != anon_citus_spend_fn())
		return false;
	e = (Const *) linitial(f->args);
	d = (Const *) lsecond(f->args);
	if (!IsA(e, Const) || !IsA(d, Const) || e->constisnull || d->constisnull ||
		e->consttype != FLOAT8OID || d->consttype != FLOAT8OID)
		return false;
	if (epsilon)
		*epsilon = DatumGetFloat8(e->constvalue);
	if (delta)
		*delta = DatumGetFloat8(d->constvalue);
	return true;
}

void
anon_citus_refuse_empty(Aggref *aggref)
{
	if (anon_citus_is_combine(aggref))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("differentially private aggregate over a Citus table that returned no row"),
				 errdetail("Its parameters travel in the states of the shards, and no shard had a row to aggregate."),
				 errhint("Aggregate a table that has rows, or a local copy of it.")));
}

PG_FUNCTION_INFO_V1(anon_citus_dp_spend);

/* anon._citus_dp_spend(epsilon, delta, tag anyelement): the tag */
Datum
anon_citus_dp_spend(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(2))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PG_GETARG_DATUM(2));
}

void
anon_citus_planned(PlannedStmt *result, AnonCitusPlanState *state)
{
	ListCell   *lc;
	List	   *logical = NIL;

	if (state != NULL && state->guc_level > 0)
		AtEOXact_GUC(true, state->guc_level);
	if (state != NULL && state->spends != NIL)
	{
		AnonCitusTagContext ctx;

		ctx.spends = state->spends;
		ctx.spendfn = anon_citus_spend_fn();
		if (OidIsValid(ctx.spendfn))
		{
			anon_citus_tag_plan(result->planTree, &ctx);
			foreach(lc, result->subplans)
				anon_citus_tag_plan((Plan *) lfirst(lc), &ctx);
		}
	}
	if (!anon_citus_is_preloaded())
		return;

	/*
	 * A shard is masked by its logical table's rules: a cached plan that
	 * reads it is replanned when that table is relabelled.
	 */
	foreach(lc, result->relationOids)
	{
		Oid			relid = anon_citus_shard_logical(lfirst_oid(lc));

		if (OidIsValid(relid))
			logical = list_append_unique_oid(logical, relid);
	}
	result->relationOids = list_concat_unique_oid(result->relationOids, logical);
	if (anon_reader_policy() >= 0)
		anon_citus_check_plan(result);
}

/* ---- static masking of Citus tables ---- */

/*
 * Unless triggers are to fire, session_replication_role = replica until
 * AtEOXact_GUC(true, <the level returned>).  Never around Citus's DDL:
 * Citus drops the shards and metadata of a table from an event trigger,
 * which replica mode silences.
 */
static int
anon_citus_no_triggers(bool fire_triggers)
{
	int			level = NewGUCNestLevel();

	if (!fire_triggers)
		(void) set_config_option("session_replication_role", "replica",
								 PGC_SUSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
	return level;
}

static bool
anon_citus_restricted_checker(Oid funcid, void *context)
{
	return anon_function_is_restricted(funcid, *(int *) context);
}

static bool
anon_citus_restricted_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (check_functions_in_node(node, anon_citus_restricted_checker, context))
		return true;
	return expression_tree_walker(node, anon_citus_restricted_walker, context);
}

/*
 * Does a mask call a function that uses a secret (RESTRICTED: keyed
 * hashes, pseudonyms, seeded fakes)?  Keys are per node, so such masks are
 * computed on this node only, where one input gives one output.
 */
static bool
anon_citus_uses_keys(AnonStaticTable *t)
{
	int			policy = anon_policy_index(ANON_DEFAULT_POLICY);
	int			i;

	for (i = 0; i < t->ncols; i++)
		if (anon_citus_restricted_walker((Node *) t->cols[i].expr, &policy))
			return true;
	return false;
}

/* run one statement of static masking; the rows it processed */
static uint64
anon_citus_spi(const char *sql, int expected, Relation rel)
{
	int			rc = SPI_execute(sql, false, 0);

	if (rc != expected)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot anonymize Citus table \"%s\"",
						RelationGetRelationName(rel)),
				 errdetail("A rule on the table rewrites the statements that mask it.")));
	return SPI_processed;
}

/*
 * The distribution column of a hash-distributed table that nothing
 * references by a foreign key (so that it can be emptied and refilled) and
 * that has no shard on this node (Citus cannot empty a shard that this
 * session reads locally), or NULL: such a table is masked through a
 * co-located copy.
 */
static char *
anon_citus_copyable(Relation rel)
{
	Oid			relid = RelationGetRelid(rel);
	Oid			argtypes[1] = {OIDOID};
	Datum		args[1];
	char	   *col = NULL;

	args[0] = ObjectIdGetDatum(relid);
	if (SPI_execute_with_args("SELECT pg_catalog.column_to_column_name(logicalrelid, partkey) "
							  "FROM pg_catalog.pg_dist_partition "
							  "WHERE logicalrelid OPERATOR(pg_catalog.=) $1 "
							  "AND partmethod OPERATOR(pg_catalog.=) 'h' "
							  "AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint c "
							  "WHERE c.confrelid OPERATOR(pg_catalog.=) $1 "
							  "AND c.contype OPERATOR(pg_catalog.=) 'f') "
							  "AND NOT EXISTS (SELECT FROM pg_catalog.pg_dist_shard s "
							  "JOIN pg_catalog.pg_dist_placement p "
							  "ON p.shardid OPERATOR(pg_catalog.=) s.shardid "
							  "WHERE s.logicalrelid OPERATOR(pg_catalog.=) $1 "
							  "AND p.groupid OPERATOR(pg_catalog.=) "
							  "(SELECT groupid FROM pg_catalog.pg_dist_local_group))",
							  1, argtypes, args, NULL, true, 1) == SPI_OK_SELECT &&
		SPI_processed == 1)
		col = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	return col;
}

/*
 * Mask every row of Citus table rel (open, locked) with the masks of t, in
 * the current transaction, as the caller (static.c runs this as the
 * table's owner in a security-restricted operation).  Citus commits every
 * node's part with two-phase commit when the transaction commits, or none:
 * a failure anywhere leaves every shard as it was.  Citus refuses volatile
 * functions in a distributed UPDATE, so the rows are rewritten instead:
 *
 * - a hash-distributed table that no foreign key references, that has no
 *   shard on this node and whose masks use no key (keys are per node) goes
 *   through a co-located copy, shard by shard
 *   on the nodes that hold them (the masks are computed there, in
 *   parallel):
 *		CREATE TABLE <copy> (LIKE rel), distributed co-located with rel;
 *		INSERT INTO <copy> SELECT <masks> FROM rel;
 *		DELETE FROM rel; INSERT INTO rel SELECT * FROM <copy>; DROP TABLE <copy>
 *   (not TRUNCATE: static.c holds rel open)
 *
 * - any other (a reference table, whose placements must all get the same
 *   masked row; a table with incoming foreign keys; a single-node cluster;
 *   masks with keys, computed with this node's) in one statement:
 *		WITH anon_old AS (DELETE FROM rel RETURNING *),
 *			 anon_new AS (SELECT <masks> FROM anon_old)
 *		INSERT INTO rel SELECT * FROM anon_new
 *   where Citus brings the rows to this node, the masks are computed once
 *   per row, and the rows go back to their shards.
 *
 * The masks are cast to the column types where they are computed: Citus
 * 13.2 computes a value that an INSERT ... SELECT must coerce again from
 * NULL.  Returns the rows written.
 */
uint64
anon_citus_static_rewrite(Relation rel, AnonStaticTable *t, bool fire_triggers)
{
	TupleDesc	desc = RelationGetDescr(rel);
	List	   *dpcontext;
	StringInfoData sql;
	StringInfoData cols;
	StringInfoData exprs;
	const char *nspname = get_namespace_name(RelationGetNamespace(rel));
	const char *qualname;
	char	   *distcol;
	char		copyname[NAMEDATALEN];
	MemoryContext cxt = CurrentMemoryContext;
	int			save_nestlevel;
	uint64		rows = 0;
	int			i;

	qualname = quote_qualified_identifier(nspname, RelationGetRelationName(rel));
	dpcontext = deparse_context_for(RelationGetRelationName(rel), RelationGetRelid(rel));
	initStringInfo(&cols);
	initStringInfo(&exprs);
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		const char *name;
		int			j;

		if (att->attisdropped || att->attgenerated)
			continue;
		name = quote_identifier(NameStr(att->attname));
		appendStringInfo(&cols, "%s%s", cols.len > 0 ? ", " : "", name);
		appendStringInfoString(&exprs, exprs.len > 0 ? ", " : "");
		for (j = 0; j < t->ncols && t->cols[j].attnum != att->attnum; j++)
			;
		if (j < t->ncols)
			appendStringInfo(&exprs, "(%s)::%s AS %s",
							 deparse_expression(t->cols[j].expr, dpcontext, false, false),
							 format_type_with_typemod(att->atttypid, att->atttypmod),
							 name);
		else
			appendStringInfoString(&exprs, name);
	}

	/* can't happen: SPI_connect fails only when called inside SPI wrongly */
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	PG_TRY();
	{
		initStringInfo(&sql);
		snprintf(copyname, sizeof(copyname), "anon_mask_%u", RelationGetRelid(rel));
		distcol = anon_citus_uses_keys(t) ? NULL : anon_citus_copyable(rel);
		if (distcol != NULL &&
			!OidIsValid(get_relname_relid(copyname, RelationGetNamespace(rel))) &&
			pg_namespace_aclcheck(RelationGetNamespace(rel), GetUserId(),
								  ACL_CREATE) == ACLCHECK_OK)
		{
			const char *copy = quote_qualified_identifier(nspname, copyname);

			appendStringInfo(&sql, "CREATE TABLE %s (LIKE %s)", copy, qualname);
			(void) anon_citus_spi(sql.data, SPI_OK_UTILITY, rel);
			resetStringInfo(&sql);
			appendStringInfo(&sql,
							 "SELECT pg_catalog.create_distributed_table(%s, %s, colocate_with => %s)",
							 quote_literal_cstr(copy), quote_literal_cstr(distcol),
							 quote_literal_cstr(qualname));
			(void) anon_citus_spi(sql.data, SPI_OK_SELECT, rel);
			resetStringInfo(&sql);
			appendStringInfo(&sql, "INSERT INTO %s (%s) SELECT %s FROM %s",
							 copy, cols.data, exprs.data, qualname);
			rows = anon_citus_spi(sql.data, SPI_OK_INSERT, rel);
			/* triggers off for the rewrite only: Citus's DDL needs its own */
			save_nestlevel = anon_citus_no_triggers(fire_triggers);
			resetStringInfo(&sql);
			appendStringInfo(&sql, "DELETE FROM %s", qualname);
			if (anon_citus_spi(sql.data, SPI_OK_DELETE, rel) != rows)
				ereport(ERROR,
						(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
						 errmsg("table \"%s\" changed while it was masked",
								RelationGetRelationName(rel)),
						 errdetail("Another session wrote to its shards during the masking; nothing was changed."),
						 errhint("Run the masking again when no other session writes to the table.")));
			resetStringInfo(&sql);
			appendStringInfo(&sql,
							 "INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s",
							 qualname, cols.data, cols.data, copy);
			if (anon_citus_spi(sql.data, SPI_OK_INSERT, rel) != rows)
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("masked copy of table \"%s\" lost rows",
								RelationGetRelationName(rel)),
						 errdetail("Fewer rows were written back than were masked; nothing was changed."),
						 errhint("Check the table's triggers, rules and row-level security policies, which can hide or drop rows.")));
			AtEOXact_GUC(true, save_nestlevel);
			resetStringInfo(&sql);
			appendStringInfo(&sql, "DROP TABLE %s", copy);
			(void) anon_citus_spi(sql.data, SPI_OK_UTILITY, rel);
		}
		else
		{
			appendStringInfo(&sql,
							 "WITH anon_old AS MATERIALIZED (DELETE FROM %s RETURNING *), "
							 "anon_new AS MATERIALIZED (SELECT %s FROM anon_old) "
							 "INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM anon_new",
							 qualname, exprs.data, qualname, cols.data, cols.data);
			save_nestlevel = anon_citus_no_triggers(fire_triggers);
			rows = anon_citus_spi(sql.data, SPI_OK_INSERT, rel);
			AtEOXact_GUC(true, save_nestlevel);
		}
	}
	PG_CATCH();
	{
		anon_static_rethrow(cxt, rel, t);
	}
	PG_END_TRY();
	SPI_finish();
	return rows;
}

/*
 * create_masked_copy: distribute the (empty) copy copyid of Citus table
 * srcid the same way: a hash-distributed table co-located with its source,
 * a reference table as a reference table.  Other Citus tables (Citus local
 * tables) are copied into local tables.  SPI must be connected.
 */
void
anon_citus_distribute_like(Oid copyid, Oid srcid)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		args[1];
	char	   *method;
	char	   *col;
	char	   *copy;
	char	   *src;
	StringInfoData sql;

	if (!OidIsValid(copyid) || !anon_citus_masks_at_shards(srcid))
		return;
	args[0] = ObjectIdGetDatum(srcid);
	if (SPI_execute_with_args("SELECT partmethod::text, repmodel::text, "
							  "pg_catalog.column_to_column_name(logicalrelid, partkey) "
							  "FROM pg_catalog.pg_dist_partition "
							  "WHERE logicalrelid OPERATOR(pg_catalog.=) $1",
							  1, argtypes, args, NULL, true, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		return;
	method = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	col = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3);
	copy = quote_qualified_identifier(get_namespace_name(get_rel_namespace(copyid)),
									  get_rel_name(copyid));
	src = quote_qualified_identifier(get_namespace_name(get_rel_namespace(srcid)),
									 get_rel_name(srcid));
	initStringInfo(&sql);
	if (strcmp(method, "h") == 0 && col != NULL)
		appendStringInfo(&sql,
						 "SELECT pg_catalog.create_distributed_table(%s, %s, colocate_with => %s)",
						 quote_literal_cstr(copy), quote_literal_cstr(col),
						 quote_literal_cstr(src));
	else if (strcmp(method, "n") == 0 &&
			 strcmp(SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2), "t") == 0)
		appendStringInfo(&sql, "SELECT pg_catalog.create_reference_table(%s)",
						 quote_literal_cstr(copy));
	else
		return;
	if (SPI_execute(sql.data, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not distribute the masked copy of table \"%s\"", get_rel_name(srcid));
	CommandCounterIncrement();
}

/* ---- shard pruning on a masked distribution column ---- */

typedef struct AnonCitusVarFind
{
	Index		varno;
	AttrNumber	attno;
	int			sublevels_up;
} AnonCitusVarFind;

static bool
anon_citus_var_walker(Node *node, AnonCitusVarFind *f)
{
	if (node == NULL)
		return false;
	if (IsA(node, Var))
	{
		Var		   *v = (Var *) node;

		return v->varno == f->varno && v->varattno == f->attno &&
			v->varlevelsup == f->sublevels_up;
	}
	if (IsA(node, Query))
	{
		bool		found;

		f->sublevels_up++;
		found = query_tree_walker((Query *) node, anon_citus_var_walker, (void *) f, 0);
		f->sublevels_up--;
		return found;
	}
	return expression_tree_walker(node, anon_citus_var_walker, (void *) f);
}

/*
 * Citus picks the shards of a query from its conditions on the raw
 * distribution column, before the workers mask it: for a masked role, a
 * condition on a masked distribution column would select rows by their raw
 * values (which shard answers).  Refused.
 */
void
anon_citus_check_quals(Query *query, Index rtindex, Oid relid, int policy)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		args[1];
	char	   *col;
	AttrNumber	attno;
	const AnonRelationRules *rules;
	const AnonColumnRule *rule;
	AnonCitusVarFind f;

	if (query->jointree == NULL)
		return;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	args[0] = ObjectIdGetDatum(relid);
	col = NULL;
	if (SPI_execute_with_args("SELECT pg_catalog.column_to_column_name(logicalrelid, partkey) "
							  "FROM pg_catalog.pg_dist_partition "
							  "WHERE logicalrelid OPERATOR(pg_catalog.=) $1 "
							  "AND partkey IS NOT NULL",
							  1, argtypes, args, NULL, true, 1) == SPI_OK_SELECT &&
		SPI_processed == 1)
	{
		char	   *v = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		col = v ? pstrdup(v) : NULL;
	}
	SPI_finish();
	if (col == NULL)
		return;
	attno = get_attnum(relid, col);
	rules = anon_rules_get(relid, policy);
	rule = anon_rules_column(rules, attno);
	if (rule == NULL || rule->kind == ANON_LABEL_NOT_MASKED)
		return;
	f.varno = rtindex;
	f.attno = attno;
	f.sublevels_up = 0;
	if (anon_citus_var_walker((Node *) query->jointree, &f))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("masked roles cannot filter Citus table \"%s\" on its masked distribution column \"%s\"",
						get_rel_name(relid), col),
				 errdetail("Citus chooses the shards to read from the raw values of the distribution column, before they are masked."),
				 errhint("Filter on another column, or read the table without a condition on \"%s\".", col)));
}
