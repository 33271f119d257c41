/*-------------------------------------------------------------------------
 *
 * anon.h
 *		Shared declarations of the anon extension: module entry points and
 *		the few facts every module needs.
 *
 * Each module under src/ has one init function, called once from _PG_init
 * (src/anon.c), where it defines its GUCs; the query-path hooks are all
 * installed by hooks.c, which calls the modules' functions in a documented
 * order.
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

/* hooks.c */
extern void anon_hooks_init(void);
extern void anon_hooks_init_unpreloaded(void);

/* is an object access hook other than anon's own installed (sepgsql)? */
extern bool anon_hooks_other_object_access(void);

#endif							/* ANON_H */
