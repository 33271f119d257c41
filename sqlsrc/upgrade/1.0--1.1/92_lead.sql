--------------------------------------------------------------------------
-- 1.0 -> 1.1, lead: the query trees of pg_rewrite as a masked role reads
-- them (src/label_secrecy.c).
--------------------------------------------------------------------------

CREATE FUNCTION anon._redact_tree(tree pg_node_tree)
RETURNS pg_node_tree
AS 'MODULE_PATHNAME', 'anon_redact_tree'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._redact_tree(pg_node_tree)
IS 'a query tree of pg_rewrite as a masked role reads it: every constant NULL (views and masking views hold the rules'' salts)';
