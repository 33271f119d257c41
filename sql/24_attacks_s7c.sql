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

-- clean up
DROP SCHEMA regress_s7c CASCADE;
DROP SCHEMA regress_s7c_mine CASCADE;
DROP ROLE regress_s7c_owner;
DROP ROLE regress_s7c_masked;
