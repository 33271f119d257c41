/*-------------------------------------------------------------------------
 *
 * trust.h
 *		What a masking rule may call: the trust check of every function,
 *		operator, type and collation an analysed expression uses.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_TRUST_H
#define ANON_TRUST_H

#include "nodes/nodes.h"

/*
 * is the function labelled TRUSTED for any policy?  (utility_guard.c: only a
 * superuser may then replace or alter it)
 */
extern bool anon_function_labelled_trusted(Oid funcid);

/* is the schema labelled TRUSTED (for the policy, or for anon)? anon is */
extern bool anon_schema_is_trusted(Oid nspid, const char *policy);

/*
 * NULL if a rule of the policy may call the function, else why not: a
 * sentence that follows "The function" in an error detail.
 */
extern const char *anon_function_refusal(Oid funcid, const char *policy);

/*
 * Refuse (ERROR, naming subject, e.g. "column \"t\".\"c\"") an analysed
 * expression that calls a function a rule may not call (function calls,
 * operators, casts, I/O coercions, domain checks, the default arguments of
 * what it calls), contains a subquery, an aggregate, a window function or
 * a set-returning function, or uses a temporary object.
 */
extern void anon_trust_check_expression(Node *expr, const char *policy,
										const char *subject);

/*
 * The same check, as a predicate (no error): for the other expressions
 * that masking evaluates (mask.c: column defaults shown by privacy by
 * default, generation expressions, domain defaults and constraints).
 */
extern bool anon_expression_is_trusted(Node *expr, const char *policy);

/*
 * trust.c: set by citus.c while a Citus worker takes the coordinator's
 * trust labels one by one (anon._citus_receive), so that anon's event
 * trigger, which analyses every rule after each SECURITY LABEL, does not
 * refuse a rule whose function is trusted by a label still to come:
 * anon_trust_check_expression() then refuses nothing.  Rules are analysed
 * again, strictly, at every read.
 */
extern bool anon_trust_deferred;

#endif							/* ANON_TRUST_H */
