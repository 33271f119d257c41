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
