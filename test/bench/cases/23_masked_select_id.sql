-- name: masked role SELECT id (unmasked) over 1M rows with volatile masks vs plain
-- target: 1.10
--
-- The masks (fake_first_name, random_zip, noise) are volatile; the query
-- reads only id, which has no rule, so none of them may run.
-- setup:
DROP TABLE IF EXISTS bench_cnt CASCADE;
CREATE TABLE bench_cnt AS
SELECT i AS id, 'first' || i AS first_name, lpad((i % 100000)::text, 5, '0') AS zip,
       (i * 37) % 100000 AS salary
FROM generate_series(1, 1000000) i;
VACUUM ANALYZE bench_cnt;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_masked') THEN
    CREATE ROLE bench_masked LOGIN; CREATE ROLE bench_plain LOGIN;
  END IF;
END $$;
SECURITY LABEL FOR anon ON ROLE bench_masked IS 'MASKED';
GRANT SELECT ON bench_cnt TO bench_masked, bench_plain;
SECURITY LABEL FOR anon ON COLUMN bench_cnt.first_name IS 'MASKED WITH FUNCTION anon.fake_first_name()';
SECURITY LABEL FOR anon ON COLUMN bench_cnt.zip IS 'MASKED WITH FUNCTION anon.random_zip()';
SECURITY LABEL FOR anon ON COLUMN bench_cnt.salary IS 'MASKED WITH FUNCTION anon.noise(salary, 0.1)';
-- ours:
SET max_parallel_workers_per_gather = 0;
SET ROLE bench_masked;
SELECT id FROM bench_cnt \g /dev/null
RESET ROLE;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SET ROLE bench_plain;
SELECT id FROM bench_cnt \g /dev/null
RESET ROLE;
