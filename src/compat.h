/*-------------------------------------------------------------------------
 *
 * compat.h
 *		Every PG_VERSION_NUM shim of the anon extension, in one place.
 *
 * anon targets PostgreSQL 15; this header is where support for another
 * major version adds its differences.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_COMPAT_H
#define ANON_COMPAT_H

#if PG_VERSION_NUM < 150000
#error "anon requires PostgreSQL 15 or later"
#endif

#endif							/* ANON_COMPAT_H */
