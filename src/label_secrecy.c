/*-------------------------------------------------------------------------
 *
 * label_secrecy.c
 *		A masked role does not learn the constants of masking rules (salts,
 *		keys): pg_seclabel is masked for it, and a literal salt draws a
 *		warning when it is written.
 *
 * The text of a rule is a security label, which pg_seclabel and the
 * pg_seclabels view show to every role.  A rule that writes its salt
 * literally (anon.digest(email, 's4lt', 'sha256')) would hand the salt to
 * the masked reader, who could then hash guesses with the unrestricted
 * building blocks of pg_catalog and compare.  So, for a masked reader,
 * dynamic masking treats pg_seclabel (and pg_shseclabel) as a masked
 * relation with a built-in rule: the label column of anon's providers is
 * read through anon._redact_label(provider, label), which replaces every
 * literal constant (strings in any quoting, numbers) with a placeholder and
 * drops comments, keeping the shape of the label.  Every view over the
 * catalog (pg_seclabels, anon's own listings, anon.export_rules()) and
 * pg_dump run as a masked role see the redacted text: the dump still
 * restores, with placeholder constants.  Labels of other providers are left
 * as they are.
 *
 * When a rule is written (label_provider.c), a constant passed as an
 * argument named like a salt draws a WARNING: named keys (anon.keys) are
 * the safer way; literal salts stay accepted for PostgreSQL Anonymizer's
 * users.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_proc.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "anon.h"
#include "label.h"
#include "label_secrecy.h"

#define ANON_REDACTED_STRING "'***'"
#define ANON_REDACTED_NUMBER "0"

static bool
anon_ident_char(char c)
{
	return isalnum((unsigned char) c) || c == '_' || c == '$' ||
		IS_HIGHBIT_SET(c);
}

/*
 * The label with every literal constant replaced by a placeholder and its
 * comments dropped.  Strings in every quoting ('', E'', B'', X'', U&'',
 * N'', dollar quotes) become '***', numbers 0; identifiers, quoted or not,
 * keywords and operators stay.
 */
char *
anon_label_redact(const char *label)
{
	StringInfoData out;
	const char *p = label;

	initStringInfo(&out);
	while (*p)
	{
		bool		after_ident = p > label && anon_ident_char(p[-1]);

		/* comments */
		if (p[0] == '-' && p[1] == '-')
		{
			while (*p && *p != '\n')
				p++;
			appendStringInfoChar(&out, ' ');
			continue;
		}
		if (p[0] == '/' && p[1] == '*')
		{
			int			depth = 0;

			while (*p)
			{
				if (p[0] == '/' && p[1] == '*')
				{
					depth++;
					p += 2;
				}
				else if (p[0] == '*' && p[1] == '/')
				{
					p += 2;
					if (--depth == 0)
						break;
				}
				else
					p++;
			}
			appendStringInfoChar(&out, ' ');
			continue;
		}
		/* quoted identifiers are kept as they are */
		if (*p == '"')
		{
			appendStringInfoChar(&out, *p++);
			while (*p)
			{
				if (p[0] == '"' && p[1] == '"')
				{
					appendBinaryStringInfo(&out, p, 2);
					p += 2;
					continue;
				}
				appendStringInfoChar(&out, *p);
				if (*p++ == '"')
					break;
			}
			continue;
		}
		/* string constants, with their prefixes */
		if (!after_ident)
		{
			const char *q = p;
			bool		backslash = false;

			if ((q[0] == 'E' || q[0] == 'e') && q[1] == '\'')
			{
				backslash = true;
				q++;
			}
			else if ((q[0] == 'B' || q[0] == 'b' || q[0] == 'X' || q[0] == 'x' ||
					  q[0] == 'N' || q[0] == 'n') && q[1] == '\'')
				q++;
			else if ((q[0] == 'U' || q[0] == 'u') && q[1] == '&' && q[2] == '\'')
				q += 2;
			if (*q == '\'')
			{
				q++;
				while (*q)
				{
					if (backslash && *q == '\\' && q[1])
						q += 2;
					else if (q[0] == '\'' && q[1] == '\'')
						q += 2;
					else if (*q++ == '\'')
						break;
				}
				appendStringInfoString(&out, ANON_REDACTED_STRING);
				p = q;
				continue;
			}
		}
		/* dollar-quoted strings: $$...$$ or $tag$...$tag$ */
		if (*p == '$' && !after_ident)
		{
			const char *q = p + 1;

			while (*q && (isalnum((unsigned char) *q) || *q == '_' || IS_HIGHBIT_SET(*q)))
				q++;
			if (*q == '$' && !isdigit((unsigned char) p[1]))
			{
				int			taglen = q - p + 1;
				const char *end = strstr(q + 1, pnstrdup(p, taglen));

				appendStringInfoString(&out, ANON_REDACTED_STRING);
				p = end ? end + taglen : p + strlen(p);
				continue;
			}
		}
		/* numbers */
		if (!after_ident &&
			(isdigit((unsigned char) *p) ||
			 (*p == '.' && isdigit((unsigned char) p[1]))))
		{
			while (*p && (isalnum((unsigned char) *p) || *p == '.' || *p == '_' ||
						  ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E'))))
				p++;
			appendStringInfoString(&out, ANON_REDACTED_NUMBER);
			continue;
		}
		appendStringInfoChar(&out, *p++);
	}
	/* a dropped trailing comment leaves no trailing space */
	while (out.len > 0 && isspace((unsigned char) out.data[out.len - 1]))
		out.data[--out.len] = '\0';
	return out.data;
}

/* is the provider one of anon's (a policy, or k-anonymity)? */
bool
anon_label_provider_is_ours(const char *provider)
{
	return anon_policy_index(provider) >= 0 ||
		strcmp(provider, ANON_KANON_PROVIDER) == 0;
}

PG_FUNCTION_INFO_V1(anon_redact_label);

/*
 * anon._redact_label(provider, label): the label as a masked role sees it
 * (constants of anon's labels redacted, other providers' labels as they
 * are).
 */
Datum
anon_redact_label(PG_FUNCTION_ARGS)
{
	char	   *provider = text_to_cstring(PG_GETARG_TEXT_PP(0));

	if (!anon_label_provider_is_ours(provider))
		PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(1));
	PG_RETURN_TEXT_P(cstring_to_text(anon_label_redact(text_to_cstring(PG_GETARG_TEXT_PP(1)))));
}

/* ---- Literal salts ---- */

typedef struct AnonSaltContext
{
	const char *what;			/* the column, for the message */
	bool		warned;
} AnonSaltContext;

static bool
anon_salt_walker(Node *node, AnonSaltContext *ctx)
{
	if (node == NULL || ctx->warned)
		return false;
	if (IsA(node, FuncExpr))
	{
		FuncExpr   *func = (FuncExpr *) node;
		HeapTuple	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(func->funcid));

		if (HeapTupleIsValid(tuple))
		{
			Oid		   *types;
			char	  **names;
			char	   *modes;
			int			nargs = get_func_arg_info(tuple, &types, &names, &modes);
			ListCell   *lc;
			int			i = 0;

			foreach(lc, func->args)
			{
				Node	   *arg = lfirst(lc);

				if (IsA(arg, NamedArgExpr))
					arg = (Node *) ((NamedArgExpr *) arg)->arg;
				arg = strip_implicit_coercions(arg);
				if (names != NULL && i < nargs && names[i] != NULL &&
					strstr(names[i], "salt") != NULL &&
					IsA(arg, Const) && !((Const *) arg)->constisnull)
				{
					ereport(WARNING,
							(errmsg("the masking rule of %s writes a salt literally", ctx->what),
							 errdetail("A salt written in a rule is part of its label, which roles that are not masked can read."),
							 errhint("Use a keyed function with a named key (anon.create_key(), anon.pseudonymize(value, key_name), anon.hash()), whose secret is not in the label.")));
					ctx->warned = true;
					break;
				}
				i++;
			}
			ReleaseSysCache(tuple);
		}
	}
	return expression_tree_walker(node, anon_salt_walker, (void *) ctx);
}

/*
 * Called when a rule is written: warn when the analysed rule passes a
 * constant as a salt.
 */
void
anon_warn_literal_salt(Node *expr, const char *what)
{
	AnonSaltContext ctx = {what, false};

	(void) anon_salt_walker(expr, &ctx);
}

/*
 * anon._redact_tree(pg_node_tree): a query tree of pg_rewrite as a masked
 * role reads it: every constant made a NULL of its type.  The trees of
 * views hold their constants, and the masking views of
 * create_masking_views and of PostgreSQL Anonymizer's masking schema hold
 * the rules' (salts); pg_get_viewdef and pg_get_ruledef read the trees as
 * the reader, so they print the view with its constants NULL, and a masked
 * role's pg_dump still restores every view.
 */
PG_FUNCTION_INFO_V1(anon_redact_tree);

static Node *
anon_redact_tree_mutator(Node *node, void *context)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Const))
	{
		Const	   *c = (Const *) node;

		return (Node *) makeNullConst(c->consttype, c->consttypmod, c->constcollid);
	}
	if (IsA(node, Query))
		return (Node *) query_tree_mutator((Query *) node, anon_redact_tree_mutator,
										   context, 0);
	return expression_tree_mutator(node, anon_redact_tree_mutator, context);
}

Datum
anon_redact_tree(PG_FUNCTION_ARGS)
{
	char	   *str = text_to_cstring(PG_GETARG_TEXT_PP(0));
	Node	   *tree = (Node *) stringToNode(str);

	tree = anon_redact_tree_mutator(tree, NULL);
	PG_RETURN_TEXT_P(cstring_to_text(nodeToString(tree)));
}
