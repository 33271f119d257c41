/*-------------------------------------------------------------------------
 *
 * fk_consistency.c
 *		Foreign keys as masking sees them: the declared ones, the virtual
 *		ones that labels declare for schemas that declare none, and the
 *		checks that keep a key and its references masked alike.
 *
 * Virtual foreign keys (Greenmask #156).  Many schemas declare no foreign
 * keys (an ORM checks them, or the tables come from another system), yet
 * subsets must follow them and masks must stay consistent along them.  A
 * label declares them, for provider anon (they describe the schema, so
 * every policy reads them):
 *
 *	 column  REFERENCES [schema.]table [(column)]
 *	 table   FOREIGN KEY (a, b) REFERENCES [schema.]table [(x, y)] [, ...]
 *
 * (the FOREIGN KEY form may also be written on one of the key's columns,
 * for a table whose label is taken by MASKED WHEN or TABLESAMPLE).  A
 * table without a schema is in the labelled table's schema, never looked
 * up through the search path; without columns, the referenced table's
 * primary key.  The label is checked when it is written: the table and
 * columns exist, each pair of types compares with a built-in equality
 * operator of pg_catalog (the one subsets then use), and the writer holds
 * the REFERENCES privilege on the referenced columns, as for a declared
 * key (a virtual key makes the referencing column take the referenced
 * key's mask, so it must not be a way to run someone else's rule on
 * values of one's choosing).  Referenced columns that are not unique are
 * accepted, with a NOTICE: a subset then copies every row that matches,
 * and the key is not recreated in a copy.  Nothing is enforced on the data.
 *
 * Consistent masking (Greenmask's apply_for_references).  A referencing
 * column without a rule of its own takes the rule of the key it
 * references (mask.c), which must be deterministic and read only the key;
 * a referencing column with a rule of its own (NOT MASKED included) must
 * have the same one.  Otherwise the policy breaks the key: a join of the
 * masked tables loses its rows, a static run breaks the constraint.  The
 * relabel callback calls anon_fk_check_rule() to refuse such a rule when
 * it is written, on the one level it can see; mask.c checks the whole
 * chain whenever it computes a mask, so that a key added later cannot
 * slip through.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/table.h"
#include "access/transam.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_operator.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "parser/parse_oper.h"
#include "parser/scansup.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "fk_consistency.h"
#include "label.h"
#include "rules.h"

/* ---- Parsing virtual key labels ---- */

typedef struct AnonFkLexer
{
	const char *p;
	const char *label;			/* for errors */
	Oid			relid;			/* the labelled table, for errors */
} AnonFkLexer;

/* one virtual key as written */
typedef struct AnonFkDef
{
	List	   *cols;			/* referencing column names */
	char	   *nspname;		/* NULL: the labelled table's schema */
	char	   *relname;
	List	   *refcols;		/* NIL: the primary key */
} AnonFkDef;

static void
anon_fk_syntax(AnonFkLexer *lx, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("invalid virtual foreign key label on table \"%s\": %s",
					get_rel_name(lx->relid), what),
			 errhint("Write REFERENCES schema.table [(column)] on a column, or "
					 "FOREIGN KEY (a, b) REFERENCES schema.table [(x, y)] on the table.")));
}

static void
anon_fk_skip(AnonFkLexer *lx)
{
	while (scanner_isspace(*lx->p))
		lx->p++;
}

static bool
anon_fk_punct(AnonFkLexer *lx, char c)
{
	anon_fk_skip(lx);
	if (*lx->p != c)
		return false;
	lx->p++;
	return true;
}

/* an identifier (quoted, or unquoted and folded to lower case), or NULL */
static char *
anon_fk_ident(AnonFkLexer *lx, bool *quoted)
{
	StringInfoData buf;

	anon_fk_skip(lx);
	initStringInfo(&buf);
	*quoted = false;
	if (*lx->p == '"')
	{
		lx->p++;
		for (;;)
		{
			if (*lx->p == '\0')
				anon_fk_syntax(lx, "unterminated quoted identifier");
			if (*lx->p == '"' && lx->p[1] == '"')
			{
				appendStringInfoChar(&buf, '"');
				lx->p += 2;
				continue;
			}
			if (*lx->p == '"')
			{
				lx->p++;
				break;
			}
			appendStringInfoChar(&buf, *lx->p++);
		}
		if (buf.len == 0)
			anon_fk_syntax(lx, "zero-length quoted identifier");
		*quoted = true;
		return buf.data;
	}
	if (isalpha((unsigned char) *lx->p) || *lx->p == '_' || IS_HIGHBIT_SET(*lx->p))
	{
		const char *start = lx->p;

		while (isalnum((unsigned char) *lx->p) || *lx->p == '_' || *lx->p == '$' ||
			   IS_HIGHBIT_SET(*lx->p))
			lx->p++;
		return downcase_truncate_identifier(start, lx->p - start, false);
	}
	return NULL;
}

static bool
anon_fk_keyword(AnonFkLexer *lx, const char *kw)
{
	const char *save = lx->p;
	bool		quoted;
	char	   *word = anon_fk_ident(lx, &quoted);

	if (word != NULL && !quoted && pg_strcasecmp(word, kw) == 0)
		return true;
	lx->p = save;
	return false;
}

/* ( name [, name ...] ) */
static List *
anon_fk_column_list(AnonFkLexer *lx)
{
	List	   *cols = NIL;

	if (!anon_fk_punct(lx, '('))
		anon_fk_syntax(lx, "a list of columns in parentheses is expected");
	do
	{
		bool		quoted;
		char	   *col = anon_fk_ident(lx, &quoted);

		if (col == NULL)
			anon_fk_syntax(lx, "a column name is expected");
		cols = lappend(cols, col);
	} while (anon_fk_punct(lx, ','));
	if (!anon_fk_punct(lx, ')'))
		anon_fk_syntax(lx, "\")\" is expected after the columns");
	if (list_length(cols) > INDEX_MAX_KEYS)
		anon_fk_syntax(lx, "too many columns");
	return cols;
}

/* [schema.]table [(columns)] after REFERENCES */
static void
anon_fk_target(AnonFkLexer *lx, AnonFkDef *def)
{
	bool		quoted;
	char	   *first = anon_fk_ident(lx, &quoted);

	if (first == NULL)
		anon_fk_syntax(lx, "a table name is expected after REFERENCES");
	if (anon_fk_punct(lx, '.'))
	{
		def->nspname = first;
		def->relname = anon_fk_ident(lx, &quoted);
		if (def->relname == NULL)
			anon_fk_syntax(lx, "a table name is expected after the schema");
	}
	else
		def->relname = first;
	anon_fk_skip(lx);
	if (*lx->p == '(')
		def->refcols = anon_fk_column_list(lx);
}

/*
 * The keys a label declares: REFERENCES (kind ANON_LABEL_REFERENCES, the
 * labelled column referencing) or FOREIGN KEY (cols) REFERENCES ..., one
 * or more separated by commas.
 */
static List *
anon_fk_parse(Oid relid, AttrNumber attnum, const AnonLabel *label)
{
	AnonFkLexer lx;
	List	   *defs = NIL;

	lx.p = label->expr;
	lx.label = label->expr;
	lx.relid = relid;
	if (label->kind == ANON_LABEL_REFERENCES)
	{
		AnonFkDef  *def = palloc0(sizeof(AnonFkDef));

		def->cols = list_make1(get_attname(relid, attnum, false));
		anon_fk_target(&lx, def);
		defs = lappend(defs, def);
	}
	else
	{
		/* the keywords FOREIGN KEY of the first key were read by label.c */
		for (;;)
		{
			AnonFkDef  *def = palloc0(sizeof(AnonFkDef));

			def->cols = anon_fk_column_list(&lx);
			if (!anon_fk_keyword(&lx, "references"))
				anon_fk_syntax(&lx, "REFERENCES is expected after the columns");
			anon_fk_target(&lx, def);
			defs = lappend(defs, def);
			if (!anon_fk_punct(&lx, ','))
				break;
			if (!anon_fk_keyword(&lx, "foreign") || !anon_fk_keyword(&lx, "key"))
				anon_fk_syntax(&lx, "FOREIGN KEY is expected after a comma");
		}
	}
	anon_fk_skip(&lx);
	if (*lx.p != '\0')
		anon_fk_syntax(&lx, "unexpected text after the key");
	return defs;
}

/* ---- Resolving and checking virtual keys ---- */

/* the columns of the primary key of relid, in key order, or NIL */
static List *
anon_fk_primary_key(Relation rel)
{
	List	   *cols = NIL;
	Oid			pk = anon_relation_primary_key(rel);
	HeapTuple	tup;
	Form_pg_index ind;
	int			i;

	if (!OidIsValid(pk))
		return NIL;
	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(pk));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for index %u", pk);
	ind = (Form_pg_index) GETSTRUCT(tup);
	for (i = 0; i < ind->indnkeyatts; i++)
		cols = lappend(cols, get_attname(RelationGetRelid(rel), ind->indkey.values[i], false));
	ReleaseSysCache(tup);
	return cols;
}

/* is there a unique, immediate or not, full index on exactly these columns? */
static bool
anon_fk_unique(Relation rel, const AttrNumber *keys, int n)
{
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	bool		found = false;

	foreach(lc, indexes)
	{
		HeapTuple	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index ind;
		bool		isnull;

		if (!HeapTupleIsValid(tup))
			continue;
		ind = (Form_pg_index) GETSTRUCT(tup);
		(void) SysCacheGetAttr(INDEXRELID, tup, Anum_pg_index_indpred, &isnull);
		if (ind->indisunique && ind->indnkeyatts == n && isnull &&
			heap_attisnull(tup, Anum_pg_index_indexprs, NULL))
		{
			int			i,
						j;
			bool		all = true;

			for (i = 0; i < n && all; i++)
			{
				bool		hit = false;

				for (j = 0; j < n; j++)
					if (ind->indkey.values[j] == keys[i])
						hit = true;
				all = hit;
			}
			found = all;
		}
		ReleaseSysCache(tup);
		if (found)
			break;
	}
	list_free(indexes);
	return found;
}

/*
 * The built-in equality operator comparing a referenced value of type
 * pktype with a referencing one of type fktype, as a declared key would
 * find it: pg_catalog.= (pktype, fktype), else, when fktype is binary
 * coercible to pktype, pg_catalog.= (pktype, pktype).  InvalidOid if none.
 */
static Oid
anon_fk_equality(Oid pktype, Oid fktype)
{
	List	   *name = list_make2(makeString("pg_catalog"), makeString("="));
	Oid			opno;

	pktype = getBaseType(pktype);
	fktype = getBaseType(fktype);
	opno = OpernameGetOprid(name, pktype, fktype);
	if (!OidIsValid(opno) && IsBinaryCoercible(fktype, pktype))
		opno = OpernameGetOprid(name, pktype, pktype);
	if (OidIsValid(opno) &&
		(opno >= FirstNormalObjectId || get_op_rettype(opno) != BOOLOID))
		opno = InvalidOid;
	return opno;
}

static AttrNumber
anon_fk_attnum(Oid relid, const char *col, const char *what, const char *keyname,
			   bool missing_ok)
{
	AttrNumber	attnum = get_attnum(relid, col);

	if (attnum <= 0 && missing_ok)
		return InvalidAttrNumber;
	if (attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of %s table \"%s\" of virtual foreign key \"%s\" does not exist",
						col, what, get_rel_name(relid), keyname)));
	return attnum;
}

/* one virtual key as written, resolved against the catalog */
static AnonForeignKey *
anon_fk_resolve(Relation rel, AttrNumber attnum, AnonFkDef *def, bool check,
				bool missing_ok)
{
	AnonForeignKey *fk = palloc0(sizeof(AnonForeignKey));
	Oid			relid = RelationGetRelid(rel);
	Oid			nspid;
	Relation	prel;
	List	   *refcols;
	char	   *target;
	ListCell   *lc;
	int			i;
	bool		labelled_col_in_key = attnum == 0;

	fk->is_virtual = true;
	fk->relid = relid;
	fk->conname = psprintf("%s_%s_vfkey", RelationGetRelationName(rel),
						   (const char *) linitial(def->cols));
	fk->matchtype = FKCONSTR_MATCH_SIMPLE;
	fk->updtype = FKCONSTR_ACTION_NOACTION;
	fk->deltype = FKCONSTR_ACTION_NOACTION;

	/* the referencing columns */
	fk->numfks = list_length(def->cols);
	foreach(lc, def->cols)
	{
		i = foreach_current_index(lc);
		fk->conkey[i] = anon_fk_attnum(relid, lfirst(lc), "referencing", fk->conname, missing_ok);
		if (fk->conkey[i] == InvalidAttrNumber)
			return NULL;
		if (fk->conkey[i] == attnum)
			labelled_col_in_key = true;
	}
	if (!labelled_col_in_key)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("virtual foreign key \"%s\" written on column \"%s\" does not include it",
						fk->conname, get_attname(relid, attnum, false)),
				 errhint("Write the label on the table, or on a column of the key.")));

	/* the referenced table: schema-qualified, or in the labelled table's schema */
	nspid = def->nspname ? get_namespace_oid(def->nspname, true) :
		RelationGetNamespace(rel);
	target = def->nspname ? quote_qualified_identifier(def->nspname, def->relname) :
		quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)), def->relname);
	fk->confrelid = OidIsValid(nspid) ? get_relname_relid(def->relname, nspid) : InvalidOid;
	if (missing_ok &&
		(!OidIsValid(fk->confrelid) ||
		 (get_rel_relkind(fk->confrelid) != RELKIND_RELATION &&
		  get_rel_relkind(fk->confrelid) != RELKIND_PARTITIONED_TABLE)))
		return NULL;
	if (!OidIsValid(fk->confrelid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table %s referenced by virtual foreign key \"%s\" of table \"%s\" does not exist",
						target, fk->conname, RelationGetRelationName(rel)),
				 errhint("Create the table first, or correct the label (a table without a schema is looked up in the schema of the labelled table).")));
	if (get_rel_relkind(fk->confrelid) != RELKIND_RELATION &&
		get_rel_relkind(fk->confrelid) != RELKIND_PARTITIONED_TABLE)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("%s referenced by virtual foreign key \"%s\" is not a table",
						target, fk->conname)));

	prel = table_open(fk->confrelid, AccessShareLock);
	refcols = def->refcols ? def->refcols : anon_fk_primary_key(prel);
	if (missing_ok && (refcols == NIL || list_length(refcols) != fk->numfks))
	{
		table_close(prel, AccessShareLock);
		return NULL;
	}
	if (refcols == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_FOREIGN_KEY),
				 errmsg("table %s referenced by virtual foreign key \"%s\" has no primary key",
						target, fk->conname),
				 errhint("Name the referenced columns: REFERENCES table (column).")));
	if (list_length(refcols) != fk->numfks)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_FOREIGN_KEY),
				 errmsg("virtual foreign key \"%s\" has %d referencing and %d referenced columns",
						fk->conname, fk->numfks, list_length(refcols))));
	foreach(lc, refcols)
	{
		Oid			pktype;
		Oid			fktype;

		i = foreach_current_index(lc);
		fk->confkey[i] = anon_fk_attnum(fk->confrelid, lfirst(lc), "referenced", fk->conname,
										missing_ok);
		if (fk->confkey[i] == InvalidAttrNumber)
		{
			table_close(prel, AccessShareLock);
			return NULL;
		}
		pktype = TupleDescAttr(RelationGetDescr(prel), fk->confkey[i] - 1)->atttypid;
		fktype = TupleDescAttr(RelationGetDescr(rel), fk->conkey[i] - 1)->atttypid;
		fk->pfeqop[i] = anon_fk_equality(pktype, fktype);
		if (!OidIsValid(fk->pfeqop[i]) && missing_ok)
		{
			table_close(prel, AccessShareLock);
			return NULL;
		}
		if (!OidIsValid(fk->pfeqop[i]))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("virtual foreign key \"%s\" cannot be implemented", fk->conname),
					 errdetail("Key columns \"%s\" and \"%s\" are of incompatible types: %s and %s.",
							   get_attname(relid, fk->conkey[i], false),
							   get_attname(fk->confrelid, fk->confkey[i], false),
							   format_type_be(fktype), format_type_be(pktype)),
					 errhint("A virtual key compares its columns with a built-in equality operator.")));
	}
	fk->unique = anon_fk_unique(prel, fk->confkey, fk->numfks);

	if (check)
	{
		/* as for a declared key: the writer may reference those columns */
		if (pg_class_aclcheck(fk->confrelid, GetUserId(), ACL_REFERENCES) != ACLCHECK_OK)
			for (i = 0; i < fk->numfks; i++)
				if (pg_attribute_aclcheck(fk->confrelid, fk->confkey[i], GetUserId(),
										  ACL_REFERENCES) != ACLCHECK_OK)
					ereport(ERROR,
							(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
							 errmsg("permission denied to reference table %s in virtual foreign key \"%s\"",
									target, fk->conname),
							 errdetail("A virtual key, as a declared one, needs the REFERENCES privilege on the referenced columns.")));
		if (!fk->unique)
			ereport(NOTICE,
					(errmsg("columns (%s) referenced by virtual foreign key \"%s\" are not unique",
							anon_fk_attnames(fk->confrelid, fk->confkey, fk->numfks), fk->conname),
					 errdetail("A subset copies every row that matches a reference; the key is not recreated in a masked copy.")));
	}
	table_close(prel, AccessShareLock);
	return fk;
}

/*
 * the virtual keys of one label of rel (attnum 0: the table's); with
 * dangling, a key that no longer resolves is left out and *dangling set
 * instead of an error
 */
static List *
anon_fk_virtual_keys(Relation rel, AttrNumber attnum, const AnonLabel *label, bool check,
					 bool *dangling)
{
	List	   *keys = NIL;
	ListCell   *lc;

	foreach(lc, anon_fk_parse(RelationGetRelid(rel), attnum, label))
	{
		AnonForeignKey *fk = anon_fk_resolve(rel, attnum, (AnonFkDef *) lfirst(lc), check,
											 dangling != NULL);

		if (fk == NULL)
			*dangling = true;
		else
			keys = lappend(keys, fk);
	}
	return keys;
}

List *
anon_fk_virtual_check(Relation rel, AttrNumber attnum, const char *label)
{
	AnonLabel	parsed = anon_label_parse(label);

	Assert(parsed.kind == ANON_LABEL_REFERENCES || parsed.kind == ANON_LABEL_FOREIGN_KEY);
	return anon_fk_virtual_keys(rel, attnum, &parsed, true, NULL);
}

/* ---- Listing the keys of a table ---- */

List *
anon_fk_referencing(Oid relid, bool clones, bool with_virtual)
{
	return anon_fk_referencing_ext(relid, clones, with_virtual, NULL);
}

List *
anon_fk_referencing_ext(Oid relid, bool clones, bool with_virtual, bool *dangling)
{
	Relation	conrel = table_open(ConstraintRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	List	   *fkeys = NIL;

	ScanKeyInit(&key, Anum_pg_constraint_conrelid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(conrel, ConstraintRelidTypidNameIndexId, true,
							  NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);
		AnonForeignKey *fk;

		if (con->contype != CONSTRAINT_FOREIGN ||
			(!clones && OidIsValid(con->conparentid)))
			continue;
		fk = palloc0(sizeof(AnonForeignKey));
		fk->conname = pstrdup(NameStr(con->conname));
		fk->unique = true;
		fk->relid = relid;
		fk->confrelid = con->confrelid;
		DeconstructFkConstraintRow(tup, &fk->numfks, fk->conkey, fk->confkey,
								   fk->pfeqop, NULL, NULL, NULL, NULL);
		fk->matchtype = con->confmatchtype;
		fk->updtype = con->confupdtype;
		fk->deltype = con->confdeltype;
		fk->deferrable = con->condeferrable;
		fk->deferred = con->condeferred;
		fkeys = lappend(fkeys, fk);
	}
	systable_endscan(scan);
	table_close(conrel, AccessShareLock);

	if (with_virtual)
	{
		const AnonRelationRules *rules = anon_rules_get(relid, 0);

		if (rules->nvirtual > 0)
		{
			int			n = rules->nvirtual;
			AnonColumnRule *vkeys = palloc(sizeof(AnonColumnRule) * n);
			Relation	rel = relation_open(relid, AccessShareLock);
			int			i;

			/* copy: resolving may process invalidations */
			memcpy(vkeys, rules->virtual_keys, sizeof(AnonColumnRule) * n);
			for (i = 0; i < n; i++)
			{
				AnonLabel	parsed;

				parsed.kind = vkeys[i].kind;
				parsed.expr = pstrdup(vkeys[i].parsed.expr);
				fkeys = list_concat(fkeys,
									anon_fk_virtual_keys(rel, vkeys[i].attnum, &parsed, false,
														 dangling));
			}
			relation_close(rel, AccessShareLock);
		}
	}
	return fkeys;
}

char *
anon_fk_attnames(Oid relid, const AttrNumber *keys, int n)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	for (i = 0; i < n; i++)
		appendStringInfo(&buf, "%s%s", i > 0 ? ", " : "",
						 quote_identifier(get_attname(relid, keys[i], false)));
	return buf.data;
}

/* ---- Masks along a key ---- */

typedef struct AnonKeyNorm
{
	AttrNumber	attnum;			/* the key column */
	bool		other;			/* another column is read */
} AnonKeyNorm;

/* the key column's Var as one placeholder, so both sides' masks compare */
static Node *
anon_fk_key_norm(Node *node, AnonKeyNorm *ctx)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Var))
	{
		Var		   *v = (Var *) copyObject(node);

		if (v->varattno != ctx->attnum)
			ctx->other = true;
		v->varno = 1;
		v->varattno = 1;
		v->vartypmod = -1;
		v->varnosyn = 1;
		v->varattnosyn = 1;
		return (Node *) v;
	}
	return expression_tree_mutator(node, anon_fk_key_norm, (void *) ctx);
}

const char *
anon_fk_mask_refusal(Node *child, AttrNumber cattnum, Node *parent, AttrNumber pattnum)
{
	AnonKeyNorm cn = {cattnum, false};
	AnonKeyNorm pn = {pattnum, false};

	if (child == NULL && parent == NULL)
		return NULL;
	if (child != NULL && IsA(child, Const) && ((Const *) child)->constisnull)
		return NULL;
	if (child == NULL)
		return "The referenced column is masked and the referencing column is not.";
	if (parent == NULL)
		return "The referencing column is masked and the referenced column is not.";
	if (contain_volatile_functions(child) || contain_volatile_functions(parent))
		return "Both columns are masked, by a volatile expression: each side would draw its own values.";
	child = anon_fk_key_norm(child, &cn);
	parent = anon_fk_key_norm(parent, &pn);
	if (cn.other || pn.other)
		return "A mask of the key reads other columns of its table.";
	/* a type or typmod of its own on each side is no difference */
	child = strip_implicit_coercions(child);
	parent = strip_implicit_coercions(parent);
	if (!equal(child, parent))
		return "The two columns are masked by different expressions.";
	return NULL;
}

bool
anon_fk_mask_reads_other(Node *mask, AttrNumber attnum)
{
	AnonKeyNorm norm = {attnum, false};

	(void) anon_fk_key_norm(mask, &norm);
	return norm.other;
}

const char *
anon_fk_transferable(Node *parent, AttrNumber pattnum)
{
	AnonKeyNorm pn = {pattnum, false};

	if (contain_volatile_functions(parent))
		return "The referenced column is masked by a volatile expression: each referencing row would draw a value of its own.";
	(void) anon_fk_key_norm(parent, &pn);
	if (pn.other)
		return "The mask of the referenced column reads other columns of its table (or its MASKED WHEN condition does).";
	return NULL;
}

typedef struct AnonFkSubst
{
	AttrNumber	pattnum;
	Node	   *repl;
} AnonFkSubst;

static Node *
anon_fk_subst(Node *node, AnonFkSubst *ctx)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Var) && ((Var *) node)->varno == 1 &&
		((Var *) node)->varlevelsup == 0 && ((Var *) node)->varattno == ctx->pattnum)
		return copyObject(ctx->repl);
	return expression_tree_mutator(node, anon_fk_subst, (void *) ctx);
}

Node *
anon_fk_transfer(Node *parent, AttrNumber pattnum, Oid ptype, int32 ptypmod,
				 Form_pg_attribute catt)
{
	AnonFkSubst ctx;
	Node	   *cvar = (Node *) makeVar(1, catt->attnum, catt->atttypid, catt->atttypmod,
										catt->attcollation, 0);
	Node	   *expr;

	/* the referencing value, as a value of the referenced column's type */
	if (catt->atttypid != ptype)
	{
		cvar = coerce_to_target_type(NULL, cvar, catt->atttypid, ptype, ptypmod,
									 COERCION_ASSIGNMENT, COERCE_IMPLICIT_CAST, -1);
		if (cvar == NULL)
			return NULL;
	}
	ctx.pattnum = pattnum;
	ctx.repl = cvar;
	expr = anon_fk_subst(copyObject(parent), &ctx);
	/* the mask, as a value of the referencing column's type */
	if (exprType(expr) != catt->atttypid)
		expr = coerce_to_target_type(NULL, expr, exprType(expr), catt->atttypid,
									 catt->atttypmod, COERCION_ASSIGNMENT,
									 COERCE_IMPLICIT_CAST, -1);
	return expr;
}

static void
anon_fk_report(const AnonForeignKey *fk, int i, const char *why, int elevel)
{
	ereport(elevel,
			(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
			 errmsg("the masking policy would break %sforeign key \"%s\" of table \"%s\"",
					fk->is_virtual ? "virtual " : "", fk->conname, get_rel_name(fk->relid)),
			 errdetail("Column \"%s\" references column \"%s\" of table \"%s\". %s%s",
					   get_attname(fk->relid, fk->conkey[i], false),
					   get_attname(fk->confrelid, fk->confkey[i], false),
					   get_rel_name(fk->confrelid), why,
					   elevel < ERROR ? "  Until the policy is fixed, masked reads, static masking, masked copies and dumps of these tables are refused." : ""),
			 errhint("Mask the referenced column with a deterministic function of the key alone "
					 "(anon.pseudo_*, anon.hash, anon.pseudonymize, ...): its references without a rule "
					 "of their own take the same one.  Remove the rules of the referencing columns, or "
					 "make them the same."),
			 err_generic_string(PG_DIAG_SCHEMA_NAME,
								get_namespace_name(get_rel_namespace(fk->relid))),
			 err_generic_string(PG_DIAG_TABLE_NAME, get_rel_name(fk->relid)),
			 err_generic_string(PG_DIAG_CONSTRAINT_NAME, fk->conname)));
}

/*
 * The function, not made by initdb, of the implicit cast from type source
 * to type target that PostgreSQL adds when it compares a key column with
 * an operator taking target (element by element for arrays), or InvalidOid
 * when there is none.
 */
static Oid
anon_fk_cast_function(Oid source, Oid target)
{
	CoercionPathType path;
	Oid			funcid = InvalidOid;

	if (source == target || IsBinaryCoercible(source, target))
		return InvalidOid;
	path = find_coercion_pathway(target, source, COERCION_IMPLICIT, &funcid);
	if (path == COERCION_PATH_FUNC && funcid >= FirstNormalObjectId)
		return funcid;
	if (path == COERCION_PATH_ARRAYCOERCE &&
		OidIsValid(get_element_type(getBaseType(source))) &&
		OidIsValid(get_element_type(target)))
		return anon_fk_cast_function(get_element_type(getBaseType(source)),
									 get_element_type(target));
	return InvalidOid;
}

/*
 * Code a table's owner wrote that comparing key column i of fk runs: a
 * cast of one column's type to the type of the equality operator's
 * argument, through a function of the owner's (CREATE CAST ... AS IMPLICIT
 * on a type the owner made).  The foreign key's own checks and every query
 * anon builds over the key call it; run by a superuser, it would run with
 * the superuser's rights.  InvalidOid when the comparison runs only
 * built-in code.
 */
Oid
anon_fk_key_cast(const AnonForeignKey *fk, int i)
{
	Oid			lefttype;
	Oid			righttype;
	Oid			funcid;

	op_input_types(fk->pfeqop[i], &lefttype, &righttype);
	funcid = anon_fk_cast_function(get_atttype(fk->confrelid, fk->confkey[i]), lefttype);
	if (!OidIsValid(funcid))
		funcid = anon_fk_cast_function(get_atttype(fk->relid, fk->conkey[i]), righttype);
	return funcid;
}

/*
 * Refuse a foreign key whose comparison runs code of the owner's
 * (anon_fk_key_cast), for what (the command) run by another role.
 */
void
anon_fk_refuse_key_casts(const AnonForeignKey *fk, const char *what)
{
	int			i;

	for (i = 0; i < fk->numfks; i++)
	{
		Oid			funcid = anon_fk_key_cast(fk, i);

		if (OidIsValid(funcid))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("%s cannot follow foreign key \"%s\" of table \"%s\": comparing its keys calls function %s",
							what, fk->conname, get_rel_name(fk->relid),
							format_procedure_qualified(funcid)),
					 errdetail("Column \"%s\" is compared with column \"%s\" of table \"%s\" through a cast that is not built in, which would run with the rights of the caller.",
							   get_attname(fk->relid, fk->conkey[i], false),
							   get_attname(fk->confrelid, fk->confkey[i], false),
							   get_rel_name(fk->confrelid)),
					 errhint("Give both key columns the same type, or drop the cast.")));
	}
}

void
anon_fk_refuse(const AnonForeignKey *fk, int i, const char *why)
{
	anon_fk_report(fk, i, why, ERROR);
	pg_unreachable();
}

/* the analysed own rule of column attnum of relid for a policy; *has: any label */
static Node *
anon_fk_own_rule(Oid relid, AttrNumber attnum, int pidx, bool *has)
{
	const AnonRelationRules *rules = anon_rules_get(relid, pidx);
	const AnonColumnRule *rule = anon_rules_column(rules, attnum);
	Relation	rel;
	Node	   *expr;

	*has = rule != NULL;
	if (rule == NULL || rule->kind == ANON_LABEL_NOT_MASKED)
		return NULL;
	rel = relation_open(relid, AccessShareLock);
	expr = anon_rules_expression(rel, pidx, attnum);
	relation_close(rel, AccessShareLock);
	return expr;
}

void
anon_fk_check_rule(Relation rel, AttrNumber attnum, Node *expr, const char *policy)
{
	int			pidx = anon_policy_index(policy);
	Oid			relid = RelationGetRelid(rel);
	Relation	conrel;
	SysScanDesc scan;
	HeapTuple	tup;
	List	   *referencing = NIL;
	ListCell   *lc;

	if (pidx < 0)
		return;

	/* as a referencing column: the key it references is masked alike */
	foreach(lc, anon_fk_referencing(relid, false, true))
	{
		AnonForeignKey *fk = (AnonForeignKey *) lfirst(lc);
		int			i;

		for (i = 0; i < fk->numfks; i++)
		{
			bool		has;
			Node	   *pexpr;
			const char *why;

			if (fk->conkey[i] != attnum ||
				(fk->confrelid == relid && fk->confkey[i] == attnum))
				continue;
			pexpr = anon_fk_own_rule(fk->confrelid, fk->confkey[i], pidx, &has);
			if (pexpr == NULL)
				continue;		/* the referenced key shows as it is */
			why = anon_fk_mask_refusal(expr, attnum, pexpr, fk->confkey[i]);
			if (why != NULL)
				anon_fk_report(fk, i, why, WARNING);
		}
	}

	if (expr == NULL)
		return;

	/* as a referenced column: its declared references (virtual ones are checked as masks are made) */
	conrel = table_open(ConstraintRelationId, AccessShareLock);
	scan = systable_beginscan(conrel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);

		if (con->contype == CONSTRAINT_FOREIGN && con->confrelid == relid &&
			!OidIsValid(con->conparentid))
			referencing = list_append_unique_oid(referencing, con->conrelid);
	}
	systable_endscan(scan);
	table_close(conrel, AccessShareLock);
	foreach(lc, referencing)
	{
		ListCell   *lc2;

		foreach(lc2, anon_fk_referencing(lfirst_oid(lc), false, false))
		{
			AnonForeignKey *fk = (AnonForeignKey *) lfirst(lc2);
			int			i;

			if (fk->confrelid != relid)
				continue;
			for (i = 0; i < fk->numfks; i++)
			{
				bool		has;
				Node	   *cexpr;
				const char *why;

				if (fk->confkey[i] != attnum)
					continue;
				if (fk->relid == relid && fk->conkey[i] == attnum)
					continue;	/* a column referencing itself */
				cexpr = anon_fk_own_rule(fk->relid, fk->conkey[i], pidx, &has);
				if (!has)
					why = anon_fk_transferable(expr, attnum);
				else
					why = anon_fk_mask_refusal(cexpr, fk->conkey[i], expr, attnum);
				if (why != NULL)
					anon_fk_report(fk, i, why, WARNING);
			}
		}
	}
}
