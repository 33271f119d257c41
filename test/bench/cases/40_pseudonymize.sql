-- name: anon.pseudonymize (FF1, reversible) of 1M 16-digit numbers vs a sha256 digest (a cost reference, not the same work)
-- target: 3.0
-- setup:
SELECT anon.create_key('bench') WHERE NOT EXISTS (SELECT FROM anon.keys WHERE name = 'bench');
DROP TABLE IF EXISTS bench_cards;
CREATE TABLE bench_cards AS
SELECT lpad((floor(random() * 1e16))::bigint::text, 16, '0') AS v
FROM generate_series(1, 1000000);
VACUUM ANALYZE bench_cards;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(anon.pseudonymize(v, 'bench'))) FROM bench_cards;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(anon.digest(v, '', 'sha256'))) FROM bench_cards;
