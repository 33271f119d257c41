-- An audit of differential privacy as an analyst labelled DIFFERENTIAL
-- PRIVACY sees it: (1) every release is charged what its noise was
-- calibrated for, before it runs, and refused with nothing spent when
-- short; (2) the noise of each aggregate is at least what its epsilon
-- declares (too little noise is the bug caught here: fixed thresholds on
-- the lower tail of the spread, false alarm below 1e-6 each); clamping
-- bounds one row; (3) one person's rows are bounded through a PRIVACY
-- UNIT however the table is built (unique index with NULLs, deferrable,
-- inheritance children, a unit declared on a partition); (4) settings
-- that print what a query read are refused.  Epsilon 1000 makes a release
-- exact (noise 0 with probability 1 - 1e-400): the deterministic checks
-- use it.  Neighbouring data sets: test/t/061_dp_epsilon_audit.pl.
\set VERBOSITY terse
SET client_min_messages = warning;
CREATE TABLE dpa_t (id int, g text, v int, f float8);
INSERT INTO dpa_t SELECT i, 'g' || (i % 2), i % 50, (i % 50)::float8 FROM generate_series(1, 2000) i;
SECURITY LABEL FOR anon ON COLUMN dpa_t.v IS 'MASKED WITH VALUE 0';
CREATE TABLE dpa_free (id int, v int);		-- no label: not guarded
INSERT INTO dpa_free SELECT i, i % 50 FROM generate_series(1, 2000) i;
CREATE ROLE regress_dpa;
SECURITY LABEL FOR anon ON ROLE regress_dpa IS 'DIFFERENTIAL PRIVACY';
GRANT SELECT ON dpa_t, dpa_free TO regress_dpa;
GRANT CREATE ON SCHEMA public TO regress_dpa;
SELECT anon.set_budget('regress_dpa', 30000, 0.5);

-- what each statement charged the role: epsilon and delta, and how many
-- ledger records it wrote (one per query)
CREATE TABLE dpa_mark (eps float8, delta float8, recs bigint);
INSERT INTO dpa_mark SELECT epsilon, delta, 0 FROM anon.budget_remaining('regress_dpa');
UPDATE dpa_mark SET recs = (SELECT count(*) FROM anon.dp_spends WHERE role::text = 'regress_dpa');
CREATE FUNCTION dpa_step(label text, OUT what text, OUT epsilon numeric, OUT delta numeric, OUT records bigint)
LANGUAGE plpgsql AS $$
DECLARE
	e float8; d float8; r bigint;
BEGIN
	what := label;
	SELECT b.epsilon, b.delta INTO e, d FROM anon.budget_remaining('regress_dpa') b;
	SELECT count(*) INTO r FROM anon.dp_spends WHERE role::text = 'regress_dpa';
	SELECT round((m.eps - e)::numeric, 6), round(((m.delta - d) * 1e6)::numeric, 3), r - m.recs
	  INTO epsilon, delta, records FROM dpa_mark m;
	UPDATE dpa_mark SET eps = e, delta = d, recs = r;
END $$;
\echo delta is shown in units of 1e-6

-- 1. Accounting: each signature family, its default epsilon (ln 3), the
-- Gaussian's delta, partition selection (0.1, 1e-6), HAVING, several
-- aggregates, identical calls (one release, one charge)
SET ROLE regress_dpa;
SELECT anon.anon_count(0.5) > 0 AS ok FROM dpa_t;
SELECT anon.anon_count(v) > 0 AS ok FROM dpa_t;				-- Google's: ln 3
SELECT anon.anon_count_unclamped(v, 0.25, 1e-6) IS NOT NULL AS ok FROM dpa_t;
SELECT anon.anon_sum(v, 0.5, 10, 20) IS NOT NULL AS ok FROM dpa_t;
SELECT anon.anon_sum(f, 0.5, -5, 100) IS NOT NULL AS ok FROM dpa_t;
SELECT anon.anon_sum_with_bounds(v, 10, 20) IS NOT NULL AS ok FROM dpa_t;	-- ln 3
SELECT anon.anon_avg(v, 0.5, 0, 50) IS NOT NULL AS ok FROM dpa_t;
SELECT anon.anon_var(v::numeric, 0.5, 0, 50, 1e-6) IS NOT NULL AS ok FROM dpa_t;
SELECT anon.anon_stddev_with_bounds(f, 0, 50, 0.5) IS NOT NULL AS ok FROM dpa_t;
SELECT anon.anon_percentile(v, 0.5, 0.5, 0, 50) IS NOT NULL AS ok FROM dpa_t;
SELECT anon.anon_ntile(v, 0.5, 0, 50) IS NOT NULL AS ok FROM dpa_t;	-- ln 3
RESET ROLE;
SELECT * FROM dpa_step('eleven single releases');
SET ROLE regress_dpa;
SELECT g, anon.anon_count(1000) AS n FROM dpa_t GROUP BY g ORDER BY g;
RESET ROLE;
SELECT * FROM dpa_step('grouped: 1000 + partition selection');
SET ROLE regress_dpa;
SELECT g FROM dpa_t GROUP BY g HAVING anon.anon_count(0.3) > 5 ORDER BY g;
RESET ROLE;
SELECT * FROM dpa_step('HAVING only: 0.3 + partition selection');
SET ROLE regress_dpa;
SELECT anon.anon_count(0.5) = anon.anon_count(0.5) AS one_release,
       anon.anon_sum(v, 0.25, 0, 50) IS NOT NULL AS ok FROM dpa_t;
RESET ROLE;
SELECT * FROM dpa_step('identical calls once, plus a sum: 0.75');
-- subqueries and CTEs read once; prepared statements (custom and generic
-- plans), cursors (scrolled back, WITH HOLD), COPY of a query, a DO loop,
-- a parallel plan, CREATE TABLE AS
SET ROLE regress_dpa;
SELECT n > 0 AS ok FROM (SELECT anon.anon_count(0.5) AS n FROM dpa_t) s;
WITH c AS (SELECT anon.anon_count(0.5) AS n FROM dpa_t) SELECT n > 0 AS ok FROM c;
PREPARE dpa_p AS SELECT anon.anon_count(0.5) > 0 AS ok FROM dpa_t;
EXECUTE dpa_p;
SET plan_cache_mode = force_generic_plan;
EXECUTE dpa_p;
EXECUTE dpa_p;
RESET plan_cache_mode;
DEALLOCATE dpa_p;
RESET ROLE;
SELECT * FROM dpa_step('subquery, CTE, 3 EXECUTEs: 2.5 in 5 queries');
SET ROLE regress_dpa;
BEGIN;
DECLARE dpa_c SCROLL CURSOR FOR SELECT g, anon.anon_count(1000) AS n FROM dpa_t GROUP BY g ORDER BY g;
FETCH ALL dpa_c;
FETCH ABSOLUTE 1 dpa_c;		-- the same release, not a new one
CLOSE dpa_c;
COMMIT;
DECLARE dpa_h CURSOR WITH HOLD FOR SELECT anon.anon_count(0.5) > 0 AS ok FROM dpa_t;
FETCH dpa_h;
CLOSE dpa_h;
COPY (SELECT anon.anon_count(0.5) > 0 FROM dpa_t) TO STDOUT;
DO $$ DECLARE n bigint; BEGIN FOR i IN 1..3 LOOP SELECT anon.anon_count(0.5) INTO n FROM dpa_t; END LOOP; END $$;
RESET ROLE;
SELECT * FROM dpa_step('scroll cursor 1000.1, hold cursor, COPY, 3 loops: 2.5 more');
SET ROLE regress_dpa;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT anon.anon_sum(v, 0.5, 0, 50) IS NOT NULL AS ok FROM dpa_t;
SELECT g, anon.anon_count(1000) AS n FROM dpa_t GROUP BY g ORDER BY g;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
CREATE TABLE dpa_out AS SELECT g, anon.anon_count(1000) AS n FROM dpa_t GROUP BY g;
SELECT * FROM dpa_out ORDER BY g;
DROP TABLE dpa_out;
RESET ROLE;
SELECT * FROM dpa_step('parallel 0.5 and 1000.1, CREATE TABLE AS 1000.1');
-- refused, with nothing spent: too little left, a release that could run
-- again for one charge (nested loop, lateral, correlated, recursive,
-- window, grouping sets, set operation), randomized response over raw rows
SET ROLE regress_dpa;
SELECT anon.anon_count(1000) FROM dpa_t, generate_series(1, 10);
SELECT (SELECT anon.anon_count(0.5) FROM dpa_t) FROM generate_series(1, 3);
SELECT * FROM generate_series(1, 3) s, LATERAL (SELECT anon.anon_count(0.5) FROM dpa_t WHERE id > s) x;
SELECT anon.anon_count(0.5) OVER () FROM dpa_t;
SELECT g, anon.anon_count(0.5) FROM dpa_t GROUP BY ROLLUP (g);
SELECT anon.anon_count(0.5) FROM dpa_t UNION ALL SELECT anon.anon_count(0.5) FROM dpa_t;
SELECT anon.rr_count(v > 10, 1.0) FROM dpa_t;
SELECT count(*) FILTER (WHERE anon.randomized_response(v > 10, 1.0)) FROM dpa_t;
PREPARE dpa_q(float8) AS SELECT anon.anon_count($1) FROM dpa_t;
SET plan_cache_mode = force_generic_plan;
EXECUTE dpa_q(0.5);
RESET plan_cache_mode;
DEALLOCATE dpa_q;
-- post-processing costs nothing
SELECT anon.dp_confidence_interval(1000, 'count', 0.5, 0, 1, 0, 0.95);
RESET ROLE;
SELECT * FROM dpa_step('refused and post-processing: nothing');
-- too little left: the whole query is refused, nothing is spent
CREATE ROLE regress_dpa_poor;
SECURITY LABEL FOR anon ON ROLE regress_dpa_poor IS 'DIFFERENTIAL PRIVACY';
GRANT SELECT ON dpa_t TO regress_dpa_poor;
SELECT anon.set_budget('regress_dpa_poor', 1.0, 1e-6);
SET ROLE regress_dpa_poor;
SELECT anon.anon_count(0.5), anon.anon_sum(v, 0.6, 0, 50) FROM dpa_t;
SELECT g, anon.anon_count(0.95) FROM dpa_t GROUP BY g;
SELECT anon.anon_count(v, 0.5, 1e-6), anon.anon_count(v, 0.5, 1e-7) FROM dpa_t;
SELECT epsilon, delta FROM anon.budget_remaining();
RESET ROLE;
SELECT count(*) AS records FROM anon.dp_spends WHERE role::text = 'regress_dpa_poor';
-- a synthesis is charged its epsilon and delta, once
SET ROLE regress_dpa;
SELECT epsilon_spent, delta_spent FROM anon.synthesize('public.dpa_t', 'dpa_syn', 0.5, 1e-6, 10);
DROP TABLE dpa_syn;
RESET ROLE;
SELECT * FROM dpa_step('synthesize 0.5, 1e-6');
-- the positive control of the accounting: a query that is not a DP
-- release (an unlabelled table) costs nothing
SET ROLE regress_dpa;
SELECT count(*) FROM dpa_free;
RESET ROLE;
SELECT * FROM dpa_step('unlabelled table: nothing');

-- 2. Noise calibration.  A superuser (not limited, not guarded) releases
-- each aggregate once per group of identical groups: N independent draws.
-- An event E on |release - exact| is chosen with P(E) >= p under the
-- declared epsilon (exact for the discrete Laplace: P(|Z| >= m) =
-- 2 q^m / (1 + q), q = e^-(eps / sensitivity)); with too little noise P(E)
-- drops (at half the noise, to about half of p).  The test passes when
-- the observed fraction is at least p (1 - sqrt(2 ln(1e6) / (N p))), a
-- Chernoff bound: the false alarm of each line is below 1e-6.  The
-- values include outliers (1000, -1000, 1e300, -Infinity, NaN): clamped,
-- they must leave the exact value as the bounds say.
CREATE TABLE dpa_cal (k int, v int, f float8);
INSERT INTO dpa_cal SELECT k, x, y FROM generate_series(1, 2000) k,
	(VALUES (10, -5::float8), (20, 100), (15, 47.5), (1000, 1e300), (-1000, '-Infinity'), (NULL, 'NaN')) d(x, y);
CREATE FUNCTION dpa_threshold(p float8, n int) RETURNS float8 LANGUAGE sql
AS 'SELECT p * (1 - sqrt(2 * ln(1e6) / (n * p)))';
SET max_parallel_workers_per_gather = 0;
-- count, eps 0.5, 5 non-null values: P(|Z| >= 2) = 2 q^2 / (1 + q), q = e^-0.5
SELECT 'anon_count_unclamped' AS agg, avg((abs(r - 5) >= 2)::int) >= dpa_threshold(2 * exp(-1.0) / (1 + exp(-0.5)), 2000) AS enough_noise
FROM (SELECT anon.anon_count_unclamped(v, 0.5) AS r FROM dpa_cal GROUP BY k) s;
-- Google's count at ln 3: q = 1/3, P(|Z| >= 1) = 1/2
SELECT 'anon_count(col)' AS agg, avg((abs(r - 5) >= 1)::int) >= dpa_threshold(0.5, 2000) AS enough_noise
FROM (SELECT anon.anon_count_unclamped(v) AS r FROM dpa_cal GROUP BY k) s;
-- the discrete Gaussian (delta 1e-6, eps 0.5): sigma = 1 / sqrt(2 rho),
-- sqrt(rho) = eps / (sqrt(ln(1/delta) + eps) + sqrt(ln(1/delta))), 10.61;
-- P(|Z| >= 8) is P(|N(0, sigma^2)| >= 7.5) = 0.4795 to within 0.001: 0.47
SELECT 'anon_count_unclamped, Gaussian' AS agg, avg((abs(r - 5) >= 8)::int) >= dpa_threshold(0.47, 2000) AS enough_noise
FROM (SELECT anon.anon_count_unclamped(v, 0.5, 1e-6) AS r FROM dpa_cal GROUP BY k) s;
-- integer sum on [10, 20]: clamped exact sum 10+20+15+20+10 = 75;
-- sensitivity 20 (not the width 10, not the half-width 5): q = e^-(0.5/20),
-- P(|Z| >= 28) = 2 q^28 / (1 + q) = 0.503
SELECT 'anon_sum int [10, 20]' AS agg, avg((abs(r - 75) >= 28)::int) >= dpa_threshold(2 * exp(-0.7) / (1 + exp(-0.025)), 2000) AS enough_noise
FROM (SELECT anon.anon_sum(v, 0.5, 10, 20) AS r FROM dpa_cal GROUP BY k) s;
SELECT 'anon_sum_with_bounds int [10, 20]' AS agg, avg((abs(r - 75) >= 28)::int) >= dpa_threshold(2 * exp(-0.7) / (1 + exp(-0.025)), 2000) AS enough_noise
FROM (SELECT anon.anon_sum_with_bounds(v, 10, 20, 0.5) AS r FROM dpa_cal GROUP BY k) s;
-- float sum on [-5, 100]: exact -5+100+47.5+100-5 = 237.5, NaN skipped;
-- sensitivity 100 on a fine grid: P(|noise| >= 100 ln 2 / 0.5) >= 1/2
SELECT 'anon_sum float [-5, 100]' AS agg, avg((abs(r - 237.5) >= 100 * ln(2) / 0.5)::int) >= dpa_threshold(0.5, 2000) AS enough_noise
FROM (SELECT anon.anon_sum(f, 0.5, -5, 100) AS r FROM dpa_cal GROUP BY k) s;
SELECT 'anon_sum numeric [-5, 100]' AS agg, avg((abs(r - 242.5) >= 100 * ln(2) / 0.5)::int) >= dpa_threshold(0.5, 2000) AS enough_noise
FROM (SELECT anon.anon_sum(f::numeric, 0.5, -5, 100) AS r FROM dpa_cal WHERE f > '-Infinity' GROUP BY k) s;
-- percentile and ntile (p = 1e-9) on [0, 1000], one row in bin 0: the
-- release leaves bin 0 (>= its width 3.9) when the noisy count of bin 0 is
-- not positive, P(Z <= -1) = q / (1 + q)
SELECT 'anon_percentile' AS agg, avg((r >= 3.9)::int) >= dpa_threshold(exp(-1.0) / (1 + exp(-1.0)), 2000) AS enough_noise
FROM (SELECT anon.anon_percentile(v, 1e-9, 1.0, 0, 1000) AS r FROM dpa_cal WHERE v IN (-1000, 1000) GROUP BY k) s;
SELECT 'anon_ntile' AS agg, avg((r >= 3.9)::int) >= dpa_threshold(0.25, 2000) AS enough_noise
FROM (SELECT anon.anon_ntile(v::float8, 1e-9, 0, 1000) AS r FROM dpa_cal WHERE v IN (-1000, 1000) GROUP BY k) s;
-- avg and var on [10, 20] over 1000 rows at 15 per group (1000 groups):
-- the noise of the centred sum (sensitivity 5) or of the sum of squares
-- (sensitivity 25) divided by the noisy count (|noise| <= 10 but with
-- probability 0.0052)
CREATE TABLE dpa_mid AS SELECT k, 15 AS v FROM generate_series(1, 1000) k, generate_series(1, 1000) j;
-- avg, eps 1: P(|Z| >= 7) = 2 e^-0.7 / (1 + e^-0.1) for Z of the sum, minus 0.0052
SELECT 'anon_avg' AS agg, avg((abs(r - 15) >= 7.0 / 1010)::int) >= dpa_threshold(2 * exp(-0.7) / (1 + exp(-0.1)) - 0.0052, 1000) AS enough_noise
FROM (SELECT anon.anon_avg(v, 1.0, 10, 20) AS r FROM dpa_mid GROUP BY k) s;
-- var, eps 1.5: the sum of squares (sensitivity 25, eps 0.5) has
-- P(Z >= 50) = e^-1 / (1 + e^-0.02); minus 0.0052 for the count and
-- 0.0193 for the mean's square (the centred sum's |Z1| >= 40)
SELECT 'anon_var' AS agg, avg((r >= 50.0 / 1010 - (40.0 / 990) ^ 2)::int) >= dpa_threshold(exp(-1.0) / (1 + exp(-0.02)) - 0.0052 - 0.0193, 1000) AS enough_noise
FROM (SELECT anon.anon_var(v, 1.5, 10, 20) AS r FROM dpa_mid GROUP BY k) s;
-- the positive control: the same test of 'enough noise' fails for a
-- release with half the noise (epsilon 1 where 0.5 is claimed)
SELECT 'control: anon_sum at twice the epsilon' AS agg, avg((abs(r - 75) >= 28)::int) >= dpa_threshold(2 * exp(-0.7) / (1 + exp(-0.025)), 2000) AS enough_noise
FROM (SELECT anon.anon_sum(v, 1.0, 10, 20) AS r FROM dpa_cal GROUP BY k) s;
-- clamping: an outlier moves a release no more than the bounds allow
-- (epsilon 1000: the exact clamped values)
SELECT anon.anon_sum(v, 1000, 10, 20) AS sum_10_20,
       anon.anon_avg(v, 1000, 10, 20) AS avg_10_20,
       anon.anon_count(v, 1000) AS n,
       abs(anon.anon_sum(f, 1000, -5, 100) - 237.5) < 1 AS float_sum_clamped
FROM dpa_cal WHERE k = 1;
RESET max_parallel_workers_per_gather;
-- partition selection (eps 0.1, delta 1e-6: threshold 133), run by the DP
-- role over 2000 groups of 123 rows: a group is released when its noise
-- is >= 10, P = q^10 / (1 + q), q = e^-0.1; groups of 93 need >= 40 and
-- show at most at the upper Chernoff bound of q^40 / (1 + q) (0.025)
CREATE TABLE dpa_groups (k int, v int);
INSERT INTO dpa_groups SELECT k, 1 FROM generate_series(1, 2000) k, generate_series(1, 123);
INSERT INTO dpa_groups SELECT k, 2 FROM generate_series(2001, 4000) k, generate_series(1, 93);
SECURITY LABEL FOR anon ON COLUMN dpa_groups.v IS 'MASKED WITH VALUE 0';
GRANT SELECT ON dpa_groups TO regress_dpa;
SET ROLE regress_dpa;
CREATE TEMP TABLE dpa_shown AS SELECT k FROM dpa_groups GROUP BY k HAVING anon.anon_count(1.0) > -1000;
RESET ROLE;
SELECT count(*) FILTER (WHERE k <= 2000) >= 2000 * dpa_threshold(exp(-1.0) / (1 + exp(-0.1)), 2000) AS enough_noise_123,
       count(*) FILTER (WHERE k > 2000) <= 50 AS few_of_93
FROM dpa_shown;
SELECT * FROM dpa_step('partition selection over 4000 groups: 1.1');

-- 3. One person's rows, through a PRIVACY UNIT, however the table is
-- built.  Person 1 has 2000 rows; persons 2..11 one each: a count at
-- epsilon 1000 is 11.  Rows whose unit is NULL are left out (counted as one
-- more person they would make 12, and a sum of 210: a person holding a row
-- with a unit and one without would count twice).
CREATE TABLE dpa_pu (pid int, v int);			-- no index
INSERT INTO dpa_pu SELECT 1, 100 FROM generate_series(1, 2000);
INSERT INTO dpa_pu SELECT g, 1 FROM generate_series(2, 11) g;
INSERT INTO dpa_pu SELECT NULL, 100 FROM generate_series(1, 500);
CREATE TABLE dpa_pu_null (pid int UNIQUE, v int);	-- unique, nullable
INSERT INTO dpa_pu_null SELECT NULL, 100 FROM generate_series(1, 2000);
INSERT INTO dpa_pu_null SELECT g, 1 FROM generate_series(2, 11) g;
INSERT INTO dpa_pu_null VALUES (1, 100);
CREATE TABLE dpa_pu_def (pid int UNIQUE DEFERRABLE INITIALLY DEFERRED, v int);
INSERT INTO dpa_pu_def SELECT g, 1 FROM generate_series(1, 11) g;
CREATE TABLE dpa_pu_par (pid int PRIMARY KEY, v int);	-- unique, but a child repeats
CREATE TABLE dpa_pu_kid () INHERITS (dpa_pu_par);
INSERT INTO dpa_pu_par SELECT g, 1 FROM generate_series(2, 11) g;
INSERT INTO dpa_pu_kid SELECT 1, 100 FROM generate_series(1, 2000);
CREATE TABLE dpa_pu_part (pid int, v int) PARTITION BY RANGE (v);	-- unit on a partition
CREATE TABLE dpa_pu_part1 PARTITION OF dpa_pu_part FOR VALUES FROM (0) TO (1000);
INSERT INTO dpa_pu_part SELECT * FROM dpa_pu;
CREATE TABLE dpa_pu_twice (pid int, g int, v int);		-- 2000 people, each in two groups
INSERT INTO dpa_pu_twice SELECT p, p % 2, 1 FROM generate_series(1, 2000) p;
INSERT INTO dpa_pu_twice SELECT p, 1 - p % 2, 1 FROM generate_series(1, 2000) p;
SECURITY LABEL FOR anon ON COLUMN dpa_pu.pid IS 'PRIVACY UNIT';
SECURITY LABEL FOR anon ON COLUMN dpa_pu_null.pid IS 'PRIVACY UNIT';
SECURITY LABEL FOR anon ON COLUMN dpa_pu_def.pid IS 'PRIVACY UNIT';
SECURITY LABEL FOR anon ON COLUMN dpa_pu_par.pid IS 'PRIVACY UNIT';
SECURITY LABEL FOR anon ON COLUMN dpa_pu_part1.pid IS 'PRIVACY UNIT';
SECURITY LABEL FOR anon ON COLUMN dpa_pu_twice.pid IS 'PRIVACY UNIT';
SECURITY LABEL FOR anon ON COLUMN dpa_pu.v IS 'MASKED WITH VALUE 0';
SECURITY LABEL FOR anon ON COLUMN dpa_pu_null.v IS 'MASKED WITH VALUE 0';
SECURITY LABEL FOR anon ON COLUMN dpa_pu_def.v IS 'MASKED WITH VALUE 0';
SECURITY LABEL FOR anon ON COLUMN dpa_pu_par.v IS 'MASKED WITH VALUE 0';
SECURITY LABEL FOR anon ON COLUMN dpa_pu_part1.v IS 'MASKED WITH VALUE 0';
SECURITY LABEL FOR anon ON COLUMN dpa_pu_twice.v IS 'MASKED WITH VALUE 0';
GRANT SELECT ON dpa_pu, dpa_pu_null, dpa_pu_def, dpa_pu_par, dpa_pu_kid, dpa_pu_part,
	dpa_pu_part1, dpa_pu_twice TO regress_dpa;
SET ROLE regress_dpa;
SELECT 'no index' AS t, anon.anon_count(1000) AS people, anon.anon_sum(v, 1000, 0, 100) <= 110 AS sum_bounded FROM dpa_pu;
SELECT 'unique index, NULL units' AS t, anon.anon_count(1000) AS people, anon.anon_sum(v, 1000, 0, 100) <= 110 AS sum_bounded FROM dpa_pu_null;
SELECT 'inheritance parent' AS t, anon.anon_count(1000) AS people, anon.anon_sum(v, 1000, 0, 100) <= 110 AS sum_bounded FROM dpa_pu_par;
SELECT 'unit on a partition' AS t, anon.anon_count(1000) AS people, anon.anon_sum(v, 1000, 0, 100) <= 110 AS sum_bounded FROM dpa_pu_part;
SELECT 'the partition itself' AS t, anon.anon_count(1000) AS people FROM dpa_pu_part1;
SELECT sum(n) AS people_over_two_groups FROM (SELECT g, anon.anon_count(1000) AS n FROM dpa_pu_twice GROUP BY g) s;
RESET ROLE;
BEGIN;
INSERT INTO dpa_pu_def SELECT 1, 1 FROM generate_series(1, 2000);
SET LOCAL ROLE regress_dpa;
SELECT 'deferrable unique, duplicates pending' AS t, anon.anon_count(1000) AS people FROM dpa_pu_def;
ROLLBACK;
-- a synthesis reads one row per person alike (about 11 rows, not 2010)
CREATE TABLE dpa_pu_syn (pid int UNIQUE, c int);
INSERT INTO dpa_pu_syn SELECT NULL, 1 FROM generate_series(1, 2000);
INSERT INTO dpa_pu_syn SELECT g, 2 FROM generate_series(2, 11) g;
SECURITY LABEL FOR anon ON COLUMN dpa_pu_syn.pid IS 'PRIVACY UNIT';
SELECT 'synthesize, NULL units' AS t, synthetic_rows < 200 AS per_person
FROM anon.synthesize('public.dpa_pu_syn', 'dpa_syn', 1.0, 1e-6);
DROP TABLE dpa_syn;
-- (v is masked on the partition, so not modelled either: unmask it here)
SECURITY LABEL FOR anon ON COLUMN dpa_pu_part1.v IS NULL;
SELECT 'synthesize, unit on a partition' AS t, synthetic_rows < 200 AS per_person
FROM anon.synthesize('public.dpa_pu_part', 'dpa_syn', 1.0, 1e-6);
DROP TABLE dpa_syn;
-- the positive controls: without the label, every row counts
SECURITY LABEL FOR anon ON COLUMN dpa_pu_syn.pid IS NULL;
SELECT 'control: synthesize without PRIVACY UNIT' AS t, synthetic_rows > 1500 AS every_row
FROM anon.synthesize('public.dpa_pu_syn', 'dpa_syn', 1.0, 1e-6);
DROP TABLE dpa_syn, dpa_pu_syn;
SECURITY LABEL FOR anon ON COLUMN dpa_pu_null.pid IS NULL;
SET ROLE regress_dpa;
SELECT 'control: no PRIVACY UNIT' AS t, anon.anon_count(1000) AS rows FROM dpa_pu_null;
RESET ROLE;
SELECT * FROM dpa_step('section 3: 12000.1 in 8 queries');

-- 4. Side channels: settings anyone may turn on that print what a query
-- read (debug_print_plan: the planner's estimates, from the statistics;
-- trace_sort: the memory of each sort, which grows with its rows)
ANALYZE dpa_t;
SET ROLE regress_dpa;
SET debug_print_plan = on;
SELECT anon.anon_count(0.5) FROM dpa_t WHERE v = 7;
RESET debug_print_plan;
SET trace_sort = on;
SELECT g, anon.anon_count(0.5) FROM dpa_t WHERE v = 7 GROUP BY g;
RESET trace_sort;
-- a statement prepared before the setting is checked again when it runs
PREPARE dpa_s AS SELECT anon.anon_count(0.5) > 0 AS ok FROM dpa_t;
SET trace_sort = on;
EXECUTE dpa_s;
RESET trace_sort;
EXECUTE dpa_s;
DEALLOCATE dpa_s;
-- the class: any message of level LOG or DEBUG sent to the client (the
-- two above, auto_explain where the DBA enabled it, log_*_stats...) may
-- describe what the query read: a guarded read of a labelled table needs
-- client_min_messages at notice or above
SET client_min_messages = log;
SELECT anon.anon_count(0.5) FROM dpa_t;
SET client_min_messages = debug1;
SELECT anon.anon_count(0.5) FROM dpa_t;
SET client_min_messages = warning;
-- the control: the same settings on a table without labels are allowed
SET trace_sort = on;
SET debug_print_plan = on;
SET client_min_messages = warning;
SELECT count(*) FROM dpa_free WHERE v = 7;
RESET trace_sort;
RESET debug_print_plan;
SET client_min_messages = log;
SELECT count(*) FROM dpa_free WHERE v = 7;
SET client_min_messages = warning;
-- the rest of the side channels a DP role can reach, each refused: views,
-- materialized views and SECURITY DEFINER functions of a superuser over
-- the labelled table, anon's own functions that read it
RESET ROLE;
CREATE VIEW dpa_view AS SELECT g, count(*) AS n FROM dpa_t GROUP BY g;
CREATE MATERIALIZED VIEW dpa_mat AS SELECT * FROM dpa_t;
CREATE FUNCTION dpa_definer() RETURNS bigint LANGUAGE sql SECURITY DEFINER
AS 'SELECT count(*) FROM public.dpa_t WHERE v = 7';
GRANT SELECT ON dpa_view, dpa_mat TO regress_dpa;
SET ROLE regress_dpa;
SELECT anon.anon_count(0.5 ORDER BY v / (v - 7)) FROM dpa_t;
SELECT anon.anon_count(DISTINCT v / (v - 7), 0.5) FROM dpa_t;
SELECT anon.anon_count(0.5) FILTER (WHERE 1 / (v - 7) > 0) FROM dpa_t;
SELECT anon.anon_count(0.5) FROM dpa_t GROUP BY 1 / (v - 7);
SELECT g, anon.anon_count(0.5) FROM dpa_t GROUP BY g HAVING count(*) > 5;
SELECT anon.anon_count(0.5) FROM (SELECT * FROM dpa_t LIMIT 10 OFFSET 5) s;
SELECT EXISTS (SELECT 1 FROM dpa_t WHERE v = 7);
SELECT anon.anon_count(0.5) FROM dpa_t WHERE v::text = '7';
SELECT anon.anon_sum(v * 1000000, 0.5, 0, 50) FROM dpa_t;
SELECT reltuples FROM pg_class WHERE relname = 'dpa_t';
SELECT n_live_tup FROM pg_stat_user_tables WHERE relname = 'dpa_t';
SELECT most_common_vals FROM pg_stats WHERE tablename = 'dpa_t';
SELECT pg_relation_size('dpa_t');
SELECT pg_database_size(current_database());
SELECT pg_tablespace_size('pg_default');
EXPLAIN SELECT anon.anon_count(0.5) FROM dpa_t;
COPY dpa_t TO STDOUT;
SELECT anon.anon_count(0.5) FROM dpa_t a JOIN dpa_t b USING (id);
SELECT anon.anon_count(0.5) FROM dpa_t WHERE id IN (SELECT id FROM dpa_free);
SELECT anon.anon_count(0.5) FROM dpa_t INTERSECT SELECT 1;
SELECT * FROM dpa_view;
SELECT count(*) FROM dpa_mat;
SELECT dpa_definer();
SELECT anon.k_anonymity('dpa_t', ARRAY['g']);
RESET ROLE;
-- the control: the same probes return exact values to a superuser
SELECT dpa_definer() AS exact_count, (SELECT sum(n) FROM dpa_view) AS exact_rows;
SELECT * FROM dpa_step('side channels: the one EXECUTE after RESET, 0.5');
-- the control: the size of the database grows with the rows of a table
CREATE TEMP TABLE dpa_size AS SELECT pg_database_size(current_database()) AS before;
INSERT INTO dpa_t SELECT i, 'g2', 1, 1 FROM generate_series(1, 20000) i;
SELECT pg_database_size(current_database()) > before AS grows FROM dpa_size;
DROP TABLE dpa_size;
-- the order of released groups: a hash aggregate returns colliding keys
-- in the order their first rows were read, a fact about single rows (with
-- 37 keys, the rows of v = 1 inserted in one order and those of v = 9 in
-- the reverse, 15 returns two groups swapped between the two filters).
-- A grouped release comes sorted by its keys, after any ORDER BY.
CREATE TABLE dpa_ord (g int, v int);
INSERT INTO dpa_ord SELECT (i * 7919) % 37, 1 FROM generate_series(1, 37 * 400) i;
INSERT INTO dpa_ord SELECT (i * 7919) % 37, 9 FROM generate_series(37 * 400, 1, -1) i;
SECURITY LABEL FOR anon ON COLUMN dpa_ord.v IS 'MASKED WITH VALUE 0';
GRANT SELECT ON dpa_ord TO regress_dpa;
SET enable_sort = off;
-- the control: a hash aggregate's order, for a role that is not guarded
-- (PostgreSQL 17 and 18 happen to return these keys in order: the
-- alternative expected/66_dp_audit_1.out)
SELECT string_agg(g::text, ',') <> string_agg(g::text, ',' ORDER BY g) AS hash_order
FROM (SELECT g FROM dpa_ord WHERE v = 1 GROUP BY g HAVING anon.anon_count(1000) > 0) s;
SET ROLE regress_dpa;
SELECT string_agg(g::text, ',') = string_agg(g::text, ',' ORDER BY g) AS sorted
FROM (SELECT g FROM dpa_ord WHERE v = 1 GROUP BY g HAVING anon.anon_count(1000) > 0) s;
SELECT string_agg(g::text, ',') = string_agg(g::text, ',' ORDER BY g) AS sorted
FROM (SELECT g FROM dpa_ord WHERE v = 9 GROUP BY g HAVING anon.anon_count(1000) > 0) s;
-- ties of an ORDER BY on released values are broken by the keys
SELECT string_agg(g::text, ',') = string_agg(g::text, ',' ORDER BY g) AS ties_sorted
FROM (SELECT g FROM dpa_ord WHERE v = 9 GROUP BY g ORDER BY anon.anon_count(1000) DESC LIMIT 20) s;
RESET ROLE;
RESET enable_sort;
DROP TABLE dpa_ord;
-- a function of the query may lower client_min_messages while it runs
-- (auto_explain would then send the plan and its row counts at the end):
-- after a guarded read, and until its transaction ends, LOG and DEBUG
-- messages stay in the server log
SET ROLE regress_dpa;
CREATE FUNCTION pg_temp.dpa_log(bigint) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('client_min_messages', 'log', false);
	RAISE LOG 'within a guarded read: LOG reached the client';
	RETURN $1;
END $$;
SELECT pg_temp.dpa_log(anon.anon_count(0.5)) >= 0 AS released FROM dpa_t;
SHOW client_min_messages;
-- the control: the setting took, and once that transaction ended a LOG
-- message reaches the client
DO $$ BEGIN RAISE LOG 'outside a guarded read: LOG reaches the client'; END $$;
SET client_min_messages = warning;
DROP FUNCTION pg_temp.dpa_log(bigint);
RESET ROLE;

RESET client_min_messages;
REVOKE SELECT ON dpa_t FROM regress_dpa_poor;
DROP VIEW dpa_view;
DROP MATERIALIZED VIEW dpa_mat;
DROP FUNCTION dpa_step(text), dpa_threshold(float8, int), dpa_definer();
DROP TABLE dpa_t, dpa_free, dpa_mark, dpa_cal, dpa_mid, dpa_groups, dpa_pu, dpa_pu_null,
	dpa_pu_def, dpa_pu_kid, dpa_pu_par, dpa_pu_part, dpa_pu_twice;
DROP TABLE dpa_shown;
DELETE FROM anon.dp_budget WHERE role::text = 'regress_dpa';
DELETE FROM anon.dp_budget WHERE role::text = 'regress_dpa_poor';
SECURITY LABEL FOR anon ON ROLE regress_dpa IS NULL;
SECURITY LABEL FOR anon ON ROLE regress_dpa_poor IS NULL;
REVOKE CREATE ON SCHEMA public FROM regress_dpa;
DROP ROLE regress_dpa, regress_dpa_poor;
