/*-------------------------------------------------------------------------
 *
 * hooks.c
 *		Every query-path hook of the anon extension, installed and chained
 *		in one place, and the order in which the modules see each event.
 *
 * Modules export functions, not hooks (the model is contrib/sepgsql's
 * hooks.c).  anon_hooks_init(), called last by _PG_init, saves the hooks
 * that were in place (prev_*) and installs anon's; each of anon's hooks
 * calls the modules in the order below, then the previous hook or the
 * standard function.
 *
 * Planner (planner_hook), on the query as rewritten (views expanded):
 *	 1. the DP guard (dp_guard.c): a DIFFERENTIAL PRIVACY role may only
 *		compute DP releases; it checks the query as the user wrote it, before
 *		masking adds its expressions, and adds partition selection;
 *	 2. dynamic masking (dynamic.c): masked relations are read through their
 *		rules, whose function calls are marked as rule calls; pg_seclabel
 *		is read redacted; RESTRICTED functions are refused in the query tree;
 *	 3. Citus (citus.c): a query with DP aggregates on Citus tables is
 *		planned so that Citus finalizes them on the coordinator;
 *	 4. the previous planner hook (Citus's, when it is loaded first), or
 *		standard_planner;
 *	 5. dynamic masking again: a plan that reads a relation with rules
 *		depends on the role (the plan cache replans for another one);
 *		Citus: planner settings restored, and a masked role's plan must
 *		not read a Citus table's local heap (its shards are masked);
 *	 6. the DP guard: a guarded generic plan over a labelled relation costs
 *		more than any custom plan, so the plan cache's choice does not
 *		depend on the planner's statistics.
 *
 * ProcessUtility (ProcessUtility_hook), before the statement runs:
 *	 1. the DP guard: COPY of a labelled table, and EXPLAIN of any kind, are
 *		refused for a DIFFERENTIAL PRIVACY role;
 *	 2. the utility guard (utility_guard.c): a masked role may not write,
 *		run code on, or give away a masked table (TRUNCATE, COPY FROM,
 *		ALTER TABLE, CREATE INDEX, REINDEX, CLUSTER, GRANT, ...);
 *	 3. dynamic masking: COPY rel TO of a masked relation becomes
 *		COPY (SELECT <masks> FROM ONLY rel) TO, COPY FROM is refused; while
 *		an EXPLAIN by a masked role runs, the planner refuses masked
 *		relations;
 *	 4. the previous hook, or standard_ProcessUtility.
 * Statements that go through the planner (the query of COPY (query) TO,
 * EXPLAIN's query, CREATE TABLE AS, DECLARE CURSOR) are checked there.
 *
 * Function manager (needs_fmgr_hook, fmgr_hook):
 *	 - a SQL function called in a masked or DP-guarded session must not be
 *	   inlined into the caller's query after the planner hook ran, so it is
 *	   given the fmgr hook (which prevents inlining) and its own queries are
 *	   planned, masked and checked on their own;
 *	 - a function in a procedural language looked up by a masked reader is
 *	   given the fmgr hook, so that a rule's call of it is counted while it
 *	   runs (error_redact.c hides the notices it raises);
 *	 - every RESTRICTED function looked up by a masked reader is given the
 *	   fmgr hook, which refuses the call unless it comes from a masking
 *	   rule (restricted.c): the arguments of EXECUTE and CALL, default
 *	   arguments, aggregate final functions, defaults, CHECK constraints and
 *	   index expressions never pass through the planner hook.  The hook's
 *	   private slot chains the previous fmgr_hook's.
 *
 * Transaction end (RegisterXactCallback): no rule call is running any
 * more (restricted.c's depth is reset); a kept projection whose execution
 * was cut short is rebuilt at its next use (projcache.c).
 *
 * Session user changes (the planner, utility and executor hooks, before
 * and after the statement's work): the plan cache keys a
 * plan by the current user alone, but masking also follows the session
 * user (dynamic.c): a plan made for an unmasked current user in one
 * session identity (a SECURITY DEFINER function's SQL, PL/pgSQL or
 * prepared statements) must not be reused once SET SESSION AUTHORIZATION
 * made the session user masked.  When a hook sees the session user
 * changed, every cached plan is replanned (ResetPlanCache); so too when
 * SET ROLE changed the masking of the outer user, which counts as well.
 *
 * Executor start (ExecutorStart_hook): first, a plan made for another
 * masking of the reader (the role changed within the statement) and a plan
 * started while a masked reader's EXPLAIN runs (EXPLAIN EXECUTE of a cached
 * plan) are refused (dynamic.c); before standard_ExecutorStart, a
 * masked reader's cached plan whose masked projection is kept from one
 * execution to the next has its masks swapped for placeholders, and after
 * it the kept projection installed (projcache.c); then, before a row is
 * read, the privacy budget (dp_budget.c) charges the total epsilon and
 * delta of the DP aggregates of the plan, atomically, or refuses the query;
 * every execution is charged.
 *
 * Executor end (ExecutorEnd_hook): the execution no longer uses its kept
 * projection (projcache.c).
 *
 * Executor run (ExecutorRun_hook): while a masked reader's statement runs, the text of an error that may quote a raw value is hidden
 * (error_redact.c).
 *
 * Messages (emit_log_hook): after a guarded read of a labelled table, and
 * until its transaction ends, LOG and DEBUG messages (auto_explain's
 * plans with their row counts, trace_sort) go to the server log only, even
 * if a function of the query lowered client_min_messages (dp_guard.c);
 * for a masked reader always (error_redact.c).
 *
 * ProcessUtility, after the statement: role membership or role settings
 * may have changed; masked and DP roles and their members keep anon in
 * session_preload_libraries (fail_closed.c).
 *
 * Object access (object_access_hook), on every object created: none in a
 * temporary schema within a security-restricted operation, where a table
 * owner's code would leave it in the caller's session (owner_guard.c).
 *
 * Loaded without the preload (anon_hooks_init_unpreloaded): only a planner
 * and a utility hook, which refuse every statement of a masked or DP
 * reader, and the object access hook.
 *
 * The shared-memory hooks of the privacy ledger (dp_budget.c) and of the
 * progress reports (progress.c) stay with the state they set up: they are
 * not on the query path and no ordering between them matters.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "access/htup_details.h"
#include "catalog/pg_proc.h"
#include "utils/syscache.h"
#include "optimizer/planner.h"
#include "utils/memutils.h"
#include "utils/plancache.h"
#include "tcop/utility.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "dp_budget.h"
#include "dp_guard.h"
#include "dynamic.h"
#include "owner_guard.h"
#include "error_redact.h"
#include "fail_closed.h"
#include "projcache.h"
#include "restricted.h"
#include "rules.h"
#include "utility_guard.h"

/* ---- Saved hook values ---- */

static planner_hook_type prev_planner_hook = NULL;
static ProcessUtility_hook_type prev_ProcessUtility = NULL;
static needs_fmgr_hook_type prev_needs_fmgr_hook = NULL;
static fmgr_hook_type prev_fmgr_hook = NULL;
static ExecutorStart_hook_type prev_ExecutorStart = NULL;
static ExecutorRun_hook_type prev_ExecutorRun = NULL;
static ExecutorEnd_hook_type prev_ExecutorEnd = NULL;
static emit_log_hook_type prev_emit_log_hook = NULL;
static object_access_hook_type prev_object_access_hook = NULL;

/* ---- Function declarations ---- */

static PlannedStmt *anon_hooks_planner(Query *parse, const char *query_string,
									   int cursorOptions,
									   ParamListInfo boundParams);
static void anon_hooks_ProcessUtility(PlannedStmt *pstmt, const char *queryString,
									  bool readOnlyTree,
									  ProcessUtilityContext context,
									  ParamListInfo params,
									  QueryEnvironment *queryEnv,
									  DestReceiver *dest, QueryCompletion *qc);
static bool anon_hooks_needs_fmgr(Oid functionId);
static void anon_hooks_fmgr(FmgrHookEventType event, FmgrInfo *flinfo,
							Datum *private);
static void anon_hooks_xact(XactEvent event, void *arg);
static void anon_hooks_ExecutorStart(QueryDesc *queryDesc, int eflags);
static void anon_hooks_ExecutorRun(ANON_EXECUTOR_RUN_PARAMS);
static void anon_hooks_ExecutorEnd(QueryDesc *queryDesc);
static void anon_hooks_emit_log(ErrorData *edata);
static void anon_hooks_object_access(ObjectAccessType access, Oid classId,
									 Oid objectId, int subId, void *arg);

/*
 * Install every hook; called once from _PG_init, after the modules have
 * defined their GUCs.
 */
void
anon_hooks_init(void)
{
	prev_planner_hook = planner_hook;
	planner_hook = anon_hooks_planner;
	prev_ProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = anon_hooks_ProcessUtility;
	prev_needs_fmgr_hook = needs_fmgr_hook;
	needs_fmgr_hook = anon_hooks_needs_fmgr;
	prev_fmgr_hook = fmgr_hook;
	fmgr_hook = anon_hooks_fmgr;
	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = anon_hooks_ExecutorStart;
	prev_ExecutorRun = ExecutorRun_hook;
	ExecutorRun_hook = anon_hooks_ExecutorRun;
	prev_ExecutorEnd = ExecutorEnd_hook;
	ExecutorEnd_hook = anon_hooks_ExecutorEnd;
	prev_emit_log_hook = emit_log_hook;
	emit_log_hook = anon_hooks_emit_log;
	prev_object_access_hook = object_access_hook;
	object_access_hook = anon_hooks_object_access;
	RegisterXactCallback(anon_hooks_xact, NULL);
}

/*
 * Every object created: none in a temporary schema within a
 * security-restricted operation (owner_guard.c).
 */
static void
anon_hooks_object_access(ObjectAccessType access, Oid classId, Oid objectId,
						 int subId, void *arg)
{
	anon_owner_object_access(access, classId, objectId, subId);
	if (prev_object_access_hook)
		prev_object_access_hook(access, classId, objectId, subId, arg);
}

/*
 * Another module's object access hook (sepgsql's checks of each function
 * executed): projcache.c then leaves every execution to set its
 * expressions up, with their hooks.  anon's own acts on creations only.
 */
bool
anon_hooks_other_object_access(void)
{
	if (object_access_hook == NULL)
		return false;
	return object_access_hook != anon_hooks_object_access ||
		prev_object_access_hook != NULL;
}

/*
 * Every message, before it is sent: after a guarded read of a labelled
 * table, LOG and DEBUG messages stay in the server log (dp_guard.c).
 */
static void
anon_hooks_emit_log(ErrorData *edata)
{
	anon_dp_guard_filter_message(edata);
	anon_error_redact_filter_log(edata);
	if (prev_emit_log_hook)
		prev_emit_log_hook(edata);
}

/* ---- Plans and the session user ---- */

static Oid	anon_plans_session = InvalidOid;
static Oid	anon_plans_outer = InvalidOid;
static int	anon_plans_outer_policy = -1;

/*
 * The outer user (SET ROLE) counts for masking too (rules.c): a plan that a
 * SECURITY DEFINER function, or a foreign key's check, made as its owner
 * while an unmasked role was set must not be reused once SET ROLE made a
 * masked role the outer user (nor the other way round).  Only a change of
 * the outer user's masking replans, so SET ROLE between unmasked roles
 * keeps the plans.
 */
static void
anon_hooks_check_session(void)
{
	Oid			session;
	Oid			outer;

	if (!IsNormalProcessingMode() || !IsTransactionState())
		return;
	/* known to the message hook, which may not read the catalogs */
	(void) anon_reader_policy();
	session = GetSessionUserId();
	outer = GetOuterUserId();
	if (outer != anon_plans_outer)
	{
		int			policy = anon_role_effective_masking_policy(outer);

		if (policy != anon_plans_outer_policy && OidIsValid(anon_plans_outer))
			ResetPlanCache();
		anon_plans_outer = outer;
		anon_plans_outer_policy = policy;
	}
	if (session == anon_plans_session)
		return;
	if (OidIsValid(anon_plans_session))
		ResetPlanCache();
	anon_plans_session = session;
}

/* ---- Planner ---- */

static PlannedStmt *
anon_hooks_planner(Query *parse, const char *query_string, int cursorOptions,
				   ParamListInfo boundParams)
{
	PlannedStmt *result;
	AnonCitusPlanState *citus_state;

	anon_hooks_check_session();
	anon_dp_guard_plan(parse);
	anon_dynamic_plan(parse);
	citus_state = anon_citus_plan(parse);

	if (prev_planner_hook)
		result = prev_planner_hook(parse, query_string, cursorOptions, boundParams);
	else
		result = standard_planner(parse, query_string, cursorOptions, boundParams);

	anon_dynamic_planned(result);
	anon_citus_planned(result, citus_state);
	anon_dp_guard_planned(result, boundParams);
	return result;
}

/* ---- ProcessUtility ---- */

static void
anon_hooks_call_ProcessUtility(PlannedStmt *pstmt, const char *queryString,
							   bool readOnlyTree, ProcessUtilityContext context,
							   ParamListInfo params, QueryEnvironment *queryEnv,
							   DestReceiver *dest, QueryCompletion *qc)
{
	if (prev_ProcessUtility)
		prev_ProcessUtility(pstmt, queryString, readOnlyTree, context,
							params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context,
								params, queryEnv, dest, qc);
}

static void
anon_hooks_ProcessUtility(PlannedStmt *pstmt, const char *queryString,
						  bool readOnlyTree, ProcessUtilityContext context,
						  ParamListInfo params, QueryEnvironment *queryEnv,
						  DestReceiver *dest, QueryCompletion *qc)
{
	PlannedStmt *masked;

	anon_hooks_check_session();
	anon_dp_guard_utility(pstmt);
	anon_utility_guard(pstmt);
	if (IsA(pstmt->utilityStmt, CopyStmt) &&
		((CopyStmt *) pstmt->utilityStmt)->is_from &&
		((CopyStmt *) pstmt->utilityStmt)->relation != NULL)
		anon_write_guard_relation(RangeVarGetRelid(((CopyStmt *) pstmt->utilityStmt)->relation,
												   NoLock, true));

	masked = anon_dynamic_utility(pstmt);
	if (masked != pstmt)
	{
		pstmt = masked;
		readOnlyTree = false;	/* ours to change: a fresh copy */
	}

	if (anon_dynamic_explain_enter(pstmt->utilityStmt))
	{
		PG_TRY();
		{
			anon_hooks_call_ProcessUtility(pstmt, queryString, readOnlyTree,
										   context, params, queryEnv, dest, qc);
		}
		PG_FINALLY();
		{
			anon_dynamic_explain_leave();
		}
		PG_END_TRY();
	}
	else
		anon_hooks_call_ProcessUtility(pstmt, queryString, readOnlyTree,
									   context, params, queryEnv, dest, qc);

	anon_fail_closed_utility(pstmt->utilityStmt);
	anon_hooks_check_session();
}

/* ---- Without the preload ---- */

static PlannedStmt *
anon_hooks_unpreloaded_planner(Query *parse, const char *query_string,
							   int cursorOptions, ParamListInfo boundParams)
{
	anon_fail_closed_check();
	if (prev_planner_hook)
		return prev_planner_hook(parse, query_string, cursorOptions, boundParams);
	return standard_planner(parse, query_string, cursorOptions, boundParams);
}

static void
anon_hooks_unpreloaded_ProcessUtility(PlannedStmt *pstmt, const char *queryString,
									  bool readOnlyTree,
									  ProcessUtilityContext context,
									  ParamListInfo params,
									  QueryEnvironment *queryEnv,
									  DestReceiver *dest, QueryCompletion *qc)
{
	/* RESET ROLE, SET ROLE and the like stay allowed: they read nothing */
	if (!IsA(pstmt->utilityStmt, VariableSetStmt) &&
		!IsA(pstmt->utilityStmt, TransactionStmt))
		anon_fail_closed_check();
	anon_hooks_call_ProcessUtility(pstmt, queryString, readOnlyTree, context,
								   params, queryEnv, dest, qc);
}

/*
 * Loaded in a session without the preload (LOAD, or a call to one of
 * anon's functions): no masking, so every statement of a masked or DP
 * reader is refused (fail_closed.c).
 */
void
anon_hooks_init_unpreloaded(void)
{
	prev_planner_hook = planner_hook;
	planner_hook = anon_hooks_unpreloaded_planner;
	prev_ProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = anon_hooks_unpreloaded_ProcessUtility;
	prev_object_access_hook = object_access_hook;
	object_access_hook = anon_hooks_object_access;
}

/* ---- Function manager ---- */

/*
 * The owner of a function when it is a masked or DIFFERENTIAL PRIVACY role
 * (or a member of one), else InvalidOid: such a function runs as its owner.
 */
static Oid
anon_hooks_confined_owner(Oid functionId)
{
	AnonFunctionFacts facts;
	Oid			owner;

	if (OidIsValid(owner = anon_function_masked_owner(functionId)))
		return owner;
	if (!anon_preloaded || !IsTransactionState() ||
		!anon_function_facts(functionId, &facts))
		return InvalidOid;
	return anon_dp_role_is_guarded(facts.owner) ? facts.owner : InvalidOid;
}

/*
 * fmgr asks for every function it looks up that is not built in, so for
 * every mask call of every query's executor set-up.  The answer depends on
 * the function (its language, owner and RESTRICTED labels), on the roles
 * the session runs as (current, outer and session user: their labels and
 * memberships, and its owner's) and on whether anon is installed; it is
 * cached per function with the three users and the generation of anon's
 * role and function caches (rules.c), which every change to a role, a
 * membership, a function, a schema or a label moves.  An answer computed
 * while an invalidation arrived is used once, not kept.  A module test
 * added to anon_hooks_needs_fmgr_uncached() must depend on nothing else
 * (or be called before the cache, as the previous hook is).
 */
typedef struct AnonFmgrNeed
{
	Oid			funcid;			/* InvalidOid: an empty slot */
	uint64		generation;		/* anon_rules_generation() it was made in */
	Oid			current;
	Oid			outer;
	Oid			session;
	bool		needs;
} AnonFmgrNeed;

/*
 * A direct-mapped table (a slot per function, chosen by its OID; a
 * function whose slot another holds is answered afresh and takes the
 * slot): asked for every function of every executor start, it must cost
 * less than a hash table lookup.  Static memory, so nothing to allocate
 * or free; entries of an older generation are simply not used.
 */
#define ANON_FMGR_NEED_SLOTS 256
static AnonFmgrNeed anon_fmgr_need[ANON_FMGR_NEED_SLOTS];

static bool
anon_hooks_needs_fmgr_uncached(Oid functionId)
{
	return anon_dynamic_needs_fmgr(functionId) ||
		anon_dp_guard_needs_fmgr(functionId) ||
		anon_restricted_needs_fmgr(functionId) ||
		anon_error_redact_needs_fmgr(functionId) ||
		OidIsValid(anon_hooks_confined_owner(functionId));
}

static bool
anon_hooks_needs_fmgr(Oid functionId)
{
	AnonFmgrNeed *entry;
	uint64		generation;
	Oid			current;
	Oid			outer;
	Oid			session;
	bool		needs;

	if (prev_needs_fmgr_hook && prev_needs_fmgr_hook(functionId))
		return true;
	if (!IsTransactionState() || !IsNormalProcessingMode())
		return anon_hooks_needs_fmgr_uncached(functionId);

	current = GetUserId();
	outer = GetOuterUserId();
	session = GetSessionUserId();
	generation = anon_rules_generation();
	entry = &anon_fmgr_need[(functionId ^ (functionId >> 8)) % ANON_FMGR_NEED_SLOTS];
	if (entry->funcid == functionId && OidIsValid(functionId) &&
		entry->generation == generation &&
		entry->current == current && entry->outer == outer &&
		entry->session == session)
		return entry->needs;

	needs = anon_hooks_needs_fmgr_uncached(functionId);
	if (generation == anon_rules_generation())
	{
		entry->funcid = functionId;
		entry->generation = generation;
		entry->current = current;
		entry->outer = outer;
		entry->session = session;
		entry->needs = needs;
	}
	return needs;
}

/*
 * The private slot of a call (one Datum per FmgrInfo) is shared by every
 * fmgr_hook in the chain: ours holds the previous hook's slot and our own
 * state.
 */
typedef struct AnonFmgrPrivate
{
	Datum		prev_private;
	bool		entered;		/* restricted.c: this call raised the depth */
	bool		owner_known;	/* masked_owner looked up */
	Oid			masked_owner;	/* the function's masked owner, or invalid */
	Oid			saved_userid;	/* the user before this call switched */
	int			saved_sec_context;
	bool		owner_entered;	/* this call switched to masked_owner */
} AnonFmgrPrivate;

static void
anon_hooks_fmgr(FmgrHookEventType event, FmgrInfo *flinfo, Datum *private)
{
	AnonFmgrPrivate *state = (AnonFmgrPrivate *) DatumGetPointer(*private);

	if (state == NULL)
	{
		state = MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(AnonFmgrPrivate));
		*private = PointerGetDatum(state);
	}
	if (prev_fmgr_hook)
		prev_fmgr_hook(event, flinfo, &state->prev_private);

	/*
	 * A function written by a masked role (a trigger, a default, a function
	 * it offers to others) runs as its owner whoever calls it, like a
	 * SECURITY DEFINER function: its queries are masked, and planned for
	 * that role (a plan cached for the caller is not reused), and it acts
	 * with the masked role's rights, never the caller's.
	 */
	if (event == FHET_START)
	{
		if (!state->owner_known)
		{
			state->masked_owner = anon_hooks_confined_owner(flinfo->fn_oid);
			state->owner_known = true;
		}
		if (OidIsValid(state->masked_owner) && GetUserId() != state->masked_owner)
		{
			GetUserIdAndSecContext(&state->saved_userid, &state->saved_sec_context);
			SetUserIdAndSecContext(state->masked_owner,
								   state->saved_sec_context | SECURITY_LOCAL_USERID_CHANGE);
			state->owner_entered = true;
		}
	}
	else if (state->owner_entered)
	{
		SetUserIdAndSecContext(state->saved_userid, state->saved_sec_context);
		state->owner_entered = false;
	}
	anon_restricted_fmgr(event, flinfo, &state->entered);
}

/* ---- Transactions ---- */

static void
anon_hooks_xact(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_COMMIT ||
		event == XACT_EVENT_PARALLEL_ABORT || event == XACT_EVENT_PARALLEL_COMMIT)
	{
		anon_restricted_reset();
		anon_projcache_xact_end();
	}
}

/* ---- Executor start ---- */

static void
anon_hooks_call_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	if (prev_ExecutorStart)
		prev_ExecutorStart(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

static void
anon_hooks_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	AnonProjEntry *proj;

	anon_hooks_check_session();
	anon_dynamic_check_reader(queryDesc);
	anon_dynamic_explain_plan(queryDesc);
	proj = anon_projcache_before_start(queryDesc, eflags);
	if (proj == NULL)
		anon_hooks_call_ExecutorStart(queryDesc, eflags);
	else
	{
		PG_TRY();
		{
			anon_hooks_call_ExecutorStart(queryDesc, eflags);
		}
		PG_CATCH();
		{
			anon_projcache_after_start(proj, queryDesc, false);
			PG_RE_THROW();
		}
		PG_END_TRY();
		anon_projcache_after_start(proj, queryDesc, true);
	}
	if (!(eflags & EXEC_FLAG_EXPLAIN_ONLY))
		anon_write_guard_query(queryDesc);
	anon_dp_budget_charge_query(queryDesc, eflags);
}

/* ---- Executor end ---- */

static void
anon_hooks_ExecutorEnd(QueryDesc *queryDesc)
{
	anon_projcache_end(queryDesc);
	if (prev_ExecutorEnd)
		prev_ExecutorEnd(queryDesc);
	else
		standard_ExecutorEnd(queryDesc);
}

/* ---- Executor run ---- */

static void
anon_hooks_ExecutorRun(ANON_EXECUTOR_RUN_PARAMS)
{
	ErrorContextCallback redact;
	bool		redacting = anon_error_redact_enter(&redact);

	if (prev_ExecutorRun)
		prev_ExecutorRun(ANON_EXECUTOR_RUN_ARGS);
	else
		standard_ExecutorRun(ANON_EXECUTOR_RUN_ARGS);
	if (redacting)
		anon_error_redact_leave(&redact);
	anon_hooks_check_session();
}
