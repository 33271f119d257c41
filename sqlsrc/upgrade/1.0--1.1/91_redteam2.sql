-- redteam2: stop_masked_replication drops the trigger, its function and the
-- shadow as the table's owner (sqlsrc/32_masked_replication.sql)
CREATE OR REPLACE FUNCTION anon.stop_masked_replication(source regclass, drop_target boolean DEFAULT false)
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

-- redteam2: mask_role and start_dynamic_masking refuse a masking schema that
-- does not belong to a superuser (sqlsrc/84_pa_compat.sql)
CREATE OR REPLACE FUNCTION anon.mask_role(maskedrole regrole)
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

CREATE OR REPLACE FUNCTION anon.start_dynamic_masking(autoload boolean DEFAULT true)
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
