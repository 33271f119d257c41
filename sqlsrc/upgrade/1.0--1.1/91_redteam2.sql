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
