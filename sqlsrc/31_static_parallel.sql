--------------------------------------------------------------------------
-- Parallel static masking (src/static_parallel.c)
--------------------------------------------------------------------------

-- anon.anonymize_database_parallel(workers), PA's boolean form, calls this
-- one (sqlsrc/86_pa_compat3.sql)
CREATE FUNCTION anon.anonymize_database_parallel_report(
    workers integer,
    policy text DEFAULT 'anon',
    OUT table_name regclass,
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_anonymize_database_parallel'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.anonymize_database_parallel_report(integer, text)
IS 'mask every table with rules of the policy on up to workers background workers, each table in its own transaction; one row per table masked; an error names the tables left unmasked';
