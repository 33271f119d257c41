/*-------------------------------------------------------------------------
 *
 * pa_compat.c
 *		What PostgreSQL Anonymizer (PA) 2.2.1 users expect of anon, in C:
 *		its settings, its one-argument pseudo_* functions, pseudo_iban and
 *		pseudo_siret, and image_blur.
 *
 * Settings.  PA defines a dozen anon.* settings; anon reserves the prefix,
 * so setting an undefined one would be an error.  Each is defined here.
 * Where anon always does the safe thing, the setting only confirms it:
 * anon.transparent_dynamic_masking accepts "on" and refuses "off" with an
 * error that says why and what to do instead;
 * anon.restrict_to_trusted_schemas = off is accepted with a WARNING and
 * stays on (PA's scripts turn it off around a label: the label is checked
 * all the same); anon.strict_mode is accepted either way (a rule's value is
 * always cast to its column's type, which is PA's strict mode, and no
 * protection depends on it); anon.replica_masking = on allows
 * anon.start_replica_masking(), PA's replica masking (a trigger that masks
 * every row written into a masked table, see anon_pa_replica_mask()
 * below).  The others carry a value: anon.static_masking = off makes anonymize_* refuse to run
 * (PA's guard against an accidental static masking of a production
 * database); anon.maskschema and anon.sourceschema name the schemas of the
 * legacy masking views (sqlsrc/84_pa_compat.sql); anon.algorithm names a
 * digest algorithm anon.digest() knows; anon.k_anonymity_provider and
 * anon.shift are accepted as PA accepts them; anon.max_bg_workers caps the
 * workers of anon.anonymize_database_parallel(); anon.custom_values holds a
 * JSON object of values that rules read with anon.custom_value(key).  Every setting is PGC_SUSET,
 * as in PA; the ones that hold secrets or could name one are
 * GUC_SUPERUSER_ONLY.
 *
 * Pseudonyms.  PA's pseudo_*(seed [, salt]) take the salt from anon.salt
 * when none is given.  Here the one-argument forms call the two-argument
 * ones (src/fake.c) with anon.salt; when anon.salt is empty they use the
 * keyed seeded_* picks instead (the database key 'default' from
 * src/keys.c), so a pseudonym is never computed without a secret.  Each
 * inner call gets an FmgrInfo of its own (fn_extra of the outer call holds
 * both), since the two families keep different caches in fn_extra.
 *
 * pseudo_iban, pseudo_siret and pseudo_siren draw their digits from HMAC-SHA256 of the
 * seed under the salt (or, without one, under the database key), so the
 * same seed always gives the same, valid, identifier: an IBAN of France
 * (mod-97 check digits) and a SIRET (Luhn-valid SIREN and SIRET).  Like
 * every dictionary pseudonym they are not guaranteed distinct for distinct
 * seeds; anon.pseudonymize() is (it is a permutation).
 *
 * image_blur.  A Gaussian blur (separable kernel of radius ceil(3 sigma),
 * edges clamped) of an image held in a bytea, in the formats that need no
 * decoder library: binary PGM and PPM (P5, P6, 8 or 16 bits per sample)
 * and uncompressed BMP (24 or 32 bits per pixel).  The result has the
 * format, size and headers of the input.  An image in another format
 * (JPEG, PNG, GIF, TIFF, WebP, OpenEXR, a BMP with a palette) masks to
 * NULL, and data that is no image is an error that says which formats are
 * read: a masking function must never return the raw image.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "commands/trigger.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "parser/parser.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "anon.h"
#include "hash.h"
#include "keys.h"
#include "label.h"
#include "mask.h"
#include "pa_compat.h"
#include "rules.h"

/* ---- GUC variables ---- */

bool		anon_pa_transparent_dynamic_masking = true;
bool		anon_pa_restrict_to_trusted_schemas = true;
bool		anon_pa_strict_mode = true;
bool		anon_pa_replica_masking = false;
bool		anon_pa_static_masking = true;
char	   *anon_pa_algorithm = NULL;
char	   *anon_pa_k_anonymity_provider = NULL;
char	   *anon_pa_maskschema = NULL;
char	   *anon_pa_sourceschema = NULL;
int			anon_pa_shift = 0;
int			anon_pa_max_bg_workers = 4;
char	   *anon_pa_custom_values = NULL;

/* ---- Function declarations ---- */

PG_FUNCTION_INFO_V1(anon_pa_pseudo_first_name);
PG_FUNCTION_INFO_V1(anon_pa_pseudo_last_name);
PG_FUNCTION_INFO_V1(anon_pa_pseudo_email);
PG_FUNCTION_INFO_V1(anon_pa_pseudo_city);
PG_FUNCTION_INFO_V1(anon_pa_pseudo_country);
PG_FUNCTION_INFO_V1(anon_pa_pseudo_company);
PG_FUNCTION_INFO_V1(anon_pa_pseudo_region);
PG_FUNCTION_INFO_V1(anon_pa_pseudo_iban);
PG_FUNCTION_INFO_V1(anon_pa_pseudo_siret);
PG_FUNCTION_INFO_V1(anon_pa_pseudo_siren);
PG_FUNCTION_INFO_V1(anon_pa_image_blur);
PG_FUNCTION_INFO_V1(anon_pa_static_masking_check);
PG_FUNCTION_INFO_V1(anon_pa_reader_is_masked);
PG_FUNCTION_INFO_V1(anon_pa_custom_value);
PG_FUNCTION_INFO_V1(anon_pa_replica_mask);
PG_FUNCTION_INFO_V1(anon_pa_get_function_schema);

/* the pickers of src/fake.c the one-argument forms call */
extern Datum anon_pseudo_first_name(PG_FUNCTION_ARGS);
extern Datum anon_pseudo_last_name(PG_FUNCTION_ARGS);
extern Datum anon_pseudo_email(PG_FUNCTION_ARGS);
extern Datum anon_pseudo_city(PG_FUNCTION_ARGS);
extern Datum anon_pseudo_country(PG_FUNCTION_ARGS);
extern Datum anon_pseudo_company(PG_FUNCTION_ARGS);
extern Datum anon_pseudo_region(PG_FUNCTION_ARGS);
extern Datum anon_seeded_first_name(PG_FUNCTION_ARGS);
extern Datum anon_seeded_last_name(PG_FUNCTION_ARGS);
extern Datum anon_seeded_free_email(PG_FUNCTION_ARGS);
extern Datum anon_seeded_city_name(PG_FUNCTION_ARGS);
extern Datum anon_seeded_country_name(PG_FUNCTION_ARGS);
extern Datum anon_seeded_company_name(PG_FUNCTION_ARGS);
extern Datum anon_seeded_state_name(PG_FUNCTION_ARGS);

/* ---- Settings ---- */

/* refuse turning off a protection anon always applies */
static bool
anon_pa_check_always_on(bool *newval, void **extra, GucSource source,
						const char *what, const char *hint)
{
	if (*newval)
		return true;
	GUC_check_errcode(ERRCODE_FEATURE_NOT_SUPPORTED);
	GUC_check_errmsg("anon cannot turn %s off", what);
	GUC_check_errhint("%s", hint);
	return false;
}

static bool
anon_pa_check_transparent(bool *newval, void **extra, GucSource source)
{
	return anon_pa_check_always_on(newval, extra, source,
								   "transparent dynamic masking",
								   "Masked roles always read masked data from the tables themselves. "
								   "To stop masking a role, remove its label: SECURITY LABEL FOR anon ON ROLE r IS NULL.");
}

/*
 * anon.restrict_to_trusted_schemas = off is accepted and stays on: PA's
 * scripts turn it off around a label and back on, and refusing the SET
 * aborted their transaction.  Nothing is weakened: every label is checked
 * as before (a rule calling an untrusted function is still refused when
 * it is written), the value shown stays "on", and a SET or ALTER ... SET
 * says so with a WARNING.
 */
static bool
anon_pa_check_trusted(bool *newval, void **extra, GucSource source)
{
	if (*newval)
		return true;
	*newval = true;
	if (source >= PGC_S_INTERACTIVE)
		ereport(WARNING,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("anon.restrict_to_trusted_schemas stays on"),
				 errdetail("anon always restricts masking rules to trusted functions: every label is checked as before."),
				 errhint("A masking rule may only call functions of anon, of pg_catalog (the safe ones) "
						 "and of schemas or functions a superuser labels TRUSTED: SECURITY LABEL FOR anon ON SCHEMA s IS 'TRUSTED'.")));
	return true;
}


static bool
anon_pa_check_algorithm(char **newval, void **extra, GucSource source)
{
	static const char *const algs[] = {
		"sha224", "sha256", "sha384", "sha512",
		"sha3-224", "sha3-256", "sha3-384", "sha3-512", "md5", NULL
	};
	int			i;

	if (*newval == NULL)
		return true;
	for (i = 0; algs[i] != NULL; i++)
		if (pg_strcasecmp(*newval, algs[i]) == 0)
			return true;
	GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
	GUC_check_errmsg("unsupported hash algorithm \"%s\"", *newval);
	GUC_check_errhint("Use sha224, sha256, sha384, sha512, sha3-224, sha3-256, sha3-384, sha3-512 or md5 "
					  "(SHA-1 is broken and not offered).");
	return false;
}

/* anon.custom_values must be a JSON object (checked when set), never stored where every role reads it */
static bool
anon_pa_check_custom_values(char **newval, void **extra, GucSource source)
{
	MemoryContext cxt;
	MemoryContext oldcxt;
	bool		ok = true;

	if (*newval == NULL || (*newval)[0] == '\0')
		return true;
	if (!anon_guc_secret_source_ok("anon.custom_values", source))
		return false;
	cxt = AllocSetContextCreate(CurrentMemoryContext, "anon custom values",
								ALLOCSET_SMALL_SIZES);
	oldcxt = MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		Jsonb	   *jb = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(*newval)));

		ok = JB_ROOT_IS_OBJECT(jb);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(oldcxt);
		FlushErrorState();
		ok = false;
	}
	PG_END_TRY();
	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(cxt);
	if (!ok)
	{
		GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
		GUC_check_errmsg("anon.custom_values must be a JSON object");
		GUC_check_errhint("Write keys and text values, such as '{\"city\": \"Roma\"}'.");
	}
	return ok;
}

static bool
anon_pa_check_name(char **newval, void **extra, GucSource source)
{
	if (*newval == NULL || (*newval)[0] == '\0')
	{
		GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
		GUC_check_errmsg("the schema name must not be empty");
		return false;
	}
	if (strlen(*newval) >= NAMEDATALEN)
	{
		GUC_check_errcode(ERRCODE_NAME_TOO_LONG);
		GUC_check_errmsg("the schema name is too long");
		return false;
	}
	return true;
}

/*
 * SHOW anon.custom_values: the constants of rules, for superusers only
 * (GUC_SUPERUSER_ONLY alone shows them to pg_read_all_settings members)
 */
static const char *
anon_pa_show_custom_values(void)
{
	return anon_guc_show_secret(anon_pa_custom_values);
}

void
anon_pa_compat_init(void)
{
	DefineCustomBoolVariable("anon.transparent_dynamic_masking",
							 "PostgreSQL Anonymizer compatibility: masked roles read masked data from the tables.",
							 "anon always masks transparently; this setting can only be on.",
							 &anon_pa_transparent_dynamic_masking,
							 true, PGC_SUSET, 0,
							 anon_pa_check_transparent, NULL, NULL);
	DefineCustomBoolVariable("anon.restrict_to_trusted_schemas",
							 "PostgreSQL Anonymizer compatibility: masking rules call only trusted functions.",
							 "anon always applies this restriction; setting it off draws a WARNING and leaves it on.",
							 &anon_pa_restrict_to_trusted_schemas,
							 true, PGC_SUSET, GUC_SUPERUSER_ONLY,
							 anon_pa_check_trusted, NULL, NULL);
	DefineCustomBoolVariable("anon.strict_mode",
							 "PostgreSQL Anonymizer compatibility: a masking rule's value is cast to its column's type.",
							 "anon always casts it (what PA does when this is on); turning it off changes nothing.",
							 &anon_pa_strict_mode,
							 true, PGC_SUSET, 0,
							 NULL, NULL, NULL);
	DefineCustomBoolVariable("anon.replica_masking",
							 "Allows anon.start_replica_masking(): the rows a logical replica receives are masked as they are written.",
							 "PostgreSQL Anonymizer compatibility; the triggers it creates mask every row written into the masked tables.",
							 &anon_pa_replica_masking,
							 false, PGC_SUSET, 0,
							 NULL, NULL, NULL);
	DefineCustomBoolVariable("anon.static_masking",
							 "Allows static masking (anonymize_table, anonymize_column, anonymize_database).",
							 "Turn it off on a production database so that nobody masks its data in place by mistake.",
							 &anon_pa_static_masking,
							 true, PGC_SUSET, 0,
							 NULL, NULL, NULL);
	DefineCustomStringVariable("anon.algorithm",
							   "PostgreSQL Anonymizer compatibility: the digest algorithm of its pseudonymizing functions.",
							   "anon.hash() always uses HMAC-SHA256 under the database key; anon.digest() takes its algorithm as an argument.",
							   &anon_pa_algorithm,
							   "sha256", PGC_SUSET, GUC_SUPERUSER_ONLY,
							   anon_pa_check_algorithm, NULL, NULL);
	DefineCustomStringVariable("anon.k_anonymity_provider",
							   "PostgreSQL Anonymizer compatibility: the label provider of indirect identifiers.",
							   "anon reads QUASI-IDENTIFIER labels of the anon provider and INDIRECT IDENTIFIER labels of k_anonymity.",
							   &anon_pa_k_anonymity_provider,
							   "k_anonymity", PGC_SUSET, GUC_SUPERUSER_ONLY,
							   NULL, NULL, NULL);
	DefineCustomStringVariable("anon.maskschema",
							   "The schema of the legacy masking views made by anon.start_dynamic_masking().",
							   NULL,
							   &anon_pa_maskschema,
							   "mask", PGC_SUSET, 0,
							   anon_pa_check_name, NULL, NULL);
	DefineCustomStringVariable("anon.sourceschema",
							   "The schema whose tables anon.start_dynamic_masking() makes masking views of.",
							   NULL,
							   &anon_pa_sourceschema,
							   "public", PGC_SUSET, 0,
							   anon_pa_check_name, NULL, NULL);
	DefineCustomStringVariable("anon.custom_values",
							   "Values that masking rules read with anon.custom_value(key), as a JSON object.",
							   "PostgreSQL Anonymizer compatibility; set by a superuser in postgresql.conf, with ALTER SYSTEM or per session (not per role or database: pg_db_role_setting is readable by every role).",
							   &anon_pa_custom_values,
							   "", PGC_SUSET, GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL,
							   anon_pa_check_custom_values, NULL, anon_pa_show_custom_values);
	DefineCustomIntVariable("anon.max_bg_workers",
							"The most background workers anon.anonymize_database_parallel() starts.",
							"PostgreSQL Anonymizer compatibility; max_worker_processes also limits how many start.",
							&anon_pa_max_bg_workers,
							4, 1, 64, PGC_SUSET, 0,
							NULL, NULL, NULL);
	DefineCustomIntVariable("anon.shift",
							"PostgreSQL Anonymizer compatibility: a distance used by some of its pseudonymizing functions.",
							"Accepted for compatibility; no function of anon reads it.",
							&anon_pa_shift,
							0, 0, INT_MAX, PGC_SUSET, GUC_SUPERUSER_ONLY,
							NULL, NULL, NULL);
}

/*
 * anon.custom_value(key [, default]): the value of key in anon.custom_values
 * (a JSON object), as text; the default (or NULL) when the key is missing.
 */
Datum
anon_pa_custom_value(PG_FUNCTION_ARGS)
{
	text	   *key;
	Jsonb	   *jb;
	JsonbValue	vbuf;
	JsonbValue *v;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	key = PG_GETARG_TEXT_PP(0);
	if (anon_pa_custom_values == NULL || anon_pa_custom_values[0] == '\0')
		goto missing;
	jb = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(anon_pa_custom_values)));
	if (!JB_ROOT_IS_OBJECT(jb))
		goto missing;
	v = getKeyJsonValueFromContainer(&jb->root, VARDATA_ANY(key),
									 VARSIZE_ANY_EXHDR(key), &vbuf);
	if (v == NULL || v->type == jbvNull)
		goto missing;
	if (v->type == jbvString)
		PG_RETURN_TEXT_P(cstring_to_text_with_len(v->val.string.val, v->val.string.len));
	PG_RETURN_TEXT_P(cstring_to_text(JsonbToCString(NULL, &JsonbValueToJsonb(v)->root,
													 VARSIZE(JsonbValueToJsonb(v)))));

missing:
	if (PG_NARGS() > 1 && !PG_ARGISNULL(1))
		PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(1));
	PG_RETURN_NULL();
}

/*
 * anon._replica_mask(): the BEFORE INSERT OR UPDATE row trigger of
 * anon.start_replica_masking() (sqlsrc/85_pa_compat2.sql), PostgreSQL
 * Anonymizer's replica masking: a row written into a masked table (by a
 * logical replication apply worker, the trigger being ENABLE ALWAYS, or by
 * anyone) is stored masked, with the masking of static masking for policy
 * anon (rules, inherited rules, MASKED WHEN, privacy by default), so the
 * raw values are never written.  The rules run as the table's owner in a
 * security-restricted operation with search_path = pg_catalog, pg_temp,
 * never as the subscription's owner or whoever writes the row.
 */
Datum
anon_pa_replica_mask(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	tuple;
	HeapTuple	result;
	AnonStaticTable *t;
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
	MemoryContext callcxt = CurrentMemoryContext;
	Datum	   *values;
	bool	   *nulls;
	bool	   *replace;
	int			i;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		TRIGGER_FIRED_BY_DELETE(trigdata->tg_event) ||
		TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("anon._replica_mask() must be a BEFORE INSERT OR UPDATE row trigger")));
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;

	values = palloc(tupdesc->natts * sizeof(Datum));
	nulls = palloc(tupdesc->natts * sizeof(bool));
	replace = palloc0(tupdesc->natts * sizeof(bool));

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(rel->rd_rel->relowner,
						   save_sec_context | SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);

	t = anon_mask_table(rel, anon_policy_index(ANON_DEFAULT_POLICY), NULL, NULL);
	if (t != NULL && t->ncols > 0)
	{
		EState	   *estate = CreateExecutorState();
		ExprContext *econtext = GetPerTupleExprContext(estate);
		TupleTableSlot *slot = MakeSingleTupleTableSlot(tupdesc, &TTSOpsHeapTuple);

		ExecStoreHeapTuple(tuple, slot, false);
		econtext->ecxt_scantuple = slot;
		for (i = 0; i < t->ncols; i++)
		{
			AnonStaticColumn *col = &t->cols[i];
			Form_pg_attribute att = TupleDescAttr(tupdesc, col->attnum - 1);
			ExprState  *state = ExecPrepareExpr((Expr *) col->expr, estate);
			bool		isnull;
			Datum		v = ExecEvalExprSwitchContext(state, econtext, &isnull);
			MemoryContext old = MemoryContextSwitchTo(callcxt);

			values[col->attnum - 1] = isnull ? (Datum) 0 :
				datumCopy(v, att->attbyval, att->attlen);
			nulls[col->attnum - 1] = isnull;
			replace[col->attnum - 1] = true;
			MemoryContextSwitchTo(old);
		}
		ExecDropSingleTupleTableSlot(slot);
		FreeExecutorState(estate);
	}

	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);

	result = heap_modify_tuple(tuple, tupdesc, values, nulls, replace);
	return PointerGetDatum(result);
}

/*
 * anon.get_function_schema(call text): the schema a function call names
 * ('' when it names none), as PostgreSQL Anonymizer's helper of that name
 * answers; an error when the text is not exactly one function call.  It
 * only parses the text (nothing is looked up or run).
 */
Datum
anon_pa_get_function_schema(PG_FUNCTION_ARGS)
{
	char	   *call = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *sql = psprintf("SELECT %s", call);
	List	   *raw;
	Node	   *val = NULL;
	bool		ok = false;

	/* a syntax error is an error too */
	raw = raw_parser(sql, RAW_PARSE_DEFAULT);

	if (list_length(raw) == 1 && IsA(linitial_node(RawStmt, raw)->stmt, SelectStmt))
	{
		SelectStmt *sel = (SelectStmt *) linitial_node(RawStmt, raw)->stmt;

		if (sel->op == SETOP_NONE && sel->fromClause == NIL &&
			list_length(sel->targetList) == 1 && sel->whereClause == NULL)
		{
			val = linitial_node(ResTarget, sel->targetList)->val;
			ok = IsA(val, FuncCall);
		}
	}
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("'%s' is not a valid function call", call)));
	if (list_length(((FuncCall *) val)->funcname) >= 2)
		PG_RETURN_TEXT_P(cstring_to_text(strVal(linitial(((FuncCall *) val)->funcname))));
	PG_RETURN_TEXT_P(cstring_to_text(""));
}

/*
 * ERROR when anon.static_masking is off: called by every function that
 * masks data in place (src/static.c, src/static_noise.c).
 */
void
anon_pa_require_static_masking(void)
{
	if (!anon_pa_static_masking)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("static masking is disabled"),
				 errdetail("anon.static_masking is off in this session, database or server."),
				 errhint("A superuser can allow it with SET anon.static_masking = on.")));
}

/* anon._static_masking_check(): true, or the ERROR above */
Datum
anon_pa_static_masking_check(PG_FUNCTION_ARGS)
{
	anon_pa_require_static_masking();
	PG_RETURN_BOOL(true);
}

/*
 * anon._reader_is_masked(): whether dynamic masking masks the current
 * reader for some policy (src/rules.c decides, as for every query).  The
 * legacy masking views read the table as it is when it does, and apply
 * the rules of policy anon themselves when it does not, so that every
 * reader of mask.t reads masked values exactly once.
 */
Datum
anon_pa_reader_is_masked(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(anon_reader_policy() >= 0);
}

/* ---- One-argument pseudo_*: the salt is anon.salt, else the key ---- */

typedef struct AnonPaPseudoCache
{
	FmgrInfo	salted;			/* pseudo_x(seed, salt) */
	FmgrInfo	keyed;			/* seeded_x(seed) */
} AnonPaPseudoCache;

static void
anon_pa_inner_flinfo(FmgrInfo *inner, FmgrInfo *outer, PGFunction fn, short nargs)
{
	MemSet(inner, 0, sizeof(FmgrInfo));
	inner->fn_addr = fn;
	inner->fn_oid = outer->fn_oid;
	inner->fn_nargs = nargs;
	inner->fn_strict = false;
	inner->fn_retset = false;
	inner->fn_stats = outer->fn_stats;
	inner->fn_mcxt = outer->fn_mcxt;
	inner->fn_expr = outer->fn_expr;	/* the seed's type is read from it */
	inner->fn_extra = NULL;
}

static Datum
anon_pa_pseudo_one(FunctionCallInfo fcinfo, PGFunction salted, PGFunction keyed)
{
	AnonPaPseudoCache *cache = (AnonPaPseudoCache *) fcinfo->flinfo->fn_extra;
	LOCAL_FCINFO(inner, 2);
	Datum		result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
									   sizeof(AnonPaPseudoCache));
		anon_pa_inner_flinfo(&cache->salted, fcinfo->flinfo, salted, 2);
		anon_pa_inner_flinfo(&cache->keyed, fcinfo->flinfo, keyed, 1);
		fcinfo->flinfo->fn_extra = cache;
	}

	if (anon_salt != NULL && anon_salt[0] != '\0')
	{
		/* anon.salt is a secret: key holders and masking rules only */
		const char *salt = anon_salt_check_use() ? anon_salt_throwaway() : anon_salt;

		InitFunctionCallInfoData(*inner, &cache->salted, 2,
								 fcinfo->fncollation, NULL, NULL);
		inner->args[0] = fcinfo->args[0];
		inner->args[1].value = CStringGetTextDatum(salt);
		inner->args[1].isnull = false;
	}
	else
	{
		InitFunctionCallInfoData(*inner, &cache->keyed, 1,
								 fcinfo->fncollation, NULL, NULL);
		inner->args[0] = fcinfo->args[0];
	}
	result = FunctionCallInvoke(inner);
	if (inner->isnull)
		PG_RETURN_NULL();
	return result;
}

#define ANON_PA_PSEUDO(name, salted, keyed) \
Datum \
anon_pa_pseudo_##name(PG_FUNCTION_ARGS) \
{ \
	return anon_pa_pseudo_one(fcinfo, salted, keyed); \
}

ANON_PA_PSEUDO(first_name, anon_pseudo_first_name, anon_seeded_first_name)
ANON_PA_PSEUDO(last_name, anon_pseudo_last_name, anon_seeded_last_name)
ANON_PA_PSEUDO(email, anon_pseudo_email, anon_seeded_free_email)
ANON_PA_PSEUDO(city, anon_pseudo_city, anon_seeded_city_name)
ANON_PA_PSEUDO(country, anon_pseudo_country, anon_seeded_country_name)
ANON_PA_PSEUDO(company, anon_pseudo_company, anon_seeded_company_name)
ANON_PA_PSEUDO(region, anon_pseudo_region, anon_seeded_state_name)

/* ---- pseudo_iban, pseudo_siret: keyed digits ---- */

/*
 * A stream of keyed decimal digits: HMAC-SHA256 over
 * label || 0x00 || uint32_be(len(salt)) || salt || seed || counter, under
 * the salt given (the key is the salt) or, without one, under the
 * database key with anon.salt in the message.  Bytes >= 250 are skipped,
 * so every digit is uniform.
 */
typedef struct AnonPaDigits
{
	StringInfoData msg;			/* the message without its counter */
	const char *salt;			/* HMAC key, or NULL for the database key */
	int			saltlen;
	AnonKey    *key;
	uint32		counter;
	uint8		block[32];
	int			used;
} AnonPaDigits;

static void
anon_pa_digits_refill(AnonPaDigits *d)
{
	uint8		ctr[4];
	unsigned int len = 32;
	int			base = d->msg.len;

	ctr[0] = (d->counter >> 24) & 0xff;
	ctr[1] = (d->counter >> 16) & 0xff;
	ctr[2] = (d->counter >> 8) & 0xff;
	ctr[3] = d->counter & 0xff;
	d->counter++;
	appendBinaryStringInfo(&d->msg, (char *) ctr, 4);
	if (d->salt != NULL)
	{
		if (HMAC(EVP_sha256(), d->salt, d->saltlen,
				 (unsigned char *) d->msg.data, d->msg.len, d->block, &len) == NULL)
			anon_openssl_error("compute an HMAC-SHA256");
	}
	else
		anon_key_hmac_sha256(d->key, d->msg.data, d->msg.len, d->block);
	d->msg.len = base;
	d->msg.data[base] = '\0';
	d->used = 0;
}

static int
anon_pa_digit(AnonPaDigits *d)
{
	for (;;)
	{
		uint8		b;

		if (d->used >= 32)
			anon_pa_digits_refill(d);
		b = d->block[d->used++];
		if (b < 250)
			return b % 10;
	}
}

/* The text form of argument 0 (its type's output function) */
static char *
anon_pa_seed_text(FunctionCallInfo fcinfo)
{
	Oid			type = get_fn_expr_argtype(fcinfo->flinfo, 0);
	Oid			outfn;
	bool		isvarlena;

	if (!OidIsValid(type))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("could not determine the type of the seed")));
	getTypeOutputInfo(type, &outfn, &isvarlena);
	return OidOutputFunctionCall(outfn, PG_GETARG_DATUM(0));
}

/*
 * Set up the digit stream of a pseudo_iban / pseudo_siret call; false when
 * the seed is NULL (the caller returns NULL).
 */
static bool
anon_pa_digits_start(FunctionCallInfo fcinfo, AnonPaDigits *d,
					 const char *label, const char *funcname)
{
	const char *salt = NULL;
	int			saltlen = 0;
	char	   *seed;
	uint32		slen;

	if (PG_NARGS() > 1)
	{
		text	   *t;

		if (PG_ARGISNULL(1))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("salt of %s must not be null", funcname),
					 errhint("Pass a secret salt, or use the one-argument form, which uses anon.salt or the database key.")));
		t = PG_GETARG_TEXT_PP(1);
		saltlen = VARSIZE_ANY_EXHDR(t);
		if (saltlen == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("salt of %s must not be empty", funcname),
					 errhint("Without a secret salt, anyone can recompute the pseudonyms of guessed values.")));
		salt = text_to_cstring(t);
	}
	if (PG_ARGISNULL(0))
		return false;
	seed = anon_pa_seed_text(fcinfo);

	memset(d, 0, sizeof(*d));
	initStringInfo(&d->msg);
	appendStringInfoString(&d->msg, label);
	appendStringInfoChar(&d->msg, '\0');
	if (salt != NULL)
	{
		d->salt = salt;
		d->saltlen = saltlen;
		slen = 0;
	}
	else
	{
		/* no salt given: the database key, anon.salt in the message */
		d->key = anon_key_get_default();
		salt = anon_salt ? anon_salt : "";
		slen = strlen(salt);
	}
	appendStringInfoChar(&d->msg, (char) ((slen >> 24) & 0xff));
	appendStringInfoChar(&d->msg, (char) ((slen >> 16) & 0xff));
	appendStringInfoChar(&d->msg, (char) ((slen >> 8) & 0xff));
	appendStringInfoChar(&d->msg, (char) (slen & 0xff));
	if (d->key != NULL)
		appendBinaryStringInfo(&d->msg, salt, slen);
	appendStringInfoString(&d->msg, seed);
	d->used = 32;
	return true;
}

/* Luhn check digit of the digits s[0..n-1] (ASCII) */
static int
anon_pa_luhn(const char *s, int n)
{
	int			sum = 0;
	int			i;

	for (i = n - 1; i >= 0; i--)
	{
		int			dgt = s[i] - '0';

		if ((n - 1 - i) % 2 == 0)
		{
			dgt *= 2;
			if (dgt > 9)
				dgt -= 9;
		}
		sum += dgt;
	}
	return (10 - sum % 10) % 10;
}

/*
 * anon.pseudo_iban(seed [, salt]): an IBAN of France, FR + 2 check digits
 * + 23 keyed digits, valid by ISO 13616 (mod 97).
 */
Datum
anon_pa_pseudo_iban(PG_FUNCTION_ARGS)
{
	AnonPaDigits d;
	char		iban[28];
	int			mod = 0;
	int			i;
	const char *tail = "152700";	/* F = 15, R = 27, then 00 */

	if (!anon_pa_digits_start(fcinfo, &d, "pseudo_iban", "anon.pseudo_iban"))
		PG_RETURN_NULL();
	iban[0] = 'F';
	iban[1] = 'R';
	for (i = 4; i < 27; i++)
		iban[i] = '0' + anon_pa_digit(&d);
	iban[27] = '\0';
	/* check digits: 98 - (BBAN || "FR00" as digits) mod 97 */
	for (i = 4; i < 27; i++)
		mod = (mod * 10 + (iban[i] - '0')) % 97;
	for (i = 0; tail[i]; i++)
		mod = (mod * 10 + (tail[i] - '0')) % 97;
	mod = 98 - mod;
	iban[2] = '0' + mod / 10;
	iban[3] = '0' + mod % 10;
	PG_RETURN_TEXT_P(cstring_to_text(iban));
}

/*
 * anon.pseudo_siret(seed [, salt]): 14 digits, a SIREN of 9 (Luhn-valid)
 * and an establishment number of 5, the whole Luhn-valid too.
 */
Datum
anon_pa_pseudo_siret(PG_FUNCTION_ARGS)
{
	AnonPaDigits d;
	char		siret[15];
	int			i;

	if (!anon_pa_digits_start(fcinfo, &d, "pseudo_siret", "anon.pseudo_siret"))
		PG_RETURN_NULL();
	for (i = 0; i < 8; i++)
		siret[i] = '0' + anon_pa_digit(&d);
	siret[8] = '0' + anon_pa_luhn(siret, 8);
	for (i = 9; i < 13; i++)
		siret[i] = '0' + anon_pa_digit(&d);
	siret[13] = '0' + anon_pa_luhn(siret, 13);
	siret[14] = '\0';
	PG_RETURN_TEXT_P(cstring_to_text(siret));
}

/*
 * anon.pseudo_siren(seed [, salt]): 9 digits, Luhn-valid (the SIREN of the
 * SIRET pseudo_siret gives for the same seed and salt).
 */
Datum
anon_pa_pseudo_siren(PG_FUNCTION_ARGS)
{
	AnonPaDigits d;
	char		siren[10];
	int			i;

	if (!anon_pa_digits_start(fcinfo, &d, "pseudo_siret", "anon.pseudo_siren"))
		PG_RETURN_NULL();
	for (i = 0; i < 8; i++)
		siren[i] = '0' + anon_pa_digit(&d);
	siren[8] = '0' + anon_pa_luhn(siren, 8);
	siren[9] = '\0';
	PG_RETURN_TEXT_P(cstring_to_text(siren));
}

/* ---- image_blur ---- */

/* an image's pixels inside its bytea: where, how many, how laid out */
typedef struct AnonPaImage
{
	int			width;
	int			height;
	int			channels;		/* samples per pixel */
	int			sample_bytes;	/* 1, or 2 (big-endian, PNM only) */
	int			maxval;
	size_t		offset;			/* first pixel byte */
	size_t		row_stride;		/* bytes from one row to the next */
} AnonPaImage;

/* images above this many samples are refused (memory for the blur) */
#define ANON_PA_MAX_SAMPLES (16 * 1024 * 1024)

static void
anon_pa_bad_image(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("anon.image_blur cannot read this image"),
			 errdetail("%s", detail),
			 errhint("anon.image_blur reads binary PGM/PPM (P5, P6) and uncompressed BMP (24 or 32 bits). "
					 "Convert images to one of them, or mask the column WITH VALUE NULL.")));
}

/* read a PNM header integer after whitespace and comments */
static bool
anon_pa_pnm_int(const uint8 *p, size_t len, size_t *pos, int *out)
{
	int64		v = 0;
	bool		any = false;

	for (;;)
	{
		while (*pos < len && (p[*pos] == ' ' || p[*pos] == '\t' ||
							  p[*pos] == '\n' || p[*pos] == '\r'))
			(*pos)++;
		if (*pos < len && p[*pos] == '#')
		{
			while (*pos < len && p[*pos] != '\n')
				(*pos)++;
			continue;
		}
		break;
	}
	while (*pos < len && p[*pos] >= '0' && p[*pos] <= '9')
	{
		v = v * 10 + (p[*pos] - '0');
		if (v > PG_INT32_MAX)
			return false;
		(*pos)++;
		any = true;
	}
	*out = (int) v;
	return any;
}

static uint32
anon_pa_le32(const uint8 *p)
{
	return (uint32) p[0] | ((uint32) p[1] << 8) | ((uint32) p[2] << 16) |
		((uint32) p[3] << 24);
}

/*
 * A size of at least one pixel and at most ANON_PA_MAX_SAMPLES samples,
 * checked one factor at a time so that no product can overflow.
 */
static bool
anon_pa_size_ok(const AnonPaImage *img)
{
	if (img->width < 1 || img->height < 1 || img->channels < 1 ||
		img->width > ANON_PA_MAX_SAMPLES || img->height > ANON_PA_MAX_SAMPLES)
		return false;
	return (int64) img->width * img->height <= ANON_PA_MAX_SAMPLES / img->channels;
}

static void
anon_pa_image_parse(const uint8 *p, size_t len, AnonPaImage *img)
{
	memset(img, 0, sizeof(*img));
	if (len >= 2 && p[0] == 'P' && (p[1] == '5' || p[1] == '6'))
	{
		size_t		pos = 2;

		img->channels = (p[1] == '5') ? 1 : 3;
		if (!anon_pa_pnm_int(p, len, &pos, &img->width) ||
			!anon_pa_pnm_int(p, len, &pos, &img->height) ||
			!anon_pa_pnm_int(p, len, &pos, &img->maxval))
			anon_pa_bad_image("Its PNM header is truncated.");
		if (pos >= len || !(p[pos] == ' ' || p[pos] == '\t' ||
							p[pos] == '\n' || p[pos] == '\r'))
			anon_pa_bad_image("Its PNM header is not followed by a whitespace character.");
		pos++;
		if (img->maxval < 1 || img->maxval > 65535)
			anon_pa_bad_image("Its PNM maximum value is not between 1 and 65535.");
		img->sample_bytes = img->maxval > 255 ? 2 : 1;
		img->offset = pos;
		if (!anon_pa_size_ok(img))
			anon_pa_bad_image("Its size is empty or larger than 16 million samples.");
		img->row_stride = (size_t) img->width * img->channels * img->sample_bytes;
		if (img->offset + img->row_stride * img->height > len)
			anon_pa_bad_image("Its pixel data are truncated.");
		return;
	}
	if (len >= 54 && p[0] == 'B' && p[1] == 'M')
	{
		uint32		dataoff = anon_pa_le32(p + 10);
		uint32		dibsize = anon_pa_le32(p + 14);
		int32		w = (int32) anon_pa_le32(p + 18);
		int32		h = (int32) anon_pa_le32(p + 22);
		int			planes = p[26] | (p[27] << 8);
		int			bpp = p[28] | (p[29] << 8);
		uint32		compression = anon_pa_le32(p + 30);

		if (dibsize < 40 || planes != 1)
			anon_pa_bad_image("Its BMP header is not a BITMAPINFOHEADER or later.");
		if ((bpp != 24 && bpp != 32) || compression != 0)
			anon_pa_bad_image("It is a BMP with a palette or compression; only 24 and 32 bits per pixel, uncompressed, are read.");
		if (h == PG_INT32_MIN)
			anon_pa_bad_image("Its BMP height is invalid.");
		img->width = w;
		img->height = h < 0 ? -h : h;
		img->channels = bpp / 8;
		img->sample_bytes = 1;
		img->maxval = 255;
		img->offset = dataoff;
		if (!anon_pa_size_ok(img))
			anon_pa_bad_image("Its size is empty or larger than 16 million samples.");
		img->row_stride = (((size_t) img->width * bpp + 31) / 32) * 4;
		if (img->offset < 54 || img->offset + img->row_stride * img->height > len)
			anon_pa_bad_image("Its pixel data are truncated.");
		return;
	}
	anon_pa_bad_image("It is not a binary PGM/PPM or an uncompressed BMP image.");
}

/*
 * An image in a format anon does not decode (JPEG, PNG, GIF, TIFF, WebP,
 * OpenEXR, a BMP with a palette or compression): masked to NULL, as the
 * safe answer that never shows the image.  PostgreSQL Anonymizer blurs
 * them, so its scripts (and a masked read of such a column) keep working;
 * anything that is not an image at all is still an error.
 */
static bool
anon_pa_image_undecoded(const uint8 *p, size_t len)
{
	if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return true;			/* JPEG */
	if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return true;			/* PNG */
	if (len >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
		return true;			/* GIF */
	if (len >= 4 && (memcmp(p, "II*\0", 4) == 0 || memcmp(p, "MM\0*", 4) == 0))
		return true;			/* TIFF */
	if (len >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return true;			/* WebP */
	if (len >= 4 && p[0] == 0x76 && p[1] == 0x2F && p[2] == 0x31 && p[3] == 0x01)
		return true;			/* OpenEXR */
	if (len >= 54 && p[0] == 'B' && p[1] == 'M')
	{
		int			bpp = p[28] | (p[29] << 8);
		uint32		compression = anon_pa_le32(p + 30);

		if ((bpp != 24 && bpp != 32) || compression != 0)
			return true;		/* BMP with a palette or compression */
	}
	return false;
}

static inline float
anon_pa_get(const uint8 *p, const AnonPaImage *img, int x, int y, int c)
{
	const uint8 *s = p + img->offset + (size_t) y * img->row_stride +
		((size_t) x * img->channels + c) * img->sample_bytes;

	return img->sample_bytes == 2 ? (float) ((s[0] << 8) | s[1]) : (float) s[0];
}

static inline void
anon_pa_put(uint8 *p, const AnonPaImage *img, int x, int y, int c, float v)
{
	uint8	   *s = p + img->offset + (size_t) y * img->row_stride +
		((size_t) x * img->channels + c) * img->sample_bytes;
	long		r = lrintf(v);

	if (r < 0)
		r = 0;
	if (r > img->maxval)
		r = img->maxval;
	if (img->sample_bytes == 2)
	{
		s[0] = (uint8) (r >> 8);
		s[1] = (uint8) (r & 0xff);
	}
	else
		s[0] = (uint8) r;
}

/*
 * anon.image_blur(data bytea, sigma double precision DEFAULT 1.0): the
 * image blurred by a Gaussian of standard deviation sigma pixels.
 */
Datum
anon_pa_image_blur(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	float8		sigma = PG_GETARG_FLOAT8(1);
	size_t		len = VARSIZE_ANY_EXHDR(in);
	const uint8 *src = (const uint8 *) VARDATA_ANY(in);
	bytea	   *out;
	uint8	   *dst;
	AnonPaImage img;
	int			radius;
	float	   *kernel;
	float	   *tmp;
	size_t		npix;
	int			x,
				y,
				c,
				k;

	if (isnan(sigma) || sigma <= 0.0 || sigma > 100.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sigma of anon.image_blur must be greater than 0 and at most 100")));
	if (anon_pa_image_undecoded(src, len))
		PG_RETURN_NULL();
	anon_pa_image_parse(src, len, &img);

	out = (bytea *) palloc(VARHDRSZ + len);
	SET_VARSIZE(out, VARHDRSZ + len);
	dst = (uint8 *) VARDATA(out);
	memcpy(dst, src, len);

	/* beyond the image, clamped edges add nothing a shorter kernel lacks */
	radius = (int) ceil(3.0 * sigma);
	if (radius > Max(img.width, img.height))
		radius = Max(img.width, img.height);
	kernel = palloc((2 * radius + 1) * sizeof(float));
	{
		double		sum = 0.0;

		for (k = -radius; k <= radius; k++)
		{
			kernel[k + radius] = (float) exp(-(double) (k * k) / (2.0 * sigma * sigma));
			sum += kernel[k + radius];
		}
		for (k = 0; k <= 2 * radius; k++)
			kernel[k] = (float) (kernel[k] / sum);
	}

	npix = (size_t) img.width * img.height;
	tmp = palloc(npix * img.channels * sizeof(float));

	/* horizontal pass into tmp, then vertical pass into dst */
	for (y = 0; y < img.height; y++)
	{
		CHECK_FOR_INTERRUPTS();
		for (x = 0; x < img.width; x++)
			for (c = 0; c < img.channels; c++)
			{
				float		acc = 0.0f;

				for (k = -radius; k <= radius; k++)
				{
					int			xx = x + k;

					if (xx < 0)
						xx = 0;
					else if (xx >= img.width)
						xx = img.width - 1;
					acc += kernel[k + radius] * anon_pa_get(src, &img, xx, y, c);
				}
				tmp[((size_t) y * img.width + x) * img.channels + c] = acc;
			}
	}
	for (y = 0; y < img.height; y++)
	{
		CHECK_FOR_INTERRUPTS();
		for (x = 0; x < img.width; x++)
			for (c = 0; c < img.channels; c++)
			{
				float		acc = 0.0f;

				for (k = -radius; k <= radius; k++)
				{
					int			yy = y + k;

					if (yy < 0)
						yy = 0;
					else if (yy >= img.height)
						yy = img.height - 1;
					acc += kernel[k + radius] *
						tmp[((size_t) yy * img.width + x) * img.channels + c];
				}
				anon_pa_put(dst, &img, x, y, c, acc);
			}
	}
	pfree(tmp);
	pfree(kernel);
	PG_RETURN_BYTEA_P(out);
}
