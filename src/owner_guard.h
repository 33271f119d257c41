/*-------------------------------------------------------------------------
 *
 * owner_guard.h
 *		Code of a relation's owner that PostgreSQL's planner runs for
 *		whoever plans a query over the relation (owner_guard.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_OWNER_GUARD_H
#define ANON_OWNER_GUARD_H

/*
 * The first function that planning a query over relid (its partitions,
 * inheritance children, and the relations its views read) as the current
 * user could run with the current user's rights although another role
 * wrote it; InvalidOid if none.  *where is set to the relation whose
 * index, constraint, statistics or partition key calls it.
 */
extern Oid	anon_owner_planned_refusal(Oid relid, Oid *where);

/* ERROR (naming what, e.g. "a k-anonymity measure") if there is one */
extern void anon_owner_check_planned(Oid relid, const char *what);

#endif							/* ANON_OWNER_GUARD_H */
