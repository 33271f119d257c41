-- Red team, session 6: attacks that earlier suites did not cover.  Each
-- probe has a positive control showing it would catch the leak.
--
-- A table owner's code (a domain CHECK calling its PL/pgSQL function) must
-- never run with anybody else's rights.  The function records as whom it
-- ran, and stays quiet while a label is validated (read-only, or as the
-- owner), as a real attacker's would.
\set VERBOSITY terse
CREATE ROLE regress_s6_owner;
CREATE ROLE regress_s6_masked;
SECURITY LABEL FOR anon ON ROLE regress_s6_masked IS 'MASKED';
CREATE SCHEMA regress_s6 AUTHORIZATION regress_s6_owner;
GRANT USAGE ON SCHEMA regress_s6 TO regress_s6_masked;
SET ROLE regress_s6_owner;
CREATE TABLE regress_s6.ran (who text, super bool, seen text);
GRANT INSERT, SELECT ON regress_s6.ran TO PUBLIC;
CREATE FUNCTION regress_s6.rec(text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('transaction_read_only') = 'on' OR current_user = 'regress_s6_owner' THEN
		RETURN true;
	END IF;
	INSERT INTO regress_s6.ran
	SELECT current_user, rolsuper, $1 FROM pg_catalog.pg_roles WHERE rolname = current_user;
	RETURN true;
END $$;
CREATE FUNCTION regress_s6.rec_always(text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO regress_s6.ran
	SELECT current_user, rolsuper, $1 FROM pg_catalog.pg_roles WHERE rolname = current_user;
	RETURN true;
END $$;
CREATE DOMAIN regress_s6.dom AS text CHECK (regress_s6.rec(VALUE));
CREATE DOMAIN regress_s6.dom_always AS text CHECK (regress_s6.rec_always(VALUE));
CREATE TYPE regress_s6.comp AS (c regress_s6.dom);
CREATE TABLE regress_s6.client (id int, email text);
INSERT INTO regress_s6.client VALUES (1, 'alice@RAW.example');
GRANT SELECT ON regress_s6.client TO regress_s6_masked;
RESET ROLE;

-- 1. A rule that builds a value of a type chosen at run time: the input
-- functions that take the type as an argument (record_in, array_in,
-- domain_in, ...) would run the owner's domain CHECK as the reader,
-- unseen by the check of the rule's types.
-- control: the reader itself calling record_in runs the owner's code
SET ROLE regress_s6_masked;
SELECT record_in('(x)'::cstring, 'regress_s6.comp'::regtype::oid, -1)::text AS control_built;
RESET ROLE;
SELECT who, super FROM regress_s6.ran;	-- control: regress_s6_masked
TRUNCATE regress_s6.ran;
-- control: the same domain reached by a cast is refused
SET ROLE regress_s6_owner;
SECURITY LABEL FOR anon ON COLUMN regress_s6.client.email
  IS 'MASKED WITH FUNCTION ((''('' || email || '')'')::regress_s6.comp)::text';	-- fail
-- the attacks: refused when written
SECURITY LABEL FOR anon ON COLUMN regress_s6.client.email
  IS 'MASKED WITH FUNCTION record_in((''('' || email || '')'')::cstring, ''regress_s6.comp''::regtype::oid, -1)::text';	-- fail
SECURITY LABEL FOR anon ON COLUMN regress_s6.client.email
  IS 'MASKED WITH FUNCTION array_in((''{'' || email || ''}'')::cstring, ''regress_s6.dom''::regtype::oid, -1)::text';	-- fail
SECURITY LABEL FOR anon ON COLUMN regress_s6.client.email
  IS 'MASKED WITH FUNCTION record_in((''('' || email || '')'')::cstring, id::oid, -1)::text';	-- fail
-- casts through a type's input stay admitted (the cast's type is checked)
SECURITY LABEL FOR anon ON COLUMN regress_s6.client.email
  IS 'MASKED WITH FUNCTION (''['' || id || '','' || (id + 1) || '')'')::int4range::text';	-- OK
RESET ROLE;
SET ROLE regress_s6_masked;
SELECT email FROM regress_s6.client;
RESET ROLE;
SELECT count(*) AS owner_code_ran_as_reader FROM regress_s6.ran;
-- by property, on every version: no built-in that builds a value of a
-- type chosen at run time may be called by a rule
SELECT count(*) > 5 AS probe_not_empty,
       count(*) FILTER (WHERE anon.rule_may_call(p.oid::regprocedure)) AS admitted
FROM pg_catalog.pg_proc p
WHERE p.pronamespace = 'pg_catalog'::regnamespace
  AND (p.proname IN ('pg_input_is_valid', 'pg_input_error_info')
       OR (p.pronargs >= 2 AND p.proargtypes[0] = 'cstring'::regtype
           AND p.proargtypes[1] = 'oid'::regtype));
SELECT anon.rule_may_call('textin(cstring)') AS plain_input_function;

-- 2. anon.synthesize run by a superuser on the owner's table builds values
-- of the source's types: the owner's domain CHECK must run as the owner
-- (in a security-restricted operation), never as the superuser.
SET ROLE regress_s6_owner;
CREATE TABLE regress_s6.people (id int, city regress_s6.dom_always, age int);
INSERT INTO regress_s6.people
SELECT g, 'city ' || (g % 3), g % 80 FROM generate_series(1, 600) g;
SECURITY LABEL FOR anon ON COLUMN regress_s6.people.id IS 'MASKED WITH VALUE 0';
TRUNCATE regress_s6.ran;
RESET ROLE;
-- control: the superuser's own insert runs the owner's CHECK as superuser
CREATE TABLE regress_s6_control (c regress_s6.dom_always);
INSERT INTO regress_s6_control VALUES ('x');
SELECT DISTINCT who = current_user AS control_as_superuser, super FROM regress_s6.ran;
TRUNCATE regress_s6.ran;
DROP TABLE regress_s6_control;
SELECT modelled_columns FROM anon.synthesize('regress_s6.people', 'public.regress_s6_syn', 1.0, 1e-6);
SELECT count(*) > 0 AS synthesized FROM regress_s6_syn;
SELECT DISTINCT who, super FROM regress_s6.ran;	-- the owner, not a superuser
DROP TABLE regress_s6_syn;

-- 3. The JSON functions (to_json, to_jsonb, row_to_json, json_build_*)
-- convert a value of a type that is not built in with that type's cast to
-- json, looked up at run time: the owner's cast function would run as the
-- reader.  A rule that reads or builds such a type is refused.
SET ROLE regress_s6_owner;
CREATE TYPE regress_s6.color AS ENUM ('red', 'blue');
CREATE FUNCTION regress_s6.color_json(regress_s6.color) RETURNS json
LANGUAGE plpgsql AS $$ BEGIN PERFORM regress_s6.rec($1::text); RETURN to_json($1::text); END $$;
CREATE TABLE regress_s6.paint (id int, c regress_s6.color, note text);
INSERT INTO regress_s6.paint VALUES (1, 'red', 'RAW note');
GRANT SELECT ON regress_s6.paint TO regress_s6_masked;
-- the rule first (no cast yet): accepted
SECURITY LABEL FOR anon ON COLUMN regress_s6.paint.note
  IS 'MASKED WITH FUNCTION to_json(CASE WHEN note IS NULL THEN ''red''::regress_s6.color ELSE c END)::text';	-- OK
-- then the cast: refused, since it would break the rule (the DDL check)
CREATE CAST (regress_s6.color AS json) WITH FUNCTION regress_s6.color_json(regress_s6.color);	-- fail
SECURITY LABEL FOR anon ON COLUMN regress_s6.paint.note IS NULL;
CREATE CAST (regress_s6.color AS json) WITH FUNCTION regress_s6.color_json(regress_s6.color);
-- with the cast: refused when written, whether the rule builds or reads the type
SECURITY LABEL FOR anon ON COLUMN regress_s6.paint.note
  IS 'MASKED WITH FUNCTION to_json(CASE WHEN note IS NULL THEN ''red''::regress_s6.color ELSE ''blue''::regress_s6.color END)::text';	-- fail
SECURITY LABEL FOR anon ON COLUMN regress_s6.paint.note
  IS 'MASKED WITH FUNCTION to_jsonb(c)::text';	-- fail
SECURITY LABEL FOR anon ON COLUMN regress_s6.paint.note
  IS 'MASKED WITH FUNCTION json_build_object(''k'', ARRAY[c])::text';	-- fail
RESET ROLE;
TRUNCATE regress_s6.ran;
-- control: the reader's own to_json runs the owner's cast function
SET ROLE regress_s6_masked;
SELECT to_json(c) AS control_json FROM regress_s6.paint;
RESET ROLE;
SELECT who, super FROM regress_s6.ran;	-- control: regress_s6_masked
-- a superuser may vouch for the cast's function
SECURITY LABEL FOR anon ON FUNCTION regress_s6.color_json(regress_s6.color) IS 'TRUSTED';
SET ROLE regress_s6_owner;
SECURITY LABEL FOR anon ON COLUMN regress_s6.paint.note
  IS 'MASKED WITH FUNCTION to_jsonb(c)::text';	-- OK
RESET ROLE;

-- 4. anon.generalize_to_k run by a superuser on the owner's table converts
-- the quasi-identifiers to text and back: the owner's cast to text and
-- domain CHECK must run as the owner, never as the superuser.
SET ROLE regress_s6_owner;
CREATE FUNCTION regress_s6.color_text(regress_s6.color) RETURNS text
LANGUAGE plpgsql AS $$ BEGIN PERFORM regress_s6.rec_always($1::name::text); RETURN $1::name::text; END $$;
CREATE CAST (regress_s6.color AS text) WITH FUNCTION regress_s6.color_text(regress_s6.color);
CREATE TABLE regress_s6.qi (id int, c regress_s6.color, d regress_s6.dom_always, age int);
INSERT INTO regress_s6.qi
SELECT g, CASE WHEN g % 2 = 0 THEN 'red'::regress_s6.color ELSE 'blue' END, 'd' || (g % 3), g % 50
FROM generate_series(1, 40) g;
SECURITY LABEL FOR anon ON COLUMN regress_s6.qi.c IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN regress_s6.qi.d IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN regress_s6.qi.age IS 'QUASI-IDENTIFIER';
RESET ROLE;
TRUNCATE regress_s6.ran;
-- control: the superuser's own cast runs the owner's function as superuser
SELECT c::text AS control_cast FROM regress_s6.qi WHERE id = 1;
SELECT DISTINCT who = current_user AS control_as_superuser, super FROM regress_s6.ran;
TRUNCATE regress_s6.ran;
SELECT count(*) > 0 AS generalized FROM anon.generalize_to_k('regress_s6.qi', 2);
SELECT DISTINCT who, super FROM regress_s6.ran;	-- the owner, not a superuser
-- the caller's own rights still count (the statements run as the owner)
CREATE ROLE regress_s6_analyst;
GRANT USAGE ON SCHEMA regress_s6 TO regress_s6_analyst;
GRANT SELECT (c, d) ON regress_s6.qi TO regress_s6_analyst;
SET ROLE regress_s6_analyst;
SELECT count(*) FROM anon.generalize_to_k('regress_s6.qi', 2);	-- fail: no right on age
SELECT count(*) > 0 AS generalized FROM anon.generalize_to_k('regress_s6.qi', 2, columns => ARRAY['c', 'd']);	-- OK: its columns
RESET ROLE;
SET ROLE regress_s6_owner;
ALTER TABLE regress_s6.qi ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON regress_s6.qi USING (id < 10);
GRANT SELECT ON regress_s6.qi TO regress_s6_analyst;
RESET ROLE;
SET ROLE regress_s6_analyst;
SELECT count(*) FROM anon.generalize_to_k('regress_s6.qi', 2);	-- fail: row-level security
RESET ROLE;
DROP OWNED BY regress_s6_analyst;
DROP ROLE regress_s6_analyst;
-- a masked caller (here a superuser's SET ROLE, whose session user is not
-- masked) keeps reading masked: its l-diversity of a masked sensitive
-- column is that of the masked values.  Control: the superuser's.
SET ROLE regress_s6_owner;
ALTER TABLE regress_s6.qi DISABLE ROW LEVEL SECURITY;
ALTER TABLE regress_s6.qi ADD COLUMN diag text;
UPDATE regress_s6.qi SET diag = 'RAW ' || (id % 4);
SECURITY LABEL FOR anon ON COLUMN regress_s6.qi.diag IS 'MASKED WITH VALUE ''x''';
GRANT SELECT ON regress_s6.qi TO regress_s6_masked;
RESET ROLE;
SELECT attname, k_achieved, l_achieved AS control_raw_diversity
FROM anon.generalize_to_k('regress_s6.qi', 2, "columns" => ARRAY['age'], l => 2, sensitive => 'diag');
SET ROLE regress_s6_masked;
-- fail: every masked value of diag is 'x', so no generalization is 2-diverse
SELECT attname, k_achieved, l_achieved
FROM anon.generalize_to_k('regress_s6.qi', 2, "columns" => ARRAY['age'], l => 2, sensitive => 'diag');
RESET ROLE;

-- 5. A DIFFERENTIAL PRIVACY role declares aggregates of its own with
-- anon's transition function: without a final function one returned the
-- (sealed) state of a protected count, and with that state as INITCOND,
-- anon's final function released it again in every group of one charged
-- query: averaging the releases gave the exact count.  Only anon's own
-- aggregates are differentially private.
CREATE ROLE regress_s6_dp;
CREATE ROLE regress_s6_plain;
SECURITY LABEL FOR anon ON ROLE regress_s6_dp IS 'DIFFERENTIAL PRIVACY';
CREATE TABLE regress_s6_people (id int, salary int);
INSERT INTO regress_s6_people SELECT g, (g * 37) % 700 FROM generate_series(1, 1000) g;
SECURITY LABEL FOR anon ON COLUMN regress_s6_people.salary IS 'MASKED WITH VALUE 0';
GRANT SELECT ON regress_s6_people TO regress_s6_dp, regress_s6_plain;
SELECT anon.set_budget('regress_s6_dp', 100, 1e-3);
SELECT count(*) AS exact FROM regress_s6_people WHERE salary >= 600;
-- control: 500 releases of one count average to the exact count (the
-- unlabelled role, whose queries the guard leaves alone)
SET ROLE regress_s6_plain;
SELECT round(avg(c)) AS averaged FROM (SELECT g, anon.anon_count_unclamped(1.0) c
  FROM regress_s6_people, generate_series(1, 500) g WHERE salary >= 600 GROUP BY g) s;
CREATE AGGREGATE pg_temp.state_of(float8) (SFUNC = anon._dp_count_star_trans, STYPE = anon.dp_state);
SELECT set_config('regress_s6.state', pg_temp.state_of(1.0)::text, false) IS NOT NULL AS got_state
FROM regress_s6_people WHERE salary >= 600;
RESET ROLE;
-- the DP role: its own aggregate over the table is not a DP release
SET ROLE regress_s6_dp;
CREATE AGGREGATE pg_temp.dp_state_of(float8) (SFUNC = anon._dp_count_star_trans, STYPE = anon.dp_state);
SELECT pg_temp.dp_state_of(1.0) IS NOT NULL AS got_state FROM regress_s6_people WHERE salary >= 600;	-- fail
-- a state it got elsewhere, replayed through anon's final function: refused
DO $$ BEGIN
	EXECUTE format('CREATE AGGREGATE pg_temp.replay(float8) (SFUNC = anon._dp_count_star_trans, '
				   'STYPE = anon.dp_state, FINALFUNC = anon._dp_count_unclamped_final, '
				   'FINALFUNC_EXTRA, INITCOND = %L)', current_setting('regress_s6.state'));
END $$;
SELECT round(avg(r) - 1) AS averaged FROM (SELECT g, pg_temp.replay(1.0) r
  FROM generate_series(1, 500) g GROUP BY g) s;	-- fail
DROP AGGREGATE pg_temp.dp_state_of(float8), pg_temp.replay(float8);
RESET ROLE;
DROP AGGREGATE pg_temp.state_of(float8);
RESET regress_s6.state;
DELETE FROM anon.dp_budget WHERE role::text = 'regress_s6_dp';
DROP TABLE regress_s6_people;
DROP ROLE regress_s6_dp, regress_s6_plain;

-- 6. A database where the extension is not installed (or was dropped):
-- labels are the library's and outlive the extension.  A masked role reads
-- masked there; a DIFFERENTIAL PRIVACY role read the labelled table raw.
-- Without anon's aggregates, nothing of it may be read.
CREATE ROLE regress_s6_dpx;
CREATE ROLE regress_s6_mx;
CREATE ROLE regress_s6_px;
SECURITY LABEL FOR anon ON ROLE regress_s6_dpx IS 'DIFFERENTIAL PRIVACY';
SECURITY LABEL FOR anon ON ROLE regress_s6_mx IS 'MASKED';
CREATE DATABASE regress_s6_noext;
\c regress_s6_noext
SELECT count(*) AS anon_installed FROM pg_extension WHERE extname = 'anon';
CREATE TABLE t (id int, s text);
INSERT INTO t VALUES (1, 'RAW value');
SECURITY LABEL FOR anon ON COLUMN t.s IS 'MASKED WITH VALUE ''hidden''';
CREATE TABLE u (id int, s text);
INSERT INTO u VALUES (1, 'not labelled');
GRANT SELECT ON t, u TO regress_s6_dpx, regress_s6_mx, regress_s6_px;
SET ROLE regress_s6_px;
SELECT s FROM t;	-- control: RAW
RESET ROLE;
SET ROLE regress_s6_mx;
SELECT s FROM t;	-- masked
RESET ROLE;
SET ROLE regress_s6_dpx;
SELECT s FROM t;	-- fail
SELECT count(*) FROM t WHERE s LIKE 'RAW%';	-- fail
SELECT s FROM u;	-- an unlabelled table reads as before
RESET ROLE;
\c contrib_regression
DROP DATABASE regress_s6_noext;
DROP ROLE regress_s6_dpx, regress_s6_mx, regress_s6_px;

-- 7. anon.check_masked_role reports what lets a masked role around its
-- masking: also streaming the WAL (REPLICATION), making a login role that
-- is a member of an unmasked one (CREATEROLE), other sessions' query
-- texts (pg_read_all_stats, pg_monitor).  Control: the plain masked role.
CREATE ROLE regress_s6_wide REPLICATION CREATEROLE;
SECURITY LABEL FOR anon ON ROLE regress_s6_wide IS 'MASKED';
GRANT pg_read_all_stats TO regress_s6_wide;
SELECT risk, object FROM anon.check_masked_role('regress_s6_masked') ORDER BY 1, 2;
SELECT risk, object FROM anon.check_masked_role('regress_s6_wide') ORDER BY 1, 2;
DROP ROLE regress_s6_wide;

-- 8. A rule's SQL function is parsed when it runs, in the reader's session:
-- an unqualified operator in its body (anon.dnoise(time, interval) said
-- "+") resolved to one the reader put first on its search_path, which got
-- the raw value.  A rule's call runs under pg_catalog, anon, pg_temp
-- unless the function sets its own search_path.
CREATE TABLE regress_s6.clock (id int, t time, u text);
INSERT INTO regress_s6.clock VALUES (1, '13:37:42', 'RAW u');
GRANT SELECT ON regress_s6.clock TO regress_s6_masked;
SECURITY LABEL FOR anon ON COLUMN regress_s6.clock.t IS 'MASKED WITH FUNCTION anon.dnoise(t, ''1 hour'')';
-- a function a superuser trusts, without a search_path of its own, and one with
CREATE SCHEMA regress_s6_tr;
CREATE FUNCTION regress_s6_tr.tag(text) RETURNS text LANGUAGE sql AS $$ SELECT 'tag:' || length($1) $$;
CREATE FUNCTION regress_s6_tr.helper(text) RETURNS text LANGUAGE sql AS $$ SELECT 'helper' $$;
CREATE FUNCTION regress_s6_tr.own_path(text) RETURNS text LANGUAGE sql
  SET search_path = regress_s6_tr, pg_catalog AS $$ SELECT helper($1) $$;
SECURITY LABEL FOR anon ON SCHEMA regress_s6_tr IS 'TRUSTED';
GRANT USAGE ON SCHEMA regress_s6_tr TO regress_s6_masked;
SECURITY LABEL FOR anon ON COLUMN regress_s6.clock.u IS 'MASKED WITH FUNCTION regress_s6_tr.tag(u) || regress_s6_tr.own_path(u)';
CREATE SCHEMA regress_s6_trap AUTHORIZATION regress_s6_masked;
SET ROLE regress_s6_masked;
CREATE TABLE regress_s6_trap.loot (v text);
CREATE FUNCTION regress_s6_trap.tpl(time, interval) RETURNS time LANGUAGE plpgsql
  AS $$ BEGIN INSERT INTO regress_s6_trap.loot VALUES ($1::text); RETURN $1 OPERATOR(pg_catalog.+) $2; END $$;
CREATE OPERATOR regress_s6_trap.+ (FUNCTION = regress_s6_trap.tpl, LEFTARG = time, RIGHTARG = interval);
CREATE FUNCTION regress_s6_trap.length(text) RETURNS int LANGUAGE plpgsql
  AS $$ BEGIN INSERT INTO regress_s6_trap.loot VALUES ($1); RETURN 0; END $$;
SET search_path = regress_s6_trap, pg_catalog;
-- control: the reader's own calls take its operator and function (anon's
-- own SQL functions name their operators with the schema: 24_attacks_s7b)
SELECT ('01:02:03'::time + '1 hour'::interval) IS NOT NULL AS control_own_call,
       regress_s6_tr.tag('mine') AS control_tag;
SELECT v AS control_captured FROM regress_s6_trap.loot ORDER BY v;
TRUNCATE regress_s6_trap.loot;
-- the rules' calls do not
SELECT t <> '13:37:42' AS noised, u FROM regress_s6.clock;
SELECT count(*) AS captured FROM regress_s6_trap.loot;
RESET search_path;
RESET ROLE;
DROP SCHEMA regress_s6_trap CASCADE;
DROP TABLE regress_s6.clock;
DROP SCHEMA regress_s6_tr CASCADE;

-- 9. A function a superuser labelled TRUSTED keeps its label through
-- CREATE OR REPLACE (the label is on its OID): its owner could change the
-- body, or its search_path, after the review, and every masked reader's
-- rule would run the new code.  Only a superuser may change it.
SET ROLE regress_s6_owner;
CREATE FUNCTION regress_s6.stars(text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT pg_catalog.repeat('*', pg_catalog.length($1)) $$;
CREATE FUNCTION regress_s6.plain(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;
RESET ROLE;
SECURITY LABEL FOR anon ON FUNCTION regress_s6.stars(text) IS 'TRUSTED';
SET ROLE regress_s6_owner;
SECURITY LABEL FOR anon ON COLUMN regress_s6.client.email IS 'MASKED WITH FUNCTION regress_s6.stars(email)';	-- OK
CREATE OR REPLACE FUNCTION regress_s6.stars(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;	-- fail
ALTER FUNCTION regress_s6.stars(text) SET search_path = regress_s6;	-- fail
ALTER FUNCTION regress_s6.stars(text) VOLATILE;	-- fail
CREATE OR REPLACE FUNCTION regress_s6.plain(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'x' $$;	-- OK: not TRUSTED
RESET ROLE;
SET ROLE regress_s6_masked;
SELECT email FROM regress_s6.client;
RESET ROLE;
-- control: a superuser's replacement goes through, and the label stays
CREATE OR REPLACE FUNCTION regress_s6.stars(text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT pg_catalog.repeat('#', pg_catalog.length($1)) $$;
SELECT provider, label FROM pg_seclabels WHERE objname = 'regress_s6.stars(text)';
SET ROLE regress_s6_masked;
SELECT email FROM regress_s6.client;
RESET ROLE;

-- 10. Errors of missing objects kept their text for masked readers, but
-- what the executor looks up can be a value of the row: a rule passing a
-- column to anon as a locale, or casting it to regconfig, failed quoting
-- the raw value.  While a masked reader's statement runs, only permission
-- errors (42501) keep their text among those classes.
CREATE TABLE regress_s6.doc (id int, loc text, body text);
INSERT INTO regress_s6.doc VALUES (1, 'zz_RAWSECRET', 'some words');
GRANT SELECT ON regress_s6.doc TO regress_s6_masked;
SECURITY LABEL FOR anon ON COLUMN regress_s6.doc.body
  IS 'MASKED WITH FUNCTION anon.dummy_words_locale(CASE WHEN id = 1 THEN ''en_US'' ELSE loc END, ''[1,1]'')';
UPDATE regress_s6.doc SET id = 2;
-- control: unmasked, the error quotes the raw value
SELECT anon.dummy_words_locale(loc, '[1,1]') FROM regress_s6.doc;
SET ROLE regress_s6_masked;
SELECT body FROM regress_s6.doc;	-- fail, the text hidden
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_s6.doc.body IS NULL;
UPDATE regress_s6.doc SET id = 1;
SECURITY LABEL FOR anon ON COLUMN regress_s6.doc.body
  IS 'MASKED WITH FUNCTION to_tsvector((CASE WHEN id = 1 THEN ''simple'' ELSE loc END)::regconfig, body)::text';
UPDATE regress_s6.doc SET id = 2;
SELECT to_tsvector(loc::regconfig, body) FROM regress_s6.doc;	-- control: quotes the raw value
SET ROLE regress_s6_masked;
SELECT body FROM regress_s6.doc;	-- fail, the text hidden
SELECT nosuch FROM regress_s6.doc;	-- the reader's own mistakes keep their text
SELECT nextval('regress_s6_noseq');	-- so do missing objects it names itself
RESET ROLE;

-- 11. pg_seclabel is redacted for masked roles, but the masking views that
-- anon.create_masking_views makes hold the rules' text, constants
-- included, and every role reads view definitions (pg_views,
-- pg_get_viewdef, pg_rewrite).  For a masked role they are redacted too.
CREATE TABLE regress_s6.salted (id int, email text);
INSERT INTO regress_s6.salted VALUES (1, 'a@RAW.example');
SECURITY LABEL FOR anon ON COLUMN regress_s6.salted.email
  IS 'MASKED WITH FUNCTION md5(email || ''S4LTVALUE'')';
SELECT count(*) AS made FROM anon.create_masking_views('anon', 'regress_s6_views') v WHERE v::text = 'regress_s6_views.salted';
CREATE ROLE regress_s6_plain;
-- control: an unmasked role reads the salt in the view's definition
SET ROLE regress_s6_plain;
SELECT count(*) AS salt_in_definition FROM pg_views
WHERE schemaname = 'regress_s6_views' AND definition LIKE '%S4LTVALUE%';
RESET ROLE;
SET ROLE regress_s6_masked;
SELECT count(*) AS salt_in_definition FROM pg_views
WHERE schemaname = 'regress_s6_views' AND definition LIKE '%S4LTVALUE%';
SELECT count(*) > 0 AS views_listed FROM pg_views WHERE schemaname = 'regress_s6_views';
SELECT pg_get_viewdef(c.oid) LIKE '%S4LTVALUE%' AS salt_by_oid
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'regress_s6_views' AND c.relname = 'salted';
SELECT count(*) FILTER (WHERE ev_action::text LIKE '%:constisnull false%') AS trees_with_constants
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'regress_s6_views';
RESET ROLE;
-- control: unmasked, the same trees hold the constants
SELECT count(*) FILTER (WHERE ev_action::text LIKE '%:constisnull false%') > 0 AS trees_with_constants
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'regress_s6_views';
SET client_min_messages = warning;
DROP SCHEMA regress_s6_views CASCADE;
RESET client_min_messages;
DROP TABLE regress_s6.salted;
DROP ROLE regress_s6_plain;

-- clean up
DROP SCHEMA regress_s6 CASCADE;
DROP ROLE regress_s6_owner, regress_s6_masked;
