-- name: anon.fake_first_name() over 10M rows vs pgcrypto hmac(i::text)
-- target: 1.0
--
-- The bar: a faking call costs no more than one keyed hash of the value
-- (md5() was the reference once; under OpenSSL 3 it costs more than an
-- HMAC, which made the bar too easy).
-- setup:
CREATE EXTENSION IF NOT EXISTS pgcrypto;
SET max_parallel_workers_per_gather = 0;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT count(anon.fake_first_name()) FROM generate_series(1, 10000000) i;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT count(hmac(i::text, 'a 32-byte key for the benchmark!', 'sha256')) FROM generate_series(1, 10000000) i;
