/*-------------------------------------------------------------------------
 *
 * subset_dump.c
 *		Subsets of masked dumps: a masked role that has a dump subset for a
 *		schema reads, in that schema, only the rows of the subset, closed
 *		along the foreign keys, so that pg_dump run by that role writes a
 *		masked dump whose foreign keys all hold when it is restored.
 *
 * anon.set_dump_subset(role, schema, subset => ARRAY['t WHERE cond', ...],
 * include_referencing => bool) declares it (anon.dump_subsets holds it):
 * the same language and meaning as the subsets of create_masked_copy
 * (static_copy.c): the rows of each named table that satisfy its condition,
 * with include_referencing first the rows that reference them,
 * transitively, then every row those reference, transitively, along every
 * foreign key between tables of the schema (declared or virtual, composite,
 * self-referencing, cycles).  Tables neither named nor reached read empty.
 *
 * What the role can learn.  The subset is computed from what the role
 * reads, as the role, through its masking: each condition is evaluated
 * over the masked values, each key is followed by its masked values, and
 * the role's privileges, row-level security and sampling apply to every
 * read.  So the subset is a filter the role could have written itself: it
 * shows fewer rows, never a raw value or a row the role could not read,
 * and whether a row is in says nothing but what the role's own masked
 * reads say.  (A subset is a convenience for dumps, not access control.)
 *
 * How.  Dynamic masking (dynamic.c) gives every relation of the schema,
 * when read by the role, a security qual
 *
 *		cond(masked row) OR anon._dump_subset_member(schema, slot, <masked key>) OR ...
 *
 * one term per seed condition of the table and per foreign key by which
 * its rows can enter the subset.  The first call of the member function in
 * a transaction computes every key set of the subset by semi-naive passes
 * (SPI queries run as the reader and masked like any of its queries; the
 * filter itself is off while they run), kept in memory until the end of
 * the transaction: pg_dump reads every table in one snapshot, so the sets
 * and the reads agree.
 *
 * A partitioned table counts as one table, its partitions read with it
 * (pg_dump reads each partition on its own: each gets its root's filter,
 * its columns mapped by name).  Not supported (refused, with a clear
 * error): tables of plain inheritance, Citus tables, sampled tables,
 * keys masked by a volatile rule (their masked values change from one
 * read to the next), key types without a hash opclass.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/catalog.h"
#include "catalog/namespace.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_class.h"
#include "catalog/partition.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_func.h"
#include "rewrite/rewriteManip.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "fk_consistency.h"
#include "label.h"
#include "mask.h"
#include "restricted.h"
#include "rules.h"
#include "static.h"
#include "subset.h"

PG_FUNCTION_INFO_V1(anon_set_dump_subset);
PG_FUNCTION_INFO_V1(anon_dump_subset_member);

/* ---- The declarations (anon.dump_subsets), cached per backend ---- */

typedef struct AnonDumpDef
{
	char	   *role;
	char	   *schema;
	ArrayType  *subset;
	bool		include_referencing;
} AnonDumpDef;

static List *anon_dump_defs = NIL;	/* in CacheMemoryContext */
static bool anon_dump_defs_valid = false;
static bool anon_dump_callback_set = false;
static Oid	anon_dump_defs_relid = InvalidOid;

/* true while the sets are computed: the reader's queries are not filtered */
static bool anon_dump_computing = false;

/* ---- Per transaction: the subsets in use, their key sets ---- */

/* one set of key tuples, the keys of one side of one foreign key */
typedef struct AnonKeySet
{
	int			ncols;
	Oid			types[INDEX_MAX_KEYS];
	Oid			colls[INDEX_MAX_KEYS];
	int16		typlen[INDEX_MAX_KEYS];
	bool		typbyval[INDEX_MAX_KEYS];
	char		typalign[INDEX_MAX_KEYS];
	FmgrInfo	hash[INDEX_MAX_KEYS];
	FmgrInfo	eq[INDEX_MAX_KEYS];
	HTAB	   *tab;			/* uint32 hash -> AnonKeyBucket */
	List	   *delta;			/* tuples (Datum *) new since the last pass */
	List	   *all;			/* every tuple */
} AnonKeySet;

typedef struct AnonKeyBucket
{
	uint32		hash;
	List	   *tuples;
} AnonKeyBucket;

typedef struct AnonDumpState
{
	Oid			nsp;
	int			policy;
	bool		include_referencing;
	List	   *relids;			/* the tables covered (roots of partition trees) */
	List	   *seeds;			/* AnonSubsetSeed */
	List	   *fks;			/* AnonForeignKey, within the schema */
	/* per foreign key i: sets[2i] the referenced keys of the subset's rows,
	 * probed by the referencing columns; sets[2i+1] the referencing values
	 * of the subset's rows, probed by the referenced columns */
	AnonKeySet **sets;
	bool		computed;
} AnonDumpState;

static List *anon_dump_states = NIL;	/* in anon_dump_cxt */
static MemoryContext anon_dump_cxt = NULL;
static bool anon_dump_xact_set = false;
static Oid	anon_dump_member_oid = InvalidOid;

static void
anon_dump_xact(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
		event == XACT_EVENT_PREPARE || event == XACT_EVENT_PARALLEL_COMMIT ||
		event == XACT_EVENT_PARALLEL_ABORT)
	{
		/* the context went with TopTransactionContext */
		anon_dump_states = NIL;
		anon_dump_cxt = NULL;
		anon_dump_member_oid = InvalidOid;
	}
}

static void
anon_dump_relcache_cb(Datum arg, Oid relid)
{
	if (!OidIsValid(relid) || relid == anon_dump_defs_relid)
		anon_dump_defs_valid = false;
}

/* anon.dump_subsets, or InvalidOid before the extension exists */
static Oid
anon_dump_table(void)
{
	Oid			nsp = get_namespace_oid("anon", true);

	if (!OidIsValid(nsp))
		return InvalidOid;
	return get_relname_relid("dump_subsets", nsp);
}

/* (re)load the declarations: a scan of a small table, after each change */
static void
anon_dump_load(void)
{
	Oid			relid;
	Relation	rel;
	SysScanDesc scan;
	HeapTuple	tup;
	MemoryContext old;

	if (!anon_dump_callback_set)
	{
		CacheRegisterRelcacheCallback(anon_dump_relcache_cb, (Datum) 0);
		anon_dump_callback_set = true;
	}
	if (anon_dump_defs_valid)
		return;
	list_free_deep(anon_dump_defs);
	anon_dump_defs = NIL;
	relid = anon_dump_table();
	anon_dump_defs_relid = relid;
	if (!OidIsValid(relid))
		return;					/* not marked valid: looked up again */
	rel = table_open(relid, AccessShareLock);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	old = MemoryContextSwitchTo(CacheMemoryContext);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Datum		values[4];
		bool		nulls[4];
		AnonDumpDef *def;

		if (RelationGetDescr(rel)->natts != 4)
			break;
		heap_deform_tuple(tup, RelationGetDescr(rel), values, nulls);
		if (nulls[0] || nulls[1] || nulls[2] || nulls[3])
			continue;
		def = palloc(sizeof(AnonDumpDef));
		def->role = pstrdup(NameStr(*DatumGetName(values[0])));
		def->schema = pstrdup(NameStr(*DatumGetName(values[1])));
		def->subset = DatumGetArrayTypePCopy(values[2]);
		def->include_referencing = DatumGetBool(values[3]);
		anon_dump_defs = lappend(anon_dump_defs, def);
	}
	MemoryContextSwitchTo(old);
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	anon_dump_defs_valid = true;
}

/* the declaration for role roleid and schema nspname, or NULL */
static AnonDumpDef *
anon_dump_def_for(Oid roleid, const char *nspname)
{
	char	   *role = GetUserNameFromId(roleid, true);
	ListCell   *lc;

	if (role == NULL)
		return NULL;
	foreach(lc, anon_dump_defs)
	{
		AnonDumpDef *def = lfirst(lc);

		if (strcmp(def->role, role) == 0 && strcmp(def->schema, nspname) == 0)
			return def;
	}
	return NULL;
}

/* any declaration at all?  (the test every masked read makes: cheap) */
static bool
anon_dump_any(void)
{
	if (anon_dump_computing || !IsTransactionState())
		return false;
	anon_dump_load();
	return anon_dump_defs != NIL;
}

/*
 * The reader's declaration for schema nsp: the current user's, else the
 * session user's (whose masking counts too: rules.c, anon_reader_policy).
 */
static AnonDumpDef *
anon_dump_reader_def(Oid nsp)
{
	char	   *nspname;
	AnonDumpDef *def;

	if (!anon_dump_any())
		return NULL;
	nspname = get_namespace_name(nsp);
	if (nspname == NULL)
		return NULL;
	def = anon_dump_def_for(GetUserId(), nspname);
	/* the role SET ROLE chose, as masking counts it (rules.c) */
	if (def == NULL && GetOuterUserId() != GetUserId())
		def = anon_dump_def_for(GetOuterUserId(), nspname);
	if (def == NULL && GetSessionUserId() != GetUserId() &&
		GetSessionUserId() != GetOuterUserId())
		def = anon_dump_def_for(GetSessionUserId(), nspname);
	return def;
}

/* ---- The schema: its tables, checked ---- */

/* the tables of nsp; partitioned and inherited tables refused */
static List *
anon_dump_tables(Oid nsp)
{
	Relation	classrel = table_open(RelationRelationId, AccessShareLock);
	SysScanDesc scan;
	HeapTuple	tup;
	List	   *relids = NIL;

	scan = systable_beginscan(classrel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_class c = (Form_pg_class) GETSTRUCT(tup);

		if (c->relnamespace != nsp)
			continue;
		/* a partition is covered by the root of its tree */
		if (c->relispartition)
			continue;
		if (c->relkind == RELKIND_RELATION &&
			(c->relhassubclass || has_superclass(c->oid)))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("a dump subset cannot cover inherited table \"%s\"",
							NameStr(c->relname)),
					 errhint("Make a masked copy of the subset with anon.create_masked_copy(..., subset => ...) and dump that schema.")));
		if (c->relkind != RELKIND_RELATION && c->relkind != RELKIND_PARTITIONED_TABLE)
			continue;
		/* its rows are on the workers, where the sets are not */
		if (anon_citus_is_table(c->oid))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("a dump subset cannot cover Citus table \"%s\"",
							NameStr(c->relname)),
					 errhint("Make a masked copy of the subset with anon.create_masked_copy(..., subset => ...) and dump that schema.")));
		relids = lappend_oid(relids, c->oid);
	}
	systable_endscan(scan);
	table_close(classrel, AccessShareLock);
	return relids;
}

/* the seeds of a subset array over schema nsp, analysed (subset.h) */
static List *
anon_dump_seeds(ArrayType *arr, Oid nsp, const char *policy)
{
	List	   *seeds = anon_subset_seeds(arr, nsp, "a dump subset", policy);
	ListCell   *lc;

	foreach(lc, seeds)
	{
		AnonSubsetSeed *seed = lfirst(lc);
		List	   *vars;
		ListCell   *lv;

		if (seed->cond == NULL)
			continue;
		/* over the columns only: a system column has no masked value */
		vars = pull_var_clause(seed->cond, PVC_RECURSE_AGGREGATES |
							   PVC_RECURSE_WINDOWFUNCS | PVC_RECURSE_PLACEHOLDERS);
		foreach(lv, vars)
			if (((Var *) lfirst(lv))->varattno <= 0)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("the condition of a dump subset on table \"%s\" may only read its columns",
								get_rel_name(seed->relid)),
						 errdetail("System columns and whole-row references are not allowed.")));
	}
	return seeds;
}

/* ---- Key sets ---- */

static AnonKeySet *
anon_keyset_new(Oid relid, const AttrNumber *keys, int n)
{
	AnonKeySet *set = palloc0(sizeof(AnonKeySet));
	HASHCTL		ctl;
	int			i;

	set->ncols = n;
	for (i = 0; i < n; i++)
	{
		int32		typmod;
		TypeCacheEntry *tc;

		get_atttypetypmodcoll(relid, keys[i], &set->types[i], &typmod, &set->colls[i]);
		if (!OidIsValid(set->colls[i]) && type_is_collatable(set->types[i]))
			set->colls[i] = DEFAULT_COLLATION_OID;
		get_typlenbyvalalign(set->types[i], &set->typlen[i], &set->typbyval[i],
							 &set->typalign[i]);
		tc = lookup_type_cache(set->types[i],
							   TYPECACHE_HASH_PROC_FINFO | TYPECACHE_EQ_OPR_FINFO);
		if (!OidIsValid(tc->hash_proc_finfo.fn_oid) || !OidIsValid(tc->eq_opr_finfo.fn_oid))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("a dump subset cannot follow column \"%s\" of table \"%s\": type %s has no hash function",
							get_attname(relid, keys[i], false), get_rel_name(relid),
							format_type_be(set->types[i]))));
		fmgr_info_copy(&set->hash[i], &tc->hash_proc_finfo, CurrentMemoryContext);
		fmgr_info_copy(&set->eq[i], &tc->eq_opr_finfo, CurrentMemoryContext);
	}
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(uint32);
	ctl.entrysize = sizeof(AnonKeyBucket);
	ctl.hcxt = CurrentMemoryContext;
	set->tab = hash_create("anon dump subset keys", 256, &ctl,
						   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	return set;
}

static uint32
anon_keyset_hash(AnonKeySet *set, const Datum *values)
{
	uint32		h = 0;
	int			i;

	for (i = 0; i < set->ncols; i++)
		h = hash_combine(h, DatumGetUInt32(FunctionCall1Coll(&set->hash[i], set->colls[i],
															 values[i])));
	return h;
}

/* is the tuple in the set?  With add, put it in if not (a copy, in delta) */
static bool
anon_keyset_lookup(AnonKeySet *set, const Datum *values, bool add)
{
	uint32		h = anon_keyset_hash(set, values);
	AnonKeyBucket *b;
	bool		found;
	ListCell   *lc;
	Datum	   *copy;
	MemoryContext old;
	int			i;

	b = hash_search(set->tab, &h, add ? HASH_ENTER : HASH_FIND, &found);
	if (b == NULL)
		return false;
	if (!found)
		b->tuples = NIL;
	foreach(lc, b->tuples)
	{
		Datum	   *t = lfirst(lc);

		for (i = 0; i < set->ncols; i++)
			if (!DatumGetBool(FunctionCall2Coll(&set->eq[i], set->colls[i], t[i], values[i])))
				break;
		if (i == set->ncols)
			return true;
	}
	if (!add)
		return false;
	old = MemoryContextSwitchTo(anon_dump_cxt);
	copy = palloc(sizeof(Datum) * set->ncols);
	for (i = 0; i < set->ncols; i++)
		copy[i] = datumCopy(values[i], set->typbyval[i], set->typlen[i]);
	b->tuples = lappend(b->tuples, copy);
	set->delta = lappend(set->delta, copy);
	set->all = lappend(set->all, copy);
	MemoryContextSwitchTo(old);
	return false;
}

/* ---- The state of a subset in this transaction ---- */

static AnonDumpState *
anon_dump_state(Oid nsp, int policy, AnonDumpDef *def)
{
	AnonDumpState *st;
	MemoryContext old;
	ListCell   *lc;
	List	   *relids;
	int			i;

	foreach(lc, anon_dump_states)
	{
		st = lfirst(lc);
		if (st->nsp == nsp)
			return st;
	}
	if (!anon_dump_xact_set)
	{
		RegisterXactCallback(anon_dump_xact, NULL);
		anon_dump_xact_set = true;
	}
	if (anon_dump_cxt == NULL)
		anon_dump_cxt = AllocSetContextCreate(TopTransactionContext,
											  "anon dump subsets",
											  ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(anon_dump_cxt);
	st = palloc0(sizeof(AnonDumpState));
	st->nsp = nsp;
	st->policy = policy;
	st->include_referencing = def->include_referencing;
	relids = anon_dump_tables(nsp);
	st->relids = relids;
	/* a sample is drawn anew at each read: the keys would not match */
	foreach(lc, relids)
	{
		Relation	rel = table_open(lfirst_oid(lc), AccessShareLock);
		bool		sampled = anon_relation_sample(rel, policy) != NULL;

		table_close(rel, AccessShareLock);
		if (sampled)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("a dump subset cannot cover sampled table \"%s\"",
							get_rel_name(lfirst_oid(lc))),
					 errdetail("A sample is drawn anew at each read, so the subset's keys would not match the rows dumped."),
					 errhint("Remove the TABLESAMPLE label of the table (or of the database), or the dump subset.")));
	}
	st->seeds = anon_dump_seeds(def->subset, nsp, anon_policy_name(policy));
	foreach(lc, relids)
	{
		ListCell   *lc2;

		foreach(lc2, anon_fk_referencing(lfirst_oid(lc), false, true))
		{
			AnonForeignKey *fk = lfirst(lc2);

			if (!list_member_oid(relids, fk->confrelid))
				continue;
			/* the reader compares its keys: no cast of the owner's */
			anon_fk_refuse_key_casts(fk, "a dump subset");
			st->fks = lappend(st->fks, fk);
		}
	}
	st->sets = palloc0(sizeof(AnonKeySet *) * (2 * list_length(st->fks) + 1));
	i = 0;
	foreach(lc, st->fks)
	{
		AnonForeignKey *fk = lfirst(lc);

		st->sets[2 * i] = anon_keyset_new(fk->relid, fk->conkey, fk->numfks);
		st->sets[2 * i + 1] = anon_keyset_new(fk->confrelid, fk->confkey, fk->numfks);
		i++;
	}
	anon_dump_states = lappend(anon_dump_states, st);
	MemoryContextSwitchTo(old);
	return st;
}

/* ---- Computing the sets (the reader's queries, masked) ---- */

/*
 * Add to set the distinct values of columns keys of relid (cast to the
 * set's types) over the rows that satisfy where_sql, whose parameters
 * $1.. are the arrays params (one per column of a probe set's tuples).
 */
static void
anon_dump_collect(Oid relid, const AttrNumber *keys, AnonKeySet *set,
				  const char *where_sql, AnonKeySet *probe, List *tuples)
{
	StringInfoData sql;
	Oid			argtypes[INDEX_MAX_KEYS];
	Datum		args[INDEX_MAX_KEYS];
	int			nargs = 0;
	uint64		r;
	int			i;

	/* a table the reader may not read has no rows for it */
	if (pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) != ACLCHECK_OK)
		return;
	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT DISTINCT ");
	for (i = 0; i < set->ncols; i++)
		appendStringInfo(&sql, "%s(t.%s)::%s", i > 0 ? ", " : "",
						 quote_identifier(get_attname(relid, keys[i], false)),
						 format_type_be_qualified(set->types[i]));
	appendStringInfo(&sql, " FROM %s%s t WHERE (%s)",
					 get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE ? "" : "ONLY ",
					 quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
												get_rel_name(relid)),
					 where_sql);
	/* MATCH SIMPLE: a key with a NULL references nothing */
	for (i = 0; i < set->ncols; i++)
		appendStringInfo(&sql, " AND t.%s IS NOT NULL",
						 quote_identifier(get_attname(relid, keys[i], false)));
	if (probe != NULL)
	{
		int			n = list_length(tuples);

		if (n == 0)
			return;
		nargs = probe->ncols;
		for (i = 0; i < nargs; i++)
		{
			Datum	   *elems = palloc(sizeof(Datum) * n);
			ListCell   *lc;

			foreach(lc, tuples)
				elems[foreach_current_index(lc)] = ((Datum *) lfirst(lc))[i];
			argtypes[i] = get_array_type(probe->types[i]);
			if (!OidIsValid(argtypes[i]))
				elog(ERROR, "type %u has no array type", probe->types[i]);
			args[i] = PointerGetDatum(construct_array(elems, n, probe->types[i],
													  probe->typlen[i], probe->typbyval[i],
													  probe->typalign[i]));
		}
	}
	if (SPI_execute_with_args(sql.data, nargs, argtypes, args, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_with_args failed");
	for (r = 0; r < SPI_processed; r++)
	{
		Datum		values[INDEX_MAX_KEYS];
		bool		isnull;

		for (i = 0; i < set->ncols; i++)
		{
			values[i] = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc,
									  i + 1, &isnull);
			if (isnull)
				break;
		}
		if (i == set->ncols)
			(void) anon_keyset_lookup(set, values, true);
	}
	SPI_freetuptable(SPI_tuptable);
}

/* "(t.a, t.b) IN (SELECT * FROM ROWS FROM (unnest($1), unnest($2)))" */
static char *
anon_dump_in(Oid relid, const AttrNumber *keys, AnonKeySet *probe)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '(');
	for (i = 0; i < probe->ncols; i++)
		appendStringInfo(&buf, "%st.%s", i > 0 ? ", " : "",
						 quote_identifier(get_attname(relid, keys[i], false)));
	/* the arrays zipped (a qualified unnest takes one array) */
	appendStringInfoString(&buf, ") IN (SELECT * FROM ROWS FROM (");
	for (i = 0; i < probe->ncols; i++)
		appendStringInfo(&buf, "%spg_catalog.unnest($%d)", i > 0 ? ", " : "", i + 1);
	appendStringInfoString(&buf, "))");
	return buf.data;
}

static char *
anon_dump_cond_sql(AnonSubsetSeed *seed)
{
	if (seed->cond == NULL)
		return "true";
	return deparse_expression(seed->cond, deparse_context_for("t", seed->relid),
							  true, false);
}

/* take the deltas of every set: what the next pass follows */
static List **
anon_dump_take_deltas(AnonDumpState *st, int parity, bool *any)
{
	int			n = list_length(st->fks);
	List	  **d = palloc0(sizeof(List *) * (n + 1));
	int			i;

	*any = false;
	for (i = 0; i < n; i++)
	{
		AnonKeySet *set = st->sets[2 * i + parity];

		d[i] = set->delta;
		set->delta = NIL;
		if (d[i] != NIL)
			*any = true;
	}
	return d;
}

static void
anon_dump_compute(AnonDumpState *st)
{
	int			n = list_length(st->fks);
	ListCell   *lc;
	ListCell   *lc2;
	List	  **d;
	bool		any;
	int			i;

	/*
	 * Phase 1, with include_referencing: the rows that reference the
	 * subset's rows.  sets[2j] gets the referenced keys (fk j) of the rows
	 * selected so far; a referencing row whose key is in is selected.
	 */
	if (st->include_referencing)
	{
		foreach(lc, st->seeds)
		{
			AnonSubsetSeed *seed = lfirst(lc);

			foreach(lc2, st->fks)
			{
				AnonForeignKey *fk = lfirst(lc2);

				if (fk->confrelid == seed->relid)
					anon_dump_collect(seed->relid, fk->confkey,
									  st->sets[2 * foreach_current_index(lc2)],
									  anon_dump_cond_sql(seed), NULL, NIL);
			}
		}
		for (;;)
		{
			d = anon_dump_take_deltas(st, 0, &any);
			if (!any)
				break;
			for (i = 0; i < n; i++)
			{
				AnonForeignKey *fk = list_nth(st->fks, i);

				if (d[i] == NIL)
					continue;
				/* the new referencing rows of fk i: follow them on */
				foreach(lc2, st->fks)
				{
					AnonForeignKey *next = lfirst(lc2);

					if (next->confrelid == fk->relid)
						anon_dump_collect(fk->relid, next->confkey,
										  st->sets[2 * foreach_current_index(lc2)],
										  anon_dump_in(fk->relid, fk->conkey, st->sets[2 * i]),
										  st->sets[2 * i], d[i]);
				}
			}
		}
	}

	/*
	 * Phase 2: every row the selected rows reference.  sets[2j+1] gets the
	 * referencing values (fk j) of the rows selected so far; a referenced
	 * row whose key is in is selected.  First the rows of phase 1.
	 */
	foreach(lc2, st->fks)
	{
		AnonForeignKey *fk = lfirst(lc2);
		AnonKeySet *dest = st->sets[2 * foreach_current_index(lc2) + 1];

		foreach(lc, st->seeds)
		{
			AnonSubsetSeed *seed = lfirst(lc);

			if (seed->relid == fk->relid)
				anon_dump_collect(fk->relid, fk->conkey, dest,
								  anon_dump_cond_sql(seed), NULL, NIL);
		}
		if (st->include_referencing)
			for (i = 0; i < n; i++)
			{
				AnonForeignKey *in = list_nth(st->fks, i);

				if (in->relid == fk->relid)
					anon_dump_collect(fk->relid, fk->conkey, dest,
									  anon_dump_in(fk->relid, in->conkey, st->sets[2 * i]),
									  st->sets[2 * i], st->sets[2 * i]->all);
			}
	}
	for (;;)
	{
		d = anon_dump_take_deltas(st, 1, &any);
		if (!any)
			break;
		for (i = 0; i < n; i++)
		{
			AnonForeignKey *fk = list_nth(st->fks, i);

			if (d[i] == NIL)
				continue;
			/* the new referenced rows of fk i: follow their own keys */
			foreach(lc2, st->fks)
			{
				AnonForeignKey *next = lfirst(lc2);

				if (next->relid == fk->confrelid)
					anon_dump_collect(fk->confrelid, next->conkey,
									  st->sets[2 * foreach_current_index(lc2) + 1],
									  anon_dump_in(fk->confrelid, fk->confkey, st->sets[2 * i + 1]),
									  st->sets[2 * i + 1], d[i]);
			}
		}
	}
}

/* compute the sets of st once, as the reader, the filter off meanwhile */
static void
anon_dump_ensure(AnonDumpState *st)
{
	int			save_nestlevel;

	if (st->computed)
		return;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	anon_dump_computing = true;
	PG_TRY();
	{
		anon_dump_compute(st);
	}
	PG_FINALLY();
	{
		anon_dump_computing = false;
	}
	PG_END_TRY();
	AtEOXact_GUC(false, save_nestlevel);
	SPI_finish();
	st->computed = true;
}

/* ---- The filter (dynamic.c) ---- */

typedef struct AnonMaskVarsContext
{
	Node	  **masks;			/* per attnum - 1 of the relation read:
								 * masked value, or NULL */
	int			natts;
	AttrNumber *map;			/* root attnum - 1 -> attnum of the relation */
	int			root_natts;
} AnonMaskVarsContext;

/* a condition over the root: over the masked values of the relation read */
static Node *
anon_dump_mask_vars(Node *node, AnonMaskVarsContext *ctx)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == 0)
	{
		Var		   *var = (Var *) copyObject(node);
		AttrNumber	att;

		if (var->varattno <= 0 || var->varattno > ctx->root_natts)
			elog(ERROR, "unexpected column %d in a dump subset condition", var->varattno);
		att = ctx->map[var->varattno - 1];
		if (att > 0 && att <= ctx->natts && ctx->masks[att - 1] != NULL)
			return copyObject(ctx->masks[att - 1]);
		var->varattno = att;
		var->varattnosyn = att;
		return (Node *) var;
	}
	return expression_tree_mutator(node, anon_dump_mask_vars, (void *) ctx);
}

/* the partitioned table at the top of relid's tree, or relid itself */
static Oid
anon_dump_root(Oid relid)
{
	if (get_rel_relispartition(relid))
	{
		List	   *ancestors = get_partition_ancestors(relid);

		if (ancestors != NIL)
			return llast_oid(ancestors);
	}
	return relid;
}

/* the masked value of column attnum of rel for policy, over entry 1 */
static Node *
anon_dump_masked_column(Relation rel, int policy, Node *when, AttrNumber attnum,
						bool key)
{
	Form_pg_attribute att = TupleDescAttr(RelationGetDescr(rel), attnum - 1);
	Node	   *mask = anon_column_mask(rel, policy, attnum, when);

	if (mask == NULL)
		return (Node *) makeVar(1, attnum, att->atttypid, att->atttypmod,
								att->attcollation, 0);
	/* a rule's calls, as in the masking view (RESTRICTED ones admitted) */
	mask = anon_rule_calls_mark(mask);
	if (key && contain_volatile_functions(mask))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("a dump subset cannot follow column \"%s\" of table \"%s\": its masking rule is volatile",
						NameStr(att->attname), RelationGetRelationName(rel)),
				 errdetail("A volatile rule gives another value at each read, so the key would not match across tables."),
				 errhint("Mask key columns with a deterministic rule (a keyed pseudonym), or not at all.")));
	return mask;
}

static Oid
anon_dump_member_func(void)
{
	if (!OidIsValid(anon_dump_member_oid))
	{
		Oid			argtypes[3] = {OIDOID, INT4OID, ANYOID};

		anon_dump_member_oid =
			LookupFuncName(list_make2(makeString("anon"), makeString("_dump_subset_member")),
						   3, argtypes, false);
	}
	return anon_dump_member_oid;
}

/* anon._dump_subset_member(nsp, slot, <masked keys of rel, root attnums>) */
static Node *
anon_dump_member_call(Relation rel, int policy, Node *when, Oid nsp, int slot,
					  const AttrNumber *keys, int n, const AttrNumber *map)
{
	List	   *args = list_make2(makeConst(OIDOID, -1, InvalidOid, sizeof(Oid),
											ObjectIdGetDatum(nsp), false, true),
								  makeConst(INT4OID, -1, InvalidOid, sizeof(int32),
											Int32GetDatum(slot), false, true));
	int			i;

	for (i = 0; i < n; i++)
	{
		if (map[keys[i] - 1] == InvalidAttrNumber)
			elog(ERROR, "key column %d of a dump subset is missing in \"%s\"", keys[i],
				 RelationGetRelationName(rel));
		args = lappend(args, anon_dump_masked_column(rel, policy, when, map[keys[i] - 1], true));
	}
	return (Node *) makeFuncExpr(anon_dump_member_func(), BOOLOID, args,
								 InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
}

void
anon_subset_dump_filter(RangeTblEntry *rte, Index rtindex, int policy)
{
	AnonDumpDef *def;
	AnonDumpState *st;
	Oid			nsp;
	Relation	rel;
	Node	   *when;
	List	   *terms = NIL;
	Node	   *qual;
	ListCell   *lc;
	AnonMaskVarsContext ctx;
	Oid			root;
	int			i;

	/* no dump subset declared at all (most databases): no catalog lookup */
	if (rte->rtekind != RTE_RELATION ||
		(rte->relkind != RELKIND_RELATION && rte->relkind != RELKIND_PARTITIONED_TABLE) ||
		!anon_dump_any())
		return;
	/* a partition read on its own: its tree's root's subset, mapped */
	root = anon_dump_root(rte->relid);
	nsp = get_rel_namespace(root);
	def = anon_dump_reader_def(nsp);
	if (def == NULL)
		return;
	st = anon_dump_state(nsp, policy, def);
	if (!list_member_oid(st->relids, root))
		return;

	rel = table_open(rte->relid, NoLock);
	when = anon_masked_when(rel, policy);
	{
		Relation	rootrel = table_open(root, AccessShareLock);

		ctx.root_natts = RelationGetNumberOfAttributes(rootrel);
		table_close(rootrel, AccessShareLock);
	}
	ctx.map = palloc0(sizeof(AttrNumber) * (ctx.root_natts + 1));
	for (i = 0; i < ctx.root_natts; i++)
	{
		char	   *name = get_attname(root, i + 1, true);

		ctx.map[i] = name == NULL ? InvalidAttrNumber :
			(root == rte->relid ? i + 1 : get_attnum(rte->relid, name));
	}
	ctx.natts = RelationGetDescr(rel)->natts;
	ctx.masks = palloc0(sizeof(Node *) * (ctx.natts + 1));
	for (i = 0; i < ctx.natts; i++)
		if (!TupleDescAttr(RelationGetDescr(rel), i)->attisdropped)
		{
			ctx.masks[i] = anon_column_mask(rel, policy, i + 1, when);
			if (ctx.masks[i] != NULL)
				ctx.masks[i] = anon_rule_calls_mark(ctx.masks[i]);
		}

	/* its seeds, over the masked values */
	foreach(lc, st->seeds)
	{
		AnonSubsetSeed *seed = lfirst(lc);

		if (seed->relid != root)
			continue;
		if (seed->cond == NULL)
			terms = lappend(terms, makeBoolConst(true, false));
		else
			terms = lappend(terms, anon_dump_mask_vars(seed->cond, &ctx));
	}
	/* the keys by which its rows enter */
	foreach(lc, st->fks)
	{
		AnonForeignKey *fk = lfirst(lc);
		int			k = foreach_current_index(lc);

		if (st->include_referencing && fk->relid == root)
			terms = lappend(terms, anon_dump_member_call(rel, policy, when, nsp, 2 * k,
														 fk->conkey, fk->numfks, ctx.map));
		if (fk->confrelid == root)
			terms = lappend(terms, anon_dump_member_call(rel, policy, when, nsp, 2 * k + 1,
														 fk->confkey, fk->numfks, ctx.map));
	}
	table_close(rel, NoLock);

	if (terms == NIL)
		qual = makeBoolConst(false, false);
	else if (list_length(terms) == 1)
		qual = linitial(terms);
	else
		qual = (Node *) makeBoolExpr(OR_EXPR, terms, -1);
	if (rtindex != 1)
		ChangeVarNodes(qual, 1, rtindex, 0);
	/* after the relation's own row-level security quals */
	rte->securityQuals = lappend(rte->securityQuals, qual);
}

bool
anon_subset_dump_applies(Oid relid)
{
	char		kind;

	if (!anon_dump_any())
		return false;
	kind = get_rel_relkind(relid);
	return (kind == RELKIND_RELATION || kind == RELKIND_PARTITIONED_TABLE) &&
		anon_dump_reader_def(get_rel_namespace(anon_dump_root(relid))) != NULL;
}

static void
anon_dump_member_misuse(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("anon._dump_subset_member was called with a set or keys that the dump subset of this schema does not have"),
			 errhint("It is the row filter that dynamic masking adds for dump subsets; do not call it directly.")));
}

/*
 * anon._dump_subset_member(schema oid, slot int, VARIADIC "any"): is this
 * key in set slot of the reader's dump subset of the schema?  NULL keys
 * reference nothing.
 */
Datum
anon_dump_subset_member(PG_FUNCTION_ARGS)
{
	Oid			nsp;
	int			slot;
	AnonDumpDef *def;
	AnonDumpState *st;
	AnonKeySet *set;
	Datum		values[INDEX_MAX_KEYS];
	int			policy;
	int			i;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_BOOL(false);
	nsp = PG_GETARG_OID(0);
	slot = PG_GETARG_INT32(1);
	def = anon_dump_reader_def(nsp);
	/* no subset (any more: a plan made before it was removed): every row */
	if (def == NULL)
		PG_RETURN_BOOL(true);
	policy = anon_reader_policy();
	st = anon_dump_state(nsp, policy >= 0 ? policy : 0, def);
	/* called by hand (it is the filter's, not an API): refused */
	if (slot < 0 || slot >= 2 * list_length(st->fks) ||
		PG_NARGS() - 2 != st->sets[slot]->ncols)
		anon_dump_member_misuse();
	set = st->sets[slot];
	for (i = 0; i < set->ncols; i++)
	{
		if (get_fn_expr_argtype(fcinfo->flinfo, i + 2) != set->types[i])
			anon_dump_member_misuse();
		if (PG_ARGISNULL(i + 2))
			PG_RETURN_BOOL(false);
		values[i] = PG_GETARG_DATUM(i + 2);
	}
	anon_dump_ensure(st);
	PG_RETURN_BOOL(anon_keyset_lookup(set, values, false));
}

/* ---- anon.set_dump_subset ---- */

/*
 * anon.set_dump_subset(role name, schema_name name, subset text[],
 * include_referencing boolean DEFAULT false): declare (or with a NULL
 * subset remove) the dump subset of a role in a schema.  The caller must
 * own the schema and every table of it (or be a superuser).
 */
Datum
anon_set_dump_subset(PG_FUNCTION_ARGS)
{
	char	   *role;
	char	   *schema;
	Oid			nsp;
	Oid			roleid;
	Oid			table;
	List	   *relids;
	ListCell   *lc;
	int			policy;
	Oid			save_userid;
	int			save_sec_context;
	Datum		args[4];
	Oid			argtypes[4] = {NAMEOID, NAMEOID, TEXTARRAYOID, BOOLOID};
	int			rc;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the role and the schema of a dump subset cannot be NULL")));
	role = NameStr(*PG_GETARG_NAME(0));
	schema = NameStr(*PG_GETARG_NAME(1));
	roleid = get_role_oid(role, false);
	nsp = get_namespace_oid(schema, false);
	if (strcmp(schema, "anon") == 0 || IsCatalogNamespace(nsp) ||
		isAnyTempNamespace(nsp) || IsToastNamespace(nsp))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("schema \"%s\" cannot have a dump subset", schema)));
	/* the schema's owner: tables created in it later are covered too */
	if (!pg_namespace_ownercheck(nsp, GetUserId()))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be owner of schema %s to set a dump subset of it", schema),
				 errhint("Run set_dump_subset as the owner of the schema and of its tables, or as a superuser.")));
	relids = anon_dump_tables(nsp);
	foreach(lc, relids)
		if (!pg_class_ownercheck(lfirst_oid(lc), GetUserId()))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("must be owner of table %s to set a dump subset of its schema",
							get_rel_name(lfirst_oid(lc))),
					 errhint("Run set_dump_subset as the owner of every table of the schema or as a superuser.")));
	policy = anon_role_effective_masking_policy(roleid);
	if (!PG_ARGISNULL(2))
		(void) anon_dump_seeds(PG_GETARG_ARRAYTYPE_P(2), nsp,
							   anon_policy_name(policy >= 0 ? policy : 0));

	table = anon_dump_table();
	if (!OidIsValid(table))
		elog(ERROR, "table anon.dump_subsets is missing");
	args[0] = PG_GETARG_DATUM(0);
	args[1] = PG_GETARG_DATUM(1);
	args[2] = PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2);
	args[3] = BoolGetDatum(!PG_ARGISNULL(3) && PG_GETARG_BOOL(3));

	/* written as the table's owner: the caller's checks are done */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(anon_static_rel_owner(table),
						   save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rc = SPI_execute_with_args("DELETE FROM anon.dump_subsets WHERE role_name OPERATOR(pg_catalog.=) $1"
							   " AND schema_name OPERATOR(pg_catalog.=) $2",
							   2, argtypes, args, NULL, false, 0);
	if (rc != SPI_OK_DELETE)
		elog(ERROR, "SPI_execute_with_args failed");
	if (!PG_ARGISNULL(2))
	{
		rc = SPI_execute_with_args("INSERT INTO anon.dump_subsets (role_name, schema_name, subset, include_referencing)"
								   " VALUES ($1, $2, $3, $4)",
								   4, argtypes, args, NULL, false, 0);
		if (rc != SPI_OK_INSERT)
			elog(ERROR, "SPI_execute_with_args failed");
	}
	SPI_finish();
	SetUserIdAndSecContext(save_userid, save_sec_context);
	/* every backend reloads the declarations */
	CacheInvalidateRelcacheByRelid(table);
	PG_RETURN_VOID();
}
