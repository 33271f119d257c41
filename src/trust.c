/*-------------------------------------------------------------------------
 *
 * trust.c
 *		What a masking rule may call.
 *
 * A rule runs as whoever reads the table (dynamic masking), and as the
 * table's owner inside a security-restricted operation everywhere else.
 * Its author is the table's owner, who is not trusted beyond his own
 * tables: a rule that could run arbitrary code would run the owner's code
 * with the rights of every reader, including a superuser who previews a
 * masked role with SET ROLE (and that code could RESET ROLE).  So a rule
 * may only run code that a superuser vouched for, or code that by its
 * nature cannot run other code nor change state.  The rule, by property
 * rather than by a list of bad names:
 *
 *	 - functions of a schema labelled TRUSTED, and single functions
 *	   labelled TRUSTED, by a superuser: vouched for;
 *	 - functions of anon that are PARALLEL SAFE: the masking functions;
 *	   anon marks PARALLEL UNSAFE its functions that write (anonymize_*,
 *	   keys, labels, k_anonymity_query) and PARALLEL RESTRICTED those that
 *	   run queries or read session state (detect, the DP ledger, progress);
 *	 - functions of pg_catalog that initdb created (OID below
 *	   FirstNormalObjectId: not something an extension or a superuser put in
 *	   pg_catalog later), written in internal, C or SQL, that are plain
 *	   functions (not aggregates, window functions or procedures), neither
 *	   take nor return "internal" or a handler type, are not VOLATILE
 *	   (PostgreSQL's contract for functions that change no state), and are
 *	   PARALLEL SAFE (PostgreSQL's mark for functions that run no queries
 *	   and touch no session state a parallel worker lacks: this is what
 *	   excludes the SQL-text executors query_to_xml, table_to_xml and the
 *	   rest of the *_to_xml family, ts_stat, ts_rewrite(tsquery, text), the
 *	   statistics readers, cursors, prepared statements), and do not return
 *	   a set; plus two VOLATILE functions that only draw randomness
 *	   (random, gen_random_uuid), and minus current_setting and
 *	   pg_show_all_settings, whose answer the reader chooses (a rule that
 *	   reads a setting lets the masked reader steer his own mask), and
 *	   minus the input functions that take the type to build as an
 *	   argument (record_in, array_in, domain_in, range_in, ...) and
 *	   pg_input_is_valid / pg_input_error_info: called directly they build
 *	   a value of a type chosen at run time, whose domains' checks (the
 *	   owner's code) the check of the rule's types never saw.  A cast
 *	   reaches the same functions with its own, checked, type.
 *
 * Everything else in pg_catalog is refused: set_config, setval, nextval,
 * pg_notify, large objects, advisory locks, signals, pg_sleep, file and
 * directory readers are all VOLATILE.  sql/23_trust.sql applies the rule to
 * every function of pg_catalog and lists what it admits.
 *
 * The check is made on the analysed expression, so it sees what actually
 * runs whatever the rule's text says: the functions of function calls,
 * operators, casts and I/O coercions, the default arguments the planner
 * will add, and every type whose input runs a domain's checks (domain
 * checks are arbitrary expressions: only domains of trusted schemas are
 * accepted).  Subqueries, aggregates, window functions and set-returning
 * functions are refused: a rule is one value computed from one row.  No
 * function, operator, type or collation of a temporary schema is accepted,
 * whatever the search path: a reader's temporary objects must never take
 * the place of what the rule's author meant.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/transam.h"
#include "catalog/namespace.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_cast.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_language.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "commands/seclabel.h"
#include "nodes/execnodes.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "compat.h"
#include "anon.h"
#include "label.h"
#include "mask_jsonb.h"
#include "trust.h"

typedef struct AnonTrustWalk
{
	const char *policy;
	const char *subject;
	List	   *types_read;		/* types already checked as read */
	List	   *types_built;	/* types already checked as built */
	int			depth;			/* default arguments within defaults */
	bool		soft;			/* answer instead of raising an error */
	bool		failed;			/* soft: something was refused */
	bool		io_coercion;	/* checking the functions of a CoerceViaIO */
} AnonTrustWalk;

static bool anon_trust_walker(Node *node, AnonTrustWalk *ctx);

/* is the object labelled TRUSTED for the policy or for anon? */
static bool
anon_labelled_trusted(Oid classid, Oid objid, const char *policy)
{
	ObjectAddress addr;
	char	   *label;

	ObjectAddressSet(addr, classid, objid);
	label = GetSecurityLabel(&addr, policy);
	if (label && anon_label_parse(label).kind == ANON_LABEL_TRUSTED)
		return true;
	if (strcmp(policy, ANON_DEFAULT_POLICY) != 0)
	{
		label = GetSecurityLabel(&addr, ANON_DEFAULT_POLICY);
		if (label && anon_label_parse(label).kind == ANON_LABEL_TRUSTED)
			return true;
	}
	return false;
}

/* is the function labelled TRUSTED for any policy? */
bool
anon_function_labelled_trusted(Oid funcid)
{
	int			i;

	for (i = 0; i < anon_policy_count(); i++)
		if (anon_labelled_trusted(ProcedureRelationId, funcid, anon_policy_name(i)))
			return true;
	return false;
}

bool
anon_schema_is_trusted(Oid nspid, const char *policy)
{
	if (!OidIsValid(nspid))
		return false;
	/* a temporary schema is the session's own: never vouched for */
	if (isAnyTempNamespace(nspid))
		return false;
	if (nspid == PG_CATALOG_NAMESPACE)
		return true;
	if (nspid == get_namespace_oid("anon", true))
		return true;
	return anon_labelled_trusted(NamespaceRelationId, nspid, policy);
}

/* built-ins that are VOLATILE only because they draw randomness */
static const char *const anon_random_draws[] = {
	"random", "random_normal", "gen_random_uuid", "uuidv4", NULL
};

/* built-ins that read settings, which the reader of a table chooses */
static const char *const anon_setting_readers[] = {
	"current_setting", "pg_show_all_settings", NULL
};

/* the refusal of a call that builds a value of a type chosen at run time */
static const char anon_refusal_type_input[] =
"builds a value of a type chosen at run time, running the checks of its domains";

/* built-ins that run the input function of a type named by a text argument */
static const char *const anon_type_by_name[] = {
	"pg_input_is_valid", "pg_input_error_info", NULL
};

static bool
anon_name_in(const char *name, const char *const *names)
{
	for (; *names != NULL; names++)
		if (strcmp(name, *names) == 0)
			return true;
	return false;
}

/* the property rule for the functions of pg_catalog (see the header) */
static const char *
anon_builtin_refusal(Oid funcid, Form_pg_proc proc)
{
	int			i;

	if (funcid >= FirstNormalObjectId)
		return "was added to pg_catalog after initdb: it is not built in";
	if (proc->prokind != PROKIND_FUNCTION)
		return "is an aggregate, a window function or a procedure";
	if (proc->proretset)
		return "returns a set";
	if (proc->prolang != INTERNALlanguageId && proc->prolang != ClanguageId &&
		proc->prolang != SQLlanguageId)
		return "is written in a procedural language";
	for (i = 0; i < proc->pronargs; i++)
		if (proc->proargtypes.values[i] == INTERNALOID)
			return "takes an argument of type internal";

	/*
	 * The input functions that take the type to build as an argument
	 * (record_in, array_in, domain_in, range_in, multirange_in, enum_in):
	 * called directly, the type may be any, named at run time, and its
	 * input runs the checks of the domains it holds, which the check of the
	 * rule's types never saw.  A cast reaches them with its own type, which
	 * is checked (anon_trust_function lets them pass there).
	 */
	if (proc->pronargs >= 2 && proc->proargtypes.values[0] == CSTRINGOID &&
		proc->proargtypes.values[1] == OIDOID)
		return anon_refusal_type_input;
	/* the same, with the type named by a text argument (PostgreSQL 16 and later) */
	if (anon_name_in(NameStr(proc->proname), anon_type_by_name))
		return anon_refusal_type_input;
	switch (proc->prorettype)
	{
		case INTERNALOID:
		case TRIGGEROID:
		case EVENT_TRIGGEROID:
		case LANGUAGE_HANDLEROID:
		case FDW_HANDLEROID:
		case INDEX_AM_HANDLEROID:
		case TSM_HANDLEROID:
		case TABLE_AM_HANDLEROID:
			return "returns a handler or an internal value";
		default:
			break;
	}
	if (proc->provolatile == PROVOLATILE_VOLATILE)
	{
		/*
		 * Volatile only because each call draws fresh randomness (names, not
		 * OIDs: later PostgreSQL versions add overloads and random_normal).
		 */
		if (anon_name_in(NameStr(proc->proname), anon_random_draws))
			return NULL;
		return "is VOLATILE: it may change the state of the database or of the session";
	}
	if (proc->proparallel != PROPARALLEL_SAFE)
		return "is not PARALLEL SAFE: it may run queries or read the state of the session";
	/* the reader sets the values these read: a rule must not depend on them */
	if (anon_name_in(NameStr(proc->proname), anon_setting_readers))
		return "reads settings that the reader of the table chooses";
	return NULL;
}

const char *
anon_function_refusal(Oid funcid, const char *policy)
{
	HeapTuple	tup;
	Form_pg_proc proc;
	const char *refusal = NULL;
	Oid			nspid;

	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for function %u", funcid);
	proc = (Form_pg_proc) GETSTRUCT(tup);
	nspid = proc->pronamespace;

	if (isAnyTempNamespace(nspid))
		refusal = "is a temporary function";
	else if (anon_labelled_trusted(ProcedureRelationId, funcid, policy))
		refusal = NULL;			/* a superuser vouched for this one */
	else if (nspid == PG_CATALOG_NAMESPACE)
		refusal = anon_builtin_refusal(funcid, proc);
	else if (nspid == get_namespace_oid("anon", true))
	{
		/* the extension marks what writes UNSAFE, what runs queries RESTRICTED */
		if (proc->proparallel != PROPARALLEL_SAFE)
			refusal = "is one of anon's functions that write, run queries or read session state";
	}
	else if (!anon_labelled_trusted(NamespaceRelationId, nspid, policy))
		refusal = "is not in a trusted schema";
	ReleaseSysCache(tup);
	return refusal;
}

static void
anon_trust_refuse_function(Oid funcid, const char *refusal, AnonTrustWalk *ctx)
{
	ctx->failed = true;
	if (ctx->soft)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("masking rule of %s calls function %s, which a rule may not call",
					ctx->subject, format_procedure(funcid)),
			 errdetail("The function %s.", refusal),
			 errhint("A rule may call anon's masking functions, built-in functions that cannot run other code "
					 "or change state, and functions a superuser labelled TRUSTED "
					 "(SECURITY LABEL FOR %s ON SCHEMA s IS 'TRUSTED', or ON FUNCTION f).",
					 ctx->policy)));
}

static void
anon_trust_refuse_temp(const char *what, const char *name, AnonTrustWalk *ctx)
{
	ctx->failed = true;
	if (ctx->soft)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("masking rule of %s uses temporary %s %s", ctx->subject, what, name),
			 errdetail("Names in rules resolve in pg_catalog and anon; temporary objects belong to one session."),
			 errhint("Qualify the name with the schema of the object meant.")));
}

/* check_functions_in_node callback: refuse, or walk the defaults */
static bool
anon_trust_function(Oid funcid, void *context)
{
	AnonTrustWalk *ctx = (AnonTrustWalk *) context;
	const char *refusal = anon_function_refusal(funcid, ctx->policy);
	HeapTuple	tup;

	/* a cast's input function builds the cast's type, checked by the walker */
	if (refusal == anon_refusal_type_input && ctx->io_coercion)
		refusal = NULL;
	if (refusal != NULL)
	{
		if (isAnyTempNamespace(get_func_namespace(funcid)))
			anon_trust_refuse_temp("function", get_func_name(funcid), ctx);
		else
			anon_trust_refuse_function(funcid, refusal, ctx);
		return true;
	}

	/*
	 * The parser leaves default arguments out of the call; the planner adds
	 * them, so they run too.  Check every default of the function.
	 */
	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for function %u", funcid);
	if (((Form_pg_proc) GETSTRUCT(tup))->pronargdefaults > 0 && ctx->depth < 8)
	{
		bool		isnull;
		Datum		d = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_proargdefaults, &isnull);

		if (!isnull)
		{
			Node	   *defaults = stringToNode(TextDatumGetCString(d));

			ctx->depth++;
			(void) anon_trust_walker(defaults, ctx);
			ctx->depth--;
		}
	}
	ReleaseSysCache(tup);
	return ctx->failed;
}

/*
 * A type the expression builds a value of: never temporary; if its input
 * runs a domain's checks (the type is a domain, or holds one in an array,
 * a composite or a range), that domain must be in a trusted schema, since
 * its CHECK expressions run as the reader.
 */
static void
anon_trust_type(Oid typid, bool built, AnonTrustWalk *ctx)
{
	HeapTuple	tup;
	Form_pg_type typ;
	Oid			elem = InvalidOid;
	Oid			nspid;
	char		typtype;
	Oid			typrelid;

	List	  **seen = built ? &ctx->types_built : &ctx->types_read;

	if (!OidIsValid(typid) || list_member_oid(*seen, typid))
		return;
	*seen = lappend_oid(*seen, typid);

	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for type %u", typid);
	typ = (Form_pg_type) GETSTRUCT(tup);
	nspid = typ->typnamespace;
	typtype = typ->typtype;
	typrelid = typ->typrelid;
	if (IsTrueArrayType(typ))
		elem = typ->typelem;
	else if (typtype == TYPTYPE_DOMAIN)
		elem = typ->typbasetype;
	ReleaseSysCache(tup);

	if (isAnyTempNamespace(nspid))
	{
		anon_trust_refuse_temp("type", format_type_be(typid), ctx);
		return;
	}
	if (built && typtype == TYPTYPE_DOMAIN && !anon_schema_is_trusted(nspid, ctx->policy))
	{
		ctx->failed = true;
		if (ctx->soft)
			return;
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("masking rule of %s builds a value of domain %s, which is not in a trusted schema",
						ctx->subject, format_type_be(typid)),
				 errdetail("A domain's checks run whenever a value of it is built, as whoever reads the table."),
				 errhint("Define the domain in a schema labelled TRUSTED, or cast to its base type.")));
	}

	/*
	 * A trusted schema vouches for the domain, not for the functions its
	 * CHECK constraints call: they run on every value built, so they pass
	 * the same check as the rule (its base domains are walked below).
	 */
	if (built && typtype == TYPTYPE_DOMAIN)
	{
		DomainConstraintRef *ref = palloc(sizeof(DomainConstraintRef));
		ListCell   *lc;

		InitDomainConstraintRef(typid, ref, CurrentMemoryContext, false);
		foreach(lc, ref->constraints)
		{
			DomainConstraintState *con = (DomainConstraintState *) lfirst(lc);

			if (con->constrainttype == DOM_CONSTRAINT_CHECK &&
				anon_trust_walker((Node *) con->check_expr, ctx))
				return;
		}
	}

	/*
	 * to_json, to_jsonb, row_to_json, json_build_object and the rest turn a
	 * value of a type that is not built in with the type's cast to json or
	 * jsonb, found at run time: the cast's function runs as the reader,
	 * whether the rule reads or builds the value.  (They look through
	 * domains, whose base type is walked below.)
	 */
	if (typid >= FirstNormalObjectId && typtype != TYPTYPE_DOMAIN)
	{
		Oid			targets[2] = {JSONOID, JSONBOID};
		int			i;

		for (i = 0; i < 2 && !ctx->failed; i++)
		{
			HeapTuple	ctup = SearchSysCache2(CASTSOURCETARGET,
											   ObjectIdGetDatum(typid),
											   ObjectIdGetDatum(targets[i]));
			Oid			castfunc = InvalidOid;
			const char *refusal = NULL;

			if (!HeapTupleIsValid(ctup))
				continue;
			if (((Form_pg_cast) GETSTRUCT(ctup))->castmethod == COERCION_METHOD_FUNCTION)
				castfunc = ((Form_pg_cast) GETSTRUCT(ctup))->castfunc;
			ReleaseSysCache(ctup);
			if (OidIsValid(castfunc))
				refusal = anon_function_refusal(castfunc, ctx->policy);
			if (refusal == NULL)
				continue;
			ctx->failed = true;
			if (ctx->soft)
				return;
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("masking rule of %s uses type %s, whose cast to %s calls function %s, which a rule may not call",
							ctx->subject, format_type_be(typid), format_type_be(targets[i]),
							format_procedure(castfunc)),
					 errdetail("The JSON functions convert a value with its type's cast to json, as whoever reads the table; that function %s.",
							   refusal),
					 errhint("Drop the cast, or have a superuser label its function TRUSTED.")));
		}
		if (ctx->failed)
			return;
	}

	if (OidIsValid(elem))
		anon_trust_type(elem, built, ctx);
	if (ctx->failed)
		return;
	if (typtype == TYPTYPE_RANGE)
		anon_trust_type(get_range_subtype(typid), built, ctx);
	else if (typtype == TYPTYPE_MULTIRANGE)
		anon_trust_type(get_multirange_range(typid), built, ctx);
	else if (typtype == TYPTYPE_COMPOSITE && OidIsValid(typrelid))
	{
		TupleDesc	desc = lookup_rowtype_tupdesc(typid, -1);
		int			i;

		for (i = 0; i < desc->natts; i++)
			if (!TupleDescAttr(desc, i)->attisdropped)
				anon_trust_type(TupleDescAttr(desc, i)->atttypid, built, ctx);
		ReleaseTupleDesc(desc);
	}
}

static void
anon_trust_operator(Oid opno, AnonTrustWalk *ctx)
{
	HeapTuple	tup = SearchSysCache1(OPEROID, ObjectIdGetDatum(opno));
	Oid			nspid;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for operator %u", opno);
	nspid = ((Form_pg_operator) GETSTRUCT(tup))->oprnamespace;
	ReleaseSysCache(tup);
	if (isAnyTempNamespace(nspid))
		anon_trust_refuse_temp("operator", get_opname(opno), ctx);
}

static void
anon_trust_collation(Oid collid, AnonTrustWalk *ctx)
{
	HeapTuple	tup;
	Oid			nspid;

	if (!OidIsValid(collid))
		return;
	tup = SearchSysCache1(COLLOID, ObjectIdGetDatum(collid));
	if (!HeapTupleIsValid(tup))
		return;
	nspid = ((Form_pg_collation) GETSTRUCT(tup))->collnamespace;
	ReleaseSysCache(tup);
	if (isAnyTempNamespace(nspid))
		anon_trust_refuse_temp("collation", get_collation_name(collid), ctx);
}

static void
anon_trust_refuse_node(const char *what, AnonTrustWalk *ctx)
{
	ctx->failed = true;
	if (ctx->soft)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("masking rule of %s cannot contain %s", ctx->subject, what),
			 errdetail("A rule computes one value from one row of its table."),
			 errhint("Write an expression over the row's columns; to look values up, "
					 "call a function of a schema labelled TRUSTED.")));
}

static bool
anon_trust_walker(Node *node, AnonTrustWalk *ctx)
{
	if (node == NULL)
		return false;

	check_stack_depth();

	/* what a rule cannot be, whatever it calls */
	switch (nodeTag(node))
	{
		case T_SubLink:
		case T_SubPlan:
		case T_AlternativeSubPlan:
		case T_Query:
			anon_trust_refuse_node("a subquery", ctx);
			break;
		case T_Aggref:
		case T_GroupingFunc:
			anon_trust_refuse_node("an aggregate", ctx);
			break;
		case T_WindowFunc:
			anon_trust_refuse_node("a window function", ctx);
			break;
		case T_Param:
		case T_NextValueExpr:
		case T_CurrentOfExpr:
		case T_SetToDefault:
			anon_trust_refuse_node("a parameter or a sequence", ctx);
			break;
		default:
			break;
	}
	if (ctx->failed)
		return true;

	/* operators and collations are looked up by name: none temporary */
	switch (nodeTag(node))
	{
		case T_OpExpr:
		case T_DistinctExpr:
		case T_NullIfExpr:
			anon_trust_operator(((OpExpr *) node)->opno, ctx);
			break;
		case T_ScalarArrayOpExpr:
			anon_trust_operator(((ScalarArrayOpExpr *) node)->opno, ctx);
			break;
		case T_RowCompareExpr:
			{
				ListCell   *lc;

				foreach(lc, ((RowCompareExpr *) node)->opnos)
					anon_trust_operator(lfirst_oid(lc), ctx);
			}
			break;
		case T_CollateExpr:
			anon_trust_collation(((CollateExpr *) node)->collOid, ctx);
			break;
		default:
			break;
	}

	if (ctx->failed)
		return true;

	/* every function it runs: calls, operators, casts, I/O coercions */
	ctx->io_coercion = IsA(node, CoerceViaIO);
	if (check_functions_in_node(node, anon_trust_function, ctx))
	{
		ctx->io_coercion = false;
		return true;
	}
	ctx->io_coercion = false;

	/*
	 * anon.mask_jsonb calls the functions its rules document names: they
	 * are checked here, as if the rule called them itself.
	 */
	if (IsA(node, FuncExpr) && anon_is_mask_jsonb(((FuncExpr *) node)->funcid) &&
		!anon_mask_jsonb_check_rules((FuncExpr *) node, ctx->policy, ctx->subject,
									 ctx->soft))
	{
		ctx->failed = true;
		return true;
	}

	/* the type of every value (a column's value is read, not built) */
	if (IsA(node, Var))
		anon_trust_type(((Var *) node)->vartype, false, ctx);
	else if (IsA(node, List) || IsA(node, IntList) || IsA(node, OidList) ||
			 IsA(node, CaseWhen))
		;						/* not values */
	else if (IsA(node, CaseTestExpr) || IsA(node, CoerceToDomainValue))
		;						/* placeholders for a value checked elsewhere */
	else if (IsA(node, NamedArgExpr))
		;						/* its argument is walked */
	else
	{
		anon_trust_type(exprType(node), true, ctx);
		anon_trust_collation(exprCollation(node), ctx);
		if (expression_returns_set(node) &&
			(IsA(node, FuncExpr) || IsA(node, OpExpr)))
			anon_trust_refuse_node("a set-returning function", ctx);
	}
	if (ctx->failed)
		return true;

	return expression_tree_walker(node, anon_trust_walker, (void *) ctx);
}

void
anon_trust_check_expression(Node *expr, const char *policy, const char *subject)
{
	AnonTrustWalk ctx;

	ctx.policy = policy;
	ctx.subject = subject;
	ctx.types_read = NIL;
	ctx.types_built = NIL;
	ctx.depth = 0;
	ctx.soft = anon_trust_deferred;
	ctx.failed = false;
	ctx.io_coercion = false;
	(void) anon_trust_walker(expr, &ctx);
	list_free(ctx.types_read);
	list_free(ctx.types_built);
}

bool		anon_trust_deferred = false;

bool
anon_expression_is_trusted(Node *expr, const char *policy)
{
	AnonTrustWalk ctx;

	ctx.policy = policy;
	ctx.subject = NULL;
	ctx.types_read = NIL;
	ctx.types_built = NIL;
	ctx.depth = 0;
	ctx.soft = true;
	ctx.failed = false;
	ctx.io_coercion = false;
	(void) anon_trust_walker(expr, &ctx);
	list_free(ctx.types_read);
	list_free(ctx.types_built);
	return !ctx.failed;
}

/* ---- SQL functions ---- */

PG_FUNCTION_INFO_V1(anon_rule_may_call);

/*
 * anon.rule_may_call(regprocedure, policy name): may a masking rule of the
 * policy call the function?  The property rule above, as a predicate, so
 * that a test can apply it to every function of pg_catalog.
 */
Datum
anon_rule_may_call(PG_FUNCTION_ARGS)
{
	Oid			funcid = PG_GETARG_OID(0);
	char	   *policy = PG_NARGS() > 1 ? NameStr(*PG_GETARG_NAME(1)) : ANON_DEFAULT_POLICY;

	if (!SearchSysCacheExists1(PROCOID, ObjectIdGetDatum(funcid)))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(anon_function_refusal(funcid, policy) == NULL);
}
