/*-------------------------------------------------------------------------
 *
 * dict_data.h
 *		The built-in dictionaries embedded by src/dict_data.c (generated).
 *
 * Only src/dict.c reads these; other modules use the API of dict.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_DICT_DATA_H
#define ANON_DICT_DATA_H

/* one embedded dictionary: entries are UTF-8, non-empty, sorted */
typedef struct AnonBuiltinDict
{
	const char *name;			/* e.g. "first_name" */
	const char *locale;			/* e.g. "en_US" */
	int			nentries;
	const char *const *entries;
} AnonBuiltinDict;

extern const AnonBuiltinDict anon_builtin_dicts[];
extern const int anon_builtin_dicts_count;

#endif							/* ANON_DICT_DATA_H */
