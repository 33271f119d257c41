-- name: anon.random_int_between over 10M rows vs floor(random()*n)
-- target: 1.5
-- setup:
SET max_parallel_workers_per_gather = 0;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(anon.random_int_between(0, 999)) FROM generate_series(1, 10000000);
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(floor(random() * 1000)::int) FROM generate_series(1, 10000000);
