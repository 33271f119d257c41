/*-------------------------------------------------------------------------
 *
 * progress.c
 *		Progress of static masking, as the view
 *		anon.pg_stat_progress_anonymize shows it.
 *
 * PostgreSQL's own progress reporting (pgstat_progress_start_command) has
 * a fixed list of commands, each with its own view; an extension cannot
 * add one, and borrowing one (CLUSTER, say) would show static masking in
 * pg_stat_progress_cluster with that command's column names.  So anon
 * keeps its own small array in shared memory, one slot per backend
 * (indexed by the backend ID, MaxBackends slots), requested from
 * shmem_request_hook as the privacy ledger does.
 *
 * Locking: a slot is written only by its own backend, and read by any;
 * like the backend status array (st_changecount in backend_status.h), the
 * writer bumps the slot's change counter before and after each change
 * (odd while it writes), and a reader copies the slot until it sees the
 * same even counter before and after its copy.  No lock, so reporting
 * costs the masking loop next to nothing.
 *
 * A slot is cleared when the run ends, and by the transaction callbacks
 * when the transaction (or the subtransaction the run started in) aborts,
 * so an error never leaves a stale entry.  Like pg_stat_activity, the
 * details of a run are shown only to superusers, to roles with the
 * privileges of the role that started it, and to pg_read_all_stats.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "port/atomics.h"
#if PG_VERSION_NUM < 170000
#include "storage/backendid.h"
#else
#include "storage/procnumber.h"
#endif
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/acl.h"
#include "utils/builtins.h"

#include "compat.h"
#include "anon.h"
#include "progress.h"

/* one backend's run */
typedef struct AnonProgressSlot
{
	uint32		changecount;	/* odd while the owner writes */
	int			pid;			/* 0: no run */
	Oid			datid;
	Oid			userid;			/* the role that started the run */
	Oid			relid;			/* the table being masked */
	int			phase;			/* AnonProgressPhase */
	int			method;			/* AnonProgressMethod */
	int64		heap_blks_total;
	int64		heap_blks_scanned;
	int64		tuples_done;
	int32		tables_total;
	int32		tables_done;
} AnonProgressSlot;

static const char *const anon_phase_names[] = {
	"initializing",
	"scanning heap",
	"rebuilding indexes",
	"updating",
	"copying",
	"checking foreign keys"
};

static const char *const anon_method_names[] = {
	NULL,
	"rewrite",
	"update",
	"copy"
};

/* ---- Shared state ---- */

static AnonProgressSlot *anon_progress_slots = NULL;

/* this backend's slot, while a run is on; and the subtransaction it began in */
static volatile AnonProgressSlot *anon_progress_mine = NULL;

/* the role that started this backend's run, kept without shared memory too */
static Oid	anon_progress_user = InvalidOid;
static SubTransactionId anon_progress_user_subid = InvalidSubTransactionId;
static SubTransactionId anon_progress_subid = InvalidSubTransactionId;

static shmem_request_hook_type prev_shmem_request_hook = NULL;
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

/* ---- Function declarations ---- */

PG_FUNCTION_INFO_V1(anon_progress_anonymize);

static void anon_progress_shmem_request(void);
static void anon_progress_shmem_startup(void);
static void anon_progress_xact_callback(XactEvent event, void *arg);
static void anon_progress_subxact_callback(SubXactEvent event,
										   SubTransactionId mySubid,
										   SubTransactionId parentSubid,
										   void *arg);

static Size
anon_progress_shmem_size(void)
{
	return mul_size(MaxBackends, sizeof(AnonProgressSlot));
}

void
anon_progress_init(void)
{
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = anon_progress_shmem_request;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = anon_progress_shmem_startup;
	RegisterXactCallback(anon_progress_xact_callback, NULL);
	RegisterSubXactCallback(anon_progress_subxact_callback, NULL);
}

static void
anon_progress_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(anon_progress_shmem_size());
}

static void
anon_progress_shmem_startup(void)
{
	bool		found;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();

	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	anon_progress_slots = ShmemInitStruct("anon_progress",
										  anon_progress_shmem_size(), &found);
	if (!found)
		memset(anon_progress_slots, 0, anon_progress_shmem_size());
	LWLockRelease(AddinShmemInitLock);
}

/* ---- Writing this backend's slot ---- */

static inline void
anon_progress_write_begin(volatile AnonProgressSlot *s)
{
	s->changecount++;
	pg_write_barrier();
}

static inline void
anon_progress_write_end(volatile AnonProgressSlot *s)
{
	pg_write_barrier();
	s->changecount++;
}

static void
anon_progress_clear(void)
{
	volatile AnonProgressSlot *s = anon_progress_mine;

	anon_progress_user = InvalidOid;
	anon_progress_user_subid = InvalidSubTransactionId;
	if (s == NULL)
		return;
	anon_progress_write_begin(s);
	s->pid = 0;
	anon_progress_write_end(s);
	anon_progress_mine = NULL;
	anon_progress_subid = InvalidSubTransactionId;
}

void
anon_progress_begin(void)
{
	volatile AnonProgressSlot *s;

	/* a nested run (a masking rule that masks) belongs to the outer one */
	if (!OidIsValid(anon_progress_user))
	{
		anon_progress_user = GetUserId();
		anon_progress_user_subid = GetCurrentSubTransactionId();
	}
	if (anon_progress_slots == NULL || ANON_MY_BACKEND_SLOT < 0 ||
		ANON_MY_BACKEND_SLOT >= MaxBackends)
		return;
	/* a nested run (a masking rule that masks) reports in the outer one */
	if (anon_progress_mine != NULL)
		return;
	s = &anon_progress_slots[ANON_MY_BACKEND_SLOT];
	anon_progress_write_begin(s);
	s->pid = MyProcPid;
	s->datid = MyDatabaseId;
	s->userid = GetUserId();
	s->relid = InvalidOid;
	s->phase = ANON_PHASE_INITIALIZING;
	s->method = ANON_METHOD_NONE;
	s->heap_blks_total = 0;
	s->heap_blks_scanned = 0;
	s->tuples_done = 0;
	s->tables_total = 0;
	s->tables_done = 0;
	anon_progress_write_end(s);
	anon_progress_mine = s;
	anon_progress_subid = GetCurrentSubTransactionId();
}

/*
 * The role that started the static masking run of this backend (before it
 * ran each table's rules as that table's owner), or InvalidOid when none
 * runs (keys.c: rules use keys for a key holder's run only).
 */
Oid
anon_progress_initiator(void)
{
	return anon_progress_user;
}

void
anon_progress_end(void)
{
	anon_progress_clear();
}

void
anon_progress_add_tables(int n)
{
	volatile AnonProgressSlot *s = anon_progress_mine;

	if (s == NULL)
		return;
	anon_progress_write_begin(s);
	s->tables_total += n;
	anon_progress_write_end(s);
}

void
anon_progress_table(Oid relid, AnonProgressMethod method, int64 heap_blks_total)
{
	volatile AnonProgressSlot *s = anon_progress_mine;

	if (s == NULL)
		return;
	anon_progress_write_begin(s);
	s->relid = relid;
	s->method = method;
	s->phase = method == ANON_METHOD_UPDATE ? ANON_PHASE_UPDATING :
		method == ANON_METHOD_COPY ? ANON_PHASE_COPYING : ANON_PHASE_SCANNING_HEAP;
	s->heap_blks_total = heap_blks_total;
	s->heap_blks_scanned = 0;
	s->tuples_done = 0;
	anon_progress_write_end(s);
}

void
anon_progress_table_done(void)
{
	volatile AnonProgressSlot *s = anon_progress_mine;

	if (s == NULL)
		return;
	anon_progress_write_begin(s);
	s->tables_done++;
	anon_progress_write_end(s);
}

void
anon_progress_phase(AnonProgressPhase phase)
{
	volatile AnonProgressSlot *s = anon_progress_mine;

	if (s == NULL)
		return;
	anon_progress_write_begin(s);
	s->phase = phase;
	anon_progress_write_end(s);
}

void
anon_progress_scan(int64 heap_blks_scanned, int64 tuples_done)
{
	volatile AnonProgressSlot *s = anon_progress_mine;

	if (s == NULL)
		return;
	anon_progress_write_begin(s);
	s->heap_blks_scanned = heap_blks_scanned;
	s->tuples_done = tuples_done;
	anon_progress_write_end(s);
}

/* an error ends the run: its slot must not stay behind */
static void
anon_progress_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PREPARE:
			anon_progress_clear();
			break;
		default:
			break;
	}
}

static void
anon_progress_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
							   SubTransactionId parentSubid, void *arg)
{
	/* the subtransaction the run began in (or an outer one) is undone */
	if (event == SUBXACT_EVENT_ABORT_SUB && anon_progress_mine != NULL &&
		mySubid <= anon_progress_subid)
		anon_progress_clear();
	if (event == SUBXACT_EVENT_ABORT_SUB && OidIsValid(anon_progress_user) &&
		mySubid <= anon_progress_user_subid)
		anon_progress_clear();
}

/* ---- Reading ---- */

/*
 * anon.progress_anonymize(): one row per backend running static masking.
 */
Datum
anon_progress_anonymize(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	if (anon_progress_slots == NULL)
		return (Datum) 0;

	for (i = 0; i < MaxBackends; i++)
	{
		volatile AnonProgressSlot *s = &anon_progress_slots[i];
		AnonProgressSlot copy;
		Datum		values[11];
		bool		nulls[11];
		int			j;

		/* a consistent copy: the same even counter before and after */
		for (;;)
		{
			uint32		before = s->changecount;

			pg_read_barrier();
			memcpy(&copy, (const void *) s, sizeof(copy));
			pg_read_barrier();
			if (before == s->changecount && (before & 1) == 0)
				break;
			CHECK_FOR_INTERRUPTS();
		}
		if (copy.pid == 0)
			continue;

		memset(nulls, true, sizeof(nulls));
		values[0] = Int32GetDatum(copy.pid);
		nulls[0] = false;
		values[1] = ObjectIdGetDatum(copy.datid);
		nulls[1] = false;
		if (has_privs_of_role(GetUserId(), copy.userid) ||
			has_privs_of_role(GetUserId(), ROLE_PG_READ_ALL_STATS))
		{
			for (j = 2; j < 11; j++)
				nulls[j] = false;
			values[2] = ObjectIdGetDatum(copy.userid);
			values[3] = ObjectIdGetDatum(copy.relid);
			nulls[3] = !OidIsValid(copy.relid);
			values[4] = CStringGetTextDatum(anon_phase_names[copy.phase]);
			if (anon_method_names[copy.method])
				values[5] = CStringGetTextDatum(anon_method_names[copy.method]);
			else
				nulls[5] = true;
			values[6] = Int64GetDatum(copy.heap_blks_total);
			values[7] = Int64GetDatum(copy.heap_blks_scanned);
			values[8] = Int64GetDatum(copy.tuples_done);
			values[9] = Int32GetDatum(copy.tables_total);
			values[10] = Int32GetDatum(copy.tables_done);
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
