/*-------------------------------------------------------------------------
 *
 * utility_guard.c
 *		The utility statements a masked role may not run on a masked table.
 *
 * A masked role reads masked tables through their rules and writes none of
 * their rows (dynamic.c refuses INSERT, UPDATE, DELETE, MERGE and row
 * locks in the planner).  Utility statements do not go through the
 * planner, so the ProcessUtility hook (hooks.c) asks here first.  A masked
 * role, even one that owns the table, may not run on a masked relation (one
 * with rules for its policy, or with a partition or inheritance child that
 * has them) a statement that
 *
 *	 - writes or destroys its rows: TRUNCATE (also when CASCADE or an
 *	   inheritance parent reaches the masked table), COPY FROM, REFRESH
 *	   MATERIALIZED VIEW (which would store masked rows in place of raw
 *	   ones);
 *	 - runs code on its raw rows: ALTER TABLE (CHECK constraints, USING
 *	   expressions, defaults, row-level security), CREATE INDEX, REINDEX,
 *	   CLUSTER, VACUUM FULL and ANALYZE (which evaluate index expressions),
 *	   CREATE POLICY / ALTER POLICY, CREATE TRIGGER, CREATE RULE, CREATE
 *	   STATISTICS: a function called there sees raw values, and so does an
 *	   error it raises;
 *	 - makes its rows an oracle: a FOREIGN KEY that references it (CREATE
 *	   TABLE, ALTER TABLE ADD), on a table of the masked role's own; the
 *	   referencing column takes the referenced key's mask (fk_consistency),
 *	   so with NOT VALID the role could have any value of its choosing
 *	   masked by a keyed rule, and the key's checks test its guesses;
 *	 - gives the rows away or changes how they are read: GRANT (to a role
 *	   that is not masked), CREATE / ALTER PUBLICATION (a subscriber would
 *	   receive raw rows), ALTER ... OWNER, RENAME, SET SCHEMA (rules name
 *	   columns).
 * Forms that name no table but would reach masked ones (REINDEX SCHEMA or
 * DATABASE, CLUSTER or VACUUM FULL / ANALYZE of every table, GRANT ... ON
 * ALL TABLES IN SCHEMA) are refused to masked roles outright; they can
 * name their tables.  Plain VACUUM, COMMENT, LOCK and REVOKE stay allowed:
 * they run no code on the rows and reveal nothing.
 *
 * A DIFFERENTIAL PRIVACY role, and a member of one, is held to the same
 * on the tables the DP guard protects (any anon label), which it may only
 * aggregate.
 *
 * Writing labels is refused to masked roles by the label provider itself
 * (label_provider.c).
 *
 * For every role: a write into a masked table (ExecutorStart and COPY FROM,
 * from hooks.c) is refused while a function of a masked role runs on its
 * rows (trigger, CHECK, default or generated column, index expression,
 * row-level security policy, domain check): anon_write_guard_relation().
 *
 * For every role but its owner: a write into a table that a masked or
 * DIFFERENTIAL PRIVACY role owns, and a read of such a table with row-level
 * security, is refused when the code the owner attached to the table (a
 * default, a CHECK constraint, a trigger or its WHEN condition, a domain
 * check or default, a row-level security policy, an index expression)
 * calls a function that would run with the writer's rights and could read
 * raw data for the owner: one that a masking rule may not call (built-in
 * query runners such as table_to_xml, anon's query runners, functions of
 * untrusted schemas, server file readers), unless the masked role owns it
 * (it then runs as that role, masked: hooks.c).  Sequence functions and
 * clock_timestamp stay allowed: every serial column calls nextval.
 * anon_author_guard_relation(); rewrite rules and views a masked role owns
 * are checked in the planner (dynamic.c).
 *
 * For every role: a function labelled TRUSTED (a superuser vouched for its
 * code, which masking rules then run as every masked reader) may be
 * replaced or altered by a superuser only.  The label stays on the
 * function's OID through CREATE OR REPLACE: without this, its owner could
 * change the body, or its search_path, after the review.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/table.h"
#include "access/transam.h"
#include "access/xact.h"
#include "catalog/heap.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_class.h"
#include "catalog/pg_inherits.h"
#include "commands/defrem.h"
#include "commands/trigger.h"
#include "executor/execdesc.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "nodes/parsenodes.h"
#include "parser/parse_func.h"
#include "parser/parse_type.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteHandler.h"
#include "rewrite/rowsecurity.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
#include "utils/acl.h"
#include "utils/fmgroids.h"
#include "utils/regproc.h"
#include "utils/lsyscache.h"
#include "utils/partcache.h"

#include "anon.h"
#include "dp_guard.h"
#include "label.h"
#include "mask.h"
#include "rules.h"
#include "trust.h"
#include "utility_guard.h"

/* "policy" of a DIFFERENTIAL PRIVACY reader: labelled tables are protected */
#define ANON_UTILITY_DP (-2)

/* the statement being checked is a DIFFERENTIAL PRIVACY reader's */
static bool anon_utility_dp = false;

static void
anon_utility_refuse(const char *what, Oid relid)
{
	if (anon_utility_dp)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("differential privacy roles cannot %s labelled table \"%s\"", what,
						get_rel_name(relid)),
				 errdetail("The statement could write its rows, run code on its raw values or give them away."),
				 errhint("Run it as a role that is not labelled DIFFERENTIAL PRIVACY.")));

	/* writes are refused as the planner refuses them (dynamic.c) */
	if (strcmp(what, "write to") == 0 || strcmp(what, "truncate") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("masked roles cannot %s masked table \"%s\"", what,
						get_rel_name(relid)),
				 errdetail("A write could reveal raw values through row counts, constraint errors or RETURNING."),
				 errhint("Write through a role that is not labelled MASKED.")));
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("masked roles cannot %s masked table \"%s\"", what,
					get_rel_name(relid)),
			 errdetail("The statement could write its rows, run code on its raw values or give them away."),
			 errhint("Run it as a role that is not labelled MASKED.")));
}

static void
anon_utility_refuse_all(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("masked roles cannot %s without naming the tables", what),
			 errdetail("The statement could reach masked tables."),
			 errhint("Name the tables, or run it as a role that is not labelled MASKED.")));
}

/*
 * Is relid masked for the policy (its rules or an ancestor's), or, with
 * inh, any partition or inheritance child of it?  An index stands for its table.  Returns the
 * table to name in the error, InvalidOid if it is not masked.
 */
static Oid
anon_utility_masked(Oid relid, bool inh, int policy)
{
	char		relkind;

	if (!OidIsValid(relid))
		return InvalidOid;
	relkind = get_rel_relkind(relid);
	if (relkind == RELKIND_INDEX || relkind == RELKIND_PARTITIONED_INDEX)
		relid = IndexGetRelation(relid, true);
	if (!OidIsValid(relid))
		return InvalidOid;
	if (policy == ANON_UTILITY_DP)
		return anon_mask_is_labelled(relid, anon_policy_index(ANON_DEFAULT_POLICY), inh) ?
			relid : InvalidOid;
	return anon_mask_needs_masking(relid, policy, inh) ? relid : InvalidOid;
}

/* refuse `what` on the relation a RangeVar names, if it is masked */
static void
anon_utility_check_rv(RangeVar *rv, bool inh, int policy, const char *what)
{
	Oid			relid;

	if (rv == NULL)
		return;
	relid = anon_utility_masked(RangeVarGetRelid(rv, AccessShareLock, true),
								inh, policy);
	if (OidIsValid(relid))
		anon_utility_refuse(what, relid);
}

/* refuse a FOREIGN KEY constraint that references a masked table */
static void
anon_utility_check_fk(Node *node, int policy)
{
	Constraint *con;

	if (node == NULL || !IsA(node, Constraint))
		return;
	con = (Constraint *) node;
	if (con->contype == CONSTR_FOREIGN)
		anon_utility_check_rv(con->pktable, true, policy, "reference");
}

/* the FOREIGN KEY constraints of CREATE TABLE, in columns and table */
static void
anon_utility_create(CreateStmt *stmt, int policy)
{
	ListCell   *lc;
	ListCell   *lc2;

	foreach(lc, stmt->tableElts)
	{
		Node	   *elt = lfirst(lc);

		if (IsA(elt, ColumnDef))
			foreach(lc2, ((ColumnDef *) elt)->constraints)
				anon_utility_check_fk(lfirst(lc2), policy);
		else
			anon_utility_check_fk(elt, policy);
	}
	foreach(lc, stmt->constraints)
		anon_utility_check_fk(lfirst(lc), policy);
}

/*
 * TRUNCATE: the tables named, their inheritance children unless ONLY, and
 * with CASCADE every table that references them, transitively.
 */
static void
anon_utility_truncate(TruncateStmt *stmt, int policy)
{
	List	   *relids = NIL;
	ListCell   *lc;

	foreach(lc, stmt->relations)
	{
		RangeVar   *rv = lfirst_node(RangeVar, lc);
		Oid			relid = RangeVarGetRelid(rv, AccessShareLock, true);

		if (!OidIsValid(relid))
			continue;
		if (OidIsValid(anon_utility_masked(relid, rv->inh, policy)))
			anon_utility_refuse("truncate", relid);
		relids = lappend_oid(relids, relid);
		if (rv->inh && has_subclass(relid))
			relids = list_concat_unique_oid(relids,
											find_all_inheritors(relid, AccessShareLock, NULL));
	}
	if (stmt->behavior == DROP_CASCADE)
	{
		for (;;)
		{
			List	   *refs = heap_truncate_find_FKs(relids);
			int			before = list_length(relids);

			foreach(lc, refs)
				if (OidIsValid(anon_utility_masked(lfirst_oid(lc), true, policy)))
					anon_utility_refuse("truncate", lfirst_oid(lc));
			relids = list_concat_unique_oid(relids, refs);
			if (list_length(relids) == before)
				break;
		}
	}
}

/* VACUUM FULL and ANALYZE run index expressions on every row */
static void
anon_utility_vacuum(VacuumStmt *stmt, int policy)
{
	bool		runs_code = !stmt->is_vacuumcmd;
	ListCell   *lc;

	foreach(lc, stmt->options)
	{
		DefElem    *opt = lfirst_node(DefElem, lc);

		if ((strcmp(opt->defname, "full") == 0 ||
			 strcmp(opt->defname, "analyze") == 0) && defGetBoolean(opt))
			runs_code = true;
	}
	if (!runs_code)
		return;
	if (stmt->rels == NIL)
		anon_utility_refuse_all(stmt->is_vacuumcmd ? "run VACUUM FULL or VACUUM ANALYZE" : "run ANALYZE");
	foreach(lc, stmt->rels)
	{
		VacuumRelation *vrel = lfirst_node(VacuumRelation, lc);

		anon_utility_check_rv(vrel->relation, true, policy,
							  stmt->is_vacuumcmd ? "vacuum" : "analyze");
	}
}

static void
anon_utility_grant(GrantStmt *stmt, int policy)
{
	ListCell   *lc;

	if (!stmt->is_grant || stmt->objtype != OBJECT_TABLE)
		return;
	if (stmt->targtype != ACL_TARGET_OBJECT)
		anon_utility_refuse_all("grant privileges on all tables of a schema");
	foreach(lc, stmt->objects)
		anon_utility_check_rv(lfirst_node(RangeVar, lc), true, policy,
							  "grant privileges on");
}

/* a publication of a masked table would send its raw rows to a subscriber */
static void
anon_utility_publication(List *pubobjects, int policy)
{
	ListCell   *lc;

	foreach(lc, pubobjects)
	{
		PublicationObjSpec *obj = lfirst_node(PublicationObjSpec, lc);

		if (obj->pubobjtype == PUBLICATIONOBJ_TABLE && obj->pubtable != NULL)
			anon_utility_check_rv(obj->pubtable->relation, true, policy,
								  "publish");
		else if (obj->pubobjtype != PUBLICATIONOBJ_TABLE)
			anon_utility_refuse_all("publish the tables of a schema");
	}
}

/* refuse a change to a TRUSTED function by a role that is not a superuser */
static void
anon_utility_trusted_function(Oid funcid)
{
	if (!OidIsValid(funcid) || superuser() || !anon_function_labelled_trusted(funcid))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("function %s is labelled TRUSTED for masking rules: only a superuser may change it",
					format_procedure(funcid)),
			 errdetail("A superuser vouched for its code; masking rules run it as every masked reader."),
			 errhint("Ask a superuser to change it, or to remove the label first (SECURITY LABEL FOR anon ON FUNCTION ... IS NULL).")));
}

/* the function CREATE OR REPLACE would replace, or InvalidOid */
static Oid
anon_utility_replaced_function(CreateFunctionStmt *stmt)
{
	Oid			argtypes[FUNC_MAX_ARGS];
	int			nargs = 0;
	ListCell   *lc;

	if (!stmt->replace)
		return InvalidOid;
	foreach(lc, stmt->parameters)
	{
		FunctionParameter *fp = lfirst_node(FunctionParameter, lc);
		Oid			typid;

		if (fp->mode == FUNC_PARAM_OUT || fp->mode == FUNC_PARAM_TABLE)
			continue;
		if (nargs >= FUNC_MAX_ARGS)
			return InvalidOid;
		typid = LookupTypeNameOid(NULL, fp->argType, true);
		if (!OidIsValid(typid))
			return InvalidOid;
		argtypes[nargs++] = typid;
	}
	return LookupFuncName(stmt->funcname, nargs, argtypes, true);
}

/*
 * Called by the ProcessUtility hook before the statement runs: refuse it
 * when a masked role would write, run code on, or give away a masked table.
 */
void
anon_utility_guard(PlannedStmt *pstmt)
{
	Node	   *stmt = pstmt->utilityStmt;
	int			policy;

	switch (nodeTag(stmt))
	{
		case T_CreateFunctionStmt:
			anon_utility_trusted_function(anon_utility_replaced_function((CreateFunctionStmt *) stmt));
			return;
		case T_AlterFunctionStmt:
			anon_utility_trusted_function(LookupFuncWithArgs(((AlterFunctionStmt *) stmt)->objtype,
															 ((AlterFunctionStmt *) stmt)->func,
															 true));
			return;
		case T_TruncateStmt:
		case T_CopyStmt:
		case T_CreateStmt:
		case T_AlterTableStmt:
		case T_RenameStmt:
		case T_AlterObjectSchemaStmt:
		case T_IndexStmt:
		case T_ReindexStmt:
		case T_ClusterStmt:
		case T_VacuumStmt:
		case T_CreatePolicyStmt:
		case T_AlterPolicyStmt:
		case T_CreateTrigStmt:
		case T_RuleStmt:
		case T_CreateStatsStmt:
		case T_GrantStmt:
		case T_RefreshMatViewStmt:
		case T_CreatePublicationStmt:
		case T_AlterPublicationStmt:
			break;
		default:
			return;				/* the common case: nothing to look up */
	}
	policy = anon_reader_policy();
	if (policy < 0)
	{
		/*
		 * A DIFFERENTIAL PRIVACY role, or a member of one (as the DP guard
		 * resolves it: the current, outer or session user): the tables the
		 * DP guard protects.  A member holds the DP role's rights (a grant
		 * of TRIGGER on a labelled table, its ownership), and is guarded by
		 * dp_guard.c as the DP role is.
		 */
		if (!OidIsValid(GetUserId()) || !anon_dp_guard_applies() ||
			anon_policy_index(ANON_DEFAULT_POLICY) < 0)
			return;
		policy = ANON_UTILITY_DP;
	}
	anon_utility_dp = policy == ANON_UTILITY_DP;

	switch (nodeTag(stmt))
	{
		case T_TruncateStmt:
			anon_utility_truncate((TruncateStmt *) stmt, policy);
			break;
		case T_CreateStmt:
			anon_utility_create((CreateStmt *) stmt, policy);
			break;
		case T_CopyStmt:
			{
				CopyStmt   *copy = (CopyStmt *) stmt;

				/* COPY TO is masked by dynamic.c; COPY FROM is a write */
				if (copy->is_from)
					anon_utility_check_rv(copy->relation, true, policy, "write to");
				break;
			}
		case T_AlterTableStmt:
			{
				AlterTableStmt *alter = (AlterTableStmt *) stmt;
				ListCell   *lc;

				anon_utility_check_rv(alter->relation, true, policy, "alter");

				/*
				 * ATTACH PARTITION scans the new partition with the parent's
				 * partition key, which may be any expression; a new foreign
				 * key may reference a masked table
				 */
				foreach(lc, alter->cmds)
				{
					AlterTableCmd *cmd = lfirst_node(AlterTableCmd, lc);

					if (cmd->subtype == AT_AddConstraint)
						anon_utility_check_fk(cmd->def, policy);
					else if (cmd->subtype == AT_AddColumn && cmd->def != NULL &&
							 IsA(cmd->def, ColumnDef))
					{
						ListCell   *lc2;

						foreach(lc2, ((ColumnDef *) cmd->def)->constraints)
							anon_utility_check_fk(lfirst(lc2), policy);
					}

					if (cmd->subtype == AT_AttachPartition && cmd->def != NULL &&
						IsA(cmd->def, PartitionCmd))
						anon_utility_check_rv(((PartitionCmd *) cmd->def)->name, true,
											  policy, "attach");
				}
				break;
			}
		case T_RenameStmt:
			anon_utility_check_rv(((RenameStmt *) stmt)->relation, true,
								  policy, "rename");
			break;
		case T_AlterObjectSchemaStmt:
			anon_utility_check_rv(((AlterObjectSchemaStmt *) stmt)->relation,
								  true, policy, "move");
			break;
		case T_IndexStmt:
			anon_utility_check_rv(((IndexStmt *) stmt)->relation, true,
								  policy, "index");
			break;
		case T_ReindexStmt:
			{
				ReindexStmt *reindex = (ReindexStmt *) stmt;

				if (reindex->kind == REINDEX_OBJECT_TABLE ||
					reindex->kind == REINDEX_OBJECT_INDEX)
					anon_utility_check_rv(reindex->relation, true, policy, "reindex");
				else if (reindex->kind != REINDEX_OBJECT_SYSTEM)
					anon_utility_refuse_all("run REINDEX SCHEMA or DATABASE");
				break;
			}
		case T_ClusterStmt:
			if (((ClusterStmt *) stmt)->relation == NULL)
				anon_utility_refuse_all("run CLUSTER");
			anon_utility_check_rv(((ClusterStmt *) stmt)->relation, true,
								  policy, "cluster");
			break;
		case T_VacuumStmt:
			anon_utility_vacuum((VacuumStmt *) stmt, policy);
			break;
		case T_CreatePolicyStmt:
			anon_utility_check_rv(((CreatePolicyStmt *) stmt)->table, true,
								  policy, "add a policy to");
			break;
		case T_AlterPolicyStmt:
			anon_utility_check_rv(((AlterPolicyStmt *) stmt)->table, true,
								  policy, "alter a policy of");
			break;
		case T_CreateTrigStmt:
			anon_utility_check_rv(((CreateTrigStmt *) stmt)->relation, true,
								  policy, "add a trigger to");
			break;
		case T_RuleStmt:
			anon_utility_check_rv(((RuleStmt *) stmt)->relation, true,
								  policy, "add a rule to");
			break;
		case T_CreateStatsStmt:
			{
				ListCell   *lc;

				foreach(lc, ((CreateStatsStmt *) stmt)->relations)
					if (IsA(lfirst(lc), RangeVar))
						anon_utility_check_rv(lfirst_node(RangeVar, lc), true,
											  policy, "add statistics to");
				break;
			}
		case T_GrantStmt:
			anon_utility_grant((GrantStmt *) stmt, policy);
			break;
		case T_RefreshMatViewStmt:
			anon_utility_check_rv(((RefreshMatViewStmt *) stmt)->relation,
								  false, policy, "refresh");
			break;
		case T_CreatePublicationStmt:
			anon_utility_publication(((CreatePublicationStmt *) stmt)->pubobjects,
									 policy);
			break;
		case T_AlterPublicationStmt:
			anon_utility_publication(((AlterPublicationStmt *) stmt)->pubobjects,
									 policy);
			break;
		default:
			break;
	}
}


/* ---- Writes into a masked table: no masked role's code on the rows ---- */

/*
 * A masked table's triggers, CHECK constraints, defaults and generated
 * columns, index expressions, partition keys (its own, and as partition
 * constraints its ancestors'), row-level security policies and domain
 * checks and defaults run on the raw rows that other roles write.  A function of a
 * masked role among them runs as that role (hooks.c), with the raw values
 * as arguments: it could store them where the role reads them.  Its owner
 * can replace its body at any time (after the table was labelled, or the
 * role masked), so the check is made at each write: INSERT, UPDATE,
 * DELETE, MERGE (ExecutorStart) and COPY FROM.
 */
typedef struct AnonWriteCode
{
	Oid			found;			/* a function of a masked role */
} AnonWriteCode;

static bool
anon_write_fn_masked(Oid funcid, void *context)
{
	AnonFunctionFacts facts;

	/* a masked role's function, or a DIFFERENTIAL PRIVACY role's */
	if (OidIsValid(anon_function_masked_owner(funcid)) ||
		(funcid >= FirstNormalObjectId && anon_function_facts(funcid, &facts) &&
		 anon_dp_role_is_guarded(facts.owner)))
	{
		((AnonWriteCode *) context)->found = funcid;
		return true;
	}
	return false;
}

static bool
anon_write_walker(Node *node, AnonWriteCode *context)
{
	if (node == NULL)
		return false;
	if (check_functions_in_node(node, anon_write_fn_masked, context))
		return true;
	return expression_tree_walker(node, anon_write_walker, (void *) context);
}

static void
anon_write_refuse(Relation rel, Oid funcid, bool read)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 read ?
			 errmsg("cannot read masked table \"%s\": function %s, in a row-level security policy, belongs to a masked or differential privacy role",
					RelationGetRelationName(rel), format_procedure(funcid)) :
			 errmsg("cannot write into masked table \"%s\": function %s, which runs on its rows, belongs to a masked or differential privacy role",
					RelationGetRelationName(rel), format_procedure(funcid)),
			 errdetail("The function would receive the raw values, with the rights of a role that may only read masked values or differentially private aggregates."),
			 errhint("Give the function to a role that is not masked (ALTER FUNCTION ... OWNER TO), or remove it from the table.")));
}

static void
anon_write_check_text(Relation rel, const char *text, AnonWriteCode *code)
{
	if (text != NULL && anon_write_walker(stringToNode(text), code))
		anon_write_refuse(rel, code->found, false);
}

static void
anon_write_check_rel(Relation rel)
{
	AnonWriteCode code = {InvalidOid};
	TupleDesc	desc = RelationGetDescr(rel);
	TupleConstr *constr = desc->constr;
	List	   *indexes;
	ListCell   *lc;
	int			i;

	if (rel->trigdesc != NULL)
		for (i = 0; i < rel->trigdesc->numtriggers; i++)
		{
			Trigger    *trig = &rel->trigdesc->triggers[i];

			if (trig->tgenabled == TRIGGER_DISABLED)
				continue;
			if (anon_write_fn_masked(trig->tgfoid, &code))
				anon_write_refuse(rel, code.found, false);
			anon_write_check_text(rel, trig->tgqual, &code);
		}
	if (constr != NULL)
	{
		for (i = 0; i < constr->num_check; i++)
			anon_write_check_text(rel, constr->check[i].ccbin, &code);
		for (i = 0; i < constr->num_defval; i++)
			anon_write_check_text(rel, constr->defval[i].adbin, &code);
	}
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		DomainConstraintRef *ref;

		if (att->attisdropped || get_typtype(att->atttypid) != TYPTYPE_DOMAIN)
			continue;
		if (anon_write_walker(get_typdefault(att->atttypid), &code))
			anon_write_refuse(rel, code.found, false);
		/* in memory: its reset callback outlives this function */
		ref = palloc(sizeof(DomainConstraintRef));
		InitDomainConstraintRef(att->atttypid, ref, CurrentMemoryContext, false);
		foreach(lc, ref->constraints)
		{
			DomainConstraintState *c = (DomainConstraintState *) lfirst(lc);

			if (anon_write_walker((Node *) c->check_expr, &code))
				anon_write_refuse(rel, code.found, false);
		}
	}
	if (rel->rd_rsdesc != NULL)
		foreach(lc, rel->rd_rsdesc->policies)
		{
			RowSecurityPolicy *pol = (RowSecurityPolicy *) lfirst(lc);

			if (anon_write_walker((Node *) pol->qual, &code) ||
				anon_write_walker((Node *) pol->with_check_qual, &code))
				anon_write_refuse(rel, code.found, false);
		}
	/*
	 * The partition key routes each written row (its expressions get the
	 * row's raw values), and a row written into a partition directly is
	 * checked against its partition constraint, which holds the keys of
	 * every ancestor.
	 */
	if (rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE &&
		RelationGetPartitionKey(rel) != NULL &&
		anon_write_walker((Node *) RelationGetPartitionKey(rel)->partexprs, &code))
		anon_write_refuse(rel, code.found, false);
	if (rel->rd_rel->relispartition &&
		anon_write_walker((Node *) RelationGetPartitionQual(rel), &code))
		anon_write_refuse(rel, code.found, false);
	indexes = RelationGetIndexList(rel);
	foreach(lc, indexes)
	{
		Relation	idx = index_open(lfirst_oid(lc), AccessShareLock);
		bool		bad = anon_write_walker((Node *) RelationGetIndexExpressions(idx), &code) ||
			anon_write_walker((Node *) RelationGetIndexPredicate(idx), &code);

		index_close(idx, AccessShareLock);
		if (bad)
			anon_write_refuse(rel, code.found, false);
	}
	list_free(indexes);
}

/* ---- Code a masked role attached to its tables, run by another role ---- */

static Oid
get_rel_owner_anon(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		return InvalidOid;
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * The owner that confines the code of relid: a masked or DIFFERENTIAL
 * PRIVACY role that owns it, when somebody else runs the statement; else
 * InvalidOid.
 */
static Oid
anon_author_confined_owner(Oid relid)
{
	HeapTuple	tup;
	Oid			owner;

	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		return InvalidOid;
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	if (owner == GetUserId() || owner < FirstNormalObjectId)
		return InvalidOid;
	if (anon_role_effective_masking_policy(owner) >= 0 || anon_dp_role_is_guarded(owner))
		return owner;
	return InvalidOid;
}

/*
 * May code that a masked role wrote, run by another role, call funcid?
 * (check_functions_in_node callback: true = refused, kept in context)
 */
static bool
anon_author_fn_refused(Oid funcid, void *context)
{
	AnonWriteCode confined = {InvalidOid};

	/* serial columns and timestamps: no query, no right of the caller's */
	if (funcid == F_NEXTVAL || funcid == F_CURRVAL || funcid == F_LASTVAL ||
		funcid == F_CLOCK_TIMESTAMP || funcid == F_STATEMENT_TIMESTAMP)
		return false;
	/* a masked role's own function runs as that role (hooks.c) */
	if (anon_write_fn_masked(funcid, &confined))
		return false;

	/*
	 * What a masking rule may call runs no query and changes nothing, but a
	 * RESTRICTED one uses a secret: run for the masked role by another, it
	 * would hash or encrypt the role's guesses for comparison with a masked
	 * column.
	 */
	if (anon_function_refusal(funcid, "anon") == NULL)
	{
		int			i;

		for (i = 0; i < anon_policy_count(); i++)
			if (anon_function_is_restricted(funcid, i))
				break;
		if (i == anon_policy_count())
			return false;
	}
	((AnonWriteCode *) context)->found = funcid;
	return true;
}

static bool
anon_author_walker(Node *node, AnonWriteCode *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
		return query_tree_walker((Query *) node, anon_author_walker, (void *) context, 0);
	if (IsA(node, Aggref))
	{
		/*
		 * An aggregate the masked role made runs support functions of its
		 * choice, built-in ones included (ts_rewrite runs a query), with
		 * the caller's rights: each must pass as a call would.
		 */
		HeapTuple	tup = SearchSysCache1(AGGFNOID,
										  ObjectIdGetDatum(((Aggref *) node)->aggfnoid));

		if (HeapTupleIsValid(tup))
		{
			Form_pg_aggregate agg = (Form_pg_aggregate) GETSTRUCT(tup);
			Oid			support[] = {agg->aggtransfn, agg->aggfinalfn, agg->aggcombinefn,
				agg->aggserialfn, agg->aggdeserialfn, agg->aggmtransfn,
			agg->aggminvtransfn, agg->aggmfinalfn};
			int			i;

			for (i = 0; i < lengthof(support); i++)
				if (OidIsValid(support[i]) && anon_author_fn_refused(support[i], context))
				{
					ReleaseSysCache(tup);
					return true;
				}
			ReleaseSysCache(tup);
		}
	}
	if (check_functions_in_node(node, anon_author_fn_refused, context))
		return true;
	return expression_tree_walker(node, anon_author_walker, (void *) context);
}

/* refuse: what the owner's code calls would act with the caller's rights */
void
anon_author_refuse(const char *where, Oid owner, Oid funcid)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("function %s, in code that masked role \"%s\" wrote, would run with your rights",
					format_procedure(funcid), GetUserNameFromId(owner, false)),
			 errdetail("It is called by %s. Defaults, constraints, triggers, row-level security policies, views and rewrite rules of a masked or differential privacy role run as whoever uses them: a function there that runs queries, uses a secret or acts with the caller's rights would read raw data, or test guesses, for that role.",
					   where),
			 errhint("Call only what a masking rule may call (or functions the masked role owns) in that role's objects, or have a superuser label the function TRUSTED.")));
}

/* does node call a function that the code of a masked role may not call? */
Oid
anon_author_expression_refusal(Node *node)
{
	AnonWriteCode code = {InvalidOid};

	if (anon_author_walker(node, &code))
		return code.found;
	return InvalidOid;
}

/*
 * A view that anon reads for its caller (the k-anonymity and risk measures,
 * generalize_to_k): its functions, and those of the views it reads, run
 * with the caller's rights, often a superuser's measuring another role's
 * view.  Unless the caller has its owner's privileges, each must be one a
 * masking rule may call (anon_author_fn_refused); else the read is
 * refused, naming the view and the function.
 */
typedef struct AnonViewWalk
{
	AnonWriteCode code;
	Oid			view;			/* the view whose code was refused */
	List	   *seen;			/* views checked (or being checked) */
} AnonViewWalk;

static bool anon_view_code_walker(Node *node, AnonViewWalk *walk);

static bool
anon_view_code_check(Oid viewid, AnonViewWalk *walk)
{
	Relation	rel;
	Query	   *query;
	bool		found;

	check_stack_depth();
	walk->seen = lappend_oid(walk->seen, viewid);
	rel = relation_open(viewid, AccessShareLock);
	/* a superuser too runs the code: only the owner or its members may */
	if (GetUserId() == rel->rd_rel->relowner ||
		is_member_of_role_nosuper(GetUserId(), rel->rd_rel->relowner))
	{
		relation_close(rel, AccessShareLock);
		return false;
	}
	query = copyObject(get_view_query(rel));
	relation_close(rel, AccessShareLock);
	found = anon_author_walker((Node *) query, &walk->code);
	if (found)
		walk->view = viewid;
	else
		found = anon_view_code_walker((Node *) query, walk);
	return found;
}

/* the views a view reads (relation entries of kind view, at any depth) */
static bool
anon_view_code_walker(Node *node, AnonViewWalk *walk)
{
	ListCell   *lc;

	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		foreach(lc, ((Query *) node)->rtable)
		{
			RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

			/* (PostgreSQL 15 keeps a view's own entry in its query: seen) */
			if (rte->rtekind == RTE_RELATION && rte->relkind == RELKIND_VIEW &&
				!list_member_oid(walk->seen, rte->relid) &&
				anon_view_code_check(rte->relid, walk))
				return true;
		}
		return query_tree_walker((Query *) node, anon_view_code_walker, (void *) walk, 0);
	}
	return expression_tree_walker(node, anon_view_code_walker, (void *) walk);
}

void
anon_author_check_view(Oid viewid, const char *what)
{
	AnonViewWalk walk = {{InvalidOid}, InvalidOid, NIL};

	if (get_rel_relkind(viewid) != RELKIND_VIEW)
		return;
	if (anon_view_code_check(viewid, &walk))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("%s cannot read view \"%s\": function %s, in view \"%s\" of role \"%s\", would run with your rights",
						what, get_rel_name(viewid), format_procedure(walk.code.found),
						get_rel_name(walk.view),
						GetUserNameFromId(get_rel_owner_anon(walk.view), false)),
				 errdetail("A view's functions run as whoever reads it; anon reads this view for you, possibly on behalf of a role with fewer rights."),
				 errhint("Measure the view as its owner (SET ROLE), or have a superuser label the function TRUSTED.")));
}

static void
anon_author_check_node(Relation rel, Oid owner, Node *node, bool write)
{
	Oid			funcid = anon_author_expression_refusal(node);

	if (OidIsValid(funcid))
		anon_author_refuse(psprintf(write ? "a write into table \"%s\"" : "a read of table \"%s\"",
									RelationGetRelationName(rel)), owner, funcid);
}

static void
anon_author_check_text(Relation rel, Oid owner, const char *text)
{
	if (text != NULL)
		anon_author_check_node(rel, owner, stringToNode(text), true);
}

static void
anon_author_check_policies(Relation rel, Oid owner, bool write)
{
	ListCell   *lc;

	if (rel->rd_rsdesc == NULL)
		return;
	foreach(lc, rel->rd_rsdesc->policies)
	{
		RowSecurityPolicy *pol = (RowSecurityPolicy *) lfirst(lc);

		anon_author_check_node(rel, owner, (Node *) pol->qual, write);
		anon_author_check_node(rel, owner, (Node *) pol->with_check_qual, write);
	}
}

/* the code a write into rel runs, when rel's owner is a confined role */
static void
anon_author_check_write(Relation rel, Oid owner)
{
	AnonWriteCode code = {InvalidOid};
	TupleDesc	desc = RelationGetDescr(rel);
	TupleConstr *constr = desc->constr;
	List	   *indexes;
	ListCell   *lc;
	int			i;

	if (rel->trigdesc != NULL)
		for (i = 0; i < rel->trigdesc->numtriggers; i++)
		{
			Trigger    *trig = &rel->trigdesc->triggers[i];

			if (trig->tgenabled == TRIGGER_DISABLED || trig->tgisinternal)
				continue;
			/* a built-in trigger function runs no query of the owner's choice */
			if (trig->tgfoid >= FirstNormalObjectId &&
				anon_author_fn_refused(trig->tgfoid, &code))
				anon_author_refuse(psprintf("a write into table \"%s\"",
											RelationGetRelationName(rel)), owner, trig->tgfoid);
			anon_author_check_text(rel, owner, trig->tgqual);
		}
	if (constr != NULL)
	{
		for (i = 0; i < constr->num_check; i++)
			anon_author_check_text(rel, owner, constr->check[i].ccbin);
		for (i = 0; i < constr->num_defval; i++)
			anon_author_check_text(rel, owner, constr->defval[i].adbin);
	}
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		DomainConstraintRef *ref;

		if (att->attisdropped || get_typtype(att->atttypid) != TYPTYPE_DOMAIN)
			continue;
		anon_author_check_node(rel, owner, get_typdefault(att->atttypid), true);
		ref = palloc(sizeof(DomainConstraintRef));
		InitDomainConstraintRef(att->atttypid, ref, CurrentMemoryContext, false);
		foreach(lc, ref->constraints)
		{
			DomainConstraintState *c = (DomainConstraintState *) lfirst(lc);

			anon_author_check_node(rel, owner, (Node *) c->check_expr, true);
		}
	}
	anon_author_check_policies(rel, owner, true);
	/* the partition key routes each written row */
	if (rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE && RelationGetPartitionKey(rel) != NULL)
		anon_author_check_node(rel, owner, (Node *) RelationGetPartitionKey(rel)->partexprs, true);
	indexes = RelationGetIndexList(rel);
	foreach(lc, indexes)
	{
		Relation	idx = index_open(lfirst_oid(lc), AccessShareLock);
		Oid			funcid = anon_author_expression_refusal((Node *) RelationGetIndexExpressions(idx));

		if (!OidIsValid(funcid))
			funcid = anon_author_expression_refusal((Node *) RelationGetIndexPredicate(idx));
		index_close(idx, AccessShareLock);
		if (OidIsValid(funcid))
			anon_author_refuse(psprintf("a write into table \"%s\"",
										RelationGetRelationName(rel)), owner, funcid);
	}
	list_free(indexes);
}

/*
 * A write into relid (and, partitioned, into its partitions) by somebody
 * else than its masked owner: the owner's code must not act with the
 * writer's rights.
 */
static void
anon_author_guard_write(Oid relid)
{
	List	   *rels;
	ListCell   *lc;

	if (!OidIsValid(anon_author_confined_owner(relid)))
		return;
	rels = get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE ?
		find_all_inheritors(relid, AccessShareLock, NULL) : list_make1_oid(relid);
	foreach(lc, rels)
	{
		Oid			owner = anon_author_confined_owner(lfirst_oid(lc));
		Relation	rel;

		if (!OidIsValid(owner))
			continue;
		rel = relation_open(lfirst_oid(lc), AccessShareLock);
		if (rel->rd_rel->relkind == RELKIND_RELATION ||
			rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE ||
			rel->rd_rel->relkind == RELKIND_FOREIGN_TABLE)
			anon_author_check_write(rel, owner);
		relation_close(rel, AccessShareLock);
	}
}

/* refuse a write into relid (and, partitioned, into its partitions) */
void
anon_write_guard_relation(Oid relid)
{
	List	   *rels;
	ListCell   *lc;
	bool		labelled = false;
	int			policy;

	if (!OidIsValid(relid) || !IsTransactionState())
		return;
	anon_author_guard_write(relid);
	for (policy = 0; policy < anon_policy_count() && !labelled; policy++)
		labelled = anon_mask_is_labelled(relid, policy,
										 get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE);
	if (!labelled)
		return;
	rels = get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE ?
		find_all_inheritors(relid, AccessShareLock, NULL) : list_make1_oid(relid);
	foreach(lc, rels)
	{
		Relation	rel = relation_open(lfirst_oid(lc), AccessShareLock);

		if (rel->rd_rel->relkind == RELKIND_RELATION ||
			rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE ||
			rel->rd_rel->relkind == RELKIND_FOREIGN_TABLE)
			anon_write_check_rel(rel);
		relation_close(rel, AccessShareLock);
	}
}

/*
 * A read runs the row-level security policies of the tables it reads on
 * their raw rows, whoever reads: a masked role's function in a policy
 * would receive them as well.
 */
static void
anon_read_guard_relation(Oid relid, Relation open)
{
	HeapTuple	tup;
	bool		rls;
	bool		labelled = false;
	int			policy;
	Relation	rel;

	/* the executor's relation when it opened it: no catalog lookup */
	if (open != NULL)
		rls = open->rd_rel->relrowsecurity;
	else
	{
		tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
		if (!HeapTupleIsValid(tup))
			return;
		rls = ((Form_pg_class) GETSTRUCT(tup))->relrowsecurity;
		ReleaseSysCache(tup);
	}
	if (!rls)
		return;
	/* a masked owner's policies, run with the reader's rights */
	{
		Oid			owner = anon_author_confined_owner(relid);

		if (OidIsValid(owner))
		{
			rel = relation_open(relid, AccessShareLock);
			anon_author_check_policies(rel, owner, false);
			relation_close(rel, AccessShareLock);
		}
	}
	for (policy = 0; policy < anon_policy_count() && !labelled; policy++)
		labelled = anon_mask_is_labelled(relid, policy, false);
	if (!labelled)
		return;
	rel = relation_open(relid, AccessShareLock);
	if (rel->rd_rsdesc != NULL)
	{
		AnonWriteCode code = {InvalidOid};
		ListCell   *lc;

		foreach(lc, rel->rd_rsdesc->policies)
		{
			RowSecurityPolicy *pol = (RowSecurityPolicy *) lfirst(lc);

			if (anon_write_walker((Node *) pol->qual, &code) ||
				anon_write_walker((Node *) pol->with_check_qual, &code))
				anon_write_refuse(rel, code.found, true);
		}
	}
	relation_close(rel, AccessShareLock);
}

/* the relations of a statement about to run */
void
anon_write_guard_query(QueryDesc *queryDesc)
{
	PlannedStmt *stmt = queryDesc->plannedstmt;
	EState	   *estate = queryDesc->estate;
	ListCell   *lc;

	if (stmt == NULL || !IsTransactionState())
		return;
	foreach(lc, stmt->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);
		int			i = foreach_current_index(lc);
		Relation	open = NULL;

		if (rte->rtekind != RTE_RELATION || !OidIsValid(rte->relid) ||
			(rte->relkind != RELKIND_RELATION && rte->relkind != RELKIND_PARTITIONED_TABLE))
			continue;
		/* opened by ExecutorStart (a scanned relation): its relcache entry */
		if (estate != NULL && estate->es_relations != NULL &&
			i < (int) estate->es_range_table_size &&
			estate->es_relations[i] != NULL &&
			RelationGetRelid(estate->es_relations[i]) == rte->relid)
			open = estate->es_relations[i];
		anon_read_guard_relation(rte->relid, open);
	}
	if (queryDesc->operation == CMD_SELECT)
		return;
	foreach(lc, stmt->resultRelations)
		anon_write_guard_relation(rt_fetch(lfirst_int(lc), stmt->rtable)->relid);
}
