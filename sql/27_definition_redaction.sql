-- A masked role reads the definitions of views and rules redacted
-- (pg_get_viewdef and pg_get_ruledef through anon._redact_label), whatever
-- the shape of the query that prints them: the redaction is made by the
-- walks that check the query's RESTRICTED calls, and where masking adds
-- expressions (a rule's), not by a walk of its own.  Every shape below
-- must print the same redacted text; the precision 5 of CURRENT_TIMESTAMP,
-- which the redaction of pg_rewrite's trees keeps (it is no constant),
-- shows whether the printer's output was redacted.
\set VERBOSITY terse
CREATE ROLE regress_dr_masked;
CREATE ROLE regress_dr_plain;
SECURITY LABEL FOR anon ON ROLE regress_dr_masked IS 'MASKED';
CREATE SCHEMA regress_dr;
GRANT USAGE ON SCHEMA regress_dr TO regress_dr_masked, regress_dr_plain;
CREATE TABLE regress_dr.t (id int PRIMARY KEY, name text, code text);
INSERT INTO regress_dr.t VALUES (1, 'alice', 'c1');
CREATE VIEW regress_dr.v AS SELECT id, name, CURRENT_TIMESTAMP(5) AS ts FROM regress_dr.t;
CREATE TABLE regress_dr.plain (id int);
INSERT INTO regress_dr.plain VALUES (1);
SECURITY LABEL FOR anon ON COLUMN regress_dr.t.name IS 'MASKED WITH VALUE ''x''';
CREATE FUNCTION regress_dr.def() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT pg_catalog.pg_get_viewdef('regress_dr.v'::pg_catalog.regclass) $$;
GRANT SELECT ON ALL TABLES IN SCHEMA regress_dr TO regress_dr_masked, regress_dr_plain;
GRANT EXECUTE ON FUNCTION regress_dr.def() TO PUBLIC;

-- positive control: an unmasked role reads the precision
SET ROLE regress_dr_plain;
SELECT pg_get_viewdef('regress_dr.v'::regclass) LIKE '%(5)%' AS precision_seen;
SELECT regress_dr.def() LIKE '%(5)%' AS precision_seen;
RESET ROLE;

SET ROLE regress_dr_masked;
-- no masked relation in the query
SELECT pg_get_viewdef('regress_dr.v'::regclass) LIKE '%(5)%' AS precision_seen;
SELECT pg_get_viewdef('regress_dr.v'::regclass) LIKE '%(5)%' AS precision_seen, p.id
FROM regress_dr.plain p;
-- a masked relation in the query (the walk that finds the columns read)
SELECT pg_get_viewdef('regress_dr.v'::regclass) LIKE '%(5)%' AS precision_seen, name
FROM regress_dr.t WHERE id = 1;
SELECT name FROM regress_dr.t WHERE pg_get_viewdef('regress_dr.v'::regclass) NOT LIKE '%(5)%';
-- lower query levels
SELECT (SELECT pg_get_viewdef('regress_dr.v'::regclass)) LIKE '%(5)%' AS precision_seen;
SELECT s.d LIKE '%(5)%' AS precision_seen, s.name
FROM (SELECT name, pg_get_viewdef('regress_dr.v'::regclass) d FROM regress_dr.t) s;
WITH c AS (SELECT pg_get_viewdef('regress_dr.v'::regclass) d) SELECT d LIKE '%(5)%' AS precision_seen FROM c;
-- a SQL function's query (planned on its own)
SELECT regress_dr.def() LIKE '%(5)%' AS precision_seen;
-- prepared, run again from its cached plan
PREPARE regress_dr_q(int) AS
  SELECT pg_get_viewdef('regress_dr.v'::regclass) LIKE '%(5)%' AS precision_seen, name FROM regress_dr.t WHERE id = $1;
EXECUTE regress_dr_q(1);
EXECUTE regress_dr_q(1);
DEALLOCATE regress_dr_q;
RESET ROLE;

-- a masking rule may not print a definition itself; through a function
-- it calls (whose query is planned inside the rule's call), redacted too
SECURITY LABEL FOR anon ON COLUMN regress_dr.t.code
  IS 'MASKED WITH FUNCTION pg_catalog.pg_get_viewdef(''regress_dr.v''::pg_catalog.regclass)';
SECURITY LABEL FOR anon ON FUNCTION regress_dr.def() IS 'TRUSTED';
SECURITY LABEL FOR anon ON COLUMN regress_dr.t.code IS 'MASKED WITH FUNCTION regress_dr.def()';
SET ROLE regress_dr_masked;
SELECT code LIKE '%(5)%' AS precision_seen, code LIKE '%CURRENT_TIMESTAMP%' AS printed FROM regress_dr.t;
SELECT code LIKE '%(5)%' AS precision_seen, code LIKE '%CURRENT_TIMESTAMP%' AS printed FROM regress_dr.t;
SELECT s.code LIKE '%(5)%' AS precision_seen FROM (SELECT code FROM regress_dr.t OFFSET 0) s;
RESET ROLE;
-- control: the same rule read by a role that is not masked is not applied
SET ROLE regress_dr_plain;
SELECT code FROM regress_dr.t;
RESET ROLE;

SET client_min_messages = warning;
DROP SCHEMA regress_dr CASCADE;
RESET client_min_messages;
DROP ROLE regress_dr_masked, regress_dr_plain;
