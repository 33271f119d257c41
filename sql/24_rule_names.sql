-- Names in rules never resolve through pg_temp (issue 15 class 3): a
-- temporary type, function, operator, collation or table made by the
-- masked reader or by the owner cannot take the place of what the rule
-- meant, on any path (dynamic read, label validation, import, static
-- masking).  Each probe has a positive control showing it would capture.
\set VERBOSITY terse
CREATE ROLE regress_rn_owner;
CREATE ROLE regress_rn_masked;
SECURITY LABEL FOR anon ON ROLE regress_rn_masked IS 'MASKED';
CREATE SCHEMA regress_rn AUTHORIZATION regress_rn_owner;
GRANT USAGE ON SCHEMA regress_rn TO regress_rn_masked;
SET ROLE regress_rn_owner;
CREATE TABLE regress_rn.client (id int, name varchar(80));
INSERT INTO regress_rn.client VALUES (1, 'Alice');
GRANT SELECT ON regress_rn.client TO regress_rn_masked;
SECURITY LABEL FOR anon ON COLUMN regress_rn.client.name IS 'MASKED WITH FUNCTION md5(name::text)';	-- OK
RESET ROLE;

-- the masked reader's temporary objects, named to capture the rule's names
SET ROLE regress_rn_masked;
CREATE TYPE pg_temp.text AS ENUM ('nothing');
CREATE FUNCTION pg_temp.md5(pg_catalog.text) RETURNS pg_catalog.text
LANGUAGE sql AS $$ SELECT $1 $$;
CREATE FUNCTION pg_temp.left_only(pg_catalog.text, pg_catalog.text) RETURNS pg_catalog.text
LANGUAGE sql AS $$ SELECT $1 $$;
CREATE OPERATOR pg_temp.|| (FUNCTION = pg_temp.left_only,
                            LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text);
CREATE COLLATION pg_temp.mine FROM "C";
CREATE TEMP TABLE client (id int, name pg_catalog.text);
-- positive controls: in the reader's own queries the temporary type comes
-- first; explicitly named, the temporary function and operator run
SELECT pg_typeof(NULL::varchar::text) <> 'pg_catalog.text'::regtype AS captured_by_pg_temp_text;
SELECT 'Alice'::varchar::text;	-- fail (pg_temp.text is an enum; the text is hidden from a masked role)
SELECT pg_temp.md5('Alice') AS temp_function, 'Alice'::pg_catalog.text OPERATOR(pg_temp.||) 'x' AS temp_operator;
-- the rule, compiled in this session, means pg_catalog's objects
SELECT name = md5('Alice') AS masked FROM regress_rn.client;
SELECT count(*) AS own_temp_rows FROM client;
RESET ROLE;

-- the owner writes rules in a session that holds these temporary objects
SET ROLE regress_rn_owner;
SECURITY LABEL FOR anon ON COLUMN regress_rn.client.name IS 'MASKED WITH FUNCTION md5(name::text) || ''-'' || (name COLLATE "C")::text';	-- OK (pg_catalog's)
SECURITY LABEL FOR anon ON COLUMN regress_rn.client.name IS 'MASKED WITH FUNCTION pg_temp.md5(name)';	-- fail (temporary function)
SECURITY LABEL FOR anon ON COLUMN regress_rn.client.name IS 'MASKED WITH FUNCTION name::pg_temp.text::varchar';	-- fail (temporary type)
SECURITY LABEL FOR anon ON COLUMN regress_rn.client.name IS 'MASKED WITH FUNCTION name::pg_catalog.text OPERATOR(pg_temp.||) ''x''';	-- fail (temporary operator)
SECURITY LABEL FOR anon ON COLUMN regress_rn.client.name IS 'MASKED WITH FUNCTION name COLLATE pg_temp.mine';	-- fail (temporary collation)
SECURITY LABEL FOR anon ON TABLE regress_rn.client IS 'MASKED WHEN id::text <> ''x''';	-- OK (pg_catalog.text)
SECURITY LABEL FOR anon ON TABLE regress_rn.client IS 'TABLESAMPLE BERNOULLI (100) REPEATABLE (1)';	-- OK (the table, not the temporary one)
RESET ROLE;
SECURITY LABEL FOR anon ON FUNCTION pg_temp.md5(pg_catalog.text) IS 'TRUSTED';	-- fail (temporary)
SET ROLE regress_rn_masked;
SELECT name = md5('Alice') || '-' || 'Alice' AS masked FROM regress_rn.client;
RESET ROLE;

-- import in a session with the temporary objects resolves the same way
SELECT anon.import_rules('{"format": "anon-rules", "labels": [{"object": "column", "names": ["regress_rn", "client", "name"], "provider": "anon", "label": "MASKED WITH FUNCTION left(md5(name::text), 8)"}]}');
SET ROLE regress_rn_masked;
SELECT name = left(md5('Alice'), 8) AS masked FROM regress_rn.client;
DROP TABLE client;
DROP OPERATOR pg_temp.|| (pg_catalog.text, pg_catalog.text);
DROP FUNCTION pg_temp.md5(pg_catalog.text), pg_temp.left_only(pg_catalog.text, pg_catalog.text);
DROP COLLATION pg_temp.mine;
DROP TYPE pg_temp.text;
RESET ROLE;

-- a new session whose first compilation of the rules meets the reader's temporary type
\c
\set VERBOSITY terse
SET ROLE regress_rn_masked;
CREATE TYPE pg_temp.text AS ENUM ('nothing');
CREATE TYPE pg_temp.varchar AS ENUM ('nothing');
SELECT name = left(md5('Alice'), 8) AS masked FROM regress_rn.client;
DROP TYPE pg_temp.varchar;
RESET ROLE;

-- a masked copy, by a superuser, in a session with a temporary type named text
SELECT count(*) AS tables_copied FROM anon.create_masked_copy('regress_rn', 'regress_rn_copy');
SELECT name = left(md5('Alice'), 8) AS copy_masked FROM regress_rn_copy.client;
DROP SCHEMA regress_rn_copy CASCADE;

-- static masking by the owner in a session with a temporary type named text
SET ROLE regress_rn_owner;
SELECT count(*) AS tables_masked FROM anon.anonymize_table('regress_rn.client');
SELECT name = left(md5('Alice'), 8) AS statically_masked FROM regress_rn.client;
RESET ROLE;
SET ROLE regress_rn_masked;
DROP TYPE pg_temp.text;
RESET ROLE;

DROP SCHEMA regress_rn CASCADE;
DROP ROLE regress_rn_owner, regress_rn_masked;
