-- DIFFERENTIAL PRIVACY roles (src/dp_guard.c): on a labelled table, only
-- DP aggregates and GROUP BY keys, with partition selection of the groups.
\set VERBOSITY terse
CREATE TABLE dp_people (id int, name text, city text, salary int);
INSERT INTO dp_people
SELECT g, 'person ' || g, 'city ' || (g % 10), (g * 37) % 1000 FROM generate_series(1, 1000) g;
INSERT INTO dp_people VALUES (1001, 'the only one', 'Rareville', 500);
SECURITY LABEL FOR anon ON COLUMN dp_people.name IS 'MASKED WITH VALUE NULL';
CREATE TABLE dp_plain AS SELECT 1 AS x;
-- visits: several rows per person; persons: one row per person
CREATE TABLE dp_visits AS SELECT g % 50 AS person, g AS visit FROM generate_series(1, 500) g;
CREATE TABLE dp_persons (person int PRIMARY KEY, age int);
INSERT INTO dp_persons SELECT g, 20 + g % 50 FROM generate_series(1, 500) g;
SECURITY LABEL FOR anon ON COLUMN dp_visits.person IS 'PRIVACY UNIT';
SECURITY LABEL FOR anon ON COLUMN dp_persons.person IS 'PRIVACY UNIT';
CREATE VIEW dp_raw_view AS SELECT * FROM dp_people;
CREATE VIEW dp_count_view AS SELECT city, anon.anon_count(1.0) AS n FROM dp_people GROUP BY city;
CREATE ROLE regress_dp_guard;
SECURITY LABEL FOR anon ON ROLE regress_dp_guard IS 'DIFFERENTIAL PRIVACY';
GRANT SELECT ON dp_people, dp_plain, dp_raw_view, dp_count_view, dp_visits, dp_persons TO regress_dp_guard;
SELECT anon.set_budget('regress_dp_guard', 100, 1e-3);
-- partition selection: threshold 1 + ceil(ln(1 / (1e-9 (1 + e^-1)))) = 22;
-- the ten cities of 100 people pass, Rareville (one person) shows with
-- probability below 1e-9
SET anon.dp_partition_epsilon = 1;
SET anon.dp_partition_delta = 1e-9;

SET ROLE regress_dp_guard;
-- allowed: DP aggregates, GROUP BY keys, constants
SELECT c > 0 AS counted FROM (SELECT anon.anon_count(1.0) AS c FROM dp_people) s;
SELECT city, n > 0 AS counted FROM (SELECT city, anon.anon_count(1.0) AS n FROM dp_people GROUP BY city) s ORDER BY city;
SELECT count(a) AS cities FROM (SELECT city, 'x' AS k, anon.anon_avg(salary, 1.0, 0, 1000) AS a FROM dp_people GROUP BY city ORDER BY city) s;
SELECT city, n > 0 AS counted FROM dp_count_view ORDER BY city;
SELECT x FROM dp_plain;
-- HAVING over DP outputs is post-processing
SELECT count(*) AS groups FROM (SELECT city FROM dp_people GROUP BY city HAVING anon.anon_count(1.0) > 5) s;
-- EXPLAIN of any kind is refused, even of an unlabelled table
EXPLAIN (COSTS OFF) SELECT x FROM dp_plain;
-- one row per person: the PRIVACY UNIT column is unique
SELECT anon.anon_avg(age, 1.0, 0, 100) BETWEEN 0 AND 100 AS one_row_per_person FROM dp_persons;
-- several rows per person (500 visits of 50 people): one random row each
SELECT 50 BETWEEN (anon.dp_confidence_interval(c, 'count', 1.0, confidence => 1 - 1e-8)).low
              AND (anon.dp_confidence_interval(c, 'count', 1.0, confidence => 1 - 1e-8)).high AS people_not_visits
FROM (SELECT anon.anon_count(1.0)::float8 AS c FROM dp_visits) s;
SELECT anon.anon_avg(visit, 1.0, 0, 500) BETWEEN 0 AND 500 AS bounded_avg FROM dp_visits;
-- post-processing a DP answer is allowed
SELECT round(anon.anon_avg(salary, 1.0, 0, 1000) / 10) * 10 BETWEEN 0 AND 1000 AS rounded FROM dp_people;
-- budget: 1 (count) + 1 + 1 (count, partition) + 1 + 1 (avg, partition) + 1 + 1 (view)
-- + 1 + 1 (HAVING, partition) + 1 (avg)
-- + 1 (avg) + 1 (count of people) + 1 (avg);
-- delta: four partition selections of 1e-9
SELECT round(epsilon::numeric, 6) AS eps_left, round(delta::numeric, 12) AS delta_left FROM anon.budget_remaining();

-- refused, each with its reason
\set VERBOSITY default
SELECT * FROM dp_people;
SELECT salary FROM dp_people WHERE id = 1;
SELECT count(*) FROM dp_people;
SELECT city, count(*) FROM dp_people GROUP BY city;
SELECT anon.anon_count(1.0), max(salary) FROM dp_people;
SELECT city, anon.anon_count(1.0) FROM dp_people GROUP BY city ORDER BY max(salary);
SELECT city, max(salary) FROM dp_people GROUP BY city HAVING anon._dp_partition_select(1, 0.5);
SELECT DISTINCT city FROM dp_people;
SELECT anon.anon_count(1.0) FROM dp_people GROUP BY GROUPING SETS ((city), ());
SELECT city, sum(anon.anon_count(1.0)) OVER () FROM dp_people GROUP BY city;
SELECT * FROM dp_raw_view;
SELECT anon.anon_count(1.0) FROM dp_people WHERE id IN (SELECT id FROM dp_people WHERE salary > 900);
SELECT anon.anon_count(1.0) FROM (SELECT * FROM dp_people) s;
SELECT anon.anon_count(1.0) FROM dp_people, generate_series(1, 100) g;
SELECT anon.anon_count(1.0) FROM dp_people JOIN dp_plain ON x = 1;
-- evaluated again and again: fresh noise for one charge would average out
SELECT s.* FROM generate_series(1, 100) g,
       LATERAL (SELECT city, anon.anon_count(1.0) FROM dp_people WHERE g > 0 GROUP BY city) s;
SELECT s.* FROM generate_series(1, 100) g,
       (SELECT city, anon.anon_count(1.0) FROM dp_people GROUP BY city) s;
SELECT (SELECT anon.anon_count(1.0) FROM dp_people WHERE g > 0) FROM generate_series(1, 100) g;
SELECT anon.anon_count(1.0) FROM dp_people UNION ALL SELECT anon.anon_count(1.0) FROM dp_people;
WITH c AS (SELECT city, anon.anon_count(1.0) AS n FROM dp_people GROUP BY city)
SELECT * FROM c, generate_series(1, 100) g;
UPDATE dp_people SET salary = 0 WHERE id = 1;
COPY dp_people TO STDOUT;
EXPLAIN (COSTS OFF) SELECT anon.anon_count(1.0) FROM dp_people;
EXPLAIN ANALYZE SELECT city FROM dp_count_view;
SELECT most_common_vals FROM pg_stats WHERE tablename = 'dp_people';
COPY (SELECT * FROM dp_people) TO STDOUT;
CREATE FUNCTION pg_temp.salaries() RETURNS SETOF int LANGUAGE sql AS 'SELECT salary FROM dp_people';
\set SHOW_CONTEXT never
SELECT * FROM pg_temp.salaries();
\set SHOW_CONTEXT errors
\set VERBOSITY terse
-- a prepared grouped query is planned again with its partition selection
PREPARE dp_cities AS SELECT city, anon.anon_count(1.0) AS n FROM dp_people GROUP BY city;
CREATE TEMP TABLE dp_cities_1 AS EXECUTE dp_cities;
CREATE TEMP TABLE dp_cities_2 AS EXECUTE dp_cities;
SELECT (SELECT count(*) FROM dp_cities_1) AS first, (SELECT count(*) FROM dp_cities_2) AS second;
DEALLOCATE dp_cities;
DROP TABLE dp_cities_1, dp_cities_2;
-- row-level security still applies to the one-row-per-person subquery
RESET ROLE;
ALTER TABLE dp_visits ENABLE ROW LEVEL SECURITY;
CREATE POLICY dp_visits_some ON dp_visits FOR SELECT TO regress_dp_guard USING (person < 10);
SET ROLE regress_dp_guard;
SELECT 10 BETWEEN (anon.dp_confidence_interval(c, 'count', 1.0, confidence => 1 - 1e-8)).low
              AND (anon.dp_confidence_interval(c, 'count', 1.0, confidence => 1 - 1e-8)).high AS rls_applies
FROM (SELECT anon.anon_count(1.0)::float8 AS c FROM dp_visits) s;
RESET ROLE;
DROP POLICY dp_visits_some ON dp_visits;
ALTER TABLE dp_visits DISABLE ROW LEVEL SECURITY;
SET ROLE regress_dp_guard;
-- the refused queries spent nothing (the two executions spent 2 each, RLS 1)
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining();
RESET ROLE;
DROP FUNCTION pg_temp.salaries();
-- a condition of an outer query is not pushed into the HAVING of the DP
-- level, where it would run on every group before partition selection:
-- the ten cities are seen, Rareville is not
CREATE FUNCTION pg_temp.dp_seen(bigint) RETURNS bool LANGUAGE plpgsql IMMUTABLE COST 0.0001
AS $$ BEGIN RAISE NOTICE 'seen'; RETURN true; END $$;
-- (the control: without partition selection, eleven groups)
SELECT count(*) AS groups FROM (SELECT city, anon.anon_count(1.0) AS n FROM dp_people GROUP BY city) s
WHERE pg_temp.dp_seen(n);
SET ROLE regress_dp_guard;
SELECT count(*) AS released FROM (SELECT city, anon.anon_count(1.0) AS n FROM dp_people GROUP BY city) s
WHERE pg_temp.dp_seen(n);
WITH c AS (SELECT city, anon.anon_count(1.0) AS n FROM dp_people GROUP BY city)
SELECT count(*) AS released FROM c WHERE pg_temp.dp_seen(n);
RESET ROLE;
DROP FUNCTION pg_temp.dp_seen(bigint);

-- other roles are not restricted
SELECT count(*) AS everyone FROM dp_people;
RESET anon.dp_partition_epsilon;
RESET anon.dp_partition_delta;
-- the partition settings are for superusers
CREATE ROLE regress_dp_guard_setter;
SET ROLE regress_dp_guard_setter;
SET anon.dp_partition_delta = 0.4;
RESET ROLE;

DELETE FROM anon.dp_budget WHERE role::text = 'regress_dp_guard';
SECURITY LABEL FOR anon ON ROLE regress_dp_guard IS NULL;
DROP VIEW dp_raw_view, dp_count_view;
DROP TABLE dp_people, dp_plain, dp_visits, dp_persons;
DROP ROLE regress_dp_guard, regress_dp_guard_setter;
