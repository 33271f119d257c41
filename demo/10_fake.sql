-- Faking from dictionaries (src/fake.c, src/dict.c): realistic values in
-- ten built-in locales (PostgreSQL Anonymizer's seven and ours), pseudonyms
-- that are stable for a given salt, and dictionaries of your own.
SELECT anon.fake_first_name() AS first_name, anon.fake_last_name() AS last_name,
       anon.fake_email() AS email, anon.fake_city() AS city,
       anon.fake_company() AS company;
SELECT anon.fake_address() AS address;

-- The locale: the GUC anon.locale, or the *_locale variants.
SET anon.locale = 'fr_FR';
SELECT anon.dummy_name() AS nom, anon.fake_address() AS adresse,
       anon.dummy_job_title() AS metier;
RESET anon.locale;
SELECT l AS locale, anon.dummy_first_name_locale(l) AS first_name,
       anon.dummy_city_name_locale(l) AS city, anon.dummy_company_name_locale(l) AS company
FROM unnest(ARRAY['en_US', 'fr_FR', 'de_DE', 'es_ES', 'it_IT',
                  'ar_SA', 'ja_JP', 'pt_BR', 'zh_CN', 'zh_TW']) l;
-- Phone numbers in each locale's formats.
SELECT anon.fake_phone() AS phone, anon.dummy_phone_number_locale('fr_FR') AS fr,
       anon.dummy_cell_number_locale('ja_JP') AS ja;
SELECT anon.lorem_ipsum(words := 12) AS lorem, anon.lorem_ipsum(characters := 40) AS forty_chars;

-- Static masking of the sample customers with fake names.
SELECT id, anon.fake_first_name() AS first_name, anon.fake_last_name() AS last_name,
       anon.dummy_safe_email() AS email
FROM customer ORDER BY id LIMIT 5;

-- Pseudonyms: the same person always gets the same fake name for a salt,
-- so joins and counts still work; another salt gives other names.
SELECT first_name, anon.pseudo_first_name(first_name, 'demo-salt') AS pseudonym,
       anon.pseudo_first_name(first_name, 'other-salt') AS other_salt
FROM (SELECT DISTINCT first_name FROM customer) c ORDER BY first_name LIMIT 5;
SELECT count(DISTINCT first_name) AS real_names,
       count(DISTINCT anon.pseudo_first_name(first_name, 'demo-salt')) AS pseudonyms
FROM customer;
-- seeded_*: the same, keyed with the database's secret instead of a salt
-- written in the rule (so they are RESTRICTED: masked roles cannot call
-- them to test guesses).
SELECT id, anon.seeded_first_name(id) AS first_name, anon.seeded_city_name(id, 'de_DE') AS city,
       anon.seeded_first_name(id) = anon.seeded_first_name(id) AS stable
FROM customer ORDER BY id LIMIT 3;

-- Your own dictionaries: add a locale, or replace a built-in list.
SELECT anon.load_dictionary('first_name', 'nl_NL', ARRAY['Anouk', 'Bram', 'Daan', 'Femke']);
SELECT anon.dummy_first_name_locale('nl_NL') AS dutch_name;
SELECT name, locale, entries, custom FROM anon.list_dictionaries() WHERE custom;
SELECT anon.unload_dictionary('first_name', 'nl_NL');

-- Unknown locales say which ones exist.
\set ON_ERROR_STOP 0
\set VERBOSITY default
SELECT anon.dummy_first_name_locale('nl_NL');
\set ON_ERROR_STOP 1
