/*-------------------------------------------------------------------------
 *
 * validate.h
 *		Dry runs: anon.validate(), anon.check_masking(), anon.coverage()
 *		(validate.c; the reports themselves are in sqlsrc/33_validate.sql).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_VALIDATE_H
#define ANON_VALIDATE_H

#include "nodes/nodes.h"

/* error unless the reader is neither masked nor guarded by DP; what: the report */
extern void anon_validate_refuse_masked(const char *what);

/*
 * NULL if a row keeps referencing the same row after masking (neither key
 * column masked, the referencing one masked to NULL, or both masked by the
 * same deterministic expression of the key alone); else why not, as a
 * lower-case clause.  child and parent are anon_column_mask() results.
 */
extern const char *anon_validate_key_refusal(Node *child, AttrNumber cattnum,
											 Node *parent, AttrNumber pattnum);

/*
 * What a column's mask (anon_column_mask()) does to a unique key: NULL (not
 * masked), "null", "constant", "volatile", "other_columns",
 * "deterministic" (may collide), "injective" (a keyed pseudonym or hash of
 * the column).
 */
extern const char *anon_validate_mask_traits(Node *mask, AttrNumber attnum);

#endif							/* ANON_VALIDATE_H */
