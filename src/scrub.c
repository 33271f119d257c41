/*-------------------------------------------------------------------------
 *
 * scrub.c
 *		Free text: anon.scrub_text() finds e-mail addresses, phone numbers,
 *		payment card numbers, IBANs, IP addresses and national identity
 *		numbers inside text and masks them.
 *
 * The scanner is written by hand (no regular expressions) and runs in time
 * linear in the length of the text, whatever the text:
 *
 * - A match may only start at a "start position": a byte whose previous
 *   byte is not an ASCII letter or digit, and which does not continue a run
 *   of digits (the previous byte is not a separator ' ', '-', '.', '/'
 *   preceded by a digit, nor ':' preceded by a hexadecimal digit), unless
 *   that digit ended the previous match (a list of card numbers separated
 *   by spaces).  So a long run such as "1-1-1-1-..." has a single start
 *   position.
 * - Every matcher but the e-mail one reads a bounded number of bytes from
 *   its start (at most 20 digits for a card or phone number, 34 characters
 *   for an IBAN, 45 for an IPv6 address) and chooses among a bounded number
 *   of candidate ends, so each start position costs O(1).
 * - The e-mail matcher reads the run of local-part characters once: when
 *   the run is not followed by '@', no address can start inside it (every
 *   position inside follows a local-part character), so the scanner skips
 *   it for e-mail; when it is, the domain after that '@' is read once, and
 *   a domain never extends past the next '@'.
 *
 * All patterns are ASCII, and every server encoding of PostgreSQL is
 * ASCII-safe (the bytes of a multibyte character all have their high bit
 * set), so the scanner works on bytes: a multibyte character is never a
 * letter or digit, never part of a match and never cut.
 *
 * What each kind matches (the choices made to avoid masking ordinary
 * numbers are listed in the README):
 * - email: local part of letters, digits and . _ % + - (not starting with
 *   '.'), '@', a domain of at least two labels whose last label (the
 *   top-level domain) has two or more letters.
 * - phone: 8 to 15 digits (ITU-T E.164 allows at most 15) in groups
 *   separated by one of space - . /, optionally a leading '+' (international
 *   format) and parenthesised groups "(555)", "(0)".  A national number
 *   without separators must start with 0 (a trunk or 00 prefix); dates
 *   (2024-01-15, 15/01/2024, 2020-2024), decimals (3.14159265),
 *   IP-shaped and SSN-shaped numbers and runs of one-digit groups are not
 *   phone numbers.
 * - card: 13 to 19 digits (ISO/IEC 7812-1), unseparated or in groups of
 *   3 to 6 digits separated by one space or '-' (the same all along: 4-4-4-4,
 *   4-6-5, ...), whose Luhn check (ISO/IEC 7812-1 annex B) passes; the
 *   longest Luhn-valid prefix ending at a group boundary is taken.
 * - iban: two upper-case letters, two check digits and 11 to 30 upper-case
 *   letters or digits, written in groups of four separated by one space or
 *   without spaces; the ISO 7064 MOD 97-10 check of ISO 13616 must give 1.
 * - ip: IPv4 dotted quads (each octet 0 to 255) and IPv6 addresses in the
 *   text forms of RFC 4291 section 2.2 (with "::" and an embedded IPv4
 *   address); an IPv6 candidate must contain a decimal digit.
 * - national_id: US Social Security numbers NNN-NN-NNNN outside the ranges
 *   the SSA never assigns (area 000, 666, 900-999, group 00, serial 0000;
 *   SSA, "Social Security Number Randomization"), and French NIR numbers
 *   (13 characters, Corsican departments 2A/2B included, with their 2-digit
 *   key 97 - (NIR mod 97), INSEE), with or without the usual spaces.
 *
 * A match is replaced with a typed placeholder ("[EMAIL]", "[PHONE]",
 * "[CARD]", "[IBAN]", "[IP]", "[NATIONAL_ID]"), or, keeping the format,
 * with a copy in which every ASCII letter and digit becomes 'X', except the
 * two-letter country code of an IBAN and the top-level domain of an e-mail
 * address; separators, '@', '+' and brackets stay.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "compat.h"
#include "scrub.h"

PG_FUNCTION_INFO_V1(anon_scrub_text);
PG_FUNCTION_INFO_V1(anon_scrub_text_kinds);
PG_FUNCTION_INFO_V1(anon_scrub_text_format);

/* ---- the kinds ---- */


typedef struct AnonScrubKind
{
	const char *name;			/* as given in the kinds array */
	int			flag;
	const char *placeholder;
} AnonScrubKind;

static const AnonScrubKind anon_scrub_kinds[] = {
	{"email", ANON_SCRUB_EMAIL, "[EMAIL]"},
	{"phone", ANON_SCRUB_PHONE, "[PHONE]"},
	{"card", ANON_SCRUB_CARD, "[CARD]"},
	{"iban", ANON_SCRUB_IBAN, "[IBAN]"},
	{"ip", ANON_SCRUB_IP, "[IP]"},
	{"national_id", ANON_SCRUB_NATIONAL_ID, "[NATIONAL_ID]"},
};

/* bounds that keep every matcher but e-mail O(1) per start position */
#define ANON_PHONE_MIN_DIGITS	8
#define ANON_PHONE_MAX_DIGITS	15
#define ANON_CARD_MIN_DIGITS	13
#define ANON_CARD_MAX_DIGITS	19
#define ANON_IBAN_MIN_LEN		15
#define ANON_IBAN_MAX_LEN		34
#define ANON_MAX_GROUPS			24

/* ---- character classes (ASCII only; high-bit bytes are none of them) ---- */

static inline bool
anon_sc_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool
anon_sc_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline bool
anon_sc_alpha(char c)
{
	return anon_sc_upper(c) || (c >= 'a' && c <= 'z');
}

static inline bool
anon_sc_alnum(char c)
{
	return anon_sc_digit(c) || anon_sc_alpha(c);
}

static inline bool
anon_sc_hex(char c)
{
	return anon_sc_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* a character of the local part of an e-mail address */
static inline bool
anon_sc_local(char c)
{
	return anon_sc_alnum(c) || c == '.' || c == '_' || c == '%' ||
		c == '+' || c == '-';
}

/* a separator between digit groups */
static inline bool
anon_sc_digit_sep(char c)
{
	return c == ' ' || c == '-' || c == '.' || c == '/';
}

/* may a match of some kind begin with c? */
static inline bool
anon_sc_can_start(char c)
{
	return anon_sc_alnum(c) || c == '+' || c == '(' || c == ':' ||
		c == '.' || c == '_' || c == '%' || c == '-';
}

/*
 * May a match other than an e-mail address start at s[i]?  Not inside a
 * word, nor inside a run of digit groups (see the file header).
 */
static inline bool
anon_sc_start_ok(const char *s, int i)
{
	char		p;

	if (i == 0)
		return true;
	p = s[i - 1];
	if (anon_sc_alnum(p))
		return false;
	if (i >= 2 && anon_sc_digit_sep(p) && anon_sc_digit(s[i - 2]))
		return false;
	if (i >= 2 && p == ':' && anon_sc_hex(s[i - 2]))
		return false;
	return true;
}

/*
 * May a digit-based match end at s[end]?  Not followed by a letter or
 * digit, nor by '.', '-' or '/' and a digit (the number goes on).  A space
 * and a digit may follow (a card number followed by another number).
 */
static inline bool
anon_sc_digit_end_ok(const char *s, int len, int end)
{
	char		c;

	if (end >= len)
		return true;
	c = s[end];
	if (anon_sc_alnum(c))
		return false;
	if ((c == '.' || c == '-' || c == '/') && end + 1 < len &&
		anon_sc_digit(s[end + 1]))
		return false;
	return true;
}

/* ---- digit groups ---- */

typedef struct AnonDigitGroups
{
	int			ngroups;
	int			ndigits;
	int			glen[ANON_MAX_GROUPS];	/* digits in each group */
	int			gend[ANON_MAX_GROUPS];	/* byte offset just past each group */
	char		sep[ANON_MAX_GROUPS];	/* separator before each group, 0 for
										 * the first */
	bool		overflow;		/* more than maxdigits digits */
} AnonDigitGroups;

/*
 * Read groups of digits from s[i], separated by exactly one byte of seps;
 * stop after maxdigits + 1 digits (overflow).
 */
static void
anon_sc_groups(const char *s, int len, int i, const char *seps,
			   int maxdigits, AnonDigitGroups *g)
{
	int			pos = i;

	g->ngroups = 0;
	g->ndigits = 0;
	g->overflow = false;
	for (;;)
	{
		int			start = pos;

		while (pos < len && anon_sc_digit(s[pos]) && g->ndigits <= maxdigits)
		{
			pos++;
			g->ndigits++;
		}
		if (g->ndigits > maxdigits || g->ngroups >= ANON_MAX_GROUPS)
		{
			g->overflow = true;
			return;
		}
		g->glen[g->ngroups] = pos - start;
		g->gend[g->ngroups] = pos;
		g->ngroups++;
		if (pos + 1 < len && s[pos] != '\0' && strchr(seps, s[pos]) != NULL &&
			anon_sc_digit(s[pos + 1]))
		{
			g->sep[g->ngroups] = s[pos];
			pos++;
			continue;
		}
		return;
	}
}

/* ---- e-mail ---- */

/*
 * The domain of an address starting at s[d]: labels of letters, digits and
 * '-', separated by single dots, at least two, the last all letters (two or
 * more).  Returns the end offset or -1; *tld gets the offset of the last
 * label.
 */
static int
anon_sc_domain(const char *s, int len, int d, int *tld)
{
	int			pos = d;
	int			nlabels = 0;
	int			label = d;
	int			k;

	for (;;)
	{
		label = pos;
		while (pos < len && (anon_sc_alnum(s[pos]) || s[pos] == '-'))
			pos++;
		if (pos == label)
			return -1;
		nlabels++;
		if (pos + 1 < len && s[pos] == '.' &&
			(anon_sc_alnum(s[pos + 1]) || s[pos + 1] == '-'))
		{
			pos++;
			continue;
		}
		break;
	}
	if (nlabels < 2 || pos - label < 2)
		return -1;
	for (k = label; k < pos; k++)
		if (!anon_sc_alpha(s[k]))
			return -1;
	*tld = label;
	return pos;
}

/* ---- card numbers ---- */

/* Luhn check (ISO/IEC 7812-1 annex B) of the digits of s[i..end) */
static bool
anon_sc_luhn(const char *s, int i, int end)
{
	int			sum = 0;
	bool		dbl = false;
	int			k;

	for (k = end - 1; k >= i; k--)
	{
		int			d;

		if (!anon_sc_digit(s[k]))
			continue;
		d = s[k] - '0';
		if (dbl)
		{
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
		dbl = !dbl;
	}
	return sum % 10 == 0;
}

static int
anon_sc_card(const char *s, int len, int i)
{
	AnonDigitGroups g;
	int			k;
	int			ndigits;

	anon_sc_groups(s, len, i, " -", ANON_CARD_MAX_DIGITS, &g);

	/* the longest Luhn-valid prefix ending at a group boundary */
	ndigits = 0;
	for (k = 0; k < g.ngroups; k++)
		ndigits += g.glen[k];
	for (k = g.ngroups - 1; k >= 0; k--)
	{
		bool		shaped = true;
		int			m;

		/* written in groups: one separator, groups of 3 to 6 digits */
		for (m = 1; m <= k && shaped; m++)
			if (g.sep[m] != g.sep[1] || g.glen[m] < 3 || g.glen[m] > 6 ||
				g.glen[0] < 3 || g.glen[0] > 6)
				shaped = false;
		if (shaped &&
			ndigits >= ANON_CARD_MIN_DIGITS && ndigits <= ANON_CARD_MAX_DIGITS &&
			anon_sc_digit_end_ok(s, len, g.gend[k]) &&
			anon_sc_luhn(s, i, g.gend[k]))
			return g.gend[k];
		ndigits -= g.glen[k];
	}
	return -1;
}

/* ---- phone numbers ---- */

static int
anon_sc_phone(const char *s, int len, int i)
{
	int			pos = i;
	bool		intl = false;
	int			ndigits = 0;
	int			ngroups = 0;
	int			glen[ANON_MAX_GROUPS];
	bool		paren[ANON_MAX_GROUPS];
	char		prevsep = 0;
	bool		dot = false;
	bool		same_sep = true;
	int			k;

	if (s[pos] == '+')
	{
		intl = true;
		pos++;
		if (pos >= len || !anon_sc_digit(s[pos]) || s[pos] == '0')
			return -1;
	}
	for (;;)
	{
		int			start;

		if (ngroups >= ANON_MAX_GROUPS)
			return -1;
		if (pos < len && s[pos] == '(')
		{
			start = ++pos;
			while (pos < len && anon_sc_digit(s[pos]) && pos - start <= 4)
				pos++;
			if (pos == start || pos - start > 4 || pos >= len || s[pos] != ')')
				return -1;
			glen[ngroups] = pos - start;
			paren[ngroups] = true;
			pos++;
		}
		else if (pos < len && anon_sc_digit(s[pos]))
		{
			start = pos;
			while (pos < len && anon_sc_digit(s[pos]) &&
				   ndigits + (pos - start) <= ANON_PHONE_MAX_DIGITS)
				pos++;
			glen[ngroups] = pos - start;
			paren[ngroups] = false;
		}
		else
			return -1;
		ndigits += glen[ngroups];
		ngroups++;
		if (ndigits > ANON_PHONE_MAX_DIGITS)
			return -1;

		/* 9 digits or more without a separator: a whole number, it ends */
		if (!paren[ngroups - 1] && glen[ngroups - 1] >= 9 && pos < len &&
			s[pos] == ' ')
			break;

		/* go on after a separator, or straight into/out of a parenthesis */
		if (pos + 1 < len && anon_sc_digit_sep(s[pos]) &&
			(anon_sc_digit(s[pos + 1]) || s[pos + 1] == '('))
		{
			if (s[pos] == '.')
				dot = true;
			if (prevsep != 0 && s[pos] != prevsep)
				same_sep = false;
			prevsep = s[pos];
			pos++;
			continue;
		}
		if (pos < len && ((paren[ngroups - 1] && anon_sc_digit(s[pos])) ||
						  (!paren[ngroups - 1] && s[pos] == '(')))
		{
			same_sep = false;
			continue;
		}
		break;
	}

	if (ndigits < ANON_PHONE_MIN_DIGITS || paren[ngroups - 1] ||
		!anon_sc_digit_end_ok(s, len, pos))
		return -1;
	if (intl)
		return pos;

	/* a national number: rule out ordinary numbers, dates and the like */
	if (ngroups == 1)
		return (s[i] == '0' && ndigits >= 9) ? pos : -1;
	if (dot && ngroups == 2)
		return -1;				/* a decimal number */
	if (dot && ngroups == 4 && same_sep)
	{
		for (k = 0; k < 4 && glen[k] <= 3 && !paren[k]; k++)
			;
		if (k == 4)
			return -1;			/* shaped like an IPv4 address */
	}
	if (ngroups == 3 && same_sep && !paren[0] &&
		((glen[0] == 4 && glen[1] == 2 && glen[2] == 2) ||
		 (glen[0] == 2 && glen[1] == 2 && glen[2] == 4)))
		return -1;				/* a date */
	if (ngroups == 3 && same_sep && prevsep == '-' && !paren[0] &&
		glen[0] == 3 && glen[1] == 2 && glen[2] == 4)
		return -1;				/* shaped like a US SSN */
	if (ngroups == 2 && !paren[0] && glen[0] == 4 && glen[1] == 4 &&
		(s[i] == '1' || s[i] == '2'))
		return -1;				/* a range of years */
	for (k = 1; k < ngroups; k++)
		if (glen[k] == 1 && glen[k - 1] == 1 && !paren[k] && !paren[k - 1])
			return -1;			/* runs of single digits */
	return pos;
}

/* ---- IBAN ---- */

/* ISO 7064 MOD 97-10 as ISO 13616 applies it, over the alnums of s[i..end) */
static bool
anon_sc_iban_check(const char *s, int i, int end)
{
	int			r = 0;
	int			pass;

	/* first everything after the first four characters, then those four */
	for (pass = 0; pass < 2; pass++)
	{
		int			n = 0;
		int			k;

		for (k = i; k < end; k++)
		{
			char		c = s[k];

			if (c == ' ')
				continue;
			n++;
			if ((pass == 0) != (n > 4))
				continue;
			if (anon_sc_digit(c))
				r = (r * 10 + (c - '0')) % 97;
			else
				r = (r * 100 + (c - 'A' + 10)) % 97;
		}
	}
	return r == 1;
}

static inline bool
anon_sc_iban_char(char c)
{
	return anon_sc_digit(c) || anon_sc_upper(c);
}

static int
anon_sc_iban(const char *s, int len, int i)
{
	int			pos;
	int			ends[ANON_IBAN_MAX_LEN];
	int			nchars[ANON_IBAN_MAX_LEN];
	int			nends = 0;
	int			n;
	int			k;

	if (i + 4 > len || !anon_sc_upper(s[i]) || !anon_sc_upper(s[i + 1]) ||
		!anon_sc_digit(s[i + 2]) || !anon_sc_digit(s[i + 3]))
		return -1;
	pos = i + 4;
	n = 4;
	if (pos + 1 < len && s[pos] == ' ' && anon_sc_iban_char(s[pos + 1]))
	{
		/* groups of four, the last one shorter or not */
		while (pos + 1 < len && s[pos] == ' ' && anon_sc_iban_char(s[pos + 1]))
		{
			int			start = pos + 1;
			int			q = start;

			while (q < len && anon_sc_iban_char(s[q]) && q - start < 5)
				q++;
			if (q - start == 5 || n + (q - start) > ANON_IBAN_MAX_LEN)
				break;			/* not a group of the IBAN */
			n += q - start;
			pos = q;
			ends[nends] = pos;
			nchars[nends] = n;
			nends++;
			if (q - start < 4)
				break;
		}
	}
	else
	{
		while (pos < len && anon_sc_iban_char(s[pos]) && n <= ANON_IBAN_MAX_LEN)
		{
			pos++;
			n++;
		}
		ends[nends] = pos;
		nchars[nends] = n;
		nends++;
	}
	for (k = nends - 1; k >= 0; k--)
	{
		int			end = ends[k];

		if (nchars[k] < ANON_IBAN_MIN_LEN || nchars[k] > ANON_IBAN_MAX_LEN)
			continue;
		if (end < len && anon_sc_alnum(s[end]))
			continue;
		if (anon_sc_iban_check(s, i, end))
			return end;
	}
	return -1;
}

/* ---- IP addresses ---- */

static int
anon_sc_ipv4_at(const char *s, int len, int i)
{
	int			pos = i;
	int			octet;

	for (octet = 0; octet < 4; octet++)
	{
		int			start = pos;
		int			v = 0;

		if (octet > 0)
		{
			if (pos >= len || s[pos] != '.')
				return -1;
			start = ++pos;
		}
		while (pos < len && anon_sc_digit(s[pos]) && pos - start < 3)
			v = v * 10 + (s[pos++] - '0');
		if (pos == start || v > 255 || (pos < len && anon_sc_digit(s[pos])))
			return -1;
	}
	return pos;
}

static int
anon_sc_ipv4(const char *s, int len, int i)
{
	int			end = anon_sc_ipv4_at(s, len, i);

	if (end < 0 || !anon_sc_digit_end_ok(s, len, end))
		return -1;
	return end;
}

static int
anon_sc_ipv6(const char *s, int len, int i)
{
	int			pos = i;
	int			ngroups = 0;
	bool		dcolon = false;
	bool		digit = false;
	int			k;

	if (s[pos] == ':')
	{
		if (pos + 1 >= len || s[pos + 1] != ':')
			return -1;
		dcolon = true;
		pos += 2;
	}
	for (;;)
	{
		int			start = pos;

		while (pos < len && anon_sc_hex(s[pos]) && pos - start <= 4)
			pos++;
		if (pos - start > 4)
			return -1;
		if (pos == start)
		{
			/* only right after "::" may no group follow */
			if (!(pos >= 2 && s[pos - 1] == ':' && s[pos - 2] == ':'))
				return -1;
			break;
		}
		/* an embedded IPv4 address ends the address */
		if (pos < len && s[pos] == '.')
		{
			int			end = anon_sc_ipv4_at(s, len, start);

			if (end < 0 || ngroups + 2 > (dcolon ? 6 : 8))
				return -1;
			ngroups += 2;
			digit = true;
			pos = end;
			break;
		}
		for (k = start; k < pos; k++)
			if (anon_sc_digit(s[k]))
				digit = true;
		ngroups++;
		if (ngroups > 8)
			return -1;
		if (pos + 1 < len && s[pos] == ':' && s[pos + 1] == ':')
		{
			if (dcolon)
				return -1;
			dcolon = true;
			pos += 2;
			continue;
		}
		if (pos + 1 < len && s[pos] == ':' && anon_sc_hex(s[pos + 1]))
		{
			pos++;
			continue;
		}
		break;
	}
	if (dcolon ? ngroups > 7 : ngroups != 8)
		return -1;
	if (!digit)
		return -1;
	if (pos < len && (anon_sc_alnum(s[pos]) || s[pos] == ':' ||
					  (s[pos] == '.' && pos + 1 < len && anon_sc_digit(s[pos + 1]))))
		return -1;
	return pos;
}

/* ---- national identity numbers ---- */

/* US SSN NNN-NN-NNNN outside the ranges the SSA never assigns */
static int
anon_sc_ssn(const char *s, int len, int i)
{
	static const char shape[] = "ddd-dd-dddd";
	int			k;
	int			area;
	int			group;
	int			serial;

	if (i + 11 > len)
		return -1;
	for (k = 0; k < 11; k++)
		if (shape[k] == 'd' ? !anon_sc_digit(s[i + k]) : s[i + k] != '-')
			return -1;
	if (!anon_sc_digit_end_ok(s, len, i + 11))
		return -1;
	area = (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	group = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
	serial = (s[i + 7] - '0') * 1000 + (s[i + 8] - '0') * 100 +
		(s[i + 9] - '0') * 10 + (s[i + 10] - '0');
	if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0)
		return -1;
	return i + 11;
}

/*
 * French NIR: sex (1, 2, or 3, 4, 7, 8 for provisional numbers), year,
 * month, department (2 digits or 2A/2B), commune, order, then the key.
 * Written "185057800608436" or "1 85 05 78 006 084 36".
 */
static int
anon_sc_nir(const char *s, int len, int i)
{
	/* spaces may come before these character positions */
	static const bool space_before[15] = {
		false, true, false, true, false, true, false, true,
		false, false, true, false, false, true, false
	};
	char		c[15];
	int			pos = i;
	int			n = 0;
	uint64		num = 0;
	int			key;
	int			k;

	while (n < 15)
	{
		if (n > 0 && space_before[n] && pos + 1 < len && s[pos] == ' ')
			pos++;
		if (pos >= len)
			return -1;
		if (anon_sc_digit(s[pos]) ||
			(n == 6 && (s[pos] == 'A' || s[pos] == 'B') && c[5] == '2'))
			c[n++] = s[pos++];
		else
			return -1;
	}
	if (!anon_sc_digit_end_ok(s, len, pos))
		return -1;
	if (!(c[0] == '1' || c[0] == '2' || c[0] == '3' || c[0] == '4' ||
		  c[0] == '7' || c[0] == '8'))
		return -1;
	for (k = 0; k < 13; k++)
	{
		int			d;

		/* Corsica: 2A counts as 19, 2B as 18 */
		if (k == 5 && c[6] == 'A')
			d = 1;
		else if (k == 6 && c[6] == 'A')
			d = 9;
		else if (k == 5 && c[6] == 'B')
			d = 1;
		else if (k == 6 && c[6] == 'B')
			d = 8;
		else
			d = c[k] - '0';
		num = num * 10 + d;
	}
	key = (c[13] - '0') * 10 + (c[14] - '0');
	if (key != 97 - (int) (num % 97))
		return -1;
	return pos;
}

/* ---- the scanner ---- */

/*
 * Append the masked form of s[i..end) of kind k to buf.
 */
static void
anon_sc_emit(StringInfo buf, const char *s, int i, int end,
			 const AnonScrubKind *k, bool keep_format, int keep_from)
{
	int			j;

	if (!keep_format)
	{
		appendStringInfoString(buf, k->placeholder);
		return;
	}
	enlargeStringInfo(buf, end - i);
	for (j = i; j < end; j++)
	{
		char		c = s[j];

		if (anon_sc_alnum(c) && j < keep_from &&
			!(k->flag == ANON_SCRUB_IBAN && j < i + 2))
			c = 'X';
		buf->data[buf->len++] = c;
	}
	buf->data[buf->len] = '\0';
}

/*
 * Scrub s (len bytes) for the kinds in mask.  Returns NULL when nothing was
 * found (the caller returns its input unchanged).
 */
text *
anon_scrub_buffer(const char *s, int len, int mask, bool keep_format)
{
	StringInfoData buf;
	bool		started = false;
	int			copied = 0;
	int			email_skip = 0;	/* no e-mail address starts before this */
	int			last_end = -2;	/* end of the last match */
	int			k;
	int			i = 0;

	while (i < len)
	{
		char		c;
		int			end = -1;
		int			keep_from = INT_MAX;
		int			kind = 0;

		/*
		 * Fast path: nothing starts right after a letter or digit, nor at a
		 * byte that begins no kind (space, most punctuation, non-ASCII).
		 */
		while (i < len &&
			   ((i > 0 && anon_sc_alnum(s[i - 1])) || !anon_sc_can_start(s[i])))
			i++;
		if (i >= len)
			break;
		c = s[i];

		/* e-mail: starts after a byte that cannot be in a local part */
		if ((mask & ANON_SCRUB_EMAIL) && i >= email_skip && anon_sc_local(c) &&
			(i == 0 || !anon_sc_local(s[i - 1])))
		{
			int			j = i;

			while (j < len && anon_sc_local(s[j]))
				j++;
			email_skip = j;
			if (j < len && s[j] == '@')
			{
				int			local = i;
				int			tld;

				while (local < j && s[local] == '.')
					local++;
				if (local < j)
				{
					end = anon_sc_domain(s, len, j + 1, &tld);
					if (end >= 0)
					{
						/* leading dots are not part of the address */
						i = local;
						kind = ANON_SCRUB_EMAIL;
						keep_from = tld;
					}
				}
			}
		}

		/* right after a match and a separator, a new match may start */
		if (end < 0 &&
			(anon_sc_start_ok(s, i) ||
			 (i == last_end + 1 && !anon_sc_alnum(s[i - 1]))))
		{
			if (anon_sc_digit(c))
			{
				if ((mask & ANON_SCRUB_NATIONAL_ID) &&
					((end = anon_sc_ssn(s, len, i)) >= 0 ||
					 (end = anon_sc_nir(s, len, i)) >= 0))
					kind = ANON_SCRUB_NATIONAL_ID;
				else if ((mask & ANON_SCRUB_CARD) &&
						 (end = anon_sc_card(s, len, i)) >= 0)
					kind = ANON_SCRUB_CARD;
				else if ((mask & ANON_SCRUB_IP) &&
						 ((end = anon_sc_ipv4(s, len, i)) >= 0 ||
						  (end = anon_sc_ipv6(s, len, i)) >= 0))
					kind = ANON_SCRUB_IP;
				else if ((mask & ANON_SCRUB_PHONE) &&
						 (end = anon_sc_phone(s, len, i)) >= 0)
					kind = ANON_SCRUB_PHONE;
			}
			else if (c == '+' || c == '(')
			{
				if ((mask & ANON_SCRUB_PHONE) &&
					(end = anon_sc_phone(s, len, i)) >= 0)
					kind = ANON_SCRUB_PHONE;
			}
			else
			{
				if ((mask & ANON_SCRUB_IBAN) && anon_sc_upper(c) &&
					(end = anon_sc_iban(s, len, i)) >= 0)
					kind = ANON_SCRUB_IBAN;
				else if ((mask & ANON_SCRUB_IP) && (anon_sc_hex(c) || c == ':') &&
						 (end = anon_sc_ipv6(s, len, i)) >= 0)
					kind = ANON_SCRUB_IP;
			}
		}

		if (kind == 0)
		{
			i++;
			continue;
		}

		if (!started)
		{
			/* the result is built in place, after room for its header */
			initStringInfo(&buf);
			enlargeStringInfo(&buf, VARHDRSZ + len);
			appendStringInfoSpaces(&buf, VARHDRSZ);
			started = true;
		}
		appendBinaryStringInfo(&buf, s + copied, i - copied);
		for (k = 0; k < lengthof(anon_scrub_kinds); k++)
			if (anon_scrub_kinds[k].flag == kind)
				anon_sc_emit(&buf, s, i, end, &anon_scrub_kinds[k],
							 keep_format, keep_from);
		i = copied = last_end = end;
		if (email_skip < end)
			email_skip = end;
	}

	if (!started)
		return NULL;
	appendBinaryStringInfo(&buf, s + copied, len - copied);
	SET_VARSIZE(buf.data, buf.len);
	return (text *) buf.data;
}

/* the kinds named in a text[] argument, as a mask */
static int
anon_scrub_kinds_mask(ArrayType *kinds)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int			mask = 0;
	int			e;

	deconstruct_array(kinds, TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &nelems);
	for (e = 0; e < nelems; e++)
	{
		char	   *name;
		int			k;
		int			flag = 0;

		if (nulls[e])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("kinds of anon.scrub_text must not contain NULL"),
					 errhint("Valid kinds are email, phone, card, iban, ip and national_id.")));
		name = TextDatumGetCString(elems[e]);
		for (k = 0; k < lengthof(anon_scrub_kinds); k++)
			if (pg_strcasecmp(name, anon_scrub_kinds[k].name) == 0)
				flag = anon_scrub_kinds[k].flag;
		if (flag == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown kind \"%s\" for anon.scrub_text", name),
					 errhint("Valid kinds are email, phone, card, iban, ip and national_id.")));
		mask |= flag;
		pfree(name);
	}
	return mask;
}

static Datum
anon_scrub_datum(FunctionCallInfo fcinfo, int mask, bool keep_format)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	text	   *result;

	if (mask == 0)
		PG_RETURN_TEXT_P(value);
	result = anon_scrub_buffer(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value),
						mask, keep_format);
	PG_RETURN_TEXT_P(result ? result : value);
}

/* anon.scrub_text(value text): every kind, placeholders */
Datum
anon_scrub_text(PG_FUNCTION_ARGS)
{
	return anon_scrub_datum(fcinfo, ANON_SCRUB_ALL, false);
}

/*
 * The mask of the kinds argument; parsed once per query when the argument
 * is a constant (the usual case in a masking rule), per call otherwise.
 */
static int
anon_scrub_kinds_arg(FunctionCallInfo fcinfo)
{
	int		   *cached = (int *) fcinfo->flinfo->fn_extra;
	int			mask;

	if (cached != NULL)
		return *cached;
	mask = anon_scrub_kinds_mask(PG_GETARG_ARRAYTYPE_P(1));
	if (get_fn_expr_arg_stable(fcinfo->flinfo, 1))
	{
		cached = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(int));
		*cached = mask;
		fcinfo->flinfo->fn_extra = cached;
	}
	return mask;
}

/* anon.scrub_text(value text, kinds text[]) */
Datum
anon_scrub_text_kinds(PG_FUNCTION_ARGS)
{
	return anon_scrub_datum(fcinfo, anon_scrub_kinds_arg(fcinfo), false);
}

/* anon.scrub_text(value text, kinds text[], keep_format boolean) */
Datum
anon_scrub_text_format(PG_FUNCTION_ARGS)
{
	return anon_scrub_datum(fcinfo, anon_scrub_kinds_arg(fcinfo),
							PG_GETARG_BOOL(2));
}
