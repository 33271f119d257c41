-- name: anon_sum over 10M rows (int4 and float8) vs sum, serial
-- target: 1.10
-- setup:
CREATE TABLE IF NOT EXISTS bench_dp AS
SELECT g AS id, g % 10000 AS grp, (g % 1000)::int AS v, (g % 1000)::float8 / 7 AS f
FROM generate_series(1, 10000000) g;
VACUUM ANALYZE bench_dp;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT anon.anon_sum(v, 1.0, 0, 1000) FROM bench_dp;
SELECT anon.anon_sum(f, 1.0, 0, 150) FROM bench_dp;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(v) FROM bench_dp;
SELECT sum(f) FROM bench_dp;
