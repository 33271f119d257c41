-- Red team, session 7 (second pass): a table owner's code run by anon with
-- another role's rights.  The owner's function pwn() records as whom it
-- ran (ran_as_superuser); after each entry point a superuser (or a masked
-- role) ran, no row may say it ran as that role.  Each probe has a
-- positive control: the same code does run with the caller's rights when
-- the caller touches it directly.
\set VERBOSITY terse
CREATE ROLE regress_s7b_owner;
CREATE ROLE regress_s7b_masked;
SECURITY LABEL FOR anon ON ROLE regress_s7b_masked IS 'MASKED';
CREATE SCHEMA regress_s7b AUTHORIZATION regress_s7b_owner;
GRANT USAGE ON SCHEMA regress_s7b TO regress_s7b_masked;
CREATE TABLE public.regress_s7b_ran (who name, what text);
GRANT INSERT, SELECT ON public.regress_s7b_ran TO PUBLIC;
SET ROLE regress_s7b_owner;
CREATE FUNCTION regress_s7b.pwn(what text) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
  INSERT INTO public.regress_s7b_ran VALUES (current_user, what);
  RETURN true;
END $$;
GRANT EXECUTE ON FUNCTION regress_s7b.pwn(text) TO PUBLIC;
RESET ROLE;

--------------------------------------------------------------------------
-- 1. Foreign keys compared through the owner's cast.  A foreign key from a
-- column of the owner's enum to a text key compares the two through the
-- owner's implicit cast (CREATE CAST ... AS IMPLICIT, allowed to the owner
-- of the type), which PostgreSQL adds to the foreign key's checks and to
-- every comparison anon builds: ALTER TABLE ... ADD FOREIGN KEY run by
-- create_masked_copy (its initial check runs as the caller), the check of
-- foreign keys after static masking, the pruning of sampled copies and
-- dump subsets (run as the masked reader).
--------------------------------------------------------------------------
SET ROLE regress_s7b_owner;
CREATE TYPE regress_s7b.color AS ENUM ('red', 'green');
CREATE FUNCTION regress_s7b.color_text(regress_s7b.color) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
  PERFORM regress_s7b.pwn('cast');
  RETURN pg_catalog.textin(pg_catalog.enum_out($1));
END $$;
CREATE CAST (regress_s7b.color AS text) WITH FUNCTION regress_s7b.color_text(regress_s7b.color) AS IMPLICIT;
CREATE TABLE regress_s7b.pk (k text PRIMARY KEY);
-- (PostgreSQL 18 refuses such a key, "key columns are not both collatable":
-- the section then has nothing to attack; expected/24_attacks_s7b_1.out)
CREATE TABLE regress_s7b.fk (id int PRIMARY KEY, c regress_s7b.color REFERENCES regress_s7b.pk);
INSERT INTO regress_s7b.pk VALUES ('red'), ('green');
INSERT INTO regress_s7b.fk VALUES (1, 'red');
GRANT SELECT ON regress_s7b.pk, regress_s7b.fk TO regress_s7b_masked;
RESET ROLE;
TRUNCATE regress_s7b_ran;
-- positive control: the comparison anon builds, run by a superuser, runs
-- the owner's cast with the superuser's rights
SELECT count(*) FROM regress_s7b.fk f
WHERE NOT EXISTS (SELECT FROM regress_s7b.pk p WHERE p.k OPERATOR(pg_catalog.=) f.c);
SELECT DISTINCT who = current_user AS ran_as_superuser, what FROM regress_s7b_ran;
TRUNCATE regress_s7b_ran;
-- the masked copy would add the foreign key as the caller: refused
SELECT * FROM anon.create_masked_copy('regress_s7b', 'regress_s7b_copy');	-- fail
-- static masking checks the key after the pass: as the owner
SET ROLE regress_s7b_owner;
SECURITY LABEL FOR anon ON COLUMN regress_s7b.pk.k IS 'MASKED WITH FUNCTION pg_catalog.lower(k)';
RESET ROLE;
SELECT * FROM anon.anonymize_table('regress_s7b.pk');
SELECT DISTINCT who = current_user AS ran_as_superuser, who, what FROM regress_s7b_ran;
TRUNCATE regress_s7b_ran;
-- a dump subset compares the keys as the masked reader: refused
SET ROLE regress_s7b_owner;
SELECT anon.set_dump_subset('regress_s7b_masked', 'regress_s7b', ARRAY['fk WHERE id > 0']);
RESET ROLE;
SET ROLE regress_s7b_masked;
SELECT id FROM regress_s7b.fk;	-- fail
-- positive control: the same comparison by the masked role runs the cast as it
SELECT 'red'::regress_s7b.color OPERATOR(pg_catalog.=) 'red'::text AS compared;
RESET ROLE;
SELECT DISTINCT who, what FROM regress_s7b_ran;
TRUNCATE regress_s7b_ran;
SET ROLE regress_s7b_owner;
SELECT anon.set_dump_subset('regress_s7b_masked', 'regress_s7b', NULL);
RESET ROLE;
-- the same types without the cast: the copy is made
DROP CAST (regress_s7b.color AS text);
ALTER TABLE regress_s7b.fk DROP CONSTRAINT fk_c_fkey;
ALTER TABLE regress_s7b.fk ALTER c TYPE text;
ALTER TABLE regress_s7b.fk ADD FOREIGN KEY (c) REFERENCES regress_s7b.pk;
SELECT table_name, rows FROM anon.create_masked_copy('regress_s7b', 'regress_s7b_copy') ORDER BY 1;
DROP SCHEMA regress_s7b_copy CASCADE;
SELECT count(*) AS ran FROM regress_s7b_ran;

--------------------------------------------------------------------------
-- 2. anon.risk against a population joins the measured table with the
-- population on each quasi-identifier: a column of the owner's type
-- against a text column is compared through the owner's implicit cast,
-- with the rights of the superuser who measures.
--------------------------------------------------------------------------
SET ROLE regress_s7b_owner;
CREATE TYPE regress_s7b.size AS ENUM ('S', 'L');
CREATE FUNCTION regress_s7b.size_text(regress_s7b.size) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
  PERFORM regress_s7b.pwn('cast');
  RETURN pg_catalog.textin(pg_catalog.enum_out($1));
END $$;
CREATE CAST (regress_s7b.size AS text) WITH FUNCTION regress_s7b.size_text(regress_s7b.size) AS IMPLICIT;
CREATE TABLE regress_s7b.people (id int, size regress_s7b.size);
INSERT INTO regress_s7b.people VALUES (1, 'S'), (2, 'S'), (3, 'L');
CREATE TABLE regress_s7b.pop (size text);
INSERT INTO regress_s7b.pop VALUES ('S'), ('S'), ('L'), ('L');
CREATE TABLE regress_s7b.pop_same (size regress_s7b.size);
INSERT INTO regress_s7b.pop_same VALUES ('S'), ('S'), ('L'), ('L');
RESET ROLE;
TRUNCATE regress_s7b_ran;
-- positive control: the join the report builds, run by a superuser
SELECT count(*) FROM regress_s7b.people s JOIN regress_s7b.pop p ON s.size = p.size;
SELECT DISTINCT who = current_user AS ran_as_superuser, what FROM regress_s7b_ran;
TRUNCATE regress_s7b_ran;
SELECT * FROM anon.risk('regress_s7b.people', 0.2, ARRAY['size'], 'regress_s7b.pop');	-- fail
SELECT count(*) AS ran FROM regress_s7b_ran;
-- a population of the same type is measured (without the implicit cast,
-- which makes = between two values of the enum ambiguous)
DROP CAST (regress_s7b.size AS text);
SELECT value FROM anon.risk('regress_s7b.people', 0.2, ARRAY['size'], 'regress_s7b.pop_same')
WHERE measure = 'journalist_max_risk';
SELECT count(*) AS ran FROM regress_s7b_ran;

--------------------------------------------------------------------------
-- 3. anon's SQL functions that run without a fixed search_path (to be
-- inlined) resolved their operators through the caller's search_path:
-- there an operator of the owner's with the exact argument types (float8 +
-- integer, bigint % integer, which pg_catalog only has after a coercion)
-- wins over pg_catalog's, even with pg_catalog first.  A superuser with
-- the owner's schema on its path (public, or the database's search_path
-- that its owner sets) calling anon.rr_count or anon.random_id_int ran it.
--------------------------------------------------------------------------
SET ROLE regress_s7b_owner;
CREATE FUNCTION regress_s7b.fplus(float8, integer) RETURNS float8
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
  PERFORM regress_s7b.pwn('operator');
  RETURN $1 + $2::float8;
END $$;
CREATE OPERATOR regress_s7b.+ (LEFTARG = float8, RIGHTARG = integer, FUNCTION = regress_s7b.fplus);
CREATE FUNCTION regress_s7b.bmod(bigint, integer) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
  PERFORM regress_s7b.pwn('operator');
  RETURN $1 % $2::bigint;
END $$;
CREATE OPERATOR regress_s7b.% (LEFTARG = bigint, RIGHTARG = integer, FUNCTION = regress_s7b.bmod);
RESET ROLE;
TRUNCATE regress_s7b_ran;
SET search_path = regress_s7b, public;
-- positive control: the superuser's own float8 + integer runs the owner's operator
SELECT 1.5::float8 + 1 AS sum;
SELECT DISTINCT who = current_user AS ran_as_superuser, what FROM public.regress_s7b_ran;
TRUNCATE public.regress_s7b_ran;
SELECT anon.rr_count(x, 1.0) IS NOT NULL AS counted FROM (VALUES (true), (false)) v(x);
SELECT anon.rr_count(x, 'a', 2, 1.0) IS NOT NULL AS counted FROM (VALUES ('a'), ('b')) v(x);
SELECT anon.random_id_int() > 0 AS drawn, anon.random_id_smallint() > 0 AS drawn_small;
SELECT anon.dnoise('12:00'::time, '1 hour') IS NOT NULL AS noised;
RESET search_path;
SELECT count(*) AS ran FROM regress_s7b_ran;
-- a database owner may put pg_catalog after its schema (ALTER DATABASE ...
-- SET search_path): then its types win too, here a regclass whose check
-- runs its code
SET ROLE regress_s7b_owner;
CREATE DOMAIN regress_s7b.regclass AS pg_catalog.regclass CHECK (regress_s7b.pwn('type'));
RESET ROLE;
SET search_path = regress_s7b, pg_catalog;
-- positive control
SELECT 'anon.random_id_seq'::regclass IS NOT NULL AS looked_up;
SELECT DISTINCT who = current_user AS ran_as_superuser, what FROM public.regress_s7b_ran;
TRUNCATE public.regress_s7b_ran;
SELECT anon.random_id() > 0 AS drawn, anon.random_id_int() > 0 AS drawn_int;
SELECT anon.rr_count(x, 1.0) IS NOT NULL AS counted FROM (VALUES (true), (false)) v(x);
RESET search_path;
SELECT count(*) AS ran FROM regress_s7b_ran;
-- by property: the functions of anon without a search_path of their own
-- name no operator but as OPERATOR(pg_catalog.op)
SELECT p.oid::regprocedure AS unqualified_operator
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = 'anon'::regnamespace AND l.lanname IN ('sql', 'plpgsql')
  AND NOT EXISTS (SELECT FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')
  AND regexp_replace(regexp_replace(coalesce(pg_get_function_sqlbody(p.oid), p.prosrc),
                                    'OPERATOR\(pg_catalog\.[^)]+\)', '', 'g'),
                     '''[^'']*''', '', 'g') ~ '[-+*/%=<>!~|#&^@?]';
-- nor a type but by a keyword (int, integer, ...) or with its schema: a
-- database owner who puts pg_catalog after its own schema on the database's
-- search_path would choose regclass in 'anon.random_id_seq'::regclass
SELECT p.oid::regprocedure AS unqualified_type
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = 'anon'::regnamespace AND l.lanname IN ('sql', 'plpgsql')
  AND NOT EXISTS (SELECT FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')
  AND p.prosrc ~* '::\s*(?!pg_catalog\.)(?!(int|integer|smallint|bigint|real|float|double|decimal|numeric|boolean|bit|character|char|varchar|time|timestamp|interval)\M)["a-z_]';
-- control: the same test finds the operator of a function written so
CREATE FUNCTION public.regress_s7b_bare(a float8) RETURNS float8 LANGUAGE sql AS $$ SELECT a + 1 $$;
SELECT regexp_replace(regexp_replace(p.prosrc, 'OPERATOR\(pg_catalog\.[^)]+\)', '', 'g'),
                      '''[^'']*''', '', 'g') ~ '[-+*/%=<>!~|#&^@?]' AS found
FROM pg_proc p WHERE p.oid = 'public.regress_s7b_bare(float8)'::regprocedure;
DROP FUNCTION public.regress_s7b_bare(float8);
SELECT $$SELECT 'anon.random_id_seq'::regclass$$
       ~* '::\s*(?!pg_catalog\.)(?!(int|integer|smallint|bigint|real|float|double|decimal|numeric|boolean|bit|character|char|varchar|time|timestamp|interval)\M)["a-z_]' AS found_type,
       $$SELECT 'anon.random_id_seq'::pg_catalog.regclass, 1::integer$$
       ~* '::\s*(?!pg_catalog\.)(?!(int|integer|smallint|bigint|real|float|double|decimal|numeric|boolean|bit|character|char|varchar|time|timestamp|interval)\M)["a-z_]' AS found_qualified;

--------------------------------------------------------------------------
-- 4. anon.detect reads a sample of every text column of every table the
-- caller may read, tables nobody named: one whose row-level security
-- applies to the caller runs its policy, the owner's function, with the
-- rights of the role running detect (an auditor, a key administrator).
--------------------------------------------------------------------------
CREATE ROLE regress_s7b_auditor;
GRANT USAGE ON SCHEMA regress_s7b TO regress_s7b_auditor;
SET ROLE regress_s7b_owner;
CREATE TABLE regress_s7b.contacts (id int, email text);
INSERT INTO regress_s7b.contacts SELECT i, 'user' || i || '@example.com' FROM generate_series(1, 10) i;
ALTER TABLE regress_s7b.contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON regress_s7b.contacts USING (regress_s7b.pwn('policy'));
GRANT SELECT ON regress_s7b.contacts TO regress_s7b_auditor;
-- the owner samples its own table (its policies do not apply to it)
SELECT column_name, identifiers_category, matched_by FROM anon.detect('regress_s7b.contacts'::regclass);
RESET ROLE;
SELECT count(*) AS ran FROM regress_s7b_ran;
SET ROLE regress_s7b_auditor;
-- positive control: the auditor's own read runs the policy as the auditor
SELECT count(*) FROM regress_s7b.contacts;
SELECT DISTINCT who, what FROM regress_s7b_ran;
RESET ROLE;
TRUNCATE regress_s7b_ran;
SET ROLE regress_s7b_auditor;
SELECT column_name, identifiers_category, matched_by FROM anon.detect('regress_s7b.contacts'::regclass);
SELECT count(*) FROM anon.detect() WHERE table_name = 'regress_s7b.contacts'::regclass;
RESET ROLE;
SELECT count(*) AS ran FROM regress_s7b_ran;

--------------------------------------------------------------------------
-- 5. anon.masking_value_for_column and masking_expressions_for_table
-- (PostgreSQL Anonymizer's helpers) return SQL text that PA scripts run,
-- as a superuser: under privacy by default they returned the owner's
-- column DEFAULT as written, a call of its function, where masking_view
-- (what masked roles read) has NULL for a default that calls untrusted
-- code.  They now return what masking_view has.
--------------------------------------------------------------------------
SET ROLE regress_s7b_owner;
CREATE TABLE regress_s7b.member (id int, email text,
  extra boolean DEFAULT regress_s7b.pwn('default'), note text DEFAULT 'none');
INSERT INTO regress_s7b.member (id, email) VALUES (1, 'a@example.com');
SECURITY LABEL FOR anon ON COLUMN regress_s7b.member.email IS 'MASKED WITH VALUE NULL';
RESET ROLE;
TRUNCATE regress_s7b_ran;
SET anon.privacy_by_default = on;
SELECT anon.masking_expressions_for_table('regress_s7b.member', 'anon') AS expressions;
-- what a PA script does with it
DO $$
BEGIN
  EXECUTE 'SELECT ' || anon.masking_expressions_for_table('regress_s7b.member', 'anon')
          || ' FROM regress_s7b.member';
END $$;
SELECT count(*) AS ran FROM regress_s7b_ran;
-- positive control: the default as the owner wrote it runs the owner's code
-- as the superuser
DO $$
BEGIN
  EXECUTE 'SELECT ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d
  WHERE d.adrelid = 'regress_s7b.member'::regclass AND d.adnum = 3;
END $$;
SELECT DISTINCT who = current_user AS ran_as_superuser, what FROM regress_s7b_ran;
TRUNCATE regress_s7b_ran;
-- another role than the owner reads no default
SET ROLE regress_s7b_auditor;
SELECT anon.masking_expressions_for_table('regress_s7b.member', 'anon') AS expressions;
RESET ROLE;
RESET anon.privacy_by_default;

--------------------------------------------------------------------------
-- 6. A rule calls an anon function written in SQL with a polymorphic
-- argument, which casts the value to text inside: the trust check sees the
-- call of anon.projection_to_oid, not the cast, which for a type of the
-- owner's is the owner's function (CREATE CAST (type AS text) WITH
-- FUNCTION), run as the masked reader.
--------------------------------------------------------------------------
SET ROLE regress_s7b_owner;
CREATE TYPE regress_s7b.lvl AS ENUM ('lo', 'hi');
CREATE FUNCTION regress_s7b.lvl_text(regress_s7b.lvl) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
  PERFORM regress_s7b.pwn('cast');
  RETURN pg_catalog.textin(pg_catalog.enum_out($1));
END $$;
CREATE CAST (regress_s7b.lvl AS text) WITH FUNCTION regress_s7b.lvl_text(regress_s7b.lvl);
CREATE TABLE regress_s7b.levels (id int, c regress_s7b.lvl, n int);
INSERT INTO regress_s7b.levels VALUES (1, 'lo', 1), (2, 'hi', 2);
GRANT SELECT ON regress_s7b.levels TO regress_s7b_masked;
SET client_min_messages = error;	-- (the salt written in the rule)
SECURITY LABEL FOR anon ON COLUMN regress_s7b.levels.n
  IS 'MASKED WITH FUNCTION anon.projection_to_oid(c, ''s'', 1000)';
RESET client_min_messages;
RESET ROLE;
TRUNCATE regress_s7b_ran;
SET ROLE regress_s7b_masked;
-- positive control: the masked role's own cast runs the owner's function as it
SELECT 'lo'::regress_s7b.lvl::text AS cast;
RESET ROLE;
SELECT DISTINCT who, what FROM regress_s7b_ran;
TRUNCATE regress_s7b_ran;
SET ROLE regress_s7b_masked;
SELECT id, n BETWEEN 1 AND 1000 AS projected FROM regress_s7b.levels ORDER BY id;
RESET ROLE;
SELECT count(*) AS ran FROM regress_s7b_ran;
-- the value is written as its output function writes it (as an enum's
-- cast through its text form would)
SELECT anon.projection_to_oid('lo'::regress_s7b.lvl, 's', 1000) = anon.projection_to_oid('lo'::text, 's', 1000) AS same;
SELECT anon.projection_to_oid(true, 's', 1000) = anon.projection_to_oid('true'::text, 's', 1000) AS built_in_kept;
SELECT count(*) AS ran FROM regress_s7b_ran;

-- clean up
SET client_min_messages = warning;
DROP TABLE public.regress_s7b_ran;
DROP SCHEMA regress_s7b CASCADE;
RESET client_min_messages;
DROP ROLE regress_s7b_owner, regress_s7b_masked, regress_s7b_auditor;
