
--------------------------------------------------------------------------
-- Generated fakes without a dictionary (src/fake_gen.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.fake_iban()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_iban'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_iban()
IS 'an IBAN with valid ISO 7064 MOD 97-10 check digits (AT, BE, CH, DE, ES, FR, GB or NL)';

CREATE FUNCTION anon.fake_iban(country text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_iban_country'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_iban(text)
IS 'an IBAN of the given country with valid check digits';

CREATE FUNCTION anon.fake_credit_card()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_credit_card'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_credit_card()
IS 'a Luhn-valid card number with the prefix of a published test card';

CREATE FUNCTION anon.fake_credit_card(brand text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_credit_card_brand'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_credit_card(text)
IS 'a Luhn-valid test card number of a brand: visa, mastercard, amex or discover';

CREATE FUNCTION anon.fake_siren()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_siren'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_siren()
IS 'a Luhn-valid French SIREN (9 digits)';

CREATE FUNCTION anon.fake_siret()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_siret'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_siret()
IS 'a Luhn-valid French SIRET (14 digits)';

CREATE FUNCTION anon.fake_ssn()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_ssn'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_ssn()
IS 'a US social security number AAA-GG-SSSS under the SSA rules';

CREATE FUNCTION anon.fake_ipv4()
RETURNS inet
AS 'MODULE_PATHNAME', 'anon_fake_ipv4'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_ipv4()
IS 'a public unicast IPv4 address (outside the RFC 6890 special-purpose blocks)';

CREATE FUNCTION anon.fake_ipv6()
RETURNS inet
AS 'MODULE_PATHNAME', 'anon_fake_ipv6'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_ipv6()
IS 'a global unicast IPv6 address in 2000::/3';

CREATE FUNCTION anon.fake_mac()
RETURNS macaddr
AS 'MODULE_PATHNAME', 'anon_fake_mac'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_mac()
IS 'a unicast, locally administered MAC address';

CREATE FUNCTION anon.fake_uuid()
RETURNS uuid
AS 'MODULE_PATHNAME', 'anon_fake_uuid'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_uuid()
IS 'a version 4 UUID';

CREATE FUNCTION anon.fake_url()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_url'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_url()
IS 'an https URL made of random letters';
