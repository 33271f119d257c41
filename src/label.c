/*-------------------------------------------------------------------------
 *
 * label.c
 *		The policy language: anon's label providers, and the parsing and
 *		validation of every label they accept.
 *
 * Policies live in the catalog as security labels.  Provider "anon" is
 * always registered; anon.masking_policies names more, each its own label
 * provider, so that one column can be masked one way for the roles of one
 * policy and another way for another's.  Provider "k_anonymity" accepts
 * PostgreSQL Anonymizer's 'INDIRECT IDENTIFIER' column labels.
 *
 *	 object   label                           meaning
 *	 column   MASKED WITH FUNCTION <expr>     masked value is the expression
 *	 column   MASKED WITH VALUE <constant>    masked value is the constant
 *	 column   NOT MASKED                      this column is safe to show
 *	 column   QUASI-IDENTIFIER                counts for k-anonymity
 *	 column   INDIRECT IDENTIFIER             the same (PostgreSQL Anonymizer)
 *	 column   PRIVACY UNIT                    identifies the person of a row
 *	 role     MASKED                          reads through masking
 *	 role     DIFFERENTIAL PRIVACY            may only read DP aggregates
 *	 schema   TRUSTED                         functions usable in rules
 *
 * Keywords are case-insensitive; the label is stored as written.  A label
 * is validated when it is written, never later at read time: a rule's
 * expression must parse as exactly one expression (the text is parsed as
 * "SELECT <expr>" and everything but one unnamed target is refused, so
 * nothing can be smuggled after it), it is analysed against the column's
 * relation under a fixed search_path (pg_catalog, anon), coerced to the
 * column's type, every function it runs (operators' and casts' functions
 * included) must live in a trusted schema, and it is evaluated once on a
 * row of the table inside a read-only section.  Labels on roles and
 * schemas need a superuser; a superuser cannot be masked.
 *
 * The relabel callback does not learn which provider called it, so each
 * policy gets its own small trampoline that passes the policy's name.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/relation.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_class.h"
#include "catalog/pg_database.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "commands/seclabel.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "nodes/makefuncs.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/analyze.h"
#include "parser/parse_coerce.h"
#include "parser/parse_collate.h"
#include "parser/parse_expr.h"
#include "parser/parse_func.h"
#include "parser/parse_node.h"
#include "parser/parse_relation.h"
#include "parser/parser.h"
#include "parser/parsetree.h"
#include "parser/scansup.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
#include "utils/varlena.h"

#include "compat.h"
#include "anon.h"
#include "label.h"
#include "rules.h"

#define ANON_MAX_POLICIES 8

/* the search_path under which every rule is analysed */
#define ANON_RULE_SEARCH_PATH "pg_catalog, anon"

/* ---- GUC variables ---- */

static char *anon_masking_policies_guc = NULL;

/* ---- Module state ---- */

static int	anon_npolicies = 0;
static char *anon_policies[ANON_MAX_POLICIES];

/* ---- Function declarations ---- */

static void anon_relabel(const ObjectAddress *object, const char *seclabel,
						 const char *policy);
static void anon_kanon_relabel(const ObjectAddress *object, const char *seclabel);

#define ANON_TRAMPOLINE(n) \
static void \
anon_relabel_##n(const ObjectAddress *object, const char *seclabel) \
{ \
	anon_relabel(object, seclabel, anon_policies[n]); \
}
ANON_TRAMPOLINE(0)
ANON_TRAMPOLINE(1)
ANON_TRAMPOLINE(2)
ANON_TRAMPOLINE(3)
ANON_TRAMPOLINE(4)
ANON_TRAMPOLINE(5)
ANON_TRAMPOLINE(6)
ANON_TRAMPOLINE(7)

static check_object_relabel_type anon_trampolines[ANON_MAX_POLICIES] = {
	anon_relabel_0, anon_relabel_1, anon_relabel_2, anon_relabel_3,
	anon_relabel_4, anon_relabel_5, anon_relabel_6, anon_relabel_7
};

/*
 * Split the policy list; the result always starts with "anon" and holds
 * no duplicates.  Returns false (with GUC_check_errdetail set when
 * checking) on a malformed list.
 */
static bool
anon_split_policies(const char *value, List **names, bool report)
{
	char	   *raw = pstrdup(value ? value : "");
	List	   *list = NIL;
	ListCell   *lc;

	if (!SplitIdentifierString(raw, ',', &list))
	{
		if (report)
			GUC_check_errdetail("The list of policies is not a valid list of names.");
		return false;
	}

	*names = list_make1(pstrdup(ANON_DEFAULT_POLICY));
	foreach(lc, list)
	{
		char	   *name = (char *) lfirst(lc);
		ListCell   *lc2;
		bool		dup = false;

		if (strcmp(name, ANON_KANON_PROVIDER) == 0)
		{
			if (report)
				GUC_check_errdetail("\"%s\" is reserved for k-anonymity labels.", name);
			return false;
		}
		foreach(lc2, *names)
			if (strcmp((char *) lfirst(lc2), name) == 0)
				dup = true;
		if (!dup)
			*names = lappend(*names, pstrdup(name));
	}
	if (list_length(*names) > ANON_MAX_POLICIES)
	{
		if (report)
			GUC_check_errdetail("At most %d policies can be registered.", ANON_MAX_POLICIES);
		return false;
	}
	return true;
}

static bool
anon_check_masking_policies(char **newval, void **extra, GucSource source)
{
	List	   *names;

	return anon_split_policies(*newval, &names, true);
}

void
anon_label_init(void)
{
	List	   *names;
	ListCell   *lc;

	DefineCustomStringVariable("anon.masking_policies",
							   "Names of the masking policies, each registered as a label provider.",
							   "The policy \"anon\" is always registered; list more names, separated by commas, "
							   "to mask a column differently for the roles of each policy.",
							   &anon_masking_policies_guc,
							   ANON_DEFAULT_POLICY,
							   PGC_POSTMASTER,
							   GUC_LIST_INPUT,
							   anon_check_masking_policies, NULL, NULL);

	if (!anon_split_policies(anon_masking_policies_guc, &names, false))
		names = list_make1(pstrdup(ANON_DEFAULT_POLICY));

	foreach(lc, names)
	{
		anon_policies[anon_npolicies] =
			MemoryContextStrdup(TopMemoryContext, (char *) lfirst(lc));
		register_label_provider(anon_policies[anon_npolicies],
								anon_trampolines[anon_npolicies]);
		anon_npolicies++;
	}
	register_label_provider(ANON_KANON_PROVIDER, anon_kanon_relabel);
}

int
anon_policy_count(void)
{
	return anon_npolicies;
}

const char *
anon_policy_name(int i)
{
	Assert(i >= 0 && i < anon_npolicies);
	return anon_policies[i];
}

int
anon_policy_index(const char *name)
{
	int			i;

	for (i = 0; i < anon_npolicies; i++)
		if (strcmp(anon_policies[i], name) == 0)
			return i;
	return -1;
}

/* ---- Parsing ---- */

/*
 * If p (after white space) starts with word, case-insensitively and not
 * followed by an identifier character, return the position after it.
 */
static const char *
anon_match_word(const char *p, const char *word)
{
	size_t		len = strlen(word);

	while (scanner_isspace(*p))
		p++;
	if (pg_strncasecmp(p, word, len) != 0)
		return NULL;
	p += len;
	if (isalnum((unsigned char) *p) || *p == '_' || *p == '-')
		return NULL;
	return p;
}

static bool
anon_at_end(const char *p)
{
	while (scanner_isspace(*p))
		p++;
	return *p == '\0';
}

/* the rest of the label, trimmed; NULL if empty */
static char *
anon_rest(const char *p)
{
	const char *end;

	while (scanner_isspace(*p))
		p++;
	end = p + strlen(p);
	while (end > p && scanner_isspace(end[-1]))
		end--;
	if (end == p)
		return NULL;
	return pnstrdup(p, end - p);
}

AnonLabel
anon_label_parse(const char *label)
{
	AnonLabel	result = {ANON_LABEL_INVALID, NULL};
	const char *p;
	const char *q;

	if ((p = anon_match_word(label, "MASKED")) != NULL)
	{
		if (anon_at_end(p))
			result.kind = ANON_LABEL_ROLE_MASKED;
		else if ((q = anon_match_word(p, "WHEN")) != NULL)
		{
			result.expr = anon_rest(q);
			if (result.expr)
				result.kind = ANON_LABEL_TABLE_MASKED_WHEN;
		}
		else if ((q = anon_match_word(p, "WITH")) != NULL)
		{
			const char *r;

			if ((r = anon_match_word(q, "FUNCTION")) != NULL)
			{
				result.expr = anon_rest(r);
				if (result.expr)
					result.kind = ANON_LABEL_MASKED_FUNCTION;
			}
			else if ((r = anon_match_word(q, "VALUE")) != NULL)
			{
				result.expr = anon_rest(r);
				if (result.expr)
					result.kind = ANON_LABEL_MASKED_VALUE;
			}
		}
	}
	else if ((p = anon_match_word(label, "NOT")) != NULL)
	{
		if ((q = anon_match_word(p, "MASKED")) != NULL && anon_at_end(q))
			result.kind = ANON_LABEL_NOT_MASKED;
	}
	else if ((p = anon_match_word(label, "QUASI-IDENTIFIER")) != NULL)
	{
		if (anon_at_end(p))
			result.kind = ANON_LABEL_QUASI_IDENTIFIER;
	}
	else if ((p = anon_match_word(label, "INDIRECT")) != NULL)
	{
		if ((q = anon_match_word(p, "IDENTIFIER")) != NULL && anon_at_end(q))
			result.kind = ANON_LABEL_QUASI_IDENTIFIER;
	}
	else if ((p = anon_match_word(label, "PRIVACY")) != NULL)
	{
		if ((q = anon_match_word(p, "UNIT")) != NULL && anon_at_end(q))
			result.kind = ANON_LABEL_PRIVACY_UNIT;
	}
	else if ((p = anon_match_word(label, "DIFFERENTIAL")) != NULL)
	{
		if ((q = anon_match_word(p, "PRIVACY")) != NULL && anon_at_end(q))
			result.kind = ANON_LABEL_ROLE_DP;
	}
	else if ((p = anon_match_word(label, "TRUSTED")) != NULL)
	{
		if (anon_at_end(p))
			result.kind = ANON_LABEL_SCHEMA_TRUSTED;
	}
	else if ((p = anon_match_word(label, "RESTRICTED")) != NULL)
	{
		if (anon_at_end(p))
			result.kind = ANON_LABEL_FUNCTION_RESTRICTED;
	}
	else if ((p = anon_match_word(label, "TABLESAMPLE")) != NULL)
	{
		result.expr = anon_rest(p);
		if (result.expr)
			result.kind = ANON_LABEL_TABLESAMPLE;
	}
	return result;
}

/* ---- Trust ---- */

bool
anon_schema_is_trusted(Oid nspid, const char *policy)
{
	ObjectAddress addr;
	char	   *label;

	if (nspid == PG_CATALOG_NAMESPACE)
		return true;
	if (OidIsValid(nspid) && nspid == get_namespace_oid("anon", true))
		return true;

	ObjectAddressSet(addr, NamespaceRelationId, nspid);
	label = GetSecurityLabel(&addr, policy);
	if (label && anon_label_parse(label).kind == ANON_LABEL_SCHEMA_TRUSTED)
		return true;
	if (strcmp(policy, ANON_DEFAULT_POLICY) != 0)
	{
		label = GetSecurityLabel(&addr, ANON_DEFAULT_POLICY);
		if (label && anon_label_parse(label).kind == ANON_LABEL_SCHEMA_TRUSTED)
			return true;
	}
	return false;
}

typedef struct AnonTrustContext
{
	const char *policy;
	Oid			bad_func;
	Oid			bad_type;
} AnonTrustContext;

static bool
anon_untrusted_function(Oid funcid, void *context)
{
	AnonTrustContext *ctx = (AnonTrustContext *) context;

	if (!anon_schema_is_trusted(get_func_namespace(funcid), ctx->policy))
	{
		ctx->bad_func = funcid;
		return true;
	}
	return false;
}

static Oid
anon_type_namespace(Oid typid)
{
	HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	Oid			nspid;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for type %u", typid);
	nspid = ((Form_pg_type) GETSTRUCT(tup))->typnamespace;
	ReleaseSysCache(tup);
	return nspid;
}

/* true if the expression runs anything from an untrusted schema */
static bool
anon_untrusted_walker(Node *node, AnonTrustContext *ctx)
{
	if (node == NULL)
		return false;
	if (check_functions_in_node(node, anon_untrusted_function, ctx))
		return true;
	if (IsA(node, CoerceToDomain))
	{
		/* a domain's CHECK constraints run code chosen by its owner */
		Oid			typid = ((CoerceToDomain *) node)->resulttype;

		DomainConstraintRef *ref;
		ListCell   *lc;

		if (!anon_schema_is_trusted(anon_type_namespace(typid), ctx->policy))
		{
			ctx->bad_type = typid;
			return true;
		}

		/*
		 * A trusted schema vouches for the domain, not for the functions
		 * its CHECK constraints call (those of its base domains included):
		 * they run on every value coerced into it, so they pass the same
		 * check as the rule itself.
		 */
		check_stack_depth();
		/* the reference lives as long as its context: not on the stack */
		ref = palloc(sizeof(DomainConstraintRef));
		InitDomainConstraintRef(typid, ref, CurrentMemoryContext, false);
		foreach(lc, ref->constraints)
		{
			DomainConstraintState *con = (DomainConstraintState *) lfirst(lc);

			if (con->constrainttype == DOM_CONSTRAINT_CHECK &&
				anon_untrusted_walker((Node *) con->check_expr, ctx))
				return true;
		}
	}
	return expression_tree_walker(node, anon_untrusted_walker, (void *) ctx);
}

/*
 * Does expr run only code that the policy trusts (the check a rule
 * passes)?  For the other expressions that masking evaluates: column
 * defaults shown by privacy by default, generation expressions recomputed
 * from masked values, domain defaults and constraints (mask.c).
 */
bool
anon_expression_is_trusted(Node *expr, const char *policy)
{
	AnonTrustContext trust = {policy, InvalidOid, InvalidOid};

	return !anon_untrusted_walker(expr, &trust);
}

/* ---- Analysis of a rule ---- */

typedef struct AnonRuleErrorContext
{
	const char *relname;
	const char *attname;
	const char *policy;
} AnonRuleErrorContext;

static void
anon_rule_error_callback(void *arg)
{
	AnonRuleErrorContext *ctx = (AnonRuleErrorContext *) arg;

	if (ctx->attname)
		errcontext("masking rule of column \"%s\".\"%s\" for policy \"%s\"",
				   ctx->relname, ctx->attname, ctx->policy);
	else
		errcontext("masking condition of table \"%s\" for policy \"%s\"",
				   ctx->relname, ctx->policy);
}

/* the one expression of "SELECT <expr>", or an error */
static Node *
anon_parse_one_expression(const char *exprtext, const char *subject)
{
	char	   *sql = psprintf("SELECT %s", exprtext);
	List	   *raw;
	RawStmt    *rs;
	SelectStmt *sel;
	ResTarget  *rt;

	raw = raw_parser(sql, RAW_PARSE_DEFAULT);
	if (list_length(raw) != 1)
		goto not_one;
	rs = linitial_node(RawStmt, raw);
	if (!IsA(rs->stmt, SelectStmt))
		goto not_one;
	sel = (SelectStmt *) rs->stmt;
	if (sel->op != SETOP_NONE || sel->distinctClause || sel->intoClause ||
		list_length(sel->targetList) != 1 || sel->fromClause ||
		sel->whereClause || sel->groupClause || sel->havingClause ||
		sel->windowClause || sel->valuesLists || sel->sortClause ||
		sel->limitOffset || sel->limitCount || sel->lockingClause ||
		sel->withClause)
		goto not_one;
	rt = linitial_node(ResTarget, sel->targetList);
	if (rt->name != NULL || rt->indirection != NIL)
		goto not_one;
	if (IsA(rt->val, ColumnRef) &&
		IsA(llast(((ColumnRef *) rt->val)->fields), A_Star))
		goto not_one;
	return rt->val;

not_one:
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("masking rule of %s must be exactly one expression",
					subject),
			 errhint("Write one expression over the row's columns, such as MASKED WITH FUNCTION anon.partial_email(email).")));
	return NULL;				/* keep compiler quiet */
}

Node *
anon_rule_analyse(Relation rel, AttrNumber attnum, const AnonLabel *label,
				  const char *policy)
{
	Form_pg_attribute att = attnum > 0 ? TupleDescAttr(RelationGetDescr(rel), attnum - 1) : NULL;
	const char *attname = att ? NameStr(att->attname) : NULL;
	const char *subject;
	AnonRuleErrorContext errctx;
	ErrorContextCallback errcallback;
	int			save_nestlevel;
	Node	   *rawexpr;
	ParseState *pstate;
	ParseNamespaceItem *nsitem;
	Node	   *expr;
	Node	   *coerced;
	Oid			exprtype;
	AnonTrustContext trust = {policy, InvalidOid, InvalidOid};

	Assert(label->kind == ANON_LABEL_MASKED_FUNCTION ||
		   label->kind == ANON_LABEL_MASKED_VALUE ||
		   (label->kind == ANON_LABEL_TABLE_MASKED_WHEN && attnum == 0));
	subject = att ? psprintf("column \"%s\"", attname) :
		psprintf("table \"%s\" (MASKED WHEN)", RelationGetRelationName(rel));

	errctx.relname = RelationGetRelationName(rel);
	errctx.attname = attname;
	errctx.policy = policy;
	errcallback.callback = anon_rule_error_callback;
	errcallback.arg = &errctx;
	errcallback.previous = error_context_stack;
	error_context_stack = &errcallback;

	/* names resolve the same way for every reader */
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", ANON_RULE_SEARCH_PATH,
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);

	rawexpr = anon_parse_one_expression(label->expr, subject);

	pstate = make_parsestate(NULL);
	pstate->p_sourcetext = label->expr;
	nsitem = addRangeTableEntryForRelation(pstate, rel, AccessShareLock,
										   NULL, false, false);
	addNSItemToQuery(pstate, nsitem, false, true, true);

	/* as in a generated column: no subqueries, aggregates or set-returning functions */
	expr = transformExpr(pstate, rawexpr, EXPR_KIND_GENERATED_COLUMN);
	exprtype = exprType(expr);
	if (att == NULL)
		coerced = coerce_to_boolean(pstate, expr, "MASKED WHEN");
	else
		coerced = coerce_to_target_type(pstate, expr, exprtype,
										att->atttypid, att->atttypmod,
										COERCION_ASSIGNMENT, COERCE_IMPLICIT_CAST, -1);
	if (coerced == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("masking rule of column \"%s\" is of type %s but the column is of type %s",
						attname, format_type_be(exprtype),
						format_type_with_typemod(att->atttypid, att->atttypmod)),
				 errhint("Rewrite or cast the expression so that it returns %s.",
						 format_type_be(att->atttypid))));
	assign_expr_collations(pstate, coerced);

	if (anon_untrusted_walker(coerced, &trust))
	{
		if (OidIsValid(trust.bad_func))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("masking rule of %s uses function %s, which is not in a trusted schema",
							subject, format_procedure(trust.bad_func)),
					 errhint("Only functions from pg_catalog, anon and schemas labelled TRUSTED by a superuser "
							 "(SECURITY LABEL FOR %s ON SCHEMA s IS 'TRUSTED') may run in masking rules.",
							 policy)));
		else
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("masking rule of %s uses domain %s, which is not in a trusted schema",
							subject, format_type_be(trust.bad_type)),
					 errhint("A domain's checks run in every masked read: define it in a schema labelled TRUSTED.")));
	}

	if (label->kind == ANON_LABEL_MASKED_VALUE)
	{
		Node	   *folded = eval_const_expressions(NULL, coerced);

		if (!IsA(folded, Const))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("masking value of column \"%s\" is not a constant", attname),
					 errhint("Use MASKED WITH FUNCTION for an expression computed per row.")));
		coerced = folded;
	}

	AtEOXact_GUC(true, save_nestlevel);
	error_context_stack = errcallback.previous;
	free_parsestate(pstate);
	return coerced;
}

/*
 * TABLESAMPLE labels: "<method>(<args>) [REPEATABLE (<seed>)]", checked by
 * parsing "SELECT 1 FROM ONLY rel TABLESAMPLE <label>" and refusing
 * anything but that one sampled relation.  Arguments must be constants;
 * the sampling method's handler must live in a trusted schema.
 */
TableSampleClause *
anon_tablesample_analyse(Relation rel, const char *sample, const char *policy)
{
	char	   *sql;
	List	   *raw;
	RawStmt    *rs;
	SelectStmt *sel;
	Query	   *query;
	TableSampleClause *tsc;
	ListCell   *lc;
	int			save_nestlevel;

	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", ANON_RULE_SEARCH_PATH,
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);

	sql = psprintf("SELECT 1 FROM ONLY %s TABLESAMPLE %s",
				   quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
											  RelationGetRelationName(rel)),
				   sample);
	raw = raw_parser(sql, RAW_PARSE_DEFAULT);
	rs = list_length(raw) == 1 ? linitial_node(RawStmt, raw) : NULL;
	sel = (rs && IsA(rs->stmt, SelectStmt)) ? (SelectStmt *) rs->stmt : NULL;
	if (sel == NULL || sel->op != SETOP_NONE || list_length(sel->fromClause) != 1 ||
		!IsA(linitial(sel->fromClause), RangeTableSample) ||
		sel->distinctClause || sel->intoClause || sel->whereClause ||
		sel->groupClause || sel->havingClause || sel->windowClause ||
		sel->sortClause || sel->limitOffset || sel->limitCount ||
		sel->lockingClause || sel->withClause || list_length(sel->targetList) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("\"TABLESAMPLE %s\" is not a valid sampling label", sample),
				 errhint("Write TABLESAMPLE BERNOULLI (10) or TABLESAMPLE SYSTEM (5) REPEATABLE (42).")));

	query = parse_analyze_fixedparams(rs, sql, NULL, 0, NULL);
	tsc = rt_fetch(1, query->rtable)->tablesample;
	Assert(tsc != NULL);

	if (!anon_schema_is_trusted(get_func_namespace(tsc->tsmhandler), policy))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("sampling method %s is not in a trusted schema",
						format_procedure(tsc->tsmhandler)),
				 errhint("Use BERNOULLI or SYSTEM, or a method from a schema labelled TRUSTED.")));
	foreach(lc, tsc->args)
	{
		lfirst(lc) = eval_const_expressions(NULL, (Node *) lfirst(lc));
		if (!IsA(lfirst(lc), Const))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the arguments of a sampling label must be constants")));
	}
	if (tsc->repeatable != NULL)
	{
		tsc->repeatable = (Expr *) eval_const_expressions(NULL, (Node *) tsc->repeatable);
		if (!IsA(tsc->repeatable, Const))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the REPEATABLE seed of a sampling label must be a constant")));
	}
	else
	{
		/* no REPEATABLE: a fresh seed from OpenSSL at every scan */
		List	   *name = list_make2(makeString("anon"), makeString("sample_seed"));
		Oid			seedfn = LookupFuncName(name, 0, NULL, false);

		tsc->repeatable = (Expr *) makeFuncExpr(seedfn, FLOAT8OID, NIL, InvalidOid,
												InvalidOid, COERCE_EXPLICIT_CALL);
	}
	AtEOXact_GUC(true, save_nestlevel);
	return tsc;
}

/*
 * Evaluate a freshly analysed rule on the first row of its table, with the
 * transaction marked read-only, so that a rule that fails on real data is
 * refused now rather than at read time.
 */
static void
anon_rule_test_evaluate(Relation rel, Node *expr)
{
	EState	   *estate;
	ExprContext *econtext;
	TupleTableSlot *slot;
	TableScanDesc scan;
	Snapshot	snapshot;
	bool		save_read_only = XactReadOnly;

	if (rel->rd_rel->relkind != RELKIND_RELATION &&
		rel->rd_rel->relkind != RELKIND_MATVIEW)
		return;

	snapshot = RegisterSnapshot(GetLatestSnapshot());
	estate = CreateExecutorState();
	econtext = GetPerTupleExprContext(estate);
	slot = table_slot_create(rel, NULL);
	scan = table_beginscan(rel, snapshot, 0, NULL);

	PG_TRY();
	{
		XactReadOnly = true;
		if (table_scan_getnextslot(scan, ForwardScanDirection, slot))
		{
			ExprState  *state = ExecPrepareExpr((Expr *) expr, estate);
			bool		isnull;

			econtext->ecxt_scantuple = slot;
			(void) ExecEvalExprSwitchContext(state, econtext, &isnull);
		}
	}
	PG_FINALLY();
	{
		XactReadOnly = save_read_only;
	}
	PG_END_TRY();

	table_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	FreeExecutorState(estate);
	UnregisterSnapshot(snapshot);
}

/* ---- The relabel callbacks ---- */

static void
anon_require_superuser(const char *what, const char *policy)
{
	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be superuser to set or remove %s labels on %s", policy, what),
				 errhint("Labels on roles, schemas, functions and databases decide who is masked and what masked roles may run.")));
}

static void
anon_bad_label(const char *seclabel, const char *what, const char *valid)
{
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("\"%s\" is not a valid label for %s", seclabel, what),
			 errhint("Valid labels for %s: %s.", what, valid)));
}

static void
anon_relabel_column(const ObjectAddress *object, const char *seclabel,
					const char *policy)
{
	Relation	rel = relation_open(object->objectId, NoLock);
	char		relkind = rel->rd_rel->relkind;
	AttrNumber	attnum = object->objectSubId;
	AnonLabel	label;

	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE &&
		relkind != RELKIND_FOREIGN_TABLE && relkind != RELKIND_MATVIEW)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("cannot set %s labels on columns of \"%s\"",
						policy, RelationGetRelationName(rel)),
				 errdetail("Masking rules apply to columns of tables, partitioned tables, "
						   "foreign tables and materialized views."),
				 errhint("A view reading a masked table is masked through that table.")));
	if (attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot set %s labels on system columns", policy)));

	if (seclabel != NULL)
	{
		label = anon_label_parse(seclabel);
		switch (label.kind)
		{
			case ANON_LABEL_MASKED_FUNCTION:
			case ANON_LABEL_MASKED_VALUE:
				anon_rule_test_evaluate(rel,
										anon_rule_analyse(rel, attnum, &label, policy));
				break;
			case ANON_LABEL_NOT_MASKED:
			case ANON_LABEL_QUASI_IDENTIFIER:
			case ANON_LABEL_PRIVACY_UNIT:
				break;
			default:
				anon_bad_label(seclabel, "a column",
							   "MASKED WITH FUNCTION <expression>, MASKED WITH VALUE <constant>, "
							   "NOT MASKED, QUASI-IDENTIFIER, INDIRECT IDENTIFIER, PRIVACY UNIT");
		}
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

		if (label.kind == ANON_LABEL_TABLE_MASKED_WHEN)
			anon_rule_test_evaluate(rel, anon_rule_analyse(rel, 0, &label, policy));
		else if (label.kind == ANON_LABEL_TABLESAMPLE)
			(void) anon_tablesample_analyse(rel, label.expr, policy);
		else
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("\"%s\" is not a valid label for a table", seclabel),
					 errhint("Valid labels for a table: MASKED WHEN <condition>, TABLESAMPLE <method> (<arguments>). "
							 "Masking rules go on columns (SECURITY LABEL FOR %s ON COLUMN t.c IS 'MASKED WITH ...').",
							 policy)));
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

		if (label.kind != ANON_LABEL_ROLE_MASKED && label.kind != ANON_LABEL_ROLE_DP)
			anon_bad_label(seclabel, "a role", "MASKED, DIFFERENTIAL PRIVACY");
		if (superuser_arg(object->objectId))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("superuser role \"%s\" cannot be labelled %s",
							GetUserNameFromId(object->objectId, false), seclabel),
					 errdetail("A superuser can read any data; masking would not bind it."),
					 errhint("Label a role without the SUPERUSER attribute.")));
	}
	CacheInvalidateRelcacheAll();
}

static void
anon_relabel_schema(const ObjectAddress *object, const char *seclabel,
					const char *policy)
{
	anon_require_superuser("schemas", policy);
	if (seclabel != NULL &&
		anon_label_parse(seclabel).kind != ANON_LABEL_SCHEMA_TRUSTED)
		anon_bad_label(seclabel, "a schema", "TRUSTED");
	CacheInvalidateRelcacheAll();
}

/* a masked role must not unmask itself or its data */
static void
anon_refuse_masked_relabel(void)
{
	if (anon_reader_policy() >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("masked roles cannot set or remove masking labels"),
				 errhint("Ask a role that is not labelled MASKED to change the policy.")));
}

/* a database's default sample: checked against any table, here pg_class */
static void
anon_check_sample_syntax(const char *sample, const char *policy)
{
	Relation	rel = table_open(RelationRelationId, AccessShareLock);

	(void) anon_tablesample_analyse(rel, sample, policy);
	table_close(rel, AccessShareLock);
}

static void
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
			anon_require_superuser("databases", policy);
			if (seclabel != NULL)
			{
				AnonLabel	label = anon_label_parse(seclabel);

				if (label.kind != ANON_LABEL_TABLESAMPLE)
					anon_bad_label(seclabel, "a database", "TABLESAMPLE <method> (<arguments>)");
				if (object->objectId != MyDatabaseId)
					ereport(ERROR,
							(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
							 errmsg("cannot set the sampling label of another database"),
							 errhint("Connect to that database to label it.")));
				anon_check_sample_syntax(label.expr, policy);
			}
			CacheInvalidateRelcacheAll();
			break;
		case ProcedureRelationId:
			anon_require_superuser("functions", policy);
			if (seclabel != NULL &&
				anon_label_parse(seclabel).kind != ANON_LABEL_FUNCTION_RESTRICTED)
				anon_bad_label(seclabel, "a function", "RESTRICTED");
			CacheInvalidateRelcacheAll();
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
static void
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
		anon_label_parse(seclabel).kind != ANON_LABEL_QUASI_IDENTIFIER)
		anon_bad_label(seclabel, "a column", "INDIRECT IDENTIFIER, QUASI-IDENTIFIER");
	CacheInvalidateRelcacheByRelid(object->objectId);
}

/* ---- SQL functions ---- */

PG_FUNCTION_INFO_V1(anon_label_kind);
PG_FUNCTION_INFO_V1(anon_label_expression);
PG_FUNCTION_INFO_V1(anon_policies_srf);

static const char *
anon_label_kind_name(AnonLabelKind kind)
{
	switch (kind)
	{
		case ANON_LABEL_MASKED_FUNCTION:
			return "MASKED WITH FUNCTION";
		case ANON_LABEL_MASKED_VALUE:
			return "MASKED WITH VALUE";
		case ANON_LABEL_NOT_MASKED:
			return "NOT MASKED";
		case ANON_LABEL_QUASI_IDENTIFIER:
			return "QUASI-IDENTIFIER";
		case ANON_LABEL_PRIVACY_UNIT:
			return "PRIVACY UNIT";
		case ANON_LABEL_ROLE_MASKED:
			return "MASKED";
		case ANON_LABEL_ROLE_DP:
			return "DIFFERENTIAL PRIVACY";
		case ANON_LABEL_SCHEMA_TRUSTED:
			return "TRUSTED";
		case ANON_LABEL_TABLE_MASKED_WHEN:
			return "MASKED WHEN";
		case ANON_LABEL_TABLESAMPLE:
			return "TABLESAMPLE";
		case ANON_LABEL_FUNCTION_RESTRICTED:
			return "RESTRICTED";
		case ANON_LABEL_INVALID:
			break;
	}
	return NULL;
}

/* anon.label_kind(text): the normalised kind of a label, NULL if invalid */
Datum
anon_label_kind(PG_FUNCTION_ARGS)
{
	const char *name;

	name = anon_label_kind_name(anon_label_parse(text_to_cstring(PG_GETARG_TEXT_PP(0))).kind);
	if (name == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

/* anon.label_expression(text): the expression of a MASKED WITH label */
Datum
anon_label_expression(PG_FUNCTION_ARGS)
{
	AnonLabel	label = anon_label_parse(text_to_cstring(PG_GETARG_TEXT_PP(0)));

	if (label.expr == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(label.expr));
}

/* anon.policies(): the registered policies, "anon" first */
Datum
anon_policies_srf(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;

	if (SRF_IS_FIRSTCALL())
		funcctx = SRF_FIRSTCALL_INIT();
	funcctx = SRF_PERCALL_SETUP();
	if (funcctx->call_cntr < (uint64) anon_npolicies)
	{
		/* SRF_RETURN_NEXT advances call_cntr before using its argument */
		Datum		name = PointerGetDatum(cstring_to_text(anon_policies[funcctx->call_cntr]));

		SRF_RETURN_NEXT(funcctx, name);
	}
	SRF_RETURN_DONE(funcctx);
}
