/*-------------------------------------------------------------------------
 *
 * static_rewrite.c
 *		The fast path of static masking: write the masked rows into a new
 *		heap in one pass and swap it in.
 *
 * This is what ALTER TABLE does when a column changes type: make_new_heap()
 * creates an empty heap with the table's descriptor, each row is read once,
 * its masked columns computed by the executor (the scan tuple is the
 * original row), its stored generated columns recomputed, its NOT NULL and
 * CHECK constraints tested, and it is inserted into the new heap in bulk;
 * finish_heap_swap() then swaps the relation files, rebuilds every index
 * (a unique index that the masked values break fails the rebuild) and drops
 * the old heap.  Everything is WAL-logged and transactional: until commit
 * the old files are intact, so a crash or an error leaves every row as it
 * was, and after commit there is no dead copy of any row (no bloat).
 *
 * The caller holds ACCESS EXCLUSIVE on the table: no one reads it while it
 * is rewritten.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/heapam.h"
#include "access/multixact.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_publication.h"
#include "catalog/partition.h"
#include "commands/cluster.h"
#include "commands/tablecmds.h"
#include "executor/executor.h"
#include "executor/nodeModifyTable.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "anon.h"
#include "static.h"

/* is the relation (or an ancestor of it) published for logical replication? */
static bool
anon_static_published(Relation rel)
{
	List	   *rels = list_make1_oid(RelationGetRelid(rel));
	ListCell   *lc;

	if (GetAllTablesPublications() != NIL)
		return true;
	if (rel->rd_rel->relispartition)
		rels = list_concat(rels, get_partition_ancestors(RelationGetRelid(rel)));
	foreach(lc, rels)
	{
		Oid			relid = lfirst_oid(lc);

		if (GetRelationPublications(relid) != NIL ||
			GetSchemaPublications(get_rel_namespace(relid)) != NIL)
			return true;
	}
	return false;
}

bool
anon_static_can_rewrite(Relation rel, const char **why)
{
	if (rel->rd_rel->relkind == RELKIND_FOREIGN_TABLE)
	{
		*why = "a foreign table";
		return false;
	}
	if (anon_static_published(rel))
	{
		*why = "published for logical replication";
		return false;
	}
	return true;
}

/* does expression e read one of the columns set in cols? */
static bool
anon_static_reads(Node *e, Bitmapset *cols)
{
	Bitmapset  *used = NULL;

	pull_varattnos(e, 1, &used);
	return bms_overlap(used, cols);
}

static void
anon_static_progress(Relation rel, uint64 rows)
{
	if (anon_progress_rows > 0 && rows % anon_progress_rows == 0)
		ereport(NOTICE,
				(errmsg("anonymizing \"%s\": " UINT64_FORMAT " rows written",
						RelationGetRelationName(rel), rows)));
}

uint64
anon_static_rewrite(Relation rel, AnonStaticTable *t)
{
	Oid			relid = RelationGetRelid(rel);
	char		persistence = rel->rd_rel->relpersistence;
	TupleDesc	desc = RelationGetDescr(rel);
	int			natts = desc->natts;
	bool		has_generated = desc->constr && desc->constr->has_generated_stored;
	Bitmapset  *changed = NULL;
	Oid			newoid;
	Relation	newrel;
	EState	   *estate;
	ExprContext *econtext;
	ExprState **states;
	ExprState **checks;
	const char **checknames;
	int			nchecks = 0;
	ResultRelInfo *rri = NULL;
	Snapshot	snapshot;
	TableScanDesc scan;
	TupleTableSlot *oldslot;
	TupleTableSlot *newslot;
	BulkInsertState bistate;
	CommandId	mycid = GetCurrentCommandId(true);
	int			ti_options = TABLE_INSERT_SKIP_FSM;
	uint64		rows = 0;
	MemoryContext cxt = CurrentMemoryContext;
	int			i;

	CheckTableNotInUse(rel, "anonymize_table");

	newoid = make_new_heap(relid, rel->rd_rel->reltablespace, rel->rd_rel->relam,
						   persistence, AccessExclusiveLock);
	newrel = table_open(newoid, NoLock);

	estate = CreateExecutorState();
	econtext = GetPerTupleExprContext(estate);

	/* the masking expressions */
	states = palloc(sizeof(ExprState *) * t->ncols);
	for (i = 0; i < t->ncols; i++)
	{
		states[i] = ExecPrepareExpr((Expr *) t->cols[i].expr, estate);
		changed = bms_add_member(changed,
								 t->cols[i].attnum - FirstLowInvalidHeapAttributeNumber);
	}

	/* stored generated columns depending on a masked one change too */
	if (has_generated)
	{
		rri = makeNode(ResultRelInfo);
		InitResultRelInfo(rri, rel, 1, NULL, 0);
		for (i = 0; i < natts; i++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, i);

			if (att->attgenerated == ATTRIBUTE_GENERATED_STORED)
				changed = bms_add_member(changed,
										 att->attnum - FirstLowInvalidHeapAttributeNumber);
		}
	}

	/* the CHECK constraints that read a changed column */
	checks = palloc(sizeof(ExprState *) * ((desc->constr ? desc->constr->num_check : 0) + 1));
	checknames = palloc(sizeof(char *) * ((desc->constr ? desc->constr->num_check : 0) + 1));
	for (i = 0; desc->constr && i < desc->constr->num_check; i++)
	{
		ConstrCheck *cc = &desc->constr->check[i];
		Node	   *e = stringToNode(cc->ccbin);

		if (!anon_static_reads(e, changed))
			continue;
		checknames[nchecks] = cc->ccname;
		checks[nchecks++] = ExecPrepareCheck(list_make1(e), estate);
	}

	snapshot = RegisterSnapshot(GetLatestSnapshot());
	scan = table_beginscan(rel, snapshot, 0, NULL);
	oldslot = table_slot_create(rel, NULL);
	newslot = MakeSingleTupleTableSlot(desc, table_slot_callbacks(newrel));
	bistate = GetBulkInsertState();

	while (table_scan_getnextslot(scan, ForwardScanDirection, oldslot))
	{
		MemoryContext oldcxt;

		CHECK_FOR_INTERRUPTS();
		oldcxt = MemoryContextSwitchTo(GetPerTupleMemoryContext(estate));

		slot_getallattrs(oldslot);
		ExecClearTuple(newslot);
		memcpy(newslot->tts_values, oldslot->tts_values, sizeof(Datum) * natts);
		memcpy(newslot->tts_isnull, oldslot->tts_isnull, sizeof(bool) * natts);
		for (i = 0; i < natts; i++)
			if (TupleDescAttr(desc, i)->attisdropped)
				newslot->tts_isnull[i] = true;

		econtext->ecxt_scantuple = oldslot;
		for (i = 0; i < t->ncols; i++)
		{
			AttrNumber	a = t->cols[i].attnum - 1;

			newslot->tts_values[a] = ExecEvalExpr(states[i], econtext,
												  &newslot->tts_isnull[a]);
			if (newslot->tts_isnull[a] && TupleDescAttr(desc, a)->attnotnull)
				ereport(ERROR,
						(errcode(ERRCODE_NOT_NULL_VIOLATION),
						 errmsg("masking rule of column \"%s\" of table \"%s\" yields NULL, which violates its not-null constraint",
								t->cols[i].attname, RelationGetRelationName(rel)),
						 errhint("Make the rule return a value for every row (for example with coalesce()), "
								 "or drop the NOT NULL constraint."),
						 errtablecol(rel, a + 1)));
		}
		ExecStoreVirtualTuple(newslot);

		if (has_generated)
		{
			ExecComputeStoredGenerated(rri, estate, newslot, CMD_INSERT);
			for (i = 0; i < natts; i++)
			{
				Form_pg_attribute att = TupleDescAttr(desc, i);

				if (att->attgenerated && att->attnotnull && newslot->tts_isnull[i])
					ereport(ERROR,
							(errcode(ERRCODE_NOT_NULL_VIOLATION),
							 errmsg("generated column \"%s\" of table \"%s\" becomes NULL after masking, which violates its not-null constraint",
									NameStr(att->attname), RelationGetRelationName(rel)),
							 errdetail("The masked columns are %s.", anon_static_column_list(t)),
							 errhint("Change the masking rules of the columns it is computed from."),
							 errtablecol(rel, i + 1)));
			}
		}

		econtext->ecxt_scantuple = newslot;
		for (i = 0; i < nchecks; i++)
			if (!ExecCheck(checks[i], econtext))
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("masking table \"%s\" violates check constraint \"%s\"",
								RelationGetRelationName(rel), checknames[i]),
						 errdetail("The masked columns are %s.", anon_static_column_list(t)),
						 errhint("Change the masking rules so that the masked rows satisfy the constraint."),
						 errtableconstraint(rel, checknames[i])));

		table_tuple_insert(newrel, newslot, mycid, ti_options, bistate);

		MemoryContextSwitchTo(oldcxt);
		ResetPerTupleExprContext(estate);
		rows++;
		anon_static_progress(rel, rows);
	}

	table_endscan(scan);
	UnregisterSnapshot(snapshot);
	ExecDropSingleTupleTableSlot(oldslot);
	ExecDropSingleTupleTableSlot(newslot);
	FreeBulkInsertState(bistate);
	table_finish_bulk_insert(newrel, ti_options);
	table_close(newrel, NoLock);
	FreeExecutorState(estate);

	/*
	 * Swap the files and rebuild the indexes, checking unique ones.  The
	 * relation must be closed first (as cluster.c and tablecmds.c do); the
	 * lock stays until the end of the transaction.
	 */
	PG_TRY();
	{
		table_close(rel, NoLock);
		rel = NULL;
		finish_heap_swap(relid, newoid, false, false, true, true,
						 RecentXmin, ReadNextMultiXactId(), persistence);
	}
	PG_CATCH();
	{
		anon_static_rethrow(cxt, relation_open(relid, NoLock), t);
	}
	PG_END_TRY();

	return rows;
}
