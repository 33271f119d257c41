/*-------------------------------------------------------------------------
 *
 * dict.c
 *		Dictionaries of fake values by name and locale.
 *
 * Design.  The built-in dictionaries are arrays of string literals
 * compiled into the library (src/dict_data.c, generated from data/dict by
 * scripts/gen-dicts.sh), so a backend neither reads files nor parses
 * anything to use them.  The DBA's own dictionaries live in the table
 * anon.dictionaries (filled with anon.load_dictionary(), dumped by pg_dump
 * as extension configuration); a custom dictionary with the name and
 * locale of a built-in one replaces it.
 *
 * Each backend builds, on first use, one hash table (name, locale) ->
 * AnonDict in a child of CacheMemoryContext: pointers to the built-in
 * arrays, plus copies of the rows of anon.dictionaries read with SPI.  A
 * statement-level trigger on that table sends a relcache invalidation for
 * it; the relcache callback marks the hash stale, and the next
 * anon_dict_get() rebuilds it and bumps the generation counter, which
 * callers caching handles compare against.  The stale flag is cleared
 * before the table is read, so an invalidation that arrives while reading
 * it is not lost.
 *
 * Keyed choice (pseudonyms).  anon_dict_keyed_index() reads the output of
 * HMAC-SHA256(key, label || 0x00 || msg [|| counter byte]) as a stream of
 * 64-bit words and returns the first word w < n * floor((2^64 - 1) / n)
 * reduced modulo n: exact rejection sampling, so every entry is equally
 * likely for a pseudo-random HMAC.  A word is rejected with probability
 * below n / 2^64, so the first block (4 words) practically always suffices;
 * further blocks append a counter byte to the message.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <openssl/evp.h>

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "compat.h"
#include "dict.h"
#include "dict_data.h"
#include "random.h"

/* ---- Types ---- */

typedef struct AnonDictKey
{
	char		name[NAMEDATALEN];
	char		locale[NAMEDATALEN];
} AnonDictKey;

struct AnonDict
{
	AnonDictKey key;			/* hash key: must be first */
	int			nentries;
	const char *const *entries;
	bool		custom;			/* from anon.dictionaries */
};

/* ---- GUC variables ---- */

char	   *anon_locale = NULL;
char	   *anon_dummy_locale = NULL;

/* ---- Backend state ---- */

static bool anon_dict_callback_registered = false;
static MemoryContext anon_dict_cxt = NULL;
static HTAB *anon_dict_hash = NULL;
static bool anon_dict_valid = false;
static Oid	anon_dict_table_oid = InvalidOid;
static uint64 anon_dict_gen = 0;

/* ---- Function declarations ---- */

PG_FUNCTION_INFO_V1(anon_dictionary_entries);
PG_FUNCTION_INFO_V1(anon_dictionaries);
PG_FUNCTION_INFO_V1(anon_dict_invalidate);

static bool anon_locale_check(char **newval, void **extra, GucSource source);
static bool anon_dummy_locale_check(char **newval, void **extra, GucSource source);
static void anon_dict_relcache_cb(Datum arg, Oid relid);
static void anon_dict_build(void);
static void anon_dict_load_custom(void);
static void anon_dict_missing(const char *name, const char *locale);

/*
 * A locale name: two or three lower-case letters, optionally followed by
 * an underscore and two upper-case letters (en, en_US, fil_PH).
 */
static bool
anon_valid_locale(const char *s)
{
	int			i = 0;

	while (s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return false;
	if (s[i] == '\0')
		return true;
	return s[i] == '_' &&
		s[i + 1] >= 'A' && s[i + 1] <= 'Z' &&
		s[i + 2] >= 'A' && s[i + 2] <= 'Z' &&
		s[i + 3] == '\0';
}

static bool
anon_locale_check(char **newval, void **extra, GucSource source)
{
	if (*newval == NULL || !anon_valid_locale(*newval))
	{
		GUC_check_errdetail("A locale is two or three lower-case letters, optionally followed by an underscore and a two-letter upper-case country code, such as \"en_US\".");
		return false;
	}
	return true;
}

/* anon.dummy_locale: empty (not set) or a locale name */
static bool
anon_dummy_locale_check(char **newval, void **extra, GucSource source)
{
	if (*newval == NULL || **newval == '\0')
		return true;
	return anon_locale_check(newval, extra, source);
}

/*
 * Define anon.locale and anon.dummy_locale.
 */
void
anon_dict_init(void)
{
	DefineCustomStringVariable("anon.locale",
							   "Locale of the fake values of anon.fake_* and anon.dummy_* functions.",
							   "Dictionaries of first names, cities and so on exist per locale; this one is used when a function is not given a locale.",
							   &anon_locale,
							   "en_US",
							   PGC_USERSET,
							   0,
							   anon_locale_check,
							   NULL,
							   NULL);
	DefineCustomStringVariable("anon.dummy_locale",
							   "PostgreSQL Anonymizer's name for the locale of fake values; when set, it overrides anon.locale.",
							   "Empty by default, so that anon.locale is used.  Policies written for PostgreSQL Anonymizer set this one.",
							   &anon_dummy_locale,
							   "",
							   PGC_USERSET,
							   0,
							   anon_dummy_locale_check,
							   NULL,
							   NULL);
}

/*
 * The current locale: anon.dummy_locale when set, else anon.locale, also
 * when the library was not preloaded
 * (then the GUC is only a placeholder, or not set at all).
 */
const char *
anon_dict_locale(void)
{
	const char *l;

	if (anon_dummy_locale != NULL && anon_dummy_locale[0] != '\0')
		return anon_dummy_locale;
	if (anon_locale != NULL)
		return anon_locale;
	l = GetConfigOption("anon.dummy_locale", true, false);
	if (l != NULL && anon_valid_locale(l))
		return l;
	l = GetConfigOption("anon.locale", true, false);
	return (l != NULL && anon_valid_locale(l)) ? l : "en_US";
}

static void
anon_dict_relcache_cb(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == anon_dict_table_oid ||
		anon_dict_table_oid == InvalidOid)
		anon_dict_valid = false;
}

/*
 * 0 while the dictionaries changed since the last build (the next
 * anon_dict_get() rebuilds them): a caller's cached handles then miss, and
 * a changed custom dictionary is used from the next call on.
 */
uint64
anon_dict_generation(void)
{
	return anon_dict_valid && anon_dict_hash != NULL ? anon_dict_gen : 0;
}

static void
anon_dict_key(AnonDictKey *key, const char *name, const char *locale)
{
	memset(key, 0, sizeof(*key));
	strlcpy(key->name, name, NAMEDATALEN);
	strlcpy(key->locale, locale, NAMEDATALEN);
}

/*
 * (Re)build the hash of dictionaries: the built-in ones, then the custom
 * ones on top.
 */
static void
anon_dict_build(void)
{
	HASHCTL		ctl;
	int			i;

	if (!anon_dict_callback_registered)
	{
		CacheRegisterRelcacheCallback(anon_dict_relcache_cb, (Datum) 0);
		anon_dict_callback_registered = true;
	}
	if (anon_dict_cxt == NULL)
		anon_dict_cxt = AllocSetContextCreate(CacheMemoryContext,
											  "anon dictionaries",
											  ALLOCSET_DEFAULT_SIZES);
	else
		MemoryContextReset(anon_dict_cxt);
	anon_dict_hash = NULL;
	anon_dict_gen++;

	/* cleared first: an invalidation while we read the table is kept */
	anon_dict_valid = true;

	ctl.keysize = sizeof(AnonDictKey);
	ctl.entrysize = sizeof(AnonDict);
	ctl.hcxt = anon_dict_cxt;
	anon_dict_hash = hash_create("anon dictionaries", 128, &ctl,
								 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	for (i = 0; i < anon_builtin_dicts_count; i++)
	{
		const AnonBuiltinDict *b = &anon_builtin_dicts[i];
		AnonDictKey key;
		AnonDict   *d;

		anon_dict_key(&key, b->name, b->locale);
		d = hash_search(anon_dict_hash, &key, HASH_ENTER, NULL);
		d->nentries = b->nentries;
		d->entries = b->entries;
		d->custom = false;
	}

	PG_TRY();
	{
		anon_dict_load_custom();
	}
	PG_CATCH();
	{
		anon_dict_valid = false;
		PG_RE_THROW();
	}
	PG_END_TRY();
}

/*
 * Add the rows of anon.dictionaries (when the extension exists in this
 * database) to the hash, replacing built-in dictionaries of the same name
 * and locale.
 */
static void
anon_dict_load_custom(void)
{
	Oid			nsp;
	uint64		r;

	nsp = get_namespace_oid("anon", true);
	anon_dict_table_oid = OidIsValid(nsp) ?
		get_relname_relid("dictionaries", nsp) : InvalidOid;
	if (!OidIsValid(anon_dict_table_oid))
		return;

	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("could not connect to SPI to read anon.dictionaries")));
	if (SPI_execute("SELECT name, locale, entries FROM anon.dictionaries",
					true, 0) != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not read anon.dictionaries"),
				 errhint("Check that the table anon.dictionaries exists and is readable by the extension.")));

	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull[3];
		Datum		name = SPI_getbinval(tup, desc, 1, &isnull[0]);
		Datum		locale = SPI_getbinval(tup, desc, 2, &isnull[1]);
		Datum		arr = SPI_getbinval(tup, desc, 3, &isnull[2]);
		Datum	   *elems;
		bool	   *nulls;
		int			nelems;
		int			i;
		int			n = 0;
		char	  **entries;
		char	   *namestr;
		char	   *localestr;
		AnonDictKey key;
		AnonDict   *d;

		if (isnull[0] || isnull[1] || isnull[2])
			continue;
		namestr = TextDatumGetCString(name);
		localestr = TextDatumGetCString(locale);
		if (strlen(namestr) >= NAMEDATALEN || strlen(localestr) >= NAMEDATALEN)
			continue;
		deconstruct_array(DatumGetArrayTypeP(arr), TEXTOID, -1, false,
						  TYPALIGN_INT, &elems, &nulls, &nelems);
		entries = MemoryContextAlloc(anon_dict_cxt,
									 sizeof(char *) * Max(nelems, 1));
		for (i = 0; i < nelems; i++)
		{
			if (nulls[i])
				continue;
			entries[n++] = MemoryContextStrdup(anon_dict_cxt,
											   TextDatumGetCString(elems[i]));
		}
		if (n == 0)
			continue;

		anon_dict_key(&key, namestr, localestr);
		d = hash_search(anon_dict_hash, &key, HASH_ENTER, NULL);
		d->nentries = n;
		d->entries = (const char *const *) entries;
		d->custom = true;
	}

	SPI_finish();
}

const AnonDict *
anon_dict_lookup(const char *name, const char *locale)
{
	AnonDictKey key;

	if (locale == NULL)
		locale = anon_dict_locale();
	if (!anon_dict_valid || anon_dict_hash == NULL)
		anon_dict_build();
	if (strlen(name) >= NAMEDATALEN || strlen(locale) >= NAMEDATALEN)
		return NULL;
	anon_dict_key(&key, name, locale);
	return hash_search(anon_dict_hash, &key, HASH_FIND, NULL);
}

const AnonDict *
anon_dict_get(const char *name, const char *locale)
{
	const AnonDict *d;

	if (locale == NULL)
		locale = anon_dict_locale();
	d = anon_dict_lookup(name, locale);
	if (d == NULL)
		anon_dict_missing(name, locale);
	return d;
}

/* list_sort comparator for a list of C strings */
static int
anon_cmp_str(const ListCell *a, const ListCell *b)
{
	return strcmp(lfirst(a), lfirst(b));
}

/* append the sorted, distinct values of one key field, comma-separated */
static void
anon_dict_list(StringInfo buf, const char *name)
{
	HASH_SEQ_STATUS seq;
	AnonDict   *d;
	List	   *items = NIL;
	ListCell   *lc;
	const char *prev = NULL;

	hash_seq_init(&seq, anon_dict_hash);
	while ((d = hash_seq_search(&seq)) != NULL)
	{
		if (name == NULL)
			items = lappend(items, d->key.name);
		else if (strcmp(d->key.name, name) == 0)
			items = lappend(items, d->key.locale);
	}
	list_sort(items, anon_cmp_str);
	foreach(lc, items)
	{
		const char *s = lfirst(lc);

		if (prev != NULL && strcmp(prev, s) == 0)
			continue;
		appendStringInfo(buf, "%s%s", prev ? ", " : "", s);
		prev = s;
	}
}

static void
anon_dict_missing(const char *name, const char *locale)
{
	StringInfoData buf;
	bool		known_name = false;
	HASH_SEQ_STATUS seq;
	AnonDict   *d;

	hash_seq_init(&seq, anon_dict_hash);
	while ((d = hash_seq_search(&seq)) != NULL)
		if (strcmp(d->key.name, name) == 0)
			known_name = true;

	initStringInfo(&buf);
	if (!known_name)
	{
		anon_dict_list(&buf, NULL);
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("dictionary \"%s\" does not exist", name),
				 errhint("Dictionaries are: %s.  Add one with anon.load_dictionary().",
						 buf.data)));
	}
	anon_dict_list(&buf, name);
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_OBJECT),
			 errmsg("dictionary \"%s\" has no locale \"%s\"", name, locale),
			 errhint("Locales of \"%s\" are: %s.  Set anon.locale to one of them, or add one with anon.load_dictionary().",
					 name, buf.data)));
}

int
anon_dict_size(const AnonDict *h)
{
	return h->nentries;
}

const char *
anon_dict_entry(const AnonDict *h, int i)
{
	Assert(i >= 0 && i < h->nentries);
	return h->entries[i];
}

const char *
anon_dict_random_entry(const AnonDict *h)
{
	return h->entries[anon_random_below((uint64) h->nentries)];
}

int
anon_keyed_index(uint64 n, const char *label, const char *msg, int msglen,
				 AnonMacFunc mac, void *arg)
{
	uint64		limit = (PG_UINT64_MAX / n) * n;
	StringInfoData m;
	int			block;

	initStringInfo(&m);
	appendStringInfoString(&m, label);
	appendStringInfoChar(&m, '\0');
	appendBinaryStringInfo(&m, msg, msglen);

	for (block = 0; block < 256; block++)
	{
		uint8		md[32];
		int			off;

		if (block > 0)
		{
			char		c = (char) block;

			if (block > 1)
				m.len--;		/* replace the previous counter byte */
			appendBinaryStringInfo(&m, &c, 1);
		}
		mac(arg, m.data, (size_t) m.len, md);
		for (off = 0; off + 8 <= 32; off += 8)
		{
			uint64		w = 0;
			int			j;

			for (j = 0; j < 8; j++)
				w = (w << 8) | md[off + j];
			if (w < limit)
			{
				pfree(m.data);
				return (int) (w % n);
			}
		}
	}
	/* 1024 rejections in a row: probability below 2^-1024 */
	elog(ERROR, "HMAC stream exhausted");
	return 0;					/* keep compiler quiet */
}

/*
 * HMAC-SHA256 states of recently used salts.  A one-shot HMAC() derives the
 * key pads and fetches the digest on every call, which costs more than the
 * MAC of a short message itself; pseudo_* are called once per row with the
 * same salt, so the states after the key pads are kept per salt, as
 * keys.c keeps them per key, and each call only copies them.  A small
 * backend-local table, most recent first; the salt's bytes are kept to
 * compare (they are as secret as the states, which live as long).
 */
#define ANON_SALT_CACHE_SIZE 8

typedef struct AnonSaltState
{
	char	   *salt;			/* in TopMemoryContext; NULL: free slot */
	int			saltlen;
	EVP_MD_CTX *inner;			/* SHA-256 after (key ^ ipad) */
	EVP_MD_CTX *outer;			/* SHA-256 after (key ^ opad) */
} AnonSaltState;

static AnonSaltState anon_salt_cache[ANON_SALT_CACHE_SIZE];
static EVP_MD_CTX *anon_salt_tmp = NULL;

static void
anon_salt_state_free(AnonSaltState *st)
{
	if (st->salt != NULL)
	{
		explicit_bzero(st->salt, st->saltlen);
		pfree(st->salt);
	}
	EVP_MD_CTX_free(st->inner);
	EVP_MD_CTX_free(st->outer);
	memset(st, 0, sizeof(*st));
}

static void
anon_salt_error(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
			 errmsg("could not compute HMAC-SHA256 with OpenSSL")));
}

/* the cached states of salt, computed at its first use */
static AnonSaltState *
anon_salt_state(const char *salt, int saltlen)
{
	AnonSaltState st;
	uint8		key[64];
	uint8		pad[64];
	int			i;
	bool		ok;

	for (i = 0; i < ANON_SALT_CACHE_SIZE; i++)
	{
		AnonSaltState *c = &anon_salt_cache[i];

		if (c->salt != NULL && c->saltlen == saltlen &&
			memcmp(c->salt, salt, saltlen) == 0)
		{
			if (i > 0)
			{
				/* most recent first */
				st = *c;
				memmove(&anon_salt_cache[1], &anon_salt_cache[0],
						sizeof(AnonSaltState) * i);
				anon_salt_cache[0] = st;
			}
			return &anon_salt_cache[0];
		}
	}

	if (anon_salt_tmp == NULL)
	{
		anon_salt_tmp = EVP_MD_CTX_new();
		if (anon_salt_tmp == NULL)
			anon_salt_error();
	}

	/* RFC 2104: a key longer than the block is hashed first */
	memset(key, 0, sizeof(key));
	if (saltlen > 64)
	{
		unsigned int mdlen = 0;

		if (EVP_Digest(salt, saltlen, key, &mdlen, EVP_sha256(), NULL) != 1)
			anon_salt_error();
	}
	else
		memcpy(key, salt, saltlen);

	memset(&st, 0, sizeof(st));
	st.inner = EVP_MD_CTX_new();
	st.outer = EVP_MD_CTX_new();
	for (i = 0; i < 64; i++)
		pad[i] = key[i] ^ 0x36;
	ok = st.inner != NULL && st.outer != NULL &&
		EVP_DigestInit_ex(st.inner, EVP_sha256(), NULL) == 1 &&
		EVP_DigestUpdate(st.inner, pad, 64) == 1;
	for (i = 0; i < 64; i++)
		pad[i] = key[i] ^ 0x5c;
	ok = ok && EVP_DigestInit_ex(st.outer, EVP_sha256(), NULL) == 1 &&
		EVP_DigestUpdate(st.outer, pad, 64) == 1;
	explicit_bzero(pad, sizeof(pad));
	explicit_bzero(key, sizeof(key));
	if (!ok)
	{
		EVP_MD_CTX_free(st.inner);
		EVP_MD_CTX_free(st.outer);
		anon_salt_error();
	}
	st.salt = MemoryContextAlloc(TopMemoryContext, Max(saltlen, 1));
	memcpy(st.salt, salt, saltlen);
	st.saltlen = saltlen;

	/* evict the least recent, then insert first */
	anon_salt_state_free(&anon_salt_cache[ANON_SALT_CACHE_SIZE - 1]);
	memmove(&anon_salt_cache[1], &anon_salt_cache[0],
			sizeof(AnonSaltState) * (ANON_SALT_CACHE_SIZE - 1));
	anon_salt_cache[0] = st;
	return &anon_salt_cache[0];
}

static void
anon_dict_salt_hmac(void *arg, const char *msg, size_t len, uint8 *md)
{
	AnonSaltState *st = (AnonSaltState *) arg;
	uint8		inner[32];
	unsigned int outlen;

	if (EVP_MD_CTX_copy_ex(anon_salt_tmp, st->inner) != 1 ||
		EVP_DigestUpdate(anon_salt_tmp, msg, len) != 1 ||
		EVP_DigestFinal_ex(anon_salt_tmp, inner, &outlen) != 1 ||
		EVP_MD_CTX_copy_ex(anon_salt_tmp, st->outer) != 1 ||
		EVP_DigestUpdate(anon_salt_tmp, inner, 32) != 1 ||
		EVP_DigestFinal_ex(anon_salt_tmp, md, &outlen) != 1 ||
		outlen != 32)
		anon_salt_error();
}

int
anon_dict_keyed_index(const AnonDict *h, const char *label,
					  const char *key, int keylen,
					  const char *msg, int msglen)
{
	AnonSaltState *st = anon_salt_state(key, keylen);

	return anon_keyed_index((uint64) h->nentries, label, msg, msglen,
							anon_dict_salt_hmac, st);
}

/*
 * anon.dictionary(name text, locale text DEFAULT NULL) returns setof text:
 * the entries of a dictionary, in order (NULL locale: anon.locale).
 */
Datum
anon_dictionary_entries(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *name;
	char	   *locale;
	const AnonDict *d;
	int			i;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	locale = PG_ARGISNULL(1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(1));
	d = anon_dict_get(name, locale);
	for (i = 0; i < d->nentries; i++)
	{
		Datum		v = CStringGetTextDatum(d->entries[i]);
		bool		isnull = false;

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &v, &isnull);
	}
	return (Datum) 0;
}

/*
 * anon.dictionaries() returns table(name, locale, entries, custom): every
 * dictionary this backend can use.
 */
Datum
anon_dictionaries(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	HASH_SEQ_STATUS seq;
	AnonDict   *d;

	InitMaterializedSRF(fcinfo, 0);
	if (!anon_dict_valid || anon_dict_hash == NULL)
		anon_dict_build();
	hash_seq_init(&seq, anon_dict_hash);
	while ((d = hash_seq_search(&seq)) != NULL)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = CStringGetTextDatum(d->key.name);
		values[1] = CStringGetTextDatum(d->key.locale);
		values[2] = Int32GetDatum(d->nentries);
		values[3] = BoolGetDatum(d->custom);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * Statement-level trigger on anon.dictionaries: every backend rebuilds its
 * dictionaries when the transaction commits (this one at once).
 */
Datum
anon_dict_invalidate(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("anon._dict_invalidate() must be called as a trigger")));
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	return PointerGetDatum(NULL);
}
