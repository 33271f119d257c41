/*-------------------------------------------------------------------------
 *
 * fake_gen.c
 *		Generated fake values that need no dictionary: IBANs, card numbers,
 *		SIREN/SIRET, US social security numbers, IPv4/IPv6 and MAC
 *		addresses, UUIDs and URLs.
 *
 * Each value has the shape and the check digits of the real thing, so that
 * applications that validate their input accept it, and is drawn so that it
 * cannot, or is unlikely to, belong to a real person or device:
 *
 * - IBAN (ISO 13616-1:2020): country code, two check digits computed with
 *   ISO 7064 MOD 97-10 (98 - (BBAN + country + "00" as digits) mod 97,
 *   letters A..Z as 10..35), then a BBAN of the national length and layout
 *   published in the SWIFT IBAN registry; the national check digits of
 *   France (RIB key), Belgium (mod 97) and Spain (the two "DC" digits) are
 *   computed as their banking standards define them.
 * - Card numbers (ISO/IEC 7812-1): a six-digit issuer prefix taken from the
 *   test card numbers that payment processors publish (411111, 424242,
 *   555555, 378282, 601111, ...), random digits, then the Luhn check digit
 *   (ISO/IEC 7812-1 Annex B).
 * - SIREN (9 digits) and SIRET (SIREN + 5 digits) of INSEE's SIRENE
 *   register: the whole number passes the Luhn check; La Poste's SIREN
 *   356000000, whose SIRETs follow another rule, is never drawn.
 * - US SSN: AAA-GG-SSSS with the Social Security Administration's rules
 *   (area 001-899 except 666, group 01-99, serial 0001-9999); the number
 *   078-05-1120 (printed on a sample card in 1938) is excluded.
 * - IPv4: uniform over the addresses outside the IANA IPv4 Special-Purpose
 *   Address Registry (RFC 6890: private, loopback, link-local, shared,
 *   documentation, benchmarking, multicast and reserved blocks).
 * - IPv6: uniform in the global unicast block 2000::/3 (RFC 4291) outside
 *   2001::/23 (IETF protocol assignments), 2001:db8::/32 (documentation,
 *   RFC 3849) and 2002::/16 (6to4, RFC 3056).
 * - MAC: a unicast, locally administered address (IEEE 802-2014 section
 *   8.2: bit 0 of the first octet clear, bit 1 set), so it never collides
 *   with a vendor-assigned address.
 * - UUID: version 4 (RFC 9562 section 5.4), 122 bits from the CSPRNG.
 * - URL: https://<5-12 letters>.<common top-level domain>/<4-10 letters>.
 *
 * The same check digit code backs two validators, anon.luhn_valid(text) and
 * anon.iban_valid(text) (IMMUTABLE), used by anon.detect to recognize
 * card numbers and IBANs in sampled values.
 *
 * All randomness comes from src/random.c.  VOLATILE PARALLEL SAFE.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/inet.h"
#include "utils/uuid.h"

#include "compat.h"
#include "anon.h"
#include "fake_gen.h"
#include "random.h"
#include "randomize.h"

PG_FUNCTION_INFO_V1(anon_fake_iban);
PG_FUNCTION_INFO_V1(anon_fake_iban_country);
PG_FUNCTION_INFO_V1(anon_fake_credit_card);
PG_FUNCTION_INFO_V1(anon_fake_credit_card_brand);
PG_FUNCTION_INFO_V1(anon_fake_siren);
PG_FUNCTION_INFO_V1(anon_fake_siret);
PG_FUNCTION_INFO_V1(anon_fake_ssn);
PG_FUNCTION_INFO_V1(anon_fake_ipv4);
PG_FUNCTION_INFO_V1(anon_fake_ipv6);
PG_FUNCTION_INFO_V1(anon_fake_mac);
PG_FUNCTION_INFO_V1(anon_fake_uuid);
PG_FUNCTION_INFO_V1(anon_fake_url);
PG_FUNCTION_INFO_V1(anon_luhn_valid);
PG_FUNCTION_INFO_V1(anon_iban_valid);

/*---- IBAN ----*/

typedef enum AnonIbanCheck
{
	ANON_IBAN_NONE,				/* no national check digit computed */
	ANON_IBAN_FR,				/* French RIB key */
	ANON_IBAN_BE,				/* Belgian mod 97 */
	ANON_IBAN_ES				/* Spanish DC digits */
} AnonIbanCheck;

/*
 * BBAN layouts from the SWIFT IBAN registry: 'n' a digit, 'a' an upper-case
 * letter; national check digit positions are written as 'n' and overwritten
 * after the draw.
 */
typedef struct AnonIbanCountry
{
	const char *code;
	const char *layout;
	AnonIbanCheck check;
} AnonIbanCountry;

static const AnonIbanCountry anon_iban_countries[] = {
	{"AT", "nnnnnnnnnnnnnnnn", ANON_IBAN_NONE},	/* 5 bank + 11 account */
	{"BE", "nnnnnnnnnnnn", ANON_IBAN_BE},	/* 3 bank + 7 account + 2 check */
	{"CH", "nnnnnnnnnnnnnnnnn", ANON_IBAN_NONE},	/* 5 clearing + 12 account */
	{"DE", "nnnnnnnnnnnnnnnnnn", ANON_IBAN_NONE},	/* 8 BLZ + 10 account */
	{"ES", "nnnnnnnnnnnnnnnnnnnn", ANON_IBAN_ES},	/* 4 + 4 + 2 DC + 10 */
	{"FR", "nnnnnnnnnnnnnnnnnnnnnnn", ANON_IBAN_FR},	/* 5 + 5 + 11 + 2 key */
	{"GB", "aaaannnnnnnnnnnnnn", ANON_IBAN_NONE},	/* 4 bank + 6 sort + 8 */
	{"NL", "aaaannnnnnnnnn", ANON_IBAN_NONE},	/* 4 bank + 10 account */
};

#define ANON_IBAN_NCOUNTRIES lengthof(anon_iban_countries)
#define ANON_IBAN_MAXLEN 34

/* value of the digit string s[0..n) modulo m, digits only */
static int64
anon_digits_mod(const char *s, int n, int64 m)
{
	int64		r = 0;
	int			i;

	for (i = 0; i < n; i++)
		r = (r * 10 + (s[i] - '0')) % m;
	return r;
}

/* ISO 7064 MOD 97-10 over a string of digits and upper-case letters */
static int
anon_mod97_alnum(const char *s, int n, int start)
{
	int			r = start;
	int			i;

	for (i = 0; i < n; i++)
	{
		char		c = s[i];

		if (c >= '0' && c <= '9')
			r = (r * 10 + (c - '0')) % 97;
		else
			r = (r * 100 + (c - 'A' + 10)) % 97;
	}
	return r;
}

/* the Spanish DC digit of ten digits (weights 1 2 4 8 5 10 9 7 3 6) */
static char
anon_es_dc(const char *ten)
{
	static const int w[10] = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
	int			sum = 0;
	int			i;
	int			d;

	for (i = 0; i < 10; i++)
		sum += (ten[i] - '0') * w[i];
	d = 11 - sum % 11;
	if (d == 11)
		d = 0;
	else if (d == 10)
		d = 1;
	return '0' + d;
}

static void
anon_iban_national_check(const AnonIbanCountry *c, char *bban)
{
	switch (c->check)
	{
		case ANON_IBAN_NONE:
			break;
		case ANON_IBAN_FR:
			{
				/* key = 97 - (89 bank + 15 branch + 3 account) mod 97 */
				int64		bank = anon_digits_mod(bban, 5, 97);
				int64		branch = anon_digits_mod(bban + 5, 5, 97);
				int64		account = anon_digits_mod(bban + 10, 11, 97);
				int			key = 97 - (int) ((89 * bank + 15 * branch + 3 * account) % 97);

				bban[21] = '0' + key / 10;
				bban[22] = '0' + key % 10;
				break;
			}
		case ANON_IBAN_BE:
			{
				/* check = first ten digits mod 97, 97 instead of 0 */
				int			check = (int) anon_digits_mod(bban, 10, 97);

				if (check == 0)
					check = 97;
				bban[10] = '0' + check / 10;
				bban[11] = '0' + check % 10;
				break;
			}
		case ANON_IBAN_ES:
			{
				char		first[10];

				/* first DC over "00" + bank + branch, second over account */
				first[0] = first[1] = '0';
				memcpy(first + 2, bban, 8);
				bban[8] = anon_es_dc(first);
				bban[9] = anon_es_dc(bban + 10);
				break;
			}
	}
}

static text *
anon_make_iban(const AnonIbanCountry *c)
{
	char		buf[ANON_IBAN_MAXLEN];
	char	   *bban = buf + 4;
	int			blen = strlen(c->layout);
	int			i;
	int			check;

	for (i = 0; i < blen; i++)
	{
		if (c->layout[i] == 'a')
			bban[i] = 'A' + (char) anon_random_below(26);
		else
			anon_random_digits(bban + i, 1);
	}
	anon_iban_national_check(c, bban);

	/* MOD 97-10 over BBAN, country code, "00" */
	check = anon_mod97_alnum(bban, blen, 0);
	check = anon_mod97_alnum(c->code, 2, check);
	check = anon_mod97_alnum("00", 2, check);
	check = 98 - check;

	buf[0] = c->code[0];
	buf[1] = c->code[1];
	buf[2] = '0' + check / 10;
	buf[3] = '0' + check % 10;
	return cstring_to_text_with_len(buf, 4 + blen);
}

/* anon.fake_iban(): an IBAN of one of the supported countries */
Datum
anon_fake_iban(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(anon_make_iban(&anon_iban_countries[anon_random_below(ANON_IBAN_NCOUNTRIES)]));
}

/* anon.fake_iban(country text): an IBAN of that country */
Datum
anon_fake_iban_country(PG_FUNCTION_ARGS)
{
	char	   *code = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int			i;

	for (i = 0; i < (int) ANON_IBAN_NCOUNTRIES; i++)
		if (pg_strcasecmp(code, anon_iban_countries[i].code) == 0)
			PG_RETURN_TEXT_P(anon_make_iban(&anon_iban_countries[i]));

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("anon.fake_iban does not support this country code"),
			 errhint("Supported countries: AT, BE, CH, DE, ES, FR, GB, NL.")));
	PG_RETURN_NULL();			/* keep the compiler quiet */
}

/*---- Luhn numbers: cards, SIREN, SIRET ----*/

/*
 * The Luhn check digit (ISO/IEC 7812-1 Annex B) of the n digits of s: the
 * digit to append so that the whole number passes.
 */
static char
anon_luhn_digit(const char *s, int n)
{
	int			sum = 0;
	int			i;

	/* from the right, the digit next to the check digit is doubled */
	for (i = 0; i < n; i++)
	{
		int			d = s[n - 1 - i] - '0';

		if (i % 2 == 0)
		{
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return '0' + (10 - sum % 10) % 10;
}

typedef struct AnonCardBrand
{
	const char *name;
	const char *prefix;			/* six digits */
	int			length;
} AnonCardBrand;

/* prefixes of the test card numbers published by payment processors */
static const AnonCardBrand anon_card_brands[] = {
	{"visa", "411111", 16},
	{"visa", "424242", 16},
	{"visa", "400000", 16},
	{"mastercard", "555555", 16},
	{"mastercard", "510510", 16},
	{"mastercard", "222300", 16},
	{"amex", "378282", 15},
	{"amex", "371449", 15},
	{"discover", "601111", 16},
	{"discover", "601100", 16},
};

#define ANON_CARD_NBRANDS lengthof(anon_card_brands)

static text *
anon_make_card(const AnonCardBrand *b)
{
	char		buf[19];

	memcpy(buf, b->prefix, 6);
	anon_random_digits(buf + 6, b->length - 7);
	buf[b->length - 1] = anon_luhn_digit(buf, b->length - 1);
	return cstring_to_text_with_len(buf, b->length);
}

/* anon.fake_credit_card(): a Luhn-valid card number with a test prefix */
Datum
anon_fake_credit_card(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(anon_make_card(&anon_card_brands[anon_random_below(ANON_CARD_NBRANDS)]));
}

/* anon.fake_credit_card(brand text): visa, mastercard, amex or discover */
Datum
anon_fake_credit_card_brand(PG_FUNCTION_ARGS)
{
	char	   *brand = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int			first = -1;
	int			n = 0;
	int			i;

	for (i = 0; i < (int) ANON_CARD_NBRANDS; i++)
		if (pg_strcasecmp(brand, anon_card_brands[i].name) == 0)
		{
			if (first < 0)
				first = i;
			n++;
		}
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("anon.fake_credit_card does not support this brand"),
				 errhint("Supported brands: visa, mastercard, amex, discover.")));
	/* the prefixes of a brand are adjacent in the table */
	PG_RETURN_TEXT_P(anon_make_card(&anon_card_brands[first + anon_random_below(n)]));
}

/* nine Luhn-valid digits, never La Poste's 356000000 */
static void
anon_make_siren(char *buf)
{
	do
	{
		anon_random_digits(buf, 8);
		buf[8] = anon_luhn_digit(buf, 8);
	} while (memcmp(buf, "356000000", 9) == 0);
}

/* anon.fake_siren(): a French company number (9 digits, Luhn) */
Datum
anon_fake_siren(PG_FUNCTION_ARGS)
{
	char		buf[9];

	anon_make_siren(buf);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, 9));
}

/* anon.fake_siret(): SIREN + establishment number, 14 digits, Luhn */
Datum
anon_fake_siret(PG_FUNCTION_ARGS)
{
	char		buf[14];

	anon_make_siren(buf);
	anon_random_digits(buf + 9, 4);
	buf[13] = anon_luhn_digit(buf, 13);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, 14));
}

/*---- US SSN ----*/

/* anon.fake_ssn(): AAA-GG-SSSS under the SSA's rules */
Datum
anon_fake_ssn(PG_FUNCTION_ARGS)
{
	int			area;
	int			group;
	int			serial;
	char		buf[16];

	do
	{
		area = (int) anon_random_int_between(1, 899);
		group = (int) anon_random_int_between(1, 99);
		serial = (int) anon_random_int_between(1, 9999);
	} while (area == 666 || (area == 78 && group == 5 && serial == 1120));

	snprintf(buf, sizeof(buf), "%03d-%02d-%04d", area, group, serial);
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}

/*---- network addresses ----*/

typedef struct AnonIpv4Block
{
	uint32		net;
	int			bits;
} AnonIpv4Block;

/* RFC 6890 and the IANA IPv4 Special-Purpose Address Registry */
static const AnonIpv4Block anon_ipv4_special[] = {
	{0x00000000, 8},			/* 0.0.0.0/8 this network */
	{0x0A000000, 8},			/* 10.0.0.0/8 private */
	{0x64400000, 10},			/* 100.64.0.0/10 shared address space */
	{0x7F000000, 8},			/* 127.0.0.0/8 loopback */
	{0xA9FE0000, 16},			/* 169.254.0.0/16 link local */
	{0xAC100000, 12},			/* 172.16.0.0/12 private */
	{0xC0000000, 24},			/* 192.0.0.0/24 IETF protocol assignments */
	{0xC0000200, 24},			/* 192.0.2.0/24 TEST-NET-1 */
	{0xC0586300, 24},			/* 192.88.99.0/24 6to4 relay anycast */
	{0xC0A80000, 16},			/* 192.168.0.0/16 private */
	{0xC6120000, 15},			/* 198.18.0.0/15 benchmarking */
	{0xC6336400, 24},			/* 198.51.100.0/24 TEST-NET-2 */
	{0xCB007100, 24},			/* 203.0.113.0/24 TEST-NET-3 */
	{0xE0000000, 4},			/* 224.0.0.0/4 multicast */
	{0xF0000000, 4},			/* 240.0.0.0/4 reserved, broadcast */
};

static bool
anon_ipv4_is_special(uint32 a)
{
	int			i;

	for (i = 0; i < (int) lengthof(anon_ipv4_special); i++)
	{
		uint32		mask = ~(uint32) 0 << (32 - anon_ipv4_special[i].bits);

		if ((a & mask) == anon_ipv4_special[i].net)
			return true;
	}
	return false;
}

/* anon.fake_ipv4(): a public unicast IPv4 address */
Datum
anon_fake_ipv4(PG_FUNCTION_ARGS)
{
	uint32		a;
	char		buf[32];

	do
		a = anon_random_uint32();
	while (anon_ipv4_is_special(a));

	snprintf(buf, sizeof(buf), "%u.%u.%u.%u",
			 a >> 24, (a >> 16) & 0xFF, (a >> 8) & 0xFF, a & 0xFF);
	PG_RETURN_DATUM(DirectFunctionCall1(inet_in, CStringGetDatum(buf)));
}

/* anon.fake_ipv6(): a global unicast IPv6 address */
Datum
anon_fake_ipv6(PG_FUNCTION_ARGS)
{
	uint16		g[8];
	char		buf[64];

	for (;;)
	{
		anon_random_bytes(g, sizeof(g));
		/* 2000::/3: the top three bits are 001 */
		g[0] = (g[0] & 0x1FFF) | 0x2000;
		if (g[0] == 0x2001 && g[1] < 0x0200)
			continue;			/* 2001::/23 */
		if (g[0] == 0x2001 && g[1] == 0x0DB8)
			continue;			/* 2001:db8::/32 */
		if (g[0] == 0x2002)
			continue;			/* 2002::/16 */
		break;
	}
	snprintf(buf, sizeof(buf), "%x:%x:%x:%x:%x:%x:%x:%x",
			 g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
	PG_RETURN_DATUM(DirectFunctionCall1(inet_in, CStringGetDatum(buf)));
}

/* anon.fake_mac(): a unicast, locally administered MAC address */
Datum
anon_fake_mac(PG_FUNCTION_ARGS)
{
	uint8		b[6];
	macaddr    *result = (macaddr *) palloc(sizeof(macaddr));

	anon_random_bytes(b, sizeof(b));
	b[0] = (b[0] & 0xFC) | 0x02;
	result->a = b[0];
	result->b = b[1];
	result->c = b[2];
	result->d = b[3];
	result->e = b[4];
	result->f = b[5];
	PG_RETURN_MACADDR_P(result);
}

/* anon.fake_uuid(): a version 4 UUID */
Datum
anon_fake_uuid(PG_FUNCTION_ARGS)
{
	pg_uuid_t  *result = (pg_uuid_t *) palloc(sizeof(pg_uuid_t));

	anon_random_bytes(result->data, UUID_LEN);
	result->data[6] = (result->data[6] & 0x0F) | 0x40;	/* version 4 */
	result->data[8] = (result->data[8] & 0x3F) | 0x80;	/* variant 10 */
	PG_RETURN_UUID_P(result);
}

/*---- URL ----*/

static const char *const anon_url_tlds[] = {
	"com", "org", "net", "io", "info", "fr", "de", "es", "it", "uk"
};

static int
anon_random_letters(char *out, int lo, int hi)
{
	int			n = (int) anon_random_int_between(lo, hi);
	int			i;

	for (i = 0; i < n; i++)
		out[i] = 'a' + (char) anon_random_below(26);
	return n;
}

/* anon.fake_url(): https://<letters>.<tld>/<letters> */
Datum
anon_fake_url(PG_FUNCTION_ARGS)
{
	char		buf[64];
	char	   *p = buf;
	const char *tld = anon_url_tlds[anon_random_below(lengthof(anon_url_tlds))];

	memcpy(p, "https://", 8);
	p += 8;
	p += anon_random_letters(p, 5, 12);
	*p++ = '.';
	memcpy(p, tld, strlen(tld));
	p += strlen(tld);
	*p++ = '/';
	p += anon_random_letters(p, 4, 10);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, p - buf));
}

/*---- validators ----*/

/*
 * anon.luhn_valid(text): true when the digits pass the Luhn check; spaces
 * and hyphens are ignored, any other character, or fewer than two digits,
 * makes it false.
 */
Datum
anon_luhn_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	char	   *digits = palloc(len + 1);
	int			n = 0;
	int			i;

	for (i = 0; i < len; i++)
	{
		if (s[i] >= '0' && s[i] <= '9')
			digits[n++] = s[i];
		else if (s[i] != ' ' && s[i] != '-')
			PG_RETURN_BOOL(false);
	}
	if (n < 2)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(anon_luhn_digit(digits, n - 1) == digits[n - 1]);
}

/*
 * anon.iban_valid(text): true when the value is an IBAN whose check digits
 * are right (ISO 13616 / ISO 7064 MOD 97-10): two letters, two digits, 11
 * to 30 letters or digits; spaces ignored, letters in either case.
 */
Datum
anon_iban_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	char		buf[ANON_IBAN_MAXLEN];
	int			n = 0;
	int			i;
	int			r;

	for (i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			PG_RETURN_BOOL(false);
		if (n == ANON_IBAN_MAXLEN)
			PG_RETURN_BOOL(false);
		buf[n++] = c;
	}
	if (n < 15 ||
		!(buf[0] >= 'A' && buf[0] <= 'Z') || !(buf[1] >= 'A' && buf[1] <= 'Z') ||
		!(buf[2] >= '0' && buf[2] <= '9') || !(buf[3] >= '0' && buf[3] <= '9'))
		PG_RETURN_BOOL(false);

	r = anon_mod97_alnum(buf + 4, n - 4, 0);
	r = anon_mod97_alnum(buf, 4, r);
	PG_RETURN_BOOL(r == 1);
}
