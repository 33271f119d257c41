-- pacompat: anonymize_table, anonymize_column, anonymize_database and
-- add_noise_on_*_column return a boolean, as PostgreSQL Anonymizer's do
-- (sqlsrc/84_pa_compat.sql); their 1.0 forms, which return one row per
-- table masked, are kept under the names *_report (same C functions).
DROP FUNCTION anon.anonymize_table(regclass, text, boolean);
DROP FUNCTION anon.anonymize_column(regclass, name, text, boolean);
DROP FUNCTION anon.anonymize_database(text, boolean);
DROP FUNCTION anon.add_noise_on_numeric_column(regclass, text, double precision);
DROP FUNCTION anon.add_noise_on_datetime_column(regclass, text, interval);

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
