-- What a masking rule may call (src/trust.c, doc/trust-model.md): the
-- property rule applied to every function of pg_catalog, the attacks of
-- issue 15 class 1 (rules that run any SQL) and class 7 (validation that
-- runs the owner's code as the caller), each with a positive control.
\set VERBOSITY terse

-- 1. Every function of pg_catalog, mechanically.  Admitted built-ins are
-- not VOLATILE and are PARALLEL SAFE, but for the two randomness draws:
SELECT p.oid::regprocedure AS admitted_volatile_or_not_parallel_safe,
       p.provolatile, p.proparallel
FROM pg_catalog.pg_proc p
WHERE p.pronamespace = 'pg_catalog'::regnamespace
  AND anon.rule_may_call(p.oid::regprocedure)
  AND (p.provolatile = 'v' OR p.proparallel <> 's')
ORDER BY 1::text;
-- admitted built-ins are plain functions of internal, C or SQL, made by initdb
SELECT count(*) AS admitted_not_builtin
FROM pg_catalog.pg_proc p
WHERE p.pronamespace = 'pg_catalog'::regnamespace
  AND anon.rule_may_call(p.oid::regprocedure)
  AND (p.oid >= 16384 OR p.prokind <> 'f'
       OR p.prolang NOT IN (SELECT oid FROM pg_catalog.pg_language WHERE lanname IN ('internal', 'c', 'sql'))
       OR p.prorettype = 'internal'::regtype OR 'internal'::regtype = ANY (p.proargtypes));
-- the admitted built-ins written in SQL (their bodies, fixed by initdb, call only built-ins), reviewed:
SELECT p.oid::regprocedure AS admitted_sql_builtin, p.provolatile
FROM pg_catalog.pg_proc p
WHERE p.pronamespace = 'pg_catalog'::regnamespace
  AND anon.rule_may_call(p.oid::regprocedure)
  AND p.prolang = (SELECT oid FROM pg_catalog.pg_language WHERE lanname = 'sql')
ORDER BY 1::text;
-- known SQL-text executors, side effects, file, large-object and setting
-- readers, signals and sleeps: every one refused (and the probe is not empty)
CREATE TEMP TABLE dangerous AS
SELECT p.oid::regprocedure AS f
FROM pg_catalog.pg_proc p
WHERE p.pronamespace = 'pg_catalog'::regnamespace
  AND (p.proname ~ '_to_xml' OR p.proname ~ '^lo_' OR p.proname ~ 'advisory'
       OR p.proname ~ '^pg_(read|ls_|stat_file|cancel|terminate|reload|rotate|switch|create|drop|promote|logical|sleep|notify|stat_reset|backup|start_backup|stop_backup|import|log_backend)'
       OR p.proname ~ 'replication_(slot|origin_(create|drop|advance|session|xact))'
       OR p.oid = 'ts_rewrite(tsquery,text)'::regprocedure
       OR p.proname ~ '^pg_(backend_pid|current_xact_id|current_logfile|export_snapshot|stat_get)'
       OR p.proname IN ('query_to_xml', 'ts_stat', 'set_config', 'current_setting',
                        'setval', 'nextval', 'currval', 'lastval', 'setseed', 'txid_current',
                        'pg_notify', 'pg_get_viewdef', 'cursor_to_xml', 'pg_cursor',
                        'pg_prepared_statement', 'pg_show_all_settings',
                        'pg_advisory_lock', 'pg_trigger_depth', 'pg_listening_channels'));
SELECT count(*) > 150 AS probe_not_empty,
       count(*) FILTER (WHERE anon.rule_may_call(f)) AS dangerous_admitted
FROM dangerous;
SELECT f AS dangerous_but_admitted FROM dangerous WHERE anon.rule_may_call(f) ORDER BY 1::text;
-- the examples of issue 15 by name
SELECT f, anon.rule_may_call(f::regprocedure) AS may_call
FROM (VALUES ('query_to_xml(text,boolean,boolean,text)'), ('table_to_xml(regclass,boolean,boolean,text)'),
             ('ts_stat(text)'), ('set_config(text,text,boolean)'), ('setval(regclass,bigint)'),
             ('nextval(regclass)'), ('pg_notify(text,text)'), ('lo_get(oid)'), ('pg_read_file(text)'),
             ('pg_ls_dir(text)'), ('pg_sleep(double precision)'), ('pg_advisory_lock(bigint)'),
             ('pg_terminate_backend(integer,bigint)'), ('current_setting(text)'),
             ('md5(text)'), ('left(text,integer)'), ('random()'), ('gen_random_uuid()'),
             ('now()'), ('clock_timestamp()')) AS v(f);
-- a built-in is trusted by what it is, not by a schema's label
SECURITY LABEL FOR anon ON SCHEMA pg_catalog IS 'TRUSTED';	-- a NOTICE: changes nothing (trusted by property)
SECURITY LABEL FOR anon ON SCHEMA pg_catalog IS NULL;

-- anon: its functions that write (PARALLEL UNSAFE) or run queries (PARALLEL
-- RESTRICTED) are refused, every PARALLEL SAFE one admitted
SELECT count(*) AS anon_rule_differs_from_parallel_mark
FROM pg_catalog.pg_proc p
WHERE p.pronamespace = 'anon'::regnamespace
  AND anon.rule_may_call(p.oid::regprocedure) IS DISTINCT FROM (p.proparallel = 's');
SELECT p.proname, bool_or(anon.rule_may_call(p.oid::regprocedure)) AS may_call
FROM pg_catalog.pg_proc p
WHERE p.pronamespace = 'anon'::regnamespace
  AND p.proname IN ('anonymize_table', 'anonymize_database', 'import_rules', 'create_key',
                    'drop_key', 'rotate_key', 'create_masked_copy', 'start_masked_replication',
                    'k_anonymity_query', '_apply_label', 'detect', 'budget_remaining',
                    'partial_email', 'fake_first_name')
GROUP BY 1 ORDER BY 1;

-- anon's admitted functions written in SQL or PL/pgSQL, and the built-ins
-- their bodies name that a rule could not call directly (reviewed:
-- check_masked_role reads anon's own settings, export_rules aggregates
-- pg_seclabel; neither writes nor runs SQL text)
WITH called AS (
  SELECT p.oid::regprocedure::text AS f, lower(m[1]) AS builtin
  FROM pg_catalog.pg_proc p,
       regexp_matches(p.prosrc, '([A-Za-z_][A-Za-z0-9_]*)\s*\(', 'g') AS m
  WHERE p.pronamespace = 'anon'::regnamespace
    AND anon.rule_may_call(p.oid::regprocedure)
    AND p.prolang IN (SELECT oid FROM pg_catalog.pg_language WHERE lanname IN ('sql', 'plpgsql')))
SELECT DISTINCT f, builtin FROM called c
WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_proc q
              WHERE q.pronamespace = 'pg_catalog'::regnamespace AND q.proname = c.builtin)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc q
                  WHERE q.pronamespace = 'pg_catalog'::regnamespace AND q.proname = c.builtin
                    AND anon.rule_may_call(q.oid::regprocedure))
ORDER BY 1, 2;

-- 2. The attack of issue 15: a table owner's rule runs his code through an
-- SQL-text executor, as whoever reads; a superuser previewing the masked
-- role with SET ROLE runs it, and the owner's code does RESET ROLE.
CREATE ROLE regress_tr_owner;
CREATE ROLE regress_tr_masked;
SECURITY LABEL FOR anon ON ROLE regress_tr_masked IS 'MASKED';
CREATE SCHEMA regress_tr AUTHORIZATION regress_tr_owner;
GRANT USAGE ON SCHEMA regress_tr TO regress_tr_masked;
SET ROLE regress_tr_owner;
CREATE TABLE regress_tr.client (id int, name varchar(20), born date);
INSERT INTO regress_tr.client VALUES (1, 'Alice', '1980-01-02');
CREATE TABLE regress_tr.empty (id int, n int);
GRANT SELECT ON regress_tr.client, regress_tr.empty TO regress_tr_masked;
CREATE FUNCTION regress_tr.escalate() RETURNS text LANGUAGE plpgsql
AS $$ BEGIN RESET ROLE; RETURN current_user; END $$;
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION pg_catalog.query_to_xml(''SELECT regress_tr.escalate()'', true, true, '''')::text';	-- fail (runs SQL text)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION query_to_xml(''SELECT 1'', true, true, '''')::text';	-- fail (runs SQL text, unqualified)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION table_to_xml(''regress_tr.client'', true, true, '''')::text';	-- fail
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION set_config(''role'', ''postgres'', true)';	-- fail (side effect)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION pg_read_file(''/etc/passwd'')';	-- fail (file)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION encode(lo_get(1), ''hex'')';	-- fail (large object)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION current_setting(''regress.unmask'')';	-- fail (the reader sets it)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION name || pg_sleep(1)';	-- fail (side effect)
CREATE SEQUENCE regress_tr.s;
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION name || nextval(''regress_tr.s'')';	-- fail (side effect)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION regress_tr.escalate()';	-- fail (untrusted schema)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION (SELECT regress_tr.escalate())';	-- fail (subquery)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION max(name)';	-- fail (aggregate)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION first_value(name) OVER ()';	-- fail (window function)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION generate_series(1, 2)::text';	-- fail (set-returning)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION left(md5(name), 6) || substr(gen_random_uuid()::text, 1, 0) || repeat(''*'', (random() * 0)::int)';	-- OK (computes only)
RESET ROLE;
-- positive control: the same text run by the superuser as the masked role
-- does reach the owner's code, which makes itself superuser again
SET ROLE regress_tr_masked;
SELECT (xpath('/row/escalate/text()', query_to_xml('SELECT regress_tr.escalate()', true, true, '')))[1]::text = session_user AS owner_code_became_superuser;
RESET ROLE;
-- the preview through the rule shows the mask, and stays the masked role
SET ROLE regress_tr_masked;
SELECT name = left(md5('Alice'), 6) AS masked, current_user FROM regress_tr.client;
RESET ROLE;

-- one function, not a whole schema, may be trusted (PostgreSQL Anonymizer does this)
SET ROLE regress_tr_owner;
CREATE FUNCTION regress_tr.stars(text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT pg_catalog.repeat('*', pg_catalog.length($1)) $$;
SECURITY LABEL FOR anon ON FUNCTION regress_tr.stars(text) IS 'TRUSTED';	-- fail (superuser only)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION regress_tr.stars(name)';	-- fail (not trusted yet)
RESET ROLE;
SECURITY LABEL FOR anon ON FUNCTION regress_tr.stars(text) IS 'TRUSTED';	-- OK
SECURITY LABEL FOR anon ON FUNCTION clock_timestamp() IS 'TRUSTED';	-- OK (a superuser vouches for a built-in)
-- TRUSTED never silently replaces RESTRICTED (one label per provider)
CREATE FUNCTION regress_tr.keyed(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT md5($1) $$;
SECURITY LABEL FOR anon ON FUNCTION regress_tr.keyed(text) IS 'RESTRICTED';	-- OK
SECURITY LABEL FOR anon ON FUNCTION regress_tr.keyed(text) IS 'TRUSTED';	-- fail (would lift RESTRICTED)
SELECT label FROM pg_catalog.pg_seclabels WHERE objoid = 'regress_tr.keyed(text)'::regprocedure;
SELECT anon.rule_may_call('regress_tr.stars(text)'), anon.rule_may_call('regress_tr.escalate()'),
       anon.rule_may_call('clock_timestamp()');
SET ROLE regress_tr_owner;
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION regress_tr.stars(name)';	-- OK
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.born IS 'MASKED WITH FUNCTION clock_timestamp()::date';	-- OK
RESET ROLE;
SET ROLE regress_tr_masked;
SELECT name, born = current_date AS born_masked FROM regress_tr.client;
RESET ROLE;
SECURITY LABEL FOR anon ON FUNCTION clock_timestamp() IS NULL;	-- fail (a rule uses it)
SET ROLE regress_tr_owner;
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.born IS NULL;
RESET ROLE;
SECURITY LABEL FOR anon ON FUNCTION clock_timestamp() IS NULL;	-- OK
SET ROLE regress_tr_owner;
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.born IS 'MASKED WITH FUNCTION clock_timestamp()::date';	-- fail (no longer trusted)
RESET ROLE;

-- what the expression runs, not what it names: default arguments, domains
CREATE SCHEMA regress_tr_lib;
GRANT USAGE, CREATE ON SCHEMA regress_tr_lib TO regress_tr_owner, regress_tr_masked;
SECURITY LABEL FOR anon ON SCHEMA regress_tr_lib IS 'TRUSTED';
SET ROLE regress_tr_owner;
CREATE FUNCTION regress_tr_lib.tag(v text, t text DEFAULT regress_tr.escalate()) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT v || t $$;
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION regress_tr_lib.tag(name)';	-- fail (its default argument runs an untrusted function)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION regress_tr_lib.tag(name, ''x'')';	-- fail (still: every default is checked)
CREATE DOMAIN regress_tr.checked AS text CHECK (regress_tr.escalate() IS NOT NULL);
CREATE TYPE regress_tr.pair AS (a int, b regress_tr.checked);
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION name::regress_tr.checked';	-- fail (domain check)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION (jsonb_populate_record(NULL::regress_tr.pair, ''{"a": 1}'')).a::text';	-- fail (builds the domain)
RESET ROLE;

-- 3. Validation runs as the table's owner in a security-restricted
-- operation, never as the superuser who writes or imports the label.
SET ROLE regress_tr_owner;
CREATE FUNCTION regress_tr_lib.probe(text) RETURNS text LANGUAGE plpgsql
AS $$
BEGIN
	RAISE NOTICE 'probe runs as %, superuser %', current_user,
		(SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user);
	COPY (SELECT 1) TO PROGRAM 'cat > /dev/null';
	RETURN $1;
END $$;
CREATE FUNCTION regress_tr_lib.grab(text) RETURNS text LANGUAGE plpgsql
AS $$
BEGIN
	ALTER ROLE regress_tr_owner SUPERUSER;
	RETURN $1;
END $$;
RESET ROLE;
-- positive control: run by a superuser, the probe has his rights
SELECT regress_tr_lib.probe('x') AS probe_ran;
-- the attacks: a superuser imports, or writes, the owner's rule
SELECT anon.import_rules('{"format": "anon-rules", "labels": [{"object": "column", "names": ["regress_tr", "client", "name"], "provider": "anon", "label": "MASKED WITH FUNCTION regress_tr_lib.probe(name)"}]}');	-- fail (runs as the owner)
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION regress_tr_lib.grab(name)';	-- fail (runs as the owner)
SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = 'regress_tr_owner';
-- the owner's code may not SET ROLE back from inside a rule being validated
SET ROLE regress_tr_owner;
CREATE FUNCTION regress_tr_lib.hop(text) RETURNS text LANGUAGE plpgsql
AS $$ BEGIN RESET ROLE; RETURN current_user; END $$;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_tr.client.name IS 'MASKED WITH FUNCTION regress_tr_lib.hop(name)';	-- fail (security-restricted)

-- 4. Errors say where
SET ROLE regress_tr_owner;
SECURITY LABEL FOR anon ON COLUMN regress_tr.empty.n IS 'MASKED WITH FUNCTION 1/0';	-- fail (at label time, even on an empty table)
SECURITY LABEL FOR anon ON COLUMN regress_tr.empty.n IS 'MASKED WITH FUNCTION (SELECT 1)';	-- fail (a subquery, said so)
\set VERBOSITY default
SECURITY LABEL FOR anon ON COLUMN regress_tr.empty.n IS 'MASKED WITH FUNCTION n + nosuch_column';	-- fail (the caret points into the rule)
SECURITY LABEL FOR anon ON COLUMN regress_tr.empty.n IS 'MASKED WITH FUNCTION n +';	-- fail (syntax, the caret in the rule)
\set VERBOSITY terse
SECURITY LABEL FOR anon ON TABLE regress_tr.empty IS 'TABLESAMPLE BERNOULLI (200)';	-- fail (a percentage)
SECURITY LABEL FOR anon ON TABLE regress_tr.empty IS 'TABLESAMPLE SYSTEM (-1)';	-- fail (a percentage)
SECURITY LABEL FOR anon ON TABLE regress_tr.empty IS 'TABLESAMPLE BERNOULLI (NULL)';	-- fail (NULL)
SECURITY LABEL FOR anon ON TABLE regress_tr.empty IS 'TABLESAMPLE BERNOULLI (10) REPEATABLE (NULL)';	-- fail (NULL seed)
SECURITY LABEL FOR anon ON TABLE regress_tr.empty IS 'TABLESAMPLE BERNOULLI ((random() * 10)::float4)';	-- fail (not a constant)
SECURITY LABEL FOR anon ON TABLE regress_tr.empty IS 'TABLESAMPLE BERNOULLI ((SELECT 10))';	-- fail (subquery)
SECURITY LABEL FOR anon ON TABLE regress_tr.empty IS 'TABLESAMPLE BERNOULLI (100) REPEATABLE (7)';	-- OK
SECURITY LABEL FOR anon ON TABLE regress_tr.empty IS NULL;
RESET ROLE;

DROP SCHEMA regress_tr, regress_tr_lib CASCADE;
DROP ROLE regress_tr_owner, regress_tr_masked;
