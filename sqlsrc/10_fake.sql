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
-- dummy_*: PostgreSQL Anonymizer's dummy family.  Each pair anon.dummy_x()
-- / anon.dummy_x_locale(locale) is generated into sqlsrc/10_fake_dummy.sql
-- from the lists of scripts/gen-fake-sql.py (make fake-sql); the others
-- are here.
--------------------------------------------------------------------------

CREATE FUNCTION anon.fake_phone()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_fake_phone'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.fake_phone()
IS 'a random phone number in a format of anon.locale';

--------------------------------------------------------------------------
-- More dummy_* values (src/fake_dummy.c); the pairs dummy_x() /
-- dummy_x_locale(locale) are in sqlsrc/10_fake_dummy.sql
--------------------------------------------------------------------------

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
