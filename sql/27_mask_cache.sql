-- Dynamic masking caches, per backend, what it can: the analysed and
-- trust-checked rules and masking target list of each relation, each
-- function's facts (language, owner, RESTRICTED labels) and what the
-- function manager hook answers for it, the role labels and memberships.
-- A stale cache must never unmask: in one session with every cache warm
-- (each statement run several times), a label change, a TRUSTED change and
-- a role change take effect in the very next statement, for plain and
-- prepared statements alike.
\set VERBOSITY terse
CREATE ROLE regress_mc_masked;
CREATE ROLE regress_mc_member;
SECURITY LABEL FOR anon ON ROLE regress_mc_masked IS 'MASKED';
CREATE SCHEMA regress_mc;
GRANT USAGE ON SCHEMA regress_mc TO regress_mc_masked, regress_mc_member;
CREATE FUNCTION regress_mc.tag(v text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT 'tag:' || pg_catalog.length(v) $$;
GRANT EXECUTE ON FUNCTION regress_mc.tag(text) TO PUBLIC;
SECURITY LABEL FOR anon ON FUNCTION regress_mc.tag(text) IS 'TRUSTED';
-- a function that will be labelled RESTRICTED later (a keyed function)
CREATE FUNCTION regress_mc.keyed(v text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT pg_catalog.md5('secret' || v) $$;
GRANT EXECUTE ON FUNCTION regress_mc.keyed(text) TO PUBLIC;
CREATE TABLE regress_mc.t (id int PRIMARY KEY, name text, email text);
INSERT INTO regress_mc.t VALUES (1, 'alice@raw', 'alice@raw.example'), (2, 'bob@raw', 'bob@raw.example');
SECURITY LABEL FOR anon ON COLUMN regress_mc.t.name IS 'MASKED WITH FUNCTION regress_mc.tag(name)';
SECURITY LABEL FOR anon ON COLUMN regress_mc.t.email IS 'MASKED WITH FUNCTION anon.random_string(4)';
GRANT SELECT ON regress_mc.t TO regress_mc_masked, regress_mc_member;
PREPARE regress_mc_q(int) AS SELECT name, email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = $1;
PREPARE regress_mc_arg(text) AS SELECT $1 IS NOT NULL AS called;

-- positive control: unmasked, the raw values
SELECT name, email FROM regress_mc.t WHERE id = 1;

-- warm every cache as the masked role (simple and prepared, generic plan)
SET plan_cache_mode = force_generic_plan;
SET ROLE regress_mc_masked;
SELECT name, email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = 1;
SELECT name, email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = 1;
SELECT name, email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1); EXECUTE regress_mc_q(1); EXECUTE regress_mc_q(1);
EXECUTE regress_mc_arg(regress_mc.keyed('x'));
EXECUTE regress_mc_arg(regress_mc.keyed('x'));
RESET ROLE;

-- 1. a label change: the next statement uses the new rule
SECURITY LABEL FOR anon ON COLUMN regress_mc.t.name IS 'MASKED WITH VALUE ''relabelled''';
SET ROLE regress_mc_masked;
SELECT name, email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1);
RESET ROLE;
-- a rule added to a column shown as it was
SECURITY LABEL FOR anon ON COLUMN regress_mc.t.id IS 'MASKED WITH VALUE 0';
SET ROLE regress_mc_masked;
SELECT id, name FROM regress_mc.t WHERE name = 'relabelled' ORDER BY 1 LIMIT 1;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_mc.t.id IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_mc.t.name IS 'MASKED WITH FUNCTION regress_mc.tag(name)';
SET ROLE regress_mc_masked;
SELECT name FROM regress_mc.t WHERE id = 1;
SELECT name FROM regress_mc.t WHERE id = 1;
RESET ROLE;

-- 2. a TRUSTED change: a rule whose function is no longer trusted fails
-- the next statement (never the raw value), plain and prepared.  An event
-- trigger refuses the change; a superuser can get round it (here with
-- session_replication_role), and the reads must still fail closed.
SECURITY LABEL FOR anon ON FUNCTION regress_mc.tag(text) IS NULL;	-- fail (breaks a rule)
SET session_replication_role = replica;
SECURITY LABEL FOR anon ON FUNCTION regress_mc.tag(text) IS NULL;
RESET session_replication_role;
SET ROLE regress_mc_masked;
SELECT name FROM regress_mc.t WHERE id = 1;	-- fail (not trusted)
EXECUTE regress_mc_q(1);	-- fail (not trusted)
SELECT email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = 1;
RESET ROLE;
SECURITY LABEL FOR anon ON FUNCTION regress_mc.tag(text) IS 'TRUSTED';
SET ROLE regress_mc_masked;
SELECT name FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1);
RESET ROLE;
-- the same through the schema's label
SET session_replication_role = replica;
SECURITY LABEL FOR anon ON FUNCTION regress_mc.tag(text) IS NULL;
RESET session_replication_role;
SECURITY LABEL FOR anon ON SCHEMA regress_mc IS 'TRUSTED';
SET ROLE regress_mc_masked;
SELECT name FROM regress_mc.t WHERE id = 1;
SELECT name FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1);
RESET ROLE;
SET session_replication_role = replica;
SECURITY LABEL FOR anon ON SCHEMA regress_mc IS NULL;
RESET session_replication_role;
SET ROLE regress_mc_masked;
SELECT name FROM regress_mc.t WHERE id = 1;	-- fail (not trusted)
EXECUTE regress_mc_q(1);	-- fail (not trusted)
RESET ROLE;
SECURITY LABEL FOR anon ON FUNCTION regress_mc.tag(text) IS 'TRUSTED';
SET ROLE regress_mc_masked;
SELECT name FROM regress_mc.t WHERE id = 1;
RESET ROLE;

-- a function labelled RESTRICTED: refused in the next statement, also
-- where only the function manager sees the call (EXECUTE's arguments)
SECURITY LABEL FOR anon ON FUNCTION regress_mc.keyed(text) IS 'RESTRICTED';
SET ROLE regress_mc_masked;
EXECUTE regress_mc_arg(regress_mc.keyed('x'));	-- fail (restricted)
SELECT regress_mc.keyed('x');	-- fail (restricted)
RESET ROLE;
-- control: an unmasked role still calls it
EXECUTE regress_mc_arg(regress_mc.keyed('x'));

-- 3. role changes: the next statement follows them
-- a role given MASKED is masked at once, in a session that read raw data
SET ROLE regress_mc_member;
SELECT name, email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1);
EXECUTE regress_mc_arg(regress_mc.keyed('x'));
RESET ROLE;
SECURITY LABEL FOR anon ON ROLE regress_mc_member IS 'MASKED';
SET ROLE regress_mc_member;
SELECT name, email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1);
EXECUTE regress_mc_arg(regress_mc.keyed('x'));	-- fail (restricted)
RESET ROLE;
SECURITY LABEL FOR anon ON ROLE regress_mc_member IS NULL;
SET ROLE regress_mc_member;
SELECT name, email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = 1;
RESET ROLE;
-- a role granted a masked role's privileges reads masked at once
GRANT regress_mc_masked TO regress_mc_member;
SET ROLE regress_mc_member;
SELECT name, email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1);
RESET ROLE;
REVOKE regress_mc_masked FROM regress_mc_member;
-- the masked role unlabelled reads raw; labelled again, masked again
SECURITY LABEL FOR anon ON ROLE regress_mc_masked IS NULL;
SET ROLE regress_mc_masked;
SELECT name, email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = 1;
RESET ROLE;
SECURITY LABEL FOR anon ON ROLE regress_mc_masked IS 'MASKED';
SET ROLE regress_mc_masked;
SELECT name, email LIKE '%@raw%' AS email_raw FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1);
RESET ROLE;

-- a plan cached for the masked role is not reused by an unmasked one,
-- and back (the generic plan depends on the role)
SET ROLE regress_mc_masked;
EXECUTE regress_mc_q(2);
RESET ROLE;
EXECUTE regress_mc_q(2);
SET ROLE regress_mc_masked;
EXECUTE regress_mc_q(2);
RESET ROLE;

-- 4. the reader's identity is kept per current and session user: SECURITY
-- DEFINER functions and SET SESSION AUTHORIZATION change it at once
CREATE FUNCTION regress_mc.definer_read() RETURNS text LANGUAGE sql
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT name FROM regress_mc.t WHERE id = 1 $$;
CREATE FUNCTION regress_mc.masked_definer_read() RETURNS text LANGUAGE sql
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT name FROM regress_mc.t WHERE id = 1 $$;
ALTER FUNCTION regress_mc.masked_definer_read() OWNER TO regress_mc_masked;
SET ROLE regress_mc_masked;
SELECT name FROM regress_mc.t WHERE id = 1;
-- masked: it runs as its unmasked owner, but SET ROLE chose a masked role
-- (the outer user counts, 24_attacks_s8)
SELECT regress_mc.definer_read();
SELECT name FROM regress_mc.t WHERE id = 1;
RESET ROLE;
SET SESSION AUTHORIZATION regress_mc_masked;
-- masked: the session user is masked, whoever the function runs as
SELECT regress_mc.definer_read();
SELECT name FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1);
RESET SESSION AUTHORIZATION;
-- control: the same function, read by an unmasked session, reads raw
SELECT regress_mc.definer_read();
EXECUTE regress_mc_q(1);
-- the plan cache keys plans by the current user: a SECURITY DEFINER
-- function's cached plans (PL/pgSQL; SQL from PostgreSQL 18) made while the
-- session user was unmasked are replanned once it is masked, and back
CREATE FUNCTION regress_mc.definer_read_plpgsql() RETURNS text LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ BEGIN RETURN (SELECT name FROM regress_mc.t WHERE id = 1); END $$;
SELECT regress_mc.definer_read_plpgsql(), regress_mc.definer_read();
SELECT regress_mc.definer_read_plpgsql(), regress_mc.definer_read();
SET SESSION AUTHORIZATION regress_mc_masked;
SELECT regress_mc.definer_read_plpgsql(), regress_mc.definer_read();
SELECT regress_mc.definer_read_plpgsql(), regress_mc.definer_read();
RESET SESSION AUTHORIZATION;
SELECT regress_mc.definer_read_plpgsql(), regress_mc.definer_read();
BEGIN;
SET LOCAL SESSION AUTHORIZATION regress_mc_masked;
SELECT regress_mc.definer_read_plpgsql(), regress_mc.definer_read();
COMMIT;
SELECT regress_mc.definer_read_plpgsql(), regress_mc.definer_read();
-- a function a masked role owns reads masked, called by an unmasked role,
-- between two raw reads
SELECT name FROM regress_mc.t WHERE id = 1;
SELECT regress_mc.masked_definer_read();
SELECT name FROM regress_mc.t WHERE id = 1;
SELECT regress_mc.masked_definer_read();

-- 5. functions changed under a warm cache: a rule's function replaced
-- (its new body runs at once), renamed (the rule no longer analyses: the
-- read fails, never raw), renamed back
CREATE OR REPLACE FUNCTION regress_mc.tag(v text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT 'TAG2:' || pg_catalog.length(v) $$;
SET ROLE regress_mc_masked;
SELECT name FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1);
RESET ROLE;
SET session_replication_role = replica;
ALTER FUNCTION regress_mc.tag(text) RENAME TO tag_renamed;
RESET session_replication_role;
SET ROLE regress_mc_masked;
SELECT name FROM regress_mc.t WHERE id = 1;	-- fail (the rule's function is gone)
EXECUTE regress_mc_q(1);	-- fail (the rule's function is gone)
RESET ROLE;
ALTER FUNCTION regress_mc.tag_renamed(text) RENAME TO tag;
SET ROLE regress_mc_masked;
SELECT name FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1);
RESET ROLE;
-- a rule's function made VOLATILE: the column is read through the masking
-- subquery (computed once per row), and still masked
ALTER FUNCTION regress_mc.tag(text) VOLATILE;
SET ROLE regress_mc_masked;
SELECT name, name = name AS same FROM regress_mc.t WHERE id = 1;
EXECUTE regress_mc_q(1);
RESET ROLE;
ALTER FUNCTION regress_mc.tag(text) IMMUTABLE;

-- 6. the reader's search_path does not reach the rules: a rule analysed
-- with the fixed path keeps its functions whatever path the reader sets,
-- warm or cold
SECURITY LABEL FOR anon ON COLUMN regress_mc.t.email IS 'MASKED WITH FUNCTION upper(pg_catalog.left(email, 3))';
CREATE SCHEMA regress_mc_evil;
GRANT USAGE ON SCHEMA regress_mc_evil TO PUBLIC;
CREATE FUNCTION regress_mc_evil.upper(text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT 'EVIL' $$;
SET ROLE regress_mc_masked;
SELECT email FROM regress_mc.t WHERE id = 1;
SET search_path = regress_mc_evil, pg_catalog;
-- control: the reader's path does resolve upper() to the other schema
SELECT upper('x');
SELECT email FROM regress_mc.t WHERE id = 1;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_mc.t.email IS 'MASKED WITH FUNCTION upper(pg_catalog.left(email, 2))';
SET ROLE regress_mc_masked;
SELECT email FROM regress_mc.t WHERE id = 1;
RESET search_path;
SELECT email FROM regress_mc.t WHERE id = 1;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_mc.t.email IS 'MASKED WITH FUNCTION anon.random_string(4)';

-- 7. a query with no lower level is refused its RESTRICTED calls in the
-- walk that finds the columns it reads: in the target list, a qual, a
-- join condition, a row-level security policy; and without a masked table
SET ROLE regress_mc_masked;
SELECT regress_mc.keyed(name) FROM regress_mc.t WHERE id = 1;	-- fail (restricted)
SELECT id FROM regress_mc.t WHERE regress_mc.keyed(email) = 'x';	-- fail (restricted)
SELECT a.id FROM regress_mc.t a JOIN regress_mc.t b ON regress_mc.keyed(a.name) = b.name;	-- fail (restricted)
SELECT regress_mc.keyed(v) FROM (VALUES ('x')) AS v(v);	-- fail (restricted)
SELECT * FROM regress_mc.keyed('x') AS k;	-- fail (restricted, a function in FROM)
SELECT t.id FROM regress_mc.t, regress_mc.keyed('x') AS k WHERE t.id = 1;	-- fail (restricted, beside a masked table)
SELECT t.id FROM regress_mc.t TABLESAMPLE BERNOULLI (pg_catalog.length(regress_mc.keyed('x'))) WHERE t.id = 1;	-- fail (restricted, in TABLESAMPLE)
RESET ROLE;
CREATE TABLE regress_mc.r (id int, v text);
INSERT INTO regress_mc.r VALUES (1, 'raw');
SECURITY LABEL FOR anon ON COLUMN regress_mc.r.v IS 'MASKED WITH VALUE ''hidden''';
ALTER TABLE regress_mc.r ENABLE ROW LEVEL SECURITY;
CREATE POLICY regress_mc_p ON regress_mc.r USING (regress_mc.keyed(v) IS NOT NULL);
GRANT SELECT ON regress_mc.r TO regress_mc_masked, regress_mc_member;
SET ROLE regress_mc_masked;
SELECT id, v FROM regress_mc.r;	-- fail (restricted, in the policy)
RESET ROLE;
-- control: an unmasked role reads through the policy
SET ROLE regress_mc_member;
SELECT id, v FROM regress_mc.r;
RESET ROLE;
-- the substitution reaches every arm of a CASE (masked; control raw)
SET ROLE regress_mc_masked;
SELECT CASE WHEN id = 1 THEN name ELSE email END AS v,
       CASE id WHEN 1 THEN email LIKE '%@raw%' END AS email_raw
FROM regress_mc.t WHERE id = 1;
RESET ROLE;
SELECT CASE WHEN id = 1 THEN name ELSE email END AS v,
       CASE id WHEN 1 THEN email LIKE '%@raw%' END AS email_raw
FROM regress_mc.t WHERE id = 1;

RESET plan_cache_mode;
DEALLOCATE regress_mc_q;
DEALLOCATE regress_mc_arg;
DROP SCHEMA regress_mc CASCADE;
DROP SCHEMA regress_mc_evil CASCADE;
DROP ROLE regress_mc_member;
DROP ROLE regress_mc_masked;
