/*-------------------------------------------------------------------------
 *
 * kanon.h
 *		Privacy measures over equivalence classes (src/kanon.c): which
 *		columns are quasi-identifiers, and how the SQL over them is built.
 *		Shared with the automatic generalization (src/kanon_search.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_KANON_H
#define ANON_KANON_H

#include "nodes/pg_list.h"
#include "utils/array.h"

/* kanon.c */

/* error unless relid is a relation whose rows can be read (table, view...) */
extern void anon_kanon_check_relation(Oid relid);

/*
 * Names (palloc'd, unquoted) of the quasi-identifiers of relid: the
 * explicit array when not NULL (each checked to be a column of relid), else
 * the columns labelled QUASI-IDENTIFIER; errors when there are none.
 */
extern List *anon_kanon_columns(Oid relid, ArrayType *columns);

/* the schema-qualified, quoted name of relid, for a FROM clause */
extern char *anon_kanon_relation_from(Oid relid);

/* "a, b, c": the quoted names, each prefixed by prefix ("" for none) */
extern char *anon_kanon_column_list(List *columns, const char *prefix);

#endif							/* ANON_KANON_H */
