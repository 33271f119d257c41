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

-- clean up
DROP SCHEMA regress_s6b CASCADE;
DROP SCHEMA regress_s6b_victim CASCADE;
DROP ROLE regress_s6b_owner, regress_s6b_victim;
