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
  ('dummy_bs', 'bs'),
  ('dummy_city_prefix', 'city_prefix'), ('dummy_city_suffix', 'city_suffix'),
  ('dummy_state_abbr', 'state_abbr'), ('dummy_suffix', 'suffix'),
  ('dummy_secondary_address_type', 'secondary_address_type'),
  ('dummy_currency_symbol', 'currency_symbol'),
  ('dummy_buzzword_middle', 'buzzword_middle'), ('dummy_buzzword_tail', 'buzzword_tail'),
  ('dummy_bs_verb', 'bs_verb'), ('dummy_bs_adj', 'bs_adj'), ('dummy_bs_noun', 'bs_noun'),
  ('dummy_industry', 'industry'), ('dummy_user_agent', 'user_agent'),
  ('dummy_file_extension', 'file_extension'), ('dummy_file_name', 'file_name'),
  ('dummy_dir_path', 'dir_path');

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
FROM fake_map, (VALUES ('en_US'), ('fr_FR'), ('de_DE'), ('es_ES'), ('it_IT'),
                       ('ar_SA'), ('ja_JP'), ('pt_BR'), ('zh_CN'), ('zh_TW')) l(locale)
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

-- file paths: a directory path, a slash, a file name
SELECT bool_and(m IS NOT NULL AND m[1] IN (SELECT anon.dictionary('dir_path'))
                AND m[2] IN (SELECT anon.dictionary('file_name'))) AS file_path
FROM (SELECT regexp_match(anon.dummy_file_path(), '^(/.*)/([^/]+)$') m
      FROM generate_series(1, 300)) s;
SELECT bool_and(anon.dummy_file_path_locale('ja_JP') ~ '^/.+/[^/]+$') AS file_path_locale
FROM generate_series(1, 50);

-- PostgreSQL Anonymizer's other locales (ar_SA, ja_JP, pt_BR, zh_CN,
-- zh_TW): values are valid UTF-8 (convert_from verifies the bytes), not
-- empty, and names, cities and states are written in the script of the
-- locale: Arabic (U+0600-U+06FF), Han (U+4E00-U+9FFF), Hiragana
-- (U+3040-U+309F), Katakana (U+30A0-U+30FF), the iteration mark U+3005
CREATE TEMP TABLE script_map (locale text, re text);
INSERT INTO script_map VALUES
  ('ar_SA', '^[\u0600-\u06FF ]+$'),
  ('ja_JP', '^[\u3040-\u309F\u30A0-\u30FF\u4E00-\u9FFF\u3005]+$'),
  ('zh_CN', '^[\u4E00-\u9FFF]+$'),
  ('zh_TW', '^[\u4E00-\u9FFF]+$'),
  ('pt_BR', '^[A-Za-z\u00C0-\u00FF'' .-]+$');
SELECT m.locale,
       bool_and(v.first ~ m.re AND v.last ~ m.re AND v.city ~ m.re AND v.state ~ m.re) AS in_script,
       bool_and(convert_from(convert_to(v.first || v.last || v.city || v.state || v.word
                                        || v.street || v.company, 'UTF8'), 'UTF8') IS NOT NULL
                AND v.first <> '' AND v.last <> '' AND v.city <> '' AND v.state <> ''
                AND v.word <> '' AND v.street <> '' AND v.company <> '') AS valid_utf8
FROM script_map m,
     LATERAL (SELECT anon.dummy_first_name_locale(m.locale) first,
                     anon.dummy_last_name_locale(m.locale) last,
                     anon.dummy_city_name_locale(m.locale) city,
                     anon.dummy_state_name_locale(m.locale) state,
                     anon.dummy_word_locale(m.locale) word,
                     anon.dummy_street_name_locale(m.locale) street,
                     anon.dummy_company_name_locale(m.locale) company
              FROM generate_series(1, 300)) v
GROUP BY m.locale ORDER BY m.locale;
-- full names in the order of the locale: given name first in ar_SA and
-- pt_BR, family name first in ja_JP
-- (with a space) and in zh_CN and zh_TW (written together)
SELECT l, bool_and(v IN (SELECT a || ' ' || b FROM anon.dictionary('first_name', l) a,
                                               anon.dictionary('last_name', l) b)) AS given_first
FROM unnest(ARRAY['ar_SA', 'pt_BR']) l,
     LATERAL (SELECT anon.dummy_name_locale(l) v FROM generate_series(1, 200)) s
GROUP BY l ORDER BY l;
SELECT bool_and(split_part(v, ' ', 1) IN (SELECT anon.dictionary('last_name', 'ja_JP'))
                AND split_part(v, ' ', 2) IN (SELECT anon.dictionary('first_name', 'ja_JP'))
                AND split_part(v, ' ', 3) = '') AS ja_family_first
FROM (SELECT anon.dummy_name_locale('ja_JP') v FROM generate_series(1, 200)) s;
SELECT l, bool_and(v IN (SELECT a || b FROM anon.dictionary('last_name', l) a,
                                         anon.dictionary('first_name', l) b)) AS zh_family_first
FROM unnest(ARRAY['zh_CN', 'zh_TW']) l,
     LATERAL (SELECT anon.dummy_name_locale(l) v FROM generate_series(1, 200)) s
GROUP BY l ORDER BY l;
SELECT bool_and(v ~ '^[^ ]+ [^ ]+ [^ ]+$'
                AND split_part(v, ' ', 1) IN (SELECT anon.dictionary('title', 'ja_JP'))
                AND split_part(v, ' ', 2) IN (SELECT anon.dictionary('last_name', 'ja_JP'))) AS ja_with_title
FROM (SELECT anon.dummy_name_with_title_locale('ja_JP') v FROM generate_series(1, 100)) s;
-- ja_JP words are Japanese, zh_CN words Chinese
SELECT bool_and(anon.dummy_word_locale('ja_JP') ~ '[\u3040-\u30FF\u4E00-\u9FFF]') AS ja_words,
       bool_and(anon.dummy_word_locale('zh_CN') ~ '^[\u4E00-\u9FFF]+$') AS zh_words,
       bool_and(anon.dummy_word_locale('ar_SA') ~ '^[\u0600-\u06FF ]+$') AS ar_words
FROM generate_series(1, 300);
-- addresses of the new locales, in their usual order: pt_BR street,
-- number - city, postcode; ja_JP postal mark, postcode, city and block
-- number; zh_CN / zh_TW city, street, number and hao (simplified /
-- traditional), postcode; ar_SA number, street, Arabic comma, city, postcode
SET anon.locale = 'pt_BR';
SELECT bool_and(m IS NOT NULL AND m[1] IN (SELECT anon.dictionary('street', 'pt_BR'))
                AND m[2]::int BETWEEN 1 AND 999
                AND m[3] IN (SELECT anon.dictionary('city', 'pt_BR'))
                AND m[4] IN (SELECT anon.dictionary('postcode', 'pt_BR'))) AS pt_br_address
FROM (SELECT regexp_match(anon.fake_address(), '^(.+), ([0-9]+) - (.+), ([0-9-]+)$') m
      FROM generate_series(1, 200)) s;
SET anon.locale = 'ja_JP';
SELECT bool_and(m IS NOT NULL AND m[1] IN (SELECT anon.dictionary('postcode', 'ja_JP'))
                AND m[2] IN (SELECT c || t FROM anon.dictionary('city', 'ja_JP') c,
                                                anon.dictionary('street', 'ja_JP') t)) AS ja_jp_address
FROM (SELECT regexp_match(anon.fake_address(), '^\u3012([0-9-]+) (.+)$') m
      FROM generate_series(1, 200)) s;
SET anon.locale = 'zh_CN';
SELECT bool_and(m IS NOT NULL AND m[2]::int BETWEEN 1 AND 999
                AND m[1] IN (SELECT c || t FROM anon.dictionary('city', 'zh_CN') c,
                                                anon.dictionary('street', 'zh_CN') t)
                AND m[3] IN (SELECT anon.dictionary('postcode', 'zh_CN'))) AS zh_cn_address
FROM (SELECT regexp_match(anon.fake_address(), '^(.+?)([0-9]+)\u53F7 ([0-9]+)$') m
      FROM generate_series(1, 200)) s;
SET anon.locale = 'zh_TW';
SELECT bool_and(v ~ '^.+[0-9]+\u865F [0-9]+$') AS zh_tw_address
FROM (SELECT anon.fake_address() v
      FROM generate_series(1, 100)) s;
SET anon.locale = 'ar_SA';
SELECT bool_and(m IS NOT NULL AND m[1]::int BETWEEN 1 AND 999
                AND m[2] IN (SELECT anon.dictionary('street', 'ar_SA'))) AS ar_sa_address
FROM (SELECT regexp_match(anon.fake_address(), '^([0-9]+) (.+)\u060C (.+) ([0-9-]+)$') m
      FROM generate_series(1, 200)) s;
RESET anon.locale;
-- Japanese and Chinese sentences: words written together, ideographic
-- full stops; zh_TW (English words) keeps spaces
SELECT bool_and(v !~ ' ' AND v ~ '\u3002$' AND v !~ '\.') AS ja_sentence,
       bool_and(p !~ ' ' AND array_length(regexp_split_to_array(rtrim(p, U&'\3002'), '\u3002'), 1) BETWEEN 3 AND 7) AS zh_paragraph,
       bool_and(t ~ ' ' AND t ~ '\.$') AS zh_tw_sentence
FROM (SELECT anon.dummy_sentence_locale('ja_JP') v, anon.dummy_paragraph_locale('zh_CN') p,
             anon.dummy_sentence_locale('zh_TW') t
      FROM generate_series(1, 200)) s;
-- anon.locale selects them too
SET anon.locale = 'ja_JP';
SELECT bool_and(anon.dummy_first_name() ~ '^[\u3040-\u309F\u30A0-\u30FF\u4E00-\u9FFF\u3005]+$') AS ja_guc
FROM generate_series(1, 100);
RESET anon.locale;
-- uniformity of the picks in a new locale: the 5 ja_JP company kinds (df 4)
SELECT count(*) = 5 AS all_kinds, sum((n - 10000.0)^2 / 10000.0) < 38.24 AS uniform
FROM (SELECT v, count(*) n
      FROM (SELECT anon.dummy_company_suffix_locale('ja_JP') v FROM generate_series(1, 50000)) s
      GROUP BY v) c;

-- phone numbers: every value matches a format of its locale's dictionary
-- ('#' any digit, '!' 2-9), and a hand-written pattern of the national plan
CREATE FUNCTION pg_temp.format_re(f text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT '^' || replace(replace(regexp_replace(f, '([^#!0-9A-Za-z ])', '\\\1', 'g'),
                                '#', '[0-9]'), '!', '[2-9]') || '$'
$$;
SELECT l.locale,
       bool_and(EXISTS (SELECT 1 FROM anon.dictionary('phone_format', l.locale) f
                        WHERE p.phone ~ pg_temp.format_re(f))) AS phone_formats,
       bool_and(EXISTS (SELECT 1 FROM anon.dictionary('cell_format', l.locale) f
                        WHERE p.cell ~ pg_temp.format_re(f))) AS cell_formats,
       bool_and(p.phone ~ l.phone_re) AS phone_plan,
       bool_and(p.cell ~ l.cell_re) AS cell_plan
FROM (VALUES
  ('en_US', '^(1-)?\(?[2-9][0-9]{2}\)?[-. ][2-9][0-9]{2}[-.][0-9]{4}( x[0-9]{3,5})?$', '^[2-9][0-9]{2}[2-9][0-9]{6}$'),
  ('fr_FR', '^(\+33 [1-7][0-9]{8}|0[1-7][0-9]{8}|\+33 [1-7]( [0-9]{2}){4}|0[1-7]( [0-9]{2}){4})$', '^0[67][0-9]{8}$'),
  ('ar_SA', '^(01[0-9] [0-9]{3} [0-9]{4}|\+966 1[0-9] [0-9]{3} [0-9]{4})$', '^(05[0-9] [0-9]{3} [0-9]{4}|\+966 5[0-9] [0-9]{3} [0-9]{4}|05[0-9]{8})$'),
  ('ja_JP', '^0[0-9-]{11}$', '^0[6-9]0[0-9]{8}$'),
  ('pt_BR', '^(\(\d{2}\) \d{4,5}-\d{4}|\+55 \(\d{2}\) \d{4}-\d{4})$', '^[2-9][0-9]9[0-9]{8}$'),
  ('zh_CN', '^(0[0-9]{2,3}-[0-9]{8}|1[0-9]{10})$', '^1[0-9]{10}$'),
  ('zh_TW', '^(0[0-9]-[0-9]{7}|02-[0-9]{8}|09[0-9]{2}-[0-9]{6})$', '^09[0-9]{8}$')) l(locale, phone_re, cell_re),
     LATERAL (SELECT anon.dummy_phone_number_locale(l.locale) phone,
                     anon.dummy_cell_number_locale(l.locale) cell
              FROM generate_series(1, 300)) p
GROUP BY l.locale ORDER BY l.locale;
-- the other locales, against their formats only; fake_phone follows anon.locale
SELECT l, bool_and(EXISTS (SELECT 1 FROM anon.dictionary('phone_format', l) f
                          WHERE p ~ pg_temp.format_re(f))) AS phone_formats,
          bool_and(EXISTS (SELECT 1 FROM anon.dictionary('cell_format', l) f
                          WHERE c ~ pg_temp.format_re(f))) AS cell_formats
FROM unnest(ARRAY['de_DE', 'es_ES', 'it_IT']) l,
     LATERAL (SELECT anon.dummy_phone_number_locale(l) p, anon.dummy_cell_number_locale(l) c
              FROM generate_series(1, 100)) s
GROUP BY l ORDER BY l;
SET anon.locale = 'fr_FR';
SELECT bool_and(anon.fake_phone() ~ '^(\+33 [1-7][0-9]{8}|0[1-7][0-9]{8}|\+33 [1-7]( [0-9]{2}){4}|0[1-7]( [0-9]{2}){4})$')
       AND bool_and(anon.dummy_phone_number() ~ '^(\+33 |0)[1-7]') AS fr_guc
FROM generate_series(1, 200);
RESET anon.locale;
-- digits are uniform: the last digit of zh_CN mobiles (df 9), the first
-- digit of en_US mobiles, a '!' digit, over 2..9 (df 7)
SELECT count(*) = 10 AS all_digits, sum((n - 10000.0)^2 / 10000.0) < 50.17 AS uniform_hash
FROM (SELECT right(anon.dummy_cell_number_locale('zh_CN'), 1) d, count(*) n
      FROM generate_series(1, 100000) GROUP BY 1) c;
SELECT count(*) = 8 AS two_to_nine, sum((n - 10000.0)^2 / 10000.0) < 45.70 AS uniform_bang
FROM (SELECT left(anon.dummy_cell_number_locale('en_US'), 1) d, count(*) n
      FROM generate_series(1, 80000) GROUP BY 1) c;
-- a custom format dictionary is honoured, characters other than # and ! kept
SELECT anon.load_dictionary('phone_format', 'xx_XX', ARRAY['+99 (!) #-#']) AS loaded;
SELECT bool_and(anon.dummy_phone_number_locale('xx_XX') ~ '^\+99 \([2-9]\) [0-9]-[0-9]$') AS custom_format
FROM generate_series(1, 100);
SELECT anon.unload_dictionary('phone_format', 'xx_XX');
SELECT anon.dummy_cell_number_locale('xx_XX');

-- dummy_* values generated without a dictionary: shapes and check digits
SELECT bool_and(la ~ '^-?[0-9]{1,2}\.[0-9]{6}$' AND la::numeric BETWEEN -90 AND 90
                AND lo ~ '^-?[0-9]{1,3}\.[0-9]{6}$' AND lo::numeric BETWEEN -180 AND 180) AS coordinates
FROM (SELECT anon.dummy_latitude() la, anon.dummy_longitude_locale('fr_FR') lo
      FROM generate_series(1, 1000)) s;
-- latitudes are uniform on the sphere: sin(latitude) is uniform on [-1, 1]
-- (10 bins, df 9)
SELECT count(*) = 10 AS all_bins, sum((n - 10000.0)^2 / 10000.0) < 50.17 AS uniform_on_sphere
FROM (SELECT least(floor((sin(radians(anon.dummy_latitude()::float8)) + 1) * 5), 9) b, count(*) n
      FROM generate_series(1, 100000) GROUP BY 1) c;
-- ISBN-10: weights 10..1, sum 0 mod 11 (X is 10); ISBN-13: weights 1, 3
CREATE FUNCTION pg_temp.isbn10_ok(v text) RETURNS boolean LANGUAGE sql AS $$
  SELECT v ~ '^[01]-[0-9]{3}-[0-9]{5}-[0-9X]$' AND
         (SELECT sum((11 - i) * CASE c WHEN 'X' THEN 10 ELSE c::int END)
          FROM unnest(string_to_array(replace(v, '-', ''), NULL)) WITH ORDINALITY u(c, i)) % 11 = 0
$$;
CREATE FUNCTION pg_temp.isbn13_ok(v text) RETURNS boolean LANGUAGE sql AS $$
  SELECT v ~ '^978-[01]-[0-9]{3}-[0-9]{5}-[0-9]$' AND
         (SELECT sum(CASE WHEN i % 2 = 1 THEN 1 ELSE 3 END * c::int)
          FROM unnest(string_to_array(replace(v, '-', ''), NULL)) WITH ORDINALITY u(c, i)) % 10 = 0
$$;
SELECT bool_and(pg_temp.isbn10_ok(anon.dummy_isbn())) AS isbn10,
       bool_and(pg_temp.isbn13_ok(anon.dummy_isbn13_locale('ja_JP'))) AS isbn13,
       NOT pg_temp.isbn10_ok('0-306-40615-3') AND pg_temp.isbn10_ok('0-306-40615-2') AS isbn10_checker,
       count(*) FILTER (WHERE anon.dummy_isbn() LIKE '%X') > 0 AS check_x_drawn
FROM generate_series(1, 1000);
-- colours
SELECT bool_and(anon.dummy_hex_color() ~ '^#[0-9a-f]{6}$') AS hex,
       bool_and((SELECT bool_and(x::int BETWEEN 0 AND 255)
                 FROM unnest((regexp_match(anon.dummy_rgb_color(), '^rgb\((\d+), (\d+), (\d+)\)$'))) x)) AS rgb,
       bool_and(anon.dummy_rgba_color_locale('zh_CN') ~ '^rgba\(\d{1,3}, \d{1,3}, \d{1,3}, [01]\.\d{2}\)$') AS rgba,
       bool_and((SELECT m[1]::int < 360 AND m[2]::int <= 100 AND m[3]::int <= 100
                 FROM regexp_match(anon.dummy_hsl_color(), '^hsl\((\d+), (\d+)%, (\d+)%\)$') m)) AS hsl,
       bool_and(anon.dummy_hsla_color() ~ '^hsla\(\d{1,3}, \d{1,3}%, \d{1,3}%, [01]\.\d{2}\)$') AS hsla
FROM generate_series(1, 300);
-- card numbers, BIC and ISIN of the country of the locale (check digits)
CREATE FUNCTION pg_temp.isin_ok(v text) RETURNS boolean LANGUAGE sql AS $$
  SELECT v ~ '^[A-Z]{2}[0-9A-Z]{9}[0-9]$' AND anon.luhn_valid(
    (SELECT string_agg(CASE WHEN c ~ '[A-Z]' THEN (ascii(c) - 55)::text ELSE c END, '' ORDER BY i)
     FROM unnest(string_to_array(v, NULL)) WITH ORDINALITY u(c, i)))
$$;
SELECT bool_and(anon.luhn_valid(anon.dummy_credit_card_number())) AS card,
       bool_and(anon.dummy_bic() ~ '^[A-Z]{4}US[2-9A-Z]0([0-9A-Z]{3})?$') AS bic_us,
       bool_and(anon.dummy_bic_locale('ja_JP') ~ '^[A-Z]{4}JP[2-9A-Z]0([0-9A-Z]{3})?$') AS bic_jp,
       bool_and(pg_temp.isin_ok(anon.dummy_isin()) AND anon.dummy_isin() LIKE 'US%') AS isin_us,
       bool_and(pg_temp.isin_ok(anon.dummy_isin_locale('pt_BR')) AND anon.dummy_isin_locale('pt_BR') LIKE 'BR%') AS isin_br,
       pg_temp.isin_ok('US0378331005') AND NOT pg_temp.isin_ok('US0378331006') AS isin_checker
FROM generate_series(1, 500);
-- HTTP status codes
SELECT bool_and(anon.dummy_rfc_status_code() ~ '^[1-5][0-9]{2} [A-Z][A-Za-z -]+$') AS rfc,
       bool_and(anon.dummy_valid_statux_code()::int BETWEEN 100 AND 599
                AND anon.dummy_valid_status_code_locale('fr_FR') ~ '^[1-5][0-9]{2}$') AS valid,
       count(DISTINCT anon.dummy_rfc_status_code()) > 40 AS rfc_spread
FROM generate_series(1, 1000);
-- network addresses and UUIDs, as text
SELECT bool_and(family(anon.dummy_ipv4()::inet) = 4 AND family(anon.dummy_ipv6_locale('en_US')::inet) = 6) AS ip_families,
       bool_and(NOT (anon.dummy_ipv4()::inet <<= ANY (ARRAY['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8']::inet[]))) AS ipv4_public,
       count(DISTINCT family(anon.dummy_ip()::inet)) = 2 AS both_families,
       bool_and((('x' || substr(anon.dummy_mac_address()::macaddr::text, 1, 2))::bit(8) & B'00000011') = B'00000010') AS mac_local_unicast
FROM generate_series(1, 300);
SELECT bool_and(substr(u1, 15, 1) = '1' AND substr(u3, 15, 1) = '3' AND substr(u4, 15, 1) = '4'
                AND substr(u5, 15, 1) = '5') AS versions,
       bool_and(substr(u1, 20, 1) IN ('8', '9', 'a', 'b') AND substr(u3, 20, 1) IN ('8', '9', 'a', 'b')
                AND substr(u4, 20, 1) IN ('8', '9', 'a', 'b') AND substr(u5, 20, 1) IN ('8', '9', 'a', 'b')) AS variants,
       bool_and(u1::uuid IS NOT NULL AND u3::uuid IS NOT NULL AND u4::uuid IS NOT NULL AND u5::uuid IS NOT NULL) AS parse,
       -- version 1: the time is now (100 ns since 1582-10-15), the node multicast
       bool_and(abs((('x' || lpad(substr(u1, 16, 3) || substr(u1, 10, 4) || substr(u1, 1, 8), 16, '0'))::bit(64)::bigint
                     - 122192928000000000) / 1e7 - extract(epoch FROM clock_timestamp())) < 600) AS v1_time,
       bool_and((('x' || substr(u1, 25, 2))::bit(8) & B'00000001') = B'00000001') AS v1_multicast_node,
       count(DISTINCT u4) = 300 AS distinct_v4
FROM (SELECT anon.dummy_uuidv1() u1, anon.dummy_uuidv3() u3, anon.dummy_uuidv4() u4, anon.dummy_uuidv5() u5
      FROM generate_series(1, 300)) s;
-- French health insurance numbers (key 97 - n mod 97) and licence plates
SELECT bool_and(m IS NOT NULL AND m[4]::int BETWEEN 1 AND 95 AND m[4] <> '20' AND m[3]::int BETWEEN 1 AND 12
                AND 97 - (replace(left(v, 18), ' ', '')::bigint % 97) = right(v, 2)::int) AS nir,
       bool_and(p ~ '^[A-HJ-NP-TV-Z]{2}-[0-9]{3}-[A-HJ-NP-TV-Z]{2}$' AND p !~ '^(SS|WW)' AND p !~ 'SS$'
                AND p !~ '-000-') AS plate
FROM (SELECT v, regexp_match(v, '^([12]) ([0-9]{2}) ([0-9]{2}) ([0-9]{2}) ([0-9]{3}) ([0-9]{3}) ([0-9]{2})$') m,
             anon.dummy_licence_plate() p
      FROM (SELECT anon.dummy_health_insurance_code() v FROM generate_series(1, 1000)) s0) s;
-- dummy_words(range): lower bound included, upper excluded
SELECT bool_and(array_length(string_to_array(anon.dummy_words('[3,4)'), ' '), 1) = 3) AS exactly_three,
       bool_and(array_length(string_to_array(w, ' '), 1) BETWEEN 2 AND 5) AS in_range,
       count(DISTINCT array_length(string_to_array(w, ' '), 1)) = 4 AS every_count,
       bool_and((SELECT bool_and(x IN (SELECT anon.dictionary('word'))) FROM unnest(string_to_array(w, ' ')) x)) AS words
FROM (SELECT anon.dummy_words('[2,6)') w FROM generate_series(1, 300)) s;
SELECT bool_and(array_length(string_to_array(anon.dummy_words_locale('zh_CN', '[1,3]'), ' '), 1) BETWEEN 1 AND 3) AS locale_words,
       anon.dummy_words('[0,1)') = '' AS zero_words
FROM generate_series(1, 100);
SELECT anon.dummy_words('empty');
SELECT anon.dummy_words('[1,)');
SELECT anon.dummy_words('[-1,3)');
SELECT anon.dummy_words('[1,100002)');
SELECT anon.dummy_words_locale('xx_XX', '[1,2)');
-- the *_locale variants refuse a locale without fake data
SELECT anon.dummy_ipv4_locale('xx_XX');
SET anon.locale = 'nl_NL';
SELECT anon.dummy_bic();
RESET anon.locale;

-- parity: every dummy_* function of PostgreSQL Anonymizer 3.x exists here
-- with its signature and returns text (none is missing: no row)
SELECT f AS missing
FROM unnest(ARRAY[
  'city_prefix', 'city_suffix', 'city_name', 'country_name', 'country_code',
  'street_suffix', 'street_name', 'timezone', 'state_name', 'state_abbr',
  'secondary_address_type', 'secondary_address', 'zip_code', 'post_code',
  'building_number', 'latitude', 'longitude', 'isbn', 'isbn13', 'hex_color',
  'rgb_color', 'rgba_color', 'hsl_color', 'hsla_color', 'color',
  'company_suffix', 'company_name', 'buzzword', 'buzzword_middle',
  'buzzword_tail', 'catchphrase', 'bs_verb', 'bs_adj', 'bs_noun', 'bs',
  'profession', 'industry', 'credit_card_number', 'currency_code',
  'currency_name', 'currency_symbol', 'file_path', 'file_name',
  'file_extension', 'dir_path', 'bic', 'isin', 'rfc_status_code',
  'valid_statux_code', 'free_email_provider', 'domain_suffix', 'free_email',
  'safe_email', 'username', 'ipv4', 'ipv6', 'ip', 'mac_address',
  'user_agent', 'word', 'first_name', 'last_name', 'title', 'suffix', 'name',
  'name_with_title', 'phone_number', 'cell_number']) n,
  LATERAL (VALUES ('anon.dummy_' || n || '()'), ('anon.dummy_' || n || '_locale(text)')) v(f)
WHERE to_regprocedure(f) IS NULL OR (SELECT prorettype FROM pg_proc WHERE oid = to_regprocedure(f)) <> 'text'::regtype
UNION ALL
SELECT f FROM unnest(ARRAY['anon.dummy_health_insurance_code()', 'anon.dummy_licence_plate()',
                           'anon.dummy_uuidv1()', 'anon.dummy_uuidv3()', 'anon.dummy_uuidv4()',
                           'anon.dummy_uuidv5()', 'anon.dummy_words(int4range)',
                           'anon.dummy_words_locale(text, int4range)']) f
WHERE to_regprocedure(f) IS NULL OR (SELECT prorettype FROM pg_proc WHERE oid = to_regprocedure(f)) <> 'text'::regtype;

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
-- the largest arguments are served, in linear time
SELECT length(anon.lorem_ipsum(characters := 10000000)) = 10000000 AS max_characters,
       array_length(string_to_array(anon.lorem_ipsum(words := 1000000), ' '), 1) = 1000000 AS max_words;
SELECT anon.lorem_ipsum(-1);
SELECT anon.lorem_ipsum(words := -1);
SELECT anon.lorem_ipsum(characters := -5);
SELECT anon.lorem_ipsum(paragraphs := 10001);
SELECT anon.lorem_ipsum(words := 1000001);
SELECT anon.lorem_ipsum(characters := 10000001);
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
SET anon.locale = 'nl_NL';
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

-- marks: random functions are VOLATILE, pseudonyms STABLE (they read
-- anon.locale, or a dictionary that may be replaced), all PARALLEL SAFE
SELECT p.oid::regprocedure
FROM pg_proc p
WHERE p.pronamespace = 'anon'::regnamespace
  AND p.proname ~ '^(fake_|dummy_|lorem_ipsum|pseudo_)'
  AND (p.proparallel <> 's'
       OR (p.proname ~ '^pseudo_' AND p.provolatile <> 's')
       OR (p.proname !~ '^pseudo_' AND p.provolatile <> 'v'));
