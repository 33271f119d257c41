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
 * Plain inheritance has no key, but its children often stand for one (the
 * partitioning of old): a CHECK constraint of a child (or of a partition)
 * tells, the same way, something of the raw value of every row that child
 * holds.  So the columns named by the CHECK constraints declared on any
 * member of the tree but its root (the root's hold for every row, and tell
 * nothing of one) count as the columns of a key.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/sysattr.h"
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/partition.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_inherits.h"
#include "miscadmin.h"
#include "nodes/bitmapset.h"
#include "optimizer/optimizer.h"
#include "partitioning/partdefs.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/partcache.h"
#include "utils/rel.h"

#include "mask.h"
#include "rules.h"
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

/* add the columns named by relid's own (local) CHECK constraints to *names */
static void
anon_partkey_check_columns(Oid relid, List **names)
{
	Relation	con;
	SysScanDesc scan;
	ScanKeyData key;
	HeapTuple	tup;

	con = table_open(ConstraintRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_constraint_conrelid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(relid));
	scan = systable_beginscan(con, ConstraintRelidTypidNameIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_constraint c = (Form_pg_constraint) GETSTRUCT(tup);
		Datum		bin;
		bool		isnull;
		Bitmapset  *attrs = NULL;
		int			i = -1;

		if (c->contype != CONSTRAINT_CHECK || !c->conislocal)
			continue;
		bin = heap_getattr(tup, Anum_pg_constraint_conbin, RelationGetDescr(con), &isnull);
		if (isnull)
			continue;
		pull_varattnos(stringToNode(TextDatumGetCString(bin)), 1, &attrs);
		while ((i = bms_next_member(attrs, i)) >= 0)
		{
			AttrNumber	attnum = i + FirstLowInvalidHeapAttributeNumber;

			if (attnum > 0)
				*names = list_append_unique(*names,
											makeString(get_attname(relid, attnum, false)));
		}
	}
	systable_endscan(scan);
	table_close(con, AccessShareLock);
}

/* add relid's ancestors (partition parents and inheritance parents) */
static void
anon_partkey_ancestors(Oid relid, List **out)
{
	ListCell   *lc;

	check_stack_depth();
	foreach(lc, anon_mask_parents(relid))
	{
		if (list_member_oid(*out, lfirst_oid(lc)))
			continue;
		*out = lappend_oid(*out, lfirst_oid(lc));
		anon_partkey_ancestors(lfirst_oid(lc), out);
	}
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

	List	   *members = NIL;
	bool		has_parents;

	/* the rules cache knows the parents: no catalog scan per masked read */
	has_parents = anon_rules_get(relid, policy)->nparents > 0;
	if (relkind != RELKIND_PARTITIONED_TABLE && !has_parents &&
		!(inh && has_subclass(relid)))
		return;

	/* the relations whose rows the scan reads */
	if (inh && has_subclass(relid))
		readrels = find_all_inheritors(relid, AccessShareLock, NULL);
	else
		readrels = list_make1_oid(relid);

	/* the keys that placed them: their ancestors' and their own */
	if (has_parents)
		anon_partkey_ancestors(relid, &keyrels);
	members = list_concat_copy(keyrels, readrels);
	foreach(lc, members)
	{
		Oid			member = lfirst_oid(lc);

		if (get_rel_relkind(member) == RELKIND_PARTITIONED_TABLE)
			anon_partkey_columns(member, &names);
		/* the CHECK constraints of a member that is not a root */
		if (anon_rules_get(member, policy)->nparents > 0)
			anon_partkey_check_columns(member, &names);
	}
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
						 errdetail("Which partition or child table holds a row depends on the raw value of its partition key or of the columns its CHECK constraints name, and these are public: reading a partition, or the order of a partitioned table's rows, would reveal it."),
						 errhint("Label the partition key columns NOT MASKED, or partition the table by columns that are not masked.")));
		}
		table_close(rel, AccessShareLock);
	}
}
