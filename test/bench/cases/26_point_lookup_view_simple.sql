-- name: pgbench point lookup, masked role vs plain role on a hand-written security_barrier view, simple protocol
-- target: 1.0
-- pgbench: -M simple -T 5 -c 1 -U bench_masked
-- pgbench-baseline: -M simple -T 5 -c 1 -U bench_plain
--
-- What a DBA would write without anon: a security_barrier view with the
-- same masking expressions, read by a plain role.  The ratio is the view's
-- TPS over the masked role's (below 1.0: dynamic masking is faster than
-- the hand-written view).  Cases 24 and 25 compare with a plain role
-- reading the raw table, which computes no mask at all.
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
CREATE VIEW bench_oltp_sb WITH (security_barrier) AS
SELECT id, anon.fake_first_name() AS first_name, anon.partial_email(email) AS email,
       anon.random_zip() AS zip, salary
FROM bench_oltp;
GRANT SELECT ON bench_oltp_sb TO bench_plain;
-- ours:
\set id random(1, 100000)
SELECT * FROM bench_oltp WHERE id = :id;
-- baseline:
\set id random(1, 100000)
SELECT * FROM bench_oltp_sb WHERE id = :id;
