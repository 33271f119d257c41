-- Red team, session 6 (second pass): a table owner makes a superuser act
-- on another role's objects through anon's maintenance functions.  Each
-- probe has a positive control.
\set VERBOSITY terse
CREATE ROLE regress_s6b_owner;
CREATE ROLE regress_s6b_victim;
CREATE SCHEMA regress_s6b AUTHORIZATION regress_s6b_owner;
CREATE SCHEMA regress_s6b_victim AUTHORIZATION regress_s6b_victim;
GRANT USAGE ON SCHEMA regress_s6b_victim TO PUBLIC;
SET ROLE regress_s6b_victim;
CREATE TABLE regress_s6b_victim.important (x int);
CREATE FUNCTION regress_s6b_victim.trg() RETURNS trigger LANGUAGE plpgsql
AS $$ BEGIN RETURN NULL; END $$;
RESET ROLE;

-- stop_masked_replication finds the trigger, its function and the shadow
-- by the trigger's name on the table: all of which the owner can plant.
SET ROLE regress_s6b_owner;
CREATE TABLE regress_s6b.t (id int PRIMARY KEY, name text);
INSERT INTO regress_s6b.t VALUES (1, 'Alice');
SECURITY LABEL FOR anon ON COLUMN regress_s6b.t.name IS 'MASKED WITH VALUE ''x''';
CREATE TRIGGER anon_masked_replication AFTER INSERT ON regress_s6b.t
  FOR EACH ROW EXECUTE FUNCTION regress_s6b_victim.trg('regress_s6b_victim.important');
CREATE TRIGGER anon_masked_replication_truncate AFTER TRUNCATE ON regress_s6b.t
  FOR EACH STATEMENT EXECUTE FUNCTION regress_s6b_victim.trg('regress_s6b_victim.important');
RESET ROLE;
-- a superuser stops the "replication": must not drop the victim's objects
SELECT anon.stop_masked_replication('regress_s6b.t', true);
SELECT to_regclass('regress_s6b_victim.important') IS NOT NULL AS victim_table_kept,
       to_regprocedure('regress_s6b_victim.trg()') IS NOT NULL AS victim_function_kept;
-- positive control: the same statement the function would run, run by the
-- superuser directly, does drop the victim's table
BEGIN;
DROP TABLE regress_s6b_victim.important;
SELECT to_regclass('regress_s6b_victim.important') IS NULL AS control_dropped;
ROLLBACK;
SET ROLE regress_s6b_owner;
DROP TRIGGER anon_masked_replication ON regress_s6b.t;
DROP TRIGGER anon_masked_replication_truncate ON regress_s6b.t;
RESET ROLE;

-- a genuine replication still stops, by a superuser, shadow dropped
SELECT anon.start_masked_replication('regress_s6b.t', 'regress_s6b_shadow');
INSERT INTO regress_s6b.t VALUES (2, 'Bob');
SELECT * FROM regress_s6b_shadow.t ORDER BY id;
SELECT anon.stop_masked_replication('regress_s6b.t', true);
SELECT to_regclass('regress_s6b_shadow.t') IS NULL AS shadow_dropped,
       count(*) AS triggers_left FROM pg_trigger
WHERE tgrelid = 'regress_s6b.t'::regclass AND tgname LIKE 'anon_masked%';
DROP SCHEMA regress_s6b_shadow;

-- PostgreSQL Anonymizer's legacy masking puts the schema anon.maskschema
-- ("mask") first on every masked role's search_path.  A role that may
-- create schemas creates "mask" before the DBA starts legacy masking, with
-- a function that wins over pg_catalog's for varchar arguments: every
-- masked role would run it, with the masked role's rights.
CREATE ROLE regress_s6b_masked;
SECURITY LABEL FOR anon ON ROLE regress_s6b_masked IS 'MASKED';
CREATE TABLE regress_s6b.ran (who text);
GRANT INSERT, SELECT ON regress_s6b.ran TO PUBLIC;
DO $$ BEGIN
  EXECUTE format('GRANT CREATE ON DATABASE %I TO regress_s6b_owner', current_database());
END $$;
SET ROLE regress_s6b_owner;
CREATE SCHEMA mask;
CREATE FUNCTION mask.upper(varchar) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO regress_s6b.ran VALUES (current_user);
  RETURN pg_catalog.upper($1::text);
END $$;
RESET ROLE;
SELECT anon.start_dynamic_masking(false);                 -- refused
SELECT anon.mask_role('regress_s6b_masked');              -- refused
SELECT count(*) AS search_path_set FROM pg_db_role_setting s
WHERE s.setrole = 'regress_s6b_masked'::regrole
  AND pg_catalog.array_to_string(s.setconfig, ',') LIKE '%search_path%';
-- positive control: with that schema first on its path, the masked role
-- does run the squatter's function
GRANT USAGE ON SCHEMA mask, regress_s6b TO regress_s6b_masked;
SET ROLE regress_s6b_masked;
SET search_path = mask, public;
SELECT upper('abc'::varchar);
RESET search_path;
RESET ROLE;
SELECT who FROM regress_s6b.ran;
SET client_min_messages = warning;
DROP SCHEMA mask CASCADE;
RESET client_min_messages;
DO $$ BEGIN
  EXECUTE format('REVOKE CREATE ON DATABASE %I FROM regress_s6b_owner', current_database());
END $$;
-- the schema made by start_dynamic_masking itself is accepted
SELECT anon.start_dynamic_masking(false);
SELECT pg_catalog.array_to_string(s.setconfig, ',') AS role_settings FROM pg_db_role_setting s
WHERE s.setrole = 'regress_s6b_masked'::regrole;
SELECT anon.stop_dynamic_masking();
SELECT to_regnamespace('mask') IS NULL AS mask_schema_dropped;

-- anon.generalize_to_k converts the quasi-identifiers to text and back,
-- which runs the domain checks of the owner's types.  A table is read as
-- its owner; a view is read as the caller, so a superuser generalizing an
-- owner's view over a domain column ran the owner's check as superuser.
CREATE TABLE regress_s6b.ran_super (super bool);
GRANT INSERT, SELECT ON regress_s6b.ran_super TO PUBLIC;
SET ROLE regress_s6b_owner;
CREATE FUNCTION regress_s6b.rec(int) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF current_user <> 'regress_s6b_owner' THEN
    INSERT INTO regress_s6b.ran_super
    SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user;
  END IF;
  RETURN true;
END $$;
CREATE DOMAIN regress_s6b.dom AS int CHECK (regress_s6b.rec(VALUE));
CREATE TABLE regress_s6b.kd (id int, d regress_s6b.dom, age int);
INSERT INTO regress_s6b.kd SELECT i, i % 7, 20 + i % 5 FROM generate_series(1, 40) i;
CREATE VIEW regress_s6b.kv AS SELECT d, age FROM regress_s6b.kd;
RESET ROLE;
SELECT count(*) FROM anon.generalize_to_k('regress_s6b.kv', 2, columns => ARRAY['d', 'age']);	-- refused
SELECT count(*) AS ran_as_other FROM regress_s6b.ran_super;
-- still accepted: the view's built-in columns, and the table (as its owner)
SELECT count(*) > 0 AS generalized FROM anon.generalize_to_k('regress_s6b.kv', 2, columns => ARRAY['age']);
SELECT count(*) > 0 AS generalized FROM anon.generalize_to_k('regress_s6b.kd', 2, columns => ARRAY['d', 'age']);
SELECT count(*) AS ran_as_other FROM regress_s6b.ran_super;
-- anon.set_public_partitions and anon.set_synthesis_bins (superusers)
-- cast the keys to the column's type: the domain check must run as the
-- table's owner
SELECT anon.set_public_partitions('regress_s6b.kd', 'd', ARRAY[1, 2, 2]);
SELECT anon.set_synthesis_bins('regress_s6b.kd', 'd', ARRAY[3, 1]);
SELECT count(*) AS ran_as_other FROM regress_s6b.ran_super;
SELECT keys FROM anon.dp_public_partitions WHERE relation = 'regress_s6b.kd'::regclass;
SELECT bounds FROM anon.synthesis_bins WHERE relation = 'regress_s6b.kd'::regclass;
SELECT anon.set_public_partitions('regress_s6b.kd', 'age', ARRAY['x']);	-- fail: not an integer
SELECT anon.set_public_partitions('regress_s6b.kd', 'd', NULL::text[]);
SELECT anon.set_synthesis_bins('regress_s6b.kd', 'd', NULL::int[]);
-- positive control: the conversion run by the superuser itself runs the
-- check as superuser
SELECT count(d::text::regress_s6b.dom) FROM regress_s6b.kv;
SELECT super, count(*) > 0 AS ran FROM regress_s6b.ran_super GROUP BY super;

-- A DIFFERENTIAL PRIVACY role's query grouped by a column with public
-- partitions reads the declared keys as values of the column's type: the
-- owner's domain check ran in the analyst's query, with the analyst's
-- rights.
CREATE ROLE regress_s6b_dp;
SECURITY LABEL FOR anon ON ROLE regress_s6b_dp IS 'DIFFERENTIAL PRIVACY';
SELECT anon.set_budget('regress_s6b_dp', 1000, 1e-3);
GRANT USAGE ON SCHEMA regress_s6b TO regress_s6b_dp;
GRANT SELECT ON regress_s6b.kd TO regress_s6b_dp;
SECURITY LABEL FOR anon ON COLUMN regress_s6b.kd.age IS 'MASKED WITH VALUE 0';
SELECT anon.set_public_partitions('regress_s6b.kd', 'd', ARRAY[1, 2, 3]);
TRUNCATE regress_s6b.ran_super;
SET ROLE regress_s6b_dp;
SELECT count(*) AS groups FROM (SELECT d, anon.anon_count(1.0) FROM regress_s6b.kd GROUP BY d) s;
SELECT pg_typeof(d) FROM (SELECT d, anon.anon_count(1.0) FROM regress_s6b.kd GROUP BY d) s LIMIT 1;
RESET ROLE;
SELECT count(*) AS ran_as_other FROM regress_s6b.ran_super;
-- positive control: a value of the domain built by the analyst runs the
-- check as the analyst
SET ROLE regress_s6b_dp;
SELECT CAST('1' AS regress_s6b.dom);
RESET ROLE;
SELECT super, count(*) AS ran FROM regress_s6b.ran_super GROUP BY super;
SELECT anon.set_public_partitions('regress_s6b.kd', 'd', NULL::text[]);
DELETE FROM anon.dp_budget WHERE role::text = 'regress_s6b_dp';

-- A masked role that owns a masked table keeps the code attached to it:
-- a trigger function (or a CHECK constraint's) that it replaces after the
-- labels receives the raw rows other roles write, runs as the masked role,
-- and can store them where it reads them.  Writes into such a table are
-- refused.
CREATE ROLE regress_s6b_mo;
CREATE SCHEMA regress_s6b_mo AUTHORIZATION regress_s6b_mo;
SET ROLE regress_s6b_mo;
CREATE TABLE regress_s6b_mo.loot (v text);
CREATE TABLE regress_s6b_mo.t (id int, secret text);
CREATE FUNCTION regress_s6b_mo.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER f BEFORE INSERT ON regress_s6b_mo.t FOR EACH ROW EXECUTE FUNCTION regress_s6b_mo.f();
CREATE FUNCTION regress_s6b_mo.chk(text) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RETURN true; END $$;
CREATE TABLE regress_s6b_mo.c (id int, secret text CHECK (regress_s6b_mo.chk(secret)));
-- a partition key is code on the rows too (IMMUTABLE, so it cannot write a
-- table, but it can send the value on: pg_notify, set_config, ...)
CREATE FUNCTION regress_s6b_mo.pk(text) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN 1; END $$;
CREATE TABLE regress_s6b_mo.p (id int, secret text) PARTITION BY LIST ((regress_s6b_mo.pk(secret)));
CREATE TABLE regress_s6b_mo.p1 PARTITION OF regress_s6b_mo.p FOR VALUES IN (1);
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_s6b_mo.p.secret IS 'MASKED WITH VALUE ''x''';
SECURITY LABEL FOR anon ON COLUMN regress_s6b_mo.p1.secret IS 'MASKED WITH VALUE ''x''';
SECURITY LABEL FOR anon ON COLUMN regress_s6b_mo.t.secret IS 'MASKED WITH VALUE ''x''';
SECURITY LABEL FOR anon ON COLUMN regress_s6b_mo.c.secret IS 'MASKED WITH VALUE ''x''';
SECURITY LABEL FOR anon ON ROLE regress_s6b_mo IS 'MASKED';
SET ROLE regress_s6b_mo;
CREATE OR REPLACE FUNCTION regress_s6b_mo.f() RETURNS trigger LANGUAGE plpgsql
AS $$ BEGIN INSERT INTO regress_s6b_mo.loot VALUES (NEW.secret); RETURN NEW; END $$;
CREATE OR REPLACE FUNCTION regress_s6b_mo.chk(text) RETURNS boolean LANGUAGE plpgsql
AS $$ BEGIN INSERT INTO regress_s6b_mo.loot VALUES ($1); RETURN true; END $$;
CREATE OR REPLACE FUNCTION regress_s6b_mo.pk(text) RETURNS int LANGUAGE plpgsql IMMUTABLE
AS $$ BEGIN PERFORM set_config('regress_s6b.seen', $1, false); RETURN 1; END $$;
RESET ROLE;
INSERT INTO regress_s6b_mo.t VALUES (1, 'TOP-SECRET-1');	-- refused
INSERT INTO regress_s6b_mo.c VALUES (1, 'TOP-SECRET-2');	-- refused
INSERT INTO regress_s6b_mo.p VALUES (1, 'TOP-SECRET-5');	-- refused (its key)
INSERT INTO regress_s6b_mo.p1 VALUES (1, 'TOP-SECRET-6');	-- refused (its parent's key)
SELECT current_setting('regress_s6b.seen', true) AS key_saw;
COPY regress_s6b_mo.t FROM PROGRAM 'echo 3,TOP-SECRET-3' WITH (FORMAT csv);	-- refused
SET ROLE regress_s6b_mo;
SELECT count(*) AS looted FROM regress_s6b_mo.loot;
RESET ROLE;
-- positive control: the same writes once the role is no longer masked
-- do hand the raw values to its functions
SECURITY LABEL FOR anon ON ROLE regress_s6b_mo IS NULL;
INSERT INTO regress_s6b_mo.t VALUES (1, 'TOP-SECRET-1');
INSERT INTO regress_s6b_mo.c VALUES (1, 'TOP-SECRET-2');
SELECT v FROM regress_s6b_mo.loot ORDER BY v;
INSERT INTO regress_s6b_mo.p1 VALUES (1, 'TOP-SECRET-6');
SELECT current_setting('regress_s6b.seen', true) AS key_saw;
SET client_min_messages = warning;
DROP SCHEMA regress_s6b_mo CASCADE;
RESET client_min_messages;
DROP ROLE regress_s6b_mo;

-- the same for a DIFFERENTIAL PRIVACY role that owns a labelled table
CREATE ROLE regress_s6b_dpo;
CREATE SCHEMA regress_s6b_dpo AUTHORIZATION regress_s6b_dpo;
SET ROLE regress_s6b_dpo;
CREATE TABLE regress_s6b_dpo.loot (v text);
CREATE TABLE regress_s6b_dpo.t (id int, secret text);
CREATE FUNCTION regress_s6b_dpo.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER f BEFORE INSERT ON regress_s6b_dpo.t FOR EACH ROW EXECUTE FUNCTION regress_s6b_dpo.f();
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_s6b_dpo.t.secret IS 'MASKED WITH VALUE ''x''';
SECURITY LABEL FOR anon ON ROLE regress_s6b_dpo IS 'DIFFERENTIAL PRIVACY';
SET ROLE regress_s6b_dpo;
CREATE OR REPLACE FUNCTION regress_s6b_dpo.f() RETURNS trigger LANGUAGE plpgsql
AS $$ BEGIN INSERT INTO regress_s6b_dpo.loot VALUES (NEW.secret); RETURN NEW; END $$;
RESET ROLE;
INSERT INTO regress_s6b_dpo.t VALUES (1, 'TOP-SECRET-4');	-- refused
SELECT count(*) AS looted FROM regress_s6b_dpo.loot;
-- positive control: unlabelled, the role's function gets the raw value
SECURITY LABEL FOR anon ON ROLE regress_s6b_dpo IS NULL;
INSERT INTO regress_s6b_dpo.t VALUES (1, 'TOP-SECRET-4');
SELECT v FROM regress_s6b_dpo.loot;
SET client_min_messages = warning;
DROP SCHEMA regress_s6b_dpo CASCADE;
RESET client_min_messages;
DROP ROLE regress_s6b_dpo;

-- Reads too: a row-level security policy of a masked table runs on its
-- raw rows whoever reads; a masked owner's policy function, replaced after
-- the labels, received them when another role read the table.
CREATE ROLE regress_s6b_mr;
CREATE ROLE regress_s6b_app;
CREATE SCHEMA regress_s6b_mr AUTHORIZATION regress_s6b_mr;
SET ROLE regress_s6b_mr;
CREATE TABLE regress_s6b_mr.loot (v text);
GRANT INSERT ON regress_s6b_mr.loot TO PUBLIC;
CREATE TABLE regress_s6b_mr.t (id int, secret text);
INSERT INTO regress_s6b_mr.t VALUES (1, 'TOP-SECRET-5');
CREATE FUNCTION regress_s6b_mr.spy(text) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RETURN true; END $$;
ALTER TABLE regress_s6b_mr.t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON regress_s6b_mr.t USING (regress_s6b_mr.spy(secret));
GRANT USAGE ON SCHEMA regress_s6b_mr TO regress_s6b_app;
GRANT SELECT ON regress_s6b_mr.t TO regress_s6b_app;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_s6b_mr.t.secret IS 'MASKED WITH VALUE ''x''';
SECURITY LABEL FOR anon ON ROLE regress_s6b_mr IS 'MASKED';
SET ROLE regress_s6b_mr;
CREATE OR REPLACE FUNCTION regress_s6b_mr.spy(text) RETURNS boolean LANGUAGE plpgsql
AS $$ BEGIN INSERT INTO regress_s6b_mr.loot VALUES ($1); RETURN true; END $$;
SET ROLE regress_s6b_app;
SELECT * FROM regress_s6b_mr.t;		-- refused
RESET ROLE;
SELECT count(*) AS looted FROM regress_s6b_mr.loot;
-- positive control: unlabelled, the policy's function gets the raw value
SECURITY LABEL FOR anon ON ROLE regress_s6b_mr IS NULL;
SET ROLE regress_s6b_app;
SELECT * FROM regress_s6b_mr.t;
RESET ROLE;
SELECT v FROM regress_s6b_mr.loot;
SET client_min_messages = warning;
DROP SCHEMA regress_s6b_mr CASCADE;
RESET client_min_messages;
DROP ROLE regress_s6b_mr, regress_s6b_app;

-- clean up
DROP SCHEMA regress_s6b CASCADE;
DROP SCHEMA regress_s6b_victim CASCADE;
DROP ROLE regress_s6b_owner, regress_s6b_victim, regress_s6b_masked, regress_s6b_dp;
