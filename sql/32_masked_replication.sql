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
CREATE PUBLICATION repl_masked_pub FOR TABLES IN SCHEMA repl_masked;
SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = 'repl_masked_pub';
DROP PUBLICATION repl_masked_pub;

SELECT anon.stop_masked_replication('repl.customer', drop_target => true);
SELECT anon.stop_masked_replication('repl.customer');	-- fail (not replicated)
SELECT to_regclass('repl_masked.customer');

DROP SCHEMA repl, repl_masked CASCADE;
