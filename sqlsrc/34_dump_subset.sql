--------------------------------------------------------------------------
-- Subsets of masked dumps (src/subset_dump.c)
--------------------------------------------------------------------------

-- The dump subsets the DBA declared: a masked role reads, in a schema,
-- only the rows of its subset, closed along the foreign keys.
CREATE TABLE anon.dump_subsets (
    role_name name NOT NULL,
    schema_name name NOT NULL,
    subset text[] NOT NULL,
    include_referencing boolean NOT NULL,
    PRIMARY KEY (role_name, schema_name)
);
COMMENT ON TABLE anon.dump_subsets
IS 'dump subsets: the rows a masked role reads in a schema (set with anon.set_dump_subset)';
SELECT pg_catalog.pg_extension_config_dump('anon.dump_subsets', '');
GRANT SELECT ON anon.dump_subsets TO PUBLIC;

CREATE FUNCTION anon.set_dump_subset(
    role_name name,
    schema_name name,
    subset text[],
    include_referencing boolean DEFAULT false)
RETURNS void
AS 'MODULE_PATHNAME', 'anon_set_dump_subset'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.set_dump_subset(name, name, text[], boolean)
IS 'declare the dump subset of a masked role in a schema (''table WHERE condition'' entries, closed along the foreign keys); a NULL subset removes it';

CREATE FUNCTION anon._dump_subset_member(oid, integer, VARIADIC "any")
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_dump_subset_member'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon._dump_subset_member(oid, integer, "any")
IS 'internal: the row filter of dump subsets (is this masked key in the reader''s subset?)';
