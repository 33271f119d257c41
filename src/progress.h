/*-------------------------------------------------------------------------
 *
 * progress.h
 *		Progress of static masking in shared memory, read through the view
 *		anon.pg_stat_progress_anonymize.
 *
 * Each backend owns one slot and is its only writer; the calls below are
 * no-ops when anon was not preloaded (no shared memory).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_PROGRESS_H
#define ANON_PROGRESS_H

/* what a run is doing now; the names are in progress.c */
typedef enum AnonProgressPhase
{
	ANON_PHASE_INITIALIZING = 0,
	ANON_PHASE_SCANNING_HEAP,
	ANON_PHASE_REBUILDING_INDEXES,
	ANON_PHASE_UPDATING,
	ANON_PHASE_COPYING,
	ANON_PHASE_CHECKING_FOREIGN_KEYS
} AnonProgressPhase;

/* how the current table is masked */
typedef enum AnonProgressMethod
{
	ANON_METHOD_NONE = 0,
	ANON_METHOD_REWRITE,
	ANON_METHOD_UPDATE,
	ANON_METHOD_COPY
} AnonProgressMethod;

/* request the shared memory and register the callbacks (from _PG_init) */
extern void anon_progress_init(void);

/* a run starts in this backend (clears the slot); ended by _end or abort */
extern void anon_progress_begin(void);

/* the run is over */
extern void anon_progress_end(void);
extern Oid anon_progress_initiator(void);

/* n more tables to mask in this run */
extern void anon_progress_add_tables(int n);

/* the run starts on one table */
extern void anon_progress_table(Oid relid, AnonProgressMethod method,
								int64 heap_blks_total);

/* the current table is done */
extern void anon_progress_table_done(void);

extern void anon_progress_phase(AnonProgressPhase phase);

/* blocks read and rows written so far in the current table */
extern void anon_progress_scan(int64 heap_blks_scanned, int64 tuples_done);

#endif							/* ANON_PROGRESS_H */
