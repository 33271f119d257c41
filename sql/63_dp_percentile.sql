-- anon_percentile / anon_ntile (src/dp_agg.c): quantiles from a noisy
-- histogram of 256 bins.  With 10000 values 0..99 and epsilon 1, the noise
-- moves the running sum by about 16 of 10000 rows (0.16 in value), the
-- bins are 100/256 wide: the checks allow 1.5, far beyond both (false
-- alarm below 1e-8).  Only verdicts are printed.
\set VERBOSITY terse
CREATE TABLE dp_q AS
SELECT g AS id, (g % 100)::int AS i, (g % 100)::smallint AS s, (g % 100)::bigint AS b,
       (g % 100)::real AS r, (g % 100)::float8 AS f, (g % 100)::numeric AS n
FROM generate_series(1, 10000) g;
ANALYZE dp_q;

SELECT abs(anon.anon_percentile(i, 0.5, 1.0, 0, 100) - 50) < 1.5 AS median_int4,
       abs(anon.anon_percentile(s, 0.25, 1.0, 0, 100) - 25) < 1.5 AS q25_int2,
       abs(anon.anon_percentile(b, 0.9, 1.0, 0, 100) - 90) < 1.5 AS q90_int8,
       abs(anon.anon_percentile(r, 0.5, 1.0, 0, 100) - 50) < 1.5 AS median_float4,
       abs(anon.anon_percentile(f, 0.1, 1.0, 0, 100) - 10) < 1.5 AS q10_float8,
       abs(anon.anon_percentile(n, 0.75, 1.0, 0, 100) - 75) < 1.5 AS q75_numeric,
       abs(anon.anon_ntile(i, 0.5, 0, 100, 1.0) - 50) < 1.5 AS ntile,
       abs(anon.anon_percentile(i, 0.5, 1.0, 0, 100, 1e-6) - 50) < 1.5 AS median_gaussian
FROM dp_q;
SELECT anon.anon_percentile(i, 0, 1.0, 0, 100) < 1.5 AS p0,
       anon.anon_percentile(i, 1, 1.0, 0, 100) > 98.5 AS p1,
       pg_typeof(anon.anon_percentile(i, 0.5, 1.0, 0, 100)) AS type
FROM dp_q;
-- clamping: more than half of the values are above 10
SELECT anon.anon_percentile(i, 0.5, 1.0, 0, 10) BETWEEN 9.9 AND 10 AS clamped,
       anon.anon_percentile(i, 0.5, 1.0, 200, 300) BETWEEN 200 AND 200.5 AS clamped_low,
       anon.anon_percentile(i, 0.5, 1.0, 7, 7) = 7 AS degenerate_bounds
FROM dp_q;
-- empty input: still a value within the bounds
SELECT anon.anon_percentile(i, 0.5, 1.0, 0, 100) BETWEEN 0 AND 100 AS empty_in_bounds
FROM dp_q WHERE false;

-- parallel query
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT anon.anon_percentile(i, 0.5, 1.0, 0, 100) FROM dp_q;
SELECT abs(anon.anon_percentile(i, 0.5, 1.0, 0, 100) - 50) < 1.5 AS parallel_median FROM dp_q;
SELECT anon.anon_percentile(i, 0.5, 1.0, 0, 100) BETWEEN 0 AND 100 AS parallel_empty FROM dp_q WHERE id + 0 < 0;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- the state type
SELECT ('(1,0,0,10,0.5,0,0;' || string_agg('3', ',') || ')')::anon.dp_quantile_state IS NOT NULL AS state_in
FROM generate_series(1, 256);
SELECT ('(1,0,0,10,0.5,0,0;' || string_agg('3', ',') || ')')::anon.dp_quantile_state::text
       = '(1,0,0,10,0.5,0,0;' || string_agg('3', ',') || ')' AS state_round_trip
FROM generate_series(1, 256);
SELECT ('(1,0,0,10,0.5,0,0;' || string_agg('3', ',') || ')')::anon.dp_quantile_state FROM generate_series(1, 255);
SELECT ('(1,0,0,10,0.5,0,0;' || string_agg('-3', ',') || ')')::anon.dp_quantile_state FROM generate_series(1, 256);
SELECT ('(1,0,0,10,1.5,0,0;' || string_agg('3', ',') || ')')::anon.dp_quantile_state FROM generate_series(1, 256);
SELECT 'nonsense'::anon.dp_quantile_state;

-- errors
SELECT anon.anon_percentile(i, 1.5, 1.0, 0, 100) FROM dp_q;
SELECT anon.anon_percentile(i, -0.1, 1.0, 0, 100) FROM dp_q;
SELECT anon.anon_percentile(i, i / 100.0, 1.0, 0, 100) FROM dp_q;
SELECT anon.anon_percentile(i, 0.5, 1.0, 100, 0) FROM dp_q;
SELECT anon.anon_percentile(i, 0.5, 0, 0, 100) FROM dp_q;
SELECT anon.anon_percentile(i, 0.5, 1.0, 0, 100, 2) FROM dp_q;
SELECT anon._dp_quantile_combine(NULL, NULL);

DROP TABLE dp_q;
