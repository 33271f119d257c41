-- redteam4 (session 8): check_masked_role also reports foreign servers the
-- role can read through (a user mapping of its own or of PUBLIC: the remote
-- session is not masked) and roles masked by several policies.
-- Everything a role holds that would let it read raw data despite its
-- MASKED label.  An empty result means no such privilege was found.
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
  SELECT 'replication', r.rolname, 'the role can stream the write-ahead log, which holds raw rows'
  FROM pg_roles r WHERE r.oid = role AND r.rolreplication
  UNION ALL
  SELECT 'createrole', r.rolname,
         'the role can create login roles and grant them the membership of roles that are not masked'
  FROM pg_roles r WHERE r.oid = role AND r.rolcreaterole
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
                       'pg_write_server_files', 'pg_read_all_data', 'pg_read_all_stats',
                       'pg_monitor')
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
  UNION ALL
  SELECT 'foreign server', s.srvname::text,
         'the role can read through a user mapping of this server, whose remote session is not masked'
  FROM pg_foreign_server s
  WHERE has_server_privilege(role, s.oid, 'USAGE')
    AND EXISTS (SELECT 1 FROM pg_user_mappings u
                WHERE u.srvid = s.oid AND (u.umuser = 0 OR u.umuser = role))
  UNION ALL
  SELECT 'policies', r.rolname::text,
         'the role is masked by several policies: it reads by one, a role labelled for several by the first, and is refused the relations that the others label'
  FROM pg_roles r
  WHERE r.oid = role
    AND EXISTS (SELECT 1 FROM anon.masked_roles a, anon.masked_roles b
                WHERE a.kind = 'MASKED' AND b.kind = 'MASKED' AND a.policy <> b.policy
                  AND pg_has_role(role, a.roleid, 'USAGE')
                  AND pg_has_role(role, b.roleid, 'USAGE'))
$$;
COMMENT ON FUNCTION anon.check_masked_role(regrole)
IS 'privileges of a role that would let it read raw data despite its MASKED label';
