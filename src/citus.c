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
#include "catalog/pg_collation.h"
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
#include "catalog/pg_trigger.h"
#include "commands/trigger.h"
#include "utils/relcache.h"
#include "access/xact.h"
#include "utils/regproc.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "dp_agg.h"
#include "dp_guard.h"
#include "dynamic.h"
#include "keys.h"
#include "label.h"
#include "trust.h"
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
	Node	   *fn;
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
	fn = (Node *) aggtle->expr;
	/* 'agg(...)'::regprocedure as the oid argument, before planning */
	if (IsA(fn, RelabelType))
		fn = (Node *) ((RelabelType *) fn)->arg;
	if (!IsA(fn, Const) || ((Const *) fn)->constisnull)
		return NULL;
	inner = copyObject(aggref);
	inner->aggfnoid = DatumGetObjectId(((Const *) fn)->constvalue);
	if (IsA(argtle->expr, RowExpr))
	{
		foreach(lc, ((RowExpr *) argtle->expr)->args)
			args = lappend(args, makeTargetEntry((Expr *) lfirst(lc), resno++,
												 NULL, false));
	}
	else
		args = list_make1(makeTargetEntry(argtle->expr, 1, NULL, false));
	inner->args = args;
	/* the number of arguments is that of aggargtypes (dp_agg.c) */
	inner->aggargtypes = NIL;
	foreach(lc, args)
		inner->aggargtypes = lappend_oid(inner->aggargtypes,
										 exprType((Node *) lfirst_node(TargetEntry, lc)->expr));
	return inner;
}

static void anon_citus_watch_add_node(Query *parse);

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
	Aggref	   *call;			/* the call, when the query has one only */
	int			ncalls;
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
			if (sp->ncalls == 0 || !equal(sp->call, aggref))
				sp->ncalls++;
			sp->call = aggref;
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
	anon_citus_watch_add_node(parse);
	if (parse->hasAggs && parse->commandType == CMD_SELECT && anon_citus_is_worker())
		anon_citus_partial_native(parse);
	(void) anon_citus_dp_walker((Node *) parse, &scan);
	if (!scan.dp || !scan.citus)
		return NULL;

	/*
	 * A DP role: the workers compute the partial states of its query as
	 * that role, and seal them (dp_agg.c); the guard of each worker admits
	 * exactly that partial form (anon_citus_guard_dp).  The form Citus
	 * plans is known for one level without grouping.  A grouped level
	 * would show the role its groups on the workers before partition
	 * selection on the coordinator: it is rewritten into an ungrouped
	 * aggregate whose state holds the groups, sealed (citus_dp_group.c);
	 * anything else is refused.
	 */
	if (anon_dp_guard_applies() && !scan.nested && parse->groupClause != NIL &&
		anon_citus_dp_group_rewrite(parse))
		return NULL;			/* planned again, its subquery ungrouped */
	if (anon_dp_guard_applies() &&
		(scan.nested || parse->groupClause != NIL || parse->groupingSets != NIL ||
		 parse->havingQual != NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("differential privacy roles cannot aggregate Citus tables in a grouped or nested query"),
				 errdetail("On a Citus table, a differential privacy role may compute DP aggregates over the whole table (with a WHERE condition), in one query level, without GROUP BY or HAVING."),
				 errhint("Aggregate without GROUP BY, or aggregate a local table.")));

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

/*
 * Is aggref Citus's partial aggregation (worker_partial_agg) of one of
 * anon's DP aggregates, on a Citus worker?
 */
bool
anon_citus_partial_dp(Aggref *aggref)
{
	Aggref	   *inner;
	AnonDpLayout layout;

	if (aggref == NULL || aggref->aggfnoid < FirstNormalObjectId ||
		!anon_citus_is_preloaded() ||
		!anon_citus_is_function(aggref->aggfnoid, "worker_partial_agg"))
		return false;
	inner = anon_citus_inner_aggref(aggref);
	if (inner == NULL || inner == aggref)
		return false;
	layout = anon_dp_aggregate_layout(inner->aggfnoid);
	return layout != ANON_DP_NOT_DP && layout != ANON_DP_PARTITION &&
		anon_citus_is_worker();
}

typedef struct AnonCitusGuard
{
	Query	   *level;			/* the query level being walked */
} AnonCitusGuard;

static void
anon_citus_guard_refuse(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("a differential privacy role may not call Citus's aggregate internals"),
			 errdetail("%s", detail),
			 errhint("Run DP aggregates on the coordinator: Citus computes their partial states on the workers.")));
}

/* does the level read exactly one relation, a shard of a Citus table? */
static bool
anon_citus_level_reads_one_shard(Query *q)
{
	int			n = 0;
	bool		shard = false;
	ListCell   *lc;

	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_RELATION)
		{
			n++;
			shard = OidIsValid(anon_citus_shard_logical(rte->relid));
		}
		else if (rte->rtekind != RTE_JOIN)
			return false;
	}
	return n == 1 && shard;
}

static bool
anon_citus_guard_walker(Node *node, AnonCitusGuard *g)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
	{
		Aggref	   *aggref = (Aggref *) node;

		if (aggref->aggfnoid >= FirstNormalObjectId &&
			(anon_citus_is_function(aggref->aggfnoid, "coord_combine_agg") ||
			 anon_citus_is_function(aggref->aggfnoid, "worker_partial_agg")))
		{
			Query	   *q = g->level;

			if (!anon_citus_partial_dp(aggref))
				anon_citus_guard_refuse("Citus's worker_partial_agg and coord_combine_agg pass raw partial states; only the partial aggregation of a DP aggregate, on a worker, is allowed.");
			if (aggref->agglevelsup != 0 || q->groupClause != NIL ||
				q->groupingSets != NIL || q->havingQual != NULL ||
				q->hasWindowFuncs || q->setOperations != NULL ||
				q->cteList != NIL || q->hasSubLinks ||
				!anon_citus_level_reads_one_shard(q))
				anon_citus_guard_refuse("The partial aggregation of a DP aggregate is allowed in one query level over one shard, without grouping or subqueries.");
		}
		/* the arguments: checked by the DP guard */
	}
	if (IsA(node, Query))
	{
		Query	   *save = g->level;
		bool		r;

		g->level = (Query *) node;
		r = query_tree_walker((Query *) node, anon_citus_guard_walker, (void *) g, 0);
		g->level = save;
		return r;
	}
	return expression_tree_walker(node, anon_citus_guard_walker, (void *) g);
}

/*
 * The DP guard (dp_guard.c), for a guarded query, before anything else:
 * Citus's aggregate internals are refused, but for the partial form that
 * Citus sends a worker for a DP role's query on the coordinator (one level
 * over one shard, no grouping): an Aggref of worker_partial_agg over one
 * of anon's DP aggregates, whose state the worker seals.  coord_combine_agg
 * is never the role's: it would finalize states outside the plan that the
 * coordinator charges (and could combine one state with itself).
 */
void
anon_citus_guard_dp(Query *parse)
{
	AnonCitusGuard g;

	if (!anon_citus_is_preloaded() || !OidIsValid(anon_citus_catalog("pg_dist_partition")))
		return;
	g.level = parse;
	(void) query_tree_walker(parse, anon_citus_guard_walker, (void *) &g, 0);
}

/* ---- the spend of a DP aggregate that Citus finalizes ---- */

static Oid
anon_citus_spend_fn(void)
{
	Oid			argtypes[4] = {FLOAT8OID, FLOAT8OID, TEXTOID, ANYELEMENTOID};
	List	   *name = list_make2(makeString("anon"), makeString("_citus_dp_spend"));

	return LookupFuncName(name, 4, argtypes, true);
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

/*
 * The call of a DP aggregate as its tag carries it, for an input without
 * rows: per argument, "c<type>:<value>" for a constant (the parameters),
 * "v<type>" for the value; "" when unknown.  Plain numbers: the final
 * function parses it strictly, and anyone could write a tag.
 */
static char *
anon_citus_call_text(Aggref *call)
{
	StringInfoData buf;
	ListCell   *lc;

	if (call == NULL)
		return "";
	initStringInfo(&buf);
	foreach(lc, call->args)
	{
		Expr	   *e = lfirst_node(TargetEntry, lc)->expr;

		if (buf.len > 0)
			appendStringInfoChar(&buf, ';');
		if (IsA(e, Const) && !((Const *) e)->constisnull)
		{
			Const	   *c = (Const *) e;
			double		v;

			switch (c->consttype)
			{
				case FLOAT8OID:
					v = DatumGetFloat8(c->constvalue);
					break;
				case FLOAT4OID:
					v = DatumGetFloat4(c->constvalue);
					break;
				case INT2OID:
					v = DatumGetInt16(c->constvalue);
					break;
				case INT4OID:
					v = DatumGetInt32(c->constvalue);
					break;
				case INT8OID:
					v = (double) DatumGetInt64(c->constvalue);
					break;
				case NUMERICOID:
					v = DatumGetFloat8(DirectFunctionCall1(numeric_float8, c->constvalue));
					break;
				default:
					return "";
			}
			appendStringInfo(&buf, "c%u:%.17g", c->consttype, v);
		}
		else
			appendStringInfo(&buf, "v%u", exprType((Node *) e));
	}
	return buf.data;
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
								 list_make4(makeConst(FLOAT8OID, -1, InvalidOid, sizeof(float8),
													  Float8GetDatum(sp->epsilon), false, FLOAT8PASSBYVAL),
											makeConst(FLOAT8OID, -1, InvalidOid, sizeof(float8),
													  Float8GetDatum(sp->delta), false, FLOAT8PASSBYVAL),
											makeConst(TEXTOID, -1, DEFAULT_COLLATION_OID, -1,
													  CStringGetTextDatum(anon_citus_call_text(sp->ncalls == 1 ? sp->call : NULL)),
													  false, false),
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
	if (f == NULL || !IsA(f, FuncExpr) || list_length(f->args) != 4 ||
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

/*
 * For coord_combine_agg finalizing a DP aggregate whose states are all
 * missing (no shard had a row): the call as written, which the planner
 * hook put in its tag when the query calls that aggregate once (the
 * parameters of the local path), or NULL.
 */
Aggref *
anon_citus_combined_call(Aggref *aggref)
{
	FuncExpr   *f;
	Const	   *c;
	char	   *str;
	char	   *tok;
	char	   *save = NULL;
	Aggref	   *call;
	int			resno = 1;

	if (!anon_citus_combine_spend(aggref, NULL, NULL))
		return NULL;
	f = (FuncExpr *) aggref->aggfilter;
	c = (Const *) lthird(f->args);
	if (!IsA(c, Const) || c->constisnull || c->consttype != TEXTOID)
		return NULL;
	str = TextDatumGetCString(c->constvalue);
	if (str[0] == '\0')
		return NULL;

	/* anon_citus_call_text's form, parsed strictly (anyone can write one) */
	call = makeNode(Aggref);
	call->aggfnoid = anon_citus_combined(aggref);
	call->aggtype = aggref->aggtype;
	call->aggsplit = AGGSPLIT_SIMPLE;
	call->aggno = -1;
	call->aggtransno = -1;
	call->location = -1;
	for (tok = strtok_r(str, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
	{
		char	   *end;
		unsigned long typid = strtoul(tok + 1, &end, 10);
		Expr	   *e;

		if ((tok[0] != 'c' && tok[0] != 'v') || end == tok + 1 ||
			typid == 0 || typid > PG_UINT32_MAX ||
			!SearchSysCacheExists1(TYPEOID, ObjectIdGetDatum((Oid) typid)) ||
			resno > FUNC_MAX_ARGS)
			return NULL;
		if (tok[0] == 'c')
		{
			double		v;

			if (*end != ':')
				return NULL;
			v = strtod(end + 1, &end);
			if (*end != '\0')
				return NULL;
			e = (Expr *) makeConst(FLOAT8OID, -1, InvalidOid, sizeof(float8),
								   Float8GetDatum(v), false, FLOAT8PASSBYVAL);
		}
		else
		{
			if (*end != '\0')
				return NULL;
			e = (Expr *) makeNullConst((Oid) typid, -1, InvalidOid);
		}
		call->args = lappend(call->args, makeTargetEntry(e, resno++, NULL, false));
		call->aggargtypes = lappend_oid(call->aggargtypes, exprType((Node *) e));
	}
	return call;
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

/* anon._citus_dp_spend(epsilon, delta, call, tag anyelement): the tag */
Datum
anon_citus_dp_spend(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(3))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PG_GETARG_DATUM(3));
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

/* a concurrent writer changed the table while it was masked */
static void
anon_citus_changed(Relation rel)
{
	ereport(ERROR,
			(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
			 errmsg("table \"%s\" changed while it was masked",
					RelationGetRelationName(rel)),
			 errdetail("Another session wrote to its shards during the masking; nothing was changed."),
			 errhint("Run the masking again when no other session writes to the table.")));
}

/*
 * May the copy path empty rel with TRUNCATE rather than DELETE (much
 * cheaper: no dead rows for the rows written back to step over)?  Only
 * when triggers are not to fire and rel has no TRUNCATE trigger but
 * Citus's own (which empties the shards), and is a plain table, not a
 * partition (TRUNCATE would not cascade as static masking does).
 */
static bool
anon_citus_can_truncate(Relation rel, bool fire_triggers)
{
	TriggerDesc *td = rel->trigdesc;
	int			i;

	if (fire_triggers || rel->rd_rel->relkind != RELKIND_RELATION ||
		rel->rd_rel->relispartition || rel->rd_rel->relhassubclass)
		return false;
	for (i = 0; td != NULL && i < td->numtriggers; i++)
	{
		Trigger    *tg = &td->triggers[i];

		if (TRIGGER_FOR_TRUNCATE(tg->tgtype) &&
			!anon_citus_is_function(tg->tgfoid, "citus_truncate_trigger"))
			return false;
	}
	return true;
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
	bool		fast = false;
	bool		isnull;
	Oid			relid = RelationGetRelid(rel);
	const char *relname = pstrdup(RelationGetRelationName(rel));
	Relation	again;

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
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not connect to SPI to mask table \"%s\"", relname)));
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

			fast = anon_citus_can_truncate(rel, fire_triggers);
			if (fast)
			{
				/* no writer through Citus from here on */
				appendStringInfo(&sql, "LOCK TABLE %s IN EXCLUSIVE MODE", qualname);
				(void) anon_citus_spi(sql.data, SPI_OK_UTILITY, rel);
				resetStringInfo(&sql);
			}
			/*
			 * Unlogged: the copy lives for this transaction only, and its
			 * rows reach the table (logged) before it commits; a crash
			 * rolls the whole rewrite back.  It saves writing every row to
			 * the WAL twice.
			 */
			appendStringInfo(&sql, "CREATE UNLOGGED TABLE %s (LIKE %s)", copy, qualname);
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
			if (fast)
			{
				/*
				 * Writers through Citus wait on the lock; one that wrote
				 * to a shard directly shows in the count.
				 */
				resetStringInfo(&sql);
				appendStringInfo(&sql, "SELECT pg_catalog.count(*) FROM %s", qualname);
				(void) anon_citus_spi(sql.data, SPI_OK_SELECT, rel);
				if (SPI_processed != 1 ||
					DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
												1, &isnull)) != (int64) rows)
					anon_citus_changed(rel);
				/*
				 * TRUNCATE (Citus's trigger empties the shards, so not in
				 * replica mode: the table has no TRUNCATE trigger of its
				 * own) needs this session to hold the table open once, by
				 * the statement itself: the caller's reference is lent.
				 * The table gets a new relfilenode in this transaction, so
				 * its cache entry is rebuilt in place, never freed.
				 */
				resetStringInfo(&sql);
				appendStringInfo(&sql, "TRUNCATE %s", qualname);
				RelationDecrementReferenceCount(rel);
				(void) anon_citus_spi(sql.data, SPI_OK_UTILITY, rel);
				again = RelationIdGetRelation(relid);
				if (again != rel)
					ereport(ERROR,
							(errcode(ERRCODE_INTERNAL_ERROR),
							 errmsg("relation cache entry of \"%s\" moved while it was masked",
									relname),
							 errhint("Run the masking again; nothing of this run is kept.")));
				save_nestlevel = anon_citus_no_triggers(fire_triggers);
			}
			else
			{
				/* triggers off for the rewrite only: Citus's DDL needs its own */
				save_nestlevel = anon_citus_no_triggers(fire_triggers);
				resetStringInfo(&sql);
				appendStringInfo(&sql, "DELETE FROM %s", qualname);
				if (anon_citus_spi(sql.data, SPI_OK_DELETE, rel) != rows)
					anon_citus_changed(rel);
			}
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
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not distribute the masked copy of table \"%s\"",
						get_rel_name(srcid)),
				 errhint("Check that Citus can distribute a table like it: the copy is distributed as the table is.")));
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

/* ---- keys, salt and trust labels: the coordinator's, on every node ---- */

/*
 * Keys (anon.keys), the fingerprint of anon.salt, and the TRUSTED and
 * RESTRICTED labels of schemas and functions are the coordinator's on
 * every node, so that a rule gives one output for one input wherever it
 * runs and may call the same functions everywhere.  Citus copies labels on
 * roles, tables and columns itself, not those on schemas and functions,
 * and no table data of an extension.
 *
 * The coordinator sends its state to every worker, when a transaction that
 * wrote a key or such a label commits (its pre-commit callback: a rolled
 * back change is never sent), when anon.citus_sync() is called, and before
 * citus_add_node() or citus_activate_node() activates a node (its planner
 * sees the call; Citus then copies the rules of the tables there, which
 * are checked against the trust labels).  The state is one text payload,
 * every string hex-encoded:
 *
 *	V <HMAC-SHA256 under the key-encryption key of a constant, hex>
 *	S <HMAC-SHA256 under the KEK of anon.salt, hex>
 *		(V and S only when the coordinator has a key or a salt: a cluster
 *		that uses neither needs no KEK)
 *	K <key name> <version> <t|f> <created> <stored form>	(keys.c)
 *	L <provider> <n|f> <schema name, or function signature> <label>
 *
 * Keys travel only in their stored form, encrypted and authenticated under
 * the key-encryption key (keys.c), which the DBA gives every node (the
 * same anon.kek_file or anon.kek_command) and which never travels: the
 * payload, which the workers' logs and pg_stat_activity may show to
 * superusers, is harmless without it.  A worker checks that each key opens
 * under its own KEK and that its anon.salt has the coordinator's
 * fingerprint, or refuses the whole payload with a clear error, which
 * fails the coordinator's transaction.  A worker never makes a key of its
 * own (keys.c refuses it): a key missing there is an error, never a new
 * key.  TRUSTED labels a worker holds that the coordinator does not are
 * removed; RESTRICTED labels are only ever added (the safe side).
 *
 * The worker's anon._citus_receive() runs as the superuser that owns the
 * extension on the coordinator (Citus connects as the current user).
 */

static bool anon_citus_sync_pending = false;
static bool anon_citus_xact_registered = false;

static void anon_citus_xact(XactEvent event, void *arg);

/* is this node a coordinator whose keys and labels the workers follow? */
static bool
anon_citus_is_coordinator(void)
{
	return anon_citus_active() && !anon_citus_is_worker();
}

/*
 * keys.c (trigger on anon.keys) and label_provider.c (labels on schemas
 * and functions): the state changed; send it to the workers at commit.
 */
void
anon_citus_sync_request(void)
{
	if (!anon_citus_is_coordinator())
		return;
	if (!anon_citus_xact_registered)
	{
		RegisterXactCallback(anon_citus_xact, NULL);
		anon_citus_xact_registered = true;
	}
	anon_citus_sync_pending = true;
}

/*
 * Citus copies the rules of the tables to a node it activates, over its
 * own connections (application_name citus_internal...), as a superuser,
 * before anything can send that node the coordinator's trust labels, and
 * before it creates every function they call: those rules are analysed at
 * their first read there (label_provider.c, rules.c), not when written.
 * A session that pretends to be Citus must be a superuser's, who could
 * label any schema TRUSTED anyway.
 */
bool
anon_citus_replaying_rules(void)
{
	return application_name != NULL &&
		strncmp(application_name, "citus_internal", strlen("citus_internal")) == 0 &&
		superuser() && anon_citus_is_preloaded();
}

/* keys.c: a worker never makes, rotates or drops a key of its own */
void
anon_citus_refuse_key_change(const char *name)
{
	if (!anon_citus_is_preloaded() || !anon_citus_is_worker())
		return;
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("key \"%s\" cannot be made or changed on a Citus worker", name),
			 errdetail("Every node uses the keys of the coordinator, which copies them to the workers."),
			 errhint("Create or change the key on the coordinator (the key \"default\" is made there at its first use, or by SELECT anon.create_key('default')); SELECT anon.citus_sync() on the coordinator copies the keys again.")));
}

static char *
anon_citus_hex(const char *s, size_t len)
{
	char	   *hex = palloc(len * 2 + 1);

	hex[hex_encode(s, len, hex)] = '\0';
	return hex;
}

static char *
anon_citus_unhex(const char *hex, int *len)
{
	size_t		n = strlen(hex);
	char	   *out = palloc(n / 2 + 1);
	int			l;

	if (n % 2 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("malformed payload of anon._citus_receive()")));
	l = (int) hex_decode(hex, n, out);
	out[l] = '\0';
	if (len)
		*len = l;
	return out;
}

/*
 * The fingerprint of this node's configured anon.salt (salt true) or of
 * its key-encryption key alone, hex
 */
static char *
anon_citus_fingerprint(bool salt)
{
	const char *value = salt ? GetConfigOptionResetString("anon.salt") : "";
	uint8		fp[32];

	anon_keys_fingerprint(salt ? "anon.salt" : "anon.kek", value ? value : "", fp);
	return anon_citus_hex((const char *) fp, 32);
}

/*
 * The labels of the anon policies on schemas and functions, as
 * (provider, 'n' or 'f', identity, label) rows of SPI_tuptable; SPI is
 * connected, search_path is pg_catalog.
 */
static void
anon_citus_trust_labels(void)
{
	if (SPI_execute("SELECT l.provider, "
					"CASE WHEN l.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass "
					"THEN 'n' ELSE 'f' END, "
					"CASE WHEN l.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass "
					"THEN n.nspname::pg_catalog.text ELSE p.oid::pg_catalog.regprocedure::pg_catalog.text END, "
					"l.label "
					"FROM pg_catalog.pg_seclabel l "
					"LEFT JOIN pg_catalog.pg_namespace n ON l.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass "
					"AND n.oid OPERATOR(pg_catalog.=) l.objoid "
					"LEFT JOIN pg_catalog.pg_proc p ON l.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass "
					"AND p.oid OPERATOR(pg_catalog.=) l.objoid "
					"WHERE l.objsubid OPERATOR(pg_catalog.=) 0 AND (n.oid IS NOT NULL OR p.oid IS NOT NULL) "
					"ORDER BY 1, 2, 3", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the labels of schemas and functions");
}

static void
anon_citus_payload(StringInfo buf)
{
	uint64		i;
	StringInfoData keys;
	const char *salt = GetConfigOptionResetString("anon.salt");

	/*
	 * With no key and no salt there is nothing secret to agree on: a
	 * cluster that uses neither needs no key-encryption key.
	 */
	initStringInfo(&keys);
	anon_keys_export(&keys);
	if (keys.len > 0 || (salt != NULL && salt[0] != '\0'))
	{
		appendStringInfo(buf, "V %s\n", anon_citus_fingerprint(false));
		appendStringInfo(buf, "S %s\n", anon_citus_fingerprint(true));
	}
	appendBinaryStringInfo(buf, keys.data, keys.len);
	anon_citus_trust_labels();
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *provider = SPI_getvalue(tup, desc, 1);
		char	   *kind = SPI_getvalue(tup, desc, 2);
		char	   *ident = SPI_getvalue(tup, desc, 3);
		char	   *label = SPI_getvalue(tup, desc, 4);

		if (anon_policy_index(provider) < 0)
			continue;
		appendStringInfo(buf, "L %s %s %s %s\n",
						 anon_citus_hex(provider, strlen(provider)), kind,
						 anon_citus_hex(ident, strlen(ident)),
						 anon_citus_hex(label, strlen(label)));
	}
}

/*
 * Send the state to every worker (host NULL) or to one node, as the
 * extension's owner; ERROR, naming the node and with its error as the
 * detail, when one refuses.  Returns the number of nodes that took it.
 */
static int
anon_citus_sync_send(const char *host, int port)
{
	Oid			owner = InvalidOid;
	Oid			save_userid;
	int			save_sec;
	int			save_nestlevel;
	StringInfoData payload;
	StringInfoData cmd;
	HeapTuple	tup;
	int			done = 0;
	uint64		i;
	int			ret;

	tup = SearchSysCache1(NAMESPACENAME, CStringGetDatum("anon"));
	if (HeapTupleIsValid(tup))
	{
		owner = ((Form_pg_namespace) GETSTRUCT(tup))->nspowner;
		ReleaseSysCache(tup);
	}
	if (!OidIsValid(owner) || !superuser_arg(owner))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the keys and trust labels of anon cannot be copied to the Citus workers"),
				 errdetail("The schema anon must belong to a superuser, as whom they are copied.")));
	GetUserIdAndSecContext(&save_userid, &save_sec);
	SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	initStringInfo(&payload);
	anon_citus_payload(&payload);
	initStringInfo(&cmd);
	appendStringInfo(&cmd, "SELECT anon._citus_receive(%s)", quote_literal_cstr(payload.data));
	if (host == NULL)
	{
		Oid			types[1] = {TEXTOID};
		Datum		values[1] = {CStringGetTextDatum(cmd.data)};

		ret = SPI_execute_with_args("SELECT nodename || ':' || nodeport, success, result "
									"FROM pg_catalog.run_command_on_workers($1)",
									1, types, values, NULL, false, 0);
	}
	else
	{
		Oid			types[3] = {TEXTOID, TEXTOID, INT4OID};
		Datum		values[3] = {CStringGetTextDatum(cmd.data), CStringGetTextDatum(host),
		Int32GetDatum(port)};

		ret = SPI_execute_with_args("SELECT node_name || ':' || node_port, success, result "
									"FROM pg_catalog.master_run_on_worker(ARRAY[$2], ARRAY[$3], ARRAY[$1], false)",
									3, types, values, NULL, false, 0);
	}
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "could not run a command on the Citus workers");
	for (i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		char	   *node = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		bool		ok = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[i],
												  SPI_tuptable->tupdesc, 2, &isnull));
		char	   *result = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 3);

		if (!ok || isnull)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("Citus node %s refused the keys and trust labels of the coordinator", node),
					 errdetail("%s", result ? result : "no result"),
					 errhint("Every node needs the extension anon, the same key-encryption key (anon.kek_file or anon.kek_command) and the same anon.salt; then run SELECT anon.citus_sync() on the coordinator.")));
		done++;
	}
	SPI_finish();
	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec);
	return done;
}

static void
anon_citus_xact(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_PRE_COMMIT:
			if (anon_citus_sync_pending)
			{
				anon_citus_sync_pending = false;
				PushActiveSnapshot(GetTransactionSnapshot());
				(void) anon_citus_sync_send(NULL, 0);
				PopActiveSnapshot();
			}
			break;
		case XACT_EVENT_PRE_PREPARE:
			if (anon_citus_sync_pending)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("cannot prepare a transaction that changed anon's keys or trust labels on a Citus coordinator"),
						 errhint("Commit it without PREPARE TRANSACTION, so that the workers get the change.")));
			break;
		default:
			anon_citus_sync_pending = false;
			break;
	}
}

/*
 * citus_add_node(host, port) or citus_activate_node(host, port) in a
 * query's target list: the node gets the state before Citus activates it
 * and copies the rules of the tables there (which its trust labels check).
 */
static void
anon_citus_watch_add_node(Query *parse)
{
	ListCell   *lc;

	/*
	 * Only for a superuser (whom Citus requires to add a node): this runs
	 * when the call is planned, before Citus checks who calls it, and
	 * would otherwise let anyone make this node connect, as the
	 * extension's owner, to a host of their choice.
	 */
	if (parse->commandType != CMD_SELECT || !superuser() || anon_citus_is_worker())
		return;
	foreach(lc, parse->targetList)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);
		FuncExpr   *f = (FuncExpr *) tle->expr;
		Const	   *h;
		Const	   *p;

		if (!IsA(f, FuncExpr) || list_length(f->args) < 2 ||
			f->funcid < FirstNormalObjectId ||
			!(anon_citus_is_function(f->funcid, "citus_add_node") ||
			  anon_citus_is_function(f->funcid, "citus_activate_node") ||
			  anon_citus_is_function(f->funcid, "master_add_node") ||
			  anon_citus_is_function(f->funcid, "master_activate_node")))
			continue;
		h = (Const *) linitial(f->args);
		p = (Const *) lsecond(f->args);
		if (!IsA(h, Const) || !IsA(p, Const) || h->constisnull || p->constisnull ||
			h->consttype != TEXTOID || p->consttype != INT4OID)
			continue;
		(void) anon_citus_sync_send(TextDatumGetCString(h->constvalue),
									DatumGetInt32(p->constvalue));
	}
}

PG_FUNCTION_INFO_V1(anon_citus_sync);

/* anon.citus_sync(): send the state to every worker now; how many took it */
Datum
anon_citus_sync(PG_FUNCTION_ARGS)
{
	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to copy keys and trust labels to the Citus workers"),
				 errdetail("Only superusers may run anon.citus_sync().")));
	if (!anon_citus_is_coordinator())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("anon.citus_sync() runs on a Citus coordinator"),
				 errhint("Load citus in shared_preload_libraries and run it on the coordinator.")));
	PG_RETURN_INT32(anon_citus_sync_send(NULL, 0));
}

/* does pg_dist_node list a node (a coordinator, not a fresh node)? */
static bool
anon_citus_has_nodes(void)
{
	Oid			catid = anon_citus_catalog("pg_dist_node");
	Relation	rel;
	SysScanDesc scan;
	bool		found;

	if (!OidIsValid(catid))
		return false;
	rel = table_open(catid, AccessShareLock);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	found = HeapTupleIsValid(systable_getnext(scan));
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return found;
}

/* one label line of the payload */
typedef struct AnonCitusLabel
{
	char	   *provider;
	char		kind;			/* 'n' schema, 'f' function */
	char	   *ident;
	char	   *label;
} AnonCitusLabel;

static void
anon_citus_set_label(const AnonCitusLabel *l, const char *label)
{
	StringInfoData sql;
	Oid			objid;

	if (l->kind == 'n')
		objid = get_namespace_oid(l->ident, true);
	else
	{
		LOCAL_FCINFO(fcinfo, 1);
		Datum		d;

		InitFunctionCallInfoData(*fcinfo, NULL, 1, InvalidOid, NULL, NULL);
		fcinfo->args[0].value = CStringGetTextDatum(l->ident);
		fcinfo->args[0].isnull = false;
		d = to_regprocedure(fcinfo);
		objid = fcinfo->isnull ? InvalidOid : DatumGetObjectId(d);
	}
	if (!OidIsValid(objid))
		return;					/* not on this node: nothing to label */
	initStringInfo(&sql);
	if (l->kind == 'n')
		appendStringInfo(&sql, "SECURITY LABEL FOR %s ON SCHEMA %s IS %s",
						 quote_identifier(l->provider), quote_identifier(l->ident),
						 label ? quote_literal_cstr(label) : "NULL");
	else
		appendStringInfo(&sql, "SECURITY LABEL FOR %s ON FUNCTION %s IS %s",
						 quote_identifier(l->provider),
						 format_procedure_qualified(objid),
						 label ? quote_literal_cstr(label) : "NULL");
	if (SPI_execute(sql.data, false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "could not label %s", l->ident);
}

static bool
anon_citus_is_label(const char *label, const char *word)
{
	return label != NULL && pg_strcasecmp(label, word) == 0;
}

static void anon_citus_apply_labels(List *labels);

PG_FUNCTION_INFO_V1(anon_citus_receive);

/*
 * anon._citus_receive(payload): on a worker, take the coordinator's keys
 * and trust labels (see above), all or nothing.  Superusers only.
 */
Datum
anon_citus_receive(PG_FUNCTION_ARGS)
{
	char	   *payload = text_to_cstring(PG_GETARG_TEXT_PP(0));
	List	   *keys = NIL;
	List	   *labels = NIL;
	char	   *salt = NULL;
	char	   *kek = NULL;
	char	   *line;
	char	   *save = NULL;
	int			save_nestlevel;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to replace keys and trust labels"),
				 errdetail("Only superusers may run anon._citus_receive().")));
	if (!anon_citus_is_preloaded() ||
		(!anon_citus_is_worker() && anon_citus_has_nodes()))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("anon._citus_receive() runs on a Citus worker, or a node about to become one"),
				 errhint("The coordinator calls it; run SELECT anon.citus_sync() there.")));
	for (line = strtok_r(payload, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
	{
		char	   *f[6];
		int			n = 0;
		char	   *fs = NULL;
		char	   *tok;

		for (tok = strtok_r(line, " ", &fs); tok && n < 6; tok = strtok_r(NULL, " ", &fs))
			f[n++] = tok;
		if (n == 2 && strcmp(f[0], "S") == 0)
			salt = f[1];
		else if (n == 2 && strcmp(f[0], "V") == 0)
			kek = f[1];
		else if (n == 6 && strcmp(f[0], "K") == 0)
		{
			AnonKeyRow *r = palloc0(sizeof(AnonKeyRow));
			int			len;
			char	   *env = anon_citus_unhex(f[5], &len);

			r->name = anon_citus_unhex(f[1], NULL);
			r->version = pg_strtoint32(f[2]);
			r->active = f[3][0] == 't';
			r->created = pg_strtoint64(f[4]);
			r->env = palloc(VARHDRSZ + len);
			SET_VARSIZE(r->env, VARHDRSZ + len);
			memcpy(VARDATA(r->env), env, len);
			keys = lappend(keys, r);
		}
		else if (n == 5 && strcmp(f[0], "L") == 0 && (f[2][0] == 'n' || f[2][0] == 'f'))
		{
			AnonCitusLabel *l = palloc0(sizeof(AnonCitusLabel));

			l->provider = anon_citus_unhex(f[1], NULL);
			l->kind = f[2][0];
			l->ident = anon_citus_unhex(f[3], NULL);
			l->label = anon_citus_unhex(f[4], NULL);
			labels = lappend(labels, l);
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("malformed payload of anon._citus_receive()")));
	}
	if ((salt == NULL) != (kek == NULL) || (kek == NULL && keys != NIL))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("malformed payload of anon._citus_receive()")));

	/*
	 * The coordinator has no key and no salt: this node must have no
	 * salt either (the KEK does not matter).
	 */
	if (kek == NULL)
	{
		const char *mine = GetConfigOptionResetString("anon.salt");

		if (mine != NULL && mine[0] != '\0')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("anon.salt differs between this worker and the Citus coordinator"),
					 errdetail("anon.hash() and the pseudonymizing functions would give another output for one input on each node; nothing was changed."),
					 errhint("Set the same anon.salt in postgresql.conf on every node (and the same key-encryption key), reload, and run SELECT anon.citus_sync() on the coordinator.")));
	}
	/* the same KEK: else this node could not open the keys */
	else if (strcmp(kek, anon_citus_fingerprint(false)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the key-encryption key of this node is not the one of the Citus coordinator"),
				 errdetail("This node could not open the coordinator's keys; nothing was changed."),
				 errhint("Give every node of the cluster the same key-encryption key (anon.kek_file or anon.kek_command), reload, and run SELECT anon.citus_sync() on the coordinator.")));

	/* the same salt: else one input gives one hash per node */
	else if (strcmp(salt, anon_citus_fingerprint(true)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("anon.salt differs between this worker and the Citus coordinator"),
				 errdetail("anon.hash() and the pseudonymizing functions would give another output for one input on each node; nothing was changed."),
				 errhint("Set the same anon.salt in postgresql.conf on every node (and the same key-encryption key), reload, and run SELECT anon.citus_sync() on the coordinator.")));

	anon_keys_replace(keys);

	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	/*
	 * The labels go one by one, and anon's event trigger checks every
	 * rule after each: until the last, a rule may call a function not yet
	 * trusted here.  Its trust check waits (rules are checked strictly at
	 * every read anyway).
	 */
	anon_trust_deferred = true;
	PG_TRY();
	{
		anon_citus_apply_labels(labels);
	}
	PG_FINALLY();
	{
		anon_trust_deferred = false;
	}
	PG_END_TRY();
	SPI_finish();
	AtEOXact_GUC(false, save_nestlevel);
	PG_RETURN_INT32(list_length(keys));
}

/* (SPI connected) the coordinator's labels, here */
static void
anon_citus_apply_labels(List *labels)
{
	ListCell   *lc;
	uint64		i;

	/* TRUSTED labels that the coordinator does not hold: removed */
	anon_citus_trust_labels();
	{
		List	   *mine = NIL;

		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			AnonCitusLabel *l = palloc0(sizeof(AnonCitusLabel));

			l->provider = SPI_getvalue(tup, desc, 1);
			l->kind = SPI_getvalue(tup, desc, 2)[0];
			l->ident = SPI_getvalue(tup, desc, 3);
			l->label = SPI_getvalue(tup, desc, 4);
			mine = lappend(mine, l);
		}
		foreach(lc, mine)
		{
			AnonCitusLabel *m = (AnonCitusLabel *) lfirst(lc);
			ListCell   *lc2;
			bool		kept = false;

			if (anon_policy_index(m->provider) < 0 || !anon_citus_is_label(m->label, "TRUSTED"))
				continue;
			foreach(lc2, labels)
			{
				AnonCitusLabel *l = (AnonCitusLabel *) lfirst(lc2);

				if (l->kind == m->kind && strcmp(l->provider, m->provider) == 0 &&
					strcmp(l->ident, m->ident) == 0 && anon_citus_is_label(l->label, "TRUSTED"))
					kept = true;
			}
			if (!kept)
				anon_citus_set_label(m, NULL);
		}
		/* the coordinator's labels, where they differ */
		foreach(lc, labels)
		{
			AnonCitusLabel *l = (AnonCitusLabel *) lfirst(lc);
			ListCell   *lc2;
			char	   *current = NULL;

			if (anon_policy_index(l->provider) < 0)
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("masking policy \"%s\" is not registered on this worker", l->provider),
						 errhint("Register the same policies (anon.masking_policies) on every node.")));
			foreach(lc2, mine)
			{
				AnonCitusLabel *m = (AnonCitusLabel *) lfirst(lc2);

				if (l->kind == m->kind && strcmp(l->provider, m->provider) == 0 &&
					strcmp(l->ident, m->ident) == 0)
					current = m->label;
			}
			if (current != NULL && strcmp(current, l->label) == 0)
				continue;
			/* RESTRICTED stays: only the coordinator's TRUSTED may go */
			if (anon_citus_is_label(current, "RESTRICTED"))
				continue;
			anon_citus_set_label(l, l->label);
		}
	}
}
