-- name: anon.hash (keyed HMAC-SHA256) of 1M values vs pgcrypto hmac()
-- target: 1.0
-- setup:
CREATE EXTENSION IF NOT EXISTS pgcrypto;
SELECT anon.create_key('default') WHERE NOT EXISTS (SELECT FROM anon.keys WHERE name = 'default');
DROP TABLE IF EXISTS bench_values;
CREATE TABLE bench_values AS
SELECT md5(i::text) AS v FROM generate_series(1, 1000000) i;
VACUUM ANALYZE bench_values;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(anon.hash(v))) FROM bench_values;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(encode(hmac(v, 'a 32-byte key for the benchmark!', 'sha256'), 'hex'))) FROM bench_values;
