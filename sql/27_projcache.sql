-- A masked reader's cached plan keeps its masked projection from one
-- execution to the next (src/projcache.c).  Whatever path reuses it, every
-- execution must read exactly what a fresh plan would: masked values,
-- never a raw one, with the checks of the current user (EXECUTE rights
-- through role memberships included), after role switches, label changes,
-- errors, nested executions of the same plan and with the cache off.
\set VERBOSITY terse
CREATE ROLE regress_pc_masked;
CREATE ROLE regress_pc_grp;
SECURITY LABEL FOR anon ON ROLE regress_pc_masked IS 'MASKED';
CREATE SCHEMA regress_pc;
GRANT USAGE ON SCHEMA regress_pc TO regress_pc_masked;
-- a mask function only a group may execute
CREATE FUNCTION regress_pc.hide(v text) RETURNS text LANGUAGE internal
  IMMUTABLE STRICT PARALLEL SAFE AS 'md5_text';
REVOKE EXECUTE ON FUNCTION regress_pc.hide(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION regress_pc.hide(text) TO regress_pc_grp;
SECURITY LABEL FOR anon ON FUNCTION regress_pc.hide(text) IS 'TRUSTED';
GRANT regress_pc_grp TO regress_pc_masked;
CREATE TABLE regress_pc.t (id int PRIMARY KEY, gone int, name text,
  email text, zip varchar(5), note text, salary int);
ALTER TABLE regress_pc.t DROP COLUMN gone;
INSERT INTO regress_pc.t
  SELECT i, 'RAWNAME' || i, 'raw' || i || '@raw.example', lpad(i::text, 5, '0'),
         'RAWNOTE' || i, i * 100
  FROM generate_series(1, 40) i;
SECURITY LABEL FOR anon ON COLUMN regress_pc.t.name IS 'MASKED WITH FUNCTION anon.fake_first_name()';
SECURITY LABEL FOR anon ON COLUMN regress_pc.t.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
SECURITY LABEL FOR anon ON COLUMN regress_pc.t.zip IS 'MASKED WITH VALUE ''00000''';
SECURITY LABEL FOR anon ON COLUMN regress_pc.t.note IS 'MASKED WITH FUNCTION regress_pc.hide(note)';
GRANT SELECT ON regress_pc.t TO regress_pc_masked;

-- how many of a row's masked columns show a raw value (0 when masked)
CREATE FUNCTION regress_pc.raw_count(name text, email text, zip text, note text)
  RETURNS int LANGUAGE sql IMMUTABLE
  AS $$ SELECT (name LIKE 'RAWNAME%')::int + (email LIKE '%@raw.example')::int
             + (zip <> '00000')::int + (note LIKE 'RAWNOTE%')::int $$;
GRANT EXECUTE ON FUNCTION regress_pc.raw_count(text, text, text, text) TO regress_pc_masked;

-- many executions of one cached plan through SPI (PL/pgSQL keeps it)
CREATE FUNCTION regress_pc.loop(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  r record;
  raw int := 0;
BEGIN
  FOR i IN 1..n LOOP
    SELECT * INTO r FROM regress_pc.t WHERE id = i % 40 + 1;
    raw := raw + regress_pc.raw_count(r.name, r.email, r.zip, r.note);
  END LOOP;
  RETURN raw;
END $$;
GRANT EXECUTE ON FUNCTION regress_pc.loop(int) TO regress_pc_masked;

-- the same plan run again inside its own execution (a FOR loop's cursor
-- is open on it while the nested call executes it)
CREATE FUNCTION regress_pc.nested(depth int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  r record;
  raw int := 0;
BEGIN
  FOR r IN SELECT name, email, zip, note FROM regress_pc.t WHERE id <= 3 LOOP
    raw := raw + regress_pc.raw_count(r.name, r.email, r.zip, r.note);
    IF depth > 0 THEN
      raw := raw + regress_pc.nested(depth - 1);
    END IF;
  END LOOP;
  RETURN raw;
END $$;
GRANT EXECUTE ON FUNCTION regress_pc.nested(int) TO regress_pc_masked;

SET plan_cache_mode = force_generic_plan;
PREPARE regress_pc_all(int) AS SELECT * FROM regress_pc.t WHERE id = $1;
PREPARE regress_pc_some(int) AS
  SELECT email, id, zip, regress_pc.raw_count(name, email, zip, note) AS raw
  FROM regress_pc.t WHERE id = $1;
PREPARE regress_pc_seq(int) AS
  SELECT id, email FROM regress_pc.t WHERE salary = $1 * 100;
PREPARE regress_pc_div(int) AS
  SELECT 10 / ($1 - 2) AS q, email FROM regress_pc.t WHERE id = $1;

-- 0. the projection is kept from the second execution of a cached plan
-- on (a DEBUG1 message in the server log when it is built; the instruction
-- counts of test/bench/instructions.sh show it), with COALESCE and CASE
PREPARE regress_pc_case(int) AS
  SELECT COALESCE(email, 'none') AS e,
         CASE WHEN id > 3 THEN zip ELSE 'small' END AS z, upper(name) AS n
  FROM regress_pc.t WHERE id = $1;
EXECUTE regress_pc_case(1);
EXECUTE regress_pc_case(2);
EXECUTE regress_pc_case(5);
EXECUTE regress_pc_case(6);
-- not kept: a parameter in the projection, a whole-row reference
PREPARE regress_pc_param(int) AS SELECT $1 + id AS p, email FROM regress_pc.t WHERE id = $1;
EXECUTE regress_pc_param(1); EXECUTE regress_pc_param(2); EXECUTE regress_pc_param(3);
PREPARE regress_pc_row(int) AS SELECT t::text AS r FROM regress_pc.t t WHERE id = $1;
EXECUTE regress_pc_row(1); EXECUTE regress_pc_row(2); EXECUTE regress_pc_row(3);

-- positive controls: unmasked, the same statements and loops read raw values
SELECT regress_pc.loop(80) AS raw_unmasked;
SELECT regress_pc.nested(2) AS raw_nested_unmasked;
EXECUTE regress_pc_some(7);

SET ROLE regress_pc_masked;
-- 1. many executions of each cached plan: masked every time
SELECT regress_pc.loop(200) AS raw_masked;
EXECUTE regress_pc_some(1); EXECUTE regress_pc_some(2); EXECUTE regress_pc_some(3);
EXECUTE regress_pc_some(4); EXECUTE regress_pc_some(5);
EXECUTE regress_pc_seq(1); EXECUTE regress_pc_seq(2); EXECUTE regress_pc_seq(3);
SELECT id, regress_pc.raw_count(name, email, zip, note) AS raw, length(note) AS note_len
  FROM regress_pc.t WHERE id = 9;
-- 2. nested executions of one plan
SELECT regress_pc.nested(2) AS raw_nested_masked;
-- 3. an execution stopped by an error, then the same plan again
EXECUTE regress_pc_div(1);
EXECUTE regress_pc_div(2);
EXECUTE regress_pc_div(3);
EXECUTE regress_pc_div(3);
-- a subtransaction that fails halfway through an execution
DO $$
BEGIN
  BEGIN
    PERFORM regress_pc.loop(10), 1 / 0;
  EXCEPTION WHEN division_by_zero THEN NULL;
  END;
END $$;
SELECT regress_pc.loop(100) AS raw_after_errors;
-- 4. the row type of the masked projection is the rule's (typmods kept)
CREATE TEMP TABLE regress_pc_ctas AS EXECUTE regress_pc_all(4);
SELECT attname, format_type(atttypid, atttypmod)
  FROM pg_attribute WHERE attrelid = 'regress_pc_ctas'::regclass AND attnum > 0
  ORDER BY attnum;
SELECT id, email, zip, salary FROM regress_pc_ctas;
DROP TABLE regress_pc_ctas;
RESET ROLE;

-- 5. the plan of another role: raw for the unmasked, masked again after
EXECUTE regress_pc_some(6);
SET ROLE regress_pc_masked;
EXECUTE regress_pc_some(6); EXECUTE regress_pc_some(6);
RESET ROLE;

-- 6. EXECUTE through a membership: revoked, the next execution is refused
SET ROLE regress_pc_masked;
EXECUTE regress_pc_some(8); EXECUTE regress_pc_some(8); EXECUTE regress_pc_some(8);
RESET ROLE;
REVOKE regress_pc_grp FROM regress_pc_masked;
SET ROLE regress_pc_masked;
EXECUTE regress_pc_some(8);
SELECT regress_pc.loop(3);
RESET ROLE;
GRANT regress_pc_grp TO regress_pc_masked;
SET ROLE regress_pc_masked;
EXECUTE regress_pc_some(8);
RESET ROLE;

-- 7. a label change: the next execution uses the new rule
SECURITY LABEL FOR anon ON COLUMN regress_pc.t.email IS 'MASKED WITH VALUE ''relabelled''';
SET ROLE regress_pc_masked;
EXECUTE regress_pc_some(8); EXECUTE regress_pc_some(8);
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_pc.t.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';

-- 8. the cache off (superuser only): the same results
SET ROLE regress_pc_masked;
SET anon.cache_masked_projections = off;
RESET ROLE;
SET anon.cache_masked_projections = off;
SET ROLE regress_pc_masked;
EXECUTE regress_pc_some(5); EXECUTE regress_pc_some(5);
SELECT regress_pc.loop(50) AS raw_cache_off;
RESET ROLE;
RESET anon.cache_masked_projections;

-- 9. statements planned afresh (simple protocol) keep theirs by content:
-- the same statement again, another table with the same columns, a
-- privilege taken from the function itself, a function redefined
CREATE TABLE regress_pc.t2 (LIKE regress_pc.t);
INSERT INTO regress_pc.t2 SELECT * FROM regress_pc.t WHERE id <= 5;
SECURITY LABEL FOR anon ON COLUMN regress_pc.t2.note IS 'MASKED WITH FUNCTION regress_pc.hide(note)';
GRANT SELECT ON regress_pc.t2 TO regress_pc_masked;
SET ROLE regress_pc_masked;
SELECT id, length(note) AS len, note LIKE 'RAW%' AS raw FROM regress_pc.t WHERE id = 1;
SELECT id, length(note) AS len, note LIKE 'RAW%' AS raw FROM regress_pc.t WHERE id = 2;
SELECT id, length(note) AS len, note LIKE 'RAW%' AS raw FROM regress_pc.t WHERE id = 3;
SELECT id, length(note) AS len, note LIKE 'RAW%' AS raw FROM regress_pc.t2 WHERE id = 3;
SELECT id, length(note) AS len, note LIKE 'RAW%' AS raw FROM regress_pc.t2 WHERE id = 4;
RESET ROLE;
REVOKE EXECUTE ON FUNCTION regress_pc.hide(text) FROM regress_pc_grp;
SET ROLE regress_pc_masked;
SELECT id, length(note) AS len, note LIKE 'RAW%' AS raw FROM regress_pc.t WHERE id = 4;
RESET ROLE;
GRANT EXECUTE ON FUNCTION regress_pc.hide(text) TO regress_pc_grp;
-- (the DBA's rule function now returns the value in upper case: 8 chars)
CREATE OR REPLACE FUNCTION regress_pc.hide(v text) RETURNS text LANGUAGE internal
  IMMUTABLE STRICT PARALLEL SAFE AS 'upper';
SET ROLE regress_pc_masked;
SELECT id, length(note) AS len, note LIKE 'RAW%' AS raw FROM regress_pc.t WHERE id = 5;
SELECT id, length(note) AS len, note LIKE 'RAW%' AS raw FROM regress_pc.t WHERE id = 6;
RESET ROLE;

RESET plan_cache_mode;
DEALLOCATE ALL;
DROP SCHEMA regress_pc CASCADE;
DROP ROLE regress_pc_masked;
DROP ROLE regress_pc_grp;
