/*-------------------------------------------------------------------------
 *
 * static_parallel.c
 *		anon.anonymize_database_parallel(workers): static masking of a
 *		database's tables by several background workers at once.
 *
 * The caller's backend lists the tables to mask (those with a masking rule
 * of the policy, an inheritance or partition tree counted once, at its
 * top), groups those that a foreign key links (declared or virtual, between
 * any of their partitions or children: anon_parallel_groups), puts them in
 * a dynamic shared memory segment and starts the workers.  Each worker
 * connects to the database as the caller, takes the next group from the
 * segment (an atomic counter), and masks it in a transaction of its own
 * with anon_static_mask_group() (under search_path = pg_catalog, pg_temp,
 * whatever the database's settings say), which runs each table's rules as
 * the table's owner under a security-restricted operation, as
 * anonymize_table does, and checks the keys between the group's tables once
 * both sides are masked; it writes the outcome back into the segment.
 * Masked apart, in two transactions, two tables of one key could not both
 * commit (the first would break the key, or they would deadlock on each
 * other's locks): a group is what anonymize_database does in one.
 *
 * Each group is all or nothing, the database is not: groups are committed
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
#include "catalog/pg_inherits.h"
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
#include "fk_consistency.h"
#include "mask.h"
#include "label.h"
#include "pa_compat.h"
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
	int			group;			/* index of its group's first table */
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

/* a table, partition or child of one of the tables to mask (hash entry) */
typedef struct AnonParallelMember
{
	Oid			relid;
	int			table;			/* position of the table it belongs to */
} AnonParallelMember;

PGDLLEXPORT void anon_static_worker_main(Datum arg);

PG_FUNCTION_INFO_V1(anon_anonymize_database_parallel);

/*
 * Mask the group whose first table is tables[first] in one transaction;
 * record the outcome of each of its tables (all masked, or all failed with
 * the group's error).
 */
static void
anon_worker_mask_group(AnonParallelShared *shared, int first)
{
	MemoryContext oldcxt = CurrentMemoryContext;
	int			i;

	for (i = first; i < shared->ntables; i++)
		if (shared->tables[i].group == first)
			shared->tables[i].state = ANON_TABLE_RUNNING;
	SetCurrentStatementStartTimestamp();
	StartTransactionCommand();
	PushActiveSnapshot(GetTransactionSnapshot());
	pgstat_report_activity(STATE_RUNNING, "anon: anonymize_table");

	PG_TRY();
	{
		List	   *relids = NIL;
		uint64	   *rows;
		char	  **methods;
		int			k = 0;

		for (i = first; i < shared->ntables; i++)
			if (shared->tables[i].group == first)
				relids = lappend_oid(relids, shared->tables[i].relid);
		rows = palloc0(sizeof(uint64) * list_length(relids));
		methods = palloc0(sizeof(char *) * list_length(relids));
		anon_static_mask_group(relids, anon_policy_index(shared->policy),
							   rows, methods);
		for (i = first; i < shared->ntables; i++)
			if (shared->tables[i].group == first)
			{
				shared->tables[i].rows = rows[k];
				strlcpy(shared->tables[i].method, methods[k],
						sizeof(shared->tables[i].method));
				k++;
			}
		PopActiveSnapshot();
		CommitTransactionCommand();
		for (i = first; i < shared->ntables; i++)
			if (shared->tables[i].group == first)
				shared->tables[i].state = ANON_TABLE_MASKED;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcxt);
		edata = CopyErrorData();
		FlushErrorState();
		AbortCurrentTransaction();
		for (i = first; i < shared->ntables; i++)
			if (shared->tables[i].group == first)
			{
				strlcpy(shared->tables[i].error, edata->message,
						sizeof(shared->tables[i].error));
				shared->tables[i].state = ANON_TABLE_FAILED;
			}
		FreeErrorData(edata);
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
		/* a group is taken by whoever takes its first table */
		if (shared->tables[i].group == (int) i)
			anon_worker_mask_group(shared, (int) i);
	}
	dsm_detach(seg);
	proc_exit(0);
}

/* union-find over the positions of the tables */
static int
anon_parallel_root(int *parent, int i)
{
	while (parent[i] != i)
	{
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/*
 * The groups of tables linked by a foreign key, declared or virtual (a
 * label's), from any of their partitions or children to another's: for
 * each table, the position of its group's first table.  Catalogs are read
 * without locks: the workers take the tables' ACCESS EXCLUSIVE locks while
 * this backend waits for them.
 */
static int *
anon_parallel_groups(List *tables)
{
	int			n = list_length(tables);
	int		   *parent = palloc(sizeof(int) * n);
	int		   *group = palloc(sizeof(int) * n);
	List	  **members = palloc0(sizeof(List *) * n);
	HASHCTL		ctl;
	HTAB	   *owner;
	ListCell   *lc;
	int			i;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(AnonParallelMember);
	ctl.hcxt = CurrentMemoryContext;
	owner = hash_create("anon parallel members", 64, &ctl,
						HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	i = 0;
	foreach(lc, tables)
	{
		ListCell   *lc2;

		parent[i] = i;
		members[i] = find_all_inheritors(lfirst_oid(lc), NoLock, NULL);
		foreach(lc2, members[i])
		{
			Oid			m = lfirst_oid(lc2);
			AnonParallelMember *e = hash_search(owner, &m, HASH_ENTER, NULL);

			e->table = i;
		}
		i++;
	}
	for (i = 0; i < n; i++)
	{
		ListCell   *lc2;

		foreach(lc2, members[i])
		{
			List	   *fks = anon_fk_referencing(lfirst_oid(lc2), true, true);
			ListCell   *lc3;

			foreach(lc3, fks)
			{
				AnonForeignKey *fk = (AnonForeignKey *) lfirst(lc3);
				AnonParallelMember *e = hash_search(owner, &fk->confrelid,
													HASH_FIND, NULL);

				if (e != NULL)
				{
					int			a = anon_parallel_root(parent, i);
					int			b = anon_parallel_root(parent, e->table);

					/* the root is the group's first table */
					if (a < b)
						parent[b] = a;
					else if (b < a)
						parent[a] = b;
				}
			}
		}
	}
	for (i = 0; i < n; i++)
		group[i] = anon_parallel_root(parent, i);
	hash_destroy(owner);
	return group;
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
	int		   *groups;

	anon_require_preload("anon.anonymize_database_parallel()");
	if (nworkers < 1 || nworkers > ANON_PARALLEL_MAX_WORKERS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("workers must be between 1 and %d", ANON_PARALLEL_MAX_WORKERS),
				 errhint("Each worker is a background worker: max_worker_processes limits how many start.")));
	/* anon.max_bg_workers (PostgreSQL Anonymizer's setting) caps them */
	if (nworkers > anon_pa_max_bg_workers)
		nworkers = anon_pa_max_bg_workers;
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
	groups = anon_parallel_groups(tables);
	i = 0;
	foreach(lc, tables)
	{
		shared->tables[i].group = groups[i];
		shared->tables[i++].relid = lfirst_oid(lc);
	}

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
