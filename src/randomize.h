/*-------------------------------------------------------------------------
 *
 * randomize.h
 *		Helpers of the anon.random_* SQL functions, shared with the other
 *		masking function families.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_RANDOMIZE_H
#define ANON_RANDOMIZE_H

#include "fmgr.h"

/* ERROR naming the function and argument when argument argno is NULL */
extern void anon_reject_null_arg(FunctionCallInfo fcinfo, int argno,
								 const char *funcname, const char *argname);

/* n uniform decimal digits / letters-and-digits, written to out */
extern void anon_random_digits(char *out, int n);
extern void anon_random_alnum(char *out, int n);

#endif							/* ANON_RANDOMIZE_H */
