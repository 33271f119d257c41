/*-------------------------------------------------------------------------
 *
 * static_copy.c
 *		anon.create_masked_copy: copy every table of a schema into another
 *		schema with the masking rules applied, leaving the source untouched.
 *
 * For each table of the source schema (partitioned tables count as one
 * table: their partitions are read through them), the copy is made with
 * CREATE TABLE ... (LIKE ... INCLUDING ALL EXCLUDING INDEXES), which brings
 * the columns, defaults, identity and generated columns, NOT NULL and CHECK
 * constraints, storage settings and column comments, and given the source
 * table's owner; then one INSERT ... SELECT reads the source once, with each
 * masked column replaced by its rule's expression; then the indexes (and
 * the primary key, unique and exclusion constraints they back) are built as
 * LIKE would have made them, once the data is in.  Foreign keys between tables of
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
 * Everything the caller runs (the DDL, the catalog queries, the foreign
 * keys) runs with search_path = pg_catalog, pg_temp and names operators and
 * functions with their schema: the caller is often a superuser, and an
 * owner's operator or function must never take the place of a built-in one
 * in a statement built here (test/t/070_escalation.pl).
 *
 * Then, as the caller: the sequences owned by the copied columns (serial
 * columns; copies with the same parameters and current values, which the
 * copied columns' defaults use), the current values of identity columns,
 * the tables' comments, and the views and materialized views of the source
 * schema, recreated on the copies in dependency order (a materialized view
 * is refreshed as its owner, from masked data).
 *
 * Not copied: functions, types, sequences not owned by a copied column,
 * triggers, rules, row security policies, grants, security labels, and
 * objects of other schemas.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/attmap.h"
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/transam.h"
#include "access/xact.h"
#include "catalog/catalog.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "commands/comment.h"
#include "commands/defrem.h"
#include "executor/spi.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "parser/parse_collate.h"
#include "parser/parse_expr.h"
#include "parser/parse_node.h"
#include "parser/parse_relation.h"
#include "parser/parse_utilcmd.h"
#include "parser/parser.h"
#include "parser/scansup.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "fk_consistency.h"
#include "mask.h"
#include "owner_guard.h"
#include "progress.h"
#include "rules.h"
#include "static.h"
#include "subset.h"
#include "trust.h"

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
		/* a Citus shard or placement is copied with its table */
		if (OidIsValid(anon_citus_shard_logical(c->oid)))
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

/* a foreign key of a source table that references a table of the schema */
typedef AnonForeignKey AnonCopyFkey;

/*
 * The foreign keys of source table relid that reference a table of srcnsp:
 * the declared ones, and with with_virtual the virtual ones of its labels
 * (fk_consistency.c), which subsets follow and masks must keep, but which
 * are not recreated in the copy.
 */
static List *
anon_copy_fkey_list(Oid relid, Oid srcnsp, bool with_virtual)
{
	List	   *fkeys = NIL;
	ListCell   *lc;

	foreach(lc, anon_fk_referencing(relid, false, with_virtual))
	{
		AnonForeignKey *fk = (AnonForeignKey *) lfirst(lc);

		if (get_rel_namespace(fk->confrelid) != srcnsp)
			continue;
		/* the caller recreates it and compares its keys: no owner's cast */
		anon_fk_refuse_key_casts(fk, "create_masked_copy");
		fkeys = lappend(fkeys, fk);
	}
	return fkeys;
}

/* ", "-separated quoted names of columns keys[0..n-1] of relid, prefixed */
static void
anon_copy_append_columns(StringInfo buf, Oid relid, const AttrNumber *keys,
						 int n, const char *prefix)
{
	int			i;

	for (i = 0; i < n; i++)
		appendStringInfo(buf, "%s%s%s", i > 0 ? ", " : "", prefix,
						 quote_identifier(get_attname(relid, keys[i], false)));
}

/*
 * Recreate, between the copies, the foreign keys of source table relid
 * that reference a table of the source schema.
 */
static void
anon_copy_fkeys(Oid relid, Oid srcnsp, const char *target)
{
	ListCell   *lc;

	foreach(lc, anon_copy_fkey_list(relid, srcnsp, false))
	{
		AnonCopyFkey *fk = (AnonCopyFkey *) lfirst(lc);
		StringInfoData sql;

		initStringInfo(&sql);
		appendStringInfo(&sql, "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (",
						 quote_qualified_identifier(target, get_rel_name(relid)),
						 quote_identifier(fk->conname));
		anon_copy_append_columns(&sql, relid, fk->conkey, fk->numfks, "");
		appendStringInfo(&sql, ") REFERENCES %s (",
						 quote_qualified_identifier(target, get_rel_name(fk->confrelid)));
		anon_copy_append_columns(&sql, fk->confrelid, fk->confkey, fk->numfks, "");
		appendStringInfo(&sql, ")%s ON UPDATE %s ON DELETE %s%s%s",
						 fk->matchtype == FKCONSTR_MATCH_FULL ? " MATCH FULL" : "",
						 anon_copy_fk_action(fk->updtype),
						 anon_copy_fk_action(fk->deltype),
						 fk->deferrable ? " DEFERRABLE" : "",
						 fk->deferred ? " INITIALLY DEFERRED" : "");
		anon_copy_spi(sql.data, SPI_OK_UTILITY);
	}
}

/* ---- Sequences, comments and views of the copy ---- */

/* let role (a name) reach the target schema: the copies' owners work in it */
static void
anon_copy_grant_usage(const char *target, const char *role)
{
	StringInfoData sql;

	if (pg_namespace_aclcheck(get_namespace_oid(target, false),
							  get_role_oid(role, false), ACL_USAGE) == ACLCHECK_OK)
		return;
	initStringInfo(&sql);
	appendStringInfo(&sql, "GRANT USAGE ON SCHEMA %s TO %s",
					 quote_identifier(target), quote_identifier(role));
	anon_copy_spi(sql.data, SPI_OK_UTILITY);
	CommandCounterIncrement();
}

/*
 * Give sequence tgtseq (regclass text) the state of srcseq: the next
 * nextval() of the copy returns what the source's would.
 */
static void
anon_copy_seq_state(const char *srcseq, const char *tgtseq)
{
	StringInfoData sql;

	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT pg_catalog.setval(%s::pg_catalog.regclass, "
					 "coalesce(pg_catalog.pg_sequence_last_value(s.seqrelid), s.seqstart), "
					 "pg_catalog.pg_sequence_last_value(s.seqrelid) IS NOT NULL) "
					 "FROM pg_catalog.pg_sequence s "
					 "WHERE s.seqrelid OPERATOR(pg_catalog.=) %s::pg_catalog.regclass::pg_catalog.oid",
					 quote_literal_cstr(tgtseq), quote_literal_cstr(srcseq));
	anon_copy_spi(sql.data, SPI_OK_SELECT);
}

/*
 * The sequences owned by columns of source table relid (serial columns):
 * each gets a copy in the target schema, with the same parameters and
 * current value, owned by the copied column, which takes it as its
 * default where the source's default is a plain nextval() of it.  The
 * identity columns' sequences (made by LIKE ... INCLUDING IDENTITY) take
 * the source's current values too.
 */
static void
anon_copy_sequences(Oid relid, const char *target)
{
	char	   *relname = get_rel_name(relid);
	char	   *qualified = quote_qualified_identifier(target, relname);
	StringInfoData sql;
	List	   *stmts = NIL;
	List	   *states = NIL;
	ListCell   *lc;
	uint64		i;

	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT s.oid::pg_catalog.regclass::pg_catalog.text, s.relname, a.attname, "
					 "pg_catalog.format_type(q.seqtypid, NULL), q.seqincrement, q.seqmin, q.seqmax, "
					 "q.seqstart, q.seqcache, q.seqcycle, pg_catalog.pg_get_userbyid(c.relowner), "
					 "pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) OPERATOR(pg_catalog.=) "
					 "  pg_catalog.format('nextval(%%L::regclass)', s.oid::pg_catalog.regclass::pg_catalog.text), "
					 "a.attidentity OPERATOR(pg_catalog.<>) ''::pg_catalog.\"char\" "
					 "FROM pg_catalog.pg_depend d "
					 "JOIN pg_catalog.pg_class s ON s.oid OPERATOR(pg_catalog.=) d.objid "
					 "AND s.relkind OPERATOR(pg_catalog.=) 'S'::pg_catalog.\"char\" "
					 "JOIN pg_catalog.pg_sequence q ON q.seqrelid OPERATOR(pg_catalog.=) s.oid "
					 "JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) d.refobjid "
					 "JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) d.refobjid "
					 "AND a.attnum OPERATOR(pg_catalog.=) d.refobjsubid "
					 "LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid OPERATOR(pg_catalog.=) a.attrelid "
					 "AND ad.adnum OPERATOR(pg_catalog.=) a.attnum "
					 "WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
					 "AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
					 "AND d.refobjid OPERATOR(pg_catalog.=) %u::pg_catalog.oid "
					 "AND d.deptype OPERATOR(pg_catalog.=) ANY ('{a,i}'::pg_catalog.\"char\"[]) "
					 "AND NOT a.attisdropped "
					 "ORDER BY a.attnum",
					 relid);
	anon_copy_spi(sql.data, SPI_OK_SELECT);
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *srcseq = SPI_getvalue(tup, desc, 1);
		char	   *seqname = SPI_getvalue(tup, desc, 2);
		char	   *attname = SPI_getvalue(tup, desc, 3);
		char	   *isdefault = SPI_getvalue(tup, desc, 12);
		bool		identity = strcmp(SPI_getvalue(tup, desc, 13), "t") == 0;
		char	   *tgtseq;

		if (identity)
		{
			/* LIKE made it; find its name once the statements above ran */
			resetStringInfo(&sql);
			appendStringInfo(&sql, "SELECT pg_catalog.pg_get_serial_sequence(%s, %s)",
							 quote_literal_cstr(qualified), quote_literal_cstr(attname));
			states = lappend(states, list_make2(pstrdup(srcseq), pstrdup(sql.data)));
			continue;
		}
		tgtseq = quote_qualified_identifier(target, seqname);
		resetStringInfo(&sql);
		appendStringInfo(&sql,
						 "CREATE SEQUENCE %s AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s "
						 "START WITH %s CACHE %s %s",
						 tgtseq, SPI_getvalue(tup, desc, 4), SPI_getvalue(tup, desc, 5),
						 SPI_getvalue(tup, desc, 6), SPI_getvalue(tup, desc, 7),
						 SPI_getvalue(tup, desc, 8), SPI_getvalue(tup, desc, 9),
						 strcmp(SPI_getvalue(tup, desc, 10), "t") == 0 ? "CYCLE" : "NO CYCLE");
		stmts = lappend(stmts, pstrdup(sql.data));
		resetStringInfo(&sql);
		appendStringInfo(&sql, "ALTER SEQUENCE %s OWNER TO %s", tgtseq,
						 quote_identifier(SPI_getvalue(tup, desc, 11)));
		stmts = lappend(stmts, pstrdup(sql.data));
		resetStringInfo(&sql);
		appendStringInfo(&sql, "ALTER SEQUENCE %s OWNED BY %s.%s", tgtseq, qualified,
						 quote_identifier(attname));
		stmts = lappend(stmts, pstrdup(sql.data));
		if (isdefault && strcmp(isdefault, "t") == 0)
		{
			resetStringInfo(&sql);
			appendStringInfo(&sql,
							 "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT pg_catalog.nextval(%s::pg_catalog.regclass)",
							 qualified, quote_identifier(attname), quote_literal_cstr(tgtseq));
			stmts = lappend(stmts, pstrdup(sql.data));
		}
		resetStringInfo(&sql);
		appendStringInfo(&sql, "SELECT %s", quote_literal_cstr(tgtseq));
		states = lappend(states, list_make2(pstrdup(srcseq), pstrdup(sql.data)));
	}

	foreach(lc, stmts)
	{
		anon_copy_spi((const char *) lfirst(lc), SPI_OK_UTILITY);
		CommandCounterIncrement();
	}
	foreach(lc, states)
	{
		List	   *pair = (List *) lfirst(lc);
		char	   *tgtseq;

		/* the second item is a query that names the copy's sequence */
		anon_copy_spi((const char *) lsecond(pair), SPI_OK_SELECT);
		if (SPI_processed != 1 ||
			(tgtseq = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1)) == NULL)
			continue;
		anon_copy_seq_state((const char *) linitial(pair), pstrdup(tgtseq));
	}
}

/*
 * COMMENT ON <kind> target.name (and its columns when columns is true)
 * as on source relation relid.  (LIKE ... INCLUDING COMMENTS copies those
 * of a table's columns, constraints and indexes, not the table's own.)
 */
static void
anon_copy_comments(Oid relid, const char *kind, const char *qualified, bool columns)
{
	StringInfoData sql;
	List	   *stmts = NIL;
	ListCell   *lc;
	uint64		i;

	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT d.objsubid, a.attname, d.description FROM pg_catalog.pg_description d "
					 "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) d.objoid "
					 "AND a.attnum OPERATOR(pg_catalog.=) d.objsubid "
					 "WHERE d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
					 "AND d.objoid OPERATOR(pg_catalog.=) %u::pg_catalog.oid "
					 "AND (d.objsubid OPERATOR(pg_catalog.=) 0 OR %s) ORDER BY d.objsubid",
					 relid, columns ? "true" : "false");
	anon_copy_spi(sql.data, SPI_OK_SELECT);
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *subid = SPI_getvalue(tup, desc, 1);
		char	   *comment = SPI_getvalue(tup, desc, 3);

		resetStringInfo(&sql);
		if (strcmp(subid, "0") == 0)
			appendStringInfo(&sql, "COMMENT ON %s %s IS %s", kind, qualified,
							 quote_literal_cstr(comment));
		else
			appendStringInfo(&sql, "COMMENT ON COLUMN %s.%s IS %s", qualified,
							 quote_identifier(SPI_getvalue(tup, desc, 2)),
							 quote_literal_cstr(comment));
		stmts = lappend(stmts, pstrdup(sql.data));
	}
	foreach(lc, stmts)
		anon_copy_spi((const char *) lfirst(lc), SPI_OK_UTILITY);
}

/*
 * A target schema that exists must be one in which only the caller and
 * superusers can create or drop objects: its owner may drop any copy in
 * it, and whoever may create there could put a relation of its own in a
 * copy's place (the owner of a source table, while its copy is filled as
 * that owner), which the views of the copy would then read, and REFRESH
 * run, as their owners.
 */
static void
anon_copy_check_target(const char *target)
{
	Oid			nsp = get_namespace_oid(target, true);
	HeapTuple	tup;
	Oid			owner;
	Datum		aclDatum;
	bool		isnull;
	Oid			other = InvalidOid;
	bool		refuse = false;

	if (!OidIsValid(nsp))
		return;
	tup = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(nsp));
	if (!HeapTupleIsValid(tup))
		return;
	owner = ((Form_pg_namespace) GETSTRUCT(tup))->nspowner;
	aclDatum = SysCacheGetAttr(NAMESPACEOID, tup, Anum_pg_namespace_nspacl, &isnull);
	if (!superuser_arg(owner) && owner != GetUserId() &&
		!is_member_of_role_nosuper(GetUserId(), owner))
	{
		other = owner;
		refuse = true;
	}
	else if (!isnull)
	{
		Acl		   *acl = DatumGetAclPCopy(aclDatum);
		AclItem    *items = ACL_DAT(acl);
		int			i;

		for (i = 0; i < ACL_NUM(acl) && !refuse; i++)
		{
			Oid			grantee = items[i].ai_grantee;

			if (!(ACLITEM_GET_PRIVS(items[i]) & ACL_CREATE) || grantee == owner)
				continue;
			if (grantee == ACL_ID_PUBLIC ||
				(!superuser_arg(grantee) && grantee != GetUserId() &&
				 !is_member_of_role_nosuper(GetUserId(), grantee)))
			{
				other = grantee;
				refuse = true;
			}
		}
	}
	ReleaseSysCache(tup);
	if (refuse)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("role \"%s\" can create or drop objects in schema \"%s\", the target of the masked copy",
						other == ACL_ID_PUBLIC ? "public" : GetUserNameFromId(other, false), target),
				 errdetail("It could put objects of its own in the place of the copies, which the copy's views would then use as their owners."),
				 errhint("Name a new schema (create_masked_copy creates it), or one in which only you or superusers can create objects.")));
}

/*
 * ERROR if the view just made in the target schema (names[i]) uses an
 * object of the target schema that this copy did not make.  Its text is
 * parsed again with the target schema before the source schema on the
 * path: in a target schema that existed before, a function (or operator,
 * type, relation) of another role named like one of the source schema,
 * or more exactly typed than pg_catalog's, took the place of the one the
 * view meant, and REFRESH ran it as the view's owner (a superuser's
 * materialized view ran it as the superuser; sql/25_owner_attacks_s8.sql).
 * Made by the copy: the copies of the tables, their row types and owned
 * sequences, and the views made before (done).
 */
static void
anon_copy_check_view_names(Oid srcnsp, const char *target, char **names,
						   const bool *done, int n, int i)
{
	Oid			tgtnsp = get_namespace_oid(target, false);
	StringInfoData made;
	StringInfoData sql;
	ListCell   *lc;
	int			j;

	initStringInfo(&made);
	foreach(lc, anon_copy_tables(srcnsp))
	{
		Oid			relid = get_relname_relid((const char *) lfirst(lc), tgtnsp);

		if (OidIsValid(relid))
			appendStringInfo(&made, "%s%u", made.len > 0 ? "," : "", relid);
	}
	for (j = 0; j < n; j++)
	{
		Oid			relid = done[j] ? get_relname_relid(names[j], tgtnsp) : InvalidOid;

		if (OidIsValid(relid))
			appendStringInfo(&made, "%s%u", made.len > 0 ? "," : "", relid);
	}
	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "WITH made(oid) AS (SELECT pg_catalog.unnest('{%s}'::pg_catalog.oid[]) "
					 "UNION SELECT s.objid FROM pg_catalog.pg_depend s "
					 "WHERE s.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
					 "AND s.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
					 "AND s.refobjid OPERATOR(pg_catalog.=) ANY ('{%s}'::pg_catalog.oid[]) "
					 "AND s.deptype OPERATOR(pg_catalog.=) 'a'::pg_catalog.\"char\") "
					 "SELECT i.type, i.identity FROM pg_catalog.pg_depend d "
					 "JOIN pg_catalog.pg_rewrite r "
					 "ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass "
					 "AND d.objid OPERATOR(pg_catalog.=) r.oid "
					 "CROSS JOIN LATERAL pg_catalog.pg_identify_object(d.refclassid, d.refobjid, 0) i "
					 "WHERE r.ev_class OPERATOR(pg_catalog.=) %u::pg_catalog.oid "
					 "AND d.refobjid OPERATOR(pg_catalog.<>) r.ev_class "
					 "AND i.schema OPERATOR(pg_catalog.=) %s "
					 "AND NOT (d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
					 "AND d.refobjid OPERATOR(pg_catalog.=) ANY (SELECT oid FROM made)) "
					 "AND NOT (d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass "
					 "AND EXISTS (SELECT FROM pg_catalog.pg_type t WHERE t.oid OPERATOR(pg_catalog.=) d.refobjid "
					 "AND t.typrelid OPERATOR(pg_catalog.=) ANY (SELECT oid FROM made))) "
					 "ORDER BY 1, 2 LIMIT 1",
					 made.data, made.data, get_relname_relid(names[i], tgtnsp),
					 quote_literal_cstr(target));
	anon_copy_spi(sql.data, SPI_OK_SELECT);
	if (SPI_processed > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("view \"%s\" of the masked copy would use %s %s of schema \"%s\", which the copy did not make",
						names[i], SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1),
						SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2), target),
				 errdetail("A view is made again from its text with the target schema first on the path, so an object there named like one of the source schema takes the place of the one the view uses."),
				 errhint("Make the copy in a new schema, or drop that object.")));
}

/*
 * Recreate the views and materialized views of the source schema in the
 * target schema, on the copies: each definition is deparsed with
 * search_path = source (so the source schema's names come out
 * unqualified) and created with search_path = pg_catalog, target, source,
 * pg_temp, so they name the copies (and the source schema's functions and
 * types).  Only parse analysis happens under that path: no SQL of ours
 * runs with the source schema on it, and CREATE VIEW evaluates nothing.
 * Views are created in dependency order, owned like the source's, with
 * the same options; a materialized view is created empty, given its owner,
 * then refreshed, so its query runs as its owner (REFRESH does that, in a
 * security-restricted operation), on masked data.
 * Returns the number of views made.
 */
static int
anon_copy_views(Oid srcnsp, const char *source, const char *target)
{
	StringInfoData sql;
	StringInfoData path;
	int			save_nestlevel;
	int			n;
	int			i;
	Oid		   *oids;
	char	  **names;
	char	  **defs;
	char	  **opts;
	char	  **owners;
	bool	   *matview;
	bool	   *done;
	int			ndone = 0;
	uint64		k;

	initStringInfo(&sql);
	initStringInfo(&path);

	/*
	 * The views, found under the fixed search_path of the whole call; each
	 * definition is then deparsed (by calling pg_get_viewdef directly: no
	 * SQL runs meanwhile) with the source schema on the path, so that its
	 * own names come out unqualified.
	 */
	appendStringInfo(&sql,
					 "SELECT c.oid, c.relname, "
					 "pg_catalog.array_to_string(c.reloptions, ', '), "
					 "pg_catalog.pg_get_userbyid(c.relowner), "
					 "c.relkind OPERATOR(pg_catalog.=) 'm'::pg_catalog.\"char\" "
					 "FROM pg_catalog.pg_class c "
					 "WHERE c.relnamespace OPERATOR(pg_catalog.=) %u::pg_catalog.oid "
					 "AND c.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[]) "
					 "ORDER BY c.oid",
					 srcnsp);
	anon_copy_spi(sql.data, SPI_OK_SELECT);
	n = (int) SPI_processed;
	oids = palloc(sizeof(Oid) * (n + 1));
	names = palloc(sizeof(char *) * (n + 1));
	defs = palloc(sizeof(char *) * (n + 1));
	opts = palloc(sizeof(char *) * (n + 1));
	owners = palloc(sizeof(char *) * (n + 1));
	matview = palloc0(sizeof(bool) * (n + 1));
	done = palloc0(sizeof(bool) * (n + 1));
	for (i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;

		oids[i] = DatumGetObjectId(SPI_getbinval(tup, desc, 1, &isnull));
		names[i] = pstrdup(SPI_getvalue(tup, desc, 2));
		opts[i] = SPI_getvalue(tup, desc, 3) ? pstrdup(SPI_getvalue(tup, desc, 3)) : NULL;
		owners[i] = pstrdup(SPI_getvalue(tup, desc, 4));
		matview[i] = strcmp(SPI_getvalue(tup, desc, 5), "t") == 0;
	}
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", quote_identifier(source),
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	for (i = 0; i < n; i++)
	{
		defs[i] = TextDatumGetCString(DirectFunctionCall1(pg_get_viewdef,
														  ObjectIdGetDatum(oids[i])));
		/* without its final semicolon */
		while (strlen(defs[i]) > 0 &&
			   (defs[i][strlen(defs[i]) - 1] == ';' || isspace((unsigned char) defs[i][strlen(defs[i]) - 1])))
			defs[i][strlen(defs[i]) - 1] = '\0';
	}
	AtEOXact_GUC(true, save_nestlevel);

	/* each pass creates the views whose source-schema views all exist */
	appendStringInfo(&path, "pg_catalog, %s, %s, pg_temp",
					 quote_identifier(target), quote_identifier(source));
	while (ndone < n)
	{
		int			made = 0;

		for (i = 0; i < n; i++)
		{
			char	   *qualified;
			bool		ready;

			if (done[i])
				continue;
			resetStringInfo(&sql);
			appendStringInfo(&sql,
							 "SELECT d.refobjid FROM pg_catalog.pg_rewrite r "
							 "JOIN pg_catalog.pg_depend d "
							 "ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass "
							 "AND d.objid OPERATOR(pg_catalog.=) r.oid "
							 "AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
							 "JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) d.refobjid "
							 "WHERE r.ev_class OPERATOR(pg_catalog.=) %u::pg_catalog.oid "
							 "AND d.refobjid OPERATOR(pg_catalog.<>) %u::pg_catalog.oid "
							 "AND c.relnamespace OPERATOR(pg_catalog.=) %u::pg_catalog.oid "
							 "AND c.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[])",
							 oids[i], oids[i], srcnsp);
			anon_copy_spi(sql.data, SPI_OK_SELECT);
			ready = true;
			for (k = 0; k < SPI_processed && ready; k++)
			{
				bool		isnull;
				Oid			dep = DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[k],
																 SPI_tuptable->tupdesc, 1, &isnull));
				int			j;

				for (j = 0; j < n; j++)
					if (oids[j] == dep && !done[j])
						ready = false;
			}
			if (!ready)
				continue;

			qualified = quote_qualified_identifier(target, names[i]);
			save_nestlevel = NewGUCNestLevel();
			(void) set_config_option("search_path", path.data,
									 PGC_USERSET, PGC_S_SESSION,
									 GUC_ACTION_SAVE, true, 0, false);
			resetStringInfo(&sql);
			appendStringInfo(&sql, "CREATE %s %s%s%s%s AS %s%s",
							 matview[i] ? "MATERIALIZED VIEW" : "VIEW", qualified,
							 opts[i] ? " WITH (" : "", opts[i] ? opts[i] : "",
							 opts[i] ? ")" : "",
							 defs[i], matview[i] ? " WITH NO DATA" : "");
			anon_copy_spi(sql.data, SPI_OK_UTILITY);
			AtEOXact_GUC(true, save_nestlevel);
			CommandCounterIncrement();
			anon_copy_check_view_names(srcnsp, target, names, done, n, i);
			resetStringInfo(&sql);
			appendStringInfo(&sql, "ALTER %s %s OWNER TO %s",
							 matview[i] ? "MATERIALIZED VIEW" : "VIEW", qualified,
							 quote_identifier(owners[i]));
			anon_copy_spi(sql.data, SPI_OK_UTILITY);
			anon_copy_grant_usage(target, owners[i]);
			CommandCounterIncrement();
			if (matview[i])
			{
				resetStringInfo(&sql);
				appendStringInfo(&sql, "REFRESH MATERIALIZED VIEW %s", qualified);
				anon_copy_spi(sql.data, SPI_OK_UTILITY);
			}
			anon_copy_comments(oids[i], matview[i] ? "MATERIALIZED VIEW" : "VIEW",
							   qualified, true);
			CommandCounterIncrement();
			done[i] = true;
			ndone++;
			made++;
		}
		/* views cannot depend on each other in a cycle */
		if (made == 0)
			elog(ERROR, "could not order the views of schema \"%s\"", source);
	}
	return n;
}

/*
 * " TABLESAMPLE method (args) REPEATABLE (seed)" for an analysed sampling
 * clause (anon_tablesample_analyse always sets the seed: the label's
 * constant, else anon.sample_seed(), drawn from the CSPRNG).
 */
static char *
anon_copy_tablesample(TableSampleClause *tsc, List *dpcontext)
{
	StringInfoData buf;
	ListCell   *lc;

	initStringInfo(&buf);
	appendStringInfo(&buf, " TABLESAMPLE %s (",
					 quote_qualified_identifier(get_namespace_name(get_func_namespace(tsc->tsmhandler)),
												get_func_name(tsc->tsmhandler)));
	foreach(lc, tsc->args)
		appendStringInfo(&buf, "%s%s", foreach_current_index(lc) > 0 ? ", " : "",
						 deparse_expression(lfirst(lc), dpcontext, false, false));
	appendStringInfoChar(&buf, ')');
	if (tsc->repeatable != NULL)
		appendStringInfo(&buf, " REPEATABLE (%s)",
						 deparse_expression((Node *) tsc->repeatable, dpcontext, false, false));
	return buf.data;
}

/* is column attnum of source table relid masked in its copy? */
static bool
anon_copy_column_masked(List *relids, List *masks, Oid relid, AttrNumber attnum)
{
	const AnonStaticTable *t = NULL;
	ListCell   *lc;
	int			i;

	foreach(lc, relids)
	{
		if (lfirst_oid(lc) == relid)
		{
			t = (const AnonStaticTable *) list_nth(masks, foreach_current_index(lc));
			break;
		}
	}
	if (t == NULL)
		return false;
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].attnum == attnum)
			return true;
	return false;
}

/* are the key columns of a foreign key masked on both sides or on neither? */
static bool
anon_copy_keys_alike(List *relids, List *masks, Oid relid, const AttrNumber *conkey,
					 Oid confrelid, const AttrNumber *confkey, int numfks)
{
	int			i;

	for (i = 0; i < numfks; i++)
		if (anon_copy_column_masked(relids, masks, relid, conkey[i]) !=
			anon_copy_column_masked(relids, masks, confrelid, confkey[i]))
			return false;
	return true;
}

/*
 * ERROR unless copy target.relname is still the plain table this file made:
 * no trigger, no rule.  The caller (often a superuser) is about to delete
 * rows of it, and the copy's owner, whose code ran while the copies were
 * filled (rules, index expressions, in a security-restricted operation,
 * which does not forbid DDL on its own tables), could have added a trigger
 * or a rule that would then run with the caller's rights.  Nothing else
 * can have: the copies are not visible outside this transaction yet.
 */
static void
anon_copy_check_untouched(const char *target, const char *relname)
{
	Oid			relid = get_relname_relid(relname, get_namespace_oid(target, false));
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Form_pg_class c;
	bool		ok;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	c = (Form_pg_class) GETSTRUCT(tup);
	/* an inheritance child (of the owner's, with triggers) is deleted from too */
	ok = c->relkind == RELKIND_RELATION && !c->relhastriggers && !c->relhasrules &&
		!c->relhassubclass;
	ReleaseSysCache(tup);
	/* and the planner runs the code of its indexes and constraints */
	if (ok)
		anon_owner_check_planned(relid, "the pruning of a sampled masked copy");
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("table \"%s\" of the masked copy was changed while it was filled", relname),
				 errdetail("It has a trigger or a rule, which create_masked_copy does not make: code of the table's owner made it."),
				 errhint("Find which masking rule, index expression or constraint of the source table changes other tables.")));
}

/*
 * After sampling, a row of a copy may reference a row its referenced table
 * did not sample: such rows are left out (their own referencing rows
 * after them), so that the foreign keys hold in the copy as in the source.
 * Only foreign keys whose referenced table was sampled, or lost rows this
 * way, are considered, and only where the key columns are masked on both
 * sides or on neither: a key masked on one side only is broken by its rule,
 * not by sampling, and fails when the foreign key is recreated.  relids are
 * the copied source tables, masks their AnonStaticTable (same order);
 * sampled those whose copy was sampled; rows[i] (rows of the copy of the
 * i-th table) is lowered by the rows left out.
 */
static void
anon_copy_prune_orphans(List *relids, List *masks, List *sampled, Oid srcnsp,
						const char *target, uint64 *rows)
{
	List	   *reduced = list_copy(sampled);
	bool		changed = reduced != NIL;

	while (changed)
	{
		ListCell   *lc;

		changed = false;
		foreach(lc, relids)
		{
			Oid			relid = lfirst_oid(lc);
			List	   *stmts = NIL;
			ListCell   *lc2;

			foreach(lc2, anon_copy_fkey_list(relid, srcnsp, false))
			{
				AnonCopyFkey *fk = (AnonCopyFkey *) lfirst(lc2);
				StringInfoData sql;
				int			i;

				if (!list_member_oid(reduced, fk->confrelid) ||
					!anon_copy_keys_alike(relids, masks, relid, fk->conkey,
										  fk->confrelid, fk->confkey, fk->numfks))
					continue;
				/* MATCH SIMPLE: a key with a NULL references nothing */
				initStringInfo(&sql);
				appendStringInfo(&sql, "DELETE FROM ONLY %s c WHERE ",
								 quote_qualified_identifier(target, get_rel_name(relid)));
				for (i = 0; i < fk->numfks; i++)
					appendStringInfo(&sql, "c.%s IS NOT NULL AND ",
									 quote_identifier(get_attname(relid, fk->conkey[i], false)));
				appendStringInfo(&sql, "NOT EXISTS (SELECT FROM ONLY %s p WHERE ",
								 quote_qualified_identifier(target, get_rel_name(fk->confrelid)));
				for (i = 0; i < fk->numfks; i++)
					appendStringInfo(&sql, "%sp.%s OPERATOR(pg_catalog.=) c.%s",
									 i > 0 ? " AND " : "",
									 quote_identifier(get_attname(fk->confrelid, fk->confkey[i], false)),
									 quote_identifier(get_attname(relid, fk->conkey[i], false)));
				appendStringInfoChar(&sql, ')');
				stmts = lappend(stmts, sql.data);
			}

			if (stmts != NIL)
			{
				/* the caller deletes: nothing of the owner's may fire */
				anon_copy_check_untouched(target, get_rel_name(relid));
				foreach(lc2, anon_copy_fkey_list(relid, srcnsp, false))
					anon_copy_check_untouched(target,
											  get_rel_name(((AnonCopyFkey *) lfirst(lc2))->confrelid));
			}
			foreach(lc2, stmts)
			{
				anon_copy_spi((const char *) lfirst(lc2), SPI_OK_DELETE);
				if (SPI_processed > 0)
				{
					rows[foreach_current_index(lc)] -= SPI_processed;
					ereport(NOTICE,
							(errmsg("masked copy of \"%s\": " UINT64_FORMAT " sampled rows left out",
									get_rel_name(relid), (uint64) SPI_processed),
							 errdetail("The rows they reference were not in the sample of the referenced table.")));
					if (!list_member_oid(reduced, relid))
						reduced = lappend_oid(reduced, relid);
					changed = true;
				}
			}
			CommandCounterIncrement();
		}
	}
}

/*
 * Build the indexes of a copy after its load, as CREATE TABLE ... (LIKE ...
 * INCLUDING ALL) would have made them before it: the same definitions and
 * constraints, their names chosen the same way, their comments.  As the
 * caller, as LIKE does; each build runs as the copy's owner in a
 * security-restricted operation (index_build), so an expression index calls
 * its functions as the owner, as the load did.
 */
static void
anon_copy_indexes(Relation src, Relation copy)
{
	List	   *indexes = RelationGetIndexList(src);
	RangeVar   *rv = makeRangeVar(get_namespace_name(RelationGetNamespace(copy)),
								  pstrdup(RelationGetRelationName(copy)), -1);
	AttrMap    *map = anon_attrmap_by_name(RelationGetDescr(copy),
										   RelationGetDescr(src));
	ListCell   *lc;

	foreach(lc, indexes)
	{
		Relation	idx = index_open(lfirst_oid(lc), AccessShareLock);
		IndexStmt  *stmt = generateClonedIndexStmt(rv, idx, map, NULL);

		stmt->idxcomment = GetComment(lfirst_oid(lc), RelationRelationId, 0);
		index_close(idx, AccessShareLock);
		anon_define_index(RelationGetRelid(copy), stmt);
		CommandCounterIncrement();
	}
	list_free(indexes);
}

/*
 * anon._clone_indexes(source regclass, target regclass): give target, which
 * the caller owns, the indexes of source (and the constraints they back),
 * as CREATE TABLE ... (LIKE source INCLUDING INDEXES) would.  DefineIndex
 * builds each as target's owner in a security-restricted operation, and
 * folds its expressions (the constant calls of the source owner's
 * functions) then: made inside a CREATE TABLE ... LIKE run by a superuser,
 * before the table was given to the source's owner, they were folded as
 * the superuser (start_masked_replication; sql/25_owner_attacks_s8.sql).
 */
PG_FUNCTION_INFO_V1(anon_clone_indexes);

Datum
anon_clone_indexes(PG_FUNCTION_ARGS)
{
	Relation	src = table_open(PG_GETARG_OID(0), AccessShareLock);
	Relation	dst = table_open(PG_GETARG_OID(1), ShareLock);

	if (!pg_class_ownercheck(RelationGetRelid(dst), GetUserId()))
		aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, RelationGetRelationName(dst));
	if (dst->rd_rel->relkind != RELKIND_RELATION ||
		(src->rd_rel->relkind != RELKIND_RELATION &&
		 src->rd_rel->relkind != RELKIND_PARTITIONED_TABLE))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("indexes are cloned from a table into a plain table")));
	anon_copy_indexes(src, dst);
	table_close(dst, NoLock);
	table_close(src, AccessShareLock);
	PG_RETURN_VOID();
}

/*
 * A Citus table's copy gets its indexes with its structure (CREATE TABLE
 * ... LIKE ... INCLUDING ALL, then create_distributed_table, so that Citus
 * makes them on every shard), built by the caller before the copy is given
 * to the source's owner: CREATE INDEX folds the constant calls of an index
 * expression or predicate as whoever builds it, so an owner's IMMUTABLE
 * function there ran with the caller's rights (a superuser's).  Refuse a
 * Citus table whose code (index expressions and predicates, statistics
 * expressions, CHECK constraints; owner_guard.c) calls a function the
 * caller may not run as itself (test/t/051_citus_owner.pl).
 */
static void
anon_copy_check_citus_code(Oid relid)
{
	Oid			where = InvalidOid;
	Oid			funcid = anon_owner_planned_refusal(relid, &where);
	HeapTuple	tup;
	Oid			fowner = InvalidOid;

	if (!OidIsValid(funcid))
		return;
	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	if (HeapTupleIsValid(tup))
	{
		fowner = ((Form_pg_proc) GETSTRUCT(tup))->proowner;
		ReleaseSysCache(tup);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("cannot make a masked copy of Citus table \"%s\": function %s, in code of role \"%s\" on relation \"%s\", would run with your rights",
					get_rel_name(relid), format_procedure(funcid),
					OidIsValid(fowner) ? GetUserNameFromId(fowner, false) : "?",
					get_rel_name(where)),
			 errdetail("The copy of a Citus table gets its indexes and constraints as it is created, by you, before it is given to the table's owner; building an index runs the constant calls of its expressions and predicate."),
			 errhint("Run anon.create_masked_copy as the table's owner (SET ROLE), drop that index or constraint, or have a superuser label the function TRUSTED.")));
}

/*
 * Copy one table: structure as the caller, data as the source's owner.
 * Returns the rows copied; *t receives the masked columns.
 */
static uint64
anon_copy_table(Oid relid, const char *source, const char *target, int policy,
				AnonStaticTable **tp, bool *sampled, const char *subset)
{
	Relation	rel = table_open(relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	const char *relname = RelationGetRelationName(rel);
	Oid			owner = rel->rd_rel->relowner;
	AnonStaticTable *t = palloc0(sizeof(AnonStaticTable));
	AnonStaticTable *masks;
	TableSampleClause *sample;
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
	bool		late_indexes;
	int			i;

	/*
	 * The structure, owned like the source; its indexes (and the
	 * constraints they back) after the load, one sorted build each rather
	 * than one insertion per row and index.  A Citus table's copy gets them
	 * with the structure, so that Citus makes them on every shard.
	 */
	late_indexes = !anon_citus_is_table(relid);
	if (!late_indexes)
		anon_copy_check_citus_code(relid);
	initStringInfo(&sql);
	appendStringInfo(&sql, "CREATE TABLE %s (LIKE %s INCLUDING ALL%s)",
					 quote_qualified_identifier(target, relname),
					 quote_qualified_identifier(source, relname),
					 late_indexes ? " EXCLUDING INDEXES" : "");
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
	/* a Citus table's copy is distributed the same way, co-located */
	anon_citus_distribute_like(get_relname_relid(relname, get_namespace_oid(target, false)),
							   relid);

	/* the data, as the owner */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner, save_sec_context | SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);

	masks = anon_mask_table(rel, policy, NULL, NULL);
	if (masks != NULL)
		t = masks;
	else
		t->relid = relid;
	dpcontext = deparse_context_for(relname, relid);
	initStringInfo(&cols);
	initStringInfo(&exprs);
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		const char *name = quote_identifier(NameStr(att->attname));
		int			j;

		if (att->attisdropped || att->attgenerated)
			continue;
		appendStringInfo(&cols, "%s%s", cols.len > 0 ? ", " : "", name);
		appendStringInfoString(&exprs, exprs.len > 0 ? ", " : "");
		for (j = 0; j < t->ncols && t->cols[j].attnum != att->attnum; j++)
			;
		if (j < t->ncols)
			appendStringInfoString(&exprs,
								   deparse_expression(t->cols[j].expr, dpcontext, false, false));
		else
			appendStringInfoString(&exprs, name);
	}
	sample = anon_relation_sample(rel, policy);
	*sampled = sample != NULL;

	resetStringInfo(&sql);
	appendStringInfo(&sql, "INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s%s%s",
					 quote_qualified_identifier(target, relname), cols.data, exprs.data,
					 rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE ? "" : "ONLY ",
					 quote_qualified_identifier(source, relname),
					 sample ? anon_copy_tablesample(sample, dpcontext) : "");
	/* a subset: only the rows its closure selected (see anon_subset_close) */
	if (subset != NULL)
	{
		/* the set's own system columns would capture unqualified names */
		const char *q = quote_qualified_identifier(source, relname);

		if (rel->rd_rel->relkind == RELKIND_RELATION && sample == NULL)
			appendStringInfo(&sql, " WHERE %s.ctid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT s.rowid FROM %s s))",
							 q, subset);
		else
			appendStringInfo(&sql, " WHERE EXISTS (SELECT FROM %s s WHERE s.reloid OPERATOR(pg_catalog.=) %s.tableoid"
							 " AND s.rowid OPERATOR(pg_catalog.=) %s.ctid)", subset, q, q);
	}
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
	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);

	if (late_indexes)
	{
		PG_TRY();
		{
			anon_copy_indexes(rel, copyrel);
		}
		PG_CATCH();
		{
			t->relid = RelationGetRelid(copyrel);
			anon_static_rethrow(cxt, copyrel, t);
		}
		PG_END_TRY();
	}
	table_close(copyrel, NoLock);

	table_close(rel, NoLock);
	*tp = t;
	return rows;
}

/* ---- Consistent masking along foreign keys ---- */

/* the mask of column attnum of source table relid in its copy, or NULL */
static Node *
anon_copy_column_mask(List *relids, List *masks, Oid relid, AttrNumber attnum)
{
	ListCell   *lc;
	int			i;

	foreach(lc, relids)
	{
		const AnonStaticTable *t;

		if (lfirst_oid(lc) != relid)
			continue;
		t = (const AnonStaticTable *) list_nth(masks, foreach_current_index(lc));
		for (i = 0; t != NULL && i < t->ncols; i++)
			if (t->cols[i].attnum == attnum)
				return t->cols[i].expr;
	}
	return NULL;
}

/*
 * NULL if a row of the copy keeps referencing the same row: the
 * referencing column takes the referenced one's mask (mask.c gave it), or
 * anon_fk_mask_refusal() finds them alike; else why not.
 */
static const char *
anon_copy_key_refusal(Node *child, Oid relid, AttrNumber cattnum, Node *parent,
					  Oid confrelid, AttrNumber pattnum)
{
	if (child != NULL && parent != NULL)
	{
		Relation	crel = table_open(relid, AccessShareLock);
		Form_pg_attribute catt = TupleDescAttr(RelationGetDescr(crel), cattnum - 1);
		Form_pg_attribute patt;
		Relation	prel = table_open(confrelid, AccessShareLock);
		Node	   *taken;

		patt = TupleDescAttr(RelationGetDescr(prel), pattnum - 1);
		taken = anon_fk_transfer(parent, pattnum, patt->atttypid, patt->atttypmod, catt);
		table_close(prel, AccessShareLock);
		table_close(crel, AccessShareLock);
		if (taken != NULL && equal(taken, child) && anon_fk_transferable(parent, pattnum) == NULL)
			return NULL;
	}
	return anon_fk_mask_refusal(child, cattnum, parent, pattnum);
}

/*
 * Refuse a masked copy whose masks would break a foreign key between the
 * copied tables (Greenmask's apply_for_references, as a check): a clear
 * error before the copy's foreign key fails on a value.
 */
static void
anon_copy_check_fkeys(List *relids, List *masks, Oid srcnsp)
{
	ListCell   *lc;

	foreach(lc, relids)
	{
		Oid			relid = lfirst_oid(lc);
		ListCell   *lc2;

		foreach(lc2, anon_copy_fkey_list(relid, srcnsp, true))
		{
			AnonCopyFkey *fk = (AnonCopyFkey *) lfirst(lc2);
			int			i;

			for (i = 0; i < fk->numfks; i++)
			{
				const char *refusal =
					anon_copy_key_refusal(anon_copy_column_mask(relids, masks, relid, fk->conkey[i]),
										  relid, fk->conkey[i],
										  anon_copy_column_mask(relids, masks, fk->confrelid, fk->confkey[i]),
										  fk->confrelid, fk->confkey[i]);

				if (refusal != NULL)
					anon_fk_refuse(fk, i, refusal);
			}
		}
	}
}

/* ---- Subsets that keep referential integrity ---- */

/*
 * anon.create_masked_copy(..., subset => ARRAY['t WHERE cond', ...],
 * include_referencing => bool) copies only some rows: those of each named
 * table that satisfy its condition (all its rows without one), then,
 * transitively, every row they reference along every foreign key between
 * tables of the schema (composite, self-referencing, cycles), and, with
 * include_referencing, first the rows that reference the selected rows,
 * transitively (a customer's orders, their lines), so that every foreign
 * key of the copy holds.  Tables neither named nor reached are copied
 * empty.
 *
 * The rows selected are kept as a set of (tableoid, ctid) per source
 * table, in a temporary table of the caller's session; the closure is a
 * fixpoint: passes over every foreign key, each adding the rows of one
 * side that match the selected rows of the other, until a pass adds
 * nothing.  Each pass is one INSERT ... SELECT per foreign key, so the
 * work grows with the subset, not with the database.  The copy then reads
 * each source table once, filtered by its set, masking on the way.
 *
 * The conditions are user text: each is parsed on its own as one
 * expression (never pasted into a statement), analysed over its one
 * table with search_path = pg_catalog, pg_temp, and trust-checked like a
 * masking rule (no subqueries, no function a rule may not call); the
 * analysed tree is deparsed into the statement that evaluates it, which
 * runs as the table's owner in a security-restricted operation.  The key
 * joins use the foreign keys' own equality operators, which must be
 * built in: a user-defined one would run as the caller.
 */
/* the temporary table holding the selected rows of source table relid */
static char *
anon_subset_set(Oid relid)
{
	return psprintf("pg_temp.anon_subset_%u", relid);
}

/* split "table WHERE condition": the table's name and the condition */
void
anon_subset_split(const char *entry, char **relname, const char **cond)
{
	const char *p = entry;
	StringInfoData name;

	initStringInfo(&name);
	while (scanner_isspace(*p))
		p++;
	if (*p == '"')
	{
		p++;
		for (;;)
		{
			if (*p == '\0')
				ereport(ERROR,
						(errcode(ERRCODE_SYNTAX_ERROR),
						 errmsg("unterminated quoted table name in a subset of create_masked_copy")));
			if (*p == '"' && p[1] == '"')
			{
				appendStringInfoChar(&name, '"');
				p += 2;
				continue;
			}
			if (*p == '"')
			{
				p++;
				break;
			}
			appendStringInfoChar(&name, *p++);
		}
	}
	else
	{
		const char *start = p;

		while (*p != '\0' && (isalnum((unsigned char) *p) || *p == '_' || *p == '$' ||
							  IS_HIGHBIT_SET(*p)))
			p++;
		appendStringInfoString(&name,
							   downcase_truncate_identifier(start, p - start, false));
	}
	if (name.len == 0)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("a subset of create_masked_copy must start with a table name"),
				 errhint("Write \"table WHERE condition\", or the table alone for all its rows.")));
	while (scanner_isspace(*p))
		p++;
	*relname = name.data;
	if (*p == '\0')
	{
		*cond = NULL;
		return;
	}
	if (pg_strncasecmp(p, "where", 5) != 0 || !scanner_isspace(p[5]))
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("a subset of create_masked_copy must be \"table WHERE condition\""),
				 errdetail("After the table \"%s\" comes something other than WHERE.", name.data)));
	*cond = p + 5;
}

/*
 * Parse and analyse a condition over relation rel: exactly one expression
 * (no FROM, no other clause), boolean, trust-checked as a masking rule of
 * the policy would be.
 */
Node *
anon_subset_condition(Relation rel, const char *cond, const char *policy)
{
	List	   *raw = raw_parser(cond, RAW_PARSE_PLPGSQL_EXPR);
	SelectStmt *sel;
	ResTarget  *rt;
	ParseState *pstate;
	ParseNamespaceItem *nsitem;
	Node	   *expr;
	char	   *subject;

	subject = psprintf("the subset of table \"%s\"", RelationGetRelationName(rel));
	if (list_length(raw) != 1 ||
		!IsA(((RawStmt *) linitial(raw))->stmt, SelectStmt))
		goto bad;
	sel = (SelectStmt *) ((RawStmt *) linitial(raw))->stmt;
	if (list_length(sel->targetList) != 1 || sel->fromClause != NIL ||
		sel->whereClause != NULL || sel->groupClause != NIL ||
		sel->havingClause != NULL || sel->windowClause != NIL ||
		sel->distinctClause != NIL || sel->sortClause != NIL ||
		sel->limitCount != NULL || sel->limitOffset != NULL ||
		sel->lockingClause != NIL || sel->withClause != NULL ||
		sel->intoClause != NULL || sel->valuesLists != NIL ||
		sel->op != SETOP_NONE)
		goto bad;
	rt = (ResTarget *) linitial(sel->targetList);
	if (rt->name != NULL)
		goto bad;

	pstate = make_parsestate(NULL);
	pstate->p_sourcetext = cond;
	nsitem = addRangeTableEntryForRelation(pstate, rel, AccessShareLock, NULL,
										   false, false);
	addNSItemToQuery(pstate, nsitem, false, true, true);
	expr = transformExpr(pstate, rt->val, EXPR_KIND_WHERE);
	expr = coerce_to_boolean(pstate, expr, "WHERE");
	assign_expr_collations(pstate, expr);
	free_parsestate(pstate);
	/* what a rule may not do, a condition may not either */
	anon_trust_check_expression(expr, policy, subject);
	return expr;

bad:
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("the condition of %s is not one expression", subject),
			 errhint("Write \"table WHERE condition\", the condition an expression over the table's columns.")));
	return NULL;				/* keep the compiler quiet */
}

/* the seeds of a subset array: (table, analysed condition) (subset.h) */
List *
anon_subset_seeds(ArrayType *arr, Oid nsp, const char *what, const char *policy)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;
	List	   *seeds = NIL;

	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		char	   *relname;
		const char *cond;
		AnonSubsetSeed *seed;
		Relation	rel;
		Oid			relid;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("an entry of %s cannot be NULL", what)));
		anon_subset_split(TextDatumGetCString(elems[i]), &relname, &cond);
		relid = get_relname_relid(relname, nsp);
		if (!OidIsValid(relid) ||
			(get_rel_relkind(relid) != RELKIND_RELATION &&
			 get_rel_relkind(relid) != RELKIND_PARTITIONED_TABLE) ||
			get_rel_relispartition(relid))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_TABLE),
					 errmsg("table \"%s\" of %s is not a table of schema \"%s\"",
							relname, what, get_namespace_name(nsp))));
		seed = palloc0(sizeof(AnonSubsetSeed));
		seed->relid = relid;
		if (cond != NULL)
		{
			rel = table_open(relid, AccessShareLock);
			seed->cond = anon_subset_condition(rel, cond, policy);
			table_close(rel, NoLock);
		}
		seeds = lappend(seeds, seed);
	}
	return seeds;
}

/* "[ONLY ]schema.table" as the copy reads it */
static char *
anon_subset_from(Oid relid, const char *source)
{
	return psprintf("%s%s",
					get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE ? "" : "ONLY ",
					quote_qualified_identifier(source, get_rel_name(relid)));
}

/*
 * The rows of alias (a scan of relid) that are in its set with pass
 * between lo and hi, except those it holds because they reference a
 * selected row along key skip_via (1 + its index; 0: none): for a plain
 * table, a TID scan of those rows (the planner has no TID join, and a hash
 * join on ctid reads the whole table); for a partitioned one, a semi-join
 * on (tableoid, ctid), which reads the table.
 */
static char *
anon_subset_in(Oid relid, const char *alias, int lo, int hi, int skip_via)
{
	char	   *cond = psprintf("s.pass OPERATOR(pg_catalog.>=) %d AND s.pass OPERATOR(pg_catalog.<=) %d",
								lo, hi);

	if (skip_via > 0)
		cond = psprintf("%s AND s.via OPERATOR(pg_catalog.<>) %d", cond, skip_via);

	if (get_rel_relkind(relid) == RELKIND_RELATION)
		return psprintf("%s.ctid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT s.rowid FROM %s s WHERE %s))",
						alias, anon_subset_set(relid), cond);
	return psprintf("EXISTS (SELECT FROM %s s WHERE s.reloid OPERATOR(pg_catalog.=) %s.tableoid"
					" AND s.rowid OPERATOR(pg_catalog.=) %s.ctid AND %s)",
					anon_subset_set(relid), alias, alias, cond);
}

/* the operator of key column i of fk, which must be built in */
static const char *
anon_subset_operator(AnonCopyFkey *fk, int i)
{
	Oid			opno = fk->pfeqop[i];

	/* a user-defined operator would run as the caller */
	if (opno >= FirstNormalObjectId)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot follow foreign key \"%s\" of table \"%s\" in a subset",
						fk->conname, get_rel_name(fk->relid)),
				 errdetail("Its key compares values with a user-defined operator.")));
	/* built in: in pg_catalog */
	return get_opname(opno);
}

/*
 * Has relid a valid index whose first columns are exactly keys[0..n-1]
 * (in any order)?  Then a key lookup is an index scan.
 */
static bool
anon_subset_indexed(Oid relid, const AttrNumber *keys, int n)
{
	Relation	rel = table_open(relid, AccessShareLock);
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	bool		found = false;

	foreach(lc, indexes)
	{
		HeapTuple	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index ind;
		int			i,
					j;
		bool		all = true;

		if (!HeapTupleIsValid(tup))
			continue;
		ind = (Form_pg_index) GETSTRUCT(tup);
		if (!ind->indisvalid || ind->indnkeyatts < n)
			all = false;
		for (i = 0; i < n && all; i++)
		{
			bool		hit = false;

			for (j = 0; j < n; j++)
				if (ind->indkey.values[i] == keys[j])
					hit = true;
			all = hit;
		}
		ReleaseSysCache(tup);
		if (all)
		{
			found = true;
			break;
		}
	}
	list_free(indexes);
	table_close(rel, AccessShareLock);
	return found;
}

/*
 * One pass over the foreign keys, semi-naive: the rows selected in passes
 * lo to pass - 1 (the rows new since the previous pass, or, on the first
 * pass of a direction, every row selected so far) are followed to the
 * rows they reference (children false) or that reference them (children
 * true), which are added to their sets with this pass's number unless
 * they are in already.  The distinct keys of the new rows are looked up in
 * the other table: one index scan per key where an index leads with the
 * key's columns, so that the work grows with the subset, not with the
 * table; else by whatever join the planner prefers, which reads the table
 * once per pass.  Returns the rows added.
 */
static uint64
anon_subset_pass(List *fkeys, const char *source, bool children, int lo, int pass)
{
	ListCell   *lc;
	uint64		added = 0;

	foreach(lc, fkeys)
	{
		AnonCopyFkey *fk = (AnonCopyFkey *) lfirst(lc);
		Oid			from = children ? fk->confrelid : fk->relid;
		Oid			to = children ? fk->relid : fk->confrelid;
		const AttrNumber *fromkey = children ? fk->confkey : fk->conkey;
		const AttrNumber *tokey = children ? fk->conkey : fk->confkey;
		StringInfoData sql;
		bool		indexed;
		int			i;

		indexed = anon_subset_indexed(to, tokey, fk->numfks);
		initStringInfo(&sql);
		/*
		 * via: 1 + the key's index for a row selected because it
		 * references a selected row (its parent along that key is in: the
		 * other direction skips it), else 0
		 */
		appendStringInfo(&sql, "INSERT INTO %s (reloid, rowid, pass, via) SELECT t.tableoid, t.ctid, %d, %d"
						 " FROM (SELECT DISTINCT ", anon_subset_set(to), pass,
						 children ? foreach_current_index(lc) + 1 : 0);
		for (i = 0; i < fk->numfks; i++)
			appendStringInfo(&sql, "%sf.%s AS k%d", i > 0 ? ", " : "",
							 quote_identifier(get_attname(from, fromkey[i], false)), i);
		appendStringInfo(&sql, " FROM %s f WHERE %s", anon_subset_from(from, source),
						 anon_subset_in(from, "f", lo, pass - 1,
										children ? 0 : foreach_current_index(lc) + 1));
		/* MATCH SIMPLE: a key with a NULL references nothing */
		for (i = 0; i < fk->numfks; i++)
			appendStringInfo(&sql, " AND f.%s IS NOT NULL",
							 quote_identifier(get_attname(from, fromkey[i], false)));
		/*
		 * Indexed: one index lookup per distinct key (a LATERAL subquery
		 * that OFFSET 0 keeps from being flattened into a hash join that
		 * would read the whole table); else a join of the planner's choice.
		 */
		if (indexed)
			appendStringInfo(&sql, ") f CROSS JOIN LATERAL (SELECT t.tableoid, t.ctid FROM %s t WHERE ",
							 anon_subset_from(to, source));
		else
			appendStringInfo(&sql, ") f JOIN %s t ON ", anon_subset_from(to, source));
		for (i = 0; i < fk->numfks; i++)
		{
			/* the key's operator takes the referenced value first */
			if (children)
				appendStringInfo(&sql, "%sf.k%d OPERATOR(pg_catalog.%s) t.%s", i > 0 ? " AND " : "",
								 i, anon_subset_operator(fk, i),
								 quote_identifier(get_attname(to, tokey[i], false)));
			else
				appendStringInfo(&sql, "%st.%s OPERATOR(pg_catalog.%s) f.k%d", i > 0 ? " AND " : "",
								 quote_identifier(get_attname(to, tokey[i], false)),
								 anon_subset_operator(fk, i), i);
		}
		if (indexed)
			appendStringInfoString(&sql, " OFFSET 0) t");
		/*
		 * Each row once: the distinct keys reach a row at most once, and
		 * rows already selected are left out.
		 */
		appendStringInfo(&sql, " WHERE NOT EXISTS (SELECT FROM %s x WHERE x.rowid OPERATOR(pg_catalog.=) t.ctid"
						 " AND x.reloid OPERATOR(pg_catalog.=) t.tableoid)", anon_subset_set(to));
		anon_copy_spi(sql.data, SPI_OK_INSERT);
		added += SPI_processed;
		CommandCounterIncrement();
	}
	return added;
}

/*
 * Build the sets of a subset: one temporary table per copied table, the
 * seeds' rows (each condition evaluated as its table's owner in a
 * security-restricted operation), then the closure, one direction after
 * the other, each a fixpoint of semi-naive passes.
 */
static void
anon_subset_close(List *relids, List *seeds, Oid srcnsp, const char *source,
				  bool include_referencing)
{
	ListCell   *lc;
	List	   *fkeys = NIL;
	int			pass = 1;
	int			lo;

	foreach(lc, relids)
	{
		Oid			relid = lfirst_oid(lc);
		char	   *sql;

		sql = psprintf("CREATE TEMPORARY TABLE %s (reloid pg_catalog.oid, rowid pg_catalog.tid, pass pg_catalog.int4,"
					   " via pg_catalog.int4)",
					   anon_subset_set(relid));
		anon_copy_spi(sql, SPI_OK_UTILITY);
		/*
		 * The owner evaluates the condition and reads the set as it copies
		 * (a grant to make only when the owner is another, unprivileged
		 * role: each statement here fires the event triggers)
		 */
		if (anon_static_rel_owner(relid) != GetUserId() &&
			!superuser_arg(anon_static_rel_owner(relid)))
		{
			sql = psprintf("GRANT SELECT, INSERT ON %s TO %s", anon_subset_set(relid),
						   quote_identifier(GetUserNameFromId(anon_static_rel_owner(relid), false)));
			anon_copy_spi(sql, SPI_OK_UTILITY);
		}
		fkeys = list_concat(fkeys, anon_copy_fkey_list(relid, srcnsp, true));
	}
	CommandCounterIncrement();

	foreach(lc, seeds)
	{
		AnonSubsetSeed *seed = (AnonSubsetSeed *) lfirst(lc);
		Oid			owner = anon_static_rel_owner(seed->relid);
		StringInfoData sql;
		Oid			save_userid;
		int			save_sec_context;
		int			save_nestlevel;

		initStringInfo(&sql);
		appendStringInfo(&sql, "INSERT INTO %s (reloid, rowid, pass, via) SELECT t.tableoid, t.ctid, 0, 0 FROM %s t WHERE %s"
						 " AND NOT EXISTS (SELECT FROM %s x WHERE x.rowid OPERATOR(pg_catalog.=) t.ctid"
						 " AND x.reloid OPERATOR(pg_catalog.=) t.tableoid)",
						 anon_subset_set(seed->relid), anon_subset_from(seed->relid, source),
						 seed->cond == NULL ? "true" :
						 deparse_expression(seed->cond,
											deparse_context_for("t", seed->relid),
											true, false),
						 anon_subset_set(seed->relid));

		GetUserIdAndSecContext(&save_userid, &save_sec_context);
		SetUserIdAndSecContext(owner, save_sec_context | SECURITY_RESTRICTED_OPERATION);
		save_nestlevel = NewGUCNestLevel();
		(void) set_config_option("search_path", "pg_catalog, pg_temp",
								 PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
		anon_copy_spi(sql.data, SPI_OK_INSERT);
		AtEOXact_GUC(false, save_nestlevel);
		SetUserIdAndSecContext(save_userid, save_sec_context);
		CommandCounterIncrement();
	}

	/* the rows that reference the selected ones, transitively */
	if (include_referencing)
	{
		lo = 0;
		while (anon_subset_pass(fkeys, source, true, lo, pass) > 0)
			lo = pass++;
		pass++;
	}
	/* every row a selected row references, transitively */
	lo = 0;
	while (anon_subset_pass(fkeys, source, false, lo, pass) > 0)
		lo = pass++;
}

/* drop the sets, in one statement */
static void
anon_subset_drop(List *relids)
{
	StringInfoData sql;
	ListCell   *lc;

	if (relids == NIL)
		return;
	initStringInfo(&sql);
	appendStringInfoString(&sql, "DROP TABLE ");
	foreach(lc, relids)
		appendStringInfo(&sql, "%s%s", foreach_current_index(lc) > 0 ? ", " : "",
						 anon_subset_set(lfirst_oid(lc)));
	anon_copy_spi(sql.data, SPI_OK_UTILITY);
}

/*
 * anon.create_masked_copy(source_schema name, target_schema name,
 *						   policy text)
 */
Datum
anon_create_masked_copy(PG_FUNCTION_ARGS)
{
	char	   *source;
	char	   *target;
	char	   *policy_name;
	int			policy;
	/* 1.1: subset text[] DEFAULT NULL, include_referencing bool DEFAULT false */
	bool		subsetting = PG_NARGS() > 3 && !PG_ARGISNULL(3);
	bool		include_referencing = PG_NARGS() > 4 && !PG_ARGISNULL(4) && PG_GETARG_BOOL(4);
	List	   *seeds = NIL;
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			srcnsp;
	List	   *tables;
	List	   *relids = NIL;
	List	   *sampled = NIL;
	List	   *masks = NIL;
	uint64	   *rows;
	ListCell   *lc;
	StringInfoData sql;
	int			save_nestlevel;

	/* not STRICT since 1.1 (the subset may be NULL) */
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	source = NameStr(*PG_GETARG_NAME(0));
	target = NameStr(*PG_GETARG_NAME(1));
	policy_name = text_to_cstring(PG_GETARG_TEXT_PP(2));
	policy = anon_policy_index(policy_name);

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

	/* and every view, which is recreated with its owner */
	{
		Relation	classrel = table_open(RelationRelationId, AccessShareLock);
		SysScanDesc scan = systable_beginscan(classrel, InvalidOid, false, NULL, 0, NULL);
		HeapTuple	tup;

		while (HeapTupleIsValid(tup = systable_getnext(scan)))
		{
			Form_pg_class c = (Form_pg_class) GETSTRUCT(tup);

			if (c->relnamespace != srcnsp ||
				(c->relkind != RELKIND_VIEW && c->relkind != RELKIND_MATVIEW))
				continue;
			if (!pg_class_ownercheck(c->oid, GetUserId()))
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("must be owner of view %s to make a masked copy of it",
								NameStr(c->relname)),
						 errhint("Run create_masked_copy as the owner of every table and view of the schema or as a superuser.")));
		}
		systable_endscan(scan);
		table_close(classrel, AccessShareLock);
	}

	InitMaterializedSRF(fcinfo, 0);
	anon_progress_begin();
	anon_progress_add_tables(list_length(tables));

	/*
	 * Every statement below runs with search_path = pg_catalog, pg_temp
	 * (and names everything it uses with its schema besides): the caller
	 * is often a superuser, and the session's path may hold schemas of the
	 * tables' owners, whose operators or functions would otherwise take
	 * the place of the built-in ones in the statements built here.
	 */
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	/*
	 * The statements built here are simple scans and inserts whose costs
	 * pass jit_above_cost on large tables: compiling them costs more than
	 * it saves (about 100 ms a statement).
	 */
	(void) set_config_option("jit", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	anon_copy_check_target(target);
	initStringInfo(&sql);
	appendStringInfo(&sql, "CREATE SCHEMA IF NOT EXISTS %s", quote_identifier(target));
	anon_copy_spi(sql.data, SPI_OK_UTILITY);
	CommandCounterIncrement();

	/* a subset: the rows to copy, closed along the foreign keys */
	if (subsetting)
	{
		List	   *all = NIL;

		seeds = anon_subset_seeds(PG_GETARG_ARRAYTYPE_P(3), srcnsp,
								  "a subset of create_masked_copy", policy_name);
		foreach(lc, tables)
		{
			Oid			relid = get_relname_relid((const char *) lfirst(lc), srcnsp);

			/* the closure reads the tables as the caller (owner_guard.c) */
			anon_owner_check_planned(relid, "a subset of create_masked_copy");
			all = lappend_oid(all, relid);
		}
		anon_subset_close(all, seeds, srcnsp, source, include_referencing);
	}

	rows = palloc0(sizeof(uint64) * (list_length(tables) + 1));
	foreach(lc, tables)
	{
		Oid			relid = get_relname_relid((const char *) lfirst(lc), srcnsp);
		AnonStaticTable *t;
		bool		was_sampled;

		anon_progress_table(relid, ANON_METHOD_COPY, 0);
		rows[foreach_current_index(lc)] =
			anon_copy_table(relid, source, target, policy, &t, &was_sampled,
							subsetting ? anon_subset_set(relid) : NULL);
		anon_progress_scan(0, rows[foreach_current_index(lc)]);
		anon_progress_table_done();
		CommandCounterIncrement();
		anon_copy_sequences(relid, target);
		anon_copy_comments(relid, "TABLE",
						   quote_qualified_identifier(target, get_rel_name(relid)), false);
		CommandCounterIncrement();
		relids = lappend_oid(relids, relid);
		masks = lappend(masks, t);
		if (was_sampled)
			sampled = lappend_oid(sampled, relid);
	}

	if (subsetting)
		anon_subset_drop(relids);
	anon_copy_check_fkeys(relids, masks, srcnsp);
	anon_copy_prune_orphans(relids, masks, sampled, srcnsp, target, rows);
	foreach(lc, relids)
		anon_copy_fkeys(lfirst_oid(lc), srcnsp, target);
	CommandCounterIncrement();
	anon_copy_views(srcnsp, source, target);

	/* one row per table: the rows its copy holds */
	foreach(lc, relids)
	{
		const AnonStaticTable *t = list_nth(masks, foreach_current_index(lc));
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};
		Datum	   *names;
		int			i;

		names = palloc(sizeof(Datum) * (t->ncols + 1));
		for (i = 0; i < t->ncols; i++)
			names[i] = CStringGetDatum(t->cols[i].attname);
		values[0] = ObjectIdGetDatum(get_relname_relid(get_rel_name(lfirst_oid(lc)),
													   get_namespace_oid(target, false)));
		values[1] = PointerGetDatum(construct_array(names, t->ncols, NAMEOID,
													NAMEDATALEN, false, TYPALIGN_CHAR));
		values[2] = Int64GetDatum((int64) rows[foreach_current_index(lc)]);
		values[3] = CStringGetTextDatum("copy");
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}

	SPI_finish();
	AtEOXact_GUC(true, save_nestlevel);
	anon_progress_end();
	return (Datum) 0;
}
