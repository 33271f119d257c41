-- Masked replication: a shadow table holds the masked rows and follows
-- every change of its source; only the shadow is published.
CREATE SCHEMA repl;
CREATE TABLE repl.customer (id int PRIMARY KEY, name text, email text, note text);
INSERT INTO repl.customer VALUES (1, 'RAWann', 'ann@RAW', 'n1'), (2, 'RAWbob', 'bob@RAW', 'n2');
SECURITY LABEL FOR anon ON COLUMN repl.customer.name IS 'MASKED WITH VALUE ''(name)''';
SECURITY LABEL FOR anon ON COLUMN repl.customer.email IS 'MASKED WITH FUNCTION ''user'' || id || ''@example.org''';
CREATE TABLE repl.nokey (a int, b text);
CREATE TABLE repl.maskedkey (id int PRIMARY KEY, v text);
SECURITY LABEL FOR anon ON COLUMN repl.maskedkey.id IS 'MASKED WITH VALUE 0';

SELECT anon.start_masked_replication('repl.customer', 'repl_masked');	-- OK
SELECT anon.start_masked_replication('repl.customer', 'repl_masked');	-- fail (already)
SELECT anon.start_masked_replication('repl.nokey', 'repl_masked');	-- fail (no primary key)
SELECT anon.start_masked_replication('repl.maskedkey', 'repl_masked');	-- fail (masked key)
SELECT anon.start_masked_replication('repl.customer', 'repl_masked', 'nosuch');	-- fail (policy)
SELECT anon.start_masked_replication('pg_class', 'repl_masked');	-- fail (catalog)

SELECT * FROM repl_masked.customer ORDER BY id;
-- every change follows, masked
INSERT INTO repl.customer VALUES (3, 'RAWcid', 'cid@RAW', 'n3');
UPDATE repl.customer SET name = 'RAWbobby', note = 'changed' WHERE id = 2;
UPDATE repl.customer SET id = 10 WHERE id = 1;
DELETE FROM repl.customer WHERE id = 3;
SELECT * FROM repl_masked.customer ORDER BY id;
SELECT count(*) AS raw_values FROM repl_masked.customer WHERE name LIKE '%RAW%' OR email LIKE '%RAW%';
TRUNCATE repl.customer;
SELECT count(*) FROM repl_masked.customer;
-- a transaction that fails leaves both as they were
INSERT INTO repl.customer VALUES (5, 'RAWeve', 'eve@RAW', 'n5');
BEGIN;
INSERT INTO repl.customer VALUES (6, 'RAWfay', 'fay@RAW', 'n6');
ROLLBACK;
SELECT id, name FROM repl_masked.customer ORDER BY id;
-- publish the shadow schema only (wal_level need not be logical to define it)
-- (its wal_level WARNING is worded differently by version)
SET client_min_messages = error;
CREATE PUBLICATION repl_masked_pub FOR TABLES IN SCHEMA repl_masked;
RESET client_min_messages;
SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = 'repl_masked_pub';
DROP PUBLICATION repl_masked_pub;

SELECT anon.stop_masked_replication('repl.customer', drop_target => true);
SELECT anon.stop_masked_replication('repl.customer');	-- fail (not replicated)
SELECT to_regclass('repl_masked.customer');

-- the shadow keeps the source's NOT NULL, UNIQUE and CHECK constraints,
-- typmods and indexes (not its defaults, identity or generation)
CREATE TABLE repl.acct (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code varchar(12) NOT NULL UNIQUE,
	amount numeric(10,2) NOT NULL CHECK (amount >= 0),
	note text DEFAULT 'n',
	twice numeric GENERATED ALWAYS AS (amount * 2) STORED);
CREATE INDEX ON repl.acct (lower(note));
INSERT INTO repl.acct (code, amount) VALUES ('c1', 1.5), ('c2', 2.25);
SECURITY LABEL FOR anon ON COLUMN repl.acct.note IS 'MASKED WITH VALUE ''masked''';
SELECT anon.start_masked_replication('repl.acct', 'repl_masked');
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid) AS def
FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = 'repl_masked.acct'::regclass AND a.attnum > 0 ORDER BY a.attnum;
SELECT contype, pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid = 'repl_masked.acct'::regclass AND contype <> 'n' ORDER BY contype, conname;
SELECT count(*) AS indexes FROM pg_index WHERE indrelid = 'repl_masked.acct'::regclass;
SELECT * FROM repl_masked.acct ORDER BY id;
-- writes follow, with the typmod applied
INSERT INTO repl.acct (code, amount) VALUES ('c3', 3);
UPDATE repl.acct SET amount = 4.125 WHERE code = 'c3';
SELECT id, code, amount, note, twice FROM repl_masked.acct ORDER BY id;
SELECT anon.stop_masked_replication('repl.acct', drop_target => true);

-- a rule's text is data in the trigger's body, never SQL
CREATE TABLE repl.quoted (id int PRIMARY KEY, v text);
INSERT INTO repl.quoted VALUES (1, 'RAW');
SECURITY LABEL FOR anon ON COLUMN repl.quoted.v
  IS 'MASKED WITH VALUE ''$body$; CREATE TABLE repl.injected (); SELECT $body$''';
SET check_function_bodies = off;
SELECT anon.start_masked_replication('repl.quoted', 'repl_masked');
RESET check_function_bodies;
INSERT INTO repl.quoted VALUES (2, 'RAW2');
SELECT * FROM repl_masked.quoted ORDER BY id;
SELECT to_regclass('repl.injected') AS injected;
SELECT anon.stop_masked_replication('repl.quoted', drop_target => true);

-- the helper that fills a shadow as its owner gives nobody more rights
CREATE ROLE regress_repl_user;
SET ROLE regress_repl_user;
SELECT anon._run_as_owner('pg_class', 'SELECT 1');	-- fail (not the owner)
RESET ROLE;
DROP ROLE regress_repl_user;

DROP SCHEMA repl, repl_masked CASCADE;
