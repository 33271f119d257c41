-- Google's signatures (anon_count(col), anon_*_with_bounds, anon_ntile),
-- anon.dp_default_epsilon, anon_count_unclamped, and the parameter checks
-- of every DP aggregate (src/dp_agg.c).  Statistical checks allow 5.6
-- standard deviations or more (false alarm below 1e-7 each); only verdicts
-- are printed.
\set VERBOSITY terse
CREATE TABLE dp_g AS
SELECT g AS id, (g % 100)::int AS i, (g % 100)::smallint AS s, (g % 100)::bigint AS b,
       (g % 100)::real AS r, (g % 100)::float8 AS f, (g % 100)::numeric AS n,
       CASE WHEN g % 10 = 0 THEN NULL ELSE g END AS sparse, 'x' || g AS t
FROM generate_series(1, 10000) g;

-- anon_count(col): non-null values, default epsilon ln 3 (noise sd 1.3)
SELECT abs(anon.anon_count(t) - 10000) < 20 AS text_col,
       abs(anon.anon_count(sparse) - 9000) < 20 AS int_col_skips_nulls,
       abs(anon.anon_count(f) - 10000) < 20 AS float_col,
       abs(anon.anon_count(sparse, 1.0) - 9000) < 20 AS ours_unchanged,
       abs(anon.anon_count(1.0) - 10000) < 20 AS count_star_unchanged
FROM dp_g;
-- anon_*_with_bounds (expr, lower, upper [, epsilon]) for every type:
-- sum 495000, mean 49.5, variance 833.25; sum noise sd 141 at ln 3
SELECT abs(anon.anon_sum_with_bounds(i, 0, 100) - 495000) < 1000 AS sum_int4,
       pg_typeof(anon.anon_sum_with_bounds(i, 0, 100)) AS sum_int4_type,
       abs(anon.anon_sum_with_bounds(s, 0::smallint, 100::smallint, 2.0) - 495000) < 1000 AS sum_int2,
       abs(anon.anon_sum_with_bounds(b, 0, 100) - 495000) < 1000 AS sum_int8,
       abs(anon.anon_sum_with_bounds(r, 0, 100) - 495000) < 1000 AS sum_float4,
       pg_typeof(anon.anon_sum_with_bounds(f, 0, 100)) AS sum_float8_type,
       abs(anon.anon_sum_with_bounds(n, 0, 100, 1.0) - 495000) < 1000 AS sum_numeric,
       abs(anon.anon_avg_with_bounds(i, 0, 100) - 49.5) < 1 AS avg,
       abs(anon.anon_var_with_bounds(f, 0, 100, 3.0) - 833.25) < 60 AS var,
       abs(anon.anon_stddev_with_bounds(n, 0, 100, 3.0) - 28.87) < 2 AS stddev
FROM dp_g;
-- anon_ntile(expr, percentile, lower, upper [, epsilon]): an integer for
-- integer values, as Google's
SELECT abs(anon.anon_ntile(i, 0.5, 0, 100) - 50) <= 2 AS median_int4,
       pg_typeof(anon.anon_ntile(i, 0.5, 0, 100)) AS int4_type,
       pg_typeof(anon.anon_ntile(s, 0.5, 0::smallint, 100::smallint)) AS int2_type,
       abs(anon.anon_ntile(f, 0.9, 0, 100, 1.0) - 90) < 1.5 AS q90_float8,
       pg_typeof(anon.anon_ntile(n, 0.5, 0, 100)) AS numeric_type
FROM dp_g;
-- the parameters travel in the state (a sharding engine ships it as text)
SELECT anon.anon_count(t)::text ~ '^[0-9]+$' AS released FROM dp_g WHERE false;

-- anon.dp_default_epsilon: the epsilon of the calls that give none; a
-- superuser's setting.  At 1e-6 a count's noise has sd 1.4e6.
SHOW anon.dp_default_epsilon;
SET anon.dp_default_epsilon = 0.000001;
SELECT abs(anon.anon_count(t) - 10000) > 20 AS noisier FROM dp_g;
RESET anon.dp_default_epsilon;
CREATE ROLE regress_dp_sig_user;
SET ROLE regress_dp_sig_user;
SET anon.dp_default_epsilon = 100;		-- fail: superusers only
RESET ROLE;

-- anon_count_unclamped: a true count of 5 at epsilon 0.1 (noise sd 14.1)
-- over 4000 groups: the clamped release averages about 7.6, the unclamped
-- one 5 (standard error 0.22)
CREATE TABLE dp_small_groups AS
SELECT k, j FROM generate_series(1, 4000) k, generate_series(1, 5) j;
SELECT abs(avg(u) - 5) < 1.3 AS unclamped_unbiased,
       avg(c) > 6.5 AS clamped_biased,
       min(u) < 0 AS negatives_kept, min(c) >= 0 AS clamped_nonneg
FROM (SELECT k, anon.anon_count_unclamped(0.1) AS u, anon.anon_count(0.1) AS c
      FROM dp_small_groups GROUP BY k) s;
SELECT abs(avg(u) - 5) < 1.3 AS unclamped_expr_unbiased
FROM (SELECT k, anon.anon_count_unclamped(j, 0.1) AS u FROM dp_small_groups GROUP BY k) s;
DROP TABLE dp_small_groups;

-- parameter checks (issue 18: anon_count(1e-300) saturated at the largest bigint)
SELECT anon.anon_count(1e-300) FROM dp_g;				-- fail: epsilon below 1e-6
SELECT anon.anon_count(0) FROM dp_g;					-- fail
SELECT anon.anon_count(-1) FROM dp_g;					-- fail
SELECT anon.anon_count(1000.5) FROM dp_g;				-- fail: above 1000
SELECT anon.anon_count(t, 'Infinity') FROM dp_g;		-- fail
SELECT anon.anon_count(0.000001) IS NOT NULL AS smallest_epsilon FROM dp_g;
SELECT anon.anon_count(1000) = 10000 AS largest_epsilon FROM dp_g;
SELECT anon.anon_count(t, 1.0, 1.0) FROM dp_g;			-- fail: delta below 1
SELECT anon.anon_count(t, 1.0, -1e-9) FROM dp_g;		-- fail
SELECT anon.anon_sum(f, 1.0, 0, 1e16) FROM dp_g;		-- fail: bound beyond 1e15
SELECT anon.anon_sum_with_bounds(f, -1e16, 0) FROM dp_g;	-- fail
SELECT anon.anon_var(f, 1.0, -1e308, 1e308) FROM dp_g;	-- fail: squares would overflow
SELECT anon.anon_avg_with_bounds(i, 10, 0) FROM dp_g;	-- fail: lower > upper
SELECT anon.anon_sum_with_bounds(i, 0, i) FROM dp_g;	-- fail: bound from the data
SELECT anon.anon_sum_with_bounds(i, 0, 10, i::float8) FROM dp_g;	-- fail: epsilon from the data
SELECT anon.anon_ntile(i, 1.5, 0, 100) FROM dp_g;		-- fail: percentile above 1
SELECT anon.anon_ntile(i, i / 100.0, 0, 100) FROM dp_g;	-- fail: from the data
SELECT anon.anon_ntile(i, 0.5, 0, 100, 0) FROM dp_g;	-- fail: epsilon 0
SELECT anon.anon_percentile(i, 0.5, 1.0, 0, 1e16::bigint) FROM dp_g;	-- fail
SELECT anon.anon_sum(i, 1.0, 0, 100, 1.5) FROM dp_g;	-- fail: delta
-- rr_count, the estimator of randomized responses: the same ranges
SELECT anon.rr_count(b, 0) FROM (VALUES (true), (false)) v(b);				-- fail
SELECT anon.rr_count(b, 100) FROM (VALUES (true), (false)) v(b);			-- fail
SELECT anon.rr_count(x, 'a', 1, 1.0) FROM (VALUES ('a'), ('b')) v(x);		-- fail: one category
SELECT anon.rr_count(b, 1.0) IS NOT NULL AS rr_ok FROM (VALUES (true), (false)) v(b);
-- an empty input still gets noise, with the parameters checked
SELECT anon.anon_count(t) IS NOT NULL AS empty_count,
       anon.anon_sum_with_bounds(i, 0, 100) IS NOT NULL AS empty_sum,
       anon.anon_ntile(i, 0.5, 0, 100) BETWEEN 0 AND 100 AS empty_ntile
FROM dp_g WHERE false;
SELECT anon.anon_sum_with_bounds(i, 0, 100, 1e-9) FROM dp_g WHERE false;	-- fail

-- a DIFFERENTIAL PRIVACY role may use Google's names too (the guard knows
-- DP aggregates by their transition functions, not by name)
SECURITY LABEL FOR anon ON COLUMN dp_g.t IS 'MASKED WITH VALUE NULL';
SECURITY LABEL FOR anon ON ROLE regress_dp_sig_user IS 'DIFFERENTIAL PRIVACY';
GRANT SELECT ON dp_g TO regress_dp_sig_user;
SELECT anon.set_budget('regress_dp_sig_user', 100);
SET ROLE regress_dp_sig_user;
SELECT anon.anon_count(t) > 0 AS google_count,
       anon.anon_sum_with_bounds(i, 0, 100, 1.0) > 0 AS google_sum,
       anon.anon_ntile(i, 0.5, 0, 100, 1.0) >= 0 AS google_ntile,
       anon.anon_count_unclamped(1.0) > 0 AS unclamped
FROM dp_g;
SELECT count(*) FROM dp_g;								-- fail: not DP
RESET ROLE;

DELETE FROM anon.dp_budget WHERE role::text = 'regress_dp_sig_user';
SECURITY LABEL FOR anon ON ROLE regress_dp_sig_user IS NULL;
DROP TABLE dp_g;
DROP ROLE regress_dp_sig_user;
