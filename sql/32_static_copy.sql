-- create_masked_copy: a masked copy of a schema; and whose privileges the
-- rules of static masking run with
\set VERBOSITY terse

CREATE ROLE regress_copy_owner;
CREATE ROLE regress_copy_other;
CREATE SCHEMA copy_src;
GRANT USAGE, CREATE ON SCHEMA copy_src TO regress_copy_owner;
CREATE SCHEMA copy_fn;
SECURITY LABEL FOR anon ON SCHEMA copy_fn IS 'TRUSTED';
GRANT USAGE ON SCHEMA copy_fn TO regress_copy_owner;
-- who runs the rule?
CREATE FUNCTION copy_fn.who(text) RETURNS text LANGUAGE sql VOLATILE
AS $$SELECT current_user::text || ':' || current_setting('search_path')$$;

CREATE TABLE copy_src.customers (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    email text UNIQUE,
    age int CHECK (age BETWEEN 0 AND 150),
    name_len int GENERATED ALWAYS AS (length(name)) STORED
);
INSERT INTO copy_src.customers (name, email, age)
SELECT 'name' || i, 'user' || i || '@example.com', 20 + i % 50 FROM generate_series(1, 30) i;
CREATE TABLE copy_src.orders (
    id int PRIMARY KEY,
    customer_id int CONSTRAINT orders_customer_fk REFERENCES copy_src.customers (id) ON DELETE CASCADE,
    amount numeric,
    note text
);
INSERT INTO copy_src.orders SELECT i, 1 + i % 30, i * 1.5, 'note' || i FROM generate_series(1, 90) i;
CREATE TABLE copy_src.plain (k text);
INSERT INTO copy_src.plain VALUES ('kept');
CREATE TABLE copy_src.events (id int, region text, who text) PARTITION BY LIST (region);
CREATE TABLE copy_src.events_eu PARTITION OF copy_src.events FOR VALUES IN ('eu');
CREATE TABLE copy_src.events_us PARTITION OF copy_src.events FOR VALUES IN ('us');
INSERT INTO copy_src.events SELECT i, CASE WHEN i % 3 = 0 THEN 'us' ELSE 'eu' END, 'raw' FROM generate_series(1, 12) i;
ALTER TABLE copy_src.customers OWNER TO regress_copy_owner;
ALTER TABLE copy_src.orders OWNER TO regress_copy_owner;
ALTER TABLE copy_src.plain OWNER TO regress_copy_owner;
ALTER TABLE copy_src.events OWNER TO regress_copy_owner;
ALTER TABLE copy_src.events_eu OWNER TO regress_copy_owner;
ALTER TABLE copy_src.events_us OWNER TO regress_copy_owner;

-- a serial column, comments, views (one created before the view it
-- reads), a materialized view
CREATE TABLE copy_src.tickets (id serial PRIMARY KEY, code text DEFAULT 'T', customer_id int);
INSERT INTO copy_src.tickets (customer_id) SELECT 1 + i % 30 FROM generate_series(1, 5) i;
SELECT nextval('copy_src.tickets_id_seq') AS source_sequence_ahead;
COMMENT ON TABLE copy_src.customers IS 'our customers';
COMMENT ON COLUMN copy_src.customers.email IS 'contact address';
CREATE VIEW copy_src.a_counts AS SELECT 1 AS x;
CREATE VIEW copy_src.customer_names AS SELECT id, name FROM copy_src.customers;
CREATE OR REPLACE VIEW copy_src.a_counts AS SELECT 1 AS x, (SELECT count(*) FROM copy_src.customer_names) AS n;
CREATE VIEW copy_src.big_orders WITH (security_barrier) AS
SELECT o.id, o.customer_id, o.amount FROM copy_src.orders o WHERE o.amount > 100
WITH CASCADED CHECK OPTION;
COMMENT ON VIEW copy_src.customer_names IS 'names only';
COMMENT ON COLUMN copy_src.customer_names.name IS 'the name';
CREATE MATERIALIZED VIEW copy_src.name_stats AS
SELECT count(*) AS n, max(name) AS last_name FROM copy_src.customers;
ALTER TABLE copy_src.tickets OWNER TO regress_copy_owner;
ALTER VIEW copy_src.a_counts OWNER TO regress_copy_owner;
ALTER VIEW copy_src.customer_names OWNER TO regress_copy_owner;
ALTER VIEW copy_src.big_orders OWNER TO regress_copy_owner;
ALTER MATERIALIZED VIEW copy_src.name_stats OWNER TO regress_copy_owner;

SECURITY LABEL FOR anon ON COLUMN copy_src.customers.name IS 'MASKED WITH FUNCTION md5(name)';
SECURITY LABEL FOR anon ON COLUMN copy_src.customers.email IS 'MASKED WITH FUNCTION ''c'' || id || ''@masked.test''';
SECURITY LABEL FOR anon ON COLUMN copy_src.orders.note IS 'MASKED WITH VALUE NULL';
SECURITY LABEL FOR anon ON COLUMN copy_src.events.who IS 'MASKED WITH FUNCTION copy_fn.who(who)';

-- errors
SELECT * FROM anon.create_masked_copy('copy_src', 'copy_src');
SELECT * FROM anon.create_masked_copy('no_such_schema', 'copy_dst');
SELECT * FROM anon.create_masked_copy('copy_src', 'copy_dst', 'nopolicy');
SELECT * FROM anon.create_masked_copy('pg_catalog', 'copy_dst');
SET ROLE regress_copy_other;
SELECT * FROM anon.create_masked_copy('copy_src', 'copy_dst');
RESET ROLE;
SELECT count(*) FROM pg_namespace WHERE nspname = 'copy_dst';

-- the copy (run by a superuser)
SELECT table_name, masked_columns, rows, method FROM anon.create_masked_copy('copy_src', 'copy_dst');

-- the source is untouched
SELECT count(*) FILTER (WHERE name = 'name' || id AND email = 'user' || id || '@example.com') AS raw
FROM copy_src.customers;
SELECT count(*) FILTER (WHERE note = 'note' || id) AS raw FROM copy_src.orders;
SELECT count(*) FILTER (WHERE who = 'raw') AS raw FROM copy_src.events;
-- the copy is masked, row for row
SELECT count(*) FILTER (WHERE c.name = md5(s.name) AND c.email = 'c' || s.id || '@masked.test'
                        AND c.age = s.age AND c.name_len = 32) AS masked
FROM copy_dst.customers c JOIN copy_src.customers s USING (id);
SELECT count(*) FILTER (WHERE note IS NULL AND amount = id * 1.5) AS masked FROM copy_dst.orders;
SELECT k FROM copy_dst.plain;
-- the rules ran as the owner, under the fixed search_path, not as the caller
SELECT DISTINCT who FROM copy_dst.events;
-- structure: owner, indexes, constraints, identity, comments, foreign key
SELECT relname, pg_get_userbyid(relowner) AS owner, relkind
FROM pg_class WHERE relnamespace = 'copy_dst'::regnamespace ORDER BY relname;
-- (NOT NULL constraints are rows of pg_constraint from PostgreSQL 18 on:
-- attnotnull is what the copy keeps on every version)
SELECT conname, contype, pg_get_constraintdef(oid)
FROM pg_constraint WHERE connamespace = 'copy_dst'::regnamespace AND contype <> 'n'
ORDER BY conname;
INSERT INTO copy_dst.customers (name, email, age) VALUES ('new', 'new@x', 30) RETURNING id AS next_identity;

-- the serial column's sequence: copied with its current value, owned by
-- the copied column, which uses it; the source's is untouched
SELECT pg_get_serial_sequence('copy_dst.tickets', 'id') AS copy_sequence,
       pg_get_expr(adbin, adrelid) AS copy_default
FROM pg_attrdef WHERE adrelid = 'copy_dst.tickets'::regclass AND adnum = 1;
INSERT INTO copy_dst.tickets (customer_id) VALUES (1) RETURNING id AS next_serial;
SELECT last_value AS source_last_value FROM copy_src.tickets_id_seq;
-- comments
SELECT obj_description('copy_dst.customers'::regclass, 'pg_class') AS table_comment,
       col_description('copy_dst.customers'::regclass, 3) AS column_comment,
       obj_description('copy_dst.customer_names'::regclass, 'pg_class') AS view_comment,
       col_description('copy_dst.customer_names'::regclass, 2) AS view_column_comment;
-- the views read the copies (masked), with their options and owner
SELECT c.relname, c.relkind, c.reloptions, pg_get_userbyid(c.relowner) AS owner,
       pg_get_viewdef(c.oid) NOT LIKE '%copy_src%' AS reads_the_copies
FROM pg_class c WHERE c.relnamespace = 'copy_dst'::regnamespace AND c.relkind IN ('v', 'm')
ORDER BY c.relname;
SELECT count(*) FILTER (WHERE name LIKE 'name%') AS raw_names, count(*) AS names
FROM copy_dst.customer_names WHERE name <> 'new';
SELECT n FROM copy_dst.a_counts;
SELECT n, last_name = (SELECT max(name) FROM copy_dst.customers WHERE name <> 'new') AS from_the_copy,
       last_name LIKE 'name%' AS raw
FROM copy_dst.name_stats;
-- the check option holds on the copy
INSERT INTO copy_dst.big_orders (id, customer_id, amount) VALUES (1000, 1, 5);

-- copying again into the same schema fails: the tables exist
SELECT * FROM anon.create_masked_copy('copy_src', 'copy_dst');

-- a rule that breaks a constraint of the copy: error named, nothing created
SECURITY LABEL FOR anon ON COLUMN copy_src.customers.age IS 'MASKED WITH FUNCTION age + 200';
SELECT * FROM anon.create_masked_copy('copy_src', 'copy_dst2');
SECURITY LABEL FOR anon ON COLUMN copy_src.customers.age IS 'MASKED WITH VALUE NULL';
SECURITY LABEL FOR anon ON COLUMN copy_src.customers.name IS 'MASKED WITH VALUE NULL';
SELECT * FROM anon.create_masked_copy('copy_src', 'copy_dst2');
SECURITY LABEL FOR anon ON COLUMN copy_src.customers.name IS 'MASKED WITH FUNCTION md5(name)';
-- a masked foreign key column that no longer finds its key
SECURITY LABEL FOR anon ON COLUMN copy_src.orders.customer_id IS 'MASKED WITH FUNCTION customer_id + 1000';
SELECT * FROM anon.create_masked_copy('copy_src', 'copy_dst2');
SECURITY LABEL FOR anon ON COLUMN copy_src.orders.customer_id IS NULL;
SELECT count(*) FROM pg_namespace WHERE nspname = 'copy_dst2';

-- the owner may copy; the other policy applies its own rules
SECURITY LABEL FOR devtests ON COLUMN copy_src.orders.amount IS 'MASKED WITH VALUE 0';
GRANT CREATE ON DATABASE contrib_regression TO regress_copy_owner;
-- (not while a view of the schema belongs to someone else)
CREATE VIEW copy_src.not_mine AS SELECT 1 AS x;
SET ROLE regress_copy_owner;
SELECT * FROM anon.create_masked_copy('copy_src', 'copy_dst3', 'devtests');
RESET ROLE;
DROP VIEW copy_src.not_mine;
SET ROLE regress_copy_owner;
SELECT table_name, masked_columns, rows FROM anon.create_masked_copy('copy_src', 'copy_dst3', 'devtests');
SELECT count(*) FILTER (WHERE amount = 0 AND note = 'note' || id) FROM copy_dst3.orders;
RESET ROLE;

-- static masking in place runs the rules as the owner too: a rule that
-- reads a table its owner may not read fails, though the caller is a
-- superuser ...
CREATE TABLE copy_fn.secret (x int);
CREATE FUNCTION copy_fn.peek(text) RETURNS text LANGUAGE sql VOLATILE
AS $$SELECT $1 || (SELECT count(*) FROM copy_fn.secret)$$;
SECURITY LABEL FOR anon ON COLUMN copy_src.events.who IS 'MASKED WITH FUNCTION copy_fn.peek(who)';
SELECT rows FROM anon.anonymize_table_report('copy_src.events');
SELECT rows FROM anon.anonymize_table_report('copy_src.events', fire_triggers => true);
SELECT DISTINCT who FROM copy_src.events;
-- ... and a rule that reports who runs it
SECURITY LABEL FOR anon ON COLUMN copy_src.events.who IS 'MASKED WITH FUNCTION copy_fn.who(who)';
SELECT rows FROM anon.anonymize_table_report('copy_src.events');
SELECT DISTINCT who FROM copy_src.events;
SELECT rows FROM anon.anonymize_table_report('copy_src.events', fire_triggers => true);
SELECT DISTINCT who FROM copy_src.events;

DROP SCHEMA copy_src, copy_dst, copy_dst3, copy_fn CASCADE;
REVOKE CREATE ON DATABASE contrib_regression FROM regress_copy_owner;
DROP ROLE regress_copy_owner;
DROP ROLE regress_copy_other;
