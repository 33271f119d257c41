-- name: planning a 10-table join, masked tables (a volatile rule each) vs unmasked, 200 plans
-- target: 1.2
-- setup:
DO $$
DECLARE i int;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_masked') THEN
    CREATE ROLE bench_masked LOGIN; CREATE ROLE bench_plain LOGIN;
  END IF;
  FOR i IN 1..10 LOOP
    EXECUTE format('DROP TABLE IF EXISTS bench_j%s', i);
    EXECUTE format('CREATE TABLE bench_j%s (id int PRIMARY KEY, ref int, name text, email text, note text, first text)', i);
    EXECUTE format('INSERT INTO bench_j%s SELECT g, g, ''n'' || g, ''e'' || g, ''x'', ''f'' FROM generate_series(1, 1000) g', i);
    EXECUTE format('ANALYZE bench_j%s', i);
    EXECUTE format('SECURITY LABEL FOR anon ON COLUMN bench_j%s.name IS ''MASKED WITH FUNCTION left(name, 1)''', i);
    EXECUTE format('SECURITY LABEL FOR anon ON COLUMN bench_j%s.email IS ''MASKED WITH FUNCTION md5(email)''', i);
    EXECUTE format('SECURITY LABEL FOR anon ON COLUMN bench_j%s.first IS ''MASKED WITH FUNCTION anon.fake_first_name()''', i);
    EXECUTE format('GRANT SELECT ON bench_j%s TO bench_masked, bench_plain', i);
  END LOOP;
END $$;
SECURITY LABEL FOR anon ON ROLE bench_masked IS 'MASKED';
CREATE OR REPLACE FUNCTION bench_plan_join(n int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record; k int;
BEGIN
  FOR k IN 1..n LOOP
    FOR r IN EXECUTE 'SELECT j1.name, j2.email, j10.name, j1.first, j5.first FROM bench_j1 j1
      JOIN bench_j2 j2 ON j2.ref = j1.id JOIN bench_j3 j3 ON j3.ref = j2.id
      JOIN bench_j4 j4 ON j4.ref = j3.id JOIN bench_j5 j5 ON j5.ref = j4.id
      JOIN bench_j6 j6 ON j6.ref = j5.id JOIN bench_j7 j7 ON j7.ref = j6.id
      JOIN bench_j8 j8 ON j8.ref = j7.id JOIN bench_j9 j9 ON j9.ref = j8.id
      JOIN bench_j10 j10 ON j10.ref = j9.id WHERE j1.id < 10 LIMIT 0' LOOP
    END LOOP;
  END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION bench_plan_join(int) TO bench_masked, bench_plain;
-- ours:
SET ROLE bench_masked;
SELECT bench_plan_join(200);
RESET ROLE;
-- baseline:
SET ROLE bench_plain;
SELECT bench_plan_join(200);
RESET ROLE;
