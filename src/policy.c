/*-------------------------------------------------------------------------
 *
 * policy.c
 *		The registered masking policies: one label provider each.
 *
 * Provider "anon" is always registered; anon.masking_policies names more,
 * each its own label provider, so that one column can be masked one way
 * for the roles of one policy and another way for another's.  Provider
 * "k_anonymity" accepts PostgreSQL Anonymizer's 'INDIRECT IDENTIFIER'
 * column labels.
 *
 * anon.masking_policies may be set in postgresql.conf or, as PostgreSQL
 * Anonymizer documents it, per database or role (ALTER DATABASE d SET
 * anon.masking_policies = 'a, b'), which takes effect in the sessions
 * that start afterwards, without a restart.  Its assign hook registers the
 * names not registered yet in this process (the postmaster when the
 * server starts or reloads its configuration, a backend when it applies
 * its database's settings); anon.register_masking_policy(name) does the
 * same for the current session.  A provider is never unregistered: a
 * name dropped from the list stays registered until the session ends,
 * which errs on the side of masking (its MASKED roles stay masked).  It
 * is PGC_SUSET: a masked role cannot change which policies mask it.
 * Registering a policy drops the role and rule caches of rules.c, whose
 * entries hold a bit per registered policy.
 *
 * The relabel callback does not learn which provider called it, so each
 * policy gets its own small trampoline that passes the policy's name to
 * anon_relabel() (label_provider.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/seclabel.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/plancache.h"
#include "utils/varlena.h"

#include "compat.h"
#include "anon.h"
#include "label.h"
#include "rules.h"

#define ANON_MAX_POLICIES 8

/* ---- GUC variables ---- */

static char *anon_masking_policies_guc = NULL;

/* ---- Module state ---- */

static int	anon_npolicies = 0;
static char *anon_policies[ANON_MAX_POLICIES];

#define ANON_TRAMPOLINE(n) \
static void \
anon_relabel_##n(const ObjectAddress *object, const char *seclabel) \
{ \
	anon_relabel(object, seclabel, anon_policies[n]); \
}
ANON_TRAMPOLINE(0)
ANON_TRAMPOLINE(1)
ANON_TRAMPOLINE(2)
ANON_TRAMPOLINE(3)
ANON_TRAMPOLINE(4)
ANON_TRAMPOLINE(5)
ANON_TRAMPOLINE(6)
ANON_TRAMPOLINE(7)

static check_object_relabel_type anon_trampolines[ANON_MAX_POLICIES] = {
	anon_relabel_0, anon_relabel_1, anon_relabel_2, anon_relabel_3,
	anon_relabel_4, anon_relabel_5, anon_relabel_6, anon_relabel_7
};

static bool anon_policy_name_is_valid(const char *name);
static int	anon_policies_new(List *names);

/*
 * Split the policy list; the result always starts with "anon" and holds
 * no duplicates.  Returns false (with GUC_check_errdetail set when
 * checking) on a malformed list.
 */
static bool
anon_split_policies(const char *value, List **names, bool report)
{
	char	   *raw = pstrdup(value ? value : "");
	List	   *list = NIL;
	ListCell   *lc;

	if (!SplitIdentifierString(raw, ',', &list))
	{
		if (report)
			GUC_check_errdetail("The list of policies is not a valid list of names.");
		return false;
	}

	*names = list_make1(pstrdup(ANON_DEFAULT_POLICY));
	foreach(lc, list)
	{
		char	   *name = (char *) lfirst(lc);
		ListCell   *lc2;
		bool		dup = false;

		if (!anon_policy_name_is_valid(name))
		{
			if (report)
				GUC_check_errdetail("\"%s\" is not a valid policy name: use letters, digits and underscores.", name);
			return false;
		}
		if (strcmp(name, ANON_KANON_PROVIDER) == 0)
		{
			if (report)
				GUC_check_errdetail("\"%s\" is reserved for k-anonymity labels.", name);
			return false;
		}
		foreach(lc2, *names)
			if (strcmp((char *) lfirst(lc2), name) == 0)
				dup = true;
		if (!dup)
			*names = lappend(*names, pstrdup(name));
	}
	if (anon_policies_new(*names) + anon_npolicies > ANON_MAX_POLICIES)
	{
		if (report)
			GUC_check_errdetail("At most %d policies can be registered in a session.", ANON_MAX_POLICIES);
		return false;
	}
	return true;
}

/* a policy name: letters, digits and underscores, not starting with a digit */
static bool
anon_policy_name_is_valid(const char *name)
{
	const char *p;

	if (name[0] == '\0' || strlen(name) >= NAMEDATALEN ||
		(name[0] >= '0' && name[0] <= '9'))
		return false;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			  (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

/* how many of names are not registered yet */
static int
anon_policies_new(List *names)
{
	ListCell   *lc;
	int			n = 0;

	foreach(lc, names)
		if (anon_policy_index((char *) lfirst(lc)) < 0)
			n++;
	return n;
}

/*
 * Register one policy in this process (a no-op when it is registered).
 * Called from an assign hook, so it must not fail: the check hook has
 * made sure the name is valid and that there is room.
 */
static void
anon_register_policy(const char *name)
{
	if (anon_policy_index(name) >= 0 || anon_npolicies >= ANON_MAX_POLICIES)
		return;
	anon_policies[anon_npolicies] = MemoryContextStrdup(TopMemoryContext, name);
	register_label_provider(anon_policies[anon_npolicies],
							anon_trampolines[anon_npolicies]);
	anon_npolicies++;
	/* cached role labels and rules have a bit per registered policy */
	anon_rules_invalidate_all();
	/* and plans were masked (or not) for the policies known then */
	ResetPlanCache();
}

static bool
anon_check_masking_policies(char **newval, void **extra, GucSource source)
{
	List	   *names;

	return anon_split_policies(*newval, &names, true);
}

static void
anon_assign_masking_policies(const char *newval, void *extra)
{
	List	   *names;
	ListCell   *lc;

	if (!anon_split_policies(newval, &names, false))
		return;
	foreach(lc, names)
		anon_register_policy((char *) lfirst(lc));
}

void
anon_label_init(void)
{
	/* "anon" first, so that it is policy 0 */
	anon_register_policy(ANON_DEFAULT_POLICY);
	register_label_provider(ANON_KANON_PROVIDER, anon_kanon_relabel);

	DefineCustomStringVariable("anon.masking_policies",
							   "Names of the masking policies, each registered as a label provider.",
							   "The policy \"anon\" is always registered; list more names, separated by commas, "
							   "to mask a column differently for the roles of each policy. It may be set per "
							   "database (ALTER DATABASE ... SET) and takes effect in new sessions.",
							   &anon_masking_policies_guc,
							   ANON_DEFAULT_POLICY,
							   PGC_SUSET,
							   GUC_LIST_INPUT,
							   anon_check_masking_policies,
							   anon_assign_masking_policies, NULL);
}

int
anon_policy_count(void)
{
	return anon_npolicies;
}

const char *
anon_policy_name(int i)
{
	Assert(i >= 0 && i < anon_npolicies);
	return anon_policies[i];
}

int
anon_policy_index(const char *name)
{
	int			i;

	for (i = 0; i < anon_npolicies; i++)
		if (strcmp(anon_policies[i], name) == 0)
			return i;
	return -1;
}

/* ---- SQL functions ---- */

PG_FUNCTION_INFO_V1(anon_policies_srf);
PG_FUNCTION_INFO_V1(anon_register_masking_policy);

/*
 * anon.register_masking_policy(name): register a policy in this session,
 * as PostgreSQL Anonymizer's function of that name does (superusers; to
 * register it in every session, set anon.masking_policies).
 */
Datum
anon_register_masking_policy(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to register a masking policy"),
				 errhint("A superuser registers policies, or lists them in anon.masking_policies.")));
	if (!anon_policy_name_is_valid(name) || strcmp(name, ANON_KANON_PROVIDER) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_NAME),
				 errmsg("invalid masking policy name"),
				 errdetail("A policy name has letters, digits and underscores, does not start with a digit, "
						   "and is not \"%s\".", ANON_KANON_PROVIDER),
				 errhint("Write a name such as 'gdpr' or 'analytics'.")));
	if (anon_policy_index(name) < 0 && anon_npolicies >= ANON_MAX_POLICIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("at most %d masking policies can be registered in a session", ANON_MAX_POLICIES)));
	anon_register_policy(name);
	PG_RETURN_BOOL(true);
}

/* anon.policies(): the registered policies, "anon" first */
Datum
anon_policies_srf(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;

	if (SRF_IS_FIRSTCALL())
		funcctx = SRF_FIRSTCALL_INIT();
	funcctx = SRF_PERCALL_SETUP();
	if (funcctx->call_cntr < (uint64) anon_npolicies)
	{
		/* SRF_RETURN_NEXT advances call_cntr before using its argument */
		Datum		name = PointerGetDatum(cstring_to_text(anon_policies[funcctx->call_cntr]));

		SRF_RETURN_NEXT(funcctx, name);
	}
	SRF_RETURN_DONE(funcctx);
}
