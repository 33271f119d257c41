--------------------------------------------------------------------------
-- PostgreSQL Anonymizer 2.2.1 compatibility (src/pa_compat.c)
--------------------------------------------------------------------------
-- What a policy, a script or a tutorial written for PostgreSQL Anonymizer
-- (PA) calls, mapped onto anon's own machinery.  Nothing here weakens
-- masking: masked roles read masked data through the tables themselves
-- whatever these functions do; where PA would do something less safe,
-- these functions refuse with a hint naming the safer way
-- (doc/coming-from-pa.md lists every difference).

--------------------------------------------------------------------------
-- Initialization: anon's dictionaries are built in, nothing to load
--------------------------------------------------------------------------

-- anon.init() makes the database key 'default' when it is missing and the
-- caller may make keys: anon.hash(), seeded_* and pseudo_*(seed) use it,
-- and a masking rule is checked in a read-only transaction, where the key
-- cannot be made at its first use.
--
-- Whether anon.init() ran (and anon.reset() did not since), which is what
-- PA's anon.is_initialized() says.  Nothing depends on it: anon's fake data
-- are always there.  One row, written by init() and removed by reset().
CREATE TABLE anon.pa_initialized (
  initialized boolean NOT NULL DEFAULT true PRIMARY KEY CHECK (initialized)
);
COMMENT ON TABLE anon.pa_initialized
IS 'PostgreSQL Anonymizer compatibility: one row while anon.init() has run and anon.reset() has not';
REVOKE ALL ON anon.pa_initialized FROM PUBLIC;
GRANT SELECT ON anon.pa_initialized TO PUBLIC;

CREATE FUNCTION anon.init()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  BEGIN
    PERFORM anon.create_key('default');
  EXCEPTION WHEN duplicate_object OR insufficient_privilege OR read_only_sql_transaction THEN
    NULL;   -- there already, left to a key administrator, or on a standby
  END;
  BEGIN
    INSERT INTO anon.pa_initialized VALUES (true) ON CONFLICT DO NOTHING;
  EXCEPTION WHEN insufficient_privilege OR read_only_sql_transaction THEN
    NULL;   -- only a superuser records it, as only a superuser loads PA's data
  END;
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.init()
IS 'PostgreSQL Anonymizer compatibility: true; makes the database key if missing (fake data are built in and need no loading)';

CREATE FUNCTION anon.init(datapath text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  -- anon never loads CSV files from the server; custom dictionaries are
  -- loaded from SQL with anon.load_dictionary()
  IF pg_catalog.pg_stat_file(datapath, true) IS NULL THEN
    RAISE NOTICE 'data directory "%" is not present', datapath
      USING HINT = 'anon needs no data files: its dictionaries are built in; load your own with anon.load_dictionary().';
    RETURN false;
  END IF;
  RAISE NOTICE 'anon reads no data files: its dictionaries are built in'
    USING HINT = 'Load your own entries with anon.load_dictionary(name, locale, entries).';
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.init(text)
IS 'PostgreSQL Anonymizer compatibility: true when the directory exists; anon loads no files from it (use anon.load_dictionary())';

CREATE FUNCTION anon.is_initialized()
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$SELECT EXISTS (SELECT 1 FROM anon.pa_initialized)$$;
COMMENT ON FUNCTION anon.is_initialized()
IS 'PostgreSQL Anonymizer compatibility: whether anon.init() ran and anon.reset() did not since (anon''s fake data are always there)';

CREATE FUNCTION anon.reset()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  BEGIN
    DELETE FROM anon.pa_initialized;
  EXCEPTION WHEN insufficient_privilege OR read_only_sql_transaction THEN
    NULL;
  END;
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.reset()
IS 'PostgreSQL Anonymizer compatibility: true; anon.is_initialized() is false afterwards (built-in fake data cannot be unloaded; anon.unload_dictionary() removes custom ones)';

CREATE FUNCTION anon.load()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RAISE NOTICE 'anon.load() is deprecated'
    USING HINT = 'anon needs no loading; PostgreSQL Anonymizer scripts may call anon.init().';
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.load()
IS 'PostgreSQL Anonymizer compatibility (deprecated): true, nothing to load';

--------------------------------------------------------------------------
-- Catalog views with PA's names and columns
--------------------------------------------------------------------------

-- PA's masked-role test, for a policy
CREATE FUNCTION anon.hasmask(role regrole, masking_policy text DEFAULT 'anon')
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT EXISTS (SELECT 1 FROM anon.masked_roles m
                 WHERE m.roleid = role AND m.policy = masking_policy
                   AND m.kind = 'MASKED')
$$;
COMMENT ON FUNCTION anon.hasmask(regrole, text)
IS 'PostgreSQL Anonymizer compatibility: whether the role is labelled MASKED for the policy (false for NULL)';

CREATE VIEW anon.pg_masked_roles AS
SELECT r.*, anon.hasmask(r.oid::regrole) AS hasmask
FROM pg_catalog.pg_roles r;
COMMENT ON VIEW anon.pg_masked_roles
IS 'PostgreSQL Anonymizer compatibility: pg_roles with a hasmask column';

-- PA's columns over anon.masking_rules (policy anon)
CREATE VIEW anon.pg_masking_rules AS
SELECT m.relid::oid AS attrelid,
       m.attnum,
       c.relnamespace::regnamespace AS relnamespace,
       c.relname,
       m.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS format_type,
       m.label AS col_description,
       CASE WHEN m.kind = 'MASKED WITH FUNCTION' THEN m.expression END AS masking_function,
       CASE WHEN m.kind = 'MASKED WITH VALUE' THEN m.expression END AS masking_value,
       100 AS priority,
       m.expression AS masking_filter,
       m.valid AS trusted_schema
FROM anon.masking_rules m
JOIN pg_catalog.pg_class c ON c.oid = m.relid
JOIN pg_catalog.pg_attribute a ON a.attrelid = m.relid AND a.attnum = m.attnum
WHERE m.policy = 'anon'
  AND m.kind IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE')
UNION ALL
-- under privacy by default, as PA: every other column of the users'
-- tables, with what a masked role reads there (the column itself when it
-- is labelled NOT MASKED, else its default or NULL)
SELECT c.oid AS attrelid,
       a.attnum,
       c.relnamespace::regnamespace AS relnamespace,
       c.relname,
       a.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS format_type,
       s.label AS col_description,
       NULL::text AS masking_function,
       NULL::text AS masking_value,
       100 AS priority,
       CASE WHEN s.label IS NOT NULL THEN pg_catalog.quote_ident(a.attname)
            ELSE coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), 'NULL') END AS masking_filter,
       true AS trusted_schema
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum AND a.attgenerated = ''
LEFT JOIN pg_catalog.pg_seclabel s
  ON s.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND s.objoid = c.oid
 AND s.objsubid = a.attnum AND s.provider = 'anon'
 AND anon.label_kind(s.label) = 'NOT MASKED'
WHERE pg_catalog.current_setting('anon.privacy_by_default')::boolean
  AND c.relkind IN ('r', 'p', 'f', 'm')
  AND n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'anon')
  AND NOT EXISTS (SELECT 1 FROM anon.masking_rules m
                  WHERE m.relid = c.oid AND m.attnum = a.attnum AND m.policy = 'anon'
                    AND m.kind IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE'));
COMMENT ON VIEW anon.pg_masking_rules
IS 'PostgreSQL Anonymizer compatibility: the masking rules of policy anon with PA''s column names (see anon.masking_rules); under privacy by default, every other column of the users'' tables too, as PA lists them';

CREATE VIEW anon.pg_masks AS
SELECT * FROM anon.pg_masking_rules;
COMMENT ON VIEW anon.pg_masks
IS 'PostgreSQL Anonymizer compatibility (its 0.3 name): anon.pg_masking_rules';

CREATE VIEW anon.pg_trusted_functions AS
SELECT s.objnamespace::regnamespace AS schema,
       s.objname AS function
FROM pg_catalog.pg_seclabels s
WHERE pg_catalog.upper(s.label) = 'TRUSTED'
  AND s.objtype = 'function'
  AND s.provider IN (SELECT anon.policies());
COMMENT ON VIEW anon.pg_trusted_functions
IS 'PostgreSQL Anonymizer compatibility: functions labelled TRUSTED (anon trusts schemas: see anon.trusted_schemas)';

-- every label of every policy, as pg_seclabels names its object
CREATE VIEW anon.all_rules AS
SELECT s.provider, s.objtype, s.objname AS full_objname, s.label
FROM pg_catalog.pg_seclabels s
WHERE s.provider IN (SELECT anon.policies());
COMMENT ON VIEW anon.all_rules
IS 'PostgreSQL Anonymizer compatibility: every label of every masking policy';

CREATE VIEW anon.sys_rules AS
SELECT s.provider, s.objtype, s.objname AS full_objname, s.label
FROM pg_catalog.pg_seclabels s
WHERE s.provider IN (SELECT anon.policies())
  AND s.objnamespace IN ('anon'::regnamespace, 'pg_catalog'::regnamespace);
COMMENT ON VIEW anon.sys_rules
IS 'PostgreSQL Anonymizer compatibility: the labels on objects of anon and pg_catalog';

CREATE VIEW anon.user_rules AS
SELECT s.provider, s.objtype, s.objname AS full_objname, s.label
FROM pg_catalog.pg_seclabels s
WHERE s.provider IN (SELECT anon.policies())
  AND (s.objnamespace IS NULL
       OR s.objnamespace NOT IN ('anon'::regnamespace, 'pg_catalog'::regnamespace));
COMMENT ON VIEW anon.user_rules
IS 'PostgreSQL Anonymizer compatibility: the labels on the users'' objects (tables, columns, roles, schemas, the database)';

GRANT SELECT ON anon.pg_masked_roles, anon.pg_masking_rules, anon.pg_masks,
  anon.pg_trusted_functions, anon.all_rules, anon.sys_rules, anon.user_rules TO PUBLIC;

CREATE FUNCTION anon.version()
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'anon'$$;
COMMENT ON FUNCTION anon.version()
IS 'the installed version of the extension';

CREATE FUNCTION anon.set_salt(salt text)
RETURNS text
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$SELECT pg_catalog.set_config('anon.salt', salt, false)$$;
COMMENT ON FUNCTION anon.set_salt(text)
IS 'PostgreSQL Anonymizer compatibility: SET anon.salt for the session (superusers)';

--------------------------------------------------------------------------
-- Removing labels in bulk
--------------------------------------------------------------------------

CREATE FUNCTION anon.remove_masks_for_all_columns()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT m.relid, m.attname FROM anon.masking_rules m
    WHERE m.policy = 'anon' AND m.kind IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE')
    ORDER BY m.relid::text, m.attnum
  LOOP
    EXECUTE format('SECURITY LABEL FOR anon ON COLUMN %s.%I IS NULL', r.relid, r.attname);
  END LOOP;
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.remove_masks_for_all_columns()
IS 'PostgreSQL Anonymizer compatibility: remove every MASKED WITH label of policy anon (as their owners may)';

CREATE FUNCTION anon.remove_masks_for_all_roles()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT m.rolname FROM anon.masked_roles m
    WHERE m.policy = 'anon' AND m.kind = 'MASKED' ORDER BY 1
  LOOP
    EXECUTE format('SECURITY LABEL FOR anon ON ROLE %I IS NULL', r.rolname);
  END LOOP;
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.remove_masks_for_all_roles()
IS 'PostgreSQL Anonymizer compatibility: remove the MASKED label of every role (policy anon)';

--------------------------------------------------------------------------
-- Legacy dynamic masking: a schema of views, over transparent masking
--------------------------------------------------------------------------
-- PA 1 masked roles by views in a "mask" schema, put first on their
-- search_path.  Here every read of a masked role is masked already.  The
-- view mask.t shows t masked to every reader, exactly once: a reader that
-- dynamic masking masks reads the table (masked by the engine), any other
-- reader reads the rules of policy anon applied by anon._legacy_masked_rows()
-- (the SQL of anon.masking_view(), run only for such a reader, so that a
-- masked reader's query holds no RESTRICTED function it could not call).
-- The views are security_invoker: a view grants
-- nothing, its reader needs SELECT on the table and the table's row-level
-- security applies, so whichever branch runs it shows no more than the
-- reader could read from the table itself.

CREATE FUNCTION anon._reader_is_masked()
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_pa_reader_is_masked'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon._reader_is_masked()
IS 'internal: whether dynamic masking masks the current reader (current or session user labelled MASKED)';

CREATE FUNCTION anon._legacy_masked_rows(relid regclass)
RETURNS SETOF record
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  qualified text;
  sample text;
BEGIN
  SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)
  INTO qualified
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = relid;
  -- the masking view reads ONLY the table; the legacy view reads its
  -- partitions and children too, as a query of the table does
  -- and, as PA's views, the sample of a TABLESAMPLE label (the table's
  -- own, else the database's: validated when written; this reader is not
  -- masked and could read every row of the table anyway)
  sample := anon.get_tablesample_ratio(relid);
  RETURN QUERY EXECUTE pg_catalog.replace(anon.masking_view(relid, 'anon'),
                                          ' FROM ONLY ' || qualified, ' FROM ' || qualified)
                       || coalesce(' TABLESAMPLE ' || sample || E'\n', '');
END;
$$;
COMMENT ON FUNCTION anon._legacy_masked_rows(regclass)
IS 'internal: the rows of a table with the rules of policy anon applied, as the reader (for the legacy masking views)';

CREATE FUNCTION anon._require_superuser(action text)
RETURNS void
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'only superusers can %', action
      USING ERRCODE = 'insufficient_privilege';
  END IF;
END;
$$;
COMMENT ON FUNCTION anon._require_superuser(text)
IS 'internal: ERROR unless the current user is a superuser';

CREATE FUNCTION anon.mask_role(maskedrole regrole)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  maskschema text := pg_catalog.current_setting('anon.maskschema');
  sourceschema text := pg_catalog.current_setting('anon.sourceschema');
BEGIN
  -- Masked roles read the mask schema first: whoever owns it chooses the
  -- code they run (functions and operators that win over pg_catalog's for
  -- their argument types, views over their tables).  A role that could
  -- create it before the DBA must not own it.
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n
             JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
             WHERE n.nspname = maskschema AND NOT r.rolsuper) THEN
    RAISE EXCEPTION 'schema "%" does not belong to a superuser', maskschema
      USING ERRCODE = 'insufficient_privilege',
            DETAIL = 'Masked roles read the masking schema first (search_path): its owner would choose the code they run.',
            HINT = 'Drop or rename that schema, or give it to a superuser (ALTER SCHEMA ... OWNER TO).';
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO %s', maskschema, maskedrole);
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %s', maskschema, maskedrole);
  EXECUTE format('ALTER ROLE %s SET search_path TO %I, %I', maskedrole, maskschema, sourceschema);
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.mask_role(regrole)
IS 'PostgreSQL Anonymizer compatibility: let a masked role read the legacy masking views first (search_path); it stays masked everywhere';

CREATE FUNCTION anon.unmask_role(maskedrole regrole)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RAISE NOTICE 'the search_path of % is reset; its MASKED label stays', maskedrole
    USING HINT = 'Remove the label to stop masking it: SECURITY LABEL FOR anon ON ROLE ... IS NULL.';
  EXECUTE format('ALTER ROLE %s RESET search_path', maskedrole);
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.unmask_role(regrole)
IS 'PostgreSQL Anonymizer compatibility: reset the search_path mask_role set (the role stays masked while labelled)';

CREATE FUNCTION anon.mask_update()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  maskschema text := pg_catalog.current_setting('anon.maskschema');
  sourceschema text := pg_catalog.current_setting('anon.sourceschema');
  r record;
  viewsql text;
BEGIN
  -- legacy masking is off while the mask schema does not exist
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = maskschema) THEN
    RETURN false;
  END IF;
  FOR r IN
    SELECT c.oid::regclass AS rel, c.relname,
           pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS qualified,
           (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname) || ' '
                                         || pg_catalog.format_type(a.atttypid, a.atttypmod),
                                         ', ' ORDER BY a.attnum)
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS coldefs,
           v.oid IS NOT NULL AS has_view
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_class v
      ON v.relname = c.relname AND v.relkind = 'v'
     AND v.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = maskschema)
    WHERE n.nspname = sourceschema
      AND c.relkind IN ('r', 'p', 'f', 'm')
      AND NOT c.relispartition
    ORDER BY c.relname
  LOOP
    viewsql := format('VIEW %I.%I WITH (security_invoker = true, security_barrier = true) AS '
                      'SELECT * FROM anon._legacy_masked_rows(%L::regclass) AS m(%s) '
                      'WHERE NOT anon._reader_is_masked() '
                      'UNION ALL SELECT * FROM %s WHERE anon._reader_is_masked()',
                      maskschema, r.relname, r.qualified, r.coldefs, r.qualified);
    IF NOT r.has_view THEN
      EXECUTE 'CREATE ' || viewsql;
    ELSE
      -- replace in place, so that objects that depend on the view stay;
      -- when the table's columns changed, drop it and create it again
      BEGIN
        EXECUTE 'CREATE OR REPLACE ' || viewsql;
      EXCEPTION WHEN invalid_table_definition OR datatype_mismatch OR feature_not_supported THEN
        EXECUTE format('DROP VIEW %I.%I', maskschema, r.relname);
        EXECUTE 'CREATE ' || viewsql;
      END;
    END IF;
  END LOOP;
  PERFORM anon.mask_role(m.roleid::regrole)
  FROM anon.masked_roles m
  WHERE m.policy = 'anon' AND m.kind = 'MASKED';
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.mask_update()
IS 'PostgreSQL Anonymizer compatibility: (re)build the legacy masking views of anon.sourceschema in anon.maskschema';

CREATE FUNCTION anon.start_dynamic_masking(autoload boolean DEFAULT true)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM anon._require_superuser('start the dynamic masking engine');
  IF autoload THEN
    PERFORM anon.init();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace
                 WHERE nspname = pg_catalog.current_setting('anon.maskschema')) THEN
    EXECUTE format('CREATE SCHEMA %I', pg_catalog.current_setting('anon.maskschema'));
  END IF;
  -- Masked roles read the mask schema first: whoever owns it chooses the
  -- code they run (functions and operators that win over pg_catalog's for
  -- their argument types, views over their tables).  A role that could
  -- create it before the DBA must not own it.
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n
             JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
             WHERE n.nspname = pg_catalog.current_setting('anon.maskschema') AND NOT r.rolsuper) THEN
    RAISE EXCEPTION 'schema "%" does not belong to a superuser', pg_catalog.current_setting('anon.maskschema')
      USING ERRCODE = 'insufficient_privilege',
            DETAIL = 'Masked roles read the masking schema first (search_path): its owner would choose the code they run.',
            HINT = 'Drop or rename that schema, or give it to a superuser (ALTER SCHEMA ... OWNER TO).';
  END IF;
  PERFORM anon.mask_update();
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.start_dynamic_masking(boolean)
IS 'PostgreSQL Anonymizer compatibility: create the legacy masking views; masked roles are masked whether or not it runs';

CREATE FUNCTION anon.stop_dynamic_masking()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  maskschema text := pg_catalog.current_setting('anon.maskschema');
  r record;
BEGIN
  PERFORM anon._require_superuser('stop the dynamic masking engine');
  FOR r IN
    SELECT c.relname FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = maskschema AND c.relkind = 'v'
    ORDER BY 1
  LOOP
    EXECUTE format('DROP VIEW %I.%I', maskschema, r.relname);
  END LOOP;
  PERFORM anon.unmask_role(m.roleid::regrole)
  FROM anon.masked_roles m
  WHERE m.policy = 'anon' AND m.kind = 'MASKED';
  EXECUTE format('DROP SCHEMA IF EXISTS %I', maskschema);
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.stop_dynamic_masking()
IS 'PostgreSQL Anonymizer compatibility: drop the legacy masking views; masked roles stay masked while labelled';

-- Keep the views in step with the tables, as PA does, when the schema of
-- views exists and a superuser runs the DDL (anyone else's tables get a
-- view at the next anon.mask_update(); until then a masked role reads the
-- table itself, masked).
CREATE FUNCTION anon._mask_update_after_ddl()
RETURNS event_trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  maskschema text := pg_catalog.current_setting('anon.maskschema', true);
BEGIN
  IF maskschema IS NOT NULL
     AND EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = maskschema)
     AND (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
    PERFORM anon.mask_update();
  END IF;
END;
$$;
COMMENT ON FUNCTION anon._mask_update_after_ddl()
IS 'event trigger: rebuild the legacy masking views after a change of tables, when they exist';

CREATE EVENT TRIGGER anon_mask_update_after_ddl ON ddl_command_end
WHEN TAG IN ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO', 'ALTER TABLE',
             'CREATE FOREIGN TABLE', 'ALTER FOREIGN TABLE',
             'CREATE MATERIALIZED VIEW', 'SECURITY LABEL')
EXECUTE FUNCTION anon._mask_update_after_ddl();

--------------------------------------------------------------------------
-- Masking functions PA has and anon had not
--------------------------------------------------------------------------

CREATE FUNCTION anon.ternary(condition boolean, then_val anycompatible, else_val anycompatible)
RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$SELECT CASE WHEN condition THEN then_val ELSE else_val END$$;
COMMENT ON FUNCTION anon.ternary(boolean, anycompatible, anycompatible)
IS 'then_val when condition is true, else else_val (also for NULL): a short conditional masking rule';

CREATE SEQUENCE anon.random_id_seq;
GRANT USAGE ON SEQUENCE anon.random_id_seq TO PUBLIC;

CREATE FUNCTION anon.random_id()
RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL UNSAFE
AS $$SELECT pg_catalog.nextval('anon.random_id_seq'::pg_catalog.regclass)$$;
COMMENT ON FUNCTION anon.random_id()
IS 'a new identifier from anon.random_id_seq: distinct on every call (not random despite PA''s name)';

CREATE FUNCTION anon.random_id_int()
RETURNS integer
LANGUAGE sql VOLATILE PARALLEL UNSAFE
AS $$SELECT (pg_catalog.nextval('anon.random_id_seq'::pg_catalog.regclass) OPERATOR(pg_catalog.%) 2147483647)::integer$$;
COMMENT ON FUNCTION anon.random_id_int()
IS 'a new integer identifier from anon.random_id_seq (distinct until it wraps at 2^31 - 1)';

CREATE FUNCTION anon.random_id_smallint()
RETURNS smallint
LANGUAGE sql VOLATILE PARALLEL UNSAFE
AS $$SELECT (pg_catalog.nextval('anon.random_id_seq'::pg_catalog.regclass) OPERATOR(pg_catalog.%) 32767)::smallint$$;
COMMENT ON FUNCTION anon.random_id_smallint()
IS 'a new smallint identifier from anon.random_id_seq (distinct until it wraps at 2^15 - 1)';

CREATE FUNCTION anon.dnoise(noise_value time, noise_range interval)
RETURNS time
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
AS $$SELECT noise_value OPERATOR(pg_catalog.+) anon._static_noise_interval(noise_range)$$;
COMMENT ON FUNCTION anon.dnoise(time, interval)
IS 'the time moved by noise_range * U, U uniform on [-1, 1) (wrapping around midnight)';

CREATE FUNCTION anon.random_string(r int4range)
RETURNS text
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
AS $$SELECT anon.random_string(anon.random_in_int4range(r))$$;
COMMENT ON FUNCTION anon.random_string(int4range)
IS 'random letters and digits, of a length drawn uniformly from the range';

CREATE FUNCTION anon.image_blur(data bytea, sigma double precision DEFAULT 1.0)
RETURNS bytea
AS 'MODULE_PATHNAME', 'anon_pa_image_blur'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.image_blur(bytea, double precision)
IS 'the image (binary PGM/PPM or uncompressed BMP) blurred by a Gaussian of sigma pixels; other formats are an error';

--------------------------------------------------------------------------
-- pseudo_*: the salt is optional (anon.salt, else the database key) and a
-- text literal is a seed
--------------------------------------------------------------------------

CREATE FUNCTION anon.pseudo_first_name(seed anyelement)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_first_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_first_name(anyelement)
IS 'pseudo_first_name(seed, anon.salt); without anon.salt, seeded_first_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_first_name(anyelement) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_first_name(seed text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_first_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_first_name(text)
IS 'pseudo_first_name(seed, anon.salt); without anon.salt, seeded_first_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_first_name(text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_first_name(seed text, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pseudo_first_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_first_name(text, text)
IS 'a first name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_first_name(text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_last_name(seed anyelement)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_last_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_last_name(anyelement)
IS 'pseudo_last_name(seed, anon.salt); without anon.salt, seeded_last_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_last_name(anyelement) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_last_name(seed text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_last_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_last_name(text)
IS 'pseudo_last_name(seed, anon.salt); without anon.salt, seeded_last_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_last_name(text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_last_name(seed text, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pseudo_last_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_last_name(text, text)
IS 'a last name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_last_name(text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_email(seed anyelement)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_email'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_email(anyelement)
IS 'pseudo_email(seed, anon.salt); without anon.salt, seeded_free_email(seed) (the database key); not unique: use anon.pseudonymize for that';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_email(anyelement) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_email(seed text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_email'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_email(text)
IS 'pseudo_email(seed, anon.salt); without anon.salt, seeded_free_email(seed) (the database key); not unique: use anon.pseudonymize for that';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_email(text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_email(seed text, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pseudo_email'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_email(text, text)
IS 'an email address chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_email(text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_city(seed anyelement)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_city'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_city(anyelement)
IS 'pseudo_city(seed, anon.salt); without anon.salt, seeded_city_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_city(anyelement) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_city(seed text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_city'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_city(text)
IS 'pseudo_city(seed, anon.salt); without anon.salt, seeded_city_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_city(text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_city(seed text, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pseudo_city'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_city(text, text)
IS 'a city name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_city(text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_country(seed anyelement)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_country'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_country(anyelement)
IS 'pseudo_country(seed, anon.salt); without anon.salt, seeded_country_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_country(anyelement) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_country(seed text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_country'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_country(text)
IS 'pseudo_country(seed, anon.salt); without anon.salt, seeded_country_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_country(text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_country(seed text, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pseudo_country'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_country(text, text)
IS 'a country name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_country(text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_company(seed anyelement)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_company'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_company(anyelement)
IS 'pseudo_company(seed, anon.salt); without anon.salt, seeded_company_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_company(anyelement) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_company(seed text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_company'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_company(text)
IS 'pseudo_company(seed, anon.salt); without anon.salt, seeded_company_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_company(text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_company(seed text, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pseudo_company'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_company(text, text)
IS 'a company name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_company(text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_iban(seed anyelement)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_iban'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_iban(anyelement)
IS 'a valid French IBAN whose digits are HMAC-SHA256 of the seed under the database key and anon.salt';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_iban(anyelement) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_iban(seed text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_iban'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_iban(text)
IS 'a valid French IBAN whose digits are HMAC-SHA256 of the seed under the database key and anon.salt';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_iban(text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_iban(seed anyelement, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_iban'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_iban(anyelement, text)
IS 'a valid French IBAN whose digits are HMAC-SHA256(salt, seed)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_iban(anyelement, text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_iban(seed text, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_iban'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_iban(text, text)
IS 'a valid French IBAN whose digits are HMAC-SHA256(salt, seed)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_iban(text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_siret(seed anyelement)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_siret'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_siret(anyelement)
IS 'a Luhn-valid SIRET whose digits are HMAC-SHA256 of the seed under the database key and anon.salt';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_siret(anyelement) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_siret(seed text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_siret'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_siret(text)
IS 'a Luhn-valid SIRET whose digits are HMAC-SHA256 of the seed under the database key and anon.salt';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_siret(text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_siret(seed anyelement, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_siret'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_siret(anyelement, text)
IS 'a Luhn-valid SIRET whose digits are HMAC-SHA256(salt, seed)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_siret(anyelement, text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_siret(seed text, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_siret'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_siret(text, text)
IS 'a Luhn-valid SIRET whose digits are HMAC-SHA256(salt, seed)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_siret(text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_siren(seed anyelement)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_siren'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_siren(anyelement)
IS 'a Luhn-valid SIREN (that of pseudo_siret(seed)), keyed by the database key and anon.salt';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_siren(anyelement) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_siren(seed text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_siren'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_siren(text)
IS 'a Luhn-valid SIREN (that of pseudo_siret(seed)), keyed by the database key and anon.salt';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_siren(text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_siren(seed anyelement, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_siren'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_siren(anyelement, text)
IS 'a Luhn-valid SIREN (that of pseudo_siret(seed, salt)), keyed by HMAC-SHA256(salt, seed)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_siren(anyelement, text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_siren(seed text, salt text)
RETURNS text AS 'MODULE_PATHNAME', 'anon_pa_pseudo_siren'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_siren(text, text)
IS 'a Luhn-valid SIREN (that of pseudo_siret(seed, salt)), keyed by HMAC-SHA256(salt, seed)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_siren(text, text) IS 'RESTRICTED';

--------------------------------------------------------------------------
-- NULL in, as PA: generalize_*(NULL) is the unbounded range (src/generalize.c)
--------------------------------------------------------------------------

ALTER FUNCTION anon.generalize_int4range(integer, integer) CALLED ON NULL INPUT;
ALTER FUNCTION anon.generalize_int8range(bigint, bigint) CALLED ON NULL INPUT;
ALTER FUNCTION anon.generalize_numrange(numeric, numeric) CALLED ON NULL INPUT;
ALTER FUNCTION anon.generalize_daterange(date, text) CALLED ON NULL INPUT;
ALTER FUNCTION anon.generalize_tsrange(timestamp, text) CALLED ON NULL INPUT;
ALTER FUNCTION anon.generalize_tstzrange(timestamptz, text) CALLED ON NULL INPUT;

--------------------------------------------------------------------------
-- anon.* names of built-in functions, for rules written as PA documents
-- them (same volatility as the built-in; SQL, so the planner inlines them)
--------------------------------------------------------------------------

CREATE FUNCTION anon.left(str text, n integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.left(str, n)$$;
COMMENT ON FUNCTION anon.left(text, integer) IS 'pg_catalog.left';
CREATE FUNCTION anon.right(str text, n integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.right(str, n)$$;
COMMENT ON FUNCTION anon.right(text, integer) IS 'pg_catalog.right';
CREATE FUNCTION anon.length(str text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.length(str)$$;
COMMENT ON FUNCTION anon.length(text) IS 'pg_catalog.length';
CREATE FUNCTION anon.lower(str text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.lower(str)$$;
COMMENT ON FUNCTION anon.lower(text) IS 'pg_catalog.lower';
CREATE FUNCTION anon.upper(str text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.upper(str)$$;
COMMENT ON FUNCTION anon.upper(text) IS 'pg_catalog.upper';
CREATE FUNCTION anon.md5(str text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.md5(str)$$;
COMMENT ON FUNCTION anon.md5(text) IS 'pg_catalog.md5 (an unkeyed hash: guessable values can be recovered; prefer anon.hash)';
CREATE FUNCTION anon.concat(VARIADIC "any") RETURNS text
AS 'text_concat' LANGUAGE internal STABLE PARALLEL SAFE;
COMMENT ON FUNCTION anon.concat("any") IS 'pg_catalog.concat';
CREATE FUNCTION anon.substr(str text, start integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.substr(str, start)$$;
COMMENT ON FUNCTION anon.substr(text, integer) IS 'pg_catalog.substr';
CREATE FUNCTION anon.substr(str text, start integer, count integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.substr(str, start, count)$$;
COMMENT ON FUNCTION anon.substr(text, integer, integer) IS 'pg_catalog.substr';
CREATE FUNCTION anon.to_char(v timestamp, fmt text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.to_char(v, fmt)$$;
COMMENT ON FUNCTION anon.to_char(timestamp, text) IS 'pg_catalog.to_char';
CREATE FUNCTION anon.to_char(v timestamptz, fmt text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.to_char(v, fmt)$$;
COMMENT ON FUNCTION anon.to_char(timestamptz, text) IS 'pg_catalog.to_char';
CREATE FUNCTION anon.to_char(v interval, fmt text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.to_char(v, fmt)$$;
COMMENT ON FUNCTION anon.to_char(interval, text) IS 'pg_catalog.to_char';
CREATE FUNCTION anon.to_char(v numeric, fmt text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.to_char(v, fmt)$$;
COMMENT ON FUNCTION anon.to_char(numeric, text) IS 'pg_catalog.to_char';
CREATE FUNCTION anon.to_char(v integer, fmt text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.to_char(v, fmt)$$;
COMMENT ON FUNCTION anon.to_char(integer, text) IS 'pg_catalog.to_char';
CREATE FUNCTION anon.to_char(v bigint, fmt text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.to_char(v, fmt)$$;
COMMENT ON FUNCTION anon.to_char(bigint, text) IS 'pg_catalog.to_char';
CREATE FUNCTION anon.to_char(v double precision, fmt text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.to_char(v, fmt)$$;
COMMENT ON FUNCTION anon.to_char(double precision, text) IS 'pg_catalog.to_char';
CREATE FUNCTION anon.to_date(str text, fmt text) RETURNS date
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.to_date(str, fmt)$$;
COMMENT ON FUNCTION anon.to_date(text, text) IS 'pg_catalog.to_date';
CREATE FUNCTION anon.to_number(str text, fmt text) RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.to_number(str, fmt)$$;
COMMENT ON FUNCTION anon.to_number(text, text) IS 'pg_catalog.to_number';
CREATE FUNCTION anon.to_timestamp(str text, fmt text) RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.to_timestamp(str, fmt)$$;
COMMENT ON FUNCTION anon.to_timestamp(text, text) IS 'pg_catalog.to_timestamp';
CREATE FUNCTION anon.to_timestamp(epoch double precision) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.to_timestamp(epoch)$$;
COMMENT ON FUNCTION anon.to_timestamp(double precision) IS 'pg_catalog.to_timestamp';
CREATE FUNCTION anon.date_trunc(field text, v timestamp) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.date_trunc(field, v)$$;
COMMENT ON FUNCTION anon.date_trunc(text, timestamp) IS 'pg_catalog.date_trunc';
CREATE FUNCTION anon.date_trunc(field text, v timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.date_trunc(field, v)$$;
COMMENT ON FUNCTION anon.date_trunc(text, timestamptz) IS 'pg_catalog.date_trunc';
CREATE FUNCTION anon.date_trunc(field text, v interval) RETURNS interval
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.date_trunc(field, v)$$;
COMMENT ON FUNCTION anon.date_trunc(text, interval) IS 'pg_catalog.date_trunc';
CREATE FUNCTION anon.date_part(field text, v timestamp) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.date_part(field, v)$$;
COMMENT ON FUNCTION anon.date_part(text, timestamp) IS 'pg_catalog.date_part';
CREATE FUNCTION anon.date_part(field text, v timestamptz) RETURNS double precision
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.date_part(field, v)$$;
COMMENT ON FUNCTION anon.date_part(text, timestamptz) IS 'pg_catalog.date_part';
CREATE FUNCTION anon.date_part(field text, v date) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.date_part(field, v)$$;
COMMENT ON FUNCTION anon.date_part(text, date) IS 'pg_catalog.date_part';
CREATE FUNCTION anon.date_part(field text, v interval) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.date_part(field, v)$$;
COMMENT ON FUNCTION anon.date_part(text, interval) IS 'pg_catalog.date_part';
CREATE FUNCTION anon.date_add(v timestamptz, i interval) RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT v OPERATOR(pg_catalog.+) i$$;
COMMENT ON FUNCTION anon.date_add(timestamptz, interval) IS 'PostgreSQL 16''s date_add: v + i in the session''s time zone';
CREATE FUNCTION anon.date_add(v timestamptz, i interval, zone text) RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$SELECT ((v AT TIME ZONE zone) OPERATOR(pg_catalog.+) i) AT TIME ZONE zone$$;
COMMENT ON FUNCTION anon.date_add(timestamptz, interval, text) IS 'PostgreSQL 16''s date_add: v + i in time zone zone';
CREATE FUNCTION anon.date_subtract(v timestamptz, i interval) RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT v OPERATOR(pg_catalog.-) i$$;
COMMENT ON FUNCTION anon.date_subtract(timestamptz, interval) IS 'PostgreSQL 16''s date_subtract: v - i in the session''s time zone';
CREATE FUNCTION anon.date_subtract(v timestamptz, i interval, zone text) RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$SELECT ((v AT TIME ZONE zone) OPERATOR(pg_catalog.-) i) AT TIME ZONE zone$$;
COMMENT ON FUNCTION anon.date_subtract(timestamptz, interval, text) IS 'PostgreSQL 16''s date_subtract: v - i in time zone zone';
CREATE FUNCTION anon.make_date(year integer, month integer, day integer) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.make_date(year, month, day)$$;
COMMENT ON FUNCTION anon.make_date(integer, integer, integer) IS 'pg_catalog.make_date';
CREATE FUNCTION anon.make_time(hour integer, min integer, sec double precision) RETURNS time
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.make_time(hour, min, sec)$$;
COMMENT ON FUNCTION anon.make_time(integer, integer, double precision) IS 'pg_catalog.make_time';
CREATE FUNCTION anon.age(a timestamp, b timestamp) RETURNS interval
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.age(a, b)$$;
COMMENT ON FUNCTION anon.age(timestamp, timestamp) IS 'pg_catalog.age';
CREATE FUNCTION anon.age(a timestamp) RETURNS interval
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.age(a)$$;
COMMENT ON FUNCTION anon.age(timestamp) IS 'pg_catalog.age (from today)';
CREATE FUNCTION anon.age(a timestamptz, b timestamptz) RETURNS interval
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.age(a, b)$$;
COMMENT ON FUNCTION anon.age(timestamptz, timestamptz) IS 'pg_catalog.age';
CREATE FUNCTION anon.age(a timestamptz) RETURNS interval
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$SELECT pg_catalog.age(a)$$;
COMMENT ON FUNCTION anon.age(timestamptz) IS 'pg_catalog.age (from today)';
CREATE FUNCTION anon.now() RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$SELECT pg_catalog.now()$$;
COMMENT ON FUNCTION anon.now() IS 'pg_catalog.now: the start of the transaction';

--------------------------------------------------------------------------
-- Static masking switch (anon.static_masking), and PA's pg_dump
--------------------------------------------------------------------------

CREATE FUNCTION anon._static_masking_check()
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_pa_static_masking_check'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION anon._static_masking_check()
IS 'internal: ERROR when anon.static_masking is off';

-- PA's static masking functions return a boolean; the *_report functions
-- (sqlsrc/30_static.sql) return one row per table masked.  A table or a
-- column without a rule is left as it is: NULL for a table, false for a
-- column, after the NOTICE or WARNING of the report function, as in PA.
-- A policy that would break a foreign key is refused with PA's SQLSTATE
-- (foreign_key_violation), the constraint, table and schema named.

CREATE FUNCTION anon.anonymize_table(relid regclass, policy text DEFAULT 'anon',
                                     fire_triggers boolean DEFAULT false)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  n bigint;
  msg text;
  det text;
  hnt text;
  con text;
  tab text;
  sch text;
BEGIN
  PERFORM anon._static_masking_check();
  SELECT count(*) INTO n FROM anon.anonymize_table_report(relid, policy, fire_triggers);
  RETURN CASE WHEN n > 0 THEN true END;
EXCEPTION WHEN invalid_object_definition THEN
  -- a policy that would break a foreign key (src/fk_consistency.c names
  -- the constraint): PA's UPDATE fails there with foreign_key_violation,
  -- which PA's scripts catch; the refusal is the same, under PA's code
  GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                          hnt = PG_EXCEPTION_HINT, con = CONSTRAINT_NAME,
                          tab = TABLE_NAME, sch = SCHEMA_NAME;
  IF con = '' THEN
    RAISE;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = msg, DETAIL = det,
                        HINT = hnt, CONSTRAINT = con, TABLE = tab, SCHEMA = sch;
END;
$$;
COMMENT ON FUNCTION anon.anonymize_table(regclass, text, boolean)
IS 'apply the masking rules of a policy to a table (and its partitions or children) in place; true, or NULL when it has no rule (anonymize_table_report says more)';

CREATE FUNCTION anon.anonymize_column(relid regclass, column_name name,
                                      policy text DEFAULT 'anon',
                                      fire_triggers boolean DEFAULT false)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  n bigint;
  msg text;
  det text;
  hnt text;
  con text;
  tab text;
  sch text;
BEGIN
  PERFORM anon._static_masking_check();
  -- no such column: nothing to mask, as in PA (the report is an error)
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = relid AND a.attname = column_name
                   AND a.attnum > 0 AND NOT a.attisdropped) THEN
    RAISE WARNING 'column "%" of table "%" has no masking rule for policy "%"',
                  column_name, (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = relid),
                  policy
      USING HINT = 'The table has no such column.';
    RETURN false;
  END IF;
  SELECT count(*) INTO n
  FROM anon.anonymize_column_report(relid, column_name, policy, fire_triggers);
  RETURN n > 0;
EXCEPTION WHEN invalid_object_definition THEN
  -- a policy that would break a foreign key (src/fk_consistency.c names
  -- the constraint): PA's UPDATE fails there with foreign_key_violation,
  -- which PA's scripts catch; the refusal is the same, under PA's code
  GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                          hnt = PG_EXCEPTION_HINT, con = CONSTRAINT_NAME,
                          tab = TABLE_NAME, sch = SCHEMA_NAME;
  IF con = '' THEN
    RAISE;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = msg, DETAIL = det,
                        HINT = hnt, CONSTRAINT = con, TABLE = tab, SCHEMA = sch;
END;
$$;
COMMENT ON FUNCTION anon.anonymize_column(regclass, name, text, boolean)
IS 'apply the masking rule of one column in place; false when it has none (anonymize_column_report says more)';

CREATE FUNCTION anon.anonymize_database(policy text DEFAULT 'anon',
                                        fire_triggers boolean DEFAULT false)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  msg text;
  det text;
  hnt text;
  con text;
  tab text;
  sch text;
BEGIN
  PERFORM anon._static_masking_check();
  PERFORM count(*) FROM anon.anonymize_database_report(policy, fire_triggers);
  RETURN true;
EXCEPTION WHEN invalid_object_definition THEN
  -- a policy that would break a foreign key (src/fk_consistency.c names
  -- the constraint): PA's UPDATE fails there with foreign_key_violation,
  -- which PA's scripts catch; the refusal is the same, under PA's code
  GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                          hnt = PG_EXCEPTION_HINT, con = CONSTRAINT_NAME,
                          tab = TABLE_NAME, sch = SCHEMA_NAME;
  IF con = '' THEN
    RAISE;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = msg, DETAIL = det,
                        HINT = hnt, CONSTRAINT = con, TABLE = tab, SCHEMA = sch;
END;
$$;
COMMENT ON FUNCTION anon.anonymize_database(text, boolean)
IS 'apply the masking rules of a policy to every table of the database, in one transaction; true (anonymize_database_report says more)';

CREATE FUNCTION anon.add_noise_on_numeric_column(noise_table regclass, noise_column text,
                                                 ratio double precision)
RETURNS boolean
LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM anon._static_masking_check();
  PERFORM count(*) FROM anon.add_noise_on_numeric_column_report(noise_table, noise_column, ratio);
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.add_noise_on_numeric_column(regclass, text, double precision)
IS 'multiply each value of a numeric column by 1 + ratio * U, U uniform on [-1, 1), in place; true';

CREATE FUNCTION anon.add_noise_on_datetime_column(noise_table regclass, noise_column text,
                                                  variation interval)
RETURNS boolean
LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM anon._static_masking_check();
  PERFORM count(*) FROM anon.add_noise_on_datetime_column_report(noise_table, noise_column, variation);
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.add_noise_on_datetime_column(regclass, text, interval)
IS 'move each value of a date or timestamp column by variation * U, U uniform on [-1, 1), in place; true';

-- pg_dump reads the data of every configuration table of the extension:
-- a masked role that dumps the database must be able to read the budgets
-- (how much each role may spend is not data about anyone).
GRANT SELECT ON anon.dp_budget TO PUBLIC;

-- PostgreSQL Anonymizer's random functions return NULL for a NULL bound or
-- length (they are STRICT); so do these (a NULL masks to NULL, as PA's)
ALTER FUNCTION anon.random_int_between(integer, integer) STRICT;
ALTER FUNCTION anon.random_bigint_between(bigint, bigint) STRICT;
ALTER FUNCTION anon.random_string(integer) STRICT;
ALTER FUNCTION anon.random_date_between(timestamptz, timestamptz) STRICT;
