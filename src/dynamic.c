/*-------------------------------------------------------------------------
 *
 * dynamic.c
 *		Dynamic masking: masked roles read masked data on every read path.
 *
 * Whose identity counts.  A query is masked for a policy when the current
 * user or the session user is labelled MASKED for it.  Counting the
 * session user too means that neither SET ROLE to a role the masked user
 * is a member of, nor a SECURITY DEFINER function, switches masking off
 * for a masked login; counting the current user means that a superuser
 * who runs SET ROLE to a masked role sees what that role sees.
 *
 * The hooks themselves are installed by hooks.c, which calls the functions
 * of this file after the DP guard's (anon_dynamic_plan, anon_dynamic_planned,
 * anon_dynamic_utility, anon_dynamic_explain_enter/leave,
 * anon_dynamic_needs_fmgr).
 *
 * Where the rewrite happens.  The planner hook receives each query after
 * the rewriter, so views are already expanded: a view over a masked table
 * is masked through that table.  Every masked relation, at any depth
 * (subqueries, CTEs, sublinks, expanded views), is read through its masking
 * view for the policy
 *
 *		SELECT <rule of col 1 or col 1>, <rule of col 2 or col 2>, ... FROM ONLY rel
 *
 * (anon.masking_view() shows it).  Two ways, same meaning:
 *
 * - In place, for deterministic masks: in one pass over the query, every
 *   Var of the relation becomes its column's masked value (a whole-row Var
 *   becomes the row of masked values) and the relation entry stays, with
 *   its permissions, row-level security quals and sample.  This is what the
 *   planner would make of the masking subquery by pulling it up, without
 *   building and flattening one subquery per table: planning a join of
 *   masked tables costs what the plain join costs.
 * - As a subquery, where in place would change the meaning: volatile masks
 *   (random, fake) must be computed once per row however often the query
 *   reads the value; a relation on the nullable side of an outer join must
 *   read as NULL where it has no row (a constant mask must not appear
 *   there); grouping sets.  The entry becomes the masking subquery, marked
 *   security_barrier, the relation moving inside it with its permissions,
 *   row-level security quals and sample; one output column per attribute,
 *   in attribute order, so every Var keeps its meaning.
 *
 * Either way every qual, join condition, cast and function of the query
 * can only see masked values: a leaky function or an error message cannot
 * reach a raw value.  Row-level security quals see raw values, as they
 * must, and run first under the planner's security levels.
 *
 * What the planner does later is covered too: SQL functions are not
 * inlined for masked queries (needs_fmgr_hook), so their queries are
 * planned, and masked, on their own; cached plans that read a relation
 * with rules depend on the role (PlannedStmt.dependsOnRole), so a plan
 * made for one role is never reused by another.
 *
 * Other paths: COPY rel TO is turned into COPY (SELECT ... FROM ONLY rel)
 * TO; writes to a masked relation (INSERT, UPDATE, DELETE, MERGE, COPY
 * FROM, row locks) are refused, as they could test raw values through row
 * counts, constraint errors or RETURNING; reading the planner statistics
 * (pg_statistic, pg_statistic_ext_data, and the pg_stats views over them)
 * is refused.  When a rule cannot be applied the query fails: masking
 * never falls back to raw values.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/sysattr.h"
#include "access/table.h"
#include "access/transam.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/heap.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_seclabel.h"
#include "catalog/pg_shseclabel.h"
#include "catalog/pg_statistic.h"
#include "catalog/pg_statistic_ext_data.h"
#include "catalog/pg_type.h"
#include "commands/copy.h"
#include "commands/extension.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "rewrite/rewriteHandler.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parse_func.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "tcop/utility.h"
#include "utils/acl.h"
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
#include "dp_guard.h"
#include "dynamic.h"
#include "restricted.h"
#include "mask.h"
#include "reader_policies.h"
#include "noise_seed.h"
#include "partkey_guard.h"
#include "rules.h"
#include "static.h"
#include "subset.h"
#include "utility_guard.h"

/* ---- Module state ---- */

/* depth of EXPLAIN statements being run by a masked role */
static int	anon_explain_depth = 0;

/* ---- Function declarations ---- */

static bool anon_mask_walker(Node *node, void *context);

typedef struct AnonMaskContext
{
	int			policy;			/* the policy applied */
} AnonMaskContext;

/* SELECT <tlist> FROM <relrte> */
static Query *
anon_masking_query(RangeTblEntry *relrte, List *tlist)
{
	Query	   *q = makeNode(Query);
	RangeTblRef *rtr = makeNode(RangeTblRef);

	q->commandType = CMD_SELECT;
	q->querySource = QSRC_ORIGINAL;
	q->canSetTag = true;
	q->rtable = list_make1(relrte);
	rtr->rtindex = 1;
	q->jointree = makeFromExpr(list_make1(rtr), NULL);
	q->targetList = tlist;
	return q;
}

/*
 * How one masked range table entry of a query is masked.  In place: every
 * Var of the relation is replaced by its masked value and the relation
 * entry stays (what the planner would make of the masking subquery, without
 * building it).  As a subquery: where in place would change the meaning
 * (volatile masks are computed once per row, rows of the nullable side of
 * an outer join must read as NULL, grouping sets), the entry becomes the
 * masking subquery and the planner does the rest.
 */
typedef struct AnonMaskedRte
{
	bool		masked;
	bool		in_place;
	char	   *relname;		/* for messages */
	List	   *tlist;			/* in place: Vars on the entry's own index */
	Bitmapset  *taken;			/* entries of tlist moved into the query */

	/*
	 * In place from the rules cache (shared): tlist is the cache's own
	 * list, with Vars on index 1, fetched right before the substitution
	 * and copied at every use; relid, inh, used and variant find it again.
	 */
	bool		shared;
	Oid			relid;
	bool		inh;
	Bitmapset  *used;
	int			variant;
	TableSampleClause *sample;
	List	   *security_quals; /* kept away from the substitution */
	bool		system_ok;		/* a catalog: its system columns read as they are */
} AnonMaskedRte;

typedef struct AnonSubstContext
{
	AnonMaskedRte *rtes;		/* indexed by range table index */
	int			nrtes;
	int			sublevels_up;
} AnonSubstContext;

/*
 * A copy of a mask.  A call without arguments (anon.fake_first_name(),
 * anon.random_zip(), the most common volatile masks) holds no pointer: a
 * flat copy is a whole one, without copyObject's walk.
 */
static inline Node *
anon_copy_mask(Node *expr)
{
	if (IsA(expr, FuncExpr) && ((FuncExpr *) expr)->args == NIL)
	{
		FuncExpr   *copy = palloc(sizeof(FuncExpr));

		memcpy(copy, expr, sizeof(FuncExpr));
		return (Node *) copy;
	}
	return (Node *) copyObject(expr);
}

/*
 * The masked value of column attno of an entry, at sublevels_up.  The
 * entry's target list is the query's own copy: its first use at the
 * query's level takes the expression itself, every other use a copy.
 */
static Node *
anon_subst_column(AnonMaskedRte *m, Index rtindex, AttrNumber attno,
				  int sublevels_up)
{
	Node	   *expr = (Node *) ((TargetEntry *) list_nth(m->tlist, attno - 1))->expr;

	if (m->shared)
	{
		/* the cache's: a copy at every use, its Vars moved to the entry */
		expr = anon_copy_mask(expr);
		if (rtindex != 1)
			ChangeVarNodes(expr, 1, rtindex, 0);
	}
	else if (sublevels_up == 0 && !bms_is_member(attno, m->taken))
	{
		m->taken = bms_add_member(m->taken, attno);
		return expr;
	}
	else
		expr = anon_copy_mask(expr);
	if (sublevels_up > 0)
		IncrementVarSublevelsUp(expr, sublevels_up, 0);
	return expr;
}

/*
 * Does column attno (> 0) of an entry masked in place read as itself?  Its
 * masking target entry is then the relation's own Var (a column without a
 * mask): the query's Var stays.
 */
static inline bool
anon_subst_is_identity(AnonMaskedRte *m, Var *var)
{
	TargetEntry *tle = (TargetEntry *) list_nth(m->tlist, var->varattno - 1);
	Var		   *same = (Var *) tle->expr;

	return IsA(same, Var) && same->varattno == var->varattno &&
		same->varlevelsup == 0 && same->vartype == var->vartype &&
		same->vartypmod == var->vartypmod &&
		same->varcollid == var->varcollid;
}

/*
 * Does node hold a Var that the substitution changes or refuses (a masked
 * column, a whole row or a system column of a masked entry of the level
 * being substituted), or a lower query level (which may)?  Read-only and
 * cheap: a subtree where it is false is kept as it is, not copied (a
 * qual on the primary key, which has no mask, most often).
 */
static bool
anon_subst_needed_walker(Node *node, AnonSubstContext *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, Var))
	{
		Var		   *var = (Var *) node;
		AnonMaskedRte *m;

		if ((int) var->varlevelsup != ctx->sublevels_up ||
			var->varno < 1 || var->varno > ctx->nrtes)
			return false;
		m = &ctx->rtes[var->varno];
		if (!m->masked)
			return false;
		if (var->varattno < 0)
			return !m->system_ok;	/* refused by the mutator */
		if (!m->in_place)
			return false;
		return var->varattno == 0 || !anon_subst_is_identity(m, var);
	}
	if (IsA(node, Query))
		return true;

	/*
	 * Nodes that the mutator hands on but the walker only reaches through
	 * their parent (a CASE's arms; JSON format data, which holds no Var).
	 */
	if (IsA(node, CaseWhen))
		return anon_subst_needed_walker((Node *) ((CaseWhen *) node)->expr, ctx) ||
			anon_subst_needed_walker((Node *) ((CaseWhen *) node)->result, ctx);
#if PG_VERSION_NUM >= 160000
	if (IsA(node, JsonFormat) || IsA(node, JsonReturning))
		return false;
#endif
	return expression_tree_walker(node, anon_subst_needed_walker, (void *) ctx);
}

static Node *
anon_subst_mutator(Node *node, AnonSubstContext *ctx)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Var))
	{
		Var		   *var = (Var *) node;
		AnonMaskedRte *m;

		if ((int) var->varlevelsup != ctx->sublevels_up ||
			var->varno < 1 || var->varno > ctx->nrtes)
			return (Node *) var;
		m = &ctx->rtes[var->varno];
		if (!m->masked)
			return (Node *) var;

		/* a system column has no masked value: refuse it clearly */
		if (var->varattno < 0 && m->system_ok)
			return (Node *) var;
		if (var->varattno < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("masked roles cannot read system column \"%s\" of masked table \"%s\"",
							NameStr(SystemAttributeDefinition(var->varattno)->attname),
							m->relname),
					 errhint("Select the table's own columns.")));
		if (!m->in_place)
			return (Node *) var;

		if (var->varattno > 0)
		{
			/*
			 * A column without a mask reads as itself: the Var stays (the
			 * masking target list holds the relation's own Var for it).
			 */
			if (anon_subst_is_identity(m, var))
				return (Node *) var;
			return anon_subst_column(m, var->varno, var->varattno, ctx->sublevels_up);
		}
		else
		{
			/* a whole-row reference: the row of masked values */
			RowExpr    *row = makeNode(RowExpr);
			ListCell   *lc;

			foreach(lc, m->tlist)
			{
				TargetEntry *tle = (TargetEntry *) lfirst(lc);

				row->args = lappend(row->args,
									anon_subst_column(m, var->varno, tle->resno,
													  ctx->sublevels_up));
				row->colnames = lappend(row->colnames,
										makeString(pstrdup(tle->resname ? tle->resname : "")));
			}
			row->row_typeid = var->vartype;
			row->row_format = COERCE_IMPLICIT_CAST;
			row->location = var->location;
			return (Node *) row;
		}
	}
	if (IsA(node, Query))
	{
		Node	   *result;

		ctx->sublevels_up++;
		result = (Node *) query_tree_mutator((Query *) node, anon_subst_mutator,
											 (void *) ctx, 0);
		ctx->sublevels_up--;
		return result;
	}

	/*
	 * The query is changed where it reads a masked entry, and only there:
	 * a subtree without such a Var is kept as it is (the masked query
	 * replaces the original, so nothing else holds it), which spares
	 * copying most of a query.
	 */
	if (IsA(node, TargetEntry))
	{
		/*
		 * Most often a Var: no walk to decide.  The entry is the query's
		 * own (the planner changes the query it is given in place too):
		 * its expression is replaced where it stands.  Were an entry ever
		 * reached twice, its mask would be masked again, never unmasked.
		 */
		TargetEntry *tle = (TargetEntry *) node;

		if (tle->expr != NULL && !IsA(tle->expr, Var) &&
			!anon_subst_needed_walker((Node *) tle->expr, ctx))
			return node;
		tle->expr = (Expr *) anon_subst_mutator((Node *) tle->expr, ctx);
		return (Node *) tle;
	}
	if (IsA(node, List))
	{
		/* as expression_tree_mutator does, in one allocation */
		List	   *result = list_copy((List *) node);
		ListCell   *lc;

		foreach(lc, result)
			lfirst(lc) = anon_subst_mutator((Node *) lfirst(lc), ctx);
		return (Node *) result;
	}
	if (!anon_subst_needed_walker(node, ctx))
		return node;
	return expression_tree_mutator(node, anon_subst_mutator, (void *) ctx);
}

/*
 * Which columns of each relation of one query level the query reads, so
 * that a masking subquery computes only those (a volatile mask of a column
 * nobody reads would otherwise run for every row: the planner never prunes
 * a volatile output).  used: read anywhere (a whole-row reference reads
 * every column); multi: read more than once, or somewhere other than the
 * level's own target list (a qual, a join condition, a lower level, an
 * aggregate), where a volatile mask computed in place could differ between
 * the places that read it.  Join alias Vars count as the columns they
 * stand for; the relations' own row-level security quals are not counted
 * (they read raw values inside the entry).  Indexed by attribute number
 * minus FirstLowInvalidHeapAttributeNumber.
 */
typedef struct AnonColumnUse
{
	Bitmapset  *used;
	Bitmapset  *multi;
} AnonColumnUse;

typedef struct AnonUseContext
{
	Query	   *query;			/* the level whose relations are counted */
	AnonColumnUse *uses;		/* indexed by range table index */
	int			nrtes;
	int			sublevels_up;
	bool		in_tlist;		/* walking a top-level target entry */
	int			check_policy;	/* >= 0: refuse the RESTRICTED functions
								 * of that policy met on the way */
} AnonUseContext;

static bool anon_use_walker(Node *node, AnonUseContext *ctx);
static bool anon_restricted_checker(Oid funcid, void *context);
static void anon_refuse_restricted_in(Node *node, int policy);
static void anon_refuse_restricted_call(Node *node);
static void anon_refuse_restricted(Query *query, int policy);
static bool anon_is_definition_printer_call(Node *node);
static void anon_redact_definition_call(FuncExpr *f);
static bool anon_redact_definitions_walker(Node *node, void *context);

static void
anon_use_column(AnonUseContext *ctx, Index varno, AttrNumber attno, bool once)
{
	RangeTblEntry *rte;
	AnonColumnUse *u;
	int			bit;

	if (varno < 1 || (int) varno > ctx->nrtes)
		return;
	rte = rt_fetch(varno, ctx->query->rtable);
	if (rte->rtekind == RTE_JOIN)
	{
		/* a join's column: the columns it stands for, read the same way */
		AnonUseContext sub = *ctx;
		ListCell   *lc;

		sub.sublevels_up = 0;
		sub.in_tlist = once;
		if (attno != 0)
		{
			if (attno > 0 && attno <= list_length(rte->joinaliasvars))
				(void) anon_use_walker(list_nth(rte->joinaliasvars, attno - 1), &sub);
			return;
		}
		sub.in_tlist = false;
		foreach(lc, rte->joinaliasvars)
			(void) anon_use_walker(lfirst(lc), &sub);
		return;
	}
	u = &ctx->uses[varno];
	if (attno == 0)
	{
		/* a whole-row reference reads every column */
		int			natts = 0;
		int			i;

		if (rte->rtekind == RTE_RELATION)
			natts = list_length(rte->eref->colnames);
		for (i = 0; i <= natts; i++)
		{
			bit = i - FirstLowInvalidHeapAttributeNumber;
			u->used = bms_add_member(u->used, bit);
			u->multi = bms_add_member(u->multi, bit);
		}
		return;
	}
	bit = attno - FirstLowInvalidHeapAttributeNumber;
	if (!once || bms_is_member(bit, u->used))
		u->multi = bms_add_member(u->multi, bit);
	u->used = bms_add_member(u->used, bit);
}

static bool
anon_use_walker(Node *node, AnonUseContext *ctx)
{
	if (node == NULL)
		return false;
	if (ctx->check_policy >= 0)
	{
		if (check_functions_in_node(node, anon_restricted_checker, &ctx->check_policy))
			anon_refuse_restricted_call(node);
		/* a view's definition printed: redacted (anon_redact_definition_call) */
		if (anon_is_definition_printer_call(node))
		{
			(void) expression_tree_walker(node, anon_use_walker, (void *) ctx);
			anon_redact_definition_call((FuncExpr *) node);
			return false;
		}
	}
	if (IsA(node, Var))
	{
		Var		   *var = (Var *) node;

		if ((int) var->varlevelsup == ctx->sublevels_up)
			anon_use_column(ctx, var->varno, var->varattno,
							ctx->in_tlist && ctx->sublevels_up == 0);
		return false;
	}
	if (IsA(node, Aggref) || IsA(node, WindowFunc) || IsA(node, GroupingFunc) ||
		IsA(node, SubLink))
	{
		/* over several rows, or per row of a subquery: not once per row */
		bool		save = ctx->in_tlist;
		bool		result;

		ctx->in_tlist = false;
		result = expression_tree_walker(node, anon_use_walker, (void *) ctx);
		ctx->in_tlist = save;
		return result;
	}
	if (IsA(node, Query))
	{
		bool		save = ctx->in_tlist;
		bool		result;

		ctx->in_tlist = false;
		ctx->sublevels_up++;
		result = query_tree_walker((Query *) node, anon_use_walker, (void *) ctx, 0);
		ctx->sublevels_up--;
		ctx->in_tlist = save;
		return result;
	}
	return expression_tree_walker(node, anon_use_walker, (void *) ctx);
}

/*
 * The columns each relation of query is read for (see AnonColumnUse).
 * With check_policy >= 0 (a query without lower levels, read as a whole),
 * the same walk refuses the RESTRICTED functions the query calls, as
 * anon_refuse_restricted would: one walk instead of two.
 */
static AnonColumnUse *
anon_column_uses(Query *query, int check_policy)
{
	AnonUseContext ctx;
	List	   *saved = NIL;
	List	   *tlist;
	ListCell   *lc;
	ListCell   *lc2;

	ctx.query = query;
	ctx.nrtes = list_length(query->rtable);
	ctx.uses = palloc0(sizeof(AnonColumnUse) * (ctx.nrtes + 1));
	ctx.sublevels_up = 0;
	ctx.in_tlist = false;
	ctx.check_policy = check_policy;

	/*
	 * Row-level security quals read raw values, inside the entry: set
	 * aside.  The target list is walked on its own, then set aside too so
	 * that the walk of the rest of the query does not count it twice (the
	 * walk only reads; nothing in it can fail but memory).
	 */
	foreach(lc, query->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		saved = lappend(saved, rte->securityQuals);
		rte->securityQuals = NIL;
	}
	foreach(lc, query->targetList)
	{
		ctx.in_tlist = true;
		(void) anon_use_walker((Node *) ((TargetEntry *) lfirst(lc))->expr, &ctx);
	}
	ctx.in_tlist = false;
	tlist = query->targetList;
	query->targetList = NIL;
	(void) query_tree_walker(query, anon_use_walker, (void *) &ctx,
							 QTW_IGNORE_JOINALIASES);
	query->targetList = tlist;
	forboth(lc, query->rtable, lc2, saved)
		lfirst_node(RangeTblEntry, lc)->securityQuals = (List *) lfirst(lc2);

	/* what the walk above left out: row-level security quals, join aliases */
	if (check_policy >= 0)
		foreach(lc, query->rtable)
		{
			RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

			anon_refuse_restricted_in((Node *) rte->securityQuals, check_policy);
			if (rte->rtekind == RTE_JOIN)
				anon_refuse_restricted_in((Node *) rte->joinaliasvars, check_policy);
		}
	list_free(saved);
	return ctx.uses;
}

/* range table indexes on the nullable side of an outer join */
static void
anon_nullable_rtes(Node *jtnode, bool nullable, Bitmapset **result)
{
	if (jtnode == NULL)
		return;
	if (IsA(jtnode, RangeTblRef))
	{
		if (nullable)
			*result = bms_add_member(*result, ((RangeTblRef *) jtnode)->rtindex);
	}
	else if (IsA(jtnode, FromExpr))
	{
		ListCell   *lc;

		foreach(lc, ((FromExpr *) jtnode)->fromlist)
			anon_nullable_rtes(lfirst(lc), nullable, result);
	}
	else if (IsA(jtnode, JoinExpr))
	{
		JoinExpr   *j = (JoinExpr *) jtnode;

		anon_nullable_rtes(j->larg, nullable ||
						   j->jointype == JOIN_RIGHT || j->jointype == JOIN_FULL, result);
		anon_nullable_rtes(j->rarg, nullable || j->jointype != JOIN_INNER, result);
	}
}

/* make range table entry rte (of a masked relation) its masking subquery */
static void
anon_mask_rte(Query *query, Index rtindex, RangeTblEntry *rte, AnonMaskedRte *m)
{
	RangeTblEntry *inner;
	Query	   *subquery;

	/* the relation, its privileges, RLS quals and sample move inside */
	inner = copyObject(rte);
	inner->alias = NULL;
	inner->lateral = false;
	inner->tablesample = m->sample;
	inner->securityQuals = m->security_quals;
	if (inner->securityQuals != NIL)
		ChangeVarNodes((Node *) inner->securityQuals, rtindex, 1, 0);

	/*
	 * The reader's privileges on the relation are checked on the copy
	 * inside, as the relation's own entry would have been (compat.h: from
	 * PostgreSQL 16 they live in the query's rteperminfos, not the entry).
	 */
	subquery = anon_masking_query(inner, m->tlist);
	anon_move_permissions(query, rte, subquery, inner);

	/* see the file header: a barrier where the subquery stays one */
	anon_rte_set_subquery(rte, subquery);
	rte->securityQuals = NIL;
}

/*
 * Make the relation entry rte a security-barrier subquery reading
 * subquery, which already holds the relation and its permission checks.
 * Its securityQuals, if any, are the caller's to move or keep.
 */
void
anon_rte_set_subquery(RangeTblEntry *rte, Query *subquery)
{
	rte->rtekind = RTE_SUBQUERY;
	rte->subquery = subquery;
	rte->security_barrier = true;
	rte->relid = InvalidOid;
	rte->relkind = 0;
	rte->rellockmode = 0;
	rte->tablesample = NULL;
	rte->inh = false;
	/* the subquery checks the privileges; this entry checks none */
#if PG_VERSION_NUM >= 160000
	rte->perminfoindex = 0;
#else
	rte->requiredPerms = 0;
	rte->checkAsUser = InvalidOid;
	rte->selectedCols = NULL;
	rte->insertedCols = NULL;
	rte->updatedCols = NULL;
	rte->extraUpdatedCols = NULL;
#endif
}

/*
 * The masking target list of an entry, reduced to what the query reads: a
 * column it never reads becomes a NULL of the column's type (the entries
 * keep their positions, so every Var keeps its meaning), and its mask,
 * perhaps volatile and costly, is never computed.  A fresh list; *vol gets
 * the set of the columns read whose mask is volatile.
 */
static List *
anon_prune_tlist(const List *tlist, const Bitmapset *volatile_cols,
				 Bitmapset *used, Bitmapset **vol)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, tlist)
	{
		TargetEntry *tle = (TargetEntry *) lfirst(lc);
		Node	   *expr = (Node *) tle->expr;
		TargetEntry *copy;

		if (bms_is_member(tle->resno - FirstLowInvalidHeapAttributeNumber, used) ||
			(IsA(expr, Const) && ((Const *) expr)->constisnull))
		{
			result = lappend(result, copyObject(tle));
			continue;
		}
		copy = flatCopyTargetEntry(tle);
		copy->expr = (Expr *) makeNullConst(exprType(expr), exprTypmod(expr),
											exprCollation(expr));
		copy->resname = tle->resname ? pstrdup(tle->resname) : NULL;
		result = lappend(result, copy);
	}
	*vol = bms_intersect(volatile_cols, used);
	return result;
}

/* the entries of tlist whose expression is volatile */
static Bitmapset *
anon_volatile_columns(List *tlist)
{
	Bitmapset  *result = NULL;
	ListCell   *lc;

	foreach(lc, tlist)
	{
		TargetEntry *tle = (TargetEntry *) lfirst(lc);

		if (contain_volatile_functions((Node *) tle->expr))
			result = bms_add_member(result,
									tle->resno - FirstLowInvalidHeapAttributeNumber);
	}
	return result;
}

/*
 * The masking target list of rel, its rule calls marked, pruned to the
 * columns used (anon_prune_tlist), from the rules cache when it depends on
 * rel's own labels alone: no ancestor (whose labels would apply), no
 * inheritance tree read through it, no stored generated column
 * (recomputed from its inputs' masks under trust checks made per use).
 * A fresh list the caller may change; *vol: the used columns whose mask
 * is volatile.  With shared, when the cache holds the list: NIL, *vol,
 * and *shared set (the caller takes the cache's list later, with
 * anon_rules_peek_tlist, when it knows it needs no copy of its own).
 */
static List *
anon_masking_tlist_cached(Relation rel, int policy, bool inh, Bitmapset *used,
						  Bitmapset **vol, bool *shared)
{
	Oid			relid = RelationGetRelid(rel);
	int			variant = anon_privacy_by_default ? 1 : 0;
	bool		cacheable;
	List	   *tlist;
	const List *cached;
	const Bitmapset *volatile_cols = NULL;
	Bitmapset  *own_volatile;

	cacheable = anon_rules_get(relid, policy)->nparents == 0 &&
		!(inh && rel->rd_rel->relhassubclass) &&
		!(rel->rd_att->constr != NULL &&
		  (rel->rd_att->constr->has_generated_stored
#if PG_VERSION_NUM >= 180000
		   || rel->rd_att->constr->has_generated_virtual
#endif
		   ));
	if (cacheable)
	{
		/* copied at once: the next lookup of rules may free the cache */
		cached = anon_rules_cached_tlist(relid, policy, variant, &volatile_cols);
		if (cached != NIL && shared != NULL)
		{
			*vol = bms_intersect(volatile_cols, used);
			*shared = true;
			return NIL;
		}
		if (cached != NIL)
			return anon_prune_tlist(cached, volatile_cols, used, vol);
	}
	/* volatile rules over the row draw the same noise at every read */
	tlist = (List *) anon_rule_calls_mark((Node *) anon_noise_seed_tlist(anon_masking_tlist(rel, policy, inh),
																		   rel));
	/* a rule that prints a view's definition prints it redacted */
	(void) anon_redact_definitions_walker((Node *) tlist, NULL);
	own_volatile = anon_volatile_columns(tlist);
	if (cacheable)
		anon_rules_cache_tlist(relid, policy, variant, tlist, own_volatile);
	return anon_prune_tlist(tlist, own_volatile, used, vol);
}

/*
 * Is query a plain SELECT reading rtindex alone, so that an expression of
 * its target list is computed once per row of the relation it returns?
 */
static bool
anon_single_scan(Query *query, Index rtindex)
{
	RangeTblRef *rtr;

	if (query->commandType != CMD_SELECT || query->setOperations != NULL ||
		query->hasAggs || query->hasWindowFuncs || query->hasTargetSRFs ||
		query->groupClause != NIL || query->groupingSets != NIL ||
		query->havingQual != NULL || query->distinctClause != NIL ||
		query->jointree == NULL || list_length(query->jointree->fromlist) != 1)
		return false;
	rtr = (RangeTblRef *) linitial(query->jointree->fromlist);
	return IsA(rtr, RangeTblRef) && rtr->rtindex == (int) rtindex;
}

/*
 * Check what a masked role may not do with a masked relation of query, and
 * decide how it is masked.
 */
static void
anon_plan_masked_rte(Query *query, Index rtindex, RangeTblEntry *rte, int policy,
					 Bitmapset *nullable, AnonColumnUse *use, AnonMaskedRte *m)
{
	Relation	rel = table_open(rte->relid, NoLock);
	ListCell   *lc;
	Bitmapset  *vol;
	bool		shared = false;

	/*
	 * A plan shows the masking expressions (and any constant a rule holds,
	 * such as a salt), and its estimates come from statistics on raw
	 * values: masked roles do not EXPLAIN queries on masked tables.
	 */
	if (anon_explain_depth > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("masked roles cannot EXPLAIN queries that read masked table \"%s\"",
						RelationGetRelationName(rel)),
				 errdetail("A plan shows the masking rules' expressions and estimates drawn from raw values."),
				 errhint("Run the query itself, or EXPLAIN it as a role that is not labelled MASKED.")));

	foreach(lc, query->rowMarks)
		if (((RowMarkClause *) lfirst(lc))->rti == rtindex)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("cannot lock rows of masked table \"%s\"",
							RelationGetRelationName(rel)),
					 errdetail("Masked roles read masked tables but do not lock or change their rows."),
					 errhint("Remove FOR UPDATE or FOR SHARE.")));

	m->masked = true;
	m->relname = pstrdup(RelationGetRelationName(rel));
	/* the rules' calls are marked: RESTRICTED functions admit them */
	m->tlist = anon_masking_tlist_cached(rel, policy, rte->inh, use->used, &vol,
										 &shared);
	m->sample = anon_relation_sample(rel, policy);
	/* the same sample at every read: repeated reads gather no more rows */
	anon_noise_fix_sample(m->sample, RelationGetRelid(rel));
	if (m->sample != NULL && rte->tablesample != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("masked roles cannot sample table \"%s\", which is sampled by its policy",
						RelationGetRelationName(rel)),
				 errhint("Remove the TABLESAMPLE clause.")));
	/* drawn by primary key, not by place: rows move (noise_seed.c) */
	if (m->sample != NULL)
	{
		Node	   *keep = anon_noise_row_sample(m->sample, rel, rtindex);

		if (keep != NULL)
		{
			rte->securityQuals = lappend(rte->securityQuals, keep);
			m->sample = NULL;
		}
	}
	if (m->sample == NULL)
		m->sample = rte->tablesample;
	else
		(void) anon_redact_definitions_walker((Node *) m->sample, NULL);

	/*
	 * Volatile masks may be computed in place when the query reads each of
	 * their columns once, in its own target list, over a plain scan of the
	 * relation: once per row returned, as the masking subquery would.
	 */
	m->in_place = !bms_is_member(rtindex, nullable) && query->groupingSets == NIL &&
		(bms_is_empty(vol) ||
		 (anon_single_scan(query, rtindex) && !bms_overlap(vol, use->multi)));
	if (shared && m->in_place)
	{
		/* the cache's list, taken right before the substitution */
		m->shared = true;
		m->relid = rte->relid;
		m->inh = rte->inh;
		m->used = use->used;
		m->variant = anon_privacy_by_default ? 1 : 0;
	}
	else
	{
		if (shared)
			m->tlist = anon_masking_tlist_cached(rel, policy, rte->inh, use->used,
												 &vol, NULL);
		if (m->in_place && rtindex != 1)
			ChangeVarNodes((Node *) m->tlist, 1, rtindex, 0);
	}
	table_close(rel, NoLock);
}

/*
 * A materialized view without labels of its own holds what its query read
 * as its owner, raw unless the owner is masked: a masked reader may not
 * read one whose query reads a masked relation.
 */
static void
anon_check_matview(Oid relid, int policy)
{
	Oid			source;

	if (anon_mask_is_labelled(relid, policy, false) ||
		anon_role_effective_masking_policy(anon_static_rel_owner(relid)) >= 0)
		return;
	source = anon_mask_matview_source(relid, policy, false);
	if (OidIsValid(source))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("masked roles cannot read materialized view \"%s\", which holds unmasked rows of masked relation \"%s\"",
						get_rel_name(relid), get_rel_name(source)),
				 errdetail("A materialized view stores the rows its query read when it was refreshed; the masking rules of \"%s\" do not follow them.",
						   get_rel_name(source)),
				 errhint("Label the materialized view's columns (SECURITY LABEL FOR anon ON COLUMN ...), or let a masked role own and refresh it.")));
}

static void
anon_refuse_write(Oid relid)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("masked roles cannot write to masked table \"%s\"", get_rel_name(relid)),
			 errdetail("A write could reveal raw values through row counts, constraint errors or RETURNING."),
			 errhint("Write through a role that is not labelled MASKED.")));
}

static void
anon_refuse_statistics(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("masked roles cannot read planner statistics"),
			 errdetail("pg_statistic and the pg_stats views hold raw values of masked columns."),
			 errhint("Read the statistics as a role that is not labelled MASKED.")));
}

/*
 * anon._redact_label(text, text), a member of the extension (never a
 * function found by name alone: a schema named anon may be anyone's where
 * the extension is not installed).  A masked role reads no label without it.
 */
static Oid
anon_redact_label_oid(void)
{
	Oid			extoid = get_extension_oid("anon", true);
	Oid			argtypes[2] = {TEXTOID, TEXTOID};
	Oid			fnoid = InvalidOid;

	if (OidIsValid(extoid))
		fnoid = LookupFuncName(list_make2(makeString("anon"),
										  makeString("_redact_label")),
							   2, argtypes, true);
	if (!OidIsValid(fnoid) ||
		getExtensionOfObject(ProcedureRelationId, fnoid) != extoid)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("masked roles cannot read security labels in a database where anon is not installed"),
				 errdetail("Masking rules may hold constants, such as salts, that a masked role must not read."),
				 errhint("Install the extension, or read the labels as a role that is not labelled MASKED.")));
	return fnoid;
}

/*
 * pg_seclabel and pg_shseclabel, read by a masked role: a masked relation
 * whose built-in rule shows the label column of anon's providers through
 * anon._redact_label(provider, label), every literal constant replaced
 * (label_secrecy.c); other columns, and other providers' labels, as they
 * are.  In place: the function is strict, so outer joins keep their NULLs.
 */
static void
anon_plan_seclabel_rte(Index rtindex, RangeTblEntry *rte, AnonMaskedRte *m)
{
	Relation	rel = table_open(rte->relid, NoLock);
	TupleDesc	desc = RelationGetDescr(rel);
	bool		shared = rte->relid == SharedSecLabelRelationId;
	AttrNumber	provider_att = shared ? Anum_pg_shseclabel_provider : Anum_pg_seclabel_provider;
	AttrNumber	label_att = shared ? Anum_pg_shseclabel_label : Anum_pg_seclabel_label;
	Oid			fnoid = anon_redact_label_oid();
	int			i;

	m->masked = true;
	m->in_place = true;
	m->relname = pstrdup(RelationGetRelationName(rel));
	m->sample = rte->tablesample;
	m->tlist = NIL;
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		Expr	   *expr = (Expr *) makeVar(rtindex, att->attnum, att->atttypid,
											att->atttypmod, att->attcollation, 0);

		if (att->attnum == label_att)
		{
			Form_pg_attribute patt = TupleDescAttr(desc, provider_att - 1);
			Var		   *provider = makeVar(rtindex, provider_att, patt->atttypid,
										   patt->atttypmod, patt->attcollation, 0);

			expr = (Expr *) makeFuncExpr(fnoid, TEXTOID,
										 list_make2(provider, expr),
										 att->attcollation, att->attcollation,
										 COERCE_EXPLICIT_CALL);
		}
		m->tlist = lappend(m->tlist,
						   makeTargetEntry(expr, att->attnum,
										   pstrdup(NameStr(att->attname)), false));
	}
	table_close(rel, NoLock);
}

/*
 * pg_rewrite, read by a masked role: the query trees of views and rules
 * (ev_action, ev_qual) read with every constant NULL
 * (anon._redact_tree, label_secrecy.c).  They hold the
 * constants of the views' expressions, and the masking views that
 * create_masking_views and PostgreSQL Anonymizer's masking schema make hold
 * the rules' constants (salts): pg_seclabel is redacted for a masked role,
 * so must they be.  Redacted, not hidden: pg_get_viewdef and
 * pg_get_ruledef read pg_rewrite through SPI as the reader and parse these
 * columns (NOT NULL in the catalog: a NULL crashed the server, an empty
 * tree printed an empty definition, on which a masked role's pg_dump
 * failed); they print the view with NULL constants.
 */
/* anon._redact_tree, a member of the extension (as anon._redact_label) */
static Oid
anon_redact_tree_oid(void)
{
	Oid			extoid = get_extension_oid("anon", true);
	Oid			argtypes[1] = {PG_NODE_TREEOID};
	Oid			fnoid = InvalidOid;

	if (OidIsValid(extoid))
		fnoid = LookupFuncName(list_make2(makeString("anon"),
										  makeString("_redact_tree")),
							   1, argtypes, true);
	if (!OidIsValid(fnoid) ||
		getExtensionOfObject(ProcedureRelationId, fnoid) != extoid)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("masked roles cannot read the definitions of views and rules in a database where anon is not installed"),
				 errdetail("The definitions of views may hold constants, such as the salts of masking rules, that a masked role must not read."),
				 errhint("Install the extension, or read the definitions as a role that is not labelled MASKED.")));
	return fnoid;
}

static void
anon_plan_rewrite_rte(Index rtindex, RangeTblEntry *rte, AnonMaskedRte *m)
{
	Relation	rel = table_open(rte->relid, NoLock);
	TupleDesc	desc = RelationGetDescr(rel);
	Oid			fnoid = anon_redact_tree_oid();
	int			i;

	m->masked = true;
	m->in_place = true;
	m->system_ok = true;
	m->relname = pstrdup(RelationGetRelationName(rel));
	m->sample = rte->tablesample;
	m->tlist = NIL;
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		Expr	   *expr;

		if (att->attnum == Anum_pg_rewrite_ev_action ||
			att->attnum == Anum_pg_rewrite_ev_qual)
			expr = (Expr *) makeFuncExpr(fnoid, PG_NODE_TREEOID,
										 list_make1(makeVar(rtindex, att->attnum,
															att->atttypid, att->atttypmod,
															att->attcollation, 0)),
										 InvalidOid, att->attcollation,
										 COERCE_EXPLICIT_CALL);
		else
			expr = (Expr *) makeVar(rtindex, att->attnum, att->atttypid,
									att->atttypmod, att->attcollation, 0);
		m->tlist = lappend(m->tlist,
						   makeTargetEntry(expr, att->attnum,
										   pstrdup(NameStr(att->attname)), false));
	}
	table_close(rel, NoLock);
}

/* does the function print the definition of a view or a rule? */
static bool
anon_is_definition_printer(Oid funcid)
{
	switch (funcid)
	{
		case F_PG_GET_VIEWDEF_TEXT:
		case F_PG_GET_VIEWDEF_OID:
		case F_PG_GET_VIEWDEF_TEXT_BOOL:
		case F_PG_GET_VIEWDEF_OID_BOOL:
		case F_PG_GET_VIEWDEF_OID_INT4:
		case F_PG_GET_RULEDEF_OID:
		case F_PG_GET_RULEDEF_OID_BOOL:
			return true;
		default:
			return false;
	}
}

/*
 * pg_get_viewdef and pg_get_ruledef, called by a masked role (pg_views,
 * information_schema, psql, pg_dump call them): their text read through
 * anon._redact_label('anon', ...), every literal constant replaced, as the
 * labels are (label_secrecy.c).  In place, at every query level; the
 * arguments are walked first.
 *
 * No walk of its own on the way of a masked query: the walks that refuse
 * RESTRICTED calls (anon_use_walker, anon_restricted_walker) read every
 * node of the query as the reader wrote it, and redact its calls as they
 * pass; what masking adds later is redacted where it is made (the rules'
 * target lists before they are cached, a dump subset's filter, a sample).
 * Only a query whose RESTRICTED calls are not checked (inside a rule's own
 * call) is walked by anon_redact_definitions_walker after masking.
 */
static bool
anon_is_definition_printer_call(Node *node)
{
	return IsA(node, FuncExpr) &&
		anon_is_definition_printer(((FuncExpr *) node)->funcid);
}

/* a printer's call f, its arguments already walked, made a redacted one */
static void
anon_redact_definition_call(FuncExpr *f)
{
	FuncExpr   *call = copyObject(f);

	f->funcid = anon_redact_label_oid();
	f->funcresulttype = TEXTOID;
	f->funcretset = false;
	f->funcvariadic = false;
	f->funcformat = COERCE_EXPLICIT_CALL;
	f->inputcollid = DEFAULT_COLLATION_OID;
	f->args = list_make2(makeConst(TEXTOID, -1, DEFAULT_COLLATION_OID, -1,
								   CStringGetTextDatum(ANON_DEFAULT_POLICY),
								   false, false),
						 call);
}

static bool
anon_redact_definitions_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
		return query_tree_walker((Query *) node, anon_redact_definitions_walker,
								 context, 0);
	if (anon_is_definition_printer_call(node))
	{
		(void) expression_tree_walker(node, anon_redact_definitions_walker,
									  context);
		anon_redact_definition_call((FuncExpr *) node);
		return false;
	}
	return expression_tree_walker(node, anon_redact_definitions_walker, context);
}

/*
 * Can the query hold a lower query level?  A Query node sits only in a
 * subquery entry of the range table, a CTE or a sublink, and the parser,
 * the rewriter (views, row-level security quals) and the planner keep
 * hasSubLinks set on every level that has a sublink: the planner processes
 * sublinks only where it is set, and the executor refuses an unprocessed
 * one.  Most queries have none, and skip a walk.
 */
static bool
anon_query_has_lower_levels(Query *query)
{
	ListCell   *lc;

	if (query->hasSubLinks || query->cteList != NIL)
		return true;
	foreach(lc, query->rtable)
		if (lfirst_node(RangeTblEntry, lc)->rtekind == RTE_SUBQUERY)
			return true;
	return false;
}

/*
 * Mask every masked relation of one query level, after the levels below.
 * check_restricted: the level is the whole query (it has no lower level)
 * and its RESTRICTED calls are refused here, in the walk that finds which
 * columns it reads, before anything else is checked.
 */
static void
anon_mask_query(Query *query, int policy, bool check_restricted)
{
	AnonMaskContext ctx;
	AnonSubstContext subst;
	Bitmapset  *nullable = NULL;
	AnonColumnUse *uses = NULL;
	Query	   *masked;
	ListCell   *lc;
	Index		rtindex = 0;
	bool		any = false;
	bool	   *needs = NULL;
	int			i;

	ctx.policy = policy;

	/* lower levels first: the subqueries built below must not be walked */
	if (anon_query_has_lower_levels(query))
		(void) query_tree_walker(query, anon_mask_walker, &ctx, 0);

	subst.nrtes = list_length(query->rtable);
	subst.rtes = palloc0(sizeof(AnonMaskedRte) * (subst.nrtes + 1));
	subst.sublevels_up = 0;

	if (check_restricted)
	{
		/*
		 * Which plain relations are masked, so that one walk refuses the
		 * RESTRICTED calls and finds the columns read (or, with none
		 * masked, only refuses), before the checks below: the same order
		 * as anon_refuse_restricted before masking.
		 */
		bool		any_needs = false;

		needs = palloc0(sizeof(bool) * (subst.nrtes + 1));
		foreach(lc, query->rtable)
		{
			RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

			rtindex++;
			if (rte->rtekind != RTE_RELATION ||
				rte->relid == StatisticRelationId ||
				rte->relid == StatisticExtDataRelationId ||
				rte->relid == SecLabelRelationId ||
				rte->relid == SharedSecLabelRelationId ||
				rte->relid == RewriteRelationId ||
				anon_citus_masks_at_shards(rte->relid))
				continue;
			needs[rtindex] = anon_mask_needs_masking(rte->relid, policy, rte->inh);
			any_needs |= needs[rtindex];
		}
		rtindex = 0;
		if (any_needs)
		{
			if (query->jointree != NULL)
				anon_nullable_rtes((Node *) query->jointree, false, &nullable);
			uses = anon_column_uses(query, policy);
		}
		else
			anon_refuse_restricted(query, policy);
	}

	foreach(lc, query->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		rtindex++;
		if (rte->rtekind != RTE_RELATION)
			continue;
		if (rte->relid == StatisticRelationId ||
			rte->relid == StatisticExtDataRelationId)
			anon_refuse_statistics();
		if (rte->relid == SecLabelRelationId ||
			rte->relid == SharedSecLabelRelationId)
		{
			/* the labels of anon, redacted (label_secrecy.c) */
			anon_plan_seclabel_rte(rtindex, rte, &subst.rtes[rtindex]);
			any = true;
			continue;
		}
		if (rte->relid == RewriteRelationId)
		{
			/* the query trees of views and rules, hidden */
			anon_plan_rewrite_rte(rtindex, rte, &subst.rtes[rtindex]);
			any = true;
			continue;
		}
		/* a dump subset of the reader: its row filter (subset_dump.c) */
		if (rtindex != (Index) query->resultRelation)
		{
			int			nquals = list_length(rte->securityQuals);

			anon_subset_dump_filter(rte, rtindex, policy);
			if (list_length(rte->securityQuals) > nquals)
				(void) anon_redact_definitions_walker(llast(rte->securityQuals), NULL);
		}
		if (anon_citus_masks_at_shards(rte->relid))
		{
			/* masked where its rows are, in its shards (citus.c) */
			if (anon_mask_needs_masking(rte->relid, policy, rte->inh) &&
				(rtindex == (Index) query->resultRelation ||
				 anon_rte_required_perms(query, rte) & (ACL_INSERT | ACL_UPDATE | ACL_DELETE)))
				anon_refuse_write(rte->relid);
			anon_citus_check_quals(query, rtindex, rte->relid, policy);
			continue;
		}
		/* its own rules, its ancestors', and with inh its descendants' */
		if (needs != NULL ? !needs[rtindex] :
			!anon_mask_needs_masking(rte->relid, policy, rte->inh))
		{
			if (rte->relkind == RELKIND_MATVIEW)
				anon_check_matview(rte->relid, policy);
			continue;
		}
		if (rtindex == (Index) query->resultRelation ||
			anon_rte_required_perms(query, rte) & (ACL_INSERT | ACL_UPDATE | ACL_DELETE))
			anon_refuse_write(rte->relid);
		/*
		 * Which partition holds a row must not tell a masked key.  A
		 * relation without a parent in pg_inherits (its cached rules say
		 * so) is no partition: no catalog lookup for it.  An inheritance
		 * parent read with its children (relhassubclass, from the syscache)
		 * is checked too: its children's CHECK constraints act as a key.
		 */
		if (rte->relkind == RELKIND_PARTITIONED_TABLE ||
			anon_rules_get(rte->relid, policy)->nparents > 0 ||
			(rte->inh && has_subclass(rte->relid)))
			anon_partkey_check(rte->relid, rte->relkind, rte->inh, policy);
		if (uses == NULL)
		{
			if (query->jointree != NULL)
				anon_nullable_rtes((Node *) query->jointree, false, &nullable);
			uses = anon_column_uses(query, -1);
		}
		any = true;
		anon_plan_masked_rte(query, rtindex, rte, policy, nullable,
							 &uses[rtindex], &subst.rtes[rtindex]);
	}
	if (!any)
		return;

	/*
	 * One pass over the query replaces the Vars of the relations masked in
	 * place (and refuses system columns of any masked relation).  Their
	 * row-level security quals must keep seeing raw values: they are set
	 * aside for the pass.
	 */
	for (i = 1; i <= subst.nrtes; i++)
		if (subst.rtes[i].masked)
		{
			RangeTblEntry *rte = rt_fetch(i, query->rtable);

			subst.rtes[i].security_quals = rte->securityQuals;
			rte->securityQuals = NIL;
		}

	/*
	 * Entries masked in place from the rules cache take its lists now, all
	 * together: from here to the end of the substitution nothing reads the
	 * catalog or looks rules up, so nothing can free them (an entry made
	 * stale meanwhile is freed only at its next lookup, and what it holds
	 * is what a copy made a moment earlier would hold).  Should one be
	 * gone (reloaded without its list), every such entry makes its own copy.
	 */
	for (i = 1; i <= subst.nrtes; i++)
		if (subst.rtes[i].shared &&
			(subst.rtes[i].tlist = (List *) anon_rules_peek_tlist(subst.rtes[i].relid,
																   policy,
																   subst.rtes[i].variant)) == NIL)
			break;
	if (i <= subst.nrtes)
		for (i = 1; i <= subst.nrtes; i++)
		{
			AnonMaskedRte *m = &subst.rtes[i];
			Relation	rel;
			Bitmapset  *vol;

			if (!m->shared)
				continue;
			rel = table_open(m->relid, NoLock);
			m->tlist = anon_masking_tlist_cached(rel, policy, m->inh, m->used,
												 &vol, NULL);
			table_close(rel, NoLock);
			if (i != 1)
				ChangeVarNodes((Node *) m->tlist, 1, i, 0);
			m->shared = false;
		}
	masked = query_tree_mutator(query, anon_subst_mutator, (void *) &subst,
								QTW_DONT_COPY_QUERY);
	Assert(masked == query);
	for (i = 1; i <= subst.nrtes; i++)
	{
		AnonMaskedRte *m = &subst.rtes[i];
		RangeTblEntry *rte;

		if (!m->masked)
			continue;
		rte = rt_fetch(i, masked->rtable);
		if (m->in_place)
		{
			rte->securityQuals = m->security_quals;
			rte->tablesample = m->sample;
		}
		else
			anon_mask_rte(masked, i, rte, m);
	}
}

static bool
anon_mask_walker(Node *node, void *context)
{
	AnonMaskContext *ctx = (AnonMaskContext *) context;

	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		anon_mask_query((Query *) node, ctx->policy, false);
		return false;
	}
	return expression_tree_walker(node, anon_mask_walker, context);
}

/* does any relation the plan reads have masking rules, for any policy? */
static bool
anon_plan_reads_rules(PlannedStmt *stmt)
{
	ListCell   *lc;

	foreach(lc, stmt->relationOids)
		if (anon_mask_has_rules(lfirst_oid(lc)))
			return true;
	return false;
}

static bool
anon_restricted_checker(Oid funcid, void *context)
{
	return anon_function_is_restricted(funcid, *(int *) context);
}

typedef struct AnonRestrictedContext
{
	int			policy;
	Oid			funcid;			/* the restricted function found */
} AnonRestrictedContext;

static bool
anon_restricted_walker(Node *node, AnonRestrictedContext *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
		return query_tree_walker((Query *) node, anon_restricted_walker,
								 (void *) ctx, 0);
	if (check_functions_in_node(node, anon_restricted_checker, &ctx->policy))
		anon_refuse_restricted_call(node);
	/* a view's definition printed: redacted (anon_redact_definition_call) */
	if (anon_is_definition_printer_call(node))
	{
		(void) expression_tree_walker(node, anon_restricted_walker, (void *) ctx);
		anon_redact_definition_call((FuncExpr *) node);
		return false;
	}
	return expression_tree_walker(node, anon_restricted_walker, (void *) ctx);
}

/* node calls a RESTRICTED function: refuse, naming it */
static void
anon_refuse_restricted_call(Node *node)
{
	Oid			funcid;

	switch (nodeTag(node))
	{
		case T_FuncExpr:
			funcid = ((FuncExpr *) node)->funcid;
			break;
		case T_OpExpr:
		case T_DistinctExpr:
		case T_NullIfExpr:
			set_opfuncid((OpExpr *) node);
			funcid = ((OpExpr *) node)->opfuncid;
			break;
		default:
			funcid = InvalidOid;
			break;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("masked roles cannot call %s",
					OidIsValid(funcid) ? format_procedure(funcid) : "a restricted function"),
			 errdetail("The function is labelled RESTRICTED: it uses a secret, and calling it could test guesses against masked values."),
			 errhint("Call it as a role that is not labelled MASKED.")));
}

/* refuse the RESTRICTED calls of node (an expression, or a query) */
static void
anon_refuse_restricted_in(Node *node, int policy)
{
	AnonRestrictedContext ctx = {policy, InvalidOid};

	(void) anon_restricted_walker(node, &ctx);
}

/*
 * RESTRICTED functions (those that use a secret, e.g. a keyed hash) are
 * out of reach of masked roles wherever the query calls them: directly, in
 * a subquery, a view, a default, an operator or a cast.  Checked before
 * the masking subqueries go in, since rules may use them.
 */
static void
anon_refuse_restricted(Query *query, int policy)
{
	anon_refuse_restricted_in((Node *) query, policy);
}

/*
 * The roles whose rights a query exercises besides the reader's: the
 * checkAsUser of its relations, at any depth (the owner of a view, of a
 * rewrite rule's table).  PostgreSQL 16 keeps it in rteperminfos.
 */
static bool anon_query_has_lower_levels(Query *query);

static bool
anon_check_as_walker(Node *node, List **roles)
{
	ListCell   *lc;

	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		Query	   *q = (Query *) node;

#if PG_VERSION_NUM >= 160000
		foreach(lc, q->rteperminfos)
		{
			RTEPermissionInfo *perm = lfirst_node(RTEPermissionInfo, lc);

			if (OidIsValid(perm->checkAsUser))
				*roles = list_append_unique_oid(*roles, perm->checkAsUser);
		}
#else
		foreach(lc, q->rtable)
		{
			RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

			if (rte->rtekind == RTE_RELATION && OidIsValid(rte->checkAsUser))
				*roles = list_append_unique_oid(*roles, rte->checkAsUser);
		}
#endif

		/*
		 * A level without sublinks, CTEs or subquery entries holds no lower
		 * level (anon_query_has_lower_levels): its expressions need no walk.
		 * Asked for every query of every role (the DP guard asks too).
		 */
		if (!anon_query_has_lower_levels(q))
			return false;
		return query_tree_walker(q, anon_check_as_walker, (void *) roles, 0);
	}
	return expression_tree_walker(node, anon_check_as_walker, (void *) roles);
}

/*
 * The owners of the views a query reads, at any depth, security_invoker
 * ones included (their code runs with the reader's rights, as any view's
 * functions do).  PostgreSQL 15 leaves the view's own entry in its
 * subquery; 16 and later keep its OID on the subquery entry.
 */
static bool
anon_view_owner_walker(Node *node, List **owners)
{
	ListCell   *lc;

	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		Query	   *q = (Query *) node;

		foreach(lc, q->rtable)
		{
			RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);
			HeapTuple	tup;

			if ((rte->rtekind != RTE_RELATION && rte->rtekind != RTE_SUBQUERY) ||
				rte->relkind != RELKIND_VIEW || !OidIsValid(rte->relid))
				continue;
			tup = SearchSysCache1(RELOID, ObjectIdGetDatum(rte->relid));
			if (!HeapTupleIsValid(tup))
				continue;
			*owners = list_append_unique_oid(*owners,
											 ((Form_pg_class) GETSTRUCT(tup))->relowner);
			ReleaseSysCache(tup);
		}
		if (!anon_query_has_lower_levels(q))
			return false;
		return query_tree_walker(q, anon_view_owner_walker, (void *) owners, 0);
	}
	return expression_tree_walker(node, anon_view_owner_walker, (void *) owners);
}

/*
 * A query of a reader that is not masked, using views or rewrite rules of
 * masked or DIFFERENTIAL PRIVACY roles (authors): their code runs with the
 * reader's rights, so it may call nothing that runs queries or acts with
 * them (utility_guard.c).
 */
static void
anon_check_authors(Query *parse, List *roles)
{
	List	   *authors = list_copy(roles);
	ListCell   *lc;

	anon_view_owner_walker((Node *) parse, &authors);
	foreach(lc, authors)
	{
		Oid			author = lfirst_oid(lc);
		Oid			funcid;

		if (author == GetUserId() || author < FirstNormalObjectId ||
			(anon_role_effective_masking_policy(author) < 0 &&
			 !anon_dp_role_is_guarded(author)))
			continue;
		funcid = anon_author_expression_refusal((Node *) parse);
		if (OidIsValid(funcid))
			anon_author_refuse("a view or rewrite rule that this query uses",
							   author, funcid);
		break;
	}
	list_free(authors);
}

List *
anon_query_check_as_roles(Query *parse)
{
	List	   *roles = NIL;

	anon_check_as_walker((Node *) parse, &roles);
	return roles;
}

/*
 * Planner hook, masking part (hooks.c calls it after the DP guard): mask
 * the query for the policy of the current or session user, if any; else
 * for the policy of a masked role whose rights the query uses (a view or a
 * rewrite rule a masked role owns, read by anybody: a masked role's grant
 * on a masked table is a grant of masked values, whoever exercises it).
 */
void
anon_dynamic_plan(Query *parse)
{
	int			policy = anon_reader_policy();

	if (policy < 0 && IsTransactionState())
	{
		List	   *roles = anon_query_check_as_roles(parse);
		ListCell   *lc;

		foreach(lc, roles)
		{
			policy = anon_role_effective_masking_policy(lfirst_oid(lc));
			if (policy >= 0)
				break;
		}
		anon_check_authors(parse, roles);
		list_free(roles);
	}

	if (policy >= 0)
	{
		/* the queries of a rule's own functions may call what it calls */
		bool		check = !anon_in_rule_call();

		/*
		 * A query without lower levels is refused its RESTRICTED calls by
		 * the masking walk itself (anon_mask_query); any other before.
		 */
		bool		checked = check;

		/* masked by several policies: what the others label is refused */
		anon_reader_check_policies(parse, policy);

		if (check && anon_query_has_lower_levels(parse))
		{
			anon_refuse_restricted(parse, policy);
			check = false;
		}
		anon_mask_query(parse, policy, check);

		/*
		 * Definitions of views print redacted; where the extension is not
		 * installed, a call of a printer fails (anon_redact_label_oid), as
		 * reading the labels does.  No catalog lookup here: it would cost a
		 * masked point lookup a tenth of its time.  The walks that refused
		 * the RESTRICTED calls redacted them on their way; without them, a
		 * walk of its own.
		 */
		if (!checked)
			(void) query_tree_walker(parse, anon_redact_definitions_walker, NULL, 0);
	}
}

/*
 * Planner hook, after planning: a plan that reads a relation with rules is
 * valid for one role only, so the plan cache replans when the current user
 * changes.
 */
/*
 * A plan that reads a relation with rules also records the reader's policy
 * it was made for, in an item of its invalidation list whose cache id no
 * syscache has (the plan cache compares ids only; parallel workers get no
 * such list): the plan cache keys plans by the current user, and the
 * ProcessUtility hook replans on a change of SET ROLE or of the session
 * user between statements, but within one statement set_config('role', ...)
 * changes the reader while a function runs a plan it cached before
 * (anon_dynamic_check_reader).
 */
#define ANON_PLAN_READER_MARK (-4242)

void
anon_dynamic_planned(PlannedStmt *result)
{
	if (anon_plan_reads_rules(result))
	{
		PlanInvalItem *mark = makeNode(PlanInvalItem);

		result->dependsOnRole = true;
		mark->cacheId = ANON_PLAN_READER_MARK;
		mark->hashValue = (uint32) (anon_reader_policy() + 1);
		result->invalItems = lappend(result->invalItems, mark);
	}

	/*
	 * A partition read on its own is masked by its parents' rules: the plan
	 * must be replanned when a parent is relabelled, whoever made it (the
	 * same session may later run it as a masked role).
	 */
	anon_mask_add_ancestors(&result->relationOids, 0);
}

/*
 * COPY rel [(cols)] TO: the same as COPY (SELECT cols FROM ONLY rel) TO,
 * which the planner hook masks.  COPY rel FROM is a write, refused.
 */
static PlannedStmt *
anon_mask_copy(PlannedStmt *pstmt, int policy)
{
	CopyStmt   *copy = (CopyStmt *) pstmt->utilityStmt;
	Oid			relid;
	Relation	rel;
	TupleDesc	desc;
	SelectStmt *select;
	RangeVar   *rv;
	List	   *targets = NIL;
	ListCell   *lc;
	int			i;

	if (copy->relation == NULL)
		return pstmt;			/* COPY (query) goes through the planner */

	/*
	 * A name that is no relation is left to the next hook: Citus copies its
	 * intermediate results (the output of masked shard queries) by name
	 * with COPY "<result id>" TO; anything else fails in COPY itself.
	 */
	relid = RangeVarGetRelid(copy->relation, AccessShareLock, true);
	if (!OidIsValid(relid))
		return pstmt;
	/* COPY rel TO reads rel only: its own and its ancestors' rules */
	/* the security label catalogs are masked too (anon_plan_seclabel_rte) */
	if (!anon_mask_needs_masking(relid, policy, false) &&
		relid != SecLabelRelationId && relid != SharedSecLabelRelationId &&
		!anon_subset_dump_applies(relid))
		return pstmt;
	if (copy->is_from)
		anon_refuse_write(relid);

	if (copy->attlist != NIL)
	{
		foreach(lc, copy->attlist)
		{
			ColumnRef  *cref = makeNode(ColumnRef);
			ResTarget  *target = makeNode(ResTarget);

			cref->fields = list_make1(makeString(pstrdup(strVal(lfirst(lc)))));
			cref->location = -1;
			target->val = (Node *) cref;
			target->location = -1;
			targets = lappend(targets, target);
		}
	}
	else
	{
		/* COPY's default column list: neither dropped nor generated */
		rel = table_open(relid, NoLock);
		desc = RelationGetDescr(rel);
		for (i = 0; i < desc->natts; i++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, i);
			ColumnRef  *cref;
			ResTarget  *target;

			if (att->attisdropped || att->attgenerated)
				continue;
			cref = makeNode(ColumnRef);
			cref->fields = list_make1(makeString(pstrdup(NameStr(att->attname))));
			cref->location = -1;
			target = makeNode(ResTarget);
			target->val = (Node *) cref;
			target->location = -1;
			targets = lappend(targets, target);
		}
		table_close(rel, NoLock);
	}

	rv = copyObject(copy->relation);
	rv->inh = false;			/* COPY rel TO reads rel only */
	select = makeNode(SelectStmt);
	select->targetList = targets;
	select->fromClause = list_make1(rv);

	pstmt = copyObject(pstmt);
	copy = (CopyStmt *) pstmt->utilityStmt;
	copy->relation = NULL;
	copy->attlist = NIL;
	copy->query = (Node *) select;
	return pstmt;
}

/*
 * ProcessUtility hook, masking part: COPY rel TO of a masked relation is
 * replaced by COPY (SELECT ...) TO, COPY rel FROM refused.  Returns the
 * statement to run (a modified copy, or pstmt itself).
 */
PlannedStmt *
anon_dynamic_utility(PlannedStmt *pstmt)
{
	Node	   *parsetree = pstmt->utilityStmt;

	if (IsA(parsetree, CopyStmt))
	{
		int			policy = anon_reader_policy();

		if (policy >= 0)
			return anon_mask_copy(pstmt, policy);
	}
	return pstmt;
}

/*
 * EXPLAIN by a masked role: while it runs, the planner refuses queries
 * that read masked relations (anon_plan_masked_rte).  hooks.c brackets the
 * statement with these calls, the leave call in PG_FINALLY.
 */
bool
anon_dynamic_explain_enter(Node *parsetree)
{
	if (IsA(parsetree, ExplainStmt) && anon_reader_policy() >= 0)
	{
		anon_explain_depth++;
		return true;
	}
	return false;
}

void
anon_dynamic_explain_leave(void)
{
	anon_explain_depth--;
}

/*
 * ExecutorStart hook, before the executor starts: a plan made for another
 * reader's policy than the current one (its role changed within the
 * statement, set_config('role', ...) before a function ran a plan it had
 * cached unmasked) is refused; the next statement replans.
 */
void
anon_dynamic_check_reader(QueryDesc *queryDesc)
{
	ListCell   *lc;

	if (!queryDesc->plannedstmt->dependsOnRole)
		return;
	foreach(lc, queryDesc->plannedstmt->invalItems)
	{
		PlanInvalItem *item = (PlanInvalItem *) lfirst(lc);

		if (item->cacheId == ANON_PLAN_READER_MARK &&
			item->hashValue != (uint32) (anon_reader_policy() + 1))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("a plan made for another masking of the reader cannot run"),
					 errdetail("The role changed within the statement, after a plan that reads masked relations was made for the role before."),
					 errhint("Change roles with SET ROLE between statements, not with set_config() inside one.")));
	}
}

/*
 * ExecutorStart hook, before the executor starts: EXPLAIN EXECUTE shows a
 * plan the plan cache kept, which the planner made (and masked) before the
 * EXPLAIN, without passing through the refusal above: it showed the rules'
 * expressions, with their constants (a salt), and estimates drawn from raw
 * statistics.  Any plan started while a masked reader's EXPLAIN runs is
 * refused when it reads a masked relation.
 */
void
anon_dynamic_explain_plan(QueryDesc *queryDesc)
{
	int			policy;
	ListCell   *lc;

	if (anon_explain_depth <= 0 || (policy = anon_reader_policy()) < 0)
		return;
	foreach(lc, queryDesc->plannedstmt->relationOids)
	{
		Oid			relid = lfirst_oid(lc);

		if (anon_mask_needs_masking(relid, policy, false))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("masked roles cannot EXPLAIN queries that read masked table \"%s\"",
							get_rel_name(relid)),
					 errdetail("A plan shows the masking rules' expressions and estimates drawn from raw values."),
					 errhint("Run the query itself, or EXPLAIN it as a role that is not labelled MASKED.")));
	}
}

/*
 * The planner inlines simple SQL functions after the planner hook has run,
 * which would let their queries escape masking.  A function that needs the
 * fmgr hook is never inlined, so SQL functions called in a masked query
 * are planned (and masked) on their own.
 */
bool
anon_dynamic_needs_fmgr(Oid functionId)
{
	AnonFunctionFacts facts;

	/* the cheap, cached test first: most functions are not SQL */
	if (!IsTransactionState() || !anon_function_facts(functionId, &facts) ||
		!facts.sql)
		return false;
	return anon_reader_policy() >= 0;
}


