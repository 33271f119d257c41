-- One atomic spend per query, charged before it runs (src/dp_budget.c):
-- the total epsilon and delta of every DP aggregate of a query and of its
-- partition selection, checked against the budget before any of it is
-- charged; plans that could run a DP aggregate twice for one charge are
-- refused for limited roles.
\set VERBOSITY terse
CREATE TABLE dpc_people (id int PRIMARY KEY, city text, salary int);
INSERT INTO dpc_people SELECT g, 'city ' || (g % 10), (g * 37) % 1000 FROM generate_series(1, 1000) g;
SECURITY LABEL FOR anon ON COLUMN dpc_people.salary IS 'MASKED WITH VALUE 0';
CREATE ROLE regress_dpc_budget;		-- a budget, no label
CREATE ROLE regress_dpc_dp;			-- DIFFERENTIAL PRIVACY, a budget without delta
CREATE ROLE regress_dpc_free;		-- neither: not limited
SECURITY LABEL FOR anon ON ROLE regress_dpc_dp IS 'DIFFERENTIAL PRIVACY';
GRANT SELECT ON dpc_people TO regress_dpc_budget, regress_dpc_dp, regress_dpc_free;
SELECT anon.set_budget('regress_dpc_budget', 1.0, 1e-6);
SELECT anon.set_budget('regress_dpc_dp', 10.0, 0);
CREATE FUNCTION pg_temp.dpc_leak(int) RETURNS bool LANGUAGE plpgsql COST 0.0001
AS $$ BEGIN RAISE NOTICE 'row read'; RETURN true; END $$;
GRANT EXECUTE ON FUNCTION pg_temp.dpc_leak(int) TO PUBLIC;

SET SESSION AUTHORIZATION regress_dpc_budget;
-- two aggregates that together need more than the budget: refused, and
-- nothing is charged; the error names what the query needs and what is left
\set VERBOSITY default
SELECT anon.anon_count(0.1), anon.anon_count(100) FROM dpc_people;
\set VERBOSITY terse
SELECT epsilon, delta FROM anon.budget_remaining();
-- the check comes before the first row: the NOTICE of a leaky filter does
-- not fire (a role that is not DP-labelled may use one) ...
SELECT anon.anon_count(5) FROM dpc_people WHERE id = 1 AND pg_temp.dpc_leak(salary);
-- ... and does when the query runs (the positive control)
SELECT anon.anon_count(0.1) >= 0 AS released FROM dpc_people WHERE id = 1 AND pg_temp.dpc_leak(salary);
-- three spends of 0.1 leave 0.7, read as such
SELECT anon.anon_count(0.1) >= 0 AS released FROM dpc_people;
SELECT anon.anon_count(0.1) >= 0 AS released FROM dpc_people;
SELECT epsilon, delta FROM anon.budget_remaining();
-- several aggregates: one charge for their sum; identical calls release once
SELECT anon.anon_count(0.1) >= 0 AND anon.anon_sum(salary, 0.2, 0, 1000) IS NOT NULL
       AND anon.anon_count(0.1) >= 0 AS released FROM dpc_people;
SELECT epsilon, delta FROM anon.budget_remaining();
-- a spend below the ledger's precision is refused, not lost
SELECT anon.anon_count(1e-12) FROM dpc_people;
SELECT anon.anon_count(id, 0.1, 1e-20) FROM dpc_people;
SELECT epsilon, delta FROM anon.budget_remaining();
-- each EXECUTE of a prepared statement is charged again
PREPARE dpc_q AS SELECT anon.anon_count(0.05) >= 0 AS released FROM dpc_people;
EXECUTE dpc_q;
EXECUTE dpc_q;
SELECT epsilon FROM anon.budget_remaining();
-- a generic plan too (the parameters are constants of the plan)
SET plan_cache_mode = force_generic_plan;
EXECUTE dpc_q;
SELECT epsilon FROM anon.budget_remaining();
DEALLOCATE dpc_q;
-- a parameter that is not a constant is refused before anything is spent
PREPARE dpc_p(float8) AS SELECT anon.anon_count($1) FROM dpc_people;
EXECUTE dpc_p(0.1);
DEALLOCATE dpc_p;
RESET plan_cache_mode;
SELECT epsilon FROM anon.budget_remaining();
-- a function that runs a DP query is charged at every call
CREATE FUNCTION pg_temp.dpc_count() RETURNS bigint LANGUAGE sql VOLATILE
AS 'SELECT anon.anon_count(0.05) FROM public.dpc_people';
SELECT count(pg_temp.dpc_count()) AS calls FROM generate_series(1, 3);
SELECT epsilon FROM anon.budget_remaining();

-- Averaging through re-execution: a DP aggregate that the plan could run
-- again for one charge is refused; nothing is spent
WITH c AS (SELECT city, anon.anon_count(0.01) AS n FROM dpc_people GROUP BY city)
SELECT count(DISTINCT (SELECT n FROM c WHERE c.city = 'city ' || g % 10)) FROM generate_series(1, 200) g;
SELECT count(DISTINCT (SELECT anon.anon_count(0.01) FROM dpc_people WHERE g > 0)) FROM generate_series(1, 200) g;
SELECT count(s.n) FROM generate_series(1, 200) g,
       LATERAL (SELECT anon.anon_count(0.01) AS n FROM dpc_people WHERE id > g) s;
WITH RECURSIVE r(i, n) AS (SELECT 1, 0::bigint
	UNION ALL SELECT i + 1, (SELECT anon.anon_count(0.01) FROM dpc_people WHERE i > 0) FROM r WHERE i < 100)
SELECT count(DISTINCT n) FROM r;
-- DP aggregates under grouping sets, and as window functions
SELECT count(n) FROM (SELECT city, anon.anon_count(0.01) AS n FROM dpc_people GROUP BY ROLLUP (city)) s;
SELECT count(n) FROM (SELECT anon.anon_count(0.01) OVER () AS n FROM dpc_people) s;
SELECT epsilon FROM anon.budget_remaining();
-- the same read once, in the top-level query, is allowed
WITH c AS (SELECT city, anon.anon_count(0.01) AS n FROM dpc_people GROUP BY city)
SELECT count(n) AS cities FROM c;
SELECT epsilon FROM anon.budget_remaining();
RESET SESSION AUTHORIZATION;

-- the positive control: for a role that is not limited, the correlated
-- CTE does draw fresh noise at each of the 200 evaluations
SET SESSION AUTHORIZATION regress_dpc_free;
WITH c AS (SELECT city, anon.anon_count(0.01) AS n FROM dpc_people GROUP BY city)
SELECT count(DISTINCT (SELECT n FROM c WHERE c.city = 'city ' || g % 10)) > 10 AS fresh_noise
FROM generate_series(1, 200) g;
RESET SESSION AUTHORIZATION;

-- a DP role whose budget has no delta: a grouped query needs delta for its
-- partition selection, is refused, and spends nothing (not even its epsilon)
SET SESSION AUTHORIZATION regress_dpc_dp;
SELECT city, anon.anon_count(1.0) FROM dpc_people GROUP BY city;
SELECT epsilon, delta FROM anon.budget_remaining();
SELECT anon.anon_count(1.0) >= 0 AS released FROM dpc_people;
SELECT epsilon, delta FROM anon.budget_remaining();
-- SET ROLE to a role without a budget still spends the DP role's budget
RESET SESSION AUTHORIZATION;
GRANT regress_dpc_free TO regress_dpc_dp;
SET SESSION AUTHORIZATION regress_dpc_dp;
SET ROLE regress_dpc_free;
SELECT anon.anon_count(1.0) >= 0 AS released FROM dpc_people;
RESET ROLE;
SELECT epsilon, delta FROM anon.budget_remaining();
RESET SESSION AUTHORIZATION;

-- the ledger holds one record per query, with the query's total
SELECT role, epsilon, delta, bound FROM anon.dp_spends
WHERE role::text IN ('regress_dpc_budget', 'regress_dpc_dp')
ORDER BY spent_at, role::text;

DROP FUNCTION pg_temp.dpc_leak(int), pg_temp.dpc_count();
DELETE FROM anon.dp_budget WHERE role::text LIKE 'regress_dpc%';
SECURITY LABEL FOR anon ON ROLE regress_dpc_dp IS NULL;
DROP TABLE dpc_people;
DROP ROLE regress_dpc_budget, regress_dpc_dp, regress_dpc_free;
