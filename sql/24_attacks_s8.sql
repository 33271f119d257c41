-- Red team, session 8: a login that is not masked SET ROLEs to a masked
-- role.  Masking followed the current user and the session user only, so
-- wherever PostgreSQL switches the current user for a while, the masked
-- role set by SET ROLE was forgotten: a SECURITY DEFINER function of an
-- unmasked owner, granted to the masked role, read the raw table; a
-- foreign key's check, run as the referencing table's owner, told by
-- failing or not whether a raw value was in a masked column; a plan that
-- a SECURITY DEFINER function cached before SET ROLE was reused after.
-- The outer user (the role SET ROLE chose) now counts too.  Each probe has
-- a positive control: the same probe through an unmasked role holding the
-- same grants reads the raw value.
\set VERBOSITY terse
SELECT current_user AS current_user_name \gset
CREATE ROLE regress_s8_owner;
CREATE ROLE regress_s8_masked;
CREATE ROLE regress_s8_plain;
CREATE ROLE regress_s8_login LOGIN NOINHERIT;
SECURITY LABEL FOR anon ON ROLE regress_s8_masked IS 'MASKED';
GRANT regress_s8_masked, regress_s8_plain TO regress_s8_login;
CREATE SCHEMA regress_s8 AUTHORIZATION regress_s8_owner;
GRANT USAGE ON SCHEMA regress_s8 TO regress_s8_masked, regress_s8_plain, regress_s8_login;
SET ROLE regress_s8_owner;
CREATE TABLE regress_s8.person (id int PRIMARY KEY, name text, country text);
INSERT INTO regress_s8.person VALUES (1, 'RAW Alice', 'FR'), (2, 'RAW Bob', 'DE');
SECURITY LABEL FOR anon ON COLUMN regress_s8.person.name IS 'MASKED WITH VALUE ''hidden''';
-- the country is masked, and references a table of countries that the
-- masked role may change
CREATE TABLE regress_s8.country (code text PRIMARY KEY);
INSERT INTO regress_s8.country VALUES ('FR'), ('DE'), ('IT');
ALTER TABLE regress_s8.person ADD FOREIGN KEY (country) REFERENCES regress_s8.country;
SECURITY LABEL FOR anon ON COLUMN regress_s8.person.country IS 'MASKED WITH VALUE ''XX''';
-- a lookup function that runs as the owner, for the roles granted it
CREATE FUNCTION regress_s8.name_of(int) RETURNS text LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = pg_catalog
  AS 'SELECT name FROM regress_s8.person WHERE id = $1';
CREATE FUNCTION regress_s8.name_of_pl(int) RETURNS text LANGUAGE plpgsql STABLE
  SECURITY DEFINER SET search_path = pg_catalog
  AS 'BEGIN RETURN (SELECT name FROM regress_s8.person WHERE id = $1); END';
REVOKE EXECUTE ON FUNCTION regress_s8.name_of(int), regress_s8.name_of_pl(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION regress_s8.name_of(int), regress_s8.name_of_pl(int)
  TO regress_s8_masked, regress_s8_plain;
GRANT SELECT ON regress_s8.person TO regress_s8_masked, regress_s8_plain;
GRANT SELECT, DELETE ON regress_s8.country TO regress_s8_masked, regress_s8_plain;
RESET ROLE;

\c - regress_s8_login
\set VERBOSITY terse
-- the login itself holds no grant
SELECT name FROM regress_s8.person;	-- fail
-- positive control: through the unmasked role, the function reads the raw
-- name, and a DELETE of a country fails exactly when a person has it
SET ROLE regress_s8_plain;
SELECT regress_s8.name_of(1), regress_s8.name_of_pl(1);
BEGIN;
DELETE FROM regress_s8.country WHERE code = 'IT';
ROLLBACK;
BEGIN;
DELETE FROM regress_s8.country WHERE code = 'FR';	-- fail: a person is from FR
ROLLBACK;
-- the masked role: its own reads are masked
SET ROLE regress_s8_masked;
SELECT name, country FROM regress_s8.person ORDER BY id;
-- the attack: the function runs as its owner, the check as the table's
-- owner; both read masked (the check is refused, whatever the key)
SELECT regress_s8.name_of(1), regress_s8.name_of_pl(1);
BEGIN;
DELETE FROM regress_s8.country WHERE code = 'IT';	-- fail
ROLLBACK;
BEGIN;
DELETE FROM regress_s8.country WHERE code = 'FR';	-- fail
ROLLBACK;
-- the plans the unmasked role cached are not reused, and the other way round
RESET ROLE;
SET plan_cache_mode = force_generic_plan;
SET ROLE regress_s8_plain;
SELECT regress_s8.name_of_pl(2);
SET ROLE regress_s8_masked;
SELECT regress_s8.name_of_pl(2);
SET ROLE regress_s8_plain;
SELECT regress_s8.name_of_pl(2);
RESET ROLE;
RESET plan_cache_mode;

\c - :current_user_name
\set VERBOSITY terse
-- a masked login, as before
ALTER ROLE regress_s8_masked LOGIN;
\c - regress_s8_masked
\set VERBOSITY terse
SELECT regress_s8.name_of(1), regress_s8.name_of_pl(1);
BEGIN;
DELETE FROM regress_s8.country WHERE code = 'IT';	-- fail
ROLLBACK;
\c - :current_user_name
\set VERBOSITY terse
-- a superuser previewing the masked role reads what it reads
SET ROLE regress_s8_masked;
SELECT regress_s8.name_of(1), regress_s8.name_of_pl(1);
RESET ROLE;

-- clean up
DROP SCHEMA regress_s8 CASCADE;
DROP ROLE regress_s8_login, regress_s8_masked, regress_s8_plain, regress_s8_owner;
