-- An independent audit of the DIFFERENTIAL PRIVACY guard and budget
-- (src/dp_guard.c, src/dp_budget.c), session 7: the attacker is a DP role
-- with the usual grants (ALL on the labelled table, a schema of its own,
-- TEMP) and a budget.  Each class of attack comes with a positive control
-- showing that the probe reaches what it aims at (a parallel worker, an
-- uncharged release...), so that a refusal here means the hole is closed.
\set VERBOSITY terse
CREATE TABLE dps7_people (id int PRIMARY KEY, city text, salary int);
INSERT INTO dps7_people
SELECT g, 'city ' || (g % 10), (g * 37) % 700 FROM generate_series(1, 1000) g;
INSERT INTO dps7_people VALUES (1001, 'Rareville', 777);
SECURITY LABEL FOR anon ON COLUMN dps7_people.salary IS 'MASKED WITH VALUE 0';
CREATE ROLE regress_dps7;
SECURITY LABEL FOR anon ON ROLE regress_dps7 IS 'DIFFERENTIAL PRIVACY';
GRANT ALL ON dps7_people TO regress_dps7;
CREATE SCHEMA regress_dps7_s AUTHORIZATION regress_dps7;
SELECT anon.set_budget('regress_dps7', 10, 1e-3);

-- 1. Parallel workers.  The leader of a parallel query charges the plan it
-- runs; a function marked PARALLEL SAFE runs its own queries inside the
-- workers, once per row.  A DP aggregate there would be released per call
-- with no charge at all (and 40 calls average the noise away): such a
-- query is refused in a worker, before it reads a row.
SET ROLE regress_dps7;
CREATE FUNCTION regress_dps7_s.release(int) RETURNS bigint
LANGUAGE plpgsql PARALLEL SAFE AS $$
DECLARE v bigint;
BEGIN
  SELECT anon.anon_count_unclamped(0.5) INTO v FROM public.dps7_people WHERE salary = 777;
  RETURN v;
END $$;
CREATE FUNCTION regress_dps7_s.release_sql(int) RETURNS bigint
LANGUAGE sql PARALLEL SAFE
AS 'SELECT anon.anon_count_unclamped(0.5) FROM public.dps7_people WHERE salary = 777';
CREATE FUNCTION regress_dps7_s.pid(int) RETURNS int
LANGUAGE sql PARALLEL SAFE AS 'SELECT pg_catalog.pg_backend_pid()';
SELECT pg_backend_pid() AS leader_pid \gset
SELECT set_config(CASE WHEN current_setting('server_version_num')::int >= 160000
                       THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END,
                  'on', false) AS parallel_forced;
-- positive control: the functions of these queries run in another backend
SELECT bool_and(regress_dps7_s.pid(g) <> :leader_pid) AS in_worker
FROM generate_series(1, 40) g;
-- the probes: refused, nothing spent
SELECT sum(regress_dps7_s.release(g)) FROM generate_series(1, 40) g;
SELECT sum(regress_dps7_s.release_sql(g)) FROM generate_series(1, 40) g;
SELECT count(*) FROM generate_series(1, 40) g WHERE regress_dps7_s.release(g) > 0;
SELECT epsilon AS nothing_spent FROM anon.budget_remaining();
SELECT set_config(CASE WHEN current_setting('server_version_num')::int >= 160000
                       THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END,
                  'off', false) AS parallel_forced;
-- control: run by the leader, each call is charged
SELECT regress_dps7_s.release(1) IS NOT NULL AS released,
       regress_dps7_s.release_sql(2) IS NOT NULL AS released_sql;
SELECT epsilon AS one_spent FROM anon.budget_remaining();
RESET ROLE;

-- 2. Rewrite rules join their action with the statement that fires them:
-- the SELECT of an INSERT ... SELECT, or the target of an UPDATE whose
-- WHERE reads it.  Those sources are not written in the action's FROM
-- clause, but they repeat every person's rows: an aggregate in the
-- action counted each person once per row of the statement (100 times
-- here) for the noise of one.  The guard counts the sources of the join
-- tree.  Positive control: regress_dps7_ctl, not labelled and not
-- limited, runs the same rules and gets the multiplied count.
CREATE ROLE regress_dps7_ctl;
GRANT ALL ON dps7_people TO regress_dps7_ctl;
CREATE SCHEMA regress_dps7_c AUTHORIZATION regress_dps7_ctl;
SET ROLE regress_dps7_ctl;
CREATE TABLE regress_dps7_c.fire (x int);
CREATE TABLE regress_dps7_c.out (n bigint);
CREATE RULE mult_ins AS ON INSERT TO regress_dps7_c.fire DO ALSO
  INSERT INTO regress_dps7_c.out SELECT anon.anon_count(1.0) FROM public.dps7_people;
CREATE RULE mult_upd AS ON UPDATE TO regress_dps7_c.fire DO ALSO
  INSERT INTO regress_dps7_c.out SELECT anon.anon_count(1.0) FROM public.dps7_people;
INSERT INTO regress_dps7_c.fire SELECT g FROM generate_series(1, 100) g;
UPDATE regress_dps7_c.fire SET x = x WHERE x > 0;
SELECT count(*) AS releases, bool_and(n > 50000) AS multiplied FROM regress_dps7_c.out;
RESET ROLE;
SET ROLE regress_dps7;
CREATE TABLE regress_dps7_s.fire (x int);
CREATE TABLE regress_dps7_s.out (n bigint);
CREATE RULE mult_ins AS ON INSERT TO regress_dps7_s.fire DO ALSO
  INSERT INTO regress_dps7_s.out SELECT anon.anon_count(1.0) FROM public.dps7_people;
INSERT INTO regress_dps7_s.fire SELECT g FROM generate_series(1, 100) g;
DROP RULE mult_ins ON regress_dps7_s.fire;
INSERT INTO regress_dps7_s.fire SELECT g FROM generate_series(1, 100) g;
CREATE RULE mult_upd AS ON UPDATE TO regress_dps7_s.fire DO ALSO
  INSERT INTO regress_dps7_s.out SELECT anon.anon_count(1.0) FROM public.dps7_people;
UPDATE regress_dps7_s.fire SET x = x WHERE x > 0;
CREATE RULE mult_del AS ON DELETE TO regress_dps7_s.fire DO INSTEAD
  INSERT INTO regress_dps7_s.out SELECT anon.anon_count(1.0) FROM public.dps7_people;
DELETE FROM regress_dps7_s.fire WHERE x > 0;
SELECT count(*) AS no_release FROM regress_dps7_s.out;
-- a statement that joins a DP subquery with other rows is refused too
UPDATE regress_dps7_s.out SET n = s.c FROM (SELECT anon.anon_count(1.0) AS c FROM public.dps7_people) s;
-- what stays allowed: a rule whose action is not joined with the statement
DROP RULE mult_upd ON regress_dps7_s.fire;
DROP RULE mult_del ON regress_dps7_s.fire;
CREATE RULE once_upd AS ON UPDATE TO regress_dps7_s.fire DO ALSO
  INSERT INTO regress_dps7_s.out SELECT anon.anon_count(1.0) FROM public.dps7_people;
UPDATE regress_dps7_s.fire SET x = x;
INSERT INTO regress_dps7_s.out SELECT anon.anon_count(1.0) FROM public.dps7_people;
SELECT count(*) AS two_releases, bool_and(n BETWEEN 900 AND 1100) AS not_multiplied
FROM regress_dps7_s.out;
SELECT epsilon AS two_more_spent FROM anon.budget_remaining();
RESET ROLE;

-- 3. Public partitions are keys a superuser declared; their duplicates
-- were dropped under the default collation, and the keys joined to the
-- rows under the column's.  On a case-insensitive (nondeterministic)
-- column, 'sales', 'SALES' and 'Sales' stayed three keys, and every row
-- joined all three: each person counted in three groups for the noise of
-- one.  The keys are now made distinct under the column's collation.
-- Control: on a column with a deterministic collation, the same keys are
-- three groups, and each row still counts once (the sums of the releases
-- match the rows, epsilon 20 making the noise negligible).
CREATE TABLE dps7_dept (id int, dept text, salary int);
INSERT INTO dps7_dept SELECT g, CASE WHEN g % 2 = 0 THEN 'sales' ELSE 'SALES' END, g
FROM generate_series(1, 1000) g;
SECURITY LABEL FOR anon ON COLUMN dps7_dept.salary IS 'MASKED WITH VALUE 0';
GRANT SELECT ON dps7_dept TO regress_dps7;
SELECT anon.set_public_partitions('dps7_dept', 'dept', ARRAY['sales', 'SALES', 'Sales']);
SELECT anon.set_budget('regress_dps7', 1000, 1e-3);
SET ROLE regress_dps7;
SELECT count(*) AS groups, sum(n) BETWEEN 950 AND 1050 AS each_row_once
FROM (SELECT dept, anon.anon_count_unclamped(20) AS n FROM dps7_dept GROUP BY dept) s;
RESET ROLE;
SELECT anon.set_public_partitions('dps7_dept', 'dept', NULL::text[]);
-- (nondeterministic collations need ICU: where PostgreSQL was built
-- without it, the verdict is printed as expected without the probe)
SELECT EXISTS (SELECT FROM pg_collation WHERE collname = 'und-x-icu') AS have_icu \gset
\if :have_icu
CREATE COLLATION dps7_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE dps7_dept_ci (id int, dept text COLLATE dps7_ci, salary int);
INSERT INTO dps7_dept_ci SELECT * FROM dps7_dept;
SECURITY LABEL FOR anon ON COLUMN dps7_dept_ci.salary IS 'MASKED WITH VALUE 0';
GRANT SELECT ON dps7_dept_ci TO regress_dps7;
SELECT anon.set_public_partitions('dps7_dept_ci', 'dept', ARRAY['sales', 'SALES', 'Sales']) \gset
SET ROLE regress_dps7;
SELECT count(*) AS ci_groups, sum(n) BETWEEN 950 AND 1050 AS ci_each_row_once
FROM (SELECT dept, anon.anon_count_unclamped(20) AS n FROM dps7_dept_ci GROUP BY dept) s \gset
RESET ROLE;
SELECT anon.set_public_partitions('dps7_dept_ci', 'dept', NULL::text[]) \gset
DROP TABLE dps7_dept_ci;
DROP COLLATION dps7_ci;
\else
\set ci_groups 1
\set ci_each_row_once t
\endif
SELECT :ci_groups AS groups, :'ci_each_row_once' AS each_row_once;
DROP TABLE dps7_dept;

-- 4. Several PRIVACY UNIT columns: the sender and the receiver of a
-- message are both persons, but one row per value of one column was kept
-- (the last labelled), so a person of the other column kept all their
-- rows: person 7 sent 500 messages, 500 rows for the noise of one.  A
-- table with several PRIVACY UNIT columns (its own or a parent's) is
-- refused, for queries and synthesis alike.  Positive control:
-- regress_dps7_ctl (not guarded, no bounding) counts person 7's 500 rows.
CREATE TABLE dps7_msgs (sender int, receiver int, v int);
INSERT INTO dps7_msgs
SELECT CASE WHEN g <= 500 THEN 7 ELSE g END, g, g % 100 FROM generate_series(1, 2000) g;
SECURITY LABEL FOR anon ON COLUMN dps7_msgs.sender IS 'PRIVACY UNIT';
SECURITY LABEL FOR anon ON COLUMN dps7_msgs.receiver IS 'PRIVACY UNIT';
CREATE TABLE dps7_msgs_part (sender int, receiver int, v int) PARTITION BY RANGE (sender);
CREATE TABLE dps7_msgs_p1 PARTITION OF dps7_msgs_part FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
INSERT INTO dps7_msgs_part SELECT * FROM dps7_msgs;
SECURITY LABEL FOR anon ON COLUMN dps7_msgs_part.sender IS 'PRIVACY UNIT';
SECURITY LABEL FOR anon ON COLUMN dps7_msgs_part.receiver IS 'PRIVACY UNIT';
GRANT SELECT ON dps7_msgs, dps7_msgs_part, dps7_msgs_p1 TO regress_dps7, regress_dps7_ctl;
SET ROLE regress_dps7_ctl;
SELECT anon.anon_count(10) BETWEEN 450 AND 550 AS all_rows_of_person_7
FROM dps7_msgs WHERE sender = 7;
RESET ROLE;
SET ROLE regress_dps7;
SELECT anon.anon_count(10) FROM dps7_msgs WHERE sender = 7;
SELECT anon.anon_count(10) FROM dps7_msgs WHERE receiver = 7;
SELECT anon.anon_count(10) FROM dps7_msgs_part WHERE sender = 7;
SELECT anon.anon_count(10) FROM dps7_msgs_p1 WHERE sender = 7;
SELECT modelled_columns FROM anon.synthesize('dps7_msgs', 'regress_dps7_s.syn', 1, 1e-6);
RESET ROLE;
-- the same through inheritance: the parent's unit is the sender, the
-- child's the receiver; the child read alone bounded the receivers only
CREATE TABLE dps7_inh (sender int, receiver int, v int);
CREATE TABLE dps7_inh_kid () INHERITS (dps7_inh);
INSERT INTO dps7_inh_kid SELECT * FROM dps7_msgs;
SECURITY LABEL FOR anon ON COLUMN dps7_inh.sender IS 'PRIVACY UNIT';
SECURITY LABEL FOR anon ON COLUMN dps7_inh_kid.receiver IS 'PRIVACY UNIT';
GRANT SELECT ON dps7_inh, dps7_inh_kid TO regress_dps7;
SET ROLE regress_dps7;
SELECT anon.anon_count(10) FROM dps7_inh_kid WHERE sender = 7;
SELECT anon.anon_count(10) FROM dps7_inh WHERE sender = 7;
RESET ROLE;
DROP TABLE dps7_inh CASCADE;
-- one unit: person 7 counts once
SECURITY LABEL FOR anon ON COLUMN dps7_msgs.receiver IS NULL;
SET ROLE regress_dps7;
SELECT anon.anon_count(10) BETWEEN 0 AND 3 AS person_7_once FROM dps7_msgs WHERE sender = 7;
RESET ROLE;
DROP TABLE dps7_msgs, dps7_msgs_part;

-- 5. A group is released under the key of its first row.  Where equal
-- values print differently (numeric 10 = 10.000, float -0 = 0, interval
-- '1 day' = '24 hours'), the released key showed how one person wrote it:
-- person 1 alone wrote 10.000.  Such keys are refused (unless declared
-- public partitions); a numeric with a scale (numeric(8,2)), an exact
-- type, stays allowed.  anon._dp_grouped, which a DP role may call, now
-- releases its keys in canonical form, sorted (not in the order of its
-- hash table, which follows the first rows read).  Positive control:
-- regress_dps7_ctl, not guarded, is released person 1's spelling.
CREATE TABLE dps7_amounts (id int, amount numeric, fixed numeric(8,2), f float8,
                           d interval, v int);
INSERT INTO dps7_amounts VALUES (1, 10.000, 10, '-0', '1 day', 0);
INSERT INTO dps7_amounts SELECT g, 10, 10, 0, '24 hours', 0 FROM generate_series(2, 400) g;
SECURITY LABEL FOR anon ON COLUMN dps7_amounts.v IS 'MASKED WITH VALUE 0';
GRANT SELECT ON dps7_amounts TO regress_dps7, regress_dps7_ctl;
SET ROLE regress_dps7_ctl;
SELECT amount, f, d FROM dps7_amounts GROUP BY amount, f, d HAVING anon.anon_count(1.0) > 0;
RESET ROLE;
SET ROLE regress_dps7;
SET enable_sort = off;
SELECT amount, anon.anon_count(1.0) > 0 AS released FROM dps7_amounts GROUP BY amount;
SELECT f, anon.anon_count(1.0) > 0 AS released FROM dps7_amounts GROUP BY f;
SELECT d, anon.anon_count(1.0) > 0 AS released FROM dps7_amounts GROUP BY d;
RESET enable_sort;
SELECT fixed, anon.anon_count(1.0) > 0 AS released FROM dps7_amounts GROUP BY fixed;
SELECT (anon._dp_grouped('P1:1e-6|K1700|Vc000:1:0:0:0|', ROW(amount, id)))[1] AS amount_key
FROM dps7_amounts;
SELECT (anon._dp_grouped('P1:1e-6|K701|Vc000:1:0:0:0|', ROW(f, id)))[1] AS f_key
FROM dps7_amounts;
SELECT anon._dp_grouped('P1:1e-6|K1186|Vc000:1:0:0:0|', ROW(d, id)) FROM dps7_amounts;
-- (first rows read: 3, 1, 0, 2)
SELECT ARRAY[r[1], r[3], r[5], r[7]] AS sorted_keys
FROM (SELECT anon._dp_grouped('P1:1e-6|K23|Vc000:1:0:0:0|', ROW(CASE WHEN id < 100 THEN 3 WHEN id < 200 THEN 1 WHEN id < 300 THEN 0 ELSE 2 END, id)) AS r
      FROM dps7_amounts) s;
RESET ROLE;
DROP TABLE dps7_amounts;

-- 6. Partition selection has the noise it declares.  With epsilon 1 and
-- delta 0.01 the threshold is 1 + ceil(ln(1 / (0.01 (1 + e^-1)))) = 6, and
-- a group of c rows is released with probability P(Z >= 6 - c) =
-- q^(6 - c) / (1 + q), q = e^-1, for discrete Laplace noise Z: 0.2689 for
-- 5 rows, 0.0989 for 4 (their ratio is e^epsilon: the privacy loss is
-- exactly the declared one), 0.0049 for 1 (below delta).  20000 groups of
-- each size; each count is checked within 6 standard deviations of its
-- expectation (false alarm below 1e-8 each).  Too little noise (or a
-- lower threshold) would release more small groups: this is the check.
CREATE TABLE dps7_ps AS SELECT g, k FROM generate_series(1, 20000) g, generate_series(1, 5) k;
WITH sizes(c) AS (VALUES (5), (4), (1)),
released AS (
  SELECT c, (SELECT count(*) FILTER (WHERE sel)
             FROM (SELECT g, anon._dp_partition_select(1.0, 0.01) AS sel
                   FROM dps7_ps WHERE k <= c GROUP BY g) s) AS n
  FROM sizes),
expected AS (
  SELECT c, n, 20000 * exp(-(6 - c)) / (1 + exp(-1)) AS mean FROM released)
SELECT c AS rows_per_group,
       abs(n - mean) < 6 * sqrt(mean * (1 - mean / 20000)) AS as_declared,
       n < 20000 * 0.01 AS below_delta
FROM expected ORDER BY c DESC;
DROP TABLE dps7_ps;

-- 7. A release stays charged whatever happens to its transaction: a
-- savepoint rolled back, a function that fails after its release, an
-- exception block that catches the failure, a prepared statement run
-- again.  Each spends 1 of the 12 left (found closed: kept as a probe).
SELECT anon.set_budget('regress_dps7', 1000 - epsilon + 12, 1e-3)
FROM anon.budget_remaining('regress_dps7');
SET ROLE regress_dps7;
SELECT epsilon AS before FROM anon.budget_remaining();
BEGIN;
SAVEPOINT s;
SELECT anon.anon_count(1.0) IS NOT NULL AS released FROM dps7_people;
ROLLBACK TO s;
ROLLBACK;
CREATE FUNCTION regress_dps7_s.release_then_fail() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE v bigint;
BEGIN
  SELECT anon.anon_count(1.0) INTO v FROM public.dps7_people;
  RAISE EXCEPTION 'failed after the release';
END $$;
SELECT regress_dps7_s.release_then_fail();
DO $$
BEGIN
  PERFORM regress_dps7_s.release_then_fail();
EXCEPTION WHEN raise_exception THEN NULL;
END $$;
PREPARE dps7_p AS SELECT anon.anon_count(1.0) IS NOT NULL AS released FROM dps7_people;
EXECUTE dps7_p;
EXECUTE dps7_p;
DEALLOCATE dps7_p;
SELECT epsilon AS five_spent FROM anon.budget_remaining();
RESET ROLE;

-- 8. Errors as a per-row oracle through parameters.  A part of a DP
-- aggregate's argument that reads no column may call any built-in
-- function, because the planner folds it before a row is read: 1 / 0
-- fails at planning whatever the rows.  A parameter of a generic plan is
-- not folded: "CASE WHEN salary = 777 THEN 1 / $1 ELSE 0 END" with $1 = 0
-- failed at run time exactly when a row had salary 777, and so did a
-- domain's CHECK ("CAST(0 AS positive)").  A part that the planner does
-- not fold (a parameter, a domain, XML) is now held to the leakproof rule.  Positive control:
-- regress_dps7_ctl, not guarded, gets the error for 777 and not for 778.
SET plan_cache_mode = force_generic_plan;
SET ROLE regress_dps7_ctl;
PREPARE dps7_oracle(int, int) AS
SELECT anon.anon_sum(CASE WHEN salary = $2 THEN 1 / $1 ELSE 0 END, 1.0, 0, 1000) IS NOT NULL AS ran
FROM dps7_people;
EXECUTE dps7_oracle(0, 777);
EXECUTE dps7_oracle(0, 778);
DEALLOCATE dps7_oracle;
CREATE DOMAIN regress_dps7_c.positive AS int CHECK (VALUE > 0);
SELECT anon.anon_sum(CASE WHEN salary = 777 THEN CAST(0 AS regress_dps7_c.positive) ELSE 1 END,
                     1.0, 0, 1000) IS NOT NULL AS ran
FROM dps7_people;
SELECT anon.anon_sum(CASE WHEN salary = 778 THEN CAST(0 AS regress_dps7_c.positive) ELSE 1 END,
                     1.0, 0, 1000) IS NOT NULL AS ran
FROM dps7_people;
RESET ROLE;
SET ROLE regress_dps7;
PREPARE dps7_oracle(int, int) AS
SELECT anon.anon_sum(CASE WHEN salary = $2 THEN 1 / $1 ELSE 0 END, 1.0, 0, 1000) IS NOT NULL AS ran
FROM dps7_people;
EXECUTE dps7_oracle(0, 777);
EXECUTE dps7_oracle(0, 778);
DEALLOCATE dps7_oracle;
CREATE FUNCTION regress_dps7_s.oracle(d int) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE r boolean;
BEGIN
  SELECT anon.anon_sum(CASE WHEN salary = 777 THEN 1 / d ELSE 0 END, 1.0, 0, 1000) IS NOT NULL
  INTO r FROM public.dps7_people;
  RETURN r;
END $$;
SELECT regress_dps7_s.oracle(0);
-- the same with a domain's CHECK, which the planner never folds
CREATE DOMAIN regress_dps7_s.positive AS int CHECK (VALUE > 0);
SELECT anon.anon_sum(CASE WHEN salary = 777 THEN CAST(0 AS regress_dps7_s.positive) ELSE 1 END,
                     1.0, 0, 1000) IS NOT NULL AS ran
FROM dps7_people;
-- still allowed: a parameter compared with a column (leakproof)
PREPARE dps7_ok(text) AS
SELECT anon.anon_count(CASE WHEN city = $1 THEN 1 END, 1.0) IS NOT NULL AS released FROM dps7_people;
EXECUTE dps7_ok('city 1');
DEALLOCATE dps7_ok;
RESET ROLE;
RESET plan_cache_mode;

-- 9. Exact sizes: currtid2(table, tid) fails for a page past the end of
-- the table, so it gives the number of pages that pg_relation_size is
-- refused for (and it follows a row's update chain).  Positive control:
-- regress_dps7_ctl reads past the end and gets the error.
SET ROLE regress_dps7_ctl;
SELECT currtid2('dps7_people', '(0,1)') IS NOT NULL AS first_page;
SELECT currtid2('dps7_people', '(1000,1)');
RESET ROLE;
SET ROLE regress_dps7;
SELECT currtid2('dps7_people', '(0,1)') IS NOT NULL AS first_page;
SELECT pg_catalog.currtid2('dps7_people', '(1000,1)');
RESET ROLE;

-- clean up
DROP SCHEMA regress_dps7_c CASCADE;
DROP SCHEMA regress_dps7_s CASCADE;
DELETE FROM anon.dp_budget WHERE role::text LIKE 'regress_dps7%';
SECURITY LABEL FOR anon ON ROLE regress_dps7 IS NULL;
DROP TABLE dps7_people;
DROP ROLE regress_dps7, regress_dps7_ctl;
