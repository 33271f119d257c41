/*-------------------------------------------------------------------------
 *
 * mask.h
 *		The masking core: the masked expression of a column, of a relation,
 *		for a policy.  Every path that shows or writes masked data (dynamic
 *		masking, static masking, masked copies, masked replication, the DP
 *		guard) asks here.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_MASK_H
#define ANON_MASK_H

#include "catalog/pg_attribute.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "nodes/primnodes.h"
#include "utils/rel.h"

#include "label.h"

/* define anon.privacy_by_default */
extern void anon_mask_init(void);

/*
 * Privacy by default (GUC anon.privacy_by_default): the value a column
 * without a rule takes, for user relations (not catalogs, temporary tables
 * or anon's own).
 */
extern PGDLLIMPORT bool anon_privacy_by_default;
extern bool anon_is_user_relation(Oid relid);
extern Node *anon_privacy_default(Relation rel, Form_pg_attribute att, int policy);

/*
 * Must a reader masked by policy read relid through its masks?  Its own
 * rules and its ancestors' count; with inh (the scan reads the whole
 * inheritance tree) its descendants' too.
 */
extern bool anon_mask_needs_masking(Oid relid, int policy, bool inh);

/* does relid, read on its own, need masking for any policy? */
extern bool anon_mask_has_rules(Oid relid);

/*
 * For the DP guard: is relid labelled (any column label, QUASI-IDENTIFIER,
 * PRIVACY UNIT), by itself, an ancestor, or with inh a descendant?  Its
 * PRIVACY UNIT column, its own or an ancestor's (by name), or 0.
 */
extern bool anon_mask_is_labelled(Oid relid, int policy, bool inh);
extern Oid	anon_mask_matview_source(Oid relid, int policy, bool labelled);
extern AttrNumber anon_mask_privacy_unit(Oid relid, int policy);

/*
 * Add the ancestors of every relation of *relids to it (a plan reading a
 * partition depends on its parents' labels).
 */
extern void anon_mask_add_ancestors(List **relids, int policy);

/*
 * What masking does to one column of rel for a policy (its rule, its own
 * or an ancestor's, else the privacy-by-default value, under the table's
 * MASKED WHEN condition; a stored generated column recomputed from its
 * masked inputs), as an expression over rel as range table entry 1; NULL:
 * shown as it is.  when is anon_masked_when(rel, policy).
 */
extern Node *anon_masked_when(Relation rel, int policy);
extern Node *anon_masked_when_condition(Relation rel, const char *condition, int policy);
extern Node *anon_column_mask(Relation rel, int policy, AttrNumber attnum, Node *when);

/* CASE WHEN when THEN expr ELSE <the column> END (expr if when is NULL) */
extern Node *anon_mask_when(Form_pg_attribute att, Node *expr, Node *when);

/*
 * The masking target list of rel: one entry per attribute, in attribute
 * order (dropped columns as typed NULLs), the masked value or the plain
 * column, over rel as range table entry 1.  inh: the scan reads rel's whole
 * inheritance tree, and each row is masked by the rules of the member that
 * holds it.
 */
extern List *anon_masking_tlist(Relation rel, int policy, bool inh);

/* rel's sampling clause (its label, an ancestor's, the database's), or NULL */
extern TableSampleClause *anon_relation_sample(Relation rel, int policy);

/* the direct parents of relid (partition parent or inheritance parents) */
extern List *anon_mask_parents(Oid relid);

/* One masked column of one physical table, for static masking */
typedef struct AnonStaticColumn
{
	AttrNumber	attnum;
	char	   *attname;
	AnonLabel	label;			/* kind and expression text (copied) */
	Node	   *expr;			/* analysed against the table; Vars on RTE 1 */
} AnonStaticColumn;

/* The masking to apply to one physical table */
typedef struct AnonStaticTable
{
	Oid			relid;
	int			ncols;
	AnonStaticColumn *cols;		/* sorted by attnum */
} AnonStaticTable;

/*
 * What static masking writes into each column of rel for a policy (rules,
 * its own or inherited, privacy by default, MASKED WHEN), analysed; NULL
 * if nothing is masked.  only_column: that column only; override_expr:
 * that expression instead of its rule.  Runs the analysis as the caller
 * (call it as the table's owner).
 */
extern AnonStaticTable *anon_mask_table(Relation rel, int policy,
										const char *only_column,
										const char *override_expr);

/*
 * The SQL of the masking view of relid for a policy (anon.masking_view);
 * keyed: its row-reading volatile rules draw from their rows' streams.
 */
extern char *anon_masking_view_text(Oid relid, const char *policy, bool keyed,
									const char *fname);

#endif							/* ANON_MASK_H */
