/*-------------------------------------------------------------------------
 *
 * static_parallel.c
 *		anon.anonymize_database_parallel(workers): static masking of a
 *		database's tables by several background workers at once.
 *
 * The caller's backend lists the tables to mask (those with a masking rule
 * of the policy, an inheritance or partition tree counted once, at its
 * top), puts them in a dynamic shared memory segment and starts the
 * workers.  Each worker connects to the database as the caller, takes the
 * next table from the segment (an atomic counter), and masks it in a
 * transaction of its own with anon.anonymize_table_report() (under
 * search_path = pg_catalog, pg_temp, whatever the database's settings say,
 * and with every name qualified), which runs the table's rules as the
 * table's owner under a security-restricted operation; it writes the
 * outcome back into the segment.
 *
 * Each table is all or nothing, the database is not: tables are committed
 * one by one, in parallel.  So the call never claims more than happened:
 * if any table failed (or was never reached because a worker died), it
 * raises an error whose detail names the tables that were masked and those
 * that were not, with each failure's message; it returns rows only when
 * every table was masked.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "port/atomics.h"
#include "postmaster/bgworker.h"
#include "storage/dsm.h"
#include "storage/ipc.h"
#include "storage/shmem.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "compat.h"
#include "anon.h"
#include "mask.h"
#include "label.h"
#include "static.h"

#define ANON_PARALLEL_MAX_WORKERS 64
#define ANON_PARALLEL_ERRLEN 256

typedef enum AnonTableState
{
	ANON_TABLE_PENDING = 0,
	ANON_TABLE_RUNNING,
	ANON_TABLE_MASKED,
	ANON_TABLE_FAILED
} AnonTableState;

typedef struct AnonParallelTable
{
	Oid			relid;
	int			state;			/* AnonTableState, written by one worker */
	uint64		rows;
	char		method[16];
	char		error[ANON_PARALLEL_ERRLEN];
} AnonParallelTable;

typedef struct AnonParallelShared
{
	Oid			dboid;
	Oid			userid;
	char		policy[NAMEDATALEN];
	bool		privacy_by_default; /* the caller's anon.privacy_by_default */
	int			ntables;
	pg_atomic_uint32 next;		/* index of the next table to take */
	AnonParallelTable tables[FLEXIBLE_ARRAY_MEMBER];
} AnonParallelShared;

PGDLLEXPORT void anon_static_worker_main(Datum arg);

PG_FUNCTION_INFO_V1(anon_anonymize_database_parallel);

/* mask one table in its own transaction; record the outcome */
static void
anon_worker_mask_one(AnonParallelShared *shared, AnonParallelTable *t)
{
	MemoryContext oldcxt = CurrentMemoryContext;

	t->state = ANON_TABLE_RUNNING;
	SetCurrentStatementStartTimestamp();
	StartTransactionCommand();
	PushActiveSnapshot(GetTransactionSnapshot());
	pgstat_report_activity(STATE_RUNNING, "anon: anonymize_table");

	PG_TRY();
	{
		Datum		args[2];
		Oid			argtypes[2] = {REGCLASSOID, TEXTOID};
		bool		isnull;

		args[0] = ObjectIdGetDatum(t->relid);
		args[1] = CStringGetTextDatum(shared->policy);
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		if (SPI_execute_with_args("SELECT pg_catalog.sum(a.rows)::pg_catalog.int8, "
								  "pg_catalog.min(a.method) "
								  "FROM anon.anonymize_table_report($1, $2) a",
								  2, argtypes, args, NULL, false, 0) != SPI_OK_SELECT ||
			SPI_processed != 1)
			elog(ERROR, "anonymize_table returned no summary for table with OID %u", t->relid);
		t->rows = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
											  SPI_tuptable->tupdesc, 1, &isnull));
		if (isnull)
			t->rows = 0;
		strlcpy(t->method,
				SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2) ?
				SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2) : "",
				sizeof(t->method));
		SPI_finish();
		PopActiveSnapshot();
		CommitTransactionCommand();
		t->state = ANON_TABLE_MASKED;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcxt);
		edata = CopyErrorData();
		FlushErrorState();
		AbortCurrentTransaction();
		strlcpy(t->error, edata->message, sizeof(t->error));
		FreeErrorData(edata);
		t->state = ANON_TABLE_FAILED;
	}
	PG_END_TRY();
	pgstat_report_activity(STATE_IDLE, NULL);
}

/* the entry point of each background worker */
void
anon_static_worker_main(Datum arg)
{
	dsm_segment *seg;
	AnonParallelShared *shared;
	uint32		i;

	BackgroundWorkerUnblockSignals();
	seg = dsm_attach(DatumGetUInt32(arg));
	if (seg == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("could not attach to the shared memory of anonymize_database_parallel")));
	shared = (AnonParallelShared *) dsm_segment_address(seg);
	BackgroundWorkerInitializeConnectionByOid(shared->dboid, shared->userid, 0);
	/* mask what the caller would: its privacy-by-default setting */
	SetConfigOption("anon.privacy_by_default",
					shared->privacy_by_default ? "on" : "off",
					PGC_SUSET, PGC_S_SESSION);

	/*
	 * The connection took the settings of the database and of the role in
	 * it (ALTER DATABASE / ALTER ROLE ... SET), which the database's owner
	 * chooses: a search_path there would put its functions and operators
	 * in the place of the built-in ones that the statement below names.
	 * The statement names everything with its schema besides.
	 */
	SetConfigOption("search_path", "pg_catalog, pg_temp",
					PGC_SUSET, PGC_S_SESSION);

	while ((i = pg_atomic_fetch_add_u32(&shared->next, 1)) < (uint32) shared->ntables)
	{
		CHECK_FOR_INTERRUPTS();
		anon_worker_mask_one(shared, &shared->tables[i]);
	}
	dsm_detach(seg);
	proc_exit(0);
}

/*
 * anon.anonymize_database_parallel(workers, policy): mask every table with
 * rules of the policy using up to workers background workers.
 */
Datum
anon_anonymize_database_parallel(PG_FUNCTION_ARGS)
{
	int			nworkers = PG_GETARG_INT32(0);
	char	   *policy = text_to_cstring(PG_GETARG_TEXT_PP(1));
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	List	   *tables;
	ListCell   *lc;
	int			ntables;
	Size		size;
	dsm_segment *seg;
	AnonParallelShared *shared;
	BackgroundWorkerHandle *handles[ANON_PARALLEL_MAX_WORKERS];
	int			nstarted = 0;
	int			i;
	int			nfailed = 0;
	StringInfoData masked;
	StringInfoData unmasked;

	anon_require_preload("anon.anonymize_database_parallel()");
	if (nworkers < 1 || nworkers > ANON_PARALLEL_MAX_WORKERS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("workers must be between 1 and %d", ANON_PARALLEL_MAX_WORKERS),
				 errhint("Each worker is a background worker: max_worker_processes limits how many start.")));
	if (anon_policy_index(policy) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("masking policy \"%s\" does not exist", policy),
				 errhint("Policies are listed by anon.policies().")));
	if (IsTransactionBlock())
		ereport(ERROR,
				(errcode(ERRCODE_ACTIVE_SQL_TRANSACTION),
				 errmsg("anonymize_database_parallel cannot run inside a transaction block"),
				 errdetail("Its workers commit each table on their own; they could not see changes this transaction has not committed."),
				 errhint("Call it outside BEGIN ... COMMIT, or use anon.anonymize_database() for one all-or-nothing transaction.")));

	InitMaterializedSRF(fcinfo, 0);
	tables = anon_static_database_tables(anon_policy_index(policy));
	ntables = list_length(tables);
	if (ntables == 0)
		return (Datum) 0;

	size = add_size(offsetof(AnonParallelShared, tables),
					mul_size(ntables, sizeof(AnonParallelTable)));
	seg = dsm_create(size, 0);
	shared = (AnonParallelShared *) dsm_segment_address(seg);
	memset(shared, 0, size);
	shared->dboid = MyDatabaseId;
	shared->userid = GetUserId();
	strlcpy(shared->policy, policy, sizeof(shared->policy));
	shared->privacy_by_default = anon_privacy_by_default;
	shared->ntables = ntables;
	pg_atomic_init_u32(&shared->next, 0);
	i = 0;
	foreach(lc, tables)
		shared->tables[i++].relid = lfirst_oid(lc);

	for (i = 0; i < Min(nworkers, ntables); i++)
	{
		BackgroundWorker worker;

		memset(&worker, 0, sizeof(worker));
		worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
		worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
		worker.bgw_restart_time = BGW_NEVER_RESTART;
		strlcpy(worker.bgw_library_name, "anon", BGW_MAXLEN);
		strlcpy(worker.bgw_function_name, "anon_static_worker_main", BGW_MAXLEN);
		snprintf(worker.bgw_name, BGW_MAXLEN, "anon static masking worker %d", i + 1);
		strlcpy(worker.bgw_type, "anon static masking", BGW_MAXLEN);
		worker.bgw_main_arg = UInt32GetDatum(dsm_segment_handle(seg));
		worker.bgw_notify_pid = MyProcPid;
		if (!RegisterDynamicBackgroundWorker(&worker, &handles[nstarted]))
			break;
		nstarted++;
	}
	if (nstarted == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_RESOURCES),
				 errmsg("could not start any background worker for anonymize_database_parallel"),
				 errhint("Raise max_worker_processes, or use anon.anonymize_database().")));

	for (i = 0; i < nstarted; i++)
		(void) WaitForBackgroundWorkerShutdown(handles[i]);

	/* report: every table masked, or an error naming what was and was not */
	initStringInfo(&masked);
	initStringInfo(&unmasked);
	for (i = 0; i < ntables; i++)
	{
		AnonParallelTable *t = &shared->tables[i];
		char	   *relname = get_rel_name(t->relid);
		char	   *name;

		name = relname ? quote_qualified_identifier(get_namespace_name(get_rel_namespace(t->relid)),
													relname) : psprintf("%u", t->relid);
		if (t->state == ANON_TABLE_MASKED)
			appendStringInfo(&masked, "%s%s", masked.len ? ", " : "", name);
		else
		{
			nfailed++;
			appendStringInfo(&unmasked, "%s%s (%s)", unmasked.len ? ", " : "", name,
							 t->state == ANON_TABLE_FAILED ? t->error :
							 "not reached: a worker stopped early");
		}
	}
	if (nfailed > 0)
		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("anonymize_database_parallel masked %d of %d tables", ntables - nfailed, ntables),
				 errdetail("Masked: %s. Not masked: %s.", masked.len ? masked.data : "none",
						   unmasked.data),
				 errhint("The tables not masked still hold their original data; fix the cause and run it again.")));

	for (i = 0; i < ntables; i++)
	{
		AnonParallelTable *t = &shared->tables[i];
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = ObjectIdGetDatum(t->relid);
		values[1] = Int64GetDatum((int64) t->rows);
		values[2] = CStringGetTextDatum(t->method);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	dsm_detach(seg);
	return (Datum) 0;
}
