/*-------------------------------------------------------------------------
 *
 * shuffle.c
 *		anon.shuffle_column(table, column, primary_key): static shuffling of
 *		the values of one column across the rows of a table.
 *
 * The multiset of values of the column is kept, only their assignment to
 * rows changes, so aggregates over the column alone stay true while the
 * link between a value and the rest of its row is broken.
 *
 * One pass: the (key, value) pairs are read with one SELECT, the values
 * are permuted in memory with the Fisher-Yates shuffle (Knuth, TAOCP vol. 2,
 * algorithm 3.4.2 P) driven by the CSPRNG of src/random.c, so that every one
 * of the n! permutations has the same probability, and written back with
 * one UPDATE ... FROM unnest(keys, values), a hash or merge join on the key.
 * Both statements run in the caller's transaction: a failure or a ROLLBACK
 * leaves the table as it was.  The table is locked in EXCLUSIVE mode first,
 * so no concurrent write can slip between the read and the write (readers
 * are not blocked), and the read takes a snapshot after the lock is granted,
 * so a write committed while we waited is read, not overwritten.  Memory: the column and the key of every row are held
 * twice (rows and arrays), so this suits tables whose column fits in memory;
 * each array is limited to 1 GB as any PostgreSQL value.
 *
 * Only the owner of the table (or a superuser) may shuffle it.  As VACUUM
 * and REINDEX do, the statements run as the table's owner inside a
 * security-restricted operation with search_path = pg_catalog, pg_temp,
 * so a trigger or an operator of the owner's cannot act with a superuser's
 * rights.  Every identifier is quoted (quote_identifier), the equality
 * operator of the key is named with its schema.
 *
 * The key must identify rows: a NOT NULL column with a unique, non-partial
 * index on it alone (a primary key is).  Since such an index does not span
 * inheritance children, only the rows of the table itself are shuffled
 * (ONLY); the partitions of a partitioned table are shuffled together.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "catalog/pg_operator.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "random.h"
#include "shuffle.h"

PG_FUNCTION_INFO_V1(anon_shuffle_column);

/*
 * The attribute number of a user column of relid; an error when there is
 * none, or when it is a system or generated column.
 */
static AttrNumber
anon_shuffle_attnum(Oid relid, Name colname, const char *role, bool for_update)
{
	AttrNumber	attnum = get_attnum(relid, NameStr(*colname));

	if (attnum == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						NameStr(*colname), get_rel_name(relid)),
				 errhint("The %s of anon.shuffle_column must be a column of the table.", role)));
	if (attnum < 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot shuffle with system column \"%s\"", NameStr(*colname)),
				 errhint("The %s of anon.shuffle_column must be a user column.", role)));
	if (for_update && get_attgenerated(relid, attnum) != '\0')
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot shuffle generated column \"%s\"", NameStr(*colname)),
				 errdetail("A generated column is computed from the other columns of its row.")));
	return attnum;
}

/* true when attnum is NOT NULL and alone in a unique, non-partial index */
static bool
anon_shuffle_is_key(Relation rel, AttrNumber attnum)
{
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	bool		found = false;

	if (!TupleDescAttr(RelationGetDescr(rel), attnum - 1)->attnotnull)
		return false;

	foreach(lc, indexes)
	{
		HeapTuple	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index idx;

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "cache lookup failed for index %u", lfirst_oid(lc));
		idx = (Form_pg_index) GETSTRUCT(tup);
		if (idx->indisunique && idx->indisvalid && idx->indnkeyatts == 1 &&
			idx->indkey.values[0] == attnum &&
			heap_attisnull(tup, Anum_pg_index_indpred, NULL) &&
			heap_attisnull(tup, Anum_pg_index_indexprs, NULL))
			found = true;
		ReleaseSysCache(tup);
		if (found)
			break;
	}
	list_free(indexes);
	return found;
}

/* a one-dimensional array of the given values */
static Datum
anon_shuffle_array(Datum *values, bool *nulls, int n, Oid elemtype)
{
	int			dims[1];
	int			lbs[1];
	int16		typlen;
	bool		typbyval;
	char		typalign;

	dims[0] = n;
	lbs[0] = 1;
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	return PointerGetDatum(construct_md_array(values, nulls, 1, dims, lbs, elemtype,
											  typlen, typbyval, typalign));
}

static Oid
anon_shuffle_array_type(Oid elemtype, Name colname)
{
	Oid			arraytype = get_array_type(elemtype);

	/*
	 * Every type a column can have has an array type since PostgreSQL 11,
	 * except the array types themselves (arrays of arrays share one type).
	 */
	if (!OidIsValid(arraytype))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("anon.shuffle_column cannot shuffle column \"%s\" of type %s",
						NameStr(*colname), format_type_be(elemtype)),
				 errdetail("Columns of array types are not supported.")));
	return arraytype;
}

/*
 * anon.shuffle_column(shuffle_table regclass, shuffle_column name,
 *					   primary_key name) returns boolean
 */
Datum
anon_shuffle_column(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	Name		colname = PG_GETARG_NAME(1);
	Name		keyname = PG_GETARG_NAME(2);
	Relation	rel;
	char		relkind;
	Oid			owner;
	AttrNumber	colnum;
	AttrNumber	keynum;
	Oid			coltype;
	Oid			keytype;
	Oid			argtypes[2];
	Datum		args[2];
	TypeCacheEntry *keytc;
	char	   *qualname;
	const char *only;
	char	   *opnsp;
	char	   *opname;
	StringInfoData sql;
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
	uint64		n;
	uint64		i;
	Datum	   *keys;
	Datum	   *values;
	bool	   *nulls;
	int			ret;
	bool		check_data;

	anon_citus_refuse_static(relid, "shuffle_column", false);

	/* ownership first: no lock is taken on a table of someone else's */
	if (!pg_class_ownercheck(relid, GetUserId()))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be owner of table %s to shuffle it",
						get_rel_name(relid))));

	/* then lock, so that nothing changes between the checks and the work */
	rel = table_open(relid, ExclusiveLock);
	relkind = rel->rd_rel->relkind;
	owner = rel->rd_rel->relowner;

	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("cannot shuffle \"%s\"", RelationGetRelationName(rel)),
				 errdetail("anon.shuffle_column works on tables only.")));

	colnum = anon_shuffle_attnum(relid, colname, "column to shuffle", true);
	keynum = anon_shuffle_attnum(relid, keyname, "primary key", false);
	if (colnum == keynum)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot shuffle the primary key \"%s\" with itself", NameStr(*keyname)),
				 errhint("Name another column as the column to shuffle.")));
	/*
	 * Without a unique index (as in PostgreSQL Anonymizer's own examples),
	 * the key's values are checked below, under the lock taken above: no
	 * NULL and no value twice, else rows would share a shuffled value.
	 */
	check_data = !anon_shuffle_is_key(rel, keynum);

	coltype = TupleDescAttr(RelationGetDescr(rel), colnum - 1)->atttypid;
	keytype = TupleDescAttr(RelationGetDescr(rel), keynum - 1)->atttypid;
	argtypes[0] = anon_shuffle_array_type(keytype, keyname);
	argtypes[1] = anon_shuffle_array_type(coltype, colname);
	keytc = lookup_type_cache(keytype, TYPECACHE_EQ_OPR);
	if (!OidIsValid(keytc->eq_opr))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("could not identify an equality operator for type %s",
						format_type_be(keytype)),
				 errhint("Name a primary key as the key of anon.shuffle_column.")));

	{
		HeapTuple	optup = SearchSysCache1(OPEROID, ObjectIdGetDatum(keytc->eq_opr));
		Form_pg_operator opform;

		if (!HeapTupleIsValid(optup))
			elog(ERROR, "cache lookup failed for operator %u", keytc->eq_opr);
		opform = (Form_pg_operator) GETSTRUCT(optup);
		opnsp = get_namespace_name(opform->oprnamespace);
		opname = pstrdup(NameStr(opform->oprname));
		ReleaseSysCache(optup);
	}

	qualname = quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
										  RelationGetRelationName(rel));
	/*
	 * A plain table's own rows only: the key is unique in the table, not
	 * across inheritance children.  A partitioned table's rows are all in
	 * its partitions, where its unique index holds.
	 */
	only = (relkind == RELKIND_RELATION) ? "ONLY " : "";
	table_close(rel, NoLock);	/* the lock is kept until the end of the transaction */

	/* run as the table's owner, in a security-restricted operation */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner, save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);

	if ((ret = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(ret));

	initStringInfo(&sql);
	if (check_data)
	{
		bool		isnull;
		Datum		d;

		appendStringInfo(&sql,
						 "SELECT pg_catalog.count(*) OPERATOR(pg_catalog.=) pg_catalog.count(%s) "
						 "AND pg_catalog.count(*) OPERATOR(pg_catalog.=) pg_catalog.count(DISTINCT %s) "
						 "FROM %s%s",
						 quote_identifier(NameStr(*keyname)),
						 quote_identifier(NameStr(*keyname)), only, qualname);
		ret = SPI_execute(sql.data, false, 0);
		if (ret != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "anon.shuffle_column: checking the key failed: %s",
				 SPI_result_code_string(ret));
		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		if (isnull || !DatumGetBool(d))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("column \"%s\" does not identify the rows of \"%s\"",
							NameStr(*keyname), get_rel_name(relid)),
					 errdetail("It holds a NULL or the same value in several rows."),
					 errhint("Name a primary key, or a column whose values are distinct and not NULL.")));
		resetStringInfo(&sql);
	}
	appendStringInfo(&sql, "SELECT %s, %s FROM %s%s",
					 quote_identifier(NameStr(*keyname)),
					 quote_identifier(NameStr(*colname)), only, qualname);
	/*
	 * Not read-only: SPI then takes a fresh snapshot, taken after the lock
	 * was granted.  The snapshot of the calling statement predates a wait
	 * for the lock, and reading with it would lose the update of a writer
	 * that committed meanwhile (test/isolation/specs/shuffle.spec).
	 */
	ret = SPI_execute(sql.data, false, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "anon.shuffle_column: reading failed: %s", SPI_result_code_string(ret));

	n = SPI_processed;
	if (n > (uint64) (MaxAllocSize / sizeof(Datum)))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("table %s has too many rows to shuffle in one pass", qualname)));

	if (n > 1)
	{
		keys = palloc(sizeof(Datum) * n);
		values = palloc(sizeof(Datum) * n);
		nulls = palloc(sizeof(bool) * n);
		for (i = 0; i < n; i++)
		{
			bool		isnull;

			keys[i] = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
			values[i] = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &nulls[i]);
		}

		/* Fisher-Yates: position i receives a uniform pick of [0, i] */
		for (i = n - 1; i > 0; i--)
		{
			uint64		j = anon_random_below(i + 1);
			Datum		tv = values[i];
			bool		tn = nulls[i];

			values[i] = values[j];
			nulls[i] = nulls[j];
			values[j] = tv;
			nulls[j] = tn;
		}

		args[0] = anon_shuffle_array(keys, NULL, (int) n, keytype);
		args[1] = anon_shuffle_array(values, nulls, (int) n, coltype);

		resetStringInfo(&sql);
		appendStringInfo(&sql,
						 "UPDATE %s%s AS t SET %s = u.v FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2)) AS u(k, v) "
						 "WHERE t.%s OPERATOR(%s.%s) u.k",
						 only, qualname, quote_identifier(NameStr(*colname)),
						 quote_identifier(NameStr(*keyname)),
						 quote_identifier(opnsp), opname);
		ret = SPI_execute_with_args(sql.data, 2, argtypes, args, NULL, false, 0);
		if (ret != SPI_OK_UPDATE)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("anon.shuffle_column cannot shuffle table %s", qualname),
					 errdetail("A rule on the table rewrites its UPDATE (%s).",
							   SPI_result_code_string(ret)),
					 errhint("Disable or drop the table's rules on UPDATE while shuffling.")));
	}

	SPI_finish();

	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);

	PG_RETURN_BOOL(true);
}
