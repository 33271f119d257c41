--------------------------------------------------------------------------
-- PostgreSQL Anonymizer compatibility, third part: what PA's regression
-- suite and documentation call that 84_pa_compat.sql and 85_pa_compat2.sql
-- do not define, or define with another result
--------------------------------------------------------------------------

-- PA's anon.register_masking_policy(name) registers the policy and labels
-- the schemas pg_catalog and anon TRUSTED for it; so does this one.  Both
-- labels change nothing here (anon is always trusted, and pg_catalog's
-- functions are trusted one by one whatever its label says), but PA's
-- scripts count them.
CREATE FUNCTION anon.register_masking_policy(policy text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $$
BEGIN
  PERFORM anon._register_masking_policy(policy);
  -- the name was checked (letters, digits, underscores); quoted all the same
  EXECUTE format('SECURITY LABEL FOR %I ON SCHEMA pg_catalog IS %L', policy, 'TRUSTED');
  EXECUTE format('SECURITY LABEL FOR %I ON SCHEMA anon IS %L', policy, 'TRUSTED');
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.register_masking_policy(text)
IS 'PostgreSQL Anonymizer compatibility: registers a masking policy (a label provider) in this session and labels the schemas pg_catalog and anon TRUSTED for it, as PA does (superusers; anon.masking_policies registers it in every session)';
REVOKE ALL ON FUNCTION anon.register_masking_policy(text) FROM PUBLIC;

-- PA's anon.anonymize_database_parallel(workers) returns a boolean; the
-- rows of anon 1.0's form (one per table masked) are
-- anon.anonymize_database_parallel_report's.  An incomplete run is an
-- error here, never false: it names the tables left unmasked.
CREATE FUNCTION anon.anonymize_database_parallel(workers integer, policy text DEFAULT 'anon')
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM anon._static_masking_check();
  PERFORM count(*) FROM anon.anonymize_database_parallel_report(workers, policy);
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.anonymize_database_parallel(integer, text)
IS 'mask every table with rules of the policy on up to workers background workers (at most anon.max_bg_workers), each table or group of tables a foreign key links in its own transaction; true, or an error that names the tables left unmasked (anonymize_database_parallel_report says more)';
