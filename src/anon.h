/*-------------------------------------------------------------------------
 *
 * anon.h
 *		Shared declarations of the anon extension: module entry points and
 *		the few facts every module needs.
 *
 * Each module under src/ has one init function, called once from _PG_init
 * (src/anon.c), where it defines its GUCs and installs its hooks.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_H
#define ANON_H

#include "compat.h"

/* Name of the default policy, which is also the label provider's name */
#define ANON_DEFAULT_POLICY "anon"

/* anon.c */
extern bool anon_preloaded;		/* true when loaded by shared_preload_libraries */
extern void anon_require_preload(const char *feature);

#endif							/* ANON_H */
