/*-------------------------------------------------------------------------
 *
 * restricted.c
 *		RESTRICTED functions are refused to masked readers where they are
 *		called, unless the call comes from a masking rule.
 *
 * A RESTRICTED function uses a secret (a key, a salt): a masked role that
 * could call it could hash its guesses and compare them with a masked
 * column.  Checking the query tree in the planner hook is not enough: the
 * arguments of EXECUTE and CALL, a function's default arguments (added
 * after the planner hook), an aggregate's final function, column defaults,
 * CHECK constraints, generated columns and index expressions are evaluated
 * without the planner hook seeing them.  So the function manager checks:
 * needs_fmgr_hook answers true for every RESTRICTED function looked up
 * while the reader is masked, and fmgr_hook refuses the call when the
 * current or the session user is masked.  Unmasked sessions keep the
 * direct call (no cost for static masking and direct use): an FmgrInfo
 * made while the reader was not masked can only be used later by a masked
 * current user in a session whose session user is not masked (a cursor
 * opened before SET ROLE), and that session user could call the function
 * directly anyway.  A masked login is masked at every lookup.
 *
 * Masking rules call RESTRICTED functions on purpose (MASKED WITH FUNCTION
 * anon.digest(email, ...)).  When dynamic masking puts a rule into a query
 * (dynamic.c), every function call of the rule is marked: its FuncExpr gets
 * funcformat ANON_RULE_CALL, a value of CoercionForm that the parser never
 * produces, and operator calls of RESTRICTED functions become such marked
 * function calls.  The executor hands the FuncExpr to the function manager
 * (flinfo->fn_expr), so fmgr_hook admits a marked call, and, while it runs,
 * the calls it makes in turn (a rule may call a SQL function that calls a
 * keyed hash): they are the code of a function a superuser trusted, applied
 * to the rule's own arguments.  The mark survives copying, plan caching and
 * the serialization of plans for parallel workers (funcformat is written
 * and read as an integer).  A user cannot forge it: no SQL produces it,
 * pg_node_tree values cannot be written, and marks are set only on the
 * rules' expressions, whose arguments are the table's columns and the
 * rule's constants, never the reader's.  Deparsing prints a marked call as
 * a plain call; equal() ignores funcformat.
 *
 * A rule's call of a function written in SQL or a procedural language
 * runs under search_path = pg_catalog, anon, pg_temp unless the function
 * sets its own: its body is parsed when it runs, in the reader's session,
 * and the reader chooses the search path.  An unqualified operator or
 * function in the body (anon.dnoise(time, interval) said "+") would
 * otherwise resolve to one the reader created, which would receive the
 * raw value and run inside the rule's call, where RESTRICTED functions
 * pass.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "fmgr.h"
#include "nodes/nodeFuncs.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/regproc.h"
#include "utils/syscache.h"

#include "anon.h"
#include "label.h"
#include "restricted.h"
#include "rules.h"

/* depth of marked (rule) calls running in this backend */
static int	anon_rule_call_depth = 0;

/* per running marked call, innermost first: the GUC level it opened, or 0 */
static List *anon_rule_guc_levels = NIL;

#define ANON_RULE_SEARCH_PATH "pg_catalog, anon, pg_temp"

/*
 * A rule calls funcid: if it is written in SQL or a procedural language
 * and does not set its own search_path, run it under the rules' one.  With
 * no SET clause, fmgr opened no GUC level for it: open one, returned for
 * the end of the call; with SET clauses, add ours to the level fmgr opened
 * (it is popped with it).
 */
static int
anon_rule_fix_search_path(Oid funcid)
{
	HeapTuple	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	Form_pg_proc proc;
	bool		isnull;
	Datum		config;
	int			level = 0;

	if (!HeapTupleIsValid(tup))
		return 0;
	proc = (Form_pg_proc) GETSTRUCT(tup);
	if (proc->prolang == INTERNALlanguageId || proc->prolang == ClanguageId)
	{
		ReleaseSysCache(tup);
		return 0;
	}
	config = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_proconfig, &isnull);
	if (!isnull)
	{
		ArrayType  *a = DatumGetArrayTypeP(config);
		Datum	   *items;
		bool	   *nulls;
		int			n;
		int			i;

		deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &items, &nulls, &n);
		for (i = 0; i < n; i++)
			if (!nulls[i] &&
				strncmp(TextDatumGetCString(items[i]), "search_path=", 12) == 0)
			{
				ReleaseSysCache(tup);
				return 0;
			}
	}
	ReleaseSysCache(tup);
	if (isnull)
		level = NewGUCNestLevel();
	(void) set_config_option("search_path", ANON_RULE_SEARCH_PATH,
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
	return level;
}

/* is the function RESTRICTED for any policy? */
static bool
anon_restricted_any(Oid funcid)
{
	int			i;

	for (i = 0; i < anon_policy_count(); i++)
		if (anon_function_is_restricted(funcid, i))
			return true;
	return false;
}

static Node *
anon_rule_calls_mutator(Node *node, void *context)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, FuncExpr))
	{
		FuncExpr   *func = (FuncExpr *) expression_tree_mutator(node,
																  anon_rule_calls_mutator,
																  context);

		/* casts keep their form (the planner looks at implicit ones) */
		if (func->funcformat == COERCE_EXPLICIT_CALL ||
			func->funcformat == COERCE_SQL_SYNTAX)
			func->funcformat = ANON_RULE_CALL;
		return (Node *) func;
	}
	if (IsA(node, OpExpr))
	{
		OpExpr	   *op = (OpExpr *) expression_tree_mutator(node,
															anon_rule_calls_mutator,
															context);

		set_opfuncid(op);
		if (anon_restricted_any(op->opfuncid))
		{
			FuncExpr   *func = makeNode(FuncExpr);

			func->funcid = op->opfuncid;
			func->funcresulttype = op->opresulttype;
			func->funcretset = op->opretset;
			func->funcvariadic = false;
			func->funcformat = ANON_RULE_CALL;
			func->funccollid = op->opcollid;
			func->inputcollid = op->inputcollid;
			func->args = op->args;
			func->location = op->location;
			return (Node *) func;
		}
		return (Node *) op;
	}
	return expression_tree_mutator(node, anon_rule_calls_mutator, context);
}

/*
 * Mark the function calls of a rule's expression (or of a masking target
 * list) as calls from a rule; returns the marked copy.
 */
Node *
anon_rule_calls_mark(Node *expr)
{
	return anon_rule_calls_mutator(expr, NULL);
}

/* is a rule's call running (the planner hook then plans its queries)? */
bool
anon_in_rule_call(void)
{
	return anon_rule_call_depth > 0;
}

/* needs_fmgr_hook: a masked reader's RESTRICTED functions go through fmgr_hook */
bool
anon_restricted_needs_fmgr(Oid functionId)
{
	if (!IsTransactionState() || anon_reader_policy() < 0)
		return false;
	return anon_restricted_any(functionId);
}

/*
 * fmgr_hook.  entered is per FmgrInfo (the caller keeps it across the
 * events of one call): set when this call raised the rule depth.
 */
void
anon_restricted_fmgr(FmgrHookEventType event, FmgrInfo *flinfo, bool *entered)
{
	switch (event)
	{
		case FHET_START:
			{
				Node	   *expr = flinfo->fn_expr;
				int			policy;

				*entered = false;
				if (expr != NULL && IsA(expr, FuncExpr) &&
					((FuncExpr *) expr)->funcformat == ANON_RULE_CALL)
				{
					int			level = anon_rule_fix_search_path(flinfo->fn_oid);
					MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

					anon_rule_guc_levels = lcons_int(level, anon_rule_guc_levels);
					MemoryContextSwitchTo(old);
					anon_rule_call_depth++;
					*entered = true;
					return;
				}
				if (anon_rule_call_depth > 0)
					return;
				policy = anon_reader_policy();
				if (policy >= 0 && anon_function_is_restricted(flinfo->fn_oid, policy))
					ereport(ERROR,
							(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
							 errmsg("masked roles cannot call %s",
									format_procedure(flinfo->fn_oid)),
							 errdetail("The function is labelled RESTRICTED: it uses a secret, and calling it could test guesses against masked values."),
							 errhint("Call it as a role that is not labelled MASKED.")));
				break;
			}
		case FHET_END:
		case FHET_ABORT:
			if (*entered)
			{
				if (anon_rule_guc_levels != NIL)
				{
					int			level = linitial_int(anon_rule_guc_levels);

					anon_rule_guc_levels = list_delete_first(anon_rule_guc_levels);
					/* on an error, the (sub)transaction's abort pops it */
					if (level > 0 && event == FHET_END)
						AtEOXact_GUC(true, level);
				}
				anon_rule_call_depth--;
				*entered = false;
			}
			break;
	}
}

/* at the end of a transaction no call is running */
void
anon_restricted_reset(void)
{
	anon_rule_call_depth = 0;
	list_free(anon_rule_guc_levels);
	anon_rule_guc_levels = NIL;
}
