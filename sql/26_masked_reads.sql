-- Masked reads compute only the masks of the columns a query reads: a
-- column the query never reads is not masked at all (its mask, perhaps
-- volatile and costly, never runs), and every column it does read is
-- masked, whatever the path (target list, quals, whole-row references,
-- join aliases, lower query levels).  A TRUSTED volatile function counts
-- its calls through a sequence.
\set VERBOSITY terse
CREATE ROLE regress_pr_masked LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_pr_masked IS 'MASKED';
CREATE SCHEMA regress_pr;
GRANT USAGE ON SCHEMA regress_pr TO regress_pr_masked;
CREATE FUNCTION regress_pr.counted(v text) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT 'fake' || pg_catalog.set_config('regress_pr.calls',
          (coalesce(nullif(pg_catalog.current_setting('regress_pr.calls', true), ''), '0')::int + 1)::text,
          false) $$;
SECURITY LABEL FOR anon ON FUNCTION regress_pr.counted(text) IS 'TRUSTED';
-- calls since the last look
CREATE FUNCTION regress_pr.ncalls() RETURNS int LANGUAGE sql VOLATILE AS $$
  SELECT coalesce(nullif(pg_catalog.current_setting('regress_pr.calls', true), ''), '0')::int
         + 0 * pg_catalog.length(pg_catalog.set_config('regress_pr.calls', '0', false)) $$;
CREATE TABLE regress_pr.person (id int PRIMARY KEY, name text, email text, salary int);
INSERT INTO regress_pr.person
SELECT i, 'name' || i || '@raw', 'user' || i || '@raw.example', 1000 * i + 7
FROM generate_series(1, 5) i;
SECURITY LABEL FOR anon ON COLUMN regress_pr.person.name IS 'MASKED WITH FUNCTION regress_pr.counted(name)';
SECURITY LABEL FOR anon ON COLUMN regress_pr.person.email IS 'MASKED WITH FUNCTION ''u'' || id || ''@masked''';
SECURITY LABEL FOR anon ON COLUMN regress_pr.person.salary IS 'MASKED WITH FUNCTION salary / 1000 * 1000';
GRANT SELECT ON regress_pr.person TO regress_pr_masked;

-- positive control: the superuser reads raw values and calls no mask
SELECT id, name, email, salary FROM regress_pr.person ORDER BY id LIMIT 2;
SELECT regress_pr.ncalls() >= 0 AS reset;

-- columns not read: no mask runs
SET ROLE regress_pr_masked;
SELECT count(*) FROM regress_pr.person;
SELECT id FROM regress_pr.person ORDER BY id;
SELECT id, email, salary FROM regress_pr.person ORDER BY id;
SELECT sum(salary) FROM regress_pr.person;
RESET ROLE;
SELECT regress_pr.ncalls();		-- 0

-- the volatile column read once per row in the target list: once per row
SET ROLE regress_pr_masked;
SELECT id, name, email FROM regress_pr.person ORDER BY id;
RESET ROLE;
SELECT regress_pr.ncalls();		-- 5
SET ROLE regress_pr_masked;
SELECT id, name FROM regress_pr.person WHERE id = 2;
RESET ROLE;
SELECT regress_pr.ncalls();		-- 1

-- read twice: the same masked value in both places (the masking subquery);
-- control: two calls of the mask differ
SELECT regress_pr.counted('x') = regress_pr.counted('x') AS calls_differ_control;
SET ROLE regress_pr_masked;
SELECT n1 = n2 AS same, n1 LIKE 'fake%' AS masked
FROM (SELECT name AS n1, name AS n2 FROM regress_pr.person WHERE id = 1) s;
SELECT count(*) FROM regress_pr.person WHERE name LIKE 'fake%';
SELECT count(*) FROM regress_pr.person WHERE name LIKE '%@raw';
SELECT id, name LIKE 'fake%' AS masked FROM regress_pr.person WHERE name <> '' ORDER BY id;
RESET ROLE;
SELECT regress_pr.ncalls() > 0 AS called;

-- every path that reads a column sees its mask, never the raw value
SET ROLE regress_pr_masked;
SELECT p FROM regress_pr.person p WHERE id = 1;
SELECT p::text LIKE '%@raw%' AS leaked FROM regress_pr.person p;
SELECT j.email, j.salary FROM (regress_pr.person JOIN (VALUES (3)) v(id) USING (id)) AS j;
SELECT id, email FROM regress_pr.person JOIN (VALUES (4)) v(id) USING (id);
SELECT (SELECT p.email) AS sub, (SELECT p.name LIKE 'fake%') AS sub_name
FROM regress_pr.person p WHERE id = 5;
SELECT v.x, p.email, p.salary FROM (VALUES (1), (9)) v(x)
LEFT JOIN regress_pr.person p ON p.id = v.x ORDER BY v.x;
SELECT count(*) FILTER (WHERE email LIKE '%@raw%') AS raw_emails,
       count(*) FILTER (WHERE salary % 1000 <> 0) AS raw_salaries
FROM regress_pr.person;
SELECT email FROM regress_pr.person WHERE id = 1 UNION ALL SELECT name FROM regress_pr.person WHERE id = 1 AND name LIKE '%@raw';
WITH c AS (SELECT * FROM regress_pr.person) SELECT id, email FROM c WHERE id = 2;
SELECT ctid FROM regress_pr.person WHERE id = 1;	-- fail (system column)
RESET ROLE;
SELECT regress_pr.ncalls() > 0 AS called;

-- row-level security quals still see raw values, and still filter
ALTER TABLE regress_pr.person ENABLE ROW LEVEL SECURITY;
CREATE POLICY regress_pr_p ON regress_pr.person USING (name NOT LIKE 'name3@%');
SET ROLE regress_pr_masked;
SELECT count(*) FROM regress_pr.person;
SELECT id FROM regress_pr.person ORDER BY id;
SELECT id, name LIKE 'fake%' AS masked FROM regress_pr.person ORDER BY id;
RESET ROLE;
SELECT regress_pr.ncalls();		-- 4
ALTER TABLE regress_pr.person DISABLE ROW LEVEL SECURITY;

-- the masking target list is cached with the rules: a relabel, a new
-- column and privacy by default are seen by the next query
SET ROLE regress_pr_masked;
SELECT email FROM regress_pr.person WHERE id = 1;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_pr.person.email IS 'MASKED WITH VALUE ''relabelled''';
ALTER TABLE regress_pr.person ADD COLUMN note text DEFAULT 'note@raw';
-- privacy by default shows a column's default, which is not the rows' value
ALTER TABLE regress_pr.person ALTER COLUMN note SET DEFAULT 'note@default';
SET ROLE regress_pr_masked;
SELECT email, note FROM regress_pr.person WHERE id = 1;
RESET ROLE;
SET anon.privacy_by_default = on;
SET ROLE regress_pr_masked;
SELECT DISTINCT email, note IS DISTINCT FROM 'note@raw' AS note_masked FROM regress_pr.person;
RESET ROLE;
RESET anon.privacy_by_default;
SET ROLE regress_pr_masked;
SELECT email, note FROM regress_pr.person WHERE id = 1;
RESET ROLE;
ALTER TABLE regress_pr.person DROP COLUMN note;
SECURITY LABEL FOR anon ON COLUMN regress_pr.person.email IS 'MASKED WITH FUNCTION ''u'' || id || ''@masked''';
SELECT regress_pr.ncalls();		-- 0

-- column privileges: checked on the columns read, as before
REVOKE SELECT ON regress_pr.person FROM regress_pr_masked;
GRANT SELECT (id, email) ON regress_pr.person TO regress_pr_masked;
SET ROLE regress_pr_masked;
SELECT id, email FROM regress_pr.person WHERE id = 1;
SELECT count(*) FROM regress_pr.person;
SELECT name FROM regress_pr.person WHERE id = 1;	-- fail
SELECT id FROM regress_pr.person WHERE salary > 0;	-- fail
SELECT p FROM regress_pr.person p;	-- fail
RESET ROLE;
SELECT regress_pr.ncalls();		-- 0

-- an index for a masked role filtering on a masked column: an index on
-- the masked expression of a deterministic rule serves the masked query
CREATE TABLE regress_pr.account (id int PRIMARY KEY, email text);
INSERT INTO regress_pr.account
SELECT i, 'user' || i || '@raw.example' FROM generate_series(1, 20000) i;
SECURITY LABEL FOR anon ON COLUMN regress_pr.account.email IS 'MASKED WITH FUNCTION pg_catalog.md5(email)';
CREATE INDEX regress_pr_account_md5 ON regress_pr.account (pg_catalog.md5(email));
ANALYZE regress_pr.account;
GRANT SELECT ON regress_pr.account TO regress_pr_masked;
-- (a masked role may not EXPLAIN it: the index's scan counter shows it)
BEGIN;
SET ROLE regress_pr_masked;
SELECT id FROM regress_pr.account WHERE email = pg_catalog.md5('user42@raw.example');
SELECT id FROM regress_pr.account WHERE email = 'user42@raw.example';	-- no raw match
RESET ROLE;
SELECT pg_stat_get_xact_numscans('regress_pr.regress_pr_account_md5'::regclass) AS index_scans;
COMMIT;
DROP TABLE regress_pr.account;

DROP SCHEMA regress_pr CASCADE;
DROP ROLE regress_pr_masked;
