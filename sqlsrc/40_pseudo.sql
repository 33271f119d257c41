--------------------------------------------------------------------------
-- Pseudonymization (src/keys.c, src/hash.c, src/fpe.c)
--
-- Keys live in anon.keys, which PUBLIC cannot read.  The keyed functions
-- are C functions that read the keys themselves (never through SQL), and
-- check the calling role wherever a secret could come out: see the header
-- of src/keys.c for why they are not SECURITY DEFINER.
--------------------------------------------------------------------------

-- Members of anon_key_admin manage keys and may depseudonymize.
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles
	               WHERE rolname = 'anon_key_admin') THEN
		CREATE ROLE anon_key_admin NOLOGIN;
	END IF;
END
$$;

CREATE TABLE anon.keys (
	name text NOT NULL CHECK (name <> '' AND octet_length(name) <= 63),
	version integer NOT NULL CHECK (version > 0),
	key bytea NOT NULL CHECK (octet_length(key) IN (16, 24, 32)),
	created timestamptz NOT NULL DEFAULT pg_catalog.now(),
	active boolean NOT NULL,
	PRIMARY KEY (name, version)
);
CREATE UNIQUE INDEX keys_one_active ON anon.keys (name) WHERE active;
COMMENT ON TABLE anon.keys
IS 'pseudonymization keys: every version is kept so that old pseudonyms can be reversed';
REVOKE ALL ON anon.keys FROM PUBLIC;
-- key admins may list keys, never read their bytes
GRANT SELECT (name, version, created, active) ON anon.keys TO anon_key_admin;
-- pg_dump keeps the keys, so that pseudonyms stay reversible after a restore
SELECT pg_catalog.pg_extension_config_dump('anon.keys', '');

CREATE FUNCTION anon._keys_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'anon_keys_changed'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

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

REVOKE EXECUTE ON FUNCTION anon.create_key(text), anon.rotate_key(text),
	anon.drop_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION anon.create_key(text), anon.rotate_key(text),
	anon.drop_key(text) TO anon_key_admin;

CREATE FUNCTION anon.hash(seed text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_hash'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.hash(text)
IS 'keyed pseudonym: hex HMAC-SHA256 of anon.salt and the value under the key ''default''';

CREATE FUNCTION anon.digest(seed text, salt text, algorithm text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_digest'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.digest(text, text, text)
IS 'hex digest of seed || salt with sha224, sha256, sha384 or sha512';
