/*-------------------------------------------------------------------------
 *
 * fake.c
 *		Dictionary-based fake values: anon.fake_*, anon.dummy_*,
 *		anon.lorem_ipsum and the salted pickers anon.pseudo_*.
 *
 * Design.  Every SQL function is a thin wrapper around anon_fake_pick(), which
 * draws one entry of a dictionary, or anon_fake_value(), which composes a value
 * (full name, address, email, sentence, ...) from several draws, in the
 * dictionaries of a locale (src/dict.h): the locale argument of the
 * *_locale variants, else the GUC anon.locale.  The dictionary handles of
 * a call site are cached in fn_extra with the dictionary generation and
 * the locale they belong to, so a call costs one random draw and one copy
 * of the entry; randomness comes only from src/random.h.
 *
 * The pseudo_* functions choose entries deterministically: HMAC-SHA256
 * keyed by the salt over the dictionary name and the text form of the seed
 * (anon_dict_keyed_index(), exact rejection sampling, so no index is
 * favoured).  Their result depends on the dictionary content as well:
 * replacing a dictionary with anon.load_dictionary() changes them.
 *
 * The seeded_* functions are the keyed counterpart: the same seed gives the
 * same value, but the pick is keyed with the database key 'default' and
 * anon.salt, as anon.hash() is (src/hash.c), instead of a salt written in
 * the masking rule: an entry is chosen as anon_dict_keyed_index() chooses
 * one, by HMAC-SHA256 under the key (with the key's precomputed HMAC states,
 * anon_key_hmac_sha256()), over the message uint32_be(len(salt)) || salt ||
 * seed (the text form of the seed), with the label "seeded/<dictionary>".  A
 * composed value uses one label per part, so seeded_name(x) is
 * seeded_first_name(x) and seeded_last_name(x) put together.  The digits of
 * a phone number are read from HMAC-SHA256(key, "seeded/digits" || 0x00 ||
 * message || counter), one byte per digit, by rejection (bytes >= 250 for
 * '#', >= 248 for '!' are skipped), so they are uniform too.  Without the
 * key nobody can map a guessed seed to its value; the functions are STABLE
 * (the key and the salt can change) and RESTRICTED out of the box
 * (the SECURITY LABEL after each definition in sqlsrc/10_fake.sql), so a
 * masked role cannot compute them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "compat.h"
#include "dict.h"
#include "hash.h"
#include "keys.h"
#include "random.h"

/* ---- Dictionaries used here ---- */

typedef enum FakeDictId
{
	FD_FIRST_NAME,
	FD_LAST_NAME,
	FD_CITY,
	FD_COUNTRY,
	FD_STREET,
	FD_POSTCODE,
	FD_COMPANY,
	FD_COMPANY_SUFFIX,
	FD_JOB_TITLE,
	FD_EMAIL_DOMAIN,
	FD_USERNAME,
	FD_WORD,
	FD_LOREM,
	FD_SECONDARY_ADDRESS,
	FD_CATCH_PHRASE,
	FD_BS,
	FD_COUNTRY_CODE,
	FD_STREET_SUFFIX,
	FD_TIME_ZONE,
	FD_STATE,
	FD_COLOR,
	FD_BUZZWORD,
	FD_PROFESSION,
	FD_CURRENCY_CODE,
	FD_CURRENCY_NAME,
	FD_DOMAIN_SUFFIX,
	FD_TITLE,
	FD_PHONE_FORMAT,
	FD_CELL_FORMAT,
	FD_CITY_PREFIX,
	FD_CITY_SUFFIX,
	FD_STATE_ABBR,
	FD_SUFFIX,
	FD_SECONDARY_ADDRESS_TYPE,
	FD_CURRENCY_SYMBOL,
	FD_BUZZWORD_MIDDLE,
	FD_BUZZWORD_TAIL,
	FD_BS_VERB,
	FD_BS_ADJ,
	FD_BS_NOUN,
	FD_INDUSTRY,
	FD_USER_AGENT,
	FD_FILE_EXTENSION,
	FD_FILE_NAME,
	FD_DIR_PATH,
	FD_COUNT
} FakeDictId;

static const char *const anon_fake_dict_names[FD_COUNT] = {
	"first_name",
	"last_name",
	"city",
	"country",
	"street",
	"postcode",
	"company",
	"company_suffix",
	"job_title",
	"email_domain",
	"username",
	"word",
	"lorem",
	"secondary_address",
	"catch_phrase",
	"bs",
	"country_code",
	"street_suffix",
	"time_zone",
	"state",
	"color",
	"buzzword",
	"profession",
	"currency_code",
	"currency_name",
	"domain_suffix",
	"title",
	"phone_format",
	"cell_format",
	"city_prefix",
	"city_suffix",
	"state_abbr",
	"suffix",
	"secondary_address_type",
	"currency_symbol",
	"buzzword_middle",
	"buzzword_tail",
	"bs_verb",
	"bs_adj",
	"bs_noun",
	"industry",
	"user_agent",
	"file_extension",
	"file_name",
	"dir_path",
};

/* ---- Kinds of composed values ---- */

typedef enum FakeKind
{
	FK_NAME,
	FK_NAME_WITH_TITLE,
	FK_BUILDING_NUMBER,
	FK_ADDRESS,
	FK_EMAIL,
	FK_SAFE_EMAIL,
	FK_SENTENCE,
	FK_PARAGRAPH,
	FK_PHONE,
	FK_CELL,
	FK_FILE_PATH
} FakeKind;

/* per call site cache, in fn_extra */
typedef struct FakeCache
{
	uint64		gen;			/* dictionary generation of h[] */
	char		locale[NAMEDATALEN];	/* locale of h[] */
	const AnonDict *h[FD_COUNT];
	Oid			seed_type;		/* pseudo_*: type of the seed */
	FmgrInfo	seed_out;		/* its output function */
} FakeCache;

/* sentence and paragraph lengths (inclusive ranges) */
#define FAKE_SENTENCE_MIN_WORDS 4
#define FAKE_SENTENCE_MAX_WORDS 12
#define FAKE_PARAGRAPH_MIN_SENTENCES 3
#define FAKE_PARAGRAPH_MAX_SENTENCES 7

/* lorem_ipsum limits, so one call cannot exhaust memory */
#define LOREM_MAX_PARAGRAPHS 10000
#define LOREM_MAX_WORDS 1000000
#define LOREM_MAX_CHARACTERS 10000000

static FakeCache *
anon_fake_cache(FunctionCallInfo fcinfo)
{
	FakeCache  *c = (FakeCache *) fcinfo->flinfo->fn_extra;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(FakeCache));
		c->seed_type = InvalidOid;
		fcinfo->flinfo->fn_extra = c;
	}
	return c;
}

/*
 * Fill out[] with the handles of dictionaries ids[0..n-1] of locale, all of
 * the same generation (a rebuild while fetching one would invalidate the
 * ones fetched before it, so fetch again until none happens).
 */
/*
 * The handles last fetched in this backend, whatever the call site: a
 * query planned afresh (or a plan executed again) gets a new FmgrInfo, and
 * a point lookup would otherwise look its dictionary up again each time.
 * Valid for one generation and locale, like a call site's.
 */
static struct
{
	uint64		gen;
	char		locale[NAMEDATALEN];
	const AnonDict *h[FD_COUNT];
}			anon_fake_last;

static void
anon_fake_dicts(FunctionCallInfo fcinfo, const char *locale,
				const FakeDictId *ids, int n, const AnonDict **out)
{
	FakeCache  *c;
	uint64		last_gen = anon_dict_generation();

	/*
	 * The backend's handles, when they are of the current generation and
	 * locale and hold every one asked for: no call site cache to set up (a
	 * plan executed again, prepared or not, calls through a fresh FmgrInfo
	 * every time).  A dictionary changed since (generation 0, or a new one)
	 * never matches: its handles are fetched again below.
	 */
	if (last_gen != 0 && anon_fake_last.gen == last_gen &&
		strcmp(anon_fake_last.locale, locale) == 0)
	{
		int			i;

		for (i = 0; i < n; i++)
			if ((out[i] = anon_fake_last.h[ids[i]]) == NULL)
				break;
		if (i == n)
			return;
	}

	c = anon_fake_cache(fcinfo);
	for (;;)
	{
		uint64		gen = anon_dict_generation();
		int			i;

		if (c->gen != gen || strcmp(c->locale, locale) != 0)
		{
			if (anon_fake_last.gen == gen && gen != 0 &&
				strcmp(anon_fake_last.locale, locale) == 0)
				memcpy(c->h, anon_fake_last.h, sizeof(c->h));
			else
				memset(c->h, 0, sizeof(c->h));
			strlcpy(c->locale, locale, NAMEDATALEN);
			c->gen = gen;
		}
		for (i = 0; i < n; i++)
		{
			if (c->h[ids[i]] == NULL)
				c->h[ids[i]] = anon_dict_get(anon_fake_dict_names[ids[i]], locale);
			out[i] = c->h[ids[i]];
		}
		if (anon_dict_generation() == gen)
		{
			/* remember them for the next call site */
			if (anon_fake_last.gen != gen ||
				strcmp(anon_fake_last.locale, locale) != 0)
			{
				memset(anon_fake_last.h, 0, sizeof(anon_fake_last.h));
				strlcpy(anon_fake_last.locale, locale, NAMEDATALEN);
				anon_fake_last.gen = gen;
			}
			for (i = 0; i < n; i++)
				anon_fake_last.h[ids[i]] = out[i];
		}
		if (anon_dict_generation() == gen)
			return;
		/* rebuilt meanwhile: start over with the new generation */
		memset(c->h, 0, sizeof(c->h));
		c->gen = anon_dict_generation();
	}
}

static const AnonDict *
anon_fake_dict(FunctionCallInfo fcinfo, const char *locale, FakeDictId id)
{
	const AnonDict *h;

	anon_fake_dicts(fcinfo, locale, &id, 1, &h);
	return h;
}

/* append s with its first letter in upper case (ASCII and Latin-1 letters) */
static void
anon_append_capitalized(StringInfo buf, const char *s)
{
	unsigned char c0 = (unsigned char) s[0];
	unsigned char c1 = c0 ? (unsigned char) s[1] : 0;

	if (c0 >= 'a' && c0 <= 'z')
	{
		appendStringInfoChar(buf, (char) (c0 - 'a' + 'A'));
		appendStringInfoString(buf, s + 1);
	}
	else if (c0 == 0xC3 && c1 >= 0xA0 && c1 <= 0xBE && c1 != 0xB7)
	{
		/* U+00E0..U+00FE (except the division sign): minus 0x20 */
		appendStringInfoChar(buf, (char) c0);
		appendStringInfoChar(buf, (char) (c1 - 0x20));
		appendStringInfoString(buf, s + 2);
	}
	else
		appendStringInfoString(buf, s);
}

/*
 * Whether sentences of the locale are written without spaces and end with
 * the ideographic full stop U+3002: Japanese and Chinese, whose word
 * dictionaries are in that script (zh_TW's is faker's English one).
 */
static bool
anon_locale_cjk(const char *locale)
{
	return strcmp(locale, "ja_JP") == 0 || strcmp(locale, "zh_CN") == 0;
}

/*
 * A sentence of words from dictionary h, capitalized, with a full stop; for
 * Japanese and Chinese (cjk), the words written together and the
 * ideographic full stop.
 */
static void
anon_append_sentence(StringInfo buf, const AnonDict *h, int nwords, bool cjk)
{
	int			i;

	for (i = 0; i < nwords; i++)
	{
		const char *w = anon_dict_random_entry(h);

		if (i == 0)
			anon_append_capitalized(buf, w);
		else
		{
			if (!cjk)
				appendStringInfoChar(buf, ' ');
			appendStringInfoString(buf, w);
		}
	}
	if (cjk)
		appendStringInfoString(buf, "\xE3\x80\x82");
	else
		appendStringInfoChar(buf, '.');
}

static void
anon_append_paragraph(StringInfo buf, const AnonDict *h, bool cjk)
{
	int			n = (int) anon_random_int_between(FAKE_PARAGRAPH_MIN_SENTENCES,
												  FAKE_PARAGRAPH_MAX_SENTENCES);
	int			i;

	for (i = 0; i < n; i++)
	{
		if (i > 0 && !cjk)
			appendStringInfoChar(buf, ' ');
		anon_append_sentence(buf, h,
							 (int) anon_random_int_between(FAKE_SENTENCE_MIN_WORDS,
														   FAKE_SENTENCE_MAX_WORDS),
							 cjk);
	}
}

/*
 * A postal address in the usual order of the locale: number and street,
 * postcode and city (in Japan and China from the largest unit down).
 */
static void
anon_append_address(StringInfo buf, const char *locale, const char *street,
					const char *postcode, const char *city)
{
	int			num = (int) anon_random_int_between(1, 999);

	if (strcmp(locale, "fr_FR") == 0)
		appendStringInfo(buf, "%d %s, %s %s", num, street, postcode, city);
	else if (strcmp(locale, "de_DE") == 0 || strcmp(locale, "it_IT") == 0)
		appendStringInfo(buf, "%s %d, %s %s", street, num, postcode, city);
	else if (strcmp(locale, "es_ES") == 0)
		appendStringInfo(buf, "%s, %d, %s %s", street, num, postcode, city);
	else if (strcmp(locale, "pt_BR") == 0)
		appendStringInfo(buf, "%s, %d - %s, %s", street, num, city, postcode);
	else if (strcmp(locale, "ja_JP") == 0)
	{
		/* postal mark, postcode, then city and block number (the street) */
		appendStringInfo(buf, "\xE3\x80\x92%s %s%s", postcode, city, street);
	}
	else if (strcmp(locale, "zh_CN") == 0)
	{
		/* city, street, number and hao (U+53F7), then the postcode */
		appendStringInfo(buf, "%s%s%d\xE5\x8F\xB7 %s", city, street, num, postcode);
	}
	else if (strcmp(locale, "zh_TW") == 0)
	{
		/* the same with the traditional character (U+865F) */
		appendStringInfo(buf, "%s%s%d\xE8\x99\x9F %s", city, street, num, postcode);
	}
	else if (strcmp(locale, "ar_SA") == 0)
	{
		/* the Arabic comma U+060C */
		appendStringInfo(buf, "%d %s\xD8\x8C %s %s", num, street, city, postcode);
	}
	else
		appendStringInfo(buf, "%d %s, %s %s", num, street, city, postcode);
}

/*
 * A full name in the usual order of the locale: the family name first in
 * Japanese (separated by a space) and Chinese (written together), as
 * faker's ja, zh_CN and zh_TW name patterns do; given name first elsewhere.
 */
static void
anon_append_name(StringInfo buf, const char *locale, const char *first,
				 const char *last)
{
	if (strcmp(locale, "ja_JP") == 0)
		appendStringInfo(buf, "%s %s", last, first);
	else if (strcmp(locale, "zh_CN") == 0 || strcmp(locale, "zh_TW") == 0)
		appendStringInfo(buf, "%s%s", last, first);
	else
		appendStringInfo(buf, "%s %s", first, last);
}

/*
 * A phone number from a format of the phone_format or cell_format
 * dictionary, as faker writes them: '#' stands for any digit, '!' for a
 * digit from 2 to 9 (area and exchange codes of the North American plan
 * cannot start with 0 or 1); every other character is kept.  Each digit is
 * drawn independently and uniformly (src/random.h).
 */
static void
anon_append_phone(StringInfo buf, const char *format)
{
	const char *p;

	for (p = format; *p != '\0'; p++)
	{
		if (*p == '#')
			appendStringInfoChar(buf, (char) ('0' + anon_random_below(10)));
		else if (*p == '!')
			appendStringInfoChar(buf, (char) ('2' + anon_random_below(8)));
		else
			appendStringInfoChar(buf, *p);
	}
}

/*
 * One entry of dictionary id of locale, drawn uniformly.
 */
static text *
anon_fake_pick(FunctionCallInfo fcinfo, FakeDictId id, const char *locale)
{
	return cstring_to_text(anon_dict_random_entry(anon_fake_dict(fcinfo, locale, id)));
}

/*
 * One composed fake value of a kind for a locale.
 */
static text *
anon_fake_value(FunctionCallInfo fcinfo, FakeKind kind, const char *locale)
{
	const AnonDict *h[3];
	StringInfoData buf;
	text	   *result;
	static const FakeDictId name_ids[] = {FD_FIRST_NAME, FD_LAST_NAME, FD_TITLE};
	static const FakeDictId addr_ids[] = {FD_STREET, FD_POSTCODE, FD_CITY};
	static const FakeDictId email_ids[] = {FD_USERNAME, FD_EMAIL_DOMAIN};
	static const FakeDictId file_ids[] = {FD_DIR_PATH, FD_FILE_NAME};
	static const char *const safe_domains[] = {"example.com", "example.org", "example.net"};

	initStringInfo(&buf);
	switch (kind)
	{
		case FK_NAME:
			anon_fake_dicts(fcinfo, locale, name_ids, 2, h);
			anon_append_name(&buf, locale, anon_dict_random_entry(h[0]),
							 anon_dict_random_entry(h[1]));
			break;
		case FK_NAME_WITH_TITLE:
			anon_fake_dicts(fcinfo, locale, name_ids, 3, h);
			appendStringInfo(&buf, "%s ", anon_dict_random_entry(h[2]));
			anon_append_name(&buf, locale, anon_dict_random_entry(h[0]),
							 anon_dict_random_entry(h[1]));
			break;
		case FK_BUILDING_NUMBER:
			/* the locale must exist, as for every other kind */
			(void) anon_fake_dict(fcinfo, locale, FD_STREET);
			appendStringInfo(&buf, "%d", (int) anon_random_int_between(1, 999));
			break;
		case FK_ADDRESS:
			anon_fake_dicts(fcinfo, locale, addr_ids, 3, h);
			anon_append_address(&buf, locale,
								anon_dict_random_entry(h[0]),
								anon_dict_random_entry(h[1]),
								anon_dict_random_entry(h[2]));
			break;
		case FK_EMAIL:
			anon_fake_dicts(fcinfo, locale, email_ids, 2, h);
			appendStringInfo(&buf, "%s@%s",
							 anon_dict_random_entry(h[0]),
							 anon_dict_random_entry(h[1]));
			break;
		case FK_SAFE_EMAIL:
			appendStringInfo(&buf, "%s@%s",
							 anon_dict_random_entry(anon_fake_dict(fcinfo, locale, FD_USERNAME)),
							 safe_domains[anon_random_below(lengthof(safe_domains))]);
			break;
		case FK_SENTENCE:
			anon_append_sentence(&buf, anon_fake_dict(fcinfo, locale, FD_WORD),
								 (int) anon_random_int_between(FAKE_SENTENCE_MIN_WORDS,
															   FAKE_SENTENCE_MAX_WORDS),
								 anon_locale_cjk(locale));
			break;
		case FK_PARAGRAPH:
			anon_append_paragraph(&buf, anon_fake_dict(fcinfo, locale, FD_WORD),
								  anon_locale_cjk(locale));
			break;
		case FK_PHONE:
			anon_append_phone(&buf, anon_dict_random_entry(anon_fake_dict(fcinfo, locale, FD_PHONE_FORMAT)));
			break;
		case FK_CELL:
			anon_append_phone(&buf, anon_dict_random_entry(anon_fake_dict(fcinfo, locale, FD_CELL_FORMAT)));
			break;
		case FK_FILE_PATH:
			anon_fake_dicts(fcinfo, locale, file_ids, 2, h);
			appendStringInfo(&buf, "%s/%s",
							 anon_dict_random_entry(h[0]),
							 anon_dict_random_entry(h[1]));
			break;
		default:
			elog(ERROR, "unexpected fake kind %d", (int) kind);
	}
	result = cstring_to_text_with_len(buf.data, buf.len);
	pfree(buf.data);
	return result;
}

/*
 * Each dictionary and each composed kind has two C entry points: one for
 * anon.locale, one taking the locale as its only argument (the *_locale
 * SQL functions).
 */
#define ANON_FAKE_ENTRY_POINTS(cname, expr) \
PG_FUNCTION_INFO_V1(anon_fake_##cname); \
Datum \
anon_fake_##cname(PG_FUNCTION_ARGS) \
{ \
	const char *locale = anon_dict_locale(); \
\
	PG_RETURN_TEXT_P(expr); \
} \
PG_FUNCTION_INFO_V1(anon_fake_##cname##_locale); \
Datum \
anon_fake_##cname##_locale(PG_FUNCTION_ARGS) \
{ \
	const char *locale = text_to_cstring(PG_GETARG_TEXT_PP(0)); \
\
	PG_RETURN_TEXT_P(expr); \
}

#define ANON_FAKE_DICT(cname, id) \
	ANON_FAKE_ENTRY_POINTS(cname, anon_fake_pick(fcinfo, id, locale))
#define ANON_FAKE_KIND(cname, kind) \
	ANON_FAKE_ENTRY_POINTS(cname, anon_fake_value(fcinfo, kind, locale))

ANON_FAKE_DICT(first_name, FD_FIRST_NAME)
ANON_FAKE_DICT(last_name, FD_LAST_NAME)
ANON_FAKE_DICT(city, FD_CITY)
ANON_FAKE_DICT(country, FD_COUNTRY)
ANON_FAKE_DICT(street, FD_STREET)
ANON_FAKE_DICT(postcode, FD_POSTCODE)
ANON_FAKE_DICT(company, FD_COMPANY)
ANON_FAKE_DICT(company_suffix, FD_COMPANY_SUFFIX)
ANON_FAKE_DICT(job_title, FD_JOB_TITLE)
ANON_FAKE_DICT(email_provider, FD_EMAIL_DOMAIN)
ANON_FAKE_DICT(username, FD_USERNAME)
ANON_FAKE_DICT(word, FD_WORD)
ANON_FAKE_DICT(secondary_address, FD_SECONDARY_ADDRESS)
ANON_FAKE_DICT(catch_phrase, FD_CATCH_PHRASE)
ANON_FAKE_DICT(bs, FD_BS)
ANON_FAKE_DICT(country_code, FD_COUNTRY_CODE)
ANON_FAKE_DICT(street_suffix, FD_STREET_SUFFIX)
ANON_FAKE_DICT(time_zone, FD_TIME_ZONE)
ANON_FAKE_DICT(state, FD_STATE)
ANON_FAKE_DICT(color, FD_COLOR)
ANON_FAKE_DICT(buzzword, FD_BUZZWORD)
ANON_FAKE_DICT(profession, FD_PROFESSION)
ANON_FAKE_DICT(currency_code, FD_CURRENCY_CODE)
ANON_FAKE_DICT(currency_name, FD_CURRENCY_NAME)
ANON_FAKE_DICT(domain_suffix, FD_DOMAIN_SUFFIX)
ANON_FAKE_DICT(title, FD_TITLE)
ANON_FAKE_KIND(name, FK_NAME)
ANON_FAKE_KIND(name_with_title, FK_NAME_WITH_TITLE)
ANON_FAKE_KIND(building_number, FK_BUILDING_NUMBER)
ANON_FAKE_KIND(address, FK_ADDRESS)
ANON_FAKE_KIND(email, FK_EMAIL)
ANON_FAKE_KIND(safe_email, FK_SAFE_EMAIL)
ANON_FAKE_KIND(sentence, FK_SENTENCE)
ANON_FAKE_KIND(paragraph, FK_PARAGRAPH)
ANON_FAKE_DICT(city_prefix, FD_CITY_PREFIX)
ANON_FAKE_DICT(city_suffix, FD_CITY_SUFFIX)
ANON_FAKE_DICT(state_abbr, FD_STATE_ABBR)
ANON_FAKE_DICT(suffix, FD_SUFFIX)
ANON_FAKE_DICT(secondary_address_type, FD_SECONDARY_ADDRESS_TYPE)
ANON_FAKE_DICT(currency_symbol, FD_CURRENCY_SYMBOL)
ANON_FAKE_DICT(buzzword_middle, FD_BUZZWORD_MIDDLE)
ANON_FAKE_DICT(buzzword_tail, FD_BUZZWORD_TAIL)
ANON_FAKE_DICT(bs_verb, FD_BS_VERB)
ANON_FAKE_DICT(bs_adj, FD_BS_ADJ)
ANON_FAKE_DICT(bs_noun, FD_BS_NOUN)
ANON_FAKE_DICT(industry, FD_INDUSTRY)
ANON_FAKE_DICT(user_agent, FD_USER_AGENT)
ANON_FAKE_DICT(file_extension, FD_FILE_EXTENSION)
ANON_FAKE_DICT(file_name, FD_FILE_NAME)
ANON_FAKE_DICT(dir_path, FD_DIR_PATH)
ANON_FAKE_KIND(phone, FK_PHONE)
ANON_FAKE_KIND(cell_phone, FK_CELL)
ANON_FAKE_KIND(file_path, FK_FILE_PATH)

/* ERROR unless 0 <= v <= max */
static void
anon_lorem_check_arg(int32 v, int32 max, const char *argname)
{
	if (v < 0 || v > max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" of lorem_ipsum must be between 0 and %d",
						argname, max)));
}

/*
 * anon.lorem_ipsum(paragraphs int DEFAULT 5, words int DEFAULT 0,
 *					characters int DEFAULT 0): text from the "lorem"
 * dictionary of anon.locale.  As in PostgreSQL Anonymizer, characters
 * wins over words, which wins over paragraphs: exactly that many
 * characters, that many words, or that many paragraphs separated by
 * newlines.
 */
PG_FUNCTION_INFO_V1(anon_lorem_ipsum);
Datum
anon_lorem_ipsum(PG_FUNCTION_ARGS)
{
	int32		paragraphs = PG_GETARG_INT32(0);
	int32		words = PG_GETARG_INT32(1);
	int32		characters = PG_GETARG_INT32(2);
	const AnonDict *h;
	StringInfoData buf;
	int			i;
	text	   *result;

	anon_lorem_check_arg(paragraphs, LOREM_MAX_PARAGRAPHS, "paragraphs");
	anon_lorem_check_arg(words, LOREM_MAX_WORDS, "words");
	anon_lorem_check_arg(characters, LOREM_MAX_CHARACTERS, "characters");
	h = anon_fake_dict(fcinfo, anon_dict_locale(), FD_LOREM);

	initStringInfo(&buf);
	if (characters > 0)
	{
		/* whole sentences until long enough, then cut */
		int64		nchars = 0;

		while (nchars < characters)
		{
			int			start = buf.len;

			if (buf.len > 0)
				appendStringInfoChar(&buf, ' ');
			anon_append_sentence(&buf, h,
								 (int) anon_random_int_between(FAKE_SENTENCE_MIN_WORDS,
															   FAKE_SENTENCE_MAX_WORDS),
								 false);
			nchars += pg_mbstrlen_with_len(buf.data + start, buf.len - start);
		}
		buf.len = pg_mbcharcliplen(buf.data, buf.len, characters);
	}
	else if (words > 0)
	{
		for (i = 0; i < words; i++)
		{
			if (i > 0)
				appendStringInfoChar(&buf, ' ');
			appendStringInfoString(&buf, anon_dict_random_entry(h));
		}
	}
	else
	{
		for (i = 0; i < paragraphs; i++)
		{
			if (i > 0)
				appendStringInfoChar(&buf, '\n');
			anon_append_paragraph(&buf, h, false);
		}
	}
	result = cstring_to_text_with_len(buf.data, buf.len);
	pfree(buf.data);
	PG_RETURN_TEXT_P(result);
}

/* ---- Pseudonyms ---- */

/*
 * The text form of the seed (argument 0), as seed::text would give for
 * text types and the type's output function for the others.
 */
static char *
anon_pseudo_seed_text(FunctionCallInfo fcinfo, int *len)
{
	FakeCache  *c = anon_fake_cache(fcinfo);
	Oid			type = get_fn_expr_argtype(fcinfo->flinfo, 0);
	Datum		seed = PG_GETARG_DATUM(0);
	char	   *s;

	if (!OidIsValid(type))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("could not determine the type of the seed"),
				 errhint("Call the function from SQL, where the type of its arguments is known.")));
	if (type == TEXTOID || type == VARCHAROID)
	{
		text	   *t = DatumGetTextPP(seed);

		*len = VARSIZE_ANY_EXHDR(t);
		return VARDATA_ANY(t);
	}
	if (c->seed_type != type)
	{
		Oid			outfn;
		bool		isvarlena;

		getTypeOutputInfo(type, &outfn, &isvarlena);
		fmgr_info_cxt(outfn, &c->seed_out, fcinfo->flinfo->fn_mcxt);
		c->seed_type = type;
	}
	s = OutputFunctionCall(&c->seed_out, seed);
	*len = strlen(s);
	return s;
}

/*
 * pseudo_*(seed, salt [, locale]): NULL for a NULL seed; the salt must be
 * given and not empty.
 */
static Datum
anon_pseudo_value(FunctionCallInfo fcinfo, FakeDictId id, const char *funcname)
{
	const char *locale = anon_dict_locale();
	text	   *salt;
	char	   *seed;
	int			seedlen;
	const AnonDict *h[2];
	static const FakeDictId email_ids[] = {FD_USERNAME, FD_EMAIL_DOMAIN};
	int			i;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("salt of %s must not be null", funcname),
				 errhint("Pass a secret salt, or use the one-argument form, which uses the configured salt.")));
	if (PG_NARGS() > 2)
	{
		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("locale of %s must not be null", funcname)));
		locale = text_to_cstring(PG_GETARG_TEXT_PP(2));
	}
	salt = PG_GETARG_TEXT_PP(1);
	if (VARSIZE_ANY_EXHDR(salt) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("salt of %s must not be empty", funcname),
				 errhint("Without a secret salt, anyone can recompute the pseudonyms of guessed values.")));
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	seed = anon_pseudo_seed_text(fcinfo, &seedlen);

	if (id == FD_USERNAME)
	{
		/* pseudo_email: a username and a domain, drawn independently */
		StringInfoData buf;
		int			j;
		text	   *result;

		anon_fake_dicts(fcinfo, locale, email_ids, 2, h);
		i = anon_dict_keyed_index(h[0], "username",
								  VARDATA_ANY(salt), VARSIZE_ANY_EXHDR(salt),
								  seed, seedlen);
		j = anon_dict_keyed_index(h[1], "email_domain",
								  VARDATA_ANY(salt), VARSIZE_ANY_EXHDR(salt),
								  seed, seedlen);
		initStringInfo(&buf);
		appendStringInfo(&buf, "%s@%s", anon_dict_entry(h[0], i),
						 anon_dict_entry(h[1], j));
		result = cstring_to_text_with_len(buf.data, buf.len);
		pfree(buf.data);
		PG_RETURN_TEXT_P(result);
	}

	h[0] = anon_fake_dict(fcinfo, locale, id);
	i = anon_dict_keyed_index(h[0], anon_fake_dict_names[id],
							  VARDATA_ANY(salt), VARSIZE_ANY_EXHDR(salt),
							  seed, seedlen);
	PG_RETURN_TEXT_P(cstring_to_text(anon_dict_entry(h[0], i)));
}

/* pseudo_email is FD_USERNAME: a username at a free email domain */
#define ANON_PSEUDO_FUNCTION(cname, id) \
PG_FUNCTION_INFO_V1(anon_pseudo_##cname); \
Datum \
anon_pseudo_##cname(PG_FUNCTION_ARGS) \
{ \
	return anon_pseudo_value(fcinfo, id, "pseudo_" #cname); \
}

ANON_PSEUDO_FUNCTION(first_name, FD_FIRST_NAME)
ANON_PSEUDO_FUNCTION(last_name, FD_LAST_NAME)
ANON_PSEUDO_FUNCTION(email, FD_USERNAME)
ANON_PSEUDO_FUNCTION(city, FD_CITY)
ANON_PSEUDO_FUNCTION(country, FD_COUNTRY)
ANON_PSEUDO_FUNCTION(company, FD_COMPANY)
ANON_PSEUDO_FUNCTION(region, FD_STATE)

/* ---- Keyed picks: seeded_* ---- */

typedef enum SeededKind
{
	SK_DICT,					/* one entry of a dictionary */
	SK_NAME,					/* first and last name */
	SK_EMAIL,					/* username at a free email domain */
	SK_PHONE,					/* a phone_format filled with keyed digits */
	SK_CELL						/* the same with a cell_format */
} SeededKind;

/* HMAC-SHA256 output stream of the seeded phone digits */
typedef struct SeededStream
{
	AnonKey    *key;
	StringInfoData msg;			/* "seeded/digits" 0x00 message counter */
	uint8		block[32];
	int			pos;			/* next unread byte of block */
	int			counter;
} SeededStream;

static uint8
anon_seeded_stream_byte(SeededStream *st)
{
	if (st->pos >= 32)
	{
		st->msg.data[st->msg.len - 1] = (char) st->counter++;
		anon_key_hmac_sha256(st->key, st->msg.data, (size_t) st->msg.len,
							 st->block);
		st->pos = 0;
	}
	return st->block[st->pos++];
}

/*
 * The index of an entry of h chosen by HMAC-SHA256 under the key of
 * label || 0x00 || msg [|| counter byte]: the first 64-bit big-endian word
 * w < n * floor((2^64 - 1) / n), reduced modulo n (the same exact rejection
 * as anon_dict_keyed_index(), with the key's precomputed HMAC states).
 */
static void
anon_seeded_hmac(void *arg, const char *msg, size_t len, uint8 *md)
{
	anon_key_hmac_sha256((AnonKey *) arg, msg, len, md);
}

static const char *
anon_seeded_pick(const AnonDict *h, AnonKey *key, const char *label,
				 const StringInfoData *msg)
{
	return anon_dict_entry(h, anon_keyed_index((uint64) anon_dict_size(h), label,
											   msg->data, msg->len,
											   anon_seeded_hmac, key));
}

/* a keyed digit uniform over lo..9 (lo is 0 or 2) */
static char
anon_seeded_digit(SeededStream *st, int lo)
{
	int			n = 10 - lo;
	int			limit = 256 - 256 % n;
	uint8		b;

	do
		b = anon_seeded_stream_byte(st);
	while (b >= limit);
	return (char) ('0' + lo + b % n);
}

/*
 * seeded_*(seed anyelement [, locale text]): STRICT, so a NULL seed or
 * locale gives NULL.
 */
static Datum
anon_seeded_value(FunctionCallInfo fcinfo, SeededKind kind, FakeDictId id)
{
	const char *locale = PG_NARGS() > 1 ?
		text_to_cstring(PG_GETARG_TEXT_PP(1)) : anon_dict_locale();
	const char *salt = anon_salt ? anon_salt : "";
	size_t		saltlen = strlen(salt);
	char	   *seed;
	int			seedlen;
	StringInfoData msg;
	const AnonDict *h[2];
	AnonKey    *k;
	StringInfoData buf;
	text	   *result;
	static const FakeDictId name_ids[] = {FD_FIRST_NAME, FD_LAST_NAME};
	static const FakeDictId email_ids[] = {FD_USERNAME, FD_EMAIL_DOMAIN};

	/* the dictionaries first: reading them may invalidate the key cache */
	switch (kind)
	{
		case SK_DICT:
			h[0] = anon_fake_dict(fcinfo, locale, id);
			break;
		case SK_NAME:
			anon_fake_dicts(fcinfo, locale, name_ids, 2, h);
			break;
		case SK_EMAIL:
			anon_fake_dicts(fcinfo, locale, email_ids, 2, h);
			break;
		case SK_PHONE:
			h[0] = anon_fake_dict(fcinfo, locale, FD_PHONE_FORMAT);
			break;
		case SK_CELL:
			h[0] = anon_fake_dict(fcinfo, locale, FD_CELL_FORMAT);
			break;
	}
	seed = anon_pseudo_seed_text(fcinfo, &seedlen);

	initStringInfo(&msg);
	appendStringInfoChar(&msg, (char) ((saltlen >> 24) & 0xff));
	appendStringInfoChar(&msg, (char) ((saltlen >> 16) & 0xff));
	appendStringInfoChar(&msg, (char) ((saltlen >> 8) & 0xff));
	appendStringInfoChar(&msg, (char) (saltlen & 0xff));
	appendBinaryStringInfo(&msg, salt, (int) saltlen);
	appendBinaryStringInfo(&msg, seed, seedlen);
	initStringInfo(&buf);

	/*
	 * Then the key, used at once: nothing below can process invalidation
	 * messages (see keys.h).
	 */
	k = anon_key_get_default();

#define SEEDED_PICK(hd, dname) anon_seeded_pick((hd), k, "seeded/" dname, &msg)

	switch (kind)
	{
		case SK_DICT:
			{
				char		label[NAMEDATALEN + 8];

				snprintf(label, sizeof(label), "seeded/%s", anon_fake_dict_names[id]);
				appendStringInfoString(&buf, anon_seeded_pick(h[0], k, label, &msg));
				break;
			}
		case SK_NAME:
			anon_append_name(&buf, locale, SEEDED_PICK(h[0], "first_name"),
							 SEEDED_PICK(h[1], "last_name"));
			break;
		case SK_EMAIL:
			appendStringInfo(&buf, "%s@%s", SEEDED_PICK(h[0], "username"),
							 SEEDED_PICK(h[1], "email_domain"));
			break;
		case SK_PHONE:
		case SK_CELL:
			{
				const char *format = kind == SK_PHONE ?
					SEEDED_PICK(h[0], "phone_format") :
					SEEDED_PICK(h[0], "cell_format");
				SeededStream st;
				const char *p;

				st.key = k;
				st.pos = 32;
				st.counter = 0;
				initStringInfo(&st.msg);
				appendStringInfoString(&st.msg, "seeded/digits");
				appendStringInfoChar(&st.msg, '\0');
				appendBinaryStringInfo(&st.msg, msg.data, msg.len);
				appendStringInfoChar(&st.msg, '\0');	/* the counter */
				for (p = format; *p != '\0'; p++)
				{
					if (*p == '#')
						appendStringInfoChar(&buf, anon_seeded_digit(&st, 0));
					else if (*p == '!')
						appendStringInfoChar(&buf, anon_seeded_digit(&st, 2));
					else
						appendStringInfoChar(&buf, *p);
				}
				pfree(st.msg.data);
				break;
			}
	}
#undef SEEDED_PICK

	pfree(msg.data);
	result = cstring_to_text_with_len(buf.data, buf.len);
	pfree(buf.data);
	PG_RETURN_TEXT_P(result);
}

#define ANON_SEEDED_FUNCTION(cname, kind, id) \
PG_FUNCTION_INFO_V1(anon_seeded_##cname); \
Datum \
anon_seeded_##cname(PG_FUNCTION_ARGS) \
{ \
	return anon_seeded_value(fcinfo, kind, id); \
}

ANON_SEEDED_FUNCTION(first_name, SK_DICT, FD_FIRST_NAME)
ANON_SEEDED_FUNCTION(last_name, SK_DICT, FD_LAST_NAME)
ANON_SEEDED_FUNCTION(name, SK_NAME, FD_COUNT)
ANON_SEEDED_FUNCTION(city_name, SK_DICT, FD_CITY)
ANON_SEEDED_FUNCTION(country_name, SK_DICT, FD_COUNTRY)
ANON_SEEDED_FUNCTION(state_name, SK_DICT, FD_STATE)
ANON_SEEDED_FUNCTION(street_name, SK_DICT, FD_STREET)
ANON_SEEDED_FUNCTION(zip_code, SK_DICT, FD_POSTCODE)
ANON_SEEDED_FUNCTION(company_name, SK_DICT, FD_COMPANY)
ANON_SEEDED_FUNCTION(job_title, SK_DICT, FD_JOB_TITLE)
ANON_SEEDED_FUNCTION(username, SK_DICT, FD_USERNAME)
ANON_SEEDED_FUNCTION(free_email, SK_EMAIL, FD_COUNT)
ANON_SEEDED_FUNCTION(phone_number, SK_PHONE, FD_COUNT)
ANON_SEEDED_FUNCTION(cell_number, SK_CELL, FD_COUNT)
ANON_SEEDED_FUNCTION(word, SK_DICT, FD_WORD)
