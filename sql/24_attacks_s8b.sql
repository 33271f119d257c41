-- Red team, session 8 (second pass): messages of level LOG and DEBUG.
-- Anyone may lower client_min_messages and turn debug_print_plan,
-- debug_print_parse, debug_print_rewritten and trace_sort on: a masked
-- reader then received the plan of its query, with the constants of the
-- masking rules (a pepper or a salt, with which it hashes its guesses and
-- finds the raw values behind the masked ones), the query trees of views
-- whose definitions are redacted for it, and where the DBA loads
-- auto_explain, plans with estimates drawn from raw statistics (EXPLAIN is
-- refused to it for that).  No LOG or DEBUG message reaches a masked
-- reader's client.  (With VERBOSITY terse the plan itself, in the DETAIL,
-- is not printed here: the line "LOG:  plan:" shows whether it was sent.)
\set VERBOSITY terse
SELECT current_user AS current_user_name \gset
CREATE ROLE regress_s8b_masked LOGIN;
CREATE ROLE regress_s8b_plain;
SECURITY LABEL FOR anon ON ROLE regress_s8b_masked IS 'MASKED';
CREATE TABLE regress_s8b_t (id int, email text);
INSERT INTO regress_s8b_t VALUES (1, 'alice@RAW.example');
SECURITY LABEL FOR anon ON COLUMN regress_s8b_t.email
  IS 'MASKED WITH FUNCTION pg_catalog.md5(email || ''regress_s8b_pepper'')';
GRANT SELECT ON regress_s8b_t TO regress_s8b_masked, regress_s8b_plain;

-- positive control: an unmasked role receives the plan, with the pepper
SET ROLE regress_s8b_plain;
SET client_min_messages = log;
SET debug_print_plan = on;
SELECT email = pg_catalog.md5('alice@RAW.example' || 'regress_s8b_pepper') AS same
  FROM regress_s8b_t;
DO $$ BEGIN RAISE LOG 'a LOG message reaches the client'; END $$;
RESET debug_print_plan;
RESET client_min_messages;
RESET ROLE;

-- the masked role: its results, never the plan nor any LOG message (with
-- the pepper it would confirm its guess of the raw email: true)
SET ROLE regress_s8b_masked;
SET client_min_messages = log;
SET debug_print_plan = on;
SET debug_print_parse = on;
SET debug_print_rewritten = on;
SELECT email = pg_catalog.md5('alice@RAW.example' || 'regress_s8b_pepper') AS same
  FROM regress_s8b_t;
DO $$ BEGIN RAISE LOG 'a LOG message must not reach a masked client'; END $$;
-- lowered by a function of the query itself
RESET client_min_messages;
SELECT pg_catalog.set_config('client_min_messages', 'log', false) AS level,
  length(email) FROM regress_s8b_t;
SELECT id FROM regress_s8b_t;
RESET client_min_messages;
RESET debug_print_plan;
RESET debug_print_parse;
RESET debug_print_rewritten;
RESET ROLE;

-- a masked login, without SET ROLE
\c - regress_s8b_masked
\set VERBOSITY terse
SET client_min_messages = log;
SET debug_print_plan = on;
SELECT id FROM regress_s8b_t;
DO $$ BEGIN RAISE LOG 'a LOG message must not reach a masked client'; END $$;
\c - :current_user_name
\set VERBOSITY terse

-- control: back to an unmasked role, LOG messages reach the client again
SET client_min_messages = log;
DO $$ BEGIN RAISE LOG 'a LOG message reaches the client again'; END $$;
RESET client_min_messages;

-- clean up
DROP TABLE regress_s8b_t;
DROP ROLE regress_s8b_masked, regress_s8b_plain;
