-- name: anon.noise(int, 0.1) over 10M rows vs PostgreSQL Anonymizer's expression (random())
-- target: 1.5
-- setup:
SET max_parallel_workers_per_gather = 0;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(anon.noise(i, 0.1)::bigint) FROM generate_series(1, 10000000) i;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum((i * (1.0 - (2.0 * random() - 1.0) * 0.1))::int::bigint) FROM generate_series(1, 10000000) i;
