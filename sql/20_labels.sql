-- The policy language: every label anon accepts or refuses, and why.
-- Each statement is commented OK or fail (reason); the catalog views list
-- the result.  The test cluster registers a second policy, devtests.
SELECT * FROM anon.policies();

CREATE ROLE regress_owner;
CREATE ROLE regress_masked LOGIN;
CREATE ROLE regress_super SUPERUSER;
CREATE SCHEMA regress_lib;
-- masked roles and table owners must reach the functions of a trusted schema
GRANT USAGE ON SCHEMA regress_lib TO PUBLIC;
CREATE SCHEMA regress_untrusted;
CREATE SCHEMA regress_elsewhere;
CREATE FUNCTION regress_lib.stars(text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT repeat('*', length($1)) $$;
CREATE FUNCTION regress_untrusted.stars(text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT repeat('*', length($1)) $$;
CREATE DOMAIN regress_untrusted.short_text AS text CHECK (length(VALUE) < 100);
CREATE TABLE people (
  id int PRIMARY KEY,
  name text NOT NULL,
  email text,
  birth date,
  zip text,
  salary numeric(10,2),
  ratio int
);
INSERT INTO people VALUES (1, 'Ada', 'ada@example.com', '1815-12-10', '75012', 1000.50, 0),
                          (2, 'Bob', 'bob@example.org', '1990-01-02', '69003', 2000.00, 1);
CREATE VIEW people_v AS SELECT * FROM people;
CREATE SEQUENCE regress_seq;

-- Column labels
SECURITY LABEL FOR anon ON COLUMN people.name IS 'MASKED WITH FUNCTION anon.random_string(4)';	-- OK
SECURITY LABEL FOR anon ON COLUMN people.email IS 'masked with function md5(email)';	-- OK (keywords in any case)
SECURITY LABEL FOR anon ON COLUMN people.birth IS 'MASKED WITH VALUE ''2000-01-01''';	-- OK
SECURITY LABEL FOR anon ON COLUMN people.zip IS 'MASKED WITH VALUE NULL';	-- OK
SECURITY LABEL FOR anon ON COLUMN people.id IS 'NOT MASKED';	-- OK
SECURITY LABEL FOR anon ON COLUMN people.salary IS 'MASKED WITH FUNCTION round(salary, -3)';	-- OK
SECURITY LABEL FOR devtests ON COLUMN people.name IS 'MASKED WITH VALUE ''(hidden)''';	-- OK (a second policy)
SECURITY LABEL FOR anon ON COLUMN people.zip IS 'QUASI-IDENTIFIER';	-- OK (replaces the rule)
SECURITY LABEL FOR k_anonymity ON COLUMN people.birth IS 'INDIRECT IDENTIFIER';	-- OK
SECURITY LABEL FOR anon ON COLUMN people.zip IS 'MASKED WITH VALUE NULL';	-- OK (back to a rule)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION 100 / ratio';	-- fail (the test evaluation divides by zero)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION x(); DROP TABLE people; --';	-- fail (not one expression)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION 1; DROP TABLE people';	-- fail (two statements)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'x(); DROP TABLE people; --';	-- fail (not a label)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION ratio AS r';	-- fail (named target)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION 1 FROM people';	-- fail (FROM clause)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION (SELECT 1)';	-- fail (subquery)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION count(*)';	-- fail (aggregate)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION';	-- fail (no expression)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION nosuch(ratio)';	-- fail (unknown function)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION nosuchcol + 1';	-- fail (unknown column)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION ''abc''::date';	-- fail (a constant that is not a date)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH FUNCTION now()';	-- fail (timestamptz is not assignable to integer)
SECURITY LABEL FOR anon ON COLUMN people.email IS 'MASKED WITH FUNCTION regress_untrusted.stars(email)';	-- fail (untrusted schema)
SECURITY LABEL FOR anon ON COLUMN people.email IS 'MASKED WITH FUNCTION regress_lib.stars(email)';	-- fail (not trusted yet)
SECURITY LABEL FOR anon ON COLUMN people.email IS 'MASKED WITH FUNCTION email::regress_untrusted.short_text';	-- fail (domain in an untrusted schema)
SECURITY LABEL FOR anon ON COLUMN people.email IS 'MASKED WITH FUNCTION email || pg_catalog.nextval(''public.regress_seq'')';	-- fail (writes in a read-only evaluation)
BEGIN;
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH VALUE ratio + 1';	-- OK (an expression, as MASKED WITH FUNCTION: PostgreSQL Anonymizer takes it)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH VALUE pg_catalog.set_config(''work_mem'', ''1MB'', true)::int';	-- fail (checked as a function rule)
ROLLBACK;
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH VALUE ''x''';	-- fail (not an integer)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED';	-- fail (a role label)
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'TRUSTED';	-- fail (a schema label)
SECURITY LABEL FOR k_anonymity ON COLUMN people.ratio IS 'MASKED WITH VALUE 0';	-- fail (k_anonymity only knows identifiers)
SECURITY LABEL FOR anon ON COLUMN people_v.email IS 'MASKED WITH VALUE NULL';	-- fail (a view)
SECURITY LABEL FOR anon ON TABLE people IS 'MASKED WITH VALUE NULL';	-- fail (a table)
SECURITY LABEL FOR anon ON SEQUENCE regress_seq IS 'TRUSTED';	-- fail (unsupported object)
SECURITY LABEL FOR nosuch ON COLUMN people.ratio IS 'NOT MASKED';	-- fail (no such provider)

-- Schema labels
SECURITY LABEL FOR anon ON SCHEMA regress_lib IS 'TRUSTED';	-- OK
SECURITY LABEL FOR anon ON COLUMN people.email IS 'MASKED WITH FUNCTION regress_lib.stars(email)';	-- OK (now trusted)
SECURITY LABEL FOR anon ON SCHEMA regress_untrusted IS 'MASKED';	-- fail (not a schema label)
-- trust is checked on what the expression runs, not on the names written:
-- an operator of a trusted schema whose function is not trusted is refused
CREATE FUNCTION regress_untrusted.glue(text, text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT $1 || $2 $$;
CREATE OPERATOR regress_lib.&& (FUNCTION = regress_untrusted.glue, LEFTARG = text, RIGHTARG = text);
SECURITY LABEL FOR anon ON COLUMN people.email IS 'MASKED WITH FUNCTION email OPERATOR(regress_lib.&&) ''x''';	-- fail (the operator runs an untrusted function)
-- and a cast to a type of a trusted schema whose cast function is not trusted
CREATE TYPE regress_lib.code AS (v text);
CREATE FUNCTION regress_untrusted.to_code(text) RETURNS regress_lib.code
  LANGUAGE sql IMMUTABLE AS $$ SELECT ROW($1)::regress_lib.code $$;
CREATE CAST (text AS regress_lib.code) WITH FUNCTION regress_untrusted.to_code(text);
SECURITY LABEL FOR anon ON COLUMN people.email IS 'MASKED WITH FUNCTION (email::regress_lib.code).v';	-- fail (the cast runs an untrusted function)
SECURITY LABEL FOR devtests ON COLUMN people.email IS 'MASKED WITH FUNCTION regress_lib.stars(email)';	-- OK (a schema trusted for anon is trusted for every policy)

-- Role labels
SECURITY LABEL FOR anon ON ROLE regress_masked IS 'MASKED';	-- OK
SECURITY LABEL FOR devtests ON ROLE regress_masked IS 'masked';	-- OK
SECURITY LABEL FOR anon ON ROLE regress_super IS 'MASKED';	-- fail (superuser)
SECURITY LABEL FOR anon ON ROLE regress_owner IS 'NOT MASKED';	-- fail (not a role label)
SECURITY LABEL FOR anon ON ROLE regress_owner IS 'DIFFERENTIAL PRIVACY';	-- OK
SECURITY LABEL FOR anon ON ROLE regress_owner IS NULL;	-- OK (removed)

-- Labels on roles and schemas need superuser; columns need ownership
ALTER TABLE people OWNER TO regress_owner;
-- owner of the schema and CREATEROLE, but not superuser
ALTER SCHEMA regress_untrusted OWNER TO regress_owner;
ALTER ROLE regress_owner CREATEROLE;
SET ROLE regress_owner;
SECURITY LABEL FOR anon ON COLUMN people.ratio IS 'MASKED WITH VALUE 0';	-- OK (owner)
SECURITY LABEL FOR anon ON SCHEMA regress_untrusted IS 'TRUSTED';	-- fail (not superuser)
\set VERBOSITY sqlstate
SECURITY LABEL FOR anon ON ROLE regress_masked IS NULL;	-- fail (not superuser)
\set VERBOSITY default
RESET ROLE;
ALTER ROLE regress_owner NOCREATEROLE;

-- the result
SELECT relid, attname, policy, kind, expression, valid
FROM anon.masking_rules ORDER BY attname, policy;
SELECT rolname, policy, kind FROM anon.masked_roles ORDER BY rolname, policy;
SELECT nspname, policy FROM anon.trusted_schemas ORDER BY nspname;
SELECT relid, attname, provider FROM anon.quasi_identifiers ORDER BY attname;
SELECT anon.label_kind(l), anon.label_expression(l)
FROM unnest(ARRAY['MASKED WITH FUNCTION  f(x) ', 'Masked With Value 3', 'not masked',
                  'INDIRECT IDENTIFIER', 'quasi-identifier', 'PRIVACY UNIT', 'bogus']) l;

-- A rule never points at nothing: DDL that would break a rule fails.
DROP VIEW people_v;
DROP FUNCTION regress_lib.stars(text);	-- fail (used by people.email)
ALTER FUNCTION regress_lib.stars(text) SET SCHEMA regress_elsewhere;	-- fail (would be untrusted)
ALTER TABLE people RENAME COLUMN email TO mail;	-- fail (the rule names email)
ALTER TABLE people ALTER COLUMN ratio TYPE text;	-- OK (the value 0 is assignable to text)
SECURITY LABEL FOR anon ON SCHEMA regress_lib IS NULL;	-- fail (people.email needs it)
DROP SCHEMA regress_lib CASCADE;	-- fail
ALTER TABLE people RENAME COLUMN zip TO postcode;	-- OK (its rule does not name it)
ALTER TABLE people RENAME TO persons;	-- OK (rules follow the table)
SELECT relid, attname, policy, valid FROM anon.masking_rules WHERE policy = 'anon' ORDER BY attname;
ALTER TABLE persons DROP COLUMN postcode;	-- OK (its label goes with it)
SELECT count(*) FROM anon.masking_rules WHERE attname = 'postcode';
ALTER TABLE persons RENAME TO people;

-- A masked role cannot change labels, even on a table it owns
CREATE TABLE regress_mine (a int);
ALTER TABLE regress_mine OWNER TO regress_masked;
SET ROLE regress_masked;
SECURITY LABEL FOR anon ON COLUMN regress_mine.a IS 'NOT MASKED';	-- fail (masked role)
RESET ROLE;
DROP TABLE regress_mine;

-- clean up
DROP TABLE people;
DROP SEQUENCE regress_seq;
DROP SCHEMA regress_lib, regress_untrusted, regress_elsewhere CASCADE;
DROP ROLE regress_owner, regress_masked, regress_super;
