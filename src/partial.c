/*-------------------------------------------------------------------------
 *
 * partial.c
 *		Partial scrambling: anon.partial, anon.partial_email and the
 *		format-keeping masks anon.mask_phone, anon.mask_card_number and
 *		anon.mask_iban.
 *
 * These functions are pure (IMMUTABLE): the output depends on the input
 * only, so a masked column keeps the same masked value from one query to
 * the next, and the planner may fold them.  All lengths are counted in
 * characters, never in bytes, so a multibyte character is never cut in
 * half; the character walk uses pg_mblen() on the server encoding.
 *
 * anon.partial(v, prefix, padding, suffix) behaves as PostgreSQL
 * Anonymizer's: the first min(prefix, n) characters, the padding, then the
 * last min(suffix, n) characters, where n is the length of v.  As there,
 * prefix and suffix may overlap on a short value; it is the caller's choice
 * of lengths that decides how much is shown.
 *
 * anon.partial_email(v) gives the same result as PostgreSQL Anonymizer's
 * SQL expression on every well-formed address (one '@', a dot in the
 * domain): two characters of the local part, '******', '@', two characters
 * of the domain, '******', '.', the top-level domain.  On malformed input it
 * is stricter than the SQL expression, which on an address without a dot
 * in its domain would show everything after the last dot of the whole
 * value: here only text after the last dot of the domain is ever shown.
 *
 * The format-keeping masks replace every character with 'X' except the
 * separators (space and - . / ( ) +) and the characters they keep (last
 * digits, IBAN country code).  When the value is too short to be what the
 * mask is for, everything is masked: a mask never shows a whole short
 * value.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "compat.h"
#include "anon.h"
#include "partial.h"

PG_FUNCTION_INFO_V1(anon_partial);
PG_FUNCTION_INFO_V1(anon_partial_email);
PG_FUNCTION_INFO_V1(anon_mask_phone);
PG_FUNCTION_INFO_V1(anon_mask_card_number);
PG_FUNCTION_INFO_V1(anon_mask_iban);

/* the text the local part and the domain are padded with */
#define ANON_EMAIL_PAD "******"
#define ANON_EMAIL_PAD_LEN 6

/* the character a format-keeping mask writes */
#define ANON_MASK_CHAR 'X'

/*
 * Byte offset just past the first 'nchars' characters of s (len bytes),
 * or len when s has fewer characters.
 */
static int
anon_char_offset(const char *s, int len, int nchars)
{
	int			off = 0;

	while (off < len && nchars > 0)
	{
		/* ASCII is one byte in every server encoding: no lookup needed */
		if (!IS_HIGHBIT_SET(s[off]))
			off++;
		else if (pg_database_encoding_max_length() == 1)
			off++;
		else
			off += pg_mblen(s + off);
		nchars--;
	}
	return Min(off, len);
}

/* number of characters in s (len bytes) */
static int
anon_char_count(const char *s, int len)
{
	if (pg_database_encoding_max_length() == 1)
		return len;
	return pg_mbstrlen_with_len(s, len);
}

static void
anon_check_length_arg(int32 value, const char *argname)
{
	if (value < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s of anon.partial must not be negative", argname),
				 errdetail("The %s given was %d.", argname, value),
				 errhint("Give the number of characters to keep, 0 to keep none.")));
}

/*
 * anon.partial(value text, prefix int, padding text, suffix int)
 */
Datum
anon_partial(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	int32		prefix = PG_GETARG_INT32(1);
	text	   *padding = PG_GETARG_TEXT_PP(2);
	int32		suffix = PG_GETARG_INT32(3);
	const char *s = VARDATA_ANY(value);
	int			len = VARSIZE_ANY_EXHDR(value);
	int			padlen = VARSIZE_ANY_EXHDR(padding);
	int			nchars;
	int			head;
	int			tail_start;
	int			taillen;
	Size		total;
	text	   *result;
	char	   *p;

	anon_check_length_arg(prefix, "prefix");
	anon_check_length_arg(suffix, "suffix");

	head = anon_char_offset(s, len, prefix);
	if (suffix == 0)
		tail_start = len;
	else
	{
		nchars = anon_char_count(s, len);
		tail_start = (suffix >= nchars) ? 0 :
			anon_char_offset(s, len, nchars - suffix);
	}
	taillen = len - tail_start;

	total = (Size) head + (Size) padlen + (Size) taillen;
	if (total > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("result of anon.partial would be too long"),
				 errdetail("The result would take %zu bytes, more than the maximum of %zu.",
						   total, (Size) (MaxAllocSize - VARHDRSZ))));

	result = (text *) palloc(VARHDRSZ + total);
	SET_VARSIZE(result, VARHDRSZ + total);
	p = VARDATA(result);
	memcpy(p, s, head);
	memcpy(p + head, VARDATA_ANY(padding), padlen);
	memcpy(p + head + padlen, s + tail_start, taillen);
	PG_RETURN_TEXT_P(result);
}

/* byte length of the first two characters of s (len bytes), or len */
static inline int
anon_first2(const char *s, int len)
{
	/* the common case, two ASCII bytes, without a call */
	if (len >= 2 && !IS_HIGHBIT_SET(s[0]) && !IS_HIGHBIT_SET(s[1]))
		return 2;
	return anon_char_offset(s, len, 2);
}

/*
 * anon.partial_email(value text)
 *
 * local part = everything before the first '@' (the whole value without
 * one); domain = everything after the last '@' (the whole value without
 * one); top-level domain = everything after the last '.' of the domain,
 * left out (with its dot) when the domain has no dot.
 *
 * This runs once per row of a masked column, so it is written for speed:
 * no detoasting call for a plain value, one backward pass over the domain
 * finding both its last '.' and the last '@', one forward pass over the
 * local part, no character walk unless the first bytes are not ASCII, and
 * a single allocation of the exact result size.
 */
Datum
anon_partial_email(PG_FUNCTION_ARGS)
{
	struct varlena *raw = (struct varlena *) PG_GETARG_POINTER(0);
	const char *s;
	const char *end;
	const char *first_at;
	const char *last_at = NULL;
	const char *domain;
	const char *tld = NULL;
	const char *q;
	int			len;
	int			locallen;
	int			domainlen;
	int			local2;
	int			domain2;
	int			tldlen = 0;
	Size		total;
	text	   *result;
	char	   *p;

	/* only a compressed or out-of-line value needs pg_detoast_datum_packed */
	if (VARATT_IS_EXTERNAL(raw) || VARATT_IS_COMPRESSED(raw))
		raw = pg_detoast_datum_packed(raw);
	s = VARDATA_ANY(raw);
	len = VARSIZE_ANY_EXHDR(raw);
	end = s + len;

	/*
	 * '@' and '.' are single bytes that never occur inside a multibyte
	 * character (every server encoding is ASCII-safe).  Backwards from the
	 * end: the first '.' seen before any '@' starts the top-level domain.
	 */
	for (q = end; q > s; q--)
	{
		if (q[-1] == '@')
		{
			last_at = q - 1;
			break;
		}
		if (q[-1] == '.' && tld == NULL)
			tld = q;
	}
	if (last_at)
	{
		/* the first '@': at last_at at the latest */
		for (first_at = s; *first_at != '@'; first_at++)
			;
		locallen = (int) (first_at - s);
		domain = last_at + 1;
	}
	else
	{
		locallen = len;
		domain = s;
	}
	domainlen = (int) (end - domain);
	if (tld)
		tldlen = (int) (end - tld);

	local2 = anon_first2(s, locallen);
	domain2 = anon_first2(domain, domainlen);

	total = (Size) local2 + ANON_EMAIL_PAD_LEN + 1 + domain2 + ANON_EMAIL_PAD_LEN;
	if (tld)
		total += 1 + tldlen;

	result = (text *) palloc(VARHDRSZ + total);
	SET_VARSIZE(result, VARHDRSZ + total);
	p = VARDATA(result);
	/* two characters are at most a few bytes: no memcpy call */
	for (q = s; q < s + local2; q++)
		*p++ = *q;
	memcpy(p, ANON_EMAIL_PAD, ANON_EMAIL_PAD_LEN);
	p += ANON_EMAIL_PAD_LEN;
	*p++ = '@';
	for (q = domain; q < domain + domain2; q++)
		*p++ = *q;
	memcpy(p, ANON_EMAIL_PAD, ANON_EMAIL_PAD_LEN);
	p += ANON_EMAIL_PAD_LEN;
	if (tld)
	{
		*p++ = '.';
		memcpy(p, tld, tldlen);
	}
	PG_RETURN_TEXT_P(result);
}

/* a separator a format-keeping mask leaves in place */
static inline bool
anon_is_separator(char c)
{
	return c == ' ' || c == '-' || c == '.' || c == '/' ||
		c == '(' || c == ')' || c == '+';
}

static inline bool
anon_is_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool
anon_is_ascii_alnum(char c)
{
	return anon_is_ascii_digit(c) || (c >= 'A' && c <= 'Z') ||
		(c >= 'a' && c <= 'z');
}

/*
 * The masking walk shared by the format-keeping masks.
 *
 * Every character of s is copied when it is a separator, or when it is
 * among the first 'keep_head' or the last 'keep_tail' "counted" characters
 * (digits when count_alnum is false, ASCII letters and digits when it is
 * true); anything else, a multibyte character included, becomes one 'X'.
 * The output is at most as long as the input.
 */
static text *
anon_mask_keep(const char *s, int len, bool count_alnum,
			   int keep_head, int keep_tail)
{
	int			ncounted = 0;
	int			seen = 0;
	int			off;
	text	   *result;
	char	   *p;

	for (off = 0; off < len; off++)
		if (count_alnum ? anon_is_ascii_alnum(s[off]) : anon_is_ascii_digit(s[off]))
			ncounted++;

	result = (text *) palloc(VARHDRSZ + len);
	p = VARDATA(result);
	off = 0;
	while (off < len)
	{
		char		c = s[off];
		int			clen = IS_HIGHBIT_SET(c) ? pg_mblen(s + off) : 1;

		if (clen == 1 && anon_is_separator(c))
			*p++ = c;
		else if (clen == 1 &&
				 (count_alnum ? anon_is_ascii_alnum(c) : anon_is_ascii_digit(c)))
		{
			if (seen < keep_head || seen >= ncounted - keep_tail)
				*p++ = c;
			else
				*p++ = ANON_MASK_CHAR;
			seen++;
		}
		else
			*p++ = ANON_MASK_CHAR;
		off += clen;
	}
	SET_VARSIZE(result, VARHDRSZ + (p - VARDATA(result)));
	return result;
}

static int
anon_count_digits(const char *s, int len)
{
	int			n = 0;
	int			i;

	for (i = 0; i < len; i++)
		if (anon_is_ascii_digit(s[i]))
			n++;
	return n;
}

/*
 * anon.mask_phone(value text): every digit but the last two becomes 'X';
 * an international prefix ('+' and one to three digits followed by a
 * separator, ITU-T E.164 country codes have one to three digits) is kept.
 * Fewer than six digits: everything is masked.
 */
Datum
anon_mask_phone(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(value);
	int			len = VARSIZE_ANY_EXHDR(value);
	int			ndigits = anon_count_digits(s, len);
	int			head = 0;
	int			i = 0;

	if (ndigits < 6)
		PG_RETURN_TEXT_P(anon_mask_keep(s, len, false, 0, 0));

	/* skip leading spaces, then look for "+CC " */
	while (i < len && s[i] == ' ')
		i++;
	if (i < len && s[i] == '+')
	{
		int			j = i + 1;

		while (j < len && anon_is_ascii_digit(s[j]))
			j++;
		if (j - i - 1 >= 1 && j - i - 1 <= 3 && j < len &&
			anon_is_separator(s[j]) && s[j] != '+')
			head = j - i - 1;
	}
	PG_RETURN_TEXT_P(anon_mask_keep(s, len, false, head, 2));
}

/*
 * anon.mask_card_number(value text): every digit but the last four becomes
 * 'X' (PCI DSS allows showing at most the last four).  A value with fewer
 * than 12 digits, the shortest primary account number of ISO/IEC 7812-1,
 * is masked entirely.
 */
Datum
anon_mask_card_number(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(value);
	int			len = VARSIZE_ANY_EXHDR(value);
	int			ndigits = anon_count_digits(s, len);

	PG_RETURN_TEXT_P(anon_mask_keep(s, len, false, 0, ndigits >= 12 ? 4 : 0));
}

/*
 * anon.mask_iban(value text): the country code (two letters) and the last
 * four characters are kept, every other letter or digit becomes 'X',
 * spaces are kept.  A value that does not start with two letters or has
 * fewer than 15 letters and digits (the shortest IBAN of ISO 13616, Norway)
 * is masked entirely.
 */
Datum
anon_mask_iban(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(value);
	int			len = VARSIZE_ANY_EXHDR(value);
	int			nalnum = 0;
	int			i;
	int			first = 0;
	bool		country = false;

	for (i = 0; i < len; i++)
		if (anon_is_ascii_alnum(s[i]))
			nalnum++;
	while (first < len && s[first] == ' ')
		first++;
	if (first + 1 < len &&
		((s[first] >= 'A' && s[first] <= 'Z') || (s[first] >= 'a' && s[first] <= 'z')) &&
		((s[first + 1] >= 'A' && s[first + 1] <= 'Z') || (s[first + 1] >= 'a' && s[first + 1] <= 'z')))
		country = true;

	if (!country || nalnum < 15)
		PG_RETURN_TEXT_P(anon_mask_keep(s, len, true, 0, 0));
	PG_RETURN_TEXT_P(anon_mask_keep(s, len, true, 2, 4));
}
