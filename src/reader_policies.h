/*-------------------------------------------------------------------------
 *
 * reader_policies.h
 *		A reader masked by several policies reads by one: what another
 *		labels is refused to it (reader_policies.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_READER_POLICIES_H
#define ANON_READER_POLICIES_H

#include "nodes/parsenodes.h"

/* planner hook: refuse the relations another policy of the reader labels */
extern void anon_reader_check_policies(Query *parse, int policy);

#endif							/* ANON_READER_POLICIES_H */
