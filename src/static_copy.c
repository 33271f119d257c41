/*-------------------------------------------------------------------------
 *
 * static_copy.c
 *		anon.create_masked_copy: copy every table of a schema into another
 *		schema with the masking rules applied, leaving the source untouched.
 *
 * For each table of the source schema (partitioned tables count as one
 * table: their partitions are read through them), the copy is made with
 * CREATE TABLE ... (LIKE ... INCLUDING ALL), which brings the columns,
 * defaults, identity and generated columns, NOT NULL and CHECK constraints,
 * indexes, storage settings and column comments, and given the source
 * table's owner (identity sequences continue after the copied values); then one INSERT ... SELECT reads the source once, with each masked
 * column replaced by its rule's expression.  Foreign keys between tables of
 * the source schema are then recreated between their copies, which checks
 * that the masked data still satisfies them.
 *
 * As for the in-place functions, the caller must own each source table (or
 * be a superuser), and the INSERT ... SELECT runs as the table's owner in a
 * security-restricted operation with search_path = pg_catalog, pg_temp, so
 * that a rule never runs with the caller's privileges.  (So each owner is
 * granted USAGE on the target schema when it lacks it.)  The expressions are
 * deparsed from the analysed, trust-checked rules.  Everything happens in
 * the caller's transaction.
 *
 * Not copied: views, functions, sequences (a serial column's default still
 * calls the source's sequence), triggers, policies and security labels.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/catalog.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"

#include "anon.h"
#include "progress.h"
#include "rules.h"
#include "static.h"

PG_FUNCTION_INFO_V1(anon_create_masked_copy);

static void
anon_copy_spi(const char *sql, int expected)
{
	int			rc;

	rc = SPI_execute(sql, false, 0);
	if (rc != expected)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
}

/* list_sort comparator for a list of C strings */
static int
anon_copy_cmp_name(const ListCell *a, const ListCell *b)
{
	return strcmp((const char *) lfirst(a), (const char *) lfirst(b));
}

/* the tables of a schema to copy, sorted by name */
static List *
anon_copy_tables(Oid nspid)
{
	Relation	classrel = table_open(RelationRelationId, AccessShareLock);
	SysScanDesc scan;
	HeapTuple	tup;
	List	   *rels = NIL;

	scan = systable_beginscan(classrel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_class c = (Form_pg_class) GETSTRUCT(tup);

		if (c->relnamespace != nspid || c->relispartition)
			continue;
		if (c->relkind != RELKIND_RELATION && c->relkind != RELKIND_PARTITIONED_TABLE)
			continue;
		rels = lappend(rels, pstrdup(NameStr(c->relname)));
	}
	systable_endscan(scan);
	table_close(classrel, AccessShareLock);
	list_sort(rels, anon_copy_cmp_name);
	return rels;
}


static const char *
anon_copy_fk_action(char action)
{
	switch (action)
	{
		case FKCONSTR_ACTION_RESTRICT:
			return "RESTRICT";
		case FKCONSTR_ACTION_CASCADE:
			return "CASCADE";
		case FKCONSTR_ACTION_SETNULL:
			return "SET NULL";
		case FKCONSTR_ACTION_SETDEFAULT:
			return "SET DEFAULT";
		default:
			return "NO ACTION";
	}
}

/*
 * Recreate, between the copies, the foreign keys of source table relid
 * that reference a table of the source schema.
 */
static void
anon_copy_fkeys(Oid relid, Oid srcnsp, const char *target)
{
	Relation	conrel = table_open(ConstraintRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	List	   *stmts = NIL;
	ListCell   *lc;

	ScanKeyInit(&key, Anum_pg_constraint_conrelid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(conrel, ConstraintRelidTypidNameIndexId, true,
							  NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);
		int			numfks;
		AttrNumber	conkey[INDEX_MAX_KEYS];
		AttrNumber	confkey[INDEX_MAX_KEYS];
		StringInfoData sql;
		int			i;

		if (con->contype != CONSTRAINT_FOREIGN || OidIsValid(con->conparentid) ||
			get_rel_namespace(con->confrelid) != srcnsp)
			continue;
		DeconstructFkConstraintRow(tup, &numfks, conkey, confkey, NULL, NULL,
								   NULL, NULL, NULL);
		initStringInfo(&sql);
		appendStringInfo(&sql, "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (",
						 quote_qualified_identifier(target, get_rel_name(relid)),
						 quote_identifier(NameStr(con->conname)));
		for (i = 0; i < numfks; i++)
			appendStringInfo(&sql, "%s%s", i > 0 ? ", " : "",
							 quote_identifier(get_attname(relid, conkey[i], false)));
		appendStringInfo(&sql, ") REFERENCES %s (",
						 quote_qualified_identifier(target, get_rel_name(con->confrelid)));
		for (i = 0; i < numfks; i++)
			appendStringInfo(&sql, "%s%s", i > 0 ? ", " : "",
							 quote_identifier(get_attname(con->confrelid, confkey[i], false)));
		appendStringInfo(&sql, ")%s ON UPDATE %s ON DELETE %s%s%s",
						 con->confmatchtype == FKCONSTR_MATCH_FULL ? " MATCH FULL" : "",
						 anon_copy_fk_action(con->confupdtype),
						 anon_copy_fk_action(con->confdeltype),
						 con->condeferrable ? " DEFERRABLE" : "",
						 con->condeferred ? " INITIALLY DEFERRED" : "");
		stmts = lappend(stmts, sql.data);
	}
	systable_endscan(scan);
	table_close(conrel, AccessShareLock);

	foreach(lc, stmts)
		anon_copy_spi((const char *) lfirst(lc), SPI_OK_UTILITY);
}

/*
 * Copy one table: structure as the caller, data as the source's owner.
 * Returns the rows copied; *t receives the masked columns.
 */
static uint64
anon_copy_table(Oid relid, const char *source, const char *target, int policy,
				AnonStaticTable **tp)
{
	Relation	rel = table_open(relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	const char *relname = RelationGetRelationName(rel);
	Oid			owner = rel->rd_rel->relowner;
	const AnonRelationRules *rules;
	AnonStaticTable *t = palloc0(sizeof(AnonStaticTable));
	List	   *dpcontext;
	StringInfoData sql;
	StringInfoData cols;
	StringInfoData exprs;
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
	MemoryContext cxt = CurrentMemoryContext;
	Relation	copyrel;
	uint64		rows = 0;
	int			i;

	/* the structure, owned like the source */
	initStringInfo(&sql);
	appendStringInfo(&sql, "CREATE TABLE %s (LIKE %s INCLUDING ALL)",
					 quote_qualified_identifier(target, relname),
					 quote_qualified_identifier(source, relname));
	anon_copy_spi(sql.data, SPI_OK_UTILITY);
	resetStringInfo(&sql);
	appendStringInfo(&sql, "ALTER TABLE %s OWNER TO %s",
					 quote_qualified_identifier(target, relname),
					 quote_identifier(GetUserNameFromId(owner, false)));
	anon_copy_spi(sql.data, SPI_OK_UTILITY);
	/* the owner writes the copy: it needs to reach the target schema */
	if (pg_namespace_aclcheck(get_namespace_oid(target, false), owner,
							  ACL_USAGE) != ACLCHECK_OK)
	{
		resetStringInfo(&sql);
		appendStringInfo(&sql, "GRANT USAGE ON SCHEMA %s TO %s",
						 quote_identifier(target),
						 quote_identifier(GetUserNameFromId(owner, false)));
		anon_copy_spi(sql.data, SPI_OK_UTILITY);
	}
	CommandCounterIncrement();

	/* the data, as the owner */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner, save_sec_context | SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);

	rules = anon_rules_get(relid, policy);
	dpcontext = deparse_context_for(relname, relid);
	t->relid = relid;
	t->cols = palloc0(sizeof(AnonStaticColumn) * desc->natts);
	initStringInfo(&cols);
	initStringInfo(&exprs);
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		const AnonColumnRule *r;
		const char *name = quote_identifier(NameStr(att->attname));

		if (att->attisdropped || att->attgenerated)
			continue;
		appendStringInfo(&cols, "%s%s", cols.len > 0 ? ", " : "", name);
		appendStringInfoString(&exprs, exprs.len > 0 ? ", " : "");
		r = anon_rules_column(rules, att->attnum);
		if (r && (r->kind == ANON_LABEL_MASKED_FUNCTION || r->kind == ANON_LABEL_MASKED_VALUE))
		{
			AnonStaticColumn *c = &t->cols[t->ncols++];

			c->attnum = att->attnum;
			c->attname = pstrdup(NameStr(att->attname));
			c->label = r->parsed;
			c->label.expr = r->parsed.expr ? pstrdup(r->parsed.expr) : NULL;
			c->expr = anon_rule_analyse(rel, att->attnum, &c->label,
										anon_policy_name(policy));
			appendStringInfoString(&exprs,
								   deparse_expression(c->expr, dpcontext, false, false));
			rules = anon_rules_get(relid, policy);	/* may have been rebuilt */
		}
		else
			appendStringInfoString(&exprs, name);
	}

	resetStringInfo(&sql);
	appendStringInfo(&sql, "INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s%s",
					 quote_qualified_identifier(target, relname), cols.data, exprs.data,
					 rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE ? "" : "ONLY ",
					 quote_qualified_identifier(source, relname));
	copyrel = table_open(get_relname_relid(relname, get_namespace_oid(target, false)),
						 NoLock);
	if (cols.len > 0)
	{
		PG_TRY();
		{
			anon_copy_spi(sql.data, SPI_OK_INSERT);
			rows = SPI_processed;
		}
		PG_CATCH();
		{
			t->relid = RelationGetRelid(copyrel);
			anon_static_rethrow(cxt, copyrel, t);
		}
		PG_END_TRY();
	}
	table_close(copyrel, NoLock);

	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);

	/* identity columns of the copy continue after the copied values */
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		char	   *qualified;

		if (att->attisdropped || !att->attidentity)
			continue;
		qualified = quote_qualified_identifier(target, relname);
		resetStringInfo(&sql);
		appendStringInfo(&sql,
						 "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(%s, %s), max(%s)) "
						 "FROM %s HAVING max(%s) IS NOT NULL",
						 quote_literal_cstr(qualified),
						 quote_literal_cstr(NameStr(att->attname)),
						 quote_identifier(NameStr(att->attname)),
						 qualified,
						 quote_identifier(NameStr(att->attname)));
		anon_copy_spi(sql.data, SPI_OK_SELECT);
	}

	table_close(rel, NoLock);
	*tp = t;
	return rows;
}

/*
 * anon.create_masked_copy(source_schema name, target_schema name,
 *						   policy text)
 */
Datum
anon_create_masked_copy(PG_FUNCTION_ARGS)
{
	char	   *source = NameStr(*PG_GETARG_NAME(0));
	char	   *target = NameStr(*PG_GETARG_NAME(1));
	char	   *policy_name = text_to_cstring(PG_GETARG_TEXT_PP(2));
	int			policy = anon_policy_index(policy_name);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			srcnsp;
	List	   *tables;
	List	   *relids = NIL;
	ListCell   *lc;
	StringInfoData sql;

	anon_require_preload("create_masked_copy");
	if (policy < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("masking policy \"%s\" does not exist", policy_name),
				 errhint("The policies are \"anon\" and those listed in anon.masking_policies.")));
	srcnsp = get_namespace_oid(source, false);
	if (strcmp(source, target) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the target schema of a masked copy must differ from its source schema")));
	if (isAnyTempNamespace(srcnsp) || IsCatalogNamespace(srcnsp) || IsToastNamespace(srcnsp) ||
		strcmp(source, "anon") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot make a masked copy of schema \"%s\"", source)));

	/* every table must be the caller's before anything is created */
	tables = anon_copy_tables(srcnsp);
	foreach(lc, tables)
	{
		Oid			relid = get_relname_relid((const char *) lfirst(lc), srcnsp);

		if (!pg_class_ownercheck(relid, GetUserId()))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("must be owner of table %s to make a masked copy of it",
							(const char *) lfirst(lc)),
					 errhint("Run create_masked_copy as the owner of every table of the schema or as a superuser.")));
	}

	InitMaterializedSRF(fcinfo, 0);
	anon_progress_begin();
	anon_progress_add_tables(list_length(tables));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	initStringInfo(&sql);
	appendStringInfo(&sql, "CREATE SCHEMA IF NOT EXISTS %s", quote_identifier(target));
	anon_copy_spi(sql.data, SPI_OK_UTILITY);
	CommandCounterIncrement();

	foreach(lc, tables)
	{
		const char *relname = (const char *) lfirst(lc);
		Oid			relid = get_relname_relid(relname, srcnsp);
		AnonStaticTable *t;
		uint64		rows;
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};
		Datum	   *names;
		int			i;

		anon_progress_table(relid, ANON_METHOD_COPY, 0);
		rows = anon_copy_table(relid, source, target, policy, &t);
		anon_progress_scan(0, rows);
		anon_progress_table_done();
		CommandCounterIncrement();
		relids = lappend_oid(relids, relid);

		names = palloc(sizeof(Datum) * (t->ncols + 1));
		for (i = 0; i < t->ncols; i++)
			names[i] = CStringGetDatum(t->cols[i].attname);
		values[0] = ObjectIdGetDatum(get_relname_relid(relname, get_namespace_oid(target, false)));
		values[1] = PointerGetDatum(construct_array(names, t->ncols, NAMEOID,
													NAMEDATALEN, false, TYPALIGN_CHAR));
		values[2] = Int64GetDatum((int64) rows);
		values[3] = CStringGetTextDatum("copy");
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}

	foreach(lc, relids)
		anon_copy_fkeys(lfirst_oid(lc), srcnsp, target);

	SPI_finish();
	anon_progress_end();
	return (Datum) 0;
}
