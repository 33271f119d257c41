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

RESET plan_cache_mode;
DEALLOCATE regress_mc_q;
DEALLOCATE regress_mc_arg;
DROP SCHEMA regress_mc CASCADE;
DROP ROLE regress_mc_member;
DROP ROLE regress_mc_masked;
