/*-------------------------------------------------------------------------
 *
 * mask.c
 *		The masking core: what a column, a relation, looks like to a masked
 *		reader or to a static masking run, for one policy.
 *
 * Every path that shows or writes masked data asks this file and nothing
 * else: dynamic masking (dynamic.c, the planner hook and COPY), static
 * masking (static*.c), masked copies (static_copy.c), masked replication
 * (through anon.masking_view) and the DP guard.  One answer, so that a
 * rule cannot mean one thing to a masked SELECT and another to
 * anonymize_table, and a fix to how masks are computed lands once.
 *
 * The answer for one column of a relation, for a policy:
 *
 *	- its rule: the column's own MASKED WITH label, else the label of the
 *	  same-named column of its nearest ancestor (partition parent or
 *	  inheritance parent); NOT MASKED on the column stops the search;
 *	- else, with anon.privacy_by_default, a privacy-by-default value (NULL,
 *	  the column's default, or a neutral value of its type);
 *	- else nothing: the column is shown as it is;
 *	- and, when the table (or an ancestor) is labelled MASKED WHEN, the mask
 *	  applies only to the rows the condition selects (CASE WHEN).
 *
 * A stored generated column without a rule of its own is recomputed from
 * the masked values of its inputs (its stored value is a function of the
 * raw ones).  Code of the owner's that masking evaluates besides the rules
 * (a default shown by privacy by default, a generation expression, a domain
 * default or CHECK) passes the trust check of a rule (label.c), or is not
 * evaluated: the column takes a neutral value instead.
 *
 * For a relation: one such expression per attribute (the masking target
 * list, over the relation as range table entry 1), and the sampling clause
 * of its TABLESAMPLE label (else an ancestor's, else the database's).  A
 * scan of a whole inheritance tree (a parent read without ONLY) masks each
 * row by the rules of the member that holds it: where a member masks a
 * column differently from the top, the column's entry becomes a CASE over
 * tableoid (anon_mask_tree).
 *
 * Dependencies go one way: mask.c asks rules.c (the cached labels) and
 * label.c (analysis and trust check); neither of them calls back here or
 * into dynamic.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/table.h"
#include "access/transam.h"
#include "catalog/heap.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "parser/parse_type.h"
#include "rewrite/rewriteHandler.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "compat.h"
#include "anon.h"
#include "fk_consistency.h"
#include "label.h"
#include "mask.h"
#include "noise_seed.h"
#include "rules.h"

/* oid = oid (pg_operator.dat has no symbol for it in PostgreSQL 15) */
#define ANON_OID_EQ_OPERATOR 607

/* ---- GUC variables ---- */

bool		anon_privacy_by_default = false;

/* ---- Initialisation ---- */

void
anon_mask_init(void)
{
	DefineCustomBoolVariable("anon.privacy_by_default",
							 "Masks every column without a masking rule for masked roles.",
							 "A column with no rule shows NULL, or its default, or a neutral value of its type, "
							 "unless it is labelled NOT MASKED.",
							 &anon_privacy_by_default,
							 false,
							 PGC_SUSET,
							 0,
							 NULL, NULL, NULL);
}

/* ---- The rules that apply to a relation ---- */

/*
 * Relations that privacy by default covers: the users' tables, not the
 * catalogs, the information schema or anon's own tables.
 */
bool
anon_is_user_relation(Oid relid)
{
	Oid			nspid;
	char	   *nspname;
	bool		result;

	if (relid < FirstNormalObjectId)
		return false;
	nspid = get_rel_namespace(relid);
	/* temporary tables belong to the session that made them */
	if (nspid == PG_CATALOG_NAMESPACE || isAnyTempNamespace(nspid))
		return false;
	nspname = get_namespace_name(nspid);
	result = nspname != NULL && strcmp(nspname, "information_schema") != 0 &&
		strcmp(nspname, "anon") != 0;
	return result;
}

/*
 * The rule that applies to column attnum of relid: the column's own label
 * (NOT MASKED included), else the label of the same-named column of its
 * nearest ancestor, parents taken in inheritance order; kind
 * ANON_LABEL_INVALID if none.  *own tells whether it is relid's own label.
 *
 * Why ancestors count: a partition or an inheritance child holds rows of
 * its parent, and the owner labels the parent once for all of them.  A
 * masked role that names the partition (SELECT, COPY, pg_dump of the
 * partition) must not read what the parent hides.  A child's own label
 * wins, as the owner's more specific decision.
 */
static AnonLabel
anon_mask_find_rule(Oid relid, AttrNumber attnum, int policy, bool *own,
					int depth)
{
	const AnonRelationRules *rules;
	const AnonColumnRule *rule;
	AnonLabel	result = {ANON_LABEL_INVALID, NULL};
	Oid		   *parents;
	int			nparents;
	char	   *attname;
	int			i;

	check_stack_depth();
	rules = anon_rules_get(relid, policy);
	rule = anon_rules_column(rules, attnum);
	if (rule != NULL)
	{
		*own = depth == 0;
		result.kind = rule->kind;
		result.expr = rule->parsed.expr ? pstrdup(rule->parsed.expr) : NULL;
		return result;
	}
	if (rules->nparents == 0)
		return result;

	/* copy: the lookups below may reload the cache */
	nparents = rules->nparents;
	parents = palloc(sizeof(Oid) * nparents);
	memcpy(parents, rules->parents, sizeof(Oid) * nparents);
	attname = get_attname(relid, attnum, false);
	for (i = 0; i < nparents; i++)
	{
		AttrNumber	pattnum = get_attnum(parents[i], attname);

		if (pattnum <= 0)
			continue;
		result = anon_mask_find_rule(parents[i], pattnum, policy, own, depth + 1);
		if (result.kind != ANON_LABEL_INVALID)
			break;
	}
	pfree(parents);
	return result;
}

/*
 * The MASKED WHEN (table_label true) or TABLESAMPLE label text that applies
 * to relid: its own, else its nearest ancestor's; NULL if none.
 */
static char *
anon_mask_find_table_label(Oid relid, int policy, bool masked_when, int depth)
{
	const AnonRelationRules *rules;
	const char *text;
	Oid		   *parents;
	int			nparents;
	char	   *result = NULL;
	int			i;

	check_stack_depth();
	rules = anon_rules_get(relid, policy);
	text = masked_when ? rules->masked_when : rules->tablesample;
	if (text != NULL)
		return pstrdup(text);
	nparents = rules->nparents;
	if (nparents == 0)
		return NULL;
	parents = palloc(sizeof(Oid) * nparents);
	memcpy(parents, rules->parents, sizeof(Oid) * nparents);
	for (i = 0; i < nparents && result == NULL; i++)
		result = anon_mask_find_table_label(parents[i], policy, masked_when, depth + 1);
	pfree(parents);
	return result;
}

static bool anon_mask_fk_masked(Oid relid, int policy);
static Oid	anon_mask_matview_source_depth(Oid relid, int policy, bool labelled,
											int depth);

/*
 * does relid's own labels mask anything (rules or a sample), or does a key
 * column of it take the mask of a key it references?
 */
static bool
anon_mask_own_masks(Oid relid, int policy)
{
	const AnonRelationRules *rules = anon_rules_get(relid, policy);

	if (rules->nmasked > 0 || rules->tablesample != NULL ||
		((anon_database_sample(policy) != NULL || anon_privacy_by_default) &&
		 anon_is_user_relation(relid)))
		return true;
	return anon_mask_fk_masked(relid, policy);
}

/* does an ancestor of relid carry a masking rule or a sample? */
static bool
anon_mask_ancestor_masks(Oid relid, int policy, int depth)
{
	const AnonRelationRules *rules;
	Oid		   *parents;
	int			nparents;
	bool		result = false;
	int			i;

	check_stack_depth();
	rules = anon_rules_get(relid, policy);
	if (depth > 0 && (rules->nmasked > 0 || rules->tablesample != NULL))
		return true;
	nparents = rules->nparents;
	if (nparents == 0)
		return false;
	parents = palloc(sizeof(Oid) * nparents);
	memcpy(parents, rules->parents, sizeof(Oid) * nparents);
	for (i = 0; i < nparents && !result; i++)
		result = anon_mask_ancestor_masks(parents[i], policy, depth + 1);
	pfree(parents);
	return result;
}

/*
 * Must a reader masked by policy read relid through its masks?  Its own
 * rules, its ancestors' (a partition read on its own), and with inh (the
 * query reads the whole tree) its descendants' too.
 */
bool
anon_mask_needs_masking(Oid relid, int policy, bool inh)
{
	List	   *members;
	ListCell   *lc;

	if (anon_mask_own_masks(relid, policy) ||
		anon_mask_ancestor_masks(relid, policy, 0))
		return true;
	if (!inh || !has_subclass(relid))
		return false;
	/* the same lock the planner takes when it expands the tree */
	members = find_all_inheritors(relid, AccessShareLock, NULL);
	foreach(lc, members)
		if (lfirst_oid(lc) != relid && anon_mask_own_masks(lfirst_oid(lc), policy))
			return true;
	return false;
}

/*
 * relid's own labels: any column label, QUASI-IDENTIFIER, PRIVACY UNIT or a
 * sample; with privacy by default or a database sample, any user table
 */
static bool
anon_mask_own_labels(Oid relid, int policy)
{
	const AnonRelationRules *rules = anon_rules_get(relid, policy);

	if (rules->nrules > 0 || rules->nquasi > 0 || rules->privacy_unit != 0 ||
		rules->tablesample != NULL)
		return true;

	/*
	 * Privacy by default and a database-wide sample cover every user table:
	 * a table nobody labelled is then protected too, for DP roles as for
	 * masked ones.
	 */
	return (anon_privacy_by_default || anon_database_sample(policy) != NULL) &&
		anon_is_user_relation(relid);
}

/*
 * Is relid labelled for policy: by its own labels, an ancestor's (a
 * partition of a labelled table holds labelled rows), or with inh a
 * descendant's?  The DP guard protects what this says is labelled.
 */
bool
anon_mask_is_labelled(Oid relid, int policy, bool inh)
{
	const AnonRelationRules *rules;
	Oid		   *parents;
	int			nparents;
	bool		result = false;
	int			i;

	check_stack_depth();
	if (anon_mask_own_labels(relid, policy))
		return true;
	rules = anon_rules_get(relid, policy);
	nparents = rules->nparents;
	if (nparents > 0)
	{
		parents = palloc(sizeof(Oid) * nparents);
		memcpy(parents, rules->parents, sizeof(Oid) * nparents);
		for (i = 0; i < nparents && !result; i++)
			result = anon_mask_is_labelled(parents[i], policy, false);
		pfree(parents);
		if (result)
			return true;
	}
	if (inh && has_subclass(relid))
	{
		List	   *members = find_all_inheritors(relid, AccessShareLock, NULL);
		ListCell   *lc;

		foreach(lc, members)
			if (lfirst_oid(lc) != relid && anon_mask_own_labels(lfirst_oid(lc), policy))
				return true;
	}
	return false;
}

/*
 * A materialized view holds the rows its query read when its owner last
 * refreshed it, raw: labels do not follow the data into it.  Returns a
 * relation its query reads (directly, or through views and materialized
 * views) that masks for policy (with labelled, that has any label), else
 * InvalidOid.  Callers refuse masked and DP readers an unlabelled
 * materialized view of one.
 */
Oid
anon_mask_matview_source(Oid relid, int policy, bool labelled)
{
	return anon_mask_matview_source_depth(relid, policy, labelled, 0);
}

static Oid
anon_mask_matview_source_depth(Oid relid, int policy, bool labelled, int depth)
{
	Relation	rewrite;
	Relation	depend;
	SysScanDesc rscan;
	ScanKeyData rkey;
	HeapTuple	rtup;
	Oid			found = InvalidOid;

	check_stack_depth();
	if (depth > 32)
		return relid;			/* refuse rather than search forever */

	rewrite = table_open(RewriteRelationId, AccessShareLock);
	depend = table_open(DependRelationId, AccessShareLock);
	ScanKeyInit(&rkey, Anum_pg_rewrite_ev_class, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(relid));
	rscan = systable_beginscan(rewrite, RewriteRelRulenameIndexId, true,
							   NULL, 1, &rkey);
	while (!OidIsValid(found) && HeapTupleIsValid(rtup = systable_getnext(rscan)))
	{
		Oid			ruleoid = ((Form_pg_rewrite) GETSTRUCT(rtup))->oid;
		ScanKeyData dkey[2];
		SysScanDesc dscan;
		HeapTuple	dtup;

		ScanKeyInit(&dkey[0], Anum_pg_depend_classid, BTEqualStrategyNumber,
					F_OIDEQ, ObjectIdGetDatum(RewriteRelationId));
		ScanKeyInit(&dkey[1], Anum_pg_depend_objid, BTEqualStrategyNumber,
					F_OIDEQ, ObjectIdGetDatum(ruleoid));
		dscan = systable_beginscan(depend, DependDependerIndexId, true,
								   NULL, 2, dkey);
		while (!OidIsValid(found) && HeapTupleIsValid(dtup = systable_getnext(dscan)))
		{
			Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(dtup);
			char		kind;

			if (dep->refclassid != RelationRelationId || dep->refobjid == relid)
				continue;
			kind = get_rel_relkind(dep->refobjid);
			if (anon_mask_needs_masking(dep->refobjid, policy, true) ||
				(labelled && anon_mask_is_labelled(dep->refobjid, policy, true)))
				found = dep->refobjid;
			else if (kind == RELKIND_VIEW || kind == RELKIND_MATVIEW)
				found = anon_mask_matview_source_depth(dep->refobjid, policy,
													   labelled, depth + 1);
		}
		systable_endscan(dscan);
	}
	systable_endscan(rscan);
	table_close(depend, AccessShareLock);
	table_close(rewrite, AccessShareLock);
	return found;
}

/*
 * The PRIVACY UNIT column of relid: its own, else its nearest ancestor's
 * (by column name); 0 if none.
 */
AttrNumber
anon_mask_privacy_unit(Oid relid, int policy)
{
	const AnonRelationRules *rules;
	Oid		   *parents;
	int			nparents;
	AttrNumber	result = 0;
	int			i;

	check_stack_depth();
	rules = anon_rules_get(relid, policy);
	if (rules->privacy_unit != 0)
		return rules->privacy_unit;
	nparents = rules->nparents;
	if (nparents == 0)
		return 0;
	parents = palloc(sizeof(Oid) * nparents);
	memcpy(parents, rules->parents, sizeof(Oid) * nparents);
	for (i = 0; i < nparents && result == 0; i++)
	{
		AttrNumber	punit = anon_mask_privacy_unit(parents[i], policy);
		char	   *name;

		if (punit == 0)
			continue;
		name = get_attname(parents[i], punit, true);
		result = name ? get_attnum(relid, name) : 0;
		if (result < 0)
			result = 0;
	}
	pfree(parents);
	return result;
}

/* does the relation (read on its own) need masking for any policy? */
bool
anon_mask_has_rules(Oid relid)
{
	int			i;

	for (i = 0; i < anon_policy_count(); i++)
		if (anon_mask_needs_masking(relid, i, false))
			return true;
	return false;
}

/*
 * Add to *relids the ancestors of every relation in it.  A plan that reads
 * a partition depends on its parents' labels: the plan cache must replan
 * when a parent is relabelled (a relcache invalidation of the parent), or a
 * statement prepared before the parent got its rule would keep reading
 * raw values.
 */
void
anon_mask_add_ancestors(List **relids, int policy)
{
	int			i;

	/* the list grows while we walk it: ancestors get their own turn */
	for (i = 0; i < list_length(*relids); i++)
	{
		const AnonRelationRules *rules = anon_rules_get(list_nth_oid(*relids, i), policy);
		Oid		   *parents;
		int			nparents = rules->nparents;
		int			j;
		int			p;

		/* and the relations whose keys its masks follow (fk_consistency.c) */
		for (p = 0; p < anon_policy_count(); p++)
		{
			ListCell   *lc;

			foreach(lc, anon_rules_dependencies(list_nth_oid(*relids, i), p))
				*relids = list_append_unique_oid(*relids, lfirst_oid(lc));
		}
		rules = anon_rules_get(list_nth_oid(*relids, i), policy);
		nparents = rules->nparents;
		if (nparents == 0)
			continue;
		parents = palloc(sizeof(Oid) * nparents);
		memcpy(parents, rules->parents, sizeof(Oid) * nparents);
		for (j = 0; j < nparents; j++)
			*relids = list_append_unique_oid(*relids, parents[j]);
		pfree(parents);
	}
}

/* ---- The masked value of a column ---- */

/*
 * A typed NULL that stands for a dropped column: a whole-row reference
 * only checks that its length and alignment match the dropped attribute.
 */
static Node *
anon_dropped_column_placeholder(Form_pg_attribute att)
{
	Oid			typid;

	switch (att->attlen)
	{
		case 1:
			typid = BOOLOID;
			break;
		case 2:
			typid = INT2OID;
			break;
		case 4:
			typid = INT4OID;
			break;
		case 8:
			typid = INT8OID;
			break;
		case 16:
			typid = UUIDOID;
			break;
		case -2:
			typid = CSTRINGOID;
			break;
		default:
			typid = BYTEAOID;
			break;
	}
	return (Node *) makeNullConst(typid, -1, InvalidOid);
}

/*
 * A value of the column's type that says nothing: NULL where the column
 * allows it, else a neutral value of its type (0, '', false, the epoch...),
 * else NULL.  For a domain, the constant is built with the base type's
 * input function: domain_in would run the domain's CHECK constraints, code
 * chosen by the domain's owner, in the reader's session.  A read never
 * stores the value; static masking coerces it into the domain itself
 * (anon_mask_table), with the constraints checked for trust first.
 */
static Node *
anon_mask_neutral(Form_pg_attribute att)
{
	Oid			basetype;
	int32		basetypmod = att->atttypmod;
	char		category;
	bool		preferred;
	const char *neutral = NULL;
	Oid			typinput;
	Oid			typioparam;

	if (!att->attnotnull)
		return (Node *) makeNullConst(att->atttypid, att->atttypmod, att->attcollation);
	basetype = getBaseTypeAndTypmod(att->atttypid, &basetypmod);
	get_type_category_preferred(basetype, &category, &preferred);
	switch (category)
	{
		case TYPCATEGORY_NUMERIC:
			neutral = "0";
			break;
		case TYPCATEGORY_STRING:
			neutral = "";
			break;
		case TYPCATEGORY_BOOLEAN:
			neutral = "false";
			break;
		case TYPCATEGORY_DATETIME:
			neutral = (basetype == TIMEOID || basetype == TIMETZOID) ? "00:00" : "epoch";
			break;
		case TYPCATEGORY_TIMESPAN:
			neutral = "0";
			break;
		case TYPCATEGORY_NETWORK:
			neutral = "0.0.0.0";
			break;
		default:
			if (basetype == UUIDOID)
				neutral = "00000000-0000-0000-0000-000000000000";
			else if (basetype == BYTEAOID)
				neutral = "";
			else if (basetype == JSONOID || basetype == JSONBOID)
				neutral = "{}";
			break;
	}
	if (neutral == NULL)
		return (Node *) makeNullConst(att->atttypid, att->atttypmod, att->attcollation);
	getTypeInputInfo(basetype, &typinput, &typioparam);
	return (Node *) makeConst(att->atttypid, att->atttypmod, att->attcollation,
							  att->attlen,
							  OidInputFunctionCall(typinput, (char *) neutral,
												   typioparam, basetypmod),
							  false, att->attbyval);
}

/*
 * Privacy by default: the value a column without a rule shows.  Its
 * default (column default, else its domain's), as in PostgreSQL
 * Anonymizer; else NULL where the column allows it, else a neutral value
 * of its type.
 *
 * The default is the owner's code, written without any review: it is used
 * only if it passes the same trust check as a rule (a default calling the
 * owner's function would otherwise run it as every masked reader, or as a
 * superuser previewing with SET ROLE) and is not volatile (a sequence must
 * not move on a read).  Otherwise the neutral value.
 */
Node *
anon_privacy_default(Relation rel, Form_pg_attribute att, int policy)
{
	Node	   *def;

	/* the column's default first, as PostgreSQL Anonymizer does */
	def = att->attgenerated ? NULL : build_column_default(rel, att->attnum);
	if (def != NULL && !contain_volatile_functions(def) &&
		anon_expression_is_trusted(def, anon_policy_name(policy)))
		return def;
	if (!att->attnotnull)
		return (Node *) makeNullConst(att->atttypid, att->atttypmod, att->attcollation);
	return anon_mask_neutral(att);
}

/* the MASKED WHEN condition of rel (its own, else an ancestor's), or NULL */
Node *
anon_masked_when(Relation rel, int policy)
{
	char	   *cond = anon_mask_find_table_label(RelationGetRelid(rel), policy, true, 0);

	if (cond == NULL)
		return NULL;
	return anon_masked_when_condition(rel, cond, policy);
}

/*
 * A MASKED WHEN condition (label text) analysed against rel, as
 * <condition> IS NOT FALSE: a NULL condition masks (never fails open).
 * An ancestor's condition is analysed against rel by column name.
 */
Node *
anon_masked_when_condition(Relation rel, const char *condition, int policy)
{
	AnonLabel	label;
	BooleanTest *bt;

	label.kind = ANON_LABEL_TABLE_MASKED_WHEN;
	label.expr = pstrdup(condition);
	bt = makeNode(BooleanTest);
	bt->arg = (Expr *) anon_rules_other_expression(rel, policy, 0, &label);
	bt->booltesttype = IS_NOT_FALSE;
	bt->location = -1;
	return (Node *) bt;
}

typedef struct AnonGeneratedContext
{
	Relation	rel;
	int			policy;
	Node	   *when;
	bool		any_masked;
} AnonGeneratedContext;

/* replace each column of a generation expression by its masked value */
static Node *
anon_generated_mutator(Node *node, AnonGeneratedContext *ctx)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Var) && ((Var *) node)->varno == 1 &&
		((Var *) node)->varlevelsup == 0 && ((Var *) node)->varattno > 0)
	{
		Node	   *mask = anon_column_mask(ctx->rel, ctx->policy,
											((Var *) node)->varattno, ctx->when);

		if (mask == NULL)
			return copyObject(node);
		ctx->any_masked = true;
		return mask;
	}
	return expression_tree_mutator(node, anon_generated_mutator, (void *) ctx);
}

/*
 * A generated column without a rule of its own.  Its stored value
 * is a function of the raw values of the columns it is computed from: shown
 * as it is, it would give away a masked input (upper(email) is the email).
 * So it is recomputed from the masked values of its inputs, which is what
 * static masking stores in it too.  The generation expression is the
 * owner's code: evaluated on a read only if it passes the trust check of a
 * rule; otherwise the column takes a neutral value.  NULL when none of its
 * inputs is masked: the stored value is then what a recomputation gives.
 */
static Node *
anon_mask_generated(Relation rel, Form_pg_attribute att, int policy, Node *when)
{
	AnonGeneratedContext ctx;
	Node	   *gen = build_column_default(rel, att->attnum);
	Node	   *masked;

	if (gen == NULL)
		elog(ERROR, "generation expression of column \"%s\" of relation \"%s\" not found",
			 NameStr(att->attname), RelationGetRelationName(rel));
	ctx.rel = rel;
	ctx.policy = policy;
	ctx.when = when;
	ctx.any_masked = false;
	masked = anon_generated_mutator(gen, &ctx);
	if (!ctx.any_masked)
		return NULL;
	if (!anon_expression_is_trusted(gen, anon_policy_name(policy)))
		return anon_mask_when(att, anon_mask_neutral(att), when);
	return masked;
}

/* ---- Masks along foreign keys (fk_consistency.c) ---- */

/*
 * A referencing column without a rule of its own takes the mask of the
 * column it references (through a declared or a virtual foreign key), so
 * that masked rows still join: the referenced key's mask must then be
 * deterministic and read the key alone, or the policy is refused.  A
 * referencing column with a rule of its own (NOT MASKED included) must
 * have the referenced key's.  The referenced column's mask is its rule
 * (its own or an ancestor's, under its table's MASKED WHEN), else the one
 * it takes itself from a key it references (chains, cycles stop); privacy
 * by default is not a rule and is not passed on.  Each relation whose
 * labels a mask read this way becomes a dependency of the relation
 * masked (rules.c): relabelling it drops the cached masks and the plans.
 */
typedef struct AnonKeyVisit
{
	Oid			relid;
	AttrNumber	attnum;
} AnonKeyVisit;

static Node *anon_mask_from_references(Relation rel, Form_pg_attribute att,
									   int policy, Oid top, List *visited);

static bool
anon_mask_key_visited(List *visited, Oid relid, AttrNumber attnum)
{
	ListCell   *lc;

	foreach(lc, visited)
	{
		AnonKeyVisit *v = (AnonKeyVisit *) lfirst(lc);

		if (v->relid == relid && v->attnum == attnum)
			return true;
	}
	return false;
}

/* the rule mask of a referenced column (see above), or NULL */
static Node *
anon_mask_key_rule(Oid relid, AttrNumber attnum, int policy, Oid top,
				   List *visited, Oid *type, int32 *typmod)
{
	Relation	rel = relation_open(relid, AccessShareLock);
	Form_pg_attribute att = TupleDescAttr(RelationGetDescr(rel), attnum - 1);
	AnonLabel	rule;
	bool		own = false;
	Node	   *expr = NULL;

	*type = att->atttypid;
	*typmod = att->atttypmod;
	rule = anon_mask_find_rule(relid, attnum, policy, &own, 0);
	if (rule.kind == ANON_LABEL_MASKED_FUNCTION || rule.kind == ANON_LABEL_MASKED_VALUE)
	{
		expr = own ? anon_rules_expression(rel, policy, attnum) :
			anon_rules_other_expression(rel, policy, attnum, &rule);
		expr = anon_mask_when(att, expr, anon_masked_when(rel, policy));
	}
	else if (rule.kind == ANON_LABEL_INVALID && !att->attgenerated)
		expr = anon_mask_from_references(rel, att, policy, top, visited);
	relation_close(rel, AccessShareLock);
	return expr;
}

/* the mask column att of rel takes from the keys it references, or NULL */
static Node *
anon_mask_from_references(Relation rel, Form_pg_attribute att, int policy,
						  Oid top, List *visited)
{
	Oid			relid = RelationGetRelid(rel);
	AnonKeyVisit *v;
	Node	   *result = NULL;
	ListCell   *lc;

	check_stack_depth();
	/* a cycle of keys with no rule on the way: nothing to take */
	if (anon_mask_key_visited(visited, relid, att->attnum))
		return NULL;
	v = palloc(sizeof(AnonKeyVisit));
	v->relid = relid;
	v->attnum = att->attnum;
	visited = lappend(list_copy(visited), v);

	foreach(lc, anon_fk_referencing(relid, true, true))
	{
		AnonForeignKey *fk = (AnonForeignKey *) lfirst(lc);
		int			i;

		for (i = 0; i < fk->numfks; i++)
		{
			Node	   *pmask;
			Node	   *expr;
			Oid			ptype;
			int32		ptypmod;
			const char *why;

			if (fk->conkey[i] != att->attnum)
				continue;
			anon_rules_add_dependency(top, policy, fk->confrelid);
			if (fk->confrelid == relid && fk->confkey[i] == att->attnum)
				continue;
			pmask = anon_mask_key_rule(fk->confrelid, fk->confkey[i], policy, top,
									   visited, &ptype, &ptypmod);
			if (pmask == NULL)
				continue;
			why = anon_fk_transferable(pmask, fk->confkey[i]);
			if (why != NULL)
				anon_fk_refuse(fk, i, why);
			expr = anon_fk_transfer(pmask, fk->confkey[i], ptype, ptypmod, att);
			if (expr == NULL)
				anon_fk_refuse(fk, i, "There is no assignment cast between the types of the two columns.");
			if (!anon_expression_is_trusted(expr, anon_policy_name(policy)))
				anon_fk_refuse(fk, i, "A cast between the types of the two columns is not trusted.");
			if (result != NULL && !equal(result, expr))
				anon_fk_refuse(fk, i, "The column also references another key, masked differently.");
			result = expr;
		}
	}
	return result;
}

/*
 * A key column with a rule of its own (expr; NULL: NOT MASKED): refused
 * unless each masked key it references is masked the same way.
 */
static void
anon_mask_check_references(Relation rel, Form_pg_attribute att, Node *expr, int policy)
{
	Oid			relid = RelationGetRelid(rel);
	ListCell   *lc;

	foreach(lc, anon_fk_referencing(relid, true, true))
	{
		AnonForeignKey *fk = (AnonForeignKey *) lfirst(lc);
		int			i;

		for (i = 0; i < fk->numfks; i++)
		{
			Node	   *pmask;
			Oid			ptype;
			int32		ptypmod;
			const char *why;

			if (fk->conkey[i] != att->attnum)
				continue;
			anon_rules_add_dependency(relid, policy, fk->confrelid);
			if (fk->confrelid == relid && fk->confkey[i] == att->attnum)
				continue;
			pmask = anon_mask_key_rule(fk->confrelid, fk->confkey[i], policy, relid,
									   NIL, &ptype, &ptypmod);
			if (pmask == NULL)
				continue;
			why = anon_fk_mask_refusal(expr, att->attnum, pmask, fk->confkey[i]);
			if (why != NULL)
				anon_fk_refuse(fk, i, why);
		}
	}
}

/* has column attnum of relid a rule, or does it take one along a key? */
static bool
anon_mask_key_has_rule(Oid relid, AttrNumber attnum, int policy, Oid top, List *visited)
{
	AnonLabel	rule;
	bool		own;
	AnonKeyVisit *v;
	ListCell   *lc;
	bool		dangling = false;

	check_stack_depth();
	rule = anon_mask_find_rule(relid, attnum, policy, &own, 0);
	if (rule.kind == ANON_LABEL_MASKED_FUNCTION || rule.kind == ANON_LABEL_MASKED_VALUE)
		return true;
	if (rule.kind != ANON_LABEL_INVALID || anon_mask_key_visited(visited, relid, attnum))
		return false;
	v = palloc(sizeof(AnonKeyVisit));
	v->relid = relid;
	v->attnum = attnum;
	visited = lappend(list_copy(visited), v);
	foreach(lc, anon_fk_referencing_ext(relid, true, true, &dangling))
	{
		AnonForeignKey *fk = (AnonForeignKey *) lfirst(lc);
		int			i;

		for (i = 0; i < fk->numfks; i++)
		{
			if (fk->conkey[i] != attnum)
				continue;
			anon_rules_add_dependency(top, policy, fk->confrelid);
			if (anon_mask_key_has_rule(fk->confrelid, fk->confkey[i], policy, top, visited))
				return true;
		}
	}
	/* a key that no longer resolves: the masks fail naming it */
	return dangling;
}

/*
 * Does a key column of relid reference a masked key (so that masking must
 * read relid through its masks, which take that key's mask or refuse)?
 * Cached with relid's rules.
 */
static bool
anon_mask_fk_masked(Oid relid, int policy)
{
	int			state = anon_rules_fk_masked(relid, policy);
	bool		result = false;
	bool		dangling = false;
	ListCell   *lc;

	if (state >= 0)
		return state > 0;
	/*
	 * A virtual key that no longer resolves: masked readers go through the
	 * masks, which fail naming it (fail closed); for everyone else this
	 * only says the plan depends on the reader.
	 */
	foreach(lc, anon_fk_referencing_ext(relid, true, true, &dangling))
	{
		AnonForeignKey *fk = (AnonForeignKey *) lfirst(lc);
		int			i;

		anon_rules_add_dependency(relid, policy, fk->confrelid);
		for (i = 0; i < fk->numfks && !result; i++)
			if (anon_mask_key_has_rule(fk->confrelid, fk->confkey[i], policy, relid, NIL))
				result = true;
		if (result)
			break;
	}
	if (dangling)
		result = true;
	anon_rules_set_fk_masked(relid, policy, result);
	return result;
}

/*
 * The masked value of one column of rel for a policy, as an expression over
 * rel (range table entry 1), or NULL when the column is shown as it is: its
 * rule (its own, else an ancestor's), else the privacy-by-default value,
 * under the table's MASKED WHEN condition; a stored generated column
 * without a rule is recomputed from its masked inputs.  when is
 * anon_masked_when(rel, policy), computed once by the caller.
 */
Node *
anon_column_mask(Relation rel, int policy, AttrNumber attnum, Node *when)
{
	Form_pg_attribute att = TupleDescAttr(RelationGetDescr(rel), attnum - 1);
	AnonLabel	rule;
	bool		own = false;
	Node	   *expr;

	if (att->attisdropped)
		return NULL;
	rule = anon_mask_find_rule(RelationGetRelid(rel), attnum, policy, &own, 0);
	if (rule.kind == ANON_LABEL_MASKED_FUNCTION || rule.kind == ANON_LABEL_MASKED_VALUE)
	{
		/* own rules are analysed once and cached; inherited ones per use */
		if (own)
			expr = anon_rules_expression(rel, policy, attnum);
		else
			expr = anon_rules_other_expression(rel, policy, attnum, &rule);
		/* a key column: masked as the key it references, or refused */
		anon_mask_check_references(rel, att, expr, policy);
	}
	else if (rule.kind == ANON_LABEL_INVALID && !att->attgenerated &&
			 (expr = anon_mask_from_references(rel, att, policy,
											   RelationGetRelid(rel), NIL)) != NULL)
	{
		/*
		 * The mask of the key it references, whatever this table's MASKED
		 * WHEN says: a row shown raw would no longer match its parent.
		 */
		return expr;
	}
	else if (rule.kind == ANON_LABEL_NOT_MASKED)
	{
		anon_mask_check_references(rel, att, NULL, policy);
		return NULL;
	}
	else if (att->attgenerated)
	{
		/*
		 * Even under NOT MASKED: the stored value is computed from raw
		 * inputs, and a label on the generated column cannot make the
		 * inputs' masks go away.  Virtual generated columns (PostgreSQL
		 * 18) too: the planner expands them after this hook, over the
		 * relation's raw columns.
		 */
		return anon_mask_generated(rel, att, policy, when);
	}
	else if (rule.kind == ANON_LABEL_INVALID && anon_privacy_by_default &&
			 anon_is_user_relation(RelationGetRelid(rel)))
		expr = anon_privacy_default(rel, att, policy);
	else
		return NULL;
	return anon_mask_when(att, expr, when);
}

/*
 * CASE WHEN <when> THEN <expr> ELSE <the column> END; expr itself when there
 * is no condition.
 */
Node *
anon_mask_when(Form_pg_attribute att, Node *expr, Node *when)
{
	CaseExpr   *c;
	CaseWhen   *w;

	if (when == NULL)
		return expr;

	w = makeNode(CaseWhen);
	w->expr = (Expr *) copyObject(when);
	w->result = (Expr *) expr;
	w->location = -1;
	c = makeNode(CaseExpr);
	c->casetype = att->atttypid;
	c->casecollid = att->attcollation;
	c->args = list_make1(w);
	c->defresult = (Expr *) makeVar(1, att->attnum, att->atttypid, att->atttypmod,
									att->attcollation, 0);
	c->location = -1;
	return (Node *) c;
}

/* the TABLESAMPLE text that applies to relid (own, ancestor's, database's) */
static char *
anon_mask_sample_text(Oid relid, int policy)
{
	char	   *sample = anon_mask_find_table_label(relid, policy, false, 0);
	const char *db;

	/* the database's sample (cached) first: most databases have none */
	if (sample == NULL && (db = anon_database_sample(policy)) != NULL &&
		anon_is_user_relation(relid))
		sample = pstrdup(db);
	return sample;
}

/*
 * The sampling clause that applies to rel for a policy (its own label, else
 * an ancestor's, else the database's), analysed, or NULL.
 */
TableSampleClause *
anon_relation_sample(Relation rel, int policy)
{
	char	   *sample = anon_mask_sample_text(RelationGetRelid(rel), policy);

	if (sample == NULL)
		return NULL;
	return anon_tablesample_analyse(rel, sample, anon_policy_name(policy));
}

/* ---- A whole inheritance tree read through its top ---- */

typedef struct AnonMapContext
{
	Relation	top;
	Relation	member;
} AnonMapContext;

/* Vars of a member (RTE 1) become the same-named Vars of the top */
static Node *
anon_map_to_top_mutator(Node *node, AnonMapContext *ctx)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Var) && ((Var *) node)->varno == 1 &&
		((Var *) node)->varlevelsup == 0 && ((Var *) node)->varattno >= 0)
	{
		Var		   *var = (Var *) copyObject(node);
		AttrNumber	attnum = InvalidAttrNumber;

		if (var->varattno > 0)
			attnum = get_attnum(RelationGetRelid(ctx->top),
								NameStr(TupleDescAttr(RelationGetDescr(ctx->member),
													  var->varattno - 1)->attname));

		/*
		 * The scan of the top shows the top's columns only: a rule of the
		 * member that reads a column of its own (or its whole row) cannot be
		 * computed there.  Refuse rather than show the raw value.
		 */
		if (attnum <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("cannot read \"%s\" as a masked role: a masking rule of its child table \"%s\" reads a column that \"%s\" does not have",
							RelationGetRelationName(ctx->top),
							RelationGetRelationName(ctx->member),
							RelationGetRelationName(ctx->top)),
					 errhint("Query the child table on its own, or write its rules over the parent's columns.")));
		var->varattno = attnum;
		var->varattnosyn = attnum;
		return (Node *) var;
	}
	return expression_tree_mutator(node, anon_map_to_top_mutator, (void *) ctx);
}

/*
 * Could member mask differently from top?  Only if it, or an ancestor of
 * it below top, has labels of its own; else every rule it has comes from
 * top or above (and so does every default, which partitions may have of
 * their own: under privacy by default every member is compared).
 */
static bool
anon_mask_member_differs(Oid member, Oid top, int policy, int depth)
{
	const AnonRelationRules *rules;
	Oid		   *parents;
	int			nparents;
	bool		result = false;
	int			i;

	check_stack_depth();
	if (member == top)
		return false;
	if (anon_privacy_by_default || anon_database_sample(policy) != NULL)
		return true;
	rules = anon_rules_get(member, policy);
	if (rules->nrules > 0 || rules->masked_when != NULL || rules->tablesample != NULL)
		return true;
	nparents = rules->nparents;
	parents = palloc(sizeof(Oid) * Max(1, nparents));
	memcpy(parents, rules->parents, sizeof(Oid) * nparents);
	for (i = 0; i < nparents && !result; i++)
		result = anon_mask_member_differs(parents[i], top, policy, depth + 1);
	pfree(parents);
	return result;
}

/*
 * The scan of top with inh reads the rows of every member of its tree.
 * Each row must be masked by the rules of the table that holds it, which
 * may differ from top's (a partition's own label, an inheritance child's).
 * For each column whose mask differs in some members, the entry becomes
 *
 *		CASE WHEN tableoid = member1 THEN <member1's mask> ...
 *			 ELSE <top's mask> END
 *
 * with each member's mask written over the top's columns: tableoid is the
 * table that holds the row, set by the executor, out of the reader's reach.
 * Samples cannot differ per member (one scan, one sample): refused.
 */
static void
anon_mask_tree(Relation top, int policy, List *tlist)
{
	List	   *members;
	ListCell   *lc;
	TupleDesc	desc = RelationGetDescr(top);
	List	  **whens = palloc0(sizeof(List *) * Max(1, desc->natts));
	char	   *top_sample = NULL;
	bool		top_sample_done = false;
	int			i;

	members = find_all_inheritors(RelationGetRelid(top), AccessShareLock, NULL);
	foreach(lc, members)
	{
		Oid			memberid = lfirst_oid(lc);
		Relation	member;
		List	   *mtlist;
		char	   *sample;
		AnonMapContext ctx;

		if (!anon_mask_member_differs(memberid, RelationGetRelid(top), policy, 0))
			continue;
		member = table_open(memberid, NoLock);
		/* a partitioned table holds no rows of its own */
		if (member->rd_rel->relkind == RELKIND_PARTITIONED_TABLE)
		{
			table_close(member, NoLock);
			continue;
		}
		if (!top_sample_done)
		{
			top_sample = anon_mask_sample_text(RelationGetRelid(top), policy);
			top_sample_done = true;
		}
		sample = anon_mask_sample_text(memberid, policy);
		if ((sample == NULL) != (top_sample == NULL) ||
			(sample != NULL && strcmp(sample, top_sample) != 0))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("cannot read \"%s\" as a masked role: its child table \"%s\" is sampled differently",
							RelationGetRelationName(top), RelationGetRelationName(member)),
					 errhint("Give the child table the TABLESAMPLE label of its parent, or query the child tables one by one.")));

		mtlist = anon_masking_tlist(member, policy, false);
		ctx.top = top;
		ctx.member = member;
		for (i = 0; i < desc->natts; i++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, i);
			TargetEntry *tle = (TargetEntry *) list_nth(tlist, i);
			AttrNumber	mattnum;
			Node	   *mexpr;

			if (att->attisdropped)
				continue;
			mattnum = get_attnum(memberid, NameStr(att->attname));
			if (mattnum <= 0)
				elog(ERROR, "column \"%s\" of \"%s\" missing in child table \"%s\"",
					 NameStr(att->attname), RelationGetRelationName(top),
					 RelationGetRelationName(member));
			mexpr = (Node *) ((TargetEntry *) list_nth(mtlist, mattnum - 1))->expr;
			mexpr = anon_map_to_top_mutator(mexpr, &ctx);
			if (equal(mexpr, tle->expr))
				continue;
			whens[i] = lappend(whens[i], list_make2(makeConst(OIDOID, -1, InvalidOid,
															  sizeof(Oid),
															  ObjectIdGetDatum(memberid),
															  false, true),
													 mexpr));
		}
		table_close(member, NoLock);
	}

	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		TargetEntry *tle = (TargetEntry *) list_nth(tlist, i);
		CaseExpr   *c;
		ListCell   *wc;

		if (whens[i] == NIL)
			continue;
		c = makeNode(CaseExpr);
		c->casetype = att->atttypid;
		c->casecollid = att->attcollation;
		foreach(wc, whens[i])
		{
			List	   *pair = (List *) lfirst(wc);
			CaseWhen   *w = makeNode(CaseWhen);
			Var		   *tableoid = makeVar(1, TableOidAttributeNumber, OIDOID, -1,
										   InvalidOid, 0);
			OpExpr	   *eq;

			eq = (OpExpr *) make_opclause(ANON_OID_EQ_OPERATOR, BOOLOID, false,
										  (Expr *) tableoid, (Expr *) linitial(pair),
										  InvalidOid, InvalidOid);
			eq->opfuncid = F_OIDEQ;
			w->expr = (Expr *) eq;
			w->result = (Expr *) lsecond(pair);
			w->location = -1;
			c->args = lappend(c->args, w);
		}
		c->defresult = tle->expr;
		c->location = -1;
		tle->expr = (Expr *) c;
	}
}

/*
 * The masking target list of rel for a policy: one entry per attribute, in
 * attribute order, the masked value or the plain column, as expressions
 * over rel as range table entry 1.  inh: the scan reads rel's whole tree,
 * each member's rows masked by the member's rules (anon_mask_tree).
 */
List *
anon_masking_tlist(Relation rel, int policy, bool inh)
{
	TupleDesc	desc = RelationGetDescr(rel);
	List	   *tlist = NIL;
	Node	   *when = anon_masked_when(rel, policy);
	int			i;

	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		Node	   *expr;

		if (att->attisdropped)
			expr = anon_dropped_column_placeholder(att);
		else
		{
			expr = anon_column_mask(rel, policy, att->attnum, when);
			if (expr == NULL)
				expr = (Node *) makeVar(1, att->attnum, att->atttypid, att->atttypmod,
										att->attcollation, 0);
		}
		tlist = lappend(tlist,
						makeTargetEntry((Expr *) expr, att->attnum,
										att->attisdropped ? NULL :
										pstrdup(NameStr(att->attname)),
										false));
	}
	if (inh && rel->rd_rel->relhassubclass)
		anon_mask_tree(rel, policy, tlist);
	return tlist;
}

/* ---- Static masking: the rules of one physical table ---- */

/* the direct parents of relid (partition parent or inheritance parents) */
List *
anon_mask_parents(Oid relid)
{
	Relation	inh = table_open(InheritsRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	List	   *parents = NIL;

	ScanKeyInit(&key, Anum_pg_inherits_inhrelid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(inh, InheritsRelidSeqnoIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
		parents = lappend_oid(parents, ((Form_pg_inherits) GETSTRUCT(tup))->inhparent);
	systable_endscan(scan);
	table_close(inh, AccessShareLock);
	return parents;
}

/*
 * A neutral value written into a domain column must satisfy the domain:
 * coerced into it, with its constraints checked for trust first (they run
 * as the table's owner, but the rule of the road is the same for every
 * expression a masking run evaluates).
 */
static Node *
anon_mask_static_domain(Relation rel, Form_pg_attribute att, Node *expr, int policy)
{
	Node	   *coerced;

	if (get_typtype(att->atttypid) != TYPTYPE_DOMAIN || !IsA(expr, Const) ||
		!DomainHasConstraints(att->atttypid))
		return expr;
	((Const *) expr)->consttype = getBaseType(att->atttypid);
	coerced = coerce_to_domain(expr, InvalidOid, -1, att->atttypid,
							   COERCION_ASSIGNMENT, COERCE_IMPLICIT_CAST, -1, false);
	if (!anon_expression_is_trusted(coerced, anon_policy_name(policy)))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("cannot mask column \"%s\" of table \"%s\": its domain %s or the functions of its constraints are not trusted",
						NameStr(att->attname), RelationGetRelationName(rel),
						format_type_be(att->atttypid)),
				 errhint("Give the column a masking rule, or define the domain's functions in a schema labelled TRUSTED.")));
	return coerced;
}

/*
 * The masking of one physical table (relation open and locked), with the
 * expressions analysed; NULL when nothing is to be masked.  A column takes
 * its rule (its own label, else an ancestor's), else, with privacy by
 * default, its privacy-by-default value unless it is labelled NOT MASKED;
 * the table's MASKED WHEN condition (else an ancestor's) limits both to
 * the rows it selects, as for dynamic masking.  only_column restricts the
 * masking to one column; override_expr replaces its rule (static noise
 * operations), with no condition.  Stored generated columns are not
 * written here: the rewrite (or UPDATE) recomputes them from the masked
 * values, so their generation expression must pass the trust check when
 * it reads a masked column.
 */
AnonStaticTable *
anon_mask_table(Relation rel, int policy, const char *only_column,
				const char *override_expr)
{
	TupleDesc	desc = RelationGetDescr(rel);
	AnonStaticTable *t = palloc0(sizeof(AnonStaticTable));
	AttrNumber	only = InvalidAttrNumber;
	Bitmapset  *masked = NULL;
	bool		by_default;
	Node	   *when = NULL;
	int			i;

	if (only_column)
	{
		only = get_attnum(RelationGetRelid(rel), only_column);
		if (only <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"%s\" of relation \"%s\" does not exist",
							only_column, RelationGetRelationName(rel))));
	}
	by_default = override_expr == NULL && anon_privacy_by_default &&
		anon_is_user_relation(RelationGetRelid(rel));
	if (override_expr == NULL)
		when = anon_masked_when(rel, policy);

	t->relid = RelationGetRelid(rel);
	t->cols = palloc0(sizeof(AnonStaticColumn) * desc->natts);
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		AnonStaticColumn *c;
		AnonLabel	label;
		bool		own;
		Node	   *expr;

		if (att->attisdropped || (only > 0 && att->attnum != only))
			continue;
		if (override_expr)
		{
			label.kind = ANON_LABEL_MASKED_FUNCTION;
			label.expr = pstrdup(override_expr);
		}
		else
			label = anon_mask_find_rule(RelationGetRelid(rel), att->attnum,
										policy, &own, 0);
		if (label.kind == ANON_LABEL_MASKED_FUNCTION ||
			label.kind == ANON_LABEL_MASKED_VALUE)
		{
			if (att->attgenerated)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("cannot mask generated column \"%s\" of table \"%s\"",
								NameStr(att->attname), RelationGetRelationName(rel)),
						 errdetail("A generated column is recomputed from the masked columns it depends on."),
						 errhint("Remove the masking rule of column \"%s\" and mask the columns it is computed from.",
								 NameStr(att->attname))));
			expr = anon_rule_analyse(rel, att->attnum, &label,
									 anon_policy_name(policy));
			/* a key column: masked as the key it references, or refused */
			if (override_expr == NULL)
				anon_mask_check_references(rel, att, expr, policy);
		}
		else if (label.kind == ANON_LABEL_INVALID && !att->attgenerated &&
				 (expr = anon_mask_from_references(rel, att, policy,
												   RelationGetRelid(rel), NIL)) != NULL)
		{
			/* the mask of the key it references, whatever MASKED WHEN says */
			c = &t->cols[t->ncols++];
			c->attnum = att->attnum;
			c->attname = pstrdup(NameStr(att->attname));
			c->label.kind = ANON_LABEL_MASKED_FUNCTION;
			c->label.expr = NULL;
			c->expr = expr;
			masked = bms_add_member(masked, att->attnum);
			continue;
		}
		else if (label.kind == ANON_LABEL_NOT_MASKED)
		{
			anon_mask_check_references(rel, att, NULL, policy);
			continue;
		}
		else if (label.kind == ANON_LABEL_INVALID && by_default &&
				 !att->attgenerated)
		{
			/* privacy by default; generated columns follow their inputs */
			expr = anon_privacy_default(rel, att, policy);
			expr = anon_mask_static_domain(rel, att, expr, policy);
			label.kind = ANON_LABEL_MASKED_VALUE;
			label.expr = NULL;
		}
		else
			continue;

		c = &t->cols[t->ncols++];
		c->attnum = att->attnum;
		c->attname = pstrdup(NameStr(att->attname));
		c->label = label;
		c->expr = anon_mask_when(att, expr, when);
		masked = bms_add_member(masked, att->attnum);
	}
	if (t->ncols == 0)
		return NULL;

	/*
	 * The generated columns recomputed from masked columns run their
	 * generation expression in this masking run: it passes the trust check
	 * of a rule, or the run is refused (it cannot be masked otherwise).
	 */
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		Node	   *gen;
		Bitmapset  *inputs = NULL;
		int			k = -1;
		bool		reads_masked = false;

		if (att->attisdropped || att->attgenerated != ATTRIBUTE_GENERATED_STORED)
			continue;
		gen = build_column_default(rel, att->attnum);
		pull_varattnos(gen, 1, &inputs);
		while ((k = bms_next_member(inputs, k)) >= 0)
			if (bms_is_member(k + FirstLowInvalidHeapAttributeNumber, masked))
				reads_masked = true;
		if (reads_masked && !anon_expression_is_trusted(gen, anon_policy_name(policy)))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("cannot mask table \"%s\": generated column \"%s\" is computed from a masked column by functions that are not trusted",
							RelationGetRelationName(rel), NameStr(att->attname)),
					 errhint("Compute the column with functions of pg_catalog, anon or a schema labelled TRUSTED, or drop it before masking.")));
	}
	return t;
}

/* ---- SQL functions ---- */

/*
 * The SQL of the masking view of a relation for a policy, with every name
 * qualified.  keyed: each volatile rule that reads the row draws from the
 * stream of its row (anon_noise_seed_tlist), as a masked reader's does.
 * fname names the SQL function called, for the refusal's hint.
 */
char *
anon_masking_view_text(Oid relid, const char *policy, bool keyed,
					   const char *fname)
{
	int			pidx = anon_policy_index(policy);
	Relation	rel;
	TupleDesc	desc;
	List	   *dpcontext;
	List	   *tlist = NIL;
	ListCell   *lc;
	StringInfoData buf;
	Node	   *when;
	int			save_nestlevel;
	bool		first = true;
	int			i;

	/* the view holds the rules' constants, which masked roles must not read */
	if (anon_reader_policy() >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("masked roles cannot read masking rules"),
				 errdetail("Masking rules may hold constants, such as salts, that a masked role must not read."),
				 errhint("Call %s as a role that is not labelled MASKED.", fname)));
	if (pidx < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("masking policy \"%s\" does not exist", policy),
				 errhint("Policies are listed by anon.policies().")));

	rel = table_open(relid, AccessShareLock);
	desc = RelationGetDescr(rel);
	dpcontext = deparse_context_for(RelationGetRelationName(rel), relid);

	/* qualify every function name that is not in pg_catalog */
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);

	when = anon_masked_when(rel, pidx);
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		Node	   *mask;

		if (att->attisdropped)
			continue;
		mask = anon_column_mask(rel, pidx, att->attnum, when);
		if (mask != NULL)
			tlist = lappend(tlist, makeTargetEntry((Expr *) mask, att->attnum,
												   pstrdup(NameStr(att->attname)), false));
	}
	if (keyed)
		tlist = anon_noise_seed_tlist(tlist, rel);

	initStringInfo(&buf);
	appendStringInfoString(&buf, "SELECT ");
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		const char *attname = quote_identifier(NameStr(att->attname));
		TargetEntry *found = NULL;

		if (att->attisdropped)
			continue;
		if (!first)
			appendStringInfoString(&buf, ", ");
		first = false;
		foreach(lc, tlist)
			if (((TargetEntry *) lfirst(lc))->resno == att->attnum)
				found = (TargetEntry *) lfirst(lc);
		if (found != NULL)
			appendStringInfo(&buf, "%s AS %s",
							 deparse_expression((Node *) found->expr, dpcontext, false, false),
							 attname);
		else
			appendStringInfoString(&buf, attname);
	}
	appendStringInfo(&buf, " FROM ONLY %s",
					 quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
												RelationGetRelationName(rel)));
	AtEOXact_GUC(true, save_nestlevel);
	table_close(rel, AccessShareLock);
	return buf.data;
}

PG_FUNCTION_INFO_V1(anon_masking_view_sql);

/*
 * anon.masking_view(relid, policy): the SQL of the masking view of a
 * relation for a policy, with every name qualified.
 */
Datum
anon_masking_view_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(anon_masking_view_text(PG_GETARG_OID(0),
															text_to_cstring(PG_GETARG_TEXT_PP(1)),
															false,
															"anon.masking_view()")));
}
