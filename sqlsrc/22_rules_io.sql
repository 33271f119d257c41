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
