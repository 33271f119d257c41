/*-------------------------------------------------------------------------
 *
 * restricted.h
 *		RESTRICTED functions are refused to masked readers where they are
 *		called (the fmgr hook), unless the call comes from a masking rule.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_RESTRICTED_H
#define ANON_RESTRICTED_H

#include "fmgr.h"
#include "nodes/primnodes.h"

/*
 * funcformat of a function call that comes from a masking rule: a value of
 * CoercionForm that the parser never produces.
 */
#define ANON_RULE_CALL ((CoercionForm) 0x7A11)

/* mark the calls of a rule's expression; returns the marked copy */
extern Node *anon_rule_calls_mark(Node *expr);

/* is a rule's call running in this backend? */
extern bool anon_in_rule_call(void);

/* needs_fmgr_hook: is the function RESTRICTED for any policy? */
extern bool anon_restricted_needs_fmgr(Oid functionId);

/* fmgr_hook: refuse a masked reader's call unless it comes from a rule */
extern void anon_restricted_fmgr(FmgrHookEventType event, FmgrInfo *flinfo,
								 bool *entered);

/* transaction end: no call is running */
extern void anon_restricted_reset(void);

#endif							/* ANON_RESTRICTED_H */
