/*-------------------------------------------------------------------------
 *
 * dp_budget.c
 *		The privacy-budget ledger of the differentially private aggregates.
 *
 * A budget is a row of anon.dp_budget (role, epsilon, delta), written by
 * the DBA with anon.set_budget().  A role with a budget, and every role
 * labelled DIFFERENTIAL PRIVACY or member of such a role (whose budget is
 * zero until one is set),
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
 * One atomic spend per query, before it runs.  The executor hook calls
 * anon_dp_budget_charge_query() once the plan is initialized and before a
 * row is read: it adds up the epsilon and delta of every DP aggregate of
 * the plan (dp_agg.c reads them from the constant arguments; partition
 * selection is one of them), checks the total against the budget of every
 * limited role the query runs as, and writes one record per such role, or
 * refuses and writes nothing.  The error says what the query needs and
 * what is left.  Each execution is charged: every EXECUTE of a prepared
 * statement, every call of a function that runs a DP query.  The final
 * functions do not charge; they check with anon_dp_budget_check_release()
 * that their aggregate is part of the charge of the running query.
 *
 * One charge per execution only holds if each DP aggregate of the plan
 * runs once per execution.  A plan where one could run again (a SubPlan,
 * the inner side of a nested loop, the recursive term of a recursive
 * query, and everything below them) would draw fresh noise for one
 * charge, which averages out: such plans are refused for limited roles,
 * and so are DP aggregates used as window functions (a release per row)
 * and under grouping sets (a row counts in several groups).  A role
 * without a budget is not limited; its spends are recorded as planned.
 *
 * Whose budget.  A query runs as the session user, the role set by SET
 * ROLE and the current user (which a SECURITY DEFINER function changes):
 * every one of them that is limited is charged, so that neither SET ROLE
 * nor a function owned by another role spends someone else's budget.
 *
 * Fixed point.  Totals are kept in integer units of 1e-9 epsilon and
 * 1e-18 delta, so that 0.1 + 0.2 is 0.3 and a budget is spent exactly; a
 * spend is rounded up to the next unit, and a spend smaller than one unit
 * is refused rather than lost.  The records on disk hold the same values
 * as doubles (units / 10^9), which load back to the same units.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access/htup_details.h"
#include "access/parallel.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "common/int.h"
#include "executor/executor.h"
#include "lib/ilist.h"
#include "nodes/nodeFuncs.h"
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
#include "citus.h"
#include "dp_agg.h"
#include "dp_budget.h"
#include "dp_guard.h"
#include "rules.h"

PG_FUNCTION_INFO_V1(anon_dp_budget_remaining);
PG_FUNCTION_INFO_V1(anon_dp_spends);

/* ---- ledger file and shared memory ---- */

#define ANON_DP_LEDGER_FILE		"anon_dp_ledger"
#define ANON_DP_LEDGER_MAGIC	0x414E4450	/* "ANDP" */
#define ANON_DP_LEDGER_MAX		4096	/* (database, role) pairs */
#define ANON_DP_SPEND_BOUND		0x01	/* the role had a budget */
/* fixed point: units per 1 of epsilon and of delta (powers of ten, exact) */
#define ANON_DP_EPS_UNITS		1e9
#define ANON_DP_DELTA_UNITS		1e18
/* the largest total kept: far above any budget, far from overflow */
#define ANON_DP_MAX_UNITS		INT64CONST(4000000000000000000)

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
	int64		epsilon;		/* spent so far, in units of 1e-9 */
	int64		delta;			/* in units of 1e-18 */
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

/*
 * A recorded or budgeted amount in units: the nearest unit (a record holds
 * units / 10^9 exactly rounded, which comes back to the same units),
 * saturated far from overflow.
 */
static int64
anon_dp_units(double amount, double units)
{
	double		u = amount * units;

	if (!(u > 0))
		return 0;
	if (u >= (double) ANON_DP_MAX_UNITS)
		return ANON_DP_MAX_UNITS;
	return (int64) rint(u);
}

/*
 * A budget in units, rounded down (a budget of epsilon 0.9999999996 is
 * 999999999 units, not 10^9): the nearest unit could grant half a unit more
 * than the administrator wrote.  A product that is a whole number up to the
 * rounding of the multiplication (a few ulps) is that number.
 */
static int64
anon_dp_budget_units(double amount, double units)
{
	double		u = amount * units;
	double		r = rint(u);

	if (!(u > 0))
		return 0;
	if (u >= (double) ANON_DP_MAX_UNITS)
		return ANON_DP_MAX_UNITS;
	if (fabs(u - r) > 8.0 * DBL_EPSILON * r)
		r = floor(u);
	return (int64) r;
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
	entry->epsilon = Min(ANON_DP_MAX_UNITS,
						 entry->epsilon + anon_dp_units(rec->epsilon, ANON_DP_EPS_UNITS));
	entry->delta = Min(ANON_DP_MAX_UNITS,
					   entry->delta + anon_dp_units(rec->delta, ANON_DP_DELTA_UNITS));
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

/* append records in one write; fsync when asked.  Caller holds the lock. */
static void
anon_dp_ledger_append(const AnonDpSpendRecord *recs, int nrecs, bool sync)
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
	n = write(fd, recs, sizeof(*recs) * nrecs);
	if (n != (ssize_t) (sizeof(*recs) * nrecs))
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
 * The budget of a role, in units: true and the limits when it has one (a
 * row of anon.dp_budget, or zero for a DIFFERENTIAL PRIVACY role, or a
 * member of one, without a row), false when it is not limited.  Read as the bootstrap superuser, so that
 * an analyst needs no privilege on the table.
 */
static bool
anon_dp_budget_of(Oid roleid, int64 *epsilon, int64 *delta)
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
			*epsilon = isnull ? 0 : anon_dp_budget_units(DatumGetFloat8(d), ANON_DP_EPS_UNITS);
			d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);
			*delta = isnull ? 0 : anon_dp_budget_units(DatumGetFloat8(d), ANON_DP_DELTA_UNITS);
		}
		SPI_finish();
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_userid, save_sec);
	}
	PG_END_TRY();

	if (!limited && anon_dp_role_is_guarded(roleid))
		limited = true;			/* a DP-only role without a budget has none */
	return limited;
}

/* ---- what a plan costs ---- */

/*
 * A spend of one aggregate in units, rounded up to the next unit (within
 * a rounding error of a whole unit, to the nearest); ERROR when it is
 * positive but rounds to less than one unit, or is too large to account.
 */
static int64
anon_dp_spend_units(double amount, double units, const char *what)
{
	double		u = amount * units;
	double		r = rint(u);

	if (!(amount > 0))
		return 0;
	if (!(u < (double) ANON_DP_MAX_UNITS))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %g is too large for the privacy ledger", what, amount)));
	if (r < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %g is below the precision of the privacy ledger", what, amount),
				 errdetail("The ledger counts epsilon in steps of 1e-09 and delta in steps of 1e-18; a smaller spend would be lost."),
				 errhint("Use a larger %s.", what)));
	/*
	 * Only a product that is a whole number of units up to the rounding of
	 * the multiplication (a few ulps) counts as that whole number: a wider
	 * tolerance would let a spend of 1000.0009 units, epsilon 1.0000009e-06,
	 * be charged 1000, and many of them overdraw the budget.
	 */
	if (fabs(u - r) > 8.0 * DBL_EPSILON * r)
		r = ceil(u);
	return (int64) r;
}

typedef struct AnonDpPlanCost
{
	PlannedStmt *stmt;
	bool	   *walked;			/* per subplan (plan_id - 1) */
	List	   *aggrefs;		/* every Aggref of a DP aggregate in the plan */
	int64		epsilon;		/* total, in units */
	int64		delta;
	const char *repeats;		/* why a DP aggregate may run twice, or NULL */
	bool		grouping_sets;	/* a DP aggregate under grouping sets */
} AnonDpPlanCost;

typedef struct AnonDpAggWalk
{
	AnonDpPlanCost *cost;
	Bitmapset  *aggnos;			/* aggregates of this node already counted */
	bool		repeat;
	bool		window;
} AnonDpAggWalk;

static bool
anon_dp_cost_expr_walker(Node *node, AnonDpAggWalk *w)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref) && w->window)
		return false;
	if (IsA(node, Aggref))
	{
		Aggref	   *aggref = (Aggref *) node;
		double		eps;
		double		delta;

		if (anon_dp_aggregate_layout(aggref->aggfnoid) == ANON_DP_NOT_DP &&
			!anon_citus_combine_spend(aggref, NULL, NULL))
			return false;
		w->cost->aggrefs = lappend(w->cost->aggrefs, aggref);
		if (w->repeat && w->cost->repeats == NULL)
			w->cost->repeats = "it is part of a subquery, of the inner side of a nested loop or of a recursive query";

		/*
		 * The aggregate is released by the node that finalizes it; its
		 * arguments are those of the call that starts it (the node itself,
		 * or the partial aggregation below a parallel plan).  Count each
		 * call once: the partial step, or the whole one, and identical calls
		 * of a node (one aggno) share one release.
		 */
		if (DO_AGGSPLIT_COMBINE(aggref->aggsplit) ||
			(aggref->aggno >= 0 && bms_is_member(aggref->aggno, w->aggnos)))
			return false;
		if (aggref->aggno >= 0)
			w->aggnos = bms_add_member(w->aggnos, aggref->aggno);
		if (anon_dp_aggref_spend(aggref, &eps, &delta))
		{
			int64		e = anon_dp_spend_units(eps, ANON_DP_EPS_UNITS, "epsilon");
			int64		d = anon_dp_spend_units(delta, ANON_DP_DELTA_UNITS, "delta");

			if (pg_add_s64_overflow(w->cost->epsilon, e, &w->cost->epsilon) ||
				pg_add_s64_overflow(w->cost->delta, d, &w->cost->delta) ||
				w->cost->epsilon > ANON_DP_MAX_UNITS || w->cost->delta > ANON_DP_MAX_UNITS)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("the differentially private aggregates of the query spend too much to account")));
		}
		return false;
	}
	if (IsA(node, WindowFunc))
	{
		if (anon_dp_aggregate_layout(((WindowFunc *) node)->winfnoid) != ANON_DP_NOT_DP)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("a differentially private aggregate cannot be used as a window function"),
					 errdetail("A window function releases a value per row, each with fresh noise.")));
		return false;
	}
	return expression_tree_walker(node, anon_dp_cost_expr_walker, (void *) w);
}

static void anon_dp_cost_plan(Plan *plan, bool repeat, AnonDpPlanCost *c);

static void
anon_dp_cost_subplan(int plan_id, bool repeat, AnonDpPlanCost *c)
{
	if (plan_id < 1 || plan_id > list_length(c->stmt->subplans) ||
		c->walked[plan_id - 1])
		return;
	c->walked[plan_id - 1] = true;
	anon_dp_cost_plan((Plan *) list_nth(c->stmt->subplans, plan_id - 1), repeat, c);
}

static void
anon_dp_cost_plans(List *plans, bool repeat, AnonDpPlanCost *c)
{
	ListCell   *lc;

	foreach(lc, plans)
		anon_dp_cost_plan((Plan *) lfirst(lc), repeat, c);
}

/*
 * Walk a plan: count its DP aggregates, and note whether one sits where
 * the executor may run it more than once per execution of the query.
 * `repeat` says that this node may be rescanned: the inner side of a
 * nested loop (and a Memoize there), the recursive term of a recursive
 * union, a SubPlan run per outer row, and everything below them.  An
 * initPlan runs once per execution of the node it is attached to.
 */
static void
anon_dp_cost_plan(Plan *plan, bool repeat, AnonDpPlanCost *c)
{
	AnonDpAggWalk w;
	ListCell   *lc;

	if (plan == NULL)
		return;
	check_stack_depth();

	foreach(lc, plan->initPlan)
		anon_dp_cost_subplan(lfirst_node(SubPlan, lc)->plan_id, repeat, c);

	memset(&w, 0, sizeof(w));
	w.cost = c;
	w.repeat = repeat;
	if (IsA(plan, Agg))
	{
		List	   *before = c->aggrefs;

		(void) anon_dp_cost_expr_walker((Node *) plan->targetlist, &w);
		(void) anon_dp_cost_expr_walker((Node *) plan->qual, &w);
		if (((Agg *) plan)->groupingSets != NIL && list_length(c->aggrefs) != list_length(before))
			c->grouping_sets = true;
	}
	else if (IsA(plan, WindowAgg))
	{
		w.window = true;
		(void) anon_dp_cost_expr_walker((Node *) plan->targetlist, &w);
	}
	bms_free(w.aggnos);

	switch (nodeTag(plan))
	{
		case T_NestLoop:
			anon_dp_cost_plan(plan->lefttree, repeat, c);
			anon_dp_cost_plan(plan->righttree, true, c);
			break;
		case T_RecursiveUnion:
			anon_dp_cost_plan(plan->lefttree, repeat, c);
			anon_dp_cost_plan(plan->righttree, true, c);
			break;
		case T_Append:
			anon_dp_cost_plans(((Append *) plan)->appendplans, repeat, c);
			break;
		case T_MergeAppend:
			anon_dp_cost_plans(((MergeAppend *) plan)->mergeplans, repeat, c);
			break;
		case T_BitmapAnd:
			anon_dp_cost_plans(((BitmapAnd *) plan)->bitmapplans, repeat, c);
			break;
		case T_BitmapOr:
			anon_dp_cost_plans(((BitmapOr *) plan)->bitmapplans, repeat, c);
			break;
		case T_SubqueryScan:
			anon_dp_cost_plan(((SubqueryScan *) plan)->subplan, repeat, c);
			break;
		case T_CustomScan:
			anon_dp_cost_plans(((CustomScan *) plan)->custom_plans, repeat, c);
			break;
		default:
			anon_dp_cost_plan(plan->lefttree, repeat, c);
			anon_dp_cost_plan(plan->righttree, repeat, c);
			break;
	}
}

/* ---- charging a query ---- */

/*
 * The queries charged and running in this backend: their executor state
 * and the DP aggregates the charge covers.  An entry lives in the query's
 * memory context and leaves the list when that context goes (end of the
 * query, or an error).
 */
typedef struct AnonDpCharged
{
	dlist_node	node;
	struct EState *estate;
	List	   *aggrefs;
	MemoryContextCallback cb;
} AnonDpCharged;

static dlist_head anon_dp_charged = DLIST_STATIC_INIT(anon_dp_charged);

static void
anon_dp_charged_forget(void *arg)
{
	AnonDpCharged *c = (AnonDpCharged *) arg;

	dlist_delete(&c->node);
}

/* the roles a query runs as: session user, SET ROLE, current user */
static int
anon_dp_query_roles(Oid *roles)
{
	Oid			candidates[3];
	int			n = 0;
	int			i;
	int			j;

	candidates[0] = GetUserId();
	candidates[1] = GetOuterUserId();
	candidates[2] = GetSessionUserId();
	for (i = 0; i < 3; i++)
	{
		bool		seen = false;

		if (!OidIsValid(candidates[i]))
			continue;
		for (j = 0; j < n; j++)
			seen = seen || roles[j] == candidates[i];
		if (!seen)
			roles[n++] = candidates[i];
	}
	return n;
}

static char *
anon_dp_format_units(int64 units, double per)
{
	return psprintf("%.10g", (double) units / per);
}

/*
 * Charge (epsilon, delta) units to the roles, atomically: every limited
 * role must have that much left, or nothing is written and the error says
 * what the query needs and what is left.  One record per limited role (or,
 * when none is limited, one for the current user).
 */
static void
anon_dp_spend(int nroles, const Oid *roles, int64 epsilon, int64 delta)
{
	bool		limited[3];
	int64		max_eps[3];
	int64		max_delta[3];
	AnonDpSpendRecord recs[3];
	int			nrecs = 0;
	bool		any_limited = false;
	bool		sync = false;
	int			i;

	anon_dp_ledger_check();
	Assert(nroles >= 1 && nroles <= 3);
	for (i = 0; i < nroles; i++)
	{
		limited[i] = anon_dp_budget_of(roles[i], &max_eps[i], &max_delta[i]);
		any_limited = any_limited || limited[i];
	}
	for (i = 0; i < nroles; i++)
	{
		AnonDpSpendRecord *rec;

		if (any_limited ? !limited[i] : i > 0)
			continue;
		rec = &recs[nrecs++];
		memset(rec, 0, sizeof(*rec));
		rec->magic = ANON_DP_LEDGER_MAGIC;
		rec->dbid = MyDatabaseId;
		rec->roleid = roles[i];
		rec->flags = limited[i] ? ANON_DP_SPEND_BOUND : 0;
		rec->at = GetCurrentTimestamp();
		rec->epsilon = (double) epsilon / ANON_DP_EPS_UNITS;
		rec->delta = (double) delta / ANON_DP_DELTA_UNITS;
		rec->crc = anon_dp_record_crc(rec);
		sync = sync || limited[i];
	}

	LWLockAcquire(anon_dp_ledger->lock, LW_EXCLUSIVE);
	for (i = 0; i < nroles; i++)
	{
		AnonDpLedgerKey key;
		AnonDpLedgerEntry *entry;
		int64		spent_eps = 0;
		int64		spent_delta = 0;

		if (!limited[i])
			continue;
		key.dbid = MyDatabaseId;
		key.roleid = roles[i];
		entry = hash_search(anon_dp_ledger_hash, &key, HASH_FIND, NULL);
		if (entry != NULL)
		{
			spent_eps = entry->epsilon;
			spent_delta = entry->delta;
		}
		if (spent_eps + epsilon > max_eps[i] || spent_delta + delta > max_delta[i])
		{
			LWLockRelease(anon_dp_ledger->lock);
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("privacy budget exceeded"),
					 errdetail("This query needs epsilon %s and delta %s; role \"%s\" has epsilon %s and delta %s left.",
							   anon_dp_format_units(epsilon, ANON_DP_EPS_UNITS),
							   anon_dp_format_units(delta, ANON_DP_DELTA_UNITS),
							   GetUserNameFromId(roles[i], true) ? GetUserNameFromId(roles[i], true) : "?",
							   anon_dp_format_units(Max(0, max_eps[i] - spent_eps), ANON_DP_EPS_UNITS),
							   anon_dp_format_units(Max(0, max_delta[i] - spent_delta), ANON_DP_DELTA_UNITS)),
					 errhint("Nothing was spent.  Ask the database administrator to raise the budget with anon.set_budget().")));
		}
	}
	if (hash_get_num_entries(anon_dp_ledger_hash) + nrecs > ANON_DP_LEDGER_MAX)
	{
		LWLockRelease(anon_dp_ledger->lock);
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("privacy ledger has more than %d roles", ANON_DP_LEDGER_MAX)));
	}
	/* on disk first, then in memory: an error leaves the totals as they were */
	anon_dp_ledger_append(recs, nrecs, sync);
	for (i = 0; i < nrecs; i++)
		if (!anon_dp_ledger_add(&recs[i]))
			elog(PANIC, "privacy ledger full after check");
	LWLockRelease(anon_dp_ledger->lock);
}

/*
 * Charge one release that is not a query's aggregates (a DP synthesis, see
 * dp_synth.c) to the roles the statement runs as, atomically, before it
 * measures anything: refused, with nothing spent, when a limited role has
 * too little left.
 */
void
anon_dp_budget_charge(double epsilon, double delta)
{
	Oid			roles[3];
	int			nroles;

	anon_citus_refuse_dp_on_worker();
	nroles = anon_dp_query_roles(roles);
	anon_dp_spend(nroles, roles,
				  anon_dp_spend_units(epsilon, ANON_DP_EPS_UNITS, "epsilon"),
				  anon_dp_spend_units(delta, ANON_DP_DELTA_UNITS, "delta"));
}

void
anon_dp_budget_charge_query(QueryDesc *queryDesc, int eflags)
{
	PlannedStmt *stmt = queryDesc->plannedstmt;
	AnonDpPlanCost cost;
	Oid			roles[3];
	int			nroles;
	bool		limited = false;
	int			i;
	AnonDpCharged *charged;
	MemoryContext oldcxt;

	if (!anon_preloaded || IsParallelWorker() ||
		(eflags & EXEC_FLAG_EXPLAIN_ONLY) != 0 ||
		stmt == NULL || stmt->commandType == CMD_UTILITY ||
		queryDesc->estate == NULL)
		return;

	memset(&cost, 0, sizeof(cost));
	cost.stmt = stmt;
	cost.walked = palloc0(sizeof(bool) * (list_length(stmt->subplans) + 1));
	anon_dp_cost_plan(stmt->planTree, false, &cost);
	/* a subplan not reached as an initPlan is a SubPlan: run per row */
	for (i = 1; i <= list_length(stmt->subplans); i++)
		anon_dp_cost_subplan(i, true, &cost);
	pfree(cost.walked);
	if (cost.aggrefs == NIL)
		return;
	/* a Citus worker never charges for Citus data: the coordinator does */
	anon_citus_refuse_dp_plan(stmt);
	/* trace_sort, set after the plan was made, would print sort sizes */
	if (anon_dp_guard_applies())
		anon_dp_guard_check_settings();

	nroles = anon_dp_query_roles(roles);
	for (i = 0; i < nroles; i++)
	{
		int64		e;
		int64		d;

		limited = limited || anon_dp_budget_of(roles[i], &e, &d);
	}
	if (limited && cost.repeats != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("a differentially private aggregate may run more than once in this query"),
				 errdetail("The plan can run it again for one charge, because %s; repeated releases would average the noise away.",
						   cost.repeats),
				 errhint("Compute the aggregate once, in the top-level query, and join its result.")));
	if (limited && cost.grouping_sets)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("differentially private aggregates cannot be computed over grouping sets"),
				 errdetail("A row counts in several grouping sets, so one charge would not cover it.")));

	anon_dp_spend(nroles, roles, cost.epsilon, cost.delta);

	/* the final functions of these aggregates may now release */
	oldcxt = MemoryContextSwitchTo(queryDesc->estate->es_query_cxt);
	charged = palloc0(sizeof(AnonDpCharged));
	charged->estate = queryDesc->estate;
	charged->aggrefs = list_copy(cost.aggrefs);
	charged->cb.func = anon_dp_charged_forget;
	charged->cb.arg = charged;
	MemoryContextRegisterResetCallback(queryDesc->estate->es_query_cxt, &charged->cb);
	dlist_push_head(&anon_dp_charged, &charged->node);
	MemoryContextSwitchTo(oldcxt);
}

void
anon_dp_budget_check_release(FunctionCallInfo fcinfo, Aggref *aggref)
{
	AggState   *aggstate = (AggState *) fcinfo->context;
	dlist_iter	iter;

	/* a worker runs part of a plan its leader charged */
	if (IsParallelWorker())
		return;
	if (aggstate != NULL && IsA(aggstate, AggState) && aggref != NULL)
	{
		dlist_foreach(iter, &anon_dp_charged)
		{
			AnonDpCharged *c = dlist_container(AnonDpCharged, node, iter.cur);

			if (c->estate == aggstate->ss.ps.state &&
				list_member_ptr(c->aggrefs, aggref))
				return;
		}
	}
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("differentially private aggregate was not charged to the privacy budget"),
			 errdetail("A differentially private aggregate releases a value only in a query whose spend was charged before it started, and not as a window function."),
			 errhint("Check that anon is in shared_preload_libraries.")));
}

/*
 * anon.budget_remaining([role]) -> (epsilon, delta): what the role may
 * still spend in this database; Infinity for a role without a budget.
 */
Datum
anon_dp_budget_remaining(PG_FUNCTION_ARGS)
{
	Oid			roleid = PG_NARGS() > 0 ? PG_GETARG_OID(0) : GetUserId();
	int64		max_eps;
	int64		max_delta;
	AnonDpLedgerKey key;
	AnonDpLedgerEntry *entry;
	int64		spent_eps = 0;
	int64		spent_delta = 0;
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
		/* units divided by a power of ten: 0.7 reads 0.7 */
		values[0] = Float8GetDatum((double) Max(0, max_eps - spent_eps) / ANON_DP_EPS_UNITS);
		values[1] = Float8GetDatum((double) Max(0, max_delta - spent_delta) / ANON_DP_DELTA_UNITS);
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
