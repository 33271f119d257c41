-- name: masked role reads 1M rows, 4 masked cols (1 volatile) vs a security_barrier view
-- target: 1.05
--
-- One rule is volatile (anon.fake_first_name()), so the masked read goes
-- through the masking subquery.  The baseline is what a DBA would write by
-- hand: a plain role reading a security_barrier view with the same
-- expressions.
-- setup:
DROP TABLE IF EXISTS bench_dyn CASCADE;
CREATE TABLE bench_dyn AS
SELECT i AS id, 'name' || i AS name, 'user' || i || '@example.com' AS email,
       (i * 37) % 100000 AS salary, 'first' || i AS first
FROM generate_series(1, 1000000) i;
VACUUM ANALYZE bench_dyn;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_masked') THEN
    CREATE ROLE bench_masked LOGIN; CREATE ROLE bench_plain LOGIN;
  END IF;
END $$;
SECURITY LABEL FOR anon ON ROLE bench_masked IS 'MASKED';
GRANT SELECT ON bench_dyn TO bench_masked, bench_plain;
SECURITY LABEL FOR anon ON COLUMN bench_dyn.name IS 'MASKED WITH FUNCTION left(name, 1) || ''***''';
SECURITY LABEL FOR anon ON COLUMN bench_dyn.email IS 'MASKED WITH FUNCTION md5(email)';
SECURITY LABEL FOR anon ON COLUMN bench_dyn.salary IS 'MASKED WITH FUNCTION salary / 1000 * 1000';
SECURITY LABEL FOR anon ON COLUMN bench_dyn.first IS 'MASKED WITH FUNCTION anon.fake_first_name()';
CREATE VIEW bench_dyn_sb WITH (security_barrier) AS
SELECT id, left(name, 1) || '***' AS name, md5(email) AS email, salary / 1000 * 1000 AS salary,
       anon.fake_first_name() AS first
FROM bench_dyn;
GRANT SELECT ON bench_dyn_sb TO bench_plain;
-- ours:
SET max_parallel_workers_per_gather = 0;
SET ROLE bench_masked;
SELECT sum(length(name)), sum(length(email)), sum(salary), sum(length(first)) FROM bench_dyn;
RESET ROLE;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SET ROLE bench_plain;
SELECT sum(length(name)), sum(length(email)), sum(salary), sum(length(first)) FROM bench_dyn_sb;
RESET ROLE;
