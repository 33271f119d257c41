/*-------------------------------------------------------------------------
 *
 * dict.h
 *		Dictionaries of fake values (first names, cities, ...) by locale.
 *
 * A dictionary is a named list of UTF-8 entries for one locale.  The
 * built-in ones are embedded in the library (src/dict_data.c, generated
 * from data/dict); the DBA adds or replaces some with
 * anon.load_dictionary(), stored in the table anon.dictionaries.
 *
 * A handle returned by anon_dict_get() stays valid until
 * anon_dict_generation() changes, which only happens inside a later
 * anon_dict_get() call (after the custom dictionaries changed): callers
 * that cache handles (in fn_extra, say) compare the generation first.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_DICT_H
#define ANON_DICT_H

typedef struct AnonDict AnonDict;

/* current value of the GUC anon.locale */
extern char *anon_locale;

/* anon.dummy_locale (PostgreSQL Anonymizer's name): overrides when set */
extern char *anon_dummy_locale;

/* define anon.locale and anon.dummy_locale; from _PG_init */
extern void anon_dict_init(void);

/*
 * anon.dummy_locale when set, else anon.locale, or en_US when neither is
 * set (library not preloaded)
 */
extern const char *anon_dict_locale(void);

/*
 * The dictionary name for locale (NULL: anon.locale); ERROR when missing.
 * Call inside a transaction: the first call reads anon.dictionaries.
 */
extern const AnonDict *anon_dict_get(const char *name, const char *locale);

/* the same, but NULL instead of an ERROR when it does not exist */
extern const AnonDict *anon_dict_lookup(const char *name, const char *locale);

/* number of entries (always > 0) and entry i, 0 <= i < size */
extern int	anon_dict_size(const AnonDict *h);
extern const char *anon_dict_entry(const AnonDict *h, int i);

/* an entry chosen uniformly at random (src/random.h) */
extern const char *anon_dict_random_entry(const AnonDict *h);

/* HMAC-SHA256 of msg under a key that arg stands for, into md[32] */
typedef void (*AnonMacFunc) (void *arg, const char *msg, size_t len, uint8 *md);

/*
 * An index below n chosen deterministically and without bias by mac over
 * label || 0x00 || msg [|| counter byte]: the first 64-bit big-endian word
 * w < n * floor((2^64 - 1) / n) of the MAC stream, reduced modulo n
 * (exact rejection sampling).
 */
extern int	anon_keyed_index(uint64 n, const char *label, const char *msg,
							 int msglen, AnonMacFunc mac, void *arg);

/*
 * The index of an entry chosen deterministically and without bias by
 * HMAC-SHA256 keyed by key over label || 0x00 || msg (see dict.c).
 */
extern int	anon_dict_keyed_index(const AnonDict *h, const char *label,
								  const char *key, int keylen,
								  const char *msg, int msglen);

/*
 * changes whenever previously returned handles become invalid; 0 while the
 * dictionaries changed and were not rebuilt yet (never a valid generation)
 */
extern uint64 anon_dict_generation(void);

#endif							/* ANON_DICT_H */
