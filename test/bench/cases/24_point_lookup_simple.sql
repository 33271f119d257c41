-- name: pgbench point lookup by primary key, masked role (volatile rules) vs plain, simple protocol
-- target: 1.111
-- pgbench: -M simple -T 5 -c 1 -U bench_masked
-- pgbench-baseline: -M simple -T 5 -c 1 -U bench_plain
--
-- The ratio is the plain role's TPS over the masked role's: 1.111 is the
-- goal of 0.90 of a plain role's TPS.  The query reads every column, two of
-- them masked by volatile rules.
-- setup:
DROP TABLE IF EXISTS bench_oltp CASCADE;
CREATE TABLE bench_oltp (id int PRIMARY KEY, first_name text, email text, zip text, salary int);
INSERT INTO bench_oltp
SELECT i, 'first' || i, 'user' || i || '@example.com', lpad((i % 100000)::text, 5, '0'), (i * 37) % 100000
FROM generate_series(1, 100000) i;
VACUUM ANALYZE bench_oltp;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_masked') THEN
    CREATE ROLE bench_masked LOGIN; CREATE ROLE bench_plain LOGIN;
  END IF;
END $$;
SECURITY LABEL FOR anon ON ROLE bench_masked IS 'MASKED';
GRANT SELECT ON bench_oltp TO bench_masked, bench_plain;
SECURITY LABEL FOR anon ON COLUMN bench_oltp.first_name IS 'MASKED WITH FUNCTION anon.fake_first_name()';
SECURITY LABEL FOR anon ON COLUMN bench_oltp.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
SECURITY LABEL FOR anon ON COLUMN bench_oltp.zip IS 'MASKED WITH FUNCTION anon.random_zip()';
-- ours:
\set id random(1, 100000)
SELECT * FROM bench_oltp WHERE id = :id;
-- baseline:
\set id random(1, 100000)
SELECT * FROM bench_oltp WHERE id = :id;
