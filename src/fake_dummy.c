/*-------------------------------------------------------------------------
 *
 * fake_dummy.c
 *		The rest of PostgreSQL Anonymizer's dummy_* family: values generated
 *		without a dictionary (coordinates, colours, ISBN, BIC, ISIN, HTTP
 *		status codes, network addresses, UUIDs, French health insurance
 *		numbers and licence plates) and dummy_words(int4range).
 *
 * Every function returns text, as PostgreSQL Anonymizer's do, and most have
 * a *_locale(locale) variant; the values do not depend on the locale except
 * the BIC and the ISIN, whose country code is the country part of the
 * locale (en_US gives US).  A *_locale variant still refuses a locale that
 * has no fake data, as every other *_locale function does.
 *
 * Shapes and check digits (public standards):
 * - latitude/longitude: a point drawn uniformly on the sphere (latitude
 *   asin(2u - 1), longitude uniform), six decimals.
 * - ISBN-10 (ISO 2108): nine digits and a check digit, the weighted sum
 *   10..1 being 0 mod 11 (X for 10); ISBN-13: prefix 978, weights 1 and 3
 *   alternately, sum 0 mod 10.  Written with hyphens (group 0 or 1, the
 *   English-language groups).
 * - BIC (ISO 9362): four letters, the country, then a location code whose
 *   second character is 0, the code ISO 9362 reserves for test BICs, so no
 *   real bank is named; optionally a branch code.
 * - ISIN (ISO 6166): the country, nine alphanumerics, and a check digit: the
 *   Luhn check over the string with letters replaced by 10..35.
 * - HTTP status codes: the codes registered by RFC 9110 (and 102, 103, 207,
 *   208, 226, 421, 422, 425, 426, 428, 429, 431, 451, 506, 507, 508, 510,
 *   511 of the IANA registry) with their reason phrase; "valid" codes are
 *   any three-digit code of the range 100-599 that RFC 9110 section 15
 *   allows.
 * - UUID (RFC 9562): version 1 from the current time with a random clock
 *   sequence and a random node whose multicast bit is set (section 6.10:
 *   never a real MAC address); versions 3, 4 and 5 are 122 random bits with
 *   the version and variant bits set (a name-based UUID of an unknown name
 *   cannot be told from that).
 * - French health insurance number (NIR, INSEE): sex, year, month,
 *   department (01-95 except 20), commune, order number, then the key
 *   97 - (number mod 97).
 * - French licence plate (SIV, 2009): AA-123-AA without I, O and U, the
 *   series 000 and the pairs SS and WW (temporary plates) at the front.
 *
 * All randomness comes from src/random.h.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/inet.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "compat.h"
#include "dict.h"
#include "fake_gen.h"
#include "random.h"

/* dummy_words: at most this many words per call */
#define DUMMY_WORDS_MAX 100000

static const char anon_upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char anon_alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/*
 * The locale of a call: argument 0 of the *_locale variants, else
 * anon.locale; ERROR when it has no fake data at all.
 */
static const char *
anon_dummy_call_locale(FunctionCallInfo fcinfo, bool with_locale)
{
	const char *locale;

	locale = with_locale ? text_to_cstring(PG_GETARG_TEXT_PP(0)) : anon_dict_locale();
	if (anon_dict_lookup("first_name", locale) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("locale \"%s\" has no fake data", locale),
				 errhint("Use a built-in locale such as \"en_US\", or add dictionaries with anon.load_dictionary().")));
	return locale;
}

/* the country of a locale ("US" for "en_US"), "XX" for a bare language */
static void
anon_locale_country(const char *locale, char *cc)
{
	const char *u = strchr(locale, '_');

	if (u != NULL && strlen(u) == 3)
	{
		cc[0] = u[1];
		cc[1] = u[2];
	}
	else
	{
		cc[0] = 'X';
		cc[1] = 'X';
	}
	cc[2] = '\0';
}

/* one random character of set */
static char
anon_pick_char(const char *set)
{
	return set[anon_random_below(strlen(set))];
}

/* call a function of fake_gen.c that takes no argument */
static Datum
anon_call0(PGFunction fn)
{
	LOCAL_FCINFO(fc, 0);
	Datum		d;

	InitFunctionCallInfoData(*fc, NULL, 0, InvalidOid, NULL, NULL);
	d = fn(fc);
	if (fc->isnull)
		elog(ERROR, "fake value generator returned NULL");
	return d;
}

/* ---- Generators: each appends one value to buf ---- */

typedef void (*AnonDummyGen) (StringInfo buf, const char *locale);

static void
anon_gen_latitude(StringInfo buf, const char *locale)
{
	double		u = anon_random_double();

	appendStringInfo(buf, "%.6f", asin(2.0 * u - 1.0) * 180.0 / M_PI);
}

static void
anon_gen_longitude(StringInfo buf, const char *locale)
{
	appendStringInfo(buf, "%.6f", anon_random_double() * 360.0 - 180.0);
}

/*
 * ISBN-10: group (1 digit, 0 or 1), publisher (3), title (5), check.
 */
static void
anon_gen_isbn(StringInfo buf, const char *locale)
{
	int			d[9];
	int			sum = 0;
	int			i;
	int			check;

	d[0] = (int) anon_random_below(2);
	for (i = 1; i < 9; i++)
		d[i] = (int) anon_random_below(10);
	for (i = 0; i < 9; i++)
		sum += (10 - i) * d[i];
	check = (11 - sum % 11) % 11;
	appendStringInfo(buf, "%d-%d%d%d-%d%d%d%d%d-%c",
					 d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8],
					 check == 10 ? 'X' : (char) ('0' + check));
}

/*
 * ISBN-13: 978, group, publisher, title, check.
 */
static void
anon_gen_isbn13(StringInfo buf, const char *locale)
{
	int			d[12] = {9, 7, 8};
	int			sum = 0;
	int			i;

	d[3] = (int) anon_random_below(2);
	for (i = 4; i < 12; i++)
		d[i] = (int) anon_random_below(10);
	for (i = 0; i < 12; i++)
		sum += (i % 2 == 0 ? 1 : 3) * d[i];
	appendStringInfo(buf, "978-%d-%d%d%d-%d%d%d%d%d-%d",
					 d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11],
					 (10 - sum % 10) % 10);
}

static void
anon_gen_hex_color(StringInfo buf, const char *locale)
{
	appendStringInfo(buf, "#%06x", (unsigned int) anon_random_below(1 << 24));
}

static void
anon_gen_rgb_color(StringInfo buf, const char *locale)
{
	appendStringInfo(buf, "rgb(%d, %d, %d)",
					 (int) anon_random_below(256), (int) anon_random_below(256),
					 (int) anon_random_below(256));
}

static void
anon_gen_rgba_color(StringInfo buf, const char *locale)
{
	appendStringInfo(buf, "rgba(%d, %d, %d, %.2f)",
					 (int) anon_random_below(256), (int) anon_random_below(256),
					 (int) anon_random_below(256), anon_random_below(101) / 100.0);
}

static void
anon_gen_hsl_color(StringInfo buf, const char *locale)
{
	appendStringInfo(buf, "hsl(%d, %d%%, %d%%)",
					 (int) anon_random_below(360), (int) anon_random_below(101),
					 (int) anon_random_below(101));
}

static void
anon_gen_hsla_color(StringInfo buf, const char *locale)
{
	appendStringInfo(buf, "hsla(%d, %d%%, %d%%, %.2f)",
					 (int) anon_random_below(360), (int) anon_random_below(101),
					 (int) anon_random_below(101), anon_random_below(101) / 100.0);
}

static void
anon_gen_credit_card(StringInfo buf, const char *locale)
{
	appendStringInfoString(buf, TextDatumGetCString(anon_call0(anon_fake_credit_card)));
}

/*
 * BIC: bank code (4 letters), country of the locale, location code whose
 * second character is '0' (a test BIC), and half of the time a branch.
 */
static void
anon_gen_bic(StringInfo buf, const char *locale)
{
	char		cc[3];
	int			i;

	anon_locale_country(locale, cc);
	for (i = 0; i < 4; i++)
		appendStringInfoChar(buf, anon_pick_char(anon_upper));
	appendStringInfoString(buf, cc);
	appendStringInfoChar(buf, anon_pick_char(anon_alnum + 2));	/* not 0 or 1 */
	appendStringInfoChar(buf, '0');
	if (anon_random_bit())
		for (i = 0; i < 3; i++)
			appendStringInfoChar(buf, anon_pick_char(anon_alnum));
}

/*
 * ISIN: country, nine alphanumerics (the NSIN), Luhn check digit over the
 * digits obtained by writing each letter as 10..35.
 */
static void
anon_gen_isin(StringInfo buf, const char *locale)
{
	char		s[12];
	char		digits[24];
	int			nd = 0;
	int			i;
	int			sum = 0;

	anon_locale_country(locale, s);
	for (i = 2; i < 11; i++)
		s[i] = anon_pick_char(anon_alnum);
	s[11] = '\0';
	for (i = 0; i < 11; i++)
	{
		if (s[i] >= 'A' && s[i] <= 'Z')
		{
			int			v = s[i] - 'A' + 10;

			digits[nd++] = (char) ('0' + v / 10);
			digits[nd++] = (char) ('0' + v % 10);
		}
		else
			digits[nd++] = s[i];
	}
	/* Luhn: double every second digit from the right, the check excluded */
	for (i = nd - 1; i >= 0; i--)
	{
		int			v = digits[i] - '0';

		if ((nd - 1 - i) % 2 == 0)
		{
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	appendStringInfo(buf, "%s%d", s, (10 - sum % 10) % 10);
}

/* HTTP status codes registered by RFC 9110 and the IANA registry */
static const struct
{
	int			code;
	const char *reason;
}			anon_http_status[] =
{
	{100, "Continue"}, {101, "Switching Protocols"}, {102, "Processing"},
	{103, "Early Hints"}, {200, "OK"}, {201, "Created"}, {202, "Accepted"},
	{203, "Non-Authoritative Information"}, {204, "No Content"},
	{205, "Reset Content"}, {206, "Partial Content"}, {207, "Multi-Status"},
	{208, "Already Reported"}, {226, "IM Used"}, {300, "Multiple Choices"},
	{301, "Moved Permanently"}, {302, "Found"}, {303, "See Other"},
	{304, "Not Modified"}, {305, "Use Proxy"}, {307, "Temporary Redirect"},
	{308, "Permanent Redirect"}, {400, "Bad Request"}, {401, "Unauthorized"},
	{402, "Payment Required"}, {403, "Forbidden"}, {404, "Not Found"},
	{405, "Method Not Allowed"}, {406, "Not Acceptable"},
	{407, "Proxy Authentication Required"}, {408, "Request Timeout"},
	{409, "Conflict"}, {410, "Gone"}, {411, "Length Required"},
	{412, "Precondition Failed"}, {413, "Content Too Large"},
	{414, "URI Too Long"}, {415, "Unsupported Media Type"},
	{416, "Range Not Satisfiable"}, {417, "Expectation Failed"},
	{421, "Misdirected Request"}, {422, "Unprocessable Content"},
	{423, "Locked"}, {424, "Failed Dependency"}, {425, "Too Early"},
	{426, "Upgrade Required"}, {428, "Precondition Required"},
	{429, "Too Many Requests"}, {431, "Request Header Fields Too Large"},
	{451, "Unavailable For Legal Reasons"}, {500, "Internal Server Error"},
	{501, "Not Implemented"}, {502, "Bad Gateway"},
	{503, "Service Unavailable"}, {504, "Gateway Timeout"},
	{505, "HTTP Version Not Supported"}, {506, "Variant Also Negotiates"},
	{507, "Insufficient Storage"}, {508, "Loop Detected"},
	{510, "Not Extended"}, {511, "Network Authentication Required"}
};

static void
anon_gen_rfc_status_code(StringInfo buf, const char *locale)
{
	int			i = (int) anon_random_below(lengthof(anon_http_status));

	appendStringInfo(buf, "%d %s", anon_http_status[i].code,
					 anon_http_status[i].reason);
}

static void
anon_gen_valid_status_code(StringInfo buf, const char *locale)
{
	appendStringInfo(buf, "%d", (int) anon_random_int_between(100, 599));
}

static void
anon_gen_ipv4(StringInfo buf, const char *locale)
{
	appendStringInfoString(buf, DatumGetCString(DirectFunctionCall1(inet_out, anon_call0(anon_fake_ipv4))));
}

static void
anon_gen_ipv6(StringInfo buf, const char *locale)
{
	appendStringInfoString(buf, DatumGetCString(DirectFunctionCall1(inet_out, anon_call0(anon_fake_ipv6))));
}

static void
anon_gen_ip(StringInfo buf, const char *locale)
{
	if (anon_random_bit())
		anon_gen_ipv4(buf, locale);
	else
		anon_gen_ipv6(buf, locale);
}

static void
anon_gen_mac_address(StringInfo buf, const char *locale)
{
	appendStringInfoString(buf, DatumGetCString(DirectFunctionCall1(macaddr_out, anon_call0(anon_fake_mac))));
}

static void
anon_append_uuid(StringInfo buf, const unsigned char *u)
{
	int			i;

	for (i = 0; i < UUID_LEN; i++)
	{
		if (i == 4 || i == 6 || i == 8 || i == 10)
			appendStringInfoChar(buf, '-');
		appendStringInfo(buf, "%02x", u[i]);
	}
}

/* random bits with the given version and the RFC 9562 variant */
static void
anon_gen_uuid_version(StringInfo buf, int version)
{
	unsigned char u[UUID_LEN];

	anon_random_bytes(u, UUID_LEN);
	u[6] = (u[6] & 0x0F) | (version << 4);
	u[8] = (u[8] & 0x3F) | 0x80;
	anon_append_uuid(buf, u);
}

/*
 * Version 1: 60-bit count of 100 ns since 1582-10-15, random clock sequence,
 * random node with the multicast bit set.
 */
static void
anon_gen_uuidv1(StringInfo buf, const char *locale)
{
	unsigned char u[UUID_LEN];
	TimestampTz now = GetCurrentTimestamp();

	/* microseconds since 2000-01-01, to 100 ns since 1582-10-15 */
	uint64		t = (uint64) (now + INT64CONST(946684800000000)) * 10 +
		UINT64CONST(0x01B21DD213814000);

	anon_random_bytes(u, UUID_LEN);
	u[0] = (unsigned char) (t >> 24);
	u[1] = (unsigned char) (t >> 16);
	u[2] = (unsigned char) (t >> 8);
	u[3] = (unsigned char) t;
	u[4] = (unsigned char) (t >> 40);
	u[5] = (unsigned char) (t >> 32);
	u[6] = (unsigned char) (((t >> 56) & 0x0F) | 0x10);
	u[7] = (unsigned char) (t >> 48);
	u[8] = (u[8] & 0x3F) | 0x80;
	u[10] |= 0x01;				/* multicast bit of the node */
	anon_append_uuid(buf, u);
}

static void
anon_gen_uuidv3(StringInfo buf, const char *locale)
{
	anon_gen_uuid_version(buf, 3);
}

static void
anon_gen_uuidv4(StringInfo buf, const char *locale)
{
	anon_gen_uuid_version(buf, 4);
}

static void
anon_gen_uuidv5(StringInfo buf, const char *locale)
{
	anon_gen_uuid_version(buf, 5);
}

/*
 * NIR: sex (1, 2), year (00-99), month (01-12), department (01-95 but 20),
 * commune (001-990), order (001-999), key 97 - (number mod 97).
 */
static void
anon_gen_health_insurance_code(StringInfo buf, const char *locale)
{
	int			sex = (int) anon_random_int_between(1, 2);
	int			year = (int) anon_random_below(100);
	int			month = (int) anon_random_int_between(1, 12);
	int			dept;
	int			commune = (int) anon_random_int_between(1, 990);
	int			order = (int) anon_random_int_between(1, 999);
	uint64		n;

	do
		dept = (int) anon_random_int_between(1, 95);
	while (dept == 20);
	n = (((((uint64) sex * 100 + year) * 100 + month) * 100 + dept) * 1000 +
		 commune) * 1000 + order;
	appendStringInfo(buf, "%d %02d %02d %02d %03d %03d %02d",
					 sex, year, month, dept, commune, order, (int) (97 - n % 97));
}

static void
anon_gen_licence_plate(StringInfo buf, const char *locale)
{
	static const char letters[] = "ABCDEFGHJKLMNPQRSTVWXYZ";	/* no I, O, U */
	char		a[3];
	char		b[3];

	do
	{
		a[0] = anon_pick_char(letters);
		a[1] = anon_pick_char(letters);
	} while ((a[0] == 'S' && a[1] == 'S') || (a[0] == 'W' && a[1] == 'W'));
	do
	{
		b[0] = anon_pick_char(letters);
		b[1] = anon_pick_char(letters);
	} while (b[0] == 'S' && b[1] == 'S');
	a[2] = b[2] = '\0';
	appendStringInfo(buf, "%s-%03d-%s", a, (int) anon_random_int_between(1, 999), b);
}

/* ---- SQL entry points ---- */

static text *
anon_dummy_value(FunctionCallInfo fcinfo, AnonDummyGen gen, bool with_locale)
{
	const char *locale = anon_dummy_call_locale(fcinfo, with_locale);
	StringInfoData buf;
	text	   *result;

	initStringInfo(&buf);
	gen(&buf, locale);
	result = cstring_to_text_with_len(buf.data, buf.len);
	pfree(buf.data);
	return result;
}

#define ANON_DUMMY_GEN(cname) \
PG_FUNCTION_INFO_V1(anon_dummy_##cname); \
Datum \
anon_dummy_##cname(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_TEXT_P(anon_dummy_value(fcinfo, anon_gen_##cname, false)); \
} \
PG_FUNCTION_INFO_V1(anon_dummy_##cname##_locale); \
Datum \
anon_dummy_##cname##_locale(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_TEXT_P(anon_dummy_value(fcinfo, anon_gen_##cname, true)); \
}

ANON_DUMMY_GEN(latitude)
ANON_DUMMY_GEN(longitude)
ANON_DUMMY_GEN(isbn)
ANON_DUMMY_GEN(isbn13)
ANON_DUMMY_GEN(hex_color)
ANON_DUMMY_GEN(rgb_color)
ANON_DUMMY_GEN(rgba_color)
ANON_DUMMY_GEN(hsl_color)
ANON_DUMMY_GEN(hsla_color)
ANON_DUMMY_GEN(credit_card)
ANON_DUMMY_GEN(bic)
ANON_DUMMY_GEN(isin)
ANON_DUMMY_GEN(rfc_status_code)
ANON_DUMMY_GEN(valid_status_code)
ANON_DUMMY_GEN(ipv4)
ANON_DUMMY_GEN(ipv6)
ANON_DUMMY_GEN(ip)
ANON_DUMMY_GEN(mac_address)
ANON_DUMMY_GEN(uuidv1)
ANON_DUMMY_GEN(uuidv3)
ANON_DUMMY_GEN(uuidv4)
ANON_DUMMY_GEN(uuidv5)
ANON_DUMMY_GEN(health_insurance_code)
ANON_DUMMY_GEN(licence_plate)

/*
 * dummy_words(r int4range) and dummy_words_locale(locale, r): n words of
 * the "word" dictionary separated by spaces, n uniform in the range
 * (lower bound included, upper excluded, as PostgreSQL Anonymizer counts).
 */
static Datum
anon_dummy_words_common(FunctionCallInfo fcinfo, const char *locale, RangeType *r)
{
	RangeBound	lower;
	RangeBound	upper;
	bool		empty;
	TypeCacheEntry *typcache;
	int64		lo;
	int64		hi;
	int64		n;
	int64		i;
	const AnonDict *h;
	StringInfoData buf;
	text	   *result;

	typcache = lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO);
	range_deserialize(typcache, r, &lower, &upper, &empty);
	if (empty || lower.infinite || upper.infinite)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("range of dummy_words must be bounded and not empty"),
				 errhint("Pass a range such as '[3,10)'.")));
	/* int4range is canonical: [lo, hi) */
	lo = DatumGetInt32(lower.val);
	hi = DatumGetInt32(upper.val);
	if (lo < 0 || hi - 1 > DUMMY_WORDS_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("range of dummy_words must be within [0,%d]", DUMMY_WORDS_MAX)));

	h = anon_dict_get("word", locale);
	n = anon_random_int_between(lo, hi - 1);
	initStringInfo(&buf);
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ' ');
		appendStringInfoString(&buf, anon_dict_random_entry(h));
	}
	result = cstring_to_text_with_len(buf.data, buf.len);
	pfree(buf.data);
	PG_RETURN_TEXT_P(result);
}

PG_FUNCTION_INFO_V1(anon_dummy_words);
Datum
anon_dummy_words(PG_FUNCTION_ARGS)
{
	return anon_dummy_words_common(fcinfo, anon_dict_locale(),
								   PG_GETARG_RANGE_P(0));
}

PG_FUNCTION_INFO_V1(anon_dummy_words_locale);
Datum
anon_dummy_words_locale(PG_FUNCTION_ARGS)
{
	return anon_dummy_words_common(fcinfo, text_to_cstring(PG_GETARG_TEXT_PP(0)),
								   PG_GETARG_RANGE_P(1));
}
