-- Dictionaries: the built-in ones, custom ones from anon.load_dictionary(),
-- reloading when anon.dictionaries changes, and every error.
--
-- The chi-square threshold has a false-alarm rate of 1e-7
-- (test/tools/chi2_critical.py 9 gives 50.17).
\set VERBOSITY terse

-- every built-in dictionary exists in the ten built-in locales
SELECT name, count(*) AS locales, bool_and(NOT custom) AS builtin,
       bool_and(entries BETWEEN 1 AND 3000) AS sized
FROM anon.list_dictionaries()
GROUP BY name ORDER BY name;
SELECT locale, count(*) AS dictionaries FROM anon.list_dictionaries() GROUP BY locale ORDER BY locale;
-- anon.dictionary() lists exactly the entries counted, distinct and non-empty
SELECT bool_and(l.entries = (SELECT count(*) FROM anon.dictionary(l.name, l.locale))
                AND l.entries = (SELECT count(DISTINCT d) FROM anon.dictionary(l.name, l.locale) d)
                AND (SELECT bool_and(d <> '') FROM anon.dictionary(l.name, l.locale) d)) AS consistent
FROM anon.list_dictionaries() l;
-- a NULL locale means anon.locale; a NULL name lists nothing
SET anon.locale = 'it_IT';
SELECT (SELECT count(*) FROM anon.dictionary('city')) =
       (SELECT entries FROM anon.list_dictionaries() WHERE name = 'city' AND locale = 'it_IT') AS guc_locale;
RESET anon.locale;
SELECT count(*) AS null_name FROM anon.dictionary(NULL);

-- unknown names and locales, with hints
\set VERBOSITY default
SELECT * FROM anon.dictionary('no_such_dictionary');
SELECT * FROM anon.dictionary('first_name', 'xx_YY');
\set VERBOSITY terse

-- a new locale: ten first names, picked uniformly (df 9)
SELECT anon.load_dictionary('first_name', 'xx_XX',
                            ARRAY['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9']) AS loaded;
SELECT name, locale, entries, custom FROM anon.list_dictionaries() WHERE custom;
SET anon.locale = 'xx_XX';
SELECT count(*) = 10 AS all_entries, sum((n - 10000.0)^2 / 10000.0) < 50.17 AS uniform
FROM (SELECT v, count(*) n
      FROM (SELECT anon.fake_first_name() v FROM generate_series(1, 100000)) s
      GROUP BY v) c;
-- the other dictionaries do not exist in that locale
SELECT anon.fake_last_name();
RESET anon.locale;
SELECT bool_and(anon.dummy_first_name_locale('xx_XX') ~ '^a[0-9]$') AS locale_variant
FROM generate_series(1, 100);

-- replacing a built-in dictionary, then restoring it
SELECT anon.load_dictionary('city', 'en_US', ARRAY['Gotham', 'Metropolis']) AS loaded;
SELECT bool_and(anon.fake_city() IN ('Gotham', 'Metropolis')) AS replaced,
       count(DISTINCT anon.dummy_city_name()) = 2 AS both_used
FROM generate_series(1, 200);
-- loading again replaces the custom one
SELECT anon.load_dictionary('city', 'en_US', ARRAY['Smallville']) AS loaded;
SELECT bool_and(anon.fake_city() = 'Smallville') AS replaced_again FROM generate_series(1, 50);
SELECT anon.unload_dictionary('city', 'en_US') AS removed;
SELECT anon.unload_dictionary('city', 'en_US') AS removed_twice;
SELECT bool_and(anon.fake_city() IN (SELECT anon.dictionary('city'))) AND
       count(DISTINCT anon.fake_city()) > 50 AS builtin_back
FROM generate_series(1, 500);

-- a new dictionary name, usable through the C API and anon.dictionary()
SELECT anon.load_dictionary('colour', 'en_GB', ARRAY['red', 'green', 'blue']) AS loaded;
SELECT array_agg(d ORDER BY d) FROM anon.dictionary('colour', 'en_GB') d;

-- a change rolled back is forgotten
BEGIN;
SELECT anon.load_dictionary('country', 'en_US', ARRAY['Ruritania']) AS loaded;
SELECT anon.fake_country() = 'Ruritania' AS in_transaction;
ROLLBACK;
SELECT count(DISTINCT anon.fake_country()) > 50 AS after_rollback FROM generate_series(1, 500);

-- direct changes to the table are seen too (statement trigger)
INSERT INTO anon.dictionaries VALUES ('last_name', 'en_US', ARRAY['Doe']);
SELECT bool_and(anon.fake_last_name() = 'Doe') AS direct_insert FROM generate_series(1, 20);
UPDATE anon.dictionaries SET entries = ARRAY['Roe'] WHERE name = 'last_name';
SELECT bool_and(anon.fake_last_name() = 'Roe') AS direct_update FROM generate_series(1, 20);
DELETE FROM anon.dictionaries WHERE name = 'last_name';
SELECT count(DISTINCT anon.fake_last_name()) > 50 AS direct_delete FROM generate_series(1, 500);

-- a masked or unprivileged role uses custom dictionaries but cannot change them
CREATE ROLE regress_dict_user;
SELECT anon.load_dictionary('job_title', 'en_US', ARRAY['Tester']) AS loaded;
SET ROLE regress_dict_user;
SELECT anon.dummy_job_title() AS job_title_of_user;
SELECT anon.load_dictionary('job_title', 'en_US', ARRAY['Boss']);
SELECT anon.unload_dictionary('job_title', 'en_US');
INSERT INTO anon.dictionaries VALUES ('job_title', 'fr_FR', ARRAY['Chef']);
DELETE FROM anon.dictionaries;
RESET ROLE;
DROP ROLE regress_dict_user;

-- invalid arguments of load_dictionary
\set VERBOSITY default
SELECT anon.load_dictionary('First Name', 'en_US', ARRAY['x']);
SELECT anon.load_dictionary(repeat('a', 64), 'en_US', ARRAY['x']);
SELECT anon.load_dictionary('first_name', 'english', ARRAY['x']);
\set VERBOSITY terse
SELECT anon.load_dictionary('first_name', 'en_US', ARRAY[]::text[]);
SELECT anon.load_dictionary('first_name', 'en_US', ARRAY[['a', 'b'], ['c', 'd']]);
SELECT anon.load_dictionary('first_name', 'en_US', ARRAY['a', NULL]);
SELECT anon.load_dictionary('first_name', 'en_US', ARRAY['a', '']);
SELECT anon.load_dictionary(NULL, 'en_US', ARRAY['x']);
SELECT anon.load_dictionary('first_name', NULL, ARRAY['x']);
SELECT anon.load_dictionary('first_name', 'en_US', NULL);
-- the table itself refuses what load_dictionary refuses
INSERT INTO anon.dictionaries VALUES ('Bad', 'en_US', ARRAY['x']);
INSERT INTO anon.dictionaries VALUES ('first_name', 'EN', ARRAY['x']);
INSERT INTO anon.dictionaries VALUES ('first_name', 'en_US', ARRAY[]::text[]);
INSERT INTO anon.dictionaries VALUES ('first_name', 'en_US', ARRAY['a', NULL]);
INSERT INTO anon.dictionaries VALUES ('first_name', 'en_US', ARRAY['']);

-- the trigger function only runs as a trigger
SELECT anon._dict_invalidate();

-- pg_dump keeps the custom dictionaries
SELECT c.relname, u.cond
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS u(cfg, cond)
JOIN pg_class c ON c.oid = u.cfg
WHERE e.extname = 'anon' AND c.relname = 'dictionaries';

-- clean up
SELECT anon.unload_dictionary('first_name', 'xx_XX') AND
       anon.unload_dictionary('colour', 'en_GB') AND
       anon.unload_dictionary('job_title', 'en_US') AS cleaned;
SELECT count(*) AS custom_left FROM anon.list_dictionaries() WHERE custom;
