--------------------------------------------------------------------------
-- Rules import and export (src/rules_io.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon._apply_label(objtype text, names text[], argtypes text[],
                                  provider text, label text)
RETURNS void
AS 'MODULE_PATHNAME', 'anon_apply_label'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._apply_label(text, text[], text[], text, text)
IS 'implementation of anon.import_rules: sets one security label given by object type and name';

-- Every label of every policy (and of the k_anonymity provider) as JSON:
-- columns, tables, roles, schemas, functions and the current database.
CREATE FUNCTION anon.export_rules()
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
    FROM pg_shseclabel s JOIN pg_authid r ON s.classoid = 'pg_authid'::regclass AND s.objoid = r.oid
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

-- Apply what export_rules() wrote, each label validated as SECURITY LABEL
-- validates it, in dependency order (schemas and functions first).  All or
-- nothing: the first invalid label aborts the import.
CREATE FUNCTION anon.import_rules(rules jsonb)
RETURNS integer
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  l jsonb;
  n integer := 0;
BEGIN
  IF jsonb_typeof(rules) <> 'object' OR rules->>'format' IS DISTINCT FROM 'anon-rules'
     OR jsonb_typeof(rules->'labels') <> 'array' THEN
    RAISE EXCEPTION 'not a set of anon rules'
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Pass what anon.export_rules() returns: {"format": "anon-rules", "labels": [...]}.';
  END IF;
  FOR l IN
    SELECT e FROM jsonb_array_elements(rules->'labels') WITH ORDINALITY a(e, i)
    ORDER BY array_position(ARRAY['schema', 'function', 'role', 'database', 'table', 'column'],
                            e->>'object'), i
  LOOP
    IF jsonb_typeof(l) <> 'object' OR jsonb_typeof(l->'names') <> 'array'
       OR (l ? 'argtypes' AND jsonb_typeof(l->'argtypes') <> 'array')
       OR jsonb_typeof(l->'label') NOT IN ('string', 'null') THEN
      RAISE EXCEPTION 'malformed label entry: %', l
        USING ERRCODE = 'invalid_parameter_value',
              HINT = 'Each entry has "object", "names" (an array), "provider" and "label".';
    END IF;
    PERFORM anon._apply_label(l->>'object',
                              ARRAY(SELECT jsonb_array_elements_text(l->'names')),
                              CASE WHEN l ? 'argtypes'
                                   THEN ARRAY(SELECT jsonb_array_elements_text(l->'argtypes')) END,
                              l->>'provider', l->>'label');
    n := n + 1;
  END LOOP;
  RETURN n;
END;
$$;
COMMENT ON FUNCTION anon.import_rules(jsonb)
IS 'apply labels written by anon.export_rules(), each validated as SECURITY LABEL validates it; returns how many';
