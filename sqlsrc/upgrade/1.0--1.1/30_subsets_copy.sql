-- subsets: create_masked_copy takes a subset (rows closed along the foreign
-- keys) and include_referencing; the 1.0 signature's calls still work
-- through the defaults.
DROP FUNCTION anon.create_masked_copy(name, name, text);
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
