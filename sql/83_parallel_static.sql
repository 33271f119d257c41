-- Parallel static masking: background workers mask the tables of a policy
-- one transaction per table (per group of tables a foreign key links), each
-- table's rules run as its owner; the call
-- never reports success over a table left in cleartext.
CREATE SCHEMA par;
CREATE ROLE regress_par_owner LOGIN;
GRANT USAGE, CREATE ON SCHEMA par TO regress_par_owner;
CREATE TABLE par.a (id int, v text);
CREATE TABLE par.b (id int, v text);
CREATE TABLE par.c (id int, v text) PARTITION BY RANGE (id);
CREATE TABLE par.c1 PARTITION OF par.c FOR VALUES FROM (0) TO (100);
CREATE TABLE par.c2 PARTITION OF par.c FOR VALUES FROM (100) TO (200);
INSERT INTO par.a SELECT i, 'raw' FROM generate_series(1, 500) i;
INSERT INTO par.b SELECT i, 'raw' FROM generate_series(1, 300) i;
INSERT INTO par.c SELECT i, 'raw' FROM generate_series(1, 199) i;
SECURITY LABEL FOR anon ON COLUMN par.a.v IS 'MASKED WITH VALUE ''masked''';
SECURITY LABEL FOR anon ON COLUMN par.b.v IS 'MASKED WITH FUNCTION ''m'' || id';
SECURITY LABEL FOR anon ON COLUMN par.c.v IS 'MASKED WITH VALUE ''masked''';
SECURITY LABEL FOR anon ON COLUMN par.c1.v IS 'MASKED WITH VALUE ''masked''';

-- bad calls
SELECT * FROM anon.anonymize_database_parallel_report(0);	-- fail
SELECT * FROM anon.anonymize_database_parallel_report(2, 'nosuch');	-- fail
BEGIN;
SELECT * FROM anon.anonymize_database_parallel_report(2);	-- fail (in a transaction block)
ROLLBACK;

-- every table masked: one row per table, a tree once
SELECT table_name, rows FROM anon.anonymize_database_parallel_report(3) ORDER BY table_name::text;
SELECT count(*) FILTER (WHERE v = 'raw') AS raw_left, count(*) AS total
FROM (SELECT v FROM par.a UNION ALL SELECT v FROM par.b UNION ALL SELECT v FROM par.c) s;

-- a table owner's rule runs as that owner, not as the superuser who calls:
-- a rule that tries to make its owner superuser fails, the table is named
-- among those not masked, and the call fails
CREATE SCHEMA par_lib;
SECURITY LABEL FOR anon ON SCHEMA par_lib IS 'TRUSTED';
GRANT USAGE, CREATE ON SCHEMA par_lib TO regress_par_owner;
SET ROLE regress_par_owner;
CREATE FUNCTION par_lib.escalate(text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  EXECUTE 'ALTER ROLE regress_par_owner SUPERUSER';
  RETURN 'x';
END $$;
CREATE TABLE par.evil (id int, v text);
SECURITY LABEL FOR anon ON COLUMN par.evil.v IS 'MASKED WITH FUNCTION par_lib.escalate(v)';
INSERT INTO par.evil VALUES (1, 'raw');
RESET ROLE;
UPDATE par.a SET v = 'raw';
\set VERBOSITY default
SELECT * FROM anon.anonymize_database_parallel_report(2);	-- fail: names par.evil as not masked
\set VERBOSITY terse
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_par_owner';
SELECT v FROM par.evil;
SELECT count(*) FILTER (WHERE v = 'raw') AS raw_left_in_a FROM par.a;

-- tables that a foreign key links are masked by one worker, in one
-- transaction, the key checked when both sides are masked (as in
-- anonymize_database): the same deterministic rule on both sides keeps it
-- (masked apart, the first to commit broke the key, and the other waited
-- on it or deadlocked); a group with a broken key is not masked at all,
-- each of its tables named, while the other tables are
DROP TABLE par.evil;
CREATE TABLE par.emp (id int PRIMARY KEY, phone text UNIQUE);
CREATE TABLE par.calls (id int, phone text REFERENCES par.emp (phone));
CREATE TABLE par.calls2 (id int, phone text REFERENCES par.emp (phone));
INSERT INTO par.emp SELECT i, 'phone' || i FROM generate_series(1, 50) i;
INSERT INTO par.calls SELECT i, 'phone' || (i % 50 + 1) FROM generate_series(1, 400) i;
INSERT INTO par.calls2 SELECT i, 'phone' || (i % 50 + 1) FROM generate_series(1, 100) i;
SECURITY LABEL FOR anon ON COLUMN par.emp.phone IS 'MASKED WITH FUNCTION pg_catalog.md5(phone)';
SECURITY LABEL FOR anon ON COLUMN par.calls.phone IS 'MASKED WITH FUNCTION pg_catalog.md5(phone)';
SECURITY LABEL FOR anon ON COLUMN par.calls2.phone IS 'MASKED WITH FUNCTION pg_catalog.md5(phone)';
SELECT table_name, rows FROM anon.anonymize_database_parallel_report(2) ORDER BY table_name::text;
SELECT (SELECT count(*) FROM par.emp WHERE phone = md5('phone1')) AS emp_masked,
       (SELECT count(*) FROM par.calls c JOIN par.emp e USING (phone)) AS calls_joined,
       (SELECT count(*) FROM par.calls2 c JOIN par.emp e USING (phone)) AS calls2_joined;
-- a rule that breaks the key: the group fails, named; a, b and c are masked
SECURITY LABEL FOR anon ON COLUMN par.calls2.phone IS 'MASKED WITH FUNCTION pg_catalog.upper(phone)';
UPDATE par.a SET v = 'raw';
\set VERBOSITY default
SELECT * FROM anon.anonymize_database_parallel_report(2);	-- fail: emp, calls, calls2 not masked
\set VERBOSITY terse
SELECT count(*) FILTER (WHERE v = 'raw') AS raw_left_in_a FROM par.a;
SELECT count(*) AS emp_unchanged FROM par.emp WHERE phone = md5('phone1');

DROP SCHEMA par, par_lib CASCADE;
DROP ROLE regress_par_owner;
