-- Red team, session 8 (fifth pass): the role changed within a statement.
-- Masking follows the current, outer and session users, and a plan that
-- reads a masked relation is replanned when the role changes between
-- statements.  But set_config('role', ...) changes the role within a
-- statement: a SECURITY DEFINER function of the table's owner, called
-- next in the same select list, ran the plan it had cached for the
-- unmasked login, and returned the raw value to the masked role.  A plan
-- made for another masking of the reader is now refused.
\set VERBOSITY terse
SELECT current_user AS current_user_name \gset
CREATE ROLE regress_s8e_owner;
CREATE ROLE regress_s8e_masked;
CREATE ROLE regress_s8e_plain;
CREATE ROLE regress_s8e_login LOGIN NOINHERIT;
SECURITY LABEL FOR anon ON ROLE regress_s8e_masked IS 'MASKED';
GRANT regress_s8e_masked, regress_s8e_plain TO regress_s8e_login;
CREATE SCHEMA regress_s8e AUTHORIZATION regress_s8e_owner;
GRANT USAGE ON SCHEMA regress_s8e TO regress_s8e_masked, regress_s8e_plain, regress_s8e_login;
SET ROLE regress_s8e_owner;
CREATE TABLE regress_s8e.person (id int, name text);
INSERT INTO regress_s8e.person VALUES (1, 'RAW Alice');
SECURITY LABEL FOR anon ON COLUMN regress_s8e.person.name IS 'MASKED WITH VALUE ''hidden''';
CREATE FUNCTION regress_s8e.name_of(int) RETURNS text LANGUAGE plpgsql STABLE
  SECURITY DEFINER SET search_path = pg_catalog
  AS 'BEGIN RETURN (SELECT name FROM regress_s8e.person WHERE id = $1); END';
GRANT EXECUTE ON FUNCTION regress_s8e.name_of(int) TO PUBLIC;
GRANT SELECT ON regress_s8e.person TO regress_s8e_masked;
RESET ROLE;

\c - regress_s8e_login
\set VERBOSITY terse
SET plan_cache_mode = force_generic_plan;
-- the login, not masked, may call the function: it caches the plan
SELECT regress_s8e.name_of(1);
-- positive control: a change to another unmasked role within the
-- statement reuses the plan, raw (as the login may read it)
SELECT pg_catalog.set_config('role', 'regress_s8e_plain', false) AS role,
  regress_s8e.name_of(1);
RESET ROLE;
-- the attack: the same change to the masked role
SELECT pg_catalog.set_config('role', 'regress_s8e_masked', false) AS role,
  regress_s8e.name_of(1);	-- fail
SELECT current_user;
-- the next statement replans, masked
SET ROLE regress_s8e_masked;
SELECT regress_s8e.name_of(1);
-- and the other way round: the masked plan is not run for the login
SELECT pg_catalog.set_config('role', 'none', false) AS role,
  regress_s8e.name_of(1);	-- fail
RESET ROLE;
SELECT regress_s8e.name_of(1);
RESET plan_cache_mode;

\c - :current_user_name
\set VERBOSITY terse
-- clean up
DROP SCHEMA regress_s8e CASCADE;
DROP ROLE regress_s8e_login, regress_s8e_masked, regress_s8e_plain, regress_s8e_owner;
