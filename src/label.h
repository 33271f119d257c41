/*-------------------------------------------------------------------------
 *
 * label.h
 *		The policy language: anon's security labels, parsed from one keyword
 *		table, analysed, and registered as label providers.
 *
 * Externs are grouped by the file that defines them:
 *	 label.c           the grammar (the keyword table and the parser)
 *	 label_analyse.c   analysis of the expressions that labels carry
 *	 label_provider.c  the relabel callbacks: what may be labelled, by whom
 *	 policy.c          the registered policies (one label provider each)
 * What a rule may call is decided in trust.c (trust.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_LABEL_H
#define ANON_LABEL_H

#include "nodes/nodes.h"
#include "nodes/pg_list.h"
#include "catalog/objectaddress.h"
#include "utils/relcache.h"

/*
 * What a label says, once parsed.  Adding a keyword: a value here, a row in
 * label.c's keyword table, and the code that gives it a meaning (see
 * doc/DEVELOPING.md, "How to add a label keyword").
 */
typedef enum AnonLabelKind
{
	ANON_LABEL_INVALID = 0,
	/* columns */
	ANON_LABEL_MASKED_FUNCTION,	/* MASKED WITH FUNCTION <expr> */
	ANON_LABEL_MASKED_VALUE,	/* MASKED WITH VALUE <constant> */
	ANON_LABEL_NOT_MASKED,		/* NOT MASKED */
	ANON_LABEL_QUASI_IDENTIFIER,	/* QUASI-IDENTIFIER, INDIRECT IDENTIFIER */
	ANON_LABEL_PRIVACY_UNIT,	/* PRIVACY UNIT: rows of one person */
	ANON_LABEL_REFERENCES,		/* REFERENCES t [(c)]: a virtual foreign key */
	/* tables (and columns) */
	ANON_LABEL_FOREIGN_KEY,		/* FOREIGN KEY (a, b) REFERENCES t [(x, y)] */
	/* roles */
	ANON_LABEL_ROLE_MASKED,		/* MASKED */
	ANON_LABEL_ROLE_DP,			/* DIFFERENTIAL PRIVACY */
	/* schemas and functions */
	ANON_LABEL_SCHEMA_TRUSTED,	/* TRUSTED: rules may call its functions */
	/* tables */
	ANON_LABEL_TABLE_MASKED_WHEN,	/* MASKED WHEN <condition> */
	ANON_LABEL_TABLESAMPLE,		/* TABLESAMPLE method(args) [REPEATABLE (seed)] */
	/* functions */
	ANON_LABEL_FUNCTION_RESTRICTED	/* RESTRICTED: masked roles cannot call it */
} AnonLabelKind;

/* TRUSTED is also written on single functions */
#define ANON_LABEL_TRUSTED ANON_LABEL_SCHEMA_TRUSTED

typedef struct AnonLabel
{
	AnonLabelKind kind;
	char	   *expr;			/* the text after the keywords, if any */
} AnonLabel;

/* Objects a label may be written on (AnonLabelKeyword.objects) */
#define ANON_ON_COLUMN		0x01
#define ANON_ON_TABLE		0x02
#define ANON_ON_ROLE		0x04
#define ANON_ON_SCHEMA		0x08
#define ANON_ON_FUNCTION	0x10
#define ANON_ON_DATABASE	0x20
#define ANON_ON_KANON		0x40	/* a column, for provider k_anonymity */

/* the second provider, for PostgreSQL Anonymizer's k-anonymity labels */
#define ANON_KANON_PROVIDER "k_anonymity"

/* ---- label.c: the grammar ---- */

/* classify a label's text (no catalog access); ANON_LABEL_INVALID if unknown */
extern AnonLabel anon_label_parse(const char *label);

/* the normalised name of a kind ("MASKED WITH FUNCTION"), NULL if invalid */
extern const char *anon_label_kind_name(AnonLabelKind kind);

/* may a label of this kind be written on that object (ANON_ON_*)? */
extern bool anon_label_allowed_on(AnonLabelKind kind, int object);

/* the labels valid on an object (ANON_ON_*), for hints: "A, B <x>, C" */
extern char *anon_label_syntax_list(int object);

/* ---- label_analyse.c: expressions of labels ---- */

/*
 * Analyse the expression of a MASKED WITH rule of column attnum of rel for
 * the given policy (attnum 0: the MASKED WHEN condition of the table,
 * label kind ANON_LABEL_TABLE_MASKED_WHEN, a boolean): parsed as exactly
 * one expression, names resolved with pg_catalog and anon only, as the
 * table's owner in a security-restricted operation, coerced to the
 * column's type, and everything it runs checked by trust.c.  Vars refer to
 * rel as range table entry 1.  Raises an error naming the table and column
 * on any failure.
 */
extern Node *anon_rule_analyse(Relation rel, AttrNumber attnum,
							   const AnonLabel *label, const char *policy);

/*
 * The sampling clause of a TABLESAMPLE label on rel (or on the database,
 * applied to rel), analysed and checked (constant arguments in range);
 * without REPEATABLE the seed is drawn from the CSPRNG each time the scan
 * starts.
 */
struct TableSampleClause;
extern struct TableSampleClause *anon_tablesample_analyse(Relation rel, const char *sample,
														  const char *policy);

/*
 * Validate an analysed rule of rel now, as a SECURITY LABEL does: constant
 * parts folded and the rule evaluated on one row of the table, as the
 * table's owner inside a security-restricted operation with a read-only
 * transaction, never as the role that writes or imports the label.
 */
extern void anon_rule_validate(Relation rel, AttrNumber attnum, Node *expr,
							   const char *policy);

/* ---- label_provider.c: the relabel callbacks ---- */

/* the callback of every anon policy (policy.c passes the policy's name) */
extern void anon_relabel(const ObjectAddress *object, const char *seclabel,
						 const char *policy);

/* the callback of provider k_anonymity */
extern void anon_kanon_relabel(const ObjectAddress *object, const char *seclabel);

/* ---- policy.c: the registered policies ---- */

/* register the label providers and the anon.masking_policies GUC */
extern void anon_label_init(void);

/* names of the registered policies; the first is always "anon" */
extern int	anon_policy_count(void);
extern const char *anon_policy_name(int i);
extern int	anon_policy_index(const char *name);	/* -1 if unknown */

/* ---- trust.c (see trust.h; declared here too for label.h's users) ---- */
extern bool anon_schema_is_trusted(Oid nspid, const char *policy);

/*
 * Does an analysed expression run only code trusted for the policy (the
 * same check as a rule's)?  mask.c asks it of column defaults, generation
 * expressions and domain defaults before it evaluates them.
 */
extern bool anon_expression_is_trusted(Node *expr, const char *policy);

#endif							/* ANON_LABEL_H */
