-- name: anon.partial_email over 10M rows vs the same result by SQL expression
-- target: 1.0
-- setup:
SET max_parallel_workers_per_gather = 0;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(anon.partial_email('user' || i || '@example.com'))) FROM generate_series(1, 10000000) i;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(e)) FROM (
  SELECT substring(regexp_replace(a, '@.*', '') FROM 1 FOR 2) || '******' || '@' ||
         substring(regexp_replace(a, '.*@', '') FROM 1 FOR 2) || '******' || '.' ||
         regexp_replace(a, '.*\.', '') AS e
  FROM (SELECT 'user' || i || '@example.com' AS a FROM generate_series(1, 10000000) i) s) q;
