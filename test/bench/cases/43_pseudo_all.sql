-- name: the six anon.pseudo_* of 1M values vs six pgcrypto hmac() calls
-- target: 1.0
--
-- pseudo_email draws a username and a domain: two HMACs for one call.
-- setup:
CREATE EXTENSION IF NOT EXISTS pgcrypto;
DROP TABLE IF EXISTS bench_pseudo;
CREATE TABLE bench_pseudo AS
SELECT md5(i::text) AS v FROM generate_series(1, 1000000) i;
VACUUM ANALYZE bench_pseudo;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(anon.pseudo_first_name(v, 'a salt for the benchmark')) +
           length(anon.pseudo_last_name(v, 'a salt for the benchmark')) +
           length(anon.pseudo_email(v, 'a salt for the benchmark')) +
           length(anon.pseudo_city(v, 'a salt for the benchmark')) +
           length(anon.pseudo_country(v, 'a salt for the benchmark')) +
           length(anon.pseudo_company(v, 'a salt for the benchmark'))) FROM bench_pseudo;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(hmac(v, 'a salt for the benchmark', 'sha256')) +
           length(hmac(v, 'a salt for the benchmark', 'sha256')) +
           length(hmac(v, 'a salt for the benchmark', 'sha256')) +
           length(hmac(v, 'a salt for the benchmark', 'sha256')) +
           length(hmac(v, 'a salt for the benchmark', 'sha256')) +
           length(hmac(v, 'a salt for the benchmark', 'sha256'))) FROM bench_pseudo;
