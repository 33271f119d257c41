-- Fake values from dictionaries (src/dict.c, src/fake.c): anon.fake_*,
-- anon.dummy_*, anon.lorem_ipsum, the salted pickers anon.pseudo_*, and the
-- DBA's own dictionaries (anon.dictionaries, anon.load_dictionary).

--------------------------------------------------------------------------
-- Dictionaries
--------------------------------------------------------------------------

-- Custom dictionaries: a row replaces the built-in dictionary of the same
-- name and locale, or adds a new one.  Kept by pg_dump.
CREATE TABLE anon.dictionaries (
    name text NOT NULL
        CHECK (name OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]*$' AND pg_catalog.length(name) < 64),
    locale text NOT NULL
        CHECK (locale OPERATOR(pg_catalog.~) '^[a-z]{2,3}(_[A-Z]{2})?$'),
    entries text[] NOT NULL
        CHECK (pg_catalog.cardinality(entries) > 0
               AND pg_catalog.array_ndims(entries) = 1
               AND pg_catalog.array_position(entries, NULL) IS NULL
               AND pg_catalog.array_position(entries, '') IS NULL),
    PRIMARY KEY (name, locale)
);
COMMENT ON TABLE anon.dictionaries
IS 'custom dictionaries of fake values; a row replaces the built-in dictionary of the same name and locale';
SELECT pg_catalog.pg_extension_config_dump('anon.dictionaries', '');
GRANT SELECT ON anon.dictionaries TO PUBLIC;

-- Every backend reloads its dictionaries when the table changes.
CREATE FUNCTION anon._dict_invalidate()
RETURNS trigger
AS 'MODULE_PATHNAME', 'anon_dict_invalidate'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
REVOKE ALL ON FUNCTION anon._dict_invalidate() FROM PUBLIC;
COMMENT ON FUNCTION anon._dict_invalidate()
IS 'trigger on anon.dictionaries: tells every backend to reload its dictionaries';

CREATE TRIGGER dictionaries_invalidate
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON anon.dictionaries
FOR EACH STATEMENT EXECUTE FUNCTION anon._dict_invalidate();

CREATE FUNCTION anon.load_dictionary(name text, locale text, entries text[])
RETURNS integer
LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF load_dictionary.name IS NULL OR load_dictionary.locale IS NULL
       OR load_dictionary.entries IS NULL THEN
        RAISE EXCEPTION 'arguments of load_dictionary must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF load_dictionary.name !~ '^[a-z][a-z0-9_]*$' OR length(load_dictionary.name) > 63 THEN
        RAISE EXCEPTION 'invalid dictionary name'
            USING ERRCODE = 'invalid_name',
                  HINT = 'A dictionary name is at most 63 lower-case letters, digits and underscores, starting with a letter.';
    END IF;
    IF load_dictionary.locale !~ '^[a-z]{2,3}(_[A-Z]{2})?$' THEN
        RAISE EXCEPTION 'invalid locale name'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A locale is two or three lower-case letters, optionally followed by an underscore and a two-letter upper-case country code, such as "en_US".';
    END IF;
    IF cardinality(load_dictionary.entries) = 0 THEN
        RAISE EXCEPTION 'a dictionary needs at least one entry'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF array_ndims(load_dictionary.entries) <> 1 THEN
        RAISE EXCEPTION 'dictionary entries must be a one-dimensional array'
            USING ERRCODE = 'array_subscript_error';
    END IF;
    IF array_position(load_dictionary.entries, NULL) IS NOT NULL
       OR array_position(load_dictionary.entries, '') IS NOT NULL THEN
        RAISE EXCEPTION 'dictionary entries must not be null or empty'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    INSERT INTO anon.dictionaries AS d (name, locale, entries)
    VALUES (load_dictionary.name, load_dictionary.locale, load_dictionary.entries)
    ON CONFLICT (name, locale) DO UPDATE SET entries = EXCLUDED.entries;
    RETURN cardinality(load_dictionary.entries);
END
$$;
REVOKE ALL ON FUNCTION anon.load_dictionary(text, text, text[]) FROM PUBLIC;
COMMENT ON FUNCTION anon.load_dictionary(text, text, text[])
IS 'add or replace the dictionary name for locale; returns the number of entries';

CREATE FUNCTION anon.unload_dictionary(name text, locale text)
RETURNS boolean
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH d AS (
        DELETE FROM anon.dictionaries d
        WHERE d.name = unload_dictionary.name AND d.locale = unload_dictionary.locale
        RETURNING 1)
    SELECT count(*) > 0 FROM d;
END;
REVOKE ALL ON FUNCTION anon.unload_dictionary(text, text) FROM PUBLIC;
COMMENT ON FUNCTION anon.unload_dictionary(text, text)
IS 'remove a custom dictionary (the built-in one, if any, is used again); true when one was removed';

CREATE FUNCTION anon.dictionary(name text, locale text DEFAULT NULL)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'anon_dictionary_entries'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dictionary(text, text)
IS 'entries of the dictionary name for locale (NULL: anon.locale)';

CREATE FUNCTION anon.list_dictionaries(
    OUT name text, OUT locale text, OUT entries integer, OUT custom boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_dictionaries'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.list_dictionaries()
IS 'every dictionary: name, locale, number of entries, and whether it is custom';

--------------------------------------------------------------------------
-- Faking: random values from the dictionaries of anon.locale
--------------------------------------------------------------------------

CREATE FUNCTION anon.fake_first_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_first_name'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_first_name()
IS 'a random first name (anon.locale)';

CREATE FUNCTION anon.fake_last_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_last_name'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_last_name()
IS 'a random last name (anon.locale)';

CREATE FUNCTION anon.fake_email()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_email'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_email()
IS 'a random email address at a free email provider (anon.locale)';

CREATE FUNCTION anon.fake_city()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_city'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_city()
IS 'a random city name (anon.locale)';

CREATE FUNCTION anon.fake_country()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_country'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_country()
IS 'a random country name (anon.locale)';

CREATE FUNCTION anon.fake_company()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_company'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_company()
IS 'a random company name (anon.locale)';

CREATE FUNCTION anon.fake_address()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_address'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_address()
IS 'a random postal address: number, street, postcode and city (anon.locale)';

CREATE FUNCTION anon.fake_postcode()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_postcode'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_postcode()
IS 'a random postcode (anon.locale)';

--------------------------------------------------------------------------
-- dummy_*: PostgreSQL Anonymizer's dummy family, for anon.locale or a locale
--------------------------------------------------------------------------

CREATE FUNCTION anon.dummy_first_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_first_name'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_first_name()
IS 'a random first name (anon.locale)';

CREATE FUNCTION anon.dummy_first_name_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_first_name_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_first_name_locale(text)
IS 'a random first name for locale';

CREATE FUNCTION anon.dummy_last_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_last_name'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_last_name()
IS 'a random last name (anon.locale)';

CREATE FUNCTION anon.dummy_last_name_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_last_name_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_last_name_locale(text)
IS 'a random last name for locale';

CREATE FUNCTION anon.dummy_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_name'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_name()
IS 'a random first name and last name (anon.locale)';

CREATE FUNCTION anon.dummy_name_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_name_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_name_locale(text)
IS 'a random first name and last name for locale';

CREATE FUNCTION anon.dummy_city_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_city'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_city_name()
IS 'a random city name (anon.locale)';

CREATE FUNCTION anon.dummy_city_name_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_city_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_city_name_locale(text)
IS 'a random city name for locale';

CREATE FUNCTION anon.dummy_country_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_country'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_country_name()
IS 'a random country name (anon.locale)';

CREATE FUNCTION anon.dummy_country_name_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_country_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_country_name_locale(text)
IS 'a random country name for locale';

CREATE FUNCTION anon.dummy_street_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_street'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_street_name()
IS 'a random street name (anon.locale)';

CREATE FUNCTION anon.dummy_street_name_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_street_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_street_name_locale(text)
IS 'a random street name for locale';

CREATE FUNCTION anon.dummy_building_number()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_building_number'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_building_number()
IS 'a random building number (anon.locale)';

CREATE FUNCTION anon.dummy_building_number_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_building_number_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_building_number_locale(text)
IS 'a random building number for locale';

CREATE FUNCTION anon.dummy_zip_code()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_postcode'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_zip_code()
IS 'a random postcode (anon.locale)';

CREATE FUNCTION anon.dummy_zip_code_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_postcode_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_zip_code_locale(text)
IS 'a random postcode for locale';

CREATE FUNCTION anon.dummy_post_code()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_postcode'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_post_code()
IS 'a random postcode (anon.locale)';

CREATE FUNCTION anon.dummy_post_code_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_postcode_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_post_code_locale(text)
IS 'a random postcode for locale';

CREATE FUNCTION anon.dummy_company_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_company'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_company_name()
IS 'a random company name (anon.locale)';

CREATE FUNCTION anon.dummy_company_name_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_company_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_company_name_locale(text)
IS 'a random company name for locale';

CREATE FUNCTION anon.dummy_company_suffix()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_company_suffix'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_company_suffix()
IS 'a random legal form of company (anon.locale)';

CREATE FUNCTION anon.dummy_company_suffix_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_company_suffix_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_company_suffix_locale(text)
IS 'a random legal form of company for locale';

CREATE FUNCTION anon.dummy_job_title()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_job_title'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_job_title()
IS 'a random job title (anon.locale)';

CREATE FUNCTION anon.dummy_job_title_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_job_title_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_job_title_locale(text)
IS 'a random job title for locale';

CREATE FUNCTION anon.dummy_free_email()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_email'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_free_email()
IS 'a random email address at a free email provider (anon.locale)';

CREATE FUNCTION anon.dummy_free_email_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_email_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_free_email_locale(text)
IS 'a random email address at a free email provider for locale';

CREATE FUNCTION anon.dummy_free_email_provider()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_email_provider'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_free_email_provider()
IS 'a random free email provider domain (anon.locale)';

CREATE FUNCTION anon.dummy_free_email_provider_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_email_provider_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_free_email_provider_locale(text)
IS 'a random free email provider domain for locale';

CREATE FUNCTION anon.dummy_safe_email()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_safe_email'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_safe_email()
IS 'a random email address at example.com, example.org or example.net (anon.locale)';

CREATE FUNCTION anon.dummy_safe_email_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_safe_email_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_safe_email_locale(text)
IS 'a random email address at example.com, example.org or example.net for locale';

CREATE FUNCTION anon.dummy_username()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_username'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_username()
IS 'a random username (anon.locale)';

CREATE FUNCTION anon.dummy_username_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_username_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_username_locale(text)
IS 'a random username for locale';

CREATE FUNCTION anon.dummy_word()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_word'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_word()
IS 'a random word (anon.locale)';

CREATE FUNCTION anon.dummy_word_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_word_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_word_locale(text)
IS 'a random word for locale';

CREATE FUNCTION anon.dummy_sentence()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_sentence'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_sentence()
IS 'a random sentence of 4 to 12 words (anon.locale)';

CREATE FUNCTION anon.dummy_sentence_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_sentence_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_sentence_locale(text)
IS 'a random sentence of 4 to 12 words for locale';

CREATE FUNCTION anon.dummy_paragraph()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_paragraph'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_paragraph()
IS 'a random paragraph of 3 to 7 sentences (anon.locale)';

CREATE FUNCTION anon.dummy_paragraph_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_paragraph_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_paragraph_locale(text)
IS 'a random paragraph of 3 to 7 sentences for locale';

CREATE FUNCTION anon.dummy_name_with_title()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_name_with_title'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_name_with_title()
IS 'a random title, first name and last name (anon.locale)';

CREATE FUNCTION anon.dummy_name_with_title_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_name_with_title_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_name_with_title_locale(text)
IS 'a random title, first name and last name for locale';

CREATE FUNCTION anon.dummy_title()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_title'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_title()
IS 'a random title (Mr., Mme, Herr, ...) (anon.locale)';

CREATE FUNCTION anon.dummy_title_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_title_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_title_locale(text)
IS 'a random title (Mr., Mme, Herr, ...) for locale';

CREATE FUNCTION anon.dummy_secondary_address()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_secondary_address'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_secondary_address()
IS 'a random secondary address line (apartment, floor, ...) (anon.locale)';

CREATE FUNCTION anon.dummy_secondary_address_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_secondary_address_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_secondary_address_locale(text)
IS 'a random secondary address line (apartment, floor, ...) for locale';

CREATE FUNCTION anon.dummy_street_suffix()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_street_suffix'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_street_suffix()
IS 'a random street suffix (anon.locale)';

CREATE FUNCTION anon.dummy_street_suffix_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_street_suffix_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_street_suffix_locale(text)
IS 'a random street suffix for locale';

CREATE FUNCTION anon.dummy_state_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_state'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_state_name()
IS 'a random state or region of the locale (anon.locale)';

CREATE FUNCTION anon.dummy_state_name_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_state_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_state_name_locale(text)
IS 'a random state or region of the locale for locale';

CREATE FUNCTION anon.dummy_country_code()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_country_code'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_country_code()
IS 'a random ISO 3166-1 alpha-2 country code (anon.locale)';

CREATE FUNCTION anon.dummy_country_code_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_country_code_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_country_code_locale(text)
IS 'a random ISO 3166-1 alpha-2 country code for locale';

CREATE FUNCTION anon.dummy_timezone()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_time_zone'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_timezone()
IS 'a random IANA time zone name (anon.locale)';

CREATE FUNCTION anon.dummy_timezone_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_time_zone_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_timezone_locale(text)
IS 'a random IANA time zone name for locale';

CREATE FUNCTION anon.dummy_color()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_color'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_color()
IS 'a random colour name (anon.locale)';

CREATE FUNCTION anon.dummy_color_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_color_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_color_locale(text)
IS 'a random colour name for locale';

CREATE FUNCTION anon.dummy_currency_code()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_currency_code'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_currency_code()
IS 'a random ISO 4217 currency code (anon.locale)';

CREATE FUNCTION anon.dummy_currency_code_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_currency_code_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_currency_code_locale(text)
IS 'a random ISO 4217 currency code for locale';

CREATE FUNCTION anon.dummy_currency_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_currency_name'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_currency_name()
IS 'a random currency name (anon.locale)';

CREATE FUNCTION anon.dummy_currency_name_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_currency_name_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_currency_name_locale(text)
IS 'a random currency name for locale';

CREATE FUNCTION anon.dummy_domain_suffix()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_domain_suffix'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_domain_suffix()
IS 'a random domain suffix (anon.locale)';

CREATE FUNCTION anon.dummy_domain_suffix_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_domain_suffix_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_domain_suffix_locale(text)
IS 'a random domain suffix for locale';

CREATE FUNCTION anon.dummy_profession()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_profession'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_profession()
IS 'a random profession (anon.locale)';

CREATE FUNCTION anon.dummy_profession_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_profession_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_profession_locale(text)
IS 'a random profession for locale';

CREATE FUNCTION anon.dummy_buzzword()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_buzzword'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_buzzword()
IS 'a random business buzzword (anon.locale)';

CREATE FUNCTION anon.dummy_buzzword_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_buzzword_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_buzzword_locale(text)
IS 'a random business buzzword for locale';

CREATE FUNCTION anon.dummy_catchphrase()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_catch_phrase'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_catchphrase()
IS 'a random company catch phrase (anon.locale)';

CREATE FUNCTION anon.dummy_catchphrase_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_catch_phrase_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_catchphrase_locale(text)
IS 'a random company catch phrase for locale';

CREATE FUNCTION anon.dummy_bs()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_bs'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_bs()
IS 'a random business phrase (anon.locale)';

CREATE FUNCTION anon.dummy_bs_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_bs_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_bs_locale(text)
IS 'a random business phrase for locale';

--------------------------------------------------------------------------
-- More of PostgreSQL Anonymizer's dummy_* family, for anon.locale or a locale
--------------------------------------------------------------------------

CREATE FUNCTION anon.dummy_phone_number()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_phone'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_phone_number()
IS 'a random phone number in a national format (anon.locale)';

CREATE FUNCTION anon.dummy_phone_number_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_phone_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_phone_number_locale(text)
IS 'a random phone number in a national format for locale';

CREATE FUNCTION anon.dummy_cell_number()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_cell_phone'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_cell_number()
IS 'a random mobile phone number in a national format (anon.locale)';

CREATE FUNCTION anon.dummy_cell_number_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_cell_phone_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_cell_number_locale(text)
IS 'a random mobile phone number in a national format for locale';

CREATE FUNCTION anon.dummy_city_prefix()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_city_prefix'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_city_prefix()
IS 'a random city name prefix (North, Port, ...) (anon.locale)';

CREATE FUNCTION anon.dummy_city_prefix_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_city_prefix_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_city_prefix_locale(text)
IS 'a random city name prefix (North, Port, ...) for locale';

CREATE FUNCTION anon.dummy_city_suffix()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_city_suffix'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_city_suffix()
IS 'a random city name suffix (ville, town, ...) (anon.locale)';

CREATE FUNCTION anon.dummy_city_suffix_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_city_suffix_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_city_suffix_locale(text)
IS 'a random city name suffix (ville, town, ...) for locale';

CREATE FUNCTION anon.dummy_state_abbr()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_state_abbr'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_state_abbr()
IS 'a random abbreviation of a state or region (anon.locale)';

CREATE FUNCTION anon.dummy_state_abbr_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_state_abbr_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_state_abbr_locale(text)
IS 'a random abbreviation of a state or region for locale';

CREATE FUNCTION anon.dummy_secondary_address_type()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_secondary_address_type'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_secondary_address_type()
IS 'a random kind of secondary address (Apt., Suite, ...) (anon.locale)';

CREATE FUNCTION anon.dummy_secondary_address_type_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_secondary_address_type_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_secondary_address_type_locale(text)
IS 'a random kind of secondary address (Apt., Suite, ...) for locale';

CREATE FUNCTION anon.dummy_suffix()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_suffix'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_suffix()
IS 'a random name suffix (Jr., PhD, ...) (anon.locale)';

CREATE FUNCTION anon.dummy_suffix_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_suffix_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_suffix_locale(text)
IS 'a random name suffix (Jr., PhD, ...) for locale';

CREATE FUNCTION anon.dummy_currency_symbol()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_currency_symbol'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_currency_symbol()
IS 'a random currency symbol (anon.locale)';

CREATE FUNCTION anon.dummy_currency_symbol_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_currency_symbol_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_currency_symbol_locale(text)
IS 'a random currency symbol for locale';

CREATE FUNCTION anon.dummy_buzzword_middle()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_buzzword_middle'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_buzzword_middle()
IS 'a random catch phrase middle word (anon.locale)';

CREATE FUNCTION anon.dummy_buzzword_middle_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_buzzword_middle_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_buzzword_middle_locale(text)
IS 'a random catch phrase middle word for locale';

CREATE FUNCTION anon.dummy_buzzword_tail()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_buzzword_tail'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_buzzword_tail()
IS 'a random catch phrase last word (anon.locale)';

CREATE FUNCTION anon.dummy_buzzword_tail_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_buzzword_tail_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_buzzword_tail_locale(text)
IS 'a random catch phrase last word for locale';

CREATE FUNCTION anon.dummy_bs_verb()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_bs_verb'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_bs_verb()
IS 'a random business verb (anon.locale)';

CREATE FUNCTION anon.dummy_bs_verb_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_bs_verb_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_bs_verb_locale(text)
IS 'a random business verb for locale';

CREATE FUNCTION anon.dummy_bs_adj()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_bs_adj'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_bs_adj()
IS 'a random business adjective (anon.locale)';

CREATE FUNCTION anon.dummy_bs_adj_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_bs_adj_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_bs_adj_locale(text)
IS 'a random business adjective for locale';

CREATE FUNCTION anon.dummy_bs_noun()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_bs_noun'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_bs_noun()
IS 'a random business noun (anon.locale)';

CREATE FUNCTION anon.dummy_bs_noun_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_bs_noun_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_bs_noun_locale(text)
IS 'a random business noun for locale';

CREATE FUNCTION anon.dummy_industry()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_industry'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_industry()
IS 'a random industry (ISIC Rev. 4 section) (anon.locale)';

CREATE FUNCTION anon.dummy_industry_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_industry_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_industry_locale(text)
IS 'a random industry (ISIC Rev. 4 section) for locale';

CREATE FUNCTION anon.dummy_user_agent()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_user_agent'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_user_agent()
IS 'a random web browser user agent string (anon.locale)';

CREATE FUNCTION anon.dummy_user_agent_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_user_agent_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_user_agent_locale(text)
IS 'a random web browser user agent string for locale';

CREATE FUNCTION anon.dummy_file_extension()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_file_extension'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_file_extension()
IS 'a random file name extension (anon.locale)';

CREATE FUNCTION anon.dummy_file_extension_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_file_extension_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_file_extension_locale(text)
IS 'a random file name extension for locale';

CREATE FUNCTION anon.dummy_file_name()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_file_name'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_file_name()
IS 'a random file name (anon.locale)';

CREATE FUNCTION anon.dummy_file_name_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_file_name_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_file_name_locale(text)
IS 'a random file name for locale';

CREATE FUNCTION anon.dummy_dir_path()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_dir_path'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_dir_path()
IS 'a random directory path (anon.locale)';

CREATE FUNCTION anon.dummy_dir_path_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_dir_path_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_dir_path_locale(text)
IS 'a random directory path for locale';

CREATE FUNCTION anon.dummy_file_path()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_file_path'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_file_path()
IS 'a random file path: a directory and a file name (anon.locale)';

CREATE FUNCTION anon.dummy_file_path_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_file_path_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_file_path_locale(text)
IS 'a random file path: a directory and a file name for locale';

CREATE FUNCTION anon.fake_phone()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_phone'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_phone()
IS 'a random phone number in a format of anon.locale';

--------------------------------------------------------------------------
-- dummy_* values generated without a dictionary (src/fake_dummy.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.dummy_latitude()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_latitude'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_latitude()
IS 'a random latitude in degrees (uniform on the sphere), 6 decimals';

CREATE FUNCTION anon.dummy_latitude_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_latitude_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_latitude_locale(text)
IS 'a random latitude in degrees (uniform on the sphere), 6 decimals, for locale';

CREATE FUNCTION anon.dummy_longitude()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_longitude'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_longitude()
IS 'a random longitude in degrees, 6 decimals';

CREATE FUNCTION anon.dummy_longitude_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_longitude_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_longitude_locale(text)
IS 'a random longitude in degrees, 6 decimals, for locale';

CREATE FUNCTION anon.dummy_isbn()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_isbn'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_isbn()
IS 'a random ISBN-10 with a valid check digit';

CREATE FUNCTION anon.dummy_isbn_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_isbn_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_isbn_locale(text)
IS 'a random ISBN-10 with a valid check digit, for locale';

CREATE FUNCTION anon.dummy_isbn13()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_isbn13'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_isbn13()
IS 'a random ISBN-13 (978) with a valid check digit';

CREATE FUNCTION anon.dummy_isbn13_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_isbn13_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_isbn13_locale(text)
IS 'a random ISBN-13 (978) with a valid check digit, for locale';

CREATE FUNCTION anon.dummy_hex_color()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_hex_color'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_hex_color()
IS 'a random colour as #rrggbb';

CREATE FUNCTION anon.dummy_hex_color_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_hex_color_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_hex_color_locale(text)
IS 'a random colour as #rrggbb, for locale';

CREATE FUNCTION anon.dummy_rgb_color()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_rgb_color'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_rgb_color()
IS 'a random colour as rgb(r, g, b)';

CREATE FUNCTION anon.dummy_rgb_color_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_rgb_color_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_rgb_color_locale(text)
IS 'a random colour as rgb(r, g, b), for locale';

CREATE FUNCTION anon.dummy_rgba_color()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_rgba_color'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_rgba_color()
IS 'a random colour as rgba(r, g, b, a)';

CREATE FUNCTION anon.dummy_rgba_color_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_rgba_color_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_rgba_color_locale(text)
IS 'a random colour as rgba(r, g, b, a), for locale';

CREATE FUNCTION anon.dummy_hsl_color()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_hsl_color'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_hsl_color()
IS 'a random colour as hsl(h, s%, l%)';

CREATE FUNCTION anon.dummy_hsl_color_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_hsl_color_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_hsl_color_locale(text)
IS 'a random colour as hsl(h, s%, l%), for locale';

CREATE FUNCTION anon.dummy_hsla_color()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_hsla_color'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_hsla_color()
IS 'a random colour as hsla(h, s%, l%, a)';

CREATE FUNCTION anon.dummy_hsla_color_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_hsla_color_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_hsla_color_locale(text)
IS 'a random colour as hsla(h, s%, l%, a), for locale';

CREATE FUNCTION anon.dummy_credit_card_number()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_credit_card'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_credit_card_number()
IS 'a random Luhn-valid test card number';

CREATE FUNCTION anon.dummy_credit_card_number_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_credit_card_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_credit_card_number_locale(text)
IS 'a random Luhn-valid test card number, for locale';

CREATE FUNCTION anon.dummy_bic()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_bic'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_bic()
IS 'a random test BIC (ISO 9362) of the country of the locale';

CREATE FUNCTION anon.dummy_bic_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_bic_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_bic_locale(text)
IS 'a random test BIC (ISO 9362) of the country of the locale, for locale';

CREATE FUNCTION anon.dummy_isin()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_isin'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_isin()
IS 'a random ISIN (ISO 6166) of the country of the locale, valid check digit';

CREATE FUNCTION anon.dummy_isin_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_isin_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_isin_locale(text)
IS 'a random ISIN (ISO 6166) of the country of the locale, valid check digit, for locale';

CREATE FUNCTION anon.dummy_rfc_status_code()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_rfc_status_code'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_rfc_status_code()
IS 'a random registered HTTP status code and its reason phrase';

CREATE FUNCTION anon.dummy_rfc_status_code_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_rfc_status_code_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_rfc_status_code_locale(text)
IS 'a random registered HTTP status code and its reason phrase, for locale';

CREATE FUNCTION anon.dummy_valid_statux_code()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_valid_status_code'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_valid_statux_code()
IS 'a random HTTP status code of 100-599 (PostgreSQL Anonymizers spelling)';

CREATE FUNCTION anon.dummy_valid_statux_code_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_valid_status_code_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_valid_statux_code_locale(text)
IS 'a random HTTP status code of 100-599 (PostgreSQL Anonymizers spelling), for locale';

CREATE FUNCTION anon.dummy_valid_status_code()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_valid_status_code'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_valid_status_code()
IS 'a random HTTP status code of 100-599';

CREATE FUNCTION anon.dummy_valid_status_code_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_valid_status_code_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_valid_status_code_locale(text)
IS 'a random HTTP status code of 100-599, for locale';

CREATE FUNCTION anon.dummy_ipv4()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_ipv4'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_ipv4()
IS 'a random public unicast IPv4 address';

CREATE FUNCTION anon.dummy_ipv4_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_ipv4_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_ipv4_locale(text)
IS 'a random public unicast IPv4 address, for locale';

CREATE FUNCTION anon.dummy_ipv6()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_ipv6'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_ipv6()
IS 'a random global unicast IPv6 address';

CREATE FUNCTION anon.dummy_ipv6_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_ipv6_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_ipv6_locale(text)
IS 'a random global unicast IPv6 address, for locale';

CREATE FUNCTION anon.dummy_ip()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_ip'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_ip()
IS 'a random public IPv4 or IPv6 address';

CREATE FUNCTION anon.dummy_ip_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_ip_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_ip_locale(text)
IS 'a random public IPv4 or IPv6 address, for locale';

CREATE FUNCTION anon.dummy_mac_address()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_mac_address'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_mac_address()
IS 'a random unicast, locally administered MAC address';

CREATE FUNCTION anon.dummy_mac_address_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_mac_address_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_mac_address_locale(text)
IS 'a random unicast, locally administered MAC address, for locale';

CREATE FUNCTION anon.dummy_uuidv1()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_uuidv1'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_uuidv1()
IS 'a random version 1 UUID (current time, random multicast node)';

CREATE FUNCTION anon.dummy_uuidv3()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_uuidv3'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_uuidv3()
IS 'a random version 3 UUID';

CREATE FUNCTION anon.dummy_uuidv4()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_uuidv4'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_uuidv4()
IS 'a random version 4 UUID';

CREATE FUNCTION anon.dummy_uuidv5()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_uuidv5'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_uuidv5()
IS 'a random version 5 UUID';

CREATE FUNCTION anon.dummy_health_insurance_code()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_health_insurance_code'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_health_insurance_code()
IS 'a random French health insurance number (NIR) with a valid key';

CREATE FUNCTION anon.dummy_licence_plate()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_licence_plate'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_licence_plate()
IS 'a random French licence plate (AA-123-AA)';

CREATE FUNCTION anon.dummy_words(r int4range)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_words'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_words(int4range)
IS 'random words of anon.locale, separated by spaces, their number uniform in the range';

CREATE FUNCTION anon.dummy_words_locale(locale text, r int4range)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_dummy_words_locale'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dummy_words_locale(text, int4range)
IS 'random words of locale, separated by spaces, their number uniform in the range';

CREATE FUNCTION anon.lorem_ipsum(paragraphs integer DEFAULT 5,
                                 words integer DEFAULT 0,
                                 characters integer DEFAULT 0)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_lorem_ipsum'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.lorem_ipsum(integer, integer, integer)
IS 'lorem ipsum text: that many characters if characters > 0, else that many words if words > 0, else that many paragraphs';

--------------------------------------------------------------------------
-- pseudo_*: the same seed and salt always give the same entry (HMAC-SHA256)
--------------------------------------------------------------------------

CREATE FUNCTION anon.pseudo_first_name(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_first_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_first_name(anyelement, text)
IS 'a first name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_first_name(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_first_name(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_first_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_first_name(anyelement, text, text)
IS 'a first name chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_first_name(anyelement, text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_last_name(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_last_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_last_name(anyelement, text)
IS 'a last name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_last_name(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_last_name(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_last_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_last_name(anyelement, text, text)
IS 'a last name chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_last_name(anyelement, text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_email(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_email'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_email(anyelement, text)
IS 'an email address chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_email(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_email(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_email'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_email(anyelement, text, text)
IS 'an email address chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_email(anyelement, text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_city(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_city'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_city(anyelement, text)
IS 'a city name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_city(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_city(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_city'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_city(anyelement, text, text)
IS 'a city name chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_city(anyelement, text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_country(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_country'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_country(anyelement, text)
IS 'a country name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_country(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_country(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_country'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_country(anyelement, text, text)
IS 'a country name chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_country(anyelement, text, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_company(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_company'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_company(anyelement, text)
IS 'a company name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_company(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.pseudo_company(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_company'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_company(anyelement, text, text)
IS 'a company name chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_company(anyelement, text, text) IS 'RESTRICTED';

--------------------------------------------------------------------------
-- seeded_*: the same seed always gives the same value, keyed with the database
-- key 'default' and anon.salt (as anon.hash); RESTRICTED (the label after each)
--------------------------------------------------------------------------

CREATE FUNCTION anon.seeded_first_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_first_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_first_name(anyelement)
IS 'a first name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_first_name(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_first_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_first_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_first_name(anyelement, text)
IS 'a first name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_first_name(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_last_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_last_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_last_name(anyelement)
IS 'a last name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_last_name(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_last_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_last_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_last_name(anyelement, text)
IS 'a last name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_last_name(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_name(anyelement)
IS 'a first name and a last name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_name(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_name(anyelement, text)
IS 'a first name and a last name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_name(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_city_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_city_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_city_name(anyelement)
IS 'a city name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_city_name(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_city_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_city_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_city_name(anyelement, text)
IS 'a city name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_city_name(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_country_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_country_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_country_name(anyelement)
IS 'a country name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_country_name(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_country_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_country_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_country_name(anyelement, text)
IS 'a country name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_country_name(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_state_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_state_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_state_name(anyelement)
IS 'a state or region chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_state_name(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_state_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_state_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_state_name(anyelement, text)
IS 'a state or region chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_state_name(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_street_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_street_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_street_name(anyelement)
IS 'a street name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_street_name(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_street_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_street_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_street_name(anyelement, text)
IS 'a street name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_street_name(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_zip_code(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_zip_code'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_zip_code(anyelement)
IS 'a postcode chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_zip_code(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_zip_code(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_zip_code'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_zip_code(anyelement, text)
IS 'a postcode chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_zip_code(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_company_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_company_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_company_name(anyelement)
IS 'a company name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_company_name(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_company_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_company_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_company_name(anyelement, text)
IS 'a company name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_company_name(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_job_title(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_job_title'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_job_title(anyelement)
IS 'a job title chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_job_title(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_job_title(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_job_title'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_job_title(anyelement, text)
IS 'a job title chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_job_title(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_username(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_username'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_username(anyelement)
IS 'a username chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_username(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_username(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_username'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_username(anyelement, text)
IS 'a username chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_username(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_free_email(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_free_email'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_free_email(anyelement)
IS 'an email address at a free email provider chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_free_email(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_free_email(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_free_email'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_free_email(anyelement, text)
IS 'an email address at a free email provider chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_free_email(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_phone_number(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_phone_number'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_phone_number(anyelement)
IS 'a phone number chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_phone_number(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_phone_number(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_phone_number'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_phone_number(anyelement, text)
IS 'a phone number chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_phone_number(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_cell_number(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_cell_number'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_cell_number(anyelement)
IS 'a mobile phone number chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_cell_number(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_cell_number(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_cell_number'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_cell_number(anyelement, text)
IS 'a mobile phone number chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_cell_number(anyelement, text) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_word(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_word'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_word(anyelement)
IS 'a word chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_word(anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon.seeded_word(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_word'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_word(anyelement, text)
IS 'a word chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';
SECURITY LABEL FOR anon ON FUNCTION anon.seeded_word(anyelement, text) IS 'RESTRICTED';
