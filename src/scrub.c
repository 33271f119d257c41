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
 * Every server encoding of PostgreSQL is ASCII-safe (the bytes of a
 * multibyte character all have their high bit set), so the scanner works on
 * bytes: a multibyte character is never an ASCII letter or digit and never
 * cut.  Only e-mail addresses may hold non-ASCII characters (word
 * characters: in UTF-8, not the punctuation and symbols around addresses
 * such as « » “ ” 、。：).
 *
 * What each kind matches (the choices made to avoid masking ordinary
 * numbers are listed in the README):
 * - email: local part of letters, digits and . _ % + - (not starting with
 *   '.') and non-ASCII word characters, '@', a domain of at least two
 *   labels (letters, digits, '-', non-ASCII word characters) whose last
 *   label (the top-level domain) has two or more ASCII letters, or only
 *   non-ASCII characters (".рф").
 * - phone: 8 to 15 digits (ITU-T E.164 allows at most 15) in groups
 *   separated by one of space - . /, optionally a leading '+' (international
 *   format) and parenthesised groups "(555)", "(0)".  A national number
 *   without separators must start with 0 (a trunk or 00 prefix); dates
 *   (2024-01-15, 15/01/2024, 2020-2024), decimals (3.14159265),
 *   IP-shaped and SSN-shaped numbers, runs of one-digit groups and counts
 *   (01 02 03 04) are not phone numbers.  More than 15 digits in groups
 *   separated by spaces are numbers listed one after the other when they
 *   start with 0 or '+': the first ends before the first group that starts
 *   with 0 after 8 digits or more.
 * - card: 13 to 19 digits (ISO/IEC 7812-1), unseparated or in groups of
 *   3 to 6 digits separated by one space or '-' (the same all along: 4-4-4-4,
 *   4-6-5, ...), whose Luhn check (ISO/IEC 7812-1 annex B) passes; the
 *   longest Luhn-valid prefix ending at a group boundary is taken.
 * - iban: two letters, two check digits and 11 to 30 letters or digits,
 *   written in groups of four separated by one space or without spaces;
 *   the ISO 7064 MOD 97-10 check of ISO 13616 must give 1.  With a
 *   lower-case letter, the country must also be in the IBAN registry and
 *   the length its own (lower case is where ordinary text looks most like
 *   an IBAN).
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
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "compat.h"
#include "scrub.h"

PG_FUNCTION_INFO_V1(anon_scrub_text);
PG_FUNCTION_INFO_V1(anon_scrub_text_kinds);
PG_FUNCTION_INFO_V1(anon_scrub_text_format);
PG_FUNCTION_INFO_V1(anon_scrub_kinds_found);

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

/*
 * A byte of a non-ASCII character (every server encoding is ASCII-safe:
 * all the bytes of a multibyte character have their high bit set).
 */
static inline bool
anon_sc_high(char c)
{
	return (unsigned char) c >= 0x80;
}

/* is the server encoding UTF-8? (set by anon_scrub_scan) */
static bool anon_sc_utf8 = false;

/* a UTF-8 continuation byte: no character starts there */
static inline bool
anon_sc_cont(char c)
{
	return anon_sc_utf8 && ((unsigned char) c & 0xC0) == 0x80;
}

/*
 * The length in bytes of the non-ASCII character at s[i] if it may be part
 * of an internationalized e-mail address (a letter, a digit, an ideograph),
 * 0 if not (punctuation and symbols: « » “ ” — … 、。「」：（） € emoji).
 * In UTF-8 the code point decides; in other encodings every non-ASCII
 * byte counts as part of a word.
 */
static int
anon_sc_mb_word(const char *s, int len, int i)
{
	unsigned char b0 = (unsigned char) s[i];
	int			n;
	uint32		cp;
	int			k;

	if (!anon_sc_utf8)
		return 1;
	if (b0 >= 0xC2 && b0 <= 0xDF)
	{
		n = 2;
		cp = b0 & 0x1F;
	}
	else if (b0 >= 0xE0 && b0 <= 0xEF)
	{
		n = 3;
		cp = b0 & 0x0F;
	}
	else if (b0 >= 0xF0 && b0 <= 0xF4)
	{
		n = 4;
		cp = b0 & 0x07;
	}
	else
		return 0;				/* a continuation byte or not UTF-8 */
	if (i + n > len)
		return 0;
	for (k = 1; k < n; k++)
	{
		if (((unsigned char) s[i + k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | ((unsigned char) s[i + k] & 0x3F);
	}
	if ((cp >= 0x80 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) ||
		cp == 0xD7 || cp == 0xF7 ||
		(cp >= 0x2000 && cp <= 0x2BFF) ||	/* punctuation, symbols, arrows */
		(cp >= 0x2E00 && cp <= 0x2E7F) ||	/* supplemental punctuation */
		(cp >= 0x3000 && cp <= 0x303F) ||	/* CJK symbols and punctuation */
		(cp >= 0xFE10 && cp <= 0xFE1F) ||	/* vertical forms */
		(cp >= 0xFE30 && cp <= 0xFE6F) ||	/* CJK compatibility, small forms */
		(cp >= 0xFF00 && cp <= 0xFF0F) ||	/* fullwidth punctuation */
		(cp >= 0xFF1A && cp <= 0xFF20) ||
		(cp >= 0xFF3B && cp <= 0xFF40) ||
		(cp >= 0xFF5B && cp <= 0xFF65) ||
		(cp >= 0xFFE0 && cp <= 0xFFFF) ||
		(cp >= 0x1F000 && cp <= 0x1FAFF))	/* emoji and pictographs */
		return 0;
	return n;
}

/*
 * The length of the character at s[i] if it may be in the local part of
 * an e-mail address, else 0: ASCII letters, digits and . _ % + -, and
 * non-ASCII word characters (RFC 6531 internationalized addresses,
 * "josé@exemple.fr").
 */
static inline int
anon_sc_local_at(const char *s, int len, int i)
{
	char		c = s[i];

	if (anon_sc_high(c))
		return anon_sc_mb_word(s, len, i);
	return (anon_sc_alnum(c) || c == '.' || c == '_' || c == '%' ||
			c == '+' || c == '-') ? 1 : 0;
}

/*
 * The same for a domain label: letters, digits, '-' and non-ASCII word
 * characters (internationalized domain names, RFC 5890).
 */
static inline int
anon_sc_label_at(const char *s, int len, int i)
{
	char		c = s[i];

	if (anon_sc_high(c))
		return anon_sc_mb_word(s, len, i);
	return (anon_sc_alnum(c) || c == '-') ? 1 : 0;
}

/* is the character before s[i] one of a local part? */
static bool
anon_sc_local_before(const char *s, int len, int i)
{
	int			k = i - 1;

	if (i == 0)
		return false;
	if (!anon_sc_high(s[k]))
		return anon_sc_local_at(s, len, k) > 0;
	if (!anon_sc_utf8)
		return true;
	while (k > 0 && k > i - 4 && anon_sc_cont(s[k]))
		k--;
	return anon_sc_mb_word(s, len, k) > 0;
}

/* a separator between digit groups */
static inline bool
anon_sc_digit_sep(char c)
{
	return c == ' ' || c == '-' || c == '.' || c == '/';
}

/* may a match of some kind begin with c? (non-ASCII: an e-mail address) */
static inline bool
anon_sc_can_start(char c)
{
	return anon_sc_alnum(c) || c == '+' || c == '(' || c == ':' ||
		c == '.' || c == '_' || c == '%' || c == '-' || anon_sc_high(c);
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
 * The domain of an address starting at s[d]: labels of letters, digits,
 * '-' and non-ASCII characters (internationalized domain names, RFC 5890),
 * separated by single dots, at least two.  The last label (the top-level
 * domain) is two or more ASCII letters, or non-ASCII characters only
 * (".рф"); an ASCII top-level domain ends at the first non-ASCII byte, so
 * "example.com谢谢" is "example.com" followed by text.  Returns the end
 * offset or -1; *tld gets the offset of the last label.
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
		int			l;

		label = pos;
		while (pos < len && (l = anon_sc_label_at(s, len, pos)) > 0)
			pos += l;
		if (pos == label)
			return -1;
		nlabels++;
		if (pos + 1 < len && s[pos] == '.' && anon_sc_label_at(s, len, pos + 1) > 0)
		{
			pos++;
			continue;
		}
		break;
	}
	if (nlabels < 2)
		return -1;
	if (anon_sc_alpha(s[label]))
	{
		/* ASCII letters, up to the first non-ASCII byte */
		for (k = label; k < pos && anon_sc_alpha(s[k]); k++)
			;
		if (k < pos && !anon_sc_high(s[k]))
			return -1;			/* a digit or '-' in the top-level domain */
		pos = k;
	}
	else
	{
		for (k = label; k < pos; k++)
			if (!anon_sc_high(s[k]))
				return -1;
	}
	if (pos - label < 2)
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
	int			glen[ANON_MAX_GROUPS + 1];
	bool		paren[ANON_MAX_GROUPS + 1];
	int			gstart[ANON_MAX_GROUPS + 1];	/* offset of the first digit */
	int			gend[ANON_MAX_GROUPS + 1];	/* offset just past the group */
	char		gsep[ANON_MAX_GROUPS + 1];	/* separator before, or 0 */
	bool		overflow = false;
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
	gsep[0] = 0;
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
		gstart[ngroups] = start;
		gend[ngroups] = pos;
		if (ndigits + glen[ngroups] > ANON_PHONE_MAX_DIGITS)
		{
			/* group ngroups is read no further; it is not counted */
			overflow = true;
			break;
		}
		ndigits += glen[ngroups];
		ngroups++;

		/* 9 digits or more without a separator: a whole number, it ends */
		if (!paren[ngroups - 1] && glen[ngroups - 1] >= 9 && pos < len &&
			s[pos] == ' ')
			break;

		/* go on after a separator, or straight into/out of a parenthesis */
		if (pos + 1 < len && anon_sc_digit_sep(s[pos]) &&
			(anon_sc_digit(s[pos + 1]) || s[pos + 1] == '('))
		{
			gsep[ngroups] = s[pos];
			pos++;
			continue;
		}
		if (pos < len && ((paren[ngroups - 1] && anon_sc_digit(s[pos])) ||
						  (!paren[ngroups - 1] && s[pos] == '(')))
		{
			gsep[ngroups] = '(';
			continue;
		}
		break;
	}

	/*
	 * More than 15 digits: numbers listed one after the other with only
	 * spaces between them ("06 12 34 56 78 06 98 76 54 32").  When the
	 * first number starts with a trunk prefix 0 (or is international), it
	 * ends before the first space-separated group that starts with 0 and
	 * after 8 digits or more; the next number is a match of its own.
	 * Otherwise (ordinary numbers, a list of years) nothing is found.
	 */
	if (overflow)
	{
		int			d = 0;
		int			cut = -1;

		if (!intl && s[i] != '0')
			return -1;
		for (k = 0; k < ngroups && cut < 0; k++)
		{
			d += glen[k];
			if (d >= ANON_PHONE_MIN_DIGITS && !paren[k] && !paren[k + 1] &&
				gsep[k + 1] == ' ' && s[gstart[k + 1]] == '0')
				cut = k;
		}
		if (cut < 0)
			return -1;
		ngroups = cut + 1;
		pos = gend[cut];
		ndigits = 0;
		for (k = 0; k < ngroups; k++)
			ndigits += glen[k];
	}

	/* the separators of the groups kept */
	for (k = 1; k < ngroups; k++)
	{
		char		sep = gsep[k] == '(' ? 0 : gsep[k];

		if (gsep[k] == '(')
			same_sep = false;
		else
		{
			if (sep == '.')
				dot = true;
			if (prevsep != 0 && sep != prevsep)
				same_sep = false;
			prevsep = sep;
		}
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
	if (ngroups >= 4)
	{
		/* a count: 01 02 03 04 05 (each group one more than the last) */
		int			prev = -1;

		for (k = 0; k < ngroups; k++)
		{
			int			v = 0;
			int			m;

			if (paren[k])
				break;
			for (m = gstart[k]; m < gstart[k] + glen[k]; m++)
				v = v * 10 + (s[m] - '0');
			if (k > 0 && v != prev + 1)
				break;
			prev = v;
		}
		if (k == ngroups)
			return -1;
	}
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
				r = (r * 100 + (pg_ascii_toupper(c) - 'A' + 10)) % 97;
		}
	}
	return r == 1;
}

static inline bool
anon_sc_iban_char(char c)
{
	return anon_sc_digit(c) || anon_sc_alpha(c);
}

/*
 * The IBAN length of each country of the IBAN registry (SWIFT, ISO 13616),
 * by country code.  An IBAN written with lower-case letters must have one
 * of these countries and its length: lower case is where ordinary text
 * (identifiers, hashes) looks most like an IBAN, and one candidate in 97
 * passes the check digits by chance.
 */
static const struct
{
	char		cc[3];
	int			len;
}			anon_iban_registry[] = {
	{"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20},
	{"BE", 16}, {"BG", 22}, {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28},
	{"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27},
	{"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
	{"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23},
	{"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22},
	{"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30},
	{"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
	{"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19},
	{"MN", 20}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18},
	{"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25},
	{"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
	{"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23},
	{"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29},
	{"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
};

/* is s[i..i+1] a registered country whose IBANs have nchars characters? */
static bool
anon_sc_iban_registered(const char *s, int i, int nchars)
{
	char		a = pg_ascii_toupper(s[i]);
	char		b = pg_ascii_toupper(s[i + 1]);
	int			k;

	for (k = 0; k < lengthof(anon_iban_registry); k++)
		if (anon_iban_registry[k].cc[0] == a && anon_iban_registry[k].cc[1] == b)
			return anon_iban_registry[k].len == nchars;
	return false;
}

/* does s[i..end) hold a lower-case ASCII letter? */
static bool
anon_sc_has_lower(const char *s, int i, int end)
{
	int			k;

	for (k = i; k < end; k++)
		if (s[k] >= 'a' && s[k] <= 'z')
			return true;
	return false;
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

	if (i + 4 > len || !anon_sc_alpha(s[i]) || !anon_sc_alpha(s[i + 1]) ||
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
		if (anon_sc_has_lower(s, i, end) &&
			!anon_sc_iban_registered(s, i, nchars[k]))
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

		/* a non-ASCII character (e-mail only) becomes one X */
		if (anon_sc_high(c) && j < keep_from)
		{
			int			l = pg_mblen(s + j);

			if (j + l > end)
				l = end - j;
			j += l - 1;
			c = 'X';
		}
		else if (anon_sc_alnum(c) && j < keep_from &&
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
static text *
anon_scrub_scan(const char *s, int len, int mask, bool keep_format,
				int *found)
{
	StringInfoData buf;
	bool		started = false;
	int			copied = 0;
	int			email_skip = 0;	/* no e-mail address starts before this */
	int			last_end = -2;	/* end of the last match */
	int			k;
	int			i = 0;

	anon_sc_utf8 = (GetDatabaseEncoding() == PG_UTF8);
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
		if ((mask & ANON_SCRUB_EMAIL) && i >= email_skip && !anon_sc_cont(c) &&
			anon_sc_local_at(s, len, i) > 0 && !anon_sc_local_before(s, len, i))
		{
			int			j = i;
			int			l;

			while (j < len && (l = anon_sc_local_at(s, len, j)) > 0)
				j += l;
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
				if ((mask & ANON_SCRUB_IBAN) && anon_sc_alpha(c) &&
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

		if (found != NULL)
		{
			/* only which kinds are found */
			*found |= kind;
			i = last_end = end;
			if (email_skip < end)
				email_skip = end;
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

text *
anon_scrub_buffer(const char *s, int len, int mask, bool keep_format)
{
	return anon_scrub_scan(s, len, mask, keep_format, NULL);
}

int
anon_scrub_found(const char *s, int len, int mask)
{
	int			found = 0;

	(void) anon_scrub_scan(s, len, mask, false, &found);
	return found;
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

/*
 * anon.scrub_kinds(value text) returns text[]: the kinds scrub_text finds
 * in the text, in the order of anon_scrub_kinds, without their values (for
 * anon.coverage, which counts them in sampled values).
 */
Datum
anon_scrub_kinds_found(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	int			found;
	Datum		elems[lengthof(anon_scrub_kinds)];
	int			n = 0;
	int			k;

	found = anon_scrub_found(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value),
							 ANON_SCRUB_ALL);
	for (k = 0; k < lengthof(anon_scrub_kinds); k++)
		if (found & anon_scrub_kinds[k].flag)
			elems[n++] = CStringGetTextDatum(anon_scrub_kinds[k].name);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, TEXTOID, -1, false,
										  TYPALIGN_INT));
}
