-- Differentially private aggregates (src/dp_agg.c).
--
-- Accuracy checks use dp_confidence_interval at confidence 1 - 1e-8, so
-- each fails by chance with probability below 1e-8.  Statistical checks
-- repeat a release 4000 times (a correlated subquery rescans the aggregate,
-- each time with fresh noise) and compare the mean with 6 standard errors
-- (false alarm < 1e-8, normal approximation) and the sample variance with
-- the exact noise variance within [0.7, 1.35] (more than 6 standard errors
-- of the sample variance for kurtosis 6).  Only verdicts are printed.
\set VERBOSITY terse

CREATE TABLE dp_t AS
SELECT g AS id, (g % 100)::int AS i, (g % 100)::smallint AS s, (g % 100)::bigint AS b,
       (g % 100)::real / 10 AS r, (g % 100)::float8 / 10 AS f, (g % 100)::numeric / 10 AS n,
       g % 10 AS grp
FROM generate_series(1, 10000) g;
CREATE TABLE dp_small AS SELECT g, g % 11 AS v FROM generate_series(1, 200) g;
ANALYZE dp_t, dp_small;

-- exact answers lie in the 1 - 1e-8 interval around the released ones
SELECT (anon.dp_confidence_interval(anon.anon_count(1.0), 'count', 1.0, confidence => 1 - 1e-8)).low <= 10000
   AND (anon.dp_confidence_interval(anon.anon_count(1.0), 'count', 1.0, confidence => 1 - 1e-8)).high >= 10000
   AS count_star_ok FROM dp_t;
SELECT 10000 BETWEEN (ci).low AND (ci).high AS count_expr_ok
FROM (SELECT anon.dp_confidence_interval(anon.anon_count(i, 0.5), 'count', 0.5, confidence => 1 - 1e-8) ci FROM dp_t) s;
SELECT 9000 BETWEEN (ci).low AND (ci).high AS count_skips_nulls
FROM (SELECT anon.dp_confidence_interval(anon.anon_count(CASE WHEN id > 1000 THEN id END, 0.5), 'count', 0.5, confidence => 1 - 1e-8) ci FROM dp_t) s;
SELECT t, x BETWEEN (anon.dp_confidence_interval(v, 'sum', 1.0, 0, 99, 0, 1 - 1e-8)).low
           AND (anon.dp_confidence_interval(v, 'sum', 1.0, 0, 99, 0, 1 - 1e-8)).high AS sum_ok
FROM (SELECT 'int4' t, anon.anon_sum(i, 1.0, 0, 99)::float8 v, sum(i)::float8 x FROM dp_t
      UNION ALL SELECT 'int2', anon.anon_sum(s, 1.0, 0, 99), sum(s) FROM dp_t
      UNION ALL SELECT 'int8', anon.anon_sum(b, 1.0, 0, 99), sum(b) FROM dp_t) q ORDER BY t;
SELECT t, x BETWEEN (anon.dp_confidence_interval(v, 'sum', 1.0, 0, 9.9, 0, 1 - 1e-8)).low
           AND (anon.dp_confidence_interval(v, 'sum', 1.0, 0, 9.9, 0, 1 - 1e-8)).high AS sum_ok
FROM (SELECT 'float4' t, anon.anon_sum(r, 1.0, 0, 9.9) v, sum(r)::float8 x FROM dp_t
      UNION ALL SELECT 'float8', anon.anon_sum(f, 1.0, 0, 9.9), sum(f) FROM dp_t
      UNION ALL SELECT 'numeric', anon.anon_sum(n, 1.0, 0, 9.9), sum(n)::float8 FROM dp_t) q ORDER BY t;
-- result types follow the input: bigint for integers, float8 otherwise
SELECT pg_typeof(anon.anon_sum(i, 1.0, 0, 99)) AS int_sum, pg_typeof(anon.anon_sum(f, 1.0, 0, 9.9)) AS float_sum,
       pg_typeof(anon.anon_count(1.0)) AS count, pg_typeof(anon.anon_avg(i, 1.0, 0, 99)) AS avg FROM dp_t;

-- avg, var, stddev: 10000 rows, true values 49.5, 833.25, 28.866
SELECT abs(anon.anon_avg(i, 10.0, 0, 99) - 49.5) < 0.1 AS avg_int,
       abs(anon.anon_avg(f, 10.0, 0, 9.9) - 4.95) < 0.01 AS avg_float,
       abs(anon.anon_avg(n, 10.0, 0, 9.9) - 4.95) < 0.01 AS avg_numeric,
       abs(anon.anon_var(i, 10.0, 0, 99) - 833.25) < 5 AS var_int,
       abs(anon.anon_stddev(i, 10.0, 0, 99) - 28.866) < 0.2 AS stddev_int,
       abs(anon.anon_stddev(r, 10.0, 0, 9.9) - 2.8866) < 0.02 AS stddev_real,
       abs(anon.anon_avg(s, 10.0, 0, 99, 1e-6) - 49.5) < 0.2 AS avg_gaussian,
       abs(anon.anon_var(b, 10.0, 0, 99, 1e-6) - 833.25) < 10 AS var_gaussian
FROM dp_t;
-- results stay within the bounds
SELECT anon.anon_avg(i, 0.001, 10, 20) BETWEEN 10 AND 20 AS avg_in_bounds,
       anon.anon_var(i, 0.001, 10, 20) BETWEEN 0 AND 25 AS var_in_bounds,
       anon.anon_stddev(i, 0.001, 10, 20) BETWEEN 0 AND 5 AS stddev_in_bounds,
       anon.anon_count(0.001) >= 0 AS count_not_negative
FROM dp_t WHERE id <= 3;

-- clamping: values 0..99 clamped to [0, 10] sum to 94500, to [50, 60] to 544500
SELECT 94500 BETWEEN (anon.dp_confidence_interval(v, 'sum', 1.0, 0, 10, 0, 1 - 1e-8)).low
                 AND (anon.dp_confidence_interval(v, 'sum', 1.0, 0, 10, 0, 1 - 1e-8)).high AS clamped_high
FROM (SELECT anon.anon_sum(i, 1.0, 0, 10)::float8 v FROM dp_t) s;
SELECT 544500 BETWEEN (anon.dp_confidence_interval(v, 'sum', 1.0, 50, 60, 0, 1 - 1e-8)).low
                  AND (anon.dp_confidence_interval(v, 'sum', 1.0, 50, 60, 0, 1 - 1e-8)).high AS clamped_both
FROM (SELECT anon.anon_sum(i, 1.0, 50, 60)::float8 v FROM dp_t) s;
SELECT -94500 BETWEEN (anon.dp_confidence_interval(v, 'sum', 1.0, -10, 0, 0, 1 - 1e-8)).low
                  AND (anon.dp_confidence_interval(v, 'sum', 1.0, -10, 0, 0, 1 - 1e-8)).high AS clamped_negative
FROM (SELECT anon.anon_sum(-i, 1.0, -10, 0)::float8 v FROM dp_t) s;

-- empty input still gets noise (and is not NULL)
SELECT 0 BETWEEN (anon.dp_confidence_interval(v, 'count', 1.0, confidence => 1 - 1e-8)).low
             AND (anon.dp_confidence_interval(v, 'count', 1.0, confidence => 1 - 1e-8)).high AS empty_count
FROM (SELECT anon.anon_count(1.0)::float8 v FROM dp_t WHERE false) s;
SELECT anon.anon_sum(f, 1.0, 0, 9.9) IS NOT NULL AS empty_sum,
       anon.anon_avg(i, 1.0, 0, 99) BETWEEN 0 AND 99 AS empty_avg
FROM dp_t WHERE false;

-- v = g % 11 over g = 1..200 sums to 993
-- unbiased, with variance 2q/(1-q)^2 (q = e^(-eps/sensitivity)) for Laplace
CREATE TEMP TABLE draws AS
SELECT (SELECT anon.anon_count(1.0) FROM dp_small WHERE g > r - r) AS c1,
       (SELECT anon.anon_count(0.25) FROM dp_small WHERE g > r - r) AS c4,
       (SELECT anon.anon_sum(v, 1.0, 0, 10) FROM dp_small WHERE g > r - r) AS s1,
       (SELECT anon.anon_sum(v::float8 / 4, 1.0, 0, 2.5) FROM dp_small WHERE g > r - r) AS sf,
       (SELECT anon.anon_sum(v, 1.0, 0, 10, 1e-6) FROM dp_small WHERE g > r - r) AS sg
FROM generate_series(1, 4000) r;
SELECT abs(avg(c1) - 200) < 6 * sqrt(2 * exp(-1.0) / (1 - exp(-1.0))^2 / 4000) AS count_unbiased,
       var_samp(c1) / (2 * exp(-1.0) / (1 - exp(-1.0))^2) BETWEEN 0.7 AND 1.35 AS count_variance,
       abs(avg(c4) - 200) < 6 * sqrt(2 * exp(-0.25) / (1 - exp(-0.25))^2 / 4000) AS count_unbiased_eps4,
       var_samp(c4) / (2 * exp(-0.25) / (1 - exp(-0.25))^2) BETWEEN 0.7 AND 1.35 AS variance_scales_with_eps,
       abs(avg(s1) - 993) < 6 * sqrt(2 * exp(-0.1) / (1 - exp(-0.1))^2 / 4000) AS sum_unbiased,
       var_samp(s1) / (2 * exp(-0.1) / (1 - exp(-0.1))^2) BETWEEN 0.7 AND 1.35 AS sum_variance,
       abs(avg(sf) - 248.25) < 6 * sqrt(2 * 2.5^2 / 4000) AS float_sum_unbiased,
       var_samp(sf) / (2 * 2.5^2) BETWEEN 0.7 AND 1.35 AS float_sum_variance
FROM draws;
-- Gaussian: sigma = 10 / sqrt(2 rho), sqrt(rho) = 1 / (sqrt(ln(1e6) + 1) + sqrt(ln(1e6)))
SELECT abs(avg(sg) - 993) < 6 * sigma / sqrt(4000) AS gaussian_unbiased,
       var_samp(sg) / sigma^2 BETWEEN 0.8 AND 1.2 AS gaussian_variance
FROM draws, (SELECT 10 / sqrt(2 * (1 / (sqrt(ln(1e6) + 1) + sqrt(ln(1e6))))^2) AS sigma) c
GROUP BY sigma;
DROP TABLE draws;

-- parallel query: partial states in the workers, noise once in the leader
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT anon.anon_sum(i, 1.0, 0, 99) FROM dp_t;
SELECT 495000 BETWEEN (anon.dp_confidence_interval(v, 'sum', 1.0, 0, 99, 0, 1 - 1e-8)).low
                  AND (anon.dp_confidence_interval(v, 'sum', 1.0, 0, 99, 0, 1 - 1e-8)).high AS parallel_sum
FROM (SELECT anon.anon_sum(i, 1.0, 0, 99)::float8 v FROM dp_t) s;
-- an empty input in a parallel plan: the parameters come from the partial Aggref
EXPLAIN (COSTS OFF) SELECT anon.anon_count(1.0) FROM dp_t WHERE id + 0 < 0;
SELECT 0 BETWEEN (anon.dp_confidence_interval(v, 'count', 1.0, confidence => 1 - 1e-8)).low
             AND (anon.dp_confidence_interval(v, 'count', 1.0, confidence => 1 - 1e-8)).high AS parallel_empty
FROM (SELECT anon.anon_count(1.0)::float8 v FROM dp_t WHERE id + 0 < 0) s;
SELECT anon.anon_avg(i, 1.0, 3, 7) BETWEEN 3 AND 7 AS parallel_empty_avg FROM dp_t WHERE id + 0 < 0;
EXPLAIN (COSTS OFF) SELECT grp, anon.anon_count(1.0) FROM dp_t GROUP BY grp;
SELECT bool_and(1000 BETWEEN (anon.dp_confidence_interval(c, 'count', 1.0, confidence => 1 - 1e-8)).low
                         AND (anon.dp_confidence_interval(c, 'count', 1.0, confidence => 1 - 1e-8)).high)
       AND count(*) = 10 AS parallel_grouped
FROM (SELECT grp, anon.anon_count(1.0)::float8 c FROM dp_t GROUP BY grp) s;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- the state type: text I/O
SELECT '(3,1.5,2,1,0,0,10,1)'::anon.dp_state;
SELECT 'garbage'::anon.dp_state;
SELECT '(-1,0,0,1,0,0,10,1)'::anon.dp_state;
SELECT '(1,0,0,0,0,0,10,1)'::anon.dp_state;
SELECT '(1,0,0,1,0,10,0,1)'::anon.dp_state;
SELECT '(1,0,0,1,0,0,10,1) trailing'::anon.dp_state;

-- sums are exact: a state holds sums of whole quanta, the same in any
-- order, one row moving them by at most 2^20 quanta (a float sum rounds at
-- every addition, so its order matters: the control, sum(float8))
CREATE AGGREGATE pg_temp.dp_state_of(float8, float8, float8, float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state);
CREATE TEMP TABLE dp_order AS
  SELECT k, CASE WHEN k = 0 THEN 1e15 ELSE 0.3 + k * 1e-7 END::float8 AS x
  FROM generate_series(0, 3000) k;
SELECT sum(x ORDER BY k) <> sum(x ORDER BY -k) AS float_sum_depends_on_order
FROM dp_order;
WITH st AS (
  SELECT pg_temp.dp_state_of(x, 1.0, -1e15, 1e15 ORDER BY k)::text AS up,
         pg_temp.dp_state_of(x, 1.0, -1e15, 1e15 ORDER BY -k)::text AS down,
         pg_temp.dp_state_of(x, 1.0, -1e15, 1e15 ORDER BY k) FILTER (WHERE k > 0)::text AS without_one
  FROM dp_order)
SELECT up = down AS same_in_any_order,
       split_part(up, ',', 2)::float8 = trunc(split_part(up, ',', 2)::float8) AS whole_quanta,
       abs(split_part(up, ',', 2)::float8 - split_part(without_one, ',', 2)::float8) <= 1048576 AS one_row_bounded
FROM st;
-- an ORDER BY inside the call is no argument (0.5 is not read as delta:
-- no Gaussian noise, no delta spent)
SELECT count(*) AS spends_before FROM anon.dp_spends \gset
SELECT anon.anon_sum(i, 1.0, 0, 100 ORDER BY 0.5) IS NOT NULL AS released FROM dp_t;
SELECT epsilon, delta FROM anon.dp_spends ORDER BY spent_at DESC LIMIT 1;
SELECT count(*) - :spends_before AS new_spends FROM anon.dp_spends;
-- small integers are their own quanta: the sum is the exact sum
CREATE AGGREGATE pg_temp.dp_state_of(int, float8, int, int) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state);
SELECT pg_temp.dp_state_of(g, 1.0, 0, 100) FROM generate_series(1, 10) g;

-- errors
SELECT anon.anon_count(0) FROM dp_t;
SELECT anon.anon_count(-1) FROM dp_t;
SELECT anon.anon_count(1001) FROM dp_t;
SELECT anon.anon_count(NULL::float8) FROM dp_t;
SELECT anon.anon_count('NaN'::float8) FROM dp_t;
-- not a constant: Google's anon_count(col), the default epsilon (ln 3)
SELECT abs(anon.anon_count(i::float8) - 10000) < 100 AS google_count FROM dp_t;
SELECT anon.anon_sum(i, 1.0, 0, i) FROM dp_t;			-- bound from the data
SELECT anon.anon_sum(i, 1.0, 99, 0) FROM dp_t;
SELECT anon.anon_sum(i, 1.0, 0, NULL) FROM dp_t;
SELECT anon.anon_sum(f, 1.0, 0, 'Infinity') FROM dp_t;
SELECT anon.anon_var(f, 1.0, -1e308, 1e308) FROM dp_t;	-- sensitivity overflows
\echo :LAST_ERROR_SQLSTATE
SELECT anon.anon_sum(i, 1.0, 0, 99, 1) FROM dp_t;
SELECT anon.anon_sum(i, 1.0, 0, 99, -0.1) FROM dp_t;
SELECT anon.anon_count(i, 1.0, 1.5) FROM dp_t;
PREPARE dp_q(float8) AS SELECT anon.anon_count($1) FROM dp_t;
SET plan_cache_mode = force_generic_plan;
EXECUTE dp_q(1.0);
RESET plan_cache_mode;
DEALLOCATE dp_q;
SELECT anon._dp_count_star_trans(NULL, 1.0);
SELECT anon._dp_count_final(NULL, 1.0);
SELECT anon._dp_combine(NULL, NULL);
SELECT anon.dp_confidence_interval(10, 'median', 1.0);
SELECT anon.dp_confidence_interval(10, 'count', 1.0, confidence => 1);
SELECT anon.dp_confidence_interval(10, 'sum', 1.0, 5, 1);

-- randomized response: P(keep) = e^eps / (1 + e^eps); df 1 threshold 28.37
SELECT (k - 100000 * p)^2 / (100000 * p * (1 - p)) < 28.37 AS rr_bool_fits
FROM (SELECT count(*) FILTER (WHERE anon.randomized_response(true, 1.0)) AS k,
             exp(1.0) / (1 + exp(1.0)) AS p
      FROM generate_series(1, 100000)) s;
SELECT count(*) FILTER (WHERE anon.randomized_response(false, 1.0)) BETWEEN 1 AND 99999 AS rr_flips_false
FROM generate_series(1, 100000);
-- categorical, k = 4: P(keep) = e / (e + 3), each other 1 / (e + 3); df 3 threshold 35.41
SELECT count(*) = 4 AS all_categories,
       sum((n - 100000 * p)^2 / (100000 * p)) < 35.41 AS rr_categorical_fits
FROM (SELECT c, count(*) n, CASE WHEN c = 'a' THEN exp(1.0) / (exp(1.0) + 3) ELSE 1 / (exp(1.0) + 3) END p
      FROM (SELECT anon.randomized_response('a'::text, ARRAY['a', 'b', 'c', 'd'], 1.0) c
            FROM generate_series(1, 100000)) s GROUP BY c) t;
-- the estimators are unbiased: 30000 true answers, 40000 'a' of 4 categories
SELECT abs(anon.rr_count(anon.randomized_response(g % 10 < 3, 1.0), 1.0) - 30000) < 1850 AS rr_count_ok
FROM generate_series(1, 100000) g;
SELECT abs(anon.rr_count(anon.randomized_response(CASE WHEN g % 10 < 4 THEN 'a' ELSE 'b' END,
                                                  ARRAY['a', 'b', 'c', 'd'], 1.0), 'a', 4, 1.0) - 40000) < 2900 AS rr_count_categorical_ok
FROM generate_series(1, 100000) g;
SELECT anon.rr_count(NULL::boolean, 1.0) AS rr_empty;
SELECT anon.randomized_response(NULL::boolean, 1.0) IS NULL AS null_answer;
SELECT anon.randomized_response(true, 0);
SELECT anon.randomized_response(true, NULL);
SELECT anon.randomized_response('z'::text, ARRAY['a', 'b'], 1.0);
SELECT anon.randomized_response('a'::text, ARRAY['a'], 1.0);
SELECT anon.randomized_response('a'::text, ARRAY['a', NULL], 1.0);
SELECT anon.randomized_response('a'::text, NULL::text[], 1.0);

DROP TABLE dp_t, dp_small;
