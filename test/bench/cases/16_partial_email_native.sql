-- name: anon.partial_email over 10M rows vs the issue's native baseline left(s, 2) || '***'
-- target: 1.0
-- setup:
SET max_parallel_workers_per_gather = 0;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(anon.partial_email('user' || i || '@example.com'))) FROM generate_series(1, 10000000) i;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(left('user' || i || '@example.com', 2) || '***')) FROM generate_series(1, 10000000) i;
