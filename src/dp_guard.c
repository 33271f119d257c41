/*-------------------------------------------------------------------------
 *
 * dp_guard.c
 *		What a DIFFERENTIAL PRIVACY role may ask of a labelled table.
 *
 * Who is guarded.  A query is guarded when any role it runs as is a DP
 * role: the session user, the role set by SET ROLE, or the current user
 * (which a SECURITY DEFINER function changes); a DP role is one labelled
 * DIFFERENTIAL PRIVACY or a member of one.  So SET ROLE to a group that is
 * not labelled, or a function owned by another role, keeps the guard.
 *
 * What is protected: a labelled table (one with any anon label on a
 * column), its partitions and inheritance children (a child read alone
 * holds rows of the labelled table), and a parent whose child is labelled
 * (reading the parent reads the child's rows).
 *
 * A guarded query may read a protected table only through differentially
 * private aggregates.  Every query level that reads one must:
 *
 *	 - be a SELECT that aggregates, with no window functions, no DISTINCT,
 *	   no grouping sets and no set-returning functions in its select list;
 *	 - read the protected table alone: a join could repeat a person's rows
 *	   and multiply their contribution beyond what the noise covers;
 *	 - be evaluated once per statement (not the inner side of a join, nor
 *	   a lateral, correlated or set-operation subquery): a re-evaluated
 *	   grouped aggregate would draw fresh noise for a single charge (the
 *	   plan is checked again before it runs, dp_budget.c);
 *	 - compute from the raw rows (WHERE, GROUP BY keys, the arguments and
 *	   FILTER of the DP aggregates) only with what cannot leak a value:
 *	   built-in functions and operators of pg_catalog marked LEAKPROOF, a
 *	   few more listed below with the reason, and node types that call no
 *	   function.  No user function (it could raise a NOTICE with the value),
 *	   no side effect (setval), no error that depends on a value (1 / (x -
 *	   777), an overflow, a cast), no sleep, no subquery.  In the arguments
 *	   of a DP aggregate, a part that reads no column and calls only
 *	   built-in immutable functions is allowed too (the cast of a literal
 *	   epsilon): the planner folds it to a constant before a row is read;
 *	 - compute its outputs (select list, ORDER BY) from DP aggregates,
 *	   which is post-processing and may use any function, and from GROUP
 *	   BY keys, under the rule above; no other aggregate.  HAVING runs on
 *	   every group, before partition selection drops the rare ones, so it
 *	   is held to the rule above as a whole.
 *
 * The hooks are installed by hooks.c, which calls anon_dp_guard_plan,
 * anon_dp_guard_utility and anon_dp_guard_needs_fmgr before masking sees
 * the statement, and anon_dp_budget_charge_query (dp_budget.c) when a plan
 * starts.  The check runs in the planner hook, on the query as rewritten,
 * so a view is checked as the subquery it expands to, and so are the queries of SQL
 * and PL/pgSQL functions running in a guarded session.  SQL functions are
 * not inlined into a guarded query (anon_dp_guard_needs_fmgr): their
 * queries are planned, and checked, on their own.  EXPLAIN of any kind
 * (row counts, estimates, timings), COPY of a protected table and the
 * planner statistics (pg_statistic, pg_stats), which hold raw values, are
 * refused.  The budget is charged before the plan runs (dp_budget.c), so a
 * query over the budget reads no row.
 *
 * Partition selection: the set of groups of a GROUP BY is itself data (a
 * rare key reveals that someone has it).  A grouped DP query gets an extra
 * HAVING condition, anon._dp_partition_select(epsilon, delta), that keeps a
 * group only when its count plus discrete Laplace noise of scale 1/epsilon
 * reaches 1 + ceil(ln(1 / (delta (1 + e^-epsilon))) / epsilon): a group of
 * a single person is then released with probability at most delta
 * (Korolova, Kenthapadi, Mishra and Ntoulas 2009; Google's differential
 * privacy library).  Its (epsilon, delta), the GUCs
 * anon.dp_partition_epsilon and anon.dp_partition_delta, are charged to the
 * budget like any DP aggregate.
 *
 * Per person: the noise covers one row per person.  A table whose column
 * labelled PRIVACY UNIT has no unique index (several rows per person) is
 * read as one random row per person (contribution bounding, as Google's
 * library does by default); a table without that label is taken to hold
 * one row per person.
 *
 * Exact sizes (pg_class.reltuples, the statistics collector's counters,
 * relation sizes) are refused too: of a partition, they count people.
 *
 * Known limits: the running time of a guarded query still depends on how
 * many rows pass its (leakproof) filters.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/parallel.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/transam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/dependency.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_am.h"
#include "catalog/pg_attrdef.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_auth_members.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_language.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_seclabel.h"
#include "catalog/pg_statistic.h"
#include "catalog/pg_statistic_ext_data.h"
#include "catalog/pg_type.h"
#include "commands/copy.h"
#include "commands/defrem.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "optimizer/tlist.h"
#include "parser/parsetree.h"
#include "parser/analyze.h"
#include "parser/parse_func.h"
#include "parser/parser.h"
#include "rewrite/rewriteHandler.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/plancache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "dp_agg.h"
#include "dp_budget.h"
#include "dp_guard.h"
#include "dp_partitions.h"
#include "dynamic.h"
#include "label.h"
#include "mask.h"
#include "rules.h"
#include "static.h"

/* ---- GUC variables ---- */

static double anon_dp_partition_epsilon = 0.1;
static double anon_dp_partition_delta = 1e-6;


static void
anon_dp_membership_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	ResetPlanCache();
}

/*
 * A guarded read of a labelled table ran in this transaction: until it
 * ends, no message of level LOG or DEBUG reaches the client (see
 * anon_dp_guard_filter_message).
 */
static bool anon_dp_quiet = false;

static void
anon_dp_quiet_xact(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
		event == XACT_EVENT_PREPARE || event == XACT_EVENT_PARALLEL_COMMIT ||
		event == XACT_EVENT_PARALLEL_ABORT)
		anon_dp_quiet = false;
}

void
anon_dp_guard_init(void)
{
	DefineCustomRealVariable("anon.dp_partition_epsilon",
							 "Epsilon spent to select the groups a DIFFERENTIAL PRIVACY role may see.",
							 "Each grouped query of such a role releases only the groups whose noisy count passes a threshold; this is the epsilon of that noise, charged to the role's budget.",
							 &anon_dp_partition_epsilon,
							 0.1, 1e-6, 1000,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("anon.dp_partition_delta",
							 "Probability that a group of a single person is released to a DIFFERENTIAL PRIVACY role.",
							 "It sets the threshold of partition selection and is charged to the role's delta budget.",
							 &anon_dp_partition_delta,
							 1e-6, 1e-15, 0.5,
							 PGC_SUSET, 0, NULL, NULL, NULL);

	/*
	 * A plan checked for a role that was not guarded must not run once the
	 * role is: a role label invalidates every relcache entry, which drops
	 * the cached plans; a GRANT of a DP role to a member does not, so drop
	 * them then.
	 */
	CacheRegisterSyscacheCallback(AUTHMEMROLEMEM, anon_dp_membership_changed, (Datum) 0);
	RegisterXactCallback(anon_dp_quiet_xact, NULL);
}

/* ---- who is guarded ---- */

/*
 * Is the role a DP role: labelled DIFFERENTIAL PRIVACY, or a member
 * (directly or not, with or without INHERIT) of a role that is?  A member
 * can SET ROLE to the labelled role, or use its privileges, so it must not
 * read more than that role.
 */
bool
anon_dp_role_is_guarded(Oid roleid)
{
	List	   *todo;
	List	   *seen = NIL;
	bool		guarded = false;
	int			cached = anon_role_cached_dp_guarded(roleid);
	uint64		generation;

	/*
	 * Asked for every query and every function looked up: cached with the
	 * role labels (rules.c), which role, membership and label changes drop.
	 */
	if (cached >= 0)
		return cached == 1;
	generation = anon_rules_generation();
	todo = list_make1_oid(roleid);
	while (todo != NIL && !guarded)
	{
		Oid			r = linitial_oid(todo);
		CatCList   *memlist;
		int			i;

		todo = list_delete_first(todo);
		if (list_member_oid(seen, r))
			continue;
		seen = lappend_oid(seen, r);
		if (anon_role_is_dp(r))
		{
			guarded = true;
			break;
		}
		memlist = SearchSysCacheList1(AUTHMEMMEMROLE, ObjectIdGetDatum(r));
		for (i = 0; i < memlist->n_members; i++)
		{
			Form_pg_auth_members m = (Form_pg_auth_members) GETSTRUCT(&memlist->members[i]->tuple);

			todo = lappend_oid(todo, m->roleid);
		}
		ReleaseSysCacheList(memlist);
	}
	list_free(todo);
	list_free(seen);
	anon_role_cache_dp_guarded(roleid, guarded, generation);
	return guarded;
}

/*
 * Is the running query guarded: does it run as a DP role, as the session
 * user, the role set by SET ROLE or the current user?
 */
bool
anon_dp_guard_applies(void)
{
	Oid			current;
	Oid			outer;
	Oid			session;

	/*
	 * Asked by every hook for every statement and function: the last
	 * answer is kept for the three users and the generation of the role
	 * caches (rules.c), which role, membership, label and schema changes
	 * move; an answer computed while one arrived is used once.
	 */
	static bool memo_valid = false;
	static Oid	memo_current;
	static Oid	memo_outer;
	static Oid	memo_session;
	static uint64 memo_generation;
	static bool memo_result;
	uint64		generation;
	bool		result = false;

	if (!anon_preloaded || !IsNormalProcessingMode() || !IsTransactionState())
		return false;
	current = GetUserId();
	outer = GetOuterUserId();
	session = GetSessionUserId();
	generation = anon_rules_generation();
	if (memo_valid && memo_current == current && memo_outer == outer &&
		memo_session == session && memo_generation == generation)
		return memo_result;
	/*
	 * Whether or not the extension is installed in this database: labels
	 * outlive DROP EXTENSION and the provider is the library's, so a
	 * labelled table is protected wherever the library is loaded (without
	 * anon's aggregates, nothing of it can be read).
	 */
	if (!OidIsValid(current))
		result = false;
	else if (anon_dp_role_is_guarded(current))
		result = true;
	else if (OidIsValid(outer) && outer != current && anon_dp_role_is_guarded(outer))
		result = true;
	else if (OidIsValid(session) && session != current && session != outer &&
			 anon_dp_role_is_guarded(session))
		result = true;
	memo_valid = generation == anon_rules_generation();
	memo_current = current;
	memo_outer = outer;
	memo_session = session;
	memo_generation = generation;
	memo_result = result;
	return result;
}

/*
 * Does the query use the rights of a DP role without running as one: a
 * view or a rewrite rule that a DP role owns (checkAsUser), read by
 * another role?  A DP role's grant on a labelled table is a grant of DP
 * releases, whoever exercises it: such a query is guarded too.
 */
static bool
anon_dp_guard_rights_apply(Query *parse)
{
	List	   *roles;
	ListCell   *lc;
	bool		guarded = false;

	if (!anon_preloaded || !IsNormalProcessingMode() || !IsTransactionState())
		return false;
	roles = anon_query_check_as_roles(parse);
	foreach(lc, roles)
		if (anon_dp_role_is_guarded(lfirst_oid(lc)))
			guarded = true;
	list_free(roles);
	return guarded;
}

/* ---- what is protected ---- */

/*
 * Is the relation protected: labelled itself, or a partition or child of
 * a labelled relation (its rows are rows of that relation), or, when read
 * with its children (inh), the parent of a labelled child?  mask.c answers,
 * for masking and for the guard alike.
 */
static bool
anon_dp_relation_is_labelled(Oid relid, bool inh)
{
	int			policy = anon_policy_index(ANON_DEFAULT_POLICY);

	if (policy < 0)
		return false;
	/*
	 * Always with the descendants: ONLY parent is refused too when a child
	 * is labelled (refused as a whole, simpler to reason about).
	 */
	return anon_mask_is_labelled(relid, policy, true);
}

/*
 * Is the function one of anon's DP aggregates (by OID: dp_agg.c)?
 * Partition selection is not: only the guard adds it.
 */
static bool
anon_dp_is_dp_aggregate(Oid aggfnoid)
{
	AnonDpLayout layout = anon_dp_aggregate_layout(aggfnoid);

	return layout != ANON_DP_NOT_DP && layout != ANON_DP_PARTITION;
}

static void
anon_dp_refuse(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("a differential privacy role may only read differentially private aggregates of a labelled table"),
			 errdetail("%s", why),
			 errhint("Select anon_count, anon_sum, anon_avg, anon_var, anon_stddev or anon_percentile, and GROUP BY keys; filter and group with built-in leakproof operators.")));
}

/*
 * Settings that anyone may change and that print what a query read:
 * client_min_messages below notice sends the client LOG and DEBUG
 * messages; debug_print_plan prints the planner's row estimates (drawn
 * from the statistics that EXPLAIN and pg_stats are refused for: of
 * "WHERE salary = 7", the exact count), and trace_sort the memory of every
 * sort, which grows with the rows sorted (step by step, it shows which
 * rows pass a filter).  A guarded query that reads a labelled table is
 * refused while any is set so: at planning and again when the plan starts
 * (a prepared statement is planned once, and trace_sort acts when it
 * runs).  The last two are refused even though, with client_min_messages
 * at notice, they only reach the server log.
 */
void
anon_dp_guard_check_settings(void)
{
	static const char *const names[] = {"debug_print_plan", "trace_sort"};
	int			i;

	/* a function of the query may lower client_min_messages while it runs */
	anon_dp_quiet = true;

	/*
	 * The class: a message of level LOG or DEBUG that reaches the client
	 * may describe what the query read (the two settings below,
	 * auto_explain where the DBA loaded it, log_*_stats), and anyone may
	 * lower client_min_messages.
	 */
	if (client_min_messages < NOTICE)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("a differential privacy role may not read a labelled table while client_min_messages is below notice"),
				 errdetail("Messages of level LOG and DEBUG (trace_sort, debug_print_plan, auto_explain) describe what a query read."),
				 errhint("SET client_min_messages = notice.")));

	for (i = 0; i < lengthof(names); i++)
	{
		const char *value = GetConfigOption(names[i], true, false);

		if (value != NULL && strcmp(value, "on") == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("a differential privacy role may not read a labelled table while %s is on",
							names[i]),
					 errdetail("It prints row estimates or sort sizes drawn from the data."),
					 errhint("RESET %s.", names[i])));
	}
}

/*
 * emit_log_hook (hooks.c), for every message: after a guarded read of a
 * labelled table, and until its transaction ends, a message of level LOG
 * or DEBUG goes to the server log only.  The refusal above checks
 * client_min_messages when the query starts, but a function of the query
 * (set_config() in its select list) may lower it while the query runs,
 * and auto_explain logs the plan, with its actual row counts, at the end.
 * Only a flag is read here: no catalog access while a message is emitted.
 */
void
anon_dp_guard_filter_message(ErrorData *edata)
{
	if (anon_dp_quiet && edata->elevel < INFO)
		edata->output_to_client = false;
}

/* ---- what an expression over raw rows may compute ---- */

/*
 * Built-in functions that are not marked LEAKPROOF but cannot leak: they
 * raise no error and have no side effect, whatever their arguments.
 * numeric comparisons: cmp_numerics() compares any two numerics,
 * including NaN, without an error path.
 */
static bool
anon_dp_function_is_listed(Oid funcid)
{
	switch (funcid)
	{
		case F_NUMERIC_EQ:
		case F_NUMERIC_NE:
		case F_NUMERIC_LT:
		case F_NUMERIC_LE:
		case F_NUMERIC_GT:
		case F_NUMERIC_GE:
		case F_NUMERIC_CMP:
			return true;
		default:
			return false;
	}
}

/* may a function be applied to raw values? */
static bool
anon_dp_function_is_safe(Oid funcid)
{
	HeapTuple	tup;
	Form_pg_proc proc;
	bool		safe;

	if (!OidIsValid(funcid) || funcid >= FirstNormalObjectId)
		return false;			/* not built in */
	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	if (!HeapTupleIsValid(tup))
		return false;
	proc = (Form_pg_proc) GETSTRUCT(tup);
	safe = proc->pronamespace == PG_CATALOG_NAMESPACE && !proc->proretset &&
		(proc->proleakproof || anon_dp_function_is_listed(funcid));
	ReleaseSysCache(tup);
	return safe;
}

static bool
anon_dp_builtin_checker(Oid funcid, void *context)
{
	return funcid >= FirstNormalObjectId;
}

/*
 * Is the expression made only of nodes that the planner's constant folding
 * (eval_const_expressions) evaluates when their arguments are constants,
 * calling only built-in functions?  Anything else is evaluated at run
 * time, per row, and a failure there says which rows reached it: a
 * parameter ($1 of a generic plan, a PL/pgSQL variable: "CASE WHEN salary
 * = 777 THEN 1 / $1 ELSE 0 END"), a domain's CHECK (CoerceToDomain is
 * never folded: "CAST(0 AS positive_int)"), XML parsing, a subquery, a
 * sequence.
 */
static bool
anon_dp_unfoldable_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (check_functions_in_node(node, anon_dp_builtin_checker, context))
		return true;
	switch (nodeTag(node))
	{
		case T_Const:
		case T_FuncExpr:
		case T_OpExpr:
		case T_DistinctExpr:
		case T_NullIfExpr:
		case T_ScalarArrayOpExpr:
		case T_RelabelType:
		case T_CoerceViaIO:
		case T_ArrayCoerceExpr:
		case T_CollateExpr:
		case T_CaseExpr:
		case T_CaseWhen:
		case T_CaseTestExpr:
		case T_BoolExpr:
		case T_NullTest:
		case T_BooleanTest:
		case T_CoalesceExpr:
		case T_ArrayExpr:
		case T_RowExpr:
		case T_List:
		case T_TargetEntry:
			break;
		default:
			return true;
	}
	return expression_tree_walker(node, anon_dp_unfoldable_walker, context);
}

/*
 * Does the expression read no column, call only built-in immutable
 * functions, and consist only of what the planner folds?  Then it is a
 * constant before any row is read, whatever the rows are, and an error in
 * it cannot depend on them.
 */
static bool
anon_dp_is_row_independent(Node *node)
{
	return !contain_var_clause(node) && !contain_mutable_functions(node) &&
		!anon_dp_unfoldable_walker(node, NULL);
}

/* the function a node calls, if any: InvalidOid for none */
static Oid
anon_dp_node_function(Node *node)
{
	switch (nodeTag(node))
	{
		case T_FuncExpr:
			return ((FuncExpr *) node)->funcid;
		case T_OpExpr:
		case T_DistinctExpr:
		case T_NullIfExpr:
			set_opfuncid((OpExpr *) node);
			return ((OpExpr *) node)->opfuncid;
		case T_ScalarArrayOpExpr:
			set_sa_opfuncid((ScalarArrayOpExpr *) node);
			return ((ScalarArrayOpExpr *) node)->opfuncid;
		default:
			return InvalidOid;
	}
}

/*
 * May this node (not its children) be evaluated on raw values?  Sets *why
 * when not.
 */
static bool
anon_dp_node_is_safe(Node *node, const char **why)
{
	switch (nodeTag(node))
	{
		case T_Var:
		case T_Const:
		case T_Param:
		case T_CaseTestExpr:
		case T_RelabelType:
		case T_BoolExpr:
		case T_NullTest:
		case T_BooleanTest:
		case T_CaseExpr:
		case T_CaseWhen:
		case T_CoalesceExpr:
		case T_CollateExpr:
		case T_RowExpr:
		case T_FieldSelect:
		case T_SQLValueFunction:
		case T_TargetEntry:
		case T_List:
			return true;
		case T_ArrayExpr:
			/* one-dimensional: building it cannot fail */
			if (!((ArrayExpr *) node)->multidims)
				return true;
			*why = "Multidimensional array constructors can fail on the values they read.";
			return false;
		case T_MinMaxExpr:
			{
				TypeCacheEntry *tc = lookup_type_cache(((MinMaxExpr *) node)->minmaxtype,
													   TYPECACHE_CMP_PROC);

				if (OidIsValid(tc->cmp_proc) && anon_dp_function_is_safe(tc->cmp_proc))
					return true;
				*why = "GREATEST and LEAST are allowed only on types whose comparison is leakproof.";
				return false;
			}
		case T_FuncExpr:
		case T_OpExpr:
		case T_DistinctExpr:
		case T_NullIfExpr:
		case T_ScalarArrayOpExpr:
			if (anon_dp_function_is_safe(anon_dp_node_function(node)))
				return true;
			*why = psprintf("Function %s is not a built-in leakproof function: over the rows of a labelled table, it could reveal a value through an error, a side effect, a message or its running time.",
							format_procedure(anon_dp_node_function(node)));
			return false;
		case T_SubLink:
			*why = "A subquery may not read the rows of a labelled table.";
			return false;
		case T_Aggref:
			*why = "The query uses an aggregate that is not differentially private.";
			return false;
		default:
			*why = "The expression over the rows of a labelled table could reveal a value (only built-in leakproof operators and functions are allowed there).";
			return false;
	}
}

/*
 * An expression over raw rows: WHERE, GROUP BY keys, aggregate arguments.
 * context points to a bool: may a part that reads no row call any built-in
 * immutable function (the constant parameters of a DP aggregate, such as
 * the cast of 1.0 to double precision)?  Elsewhere it may not, so that no
 * error of a constant part can even look like it depends on the rows.
 */
static bool
anon_dp_raw_walker(Node *node, void *context)
{
	const char *why = NULL;
	bool		fold = context != NULL && *(bool *) context;

	if (node == NULL)
		return false;
	if (fold && !IsA(node, List) && !IsA(node, TargetEntry) &&
		anon_dp_is_row_independent(node))
		return false;
	if (!anon_dp_node_is_safe(node, &why))
		anon_dp_refuse(why);
	return expression_tree_walker(node, anon_dp_raw_walker, context);
}

/* does the expression read a column of this level outside an aggregate? */
static bool
anon_dp_reads_row_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Var))
		return ((Var *) node)->varlevelsup == 0;
	if (IsA(node, Aggref) && ((Aggref *) node)->agglevelsup == 0)
		return false;
	if (IsA(node, SubLink))
		return contain_vars_of_level(((SubLink *) node)->subselect, 1) ||
			anon_dp_reads_row_walker(((SubLink *) node)->testexpr, context);
	if (IsA(node, Query))
		return false;
	return expression_tree_walker(node, anon_dp_reads_row_walker, context);
}

/* the arguments of an aggregate of this level: raw rows */
static void
anon_dp_check_aggref(Aggref *agg)
{
	bool		fold = true;

	/*
	 * On a Citus worker, the partial aggregation of a DP aggregate
	 * (worker_partial_agg, as Citus sends it for a query of the role on
	 * the coordinator) is that aggregate: its arguments are held to the
	 * same rule; its output, the state, leaves this node sealed
	 * (dp_agg.c), and only the coordinator's final function, which the
	 * coordinator charges, opens it.  anon_dp_guard_citus refuses it
	 * anywhere else.
	 */
	if (anon_citus_partial_dp(agg))
		agg = anon_citus_inner_aggref(agg);
	if (!anon_dp_is_dp_aggregate(agg->aggfnoid))
		anon_dp_refuse("The query uses an aggregate that is not differentially private.");
	(void) anon_dp_raw_walker((Node *) agg->aggdirectargs, &fold);
	(void) anon_dp_raw_walker((Node *) agg->args, &fold);
	(void) anon_dp_raw_walker((Node *) agg->aggfilter, NULL);
}

/*
 * The outputs of an aggregating level (select list, HAVING, ORDER BY):
 * anything over DP aggregates and constants is post-processing of a
 * release; a part that reads a GROUP BY key outside an aggregate is held
 * to the rule of raw values (a HAVING condition without an aggregate is
 * evaluated on every row).  context points to a bool: hold every part to
 * that rule (HAVING).
 */
static bool
anon_dp_output_walker(Node *node, void *context)
{
	const char *why = NULL;

	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
	{
		if (((Aggref *) node)->agglevelsup == 0)
			anon_dp_check_aggref((Aggref *) node);
		return false;
	}
	if (IsA(node, GroupingFunc) || IsA(node, WindowFunc))
		anon_dp_refuse("Window functions and GROUPING are not allowed.");
	if (IsA(node, Query))
		return false;			/* another level: checked on its own */
	if (!(context != NULL && *(bool *) context) &&
		!anon_dp_reads_row_walker(node, NULL))
		return expression_tree_walker(node, anon_dp_output_walker, context);
	if (IsA(node, Var))
		return false;			/* a GROUP BY key */
	if (!anon_dp_node_is_safe(node, &why))
		anon_dp_refuse(why);
	return expression_tree_walker(node, anon_dp_output_walker, context);
}

/*
 * Does the table hold exactly one row per person: no NULL in the column,
 * and at most one row per value?  A NOT NULL column (rows whose unit is
 * NULL belong to no person they can be bounded with, and are left out:
 * anon_dp_one_row_per_person) with a unique, valid, immediate (not
 * deferrable: inside a transaction a deferred constraint lets duplicates
 * in), non-partial, one-column index on it.  An index of a plain
 * table covers neither its inheritance children nor rows a reader of the
 * parent sees through them: a table with children is not unique (the
 * index of a partitioned table covers its partitions).  The index must
 * tell values apart as the column's equality does (its collation, the
 * default equality of the type): a unique index under another collation
 * ("C" on a case-insensitive column) or a finer operator class
 * (record_image_ops) lets one person's rows in under several spellings.
 */
static bool
anon_dp_index_equality_matches(HeapTuple tup, Form_pg_attribute att)
{
	bool		isnull;
	Datum		d;
	oidvector  *coll;
	oidvector  *cls;
	HeapTuple	ctup;
	Oid			method;
	Oid			family;
	Oid			intype;
	Oid			eqop;
	TypeCacheEntry *tc;

	d = SysCacheGetAttr(INDEXRELID, tup, Anum_pg_index_indcollation, &isnull);
	if (isnull)
		return false;
	coll = (oidvector *) DatumGetPointer(d);
	if (coll->dim1 < 1 || coll->values[0] != att->attcollation)
	{
		/* two deterministic collations have the same equality (bytes) */
		if (coll->dim1 < 1 || !OidIsValid(coll->values[0]) ||
			!OidIsValid(att->attcollation) ||
			!get_collation_isdeterministic(coll->values[0]) ||
			!get_collation_isdeterministic(att->attcollation))
			return false;
	}
	d = SysCacheGetAttr(INDEXRELID, tup, Anum_pg_index_indclass, &isnull);
	if (isnull)
		return false;
	cls = (oidvector *) DatumGetPointer(d);
	if (cls->dim1 < 1)
		return false;
	ctup = SearchSysCache1(CLAOID, ObjectIdGetDatum(cls->values[0]));
	if (!HeapTupleIsValid(ctup))
		return false;
	method = ((Form_pg_opclass) GETSTRUCT(ctup))->opcmethod;
	family = ((Form_pg_opclass) GETSTRUCT(ctup))->opcfamily;
	intype = ((Form_pg_opclass) GETSTRUCT(ctup))->opcintype;
	ReleaseSysCache(ctup);
	if (method != BTREE_AM_OID)
		return false;
	eqop = get_opfamily_member(family, intype, intype, BTEqualStrategyNumber);
	tc = lookup_type_cache(att->atttypid, TYPECACHE_EQ_OPR);
	return OidIsValid(eqop) && eqop == tc->eq_opr;
}

bool
anon_dp_column_is_unique(Oid relid, AttrNumber attnum)
{
	Relation	rel = table_open(relid, AccessShareLock);
	List	   *indexes;
	ListCell   *lc;
	bool		unique = false;
	bool		notnull;

	if (attnum <= 0 || attnum > RelationGetDescr(rel)->natts ||
		(rel->rd_rel->relkind != RELKIND_PARTITIONED_TABLE &&
		 rel->rd_rel->relhassubclass))
	{
		table_close(rel, AccessShareLock);
		return false;
	}
	notnull = TupleDescAttr(RelationGetDescr(rel), attnum - 1)->attnotnull;
	indexes = RelationGetIndexList(rel);
	foreach(lc, indexes)
	{
		HeapTuple	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index idx;

		if (!HeapTupleIsValid(tup))
			continue;
		idx = (Form_pg_index) GETSTRUCT(tup);
		if (idx->indisunique && idx->indisvalid && idx->indimmediate &&
			idx->indnkeyatts == 1 && idx->indkey.values[0] == attnum &&
			notnull &&
			heap_attisnull(tup, Anum_pg_index_indpred, NULL) &&
			anon_dp_index_equality_matches(tup,
										   TupleDescAttr(RelationGetDescr(rel), attnum - 1)))
			unique = true;
		ReleaseSysCache(tup);
		if (unique)
			break;
	}
	list_free(indexes);
	table_close(rel, AccessShareLock);
	return unique;
}

/*
 * The names of the columns of the relation that carry the policy's PRIVACY
 * UNIT label, added to names.
 * The rules cache (rules.c) keeps one of them; a table may have several
 * (the sender and the receiver of a message are both persons).  Bounding
 * the rows of each value of one column leaves a person of another column
 * with as many rows as the table gives them: 500 messages sent by one
 * person to 500 receivers were 500 rows of that person for the noise of
 * one.  Such a table cannot be bounded by one row per person.
 */
static List *
anon_dp_unit_labels(Oid relid, int policy, List *names)
{
	const char *provider = anon_policy_name(policy);
	ScanKeyData keys[2];
	Relation	seclabel;
	SysScanDesc scan;
	HeapTuple	tuple;

	ScanKeyInit(&keys[0], Anum_pg_seclabel_objoid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(relid));
	ScanKeyInit(&keys[1], Anum_pg_seclabel_classoid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(RelationRelationId));
	seclabel = table_open(SecLabelRelationId, AccessShareLock);
	scan = systable_beginscan(seclabel, SecLabelObjectIndexId, true,
							  NULL, 2, keys);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		FormData_pg_seclabel *form = (FormData_pg_seclabel *) GETSTRUCT(tuple);
		bool		isnull;
		Datum		d;
		char	   *label;

		if (form->objsubid <= 0)
			continue;
		d = heap_getattr(tuple, Anum_pg_seclabel_provider,
						 RelationGetDescr(seclabel), &isnull);
		if (isnull || strcmp(TextDatumGetCString(d), provider) != 0)
			continue;
		d = heap_getattr(tuple, Anum_pg_seclabel_label,
						 RelationGetDescr(seclabel), &isnull);
		if (isnull)
			continue;
		label = TextDatumGetCString(d);
		if (anon_label_parse(label).kind == ANON_LABEL_PRIVACY_UNIT)
		{
			char	   *name = get_attname(relid, form->objsubid, true);

			if (name != NULL && !list_member(names, makeString(name)))
				names = lappend(names, makeString(name));
		}
	}
	systable_endscan(scan);
	table_close(seclabel, AccessShareLock);
	return names;
}

/*
 * The names of the PRIVACY UNIT columns of the relation and of its
 * ancestors (a partition or child is rows of its parents: a unit declared
 * on a parent is a unit of the child's rows too, whatever the child
 * declares).  More than one name: a person of one could have any number
 * of rows.
 */
static List *
anon_dp_unit_names(Oid relid, int policy, List *names)
{
	ScanKeyData key;
	Relation	inherits;
	SysScanDesc scan;
	HeapTuple	tuple;
	List	   *parents = NIL;
	ListCell   *lc;

	check_stack_depth();
	names = anon_dp_unit_labels(relid, policy, names);
	ScanKeyInit(&key, Anum_pg_inherits_inhrelid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(relid));
	inherits = table_open(InheritsRelationId, AccessShareLock);
	scan = systable_beginscan(inherits, InheritsRelidSeqnoIndexId, true,
							  NULL, 1, &key);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
		parents = lappend_oid(parents,
							  ((Form_pg_inherits) GETSTRUCT(tuple))->inhparent);
	systable_endscan(scan);
	table_close(inherits, AccessShareLock);
	foreach(lc, parents)
		names = anon_dp_unit_names(lfirst_oid(lc), policy, names);
	list_free(parents);
	return names;
}

static bool
anon_dp_units_conflict(Oid relid, int policy)
{
	return list_length(anon_dp_unit_names(relid, policy, NIL)) > 1;
}

static void
anon_dp_refuse_units(Oid relid)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("table \"%s\" has several PRIVACY UNIT columns", get_rel_name(relid)),
			 errdetail("One person's rows are bounded by the values of one column only; a person of another PRIVACY UNIT column could have any number of rows."),
			 errhint("Keep the PRIVACY UNIT label on the one column that says whose row it is.")));
}

/*
 * The PRIVACY UNIT column of a relation as a query reads it (0: none): its
 * own or a parent's (anon_mask_privacy_unit), and when the query reads its
 * inheritance children or partitions too, one declared on any of them,
 * matched by name: a unit declared on a partition bounds a person's rows
 * read through the partitioned table as it does when the partition is read
 * alone.  Two different units in one tree, or a child's unit that is not a
 * column of the parent, cannot be bounded: refused.
 */
AttrNumber
anon_dp_privacy_unit(Oid relid, bool inh, int policy)
{
	AttrNumber	unit = anon_mask_privacy_unit(relid, policy);
	char	   *name = unit > 0 ? get_attname(relid, unit, false) : NULL;
	List	   *kids;
	ListCell   *lc;

	if (unit > 0 && anon_dp_units_conflict(relid, policy))
		anon_dp_refuse_units(relid);
	if (!inh || !has_subclass(relid))
		return unit;
	kids = find_all_inheritors(relid, AccessShareLock, NULL);
	foreach(lc, kids)
	{
		Oid			kid = lfirst_oid(lc);
		AttrNumber	kunit;
		char	   *kname;

		if (kid == relid)
			continue;
		kunit = anon_mask_privacy_unit(kid, policy);
		if (kunit <= 0)
			continue;
		if (list_length(anon_dp_unit_labels(kid, policy, NIL)) > 1)
			anon_dp_refuse_units(kid);
		kname = get_attname(kid, kunit, false);
		if (name == NULL)
			name = kname;
		else if (strcmp(name, kname) != 0)
			anon_dp_refuse("The tables of an inheritance tree declare different PRIVACY UNIT columns, so one person's rows cannot be bounded.");
	}
	list_free(kids);
	if (unit == 0 && name != NULL)
	{
		unit = get_attnum(relid, name);
		if (unit <= 0)
			anon_dp_refuse("The PRIVACY UNIT column of a partition or child is not a column of the table read, so one person's rows cannot be bounded.");
	}
	return unit;
}

/* subqueries built here, which the guard must not check as user levels */
static List *anon_dp_generated = NIL;

/*
 * The rows of a table, one per person: a random row of each value of the
 * PRIVACY UNIT column (row_number() over the unit, in a random order,
 * equal to 1).  Rows whose unit is NULL are left out: they cannot be told
 * apart by person, and a person could hold such a row besides a row with
 * a unit (counting them as one more person would give that person two
 * rows, and a sum twice the noise's sensitivity).  As an analysed and rewritten query (row-level security
 * applies) whose columns line up with the table's attribute numbers.
 */
static Query *
anon_dp_one_row_per_person(RangeTblEntry *rte, AttrNumber unit)
{
	Relation	rel = table_open(rte->relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	StringInfoData cols;
	StringInfoData sql;
	List	   *raw;
	Query	   *query;
	List	   *rewritten;
	const char *unitname;
	int			i;

	initStringInfo(&cols);
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (i > 0)
			appendStringInfoString(&cols, ", ");
		if (att->attisdropped)
			appendStringInfo(&cols, "NULL::pg_catalog.int4 AS anon_dropped_%d", i + 1);
		else
			appendStringInfoString(&cols, quote_identifier(NameStr(att->attname)));
	}
	unitname = quote_identifier(NameStr(TupleDescAttr(desc, unit - 1)->attname));
	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT %s FROM (SELECT %s, pg_catalog.row_number() OVER ("
					 "PARTITION BY %s ORDER BY anon.random_bigint_between(0, 9223372036854775807)"
					 ") AS anon_dp_rank FROM %s%s.%s WHERE %s IS NOT NULL) anon_dp_rows "
					 "WHERE anon_dp_rank OPERATOR(pg_catalog.=) 1",
					 cols.data, cols.data, unitname,
					 rte->inh ? "" : "ONLY ",
					 quote_identifier(get_namespace_name(RelationGetNamespace(rel))),
					 quote_identifier(RelationGetRelationName(rel)),
					 unitname);
	table_close(rel, AccessShareLock);

	raw = raw_parser(sql.data, RAW_PARSE_DEFAULT);
	query = parse_analyze_fixedparams(linitial_node(RawStmt, raw), sql.data,
									  NULL, 0, NULL);
	rewritten = QueryRewrite(query);
	if (list_length(rewritten) != 1)
		elog(ERROR, "unexpected rewrite result for one row per person");
	return linitial_node(Query, rewritten);
}

/*
 * The noise covers one row per person.  A table whose PRIVACY UNIT column
 * may repeat (several rows per person) is read as one random row per
 * person: its range-table entry becomes that subquery.
 */
static void
anon_dp_bound_contributions(Query *q)
{
	int			policy = anon_policy_index(ANON_DEFAULT_POLICY);
	ListCell   *lc;

	if (policy < 0)
		return;
	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);
		AttrNumber	unit;
		Query	   *sub;

		if (rte->rtekind != RTE_RELATION || rte->relkind == RELKIND_VIEW)
			continue;
		unit = anon_dp_privacy_unit(rte->relid, rte->inh, policy);
		if (unit == 0 || anon_dp_column_is_unique(rte->relid, unit))
			continue;
		sub = anon_dp_one_row_per_person(rte, unit);
		anon_dp_generated = lappend(anon_dp_generated, sub);
		anon_rte_set_subquery(rte, sub);
	}
}

/* the HAVING condition of partition selection */
static Node *
anon_dp_partition_condition(void)
{
	Oid			argtypes[2] = {FLOAT8OID, FLOAT8OID};
	Oid			fnoid;
	Aggref	   *agg;
	Const	   *eps;
	Const	   *delta;

	fnoid = LookupFuncName(list_make2(makeString("anon"),
									  makeString("_dp_partition_select")),
						   2, argtypes, false);
	eps = makeConst(FLOAT8OID, -1, InvalidOid, sizeof(float8),
					Float8GetDatum(anon_dp_partition_epsilon), false, FLOAT8PASSBYVAL);
	delta = makeConst(FLOAT8OID, -1, InvalidOid, sizeof(float8),
					  Float8GetDatum(anon_dp_partition_delta), false, FLOAT8PASSBYVAL);
	agg = makeNode(Aggref);
	agg->aggfnoid = fnoid;
	agg->aggtype = BOOLOID;
	agg->aggcollid = InvalidOid;
	agg->inputcollid = InvalidOid;
	agg->aggtranstype = InvalidOid;
	agg->aggargtypes = list_make2_oid(FLOAT8OID, FLOAT8OID);
	agg->aggdirectargs = NIL;
	agg->args = list_make2(makeTargetEntry((Expr *) eps, 1, NULL, false),
						   makeTargetEntry((Expr *) delta, 2, NULL, false));
	agg->aggorder = NIL;
	agg->aggdistinct = NIL;
	agg->aggfilter = NULL;
	agg->aggstar = false;
	agg->aggvariadic = false;
	agg->aggkind = AGGKIND_NORMAL;
	agg->agglevelsup = 0;
	agg->aggsplit = AGGSPLIT_SIMPLE;
	agg->aggno = -1;
	agg->aggtransno = -1;
	agg->location = -1;
	return (Node *) agg;
}

/* the row sources that a join tree joins (its RangeTblRef leaves) */
static int
anon_dp_jointree_sources(Node *node)
{
	ListCell   *lc;
	int			n = 0;

	if (node == NULL)
		return 0;
	if (IsA(node, RangeTblRef))
		return 1;
	if (IsA(node, JoinExpr))
		return anon_dp_jointree_sources(((JoinExpr *) node)->larg) +
			anon_dp_jointree_sources(((JoinExpr *) node)->rarg);
	if (IsA(node, FromExpr))
	{
		foreach(lc, ((FromExpr *) node)->fromlist)
			n += anon_dp_jointree_sources(lfirst(lc));
		return n;
	}
	return 1;					/* unknown: count it, never under-count */
}

/*
 * How many row sources (tables, subqueries, functions...) the level joins:
 * those its join tree holds, not only those written in its FROM clause.
 * A rewrite rule's action is joined with the query that fired it (the
 * SELECT of an INSERT ... SELECT, the target of an UPDATE or DELETE whose
 * WHERE reads it), and those range-table entries are not marked inFromCl:
 * counted by inFromCl alone, "INSERT INTO t SELECT generate_series(1,
 * 1000)" with a rule "DO ALSO INSERT ... SELECT anon_count(1.0) FROM
 * labelled" counted every person a thousand times for the noise of one.
 * The result relation of an UPDATE or DELETE is in the join tree too: a
 * subquery joined with it may be scanned again for each of its rows.
 */
static int
anon_dp_level_sources(Query *q)
{
	ListCell   *lc;
	int			n = 0;
	int			joined = anon_dp_jointree_sources((Node *) q->jointree);

	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind != RTE_JOIN && rte->inFromCl)
			n++;
	}
	return n > joined ? n : joined;
}

/*
 * The operators of GROUP BY, ORDER BY and of an aggregate's DISTINCT or
 * ORDER BY compare raw values (sorting or hashing the rows): they must be
 * safe too, and so must the hash function of a hashed GROUP BY.
 */
static void
anon_dp_check_sortgroup(List *clauses, List *targetList)
{
	ListCell   *lc;

	foreach(lc, clauses)
	{
		SortGroupClause *sgc = lfirst_node(SortGroupClause, lc);
		TargetEntry *tle = get_sortgroupclause_tle(sgc, targetList);
		Oid			type = exprType((Node *) tle->expr);

		if ((OidIsValid(sgc->eqop) && !anon_dp_function_is_safe(get_opcode(sgc->eqop))) ||
			(OidIsValid(sgc->sortop) && !anon_dp_function_is_safe(get_opcode(sgc->sortop))))
			anon_dp_refuse("Rows of a labelled table may only be grouped and sorted with built-in leakproof operators.");
		if (sgc->hashable)
		{
			TypeCacheEntry *tc = lookup_type_cache(type, TYPECACHE_HASH_PROC);

			if (OidIsValid(tc->hash_proc) && tc->hash_proc >= FirstNormalObjectId)
				anon_dp_refuse("Rows of a labelled table may only be grouped with built-in hash functions.");
		}
	}
}

static bool
anon_dp_check_agg_clauses_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
	{
		Aggref	   *agg = (Aggref *) node;

		if (agg->agglevelsup == 0)
		{
			anon_dp_check_sortgroup(agg->aggorder, agg->args);
			anon_dp_check_sortgroup(agg->aggdistinct, agg->args);
		}
		return false;
	}
	if (IsA(node, Query))
		return false;
	return expression_tree_walker(node, anon_dp_check_agg_clauses_walker, context);
}

/* is the expression a GROUP BY key of the level? */
static bool
anon_dp_is_group_key(Query *q, TargetEntry *tle)
{
	ListCell   *lc;

	if (tle->ressortgroupref == 0)
		return false;
	foreach(lc, q->groupClause)
		if (lfirst_node(SortGroupClause, lc)->tleSortGroupRef == tle->ressortgroupref)
			return true;
	return false;
}

/*
 * Public partitions (dp_partitions.c): a level grouped by a column whose
 * keys a superuser declared public releases those keys, without partition
 * selection.  The subquery it builds is ours, not the user's.
 */
static bool
anon_dp_guard_public_partitions(Query *q)
{
	Query	   *generated;

	if (!anon_dp_public_partitions(q, &generated))
		return false;
	anon_dp_generated = lappend(anon_dp_generated, generated);
	return true;
}

/*
 * The released groups come out in an order that depends only on what is
 * released: sorted by the GROUP BY keys after the analyst's ORDER BY.  A
 * hash aggregate returns its groups in the order of its hash table, where
 * colliding keys sit in the order their first rows were read: that order
 * says which group had the earlier row passing the filter, a fact about
 * single rows that no noise covers (and ties of an ORDER BY on released
 * values would show it too).  A key that cannot be sorted is refused.
 */
static void
anon_dp_order_groups(Query *q)
{
	ListCell   *lc;

	foreach(lc, q->groupClause)
	{
		SortGroupClause *gc = lfirst_node(SortGroupClause, lc);
		ListCell   *sc;
		bool		sorted = false;

		if (!OidIsValid(gc->sortop))
			anon_dp_refuse("A GROUP BY key of a type that cannot be sorted would release its groups in an order that depends on the rows.");
		foreach(sc, q->sortClause)
			if (lfirst_node(SortGroupClause, sc)->tleSortGroupRef == gc->tleSortGroupRef)
				sorted = true;
		if (!sorted)
			q->sortClause = lappend(q->sortClause, copyObject(gc));
	}
}

/*
 * Does every value of this type and collation print the same as every
 * value equal to it?  A group's key is released as the key of its first
 * row (the first that the sort or the hash table met): where equal values
 * print differently, the released key shows how one row spelled it.
 * numeric 1.0 = 1.00, float -0 = 0, interval '1 day' = '24 hours', jsonb
 * {"a": 1.0} = {"a": 1.00}, an unpadded bpchar 'a' = 'a  ', and text under
 * a nondeterministic collation 'sales' = 'SALES': grouped by such a key, a
 * group of thousands is released under the spelling of one person, with no
 * noise.  Listed: the types whose equality is that of their output.
 */
bool
anon_dp_key_type_is_exact(Oid type, int32 typmod, Oid collation)
{
	Oid			base = getBaseTypeAndTypmod(type, &typmod);

	if (OidIsValid(collation) && !get_collation_isdeterministic(collation))
		return false;
	if (base >= FirstNormalObjectId)
		return get_typtype(base) == TYPTYPE_ENUM;
	switch (base)
	{
		case BOOLOID:
		case CHAROID:
		case NAMEOID:
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case OIDOID:
		case TEXTOID:
		case VARCHAROID:
		case BYTEAOID:
		case DATEOID:
		case TIMEOID:
		case TIMETZOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
		case UUIDOID:
		case INETOID:
		case CIDROID:
		case MACADDROID:
		case MACADDR8OID:
		case CASHOID:
		case BITOID:
		case VARBITOID:
			return true;
		case BPCHAROID:
			/* char(n) pads every value to n; bpchar alone keeps its spaces */
			return typmod >= 0;
		case NUMERICOID:
			/* numeric(p, s) rounds every value to scale s; numeric keeps it */
			return typmod >= 0;
		default:
			return false;
	}
}

/*
 * A grouped level released through partition selection (not public
 * partitions, whose keys are the declared ones): every key must be of a
 * type whose equal values print alike.
 */
static void
anon_dp_check_group_key_types(Query *q)
{
	ListCell   *lc;

	foreach(lc, q->groupClause)
	{
		SortGroupClause *sgc = lfirst_node(SortGroupClause, lc);
		TargetEntry *tle = get_sortgroupclause_tle(sgc, q->targetList);
		Node	   *expr = (Node *) anon_grouping_expr(q, tle->expr);

		if (!anon_dp_key_type_is_exact(exprType(expr), exprTypmod(expr), exprCollation(expr)))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("a differential privacy role may not group by a key of type %s%s",
							format_type_be(exprType(expr)),
							OidIsValid(exprCollation(expr)) &&
							!get_collation_isdeterministic(exprCollation(expr)) ?
							" under a nondeterministic collation" : ""),
					 errdetail("Equal values of that type can print differently (1.0 and 1.00, -0 and 0, 'sales' and 'SALES'): a group is released under the spelling of one of its rows."),
					 errhint("Group by a column of an exact type (integer, text, date...), add COLLATE \"C\" to a text key, or ask the database administrator to declare the column's keys public (anon.set_public_partitions).")));
	}
}

#if PG_VERSION_NUM >= 180000
/*
 * PostgreSQL 18's virtual generated columns are computed when they are
 * read, from an expression of the table's owner, and the planner puts
 * that expression in place of the column after this check: a guarded
 * query that read "g GENERATED ALWAYS AS (100 / (salary - 777)) VIRTUAL"
 * under "CASE WHEN id = 21 THEN g ELSE 0 END" failed exactly when person
 * 21 earned 777.  The expression of every virtual column a level reads
 * (all of them, for a whole-row reference) is held to the rule of the
 * raw rows, as if the query had written it.
 */
static void
anon_dp_check_virtual_columns(Oid relid, AttrNumber attno)
{
	Relation	rel = table_open(relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	int			i;

	if (desc->constr != NULL && desc->constr->has_generated_virtual)
	{
		for (i = 1; i <= desc->natts; i++)
		{
			if ((attno == 0 || attno == i) &&
				TupleDescAttr(desc, i - 1)->attgenerated == ATTRIBUTE_GENERATED_VIRTUAL)
				(void) anon_dp_raw_walker(build_generation_expression(rel, i), NULL);
		}
	}
	table_close(rel, AccessShareLock);
}

static bool
anon_dp_virtual_walker(Node *node, void *context)
{
	Query	   *q = (Query *) context;

	if (node == NULL)
		return false;
	if (IsA(node, Query))
		return false;			/* another level: checked on its own */
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == 0 &&
		((Var *) node)->varno >= 1 && ((Var *) node)->varno <= list_length(q->rtable))
	{
		Var		   *var = (Var *) node;
		RangeTblEntry *rte = rt_fetch(var->varno, q->rtable);

		if (rte->rtekind == RTE_RELATION && var->varattno >= 0)
			anon_dp_check_virtual_columns(rte->relid, var->varattno);
		return false;
	}
	return expression_tree_walker(node, anon_dp_virtual_walker, context);
}
#endif

/*
 * Check one query level that reads a labelled relation, and add partition
 * selection to it when it groups.
 */
static void
anon_dp_check_level(Query *q)
{
	ListCell   *lc;
	bool		strict_having;

	anon_dp_guard_check_settings();
	if (q->commandType != CMD_SELECT)
		anon_dp_refuse("Only SELECT may read a labelled table.");
	if (q->rowMarks != NIL)
		anon_dp_refuse("Row locks are not allowed on a labelled table.");
	if (!q->hasAggs)
		anon_dp_refuse("The query returns rows of a labelled table.");
	if (q->hasWindowFuncs)
		anon_dp_refuse("Window functions are not allowed.");
	if (q->groupingSets != NIL)
		anon_dp_refuse("Grouping sets are not allowed.");
	if (q->distinctClause != NIL)
		anon_dp_refuse("DISTINCT is not allowed.");
	if (q->hasTargetSRFs)
		anon_dp_refuse("Set-returning functions are not allowed in the select list.");
	if (q->setOperations != NULL)
		anon_dp_refuse("Set operations are not allowed.");
	if (anon_dp_level_sources(q) > 1)
		anon_dp_refuse("A join can repeat a person's rows; aggregate the labelled table alone.");
#if PG_VERSION_NUM >= 180000
	(void) query_tree_walker(q, anon_dp_virtual_walker, (void *) q,
							 QTW_IGNORE_RT_SUBQUERIES | QTW_IGNORE_CTE_SUBQUERIES |
							 QTW_IGNORE_JOINALIASES);
#endif

	/*
	 * Raw rows: WHERE (and join conditions), GROUP BY keys; the arguments
	 * of the aggregates are checked where the outputs meet them.
	 */
	(void) anon_dp_raw_walker(q->jointree->quals, NULL);
	foreach(lc, q->jointree->fromlist)
	{
		Node	   *n = lfirst(lc);

		if (IsA(n, JoinExpr))
			(void) anon_dp_raw_walker(((JoinExpr *) n)->quals, NULL);
	}
	foreach(lc, q->targetList)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);

		/* from PostgreSQL 18 the key is a Var standing for it (compat.h) */
		if (anon_dp_is_group_key(q, tle))
			(void) anon_dp_raw_walker((Node *) anon_grouping_expr(q, tle->expr),
									  NULL);
	}
	anon_dp_check_sortgroup(q->groupClause, q->targetList);
	anon_dp_check_sortgroup(q->sortClause, q->targetList);
	(void) anon_dp_check_agg_clauses_walker((Node *) q->targetList, NULL);
	(void) anon_dp_check_agg_clauses_walker(q->havingQual, NULL);

	/* outputs: post-processing of DP aggregates and GROUP BY keys */
	(void) anon_dp_output_walker((Node *) q->targetList, NULL);

	/*
	 * HAVING runs on every group, before partition selection has dropped
	 * the rare ones (the planner orders the conditions by cost): a function
	 * there could count the groups, or print the noisy count of a group that
	 * is not released.  So HAVING is held to the leakproof rule as a whole.
	 */
	strict_having = true;
	(void) anon_dp_output_walker(q->havingQual, &strict_having);
	(void) anon_dp_output_walker(q->limitOffset, NULL);
	(void) anon_dp_output_walker(q->limitCount, NULL);

	anon_dp_bound_contributions(q);

	/*
	 * Partition selection for the groups, with the configured parameters,
	 * in addition to the analyst's HAVING.
	 */
	if (q->groupClause != NIL && !anon_dp_guard_public_partitions(q))
	{
		Node	   *select;

		anon_dp_check_group_key_types(q);
		select = anon_dp_partition_condition();

		q->havingQual = q->havingQual == NULL ? select :
			(Node *) make_andclause(list_make2(select, q->havingQual));
	}
	anon_dp_order_groups(q);
}

/*
 * A materialized view without labels of its own holds the rows its query
 * read as its owner: unless the owner is a DP role (whose query could only
 * have stored DP releases), one over a labelled relation holds raw rows of
 * it, which the guard cannot see as such.  Refused.
 */
static void
anon_dp_check_matview(Oid relid)
{
	int			policy = anon_policy_index(ANON_DEFAULT_POLICY);
	Oid			source;

	if (policy < 0 || anon_mask_is_labelled(relid, policy, false) ||
		anon_dp_role_is_guarded(anon_static_rel_owner(relid)))
		return;
	source = anon_mask_matview_source(relid, policy, true);
	if (OidIsValid(source))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("a differential privacy role cannot read materialized view \"%s\", which holds rows of labelled relation \"%s\"",
						get_rel_name(relid), get_rel_name(source)),
				 errdetail("A materialized view stores the rows its query read when it was refreshed, outside the labels of \"%s\".",
						   get_rel_name(source)),
				 errhint("Query \"%s\" itself, or label the materialized view's columns.",
						 get_rel_name(source))));
}

/* does this level read a protected relation directly? */
static bool
anon_dp_level_reads_labelled(Query *q)
{
	ListCell   *lc;

	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_RELATION && rte->relkind == RELKIND_MATVIEW)
			anon_dp_check_matview(rte->relid);
		if (rte->rtekind == RTE_RELATION &&
			(rte->relkind == RELKIND_RELATION ||
			 rte->relkind == RELKIND_PARTITIONED_TABLE ||
			 rte->relkind == RELKIND_MATVIEW ||
			 rte->relkind == RELKIND_FOREIGN_TABLE) &&
			anon_dp_relation_is_labelled(rte->relid, rte->inh))
			return true;
	}
	return false;
}

static void anon_dp_guard_query(Query *q, bool once);

/*
 * Exact sizes of tables: the row counts of the statistics collector
 * (pg_stat_get_*, behind pg_stat_user_tables and pg_statio_*), the sizes
 * on disk (pg_relation_size and friends; pg_database_size and
 * pg_tablespace_size too, which grow page by page with every table) and
 * pg_class.reltuples (exact after a VACUUM).  Of a partition, or of a table a person joined, they
 * count people, with no noise: refused to a guarded query, whatever the
 * relation.  Walks one level; nested levels are checked on their own.
 */
/*
 * The C libraries of extensions that count a relation's pages, rows or
 * cached blocks, or report each query's rows and blocks: the same exact
 * sizes, outside pg_catalog.  pg_prewarm(t) returns how many pages it
 * read (SELECT on t is all it asks); pgstattuple counts the rows;
 * pg_visibility, pg_freespacemap and pageinspect list the pages;
 * pg_buffercache shows which pages a query brought into shared buffers
 * (the page of the one row an index scan found); pg_stat_statements and
 * its kin count the blocks each query read (an index scan for salary =
 * 777 reads one page more when someone earns 777), pg_qualstats keeps the
 * constants of the quals; pg_walinspect reads the WAL's row images.
 * Their functions are refused to a guarded query, whatever privileges
 * the DBA granted (pg_monitor, pg_stat_scan_tables...).
 */
static const char *const anon_dp_stats_libraries[] = {
	"pg_stat_statements", "pg_stat_monitor", "pg_stat_kcache", "pg_qualstats",
	"pg_store_plans", "pg_buffercache", "pg_prewarm", "pgstattuple",
	"pg_visibility", "pg_freespacemap", "pageinspect", "pg_walinspect",
	"pg_wait_sampling", "pg_stat_plans", "pgsentinel",
	/* scans a table and lists its locked rows, with their places */
	"pgrowlocks"
};

/* is the function a C function of one of the libraries above? */
static bool
anon_dp_function_of_stats_library(Oid funcid)
{
	HeapTuple	tup;
	bool		found = false;

	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	if (!HeapTupleIsValid(tup))
		return false;
	if (((Form_pg_proc) GETSTRUCT(tup))->prolang == ClanguageId)
	{
		bool		isnull;
		Datum		bin = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_probin, &isnull);

		if (!isnull)
		{
			char	   *path = TextDatumGetCString(bin);
			const char *base = strrchr(path, '/');
			size_t		len;
			int			i;

			base = base ? base + 1 : path;
			/* "$libdir/pg_prewarm", "pg_prewarm.so", "pg_prewarm.dylib" */
			len = strcspn(base, ".");
			for (i = 0; i < lengthof(anon_dp_stats_libraries) && !found; i++)
				found = strlen(anon_dp_stats_libraries[i]) == len &&
					strncmp(base, anon_dp_stats_libraries[i], len) == 0;
			pfree(path);
		}
	}
	ReleaseSysCache(tup);
	return found;
}

static bool
anon_dp_sizes_checker(Oid funcid, void *context)
{
	char	   *name;
	bool		size;

	if (funcid >= FirstNormalObjectId)
		return anon_dp_function_of_stats_library(funcid);
	if (get_func_namespace(funcid) != PG_CATALOG_NAMESPACE)
		return false;
	name = get_func_name(funcid);
	size = name != NULL &&
		(strncmp(name, "pg_stat_get_", 12) == 0 ||
		 strcmp(name, "pg_relation_size") == 0 ||
		 strcmp(name, "pg_table_size") == 0 ||
		 strcmp(name, "pg_indexes_size") == 0 ||
		 strcmp(name, "pg_total_relation_size") == 0 ||
		 strcmp(name, "pg_database_size") == 0 ||
		 strcmp(name, "pg_tablespace_size") == 0 ||
		 /* how many pages a table has (and whether a row was updated) */
		 strcmp(name, "currtid2") == 0 ||

		 /*
		  * how many page ranges a BRIN index summarized, how many pages a
		  * GIN index's pending list had: the pages written since the last
		  * VACUUM (the index's owner's: a DP role owning a labelled table)
		  */
		 strcmp(name, "brin_summarize_new_values") == 0 ||
		 strcmp(name, "brin_summarize_range") == 0 ||
		 strcmp(name, "gin_clean_pending_list") == 0);
	if (name)
		pfree(name);
	return size;
}

/*
 * Is the sequence a protected relation's: owned by one of its columns
 * (serial, OWNED BY, identity), or called by a column default of it?  Its
 * last value counts the rows ever inserted into that relation, exactly.
 */
static bool
anon_dp_sequence_is_protected(Oid seqid)
{
	Oid			table;
	int32		col;
	Relation	depend;
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple	tup;
	bool		found = false;

	if (get_rel_relkind(seqid) != RELKIND_SEQUENCE)
		return false;
	if ((sequenceIsOwned(seqid, DEPENDENCY_AUTO, &table, &col) ||
		 sequenceIsOwned(seqid, DEPENDENCY_INTERNAL, &table, &col)) &&
		anon_dp_relation_is_labelled(table, true))
		return true;

	/* the defaults that call it (nextval('seq') without OWNED BY) */
	depend = table_open(DependRelationId, AccessShareLock);
	ScanKeyInit(&key[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(RelationRelationId));
	ScanKeyInit(&key[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(seqid));
	scan = systable_beginscan(depend, DependReferenceIndexId, true, NULL, 2, key);
	while (!found && HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);

		if (dep->classid == AttrDefaultRelationId)
		{
			ObjectAddress column = GetAttrDefaultColumnAddress(dep->objid);

			found = OidIsValid(column.objectId) &&
				anon_dp_relation_is_labelled(column.objectId, true);
		}
	}
	systable_endscan(scan);
	table_close(depend, AccessShareLock);
	return found;
}

/*
 * The sequence functions whose first argument names a sequence: nextval,
 * currval and setval give (or set) its last value, pg_sequence_last_value
 * (behind pg_sequences) reads it.  Refused on a protected relation's
 * sequence, and on a sequence not named by a constant (computed when the
 * query runs, it could be any).
 */
static void
anon_dp_check_sequence_call(FuncExpr *func)
{
	Node	   *arg;

	switch (func->funcid)
	{
		case F_NEXTVAL:
		case F_CURRVAL:
		case F_SETVAL_REGCLASS_INT8:
		case F_SETVAL_REGCLASS_INT8_BOOL:
		case F_PG_SEQUENCE_LAST_VALUE:
			break;
		default:
			return;
	}
	arg = func->args != NIL ? (Node *) linitial(func->args) : NULL;
	if (arg == NULL || !IsA(arg, Const) || ((Const *) arg)->constisnull)
		anon_dp_refuse("A sequence function may only name its sequence with a constant.");
	if (anon_dp_sequence_is_protected(DatumGetObjectId(((Const *) arg)->constvalue)))
		anon_dp_refuse("The last value of a labelled table's sequence counts the rows inserted into it.");
}

static bool
anon_dp_sizes_walker(Node *node, void *context)
{
	Query	   *q = (Query *) context;

	if (node == NULL)
		return false;
	if (IsA(node, Query))
		return false;			/* another level: checked on its own */
	if (IsA(node, FuncExpr))
		anon_dp_check_sequence_call((FuncExpr *) node);
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == 0 &&
		((Var *) node)->varno >= 1 && ((Var *) node)->varno <= list_length(q->rtable))
	{
		Var		   *var = (Var *) node;
		RangeTblEntry *rte = rt_fetch(var->varno, q->rtable);

		if (rte->rtekind == RTE_RELATION && rte->relid == RelationRelationId &&
			(var->varattno == 0 || var->varattno == Anum_pg_class_reltuples ||
			 var->varattno == Anum_pg_class_relpages ||
#if PG_VERSION_NUM >= 180000
			 /* new in PostgreSQL 18: the pages VACUUM found all frozen */
			 var->varattno == Anum_pg_class_relallfrozen ||
#endif
			 var->varattno == Anum_pg_class_relallvisible))
			anon_dp_refuse("pg_class.reltuples and relpages give the exact size of a table.");
		return false;
	}
	if (check_functions_in_node(node, anon_dp_sizes_checker, NULL))
		anon_dp_refuse("The statistics collector, statistics extensions (pg_stat_statements, pg_buffercache, pg_prewarm...) and the sizes of relations count rows exactly.");
	return expression_tree_walker(node, anon_dp_sizes_walker, context);
}

/* a query met in an expression (a sublink) may be evaluated many times */
static bool
anon_dp_sublink_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		anon_dp_guard_query((Query *) node, false);
		return false;
	}
	return expression_tree_walker(node, anon_dp_sublink_walker, context);
}

/*
 * Check every level of a query.  `once` says that the level is evaluated
 * once per statement: the top level, and a subquery, CTE or view that is
 * the only row source of a level evaluated once.  A DP level evaluated
 * again (the inner side of a join, a lateral or correlated subquery) would
 * release fresh noise each time for one charge, so it is refused.
 */
static void
anon_dp_guard_query(Query *q, bool once)
{
	bool		child_once;
	ListCell   *lc;

	check_stack_depth();
	if (list_member_ptr(anon_dp_generated, q))
		return;
	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_RELATION &&
			(rte->relid == StatisticRelationId ||
			 rte->relid == StatisticExtDataRelationId))
			anon_dp_refuse("Planner statistics (pg_statistic and the pg_stats views) hold raw values.");
		if (rte->rtekind == RTE_RELATION && rte->relkind == RELKIND_SEQUENCE &&
			anon_dp_sequence_is_protected(rte->relid))
			anon_dp_refuse("The last value of a labelled table's sequence counts the rows inserted into it.");
	}
	(void) query_tree_walker(q, anon_dp_sizes_walker, (void *) q,
							 QTW_IGNORE_RT_SUBQUERIES | QTW_IGNORE_CTE_SUBQUERIES |
							 QTW_IGNORE_JOINALIASES);
	if (anon_dp_level_reads_labelled(q))
	{
		if (!once)
			anon_dp_refuse("A differentially private aggregate may not be evaluated repeatedly, as in a join, a lateral or correlated subquery or a set operation.");
		anon_dp_check_level(q);
	}
	child_once = once && anon_dp_level_sources(q) <= 1 && q->setOperations == NULL;
	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_SUBQUERY && rte->subquery != NULL)
		{
			anon_dp_guard_query(rte->subquery, child_once && !rte->lateral);

			/*
			 * A condition of the outer query must not be pushed down into
			 * the HAVING of a DP level, where it would run on every group,
			 * before partition selection: unless it is leakproof, which a
			 * security barrier ensures.
			 */
			if (anon_dp_level_reads_labelled(rte->subquery))
				rte->security_barrier = true;
		}
	}
	foreach(lc, q->cteList)
	{
		CommonTableExpr *cte = lfirst_node(CommonTableExpr, lc);

		if (IsA(cte->ctequery, Query))
		{
			anon_dp_guard_query((Query *) cte->ctequery,
								child_once && !cte->cterecursive && cte->cterefcount <= 1);
			/* the same, for a CTE the planner would inline as a subquery */
			if (anon_dp_level_reads_labelled((Query *) cte->ctequery))
				cte->ctematerialized = CTEMaterializeAlways;
		}
	}
	(void) query_tree_walker(q, anon_dp_sublink_walker, NULL,
							 QTW_IGNORE_RT_SUBQUERIES | QTW_IGNORE_CTE_SUBQUERIES);
}

/* ---- what the hooks call (hooks.c) ---- */

/*
 * The cost given to a guarded generic plan that reads a labelled
 * relation (anon_dp_guard_planned): above any custom plan's.
 */
#define ANON_DP_GENERIC_PLAN_COST	1e300

/* does the query, at any level, call a DP aggregate? */
static bool
anon_dp_has_dp_aggregate_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref) &&
		anon_dp_aggregate_layout(((Aggref *) node)->aggfnoid) != ANON_DP_NOT_DP)
		return true;
	if (IsA(node, WindowFunc) &&
		anon_dp_aggregate_layout(((WindowFunc *) node)->winfnoid) != ANON_DP_NOT_DP)
		return true;
	if (IsA(node, Query))
		return query_tree_walker((Query *) node, anon_dp_has_dp_aggregate_walker,
								 context, 0);
	return expression_tree_walker(node, anon_dp_has_dp_aggregate_walker, context);
}

/*
 * A parallel worker runs the fragment of a plan that its leader planned
 * and charged; it plans nothing of that plan itself.  A query it plans is
 * one of its own: the query of a function marked PARALLEL SAFE that the
 * fragment calls, once per row.  The budget is charged by the leader only
 * (dp_budget.c), so a DP aggregate in such a query would release a value
 * per call for no charge at all, and averaging the calls would take the
 * noise away.  Refused for every role, before anything is read.
 */
static void
anon_dp_guard_worker(Query *parse)
{
	if (anon_dp_has_dp_aggregate_walker((Node *) parse, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("a differentially private aggregate cannot run in a query of a parallel worker"),
				 errdetail("The privacy budget is charged by the leader of a parallel query, before it starts; a query that a function runs inside a parallel worker would release values that nobody charged."),
				 errhint("Mark the function that runs the query PARALLEL RESTRICTED or PARALLEL UNSAFE.")));
}

/*
 * After planning.  The plan cache chooses between custom plans (planned
 * for the parameters' values) and the generic plan by their estimated
 * costs, and the estimates come from the planner's statistics of the
 * tables read, their sizes and histograms, which a DP role may not read
 * (pg_stats, reltuples).  The choice shows: pg_prepared_statements counts
 * the generic plans used, and a DP aggregate whose epsilon is a parameter
 * fails in a generic plan only.  "PREPARE q(float8, int) AS SELECT
 * anon_count($1) FROM t WHERE salary < $2", run six times, failed at the
 * sixth exactly when the planner estimated many rows below $2: a
 * noiseless quantile of the column, found by bisection.  So a guarded
 * generic plan that reads a labelled relation costs more than any custom
 * plan: the plan cache keeps custom plans whatever the data
 * (plan_cache_mode can still force either, whatever the data too).
 */
void
anon_dp_guard_planned(PlannedStmt *stmt, ParamListInfo boundParams)
{
	ListCell   *lc;

	/* custom plans, and plans without parameters, are never compared */
	if (stmt == NULL || stmt->planTree == NULL || boundParams != NULL ||
		!anon_dp_guard_applies())
		return;
	foreach(lc, stmt->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_RELATION && rte->relkind != RELKIND_VIEW &&
			anon_dp_relation_is_labelled(rte->relid, rte->inh))
		{
			stmt->planTree->total_cost = ANON_DP_GENERIC_PLAN_COST;
			return;
		}
	}
}

/*
 * Planner hook, first of all: check every level of the query (as
 * rewritten, before masking), add partition selection and one row per
 * person.
 */
void
anon_dp_guard_plan(Query *parse)
{
	if (IsParallelWorker())
		anon_dp_guard_worker(parse);
	if (!anon_dp_guard_applies() && !anon_dp_guard_rights_apply(parse))
		return;
	anon_dp_generated = NIL;
	anon_citus_guard_dp(parse);
	anon_dp_guard_query(parse, true);
}

/* is VERBOSE among the options (DefElem) of a utility statement? */
static bool
anon_dp_verbose(List *options)
{
	ListCell   *lc;

	foreach(lc, options)
	{
		DefElem    *opt = lfirst_node(DefElem, lc);

		if (strcmp(opt->defname, "verbose") == 0 && defGetBoolean(opt))
			return true;
	}
	return false;
}

/*
 * VACUUM, ANALYZE and CLUSTER with VERBOSE report, as INFO messages that
 * reach the client whatever client_min_messages says, how many rows a
 * table holds (live, dead, removable), exactly: of a partition, or of a
 * table after a filter-free count, the number of people, with no noise.
 * A DP role may run them on a table it maintains (PostgreSQL 17 gives
 * MAINTAIN with GRANT ALL), or on every table it may.  Refused on a
 * protected relation, and without a relation (every table).
 */
static void
anon_dp_guard_verbose(List *relations, const char *command)
{
	ListCell   *lc;

	if (relations == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("a differential privacy role may not run %s (VERBOSE) on every table", command),
				 errdetail("VERBOSE reports how many rows each table holds, exactly."),
				 errhint("Name the tables, or leave VERBOSE out.")));
	foreach(lc, relations)
	{
		RangeVar   *rv = lfirst_node(RangeVar, lc);
		Oid			relid = RangeVarGetRelid(rv, NoLock, true);

		if (OidIsValid(relid) && anon_dp_relation_is_labelled(relid, true))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("a differential privacy role may not run %s (VERBOSE) on labelled table \"%s\"",
							command, rv->relname),
					 errdetail("VERBOSE reports how many rows the table holds, exactly."),
					 errhint("Leave VERBOSE out.")));
	}
}

/*
 * ProcessUtility hook, first of all: EXPLAIN and COPY of a labelled table,
 * VERBOSE maintenance of one.
 */
void
anon_dp_guard_utility(PlannedStmt *pstmt)
{
	Node	   *stmt = pstmt->utilityStmt;

	if (stmt == NULL)
		return;
	if (!IsA(stmt, ExplainStmt) && !IsA(stmt, CopyStmt) &&
		!IsA(stmt, VacuumStmt) && !IsA(stmt, ClusterStmt))
		return;
	if (!anon_dp_guard_applies())
		return;

	if (IsA(stmt, VacuumStmt) && anon_dp_verbose(((VacuumStmt *) stmt)->options))
	{
		VacuumStmt *vac = (VacuumStmt *) stmt;
		List	   *rels = NIL;
		ListCell   *lc_rel;

		foreach(lc_rel, vac->rels)
		{
			VacuumRelation *vrel = lfirst_node(VacuumRelation, lc_rel);

			if (vrel->relation != NULL)
				rels = lappend(rels, vrel->relation);
		}
		anon_dp_guard_verbose(rels, vac->is_vacuumcmd ? "VACUUM" : "ANALYZE");
		return;
	}
	if (IsA(stmt, ClusterStmt))
	{
		ClusterStmt *cl = (ClusterStmt *) stmt;

		if (anon_dp_verbose(cl->params))
			anon_dp_guard_verbose(cl->relation ? list_make1(cl->relation) : NIL, "CLUSTER");
		return;
	}

	/*
	 * EXPLAIN shows row counts, estimates drawn from the statistics and
	 * timings: of any statement, since EXPLAIN EXECUTE and EXPLAIN of a
	 * function call reach labelled tables the statement does not name.
	 */
	if (IsA(stmt, ExplainStmt))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("a differential privacy role may not use EXPLAIN"),
				 errdetail("EXPLAIN shows row counts, estimates and timings drawn from the data.")));

	if (IsA(stmt, CopyStmt))
	{
		CopyStmt   *copy = (CopyStmt *) stmt;

		if (copy->relation != NULL)
		{
			Oid			relid = RangeVarGetRelid(copy->relation, NoLock, true);

			if (OidIsValid(relid) && anon_dp_relation_is_labelled(relid, copy->relation->inh))
				anon_dp_refuse("COPY of a labelled table is not allowed.");
		}
	}
}

/*
 * SQL functions are not inlined into a guarded query: the planner would
 * inline them after the planner hook ran, so their queries would escape
 * the check.  A function that needs the fmgr hook is never inlined; its
 * queries are planned, and checked, when it runs.
 */
bool
anon_dp_guard_needs_fmgr(Oid functionId)
{
	AnonFunctionFacts facts;

	/* fmgr asks for every function it looks up: the cheap, cached test first */
	if (!IsTransactionState() || !anon_function_facts(functionId, &facts))
		return false;
	return facts.sql && anon_dp_guard_applies();
}
