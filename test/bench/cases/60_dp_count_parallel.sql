-- name: anon_count(1.0) / anon_count(v, 1.0) over 10M rows vs count(*) / count(v), 2 workers
-- target: 1.10
-- setup:
CREATE TABLE IF NOT EXISTS bench_dp AS
SELECT g AS id, g % 10000 AS grp, (g % 1000)::int AS v, (g % 1000)::float8 / 7 AS f
FROM generate_series(1, 10000000) g;
VACUUM ANALYZE bench_dp;
-- ours:
SET max_parallel_workers_per_gather = 2;
SELECT anon.anon_count(1.0) FROM bench_dp;
SELECT anon.anon_count(v, 1.0) FROM bench_dp;
-- baseline:
SET max_parallel_workers_per_gather = 2;
SELECT count(*) FROM bench_dp;
SELECT count(v) FROM bench_dp;
