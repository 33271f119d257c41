--------------------------------------------------------------------------
-- Label secrecy (src/label_secrecy.c): masked roles read the labels of
-- anon's providers with every literal constant (salts) redacted.
--------------------------------------------------------------------------

CREATE FUNCTION anon._redact_label(provider text, label text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_redact_label'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._redact_label(text, text)
IS 'a security label as a masked role reads it: for anon''s providers, every literal constant replaced by a placeholder and comments dropped; other providers'' labels as they are';

CREATE FUNCTION anon._redact_tree(tree pg_node_tree)
RETURNS pg_node_tree
AS 'MODULE_PATHNAME', 'anon_redact_tree'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._redact_tree(pg_node_tree)
IS 'a query tree of pg_rewrite as a masked role reads it: every constant NULL (views and masking views hold the rules'' salts)';
