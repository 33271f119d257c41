-- A masking rule runs on the raw row; when it fails, PostgreSQL's error
-- quotes the raw value ("invalid input syntax for type integer: ...").
-- For masked readers, errors raised while their statement runs keep
-- their SQLSTATE but lose their text, whether they reach the client or are
-- caught by PL/pgSQL; errors that never quote data (permissions, missing
-- objects, anon's refusals) pass unchanged.  Each probe is first run by the
-- superuser, who does read the raw value in the error (positive control).
\set VERBOSITY default
\set SHOW_CONTEXT always
CREATE ROLE regress_er_masked LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_er_masked IS 'MASKED';
CREATE ROLE regress_er_dp LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_er_dp IS 'DIFFERENTIAL PRIVACY';
CREATE SCHEMA regress_er;
GRANT USAGE ON SCHEMA regress_er TO regress_er_masked, regress_er_dp;
-- a trusted function that talks about its input
CREATE FUNCTION regress_er.chatty(v text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
  RAISE NOTICE 'masking %', v;
  IF v LIKE 'SECRET%' THEN
    RAISE EXCEPTION 'cannot mask %', v USING DETAIL = 'value ' || v, HINT = v;
  END IF;
  RETURN 'x';
END $$;
SECURITY LABEL FOR anon ON FUNCTION regress_er.chatty(text) IS 'TRUSTED';
CREATE TABLE regress_er.t (id int PRIMARY KEY, zip text, d text, doc text, note text);
INSERT INTO regress_er.t VALUES
  (1, '12345', '2020-01-01', '{"a": 1}', 'ok'),
  (2, 'SECRETZIP', 'SECRETDATE', '{"a": SECRETJSON}', 'SECRETNOTE');
-- the labels are checked on the first row, which is well formed
SECURITY LABEL FOR anon ON COLUMN regress_er.t.zip IS 'MASKED WITH FUNCTION (zip::int + 1)::text';
SECURITY LABEL FOR anon ON COLUMN regress_er.t.d IS 'MASKED WITH FUNCTION (d::date + 1)::text';
SECURITY LABEL FOR anon ON COLUMN regress_er.t.doc IS 'MASKED WITH FUNCTION (doc::jsonb ->> ''a'')';
SECURITY LABEL FOR anon ON COLUMN regress_er.t.note IS 'MASKED WITH FUNCTION regress_er.chatty(note)';
GRANT SELECT ON regress_er.t TO regress_er_masked;
-- a PL/pgSQL block that catches the error: its SQLSTATE, whether the
-- message, detail, hint or context holds a raw value, and the message
CREATE FUNCTION regress_er.caught(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text; m text; dt text; h text; ctx text;
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT,
      dt = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT, ctx = PG_EXCEPTION_CONTEXT;
  RETURN st || ' | leaks: ' || (concat(m, dt, h, ctx) LIKE '%SECRET%')::text || ' | '
         || regexp_replace(m, 'SECRET[A-Z0-9.]*', '<raw>', 'g');
END $$;
GRANT EXECUTE ON FUNCTION regress_er.caught(text) TO regress_er_masked, regress_er_dp;
-- a function of the reader's own (not in a rule) that talks
CREATE FUNCTION regress_er.say(v text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN RAISE NOTICE 'said %', v; RETURN v; END $$;
GRANT EXECUTE ON FUNCTION regress_er.say(text) TO regress_er_masked;

-- positive controls: the superuser's errors quote the raw values
SELECT zip FROM regress_er.t WHERE id = 2 AND (zip::int + 1) > 0;
SELECT regress_er.caught('SELECT d::date FROM regress_er.t');
SELECT regress_er.caught('SELECT doc::jsonb FROM regress_er.t');
SELECT regress_er.caught('SELECT regress_er.chatty(note) FROM regress_er.t');

SET ROLE regress_er_masked;
-- the well-formed row reads masked
SELECT id, zip, d, doc FROM regress_er.t WHERE id = 1;
-- the malformed row: same SQLSTATE, no raw value, to the client ...
SELECT zip FROM regress_er.t;
\set VERBOSITY sqlstate
SELECT zip FROM regress_er.t;
\set VERBOSITY default
SELECT d FROM regress_er.t;
SELECT doc FROM regress_er.t;
SELECT note FROM regress_er.t;
-- ... and to a PL/pgSQL handler (message, detail, hint and context)
SELECT regress_er.caught('SELECT zip FROM regress_er.t');
SELECT regress_er.caught('SELECT d FROM regress_er.t');
SELECT regress_er.caught('SELECT doc FROM regress_er.t');
SELECT regress_er.caught('SELECT note FROM regress_er.t');
SELECT regress_er.caught('SELECT count(*) FROM regress_er.t WHERE zip IS NOT NULL');
-- a cursor fetches through the same path
BEGIN;
DECLARE c CURSOR FOR SELECT id, zip FROM regress_er.t ORDER BY id;
FETCH 1 FROM c;
FETCH 1 FROM c;
ROLLBACK;
-- a parallel plan: the worker's error is rethrown by the leader
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT regress_er.caught('SELECT zip FROM regress_er.t');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
-- errors that quote no data keep their text: anon's refusals, permissions
SELECT regress_er.caught('UPDATE regress_er.t SET zip = ''1''');
SELECT regress_er.caught('SELECT * FROM regress_er.missing');
-- the reader's own notices keep their text (they see masked values only)
SELECT regress_er.say(zip) FROM regress_er.t WHERE id = 1;
-- the reader's own constants fail at planning, with their text
SELECT 'abc'::int;
RESET ROLE;

-- a DP role is not concerned (the DP guard admits only leakproof functions
-- on its raw rows, which raise no error that depends on a value): its own
-- errors keep their text, like the superuser's
SET ROLE regress_er_dp;
SELECT regress_er.caught('SELECT (chr(83) || ''ECRET'' || random()::text)::int');
RESET ROLE;

-- an unmasked role is not affected
SELECT regress_er.caught('SELECT zip::int FROM regress_er.t');

DROP SCHEMA regress_er CASCADE;
DROP ROLE regress_er_masked;
DROP ROLE regress_er_dp;
