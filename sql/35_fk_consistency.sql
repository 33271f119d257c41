-- Consistent masking along foreign keys, declared and virtual, in every
-- path: a referencing column without a rule takes the referenced key's
-- deterministic rule; anything that would break a key is refused, naming
-- it.  Probes: joins of masked tables keep their rows, no raw key shows
-- through a reference, every key holds after static masking (in place and
-- in a copy).  Controls: the same probes read raw values when unmasked.
\set VERBOSITY terse
SET client_min_messages = warning;
CREATE SCHEMA regress_fk;
CREATE TABLE regress_fk.person (id int PRIMARY KEY, email text UNIQUE, name text);
CREATE TABLE regress_fk.account (id int PRIMARY KEY, person_id int REFERENCES regress_fk.person,
                                 owner_email text REFERENCES regress_fk.person (email));
CREATE TABLE regress_fk.payment (account_id bigint REFERENCES regress_fk.account, n int,
                                 PRIMARY KEY (account_id, n));     -- bigint -> int
CREATE TABLE regress_fk.refund (account_id bigint, n int, amount int,
                                FOREIGN KEY (account_id, n) REFERENCES regress_fk.payment);  -- a chain, composite
CREATE TABLE regress_fk.ticket (id int, email text);               -- no declared key
SECURITY LABEL FOR anon ON COLUMN regress_fk.ticket.email IS 'REFERENCES regress_fk.person (email)';
INSERT INTO regress_fk.person SELECT i, 'p' || i || '@x.org', 'n' || i FROM generate_series(1, 5) i;
INSERT INTO regress_fk.account SELECT 10 + i, i, 'p' || i || '@x.org' FROM generate_series(1, 5) i;
INSERT INTO regress_fk.payment SELECT 10 + i, 1 FROM generate_series(1, 5) i;
INSERT INTO regress_fk.refund SELECT 10 + i, 1, 7 FROM generate_series(1, 3) i;
INSERT INTO regress_fk.ticket SELECT i, 'p' || i || '@x.org' FROM generate_series(1, 5) i;
-- deterministic rules on the referenced keys only
SECURITY LABEL FOR anon ON COLUMN regress_fk.person.id IS 'MASKED WITH FUNCTION id * 7 + 1000';
SECURITY LABEL FOR anon ON COLUMN regress_fk.person.email IS 'MASKED WITH FUNCTION anon.pseudo_email(email, ''s1'')';
SECURITY LABEL FOR anon ON COLUMN regress_fk.account.id IS 'MASKED WITH FUNCTION id + 500';

-- dynamic masking: a masked role joining parents and children
CREATE ROLE regress_fk_masked;
SECURITY LABEL FOR anon ON ROLE regress_fk_masked IS 'MASKED';
GRANT USAGE ON SCHEMA regress_fk TO regress_fk_masked;
GRANT SELECT ON ALL TABLES IN SCHEMA regress_fk TO regress_fk_masked;
SET ROLE regress_fk_masked;
SELECT count(*) FROM regress_fk.account a JOIN regress_fk.person p ON p.id = a.person_id;        -- 5
SELECT count(*) FROM regress_fk.account a JOIN regress_fk.person p ON p.email = a.owner_email;   -- 5
SELECT count(*) FROM regress_fk.payment y JOIN regress_fk.account a ON a.id = y.account_id;      -- 5
SELECT count(*) FROM regress_fk.refund r JOIN regress_fk.payment y USING (account_id, n);        -- 3
SELECT count(*) FROM regress_fk.ticket t JOIN regress_fk.person p ON p.email = t.email;          -- 5 (virtual)
-- no raw key shows through a reference
SELECT count(*) FROM regress_fk.account WHERE person_id BETWEEN 1 AND 5 OR owner_email LIKE 'p_@x.org';  -- 0
SELECT count(*) FROM regress_fk.refund WHERE account_id BETWEEN 11 AND 15;                        -- 0
SELECT count(*) FROM regress_fk.ticket WHERE email LIKE 'p_@x.org';                               -- 0
SELECT min(account_id), max(account_id) FROM regress_fk.refund;                                   -- 511, 513
COPY (SELECT person_id FROM regress_fk.account ORDER BY 1 LIMIT 2) TO STDOUT;
COPY regress_fk.ticket (email) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *);
RESET ROLE;
-- control: unmasked, the same probes read the raw keys
SELECT count(*) FROM regress_fk.account WHERE person_id BETWEEN 1 AND 5 OR owner_email LIKE 'p_@x.org';  -- 5
SELECT count(*) FROM regress_fk.ticket WHERE email LIKE 'p_@x.org';                               -- 5
-- ... and the masked values are those of the parent's rule
SELECT count(*) FROM regress_fk.ticket t WHERE anon.pseudo_email(t.email, 's1') IS NOT NULL;

-- a statement prepared before the parent got its rule follows it
CREATE TABLE regress_fk.city (id int PRIMARY KEY);
CREATE TABLE regress_fk.addr (city_id int REFERENCES regress_fk.city);
INSERT INTO regress_fk.city VALUES (1);
INSERT INTO regress_fk.addr VALUES (1);
GRANT SELECT ON regress_fk.city, regress_fk.addr TO regress_fk_masked;
SET ROLE regress_fk_masked;
PREPARE regress_fk_q AS SELECT city_id FROM regress_fk.addr;
EXECUTE regress_fk_q;                                                  -- 1: nothing masked yet
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_fk.city.id IS 'MASKED WITH FUNCTION id + 900';
SET ROLE regress_fk_masked;
EXECUTE regress_fk_q;                                                  -- 901
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_fk.city.id IS NULL;
SET ROLE regress_fk_masked;
EXECUTE regress_fk_q;                                                  -- 1 again
DEALLOCATE regress_fk_q;
RESET ROLE;

-- a WARNING when the label is written (the label is kept, as PostgreSQL
-- Anonymizer keeps it, and masks made from it are refused): a random key,
-- a reference masked its own way, a raw reference
SECURITY LABEL FOR anon ON COLUMN regress_fk.city.id IS 'MASKED WITH FUNCTION anon.random_int_between(1, 100)';   -- WARNING: volatile
SECURITY LABEL FOR anon ON COLUMN regress_fk.city.id IS 'MASKED WITH FUNCTION id + 900';
SECURITY LABEL FOR anon ON COLUMN regress_fk.addr.city_id IS 'MASKED WITH FUNCTION city_id + 1';   -- WARNING: differs
SET ROLE regress_fk_masked;
SELECT city_id FROM regress_fk.addr;                                   -- fail: differs
-- every path refuses it the same way: COPY, masked copies, static masking
COPY regress_fk.addr TO stdout;                                        -- fail: differs
RESET ROLE;
SELECT * FROM anon.create_masked_copy('regress_fk', 'regress_fk_differs');   -- fail: differs
SELECT count(*) FROM pg_namespace WHERE nspname = 'regress_fk_differs';       -- 0: nothing made
SELECT * FROM anon.anonymize_table_report('regress_fk.city');          -- fail: differs
SELECT count(*) FROM regress_fk.city WHERE id < 900;                   -- nothing written
-- with its SQLSTATE (invalid_object_definition), the key named, a hint
\set VERBOSITY default
\set SHOW_CONTEXT never
SET ROLE regress_fk_masked;
SELECT city_id FROM regress_fk.addr;                                   -- fail: differs
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
\set VERBOSITY terse
SECURITY LABEL FOR anon ON COLUMN regress_fk.addr.city_id IS 'NOT MASKED';                        -- WARNING: raw
SECURITY LABEL FOR anon ON COLUMN regress_fk.addr.city_id IS 'MASKED WITH FUNCTION city_id + 900';  -- OK: the same
SECURITY LABEL FOR anon ON COLUMN regress_fk.addr.city_id IS NULL;
-- a mask that reads another column cannot be passed on
ALTER TABLE regress_fk.city ADD COLUMN k int DEFAULT 3;
SECURITY LABEL FOR anon ON COLUMN regress_fk.city.id IS 'MASKED WITH FUNCTION id + k';          -- WARNING: reads k
-- caught when masks are made, for what a label cannot see: a key declared
-- later, a virtual key; the masked role gets an error, never raw keys
SECURITY LABEL FOR anon ON COLUMN regress_fk.city.id IS NULL;
ALTER TABLE regress_fk.addr DROP CONSTRAINT addr_city_id_fkey;
SECURITY LABEL FOR anon ON COLUMN regress_fk.city.id IS 'MASKED WITH FUNCTION anon.random_int_between(1, 100)';
ALTER TABLE regress_fk.addr ADD FOREIGN KEY (city_id) REFERENCES regress_fk.city;
SET ROLE regress_fk_masked;
SELECT city_id FROM regress_fk.addr;                                   -- fail: volatile
SELECT count(*) FROM regress_fk.city;                                  -- OK: the parent alone
RESET ROLE;
SELECT * FROM anon.anonymize_table_report('regress_fk.addr');         -- fail: volatile
SECURITY LABEL FOR anon ON COLUMN regress_fk.city.id IS NULL;
DROP TABLE regress_fk.addr, regress_fk.city;
CREATE TABLE regress_fk.note (email text);
SECURITY LABEL FOR anon ON COLUMN regress_fk.note.email IS 'MASKED WITH FUNCTION upper(email)';
SECURITY LABEL FOR anon ON COLUMN regress_fk.note.email IS 'REFERENCES regress_fk.person (email)';   -- the label replaces the rule
SELECT count(*) FROM regress_fk.note;
SECURITY LABEL FOR anon ON COLUMN regress_fk.ticket.email IS NULL;
SECURITY LABEL FOR anon ON TABLE regress_fk.ticket IS 'FOREIGN KEY (email) REFERENCES regress_fk.person (email)';
SECURITY LABEL FOR anon ON COLUMN regress_fk.ticket.email IS 'MASKED WITH FUNCTION upper(email)';   -- WARNING: differs (virtual)
SECURITY LABEL FOR anon ON COLUMN regress_fk.ticket.email IS NULL;
DROP TABLE regress_fk.note;

-- masked copy: the copy's keys hold, joins keep their rows
SELECT table_name::text, masked_columns FROM anon.create_masked_copy('regress_fk', 'regress_fk_copy') ORDER BY 1;
SELECT count(*) FROM regress_fk_copy.account a JOIN regress_fk_copy.person p ON p.id = a.person_id AND p.email = a.owner_email;
SELECT count(*) FROM regress_fk_copy.ticket t JOIN regress_fk_copy.person p ON p.email = t.email;
SELECT conname FROM pg_constraint WHERE contype = 'f' AND connamespace = 'regress_fk_copy'::regnamespace ORDER BY 1;
-- a subset follows the keys and masks alike
SELECT table_name::text, rows FROM anon.create_masked_copy('regress_fk', 'regress_fk_sub',
  subset => ARRAY['refund WHERE amount = 7 AND n = 1 AND account_id = 12']) ORDER BY 1;
SELECT a.id, a.person_id = p.id AS joins FROM regress_fk_sub.account a JOIN regress_fk_sub.person p ON p.id = a.person_id;

-- static masking in place: a table alone would break its references
SELECT * FROM anon.anonymize_table_report('regress_fk.person');       -- fail: the keys
SELECT count(*) FROM regress_fk.person WHERE id BETWEEN 1 AND 5;      -- 5: nothing written
SELECT * FROM anon.anonymize_table_report('regress_fk.ticket');       -- fail: virtual key
SELECT count(*) FROM regress_fk.ticket WHERE email LIKE 'p_@x.org';   -- 5: nothing written
SELECT * FROM anon.anonymize_table_report('regress_fk.payment');      -- fail: declared key, checked on the data
SELECT count(*) FROM regress_fk.payment WHERE account_id BETWEEN 11 AND 15;   -- 5: nothing written
-- the whole database at once: every key holds, the masked role's joins too
SELECT table_name::text, masked_columns FROM anon.anonymize_database_report()
WHERE table_name::text LIKE 'regress_fk.%' ORDER BY 1;
ALTER TABLE regress_fk.account DROP CONSTRAINT account_person_id_fkey,
  ADD CONSTRAINT account_person_id_fkey FOREIGN KEY (person_id) REFERENCES regress_fk.person;  -- checks every row
ALTER TABLE regress_fk.account DROP CONSTRAINT account_owner_email_fkey,
  ADD CONSTRAINT account_owner_email_fkey FOREIGN KEY (owner_email) REFERENCES regress_fk.person (email);
ALTER TABLE regress_fk.payment DROP CONSTRAINT payment_account_id_fkey,
  ADD CONSTRAINT payment_account_id_fkey FOREIGN KEY (account_id) REFERENCES regress_fk.account;
ALTER TABLE regress_fk.refund DROP CONSTRAINT refund_account_id_n_fkey,
  ADD CONSTRAINT refund_account_id_n_fkey FOREIGN KEY (account_id, n) REFERENCES regress_fk.payment;
SELECT count(*) FROM regress_fk.ticket t WHERE NOT EXISTS (SELECT FROM regress_fk.person p WHERE p.email = t.email);  -- 0
SELECT count(*) FROM regress_fk.person WHERE id BETWEEN 1 AND 5 OR email LIKE 'p_@x.org';         -- 0: masked
SELECT min(id), max(id) FROM regress_fk.person;
SET ROLE regress_fk_masked;
SELECT count(*) FROM regress_fk.account a JOIN regress_fk.person p ON p.id = a.person_id;
SELECT count(*) FROM regress_fk.ticket t JOIN regress_fk.person p ON p.email = t.email;
RESET ROLE;

-- a virtual key left behind by a dropped table: its owner still reads the
-- table, a masked role gets an error naming the key, never the raw value
CREATE TABLE regress_fk.gone (email text PRIMARY KEY);
CREATE TABLE regress_fk.memo (email text);
INSERT INTO regress_fk.memo VALUES ('RAW');
SECURITY LABEL FOR anon ON COLUMN regress_fk.memo.email IS 'REFERENCES regress_fk.gone';
DROP TABLE regress_fk.gone;
SELECT email FROM regress_fk.memo;                                     -- RAW: the owner
GRANT SELECT ON regress_fk.memo TO regress_fk_masked;
SET ROLE regress_fk_masked;
SELECT email FROM regress_fk.memo;                                     -- fail: the key is gone
RESET ROLE;

DROP SCHEMA regress_fk, regress_fk_copy, regress_fk_sub CASCADE;
DROP ROLE regress_fk_masked;
