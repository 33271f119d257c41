-- The privacy budget (src/dp_budget.c): charged before release, kept
-- across ROLLBACK, enforced for roles with a budget and for DIFFERENTIAL
-- PRIVACY roles (zero when unset), recorded for everyone.
\set VERBOSITY terse
CREATE TABLE dp_b AS SELECT g AS id, g % 10 AS grp, g % 100 AS v FROM generate_series(1, 1000) g;
CREATE ROLE regress_dp_analyst;
CREATE ROLE regress_dp_only;
CREATE ROLE regress_dp_free;
GRANT SELECT ON dp_b TO regress_dp_analyst, regress_dp_only, regress_dp_free;
SECURITY LABEL FOR anon ON ROLE regress_dp_only IS 'DIFFERENTIAL PRIVACY';

SELECT anon.set_budget('regress_dp_analyst', 1.0, 1e-6);
SELECT role, epsilon, delta FROM anon.dp_budget ORDER BY role::text;

SET ROLE regress_dp_analyst;
SELECT epsilon, delta FROM anon.budget_remaining();
SELECT anon.anon_count(0.25) IS NOT NULL AS released FROM dp_b;
SELECT round(epsilon::numeric, 6) AS eps_left, delta FROM anon.budget_remaining();
-- ROLLBACK does not give the budget back
BEGIN;
SELECT anon.anon_sum(v, 0.25, 0, 99) IS NOT NULL AS released FROM dp_b;
ROLLBACK;
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining();
-- a grouped query costs epsilon once (the groups are disjoint); each aggregate is charged
SELECT count(c) AS groups FROM (SELECT grp, anon.anon_count(0.1) c FROM dp_b GROUP BY grp) s;
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining();
SELECT anon.anon_count(0.1) IS NOT NULL AND anon.anon_avg(v, 0.1, 0, 99) IS NOT NULL AS two_released FROM dp_b;
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining();
-- delta is accounted too
SELECT anon.anon_count(v, 0.05, 4e-7) IS NOT NULL AS released FROM dp_b;
SELECT round(epsilon::numeric, 6) AS eps_left, round(delta::numeric, 12) AS delta_left FROM anon.budget_remaining();
SELECT anon.anon_count(v, 0.01, 7e-7) FROM dp_b;		-- fail: delta
-- too much: refused, and nothing is spent
SELECT anon.anon_count(0.2) FROM dp_b;				-- fail: epsilon
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining();
SELECT anon.anon_count(0.15) IS NOT NULL AS exactly_the_rest FROM dp_b;
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining();
SELECT anon.anon_count(0.001) FROM dp_b;			-- fail: nothing left
-- the analyst cannot raise their own budget, nor read others'
SELECT anon.set_budget('regress_dp_analyst', 100, 0);
-- (the budgets are readable: pg_dump by a masked role reads every
-- configuration table, 84_pa_compat; the spends are not)
SELECT count(*) AS budgets FROM anon.dp_budget WHERE role::text = 'regress_dp_analyst';
SELECT * FROM anon.dp_spends;
SELECT * FROM anon.budget_remaining('regress_dp_free');
RESET ROLE;

-- a DIFFERENTIAL PRIVACY role without a budget has none
SET ROLE regress_dp_only;
SELECT epsilon, delta FROM anon.budget_remaining();
SELECT anon.anon_count(0.01) FROM dp_b;				-- fail
RESET ROLE;
SELECT anon.set_budget('regress_dp_only', 0.5);
SET ROLE regress_dp_only;
SELECT anon.anon_count(0.5) IS NOT NULL AS released FROM dp_b;
SELECT anon.anon_count(0.5) FROM dp_b;				-- fail
RESET ROLE;

-- a role without a budget is not limited, but its spends are recorded (as
-- planned: one record per query, even when a subquery releases again)
SET ROLE regress_dp_free;
SELECT epsilon = 'Infinity' AS unlimited FROM anon.budget_remaining();
SELECT count(c) AS releases FROM (SELECT (SELECT anon.anon_count(500) FROM dp_b WHERE g > 0) c FROM generate_series(1, 5) g) s;
RESET ROLE;

-- the DBA's view of the spends
SELECT role, count(*) AS spends, round(sum(epsilon)::numeric, 6) AS epsilon,
       round(sum(delta)::numeric, 12) AS delta, bool_and(bound) AS bound,
       bool_and(database = current_database()) AS this_db,
       bool_and(spent_at <= now()) AS timed
FROM anon.dp_spends
WHERE role::text IN ('regress_dp_analyst', 'regress_dp_only', 'regress_dp_free')
GROUP BY role ORDER BY role::text;
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining('regress_dp_analyst');

-- raising a budget gives more room; spends stay
SELECT anon.set_budget('regress_dp_analyst', 1.5, 1e-6);
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining('regress_dp_analyst');

-- bad budgets
SELECT anon.set_budget('regress_dp_analyst', -1, 0);
SELECT anon.set_budget('regress_dp_analyst', 1, 2);
SELECT anon.set_budget('regress_dp_analyst', 'Infinity', 0);
SELECT anon.set_budget('regress_dp_nobody', 1, 0);

DELETE FROM anon.dp_budget WHERE role::text LIKE 'regress_dp%';
SECURITY LABEL FOR anon ON ROLE regress_dp_only IS NULL;
DROP TABLE dp_b;
DROP ROLE regress_dp_analyst, regress_dp_only, regress_dp_free;
