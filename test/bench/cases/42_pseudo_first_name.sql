-- name: anon.pseudo_first_name(v, salt) of 1M values vs pgcrypto hmac(v, salt)
-- target: 1.0
-- setup:
CREATE EXTENSION IF NOT EXISTS pgcrypto;
DROP TABLE IF EXISTS bench_pseudo;
CREATE TABLE bench_pseudo AS
SELECT md5(i::text) AS v FROM generate_series(1, 1000000) i;
VACUUM ANALYZE bench_pseudo;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(anon.pseudo_first_name(v, 'a salt for the benchmark'))) FROM bench_pseudo;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(hmac(v, 'a salt for the benchmark', 'sha256'))) FROM bench_pseudo;
