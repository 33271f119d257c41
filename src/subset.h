/*-------------------------------------------------------------------------
 *
 * subset.h
 *		Subsets that keep referential integrity: the parsing shared by
 *		masked copies (static_copy.c) and masked dumps (subset_dump.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_SUBSET_H
#define ANON_SUBSET_H

#include "nodes/parsenodes.h"
#include "utils/array.h"
#include "utils/relcache.h"

/* one entry of a subset: a table and the condition its seed rows meet */
typedef struct AnonSubsetSeed
{
	Oid			relid;
	Node	   *cond;			/* over the table as entry 1; NULL: every row */
} AnonSubsetSeed;

/* split "table WHERE condition": the table's name and the condition (NULL) */
extern void anon_subset_split(const char *entry, char **relname, const char **cond);

/*
 * Parse and analyse a condition over rel (range table entry 1): one
 * boolean expression, trust-checked as a masking rule of policy would be.
 */
extern Node *anon_subset_condition(Relation rel, const char *cond, const char *policy);

/*
 * The seeds of a subset array of "table WHERE condition" entries over the
 * tables of schema nsp (tables and partitioned tables, not partitions),
 * each condition analysed; what names the subset in errors.
 */
extern List *anon_subset_seeds(ArrayType *arr, Oid nsp, const char *what,
							   const char *policy);

/*
 * Masked dumps (subset_dump.c), called by dynamic masking: rte, entry
 * rtindex of a query read by a masked role for policy, gets the row filter
 * of the role's dump subset, if its schema has one (a security qual over
 * the masked values); does the relation relid fall under a dump subset of
 * the reader (COPY rel TO must then go through the planner)?
 */
extern void anon_subset_dump_filter(RangeTblEntry *rte, Index rtindex, int policy);
extern bool anon_subset_dump_applies(Oid relid);

#endif							/* ANON_SUBSET_H */
