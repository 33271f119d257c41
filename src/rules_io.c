/*-------------------------------------------------------------------------
 *
 * rules_io.c
 *		Import of masking rules: one label at a time, through the same path
 *		as the SECURITY LABEL command.
 *
 * anon.import_rules(jsonb) (in SQL) walks the JSON that anon.export_rules()
 * writes and calls anon._apply_label() for each label.  The label is
 * applied by building the SECURITY LABEL statement's parse node from the
 * names, never SQL text, so a crafted JSON document can name objects and
 * carry labels but cannot inject a statement; the provider then validates
 * the label exactly as it validates a SECURITY LABEL command: the caller
 * needs the privileges that command needs (ownership of the table, or
 * superuser for roles, schemas and functions), and the rule itself is
 * analysed and evaluated as the table's owner inside a security-restricted
 * operation (label_analyse.c), so a superuser who imports a document
 * naming an owner's table never runs the owner's code as superuser.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "commands/seclabel.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "nodes/parsenodes.h"
#include "parser/parse_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "compat.h"
#include "anon.h"

PG_FUNCTION_INFO_V1(anon_apply_label);

/* the text elements of a one-dimensional text array, none NULL */
static List *
anon_text_array_to_list(ArrayType *arr, const char *what)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;
	List	   *result = NIL;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what)));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain NULL", what)));
		result = lappend(result, makeString(TextDatumGetCString(elems[i])));
	}
	return result;
}

static void
anon_wrong_names(const char *objtype, int expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("a %s label needs %d name%s", objtype, expected, expected > 1 ? "s" : ""),
			 errhint("Use the form written by anon.export_rules().")));
}

/*
 * anon._apply_label(objtype, names, argtypes, provider, label): SECURITY
 * LABEL FOR provider ON objtype names IS label, as a parse node.
 */
Datum
anon_apply_label(PG_FUNCTION_ARGS)
{
	char	   *objtype;
	List	   *names;
	List	   *argtypes = NIL;
	SecLabelStmt *stmt;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("object type, names and provider of a label must not be NULL")));
	objtype = text_to_cstring(PG_GETARG_TEXT_PP(0));
	names = anon_text_array_to_list(PG_GETARG_ARRAYTYPE_P(1), "names");
	if (!PG_ARGISNULL(2))
		argtypes = anon_text_array_to_list(PG_GETARG_ARRAYTYPE_P(2), "argument types");

	stmt = makeNode(SecLabelStmt);
	stmt->provider = text_to_cstring(PG_GETARG_TEXT_PP(3));
	stmt->label = PG_ARGISNULL(4) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(4));

	if (strcmp(objtype, "column") == 0)
	{
		if (list_length(names) != 3)
			anon_wrong_names(objtype, 3);
		stmt->objtype = OBJECT_COLUMN;
		stmt->object = (Node *) names;
	}
	else if (strcmp(objtype, "table") == 0)
	{
		Oid			relid;

		if (list_length(names) != 2)
			anon_wrong_names(objtype, 2);
		relid = RangeVarGetRelid(makeRangeVar(strVal(linitial(names)),
											  strVal(lsecond(names)), -1),
								 NoLock, false);
		switch (get_rel_relkind(relid))
		{
			case RELKIND_FOREIGN_TABLE:
				stmt->objtype = OBJECT_FOREIGN_TABLE;
				break;
			case RELKIND_MATVIEW:
				stmt->objtype = OBJECT_MATVIEW;
				break;
			default:
				stmt->objtype = OBJECT_TABLE;
				break;
		}
		stmt->object = (Node *) names;
	}
	else if (strcmp(objtype, "role") == 0 || strcmp(objtype, "schema") == 0 ||
			 strcmp(objtype, "database") == 0)
	{
		if (list_length(names) != 1)
			anon_wrong_names(objtype, 1);
		stmt->objtype = objtype[0] == 'r' ? OBJECT_ROLE :
			objtype[0] == 's' ? OBJECT_SCHEMA : OBJECT_DATABASE;
		stmt->object = (Node *) linitial(names);
	}
	else if (strcmp(objtype, "function") == 0)
	{
		ObjectWithArgs *func = makeNode(ObjectWithArgs);
		ListCell   *lc;

		if (list_length(names) != 2)
			anon_wrong_names(objtype, 2);
		func->objname = names;
		foreach(lc, argtypes)
			func->objargs = lappend(func->objargs,
									anon_type_string_to_type_name(strVal(lfirst(lc))));
		stmt->objtype = OBJECT_FUNCTION;
		stmt->object = (Node *) func;
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown object type \"%s\" for a label", objtype),
				 errhint("Object types: column, table, role, schema, function, database.")));

	(void) ExecSecLabelStmt(stmt);
	PG_RETURN_VOID();
}
