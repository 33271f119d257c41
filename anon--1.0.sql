-- anon--1.0.sql: the install script of anon 1.0 as released, frozen.
-- Never edit it: 1.1 is installed by anon--1.1.sql (built from sqlsrc/) or
-- reached from 1.0 by anon--1.0--1.1.sql (built from sqlsrc/upgrade/1.0--1.1/).

\echo Use "CREATE EXTENSION anon" to load this file. \quit

-- Fail at once, with a hint, on a server that did not preload anon.
CREATE FUNCTION anon._check_preloaded()
RETURNS void
AS 'MODULE_PATHNAME', 'anon_check_preloaded'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._check_preloaded()
IS 'ERROR unless anon is in shared_preload_libraries (run by CREATE EXTENSION)';

SELECT anon._check_preloaded();

REVOKE ALL ON SCHEMA anon FROM PUBLIC;
GRANT USAGE ON SCHEMA anon TO PUBLIC;

--------------------------------------------------------------------------
-- Randomization (src/randomize.c): values drawn from OpenSSL's CSPRNG
--------------------------------------------------------------------------

CREATE FUNCTION anon.random_int_between(int_start integer, int_stop integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_random_int_between_int4'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_int_between(integer, integer)
IS 'uniform random integer between int_start and int_stop, both included';

CREATE FUNCTION anon.random_bigint_between(int_start bigint, int_stop bigint)
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_random_int_between_int8'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_bigint_between(bigint, bigint)
IS 'uniform random bigint between int_start and int_stop, both included';

CREATE FUNCTION anon.random_string(l integer)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_random_string'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_string(integer)
IS 'random string of l letters and digits';

CREATE FUNCTION anon.random_date_between(date_start timestamptz, date_end timestamptz)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'anon_random_date_between'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_date_between(timestamptz, timestamptz)
IS 'uniform random timestamp between date_start and date_end, both included';

CREATE FUNCTION anon.random_in(a anyarray)
RETURNS anyelement
AS 'MODULE_PATHNAME', 'anon_random_in'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in(anyarray)
IS 'one element of the array, each with the same probability';

CREATE FUNCTION anon.random_zip()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_random_zip'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_zip()
IS 'random five-digit postal code';

CREATE FUNCTION anon.random_phone(phone_prefix text DEFAULT '0')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_random_phone'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_phone(text)
IS 'random phone number: the prefix followed by nine digits';

CREATE FUNCTION anon.sample_seed()
RETURNS double precision
AS 'MODULE_PATHNAME', 'anon_sample_seed'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.sample_seed()
IS 'a random REPEATABLE seed for sampling labels, drawn from OpenSSL';
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

CREATE FUNCTION anon.pseudo_first_name(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_first_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_first_name(anyelement, text, text)
IS 'a first name chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';

CREATE FUNCTION anon.pseudo_last_name(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_last_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_last_name(anyelement, text)
IS 'a last name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';

CREATE FUNCTION anon.pseudo_last_name(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_last_name'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_last_name(anyelement, text, text)
IS 'a last name chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';

CREATE FUNCTION anon.pseudo_email(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_email'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_email(anyelement, text)
IS 'an email address chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';

CREATE FUNCTION anon.pseudo_email(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_email'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_email(anyelement, text, text)
IS 'an email address chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';

CREATE FUNCTION anon.pseudo_city(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_city'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_city(anyelement, text)
IS 'a city name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';

CREATE FUNCTION anon.pseudo_city(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_city'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_city(anyelement, text, text)
IS 'a city name chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';

CREATE FUNCTION anon.pseudo_country(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_country'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_country(anyelement, text)
IS 'a country name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';

CREATE FUNCTION anon.pseudo_country(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_country'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_country(anyelement, text, text)
IS 'a country name chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';

CREATE FUNCTION anon.pseudo_company(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_company'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_company(anyelement, text)
IS 'a company name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';

CREATE FUNCTION anon.pseudo_company(seed anyelement, salt text, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_company'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_company(anyelement, text, text)
IS 'a company name chosen by HMAC-SHA256(salt, seed) from the dictionary of locale (changes if that dictionary is replaced)';

--------------------------------------------------------------------------
-- seeded_*: the same seed always gives the same value, keyed with the database
-- key 'default' and anon.salt (as anon.hash); RESTRICTED (89_restricted.sql)
--------------------------------------------------------------------------

CREATE FUNCTION anon.seeded_first_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_first_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_first_name(anyelement)
IS 'a first name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_first_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_first_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_first_name(anyelement, text)
IS 'a first name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_last_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_last_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_last_name(anyelement)
IS 'a last name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_last_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_last_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_last_name(anyelement, text)
IS 'a last name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_name(anyelement)
IS 'a first name and a last name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_name(anyelement, text)
IS 'a first name and a last name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_city_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_city_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_city_name(anyelement)
IS 'a city name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_city_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_city_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_city_name(anyelement, text)
IS 'a city name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_country_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_country_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_country_name(anyelement)
IS 'a country name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_country_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_country_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_country_name(anyelement, text)
IS 'a country name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_state_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_state_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_state_name(anyelement)
IS 'a state or region chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_state_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_state_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_state_name(anyelement, text)
IS 'a state or region chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_street_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_street_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_street_name(anyelement)
IS 'a street name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_street_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_street_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_street_name(anyelement, text)
IS 'a street name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_zip_code(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_zip_code'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_zip_code(anyelement)
IS 'a postcode chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_zip_code(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_zip_code'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_zip_code(anyelement, text)
IS 'a postcode chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_company_name(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_company_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_company_name(anyelement)
IS 'a company name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_company_name(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_company_name'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_company_name(anyelement, text)
IS 'a company name chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_job_title(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_job_title'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_job_title(anyelement)
IS 'a job title chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_job_title(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_job_title'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_job_title(anyelement, text)
IS 'a job title chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_username(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_username'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_username(anyelement)
IS 'a username chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_username(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_username'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_username(anyelement, text)
IS 'a username chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_free_email(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_free_email'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_free_email(anyelement)
IS 'an email address at a free email provider chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_free_email(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_free_email'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_free_email(anyelement, text)
IS 'an email address at a free email provider chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_phone_number(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_phone_number'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_phone_number(anyelement)
IS 'a phone number chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_phone_number(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_phone_number'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_phone_number(anyelement, text)
IS 'a phone number chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_cell_number(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_cell_number'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_cell_number(anyelement)
IS 'a mobile phone number chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_cell_number(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_cell_number'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_cell_number(anyelement, text)
IS 'a mobile phone number chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

CREATE FUNCTION anon.seeded_word(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_word'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_word(anyelement)
IS 'a word chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for anon.locale';

CREATE FUNCTION anon.seeded_word(seed anyelement, locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_seeded_word'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.seeded_word(anyelement, text)
IS 'a word chosen by HMAC-SHA256 of anon.salt and the seed under the key ''default'', for locale';

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

--------------------------------------------------------------------------
-- Noise (src/noise.c): uniform noise, clipped to the range of the type
--------------------------------------------------------------------------

CREATE FUNCTION anon.noise(noise_value smallint, ratio double precision)
RETURNS smallint
AS 'MODULE_PATHNAME', 'anon_noise_int2'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(smallint, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.noise(noise_value integer, ratio double precision)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_noise_int4'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(integer, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.noise(noise_value bigint, ratio double precision)
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_noise_int8'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(bigint, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.noise(noise_value real, ratio double precision)
RETURNS real
AS 'MODULE_PATHNAME', 'anon_noise_float4'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(real, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.noise(noise_value double precision, ratio double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'anon_noise_float8'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(double precision, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.noise(noise_value numeric, ratio double precision)
RETURNS numeric
AS 'MODULE_PATHNAME', 'anon_noise_numeric'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(numeric, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.dnoise(noise_value date, noise_range interval)
RETURNS date
AS 'MODULE_PATHNAME', 'anon_dnoise_date'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dnoise(date, interval)
IS 'uniform random date within noise_range of the value (a month counts 30 days)';

CREATE FUNCTION anon.dnoise(noise_value timestamp, noise_range interval)
RETURNS timestamp
AS 'MODULE_PATHNAME', 'anon_dnoise_timestamp'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dnoise(timestamp, interval)
IS 'uniform random timestamp within noise_range of the value (a month counts 30 days)';

CREATE FUNCTION anon.dnoise(noise_value timestamptz, noise_range interval)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'anon_dnoise_timestamp'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dnoise(timestamptz, interval)
IS 'uniform random timestamp within noise_range of the value (a month counts 30 days)';

--------------------------------------------------------------------------
-- Random values within an enum type or a range (src/random_in.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.random_in_enum(element anyenum)
RETURNS anyenum
AS 'MODULE_PATHNAME', 'anon_random_in_enum'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_enum(anyenum)
IS 'one label of the enum type of the argument (which may be NULL), each with the same probability';

CREATE FUNCTION anon.random_in_int4range(r int4range)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_random_in_int4range'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_int4range(int4range)
IS 'uniform random integer of the range; empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_in_int8range(r int8range)
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_random_in_int8range'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_int8range(int8range)
IS 'uniform random bigint of the range; empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_in_numrange(r numrange)
RETURNS numeric
AS 'MODULE_PATHNAME', 'anon_random_in_numrange'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_numrange(numrange)
IS 'uniform random numeric of the range (53-bit resolution); empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_in_daterange(r daterange)
RETURNS date
AS 'MODULE_PATHNAME', 'anon_random_in_daterange'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_daterange(daterange)
IS 'uniform random date of the range; empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_in_tsrange(r tsrange)
RETURNS timestamp
AS 'MODULE_PATHNAME', 'anon_random_in_tsrange'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_tsrange(tsrange)
IS 'uniform random timestamp of the range, to the microsecond; empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_in_tstzrange(r tstzrange)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'anon_random_in_tsrange'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_tstzrange(tstzrange)
IS 'uniform random timestamptz of the range, to the microsecond; empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_date()
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'anon_random_date'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_date()
IS 'uniform random timestamptz between 1900-01-01 and now()';

CREATE FUNCTION anon.random_time()
RETURNS time
AS 'MODULE_PATHNAME', 'anon_random_time'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_time()
IS 'uniform random time of day, to the microsecond';

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

CREATE FUNCTION anon.luhn_valid(v text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_luhn_valid'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.luhn_valid(text)
IS 'whether the digits pass the Luhn check (spaces and hyphens ignored)';

CREATE FUNCTION anon.iban_valid(v text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_iban_valid'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.iban_valid(text)
IS 'whether the value is an IBAN with valid MOD 97-10 check digits (spaces ignored)';

--------------------------------------------------------------------------
-- Shuffling (src/shuffle.c): static permutation of a column's values
--------------------------------------------------------------------------

CREATE FUNCTION anon.shuffle_column(shuffle_table regclass, shuffle_column name, primary_key name)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_shuffle_column'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.shuffle_column(regclass, name, name)
IS 'permute the values of a column across the rows of a table (Fisher-Yates, owner only, transactional)';

--------------------------------------------------------------------------
-- PII detection (sqlsrc/17_detect.sql): column names and sampled values
--------------------------------------------------------------------------

-- Categories of personal data: whether a value identifies a person on its
-- own (direct) or only combined with others (indirect, a quasi-identifier),
-- and the masking expression anon.detect proposes for a direct identifier
-- stored as text (%I stands for the column).
CREATE TABLE anon.pii_categories (
	category	text PRIMARY KEY,
	direct		boolean NOT NULL,
	masking		text
);
COMMENT ON TABLE anon.pii_categories
IS 'categories of personal data recognised by anon.detect, direct or indirect, with a proposed mask';

INSERT INTO anon.pii_categories VALUES
	('email',		true,	'anon.partial_email(%I)'),
	('phone',		true,	'anon.mask_phone(%I)'),
	('iban',		true,	'anon.mask_iban(%I)'),
	('bank_account', true,	'anon.partial(%I, 0, ''XXXXXXXX'', 4)'),
	('credit_card',	true,	'anon.mask_card_number(%I)'),
	('ssn',			true,	'anon.partial(%I, 0, ''XXX-XX-'', 4)'),
	('national_id',	true,	'anon.partial(%I, 0, ''XXXXXXXX'', 2)'),
	('tax_id',		true,	'anon.partial(%I, 0, ''XXXXXXXX'', 2)'),
	('passport',	true,	'anon.partial(%I, 0, ''XXXXXXX'', 2)'),
	('siret',		true,	'anon.fake_siret()'),
	('siren',		true,	'anon.fake_siren()'),
	('last_name',	true,	'anon.partial(%I, 1, ''*****'', 0)'),
	('full_name',	true,	'anon.partial(%I, 1, ''*****'', 0)'),
	('username',	true,	'anon.partial(%I, 1, ''*****'', 0)'),
	('address',		true,	'anon.partial(%I, 0, ''*****'', 0)'),
	('ip_address',	true,	'anon.fake_ipv4()'),
	('mac_address',	true,	'anon.fake_mac()'),
	('licence_plate', true,	'anon.partial(%I, 0, ''XX-XXX-'', 2)'),
	('first_name',	false,	NULL),
	('birth_date',	false,	NULL),
	('age',			false,	NULL),
	('gender',		false,	NULL),
	('postcode',	false,	NULL),
	('city',		false,	NULL),
	('country',		false,	NULL),
	('nationality',	false,	NULL),
	('job_title',	false,	NULL);

-- Column names that suggest a category, per language: a regular expression
-- over the normalized name (anon.pii_normalize: lower case, accents and
-- every character but a-z and 0-9 removed, so 'Date_de_Naissance' is
-- 'datedenaissance').  Rows added by the DBA (builtin = false) are dumped.
CREATE TABLE anon.pii_identifiers (
	lang		text NOT NULL,
	category	text NOT NULL REFERENCES anon.pii_categories,
	pattern		text NOT NULL,
	builtin		boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE anon.pii_identifiers
IS 'regular expressions over normalized column names that suggest a category of personal data, per language';
SELECT pg_catalog.pg_extension_config_dump('anon.pii_identifiers', 'WHERE NOT builtin');

INSERT INTO anon.pii_identifiers (lang, category, pattern, builtin) VALUES
	-- English: also tried for every other language
	('en', 'email', '^(.*email|e?mail(address|addr)?|.*emailaddress)[0-9]*$', true),
	('en', 'phone', '^(.*phone|telephone|tel|mobile|cell|fax)(number|num|no|nr)?[0-9]*$', true),
	('en', 'iban', '^(iban|.*iban)$', true),
	('en', 'bank_account', '^(bankaccount|accountnumber|accountno|bban)$', true),
	('en', 'credit_card', '^(creditcard|cardnumber|cardno|ccnumber|ccnum|cc|pan|creditcardnumber|debitcard)$', true),
	('en', 'ssn', '^(ssn|socialsecurity(number|no)?|socsecno)$', true),
	('en', 'national_id', '^(nationalid|nationalidentifier|idnumber|idcard|identitycard|nin|nino)$', true),
	('en', 'tax_id', '^(taxid|tin|vatnumber|taxnumber)$', true),
	('en', 'passport', '^passport(number|no|num)?$', true),
	('en', 'siret', '^siret$', true),
	('en', 'siren', '^siren$', true),
	('en', 'first_name', '^(first|given|fore|middle)names?$|^fname$', true),
	('en', 'last_name', '^(last|family|sur|maiden|birth)name$|^lname$', true),
	('en', 'full_name', '^(full|person|customer|contact|client|patient|employee|owner|holder|account)name$', true),
	('en', 'username', '^(username|login|userlogin|screenname|nickname)$', true),
	('en', 'address', '^(street|home|postal|mailing|billing|shipping)?address(line)?[0-9]*$|^street(name)?$|^addr[0-9]*$', true),
	('en', 'ip_address', '^(ip|ipaddr|ipaddress|ipv4|ipv6|clientip|remoteip|remoteaddr|sourceip)$', true),
	('en', 'mac_address', '^(mac|macaddr|macaddress)$', true),
	('en', 'licence_plate', '^(licen[cs]eplate|numberplate|plate|platenumber|registrationnumber)$', true),
	('en', 'birth_date', '^(birth(date|day)?|dob|dateofbirth|birthdt)$', true),
	('en', 'age', '^age$', true),
	('en', 'gender', '^(gender|sex)$', true),
	('en', 'postcode', '^(zip|zipcode|postcode|postalcode|postal)$', true),
	('en', 'city', '^(city|town|locality)$', true),
	('en', 'country', '^(country|countryofresidence)$', true),
	('en', 'nationality', '^(nationality|citizenship)$', true),
	('en', 'job_title', '^(job|jobtitle|occupation|profession)$', true),
	-- French
	('fr', 'email', '^(courriel|adressemail|adressecourriel|mel)$', true),
	('fr', 'phone', '^(telephone|tel|portable|numtel|numerotelephone|telfixe|telportable)$', true),
	('fr', 'iban', '^rib$', true),
	('fr', 'bank_account', '^(comptebancaire|numerocompte|numcompte)$', true),
	('fr', 'credit_card', '^(cartebancaire|numcarte|numerocarte|cb)$', true),
	('fr', 'ssn', '^(nir|numsecu|numerosecu|securitesociale|numerosecuritesociale|nss)$', true),
	('fr', 'national_id', '^(cni|numerocni|carteidentite)$', true),
	('fr', 'passport', '^(passeport|numeropasseport)$', true),
	('fr', 'first_name', '^prenoms?$', true),
	('fr', 'last_name', '^(nom|nomdefamille|nomfamille|patronyme|nomdenaissance|nomusage)$', true),
	('fr', 'full_name', '^(nomcomplet|nomprenom|prenomnom)$', true),
	('fr', 'address', '^(adresse|adressepostale|rue|voie)[0-9]*$', true),
	('fr', 'birth_date', '^(datenaissance|datedenaissance|naissance|ddn)$', true),
	('fr', 'gender', '^(sexe|genre|civilite)$', true),
	('fr', 'postcode', '^(codepostal|cp)$', true),
	('fr', 'city', '^(ville|commune|localite)$', true),
	('fr', 'country', '^pays$', true),
	('fr', 'nationality', '^nationalite$', true),
	('fr', 'licence_plate', '^(immatriculation|plaque)$', true),
	('fr', 'job_title', '^(metier|profession|poste|fonction)$', true),
	-- German
	('de', 'email', '^(emailadresse|mailadresse)$', true),
	('de', 'phone', '^(telefon|telefonnummer|handy|handynummer|mobil|mobilnummer|rufnummer)$', true),
	('de', 'bank_account', '^(kontonummer|konto|bankverbindung)$', true),
	('de', 'credit_card', '^(kreditkarte|kreditkartennummer|kartennummer)$', true),
	('de', 'ssn', '^(sozialversicherungsnummer|svnummer|rentenversicherungsnummer)$', true),
	('de', 'national_id', '^(personalausweis|ausweisnummer|personalausweisnummer)$', true),
	('de', 'tax_id', '^(steuerid|steueridentifikationsnummer|steuernummer)$', true),
	('de', 'passport', '^(reisepass|reisepassnummer|passnummer)$', true),
	('de', 'first_name', '^vornamen?$', true),
	('de', 'last_name', '^(nachname|familienname|geburtsname|zuname)$', true),
	('de', 'address', '^(adresse|anschrift|strasse|wohnadresse)[0-9]*$', true),
	('de', 'birth_date', '^(geburtsdatum|geburtstag|gebdatum)$', true),
	('de', 'age', '^alter$', true),
	('de', 'gender', '^(geschlecht|anrede)$', true),
	('de', 'postcode', '^(plz|postleitzahl)$', true),
	('de', 'city', '^(ort|stadt|wohnort)$', true),
	('de', 'country', '^land$', true),
	('de', 'nationality', '^(nationalitat|staatsangehorigkeit)$', true),
	('de', 'licence_plate', '^(kennzeichen|kfzkennzeichen)$', true),
	('de', 'job_title', '^(beruf|berufsbezeichnung)$', true),
	-- Spanish
	('es', 'email', '^(correo|correoelectronico|email)$', true),
	('es', 'phone', '^(telefono|movil|celular|numerotelefono)$', true),
	('es', 'bank_account', '^(cuentabancaria|numerocuenta|ccc)$', true),
	('es', 'credit_card', '^(tarjeta|tarjetacredito|numerotarjeta)$', true),
	('es', 'ssn', '^(numeroseguridadsocial|nss|naf)$', true),
	('es', 'national_id', '^(dni|nie|documentoidentidad)$', true),
	('es', 'tax_id', '^nif$', true),
	('es', 'passport', '^(pasaporte|numeropasaporte)$', true),
	('es', 'first_name', '^nombres?$', true),
	('es', 'last_name', '^(apellidos?|primerapellido|segundoapellido)$', true),
	('es', 'full_name', '^nombrecompleto$', true),
	('es', 'address', '^(direccion|domicilio|calle)[0-9]*$', true),
	('es', 'birth_date', '^(fechanacimiento|fechadenacimiento|nacimiento)$', true),
	('es', 'age', '^edad$', true),
	('es', 'gender', '^(sexo|genero)$', true),
	('es', 'postcode', '^(codigopostal|cp)$', true),
	('es', 'city', '^(ciudad|localidad|municipio|poblacion)$', true),
	('es', 'country', '^pais$', true),
	('es', 'nationality', '^nacionalidad$', true),
	('es', 'licence_plate', '^matricula$', true),
	('es', 'job_title', '^(profesion|ocupacion|puesto)$', true),
	-- Italian
	('it', 'email', '^(posta|postaelettronica|indirizzoemail)$', true),
	('it', 'phone', '^(telefono|cellulare|numeroditelefono|numerotelefono)$', true),
	('it', 'bank_account', '^(contocorrente|numeroconto)$', true),
	('it', 'credit_card', '^(cartadicredito|numerocarta)$', true),
	('it', 'national_id', '^(cartaidentita|cartadiidentita)$', true),
	('it', 'tax_id', '^(codicefiscale|cf|partitaiva)$', true),
	('it', 'passport', '^(passaporto|numeropassaporto)$', true),
	('it', 'first_name', '^nomi?$', true),
	('it', 'last_name', '^cognomi?$', true),
	('it', 'full_name', '^nomecompleto$', true),
	('it', 'address', '^(indirizzo|via|residenza)[0-9]*$', true),
	('it', 'birth_date', '^(datadinascita|datanascita|nascita)$', true),
	('it', 'age', '^eta$', true),
	('it', 'gender', '^(sesso|genere)$', true),
	('it', 'postcode', '^(cap|codicepostale)$', true),
	('it', 'city', '^(citta|comune|localita)$', true),
	('it', 'country', '^(paese|nazione)$', true),
	('it', 'nationality', '^(nazionalita|cittadinanza)$', true),
	('it', 'licence_plate', '^targa$', true),
	('it', 'job_title', '^(professione|occupazione|mestiere)$', true);

GRANT SELECT ON anon.pii_categories, anon.pii_identifiers TO PUBLIC;

CREATE FUNCTION anon.pii_normalize(identifier text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN regexp_replace(
	translate(replace(lower(identifier), 'ß', 'ss'),
			  'àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ', 'aaaaaaceeeeiiiinoooooouuuuyy'),
	'[^a-z0-9]', '', 'g');
COMMENT ON FUNCTION anon.pii_normalize(text)
IS 'a column name as anon.detect compares it: lower case, without accents, only a-z and 0-9';

-- The work of the anon.detect variants: relid and nspid, when not NULL,
-- restrict the scan to one table or one schema.
CREATE FUNCTION anon._detect(relid oid, nspid oid, locale text, sample_size integer)
RETURNS TABLE (table_name regclass, column_name name, identifiers_category text,
			   direct boolean, matched_by text, security_label text)
LANGUAGE plpgsql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_lang text := lower(left(locale, 2));
	col record;
	name_cat text;
	value_cat text;
	counts record;
	label text;
BEGIN
	IF locale IS NULL OR v_lang NOT IN ('en', 'fr', 'de', 'es', 'it')
	   OR locale !~ '^[A-Za-z]{2}([_-][A-Za-z]{2})?$' THEN
		RAISE EXCEPTION 'anon.detect does not know this locale'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Use en_US, fr_FR, de_DE, es_ES or it_IT (or the language alone: en, fr, de, es, it).';
	END IF;
	IF sample_size IS NULL OR sample_size < 0 THEN
		RAISE EXCEPTION 'sample size of anon.detect must not be negative'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Give the number of rows to sample per column, 0 to look at column names only.';
	END IF;

	FOR col IN
		SELECT c.oid AS relid, a.attnum, a.attname, a.atttypid, t.typcategory,
			   anon.pii_normalize(a.attname) AS norm
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		JOIN pg_type t ON t.oid = a.atttypid
		WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
		  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'anon', 'pg_toast')
		  AND n.nspname !~ '^pg_(temp|toast_temp)_'
		  AND (_detect.relid IS NULL OR c.oid = _detect.relid)
		  AND (_detect.nspid IS NULL OR c.relnamespace = _detect.nspid)
		ORDER BY n.nspname, c.relname, a.attnum
	LOOP
		-- by name: the first category whose pattern matches, the locale's
		-- language before English
		SELECT i.category INTO name_cat
		FROM anon.pii_identifiers i
		WHERE i.lang IN (v_lang, 'en') AND col.norm ~ i.pattern
		ORDER BY (i.lang = v_lang) DESC, (i.lang = 'en') DESC, i.category
		LIMIT 1;

		-- by value: at least 5 of the sampled non-NULL values, and 90% of
		-- them, have the shape (and check digits) of one category
		value_cat := NULL;
		IF sample_size > 0 AND col.typcategory = 'S'
		   AND has_column_privilege(col.relid, col.attnum, 'SELECT') THEN
			EXECUTE format(
				'SELECT count(*) AS n,'
				' count(*) FILTER (WHERE anon.iban_valid(v)) AS iban,'
				' count(*) FILTER (WHERE v ~ ''^[0-9][0-9 -]{11,22}[0-9]$'' AND anon.luhn_valid(v)) AS card,'
				' count(*) FILTER (WHERE v ~ ''^[A-Za-z0-9._%%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'') AS email,'
				' count(*) FILTER (WHERE v ~ ''^[0-9]{3}-[0-9]{2}-[0-9]{4}$'') AS ssn,'
				' count(*) FILTER (WHERE v ~ ''^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$'') AS ip,'
				' count(*) FILTER (WHERE v ~ ''^(\+|00)?[0-9][0-9 ().-]{6,18}[0-9]$'''
				'                   AND length(regexp_replace(v, ''[^0-9]'', '''', ''g'')) BETWEEN 8 AND 15) AS phone'
				' FROM (SELECT %I::text AS v FROM %s WHERE %I IS NOT NULL LIMIT %s) s',
				col.attname, col.relid::regclass, col.attname, sample_size)
			INTO counts;
			IF counts.n >= 5 THEN
				value_cat := CASE
					WHEN counts.iban >= 0.9 * counts.n THEN 'iban'
					WHEN counts.card >= 0.9 * counts.n THEN 'credit_card'
					WHEN counts.email >= 0.9 * counts.n THEN 'email'
					WHEN counts.ssn >= 0.9 * counts.n THEN 'ssn'
					WHEN counts.ip >= 0.9 * counts.n THEN 'ip_address'
					WHEN counts.phone >= 0.9 * counts.n THEN 'phone'
				END;
			END IF;
		END IF;

		FOR identifiers_category, matched_by IN
			SELECT x.cat, x.how FROM (VALUES
				(name_cat, CASE WHEN name_cat = value_cat THEN 'name and value' ELSE 'name' END),
				(CASE WHEN value_cat IS DISTINCT FROM name_cat THEN value_cat END, 'value')) x(cat, how)
			WHERE x.cat IS NOT NULL
		LOOP
			SELECT pc.direct, pc.masking INTO direct, label
			FROM anon.pii_categories pc WHERE pc.category = identifiers_category;
			IF NOT direct THEN
				label := 'QUASI-IDENTIFIER';
			ELSIF label IS NOT NULL AND label LIKE '%\%I%'
				  AND col.typcategory <> 'S' THEN
				-- a text mask does not fit a column of another type
				label := 'MASKED WITH VALUE NULL';
			ELSIF label IS NOT NULL AND label NOT LIKE '%\%I%'
				  AND col.typcategory <> 'S'
				  AND NOT (identifiers_category = 'ip_address' AND col.atttypid IN ('inet'::regtype, 'cidr'::regtype))
				  AND NOT (identifiers_category = 'mac_address' AND col.atttypid = 'macaddr'::regtype) THEN
				label := 'MASKED WITH VALUE NULL';
			ELSIF label IS NOT NULL THEN
				label := 'MASKED WITH FUNCTION ' || replace(label, '%I', quote_ident(col.attname));
			ELSE
				label := 'MASKED WITH VALUE NULL';
			END IF;
			table_name := col.relid::regclass;
			column_name := col.attname;
			security_label := format('SECURITY LABEL FOR anon ON COLUMN %s.%I IS %L',
									 col.relid::regclass, col.attname, label);
			RETURN NEXT;
		END LOOP;
	END LOOP;
END
$$;
COMMENT ON FUNCTION anon._detect(oid, oid, text, integer)
IS 'the work of anon.detect: columns likely to hold personal data, in one table, one schema or everywhere';

CREATE FUNCTION anon.detect(locale text DEFAULT 'en_US', sample_size integer DEFAULT 1000)
RETURNS TABLE (table_name regclass, column_name name, identifiers_category text,
			   direct boolean, matched_by text, security_label text)
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT * FROM anon._detect(NULL, NULL, locale, sample_size);
END;
COMMENT ON FUNCTION anon.detect(text, integer)
IS 'columns of every table likely to hold personal data, by column name (in the locale''s language and English) and by sampled values, with a proposed SECURITY LABEL';

CREATE FUNCTION anon.detect(relid regclass, locale text DEFAULT 'en_US', sample_size integer DEFAULT 1000)
RETURNS TABLE (table_name regclass, column_name name, identifiers_category text,
			   direct boolean, matched_by text, security_label text)
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT * FROM anon._detect(relid, NULL, locale, sample_size);
END;
COMMENT ON FUNCTION anon.detect(regclass, text, integer)
IS 'columns of one table likely to hold personal data, with a proposed SECURITY LABEL';

CREATE FUNCTION anon.detect(nspid regnamespace, locale text DEFAULT 'en_US', sample_size integer DEFAULT 1000)
RETURNS TABLE (table_name regclass, column_name name, identifiers_category text,
			   direct boolean, matched_by text, security_label text)
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT * FROM anon._detect(NULL, nspid, locale, sample_size);
END;
COMMENT ON FUNCTION anon.detect(regnamespace, text, integer)
IS 'columns of the tables of one schema likely to hold personal data, with a proposed SECURITY LABEL';

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
--------------------------------------------------------------------------
-- Policies and labels (src/label.c, src/rules.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.policies()
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'anon_policies_srf'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.policies()
IS 'the registered masking policies (label providers): anon, then anon.masking_policies';

CREATE FUNCTION anon.label_kind(label text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_label_kind'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.label_kind(text)
IS 'what a label says (MASKED WITH FUNCTION, NOT MASKED, ...), NULL when it is not a label of anon';

CREATE FUNCTION anon.label_expression(label text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_label_expression'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.label_expression(text)
IS 'the expression of a MASKED WITH label, as written';

CREATE FUNCTION anon.rule_is_valid(relid regclass, attnum smallint, policy text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_rule_is_valid'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon.rule_is_valid(regclass, smallint, text)
IS 'whether the masking rule of a column still analyses: its functions exist and are trusted, its type fits';

CREATE VIEW anon.masking_rules AS
SELECT c.oid::regclass AS relid,
       n.nspname AS schema_name,
       c.relname AS table_name,
       a.attnum,
       a.attname,
       s.provider AS policy,
       anon.label_kind(s.label) AS kind,
       anon.label_expression(s.label) AS expression,
       s.label,
       CASE WHEN anon.label_kind(s.label) = 'NOT MASKED' THEN true
            ELSE anon.rule_is_valid(c.oid, a.attnum, s.provider) END AS valid
FROM pg_catalog.pg_seclabel s
JOIN pg_catalog.pg_class c ON s.classoid = 'pg_catalog.pg_class'::regclass AND s.objoid = c.oid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = s.objsubid
WHERE s.objsubid > 0
  AND s.provider IN (SELECT anon.policies())
  AND anon.label_kind(s.label) IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE', 'NOT MASKED');
COMMENT ON VIEW anon.masking_rules
IS 'every masking rule of every policy, with whether it is still valid';

CREATE VIEW anon.quasi_identifiers AS
SELECT c.oid::regclass AS relid,
       a.attnum,
       a.attname,
       s.provider
FROM pg_catalog.pg_seclabel s
JOIN pg_catalog.pg_class c ON s.classoid = 'pg_catalog.pg_class'::regclass AND s.objoid = c.oid
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = s.objsubid
WHERE s.objsubid > 0
  AND s.provider IN ('anon', 'k_anonymity')
  AND anon.label_kind(s.label) = 'QUASI-IDENTIFIER';
COMMENT ON VIEW anon.quasi_identifiers
IS 'columns labelled QUASI-IDENTIFIER (or INDIRECT IDENTIFIER for the k_anonymity provider)';

CREATE VIEW anon.masked_roles AS
SELECT r.oid AS roleid,
       r.rolname,
       s.provider AS policy,
       anon.label_kind(s.label) AS kind
FROM pg_catalog.pg_shseclabel s
JOIN pg_catalog.pg_roles r ON s.classoid = 'pg_catalog.pg_authid'::regclass AND s.objoid = r.oid
WHERE s.provider IN (SELECT anon.policies())
  AND anon.label_kind(s.label) IN ('MASKED', 'DIFFERENTIAL PRIVACY');
COMMENT ON VIEW anon.masked_roles
IS 'roles labelled MASKED (for a policy) or DIFFERENTIAL PRIVACY';

CREATE VIEW anon.trusted_schemas AS
SELECT n.oid AS nspid,
       n.nspname,
       s.provider AS policy
FROM pg_catalog.pg_seclabel s
JOIN pg_catalog.pg_namespace n ON s.classoid = 'pg_catalog.pg_namespace'::regclass AND s.objoid = n.oid
WHERE s.provider IN (SELECT anon.policies())
  AND anon.label_kind(s.label) = 'TRUSTED';
COMMENT ON VIEW anon.trusted_schemas
IS 'schemas whose functions masking rules may call, besides anon and pg_catalog';

-- A rule never points at nothing: a DDL command (DROP FUNCTION, ALTER
-- TABLE ... RENAME, DROP SCHEMA, removing a TRUSTED label, ...) that
-- would leave a masking rule that no longer analyses fails, naming it.
CREATE FUNCTION anon._check_rules_after_ddl()
RETURNS event_trigger
LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  broken text;
BEGIN
  SELECT string_agg(format('%s.%I for policy %s', m.relid, m.attname, m.policy), ', '
                    ORDER BY m.relid::text, m.attname, m.policy)
  INTO broken
  FROM anon.masking_rules m
  WHERE NOT m.valid;
  -- table labels (MASKED WHEN, TABLESAMPLE) must analyse too
  SELECT concat_ws(', ', broken,
           string_agg(format('table %s for policy %s', c.oid::regclass, s.provider), ', '))
  INTO broken
  FROM pg_catalog.pg_seclabel s
  JOIN pg_catalog.pg_class c ON s.classoid = 'pg_catalog.pg_class'::regclass AND s.objoid = c.oid
  WHERE s.objsubid = 0 AND s.provider IN (SELECT anon.policies())
    AND NOT anon.rule_is_valid(c.oid, 0::smallint, s.provider);
  IF broken <> '' THEN
    RAISE EXCEPTION 'this command would break the masking rules of %', broken
      USING ERRCODE = 'dependent_objects_still_exist',
            DETAIL = 'A masking rule must always analyse: its functions, types, schemas and columns must exist and be trusted.',
            HINT = 'Change or remove those rules first (SECURITY LABEL FOR ... ON COLUMN ... IS NULL).';
  END IF;
END;
$$;
COMMENT ON FUNCTION anon._check_rules_after_ddl()
IS 'event trigger: ERROR when a DDL command leaves a masking rule that no longer analyses';

CREATE EVENT TRIGGER anon_check_rules_after_ddl ON ddl_command_end
EXECUTE FUNCTION anon._check_rules_after_ddl();

-- Policies are not secret: pg_seclabels shows them to everyone already.
GRANT SELECT ON anon.masking_rules, anon.quasi_identifiers, anon.masked_roles,
  anon.trusted_schemas TO PUBLIC;
--------------------------------------------------------------------------
-- Dynamic masking (src/dynamic.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.masking_view(relid regclass, policy text DEFAULT 'anon')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_masking_view_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.masking_view(regclass, text)
IS 'the SELECT that a masked role of the policy reads in place of the relation';

-- Materialize the masking views of a policy as real views, for tools that
-- want views.  Reading them as a MASKED role would mask twice: grant them
-- to roles that are not labelled MASKED.
CREATE FUNCTION anon.create_masking_views(policy text DEFAULT 'anon',
                                          target_schema name DEFAULT 'mask')
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
  v regclass;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM anon.policies() p WHERE p = policy) THEN
    RAISE EXCEPTION 'masking policy "%" does not exist', policy
      USING ERRCODE = 'undefined_object',
            HINT = 'Policies are listed by anon.policies().';
  END IF;
  EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', target_schema);
  FOR r IN
    SELECT DISTINCT m.relid, m.table_name
    FROM anon.masking_rules m
    WHERE m.policy = create_masking_views.policy
      AND m.kind <> 'NOT MASKED'
    ORDER BY m.table_name
  LOOP
    EXECUTE format('CREATE OR REPLACE VIEW %I.%I WITH (security_barrier) AS %s',
                   target_schema, r.table_name,
                   anon.masking_view(r.relid, policy));
    v := format('%I.%I', target_schema, r.table_name)::regclass;
    RETURN NEXT v;
  END LOOP;
END;
$$;
COMMENT ON FUNCTION anon.create_masking_views(text, name)
IS 'create one security-barrier view per masked table of the policy in target_schema';

-- Everything a role holds that would let it read raw data despite its
-- MASKED label.  An empty result means no such privilege was found.
CREATE FUNCTION anon.check_masked_role(role regrole)
RETURNS TABLE(risk text, object text, detail text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT 'not masked', role::text,
         'the role has no MASKED label: it reads raw data'
  WHERE NOT EXISTS (SELECT 1 FROM anon.masked_roles m
                    WHERE m.roleid = role AND m.kind = 'MASKED')
  UNION ALL
  SELECT 'superuser', r.rolname, 'a superuser reads everything'
  FROM pg_roles r WHERE r.oid = role AND r.rolsuper
  UNION ALL
  SELECT 'bypassrls', r.rolname, 'the role bypasses row-level security'
  FROM pg_roles r WHERE r.oid = role AND r.rolbypassrls
  UNION ALL
  SELECT 'owner', m.relid::text,
         'the role owns a masked table: it can change or drop its labels and constraints'
  FROM (SELECT DISTINCT relid FROM anon.masking_rules) m
  JOIN pg_class c ON c.oid = m.relid
  WHERE pg_has_role(role, c.relowner, 'USAGE')
  UNION ALL
  SELECT 'member', g.rolname,
         'member of a role that can read server files, run programs or bypass masking'
  FROM pg_roles g
  WHERE g.oid <> role AND pg_has_role(role, g.oid, 'MEMBER')
    AND (g.rolname IN ('pg_read_server_files', 'pg_execute_server_program', 'pg_read_all_settings',
                       'pg_write_server_files', 'pg_read_all_data', 'anon_key_admin')
         OR g.rolsuper)
  UNION ALL
  SELECT 'function', p.oid::regprocedure::text,
         'the role can execute a function that reads files of the server'
  FROM pg_proc p
  WHERE p.proname IN ('pg_read_file', 'pg_read_binary_file', 'lo_import', 'lo_export')
    AND p.pronamespace = 'pg_catalog'::regnamespace
    AND has_function_privilege(role, p.oid, 'EXECUTE')
  UNION ALL
  SELECT 'trusted schema', t.nspname,
         'the role can create functions in a schema trusted for masking rules'
  FROM anon.trusted_schemas t
  WHERE has_schema_privilege(role, t.nspid, 'CREATE')
  UNION ALL
  SELECT 'anon schema', 'anon',
         'the role can create objects in schema anon, whose functions run in masking rules'
  WHERE has_schema_privilege(role, 'anon', 'CREATE')
$$;
COMMENT ON FUNCTION anon.check_masked_role(regrole)
IS 'privileges of a role that would let it read raw data despite its MASKED label';
--------------------------------------------------------------------------
-- Rules import and export (src/rules_io.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon._apply_label(objtype text, names text[], argtypes text[],
                                  provider text, label text)
RETURNS void
AS 'MODULE_PATHNAME', 'anon_apply_label'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._apply_label(text, text[], text[], text, text)
IS 'implementation of anon.import_rules: sets one security label given by object type and name';

-- Every label of every policy (and of the k_anonymity provider) as JSON:
-- columns, tables, roles, schemas, functions and the current database.
CREATE FUNCTION anon.export_rules()
RETURNS jsonb
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  WITH providers AS (
    SELECT p FROM anon.policies() p UNION SELECT 'k_anonymity'
  ), labels AS (
    SELECT 'schema' AS objtype, ARRAY[n.nspname::text] AS names, NULL::text[] AS argtypes,
           s.provider, s.label, 1 AS rank
    FROM pg_seclabel s JOIN pg_namespace n
      ON s.classoid = 'pg_namespace'::regclass AND s.objoid = n.oid
    UNION ALL
    SELECT 'function', ARRAY[n.nspname::text, p.proname::text],
           ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, i) ORDER BY i),
           s.provider, s.label, 2
    FROM pg_seclabel s JOIN pg_proc p ON s.classoid = 'pg_proc'::regclass AND s.objoid = p.oid
    JOIN pg_namespace n ON n.oid = p.pronamespace
    UNION ALL
    SELECT 'role', ARRAY[r.rolname::text], NULL, s.provider, s.label, 3
    FROM pg_shseclabel s JOIN pg_authid r ON s.classoid = 'pg_authid'::regclass AND s.objoid = r.oid
    UNION ALL
    SELECT 'database', ARRAY[d.datname::text], NULL, s.provider, s.label, 4
    FROM pg_shseclabel s JOIN pg_database d ON s.classoid = 'pg_database'::regclass AND s.objoid = d.oid
    WHERE d.datname = current_database()
    UNION ALL
    SELECT 'table', ARRAY[n.nspname::text, c.relname::text], NULL, s.provider, s.label, 5
    FROM pg_seclabel s JOIN pg_class c ON s.classoid = 'pg_class'::regclass AND s.objoid = c.oid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE s.objsubid = 0
    UNION ALL
    SELECT 'column', ARRAY[n.nspname::text, c.relname::text, a.attname::text], NULL,
           s.provider, s.label, 6
    FROM pg_seclabel s JOIN pg_class c ON s.classoid = 'pg_class'::regclass AND s.objoid = c.oid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = s.objsubid
    WHERE s.objsubid > 0
  )
  SELECT jsonb_build_object(
    'format', 'anon-rules',
    'version', 1,
    'labels', coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
        'object', objtype, 'names', to_jsonb(names), 'argtypes', to_jsonb(argtypes),
        'provider', provider, 'label', label))
      ORDER BY rank, names, argtypes, provider), '[]'::jsonb))
  FROM labels WHERE provider IN (SELECT p FROM providers)
$$;
COMMENT ON FUNCTION anon.export_rules()
IS 'every masking rule, table, role, schema, function and database label of anon''s policies, as JSON';

-- Apply what export_rules() wrote, each label validated as SECURITY LABEL
-- validates it, in dependency order (schemas and functions first).  All or
-- nothing: the first invalid label aborts the import.
CREATE FUNCTION anon.import_rules(rules jsonb)
RETURNS integer
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  l jsonb;
  n integer := 0;
BEGIN
  IF jsonb_typeof(rules) <> 'object' OR rules->>'format' IS DISTINCT FROM 'anon-rules'
     OR jsonb_typeof(rules->'labels') <> 'array' THEN
    RAISE EXCEPTION 'not a set of anon rules'
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Pass what anon.export_rules() returns: {"format": "anon-rules", "labels": [...]}.';
  END IF;
  FOR l IN
    SELECT e FROM jsonb_array_elements(rules->'labels') WITH ORDINALITY a(e, i)
    ORDER BY array_position(ARRAY['schema', 'function', 'role', 'database', 'table', 'column'],
                            e->>'object'), i
  LOOP
    IF jsonb_typeof(l) <> 'object' OR jsonb_typeof(l->'names') <> 'array'
       OR (l ? 'argtypes' AND jsonb_typeof(l->'argtypes') <> 'array')
       OR jsonb_typeof(l->'label') NOT IN ('string', 'null') THEN
      RAISE EXCEPTION 'malformed label entry: %', l
        USING ERRCODE = 'invalid_parameter_value',
              HINT = 'Each entry has "object", "names" (an array), "provider" and "label".';
    END IF;
    PERFORM anon._apply_label(l->>'object',
                              ARRAY(SELECT jsonb_array_elements_text(l->'names')),
                              CASE WHEN l ? 'argtypes'
                                   THEN ARRAY(SELECT jsonb_array_elements_text(l->'argtypes')) END,
                              l->>'provider', l->>'label');
    n := n + 1;
  END LOOP;
  RETURN n;
END;
$$;
COMMENT ON FUNCTION anon.import_rules(jsonb)
IS 'apply labels written by anon.export_rules(), each validated as SECURITY LABEL validates it; returns how many';
--------------------------------------------------------------------------
-- Static masking (src/static.c, src/static_rewrite.c, src/static_update.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.anonymize_table(
    relid regclass,
    policy text DEFAULT 'anon',
    fire_triggers boolean DEFAULT false,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_anonymize_table'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.anonymize_table(regclass, text, boolean)
IS 'apply the masking rules of a policy to a table (and its partitions or children) in place; one row per table masked';

CREATE FUNCTION anon.anonymize_column(
    relid regclass,
    column_name name,
    policy text DEFAULT 'anon',
    fire_triggers boolean DEFAULT false,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_anonymize_column'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.anonymize_column(regclass, name, text, boolean)
IS 'apply the masking rule of one column in place; one row per table masked';

CREATE FUNCTION anon.anonymize_database(
    policy text DEFAULT 'anon',
    fire_triggers boolean DEFAULT false,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_anonymize_database'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.anonymize_database(text, boolean)
IS 'apply the masking rules of a policy to every table of the database, in one transaction';

CREATE FUNCTION anon._static_noise_factor(ratio double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'anon_static_noise_factor'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._static_noise_factor(double precision)
IS 'internal: 1 + ratio * U, U uniform on [-1, 1)';

CREATE FUNCTION anon._static_noise_interval(variation interval)
RETURNS interval
AS 'MODULE_PATHNAME', 'anon_static_noise_interval'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._static_noise_interval(interval)
IS 'internal: variation * U, U uniform on [-1, 1)';

CREATE FUNCTION anon.add_noise_on_numeric_column(
    noise_table regclass,
    noise_column text,
    ratio double precision,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_add_noise_on_numeric_column'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.add_noise_on_numeric_column(regclass, text, double precision)
IS 'multiply each value of a numeric column by 1 + ratio * U, U uniform on [-1, 1), in place';

CREATE FUNCTION anon.add_noise_on_datetime_column(
    noise_table regclass,
    noise_column text,
    variation interval,
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_add_noise_on_datetime_column'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.add_noise_on_datetime_column(regclass, text, interval)
IS 'move each value of a date or timestamp column by variation * U, U uniform on [-1, 1), in place';

CREATE FUNCTION anon.create_masked_copy(
    source_schema name,
    target_schema name,
    policy text DEFAULT 'anon',
    OUT table_name regclass,
    OUT masked_columns name[],
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_create_masked_copy'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.create_masked_copy(name, name, text)
IS 'copy every table of a schema into another schema (created if missing) with the masking rules applied; the source is untouched';

--------------------------------------------------------------------------
-- Progress of static masking (src/progress.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.progress_anonymize(
    OUT pid integer,
    OUT datid oid,
    OUT userid oid,
    OUT relid oid,
    OUT phase text,
    OUT method text,
    OUT heap_blks_total bigint,
    OUT heap_blks_scanned bigint,
    OUT tuples_done bigint,
    OUT tables_total integer,
    OUT tables_done integer)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_progress_anonymize'
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon.progress_anonymize()
IS 'one row per backend running static masking, read from shared memory; details only for the same role, superusers and pg_read_all_stats';

CREATE VIEW anon.pg_stat_progress_anonymize AS
SELECT p.pid, p.datid, d.datname, p.userid, p.relid, p.phase, p.method,
       p.heap_blks_total, p.heap_blks_scanned, p.tuples_done,
       p.tables_total, p.tables_done
FROM anon.progress_anonymize() p
LEFT JOIN pg_catalog.pg_database d ON d.oid = p.datid;
COMMENT ON VIEW anon.pg_stat_progress_anonymize
IS 'progress of anonymize_table, anonymize_column, anonymize_database, the noise functions and create_masked_copy, one row per backend';
GRANT SELECT ON anon.pg_stat_progress_anonymize TO PUBLIC;
--------------------------------------------------------------------------
-- Parallel static masking (src/static_parallel.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.anonymize_database_parallel(
    workers integer,
    policy text DEFAULT 'anon',
    OUT table_name regclass,
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_anonymize_database_parallel'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.anonymize_database_parallel(integer, text)
IS 'mask every table with rules of the policy on up to workers background workers, each table in its own transaction; an error names the tables left unmasked';
--------------------------------------------------------------------------
-- Masked replication: a masked shadow of a table, kept in step by
-- triggers, for logical replication of masked rows only
--------------------------------------------------------------------------
-- What crosses the wire: a publication of the shadow schema sends only the
-- shadow tables' rows, computed on the source with the masking rules; the
-- raw rows stay in the source's tables and WAL.  The shadow's primary key
-- is the source's, which must not be masked (NOT MASKED or no rule): the
-- key's raw values do cross, as the replica identity.

CREATE FUNCTION anon.start_masked_replication(source regclass,
                                              target_schema name DEFAULT 'anon_replica',
                                              policy text DEFAULT 'anon')
RETURNS regclass
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $start$
DECLARE
  src_schema name;
  src_name name;
  src_owner name;
  pk text[];
  bad text;
  view_sql text;
  target_name text;
  target regclass;
  fn regprocedure;
  key_new text;
  key_old text;
  key_cols text;
BEGIN
  -- the caller's own rights: creating the trigger needs the table's ownership
  SELECT n.nspname, c.relname, pg_get_userbyid(c.relowner)
  INTO src_schema, src_name, src_owner
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = source AND c.relkind = 'r'
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'anon');
  IF src_name IS NULL THEN
    RAISE EXCEPTION '% is not a table', source
      USING ERRCODE = 'wrong_object_type',
            HINT = 'Masked replication works on plain user tables; replicate each partition.';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM anon.policies() p WHERE p = policy) THEN
    RAISE EXCEPTION 'masking policy "%" does not exist', policy
      USING ERRCODE = 'undefined_object', HINT = 'Policies are listed by anon.policies().';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = source AND t.tgname = 'anon_masked_replication') THEN
    RAISE EXCEPTION 'table % is already replicated masked', source
      USING ERRCODE = 'duplicate_object', HINT = 'Call anon.stop_masked_replication() first.';
  END IF;

  -- the primary key identifies a row on both sides: it must not be masked
  SELECT array_agg(a.attname::text ORDER BY k.ord) INTO pk
  FROM pg_index i
  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  WHERE i.indrelid = source AND i.indisprimary;
  IF pk IS NULL THEN
    RAISE EXCEPTION 'table % has no primary key', source
      USING ERRCODE = 'invalid_table_definition',
            HINT = 'Masked replication matches rows by primary key: add one.';
  END IF;
  SELECT string_agg(m.attname::text, ', ') INTO bad
  FROM anon.masking_rules m
  WHERE m.relid = source AND m.policy = start_masked_replication.policy
    AND m.kind <> 'NOT MASKED' AND m.attname::text = ANY (pk);
  IF bad IS NULL AND current_setting('anon.privacy_by_default')::boolean THEN
    SELECT string_agg(k, ', ') INTO bad FROM unnest(pk) k
    WHERE NOT EXISTS (SELECT 1 FROM anon.masking_rules m
                      WHERE m.relid = source AND m.policy = start_masked_replication.policy
                        AND m.attname::text = k AND m.kind = 'NOT MASKED');
  END IF;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'the primary key of % is masked (%)', source, bad
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Label the key columns NOT MASKED, and keep a pseudonymized copy of the key in another column if it is an identifier.';
  END IF;

  SELECT string_agg(format('%I', k), ', '),
         string_agg(format('m.%I = NEW.%I', k, k), ' AND '),
         string_agg(format('%I = OLD.%I', k, k), ' AND ')
  INTO key_cols, key_new, key_old
  FROM unnest(pk) k;

  view_sql := anon.masking_view(source, policy);
  IF to_regnamespace(quote_ident(target_schema)) IS NULL THEN
    EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', target_schema, src_owner);
  END IF;
  EXECUTE format('CREATE TABLE %I.%I AS %s WITH NO DATA', target_schema, src_name, view_sql);
  target := format('%I.%I', target_schema, src_name)::regclass;
  EXECUTE format('ALTER TABLE %s ADD PRIMARY KEY (%s)', target, key_cols);
  EXECUTE format('INSERT INTO %s %s', target, view_sql);

  -- the trigger function runs the rules with the table owner's rights
  EXECUTE format($f$
    CREATE FUNCTION %I.%I() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $body$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE %s;
        RETURN NULL;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM %s WHERE %s;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO %s SELECT m.* FROM (%s) m WHERE %s;
      END IF;
      RETURN NULL;
    END
    $body$$f$,
    target_schema, src_name || '_anon_sync', target, target, key_old, target, view_sql, key_new);
  fn := format('%I.%I()', target_schema, src_name || '_anon_sync')::regprocedure;
  EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn);
  EXECUTE format('ALTER FUNCTION %s OWNER TO %I', fn, src_owner);
  EXECUTE format('ALTER TABLE %s OWNER TO %I', target, src_owner);
  -- the trigger's argument names the shadow, for stop_masked_replication
  EXECUTE format('CREATE TRIGGER anon_masked_replication AFTER INSERT OR UPDATE OR DELETE ON %s '
                 'FOR EACH ROW EXECUTE FUNCTION %s(%L)', source, fn::regproc, target::text);
  EXECUTE format('CREATE TRIGGER anon_masked_replication_truncate AFTER TRUNCATE ON %s '
                 'FOR EACH STATEMENT EXECUTE FUNCTION %s(%L)', source, fn::regproc, target::text);
  RETURN target;
END;
$start$;
COMMENT ON FUNCTION anon.start_masked_replication(regclass, name, text)
IS 'create a masked shadow of a table in target_schema, kept in step by triggers; publish that schema to replicate masked rows only';

CREATE FUNCTION anon.stop_masked_replication(source regclass, drop_target boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  fn regprocedure;
  target text;
BEGIN
  SELECT t.tgfoid::regprocedure, convert_from(substr(t.tgargs, 1, length(t.tgargs) - 1), 'UTF8')
  INTO fn, target
  FROM pg_trigger t
  WHERE t.tgrelid = source AND t.tgname = 'anon_masked_replication';
  IF fn IS NULL THEN
    RAISE EXCEPTION 'table % is not replicated masked', source
      USING ERRCODE = 'undefined_object',
            HINT = 'anon.start_masked_replication() starts it.';
  END IF;
  EXECUTE format('DROP TRIGGER anon_masked_replication ON %s', source);
  EXECUTE format('DROP TRIGGER anon_masked_replication_truncate ON %s', source);
  EXECUTE format('DROP FUNCTION %s', fn);
  IF drop_target THEN
    EXECUTE format('DROP TABLE %s', target::regclass);
  END IF;
END;
$$;
COMMENT ON FUNCTION anon.stop_masked_replication(regclass, boolean)
IS 'stop keeping the masked shadow of a table in step (and drop it if asked)';
--------------------------------------------------------------------------
-- Pseudonymization (src/keys.c, src/hash.c, src/fpe.c)
--
-- Keys live in anon.keys, which PUBLIC cannot read.  The keyed functions
-- are C functions that read the keys themselves (never through SQL), and
-- check the calling role wherever a secret could come out: see the header
-- of src/keys.c for why they are not SECURITY DEFINER.
--------------------------------------------------------------------------

-- Members of anon_key_admin manage keys and may depseudonymize.
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles
	               WHERE rolname = 'anon_key_admin') THEN
		CREATE ROLE anon_key_admin NOLOGIN;
	END IF;
END
$$;

CREATE TABLE anon.keys (
	name text NOT NULL CHECK (name <> '' AND octet_length(name) <= 63),
	version integer NOT NULL CHECK (version > 0),
	key bytea NOT NULL CHECK (octet_length(key) IN (16, 24, 32)),
	created timestamptz NOT NULL DEFAULT pg_catalog.now(),
	active boolean NOT NULL,
	PRIMARY KEY (name, version)
);
CREATE UNIQUE INDEX keys_one_active ON anon.keys (name) WHERE active;
COMMENT ON TABLE anon.keys
IS 'pseudonymization keys: every version is kept so that old pseudonyms can be reversed';
REVOKE ALL ON anon.keys FROM PUBLIC;
-- key admins may list keys, never read their bytes
GRANT SELECT (name, version, created, active) ON anon.keys TO anon_key_admin;
-- Not a configuration table for pg_dump: a dump never holds keys, and a
-- masked role (which cannot read anon.keys) can still dump the database.
-- Superusers back keys up with COPY anon.keys TO / FROM.

CREATE FUNCTION anon._keys_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'anon_keys_changed'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._keys_changed()
IS 'trigger on anon.keys: every backend drops its key cache';

-- every backend drops its key cache when anon.keys changes
CREATE TRIGGER keys_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON anon.keys
FOR EACH STATEMENT EXECUTE FUNCTION anon._keys_changed();

CREATE FUNCTION anon.create_key(key_name text)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_create_key'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.create_key(text)
IS 'create a key of 32 random bytes; returns its version, 1';

CREATE FUNCTION anon.rotate_key(key_name text)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_rotate_key'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.rotate_key(text)
IS 'make a new active version of a key, keeping the old ones for reversal; returns the new version';

CREATE FUNCTION anon.drop_key(key_name text)
RETURNS void
AS 'MODULE_PATHNAME', 'anon_drop_key'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.drop_key(text)
IS 'drop every version of a key: its pseudonyms can no longer be reversed';

REVOKE EXECUTE ON FUNCTION anon.create_key(text), anon.rotate_key(text),
	anon.drop_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION anon.create_key(text), anon.rotate_key(text),
	anon.drop_key(text) TO anon_key_admin;

CREATE FUNCTION anon.hash(seed text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_hash'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.hash(text)
IS 'keyed pseudonym: hex HMAC-SHA256 of anon.salt and the value under the key ''default''';

CREATE FUNCTION anon.digest(seed text, salt text, algorithm text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_digest'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.digest(text, text, text)
IS 'hex digest of seed || salt with sha224, sha256, sha384, sha512, sha3-224, sha3-256, sha3-384, sha3-512 or md5';

CREATE FUNCTION anon.random_hash(seed text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_random_hash'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_hash(text)
IS 'hex SHA-256 of seed and 16 random bytes: a different hash at each call';

CREATE FUNCTION anon.random_hash(seed text, algorithm text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_random_hash_alg'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_hash(text, text)
IS 'hex digest (any anon.digest algorithm) of seed and 16 random bytes';

-- Format-preserving encryption (NIST SP 800-38G rev. 1) with the key as an
-- argument: for checking against the standard's samples; superusers only.
CREATE FUNCTION anon.ff1_encrypt(key bytea, tweak bytea, radix integer, input text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_ff1_encrypt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.ff1_encrypt(bytea, bytea, integer, text)
IS 'FF1 encryption over AES of a string of numerals 0-9a-zA-Z cut to radix';

CREATE FUNCTION anon.ff1_decrypt(key bytea, tweak bytea, radix integer, input text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_ff1_decrypt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.ff1_decrypt(bytea, bytea, integer, text)
IS 'FF1 decryption over AES of a string of numerals 0-9a-zA-Z cut to radix';

CREATE FUNCTION anon.ff3_1_encrypt(key bytea, tweak bytea, radix integer, input text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_ff3_1_encrypt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.ff3_1_encrypt(bytea, bytea, integer, text)
IS 'FF3-1 encryption over AES (7-byte tweak; 8 bytes: the withdrawn FF3)';

CREATE FUNCTION anon.ff3_1_decrypt(key bytea, tweak bytea, radix integer, input text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_ff3_1_decrypt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.ff3_1_decrypt(bytea, bytea, integer, text)
IS 'FF3-1 decryption over AES (7-byte tweak; 8 bytes: the withdrawn FF3)';

REVOKE EXECUTE ON FUNCTION anon.ff1_encrypt(bytea, bytea, integer, text),
	anon.ff1_decrypt(bytea, bytea, integer, text),
	anon.ff3_1_encrypt(bytea, bytea, integer, text),
	anon.ff3_1_decrypt(bytea, bytea, integer, text) FROM PUBLIC;

-- Reversible pseudonyms (FF1 under a named key).  pseudonymize is open to
-- every role, so that masking rules can use it; reversing needs the key
-- privilege, checked inside as well.
CREATE FUNCTION anon.pseudonymize(value text, key_name text, tweak text DEFAULT '')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudonymize'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudonymize(text, text, text)
IS 'reversible format-preserving pseudonym (FF1) under the active version of a key: letters and digits keep their class, other characters and an e-mail''s domain stay';

CREATE FUNCTION anon.depseudonymize(pseudonym text, key_name text, tweak text DEFAULT '')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_depseudonymize'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.depseudonymize(text, text, text)
IS 'the value behind a pseudonym made with the active version of a key (key admins only)';

CREATE FUNCTION anon.depseudonymize(pseudonym text, key_name text, tweak text, key_version integer)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_depseudonymize'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.depseudonymize(text, text, text, integer)
IS 'the value behind a pseudonym made with the given version of a key (key admins only)';

CREATE FUNCTION anon.pseudonymize_card(value text, key_name text, tweak text DEFAULT '')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudonymize_card'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudonymize_card(text, text, text)
IS 'reversible pseudonym of a card number: same length and separators, valid Luhn check digit';

CREATE FUNCTION anon.depseudonymize_card(pseudonym text, key_name text, tweak text DEFAULT '')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_depseudonymize_card'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.depseudonymize_card(text, text, text)
IS 'the card number behind a pseudonym made with the active version of a key (key admins only)';

CREATE FUNCTION anon.depseudonymize_card(pseudonym text, key_name text, tweak text, key_version integer)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_depseudonymize_card'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.depseudonymize_card(text, text, text, integer)
IS 'the card number behind a pseudonym made with the given version of a key (key admins only)';

REVOKE EXECUTE ON FUNCTION anon.depseudonymize(text, text, text),
	anon.depseudonymize(text, text, text, integer),
	anon.depseudonymize_card(text, text, text),
	anon.depseudonymize_card(text, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION anon.depseudonymize(text, text, text),
	anon.depseudonymize(text, text, text, integer),
	anon.depseudonymize_card(text, text, text),
	anon.depseudonymize_card(text, text, text, integer) TO anon_key_admin;

-- FF1's two number representations agree (test only; superusers only).
CREATE FUNCTION anon._ff1_selftest(cases integer)
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_ff1_selftest'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
REVOKE EXECUTE ON FUNCTION anon._ff1_selftest(integer) FROM PUBLIC;
COMMENT ON FUNCTION anon._ff1_selftest(integer)
IS 'test only: how many of that many random cases FF1''s machine-integer and BIGNUM paths disagree on (0 when correct)';
--------------------------------------------------------------------------
-- Generalization (src/generalize.c): a value replaced by a broader one
-- that contains it; names and signatures of PostgreSQL Anonymizer.
--------------------------------------------------------------------------

CREATE FUNCTION anon.generalize_int4range(val integer, step integer DEFAULT 10)
RETURNS int4range
AS 'MODULE_PATHNAME', 'anon_generalize_int4range'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_int4range(integer, integer)
IS 'the bucket [lo, lo+step) holding val, lo a multiple of step';

CREATE FUNCTION anon.generalize_int8range(val bigint, step bigint DEFAULT 10)
RETURNS int8range
AS 'MODULE_PATHNAME', 'anon_generalize_int8range'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_int8range(bigint, bigint)
IS 'the bucket [lo, lo+step) holding val, lo a multiple of step';

CREATE FUNCTION anon.generalize_numrange(val numeric, step numeric DEFAULT 10)
RETURNS numrange
AS 'MODULE_PATHNAME', 'anon_generalize_numrange'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_numrange(numeric, numeric)
IS 'the bucket [lo, lo+step) holding val, lo a multiple of step';

CREATE FUNCTION anon.generalize_daterange(val date, step text DEFAULT 'decade')
RETURNS daterange
AS 'MODULE_PATHNAME', 'anon_generalize_daterange'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_daterange(date, text)
IS 'the calendar bucket (millennium, century, decade, year, quarter, month, week, day) holding val';

CREATE FUNCTION anon.generalize_tsrange(val timestamp, step text DEFAULT 'decade')
RETURNS tsrange
AS 'MODULE_PATHNAME', 'anon_generalize_tsrange'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_tsrange(timestamp, text)
IS 'the calendar bucket (millennium ... second) holding val';

-- STABLE, not IMMUTABLE: the buckets follow the session's TimeZone
CREATE FUNCTION anon.generalize_tstzrange(val timestamptz, step text DEFAULT 'decade')
RETURNS tstzrange
AS 'MODULE_PATHNAME', 'anon_generalize_tstzrange'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_tstzrange(timestamptz, text)
IS 'the calendar bucket (millennium ... second) holding val, in the session time zone';

CREATE FUNCTION anon.generalize_prefix(val text, keep integer, mask text DEFAULT '*')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_generalize_prefix'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_prefix(text, integer, text)
IS 'the first keep characters of val, each later character replaced by mask (''75012'', 3 -> ''750**'')';

-- User-defined hierarchies: value -> its generalization at each level
-- (city -> region at level 1, -> country at level 2, ...).  Level 0 is the
-- value itself and is not stored.
CREATE TABLE anon.hierarchy (
	name text NOT NULL,
	level integer NOT NULL CHECK (level >= 1),
	value text NOT NULL,
	generalized text NOT NULL,
	PRIMARY KEY (name, level, value)
);
COMMENT ON TABLE anon.hierarchy
IS 'generalization hierarchies: at level of hierarchy name, value becomes generalized';
SELECT pg_catalog.pg_extension_config_dump('anon.hierarchy', '');
-- masking rules of masked roles read it: a hierarchy is a policy, not data
GRANT SELECT ON anon.hierarchy TO PUBLIC;

CREATE FUNCTION anon.generalize(val text, hierarchy text, level integer)
RETURNS text
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	g text;
BEGIN
	IF level < 0 THEN
		RAISE EXCEPTION 'level of generalize must not be negative'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF level = 0 THEN
		RETURN val;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM anon.hierarchy h WHERE h.name = hierarchy) THEN
		RAISE EXCEPTION 'generalization hierarchy "%" does not exist', hierarchy
			USING ERRCODE = 'undefined_object',
			      HINT = 'Insert its levels into anon.hierarchy.';
	END IF;
	SELECT h.generalized INTO g FROM anon.hierarchy h
	WHERE h.name = hierarchy AND h.level = generalize.level AND h.value = val;
	-- a value the hierarchy does not know, or a level above its top, is
	-- suppressed: never shown as it is
	RETURN g;
END
$$;
COMMENT ON FUNCTION anon.generalize(text, text, integer)
IS 'val generalized to level of a hierarchy of anon.hierarchy; NULL (suppressed) when the hierarchy does not map it';
--------------------------------------------------------------------------
-- k-anonymity, l-diversity, t-closeness, risk (src/kanon.c)
--
-- The measures run their statements through SPI as the caller (not
-- SECURITY DEFINER): they read only what the caller may read.  PARALLEL
-- UNSAFE because they run SPI; their own statements may use parallel plans.
--------------------------------------------------------------------------

CREATE FUNCTION anon.k_anonymity(relid regclass, columns text[] DEFAULT NULL)
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_k_anonymity'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.k_anonymity(regclass, text[])
IS 'size of the smallest class of equal quasi-identifiers (labelled, or the columns given); NULL when empty';

CREATE FUNCTION anon.k_anonymity_query(query text, columns text[])
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_k_anonymity_query'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.k_anonymity_query(text, text[])
IS 'k-anonymity of the rows of a SELECT over the columns given';

CREATE FUNCTION anon.l_diversity(relid regclass, sensitive name, columns text[] DEFAULT NULL,
                                 OUT distinct_l bigint, OUT entropy_l double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'anon_l_diversity'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.l_diversity(regclass, name, text[])
IS 'distinct and entropy l-diversity of a sensitive column over the classes of the quasi-identifiers';

CREATE FUNCTION anon.l_diversity_query(query text, sensitive name, columns text[],
                                       OUT distinct_l bigint, OUT entropy_l double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'anon_l_diversity_query'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.l_diversity_query(text, name, text[])
IS 'distinct and entropy l-diversity of the rows of a SELECT';

CREATE FUNCTION anon.t_closeness(relid regclass, sensitive name, columns text[] DEFAULT NULL,
                                 ordered boolean DEFAULT NULL)
RETURNS double precision
AS 'MODULE_PATHNAME', 'anon_t_closeness'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.t_closeness(regclass, name, text[], boolean)
IS 'largest earth mover''s distance between a class''s and the table''s distribution of a sensitive column (ordered distance for numbers and times unless ordered says otherwise)';

CREATE FUNCTION anon.t_closeness_query(query text, sensitive name, columns text[],
                                       ordered boolean DEFAULT NULL)
RETURNS double precision
AS 'MODULE_PATHNAME', 'anon_t_closeness_query'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.t_closeness_query(text, name, text[], boolean)
IS 't-closeness of the rows of a SELECT';

CREATE FUNCTION anon.risk(relid regclass, threshold double precision DEFAULT 0.2,
                          columns text[] DEFAULT NULL, population regclass DEFAULT NULL)
RETURNS TABLE (measure text, value double precision, detail text)
AS 'MODULE_PATHNAME', 'anon_risk'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.risk(regclass, double precision, text[], regclass)
IS 're-identification risk report (prosecutor, journalist, marketer models of ARX), smallest classes, and each quasi-identifier''s contribution';
--------------------------------------------------------------------------
-- Automatic generalization (src/kanon_search.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon._generalize_to_k(relid regclass, k integer, suppression double precision,
                                      keys text[], specs text[], columns text[],
                                      l integer, sensitive name)
RETURNS TABLE (attname name, level integer, max_level integer, expression text, rule text,
               k_achieved bigint, suppressed bigint, loss double precision,
               discernibility double precision, nodes_checked integer, l_achieved bigint)
AS 'MODULE_PATHNAME', 'anon_generalize_to_k'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._generalize_to_k(regclass, integer, double precision, text[], text[], text[], integer, name)
IS 'implementation of anon.generalize_to_k';

-- hierarchies: {"column": [step, ...] | "prefix" | "prefix:keep,..." |
--               "hierarchy:name" | "suppress", ...}; other columns get the
-- default hierarchy of their type.  With l and sensitive, every released
-- class also holds at least l distinct values of the sensitive column.
CREATE FUNCTION anon.generalize_to_k(relid regclass, k integer,
                                     suppression double precision DEFAULT 0,
                                     hierarchies jsonb DEFAULT '{}',
                                     columns text[] DEFAULT NULL,
                                     l integer DEFAULT NULL,
                                     sensitive name DEFAULT NULL)
RETURNS TABLE (attname name, level integer, max_level integer, expression text, rule text,
               k_achieved bigint, suppressed bigint, loss double precision,
               discernibility double precision, nodes_checked integer, l_achieved bigint)
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL UNSAFE
AS $$
SELECT * FROM anon._generalize_to_k(
  relid, k, suppression,
  ARRAY(SELECT e.key FROM pg_catalog.jsonb_each(hierarchies) e ORDER BY e.key),
  ARRAY(SELECT CASE pg_catalog.jsonb_typeof(e.value)
                 WHEN 'array' THEN 'steps:' ||
                   (SELECT coalesce(pg_catalog.string_agg(x.v, ',' ORDER BY x.o), '')
                    FROM pg_catalog.jsonb_array_elements_text(e.value) WITH ORDINALITY x(v, o))
                 WHEN 'string' THEN e.value OPERATOR(pg_catalog.#>>) '{}'
                 ELSE 'invalid' END
        FROM pg_catalog.jsonb_each(hierarchies) e ORDER BY e.key),
  columns, l, sensitive)
$$;
COMMENT ON FUNCTION anon.generalize_to_k(regclass, integer, double precision, jsonb, text[], integer, name)
IS 'least generalized levels of the quasi-identifiers making the relation k-anonymous (and distinct l-diverse for a sensitive column), by a Flash lattice search, with the masking rules that apply them';

--------------------------------------------------------------------------
-- Differential privacy (src/dp_sampler.c, src/dp_agg.c, src/dp_budget.c)
--------------------------------------------------------------------------

-- Test-only access to the exact samplers (superusers only).
CREATE FUNCTION anon._dp_samples(kind text, num bigint, den bigint, n integer)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'anon_dp_samples'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
REVOKE ALL ON FUNCTION anon._dp_samples(text, bigint, bigint, integer) FROM PUBLIC;
COMMENT ON FUNCTION anon._dp_samples(text, bigint, bigint, integer)
IS 'test only: n draws of an exact DP sampler (bernoulli_exp, laplace, gaussian)';

-- The transition state of every DP aggregate: a real type with text I/O,
-- so that a sharding engine can compute it per shard and combine it.
CREATE TYPE anon.dp_state;
CREATE FUNCTION anon.dp_state_in(cstring)
RETURNS anon.dp_state
AS 'MODULE_PATHNAME', 'anon_dp_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dp_state_in(cstring)
IS 'input function of the type anon.dp_state, the state of the differentially private aggregates';
CREATE FUNCTION anon.dp_state_out(anon.dp_state)
RETURNS cstring
AS 'MODULE_PATHNAME', 'anon_dp_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dp_state_out(anon.dp_state)
IS 'output function of the type anon.dp_state';
CREATE TYPE anon.dp_state (
	INPUT = anon.dp_state_in,
	OUTPUT = anon.dp_state_out,
	INTERNALLENGTH = 64,
	ALIGNMENT = double
);
COMMENT ON TYPE anon.dp_state
IS 'transition state of the differentially private aggregates: (count,s1,s2,epsilon,delta,lower,upper,flags)';

-- Support functions: they refuse to run outside an aggregate.
CREATE FUNCTION anon._dp_count_star_trans(anon.dp_state, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_count_star_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_star_trans(anon.dp_state, float8)
IS 'transition function of anon.anon_count(epsilon): counts the rows';
CREATE FUNCTION anon._dp_count_trans(anon.dp_state, anyelement, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_count_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_trans(anon.dp_state, anyelement, float8)
IS 'transition function of anon.anon_count(expr, ...): counts the non-null values';
CREATE FUNCTION anon._dp_count_trans(anon.dp_state, anyelement, float8, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_count_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_trans(anon.dp_state, anyelement, float8, float8)
IS 'transition function of anon.anon_count(expr, ...): counts the non-null values';
CREATE FUNCTION anon._dp_combine(anon.dp_state, anon.dp_state)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_combine'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_combine(anon.dp_state, anon.dp_state)
IS 'combine function of the differentially private aggregates (parallel query): adds two states of the same call';
CREATE FUNCTION anon._dp_count_final(anon.dp_state, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_count_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_final(anon.dp_state, float8)
IS 'final function of anon.anon_count: charges the privacy budget, then adds the noise';
CREATE FUNCTION anon._dp_count_final(anon.dp_state, anyelement, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_count_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_final(anon.dp_state, anyelement, float8)
IS 'final function of anon.anon_count: charges the privacy budget, then adds the noise';
CREATE FUNCTION anon._dp_count_final(anon.dp_state, anyelement, float8, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_count_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_final(anon.dp_state, anyelement, float8, float8)
IS 'final function of anon.anon_count: charges the privacy budget, then adds the noise';

CREATE AGGREGATE anon.anon_count(epsilon float8) (
	SFUNC = anon._dp_count_star_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_count_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_count(float8)
IS 'differentially private count(*): discrete Laplace noise of scale 1/epsilon';
CREATE AGGREGATE anon.anon_count(expr anyelement, epsilon float8) (
	SFUNC = anon._dp_count_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_count_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_count(anyelement, float8)
IS 'differentially private count of non-null values';
CREATE AGGREGATE anon.anon_count(expr anyelement, epsilon float8, delta float8) (
	SFUNC = anon._dp_count_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_count_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_count(anyelement, float8, float8)
IS 'differentially private count of non-null values, (epsilon, delta) by the discrete Gaussian';

-- anon_sum, anon_avg, anon_var, anon_stddev for each numeric type, with
-- an optional delta (Gaussian mechanism).  numeric goes through float8.
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, smallint, float8, smallint, smallint)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, smallint, float8, smallint, smallint)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, smallint, float8, smallint, smallint)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, smallint, float8, smallint, smallint)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr smallint, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(smallint, float8, smallint, smallint)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, smallint, float8, smallint, smallint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, smallint, float8, smallint, smallint)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr smallint, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(smallint, float8, smallint, smallint)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, smallint, float8, smallint, smallint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, smallint, float8, smallint, smallint)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr smallint, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(smallint, float8, smallint, smallint)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, smallint, float8, smallint, smallint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, smallint, float8, smallint, smallint)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr smallint, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(smallint, float8, smallint, smallint)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, smallint, float8, smallint, smallint, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, smallint, float8, smallint, smallint, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr smallint, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(smallint, float8, smallint, smallint, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr smallint, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(smallint, float8, smallint, smallint, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr smallint, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(smallint, float8, smallint, smallint, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr smallint, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(smallint, float8, smallint, smallint, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, integer, float8, integer, integer)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, integer, float8, integer, integer)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, integer, float8, integer, integer)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, integer, float8, integer, integer)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr integer, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(integer, float8, integer, integer)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, integer, float8, integer, integer)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, integer, float8, integer, integer)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr integer, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(integer, float8, integer, integer)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, integer, float8, integer, integer)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, integer, float8, integer, integer)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr integer, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(integer, float8, integer, integer)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, integer, float8, integer, integer)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, integer, float8, integer, integer)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr integer, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(integer, float8, integer, integer)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, integer, float8, integer, integer, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, integer, float8, integer, integer, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, integer, float8, integer, integer, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, integer, float8, integer, integer, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr integer, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(integer, float8, integer, integer, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, integer, float8, integer, integer, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, integer, float8, integer, integer, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr integer, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(integer, float8, integer, integer, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, integer, float8, integer, integer, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, integer, float8, integer, integer, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr integer, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(integer, float8, integer, integer, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, integer, float8, integer, integer, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, integer, float8, integer, integer, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr integer, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(integer, float8, integer, integer, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, bigint, float8, bigint, bigint)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, bigint, float8, bigint, bigint)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, bigint, float8, bigint, bigint)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, bigint, float8, bigint, bigint)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr bigint, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(bigint, float8, bigint, bigint)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, bigint, float8, bigint, bigint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, bigint, float8, bigint, bigint)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr bigint, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(bigint, float8, bigint, bigint)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, bigint, float8, bigint, bigint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, bigint, float8, bigint, bigint)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr bigint, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(bigint, float8, bigint, bigint)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, bigint, float8, bigint, bigint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, bigint, float8, bigint, bigint)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr bigint, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(bigint, float8, bigint, bigint)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, bigint, float8, bigint, bigint, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, bigint, float8, bigint, bigint, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr bigint, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(bigint, float8, bigint, bigint, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr bigint, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(bigint, float8, bigint, bigint, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr bigint, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(bigint, float8, bigint, bigint, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr bigint, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(bigint, float8, bigint, bigint, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, real, float8, real, real)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, real, float8, real, real)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, real, float8, real, real)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, real, float8, real, real)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr real, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(real, float8, real, real)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, real, float8, real, real)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, real, float8, real, real)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr real, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(real, float8, real, real)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, real, float8, real, real)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, real, float8, real, real)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr real, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(real, float8, real, real)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, real, float8, real, real)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, real, float8, real, real)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr real, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(real, float8, real, real)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, real, float8, real, real, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, real, float8, real, real, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, real, float8, real, real, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, real, float8, real, real, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr real, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(real, float8, real, real, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, real, float8, real, real, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, real, float8, real, real, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr real, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(real, float8, real, real, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, real, float8, real, real, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, real, float8, real, real, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr real, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(real, float8, real, real, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, real, float8, real, real, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, real, float8, real, real, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr real, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(real, float8, real, real, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, double precision, float8, double precision, double precision)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, double precision, float8, double precision, double precision)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, double precision, float8, double precision, double precision)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, double precision, float8, double precision, double precision)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr double precision, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(double precision, float8, double precision, double precision)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, double precision, float8, double precision, double precision)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, double precision, float8, double precision, double precision)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr double precision, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(double precision, float8, double precision, double precision)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, double precision, float8, double precision, double precision)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, double precision, float8, double precision, double precision)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr double precision, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(double precision, float8, double precision, double precision)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, double precision, float8, double precision, double precision)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, double precision, float8, double precision, double precision)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr double precision, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(double precision, float8, double precision, double precision)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, double precision, float8, double precision, double precision, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, double precision, float8, double precision, double precision, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr double precision, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(double precision, float8, double precision, double precision, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr double precision, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(double precision, float8, double precision, double precision, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr double precision, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(double precision, float8, double precision, double precision, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr double precision, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(double precision, float8, double precision, double precision, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, numeric, float8, numeric, numeric)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, numeric, float8, numeric, numeric)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, numeric, float8, numeric, numeric)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, numeric, float8, numeric, numeric)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr numeric, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(numeric, float8, numeric, numeric)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, numeric, float8, numeric, numeric)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, numeric, float8, numeric, numeric)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr numeric, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(numeric, float8, numeric, numeric)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, numeric, float8, numeric, numeric)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, numeric, float8, numeric, numeric)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr numeric, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(numeric, float8, numeric, numeric)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, numeric, float8, numeric, numeric)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, numeric, float8, numeric, numeric)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr numeric, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(numeric, float8, numeric, numeric)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, numeric, float8, numeric, numeric, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, numeric, float8, numeric, numeric, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr numeric, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(numeric, float8, numeric, numeric, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr numeric, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(numeric, float8, numeric, numeric, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr numeric, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(numeric, float8, numeric, numeric, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr numeric, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(numeric, float8, numeric, numeric, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';

-- anon_percentile and anon_ntile (Google's name): a quantile from a noisy
-- 256-bin histogram of [lower, upper]
CREATE TYPE anon.dp_quantile_state;
CREATE FUNCTION anon.dp_quantile_state_in(cstring)
RETURNS anon.dp_quantile_state
AS 'MODULE_PATHNAME', 'anon_dp_qstate_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dp_quantile_state_in(cstring)
IS 'input function of the type anon.dp_quantile_state, the state of anon.anon_percentile and anon.anon_ntile';
CREATE FUNCTION anon.dp_quantile_state_out(anon.dp_quantile_state)
RETURNS cstring
AS 'MODULE_PATHNAME', 'anon_dp_qstate_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dp_quantile_state_out(anon.dp_quantile_state)
IS 'output function of the type anon.dp_quantile_state';
CREATE TYPE anon.dp_quantile_state (
	INPUT = anon.dp_quantile_state_in,
	OUTPUT = anon.dp_quantile_state_out,
	INTERNALLENGTH = 2104,
	ALIGNMENT = double
);
COMMENT ON TYPE anon.dp_quantile_state
IS 'transition state of anon_percentile: (epsilon,delta,lower,upper,p,flags,result;256 bin counts)';
CREATE FUNCTION anon._dp_quantile_combine(anon.dp_quantile_state, anon.dp_quantile_state)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_combine'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_combine(anon.dp_quantile_state, anon.dp_quantile_state)
IS 'combine function of anon.anon_percentile and anon.anon_ntile (parallel query): adds two histograms of the same call';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr smallint, p float8, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(smallint, float8, float8, smallint, smallint)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr smallint, p float8, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(smallint, float8, float8, smallint, smallint)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr smallint, p float8, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(smallint, float8, float8, smallint, smallint, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr smallint, p float8, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(smallint, float8, float8, smallint, smallint, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, integer, float8, float8, integer, integer)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, integer, float8, float8, integer, integer)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, integer, float8, float8, integer, integer)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, integer, float8, float8, integer, integer)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr integer, p float8, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(integer, float8, float8, integer, integer)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr integer, p float8, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(integer, float8, float8, integer, integer)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, integer, float8, float8, integer, integer, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, integer, float8, float8, integer, integer, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, integer, float8, float8, integer, integer, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, integer, float8, float8, integer, integer, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr integer, p float8, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(integer, float8, float8, integer, integer, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr integer, p float8, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(integer, float8, float8, integer, integer, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr bigint, p float8, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(bigint, float8, float8, bigint, bigint)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr bigint, p float8, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(bigint, float8, float8, bigint, bigint)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr bigint, p float8, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(bigint, float8, float8, bigint, bigint, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr bigint, p float8, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(bigint, float8, float8, bigint, bigint, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, real, float8, float8, real, real)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, real, float8, float8, real, real)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, real, float8, float8, real, real)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, real, float8, float8, real, real)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr real, p float8, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(real, float8, float8, real, real)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr real, p float8, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(real, float8, float8, real, real)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, real, float8, float8, real, real, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, real, float8, float8, real, real, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, real, float8, float8, real, real, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, real, float8, float8, real, real, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr real, p float8, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(real, float8, float8, real, real, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr real, p float8, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(real, float8, float8, real, real, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr double precision, p float8, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(double precision, float8, float8, double precision, double precision)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr double precision, p float8, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(double precision, float8, float8, double precision, double precision)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr double precision, p float8, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(double precision, float8, float8, double precision, double precision, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr double precision, p float8, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(double precision, float8, float8, double precision, double precision, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr numeric, p float8, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(numeric, float8, float8, numeric, numeric)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr numeric, p float8, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(numeric, float8, float8, numeric, numeric)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr numeric, p float8, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(numeric, float8, float8, numeric, numeric, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr numeric, p float8, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(numeric, float8, float8, numeric, numeric, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';

-- How noisy an answer is
CREATE FUNCTION anon._dp_noise_halfwidth(kind text, epsilon float8, lower float8,
                                         upper float8, delta float8, confidence float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'anon_dp_noise_halfwidth_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_noise_halfwidth(text, float8, float8, float8, float8, float8)
IS 'half-width of the interval around a released count or sum that holds the exact value with the given confidence (see anon.dp_confidence_interval)';
CREATE FUNCTION anon.dp_confidence_interval(released float8, kind text, epsilon float8,
                                            lower float8 DEFAULT 0, upper float8 DEFAULT 0,
                                            delta float8 DEFAULT 0, confidence float8 DEFAULT 0.95,
                                            OUT low float8, OUT high float8)
RETURNS record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT released - h, released + h
	FROM (SELECT anon._dp_noise_halfwidth(kind, epsilon, lower, upper, delta, confidence) AS h) s
$$;
COMMENT ON FUNCTION anon.dp_confidence_interval(float8, text, float8, float8, float8, float8, float8)
IS 'interval around a released anon_count or anon_sum that holds the exact value with the given confidence';

-- Local differential privacy: randomized response and its estimators
CREATE FUNCTION anon.randomized_response(answer boolean, epsilon float8)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_randomized_response_bool'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.randomized_response(boolean, float8)
IS 'the answer with probability e^epsilon / (1 + e^epsilon), else its negation';
CREATE FUNCTION anon.randomized_response(answer anyelement, categories anyarray, epsilon float8)
RETURNS anyelement
AS 'MODULE_PATHNAME', 'anon_randomized_response_any'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.randomized_response(anyelement, anyarray, float8)
IS 'the answer with probability e^epsilon / (e^epsilon + k - 1), else one of the k - 1 other categories';

CREATE FUNCTION anon._rr_trans(s float8[], response boolean, epsilon float8)
RETURNS float8[]
LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE
AS $$ SELECT ARRAY[s[1] + (response IS TRUE)::int, s[2] + (response IS NOT NULL)::int, epsilon, 2] $$;
COMMENT ON FUNCTION anon._rr_trans(float8[], boolean, float8)
IS 'transition function of anon.rr_count: counts the responses and the hits';
CREATE FUNCTION anon._rr_trans(s float8[], response anyelement, target anyelement,
                               k integer, epsilon float8)
RETURNS float8[]
LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE
AS $$ SELECT ARRAY[s[1] + (response IS NOT DISTINCT FROM target AND response IS NOT NULL)::int,
                   s[2] + (response IS NOT NULL)::int, epsilon, k] $$;
COMMENT ON FUNCTION anon._rr_trans(float8[], anyelement, anyelement, integer, float8)
IS 'transition function of anon.rr_count: counts the responses and the hits';
CREATE FUNCTION anon._rr_combine(a float8[], b float8[])
RETURNS float8[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ARRAY[a[1] + b[1], a[2] + b[2], greatest(a[3], b[3]), greatest(a[4], b[4])] $$;
COMMENT ON FUNCTION anon._rr_combine(float8[], float8[])
IS 'combine function of anon.rr_count (parallel query)';
-- unbiased: E[hits] = t p + (n - t) q, p = e^eps / (e^eps + k - 1), q = (1 - p) / (k - 1)
CREATE FUNCTION anon._rr_final(s float8[])
RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
	SELECT CASE WHEN s[2] = 0 THEN 0::float8
	            ELSE (s[1] - s[2] * q) / (p - q) END
	FROM (SELECT exp(s[3]) / (exp(s[3]) + s[4] - 1) AS p,
	             1 / (exp(s[3]) + s[4] - 1) AS q) c
$$;
COMMENT ON FUNCTION anon._rr_final(float8[])
IS 'final function of anon.rr_count: the unbiased estimate of the true count';
CREATE AGGREGATE anon.rr_count(response boolean, epsilon float8) (
	SFUNC = anon._rr_trans, STYPE = float8[], INITCOND = '{0,0,0,2}',
	COMBINEFUNC = anon._rr_combine, FINALFUNC = anon._rr_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.rr_count(boolean, float8)
IS 'unbiased estimate of how many true answers there were before randomized_response(answer, epsilon)';
CREATE AGGREGATE anon.rr_count(response anyelement, target anyelement, k integer, epsilon float8) (
	SFUNC = anon._rr_trans, STYPE = float8[], INITCOND = '{0,0,0,2}',
	COMBINEFUNC = anon._rr_combine, FINALFUNC = anon._rr_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.rr_count(anyelement, anyelement, integer, float8)
IS 'unbiased estimate of how many answers were target before randomized_response over k categories';

-- The privacy budget (src/dp_budget.c).  Budgets are rows the DBA writes;
-- spends live in a crash-safe ledger outside the transaction system.
CREATE TABLE anon.dp_budget (
	role regrole PRIMARY KEY,
	epsilon float8 NOT NULL CHECK (epsilon >= 0 AND epsilon < 'Infinity'),
	delta float8 NOT NULL DEFAULT 0 CHECK (delta >= 0 AND delta <= 1)
);
COMMENT ON TABLE anon.dp_budget
IS 'total privacy budget of each role with one; a DIFFERENTIAL PRIVACY role without a row has none';
REVOKE ALL ON anon.dp_budget FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('anon.dp_budget', '');

CREATE FUNCTION anon.set_budget(role regrole, epsilon float8, delta float8 DEFAULT 0)
RETURNS void
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
	INSERT INTO anon.dp_budget AS b (role, epsilon, delta) VALUES (role, epsilon, delta)
	ON CONFLICT ON CONSTRAINT dp_budget_pkey
	DO UPDATE SET epsilon = excluded.epsilon, delta = excluded.delta
$$;
REVOKE ALL ON FUNCTION anon.set_budget(regrole, float8, float8) FROM PUBLIC;
COMMENT ON FUNCTION anon.set_budget(regrole, float8, float8)
IS 'set the total privacy budget (epsilon, delta) of a role in this database';

CREATE FUNCTION anon.budget_remaining(OUT epsilon float8, OUT delta float8)
RETURNS record
AS 'MODULE_PATHNAME', 'anon_dp_budget_remaining'
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon.budget_remaining()
IS 'privacy budget the current role has left in this database (Infinity: not limited)';
CREATE FUNCTION anon.budget_remaining(role regrole, OUT epsilon float8, OUT delta float8)
RETURNS record
AS 'MODULE_PATHNAME', 'anon_dp_budget_remaining'
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
REVOKE ALL ON FUNCTION anon.budget_remaining(regrole) FROM PUBLIC;
COMMENT ON FUNCTION anon.budget_remaining(regrole)
IS 'privacy budget a role has left in this database (Infinity: not limited)';

CREATE FUNCTION anon._dp_spends(OUT spent_at timestamptz, OUT dbid oid, OUT roleid oid,
                                OUT epsilon float8, OUT delta float8, OUT bound boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_dp_spends'
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon._dp_spends()
IS 'every privacy-budget spend of the server, from the ledger (read through the view anon.dp_spends)';
REVOKE ALL ON FUNCTION anon._dp_spends() FROM PUBLIC;
CREATE VIEW anon.dp_spends AS
SELECT s.spent_at, d.datname AS database, s.roleid::regrole AS role,
       s.epsilon, s.delta, s.bound
FROM anon._dp_spends() s
LEFT JOIN pg_catalog.pg_database d ON d.oid = s.dbid;
REVOKE ALL ON anon.dp_spends FROM PUBLIC;
COMMENT ON VIEW anon.dp_spends
IS 'every privacy-budget spend of the server, oldest first (bound: the role had a budget)';

-- Partition selection for DIFFERENTIAL PRIVACY roles (src/dp_guard.c adds
-- it as the HAVING condition of their grouped queries)
CREATE FUNCTION anon._dp_partition_trans(anon.dp_state, float8, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_partition_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_partition_trans(anon.dp_state, float8, float8)
IS 'transition function of anon._dp_partition_select: counts the rows of the group';
CREATE FUNCTION anon._dp_partition_final(anon.dp_state, float8, float8)
RETURNS boolean AS 'MODULE_PATHNAME', 'anon_dp_partition_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_partition_final(anon.dp_state, float8, float8)
IS 'final function of anon._dp_partition_select: whether the noisy count of the group reaches the threshold';
CREATE AGGREGATE anon._dp_partition_select(epsilon float8, delta float8) (
	SFUNC = anon._dp_partition_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_partition_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_partition_select(float8, float8)
IS 'partition selection: true when the noisy count of the group passes the threshold set by delta';
--------------------------------------------------------------------------
-- Functions that use a secret are RESTRICTED out of the box (src/label.c)
--------------------------------------------------------------------------
-- A masked role that could call a keyed hash or a keyed pseudonymizer (or a
-- salted one: the salt of a rule is visible in pg_seclabels) could hash its
-- guesses and compare them with a masked column.  Masking rules still call
-- them; masked roles cannot, by any path.
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure
    FROM pg_catalog.pg_proc p
    WHERE p.pronamespace = 'anon'::regnamespace
      AND (p.proname IN ('hash', 'digest', 'pseudonymize', 'depseudonymize',
                         'pseudonymize_card', 'depseudonymize_card',
                         'ff1_encrypt', 'ff1_decrypt', 'ff3_1_encrypt', 'ff3_1_decrypt')
           OR p.proname LIKE 'pseudo\_%'
           OR p.proname LIKE 'seeded\_%')
    ORDER BY 1
  LOOP
    EXECUTE format('SECURITY LABEL FOR anon ON FUNCTION %s IS %L', f, 'RESTRICTED');
  END LOOP;
END
$$;
