-- Keys (sqlsrc/40_pseudo.sql, src/keys.c): encrypted at rest under a
-- key-encryption key (anon.kek_file / anon.kek_command); 1.0 stored them in
-- clear.  The role anon_key_admin is no longer created nor granted by the
-- extension (DROP EXTENSION cannot remove a role): an existing one keeps
-- working as the default of anon.key_admin_role.

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

-- the keys 1.0 stored in clear, encrypted (the KEK file is made if missing)
ALTER TABLE anon.keys DROP CONSTRAINT keys_key_check;
SELECT anon.encrypt_keys();
ALTER TABLE anon.keys ADD CONSTRAINT keys_key_check CHECK (octet_length(key) IN (45, 53, 61));

-- open to PUBLIC, checked inside; nothing granted to anon_key_admin
GRANT EXECUTE ON FUNCTION anon.create_key(text), anon.rotate_key(text),
	anon.drop_key(text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION anon.depseudonymize(text, text, text),
	anon.depseudonymize(text, text, text, integer),
	anon.depseudonymize_card(text, text, text),
	anon.depseudonymize_card(text, text, text, integer) TO PUBLIC;
DO $$
BEGIN
	IF EXISTS (SELECT FROM pg_catalog.pg_roles
	           WHERE rolname OPERATOR(pg_catalog.=) 'anon_key_admin') THEN
		REVOKE SELECT (name, version, created, active) ON anon.keys FROM anon_key_admin;
		REVOKE EXECUTE ON FUNCTION anon.create_key(text), anon.rotate_key(text),
			anon.drop_key(text) FROM anon_key_admin;
		REVOKE EXECUTE ON FUNCTION anon.depseudonymize(text, text, text),
			anon.depseudonymize(text, text, text, integer),
			anon.depseudonymize_card(text, text, text),
			anon.depseudonymize_card(text, text, text, integer) FROM anon_key_admin;
		RAISE WARNING 'anon no longer creates the role "anon_key_admin"'
			USING DETAIL = 'Its members keep managing keys: it is the default of anon.key_admin_role.',
			      HINT = 'Drop the role when it has no members and another role is named by anon.key_admin_role.';
	END IF;
END
$$;

-- check_masked_role: a member of the key administrators' role (the role
-- named by anon.key_admin_role, no longer a fixed name) can reverse
-- pseudonyms (sqlsrc/21_dynamic.sql)
CREATE OR REPLACE FUNCTION anon.check_masked_role(role regrole)
RETURNS TABLE(risk text, object text, detail text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT 'not masked', role::text,
         'the role has no MASKED label: it reads raw data'
  WHERE NOT EXISTS (SELECT 1 FROM anon.masked_roles m
                    WHERE m.roleid = role AND m.kind = 'MASKED')
  UNION ALL
  SELECT 'superuser', r.rolname, 'a superuser reads everything'
  FROM pg_roles r WHERE r.oid = role AND r.rolsuper
  UNION ALL
  SELECT 'bypassrls', r.rolname, 'the role bypasses row-level security'
  FROM pg_roles r WHERE r.oid = role AND r.rolbypassrls
  UNION ALL
  SELECT 'owner', m.relid::text,
         'the role owns a masked table: it can change or drop its labels and constraints'
  FROM (SELECT DISTINCT relid FROM anon.masking_rules) m
  JOIN pg_class c ON c.oid = m.relid
  WHERE pg_has_role(role, c.relowner, 'USAGE')
  UNION ALL
  SELECT 'member', g.rolname,
         'member of a role that can read server files, run programs or bypass masking'
  FROM pg_roles g
  WHERE g.oid <> role AND pg_has_role(role, g.oid, 'MEMBER')
    AND (g.rolname IN ('pg_read_server_files', 'pg_execute_server_program', 'pg_read_all_settings',
                       'pg_write_server_files', 'pg_read_all_data')
         OR g.rolname = current_setting('anon.key_admin_role', true)
         OR g.rolsuper)
  UNION ALL
  SELECT 'function', p.oid::regprocedure::text,
         'the role can execute a function that reads files of the server'
  FROM pg_proc p
  WHERE p.proname IN ('pg_read_file', 'pg_read_binary_file', 'lo_import', 'lo_export')
    AND p.pronamespace = 'pg_catalog'::regnamespace
    AND has_function_privilege(role, p.oid, 'EXECUTE')
  UNION ALL
  SELECT 'trusted schema', t.nspname,
         'the role can create functions in a schema trusted for masking rules'
  FROM anon.trusted_schemas t
  WHERE has_schema_privilege(role, t.nspid, 'CREATE')
  UNION ALL
  SELECT 'anon schema', 'anon',
         'the role can create objects in schema anon, whose functions run in masking rules'
  WHERE has_schema_privilege(role, 'anon', 'CREATE')
$$;
