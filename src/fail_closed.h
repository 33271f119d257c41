/*-------------------------------------------------------------------------
 *
 * fail_closed.h
 *		Masked and DP roles get errors, never data, when the hooks of anon
 *		are not in place (a per-role session_preload_libraries).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_FAIL_CLOSED_H
#define ANON_FAIL_CLOSED_H

#include "nodes/nodes.h"

/* relabel callback of a role: the role is about to carry seclabel (or none) */
extern void anon_fail_closed_relabel(Oid roleid, const char *provider,
									 const char *seclabel);

/* ProcessUtility hook, after a statement that may change role membership */
extern void anon_fail_closed_utility(Node *stmt);

/* loaded without the preload: refuse if the reader is masked or DP */
extern void anon_fail_closed_check(void);

#endif							/* ANON_FAIL_CLOSED_H */
