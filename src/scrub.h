/*-------------------------------------------------------------------------
 *
 * scrub.h
 *		Free text: finding and masking personal data inside text
 *		(anon.scrub_text).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_SCRUB_H
#define ANON_SCRUB_H

/* scrub.c: the kinds of personal data, as bits of a mask */
#define ANON_SCRUB_EMAIL		0x01
#define ANON_SCRUB_PHONE		0x02
#define ANON_SCRUB_CARD			0x04
#define ANON_SCRUB_IBAN			0x08
#define ANON_SCRUB_IP			0x10
#define ANON_SCRUB_NATIONAL_ID	0x20
#define ANON_SCRUB_ALL			0x3f

/*
 * scrub.c: s (len bytes, server encoding) with every match of a kind in
 * mask masked (placeholders, or 'X' keeping the format); NULL when nothing
 * was found.  Linear time.
 */
extern text *anon_scrub_buffer(const char *s, int len, int mask,
							   bool keep_format);

/* scrub.c: the kinds of mask (a mask) found in s; linear time */
extern int	anon_scrub_found(const char *s, int len, int mask);

#endif							/* ANON_SCRUB_H */
