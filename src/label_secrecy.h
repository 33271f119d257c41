/*-------------------------------------------------------------------------
 *
 * label_secrecy.h
 *		A masked role does not learn the constants of masking rules:
 *		pg_seclabel is redacted for it; literal salts draw a warning.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_LABEL_SECRECY_H
#define ANON_LABEL_SECRECY_H

#include "nodes/nodes.h"

/* the label with every literal constant replaced by a placeholder */
extern char *anon_label_redact(const char *label);

/* is the provider one of anon's (a policy, or k-anonymity)? */
extern bool anon_label_provider_is_ours(const char *provider);

/* when a rule is written: warn if it passes a constant as a salt */
extern void anon_warn_literal_salt(Node *expr, const char *what);

#endif							/* ANON_LABEL_SECRECY_H */
