-- Third DP audit round (dpaudit3): the mathematics and the accounting, as
-- an auditor checks them.  Each probe has a positive control showing it
-- would catch the leak.
--
-- 1. Randomized response over categories returns a category, never the
--    answer itself: an answer equal to a category but written differently
--    (numeric 1.000 for 1.0, float -0 for 0) would otherwise mark a
--    truthful response, whose probability is e^eps / (e^eps + k - 1), as
--    certainly truthful (an infinite privacy loss).
-- 2. The ledger rounds every spend up to its precision (1e-9 of epsilon):
--    a tolerance of a relative 1e-6 charged epsilon 1.0000009e-06 as 1e-06,
--    so many such queries overdrew the budget.  A budget is rounded down.
-- 3. A spend stays charged whatever happens after the release: a rolled
--    back subtransaction, a cursor closed early, a function that errors.
-- 4. Partition selection's threshold is computed from the noise scale the
--    sampler really uses (1/epsilon rounded up by a relative 1e-9), so a
--    delta at the edge, q^12 / (1 + q) for epsilon 1, is not exceeded.
\set VERBOSITY terse

-- ---- 1. randomized response returns an element of the categories ----
-- epsilon 50: the truthful branch, with probability 1 - 2e-22 per draw
SELECT count(*) FILTER (WHERE r::text NOT IN ('0.0', '1.0')) AS raw_answers_numeric
FROM (SELECT anon.randomized_response(1.000::numeric, ARRAY[0.0, 1.0]::numeric[], 50) r
      FROM generate_series(1, 200)) s;
SELECT count(*) FILTER (WHERE r::text NOT IN ('0', '1')) AS raw_answers_float
FROM (SELECT anon.randomized_response('-0'::float8, ARRAY[0, 1]::float8[], 50) r
      FROM generate_series(1, 200)) s;
-- positive control: the answers are written differently from their
-- categories, so returning them would be counted above
SELECT 1.000::numeric::text NOT IN ('0.0', '1.0') AS numeric_answer_differs,
       '-0'::float8::text NOT IN ('0', '1') AS float_answer_differs,
       1.000::numeric = 1.0 AND '-0'::float8 = 0 AS yet_equal;
-- the truthful category is still the likely one, the others are reached
SELECT count(*) FILTER (WHERE r = 1.0) > 150 AS mostly_truthful,
       count(*) FILTER (WHERE r = 0.0) > 0 AS sometimes_not
FROM (SELECT anon.randomized_response(1.000::numeric, ARRAY[0.0, 1.0]::numeric[], 1.0) r
      FROM generate_series(1, 400)) s;

-- ---- 2. the ledger rounds spends up and budgets down ----
CREATE TABLE dp7b_t AS SELECT g AS id, g % 10 AS v FROM generate_series(1, 100) g;
CREATE ROLE regress_dp7b;
SECURITY LABEL FOR anon ON ROLE regress_dp7b IS 'DIFFERENTIAL PRIVACY';
GRANT SELECT ON dp7b_t TO regress_dp7b;
SELECT anon.set_budget('regress_dp7b', 0.01, 1e-9);
CREATE FUNCTION pg_temp.dp7b_units() RETURNS TABLE (eps_units_left numeric, delta_units_left numeric)
LANGUAGE sql AS $$
	SELECT round((epsilon * 1e9)::numeric), round((delta * 1e18)::numeric)
	FROM anon.budget_remaining('regress_dp7b') $$;
SELECT * FROM pg_temp.dp7b_units();
SET ROLE regress_dp7b;
-- positive control: a spend of a whole number of units, 1e-06, costs 1000 units
SELECT anon.anon_count(1e-6) IS NOT NULL AS released FROM dp7b_t;
RESET ROLE;
SELECT * FROM pg_temp.dp7b_units();
SET ROLE regress_dp7b;
-- 1.0000009e-06 is 1000.0009 units: charged 1001, not 1000
SELECT anon.anon_count(1.0000009e-6) IS NOT NULL AS released FROM dp7b_t;
-- delta too: 1.0000009e-16 is 100.00009 units of 1e-18, charged 101
SELECT anon.anon_count(id, 1e-6, 1.0000009e-16) IS NOT NULL AS released FROM dp7b_t;
RESET ROLE;
SELECT * FROM pg_temp.dp7b_units();
-- 3001 units spent: a budget of 4001 units leaves 1000, which a spend of
-- 1.0000009e-06 does not fit in (it did when charged 1000) ...
SELECT anon.set_budget('regress_dp7b', 0.000004001, 1e-9);
SET ROLE regress_dp7b;
SELECT anon.anon_count(1.0000009e-6) FROM dp7b_t;		-- fail: budget
-- ... and a spend of 1e-06 exactly does
SELECT anon.anon_count(1e-6) IS NOT NULL AS released FROM dp7b_t;
RESET ROLE;
SELECT * FROM pg_temp.dp7b_units();
-- a budget is rounded down to the ledger's precision (1e-9): 0.9999999996
-- is 999999999 units, 999995998 left after the 4001 spent
SELECT anon.set_budget('regress_dp7b', 0.9999999996, 1e-9);
SELECT * FROM pg_temp.dp7b_units();
-- positive control: a budget that is a whole number of units reads as
-- written, 699995999 left
SELECT anon.set_budget('regress_dp7b', 0.7, 1e-9);
SELECT * FROM pg_temp.dp7b_units();

-- ---- 3. a release stays charged whatever follows it ----
SET ROLE regress_dp7b;
SELECT round(epsilon::numeric, 9) AS eps_left FROM anon.budget_remaining();
-- a subtransaction rolled back after the release
BEGIN;
SAVEPOINT a;
SELECT anon.anon_count(0.01) IS NOT NULL AS released FROM dp7b_t;
ROLLBACK TO SAVEPOINT a;
COMMIT;
SELECT round(epsilon::numeric, 9) AS eps_left FROM anon.budget_remaining();
-- a cursor over a release, fetched, closed, rolled back
BEGIN;
DECLARE c CURSOR FOR SELECT anon.anon_count(0.02) IS NOT NULL AS released FROM dp7b_t;
FETCH 1 FROM c;
CLOSE c;
ROLLBACK;
SELECT round(epsilon::numeric, 9) AS eps_left FROM anon.budget_remaining();
-- a statement that errors after the release (division by zero in its select list)
SELECT anon.anon_count(0.03) / 0 FROM dp7b_t;
SELECT round(epsilon::numeric, 9) AS eps_left FROM anon.budget_remaining();
RESET ROLE;

-- ---- 4. partition selection's threshold and its delta ----
-- epsilon 1, delta = e^-12 / (1 + e^-1) exactly (in double): the old
-- threshold was 1 + 12 = 13, which the sampler's slightly wider noise
-- passes with a probability a relative 1.2e-8 above delta; now 14.  A
-- group of 13 rows passes 13 with probability 1 / (1 + q) = 0.73 and 14
-- with q / (1 + q) = 0.27: over 4000 groups the fraction is far from 0.5
-- either way (a false alarm has probability below 1e-100).
SELECT avg(sel::int) < 0.5 AS threshold_above_13
FROM (SELECT g, anon._dp_partition_select(1.0, 4.4917791498250385e-06) sel
      FROM generate_series(1, 4000) g, generate_series(1, 13) r GROUP BY g) s;
-- positive control: a delta a little larger (4.5e-6, ln(1 / (delta (1 + q)))
-- = 11.998) has threshold 13, and the probe sees it
SELECT avg(sel::int) < 0.5 AS threshold_above_13
FROM (SELECT g, anon._dp_partition_select(1.0, 4.5e-6) sel
      FROM generate_series(1, 4000) g, generate_series(1, 13) r GROUP BY g) s;

DROP TABLE dp7b_t;
DROP OWNED BY regress_dp7b;
DROP ROLE regress_dp7b;
