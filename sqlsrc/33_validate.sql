--------------------------------------------------------------------------
-- Dry runs for CI and audits (doc/subsets-and-json.md): anon.validate()
-- reads the catalog, anon.check_masking() evaluates the masks on a sample
-- of rows, anon.coverage() lists what still looks exposed.  None of them
-- changes anything; src/validate.c runs whatever reads rows as the table's
-- owner, read-only, in a subtransaction rolled back afterwards, and
-- refuses masked and DIFFERENTIAL PRIVACY roles.  scripts/anon-validate.sh
-- exits non-zero when a report has findings.
--------------------------------------------------------------------------

CREATE FUNCTION anon._assert_unmasked(what text)
RETURNS void
AS 'MODULE_PATHNAME', 'anon_validate_assert_unmasked'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon._assert_unmasked(text)
IS 'internal: error when the reader (current or session user) is masked or guarded by differential privacy';

CREATE FUNCTION anon._query_as_owner(rel regclass, sql text)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'anon_validate_query_as_owner'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._query_as_owner(regclass, text)
IS 'internal: run one read-only query as the owner of rel (security-restricted, search_path = pg_catalog, pg_temp, rolled back); its jsonb result, or {"error": SQLSTATE} without the message';

CREATE FUNCTION anon._mask_traits(rel regclass, attnum smallint, policy text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_validate_mask_traits_sql'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon._mask_traits(regclass, smallint, text)
IS 'internal: what the mask of a column does to a key (null, constant, volatile, other_columns, deterministic, injective, broken; NULL when not masked); owner only';

CREATE FUNCTION anon._fkey_refusal(rel regclass, conkey smallint[], confrel regclass, confkey smallint[], policy text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_validate_fkey_refusal'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon._fkey_refusal(regclass, smallint[], regclass, smallint[], text)
IS 'internal: why the masks of a policy would break a foreign key, declared or virtual (rows no longer referencing the same row), NULL when they keep it; owner only';

CREATE FUNCTION anon._foreign_keys(rel regclass, clones boolean)
RETURNS TABLE (conname text, is_virtual boolean, confrelid regclass, conkey smallint[],
               confkey smallint[], problem text)
AS 'MODULE_PATHNAME', 'anon_validate_foreign_keys'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 4;
COMMENT ON FUNCTION anon._foreign_keys(regclass, boolean)
IS 'internal: the foreign keys masking follows from a table, declared (with clones: also those PostgreSQL copies onto partitions) and virtual (labels); a virtual key that no longer resolves is a row with its problem; owner only';

CREATE FUNCTION anon._column_mask_sql(rel regclass, attnum smallint, policy text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_validate_column_mask_sql'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon._column_mask_sql(regclass, smallint, text)
IS 'internal: the mask of a column (rule, privacy by default, MASKED WHEN) as qualified SQL, NULL when shown as it is; owner only';

-- The tables a dry run covers: user tables (not catalogs, anon's own,
-- temporary tables or extension members) whose owner the caller acts as.
CREATE FUNCTION anon._validate_tables(relkinds "char"[])
RETURNS TABLE (relid oid, schema_name name, table_name name, relkind "char", owned boolean)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT c.oid, n.nspname, c.relname, c.relkind, pg_has_role(c.relowner, 'USAGE')
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = ANY (relkinds)
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'anon', 'pg_toast')
    AND n.nspname !~ '^pg_(temp|toast_temp)_'
    AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                    AND d.objid = c.oid AND d.deptype = 'e')
  ORDER BY n.nspname, c.relname;
END;
COMMENT ON FUNCTION anon._validate_tables("char"[])
IS 'internal: the user tables a dry run covers, and whether the caller has the privileges of their owner';

-- What static masking does to a unique key, from the traits of its columns
CREATE FUNCTION anon._key_problem(attname name, traits text, nulls_not_distinct boolean)
RETURNS text
LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN CASE
  WHEN traits = 'constant' OR (traits = 'null' AND nulls_not_distinct)
    THEN format('column %I gets the same value in every row', attname)
  WHEN traits = 'volatile'
    THEN format('column %I is masked by a volatile expression: random values may collide', attname)
  WHEN traits IN ('deterministic', 'other_columns')
    THEN format('column %I is masked by an expression that is not one-to-one: masked values may collide', attname)
END;
COMMENT ON FUNCTION anon._key_problem(name, text, boolean)
IS 'internal: why a column''s mask breaks a unique key, NULL when it keeps it (not masked, NULL, or a keyed pseudonym or hash)';

-- anon.validate: what static masking, masked copies and dumps would break,
-- from the catalog (see the table of doc/subsets-and-json.md)
CREATE FUNCTION anon.validate(since jsonb DEFAULT NULL, policy text DEFAULT 'anon')
RETURNS jsonb
LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  pbd_on boolean := coalesce(current_setting('anon.privacy_by_default', true), 'off') = 'on';
  broken jsonb;
  pbd jsonb := '[]';
  pbd_values jsonb;
  keys jsonb := '[]';
  cons jsonb := '[]';
  unruled jsonb;
  removed jsonb;
  cols jsonb;
  added jsonb;
  dropped jsonb;
  skipped integer;
  n integer;
  k record;
  x record;
  problem text;
  res jsonb;
BEGIN
  IF policy IS NULL OR policy NOT IN (SELECT anon.policies()) THEN
    RAISE EXCEPTION 'masking policy "%" does not exist', policy
      USING ERRCODE = 'undefined_object';
  END IF;
  -- which columns are masked is part of the policy a masked role must not map
  PERFORM anon._assert_unmasked('anon.validate');

  -- the columns of the tables the caller owns, with their rule (if any),
  -- and what masking does to those that matter for a constraint (masked
  -- ones, and with privacy by default every one)
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'relid', q.relid, 'schema_name', q.schema_name, 'table_name', q.table_name,
           'attnum', q.attnum, 'attname', q.attname, 'attnotnull', q.attnotnull,
           'kind', q.kind, 'valid', q.valid,
           'traits', CASE WHEN (q.kind IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE')
                                OR (q.kind IS NULL AND pbd_on))
                           AND (q.attnotnull OR q.in_key)
                          THEN anon._mask_traits(q.relid::regclass, q.attnum, validate.policy) END)), '[]')
  INTO cols
  FROM (SELECT t.relid, t.schema_name, t.table_name, a.attnum, a.attname, a.attnotnull,
               r.kind, r.valid,
               EXISTS (SELECT FROM pg_constraint co
                       WHERE (co.conrelid = t.relid AND a.attnum = ANY (co.conkey)
                              AND co.contype IN ('p', 'u', 'f', 'c'))
                          OR (co.confrelid = t.relid AND a.attnum = ANY (co.confkey)
                              AND co.contype = 'f')) AS in_key
        FROM anon._validate_tables(ARRAY['r', 'p']::"char"[]) t
        JOIN pg_attribute a ON a.attrelid = t.relid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN anon.masking_rules r ON r.relid = t.relid AND r.attnum = a.attnum
                                      AND r.policy = validate.policy
        WHERE t.owned) q;
  SELECT count(*) INTO skipped FROM anon._validate_tables(ARRAY['r', 'p']::"char"[]) WHERE NOT owned;

  -- 1. rules that no longer analyse
  SELECT coalesce(jsonb_agg(jsonb_build_object('table', format('%I.%I', schema_name, table_name),
                                               'column', attname)
                            ORDER BY schema_name, table_name, attnum), '[]')
  INTO broken FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text) WHERE kind IS NOT NULL AND NOT valid;

  -- 2. unique keys: every column kept apart (not masked, NULL, or a keyed
  -- pseudonym or hash), else the first column that may collide
  FOR k IN
    SELECT co.oid, co.conname, co.conrelid, co.conkey, co.contype,
           coalesce((SELECT i.indnullsnotdistinct FROM pg_index i WHERE i.indexrelid = co.conindid), false) AS nnd,
           format('%I.%I', min(v.schema_name), min(v.table_name)) AS tab
    FROM pg_constraint co
    JOIN jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text) ON v.relid = co.conrelid AND v.attnum = ANY (co.conkey)
    WHERE co.contype IN ('p', 'u')
    GROUP BY co.oid, co.conname, co.conrelid, co.conkey, co.contype, co.conindid
    ORDER BY 7, co.conname
  LOOP
    SELECT anon._key_problem(v.attname, v.traits, k.nnd) AS why, v.attname, v.kind IS NULL AS by_default
    INTO x
    FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text)
    WHERE v.relid = k.conrelid AND v.attnum = ANY (k.conkey)
      AND anon._key_problem(v.attname, v.traits, k.nnd) IS NOT NULL
    ORDER BY v.kind IS NULL, array_position(k.conkey, v.attnum)
    LIMIT 1;
    CONTINUE WHEN NOT FOUND;
    res := jsonb_build_object('table', k.tab, 'constraint', k.conname, 'column', x.attname,
                              'problem', format('%s key: %s', CASE k.contype WHEN 'p' THEN 'primary' ELSE 'unique' END, x.why));
    IF x.by_default THEN pbd := pbd || res; ELSE keys := keys || res; END IF;
  END LOOP;

  -- 3. foreign keys, declared and virtual: a row must keep referencing
  -- the same row (both sides masked alike by a deterministic expression of
  -- the key, or neither, or the reference masked to NULL)
  FOR k IN
    SELECT t.relid, format('%I.%I', t.schema_name, t.table_name) AS tab, f.conname, f.is_virtual,
           f.confrelid, f.conkey, f.confkey, f.problem
    FROM (SELECT DISTINCT v.relid, v.schema_name, v.table_name FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text)) t
    CROSS JOIN LATERAL anon._foreign_keys(t.relid::regclass, false) f
    ORDER BY 2, 3
  LOOP
    IF k.problem IS NOT NULL THEN
      keys := keys || jsonb_build_object('table', k.tab, 'problem', 'virtual foreign key: ' || k.problem);
      CONTINUE;
    END IF;
    SELECT count(*) FILTER (WHERE v.relid = k.confrelid) > 0 AS parent_owned,
           bool_or(v.kind IS NULL) AS any_unruled,
           bool_or(v.kind IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE')) AS any_masked
    INTO x
    FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text)
    WHERE (v.relid = k.relid AND v.attnum = ANY (k.conkey))
       OR (v.relid = k.confrelid AND v.attnum = ANY (k.confkey));
    CONTINUE WHEN NOT x.parent_owned;
    CONTINUE WHEN NOT x.any_masked AND NOT (pbd_on AND x.any_unruled);
    problem := anon._fkey_refusal(k.relid::regclass, k.conkey, k.confrelid, k.confkey, policy);
    CONTINUE WHEN problem IS NULL;
    res := jsonb_build_object('table', k.tab, 'constraint', k.conname,
                              'problem', CASE WHEN k.is_virtual THEN 'virtual foreign key: ' ELSE 'foreign key: ' END || problem);
    IF pbd_on AND x.any_unruled AND NOT x.any_masked THEN pbd := pbd || res; ELSE keys := keys || res; END IF;
  END LOOP;

  -- 4. NOT NULL columns masked to NULL (static masking and copies fail)
  SELECT coalesce(jsonb_agg(jsonb_build_object('table', format('%I.%I', schema_name, table_name),
                                               'column', attname,
                                               'problem', 'masked to NULL, but the column is NOT NULL')
                            ORDER BY schema_name, table_name, attnum), '[]')
  INTO cons FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text) WHERE attnotnull AND traits = 'null';

  -- 5. CHECK constraints whose every column masking replaces by one value:
  -- evaluated once, as the owner, on those values
  FOR k IN
    SELECT co.oid, co.conname, co.conrelid, format('%I.%I', min(v.schema_name), min(v.table_name)) AS tab,
           bool_and(v.kind IS NOT NULL) AS ruled,
           string_agg(format('%s AS %I', anon._column_mask_sql(v.relid::regclass, v.attnum, validate.policy), v.attname), ', ') AS vals
    FROM pg_constraint co
    JOIN jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text) ON v.relid = co.conrelid AND v.attnum = ANY (co.conkey)
    WHERE co.contype = 'c'
    GROUP BY co.oid, co.conname, co.conrelid
    HAVING bool_and(v.traits IN ('null', 'constant'))
    ORDER BY 4, 2
  LOOP
    res := anon._query_as_owner(k.conrelid::regclass,
             format('SELECT pg_catalog.jsonb_build_object(''holds'', (%s) IS NOT FALSE) FROM (SELECT %s) AS t',
                    pg_get_expr((SELECT conbin FROM pg_constraint WHERE oid = k.oid), k.conrelid), k.vals));
    CONTINUE WHEN res->>'holds' = 'true';
    res := jsonb_build_object('table', k.tab, 'constraint', k.conname,
             'problem', CASE WHEN res ? 'error'
                             THEN format('CHECK constraint cannot be evaluated on the masked values (SQLSTATE %s)', res->>'error')
                             ELSE 'CHECK constraint fails on the value masking gives every row' END);
    IF k.ruled THEN cons := cons || res; ELSE pbd := pbd || res; END IF;
  END LOOP;

  -- what privacy by default gives the columns without a rule (not findings)
  IF pbd_on THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('table', format('%I.%I', schema_name, table_name),
                                                 'column', attname)
                              ORDER BY schema_name, table_name, attnum), '[]')
    INTO pbd_values FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text) WHERE kind IS NULL;
  END IF;

  -- 6. since an export or a snapshot: rules it had that are gone, the
  -- unreviewed columns (no rule, no NOT MASKED) of the schemas it covered,
  -- and with a snapshot's column list, the columns added and dropped since
  IF since IS NOT NULL THEN
    IF since->>'format' IS DISTINCT FROM 'anon-rules' THEN
      RAISE EXCEPTION 'the document is not an export of anon.export_rules() or anon.policy_snapshot()'
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(jsonb_agg(jsonb_build_object('table', format('%I.%I', l->'names'->>0, l->'names'->>1),
                                                 'column', l->'names'->>2)
                              ORDER BY l->'names'->>0, l->'names'->>1, l->'names'->>2), '[]')
    INTO removed
    FROM jsonb_array_elements(since->'labels') l
    WHERE l->>'object' = 'column' AND l->>'provider' = validate.policy
      AND NOT EXISTS (SELECT FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text)
                      WHERE v.schema_name = l->'names'->>0 AND v.table_name = l->'names'->>1
                        AND v.attname = l->'names'->>2 AND v.kind IS NOT NULL)
      AND NOT EXISTS (SELECT FROM anon._validate_tables(ARRAY['r', 'p']::"char"[]) t
                      WHERE NOT t.owned AND t.schema_name = l->'names'->>0 AND t.table_name = l->'names'->>1);
    SELECT coalesce(jsonb_agg(jsonb_build_object('table', format('%I.%I', v.schema_name, v.table_name),
                                                 'column', v.attname)
                              ORDER BY v.schema_name, v.table_name, v.attnum), '[]')
    INTO unruled
    FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text)
    WHERE v.kind IS NULL
      AND (EXISTS (SELECT FROM jsonb_array_elements(since->'labels') l
                   WHERE l->>'object' = 'column' AND l->>'provider' = validate.policy
                     AND l->'names'->>0 = v.schema_name)
           OR EXISTS (SELECT FROM jsonb_array_elements(since->'columns') c
                      WHERE c->>0 = v.schema_name));
    IF since ? 'columns' THEN
      SELECT coalesce(jsonb_agg(jsonb_build_object('table', format('%I.%I', v.schema_name, v.table_name),
                                                   'column', v.attname, 'has_rule', v.kind IS NOT NULL)
                                ORDER BY v.schema_name, v.table_name, v.attnum), '[]')
      INTO added
      FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text)
      WHERE NOT EXISTS (SELECT FROM jsonb_array_elements(since->'columns') c
                        WHERE c->>0 = v.schema_name AND c->>1 = v.table_name AND c->>2 = v.attname);
      SELECT coalesce(jsonb_agg(jsonb_build_object('table', format('%I.%I', c->>0, c->>1), 'column', c->>2)
                                ORDER BY c->>0, c->>1, c->>2), '[]')
      INTO dropped
      FROM jsonb_array_elements(since->'columns') c
      WHERE NOT EXISTS (SELECT FROM jsonb_to_recordset(cols) AS v(relid oid, schema_name name, table_name name, attnum smallint, attname name, attnotnull boolean, kind text, valid boolean, traits text)
                        WHERE c->>0 = v.schema_name AND c->>1 = v.table_name AND c->>2 = v.attname)
        AND NOT EXISTS (SELECT FROM anon._validate_tables(ARRAY['r', 'p']::"char"[]) t
                        WHERE NOT t.owned AND t.schema_name = c->>0 AND t.table_name = c->>1);
    END IF;
  END IF;

  -- a new column without a rule is a finding (among the unreviewed ones);
  -- added columns with a rule and dropped columns are information
  n := jsonb_array_length(broken) + jsonb_array_length(pbd) + jsonb_array_length(keys)
       + jsonb_array_length(cons)
       + coalesce(jsonb_array_length(removed), 0) + coalesce(jsonb_array_length(unruled), 0);
  RETURN jsonb_strip_nulls(jsonb_build_object(
    'findings', n,
    'policy', policy,
    'broken_rules', broken,
    'privacy_by_default', CASE WHEN pbd_on OR jsonb_array_length(pbd) > 0 THEN pbd END,
    'privacy_by_default_replaces', pbd_values,
    'keys', keys,
    'constraints', cons,
    'removed_rules', removed,
    'unreviewed_columns', unruled,
    'new_columns', added,
    'dropped_columns', dropped,
    'skipped_tables', skipped));
END
$$;
COMMENT ON FUNCTION anon.validate(jsonb, text)
IS 'dry run, as JSON: rules that no longer analyse, columns privacy by default would break, keys and constraints static masking would break, and since an export_rules() or policy_snapshot() document, rules removed, unreviewed, new and dropped columns';

-- An export of the policy with the columns of the tables it covers, for
-- anon.validate(since => ...) to tell new columns from old ones
CREATE FUNCTION anon.policy_snapshot()
RETURNS jsonb
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT anon.export_rules() || jsonb_build_object('columns', coalesce(
           (SELECT jsonb_agg(jsonb_build_array(t.schema_name, t.table_name, a.attname)
                             ORDER BY t.schema_name, t.table_name, a.attnum)
            FROM anon._validate_tables(ARRAY['r', 'p']::"char"[]) t
            JOIN pg_attribute a ON a.attrelid = t.relid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE t.owned), '[]'::jsonb));
END;
COMMENT ON FUNCTION anon.policy_snapshot()
IS 'anon.export_rules() with the columns of the tables the caller owns, for anon.validate(since => ...) to list new and dropped columns';

-- How much of a table to read for about n rows: a TABLESAMPLE SYSTEM clause
-- (whole random blocks, so the cost follows n, not the table) or nothing
-- for a small table.
CREATE FUNCTION anon._sample_clause(rel regclass, n integer)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT CASE WHEN est IS NULL OR est <= 3.0 * n THEN ''
              ELSE format(' TABLESAMPLE SYSTEM (%s)', round((100.0 * 3 * n / est)::numeric, 6)) END
  FROM (SELECT sum(CASE WHEN c.reltuples > 0 AND c.relpages > 0
                        THEN c.reltuples / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::float8)
                        ELSE pg_relation_size(c.oid) / current_setting('block_size')::float8 * 100 END) AS est
        FROM pg_class c
        WHERE c.oid IN (SELECT rel WHERE NOT EXISTS (SELECT FROM pg_partition_tree(rel))
                        UNION ALL
                        SELECT p.relid FROM pg_partition_tree(rel) p WHERE p.isleaf)) s;
END;
COMMENT ON FUNCTION anon._sample_clause(regclass, integer)
IS 'internal: a TABLESAMPLE SYSTEM clause that reads about three times n rows of the table, or an empty string for a small table';

-- anon.check_masking: what masked copies and masked dumps would write, on
-- a sample of each table, checked against the constraints a copy keeps
CREATE FUNCTION anon.check_masking(sample_size integer DEFAULT 1000, policy text DEFAULT 'anon',
                                   schema_name name DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  pbd_on boolean := coalesce(current_setting('anon.privacy_by_default', true), 'off') = 'on';
  t record;
  co record;
  view_sql text;
  sample text;
  checks text[];
  masked smallint[];
  res jsonb;
  problems jsonb := '[]';
  tables integer := 0;
  skipped integer := 0;
  fkres jsonb;
  pres jsonb;
  n bigint;
  state text;
BEGIN
  IF policy IS NULL OR policy NOT IN (SELECT anon.policies()) THEN
    RAISE EXCEPTION 'masking policy "%" does not exist', policy
      USING ERRCODE = 'undefined_object';
  END IF;
  IF sample_size IS NULL OR sample_size < 1 THEN
    RAISE EXCEPTION 'sample size of anon.check_masking must be positive'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM anon._assert_unmasked('anon.check_masking');

  FOR t IN
    SELECT v.relid, v.schema_name, v.table_name, v.owned
    FROM anon._validate_tables(ARRAY['r']::"char"[]) v
    WHERE check_masking.schema_name IS NULL OR v.schema_name = check_masking.schema_name
  LOOP
    IF NOT t.owned THEN
      skipped := skipped + 1;
      CONTINUE;
    END IF;
    -- a table whose masks cannot be computed (a rule that no longer
    -- analyses, a virtual key gone) is a finding, not the end of the run
    BEGIN
      -- the columns masking replaces (rules, inherited ones, privacy by default)
      SELECT array_agg(a.attnum ORDER BY a.attnum) INTO masked
      FROM pg_attribute a
      WHERE a.attrelid = t.relid AND a.attnum > 0 AND NOT a.attisdropped
        AND (pbd_on OR EXISTS (SELECT FROM anon.masking_rules r WHERE r.policy = check_masking.policy
                                 AND r.relid IN (SELECT t.relid UNION ALL SELECT anc FROM pg_partition_ancestors(t.relid) anc))
                    OR EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = t.relid))
        AND anon._column_mask_sql(t.relid::regclass, a.attnum, check_masking.policy) IS NOT NULL;
      -- a table without a masked column still has its references checked
      -- when a key it references is masked
      CONTINUE WHEN masked IS NULL
                AND NOT EXISTS (SELECT FROM anon._foreign_keys(t.relid::regclass, true) f
                                JOIN pg_class p ON p.oid = f.confrelid
                                WHERE pg_has_role(p.relowner, 'USAGE')
                                  AND EXISTS (SELECT FROM unnest(f.confkey) k(att)
                                              WHERE anon._column_mask_sql(f.confrelid, k.att, check_masking.policy) IS NOT NULL));
      masked := coalesce(masked, '{}');
      tables := tables + 1;

      view_sql := anon.masking_view(t.relid::regclass, policy);
      IF right(view_sql, length(format(' FROM ONLY %I.%I', t.schema_name, t.table_name)))
         IS DISTINCT FROM format(' FROM ONLY %I.%I', t.schema_name, t.table_name) THEN
        RAISE EXCEPTION 'unexpected masking view of table %', t.relid::regclass;
      END IF;
      sample := format('%s%s LIMIT %s', view_sql, anon._sample_clause(t.relid::regclass, sample_size), sample_size);

      -- NOT NULL columns, CHECK constraints reading a masked column, unique keys with one
      checks := ARRAY['''rows'', (SELECT pg_catalog.count(*) FROM m)'];
      SELECT checks || coalesce(array_agg(format('%L, (SELECT pg_catalog.count(*) FROM m WHERE m.%I IS NULL)',
                                                   'not_null:' || a.attname, a.attname) ORDER BY a.attnum), '{}')
      INTO checks
      FROM pg_attribute a WHERE a.attrelid = t.relid AND a.attnum = ANY (masked) AND a.attnotnull;
      SELECT checks || coalesce(array_agg(format('%L, (SELECT pg_catalog.count(*) FROM m WHERE (%s) IS FALSE)',
                                                   'check:' || c.conname, pg_get_expr(c.conbin, c.conrelid)) ORDER BY c.conname), '{}')
      INTO checks
      FROM pg_constraint c WHERE c.conrelid = t.relid AND c.contype = 'c' AND c.conkey && masked;
      SELECT checks || coalesce(array_agg(format(
               '%L, (SELECT COALESCE(pg_catalog.sum(d.n OPERATOR(pg_catalog.-) 1), 0) FROM (SELECT pg_catalog.count(*) AS n FROM m %s GROUP BY %s) d WHERE d.n OPERATOR(pg_catalog.>) 1)',
               'unique:' || c.conname,
               CASE WHEN coalesce(i.indnullsnotdistinct, false) THEN ''
                    ELSE 'WHERE ' || (SELECT string_agg(format('m.%I IS NOT NULL', a.attname), ' AND ')
                                     FROM pg_attribute a WHERE a.attrelid = t.relid AND a.attnum = ANY (c.conkey)) END,
               (SELECT string_agg(format('m.%I', a.attname), ', ' ORDER BY a.attnum)
                FROM pg_attribute a WHERE a.attrelid = t.relid AND a.attnum = ANY (c.conkey)))
               ORDER BY c.conname), '{}')
      INTO checks
      FROM pg_constraint c LEFT JOIN pg_index i ON i.indexrelid = c.conindid
      WHERE c.conrelid = t.relid AND c.contype IN ('p', 'u') AND c.conkey && masked;

      res := anon._query_as_owner(t.relid::regclass,
               format('WITH m AS MATERIALIZED (%s) SELECT pg_catalog.jsonb_build_object(%s)',
                      sample, array_to_string(checks, ', ')));
      IF res ? 'error' THEN
        problems := problems || jsonb_build_object('table', format('%I.%I', t.schema_name, t.table_name),
                      'problem', format('masking fails on a sampled row (SQLSTATE %s)', res->>'error'));
        CONTINUE;
      END IF;
      n := (res->>'rows')::bigint;
      SELECT problems || coalesce(jsonb_agg(
               jsonb_build_object('table', format('%I.%I', t.schema_name, t.table_name))
               || CASE split_part(e.key, ':', 1)
                    WHEN 'not_null' THEN jsonb_build_object('column', substr(e.key, 10),
                      'problem', format('%s of %s sampled rows would be NULL in a NOT NULL column', e.value, n))
                    WHEN 'check' THEN jsonb_build_object('constraint', substr(e.key, 7),
                      'problem', format('%s of %s sampled rows would fail the CHECK constraint', e.value, n))
                    ELSE jsonb_build_object('constraint', substr(e.key, 8),
                      'problem', format('%s of %s sampled rows would collide with another on the unique key', e.value, n))
                  END ORDER BY e.key), '[]')
      INTO problems
      FROM jsonb_each_text(res) e
      WHERE e.key <> 'rows' AND e.value::bigint > 0;

      -- foreign keys: each sampled row's masked reference must be the masked
      -- key of the row it referenced (parent and child may have other owners:
      -- each side is read as its own owner)
      FOR co IN
        SELECT f.conname, f.confrelid, f.conkey, f.confkey, f.problem, p.relname AS ptable, pn.nspname AS pschema,
               p.relkind AS pkind,
               pg_has_role(p.relowner, 'USAGE') AS powned,
               -- child raw reference, under the parent's column names
               (SELECT string_agg(format('%L, s.%I', pa.attname, ca.attname), ', ' ORDER BY k.i)
                FROM unnest(f.conkey, f.confkey) WITH ORDINALITY k(ck, pk, i)
                JOIN pg_attribute ca ON ca.attrelid = t.relid AND ca.attnum = k.ck
                JOIN pg_attribute pa ON pa.attrelid = f.confrelid AND pa.attnum = k.pk) AS craw,
               -- child masked reference
               (SELECT string_agg(format('%L, m.%I', pa.attname, ca.attname), ', ' ORDER BY k.i)
                FROM unnest(f.conkey, f.confkey) WITH ORDINALITY k(ck, pk, i)
                JOIN pg_attribute ca ON ca.attrelid = t.relid AND ca.attnum = k.ck
                JOIN pg_attribute pa ON pa.attrelid = f.confrelid AND pa.attnum = k.pk) AS cmasked,
               (SELECT string_agg(format('s.%I', ca.attname), ', ' ORDER BY k.i)
                FROM unnest(f.conkey) WITH ORDINALITY k(ck, i)
                JOIN pg_attribute ca ON ca.attrelid = t.relid AND ca.attnum = k.ck) AS ccols,
               (SELECT string_agg(format('%L, s.%I', pa.attname, pa.attname), ', ' ORDER BY k.i)
                FROM unnest(f.confkey) WITH ORDINALITY k(pk, i)
                JOIN pg_attribute pa ON pa.attrelid = f.confrelid AND pa.attnum = k.pk) AS praw,
               (SELECT string_agg(format('%L, m.%I', pa.attname, pa.attname), ', ' ORDER BY k.i)
                FROM unnest(f.confkey) WITH ORDINALITY k(pk, i)
                JOIN pg_attribute pa ON pa.attrelid = f.confrelid AND pa.attnum = k.pk) AS pmasked,
               (SELECT string_agg(format('%I', pa.attname), ', ' ORDER BY k.i)
                FROM unnest(f.confkey) WITH ORDINALITY k(pk, i)
                JOIN pg_attribute pa ON pa.attrelid = f.confrelid AND pa.attnum = k.pk) AS pcols,
               (SELECT string_agg(format('r.%I', pa.attname), ', ' ORDER BY k.i)
                FROM unnest(f.confkey) WITH ORDINALITY k(pk, i)
                JOIN pg_attribute pa ON pa.attrelid = f.confrelid AND pa.attnum = k.pk) AS pkeys
        FROM anon._foreign_keys(t.relid::regclass, true) f
        LEFT JOIN pg_class p ON p.oid = f.confrelid
        LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
        ORDER BY f.conname
      LOOP
        IF co.problem IS NOT NULL THEN
          problems := problems || jsonb_build_object('table', format('%I.%I', t.schema_name, t.table_name),
                        'problem', 'virtual foreign key: ' || co.problem);
          CONTINUE;
        END IF;
        CONTINUE WHEN NOT co.powned;
        CONTINUE WHEN NOT (co.conkey && masked)
                  AND NOT EXISTS (SELECT FROM unnest(co.confkey) k(att)
                                  WHERE anon._column_mask_sql(co.confrelid::regclass, k.att, policy) IS NOT NULL);
        -- the child side: raw and masked reference of each sampled row
        -- that references a row (MATCH SIMPLE: no NULL in the reference)
        fkres := anon._query_as_owner(t.relid::regclass, format(
          'SELECT pg_catalog.jsonb_build_object(''rows'', COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array('
          'pg_catalog.jsonb_build_object(%s), pg_catalog.jsonb_build_object(%s))), ''[]''))'
          ' FROM (SELECT ctid AS "anon ctid", %s) m JOIN ONLY %I.%I AS s ON s.ctid OPERATOR(pg_catalog.=) m."anon ctid"'
          ' WHERE ROW(%s) IS NOT NULL',
          co.craw, co.cmasked, substr(sample, 8), t.schema_name, t.table_name, co.ccols));
        IF fkres ? 'error' THEN
          problems := problems || jsonb_build_object('table', format('%I.%I', t.schema_name, t.table_name),
                        'constraint', co.conname,
                        'problem', format('masking fails on a sampled row (SQLSTATE %s)', fkres->>'error'));
          CONTINUE;
        END IF;
        CONTINUE WHEN jsonb_array_length(fkres->'rows') = 0;
        -- the parent side: the masked key of each referenced row, found by
        -- its key (the masking view filtered before its masks are computed;
        -- a partitioned table's view read with its partitions)
        view_sql := anon.masking_view(co.confrelid, policy);
        IF co.pkind = 'p' THEN
          view_sql := left(view_sql, length(view_sql) - length(format(' FROM ONLY %I.%I', co.pschema, co.ptable)))
                      || format(' FROM %I.%I', co.pschema, co.ptable);
        END IF;
        pres := anon._query_as_owner(co.confrelid::regclass, format(
          'SELECT pg_catalog.jsonb_build_object(''rows'', COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array('
          'pg_catalog.jsonb_build_object(%s), pg_catalog.jsonb_build_object(%s))), ''[]''))'
          ' FROM (SELECT tableoid AS "anon tableoid", ctid AS "anon ctid", %s WHERE (%s) IN (SELECT %s FROM pg_catalog.jsonb_populate_recordset(NULL::%I.%I, %L::pg_catalog.jsonb) AS r)) m'
          ' JOIN %s%I.%I AS s ON s.tableoid OPERATOR(pg_catalog.=) m."anon tableoid" AND s.ctid OPERATOR(pg_catalog.=) m."anon ctid"',
          co.praw, co.pmasked, substr(view_sql, 8),
          co.pcols, co.pkeys, co.pschema, co.ptable,
          (SELECT jsonb_agg(DISTINCT x->0) FROM jsonb_array_elements(fkres->'rows') x),
          CASE WHEN co.pkind = 'p' THEN '' ELSE 'ONLY ' END, co.pschema, co.ptable));
        IF pres ? 'error' THEN
          problems := problems || jsonb_build_object('table', format('%I.%I', t.schema_name, t.table_name),
                        'constraint', co.conname,
                        'problem', format('masking the referenced table fails on a row (SQLSTATE %s)', pres->>'error'));
          CONTINUE;
        END IF;
        -- a row whose masked reference is not NULL and differs from its
        -- parent's masked key references another row, or none
        SELECT count(*) INTO n
        FROM jsonb_array_elements(fkres->'rows') c
        WHERE NOT (SELECT bool_or(e.v = 'null') FROM jsonb_each(c->1) e(k, v))
          AND NOT EXISTS (SELECT FROM jsonb_array_elements(pres->'rows') p
                          WHERE p->0 = c->0 AND p->1 = c->1);
        IF n > 0 THEN
          problems := problems || jsonb_build_object('table', format('%I.%I', t.schema_name, t.table_name),
                        'constraint', co.conname,
                        'problem', format('%s of %s sampled rows would reference another row of %I.%I, or none',
                                          n, jsonb_array_length(fkres->'rows'), co.pschema, co.ptable));
        END IF;
      END LOOP;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE;
      problems := problems || jsonb_build_object('table', format('%I.%I', t.schema_name, t.table_name),
                    'problem', format('the masks of the table cannot be computed (SQLSTATE %s)', state));
    END;
  END LOOP;

  RETURN jsonb_build_object('findings', jsonb_array_length(problems), 'policy', policy,
                            'sample_size', sample_size, 'tables', tables,
                            'skipped_tables', skipped, 'problems', problems);
END
$$;
COMMENT ON FUNCTION anon.check_masking(integer, text, name)
IS 'dry run of masked copies and dumps, as JSON: the masks evaluated as each table''s owner on a sample of rows (rolled back), and the NOT NULL, CHECK, unique and foreign key constraints checked on the masked sample; never shows a value';

-- Identity numbers of the shipped locales that scrub_text does not know,
-- each with its check character: the Spanish DNI and NIE (Ministerio del
-- Interior, letter = number mod 23) and the Italian codice fiscale (DM
-- 23/12/1976, check letter from the odd and even position tables).
CREATE FUNCTION anon._dni_valid(v text)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN v ~ '^[0-9XYZxyz][0-9]{7}[A-Za-z]$'
  AND upper(right(v, 1)) = substr('TRWAGMYFPDXBNJZSQVHLCKE',
                                  (translate(upper(left(v, 8)), 'XYZ', '012')::int % 23) + 1, 1);
COMMENT ON FUNCTION anon._dni_valid(text)
IS 'internal: is the text a Spanish DNI or NIE with its check letter?';

CREATE FUNCTION anon._codice_fiscale_valid(v text)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN upper(v) ~ '^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$'
  AND (SELECT chr(65 + (sum(CASE WHEN g.i % 2 = 1
         THEN (ARRAY[1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20,
                     11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23])[strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', substr(upper(v), g.i, 1))]
         ELSE CASE WHEN substr(upper(v), g.i, 1) ~ '[0-9]' THEN ascii(substr(upper(v), g.i, 1)) - 48
                   ELSE ascii(substr(upper(v), g.i, 1)) - 65 END END) % 26)::int)
       FROM generate_series(1, 15) g(i)) = substr(upper(v), 16, 1);
COMMENT ON FUNCTION anon._codice_fiscale_valid(text)
IS 'internal: is the text an Italian codice fiscale with its check letter?';

-- What each value of a column looks like as a whole: the categories of
-- anon.detect's value detectors and of anon.scrub_text's matchers that the
-- entire (trimmed) value matches
CREATE FUNCTION anon.pii_value_kinds(value text)
RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN (SELECT array_remove(ARRAY[
    CASE WHEN anon.iban_valid(v) OR anon.scrub_text(v, '{iban}') = '[IBAN]' THEN 'iban' END,
    CASE WHEN (v ~ '^[0-9][0-9 -]{11,22}[0-9]$' AND anon.luhn_valid(v))
              OR anon.scrub_text(v, '{card}') = '[CARD]' THEN 'credit_card' END,
    CASE WHEN v ~ '^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'
              OR anon.scrub_text(v, '{email}') = '[EMAIL]' THEN 'email' END,
    CASE WHEN v ~ '^[0-9]{3}-[0-9]{2}-[0-9]{4}$' THEN 'ssn' END,
    CASE WHEN (v !~ '^[0-9]{3}-[0-9]{2}-[0-9]{4}$'
               AND anon.scrub_text(v, '{national_id}') = '[NATIONAL_ID]')
              OR anon._dni_valid(v) THEN 'national_id' END,
    CASE WHEN anon._codice_fiscale_valid(v) THEN 'tax_id' END,
    CASE WHEN v ~ '^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$'
              OR anon.scrub_text(v, '{ip}') = '[IP]' THEN 'ip_address' END,
    CASE WHEN (v ~ '^(\+|00)?[0-9][0-9 ().-]{6,18}[0-9]$'
               AND length(regexp_replace(v, '[^0-9]', '', 'g')) BETWEEN 8 AND 15)
              OR anon.scrub_text(v, '{phone}') = '[PHONE]' THEN 'phone' END], NULL)
  FROM (SELECT btrim(value) AS v) s);
COMMENT ON FUNCTION anon.pii_value_kinds(text)
IS 'the categories of personal data (iban, credit_card, email, ssn, national_id, tax_id, ip_address, phone) whose shape the whole value has, by anon.detect''s and anon.scrub_text''s detectors and the check characters of Spanish DNI/NIE and Italian codice fiscale';

-- anon.coverage: what is still exposed.  Columns without a rule of the
-- policy (NOT MASKED counts as a decision) that look like personal data
-- by name (every shipped locale), by a sample of their values, or hold
-- personal data in free text, with the evidence: counts, never values.
CREATE FUNCTION anon.coverage(sample_size integer DEFAULT 1000, policy text DEFAULT 'anon')
RETURNS TABLE (table_name regclass, column_name name, identifiers_category text,
               direct boolean, matched_by text, locales text[], security_label text,
               evidence jsonb)
LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  shipped text[] := ARRAY['de', 'en', 'es', 'fr', 'it'];
  t record;
  col record;
  res jsonb;
  cev jsonb;
  names jsonb;
  name_cat text;
  name_locales text[];
  value_cat text;
  sampled bigint;
  why text;
  label text;
  textual text[];
  any_textual boolean;
  ccols jsonb;
BEGIN
  IF policy IS NULL OR policy NOT IN (SELECT anon.policies()) THEN
    RAISE EXCEPTION 'masking policy "%" does not exist', policy
      USING ERRCODE = 'undefined_object';
  END IF;
  IF sample_size IS NULL OR sample_size < 0 THEN
    RAISE EXCEPTION 'sample size of anon.coverage must not be negative'
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Give the number of rows to sample per table, 0 to look at column names only.';
  END IF;
  -- the evidence is statistics about raw values
  PERFORM anon._assert_unmasked('anon.coverage');

  FOR t IN
    SELECT v.relid, v.schema_name, v.table_name, v.relkind, v.owned
    FROM anon._validate_tables(ARRAY['r', 'p', 'm']::"char"[]) v
    JOIN pg_class c ON c.oid = v.relid
    WHERE NOT c.relispartition
  LOOP
    -- the columns without a decision, and which of them hold text
    SELECT jsonb_agg(jsonb_build_object('i', x.i, 'attnum', x.attnum, 'attname', x.attname,
                                        'typcategory', x.typcategory, 'atttypid', x.atttypid,
                                        'textual', x.textual) ORDER BY x.attnum)
    INTO ccols
    FROM (SELECT row_number() OVER (ORDER BY a.attnum) AS i, a.attnum, a.attname, ty.typcategory,
                 a.atttypid, ty.typcategory = 'S' OR a.atttypid IN ('json'::regtype, 'jsonb'::regtype) AS textual
          FROM pg_attribute a
          JOIN pg_type ty ON ty.oid = a.atttypid
          WHERE a.attrelid = t.relid AND a.attnum > 0 AND NOT a.attisdropped
            -- a rule of its own, or of an inheritance parent (by name)
            AND NOT EXISTS (SELECT FROM anon.masking_rules r
                            WHERE r.policy = coverage.policy AND r.attname = a.attname
                              AND r.relid IN (WITH RECURSIVE up(relid) AS (
                                                SELECT t.relid
                                                UNION
                                                SELECT i.inhparent FROM pg_inherits i JOIN up ON i.inhrelid = up.relid)
                                              SELECT up.relid FROM up))) x;
    CONTINUE WHEN ccols IS NULL;

    -- one bounded sample of the table, read as its owner: per text column,
    -- how many sampled values each detector matches
    res := NULL;
    why := CASE WHEN sample_size = 0 THEN 'sample_size is 0'
                WHEN NOT t.owned THEN 'not the owner of the table' END;
    SELECT array_agg(CASE WHEN c.textual THEN format('%I::pg_catalog.text', c.attname)
                          ELSE 'NULL::pg_catalog.text' END ORDER BY c.i),
           bool_or(c.textual)
    INTO textual, any_textual
    FROM jsonb_to_recordset(ccols) AS c(i integer, attnum smallint, attname name, typcategory "char", atttypid oid, textual boolean);
    IF why IS NULL AND any_textual THEN
      res := anon._query_as_owner(t.relid::regclass, format(
        'WITH s AS MATERIALIZED (SELECT ARRAY[%s] AS vs FROM %s%I.%I%s LIMIT %s),'
        ' u AS (SELECT x.i, x.v FROM s CROSS JOIN LATERAL pg_catalog.unnest(s.vs) WITH ORDINALITY AS x(v, i) WHERE x.v IS NOT NULL),'
        ' k AS (SELECT u.i, ''values'' AS what, k.kind FROM u CROSS JOIN LATERAL pg_catalog.unnest(anon.pii_value_kinds(u.v)) AS k(kind)'
        '       UNION ALL SELECT u.i, ''free_text'', k.kind FROM u CROSS JOIN LATERAL pg_catalog.unnest(anon.scrub_kinds(u.v)) AS k(kind)),'
        ' kc AS (SELECT g.i, g.what, pg_catalog.jsonb_object_agg(g.kind, g.n) AS counts'
        '        FROM (SELECT k.i, k.what, k.kind, pg_catalog.count(*) AS n FROM k GROUP BY 1, 2, 3) g GROUP BY 1, 2)'
        ' SELECT pg_catalog.jsonb_build_object(''rows'', (SELECT pg_catalog.count(*) FROM s), ''columns'','
        '   (SELECT pg_catalog.jsonb_object_agg(n.i, pg_catalog.jsonb_build_object(''sampled'', n.n,'
        '      ''values'', COALESCE(v.counts, ''{}''), ''free_text'', COALESCE(f.counts, ''{}'')))'
        '    FROM (SELECT u.i, pg_catalog.count(*) AS n FROM u GROUP BY 1) n'
        '    LEFT JOIN kc v ON v.i OPERATOR(pg_catalog.=) n.i AND v.what OPERATOR(pg_catalog.=) ''values'''
        '    LEFT JOIN kc f ON f.i OPERATOR(pg_catalog.=) n.i AND f.what OPERATOR(pg_catalog.=) ''free_text''))',
        array_to_string(textual, ', '),
        CASE WHEN t.relkind = 'r' THEN 'ONLY ' ELSE '' END, t.schema_name, t.table_name,
        anon._sample_clause(t.relid::regclass, sample_size), sample_size));
      IF res ? 'error' THEN
        why := format('sampling failed (SQLSTATE %s)', res->>'error');
        res := NULL;
      END IF;
    END IF;

    FOR col IN SELECT c.* FROM jsonb_to_recordset(ccols) AS c(i integer, attnum smallint, attname name, typcategory "char", atttypid oid, textual boolean) ORDER BY c.attnum LOOP
      -- by name: every category some shipped locale's patterns give
      SELECT jsonb_agg(jsonb_build_object('category', m.category, 'locales', to_jsonb(m.langs))
                       ORDER BY cardinality(m.langs) DESC, pc.direct DESC, m.category)
      INTO names
      FROM (SELECT pi.category, array_agg(DISTINCT pi.lang ORDER BY pi.lang) AS langs
            FROM anon.pii_identifiers pi
            WHERE anon.pii_normalize(col.attname) ~ pi.pattern
            GROUP BY pi.category) m
      JOIN anon.pii_categories pc ON pc.category = m.category;
      name_cat := names->0->>'category';
      name_locales := ARRAY(SELECT jsonb_array_elements_text(names->0->'locales'));

      -- by value: at least 5 sampled values, 90% of them of one category
      -- (detect's rule), in detect's order of precedence
      cev := CASE WHEN col.textual AND res IS NOT NULL
                  THEN coalesce(res->'columns'->(col.i::text), jsonb_build_object('sampled', 0)) END;
      sampled := coalesce((cev->>'sampled')::bigint, 0);
      value_cat := NULL;
      IF sampled >= 5 THEN
        SELECT c INTO value_cat
        FROM unnest(ARRAY['iban', 'credit_card', 'email', 'ssn', 'national_id', 'tax_id', 'ip_address', 'phone'])
             WITH ORDINALITY AS p(c, o)
        WHERE coalesce((cev->'values'->>p.c)::bigint, 0) >= 0.9 * sampled
        ORDER BY p.o LIMIT 1;
      END IF;

      CONTINUE WHEN name_cat IS NULL AND value_cat IS NULL
                AND coalesce(cev->'free_text', '{}') = '{}';

      table_name := t.relid::regclass;
      column_name := col.attname;
      identifiers_category := coalesce(value_cat, name_cat, 'free_text');
      matched_by := concat_ws(' and ',
                              CASE WHEN name_cat IS NOT NULL THEN 'name' END,
                              CASE WHEN value_cat IS NOT NULL THEN 'value' END,
                              CASE WHEN value_cat IS NULL AND coalesce(cev->'free_text', '{}') <> '{}'
                                   THEN 'free text' END);
      locales := CASE WHEN value_cat IS NULL AND name_cat IS NOT NULL THEN name_locales ELSE shipped END;
      SELECT pc.direct, pc.masking INTO direct, label
      FROM anon.pii_categories pc WHERE pc.category = identifiers_category;
      IF identifiers_category = 'free_text' THEN
        direct := true;
        label := CASE WHEN col.typcategory = 'S'
                      THEN 'MASKED WITH FUNCTION ' || format('anon.scrub_text(%I)', col.attname)
                      ELSE 'MASKED WITH VALUE NULL' END;
      ELSIF NOT direct THEN
        label := 'QUASI-IDENTIFIER';
      ELSIF label IS NOT NULL AND label LIKE '%\%I%' AND col.typcategory = 'S' THEN
        label := 'MASKED WITH FUNCTION ' || replace(label, '%I', quote_ident(col.attname));
      ELSIF label IS NOT NULL AND label NOT LIKE '%\%I%'
            AND (col.typcategory = 'S'
                 OR (identifiers_category = 'ip_address' AND col.atttypid IN ('inet'::regtype, 'cidr'::regtype))
                 OR (identifiers_category = 'mac_address' AND col.atttypid = 'macaddr'::regtype)) THEN
        label := 'MASKED WITH FUNCTION ' || label;
      ELSE
        label := 'MASKED WITH VALUE NULL';
      END IF;
      security_label := format('SECURITY LABEL FOR %I ON COLUMN %s.%I IS %L',
                               policy, t.relid::regclass, col.attname, label);
      evidence := jsonb_strip_nulls(jsonb_build_object(
        'name', names,
        'rows_sampled', res->'rows',
        'sampled', CASE WHEN cev IS NOT NULL THEN sampled END,
        'values', CASE WHEN cev IS NOT NULL THEN coalesce(cev->'values', '{}') END,
        'free_text', CASE WHEN cev IS NOT NULL THEN coalesce(cev->'free_text', '{}') END,
        'not_sampled', CASE WHEN cev IS NULL THEN coalesce(why, CASE WHEN NOT col.textual THEN 'not a text column' END) END));
      RETURN NEXT;
    END LOOP;
  END LOOP;
END
$$;
COMMENT ON FUNCTION anon.coverage(integer, text)
IS 'columns of tables and materialized views without a rule of the policy that look like personal data (by name in every shipped locale, by a bounded sample of values read as the table''s owner, or in free text), with the evidence as counts; refused to masked and differential privacy roles';
