/*-------------------------------------------------------------------------
 *
 * static.c
 *		Static masking: anon.anonymize_table, anon.anonymize_column and
 *		anon.anonymize_database.
 *
 * A call masks a set of physical tables, each in one pass over its rows
 * with all its masked columns at once, inside the caller's transaction, so
 * that an error anywhere leaves every table as it was.
 *
 * Which rules: a table's own labels for the policy; a partition or an
 * inheritance child also takes the rules of its ancestors for the columns
 * it has no label of its own (mapped by column name), so masking a
 * partitioned table masks every partition (mask.c computes the masks).
 * Rules on generated columns are refused: a stored generated column is
 * recomputed from the masked values.
 *
 * How: each table is locked ACCESS EXCLUSIVE and its rules are analysed
 * and run as the table's owner, inside a security-restricted operation
 * with search_path = pg_catalog, pg_temp (as VACUUM and REINDEX do), so a
 * rule never runs with more privilege than whoever could write it.  The
 * fast path (static_rewrite.c) writes the masked rows into a new heap and
 * swaps it in, rebuilding the indexes, with no dead copy of the rows left
 * behind; the UPDATE path (static_update.c) is used where the row changes
 * must be visible as such: when triggers must fire, for foreign tables and
 * for published tables (so that subscribers receive the masked rows).
 *
 * Constraints: NOT NULL and CHECK constraints are tested on every masked
 * row before it is written (rewrite path) or by the UPDATE itself; unique
 * indexes by the index rebuild (or the UPDATE).  Foreign keys are checked
 * once every table of the call is masked, on both sides, so that a key and
 * the columns referencing it can be masked consistently (with the same
 * deterministic function) in one call.  Every constraint error names the
 * table, the masked columns and the constraint, never a value.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/transam.h"
#include "access/xact.h"
#include "catalog/catalog.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_seclabel.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/bufmgr.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "fk_consistency.h"
#include "mask.h"
#include "pa_compat.h"
#include "progress.h"
#include "rules.h"
#include "static.h"

/* ---- GUC variables ---- */

int			anon_progress_rows = 0;
int			anon_static_maintenance_work_mem = 262144;	/* kB: 256MB */

/* ---- Function declarations ---- */

PG_FUNCTION_INFO_V1(anon_anonymize_table);
PG_FUNCTION_INFO_V1(anon_anonymize_column);
PG_FUNCTION_INFO_V1(anon_anonymize_database);

/* search_path while rules are analysed and run */
#define ANON_STATIC_SEARCH_PATH "pg_catalog, pg_temp"

/* one call: the state shared by every table it masks */
typedef struct AnonStaticRun
{
	int			policy;
	const char *policy_name;
	const char *only_column;	/* anonymize_column: the one column */
	const char *override_expr;	/* expression for only_column, instead of its rule */
	bool		fire_triggers;
	List	   *done;			/* relids masked so far */
	List	   *fkeys;			/* OIDs of foreign keys to check at the end */
	List	   *masked;			/* AnonStaticTable of each table masked */
	Tuplestorestate *tupstore;
	TupleDesc	tupdesc;
	/* rows written and least method since last reset (anon_static_mask_group) */
	uint64		emitted_rows;
	char	   *least_method;
} AnonStaticRun;

void
anon_static_init(void)
{
	DefineCustomIntVariable("anon.progress_rows",
							"Rows between two progress notices of static masking.",
							"anon.anonymize_table and friends raise a NOTICE each time "
							"this many more rows of a table are written; 0 turns the notices off.",
							&anon_progress_rows,
							0, 0, INT_MAX,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
	DefineCustomIntVariable("anon.static_maintenance_work_mem",
							"Memory for the index rebuild of static masking.",
							"anon.anonymize_table and friends rebuild the indexes of a rewritten "
							"table with this much maintenance_work_mem, or with the session's "
							"maintenance_work_mem if that is larger; 0 always uses the session's.",
							&anon_static_maintenance_work_mem,
							262144, 0, MAX_KILOBYTES,
							PGC_USERSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
}

char *
anon_static_column_list(const AnonStaticTable *t)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	for (i = 0; i < t->ncols; i++)
		appendStringInfo(&buf, "%s\"%s\"", i > 0 ? ", " : "", t->cols[i].attname);
	return buf.data;
}

static int
anon_static_policy(text *policy)
{
	char	   *name = text_to_cstring(policy);
	int			idx = anon_policy_index(name);

	if (idx < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("masking policy \"%s\" does not exist", name),
				 errhint("The policies are \"anon\" and those listed in anon.masking_policies.")));
	return idx;
}

static AnonStaticTable *
anon_static_plan(Relation rel, AnonStaticRun *run)
{
	return anon_mask_table(rel, run->policy, run->only_column,
								   run->override_expr);
}

/* ---- Foreign keys ---- */

/* the owner of a relation (its rules and checks run as this role) */
Oid
anon_static_rel_owner(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/* the topmost constraint a cloned (partition) foreign key comes from */
static Oid
anon_static_fk_root(Oid conoid)
{
	for (;;)
	{
		HeapTuple	tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conoid));
		Oid			parent;

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "cache lookup failed for constraint %u", conoid);
		parent = ((Form_pg_constraint) GETSTRUCT(tup))->conparentid;
		ReleaseSysCache(tup);
		if (!OidIsValid(parent))
			return conoid;
		conoid = parent;
	}
}

static bool
anon_static_keys_masked(Datum keys, const AnonStaticTable *t)
{
	ArrayType  *arr = DatumGetArrayTypeP(keys);
	int16	   *k = (int16 *) ARR_DATA_PTR(arr);
	int			n = ARR_DIMS(arr)[0];
	int			i,
				j;

	for (i = 0; i < n; i++)
		for (j = 0; j < t->ncols; j++)
			if (t->cols[j].attnum == k[i])
				return true;
	return false;
}

/* note the foreign keys of t (either side) that involve a masked column */
static void
anon_static_note_fkeys(AnonStaticRun *run, const AnonStaticTable *t)
{
	Relation	conrel = table_open(ConstraintRelationId, AccessShareLock);
	SysScanDesc scan;
	HeapTuple	tup;

	scan = systable_beginscan(conrel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);
		bool		isnull;
		Datum		keys;
		bool		hit = false;

		if (con->contype != CONSTRAINT_FOREIGN)
			continue;
		if (con->conrelid == t->relid)
		{
			keys = heap_getattr(tup, Anum_pg_constraint_conkey,
								RelationGetDescr(conrel), &isnull);
			hit = !isnull && anon_static_keys_masked(keys, t);
		}
		if (!hit && con->confrelid == t->relid)
		{
			keys = heap_getattr(tup, Anum_pg_constraint_confkey,
								RelationGetDescr(conrel), &isnull);
			hit = !isnull && anon_static_keys_masked(keys, t);
		}
		if (hit)
			run->fkeys = list_append_unique_oid(run->fkeys,
												anon_static_fk_root(con->oid));
	}
	systable_endscan(scan);
	table_close(conrel, AccessShareLock);
}

static void
anon_static_append_rel(StringInfo buf, Oid relid)
{
	if (get_rel_relkind(relid) != RELKIND_PARTITIONED_TABLE)
		appendStringInfoString(buf, "ONLY ");
	appendStringInfoString(buf,
						   quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
													  get_rel_name(relid)));
}

static char *
anon_static_attnames(Oid relid, int16 *keys, int n)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	for (i = 0; i < n; i++)
		appendStringInfo(&buf, "%s\"%s\"", i > 0 ? ", " : "",
						 get_attname(relid, keys[i], false));
	return buf.data;
}

/*
 * Check one foreign key against the data as it is now: every referencing
 * row whose key is complete must find its referenced row (MATCH FULL: a
 * partly NULL key is a violation too).
 */
static void
anon_static_check_fkey(Oid conoid)
{
	HeapTuple	tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conoid));
	Form_pg_constraint con;
	int			numfks;
	AttrNumber	conkey[INDEX_MAX_KEYS];
	AttrNumber	confkey[INDEX_MAX_KEYS];
	Oid			pfeqop[INDEX_MAX_KEYS];
	Oid			ppeqop[INDEX_MAX_KEYS];
	Oid			ffeqop[INDEX_MAX_KEYS];
	StringInfoData sql;
	int			i;
	int			rc;
	bool		violated;
	bool		user_ops = false;
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for constraint %u", conoid);
	con = (Form_pg_constraint) GETSTRUCT(tup);
	DeconstructFkConstraintRow(tup, &numfks, conkey, confkey, pfeqop, ppeqop,
							   ffeqop, NULL, NULL);

	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT 1 FROM ");
	anon_static_append_rel(&sql, con->conrelid);
	appendStringInfoString(&sql, " fk WHERE ((");
	for (i = 0; i < numfks; i++)
		appendStringInfo(&sql, "%sfk.%s IS NOT NULL", i > 0 ? " AND " : "",
						 quote_identifier(get_attname(con->conrelid, conkey[i], false)));
	appendStringInfoString(&sql, ") AND NOT EXISTS (SELECT 1 FROM ");
	anon_static_append_rel(&sql, con->confrelid);
	appendStringInfoString(&sql, " pk WHERE ");
	for (i = 0; i < numfks; i++)
	{
		HeapTuple	optup = SearchSysCache1(OPEROID, ObjectIdGetDatum(pfeqop[i]));
		Form_pg_operator op;

		if (!HeapTupleIsValid(optup))
			elog(ERROR, "cache lookup failed for operator %u", pfeqop[i]);
		op = (Form_pg_operator) GETSTRUCT(optup);
		appendStringInfo(&sql, "%spk.%s OPERATOR(%s.%s) fk.%s",
						 i > 0 ? " AND " : "",
						 quote_identifier(get_attname(con->confrelid, confkey[i], false)),
						 quote_identifier(get_namespace_name(op->oprnamespace)),
						 NameStr(op->oprname),
						 quote_identifier(get_attname(con->conrelid, conkey[i], false)));
		ReleaseSysCache(optup);
	}
	appendStringInfoString(&sql, "))");
	if (con->confmatchtype == FKCONSTR_MATCH_FULL && numfks > 1)
	{
		appendStringInfoString(&sql, " OR (pg_catalog.num_nulls(");
		for (i = 0; i < numfks; i++)
			appendStringInfo(&sql, "%sfk.%s", i > 0 ? ", " : "",
							 quote_identifier(get_attname(con->conrelid, conkey[i], false)));
		appendStringInfo(&sql, ") BETWEEN 1 AND %d)", numfks - 1);
	}
	appendStringInfoString(&sql, " LIMIT 1");

	/*
	 * Built-in equality operators run as the caller; any other operator, or
	 * a cast that is not built in (of a column's type to the operator's
	 * argument type), is code that a table owner may have written, so the
	 * query then runs as
	 * the referencing table's owner, in a security-restricted operation.
	 */
	for (i = 0; i < numfks; i++)
	{
		AnonForeignKey key;

		if (pfeqop[i] >= FirstNormalObjectId)
			user_ops = true;
		/* a cast of the owner's, which comparing the keys calls */
		key.relid = con->conrelid;
		key.confrelid = con->confrelid;
		key.conkey[0] = conkey[i];
		key.confkey[0] = confkey[i];
		key.pfeqop[0] = pfeqop[i];
		if (OidIsValid(anon_fk_key_cast(&key, 0)))
			user_ops = true;
	}
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	if (user_ops)
		SetUserIdAndSecContext(anon_static_rel_owner(con->conrelid),
							   save_sec_context | SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", ANON_STATIC_SEARCH_PATH,
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rc = SPI_execute(sql.data, false, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
	violated = SPI_processed > 0;
	SPI_finish();
	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);

	if (violated)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("masking breaks foreign key constraint \"%s\" of table \"%s\"",
						NameStr(con->conname), get_rel_name(con->conrelid)),
				 errdetail("After masking, rows of \"%s\" (columns %s) reference keys of \"%s\" (columns %s) that do not exist.",
						   get_rel_name(con->conrelid),
						   anon_static_attnames(con->conrelid, conkey, numfks),
						   get_rel_name(con->confrelid),
						   anon_static_attnames(con->confrelid, confkey, numfks)),
				 errhint("Mask the referencing and the referenced columns with the same deterministic function, "
						 "in one call, or leave both unmasked."),
				 errtableconstraint(table_open(con->conrelid, NoLock),
									NameStr(con->conname))));
	ReleaseSysCache(tup);
}

/* ---- Constraint errors ---- */

/*
 * Replace a constraint violation raised while masking t (by an index
 * rebuild or by the UPDATE) with an error that names the table, the masked
 * columns and the constraint but no value.  Any other error is re-thrown
 * as it is.  Called in a PG_CATCH block; does not return.
 */
void
anon_static_rethrow(MemoryContext cxt, Relation rel, const AnonStaticTable *t)
{
	ErrorData  *edata;
	const char *what;

	MemoryContextSwitchTo(cxt);
	edata = CopyErrorData();
	switch (edata->sqlerrcode)
	{
		case ERRCODE_NOT_NULL_VIOLATION:
			what = "not-null";
			break;
		case ERRCODE_CHECK_VIOLATION:
			what = "check";
			break;
		case ERRCODE_UNIQUE_VIOLATION:
			what = "unique";
			break;
		case ERRCODE_EXCLUSION_VIOLATION:
			what = "exclusion";
			break;
		case ERRCODE_FOREIGN_KEY_VIOLATION:
			what = "foreign key";
			break;
		default:
			what = NULL;
	}
	if (what == NULL)
		PG_RE_THROW();
	FlushErrorState();

	if (edata->sqlerrcode == ERRCODE_NOT_NULL_VIOLATION && edata->column_name)
		ereport(ERROR,
				(errcode(edata->sqlerrcode),
				 errmsg("masking rule of column \"%s\" of table \"%s\" yields NULL, which violates its not-null constraint",
						edata->column_name, RelationGetRelationName(rel)),
				 errhint("Make the rule return a value for every row (for example with coalesce()), "
						 "or drop the NOT NULL constraint."),
				 errtablecol(rel, get_attnum(RelationGetRelid(rel), edata->column_name))));
	ereport(ERROR,
			(errcode(edata->sqlerrcode),
			 errmsg("masking table \"%s\" violates %s constraint \"%s\"",
					RelationGetRelationName(rel), what,
					edata->constraint_name ? edata->constraint_name : "?"),
			 errdetail("The masked columns are %s.", anon_static_column_list(t)),
			 edata->sqlerrcode == ERRCODE_UNIQUE_VIOLATION ||
			 edata->sqlerrcode == ERRCODE_EXCLUSION_VIOLATION ?
			 errhint("The masking rules of these columns give equal values to different rows; "
					 "use a rule that keeps the values distinct (for example a keyed pseudonym).") :
			 errhint("Change the masking rules so that the masked rows satisfy the constraint."),
			 edata->constraint_name ?
			 errtableconstraint(rel, edata->constraint_name) : 0));
}

/* ---- Masking one table ---- */

static void
anon_static_check_table(Relation rel)
{
	Oid			relid = RelationGetRelid(rel);

	if (!pg_class_ownercheck(relid, GetUserId()))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be owner of table %s to anonymize it",
						RelationGetRelationName(rel)),
				 errhint("Run static masking as the table's owner or as a superuser.")));
	if (IsSystemRelation(rel))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot anonymize system catalog \"%s\"",
						RelationGetRelationName(rel))));
	if (RELATION_IS_OTHER_TEMP(rel))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot anonymize temporary tables of other sessions")));
}

static void
anon_static_emit(AnonStaticRun *run, const AnonStaticTable *t, uint64 rows,
				 const char *method)
{
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	Datum	   *names = palloc(sizeof(Datum) * t->ncols);
	int			i;

	for (i = 0; i < t->ncols; i++)
		names[i] = CStringGetDatum(t->cols[i].attname);
	values[0] = ObjectIdGetDatum(t->relid);
	values[1] = PointerGetDatum(construct_array(names, t->ncols, NAMEOID,
												NAMEDATALEN, false, TYPALIGN_CHAR));
	values[2] = Int64GetDatum((int64) rows);
	values[3] = CStringGetTextDatum(method);
	tuplestore_putvalues(run->tupstore, run->tupdesc, values, nulls);
	run->emitted_rows += rows;
	if (run->least_method == NULL || strcmp(method, run->least_method) < 0)
		run->least_method = pstrdup(method);
}

/*
 * Mask one physical table (locked by the caller), as its owner inside a
 * security-restricted operation.
 */
static void
anon_static_mask_one(AnonStaticRun *run, Oid relid)
{
	Relation	rel;
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
	AnonStaticTable *t;
	const char *why = NULL;
	const char *method;
	uint64		rows;
	char		relkind;

	if (list_member_oid(run->done, relid))
		return;
	run->done = lappend_oid(run->done, relid);
	anon_citus_refuse_static(relid, "static masking", true);

	rel = table_open(relid, AccessExclusiveLock);
	relkind = rel->rd_rel->relkind;
	if (relkind != RELKIND_RELATION && relkind != RELKIND_MATVIEW &&
		relkind != RELKIND_FOREIGN_TABLE)
	{
		table_close(rel, NoLock);
		return;
	}
	anon_static_check_table(rel);

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(rel->rd_rel->relowner,
						   save_sec_context | SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", ANON_STATIC_SEARCH_PATH,
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);

	t = anon_static_plan(rel, run);
	if (t == NULL)
	{
		AtEOXact_GUC(false, save_nestlevel);
		SetUserIdAndSecContext(save_userid, save_sec_context);
		table_close(rel, NoLock);
		return;
	}

	if (anon_citus_masks_at_shards(relid))
	{
		method = "citus";
		rows = anon_citus_static_rewrite(rel, t, run->fire_triggers);
	}
	else if (!run->fire_triggers && anon_static_can_rewrite(rel, &why))
	{
		method = "rewrite";
		rows = anon_static_rewrite(rel, t); /* closes rel */
		rel = NULL;
	}
	else
	{
		BlockNumber nblocks;

		if (relkind == RELKIND_MATVIEW)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("cannot anonymize materialized view \"%s\" with an UPDATE",
							RelationGetRelationName(rel)),
					 errdetail("It is %s.", why ? why : "to fire triggers"),
					 errhint("Anonymize its source tables and refresh it.")));
		nblocks = relkind == RELKIND_FOREIGN_TABLE ? 0 :
			RelationGetNumberOfBlocks(rel);
		method = "update";
		anon_progress_table(relid, ANON_METHOD_UPDATE, nblocks);
		rows = anon_static_update(rel, t, run->fire_triggers);
		anon_progress_scan(nblocks, rows);
	}

	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);
	if (rel)
		table_close(rel, NoLock);
	CommandCounterIncrement();

	anon_static_note_fkeys(run, t);
	run->masked = lappend(run->masked, t);
	anon_static_emit(run, t, rows, method);
}

/* mask relid and every partition or inheritance child of it */
static void
anon_static_mask_tree(AnonStaticRun *run, Oid relid)
{
	List	   *rels;
	ListCell   *lc;
	int			ntables = 0;

	/* no ACCESS EXCLUSIVE lock for whoever may not mask the table */
	if (SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)) &&
		!pg_class_ownercheck(relid, GetUserId()))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be owner of table %s to anonymize it", get_rel_name(relid)),
				 errhint("Run static masking as the table's owner or as a superuser.")));
	LockRelationOid(relid, AccessExclusiveLock);
	if (!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));
	switch (get_rel_relkind(relid))
	{
		case RELKIND_RELATION:
		case RELKIND_PARTITIONED_TABLE:
		case RELKIND_MATVIEW:
		case RELKIND_FOREIGN_TABLE:
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_WRONG_OBJECT_TYPE),
					 errmsg("\"%s\" is not a table", get_rel_name(relid)),
					 errhint("Static masking rewrites tables, partitioned tables, "
							 "foreign tables and materialized views.")));
	}
	if (!pg_class_ownercheck(relid, GetUserId()))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be owner of table %s to anonymize it", get_rel_name(relid)),
				 errhint("Run static masking as the table's owner or as a superuser.")));

	rels = find_all_inheritors(relid, AccessExclusiveLock, NULL);
	foreach(lc, rels)
		if (!list_member_oid(run->done, lfirst_oid(lc)))
			ntables++;
	anon_progress_add_tables(ntables);
	foreach(lc, rels)
	{
		Oid			child = lfirst_oid(lc);

		if (list_member_oid(run->done, child))
			continue;
		anon_static_mask_one(run, child);
		anon_progress_table_done();
	}
}

/* did this run rewrite column attnum of relid? */
static bool
anon_static_rewrote(AnonStaticRun *run, Oid relid, AttrNumber attnum)
{
	ListCell   *lc;
	int			i;

	foreach(lc, run->masked)
	{
		const AnonStaticTable *t = (const AnonStaticTable *) lfirst(lc);

		if (t->relid != relid)
			continue;
		for (i = 0; i < t->ncols; i++)
			if (t->cols[i].attnum == attnum)
				return true;
	}
	return false;
}

/*
 * Virtual foreign keys (fk_consistency.c) are not constraints that the
 * data check below can run, and the data does not have to satisfy them:
 * what must not happen is that a run rewrites one side of such a key and
 * not the other (the masks of both sides are made alike by mask.c).
 */
static void
anon_static_check_virtual_keys(AnonStaticRun *run)
{
	ListCell   *lc;

	if (run->masked == NIL)
		return;
	foreach(lc, anon_rules_virtual_key_relations())
	{
		ListCell   *lc2;

		foreach(lc2, anon_fk_referencing(lfirst_oid(lc), false, true))
		{
			AnonForeignKey *fk = (AnonForeignKey *) lfirst(lc2);
			int			i;

			if (!fk->is_virtual)
				continue;
			for (i = 0; i < fk->numfks; i++)
			{
				bool		child = anon_static_rewrote(run, fk->relid, fk->conkey[i]);
				bool		parent = anon_static_rewrote(run, fk->confrelid, fk->confkey[i]);

				if (child != parent)
					anon_fk_refuse(fk, i,
								   psprintf("Static masking would rewrite column \"%s\" of table \"%s\" and not the other side: "
											"mask both tables in one run (anon.anonymize_database).",
											child ? get_attname(fk->relid, fk->conkey[i], false) :
											get_attname(fk->confrelid, fk->confkey[i], false),
											child ? get_rel_name(fk->relid) : get_rel_name(fk->confrelid)));
			}
		}
	}
}

static void
anon_static_finish(AnonStaticRun *run)
{
	ListCell   *lc;

	anon_static_check_virtual_keys(run);

	if (run->fkeys != NIL)
		anon_progress_phase(ANON_PHASE_CHECKING_FOREIGN_KEYS);
	foreach(lc, run->fkeys)
		anon_static_check_fkey(lfirst_oid(lc));
	anon_progress_end();
}

static void
anon_static_start(AnonStaticRun *run, FunctionCallInfo fcinfo, int policy)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	anon_require_preload("static masking");
	memset(run, 0, sizeof(*run));
	run->policy = policy;
	run->policy_name = anon_policy_name(policy);
	InitMaterializedSRF(fcinfo, 0);
	run->tupstore = rsinfo->setResult;
	run->tupdesc = rsinfo->setDesc;
	anon_progress_begin();
}

/* ---- SQL functions ---- */

/*
 * anon.anonymize_table(relid regclass, policy text, fire_triggers boolean)
 */
Datum
anon_anonymize_table(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	int			policy = anon_static_policy(PG_GETARG_TEXT_PP(1));
	AnonStaticRun run;

	anon_pa_require_static_masking();
	anon_static_start(&run, fcinfo, policy);
	run.fire_triggers = PG_GETARG_BOOL(2);
	anon_static_mask_tree(&run, relid);
	/*
	 * A table with nothing to mask is left as it is, with a NOTICE (as in
	 * PostgreSQL Anonymizer, whose anonymize_table returns NULL for it);
	 * with privacy by default that is no news.
	 */
	if (tuplestore_tuple_count(run.tupstore) == 0 &&
		!(anon_privacy_by_default && anon_is_user_relation(relid)))
		ereport(NOTICE,
				(errmsg("table \"%s\" has no masking rule for policy \"%s\"",
						get_rel_name(relid), run.policy_name),
				 errhint("Label its columns first: SECURITY LABEL FOR %s ON COLUMN %s.<column> IS 'MASKED WITH ...'.",
						 run.policy_name, get_rel_name(relid))));
	anon_static_finish(&run);
	return (Datum) 0;
}

/*
 * anon.anonymize_column(relid regclass, column name, policy text,
 *						 fire_triggers boolean)
 */
Datum
anon_anonymize_column(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	char	   *column = NameStr(*PG_GETARG_NAME(1));
	int			policy = anon_static_policy(PG_GETARG_TEXT_PP(2));
	AnonStaticRun run;

	anon_pa_require_static_masking();
	anon_static_start(&run, fcinfo, policy);
	run.fire_triggers = PG_GETARG_BOOL(3);
	run.only_column = column;
	if (get_attnum(relid, column) == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						column, get_rel_name(relid))));
	anon_static_mask_tree(&run, relid);
	/* nothing to mask: a WARNING, as in PostgreSQL Anonymizer */
	if (tuplestore_tuple_count(run.tupstore) == 0)
		ereport(WARNING,
				(errmsg("column \"%s\" of table \"%s\" has no masking rule for policy \"%s\"",
						column, get_rel_name(relid), run.policy_name),
				 errhint("Label it first: SECURITY LABEL FOR %s ON COLUMN %s.%s IS 'MASKED WITH ...'.",
						 run.policy_name, get_rel_name(relid), quote_identifier(column))));
	anon_static_finish(&run);
	return (Datum) 0;
}

/*
 * Apply expr (SQL text, Vars by column name) to one column of relid and
 * its partitions or children, as anonymize_column does with a rule; the
 * result rows go to fcinfo's tuplestore.  For the static operations that
 * are not rules (noise).  The expression is analysed and trust-checked
 * like a rule of the default policy.
 */
void
anon_static_apply_expression(FunctionCallInfo fcinfo, Oid relid,
							 const char *column, const char *expr)
{
	AnonStaticRun run;

	anon_static_start(&run, fcinfo, anon_policy_index(ANON_DEFAULT_POLICY));
	run.only_column = column;
	run.override_expr = expr;
	anon_static_mask_tree(&run, relid);
	anon_static_finish(&run);
}

/*
 * Mask the tables of relids (each with its partitions or children) in one
 * run, as anonymize_database does in its one transaction: the foreign keys
 * between them are checked once, at the end, when both sides are masked.
 * The unit of work of an anonymize_database_parallel worker, which gives
 * the tables linked by foreign keys to one worker (static_parallel.c).
 * rows[i] and methods[i] (palloc'd) receive what table i wrote:
 * its rows, and the least method name of its report rows ("" for none).
 */
void
anon_static_mask_group(List *relids, int policy, uint64 *rows, char **methods)
{
	AnonStaticRun run;
	TupleDesc	tupdesc;
	ListCell   *lc;
	int			i = 0;

	anon_pa_require_static_masking();
	anon_require_preload("static masking");
	tupdesc = CreateTemplateTupleDesc(4);
	TupleDescInitEntry(tupdesc, (AttrNumber) 1, "table_name", REGCLASSOID, -1, 0);
	TupleDescInitEntry(tupdesc, (AttrNumber) 2, "masked_columns", NAMEARRAYOID, -1, 0);
	TupleDescInitEntry(tupdesc, (AttrNumber) 3, "rows", INT8OID, -1, 0);
	TupleDescInitEntry(tupdesc, (AttrNumber) 4, "method", TEXTOID, -1, 0);
	memset(&run, 0, sizeof(run));
	run.policy = policy;
	run.policy_name = anon_policy_name(policy);
	run.tupstore = tuplestore_begin_heap(false, false, work_mem);
	run.tupdesc = tupdesc;
	anon_progress_begin();
	foreach(lc, relids)
	{
		run.emitted_rows = 0;
		run.least_method = NULL;
		anon_static_mask_tree(&run, lfirst_oid(lc));
		rows[i] = run.emitted_rows;
		methods[i] = run.least_method ? run.least_method : pstrdup("");
		i++;
	}
	anon_static_finish(&run);
	tuplestore_end(run.tupstore);
}

/* has relid an ancestor (partition parent or inheritance parent) in rels? */
static bool
anon_static_has_ancestor_in(Oid relid, List *rels, int depth)
{
	List	   *parents;
	ListCell   *lc;

	check_stack_depth();
	parents = anon_mask_parents(relid);
	foreach(lc, parents)
	{
		if (list_member_oid(rels, lfirst_oid(lc)) ||
			anon_static_has_ancestor_in(lfirst_oid(lc), rels, depth + 1))
			return true;
	}
	return false;
}

/*
 * The tables static masking of the whole database masks for a policy, each
 * partition or inheritance tree once, at its top, by OID: the tables with a
 * column label of the policy, and with privacy by default every user table,
 * partitioned table and materialized view (not foreign tables, whose data
 * lives elsewhere, nor tables that belong to an extension).
 */
List *
anon_static_database_tables(int policy)
{
	const char *policy_name = anon_policy_name(policy);
	Relation	catalog;
	SysScanDesc scan;
	HeapTuple	tup;
	List	   *rels = NIL;
	List	   *tops = NIL;
	ListCell   *lc;

	catalog = table_open(SecLabelRelationId, AccessShareLock);
	scan = systable_beginscan(catalog, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		FormData_pg_seclabel *sl = (FormData_pg_seclabel *) GETSTRUCT(tup);
		bool		isnull;
		Datum		provider;
		Datum		label;
		AnonLabel	parsed;

		if (sl->classoid != RelationRelationId || sl->objsubid <= 0)
			continue;
		provider = heap_getattr(tup, Anum_pg_seclabel_provider,
								RelationGetDescr(catalog), &isnull);
		if (isnull || strcmp(TextDatumGetCString(provider), policy_name) != 0)
			continue;
		label = heap_getattr(tup, Anum_pg_seclabel_label,
							 RelationGetDescr(catalog), &isnull);
		if (isnull)
			continue;
		parsed = anon_label_parse(TextDatumGetCString(label));
		if (parsed.kind != ANON_LABEL_MASKED_FUNCTION &&
			parsed.kind != ANON_LABEL_MASKED_VALUE)
			continue;
		if (IsCatalogRelationOid(sl->objoid) ||
			!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(sl->objoid)))
			continue;
		rels = list_append_unique_oid(rels, sl->objoid);
	}
	systable_endscan(scan);
	table_close(catalog, AccessShareLock);

	/*
	 * And the tables with no rule of their own whose key columns take the
	 * mask of a key they reference (mask.c, fk_consistency.c): the keys
	 * hold only if both sides are rewritten in the same run.
	 */
	{
		List	   *cands = anon_rules_virtual_key_relations();

		catalog = table_open(ConstraintRelationId, AccessShareLock);
		scan = systable_beginscan(catalog, InvalidOid, false, NULL, 0, NULL);
		while (HeapTupleIsValid(tup = systable_getnext(scan)))
		{
			Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);

			if (con->contype == CONSTRAINT_FOREIGN && !OidIsValid(con->conparentid))
				cands = list_append_unique_oid(cands, con->conrelid);
		}
		systable_endscan(scan);
		table_close(catalog, AccessShareLock);
		foreach(lc, cands)
		{
			Oid			cand = lfirst_oid(lc);

			if (list_member_oid(rels, cand) || IsCatalogRelationOid(cand) ||
				!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(cand)) ||
				OidIsValid(getExtensionOfObject(RelationRelationId, cand)))
				continue;
			if (anon_mask_needs_masking(cand, policy, false))
				rels = lappend_oid(rels, cand);
		}
	}

	if (anon_privacy_by_default)
	{
		catalog = table_open(RelationRelationId, AccessShareLock);
		scan = systable_beginscan(catalog, InvalidOid, false, NULL, 0, NULL);
		while (HeapTupleIsValid(tup = systable_getnext(scan)))
		{
			Form_pg_class cls = (Form_pg_class) GETSTRUCT(tup);

			if (cls->relkind != RELKIND_RELATION &&
				cls->relkind != RELKIND_PARTITIONED_TABLE &&
				cls->relkind != RELKIND_MATVIEW)
				continue;
			if (!anon_is_user_relation(cls->oid) ||
				OidIsValid(getExtensionOfObject(RelationRelationId, cls->oid)))
				continue;
			rels = list_append_unique_oid(rels, cls->oid);
		}
		systable_endscan(scan);
		table_close(catalog, AccessShareLock);
	}

	foreach(lc, rels)
	{
		/* a Citus shard or placement is masked with its table */
		if (OidIsValid(anon_citus_shard_logical(lfirst_oid(lc))))
			continue;
		if (!anon_static_has_ancestor_in(lfirst_oid(lc), rels, 0))
			tops = lappend_oid(tops, lfirst_oid(lc));
	}
	list_sort(tops, list_oid_cmp);
	return tops;
}

/*
 * anon.anonymize_database(policy text, fire_triggers boolean): every table
 * with a masking rule of the policy (or under a parent with one), and with
 * privacy by default every user table, in this database, in one
 * transaction.
 */
Datum
anon_anonymize_database(PG_FUNCTION_ARGS)
{
	int			policy = anon_static_policy(PG_GETARG_TEXT_PP(0));
	AnonStaticRun run;
	List	   *tables;
	ListCell   *lc;

	anon_pa_require_static_masking();
	anon_static_start(&run, fcinfo, policy);
	run.fire_triggers = PG_GETARG_BOOL(1);
	tables = anon_static_database_tables(policy);
	foreach(lc, tables)
	{
		Oid			relid = lfirst_oid(lc);

		if (!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)))
			continue;
		anon_static_mask_tree(&run, relid);
	}
	anon_static_finish(&run);
	return (Datum) 0;
}
