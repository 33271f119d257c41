/*-------------------------------------------------------------------------
 *
 * kanon_search.c
 *		Automatic generalization: anon.generalize_to_k finds the least
 *		generalized levels of the quasi-identifiers that make a relation
 *		k-anonymous (and optionally distinct l-diverse), with an optional
 *		suppression limit, and returns the masking rules that would apply
 *		them.
 *
 * Hierarchies.  Each quasi-identifier i has levels 0..h_i: level 0 is the
 * value itself, level h_i is NULL (the value suppressed), and the levels in
 * between come from its hierarchy: bucket widths for numbers
 * (anon.generalize_int4range and friends, default 1, 5, 10, 50, 100 ...
 * times a power of ten fitted to the column's range), calendar steps for
 * dates and times (default month, year, decade for dates; day, month, year,
 * decade for timestamps), prefixes for
 * text (the last characters masked, anon.generalize_prefix), or a
 * user-defined hierarchy of anon.hierarchy (anon.generalize).  Every level
 * is a SQL expression over the column, of the column's type, which is also
 * the masking rule returned to the DBA.  The defaults are nested (each
 * level a coarsening of the one below), as the search requires for its
 * optimality; a user's hierarchy should be too.  With one that is not, the
 * result is still checked (k-anonymous), only perhaps not the best.
 *
 * Search.  A node of the generalization lattice is a vector of levels
 * (l_1..l_n); its successors raise one level by one.  The number of
 * records in classes smaller than k, or with fewer than l distinct
 * sensitive values, can only fall when a node is generalized (classes only
 * merge, and a merged class is at least as large and as diverse as each of
 * its parts), so whether a node is anonymous within the suppression limit
 * is monotone: every generalization of an
 * anonymous node is anonymous, and no specialization of a node that is not
 * is.  The search follows Flash (Kohlmayer, Prasser, Eckert, Kemper &
 * Kuhn, "Flash: efficient, stable and optimal k-anonymity", PASSAT 2012),
 * itself a refinement of Incognito's bottom-up walk with predictive tagging
 * (LeFevre, DeWitt & Ramakrishnan, SIGMOD 2005): nodes are taken by height
 * (sum of levels); from the lowest node whose status is still unknown, a
 * path goes up through unknown nodes, each step raising the column that is
 * least generalized relative to its height; the path is bisected, since
 * anonymity is monotone along it; every check tags at once all the node's
 * generalizations (anonymous) or all its specializations (not anonymous).
 * When every node is known, the minimal anonymous nodes (no anonymous
 * direct predecessor) have all been checked (a tagged node lies above a
 * checked one), and the one losing least information wins (ties: smaller
 * discernibility, then the lowest node number).
 *
 * Checks do not read the table again.  One GROUP BY over the raw
 * quasi-identifiers (through an SPI cursor, as the caller) gives the
 * frequency set; each value is interned to an integer per column, exactly
 * (64-bit hash, then byte comparison); then one statement per column
 * computes every level of its distinct values only, interned the same way.
 * A check counts the classes of the frequency set under the node's levels:
 * a class is one integer (mixed radix over the columns' ids) in an
 * open-addressing table, O(rows of the frequency set), all in memory.
 *
 * Utility.  Loss is Sweeney's precision metric (Prec) extended to
 * suppression as in ARX's "generalization intensity": each released record
 * loses l_i/h_i on column i, a suppressed record loses 1 on every column;
 * loss = sum / (records * columns) (0: nothing lost, 1: everything;
 * Sweeney's precision is 1 - loss).  Discernibility
 * (Bayardo & Agrawal 2005) is sum |E|^2 over released classes plus
 * records * suppressed.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/transam.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/acl.h"
#include "utils/rls.h"

#include "compat.h"
#include "anon.h"
#include "dp_guard.h"
#include "kanon.h"
#include "owner_guard.h"
#include "rules.h"
#include "static.h"

PG_FUNCTION_INFO_V1(anon_generalize_to_k);

/* a lattice larger than this is refused */
#define ANON_SEARCH_MAX_NODES 200000

/* One quasi-identifier and its hierarchy */
typedef struct AnonSearchColumn
{
	char	   *name;
	Oid			typid;
	char	   *typname;		/* for the casts of the expressions */
	int			height;			/* h: levels are 0..height, height is NULL */
	char	  **expr;			/* [0..height] SQL over the column */
	int32	  **ids;			/* [0..height-1][row]: interned texts */
	HTAB	  **intern;			/* [0..height-1] */
	int32	   *nids;			/* [0..height-1] ids given */
} AnonSearchColumn;

/* an interned text: texts with the same 64-bit hash share an entry */
typedef struct AnonInternEntry
{
	uint64		hash;			/* key */
	List	   *texts;			/* text * */
	List	   *ids;			/* int */
} AnonInternEntry;

typedef struct AnonSearch
{
	int			ncols;
	AnonSearchColumn *cols;
	int64		nrows;			/* rows of the frequency set */
	int64		allocated;
	int64	   *counts;			/* records per row */
	double		records;
	int64		k;
	int64		l;				/* distinct l-diversity, 1: not asked */
	int32	   *sensitive;		/* [row]: id of the sensitive value */
	HTAB	   *sensitive_intern;
	int32		nsensitive;
	char	   *sensname;		/* sensitive column, or NULL */
	double		max_suppressed; /* records */
} AnonSearch;

/* what a check found at one node */
typedef struct AnonNodeResult
{
	bool		anonymous;
	int64		min_class;		/* smallest released class, 0 if none */
	int64		min_distinct;	/* fewest sensitive values in one */
	double		suppressed;
	double		loss;
	double		discernibility;
} AnonNodeResult;

/* ---- hierarchies ---- */

/* split "a,b,c" into trimmed, non-empty items */
static List *
anon_search_split(const char *spec, const char *colname)
{
	List	   *items = NIL;
	char	   *copy = pstrdup(spec);
	char	   *tok;
	char	   *save;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
	{
		while (*tok == ' ')
			tok++;
		while (*tok && tok[strlen(tok) - 1] == ' ')
			tok[strlen(tok) - 1] = '\0';
		if (*tok)
			items = lappend(items, tok);
	}
	if (items == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hierarchy of column \"%s\" has no level", colname)));
	return items;
}

/* one SQL query returning one value, run as the caller */
static void anon_search_check_column(Oid relid, const char *name);
static void anon_search_check_view_type(Oid relid, const char *name);

/*
 * The caller may read the columns searched (the statements run as the
 * table's owner, whose rights would otherwise be checked), and no
 * row-level security applies to it (the owner would read every row).
 */
static void
anon_search_check_select(Oid relid, List *columns, const char *sensname)
{
	ListCell   *lc;

	if (check_enable_rls(relid, InvalidOid, false) == RLS_ENABLED)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot generalize \"%s\": row-level security applies to it",
						get_rel_name(relid))));
	if (pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) == ACLCHECK_OK)
		return;
	foreach(lc, columns)
		anon_search_check_column(relid, (const char *) lfirst(lc));
	if (sensname != NULL)
		anon_search_check_column(relid, sensname);
}

static void
anon_search_check_column(Oid relid, const char *name)
{
	if (pg_attribute_aclcheck(relid, get_attnum(relid, name), GetUserId(),
							  ACL_SELECT) != ACLCHECK_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied for table %s", get_rel_name(relid))));
}

/*
 * A view is read as the caller (see anon_generalize_to_k), so the casts
 * and domain checks that the conversion to text and back runs would run
 * with the caller's rights: refuse a column of a type that is not built in
 * (an enum's input runs no code of its owner), which can carry them.
 */
static void
anon_search_check_view_type(Oid relid, const char *name)
{
	Oid			typid = get_atttype(relid, get_attnum(relid, name));

	if (typid >= FirstNormalObjectId && get_typtype(typid) != TYPTYPE_ENUM)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot generalize column \"%s\" of view \"%s\": its type %s is not built in",
						name, get_rel_name(relid), format_type_be(typid)),
				 errdetail("Generalization converts values to text and back, which runs the type's casts and domain checks; a table is read as its owner, a view as the caller."),
				 errhint("Run anon.generalize_to_k on the table the view reads.")));
}

static Datum
anon_search_scalar(const char *sql, bool *isnull)
{
	Datum		d;
	MemoryContext cxt = CurrentMemoryContext;

	if (SPI_execute(sql, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not run \"%s\"", sql);
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, isnull);
	/* SPI_execute returns in SPI's procedure context: go back (by-value d) */
	MemoryContextSwitchTo(cxt);
	return d;
}

/*
 * Default bucket widths of a numeric column: the nested sequence 1, 5, 10,
 * 50, 100 ... (each width divides the next, so each level coarsens the
 * one below, which the search's tagging relies on), from the first width
 * giving at most about 50 buckets over the column's range to the first
 * covering it; integers never get a width below 1.
 */
static char *
anon_search_default_steps(AnonSearchColumn *c, const char *from)
{
	const char *col = quote_identifier(c->name);
	bool		isnull;
	double		range;
	double		width;
	StringInfoData buf;
	int			n = 0;
	bool		integral;

	range = DatumGetFloat8(anon_search_scalar(psprintf("SELECT (max(%s) - min(%s))::float8 FROM %s",
													   col, col, from), &isnull));
	if (isnull || !(range > 0) || isinf(range))
		return "suppress";
	integral = getBaseType(c->typid) == INT2OID || getBaseType(c->typid) == INT4OID ||
		getBaseType(c->typid) == INT8OID;

	/* the largest 1 or 5 times a power of ten not above range / 50 */
	width = pow(10.0, floor(log10(range / 50)));
	if (width * 5 <= range / 50)
		width *= 5;
	if (integral && width < 1)
		width = 1;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "steps:");
	for (;;)
	{
		/* skip a width of 1 for integers: it changes nothing */
		if (!(integral && width == 1))
			appendStringInfo(&buf, "%s%.15g", n++ > 0 ? "," : "", width);
		if (width >= range || n >= 8)
			break;
		/* 1 -> 5 -> 10 -> 50 ...: compare the mantissa, rounding-proof */
		if (width / pow(10.0, floor(log10(width) + 1e-9)) < 2)
			width *= 5;
		else
			width *= 2;
	}
	if (n == 0)
		return "suppress";
	return buf.data;
}

/*
 * The levels 1..height-1 of column c from its spec (NULL: the default of
 * its type).  Specs: "steps:a,b,..." (buckets or calendar steps),
 * "prefix" or "prefix:keep,keep,...", "hierarchy:name", "suppress".
 */
static void
anon_search_levels(AnonSearchColumn *c, const char *spec, const char *from)
{
	const char *col = quote_identifier(c->name);
	List	   *levels = NIL;
	ListCell   *lc;
	char		category;
	bool		preferred;
	int			i;

	get_type_category_preferred(getBaseType(c->typid), &category, &preferred);

	if (spec == NULL)
	{
		if (category == TYPCATEGORY_NUMERIC)
			spec = anon_search_default_steps(c, from);
		else if (c->typid == DATEOID)
			spec = "steps:month,year,decade";
		else if (category == TYPCATEGORY_DATETIME)
			spec = "steps:day,month,year,decade";
		else if (category == TYPCATEGORY_STRING)
			spec = "prefix";
		else
			spec = "suppress";
	}

	if (strncmp(spec, "steps:", 6) == 0)
	{
		const char *fn;
		const char *argcast = "";

		switch (getBaseType(c->typid))
		{
			case INT2OID:
			case INT4OID:
				fn = "anon.generalize_int4range";
				break;
			case INT8OID:
				fn = "anon.generalize_int8range";
				break;
			case NUMERICOID:
			case FLOAT4OID:
			case FLOAT8OID:
				fn = "anon.generalize_numrange";
				argcast = "::numeric";
				break;
			case DATEOID:
				fn = "anon.generalize_daterange";
				break;
			case TIMESTAMPOID:
				fn = "anon.generalize_tsrange";
				break;
			case TIMESTAMPTZOID:
				fn = "anon.generalize_tstzrange";
				break;
			default:
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("column \"%s\" of type %s cannot be generalized by steps",
								c->name, c->typname),
						 errhint("Steps apply to numbers, dates and timestamps; use \"prefix\", \"hierarchy:name\" or \"suppress\".")));
				fn = NULL;		/* keep compiler quiet */
		}
		foreach(lc, anon_search_split(spec + 6, c->name))
			levels = lappend(levels,
							 psprintf("lower(%s(%s%s, %s))::%s", fn, col, argcast,
									  quote_literal_cstr((char *) lfirst(lc)),
									  c->typname));
	}
	else if (strcmp(spec, "prefix") == 0 || strncmp(spec, "prefix:", 7) == 0)
	{
		if (category != TYPCATEGORY_STRING)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("column \"%s\" of type %s cannot be generalized by prefix",
							c->name, c->typname)));
		if (spec[6] == ':')
		{
			foreach(lc, anon_search_split(spec + 7, c->name))
			{
				int32		keep = pg_strtoint32((char *) lfirst(lc));

				levels = lappend(levels,
								 psprintf("anon.generalize_prefix(%s, %d)::%s",
										  col, keep, c->typname));
			}
		}
		else
		{
			/* mask from the right, at most 8 levels */
			bool		isnull;
			int32		len;
			int32		step;
			int32		keep;

			len = DatumGetInt32(anon_search_scalar(psprintf("SELECT max(char_length(%s)) FROM %s",
															col, from), &isnull));
			if (isnull)
				len = 0;
			step = Max(1, (len + 7) / 8);
			for (keep = len - step; keep > 0; keep -= step)
				levels = lappend(levels,
								 psprintf("anon.generalize_prefix(%s, %d)::%s",
										  col, keep, c->typname));
		}
	}
	else if (strncmp(spec, "hierarchy:", 10) == 0)
	{
		const char *name = spec + 10;
		bool		isnull;
		int32		top;
		int32		l;

		top = DatumGetInt32(anon_search_scalar(psprintf("SELECT max(level) FROM anon.hierarchy WHERE name = %s",
														quote_literal_cstr(name)),
											   &isnull));
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("generalization hierarchy \"%s\" does not exist", name),
					 errhint("Insert its levels into anon.hierarchy.")));
		for (l = 1; l <= top; l++)
			levels = lappend(levels,
							 psprintf("anon.generalize(%s::text, %s, %d)::%s",
									  col, quote_literal_cstr(name), l, c->typname));
	}
	else if (strcmp(spec, "suppress") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unrecognized hierarchy for column \"%s\"", c->name),
				 errhint("A hierarchy is an array of steps, \"prefix\", \"prefix:keep,...\", \"hierarchy:name\" or \"suppress\".")));

	c->height = list_length(levels) + 1;
	c->expr = palloc(sizeof(char *) * (c->height + 1));
	c->expr[0] = pstrdup(col);
	i = 1;
	foreach(lc, levels)
		c->expr[i++] = (char *) lfirst(lc);
	c->expr[c->height] = psprintf("NULL::%s", c->typname);
}

/* ---- the frequency set ---- */

static int32
anon_search_intern(HTAB *htab, int32 *nids, text *t)
{
	const char *p = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	uint64		h = hash_bytes_extended((const unsigned char *) p, len, 0);
	AnonInternEntry *e;
	bool		found;
	ListCell   *lt;
	ListCell   *li;

	e = (AnonInternEntry *) hash_search(htab, &h, HASH_ENTER, &found);
	if (!found)
	{
		e->texts = NIL;
		e->ids = NIL;
	}
	forboth(lt, e->texts, li, e->ids)
	{
		text	   *o = (text *) lfirst(lt);

		if (VARSIZE_ANY_EXHDR(o) == len && memcmp(VARDATA_ANY(o), p, len) == 0)
			return lfirst_int(li);
	}
	e->texts = lappend(e->texts, cstring_to_text_with_len(p, len));
	e->ids = lappend_int(e->ids, ++(*nids));
	return *nids;
}

/*
 * The levels of column c for its distinct raw values: one statement over
 * the values (as text, cast back to the column's type), each level's text
 * interned; ids[l][row] then follows from the row's raw id.
 */
static void
anon_search_load_levels(AnonSearch *s, AnonSearchColumn *c, MemoryContext cxt)
{
	int32		nraw = c->nids[0];
	Datum	   *raw = palloc(sizeof(Datum) * Max(1, nraw));
	int32	  **map;
	HASH_SEQ_STATUS seq;
	AnonInternEntry *e;
	StringInfoData sql;
	Oid			argtype = TEXTARRAYOID;
	Datum		arg;
	int			l;
	int64		r;
	uint64		v;

	if (c->height <= 1)
		return;

	/* the distinct raw values, by id */
	hash_seq_init(&seq, c->intern[0]);
	while ((e = (AnonInternEntry *) hash_seq_search(&seq)) != NULL)
	{
		ListCell   *lt;
		ListCell   *li;

		forboth(lt, e->texts, li, e->ids)
			raw[lfirst_int(li) - 1] = PointerGetDatum(lfirst(lt));
	}
	arg = PointerGetDatum(construct_array(raw, nraw, TEXTOID, -1, false,
										  TYPALIGN_INT));

	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT ");
	for (l = 1; l < c->height; l++)
		appendStringInfo(&sql, "%s(%s)::text", l > 1 ? ", " : "", c->expr[l]);
	appendStringInfo(&sql,
					 " FROM (SELECT anon_v::%s AS %s, anon_o FROM pg_catalog.unnest($1) "
					 "WITH ORDINALITY AS anon_u(anon_v, anon_o)) AS anon_values "
					 "ORDER BY anon_o",
					 c->typname, quote_identifier(c->name));
	if (SPI_execute_with_args(sql.data, 1, &argtype, &arg, NULL, true, 0) != SPI_OK_SELECT ||
		SPI_processed != (uint64) nraw)
		elog(ERROR, "could not generalize the values of column \"%s\"", c->name);
	MemoryContextSwitchTo(cxt);

	/* map[l][raw id]: 0 (NULL) stays NULL, strict or not */
	map = palloc(sizeof(int32 *) * c->height);
	for (l = 1; l < c->height; l++)
	{
		map[l] = palloc(sizeof(int32) * (nraw + 1));
		map[l][0] = 0;
	}
	for (v = 0; v < SPI_processed; v++)
	{
		for (l = 1; l < c->height; l++)
		{
			bool		isnull;
			Datum		d = SPI_getbinval(SPI_tuptable->vals[v], SPI_tuptable->tupdesc,
										  l, &isnull);

			map[l][v + 1] = isnull ? 0 :
				anon_search_intern(c->intern[l], &c->nids[l], DatumGetTextPP(d));
		}
	}
	SPI_freetuptable(SPI_tuptable);

	for (l = 1; l < c->height; l++)
	{
		c->ids[l] = palloc_extended(sizeof(int32) * Max(1, s->nrows), MCXT_ALLOC_HUGE);
		for (r = 0; r < s->nrows; r++)
			c->ids[l][r] = map[l][c->ids[0][r]];
	}
}

/*
 * The frequency set: one GROUP BY over the raw quasi-identifiers, read in
 * batches through a cursor, each value interned; then the levels of each
 * column's distinct values.
 */
static void
anon_search_load(AnonSearch *s, const char *from, MemoryContext cxt)
{
	StringInfoData sql;
	StringInfoData groupby;
	Portal		portal;
	SPIPlanPtr	plan;
	int			i;

	initStringInfo(&sql);
	initStringInfo(&groupby);
	appendStringInfoString(&sql, "SELECT count(*)");
	for (i = 0; i < s->ncols; i++)
	{
		AnonSearchColumn *c = &s->cols[i];

		appendStringInfo(&sql, ", (%s)::text", c->expr[0]);
		appendStringInfo(&groupby, "%s%s", i > 0 ? ", " : "", c->expr[0]);
	}
	if (s->sensname != NULL)
	{
		const char *q = quote_identifier(s->sensname);

		appendStringInfo(&sql, ", (%s)::text", q);
		appendStringInfo(&groupby, ", %s", q);
	}
	appendStringInfo(&sql, " FROM %s GROUP BY %s", from, groupby.data);

	plan = SPI_prepare(sql.data, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	for (;;)
	{
		uint64		r;
		MemoryContext old;

		SPI_cursor_fetch(portal, true, 10000);
		if (SPI_processed == 0)
			break;
		old = MemoryContextSwitchTo(cxt);
		if (s->nrows + (int64) SPI_processed > s->allocated)
		{
			int64		want = Max(s->allocated * 2, s->nrows + (int64) SPI_processed);

			s->counts = repalloc_huge(s->counts, sizeof(int64) * want);
			s->sensitive = repalloc_huge(s->sensitive, sizeof(int32) * want);
			for (i = 0; i < s->ncols; i++)
				s->cols[i].ids[0] = repalloc_huge(s->cols[i].ids[0],
												  sizeof(int32) * want);
			s->allocated = want;
		}
		for (r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull;

			s->counts[s->nrows] = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
			s->records += s->counts[s->nrows];
			for (i = 0; i < s->ncols; i++)
			{
				AnonSearchColumn *c = &s->cols[i];
				Datum		d = SPI_getbinval(tup, desc, i + 2, &isnull);

				/* id 0 is NULL */
				c->ids[0][s->nrows] = isnull ? 0 :
					anon_search_intern(c->intern[0], &c->nids[0], DatumGetTextPP(d));
			}
			if (s->sensname != NULL)
			{
				Datum		d = SPI_getbinval(tup, desc, s->ncols + 2, &isnull);

				s->sensitive[s->nrows] = isnull ? 0 :
					anon_search_intern(s->sensitive_intern, &s->nsensitive,
									   DatumGetTextPP(d));
			}
			s->nrows++;
		}
		MemoryContextSwitchTo(old);
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);

	for (i = 0; i < s->ncols; i++)
		anon_search_load_levels(s, &s->cols[i], cxt);
	MemoryContextSwitchTo(cxt);
}

/* ---- checks ---- */

/* one class of the open-addressing table: key and counts side by side */
typedef struct AnonClassSlot
{
	uint64		key;			/* 0: empty */
	int64		count;			/* records */
	int64		distinct;		/* sensitive values (l-diversity only) */
} AnonClassSlot;

/* one (class, sensitive value) pair, for distinct l-diversity */
typedef struct AnonPairSlot
{
	uint64		key;			/* class key; 0: empty */
	uint64		value;			/* sensitive id + 1 */
} AnonPairSlot;

/* sort out one class into res (shared by both counting methods) */
static void
anon_search_class(AnonSearch *s, int64 c, int64 distinct, AnonNodeResult *res)
{
	if (c < s->k || (s->l > 1 && distinct < s->l))
		res->suppressed += c;
	else
	{
		if (res->min_class == 0 || c < res->min_class)
			res->min_class = c;
		if (res->min_distinct == 0 || distinct < res->min_distinct)
			res->min_distinct = distinct;
		res->discernibility += (double) c * (double) c;
	}
}

/* a table of 2^bits slots: the smallest with at least twice n */
static int
anon_search_table_bits(uint64 n)
{
	int			bits = 4;

	while (((uint64) 1 << bits) < n * 2)
		bits++;
	return bits;
}

#define ANON_FIB_HASH(x, bits) \
	(((x) * UINT64CONST(0x9E3779B97F4A7C15)) >> (64 - (bits)))

/*
 * Count the classes of the frequency set under levels; fill res.
 *
 * When the product of the columns' numbers of distinct values fits in 63
 * bits, a class is one integer (mixed radix) counted in an open-addressing
 * table; otherwise the vector of ids is the key of a dynahash table.  For
 * l-diversity, a second table holds the (class, sensitive value) pairs
 * seen: a new pair adds one distinct value to its class.
 */
static void
anon_search_check(AnonSearch *s, const int *levels, AnonNodeResult *res)
{
	uint64	   *mult = palloc(sizeof(uint64) * s->ncols);
	bool		fits = true;
	uint64		space = 1;
	double		genloss = 0;
	bool		diversity = s->l > 1;
	int64		r;
	int			i;

	res->min_class = 0;
	res->min_distinct = 0;
	res->suppressed = 0;
	res->discernibility = 0;

	for (i = 0; i < s->ncols; i++)
	{
		/* ids 0..nids; the top level is one value */
		uint64		card = levels[i] == s->cols[i].height ? 1 :
			(uint64) s->cols[i].nids[levels[i]] + 1;

		mult[i] = space;
		if (space > PG_INT64_MAX / card)
			fits = false;
		else
			space *= card;
	}

	if (fits)
	{
		/* no more slots than classes can exist */
		int			bits = anon_search_table_bits(Min((uint64) s->nrows, space));
		uint64		mask = ((uint64) 1 << bits) - 1;
		int			pbits = anon_search_table_bits(s->nrows);
		uint64		pmask = ((uint64) 1 << pbits) - 1;
		AnonClassSlot *slots;
		AnonPairSlot *pairs = NULL;

		slots = palloc_extended(sizeof(AnonClassSlot) * (mask + 1),
								MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		if (diversity)
			pairs = palloc_extended(sizeof(AnonPairSlot) * (pmask + 1),
									MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		for (r = 0; r < s->nrows; r++)
		{
			uint64		key = 1;	/* 0 marks an empty slot */
			uint64		slot;

			for (i = 0; i < s->ncols; i++)
				if (levels[i] < s->cols[i].height)
					key += mult[i] * (uint64) s->cols[i].ids[levels[i]][r];
			/* Fibonacci hashing, linear probing */
			slot = ANON_FIB_HASH(key, bits);
			while (slots[slot].key != 0 && slots[slot].key != key)
				slot = (slot + 1) & mask;
			slots[slot].key = key;
			slots[slot].count += s->counts[r];
			if (diversity)
			{
				uint64		value = (uint64) s->sensitive[r] + 1;
				uint64		p = ANON_FIB_HASH(key ^ (value * UINT64CONST(0xC2B2AE3D27D4EB4F)),
											  pbits);

				while (pairs[p].key != 0 &&
					   (pairs[p].key != key || pairs[p].value != value))
					p = (p + 1) & pmask;
				if (pairs[p].key == 0)
				{
					pairs[p].key = key;
					pairs[p].value = value;
					slots[slot].distinct++;
				}
			}
		}
		for (r = 0; r <= (int64) mask; r++)
			if (slots[r].key != 0)
				anon_search_class(s, slots[r].count, slots[r].distinct, res);
	}
	else
	{
		HASHCTL		ctl;
		HTAB	   *classes;
		HTAB	   *pairs = NULL;
		Size		keysize = sizeof(int32) * s->ncols;
		Size		countoff = MAXALIGN(keysize);
		int32	   *key = palloc(keysize + sizeof(int32));
		HASH_SEQ_STATUS seq;
		char	   *entry;

		ctl.keysize = keysize;
		ctl.entrysize = countoff + 2 * sizeof(int64);
		ctl.hcxt = CurrentMemoryContext;
		classes = hash_create("anon generalize_to_k classes",
							  Min(s->nrows, 1 << 20), &ctl,
							  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		if (diversity)
		{
			ctl.keysize = keysize + sizeof(int32);
			ctl.entrysize = ctl.keysize;
			pairs = hash_create("anon generalize_to_k pairs",
								Min(s->nrows, 1 << 20), &ctl,
								HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		}
		for (r = 0; r < s->nrows; r++)
		{
			bool		found;
			int64	   *counts;

			for (i = 0; i < s->ncols; i++)
				key[i] = levels[i] == s->cols[i].height ? -1 :
					s->cols[i].ids[levels[i]][r];
			entry = hash_search(classes, key, HASH_ENTER, &found);
			counts = (int64 *) (entry + countoff);
			if (!found)
				counts[0] = counts[1] = 0;
			counts[0] += s->counts[r];
			if (diversity)
			{
				key[s->ncols] = s->sensitive[r];
				(void) hash_search(pairs, key, HASH_ENTER, &found);
				if (!found)
					counts[1]++;
			}
		}
		hash_seq_init(&seq, classes);
		while ((entry = hash_seq_search(&seq)) != NULL)
		{
			int64	   *counts = (int64 *) (entry + countoff);

			anon_search_class(s, counts[0], counts[1], res);
		}
		hash_destroy(classes);
		if (pairs)
			hash_destroy(pairs);
	}

	res->anonymous = res->min_class > 0 && res->suppressed <= s->max_suppressed;
	for (i = 0; i < s->ncols; i++)
		genloss += (double) levels[i] / s->cols[i].height;
	res->loss = ((s->records - res->suppressed) * genloss +
				 res->suppressed * s->ncols) / (s->records * s->ncols);
	res->discernibility += res->suppressed * s->records;
}

/* ---- the lattice ---- */

/*
 * Nodes are numbered in mixed radix, column 0 the most significant digit;
 * raising column i by one level adds weight[i].
 */
typedef struct AnonLattice
{
	int			ncols;
	int64		nnodes;
	int		   *radix;			/* height + 1 per column */
	int64	   *weight;
	char	   *state;			/* 0 unknown, 1 anonymous, 2 not anonymous */
	int64	   *stack;			/* nnodes entries, for the tagging walks */
} AnonLattice;

static void
anon_lattice_levels(AnonLattice *lat, int64 node, int *levels)
{
	int			i;

	for (i = lat->ncols - 1; i >= 0; i--)
	{
		levels[i] = node % lat->radix[i];
		node /= lat->radix[i];
	}
}

/*
 * Predictive tagging: node is anonymous, so is every generalization of it;
 * node is not, so is no specialization of it.  Each node is pushed at most
 * once per state it gets, so a walk is O(nodes * columns).
 */
static void
anon_lattice_tag(AnonLattice *lat, int64 node, bool anonymous)
{
	char		mark = anonymous ? 1 : 2;
	int64		top = 0;
	int		   *levels = palloc(sizeof(int) * lat->ncols);

	lat->state[node] = mark;
	lat->stack[top++] = node;
	while (top > 0)
	{
		int64		n = lat->stack[--top];
		int			i;

		anon_lattice_levels(lat, n, levels);
		for (i = 0; i < lat->ncols; i++)
		{
			int64		next;

			if (anonymous && levels[i] < lat->radix[i] - 1)
				next = n + lat->weight[i];
			else if (!anonymous && levels[i] > 0)
				next = n - lat->weight[i];
			else
				continue;
			/*
			 * A known node stops the walk: with nested hierarchies it cannot
			 * disagree, and with others a checked node keeps its own result.
			 */
			if (lat->state[next] == 0)
			{
				lat->state[next] = mark;
				lat->stack[top++] = next;
			}
		}
	}
	pfree(levels);
}

/* ---- the SQL function ---- */

/* the spec of column name among keys/specs, or NULL */
static char *
anon_search_spec(ArrayType *keys, ArrayType *specs, const char *name)
{
	Datum	   *k;
	Datum	   *v;
	bool	   *kn;
	bool	   *vn;
	int			nk;
	int			nv;
	int			i;

	if (keys == NULL || specs == NULL)
		return NULL;
	deconstruct_array(keys, TEXTOID, -1, false, TYPALIGN_INT, &k, &kn, &nk);
	deconstruct_array(specs, TEXTOID, -1, false, TYPALIGN_INT, &v, &vn, &nv);
	for (i = 0; i < nk && i < nv; i++)
	{
		if (!kn[i] && strcmp(TextDatumGetCString(k[i]), name) == 0)
		{
			if (vn[i])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("hierarchy of column \"%s\" is NULL", name)));
			return TextDatumGetCString(v[i]);
		}
	}
	return NULL;
}

/* error when a hierarchy names a column that is not a quasi-identifier */
static void
anon_search_check_keys(ArrayType *keys, List *columns)
{
	Datum	   *k;
	bool	   *kn;
	int			nk;
	int			i;

	if (keys == NULL)
		return;
	deconstruct_array(keys, TEXTOID, -1, false, TYPALIGN_INT, &k, &kn, &nk);
	for (i = 0; i < nk; i++)
	{
		char	   *name = kn[i] ? "" : TextDatumGetCString(k[i]);
		ListCell   *lc;
		bool		found = false;

		foreach(lc, columns)
			found |= strcmp((char *) lfirst(lc), name) == 0;
		if (!found)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("hierarchy given for \"%s\", which is not a quasi-identifier",
							name)));
	}
}

/*
 * anon._generalize_to_k(relid regclass, k int, suppression float8,
 *						 keys text[], specs text[], columns text[],
 *						 l int, sensitive name)
 * RETURNS TABLE (attname name, level int, max_level int, expression text,
 *				  rule text, k_achieved bigint, suppressed bigint,
 *				  loss float8, discernibility float8, nodes_checked int,
 *				  l_achieved bigint)
 *
 * Wrapped by anon.generalize_to_k, which turns its jsonb of hierarchies
 * into keys and specs.
 */
Datum
anon_generalize_to_k(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			relid;
	int32		k;
	int32		l = 1;
	char	   *sensname = NULL;
	double		suppression;
	ArrayType  *keys = PG_ARGISNULL(3) ? NULL : PG_GETARG_ARRAYTYPE_P(3);
	ArrayType  *specs = PG_ARGISNULL(4) ? NULL : PG_GETARG_ARRAYTYPE_P(4);
	List	   *columns;
	char	   *from;
	AnonSearch	s;
	MemoryContext cxt;
	MemoryContext old;
	int64		nnodes = 1;
	int			height = 0;
	int			h;
	int64		node;
	AnonLattice lat;
	AnonNodeResult *results;
	bool	   *checkedflag;
	int64	   *path;
	int			sum;
	int		   *levels;
	int		   *best = NULL;
	AnonNodeResult bestres = {0};
	int			checked = 0;
	ListCell   *lc;
	int			i;
	int			save_nestlevel;
	Oid			save_userid;
	int			save_sec;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("relation and k of generalize_to_k must not be NULL")));
	relid = PG_GETARG_OID(0);
	k = PG_GETARG_INT32(1);
	suppression = PG_ARGISNULL(2) ? 0 : PG_GETARG_FLOAT8(2);
	if (k < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k of generalize_to_k must be at least 1")));
	if (!(suppression >= 0 && suppression < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("suppression of generalize_to_k must be at least 0 and below 1")));

	if (!PG_ARGISNULL(6))
	{
		l = PG_GETARG_INT32(6);
		if (l < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("l of generalize_to_k must be at least 1")));
		if (PG_ARGISNULL(7))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("l-diversity needs a sensitive column")));
	}

	anon_kanon_check_relation(relid);
	columns = anon_kanon_columns(relid, PG_ARGISNULL(5) ? NULL : PG_GETARG_ARRAYTYPE_P(5));
	anon_search_check_keys(keys, columns);
	if (!PG_ARGISNULL(7))
	{
		sensname = pstrdup(NameStr(*PG_GETARG_NAME(7)));
		if (get_attnum(relid, sensname) <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"%s\" of relation \"%s\" does not exist",
							sensname, get_rel_name(relid))));
		foreach(lc, columns)
		{
			if (strcmp((char *) lfirst(lc), sensname) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("sensitive column \"%s\" is also a quasi-identifier",
								sensname)));
		}
	}
	from = anon_kanon_relation_from(relid);

	InitMaterializedSRF(fcinfo, 0);
	cxt = AllocSetContextCreate(CurrentMemoryContext, "anon generalize_to_k",
								ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);

	memset(&s, 0, sizeof(s));
	s.k = k;
	s.l = l;
	s.sensname = sensname;
	if (sensname != NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(uint64);
		ctl.entrysize = sizeof(AnonInternEntry);
		ctl.hcxt = cxt;
		s.sensitive_intern = hash_create("anon generalize_to_k sensitive values",
										 1024, &ctl,
										 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	s.ncols = list_length(columns);
	s.cols = palloc0(sizeof(AnonSearchColumn) * s.ncols);
	s.allocated = 1024;
	s.counts = palloc(sizeof(int64) * s.allocated);
	s.sensitive = palloc0(sizeof(int32) * s.allocated);

	/*
	 * The statements below convert the columns' values to text and back to
	 * their types: casts and domain checks of the owner's types, his code.
	 * On a table they run as its owner, in a security-restricted operation
	 * (as static masking does), never as the caller; so the caller's own
	 * rights are checked here first.  A view runs its functions as the
	 * reader whatever we do (doc/trust-model.md): it is read as the caller.
	 * So is a table for a masked or DP caller, whose reads must stay masked
	 * or guarded (as the owner, a role set with SET ROLE would not count).
	 */
	GetUserIdAndSecContext(&save_userid, &save_sec);
	if (get_rel_relkind(relid) == RELKIND_VIEW)
	{
		foreach(lc, columns)
			anon_search_check_view_type(relid, (const char *) lfirst(lc));
		if (sensname != NULL)
			anon_search_check_view_type(relid, sensname);
		/* and the planner runs the code of the tables it reads (owner_guard.c) */
		anon_owner_check_planned(relid, "generalize_to_k");
	}
	if (get_rel_relkind(relid) != RELKIND_VIEW && anon_reader_policy() < 0 &&
		!anon_dp_guard_applies())
	{
		anon_search_check_select(relid, columns, sensname);
		SetUserIdAndSecContext(anon_static_rel_owner(relid),
							   save_sec | SECURITY_LOCAL_USERID_CHANGE |
							   SECURITY_RESTRICTED_OPERATION);
	}

	SPI_connect();

	/*
	 * The statements below name aggregates and operators without their
	 * schema: run them with search_path = pg_catalog, pg_temp, so that a
	 * schema of the table's owner on the session's path cannot put its own
	 * functions in their place when a superuser runs this (kanon.c).
	 */
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	i = 0;
	foreach(lc, columns)
	{
		AnonSearchColumn *c = &s.cols[i++];
		int32		typmod;
		Oid			collid;
		int			level;
		MemoryContext spicxt = MemoryContextSwitchTo(cxt);

		c->name = (char *) lfirst(lc);
		get_atttypetypmodcoll(relid, get_attnum(relid, c->name),
							  &c->typid, &typmod, &collid);
		c->typname = format_type_with_typemod(c->typid, typmod);
		anon_search_levels(c, anon_search_spec(keys, specs, c->name), from);
		c->ids = palloc(sizeof(int32 *) * c->height);
		c->intern = palloc(sizeof(HTAB *) * c->height);
		c->nids = palloc0(sizeof(int32) * c->height);
		for (level = 0; level < c->height; level++)
		{
			HASHCTL		ctl;

			ctl.keysize = sizeof(uint64);
			ctl.entrysize = sizeof(AnonInternEntry);
			ctl.hcxt = cxt;
			c->intern[level] = hash_create("anon generalize_to_k values", 1024, &ctl,
									   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		}
		c->ids[0] = palloc(sizeof(int32) * s.allocated);
		MemoryContextSwitchTo(spicxt);

		if (nnodes > ANON_SEARCH_MAX_NODES / (c->height + 1))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("the generalization lattice has more than %d nodes",
							ANON_SEARCH_MAX_NODES),
					 errhint("Give fewer quasi-identifiers or hierarchies with fewer levels.")));
		nnodes *= c->height + 1;
		height += c->height;
	}
	anon_search_load(&s, from, cxt);
	AtEOXact_GUC(true, save_nestlevel);
	SPI_finish();
	SetUserIdAndSecContext(save_userid, save_sec);
	MemoryContextSwitchTo(cxt);

	if (s.nrows == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("relation \"%s\" has no rows to generalize",
						get_rel_name(relid))));
	s.max_suppressed = floor(suppression * s.records);

	/*
	 * The walk (see the file header): paths upward from the lowest node not
	 * yet known, each searched by bisection; every check tags its
	 * generalizations (anonymous) or its specializations (not anonymous).
	 */
	lat.ncols = s.ncols;
	lat.nnodes = nnodes;
	lat.radix = palloc(sizeof(int) * s.ncols);
	lat.weight = palloc(sizeof(int64) * s.ncols);
	for (i = s.ncols - 1; i >= 0; i--)
	{
		lat.radix[i] = s.cols[i].height + 1;
		lat.weight[i] = (i == s.ncols - 1) ? 1 : lat.weight[i + 1] * lat.radix[i + 1];
	}
	lat.state = palloc0(nnodes);
	lat.stack = palloc(sizeof(int64) * nnodes);
	results = palloc0(sizeof(AnonNodeResult) * nnodes);
	checkedflag = palloc0(nnodes);
	path = palloc(sizeof(int64) * (height + 1));
	levels = palloc(sizeof(int) * s.ncols);

	for (h = 0; h <= height; h++)
	{
		for (node = 0; node < nnodes; node++)
		{
			int			len = 0;
			int64		cur = node;
			int			lo;
			int			hi;

			if (lat.state[node] != 0)
				continue;
			anon_lattice_levels(&lat, node, levels);
			for (i = 0, sum = 0; i < s.ncols; i++)
				sum += levels[i];
			if (sum != h)
				continue;

			/*
			 * Greedy path of unknown nodes: raise the column the least
			 * generalized relative to its height.
			 */
			for (;;)
			{
				int			pick = -1;

				path[len++] = cur;
				for (i = 0; i < s.ncols; i++)
				{
					if (levels[i] < s.cols[i].height &&
						(pick < 0 ||
						 (double) levels[i] / s.cols[i].height <
						 (double) levels[pick] / s.cols[pick].height))
						pick = i;
				}
				if (pick < 0 || lat.state[cur + lat.weight[pick]] != 0)
					break;
				levels[pick]++;
				cur += lat.weight[pick];
			}

			/* bisection: anonymity is monotone along the path */
			lo = 0;
			hi = len - 1;
			while (lo <= hi)
			{
				int			mid = (lo + hi) / 2;
				int64		n = path[mid];

				if (lat.state[n] == 0)
				{
					MemoryContext checkcxt;

					anon_lattice_levels(&lat, n, levels);
					checkcxt = AllocSetContextCreate(cxt, "anon generalize_to_k check",
													 ALLOCSET_DEFAULT_SIZES);
					MemoryContextSwitchTo(checkcxt);
					anon_search_check(&s, levels, &results[n]);
					MemoryContextSwitchTo(cxt);
					MemoryContextDelete(checkcxt);
					checkedflag[n] = true;
					checked++;
					CHECK_FOR_INTERRUPTS();
					anon_lattice_tag(&lat, n, results[n].anonymous);
				}
				if (lat.state[n] == 1)
					hi = mid - 1;
				else
					lo = mid + 1;
			}
		}
	}

	/*
	 * The minimal anonymous nodes (no anonymous direct predecessor) were
	 * all checked: a tagged node lies above a checked anonymous one.  The
	 * best of them loses least.
	 */
	for (node = 0; node < nnodes; node++)
	{
		bool		minimal = lat.state[node] == 1;

		if (!minimal)
			continue;
		anon_lattice_levels(&lat, node, levels);
		for (i = 0; i < s.ncols; i++)
			if (levels[i] > 0 && lat.state[node - lat.weight[i]] == 1)
				minimal = false;
		if (!minimal)
			continue;
		/* only a node really checked and found anonymous is ever returned */
		if (!checkedflag[node] || !results[node].anonymous)
			continue;
		if (best == NULL || results[node].loss < bestres.loss ||
			(results[node].loss == bestres.loss &&
			 results[node].discernibility < bestres.discernibility))
		{
			if (best == NULL)
				best = palloc(sizeof(int) * s.ncols);
			memcpy(best, levels, sizeof(int) * s.ncols);
			bestres = results[node];
		}
	}

	MemoryContextSwitchTo(old);
	if (best == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no generalization of \"%s\" is %d-anonymous%s within the suppression limit",
						get_rel_name(relid), k, l > 1 ? " and l-diverse" : ""),
				 errdetail("Even with every quasi-identifier suppressed, the classes are too small or not diverse enough.")));

	for (i = 0; i < s.ncols; i++)
	{
		AnonSearchColumn *c = &s.cols[i];
		Datum		values[11];
		bool		nulls[11] = {0};
		int			level = best[i];

		values[0] = DirectFunctionCall1(namein, CStringGetDatum(c->name));
		values[1] = Int32GetDatum(level);
		values[2] = Int32GetDatum(c->height);
		values[3] = CStringGetTextDatum(c->expr[level]);
		if (level == 0)
			values[4] = CStringGetTextDatum("NOT MASKED");
		else if (level == c->height)
			values[4] = CStringGetTextDatum("MASKED WITH VALUE NULL");
		else
			values[4] = CStringGetTextDatum(psprintf("MASKED WITH FUNCTION %s",
													 c->expr[level]));
		values[5] = Int64GetDatum(bestres.min_class);
		values[6] = Int64GetDatum((int64) bestres.suppressed);
		values[7] = Float8GetDatum(bestres.loss);
		values[8] = Float8GetDatum(bestres.discernibility);
		values[9] = Int32GetDatum(checked);
		values[10] = Int64GetDatum(bestres.min_distinct);
		nulls[10] = sensname == NULL;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(cxt);
	PG_RETURN_NULL();
}
