--------------------------------------------------------------------------
-- Pseudonymization (src/keys.c, src/hash.c, src/fpe.c)
--
-- Keys live in anon.keys, which PUBLIC cannot read.  The keyed functions
-- are C functions that read the keys themselves (never through SQL), and
-- check the calling role wherever a secret could come out: see the header
-- of src/keys.c for why they are not SECURITY DEFINER.
--------------------------------------------------------------------------

-- Key administrators: superusers, and the members of the role named by
-- the setting anon.key_admin_role ("anon_key_admin" by default), which the
-- extension does not create (DROP EXTENSION could not remove a role): a
-- superuser runs CREATE ROLE anon_key_admin NOLOGIN and grants it.  The
-- functions below are open to PUBLIC and check that role themselves.

CREATE TABLE anon.keys (
	name text NOT NULL CHECK (name <> '' AND octet_length(name) <= 63),
	version integer NOT NULL CHECK (version > 0),
	-- encrypted (AES-256-GCM) under the key-encryption key of
	-- anon.kek_file / anon.kek_command: version byte, nonce, key, tag
	key bytea NOT NULL CHECK (octet_length(key) IN (45, 53, 61)),
	created timestamptz NOT NULL DEFAULT pg_catalog.now(),
	active boolean NOT NULL,
	PRIMARY KEY (name, version)
);
CREATE UNIQUE INDEX keys_one_active ON anon.keys (name) WHERE active;
COMMENT ON TABLE anon.keys
IS 'pseudonymization keys: every version is kept so that old pseudonyms can be reversed';
REVOKE ALL ON anon.keys FROM PUBLIC;
-- Not a configuration table for pg_dump: a dump never holds keys, and a
-- masked role (which cannot read anon.keys) can still dump the database.
-- Superusers back keys up with COPY anon.keys TO / FROM: ciphertext, which
-- only the same key-encryption key opens.

CREATE FUNCTION anon._keys_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'anon_keys_changed'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._keys_changed()
IS 'trigger on anon.keys: every backend drops its key cache';

-- every backend drops its key cache when anon.keys changes
CREATE TRIGGER keys_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON anon.keys
FOR EACH STATEMENT EXECUTE FUNCTION anon._keys_changed();

CREATE FUNCTION anon.create_key(key_name text)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_create_key'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.create_key(text)
IS 'create a key of 32 random bytes; returns its version, 1';

CREATE FUNCTION anon.rotate_key(key_name text)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_rotate_key'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.rotate_key(text)
IS 'make a new active version of a key, keeping the old ones for reversal; returns the new version';

CREATE FUNCTION anon.drop_key(key_name text)
RETURNS void
AS 'MODULE_PATHNAME', 'anon_drop_key'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.drop_key(text)
IS 'drop every version of a key: its pseudonyms can no longer be reversed';

-- open to PUBLIC, checked inside (written as an upgraded 1.0 has it)
REVOKE EXECUTE ON FUNCTION anon.create_key(text), anon.rotate_key(text),
	anon.drop_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION anon.create_key(text), anon.rotate_key(text),
	anon.drop_key(text) TO PUBLIC;

CREATE FUNCTION anon.list_keys(OUT name text, OUT version integer,
                               OUT created timestamptz, OUT active boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_list_keys'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.list_keys()
IS 'every version of every key, without its bytes (key administrators)';

CREATE FUNCTION anon.encrypt_keys()
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_encrypt_keys'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
REVOKE EXECUTE ON FUNCTION anon.encrypt_keys() FROM PUBLIC;
COMMENT ON FUNCTION anon.encrypt_keys()
IS 'encrypt under the key-encryption key every key stored in clear by anon 1.0; returns how many (superusers)';

CREATE FUNCTION anon.reencrypt_keys(previous_kek_command text)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_reencrypt_keys'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
REVOKE EXECUTE ON FUNCTION anon.reencrypt_keys(text) FROM PUBLIC;
COMMENT ON FUNCTION anon.reencrypt_keys(text)
IS 'after the key-encryption key changed, encrypt under the current one every key that only the previous one (printed by the command) opens; returns how many (superusers)';

CREATE FUNCTION anon._key_plaintext(key_name text, key_version integer DEFAULT 0)
RETURNS bytea
AS 'MODULE_PATHNAME', 'anon_key_plaintext'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
REVOKE EXECUTE ON FUNCTION anon._key_plaintext(text, integer) FROM PUBLIC;
COMMENT ON FUNCTION anon._key_plaintext(text, integer)
IS 'tests and recovery: the bytes of a key version (0: the active one) in clear (superusers)';

CREATE FUNCTION anon.hash(seed text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_hash'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.hash(text)
IS 'keyed pseudonym: hex HMAC-SHA256 of anon.salt and the value under the key ''default''';
SECURITY LABEL FOR anon ON FUNCTION anon.hash(text) IS 'RESTRICTED';

CREATE FUNCTION anon.digest(seed text, salt text, algorithm text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_digest'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.digest(text, text, text)
IS 'hex digest of seed || salt with sha224, sha256, sha384, sha512, sha3-224, sha3-256, sha3-384, sha3-512 or md5';
SECURITY LABEL FOR anon ON FUNCTION anon.digest(text, text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.random_hash(seed text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_random_hash'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_hash(text)
IS 'hex SHA-256 of seed and 16 random bytes: a different hash at each call';

CREATE FUNCTION anon.random_hash(seed text, algorithm text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_random_hash_alg'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_hash(text, text)
IS 'hex digest (any anon.digest algorithm) of seed and 16 random bytes';

-- Format-preserving encryption (NIST SP 800-38G rev. 1) with the key as an
-- argument: for checking against the standard's samples; superusers only.
CREATE FUNCTION anon.ff1_encrypt(key bytea, tweak bytea, radix integer, input text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_ff1_encrypt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.ff1_encrypt(bytea, bytea, integer, text)
IS 'FF1 encryption over AES of a string of numerals 0-9a-zA-Z cut to radix';
SECURITY LABEL FOR anon ON FUNCTION anon.ff1_encrypt(bytea, bytea, integer, text) IS 'RESTRICTED';

CREATE FUNCTION anon.ff1_decrypt(key bytea, tweak bytea, radix integer, input text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_ff1_decrypt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.ff1_decrypt(bytea, bytea, integer, text)
IS 'FF1 decryption over AES of a string of numerals 0-9a-zA-Z cut to radix';
SECURITY LABEL FOR anon ON FUNCTION anon.ff1_decrypt(bytea, bytea, integer, text) IS 'RESTRICTED';

CREATE FUNCTION anon.ff3_1_encrypt(key bytea, tweak bytea, radix integer, input text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_ff3_1_encrypt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.ff3_1_encrypt(bytea, bytea, integer, text)
IS 'FF3-1 encryption over AES (7-byte tweak; 8 bytes: the withdrawn FF3)';
SECURITY LABEL FOR anon ON FUNCTION anon.ff3_1_encrypt(bytea, bytea, integer, text) IS 'RESTRICTED';

CREATE FUNCTION anon.ff3_1_decrypt(key bytea, tweak bytea, radix integer, input text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_ff3_1_decrypt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.ff3_1_decrypt(bytea, bytea, integer, text)
IS 'FF3-1 decryption over AES (7-byte tweak; 8 bytes: the withdrawn FF3)';
SECURITY LABEL FOR anon ON FUNCTION anon.ff3_1_decrypt(bytea, bytea, integer, text) IS 'RESTRICTED';

REVOKE EXECUTE ON FUNCTION anon.ff1_encrypt(bytea, bytea, integer, text),
	anon.ff1_decrypt(bytea, bytea, integer, text),
	anon.ff3_1_encrypt(bytea, bytea, integer, text),
	anon.ff3_1_decrypt(bytea, bytea, integer, text) FROM PUBLIC;

-- Reversible pseudonyms (FF1 under a named key).  pseudonymize is open to
-- every role, so that masking rules can use it; reversing needs the key
-- administrator privilege, checked inside.
CREATE FUNCTION anon.pseudonymize(value text, key_name text, tweak text DEFAULT '')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudonymize'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudonymize(text, text, text)
IS 'reversible format-preserving pseudonym (FF1) under the active version of a key: letters and digits keep their class, other characters and an e-mail''s domain stay';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudonymize(text, text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.depseudonymize(pseudonym text, key_name text, tweak text DEFAULT '')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_depseudonymize'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.depseudonymize(text, text, text)
IS 'the value behind a pseudonym made with the active version of a key (key admins only)';
SECURITY LABEL FOR anon ON FUNCTION anon.depseudonymize(text, text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.depseudonymize(pseudonym text, key_name text, tweak text, key_version integer)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_depseudonymize'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.depseudonymize(text, text, text, integer)
IS 'the value behind a pseudonym made with the given version of a key (key admins only)';
SECURITY LABEL FOR anon ON FUNCTION anon.depseudonymize(text, text, text, integer) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudonymize_card(value text, key_name text, tweak text DEFAULT '')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudonymize_card'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudonymize_card(text, text, text)
IS 'reversible pseudonym of a card number: same length and separators, valid Luhn check digit';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudonymize_card(text, text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.depseudonymize_card(pseudonym text, key_name text, tweak text DEFAULT '')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_depseudonymize_card'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.depseudonymize_card(text, text, text)
IS 'the card number behind a pseudonym made with the active version of a key (key admins only)';
SECURITY LABEL FOR anon ON FUNCTION anon.depseudonymize_card(text, text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.depseudonymize_card(pseudonym text, key_name text, tweak text, key_version integer)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_depseudonymize_card'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.depseudonymize_card(text, text, text, integer)
IS 'the card number behind a pseudonym made with the given version of a key (key admins only)';
SECURITY LABEL FOR anon ON FUNCTION anon.depseudonymize_card(text, text, text, integer) IS 'RESTRICTED';

-- depseudonymize* are open to PUBLIC and check the key administrator
-- role themselves (see the top of this file).
REVOKE EXECUTE ON FUNCTION anon.depseudonymize(text, text, text),
	anon.depseudonymize(text, text, text, integer),
	anon.depseudonymize_card(text, text, text),
	anon.depseudonymize_card(text, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION anon.depseudonymize(text, text, text),
	anon.depseudonymize(text, text, text, integer),
	anon.depseudonymize_card(text, text, text),
	anon.depseudonymize_card(text, text, text, integer) TO PUBLIC;

-- FF1's two number representations agree (test only; superusers only).
CREATE FUNCTION anon._ff1_selftest(cases integer)
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_ff1_selftest'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
REVOKE EXECUTE ON FUNCTION anon._ff1_selftest(integer) FROM PUBLIC;
COMMENT ON FUNCTION anon._ff1_selftest(integer)
IS 'test only: how many of that many random cases FF1''s machine-integer and BIGNUM paths disagree on (0 when correct)';
