-- Generated fakes without a dictionary: check digits and formats verified in
-- SQL over thousands of draws.
--
-- The validators below are first run on published valid numbers and on
-- altered copies, so a broken validator cannot pass silently.  Uniformity
-- thresholds have a false-alarm rate of 1e-7 each
-- (test/tools/chi2_critical.py): df 3 35.41, df 7 45.7, df 9 50.17, df 15 62.33.
\set VERBOSITY terse

-- Luhn (ISO/IEC 7812-1 Annex B): from the right, every second digit doubled
CREATE FUNCTION pg_temp.luhn_ok(n text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
SELECT sum(CASE WHEN i % 2 = 0 THEN (d * 2) / 10 + (d * 2) % 10 ELSE d END) % 10 = 0
FROM (SELECT i, c::int d FROM regexp_split_to_table(reverse(n), '') WITH ORDINALITY AS t(c, i)) s $$;
-- IBAN (ISO 13616, ISO 7064 MOD 97-10): country and check digits moved to the end
CREATE FUNCTION pg_temp.iban_ok(iban text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
SELECT string_agg(CASE WHEN c ~ '[0-9]' THEN c ELSE (ascii(c) - 55)::text END, '' ORDER BY i)::numeric % 97 = 1
FROM regexp_split_to_table(substr(iban, 5) || left(iban, 4), '') WITH ORDINALITY AS t(c, i) $$;
-- French RIB key: 89 bank + 15 branch + 3 account + key = 0 mod 97
CREATE FUNCTION pg_temp.fr_rib_ok(iban text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
SELECT (89 * substr(iban, 5, 5)::numeric + 15 * substr(iban, 10, 5)::numeric
        + 3 * substr(iban, 15, 11)::numeric + substr(iban, 26, 2)::numeric) % 97 = 0 $$;
-- Belgian check: first ten BBAN digits mod 97 (97 for 0)
CREATE FUNCTION pg_temp.be_ok(iban text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
SELECT coalesce(nullif(substr(iban, 5, 10)::bigint % 97, 0), 97) = substr(iban, 15, 2)::int $$;
-- Spanish DC digits: weights 1 2 4 8 5 10 9 7 3 6, 11 - sum mod 11 (10 -> 1, 11 -> 0)
CREATE FUNCTION pg_temp.es_dc(ten text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT (CASE 11 - s % 11 WHEN 11 THEN 0 WHEN 10 THEN 1 ELSE 11 - s % 11 END)::text
FROM (SELECT sum(substr(ten, i, 1)::int * (ARRAY[1, 2, 4, 8, 5, 10, 9, 7, 3, 6])[i]) s
      FROM generate_series(1, 10) i) x $$;
CREATE FUNCTION pg_temp.es_ok(iban text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
SELECT substr(iban, 13, 2) = pg_temp.es_dc('00' || substr(iban, 5, 8)) || pg_temp.es_dc(substr(iban, 15, 10)) $$;

-- the validators accept published examples and reject altered copies
SELECT pg_temp.luhn_ok('4111111111111111') AS luhn_valid, NOT pg_temp.luhn_ok('4111111111111121') AS luhn_altered,
       pg_temp.luhn_ok('378282246310005') AS luhn_amex, pg_temp.luhn_ok('73282932000074') AS luhn_siret;
SELECT pg_temp.iban_ok('DE89370400440532013000') AS iban_de, NOT pg_temp.iban_ok('DE89370400440532013001') AS iban_altered,
       pg_temp.iban_ok('GB82WEST12345698765432') AS iban_gb,
       pg_temp.fr_rib_ok('FR7630006000011234567890189') AS rib, NOT pg_temp.fr_rib_ok('FR7630006000011234567890188') AS rib_altered,
       pg_temp.be_ok('BE68539007547034') AS be, NOT pg_temp.be_ok('BE68539007547035') AS be_altered,
       pg_temp.es_ok('ES9121000418450200051332') AS es, NOT pg_temp.es_ok('ES9121000418460200051332') AS es_altered;

-- fake_iban: valid MOD 97-10 over every country, national layout and checks
CREATE TEMP TABLE ibans AS SELECT anon.fake_iban() v FROM generate_series(1, 8000);
SELECT count(*) FILTER (WHERE NOT pg_temp.iban_ok(v)) AS bad_check_digits,
       count(*) FILTER (WHERE NOT v ~ ('^(AT[0-9]{18}|BE[0-9]{14}|CH[0-9]{19}|DE[0-9]{20}|ES[0-9]{22}'
                                      '|FR[0-9]{25}|GB[0-9]{2}[A-Z]{4}[0-9]{14}|NL[0-9]{2}[A-Z]{4}[0-9]{10})$')) AS bad_layout,
       count(*) FILTER (WHERE v LIKE 'FR%' AND NOT pg_temp.fr_rib_ok(v)) AS bad_rib_key,
       count(*) FILTER (WHERE v LIKE 'BE%' AND NOT pg_temp.be_ok(v)) AS bad_be_check,
       count(*) FILTER (WHERE v LIKE 'ES%' AND NOT pg_temp.es_ok(v)) AS bad_es_dc,
       count(DISTINCT v) = count(*) AS all_distinct
FROM ibans;
SELECT count(*) = 8 AS all_countries, sum((n - 1000.0)^2 / 1000.0) < 45.7 AS countries_uniform
FROM (SELECT left(v, 2) c, count(*) n FROM ibans GROUP BY 1) c;
DROP TABLE ibans;
SELECT bool_and(left(anon.fake_iban('fr'), 2) = 'FR') AS lower_case_code,
       bool_and(pg_temp.iban_ok(anon.fake_iban('GB'))) AS gb_valid
FROM generate_series(1, 500);
SELECT anon.fake_iban('XX');
\set VERBOSITY default
SELECT anon.fake_iban('');
\set VERBOSITY terse
SELECT anon.fake_iban(NULL) IS NULL AS null_in_null_out;

-- fake_credit_card: test prefixes, Luhn-valid, digits after the prefix uniform
CREATE TEMP TABLE cards AS SELECT anon.fake_credit_card() v FROM generate_series(1, 10000);
SELECT count(*) FILTER (WHERE NOT pg_temp.luhn_ok(v)) AS bad_luhn,
       count(*) FILTER (WHERE NOT (v ~ '^(411111|424242|400000|555555|510510|222300|601111|601100)[0-9]{10}$'
                                   OR v ~ '^(378282|371449)[0-9]{9}$')) AS bad_format,
       count(DISTINCT left(v, 6)) = 10 AS all_prefixes
FROM cards;
SELECT sum((n - 1000.0)^2 / 1000.0) < 50.17 AS seventh_digit_uniform
FROM (SELECT substr(v, 7, 1) d, count(*) n FROM cards GROUP BY 1) c;
DROP TABLE cards;
SELECT bool_and(left(anon.fake_credit_card('visa'), 1) = '4' AND length(anon.fake_credit_card('visa')) = 16) AS visa,
       bool_and(anon.fake_credit_card('AMEX') ~ '^3[47][0-9]{13}$') AS amex,
       bool_and(pg_temp.luhn_ok(anon.fake_credit_card('mastercard'))) AS mastercard,
       bool_and(anon.fake_credit_card('discover') ~ '^6011') AS discover
FROM generate_series(1, 500);
SELECT anon.fake_credit_card('diners');
SELECT anon.fake_credit_card(NULL) IS NULL AS null_in_null_out;

-- SIREN and SIRET: Luhn over the whole number, SIRET starts with a valid SIREN
SELECT count(*) FILTER (WHERE NOT (siren ~ '^[0-9]{9}$' AND pg_temp.luhn_ok(siren))) AS bad_siren,
       count(*) FILTER (WHERE NOT (siret ~ '^[0-9]{14}$' AND pg_temp.luhn_ok(siret)
                                   AND pg_temp.luhn_ok(left(siret, 9)))) AS bad_siret,
       count(DISTINCT siret) = count(*) AS distinct_sirets
FROM (SELECT anon.fake_siren() siren, anon.fake_siret() siret FROM generate_series(1, 5000)) s;
SELECT sum((n - 1000.0)^2 / 1000.0) < 50.17 AS siren_first_digit_uniform
FROM (SELECT left(anon.fake_siren(), 1) d, count(*) n FROM generate_series(1, 10000) GROUP BY 1) c;

-- fake_ssn: SSA rules, no 000 / 666 / 9xx area, no 00 group, no 0000 serial
SELECT count(*) FILTER (WHERE NOT v ~ '^[0-9]{3}-[0-9]{2}-[0-9]{4}$') AS bad_format,
       count(*) FILTER (WHERE left(v, 3) IN ('000', '666') OR left(v, 1) = '9'
                              OR substr(v, 5, 2) = '00' OR right(v, 4) = '0000') AS forbidden,
       min(left(v, 3)) < '100' AND max(left(v, 3)) > '800' AS areas_spread
FROM (SELECT anon.fake_ssn() v FROM generate_series(1, 20000)) s;

-- fake_ipv4: public unicast, never in a special-purpose block
SELECT count(*) FILTER (WHERE family(v) <> 4 OR masklen(v) <> 32) AS bad_type,
       count(*) FILTER (WHERE v << ANY (ARRAY['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8',
                                              '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24',
                                              '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15',
                                              '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4',
                                              '240.0.0.0/4']::inet[])) AS special,
       count(DISTINCT v) > 19990 AS spread
FROM (SELECT anon.fake_ipv4() v FROM generate_series(1, 20000)) s;
SELECT sum((n - 5000.0)^2 / 5000.0) < 35.41 AS last_octet_quarters_uniform
FROM (SELECT (host(v)::inet - '0.0.0.0'::inet) % 256 / 64 q, count(*) n
      FROM (SELECT anon.fake_ipv4() v FROM generate_series(1, 20000)) s GROUP BY 1) c;
-- fake_ipv6: global unicast 2000::/3, outside the excluded blocks
SELECT count(*) FILTER (WHERE family(v) <> 6 OR masklen(v) <> 128) AS bad_type,
       count(*) FILTER (WHERE NOT v << '2000::/3') AS outside_global_unicast,
       count(*) FILTER (WHERE v << ANY (ARRAY['2001::/23', '2001:db8::/32', '2002::/16']::inet[])) AS excluded,
       count(DISTINCT v) = count(*) AS all_distinct
FROM (SELECT anon.fake_ipv6() v FROM generate_series(1, 20000)) s;
-- fake_mac: unicast (bit 0 clear), locally administered (bit 1 set)
SELECT count(*) FILTER (WHERE ('x' || left(v::text, 2))::bit(8)::int & 3 <> 2) AS bad_bits,
       count(DISTINCT v) = count(*) AS all_distinct, pg_typeof((array_agg(v))[1]) AS type
FROM (SELECT anon.fake_mac() v FROM generate_series(1, 10000)) s;
-- fake_uuid: version 4, variant 10, random hex digits uniform
SELECT count(*) FILTER (WHERE NOT v::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$') AS bad_format,
       count(DISTINCT v) = count(*) AS all_distinct
FROM (SELECT anon.fake_uuid() v FROM generate_series(1, 10000)) s;
SELECT sum((n - 5000.0)^2 / 5000.0) < 62.33 AS hex_digits_uniform
FROM (SELECT regexp_split_to_table(left(anon.fake_uuid()::text, 8), '') h, count(*) n
      FROM generate_series(1, 10000) GROUP BY 1) c;
SELECT sum((n - 2500.0)^2 / 2500.0) < 35.41 AS variant_digit_uniform
FROM (SELECT substr(anon.fake_uuid()::text, 20, 1) h, count(*) n FROM generate_series(1, 10000) GROUP BY 1) c;
-- fake_url
SELECT count(*) FILTER (WHERE NOT v ~ '^https://[a-z]{5,12}\.(com|org|net|io|info|fr|de|es|it|uk)/[a-z]{4,10}$') AS bad_format,
       count(DISTINCT v) > 9990 AS spread
FROM (SELECT anon.fake_url() v FROM generate_series(1, 10000)) s;

-- every generator is VOLATILE PARALLEL SAFE; the ones with an argument are STRICT
SELECT p.oid::regprocedure AS function, provolatile, proisstrict, proparallel, prorettype::regtype
FROM pg_proc p
WHERE pronamespace = 'anon'::regnamespace
  AND proname IN ('fake_iban', 'fake_credit_card', 'fake_siren', 'fake_siret', 'fake_ssn',
                  'fake_ipv4', 'fake_ipv6', 'fake_mac', 'fake_uuid', 'fake_url')
ORDER BY 1::text;
