/*-------------------------------------------------------------------------
 *
 * label.c
 *		The grammar of anon's security labels: one keyword table, and the
 *		parser and the SQL functions that read labels through it.
 *
 * Every label anon accepts is a row of anon_label_keywords below: the
 * keywords in order, whether an expression follows them, and the objects
 * it may be written on.  The parser, the normalised names shown by
 * anon.label_kind(), the check of which label fits which object (in
 * label_provider.c) and the list of valid labels shown in hints all read
 * this one table, so a new keyword is one row here plus the code that gives
 * it a meaning (doc/DEVELOPING.md, "How to add a label keyword").
 *
 *	 object   label                           meaning
 *	 column   MASKED WITH FUNCTION <expr>     masked value is the expression
 *	 column   MASKED WITH VALUE <constant>    masked value is the constant
 *	 column   NOT MASKED                      this column is safe to show
 *	 column   QUASI-IDENTIFIER                counts for k-anonymity
 *	 column   INDIRECT IDENTIFIER             the same (PostgreSQL Anonymizer)
 *	 column   PRIVACY UNIT                    identifies the person of a row
 *	 column   REFERENCES <table> [(<column>)] a virtual foreign key
 *	 table    FOREIGN KEY (<cols>) REFERENCES <table> [(<cols>)] [, ...]
 *	                                          virtual foreign keys (also on
 *	                                          a column of the key)
 *	 table    MASKED WHEN <condition>         mask only rows matching it
 *	 table    TABLESAMPLE <method> (<args>)   masked roles read a sample
 *	 role     MASKED                          reads through masking
 *	 role     DIFFERENTIAL PRIVACY            may only read DP aggregates
 *	 schema   TRUSTED                         rules may call its functions
 *	 function TRUSTED                         rules may call this function
 *	 function RESTRICTED                      masked roles may not call it
 *	 database TABLESAMPLE <method> (<args>)   default sample of every table
 *
 * Keywords are case-insensitive and separated by white space; the label is
 * stored as written.  Parsing reads no catalog: what the expression after
 * the keywords means is decided by label_analyse.c when the label is
 * written, and again whenever a rule is compiled.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "parser/scansup.h"
#include "utils/builtins.h"

#include "compat.h"
#include "label.h"

/* One label of the language */
typedef struct AnonLabelKeyword
{
	AnonLabelKind kind;
	const char *words[4];		/* the keywords, in order; NULL ends */
	bool		has_expr;		/* an expression (the rest) must follow */
	int			objects;		/* ANON_ON_*: where it may be written */
	const char *name;			/* normalised name (anon.label_kind) */
	const char *syntax;			/* as shown in hints */
} AnonLabelKeyword;

/*
 * The table.  The first row of a kind gives its normalised name.  Rows are
 * tried in order and the first whose keywords all match wins; a row without
 * expression must match the whole label, so "MASKED" (a role) and "MASKED
 * WITH ..." (a column) cannot be confused.
 */
static const AnonLabelKeyword anon_label_keywords[] = {
	{ANON_LABEL_MASKED_FUNCTION, {"MASKED", "WITH", "FUNCTION"}, true,
	ANON_ON_COLUMN, "MASKED WITH FUNCTION", "MASKED WITH FUNCTION <expression>"},
	{ANON_LABEL_MASKED_VALUE, {"MASKED", "WITH", "VALUE"}, true,
	ANON_ON_COLUMN, "MASKED WITH VALUE", "MASKED WITH VALUE <constant>"},
	{ANON_LABEL_NOT_MASKED, {"NOT", "MASKED"}, false,
	ANON_ON_COLUMN, "NOT MASKED", "NOT MASKED"},
	{ANON_LABEL_QUASI_IDENTIFIER, {"QUASI-IDENTIFIER"}, false,
	ANON_ON_COLUMN | ANON_ON_KANON, "QUASI-IDENTIFIER", "QUASI-IDENTIFIER"},
	{ANON_LABEL_QUASI_IDENTIFIER, {"INDIRECT", "IDENTIFIER"}, false,
	ANON_ON_COLUMN | ANON_ON_KANON, "QUASI-IDENTIFIER", "INDIRECT IDENTIFIER"},
	{ANON_LABEL_PRIVACY_UNIT, {"PRIVACY", "UNIT"}, false,
	ANON_ON_COLUMN, "PRIVACY UNIT", "PRIVACY UNIT"},
	{ANON_LABEL_TABLE_MASKED_WHEN, {"MASKED", "WHEN"}, true,
	ANON_ON_TABLE, "MASKED WHEN", "MASKED WHEN <condition>"},
	{ANON_LABEL_TABLESAMPLE, {"TABLESAMPLE"}, true,
	ANON_ON_TABLE | ANON_ON_DATABASE, "TABLESAMPLE", "TABLESAMPLE <method> (<arguments>)"},
	{ANON_LABEL_REFERENCES, {"REFERENCES"}, true,
	ANON_ON_COLUMN, "REFERENCES", "REFERENCES <table> [(<column>)]"},
	{ANON_LABEL_FOREIGN_KEY, {"FOREIGN", "KEY"}, true,
	ANON_ON_TABLE | ANON_ON_COLUMN, "FOREIGN KEY", "FOREIGN KEY (<columns>) REFERENCES <table> [(<columns>)]"},
	{ANON_LABEL_ROLE_MASKED, {"MASKED"}, false,
	ANON_ON_ROLE, "MASKED", "MASKED"},
	{ANON_LABEL_ROLE_DP, {"DIFFERENTIAL", "PRIVACY"}, false,
	ANON_ON_ROLE, "DIFFERENTIAL PRIVACY", "DIFFERENTIAL PRIVACY"},
	{ANON_LABEL_SCHEMA_TRUSTED, {"TRUSTED"}, false,
	ANON_ON_SCHEMA | ANON_ON_FUNCTION, "TRUSTED", "TRUSTED"},
	{ANON_LABEL_FUNCTION_RESTRICTED, {"RESTRICTED"}, false,
	ANON_ON_FUNCTION, "RESTRICTED", "RESTRICTED"},
};

#define ANON_NKEYWORDS lengthof(anon_label_keywords)

/*
 * If p (after white space) starts with word, case-insensitively and not
 * followed by an identifier character, return the position after it.  '-'
 * counts as an identifier character so that "QUASI-IDENTIFIER" is one word.
 */
static const char *
anon_match_word(const char *p, const char *word)
{
	size_t		len = strlen(word);

	while (scanner_isspace(*p))
		p++;
	if (pg_strncasecmp(p, word, len) != 0)
		return NULL;
	p += len;
	if (isalnum((unsigned char) *p) || *p == '_' || *p == '-')
		return NULL;
	return p;
}

/* the rest of the label, trimmed; NULL if empty */
static char *
anon_rest(const char *p)
{
	const char *end;

	while (scanner_isspace(*p))
		p++;
	end = p + strlen(p);
	while (end > p && scanner_isspace(end[-1]))
		end--;
	if (end == p)
		return NULL;
	return pnstrdup(p, end - p);
}

AnonLabel
anon_label_parse(const char *label)
{
	AnonLabel	result = {ANON_LABEL_INVALID, NULL};
	int			i;

	for (i = 0; i < ANON_NKEYWORDS; i++)
	{
		const AnonLabelKeyword *kw = &anon_label_keywords[i];
		const char *p = label;
		char	   *rest;
		int			w;

		for (w = 0; w < lengthof(kw->words) && kw->words[w] != NULL && p != NULL; w++)
			p = anon_match_word(p, kw->words[w]);
		if (p == NULL)
			continue;
		rest = anon_rest(p);
		if ((rest != NULL) != kw->has_expr)
			continue;			/* an expression missing, or words left over */
		result.kind = kw->kind;
		result.expr = rest;
		break;
	}
	return result;
}

const char *
anon_label_kind_name(AnonLabelKind kind)
{
	int			i;

	for (i = 0; i < ANON_NKEYWORDS; i++)
		if (anon_label_keywords[i].kind == kind)
			return anon_label_keywords[i].name;
	return NULL;
}

bool
anon_label_allowed_on(AnonLabelKind kind, int object)
{
	int			i;

	for (i = 0; i < ANON_NKEYWORDS; i++)
		if (anon_label_keywords[i].kind == kind &&
			(anon_label_keywords[i].objects & object) != 0)
			return true;
	return false;
}

char *
anon_label_syntax_list(int object)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	for (i = 0; i < ANON_NKEYWORDS; i++)
	{
		if ((anon_label_keywords[i].objects & object) == 0)
			continue;
		if (buf.len > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, anon_label_keywords[i].syntax);
	}
	return buf.data;
}

/* ---- SQL functions ---- */

PG_FUNCTION_INFO_V1(anon_label_kind);
PG_FUNCTION_INFO_V1(anon_label_expression);

/* anon.label_kind(text): the normalised kind of a label, NULL if invalid */
Datum
anon_label_kind(PG_FUNCTION_ARGS)
{
	const char *name;

	name = anon_label_kind_name(anon_label_parse(text_to_cstring(PG_GETARG_TEXT_PP(0))).kind);
	if (name == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

/* anon.label_expression(text): the expression of a MASKED WITH label */
Datum
anon_label_expression(PG_FUNCTION_ARGS)
{
	AnonLabel	label = anon_label_parse(text_to_cstring(PG_GETARG_TEXT_PP(0)));

	if (label.expr == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(label.expr));
}
