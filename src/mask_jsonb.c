/*-------------------------------------------------------------------------
 *
 * mask_jsonb.c
 *		anon.mask_jsonb(doc jsonb, rules jsonb): masking functions applied to
 *		paths inside a JSON document, in one pass.
 *
 * The rules are a JSON object: each key is a path, each value the name of
 * a masking function ("anon.partial_email", or a signature such as
 * "anon.partial_email(text)").  A path is a list of segments separated by
 * dots:
 *
 *	 - a key ("email"), which also matches the element of that index in an
 *	   array when it is all digits ("items.0.sku");
 *	 - "*", which matches every element of an array and every key of an
 *	   object;
 *	 - a key pattern, a segment with "*" (any characters) or "?" (one
 *	   character) in it ("*_email", "phone?"), matching object keys;
 *	 - a backslash makes the next character literal ("a\.b", "\*").
 *
 * The document is walked once with JSONB iterators and rebuilt with
 * pushJsonbValue; subtrees that no rule can reach are copied as they are.
 * Every rule's position is tracked as the walk descends, so the cost is
 * one pass whatever the number of rules.  A rule that ends on a scalar
 * calls its function with the value (as text, or converted to the
 * function's argument type; a function without arguments replaces the
 * value); a rule that ends on an array or an object calls a function that
 * takes jsonb with the whole value, and otherwise masks every scalar
 * below it.  JSON nulls stay null.  When several rules reach the same
 * value, the one that ended nearest to it wins, then the one with fewer
 * wildcards, then the first in the rules object's order.  The result
 * keeps the document's shape: keys, array lengths and order.
 *
 * Calling functions by name is what a SQL-text executor does, so the
 * functions a rules document names get the trust check of masking rules
 * (trust.c) every time mask_jsonb compiles them, whoever calls it: the
 * function must be one a rule of the default policy may call, PARALLEL
 * SAFE (mask_jsonb itself is), a plain function returning one value, and
 * the caller must have EXECUTE on it.  Names resolve in anon, then
 * pg_catalog, never through the search path.  When mask_jsonb appears in a
 * label, trust.c calls anon_mask_jsonb_check_rules() at label time so a
 * rule that names a function outside the label's policy is refused when
 * it is written, like any rule.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/primnodes.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/regproc.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "mask_jsonb.h"
#include "trust.h"

typedef enum AnonJsonSegKind
{
	ANON_JSEG_KEY,				/* a literal key (or array index) */
	ANON_JSEG_ANY,				/* "*": every key, every element */
	ANON_JSEG_PATTERN			/* a glob over object keys */
} AnonJsonSegKind;

typedef struct AnonJsonSeg
{
	AnonJsonSegKind kind;
	char	   *text;			/* unescaped key, or the pattern */
	int			len;
	bool	   *literal;		/* pattern: which characters are literal */
	int			index;			/* KEY all digits: the array index, else -1 */
} AnonJsonSeg;

typedef struct AnonJsonFunc
{
	Oid			funcid;
	int			nargs;			/* 0 or 1 */
	Oid			argtype;
	Oid			rettype;
	bool		strict;
	bool		arg_is_text;
	bool		arg_is_jsonb;
	FmgrInfo	call;
	FmgrInfo	argin;			/* input function of argtype, else unused */
	Oid			argioparam;
	FmgrInfo	retout;			/* output function of rettype */
} AnonJsonFunc;

typedef struct AnonJsonRule
{
	int			nsegs;
	AnonJsonSeg *segs;
	int			wildcards;
	int			order;
	AnonJsonFunc *fn;
} AnonJsonRule;

typedef struct AnonJsonRules
{
	struct varlena *source;		/* the rules document these were compiled from */
	int			nrules;
	AnonJsonRule *rules;
	Oid			userid;			/* EXECUTE was checked for this user */
} AnonJsonRules;

/*
 * State of a rule at a level of the walk: -1 dead; 0..nsegs-1 the next
 * segment to match; nsegs + k: the rule ended k levels above.
 */
#define ANON_JSTATE_DEAD (-1)

/* ---- paths ---- */

static void
anon_jsonb_bad_rules(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid rules for anon.mask_jsonb"),
			 errdetail("%s", detail),
			 errhint("The rules are an object such as {\"customer.email\": \"anon.partial_email\", "
					 "\"items.*.sku\": \"anon.hash\"}.")));
}

static void
anon_jsonb_parse_path(const char *path, int len, AnonJsonRule *rule)
{
	int			cap = 4;
	int			i = 0;

	rule->nsegs = 0;
	rule->wildcards = 0;
	rule->segs = palloc(sizeof(AnonJsonSeg) * cap);
	if (len == 0)
		anon_jsonb_bad_rules("A path is empty.");
	while (i <= len)
	{
		StringInfoData buf;
		bool	   *literal = palloc(sizeof(bool) * (len + 1));
		bool		wild = false;
		AnonJsonSeg *seg;

		initStringInfo(&buf);
		while (i < len && path[i] != '.')
		{
			if (path[i] == '\\')
			{
				if (i + 1 >= len)
					anon_jsonb_bad_rules("A path ends with a backslash.");
				literal[buf.len] = true;
				appendStringInfoChar(&buf, path[i + 1]);
				i += 2;
				continue;
			}
			literal[buf.len] = !(path[i] == '*' || path[i] == '?');
			if (!literal[buf.len])
				wild = true;
			appendStringInfoChar(&buf, path[i]);
			i++;
		}
		if (buf.len == 0)
			anon_jsonb_bad_rules("A path has an empty segment (two dots, or a dot at an end).");
		if (rule->nsegs == cap)
		{
			cap *= 2;
			rule->segs = repalloc(rule->segs, sizeof(AnonJsonSeg) * cap);
		}
		seg = &rule->segs[rule->nsegs++];
		seg->text = buf.data;
		seg->len = buf.len;
		seg->literal = literal;
		seg->index = -1;
		if (buf.len == 1 && wild && buf.data[0] == '*')
			seg->kind = ANON_JSEG_ANY;
		else if (wild)
			seg->kind = ANON_JSEG_PATTERN;
		else
		{
			int			j;

			seg->kind = ANON_JSEG_KEY;
			if (buf.len <= 9)
			{
				seg->index = 0;
				for (j = 0; j < buf.len; j++)
				{
					if (buf.data[j] < '0' || buf.data[j] > '9')
					{
						seg->index = -1;
						break;
					}
					seg->index = seg->index * 10 + (buf.data[j] - '0');
				}
			}
		}
		if (seg->kind != ANON_JSEG_KEY)
			rule->wildcards++;
		i++;					/* past the dot, or past the end */
	}
}

/* glob match of a pattern segment ("*" any run, "?" one byte) */
static bool
anon_jsonb_glob(const AnonJsonSeg *seg, int p, const char *s, int slen)
{
	while (p < seg->len)
	{
		char		c = seg->text[p];

		if (!seg->literal[p] && c == '*')
		{
			int			k;

			for (k = 0; k <= slen; k++)
				if (anon_jsonb_glob(seg, p + 1, s + k, slen - k))
					return true;
			return false;
		}
		if (slen == 0)
			return false;
		if (!(!seg->literal[p] && c == '?') && c != *s)
			return false;
		p++;
		s++;
		slen--;
	}
	return slen == 0;
}

/* does the segment match an object key (key != NULL) or array element? */
static bool
anon_jsonb_seg_matches(const AnonJsonSeg *seg, const char *key, int keylen, int index)
{
	switch (seg->kind)
	{
		case ANON_JSEG_ANY:
			return true;
		case ANON_JSEG_KEY:
			if (key == NULL)
				return seg->index >= 0 && seg->index == index;
			return seg->len == keylen && memcmp(seg->text, key, keylen) == 0;
		case ANON_JSEG_PATTERN:
			return key != NULL && anon_jsonb_glob(seg, 0, key, keylen);
	}
	return false;
}

/* ---- functions ---- */

/* refuse a function that a rule may not call (the same check as rules) */
static void
anon_jsonb_check_function(Oid funcid, const char *policy, const char *name)
{
	HeapTuple	tup;
	Form_pg_proc proc;
	const char *refusal = anon_function_refusal(funcid, policy);

	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for function %u", funcid);
	proc = (Form_pg_proc) GETSTRUCT(tup);
	if (refusal == NULL && proc->prokind != PROKIND_FUNCTION)
		refusal = "is an aggregate, a window function or a procedure";
	if (refusal == NULL && proc->proretset)
		refusal = "returns a set";
	if (refusal == NULL && proc->proparallel != PROPARALLEL_SAFE)
		refusal = "is not PARALLEL SAFE, and mask_jsonb is";
	ReleaseSysCache(tup);
	if (refusal != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("anon.mask_jsonb may not call function %s", name),
				 errdetail("The function %s.", refusal),
				 errhint("The rules of mask_jsonb may name the functions a masking rule may call: "
						 "anon's masking functions, built-in functions that cannot run other code "
						 "or change state, and functions a superuser labelled TRUSTED.")));
}

/*
 * Resolve a function name of a rules document, in anon then pg_catalog
 * (never through the search path): a signature "f(type)" names one; a
 * bare name picks the function of one argument (text preferred when
 * there are several), else the function of none.
 */
static Oid
anon_jsonb_regprocedure(const char *signature)
{
	LOCAL_FCINFO(fc, 1);
	Datum		d;

	InitFunctionCallInfoData(*fc, NULL, 1, InvalidOid, NULL, NULL);
	fc->args[0].value = CStringGetTextDatum(signature);
	fc->args[0].isnull = false;
	d = to_regprocedure(fc);
	return fc->isnull ? InvalidOid : DatumGetObjectId(d);
}

static Oid
anon_jsonb_resolve(const char *name)
{
	List	   *names = NIL;
	Oid			found = InvalidOid;
	const char *schemas[] = {"anon", "pg_catalog"};
	int			s;
	const char *paren = strchr(name, '(');
	bool		qualified_name;

	if (paren != NULL)
		qualified_name = memchr(name, '.', paren - name) != NULL;
	else
	{
		names = anon_string_to_qualified_name_list(name);
		qualified_name = list_length(names) > 1;
		if (list_length(names) > 2)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid function name \"%s\" in the rules of anon.mask_jsonb", name)));
	}

	for (s = 0; s < 2 && !OidIsValid(found); s++)
	{
		List	   *qualified = names;
		int			want;

		if (qualified_name && s > 0)
			break;
		if (paren != NULL)
		{
			found = anon_jsonb_regprocedure(qualified_name ? name :
											psprintf("%s.%s", schemas[s], name));
			continue;
		}
		if (!qualified_name)
			qualified = list_make2(makeString(pstrdup(schemas[s])), linitial(names));
		for (want = 1; want >= 0 && !OidIsValid(found); want--)
		{
			FuncCandidateList c = FuncnameGetCandidates(qualified, want, NIL,
														false, false, false, true);
			int			n = 0;
			Oid			text_one = InvalidOid;

			for (; c != NULL; c = c->next)
			{
				if (c->nargs != want)
					continue;
				if (want == 1 && c->args[0] == TEXTOID)
					text_one = c->oid;
				found = c->oid;
				n++;
			}
			if (OidIsValid(text_one))
				found = text_one;
			else if (n > 1)
				ereport(ERROR,
						(errcode(ERRCODE_AMBIGUOUS_FUNCTION),
						 errmsg("function name \"%s\" in the rules of anon.mask_jsonb is ambiguous", name),
						 errhint("Write the signature, for example \"anon.partial_email(text)\".")));
		}
	}
	if (!OidIsValid(found))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("function \"%s\" of the rules of anon.mask_jsonb does not exist", name),
				 errdetail("Names resolve in anon, then pg_catalog; a function of mask_jsonb takes the value, or nothing.")));
	return found;
}

static bool
anon_jsonb_text_type(Oid typid)
{
	return typid == TEXTOID || typid == VARCHAROID || typid == BPCHAROID;
}

static AnonJsonFunc *
anon_jsonb_compile_function(const char *name, MemoryContext mcxt)
{
	Oid			funcid = anon_jsonb_resolve(name);
	AnonJsonFunc *fn;
	HeapTuple	tup;
	Form_pg_proc proc;
	AclResult	acl;

	anon_jsonb_check_function(funcid, ANON_DEFAULT_POLICY, name);
	acl = pg_proc_aclcheck(funcid, GetUserId(), ACL_EXECUTE);
	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_FUNCTION, get_func_name(funcid));

	fn = MemoryContextAllocZero(mcxt, sizeof(AnonJsonFunc));
	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for function %u", funcid);
	proc = (Form_pg_proc) GETSTRUCT(tup);
	fn->funcid = funcid;
	fn->nargs = proc->pronargs;
	fn->rettype = proc->prorettype;
	fn->strict = proc->proisstrict;
	fn->argtype = fn->nargs > 0 ? proc->proargtypes.values[0] : InvalidOid;
	ReleaseSysCache(tup);

	if (fn->nargs > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("function %s of the rules of anon.mask_jsonb takes more than one argument", name),
				 errhint("A function of mask_jsonb takes the value, or nothing.")));
	if (IsPolymorphicType(fn->rettype) ||
		(fn->nargs == 1 && IsPolymorphicType(fn->argtype)))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function %s of the rules of anon.mask_jsonb is polymorphic", name),
				 errhint("Name the overload meant, for example \"anon.pseudo_email(text)\".")));

	fmgr_info_cxt(funcid, &fn->call, mcxt);
	if (fn->nargs == 1)
	{
		fn->arg_is_text = anon_jsonb_text_type(fn->argtype);
		fn->arg_is_jsonb = fn->argtype == JSONBOID;
		if (!fn->arg_is_text && !fn->arg_is_jsonb)
		{
			Oid			infunc;

			/* the input function of a domain runs its checks: base types only */
			if (get_typtype(fn->argtype) != TYPTYPE_BASE)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("function %s of the rules of anon.mask_jsonb takes an argument of type %s",
								name, format_type_be(fn->argtype)),
						 errhint("A function of mask_jsonb takes text, jsonb or a base type.")));
			getTypeInputInfo(fn->argtype, &infunc, &fn->argioparam);
			fmgr_info_cxt(infunc, &fn->argin, mcxt);
		}
	}
	if (fn->rettype != JSONBOID)
	{
		Oid			outfunc;
		bool		varlena;

		getTypeOutputInfo(fn->rettype, &outfunc, &varlena);
		fmgr_info_cxt(outfunc, &fn->retout, mcxt);
	}
	return fn;
}

/* compile a rules document, in mcxt */
static AnonJsonRules *
anon_jsonb_compile(Jsonb *rules, MemoryContext mcxt)
{
	MemoryContext old = MemoryContextSwitchTo(mcxt);
	AnonJsonRules *r = palloc0(sizeof(AnonJsonRules));
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			cap = 0;
	char	   *path = NULL;
	int			pathlen = 0;

	if (!JB_ROOT_IS_OBJECT(rules))
		anon_jsonb_bad_rules("The rules are not a JSON object.");
	r->source = (struct varlena *) palloc(VARSIZE(rules));
	memcpy(r->source, rules, VARSIZE(rules));
	r->userid = GetUserId();
	cap = JB_ROOT_COUNT(rules);
	r->rules = palloc0(sizeof(AnonJsonRule) * Max(cap, 1));

	it = JsonbIteratorInit(&rules->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			path = v.val.string.val;
			pathlen = v.val.string.len;
		}
		else if (tok == WJB_VALUE)
		{
			AnonJsonRule *rule = &r->rules[r->nrules];
			char	   *fname;

			if (v.type != jbvString)
				anon_jsonb_bad_rules("The value of every path is the name of a function, as a string.");
			anon_jsonb_parse_path(path, pathlen, rule);
			fname = pnstrdup(v.val.string.val, v.val.string.len);
			rule->fn = anon_jsonb_compile_function(fname, mcxt);
			rule->order = r->nrules;
			r->nrules++;
		}
	}
	MemoryContextSwitchTo(old);
	return r;
}

/* ---- calls ---- */

static char *
anon_jsonb_scalar_text(JsonbValue *v)
{
	switch (v->type)
	{
		case jbvString:
			return pnstrdup(v->val.string.val, v->val.string.len);
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
		case jbvBool:
			return pstrdup(v->val.boolean ? "true" : "false");
		default:
			elog(ERROR, "unexpected jsonb value type %d", (int) v->type);
	}
	return NULL;
}

/* the function's result, as the JSON value that replaces the old one */
static void
anon_jsonb_result(AnonJsonFunc *fn, Datum d, bool isnull, JsonbValue *out)
{
	char	   *s;

	if (isnull)
	{
		out->type = jbvNull;
		return;
	}
	if (fn->rettype == JSONBOID)
	{
		Jsonb	   *jb = DatumGetJsonbP(d);

		if (JB_ROOT_IS_SCALAR(jb))
			(void) JsonbExtractScalar(&jb->root, out);
		else
		{
			out->type = jbvBinary;
			out->val.binary.data = &jb->root;
			out->val.binary.len = VARSIZE(jb) - VARHDRSZ;
		}
		return;
	}
	if (fn->rettype == BOOLOID)
	{
		out->type = jbvBool;
		out->val.boolean = DatumGetBool(d);
		return;
	}
	s = OutputFunctionCall(&fn->retout, d);
	switch (fn->rettype)
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case NUMERICOID:
		case FLOAT4OID:
		case FLOAT8OID:
			{
				Datum		num = DirectFunctionCall3(numeric_in, CStringGetDatum(s),
													  ObjectIdGetDatum(InvalidOid),
													  Int32GetDatum(-1));

				/* NaN and infinities are not JSON numbers: keep them as strings */
				if (!numeric_is_nan(DatumGetNumeric(num)) &&
					!numeric_is_inf(DatumGetNumeric(num)))
				{
					out->type = jbvNumeric;
					out->val.numeric = DatumGetNumeric(num);
					return;
				}
			}
			break;
		default:
			break;
	}
	out->type = jbvString;
	out->val.string.val = s;
	out->val.string.len = strlen(s);
}

/* call the rule's function on a value (scalar or binary container) */
static void
anon_jsonb_apply(AnonJsonFunc *fn, JsonbValue *in, JsonbValue *out)
{
	LOCAL_FCINFO(fcinfo, 1);
	Datum		d;

	InitFunctionCallInfoData(*fcinfo, &fn->call, fn->nargs, DEFAULT_COLLATION_OID, NULL, NULL);
	if (fn->nargs == 1)
	{
		Datum		arg;

		if (fn->arg_is_jsonb)
			arg = JsonbPGetDatum(JsonbValueToJsonb(in));
		else if (fn->arg_is_text)
			arg = CStringGetTextDatum(anon_jsonb_scalar_text(in));
		else
			arg = InputFunctionCall(&fn->argin, anon_jsonb_scalar_text(in),
									fn->argioparam, -1);
		fcinfo->args[0].value = arg;
		fcinfo->args[0].isnull = false;
	}
	d = FunctionCallInvoke(fcinfo);
	anon_jsonb_result(fn, d, fcinfo->isnull, out);
}

/* ---- the walk ---- */

/* states of the rules one level down, for a key or an element; any alive? */
static bool
anon_jsonb_descend(AnonJsonRules *r, const int *states, int *child,
				   const char *key, int keylen, int index)
{
	int			i;
	bool		alive = false;

	for (i = 0; i < r->nrules; i++)
	{
		AnonJsonRule *rule = &r->rules[i];
		int			s = states[i];

		if (s == ANON_JSTATE_DEAD)
			child[i] = s;
		else if (s >= rule->nsegs)
			child[i] = s + 1;	/* ended above: covers this value too */
		else if (anon_jsonb_seg_matches(&rule->segs[s], key, keylen, index))
			child[i] = s + 1;
		else
			child[i] = ANON_JSTATE_DEAD;
		if (child[i] != ANON_JSTATE_DEAD)
			alive = true;
	}
	return alive;
}

/*
 * The rule that applies to a value at this level: ended nearest, then
 * fewer wildcards, then first.  containers_only: only a rule that ended
 * exactly here with a function taking jsonb.
 */
static AnonJsonRule *
anon_jsonb_winner(AnonJsonRules *r, const int *states, bool container)
{
	AnonJsonRule *best = NULL;
	int			best_k = 0;
	int			i;

	for (i = 0; i < r->nrules; i++)
	{
		AnonJsonRule *rule = &r->rules[i];
		int			k;

		if (states[i] < rule->nsegs)
			continue;
		k = states[i] - rule->nsegs;
		if (container && (k != 0 || !rule->fn->arg_is_jsonb))
			continue;
		if (best == NULL || k < best_k ||
			(k == best_k && rule->wildcards < best->wildcards))
		{
			best = rule;
			best_k = k;
		}
	}
	return best;
}

static JsonbValue *anon_jsonb_walk(AnonJsonRules *r, JsonbContainer *c,
								   const int *states, JsonbParseState **ps);

/* push one value (after a key, or as an element), masked as its states say */
static void
anon_jsonb_value(AnonJsonRules *r, JsonbValue *v, const int *states, bool alive,
				 JsonbIteratorToken tok, JsonbParseState **ps)
{
	AnonJsonRule *rule;
	JsonbValue	out;

	if (!alive)
	{
		(void) pushJsonbValue(ps, tok, v);
		return;
	}
	if (v->type == jbvBinary)
	{
		rule = anon_jsonb_winner(r, states, true);
		if (rule != NULL)
		{
			anon_jsonb_apply(rule->fn, v, &out);
			(void) pushJsonbValue(ps, tok, &out);
			return;
		}
		(void) anon_jsonb_walk(r, v->val.binary.data, states, ps);
		return;
	}
	if (v->type == jbvNull)
	{
		(void) pushJsonbValue(ps, tok, v);
		return;
	}
	rule = anon_jsonb_winner(r, states, false);
	if (rule == NULL)
	{
		(void) pushJsonbValue(ps, tok, v);
		return;
	}
	anon_jsonb_apply(rule->fn, v, &out);
	(void) pushJsonbValue(ps, tok, &out);
}

/* push a container, masked; returns what its last token returned */
static JsonbValue *
anon_jsonb_walk(AnonJsonRules *r, JsonbContainer *c, const int *states,
				JsonbParseState **ps)
{
	JsonbValue *res = NULL;
	JsonbIterator *it = JsonbIteratorInit(c);
	JsonbValue	v;
	JsonbIteratorToken tok;
	int		   *child = palloc(sizeof(int) * r->nrules);
	bool		alive = false;
	int			index = 0;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		switch (tok)
		{
			case WJB_KEY:
				alive = anon_jsonb_descend(r, states, child, v.val.string.val,
										   v.val.string.len, -1);
				(void) pushJsonbValue(ps, tok, &v);
				break;
			case WJB_VALUE:
				anon_jsonb_value(r, &v, child, alive, tok, ps);
				break;
			case WJB_ELEM:
				alive = anon_jsonb_descend(r, states, child, NULL, 0, index++);
				anon_jsonb_value(r, &v, child, alive, tok, ps);
				break;
			default:			/* begin and end of this container */
				res = pushJsonbValue(ps, tok, tok == WJB_BEGIN_ARRAY ||
									 tok == WJB_BEGIN_OBJECT ? &v : NULL);
				break;
		}
	}
	pfree(child);
	return res;
}

/* ---- label-time check ---- */

/* is the function anon.mask_jsonb? */
bool
anon_is_mask_jsonb(Oid funcid)
{
	char	   *name = get_func_name(funcid);
	Oid			nsp = get_func_namespace(funcid);

	return name != NULL && strcmp(name, "mask_jsonb") == 0 &&
		OidIsValid(nsp) && nsp == get_namespace_oid("anon", true);
}

/*
 * A rule that calls anon.mask_jsonb: its rules must be a constant, and
 * every function they name one a rule of the policy may call.  Returns
 * false (soft) or raises an error naming subject.
 */
bool
anon_mask_jsonb_check_rules(FuncExpr *call, const char *policy, const char *subject,
							bool soft)
{
	Node	   *arg;
	Jsonb	   *rules;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	if (list_length(call->args) != 2)
		return soft ? false : true;
	arg = (Node *) lsecond(call->args);
	if (!IsA(arg, Const) || ((Const *) arg)->constisnull ||
		((Const *) arg)->consttype != JSONBOID)
	{
		if (soft)
			return false;
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("masking rule of %s calls anon.mask_jsonb with rules that are not a constant", subject),
				 errdetail("The functions that mask_jsonb calls are checked when the rule is written."),
				 errhint("Write the rules as a literal, such as '{\"email\": \"anon.partial_email\"}'.")));
	}
	rules = DatumGetJsonbP(((Const *) arg)->constvalue);
	if (!JB_ROOT_IS_OBJECT(rules))
		anon_jsonb_bad_rules("The rules are not a JSON object.");
	it = JsonbIteratorInit(&rules->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *fname;
		Oid			funcid;

		if (tok != WJB_VALUE)
			continue;
		if (v.type != jbvString)
			anon_jsonb_bad_rules("The value of every path is the name of a function, as a string.");
		fname = pnstrdup(v.val.string.val, v.val.string.len);
		funcid = anon_jsonb_resolve(fname);
		if (soft)
		{
			if (anon_function_refusal(funcid, policy) != NULL)
				return false;
			continue;
		}
		anon_jsonb_check_function(funcid, policy, fname);
	}
	return true;
}

/* ---- SQL function ---- */

PG_FUNCTION_INFO_V1(anon_mask_jsonb);

Datum
anon_mask_jsonb(PG_FUNCTION_ARGS)
{
	Jsonb	   *doc = PG_GETARG_JSONB_P(0);
	Jsonb	   *rules = PG_GETARG_JSONB_P(1);
	AnonJsonRules *r = (AnonJsonRules *) fcinfo->flinfo->fn_extra;
	JsonbParseState *ps = NULL;
	JsonbValue *res;
	int		   *states;
	int			i;

	/* compile once per call site while the rules stay the same */
	if (r == NULL || VARSIZE(r->source) != VARSIZE(rules) ||
		memcmp(r->source, rules, VARSIZE(rules)) != 0 || r->userid != GetUserId())
	{
		MemoryContext cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt,
												  "anon mask_jsonb rules",
												  ALLOCSET_SMALL_SIZES);

		if (r != NULL)
			MemoryContextDelete(GetMemoryChunkContext(r));
		fcinfo->flinfo->fn_extra = NULL;
		r = anon_jsonb_compile(rules, cxt);
		fcinfo->flinfo->fn_extra = r;
	}
	if (r->nrules == 0 || JB_ROOT_IS_SCALAR(doc))
		PG_RETURN_JSONB_P(doc);

	states = palloc0(sizeof(int) * r->nrules);
	for (i = 0; i < r->nrules; i++)
		states[i] = 0;
	/* the walk pushes the root's begin and end: the end returns the root */
	res = anon_jsonb_walk(r, &doc->root, states, &ps);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(res));
}
