/*-------------------------------------------------------------------------
 *
 * validate.c
 *		The C side of anon.validate(), anon.check_masking() and
 *		anon.coverage() (sqlsrc/33_validate.sql): read-only queries run as
 *		a table's owner, and what the masks of a policy do to keys.
 *
 * These reports are dry runs.  They read the catalog, and some of them
 * read a bounded sample of a table: coverage counts which detectors match
 * sampled values, check_masking evaluates the masks on sampled rows and
 * checks the constraints a masked copy keeps.  Both read raw values, so:
 *
 * - Masked and DIFFERENTIAL PRIVACY readers are refused outright
 *   (anon_validate_refuse_masked): their session user or current user, or a
 *   role they belong to, is labelled; the reports give statistics about raw
 *   values that such a role must not learn.
 * - A sample is read only by a caller with the privileges of the table's
 *   owner (a superuser, the owner or a member of it), and as the owner, in
 *   a security-restricted operation with search_path = pg_catalog, pg_temp,
 *   as static masking runs rules: a rule, a CHECK expression or a type
 *   written by the owner never runs with the caller's rights.
 * - The statement runs through SPI in read-only mode (SPI refuses anything
 *   but a query), inside a subtransaction that is always rolled back: even
 *   a volatile function that writes leaves nothing behind.
 * - An error raised inside (a rule that fails on a value, a CHECK that
 *   cannot be evaluated) is caught and reported by its SQLSTATE only: the
 *   message of such an error may quote the value, which the report must
 *   never show.
 *
 * anon_validate_key_refusal() says whether the masks of a foreign key's two
 * columns keep every row referencing the same row (the rule static_copy.c
 * applies before a masked copy, Greenmask's apply_for_references), and
 * anon_validate_mask_traits() what a column's mask does to a unique key:
 * one constant, random values, a deterministic but lossy function, or a
 * keyed pseudonym or hash (injective).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/array.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/resowner.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "keys.h"
#include "dp_guard.h"
#include "fk_consistency.h"
#include "label.h"
#include "mask.h"
#include "rules.h"
#include "static.h"
#include "validate.h"

PG_FUNCTION_INFO_V1(anon_validate_assert_unmasked);
PG_FUNCTION_INFO_V1(anon_validate_query_as_owner);
PG_FUNCTION_INFO_V1(anon_validate_mask_traits_sql);
PG_FUNCTION_INFO_V1(anon_validate_fkey_refusal);
PG_FUNCTION_INFO_V1(anon_validate_column_mask_sql);
PG_FUNCTION_INFO_V1(anon_validate_foreign_keys);

#define ANON_VALIDATE_SEARCH_PATH "pg_catalog, pg_temp"

/* ---- who may run the reports ---- */

void
anon_validate_refuse_masked(const char *what)
{
	if (anon_reader_policy() >= 0 || anon_dp_guard_applies())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("a masked or differential privacy role cannot run %s", what),
				 errdetail("The report is about raw values and the masking policy, which masked and differential privacy roles must not learn."),
				 errhint("Run it as the owner of the tables or as a superuser.")));
}

/* anon._assert_unmasked(what text): error for a masked or DP reader */
Datum
anon_validate_assert_unmasked(PG_FUNCTION_ARGS)
{
	anon_validate_refuse_masked(text_to_cstring(PG_GETARG_TEXT_PP(0)));
	PG_RETURN_VOID();
}

/* the owner of relid, after checking the caller has its privileges */
static Oid
anon_validate_owner(Oid relid)
{
	Oid			owner;

	if (!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));
	owner = anon_static_rel_owner(relid);
	if (!has_privs_of_role(GetUserId(), owner))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be owner of table %s", get_rel_name(relid))));
	return owner;
}

/* ---- read-only queries as the owner ---- */

/*
 * anon._query_as_owner(rel regclass, sql text) returns jsonb: run one
 * query (built by the caller, schema-qualified, quoted) as rel's owner, in
 * a security-restricted operation, read-only, in a subtransaction rolled
 * back afterwards; the first column of its first row, which must be jsonb
 * (NULL without a row).  An error becomes {"error": "<SQLSTATE>"}, without
 * its message; errors that must stop the statement (query cancel, out of
 * memory or disk, shutdown, internal errors) are raised again, without the
 * message either.
 */
Datum
anon_validate_query_as_owner(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	char	   *sql = text_to_cstring(PG_GETARG_TEXT_PP(1));
	MemoryContext oldcxt = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	Datum		result = (Datum) 0;
	bool		isnull = true;
	Oid			owner;
	bool		save_rule_check = anon_key_rule_check;

	anon_validate_refuse_masked("a validation query");
	owner = anon_validate_owner(relid);

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcxt);
	PG_TRY();
	{
		Oid			save_userid;
		int			save_sec;
		int			save_nestlevel;
		int			rc;

		GetUserIdAndSecContext(&save_userid, &save_sec);
		SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE |
							   SECURITY_RESTRICTED_OPERATION);
		save_nestlevel = NewGUCNestLevel();
		(void) set_config_option("search_path", ANON_VALIDATE_SEARCH_PATH,
								 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
								 true, 0, false);
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");

		/*
		 * Rules run here for a report, as the owner: an owner that holds
		 * no key computes with a throwaway one (keys.c), so a query it
		 * wrote cannot pseudonymize its guesses.
		 */
		anon_key_rule_check = true;
		rc = SPI_execute(sql, true, 1);
		anon_key_rule_check = save_rule_check;
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "validation query is not a SELECT: %s",
				 SPI_result_code_string(rc));
		if (SPI_processed > 0)
		{
			Datum		d;

			if (SPI_tuptable->tupdesc->natts < 1 ||
				SPI_gettypeid(SPI_tuptable->tupdesc, 1) != JSONBOID)
				elog(ERROR, "validation query must return jsonb");
			d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1,
							  &isnull);
			if (!isnull)
			{
				MemoryContext spicxt = MemoryContextSwitchTo(oldcxt);

				result = datumCopy(d, false, -1);
				MemoryContextSwitchTo(spicxt);
			}
		}
		SPI_finish();
		AtEOXact_GUC(false, save_nestlevel);
		SetUserIdAndSecContext(save_userid, save_sec);

		/* a dry run: nothing the query did is kept */
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;
		int			code;

		anon_key_rule_check = save_rule_check;
		MemoryContextSwitchTo(oldcxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
		code = edata->sqlerrcode;
		if (ERRCODE_TO_CATEGORY(code) == ERRCODE_OPERATOR_INTERVENTION ||
			ERRCODE_TO_CATEGORY(code) == ERRCODE_INSUFFICIENT_RESOURCES ||
			ERRCODE_TO_CATEGORY(code) == ERRCODE_INTERNAL_ERROR)
			ereport(ERROR,
					(errcode(code),
					 errmsg("validation of table %s was interrupted",
							get_rel_name(relid)),
					 errdetail("The error was SQLSTATE %s.",
							   unpack_sql_state(code))));
		result = DirectFunctionCall1(jsonb_in,
									 CStringGetDatum(psprintf("{\"error\": \"%s\"}",
															  unpack_sql_state(code))));
		isnull = false;
		FreeErrorData(edata);
	}
	PG_END_TRY();

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/* ---- what masks do to keys ---- */

/*
 * Why the masks of a foreign key's two columns would break it, as a clause
 * of validate's messages, or NULL: the rule masked copies and masked reads
 * apply (fk_consistency.c), so validate reports what they would refuse.
 */
const char *
anon_validate_key_refusal(Node *child, AttrNumber cattnum,
						  Node *parent, AttrNumber pattnum)
{
	const char *why = anon_fk_mask_refusal(child, cattnum, parent, pattnum);
	char	   *clause;
	size_t		len;

	if (why == NULL)
		return NULL;
	clause = pstrdup(why);
	clause[0] = pg_tolower((unsigned char) clause[0]);
	len = strlen(clause);
	if (len > 0 && clause[len - 1] == '.')
		clause[len - 1] = '\0';
	return clause;
}

/* functions whose value is a keyed pseudonym or a hash of their argument */
static bool
anon_validate_injective_func(Oid funcid)
{
	static const char *const anon_fns[] = {
		"digest", "hash", "ff1_encrypt", "ff3_1_encrypt", "pseudonymize",
		"pseudonymize_card"
	};
	static const char *const catalog_fns[] = {
		"md5", "sha224", "sha256", "sha384", "sha512"
	};
	Oid			nsp = get_func_namespace(funcid);
	char	   *name = get_func_name(funcid);
	char	   *nspname;
	int			i;

	if (name == NULL)
		return false;
	if (nsp == PG_CATALOG_NAMESPACE)
	{
		for (i = 0; i < lengthof(catalog_fns); i++)
			if (strcmp(name, catalog_fns[i]) == 0)
				return true;
		return false;
	}
	nspname = get_namespace_name(nsp);
	if (nspname == NULL || strcmp(nspname, "anon") != 0)
		return false;
	for (i = 0; i < lengthof(anon_fns); i++)
		if (strcmp(name, anon_fns[i]) == 0)
			return true;
	return false;
}

/* strip implicit casts and relabelling around a node */
static Node *
anon_validate_strip(Node *node)
{
	for (;;)
	{
		if (node == NULL)
			return NULL;
		if (IsA(node, RelabelType))
			node = (Node *) ((RelabelType *) node)->arg;
		else if (IsA(node, CoerceViaIO))
			node = (Node *) ((CoerceViaIO *) node)->arg;
		else if (IsA(node, FuncExpr) &&
				 ((FuncExpr *) node)->funcformat != COERCE_EXPLICIT_CALL &&
				 list_length(((FuncExpr *) node)->args) >= 1)
			node = (Node *) linitial(((FuncExpr *) node)->args);
		else
			return node;
	}
}

/*
 * Is expr a one-to-one function of column attnum alone?  The column, a
 * keyed pseudonym or hash of it (the other arguments constants), the
 * column shifted by a constant (+, -) or with a constant text joined to it
 * (||), or converted to text.  Conservative: anything else is not.
 */
static bool
anon_validate_injective(Node *expr, AttrNumber attnum)
{
	if (expr == NULL)
		return false;
	if (IsA(expr, Var))
		return ((Var *) expr)->varattno == attnum;
	if (IsA(expr, RelabelType))
		return anon_validate_injective((Node *) ((RelabelType *) expr)->arg, attnum);
	if (IsA(expr, CoerceViaIO))
		return ((CoerceViaIO *) expr)->resulttype == TEXTOID &&
			anon_validate_injective((Node *) ((CoerceViaIO *) expr)->arg, attnum);
	if (IsA(expr, FuncExpr))
	{
		FuncExpr   *f = (FuncExpr *) expr;
		ListCell   *lc;

		if (list_length(f->args) < 1)
			return false;
		/* an implicit cast to a wider type or to text */
		if (f->funcformat != COERCE_EXPLICIT_CALL && list_length(f->args) == 1 &&
			(f->funcresulttype == TEXTOID || f->funcresulttype == INT8OID ||
			 f->funcresulttype == NUMERICOID))
			return anon_validate_injective(linitial(f->args), attnum);
		if (!anon_validate_injective_func(f->funcid))
			return false;
		for_each_from(lc, f->args, 1)
		{
			if (!IsA(anon_validate_strip(lfirst(lc)), Const))
				return false;
		}
		return anon_validate_injective(linitial(f->args), attnum);
	}
	if (IsA(expr, OpExpr) && list_length(((OpExpr *) expr)->args) == 2)
	{
		OpExpr	   *op = (OpExpr *) expr;
		char	   *name = get_opname(op->opno);
		Node	   *l = linitial(op->args);
		Node	   *r = lsecond(op->args);

		if (name == NULL || get_op_rettype(op->opno) == BOOLOID ||
			!(strcmp(name, "+") == 0 || strcmp(name, "-") == 0 ||
			  strcmp(name, "||") == 0))
			return false;
		if (get_func_namespace(get_opcode(op->opno)) != PG_CATALOG_NAMESPACE)
			return false;
		if (IsA(anon_validate_strip(r), Const) && !((Const *) anon_validate_strip(r))->constisnull)
			return anon_validate_injective(l, attnum);
		if (IsA(anon_validate_strip(l), Const) && !((Const *) anon_validate_strip(l))->constisnull)
			return anon_validate_injective(r, attnum);
	}
	return false;
}

const char *
anon_validate_mask_traits(Node *mask, AttrNumber attnum)
{
	if (mask == NULL)
		return NULL;
	if (IsA(mask, Const))
		return ((Const *) mask)->constisnull ? "null" : "constant";
	if (contain_volatile_functions(mask))
		return "volatile";
	if (anon_fk_mask_reads_other(mask, attnum))
		return "other_columns";
	if (anon_validate_injective(mask, attnum))
		return "injective";
	if (!contain_var_clause(mask))
		return "constant";
	return "deterministic";
}

/*
 * The mask of one column of relid for a policy (rule, privacy by default,
 * MASKED WHEN), analysed as the table's owner under a fixed search path;
 * *broken when it does not analyse.
 */
static Node *
anon_validate_column_mask(Oid relid, AttrNumber attnum, int policy, bool *broken)
{
	MemoryContext oldcxt = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	Oid			owner = anon_static_rel_owner(relid);
	Node	   *mask = NULL;

	*broken = false;
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcxt);
	PG_TRY();
	{
		Oid			save_userid;
		int			save_sec;
		int			save_nestlevel;
		Relation	rel;
		Node	   *when;

		GetUserIdAndSecContext(&save_userid, &save_sec);
		SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE |
							   SECURITY_RESTRICTED_OPERATION);
		save_nestlevel = NewGUCNestLevel();
		(void) set_config_option("search_path", ANON_VALIDATE_SEARCH_PATH,
								 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
								 true, 0, false);
		rel = table_open(relid, AccessShareLock);
		when = anon_masked_when(rel, policy);
		mask = anon_column_mask(rel, policy, attnum, when);
		table_close(rel, AccessShareLock);
		AtEOXact_GUC(false, save_nestlevel);
		SetUserIdAndSecContext(save_userid, save_sec);
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(oldcxt);
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
		mask = NULL;
		*broken = true;
	}
	PG_END_TRY();
	return mask;
}

static int
anon_validate_policy(text *name)
{
	char	   *policy = text_to_cstring(name);
	int			pidx = anon_policy_index(policy);

	if (pidx < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("masking policy \"%s\" does not exist", policy),
				 errhint("Policies are listed by anon.policies().")));
	return pidx;
}

/*
 * anon._mask_traits(rel regclass, attnum smallint, policy text) returns
 * text: what the column's mask does to a key: NULL (not masked), null,
 * constant, volatile, other_columns, deterministic, injective, or broken
 * (the mask does not analyse).
 */
Datum
anon_validate_mask_traits_sql(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	AttrNumber	attnum = PG_GETARG_INT16(1);
	int			policy = anon_validate_policy(PG_GETARG_TEXT_PP(2));
	bool		broken;
	Node	   *mask;
	const char *traits;

	anon_validate_refuse_masked("anon.validate");
	(void) anon_validate_owner(relid);
	mask = anon_validate_column_mask(relid, attnum, policy, &broken);
	if (broken)
		PG_RETURN_TEXT_P(cstring_to_text("broken"));
	traits = anon_validate_mask_traits(mask, attnum);
	if (traits == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(traits));
}

/*
 * anon._fkey_refusal(rel regclass, conkey smallint[], confrel regclass,
 * confkey smallint[], policy text) returns text: NULL when the masks of the
 * policy keep every row of the foreign key (declared or virtual) of rel
 * referencing the same row; else which columns and why (never a value).
 */
Datum
anon_validate_fkey_refusal(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	ArrayType  *conkeys = PG_GETARG_ARRAYTYPE_P(1);
	Oid			confrelid = PG_GETARG_OID(2);
	ArrayType  *confkeys = PG_GETARG_ARRAYTYPE_P(3);
	int			policy = anon_validate_policy(PG_GETARG_TEXT_PP(4));
	Datum	   *ck;
	Datum	   *pk;
	int			nck;
	int			npk;
	int			i;

	anon_validate_refuse_masked("anon.validate");
	(void) anon_validate_owner(relid);
	(void) anon_validate_owner(confrelid);
	deconstruct_array(conkeys, INT2OID, 2, true, TYPALIGN_SHORT, &ck, NULL, &nck);
	deconstruct_array(confkeys, INT2OID, 2, true, TYPALIGN_SHORT, &pk, NULL, &npk);
	if (nck != npk)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a foreign key needs as many referenced as referencing columns")));

	for (i = 0; i < nck; i++)
	{
		AttrNumber	cattnum = DatumGetInt16(ck[i]);
		AttrNumber	pattnum = DatumGetInt16(pk[i]);
		bool		cbroken;
		bool		pbroken;
		Node	   *cmask = anon_validate_column_mask(relid, cattnum, policy, &cbroken);
		Node	   *pmask = anon_validate_column_mask(confrelid, pattnum, policy, &pbroken);
		const char *why;

		if (cbroken || pbroken)
			why = "a mask of the key does not analyse";
		else
			why = anon_validate_key_refusal(cmask, cattnum, pmask, pattnum);
		if (why != NULL)
			PG_RETURN_TEXT_P(cstring_to_text(psprintf("column %s references column %s of table %s: %s",
													  quote_identifier(get_attname(relid, cattnum, false)),
													  quote_identifier(get_attname(confrelid, pattnum, false)),
													  quote_qualified_identifier(get_namespace_name(get_rel_namespace(confrelid)),
																				 get_rel_name(confrelid)),
													  why)));
	}
	PG_RETURN_NULL();
}

/*
 * anon._foreign_keys(rel regclass, clones boolean) returns setof (conname,
 * is_virtual, confrelid, conkey, confkey, problem): the foreign keys masking
 * follows from rel (declared ones, with clones those PostgreSQL copies onto
 * partitions, and the virtual ones labels declare; fk_consistency.c).  A
 * virtual key that no longer resolves is one row with its error message as
 * problem (the message names objects, never values), so that a report
 * lists it instead of failing.  For the owner only: virtual keys are
 * labels, part of the policy.
 */
Datum
anon_validate_foreign_keys(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			relid = PG_GETARG_OID(0);
	MemoryContext oldcxt;
	ResourceOwner oldowner;
	List	   *fkeys = NIL;
	char	   *problem = NULL;
	ListCell   *lc;

	anon_validate_refuse_masked("anon.validate");
	InitMaterializedSRF(fcinfo, 0);
	if (!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)))
		return (Datum) 0;
	/* virtual keys are labels, part of the policy: for the owner only */
	(void) anon_validate_owner(relid);

	oldcxt = CurrentMemoryContext;
	oldowner = CurrentResourceOwner;
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcxt);
	PG_TRY();
	{
		fkeys = anon_fk_referencing(relid, PG_GETARG_BOOL(1), true);
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
		if (ERRCODE_TO_CATEGORY(edata->sqlerrcode) == ERRCODE_OPERATOR_INTERVENTION ||
			ERRCODE_TO_CATEGORY(edata->sqlerrcode) == ERRCODE_INSUFFICIENT_RESOURCES)
			ReThrowError(edata);
		problem = pstrdup(edata->message);
		FreeErrorData(edata);
		fkeys = NIL;
	}
	PG_END_TRY();

	if (problem != NULL)
	{
		Datum		values[6];
		bool		nulls[6] = {true, true, true, true, true, false};

		values[5] = CStringGetTextDatum(problem);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	foreach(lc, fkeys)
	{
		AnonForeignKey *fk = (AnonForeignKey *) lfirst(lc);
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, true};
		Datum	   *ck = palloc(sizeof(Datum) * fk->numfks);
		Datum	   *pk = palloc(sizeof(Datum) * fk->numfks);
		int			i;

		for (i = 0; i < fk->numfks; i++)
		{
			ck[i] = Int16GetDatum(fk->conkey[i]);
			pk[i] = Int16GetDatum(fk->confkey[i]);
		}
		values[0] = CStringGetTextDatum(fk->conname);
		values[1] = BoolGetDatum(fk->is_virtual);
		values[2] = ObjectIdGetDatum(fk->confrelid);
		values[3] = PointerGetDatum(construct_array(ck, fk->numfks, INT2OID, 2, true, TYPALIGN_SHORT));
		values[4] = PointerGetDatum(construct_array(pk, fk->numfks, INT2OID, 2, true, TYPALIGN_SHORT));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * anon._column_mask_sql(rel regclass, attnum smallint, policy text) returns
 * text: the mask of a column (rule, privacy by default, MASKED WHEN) as SQL
 * over the table's columns, every function outside pg_catalog qualified;
 * NULL when the column is shown as it is or its mask does not analyse.
 * Only for the table's owner: a rule may hold constants (salts).
 */
Datum
anon_validate_column_mask_sql(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	AttrNumber	attnum = PG_GETARG_INT16(1);
	int			policy = anon_validate_policy(PG_GETARG_TEXT_PP(2));
	bool		broken;
	Node	   *mask;
	char	   *sql;
	int			save_nestlevel;

	anon_validate_refuse_masked("anon.check_masking");
	(void) anon_validate_owner(relid);
	mask = anon_validate_column_mask(relid, attnum, policy, &broken);
	if (mask == NULL)
		PG_RETURN_NULL();
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
	sql = deparse_expression(mask,
							 deparse_context_for(get_rel_name(relid), relid),
							 false, false);
	AtEOXact_GUC(true, save_nestlevel);
	PG_RETURN_TEXT_P(cstring_to_text(sql));
}
