--------------------------------------------------------------------------
-- Fail closed (src/fail_closed.c): masked and DIFFERENTIAL PRIVACY roles,
-- and their members, load anon at login (session_preload_libraries), so a
-- server that does not preload anon refuses their sessions.
--------------------------------------------------------------------------

CREATE FUNCTION anon._fail_closed_sync()
RETURNS void
AS 'MODULE_PATHNAME', 'anon_fail_closed_sync'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._fail_closed_sync()
IS 'gives every role labelled MASKED or DIFFERENTIAL PRIVACY, and every member of one, anon in its session_preload_libraries (superuser only; run by the install and upgrade scripts)';
REVOKE ALL ON FUNCTION anon._fail_closed_sync() FROM PUBLIC;

-- roles labelled before this version (role labels outlive the extension)
SELECT anon._fail_closed_sync();

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
