-- name: anon.fake_iban() over 1M rows vs md5(i::text) (the issue's faking budget: one md5 call)
-- target: 1.0
-- setup:
SET max_parallel_workers_per_gather = 0;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(anon.fake_iban())) FROM generate_series(1, 1000000) i;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(md5(i::text))) FROM generate_series(1, 1000000) i;
