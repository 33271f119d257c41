-- Public partitions (src/dp_partitions.c): group keys a superuser declared
-- public are released to a DIFFERENTIAL PRIVACY role without partition
-- selection, every one of them (a key without rows as noise), and no other.
\set VERBOSITY terse
CREATE TABLE dp_pp (id int, dept text, salary int);
INSERT INTO dp_pp SELECT g, 'dept ' || (g % 3), g % 1000 FROM generate_series(1, 3000) g;
INSERT INTO dp_pp VALUES (9001, 'Rareville', 500), (9002, 'tiny', 10);
SECURITY LABEL FOR anon ON COLUMN dp_pp.salary IS 'MASKED WITH VALUE 0';
CREATE ROLE regress_dp_pp;
SECURITY LABEL FOR anon ON ROLE regress_dp_pp IS 'DIFFERENTIAL PRIVACY';
GRANT SELECT ON dp_pp TO regress_dp_pp;
SELECT anon.set_budget('regress_dp_pp', 1000, 1e-3);

-- declared by a superuser: duplicates and NULLs dropped, checked against
-- the column's type
SELECT anon.set_public_partitions('dp_pp', 'dept',
	ARRAY['dept 0', 'dept 1', 'dept 2', 'tiny', 'nobody', 'dept 0', NULL]);
SELECT relation, column_name, keys FROM anon.dp_public_partitions;
SELECT anon.set_public_partitions('dp_pp', 'id', ARRAY['x']);		-- fail: not an integer
SELECT anon.set_public_partitions('dp_pp', 'nope', ARRAY['x']);	-- fail: no such column
SELECT anon.set_public_partitions(NULL, 'dept', ARRAY['x']);		-- fail

SET ROLE regress_dp_pp;
SELECT anon.set_public_partitions('dp_pp', 'dept', ARRAY['Rareville']);	-- fail: superusers only
-- the keys are public: the analyst may read them
SELECT keys FROM anon.dp_public_partitions;
-- exactly the public keys: 'tiny' (one person) and 'nobody' (none) are
-- released, 'Rareville' (not declared) is not; the counts have noise of
-- scale 1 (false alarm of the bounds below 1e-9)
SELECT dept, abs(n - CASE WHEN dept LIKE 'dept %' THEN 1000 WHEN dept = 'tiny' THEN 1 ELSE 0 END) < 25 AS near
FROM (SELECT dept, anon.anon_count_unclamped(1.0) AS n FROM dp_pp GROUP BY dept) s
ORDER BY dept;
-- a WHERE clause that no row of a key passes keeps the key
SELECT dept, n IS NOT NULL AS released
FROM (SELECT dept, anon.anon_count(1.0) AS n FROM dp_pp WHERE salary > 998 GROUP BY dept) s
ORDER BY dept;
-- WHERE on the key itself: the other keys are still all released
SELECT count(*) AS groups FROM (SELECT dept, anon.anon_sum(salary, 1.0, 0, 1000) FROM dp_pp WHERE dept = 'Rareville' GROUP BY dept) s;
-- no partition selection: the query spends no delta
SELECT delta AS delta_before FROM anon.budget_remaining() \gset
SELECT count(*) AS groups FROM (SELECT dept, anon.anon_avg(salary, 1.0, 0, 1000) FROM dp_pp GROUP BY dept) s;
SELECT delta = :delta_before AS no_delta_spent FROM anon.budget_remaining();
-- positive control: grouped by a column without public keys, partition
-- selection applies (and spends delta); one-person groups are not shown
SELECT count(*) < 3000 AS selected FROM (SELECT id, anon.anon_count(1.0) FROM dp_pp GROUP BY id) s;
SELECT delta < :delta_before AS delta_spent FROM anon.budget_remaining();
-- two GROUP BY columns: selection too.  Each of the 3,002 one-row pairs
-- passes with probability at most anon.dp_partition_delta = 1e-6, so three
-- or more pass with probability below C(3002,3) 1e-18 < 5e-9
SELECT count(*) <= 2 AS at_most_two_pairs FROM (SELECT dept, id, anon.anon_count(1.0) FROM dp_pp GROUP BY dept, id) s;
RESET ROLE;

-- a key without rows is released as noise, not as an exact 0: 200 empty
-- public keys, unclamped counts at epsilon 1 (all zero with probability
-- 0.46^200; a mean beyond 0.5 has probability below 1e-9)
SELECT anon.set_public_partitions('dp_pp', 'id', (SELECT array_agg(g) FROM generate_series(100001, 100200) g));
SET ROLE regress_dp_pp;
SELECT count(*) AS groups, count(*) FILTER (WHERE n <> 0) > 0 AS noisy, abs(avg(n)) < 0.5 AS centred
FROM (SELECT id, anon.anon_count_unclamped(1.0) AS n FROM dp_pp GROUP BY id) s;
RESET ROLE;
-- the superuser (not DP) sees every group, public keys or not
SELECT count(*) AS every_dept FROM (SELECT dept, anon.anon_count(1.0) FROM dp_pp GROUP BY dept) s;

-- two grouped columns, both with public keys: every combination, none
-- other (3 departments with rows and 'nobody', 'tiny'; 2 parities)
ALTER TABLE dp_pp ADD COLUMN parity int;
UPDATE dp_pp SET parity = id % 2;
SELECT anon.set_public_partitions('dp_pp', 'parity', ARRAY[0, 1]);
SET ROLE regress_dp_pp;
SELECT count(*) AS combinations, count(DISTINCT dept) AS depts, count(DISTINCT parity) AS parities
FROM (SELECT dept, parity, anon.anon_count(1.0) FROM dp_pp GROUP BY dept, parity) s;
SELECT dept, parity, abs(n - CASE WHEN dept LIKE 'dept %' THEN 500 WHEN dept = 'tiny' AND parity = 0 THEN 1 ELSE 0 END) < 25 AS near
FROM (SELECT dept, parity, anon.anon_count_unclamped(1.0) AS n FROM dp_pp GROUP BY parity, dept) s
ORDER BY dept, parity;
RESET ROLE;
SELECT anon.set_public_partitions('dp_pp', 'parity', NULL::text[]);

-- removed: selection again
SELECT anon.set_public_partitions('dp_pp', 'dept', NULL::text[]);
SELECT anon.set_public_partitions('dp_pp', 'id', NULL::text[]);
SET ROLE regress_dp_pp;
SELECT count(*) AS selected_depts FROM (SELECT dept, anon.anon_count(1.0) FROM dp_pp GROUP BY dept) s;
RESET ROLE;

DELETE FROM anon.dp_budget WHERE role::text = 'regress_dp_pp';
SECURITY LABEL FOR anon ON ROLE regress_dp_pp IS NULL;
DROP TABLE dp_pp;
DROP ROLE regress_dp_pp;
SELECT count(*) AS left_over FROM anon.dp_public_partitions;
