--------------------------------------------------------------------------
-- Static masking (src/static.c, src/static_rewrite.c, src/static_update.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.anonymize_table(
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
COMMENT ON FUNCTION anon.anonymize_table(regclass, text, boolean)
IS 'apply the masking rules of a policy to a table (and its partitions or children) in place; one row per table masked';

CREATE FUNCTION anon.anonymize_column(
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
COMMENT ON FUNCTION anon.anonymize_column(regclass, name, text, boolean)
IS 'apply the masking rule of one column in place; one row per table masked';

CREATE FUNCTION anon.anonymize_database(
    policy text DEFAULT 'anon',
    fire_triggers boolean DEFAULT false,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_anonymize_database'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.anonymize_database(text, boolean)
IS 'apply the masking rules of a policy to every table of the database, in one transaction';
