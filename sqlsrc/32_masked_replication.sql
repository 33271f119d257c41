--------------------------------------------------------------------------
-- Masked replication: a masked shadow of a table, kept in step by
-- triggers, for logical replication of masked rows only
--------------------------------------------------------------------------
-- What crosses the wire: a publication of the shadow schema sends only the
-- shadow tables' rows, computed on the source with the masking rules; the
-- raw rows stay in the source's tables and WAL.  The shadow's primary key
-- is the source's, which must not be masked (NOT MASKED or no rule): the
-- key's raw values do cross, as the replica identity.

CREATE FUNCTION anon._run_as_owner(rel regclass, sql text)
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_run_as_owner'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._run_as_owner(regclass, text)
IS 'internal: run one statement as the owner of rel, in a security-restricted operation with search_path = pg_catalog, pg_temp (callers must have the owner''s privileges); returns the rows processed';

CREATE FUNCTION anon._clone_indexes(source regclass, target regclass)
RETURNS void
AS 'MODULE_PATHNAME', 'anon_clone_indexes'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._clone_indexes(regclass, regclass)
IS 'internal: give target (the caller''s) the indexes of source, as LIKE ... INCLUDING INDEXES, each built as target''s owner';

CREATE FUNCTION anon._masking_view_keyed(relid regclass, policy text DEFAULT 'anon')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_masking_view_keyed_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._masking_view_keyed(regclass, text)
IS 'internal: anon.masking_view() whose volatile rules over the row draw the same noise for the same row, as a masked reader''s do (masked replication)';

CREATE FUNCTION anon.start_masked_replication(source regclass,
                                              target_schema name DEFAULT 'anon_replica',
                                              policy text DEFAULT 'anon')
RETURNS regclass
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $start$
DECLARE
  src_schema name;
  src_name name;
  src_owner name;
  pk text[];
  bad text;
  view_sql text;
  target_name text;
  target regclass;
  fn regprocedure;
  key_new text;
  key_old text;
  key_cols text;
  body text;
BEGIN
  -- the caller's own rights: creating the trigger needs the table's ownership
  SELECT n.nspname, c.relname, pg_get_userbyid(c.relowner)
  INTO src_schema, src_name, src_owner
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = source AND c.relkind = 'r'
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'anon');
  IF src_name IS NULL THEN
    RAISE EXCEPTION '% is not a table', source
      USING ERRCODE = 'wrong_object_type',
            HINT = 'Masked replication works on plain user tables; replicate each partition.';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM anon.policies() p WHERE p = policy) THEN
    RAISE EXCEPTION 'masking policy "%" does not exist', policy
      USING ERRCODE = 'undefined_object', HINT = 'Policies are listed by anon.policies().';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = source AND t.tgname = 'anon_masked_replication') THEN
    RAISE EXCEPTION 'table % is already replicated masked', source
      USING ERRCODE = 'duplicate_object', HINT = 'Call anon.stop_masked_replication() first.';
  END IF;

  -- the primary key identifies a row on both sides: it must not be masked
  SELECT array_agg(a.attname::text ORDER BY k.ord) INTO pk
  FROM pg_index i
  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  WHERE i.indrelid = source AND i.indisprimary;
  IF pk IS NULL THEN
    RAISE EXCEPTION 'table % has no primary key', source
      USING ERRCODE = 'invalid_table_definition',
            HINT = 'Masked replication matches rows by primary key: add one.';
  END IF;
  SELECT string_agg(m.attname::text, ', ') INTO bad
  FROM anon.masking_rules m
  WHERE m.relid = source AND m.policy = start_masked_replication.policy
    AND m.kind <> 'NOT MASKED' AND m.attname::text = ANY (pk);
  IF bad IS NULL AND current_setting('anon.privacy_by_default')::boolean THEN
    SELECT string_agg(k, ', ') INTO bad FROM unnest(pk) k
    WHERE NOT EXISTS (SELECT 1 FROM anon.masking_rules m
                      WHERE m.relid = source AND m.policy = start_masked_replication.policy
                        AND m.attname::text = k AND m.kind = 'NOT MASKED');
  END IF;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'the primary key of % is masked (%)', source, bad
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Label the key columns NOT MASKED, and keep a pseudonymized copy of the key in another column if it is an identifier.';
  END IF;

  -- the key's columns, and its equality operators (of the primary key's
  -- operator classes), named with their schema
  SELECT string_agg(format('%I', a.attname), ', ' ORDER BY k.ord),
         string_agg(format('m.%I OPERATOR(%I.%s) NEW.%I', a.attname, n.nspname, o.oprname, a.attname),
                    ' AND ' ORDER BY k.ord),
         string_agg(format('%I OPERATOR(%I.%s) OLD.%I', a.attname, n.nspname, o.oprname, a.attname),
                    ' AND ' ORDER BY k.ord)
  INTO key_cols, key_new, key_old
  FROM pg_index i
  CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indclass::oid[]) WITH ORDINALITY k(attnum, opc, ord)
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  JOIN pg_opclass oc ON oc.oid = k.opc
  JOIN pg_amop ao ON ao.amopfamily = oc.opcfamily AND ao.amopmethod = oc.opcmethod
                 AND ao.amopstrategy = 3
                 AND ao.amoplefttype = oc.opcintype AND ao.amoprighttype = oc.opcintype
  JOIN pg_operator o ON o.oid = ao.amopopr
  JOIN pg_namespace n ON n.oid = o.oprnamespace
  WHERE i.indrelid = source AND i.indisprimary;

  -- The caller (often a superuser) runs only DDL, which evaluates nothing;
  -- every statement that evaluates the owner's rules, CHECK constraints or
  -- index expressions runs as the owner: the fill through
  -- anon._run_as_owner (a security-restricted operation), the trigger as a
  -- SECURITY DEFINER function owned by the owner.  No text of a rule is
  -- ever pasted into SQL but the deparsed masking view, and the trigger's
  -- body is passed as one quoted literal.
  -- volatile rules over the row draw the same noise for the same row at
  -- every version of it (each UPDATE recomputes the row, and every version
  -- reaches the subscriber, which would average fresh noise)
  view_sql := anon._masking_view_keyed(source, policy);
  IF to_regnamespace(quote_ident(target_schema)) IS NULL THEN
    EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', target_schema, src_owner);
  ELSIF NOT EXISTS (SELECT 1 FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
                    WHERE n.oid = to_regnamespace(quote_ident(target_schema))
                      AND (r.rolname = src_owner OR r.rolsuper)) THEN
    -- the schema's owner may drop the shadow and put a table of its own in
    -- its place, whose triggers the sync function would run with the
    -- table owner's rights, reading the raw table
    RAISE EXCEPTION 'schema "%" belongs to role %, not to the owner of table %', target_schema,
      (SELECT pg_get_userbyid(n.nspowner) FROM pg_namespace n
       WHERE n.oid = to_regnamespace(quote_ident(target_schema))), source
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Name a new schema, or one that the table''s owner or a superuser owns: the owner of a schema can drop the masked shadow and replace it with a table whose triggers run with the rights of the table''s owner.';
  END IF;
  -- the shadow keeps the source's types (with their typmods), NOT NULL,
  -- CHECK, primary key, UNIQUE constraints and indexes; not its defaults,
  -- identity or generation expressions: its rows come from the source
  -- (its indexes once it is the owner's: DefineIndex folds their
  -- expressions, the owner's code, as the table's owner)
  EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING CONSTRAINTS)',
                 target_schema, src_name, source);
  target := format('%I.%I', target_schema, src_name)::regclass;
  EXECUTE format('ALTER TABLE %s OWNER TO %I', target, src_owner);
  PERFORM anon._clone_indexes(source, target);
  PERFORM anon._run_as_owner(source, format('INSERT INTO %s %s', target, view_sql));

  -- the trigger function runs the rules with the table owner's rights
  body := format($body$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE %s;
        RETURN NULL;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM %s WHERE %s;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO %s SELECT m.* FROM (%s) m WHERE %s;
      END IF;
      RETURN NULL;
    END
    $body$, target, target, key_old, target, view_sql, key_new);
  EXECUTE format('CREATE FUNCTION %I.%I() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER '
                 'SET search_path = pg_catalog, pg_temp AS %L',
                 target_schema, src_name || '_anon_sync', body);
  fn := format('%I.%I()', target_schema, src_name || '_anon_sync')::regprocedure;
  EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn);
  EXECUTE format('ALTER FUNCTION %s OWNER TO %I', fn, src_owner);
  -- the trigger's argument names the shadow, for stop_masked_replication
  EXECUTE format('CREATE TRIGGER anon_masked_replication AFTER INSERT OR UPDATE OR DELETE ON %s '
                 'FOR EACH ROW EXECUTE FUNCTION %s(%L)', source, fn::regproc, target::text);
  EXECUTE format('CREATE TRIGGER anon_masked_replication_truncate AFTER TRUNCATE ON %s '
                 'FOR EACH STATEMENT EXECUTE FUNCTION %s(%L)', source, fn::regproc, target::text);
  RETURN target;
END;
$start$;
COMMENT ON FUNCTION anon.start_masked_replication(regclass, name, text)
IS 'create a masked shadow of a table in target_schema, kept in step by triggers; publish that schema to replicate masked rows only';

CREATE FUNCTION anon.stop_masked_replication(source regclass, drop_target boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  fn regprocedure;
  target text;
BEGIN
  SELECT t.tgfoid::regprocedure, convert_from(substr(t.tgargs, 1, length(t.tgargs) - 1), 'UTF8')
  INTO fn, target
  FROM pg_trigger t
  WHERE t.tgrelid = source AND t.tgname = 'anon_masked_replication';
  IF fn IS NULL THEN
    RAISE EXCEPTION 'table % is not replicated masked', source
      USING ERRCODE = 'undefined_object',
            HINT = 'anon.start_masked_replication() starts it.';
  END IF;
  -- The trigger, its function and its argument are the table owner's to
  -- change: he can plant a trigger of that name on another role's function
  -- naming another role's table.  So the drops run with the owner's rights
  -- (anon._run_as_owner), never the caller's: a superuser stopping the
  -- replication of an owner's table drops only what that owner could.
  PERFORM anon._run_as_owner(source,
    format('DROP TRIGGER anon_masked_replication ON %s', source));
  PERFORM anon._run_as_owner(source,
    format('DROP TRIGGER anon_masked_replication_truncate ON %s', source));
  PERFORM anon._run_as_owner(source, format('DROP FUNCTION %s', fn));
  IF drop_target THEN
    PERFORM anon._run_as_owner(source, format('DROP TABLE %s', target::regclass));
  END IF;
END;
$$;
COMMENT ON FUNCTION anon.stop_masked_replication(regclass, boolean)
IS 'stop keeping the masked shadow of a table in step (and drop it if asked)';
