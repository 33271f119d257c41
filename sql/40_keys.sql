-- Pseudonymization keys: creation, rotation, dropping, privileges, and the
-- per-backend cache following every change.
\set VERBOSITY terse
SET client_min_messages = warning;
CREATE ROLE regress_pseudo_user;
CREATE ROLE regress_pseudo_admin;
GRANT anon_key_admin TO regress_pseudo_admin;
RESET client_min_messages;

-- the extension made the role, without LOGIN
SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = 'anon_key_admin';

-- key management marks: volatile, parallel unsafe, not SECURITY DEFINER
SELECT p.oid::regprocedure, provolatile, proparallel, prosecdef, proisstrict
FROM pg_proc p
WHERE pronamespace = 'anon'::regnamespace
  AND proname IN ('create_key', 'rotate_key', 'drop_key', 'hash', 'digest')
ORDER BY 1::text;

-- create, rotate: versions count up, one active version
SELECT anon.create_key('regress_k');
SELECT anon.rotate_key('regress_k');
SELECT anon.rotate_key('regress_k');
SELECT name, version, active, octet_length(key) AS key_bytes,
       created <= now() AS created_ok
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
VALUES ('regress_k', 9, decode(repeat('00', 32), 'hex'), true); -- fail: two active

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
UPDATE anon.keys SET key = decode(repeat('ab', 32), 'hex')
WHERE name = 'default' AND active;
SELECT anon.hash('x') <> :'h2' AS changed_after_update;
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

-- an ordinary role: no key, no key management, no salt
SET ROLE regress_pseudo_user;
SELECT * FROM anon.keys;                     -- fail: permission denied
SELECT name FROM anon.keys;                  -- fail: permission denied
SELECT anon.create_key('regress_u');         -- fail: no EXECUTE
SELECT anon.rotate_key('default');           -- fail: no EXECUTE
SELECT anon.drop_key('default');             -- fail: no EXECUTE
SHOW anon.salt;                              -- fail: superuser only
SELECT current_setting('anon.salt');         -- fail: superuser only
SELECT count(*) FROM pg_settings WHERE name = 'anon.salt';
SET anon.salt = 'x';                         -- fail: superuser only
-- but it may use the keyed hash, which gives the same pseudonyms
SELECT anon.hash('x') = :'h_admin' AS same_hash_for_user;
RESET ROLE;

-- granted EXECUTE alone is not enough: the function checks the role
GRANT EXECUTE ON FUNCTION anon.rotate_key(text) TO regress_pseudo_user;
SET ROLE regress_pseudo_user;
SELECT anon.rotate_key('default');           -- fail: not a key admin
RESET ROLE;
REVOKE EXECUTE ON FUNCTION anon.rotate_key(text) FROM regress_pseudo_user;

-- a key admin manages keys and lists them, but cannot read their bytes
SET ROLE regress_pseudo_admin;
SELECT anon.create_key('regress_a');
SELECT anon.rotate_key('regress_a');
SELECT name, version, active FROM anon.keys WHERE name = 'regress_a' ORDER BY version;
SELECT key FROM anon.keys;                   -- fail: permission denied
SELECT anon.drop_key('regress_a');
RESET ROLE;

-- the trigger function cannot be called directly
SELECT anon._keys_changed();                 -- fail: trigger only

DROP ROLE regress_pseudo_user;
DROP ROLE regress_pseudo_admin;
