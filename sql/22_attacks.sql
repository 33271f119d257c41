-- A masked role attacks: every attempt either sees masked values or
-- fails.  Raw values all contain 'RAW'; a line of output with 'RAW' in
-- it would be a leak.
CREATE ROLE regress_attacker LOGIN;
CREATE ROLE regress_friend;
GRANT regress_friend TO regress_attacker;
SECURITY LABEL FOR anon ON ROLE regress_attacker IS 'MASKED';
CREATE TABLE secret (id int PRIMARY KEY, email text, code text, n int);
INSERT INTO secret VALUES (1, 'alice@RAW.example', 'RAW-1234', 42), (2, 'bob@RAW.example', 'RAW-5678', 7);
SECURITY LABEL FOR anon ON COLUMN secret.email IS 'MASKED WITH VALUE ''hidden@example.com''';
SECURITY LABEL FOR anon ON COLUMN secret.code IS 'MASKED WITH FUNCTION ''X-'' || id';
SECURITY LABEL FOR anon ON COLUMN secret.n IS 'MASKED WITH VALUE 0';
ANALYZE secret;
GRANT SELECT ON secret TO regress_attacker, regress_friend;
CREATE SCHEMA regress_playground;
GRANT ALL ON SCHEMA regress_playground TO regress_attacker;

SET SESSION AUTHORIZATION regress_attacker;
SET search_path = regress_playground, public;
-- a leaky function with a tiny cost, so the planner would like to run it first
CREATE FUNCTION leak(text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS
  $$ BEGIN RAISE NOTICE 'seen: %', $1; RETURN true; END $$;
SELECT id FROM secret WHERE leak(email) AND leak(code) ORDER BY id;
SELECT a.id FROM secret a JOIN secret b ON leak(b.code) AND a.id = b.id ORDER BY a.id;
SELECT id FROM secret WHERE email = 'alice@RAW.example';	-- nothing: quals see masked values
SELECT id FROM secret WHERE code LIKE 'RAW%';
-- notices of the reader's own functions show masked values only (above);
-- errors raised while a masked reader's query runs keep only their
-- SQLSTATE (27_error_redact)
\set VERBOSITY sqlstate
SELECT code::int FROM secret WHERE id = 1;
SELECT email::date FROM secret WHERE id = 1;
\set VERBOSITY default
-- views, functions and tables of its own
CREATE VIEW my_view AS SELECT * FROM secret;
SELECT * FROM my_view ORDER BY id;
CREATE FUNCTION my_sql() RETURNS SETOF secret LANGUAGE sql AS $$ SELECT * FROM secret $$;
SELECT * FROM my_sql() ORDER BY id;
CREATE FUNCTION my_plpgsql() RETURNS SETOF secret LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT * FROM secret; END $$;
SELECT * FROM my_plpgsql() ORDER BY id;
CREATE TEMP TABLE my_copy AS SELECT * FROM secret;
SELECT * FROM my_copy ORDER BY id;
SELECT * INTO my_copy2 FROM secret;
SELECT * FROM my_copy2 ORDER BY id;
CREATE MATERIALIZED VIEW my_mv AS SELECT * FROM secret;
SELECT * FROM my_mv ORDER BY id;
WITH w AS MATERIALIZED (SELECT * FROM secret) SELECT * FROM w ORDER BY id;
SELECT s.* FROM (VALUES (1), (2)) v(i), LATERAL (SELECT * FROM secret WHERE id = v.i) s;
SELECT DISTINCT ON (code) code FROM secret ORDER BY code;
SELECT code, count(*) FROM secret GROUP BY ROLLUP (code) ORDER BY code;
SELECT string_agg(email, ',' ORDER BY id), max(n) FROM secret;
SELECT first_value(code) OVER (ORDER BY id) FROM secret;
TABLE secret;
SELECT * FROM ONLY secret ORDER BY id;
SELECT xmlelement(name x, email) FROM secret WHERE id = 1;
SELECT to_jsonb(s) FROM secret s WHERE id = 2;
SELECT hashtext(email) = hashtext('alice@RAW.example') FROM secret WHERE id = 1;
-- plans show rule expressions and estimates from raw statistics
EXPLAIN (COSTS OFF) SELECT * FROM secret WHERE email = 'x';	-- fail
EXPLAIN (ANALYZE, VERBOSE) SELECT code FROM secret;	-- fail
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT 1 FROM secret) s;	-- fail (masked table below)
EXPLAIN (COSTS OFF) SELECT 1 AS x;	-- OK: no masked table
COPY secret TO STDOUT;
COPY (SELECT * FROM secret) TO STDOUT;
COPY secret (code) TO STDOUT WITH (FORMAT csv, HEADER);
-- the statistics hold raw values
SELECT most_common_vals FROM pg_stats WHERE tablename = 'secret';	-- fail
SELECT * FROM pg_stats_ext;	-- fail
-- switching masking off
SET anon.masking_policies = '';	-- fail
SET anon.privacy_by_default = off;	-- fail
\set VERBOSITY sqlstate
SHOW anon.salt;	-- fail
\set VERBOSITY default
\set VERBOSITY sqlstate
SELECT current_setting('anon.salt');	-- fail
\set VERBOSITY default
SELECT count(*) FROM pg_settings WHERE name = 'anon.salt';
SET ROLE regress_friend;	-- masking follows the session user
SELECT * FROM secret ORDER BY id;
RESET ROLE;
\set VERBOSITY sqlstate
SECURITY LABEL FOR anon ON ROLE regress_attacker IS NULL;	-- fail
\set VERBOSITY default
SECURITY LABEL FOR anon ON COLUMN secret.email IS 'NOT MASKED';	-- fail
SECURITY LABEL FOR anon ON COLUMN my_copy2.email IS 'NOT MASKED';	-- fail (masked roles change no labels)
LOAD 'anon';	-- fail (not allowed)
SELECT * FROM secret ORDER BY id;
-- writes that would test raw values
UPDATE secret SET n = n WHERE email = 'alice@RAW.example';	-- fail
INSERT INTO secret VALUES (1, 'x', 'y', 0) ON CONFLICT DO NOTHING;	-- fail
DELETE FROM secret RETURNING *;	-- fail
-- system columns do not bypass the mask
SELECT tableoid::regclass FROM secret LIMIT 1;	-- fail
SELECT id FROM secret s WHERE EXISTS (SELECT 1 FROM secret t WHERE t.id = s.id AND s.xmin IS NOT NULL);	-- fail
RESET search_path;
RESET SESSION AUTHORIZATION;

-- clean up
DROP SCHEMA regress_playground CASCADE;
DROP TABLE secret;
DROP OWNED BY regress_attacker;
DROP ROLE regress_attacker, regress_friend;
