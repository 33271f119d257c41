-- Pseudonymization: keyed, consistent, and reversible only for key holders
-- (src/keys.c, src/fpe.c, src/hash.c).

-- A named key: 32 random bytes from OpenSSL, stored in anon.keys, which
-- ordinary roles cannot read.
SELECT anon.create_key('demo');
SELECT name, version, active, created IS NOT NULL AS has_date FROM anon.keys;

-- Format-preserving pseudonyms (FF1, NIST SP 800-38G): digits stay digits,
-- letters keep their case, separators and e-mail domains stay in place.
SELECT id, phone, anon.pseudonymize(phone, 'demo') AS phone_pseudonym,
       email, anon.pseudonymize(email, 'demo') AS email_pseudonym,
       iban, anon.pseudonymize(iban, 'demo') AS iban_pseudonym
FROM customer ORDER BY id LIMIT 5;

-- Card numbers keep their length, separators and a valid Luhn check digit.
SELECT anon.pseudonymize_card('4111 1111 1111 1111', 'demo') AS card_pseudonym;

-- Consistent: the same input gives the same pseudonym, so joins and counts
-- still work on pseudonymized data.
SELECT count(DISTINCT email) AS emails,
       count(DISTINCT anon.pseudonymize(email, 'demo')) AS pseudonyms
FROM customer;

-- Reversible by the key holder (superusers and members of the role named by
-- anon.key_admin_role, anon_key_admin by default, which the DBA creates).
SELECT email, anon.depseudonymize(anon.pseudonymize(email, 'demo'), 'demo') AS back
FROM customer ORDER BY id LIMIT 3;

-- Rotation: new pseudonyms use version 2; old ones reverse with version 1.
SELECT anon.pseudonymize('0612345678', 'demo') AS p1 \gset
SELECT anon.rotate_key('demo');
SELECT :'p1' AS old_pseudonym, anon.pseudonymize('0612345678', 'demo') AS new_pseudonym,
       anon.depseudonymize(:'p1', 'demo', '', 1) AS reversed_with_v1;

-- Irreversible pseudonyms: anon.hash is an HMAC under the database key (made
-- at first use); anon.digest is a salted SHA-2 or SHA-3 digest;
-- anon.random_hash salts with fresh random bytes at each call (not a
-- pseudonym: the same input hashes differently every time).
SELECT email, left(anon.hash(email), 16) AS hashed,
       left(anon.digest(email, 'salt', 'sha256'), 16) AS digested,
       left(anon.digest(email, 'salt', 'sha3-256'), 16) AS sha3,
       anon.random_hash(email) <> anon.random_hash(email) AS random_differs
FROM customer ORDER BY id LIMIT 3;

-- A role without the key privilege can neither compute pseudonyms outside
-- masking rules (it could pseudonymize its guesses and compare), nor read
-- the keys, nor reverse, nor see the salt.
CREATE ROLE demo_analyst;
SET ROLE demo_analyst;
\set ON_ERROR_STOP 0
SELECT anon.pseudonymize('0612345678', 'demo') AS analyst_sees;
SELECT key FROM anon.keys;
SELECT anon.depseudonymize(:'p1', 'demo');
SHOW anon.salt;
\set ON_ERROR_STOP 1
RESET ROLE;
DROP ROLE demo_analyst;

-- Too short to encrypt safely is an error, never a pass-through.
\set ON_ERROR_STOP 0
SELECT anon.pseudonymize('12345', 'demo');
\set ON_ERROR_STOP 1
