/*-------------------------------------------------------------------------
 *
 * label.h
 *		The policy language: parsing and validation of anon's security
 *		labels, and the registered policies (label providers).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_LABEL_H
#define ANON_LABEL_H

#include "nodes/nodes.h"
#include "nodes/pg_list.h"
#include "utils/relcache.h"

/* What a label says, once parsed */
typedef enum AnonLabelKind
{
	ANON_LABEL_INVALID = 0,
	/* columns */
	ANON_LABEL_MASKED_FUNCTION,	/* MASKED WITH FUNCTION <expr> */
	ANON_LABEL_MASKED_VALUE,	/* MASKED WITH VALUE <constant> */
	ANON_LABEL_NOT_MASKED,		/* NOT MASKED */
	ANON_LABEL_QUASI_IDENTIFIER,	/* QUASI-IDENTIFIER, INDIRECT IDENTIFIER */
	ANON_LABEL_PRIVACY_UNIT,	/* PRIVACY UNIT: rows of one person */
	/* roles */
	ANON_LABEL_ROLE_MASKED,		/* MASKED */
	ANON_LABEL_ROLE_DP,			/* DIFFERENTIAL PRIVACY */
	/* schemas */
	ANON_LABEL_SCHEMA_TRUSTED,	/* TRUSTED */
	/* tables */
	ANON_LABEL_TABLE_MASKED_WHEN,	/* MASKED WHEN <condition> */
	ANON_LABEL_TABLESAMPLE,		/* TABLESAMPLE method(args) [REPEATABLE (seed)] */
	/* functions */
	ANON_LABEL_FUNCTION_RESTRICTED	/* RESTRICTED: masked roles cannot call it */
} AnonLabelKind;

typedef struct AnonLabel
{
	AnonLabelKind kind;
	char	   *expr;			/* the expression as written, for MASKED WITH */
} AnonLabel;

/* label.c: the second provider, for PostgreSQL Anonymizer's k-anonymity labels */
#define ANON_KANON_PROVIDER "k_anonymity"

/* register the label providers and the anon.masking_policies GUC */
extern void anon_label_init(void);

/* names of the registered policies; the first is always "anon" */
extern int	anon_policy_count(void);
extern const char *anon_policy_name(int i);
extern int	anon_policy_index(const char *name);	/* -1 if unknown */

/* classify a label's text (no catalog access); ANON_LABEL_INVALID if unknown */
extern AnonLabel anon_label_parse(const char *label);

/*
 * Analyse the expression of a MASKED WITH rule of column attnum of rel for
 * the given policy (attnum 0: the MASKED WHEN condition of the table,
 * label kind ANON_LABEL_TABLE_MASKED_WHEN, a boolean): parsed as exactly one expression under a fixed
 * search_path, coerced to the column's type, and every function it runs
 * checked against the policy's trusted schemas.  Vars refer to rel as range
 * table entry 1.  Raises an error naming the column on any failure.
 */
extern Node *anon_rule_analyse(Relation rel, AttrNumber attnum,
							   const AnonLabel *label, const char *policy);

/*
 * The sampling clause of a TABLESAMPLE label on rel (or on the database,
 * applied to rel), analysed; without REPEATABLE the seed is drawn from the
 * CSPRNG each time the scan starts.
 */
struct TableSampleClause;
extern struct TableSampleClause *anon_tablesample_analyse(Relation rel, const char *sample,
														  const char *policy);

/*
 * Does an analysed expression run only code trusted for the policy (the
 * same check as a rule's)?  mask.c asks it of column defaults, generation
 * expressions and domain defaults before it evaluates them.
 */
extern bool anon_expression_is_trusted(Node *expr, const char *policy);

/* is the schema trusted for masking rules of the policy? */
extern bool anon_schema_is_trusted(Oid nspid, const char *policy);

#endif							/* ANON_LABEL_H */
