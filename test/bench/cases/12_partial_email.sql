-- name: anon.partial_email over 1M rows vs PostgreSQL Anonymizer's SQL expression
-- target: 0.5
-- setup:
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_emails;
CREATE TABLE bench_emails AS
SELECT left(md5(i::text), 4 + i % 10) || '@' || left(md5((i * 7)::text), 3 + i % 8) || '.'
       || (ARRAY['com', 'fr', 'de', 'org'])[1 + i % 4] AS e
FROM generate_series(1, 1000000) i;
VACUUM ANALYZE bench_emails;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(anon.partial_email(e))) FROM bench_emails;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(substring(regexp_replace(e, '@.*', '') FROM 1 FOR 2) || '******' || '@' ||
                      substring(regexp_replace(e, '.*@', '') FROM 1 FOR 2) || '******' || '.' ||
                      regexp_replace(e, '.*\.', '')))
FROM bench_emails;
