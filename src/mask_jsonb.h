/*-------------------------------------------------------------------------
 *
 * mask_jsonb.h
 *		anon.mask_jsonb: masking functions applied to paths inside JSON.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_MASK_JSONB_H
#define ANON_MASK_JSONB_H

#include "nodes/primnodes.h"

/* is the function anon.mask_jsonb? */
extern bool anon_is_mask_jsonb(Oid funcid);

/*
 * A rule's call of anon.mask_jsonb, at label time: the rules must be a
 * constant naming functions a rule of the policy may call.  soft: answer
 * false instead of raising an error naming subject.
 */
extern bool anon_mask_jsonb_check_rules(FuncExpr *call, const char *policy,
										const char *subject, bool soft);

#endif							/* ANON_MASK_JSONB_H */
