-- name: masked role reads 1M rows, 3 masked columns, vs the same expressions by hand
-- target: 1.05
-- setup:
DROP TABLE IF EXISTS bench_dyn;
CREATE TABLE bench_dyn AS
SELECT i AS id, 'name' || i AS name, 'user' || i || '@example.com' AS email,
       (i * 37) % 100000 AS salary
FROM generate_series(1, 1000000) i;
VACUUM ANALYZE bench_dyn;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_masked') THEN
    CREATE ROLE bench_masked; CREATE ROLE bench_plain;
  END IF;
END $$;
SECURITY LABEL FOR anon ON ROLE bench_masked IS 'MASKED';
GRANT SELECT ON bench_dyn TO bench_masked, bench_plain;
SECURITY LABEL FOR anon ON COLUMN bench_dyn.name IS 'MASKED WITH FUNCTION left(name, 1) || ''***''';
SECURITY LABEL FOR anon ON COLUMN bench_dyn.email IS 'MASKED WITH FUNCTION md5(email)';
SECURITY LABEL FOR anon ON COLUMN bench_dyn.salary IS 'MASKED WITH FUNCTION salary / 1000 * 1000';
-- ours:
SET max_parallel_workers_per_gather = 0;
SET ROLE bench_masked;
SELECT sum(length(name)), sum(length(email)), sum(salary) FROM bench_dyn;
RESET ROLE;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SET ROLE bench_plain;
SELECT sum(length(left(name, 1) || '***')), sum(length(md5(email))), sum(salary / 1000 * 1000) FROM bench_dyn;
RESET ROLE;
