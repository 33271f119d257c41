
--------------------------------------------------------------------------
-- Partial scrambling (src/partial.c): pure functions of the value
--------------------------------------------------------------------------

CREATE FUNCTION anon.partial(ov text, prefix integer, padding text, suffix integer)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_partial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.partial(text, integer, text, integer)
IS 'the first prefix characters, the padding, then the last suffix characters';

CREATE FUNCTION anon.partial_email(ov text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_partial_email'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.partial_email(text)
IS 'an e-mail address reduced to two characters of its local part and domain, and its top-level domain';

CREATE FUNCTION anon.mask_phone(ov text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_mask_phone'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.mask_phone(text)
IS 'a phone number with every digit but the country code and the last two replaced by X, separators kept';

CREATE FUNCTION anon.mask_card_number(ov text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_mask_card_number'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.mask_card_number(text)
IS 'a card number with every digit but the last four replaced by X, separators kept';

CREATE FUNCTION anon.mask_iban(ov text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_mask_iban'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.mask_iban(text)
IS 'an IBAN with its country code and last four characters kept, the rest replaced by X';
