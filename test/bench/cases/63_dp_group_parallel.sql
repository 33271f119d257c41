-- name: anon_count/anon_sum/anon_avg GROUP BY 10k groups over 10M rows vs count/sum/avg, 2 workers
-- target: 1.25
-- setup:
CREATE TABLE IF NOT EXISTS bench_dp AS
SELECT g AS id, g % 10000 AS grp, (g % 1000)::int AS v, (g % 1000)::float8 / 7 AS f
FROM generate_series(1, 10000000) g;
VACUUM ANALYZE bench_dp;
-- ours:
SET max_parallel_workers_per_gather = 2;
SELECT sum(c), sum(s), sum(a) FROM (SELECT grp, anon.anon_count(1.0) c, anon.anon_sum(v, 1.0, 0, 1000) s, anon.anon_avg(f, 1.0, 0, 150) a FROM bench_dp GROUP BY grp) q;
-- baseline:
SET max_parallel_workers_per_gather = 2;
SELECT sum(c), sum(s), sum(a) FROM (SELECT grp, count(*) c, sum(v) s, avg(f) a FROM bench_dp GROUP BY grp) q;
