/*-------------------------------------------------------------------------
 *
 * anon.c
 *		Entry point of the anon extension: _PG_init and nothing else.
 *
 * anon must be listed in shared_preload_libraries: its label providers,
 * hooks and shared memory only work when they are in place before any
 * session starts.  When the library is loaded any other way, CREATE
 * EXTENSION (and every feature that needs the hooks) stops with an error
 * that says how to fix the configuration, and masked and DP roles get
 * errors, never data: loaded at their login (session_preload_libraries,
 * see fail_closed.c), _PG_init ends the session; loaded later, a minimal
 * guard refuses their statements.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "tcop/pquery.h"
#include "utils/guc.h"
#include "utils/varlena.h"

#include "compat.h"
#include "anon.h"
#include "dict.h"
#include "hash.h"
#include "keys.h"
#include "dynamic.h"
#include "dp_agg.h"
#include "dp_budget.h"
#include "dp_guard.h"
#include "label.h"
#include "mask.h"
#include "rules.h"
#include "static.h"
#include "progress.h"
#include "pa_compat.h"
#include "projcache.h"

PG_MODULE_MAGIC;

/* ---- Global state ---- */

bool		anon_preloaded = false;

/* ---- Function declarations ---- */

void		_PG_init(void);

PG_FUNCTION_INFO_V1(anon_check_preloaded);

/*
 * Is the library being loaded at login by session_preload_libraries?  It is
 * loaded once per session: if the session's setting names anon, this load
 * is that one (PostgreSQL 15 loads it inside InitPostgres's transaction,
 * before any query, with no portal active).
 */
static bool
anon_loaded_at_login(void)
{
	const char *value = GetConfigOption("session_preload_libraries", true, false);
	List	   *items = NIL;
	ListCell   *lc;

	if (value == NULL || ActivePortal != NULL)
		return false;
	if (!SplitGUCList(pstrdup(value), ',', &items))
		return false;
	foreach(lc, items)
		if (strcmp(lfirst(lc), "anon") == 0 || strcmp(lfirst(lc), "$libdir/anon") == 0)
			return true;
	return false;
}

/*
 * Module load callback
 */
void
_PG_init(void)
{
	anon_preloaded = process_shared_preload_libraries_in_progress;

	if (!anon_preloaded)
	{
		/*
		 * Loaded at login by session_preload_libraries, which anon sets on
		 * every role labelled MASKED or DIFFERENTIAL PRIVACY and on their
		 * members (fail_closed.c): the masking hooks are not in place, so
		 * the session must not start.
		 */
		if (IsUnderPostmaster &&
			(MyBackendType == B_BACKEND || MyBackendType == B_WAL_SENDER) &&
			anon_loaded_at_login())
			ereport(FATAL,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("anon must be loaded by shared_preload_libraries"),
					 errdetail("This role reads through masking or the DP guard (it is labelled MASKED or DIFFERENTIAL PRIVACY, or is a member of such a role), and their hooks are not in place."),
					 errhint("Add 'anon' to shared_preload_libraries in postgresql.conf and restart the server.")));

		/*
		 * Loaded any other way (LOAD, a call to one of its functions),
		 * anon registers no provider and no masking: CREATE EXTENSION and
		 * the features that need hooks say that it must be preloaded, and
		 * a minimal guard refuses every statement of a masked or DP reader.
		 */
		anon_hooks_init_unpreloaded();
		return;
	}

	/* one init call per module; each defines its GUCs and caches */
	anon_label_init();
	anon_rules_init();
	anon_dict_init();
	anon_hash_init();
	anon_keys_init();
	anon_mask_init();
	anon_dp_budget_init();
	anon_dp_agg_init();
	anon_dp_guard_init();
	anon_static_init();
	anon_progress_init();
	anon_pa_compat_init();
	anon_projcache_init();

	/* then every query-path hook, in the order hooks.c documents */
	anon_hooks_init();

	MarkGUCPrefixReserved("anon");
}

/*
 * Stop with a clear error when a feature needs the library preloaded.
 */
void
anon_require_preload(const char *feature)
{
	if (!anon_preloaded)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s requires anon to be loaded by shared_preload_libraries",
						feature),
				 errhint("Add 'anon' to shared_preload_libraries in postgresql.conf and restart the server.")));
}

/*
 * anon._check_preloaded(): called by the install script, so that
 * CREATE EXTENSION fails cleanly on a server that did not preload anon.
 */
Datum
anon_check_preloaded(PG_FUNCTION_ARGS)
{
	anon_require_preload("the anon extension");
	PG_RETURN_VOID();
}
