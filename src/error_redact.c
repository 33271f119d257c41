/*-------------------------------------------------------------------------
 *
 * error_redact.c
 *		Errors raised while a masked reader's query runs are stripped of
 *		their text when it may carry raw values.
 *
 * A masking rule is evaluated on the raw row, in the reader's query.  When
 * it fails, the error PostgreSQL raises quotes the value that made it fail:
 * a rule (zip::int + 1)::text meets a row whose zip is 'SECRET' and the
 * masked reader reads
 *		ERROR:  invalid input syntax for type integer: "SECRET"
 * Numeric overflows, date and JSON parsing, regular expressions, encoding
 * conversions and RAISE in a trusted function all quote their input in the
 * message, the detail or the context.  A PL/pgSQL block that catches the
 * error reads SQLERRM: the text must be gone before the error is thrown,
 * not only before it is sent.  (A DIFFERENTIAL PRIVACY role needs no such
 * care: the DP guard lets only leakproof functions touch its raw rows, and
 * a leakproof function raises no error that depends on its input.)
 *
 * So, while the executor runs a statement for a masked reader, an
 * error context callback sits on error_context_stack.  PostgreSQL calls it
 * in errfinish() for every report, before the error is thrown or sent:
 *	 - a report whose SQLSTATE class never carries data (permissions,
 *	   unsupported features, cancellation, serialization failures,
 *	   resources, read-only transactions, ...) passes unchanged: anon's own
 *	   refusals belong there.  Missing objects (42, 3D, 3F but for 42501)
 *	   do not: what the executor looks up can be a value of the row;
 *	 - a notice or a warning (classes 00 and 01) raised while a rule's call
 *	   runs (a TRUSTED function in a procedural language printing its
 *	   argument) gets a fixed text; the reader's own notices stay as they
 *	   are (the fmgr hook counts rule calls, restricted.c; every function in
 *	   a procedural language goes through it while the reader is masked);
 *	 - any other error (data exceptions, integrity, PL/pgSQL RAISE, internal
 *	   errors, foreign data, ...) is replaced: the callback raises a new error
 *	   with the same SQLSTATE and a fixed text.  elog.c treats an error
 *	   raised in a context callback as a recursive error: the original
 *	   report (its message, detail, hint and the context lines gathered so
 *	   far) is discarded with ErrorContext, and the new one is what the
 *	   handler catches, PL/pgSQL's EXCEPTION clause included.
 * The reader's own expressions over masked values fail with the same fixed
 * text: they cannot be told apart from a rule's failure in the executor,
 * and hiding both is the safe side.  The SQLSTATE stays, so applications
 * that branch on it keep working; the owner of the table reproduces the
 * error without masking.  That a rule fails on some row at all stays
 * observable: rules should be total (anon.validate() checks them on the
 * current data).
 *
 * Messages of level LOG and DEBUG never reach a masked reader's client
 * (anon_error_redact_filter_log): anyone may lower client_min_messages,
 * and then debug_print_plan printed the plan with the rules' constants
 * (a salt: the masked reader hashes its guesses with it),
 * debug_print_rewritten the query trees of views whose definitions are
 * redacted for it, and auto_explain (where the DBA loads it) plans and
 * estimates drawn from raw statistics, which EXPLAIN is refused for.
 *
 * One callback per backend is on the stack at a time: nested executor runs
 * (functions, SPI, cursors) find it there and add none, so the recursive
 * report meets the callback exactly once, which lets it through.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "utils/elog.h"
#include "utils/syscache.h"

#include "compat.h"
#include "error_redact.h"
#include "restricted.h"
#include "rules.h"

/* the replacement error was raised and has not yet met the callback */
static bool anon_redact_raising = false;

/* SQLSTATE classes whose reports never quote a value of a row */
static const char anon_redact_safe_classes[][2] = {
	{'0', '8'},					/* connection exception */
	{'0', 'A'},					/* feature not supported: anon's refusals */
	{'0', 'B'},					/* invalid transaction initiation */
	{'0', 'L'},					/* invalid grantor */
	{'0', 'P'},					/* invalid role specification */
	{'2', '5'},					/* invalid transaction state (read only) */
	{'2', '8'},					/* invalid authorization specification */
	{'2', 'B'},					/* dependent privilege descriptors exist */
	{'2', 'D'},					/* invalid transaction termination */
	{'3', 'B'},					/* savepoint exception */
	{'3', 'D'},					/* invalid catalog name */
	{'3', 'F'},					/* invalid schema name */
	{'4', '0'},					/* transaction rollback: serialization */
	{'4', '2'},					/* access rule violation, missing objects */
	{'5', '3'},					/* insufficient resources */
	{'5', '5'},					/* object not in prerequisite state */
	{'5', '7'},					/* operator intervention: cancel, timeout */
	{'5', '8'},					/* system error */
	{'F', '0'},					/* configuration file error */
};

static bool
anon_redact_class_is_safe(int sqlerrcode)
{
	int			i;

	/*
	 * Missing objects name what they looked up, and while the executor
	 * runs, what is looked up can be a value of the row: a rule that casts
	 * a column to regconfig or jsonpath, or passes it to anon's functions
	 * as a locale or a dictionary ("dictionary "word" has no locale
	 * "<raw value>""), fails with the raw value in the text.  They keep
	 * their text when they point into the text of a query (the parser's
	 * errors in a query a function runs: names the reader wrote), and
	 * permission errors (42501), which name objects, always do.
	 */
	if (sqlerrcode != ERRCODE_INSUFFICIENT_PRIVILEGE &&
		(ERRCODE_TO_CATEGORY(sqlerrcode) == MAKE_SQLSTATE('4', '2', '0', '0', '0') ||
		 ERRCODE_TO_CATEGORY(sqlerrcode) == MAKE_SQLSTATE('3', 'D', '0', '0', '0') ||
		 ERRCODE_TO_CATEGORY(sqlerrcode) == MAKE_SQLSTATE('3', 'F', '0', '0', '0')))
		return geterrposition() > 0 || getinternalerrposition() > 0;

	for (i = 0; i < lengthof(anon_redact_safe_classes); i++)
		if (ERRCODE_TO_CATEGORY(sqlerrcode) ==
			MAKE_SQLSTATE(anon_redact_safe_classes[i][0],
						  anon_redact_safe_classes[i][1], '0', '0', '0'))
			return true;
	return false;
}

static void
anon_redact_callback(void *arg)
{
	int			code = geterrcode();
	int			category = ERRCODE_TO_CATEGORY(code);

	if (anon_redact_raising)
	{
		/* the replacement itself, met once on its way out */
		anon_redact_raising = false;
		return;
	}
	if (anon_redact_class_is_safe(code))
		return;
	if (category == ERRCODE_SUCCESSFUL_COMPLETION ||
		category == ERRCODE_WARNING)
	{
		if (!anon_in_rule_call())
			return;
		/* a rule's notice or warning: replace its texts where it stands */
		errmsg("a message raised while reading masked data was hidden");
		errdetail("Its text may contain unmasked values.");
		errhint("The owner of the table can reproduce it without masking.");
		return;
	}
	anon_redact_raising = true;
	ereport(ERROR,
			(errcode(code),
			 errmsg("a masking rule or an expression over masked data failed"),
			 errdetail("The error's text is hidden from masked roles, since it may contain unmasked values; its SQLSTATE is kept."),
			 errhint("The owner of the table can reproduce the error without masking.")));
}

/* is our callback on the error context stack already? */
static bool
anon_redact_on_stack(void)
{
	ErrorContextCallback *cb;

	for (cb = error_context_stack; cb != NULL; cb = cb->previous)
		if (cb->callback == anon_redact_callback)
			return true;
	return false;
}

/*
 * Called by the ExecutorRun hook before the run: puts the callback on the
 * stack for a masked reader, unless it is there already.  Returns
 * whether it did, for anon_error_redact_leave.
 */
bool
anon_error_redact_enter(ErrorContextCallback *callback)
{
	if (anon_redact_on_stack() || anon_reader_policy() < 0)
		return false;
	anon_redact_raising = false;
	callback->callback = anon_redact_callback;
	callback->arg = NULL;
	callback->previous = error_context_stack;
	error_context_stack = callback;
	return true;
}

/*
 * emit_log_hook (hooks.c), for every message: one of level LOG or DEBUG
 * goes to the server log only while the reader is masked, or may be (the
 * users changed since the reader's policy was last computed: no catalog
 * access while a message is emitted, so unknown counts as masked).
 */
void
anon_error_redact_filter_log(ErrorData *edata)
{
	if (edata->elevel < INFO && edata->output_to_client &&
		anon_reader_policy_peek() != -1)
		edata->output_to_client = false;
}

/* after a run that returned normally (an error unwinds the stack itself) */
void
anon_error_redact_leave(ErrorContextCallback *callback)
{
	error_context_stack = callback->previous;
}

/*
 * needs_fmgr_hook: while the reader is masked, a function in a procedural
 * language goes through the fmgr hook, so that a rule's call of it counts
 * as a rule call (anon_in_rule_call) while it runs.  Built-in (internal and
 * C) functions do not: they raise no notice that quotes their argument.
 */
bool
anon_error_redact_needs_fmgr(Oid functionId)
{
	HeapTuple	tuple;
	Oid			lang;

	if (anon_reader_policy() < 0)
		return false;
	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(functionId));
	if (!HeapTupleIsValid(tuple))
		return false;
	lang = ((Form_pg_proc) GETSTRUCT(tuple))->prolang;
	ReleaseSysCache(tuple);
	return lang != INTERNALlanguageId && lang != ClanguageId &&
		lang != SQLlanguageId;
}
