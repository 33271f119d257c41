/*-------------------------------------------------------------------------
 *
 * rules.c
 *		Masking rules of a relation for a policy, and role labels, cached
 *		per backend: the one place that reads pg_seclabel and pg_shseclabel.
 *
 * The relabel callbacks (label.c) send a relcache invalidation for the
 * relation whose column was labelled, and a relcache-wide one for role and
 * schema labels; the callbacks registered here drop what those make stale,
 * in every backend, at its next invalidation processing.  An AUTHOID
 * syscache callback also drops the role cache when roles change.
 *
 * The cache lives in a child of CacheMemoryContext; each relation's entry
 * has its own small context so that it can be freed on its own.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/relation.h"
#include "access/xact.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_auth_members.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_class.h"
#include "catalog/pg_database.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_seclabel.h"
#include "commands/seclabel.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "utils/rel.h"
#include "utils/plancache.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "rules.h"

typedef struct AnonRulesKey
{
	Oid			relid;
	int			policy;
} AnonRulesKey;

typedef struct AnonRulesEntry
{
	AnonRulesKey key;
	Oid			source;			/* relation whose labels apply (a Citus
								 * shard's logical table), or key.relid */
	MemoryContext cxt;
	bool		stale;			/* invalidated: reload at next use */
	AnonRelationRules rules;
	Node	  **analysed;		/* per rule: analysed expression, or NULL */
	List	   *other;			/* AnonOtherExpr: inherited rules, MASKED WHEN */
	List	   *tlist[2];		/* masking target list, without / with
								 * privacy by default; NIL: not cached */
	List	   *deps;			/* other relations whose labels its masks
								 * read (referenced keys, fk_consistency) */
	int			fk_masked;		/* a key column takes a referenced key's
								 * mask: 1, 0, or -1 not known yet */
	Bitmapset  *tlist_volatile[2];	/* its volatile entries (attnum -
									 * FirstLowInvalidHeapAttributeNumber) */
} AnonRulesEntry;

/*
 * An analysed expression of relid that is not one of its own rules: an
 * ancestor's rule or a MASKED WHEN condition (attnum 0), keyed by its text,
 * so that a relabelled ancestor (whose invalidation does not reach this
 * entry) simply misses.
 */
typedef struct AnonOtherExpr
{
	AttrNumber	attnum;
	AnonLabelKind kind;
	char	   *text;
	Node	   *expr;
} AnonOtherExpr;

typedef struct AnonRoleEntry
{
	Oid			roleid;
	uint32		masked;			/* bit i: MASKED for policy i */
	bool		dp;				/* DIFFERENTIAL PRIVACY (policy anon) */
	int			inherited;		/* policy of a masked role it inherits the
								 * privileges of, -1 none, -2 not known yet */
	int			dp_guarded;		/* anon_dp_role_is_guarded(): 1, 0, or -1
								 * not known yet */
	uint32		all_masked;		/* every policy masking it, own and inherited */
	bool		all_known;		/* all_masked computed */
} AnonRoleEntry;

static MemoryContext anon_rules_cxt = NULL;
static HTAB *anon_rules_hash = NULL;
static HTAB *anon_roles_hash = NULL;
static bool anon_roles_stale = false;

/*
 * Bumped by every invalidation that makes the role, function or
 * database-wide caches stale.  A derived answer (a role's inherited
 * policy, a function's facts) is computed with catalog reads, any of
 * which may process invalidation messages: it is kept only if the
 * generation did not move meanwhile, so that an answer computed partly
 * from the catalog as it was before a change is never cached after it.
 */
static uint64 anon_roles_generation = 0;

/* database-wide labels, per policy; reloaded after any invalidation */
static bool anon_db_loaded = false;
static char *anon_db_sample[32];
static HTAB *anon_restricted_hash = NULL;	/* funcid -> restricted bits */

typedef struct AnonRestrictedEntry
{
	Oid			funcid;
	uint32		restricted;		/* bit i: RESTRICTED for policy i */
	bool		facts_known;	/* the fields below are filled */
	AnonFunctionFacts facts;
} AnonRestrictedEntry;

static void
anon_rules_create_caches(void)
{
	HASHCTL		ctl;

	if (anon_rules_cxt == NULL)
		anon_rules_cxt = AllocSetContextCreate(CacheMemoryContext,
											   "anon rules cache",
											   ALLOCSET_DEFAULT_SIZES);
	if (anon_rules_hash == NULL)
	{
		ctl.keysize = sizeof(AnonRulesKey);
		ctl.entrysize = sizeof(AnonRulesEntry);
		ctl.hcxt = anon_rules_cxt;
		anon_rules_hash = hash_create("anon relation rules", 64, &ctl,
									  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	if (anon_roles_stale)
	{
		int			i;

		if (anon_roles_hash != NULL)
			hash_destroy(anon_roles_hash);
		anon_roles_hash = NULL;
		if (anon_restricted_hash != NULL)
			hash_destroy(anon_restricted_hash);
		anon_restricted_hash = NULL;
		for (i = 0; i < lengthof(anon_db_sample); i++)
		{
			if (anon_db_sample[i])
				pfree(anon_db_sample[i]);
			anon_db_sample[i] = NULL;
		}
		anon_db_loaded = false;
	}
	anon_roles_stale = false;
	if (anon_restricted_hash == NULL)
	{
		ctl.keysize = sizeof(Oid);
		ctl.entrysize = sizeof(AnonRestrictedEntry);
		ctl.hcxt = anon_rules_cxt;
		anon_restricted_hash = hash_create("anon restricted functions", 64, &ctl,
										   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	if (anon_roles_hash == NULL)
	{
		ctl.keysize = sizeof(Oid);
		ctl.entrysize = sizeof(AnonRoleEntry);
		ctl.hcxt = anon_rules_cxt;
		anon_roles_hash = hash_create("anon role labels", 16, &ctl,
									  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
}

/*
 * Invalidation only marks entries stale: a callback can run in the middle
 * of loading an entry (any catalog access accepts invalidation messages),
 * so memory is released at the next lookup, never under a caller's feet.
 */
static void
anon_rules_invalidate(Datum arg, Oid relid)
{
	HASH_SEQ_STATUS status;
	AnonRulesEntry *entry;

	if (anon_rules_hash != NULL)
	{
		hash_seq_init(&status, anon_rules_hash);
		while ((entry = (AnonRulesEntry *) hash_seq_search(&status)) != NULL)
			if (!OidIsValid(relid) || entry->key.relid == relid ||
				entry->source == relid || list_member_oid(entry->deps, relid))
				entry->stale = true;
	}

	/* role and schema labels come with a relcache-wide invalidation */
	if (!OidIsValid(relid))
	{
		anon_roles_stale = true;
		anon_roles_generation++;
	}
}

/*
 * Everything cached is stale: a masking policy was registered in this
 * session (policy.c), and role entries and per-policy caches hold one bit
 * or slot per registered policy.  Only marks, as a callback does.
 */
void
anon_rules_invalidate_all(void)
{
	anon_rules_invalidate((Datum) 0, InvalidOid);
}

static void
anon_roles_invalidate(Datum arg, int cacheid, uint32 hashvalue)
{
	anon_roles_stale = true;
	anon_roles_generation++;
}

/* a function, type or schema changed: analysed expressions may be stale */
static void
anon_analysed_invalidate(Datum arg, int cacheid, uint32 hashvalue)
{
	anon_rules_invalidate(arg, InvalidOid);
}

/*
 * A cast changed: the JSON functions find a type's cast to json at run time
 * (trust.c), so a rule analysed before a cast was created must be checked
 * again, and so must the plans that hold it (cached plans do not depend on
 * casts).  Cast changes are rare DDL.
 */
static void
anon_cast_invalidate(Datum arg, int cacheid, uint32 hashvalue)
{
	anon_rules_invalidate(arg, InvalidOid);
	ResetPlanCache();
}

void
anon_rules_init(void)
{
	CacheRegisterRelcacheCallback(anon_rules_invalidate, (Datum) 0);
	/*
	 * Role changes (a new role, RENAME, membership) drop the role labels at
	 * once: a role stripped of MASKED must not keep reading masked, and one
	 * given MASKED must not keep reading raw data for the rest of a session.
	 * Function, type, schema and cast changes drop analysed rules: a rule
	 * keeps the trust check of the functions it called when it was
	 * analysed, and a replaced function, an untrusted schema or a new cast
	 * to json must be checked again.
	 */
	CacheRegisterSyscacheCallback(AUTHOID, anon_roles_invalidate, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHMEMROLEMEM, anon_roles_invalidate, (Datum) 0);
	CacheRegisterSyscacheCallback(PROCOID, anon_analysed_invalidate, (Datum) 0);
	CacheRegisterSyscacheCallback(TYPEOID, anon_analysed_invalidate, (Datum) 0);
	CacheRegisterSyscacheCallback(NAMESPACEOID, anon_analysed_invalidate, (Datum) 0);
	CacheRegisterSyscacheCallback(CASTSOURCETARGET, anon_cast_invalidate, (Datum) 0);
}

static int
anon_rule_cmp(const void *a, const void *b)
{
	return ((const AnonColumnRule *) a)->attnum - ((const AnonColumnRule *) b)->attnum;
}

static int
anon_attnum_cmp(const void *a, const void *b)
{
	return *(const AttrNumber *) a - *(const AttrNumber *) b;
}

/*
 * read every column label of relid and keep those that matter for policy;
 * a Citus shard or placement reads the labels of its logical table (see
 * citus.c), matched to its own columns by name
 */
static void
anon_rules_load(AnonRulesEntry *entry)
{
	const char *policy = anon_policy_name(entry->key.policy);
	Relation	seclabel;
	ScanKeyData keys[2];
	SysScanDesc scan;
	HeapTuple	tuple;
	MemoryContext oldcxt;
	List	   *rules = NIL;
	List	   *quasi = NIL;
	List	   *vkeys = NIL;
	List	   *parents = NIL;
	Relation	inherits;
	ListCell   *lc;
	int			i;

	/*
	 * A Citus shard carries no labels of its own; reading the logical
	 * table's labels keeps a shard queried by name as masked as the table.
	 */
	entry->source = anon_citus_shard_logical(entry->key.relid);
	if (!OidIsValid(entry->source))
		entry->source = entry->key.relid;

	oldcxt = MemoryContextSwitchTo(entry->cxt);

	ScanKeyInit(&keys[0], Anum_pg_seclabel_objoid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(entry->source));
	ScanKeyInit(&keys[1], Anum_pg_seclabel_classoid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(RelationRelationId));
	seclabel = table_open(SecLabelRelationId, AccessShareLock);
	scan = systable_beginscan(seclabel, SecLabelObjectIndexId, true,
							  NULL, 2, keys);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		FormData_pg_seclabel *form = (FormData_pg_seclabel *) GETSTRUCT(tuple);
		bool		isnull;
		Datum		d;
		char	   *provider;
		char	   *label;
		AnonLabel	parsed;
		int			form_objsubid;

		if (form->objsubid < 0)
			continue;
		if (entry->source != entry->key.relid && form->objsubid > 0)
		{
			/* a shard's column of the same name */
			char	   *attname = get_attname(entry->source, form->objsubid, true);
			AttrNumber	attnum = attname ? get_attnum(entry->key.relid, attname) : InvalidAttrNumber;

			if (attnum == InvalidAttrNumber)
				continue;
			form_objsubid = attnum;
		}
		else
			form_objsubid = form->objsubid;
		d = heap_getattr(tuple, Anum_pg_seclabel_provider,
						 RelationGetDescr(seclabel), &isnull);
		provider = TextDatumGetCString(d);
		d = heap_getattr(tuple, Anum_pg_seclabel_label,
						 RelationGetDescr(seclabel), &isnull);
		label = TextDatumGetCString(d);
		parsed = anon_label_parse(label);

		/*
		 * Quasi-identifiers describe the data, not a policy: the risk and
		 * k-anonymity functions must see them whichever provider wrote them,
		 * so that a table checked under one name is not judged safe under
		 * the other.
		 */
		if (parsed.kind == ANON_LABEL_QUASI_IDENTIFIER &&
			(strcmp(provider, ANON_DEFAULT_POLICY) == 0 ||
			 strcmp(provider, ANON_KANON_PROVIDER) == 0))
		{
			if (!list_member_int(quasi, form_objsubid))
				quasi = lappend_int(quasi, form_objsubid);
			continue;
		}
		/*
		 * Virtual foreign keys describe the schema, not a policy: written
		 * for provider anon only (label_provider.c), read by every policy.
		 */
		if ((parsed.kind == ANON_LABEL_REFERENCES ||
			 parsed.kind == ANON_LABEL_FOREIGN_KEY) &&
			strcmp(provider, ANON_DEFAULT_POLICY) == 0)
		{
			AnonColumnRule *vkey = palloc0(sizeof(AnonColumnRule));

			vkey->attnum = form_objsubid;
			vkey->kind = parsed.kind;
			vkey->label = label;
			vkey->parsed = parsed;
			vkeys = lappend(vkeys, vkey);
			continue;
		}
		/*
		 * Each policy reads its own provider's labels only: a label written
		 * for another policy must neither mask nor unmask a column here, or
		 * a role allowed to label for one policy could weaken another.
		 */
		if (strcmp(provider, policy) != 0)
			continue;
		if (form_objsubid == 0)
		{
			/* table labels */
			if (parsed.kind == ANON_LABEL_TABLE_MASKED_WHEN)
				entry->rules.masked_when = parsed.expr;
			else if (parsed.kind == ANON_LABEL_TABLESAMPLE)
				entry->rules.tablesample = parsed.expr;
			continue;
		}
		if (parsed.kind == ANON_LABEL_PRIVACY_UNIT)
			entry->rules.privacy_unit = form_objsubid;
		else if (parsed.kind == ANON_LABEL_MASKED_FUNCTION ||
				 parsed.kind == ANON_LABEL_MASKED_VALUE ||
				 parsed.kind == ANON_LABEL_NOT_MASKED)
		{
			AnonColumnRule *rule = palloc0(sizeof(AnonColumnRule));

			rule->attnum = form_objsubid;
			rule->kind = parsed.kind;
			rule->label = label;
			rule->parsed = parsed;
			rules = lappend(rules, rule);
		}
	}
	systable_endscan(scan);
	table_close(seclabel, AccessShareLock);

	entry->rules.nrules = list_length(rules);
	entry->rules.rules = palloc0(sizeof(AnonColumnRule) * Max(1, entry->rules.nrules));
	i = 0;
	foreach(lc, rules)
	{
		AnonColumnRule *rule = (AnonColumnRule *) lfirst(lc);

		entry->rules.rules[i++] = *rule;
		if (rule->kind != ANON_LABEL_NOT_MASKED)
			entry->rules.nmasked++;
	}
	qsort(entry->rules.rules, entry->rules.nrules, sizeof(AnonColumnRule),
		  anon_rule_cmp);

	/*
	 * The direct parents, so that mask.c can apply an ancestor's rules to a
	 * partition or child read on its own without a catalog scan per query.
	 * Attaching, detaching, INHERIT and NO INHERIT all send a relcache
	 * invalidation for the child (they update its pg_class or pg_attribute
	 * rows), which drops this entry.
	 */
	inherits = table_open(InheritsRelationId, AccessShareLock);
	ScanKeyInit(&keys[0], Anum_pg_inherits_inhrelid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(entry->key.relid));
	scan = systable_beginscan(inherits, InheritsRelidSeqnoIndexId, true,
							  NULL, 1, keys);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
		parents = lappend_oid(parents,
							  ((Form_pg_inherits) GETSTRUCT(tuple))->inhparent);
	systable_endscan(scan);
	table_close(inherits, AccessShareLock);
	entry->rules.nparents = list_length(parents);
	entry->rules.parents = palloc0(sizeof(Oid) * Max(1, entry->rules.nparents));
	i = 0;
	foreach(lc, parents)
		entry->rules.parents[i++] = lfirst_oid(lc);

	entry->rules.nvirtual = list_length(vkeys);
	entry->rules.virtual_keys = palloc0(sizeof(AnonColumnRule) * Max(1, entry->rules.nvirtual));
	i = 0;
	foreach(lc, vkeys)
		entry->rules.virtual_keys[i++] = *(AnonColumnRule *) lfirst(lc);

	entry->rules.nquasi = list_length(quasi);
	entry->rules.quasi = palloc0(sizeof(AttrNumber) * Max(1, entry->rules.nquasi));
	i = 0;
	foreach(lc, quasi)
		entry->rules.quasi[i++] = (AttrNumber) lfirst_int(lc);
	qsort(entry->rules.quasi, entry->rules.nquasi, sizeof(AttrNumber),
		  anon_attnum_cmp);

	MemoryContextSwitchTo(oldcxt);
}

/*
 * The entries looked up last, by a slot per (relation, policy): a query
 * asks for the same relation's rules a dozen times (is it masked, by its
 * own rules or an ancestor's, its sample, its target list, its keys), and
 * a slot spares the hash lookup.  Entries never move in the hash table;
 * one removed (a failed load) empties every slot, and a stale entry is
 * never answered from a slot.
 */
#define ANON_RULES_SLOTS 16
static AnonRulesEntry *anon_rules_slots[ANON_RULES_SLOTS];

static inline AnonRulesEntry **
anon_rules_slot(Oid relid, int policy)
{
	return &anon_rules_slots[(relid * 31 + (uint32) policy) % ANON_RULES_SLOTS];
}

/* the entry of (relid, policy), loaded and current (see anon_rules_get) */
static AnonRulesEntry *
anon_rules_entry(Oid relid, int policy)
{
	AnonRulesKey key;
	AnonRulesEntry *entry;
	AnonRulesEntry **slot = anon_rules_slot(relid, policy);
	bool		found;

	Assert(policy >= 0 && policy < anon_policy_count());
	entry = *slot;
	if (entry != NULL && entry->key.relid == relid &&
		entry->key.policy == policy && !entry->stale)
		return entry;
	anon_rules_create_caches();

	memset(&key, 0, sizeof(key));
	key.relid = relid;
	key.policy = policy;
	entry = (AnonRulesEntry *) hash_search(anon_rules_hash, &key, HASH_ENTER, &found);
	if (found && entry->stale)
	{
		MemoryContextDelete(entry->cxt);
		found = false;
	}
	if (!found)
	{
		entry->cxt = AllocSetContextCreate(anon_rules_cxt, "anon relation rules",
										   ALLOCSET_SMALL_SIZES);
		entry->stale = false;
		entry->analysed = NULL;
		entry->other = NIL;
		entry->tlist[0] = entry->tlist[1] = NIL;
		entry->deps = NIL;
		entry->fk_masked = -1;
		entry->tlist_volatile[0] = entry->tlist_volatile[1] = NULL;
		memset(&entry->rules, 0, sizeof(entry->rules));
		entry->rules.relid = relid;
		entry->rules.policy = policy;
		PG_TRY();
		{
			anon_rules_load(entry);
		}
		PG_CATCH();
		{
			/*
			 * Never keep a half-loaded entry: it would read as "no rules",
			 * which is an unmasked column (fail open).  The next lookup
			 * loads again and fails again.
			 */
			MemoryContextDelete(entry->cxt);
			(void) hash_search(anon_rules_hash, &key, HASH_REMOVE, NULL);
			memset(anon_rules_slots, 0, sizeof(anon_rules_slots));
			PG_RE_THROW();
		}
		PG_END_TRY();
	}
	*slot = entry;
	return entry;
}

const AnonRelationRules *
anon_rules_get(Oid relid, int policy)
{
	return &anon_rules_entry(relid, policy)->rules;
}

/*
 * The analysed expression of the masking rule of attnum (which must have a
 * MASKED WITH rule), cached with the rules.  rel must be open.  The result
 * is a fresh copy the caller may modify.
 */
Node *
anon_rules_expression(Relation rel, int policy, AttrNumber attnum)
{
	Oid			relid = RelationGetRelid(rel);
	AnonRulesKey key;
	AnonRulesEntry *entry;
	const AnonColumnRule *rule;
	int			i;
	Node	   *expr;
	MemoryContext oldcxt;

	entry = anon_rules_entry(relid, policy);
	memset(&key, 0, sizeof(key));
	key.relid = relid;
	key.policy = policy;
	rule = anon_rules_column(&entry->rules, attnum);
	if (rule == NULL || rule->kind == ANON_LABEL_NOT_MASKED)
		elog(ERROR, "column %d of relation %u has no masking rule", attnum, relid);
	i = rule - entry->rules.rules;

	if (entry->analysed != NULL && entry->analysed[i] != NULL)
		return copyObject(entry->analysed[i]);

	/*
	 * Analyse outside the cache, then keep a copy only if still current: an
	 * invalidation during the analysis means a label or a function changed,
	 * and caching the old analysis would bring back a rule that no longer
	 * holds (this call still uses it: it was current when it started).
	 */
	expr = anon_rule_analyse(rel, attnum, &rule->parsed, anon_policy_name(policy));
	entry = (AnonRulesEntry *) hash_search(anon_rules_hash, &key, HASH_FIND, NULL);
	if (entry != NULL && !entry->stale)
	{
		oldcxt = MemoryContextSwitchTo(entry->cxt);
		if (entry->analysed == NULL)
			entry->analysed = palloc0(sizeof(Node *) * Max(1, entry->rules.nrules));
		entry->analysed[i] = copyObject(expr);
		MemoryContextSwitchTo(oldcxt);
	}
	return expr;
}

/*
 * The masking target list of relid for a policy (dynamic.c builds it, with
 * its rule calls marked), cached with the rules and dropped with them: a
 * label, function, type or schema change, or a change of the relation.
 * variant tells the settings it was built under (privacy by default).
 * The caller caches only what depends on relid's own labels alone.
 *
 * The cached list itself, read-only, and in *volatile_cols the set of its
 * volatile entries; NIL when none is cached.  Both stay valid only until
 * the next lookup of rules (which may free a stale entry): the caller
 * copies what it needs at once, with no catalog access in between.
 */
const List *
anon_rules_cached_tlist(Oid relid, int policy, int variant,
						const Bitmapset **volatile_cols)
{
	AnonRulesEntry *entry;

	Assert(variant >= 0 && variant < 2);
	entry = anon_rules_entry(relid, policy);
	if (entry == NULL || entry->stale || entry->tlist[variant] == NIL)
		return NIL;
	*volatile_cols = entry->tlist_volatile[variant];
	return entry->tlist[variant];
}

/*
 * The cached masking target list of (relid, policy, variant) as it is,
 * with no lookup that could load or free anything: NIL if there is none.
 * An entry marked stale still answers (its memory is freed only at its
 * next lookup): dynamic.c takes the lists of a query's entries this way
 * right before a substitution that reads no catalog.
 */
const List *
anon_rules_peek_tlist(Oid relid, int policy, int variant)
{
	AnonRulesKey key;
	AnonRulesEntry *entry;

	Assert(variant >= 0 && variant < 2);
	if (anon_rules_hash == NULL)
		return NIL;
	entry = *anon_rules_slot(relid, policy);
	if (entry == NULL || entry->key.relid != relid || entry->key.policy != policy)
	{
		memset(&key, 0, sizeof(key));
		key.relid = relid;
		key.policy = policy;
		entry = (AnonRulesEntry *) hash_search(anon_rules_hash, &key, HASH_FIND, NULL);
	}
	return entry ? entry->tlist[variant] : NIL;
}

void
anon_rules_cache_tlist(Oid relid, int policy, int variant, List *tlist,
					   Bitmapset *volatile_cols)
{
	AnonRulesKey key;
	AnonRulesEntry *entry;
	MemoryContext oldcxt;

	Assert(variant >= 0 && variant < 2);
	memset(&key, 0, sizeof(key));
	key.relid = relid;
	key.policy = policy;
	if (anon_rules_hash == NULL)
		return;
	entry = (AnonRulesEntry *) hash_search(anon_rules_hash, &key, HASH_FIND, NULL);
	/* built while an invalidation arrived: keep nothing */
	if (entry == NULL || entry->stale || entry->tlist[variant] != NIL)
		return;
	oldcxt = MemoryContextSwitchTo(entry->cxt);
	entry->tlist[variant] = copyObject(tlist);
	entry->tlist_volatile[variant] = bms_copy(volatile_cols);
	MemoryContextSwitchTo(oldcxt);
}

/* the entry of (relid, policy) if it is loaded and current, else NULL */
static AnonRulesEntry *
anon_rules_current(Oid relid, int policy)
{
	AnonRulesKey key;
	AnonRulesEntry *entry;

	if (anon_rules_hash == NULL)
		return NULL;
	entry = *anon_rules_slot(relid, policy);
	if (entry != NULL && entry->key.relid == relid &&
		entry->key.policy == policy && !entry->stale)
		return entry;
	memset(&key, 0, sizeof(key));
	key.relid = relid;
	key.policy = policy;
	entry = (AnonRulesEntry *) hash_search(anon_rules_hash, &key, HASH_FIND, NULL);
	if (entry == NULL || entry->stale)
		return NULL;
	return entry;
}

List *
anon_rules_virtual_key_relations(void)
{
	Relation	seclabel = table_open(SecLabelRelationId, AccessShareLock);
	SysScanDesc scan;
	HeapTuple	tuple;
	List	   *relids = NIL;

	scan = systable_beginscan(seclabel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		FormData_pg_seclabel *form = (FormData_pg_seclabel *) GETSTRUCT(tuple);
		bool		isnull;
		Datum		d;
		AnonLabelKind kind;

		if (form->classoid != RelationRelationId || form->objsubid < 0)
			continue;
		d = heap_getattr(tuple, Anum_pg_seclabel_provider,
						 RelationGetDescr(seclabel), &isnull);
		if (isnull || strcmp(TextDatumGetCString(d), ANON_DEFAULT_POLICY) != 0)
			continue;
		d = heap_getattr(tuple, Anum_pg_seclabel_label,
						 RelationGetDescr(seclabel), &isnull);
		kind = anon_label_parse(TextDatumGetCString(d)).kind;
		if (kind == ANON_LABEL_REFERENCES || kind == ANON_LABEL_FOREIGN_KEY)
			relids = list_append_unique_oid(relids, form->objoid);
	}
	systable_endscan(scan);
	table_close(seclabel, AccessShareLock);
	return relids;
}

void
anon_rules_add_dependency(Oid relid, int policy, Oid on)
{
	AnonRulesEntry *entry;
	MemoryContext oldcxt;

	(void) anon_rules_get(relid, policy);
	entry = anon_rules_current(relid, policy);
	if (entry == NULL || on == relid)
		return;
	oldcxt = MemoryContextSwitchTo(entry->cxt);
	entry->deps = list_append_unique_oid(entry->deps, on);
	MemoryContextSwitchTo(oldcxt);
}

List *
anon_rules_dependencies(Oid relid, int policy)
{
	AnonRulesEntry *entry = anon_rules_current(relid, policy);

	return entry ? list_copy(entry->deps) : NIL;
}

int
anon_rules_fk_masked(Oid relid, int policy)
{
	AnonRulesEntry *entry;

	entry = anon_rules_entry(relid, policy);
	return entry->stale ? -1 : entry->fk_masked;
}

void
anon_rules_set_fk_masked(Oid relid, int policy, bool masked)
{
	AnonRulesEntry *entry = anon_rules_current(relid, policy);

	if (entry != NULL)
		entry->fk_masked = masked ? 1 : 0;
}

/*
 * The analysed expression of label (an ancestor's rule for attnum, or a
 * MASKED WHEN condition with attnum 0) against rel, cached with rel's rules
 * under the label's text.  A fresh copy.
 */
Node *
anon_rules_other_expression(Relation rel, int policy, AttrNumber attnum,
							const AnonLabel *label)
{
	Oid			relid = RelationGetRelid(rel);
	AnonRulesKey key;
	AnonRulesEntry *entry;
	ListCell   *lc;
	Node	   *expr;
	MemoryContext oldcxt;
	AnonOtherExpr *other;

	entry = anon_rules_entry(relid, policy);
	memset(&key, 0, sizeof(key));
	key.relid = relid;
	key.policy = policy;
	foreach(lc, entry->other)
	{
		other = (AnonOtherExpr *) lfirst(lc);
		if (other->attnum == attnum && other->kind == label->kind &&
			strcmp(other->text, label->expr) == 0)
			return copyObject(other->expr);
	}

	/* analyse outside the cache, then keep a copy if still current */
	expr = anon_rule_analyse(rel, attnum, label, anon_policy_name(policy));
	entry = (AnonRulesEntry *) hash_search(anon_rules_hash, &key, HASH_FIND, NULL);
	if (entry != NULL && !entry->stale)
	{
		oldcxt = MemoryContextSwitchTo(entry->cxt);
		other = palloc(sizeof(AnonOtherExpr));
		other->attnum = attnum;
		other->kind = label->kind;
		other->text = pstrdup(label->expr);
		other->expr = copyObject(expr);
		entry->other = lappend(entry->other, other);
		MemoryContextSwitchTo(oldcxt);
	}
	return expr;
}

const AnonColumnRule *
anon_rules_column(const AnonRelationRules *rules, AttrNumber attnum)
{
	int			i;

	for (i = 0; i < rules->nrules; i++)
		if (rules->rules[i].attnum == attnum)
			return &rules->rules[i];
	return NULL;
}

const char *
anon_database_sample(int policy)
{
	anon_rules_create_caches();
	if (!anon_db_loaded)
	{
		ObjectAddress addr;
		int			i;

		ObjectAddressSet(addr, DatabaseRelationId, MyDatabaseId);
		for (i = 0; i < anon_policy_count(); i++)
		{
			char	   *label = GetSecurityLabel(&addr, anon_policy_name(i));
			AnonLabel	parsed;

			if (label == NULL)
				continue;
			parsed = anon_label_parse(label);
			if (parsed.kind == ANON_LABEL_TABLESAMPLE)
				anon_db_sample[i] = MemoryContextStrdup(anon_rules_cxt, parsed.expr);
		}
		anon_db_loaded = true;
	}
	return anon_db_sample[policy];
}

/*
 * The cache entry of a function, with its RESTRICTED bits read.  The
 * labels are read before the entry is made, and the entry is kept only if
 * no invalidation arrived meanwhile (an entry left with no bits would read
 * as "not RESTRICTED" and let a masked role call a keyed function).
 * *entry_out is NULL when the answer could not be cached: *bits holds it.
 */
static AnonRestrictedEntry *
anon_function_entry(Oid funcid, uint32 *bits)
{
	AnonRestrictedEntry *entry;
	ObjectAddress addr;
	uint64		generation;
	int			i;

	anon_rules_create_caches();
	entry = (AnonRestrictedEntry *) hash_search(anon_restricted_hash, &funcid,
												HASH_FIND, NULL);
	if (entry != NULL)
	{
		*bits = entry->restricted;
		return entry;
	}
	generation = anon_roles_generation;
	*bits = 0;
	ObjectAddressSet(addr, ProcedureRelationId, funcid);
	for (i = 0; i < anon_policy_count(); i++)
	{
		char	   *label = GetSecurityLabel(&addr, anon_policy_name(i));

		if (label && anon_label_parse(label).kind == ANON_LABEL_FUNCTION_RESTRICTED)
			*bits |= (1U << i);
	}
	anon_rules_create_caches();
	if (generation != anon_roles_generation)
		return NULL;			/* used once, not kept */
	entry = (AnonRestrictedEntry *) hash_search(anon_restricted_hash, &funcid,
												HASH_ENTER, NULL);
	entry->restricted = *bits;
	entry->facts_known = false;
	return entry;
}

bool
anon_function_is_restricted(Oid funcid, int policy)
{
	uint32		bits;

	(void) anon_function_entry(funcid, &bits);

	/*
	 * A function restricted for anon is restricted for every policy: the
	 * install script labels the keyed functions for anon only, and another
	 * policy must not be a way around that by simply not labelling them.
	 */
	return (bits & (1U | (1U << policy))) != 0;
}

/*
 * What the function-manager hooks ask of every function they are shown
 * (hooks.c: once per function looked up, so in every query's executor
 * set-up): its language and owner, from pg_proc, cached until any
 * function, role or label changes (a PROCOID invalidation makes the
 * function caches stale).  False if the function does not exist.
 */
bool
anon_function_facts(Oid funcid, AnonFunctionFacts *facts)
{
	AnonRestrictedEntry *entry;
	HeapTuple	tup;
	uint32		bits;
	uint64		generation;

	entry = anon_function_entry(funcid, &bits);
	if (entry != NULL && entry->facts_known)
	{
		*facts = entry->facts;
		return true;
	}
	generation = anon_roles_generation;
	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	if (!HeapTupleIsValid(tup))
		return false;
	facts->sql = ((Form_pg_proc) GETSTRUCT(tup))->prolang == SQLlanguageId;
	facts->owner = ((Form_pg_proc) GETSTRUCT(tup))->proowner;
	ReleaseSysCache(tup);
	facts->restricted = bits;
	anon_rules_create_caches();
	if (entry != NULL && generation == anon_roles_generation)
	{
		entry = (AnonRestrictedEntry *) hash_search(anon_restricted_hash, &funcid,
													HASH_FIND, NULL);
		if (entry != NULL && entry->restricted == bits)
		{
			entry->facts = *facts;
			entry->facts_known = true;
		}
	}
	return true;
}

static AnonRoleEntry *
anon_role_entry(Oid roleid)
{
	AnonRoleEntry *entry;
	bool		found;

	anon_rules_create_caches();
	entry = (AnonRoleEntry *) hash_search(anon_roles_hash, &roleid, HASH_ENTER, &found);
	if (!found)
	{
		ObjectAddress addr;
		int			i;

		entry->masked = 0;
		entry->dp = false;
		entry->inherited = -2;
		entry->dp_guarded = -1;
		entry->all_masked = 0;
		entry->all_known = false;
		ObjectAddressSet(addr, AuthIdRelationId, roleid);
		PG_TRY();
		{
			for (i = 0; i < anon_policy_count(); i++)
			{
				char	   *label = GetSecurityLabel(&addr, anon_policy_name(i));
				AnonLabelKind kind;

				if (label == NULL)
					continue;
				kind = anon_label_parse(label).kind;
				if (kind == ANON_LABEL_ROLE_MASKED)
					entry->masked |= (1U << i);
				/*
				 * DIFFERENTIAL PRIVACY counts for policy anon only: the
				 * DP guard and the privacy budgets are those of anon, so a
				 * label of another policy does not make a role an analyst.
				 */
				else if (kind == ANON_LABEL_ROLE_DP && i == 0)
					entry->dp = true;
			}
		}
		PG_CATCH();
		{
			/* a half-read entry would say "not masked": never keep it */
			(void) hash_search(anon_roles_hash, &roleid, HASH_REMOVE, NULL);
			PG_RE_THROW();
		}
		PG_END_TRY();
	}
	return entry;
}

int
anon_role_masking_policy(Oid roleid)
{
	AnonRoleEntry *entry = anon_role_entry(roleid);
	int			i;

	for (i = 0; i < anon_policy_count(); i++)
		if (entry->masked & (1U << i))
			return i;
	return -1;
}

bool
anon_role_is_dp(Oid roleid)
{
	return anon_role_entry(roleid)->dp;
}

/*
 * Append to todo the roles whose privileges r inherits: its memberships
 * granted WITH INHERIT (16 and later); before 16, all of them when r has
 * rolinherit, which decides for all its grants.
 */
static List *
anon_role_push_inherited(List *todo, Oid r)
{
	CatCList   *memlist;
	int			i;

#if PG_VERSION_NUM < 160000
	HeapTuple	tup;
	bool		inherit = false;

	tup = SearchSysCache1(AUTHOID, ObjectIdGetDatum(r));
	if (HeapTupleIsValid(tup))
	{
		inherit = ((Form_pg_authid) GETSTRUCT(tup))->rolinherit;
		ReleaseSysCache(tup);
	}
	if (!inherit)
		return todo;
#endif
	memlist = SearchSysCacheList1(AUTHMEMMEMROLE, ObjectIdGetDatum(r));
	for (i = 0; i < memlist->n_members; i++)
	{
		Form_pg_auth_members m = (Form_pg_auth_members) GETSTRUCT(&memlist->members[i]->tuple);

#if PG_VERSION_NUM >= 160000
		if (!m->inherit_option)
			continue;
#endif
		todo = lappend_oid(todo, m->roleid);
	}
	ReleaseSysCacheList(memlist);
	return todo;
}

/*
 * The masking policy of a role, or of a masked role whose privileges it
 * inherits (GRANT masked_role TO member, at any depth): a masked role's
 * grants on masked tables are grants of masked values, so a member that
 * reads a table through them reads it masked.  Superusers hold every
 * role's privileges and are never masked this way.  -1: none.
 */
int
anon_role_effective_masking_policy(Oid roleid)
{
	List	   *todo;
	List	   *seen = NIL;
	int			policy = anon_role_masking_policy(roleid);
	uint64		generation;
	AnonRoleEntry *entry;

	if (policy >= 0)
		return policy;
	if (anon_role_entry(roleid)->inherited != -2)
		return anon_role_entry(roleid)->inherited;
	generation = anon_roles_generation;
	if (!superuser_arg(roleid))
	{
		todo = list_make1_oid(roleid);
		while (todo != NIL && policy < 0)
		{
			Oid			r = linitial_oid(todo);

			todo = list_delete_first(todo);
			if (list_member_oid(seen, r))
				continue;
			seen = lappend_oid(seen, r);
			if (r != roleid && (policy = anon_role_masking_policy(r)) >= 0)
				break;
			todo = anon_role_push_inherited(todo, r);
		}
		list_free(todo);
		list_free(seen);
	}
	/*
	 * The catalog reads may have rebuilt the cache: look the entry up
	 * again, and keep the answer only if no role changed meanwhile.
	 */
	entry = anon_role_entry(roleid);
	if (generation == anon_roles_generation)
		entry->inherited = policy;
	return policy;
}

/* the first policy of a set of MASKED labels, as a bit set */
static uint32
anon_first_policy_bit(uint32 masked)
{
	return masked & (~masked + 1);
}

/*
 * The policies that mask a role, as a bit set (bit i: policy i): the
 * policy of each role among it and the masked roles whose privileges it
 * inherits, at any depth (each role's first: a role labelled MASKED for
 * two policies reads by the first, as in PostgreSQL Anonymizer).
 * anon_role_effective_masking_policy() names one; a reader with several
 * is refused what the others label (reader_policies.c).  Superusers: none.
 */
uint32
anon_role_masking_policies(Oid roleid)
{
	AnonRoleEntry *entry = anon_role_entry(roleid);
	uint32		all;
	uint64		generation;
	List	   *todo;
	List	   *seen = NIL;

	if (entry->all_known)
		return entry->all_masked;
	all = anon_first_policy_bit(entry->masked);
	generation = anon_roles_generation;
	if (!superuser_arg(roleid))
	{
		todo = list_make1_oid(roleid);
		while (todo != NIL)
		{
			Oid			r = linitial_oid(todo);

			todo = list_delete_first(todo);
			if (list_member_oid(seen, r))
				continue;
			seen = lappend_oid(seen, r);
			all |= anon_first_policy_bit(anon_role_entry(r)->masked);
			todo = anon_role_push_inherited(todo, r);
		}
		list_free(seen);
	}
	entry = anon_role_entry(roleid);
	if (generation == anon_roles_generation)
	{
		entry->all_masked = all;
		entry->all_known = true;
	}
	return all;
}

/*
 * Every policy that masks the current reader: those of the current user,
 * the outer user (SET ROLE) and the session user (see anon_reader_policy).
 */
uint32
anon_reader_policies(void)
{
	Oid			user;
	Oid			outer;
	Oid			session;
	uint32		all;

	if (!IsTransactionState())
		return 0;
	user = GetUserId();
	outer = GetOuterUserId();
	session = GetSessionUserId();
	all = anon_role_masking_policies(user);
	if (OidIsValid(outer) && outer != user)
		all |= anon_role_masking_policies(outer);
	if (OidIsValid(session) && session != user && session != outer)
		all |= anon_role_masking_policies(session);
	return all;
}

/*
 * dp_guard.c's answer for a role (is it, or a member of, a DIFFERENTIAL
 * PRIVACY role?), cached with the role labels: -1 when not known.  The
 * caller computes it and hands it back with the generation it started
 * from (anon_rules_generation()); it is kept only if no invalidation came
 * in between.
 */
int
anon_role_cached_dp_guarded(Oid roleid)
{
	return anon_role_entry(roleid)->dp_guarded;
}

void
anon_role_cache_dp_guarded(Oid roleid, bool guarded, uint64 generation)
{
	AnonRoleEntry *entry = anon_role_entry(roleid);

	if (generation == anon_roles_generation)
		entry->dp_guarded = guarded ? 1 : 0;
}

uint64
anon_rules_generation(void)
{
	return anon_roles_generation;
}

/*
 * Is there a schema named anon (the extension's, where it is installed)?
 * Asked for every statement by the DP guard: kept until the generation
 * moves, which every change to a schema does (NAMESPACEOID callback).
 */
bool
anon_rules_anon_schema_exists(void)
{
	static bool known = false;
	static uint64 known_generation = 0;
	static bool exists = false;
	uint64		generation = anon_roles_generation;
	bool		result;

	if (known && known_generation == generation)
		return exists;
	result = OidIsValid(get_namespace_oid("anon", true));
	known = generation == anon_roles_generation;
	known_generation = generation;
	exists = result;
	return result;
}

/*
 * The owner of a function when that owner is masked (or inherits a masked
 * role's grants), else InvalidOid: hooks.c runs such a function as its
 * owner, so that a trigger, default or function a masked role wrote,
 * called by an unmasked role, runs masked and with the masked role's
 * rights only.
 */
Oid
anon_function_masked_owner(Oid funcid)
{
	AnonFunctionFacts facts;

	if (!IsTransactionState() || !anon_function_facts(funcid, &facts))
		return InvalidOid;
	return anon_role_effective_masking_policy(facts.owner) >= 0 ? facts.owner : InvalidOid;
}

/*
 * The policy that masks the current reader: the first policy for which the
 * current user, else the outer user (the role SET ROLE chose), else the
 * session user, is labelled MASKED; -1 if none.  Counting the session user
 * means that neither SET ROLE nor a SECURITY DEFINER function switches
 * masking off for a masked login; counting the current user means that a
 * superuser who runs SET ROLE to a masked role sees what that role sees.
 * Counting the outer user means that an unmasked login that SET ROLEs to a
 * masked role stays masked when PostgreSQL switches the current user for a
 * while: a SECURITY DEFINER function of an unmasked owner granted to the
 * masked role, or a foreign key's check run as the referencing table's
 * owner (whether a DELETE of a referenced row fails tells whether a raw
 * value is in a masked column).  Outside a transaction the catalogs cannot
 * be read: no policy (no query runs there either).
 */
/* anon_reader_policy's last answer, and the users it was computed for */
static bool anon_reader_valid = false;
static Oid	anon_reader_user = InvalidOid;
static Oid	anon_reader_outer = InvalidOid;
static Oid	anon_reader_session = InvalidOid;
static uint64 anon_reader_generation = 0;
static int	anon_reader_last = -1;

int
anon_reader_policy(void)
{
	/*
	 * Asked several times per statement (planner, executor, fmgr hooks):
	 * the last answer is kept for the users it was computed for and the
	 * generation of the role caches, which every role, membership, label,
	 * function or schema change moves (so SET ROLE, a SECURITY DEFINER
	 * function or a relabelled role recompute it).  An answer computed
	 * while an invalidation arrived is used once, not kept.
	 */
	Oid			user;
	Oid			outer;
	Oid			session;
	uint64		generation;
	int			policy;

	if (!IsTransactionState())
		return -1;
	user = GetUserId();
	outer = GetOuterUserId();
	session = GetSessionUserId();
	generation = anon_roles_generation;
	if (anon_reader_valid && user == anon_reader_user &&
		outer == anon_reader_outer && session == anon_reader_session &&
		generation == anon_reader_generation)
		return anon_reader_last;
	policy = anon_role_effective_masking_policy(user);
	if (policy < 0 && OidIsValid(outer) && outer != user)
		policy = anon_role_effective_masking_policy(outer);
	if (policy < 0 && session != user && session != outer)
		policy = anon_role_effective_masking_policy(session);
	anon_reader_valid = generation == anon_roles_generation;
	anon_reader_user = user;
	anon_reader_outer = outer;
	anon_reader_session = session;
	anon_reader_generation = generation;
	anon_reader_last = policy;
	return policy;
}

/*
 * anon_reader_policy()'s answer without reading the catalogs (what a hook
 * that may not read them asks: the message hook): its last answer if the
 * users and the role caches are still those it was computed for, else -2
 * (unknown).
 */
int
anon_reader_policy_peek(void)
{
	if (anon_reader_valid && GetUserId() == anon_reader_user &&
		GetOuterUserId() == anon_reader_outer &&
		GetSessionUserId() == anon_reader_session &&
		anon_roles_generation == anon_reader_generation)
		return anon_reader_last;
	return -2;
}

/* ---- SQL functions ---- */

PG_FUNCTION_INFO_V1(anon_rule_is_valid);

/*
 * anon.rule_is_valid(relid, attnum, policy): does the column's masking
 * rule still analyse (its functions exist and are trusted, its type fits)?
 * NULL when the column has no masking rule for the policy.
 */
Datum
anon_rule_is_valid(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	AttrNumber	attnum = PG_GETARG_INT16(1);
	char	   *policy = text_to_cstring(PG_GETARG_TEXT_PP(2));
	int			pidx = anon_policy_index(policy);
	const AnonColumnRule *rule;
	AnonLabel	label;
	Relation	rel;
	MemoryContext oldcxt = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	bool		valid = true;
	char	   *sample = NULL;
	Oid			save_userid;
	int			save_sec_context;

	if (pidx < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("masking policy \"%s\" does not exist", policy),
				 errhint("Policies are listed by anon.policies().")));

	/*
	 * Citus copying the coordinator's rules to a node it adds: they are
	 * analysed at their first read there (label_provider.c), not by the
	 * event trigger of each command Citus runs meanwhile.
	 */
	if (anon_citus_replaying_rules())
		PG_RETURN_BOOL(true);

	rel = try_relation_open(relid, AccessShareLock);
	if (rel == NULL)
		PG_RETURN_NULL();
	if (attnum == 0)
	{
		/* the table's own labels: MASKED WHEN and TABLESAMPLE */
		const AnonRelationRules *rules = anon_rules_get(relid, pidx);

		if (rules->masked_when != NULL)
		{
			label.kind = ANON_LABEL_TABLE_MASKED_WHEN;
			label.expr = pstrdup(rules->masked_when);
			sample = rules->tablesample ? pstrdup(rules->tablesample) : NULL;
		}
		else if (rules->tablesample != NULL)
		{
			label.kind = ANON_LABEL_TABLESAMPLE;
			label.expr = NULL;
			sample = pstrdup(rules->tablesample);
		}
		else
		{
			relation_close(rel, AccessShareLock);
			PG_RETURN_NULL();
		}
	}
	else
	{
		rule = anon_rules_column(anon_rules_get(relid, pidx), attnum);
		if (rule == NULL || rule->kind == ANON_LABEL_NOT_MASKED)
		{
			relation_close(rel, AccessShareLock);
			PG_RETURN_NULL();
		}
		label = rule->parsed;
		label.expr = pstrdup(label.expr);
	}

	/*
	 * Judged as the table's owner, who wrote the rule: the answer does not
	 * depend on who asks, and nothing runs with more privilege than that.
	 */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcxt);
	PG_TRY();
	{
		SetUserIdAndSecContext(rel->rd_rel->relowner,
							   save_sec_context | SECURITY_RESTRICTED_OPERATION);
		if (label.expr != NULL)
			(void) anon_rule_analyse(rel, attnum, &label, policy);
		if (sample != NULL)
			(void) anon_tablesample_analyse(rel, sample, policy);
		SetUserIdAndSecContext(save_userid, save_sec_context);
		ReleaseCurrentSubTransaction();
	}
	PG_CATCH();
	{
		SetUserIdAndSecContext(save_userid, save_sec_context);
		MemoryContextSwitchTo(oldcxt);
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		valid = false;
	}
	PG_END_TRY();
	MemoryContextSwitchTo(oldcxt);
	CurrentResourceOwner = oldowner;

	relation_close(rel, AccessShareLock);
	PG_RETURN_BOOL(valid);
}
