-- PostgreSQL Anonymizer compatibility, continued: policies per database,
-- anon.register_masking_policy(), anon.custom_values, rules cast to their
-- column's type, nextval() rules, PA 1.x's random_* names.  Each behaviour
-- has a control showing the probe would catch the opposite.
\set VERBOSITY terse

--------------------------------------------------------------------------
-- anon.masking_policies per database, without a restart
--------------------------------------------------------------------------
CREATE DATABASE regress_pa86;
ALTER DATABASE regress_pa86 SET anon.masking_policies = 'regress_analytics';
CREATE ROLE regress_pa86_analyst LOGIN;
CREATE ROLE regress_pa86_clerk LOGIN;
\c regress_pa86
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS anon CASCADE;
RESET client_min_messages;
-- the new session registered the database's policy
SELECT p FROM anon.policies() p ORDER BY p;

-- anon.is_initialized(): after anon.init(), until anon.reset(), as in PA
SELECT anon.is_initialized() AS before_init;
SET ROLE regress_pa86_clerk;
SELECT anon.init();	-- true, but only a superuser records it
SELECT anon.is_initialized() AS after_plain_init;
RESET ROLE;
SELECT anon.init();
SELECT anon.is_initialized() AS after_init;
SELECT anon.init();
SELECT anon.is_initialized() AS after_second_init;
SELECT anon.reset();
SELECT anon.is_initialized() AS after_reset;
-- the fake data do not depend on it
SELECT anon.fake_city() IS NOT NULL AS fake_data;
CREATE TABLE member (id int, email text, ip inet, city text);
INSERT INTO member VALUES (1, 'ann@example.com', '10.1.2.3', 'Lyon'),
                          (2, 'bob@example.com', '10.1.2.4', 'Oslo');
GRANT SELECT ON member TO regress_pa86_analyst, regress_pa86_clerk;
SECURITY LABEL FOR regress_analytics ON COLUMN member.email
  IS 'MASKED WITH VALUE $$hidden$$';	-- OK: the policy is registered
SECURITY LABEL FOR regress_analytics ON ROLE regress_pa86_analyst IS 'MASKED';
SET ROLE regress_pa86_analyst;
SELECT id, email FROM member ORDER BY id;	-- masked by the policy of the database
-- a masked role cannot unlist the policy that masks it
SET anon.masking_policies = '';	-- fail
RESET ROLE;
-- control: a role without the label reads the raw values
SET ROLE regress_pa86_clerk;
SELECT id, email FROM member ORDER BY id;
RESET ROLE;
-- names are checked when set
SET anon.masking_policies = 'a;b';	-- fail
SET anon.masking_policies = 'k_anonymity';	-- fail (reserved)

--------------------------------------------------------------------------
-- anon.register_masking_policy(name): this session, superusers
--------------------------------------------------------------------------
SECURITY LABEL FOR regress_gdpr ON COLUMN member.city IS 'MASKED WITH VALUE NULL';	-- fail (not registered)
SELECT anon.register_masking_policy('regress_gdpr');
SELECT anon.register_masking_policy('regress_gdpr');	-- again: a no-op
SELECT anon.register_masking_policy('foo; CREATE ROLE x SUPERUSER');	-- fail
SELECT anon.register_masking_policy('k_anonymity');	-- fail
SECURITY LABEL FOR regress_gdpr ON COLUMN member.city IS 'MASKED WITH VALUE NULL';	-- OK now
SECURITY LABEL FOR regress_gdpr ON ROLE regress_pa86_clerk IS 'MASKED';
SET ROLE regress_pa86_clerk;
SELECT id, city FROM member ORDER BY id;	-- masked for gdpr
SELECT anon.register_masking_policy('regress_other');	-- fail (superusers)
RESET ROLE;
SECURITY LABEL FOR regress_gdpr ON ROLE regress_pa86_clerk IS NULL;
SECURITY LABEL FOR regress_gdpr ON COLUMN member.city IS NULL;

--------------------------------------------------------------------------
-- anon.custom_values and anon.custom_value(key [, default])
--------------------------------------------------------------------------
SET anon.custom_values = 'not json';	-- fail
SET anon.custom_values = '[1, 2]';	-- fail (an object)
SET anon.custom_values = '{"city": "Roma", "zip": 42}';
SELECT anon.custom_value('city'), anon.custom_value('zip'),
       anon.custom_value('nope') IS NULL AS missing,
       anon.custom_value('nope', 'dflt') AS dflt;
-- fail: pg_db_role_setting is readable by every role (postgresql.conf or
-- ALTER SYSTEM instead)
ALTER DATABASE regress_pa86 SET anon.custom_values = '{"city": "Roma"}';
SECURITY LABEL FOR anon ON COLUMN member.city
  IS 'MASKED WITH FUNCTION anon.custom_value($$city$$, $$?$$)';
SECURITY LABEL FOR anon ON ROLE regress_pa86_analyst IS 'MASKED';
\c regress_pa86
SET anon.custom_values = '{"city": "Roma"}';
SET ROLE regress_pa86_analyst;
SELECT id, city FROM member ORDER BY id;	-- the database's value
SELECT anon.custom_value('city');	-- fail: a masked role may not read the setting
\set VERBOSITY sqlstate
SHOW anon.custom_values;	-- fail (superusers)
\set VERBOSITY terse
SET anon.custom_values = '{"city": "Paris"}';	-- fail (superusers)
RESET ROLE;
-- control: the owner reads the raw cities
SELECT id, city FROM member ORDER BY id;
SECURITY LABEL FOR anon ON COLUMN member.city IS NULL;

--------------------------------------------------------------------------
-- A rule's value is cast to its column's type, as by CAST()
--------------------------------------------------------------------------
SECURITY LABEL FOR anon ON COLUMN member.ip IS 'MASKED WITH FUNCTION anon.dummy_ipv4()';	-- OK (text cast to inet)
SET ROLE regress_pa86_analyst;
SELECT bool_and(pg_typeof(ip) = 'inet'::regtype) AS is_inet,
       bool_and(ip NOT IN ('10.1.2.3', '10.1.2.4')) AS masked
FROM member;
RESET ROLE;
-- a cast that fails on the table's rows is refused when the label is written
\set VERBOSITY sqlstate
SECURITY LABEL FOR anon ON COLUMN member.id IS 'MASKED WITH FUNCTION anon.fake_last_name()';	-- fail (22P02)
\set VERBOSITY terse
-- no cast at all: refused
SECURITY LABEL FOR anon ON COLUMN member.id IS 'MASKED WITH FUNCTION anon.random_date()';	-- fail
-- a user-defined cast runs a function: it must be trusted like any other
CREATE TYPE regress_pa86_code AS (v text);
CREATE FUNCTION public.regress_pa86_leak(text) RETURNS regress_pa86_code
LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE 'cast saw %', $1; RETURN ROW($1); END$$;
CREATE CAST (text AS regress_pa86_code) WITH FUNCTION public.regress_pa86_leak(text);
CREATE TABLE coded (c regress_pa86_code);
INSERT INTO coded VALUES (ROW('secret'));
SECURITY LABEL FOR anon ON COLUMN coded.c IS 'MASKED WITH FUNCTION anon.fake_city()';	-- fail (cast function untrusted)
-- control: the same cast written by hand is refused for the same reason
SECURITY LABEL FOR anon ON COLUMN coded.c IS 'MASKED WITH FUNCTION anon.fake_city()::public.regress_pa86_code';	-- fail
DROP TABLE coded;
DROP CAST (text AS regress_pa86_code);
DROP FUNCTION public.regress_pa86_leak(text);
DROP TYPE regress_pa86_code;

-- PA's strict mode is what anon always does: turning it off changes nothing
SET anon.strict_mode = off;
SECURITY LABEL FOR anon ON COLUMN member.ip IS 'MASKED WITH FUNCTION anon.dummy_ipv4()';
SET ROLE regress_pa86_analyst;
SELECT bool_and(pg_typeof(ip) = 'inet'::regtype) AS still_inet FROM member;
RESET ROLE;
RESET anon.strict_mode;

--------------------------------------------------------------------------
-- anon.pg_masking_rules under privacy by default: every column, with what
-- a masked role reads there (PA's listing)
--------------------------------------------------------------------------
CREATE TABLE logs (at timestamp, browser text DEFAULT 'unknown', os text, ip inet);
SECURITY LABEL FOR anon ON COLUMN logs.os IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN logs.ip IS 'MASKED WITH VALUE NULL';
SELECT relname, attname, masking_function, masking_value, masking_filter
FROM anon.pg_masking_rules WHERE relname IN ('logs', 'member') ORDER BY relname, attnum;
SET anon.privacy_by_default = on;
SELECT relname, attname, masking_function, masking_value, masking_filter
FROM anon.pg_masking_rules WHERE relname IN ('logs', 'member') ORDER BY relname, attnum;
RESET anon.privacy_by_default;
DROP TABLE logs;

--------------------------------------------------------------------------
-- nextval() of a sequence a superuser trusts: a rule that cannot be tried
-- read-only is accepted untried; a rule that tries to write anything else
-- is still refused (sql/23_trust.sql)
--------------------------------------------------------------------------
CREATE TABLE player (id int PRIMARY KEY, name text);
INSERT INTO player VALUES (1, 'a'), (2, 'b');
CREATE SEQUENCE player_new_id START 1000;
SECURITY LABEL FOR anon ON COLUMN player.id
  IS 'MASKED WITH FUNCTION pg_catalog.nextval($$public.player_new_id$$)';	-- fail (nextval not trusted)
SECURITY LABEL FOR anon ON FUNCTION pg_catalog.nextval(regclass) IS 'TRUSTED';
SECURITY LABEL FOR anon ON COLUMN player.id
  IS 'MASKED WITH FUNCTION pg_catalog.nextval($$public.player_new_id$$)';	-- OK
SELECT last_value, is_called FROM player_new_id;	-- not drawn by the check
SELECT anon.anonymize_table('player');
SELECT array_agg(id ORDER BY id) FROM player;
SECURITY LABEL FOR anon ON COLUMN player.id IS NULL;
SECURITY LABEL FOR anon ON FUNCTION pg_catalog.nextval(regclass) IS NULL;
DROP TABLE player;
DROP SEQUENCE player_new_id;

--------------------------------------------------------------------------
-- A trusted function that names a table without its schema: the rule runs
-- it with search_path = pg_catalog, pg_temp, so the label is refused with a
-- hint that says how to write the function
--------------------------------------------------------------------------
CREATE TABLE public.fake_names AS SELECT 'Zed'::text AS name;
CREATE FUNCTION public.fake_name() RETURNS text LANGUAGE sql
AS $$SELECT name FROM fake_names LIMIT 1$$;
CREATE FUNCTION public.fake_name_q() RETURNS text LANGUAGE sql
AS $$SELECT name FROM public.fake_names LIMIT 1$$;
SECURITY LABEL FOR anon ON FUNCTION public.fake_name() IS 'TRUSTED';
SECURITY LABEL FOR anon ON FUNCTION public.fake_name_q() IS 'TRUSTED';
\set VERBOSITY default
\set SHOW_CONTEXT never
SECURITY LABEL FOR anon ON COLUMN member.city IS 'MASKED WITH FUNCTION public.fake_name()';	-- fail, with the hint
\set VERBOSITY terse
SECURITY LABEL FOR anon ON COLUMN member.city IS 'MASKED WITH FUNCTION public.fake_name_q()';	-- OK: qualified
SET ROLE regress_pa86_analyst;
SELECT DISTINCT city FROM member;	-- fail: the rule runs as its reader, who may not read the table
RESET ROLE;
GRANT SELECT ON public.fake_names TO regress_pa86_analyst;
SET ROLE regress_pa86_analyst;
SELECT DISTINCT city FROM member;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN member.city IS NULL;
DROP FUNCTION public.fake_name(), public.fake_name_q();
DROP TABLE public.fake_names;

--------------------------------------------------------------------------
-- Replica masking: rows written into a masked table are stored masked, by
-- an ENABLE ALWAYS trigger (a logical replication apply worker runs with
-- session_replication_role = replica and fires only those); the rules run
-- as the table's owner, never as the writer
--------------------------------------------------------------------------
CREATE ROLE regress_pa86_owner;
CREATE SCHEMA regress_rm AUTHORIZATION regress_pa86_owner;
CREATE SCHEMA regress_rm_lib;
SECURITY LABEL FOR anon ON SCHEMA regress_rm_lib IS 'TRUSTED';
GRANT USAGE ON SCHEMA regress_rm_lib TO PUBLIC;
CREATE FUNCTION regress_rm_lib.who(v text) RETURNS text LANGUAGE plpgsql
AS $$BEGIN RETURN 'masked by ' || current_user; END$$;
SET ROLE regress_pa86_owner;
CREATE TABLE regress_rm.person (id int PRIMARY KEY, name text, company text);
INSERT INTO regress_rm.person VALUES (1, 'Alice', 'CompanyA');
SECURITY LABEL FOR anon ON COLUMN regress_rm.person.company
  IS 'MASKED WITH FUNCTION pg_catalog.md5(company)';
SECURITY LABEL FOR anon ON COLUMN regress_rm.person.name
  IS 'MASKED WITH FUNCTION regress_rm_lib.who(name)';
RESET ROLE;
SELECT anon.start_replica_masking();	-- false: anon.replica_masking is off
SET ROLE regress_pa86_clerk;
SET anon.replica_masking = on;	-- fail (superusers)
RESET ROLE;
SET anon.replica_masking = on;
SELECT anon.start_replica_masking();
SELECT tgrelid::regclass, tgenabled FROM pg_trigger WHERE tgname = 'tg_anon_replica_masking';
-- as an apply worker writes: the stored row is masked, by the table's owner
SET session_replication_role = replica;
INSERT INTO regress_rm.person VALUES (2, 'Bob', 'CompanyB');
RESET session_replication_role;
SELECT id, name, company = md5('CompanyB') AS company_masked FROM regress_rm.person WHERE id = 2;
UPDATE regress_rm.person SET company = 'CompanyC' WHERE id = 2;
SELECT id, company = md5('CompanyC') AS company_masked FROM regress_rm.person WHERE id = 2;
-- rows written before are left as they were (control: the table holds raw rows)
SELECT id, name, company FROM regress_rm.person WHERE id = 1;
SELECT anon.refresh_replica_masking();
SELECT count(*) FROM pg_trigger WHERE tgname = 'tg_anon_replica_masking';
SELECT anon.stop_replica_masking();
SELECT count(*) FROM pg_trigger WHERE tgname = 'tg_anon_replica_masking';
-- stopped: rows are written as they are
INSERT INTO regress_rm.person VALUES (3, 'Carl', 'CompanyD');
SELECT id, name, company FROM regress_rm.person WHERE id = 3;
RESET anon.replica_masking;
DROP SCHEMA regress_rm CASCADE;
DROP FUNCTION regress_rm_lib.who(text);
DROP SCHEMA regress_rm_lib;
DROP ROLE regress_pa86_owner;

--------------------------------------------------------------------------
-- PostgreSQL Anonymizer 1.x's names of the fake_* functions
--------------------------------------------------------------------------
SELECT pg_typeof(anon.random_first_name()) AS first_name, pg_typeof(anon.random_last_name()) AS last_name,
       anon.random_email() LIKE '%@%' AS email, pg_typeof(anon.random_city()) AS city,
       pg_typeof(anon.random_country()) AS country, pg_typeof(anon.random_company()) AS company,
       length(anon.random_iban()) > 14 AS iban, length(anon.random_siret()) = 14 AS siret,
       length(anon.random_siren()) = 9 AS siren;

-- regions, cities and regions of a country, pseudonymous regions
SELECT anon.fake_region() IS NOT NULL AS region,
       anon.fake_city_in_country('France') IS NOT NULL AS city_fr,
       anon.fake_city_in_country('Atlantis') IS NULL AS unknown_country,
       anon.fake_region_in_country('de') IS NOT NULL AS region_de;
SELECT anon.pseudo_region('bob', 'salt') = anon.pseudo_region('bob', 'salt') AS deterministic,
       anon.pseudo_region('bob') IS NOT NULL AS keyed,
       anon.pseudo_region(NULL::text, 'salt') IS NULL AS null_seed;
SET ROLE regress_pa86_analyst;
SELECT anon.pseudo_region('bob', 'salt');	-- fail: a masked role cannot compute pseudonyms
RESET ROLE;

-- PA 1.x's noise(date or timestamp, interval), and the numeric noise unchanged
SELECT bool_and(anon.noise('2020-01-10'::date, '2 days') BETWEEN '2020-01-08' AND '2020-01-12') AS date_noise,
       bool_and(anon.noise('2020-01-10 12:00'::timestamptz, '1 hour')
                BETWEEN '2020-01-10 11:00'::timestamptz AND '2020-01-10 13:00'::timestamptz) AS tstz_noise,
       bool_and(anon.noise(100, 0.1) BETWEEN 90 AND 110) AS int_noise
FROM generate_series(1, 50);

-- PA's helper get_function_schema(): parses, never runs
SELECT anon.get_function_schema('f()') AS none, anon.get_function_schema('s.f(1)') AS s,
       anon.get_function_schema('"A.B"."c.d"($$x$$)') AS quoted,
       anon.get_function_schema(NULL) IS NULL AS null_in;
SELECT anon.get_function_schema('pg_catalog.pg_sleep(100)') AS not_run;
SELECT anon.get_function_schema('a');	-- fail: not a call
SELECT anon.get_function_schema('f(); DROP TABLE member');	-- fail: two statements
SELECT count(*) FROM member;	-- control: still there

-- PA's internal helpers, defined so that its scripts do not abort
SELECT anon.hex_to_int('ff') AS ff, anon.hex_to_int('0') AS zero, anon.hex_to_int(NULL) IS NULL AS null_in;
SELECT anon.projection_to_oid('seed', 'salt', 10) BETWEEN 1 AND 10 AS in_range,
       anon.projection_to_oid('seed', 'salt', 10) = anon.projection_to_oid('seed', 'salt', 10) AS stable,
       anon.projection_to_oid(NULL, NULL, NULL) IS NULL AS null_in;
SELECT anon.get_tablesample_ratio('member'::regclass) IS NULL AS no_sample;
SECURITY LABEL FOR anon ON TABLE member IS 'TABLESAMPLE BERNOULLI (20)';
SELECT anon.get_tablesample_ratio('member'::regclass) AS table_sample;
SECURITY LABEL FOR anon ON TABLE member IS NULL;
SECURITY LABEL FOR anon ON COLUMN member.email IS 'MASKED WITH VALUE NULL';
SELECT anon.masking_value_for_column('member', 2, 'anon') AS email,
       anon.masking_value_for_column('member', 1, 'anon') AS id;
SELECT anon.masking_expressions_for_table('member', 'anon');
SECURITY LABEL FOR anon ON COLUMN member.email IS NULL;

-- PA's pages say 'MASKED WITH VALUE c' on column c itself to keep its value
-- (the same as NOT MASKED).  Any other expression after VALUE is a rule
-- like MASKED WITH FUNCTION (a subquery stays refused, as in a function rule).
SECURITY LABEL FOR anon ON ROLE regress_pa86_analyst IS 'MASKED';
SECURITY LABEL FOR anon ON COLUMN member.email IS 'MASKED WITH VALUE email';	-- OK (itself)
SECURITY LABEL FOR anon ON COLUMN member.city IS 'MASKED WITH VALUE NULL';
SET ROLE regress_pa86_analyst;
SELECT id, email, city FROM member ORDER BY id;	-- email as stored, city masked
RESET ROLE;
-- another column, an expression: accepted as MASKED WITH FUNCTION, as PA
-- takes them (its 1.x documentation writes CASE ... END after VALUE)
BEGIN;
SECURITY LABEL FOR anon ON COLUMN member.email IS 'MASKED WITH VALUE city';
SECURITY LABEL FOR anon ON COLUMN member.email IS 'MASKED WITH VALUE CASE WHEN email IS NULL THEN $$none$$ ELSE pg_catalog.upper(email) END';
SET ROLE regress_pa86_analyst;
SELECT id, email FROM member ORDER BY id;	-- masked reads apply it
RESET ROLE;
SELECT anon.anonymize_column('member', 'email');
SELECT id, email FROM member ORDER BY id;
ROLLBACK;
SECURITY LABEL FOR anon ON COLUMN member.email IS 'MASKED WITH VALUE (SELECT min(email) FROM member)';	-- fail
SELECT anon.anonymize_column('member', 'email');	-- static masking keeps it too
SELECT id, email FROM member ORDER BY id;
-- control: the same probe sees a masked value once the rule masks
SECURITY LABEL FOR anon ON COLUMN member.email IS 'MASKED WITH VALUE NULL';
SET ROLE regress_pa86_analyst;
SELECT id, email FROM member ORDER BY id;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN member.email IS NULL;
SECURITY LABEL FOR anon ON COLUMN member.city IS NULL;
SECURITY LABEL FOR anon ON ROLE regress_pa86_analyst IS NULL;

-- PA 2.x's stop_legacy_dynamic_masking(): drops the schema of views when
-- there is one, does nothing otherwise; never unmasks a labelled role
SELECT anon.stop_legacy_dynamic_masking();	-- no schema of views: nothing to do
SELECT anon.start_dynamic_masking();
SELECT count(*) FROM pg_namespace WHERE nspname = 'mask';	-- control: the views are there
SECURITY LABEL FOR anon ON ROLE regress_pa86_analyst IS 'MASKED';
SECURITY LABEL FOR anon ON COLUMN member.city IS 'MASKED WITH VALUE NULL';
SELECT anon.stop_legacy_dynamic_masking();
SELECT count(*) FROM pg_namespace WHERE nspname = 'mask';	-- gone
SET ROLE regress_pa86_analyst;
SELECT id, city FROM member ORDER BY id;	-- still masked
SELECT anon.stop_legacy_dynamic_masking();	-- fail: superusers only
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN member.city IS NULL;
SECURITY LABEL FOR anon ON ROLE regress_pa86_analyst IS NULL;

DROP TABLE member;
\c contrib_regression
DROP DATABASE regress_pa86;
DROP ROLE regress_pa86_analyst;
DROP ROLE regress_pa86_clerk;
