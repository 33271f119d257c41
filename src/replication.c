/*-------------------------------------------------------------------------
 *
 * replication.c
 *		anon._run_as_owner(rel, sql): run one statement as the owner of a
 *		relation, in a security-restricted operation, for the superuser-side
 *		steps of masked replication (sqlsrc/32_masked_replication.sql).
 *
 * anon.start_masked_replication() is written in PL/pgSQL and is usually
 * called by a superuser.  Its DDL runs as the caller (it evaluates
 * nothing), but filling the masked shadow evaluates the masking rules, the
 * shadow's CHECK constraints and its index expressions, all of which the
 * table's owner wrote.  That must happen with the owner's rights only, as
 * VACUUM and REINDEX run an owner's index expressions: the owner's user id,
 * SECURITY_RESTRICTED_OPERATION (so the owner's code cannot SET ROLE back
 * to the caller, nor leave a temporary object or a cursor behind), and
 * search_path = pg_catalog, pg_temp.
 *
 * The caller must already have the privileges of the relation's owner
 * (superusers do), so the function never gives anyone more rights than
 * they have; it only takes the caller's own away.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_class.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "anon.h"

PG_FUNCTION_INFO_V1(anon_run_as_owner);

/*
 * anon._run_as_owner(rel regclass, sql text) returns bigint: the rows the
 * statement processed.
 */
Datum
anon_run_as_owner(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	char	   *sql = text_to_cstring(PG_GETARG_TEXT_PP(1));
	HeapTuple	ctup;
	Oid			owner;
	Oid			save_userid;
	int			save_sec;
	int			save_nestlevel;
	int			rc;
	uint64		rows;

	ctup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(ctup))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));
	owner = ((Form_pg_class) GETSTRUCT(ctup))->relowner;
	ReleaseSysCache(ctup);

	/* never more than the caller's rights: it must act as the owner already */
	if (!has_privs_of_role(GetUserId(), owner))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be owner of relation %s", get_rel_name(relid))));

	GetUserIdAndSecContext(&save_userid, &save_sec);
	SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rc = SPI_execute(sql, false, 0);
	if (rc < 0)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
	rows = SPI_processed;
	SPI_finish();

	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec);
	PG_RETURN_INT64((int64) rows);
}
