/*-------------------------------------------------------------------------
 *
 * projcache.c
 *		A masked reader's cached plan keeps its masked projection from one
 *		execution to the next.
 *
 * A masked point lookup reads a table through its rules: the plan's scan
 * projects the masks (fake_first_name(), partial_email(email), ...).  The
 * executor builds that projection again at every execution, even of a
 * cached generic plan: for each mask, an EXECUTE permission check, an
 * fmgr_info and a type lookup (three catalog cache searches), then a check
 * of the expression's Vars at its first row.  With three masks this costs
 * about 8,000 instructions, a sixth of the whole prepared lookup, and is the
 * bulk of what a masked lookup costs more than a plain one (issue 23).
 *
 * For a plan the plan cache keeps (its memory context is a "CachedPlan"),
 * whose top node is a table scan projecting expressions this module knows
 * to be safe to keep (below), the projection is built once, in a memory
 * context under the plan's, and reused by the next executions; for a plan
 * made for one execution (the simple protocol), it is kept by content
 * (anon_projcache_content_entry):
 *
 *	 - before the standard executor start, the scan's target list is swapped
 *	   for placeholders of the same types: its Vars, and a NULL constant of
 *	   each expression's type, typmod and collation, which the executor
 *	   turns into a cheap projection (no function to look up) with the same
 *	   result row type;
 *	 - after it, the plan's target list is back and the scan's projection is
 *	   replaced by the cached one, given this execution's expression context
 *	   and result slot.
 * If the replacement did not happen, the scan would return NULL for each
 * masked column, never a raw value: the placeholders fail closed.
 *
 * The cached projection is valid for what the executor checked when it was
 * built: the current, outer and session users, the security context and
 * the generation of anon's role and label caches (rules.c), which every
 * change to a role, a membership, a function, a schema or a label moves
 * (EXECUTE privileges through role memberships included); a change to a
 * function or a table invalidates the plan itself, and with it the plan's
 * memory and this cache (a reset callback on the plan's context).  One
 * execution uses it at a time (a cursor still open on the plan, or a plan
 * run again from inside its own execution, builds its own); an execution
 * that ended by an error, or that never reached its executor end before the
 * transaction did, leaves it to be rebuilt, since its functions may have
 * stopped halfway through their state.  A plan is kept after its second
 * execution: custom plans (one execution) and one-shot plans never pay.
 *
 * Safe to keep: Vars of the scanned relation, constants, and calls of
 * functions written in C or built in, neither SECURITY DEFINER nor with
 * SET clauses, through the node types listed in anon_projcache_walker
 * (no parameters, subplans, domains, whole-row Vars or set-returning
 * calls, whose executor state lives in one execution), every value of a
 * base or enum type.  Anything else is built by the executor as usual.
 * With an object access hook other than anon's installed (sepgsql checks
 * each function executed), every execution's own checks are kept.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/objectaccess.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/plannodes.h"
#include "parser/parsetree.h"
#include "utils/inval.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "projcache.h"
#include "rules.h"

/* a cached projection past this size is rebuilt (functions that leak) */
#define ANON_PROJCACHE_MAX_BYTES ((Size) 4 * 1024 * 1024)

/* executions at once that may each hold a cached projection */
#define ANON_PROJCACHE_ACTIVE 8

struct AnonProjEntry
{
	PlannedStmt *stmt;			/* the plan (hash key); by content: the
								 * plan of the execution using it */
	MemoryContext plan_cxt;		/* its memory context; by content: the
								 * entry's own */
	bool		by_content;		/* kept for one-shot plans, by content */
	uint32		hash;			/* by content: of the target list */
	Oid			relid;			/* by content: the scanned table */
	uint64		content_gen;	/* by content: anon_projcache_content_gen */
	uint64		last_used;		/* by content: for eviction */
	List	   *plan_tlist;		/* the plan's own list while swapped */
	int			executions;		/* started so far */
	bool		checked;		/* eligibility known */
	bool		eligible;
	bool		swapped;		/* placeholders in the plan right now */
	bool		in_use;			/* an execution uses proj */
	bool		broken;			/* rebuild before the next use */
	List	   *own_tlist;		/* the scan's target list */
	List	   *placeholders;	/* and its placeholders */
	QueryDesc  *user;			/* the execution using proj */
	MemoryContext cxt;			/* holds proj */
	ProjectionInfo *proj;
	/* what proj was built for */
	Oid			userid;
	int			sec_context;
	Oid			outer;
	Oid			session;
	uint64		generation;
	MemoryContextCallback forget;
};

typedef struct AnonProjHashEntry
{
	PlannedStmt *stmt;
	AnonProjEntry *entry;
} AnonProjHashEntry;

/*
 * One-shot plans (the simple protocol, SPI without a saved plan) are planned
 * afresh for each statement: their projections are kept by content (the
 * scanned table and the target list, equal() to the one kept), at most
 * ANON_PROJCACHE_CONTENT entries, the least recently used replaced.  A
 * statement seen once only leaves the hash of its target list; the second
 * one alike is kept.  Any change to a function or a type (a privilege, a
 * definition) drops them all: unlike a plan, nothing else would.
 */
#define ANON_PROJCACHE_CONTENT 32

static AnonProjEntry *anon_projcache_content[ANON_PROJCACHE_CONTENT];
static MemoryContext anon_projcache_content_cxt = NULL;
static uint64 anon_projcache_content_gen = 1;
static uint64 anon_projcache_clock = 0;

static bool anon_projcache_enabled = true;
static HTAB *anon_projcache_htab = NULL;
static AnonProjEntry *anon_projcache_active[ANON_PROJCACHE_ACTIVE];
static int	anon_projcache_nactive = 0;

/* a function or a type changed: every projection kept by content goes */
static void
anon_projcache_content_inval(Datum arg, int cacheid, uint32 hashvalue)
{
	anon_projcache_content_gen++;
}

void
anon_projcache_init(void)
{
	CacheRegisterSyscacheCallback(PROCOID, anon_projcache_content_inval, (Datum) 0);
	CacheRegisterSyscacheCallback(TYPEOID, anon_projcache_content_inval, (Datum) 0);

	DefineCustomBoolVariable("anon.cache_masked_projections",
							 "Keeps the masked projection of a cached plan from one execution to the next.",
							 "Masked readers' prepared statements then skip the set-up of their masks at each execution.",
							 &anon_projcache_enabled,
							 true,
							 PGC_SUSET,
							 0,
							 NULL, NULL, NULL);
}

/* the plan's memory is freed: forget its entry */
static void
anon_projcache_forget(void *arg)
{
	AnonProjEntry *entry = (AnonProjEntry *) arg;
	int			i;

	if (anon_projcache_htab != NULL)
		(void) hash_search(anon_projcache_htab, &entry->stmt, HASH_REMOVE, NULL);
	for (i = 0; i < anon_projcache_nactive; i++)
	{
		if (anon_projcache_active[i] == entry)
		{
			anon_projcache_active[i] = anon_projcache_active[--anon_projcache_nactive];
			break;
		}
	}
	/* entry->cxt, a child of the plan's context, is already gone */
}

/* a function whose FmgrInfo may outlive one execution */
static bool
anon_projcache_function_ok(Oid funcid)
{
	HeapTuple	tuple;
	Form_pg_proc proc;
	bool		ok;

	if (!OidIsValid(funcid))
		return false;
	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	if (!HeapTupleIsValid(tuple))
		return false;
	proc = (Form_pg_proc) GETSTRUCT(tuple);
	ok = (proc->prolang == INTERNALlanguageId ||
		  proc->prolang == ClanguageId) &&
		!proc->prosecdef && !proc->proretset &&
		heap_attisnull(tuple, Anum_pg_proc_proconfig, NULL);
	ReleaseSysCache(tuple);
	return ok;
}

/*
 * A value of a base or enum type (not a composite, a record, a domain or a
 * pseudo-type): functions that cache the layout of a row type in their
 * FmgrInfo are not kept from one execution to the next.
 */
static bool
anon_projcache_type_ok(Oid typid)
{
	char		typtype = get_typtype(typid);

	return typtype == TYPTYPE_BASE || typtype == TYPTYPE_ENUM;
}

/*
 * What a walk of a target list's expressions carries: the scanned relation
 * (its Vars only), whether to look functions and types up in the catalogs
 * (once, when an entry is made; the hash alone is computed without), and
 * the hash of what it has walked (equal() decides: the hash only finds a
 * candidate entry kept by content).
 */
typedef struct AnonProjWalk
{
	Index		scanrelid;
	bool		catalog;
	uint32		hash;
} AnonProjWalk;

/*
 * true (walker convention) when node holds anything not safe to keep: a
 * node of a kind not listed, a Var of another level or relation or a
 * system column, a set-returning call; with the catalog, also a function
 * or a value type anon_projcache_function_ok or _type_ok turns down.
 */
static bool
anon_projcache_walker(Node *node, void *context)
{
	AnonProjWalk *walk = (AnonProjWalk *) context;
	uint32	   *h = &walk->hash;

	if (node == NULL)
	{
		*h = hash_combine(*h, 0);
		return false;
	}
	if (IsA(node, List))		/* the arguments of COALESCE and others */
		return expression_tree_walker(node, anon_projcache_walker, context);
	if (walk->catalog && (IsA(node, CaseWhen) ||	/* its CaseExpr walks it */
						  !anon_projcache_type_ok(exprType(node))))
		return true;
	*h = hash_combine(*h, (uint32) nodeTag(node));
	switch (nodeTag(node))
	{
		case T_Var:
			{
				Var		   *var = (Var *) node;

				if (var->varno != (int) walk->scanrelid ||
					var->varlevelsup != 0 || var->varattno <= 0)
					return true;
				*h = hash_combine(*h, (uint32) var->varattno);
				*h = hash_combine(*h, var->vartype);
				return false;
			}
		case T_Const:
			{
				Const	   *c = (Const *) node;

				*h = hash_combine(*h, c->consttype);
				*h = hash_combine(*h, (uint32) c->constisnull);
				if (!c->constisnull && c->constbyval)
					*h = hash_combine(*h, (uint32) c->constvalue);
				else if (!c->constisnull && c->constlen == -1)
					*h = hash_combine(*h, VARSIZE_ANY(DatumGetPointer(c->constvalue)));
				return false;
			}
		case T_FuncExpr:
			{
				FuncExpr   *func = (FuncExpr *) node;

				if (func->funcretset ||
					(walk->catalog && !anon_projcache_function_ok(func->funcid)))
					return true;
				*h = hash_combine(*h, func->funcid);
				break;
			}
		case T_OpExpr:
		case T_DistinctExpr:
		case T_NullIfExpr:
			{
				OpExpr	   *op = (OpExpr *) node;

				if (op->opretset ||
					(walk->catalog && !anon_projcache_function_ok(op->opfuncid)))
					return true;
				*h = hash_combine(*h, op->opno);
				break;
			}
		case T_ScalarArrayOpExpr:
			{
				ScalarArrayOpExpr *saop = (ScalarArrayOpExpr *) node;

				if (walk->catalog &&
					(!anon_projcache_function_ok(saop->opfuncid) ||
					 (OidIsValid(saop->hashfuncid) &&
					  !anon_projcache_function_ok(saop->hashfuncid)) ||
					 (OidIsValid(saop->negfuncid) &&
					  !anon_projcache_function_ok(saop->negfuncid))))
					return true;
				*h = hash_combine(*h, saop->opno);
				break;
			}
		case T_BoolExpr:
			*h = hash_combine(*h, (uint32) ((BoolExpr *) node)->boolop);
			break;
		case T_RelabelType:
			*h = hash_combine(*h, ((RelabelType *) node)->resulttype);
			break;
		case T_CaseExpr:
		case T_CoalesceExpr:
		case T_NullTest:
		case T_BooleanTest:
			break;
		case T_CaseTestExpr:
			return false;
		default:
			return true;
	}
	return expression_tree_walker(node, anon_projcache_walker, context);
}

/*
 * Is the scan's target list one to keep?  Computes the placeholders, in the
 * plan's memory, when it is.
 */
static bool
anon_projcache_check(AnonProjEntry *entry, Scan *scan)
{
	List	   *placeholders = NIL;
	bool		computed = false;
	AnonProjWalk walk = {scan->scanrelid, true, 0};
	ListCell   *lc;
	MemoryContext old;

	foreach(lc, scan->plan.targetlist)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);

		if (tle->resjunk)
			return false;
		if (tle->expr != NULL && !IsA(tle->expr, Var))
			computed = true;
		if (anon_projcache_walker((Node *) tle->expr, &walk))
			return false;
	}
	if (!computed)
		return false;

	old = MemoryContextSwitchTo(entry->plan_cxt);
	foreach(lc, scan->plan.targetlist)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);
		TargetEntry *copy = flatCopyTargetEntry(tle);

		if (!IsA(tle->expr, Var))
			copy->expr = (Expr *) makeNullConst(exprType((Node *) tle->expr),
												exprTypmod((Node *) tle->expr),
												exprCollation((Node *) tle->expr));
		else
			copy->expr = copyObject(tle->expr);	/* outlives a one-shot plan */
		if (tle->resname)
			copy->resname = pstrdup(tle->resname);
		placeholders = lappend(placeholders, copy);
	}
	MemoryContextSwitchTo(old);
	if (!entry->by_content)
		entry->own_tlist = scan->plan.targetlist;
	entry->placeholders = placeholders;
	return true;
}

/* the entry kept for a one-shot plan's scan, or NULL (see above) */
static AnonProjEntry *
anon_projcache_content_entry(PlannedStmt *stmt, Scan *scan)
{
	AnonProjWalk walk = {scan->scanrelid, false,
	(uint32) list_length(scan->plan.targetlist)};
	uint32		h;
	Oid			relid;
	ListCell   *lc;
	AnonProjEntry *entry = NULL;
	AnonProjEntry *victim = NULL;
	int			i;
	int			free_slot = -1;

	if (scan->scanrelid <= 0 || scan->scanrelid > list_length(stmt->rtable))
		return NULL;
	relid = rt_fetch(scan->scanrelid, stmt->rtable)->relid;
	foreach(lc, scan->plan.targetlist)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);

		if (tle->resjunk || anon_projcache_walker((Node *) tle->expr, &walk))
			return NULL;
	}
	h = walk.hash;

	for (i = 0; i < ANON_PROJCACHE_CONTENT; i++)
	{
		AnonProjEntry *e = anon_projcache_content[i];

		if (e == NULL)
		{
			if (free_slot < 0)
				free_slot = i;
			continue;
		}
		if (e->content_gen != anon_projcache_content_gen && !e->in_use)
		{
			/* a function or a type changed since: drop it */
			MemoryContextDelete(e->plan_cxt);
			anon_projcache_content[i] = NULL;
			if (free_slot < 0)
				free_slot = i;
			continue;
		}
		if (e->hash == h && e->relid == relid &&
			e->content_gen == anon_projcache_content_gen &&
			(!e->checked || !e->eligible ||
			 equal(e->own_tlist, scan->plan.targetlist)))
		{
			entry = e;
			break;
		}
		if (!e->in_use && (victim == NULL || e->last_used < victim->last_used))
			victim = e;
	}

	if (entry == NULL)
	{
		MemoryContext cxt;

		/* first seen: remember its hash only */
		if (free_slot < 0)
		{
			if (victim == NULL)
				return NULL;
			for (i = 0; i < ANON_PROJCACHE_CONTENT; i++)
				if (anon_projcache_content[i] == victim)
					free_slot = i;
			MemoryContextDelete(victim->plan_cxt);
			anon_projcache_content[free_slot] = NULL;
		}
		if (anon_projcache_content_cxt == NULL)
			anon_projcache_content_cxt =
				AllocSetContextCreate(TopMemoryContext,
									  "anon masked projections by content",
									  ALLOCSET_SMALL_SIZES);
		cxt = AllocSetContextCreate(anon_projcache_content_cxt,
									"anon masked projection entry",
									ALLOCSET_SMALL_SIZES);
		entry = MemoryContextAllocZero(cxt, sizeof(AnonProjEntry));
		entry->plan_cxt = cxt;
		entry->by_content = true;
		entry->hash = h;
		entry->relid = relid;
		entry->content_gen = anon_projcache_content_gen;
		entry->executions = 1;
		entry->last_used = ++anon_projcache_clock;
		anon_projcache_content[free_slot] = entry;
		return NULL;
	}

	entry->last_used = ++anon_projcache_clock;
	entry->executions++;
	if (!entry->checked)
	{
		/* seen twice: keep a copy of its own */
		entry->eligible = anon_projcache_check(entry, scan);
		entry->checked = true;
		if (entry->eligible)
		{
			MemoryContext old = MemoryContextSwitchTo(entry->plan_cxt);

			entry->own_tlist = copyObject(scan->plan.targetlist);
			MemoryContextSwitchTo(old);
		}
	}
	return entry->eligible ? entry : NULL;
}

AnonProjEntry *
anon_projcache_before_start(QueryDesc *queryDesc, int eflags)
{
	PlannedStmt *stmt = queryDesc->plannedstmt;
	Plan	   *plan;
	MemoryContext plan_cxt;
	AnonProjHashEntry *hentry;
	AnonProjEntry *entry;
	bool		found;
	ListCell   *lc;

	if (!anon_projcache_enabled || stmt == NULL ||
		stmt->commandType != CMD_SELECT || !stmt->dependsOnRole ||
		(eflags & EXEC_FLAG_EXPLAIN_ONLY) || anon_hooks_other_object_access())
		return NULL;
	plan = stmt->planTree;
	if (plan == NULL ||
		!(IsA(plan, SeqScan) || IsA(plan, IndexScan) ||
		  IsA(plan, BitmapHeapScan)))
		return NULL;
	/* nothing to keep when the scan projects only Vars (a plain reader) */
	foreach(lc, plan->targetlist)
	{
		Expr	   *expr = lfirst_node(TargetEntry, lc)->expr;

		if (expr != NULL && !IsA(expr, Var))
			break;
	}
	if (lc == NULL)
		return NULL;
	plan_cxt = GetMemoryChunkContext(stmt);
	if (plan_cxt->name == NULL || strcmp(plan_cxt->name, "CachedPlan") != 0)
	{
		entry = anon_projcache_content_entry(stmt, (Scan *) plan);
		if (entry == NULL || entry->in_use ||
			anon_projcache_nactive >= ANON_PROJCACHE_ACTIVE)
			return NULL;
		entry->stmt = stmt;
		goto use;
	}

	if (anon_projcache_htab == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(PlannedStmt *);
		ctl.entrysize = sizeof(AnonProjHashEntry);
		ctl.hcxt = TopMemoryContext;
		anon_projcache_htab = hash_create("anon masked projections", 64, &ctl,
										  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	hentry = hash_search(anon_projcache_htab, &stmt, HASH_ENTER, &found);
	if (!found)
	{
		/* the first execution: remember the plan, keep nothing yet */
		entry = MemoryContextAllocZero(plan_cxt, sizeof(AnonProjEntry));
		entry->stmt = stmt;
		entry->plan_cxt = plan_cxt;
		entry->executions = 1;
		entry->forget.func = anon_projcache_forget;
		entry->forget.arg = entry;
		hentry->entry = entry;
		MemoryContextRegisterResetCallback(plan_cxt, &entry->forget);
		return NULL;
	}
	entry = hentry->entry;
	entry->executions++;
	if (!entry->checked)
	{
		entry->eligible = anon_projcache_check(entry, (Scan *) plan);
		entry->checked = true;
	}
	if (!entry->eligible || entry->in_use ||
		plan->targetlist != entry->own_tlist ||
		anon_projcache_nactive >= ANON_PROJCACHE_ACTIVE)
		return NULL;

use:
	entry->in_use = true;
	entry->user = queryDesc;
	anon_projcache_active[anon_projcache_nactive++] = entry;
	entry->plan_tlist = plan->targetlist;
	plan->targetlist = entry->placeholders;
	entry->swapped = true;
	return entry;
}

/* build entry's projection for the scan state ps, in a context of its own */
static void
anon_projcache_build(AnonProjEntry *entry, PlanState *ps)
{
	ScanState  *ss = (ScanState *) ps;
	MemoryContext old;

	entry->proj = NULL;
	if (entry->cxt != NULL)
		MemoryContextDelete(entry->cxt);
	entry->cxt = AllocSetContextCreate(entry->plan_cxt,
									   "anon masked projection",
									   ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(entry->cxt);

	/*
	 * No parent: nothing of this execution's plan state may be kept (no JIT
	 * either, whose code lives in the execution's memory).
	 */
	entry->proj = ExecBuildProjectionInfo(entry->own_tlist, NULL, NULL, NULL,
										  ss->ss_ScanTupleSlot->tts_tupleDescriptor);
	MemoryContextSwitchTo(old);
	GetUserIdAndSecContext(&entry->userid, &entry->sec_context);
	entry->outer = GetOuterUserId();
	entry->session = GetSessionUserId();
	entry->generation = anon_rules_generation();
	entry->broken = false;
	ereport(DEBUG1,
			(errmsg_internal("anon: masked projection of a %s kept (execution %d)",
							 entry->by_content ? "statement" : "cached plan",
							 entry->executions)));
}

void
anon_projcache_after_start(AnonProjEntry *entry, QueryDesc *queryDesc, bool ok)
{
	PlanState  *ps = queryDesc->planstate;
	Oid			userid;
	int			sec_context;
	ProjectionInfo *proj;

	if (entry->swapped)
	{
		entry->stmt->planTree->targetlist = entry->plan_tlist;
		entry->swapped = false;
	}
	if (!ok)
		return;

	/* the shape the placeholders gave: a scan with a projection */
	if (ps == NULL || ps->plan != entry->stmt->planTree ||
		ps->ps_ProjInfo == NULL || ps->ps_ResultTupleSlot == NULL ||
		ps->ps_ExprContext == NULL ||
		((ScanState *) ps)->ss_ScanTupleSlot == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("unexpected plan state for a kept masked projection"),
				 errhint("SET anon.cache_masked_projections = off (as a superuser) and report the query.")));

	GetUserIdAndSecContext(&userid, &sec_context);
	if (entry->proj == NULL || entry->broken ||
		entry->userid != userid || entry->sec_context != sec_context ||
		entry->outer != GetOuterUserId() ||
		entry->session != GetSessionUserId() ||
		entry->generation != anon_rules_generation() ||
		MemoryContextMemAllocated(entry->cxt, true) > ANON_PROJCACHE_MAX_BYTES)
		anon_projcache_build(entry, ps);

	proj = entry->proj;
	proj->pi_exprContext = ps->ps_ExprContext;
	proj->pi_state.resultslot = ps->ps_ResultTupleSlot;
	ps->ps_ProjInfo = proj;
}

void
anon_projcache_end(QueryDesc *queryDesc)
{
	int			i;

	for (i = 0; i < anon_projcache_nactive; i++)
	{
		AnonProjEntry *entry = anon_projcache_active[i];

		if (entry->user == queryDesc)
		{
			entry->in_use = false;
			entry->user = NULL;
			if (entry->by_content)
				entry->stmt = NULL;
			anon_projcache_active[i] = anon_projcache_active[--anon_projcache_nactive];
			return;
		}
	}
}

void
anon_projcache_xact_end(void)
{
	int			i;

	for (i = 0; i < anon_projcache_nactive; i++)
	{
		AnonProjEntry *entry = anon_projcache_active[i];

		/* its execution stopped without its executor end */
		entry->in_use = false;
		entry->user = NULL;
		entry->broken = true;
		if (entry->by_content)
			entry->stmt = NULL;
	}
	anon_projcache_nactive = 0;
}
