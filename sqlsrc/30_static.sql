--------------------------------------------------------------------------
-- Static masking (src/static.c, src/static_rewrite.c, src/static_update.c)
--------------------------------------------------------------------------
-- The *_report functions return one row per table masked; the functions of
-- PostgreSQL Anonymizer's names (anonymize_table, anonymize_column,
-- anonymize_database, add_noise_on_*_column) call them and return a
-- boolean, as PA's do (sqlsrc/84_pa_compat.sql).

CREATE FUNCTION anon.anonymize_table_report(
    relid regclass,
    policy text DEFAULT 'anon',
    fire_triggers boolean DEFAULT false,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_anonymize_table'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.anonymize_table_report(regclass, text, boolean)
IS 'apply the masking rules of a policy to a table (and its partitions or children) in place; one row per table masked';

CREATE FUNCTION anon.anonymize_column_report(
    relid regclass,
    column_name name,
    policy text DEFAULT 'anon',
    fire_triggers boolean DEFAULT false,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_anonymize_column'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.anonymize_column_report(regclass, name, text, boolean)
IS 'apply the masking rule of one column in place; one row per table masked';

CREATE FUNCTION anon.anonymize_database_report(
    policy text DEFAULT 'anon',
    fire_triggers boolean DEFAULT false,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_anonymize_database'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.anonymize_database_report(text, boolean)
IS 'apply the masking rules of a policy to every table of the database, in one transaction';

CREATE FUNCTION anon._static_noise_factor(ratio double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'anon_static_noise_factor'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._static_noise_factor(double precision)
IS 'internal: 1 + ratio * U, U uniform on [-1, 1)';

CREATE FUNCTION anon._static_noise_interval(variation interval)
RETURNS interval
AS 'MODULE_PATHNAME', 'anon_static_noise_interval'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._static_noise_interval(interval)
IS 'internal: variation * U, U uniform on [-1, 1)';

CREATE FUNCTION anon.add_noise_on_numeric_column_report(
    noise_table regclass,
    noise_column text,
    ratio double precision,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_add_noise_on_numeric_column'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.add_noise_on_numeric_column_report(regclass, text, double precision)
IS 'multiply each value of a numeric column by 1 + ratio * U, U uniform on [-1, 1), in place';

CREATE FUNCTION anon.add_noise_on_datetime_column_report(
    noise_table regclass,
    noise_column text,
    variation interval,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_add_noise_on_datetime_column'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.add_noise_on_datetime_column_report(regclass, text, interval)
IS 'move each value of a date or timestamp column by variation * U, U uniform on [-1, 1), in place';

CREATE FUNCTION anon.create_masked_copy(
    source_schema name,
    target_schema name,
    policy text DEFAULT 'anon',
    subset text[] DEFAULT NULL,
    include_referencing boolean DEFAULT false,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_create_masked_copy'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.create_masked_copy(name, name, text, text[], boolean)
IS 'copy every table of a schema into another schema (created if missing) with the masking rules applied, or a subset of its rows closed along the foreign keys; the source is untouched';

--------------------------------------------------------------------------
-- Progress of static masking (src/progress.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.progress_anonymize(
    OUT pid integer,
    OUT datid oid,
    OUT userid oid,
    OUT relid oid,
    OUT phase text,
    OUT method text,
    OUT heap_blks_total bigint,
    OUT heap_blks_scanned bigint,
    OUT tuples_done bigint,
    OUT tables_total integer,
    OUT tables_done integer)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_progress_anonymize'
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon.progress_anonymize()
IS 'one row per backend running static masking, read from shared memory; details only for the same role, superusers and pg_read_all_stats';

CREATE VIEW anon.pg_stat_progress_anonymize AS
SELECT p.pid, p.datid, d.datname, p.userid, p.relid, p.phase, p.method,
       p.heap_blks_total, p.heap_blks_scanned, p.tuples_done,
       p.tables_total, p.tables_done
FROM anon.progress_anonymize() p
LEFT JOIN pg_catalog.pg_database d ON d.oid = p.datid;
COMMENT ON VIEW anon.pg_stat_progress_anonymize
IS 'progress of anonymize_table, anonymize_column, anonymize_database, the noise functions and create_masked_copy, one row per backend';
GRANT SELECT ON anon.pg_stat_progress_anonymize TO PUBLIC;
