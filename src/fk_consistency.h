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
#include "catalog/pg_attribute.h"
#include "nodes/nodes.h"
#include "nodes/pg_list.h"
#include "pg_config_manual.h"
#include "utils/relcache.h"

#include "compat.h"

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
 * The same, but a virtual key that no longer resolves is left out and
 * *dangling set (dangling non-NULL), for callers on every query's path
 * (whether a relation needs masking) that must not fail for everyone.
 */
extern List *anon_fk_referencing_ext(Oid relid, bool clones, bool with_virtual,
									 bool *dangling);

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
 * attnum of rel for a policy: warn of a policy that would break a foreign
 * key (a volatile rule on a referenced key whose references have no rule
 * of their own; a rule of its own on a referencing column that differs
 * from the referenced key's).  The label is kept, as PostgreSQL
 * Anonymizer keeps it, so that a script that labels both sides in either
 * order runs to its end; masking checks the whole chain whenever it
 * computes a mask (mask.c) and refuses there.
 */
extern void anon_fk_check_rule(Relation rel, AttrNumber attnum, Node *expr,
							   const char *policy);

/*
 * NULL if a referencing row keeps referencing the same row once both
 * sides are masked (child and parent: the masks of the referencing column
 * cattnum and of the referenced column pattnum, NULL where not masked):
 * neither masked; the referencing one masked to NULL; or both by the same
 * deterministic expression of the key alone.  Else why not, as a sentence.
 */
/* does a column's mask read a column of its table other than attnum? */
extern bool anon_fk_mask_reads_other(Node *mask, AttrNumber attnum);

extern const char *anon_fk_mask_refusal(Node *child, AttrNumber cattnum,
										Node *parent, AttrNumber pattnum);

/* NULL if the mask of a referenced column can be given to its references */
extern const char *anon_fk_transferable(Node *parent, AttrNumber pattnum);

/*
 * The mask parent of referenced column pattnum (type ptype, ptypmod) as
 * the mask of referencing column catt: the key replaced by the
 * referencing column, with assignment casts where the types differ; NULL
 * if they cannot be cast.
 */
extern Node *anon_fk_transfer(Node *parent, AttrNumber pattnum, Oid ptype,
							  int32 ptypmod, Form_pg_attribute catt);

/* ERROR: the policy breaks key column i of fk, for the reason why */
extern Oid	anon_fk_key_cast(const AnonForeignKey *fk, int i);

extern void anon_fk_refuse_key_casts(const AnonForeignKey *fk, const char *what);

extern pg_noreturn void anon_fk_refuse(const AnonForeignKey *fk, int i, const char *why);

/* "a, b" for error messages: the quoted names of keys[0..n-1] of relid */
extern char *anon_fk_attnames(Oid relid, const AttrNumber *keys, int n);

#endif							/* ANON_FK_CONSISTENCY_H */
