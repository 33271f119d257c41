/*-------------------------------------------------------------------------
 *
 * label_analyse.c
 *		Analysis of the expressions that labels carry: the masking rules of
 *		columns (MASKED WITH), the conditions of tables (MASKED WHEN), the
 *		sampling clauses (TABLESAMPLE), and their validation.
 *
 * A rule is text written by a table's owner and compiled in whatever
 * session reads, copies or anonymizes the table, so its compilation must
 * not depend on that session, nor run anything with that session's
 * rights:
 *
 *	 - the text is parsed as "SELECT <expr>" and everything but one unnamed
 *	   target is refused, so nothing can be smuggled after the expression;
 *	 - names resolve with search_path = pg_catalog, anon, pg_temp: pg_temp
 *	   is listed last because, left out, PostgreSQL would search it FIRST
 *	   for types and relations (a temporary type named "text" would take
 *	   the place of pg_catalog.text); functions and operators are never
 *	   looked up in pg_temp; and trust.c refuses any temporary object that
 *	   the analysed rule still names, so pg_temp can never contribute;
 *	 - it is analysed as the table's owner inside a security-restricted
 *	   operation: analysis runs code (a constant's type input function, a
 *	   domain's checks at parse time), which must never run as a superuser
 *	   who imports or validates rules, nor as a reader;
 *	 - trust.c checks everything the analysed expression runs.
 *
 * When a label is written (SECURITY LABEL, anon.import_rules), the rule is
 * also validated: its constant parts are folded (so MASKED WITH FUNCTION
 * 1/0 fails now, not at read time) and it is evaluated on one row of the
 * table, as the owner in a security-restricted operation, read-only (a
 * rule that must write, such as nextval() of a trusted sequence, is
 * accepted untried).  A rule's value is cast to its column's type as by
 * CAST(), as PostgreSQL Anonymizer does.
 *
 * Errors say where: they name the table and the column, and a caret in the
 * rule's text points into the rule (shown as the error's internal query),
 * not into the SECURITY LABEL statement.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
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
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "compat.h"
#include "anon.h"
#include "keys.h"
#include "label.h"
#include "trust.h"

/* the search_path under which every rule is analysed (see the header) */
#define ANON_RULE_SEARCH_PATH "pg_catalog, anon, pg_temp"

/* the search_path under which a rule is evaluated for validation */
#define ANON_EVAL_SEARCH_PATH "pg_catalog, pg_temp"

/* rules are parsed as "SELECT <expr>": error positions are shifted by this */
#define ANON_SELECT_PREFIX "SELECT "

typedef struct AnonRuleErrorContext
{
	const char *relname;
	const char *attname;		/* NULL: the table's label */
	const char *what;			/* "masking condition", "sampling clause" */
	const char *policy;
	const char *text;			/* the label's expression, for the caret */
	int			prefix;			/* characters before text in the parsed SQL */
} AnonRuleErrorContext;

/*
 * Say which rule failed, and move an error position from the SQL we parsed
 * into the rule's own text, shown as the internal query: the position the
 * client gets otherwise indexes its SECURITY LABEL statement.
 */
static void
anon_rule_error_callback(void *arg)
{
	AnonRuleErrorContext *ctx = (AnonRuleErrorContext *) arg;
	int			pos = geterrposition();

	if (pos > 0 && ctx->text != NULL)
	{
		pos -= ctx->prefix;
		errposition(0);
		internalerrposition(pos > 0 ? pos : 1);
		internalerrquery(ctx->text);
	}
	if (ctx->attname)
		errcontext("masking rule of column \"%s\".\"%s\" for policy \"%s\"",
				   ctx->relname, ctx->attname, ctx->policy);
	else
		errcontext("%s of table \"%s\" for policy \"%s\"",
				   ctx->what, ctx->relname, ctx->policy);
}

/*
 * Run as the owner of rel inside a security-restricted operation, with a
 * new GUC nest level and the given search_path, as VACUUM and REINDEX do:
 * SET ROLE, temporary objects and lasting setting changes are refused.  On
 * error the transaction's abort restores the user and the settings.
 */
typedef struct AnonOwnerContext
{
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
} AnonOwnerContext;

static void
anon_become_owner(Relation rel, const char *search_path, AnonOwnerContext *oc)
{
	GetUserIdAndSecContext(&oc->save_userid, &oc->save_sec_context);
	SetUserIdAndSecContext(rel->rd_rel->relowner,
						   oc->save_sec_context | SECURITY_RESTRICTED_OPERATION);
	oc->save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", search_path,
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
}

static void
anon_end_owner(AnonOwnerContext *oc)
{
	AtEOXact_GUC(true, oc->save_nestlevel);
	SetUserIdAndSecContext(oc->save_userid, oc->save_sec_context);
}

static bool
anon_raw_has_sublink(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, SubLink))
		return true;
	return raw_expression_tree_walker(node, anon_raw_has_sublink, context);
}

/* the one expression of "SELECT <expr>" (sql), or an error */
static Node *
anon_parse_one_expression(const char *sql, const char *subject)
{
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

	/* said before analysis, which would look into the subquery first */
	if (anon_raw_has_sublink(rt->val, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("masking rule of %s cannot contain a subquery", subject),
				 errdetail("A rule computes one value from one row of its table."),
				 errhint("Write an expression over the row's columns; to look values up, "
						 "call a function of a schema labelled TRUSTED.")));
	return rt->val;

not_one:
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("masking rule of %s must be exactly one expression", subject),
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
	char	   *sql;
	AnonRuleErrorContext errctx;
	ErrorContextCallback errcallback;
	AnonOwnerContext oc;
	Node	   *rawexpr;
	ParseState *pstate;
	ParseNamespaceItem *nsitem;
	Node	   *expr;
	Node	   *coerced;
	Oid			exprtype;

	Assert(label->kind == ANON_LABEL_MASKED_FUNCTION ||
		   label->kind == ANON_LABEL_MASKED_VALUE ||
		   (label->kind == ANON_LABEL_TABLE_MASKED_WHEN && attnum == 0));
	subject = att ? psprintf("column \"%s\".\"%s\"", RelationGetRelationName(rel), attname) :
		psprintf("table \"%s\" (MASKED WHEN)", RelationGetRelationName(rel));

	sql = psprintf(ANON_SELECT_PREFIX "%s", label->expr);
	errctx.relname = RelationGetRelationName(rel);
	errctx.attname = attname;
	errctx.what = "masking condition";
	errctx.policy = policy;
	errctx.text = label->expr;
	errctx.prefix = strlen(ANON_SELECT_PREFIX);
	errcallback.callback = anon_rule_error_callback;
	errcallback.arg = &errctx;
	errcallback.previous = error_context_stack;
	error_context_stack = &errcallback;

	/* names resolve the same way in every session, as the rule's author */
	anon_become_owner(rel, ANON_RULE_SEARCH_PATH, &oc);

	rawexpr = anon_parse_one_expression(sql, subject);

	pstate = make_parsestate(NULL);
	pstate->p_sourcetext = sql;
	nsitem = addRangeTableEntryForRelation(pstate, rel, AccessShareLock,
										   NULL, false, false);
	addNSItemToQuery(pstate, nsitem, false, true, true);

	/*
	 * Analysed as a select-list entry, the most permissive kind, so that
	 * trust.c can refuse subqueries, aggregates, window and set-returning
	 * functions with messages about rules rather than about the kind.
	 */
	expr = transformExpr(pstate, rawexpr, EXPR_KIND_SELECT_TARGET);
	exprtype = exprType(expr);
	/*
	 * The rule's value is cast to the column's type, as PostgreSQL
	 * Anonymizer does (CAST(rule AS type)): any cast CAST() would accept,
	 * so anon.dummy_ipv4() masks an inet column.  The cast is part of the
	 * analysed expression, so trust.c checks the function it calls (a
	 * user-defined cast must be trusted like any other function), and the
	 * validation below evaluates it on a row of the table, so a cast that
	 * fails on real data (text to integer) is refused now.
	 */
	if (att == NULL)
		coerced = coerce_to_boolean(pstate, expr, "MASKED WHEN");
	else
		coerced = coerce_to_target_type(pstate, expr, exprtype,
										att->atttypid, att->atttypmod,
										COERCION_EXPLICIT, COERCE_EXPLICIT_CAST, -1);
	if (coerced == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("masking rule of %s is of type %s but the column is of type %s",
						subject, format_type_be(exprtype),
						format_type_with_typemod(att->atttypid, att->atttypmod)),
				 errdetail("There is no cast from %s to %s.",
						   format_type_be(exprtype), format_type_be(att->atttypid)),
				 errhint("Rewrite the expression so that it returns %s.",
						 format_type_be(att->atttypid))));
	assign_expr_collations(pstate, coerced);

	/* what it runs: only what a rule may call (trust.c) */
	anon_trust_check_expression(coerced, policy, subject);

	/*
	 * A value is most often a constant, folded here.  PostgreSQL
	 * Anonymizer also takes an expression after MASKED WITH VALUE (its
	 * documentation writes CASE WHEN name IS NULL THEN ... END, and 'MASKED
	 * WITH VALUE c' on column c itself to keep its value): such a value is
	 * exactly a MASKED WITH FUNCTION rule, analysed, cast and checked by
	 * trust.c above like one.
	 */
	if (label->kind == ANON_LABEL_MASKED_VALUE)
		coerced = eval_const_expressions(NULL, coerced);

	anon_end_owner(&oc);
	error_context_stack = errcallback.previous;
	free_parsestate(pstate);
	return coerced;
}

/*
 * A sampling percentage of the built-in methods: checked now, since the
 * sampler checks it only when a masked query starts scanning.
 */
static void
anon_check_percent(Node *arg, const char *sample, const char *subject)
{
	float4		percent;

	if (!IsA(arg, Const) || exprType(arg) != FLOAT4OID)
		return;
	if (((Const *) arg)->constisnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TABLESAMPLE_ARGUMENT),
				 errmsg("sampling clause of %s: the percentage of \"TABLESAMPLE %s\" is NULL",
						subject, sample),
				 errhint("Write a percentage between 0 and 100, such as TABLESAMPLE BERNOULLI (10).")));
	percent = DatumGetFloat4(((Const *) arg)->constvalue);
	if (isnan(percent) || percent < 0 || percent > 100)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TABLESAMPLE_ARGUMENT),
				 errmsg("sampling clause of %s: the percentage of \"TABLESAMPLE %s\" must be between 0 and 100",
						subject, sample),
				 errhint("Write a percentage between 0 and 100, such as TABLESAMPLE BERNOULLI (10).")));
}

/*
 * TABLESAMPLE labels: "<method>(<args>) [REPEATABLE (<seed>)]", checked by
 * parsing "SELECT 1 FROM ONLY schema.rel TABLESAMPLE <label>" (the name
 * qualified and quoted, so no temporary table can stand in) and refusing
 * anything but that one sampled relation.  Arguments must be constants
 * that trust.c accepts (they are folded here, so they run now) and, for
 * BERNOULLI and SYSTEM, percentages; the sampling method's handler must
 * live in a trusted schema.
 */
TableSampleClause *
anon_tablesample_analyse(Relation rel, const char *sample, const char *policy)
{
	char	   *sql;
	char	   *subject;
	List	   *raw;
	RawStmt    *rs;
	SelectStmt *sel;
	Query	   *query;
	ParseState *pstate;
	TableSampleClause *tsc;
	ListCell   *lc;
	AnonOwnerContext oc;
	AnonRuleErrorContext errctx;
	ErrorContextCallback errcallback;

	/* the database's label is checked against pg_class (label_provider.c) */
	subject = RelationGetRelid(rel) == RelationRelationId ? pstrdup("the database") :
		psprintf("table \"%s\"", RelationGetRelationName(rel));
	sql = psprintf("SELECT 1 FROM ONLY %s TABLESAMPLE %s",
				   quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
											  RelationGetRelationName(rel)),
				   sample);
	errctx.relname = RelationGetRelationName(rel);
	errctx.attname = NULL;
	errctx.what = "sampling clause";
	errctx.policy = policy;
	errctx.text = sample;
	errctx.prefix = pg_mbstrlen_with_len(sql, strlen(sql) - strlen(sample));
	errcallback.callback = anon_rule_error_callback;
	errcallback.arg = &errctx;
	errcallback.previous = error_context_stack;
	error_context_stack = &errcallback;

	anon_become_owner(rel, ANON_RULE_SEARCH_PATH, &oc);

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
				 errmsg("\"TABLESAMPLE %.*s\" is not a valid sampling label",
						pg_mbcliplen(sample, strlen(sample), 60), sample),
				 errhint("Write TABLESAMPLE BERNOULLI (10) or TABLESAMPLE SYSTEM (5) REPEATABLE (42).")));
	if (anon_raw_has_sublink(linitial(sel->fromClause), NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("sampling clause of %s cannot contain a subquery", subject),
				 errhint("Write constants, such as TABLESAMPLE BERNOULLI (10) REPEATABLE (42).")));

	/*
	 * Analysed without parse_analyze(), whose post-parse hooks (the DP
	 * guard's, pg_stat_statements') have no business with this internal
	 * statement.
	 */
	pstate = make_parsestate(NULL);
	pstate->p_sourcetext = sql;
	query = transformTopLevelStmt(pstate, rs);
	free_parsestate(pstate);
	tsc = rt_fetch(1, query->rtable)->tablesample;
	Assert(tsc != NULL);

	if (!anon_schema_is_trusted(get_func_namespace(tsc->tsmhandler), policy))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("sampling method %s is not in a trusted schema",
						format_procedure(tsc->tsmhandler)),
				 errhint("Use BERNOULLI or SYSTEM, or a method from a schema labelled TRUSTED.")));

	/* folding runs the arguments: check what they call first */
	anon_trust_check_expression((Node *) tsc->args, policy, subject);
	anon_trust_check_expression((Node *) tsc->repeatable, policy, subject);
	foreach(lc, tsc->args)
	{
		lfirst(lc) = eval_const_expressions(NULL, (Node *) lfirst(lc));
		if (!IsA(lfirst(lc), Const))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sampling clause of %s: the arguments must be constants", subject),
					 errhint("Write TABLESAMPLE BERNOULLI (10) or TABLESAMPLE SYSTEM (5) REPEATABLE (42).")));
		if (tsc->tsmhandler == F_BERNOULLI || tsc->tsmhandler == F_SYSTEM)
			anon_check_percent((Node *) lfirst(lc), sample, subject);
	}
	if (tsc->repeatable != NULL)
	{
		tsc->repeatable = (Expr *) eval_const_expressions(NULL, (Node *) tsc->repeatable);
		if (!IsA(tsc->repeatable, Const))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sampling clause of %s: the REPEATABLE seed must be a constant", subject)));
		if (((Const *) tsc->repeatable)->constisnull)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TABLESAMPLE_REPEAT),
					 errmsg("sampling clause of %s: the REPEATABLE seed must not be NULL", subject),
					 errhint("Write a number, such as REPEATABLE (42), or leave REPEATABLE out for a fresh sample at each read.")));
	}
	else
	{
		/* no REPEATABLE: a fresh seed from OpenSSL at every scan */
		List	   *name = list_make2(makeString("anon"), makeString("sample_seed"));
		Oid			seedfn = LookupFuncName(name, 0, NULL, false);

		tsc->repeatable = (Expr *) makeFuncExpr(seedfn, FLOAT8OID, NIL, InvalidOid,
												InvalidOid, COERCE_EXPLICIT_CALL);
	}
	anon_end_owner(&oc);
	error_context_stack = errcallback.previous;
	return tsc;
}

static bool
anon_calls_nextval_walker(Oid funcid, void *context)
{
	return funcid == F_NEXTVAL;
}

static bool
anon_calls_nextval(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (check_functions_in_node(node, anon_calls_nextval_walker, context))
		return true;
	return expression_tree_walker(node, anon_calls_nextval, context);
}

/*
 * Evaluate a rule on one row.  A rule that draws from a sequence cannot be
 * tried in the read-only transaction of the validation: nextval(), which a
 * superuser labels TRUSTED to give rows new identifiers (PostgreSQL
 * Anonymizer's way), fails with read_only_sql_transaction.  Such a rule is
 * accepted untried, the way a rule of an empty table is: its analysis and
 * trust check have passed, and it will run as its reader or as the table's
 * owner, with their rights.  Any other error, including a read-only error
 * of a rule without nextval() (a function that tried to write), refuses
 * the label.  The evaluation runs in a subtransaction so that the error
 * can be caught cleanly.
 */
static void
anon_rule_eval_row(ExprState *state, ExprContext *econtext, Node *expr)
{
	MemoryContext oldcxt = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcxt);
	PG_TRY();
	{
		bool		isnull;

		(void) ExecEvalExprSwitchContext(state, econtext, &isnull);
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcxt);
		edata = CopyErrorData();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
		if (edata->sqlerrcode != ERRCODE_READ_ONLY_SQL_TRANSACTION ||
			!anon_calls_nextval(expr, NULL))
			ReThrowError(edata);
		FlushErrorState();
		FreeErrorData(edata);
	}
	PG_END_TRY();
}

/*
 * Validation when a label is written: fold the constant parts of the rule
 * and evaluate it on the first row of its table, so that a rule that fails
 * on real data is refused now rather than at read time.  This runs code
 * the rule names, so it runs as the table's owner, in a security-
 * restricted operation, in a read-only transaction: a superuser importing
 * rules, or validating them, never runs the owner's code with his rights.
 */
void
anon_rule_validate(Relation rel, AttrNumber attnum, Node *expr, const char *policy)
{
	AnonOwnerContext oc;
	bool		save_read_only = XactReadOnly;
	bool		save_may_create = anon_key_default_may_create;
	bool		save_rule_check = anon_key_rule_check;
	AnonRuleErrorContext errctx;
	ErrorContextCallback errcallback;

	errctx.relname = RelationGetRelationName(rel);
	errctx.attname = attnum > 0 ?
		NameStr(TupleDescAttr(RelationGetDescr(rel), attnum - 1)->attname) : NULL;
	errctx.what = "masking condition";
	errctx.policy = policy;
	errctx.text = NULL;
	errctx.prefix = 0;
	errcallback.callback = anon_rule_error_callback;
	errcallback.arg = &errctx;
	errcallback.previous = error_context_stack;
	error_context_stack = &errcallback;

	anon_become_owner(rel, ANON_EVAL_SEARCH_PATH, &oc);
	PG_TRY();
	{
		anon_key_default_may_create = !save_read_only;
		anon_key_rule_check = true;
		XactReadOnly = true;

		/* what the planner would fold at every read: 1/0 fails here */
		expr = eval_const_expressions(NULL, copyObject(expr));

		if (rel->rd_rel->relkind == RELKIND_RELATION ||
			rel->rd_rel->relkind == RELKIND_MATVIEW)
		{
			EState	   *estate;
			ExprContext *econtext;
			TupleTableSlot *slot;
			TableScanDesc scan;
			Snapshot	snapshot;

			snapshot = RegisterSnapshot(GetLatestSnapshot());
			estate = CreateExecutorState();
			econtext = GetPerTupleExprContext(estate);
			slot = table_slot_create(rel, NULL);
			scan = table_beginscan(rel, snapshot, 0, NULL);
			if (table_scan_getnextslot(scan, ForwardScanDirection, slot))
			{
				ExprState  *state = ExecPrepareExpr((Expr *) expr, estate);

				econtext->ecxt_scantuple = slot;
				anon_rule_eval_row(state, econtext, expr);
			}
			table_endscan(scan);
			ExecDropSingleTupleTableSlot(slot);
			FreeExecutorState(estate);
			UnregisterSnapshot(snapshot);
		}
	}
	PG_FINALLY();
	{
		XactReadOnly = save_read_only;
		anon_key_default_may_create = save_may_create;
		anon_key_rule_check = save_rule_check;
	}
	PG_END_TRY();
	anon_end_owner(&oc);
	error_context_stack = errcallback.previous;
}
