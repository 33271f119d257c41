/*-------------------------------------------------------------------------
 *
 * error_redact.h
 *		The text of errors raised while a masked reader's query runs is
 *		hidden when it may carry raw values (error_redact.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_ERROR_REDACT_H
#define ANON_ERROR_REDACT_H

#include "utils/elog.h"

/* before an executor run: true when the callback was put on the stack */
extern bool anon_error_redact_enter(ErrorContextCallback *callback);

/* after a run that returned normally */
extern void anon_error_redact_leave(ErrorContextCallback *callback);

/* emit_log_hook: LOG and DEBUG messages stay in the server log for a masked reader */
extern void anon_error_redact_filter_log(ErrorData *edata);

/* needs_fmgr_hook: a procedural-language function, read by a masked reader */
extern bool anon_error_redact_needs_fmgr(Oid functionId);

#endif							/* ANON_ERROR_REDACT_H */
