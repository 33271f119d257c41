/*-------------------------------------------------------------------------
 *
 * generalize.h
 *		Generalization functions (src/generalize.c): anon.generalize_*range
 *		and anon.generalize_prefix.  SQL-callable only; nothing is exported
 *		to other modules.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_GENERALIZE_H
#define ANON_GENERALIZE_H

#include "fmgr.h"

#endif							/* ANON_GENERALIZE_H */
