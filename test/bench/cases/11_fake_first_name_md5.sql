-- name: anon.fake_first_name() over 10M rows vs md5(i::text)
-- target: 1.0
--
-- The issue's bar: a faking call costs no more than one md5() call.
-- setup:
SET max_parallel_workers_per_gather = 0;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT count(anon.fake_first_name()) FROM generate_series(1, 10000000) i;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT count(md5(i::text)) FROM generate_series(1, 10000000) i;
