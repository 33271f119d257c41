-- pacompat: the pseudo_* functions added by 84_pacompat.sql use a secret
-- (a salt or the database key): RESTRICTED, as sqlsrc/89_restricted.sql
-- labels every pseudo_* function of a fresh install.
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure
    FROM pg_catalog.pg_proc p
    WHERE p.pronamespace = 'anon'::regnamespace
      AND p.proname LIKE 'pseudo\_%'
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_seclabel s
                      WHERE s.classoid = 'pg_catalog.pg_proc'::regclass
                        AND s.objoid = p.oid AND s.provider = 'anon')
    ORDER BY 1
  LOOP
    EXECUTE format('SECURITY LABEL FOR anon ON FUNCTION %s IS %L', f, 'RESTRICTED');
  END LOOP;
END
$$;
