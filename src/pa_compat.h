/*-------------------------------------------------------------------------
 *
 * pa_compat.h
 *		PostgreSQL Anonymizer compatibility: its settings and functions
 *		(src/pa_compat.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_PA_COMPAT_H
#define ANON_PA_COMPAT_H

/* pa_compat.c: define PA's anon.* settings */
extern void anon_pa_compat_init(void);

/* pa_compat.c: anon.static_masking, false when static masking is disabled */
extern bool anon_pa_static_masking;

/* pa_compat.c: ERROR when anon.static_masking is off (masking in place) */
extern void anon_pa_require_static_masking(void);

/* pa_compat.c: anon.max_bg_workers, the most workers anonymize_database_parallel starts */
extern int	anon_pa_max_bg_workers;

/* pa_compat.c: anon.maskschema and anon.sourceschema */
extern char *anon_pa_maskschema;
extern char *anon_pa_sourceschema;

#endif							/* ANON_PA_COMPAT_H */
