/*-------------------------------------------------------------------------
 *
 * reader_policies.c
 *		A reader masked by several policies is refused what the policies
 *		it is not read by label.
 *
 * A query is masked by one policy (anon_reader_policy: the current user's,
 * else the outer user's, else the session user's, each a role's own label
 * first, then a masked role's whose privileges it inherits; or, for a
 * reader that is not masked, the policy of the masked owner of a view or
 * rule the query uses).  Policies are separate views of the data: a column
 * that one policy masks, another may leave as it is.  So a reader whose
 * roles are masked by two policies read, by one, what the other masks: a
 * login masked for "devtests" that SET ROLE to a role masked for "anon"
 * (or called a SECURITY DEFINER function of one, or read a view one owns,
 * or inherited the privileges of one) read raw the columns that only
 * "devtests" masks.  (One role labelled MASKED for two policies reads by
 * the first, as in PostgreSQL Anonymizer: that is one role's policy.)
 *
 * Masking by both at once has no meaning (which rule would a column
 * show?), so the query is refused when it reads a relation that another
 * of the reader's policies labels (its own labels, an ancestor's or, read
 * with its children, a descendant's); relations labelled by the policy it
 * is read by alone, or by none, read as before.  Only when more than one
 * policy is registered (anon.masking_policies): otherwise no cost at all.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "utils/lsyscache.h"

#include "dynamic.h"
#include "label.h"
#include "mask.h"
#include "reader_policies.h"
#include "rules.h"

typedef struct AnonPoliciesContext
{
	int			policy;			/* the policy the query is masked by */
	uint32		others;			/* the reader's other policies */
} AnonPoliciesContext;

static bool
anon_reader_policies_walker(Node *node, AnonPoliciesContext *ctx)
{
	ListCell   *lc;

	if (node == NULL)
		return false;
	if (!IsA(node, Query))
		return expression_tree_walker(node, anon_reader_policies_walker, (void *) ctx);

	foreach(lc, ((Query *) node)->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);
		int			p;

		if (rte->rtekind != RTE_RELATION)
			continue;
		for (p = 0; p < anon_policy_count() && p < 32; p++)
			if ((ctx->others & (1U << p)) &&
				anon_mask_is_labelled(rte->relid, p, rte->inh))
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("a reader masked by policies \"%s\" and \"%s\" cannot read relation \"%s\"",
								anon_policy_name(ctx->policy), anon_policy_name(p),
								get_rel_name(rte->relid)),
						 errdetail("A query is masked by one policy, \"%s\"; the policy \"%s\" labels \"%s\", whose columns \"%s\" may leave unmasked.",
								   anon_policy_name(ctx->policy), anon_policy_name(p),
								   get_rel_name(rte->relid), anon_policy_name(ctx->policy)),
						 errhint("Label MASKED, for one policy only, the roles of a reader: its login, the roles it sets or inherits the privileges of, the masked owners of the views it reads.")));
	}
	return query_tree_walker((Query *) node, anon_reader_policies_walker, (void *) ctx, 0);
}

/*
 * Planner hook (dynamic.c), for a query masked by policy: refuse it if it
 * reads a relation labelled by another policy that masks its reader.
 */
void
anon_reader_check_policies(Query *parse, int policy)
{
	AnonPoliciesContext ctx;
	List	   *roles;
	ListCell   *lc;

	if (anon_policy_count() < 2 || !IsTransactionState())
		return;
	ctx.policy = policy;
	ctx.others = anon_reader_policies();
	roles = anon_query_check_as_roles(parse);
	foreach(lc, roles)
		ctx.others |= anon_role_masking_policies(lfirst_oid(lc));
	list_free(roles);
	ctx.others &= ~(1U << policy);
	if (ctx.others == 0)
		return;
	(void) anon_reader_policies_walker((Node *) parse, &ctx);
}
