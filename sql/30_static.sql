-- Static masking: anonymize_table, anonymize_column, anonymize_database
\set VERBOSITY terse
SET client_min_messages = notice;

CREATE ROLE regress_static_owner;
CREATE ROLE regress_static_other;
CREATE SCHEMA static_t;
GRANT USAGE, CREATE ON SCHEMA static_t TO regress_static_owner, regress_static_other;

CREATE TABLE static_t.people (
    id int PRIMARY KEY,
    name text NOT NULL,
    email text UNIQUE,
    age int CHECK (age >= 0),
    note text,
    dropme int
);
INSERT INTO static_t.people
SELECT i, 'name ' || i, 'user' || i || '@example.com', i % 90, repeat('n', i % 5)
FROM generate_series(1, 200) i;
ALTER TABLE static_t.people DROP COLUMN dropme;
CREATE INDEX people_name ON static_t.people (name);
ALTER TABLE static_t.people OWNER TO regress_static_owner;

-- a table without rules: error
SELECT * FROM anon.anonymize_table_report('static_t.people');
-- unknown policy: error
SELECT * FROM anon.anonymize_table_report('static_t.people', 'nopolicy');

SECURITY LABEL FOR anon ON COLUMN static_t.people.name
    IS 'MASKED WITH FUNCTION md5(name)';
SECURITY LABEL FOR anon ON COLUMN static_t.people.email
    IS 'MASKED WITH FUNCTION ''u'' || id || ''@masked.test''';
SECURITY LABEL FOR anon ON COLUMN static_t.people.note
    IS 'MASKED WITH VALUE NULL';
SECURITY LABEL FOR devtests ON COLUMN static_t.people.age
    IS 'MASKED WITH VALUE 42';

-- only the owner or a superuser
SET ROLE regress_static_other;
SELECT * FROM anon.anonymize_table_report('static_t.people');
SELECT * FROM anon.anonymize_column_report('static_t.people', 'name');
RESET ROLE;

-- one column
SET ROLE regress_static_owner;
SELECT table_name, masked_columns, rows, method
FROM anon.anonymize_column_report('static_t.people', 'email');
SELECT count(*) FILTER (WHERE email = 'u' || id || '@masked.test') AS masked,
       count(*) FILTER (WHERE name = 'name ' || id) AS name_untouched
FROM static_t.people;
-- a column without a rule, a column that does not exist
SELECT * FROM anon.anonymize_column_report('static_t.people', 'id');
SELECT * FROM anon.anonymize_column_report('static_t.people', 'nosuch');

-- the whole table: all masked columns in one pass
SELECT table_name, masked_columns, rows, method
FROM anon.anonymize_table_report('static_t.people');
SELECT count(*) FILTER (WHERE name = md5('name ' || id)) AS names_masked,
       count(*) FILTER (WHERE note IS NULL) AS notes_masked,
       count(*) FILTER (WHERE age = id % 90) AS ages_untouched
FROM static_t.people;
-- the indexes were rebuilt and work
SET enable_seqscan = off;
SELECT count(*) FROM static_t.people WHERE name = md5('name 17');
SELECT count(*) FROM static_t.people WHERE email = 'u17@masked.test';
RESET enable_seqscan;
-- another policy
SELECT table_name, masked_columns, rows, method
FROM anon.anonymize_table_report('static_t.people', 'devtests');
SELECT count(*) FILTER (WHERE age = 42) FROM static_t.people;
RESET ROLE;

-- progress notices
SET anon.progress_rows = 80;
SELECT rows FROM anon.anonymize_column_report('static_t.people', 'email');
RESET anon.progress_rows;

-- all or nothing: an error in the same transaction undoes the masking
CREATE TABLE static_t.rb (v text);
INSERT INTO static_t.rb SELECT 'raw' FROM generate_series(1, 10);
SECURITY LABEL FOR anon ON COLUMN static_t.rb.v IS 'MASKED WITH VALUE ''m''';
BEGIN;
SELECT rows FROM anon.anonymize_table_report('static_t.rb');
SELECT count(*) FILTER (WHERE v = 'm') AS masked_inside FROM static_t.rb;
ROLLBACK;
SELECT count(*) FILTER (WHERE v = 'raw') AS raw_after_rollback FROM static_t.rb;
DROP TABLE static_t.rb;
CREATE TABLE static_t.keep (id int, secret text);
INSERT INTO static_t.keep SELECT i, 'raw' || i FROM generate_series(1, 50) i;
SECURITY LABEL FOR anon ON COLUMN static_t.keep.secret
    IS 'MASKED WITH FUNCTION CASE WHEN id < 50 THEN ''masked'' ELSE (1 / (id - 50))::text END';
SELECT * FROM anon.anonymize_table_report('static_t.keep');
SELECT count(*) FILTER (WHERE secret = 'raw' || id) AS untouched FROM static_t.keep;

-- constraints: NOT NULL
CREATE TABLE static_t.c_nn (id int, v text NOT NULL);
INSERT INTO static_t.c_nn SELECT i, 'v' || i FROM generate_series(1, 10) i;
SECURITY LABEL FOR anon ON COLUMN static_t.c_nn.v
    IS 'MASKED WITH FUNCTION CASE WHEN id = 7 THEN NULL ELSE ''x'' END';
SELECT * FROM anon.anonymize_table_report('static_t.c_nn');
SELECT count(*) FILTER (WHERE v = 'v' || id) AS untouched FROM static_t.c_nn;
-- CHECK
CREATE TABLE static_t.c_ck (id int, v int CONSTRAINT v_small CHECK (v < 100));
INSERT INTO static_t.c_ck SELECT i, i FROM generate_series(1, 10) i;
SECURITY LABEL FOR anon ON COLUMN static_t.c_ck.v IS 'MASKED WITH FUNCTION v * 20';
SELECT * FROM anon.anonymize_table_report('static_t.c_ck');
SELECT count(*) FILTER (WHERE v = id) AS untouched FROM static_t.c_ck;
-- UNIQUE: the index rebuild fails, named
CREATE TABLE static_t.c_uq (id int, v text CONSTRAINT v_unique UNIQUE);
INSERT INTO static_t.c_uq SELECT i, 'v' || i FROM generate_series(1, 10) i;
SECURITY LABEL FOR anon ON COLUMN static_t.c_uq.v IS 'MASKED WITH VALUE ''same''';
SELECT * FROM anon.anonymize_table_report('static_t.c_uq');
SELECT count(*) FILTER (WHERE v = 'v' || id) AS untouched FROM static_t.c_uq;
-- the same through the UPDATE path (triggers asked for)
SELECT * FROM anon.anonymize_table_report('static_t.c_uq', fire_triggers => true);
SELECT * FROM anon.anonymize_table_report('static_t.c_nn', fire_triggers => true);
SELECT * FROM anon.anonymize_table_report('static_t.c_ck', fire_triggers => true);

DROP TABLE static_t.keep, static_t.c_nn, static_t.c_ck, static_t.c_uq;

-- foreign keys: a masked referencing column must still find its key ...
CREATE TABLE static_t.cust (id int PRIMARY KEY, code text UNIQUE);
CREATE TABLE static_t.orders (id int, cust_id int CONSTRAINT orders_cust_fk REFERENCES static_t.cust (id),
                              cust_code text REFERENCES static_t.cust (code));
INSERT INTO static_t.cust SELECT i, 'c' || i FROM generate_series(1, 20) i;
INSERT INTO static_t.orders SELECT i, 1 + i % 20, 'c' || (1 + i % 20) FROM generate_series(1, 100) i;
SECURITY LABEL FOR anon ON COLUMN static_t.orders.cust_id IS 'MASKED WITH FUNCTION cust_id + 1000';
SELECT * FROM anon.anonymize_table_report('static_t.orders');
SELECT * FROM anon.anonymize_table_report('static_t.orders', fire_triggers => true);
SECURITY LABEL FOR anon ON COLUMN static_t.orders.cust_id IS NULL;
-- ... and a masked key must keep its references
SECURITY LABEL FOR anon ON COLUMN static_t.cust.code IS 'MASKED WITH FUNCTION md5(code)';
SELECT * FROM anon.anonymize_table_report('static_t.cust');
-- masked with the same deterministic function on both sides, in one call: fine
SECURITY LABEL FOR anon ON COLUMN static_t.orders.cust_code IS 'MASKED WITH FUNCTION md5(cust_code)';
SELECT table_name, masked_columns, rows, method FROM anon.anonymize_database_report() ORDER BY table_name::text;
SELECT count(*) FROM static_t.orders o JOIN static_t.cust c ON c.code = o.cust_code
WHERE c.code = md5('c' || c.id);

-- triggers fire only when asked
CREATE TABLE static_t.trig (id int, v text);
INSERT INTO static_t.trig SELECT i, 'v' || i FROM generate_series(1, 5) i;
CREATE TABLE static_t.trig_log (n int);
CREATE FUNCTION static_t.trig_fn() RETURNS trigger LANGUAGE plpgsql AS
$$BEGIN INSERT INTO static_t.trig_log VALUES (1); RETURN NEW; END$$;
CREATE TRIGGER trig_upd BEFORE UPDATE ON static_t.trig FOR EACH ROW EXECUTE FUNCTION static_t.trig_fn();
SECURITY LABEL FOR anon ON COLUMN static_t.trig.v IS 'MASKED WITH VALUE ''x''';
SELECT rows, method FROM anon.anonymize_table_report('static_t.trig');
SELECT count(*) FROM static_t.trig_log;
SELECT rows, method FROM anon.anonymize_table_report('static_t.trig', fire_triggers => true);
SELECT count(*) FROM static_t.trig_log;

-- a function that a rule uses cannot be dropped (the DDL guard)
CREATE SCHEMA static_fn;
SECURITY LABEL FOR anon ON SCHEMA static_fn IS 'TRUSTED';
CREATE FUNCTION static_fn.mask(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT 'm'$$;
CREATE TABLE static_t.dropfn (v text, n int);
INSERT INTO static_t.dropfn VALUES ('a', 1), ('b', 0);
SECURITY LABEL FOR anon ON COLUMN static_t.dropfn.v IS 'MASKED WITH FUNCTION static_fn.mask(v)';
DROP FUNCTION static_fn.mask(text);
-- a rule that fails on a later row stops the run; nothing is written
SECURITY LABEL FOR anon ON COLUMN static_t.dropfn.v IS 'MASKED WITH FUNCTION v || (10 / n)';
SELECT * FROM anon.anonymize_table_report('static_t.dropfn');
SELECT v FROM static_t.dropfn ORDER BY v;
-- anonymize_database is all or nothing: the broken rule stops it, nothing is masked
CREATE TABLE static_t.db_check (v text);
INSERT INTO static_t.db_check VALUES ('raw');
SECURITY LABEL FOR anon ON COLUMN static_t.db_check.v IS 'MASKED WITH VALUE ''d''';
SELECT * FROM anon.anonymize_database_report();
SELECT v FROM static_t.db_check;
DROP TABLE static_t.dropfn;
SELECT count(*) FROM anon.anonymize_database_report() WHERE table_name = 'static_t.db_check'::regclass;
SELECT v FROM static_t.db_check;

-- generated columns are recomputed; rules on them are refused
CREATE TABLE static_t.gen (id int, first text, last text,
    full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED);
INSERT INTO static_t.gen (id, first, last) SELECT i, 'f' || i, 'l' || i FROM generate_series(1, 10) i;
SECURITY LABEL FOR anon ON COLUMN static_t.gen.first IS 'MASKED WITH VALUE ''F''';
SELECT rows, method FROM anon.anonymize_table_report('static_t.gen');
SELECT count(*) FILTER (WHERE full_name = 'F l' || id) AS recomputed FROM static_t.gen;
SECURITY LABEL FOR anon ON COLUMN static_t.gen.full_name IS 'MASKED WITH VALUE ''x''';
SELECT * FROM anon.anonymize_table_report('static_t.gen');

-- partitioned tables: every partition, with the parent's rules
CREATE TABLE static_t.part (id int, region text, v text) PARTITION BY LIST (region);
CREATE TABLE static_t.part_a PARTITION OF static_t.part FOR VALUES IN ('a');
CREATE TABLE static_t.part_b PARTITION OF static_t.part FOR VALUES IN ('b') PARTITION BY RANGE (id);
CREATE TABLE static_t.part_b1 PARTITION OF static_t.part_b FOR VALUES FROM (0) TO (1000);
INSERT INTO static_t.part SELECT i, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END, 'raw' || i
FROM generate_series(1, 100) i;
SECURITY LABEL FOR anon ON COLUMN static_t.part.v IS 'MASKED WITH VALUE ''p''';
-- a partition's own label wins
SECURITY LABEL FOR anon ON COLUMN static_t.part_b1.v IS 'MASKED WITH FUNCTION ''own'' || id';
SELECT table_name, masked_columns, rows, method FROM anon.anonymize_table_report('static_t.part') ORDER BY table_name::text;
SELECT tableoid::regclass, count(*) FILTER (WHERE v = 'p') AS parent_rule,
       count(*) FILTER (WHERE v = 'own' || id) AS own_rule
FROM static_t.part GROUP BY 1 ORDER BY 1;

-- inheritance: the children too
CREATE TABLE static_t.inh (id int, v text);
CREATE TABLE static_t.inh_child (extra int) INHERITS (static_t.inh);
INSERT INTO static_t.inh SELECT i, 'raw' FROM generate_series(1, 5) i;
INSERT INTO static_t.inh_child SELECT i, 'raw', i FROM generate_series(1, 7) i;
SECURITY LABEL FOR anon ON COLUMN static_t.inh.v IS 'MASKED WITH VALUE ''i''';
SELECT table_name, masked_columns, rows, method FROM anon.anonymize_table_report('static_t.inh') ORDER BY table_name::text;
SELECT count(*) FILTER (WHERE v = 'raw') AS raw_left FROM static_t.inh;

-- TOASTed values: masked, and unmasked ones survive the rewrite intact
CREATE TABLE static_t.toast (id int, big text, other text);
ALTER TABLE static_t.toast ALTER COLUMN big SET STORAGE EXTERNAL,
                           ALTER COLUMN other SET STORAGE EXTERNAL;
INSERT INTO static_t.toast SELECT i, repeat(md5(i::text), 4000), repeat(md5((i + 1)::text), 4000)
FROM generate_series(1, 20) i;
SECURITY LABEL FOR anon ON COLUMN static_t.toast.big IS 'MASKED WITH FUNCTION repeat(''z'', length(big))';
SELECT pg_relation_size(reltoastrelid) > 1000000 AS toasted_before
FROM pg_class WHERE oid = 'static_t.toast'::regclass;
SELECT rows, method FROM anon.anonymize_table_report('static_t.toast');
SELECT pg_relation_size(reltoastrelid) > 1000000 AS toasted_after
FROM pg_class WHERE oid = 'static_t.toast'::regclass;
SELECT count(*) FILTER (WHERE big = repeat('z', 128000)) AS masked,
       count(*) FILTER (WHERE other = repeat(md5((id + 1)::text), 4000)) AS intact
FROM static_t.toast;

-- dropped columns and a materialized view
CREATE MATERIALIZED VIEW static_t.mv AS SELECT id, 'raw' || id AS v FROM generate_series(1, 10) id;
SECURITY LABEL FOR anon ON COLUMN static_t.mv.v IS 'MASKED WITH VALUE ''m''';
SELECT rows, method FROM anon.anonymize_table_report('static_t.mv');
SELECT count(*) FILTER (WHERE v = 'm') FROM static_t.mv;
-- a materialized view has no UPDATE path
SELECT * FROM anon.anonymize_table_report('static_t.mv', fire_triggers => true);

-- the page writer: many pages (several WAL batches), dead rows left out,
-- the fillfactor kept, an empty table, rows near the page size
CREATE TABLE static_t.pages (id int PRIMARY KEY, v text, pad text) WITH (fillfactor = 50);
INSERT INTO static_t.pages SELECT i, 'raw' || i, repeat('p', 100) FROM generate_series(1, 20000) i;
DELETE FROM static_t.pages WHERE id % 3 = 0;
SECURITY LABEL FOR anon ON COLUMN static_t.pages.v IS 'MASKED WITH FUNCTION md5(v)';
SELECT set_config('regress.pages_before', pg_relation_size('static_t.pages')::text, false) IS NOT NULL AS noted;
SELECT rows, method FROM anon.anonymize_table_report('static_t.pages');
-- the dead third is gone, the fillfactor still leaves half of each page free
-- (the masked values are longer: a third fewer rows take about 0.8 of the pages)
SELECT pg_relation_size('static_t.pages') BETWEEN current_setting('regress.pages_before')::bigint * 0.7
                                                AND current_setting('regress.pages_before')::bigint * 0.9
       AS fewer_pages;
CREATE TABLE static_t.pages_packed AS SELECT * FROM static_t.pages;
SELECT pg_relation_size('static_t.pages') > 1.8 * pg_relation_size('static_t.pages_packed')
       AS half_empty_pages;
SELECT count(*), count(*) FILTER (WHERE v = md5('raw' || id)) AS masked,
       count(DISTINCT ctid) AS distinct_tids
FROM static_t.pages;
SET enable_seqscan = off;
SELECT v = md5('raw19999') AS found_by_index FROM static_t.pages WHERE id = 19999;
RESET enable_seqscan;
-- the new rows behave like inserted ones: update, delete, vacuum
UPDATE static_t.pages SET pad = 'q' WHERE id <= 10;
DELETE FROM static_t.pages WHERE id BETWEEN 11 AND 20;
VACUUM static_t.pages;
SELECT count(*) FILTER (WHERE pad = 'q') AS updated, count(*) AS remaining FROM static_t.pages;
-- rolled back: the table is as before
BEGIN;
SELECT rows FROM anon.anonymize_table_report('static_t.pages');
ROLLBACK;
SELECT count(*) FILTER (WHERE v = md5('raw' || id)) AS still_masked_once FROM static_t.pages;
-- an empty table
CREATE TABLE static_t.empty (v text);
SECURITY LABEL FOR anon ON COLUMN static_t.empty.v IS 'MASKED WITH VALUE ''m''';
SELECT rows, method FROM anon.anonymize_table_report('static_t.empty');
SELECT pg_relation_size('static_t.empty') AS empty_size;
INSERT INTO static_t.empty VALUES ('a');
SELECT rows FROM anon.anonymize_table_report('static_t.empty');
SELECT v FROM static_t.empty;
-- rows of almost a page each, stored inline (no TOAST)
CREATE TABLE static_t.wide (id int, v text, w text);
ALTER TABLE static_t.wide ALTER COLUMN v SET STORAGE PLAIN, ALTER COLUMN w SET STORAGE PLAIN;
INSERT INTO static_t.wide SELECT i, repeat('a', 4000), repeat('b', 3900) FROM generate_series(1, 20) i;
SECURITY LABEL FOR anon ON COLUMN static_t.wide.v IS 'MASKED WITH FUNCTION repeat(''z'', 4000)';
SELECT rows FROM anon.anonymize_table_report('static_t.wide');
SELECT count(*) FILTER (WHERE v = repeat('z', 4000) AND w = repeat('b', 3900)) AS wide_rows,
       pg_relation_size('static_t.wide') / current_setting('block_size')::int AS pages
FROM static_t.wide;
-- a masked row too big for a page fails cleanly
SECURITY LABEL FOR anon ON COLUMN static_t.wide.v IS 'MASKED WITH FUNCTION repeat(''z'', 8000)';
SELECT rows FROM anon.anonymize_table_report('static_t.wide');
SELECT count(*) FILTER (WHERE v = repeat('z', 4000)) AS unchanged FROM static_t.wide;

-- rows keep their TIDs where the masked rows fit and few rows are dead:
-- then only the indexes that read a masked column are rebuilt, and the
-- others (here the primary key and a partial index) stay as they are
CREATE EXTENSION IF NOT EXISTS amcheck;
CREATE TABLE static_t.kept (id int PRIMARY KEY, v text, n int, w text) WITH (fillfactor = 70);
CREATE INDEX kept_v ON static_t.kept (v);
CREATE INDEX kept_n ON static_t.kept (n) WHERE n > 100;
CREATE INDEX kept_lower ON static_t.kept (lower(v));
-- (the masked values are as long as the original ones: they fit)
INSERT INTO static_t.kept SELECT i, 'raw' || lpad(i::text, 29, '0'), i FROM generate_series(1, 5000) i;
-- HOT chains (w is not indexed) and a few dead rows
UPDATE static_t.kept SET w = 'x' WHERE id % 10 = 0;
UPDATE static_t.kept SET w = 'y' WHERE id % 20 = 0;
DELETE FROM static_t.kept WHERE id % 50 = 1;
SELECT count(*) > 0 AS has_hot_chains FROM static_t.kept WHERE id % 10 = 0 AND ctid > '(0,0)'
  AND (SELECT n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relid = 'static_t.kept'::regclass) > 0;
CREATE TABLE static_t.kept_before AS
SELECT k.id, k.ctid::text AS tid FROM static_t.kept k;
CREATE TABLE static_t.kept_files AS
SELECT relname, relfilenode FROM pg_class
WHERE relname IN ('kept_pkey', 'kept_v', 'kept_n', 'kept_lower');
SECURITY LABEL FOR anon ON COLUMN static_t.kept.v IS 'MASKED WITH FUNCTION md5(v)';
SELECT rows, method FROM anon.anonymize_table_report('static_t.kept');
SELECT count(*) AS rows_kept, count(*) FILTER (WHERE k.ctid::text = b.tid) AS same_tid,
       count(*) FILTER (WHERE k.v = md5('raw' || lpad(k.id::text, 29, '0'))) AS masked
FROM static_t.kept k JOIN static_t.kept_before b USING (id);
SELECT f.relname, c.relfilenode = f.relfilenode AS kept_as_is
FROM static_t.kept_files f JOIN pg_class c USING (relname) ORDER BY 1;
-- every index holds exactly the rows of the heap
SELECT c.relname AS checked FROM pg_class c, LATERAL bt_index_check(c.oid, true)
WHERE relname IN ('kept_pkey', 'kept_v', 'kept_n', 'kept_lower') ORDER BY 1;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT w, v = md5('raw' || lpad('20', 29, '0')) AS masked FROM static_t.kept WHERE id = 20;
SELECT count(*) FROM static_t.kept WHERE n > 4900;
SELECT id FROM static_t.kept WHERE v = md5('raw' || lpad('4990', 29, '0'));
SELECT id FROM static_t.kept WHERE lower(v) = md5('raw' || lpad('4990', 29, '0'));
RESET enable_seqscan;
RESET enable_bitmapscan;
-- the table can be updated, vacuumed and masked again
UPDATE static_t.kept SET w = 'z' WHERE id <= 100;
VACUUM static_t.kept;
SELECT rows FROM anon.anonymize_table_report('static_t.kept');
SELECT c.relname AS checked FROM pg_class c, LATERAL bt_index_check(c.oid, true)
WHERE relname IN ('kept_pkey', 'kept_v') ORDER BY 1;
-- masked rows of which only one fits in a page where two were: the second
-- moves to the end of the heap
CREATE TABLE static_t.grow (id int PRIMARY KEY, v text);
ALTER TABLE static_t.grow ALTER COLUMN v SET STORAGE PLAIN;
INSERT INTO static_t.grow SELECT i, repeat('a', 3900) FROM generate_series(1, 10) i;
SELECT pg_relation_size('static_t.grow') / current_setting('block_size')::int AS pages_before;
CREATE TABLE static_t.grow_files AS SELECT relfilenode FROM pg_class WHERE relname = 'grow_pkey';
SECURITY LABEL FOR anon ON COLUMN static_t.grow.v IS 'MASKED WITH FUNCTION repeat(''b'', 4100)';
SELECT rows FROM anon.anonymize_table_report('static_t.grow');
SELECT pg_relation_size('static_t.grow') / current_setting('block_size')::int AS pages_after,
       (SELECT relfilenode FROM pg_class WHERE relname = 'grow_pkey') <>
       (SELECT relfilenode FROM static_t.grow_files) AS pkey_rebuilt,
       (SELECT count(*) FROM static_t.grow WHERE ctid::text LIKE '%,2)') AS second_rows_left;
SELECT 'grow_pkey' AS checked FROM bt_index_check('static_t.grow_pkey', true);
SELECT count(*) FILTER (WHERE v = repeat('b', 4100)) FROM static_t.grow;
DROP EXTENSION amcheck;

-- masked rows a little longer: the few that no longer fit in their page
-- move to the end of the heap and get new entries in the kept indexes
CREATE TABLE static_t.moved (id int PRIMARY KEY, v text, pad text);
CREATE INDEX moved_v ON static_t.moved (v);
CREATE INDEX moved_pad ON static_t.moved (pad) WHERE id % 2 = 0;
INSERT INTO static_t.moved
SELECT i, 'raw' || lpad(i::text, 29, '0'), lpad(i::text, 500, '.') FROM generate_series(1, 2000) i;
CREATE TABLE static_t.moved_before AS SELECT id, ctid::text AS tid FROM static_t.moved;
CREATE TABLE static_t.moved_files AS
SELECT relname, relfilenode FROM pg_class WHERE relname IN ('moved_pkey', 'moved_v', 'moved_pad');
SECURITY LABEL FOR anon ON COLUMN static_t.moved.v IS 'MASKED WITH FUNCTION md5(v) || ''1234567812345678''';
SELECT rows FROM anon.anonymize_table_report('static_t.moved');
SELECT count(*) AS total,
       count(*) FILTER (WHERE k.ctid::text = b.tid) BETWEEN 1600 AND 1999 AS most_kept_their_tid,
       count(*) FILTER (WHERE k.v = md5('raw' || lpad(k.id::text, 29, '0')) || '1234567812345678') AS masked
FROM static_t.moved k JOIN static_t.moved_before b USING (id);
SELECT f.relname, c.relfilenode = f.relfilenode AS kept_as_is
FROM static_t.moved_files f JOIN pg_class c USING (relname) ORDER BY 1;
CREATE EXTENSION IF NOT EXISTS amcheck;
SELECT c.relname AS checked FROM pg_class c, LATERAL bt_index_check(c.oid, true)
WHERE relname IN ('moved_pkey', 'moved_v', 'moved_pad') ORDER BY 1;
DROP EXTENSION amcheck;
-- the moved rows are found through the kept indexes
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT count(*) AS moved_found_by_pkey
FROM static_t.moved_before b
WHERE b.tid <> (SELECT k.ctid::text FROM static_t.moved k WHERE k.id = b.id)
  AND EXISTS (SELECT 1 FROM static_t.moved k WHERE k.id = b.id AND k.v LIKE '%12345678');
SELECT count(*) AS found_by_pad FROM static_t.moved WHERE pad = lpad('1000', 500, '.') AND id % 2 = 0;
RESET enable_seqscan;
RESET enable_bitmapscan;
-- vacuum removes the index entries of the old places
VACUUM static_t.moved;
SELECT count(*) FROM static_t.moved;

-- temporary and unlogged tables are rewritten too
CREATE TEMP TABLE static_temp (id int PRIMARY KEY, v text);
INSERT INTO static_temp SELECT i, 'raw' || i FROM generate_series(1, 1000) i;
SECURITY LABEL FOR anon ON COLUMN static_temp.v IS 'MASKED WITH FUNCTION md5(v)';
SELECT rows, method FROM anon.anonymize_table_report('static_temp');
SELECT count(*) FILTER (WHERE v = md5('raw' || id)) FROM static_temp;
DROP TABLE static_temp;
CREATE UNLOGGED TABLE static_t.unlogged (id int PRIMARY KEY, v text);
CREATE INDEX unlogged_v ON static_t.unlogged (v);
INSERT INTO static_t.unlogged SELECT i, 'raw' || i FROM generate_series(1, 1000) i;
SECURITY LABEL FOR anon ON COLUMN static_t.unlogged.v IS 'MASKED WITH FUNCTION md5(v)';
SELECT rows, method FROM anon.anonymize_table_report('static_t.unlogged');
SELECT relpersistence FROM pg_class WHERE relname IN ('unlogged', 'unlogged_pkey', 'unlogged_v') ORDER BY relname;
SET enable_seqscan = off;
SELECT id FROM static_t.unlogged WHERE v = md5('raw77');
RESET enable_seqscan;

-- the memory of the index rebuild
SHOW anon.static_maintenance_work_mem;

-- the progress view: its columns, and no row when nothing runs
SELECT attname, format_type(atttypid, atttypmod)
FROM pg_attribute WHERE attrelid = 'anon.pg_stat_progress_anonymize'::regclass AND attnum > 0
ORDER BY attnum;
SELECT count(*) FROM anon.pg_stat_progress_anonymize;
-- a run that ends, or fails in a subtransaction, leaves no row behind
BEGIN;
SELECT rows FROM anon.anonymize_table_report('static_t.empty');
SELECT count(*) AS after_run FROM anon.pg_stat_progress_anonymize WHERE pid = pg_backend_pid();
SAVEPOINT s;
SELECT rows FROM anon.anonymize_table_report('static_t.wide');
ROLLBACK TO SAVEPOINT s;
SELECT count(*) AS after_failed_run FROM anon.pg_stat_progress_anonymize WHERE pid = pg_backend_pid();
COMMIT;

-- not a table
CREATE VIEW static_t.v AS SELECT 1 AS x;
SELECT * FROM anon.anonymize_table_report('static_t.v');

-- published tables go through the UPDATE path
CREATE TABLE static_t.pub (id int PRIMARY KEY, v text);
INSERT INTO static_t.pub VALUES (1, 'a');
SECURITY LABEL FOR anon ON COLUMN static_t.pub.v IS 'MASKED WITH VALUE ''x''';
SET client_min_messages = error;
CREATE PUBLICATION static_pub FOR TABLE static_t.pub;
RESET client_min_messages;
SELECT rows, method FROM anon.anonymize_table_report('static_t.pub');
DROP PUBLICATION static_pub;

-- clean up
DROP SCHEMA static_t CASCADE;
DROP SCHEMA static_fn CASCADE;
DROP ROLE regress_static_owner;
DROP ROLE regress_static_other;
