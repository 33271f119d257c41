-- Differential privacy: noisy aggregates, a DP-only analyst, a budget that runs out.
CREATE ROLE demo_dp LOGIN;
SECURITY LABEL FOR anon ON ROLE demo_dp IS 'DIFFERENTIAL PRIVACY';
GRANT SELECT ON customer TO demo_dp;
SELECT anon.set_budget('demo_dp', 1.0, 1e-5);
SET anon.dp_partition_epsilon = 0.2;

SET ROLE demo_dp;
-- each answer is noisy, and spends its epsilon before it is returned
SELECT anon.anon_count(0.2) AS customers,
       round(anon.anon_avg(salary, 0.2, 0, 200000)) AS avg_salary
FROM customer;
SELECT round(epsilon::numeric, 3) AS epsilon_left, delta AS delta_left FROM anon.budget_remaining();
-- a grouped query costs epsilon once; rare groups are not shown
SELECT city, anon.anon_count(0.2) AS customers FROM customer GROUP BY city ORDER BY city;
SELECT round(epsilon::numeric, 3) AS epsilon_left, delta AS delta_left FROM anon.budget_remaining();
\set ON_ERROR_STOP 0
-- raw rows are refused to a DIFFERENTIAL PRIVACY role
SELECT first_name, salary FROM customer LIMIT 3;
-- and the budget runs out
SELECT anon.anon_count(0.5) FROM customer;
\set ON_ERROR_STOP 1
RESET ROLE;

-- the DBA sees every spend
SELECT role, count(*) AS answers, round(sum(epsilon)::numeric, 3) AS epsilon_spent
FROM anon.dp_spends WHERE role::text = 'demo_dp' GROUP BY role;

-- how noisy is a count released with epsilon 0.2?
SELECT * FROM anon.dp_confidence_interval(1000, 'count', 0.2);
-- local DP: each answer is randomized before it is collected
SELECT anon.rr_count(anon.randomized_response(salary > 50000, 1.0), 1.0) AS estimated_high_earners,
       count(*) FILTER (WHERE salary > 50000) AS true_count
FROM customer;
RESET anon.dp_partition_epsilon;
