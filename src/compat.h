/*-------------------------------------------------------------------------
 *
 * compat.h
 *		Every PG_VERSION_NUM shim of the anon extension, in one place.
 *
 * anon builds against PostgreSQL 15, 17 and 18; every difference between
 * them that the code meets is bridged here, and nowhere else where it can
 * be helped.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_COMPAT_H
#define ANON_COMPAT_H

#if PG_VERSION_NUM < 150000
#error "anon requires PostgreSQL 15 or later"
#endif

/*
 * PostgreSQL 18 replaced the postfix pg_attribute_noreturn() by the prefix
 * pg_noreturn; write the prefix form everywhere (GCC and clang accept an
 * attribute at the start of a declaration).
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * PostgreSQL 16 moved the varlena macros (VARDATA, VARSIZE_ANY, ...) out of
 * postgres.h into varatt.h.
 */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
/* for the object_ownercheck / rteperminfos shims below */
#include "catalog/pg_class.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "parser/parse_relation.h"
#include "utils/acl.h"
#endif

/*
 * PostgreSQL 16 replaced the per-catalog ownership and ACL checks by
 * object_ownercheck() / object_aclcheck(); keep the old names, which read
 * better at the call sites.
 */
#if PG_VERSION_NUM >= 160000
#include "catalog/pg_database.h"
#include "catalog/pg_language.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#define pg_class_ownercheck(relid, roleid) \
	object_ownercheck(RelationRelationId, (relid), (roleid))
#define pg_proc_ownercheck(procid, roleid) \
	object_ownercheck(ProcedureRelationId, (procid), (roleid))
#define pg_type_ownercheck(typid, roleid) \
	object_ownercheck(TypeRelationId, (typid), (roleid))
#define pg_namespace_ownercheck(nspid, roleid) \
	object_ownercheck(NamespaceRelationId, (nspid), (roleid))
#define pg_database_ownercheck(dbid, roleid) \
	object_ownercheck(DatabaseRelationId, (dbid), (roleid))
#define pg_oper_ownercheck(oprid, roleid) \
	object_ownercheck(OperatorRelationId, (oprid), (roleid))
#define pg_namespace_aclcheck(nspid, roleid, mode) \
	object_aclcheck(NamespaceRelationId, (nspid), (roleid), (mode))
#define pg_proc_aclcheck(procid, roleid, mode) \
	object_aclcheck(ProcedureRelationId, (procid), (roleid), (mode))
#define pg_type_aclcheck(typid, roleid, mode) \
	object_aclcheck(TypeRelationId, (typid), (roleid), (mode))
#define pg_language_aclcheck(langid, roleid, mode) \
	object_aclcheck(LanguageRelationId, (langid), (roleid), (mode))
#define pg_database_aclcheck(dbid, roleid, mode) \
	object_aclcheck(DatabaseRelationId, (dbid), (roleid), (mode))

/*
 * The soft-error context argument of 16: the declarations are read first
 * (their headers included here), then the one-argument calls of 15 are
 * given a NULL context; a macro does not expand inside itself.
 */
#include "parser/parse_type.h"
#include "utils/regproc.h"
#define stringToQualifiedNameList(string) \
	stringToQualifiedNameList((string), NULL)
#endif

/*
 * stringToQualifiedNameList() with 15's one argument on every version (the
 * macro above adds 16's NULL context).
 */
#define anon_string_to_qualified_name_list(str) stringToQualifiedNameList(str)

/*
 * PostgreSQL 16 gave make_range() and typeStringToTypeName() a soft-error
 * context argument; anon wants errors thrown, so passes NULL.
 */
#if PG_VERSION_NUM >= 160000
#define anon_compat_make_range(typcache, lower, upper, empty) \
	make_range((typcache), (lower), (upper), (empty), NULL)
#define anon_type_string_to_type_name(str) typeStringToTypeName((str), NULL)
#else
#define anon_compat_make_range(typcache, lower, upper, empty) \
	make_range((typcache), (lower), (upper), (empty))
#define anon_type_string_to_type_name(str) typeStringToTypeName(str)
#endif

/*
 * Permissions of a relation's range table entry.  PostgreSQL 16 moved them
 * out of the entry into the query's rteperminfos list, reached through
 * rte->perminfoindex.  When dynamic masking or the DP guard turns a
 * relation entry into a subquery that reads a copy of it, the copy must
 * take the permission checks with it, and the outer entry (now a subquery)
 * must keep none: otherwise the executor would either not check the
 * reader's privileges on the table at all, or check them twice.
 *
 * anon_rte_required_perms(query, rte): the privileges the entry needs.
 * anon_move_permissions(outer, rte, subquery, inner): inner, an entry of
 * subquery that is a copy of outer's entry rte, takes over rte's checks.
 */
#if PG_VERSION_NUM >= 160000
#define anon_rte_required_perms(query, rte) \
	((rte)->perminfoindex != 0 ? \
	 getRTEPermissionInfo((query)->rteperminfos, (rte))->requiredPerms : \
	 (AclMode) 0)
#define anon_move_permissions(outer, rte, subquery, inner) \
	do { \
		if ((rte)->perminfoindex != 0) \
		{ \
			(subquery)->rteperminfos = \
				lappend((subquery)->rteperminfos, \
						copyObject(getRTEPermissionInfo((outer)->rteperminfos, \
														(rte)))); \
			(inner)->perminfoindex = list_length((subquery)->rteperminfos); \
		} \
		else \
			(inner)->perminfoindex = 0; \
		(rte)->perminfoindex = 0; \
	} while (0)
#else
#define anon_rte_required_perms(query, rte) ((rte)->requiredPerms)
#define anon_move_permissions(outer, rte, subquery, inner) \
	do { \
		(inner)->requiredPerms = (rte)->requiredPerms; \
		(inner)->checkAsUser = (rte)->checkAsUser; \
		(inner)->selectedCols = bms_copy((rte)->selectedCols); \
		(inner)->insertedCols = bms_copy((rte)->insertedCols); \
		(inner)->updatedCols = bms_copy((rte)->updatedCols); \
		(inner)->extraUpdatedCols = bms_copy((rte)->extraUpdatedCols); \
		(rte)->requiredPerms = 0; \
		(rte)->checkAsUser = InvalidOid; \
		(rte)->selectedCols = NULL; \
		(rte)->insertedCols = NULL; \
		(rte)->updatedCols = NULL; \
		(rte)->extraUpdatedCols = NULL; \
	} while (0)
#endif

/* PostgreSQL 16 renamed a relation's RelFileNode to RelFileLocator. */
#if PG_VERSION_NUM >= 160000
#define ANON_REL_LOCATOR(rel) (&(rel)->rd_locator)
#else
#define ANON_REL_LOCATOR(rel) (&(rel)->rd_node)
#endif

/*
 * PostgreSQL 17: reindex_index() takes the ReindexStmt (NULL outside
 * REINDEX); RelationCloseSmgrByOid() is gone (close through the relcache
 * entry, if there is one).
 */
#if PG_VERSION_NUM >= 170000
#define anon_reindex_index(indexid, skip_checks, persistence, params) \
	reindex_index(NULL, (indexid), (skip_checks), (persistence), (params))
#define anon_close_smgr_by_oid(relid) \
	do { \
		Relation	anon_rel_ = RelationIdGetRelation(relid); \
		if (RelationIsValid(anon_rel_)) \
		{ \
			RelationCloseSmgr(anon_rel_); \
			RelationClose(anon_rel_); \
		} \
	} while (0)
#else
#define anon_reindex_index(indexid, skip_checks, persistence, params) \
	reindex_index((indexid), (skip_checks), (persistence), (params))
#define anon_close_smgr_by_oid(relid) RelationCloseSmgrByOid(relid)
#endif

/*
 * PostgreSQL 17 numbers backends from 0 (MyProcNumber) instead of from 1
 * (MyBackendId).  ANON_MY_BACKEND_SLOT is this backend's 0-based slot, or
 * -1 when it has none.
 */
#if PG_VERSION_NUM >= 170000
#define ANON_MY_BACKEND_SLOT \
	(MyProcNumber == INVALID_PROC_NUMBER ? -1 : (int) MyProcNumber)
#else
#define ANON_MY_BACKEND_SLOT \
	(MyBackendId == InvalidBackendId ? -1 : (int) MyBackendId - 1)
#endif

/*
 * PostgreSQL 18 stands the grouping keys of a query level for Vars of an
 * RTE_GROUP entry, in the target list, HAVING and ORDER BY; the expression
 * each stands for is in that entry's groupexprs.  Whatever checks what a
 * GROUP BY key computes (the DP guard: is it leakproof?) must look through
 * that Var, or it would check a bare Var and miss a leaky function in the
 * key.  anon_grouping_expr(query, expr): the expression a grouping Var of
 * query stands for; expr itself otherwise, and always before 18.
 */
#if PG_VERSION_NUM >= 180000
#include "parser/parsetree.h"

static inline Expr *
anon_grouping_expr(Query *query, Expr *expr)
{
	if (query->hasGroupRTE && IsA(expr, Var) &&
		((Var *) expr)->varlevelsup == 0)
	{
		Var		   *var = (Var *) expr;
		RangeTblEntry *rte = rt_fetch(var->varno, query->rtable);

		if (rte->rtekind == RTE_GROUP)
			return (Expr *) list_nth(rte->groupexprs, var->varattno - 1);
	}
	return expr;
}
#else
#define anon_grouping_expr(query, expr) (expr)
#endif

/*
 * PostgreSQL 18 dropped ExecutorRun's execute_once argument.  An
 * ExecutorRun hook is declared with ANON_EXECUTOR_RUN_PARAMS and passes
 * ANON_EXECUTOR_RUN_ARGS on.
 */
#if PG_VERSION_NUM >= 180000
#define ANON_EXECUTOR_RUN_PARAMS \
	QueryDesc *queryDesc, ScanDirection direction, uint64 count
#define ANON_EXECUTOR_RUN_ARGS queryDesc, direction, count
#else
#define ANON_EXECUTOR_RUN_PARAMS \
	QueryDesc *queryDesc, ScanDirection direction, uint64 count, \
	bool execute_once
#define ANON_EXECUTOR_RUN_ARGS queryDesc, direction, count, execute_once
#endif

/*
 * PostgreSQL 18 gave RelationGetPrimaryKeyIndex() a deferrable_ok argument;
 * false keeps what earlier versions return (no deferrable primary key).
 * anon_relation_primary_key(rel) works on every version.
 */
#if PG_VERSION_NUM >= 180000
#define anon_relation_primary_key(rel) RelationGetPrimaryKeyIndex((rel), false)
#else
#define anon_relation_primary_key(rel) RelationGetPrimaryKeyIndex(rel)
#endif

/*
 * PostgreSQL 16 gave DefineIndex() a total_parts argument and
 * build_attrmap_by_name() a missing_ok argument.  anon_define_index(relid,
 * stmt) creates the index of an IndexStmt as CREATE TABLE ... LIKE does;
 * anon_attrmap_by_name(indesc, outdesc) maps every column or fails.
 */
#if PG_VERSION_NUM >= 160000
#define anon_define_index(relid, stmt) \
	DefineIndex((relid), (stmt), InvalidOid, InvalidOid, InvalidOid, -1, \
				false, true, false, false, false)
#define anon_attrmap_by_name(indesc, outdesc) \
	build_attrmap_by_name((indesc), (outdesc), false)
#else
#define anon_define_index(relid, stmt) \
	DefineIndex((relid), (stmt), InvalidOid, InvalidOid, InvalidOid, \
				false, true, false, false, false)
#define anon_attrmap_by_name(indesc, outdesc) \
	build_attrmap_by_name((indesc), (outdesc))
#endif

#endif							/* ANON_COMPAT_H */
