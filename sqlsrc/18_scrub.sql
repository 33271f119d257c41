
--------------------------------------------------------------------------
-- Free text (src/scrub.c): personal data found inside text and masked
--------------------------------------------------------------------------

CREATE FUNCTION anon.scrub_text(value text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_scrub_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.scrub_text(text)
IS 'the text with every e-mail address, phone number, card number, IBAN, IP address and national id replaced by a typed placeholder';

CREATE FUNCTION anon.scrub_text(value text, kinds text[])
RETURNS text
AS 'MODULE_PATHNAME', 'anon_scrub_text_kinds'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.scrub_text(text, text[])
IS 'the text with the personal data of the given kinds (email, phone, card, iban, ip, national_id) replaced by typed placeholders';

CREATE FUNCTION anon.scrub_text(value text, kinds text[], keep_format boolean)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_scrub_text_format'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.scrub_text(text, text[], boolean)
IS 'as scrub_text(text, text[]); with keep_format, letters and digits become X instead of a placeholder';

CREATE FUNCTION anon.scrub_kinds(value text)
RETURNS text[]
AS 'MODULE_PATHNAME', 'anon_scrub_kinds_found'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.scrub_kinds(text)
IS 'the kinds of personal data (email, phone, card, iban, ip, national_id) that anon.scrub_text finds in the text, without the values';
