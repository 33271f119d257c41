-- anon.seeded_*: deterministic fake values keyed with the database key
-- 'default' and anon.salt.  The same seed gives the same value; the pick is
-- recomputed here in SQL from the key (HMAC-SHA256, exact rejection); seeds
-- spread uniformly over a dictionary; the value changes with the salt and
-- the key; masked roles cannot call them.
--
-- Chi-square thresholds have a false-alarm rate of 1e-7 each
-- (test/tools/chi2_critical.py 9 gives 50.17).  No value is printed.
\set VERBOSITY terse

-- no default key yet: the first call makes it (as anon.hash does)
SELECT count(*) AS default_keys FROM anon.keys WHERE name = 'default';
SELECT anon.seeded_first_name('warm-up'::text) IS NOT NULL AS made_key;
SELECT count(*) AS default_keys FROM anon.keys WHERE name = 'default' AND active;

-- determinism: the same seed, the same value, for every type of seed
SELECT bool_and(anon.seeded_first_name(i) = anon.seeded_first_name(i)
                AND anon.seeded_city_name(i, 'fr_FR') = anon.seeded_city_name(i, 'fr_FR')
                AND anon.seeded_phone_number(i) = anon.seeded_phone_number(i)) AS deterministic
FROM generate_series(1, 300) i;
SELECT anon.seeded_last_name(42) = anon.seeded_last_name('42'::text) AS int_as_text,
       anon.seeded_last_name('2024-01-02'::date) = anon.seeded_last_name('2024-01-02'::date::text) AS date_as_text,
       anon.seeded_last_name('x'::varchar) = anon.seeded_last_name('x'::text) AS varchar_as_text;

-- the pick, recomputed in SQL: HMAC-SHA256 under the key of label || 0x00 ||
-- uint32_be(len(salt)) || salt || seed, first 64-bit word w (big-endian)
-- below n * floor((2^64 - 1) / n), index w mod n of the dictionary in order
CREATE FUNCTION pg_temp.hmac(k bytea, m bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
	ipad bytea := decode(repeat('36', 64), 'hex');
	opad bytea := decode(repeat('5c', 64), 'hex');
	i int;
BEGIN
	FOR i IN 0 .. octet_length(k) - 1 LOOP
		ipad := set_byte(ipad, i, get_byte(k, i) # 54);
		opad := set_byte(opad, i, get_byte(k, i) # 92);
	END LOOP;
	RETURN sha256(opad || sha256(ipad || m));
END $$;
CREATE FUNCTION pg_temp.expected_pick(dict text, label text, seed text, salt text)
RETURNS text LANGUAGE sql AS $$
  WITH d AS (SELECT e, i - 1 AS idx FROM anon.dictionary(dict, 'en_US') WITH ORDINALITY u(e, i)),
       n AS (SELECT count(*)::numeric AS n FROM d),
       mac AS (SELECT pg_temp.hmac(anon._key_plaintext('default'),
                                   convert_to(label, 'UTF8') || '\x00'::bytea
                                   || int4send(octet_length(salt)) || convert_to(salt, 'UTF8')
                                   || convert_to(seed, 'UTF8')) AS h),
       w AS (SELECT ('x' || encode(substr(h, 1, 8), 'hex'))::bit(64)::bigint::numeric AS s FROM mac),
       wu AS (SELECT CASE WHEN s < 0 THEN s + 18446744073709551616 ELSE s END AS w FROM w)
  SELECT e FROM d, n, wu
  WHERE wu.w < n.n * floor(18446744073709551615 / n.n) AND d.idx = mod(wu.w, n.n)
$$;
SELECT bool_and(anon.seeded_first_name(s, 'en_US') = pg_temp.expected_pick('first_name', 'seeded/first_name', s, '')
                AND anon.seeded_company_name(s, 'en_US') = pg_temp.expected_pick('company', 'seeded/company', s, '')) AS keyed_hmac_pick
FROM (SELECT 'seed ' || i AS s FROM generate_series(1, 30) i) x;

-- every function picks from its dictionaries, in the locale given
SELECT bool_and(anon.seeded_first_name(i) IN (SELECT anon.dictionary('first_name'))
                AND anon.seeded_last_name(i) IN (SELECT anon.dictionary('last_name'))
                AND anon.seeded_city_name(i) IN (SELECT anon.dictionary('city'))
                AND anon.seeded_country_name(i) IN (SELECT anon.dictionary('country'))
                AND anon.seeded_state_name(i) IN (SELECT anon.dictionary('state'))
                AND anon.seeded_street_name(i) IN (SELECT anon.dictionary('street'))
                AND anon.seeded_zip_code(i) IN (SELECT anon.dictionary('postcode'))
                AND anon.seeded_company_name(i) IN (SELECT anon.dictionary('company'))
                AND anon.seeded_job_title(i) IN (SELECT anon.dictionary('job_title'))
                AND anon.seeded_username(i) IN (SELECT anon.dictionary('username'))
                AND anon.seeded_word(i) IN (SELECT anon.dictionary('word'))) AS en_us_members,
       bool_and(anon.seeded_first_name(i, 'ja_JP') IN (SELECT anon.dictionary('first_name', 'ja_JP'))
                AND anon.seeded_city_name(i, 'ar_SA') IN (SELECT anon.dictionary('city', 'ar_SA'))
                AND anon.seeded_word(i, 'zh_CN') IN (SELECT anon.dictionary('word', 'zh_CN'))) AS locale_members
FROM generate_series(1, 200) i;
-- composed values are their parts: the name is the seeded first and last
-- names (in the order of the locale), the email the seeded username
SELECT bool_and(anon.seeded_name(i) = anon.seeded_first_name(i) || ' ' || anon.seeded_last_name(i)) AS name_parts,
       bool_and(anon.seeded_name(i, 'zh_CN') = anon.seeded_last_name(i, 'zh_CN') || anon.seeded_first_name(i, 'zh_CN')) AS zh_name_parts,
       bool_and(split_part(anon.seeded_free_email(i), '@', 1) = anon.seeded_username(i)
                AND split_part(anon.seeded_free_email(i), '@', 2) IN (SELECT anon.dictionary('email_domain'))) AS email_parts
FROM generate_series(1, 200) i;
-- phone numbers follow the formats of the locale
SELECT bool_and(anon.seeded_phone_number(i, 'fr_FR') ~ '^(\+33 [1-7][0-9]{8}|0[1-7][0-9]{8}|\+33 [1-7]( [0-9]{2}){4}|0[1-7]( [0-9]{2}){4})$') AS fr_phone,
       bool_and(anon.seeded_cell_number(i, 'ja_JP') ~ '^0[6-9]0[0-9]{8}$') AS ja_cell,
       bool_and(anon.seeded_cell_number(i) ~ '^[2-9][0-9]{2}[2-9][0-9]{6}$') AS us_cell
FROM generate_series(1, 300) i;
-- the 1-argument form follows anon.locale
SET anon.locale = 'pt_BR';
SELECT bool_and(anon.seeded_first_name(i) = anon.seeded_first_name(i, 'pt_BR')) AS follows_guc
FROM generate_series(1, 100) i;
RESET anon.locale;

-- different seeds spread over the dictionary: uniform over a 10-entry
-- dictionary (df 9), and the digits of phone numbers too (df 9)
SELECT anon.load_dictionary('first_name', 'xx_XX',
                            ARRAY['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9']) AS loaded;
SELECT count(*) = 10 AS all_entries, sum((n - 10000.0)^2 / 10000.0) < 50.17 AS uniform
FROM (SELECT anon.seeded_first_name(i, 'xx_XX') v, count(*) n
      FROM generate_series(1, 100000) i GROUP BY 1) c;
SELECT anon.unload_dictionary('first_name', 'xx_XX');
SELECT count(*) = 10 AS all_digits, sum((n - 10000.0)^2 / 10000.0) < 50.17 AS uniform_digits
FROM (SELECT right(anon.seeded_cell_number(i, 'zh_CN'), 1) d, count(*) n
      FROM generate_series(1, 100000) i GROUP BY 1) c;
SELECT count(DISTINCT anon.seeded_first_name(i)) > 700 AS spread
FROM generate_series(1, 1000) i;

-- the value depends on anon.salt and on the key
CREATE TEMP TABLE before AS
SELECT i, anon.seeded_first_name(i) f, anon.seeded_phone_number(i) p FROM generate_series(1, 1000) i;
SET anon.salt = 'pepper';
SELECT count(*) FILTER (WHERE b.f <> anon.seeded_first_name(b.i)) > 980 AS salt_changes_names,
       count(*) FILTER (WHERE b.p <> anon.seeded_phone_number(b.i)) > 980 AS salt_changes_phones
FROM before b;
RESET anon.salt;
SELECT bool_and(b.f = anon.seeded_first_name(b.i)) AS salt_reset FROM before b;
SELECT anon.rotate_key('default') AS new_version;
SELECT count(*) FILTER (WHERE b.f <> anon.seeded_first_name(b.i)) > 980 AS key_changes_names,
       count(*) FILTER (WHERE b.p <> anon.seeded_phone_number(b.i)) > 980 AS key_changes_phones
FROM before b;

-- NULL in, NULL out; unknown locales are errors
SELECT anon.seeded_first_name(NULL::text) IS NULL AS null_seed,
       anon.seeded_city_name('x'::text, NULL) IS NULL AS null_locale;
SELECT anon.seeded_first_name('x'::text, 'xx_XX');
SELECT anon.seeded_phone_number('x'::text, 'nl_NL');
SELECT anon.seeded_name(NULL, 'en_US');

-- marks: keyed, so STABLE (the key and the salt can change), STRICT,
-- PARALLEL SAFE, and RESTRICTED out of the box
SELECT p.oid::regprocedure AS wrong_marks
FROM pg_proc p
WHERE p.pronamespace = 'anon'::regnamespace AND p.proname ~ '^seeded_'
  AND (p.provolatile <> 's' OR NOT p.proisstrict OR p.proparallel <> 's');
SELECT count(*) AS seeded_functions,
       count(*) FILTER (WHERE l.label = 'RESTRICTED') AS restricted
FROM pg_proc p
LEFT JOIN pg_seclabel l ON l.objoid = p.oid AND l.classoid = 'pg_proc'::regclass AND l.provider = 'anon'
WHERE p.pronamespace = 'anon'::regnamespace AND p.proname ~ '^seeded_';

-- a masked role reads through a rule that uses them, but cannot call them
CREATE ROLE regress_seeded_guesser;
SECURITY LABEL FOR anon ON ROLE regress_seeded_guesser IS 'MASKED';
CREATE TABLE regress_seeded_people (id int, name text);
INSERT INTO regress_seeded_people VALUES (1, 'alice');
SECURITY LABEL FOR anon ON COLUMN regress_seeded_people.name
  IS 'MASKED WITH FUNCTION anon.seeded_first_name(name)';
GRANT SELECT ON regress_seeded_people TO regress_seeded_guesser;
CREATE TABLE regress_seeded_expected AS SELECT anon.seeded_first_name('alice'::text) AS v;
GRANT SELECT ON regress_seeded_expected TO regress_seeded_guesser;
SET ROLE regress_seeded_guesser;
SELECT name = (SELECT v FROM regress_seeded_expected) AS masked_by_seeded FROM regress_seeded_people;
SELECT anon.seeded_first_name('alice'::text);	-- fail (direct)
SELECT id FROM regress_seeded_people WHERE name = (SELECT anon.seeded_first_name('bob'::text));	-- fail (subquery)
SELECT anon.seeded_phone_number('alice'::text, 'fr_FR');	-- fail (direct)
RESET ROLE;

-- clean up (the default key was made here)
DROP TABLE regress_seeded_people, regress_seeded_expected;
DROP ROLE regress_seeded_guesser;
SELECT anon.drop_key('default');
