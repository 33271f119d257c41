/*-------------------------------------------------------------------------
 *
 * policy.c
 *		The registered masking policies: one label provider each.
 *
 * Provider "anon" is always registered; anon.masking_policies (set at
 * server start) names more, each its own label provider, so that one
 * column can be masked one way for the roles of one policy and another way
 * for another's.  Provider "k_anonymity" accepts PostgreSQL Anonymizer's
 * 'INDIRECT IDENTIFIER' column labels.
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
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/varlena.h"

#include "compat.h"
#include "anon.h"
#include "label.h"

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
	if (list_length(*names) > ANON_MAX_POLICIES)
	{
		if (report)
			GUC_check_errdetail("At most %d policies can be registered.", ANON_MAX_POLICIES);
		return false;
	}
	return true;
}

static bool
anon_check_masking_policies(char **newval, void **extra, GucSource source)
{
	List	   *names;

	return anon_split_policies(*newval, &names, true);
}

void
anon_label_init(void)
{
	List	   *names;
	ListCell   *lc;

	DefineCustomStringVariable("anon.masking_policies",
							   "Names of the masking policies, each registered as a label provider.",
							   "The policy \"anon\" is always registered; list more names, separated by commas, "
							   "to mask a column differently for the roles of each policy.",
							   &anon_masking_policies_guc,
							   ANON_DEFAULT_POLICY,
							   PGC_POSTMASTER,
							   GUC_LIST_INPUT,
							   anon_check_masking_policies, NULL, NULL);

	if (!anon_split_policies(anon_masking_policies_guc, &names, false))
		names = list_make1(pstrdup(ANON_DEFAULT_POLICY));

	foreach(lc, names)
	{
		anon_policies[anon_npolicies] =
			MemoryContextStrdup(TopMemoryContext, (char *) lfirst(lc));
		register_label_provider(anon_policies[anon_npolicies],
								anon_trampolines[anon_npolicies]);
		anon_npolicies++;
	}
	register_label_provider(ANON_KANON_PROVIDER, anon_kanon_relabel);
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
