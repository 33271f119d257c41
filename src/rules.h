/*-------------------------------------------------------------------------
 *
 * rules.h
 *		Masking rules of a relation for a policy, and the labels of roles,
 *		cached per backend.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_RULES_H
#define ANON_RULES_H

#include "utils/rel.h"

#include "label.h"

/* One labelled column of a relation, for one policy */
typedef struct AnonColumnRule
{
	AttrNumber	attnum;
	AnonLabelKind kind;			/* MASKED_FUNCTION, MASKED_VALUE or NOT_MASKED */
	char	   *label;			/* the label as written */
	AnonLabel	parsed;			/* kind and expression text */
} AnonColumnRule;

typedef struct AnonRelationRules
{
	Oid			relid;
	int			policy;			/* index for anon_policy_name() */
	int			nrules;			/* masking rules (MASKED WITH / NOT MASKED) */
	AnonColumnRule *rules;		/* sorted by attnum */
	int			nmasked;		/* rules of kind MASKED_FUNCTION / MASKED_VALUE */
	int			nquasi;			/* QUASI-IDENTIFIER columns (any provider) */
	AttrNumber *quasi;			/* their attnums, sorted */
	AttrNumber	privacy_unit;	/* column labelled PRIVACY UNIT, or 0 */
	char	   *masked_when;	/* table label MASKED WHEN: the condition, or NULL */
	char	   *tablesample;	/* table label TABLESAMPLE: the clause, or NULL */
	int			nvirtual;		/* virtual foreign keys (REFERENCES, FOREIGN
								 * KEY labels of provider anon, any policy) */
	AnonColumnRule *virtual_keys;	/* attnum 0: the table's label */
	int			nparents;		/* direct parents (partition or inheritance) */
	Oid		   *parents;		/* their OIDs, in inheritance order */
} AnonRelationRules;

/* register the invalidation callbacks */
extern void anon_rules_init(void);
/* drop every cached rule and role label (a policy was registered) */
extern void anon_rules_invalidate_all(void);

/*
 * The rules of relid for a policy.  Never NULL; valid until the next
 * invalidation is processed, so copy what must outlive a catalog access.
 */
extern const AnonRelationRules *anon_rules_get(Oid relid, int policy);

/* the rule of one column, or NULL */
extern const AnonColumnRule *anon_rules_column(const AnonRelationRules *rules,
											   AttrNumber attnum);

/*
 * The masking target list of relid for a policy as dynamic masking built
 * it (variant: 0, or 1 under privacy by default), cached with the rules
 * until they are invalidated, with the set of its volatile entries
 * (attnum - FirstLowInvalidHeapAttributeNumber); NIL if none is cached.
 * Read-only, and valid only until the next lookup of rules: copy at once.
 */
extern const List *anon_rules_cached_tlist(Oid relid, int policy, int variant,
										   const Bitmapset **volatile_cols);
/* the cached list as it is, without a lookup that may load or free */
extern const List *anon_rules_peek_tlist(Oid relid, int policy, int variant);
extern void anon_rules_cache_tlist(Oid relid, int policy, int variant, List *tlist,
								   Bitmapset *volatile_cols);

/*
 * The analysed (and trust-checked) expression of a column's MASKED WITH
 * rule, cached until a label, function, type or schema changes; a copy.
 */
extern Node *anon_rules_expression(Relation rel, int policy, AttrNumber attnum);

/*
 * The same for an expression of rel that is not its own rule: an
 * ancestor's rule (label) for attnum, or a MASKED WHEN condition (attnum
 * 0), cached under the label's text.
 */
extern Node *anon_rules_other_expression(Relation rel, int policy, AttrNumber attnum,
										 const AnonLabel *label);

/*
 * The masks of relid may read labels of other relations (the key a column
 * references, fk_consistency.c): an invalidation of relation on drops
 * relid's entry too, and a plan reading relid depends on it.
 */
extern void anon_rules_add_dependency(Oid relid, int policy, Oid on);

/* the relations that carry a virtual foreign key label (a catalog scan) */
extern List *anon_rules_virtual_key_relations(void);
extern List *anon_rules_dependencies(Oid relid, int policy);

/*
 * Does a key column of relid take the mask of a key it references
 * (mask.c)?  1 or 0 once mask.c has said so, -1 before; cached with the
 * rules and dropped with them.
 */
extern int	anon_rules_fk_masked(Oid relid, int policy);
extern void anon_rules_set_fk_masked(Oid relid, int policy, bool masked);

/* the database's TABLESAMPLE label for a policy, or NULL */
extern const char *anon_database_sample(int policy);

/* what the function-manager hooks ask of a function, cached (rules.c) */
typedef struct AnonFunctionFacts
{
	bool		sql;			/* LANGUAGE sql */
	Oid			owner;			/* proowner */
	uint32		restricted;		/* bit i: RESTRICTED for policy i */
} AnonFunctionFacts;

/* false if the function does not exist */
extern bool anon_function_facts(Oid funcid, AnonFunctionFacts *facts);

/* is the function labelled RESTRICTED (for policy anon or the given one)? */
extern bool anon_function_is_restricted(Oid funcid, int policy);

/* role labels: index of the first policy for which roleid is MASKED, or -1 */
extern int	anon_role_masking_policy(Oid roleid);
extern int	anon_role_effective_masking_policy(Oid roleid);
/* code written by a masked role runs as that role (hooks.c) */
extern Oid	anon_function_masked_owner(Oid funcid);
extern bool anon_role_is_dp(Oid roleid);

/*
 * A cache for dp_guard.c's anon_dp_role_is_guarded(): -1 when not known;
 * an answer is stored only if no role, function or label changed since
 * generation (anon_rules_generation()) was read, before computing it.
 */
extern int	anon_role_cached_dp_guarded(Oid roleid);
extern void anon_role_cache_dp_guarded(Oid roleid, bool guarded, uint64 generation);
extern uint64 anon_rules_generation(void);
/* is there a schema named anon?  cached until the generation moves */
extern bool anon_rules_anon_schema_exists(void);

/* the policy masking the current query (current, else outer, else session user), or -1 */
extern int	anon_reader_policy(void);
extern int	anon_reader_policy_peek(void);

/* every policy masking a role, and the current reader (bit i: policy i) */
extern uint32 anon_role_masking_policies(Oid roleid);
extern uint32 anon_reader_policies(void);

#endif							/* ANON_RULES_H */
