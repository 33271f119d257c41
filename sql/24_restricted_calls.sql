-- RESTRICTED functions are refused where they are called (the fmgr hook),
-- not only where the query tree shows them (issue 15, class 5): a masked
-- role reaches no restricted function through a prepared statement's
-- parameter, a CALL argument, a default argument, an aggregate's final
-- function, ADD COLUMN ... DEFAULT, a CHECK constraint, a generated column
-- or an index expression of its own temporary table.  Each probe is also
-- run by an unmasked role (positive control): there it reaches the
-- function and shows its result.  Masking rules that call restricted
-- functions still work for the masked reader, on every read path.
\set VERBOSITY terse
CREATE ROLE regress_rc_masked LOGIN;
CREATE ROLE regress_rc_plain LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_rc_masked IS 'MASKED';
CREATE SCHEMA regress_rc;
GRANT USAGE ON SCHEMA regress_rc TO PUBLIC;
SECURITY LABEL FOR anon ON SCHEMA regress_rc IS 'TRUSTED';
CREATE FUNCTION regress_rc.keyed(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT md5('k3y' || $1) $$;
SECURITY LABEL FOR anon ON FUNCTION regress_rc.keyed(text) IS 'RESTRICTED';
-- not restricted itself, but calls a restricted function
CREATE FUNCTION regress_rc.wrap(text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT 'w:' || regress_rc.keyed($1) $$;
CREATE PROCEDURE regress_rc.proc(x text)
  LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'proc got %', x; END $$;
CREATE FUNCTION regress_rc.with_default(x text DEFAULT regress_rc.keyed('alice')) RETURNS text
  LANGUAGE sql AS $$ SELECT $1 $$;
CREATE AGGREGATE regress_rc.keyed_agg(text) (SFUNC = textcat, STYPE = text, INITCOND = '', FINALFUNC = regress_rc.keyed);
CREATE TABLE regress_rc.people (id int, email text, other text);
INSERT INTO regress_rc.people VALUES (1, 'alice', 'bob'), (2, 'carol', 'dave');
SECURITY LABEL FOR anon ON COLUMN regress_rc.people.email IS 'MASKED WITH FUNCTION regress_rc.keyed(email)';
SECURITY LABEL FOR anon ON COLUMN regress_rc.people.other IS 'MASKED WITH FUNCTION regress_rc.wrap(other)';
GRANT SELECT ON regress_rc.people TO regress_rc_masked, regress_rc_plain;
SELECT md5('k3yalice') AS alice_hash;

-- every probe, first as the unmasked role (positive control), then masked
SET ROLE regress_rc_plain;
PREPARE rc_p(text) AS SELECT $1 AS param;
EXECUTE rc_p(regress_rc.keyed('alice'));						-- OK: the hash
CALL regress_rc.proc(regress_rc.keyed('alice'));				-- OK: the hash
SELECT regress_rc.with_default();								-- OK: the hash
SELECT regress_rc.keyed_agg(x) = md5('k3yalice') AS reached FROM (VALUES ('alice')) v(x);	-- OK
CREATE TEMP TABLE rc_add (v text);
INSERT INTO rc_add VALUES ('x');
ALTER TABLE rc_add ADD COLUMN h text DEFAULT regress_rc.keyed('alice');	-- OK
SELECT h FROM rc_add;
CREATE TEMP TABLE rc_check (v text CHECK (regress_rc.keyed(v) <> md5('k3yalice')));
INSERT INTO rc_check VALUES ('alice');							-- fails on the CHECK: the oracle works
CREATE TEMP TABLE rc_gen (v text, h text GENERATED ALWAYS AS (regress_rc.keyed(v)) STORED);
INSERT INTO rc_gen VALUES ('alice');
SELECT h FROM rc_gen;											-- the hash
CREATE TEMP TABLE rc_idx (v text);
INSERT INTO rc_idx VALUES ('alice');
CREATE INDEX ON rc_idx (regress_rc.keyed(v));					-- OK
DEALLOCATE rc_p;
DROP TABLE rc_add, rc_check, rc_gen, rc_idx;
RESET ROLE;

SET ROLE regress_rc_masked;
PREPARE rc_p(text) AS SELECT $1 AS param;
EXECUTE rc_p(regress_rc.keyed('alice'));						-- fail (parameter)
CALL regress_rc.proc(regress_rc.keyed('alice'));				-- fail (CALL argument)
SELECT regress_rc.with_default();								-- fail (default argument)
SELECT regress_rc.keyed_agg(x) = md5('k3yalice') AS reached FROM (VALUES ('alice')) v(x);	-- fail (final function)
CREATE TEMP TABLE rc_add_m (v text);
INSERT INTO rc_add_m VALUES ('x');
ALTER TABLE rc_add_m ADD COLUMN h text DEFAULT regress_rc.keyed('alice');	-- fail (ADD COLUMN DEFAULT)
CREATE TEMP TABLE rc_check_m (v text CHECK (regress_rc.keyed(v) <> md5('k3yalice')));
INSERT INTO rc_check_m VALUES ('alice');							-- fail (CHECK)
CREATE TEMP TABLE rc_gen_m (v text, h text GENERATED ALWAYS AS (regress_rc.keyed(v)) STORED);
INSERT INTO rc_gen_m VALUES ('alice');							-- fail (generated column)
CREATE TEMP TABLE rc_idx_m (v text);
INSERT INTO rc_idx_m VALUES ('alice');
CREATE INDEX ON rc_idx_m (regress_rc.keyed(v));					-- fail (index expression)
SELECT regress_rc.wrap('alice');								-- fail (through a function)
DO $$ BEGIN RAISE NOTICE '%', regress_rc.keyed('alice'); END $$;	-- fail (DO)
DEALLOCATE rc_p;

-- the rules still run for the masked reader, on every read path
SELECT id, email = md5('k3yalice') AS keyed, other FROM regress_rc.people ORDER BY id;
SELECT p.id, p.email = md5('k3y' || 'carol') AS keyed FROM (VALUES (2)) v(i)
  LEFT JOIN regress_rc.people p ON p.id = v.i;					-- subquery form
COPY regress_rc.people TO STDOUT;
PREPARE rc_q AS SELECT email, other FROM regress_rc.people WHERE id = 1;
EXECUTE rc_q; EXECUTE rc_q; EXECUTE rc_q; EXECUTE rc_q; EXECUTE rc_q; EXECUTE rc_q;
DEALLOCATE rc_q;
-- in parallel workers too
RESET ROLE;
CREATE TABLE regress_rc.many AS SELECT i AS id, 'user' || i AS email FROM generate_series(1, 2000) i;
SECURITY LABEL FOR anon ON COLUMN regress_rc.many.email IS 'MASKED WITH FUNCTION regress_rc.keyed(email)';
ALTER TABLE regress_rc.many SET (parallel_workers = 2);
GRANT SELECT ON regress_rc.many TO regress_rc_masked;
SET ROLE regress_rc_masked;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SELECT count(*) FILTER (WHERE email = md5('k3yuser' || id)) AS keyed FROM regress_rc.many;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
-- the rule's mark does not carry over to the reader's own calls
SELECT regress_rc.keyed(email) FROM regress_rc.people;			-- fail
DROP TABLE rc_add_m, rc_check_m, rc_gen_m, rc_idx_m;
RESET ROLE;

DROP SCHEMA regress_rc CASCADE;
DROP ROLE regress_rc_masked, regress_rc_plain;
