-- Pseudonymization keys: creation, rotation, dropping, privileges, and the
-- per-backend cache following every change.
\set VERBOSITY terse
SET client_min_messages = warning;
CREATE ROLE regress_pseudo_user;
CREATE ROLE regress_pseudo_admin;
CREATE ROLE regress_key_admin;
GRANT regress_key_admin TO regress_pseudo_admin;
CREATE ROLE regress_reader;
GRANT pg_read_all_data TO regress_reader;
RESET client_min_messages;

-- the extension makes no role (DROP EXTENSION could not remove it): the
-- key administrators' role is a setting, anon_key_admin by default
SELECT count(*) AS roles_made FROM pg_roles WHERE rolname = 'anon_key_admin';
SHOW anon.key_admin_role;
SET anon.key_admin_role = 'regress_key_admin';
-- where the key-encryption key comes from: superusers only
SHOW anon.kek_file;
SHOW anon.kek_command;

-- key management marks: volatile, parallel unsafe, not SECURITY DEFINER
SELECT p.oid::regprocedure, provolatile, proparallel, prosecdef, proisstrict
FROM pg_proc p
WHERE pronamespace = 'anon'::regnamespace
  AND proname IN ('create_key', 'rotate_key', 'drop_key', 'hash', 'digest')
ORDER BY p.oid::regprocedure::text;

-- create, rotate: versions count up, one active version
SELECT anon.create_key('regress_k');
SELECT anon.rotate_key('regress_k');
SELECT anon.rotate_key('regress_k');
-- stored encrypted: version byte, 12-byte nonce, 32 bytes, 16-byte tag
SELECT name, version, active, octet_length(key) AS stored_bytes,
       get_byte(key, 0) AS format, created <= now() AS created_ok
FROM anon.keys WHERE name = 'regress_k' ORDER BY version;
-- every version is a fresh random key
SELECT count(DISTINCT key) AS distinct_keys FROM anon.keys WHERE name = 'regress_k';

-- errors
SELECT anon.create_key('regress_k');         -- fail: exists
SELECT anon.rotate_key('regress_nokey');     -- fail: does not exist
SELECT anon.drop_key('regress_nokey');       -- fail: does not exist
SELECT anon.create_key('');                  -- fail: empty name
SELECT anon.create_key(repeat('k', 64));     -- fail: name too long
SELECT anon.create_key(NULL) IS NULL AS strict_null;
BEGIN TRANSACTION READ ONLY;
SELECT anon.create_key('regress_ro');        -- fail: read-only
ROLLBACK;
-- the table checks what it holds, too
INSERT INTO anon.keys (name, version, key, active)
VALUES ('regress_bad', 1, '\x00', true);     -- fail: key length
INSERT INTO anon.keys (name, version, key, active)
VALUES ('regress_bad', 1, decode(repeat('00', 32), 'hex'), true); -- fail: a key in clear
INSERT INTO anon.keys (name, version, key, active)
VALUES ('regress_k', 9, decode(repeat('00', 61), 'hex'), true); -- fail: two active

-- a role that may read every table reads ciphertext only: never the key
SELECT anon._key_plaintext('regress_k') AS k3 \gset
SELECT octet_length(:'k3'::bytea) AS plaintext_bytes;
SET ROLE regress_reader;
SELECT count(*) AS readable_rows,
       count(*) FILTER (WHERE position(:'k3'::bytea IN key) > 0) AS holding_the_key
FROM anon.keys WHERE name = 'regress_k';
SELECT anon._key_plaintext('regress_k');     -- fail: superusers only
RESET ROLE;
-- a stored key moved to another version does not decrypt (the name and
-- version are authenticated with it)
BEGIN;
UPDATE anon.keys SET key = (SELECT key FROM anon.keys WHERE name = 'regress_k' AND version = 3)
WHERE name = 'regress_k' AND version = 1;
SELECT anon.pseudonymize('12345', 'regress_k') IS NOT NULL AS works;  -- version 3 is active
UPDATE anon.keys SET active = false WHERE name = 'regress_k';
UPDATE anon.keys SET active = true WHERE name = 'regress_k' AND version = 1;
SELECT anon.pseudonymize('12345', 'regress_k');  -- fail: cannot decrypt
ROLLBACK;

-- a key that masking rules use cannot be dropped
CREATE TABLE regress_keyed (id int, code text);
SECURITY LABEL FOR anon ON COLUMN regress_keyed.code
  IS 'MASKED WITH FUNCTION anon.pseudonymize(code, ''regress_k'')';
SELECT anon.drop_key('regress_k');           -- fail: rules use it
SECURITY LABEL FOR anon ON COLUMN regress_keyed.code IS NULL;
DROP TABLE regress_keyed;

-- drop removes every version
SELECT anon.drop_key('regress_k');
SELECT count(*) FROM anon.keys WHERE name = 'regress_k';

-- the default key is made at the first use of anon.hash
SELECT count(*) AS default_keys FROM anon.keys WHERE name = 'default';
SELECT length(anon.hash('x')) AS hash_length;
SELECT count(*) AS default_keys FROM anon.keys WHERE name = 'default';
SELECT anon.hash('x') AS h1 \gset
-- a rotation changes the hash at once in this backend (cache invalidated)
SELECT anon.rotate_key('default');
SELECT anon.hash('x') <> :'h1' AS changed_after_rotation;
SELECT anon.hash('x') AS h2 \gset
-- a direct change of the table is seen at once, too
UPDATE anon.keys SET active = false WHERE name = 'default';
UPDATE anon.keys SET active = true WHERE name = 'default' AND version = 1;
SELECT anon.hash('x') = :'h1' AS changed_after_update;
-- and a rolled-back change is forgotten
BEGIN;
SELECT anon.rotate_key('default');
SELECT anon.hash('x') AS h3 \gset
ROLLBACK;
SELECT anon.hash('x') <> :'h3' AS rollback_forgotten;
-- without the default key, a read-only transaction cannot make it
SELECT anon.drop_key('default');
BEGIN TRANSACTION READ ONLY;
SELECT anon.hash('x');                       -- fail: no default key
ROLLBACK;
SELECT anon.create_key('default');
-- a key that lost its active version
UPDATE anon.keys SET active = false WHERE name = 'default';
SELECT anon.hash('x');                       -- fail: no active version
UPDATE anon.keys SET active = true WHERE name = 'default';
SELECT anon.hash('x') AS h_admin \gset
-- the default key is used by rules that name no key
CREATE TABLE regress_hashed (id int, code text);
SECURITY LABEL FOR anon ON COLUMN regress_hashed.code IS 'MASKED WITH FUNCTION anon.hash(code)';
SELECT anon.drop_key('default');             -- fail: a rule uses it
DROP TABLE regress_hashed;

-- an ordinary role: no key, no key management, no salt
SET ROLE regress_pseudo_user;
SELECT * FROM anon.keys;                     -- fail: permission denied
SELECT name FROM anon.keys;                  -- fail: permission denied
SELECT anon.create_key('regress_u');         -- fail: not a key admin
SELECT anon.rotate_key('default');           -- fail: not a key admin
SELECT anon.drop_key('default');             -- fail: not a key admin
SELECT * FROM anon.list_keys();              -- fail: not a key admin
SELECT anon.encrypt_keys();                  -- fail: no EXECUTE
\set VERBOSITY sqlstate
SHOW anon.salt;                              -- fail: superuser only
\set VERBOSITY terse
\set VERBOSITY sqlstate
SELECT current_setting('anon.salt');         -- fail: superuser only
\set VERBOSITY terse
SELECT count(*) FROM pg_settings WHERE name = 'anon.salt';
SET anon.salt = 'x';                         -- fail: superuser only
-- nor use the keyed hash: it would test its guesses against pseudonyms
-- (keysteam: only key holders compute keyed values outside masking rules)
SELECT anon.hash('x') = :'h_admin' AS same_hash_for_user;	-- fail
RESET ROLE;

-- only superusers change anon.key_admin_role
SET ROLE regress_pseudo_user;
SET anon.key_admin_role = 'regress_pseudo_user'; -- fail: superuser only
RESET ROLE;

-- a key admin manages keys and lists them, but cannot read their bytes
SET ROLE regress_pseudo_admin;
SELECT anon.create_key('regress_a');
SELECT anon.rotate_key('regress_a');
SELECT name, version, active FROM anon.list_keys() WHERE name = 'regress_a' ORDER BY version;
SELECT key FROM anon.keys;                   -- fail: permission denied
SELECT anon._key_plaintext('regress_a');     -- fail: superusers only
SELECT anon.drop_key('regress_a');
RESET ROLE;

-- the trigger function cannot be called directly
SELECT anon._keys_changed();                 -- fail: trigger only

DROP ROLE regress_pseudo_user;
DROP ROLE regress_pseudo_admin;
DROP ROLE regress_key_admin;
DROP ROLE regress_reader;
RESET anon.key_admin_role;
