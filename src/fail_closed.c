/*-------------------------------------------------------------------------
 *
 * fail_closed.c
 *		Masked and DP roles get errors, never data, when the hooks of anon
 *		are not in place.
 *
 * Masking is done by hooks that exist only when anon is in
 * shared_preload_libraries.  Take it out of the list and restart, and a
 * masked role would read raw values: nothing of anon runs.  So the guarantee
 * must rest on something PostgreSQL enforces by itself.  That is a per-role
 * setting:
 *
 *	 - every role that reads through masking or the DP guard (labelled
 *	   MASKED or DIFFERENTIAL PRIVACY by an anon policy, or a member, at any
 *	   depth, of such a role: it could SET ROLE to it) gets 'anon' in its
 *	   session_preload_libraries (ALTER ROLE ... SET, written here directly
 *	   in pg_db_role_setting, for every database);
 *	 - at login the library is loaded; when it was not loaded by
 *	   shared_preload_libraries, _PG_init (anon.c) ends the session with
 *	   FATAL and a hint, before any query runs.
 * The setting is PGC_SUSET: the role cannot override it at connection time
 * or with ALTER ROLE.  It is kept in step when a role is labelled or
 * unlabelled (the relabel callback), when role membership changes (GRANT
 * role, CREATE ROLE ... IN ROLE, ALTER GROUP: the ProcessUtility hook;
 * and after ALTER ROLE ... SET / RESET, so that a labelled role cannot lose
 * it while it is labelled),
 * and for roles labelled before anon 1.1 by the install and upgrade
 * scripts (anon._fail_closed_sync()).  It is removed from a role when the
 * role is unlabelled and no longer needs it; a role that only stopped being
 * a member keeps it (harmless while anon is preloaded).  Superusers are
 * never given it: they cannot be masked, and read raw data anyway.
 *
 * A session that loaded the library otherwise (LOAD, or a call to one of
 * anon's functions) on a server that did not preload it gets a minimal
 * planner and utility guard instead of the masking hooks: any statement
 * run while the current or session user carries such a label is refused.
 * That covers a superuser's preview with SET ROLE in such a session.  A
 * session that never loads the library at all runs no code of anon: a
 * superuser who runs SET ROLE there reads what a superuser reads.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/pg_auth_members.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_db_role_setting.h"
#include "catalog/pg_shseclabel.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/varlena.h"

#include "anon.h"
#include "fail_closed.h"
#include "label.h"

#define ANON_FC_GUC "session_preload_libraries"

/* ---- Which roles need it ---- */

/*
 * Does a label of an anon policy make its role read through masking or the
 * DP guard?  When the library is not preloaded the grammar's registry is
 * not there: then any provider's label that reads MASKED or DIFFERENTIAL
 * PRIVACY counts (erring on the side of refusing).
 */
static bool
anon_fc_label_binds(const char *provider, const char *label)
{
	StringInfoData norm;
	const char *p;
	bool		space = false;
	bool		result;

	if (anon_preloaded)
	{
		AnonLabelKind kind;

		if (anon_policy_index(provider) < 0)
			return false;
		kind = anon_label_parse(label).kind;
		return kind == ANON_LABEL_ROLE_MASKED || kind == ANON_LABEL_ROLE_DP;
	}
	initStringInfo(&norm);
	for (p = label; *p; p++)
	{
		if (isspace((unsigned char) *p))
			space = norm.len > 0;
		else
		{
			if (space)
				appendStringInfoChar(&norm, ' ');
			space = false;
			appendStringInfoChar(&norm, pg_toupper((unsigned char) *p));
		}
	}
	result = strcmp(norm.data, "MASKED") == 0 ||
		strcmp(norm.data, "DIFFERENTIAL PRIVACY") == 0;
	pfree(norm.data);
	return result;
}

/*
 * The roles labelled MASKED or DIFFERENTIAL PRIVACY by an anon policy, with
 * one pending change applied: (pending_role, pending_provider) is about to
 * carry a binding label (pending_binds) or not.
 */
static List *
anon_fc_labelled_roles(Oid pending_role, const char *pending_provider,
					   bool pending_binds)
{
	Relation	rel;
	SysScanDesc scan;
	HeapTuple	tuple;
	List	   *roles = NIL;

	rel = table_open(SharedSecLabelRelationId, AccessShareLock);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_shseclabel form = (Form_pg_shseclabel) GETSTRUCT(tuple);
		bool		isnull;
		Datum		d;
		char	   *provider;

		if (form->classoid != AuthIdRelationId)
			continue;
		d = heap_getattr(tuple, Anum_pg_shseclabel_provider,
						 RelationGetDescr(rel), &isnull);
		provider = TextDatumGetCString(d);
		if (pending_provider != NULL && form->objoid == pending_role &&
			strcmp(provider, pending_provider) == 0)
			continue;			/* replaced by the pending change */
		d = heap_getattr(tuple, Anum_pg_shseclabel_label,
						 RelationGetDescr(rel), &isnull);
		if (!isnull && anon_fc_label_binds(provider, TextDatumGetCString(d)))
			roles = list_append_unique_oid(roles, form->objoid);
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	if (pending_binds)
		roles = list_append_unique_oid(roles, pending_role);
	return roles;
}

/* add roleid's members, at any depth, to *roles */
static void
anon_fc_add_members(Oid roleid, List **roles)
{
	CatCList   *members;
	int			i;

	check_stack_depth();
	members = SearchSysCacheList1(AUTHMEMROLEMEM, ObjectIdGetDatum(roleid));
	for (i = 0; i < members->n_members; i++)
	{
		Form_pg_auth_members form =
			(Form_pg_auth_members) GETSTRUCT(&members->members[i]->tuple);

		if (list_member_oid(*roles, form->member))
			continue;
		*roles = lappend_oid(*roles, form->member);
		anon_fc_add_members(form->member, roles);
	}
	ReleaseSysCacheList(members);
}

/* ---- The per-role setting ---- */

/* does a session_preload_libraries value name anon? */
static bool
anon_fc_names_anon(List *items)
{
	ListCell   *lc;

	foreach(lc, items)
	{
		const char *item = lfirst(lc);

		if (strcmp(item, "anon") == 0 || strcmp(item, "$libdir/anon") == 0)
			return true;
	}
	return false;
}

/*
 * Make roleid's own setting of session_preload_libraries (for every
 * database) name anon, or not.  Written directly in pg_db_role_setting: the
 * parameter is PGC_SUSET, and the guarantee must not depend on who ran the
 * GRANT that made a role a member of a masked one.
 */
static void
anon_fc_set(Oid roleid, bool want)
{
	Relation	rel;
	ScanKeyData keys[2];
	SysScanDesc scan;
	HeapTuple	tuple;
	List	   *others = NIL;	/* other settings, "name=value" */
	List	   *items = NIL;	/* libraries of session_preload_libraries */
	bool		has;
	ListCell   *lc;

	rel = table_open(DbRoleSettingRelationId, RowExclusiveLock);
	ScanKeyInit(&keys[0], Anum_pg_db_role_setting_setdatabase,
				BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(InvalidOid));
	ScanKeyInit(&keys[1], Anum_pg_db_role_setting_setrole,
				BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(roleid));
	scan = systable_beginscan(rel, DbRoleSettingDatidRolidIndexId, true,
							  NULL, 2, keys);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		bool		isnull;
		Datum		d = heap_getattr(tuple, Anum_pg_db_role_setting_setconfig,
									 RelationGetDescr(rel), &isnull);

		if (!isnull)
		{
			Datum	   *elems;
			int			nelems;
			int			i;

			deconstruct_array(DatumGetArrayTypeP(d), TEXTOID, -1, false,
							  TYPALIGN_INT, &elems, NULL, &nelems);
			for (i = 0; i < nelems; i++)
			{
				char	   *s = TextDatumGetCString(elems[i]);
				size_t		len = strlen(ANON_FC_GUC);

				if (pg_strncasecmp(s, ANON_FC_GUC, len) == 0 && s[len] == '=')
				{
					if (!SplitGUCList(pstrdup(s + len + 1), ',', &items))
						items = NIL;	/* unparsable: rewritten below */
				}
				else
					others = lappend(others, s);
			}
		}
	}

	has = anon_fc_names_anon(items);
	if (has != want)
	{
		StringInfoData value;
		Datum		values[Natts_pg_db_role_setting];
		bool		nulls[Natts_pg_db_role_setting];
		bool		repl[Natts_pg_db_role_setting];
		Datum	   *elems;
		int			n = 0;

		initStringInfo(&value);
		foreach(lc, items)
		{
			const char *item = lfirst(lc);

			if (strcmp(item, "anon") == 0 || strcmp(item, "$libdir/anon") == 0)
				continue;
			if (value.len > 0)
				appendStringInfoString(&value, ", ");
			appendStringInfoString(&value, quote_identifier(item));
		}
		if (want)
			appendStringInfoString(&value, value.len > 0 ? ", anon" : "anon");

		elems = palloc(sizeof(Datum) * (list_length(others) + 1));
		foreach(lc, others)
			elems[n++] = CStringGetTextDatum(lfirst(lc));
		if (value.len > 0)
			elems[n++] = CStringGetTextDatum(psprintf("%s=%s", ANON_FC_GUC, value.data));

		memset(nulls, false, sizeof(nulls));
		memset(repl, false, sizeof(repl));
		if (n == 0)
		{
			if (HeapTupleIsValid(tuple))
				CatalogTupleDelete(rel, &tuple->t_self);
		}
		else
		{
			Datum		array = PointerGetDatum(construct_array(elems, n, TEXTOID, -1,
																false, TYPALIGN_INT));

			if (HeapTupleIsValid(tuple))
			{
				HeapTuple	newtup;

				values[Anum_pg_db_role_setting_setconfig - 1] = array;
				repl[Anum_pg_db_role_setting_setconfig - 1] = true;
				newtup = heap_modify_tuple(tuple, RelationGetDescr(rel),
										   values, nulls, repl);
				CatalogTupleUpdate(rel, &tuple->t_self, newtup);
			}
			else
			{
				HeapTuple	newtup;

				values[Anum_pg_db_role_setting_setdatabase - 1] = ObjectIdGetDatum(InvalidOid);
				values[Anum_pg_db_role_setting_setrole - 1] = ObjectIdGetDatum(roleid);
				values[Anum_pg_db_role_setting_setconfig - 1] = array;
				newtup = heap_form_tuple(RelationGetDescr(rel), values, nulls);
				CatalogTupleInsert(rel, newtup);
			}
		}
	}
	systable_endscan(scan);
	table_close(rel, RowExclusiveLock);
}

/*
 * Bring every role's setting in step with the labels, one pending label
 * change applied (pending_provider NULL: none).  Every labelled role and
 * every member of one gets anon; pending_role, if it no longer needs it,
 * loses it.
 */
static void
anon_fc_sync(Oid pending_role, const char *pending_provider, bool pending_binds)
{
	List	   *labelled;
	List	   *need = NIL;
	ListCell   *lc;

	CommandCounterIncrement();	/* see the membership just granted */
	labelled = anon_fc_labelled_roles(pending_role, pending_provider,
									  pending_binds);
	foreach(lc, labelled)
	{
		need = list_append_unique_oid(need, lfirst_oid(lc));
		anon_fc_add_members(lfirst_oid(lc), &need);
	}
	foreach(lc, need)
		if (!superuser_arg(lfirst_oid(lc)))
			anon_fc_set(lfirst_oid(lc), true);
	if (pending_provider != NULL && !list_member_oid(need, pending_role))
		anon_fc_set(pending_role, false);
	CommandCounterIncrement();
}

/*
 * Called by the relabel callback of a role (label.c), before the label is
 * stored: the role is about to carry seclabel (NULL: none) for provider.
 */
void
anon_fail_closed_relabel(Oid roleid, const char *provider, const char *seclabel)
{
	anon_fc_sync(roleid, provider,
				 seclabel != NULL && anon_fc_label_binds(provider, seclabel));
}

/*
 * Called by the ProcessUtility hook after a statement that may change role
 * membership or role settings has run.
 */
void
anon_fail_closed_utility(Node *stmt)
{
	if (IsA(stmt, GrantRoleStmt) || IsA(stmt, CreateRoleStmt) ||
		IsA(stmt, AlterRoleStmt) || IsA(stmt, AlterRoleSetStmt))
		anon_fc_sync(InvalidOid, NULL, false);
}

/* ---- Without the preload ---- */

/* does roleid carry a MASKED or DIFFERENTIAL PRIVACY label, or inherit one? */
static bool
anon_fc_role_binds(Oid roleid, List *labelled)
{
	ListCell   *lc;

	foreach(lc, labelled)
		if (lfirst_oid(lc) == roleid ||
			is_member_of_role_nosuper(roleid, lfirst_oid(lc)))
			return true;
	return false;
}

/*
 * In a session where anon was loaded without the preload: refuse every
 * statement while the current or the session user reads through masking.
 */
void
anon_fail_closed_check(void)
{
	List	   *labelled;

	if (!IsTransactionState())
		return;
	labelled = anon_fc_labelled_roles(InvalidOid, NULL, false);
	if (labelled == NIL)
		return;
	if (anon_fc_role_binds(GetUserId(), labelled) ||
		anon_fc_role_binds(GetSessionUserId(), labelled))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("masked and differential privacy roles cannot run queries while anon is not preloaded"),
				 errdetail("The role reads through masking or the DP guard, whose hooks are not in place."),
				 errhint("Add 'anon' to shared_preload_libraries in postgresql.conf and restart the server.")));
}

/* ---- SQL functions ---- */

PG_FUNCTION_INFO_V1(anon_fail_closed_sync);

/*
 * anon._fail_closed_sync(): give every role labelled MASKED or DIFFERENTIAL
 * PRIVACY, and every member of one, 'anon' in its session_preload_libraries
 * (roles labelled before anon 1.1).  Called by the install and upgrade
 * scripts; superuser only.
 */
Datum
anon_fail_closed_sync(PG_FUNCTION_ARGS)
{
	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be superuser to change the settings of roles")));
	anon_fc_sync(InvalidOid, NULL, false);
	PG_RETURN_VOID();
}
