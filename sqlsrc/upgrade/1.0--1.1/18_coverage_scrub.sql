-- coverage (issue 21): the kinds anon.scrub_text finds in a text, for
-- anon.coverage's counts of free-text columns (sqlsrc/18_scrub.sql)
CREATE FUNCTION anon.scrub_kinds(value text)
RETURNS text[]
AS 'MODULE_PATHNAME', 'anon_scrub_kinds_found'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.scrub_kinds(text)
IS 'the kinds of personal data (email, phone, card, iban, ip, national_id) that anon.scrub_text finds in the text, without the values';
