-- 85_pa_replay: scripts and policies written for PostgreSQL Anonymizer
-- (PA) 2.x must behave the same here.  Each call below uses PA's function
-- names, signatures, label forms and settings; the data, names and
-- scenarios are ours.  Where anon is deliberately safer the statement
-- fails, and the hint of the error names the safer way (those statements
-- run with VERBOSITY default so that the hint is checked too; see the
-- table "Differences that remain" in doc/coming-from-pa.md).
--
-- Parts: 1. value functions (no table); 2. generalization and
-- k-anonymity; 3. static masking; 4. labels and trust; 5. dynamic
-- masking; 6. a database where anon.init() never ran.  Every object is
-- dropped at the end of its part.
\set VERBOSITY terse

-----------------------------------------------------------------------
-- 1. Value functions
-----------------------------------------------------------------------

-- 1a. partial() keeps a prefix and a suffix around a padding; with a
-- suffix of 0 the padding ends the value, however long it is.
SELECT anon.partial('RX-2291-KL', 3, '####', 2) = 'RX-####KL' AS partial_both_ends,
       anon.partial('0044207946', 4, '*', 2) = '0044*46' AS partial_one_char_pad,
       anon.partial('lumbar', 1, '~~~~~~~~~~~~~~~~~~~~', 0) = 'l~~~~~~~~~~~~~~~~~~~~' AS partial_no_suffix,
       anon.partial(NULL, 2, '??', 2) IS NULL AS partial_null;
-- partial_email() keeps two characters of the local part and of the
-- domain, and the last label of the domain.
SELECT anon.partial_email('reception@harbourclinic.org') = 're******@ha******.org' AS email_simple,
       anon.partial_email('nurse.ann@ward.nhs.uk') = 'nu******@wa******.uk' AS email_subdomain,
       anon.partial_email(NULL) IS NULL AS email_null;

-- 1b. ternary(): a NULL condition takes the ELSE branch, as a false one.
SELECT anon.ternary(2 < 3, 'kept'::text, 'dropped'::text) = 'kept' AS cond_true,
       anon.ternary(NULL::boolean, 10, 20) = 20 AS cond_null,
       anon.ternary(length('ab') = 5, 'yes'::text, NULL) IS NULL AS else_null;

-- 1c. hash() and digest(): a NULL anywhere gives NULL; 'sha1' gives NULL
-- as in PA 2.x; the other algorithms give the standard digest of the
-- value followed by the salt (checked against pg_catalog's own).
SELECT anon.hash(NULL) IS NULL AS hash_null,
       anon.digest(NULL, 'pepper', 'sha256') IS NULL AS value_null,
       anon.digest('ward7', NULL, 'sha256') IS NULL AS salt_null,
       anon.digest('ward7', 'pepper', NULL) IS NULL AS algorithm_null,
       anon.digest('ward7', 'pepper', 'sha1') IS NULL AS sha1_null;
SELECT anon.digest('ward7', 'pepper', 'md5') = md5('ward7pepper') AS md5,
       anon.digest('ward7', 'pepper', 'sha224') = encode(sha224('ward7pepper'::bytea), 'hex') AS sha224,
       anon.digest('ward7', 'pepper', 'sha256') = encode(sha256('ward7pepper'::bytea), 'hex') AS sha256,
       anon.digest('ward7', 'pepper', 'sha512') = encode(sha512('ward7pepper'::bytea), 'hex') AS sha512;
-- and against fixed values, so that a change of the concatenation shows
SELECT anon.digest('a', 'b', 'md5') = '187ef4436122d1cc2f40dc2b92f0eba0' AS md5_ab,
       anon.digest('a', 'b', 'sha256')
         = 'fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603' AS sha256_ab;

-- 1d. random_*: the type of each, the bounds of each range form (an
-- unbounded or empty range gives NULL), and NULL in gives NULL out.
-- Draws are repeated 200 times and only their bounds are printed.
BEGIN;
SELECT anon.init();
SELECT pg_typeof(anon.random_zip()) AS zip,
       pg_typeof(anon.random_string(4)) AS string,
       pg_typeof(anon.random_phone()) AS phone,
       pg_typeof(anon.random_phone('+44')) AS phone_prefixed,
       pg_typeof(anon.random_time()) AS time_,
       pg_typeof(anon.random_date()) AS date_,
       pg_typeof(anon.random_date_between('1950-06-01'::timestamptz, now())) AS between_ts,
       pg_typeof(anon.random_date_between('0500-01-01'::date, '3500-12-31'::date)) AS between_dates;
SELECT pg_typeof(anon.random_int_between(5, 9)) AS int_between,
       pg_typeof(anon.random_bigint_between(5, 9)) AS bigint_between,
       pg_typeof(anon.random_id()) AS id,
       pg_typeof(anon.random_id_int()) AS id_int,
       pg_typeof(anon.random_id_smallint()) AS id_smallint;
SELECT anon.random_string(0) = '' AS empty_string,
       length(anon.random_string(int4range('[6,6]'))) = 6 AS string_of_range,
       anon.random_time() IS NOT NULL AS some_time;
-- a range holding one value can only give it; an exclusive range that
-- holds none, or an unbounded one, gives NULL
SELECT anon.random_in_int4range('[77,78)') = 77 AS one_int4,
       anon.random_in_int8range('[5000000000,5000000001)') = 5000000000 AS one_int8,
       anon.random_in_daterange('[1999-12-31,2000-01-01)') = '1999-12-31'::date AS one_date,
       anon.random_in_int4range('(77,78)') IS NULL AS empty_range,
       anon.random_in_int4range('[77,)') IS NULL AS no_upper,
       anon.random_in_int4range('[,77]') IS NULL AS no_lower,
       anon.random_in_int4range(NULL) IS NULL AS null_range;
SELECT bool_and(anon.random_in_int4range('[-3,4)') BETWEEN -3 AND 3) AS int4range_bounds,
       bool_and(anon.random_in_numrange('[2.5,2.75]') BETWEEN 2.5 AND 2.75) AS numrange_bounds,
       bool_and(anon.random_in_tsrange('[2023-02-10,2023-02-20)')
                  >= '2023-02-10' AND anon.random_in_tsrange('[2023-02-10,2023-02-20)') < '2023-02-20')
         AS tsrange_bounds,
       bool_and(extract(YEAR FROM anon.random_in_tstzrange('[2031-01-01 12:00+00,2031-12-30 12:00+00]')) = 2031)
         AS tstzrange_year,
       bool_and(anon.random_int_between(-2, 2) BETWEEN -2 AND 2) AS int_between_bounds,
       bool_and(anon.random_bigint_between(9000000000, 9000000004) BETWEEN 9000000000 AND 9000000004)
         AS bigint_between_bounds,
       bool_and(anon.random_in(ARRAY[10, 20, 30]) IN (10, 20, 30)) AS random_in_array
FROM generate_series(1, 200);
SELECT anon.random_int_between(NULL, 9) IS NULL AS int_low_null,
       anon.random_int_between(5, NULL) IS NULL AS int_high_null,
       anon.random_bigint_between(NULL, 9) IS NULL AS bigint_low_null,
       anon.random_string(NULL::int) IS NULL AS string_null,
       anon.random_date_between(NULL, now()) IS NULL AS date_low_null,
       anon.random_date_between(now(), NULL) IS NULL AS date_high_null,
       anon.random_phone(NULL) IS NULL AS phone_null,
       anon.random_in(NULL::date[]) IS NULL AS array_null;
-- random_in() keeps the element type, also of an enum
CREATE TYPE regress_rp_blood AS ENUM ('A', 'B', 'AB', 'O');
SELECT pg_typeof(anon.random_in(ARRAY['walk-in', 'referral'])) AS text_array,
       pg_typeof(anon.random_in(enum_range(NULL::regress_rp_blood))) AS enum_array,
       pg_typeof(anon.random_in_enum(NULL::regress_rp_blood)) AS enum_value;
-- random_id() draws from a sequence: 500 draws are distinct, and can
-- fill a primary key together with dummy_* values
SELECT count(DISTINCT anon.random_id()) AS distinct_ids FROM generate_series(1, 500);
CREATE TABLE regress_rp_walkin (id int PRIMARY KEY, given text, family text, mail text);
INSERT INTO regress_rp_walkin
SELECT anon.random_id_int(), anon.dummy_first_name(), anon.dummy_last_name(), anon.dummy_free_email()
FROM generate_series(1, 150);
SELECT count(*) AS walkins FROM regress_rp_walkin;
ROLLBACK;

-- 1e. fake_* return text; lorem_ipsum() counts paragraphs (5 by
-- default), words, or characters (which win over the other two).
SELECT pg_typeof(anon.fake_first_name()) AS first_name,
       pg_typeof(anon.fake_last_name()) AS last_name,
       pg_typeof(anon.fake_email()) AS email,
       pg_typeof(anon.fake_address()) AS address,
       pg_typeof(anon.fake_city()) AS city,
       pg_typeof(anon.fake_country()) AS country,
       pg_typeof(anon.fake_postcode()) AS postcode,
       pg_typeof(anon.fake_company()) AS company,
       pg_typeof(anon.fake_iban()) AS iban,
       pg_typeof(anon.fake_siret()) AS siret;
SELECT array_length(string_to_array(anon.lorem_ipsum(), E'\n'), 1) AS default_paragraphs,
       array_length(string_to_array(anon.lorem_ipsum(3), E'\n'), 1) AS three_paragraphs,
       array_length(string_to_array(anon.lorem_ipsum(paragraphs := 11), E'\n'), 1) AS eleven_paragraphs,
       array_length(string_to_array(anon.lorem_ipsum(words := 13), ' '), 1) AS thirteen_words,
       char_length(anon.lorem_ipsum(characters := 25)) AS chars,
       char_length(anon.lorem_ipsum(characters := 25, words := 400)) AS chars_over_words,
       char_length(anon.lorem_ipsum(characters := 25, paragraphs := 40)) AS chars_over_paragraphs;

-- 1f. pseudo_*: NULL gives NULL; the same input and salt give the same
-- pseudonym; without a salt argument anon.salt is used.  (That masked
-- roles cannot call them is checked in part 5.)
BEGIN;
SELECT anon.pseudo_first_name(NULL) IS NULL AS first_null,
       pg_typeof(anon.pseudo_first_name(NULL)) AS first_type,
       anon.pseudo_last_name(NULL) IS NULL AS last_null,
       anon.pseudo_email(NULL) IS NULL AS email_null,
       anon.pseudo_city(NULL) IS NULL AS city_null,
       anon.pseudo_country(NULL) IS NULL AS country_null,
       anon.pseudo_company(NULL) IS NULL AS company_null,
       anon.pseudo_iban(NULL) IS NULL AS iban_null;
SELECT anon.pseudo_first_name('Edith Okafor') = anon.pseudo_first_name('Edith Okafor') AS first_unsalted,
       anon.pseudo_first_name('Edith Okafor', 'ch4rt!') = anon.pseudo_first_name('Edith Okafor', 'ch4rt!') AS first,
       anon.pseudo_last_name('Edith Okafor', 'ch4rt!') = anon.pseudo_last_name('Edith Okafor', 'ch4rt!') AS last,
       anon.pseudo_email('Edith Okafor', 'ch4rt!') = anon.pseudo_email('Edith Okafor', 'ch4rt!') AS email,
       anon.pseudo_city('Edith Okafor', 'ch4rt!') = anon.pseudo_city('Edith Okafor', 'ch4rt!') AS city,
       anon.pseudo_country('Edith Okafor', 'ch4rt!') = anon.pseudo_country('Edith Okafor', 'ch4rt!') AS country,
       anon.pseudo_company('Edith Okafor', 'ch4rt!') = anon.pseudo_company('Edith Okafor', 'ch4rt!') AS company,
       anon.pseudo_iban('Edith Okafor', 'ch4rt!') = anon.pseudo_iban('Edith Okafor', 'ch4rt!') AS iban;
SELECT anon.set_salt('Quiet-Harbour-Salt-19');
SELECT anon.pseudo_last_name('Edith Okafor') = anon.pseudo_last_name('Edith Okafor', 'Quiet-Harbour-Salt-19')
  AS session_salt_used;
ROLLBACK;

-----------------------------------------------------------------------
-- 2. Generalization and k-anonymity
-----------------------------------------------------------------------

-- 2a. generalize_*: the value's bucket of the given step (10 by default)
-- or of the given unit ('decade' by default); a NULL value or step gives
-- the unbounded range; a daterange cut in hours is empty.
SET TIME ZONE 'UTC';
SELECT anon.generalize_int4range(87) AS int4_default,
       anon.generalize_int4range(87, 4) AS int4_step4,
       anon.generalize_int4range(NULL) AS int4_null,
       anon.generalize_int4range(NULL, 4) AS int4_null_step,
       anon.generalize_int4range(NULL, NULL) AS int4_nulls;
SELECT anon.generalize_int8range(7012345678901) AS int8_default,
       anon.generalize_int8range(7012345678901, 1000000000) AS int8_step,
       anon.generalize_int8range(NULL) AS int8_null;
SELECT anon.generalize_numrange(3.14159) AS num_default,
       anon.generalize_numrange(3.14159, 2) AS num_step2,
       anon.generalize_numrange(NULL, 2) AS num_null;
-- 1987-03-19 is a Thursday
SELECT anon.generalize_tsrange('1987-03-19 15:42:07') AS ts_default,
       anon.generalize_tsrange(NULL) AS ts_null,
       anon.generalize_tsrange('1987-03-19 15:42:07', NULL) AS ts_null_unit;
SELECT unit, anon.generalize_tsrange('1987-03-19 15:42:07', unit) AS ts
FROM unnest(ARRAY['microsecond', 'second', 'week', 'month', 'millennium']) AS unit;
SELECT anon.generalize_tstzrange('1987-03-19 15:42:07+00', 'decade') AS tstz_decade,
       anon.generalize_tstzrange(NULL, NULL) AS tstz_null;
SELECT anon.generalize_daterange('1987-03-19') AS date_default,
       anon.generalize_daterange(NULL) AS date_null;
SELECT unit, anon.generalize_daterange('1987-03-19', unit) AS d
FROM unnest(ARRAY['hour', 'day', 'week', 'century']) AS unit;
RESET TIME ZONE;

-- 2b. k_anonymity() reads the INDIRECT IDENTIFIER labels of provider
-- k_anonymity: k is the size of the smallest group of rows sharing those
-- columns.  A bike-rental shop's customers: raw, every row is unique
-- (k = 1); generalized (name dropped, postcode to the thousand, birth to
-- the decade) the smallest group has 2 rows.
BEGIN;
CREATE TABLE regress_rp_bikes (frame_no text, colour text);
SELECT anon.k_anonymity('regress_rp_bikes') AS k_without_identifiers;
CREATE TABLE regress_rp_rider (rider_id int, nickname text, postcode int, born date, plan text);
INSERT INTO regress_rp_rider VALUES
  (1, 'Gus', 31240, '1961-02-11', 'monthly'), (2, 'Ines', 31280, '1968-09-30', 'monthly'),
  (3, 'Pavel', 31870, '1964-05-05', 'day pass'), (4, 'Wen', 52010, '1993-01-17', 'annual'),
  (5, 'Noor', 52400, '1999-11-02', 'annual');
SECURITY LABEL FOR k_anonymity ON COLUMN regress_rp_rider.nickname IS 'INDIRECT IDENTIFIER';
SECURITY LABEL FOR k_anonymity ON COLUMN regress_rp_rider.postcode IS 'INDIRECT IDENTIFIER';
SECURITY LABEL FOR k_anonymity ON COLUMN regress_rp_rider.born IS 'INDIRECT IDENTIFIER';
SELECT anon.k_anonymity('regress_rp_rider') AS k_raw,
       (SELECT min(n) FROM (SELECT count(*) AS n FROM regress_rp_rider
                            GROUP BY nickname, postcode, born) AS g) AS smallest_group;
CREATE TEMPORARY TABLE regress_rp_rider_pub AS
SELECT '*'::text AS nickname, anon.generalize_int4range(postcode, 1000) AS postcode,
       anon.generalize_daterange(born, 'decade') AS born, plan
FROM regress_rp_rider;
SECURITY LABEL FOR k_anonymity ON COLUMN regress_rp_rider_pub.nickname IS 'INDIRECT IDENTIFIER';
SECURITY LABEL FOR k_anonymity ON COLUMN regress_rp_rider_pub.postcode IS 'INDIRECT IDENTIFIER';
SECURITY LABEL FOR k_anonymity ON COLUMN regress_rp_rider_pub.born IS 'INDIRECT IDENTIFIER';
SELECT anon.k_anonymity('regress_rp_rider_pub') AS k_generalized,
       (SELECT min(n) FROM (SELECT count(*) AS n FROM regress_rp_rider_pub
                            GROUP BY nickname, postcode, born) AS g) AS smallest_group;
ROLLBACK;

-----------------------------------------------------------------------
-- 3. Static masking
-----------------------------------------------------------------------

-- 3a. add_noise_on_*_column(): each value moves by at most the given
-- ratio (numbers) or interval (dates).  The counts of changed values show
-- that noise was added (20 rows: the chance that none moves is far
-- below 1e-6).
CREATE TABLE regress_rp_bike_hire (hire_id int, minutes int, fare float8, hired_on date);
INSERT INTO regress_rp_bike_hire SELECT i, 60, 12.5, '2024-06-15' FROM generate_series(1, 20) i;
SELECT anon.add_noise_on_numeric_column('regress_rp_bike_hire', 'minutes', 0.5);
SELECT anon.add_noise_on_numeric_column('regress_rp_bike_hire', 'fare', 2);
SELECT anon.add_noise_on_datetime_column('regress_rp_bike_hire', 'hired_on', '30 days');
SELECT min(minutes) >= 30 AND max(minutes) <= 90 AS minutes_in_bounds,
       min(fare) >= -12.5 AND max(fare) <= 37.5 AS fare_in_bounds,
       min(hired_on) >= '2024-05-16' AND max(hired_on) <= '2024-07-15' AS date_in_bounds,
       count(*) FILTER (WHERE minutes <> 60) > 0 AS minutes_moved,
       count(*) FILTER (WHERE fare <> 12.5) > 0 AS fare_moved,
       count(*) FILTER (WHERE hired_on <> '2024-06-15') > 0 AS date_moved
FROM regress_rp_bike_hire;
DROP TABLE regress_rp_bike_hire;

-- 3b. shuffle_column() by a key that has no unique index but distinct,
-- non-NULL values: the column's values are permuted among the rows (same
-- multiset; with 12 rows the chance that none moves is 1/12!).
CREATE TABLE regress_rp_locker (locker text, deposit int);
INSERT INTO regress_rp_locker SELECT 'L' || lpad(i::text, 2, '0'), i * 5 FROM generate_series(1, 12) i;
CREATE TABLE regress_rp_locker_before AS SELECT * FROM regress_rp_locker;
SELECT anon.shuffle_column('regress_rp_locker', 'deposit', 'locker');
SELECT (SELECT array_agg(deposit ORDER BY deposit) FROM regress_rp_locker)
     = (SELECT array_agg(deposit ORDER BY deposit) FROM regress_rp_locker_before) AS same_values,
       (SELECT sum(deposit) FROM regress_rp_locker) AS total_deposit,
       (SELECT count(*) FROM regress_rp_locker a JOIN regress_rp_locker_before b USING (locker)
        WHERE a.deposit <> b.deposit) > 0 AS some_moved;
-- deliberately safer: a key that repeats a value, or holds a NULL, does
-- not identify the rows (two rows would receive the same value)
\set VERBOSITY default
INSERT INTO regress_rp_locker VALUES ('L07', 999);
SELECT anon.shuffle_column('regress_rp_locker', 'deposit', 'locker');	-- fail
UPDATE regress_rp_locker SET locker = NULL WHERE deposit = 999;
SELECT anon.shuffle_column('regress_rp_locker', 'deposit', 'locker');	-- fail
\set VERBOSITY terse
DROP TABLE regress_rp_locker, regress_rp_locker_before;

-- 3c. privacy by default: anonymize_table() gives a column without a rule
-- its default, else NULL; a NOT MASKED column keeps its values.  The
-- anonymized table still satisfies a foreign key (on the NOT MASKED
-- column), a unique constraint and a CHECK (NULLs pass both).
BEGIN;
SET anon.privacy_by_default = true;
CREATE TABLE regress_rp_opac_hits (searched_at timestamp, ticket text, client inet, query text,
  terminal text DEFAULT 'kiosk', branch text DEFAULT NULL, lang text);
INSERT INTO regress_rp_opac_hits VALUES
  ('2022-03-01 10:15', 't-81', '172.16.4.20', 'tolstoy', 'desk-2', 'Northgate', 'ru'),
  ('2022-03-02 16:40', 't-82', '172.16.4.31', 'ferrante', 'desk-5', 'Riverside', 'it');
SECURITY LABEL FOR anon ON COLUMN regress_rp_opac_hits.branch IS 'NOT MASKED';
SAVEPOINT loaded;
-- positive control: before, every column holds a value
SELECT count(searched_at) AS dates, count(*) FILTER (WHERE terminal = 'kiosk') AS kiosks
FROM regress_rp_opac_hits;
SELECT anon.anonymize_table('regress_rp_opac_hits');
SELECT count(searched_at) AS dates_left, count(ticket) AS tickets_left, count(lang) AS langs_left,
       count(*) FILTER (WHERE terminal = 'kiosk') AS kiosks,
       string_agg(branch, ',' ORDER BY branch) AS branches_kept
FROM regress_rp_opac_hits;
ROLLBACK TO loaded;
CREATE TABLE regress_rp_branch (name text UNIQUE NOT NULL);
INSERT INTO regress_rp_branch VALUES ('Northgate'), ('Riverside');
ALTER TABLE regress_rp_opac_hits ADD CONSTRAINT regress_rp_hits_branch
  FOREIGN KEY (branch) REFERENCES regress_rp_branch (name) MATCH FULL;
SELECT anon.anonymize_table('regress_rp_opac_hits') AS with_foreign_key;
ROLLBACK TO loaded;
ALTER TABLE regress_rp_opac_hits ADD CONSTRAINT regress_rp_hits_ticket UNIQUE (ticket);
SELECT anon.anonymize_table('regress_rp_opac_hits') AS with_unique;
ROLLBACK TO loaded;
ALTER TABLE regress_rp_opac_hits ADD CONSTRAINT regress_rp_hits_recent CHECK (searched_at > '2021-01-01');
SELECT anon.anonymize_table('regress_rp_opac_hits') AS with_check;
ROLLBACK TO loaded;
-- only a superuser turns privacy by default off (positive control first)
DO $$
BEGIN
  SET LOCAL anon.privacy_by_default = off;
  RAISE NOTICE 'superuser: set';
EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'superuser: insufficient_privilege';
END $$;
CREATE ROLE regress_rp_volunteer;
SET ROLE regress_rp_volunteer;
DO $$
BEGIN
  SET LOCAL anon.privacy_by_default = off;
  RAISE NOTICE 'volunteer: set';
EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'volunteer: insufficient_privilege';
END $$;
ROLLBACK;

-----------------------------------------------------------------------
-- 4. Labels and trust
-----------------------------------------------------------------------

-- 4a. hasmask(): true for a MASKED role (also one whose name needs
-- quotes), false for an unlabelled role, the caller, or NULL; a role
-- that does not exist is an error, as in PA.
BEGIN;
SELECT anon.start_dynamic_masking();
CREATE ROLE "regress_rp_Auditor";
SECURITY LABEL FOR anon ON ROLE "regress_rp_Auditor" IS 'MASKED';
CREATE ROLE regress_rp_temp_nurse LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_rp_temp_nurse IS 'MASKED';
CREATE ROLE regress_rp_surgeon;
SELECT anon.mask_update();
SELECT anon.hasmask('"regress_rp_Auditor"') AS quoted_masked,
       anon.hasmask('regress_rp_temp_nurse') AS masked,
       anon.hasmask('regress_rp_surgeon') AS unlabelled,
       anon.hasmask(current_user::regrole) AS caller,
       anon.hasmask(NULL) AS null_role;
SELECT anon.hasmask('regress_rp_nobody');	-- fail
ROLLBACK;

-- 4b. Labels of a second policy (devtests, declared by 00_init): the
-- rule views split into user rules and system rules (labels on functions
-- and schemas only), and list the policy's labels by object type.
BEGIN;
SECURITY LABEL FOR anon ON FUNCTION pg_catalog.floor(numeric) IS 'TRUSTED';
SECURITY LABEL FOR anon ON FUNCTION pg_catalog.random() IS 'TRUSTED';
CREATE SCHEMA regress_rp_league;
CREATE TABLE regress_rp_league.cyclist (id serial, alias text, km_ridden int, podiums int);
CREATE ROLE regress_rp_scout LOGIN;
SECURITY LABEL FOR devtests ON COLUMN regress_rp_league.cyclist.alias
  IS 'MASKED WITH FUNCTION anon.dummy_name()';
SECURITY LABEL FOR devtests ON COLUMN regress_rp_league.cyclist.km_ridden
  IS 'MASKED WITH FUNCTION pg_catalog.floor(pg_catalog.random()*90000)';
SECURITY LABEL FOR devtests ON COLUMN regress_rp_league.cyclist.podiums
  IS 'MASKED WITH FUNCTION anon.random_int_between(0,12)';
SECURITY LABEL FOR devtests ON ROLE regress_rp_scout IS 'MASKED';
SECURITY LABEL FOR devtests ON FUNCTION anon.random_int_between IS 'TRUSTED';
SELECT (SELECT count(*) FROM anon.all_rules)
       = (SELECT count(*) FROM anon.user_rules) + (SELECT count(*) FROM anon.sys_rules) AS rules_split,
       (SELECT count(*) FROM anon.sys_rules WHERE objtype NOT IN ('function', 'schema')) AS odd_sys_rules;
SELECT objtype, count(*) FROM anon.user_rules WHERE provider = 'devtests' GROUP BY 1 ORDER BY 1;
ROLLBACK;

-- 4c. Trusted schemas.  A function in public shadows a built-in (its
-- upper() lowers).  An unqualified call in a rule resolves in pg_catalog
-- (and anon), never through the reader's search_path (which here puts
-- public first): the masked reader gets upper case.  The public one is refused until a superuser labels public
-- TRUSTED; then the reader gets lower case (positive control: the shadow
-- is reachable when named).  Turning the restriction off draws a WARNING
-- and leaves it on: the public one is still refused; turning it on is
-- accepted.
BEGIN;
CREATE TABLE regress_rp_member (card int UNIQUE, holder text, branch_id int);
INSERT INTO regress_rp_member VALUES (3301, 'Ada Quist', 2);
CREATE FUNCTION public.upper(text) RETURNS text AS $$ SELECT pg_catalog.lower($1) $$ LANGUAGE SQL;
CREATE ROLE regress_rp_counter_staff;
SECURITY LABEL FOR anon ON ROLE regress_rp_counter_staff IS 'MASKED';
GRANT SELECT ON regress_rp_member TO regress_rp_counter_staff;
SECURITY LABEL FOR anon ON COLUMN regress_rp_member.holder IS 'MASKED WITH FUNCTION upper(holder)';
SET ROLE regress_rp_counter_staff;
SET search_path = public, pg_catalog;
SELECT holder AS unqualified_rule FROM regress_rp_member;
RESET search_path;
RESET ROLE;
\set VERBOSITY default
SAVEPOINT s;
SET anon.restrict_to_trusted_schemas = off;	-- WARNING: it stays on
-- the label is checked all the same: public is not trusted
SECURITY LABEL FOR anon ON COLUMN regress_rp_member.holder IS 'MASKED WITH FUNCTION public.upper(holder)';	-- fail
ROLLBACK TO s;
SET anon.restrict_to_trusted_schemas = on;
SECURITY LABEL FOR anon ON COLUMN regress_rp_member.holder IS 'MASKED WITH FUNCTION public.upper(holder)';	-- fail
ROLLBACK TO s;
\set VERBOSITY terse
SECURITY LABEL FOR anon ON COLUMN regress_rp_member.holder IS 'MASKED WITH FUNCTION anon.upper(holder)';
SECURITY LABEL FOR anon ON SCHEMA public IS 'TRUSTED';
SECURITY LABEL FOR anon ON COLUMN regress_rp_member.holder IS 'MASKED WITH FUNCTION public.upper(holder)';
SET ROLE regress_rp_counter_staff;
SELECT holder AS public_rule FROM regress_rp_member;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_rp_member.holder IS 'MASKED WITH VALUE NULL';
ROLLBACK;

-- 4d. TRUSTED on pg_catalog is accepted with a notice and trusts nothing
-- more: a built-in that changes state (set_config) stays refused, while
-- md5() and substring() are allowed without it (positive control).
BEGIN;
CREATE TABLE regress_rp_chart (bed text, admitted timestamptz);
\set VERBOSITY default
SECURITY LABEL FOR anon ON SCHEMA pg_catalog IS 'TRUSTED';
SAVEPOINT s;
SECURITY LABEL FOR anon ON COLUMN regress_rp_chart.admitted
  IS 'MASKED WITH FUNCTION pg_catalog.set_config($$regress.rp$$, $$on$$, false)::timestamptz';	-- fail
ROLLBACK TO s;
\set VERBOSITY terse
SECURITY LABEL FOR anon ON COLUMN regress_rp_chart.bed
  IS 'MASKED WITH FUNCTION pg_catalog.substring(pg_catalog.md5(bed), 1, 6)';
ROLLBACK;

-----------------------------------------------------------------------
-- 5. Dynamic masking (transparent, as a PA script turns it on)
-----------------------------------------------------------------------

-- A clinic: patients, referrals between patients' phones, wards in a
-- schema of their own, and a masked receptionist.
BEGIN;
CREATE TABLE "Patient" (patient_name text, mobile text);
INSERT INTO "Patient" VALUES ('Hedda Lund', '07700 900461'), ('Tariq Osei', '07700 900218'),
                             ('Mina Sato', '07700 900735');
CREATE TABLE regress_rp_referral (from_mobile text, to_mobile text, referred_at timestamptz);
INSERT INTO regress_rp_referral VALUES ('07700 900461', '07700 900218', '2023-11-03 08:30+00'),
                                       ('07700 900735', '07700 900461', '2023-11-04 14:05+00');
CREATE SCHEMA regress_rp_site;
CREATE TABLE regress_rp_site.ward (postcode text, ward_name text);
INSERT INTO regress_rp_site.ward VALUES ('EH39 4QS', 'Bellhaven'), ('EH42 1XF', 'Dunbar East');
CREATE TABLE regress_rp_site.rota (shift text);
INSERT INTO regress_rp_site.rota VALUES ('night');
CREATE ROLE regress_rp_receptionist LOGIN;
GRANT USAGE ON SCHEMA public, regress_rp_site TO regress_rp_receptionist;
GRANT SELECT ON "Patient", regress_rp_referral TO regress_rp_receptionist;
GRANT SELECT ON ALL TABLES IN SCHEMA regress_rp_site TO regress_rp_receptionist;
SECURITY LABEL FOR anon ON ROLE regress_rp_receptionist IS 'MASKED';
SECURITY LABEL FOR anon ON COLUMN "Patient".patient_name IS 'MASKED WITH VALUE $$REDACTED$$ ';
SECURITY LABEL FOR anon ON COLUMN "Patient".mobile
  IS 'MASKED WITH FUNCTION pg_catalog.substring(pg_catalog.md5(mobile),0,12)';
SECURITY LABEL FOR anon ON COLUMN regress_rp_referral.from_mobile
  IS 'MASKED WITH FUNCTION pg_catalog.substring(pg_catalog.md5(from_mobile),0,12)';
SECURITY LABEL FOR anon ON COLUMN regress_rp_referral.to_mobile
  IS 'MASKED WITH FUNCTION pg_catalog.substring(pg_catalog.md5(to_mobile),0,12)';
SECURITY LABEL FOR anon ON COLUMN regress_rp_site.ward.postcode
  IS 'MASKED WITH FUNCTION anon.partial(postcode,2,$$****$$,0)';
SECURITY LABEL FOR anon ON COLUMN regress_rp_site.ward.ward_name IS 'MASKED WITH VALUE NULL';
SET anon.transparent_dynamic_masking TO true;
-- positive control: the owner copies the raw rows
COPY public."Patient" TO stdout;
SET ROLE regress_rp_receptionist;
-- COPY of the table and of a query are masked (md5 prefixes of the raw
-- numbers: deterministic)
COPY "Patient" TO stdout;
COPY (SELECT * FROM "Patient" ORDER BY mobile) TO stdout;
-- every read path gives the masked rows: plain, nested, CTE
SELECT count(*) FILTER (WHERE patient_name = 'REDACTED'
                          AND mobile = pg_catalog.substring(pg_catalog.md5(m.raw), 0, 12)) AS masked_rows
FROM "Patient" JOIN (VALUES ('07700 900461'), ('07700 900218'), ('07700 900735')) AS m(raw)
  ON mobile = pg_catalog.substring(pg_catalog.md5(m.raw), 0, 12);
SELECT count(*) FILTER (WHERE patient_name = 'REDACTED') AS nested_redacted
FROM (SELECT * FROM (SELECT * FROM "Patient") AS inner_q) AS outer_q;
WITH p AS (SELECT * FROM "Patient") SELECT count(*) FILTER (WHERE mobile NOT LIKE '07700%') AS cte_masked FROM p;
-- the same mask on both sides keeps the joins
SELECT f.patient_name AS referrer, t.patient_name AS referee, r.referred_at::date AS day
FROM regress_rp_referral r JOIN "Patient" f ON r.from_mobile = f.mobile
                           JOIN "Patient" t ON r.to_mobile = t.mobile
ORDER BY r.referred_at;
SELECT bool_and(postcode = 'EH****') AS postcode_partial, bool_and(ward_name IS NULL) AS name_null
FROM regress_rp_site.ward;
RESET ROLE;
-- a masked role may not TRUNCATE a masked table, even with the right to;
-- positive control: it may truncate an unmasked table of the same schema
GRANT ALL ON ALL TABLES IN SCHEMA regress_rp_site TO regress_rp_receptionist;
SET ROLE regress_rp_receptionist;
SAVEPOINT s;
TRUNCATE regress_rp_site.ward;	-- fail, as in PA
ROLLBACK TO s;
TRUNCATE regress_rp_site.rota;
RESET ROLE;
-- a volatile built-in as a rule: the masked reader gets a drawn value
-- (never the stored 0.0, never NULL); positive control: the owner reads 0
CREATE SCHEMA regress_rp_lab;
CREATE TABLE regress_rp_lab.assay AS SELECT 0.0 AS reading;
SECURITY LABEL FOR anon ON COLUMN regress_rp_lab.assay.reading IS $$ MASKED WITH FUNCTION pg_catalog.random() $$;
GRANT USAGE ON SCHEMA regress_rp_lab TO regress_rp_receptionist;
GRANT SELECT ON regress_rp_lab.assay TO regress_rp_receptionist;
SELECT reading = 0 AS owner_reads_zero FROM regress_rp_lab.assay;
SET ROLE regress_rp_receptionist;
SELECT reading IS NOT NULL AS drawn, reading <> 0 AS not_stored FROM regress_rp_lab.assay;
RESET ROLE;
-- a masked role reads the catalogs unmasked (pg_dump reads tableoid)
CREATE ROLE regress_rp_dumper;
SECURITY LABEL FOR anon ON ROLE regress_rp_dumper IS 'MASKED';
SET ROLE regress_rp_dumper;
SELECT count(*) > 0 AS catalog_readable FROM (SELECT tableoid FROM pg_extension) AS c;
ROLLBACK;

-- pseudo_* are RESTRICTED: a rule may call them, a masked role may not,
-- however the call is wrapped.  A library's loans: the borrower's name is
-- pseudonymized by the rule, the same way on each read.
BEGIN;
CREATE TABLE regress_rp_loan (borrower text, isbn text);
INSERT INTO regress_rp_loan VALUES ('Ilse Brandt', '978-0141439518'), ('Kofi Mensah', '978-0099518471');
CREATE ROLE regress_rp_shelver LOGIN;
GRANT SELECT ON regress_rp_loan TO regress_rp_shelver;
SECURITY LABEL FOR anon ON ROLE regress_rp_shelver IS 'MASKED';
SECURITY LABEL FOR anon ON COLUMN regress_rp_loan.borrower
  IS 'MASKED WITH FUNCTION anon.pseudo_last_name(borrower) ';
SET anon.transparent_dynamic_masking TO true;
SELECT anon.init();
-- positive controls: the owner finds the raw name and may call pseudo_*
SELECT count(*) AS owner_finds FROM regress_rp_loan WHERE borrower = 'Ilse Brandt';
SELECT anon.pseudo_last_name(4412) IS NOT NULL AS owner_calls;
SET ROLE regress_rp_shelver;
SAVEPOINT s;
SELECT count(*) AS shelver_finds FROM regress_rp_loan WHERE borrower = 'Ilse Brandt';
SELECT (SELECT borrower FROM regress_rp_loan WHERE isbn = '978-0141439518')
     = (SELECT borrower FROM regress_rp_loan WHERE isbn = '978-0141439518') AS stable_pseudonym;
\set VERBOSITY default
SELECT anon.pseudo_last_name(4412);	-- fail
ROLLBACK TO s;
\set VERBOSITY terse
SELECT upper(anon.pseudo_last_name(4412));	-- fail
ROLLBACK TO s;
SELECT coalesce(anon.pseudo_last_name(4412), '-');	-- fail
ROLLBACK TO s;
WITH guess AS (SELECT anon.pseudo_last_name(4412) AS g) SELECT g FROM guess;	-- fail
ROLLBACK;

-- Partitioned and inherited tables whose masked columns are not the
-- partition key read as in PA: through the parent, each member masked by
-- its own label or else the parent's.  A bike-rental's hires by season
-- (inheritance, CHECK on the unmasked start date) and its dock readings
-- (range partitions by day).  A masked partition key is refused (the
-- partition of a row tells the raw key's range; see doc/coming-from-pa.md).
BEGIN;
CREATE TABLE regress_rp_hire (hire_id int, started date, rider text);
CREATE TABLE regress_rp_hire_spring (CHECK (started >= DATE '2024-03-01' AND started < DATE '2024-06-01'))
  INHERITS (regress_rp_hire);
CREATE TABLE regress_rp_hire_summer (CHECK (started >= DATE '2024-06-01' AND started < DATE '2024-09-01'))
  INHERITS (regress_rp_hire);
INSERT INTO regress_rp_hire_spring VALUES (71, '2024-04-09', 'Oona Berg');
INSERT INTO regress_rp_hire_summer VALUES (72, '2024-07-21', 'Luis Prado');
CREATE TABLE regress_rp_dock (dock_id int NOT NULL, read_on date NOT NULL, bikes int, technician text)
  PARTITION BY RANGE (read_on);
CREATE TABLE regress_rp_dock_may PARTITION OF regress_rp_dock FOR VALUES FROM ('2024-05-01') TO ('2024-06-01');
CREATE TABLE regress_rp_dock_jun PARTITION OF regress_rp_dock FOR VALUES FROM ('2024-06-01') TO ('2024-07-01');
INSERT INTO regress_rp_dock VALUES (9, '2024-05-14', 12, 'Ada Quist'), (9, '2024-06-02', 7, 'Ada Quist');
SECURITY LABEL FOR anon ON COLUMN regress_rp_hire.rider IS 'MASKED WITH VALUE $$ANONYMOUS$$';
SECURITY LABEL FOR anon ON COLUMN regress_rp_hire_summer.rider IS 'MASKED WITH VALUE NULL';
SECURITY LABEL FOR anon ON COLUMN regress_rp_dock.technician IS 'MASKED WITH VALUE $$STAFF$$';
SECURITY LABEL FOR anon ON COLUMN regress_rp_dock_may.technician IS 'MASKED WITH VALUE NULL';
CREATE ROLE regress_rp_planner LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_rp_planner IS 'MASKED';
GRANT SELECT ON regress_rp_hire, regress_rp_hire_spring, regress_rp_hire_summer,
                regress_rp_dock, regress_rp_dock_may, regress_rp_dock_jun TO regress_rp_planner;
SET anon.transparent_dynamic_masking TO true;
-- positive control: the owner reads the raw names
SELECT hire_id, rider FROM regress_rp_hire ORDER BY hire_id;
SET ROLE regress_rp_planner;
SELECT hire_id, started, rider FROM regress_rp_hire ORDER BY hire_id;
SELECT hire_id, rider FROM regress_rp_hire_summer;
SELECT read_on, bikes, technician FROM regress_rp_dock ORDER BY read_on;
SELECT read_on, technician FROM regress_rp_dock_jun;
RESET ROLE;
-- the same tree with its partition key masked: refused to the masked role
SECURITY LABEL FOR anon ON COLUMN regress_rp_dock.read_on IS 'MASKED WITH VALUE $$2024-01-01$$';
SET ROLE regress_rp_planner;
SAVEPOINT s;
SELECT count(*) FROM regress_rp_dock;	-- fail
ROLLBACK TO s;
RESET ROLE;
ROLLBACK;

-- A PA noise rule (anon.noise over the row) masks a masked reader's value
-- within its ratio, the same at every read; positive control: the owner
-- reads the raw value.  Twenty rows: a fare keeps its scale (whole numbers
-- here), so one row reads its raw value by chance once in 50 * trip + 1;
-- all twenty do with a probability far below 1e-6.
BEGIN;
CREATE TABLE regress_rp_fare (trip int, fare numeric);
INSERT INTO regress_rp_fare SELECT i, 100 * i FROM generate_series(1, 20) i;
SECURITY LABEL FOR anon ON COLUMN regress_rp_fare.fare IS 'MASKED WITH FUNCTION anon.noise(fare, 0.25)';
CREATE ROLE regress_rp_auditor LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_rp_auditor IS 'MASKED';
GRANT SELECT ON regress_rp_fare TO regress_rp_auditor;
SET anon.transparent_dynamic_masking TO true;
SELECT sum(fare) AS owner_sum FROM regress_rp_fare;
SET ROLE regress_rp_auditor;
CREATE TEMP TABLE regress_rp_seen AS SELECT trip, fare FROM regress_rp_fare;
SELECT bool_and(fare BETWEEN 75 * trip AND 125 * trip) AS within_ratio,
       bool_or(fare <> 100 * trip) AS not_raw
FROM regress_rp_seen;
SELECT bool_and(f.fare = s.fare) AS same_at_next_read
FROM regress_rp_fare f JOIN regress_rp_seen s USING (trip);
RESET ROLE;
ROLLBACK;

-----------------------------------------------------------------------
-- 6. A database where anon.init() never ran
-----------------------------------------------------------------------

-- Rules that call hash() and the one-argument pseudo_* on tables that
-- already hold rows: checking each rule makes the key "default" (there
-- is none before).  A bike-rental shop's members and their rentals.
CREATE DATABASE regress_rp_fresh;
\c regress_rp_fresh
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS anon CASCADE;
RESET client_min_messages;
SELECT count(*) AS keys_before FROM anon.keys;
SELECT anon.start_dynamic_masking();
SET anon.salt TO 'saddle';
CREATE TABLE member (full_name text, card text);
INSERT INTO member VALUES ('Lotte Berg', 'BK-4410'), ('Ravi Nair', 'BK-4411'),
                          ('Zoe Clark', 'BK-4412'), ('Abel Diaz', 'BK-4413');
CREATE TABLE rental (rental_no int, rider_card text, payer_card text, out_at timestamptz);
INSERT INTO rental VALUES (501, 'BK-4410', 'BK-4411', '2025-04-12 09:00+00'),
                          (502, 'BK-4412', 'BK-4412', '2025-04-12 17:30+00'),
                          (503, 'BK-4413', 'BK-4410', '2025-04-13 08:15+00');
SECURITY LABEL FOR anon ON COLUMN member.full_name
  IS 'MASKED WITH FUNCTION concat(anon.pseudo_first_name(full_name),$$ $$,anon.pseudo_last_name(full_name))';
SECURITY LABEL FOR anon ON COLUMN member.card IS 'MASKED WITH FUNCTION anon.hash(card)';
SECURITY LABEL FOR anon ON COLUMN rental.rider_card IS 'MASKED WITH FUNCTION anon.hash(rider_card)';
SECURITY LABEL FOR anon ON COLUMN rental.payer_card IS 'MASKED WITH FUNCTION anon.hash(payer_card)';
SELECT name FROM anon.keys ORDER BY 1;
CREATE ROLE regress_rp_mechanic LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_rp_mechanic IS 'MASKED';
GRANT SELECT ON member, rental TO regress_rp_mechanic;
SELECT anon.mask_update();
-- positive controls: the owner reads raw names and cards, the salt, and
-- the same join count the masked role must find
SELECT count(*) FILTER (WHERE card LIKE 'BK-%') AS raw_cards,
       count(*) FILTER (WHERE full_name IN ('Lotte Berg', 'Ravi Nair', 'Zoe Clark', 'Abel Diaz')) AS raw_names
FROM member;
SELECT current_setting('anon.salt') = 'saddle' AS owner_reads_salt;
SELECT count(*) AS raw_joined FROM rental r JOIN member a ON r.rider_card = a.card
                                            JOIN member b ON r.payer_card = b.card;
SET ROLE regress_rp_mechanic;
SELECT count(*) FILTER (WHERE card LIKE 'BK-%') AS raw_cards,
       count(*) FILTER (WHERE full_name IN ('Lotte Berg', 'Ravi Nair', 'Zoe Clark', 'Abel Diaz')) AS raw_names
FROM member;
-- hash() is deterministic: the masked cards still join
SELECT count(*) AS masked_joined FROM rental r JOIN member a ON r.rider_card = a.card
                                               JOIN member b ON r.payer_card = b.card;
DO $$
BEGIN
  PERFORM current_setting('anon.salt');
  RAISE NOTICE 'mechanic: salt readable';
EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'mechanic: insufficient_privilege';
END $$;
RESET ROLE;
SELECT anon.stop_dynamic_masking();
DROP TABLE rental, member;
\c contrib_regression
DROP DATABASE regress_rp_fresh;
DROP ROLE regress_rp_mechanic;

-- nothing of this suite is left behind
SELECT count(*) AS roles_left FROM pg_roles WHERE rolname ILIKE 'regress_rp%';
SELECT count(*) AS relations_left FROM pg_class WHERE relname LIKE 'regress_rp%' OR relname = 'Patient';
SELECT count(*) AS databases_left FROM pg_database WHERE datname LIKE 'regress_rp%';
