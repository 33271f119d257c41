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

#include "nodes/parsenodes.h"
#include "nodes/primnodes.h"
#include "catalog/pg_attribute.h"
#include "utils/rel.h"

/* install the hooks */
extern void anon_dynamic_init(void);

/*
 * rte (a relation) becomes a security-barrier subquery reading subquery;
 * its securityQuals are left to the caller
 */
extern void anon_rte_set_subquery(RangeTblEntry *rte, Query *subquery);

#endif							/* ANON_DYNAMIC_H */
