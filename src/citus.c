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
#include "nodes/pg_list.h"
#include "parser/parsetree.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/varlena.h"

#include "anon.h"
#include "citus.h"
#include "dynamic.h"
#include "rules.h"

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
anon_citus_refuse_static(Oid relid, const char *what)
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
	if (anon_citus_is_table(relid))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s cannot mask Citus table \"%s\" in place",
						what, get_rel_name(relid)),
				 errdetail("Its rows live in shards on several nodes, which this function does not rewrite; nothing was changed."),
				 errhint("Make a masked copy with CREATE TABLE ... AS SELECT under a masked role, then distribute it; or undistribute the table with undistribute_table(), mask it, and distribute it again.")));
}

void
anon_citus_refuse_dp_on_worker(void)
{
	if (anon_citus_is_worker())
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("differentially private aggregates are finalized on the Citus coordinator only"),
				 errdetail("A worker draws no noise and charges no privacy budget: the coordinator does, once per query."),
				 errhint("Run the query on the coordinator.")));
}
