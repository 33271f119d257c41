/*-------------------------------------------------------------------------
 *
 * noise_seed.c
 *		Volatile masking rules read the same on every read of a row, so
 *		that a masked reader cannot average their noise away.
 *
 * A masked reader who reads a volatile rule that depends on the row
 * (anon.noise(salary, 0.5), anon.dnoise(born, '1 year'), a random value
 * between bounds taken from the row) many times, by LATERAL rescans, a loop
 * or new sessions, averages the draws, or takes their minimum and maximum,
 * and recovers the raw value: 4000 reads of anon.noise(1000, 0.5) average
 * to 1000 within a few units.  So dynamic masking reads such a rule as
 *
 *		anon._keyed_end(CASE WHEN anon._keyed_begin(relid, attnum, column)
 *							 THEN <rule> END)
 *
 * (anon_noise_seed_tlist): while the rule runs, its randomness comes from a
 * keyed stream (random.c) whose key is HMAC-SHA256 of a server secret over
 * the table, the column and the raw value of the column; the table is the
 * root of the inheritance tree (anon_noise_root), so that a partition or a
 * child table read on its own reads the noise its ancestors read.  The same row
 * reads the same masked value in every query and every session; two rows
 * with the same raw value read the same masked value (an equality of raw
 * values shows, as it does under any deterministic rule).  Rules that do
 * not read the row (anon.random_string(8), anon.fake_first_name()) are left
 * as they are: their draws say nothing about the row.  Static masking and
 * masked copies draw fresh noise, as before: they are read once.  Masked
 * replication draws from the same streams (anon._masking_view_keyed): its
 * shadow recomputes a row at every UPDATE of the source, and every version
 * reaches the subscriber.
 *
 * The server secret is 32 random bytes in $PGDATA/anon_noise.key, made by
 * the first backend that needs it (linked into place, so that concurrent
 * backends agree); only the server's operating system user reads it.  The
 * stream ends at anon._keyed_end, and at the abort of a (sub)transaction if
 * the rule failed in between, so nothing else ever draws from it.
 * anon._keyed_begin is RESTRICTED: a masked reader cannot call it to learn
 * the noise a guessed value would get.
 *
 * The same secret fixes the sample of a TABLESAMPLE label for masked
 * readers: the seed per table (anon_noise_fix_sample), and for a BERNOULLI
 * or SYSTEM label on a table with a primary key, the draw per row by the
 * key's raw value (anon_noise_row_sample, anon._sample_row), since a row's
 * place in the table, which a seeded sample goes by, changes at every
 * UPDATE.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <fcntl.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "access/genam.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_func.h"
#include "storage/fd.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
#include "utils/acl.h"

#include "compat.h"
#include "label.h"
#include "mask.h"
#include "rules.h"
#include "noise_seed.h"
#include "random.h"
#include "restricted.h"

#define ANON_NOISE_KEY_FILE "anon_noise.key"
#define ANON_NOISE_KEY_BYTES 32

static uint8 anon_noise_secret[ANON_NOISE_KEY_BYTES];
static bool anon_noise_secret_loaded = false;
static bool anon_noise_callbacks = false;

/* read the server secret, making it first if no backend has */
static void
anon_noise_load_secret(void)
{
	char	   *path;
	int			fd;
	ssize_t		got;

	if (anon_noise_secret_loaded)
		return;
	path = psprintf("%s/%s", DataDir, ANON_NOISE_KEY_FILE);
	fd = OpenTransientFile(path, O_RDONLY | PG_BINARY);
	if (fd < 0 && errno == ENOENT)
	{
		char	   *tmp = psprintf("%s.%d", path, MyProcPid);
		uint8		fresh[ANON_NOISE_KEY_BYTES];
		int			wfd;

		anon_random_bytes(fresh, sizeof(fresh));
		wfd = OpenTransientFile(tmp, O_WRONLY | O_CREAT | O_EXCL | PG_BINARY);
		if (wfd < 0)
			ereport(ERROR,
					(errcode_for_file_access(),
					 errmsg("could not create file \"%s\": %m", tmp)));
		if (write(wfd, fresh, sizeof(fresh)) != sizeof(fresh) || pg_fsync(wfd) != 0)
		{
			int			save_errno = errno;

			CloseTransientFile(wfd);
			unlink(tmp);
			errno = save_errno;
			ereport(ERROR,
					(errcode_for_file_access(),
					 errmsg("could not write file \"%s\": %m", tmp)));
		}
		CloseTransientFile(wfd);
		explicit_bzero(fresh, sizeof(fresh));
		/* the first link wins: every backend then reads the same secret */
		if (link(tmp, path) != 0 && errno != EEXIST)
		{
			int			save_errno = errno;

			unlink(tmp);
			errno = save_errno;
			ereport(ERROR,
					(errcode_for_file_access(),
					 errmsg("could not link file \"%s\" to \"%s\": %m", tmp, path)));
		}
		unlink(tmp);
		fd = OpenTransientFile(path, O_RDONLY | PG_BINARY);
	}
	if (fd < 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open file \"%s\": %m", path)));
	got = read(fd, anon_noise_secret, sizeof(anon_noise_secret));
	CloseTransientFile(fd);
	if (got != sizeof(anon_noise_secret))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("file \"%s\" does not hold a key of %d bytes", path,
						ANON_NOISE_KEY_BYTES),
				 errhint("Remove the file: the server makes a new one (masked readers then read new noise).")));
	anon_noise_secret_loaded = true;
}

/* a rule that failed after _keyed_begin: the stream ends with it */
static void
anon_noise_xact(XactEvent event, void *arg)
{
	if (anon_random_is_keyed())
		anon_random_keyed_end();
}

static void
anon_noise_subxact(SubXactEvent event, SubTransactionId mySubid,
				   SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB && anon_random_is_keyed())
		anon_random_keyed_end();
}

/*
 * The relation (and its column) that keys the noise and the sample of
 * relid's rows: the root of its inheritance tree, first parents up, the
 * column found by name.  A partition or a child table inherits its
 * ancestors' rules and sample, and a masked reader may read it on its own
 * as well as through its ancestors: keyed by the relation the query named,
 * each level of the tree drew another noise for the same row, and another
 * sample.  A column that an ancestor lacks keys from the last relation
 * that has it.  (A child with several parents, read through another than
 * its first, still reads its rows under that parent's key.)
 */
static void
anon_noise_root(Oid relid, const char *attname, Oid *root, AttrNumber *rootatt)
{
	Oid			cur = relid;
	AttrNumber	att = attname != NULL ? get_attnum(relid, attname) : InvalidAttrNumber;
	int			depth;

	for (depth = 0; depth < 1000; depth++)
	{
		List	   *parents = anon_mask_parents(cur);
		Oid			parent;

		if (parents == NIL)
			break;
		parent = linitial_oid(parents);
		list_free(parents);
		if (attname != NULL)
		{
			AttrNumber	a = get_attnum(parent, attname);

			if (a == InvalidAttrNumber)
				break;
			att = a;
		}
		cur = parent;
	}
	*root = cur;
	if (rootatt != NULL)
		*rootatt = att;
}

PG_FUNCTION_INFO_V1(anon_keyed_begin);

/*
 * _keyed_begin and _sample_row answer for a raw value what a masked reader
 * sees of it (the noise drawn for that value, whether its row is sampled):
 * whoever calls them with values of its choice can test guesses against
 * what it reads masked, without any right on the table.  So they run for
 * a masking rule's own calls (restricted.c marks them: dynamic masking),
 * for superusers, and for the owner of the relation (masked replication's
 * sync function runs as the owner, who reads the raw values anyway).
 */
static void
anon_noise_check_caller(Oid relid, const char *fname)
{
	Oid			owner;
	HeapTuple	tup;

	if (anon_in_rule_call() || superuser())
		return;
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	owner = HeapTupleIsValid(tup) ? ((Form_pg_class) GETSTRUCT(tup))->relowner : InvalidOid;
	if (HeapTupleIsValid(tup))
		ReleaseSysCache(tup);
	if (OidIsValid(owner) && has_privs_of_role(GetUserId(), owner))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied for function %s", fname),
			 errdetail("It draws with the server's masking secret; only masking rules, superusers and the relation's owner may call it."),
			 errhint("Read the relation through its masking rules instead.")));
}

/*
 * anon._keyed_begin(relid oid, attnum integer, value anyelement) returns
 * true: draws now come from the stream of (relid, attnum, value).
 */
Datum
anon_keyed_begin(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_ARGISNULL(0) ? InvalidOid : PG_GETARG_OID(0);
	int32		attnum = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1);
	Oid			type = get_fn_expr_argtype(fcinfo->flinfo, 2);
	uint8		key[ANON_NOISE_KEY_BYTES];
	unsigned int len = 0;
	StringInfoData msg;
	int16		typlen;
	bool		typbyval;

	if (!anon_noise_callbacks)
	{
		RegisterXactCallback(anon_noise_xact, NULL);
		RegisterSubXactCallback(anon_noise_subxact, NULL);
		anon_noise_callbacks = true;
	}
	anon_noise_check_caller(relid, "anon._keyed_begin");
	if (anon_random_is_keyed())
		anon_random_keyed_end();
	anon_noise_load_secret();

	initStringInfo(&msg);
	appendBinaryStringInfo(&msg, "anon dynamic noise", 18);
	appendBinaryStringInfo(&msg, (char *) &relid, sizeof(relid));
	appendBinaryStringInfo(&msg, (char *) &attnum, sizeof(attnum));
	if (PG_ARGISNULL(2) || !OidIsValid(type))
		appendStringInfoChar(&msg, 'N');
	else
	{
		Datum		value = PG_GETARG_DATUM(2);

		appendStringInfoChar(&msg, 'V');
		get_typlenbyval(type, &typlen, &typbyval);
		if (typbyval)
			appendBinaryStringInfo(&msg, (char *) &value, typlen);
		else if (typlen == -1)
		{
			struct varlena *v = PG_DETOAST_DATUM_PACKED(value);

			appendBinaryStringInfo(&msg, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
		}
		else if (typlen == -2)
			appendBinaryStringInfo(&msg, DatumGetCString(value),
								   strlen(DatumGetCString(value)));
		else
			appendBinaryStringInfo(&msg, DatumGetPointer(value), typlen);
	}
	if (HMAC(EVP_sha256(), anon_noise_secret, sizeof(anon_noise_secret),
			 (const unsigned char *) msg.data, msg.len, key, &len) == NULL ||
		len != sizeof(key))
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("could not derive the noise key of a row")));
	pfree(msg.data);
	anon_random_keyed_begin(key);
	explicit_bzero(key, sizeof(key));
	PG_RETURN_BOOL(true);
}

PG_FUNCTION_INFO_V1(anon_keyed_end);

/* anon._keyed_end(value anyelement) returns value: draws are random again */
Datum
anon_keyed_end(PG_FUNCTION_ARGS)
{
	if (anon_random_is_keyed())
		anon_random_keyed_end();
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

/* anon._keyed_begin(oid, integer, anyelement) and _keyed_end(anyelement) */
static bool
anon_noise_functions(Oid *begin, Oid *end)
{
	Oid			nsp = get_namespace_oid("anon", true);
	Oid			begin_args[3] = {OIDOID, INT4OID, ANYELEMENTOID};
	Oid			end_args[1] = {ANYELEMENTOID};

	if (!OidIsValid(nsp))
		return false;
	*begin = LookupFuncName(list_make2(makeString("anon"), makeString("_keyed_begin")),
							3, begin_args, true);
	*end = LookupFuncName(list_make2(makeString("anon"), makeString("_keyed_end")),
						  1, end_args, true);
	return OidIsValid(*begin) && OidIsValid(*end);
}

/*
 * The masking target list of rel for a masked reader: each volatile rule
 * that reads the row draws from the stream of its row (see above).  Where
 * anon is not installed (labels outlive it), rules are left as they are.
 */
List *
anon_noise_seed_tlist(List *tlist, Relation rel)
{
	ListCell   *lc;
	Oid			begin = InvalidOid;
	Oid			end = InvalidOid;
	bool		looked = false;

	foreach(lc, tlist)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);
		Form_pg_attribute att;
		Node	   *expr = (Node *) tle->expr;
		Var		   *col;
		CaseExpr   *cexpr;
		CaseWhen   *when;
		FuncExpr   *seed;
		FuncExpr   *done;
		Oid			type;
		Oid			keyrel;
		AttrNumber	keyatt;

		if (IsA(expr, Var) || tle->resno < 1 ||
			tle->resno > RelationGetDescr(rel)->natts)
			continue;
		att = TupleDescAttr(RelationGetDescr(rel), tle->resno - 1);
		if (att->attisdropped || !contain_volatile_functions(expr) ||
			pull_varnos(NULL, expr) == NULL)
			continue;
		if (!looked)
		{
			looked = true;
			if (!anon_noise_functions(&begin, &end))
				return tlist;
		}
		type = exprType(expr);
		/* every level of an inheritance tree reads the same noise */
		anon_noise_root(RelationGetRelid(rel), NameStr(att->attname), &keyrel, &keyatt);
		col = makeVar(1, att->attnum, att->atttypid, att->atttypmod,
					  att->attcollation, 0);
		seed = makeFuncExpr(begin, BOOLOID,
							list_make3(makeConst(OIDOID, -1, InvalidOid, sizeof(Oid),
												 ObjectIdGetDatum(keyrel),
												 false, true),
									   makeConst(INT4OID, -1, InvalidOid, sizeof(int32),
												 Int32GetDatum((int32) keyatt), false, true),
									   col),
							InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
		when = makeNode(CaseWhen);
		when->expr = (Expr *) seed;
		when->result = (Expr *) expr;
		when->location = -1;
		cexpr = makeNode(CaseExpr);
		cexpr->casetype = type;
		cexpr->casecollid = exprCollation(expr);
		cexpr->arg = NULL;
		cexpr->args = list_make1(when);
		cexpr->defresult = (Expr *) makeNullConst(type, exprTypmod(expr),
												  exprCollation(expr));
		cexpr->location = -1;
		done = makeFuncExpr(end, type, list_make1(cexpr), exprCollation(expr),
							exprCollation(expr), COERCE_EXPLICIT_CALL);
		/* the rule's typmod (varchar(n), numeric(p,s)) is kept */
		if (exprTypmod(expr) >= 0)
			tle->expr = (Expr *) makeRelabelType((Expr *) done, type, exprTypmod(expr),
												 exprCollation(expr), COERCE_IMPLICIT_CAST);
		else
			tle->expr = (Expr *) done;
	}
	return tlist;
}

/*
 * A sampling label without REPEATABLE seeds each scan afresh: a masked
 * reader that read a table sampled at 10% fifty times, into a table of its
 * own, gathered 998 of its 1000 rows.  For masked readers the seed is fixed
 * per table (HMAC-SHA256 of the server secret over the root of the table's
 * inheritance tree): every read, through any level of the tree, returns
 * the same sample, as with REPEATABLE.  A seed the label names is
 * kept.  (Masked copies still draw a fresh seed per copy: static_copy.c.)
 */
void
anon_noise_fix_sample(TableSampleClause *tsc, Oid relid)
{
	StringInfoData msg;
	uint8		digest[ANON_NOISE_KEY_BYTES];
	unsigned int len = 0;
	uint32		seed;
	Oid			root;

	if (tsc == NULL || tsc->repeatable == NULL || IsA(tsc->repeatable, Const))
		return;
	/* every level of an inheritance tree reads the same sample */
	anon_noise_root(relid, NULL, &root, NULL);
	relid = root;
	anon_noise_load_secret();
	initStringInfo(&msg);
	appendBinaryStringInfo(&msg, "anon table sample", 17);
	appendBinaryStringInfo(&msg, (char *) &relid, sizeof(relid));
	if (HMAC(EVP_sha256(), anon_noise_secret, sizeof(anon_noise_secret),
			 (const unsigned char *) msg.data, msg.len, digest, &len) == NULL ||
		len != sizeof(digest))
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("could not derive the sampling seed of a table")));
	pfree(msg.data);
	memcpy(&seed, digest, sizeof(seed));
	tsc->repeatable = (Expr *) makeConst(FLOAT8OID, -1, InvalidOid, sizeof(float8),
										 Float8GetDatum((float8) seed), false,
										 FLOAT8PASSBYVAL);
}

PG_FUNCTION_INFO_V1(anon_masking_view_keyed_sql);

/*
 * anon._masking_view_keyed(relid, policy): anon.masking_view(), each
 * volatile rule that reads the row drawing from the stream of its row, as a
 * masked reader's does.  Masked replication fills and keeps its shadow with
 * it: its trigger recomputes a row at every UPDATE of the source, of any
 * column, and every version crosses to the subscriber, so fresh noise at
 * each version let a subscriber (or a role with REPLICATION reading the
 * slot) average the noise of a row that the application updates often.
 */
Datum
anon_masking_view_keyed_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(anon_masking_view_text(PG_GETARG_OID(0),
															text_to_cstring(PG_GETARG_TEXT_PP(1)),
															true,
															"anon._masking_view_keyed()")));
}

/* append a value's bytes to msg, as _keyed_begin keys a row's stream */
static void
anon_noise_append_value(StringInfo msg, Datum value, Oid type, bool isnull)
{
	int16		typlen;
	bool		typbyval;

	if (isnull || !OidIsValid(type))
	{
		appendStringInfoChar(msg, 'N');
		return;
	}
	appendStringInfoChar(msg, 'V');
	get_typlenbyval(type, &typlen, &typbyval);
	if (typbyval)
		appendBinaryStringInfo(msg, (char *) &value, typlen);
	else if (typlen == -1)
	{
		struct varlena *v = PG_DETOAST_DATUM_PACKED(value);
		int32		len = VARSIZE_ANY_EXHDR(v);

		appendBinaryStringInfo(msg, (char *) &len, sizeof(len));
		appendBinaryStringInfo(msg, VARDATA_ANY(v), len);
	}
	else if (typlen == -2)
		appendBinaryStringInfo(msg, DatumGetCString(value),
							   strlen(DatumGetCString(value)) + 1);
	else
		appendBinaryStringInfo(msg, DatumGetPointer(value), typlen);
}

PG_FUNCTION_INFO_V1(anon_sample_row);

/*
 * anon._sample_row(relid oid, percent float8, VARIADIC key "any") returns
 * whether the row of that primary key is in the relation's sample: keyed
 * by the server secret, the relation (the root of its inheritance tree)
 * and the key's raw value, so a row stays in, or out, whatever becomes of
 * its place in the table.
 */
Datum
anon_sample_row(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	float8		percent = PG_GETARG_FLOAT8(1);
	StringInfoData msg;
	uint8		digest[ANON_NOISE_KEY_BYTES];
	unsigned int len = 0;
	uint64		draw;
	int			i;

	anon_noise_check_caller(relid, "anon._sample_row");
	anon_noise_load_secret();
	initStringInfo(&msg);
	appendBinaryStringInfo(&msg, "anon row sample", 15);
	appendBinaryStringInfo(&msg, (char *) &relid, sizeof(relid));
	for (i = 2; i < PG_NARGS(); i++)
		anon_noise_append_value(&msg, PG_GETARG_DATUM(i),
								get_fn_expr_argtype(fcinfo->flinfo, i),
								PG_ARGISNULL(i));
	if (HMAC(EVP_sha256(), anon_noise_secret, sizeof(anon_noise_secret),
			 (const unsigned char *) msg.data, msg.len, digest, &len) == NULL ||
		len != sizeof(digest))
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("could not derive the sampling draw of a row")));
	pfree(msg.data);
	memcpy(&draw, digest, sizeof(draw));
	/* 53 random bits: a uniform double in [0, 1) */
	PG_RETURN_BOOL((double) (draw >> 11) * (1.0 / 9007199254740992.0) * 100.0 < percent);
}

/*
 * A masked reader's BERNOULLI or SYSTEM sampling label, made a qual over
 * the primary key of rel (range table entry rtindex): the sample was drawn
 * by the place of a row in the table (its block, its line), and a row
 * moves at every UPDATE, of any column, and at VACUUM FULL or CLUSTER; a
 * masked reader that read a 10% sample after each of twenty updates of
 * the table gathered 88% of its rows.  Drawn by the primary key's raw
 * value, a row stays in the sample or out of it.  NULL (the positional
 * sample stays) for other methods and for tables without a primary key.
 */
Node *
anon_noise_row_sample(TableSampleClause *tsc, Relation rel, Index rtindex)
{
	Oid			pkindex;
	Relation	index;
	Const	   *pct;
	Oid			fn;
	Oid			root;
	Oid			argtypes[3] = {OIDOID, FLOAT8OID, ANYOID};
	List	   *args;
	FuncExpr   *call;
	float8		percent;
	int			i;

	if (tsc == NULL || (tsc->tsmhandler != F_BERNOULLI && tsc->tsmhandler != F_SYSTEM) ||
		list_length(tsc->args) != 1 || !IsA(linitial(tsc->args), Const))
		return NULL;
	pct = (Const *) linitial(tsc->args);
	if (pct->constisnull || pct->consttype != FLOAT4OID)
		return NULL;
	percent = (float8) DatumGetFloat4(pct->constvalue);
	pkindex = anon_relation_primary_key(rel);
	if (!OidIsValid(pkindex))
		return NULL;
	fn = LookupFuncName(list_make2(makeString("anon"), makeString("_sample_row")),
						3, argtypes, true);
	if (!OidIsValid(fn))
		return NULL;
	anon_noise_root(RelationGetRelid(rel), NULL, &root, NULL);
	args = list_make2(makeConst(OIDOID, -1, InvalidOid, sizeof(Oid),
								ObjectIdGetDatum(root), false, true),
					  makeConst(FLOAT8OID, -1, InvalidOid, sizeof(float8),
								Float8GetDatum(percent), false, FLOAT8PASSBYVAL));
	index = index_open(pkindex, AccessShareLock);
	for (i = 0; i < index->rd_index->indnkeyatts; i++)
	{
		AttrNumber	attnum = index->rd_index->indkey.values[i];
		Form_pg_attribute att;

		if (attnum <= 0)
		{
			index_close(index, AccessShareLock);
			return NULL;
		}
		att = TupleDescAttr(RelationGetDescr(rel), attnum - 1);
		args = lappend(args, makeVar(rtindex, attnum, att->atttypid, att->atttypmod,
									 att->attcollation, 0));
	}
	index_close(index, AccessShareLock);
	call = makeFuncExpr(fn, BOOLOID, args, InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
	/* RESTRICTED: only this call passes, as a rule's would */
	return anon_rule_calls_mark((Node *) call);
}
