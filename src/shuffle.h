/*-------------------------------------------------------------------------
 *
 * shuffle.h
 *		anon.shuffle_column (src/shuffle.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_SHUFFLE_H
#define ANON_SHUFFLE_H

#include "fmgr.h"

/* anon.shuffle_column(regclass, name, name): permute a column's values */
extern Datum anon_shuffle_column(PG_FUNCTION_ARGS);

#endif							/* ANON_SHUFFLE_H */
