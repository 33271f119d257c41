-- name: anon.fake_iban() over 1M rows vs pgcrypto hmac(i::text) (one keyed hash)
-- target: 1.0
-- setup:
CREATE EXTENSION IF NOT EXISTS pgcrypto;
SET max_parallel_workers_per_gather = 0;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(anon.fake_iban())) FROM generate_series(1, 1000000) i;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(encode(hmac(i::text, 'a 32-byte key for the benchmark!', 'sha256'), 'hex'))) FROM generate_series(1, 1000000) i;
