/*-------------------------------------------------------------------------
 *
 * fk_consistency.h
 *		Foreign keys as masking sees them: the declared ones and the virtual
 *		ones that labels declare, and the checks that keep masks consistent
 *		along them.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_FK_CONSISTENCY_H
#define ANON_FK_CONSISTENCY_H

#include "access/attnum.h"
#include "nodes/pg_list.h"
#include "pg_config_manual.h"
#include "utils/relcache.h"

/* One foreign key, declared (pg_constraint) or virtual (a label) */
typedef struct AnonForeignKey
{
	const char *conname;		/* constraint name; virtual: <table>_<col>_vfkey */
	bool		is_virtual;		/* declared by a label, not by the schema */
	bool		unique;			/* the referenced columns are unique */
	Oid			relid;			/* referencing table */
	Oid			confrelid;		/* referenced table */
	int			numfks;
	AttrNumber	conkey[INDEX_MAX_KEYS];
	AttrNumber	confkey[INDEX_MAX_KEYS];
	Oid			pfeqop[INDEX_MAX_KEYS];	/* referenced = referencing */
	char		matchtype;
	char		updtype;
	char		deltype;
	bool		deferrable;
	bool		deferred;
} AnonForeignKey;

/*
 * The foreign keys of relid as the referencing table: declared ones (with
 * clones, the copies PostgreSQL makes for partitions, or without), then
 * the virtual ones of its labels.  A virtual key whose table or columns no
 * longer exist raises an error naming it (fail closed: masks rely on it).
 */
extern List *anon_fk_referencing(Oid relid, bool clones, bool with_virtual);

/*
 * Parse and check the virtual foreign keys of a REFERENCES or FOREIGN KEY
 * label written on relid (attnum 0: the table), as SECURITY LABEL does:
 * the referenced table and columns exist, the types compare with a
 * built-in equality, the writer may reference them (REFERENCES
 * privilege); a NOTICE when the referenced columns are not unique.
 */
extern List *anon_fk_virtual_check(Relation rel, AttrNumber attnum, const char *label);

/*
 * At SECURITY LABEL time, for a masking rule (or its removal) on column
 * attnum of rel for a policy: refuse a policy that would break a foreign
 * key right away (a volatile rule on a referenced key whose references
 * have no rule of their own; a rule of its own on a referencing column
 * that differs from the referenced key's).  Masking checks the whole
 * chain again whenever it computes a mask (mask.c).
 */
extern void anon_fk_check_rule(Relation rel, AttrNumber attnum, Node *expr,
							   const char *policy);

/* "a, b" for error messages: the quoted names of keys[0..n-1] of relid */
extern char *anon_fk_attnames(Oid relid, const AttrNumber *keys, int n);

#endif							/* ANON_FK_CONSISTENCY_H */
