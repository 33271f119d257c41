-- Red team, session 8 (third pass): EXPLAIN of a plan the plan cache kept.
-- A masked role's EXPLAIN is refused when the planner, called while it
-- runs, meets a masked relation.  EXPLAIN EXECUTE of a prepared statement
-- planned before (by the masked role itself, masked) called no planner:
-- it printed the plan, with the rules' expressions and their constants (a
-- pepper, with which the masked role hashes its guesses) and estimates
-- drawn from raw statistics.  Any plan started while a masked role's
-- EXPLAIN runs is now refused when it reads a masked relation.
\set VERBOSITY terse
CREATE ROLE regress_s8c_masked;
CREATE ROLE regress_s8c_plain;
SECURITY LABEL FOR anon ON ROLE regress_s8c_masked IS 'MASKED';
CREATE TABLE regress_s8c_t (id int, email text);
INSERT INTO regress_s8c_t VALUES (1, 'alice@RAW.example');
SECURITY LABEL FOR anon ON COLUMN regress_s8c_t.email
  IS 'MASKED WITH FUNCTION pg_catalog.md5(email || ''regress_s8c_pepper'')';
GRANT SELECT ON regress_s8c_t TO regress_s8c_masked, regress_s8c_plain;
CREATE TABLE regress_s8c_open (id int, note text);
INSERT INTO regress_s8c_open VALUES (1, 'not masked');
GRANT SELECT ON regress_s8c_open TO regress_s8c_masked, regress_s8c_plain;

-- positive control: a role that is not masked sees the plan of its
-- prepared statement, here the masking view's query, which is what the
-- masked role's plan reads: the pepper is in it
SET ROLE regress_s8c_plain;
SELECT pg_catalog.format('PREPARE regress_s8c_q AS %s',
  anon.masking_view('regress_s8c_t'::regclass)) \gexec
EXECUTE regress_s8c_q;
EXPLAIN (VERBOSE, COSTS OFF) EXECUTE regress_s8c_q;
DEALLOCATE regress_s8c_q;
RESET ROLE;

-- the masked role: EXPLAIN of the query is refused, and so is EXPLAIN
-- EXECUTE of the plan it cached (which holds the pepper)
SET ROLE regress_s8c_masked;
EXPLAIN (VERBOSE, COSTS OFF) SELECT email FROM regress_s8c_t;	-- fail
PREPARE regress_s8c_q AS SELECT email FROM regress_s8c_t;
EXECUTE regress_s8c_q;
EXPLAIN (VERBOSE, COSTS OFF) EXECUTE regress_s8c_q;	-- fail
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE regress_s8c_q;	-- fail
EXPLAIN (COSTS OFF) CREATE TEMP TABLE regress_s8c_x AS EXECUTE regress_s8c_q;	-- fail
-- its plans that read no masked relation are still explained
PREPARE regress_s8c_open_q AS SELECT note FROM regress_s8c_open;
EXECUTE regress_s8c_open_q;
EXPLAIN (COSTS OFF) EXECUTE regress_s8c_open_q;
-- and the prepared statement still runs
EXECUTE regress_s8c_q;
DEALLOCATE regress_s8c_q;
DEALLOCATE regress_s8c_open_q;
RESET ROLE;

-- clean up
DROP TABLE regress_s8c_t, regress_s8c_open;
DROP ROLE regress_s8c_masked, regress_s8c_plain;
