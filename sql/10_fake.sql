-- anon.fake_*, anon.dummy_*, anon.lorem_ipsum and anon.pseudo_*: values come
-- from their dictionaries, locales differ, picks are uniform, pseudonyms are
-- deterministic, every error is raised.
--
-- Membership is checked against anon.dictionary() in SQL; random values are
-- never printed, only verdicts.  Chi-square thresholds have a false-alarm
-- rate of 1e-7 each (test/tools/chi2_critical.py): df 3 35.41, df 9 50.17.
\set VERBOSITY terse

-- every single-dictionary function returns entries of its dictionary
CREATE TEMP TABLE fake_map (fn text, dict text);
INSERT INTO fake_map VALUES
  ('fake_first_name', 'first_name'), ('fake_last_name', 'last_name'),
  ('fake_city', 'city'), ('fake_country', 'country'),
  ('fake_company', 'company'), ('fake_postcode', 'postcode'),
  ('dummy_first_name', 'first_name'), ('dummy_last_name', 'last_name'),
  ('dummy_city_name', 'city'), ('dummy_country_name', 'country'),
  ('dummy_street_name', 'street'), ('dummy_zip_code', 'postcode'),
  ('dummy_post_code', 'postcode'), ('dummy_company_name', 'company'),
  ('dummy_company_suffix', 'company_suffix'), ('dummy_job_title', 'job_title'),
  ('dummy_free_email_provider', 'email_domain'), ('dummy_username', 'username'),
  ('dummy_word', 'word'), ('dummy_title', 'title'),
  ('dummy_secondary_address', 'secondary_address'), ('dummy_street_suffix', 'street_suffix'),
  ('dummy_state_name', 'state'), ('dummy_country_code', 'country_code'),
  ('dummy_timezone', 'time_zone'), ('dummy_color', 'color'),
  ('dummy_currency_code', 'currency_code'), ('dummy_currency_name', 'currency_name'),
  ('dummy_domain_suffix', 'domain_suffix'), ('dummy_profession', 'profession'),
  ('dummy_buzzword', 'buzzword'), ('dummy_catchphrase', 'catch_phrase'),
  ('dummy_bs', 'bs');

CREATE FUNCTION pg_temp.members(fn text, dict text, locale text, n int)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE ok boolean;
BEGIN
  IF locale IS NULL THEN
    EXECUTE format('SELECT bool_and(v IN (SELECT anon.dictionary(%L))) AND count(*) = %s
                    FROM (SELECT anon.%I() v FROM generate_series(1, %s)) s',
                   dict, n, fn, n) INTO ok;
  ELSE
    EXECUTE format('SELECT bool_and(v IN (SELECT anon.dictionary(%L, %L))) AND count(*) = %s
                    FROM (SELECT anon.%I(%L) v FROM generate_series(1, %s)) s',
                   dict, locale, n, fn || '_locale', locale, n) INTO ok;
  END IF;
  RETURN ok;
END $$;

SHOW anon.locale;
SELECT fn, pg_temp.members(fn, dict, NULL, 500) AS in_dictionary FROM fake_map ORDER BY fn;

-- the same under another anon.locale
SET anon.locale = 'de_DE';
SELECT fn, pg_temp.members(fn, dict, NULL, 300) AS in_dictionary FROM fake_map ORDER BY fn;
RESET anon.locale;

-- and the *_locale variants for every built-in locale
SELECT l.locale, bool_and(pg_temp.members(fn, dict, l.locale, 200)) AS all_in_dictionary
FROM fake_map, (VALUES ('en_US'), ('fr_FR'), ('de_DE'), ('es_ES'), ('it_IT')) l(locale)
WHERE fn LIKE 'dummy_%'
GROUP BY l.locale ORDER BY l.locale;

-- locales really differ: French first names are not all English ones
SELECT count(*) > 100 AS fr_not_en
FROM (SELECT anon.dictionary('first_name', 'fr_FR')
      EXCEPT SELECT anon.dictionary('first_name', 'en_US')) s;
SELECT count(*) > 0 AS de_cities_not_fr
FROM (SELECT anon.dummy_city_name_locale('de_DE') v FROM generate_series(1, 100)) s
WHERE v NOT IN (SELECT anon.dictionary('city', 'fr_FR'));

-- composed values: full names, emails, addresses (en_US entries hold no
-- spaces, so the parts can be split back)
SELECT bool_and(split_part(v, ' ', 1) IN (SELECT anon.dictionary('first_name'))
                AND split_part(v, ' ', 2) IN (SELECT anon.dictionary('last_name'))
                AND split_part(v, ' ', 3) = '') AS name_parts
FROM (SELECT anon.dummy_name() v FROM generate_series(1, 500)) s;
SELECT bool_and(split_part(v, ' ', 1) IN (SELECT anon.dictionary('title'))
                AND split_part(v, ' ', 2) IN (SELECT anon.dictionary('first_name'))
                AND split_part(v, ' ', 3) IN (SELECT anon.dictionary('last_name'))
                AND split_part(v, ' ', 4) = '') AS name_with_title
FROM (SELECT anon.dummy_name_with_title() v FROM generate_series(1, 500)) s;
SELECT bool_and(v ~ '^[A-Z]{2}$') AS country_codes,
       bool_and(c ~ '^[A-Z]{3}$') AS currency_codes
FROM (SELECT anon.dummy_country_code() v, anon.dummy_currency_code_locale('fr_FR') c
      FROM generate_series(1, 300)) s;
SELECT bool_and(split_part(v, '@', 1) IN (SELECT anon.dictionary('username'))
                AND split_part(v, '@', 2) IN (SELECT anon.dictionary('email_domain'))) AS email_parts
FROM (SELECT anon.fake_email() v FROM generate_series(1, 500)
      UNION ALL SELECT anon.dummy_free_email() FROM generate_series(1, 500)) s;
SELECT bool_and(split_part(v, '@', 1) IN (SELECT anon.dictionary('username', 'it_IT'))
                AND split_part(v, '@', 2) IN (SELECT anon.dictionary('email_domain', 'it_IT'))) AS email_it
FROM (SELECT anon.dummy_free_email_locale('it_IT') v FROM generate_series(1, 300)) s;
SELECT bool_and(split_part(v, '@', 1) IN (SELECT anon.dictionary('username'))
                AND split_part(v, '@', 2) IN ('example.com', 'example.org', 'example.net')) AS safe_email,
       count(DISTINCT split_part(v, '@', 2)) = 3 AS all_safe_domains
FROM (SELECT anon.dummy_safe_email() v FROM generate_series(1, 300)) s;
SELECT bool_and(v ~ '^[1-9][0-9]{0,2}$') AS building_number
FROM (SELECT anon.dummy_building_number() v FROM generate_series(1, 300)) s;

-- addresses: number, street, postcode and city in the order of the locale
SELECT bool_and(m IS NOT NULL AND m[1]::int BETWEEN 1 AND 999
                AND m[2] IN (SELECT anon.dictionary('street'))
                AND m[3] IN (SELECT anon.dictionary('city'))
                AND m[4] IN (SELECT anon.dictionary('postcode'))) AS en_us_address
FROM (SELECT regexp_match(anon.fake_address(), '^([0-9]+) (.+), (.+) ([0-9-]+)$') m
      FROM generate_series(1, 300)) s;
SET anon.locale = 'fr_FR';
SELECT bool_and(m IS NOT NULL AND m[1]::int BETWEEN 1 AND 999
                AND m[2] IN (SELECT anon.dictionary('street'))
                AND m[3] IN (SELECT anon.dictionary('postcode'))
                AND m[4] IN (SELECT anon.dictionary('city'))) AS fr_fr_address
FROM (SELECT regexp_match(anon.fake_address(), '^([0-9]+) (.+), ([0-9]+) (.+)$') m
      FROM generate_series(1, 300)) s;
SET anon.locale = 'de_DE';
SELECT bool_and(m IS NOT NULL AND m[2]::int BETWEEN 1 AND 999
                AND m[1] IN (SELECT anon.dictionary('street'))
                AND m[3] IN (SELECT anon.dictionary('postcode'))
                AND m[4] IN (SELECT anon.dictionary('city'))) AS de_de_address
FROM (SELECT regexp_match(anon.fake_address(), '^(.+) ([0-9]+), ([0-9]+) (.+)$') m
      FROM generate_series(1, 300)) s;
SET anon.locale = 'es_ES';
SELECT bool_and(m IS NOT NULL AND m[2]::int BETWEEN 1 AND 999
                AND m[1] IN (SELECT anon.dictionary('street'))
                AND m[3] IN (SELECT anon.dictionary('postcode'))
                AND m[4] IN (SELECT anon.dictionary('city'))) AS es_es_address
FROM (SELECT regexp_match(anon.fake_address(), '^(.+), ([0-9]+), ([0-9]+) (.+)$') m
      FROM generate_series(1, 300)) s;
RESET anon.locale;

-- sentences and paragraphs: capitalized, words from the dictionary
SELECT bool_and(v ~ '^[A-Z]' AND v ~ '\.$'
                AND array_length(regexp_split_to_array(v, ' '), 1) BETWEEN 4 AND 12) AS sentence_shape,
       bool_and(lower(rtrim(split_part(v, ' ', 2), '.')) IN (SELECT lower(anon.dictionary('word')))) AS sentence_words
FROM (SELECT anon.dummy_sentence() v FROM generate_series(1, 300)) s;
SELECT bool_and(array_length(regexp_split_to_array(v, '\. '), 1) BETWEEN 3 AND 7 AND v ~ '\.$') AS paragraph_shape
FROM (SELECT anon.dummy_paragraph() v FROM generate_series(1, 300)) s;
SELECT bool_and(v ~ '\.$') AS paragraph_locale
FROM (SELECT anon.dummy_paragraph_locale('fr_FR') v FROM generate_series(1, 50)) s;

-- lorem_ipsum: paragraphs, words, characters, the way PostgreSQL Anonymizer counts them
SELECT array_length(string_to_array(anon.lorem_ipsum(), E'\n'), 1) AS default_paragraphs,
       array_length(string_to_array(anon.lorem_ipsum(2), E'\n'), 1) AS two_paragraphs,
       anon.lorem_ipsum(0) = '' AS zero_is_empty;
SELECT bool_and(array_length(string_to_array(v, ' '), 1) = 17) AS seventeen_words,
       bool_and((SELECT bool_and(w IN (SELECT anon.dictionary('lorem'))) FROM unnest(string_to_array(v, ' ')) w)) AS lorem_words
FROM (SELECT anon.lorem_ipsum(words := 17) v FROM generate_series(1, 50)) s;
SELECT bool_and(length(anon.lorem_ipsum(characters := n)) = n) AS exact_characters
FROM generate_series(1, 300) n;
SELECT length(anon.lorem_ipsum(paragraphs := 3, words := 4, characters := 10)) AS characters_win,
       array_length(string_to_array(anon.lorem_ipsum(paragraphs := 3, words := 4), ' '), 1) AS words_win;
SELECT anon.lorem_ipsum(-1);
SELECT anon.lorem_ipsum(words := -1);
SELECT anon.lorem_ipsum(characters := -5);
SELECT anon.lorem_ipsum(paragraphs := 10001);
SELECT anon.lorem_ipsum(NULL) IS NULL AS null_gives_null;

-- uniformity of the picks: es_ES has 4 company suffixes (df 3)
SELECT count(*) = 4 AS all_suffixes, sum((n - 10000.0)^2 / 10000.0) < 35.41 AS uniform
FROM (SELECT v, count(*) n
      FROM (SELECT anon.dummy_company_suffix_locale('es_ES') v FROM generate_series(1, 40000)) s
      GROUP BY v) c;

-- errors: unknown locale, with a hint; invalid anon.locale values
SELECT anon.dummy_first_name_locale('xx_XX');
SELECT anon.dummy_city_name_locale('');
SELECT anon.dummy_first_name_locale(NULL) IS NULL AS strict_null;
SET anon.locale = 'pt_BR';
SELECT anon.fake_first_name();
SELECT anon.lorem_ipsum();
RESET anon.locale;
SET anon.locale = 'english';
SET anon.locale = 'en_us';
SET anon.locale = '';
SHOW anon.locale;

-- pseudo_*: deterministic, salted, from the dictionary, uniform
SELECT anon.pseudo_first_name('Alice'::text, 'pepper') = anon.pseudo_first_name('Alice'::text, 'pepper') AS same,
       anon.pseudo_first_name('Alice'::text, 'pepper') IN (SELECT anon.dictionary('first_name')) AS member;
SELECT count(DISTINCT anon.pseudo_first_name(i, 'pepper')) > 400 AS spread,
       bool_and(anon.pseudo_first_name(i, 'pepper') = anon.pseudo_first_name(i, 'pepper')) AS stable
FROM generate_series(1, 1000) i;
-- the salt changes the pseudonyms
SELECT count(*) FILTER (WHERE anon.pseudo_last_name(i, 'salt-a') <> anon.pseudo_last_name(i, 'salt-b')) > 900 AS salted
FROM generate_series(1, 1000) i;
-- each seed type goes through its text form
SELECT anon.pseudo_city(42, 's') = anon.pseudo_city('42'::text, 's') AS int_as_text,
       anon.pseudo_city('2024-01-02'::date, 's') = anon.pseudo_city('2024-01-02'::date::text, 's') AS date_as_text,
       anon.pseudo_city('x'::varchar, 's') = anon.pseudo_city('x'::text, 's') AS varchar_as_text;
-- every pseudo_* function picks from its dictionary, in the locale given
SELECT bool_and(anon.pseudo_first_name(i, 's') IN (SELECT anon.dictionary('first_name'))
                AND anon.pseudo_last_name(i, 's') IN (SELECT anon.dictionary('last_name'))
                AND anon.pseudo_city(i, 's') IN (SELECT anon.dictionary('city'))
                AND anon.pseudo_country(i, 's') IN (SELECT anon.dictionary('country'))
                AND anon.pseudo_company(i, 's') IN (SELECT anon.dictionary('company'))
                AND split_part(anon.pseudo_email(i, 's'), '@', 1) IN (SELECT anon.dictionary('username'))
                AND split_part(anon.pseudo_email(i, 's'), '@', 2) IN (SELECT anon.dictionary('email_domain'))) AS en_us_members,
       bool_and(anon.pseudo_first_name(i, 's', 'fr_FR') IN (SELECT anon.dictionary('first_name', 'fr_FR'))
                AND anon.pseudo_city(i, 's', 'it_IT') IN (SELECT anon.dictionary('city', 'it_IT'))) AS locale_members
FROM generate_series(1, 200) i;
-- the 2-argument form follows anon.locale; the 3-argument form does not
SET anon.locale = 'fr_FR';
SELECT bool_and(anon.pseudo_first_name(i, 's') = anon.pseudo_first_name(i, 's', 'fr_FR')) AS follows_guc,
       bool_and(anon.pseudo_first_name(i, 's', 'en_US') IN (SELECT anon.dictionary('first_name', 'en_US'))) AS explicit_locale
FROM generate_series(1, 100) i;
RESET anon.locale;
-- uniform over the 4 company suffixes of es_ES, through a custom dictionary
-- of the same size (a deterministic test: fixed seeds and salt)
SELECT anon.load_dictionary('company', 'es_ES', ARRAY['A', 'B', 'C', 'D']);
SELECT count(*) = 4 AS all_entries, sum((n - 10000.0)^2 / 10000.0) < 35.41 AS uniform
FROM (SELECT v, count(*) n
      FROM (SELECT anon.pseudo_company(i, 'pepper', 'es_ES') v FROM generate_series(1, 40000) i) s
      GROUP BY v) c;
SELECT anon.unload_dictionary('company', 'es_ES');
-- NULL seed gives NULL; NULL or empty salt and unknown locales are errors
SELECT anon.pseudo_first_name(NULL::text, 's') IS NULL AS null_seed;
SELECT anon.pseudo_first_name('a'::text, NULL);
SELECT anon.pseudo_email('a'::text, '');
SELECT anon.pseudo_country('a'::text, 's', NULL);
SELECT anon.pseudo_country('a'::text, 's', 'zz_ZZ');
SELECT anon.pseudo_company(NULL, 's');

-- marks: random functions are VOLATILE, the 3-argument pseudonyms IMMUTABLE,
-- the 2-argument ones STABLE (they read anon.locale), all PARALLEL SAFE
SELECT p.oid::regprocedure
FROM pg_proc p
WHERE p.pronamespace = 'anon'::regnamespace
  AND p.proname ~ '^(fake_|dummy_|lorem_ipsum|pseudo_)'
  AND (p.proparallel <> 's'
       OR (p.proname ~ '^pseudo_' AND p.provolatile <> CASE p.pronargs WHEN 3 THEN 'i' ELSE 's' END)
       OR (p.proname !~ '^pseudo_' AND p.provolatile <> 'v'));
