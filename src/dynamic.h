/*-------------------------------------------------------------------------
 *
 * dynamic.h
 *		Dynamic masking: the planner, utility and fmgr hooks that make
 *		masked roles read masked data.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_DYNAMIC_H
#define ANON_DYNAMIC_H

/* install the hooks */
extern void anon_dynamic_init(void);

/* the policy masking the current query (current or session user), or -1 */
extern int	anon_dynamic_policy(void);

#endif							/* ANON_DYNAMIC_H */
