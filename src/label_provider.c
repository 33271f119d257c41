/*-------------------------------------------------------------------------
 *
 * label_provider.c
 *		The relabel callbacks of anon's label providers: which label may be
 *		written on which object, by whom, and the checks each one needs.
 *
 * PostgreSQL calls the provider's callback for every SECURITY LABEL
 * statement (and anon.import_rules builds the same statement), after its
 * own check that the caller owns the object.  The callback dispatches on
 * the object's class, then table against column (objectSubId), as
 * sepgsql's does; which label fits which object comes from label.c's
 * keyword table.  A NULL label (removal) is accepted wherever a label
 * could be set, with the same privilege.  Every change sends the cache
 * invalidation that makes every backend rebuild the rules it affects.
 *
 * Why each check is there is said next to it: these callbacks are where a
 * policy is written, so they decide who can mask, unmask and trust.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/relation.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_class.h"
#include "catalog/pg_database.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "commands/seclabel.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/regproc.h"
#include "utils/rel.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "rules.h"
#include "fail_closed.h"
#include "fk_consistency.h"
#include "label.h"
#include "label_secrecy.h"

/*
 * Labels on roles, schemas, functions and the database decide who is
 * masked and what rules and masked roles may run: only a superuser may
 * write or remove them.  (Column and table labels need only ownership of
 * the table, which PostgreSQL checks before calling us.)
 */
static void
anon_require_superuser(const char *what, const char *policy)
{
	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be superuser to set or remove %s labels on %s", policy, what),
				 errhint("Labels on roles, schemas, functions and databases decide who is masked and what masked roles may run.")));
}

/*
 * A label as quoted in an error: its first 60 characters, so that a huge
 * label (a fuzzer's, or a mistake) does not make a huge message.
 */
static char *
anon_label_excerpt(const char *seclabel)
{
	int			len = strlen(seclabel);
	int			cut = pg_mbcliplen(seclabel, len, 60);

	if (cut >= len)
		return pstrdup(seclabel);
	return psprintf("%.*s...", cut, seclabel);
}

/*
 * A virtual foreign key describes the schema, not a policy: it is written
 * for provider anon only, and every policy reads it (rules.c), so that a
 * role allowed to label for one policy cannot change what another follows.
 */
static void
anon_check_virtual_key(Relation rel, AttrNumber attnum, const char *seclabel,
					   const char *policy)
{
	if (strcmp(policy, ANON_DEFAULT_POLICY) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("virtual foreign keys are written for provider %s, not %s",
						ANON_DEFAULT_POLICY, policy),
				 errhint("Write SECURITY LABEL FOR %s ...: every policy follows it.",
						 ANON_DEFAULT_POLICY)));
	(void) anon_fk_virtual_check(rel, attnum, seclabel);
}

/* a label that does not belong on this object: list those that do */
static void
anon_bad_label(const char *seclabel, const char *what, int object)
{
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("\"%s\" is not a valid label for %s", anon_label_excerpt(seclabel), what),
			 errhint("Valid labels for %s: %s.", what, anon_label_syntax_list(object))));
}

/*
 * Analyse and validate a rule (attnum 0: the table's MASKED WHEN), and
 * make any error say which rule failed: PostgreSQL's own errors (division
 * by zero, a function that does not exist) do not name the table and
 * column the label was written on, and the context line is hidden at
 * terse verbosity.
 */
static void
anon_check_rule(Relation rel, AttrNumber attnum, AnonLabel *label, const char *policy)
{
	MemoryContext oldcxt = CurrentMemoryContext;

	PG_TRY();
	{
		Node	   *expr = anon_rule_analyse(rel, attnum, label, policy);

		anon_rule_validate(rel, attnum, expr, policy);
		/* a salt written in the rule: warn (label_secrecy.c) */
		if (attnum > 0)
			anon_warn_literal_salt(expr,
								   psprintf("column \"%s\".\"%s\"",
											RelationGetRelationName(rel),
											NameStr(TupleDescAttr(RelationGetDescr(rel), attnum - 1)->attname)));
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcxt);
		edata = CopyErrorData();
		FlushErrorState();
		if (edata->message != NULL &&
			strncmp(edata->message, "masking ", 8) != 0)
		{
			if (attnum > 0)
				edata->message = psprintf("masking rule of column \"%s\".\"%s\" is invalid: %s",
										  RelationGetRelationName(rel),
										  NameStr(TupleDescAttr(RelationGetDescr(rel), attnum - 1)->attname),
										  edata->message);
			else
				edata->message = psprintf("masking condition of table \"%s\" is invalid: %s",
										  RelationGetRelationName(rel), edata->message);
			if (edata->hint == NULL && edata->sqlerrcode == ERRCODE_UNDEFINED_TABLE)
				/* a rule reads no table: a name in a function it calls */
				edata->hint = pstrdup("The functions a rule calls run with search_path = pg_catalog, pg_temp: "
									  "qualify the names in their bodies with their schema, "
									  "or give them one with ALTER FUNCTION ... SET search_path.");
			else if (edata->hint == NULL)
				edata->hint = pstrdup("A rule is analysed and evaluated on a row of its table when the label is written; "
									  "correct the expression and write the label again.");
		}
		ReThrowError(edata);
	}
	PG_END_TRY();
}

static void
anon_relabel_column(const ObjectAddress *object, const char *seclabel,
					const char *policy)
{
	Relation	rel = relation_open(object->objectId, NoLock);
	char		relkind = rel->rd_rel->relkind;
	AttrNumber	attnum = object->objectSubId;
	AnonLabel	label;

	/*
	 * Only relations that hold rows have masked columns; views read them.
	 * A rule on a view column would be bypassed by reading the table, so
	 * it is refused rather than given a meaning it cannot keep.
	 */
	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE &&
		relkind != RELKIND_FOREIGN_TABLE && relkind != RELKIND_MATVIEW)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("cannot set %s labels on columns of \"%s\"",
						policy, RelationGetRelationName(rel)),
				 errdetail("Masking rules apply to columns of tables, partitioned tables, "
						   "foreign tables and materialized views."),
				 errhint("A view reading a masked table is masked through that table.")));
	/*
	 * System columns (ctid, xmin, ...) hold no user data and cannot be
	 * replaced in a masking target list: refuse rather than ignore.
	 */
	if (attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot set %s labels on system columns", policy)));

	if (seclabel != NULL)
	{
		label = anon_label_parse(seclabel);
		if (!anon_label_allowed_on(label.kind, ANON_ON_COLUMN))
			anon_bad_label(seclabel, "a column", ANON_ON_COLUMN);

		/*
		 * A rule is refused when written, never first at read time.  But
		 * Citus copying the coordinator's rules (checked there) to a node
		 * it adds, as a superuser, creates the functions and sends the
		 * trust labels they need in an order of its own, some after the
		 * rule (citus.c): there the rule is analysed, strictly, at its
		 * first read, which fails closed until they have arrived.
		 */
		if (anon_citus_replaying_rules())
			;
		else if (label.kind == ANON_LABEL_MASKED_FUNCTION ||
				 label.kind == ANON_LABEL_MASKED_VALUE)
		{
			anon_check_rule(rel, attnum, &label, policy);
			/* a rule that breaks a foreign key: a WARNING, refused as masks are made */
			anon_fk_check_rule(rel, attnum,
							   anon_rule_analyse(rel, attnum, &label, policy), policy);
		}
		else if (label.kind == ANON_LABEL_NOT_MASKED)
			anon_fk_check_rule(rel, attnum, NULL, policy);
		else if (label.kind == ANON_LABEL_REFERENCES ||
				 label.kind == ANON_LABEL_FOREIGN_KEY)
			anon_check_virtual_key(rel, attnum, seclabel, policy);
	}

	/* every backend rebuilds the rules of this relation */
	CacheInvalidateRelcache(rel);
	relation_close(rel, NoLock);
}

static void
anon_relabel_relation(const ObjectAddress *object, const char *seclabel,
					  const char *policy)
{
	char		relkind = get_rel_relkind(object->objectId);

	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE &&
		relkind != RELKIND_FOREIGN_TABLE && relkind != RELKIND_MATVIEW)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s labels are not supported on %s", policy,
						getObjectTypeDescription(object, false)),
				 errhint("Label columns of tables, roles or schemas.")));
	if (seclabel != NULL)
	{
		AnonLabel	label = anon_label_parse(seclabel);
		Relation	rel = relation_open(object->objectId, NoLock);

		if (!anon_label_allowed_on(label.kind, ANON_ON_TABLE))
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("\"%s\" is not a valid label for a table", anon_label_excerpt(seclabel)),
					 errhint("Valid labels for a table: %s. "
							 "Masking rules go on columns (SECURITY LABEL FOR %s ON COLUMN t.c IS 'MASKED WITH ...').",
							 anon_label_syntax_list(ANON_ON_TABLE), policy)));
		/*
		 * A MASKED WHEN condition decides, row by row, whether the rules
		 * apply: checked when written like a rule, so that a condition that
		 * would fail at read time (and a masked read that would then have
		 * to choose between an error and raw data) never gets stored.
		 */
		if (label.kind == ANON_LABEL_TABLE_MASKED_WHEN)
			anon_check_rule(rel, 0, &label, policy);
		else if (label.kind == ANON_LABEL_TABLESAMPLE)
			(void) anon_tablesample_analyse(rel, label.expr, policy);
		else if (label.kind == ANON_LABEL_FOREIGN_KEY)
			anon_check_virtual_key(rel, 0, seclabel, policy);
		relation_close(rel, NoLock);
	}
	CacheInvalidateRelcacheByRelid(object->objectId);
}

static void
anon_relabel_role(const ObjectAddress *object, const char *seclabel,
				  const char *policy)
{
	anon_require_superuser("roles", policy);
	if (seclabel != NULL)
	{
		AnonLabel	label = anon_label_parse(seclabel);

		if (!anon_label_allowed_on(label.kind, ANON_ON_ROLE))
			anon_bad_label(seclabel, "a role", ANON_ON_ROLE);
		/* masking a superuser would promise what it cannot keep */
		if (superuser_arg(object->objectId))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("superuser role \"%s\" cannot be labelled %s",
							GetUserNameFromId(object->objectId, false), anon_label_excerpt(seclabel)),
					 errdetail("A superuser can read any data; masking would not bind it."),
					 errhint("Label a role without the SUPERUSER attribute.")));
	}
	/* fail closed: the role and its members need anon at login */
	anon_fail_closed_relabel(object->objectId, policy, seclabel);
	/* whether a role is masked changes every plan: drop every cache */
	CacheInvalidateRelcacheAll();
}

static void
anon_relabel_schema(const ObjectAddress *object, const char *seclabel,
					const char *policy)
{
	anon_require_superuser("schemas", policy);
	if (seclabel != NULL)
	{
		if (!anon_label_allowed_on(anon_label_parse(seclabel).kind, ANON_ON_SCHEMA))
			anon_bad_label(seclabel, "a schema", ANON_ON_SCHEMA);

		/*
		 * pg_catalog is trusted function by function, by property
		 * (trust.c); trusting it whole would let rules run SQL text.  Its
		 * label, which PostgreSQL Anonymizer's scripts write, is accepted
		 * and changes nothing: trust.c never reads it.  A temporary schema
		 * belongs to one session and vanishes with it.
		 */
		if (object->objectId == PG_CATALOG_NAMESPACE)
			ereport(NOTICE,
					(errmsg("the label TRUSTED on schema pg_catalog changes nothing"),
					 errdetail("Rules may call the built-in functions that cannot run other code or change state, and no other."),
					 errhint("Label single functions: SECURITY LABEL FOR %s ON FUNCTION f IS 'TRUSTED'.", policy)));
		if (isAnyTempNamespace(object->objectId))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a temporary schema cannot be labelled TRUSTED")));
	}
	/*
	 * Every analysed rule was trust-checked against the schemas of its
	 * functions: drop them all, so that a schema no longer TRUSTED stops
	 * its functions in rules at the next query, not the next session.
	 * On a Citus coordinator, the label goes to every worker at commit.
	 */
	CacheInvalidateRelcacheAll();
	anon_citus_sync_request();
}

static void
anon_relabel_function(const ObjectAddress *object, const char *seclabel,
					  const char *policy)
{
	anon_require_superuser("functions", policy);
	if (seclabel != NULL)
	{
		AnonLabel	label = anon_label_parse(seclabel);

		if (!anon_label_allowed_on(label.kind, ANON_ON_FUNCTION))
			anon_bad_label(seclabel, "a function", ANON_ON_FUNCTION);
		/* a temporary function vanishes with its session */
		if (label.kind == ANON_LABEL_TRUSTED &&
			isAnyTempNamespace(get_func_namespace(object->objectId)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a temporary function cannot be labelled TRUSTED")));

		/*
		 * A function has one label per provider: TRUSTED would silently
		 * replace RESTRICTED, and masked roles could then call a keyed
		 * function directly.  Removing RESTRICTED must be said explicitly.
		 */
		if (label.kind == ANON_LABEL_TRUSTED)
		{
			char	   *old = GetSecurityLabel(object, policy);

			if (old != NULL &&
				anon_label_parse(old).kind == ANON_LABEL_FUNCTION_RESTRICTED)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("function %s is labelled RESTRICTED", format_procedure(object->objectId)),
						 errdetail("Labelling it TRUSTED would replace that label and let masked roles call it."),
						 errhint("Label its schema TRUSTED to use it in rules, or remove the RESTRICTED label first "
								 "(SECURITY LABEL FOR %s ON FUNCTION ... IS NULL).", policy)));
		}
	}
	/*
	 * The RESTRICTED bits and the trust of every analysed rule are cached
	 * per backend (rules.c): drop them everywhere, so that a function newly
	 * RESTRICTED is refused to masked roles at their next query.  On a
	 * Citus coordinator, the label goes to every worker at commit.
	 */
	CacheInvalidateRelcacheAll();
	anon_citus_sync_request();
}

static void
anon_relabel_database(const ObjectAddress *object, const char *seclabel,
					  const char *policy)
{
	anon_require_superuser("databases", policy);
	if (seclabel != NULL)
	{
		AnonLabel	label = anon_label_parse(seclabel);
		Relation	rel;

		if (!anon_label_allowed_on(label.kind, ANON_ON_DATABASE))
			anon_bad_label(seclabel, "a database", ANON_ON_DATABASE);
		/* the sample is checked against this database's catalog */
		if (object->objectId != MyDatabaseId)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("cannot set the sampling label of another database"),
					 errhint("Connect to that database to label it.")));
		/* a database's default sample: checked against any table, here pg_class */
		rel = table_open(RelationRelationId, AccessShareLock);
		(void) anon_tablesample_analyse(rel, label.expr, policy);
		table_close(rel, AccessShareLock);
	}
	CacheInvalidateRelcacheAll();
}

/*
 * A masked role must not unmask itself or its data.  Owning a table is
 * enough to label its columns, and a masked role may own one (a scratch
 * table, or by mistake): checking the reader, not the owner, keeps a masked
 * session from writing NOT MASKED or a weaker rule whatever it owns.  The
 * current user, else the session user, counts (anon_reader_policy), so SET
 * ROLE and SECURITY DEFINER functions do not open a way around it.
 */
static void
anon_refuse_masked_relabel(void)
{
	if (anon_reader_policy() >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("masked roles cannot set or remove masking labels"),
				 errhint("Ask a role that is not labelled MASKED to change the policy.")));
}

void
anon_relabel(const ObjectAddress *object, const char *seclabel,
			 const char *policy)
{
	anon_refuse_masked_relabel();
	switch (object->classId)
	{
		case RelationRelationId:
			if (object->objectSubId == 0)
				anon_relabel_relation(object, seclabel, policy);
			else
				anon_relabel_column(object, seclabel, policy);
			break;
		case AuthIdRelationId:
			anon_relabel_role(object, seclabel, policy);
			break;
		case NamespaceRelationId:
			anon_relabel_schema(object, seclabel, policy);
			break;
		case DatabaseRelationId:
			anon_relabel_database(object, seclabel, policy);
			break;
		case ProcedureRelationId:
			anon_relabel_function(object, seclabel, policy);
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("%s labels are not supported on %s", policy,
							getObjectTypeDescription(object, false)),
					 errhint("Label columns, tables, roles, schemas, functions or the database.")));
	}
}

/* provider "k_anonymity": PostgreSQL Anonymizer's INDIRECT IDENTIFIER */
void
anon_kanon_relabel(const ObjectAddress *object, const char *seclabel)
{
	anon_refuse_masked_relabel();
	if (object->classId != RelationRelationId || object->objectSubId == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s labels are not supported on %s", ANON_KANON_PROVIDER,
						getObjectTypeDescription(object, false)),
				 errhint("Label columns: SECURITY LABEL FOR k_anonymity ON COLUMN t.c IS 'INDIRECT IDENTIFIER'.")));
	if (seclabel != NULL &&
		!anon_label_allowed_on(anon_label_parse(seclabel).kind, ANON_ON_KANON))
		anon_bad_label(seclabel, "a column", ANON_ON_KANON);
	CacheInvalidateRelcacheByRelid(object->objectId);
}
