-- Replay of the behaviours PostgreSQL Anonymizer 2.x's own regression
-- suite checks, written anew in the same style: a PA script must give the
-- same outcome here, except where anon is deliberately safer (then an
-- error whose hint names the safer way; doc/coming-from-pa.md).
\set VERBOSITY terse

-- Dynamic masking and hashing in a database that never ran anon.init():
-- the rules call anon.hash() and the one-argument pseudo_* on tables that
-- already hold rows, so the check of each rule makes the key "default".
CREATE DATABASE regress_pa_replay;
\c regress_pa_replay
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS anon CASCADE;
RESET client_min_messages;
SELECT count(*) AS keys FROM anon.keys;
SELECT anon.start_dynamic_masking();
SET anon.salt TO 'x';
CREATE TABLE phone (owner_name text, phone_number text);
INSERT INTO phone VALUES ('Ann Lee', '555-0101'), ('Bo Ray', '555-0102'), ('Cy Tam', '555-0103');
CREATE TABLE phonecall (call_id int, call_from text, call_to text, started timestamptz);
INSERT INTO phonecall VALUES (1, '555-0101', '555-0102', '2004-05-17 09:41:01+00'),
                             (2, '555-0102', '555-0103', '2004-05-17 11:22:51+00');
SECURITY LABEL FOR anon ON COLUMN phone.owner_name
  IS 'MASKED WITH FUNCTION concat(anon.pseudo_first_name(owner_name),$$ $$,anon.pseudo_last_name(owner_name))';
SECURITY LABEL FOR anon ON COLUMN phone.phone_number
  IS 'MASKED WITH FUNCTION anon.hash(phone_number)';
SECURITY LABEL FOR anon ON COLUMN phonecall.call_from
  IS 'MASKED WITH FUNCTION anon.hash(call_from)';
SECURITY LABEL FOR anon ON COLUMN phonecall.call_to
  IS 'MASKED WITH FUNCTION anon.hash(call_to)';
SELECT name FROM anon.keys ORDER BY 1;
CREATE ROLE regress_pa_jimmy LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_pa_jimmy IS 'MASKED';
GRANT SELECT ON phone, phonecall TO regress_pa_jimmy;
SELECT anon.mask_update();
SET ROLE regress_pa_jimmy;
-- masked: the names and numbers are not the raw ones
SELECT bool_and(owner_name NOT IN ('Ann Lee', 'Bo Ray', 'Cy Tam')) AS names_masked,
       bool_and(phone_number NOT LIKE '555-%') AS numbers_masked
FROM phone;
-- hashes are deterministic: the join on masked numbers still matches
SELECT count(*) AS calls_joined
FROM phonecall c JOIN phone p1 ON c.call_from = p1.phone_number
                 JOIN phone p2 ON c.call_to = p2.phone_number;
-- the masked role cannot read the salt
DO $$
BEGIN
  PERFORM current_setting('anon.salt');
  RAISE NOTICE 'salt readable';
EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'insufficient_privilege';
END$$;
RESET ROLE;
-- positive control: the owner reads the raw rows
SELECT count(*) FILTER (WHERE phone_number LIKE '555-%') AS raw_numbers FROM phone;
SELECT anon.stop_dynamic_masking();
DROP TABLE phonecall CASCADE;
DROP TABLE phone CASCADE;
\c contrib_regression
DROP DATABASE regress_pa_replay;
DROP ROLE regress_pa_jimmy;

-- hashing
SELECT anon.hash(NULL) IS NULL;
SELECT anon.digest(NULL, 'b', 'sha256') IS NULL;
SELECT anon.digest('a', NULL, 'sha256') IS NULL;
SELECT anon.digest('a', 'b', NULL) IS NULL;
SELECT anon.digest('a', 'b', 'sha1') IS NULL;
SELECT anon.digest('a','b','md5') = '187ef4436122d1cc2f40dc2b92f0eba0';
SELECT anon.digest('a','b','sha224') = 'db3cda86d4429a1d39c148989566b38f7bda0156296bd364ba2f878b';
SELECT anon.digest('a','b','sha256') = 'fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603';
SELECT anon.digest('a','b','sha512') = '2d408a0717ec188158278a796c689044361dc6fdde28d6f04973b80896e1823975cdbf12eb63f9e0591328ee235d80e9b5bf1aa6a44f4617ff3caf6400eb172d';
