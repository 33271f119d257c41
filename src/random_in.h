/*-------------------------------------------------------------------------
 *
 * random_in.h
 *		Random values within an enum type or a range (src/random_in.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_RANDOM_IN_H
#define ANON_RANDOM_IN_H

#include "fmgr.h"

/* anon.random_in_enum(anyenum): one label, uniformly */
extern Datum anon_random_in_enum(PG_FUNCTION_ARGS);
/* anon.random_in_<range>(range): one value of the range, uniformly */
extern Datum anon_random_in_int4range(PG_FUNCTION_ARGS);
extern Datum anon_random_in_int8range(PG_FUNCTION_ARGS);
extern Datum anon_random_in_daterange(PG_FUNCTION_ARGS);
extern Datum anon_random_in_tsrange(PG_FUNCTION_ARGS);
extern Datum anon_random_in_numrange(PG_FUNCTION_ARGS);
/* anon.random_date(): timestamptz in [1900-01-01, now()] */
extern Datum anon_random_date(PG_FUNCTION_ARGS);
/* anon.random_time(): time of day */
extern Datum anon_random_time(PG_FUNCTION_ARGS);

#endif							/* ANON_RANDOM_IN_H */
