/*-------------------------------------------------------------------------
 *
 * owner_guard.c
 *		Refuse to plan, as the caller, a query over a relation whose owner's
 *		code PostgreSQL's planner would run with the caller's rights.
 *
 * The planner runs code it finds on a relation, whoever plans the query:
 * eval_const_expressions folds every call to an IMMUTABLE function whose
 * arguments are constants (after inlining SQL functions) in the relation's
 * index expressions and partial-index predicates (the relcache keeps them
 * folded, once per backend), its partition key, its extended statistics
 * expressions and, under constraint exclusion (on for partitions and
 * inheritance children, or when the database's owner sets it on for
 * everyone), its CHECK constraints; row-level security adds its policies'
 * code.  So a table owner's index on (evil('x') || name) ran evil() as the
 * superuser who called anon.k_anonymity on the table.
 *
 * anon runs most of its work on other roles' tables as their owner in a
 * security-restricted operation (static masking, copies, validation); the
 * entry points that read a table as their caller (the k-anonymity and risk
 * measures, anon.detect's samples, the subset closure and the pruning of
 * sampled copies in create_masked_copy) first ask here: every function
 * those expressions call must be one the caller may run as itself, i.e.
 * made by initdb, owned by a superuser, by the caller or a role it is a
 * member of, or one a masking rule may call (trust.c); else the statement
 * is refused, naming the relation and the function.  Partitions and
 * inheritance children are planned with their parent, and the relations
 * a view reads with the view: they are checked too.
 *
 * Code that runs for another role in a security-restricted operation (a
 * table owner's index expression, CHECK constraint or trigger while anon
 * masks or copies its table as that owner, and PostgreSQL's own REFRESH
 * MATERIALIZED VIEW, ANALYZE or CREATE INDEX) runs in the caller's
 * session.  PostgreSQL refuses a temporary table there, since the caller's
 * later statements would find it first on their path, but not the other
 * objects of a temporary schema: a domain pg_temp.text whose CHECK calls
 * the owner's function, created while anon.anonymize_table ran, stood in
 * for pg_catalog.text in every later cast to text of the superuser's
 * session (pg_temp comes first for types), running the owner's function as
 * the superuser (PostgreSQL 17.4 and 18.6; 15.20 refuses types itself).
 * The object access hook refuses to create a type, function, operator,
 * collation, conversion or text search object in a temporary schema
 * within a security-restricted operation.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/table.h"
#include "access/transam.h"
#include "catalog/namespace.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_conversion.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_index.h"
#include "catalog/pg_language.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_partitioned_table.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_statistic_ext.h"
#include "catalog/pg_ts_config.h"
#include "catalog/pg_ts_dict.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "rewrite/rewriteHandler.h"
#include "rewrite/rowsecurity.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "owner_guard.h"
#include "trust.h"

PG_FUNCTION_INFO_V1(anon_planned_code_is_safe);

typedef struct AnonOwnerWalk
{
	bool		folded;			/* only what the planner folds (else every call) */
	Oid			found;			/* the refused function */
	Oid			where;			/* the relation whose code calls it */
	List	   *seen;			/* relations checked */
} AnonOwnerWalk;

static bool anon_owner_rel_walk(Oid relid, AnonOwnerWalk *walk);

static Oid
anon_owner_func_owner(Oid funcid)
{
	HeapTuple	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		return InvalidOid;
	owner = ((Form_pg_proc) GETSTRUCT(tup))->proowner;
	ReleaseSysCache(tup);
	return owner;
}

static bool
anon_owner_func_is_sql(Oid funcid)
{
	HeapTuple	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	bool		sql;

	if (!HeapTupleIsValid(tup))
		return false;
	sql = ((Form_pg_proc) GETSTRUCT(tup))->prolang == SQLlanguageId;
	ReleaseSysCache(tup);
	return sql;
}

/* may the current user run funcid, written by someone else, as itself? */
static bool
anon_owner_fn_unsafe(Oid funcid, void *context)
{
	Oid			owner;

	if (funcid < FirstNormalObjectId)
		return false;
	owner = anon_owner_func_owner(funcid);
	if (!OidIsValid(owner) || superuser_arg(owner) || owner == GetUserId() ||
		is_member_of_role_nosuper(GetUserId(), owner))
		return false;
	if (anon_function_refusal(funcid, "anon") == NULL)
		return false;
	((AnonOwnerWalk *) context)->found = funcid;
	return true;
}

/*
 * Would the planner run funcid, called with args, while it plans?
 * eval_const_expressions calls an IMMUTABLE function whose arguments fold
 * to constants (here: contain no column), and inlines a SQL function,
 * whose body may then fold; a call over the row's columns runs only when
 * the executor evaluates the expression (as the table's owner, for anon).
 */
static bool
anon_owner_call_unsafe(Oid funcid, List *args, AnonOwnerWalk *walk)
{
	if (!anon_owner_fn_unsafe(funcid, walk))
		return false;
	if (!walk->folded || !contain_var_clause((Node *) args) ||
		anon_owner_func_is_sql(funcid))
		return true;
	walk->found = InvalidOid;
	return false;
}

/* the functions of an expression, and the relations of its queries */
static bool
anon_owner_expr_walker(Node *node, AnonOwnerWalk *walk)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		ListCell   *lc;

		foreach(lc, ((Query *) node)->rtable)
		{
			RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

			if (rte->rtekind == RTE_RELATION && anon_owner_rel_walk(rte->relid, walk))
				return true;
		}
		return query_tree_walker((Query *) node, anon_owner_expr_walker, (void *) walk, 0);
	}
	if (IsA(node, FuncExpr))
	{
		if (anon_owner_call_unsafe(((FuncExpr *) node)->funcid,
								   ((FuncExpr *) node)->args, walk))
			return true;
	}
	else if (IsA(node, OpExpr) || IsA(node, DistinctExpr) || IsA(node, NullIfExpr))
	{
		OpExpr	   *op = (OpExpr *) node;

		set_opfuncid(op);
		if (anon_owner_call_unsafe(op->opfuncid, op->args, walk))
			return true;
	}
	else if (IsA(node, ScalarArrayOpExpr))
	{
		ScalarArrayOpExpr *op = (ScalarArrayOpExpr *) node;

		set_sa_opfuncid(op);
		if (anon_owner_call_unsafe(op->opfuncid, op->args, walk))
			return true;
	}
	else if (check_functions_in_node(node, anon_owner_fn_unsafe, (void *) walk))
		return true;
	return expression_tree_walker(node, anon_owner_expr_walker, (void *) walk);
}

/* an expression stored as text in a catalog column */
static bool
anon_owner_text(Oid relid, const char *str, AnonOwnerWalk *walk)
{
	if (str == NULL)
		return false;
	if (anon_owner_expr_walker(stringToNode(str), walk))
	{
		walk->where = relid;
		return true;
	}
	return false;
}

static bool
anon_owner_syscache_text(int cacheid, Oid key, AttrNumber attnum, Oid relid,
						 AnonOwnerWalk *walk)
{
	HeapTuple	tup = SearchSysCache1(cacheid, ObjectIdGetDatum(key));
	bool		isnull;
	Datum		d;
	char	   *str = NULL;

	if (!HeapTupleIsValid(tup))
		return false;
	d = SysCacheGetAttr(cacheid, tup, attnum, &isnull);
	if (!isnull)
		str = TextDatumGetCString(d);
	ReleaseSysCache(tup);
	return anon_owner_text(relid, str, walk);
}

/* what planning a query over rel runs of its owner's code */
static bool
anon_owner_rel_code(Relation rel, AnonOwnerWalk *walk)
{
	Oid			relid = RelationGetRelid(rel);
	TupleConstr *constr = RelationGetDescr(rel)->constr;
	List	   *oids;
	ListCell   *lc;
	int			i;

	oids = RelationGetIndexList(rel);
	foreach(lc, oids)
		if (anon_owner_syscache_text(INDEXRELID, lfirst_oid(lc), Anum_pg_index_indexprs,
									 relid, walk) ||
			anon_owner_syscache_text(INDEXRELID, lfirst_oid(lc), Anum_pg_index_indpred,
									 relid, walk))
			return true;
	oids = RelationGetStatExtList(rel);
	foreach(lc, oids)
		if (anon_owner_syscache_text(STATEXTOID, lfirst_oid(lc), Anum_pg_statistic_ext_stxexprs,
									 relid, walk))
			return true;
	if (rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE &&
		anon_owner_syscache_text(PARTRELID, relid, Anum_pg_partitioned_table_partexprs,
								 relid, walk))
		return true;
	if (constr != NULL)
		for (i = 0; i < constr->num_check; i++)
			if (anon_owner_text(relid, constr->check[i].ccbin, walk))
				return true;
	if (rel->rd_rsdesc != NULL &&
		check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED)
		foreach(lc, rel->rd_rsdesc->policies)
		{
			RowSecurityPolicy *pol = (RowSecurityPolicy *) lfirst(lc);
			bool		bad;

			/* a policy's calls run for the reader, whatever their arguments */
			walk->folded = false;
			bad = anon_owner_expr_walker((Node *) pol->qual, walk) ||
				anon_owner_expr_walker((Node *) pol->with_check_qual, walk);
			walk->folded = true;
			if (bad)
			{
				walk->where = relid;
				return true;
			}
		}
	return false;
}

static bool
anon_owner_rel_walk(Oid relid, AnonOwnerWalk *walk)
{
	Relation	rel;
	bool		mine;
	bool		found = false;
	char		relkind;

	check_stack_depth();
	if (list_member_oid(walk->seen, relid))
		return false;
	walk->seen = lappend_oid(walk->seen, relid);
	rel = relation_open(relid, AccessShareLock);
	relkind = rel->rd_rel->relkind;
	mine = rel->rd_rel->relowner == GetUserId() ||
		is_member_of_role_nosuper(GetUserId(), rel->rd_rel->relowner);
	if (relkind == RELKIND_VIEW)
	{
		Query	   *query = copyObject(get_view_query(rel));

		relation_close(rel, AccessShareLock);
		/* a view's functions run as its reader; its relations are planned */
		if (mine)
		{
			ListCell   *lc;

			foreach(lc, query->rtable)
			{
				RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

				if (rte->rtekind == RTE_RELATION && anon_owner_rel_walk(rte->relid, walk))
					return true;
			}
			return false;
		}
		{
			bool		folded = walk->folded;
			bool		bad;

			/* a view's calls run for the reader, whatever their arguments */
			walk->folded = false;
			bad = anon_owner_expr_walker((Node *) query, walk);
			walk->folded = folded;
			if (bad)
			{
				if (!OidIsValid(walk->where))
					walk->where = relid;
				return true;
			}
		}
		return false;
	}
	if (!mine)
		found = anon_owner_rel_code(rel, walk);
	relation_close(rel, AccessShareLock);
	if (found)
		return true;
	/* partitions and inheritance children are planned with their parent */
	if (relkind == RELKIND_RELATION || relkind == RELKIND_PARTITIONED_TABLE ||
		relkind == RELKIND_FOREIGN_TABLE)
	{
		List	   *children = find_inheritance_children(relid, AccessShareLock);
		ListCell   *lc;

		foreach(lc, children)
			if (anon_owner_rel_walk(lfirst_oid(lc), walk))
				return true;
	}
	return false;
}

Oid
anon_owner_planned_refusal(Oid relid, Oid *where)
{
	AnonOwnerWalk walk = {true, InvalidOid, InvalidOid, NIL};

	if (!anon_owner_rel_walk(relid, &walk))
		return InvalidOid;
	if (where)
		*where = walk.where;
	return walk.found;
}

void
anon_owner_check_planned(Oid relid, const char *what)
{
	Oid			where = InvalidOid;
	Oid			funcid = anon_owner_planned_refusal(relid, &where);

	if (!OidIsValid(funcid))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("%s cannot read relation \"%s\": function %s, in code of role \"%s\" on relation \"%s\", would run with your rights",
					what, get_rel_name(relid), format_procedure(funcid),
					GetUserNameFromId(anon_owner_func_owner(funcid), false),
					get_rel_name(where)),
			 errdetail("PostgreSQL's planner runs the functions of a relation's index expressions and predicates, partition key, statistics expressions, CHECK constraints and row-level security policies, and those of the views it reads, for whoever plans a query over it; anon plans this query as you."),
			 errhint("Run it as the relation's owner (SET ROLE), or have a superuser label the function TRUSTED.")));
}

/*
 * anon._planned_code_is_safe(relid regclass) RETURNS boolean: false when
 * planning a query over relid as the current user would run a function
 * another role wrote (anon.detect then samples none of its values).
 */
Datum
anon_planned_code_is_safe(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);

	if (get_rel_relkind(relid) == '\0')
		PG_RETURN_NULL();
	/* (it locks the relation: only for a role that may read some of it) */
	if (pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) != ACLCHECK_OK &&
		pg_attribute_aclcheck_all(relid, GetUserId(), ACL_SELECT, ACLMASK_ANY) != ACLCHECK_OK)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(!OidIsValid(anon_owner_planned_refusal(relid, NULL)));
}

/* is typid (maybe just created: SnapshotSelf) a relation's row type? */
static bool
anon_owner_new_type_is_rowtype(Oid typid)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	bool		result = false;

	rel = table_open(TypeRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_type_oid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(typid));
	scan = systable_beginscan(rel, TypeOidIndexId, true, SnapshotSelf, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
		result = OidIsValid(((Form_pg_type) GETSTRUCT(tup))->typrelid);
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return result;
}

/*
 * The schema of an object just created (its catalog row is not visible to
 * the catalog snapshot yet: read it with SnapshotSelf), InvalidOid if its
 * kind has none; *rowtype tells a type that is a relation's row type.
 */
static Oid
anon_owner_new_object_namespace(Oid classId, Oid objectId, bool *rowtype)
{
	AttrNumber	nspatt;
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			nsp = InvalidOid;

	*rowtype = false;
	nspatt = get_object_attnum_namespace(classId);
	if (nspatt == InvalidAttrNumber)
		return InvalidOid;
	rel = table_open(classId, AccessShareLock);
	ScanKeyInit(&key, get_object_attnum_oid(classId), BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(objectId));
	scan = systable_beginscan(rel, get_object_oid_index(classId), true,
							  SnapshotSelf, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, nspatt, RelationGetDescr(rel), &isnull);

		if (!isnull)
			nsp = DatumGetObjectId(d);
		if (classId == TypeRelationId)
		{
			Form_pg_type typ = (Form_pg_type) GETSTRUCT(tup);

			/* a relation's row type, or the array type of one */
			*rowtype = OidIsValid(typ->typrelid) ||
				(OidIsValid(typ->typelem) && typ->typelem != objectId &&
				 anon_owner_new_type_is_rowtype(typ->typelem));
		}
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return nsp;
}

/*
 * Relations are PostgreSQL's to refuse (it does, temporary tables and views
 * alike; its own index builds and rewrites of temporary tables make
 * indexes, constraints and transient tables there), and so are their row
 * types: the objects refused here are those that user code creates by
 * name, types first (a temporary type comes before pg_catalog's).
 */
void
anon_owner_object_access(ObjectAccessType access, Oid classId, Oid objectId,
						 int subId)
{
	Oid			nsp;
	bool		rowtype;

	if (access != OAT_POST_CREATE || subId != 0 || !InSecurityRestrictedOperation())
		return;
	if (classId != TypeRelationId && classId != ProcedureRelationId &&
		classId != OperatorRelationId && classId != CollationRelationId &&
		classId != ConversionRelationId && classId != TSConfigRelationId &&
		classId != TSDictionaryRelationId)
		return;
	nsp = anon_owner_new_object_namespace(classId, objectId, &rowtype);
	if (OidIsValid(nsp) && !rowtype && isAnyTempNamespace(nsp))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("cannot create an object in a temporary schema within a security-restricted operation"),
				 errdetail("Code run for another role (a table's index, constraint or trigger while its table is masked, copied or analysed as its owner) would leave it in the session of whoever called that, where its types come before pg_catalog's.")));
}
