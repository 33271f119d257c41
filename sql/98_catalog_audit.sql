-- Catalog audit: every function and aggregate of the extension, checked
-- mechanically against the project's rules (doc/DEVELOPING.md,
-- ../shared/STYLE.md).  Each rule lists violations only, so the expected
-- output is an empty result: a function added later that breaks a rule
-- fails here, whichever module adds it.  Runs just before 99_drop, when
-- every other suite has cleaned up after itself.
\set VERBOSITY terse

CREATE TEMP VIEW regress_anon_funcs AS
SELECT p.oid, p.oid::regprocedure::text AS func, p.proname, p.prokind,
       p.provolatile, p.proparallel, p.prosecdef, p.proleakproof,
       p.proconfig, l.lanname, p.prosrc, p.prorettype
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = 'anon'::regnamespace
   OR p.oid IN (SELECT d.objid FROM pg_catalog.pg_depend d
                JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
                WHERE d.classid = 'pg_catalog.pg_proc'::regclass
                  AND d.refclassid = 'pg_catalog.pg_extension'::regclass
                  AND d.deptype = 'e' AND e.extname = 'anon');

-- the audit sees the extension's functions (a vacuous audit would pass)
SELECT count(*) > 300 AS audits_the_extension FROM regress_anon_funcs;

CREATE TEMP VIEW regress_anon_violations AS
SELECT rule, func FROM (
  -- a function in schema anon that the extension does not own escaped a
  -- suite's cleanup, or was created outside the install script
  SELECT 'not a member of the extension' AS rule, f.func
  FROM regress_anon_funcs f
  WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
                    WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = f.oid
                      AND d.deptype = 'e' AND e.extname = 'anon')
  UNION ALL
  -- SECURITY DEFINER pins its search_path, so no object of the caller's
  -- schemas can run with the owner's privileges
  SELECT 'SECURITY DEFINER without SET search_path = pg_catalog, pg_temp', func
  FROM regress_anon_funcs
  WHERE prosecdef
    AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (proconfig), false)
  UNION ALL
  -- any search_path a function sets is the safe one
  SELECT 'SET search_path other than pg_catalog, pg_temp', func
  FROM regress_anon_funcs, unnest(proconfig) c
  WHERE c LIKE 'search_path=%' AND c <> 'search_path=pg_catalog, pg_temp'
  UNION ALL
  -- LEAKPROOF is a promise the planner relies on to push quals below a
  -- security barrier: never given by default
  SELECT 'LEAKPROOF', func
  FROM regress_anon_funcs
  WHERE proleakproof
  UNION ALL
  -- randomness: never IMMUTABLE or STABLE, or the planner may evaluate it
  -- once, or fold it into a constant
  SELECT 'random but not VOLATILE', func
  FROM regress_anon_funcs
  WHERE prokind = 'f' AND provolatile <> 'v'
    AND ((lanname = 'c' AND prosrc ~ '(random|^anon_d?noise_|noise_on_|static_noise|fake_|shuffle|sample_seed|selftest|^anon_dp_\w*final)')
         OR (lanname <> 'c' AND prosrc ~* 'random'))
  UNION ALL
  -- keyed functions read anon.keys, whose keys rotate: never IMMUTABLE;
  -- SQL functions that read a GUC or a table of anon neither
  SELECT 'reads a key, a GUC or a table but IMMUTABLE', func
  FROM regress_anon_funcs
  WHERE prokind = 'f' AND provolatile = 'i'
    AND ((lanname = 'c' AND prosrc ~ '^anon_(hash|pseudonymize|pseudonymize_card|depseudonymize|depseudonymize_card|dictionary\w*|policies\w*)$')
         OR (lanname <> 'c' AND prosrc ~* '(current_setting|\m(from|join)\s+anon\.[a-z_]+\M(?!\s*\())'))
  UNION ALL
  -- functions that write (by name: the project's verbs for it) and
  -- triggers are VOLATILE PARALLEL UNSAFE
  SELECT 'writes but not VOLATILE PARALLEL UNSAFE', func
  FROM regress_anon_funcs
  WHERE prokind = 'f' AND (provolatile <> 'v' OR proparallel <> 'u')
    AND (proname ~ '^(anonymize_|create_|drop_|rotate_|set_|load_|unload_|import_|shuffle_|start_|stop_|add_noise_on_|_apply_label)'
         OR prorettype IN ('pg_catalog.trigger'::regtype, 'pg_catalog.event_trigger'::regtype))
  UNION ALL
  -- a parallel-safe aggregate needs a combine function to run in parallel
  -- (and for a sharding engine to split it)
  SELECT 'parallel-safe aggregate without a combine function', f.func
  FROM regress_anon_funcs f
  JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = f.oid
  WHERE f.proparallel = 's' AND a.aggcombinefn = 0
  UNION ALL
  -- a function that uses a secret (a key or a salt) is labelled RESTRICTED
  -- next to its definition, and only such a function is: a masked role that
  -- could call one would hash or encrypt its guesses and compare them with
  -- a masked column.  The C symbols that use a key or a salt are listed here
  -- and nowhere else; a new keyed C function joins this list (so does
  -- anon_pa_custom_value, which reads the superuser-only anon.custom_values).
  SELECT CASE WHEN r.objoid IS NULL THEN 'uses a key or a salt but not RESTRICTED'
              ELSE 'RESTRICTED but its C symbol uses no key or salt' END, f.func
  FROM regress_anon_funcs f
  LEFT JOIN pg_catalog.pg_seclabel r
    ON r.classoid = 'pg_catalog.pg_proc'::regclass AND r.objoid = f.oid
   AND r.objsubid = 0 AND r.provider = 'anon' AND upper(r.label) = 'RESTRICTED'
  WHERE (f.lanname = 'c' AND f.prosrc ~ '^anon_(hash|digest|pseudonymize|depseudonymize|pseudonymize_card|depseudonymize_card|ff1_(en|de)crypt|ff3_1_(en|de)crypt|pseudo_\w+|pa_pseudo_\w+|seeded_\w+|pa_custom_value|keyed_begin|sample_row)$')
        IS DISTINCT FROM (r.objoid IS NOT NULL)
  UNION ALL
  -- every function and aggregate says what it is for
  SELECT 'no comment', func
  FROM regress_anon_funcs
  WHERE obj_description(oid, 'pg_proc') IS NULL
) violations;

-- each rule fires: functions that break them, outside the extension
CREATE FUNCTION anon.regress_bad_random() RETURNS float8
LANGUAGE sql IMMUTABLE LEAKPROOF SECURITY DEFINER AS 'SELECT random()';
CREATE FUNCTION anon.regress_bad_path() RETURNS integer
LANGUAGE sql STABLE SET search_path = public AS 'SELECT 1';
CREATE FUNCTION anon.regress_bad_guc() RETURNS text
LANGUAGE sql IMMUTABLE AS $$SELECT current_setting('search_path')$$;
CREATE FUNCTION anon.regress_bad_table() RETURNS bigint
LANGUAGE sql IMMUTABLE AS 'SELECT count(*) FROM anon.keys';
CREATE FUNCTION anon.regress_bad_hash(text) RETURNS text
AS '$libdir/anon', 'anon_hash' LANGUAGE C IMMUTABLE STRICT;
CREATE FUNCTION anon.create_regress_thing() RETURNS integer
LANGUAGE sql VOLATILE PARALLEL SAFE AS 'SELECT 1';
CREATE AGGREGATE anon.regress_bad_agg(integer) (
	SFUNC = pg_catalog.int4pl, STYPE = integer, PARALLEL = SAFE);
COMMENT ON FUNCTION anon.regress_bad_path() IS 'commented: not listed as uncommented';
-- RESTRICTED without a key: the list of keyed C symbols is the only source
SECURITY LABEL FOR anon ON FUNCTION anon.regress_bad_path() IS 'RESTRICTED';
SELECT rule, func FROM regress_anon_violations
WHERE func ~ 'regress_' ORDER BY rule, func;
DROP FUNCTION anon.regress_bad_random(), anon.regress_bad_path(),
  anon.regress_bad_guc(), anon.regress_bad_table(), anon.regress_bad_hash(text),
  anon.create_regress_thing();
DROP AGGREGATE anon.regress_bad_agg(integer);

-- the audit itself: no violation
SELECT rule, func FROM regress_anon_violations ORDER BY rule, func;

DROP VIEW regress_anon_violations;
DROP VIEW regress_anon_funcs;
