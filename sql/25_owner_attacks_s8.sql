-- Owner attacks, session 8: a table owner's code run with the rights of
-- the superuser who calls anon on its tables.  Each probe records, in
-- regress_s8o.ran, as whom the owner's code ran; each has a positive
-- control showing the trap fires with superuser rights without anon's
-- defence.  (\c between probes: a backend folds a table's index
-- expressions once, then keeps them.)
\set VERBOSITY terse
CREATE ROLE regress_s8o_owner;
CREATE SCHEMA regress_s8o AUTHORIZATION regress_s8o_owner;
SET ROLE regress_s8o_owner;
CREATE TABLE regress_s8o.ran (who name, su boolean);
GRANT ALL ON regress_s8o.ran TO PUBLIC;
CREATE FUNCTION regress_s8o.pwn() RETURNS boolean LANGUAGE plpgsql
SET search_path = pg_catalog AS $$
BEGIN
	IF current_setting('regress_s8o.setup', true) = 'on' THEN
		RETURN true;
	END IF;
	INSERT INTO regress_s8o.ran SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user;
	RETURN true;
END $$;
-- an IMMUTABLE function whose arguments are constants: the planner folds it
CREATE FUNCTION regress_s8o.imm(text) RETURNS text LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog AS $$ BEGIN PERFORM regress_s8o.pwn(); RETURN $1; END $$;
CREATE FUNCTION regress_s8o.immb(text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog AS $$ BEGIN PERFORM regress_s8o.pwn(); RETURN true; END $$;
CREATE VIEW regress_s8o.ran_by AS
  SELECT su, who = 'regress_s8o_owner' AS as_owner, count(*) > 0 AS ran
  FROM regress_s8o.ran GROUP BY 1, 2 ORDER BY 1, 2;
SET regress_s8o.setup = on;

--------------------------------------------------------------------------
-- 1. The planner runs the owner's code for whoever plans a query over
-- the table: eval_const_expressions folds the owner's IMMUTABLE function
-- called with constant arguments in the table's index expressions and
-- predicates, its extended statistics expressions, its partition key, and
-- (constraint exclusion, on for inheritance children) its CHECK
-- constraints.  anon.k_anonymity, l_diversity, t_closeness, risk,
-- anon.detect's samples and create_masked_copy's subset closure planned
-- their queries as the caller: an owner's index on (f('k') || name) ran
-- f() as the superuser measuring the table.  They now refuse such a table
-- (anon.detect samples none of its values), unless the caller is the
-- owner or the function is one a masking rule may call.
--------------------------------------------------------------------------
CREATE TABLE regress_s8o.people (id int PRIMARY KEY, name text, city text);
INSERT INTO regress_s8o.people
  SELECT i, 'someone' || i || '@example.com', 'c' || i % 3 FROM generate_series(1, 30) i;
CREATE INDEX ON regress_s8o.people ((regress_s8o.imm('k') || name));
SECURITY LABEL FOR anon ON COLUMN regress_s8o.people.city IS 'QUASI-IDENTIFIER';
-- a partial index's predicate
CREATE TABLE regress_s8o.partial (id int PRIMARY KEY, city text);
INSERT INTO regress_s8o.partial SELECT i, 'c' || i % 3 FROM generate_series(1, 30) i;
CREATE INDEX ON regress_s8o.partial (city) WHERE regress_s8o.immb('k');
-- an inheritance child's CHECK constraint
CREATE TABLE regress_s8o.parent (id int, city text);
CREATE TABLE regress_s8o.kid (CHECK (regress_s8o.immb('k'))) INHERITS (regress_s8o.parent);
INSERT INTO regress_s8o.kid SELECT i, 'c' || i % 3 FROM generate_series(1, 30) i;
-- extended statistics on an expression (ANALYZEd: the planner uses them)
CREATE TABLE regress_s8o.stats (id int, city text);
INSERT INTO regress_s8o.stats SELECT i, 'c' || i % 3 FROM generate_series(1, 30) i;
CREATE STATISTICS regress_s8o.st ON (regress_s8o.imm('k') || city) FROM regress_s8o.stats;
ANALYZE regress_s8o.stats;
-- a partitioned table's key
CREATE TABLE regress_s8o.parted (id int, city text) PARTITION BY LIST ((regress_s8o.imm('k') || city));
CREATE TABLE regress_s8o.parted_1 PARTITION OF regress_s8o.parted DEFAULT;
INSERT INTO regress_s8o.parted SELECT i, 'c' || i % 3 FROM generate_series(1, 30) i;
-- a SQL function over a column, which the planner inlines, then folds
CREATE FUNCTION regress_s8o.sqlw(text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT regress_s8o.imm('k') || $1 $$;
CREATE TABLE regress_s8o.inl (id int, city text);
INSERT INTO regress_s8o.inl SELECT i, 'c' || i % 3 FROM generate_series(1, 30) i;
CREATE INDEX ON regress_s8o.inl (regress_s8o.sqlw(city));
-- a PL/pgSQL function over a column: it runs only on rows (as the owner)
CREATE TABLE regress_s8o.colidx (id int, city text);
INSERT INTO regress_s8o.colidx SELECT i, 'c' || i % 3 FROM generate_series(1, 30) i;
CREATE INDEX ON regress_s8o.colidx (regress_s8o.imm(city));
RESET regress_s8o.setup;
RESET ROLE;

-- positive controls: a superuser's own query over each table runs the code
\c
SELECT count(*) FROM regress_s8o.people;
SELECT * FROM regress_s8o.ran_by;
\c
TRUNCATE regress_s8o.ran;
SELECT count(*) FROM regress_s8o.partial;
SELECT * FROM regress_s8o.ran_by;
\c
TRUNCATE regress_s8o.ran;
SELECT count(*) FROM regress_s8o.parent WHERE city = 'c1';
SELECT * FROM regress_s8o.ran_by;
\c
TRUNCATE regress_s8o.ran;
SELECT count(*) FROM regress_s8o.stats WHERE regress_s8o.imm('k') || city = 'kc1';
SELECT * FROM regress_s8o.ran_by;
\c
TRUNCATE regress_s8o.ran;
SELECT count(*) FROM regress_s8o.parted;
SELECT * FROM regress_s8o.ran_by;
\c
TRUNCATE regress_s8o.ran;
SELECT count(*) FROM regress_s8o.inl;
SELECT * FROM regress_s8o.ran_by;
-- (but not an index over a column: no row is read at planning)
\c
TRUNCATE regress_s8o.ran;
SELECT count(*) FROM regress_s8o.colidx;
SELECT * FROM regress_s8o.ran_by;

-- the measures, as the superuser: refused, and the code never ran
\c
TRUNCATE regress_s8o.ran;
SELECT anon.k_anonymity('regress_s8o.people');
SELECT anon.k_anonymity('regress_s8o.people', ARRAY['city']);
SELECT anon.l_diversity('regress_s8o.people', 'name', ARRAY['city']);
SELECT anon.t_closeness('regress_s8o.people', 'id', ARRAY['city']);
SELECT count(*) FROM anon.risk('regress_s8o.people');
SELECT anon.k_anonymity('regress_s8o.partial', ARRAY['city']);
SELECT anon.k_anonymity('regress_s8o.parent', ARRAY['city']);
SELECT anon.k_anonymity('regress_s8o.stats', ARRAY['city']);
SELECT anon.k_anonymity('regress_s8o.parted', ARRAY['city']);
SELECT anon.k_anonymity('regress_s8o.inl', ARRAY['city']);
SELECT * FROM regress_s8o.ran_by;
-- an index over a column is no reason to refuse
SELECT anon.k_anonymity('regress_s8o.colidx', ARRAY['city']);
SELECT * FROM regress_s8o.ran_by;
-- a view of the superuser's over the owner's table is planned the same
CREATE VIEW public.regress_s8o_v AS SELECT id, city FROM regress_s8o.people;
SELECT anon.k_anonymity('public.regress_s8o_v', ARRAY['city']);
SELECT count(*) FROM anon.generalize_to_k('public.regress_s8o_v', 2, columns => ARRAY['city']);
DROP VIEW public.regress_s8o_v;
-- as population of a risk measure
SELECT count(*) FROM anon.risk('regress_s8o.partial', 0.2, ARRAY['city'], 'regress_s8o.people');
SELECT * FROM regress_s8o.ran_by;
-- anon.detect still reports the column by its name, samples no value
SELECT column_name, identifiers_category, matched_by
FROM anon.detect('regress_s8o.people'::regclass) ORDER BY 1, 2;
SELECT * FROM regress_s8o.ran_by;
-- (positive control for detect: a table without the index is sampled)
CREATE TABLE regress_s8o.people2 (LIKE regress_s8o.people);
INSERT INTO regress_s8o.people2
  SELECT i, 'someone' || i || '@example.com', 'c' || i % 3 FROM generate_series(1, 30) i;
SELECT column_name, identifiers_category, matched_by
FROM anon.detect('regress_s8o.people2'::regclass) ORDER BY 1, 2;
DROP TABLE regress_s8o.people2;
-- the owner measures its own table (its code runs as itself)
\c
TRUNCATE regress_s8o.ran;
SET ROLE regress_s8o_owner;
SELECT anon.k_anonymity('regress_s8o.people', ARRAY['city']);
RESET ROLE;
SELECT * FROM regress_s8o.ran_by;
-- a function a masking rule may call is not refused
CREATE TABLE regress_s8o.fine (id int, city text);
ALTER TABLE regress_s8o.fine OWNER TO regress_s8o_owner;
INSERT INTO regress_s8o.fine VALUES (1, 'a'), (2, 'a');
CREATE INDEX ON regress_s8o.fine ((pg_catalog.upper('k') || city));
SELECT anon.k_anonymity('regress_s8o.fine', ARRAY['city']);
-- (a superuser's own function neither)
CREATE FUNCTION public.regress_s8o_su(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;
CREATE INDEX ON regress_s8o.fine ((public.regress_s8o_su('k') || city));
SELECT anon.k_anonymity('regress_s8o.fine', ARRAY['city']);
DROP TABLE regress_s8o.fine;
DROP FUNCTION public.regress_s8o_su(text);

-- create_masked_copy: the subset closure reads each table as the caller
CREATE SCHEMA regress_s8o_src AUTHORIZATION regress_s8o_owner;
SET ROLE regress_s8o_owner;
CREATE TABLE regress_s8o_src.a (id int PRIMARY KEY);
CREATE TABLE regress_s8o_src.b (id int PRIMARY KEY, a_id int REFERENCES regress_s8o_src.a, note text);
INSERT INTO regress_s8o_src.a SELECT i FROM generate_series(1, 10) i;
INSERT INTO regress_s8o_src.b SELECT i, i, 'n' FROM generate_series(1, 10) i;
SET regress_s8o.setup = on;
CREATE INDEX ON regress_s8o_src.b ((regress_s8o.imm('k') || note));
RESET regress_s8o.setup;
RESET ROLE;
\c
TRUNCATE regress_s8o.ran;
SELECT count(*) FROM anon.create_masked_copy('regress_s8o_src', 'regress_s8o_copy1', 'anon',
  ARRAY['a WHERE id < 5'], true);
SELECT * FROM regress_s8o.ran_by;
SELECT to_regnamespace('regress_s8o_copy1') IS NULL AS no_copy;
-- without a subset the copy is made (each table read as its owner)
SELECT count(*) FROM anon.create_masked_copy('regress_s8o_src', 'regress_s8o_copy1');
SELECT * FROM regress_s8o.ran_by;
DROP SCHEMA regress_s8o_copy1 CASCADE;

--------------------------------------------------------------------------
-- 2. An inheritance child planted on a masked copy while it is filled.
-- create_masked_copy fills each copy as the table's owner, in a
-- security-restricted operation, which forbids no DDL on the owner's own
-- tables; after a sampled table is copied, the caller deletes the rows of
-- the copies that reference rows left out of the sample.  The owner's
-- code, run while a later table was filled (a generated column), made a
-- table of its own inherit from an earlier copy, with a BEFORE DELETE
-- trigger and a row that references nothing: the caller's DELETE, which
-- named the copy without ONLY, deleted that row too and ran the trigger
-- as the superuser.  The DELETE now reads and deletes ONLY the copies,
-- and a copy that gained a child is refused, as one that gained a
-- trigger or a rule was.
--------------------------------------------------------------------------
CREATE SCHEMA regress_s8o_src2 AUTHORIZATION regress_s8o_owner;
SET ROLE regress_s8o_owner;
CREATE FUNCTION regress_s8o.trg() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog AS $$ BEGIN PERFORM regress_s8o.pwn(); RETURN OLD; END $$;
CREATE FUNCTION regress_s8o.plant(int) RETURNS int LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog AS $$ BEGIN PERFORM regress_s8o.plant_v(); RETURN $1; END $$;
CREATE FUNCTION regress_s8o.plant_v() RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog AS $$
BEGIN
	IF to_regclass('regress_s8o_copy2.cchild') IS NOT NULL
	   AND to_regclass('regress_s8o.planted') IS NULL THEN
		CREATE TABLE regress_s8o.planted () INHERITS (regress_s8o_copy2.cchild);
		CREATE TRIGGER t BEFORE DELETE ON regress_s8o.planted
		  FOR EACH ROW EXECUTE FUNCTION regress_s8o.trg();
		INSERT INTO regress_s8o.planted VALUES (-1, -1);
	END IF;
END $$;
CREATE TABLE regress_s8o_src2.cparent (id int PRIMARY KEY,
  g int GENERATED ALWAYS AS (regress_s8o.plant(id)) STORED);
CREATE TABLE regress_s8o_src2.cchild (id int PRIMARY KEY, parent_id int REFERENCES regress_s8o_src2.cparent);
INSERT INTO regress_s8o_src2.cparent SELECT i FROM generate_series(1, 20) i;
INSERT INTO regress_s8o_src2.cchild SELECT i, i FROM generate_series(1, 20) i;
SECURITY LABEL FOR anon ON TABLE regress_s8o_src2.cparent IS 'TABLESAMPLE BERNOULLI (50)';
-- positive control: a superuser's DELETE from a table with such a child
-- runs the child's trigger as the superuser
CREATE TABLE regress_s8o.ctl (id int, parent_id int);
CREATE TABLE regress_s8o.ctl_kid () INHERITS (regress_s8o.ctl);
CREATE TRIGGER t BEFORE DELETE ON regress_s8o.ctl_kid FOR EACH ROW EXECUTE FUNCTION regress_s8o.trg();
INSERT INTO regress_s8o.ctl_kid VALUES (-1, -1);
RESET ROLE;
TRUNCATE regress_s8o.ran;
DELETE FROM regress_s8o.ctl c WHERE c.parent_id IS NOT NULL;
SELECT * FROM regress_s8o.ran_by;
TRUNCATE regress_s8o.ran;
-- refused, naming the copy the owner changed (so the child was planted)
SELECT count(*) FROM anon.create_masked_copy('regress_s8o_src2', 'regress_s8o_copy2');
SELECT * FROM regress_s8o.ran_by;
SELECT to_regclass('regress_s8o.planted') IS NULL AS rolled_back;

--------------------------------------------------------------------------
-- 3. Objects left in the caller's temporary schema.  anon runs a table's
-- code (its CHECK constraints, index expressions, triggers) as the table's
-- owner in a security-restricted operation, but in the caller's session.
-- PostgreSQL refuses a temporary table there, not the other objects of a
-- temporary schema (PostgreSQL 17.4 and 18.6 check none; 15.20 refuses a
-- type): a domain pg_temp.text whose CHECK calls the owner's function,
-- made while anon.anonymize_table ran, stood in for pg_catalog.text in
-- every later cast to text of the superuser's session (pg_temp is searched
-- first for types) and ran the owner's function as the superuser.  anon's
-- object access hook now refuses types, functions, operators and the other
-- named objects in a temporary schema within a security-restricted
-- operation (src/owner_guard.c).
--------------------------------------------------------------------------
CREATE SCHEMA regress_s8o_tmp AUTHORIZATION regress_s8o_owner;
SET ROLE regress_s8o_owner;
CREATE FUNCTION regress_s8o_tmp.plant() RETURNS boolean LANGUAGE plpgsql
SET search_path = pg_catalog AS $$
BEGIN
	IF current_setting('regress_s8o.setup', true) = 'on' THEN
		RETURN true;
	END IF;
	BEGIN
		CREATE DOMAIN pg_temp.text AS pg_catalog.text CHECK (regress_s8o.pwn());
	EXCEPTION WHEN others THEN NULL;
	END;
	BEGIN
		CREATE FUNCTION pg_temp.regress_s8o_f() RETURNS int LANGUAGE sql AS 'SELECT 1';
	EXCEPTION WHEN others THEN NULL;
	END;
	RETURN true;
END $$;
CREATE FUNCTION regress_s8o_tmp.imm(text) RETURNS text LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog AS $$ BEGIN PERFORM regress_s8o_tmp.plant(); RETURN $1; END $$;
SET regress_s8o.setup = on;
CREATE TABLE regress_s8o_tmp.t (id int PRIMARY KEY, name text CHECK (regress_s8o_tmp.imm(name) IS NOT NULL));
INSERT INTO regress_s8o_tmp.t VALUES (1, 'RAW');
SECURITY LABEL FOR anon ON COLUMN regress_s8o_tmp.t.name IS 'MASKED WITH VALUE ''x''';
CREATE MATERIALIZED VIEW regress_s8o_tmp.mv AS SELECT regress_s8o_tmp.plant() AS p;
RESET regress_s8o.setup;
RESET ROLE;
-- positive control: planted in this session (outside a security-restricted
-- operation), the domain runs the owner's function as the superuser
\c
TRUNCATE regress_s8o.ran;
SET ROLE regress_s8o_owner;
SELECT regress_s8o_tmp.plant();
RESET ROLE;
SELECT 'hello'::text;
SELECT * FROM regress_s8o.ran_by;
SELECT count(*) FROM pg_type WHERE typname = 'text' AND typnamespace = pg_my_temp_schema();
-- the masking pass ran the CHECK as the owner: nothing is left behind
\c
TRUNCATE regress_s8o.ran;
SELECT count(*) FROM anon.anonymize_table_report('regress_s8o_tmp.t');
SELECT name FROM regress_s8o_tmp.t;
SELECT 'hello'::text;
SELECT * FROM regress_s8o.ran_by;
SELECT count(*) FROM pg_type WHERE typname = 'text' AND typnamespace = pg_my_temp_schema();
SELECT count(*) FROM pg_proc WHERE proname = 'regress_s8o_f';
-- nor by a masked copy's fill, nor by PostgreSQL's own REFRESH
SET ROLE regress_s8o_owner;
SET regress_s8o.setup = on;
UPDATE regress_s8o_tmp.t SET name = 'RAW';
RESET regress_s8o.setup;
RESET ROLE;
SELECT count(*) FROM anon.create_masked_copy('regress_s8o_tmp', 'regress_s8o_tmpcopy');
REFRESH MATERIALIZED VIEW regress_s8o_tmp.mv;
SELECT 'hello'::text;
SELECT * FROM regress_s8o.ran_by;
SELECT count(*) FROM pg_type WHERE typname = 'text' AND typnamespace = pg_my_temp_schema();
SELECT count(*) FROM pg_proc WHERE proname = 'regress_s8o_f';
DROP SCHEMA regress_s8o_tmpcopy CASCADE;
DROP SCHEMA regress_s8o_tmp CASCADE;

--------------------------------------------------------------------------
-- 4. Names captured in the target schema of a masked copy.  The views of
-- the source schema are made again in the target from their text, parsed
-- with the target schema before the source schema on the path.  In a
-- target schema that existed, where another role could create functions,
-- that role's function named like one of the source schema took its
-- place in the copy's views, and REFRESH of a superuser's materialized
-- view ran it as the superuser.  A view of the copy that uses an object
-- of the target schema the copy did not make is now refused, and so is a
-- target schema that another role owns or may create objects in (it could
-- put a relation of its own in the place of a copy).
--------------------------------------------------------------------------
CREATE SCHEMA regress_s8o_vsrc;
CREATE TABLE regress_s8o_vsrc.people (id int PRIMARY KEY, name text);
INSERT INTO regress_s8o_vsrc.people VALUES (1, 'RAW');
SECURITY LABEL FOR anon ON COLUMN regress_s8o_vsrc.people.name IS 'MASKED WITH VALUE ''x''';
CREATE FUNCTION regress_s8o_vsrc.tag(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'tag:' || $1 $$;
CREATE MATERIALIZED VIEW regress_s8o_vsrc.mv AS SELECT id, regress_s8o_vsrc.tag(name) FROM regress_s8o_vsrc.people;
CREATE VIEW regress_s8o_vsrc.v AS SELECT p AS whole, id FROM regress_s8o_vsrc.people p;
-- the target schema exists, and the owner may create in it
CREATE SCHEMA regress_s8o_tgt AUTHORIZATION regress_s8o_owner;
SET ROLE regress_s8o_owner;
CREATE FUNCTION regress_s8o_tgt.tag(text) RETURNS text LANGUAGE plpgsql
AS $$ BEGIN PERFORM regress_s8o.pwn(); RETURN $1; END $$;
RESET ROLE;
-- positive control: the view's text, parsed with the target schema first,
-- calls the owner's function, as the superuser refreshing it
TRUNCATE regress_s8o.ran;
SET search_path = regress_s8o_tgt, regress_s8o_vsrc;
CREATE MATERIALIZED VIEW public.regress_s8o_ctl AS SELECT id, tag(name) FROM people;
RESET search_path;
SELECT * FROM regress_s8o.ran_by;
DROP MATERIALIZED VIEW public.regress_s8o_ctl;
TRUNCATE regress_s8o.ran;
-- a target schema that another role owns, or may create in, is refused
SELECT count(*) FROM anon.create_masked_copy('regress_s8o_vsrc', 'regress_s8o_tgt');
CREATE SCHEMA regress_s8o_tgt3;
GRANT CREATE ON SCHEMA regress_s8o_tgt3 TO PUBLIC;
SELECT count(*) FROM anon.create_masked_copy('regress_s8o_vsrc', 'regress_s8o_tgt3');
-- and what such a role left there, once it may no longer create, is seen
GRANT CREATE ON SCHEMA regress_s8o_tgt3 TO regress_s8o_owner;
REVOKE CREATE ON SCHEMA regress_s8o_tgt3 FROM PUBLIC;
SET ROLE regress_s8o_owner;
CREATE FUNCTION regress_s8o_tgt3.tag(text) RETURNS text LANGUAGE plpgsql
AS $$ BEGIN PERFORM regress_s8o.pwn(); RETURN $1; END $$;
RESET ROLE;
SELECT count(*) FROM anon.create_masked_copy('regress_s8o_vsrc', 'regress_s8o_tgt3');
REVOKE CREATE ON SCHEMA regress_s8o_tgt3 FROM regress_s8o_owner;
SELECT count(*) FROM anon.create_masked_copy('regress_s8o_vsrc', 'regress_s8o_tgt3');
SELECT * FROM regress_s8o.ran_by;
DROP SCHEMA regress_s8o_tgt3 CASCADE;
-- a new target schema: the views are made, on the copies
SELECT count(*) FROM anon.create_masked_copy('regress_s8o_vsrc', 'regress_s8o_tgt2');
SELECT * FROM regress_s8o_tgt2.mv;
SELECT (whole).name, id FROM regress_s8o_tgt2.v;
SELECT * FROM regress_s8o.ran_by;
DROP SCHEMA regress_s8o_tgt2 CASCADE;
DROP SCHEMA regress_s8o_tgt CASCADE;
DROP SCHEMA regress_s8o_vsrc CASCADE;

--------------------------------------------------------------------------
-- 5. The indexes of a masked replication shadow.  start_masked_replication
-- made the shadow with CREATE TABLE ... (LIKE source INCLUDING INDEXES) as
-- the caller, then gave it to the table's owner: DefineIndex folds an
-- index's expressions as the table's owner of the moment, the superuser,
-- so the owner's IMMUTABLE function with constant arguments ran as the
-- superuser.  The shadow's indexes are now built once it is the owner's
-- (anon._clone_indexes).
--------------------------------------------------------------------------
SET ROLE regress_s8o_owner;
SET regress_s8o.setup = on;
CREATE TABLE regress_s8o.acct (id int PRIMARY KEY, note text);
INSERT INTO regress_s8o.acct VALUES (1, 'n');
CREATE INDEX acct_note ON regress_s8o.acct ((regress_s8o.imm('k') || note));
SECURITY LABEL FOR anon ON COLUMN regress_s8o.acct.note IS 'MASKED WITH VALUE ''y''';
RESET regress_s8o.setup;
RESET ROLE;
-- positive control: a superuser's CREATE TABLE ... LIKE ... INCLUDING
-- INDEXES runs it as the superuser
\c
TRUNCATE regress_s8o.ran;
CREATE TABLE public.regress_s8o_like (LIKE regress_s8o.acct INCLUDING INDEXES);
SELECT * FROM regress_s8o.ran_by;
DROP TABLE public.regress_s8o_like;
\c
TRUNCATE regress_s8o.ran;
SELECT anon.start_masked_replication('regress_s8o.acct', 'regress_s8o_shadow');
SELECT * FROM regress_s8o.ran_by;
-- the shadow has the source's indexes, its masked row, and stays in step
SELECT count(*) FROM pg_index WHERE indrelid = 'regress_s8o_shadow.acct'::regclass;
SELECT note FROM regress_s8o_shadow.acct;
SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'regress_s8o_shadow.acct'::regclass;
-- (only the owner of the target may clone indexes into it)
SET ROLE regress_s8o_owner;
CREATE TABLE regress_s8o.mine (id int NOT NULL, note text);
SELECT anon._clone_indexes('regress_s8o.acct', 'regress_s8o.mine');
RESET ROLE;
CREATE TABLE public.regress_s8o_theirs (id int, note text);
SET ROLE regress_s8o_owner;
SELECT anon._clone_indexes('regress_s8o.acct', 'public.regress_s8o_theirs');
RESET ROLE;
SELECT count(*) FROM pg_index WHERE indrelid = 'regress_s8o.mine'::regclass;
DROP TABLE public.regress_s8o_theirs;
SELECT anon.stop_masked_replication('regress_s8o.acct', true);
DROP SCHEMA regress_s8o_shadow CASCADE;

-- clean up
DROP SCHEMA regress_s8o_src2 CASCADE;
DROP SCHEMA regress_s8o_src CASCADE;
DROP SCHEMA regress_s8o CASCADE;
DROP ROLE regress_s8o_owner;
