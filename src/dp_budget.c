/*-------------------------------------------------------------------------
 *
 * dp_budget.c
 *		The privacy-budget ledger of the differentially private aggregates.
 *
 * A budget is a row of anon.dp_budget (role, epsilon, delta), written by
 * the DBA with anon.set_budget().  A role with a budget, and every role
 * labelled DIFFERENTIAL PRIVACY (whose budget is zero until one is set),
 * may spend at most that much in total; other roles are not limited, but
 * their spends are recorded too.
 *
 * Design.  A spend must not be undone by ROLLBACK, must survive a crash,
 * and two sessions must never overspend together, so the ledger lives
 * outside the transaction system:
 *
 *	 - an append-only file $PGDATA/anon_dp_ledger of fixed-size records
 *	   (database, role, time, epsilon, delta), each with a CRC;
 *	 - a shared-memory hash of the totals per (database, role), rebuilt
 *	   from the file whenever shared memory is (re)initialized: at server
 *	   start and after a crash.  A torn record at the end of the file
 *	   (a crash in the middle of a write) is cut off then;
 *	 - one LWLock, held exclusively from the check of the total to the
 *	   update of the total, across the append and the fsync: spends are
 *	   serialized, so the check and the charge are atomic.
 *
 * anon_dp_budget_charge() is called by the final function of a DP
 * aggregate before it computes its answer: the answer exists only once the
 * spend is on disk (fsync'ed for a limited role; an unlimited role's spend
 * is written without fsync, since nothing depends on it).  A ROLLBACK
 * afterwards cannot undo a write that is not transactional.  A spend that
 * would exceed the budget raises an error and writes nothing.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access/htup_details.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "port/pg_crc32c.h"
#include "storage/fd.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/hsearch.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "anon.h"
#include "dp_budget.h"
#include "rules.h"

PG_FUNCTION_INFO_V1(anon_dp_budget_remaining);
PG_FUNCTION_INFO_V1(anon_dp_spends);

/* ---- ledger file and shared memory ---- */

#define ANON_DP_LEDGER_FILE		"anon_dp_ledger"
#define ANON_DP_LEDGER_MAGIC	0x414E4450	/* "ANDP" */
#define ANON_DP_LEDGER_MAX		4096	/* (database, role) pairs */
#define ANON_DP_SPEND_BOUND		0x01	/* the role had a budget */
/* totals may exceed a budget by float rounding only */
#define ANON_DP_BUDGET_SLACK	1e-9

typedef struct AnonDpSpendRecord
{
	uint32		magic;
	Oid			dbid;
	Oid			roleid;
	uint32		flags;
	TimestampTz at;
	double		epsilon;
	double		delta;
	pg_crc32c	crc;			/* of every field above */
	uint32		pad;
} AnonDpSpendRecord;

typedef struct AnonDpLedgerKey
{
	Oid			dbid;
	Oid			roleid;
} AnonDpLedgerKey;

typedef struct AnonDpLedgerEntry
{
	AnonDpLedgerKey key;
	double		epsilon;		/* spent so far */
	double		delta;
} AnonDpLedgerEntry;

typedef struct AnonDpLedgerShared
{
	LWLock	   *lock;
} AnonDpLedgerShared;

static AnonDpLedgerShared *anon_dp_ledger = NULL;
static HTAB *anon_dp_ledger_hash = NULL;

static shmem_request_hook_type prev_shmem_request_hook = NULL;
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

static void anon_dp_shmem_request(void);
static void anon_dp_shmem_startup(void);

void
anon_dp_budget_init(void)
{
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = anon_dp_shmem_request;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = anon_dp_shmem_startup;
}

static void
anon_dp_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(MAXALIGN(sizeof(AnonDpLedgerShared)) +
						   hash_estimate_size(ANON_DP_LEDGER_MAX,
											  sizeof(AnonDpLedgerEntry)));
	RequestNamedLWLockTranche("anon_dp_ledger", 1);
}

static pg_crc32c
anon_dp_record_crc(const AnonDpSpendRecord *rec)
{
	pg_crc32c	crc;

	INIT_CRC32C(crc);
	COMP_CRC32C(crc, rec, offsetof(AnonDpSpendRecord, crc));
	FIN_CRC32C(crc);
	return crc;
}

/* add a record to the totals; false when the table is full */
static bool
anon_dp_ledger_add(const AnonDpSpendRecord *rec)
{
	AnonDpLedgerKey key;
	AnonDpLedgerEntry *entry;
	bool		found;

	key.dbid = rec->dbid;
	key.roleid = rec->roleid;
	entry = hash_search(anon_dp_ledger_hash, &key, HASH_ENTER_NULL, &found);
	if (entry == NULL)
		return false;
	if (!found)
	{
		entry->epsilon = 0;
		entry->delta = 0;
	}
	entry->epsilon += rec->epsilon;
	entry->delta += rec->delta;
	return true;
}

/*
 * Rebuild the totals from the ledger file; cut off a torn tail.  Runs in
 * the postmaster (or a standalone backend) while nothing else is running.
 */
static void
anon_dp_ledger_load(void)
{
	int			fd;
	AnonDpSpendRecord rec;
	off_t		valid = 0;
	struct stat st;

	fd = BasicOpenFile(ANON_DP_LEDGER_FILE, O_RDWR | O_CREAT | PG_BINARY);
	if (fd < 0)
		ereport(FATAL,
				(errcode_for_file_access(),
				 errmsg("could not open privacy ledger \"%s\": %m",
						ANON_DP_LEDGER_FILE)));
	for (;;)
	{
		ssize_t		n = read(fd, &rec, sizeof(rec));

		if (n != sizeof(rec))
			break;
		if (rec.magic != ANON_DP_LEDGER_MAGIC || rec.crc != anon_dp_record_crc(&rec))
			break;
		if (!anon_dp_ledger_add(&rec))
			ereport(FATAL,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("privacy ledger has more than %d roles", ANON_DP_LEDGER_MAX)));
		valid += sizeof(rec);
	}
	if (fstat(fd, &st) == 0 && st.st_size != valid)
	{
		ereport(LOG,
				(errmsg("privacy ledger \"%s\": cutting off an incomplete record at offset %lld",
						ANON_DP_LEDGER_FILE, (long long) valid)));
		if (ftruncate(fd, valid) != 0)
			ereport(FATAL,
					(errcode_for_file_access(),
					 errmsg("could not truncate privacy ledger \"%s\": %m",
							ANON_DP_LEDGER_FILE)));
	}
	if (pg_fsync(fd) != 0)
		ereport(FATAL,
				(errcode_for_file_access(),
				 errmsg("could not fsync privacy ledger \"%s\": %m",
						ANON_DP_LEDGER_FILE)));
	close(fd);
	/* the file's directory entry must be durable too */
	fsync_fname(".", true);
}

static void
anon_dp_shmem_startup(void)
{
	bool		found;
	HASHCTL		info;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();

	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	anon_dp_ledger = ShmemInitStruct("anon_dp_ledger", sizeof(AnonDpLedgerShared),
									 &found);
	if (!found)
		anon_dp_ledger->lock = &(GetNamedLWLockTranche("anon_dp_ledger"))->lock;
	memset(&info, 0, sizeof(info));
	info.keysize = sizeof(AnonDpLedgerKey);
	info.entrysize = sizeof(AnonDpLedgerEntry);
	anon_dp_ledger_hash = ShmemInitHash("anon_dp_ledger totals",
										ANON_DP_LEDGER_MAX, ANON_DP_LEDGER_MAX,
										&info, HASH_ELEM | HASH_BLOBS);
	if (!found)
		anon_dp_ledger_load();
	LWLockRelease(AddinShmemInitLock);
}

static void
anon_dp_ledger_check(void)
{
	anon_require_preload("the privacy budget");
	if (anon_dp_ledger == NULL || anon_dp_ledger_hash == NULL)
		elog(ERROR, "privacy ledger is not initialized");
}

/* append one record; fsync when asked.  Caller holds the lock. */
static void
anon_dp_ledger_append(const AnonDpSpendRecord *rec, bool sync)
{
	int			fd;
	ssize_t		n;

	fd = BasicOpenFile(ANON_DP_LEDGER_FILE, O_WRONLY | O_APPEND | O_CREAT | PG_BINARY);
	if (fd < 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open privacy ledger \"%s\": %m",
						ANON_DP_LEDGER_FILE)));
	errno = 0;
	n = write(fd, rec, sizeof(*rec));
	if (n != sizeof(*rec))
	{
		int			save_errno = errno ? errno : ENOSPC;

		close(fd);
		errno = save_errno;
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not write privacy ledger \"%s\": %m",
						ANON_DP_LEDGER_FILE)));
	}
	if (sync && pg_fsync(fd) != 0)
	{
		int			save_errno = errno;

		close(fd);
		errno = save_errno;
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not fsync privacy ledger \"%s\": %m",
						ANON_DP_LEDGER_FILE)));
	}
	close(fd);
}

/* ---- budgets ---- */

/*
 * The budget of a role: true and the limits when it has one (a row of
 * anon.dp_budget, or zero for a DIFFERENTIAL PRIVACY role without a row),
 * false when it is not limited.  Read as the bootstrap superuser, so that
 * an analyst needs no privilege on the table.
 */
static bool
anon_dp_budget_of(Oid roleid, double *epsilon, double *delta)
{
	Oid			save_userid;
	int			save_sec;
	bool		limited = false;

	*epsilon = 0;
	*delta = 0;
	GetUserIdAndSecContext(&save_userid, &save_sec);
	SetUserIdAndSecContext(BOOTSTRAP_SUPERUSERID,
						   save_sec | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	PG_TRY();
	{
		Oid			argtypes[1] = {OIDOID};
		Datum		values[1];
		int			ret;

		values[0] = ObjectIdGetDatum(roleid);
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		ret = SPI_execute_with_args("SELECT epsilon, delta FROM anon.dp_budget "
									"WHERE role::pg_catalog.oid OPERATOR(pg_catalog.=) $1",
									1, argtypes, values, NULL, true, 1);
		if (ret != SPI_OK_SELECT)
			elog(ERROR, "could not read anon.dp_budget: %s",
				 SPI_result_code_string(ret));
		if (SPI_processed > 0)
		{
			bool		isnull;
			Datum		d;

			limited = true;
			d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
			*epsilon = isnull ? 0 : DatumGetFloat8(d);
			d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);
			*delta = isnull ? 0 : DatumGetFloat8(d);
		}
		SPI_finish();
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_userid, save_sec);
	}
	PG_END_TRY();

	if (!limited && anon_role_is_dp(roleid))
		limited = true;			/* a DP-only role without a budget has none */
	return limited;
}

void
anon_dp_budget_charge(double epsilon, double delta)
{
	Oid			roleid = GetUserId();
	double		max_eps;
	double		max_delta;
	bool		limited;
	AnonDpLedgerKey key;
	AnonDpLedgerEntry *entry;
	AnonDpSpendRecord rec;
	double		spent_eps = 0;
	double		spent_delta = 0;

	anon_dp_ledger_check();
	limited = anon_dp_budget_of(roleid, &max_eps, &max_delta);

	memset(&rec, 0, sizeof(rec));
	rec.magic = ANON_DP_LEDGER_MAGIC;
	rec.dbid = MyDatabaseId;
	rec.roleid = roleid;
	rec.flags = limited ? ANON_DP_SPEND_BOUND : 0;
	rec.at = GetCurrentTimestamp();
	rec.epsilon = epsilon;
	rec.delta = delta;
	rec.crc = anon_dp_record_crc(&rec);

	key.dbid = MyDatabaseId;
	key.roleid = roleid;

	LWLockAcquire(anon_dp_ledger->lock, LW_EXCLUSIVE);
	entry = hash_search(anon_dp_ledger_hash, &key, HASH_FIND, NULL);
	if (entry != NULL)
	{
		spent_eps = entry->epsilon;
		spent_delta = entry->delta;
	}
	if (limited &&
		(spent_eps + epsilon > max_eps + ANON_DP_BUDGET_SLACK ||
		 spent_delta + delta > max_delta + ANON_DP_BUDGET_SLACK * 1e-6))
	{
		LWLockRelease(anon_dp_ledger->lock);
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("privacy budget exceeded"),
				 errdetail("This query needs epsilon %g and delta %g; the role has epsilon %g and delta %g left.",
						   epsilon, delta, Max(0, max_eps - spent_eps),
						   Max(0, max_delta - spent_delta)),
				 errhint("Ask the database administrator to raise the budget with anon.set_budget().")));
	}
	if (entry == NULL && hash_get_num_entries(anon_dp_ledger_hash) >= ANON_DP_LEDGER_MAX)
	{
		LWLockRelease(anon_dp_ledger->lock);
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("privacy ledger has more than %d roles", ANON_DP_LEDGER_MAX)));
	}
	/* on disk first, then in memory: an error leaves the totals as they were */
	anon_dp_ledger_append(&rec, limited);
	if (!anon_dp_ledger_add(&rec))
		elog(PANIC, "privacy ledger full after check");
	LWLockRelease(anon_dp_ledger->lock);
}

/*
 * anon.budget_remaining([role]) -> (epsilon, delta): what the role may
 * still spend in this database; Infinity for a role without a budget.
 */
Datum
anon_dp_budget_remaining(PG_FUNCTION_ARGS)
{
	Oid			roleid = PG_NARGS() > 0 ? PG_GETARG_OID(0) : GetUserId();
	double		max_eps;
	double		max_delta;
	AnonDpLedgerKey key;
	AnonDpLedgerEntry *entry;
	double		spent_eps = 0;
	double		spent_delta = 0;
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	anon_dp_ledger_check();
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");

	key.dbid = MyDatabaseId;
	key.roleid = roleid;
	LWLockAcquire(anon_dp_ledger->lock, LW_SHARED);
	entry = hash_search(anon_dp_ledger_hash, &key, HASH_FIND, NULL);
	if (entry != NULL)
	{
		spent_eps = entry->epsilon;
		spent_delta = entry->delta;
	}
	LWLockRelease(anon_dp_ledger->lock);

	if (anon_dp_budget_of(roleid, &max_eps, &max_delta))
	{
		values[0] = Float8GetDatum(Max(0, max_eps - spent_eps));
		values[1] = Float8GetDatum(Max(0, max_delta - spent_delta));
	}
	else
	{
		values[0] = Float8GetDatum(get_float8_infinity());
		values[1] = Float8GetDatum(1.0);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc),
													  values, nulls)));
}

/*
 * anon._dp_spends(): every record of the ledger, oldest first.
 */
Datum
anon_dp_spends(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			fd;
	AnonDpSpendRecord rec;

	anon_dp_ledger_check();
	InitMaterializedSRF(fcinfo, 0);

	LWLockAcquire(anon_dp_ledger->lock, LW_SHARED);
	fd = BasicOpenFile(ANON_DP_LEDGER_FILE, O_RDONLY | PG_BINARY);
	if (fd < 0)
	{
		LWLockRelease(anon_dp_ledger->lock);
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open privacy ledger \"%s\": %m",
						ANON_DP_LEDGER_FILE)));
	}
	while (read(fd, &rec, sizeof(rec)) == sizeof(rec))
	{
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};

		if (rec.magic != ANON_DP_LEDGER_MAGIC || rec.crc != anon_dp_record_crc(&rec))
			break;
		values[0] = TimestampTzGetDatum(rec.at);
		values[1] = ObjectIdGetDatum(rec.dbid);
		values[2] = ObjectIdGetDatum(rec.roleid);
		values[3] = Float8GetDatum(rec.epsilon);
		values[4] = Float8GetDatum(rec.delta);
		values[5] = BoolGetDatum((rec.flags & ANON_DP_SPEND_BOUND) != 0);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	close(fd);
	LWLockRelease(anon_dp_ledger->lock);
	return (Datum) 0;
}
