
--------------------------------------------------------------------------
-- Shuffling (src/shuffle.c): static permutation of a column's values
--------------------------------------------------------------------------

CREATE FUNCTION anon.shuffle_column(shuffle_table regclass, shuffle_column name, primary_key name)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_shuffle_column'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.shuffle_column(regclass, name, name)
IS 'permute the values of a column across the rows of a table (Fisher-Yates, owner only, transactional)';
