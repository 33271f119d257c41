/*-------------------------------------------------------------------------
 *
 * partkey_guard.c
 *		Masked readers may not read a partition tree whose partition key is
 *		masked.
 *
 * Which partition holds a row is decided by the raw value of its partition
 * key, and the bounds of every partition are in the catalog, which every
 * role reads (pg_get_expr(relpartbound)).  A masked reader that reads a
 * partition on its own (a grant on ALL TABLES IN SCHEMA is enough) learns,
 * for each row, the raw key's range, or with list partitioning the raw
 * value itself; reading the partitioned table, it learns the same from the
 * order of the rows (the partitions are scanned one after the other), and
 * masking cannot hide either: the values it shows are masked, the rows it
 * shows are not.  tableoid is refused to masked readers for the same
 * reason (dynamic.c).
 *
 * So a masked reader's query that scans a partition, or a partitioned
 * table, is refused when a column of the partition key of the relation or
 * of any of its ancestors (and, when the scan covers the whole tree, of any
 * partitioned descendant) is masked in a relation whose rows the scan
 * reads: the relation itself and, for a scan of the whole tree, its
 * descendants (a column's mask is its own rule, an ancestor's, or privacy
 * by default: anon_column_mask()).  The refusal names the table and the
 * column.  A partition key labelled NOT MASKED, or a table partitioned by
 * columns that are not masked, reads as before.
 *
 * Plain inheritance has no key: which child holds a row is not a function
 * of its values, and is not checked here.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/sysattr.h"
#include "access/table.h"
#include "catalog/partition.h"
#include "catalog/pg_class.h"
#include "catalog/pg_inherits.h"
#include "nodes/bitmapset.h"
#include "optimizer/optimizer.h"
#include "partitioning/partdefs.h"
#include "utils/lsyscache.h"
#include "utils/partcache.h"
#include "utils/rel.h"

#include "mask.h"
#include "partkey_guard.h"

/* add the names of the columns of relid's partition key to *names */
static void
anon_partkey_columns(Oid relid, List **names)
{
	Relation	rel;
	PartitionKey key;
	Bitmapset  *attrs = NULL;
	int			i;

	rel = table_open(relid, AccessShareLock);
	key = RelationGetPartitionKey(rel);
	if (key != NULL)
	{
		for (i = 0; i < key->partnatts; i++)
			if (key->partattrs[i] != 0)
				attrs = bms_add_member(attrs,
									   key->partattrs[i] - FirstLowInvalidHeapAttributeNumber);
		/* the columns that key expressions read */
		pull_varattnos((Node *) key->partexprs, 1, &attrs);
	}
	i = -1;
	while ((i = bms_next_member(attrs, i)) >= 0)
	{
		AttrNumber	attnum = i + FirstLowInvalidHeapAttributeNumber;

		if (attnum > 0)
			*names = list_append_unique(*names,
										makeString(get_attname(relid, attnum, false)));
		else if (attnum == InvalidAttrNumber)
		{
			/* a whole-row reference: every column of the table */
			TupleDesc	desc = RelationGetDescr(rel);
			int			a;

			for (a = 0; a < desc->natts; a++)
				if (!TupleDescAttr(desc, a)->attisdropped)
					*names = list_append_unique(*names,
												makeString(pstrdup(NameStr(TupleDescAttr(desc, a)->attname))));
		}
	}
	table_close(rel, AccessShareLock);
}

/*
 * Refuse a masked reader's scan of relid (relkind, inh as in its range
 * table entry) when it would show which partition holds a row whose
 * partition key is masked.
 */
void
anon_partkey_check(Oid relid, char relkind, bool inh, int policy)
{
	List	   *keyrels = NIL;
	List	   *readrels;
	List	   *names = NIL;
	ListCell   *lc;
	ListCell   *lc2;

	if (relkind != RELKIND_PARTITIONED_TABLE && !get_rel_relispartition(relid))
		return;

	/* the keys that placed relid's rows: its ancestors' */
	if (get_rel_relispartition(relid))
		keyrels = get_partition_ancestors(relid);

	/* the relations whose rows the scan reads, and the keys within */
	if (inh && relkind == RELKIND_PARTITIONED_TABLE)
		readrels = find_all_inheritors(relid, AccessShareLock, NULL);
	else
		readrels = list_make1_oid(relid);
	foreach(lc, readrels)
		if (get_rel_relkind(lfirst_oid(lc)) == RELKIND_PARTITIONED_TABLE)
			keyrels = lappend_oid(keyrels, lfirst_oid(lc));

	foreach(lc, keyrels)
		anon_partkey_columns(lfirst_oid(lc), &names);
	if (names == NIL)
		return;

	foreach(lc, readrels)
	{
		Oid			member = lfirst_oid(lc);
		Relation	rel;

		rel = table_open(member, AccessShareLock);
		foreach(lc2, names)
		{
			const char *name = strVal(lfirst(lc2));
			AttrNumber	attnum = get_attnum(member, name);

			if (attnum <= 0)
				continue;
			if (anon_column_mask(rel, policy, attnum, NULL) != NULL)
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("masked roles cannot read table \"%s\", partitioned by masked column \"%s\"",
								get_rel_name(relid), name),
						 errdetail("Which partition holds a row depends on the raw value of its partition key, and partition bounds are public: reading a partition, or the order of a partitioned table's rows, would reveal it."),
						 errhint("Label the partition key columns NOT MASKED, or partition the table by columns that are not masked.")));
		}
		table_close(rel, AccessShareLock);
	}
}
