-- PostgreSQL Anonymizer 2.2.1 compatibility, in the style of its own
-- tests: each statement returns true when anon behaves as PA does (or as
-- doc/coming-from-pa.md says it deliberately differs).
\set VERBOSITY terse

--
-- Initialization: nothing to load
--
SELECT anon.init();
SELECT anon.is_initialized() IS TRUE;
SELECT anon.reset();
SELECT anon.load();
SELECT anon.init('./does/not/exists/cd2ks3s/') IS FALSE;
SELECT anon.init(NULL) IS NULL;
-- init() made the database key, which rules with anon.hash() need; a role
-- that may not make keys can call it too
SELECT count(*) = 1 FROM anon.keys WHERE name = 'default' AND active;
CREATE ROLE regress_pa_plain;
SET ROLE regress_pa_plain;
SELECT anon.init();
RESET ROLE;
BEGIN READ ONLY;
SELECT anon.init();
COMMIT;
DROP ROLE regress_pa_plain;

--
-- Settings PA defines are accepted; turning transparent masking off is
-- refused; turning the trusted-schema restriction off warns and leaves it on
--
SET anon.transparent_dynamic_masking TO true;              -- OK
SET anon.transparent_dynamic_masking TO false;             -- fail: always transparent
SET anon.restrict_to_trusted_schemas TO on;                -- OK
SET anon.restrict_to_trusted_schemas TO off;               -- WARNING: stays on
SHOW anon.restrict_to_trusted_schemas;                     -- on
SET anon.strict_mode TO on;                                -- OK
SET anon.strict_mode TO off;                               -- OK: accepted, rules are still cast to the column type
SET anon.replica_masking TO off;                           -- OK
SET anon.replica_masking TO on;                            -- OK: allows anon.start_replica_masking()
RESET anon.replica_masking;
SET anon.algorithm TO 'sha512';                            -- OK
SET anon.algorithm TO 'sha1';                              -- fail: broken
SET anon.k_anonymity_provider TO 'k_anonymity';            -- OK
SET anon.maskschema TO 'mask';                             -- OK
SET anon.sourceschema TO 'public';                         -- OK
SET anon.shift TO 3;                                       -- OK
SET anon.static_masking TO off;                            -- OK: static masking refused
SELECT anon._static_masking_check();                       -- fail: disabled
RESET anon.static_masking;
SELECT anon._static_masking_check();
RESET anon.algorithm;
RESET anon.shift;
-- the settings that hold or name secrets are hidden from other roles
CREATE ROLE regress_pa_nobody;
SET ROLE regress_pa_nobody;
\set VERBOSITY sqlstate
SHOW anon.algorithm;                                       -- fail: superuser only
\set VERBOSITY terse
SHOW anon.transparent_dynamic_masking;
SET anon.static_masking TO off;                            -- fail: superuser only
RESET ROLE;
DROP ROLE regress_pa_nobody;

--
-- ternary
--
SELECT anon.ternary(true, 'a'::TEXT, 'b'::TEXT) = 'a';
SELECT anon.ternary(true, 0, 100) = 0;
SELECT anon.ternary(false, 0, 100) = 100;
SELECT anon.ternary(NULL, 0, 100) = 100;
SELECT anon.ternary(true, 'a', 'b') = 'a';

--
-- random_id, dnoise(time), random_string(int4range)
--
SELECT COUNT(DISTINCT anon.random_id()) = 10000 FROM generate_series(1, 10000);
SELECT pg_typeof(anon.random_id()) = 'BIGINT'::REGTYPE;
SELECT pg_typeof(anon.random_id_int()) = 'INT'::REGTYPE;
SELECT pg_typeof(anon.random_id_smallint()) = 'SMALLINT'::REGTYPE;
SELECT COUNT(DISTINCT anon.random_id_int()) = 1000 FROM generate_series(1, 1000);
SELECT bool_and(anon.dnoise('12:00'::TIME, '1 hour') BETWEEN '11:00' AND '13:00')
FROM generate_series(1, 100);
-- not constant: 100 draws over two hours are not all equal
SELECT COUNT(DISTINCT anon.dnoise('12:00'::TIME, '1 hour')) > 1 FROM generate_series(1, 100);
SELECT length(anon.random_string(int4range('[3,3]'))) = 3;
SELECT bool_and(length(anon.random_string(int4range('[2,5]'))) BETWEEN 2 AND 5)
FROM generate_series(1, 100);

--
-- NULL and empty inputs give NULL, as in PA
--
SELECT anon.random_in_int4range('[2001,2002)') = 2001;
SELECT anon.random_in_int4range('(2001,2002)') IS NULL;
SELECT anon.random_in_int4range('[2001,)') IS NULL;
SELECT anon.random_in_int4range('[,2001]') IS NULL;
SELECT anon.random_in_int4range(NULL) IS NULL;
SELECT anon.random_in_daterange('empty') IS NULL;
SELECT anon.random_in_numrange('[1,)') IS NULL;
SELECT anon.random_in_tstzrange('(,2020-01-01)') IS NULL;
SELECT anon.random_phone(NULL) IS NULL;
SELECT anon.random_in(NULL::DATE[]) IS NULL;
SELECT anon.random_in('{}'::INT[]) IS NULL;
SELECT anon.random_in(ARRAY[7]) = 7;
SELECT anon.digest('x', 'salt', 'sha1') IS NULL;
SELECT anon.digest('x', 'salt', 'sha256') IS NOT NULL;
SELECT anon.digest('x', 'salt', 'sha0');                   -- fail: unknown algorithm
SELECT anon.generalize_int4range(NULL);
SELECT anon.generalize_int4range(NULL, 3);
SELECT anon.generalize_int4range(42, NULL);
SELECT anon.generalize_int8range(NULL, NULL);
SELECT anon.generalize_numrange(NULL);
SELECT anon.generalize_tsrange(NULL);
SELECT anon.generalize_tsrange('19041107', NULL);
SELECT anon.generalize_tstzrange(NULL, NULL);
SELECT anon.generalize_daterange(NULL);
SELECT anon.generalize_daterange('19041107', 'hour');
SELECT anon.generalize_daterange('19041107', 'microsecond');
SELECT anon.generalize_daterange('19041107', 'day');
SELECT anon.generalize_tsrange('19041107', 'millisecond');
SELECT anon.generalize_tsrange('19041107', 'microsecond');
-- steps in the plural, as date_trunc takes them
SELECT anon.generalize_tsrange('1904-11-07', 'microseconds') = anon.generalize_tsrange('1904-11-07', 'microsecond');
SELECT anon.generalize_tsrange('1904-11-07', 'years') = anon.generalize_tsrange('1904-11-07', 'year');
SELECT anon.generalize_daterange('1904-11-07', 'centuries') = anon.generalize_daterange('1904-11-07', 'century');
SELECT anon.generalize_daterange('1904-11-07', 'millennia');
SELECT anon.generalize_daterange('19041107', 'fortnight');  -- fail: unknown step

--
-- pseudo_*: optional salt (anon.salt, else the database key), literal seeds
--
SELECT anon.pseudo_first_name(NULL) IS NULL;
SELECT anon.pseudo_first_name('bob') = anon.pseudo_first_name('bob');
SELECT anon.pseudo_first_name('bob', '123salt*!') = anon.pseudo_first_name('bob', '123salt*!');
SELECT pg_typeof(anon.pseudo_first_name(NULL)) = 'TEXT'::REGTYPE;
SELECT anon.pseudo_last_name(NULL) IS NULL;
SELECT anon.pseudo_last_name('bob', 'x') = anon.pseudo_last_name('bob', 'x');
SELECT anon.pseudo_email(NULL) IS NULL;
SELECT anon.pseudo_email('bob', 'x') = anon.pseudo_email('bob', 'x');
SELECT anon.pseudo_email('bob', 'x') LIKE '%@%';
SELECT anon.pseudo_city(NULL) IS NULL;
SELECT anon.pseudo_city('bob', 'x') = anon.pseudo_city('bob', 'x');
SELECT anon.pseudo_country(NULL) IS NULL;
SELECT anon.pseudo_country('bob', 'x') = anon.pseudo_country('bob', 'x');
SELECT anon.pseudo_company(NULL) IS NULL;
SELECT anon.pseudo_company('bob', 'x') = anon.pseudo_company('bob', 'x');
SELECT anon.pseudo_iban(NULL) IS NULL;
SELECT anon.pseudo_iban('bob', 'x') = anon.pseudo_iban('bob', 'x');
SELECT anon.pseudo_siret(NULL) IS NULL;
SELECT anon.pseudo_siret('bob', 'x') = anon.pseudo_siret('bob', 'x');
-- non-text seeds, with and without a salt
SELECT anon.pseudo_first_name(42) = anon.pseudo_first_name(42);
SELECT anon.pseudo_iban(42, 'x') = anon.pseudo_iban('42', 'x');
-- the identifiers are valid
SELECT bool_and(anon.iban_valid(anon.pseudo_iban(i, 'x'))) FROM generate_series(1, 200) i;
SELECT bool_and(anon.luhn_valid(anon.pseudo_siret(i, 'x'))
                AND anon.luhn_valid(left(anon.pseudo_siret(i, 'x'), 9))
                AND anon.pseudo_siret(i, 'x') ~ '^[0-9]{14}$')
FROM generate_series(1, 200) i;
SELECT anon.pseudo_siren(NULL) IS NULL;
SELECT bool_and(anon.pseudo_siren(i, 'x') = left(anon.pseudo_siret(i, 'x'), 9)
                AND anon.luhn_valid(anon.pseudo_siren(i, 'x')))
FROM generate_series(1, 50) i;
-- the salt matters
SELECT anon.pseudo_iban('bob', 'x') <> anon.pseudo_iban('bob', 'y');
SELECT count(DISTINCT anon.pseudo_last_name('bob', s)) > 1
FROM unnest(ARRAY['a', 'b', 'c', 'd', 'e', 'f']) s;
-- without a salt argument: anon.salt when set ...
SET anon.salt TO 'a_VeRy_SeCReT_SaLT';
SELECT anon.pseudo_last_name('bob') = anon.pseudo_last_name('bob', 'a_VeRy_SeCReT_SaLT');
SELECT anon.pseudo_email(1234) = anon.pseudo_email(1234, 'a_VeRy_SeCReT_SaLT');
-- ... else the database key (never an empty salt)
RESET anon.salt;
SELECT anon.pseudo_last_name('bob') = anon.seeded_last_name('bob'::TEXT);
SELECT anon.pseudo_city('bob') = anon.seeded_city_name('bob'::TEXT);
SELECT anon.pseudo_last_name('bob', '');                   -- fail: empty salt
SELECT anon.pseudo_iban('bob', NULL);                      -- fail: NULL salt

--
-- Keyed pseudonyms of short values: same shape, distinct, reversible
--
SELECT anon.create_key('regress_pa') > 0;
SELECT anon.pseudonymize('bob@gmail.com', 'regress_pa') ~ '^[a-z]{3}@gmail\.com$';
SELECT anon.depseudonymize(anon.pseudonymize('bob@gmail.com', 'regress_pa'), 'regress_pa') = 'bob@gmail.com';
SELECT anon.pseudonymize('7', 'regress_pa') ~ '^[0-9]$';
SELECT anon.pseudonymize('Al', 'regress_pa') ~ '^[A-Z][a-z]$';
SELECT anon.pseudonymize('AB-12', 'regress_pa') ~ '^[A-Z]{2}-[0-9]{2}$';
-- every 3-digit code has its own pseudonym, and comes back
SELECT count(DISTINCT anon.pseudonymize(v, 'regress_pa')) = 1000,
       bool_and(anon.depseudonymize(anon.pseudonymize(v, 'regress_pa'), 'regress_pa') = v),
       bool_and(anon.pseudonymize(v, 'regress_pa') ~ '^[0-9]{3}$')
FROM (SELECT lpad(i::text, 3, '0') AS v FROM generate_series(0, 999) i) s;
-- mixed classes (letter then digit): 260 values, a permutation of them
SELECT count(DISTINCT anon.pseudonymize(v, 'regress_pa')) = 260,
       bool_and(anon.pseudonymize(v, 'regress_pa') ~ '^[a-z][0-9]$')
FROM (SELECT chr(97 + i / 10) || (i % 10)::text AS v FROM generate_series(0, 259) i) s;
-- 2,000 distinct e-mail addresses keep 2,000 distinct pseudonyms
SELECT count(DISTINCT anon.pseudonymize(e, 'regress_pa')) = 2000
FROM (SELECT 'user' || i || '@example.com' AS e FROM generate_series(1, 2000) i) s;
-- long values still use FF1 directly
SELECT anon.depseudonymize(anon.pseudonymize('alice.smith@example.com', 'regress_pa'), 'regress_pa')
       = 'alice.smith@example.com';
SELECT anon.pseudonymize('---', 'regress_pa');             -- fail: nothing to encrypt
SELECT anon.drop_key('regress_pa');

--
-- image_blur: binary PGM/PPM and uncompressed BMP
--
-- a 5x5 PGM with one white pixel in the middle
CREATE TEMP TABLE regress_img AS
SELECT convert_to('P5 5 5 255' || E'\n', 'SQL_ASCII')
       || decode(repeat('00', 12) || 'ff' || repeat('00', 12), 'hex') AS pgm;
SELECT length(anon.image_blur(pgm)) = length(pgm),
       substr(anon.image_blur(pgm), 1, 11) = substr(pgm, 1, 11),
       anon.image_blur(pgm) <> pgm
FROM regress_img;
-- the white pixel spreads to its neighbours, symmetrically; its own value drops
SELECT get_byte(b, 11 + 12) < 255 AS centre_dimmed,
       get_byte(b, 11 + 12) > get_byte(b, 11 + 11) AS centre_brightest,
       get_byte(b, 11 + 11) > 0 AS left_lit,
       get_byte(b, 11 + 11) = get_byte(b, 11 + 13) AS left_right,
       get_byte(b, 11 + 7) = get_byte(b, 11 + 17) AS up_down
FROM (SELECT anon.image_blur(pgm, 1.0) AS b FROM regress_img) s;
-- a larger sigma spreads further
SELECT get_byte(anon.image_blur(pgm, 3.0), 11 + 12) < get_byte(anon.image_blur(pgm, 0.5), 11 + 12)
FROM regress_img;
-- a 2x2 PPM: a uniform image stays uniform
SELECT anon.image_blur(convert_to('P6' || E'\n' || '2 2' || E'\n' || '255' || E'\n', 'SQL_ASCII')
                       || decode(repeat('102030', 4), 'hex'))
     = convert_to('P6' || E'\n' || '2 2' || E'\n' || '255' || E'\n', 'SQL_ASCII')
       || decode(repeat('102030', 4), 'hex');
-- a 3x1 24-bit BMP (rows padded to 4 bytes): blurred, headers kept
WITH bmp AS (
  SELECT decode('424d' || '42000000' || '00000000' || '36000000'
                || '28000000' || '03000000' || '01000000' || '0100' || '1800'
                || '00000000' || '0c000000' || '130b0000' || '130b0000'
                || '00000000' || '00000000'
                || '000000' || 'ffffff' || '000000' || '000000', 'hex') AS b)
SELECT length(anon.image_blur(b)) = length(b),
       substr(anon.image_blur(b), 1, 54) = substr(b, 1, 54),
       get_byte(anon.image_blur(b), 54) > 0,
       get_byte(anon.image_blur(b), 57) < 255
FROM bmp;
-- formats anon does not decode mask to NULL, never to the image
SELECT anon.image_blur(decode('89504e470d0a1a0a00000000', 'hex')) IS NULL AS png,
       anon.image_blur(decode('ffd8ffe000104a464946', 'hex')) IS NULL AS jpeg,
       anon.image_blur(convert_to('GIF89a', 'SQL_ASCII') || '\x0100'::bytea) IS NULL AS gif;
SELECT anon.image_blur('\x00010203040506'::bytea);            -- fail: not an image
SELECT anon.image_blur(pgm, 0) FROM regress_img;            -- fail: sigma
SELECT anon.image_blur(convert_to('P5 5 5 255' || E'\n', 'SQL_ASCII') || '\x00'::bytea); -- fail: truncated
-- sizes whose products would overflow are refused, never allocated
SELECT anon.image_blur(convert_to('P6 2147483647 2147483647 255' || E'\n', 'SQL_ASCII') || '\x000000'::bytea); -- fail: too large
SELECT anon.image_blur(convert_to('P5 1431655765 3 255' || E'\n', 'SQL_ASCII') || '\x00'::bytea); -- fail: too large
SELECT anon.image_blur(decode('424d' || '42000000' || '00000000' || '36000000'
                              || '28000000' || 'ffffff7f' || 'ffffff7f' || '0100' || '2000'
                              || '00000000' || '0c000000' || '130b0000' || '130b0000'
                              || '00000000' || '00000000' || '00000000', 'hex')); -- fail: too large
SELECT anon.image_blur(NULL) IS NULL;
DROP TABLE regress_img;

--
-- anon.* names of built-ins: same results, same volatility
--
SELECT anon.left('abcdef', 2) = 'ab', anon.right('abcdef', 2) = 'ef',
       anon.length('abc') = 3, anon.lower('ABC') = 'abc', anon.upper('abc') = 'ABC',
       anon.md5('a') = md5('a'), anon.concat('a', 1, NULL, 'b') = 'a1b',
       anon.substr('abcdef', 3) = 'cdef', anon.substr('abcdef', 2, 2) = 'bc';
SELECT anon.to_char('2020-03-04'::timestamp, 'YYYY-MM') = '2020-03',
       anon.to_char(12.5, '99.9') = to_char(12.5, '99.9'),
       anon.to_date('2020-01-02', 'YYYY-MM-DD') = '2020-01-02'::date,
       anon.to_number('12.5', '99.9') = 12.5,
       anon.to_timestamp('2020', 'YYYY') = to_timestamp('2020', 'YYYY'),
       anon.date_trunc('year', '2020-05-05'::timestamp) = '2020-01-01'::timestamp,
       anon.date_part('year', '2020-05-05'::date) = 2020,
       anon.date_add('2020-01-01'::timestamptz, '1 day') = '2020-01-02'::timestamptz,
       anon.date_subtract('2020-01-02'::timestamptz, '1 day') = '2020-01-01'::timestamptz,
       anon.date_add('2020-03-28 12:00+00'::timestamptz, '1 day', 'Europe/Paris')
         = '2020-03-29 11:00+00'::timestamptz,
       anon.make_date(2020, 1, 1) = '2020-01-01'::date,
       anon.make_time(1, 2, 3) = '01:02:03'::time,
       anon.age('2020-01-01'::timestamp, '2019-01-01'::timestamp) = '1 year'::interval,
       anon.now() = now();
-- each wrapper has the volatility of the built-in it names
SELECT a.oid::regprocedure AS wrapper, a.provolatile, b.provolatile AS builtin
FROM pg_proc a
JOIN pg_proc b ON b.proname = a.proname AND b.proargtypes = a.proargtypes
              AND b.pronamespace = 'pg_catalog'::regnamespace
WHERE a.pronamespace = 'anon'::regnamespace
  AND a.proname IN ('left', 'right', 'length', 'lower', 'upper', 'md5', 'concat',
                    'substr', 'to_char', 'to_date', 'to_number', 'to_timestamp',
                    'date_trunc', 'date_part', 'make_date', 'make_time', 'age', 'now')
  AND a.provolatile <> b.provolatile;
SELECT count(*) >= 30 FROM pg_proc a
WHERE a.pronamespace = 'anon'::regnamespace
  AND a.proname IN ('left', 'right', 'length', 'lower', 'upper', 'md5', 'concat',
                    'substr', 'to_char', 'to_date', 'to_number', 'to_timestamp',
                    'date_trunc', 'date_part', 'date_add', 'date_subtract',
                    'make_date', 'make_time', 'age', 'now');

--
-- Rules written with them, and a masked role reading
--
CREATE TABLE regress_account (
  id SERIAL,
  login TEXT,
  password TEXT,
  name TEXT,
  birth DATE
);
INSERT INTO regress_account VALUES
  (1, 'admin', 'not_a_real_password', NULL, '1970-05-06'),
  (26879, 'alice', 'alice123', 'Alice', '1985-11-30');
SECURITY LABEL FOR anon ON COLUMN regress_account.password
  IS 'MASKED WITH FUNCTION anon.ternary(id > 1000, NULL::TEXT, password)';
SECURITY LABEL FOR anon ON COLUMN regress_account.name
  IS 'MASKED WITH FUNCTION anon.ternary(name IS NULL, name, anon.pseudo_first_name(name))';
SECURITY LABEL FOR anon ON COLUMN regress_account.login
  IS 'MASKED WITH FUNCTION anon.concat(anon.left(login, 1), $$***$$)';
SECURITY LABEL FOR anon ON COLUMN regress_account.birth
  IS 'MASKED WITH FUNCTION anon.make_date(anon.date_part($$year$$, birth)::int, 1, 1)';
CREATE ROLE regress_pa_skynet;
SECURITY LABEL FOR anon ON ROLE regress_pa_skynet IS 'MASKED';
GRANT SELECT ON regress_account TO regress_pa_skynet;
SET ROLE regress_pa_skynet;
SELECT id, login, password, name IS NULL OR name <> 'Alice' AS name_masked, birth
FROM regress_account ORDER BY id;
-- a masked role cannot compute pseudonyms of its guesses (RESTRICTED)
SELECT anon.pseudo_first_name('Alice');                   -- fail: restricted
SELECT anon.pseudo_iban('FR76', 'x');                      -- fail: restricted
RESET ROLE;
-- positive control: the owner reads the raw values
SELECT id, login, password, name, birth FROM regress_account ORDER BY id;

--
-- Static masking returns a boolean, as PA's does
--
BEGIN;
SELECT anon.anonymize_table('regress_account');
SELECT id, login, password FROM regress_account ORDER BY id;
ROLLBACK;
BEGIN;
SELECT anon.anonymize_column('regress_account', 'login');
SELECT id, login, password FROM regress_account ORDER BY id;
ROLLBACK;
BEGIN;
SELECT anon.anonymize_database();
SELECT count(*) = 0 FROM regress_account WHERE login IN ('admin', 'alice');
ROLLBACK;
BEGIN;
SELECT anon.add_noise_on_numeric_column('regress_account', 'id', 0.5);
SELECT anon.add_noise_on_datetime_column('regress_account', 'birth', '1 day');
ROLLBACK;
-- a table or a column without a rule is left as it is
CREATE TABLE regress_pa_stock (id int, amount int);
INSERT INTO regress_pa_stock VALUES (1, 1000), (2, 400);
SELECT anon.anonymize_table('regress_pa_stock') IS NULL;
SELECT anon.anonymize_column('regress_account', 'id') IS FALSE;
SELECT anon.anonymize_column('regress_account', 'xxxxxxxxxxxxxxxx') IS FALSE;
SELECT * FROM regress_pa_stock ORDER BY id;
DROP TABLE regress_pa_stock;
-- the rows of the report are still there
BEGIN;
SELECT table_name, masked_columns, rows FROM anon.anonymize_table_report('regress_account');
ROLLBACK;
-- anon.static_masking = off refuses every in-place masking
SET anon.static_masking TO off;
SELECT anon.anonymize_table('regress_account');             -- fail: disabled
SELECT anon.anonymize_database();                           -- fail: disabled
SELECT * FROM anon.anonymize_column_report('regress_account', 'login');  -- fail: disabled
SELECT anon.add_noise_on_numeric_column('regress_account', 'id', 0.5);   -- fail: disabled
RESET anon.static_masking;
SELECT login FROM regress_account ORDER BY id;

--
-- Catalog views with PA's names and columns
--
SELECT anon.hasmask('regress_pa_skynet') IS TRUE;
SELECT anon.hasmask('regress_pa_skynet', 'devtests') IS FALSE;
SELECT anon.hasmask(current_user::regrole) IS FALSE;
SELECT anon.hasmask(NULL) IS FALSE;
SELECT anon.hasmask('does_not_exist');                     -- fail: no such role
SELECT hasmask FROM anon.pg_masked_roles WHERE rolname = 'regress_pa_skynet';
SELECT attrelid::regclass, attnum, relnamespace, relname, attname, format_type,
       masking_function, masking_value, priority, masking_filter, trusted_schema
FROM anon.pg_masking_rules ORDER BY attrelid::regclass::text, attnum;
SELECT count(*) = 4 FROM anon.pg_masks WHERE relname = 'regress_account';
SELECT * FROM anon.pg_trusted_functions;
CREATE SCHEMA regress_pa_fn;
CREATE FUNCTION regress_pa_fn.shout(t text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$SELECT upper(t) || '!'$$;
SECURITY LABEL FOR anon ON FUNCTION regress_pa_fn.shout(text) IS 'TRUSTED';
SELECT * FROM anon.pg_trusted_functions;
SECURITY LABEL FOR anon ON FUNCTION regress_pa_fn.shout(text) IS NULL;
DROP SCHEMA regress_pa_fn CASCADE;
SELECT provider, objtype, full_objname, label FROM anon.user_rules ORDER BY 3;
SELECT count(*) = 0 FROM anon.sys_rules WHERE objtype NOT IN ('function', 'schema');
SELECT (SELECT count(*) FROM anon.all_rules)
     = (SELECT count(*) FROM anon.user_rules) + (SELECT count(*) FROM anon.sys_rules);
SELECT anon.version() = (SELECT extversion FROM pg_extension WHERE extname = 'anon');
SELECT anon.set_salt('a_VeRy_SeCReT_SaLT') IS NOT NULL;
SELECT current_setting('anon.salt') = 'a_VeRy_SeCReT_SaLT';
RESET anon.salt;

--
-- Legacy dynamic masking: the mask schema of views, over transparent masking
--
SELECT anon.start_dynamic_masking();
SELECT anon.start_dynamic_masking(false);                  -- again: nothing new
SELECT c.relname, c.reloptions FROM pg_class c
WHERE c.relnamespace = 'mask'::regnamespace ORDER BY 1;
-- every reader reads masked values through the view, once: the masked
-- role (masked by the engine) ...
SET ROLE regress_pa_skynet;
SELECT id, login, password FROM mask.regress_account ORDER BY id;
RESET ROLE;
-- ... and an unmasked one (the view applies the rules), while the table
-- itself is raw for it (positive control)
SELECT id, login, password FROM mask.regress_account ORDER BY id;
SELECT id, login, password FROM regress_account ORDER BY id;
-- not twice: a rule that appends a character appends it once
CREATE TABLE regress_pa_once (v text);
INSERT INTO regress_pa_once VALUES ('x');
SECURITY LABEL FOR anon ON COLUMN regress_pa_once.v IS 'MASKED WITH FUNCTION anon.concat(v, $$!$$)';
GRANT SELECT ON regress_pa_once TO regress_pa_skynet;
SET ROLE regress_pa_skynet;
SELECT v AS masked_reader_view FROM mask.regress_pa_once;
SELECT v AS masked_reader_table FROM regress_pa_once;
RESET ROLE;
SELECT v AS unmasked_reader_view FROM mask.regress_pa_once;
SELECT v AS unmasked_reader_table FROM regress_pa_once;
DROP TABLE regress_pa_once CASCADE;
-- a view grants nothing: without SELECT on the table, no read through it
REVOKE SELECT ON regress_account FROM regress_pa_skynet;
SET ROLE regress_pa_skynet;
SELECT count(*) FROM mask.regress_account;                 -- fail: permission denied
RESET ROLE;
GRANT SELECT ON regress_account TO regress_pa_skynet;
-- row-level security of the table applies through the view
ALTER TABLE regress_account ENABLE ROW LEVEL SECURITY;
CREATE POLICY regress_pa_low ON regress_account FOR SELECT USING (id < 1000);
SET ROLE regress_pa_skynet;
SELECT id FROM mask.regress_account;
RESET ROLE;
DROP POLICY regress_pa_low ON regress_account;
ALTER TABLE regress_account DISABLE ROW LEVEL SECURITY;
-- a changed table gets its view changed in place: a view over it stays
CREATE VIEW regress_pa_logins AS SELECT login FROM mask.regress_account;
ALTER TABLE regress_account ADD COLUMN extra int;
SELECT attname FROM pg_attribute
WHERE attrelid = 'mask.regress_account'::regclass AND attnum > 0 ORDER BY attnum;
SELECT login FROM regress_pa_logins ORDER BY 1;
ALTER TABLE regress_account DROP COLUMN extra CASCADE;
SELECT count(*) FROM pg_attribute
WHERE attrelid = 'mask.regress_account'::regclass AND attname = 'extra';
DROP VIEW IF EXISTS regress_pa_logins;  -- dropped with the column above
-- a new table gets its view; mask_update sets the masked role's search_path
CREATE TABLE regress_pa_new (x int);
SELECT count(*) = 1 FROM pg_class WHERE relnamespace = 'mask'::regnamespace AND relname = 'regress_pa_new';
SELECT anon.mask_update();
SELECT c FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole, unnest(s.setconfig) c
WHERE r.rolname = 'regress_pa_skynet' AND c LIKE 'search_path=%';
-- only a superuser starts or stops it
CREATE ROLE regress_pa_owner;
SET ROLE regress_pa_owner;
SELECT anon.start_dynamic_masking();                       -- fail: superuser only
SELECT anon.stop_dynamic_masking();                        -- fail: superuser only
RESET ROLE;
DROP ROLE regress_pa_owner;
SELECT anon.stop_dynamic_masking();
SELECT count(*) = 0 FROM pg_namespace WHERE nspname = 'mask';
SELECT count(*) = 0 FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole, unnest(s.setconfig) c
WHERE r.rolname = 'regress_pa_skynet' AND c LIKE 'search_path=%';
-- mask_update is a no-op while legacy masking is off
SELECT anon.mask_update() IS FALSE;
-- the role is still masked: the label decides, not the views
SET ROLE regress_pa_skynet;
SELECT id, password FROM regress_account ORDER BY id;
RESET ROLE;
DROP TABLE regress_pa_new;

--
-- A masked role that dumps the database can read the configuration tables
--
SET ROLE regress_pa_skynet;
SELECT count(*) >= 0 FROM anon.dp_budget;
SELECT count(*) >= 0 FROM anon.dictionaries;
SELECT count(*) >= 0 FROM anon.hierarchy;
RESET ROLE;

--
-- Removing labels in bulk
--
SELECT anon.remove_masks_for_all_columns();
SELECT count(*) = 0 FROM anon.pg_masking_rules WHERE relname = 'regress_account';
SELECT anon.remove_masks_for_all_roles();
SELECT anon.hasmask('regress_pa_skynet') IS FALSE;
SET ROLE regress_pa_skynet;
SELECT id, password FROM regress_account ORDER BY id;
RESET ROLE;

DROP TABLE regress_account;
DROP ROLE regress_pa_skynet;
