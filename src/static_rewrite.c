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
 * CHECK constraints tested, and it is added to the new heap;
 * finish_heap_swap() then swaps the relation files, rebuilds every index
 * (a unique index that the masked values break fails the rebuild) and drops
 * the old heap.  Everything is WAL-logged and transactional: until commit
 * the old files are intact, so a crash or an error leaves every row as it
 * was, and after commit there is no dead copy of any row (no bloat).
 *
 * The new heap is written as CLUSTER and VACUUM FULL write theirs (see
 * rewriteheap.c), not row by row through shared buffers: the pages are
 * filled in local memory, then each batch of pages is WAL-logged as full
 * page images (one WAL record per ANON_WRITER_BATCH pages instead of one
 * per row) and handed to the storage manager, and the file is synced
 * before commit.  Under wal_level = minimal the new file is not WAL-logged
 * at all: it was created in this transaction, so the commit syncs it (as
 * for CREATE TABLE AS).  Each row gets the transaction's XID and command
 * ID, as an INSERT would give it; values too big for a page are TOASTed
 * into the new heap's TOAST table.  The index rebuild may use a larger
 * maintenance_work_mem (anon.static_maintenance_work_mem).
 *
 * The caller holds ACCESS EXCLUSIVE on the table: no one reads it while it
 * is rewritten.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/heapam.h"
#include "access/heaptoast.h"
#include "access/htup_details.h"
#include "access/multixact.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "access/xloginsert.h"
#include "catalog/pg_am.h"
#include "catalog/pg_publication.h"
#include "catalog/partition.h"
#include "commands/cluster.h"
#include "commands/tablecmds.h"
#include "executor/executor.h"
#include "executor/nodeModifyTable.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "storage/bufmgr.h"
#include "storage/bufpage.h"
#include "storage/smgr.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "anon.h"
#include "progress.h"
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

/* ---- The heap writer ---- */

/* pages built in memory before they are WAL-logged and written together */
#define ANON_WRITER_BATCH	XLR_MAX_BLOCK_ID

/*
 * A new heap being filled page by page outside shared buffers.  Only the
 * backend that created the relation (in this transaction) writes it, so
 * no buffer of it exists: the pages go straight to the storage manager.
 */
typedef struct AnonHeapWriter
{
	Relation	rel;
	bool		use_wal;		/* WAL-log the pages (not under wal_level=minimal) */
	TransactionId xid;
	CommandId	cid;
	Size		reserve;		/* free space the fillfactor leaves per page */
	BlockNumber nwritten;		/* pages already handed to the storage manager */
	int			npending;		/* full pages waiting in pages[] */
	bool		current_used;	/* pages[npending] holds a tuple */
	PGAlignedBlock *pages;		/* ANON_WRITER_BATCH pages */
} AnonHeapWriter;

static void
anon_writer_init(AnonHeapWriter *w, Relation rel, CommandId cid)
{
	w->rel = rel;
	w->use_wal = RelationNeedsWAL(rel);
	w->xid = GetCurrentTransactionId();
	w->cid = cid;
	w->reserve = RelationGetTargetPageFreeSpace(rel, HEAP_DEFAULT_FILLFACTOR);
	w->nwritten = 0;
	w->npending = 0;
	w->current_used = false;
	w->pages = palloc(sizeof(PGAlignedBlock) * ANON_WRITER_BATCH);
	PageInit((Page) w->pages[0].data, BLCKSZ, 0);
}

/* WAL-log and write the full pages of the batch */
static void
anon_writer_flush(AnonHeapWriter *w)
{
	BlockNumber blknos[ANON_WRITER_BATCH];
	Page		pages[ANON_WRITER_BATCH];
	int			i;

	if (w->npending == 0)
		return;
	for (i = 0; i < w->npending; i++)
	{
		blknos[i] = w->nwritten + i;
		pages[i] = (Page) w->pages[i].data;
	}
	/* log_newpages sets each page's LSN, so it comes before the checksum */
	if (w->use_wal)
		log_newpages(&w->rel->rd_node, MAIN_FORKNUM, w->npending, blknos,
					 pages, true);
	for (i = 0; i < w->npending; i++)
	{
		PageSetChecksumInplace(pages[i], blknos[i]);
		smgrextend(RelationGetSmgr(w->rel), MAIN_FORKNUM, blknos[i],
				   (char *) pages[i], true);
	}
	w->nwritten += w->npending;
	w->npending = 0;
}

/* close the page being filled and start a new one */
static void
anon_writer_next_page(AnonHeapWriter *w)
{
	w->npending++;
	if (w->npending == ANON_WRITER_BATCH)
		anon_writer_flush(w);
	PageInit((Page) w->pages[w->npending].data, BLCKSZ, 0);
	w->current_used = false;
}

/*
 * Add one row (formed in a short-lived context) to the new heap, with the
 * header an INSERT by this command would give it.
 */
static void
anon_writer_add(AnonHeapWriter *w, HeapTuple tup)
{
	HeapTupleHeader hdr = tup->t_data;
	Page		page;
	Size		len;
	OffsetNumber off;
	ItemPointerData tid;

	hdr->t_infomask &= ~HEAP_XACT_MASK;
	hdr->t_infomask2 &= ~HEAP2_XACT_MASK;
	hdr->t_infomask |= HEAP_XMAX_INVALID;
	HeapTupleHeaderSetXmin(hdr, w->xid);
	HeapTupleHeaderSetCmin(hdr, w->cid);
	HeapTupleHeaderSetXmax(hdr, InvalidTransactionId);
	tup->t_tableOid = RelationGetRelid(w->rel);

	/* out-of-line values (the old heap's among them) go to the new TOAST table */
	if (HeapTupleHasExternal(tup) || tup->t_len > TOAST_TUPLE_THRESHOLD)
		tup = heap_toast_insert_or_update(w->rel, tup, NULL, HEAP_INSERT_SKIP_FSM);

	len = MAXALIGN(tup->t_len);
	if (len > MaxHeapTupleSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("row is too big: size %zu, maximum size %zu",
						len, MaxHeapTupleSize)));

	page = (Page) w->pages[w->npending].data;
	if (w->current_used && len + w->reserve > PageGetHeapFreeSpace(page))
	{
		anon_writer_next_page(w);
		page = (Page) w->pages[w->npending].data;
	}

	off = PageAddItem(page, (Item) tup->t_data, tup->t_len, InvalidOffsetNumber,
					  false, true);
	if (off == InvalidOffsetNumber)
		elog(ERROR, "failed to add tuple to page");
	w->current_used = true;

	/* the row's own TID, on the page */
	ItemPointerSet(&tid, w->nwritten + w->npending, off);
	((HeapTupleHeader) PageGetItem(page, PageGetItemId(page, off)))->t_ctid = tid;
}

/* write the last pages and make the file durable before commit */
static void
anon_writer_finish(AnonHeapWriter *w)
{
	if (w->current_used)
		w->npending++;
	anon_writer_flush(w);
	pfree(w->pages);

	/*
	 * Pages written outside shared buffers are not flushed by a checkpoint
	 * that happens while they are written: sync them now, as rewriteheap.c
	 * does.  Without WAL, the pending sync of the new file does it at
	 * commit.
	 */
	if (w->use_wal)
		smgrimmedsync(RelationGetSmgr(w->rel), MAIN_FORKNUM);
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
	AnonHeapWriter writer;
	bool		use_writer;
	BulkInsertState bistate = NULL;
	BlockNumber lastblock = InvalidBlockNumber;
	int64		blocks = 0;
	CommandId	mycid = GetCurrentCommandId(true);
	int			save_nestlevel;
	uint64		rows = 0;
	MemoryContext cxt = CurrentMemoryContext;
	int			i;

	CheckTableNotInUse(rel, "anonymize_table");

	newoid = make_new_heap(relid, rel->rd_rel->reltablespace, rel->rd_rel->relam,
						   persistence, AccessExclusiveLock);
	newrel = table_open(newoid, NoLock);

	/*
	 * The page writer knows the heap's page layout; a table of another
	 * access method is written through its table AM, row by row.
	 */
	use_writer = newrel->rd_rel->relam == HEAP_TABLE_AM_OID;
	anon_progress_table(relid, ANON_METHOD_REWRITE, RelationGetNumberOfBlocks(rel));

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
	if (use_writer)
	{
		newslot = MakeSingleTupleTableSlot(desc, &TTSOpsVirtual);
		anon_writer_init(&writer, newrel, mycid);
	}
	else
	{
		newslot = MakeSingleTupleTableSlot(desc, table_slot_callbacks(newrel));
		bistate = GetBulkInsertState();
	}

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

		if (use_writer)
		{
			slot_getallattrs(newslot);
			anon_writer_add(&writer,
							heap_form_tuple(desc, newslot->tts_values, newslot->tts_isnull));
		}
		else
			table_tuple_insert(newrel, newslot, mycid, TABLE_INSERT_SKIP_FSM, bistate);

		MemoryContextSwitchTo(oldcxt);
		ResetPerTupleExprContext(estate);
		rows++;
		anon_static_progress(rel, rows);
		if (ItemPointerGetBlockNumberNoCheck(&oldslot->tts_tid) != lastblock)
		{
			lastblock = ItemPointerGetBlockNumberNoCheck(&oldslot->tts_tid);
			anon_progress_scan(++blocks, rows);
		}
		else if ((rows & 1023) == 0)
			anon_progress_scan(blocks, rows);
	}

	table_endscan(scan);
	UnregisterSnapshot(snapshot);
	ExecDropSingleTupleTableSlot(oldslot);
	ExecDropSingleTupleTableSlot(newslot);
	if (use_writer)
		anon_writer_finish(&writer);
	else
	{
		FreeBulkInsertState(bistate);
		table_finish_bulk_insert(newrel, TABLE_INSERT_SKIP_FSM);
	}
	anon_progress_scan(RelationGetNumberOfBlocks(rel), rows);
	table_close(newrel, NoLock);
	FreeExecutorState(estate);

	/*
	 * Swap the files and rebuild the indexes, checking unique ones.  The
	 * relation must be closed first (as cluster.c and tablecmds.c do); the
	 * lock stays until the end of the transaction.
	 */
	anon_progress_phase(ANON_PHASE_REBUILDING_INDEXES);
	save_nestlevel = NewGUCNestLevel();
	if (anon_static_maintenance_work_mem > maintenance_work_mem)
	{
		char		buf[32];

		snprintf(buf, sizeof(buf), "%d", anon_static_maintenance_work_mem);
		(void) set_config_option("maintenance_work_mem", buf,
								 PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
	}
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
	AtEOXact_GUC(false, save_nestlevel);

	return rows;
}
