-- Red team, session 7 (third pass): the newest defences themselves.
-- Each probe has a positive control showing it would catch the leak.
\set VERBOSITY terse
CREATE ROLE regress_s7c_owner;
CREATE ROLE regress_s7c_masked;
SECURITY LABEL FOR anon ON ROLE regress_s7c_masked IS 'MASKED';
CREATE SCHEMA regress_s7c AUTHORIZATION regress_s7c_owner;
CREATE SCHEMA regress_s7c_mine AUTHORIZATION regress_s7c_masked;
GRANT USAGE ON SCHEMA regress_s7c TO regress_s7c_masked;

--------------------------------------------------------------------------
-- 1. Keyed noise and fixed samples, read through another member of an
-- inheritance tree.  The noise of a volatile rule was keyed by the
-- relation the query named, and so was the seed of a TABLESAMPLE label:
-- a partition (partitioned by a column that is not masked) or a child
-- table, which inherits its ancestors' rules and sample, read on its own
-- drew other noise for the same row, and another sample, than the
-- partitioned table or the parent: one independent draw per level of the
-- tree, and a union of samples.  The key and the seed are now those of
-- the root of the tree (first parents up), the column by name.
--------------------------------------------------------------------------
SET ROLE regress_s7c_owner;
CREATE TABLE regress_s7c.pay (id int, salary int) PARTITION BY RANGE (id);
CREATE TABLE regress_s7c.pay_1 PARTITION OF regress_s7c.pay FOR VALUES FROM (0) TO (100000)
  PARTITION BY RANGE (id);
-- a leaf whose columns are in another order than its root's
CREATE TABLE regress_s7c.pay_1a (salary int, id int);
ALTER TABLE regress_s7c.pay_1 ATTACH PARTITION regress_s7c.pay_1a FOR VALUES FROM (0) TO (100000);
INSERT INTO regress_s7c.pay SELECT i, 1000 FROM generate_series(1, 2000) i;
SECURITY LABEL FOR anon ON COLUMN regress_s7c.pay.salary IS 'MASKED WITH FUNCTION anon.noise(salary, 0.5)';
SECURITY LABEL FOR anon ON TABLE regress_s7c.pay IS 'TABLESAMPLE BERNOULLI (10)';
-- plain inheritance
CREATE TABLE regress_s7c.emp (id int, salary int);
CREATE TABLE regress_s7c.emp_c () INHERITS (regress_s7c.emp);
INSERT INTO regress_s7c.emp_c VALUES (1, 1000);
SECURITY LABEL FOR anon ON COLUMN regress_s7c.emp.salary IS 'MASKED WITH FUNCTION anon.noise(salary, 0.5)';
GRANT SELECT ON ALL TABLES IN SCHEMA regress_s7c TO regress_s7c_masked;
-- positive control: the same rule over the same rows of two unrelated
-- tables reads independent draws (two draws of anon.noise(1000 * i, 0.5)
-- agree rarely: fewer than 5 of 10 rows differ but with probability far
-- below 1e-6), and two seeds draw two samples
CREATE TABLE regress_s7c.twin1 (id int, salary int);
CREATE TABLE regress_s7c.twin2 (id int, salary int);
INSERT INTO regress_s7c.twin1 SELECT i, 1000 * i FROM generate_series(1, 10) i;
INSERT INTO regress_s7c.twin2 SELECT i, 1000 * i FROM generate_series(1, 10) i;
SECURITY LABEL FOR anon ON COLUMN regress_s7c.twin1.salary IS 'MASKED WITH FUNCTION anon.noise(salary, 0.5)';
SECURITY LABEL FOR anon ON COLUMN regress_s7c.twin2.salary IS 'MASKED WITH FUNCTION anon.noise(salary, 0.5)';
CREATE TABLE regress_s7c.samp1 (id int);
CREATE TABLE regress_s7c.samp2 (id int);
INSERT INTO regress_s7c.samp1 SELECT generate_series(1, 2000);
INSERT INTO regress_s7c.samp2 SELECT generate_series(1, 2000);
SECURITY LABEL FOR anon ON TABLE regress_s7c.samp1 IS 'TABLESAMPLE BERNOULLI (10)';
SECURITY LABEL FOR anon ON TABLE regress_s7c.samp2 IS 'TABLESAMPLE BERNOULLI (10)';
GRANT SELECT ON regress_s7c.twin1, regress_s7c.twin2, regress_s7c.samp1, regress_s7c.samp2
  TO regress_s7c_masked;
RESET ROLE;
SET ROLE regress_s7c_masked;
SELECT count(*) >= 5 AS independent FROM regress_s7c.twin1 a JOIN regress_s7c.twin2 b USING (id)
WHERE a.salary <> b.salary;
-- (10% of 2000 each: their union holds more than 300 rows but with
-- probability far below 1e-6)
SELECT count(DISTINCT id) > 300 AS two_samples FROM (
  SELECT id FROM regress_s7c.samp1 UNION ALL SELECT id FROM regress_s7c.samp2) s;
-- the attack: the same rows, read through each level of the tree
CREATE TABLE regress_s7c_mine.seen (lvl text, id int, salary int);
INSERT INTO regress_s7c_mine.seen SELECT 'root', id, salary FROM regress_s7c.pay;
INSERT INTO regress_s7c_mine.seen SELECT 'mid', id, salary FROM regress_s7c.pay_1;
INSERT INTO regress_s7c_mine.seen SELECT 'leaf', id, salary FROM regress_s7c.pay_1a;
-- one sample, whichever level is read (10% of 2000: fewer than 400 rows
-- but with probability below 1e-6), and one value per row
SELECT count(DISTINCT id) < 400 AS one_sample,
       count(*) = 3 * count(DISTINCT id) AS same_rows,
       count(DISTINCT (id, salary)) = count(DISTINCT id) AS one_value
FROM regress_s7c_mine.seen;
SELECT count(DISTINCT salary) AS values FROM (
  SELECT salary FROM regress_s7c.emp UNION ALL SELECT salary FROM regress_s7c.emp_c
  UNION ALL SELECT salary FROM ONLY regress_s7c.emp_c) s;
RESET ROLE;

--------------------------------------------------------------------------
-- 2. Masked replication, version after version.  The shadow's trigger
-- recomputes a row at every UPDATE of the source, of any column, and
-- every version reaches the subscriber (and a role with REPLICATION
-- reading the slot): a volatile rule over the row drew fresh noise at
-- each version, so fifty updates of an unrelated column handed fifty
-- draws of anon.noise(salary, 0.5), which average to the raw salary.
-- The shadow now draws, for a row, the noise a masked reader reads.
--------------------------------------------------------------------------
SET ROLE regress_s7c_owner;
CREATE TABLE regress_s7c.acct (id int PRIMARY KEY, salary int, seen int, tag int);
INSERT INTO regress_s7c.acct VALUES (1, 1000, 0, 0);
SECURITY LABEL FOR anon ON COLUMN regress_s7c.acct.id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN regress_s7c.acct.salary IS 'MASKED WITH FUNCTION anon.noise(salary, 0.5)';
SECURITY LABEL FOR anon ON COLUMN regress_s7c.acct.tag IS 'MASKED WITH FUNCTION anon.random_int_between(0, 1000000)';
GRANT SELECT ON regress_s7c.acct TO regress_s7c_masked;
RESET ROLE;
SELECT anon.start_masked_replication('regress_s7c.acct', 'regress_s7c_replica');
-- what the subscriber receives: every version of the shadow's row
CREATE TABLE regress_s7c_versions (salary int, tag int);
GRANT SELECT ON regress_s7c_versions TO regress_s7c_masked;
DO $$ BEGIN FOR i IN 1..50 LOOP
  UPDATE regress_s7c.acct SET seen = seen + 1;
  INSERT INTO regress_s7c_versions SELECT salary, tag FROM regress_s7c_replica.acct;
END LOOP; END $$;
-- positive control: the rule that does not read the row is drawn afresh
-- at each version (50 draws among a million: fewer than 40 distinct but
-- with probability far below 1e-6), so the probe sees fresh draws
SELECT count(DISTINCT tag) > 40 AS fresh_each_version FROM regress_s7c_versions;
-- the salary's noise is the same at every version, and it is the noise a
-- masked reader reads
SELECT count(DISTINCT salary) AS salaries FROM regress_s7c_versions;
SET ROLE regress_s7c_masked;
SELECT v.salary = a.salary AS as_masked_readers_read
FROM (SELECT DISTINCT salary FROM regress_s7c_versions) v, regress_s7c.acct a;
RESET ROLE;
-- a raw change is replicated
UPDATE regress_s7c.acct SET salary = 3000;
SELECT salary BETWEEN 1500 AND 4500 AS changed FROM regress_s7c_replica.acct;
SELECT anon.stop_masked_replication('regress_s7c.acct', true);
DROP TABLE regress_s7c_versions;
DROP SCHEMA regress_s7c_replica;

--------------------------------------------------------------------------
-- 3. Sampling, update after update.  The fixed seed of a TABLESAMPLE
-- label draws by the place of a row (its block and line), and a row moves
-- at every UPDATE of any column: a masked reader that read a 10% sample
-- after each of twenty updates of an unrelated column gathered most of
-- the table.  A masked reader's BERNOULLI or SYSTEM sample of a table
-- with a primary key is now drawn by the key's raw value.
--------------------------------------------------------------------------
SET ROLE regress_s7c_owner;
CREATE TABLE regress_s7c.visit (id int PRIMARY KEY, n int);
INSERT INTO regress_s7c.visit SELECT i, 0 FROM generate_series(1, 2000) i;
SECURITY LABEL FOR anon ON TABLE regress_s7c.visit IS 'TABLESAMPLE BERNOULLI (10)';
-- positive control: the same table without a primary key keeps the
-- sample by place (a known limit, doc/trust-model.md)
CREATE TABLE regress_s7c.visit_nokey (id int, n int);
INSERT INTO regress_s7c.visit_nokey SELECT i, 0 FROM generate_series(1, 2000) i;
SECURITY LABEL FOR anon ON TABLE regress_s7c.visit_nokey IS 'TABLESAMPLE BERNOULLI (10)';
GRANT SELECT ON regress_s7c.visit, regress_s7c.visit_nokey TO regress_s7c_masked;
RESET ROLE;
CREATE TABLE regress_s7c_mine.got (t text, id int);
ALTER TABLE regress_s7c_mine.got OWNER TO regress_s7c_masked;
DO $$ BEGIN FOR i IN 1..20 LOOP
  UPDATE regress_s7c.visit SET n = n + 1;
  UPDATE regress_s7c.visit_nokey SET n = n + 1;
  SET LOCAL ROLE regress_s7c_masked;
  INSERT INTO regress_s7c_mine.got SELECT 'key', id FROM regress_s7c.visit;
  INSERT INTO regress_s7c_mine.got SELECT 'nokey', id FROM regress_s7c.visit_nokey;
  RESET ROLE;
END LOOP; END $$;
-- twenty 10% samples of 2000 rows by place gather more than 500 rows but
-- with probability far below 1e-6; one sample holds fewer than 400 (and
-- more than 100) but with probability below 1e-6
SELECT t, count(DISTINCT id) > 500 AS gathered, count(DISTINCT id) BETWEEN 100 AND 400 AS one_sample,
       count(*) = 20 * count(DISTINCT id) AS same_each_time
FROM regress_s7c_mine.got GROUP BY t ORDER BY t;
-- the sample is still drawn for the whole tree alike (section 1)
SET ROLE regress_s7c_masked;
SELECT count(*) BETWEEN 100 AND 400 AS about_ten_percent FROM regress_s7c.visit;
-- the reader cannot draw keys of its choosing
SELECT anon._sample_row('regress_s7c.visit'::regclass, 10, 1);	-- fail
RESET ROLE;

--------------------------------------------------------------------------
-- 4. The shadow's schema.  start_masked_replication put the shadow in an
-- existing schema whoever owned it; the owner of a schema may drop any
-- table in it, so a third role that made the schema (anon_replica is the
-- default name) replaced the shadow with a table of its own whose trigger
-- the sync function (SECURITY DEFINER, the table's owner) then ran with
-- the owner's rights: it read the raw table.  A schema that neither the
-- table's owner nor a superuser owns is now refused.
--------------------------------------------------------------------------
CREATE ROLE regress_s7c_third;
GRANT CREATE ON DATABASE contrib_regression TO regress_s7c_third;
SET ROLE regress_s7c_owner;
CREATE TABLE regress_s7c.wage (id int PRIMARY KEY, salary int);
INSERT INTO regress_s7c.wage VALUES (1, 1234);
SECURITY LABEL FOR anon ON COLUMN regress_s7c.wage.id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN regress_s7c.wage.salary IS 'MASKED WITH VALUE 0';
RESET ROLE;
SET ROLE regress_s7c_third;
CREATE SCHEMA regress_s7c_trap;
CREATE TABLE regress_s7c_trap.loot (v text);
CREATE TABLE regress_s7c_trap.wage (id int, salary int);
CREATE FUNCTION regress_s7c_trap.steal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO regress_s7c_trap.loot
  SELECT current_user || ':' || string_agg(salary::text, ',') FROM regress_s7c.wage;
  RETURN NEW;
END $$;
CREATE TRIGGER steal BEFORE INSERT ON regress_s7c_trap.wage
  FOR EACH ROW EXECUTE FUNCTION regress_s7c_trap.steal();
GRANT USAGE ON SCHEMA regress_s7c_trap TO PUBLIC;
GRANT INSERT ON regress_s7c_trap.wage, regress_s7c_trap.loot TO PUBLIC;
RESET ROLE;
-- positive control: the table owner writing into the third role's table
-- runs its trigger with the owner's rights, which read the raw salary
SET ROLE regress_s7c_owner;
INSERT INTO regress_s7c_trap.wage VALUES (0, 0);
RESET ROLE;
SELECT v FROM regress_s7c_trap.loot;
DELETE FROM regress_s7c_trap.loot;
DROP TABLE regress_s7c_trap.wage;
-- the attack: the shadow in the third role's schema
SELECT anon.start_masked_replication('regress_s7c.wage', 'regress_s7c_trap');	-- fail
SELECT count(*) AS shadows FROM pg_class WHERE relnamespace = 'regress_s7c_trap'::regnamespace
  AND relname = 'wage';
-- a schema of the table's owner is accepted
CREATE SCHEMA regress_s7c_own AUTHORIZATION regress_s7c_owner;
SELECT anon.start_masked_replication('regress_s7c.wage', 'regress_s7c_own');
SELECT salary FROM regress_s7c_own.wage;
SELECT anon.stop_masked_replication('regress_s7c.wage', true);
DROP SCHEMA regress_s7c_own;
DROP SCHEMA regress_s7c_trap CASCADE;
REVOKE CREATE ON DATABASE contrib_regression FROM regress_s7c_third;
DROP ROLE regress_s7c_third;

-- clean up
DROP SCHEMA regress_s7c CASCADE;
DROP SCHEMA regress_s7c_mine CASCADE;
DROP ROLE regress_s7c_owner;
DROP ROLE regress_s7c_masked;
