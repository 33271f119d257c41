/*-------------------------------------------------------------------------
 *
 * anon.c
 *		Entry point of the anon extension: _PG_init and nothing else.
 *
 * anon must be listed in shared_preload_libraries: its label providers,
 * hooks and shared memory only work when they are in place before any
 * session starts.  When the library is loaded any other way, _PG_init only
 * notes it, and CREATE EXTENSION (and every feature that needs the hooks)
 * stops with an error that says how to fix the configuration.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/guc.h"

#include "compat.h"
#include "anon.h"
#include "dict.h"
#include "hash.h"
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

PG_MODULE_MAGIC;

/* ---- Global state ---- */

bool		anon_preloaded = false;

/* ---- Function declarations ---- */

void		_PG_init(void);

PG_FUNCTION_INFO_V1(anon_check_preloaded);

/*
 * Module load callback
 */
void
_PG_init(void)
{
	anon_preloaded = process_shared_preload_libraries_in_progress;

	/*
	 * Loaded any other way, anon registers nothing: CREATE EXTENSION and
	 * the features that need hooks say that it must be preloaded.
	 */
	if (!anon_preloaded)
		return;

	/* one init call per module; each defines its GUCs and caches */
	anon_label_init();
	anon_rules_init();
	anon_dict_init();
	anon_hash_init();
	anon_mask_init();
	anon_dp_budget_init();
	anon_dp_agg_init();
	anon_dp_guard_init();
	anon_static_init();
	anon_progress_init();
	anon_pa_compat_init();

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
