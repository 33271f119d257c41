-- anon.validate: a dry run for CI (doc/subsets-and-json.md).  Reads the
-- catalog only, changes nothing; scripts/anon-validate.sh exits non-zero
-- when the report has findings.
CREATE FUNCTION anon.validate(since jsonb DEFAULT NULL, policy text DEFAULT 'anon')
RETURNS jsonb
LANGUAGE plpgsql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  broken jsonb;
  pbd jsonb;
  keys jsonb;
  unruled jsonb;
  removed jsonb;
  n integer;
  cols jsonb;
BEGIN
  IF policy IS NULL OR policy NOT IN (SELECT anon.policies()) THEN
    RAISE EXCEPTION 'masking policy "%" does not exist', policy
      USING ERRCODE = 'undefined_object';
  END IF;
  -- which columns are masked is part of the policy a masked role must not map
  IF EXISTS (SELECT FROM anon.masked_roles m
             WHERE m.rolname = current_user
                OR (pg_has_role(current_user, m.roleid, 'MEMBER')
                    AND NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user))) THEN
    RAISE EXCEPTION 'a masked role cannot run anon.validate'
      USING ERRCODE = 'insufficient_privilege';
  END IF;

  -- the user tables and their columns, with the rule each has (if any)
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'relid', c.oid, 'schema_name', n.nspname, 'table_name', c.relname,
           'attnum', a.attnum, 'attname', a.attname, 'attnotnull', a.attnotnull,
           'hasdefault', a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '',
           'kind', r.kind, 'expression', r.expression, 'valid', r.valid)), '[]')
  INTO cols
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN anon.masking_rules r ON r.relid = c.oid AND r.attnum = a.attnum AND r.policy = validate.policy
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'anon', 'pg_toast')
    AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
    AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                    AND d.objid = c.oid AND d.deptype = 'e');

  -- 1. rules that no longer analyse
  SELECT coalesce(jsonb_agg(jsonb_build_object('table', format('%I.%I', schema_name, table_name),
                                               'column', attname)
                            ORDER BY schema_name, table_name, attnum), '[]')
  INTO broken FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, hasdefault boolean, kind text, expression text, valid boolean) WHERE kind IS NOT NULL AND NOT valid;

  -- 2. privacy by default: unruled columns it would replace, where that breaks a constraint
  SELECT coalesce(jsonb_agg(jsonb_build_object('table', format('%I.%I', v.schema_name, v.table_name),
                                               'column', v.attname, 'problem', p.problem)
                            ORDER BY v.schema_name, v.table_name, v.attnum, p.problem), '[]')
  INTO pbd
  FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, hasdefault boolean, kind text, expression text, valid boolean)
  CROSS JOIN LATERAL (
    SELECT 'NOT NULL without a default: privacy by default gives it a neutral value' AS problem
    WHERE v.attnotnull AND NOT v.hasdefault
    UNION ALL
    SELECT format('in %s constraint %s: every row would get the same value',
                  CASE co.contype WHEN 'p' THEN 'primary key' ELSE 'unique' END, co.conname)
    FROM pg_constraint co
    WHERE co.conrelid = v.relid AND co.contype IN ('p', 'u') AND v.attnum = ANY (co.conkey)
      AND (v.attnotnull OR v.hasdefault)
  ) p
  WHERE v.kind IS NULL AND coalesce(current_setting('anon.privacy_by_default', true), 'off') = 'on';

  -- 3. keys static masking would break
  WITH fk AS (
    SELECT co.conname, co.conrelid, co.confrelid, k.ck, k.pk
    FROM pg_constraint co
    CROSS JOIN LATERAL unnest(co.conkey, co.confkey) AS k(ck, pk)
    WHERE co.contype = 'f'
  )
  SELECT coalesce(jsonb_agg(x ORDER BY x->>'table', x->>'constraint', x->>'column'), '[]') INTO keys
  FROM (
    SELECT jsonb_build_object('table', format('%I.%I', v.schema_name, v.table_name),
             'constraint', co.conname, 'column', v.attname,
             'problem', 'a masked column of a unique key: masked values may collide') AS x
    FROM pg_constraint co
    JOIN jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, hasdefault boolean, kind text, expression text, valid boolean) ON v.relid = co.conrelid AND v.attnum = ANY (co.conkey)
    WHERE co.contype IN ('p', 'u') AND v.kind IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE')
    UNION ALL
    SELECT jsonb_build_object('table', format('%I.%I', c.schema_name, c.table_name),
             'constraint', fk.conname, 'column', c.attname,
             'problem', CASE WHEN coalesce(c.kind, 'NOT MASKED') = 'NOT MASKED'
                             THEN format('the referenced column %I.%I.%I is masked and this one is not',
                                         p.schema_name, p.table_name, p.attname)
                             WHEN coalesce(p.kind, 'NOT MASKED') = 'NOT MASKED'
                             THEN format('masked, but the referenced column %I.%I.%I is not',
                                         p.schema_name, p.table_name, p.attname)
                             ELSE format('masked differently from the referenced column %I.%I.%I',
                                         p.schema_name, p.table_name, p.attname) END)
    FROM fk
    JOIN jsonb_to_recordset(cols) AS c(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, hasdefault boolean, kind text, expression text, valid boolean) ON c.relid = fk.conrelid AND c.attnum = fk.ck
    JOIN jsonb_to_recordset(cols) AS p(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, hasdefault boolean, kind text, expression text, valid boolean) ON p.relid = fk.confrelid AND p.attnum = fk.pk
    WHERE coalesce(c.kind, 'NOT MASKED') IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE', 'NOT MASKED')
      AND coalesce(p.kind, 'NOT MASKED') IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE', 'NOT MASKED')
      AND (coalesce(c.kind, 'NOT MASKED') = 'NOT MASKED') <> (coalesce(p.kind, 'NOT MASKED') = 'NOT MASKED')
       OR (c.kind IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE') AND p.kind = c.kind
           AND replace(c.expression, c.attname, '$')
               IS DISTINCT FROM replace(p.expression, p.attname, '$'))
  ) s;

  -- 4. since an export: rules it had that are gone, and the unreviewed
  -- columns (no rule, no NOT MASKED) of the schemas it covered (new
  -- columns, and old ones nobody decided about)
  IF since IS NOT NULL THEN
    IF since->>'format' IS DISTINCT FROM 'anon-rules' THEN
      RAISE EXCEPTION 'the document is not an export of anon.export_rules()'
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(jsonb_agg(jsonb_build_object('table', format('%I.%I', l->'names'->>0, l->'names'->>1),
                                                 'column', l->'names'->>2)
                              ORDER BY l->'names'->>0, l->'names'->>1, l->'names'->>2), '[]')
    INTO removed
    FROM jsonb_array_elements(since->'labels') l
    WHERE l->>'object' = 'column' AND l->>'provider' = validate.policy
      AND NOT EXISTS (SELECT FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, hasdefault boolean, kind text, expression text, valid boolean)
                      WHERE v.schema_name = l->'names'->>0 AND v.table_name = l->'names'->>1
                        AND v.attname = l->'names'->>2 AND v.kind IS NOT NULL);
    SELECT coalesce(jsonb_agg(jsonb_build_object('table', format('%I.%I', v.schema_name, v.table_name),
                                                 'column', v.attname)
                              ORDER BY v.schema_name, v.table_name, v.attnum), '[]')
    INTO unruled
    FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, hasdefault boolean, kind text, expression text, valid boolean)
    WHERE v.kind IS NULL
      AND EXISTS (SELECT FROM jsonb_array_elements(since->'labels') l
                  WHERE l->>'object' = 'column' AND l->>'provider' = validate.policy
                    AND l->'names'->>0 = v.schema_name);
  END IF;

  n := jsonb_array_length(broken) + jsonb_array_length(pbd) + jsonb_array_length(keys)
       + coalesce(jsonb_array_length(removed), 0) + coalesce(jsonb_array_length(unruled), 0);
  RETURN jsonb_strip_nulls(jsonb_build_object(
    'findings', n,
    'policy', policy,
    'broken_rules', broken,
    'privacy_by_default', pbd,
    'keys', keys,
    'removed_rules', removed,
    'unreviewed_columns', unruled));
END
$$;
COMMENT ON FUNCTION anon.validate(jsonb, text)
IS 'dry run, as JSON: rules that no longer analyse, columns privacy by default would break, keys static masking would break, and since an export_rules() document, rules removed and unreviewed columns';

-- anon.coverage: what is still exposed.  Columns that anon.detect finds
-- (by name, in every shipped locale, and by a sample of values) and that
-- have no rule of the policy (NOT MASKED counts as a decision).  The sample
-- reads raw values: a masked role may not run it.
CREATE FUNCTION anon.coverage(sample_size integer DEFAULT 1000, policy text DEFAULT 'anon')
RETURNS TABLE (table_name regclass, column_name name, identifiers_category text,
               direct boolean, matched_by text, locales text[], security_label text)
LANGUAGE plpgsql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF policy IS NULL OR policy NOT IN (SELECT anon.policies()) THEN
    RAISE EXCEPTION 'masking policy "%" does not exist', policy
      USING ERRCODE = 'undefined_object';
  END IF;
  IF EXISTS (SELECT FROM anon.masked_roles m
             WHERE m.rolname = current_user
                OR (pg_has_role(current_user, m.roleid, 'MEMBER')
                    AND NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user))) THEN
    RAISE EXCEPTION 'a masked role cannot run anon.coverage'
      USING ERRCODE = 'insufficient_privilege',
            DETAIL = 'The report samples raw values.';
  END IF;
  RETURN QUERY
  SELECT d.table_name, d.column_name, d.identifiers_category, bool_or(d.direct),
         string_agg(DISTINCT d.matched_by, ', '), array_agg(DISTINCT d.locale ORDER BY d.locale),
         min(d.security_label)
  FROM unnest(ARRAY['en', 'fr', 'de', 'es', 'it']) AS l(locale)
  CROSS JOIN LATERAL (SELECT x.*, l.locale FROM anon.detect(l.locale, coverage.sample_size) x) d
  WHERE NOT EXISTS (SELECT FROM anon.masking_rules r
                    WHERE r.relid = d.table_name AND r.attname = d.column_name
                      AND r.policy = coverage.policy)
  GROUP BY d.table_name, d.column_name, d.identifiers_category
  ORDER BY d.table_name::text, d.column_name, d.identifiers_category;
END
$$;
COMMENT ON FUNCTION anon.coverage(integer, text)
IS 'columns that look like personal data (anon.detect, every shipped locale, by name and by sampled values) and have no rule of the policy; refused to masked roles';
