-- Static masking and masked copies follow the whole policy, as dynamic
-- masking does: privacy by default, MASKED WHEN conditions and sampling.
-- Runs in a database of its own: privacy by default masks every table of
-- the database.
\set VERBOSITY terse
CREATE DATABASE regress_static_policy;
\c regress_static_policy
SET client_min_messages = warning;
CREATE EXTENSION anon;
RESET client_min_messages;

CREATE TABLE account (
  id int PRIMARY KEY,
  login text NOT NULL,
  nickname text,
  balance numeric NOT NULL,
  opened date NOT NULL,
  country text NOT NULL DEFAULT 'XX',
  total numeric GENERATED ALWAYS AS (balance * 2) STORED
);
INSERT INTO account SELECT i, 'login' || i, 'nick' || i, i * 10, date '2020-01-01' + i, 'FR'
FROM generate_series(1, 20) i;
CREATE TABLE note (id int, body text);
INSERT INTO note VALUES (1, 'raw note');

-- privacy by default off: a table without rules has nothing to mask
SELECT * FROM anon.anonymize_table_report('account');	-- fail (no rule)

-- on: every column without a rule takes its privacy-by-default value
SET anon.privacy_by_default = on;
SECURITY LABEL FOR anon ON COLUMN account.id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN account.nickname IS 'MASKED WITH VALUE ''anon''';
BEGIN;
SELECT table_name, masked_columns, rows, method FROM anon.anonymize_table_report('account');
-- id kept (NOT MASKED), NOT NULL columns not NULL: default, else neutral;
-- the generated column follows the masked balance
SELECT count(*) AS rows, count(DISTINCT id) AS ids,
       bool_and(login = '') AS login_empty, bool_and(nickname = 'anon') AS nick_rule,
       bool_and(balance = 0) AS balance_zero, bool_and(opened = 'epoch') AS opened_epoch,
       bool_and(country = 'XX') AS country_default, bool_and(total = 0) AS total_recomputed
FROM account;
ROLLBACK;

-- a key without NOT MASKED is masked too: the primary key breaks, named
SECURITY LABEL FOR anon ON COLUMN account.id IS NULL;
SELECT * FROM anon.anonymize_table_report('account');	-- fail (23505, names the index)
SECURITY LABEL FOR anon ON COLUMN account.id IS 'NOT MASKED';

-- anonymize_column: one column, by its rule or by privacy by default
BEGIN;
SELECT masked_columns FROM anon.anonymize_column_report('account', 'login');
SELECT count(*) FILTER (WHERE login = '') AS masked, count(*) FILTER (WHERE nickname LIKE 'nick%') AS untouched
FROM account;
ROLLBACK;

-- every column NOT MASKED: nothing to do, no error
CREATE TABLE open_table (a int, b text);
INSERT INTO open_table VALUES (1, 'kept');
SECURITY LABEL FOR anon ON COLUMN open_table.a IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN open_table.b IS 'NOT MASKED';
SELECT count(*) FROM anon.anonymize_table_report('open_table');
SELECT * FROM open_table;

-- MASKED WHEN: only the rows the condition selects are masked (NULL masks)
CREATE TABLE subscriber (id int, email text, consent boolean);
INSERT INTO subscriber VALUES (1, 'a@x.org', true), (2, 'b@x.org', false), (3, 'c@x.org', NULL);
SECURITY LABEL FOR anon ON COLUMN subscriber.id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN subscriber.consent IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN subscriber.email IS 'MASKED WITH VALUE ''hidden''';
SECURITY LABEL FOR anon ON TABLE subscriber IS 'MASKED WHEN NOT consent';
BEGIN;
SELECT rows FROM anon.anonymize_table_report('subscriber');
SELECT * FROM subscriber ORDER BY id;
ROLLBACK;
-- the UPDATE path applies the condition too
BEGIN;
SELECT method FROM anon.anonymize_table_report('subscriber', fire_triggers => true);
SELECT * FROM subscriber ORDER BY id;
ROLLBACK;

-- a partition takes its parent's condition (and rules)
CREATE TABLE member (id int, name text, minor boolean) PARTITION BY RANGE (id);
CREATE TABLE member_1 PARTITION OF member FOR VALUES FROM (0) TO (10);
CREATE TABLE member_2 PARTITION OF member FOR VALUES FROM (10) TO (20);
INSERT INTO member VALUES (1, 'Ann', true), (2, 'Bob', false), (11, 'Cid', true), (12, 'Dan', false);
SECURITY LABEL FOR anon ON COLUMN member.id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN member.minor IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN member.name IS 'MASKED WITH VALUE ''child''';
SECURITY LABEL FOR anon ON COLUMN member_1.id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN member_1.minor IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN member_2.id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN member_2.minor IS 'NOT MASKED';
SECURITY LABEL FOR anon ON TABLE member IS 'MASKED WHEN minor';
BEGIN;
SELECT table_name, rows FROM anon.anonymize_table_report('member_2');
SELECT * FROM member ORDER BY id;
ROLLBACK;

-- anonymize_database masks every user table, labelled or not
BEGIN;
SELECT table_name, rows FROM anon.anonymize_database_report() ORDER BY table_name::text;
SELECT * FROM note;
SELECT count(*) FILTER (WHERE login = '') AS masked FROM account;
ROLLBACK;
-- a NOT NULL column of an unlabelled table gets a non-NULL value
CREATE TABLE strict_table (code text NOT NULL, n int NOT NULL, at timestamptz NOT NULL);
INSERT INTO strict_table VALUES ('SECRET', 42, now());
BEGIN;
SELECT rows FROM anon.anonymize_table_report('strict_table');
SELECT code = '' AS code_empty, n = 0 AS n_zero, at = 'epoch' AS at_epoch FROM strict_table;
ROLLBACK;
DROP TABLE strict_table;

-- masked copies follow privacy by default and MASKED WHEN
CREATE SCHEMA src;
CREATE TABLE src.person (id int PRIMARY KEY, name text NOT NULL, vip boolean NOT NULL);
INSERT INTO src.person SELECT i, 'name' || i, i % 2 = 0 FROM generate_series(1, 1000) i;
CREATE TABLE src.orders (id int PRIMARY KEY, person_id int REFERENCES src.person, item text);
INSERT INTO src.orders SELECT i, 1 + i % 1000, 'item' || i FROM generate_series(1, 3000) i;
CREATE TABLE src.line (order_id int REFERENCES src.orders, qty int);
INSERT INTO src.line SELECT 1 + i % 3000, i FROM generate_series(1, 6000) i;
SECURITY LABEL FOR anon ON COLUMN src.person.id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN src.person.vip IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN src.orders.id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN src.orders.person_id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN src.line.order_id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN src.line.qty IS 'NOT MASKED';
SECURITY LABEL FOR anon ON TABLE src.person IS 'MASKED WHEN NOT vip';
SELECT table_name, rows FROM anon.create_masked_copy('src', 'copy1') ORDER BY table_name::text;
-- vip rows kept, others masked to ''; the orders' item masked by default
SELECT count(*) FILTER (WHERE vip AND name LIKE 'name%') AS vip_kept,
       count(*) FILTER (WHERE NOT vip AND name = '') AS others_masked,
       count(*) FILTER (WHERE NOT vip AND name <> '') AS others_leaked
FROM copy1.person;
SELECT count(*) FILTER (WHERE item IS NULL) AS items_masked, count(*) AS total FROM copy1.orders;
-- the source is untouched
SELECT count(*) FILTER (WHERE name LIKE 'name%') FROM src.person;

-- sampling: a table's label samples its copy (REPEATABLE: the same rows as
-- the same TABLESAMPLE on the source); rows referencing rows left out of
-- the sample are left out too, so that every foreign key holds
SECURITY LABEL FOR anon ON TABLE src.person IS 'TABLESAMPLE BERNOULLI (20) REPEATABLE (7)';
SELECT table_name, rows FROM anon.create_masked_copy('src', 'copy2') ORDER BY table_name::text;
SELECT (SELECT array_agg(id ORDER BY id) FROM copy2.person) =
       (SELECT array_agg(id ORDER BY id) FROM src.person TABLESAMPLE BERNOULLI (20) REPEATABLE (7)) AS same_sample,
       (SELECT count(*) FROM copy2.person) BETWEEN 100 AND 300 AS about_20_percent;
SELECT (SELECT count(*) FROM copy2.orders) =
       (SELECT count(*) FROM src.orders o WHERE o.person_id IN (SELECT id FROM copy2.person)) AS orders_of_sampled,
       (SELECT count(*) FROM copy2.line) =
       (SELECT count(*) FROM src.line l WHERE l.order_id IN (SELECT id FROM copy2.orders)) AS lines_of_kept_orders,
       (SELECT count(*) FROM copy2.orders) < 3000 AS orders_pruned;
SELECT conrelid::regclass::text AS referencing, confrelid::regclass::text AS referenced FROM pg_constraint
WHERE contype = 'f' AND connamespace = 'copy2'::regnamespace ORDER BY 1;
-- a database-level sample applies to every table; no REPEATABLE: drawn
-- from the CSPRNG, so two copies differ
SECURITY LABEL FOR anon ON TABLE src.person IS NULL;
SELECT format('SECURITY LABEL FOR anon ON DATABASE %I IS %L', current_database(), 'TABLESAMPLE SYSTEM (50)') \gexec
SET client_min_messages = warning;
SELECT count(*) FROM anon.create_masked_copy('src', 'copy3');
SELECT count(*) FROM anon.create_masked_copy('src', 'copy4');
RESET client_min_messages;
SELECT (SELECT count(*) FROM copy3.line) < 6000 AS sampled,
       (SELECT count(*) FROM copy3.line l WHERE NOT EXISTS (SELECT FROM copy3.orders o WHERE o.id = l.order_id)) AS orphans,
       -- the same sample twice: about 2^-40 (every page of three tables)
       ROW((SELECT array_agg(id ORDER BY id) FROM copy3.person),
           (SELECT array_agg(id ORDER BY id) FROM copy3.orders),
           (SELECT array_agg(qty ORDER BY qty) FROM copy3.line)) IS DISTINCT FROM
       ROW((SELECT array_agg(id ORDER BY id) FROM copy4.person),
           (SELECT array_agg(id ORDER BY id) FROM copy4.orders),
           (SELECT array_agg(qty ORDER BY qty) FROM copy4.line)) AS copies_differ;
SELECT format('SECURITY LABEL FOR anon ON DATABASE %I IS NULL', current_database()) \gexec

-- a key masked on one side only is broken by its rule, not by sampling:
-- the foreign key fails (not pruned away)
SECURITY LABEL FOR anon ON TABLE src.person IS 'TABLESAMPLE BERNOULLI (50) REPEATABLE (1)';
SECURITY LABEL FOR anon ON COLUMN src.orders.person_id IS 'MASKED WITH VALUE 0';
SECURITY LABEL FOR anon ON COLUMN src.orders.id IS 'NOT MASKED';
SET client_min_messages = warning;
SELECT count(*) FROM anon.create_masked_copy('src', 'copy5');	-- fail (23503)
RESET client_min_messages;



-- parallel static masking follows the caller's privacy by default
DROP SCHEMA src, copy1, copy2, copy3, copy4 CASCADE;
SELECT table_name, rows FROM anon.anonymize_database_parallel_report(2) ORDER BY table_name::text;
SELECT * FROM note;
SELECT count(*) FILTER (WHERE login = '') AS masked, count(*) AS total FROM account;
SELECT * FROM open_table;

RESET anon.privacy_by_default;
\c contrib_regression
DROP DATABASE regress_static_policy;
