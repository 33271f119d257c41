/*-------------------------------------------------------------------------
 *
 * partial.h
 *		Partial scrambling and format-keeping masks (src/partial.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_PARTIAL_H
#define ANON_PARTIAL_H

#include "fmgr.h"

/* anon.partial(text, int, text, int): prefix, padding, suffix */
extern Datum anon_partial(PG_FUNCTION_ARGS);
/* anon.partial_email(text): 'da******@gm******.com' */
extern Datum anon_partial_email(PG_FUNCTION_ARGS);
/* anon.mask_phone(text): digits but the last two and the country code */
extern Datum anon_mask_phone(PG_FUNCTION_ARGS);
/* anon.mask_card_number(text): digits but the last four */
extern Datum anon_mask_card_number(PG_FUNCTION_ARGS);
/* anon.mask_iban(text): all but the country code and the last four */
extern Datum anon_mask_iban(PG_FUNCTION_ARGS);

#endif							/* ANON_PARTIAL_H */
