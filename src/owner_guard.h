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

#include "catalog/objectaccess.h"

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

/*
 * object_access_hook (hooks.c): refuse to create a type, function or other
 * named object in a temporary schema within a security-restricted operation.
 */
extern void anon_owner_object_access(ObjectAccessType access, Oid classId,
									 Oid objectId, int subId);

#endif							/* ANON_OWNER_GUARD_H */
