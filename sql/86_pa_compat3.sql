-- PostgreSQL Anonymizer compatibility, third part: what PA's regression
-- suite and documentation expect and 84/85/86_pa_compat2 do not cover.
-- Each behaviour has a control showing the probe would catch the
-- opposite; none weakens a check (the trust checks are probed again).
\set VERBOSITY terse

--------------------------------------------------------------------------
-- anon.restrict_to_trusted_schemas = off: a WARNING, and it stays on
--------------------------------------------------------------------------
BEGIN;
CREATE TABLE regress_c3_people (id int, name text);
INSERT INTO regress_c3_people VALUES (1, 'Ann Lee');
CREATE FUNCTION public.regress_c3_shout(text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT pg_catalog.upper($1) $$;
SET anon.restrict_to_trusted_schemas = off;	-- WARNING, the transaction goes on
SHOW anon.restrict_to_trusted_schemas;	-- on
-- PA's test: an unqualified built-in resolves in pg_catalog: accepted
SECURITY LABEL FOR anon ON COLUMN regress_c3_people.name
  IS 'MASKED WITH FUNCTION lower(regress_c3_people.name)';
-- the restriction still holds: public is not trusted
SAVEPOINT s;
SECURITY LABEL FOR anon ON COLUMN regress_c3_people.name
  IS 'MASKED WITH FUNCTION public.regress_c3_shout(name)';	-- fail
ROLLBACK TO s;
-- so does the refusal of a built-in that changes state
SECURITY LABEL FOR anon ON COLUMN regress_c3_people.name
  IS 'MASKED WITH FUNCTION pg_catalog.set_config(''work_mem'', ''1MB'', true)';	-- fail
ROLLBACK TO s;
-- control: once a superuser trusts the schema, the same label is accepted
SECURITY LABEL FOR anon ON SCHEMA public IS 'TRUSTED';
SECURITY LABEL FOR anon ON COLUMN regress_c3_people.name
  IS 'MASKED WITH FUNCTION public.regress_c3_shout(name)';
SET anon.restrict_to_trusted_schemas = on;
ROLLBACK;
-- a role that is not a superuser cannot set it at all
CREATE ROLE regress_c3_plain;
SET ROLE regress_c3_plain;
SET anon.restrict_to_trusted_schemas = off;	-- fail: permission denied
RESET ROLE;

--------------------------------------------------------------------------
-- anon.register_masking_policy() writes PA's two labels, which change nothing
--------------------------------------------------------------------------
BEGIN;
SELECT anon.register_masking_policy('regress_c3_gdpr');
SELECT objname, label FROM pg_seclabels
WHERE provider = 'regress_c3_gdpr' ORDER BY objname;
CREATE ROLE regress_c3_zoe;
SECURITY LABEL FOR regress_c3_gdpr ON ROLE regress_c3_zoe IS 'MASKED';
SELECT count(*) AS gdpr_labels FROM pg_seclabels WHERE provider = 'regress_c3_gdpr';
-- pg_catalog labelled TRUSTED for the policy: its unsafe built-ins stay refused
CREATE TABLE regress_c3_t (id int, v text);
SECURITY LABEL FOR regress_c3_gdpr ON COLUMN regress_c3_t.v
  IS 'MASKED WITH FUNCTION pg_catalog.pg_read_file(''/etc/passwd'')';	-- fail
ROLLBACK;
-- superusers only, as before
SET ROLE regress_c3_plain;
SELECT anon.register_masking_policy('regress_c3_x');	-- fail
RESET ROLE;

--------------------------------------------------------------------------
-- A policy that would break a foreign key: refused by static masking with
-- PA's SQLSTATE (foreign_key_violation), which PA's scripts catch
--------------------------------------------------------------------------
BEGIN;
CREATE TABLE regress_c3_author (name text UNIQUE NOT NULL, birth date);
INSERT INTO regress_c3_author VALUES ('Stephen Stirling', '1953-09-30');
CREATE TABLE regress_c3_book (id int, title text,
  author text REFERENCES regress_c3_author (name));
INSERT INTO regress_c3_book VALUES (1, 'T2', 'Stephen Stirling');
SET client_min_messages = error;
SECURITY LABEL FOR anon ON COLUMN regress_c3_author.name
  IS 'MASKED WITH FUNCTION anon.dummy_name()';	-- accepted with a WARNING
RESET client_min_messages;
DO $$
BEGIN
  PERFORM anon.anonymize_table('regress_c3_author');
  RAISE EXCEPTION 'not refused';
EXCEPTION WHEN foreign_key_violation THEN
  RAISE NOTICE 'anonymize_table: foreign_key_violation';
END $$;
DO $$
BEGIN
  PERFORM anon.anonymize_database();
  RAISE EXCEPTION 'not refused';
EXCEPTION WHEN foreign_key_violation THEN
  RAISE NOTICE 'anonymize_database: foreign_key_violation';
END $$;
DO $$
BEGIN
  PERFORM anon.anonymize_column('regress_c3_author', 'name');
  RAISE EXCEPTION 'not refused';
EXCEPTION WHEN foreign_key_violation THEN
  RAISE NOTICE 'anonymize_column: foreign_key_violation';
END $$;
-- the constraint and its table are named in the error's fields
DO $$
DECLARE
  con text;
  tab text;
  sch text;
BEGIN
  PERFORM anon.anonymize_database();
EXCEPTION WHEN foreign_key_violation THEN
  GET STACKED DIAGNOSTICS con = CONSTRAINT_NAME, tab = TABLE_NAME, sch = SCHEMA_NAME;
  RAISE NOTICE 'constraint %, table %.%', con, sch, tab;
END $$;
-- nothing was written
SELECT name FROM regress_c3_author;
-- the report function (anon's own) keeps its SQLSTATE
DO $$
BEGIN
  PERFORM count(*) FROM anon.anonymize_database_report();
EXCEPTION WHEN invalid_object_definition THEN
  RAISE NOTICE 'anonymize_database_report: invalid_object_definition';
END $$;
-- control: other errors keep theirs (no rule on the column is a WARNING
-- and false; a table that does not exist is the usual error)
SELECT anon.anonymize_column('regress_c3_book', 'title') AS no_rule;
SAVEPOINT s;
SELECT anon.anonymize_table('regress_c3_nosuch');	-- fail
ROLLBACK TO s;
-- control: a deterministic mask of the key masks both sides
SECURITY LABEL FOR anon ON COLUMN regress_c3_author.name
  IS 'MASKED WITH FUNCTION anon.hash(name)';
SELECT anon.anonymize_database() AS masked;
SELECT count(*) AS joined FROM regress_c3_book b JOIN regress_c3_author a ON a.name = b.author
WHERE a.name <> 'Stephen Stirling';
ROLLBACK;

--------------------------------------------------------------------------
-- The legacy masking views sample as the TABLESAMPLE label says
--------------------------------------------------------------------------
CREATE TABLE public.regress_c3_hundred AS SELECT generate_series(1, 100) AS h;
SECURITY LABEL FOR anon ON COLUMN public.regress_c3_hundred.h IS 'MASKED WITH VALUE 0';
SELECT anon.start_dynamic_masking();
-- control: no sample yet, every row
SELECT count(*) AS all_rows FROM mask.regress_c3_hundred;
SECURITY LABEL FOR anon ON TABLE public.regress_c3_hundred IS 'TABLESAMPLE BERNOULLI (50)';
-- P(100 or 0 rows of 100 at 50%) = 2^-99
SELECT count(*) BETWEEN 1 AND 99 AS sampled, bool_and(h = 0) AS masked
FROM mask.regress_c3_hundred;
SELECT count(*) AS table_rows FROM public.regress_c3_hundred;
-- a masked reader of the view reads the engine's sample, sampled once
CREATE ROLE regress_c3_masked;
SECURITY LABEL FOR anon ON ROLE regress_c3_masked IS 'MASKED';
GRANT SELECT ON public.regress_c3_hundred TO regress_c3_masked;
GRANT USAGE ON SCHEMA mask TO regress_c3_masked;
GRANT SELECT ON mask.regress_c3_hundred TO regress_c3_masked;
SET ROLE regress_c3_masked;
SELECT count(*) BETWEEN 1 AND 99 AS sampled, bool_and(h = 0) AS masked
FROM mask.regress_c3_hundred;
RESET ROLE;
-- the database's label, when the table has none
SECURITY LABEL FOR anon ON TABLE public.regress_c3_hundred IS NULL;
DO $$ BEGIN
  EXECUTE format('SECURITY LABEL FOR anon ON DATABASE %I IS %L',
                 current_database(), 'TABLESAMPLE SYSTEM (50) REPEATABLE (7)');
END $$;
SELECT count(*) < 100 AS sampled_by_database FROM mask.regress_c3_hundred;
DO $$ BEGIN
  EXECUTE format('SECURITY LABEL FOR anon ON DATABASE %I IS NULL', current_database());
END $$;
SELECT count(*) AS all_rows_again FROM mask.regress_c3_hundred;
SELECT anon.stop_dynamic_masking();
DROP TABLE public.regress_c3_hundred;
DROP ROLE regress_c3_masked;

--------------------------------------------------------------------------
-- anon.anonymize_database_parallel(workers) returns a boolean, as PA's;
-- anon.max_bg_workers caps the workers
--------------------------------------------------------------------------
SHOW anon.max_bg_workers;
SET anon.max_bg_workers = 0;	-- fail
SET anon.max_bg_workers = 65;	-- fail
SET ROLE regress_c3_plain;
SET anon.max_bg_workers = 2;	-- fail: superusers
RESET ROLE;
SET anon.max_bg_workers = 1;
CREATE TABLE public.regress_c3_par (id int, v text);
INSERT INTO public.regress_c3_par SELECT i, 'raw' FROM generate_series(1, 50) i;
SECURITY LABEL FOR anon ON COLUMN public.regress_c3_par.v IS 'MASKED WITH VALUE ''masked''';
SELECT anon.anonymize_database_parallel(8) AS parallel_result;
SELECT count(*) FILTER (WHERE v = 'raw') AS raw_left FROM public.regress_c3_par;
-- the report form says what each worker did
UPDATE public.regress_c3_par SET v = 'raw';
SELECT table_name, rows FROM anon.anonymize_database_parallel_report(2);
RESET anon.max_bg_workers;
-- still refused in a transaction block
BEGIN;
SELECT anon.anonymize_database_parallel(2);	-- fail
ROLLBACK;
-- and when static masking is off
SET anon.static_masking = off;
SELECT anon.anonymize_database_parallel(2);	-- fail
RESET anon.static_masking;
DROP TABLE public.regress_c3_par;

--------------------------------------------------------------------------
-- anon.detect() of a locale it does not know finds nothing, as PA's
--------------------------------------------------------------------------
CREATE TABLE regress_c3_vendor (employee_id int, "Firstname" text, lastname text);
SELECT count(*) AS unknown_locale FROM anon.detect('fnkgfdlg,sdkf,vkvsld');
SELECT count(*) AS null_locale FROM anon.detect(NULL::text);
-- control: a known one finds the names
SELECT column_name FROM anon.detect('regress_c3_vendor'::regclass, 'en_US') ORDER BY 1;
DROP TABLE regress_c3_vendor;

--------------------------------------------------------------------------
-- PA's helpers: unload, notice_if_not_init, init_masking_policies,
-- column_exists, get_attrdef, get_schema, get_relname, mask_columns,
-- mask_filters, mask_select, the view pg_identifiers
--------------------------------------------------------------------------
CREATE TABLE regress_c3_h (id int, name text DEFAULT 'nobody', zip text);
INSERT INTO regress_c3_h VALUES (1, 'Ann Lee', '75001');
SECURITY LABEL FOR anon ON COLUMN regress_c3_h.name IS 'MASKED WITH VALUE ''hidden''';
SECURITY LABEL FOR anon ON COLUMN regress_c3_h.zip IS 'QUASI-IDENTIFIER';
SELECT anon.column_exists('regress_c3_h', 'zip') AS has_zip,
       anon.column_exists('regress_c3_h', 'nope') AS has_nope,
       anon.get_attrdef('regress_c3_h'::regclass::oid::int, 2) AS name_default,
       anon.get_attrdef('regress_c3_h'::regclass::oid::int, 1) IS NULL AS id_no_default,
       anon.get_schema('app."Big Table"') AS schema_part,
       anon.get_relname('app."Big Table"') AS rel_part,
       anon.get_schema('solo') IS NULL AS no_schema,
       anon.notice_if_not_init() IS NULL AS no_notice;
SELECT * FROM anon.mask_columns('regress_c3_h'::regclass);
SELECT anon.mask_filters('regress_c3_h'::regclass);
SELECT anon.mask_select('regress_c3_h'::regclass);
-- the query it builds masks, as PA's legacy views did (control: the table)
DO $$
DECLARE
  v text;
BEGIN
  EXECUTE 'SELECT name FROM (' || anon.mask_select('regress_c3_h'::regclass) || ') s' INTO STRICT v;
  RAISE NOTICE 'mask_select reads %', v;
END $$;
SELECT name AS raw_name FROM regress_c3_h;
SELECT relname, attname, format_type, col_description, indirect_identifier
FROM anon.pg_identifiers WHERE relname = 'regress_c3_h';
-- the view k_anonymity reads lists the columns of anon.quasi_identifiers
SELECT (SELECT count(*) FROM anon.pg_identifiers) = (SELECT count(*) FROM anon.quasi_identifiers)
       AS same_columns;
-- init_masking_policies registers anon.masking_policies, superusers only
SECURITY LABEL FOR regress_c3_later ON COLUMN regress_c3_h.zip IS 'MASKED WITH VALUE NULL';	-- fail: not registered
BEGIN;
SET LOCAL anon.masking_policies = 'regress_c3_later';
SELECT anon.init_masking_policies();
SECURITY LABEL FOR regress_c3_later ON COLUMN regress_c3_h.zip IS 'MASKED WITH VALUE NULL';
ROLLBACK;
SET ROLE regress_c3_plain;
SELECT anon.init_masking_policies();	-- fail
RESET ROLE;
-- unload() is reset()
SELECT anon.init() AS initialized;
SELECT anon.unload() AS unloaded;
SELECT anon.is_initialized() AS initialized_after_unload;
DROP TABLE regress_c3_h;

DROP ROLE regress_c3_plain;
