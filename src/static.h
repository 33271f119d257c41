/*-------------------------------------------------------------------------
 *
 * static.h
 *		Static masking: anonymize_table / anonymize_column /
 *		anonymize_database, the static noise operations and masked copies.
 *
 * static.c chooses the tables and their rules and runs each table's rules
 * as the table's owner; static_rewrite.c writes the masked rows into a new
 * heap and swaps it in; static_update.c is the UPDATE fallback.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_STATIC_H
#define ANON_STATIC_H

#include "fmgr.h"
#include "nodes/pg_list.h"
#include "utils/relcache.h"

#include "compat.h"
#include "label.h"
#include "mask.h"

/* ---- static.c ---- */

/* GUC anon.progress_rows: NOTICE every N rows written (0: never) */
extern int	anon_progress_rows;

/* GUC anon.static_maintenance_work_mem: kB for the index rebuild (0: session's) */
extern int	anon_static_maintenance_work_mem;

/* define the GUCs of static masking */
extern void anon_static_init(void);

/* the tables anonymize_database masks, each tree at its top, by OID */
extern List *anon_static_database_tables(int policy);

/*
 * Mask the tables of relids in one run (foreign keys between them checked
 * once, at the end); rows[i] and methods[i] get what table i wrote.
 */
extern void anon_static_mask_group(List *relids, int policy, uint64 *rows,
								   char **methods);

/* comma-separated quoted names of the masked columns, for messages */
extern char *anon_static_column_list(const AnonStaticTable *t);

/*
 * In a PG_CATCH block: turn a constraint violation raised while masking t
 * into an error naming the table, columns and constraint; re-throw any
 * other error.  Does not return.
 */
pg_noreturn extern void anon_static_rethrow(MemoryContext cxt, Relation rel,
											const AnonStaticTable *t);

/* apply an expression (SQL text) to one column, as anonymize_column does */
extern void anon_static_apply_expression(FunctionCallInfo fcinfo, Oid relid,
										 const char *column, const char *expr);

/* ---- static_rewrite.c ---- */

/*
 * Can rel be masked by a heap rewrite?  If not, *why is set to a short
 * reason (for the log) and the UPDATE path must be used.
 */
/* the owner of a relation: static masking runs its rules and checks as it */
extern Oid anon_static_rel_owner(Oid relid);

extern bool anon_static_can_rewrite(Relation rel, const char **why);

/* write the masked rows of rel into a new heap and swap it in; rows written */
extern uint64 anon_static_rewrite(Relation rel, AnonStaticTable *t);

/* ---- static_update.c ---- */

/* mask rel with one UPDATE through SPI; rows updated */
extern uint64 anon_static_update(Relation rel, AnonStaticTable *t,
								 bool fire_triggers);

#endif							/* ANON_STATIC_H */
