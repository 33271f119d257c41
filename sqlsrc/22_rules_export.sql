--------------------------------------------------------------------------
-- Rules export (src/rules_io.c imports them).  CREATE OR REPLACE: the
-- upgrade from 1.0 includes this file (1.0's version read pg_authid, which
-- only a superuser may read; pg_roles has the names for everyone).
--------------------------------------------------------------------------

-- Every label of every policy (and of the k_anonymity provider) as JSON:
-- columns, tables, roles, schemas, functions and the current database.
CREATE OR REPLACE FUNCTION anon.export_rules()
RETURNS jsonb
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  WITH providers AS (
    SELECT p FROM anon.policies() p UNION SELECT 'k_anonymity'
  ), labels AS (
    SELECT 'schema' AS objtype, ARRAY[n.nspname::text] AS names, NULL::text[] AS argtypes,
           s.provider, s.label, 1 AS rank
    FROM pg_seclabel s JOIN pg_namespace n
      ON s.classoid = 'pg_namespace'::regclass AND s.objoid = n.oid
    UNION ALL
    SELECT 'function', ARRAY[n.nspname::text, p.proname::text],
           ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, i) ORDER BY i),
           s.provider, s.label, 2
    FROM pg_seclabel s JOIN pg_proc p ON s.classoid = 'pg_proc'::regclass AND s.objoid = p.oid
    JOIN pg_namespace n ON n.oid = p.pronamespace
    UNION ALL
    SELECT 'role', ARRAY[r.rolname::text], NULL, s.provider, s.label, 3
    FROM pg_shseclabel s JOIN pg_roles r ON s.classoid = 'pg_authid'::regclass AND s.objoid = r.oid
    UNION ALL
    SELECT 'database', ARRAY[d.datname::text], NULL, s.provider, s.label, 4
    FROM pg_shseclabel s JOIN pg_database d ON s.classoid = 'pg_database'::regclass AND s.objoid = d.oid
    WHERE d.datname = current_database()
    UNION ALL
    SELECT 'table', ARRAY[n.nspname::text, c.relname::text], NULL, s.provider, s.label, 5
    FROM pg_seclabel s JOIN pg_class c ON s.classoid = 'pg_class'::regclass AND s.objoid = c.oid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE s.objsubid = 0
    UNION ALL
    SELECT 'column', ARRAY[n.nspname::text, c.relname::text, a.attname::text], NULL,
           s.provider, s.label, 6
    FROM pg_seclabel s JOIN pg_class c ON s.classoid = 'pg_class'::regclass AND s.objoid = c.oid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = s.objsubid
    WHERE s.objsubid > 0
  )
  SELECT jsonb_build_object(
    'format', 'anon-rules',
    'version', 1,
    'labels', coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
        'object', objtype, 'names', to_jsonb(names), 'argtypes', to_jsonb(argtypes),
        'provider', provider, 'label', label))
      ORDER BY rank, names, argtypes, provider), '[]'::jsonb))
  FROM labels WHERE provider IN (SELECT p FROM providers)
$$;
COMMENT ON FUNCTION anon.export_rules()
IS 'every masking rule, table, role, schema, function and database label of anon''s policies, as JSON';
