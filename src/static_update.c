/*-------------------------------------------------------------------------
 *
 * static_update.c
 *		The UPDATE path of static masking: one UPDATE of all the masked
 *		columns of a table, run through SPI.
 *
 * Used where the row changes must happen as such: when the caller asks for
 * triggers to fire, for foreign tables, and for tables published for
 * logical replication (subscribers then receive the masked rows).  The SET
 * list is deparsed from the analysed, trust-checked rule expressions (not
 * re-parsed from the label text), under the fixed search_path that the
 * caller set, so it runs exactly the functions that were checked.
 *
 * Unless triggers must fire, the UPDATE runs with session_replication_role
 * = replica, which silences user triggers, rules and the foreign key
 * triggers alike; the foreign keys are checked by static.c once every
 * table of the call is masked.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"

#include "compat.h"
#include "anon.h"
#include "static.h"

uint64
anon_static_update(Relation rel, AnonStaticTable *t, bool fire_triggers)
{
	List	   *dpcontext;
	StringInfoData sql;
	MemoryContext cxt = CurrentMemoryContext;
	int			save_nestlevel;
	uint64		rows = 0;
	int			i;

	dpcontext = deparse_context_for(RelationGetRelationName(rel),
									RelationGetRelid(rel));
	initStringInfo(&sql);
	appendStringInfo(&sql, "UPDATE ONLY %s SET ",
					 quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
												RelationGetRelationName(rel)));
	for (i = 0; i < t->ncols; i++)
		appendStringInfo(&sql, "%s%s = %s", i > 0 ? ", " : "",
						 quote_identifier(t->cols[i].attname),
						 deparse_expression(t->cols[i].expr, dpcontext, false, false));

	save_nestlevel = NewGUCNestLevel();
	if (!fire_triggers)
		(void) set_config_option("session_replication_role", "replica",
								 PGC_SUSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	PG_TRY();
	{
		int			rc = SPI_execute(sql.data, false, 0);

		if (rc != SPI_OK_UPDATE)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("cannot anonymize table \"%s\" with an UPDATE",
							RelationGetRelationName(rel)),
					 errdetail("A rule on the table rewrites its UPDATE statements."),
					 errhint("Drop or disable the rule while the table is anonymized.")));
		rows = SPI_processed;
	}
	PG_CATCH();
	{
		anon_static_rethrow(cxt, rel, t);
	}
	PG_END_TRY();
	SPI_finish();
	AtEOXact_GUC(true, save_nestlevel);

	if (anon_progress_rows > 0)
		ereport(NOTICE,
				(errmsg("anonymizing \"%s\": " UINT64_FORMAT " rows updated",
						RelationGetRelationName(rel), rows)));
	return rows;
}
