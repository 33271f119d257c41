-- anon.shuffle_column: values kept as a multiset, permutation uniform,
-- transactional, owner only, identifiers quoted, every error path.
--
-- Uniformity of the permutation: chi-square over the 6 orders of 3 rows,
-- threshold 40.86 (df 5, false-alarm rate 1e-7, test/tools/chi2_critical.py).
\set VERBOSITY terse

CREATE TABLE regress_people (id int PRIMARY KEY, name text, salary numeric, city text);
INSERT INTO regress_people
SELECT i, 'name ' || i, CASE WHEN i % 10 = 0 THEN NULL ELSE 1000 + i END, 'city ' || i % 7
FROM generate_series(1, 1000) i;
CREATE TEMP TABLE before AS SELECT * FROM regress_people;

SELECT anon.shuffle_column('regress_people', 'salary', 'id') AS shuffled;
-- same multiset of values (NULLs included), keys and other columns untouched
SELECT (SELECT count(*) FROM (SELECT salary FROM before EXCEPT ALL SELECT salary FROM regress_people) d) AS lost,
       (SELECT count(*) FROM (SELECT salary FROM regress_people EXCEPT ALL SELECT salary FROM before) d) AS added,
       (SELECT count(*) FROM regress_people WHERE salary IS NULL) AS nulls,
       (SELECT count(*) FROM regress_people p JOIN before b USING (id)
        WHERE p.name = b.name AND p.city = b.city) AS other_columns_kept;
-- the values did move (a fixed point of all 1000 rows has probability 1/1000!)
SELECT count(*) FILTER (WHERE p.salary IS NOT DISTINCT FROM b.salary) < 1000 AS moved,
       count(*) FILTER (WHERE p.salary IS NOT DISTINCT FROM b.salary) < 50 AS few_fixed_points
FROM regress_people p JOIN before b USING (id);
-- transactional: a rollback restores the column
BEGIN;
SELECT anon.shuffle_column('regress_people', 'name', 'id') AS shuffled;
ROLLBACK;
SELECT count(*) = 1000 AS rollback_restores FROM regress_people p JOIN before b USING (id) WHERE p.name = b.name;

-- every permutation of three rows is equally likely
CREATE TABLE regress_three (k int PRIMARY KEY, v text);
INSERT INTO regress_three VALUES (1, 'a'), (2, 'b'), (3, 'c');
CREATE TEMP TABLE orders (o text);
DO $$
BEGIN
	FOR i IN 1..6000 LOOP
		PERFORM anon.shuffle_column('regress_three', 'v', 'k');
		INSERT INTO orders SELECT string_agg(v, '' ORDER BY k) FROM regress_three;
	END LOOP;
END $$;
SELECT count(*) = 6 AS all_orders, sum((n - 1000.0)^2 / 1000.0) < 40.86 AS uniform
FROM (SELECT o, count(*) n FROM orders GROUP BY o) c;
DROP TABLE orders;

-- tables of zero or one row, partitioned tables, names that need quoting
CREATE TABLE regress_empty (id int PRIMARY KEY, v text);
SELECT anon.shuffle_column('regress_empty', 'v', 'id') AS empty_ok;
INSERT INTO regress_empty VALUES (1, 'only');
SELECT anon.shuffle_column('regress_empty', 'v', 'id') AND (SELECT v FROM regress_empty) = 'only' AS single_row_ok;
CREATE TABLE "Regress Parts" ("Key" bigint NOT NULL, "my value" text) PARTITION BY RANGE ("Key");
CREATE TABLE "Regress Parts 1" PARTITION OF "Regress Parts" FOR VALUES FROM (0) TO (500);
CREATE TABLE "Regress Parts 2" PARTITION OF "Regress Parts" FOR VALUES FROM (500) TO (1000);
CREATE UNIQUE INDEX ON "Regress Parts" ("Key");
INSERT INTO "Regress Parts" SELECT i, 'v' || i FROM generate_series(0, 999) i;
SELECT anon.shuffle_column('"Regress Parts"', 'my value', 'Key') AS quoted_partitioned;
SELECT count(DISTINCT "my value") = 1000 AS values_kept,
       count(*) FILTER (WHERE "my value" <> 'v' || "Key") > 900 AS moved_across_partitions
FROM "Regress Parts";

-- inheritance: only the parent's own rows are shuffled (its key is unique there only)
CREATE TABLE regress_parent (id int PRIMARY KEY, v text);
CREATE TABLE regress_child () INHERITS (regress_parent);
INSERT INTO regress_parent SELECT i, 'p' || i FROM generate_series(1, 100) i;
INSERT INTO regress_child SELECT i, 'c' || i FROM generate_series(1, 100) i;
SELECT anon.shuffle_column('regress_parent', 'v', 'id') AS inherited;
SELECT count(*) FILTER (WHERE v <> 'c' || id) AS child_rows_changed FROM regress_child;
SELECT count(*) FILTER (WHERE v LIKE 'p%') = 100 AS parent_values_kept,
       count(*) FILTER (WHERE v <> 'p' || id) > 80 AS parent_shuffled
FROM ONLY regress_parent;
DROP TABLE regress_parent CASCADE;

-- statements run as the table's owner, not as the caller
CREATE ROLE regress_shuffle_owner;
CREATE ROLE regress_shuffle_other;
CREATE TABLE regress_owned (id int PRIMARY KEY, v int);
INSERT INTO regress_owned SELECT i, i FROM generate_series(1, 10) i;
CREATE TABLE regress_trigger_log (who name);
GRANT INSERT ON regress_trigger_log TO regress_shuffle_owner;
CREATE FUNCTION regress_log_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO public.regress_trigger_log VALUES (current_user);
	RETURN NEW;
END $$;
CREATE TRIGGER regress_log BEFORE UPDATE ON regress_owned FOR EACH ROW EXECUTE FUNCTION regress_log_user();
ALTER TABLE regress_owned OWNER TO regress_shuffle_owner;
SELECT anon.shuffle_column('regress_owned', 'v', 'id') AS superuser_shuffles;
SELECT DISTINCT who FROM regress_trigger_log;
-- the owner may shuffle, anyone else may not
SET ROLE regress_shuffle_owner;
SELECT anon.shuffle_column('regress_owned', 'v', 'id') AS owner_shuffles;
SET ROLE regress_shuffle_other;
SELECT anon.shuffle_column('regress_owned', 'v', 'id');
SELECT anon.shuffle_column('regress_owned', 'no_such_column', 'id');
RESET ROLE;

-- errors
SELECT anon.shuffle_column('regress_people', 'no_such_column', 'id');
SELECT anon.shuffle_column('regress_people', 'salary', 'no_such_key');
SELECT anon.shuffle_column('regress_people', 'ctid', 'id');
SELECT anon.shuffle_column('regress_people', 'salary', 'xmin');
SELECT anon.shuffle_column('regress_people', 'id', 'id');
-- a key without a unique index is checked on the data, under the lock:
-- distinct and not NULL is accepted (PostgreSQL Anonymizer's examples)
BEGIN;
SELECT anon.shuffle_column('regress_people', 'salary', 'name') AS distinct_key_ok;
ROLLBACK;
\set VERBOSITY default
SELECT anon.shuffle_column('regress_people', 'salary', 'city');
\set VERBOSITY terse
CREATE TABLE regress_nullable_key (k int UNIQUE, v text);
INSERT INTO regress_nullable_key VALUES (1, 'a'), (NULL, 'b');
SELECT anon.shuffle_column('regress_nullable_key', 'v', 'k');
CREATE TABLE regress_partial_key (k int NOT NULL, v text);
CREATE UNIQUE INDEX ON regress_partial_key (k) WHERE k > 0;
INSERT INTO regress_partial_key VALUES (1, 'a'), (-1, 'b'), (-1, 'c');
SELECT anon.shuffle_column('regress_partial_key', 'v', 'k');
CREATE TABLE regress_generated (id int PRIMARY KEY, a int, b int GENERATED ALWAYS AS (a * 2) STORED);
SELECT anon.shuffle_column('regress_generated', 'b', 'id');
-- fail (array column: arrays of arrays have no type of their own)
CREATE TABLE regress_array_col (id int PRIMARY KEY, a int[]);
INSERT INTO regress_array_col VALUES (1, '{1}'), (2, '{2,3}');
SELECT anon.shuffle_column('regress_array_col', 'a', 'id');
\echo :LAST_ERROR_SQLSTATE
-- fail (a rule rewrites the UPDATE: nothing would be shuffled)
CREATE TABLE regress_ruled (id int PRIMARY KEY, v text);
INSERT INTO regress_ruled VALUES (1, 'a'), (2, 'b');
CREATE RULE regress_ruled_nothing AS ON UPDATE TO regress_ruled DO INSTEAD NOTHING;
SELECT anon.shuffle_column('regress_ruled', 'v', 'id');
\echo :LAST_ERROR_SQLSTATE
CREATE VIEW regress_people_view AS SELECT * FROM regress_people;
SELECT anon.shuffle_column('regress_people_view', 'salary', 'id');
SELECT anon.shuffle_column('no_such_table', 'salary', 'id');
SELECT anon.shuffle_column(NULL, 'salary', 'id') IS NULL AS null_in_null_out;

DROP VIEW regress_people_view;
DROP TABLE regress_people, before, regress_three, regress_empty, "Regress Parts", regress_owned,
           regress_trigger_log, regress_nullable_key, regress_partial_key, regress_generated,
           regress_array_col, regress_ruled;
DROP FUNCTION regress_log_user();
DROP ROLE regress_shuffle_owner, regress_shuffle_other;
