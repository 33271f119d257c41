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
 * For a relation: one such expression per attribute (the masking target
 * list, over the relation as range table entry 1), and the sampling clause
 * of its TABLESAMPLE label (else the database's).
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
#include "access/table.h"
#include "access/transam.h"
#include "catalog/heap.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_type.h"
#include "rewrite/rewriteHandler.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"

#include "anon.h"
#include "label.h"
#include "mask.h"
#include "rules.h"

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

/* ---- Which relations are masked ---- */

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

/* must a masked role read relid through a masking subquery? */
bool
anon_mask_needs_masking(Oid relid, int policy)
{
	const AnonRelationRules *rules = anon_rules_get(relid, policy);

	return rules->nmasked > 0 || rules->tablesample != NULL ||
		((anon_database_sample(policy) != NULL || anon_privacy_by_default) &&
		 anon_is_user_relation(relid));
}

/* does the relation have masking rules for any policy? */
bool
anon_mask_has_rules(Oid relid)
{
	int			i;

	for (i = 0; i < anon_policy_count(); i++)
		if (anon_mask_needs_masking(relid, i))
			return true;
	return false;
}

/* two rules are the same if their labels are */
static bool
anon_same_rules(Relation parent, const AnonRelationRules *prules,
				Relation child, const AnonRelationRules *crules)
{
	int			i;

	if (prules->nmasked != crules->nmasked ||
		(prules->masked_when == NULL) != (crules->masked_when == NULL) ||
		(prules->masked_when && strcmp(prules->masked_when, crules->masked_when) != 0))
		return false;
	for (i = 0; i < crules->nrules; i++)
	{
		const AnonColumnRule *crule = &crules->rules[i];
		const char *attname;
		AttrNumber	pattnum;
		const AnonColumnRule *prule;

		if (crule->kind == ANON_LABEL_NOT_MASKED)
			continue;
		attname = NameStr(TupleDescAttr(RelationGetDescr(child), crule->attnum - 1)->attname);
		pattnum = get_attnum(RelationGetRelid(parent), attname);
		prule = pattnum > 0 ? anon_rules_column(prules, pattnum) : NULL;
		if (prule == NULL || strcmp(prule->label, crule->label) != 0)
			return false;
	}
	return true;
}

/*
 * An inheritance tree is read through the rules of its root: every member
 * must carry the same rules (by column name), otherwise the members whose
 * rules differ could not be masked by one subquery; the query fails.
 */
void
anon_mask_check_inheritance(Relation rel, int policy)
{
	List	   *children;
	ListCell   *lc;
	const AnonRelationRules *prules = anon_rules_get(RelationGetRelid(rel), policy);

	if (!rel->rd_rel->relhassubclass)
		return;
	children = find_all_inheritors(RelationGetRelid(rel), AccessShareLock, NULL);
	foreach(lc, children)
	{
		Oid			childid = lfirst_oid(lc);
		Relation	child;
		bool		same;

		if (childid == RelationGetRelid(rel))
			continue;
		child = table_open(childid, NoLock);
		same = anon_same_rules(rel, prules, child, anon_rules_get(childid, policy));
		table_close(child, NoLock);
		if (!same)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("cannot read \"%s\" as a masked role: its child table \"%s\" has different masking rules",
							RelationGetRelationName(rel), get_rel_name(childid)),
					 errdetail("Rows of an inheritance tree or partitioned table are masked with the rules of the table named in the query."),
					 errhint("Give every partition or child table the same labels as its parent, or query the child tables one by one.")));
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
 * Privacy by default: the value a column without a rule shows.  NULL where
 * the column allows it, else its default (unless volatile: a sequence must
 * not move on a read), else a neutral value of its type.
 */
Node *
anon_privacy_default(Relation rel, Form_pg_attribute att)
{
	Node	   *def;
	Oid			basetype;
	char		category;
	bool		preferred;
	const char *neutral = NULL;
	Oid			typinput;
	Oid			typioparam;

	if (!att->attnotnull)
		return (Node *) makeNullConst(att->atttypid, att->atttypmod, att->attcollation);
	def = build_column_default(rel, att->attnum);
	if (def != NULL && !contain_volatile_functions(def))
		return def;

	basetype = getBaseType(att->atttypid);
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
	getTypeInputInfo(att->atttypid, &typinput, &typioparam);
	return (Node *) makeConst(att->atttypid, att->atttypmod, att->attcollation,
							  att->attlen,
							  OidInputFunctionCall(typinput, (char *) neutral,
												   typioparam, att->atttypmod),
							  false, att->attbyval);
}

/* the MASKED WHEN condition of rel as "cond IS NOT FALSE", or NULL */
Node *
anon_masked_when(Relation rel, int policy)
{
	const AnonRelationRules *rules = anon_rules_get(RelationGetRelid(rel), policy);

	if (rules->masked_when == NULL)
		return NULL;
	return anon_masked_when_condition(rel, rules->masked_when, policy);
}

/*
 * A MASKED WHEN condition (label text) analysed against rel, as
 * <condition> IS NOT FALSE: a NULL condition masks (never fails open).
 */
Node *
anon_masked_when_condition(Relation rel, const char *condition, int policy)
{
	AnonLabel	label;
	BooleanTest *bt;

	label.kind = ANON_LABEL_TABLE_MASKED_WHEN;
	label.expr = pstrdup(condition);
	bt = makeNode(BooleanTest);
	bt->arg = (Expr *) anon_rule_analyse(rel, 0, &label, anon_policy_name(policy));
	bt->booltesttype = IS_NOT_FALSE;
	bt->location = -1;
	return (Node *) bt;
}

/*
 * The masked value of one column of rel for a policy, as an expression over
 * rel (range table entry 1), or NULL when the column is shown as it is: its
 * rule, else the privacy-by-default value, under the table's MASKED WHEN
 * condition.  when is anon_masked_when(rel, policy), computed once by the
 * caller.  Static masking asks the same question.
 */
Node *
anon_column_mask(Relation rel, int policy, AttrNumber attnum, Node *when)
{
	Form_pg_attribute att = TupleDescAttr(RelationGetDescr(rel), attnum - 1);
	const AnonColumnRule *rule;
	Node	   *expr;

	if (att->attisdropped)
		return NULL;
	rule = anon_rules_column(anon_rules_get(RelationGetRelid(rel), policy), attnum);
	if (rule != NULL && rule->kind != ANON_LABEL_NOT_MASKED)
		expr = anon_rules_expression(rel, policy, attnum);
	else if (rule == NULL && anon_privacy_by_default &&
			 anon_is_user_relation(RelationGetRelid(rel)))
		expr = anon_privacy_default(rel, att);
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

/*
 * The sampling clause that applies to rel for a policy (its own label, else
 * the database's), analysed, or NULL.
 */
TableSampleClause *
anon_relation_sample(Relation rel, int policy)
{
	const char *sample = anon_rules_get(RelationGetRelid(rel), policy)->tablesample;

	if (sample == NULL && anon_is_user_relation(RelationGetRelid(rel)))
		sample = anon_database_sample(policy);
	if (sample == NULL)
		return NULL;
	return anon_tablesample_analyse(rel, sample, anon_policy_name(policy));
}

/*
 * The masking target list of rel for a policy: one entry per attribute, in
 * attribute order, the masked value or the plain column, as expressions
 * over rel as range table entry 1.
 */
List *
anon_masking_tlist(Relation rel, int policy)
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
 * Fill labels[attnum - 1] of relid's descriptor (natts columns) with the
 * labels that apply to it: its own, then its ancestors' for the columns
 * still unset.  NOT MASKED counts as set (it overrides an ancestor).
 */
static void
anon_mask_collect_labels(Oid relid, Oid target, int natts, AnonLabel *labels,
						   int policy, int depth)
{
	const AnonRelationRules *rules;
	List	   *parents;
	ListCell   *lc;
	int			i;

	check_stack_depth();
	rules = anon_rules_get(relid, policy);
	for (i = 0; i < rules->nrules; i++)
	{
		const AnonColumnRule *r = &rules->rules[i];
		AttrNumber	att = r->attnum;

		if (relid != target)
		{
			char	   *name = get_attname(relid, r->attnum, true);

			att = name ? get_attnum(target, name) : InvalidAttrNumber;
		}
		if (att <= 0 || att > natts || labels[att - 1].kind != ANON_LABEL_INVALID)
			continue;
		labels[att - 1].kind = r->kind;
		labels[att - 1].expr = r->parsed.expr ? pstrdup(r->parsed.expr) : NULL;
	}
	parents = anon_mask_parents(relid);
	foreach(lc, parents)
		anon_mask_collect_labels(lfirst_oid(lc), target, natts, labels,
								   policy, depth + 1);
}

/*
 * The MASKED WHEN condition that applies to rel: its own, else its nearest
 * ancestor's (analysed against rel, by column name), or NULL.
 */
static Node *
anon_mask_inherited_when(Relation rel, Oid relid, int policy, int depth)
{
	const AnonRelationRules *rules;
	List	   *parents;
	ListCell   *lc;

	check_stack_depth();
	rules = anon_rules_get(relid, policy);
	if (rules->masked_when != NULL)
		return anon_masked_when_condition(rel, rules->masked_when, policy);
	parents = anon_mask_parents(relid);
	foreach(lc, parents)
	{
		Node	   *when = anon_mask_inherited_when(rel, lfirst_oid(lc), policy, depth + 1);

		if (when != NULL)
			return when;
	}
	return NULL;
}

/*
 * The masking of one physical table (relation open and locked), with the
 * expressions analysed; NULL when nothing is to be masked.  A column takes
 * its rule (its own label, else an ancestor's), else, with privacy by
 * default, its privacy-by-default value unless it is labelled NOT MASKED;
 * the table's MASKED WHEN condition (else an ancestor's) limits both to
 * the rows it selects, as for dynamic masking.  only_column
 * restricts the masking to one column; override_expr replaces its rule
 * (static noise operations), with no condition.
 */
AnonStaticTable *
anon_mask_table(Relation rel, int policy, const char *only_column,
				const char *override_expr)
{
	TupleDesc	desc = RelationGetDescr(rel);
	AnonLabel  *labels = palloc0(sizeof(AnonLabel) * desc->natts);
	AnonStaticTable *t = palloc0(sizeof(AnonStaticTable));
	AttrNumber	only = InvalidAttrNumber;
	bool		by_default;
	Node	   *when = NULL;
	int			i;

	anon_mask_collect_labels(RelationGetRelid(rel), RelationGetRelid(rel),
							   desc->natts, labels, policy, 0);
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
		when = anon_mask_inherited_when(rel, RelationGetRelid(rel), policy, 0);

	t->relid = RelationGetRelid(rel);
	t->cols = palloc0(sizeof(AnonStaticColumn) * desc->natts);
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		AnonStaticColumn *c;
		Node	   *expr;

		if (att->attisdropped || (only > 0 && att->attnum != only))
			continue;
		if (override_expr)
		{
			labels[i].kind = ANON_LABEL_MASKED_FUNCTION;
			labels[i].expr = pstrdup(override_expr);
		}
		if (labels[i].kind == ANON_LABEL_MASKED_FUNCTION ||
			labels[i].kind == ANON_LABEL_MASKED_VALUE)
		{
			if (att->attgenerated)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("cannot mask generated column \"%s\" of table \"%s\"",
								NameStr(att->attname), RelationGetRelationName(rel)),
						 errdetail("A generated column is recomputed from the masked columns it depends on."),
						 errhint("Remove the masking rule of column \"%s\" and mask the columns it is computed from.",
								 NameStr(att->attname))));
			expr = anon_rule_analyse(rel, att->attnum, &labels[i],
									 anon_policy_name(policy));
		}
		else if (labels[i].kind == ANON_LABEL_INVALID && by_default &&
				 !att->attgenerated)
		{
			/* privacy by default; generated columns follow their inputs */
			expr = anon_privacy_default(rel, att);
			labels[i].kind = ANON_LABEL_MASKED_VALUE;
		}
		else
			continue;

		c = &t->cols[t->ncols++];
		c->attnum = att->attnum;
		c->attname = pstrdup(NameStr(att->attname));
		c->label = labels[i];
		c->expr = anon_mask_when(att, expr, when);
	}
	if (t->ncols == 0)
		return NULL;
	return t;
}

/* ---- SQL functions ---- */

PG_FUNCTION_INFO_V1(anon_masking_view_sql);

/*
 * anon.masking_view(relid, policy): the SQL of the masking view of a
 * relation for a policy, with every name qualified.
 */
Datum
anon_masking_view_sql(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	char	   *policy = text_to_cstring(PG_GETARG_TEXT_PP(1));
	int			pidx = anon_policy_index(policy);
	Relation	rel;
	TupleDesc	desc;
	List	   *dpcontext;
	StringInfoData buf;
	Node	   *when;
	int			save_nestlevel;
	bool		first = true;
	int			i;

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
	initStringInfo(&buf);
	appendStringInfoString(&buf, "SELECT ");
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		Node	   *mask;
		const char *attname = quote_identifier(NameStr(att->attname));

		if (att->attisdropped)
			continue;
		if (!first)
			appendStringInfoString(&buf, ", ");
		first = false;
		mask = anon_column_mask(rel, pidx, att->attnum, when);
		if (mask != NULL)
			appendStringInfo(&buf, "%s AS %s",
							 deparse_expression(mask, dpcontext, false, false),
							 attname);
		else
			appendStringInfoString(&buf, attname);
	}
	appendStringInfo(&buf, " FROM ONLY %s",
					 quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
												RelationGetRelationName(rel)));
	AtEOXact_GUC(true, save_nestlevel);
	table_close(rel, AccessShareLock);
	PG_RETURN_TEXT_P(cstring_to_text(buf.data));
}
