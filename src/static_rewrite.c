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

#include "access/genam.h"
#include "access/heapam.h"
#include "access/heaptoast.h"
#include "access/htup_details.h"
#include "access/multixact.h"
#include "access/tableam.h"
#include "access/toast_internals.h"
#include "access/xact.h"
#include "access/xloginsert.h"
#include "catalog/dependency.h"
#include "catalog/heap.h"
#include "catalog/index.h"
#include "catalog/indexing.h"
#include "catalog/objectaccess.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
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
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "compat.h"
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
		log_newpages(ANON_REL_LOCATOR(w->rel), MAIN_FORKNUM, w->npending, blknos,
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
 * Give a row (formed in the current, short-lived context) the header an
 * INSERT by this command would give it, and move its out-of-line values
 * (the old heap's among them) to the new TOAST table.  Returns the row to
 * place, in the current context.
 */
static HeapTuple
anon_writer_prepare(AnonHeapWriter *w, HeapTuple tup)
{
	HeapTupleHeader hdr = tup->t_data;
	Size		len;

	hdr->t_infomask &= ~HEAP_XACT_MASK;
	hdr->t_infomask2 &= ~HEAP2_XACT_MASK;
	hdr->t_infomask |= HEAP_XMAX_INVALID;
	HeapTupleHeaderSetXmin(hdr, w->xid);
	HeapTupleHeaderSetCmin(hdr, w->cid);
	HeapTupleHeaderSetXmax(hdr, InvalidTransactionId);
	tup->t_tableOid = RelationGetRelid(w->rel);

	if (HeapTupleHasExternal(tup) || tup->t_len > TOAST_TUPLE_THRESHOLD)
		tup = heap_toast_insert_or_update(w->rel, tup, NULL, HEAP_INSERT_SKIP_FSM);

	len = MAXALIGN(tup->t_len);
	if (len > MaxHeapTupleSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("row is too big: size %zu, maximum size %zu",
						len, MaxHeapTupleSize)));
	return tup;
}

/* put a prepared row on the page being filled, or on a new one */
static void
anon_writer_place(AnonHeapWriter *w, HeapTuple tup)
{
	Page		page = (Page) w->pages[w->npending].data;
	OffsetNumber off;
	ItemPointerData tid;

	HeapTupleHeaderClearHeapOnly(tup->t_data);
	if (w->current_used &&
		MAXALIGN(tup->t_len) + w->reserve > PageGetHeapFreeSpace(page))
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

/*
 * Build the new page of block blkno with every row where it was on the old
 * page: the masked version of the row visible at offset visible[i] is
 * tups[i], at the same offset.  roots[] is heap_get_root_tuples() of the
 * old page.  The line pointers that an index may reference stay usable:
 * the root of a HOT chain whose visible row is a heap-only tuple becomes a
 * redirect to it, a root without a visible row becomes LP_DEAD (as after
 * pruning), and dead heap-only tuples (never referenced by an index) are
 * freed.  The rows that do not fit (masked rows may be longer) are left
 * out, moved[i] set: their line pointer (or their HOT chain's root) becomes
 * LP_DEAD, as if they had been updated elsewhere, and the caller writes
 * them at the end of the heap.  Returns false, leaving the page in an
 * undefined state, when the old page cannot be mapped (a heap-only tuple
 * without a root).
 */
static bool
anon_build_kept_page(Page newpage, Page oldpage, BlockNumber blkno,
					 OffsetNumber maxoff, const OffsetNumber *roots,
					 const OffsetNumber *visible, HeapTuple *tups, int nvisible,
					 bool *moved)
{
	OffsetNumber redirect[MaxHeapTuplesPerPage + 1];
	Size		room = BLCKSZ - SizeOfPageHeaderData - (Size) maxoff * sizeof(ItemIdData);
	bool		has_free = false;
	OffsetNumber off;
	int			i;

	PageInit(newpage, BLCKSZ, 0);
	if (maxoff == 0)
		return true;

	/* maxoff line pointers, all LP_UNUSED until set below */
	((PageHeader) newpage)->pd_lower = SizeOfPageHeaderData + maxoff * sizeof(ItemIdData);
	memset(redirect, 0, sizeof(redirect));

	for (i = 0; i < nvisible; i++)
	{
		HeapTupleHeader hdr = tups[i]->t_data;
		HeapTupleHeader oldhdr;

		off = visible[i];
		moved[i] = MAXALIGN(tups[i]->t_len) > room;
		if (moved[i])
			continue;
		room -= MAXALIGN(tups[i]->t_len);
		oldhdr = (HeapTupleHeader) PageGetItem(oldpage, PageGetItemId(oldpage, off));
		ItemPointerSet(&hdr->t_ctid, blkno, off);
		HeapTupleHeaderClearHotUpdated(hdr);
		if (HeapTupleHeaderIsHeapOnly(oldhdr))
		{
			OffsetNumber root = roots[off - 1];

			if (!OffsetNumberIsValid(root) || root == off || root > maxoff)
				return false;
			HeapTupleHeaderSetHeapOnly(hdr);
			redirect[root] = off;
		}
		else
			HeapTupleHeaderClearHeapOnly(hdr);
		if (PageAddItemExtended(newpage, (Item) hdr, tups[i]->t_len, off,
								PAI_OVERWRITE | PAI_IS_HEAP) != off)
			return false;
	}

	for (off = FirstOffsetNumber; off <= maxoff; off++)
	{
		ItemId		oldlp = PageGetItemId(oldpage, off);
		ItemId		newlp = PageGetItemId(newpage, off);

		if (ItemIdIsUsed(newlp))
			continue;
		if (redirect[off] != InvalidOffsetNumber)
			ItemIdSetRedirect(newlp, redirect[off]);
		else if (ItemIdIsDead(oldlp) || ItemIdIsRedirected(oldlp) ||
				 (ItemIdIsNormal(oldlp) &&
				  !HeapTupleHeaderIsHeapOnly((HeapTupleHeader) PageGetItem(oldpage, oldlp))))
			ItemIdSetDead(newlp);
		else
			has_free = true;
	}
	if (has_free)
		PageSetHasFreeLinePointers(newpage);
	return true;
}

/* append a page built by anon_build_kept_page (no row may be pending) */
static void
anon_writer_put_page(AnonHeapWriter *w, Page page)
{
	Assert(!w->current_used);
	memcpy(w->pages[w->npending].data, page, BLCKSZ);
	w->current_used = true;
	anon_writer_next_page(w);
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

/* ---- Masking one row ---- */

/* what the rewrite of one table needs to mask its rows */
typedef struct AnonRowMasker
{
	Relation	rel;
	AnonStaticTable *t;
	TupleDesc	desc;
	EState	   *estate;
	ExprContext *econtext;
	ExprState **states;			/* the masking expressions */
	ExprState **checks;			/* the CHECK constraints that read a changed column */
	const char **checknames;
	int			nchecks;
	ResultRelInfo *rri;			/* for stored generated columns, or NULL */
	Bitmapset  *changed;		/* columns that change, offset as pull_varattnos does */
	TupleTableSlot *newslot;	/* the masked row */
} AnonRowMasker;

static void
anon_masker_init(AnonRowMasker *m, Relation rel, AnonStaticTable *t,
				 const TupleTableSlotOps *newslot_ops)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			ncheck = desc->constr ? desc->constr->num_check : 0;
	int			i;

	memset(m, 0, sizeof(*m));
	m->rel = rel;
	m->t = t;
	m->desc = desc;
	m->estate = CreateExecutorState();
	m->econtext = GetPerTupleExprContext(m->estate);

	m->states = palloc(sizeof(ExprState *) * t->ncols);
	for (i = 0; i < t->ncols; i++)
	{
		m->states[i] = ExecPrepareExpr((Expr *) t->cols[i].expr, m->estate);
		m->changed = bms_add_member(m->changed,
									t->cols[i].attnum - FirstLowInvalidHeapAttributeNumber);
	}

	/* stored generated columns depending on a masked one change too */
	if (desc->constr && desc->constr->has_generated_stored)
	{
		m->rri = makeNode(ResultRelInfo);
		InitResultRelInfo(m->rri, rel, 1, NULL, 0);
		for (i = 0; i < desc->natts; i++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, i);

			if (att->attgenerated == ATTRIBUTE_GENERATED_STORED)
				m->changed = bms_add_member(m->changed,
											att->attnum - FirstLowInvalidHeapAttributeNumber);
		}
	}

	m->checks = palloc(sizeof(ExprState *) * (ncheck + 1));
	m->checknames = palloc(sizeof(char *) * (ncheck + 1));
	for (i = 0; i < ncheck; i++)
	{
		ConstrCheck *cc = &desc->constr->check[i];
		Node	   *e = stringToNode(cc->ccbin);

		if (!anon_static_reads(e, m->changed))
			continue;
		m->checknames[m->nchecks] = cc->ccname;
		m->checks[m->nchecks++] = ExecPrepareCheck(list_make1(e), m->estate);
	}
	m->newslot = MakeSingleTupleTableSlot(desc, newslot_ops);
}

/*
 * The masked version of the row in oldslot, into m->newslot: the masking
 * expressions, the stored generated columns, the NOT NULL and CHECK
 * constraints.  Runs in the per-tuple context of m->estate.
 */
static void
anon_mask_row(AnonRowMasker *m, TupleTableSlot *oldslot)
{
	Relation	rel = m->rel;
	AnonStaticTable *t = m->t;
	TupleDesc	desc = m->desc;
	int			natts = desc->natts;
	TupleTableSlot *newslot = m->newslot;
	int			i;

	slot_getallattrs(oldslot);
	ExecClearTuple(newslot);
	memcpy(newslot->tts_values, oldslot->tts_values, sizeof(Datum) * natts);
	memcpy(newslot->tts_isnull, oldslot->tts_isnull, sizeof(bool) * natts);
	for (i = 0; i < natts; i++)
		if (TupleDescAttr(desc, i)->attisdropped)
			newslot->tts_isnull[i] = true;

	m->econtext->ecxt_scantuple = oldslot;
	for (i = 0; i < t->ncols; i++)
	{
		AttrNumber	a = t->cols[i].attnum - 1;

		newslot->tts_values[a] = ExecEvalExpr(m->states[i], m->econtext,
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

	if (m->rri)
	{
		ExecComputeStoredGenerated(m->rri, m->estate, newslot, CMD_INSERT);
		slot_getallattrs(newslot);
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

	m->econtext->ecxt_scantuple = newslot;
	for (i = 0; i < m->nchecks; i++)
		if (!ExecCheck(m->checks[i], m->econtext))
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("masking table \"%s\" violates check constraint \"%s\"",
							RelationGetRelationName(rel), m->checknames[i]),
					 errdetail("The masked columns are %s.", anon_static_column_list(t)),
					 errhint("Change the masking rules so that the masked rows satisfy the constraint."),
					 errtableconstraint(rel, m->checknames[i])));
}

static void
anon_rewrite_row_done(Relation rel, uint64 rows, int64 blocks)
{
	anon_static_progress(rel, rows);
	if ((rows & 1023) == 0)
		anon_progress_scan(blocks, rows);
}

/* ---- Writing the new heap ---- */

/*
 * A table of another access method than heap: read through a table scan,
 * written through the table AM, row by row.
 */
static uint64
anon_rewrite_generic(AnonRowMasker *m, Relation newrel, Snapshot snapshot,
					 CommandId cid)
{
	TableScanDesc scan = table_beginscan(m->rel, snapshot, 0, NULL);
	TupleTableSlot *oldslot = table_slot_create(m->rel, NULL);
	BulkInsertState bistate = GetBulkInsertState();
	uint64		rows = 0;

	while (table_scan_getnextslot(scan, ForwardScanDirection, oldslot))
	{
		MemoryContext oldcxt;

		CHECK_FOR_INTERRUPTS();
		oldcxt = MemoryContextSwitchTo(GetPerTupleMemoryContext(m->estate));
		anon_mask_row(m, oldslot);
		table_tuple_insert(newrel, m->newslot, cid, TABLE_INSERT_SKIP_FSM, bistate);
		MemoryContextSwitchTo(oldcxt);
		ResetPerTupleExprContext(m->estate);
		anon_rewrite_row_done(m->rel, ++rows, 0);
	}
	table_endscan(scan);
	ExecDropSingleTupleTableSlot(oldslot);
	FreeBulkInsertState(bistate);
	table_finish_bulk_insert(newrel, TABLE_INSERT_SKIP_FSM);
	return rows;
}

/*
 * A heap: read page by page; each masked row is written at the same TID
 * as the original (*kept_tids stays true) as long as the masked rows of
 * each page fit in it and few rows are dead; else, from the first page
 * where that fails, rows are packed page after page (*kept_tids becomes
 * false).
 */
static uint64
anon_rewrite_heap(AnonRowMasker *m, Relation newrel, Snapshot snapshot,
				  CommandId cid, bool *kept_tids, BlockNumber *first_moved,
				  int64 *nmoved)
{
	Relation	rel = m->rel;
	BlockNumber nblocks = RelationGetNumberOfBlocks(rel);
	BufferAccessStrategy strategy = GetAccessStrategy(BAS_BULKREAD);
	TupleTableSlot *oldslot = MakeSingleTupleTableSlot(m->desc, &TTSOpsBufferHeapTuple);
	MemoryContext pagecxt = AllocSetContextCreate(CurrentMemoryContext,
												  "anon rewrite page",
												  ALLOCSET_DEFAULT_SIZES);
	OffsetNumber *visible = palloc(sizeof(OffsetNumber) * MaxHeapTuplesPerPage);
	OffsetNumber *roots = palloc(sizeof(OffsetNumber) * MaxHeapTuplesPerPage);
	HeapTuple  *tups = palloc(sizeof(HeapTuple) * MaxHeapTuplesPerPage);
	bool	   *moved = palloc(sizeof(bool) * MaxHeapTuplesPerPage);
	MemoryContext movedcxt = AllocSetContextCreate(CurrentMemoryContext,
												   "anon rewrite moved rows",
												   ALLOCSET_DEFAULT_SIZES);
	List	   *movedrows = NIL;
	Size		movedbytes = 0;
	ListCell   *lc;
	PGAlignedBlock kept;
	AnonHeapWriter w;
	bool		keep = true;
	uint64		rows = 0;
	uint64		nlive = 0;
	uint64		ndead = 0;
	BlockNumber blkno;

	anon_writer_init(&w, newrel, cid);
	for (blkno = 0; blkno < nblocks; blkno++)
	{
		Buffer		buf;
		Page		page;
		OffsetNumber maxoff;
		OffsetNumber off;
		int			nvisible = 0;
		int			i;

		CHECK_FOR_INTERRUPTS();
		buf = ReadBufferExtended(rel, MAIN_FORKNUM, blkno, RBM_NORMAL, strategy);
		LockBuffer(buf, BUFFER_LOCK_SHARE);
		page = BufferGetPage(buf);
		maxoff = PageIsNew(page) ? InvalidOffsetNumber : PageGetMaxOffsetNumber(page);
		if (keep && maxoff > 0)
			heap_get_root_tuples(page, roots);
		for (off = FirstOffsetNumber; off <= maxoff; off++)
		{
			ItemId		lp = PageGetItemId(page, off);
			HeapTupleData tup;

			if (!ItemIdIsNormal(lp))
			{
				if (ItemIdIsUsed(lp))
					ndead++;
				continue;
			}
			tup.t_data = (HeapTupleHeader) PageGetItem(page, lp);
			tup.t_len = ItemIdGetLength(lp);
			tup.t_tableOid = RelationGetRelid(rel);
			ItemPointerSet(&tup.t_self, blkno, off);
			if (HeapTupleSatisfiesVisibility(&tup, snapshot, buf))
				visible[nvisible++] = off;
			else
				ndead++;
		}
		nlive += nvisible;

		/*
		 * Keeping the TIDs keeps the dead rows' line pointers, and their
		 * space is only reused after a VACUUM: pack the rows instead when
		 * more than a fifth of the rows seen so far are dead.
		 */
		if (keep && ndead > (ndead + nlive) / 5)
			keep = false;

		/*
		 * The rows are masked with the lock released (a rule may run any
		 * code) but the pin kept: nobody can prune the page meanwhile, and
		 * the table is locked ACCESS EXCLUSIVE.
		 */
		LockBuffer(buf, BUFFER_LOCK_UNLOCK);

		MemoryContextReset(pagecxt);
		for (i = 0; i < nvisible; i++)
		{
			HeapTupleData tup;
			ItemId		lp = PageGetItemId(page, visible[i]);
			MemoryContext oldcxt;

			tup.t_data = (HeapTupleHeader) PageGetItem(page, lp);
			tup.t_len = ItemIdGetLength(lp);
			tup.t_tableOid = RelationGetRelid(rel);
			ItemPointerSet(&tup.t_self, blkno, visible[i]);
			ExecStoreBufferHeapTuple(&tup, oldslot, buf);

			oldcxt = MemoryContextSwitchTo(GetPerTupleMemoryContext(m->estate));
			anon_mask_row(m, oldslot);
			slot_getallattrs(m->newslot);
			MemoryContextSwitchTo(pagecxt);
			tups[i] = anon_writer_prepare(&w,
										  heap_form_tuple(m->desc, m->newslot->tts_values,
														  m->newslot->tts_isnull));
			MemoryContextSwitchTo(oldcxt);
			ResetPerTupleExprContext(m->estate);
			anon_rewrite_row_done(rel, ++rows, blkno);
		}
		ExecClearTuple(oldslot);

		if (keep)
		{
			keep = anon_build_kept_page((Page) kept.data, page, blkno, maxoff,
										roots, visible, tups, nvisible, moved);
			if (keep)
			{
				anon_writer_put_page(&w, (Page) kept.data);
				/* the rows that did not fit wait for the end of the heap */
				for (i = 0; i < nvisible; i++)
				{
					MemoryContext oldcxt;

					if (!moved[i])
						continue;
					oldcxt = MemoryContextSwitchTo(movedcxt);
					movedrows = lappend(movedrows, heap_copytuple(tups[i]));
					MemoryContextSwitchTo(oldcxt);
					movedbytes += tups[i]->t_len;
				}

				/*
				 * Each moved row costs an insert into every index kept:
				 * past a tenth of the rows (or too much memory) rebuilding
				 * the indexes is cheaper.
				 */
				if (list_length(movedrows) > (int64) nlive / 10 + 100 ||
					movedbytes > (Size) maintenance_work_mem * 1024 / 4)
					keep = false;
			}
			else
				for (i = 0; i < nvisible; i++)
					anon_writer_place(&w, tups[i]);
		}
		else
			for (i = 0; i < nvisible; i++)
				anon_writer_place(&w, tups[i]);
		ReleaseBuffer(buf);
		anon_progress_scan(blkno + 1, rows);
	}
	/* the moved rows, after the last kept page */
	*first_moved = w.nwritten + w.npending;
	foreach(lc, movedrows)
		anon_writer_place(&w, (HeapTuple) lfirst(lc));
	anon_writer_finish(&w);

	ExecDropSingleTupleTableSlot(oldslot);
	FreeAccessStrategy(strategy);
	MemoryContextDelete(pagecxt);
	MemoryContextDelete(movedcxt);
	*kept_tids = keep;
	*nmoved = keep ? list_length(movedrows) : 0;
	return rows;
}

/* ---- Swapping the new heap in ---- */

/*
 * The indexes of rel that read a changed column (in their keys, their
 * expressions or their predicate): those a rewrite that kept every TID
 * must rebuild.  The others still hold the right key for every TID.
 */
static List *
anon_changed_indexes(Relation rel, Bitmapset *changed)
{
	List	   *indexes = RelationGetIndexList(rel);
	List	   *result = NIL;
	ListCell   *lc;
	Bitmapset  *whole_row = bms_make_singleton(0 - FirstLowInvalidHeapAttributeNumber);

	foreach(lc, indexes)
	{
		Oid			indexoid = lfirst_oid(lc);
		Relation	index = index_open(indexoid, AccessShareLock);
		Bitmapset  *used = NULL;
		List	   *exprs = RelationGetIndexExpressions(index);
		List	   *pred = RelationGetIndexPredicate(index);
		int			i;

		for (i = 0; i < index->rd_index->indnatts; i++)
			used = bms_add_member(used, index->rd_index->indkey.values[i] -
								  FirstLowInvalidHeapAttributeNumber);
		pull_varattnos((Node *) exprs, 1, &used);
		pull_varattnos((Node *) pred, 1, &used);
		if (bms_overlap(used, changed) || bms_overlap(used, whole_row))
			result = lappend_oid(result, indexoid);
		index_close(index, AccessShareLock);
	}
	return result;
}

/*
 * Swap the storage of relid and of newoid (its new heap from
 * make_new_heap(), same tablespace, access method and persistence) and
 * their TOAST tables, as finish_heap_swap() does when it swaps TOAST
 * tables by links, but without rebuilding relid's indexes: the caller
 * rebuilds those that need it.  Afterwards newoid holds the old storage.
 */
static void
anon_swap_storage(Oid relid, Oid newoid, BlockNumber relpages, double reltuples)
{
	Relation	classrel = table_open(RelationRelationId, RowExclusiveLock);
	HeapTuple	tup1 = SearchSysCacheCopy1(RELOID, ObjectIdGetDatum(relid));
	HeapTuple	tup2 = SearchSysCacheCopy1(RELOID, ObjectIdGetDatum(newoid));
	Form_pg_class form1;
	Form_pg_class form2;
	Oid			swap;
	ObjectAddress base;
	ObjectAddress toast;

	if (!HeapTupleIsValid(tup1) || !HeapTupleIsValid(tup2))
		elog(ERROR, "cache lookup failed for relation %u or %u", relid, newoid);
	form1 = (Form_pg_class) GETSTRUCT(tup1);
	form2 = (Form_pg_class) GETSTRUCT(tup2);
	if (form1->reltablespace != form2->reltablespace || form1->relam != form2->relam ||
		form1->relpersistence != form2->relpersistence ||
		!OidIsValid(form1->relfilenode) || !OidIsValid(form2->relfilenode))
		elog(ERROR, "new heap %u does not match relation %u", newoid, relid);

	swap = form1->relfilenode;
	form1->relfilenode = form2->relfilenode;
	form2->relfilenode = swap;
	swap = form1->reltoastrelid;
	form1->reltoastrelid = form2->reltoastrelid;
	form2->reltoastrelid = swap;

	/* every row of the new heap was written by this transaction */
	form1->relfrozenxid = RecentXmin;
	form1->relminmxid = ReadNextMultiXactId();
	form1->relpages = relpages;
	form1->reltuples = reltuples;
	form1->relallvisible = 0;

	CatalogTupleUpdate(classrel, &tup1->t_self, tup1);
	CatalogTupleUpdate(classrel, &tup2->t_self, tup2);
	InvokeObjectPostAlterHookArg(RelationRelationId, relid, 0, InvalidOid, true);
	InvokeObjectPostAlterHookArg(RelationRelationId, newoid, 0, InvalidOid, true);

	/* each TOAST table now depends on the relation that points to it */
	base.classId = RelationRelationId;
	base.objectSubId = 0;
	toast.classId = RelationRelationId;
	toast.objectSubId = 0;
	if (OidIsValid(form1->reltoastrelid))
	{
		if (deleteDependencyRecordsFor(RelationRelationId, form1->reltoastrelid, false) != 1)
			elog(ERROR, "expected one dependency record for TOAST table %u",
				 form1->reltoastrelid);
		base.objectId = relid;
		toast.objectId = form1->reltoastrelid;
		recordDependencyOn(&toast, &base, DEPENDENCY_INTERNAL);
	}
	if (OidIsValid(form2->reltoastrelid))
	{
		if (deleteDependencyRecordsFor(RelationRelationId, form2->reltoastrelid, false) != 1)
			elog(ERROR, "expected one dependency record for TOAST table %u",
				 form2->reltoastrelid);
		base.objectId = newoid;
		toast.objectId = form2->reltoastrelid;
		recordDependencyOn(&toast, &base, DEPENDENCY_INTERNAL);
	}

	heap_freetuple(tup1);
	heap_freetuple(tup2);
	table_close(classrel, RowExclusiveLock);
	anon_close_smgr_by_oid(relid);
	anon_close_smgr_by_oid(newoid);
	CommandCounterIncrement();
}

/*
 * After anon_swap_storage(): drop newoid (the old storage and the old
 * TOAST table with it) and give relid's TOAST table its usual name.
 */
static void
anon_drop_old_storage(Oid relid, Oid newoid)
{
	ObjectAddress object;
	Relation	rel;
	Oid			toastoid;

	object.classId = RelationRelationId;
	object.objectId = newoid;
	object.objectSubId = 0;
	performDeletion(&object, DROP_RESTRICT, PERFORM_DELETION_INTERNAL);
	CommandCounterIncrement();

	rel = table_open(relid, NoLock);
	toastoid = rel->rd_rel->reltoastrelid;
	RelationClearMissing(rel);
	table_close(rel, NoLock);
	if (OidIsValid(toastoid))
	{
		char		name[NAMEDATALEN];
		Oid			toastidx = toast_get_valid_index(toastoid, NoLock);

		snprintf(name, sizeof(name), "pg_toast_%u", relid);
		RenameRelationInternal(toastoid, name, true, false);
		snprintf(name, sizeof(name), "pg_toast_%u_index", relid);
		RenameRelationInternal(toastidx, name, true, true);
	}
	CommandCounterIncrement();
}

/*
 * The rows a TID-keeping rewrite moved to the end of the heap (blocks from
 * first_moved on) need an entry in each index that was kept as it is, as
 * after an UPDATE that is not HOT; their old entries point to LP_DEAD line
 * pointers, which index scans skip and VACUUM removes.  The keys did not
 * change, so no uniqueness check is needed.
 */
static void
anon_index_moved_rows(Oid relid, List *kept_indexes, BlockNumber first_moved)
{
	Relation	rel = table_open(relid, NoLock);
	BlockNumber nblocks = RelationGetNumberOfBlocks(rel);
	int			nidx = list_length(kept_indexes);
	Relation   *indexes = palloc(sizeof(Relation) * nidx);
	IndexInfo **infos = palloc(sizeof(IndexInfo *) * nidx);
	ExprState **preds = palloc(sizeof(ExprState *) * nidx);
	EState	   *estate = CreateExecutorState();
	ExprContext *econtext = GetPerTupleExprContext(estate);
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	Snapshot	snapshot = RegisterSnapshot(GetLatestSnapshot());
	TableScanDesc scan;
	ListCell   *lc;
	int			i = 0;

	foreach(lc, kept_indexes)
	{
		indexes[i] = index_open(lfirst_oid(lc), RowExclusiveLock);
		infos[i] = BuildIndexInfo(indexes[i]);
		preds[i] = ExecPrepareQual(infos[i]->ii_Predicate, estate);
		i++;
	}
	econtext->ecxt_scantuple = slot;
	scan = table_beginscan_strat(rel, snapshot, 0, NULL, true, false);
	heap_setscanlimits(scan, first_moved, nblocks - first_moved);
	while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		CHECK_FOR_INTERRUPTS();
		for (i = 0; i < nidx; i++)
		{
			Datum		values[INDEX_MAX_KEYS];
			bool		isnull[INDEX_MAX_KEYS];

			if (preds[i] && !ExecQual(preds[i], econtext))
				continue;
			FormIndexDatum(infos[i], slot, estate, values, isnull);
			index_insert(indexes[i], values, isnull, &slot->tts_tid, rel,
						 UNIQUE_CHECK_NO, false, infos[i]);
		}
		ResetPerTupleExprContext(estate);
	}
	table_endscan(scan);
	UnregisterSnapshot(snapshot);
	ExecDropSingleTupleTableSlot(slot);
	FreeExecutorState(estate);
	for (i = 0; i < nidx; i++)
		index_close(indexes[i], NoLock);
	table_close(rel, NoLock);
}

uint64
anon_static_rewrite(Relation rel, AnonStaticTable *t)
{
	Oid			relid = RelationGetRelid(rel);
	char		persistence = rel->rd_rel->relpersistence;
	Oid			newoid;
	Relation	newrel;
	AnonRowMasker m;
	bool		use_writer;
	bool		kept_tids = false;
	BlockNumber newpages;
	List	   *rebuild = NIL;
	List	   *kept_indexes = NIL;
	BlockNumber first_moved = InvalidBlockNumber;
	int64		nmoved = 0;
	Snapshot	snapshot;
	CommandId	mycid = GetCurrentCommandId(true);
	int			save_nestlevel;
	uint64		rows;
	MemoryContext cxt = CurrentMemoryContext;

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
	anon_masker_init(&m, rel, t, use_writer ? &TTSOpsVirtual : table_slot_callbacks(newrel));

	snapshot = RegisterSnapshot(GetLatestSnapshot());
	if (use_writer)
		rows = anon_rewrite_heap(&m, newrel, snapshot, mycid, &kept_tids,
								 &first_moved, &nmoved);
	else
		rows = anon_rewrite_generic(&m, newrel, snapshot, mycid);
	UnregisterSnapshot(snapshot);
	newpages = RelationGetNumberOfBlocks(newrel);
	anon_progress_scan(RelationGetNumberOfBlocks(rel), rows);
	table_close(newrel, NoLock);
	if (kept_tids)
	{
		rebuild = anon_changed_indexes(rel, m.changed);
		kept_indexes = list_difference_oid(RelationGetIndexList(rel), rebuild);
	}
	ExecDropSingleTupleTableSlot(m.newslot);
	FreeExecutorState(m.estate);

	/*
	 * Swap the files and rebuild the indexes, checking unique ones.  Where
	 * every row kept its TID, only the indexes that read a changed column
	 * are rebuilt; else all of them (finish_heap_swap).  The relation must
	 * be closed first (as cluster.c and tablecmds.c do); the lock stays
	 * until the end of the transaction.
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
		if (kept_tids)
		{
			ReindexParams params = {0};
			ListCell   *lc;

			anon_swap_storage(relid, newoid, newpages, (double) rows);
			foreach(lc, rebuild)
				anon_reindex_index(lfirst_oid(lc), false, persistence, &params);
			if (nmoved > 0 && kept_indexes != NIL)
				anon_index_moved_rows(relid, kept_indexes, first_moved);
			anon_drop_old_storage(relid, newoid);
		}
		else
			finish_heap_swap(relid, newoid, false, false, true, true,
							 RecentXmin, ReadNextMultiXactId(), persistence);
	}
	PG_CATCH();
	{
		anon_static_rethrow(cxt, relation_open(relid, NoLock), t);
	}
	PG_END_TRY();
	AtEOXact_GUC(false, save_nestlevel);

	if (kept_tids)
		ereport(DEBUG1,
				(errmsg_internal("anonymizing \"%s\": rows kept their TIDs (" INT64_FORMAT " moved), %d of %d indexes rebuilt",
								 get_rel_name(relid), nmoved, list_length(rebuild),
								 list_length(rebuild) + list_length(kept_indexes))));
	else
		ereport(DEBUG1,
				(errmsg_internal("anonymizing \"%s\": rows packed, every index rebuilt",
								 get_rel_name(relid))));

	return rows;
}
