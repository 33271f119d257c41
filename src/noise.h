/*-------------------------------------------------------------------------
 *
 * noise.h
 *		anon.noise and anon.dnoise (src/noise.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_NOISE_H
#define ANON_NOISE_H

#include "fmgr.h"

/* anon.noise(v, ratio): uniform in [v - |v| ratio, v + |v| ratio] */
extern Datum anon_noise_int2(PG_FUNCTION_ARGS);
extern Datum anon_noise_int4(PG_FUNCTION_ARGS);
extern Datum anon_noise_int8(PG_FUNCTION_ARGS);
extern Datum anon_noise_float4(PG_FUNCTION_ARGS);
extern Datum anon_noise_float8(PG_FUNCTION_ARGS);
extern Datum anon_noise_numeric(PG_FUNCTION_ARGS);
/* anon.dnoise(v, span): uniform in [v - span, v + span] */
extern Datum anon_dnoise_date(PG_FUNCTION_ARGS);
extern Datum anon_dnoise_timestamp(PG_FUNCTION_ARGS);

#endif							/* ANON_NOISE_H */
