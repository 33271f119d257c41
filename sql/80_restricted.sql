-- RESTRICTED functions: masked roles cannot call them, by any path; rules
-- still can.  A keyed hash is the classic case: a masked role that could
-- call it could hash its guesses and compare them with the masked column.
CREATE ROLE regress_guesser LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_guesser IS 'MASKED';
CREATE SCHEMA regress_secret;
GRANT USAGE ON SCHEMA regress_secret TO PUBLIC;
SECURITY LABEL FOR anon ON SCHEMA regress_secret IS 'TRUSTED';
CREATE FUNCTION regress_secret.keyed(text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT md5('k3y' || $1) $$;
CREATE FUNCTION regress_secret.keyed_eq(text, text) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$ SELECT regress_secret.keyed($1) = $2 $$;
CREATE OPERATOR regress_secret.=== (FUNCTION = regress_secret.keyed_eq, LEFTARG = text, RIGHTARG = text);
CREATE TABLE person (id int, email text);
INSERT INTO person VALUES (1, 'alice@example.com');
SECURITY LABEL FOR anon ON COLUMN person.email IS 'MASKED WITH FUNCTION regress_secret.keyed(email)';
GRANT SELECT ON person TO regress_guesser;

-- the label matrix
SECURITY LABEL FOR anon ON FUNCTION regress_secret.keyed(text) IS 'RESTRICTED';	-- OK
SECURITY LABEL FOR anon ON FUNCTION regress_secret.keyed_eq(text, text) IS 'RESTRICTED';	-- OK
SECURITY LABEL FOR anon ON FUNCTION regress_secret.keyed(text) IS 'MASKED';	-- fail (not a function label)
SET ROLE regress_guesser;
SECURITY LABEL FOR anon ON FUNCTION regress_secret.keyed(text) IS NULL;	-- fail (owner only, and masked)
RESET ROLE;
CREATE ROLE regress_fn_owner;
ALTER FUNCTION regress_secret.keyed(text) OWNER TO regress_fn_owner;
SET ROLE regress_fn_owner;
SECURITY LABEL FOR anon ON FUNCTION regress_secret.keyed(text) IS NULL;	-- fail (superuser only)
RESET ROLE;
ALTER FUNCTION regress_secret.keyed(text) OWNER TO CURRENT_USER;

-- the rule itself still runs for the masked role
SET ROLE regress_guesser;
SELECT id, email = md5('k3y' || 'alice@example.com') AS masked_by_keyed_hash FROM person;
-- but every way of calling the function is refused
SELECT regress_secret.keyed('alice@example.com');	-- fail (direct)
SELECT email FROM person WHERE email = (SELECT regress_secret.keyed('alice@example.com'));	-- fail (subquery)
SELECT 'alice@example.com' OPERATOR(regress_secret.===) email FROM person;	-- fail (operator)
WITH g AS (SELECT regress_secret.keyed('bob@example.com') h) SELECT * FROM g;	-- fail (CTE)
RESET ROLE;
CREATE VIEW guess_v AS SELECT regress_secret.keyed('carol@example.com') AS h;
CREATE FUNCTION guess_sql(text) RETURNS text LANGUAGE sql AS $$ SELECT regress_secret.keyed($1) $$;
CREATE FUNCTION guess_plpgsql(text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN regress_secret.keyed($1); END $$;
CREATE TABLE guess_t (v text, h text DEFAULT regress_secret.keyed('dave@example.com'));
GRANT SELECT ON guess_v TO regress_guesser;
GRANT INSERT ON guess_t TO regress_guesser;
SET ROLE regress_guesser;
SELECT * FROM guess_v;	-- fail (view)
-- (the CONTEXT lines of SQL and PL/pgSQL functions are worded by version)
\set SHOW_CONTEXT never
SELECT guess_sql('x');	-- fail (SQL function)
SELECT guess_plpgsql('x');	-- fail (PL/pgSQL function)
\set SHOW_CONTEXT errors
INSERT INTO guess_t (v) VALUES ('x');	-- fail (column default)
RESET ROLE;
-- an unmasked role calls it freely
SELECT regress_secret.keyed('alice@example.com') = md5('k3yalice@example.com') AS ok;

-- anon's keyed and salted functions are restricted out of the box
SELECT count(*) >= 20 AS restricted_out_of_the_box FROM pg_seclabels
WHERE objtype = 'function' AND provider = 'anon' AND label = 'RESTRICTED'
  AND objname LIKE 'anon.%';
SECURITY LABEL FOR anon ON COLUMN person.email IS 'MASKED WITH FUNCTION anon.pseudo_first_name(email, ''s4lt'')';
SET ROLE regress_guesser;
SELECT length(email) > 0 AS rule_still_runs FROM person;
SELECT anon.pseudo_first_name('alice@example.com'::text, 's4lt');	-- fail
SELECT anon.digest('alice@example.com', 's4lt', 'sha256');	-- fail
RESET ROLE;

DROP VIEW guess_v;
DROP TABLE guess_t, person;
DROP FUNCTION guess_sql(text), guess_plpgsql(text);
DROP SCHEMA regress_secret CASCADE;
DROP ROLE regress_guesser, regress_fn_owner;
