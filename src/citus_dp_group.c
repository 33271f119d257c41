/*-------------------------------------------------------------------------
 *
 * citus_dp_group.c
 *		Grouped DP aggregates of a DIFFERENTIAL PRIVACY role on a Citus
 *		table: group keys leave a worker only sealed.
 *
 * The problem.  For SELECT g, anon_avg(x, ...) FROM dist GROUP BY g, Citus
 * sends each worker SELECT g, <partial state> FROM shard GROUP BY g, as the
 * role that asked: the worker must admit that query, and then the role can
 * run it itself (run_command_on_shards, or a connection to the worker) and
 * read every group key of the shard, with its exact partial state, before
 * partition selection on the coordinator would have dropped the rare ones.
 *
 * The design.  The planner hook of the coordinator (anon_citus_plan, which
 * runs before Citus's) rewrites such a query, after the DP guard added
 * partition selection to it, into one ungrouped aggregate:
 *
 *	 SELECT CAST(r.k1 AS <type of g>) AS g, CAST(r.v1 AS float8) AS anon_avg
 *	 FROM anon._dp_grouped_rows(
 *			(SELECT anon._dp_grouped('<spec>', ROW(g, x)) FROM dist WHERE ...),
 *			2) AS r(k1 text, v1 text)
 *	 WHERE <the analyst's HAVING, on the released values> ORDER BY ... LIMIT ...
 *
 * anon._dp_grouped is a DP aggregate like the others: its state is a map
 * group -> (row count, one dp_state per DP aggregate of the query), of the
 * type anon.dp_groups (text I/O, so Citus computes it per shard with
 * worker_partial_agg, which the worker's guard admits as it admits every
 * DP aggregate's partial form: one level over one shard, no grouping).  Its
 * text form leaves a worker sealed for a DP role (AES-256-GCM under a key
 * derived from the cluster's KEK, purpose anon.dp_groups, padded: its
 * length says nothing below 8 kB, then only its power of two).  The
 * coordinator combines the maps (coord_combine_agg; a DP role may not call
 * it), and the final function, whose spend the planner hook tagged and the
 * executor charged once, keeps a group when its noisy row count passes the
 * threshold of anon._dp_partition_select (the same rule, epsilon and delta
 * as a local grouped query), draws each released value's noise with the
 * code of the ungrouped aggregates, and returns the released rows as
 * text[]; anon._dp_grouped_rows turns them into rows.  The spec, a
 * constant of the query, says what is released: partition selection's
 * (epsilon, delta), the key types, and per value its kind, epsilon, delta
 * and bounds; the charge is the sum of them all, as for the local query.
 *
 * A DP role may call anon._dp_grouped itself: it is a sound DP release
 * (partition selection always applies; the spend is read from the spec).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "access/tupdesc.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/tlist.h"
#include "parser/parse_coerce.h"
#include "parser/parse_func.h"
#include "parser/parsetree.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/expandeddatum.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "dp_agg.h"
#include "dp_guard.h"
#include "keys.h"
#include "dp_sampler.h"

PG_FUNCTION_INFO_V1(anon_citus_dp_groups_in);
PG_FUNCTION_INFO_V1(anon_citus_dp_groups_out);
PG_FUNCTION_INFO_V1(anon_citus_dp_group_trans);
PG_FUNCTION_INFO_V1(anon_citus_dp_group_combine);
PG_FUNCTION_INFO_V1(anon_citus_dp_group_final);
PG_FUNCTION_INFO_V1(anon_citus_dp_grouped_rows);
PG_FUNCTION_INFO_V1(anon_citus_dp_partial_state_final);
PG_FUNCTION_INFO_V1(anon_citus_dp_partial_groups_final);

/* the output function of anon.dp_state (dp_agg.c) */
extern Datum anon_dp_state_out(PG_FUNCTION_ARGS);

#define ANON_GROUPS_PURPOSE		"anon.dp_groups"
#define ANON_GROUPS_MAX_KEYS	8
#define ANON_GROUPS_MAX_VALUES	16

/* the output function of a type */
static Oid
anon_type_output(Oid type)
{
	Oid			typoutput;
	bool		isvarlena;

	getTypeOutputInfo(type, &typoutput, &isvarlena);
	return typoutput;
}

/* ---- the spec: what the aggregate releases ---- */

typedef struct AnonGroupSpec
{
	double		peps;			/* partition selection */
	double		pdelta;
	int			nkeys;
	Oid			keytypes[ANON_GROUPS_MAX_KEYS];
	int			nvals;
	char		what[ANON_GROUPS_MAX_VALUES];	/* anon_dp_release_value */
	bool		int_result[ANON_GROUPS_MAX_VALUES];
	bool		rows[ANON_GROUPS_MAX_VALUES];	/* count(*): every row */
	AnonDpState init[ANON_GROUPS_MAX_VALUES];	/* parameters */
} AnonGroupSpec;

static void
anon_groups_bad_spec(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid specification of a grouped differentially private aggregate")));
}

/*
 * P<eps>:<delta>|K<type>,<type>...|V<what><0|1 integer values><0|1 bigint
 * result><0|1 counts rows>:<eps>:<delta>:<lower>:<upper>|V...  Parsed strictly and checked
 * as the aggregates check their parameters: anyone may write one.
 */
static void
anon_groups_parse_spec(const char *text, AnonGroupSpec *spec)
{
	const char *c = text;
	char	   *end;

	memset(spec, 0, sizeof(AnonGroupSpec));
	if (*c++ != 'P')
		anon_groups_bad_spec();
	spec->peps = strtod(c, &end);
	if (end == c || *end != ':')
		anon_groups_bad_spec();
	c = end + 1;
	spec->pdelta = strtod(c, &end);
	if (end == c || *end != '|')
		anon_groups_bad_spec();
	c = end + 1;
	anon_dp_check_epsilon(spec->peps);
	anon_dp_check_delta(spec->pdelta);
	if (!(spec->pdelta > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("delta of partition selection must be greater than 0")));
	if (*c++ != 'K')
		anon_groups_bad_spec();
	for (;;)
	{
		unsigned long t = strtoul(c, &end, 10);
		TypeCacheEntry *tc;

		if (end == c || spec->nkeys >= ANON_GROUPS_MAX_KEYS ||
			t == 0 || t >= FirstNormalObjectId)
			anon_groups_bad_spec();
		tc = lookup_type_cache((Oid) t, TYPECACHE_EQ_OPR | TYPECACHE_HASH_PROC);
		/*
		 * A group's key is released as its first row's: equal values must
		 * print alike (dp_guard.c), or be made to (anon_groups_canonical).
		 */
		if (!anon_dp_key_type_is_exact((Oid) t, -1, InvalidOid) &&
			t != NUMERICOID && t != FLOAT4OID && t != FLOAT8OID && t != BPCHAROID)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("cannot group a differentially private aggregate by type %s",
							format_type_be((Oid) t)),
					 errdetail("Equal values of that type can print differently: a group would be released under the spelling of one of its rows.")));
		if (!OidIsValid(tc->eq_opr) || !OidIsValid(tc->hash_proc))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("cannot group a differentially private aggregate by type %s",
							format_type_be((Oid) t))));
		spec->keytypes[spec->nkeys++] = (Oid) t;
		c = end;
		if (*c == ',')
		{
			c++;
			continue;
		}
		if (*c++ != '|')
			anon_groups_bad_spec();
		break;
	}
	while (*c == 'V')
	{
		int			i = spec->nvals;
		AnonDpState *s;
		double		v[4];
		int			k;

		if (i >= ANON_GROUPS_MAX_VALUES)
			anon_groups_bad_spec();
		c++;
		if (strchr("cusavd", *c) == NULL || *c == '\0')
			anon_groups_bad_spec();
		spec->what[i] = *c++;
		if ((c[0] != '0' && c[0] != '1') || (c[1] != '0' && c[1] != '1') ||
			(c[2] != '0' && c[2] != '1'))
			anon_groups_bad_spec();
		s = &spec->init[i];
		s->flags = c[0] == '1' ? ANON_DP_INTEGER : 0;
		spec->int_result[i] = c[1] == '1';
		spec->rows[i] = c[2] == '1';
		if (spec->rows[i] && spec->what[i] != 'c' && spec->what[i] != 'u')
			anon_groups_bad_spec();
		c += 3;
		for (k = 0; k < 4; k++)
		{
			if (*c++ != ':')
				anon_groups_bad_spec();
			v[k] = strtod(c, &end);
			if (end == c || !isfinite(v[k]))
				anon_groups_bad_spec();
			c = end;
		}
		s->epsilon = v[0];
		s->delta = v[1];
		s->lower = v[2];
		s->upper = v[3];
		anon_dp_check_epsilon(s->epsilon);
		anon_dp_check_delta(s->delta);
		/* as the aggregates: ordered, within 1e15, not too close (NaN sums) */
		anon_dp_check_value_bounds(s->lower, s->upper);
		spec->nvals++;
		if (*c++ != '|')
			anon_groups_bad_spec();
	}
	if (*c != '\0' || spec->nvals == 0)
		anon_groups_bad_spec();
}

static void
anon_groups_spec_spend(const AnonGroupSpec *spec, double *epsilon, double *delta)
{
	int			i;

	*epsilon = spec->peps;
	*delta = spec->pdelta;
	for (i = 0; i < spec->nvals; i++)
	{
		*epsilon += spec->init[i].epsilon;
		*delta += spec->init[i].delta;
	}
}

/* the spec argument (the second) of a call of anon._dp_grouped */
static Const *
anon_groups_spec_const(Aggref *aggref)
{
	TargetEntry *tle;

	if (aggref == NULL || list_length(aggref->args) != 2)
		anon_groups_bad_spec();
	tle = linitial_node(TargetEntry, aggref->args);
	if (!IsA(tle->expr, Const) || ((Const *) tle->expr)->constisnull ||
		((Const *) tle->expr)->consttype != TEXTOID)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("the specification of a grouped differentially private aggregate must be a constant")));
	return (Const *) tle->expr;
}

void
anon_citus_dp_group_spend(Aggref *aggref, double *epsilon, double *delta)
{
	AnonGroupSpec spec;
	char	   *str = TextDatumGetCString(anon_groups_spec_const(aggref)->constvalue);

	anon_groups_parse_spec(str, &spec);
	anon_groups_spec_spend(&spec, epsilon, delta);
}

/* ---- the map: an expanded object while it aggregates ---- */

typedef struct AnonGroupEntry
{
	struct AnonGroupEntry *next;
	uint32		hash;
	int64		rows;
	Datum	   *keys;
	bool	   *knulls;
	AnonDpState st[FLEXIBLE_ARRAY_MEMBER];
} AnonGroupEntry;

#define ANON_GROUPS_MAGIC	0x47525031	/* "GRP1" */

typedef struct AnonGroupMap
{
	ExpandedObjectHeader hdr;
	int			magic;
	char	   *spectext;
	AnonGroupSpec spec;
	int16		typlen[ANON_GROUPS_MAX_KEYS];
	bool		typbyval[ANON_GROUPS_MAX_KEYS];
	FmgrInfo	hashfn[ANON_GROUPS_MAX_KEYS];
	FmgrInfo	eqfn[ANON_GROUPS_MAX_KEYS];
	int			nbuckets;
	int			nentries;
	AnonGroupEntry **buckets;
	double		inv_u1[ANON_GROUPS_MAX_VALUES];	/* quanta of each value */
	double		inv_u2[ANON_GROUPS_MAX_VALUES];
	char	   *flat;			/* serialized, for get_flat_size */
	Size		flatlen;
	ArrayType  *released;		/* the release, once made */
} AnonGroupMap;

static Size anon_groups_flat_size(ExpandedObjectHeader *eohptr);
static void anon_groups_flatten(ExpandedObjectHeader *eohptr, void *result,
								Size allocated_size);

static const ExpandedObjectMethods anon_groups_methods = {
	anon_groups_flat_size,
	anon_groups_flatten
};

static AnonGroupMap *
anon_groups_new(MemoryContext parent, const char *spectext)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "anon dp groups",
											  ALLOCSET_DEFAULT_SIZES);
	AnonGroupMap *m = MemoryContextAllocZero(cxt, sizeof(AnonGroupMap));
	int			i;

	EOH_init_header(&m->hdr, &anon_groups_methods, cxt);
	m->magic = ANON_GROUPS_MAGIC;
	m->spectext = MemoryContextStrdup(cxt, spectext);
	anon_groups_parse_spec(spectext, &m->spec);
	for (i = 0; i < m->spec.nkeys; i++)
	{
		TypeCacheEntry *tc = lookup_type_cache(m->spec.keytypes[i],
											   TYPECACHE_EQ_OPR | TYPECACHE_HASH_PROC);

		get_typlenbyval(m->spec.keytypes[i], &m->typlen[i], &m->typbyval[i]);
		fmgr_info_cxt(tc->hash_proc, &m->hashfn[i], cxt);
		fmgr_info_cxt(get_opcode(tc->eq_opr), &m->eqfn[i], cxt);
	}
	for (i = 0; i < m->spec.nvals; i++)
		anon_dp_state_quanta(&m->spec.init[i], &m->inv_u1[i], &m->inv_u2[i]);
	m->nbuckets = 64;
	m->buckets = MemoryContextAllocZero(cxt, sizeof(AnonGroupEntry *) * m->nbuckets);
	return m;
}

static uint32
anon_groups_hash(AnonGroupMap *m, Datum *keys, bool *nulls)
{
	uint32		h = 0;
	int			i;

	for (i = 0; i < m->spec.nkeys; i++)
	{
		uint32		k = 0;

		if (!nulls[i])
			k = DatumGetUInt32(FunctionCall1Coll(&m->hashfn[i], DEFAULT_COLLATION_OID, keys[i]));
		h = hash_combine(h, k);
	}
	return h;
}

static bool
anon_groups_equal(AnonGroupMap *m, AnonGroupEntry *e, Datum *keys, bool *nulls)
{
	int			i;

	for (i = 0; i < m->spec.nkeys; i++)
	{
		if (e->knulls[i] != nulls[i])
			return false;
		if (!nulls[i] &&
			!DatumGetBool(FunctionCall2Coll(&m->eqfn[i], DEFAULT_COLLATION_OID,
											e->keys[i], keys[i])))
			return false;
	}
	return true;
}

/* the entry of a group, made (keys copied) when new */
static AnonGroupEntry *
anon_groups_lookup(AnonGroupMap *m, Datum *keys, bool *nulls)
{
	uint32		h = anon_groups_hash(m, keys, nulls);
	AnonGroupEntry *e;
	MemoryContext old;
	int			i;

	for (e = m->buckets[h % m->nbuckets]; e != NULL; e = e->next)
		if (e->hash == h && anon_groups_equal(m, e, keys, nulls))
			return e;

	old = MemoryContextSwitchTo(m->hdr.eoh_context);
	if (m->nentries >= 2 * m->nbuckets)
	{
		int			n = m->nbuckets * 4;
		AnonGroupEntry **b = palloc0(sizeof(AnonGroupEntry *) * n);

		for (i = 0; i < m->nbuckets; i++)
		{
			AnonGroupEntry *next;

			for (e = m->buckets[i]; e != NULL; e = next)
			{
				next = e->next;
				e->next = b[e->hash % n];
				b[e->hash % n] = e;
			}
		}
		pfree(m->buckets);
		m->buckets = b;
		m->nbuckets = n;
	}
	e = palloc0(offsetof(AnonGroupEntry, st) + sizeof(AnonDpState) * m->spec.nvals);
	e->hash = h;
	e->keys = palloc(sizeof(Datum) * m->spec.nkeys);
	e->knulls = palloc(sizeof(bool) * m->spec.nkeys);
	for (i = 0; i < m->spec.nkeys; i++)
	{
		e->knulls[i] = nulls[i];
		e->keys[i] = nulls[i] ? (Datum) 0 :
			datumCopy(keys[i], m->typbyval[i], m->typlen[i]);
	}
	for (i = 0; i < m->spec.nvals; i++)
		e->st[i] = m->spec.init[i];
	e->next = m->buckets[h % m->nbuckets];
	m->buckets[h % m->nbuckets] = e;
	m->nentries++;
	MemoryContextSwitchTo(old);
	if (m->flat)
	{
		pfree(m->flat);
		m->flat = NULL;
	}
	return e;
}

/*
 * Text form: the spec, the number of groups, then a line per group: its
 * keys (x<hex of the type's output> or - for NULL), its row count, and per
 * value count:s1:s2, separated by tabs.
 */
static char *
anon_groups_serialize(AnonGroupMap *m)
{
	StringInfoData buf;
	int			b;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%s\n%d\n", m->spectext, m->nentries);
	for (b = 0; b < m->nbuckets; b++)
	{
		AnonGroupEntry *e;

		for (e = m->buckets[b]; e != NULL; e = e->next)
		{
			int			i;

			for (i = 0; i < m->spec.nkeys; i++)
			{
				if (e->knulls[i])
					appendStringInfoString(&buf, "-\t");
				else
				{
					char	   *out = OidOutputFunctionCall(anon_type_output(m->spec.keytypes[i]),
															e->keys[i]);
					size_t		len = strlen(out);

					appendStringInfoChar(&buf, 'x');
					enlargeStringInfo(&buf, 2 * len + 2);
					buf.len += hex_encode(out, len, buf.data + buf.len);
					buf.data[buf.len] = '\0';
					appendStringInfoChar(&buf, '\t');
					pfree(out);
				}
			}
			appendStringInfo(&buf, INT64_FORMAT, e->rows);
			for (i = 0; i < m->spec.nvals; i++)
				appendStringInfo(&buf, "\t" INT64_FORMAT ":%.17g:%.17g",
								 e->st[i].count, e->st[i].s1, e->st[i].s2);
			appendStringInfoChar(&buf, '\n');
		}
	}
	return buf.data;
}

static void
anon_groups_bad_text(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type dp_groups")));
}

/*
 * Add the groups of a text form to m (NULL: a new map in parent), strictly
 * parsed: the spec must be m's.
 */
static AnonGroupMap *
anon_groups_merge_text(AnonGroupMap *m, MemoryContext parent, char *text)
{
	char	   *line;
	char	   *save = NULL;
	int			ngroups;
	int			g;
	char	   *end;

	line = strtok_r(text, "\n", &save);
	if (line == NULL)
		anon_groups_bad_text();
	if (m == NULL)
		m = anon_groups_new(parent, line);
	else if (strcmp(m->spectext, line) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine grouped differentially private states with different parameters")));
	line = strtok_r(NULL, "\n", &save);
	if (line == NULL)
		anon_groups_bad_text();
	ngroups = (int) strtol(line, &end, 10);
	if (end == line || *end != '\0' || ngroups < 0)
		anon_groups_bad_text();
	for (g = 0; g < ngroups; g++)
	{
		Datum		keys[ANON_GROUPS_MAX_KEYS];
		bool		nulls[ANON_GROUPS_MAX_KEYS];
		AnonGroupEntry *e;
		char	   *f;
		char	   *fsave = NULL;
		int64		rows;
		int			i;

		line = strtok_r(NULL, "\n", &save);
		if (line == NULL)
			anon_groups_bad_text();
		f = strtok_r(line, "\t", &fsave);
		for (i = 0; i < m->spec.nkeys; i++)
		{
			if (f == NULL)
				anon_groups_bad_text();
			if (strcmp(f, "-") == 0)
			{
				nulls[i] = true;
				keys[i] = (Datum) 0;
			}
			else
			{
				size_t		hlen = strlen(f + 1);
				char	   *raw;
				Oid			typinput;
				Oid			typioparam;

				if (f[0] != 'x' || hlen % 2 != 0)
					anon_groups_bad_text();
				raw = palloc(hlen / 2 + 1);
				raw[hex_decode(f + 1, hlen, raw)] = '\0';
				getTypeInputInfo(m->spec.keytypes[i], &typinput, &typioparam);
				keys[i] = OidInputFunctionCall(typinput, raw, typioparam, -1);
				nulls[i] = false;
			}
			f = strtok_r(NULL, "\t", &fsave);
		}
		if (f == NULL)
			anon_groups_bad_text();
		rows = strtoi64(f, &end, 10);
		if (end == f || *end != '\0' || rows < 0)
			anon_groups_bad_text();
		e = anon_groups_lookup(m, keys, nulls);
		e->rows += rows;
		for (i = 0; i < m->spec.nvals; i++)
		{
			int64		count;
			double		s1;
			double		s2;
			int			n = 0;

			f = strtok_r(NULL, "\t", &fsave);
			if (f == NULL ||
				sscanf(f, INT64_FORMAT ":%lf:%lf%n", &count, &s1, &s2, &n) != 3 ||
				f[n] != '\0' || count < 0 || !isfinite(s1) || !isfinite(s2))
				anon_groups_bad_text();
			e->st[i].count += count;
			e->st[i].s1 += s1;
			e->st[i].s2 += s2;
		}
		if (strtok_r(NULL, "\t", &fsave) != NULL)
			anon_groups_bad_text();
	}
	if (strtok_r(NULL, "\n", &save) != NULL)
		anon_groups_bad_text();
	return m;
}

static Size
anon_groups_flat_size(ExpandedObjectHeader *eohptr)
{
	AnonGroupMap *m = (AnonGroupMap *) eohptr;

	if (m->flat == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(m->hdr.eoh_context);

		m->flat = anon_groups_serialize(m);
		m->flatlen = strlen(m->flat);
		MemoryContextSwitchTo(old);
	}
	return VARHDRSZ + m->flatlen;
}

static void
anon_groups_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	AnonGroupMap *m = (AnonGroupMap *) eohptr;

	Assert(m->flat != NULL && allocated_size == VARHDRSZ + m->flatlen);
	SET_VARSIZE(result, allocated_size);
	memcpy(VARDATA(result), m->flat, m->flatlen);
}

/* the map of a state: the expanded object, or one made from the flat form */
static AnonGroupMap *
anon_groups_of(Datum d, MemoryContext parent)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTERNAL_EXPANDED(v))
	{
		AnonGroupMap *m = (AnonGroupMap *) DatumGetEOHP(d);

		if (m->magic != ANON_GROUPS_MAGIC)
			elog(ERROR, "not a map of groups");
		return m;
	}
	v = pg_detoast_datum_packed(v);
	return anon_groups_merge_text(NULL, parent,
								  text_to_cstring((text *) v));
}

/* ---- the type anon.dp_groups ---- */

Datum
anon_citus_dp_groups_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int			len;
	char	   *copy;
	MemoryContext cxt;

	if (str[0] == 'E')
		str = anon_kek_open_hex(ANON_GROUPS_PURPOSE, str, &len);

	/* checked now, whole: parsed into a throwaway map */
	cxt = AllocSetContextCreate(CurrentMemoryContext, "anon dp groups check",
								ALLOCSET_DEFAULT_SIZES);
	copy = pstrdup(str);
	(void) anon_groups_merge_text(NULL, cxt, copy);
	MemoryContextDelete(cxt);
	PG_RETURN_TEXT_P(cstring_to_text(str));
}

Datum
anon_citus_dp_groups_out(PG_FUNCTION_ARGS)
{
	Datum		d = PG_GETARG_DATUM(0);
	struct varlena *v = (struct varlena *) DatumGetPointer(d);
	char	   *str;

	if (VARATT_IS_EXTERNAL_EXPANDED(v))
		str = anon_groups_serialize((AnonGroupMap *) DatumGetEOHP(d));
	else
		str = text_to_cstring((text *) pg_detoast_datum_packed(v));

	/* exact counts and sums, and the group keys: sealed for a DP role */
	if (anon_dp_guard_applies())
		str = anon_dp_seal_padded(ANON_GROUPS_PURPOSE, str);
	PG_RETURN_CSTRING(str);
}

/* ---- the aggregate ---- */

static MemoryContext
anon_groups_agg_context(FunctionCallInfo fcinfo)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("differentially private aggregate support functions can only be called by an aggregate")));
	return aggcxt;
}

/*
 * The canonical spelling of a key, so that a released key does not show
 * how its group's first row spelled it: numeric without trailing zeros
 * (the coordinator casts it back to the column's type, scale included),
 * float 0 for -0, bpchar without trailing spaces (which its equality
 * ignores).
 */
static Datum
anon_groups_canonical(Oid type, Datum value)
{
	switch (type)
	{
		case NUMERICOID:
			return DirectFunctionCall1(numeric_trim_scale, value);
		case FLOAT8OID:
			return DatumGetFloat8(value) == 0 ? Float8GetDatum(0.0) : value;
		case FLOAT4OID:
			return DatumGetFloat4(value) == 0 ? Float4GetDatum(0.0f) : value;
		case BPCHAROID:
			return DirectFunctionCall1(rtrim1, value);
		default:
			return value;
	}
}

/*
 * anon._dp_grouped(spec text, row record): adds the row (its keys, then
 * the value of each DP aggregate) to its group.  Citus calls it through
 * worker_partial_agg, with a new FmgrInfo for each row: everything lives
 * in the state.
 */
Datum
anon_citus_dp_group_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = anon_groups_agg_context(fcinfo);
	AnonGroupMap *m;
	AnonGroupEntry *e;
	HeapTupleHeader th;
	HeapTupleData tuple;
	TupleDesc	desc;
	Datum		vals[ANON_GROUPS_MAX_KEYS + ANON_GROUPS_MAX_VALUES];
	bool		nulls[ANON_GROUPS_MAX_KEYS + ANON_GROUPS_MAX_VALUES];
	int			nk;
	int			i;

	if (PG_ARGISNULL(0))
	{
		if (PG_ARGISNULL(1))
			anon_groups_bad_spec();
		m = anon_groups_new(aggcxt, text_to_cstring(PG_GETARG_TEXT_PP(1)));
	}
	else
	{
		/*
		 * Only the state this function made: an aggregate declared with an
		 * initial state (a sealed map replayed from a shard, one with
		 * another spec) would count rows twice or release more than its
		 * call was charged.
		 */
		if (!VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(PG_GETARG_DATUM(0))))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("a grouped differentially private aggregate starts from no state")));
		m = anon_groups_of(PG_GETARG_DATUM(0), aggcxt);
	}
	nk = m->spec.nkeys;

	if (PG_ARGISNULL(2))
		anon_groups_bad_spec();
	th = PG_GETARG_HEAPTUPLEHEADER(2);
	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(th), HeapTupleHeaderGetTypMod(th));
	if (desc->natts != nk + m->spec.nvals)
	{
		ReleaseTupleDesc(desc);
		anon_groups_bad_spec();
	}
	for (i = 0; i < nk; i++)
		if (TupleDescAttr(desc, i)->atttypid != m->spec.keytypes[i])
		{
			ReleaseTupleDesc(desc);
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("the group keys of a grouped differentially private aggregate do not have the types of its specification")));
		}
	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, desc, vals, nulls);
	for (i = 0; i < nk; i++)
		if (!nulls[i])
			vals[i] = anon_groups_canonical(m->spec.keytypes[i], vals[i]);

	e = anon_groups_lookup(m, vals, nulls);
	e->rows++;
	for (i = 0; i < m->spec.nvals; i++)
	{
		AnonDpState *s = &e->st[i];
		double		x;
		char		what = m->spec.what[i];

		if (m->spec.rows[i])
		{
			s->count++;
			continue;
		}
		if (nulls[nk + i])
			continue;
		if (what == 'c' || what == 'u')
		{
			s->count++;
			continue;
		}
		x = anon_dp_datum_double(vals[nk + i], TupleDescAttr(desc, nk + i)->atttypid);
		anon_dp_state_add(s, x, m->inv_u1[i], m->inv_u2[i]);
	}
	ReleaseTupleDesc(desc);
	if (m->flat)
	{
		pfree(m->flat);
		m->flat = NULL;
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&m->hdr));
}

Datum
anon_citus_dp_group_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = anon_groups_agg_context(fcinfo);
	AnonGroupMap *m;
	struct varlena *v;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	m = PG_ARGISNULL(0) ? NULL : anon_groups_of(PG_GETARG_DATUM(0), aggcxt);
	v = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(1));
	if (VARATT_IS_EXTERNAL_EXPANDED(v))
		m = anon_groups_merge_text(m, aggcxt,
								   anon_groups_serialize((AnonGroupMap *) DatumGetEOHP(PG_GETARG_DATUM(1))));
	else
		m = anon_groups_merge_text(m, aggcxt,
								   text_to_cstring((text *) pg_detoast_datum_packed(v)));
	if (m->flat)
	{
		pfree(m->flat);
		m->flat = NULL;
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&m->hdr));
}


/* released rows (key texts, then values), by their keys; NULL first */
static int	anon_groups_sort_nkeys = 0;

static int
anon_groups_row_cmp(const ListCell *a, const ListCell *b)
{
	char	  **ra = (char **) lfirst(a);
	char	  **rb = (char **) lfirst(b);
	int			i;

	for (i = 0; i < anon_groups_sort_nkeys; i++)
	{
		int			c;

		if (ra[i] == NULL || rb[i] == NULL)
			c = (ra[i] != NULL) - (rb[i] != NULL);
		else
			c = strcmp(ra[i], rb[i]);
		if (c != 0)
			return c;
	}
	return 0;
}

/*
 * The release: partition selection, then each value of each selected
 * group with its noise, as text[] (a row after the other: the keys' text,
 * then the values').  Made once per state (a rescan gets the same).
 */
Datum
anon_citus_dp_group_final(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = anon_groups_agg_context(fcinfo);
	AnonGroupMap *m;
	double		eps;
	double		delta;
	List	   *out = NIL;
	List	   *rows = NIL;
	int			n;
	int			b;
	Datum	   *elems;
	bool	   *enulls;
	ListCell   *lc;
	MemoryContext old;

	/* no row anywhere: no group to release */
	if (PG_ARGISNULL(0))
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	m = anon_groups_of(PG_GETARG_DATUM(0), aggcxt);
	if (m->released != NULL)
		PG_RETURN_ARRAYTYPE_P(m->released);

	/*
	 * The budget was charged before the query ran, for the spec of the call
	 * (or, finalized by Citus, for the tag of coord_combine_agg, which
	 * anon_dp_check_charged compares): the state's spec must be that one.
	 */
	{
		Aggref	   *call = AggGetAggref(fcinfo);

		if (call == NULL)
			anon_groups_bad_spec();
		if (!anon_citus_combine_spend(call, NULL, NULL))
		{
			char	   *charged = TextDatumGetCString(anon_groups_spec_const(call)->constvalue);

			if (strcmp(charged, m->spectext) != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("differentially private aggregate would release more than was charged"),
						 errdetail("Its state has another specification than its call.")));
		}
	}
	anon_groups_spec_spend(&m->spec, &eps, &delta);
	anon_dp_check_charged(fcinfo, eps, delta);

	for (b = 0; b < m->nbuckets; b++)
	{
		AnonGroupEntry *e;

		for (e = m->buckets[b]; e != NULL; e = e->next)
		{
			int			i;
			char	  **row;

			if (!anon_dp_partition_selected(e->rows, m->spec.peps, m->spec.pdelta))
				continue;
			row = palloc(sizeof(char *) * (m->spec.nkeys + m->spec.nvals));
			for (i = 0; i < m->spec.nkeys; i++)
				row[i] = e->knulls[i] ? NULL :
					OidOutputFunctionCall(anon_type_output(m->spec.keytypes[i]),
										  e->keys[i]);
			for (i = 0; i < m->spec.nvals; i++)
			{
				double		v = anon_dp_release_value(&e->st[i], m->spec.what[i]);

				if (m->spec.int_result[i])
				{
					int64		iv = v >= 9.2e18 ? PG_INT64_MAX :
						v <= -9.2e18 ? PG_INT64_MIN : (int64) rint(v);

					row[m->spec.nkeys + i] = psprintf(INT64_FORMAT, iv);
				}
				else
					row[m->spec.nkeys + i] = psprintf("%.17g", v);
			}
			rows = lappend(rows, row);
		}
	}

	/*
	 * In the order of their keys: the order of the buckets, where colliding
	 * groups sit in the order their first rows were read, would say which
	 * group had the earlier row (dp_guard.c sorts a GROUP BY's groups for
	 * the same reason).
	 */
	anon_groups_sort_nkeys = m->spec.nkeys;
	list_sort(rows, anon_groups_row_cmp);
	foreach(lc, rows)
	{
		char	  **row = (char **) lfirst(lc);
		int			i;

		for (i = 0; i < m->spec.nkeys + m->spec.nvals; i++)
			out = lappend(out, row[i]);
	}
	n = list_length(out);
	elems = palloc(sizeof(Datum) * Max(n, 1));
	enulls = palloc(sizeof(bool) * Max(n, 1));
	b = 0;
	foreach(lc, out)
	{
		enulls[b] = lfirst(lc) == NULL;
		elems[b] = enulls[b] ? (Datum) 0 : CStringGetTextDatum((char *) lfirst(lc));
		b++;
	}
	old = MemoryContextSwitchTo(m->hdr.eoh_context);
	{
		int			dims[1] = {n};
		int			lbs[1] = {1};

		m->released = n == 0 ? construct_empty_array(TEXTOID) :
			construct_md_array(elems, enulls, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT);
	}
	MemoryContextSwitchTo(old);
	PG_RETURN_ARRAYTYPE_P(m->released);
}

/*
 * anon._dp_grouped_rows(released text[], ncols): the rows of a release,
 * ncols text columns each.  It reads what anon._dp_grouped released.
 */
Datum
anon_citus_dp_grouped_rows(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	int			ncols = PG_GETARG_INT32(1);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			r;

	if (ncols < 1 || ncols > ANON_GROUPS_MAX_KEYS + ANON_GROUPS_MAX_VALUES ||
		ARR_ELEMTYPE(arr) != TEXTOID || ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid release of a grouped differentially private aggregate")));
	InitMaterializedSRF(fcinfo, 0);
	if (rsinfo->setDesc->natts != ncols)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the release of a grouped differentially private aggregate has %d columns", ncols)));
	for (r = 0; r < ncols; r++)
		if (TupleDescAttr(rsinfo->setDesc, r)->atttypid != TEXTOID)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("the columns of the release of a grouped differentially private aggregate are text")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	if (n % ncols != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid release of a grouped differentially private aggregate")));
	for (r = 0; r < n; r += ncols)
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, elems + r, nulls + r);
	return (Datum) 0;
}

/* ---- the rewrite, on the coordinator ---- */

typedef struct AnonGroupRewrite
{
	Query	   *q;
	Index		varno;			/* the Citus table */
	List	   *keyvars;		/* the GROUP BY Vars, in order */
	List	   *aggs;			/* the distinct DP Aggrefs */
	Aggref	   *select;			/* anon._dp_partition_select(eps, delta) */
} AnonGroupRewrite;

pg_noreturn static void anon_groups_refuse(const char *detail);

static void
anon_groups_refuse(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("differential privacy roles cannot aggregate Citus tables in this grouped query"),
			 errdetail("%s", detail),
			 errhint("Group by plain columns of the table and use anon_count, anon_sum, anon_avg, anon_var or anon_stddev in one query level; or aggregate a local table.")));
}

static Oid
anon_groups_func(const char *name, int nargs, Oid *argtypes)
{
	return LookupFuncName(list_make2(makeString("anon"), makeString(pstrdup(name))),
						  nargs, argtypes, false);
}

static bool
anon_groups_is_select(Aggref *a)
{
	Oid			argtypes[2] = {FLOAT8OID, FLOAT8OID};

	return a->aggfnoid == anon_groups_func("_dp_partition_select", 2, argtypes);
}

/* collect the DP aggregates of the level (tlist, HAVING) */
static bool
anon_groups_collect(Node *node, AnonGroupRewrite *rw)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
	{
		Aggref	   *a = (Aggref *) node;
		ListCell   *lc;

		if (a->agglevelsup != 0)
			anon_groups_refuse("An aggregate of an outer level is not supported.");
		if (anon_groups_is_select(a))
			return false;
		if (a->aggfilter != NULL || a->aggorder != NIL || a->aggdistinct != NIL ||
			a->aggstar || a->aggdirectargs != NIL)
			anon_groups_refuse("DP aggregates with FILTER, ORDER BY or DISTINCT are not supported on a Citus table.");
		foreach(lc, rw->aggs)
			if (equal(lfirst(lc), a))
				return false;
		rw->aggs = lappend(rw->aggs, a);
		return false;
	}
	if (IsA(node, Query) || IsA(node, SubLink))
		anon_groups_refuse("Subqueries are not supported.");
	return expression_tree_walker(node, anon_groups_collect, (void *) rw);
}

/* the text column n (1-based) of the release, cast to type */
static Node *
anon_groups_column(int n, Oid type, int32 typmod, Oid collid)
{
	Node	   *v = (Node *) makeVar(1, n, TEXTOID, -1, DEFAULT_COLLATION_OID, 0);
	Node	   *c;

	c = coerce_to_target_type(NULL, v, TEXTOID, type, typmod,
							  COERCION_EXPLICIT, COERCE_EXPLICIT_CAST, -1);
	if (c == NULL)
		anon_groups_refuse("A group key or a result has a type that cannot be read back from text.");
	if (IsA(c, CoerceViaIO))
		((CoerceViaIO *) c)->resultcollid = collid;
	else if (exprCollation(c) != collid)
		c = (Node *) makeRelabelType((Expr *) c, type, typmod, collid, COERCE_IMPLICIT_CAST);
	return c;
}

/* the outputs: GROUP BY keys and DP aggregates read from the release */
static Node *
anon_groups_out_mutator(Node *node, AnonGroupRewrite *rw)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Aggref))
	{
		Aggref	   *a = (Aggref *) node;
		ListCell   *lc;
		int			j = 0;

		foreach(lc, rw->aggs)
		{
			if (equal(lfirst(lc), a))
				return anon_groups_column(list_length(rw->keyvars) + j + 1,
										  a->aggtype, -1, a->aggcollid);
			j++;
		}
		anon_groups_refuse("Partition selection may appear only where the guard put it.");
	}
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == 0)
	{
		Expr	   *e = anon_grouping_expr(rw->q, (Expr *) node);
		ListCell   *lc;
		int			i = 0;

		foreach(lc, rw->keyvars)
		{
			Var		   *k = (Var *) lfirst(lc);

			i++;
			if (IsA(e, Var) && ((Var *) e)->varno == k->varno &&
				((Var *) e)->varattno == k->varattno)
				return anon_groups_column(i, k->vartype, k->vartypmod, k->varcollid);
		}
		anon_groups_refuse("Outside its aggregates, the query may read only its GROUP BY columns.");
	}
	return expression_tree_mutator(node, anon_groups_out_mutator, (void *) rw);
}

static void
anon_groups_append_double(StringInfo buf, double v)
{
	appendStringInfo(buf, "%.17g", v);
}

/*
 * Rewrite a grouped query of a DP role on a Citus table (one level, after
 * the DP guard added partition selection) into the ungrouped form of the
 * header.  Returns false when the query is not of that form (the caller
 * refuses it); ERROR, with the reason, for one that is almost.
 */
bool
anon_citus_dp_group_rewrite(Query *parse)
{
	AnonGroupRewrite rw;
	ListCell   *lc;
	Index		rti = 0;
	Node	   *having = NULL;
	StringInfoData spec;
	List	   *keyexprs = NIL;
	List	   *valexprs = NIL;
	List	   *colnames = NIL;
	List	   *coltypes = NIL;
	List	   *coltypmods = NIL;
	List	   *colcolls = NIL;
	List	   *rownames = NIL;
	Query	   *inner;
	Query	   *outer;
	Aggref	   *agg;
	RowExpr    *row;
	SubLink    *sublink;
	FuncExpr   *rows;
	RangeTblFunction *rtf;
	RangeTblEntry *rte;
	RangeTblRef *rtr;
	Oid			argtypes[2] = {TEXTOID, RECORDOID};
	Oid			rowsargs[2] = {TEXTARRAYOID, INT4OID};
	int			ncols;
	int			i;

	memset(&rw, 0, sizeof(rw));
	rw.q = parse;
	if (parse->commandType != CMD_SELECT || parse->groupClause == NIL ||
		parse->groupingSets != NIL || parse->hasWindowFuncs || parse->hasTargetSRFs ||
		parse->distinctClause != NIL || parse->setOperations != NULL ||
		parse->cteList != NIL || parse->hasSubLinks || parse->rowMarks != NIL)
		return false;

	/* one relation, the Citus table */
	i = 0;
	foreach(lc, parse->rtable)
	{
		RangeTblEntry *r = lfirst_node(RangeTblEntry, lc);

		i++;
#if PG_VERSION_NUM >= 180000
		if (r->rtekind == RTE_GROUP)
			continue;
#endif
		if (r->rtekind != RTE_RELATION || rti != 0 || !anon_citus_is_table(r->relid))
			return false;
		rti = i;
	}
	if (rti == 0 || list_length(parse->jointree->fromlist) != 1 ||
		!IsA(linitial(parse->jointree->fromlist), RangeTblRef) ||
		((RangeTblRef *) linitial(parse->jointree->fromlist))->rtindex != rti)
		return false;
	rw.varno = rti;

	/* partition selection, as the guard put it: HAVING select [AND ...] */
	if (parse->havingQual != NULL && IsA(parse->havingQual, Aggref) &&
		anon_groups_is_select((Aggref *) parse->havingQual))
		rw.select = (Aggref *) parse->havingQual;
	else if (parse->havingQual != NULL && is_andclause(parse->havingQual))
	{
		BoolExpr   *and = (BoolExpr *) parse->havingQual;
		Node	   *first = linitial(and->args);

		if (IsA(first, Aggref) && anon_groups_is_select((Aggref *) first))
		{
			List	   *rest = list_copy_tail(and->args, 1);

			rw.select = (Aggref *) first;
			having = list_length(rest) == 1 ? linitial(rest) :
				(Node *) make_andclause(rest);
		}
	}
	if (rw.select == NULL)
		return false;

	/* the keys: plain columns of the table, of built-in hashable types */
	foreach(lc, parse->groupClause)
	{
		SortGroupClause *sgc = lfirst_node(SortGroupClause, lc);
		TargetEntry *tle = get_sortgroupclause_tle(sgc, parse->targetList);
		Expr	   *e = anon_grouping_expr(parse, tle->expr);

		if (!IsA(e, Var) || ((Var *) e)->varno != rti || ((Var *) e)->varlevelsup != 0 ||
			((Var *) e)->varattno <= 0)
			anon_groups_refuse("On a Citus table, GROUP BY must name plain columns of the table.");
		if (((Var *) e)->vartype >= FirstNormalObjectId)
			anon_groups_refuse("On a Citus table, GROUP BY columns must be of built-in types.");
		rw.keyvars = lappend(rw.keyvars, e);
	}
	if (list_length(rw.keyvars) > ANON_GROUPS_MAX_KEYS)
		anon_groups_refuse("Too many GROUP BY columns.");

	(void) anon_groups_collect((Node *) parse->targetList, &rw);
	(void) anon_groups_collect(having, &rw);
	if (rw.aggs == NIL || list_length(rw.aggs) > ANON_GROUPS_MAX_VALUES)
		anon_groups_refuse("The query must compute between 1 and 16 DP aggregates.");

	/* the spec */
	initStringInfo(&spec);
	{
		double		peps;
		double		pdelta;

		(void) anon_dp_aggref_spend((Aggref *) eval_const_expressions(NULL, (Node *) copyObject(rw.select)),
									&peps, &pdelta);
		appendStringInfoChar(&spec, 'P');
		anon_groups_append_double(&spec, peps);
		appendStringInfoChar(&spec, ':');
		anon_groups_append_double(&spec, pdelta);
	}
	appendStringInfoString(&spec, "|K");
	i = 0;
	foreach(lc, rw.keyvars)
	{
		Var		   *k = (Var *) lfirst(lc);

		appendStringInfo(&spec, "%s%u", i++ > 0 ? "," : "", k->vartype);
		keyexprs = lappend(keyexprs, copyObject(k));
		rownames = lappend(rownames, makeString(psprintf("k%d", i)));
		colnames = lappend(colnames, makeString(psprintf("k%d", i)));
	}
	appendStringInfoChar(&spec, '|');
	i = 0;
	foreach(lc, rw.aggs)
	{
		Aggref	   *a = (Aggref *) lfirst(lc);
		AnonDpState params;
		bool		int_result = false;
		Expr	   *value = NULL;
		char		what;

		/* the parameters as the planner will see them: folded */
		what = anon_dp_aggref_describe((Aggref *) eval_const_expressions(NULL, (Node *) copyObject(a)),
									   &params, &int_result, &value);

		if (what == 0)
			anon_groups_refuse("On a Citus table, grouped queries support anon_count, anon_sum, anon_avg, anon_var and anon_stddev (and their Google signatures).");
		appendStringInfo(&spec, "V%c%c%c%c:", what,
						 (params.flags & ANON_DP_INTEGER) ? '1' : '0',
						 int_result ? '1' : '0',
						 value == NULL ? '1' : '0');
		anon_groups_append_double(&spec, params.epsilon);
		appendStringInfoChar(&spec, ':');
		anon_groups_append_double(&spec, params.delta);
		appendStringInfoChar(&spec, ':');
		anon_groups_append_double(&spec, params.lower);
		appendStringInfoChar(&spec, ':');
		anon_groups_append_double(&spec, params.upper);
		appendStringInfoChar(&spec, '|');
		valexprs = lappend(valexprs, value != NULL ? copyObject(value) :
						   (Expr *) makeNullConst(BOOLOID, -1, InvalidOid));
		i++;
		colnames = lappend(colnames, makeString(psprintf("v%d", i)));
	}
	ncols = list_length(colnames);
	for (i = 0; i < ncols; i++)
	{
		coltypes = lappend_oid(coltypes, TEXTOID);
		coltypmods = lappend_int(coltypmods, -1);
		colcolls = lappend_oid(colcolls, DEFAULT_COLLATION_OID);
	}

	/* the inner query: one ungrouped aggregate over the table */
	/* one row per input row: the keys, then the values */
	row = makeNode(RowExpr);
	row->args = list_concat(keyexprs, valexprs);
	row->row_typeid = RECORDOID;
	row->row_format = COERCE_IMPLICIT_CAST;
	row->colnames = rownames;
	for (i = 0; i < list_length(valexprs); i++)
		row->colnames = lappend(row->colnames, makeString(psprintf("v%d", i + 1)));
	row->location = -1;

	agg = makeNode(Aggref);
	agg->aggfnoid = anon_groups_func("_dp_grouped", 2, argtypes);
	agg->aggtype = TEXTARRAYOID;
	agg->aggcollid = DEFAULT_COLLATION_OID;
	agg->inputcollid = DEFAULT_COLLATION_OID;
	agg->aggtranstype = InvalidOid;
	agg->aggargtypes = list_make2_oid(TEXTOID, RECORDOID);
	agg->args = list_make2(makeTargetEntry((Expr *) makeConst(TEXTOID, -1, DEFAULT_COLLATION_OID, -1,
															  CStringGetTextDatum(spec.data),
															  false, false), 1, NULL, false),
						   makeTargetEntry((Expr *) row, 2, NULL, false));
	agg->aggkind = AGGKIND_NORMAL;
	agg->aggsplit = AGGSPLIT_SIMPLE;
	agg->aggno = -1;
	agg->aggtransno = -1;
	agg->location = -1;

	inner = copyObject(parse);
	inner->targetList = list_make1(makeTargetEntry((Expr *) agg, 1,
												   pstrdup("anon_dp_groups"), false));
	inner->groupClause = NIL;
	inner->havingQual = NULL;
	inner->sortClause = NIL;
	inner->limitCount = NULL;
	inner->limitOffset = NULL;
	inner->hasAggs = true;
	inner->canSetTag = true;
#if PG_VERSION_NUM >= 180000
	inner->hasGroupRTE = false;
	inner->rtable = list_truncate(inner->rtable, rti);
#endif

	/* the outer query: the rows of the release */
	sublink = makeNode(SubLink);
	sublink->subLinkType = EXPR_SUBLINK;
	sublink->subLinkId = 0;
	sublink->testexpr = NULL;
	sublink->operName = NIL;
	sublink->subselect = (Node *) inner;
	sublink->location = -1;
	rows = makeFuncExpr(anon_groups_func("_dp_grouped_rows", 2, rowsargs), RECORDOID,
						list_make2(sublink,
								   makeConst(INT4OID, -1, InvalidOid, sizeof(int32),
											 Int32GetDatum(ncols), false, true)),
						InvalidOid, DEFAULT_COLLATION_OID, COERCE_EXPLICIT_CALL);
	rows->funcretset = true;
	rtf = makeNode(RangeTblFunction);
	rtf->funcexpr = (Node *) rows;
	rtf->funccolcount = ncols;
	rtf->funccolnames = colnames;
	rtf->funccoltypes = coltypes;
	rtf->funccoltypmods = coltypmods;
	rtf->funccolcollations = colcolls;
	rte = makeNode(RangeTblEntry);
	rte->rtekind = RTE_FUNCTION;
	rte->functions = list_make1(rtf);
	rte->alias = makeAlias("anon_dp_groups", NIL);
	rte->eref = makeAlias("anon_dp_groups", copyObject(colnames));
	rte->inFromCl = true;
	rtr = makeNode(RangeTblRef);
	rtr->rtindex = 1;

	outer = makeNode(Query);
	outer->commandType = CMD_SELECT;
	outer->querySource = parse->querySource;
	outer->queryId = parse->queryId;
	outer->canSetTag = parse->canSetTag;
	outer->rtable = list_make1(rte);
	outer->jointree = makeFromExpr(list_make1(rtr),
								   anon_groups_out_mutator(having, &rw));
	outer->targetList = (List *) anon_groups_out_mutator((Node *) parse->targetList, &rw);
	outer->sortClause = parse->sortClause;
	outer->limitCount = parse->limitCount;
	outer->limitOffset = parse->limitOffset;
	outer->limitOption = parse->limitOption;
	outer->hasSubLinks = true;
	outer->stmt_location = parse->stmt_location;
	outer->stmt_len = parse->stmt_len;
	*parse = *outer;
	return true;
}

/* ---- partial states computed natively on a worker ---- */

/*
 * Citus computes the partial state of a custom aggregate on a worker with
 * worker_partial_agg(aggregate, ROW(arguments)), which forms and deforms
 * that row and looks the aggregate and its transition function up in the
 * catalogs for every input row: several times the cost of the transition
 * itself.  On a worker, the planner hook replaces it, for anon's DP
 * aggregates, with the aggregate's partial twin (sqlsrc/69_citus.sql): the
 * same transition function on the same arguments, called by the executor
 * directly, and a final function that returns what worker_partial_agg
 * returns, the state's text form (sealed for a DP role).  Twins are not DP
 * aggregates (they release nothing: anon_dp_aggregate_layout), so the
 * worker neither charges nor finalizes; the DP guard checked the query in
 * its worker_partial_agg form before.
 */
Datum
anon_citus_dp_partial_state_final(PG_FUNCTION_ARGS)
{
	(void) anon_groups_agg_context(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return DirectFunctionCall1(anon_dp_state_out, PG_GETARG_DATUM(0));
}

Datum
anon_citus_dp_partial_groups_final(PG_FUNCTION_ARGS)
{
	(void) anon_groups_agg_context(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return DirectFunctionCall1(anon_citus_dp_groups_out, PG_GETARG_DATUM(0));
}

/* the partial twin of a DP aggregate call, or InvalidOid */
static Oid
anon_partial_twin(Aggref *inner)
{
	AnonDpLayout layout = anon_dp_aggregate_layout(inner->aggfnoid);
	int			n = list_length(inner->aggargtypes);
	Oid			t[5];
	const char *name;
	int			i;

	if (n < 1 || n > 5 || n != list_length(inner->args) ||
		inner->aggorder != NIL || inner->aggdistinct != NIL ||
		inner->aggfilter != NULL || inner->aggdirectargs != NIL)
		return InvalidOid;
	for (i = 0; i < n; i++)
		t[i] = list_nth_oid(inner->aggargtypes, i);
	switch (layout)
	{
		case ANON_DP_COUNT_STAR:
			if (n != 1 || t[0] != FLOAT8OID)
				return InvalidOid;
			name = "_dp_partial_count_star";
			break;
		case ANON_DP_COUNT:
			for (i = 1; i < n; i++)
				if (t[i] != FLOAT8OID)
					return InvalidOid;
			if (n > 3)
				return InvalidOid;
			t[0] = ANYELEMENTOID;
			name = "_dp_partial_count";
			break;
		case ANON_DP_VALUE:
			if ((n != 4 && n != 5) || t[1] != FLOAT8OID || t[2] != t[0] || t[3] != t[0] ||
				(n == 5 && t[4] != FLOAT8OID))
				return InvalidOid;
			t[0] = t[2] = t[3] = ANYELEMENTOID;
			name = "_dp_partial_value";
			break;
		case ANON_DP_BOUNDED:
			if ((n != 3 && n != 4) || t[1] != t[0] || t[2] != t[0] ||
				(n == 4 && t[3] != FLOAT8OID))
				return InvalidOid;
			t[0] = t[1] = t[2] = ANYELEMENTOID;
			name = "_dp_partial_bounded";
			break;
		case ANON_DP_GROUPED:
			if (n != 2 || t[0] != TEXTOID || t[1] != RECORDOID)
				return InvalidOid;
			name = "_dp_partial_grouped";
			break;
		default:
			return InvalidOid;
	}
	return LookupFuncName(list_make2(makeString("anon"), makeString(pstrdup(name))),
						  n, t, true);
}

static Node *
anon_partial_mutator(Node *node, void *context)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Aggref))
	{
		Aggref	   *a = (Aggref *) node;
		Aggref	   *inner;
		Oid			twin;

		if (a->agglevelsup != 0 || !anon_citus_partial_dp(a))
			return node;
		inner = anon_citus_inner_aggref(a);
		if (inner == NULL || inner == a)
			return node;
		twin = anon_partial_twin(inner);
		if (!OidIsValid(twin))
			return node;
		inner = copyObject(inner);
		inner->aggfnoid = twin;
		inner->aggtype = CSTRINGOID;
		inner->aggcollid = InvalidOid;
		inner->aggtranstype = InvalidOid;
		inner->aggkind = AGGKIND_NORMAL;
		inner->aggsplit = AGGSPLIT_SIMPLE;
		inner->aggno = -1;
		inner->aggtransno = -1;
		return (Node *) inner;
	}
	if (IsA(node, Query) || IsA(node, SubLink))
		return node;
	return expression_tree_mutator(node, anon_partial_mutator, context);
}

void
anon_citus_partial_native(Query *parse)
{
	parse->targetList = (List *) anon_partial_mutator((Node *) parse->targetList, NULL);
	parse->havingQual = anon_partial_mutator(parse->havingQual, NULL);
}
