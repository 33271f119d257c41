-- The extension installs, upgrades to itself, and every function it ships
-- carries deliberate marks.
\set VERBOSITY terse
CREATE EXTENSION anon;
SELECT extname, extversion, extnamespace::regnamespace FROM pg_extension WHERE extname = 'anon';
-- upgrading to the installed version is a no-op
ALTER EXTENSION anon UPDATE TO '1.1';

-- the functions of the extension, for the checks below
CREATE TEMP VIEW anon_functions AS
SELECT p.oid, p.proname, p.provolatile, p.proparallel, p.prosecdef,
       p.proleakproof, p.proconfig
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass
     AND d.refobjid = e.oid AND e.extname = 'anon';

-- every SECURITY DEFINER function pins its search_path
SELECT oid::regprocedure FROM anon_functions
WHERE prosecdef AND NOT coalesce(proconfig::text[] @> '{search_path=pg_catalog,pg_temp}'
                                 OR proconfig::text[] @> '{"search_path=pg_catalog, pg_temp"}', false);
-- nothing is LEAKPROOF by default
SELECT oid::regprocedure FROM anon_functions WHERE proleakproof;
-- anything random is VOLATILE
SELECT oid::regprocedure FROM anon_functions
WHERE proname ~ '^(random|fake|dummy|noise|dnoise|shuffle)' AND provolatile <> 'v';
-- the randomization family is parallel safe
SELECT oid::regprocedure FROM anon_functions
WHERE proname ~ '^random_' AND proparallel <> 's'
  AND proname !~ '^random_id'; -- random_id*: nextval of anon.random_id_seq, parallel unsafe
