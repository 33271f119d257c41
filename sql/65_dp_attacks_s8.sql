-- Fourth DP audit round (dpaudit4): classes of attack by a DIFFERENTIAL
-- PRIVACY role that the earlier rounds did not cover.  Each probe has a
-- positive control showing that it reaches what it aims at.
--
-- 1. Degenerate bounds as a per-row oracle.  The value aggregates keep
--    exact sums of quanta of the half-width r of the bounds (r / 2^20 and
--    r^2 / 2^20).  With bounds closer than about 1e-302 (or 1e-151 for the
--    squares), the quantum left the normal range of doubles and its
--    inverse overflowed to infinity, so a centred value of 0 (a value at
--    the midpoint) became 0 * Inf = NaN in the state, and the release
--    failed ("cannot release a NaN value") exactly when some row had that
--    value, with no noise: anon_sum(CASE WHEN salary = 777 THEN 0 ELSE 1
--    END, 1, -1e-305, 1e-305) told whether anyone earned 777.  Bounds must
--    now be equal or at least 2e-150 apart (checked before the charge,
--    from the query alone, and from the specification of anon._dp_grouped,
--    Citus's grouped aggregate), and the narrowest allowed bounds release
--    every value, at the midpoint included.
-- 2. The plan cache as a reader of the planner's statistics.  After five
--    custom plans of a prepared statement, the plan cache compares their
--    average estimated cost with the generic plan's, and the estimates
--    come from the statistics of the table (its size, its histograms),
--    which a DP role may not read.  The choice showed: a DP aggregate
--    whose epsilon is a parameter fails in a generic plan only, and
--    pg_prepared_statements counts the generic plans.  "salary < $2" run
--    six times failed at the sixth for 500 and not for -1: bisection on
--    $2 finds where the estimated rows cross the costs, a noiseless
--    quantile.  A guarded generic plan over a labelled relation now costs
--    more than any custom plan: custom plans are kept whatever the data.
-- 3. The sequence of a labelled table.  Its last value counts the rows
--    ever inserted, exactly, as reltuples does (refused): a DP role with
--    SELECT or USAGE on it read it (SELECT last_value, pg_sequences,
--    nextval).  A sequence owned by a labelled table's column (serial,
--    identity, OWNED BY) or called by its default is refused to a guarded
--    query, and so is a sequence function whose sequence is computed when
--    the query runs; the DP role's own sequences stay usable.
\set VERBOSITY terse

CREATE TABLE dp8_t (id int PRIMARY KEY, salary int, f float8);
INSERT INTO dp8_t SELECT g, (g * 37) % 1000, g FROM generate_series(1, 999) g;
-- 777 is earned once (id 21, 37 * 21 = 777), 1000 never
SECURITY LABEL FOR anon ON COLUMN dp8_t.salary IS 'MASKED WITH VALUE 0';
CREATE ROLE regress_dp8;
SECURITY LABEL FOR anon ON ROLE regress_dp8 IS 'DIFFERENTIAL PRIVACY';
GRANT SELECT ON dp8_t TO regress_dp8;
SELECT anon.set_budget('regress_dp8', 100, 1e-3);

-- positive control: the probe's two cases differ in the data (777 is
-- earned, 1000 is not), and a release at the midpoint of tiny bounds is
-- what made the state NaN: the quantum 1e-305 / 2^20 times the largest
-- double is below 1, so its inverse is infinite, and 0 times that is NaN
SELECT count(*) FILTER (WHERE salary = 777) AS earn_777,
       count(*) FILTER (WHERE salary = 1000) AS earn_1000,
       1e-305::float8 / 1048576 * 1.7976931348623157e308 < 1 AS quantum_inverse_overflows,
       0 * 'Infinity'::float8 AS zero_times_inf
FROM dp8_t;
SET ROLE regress_dp8;
-- the probes: refused alike whatever the rows, before anything is charged
SELECT anon.anon_sum(CASE WHEN salary = 777 THEN 0 ELSE 1 END, 1, -1e-305, 1e-305) FROM dp8_t;
SELECT anon.anon_sum(CASE WHEN salary = 1000 THEN 0 ELSE 1 END, 1, -1e-305, 1e-305) FROM dp8_t;
SELECT anon.anon_avg(CASE WHEN salary = 777 THEN 0 ELSE 1 END, 1, -1e-305, 1e-305) FROM dp8_t;
SELECT anon.anon_sum_with_bounds(CASE WHEN salary = 777 THEN 0 ELSE 1 END, -1e-305, 1e-305, 1.0) FROM dp8_t;
-- the squares' quantum (r^2 / 2^20) overflowed its inverse for r near 1e-155
SELECT anon.anon_var(CASE WHEN salary = 777 THEN 0 ELSE 1 END, 1, -1e-155, 1e-155) FROM dp8_t;
SELECT anon.anon_stddev(CASE WHEN salary = 777 THEN 0 ELSE 1 END, 1, 0, 2e-155, 1e-6) FROM dp8_t;
-- the grouped aggregate of Citus, which a DP role may call, carries
-- bounds in its specification: checked the same way
SELECT anon._dp_grouped('P1:1e-6|K23|Vs000:1:0:-1e-305:1e-305|', ROW(1, CASE WHEN salary = 777 THEN 0 ELSE 1 END)) FROM dp8_t;
SELECT anon._dp_grouped('P1:1e-6|K23|Vs000:1:0:-1e-305:1e-305|', ROW(1, CASE WHEN salary = 1000 THEN 0 ELSE 1 END)) FROM dp8_t;
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining();
SELECT (anon._dp_grouped('P1:1e-6|K23|Vs000:0.01:0:-1e-150:1e-150|', ROW(1, CASE WHEN salary = 777 THEN 0 ELSE 1 END)))[1] AS grouped_777_key
FROM dp8_t;
-- the narrowest bounds allowed (2e-150 apart) and equal bounds release,
-- whether a row sits at the midpoint or not (no NaN, no error)
SELECT anon.anon_sum(CASE WHEN salary = 777 THEN 0 ELSE 1 END, 0.01, -1e-150, 1e-150) IS NOT NULL AS sum_777,
       anon.anon_sum(CASE WHEN salary = 1000 THEN 0 ELSE 1 END, 0.01, -1e-150, 1e-150) IS NOT NULL AS sum_1000,
       anon.anon_avg(CASE WHEN salary = 777 THEN 0 ELSE 1 END, 0.01, -1e-150, 1e-150) IS NOT NULL AS avg_777,
       anon.anon_var(CASE WHEN salary = 777 THEN 0 ELSE 1 END, 0.01, -1e-150, 1e-150) IS NOT NULL AS var_777,
       anon.anon_stddev(CASE WHEN salary = 777 THEN 0 ELSE 1 END, 0.01, -1e-150, 1e-150, 1e-6) IS NOT NULL AS stddev_777,
       anon.anon_sum(CASE WHEN salary = 777 THEN 0.5 ELSE 1 END, 0.01, 0.5, 0.5) IS NOT NULL AS equal_bounds
FROM dp8_t;
RESET ROLE;
-- the same edge over many widths and values, Laplace and Gaussian: no
-- error at all (run by the superuser, who is not limited)
DO $$
DECLARE
	r float8;
	v float8;
	k text;
	res float8;
	errors int := 0;
BEGIN
	FOREACH r IN ARRAY ARRAY[1e-150, 1.0000001e-150, 3e-150, 1e-149, 1e-120, 1e-100, 1e-50, 1e-10, 1, 4e14]
	LOOP
		FOREACH v IN ARRAY ARRAY[0, r, -r, r / 2, 1e-300, 5e-324, 1e300, 'NaN', '-Infinity']
		LOOP
			FOREACH k IN ARRAY ARRAY['anon_sum', 'anon_avg', 'anon_var', 'anon_stddev']
			LOOP
				BEGIN
					EXECUTE format('SELECT anon.%s(x, 1, %s, %s) FROM (VALUES (%L::float8), (%L::float8)) s(x)', k, -r, r, v, v) INTO res;
					EXECUTE format('SELECT anon.%s(x, 1, %s, %s, 1e-6) FROM (VALUES (%L::float8), (%L::float8)) s(x)', k, -r, r, v, v) INTO res;
					EXECUTE format('SELECT anon.%s(x, 1, %s, %s) FROM (VALUES (%L::float8), (%L::float8)) s(x)', k, 0, 2 * r, v, v) INTO res;
				EXCEPTION WHEN others THEN
					errors := errors + 1;
					RAISE NOTICE '% r=% v=%: %', k, r, v, SQLERRM;
				END;
			END LOOP;
		END LOOP;
	END LOOP;
	RAISE NOTICE 'errors at the narrowest bounds and beyond: %', errors;
END $$;

-- ---- 2. the plan cache's choice of a generic plan ----
-- 2000 people, salaries 0 to 999 with an index, and wide rows: the
-- custom plan for "salary < -1" (no row expected) is an index scan, far
-- cheaper than the generic plan's sequential scan; for "salary < 500" it
-- is a sequential scan, no cheaper than the generic plan
CREATE TABLE dp8_p (id int PRIMARY KEY, salary int, filler text);
INSERT INTO dp8_p SELECT g, (g * 37) % 1000, repeat('x', 200) FROM generate_series(1, 2000) g;
CREATE INDEX ON dp8_p (salary);
SECURITY LABEL FOR anon ON COLUMN dp8_p.salary IS 'MASKED WITH VALUE 0';
GRANT SELECT ON dp8_p TO regress_dp8;
ANALYZE dp8_p;
-- the probe: seven executions, then which plans the cache used
CREATE FUNCTION pg_temp.dp8_plans(v int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	failed int := 0;
	plans text;
BEGIN
	PREPARE dp8_q(float8, int) AS SELECT anon.anon_count($1) FROM dp8_p WHERE salary < $2;
	FOR i IN 1..7 LOOP
		BEGIN
			EXECUTE format('EXECUTE dp8_q(1.0, %s)', v);
		EXCEPTION WHEN others THEN
			failed := failed + 1;
		END;
	END LOOP;
	SELECT format('generic %s, custom %s, failed %s', generic_plans, custom_plans, failed)
	INTO plans FROM pg_prepared_statements WHERE name = 'dp8_q';
	DEALLOCATE dp8_q;
	RETURN plans;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.dp8_plans(int) TO regress_dp8;
-- positive control: the superuser (not guarded) keeps custom plans for -1
-- and goes generic for 500, where the parameter epsilon fails: the choice
-- follows the statistics
SELECT pg_temp.dp8_plans(-1) AS below_min, pg_temp.dp8_plans(500) AS median;
-- the DP role: custom plans, whatever the value (each execution charged)
SET ROLE regress_dp8;
SELECT pg_temp.dp8_plans(-1) AS below_min, pg_temp.dp8_plans(500) AS median;
-- forcing a generic plan still fails alike for both
SET plan_cache_mode = force_generic_plan;
SELECT pg_temp.dp8_plans(-1) AS below_min, pg_temp.dp8_plans(500) AS median;
RESET plan_cache_mode;
RESET ROLE;

-- ---- 3. the sequences of a labelled table ----
CREATE TABLE dp8_s (id serial PRIMARY KEY, v int);
CREATE SEQUENCE dp8_free_seq;
CREATE TABLE dp8_d (id bigint DEFAULT nextval('dp8_free_seq'), v int);
CREATE TABLE dp8_i (id int GENERATED ALWAYS AS IDENTITY, v int);
INSERT INTO dp8_s (v) SELECT g FROM generate_series(1, 321) g;
INSERT INTO dp8_d (v) SELECT g FROM generate_series(1, 123) g;
INSERT INTO dp8_i (v) SELECT g FROM generate_series(1, 42) g;
SECURITY LABEL FOR anon ON COLUMN dp8_s.v IS 'MASKED WITH VALUE 0';
SECURITY LABEL FOR anon ON COLUMN dp8_d.v IS 'MASKED WITH VALUE 0';
SECURITY LABEL FOR anon ON COLUMN dp8_i.v IS 'MASKED WITH VALUE 0';
GRANT SELECT ON dp8_s, dp8_d, dp8_i TO regress_dp8;
GRANT SELECT, USAGE ON SEQUENCE dp8_s_id_seq, dp8_free_seq, dp8_i_id_seq TO regress_dp8;
GRANT CREATE ON SCHEMA public TO regress_dp8;
-- positive control: the superuser reads how many rows each table got
SELECT (SELECT last_value FROM dp8_s_id_seq) AS serial,
       (SELECT last_value FROM dp8_free_seq) AS by_default,
       (SELECT last_value FROM pg_sequences WHERE sequencename = 'dp8_i_id_seq') AS identity;
SET ROLE regress_dp8;
SELECT last_value FROM dp8_s_id_seq;
SELECT last_value FROM dp8_free_seq;
SELECT last_value FROM dp8_i_id_seq;
SELECT last_value FROM pg_sequences WHERE sequencename = 'dp8_s_id_seq';
SELECT nextval('dp8_s_id_seq');
SELECT currval('dp8_free_seq');
SELECT setval('dp8_i_id_seq', 1);
SELECT nextval(('dp8_s_id' || '_seq')::regclass);
-- the DP role's own sequence stays usable, in a default and by name
CREATE TABLE dp8_mine (id serial, v int);
INSERT INTO dp8_mine (v) VALUES (1), (2) RETURNING id;
SELECT last_value, nextval('dp8_mine_id_seq') AS next FROM dp8_mine_id_seq;
RESET ROLE;
DROP TABLE dp8_mine, dp8_s, dp8_d, dp8_i;
DROP SEQUENCE dp8_free_seq;
REVOKE CREATE ON SCHEMA public FROM regress_dp8;

-- clean up
DROP TABLE dp8_p;
DROP TABLE dp8_t;
DROP OWNED BY regress_dp8;
DROP ROLE regress_dp8;
