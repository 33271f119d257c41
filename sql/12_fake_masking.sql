-- Fake values as masking rules: a masked role reads fake names from the
-- dictionaries (custom ones included) and stable pseudonyms, never the raw
-- values (which all contain '@raw').
\set VERBOSITY terse
CREATE ROLE regress_fake_masked LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_fake_masked IS 'MASKED';

CREATE TABLE fake_people (id int PRIMARY KEY, first_name text, last_name text,
                          email text, city text);
INSERT INTO fake_people
SELECT i, 'first' || i || '@raw', 'last' || i || '@raw', 'mail' || i || '@raw', 'city' || i || '@raw'
FROM generate_series(1, 200) i;
SECURITY LABEL FOR anon ON COLUMN fake_people.first_name IS 'MASKED WITH FUNCTION anon.fake_first_name()';
SECURITY LABEL FOR anon ON COLUMN fake_people.last_name IS 'MASKED WITH FUNCTION anon.dummy_last_name_locale(''fr_FR'')';
SECURITY LABEL FOR anon ON COLUMN fake_people.email IS 'MASKED WITH FUNCTION anon.pseudo_email(email, ''regress-salt'', ''en_US'')';
SECURITY LABEL FOR anon ON COLUMN fake_people.city IS 'MASKED WITH FUNCTION anon.fake_city()';
GRANT SELECT ON fake_people TO regress_fake_masked;
SELECT anon.load_dictionary('city', 'en_US', ARRAY['Gotham', 'Metropolis']) AS loaded;

SET ROLE regress_fake_masked;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE first_name LIKE '%@raw%' OR last_name LIKE '%@raw%'
                        OR email LIKE '%@raw%' OR city LIKE '%@raw%') AS raw_values
FROM fake_people;
SELECT bool_and(first_name IN (SELECT anon.dictionary('first_name', 'en_US'))) AS first_names,
       bool_and(last_name IN (SELECT anon.dictionary('last_name', 'fr_FR'))) AS french_last_names,
       bool_and(city IN ('Gotham', 'Metropolis')) AS custom_cities,
       bool_and(split_part(email, '@', 1) IN (SELECT anon.dictionary('username', 'en_US'))) AS pseudo_emails
FROM fake_people;
-- pseudonyms are the same on every read; fake values are drawn again
CREATE TEMP TABLE fake_read1 AS SELECT id, first_name, email FROM fake_people;
SELECT bool_and(p.email = r.email) AS same_pseudonyms,
       count(*) FILTER (WHERE p.first_name <> r.first_name) > 100 AS fresh_fakes
FROM fake_people p JOIN fake_read1 r USING (id);
RESET ROLE;
-- the unmasked owner computes the same pseudonyms from the raw values
SELECT bool_and(anon.pseudo_email(p.email, 'regress-salt', 'en_US') = r.email) AS reproducible
FROM fake_people p JOIN fake_read1 r USING (id);

DROP TABLE fake_read1;
DROP TABLE fake_people;
SELECT anon.unload_dictionary('city', 'en_US') AS unloaded;
DROP ROLE regress_fake_masked;
