-- anon.partial, anon.partial_email and the format-keeping masks.
--
-- These are pure functions: results are compared with fixed expectations
-- and with PostgreSQL Anonymizer's SQL definitions over thousands of
-- generated values (ASCII and multibyte).
\set VERBOSITY terse

-- partial: prefix, padding, suffix; counted in characters
SELECT anon.partial('abcdefgh', 1, 'xxxx', 3) AS p1,
       anon.partial('abcdefgh', 0, '***', 0) AS only_padding,
       anon.partial('abc', 2, '-', 2) AS overlap,
       anon.partial('abc', 10, '-', 10) AS longer_than_value,
       anon.partial('', 2, '**', 2) AS empty_value,
       anon.partial('abcdef', 2, '', 2) AS empty_padding;
SELECT anon.partial('héllo wörld', 2, '*', 3) AS multibyte,
       anon.partial('日本語のテキスト', 1, '…', 1) AS cjk,
       anon.partial('日本語', 2, '*', 2) AS cjk_overlap;
-- same result as PostgreSQL Anonymizer's SQL expression, for every length
CREATE TEMP TABLE partial_cases AS
SELECT v, p, s
FROM (SELECT left(repeat(md5(i::text) || 'éü日本', 3), i % 40) v FROM generate_series(0, 199) i) vals,
     generate_series(0, 6) p, generate_series(0, 6) s;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE anon.partial(v, p, '#', s) IS DISTINCT FROM
                              substring(v FROM 1 FOR p) || '#' ||
                              substring(v FROM (length(v) - s + 1) FOR s)) AS mismatches
FROM partial_cases;
DROP TABLE partial_cases;
-- NULL in, NULL out (STRICT)
SELECT anon.partial(NULL, 1, '*', 1) IS NULL AS null_value,
       anon.partial('abc', NULL, '*', 1) IS NULL AS null_prefix,
       anon.partial('abc', 1, NULL, 1) IS NULL AS null_padding;
-- errors: negative lengths
SELECT anon.partial('abcdef', -1, '*', 2);
SELECT anon.partial('abcdef', 1, '*', -2);
\set VERBOSITY default
SELECT anon.partial('abcdef', -3, '*', 2);
\set VERBOSITY terse

-- partial_email: as PostgreSQL Anonymizer
SELECT anon.partial_email('daamien@gmail.com') AS example,
       anon.partial_email('john.doe@example.co.uk') AS subdomains,
       anon.partial_email('a@b.c') AS short,
       anon.partial_email('éloïse@société.fr') AS multibyte;
-- identical to PostgreSQL Anonymizer's SQL expression on well-formed addresses
SELECT count(*) AS addresses,
       count(*) FILTER (WHERE anon.partial_email(e) IS DISTINCT FROM
           substring(regexp_replace(e, '@.*', '') FROM 1 FOR 2) || '******' || '@' ||
           substring(regexp_replace(e, '.*@', '') FROM 1 FOR 2) || '******' || '.' ||
           regexp_replace(e, '.*\.', '')) AS mismatches
FROM (SELECT left(md5(i::text), 1 + i % 12) || CASE WHEN i % 3 = 0 THEN 'ñ.x' ELSE '' END
             || '@' || left(md5((i * 7)::text), 1 + i % 9) || '.'
             || CASE WHEN i % 5 = 0 THEN 'sub.' ELSE '' END
             || (ARRAY['com', 'fr', 'de', 'org', 'москва'])[1 + i % 5] e
      FROM generate_series(1, 5000) i) s;
-- malformed input: never shows more than the first two characters of each part
SELECT anon.partial_email('john.doe@localhost') AS no_dot_in_domain,
       anon.partial_email('nobody') AS no_at,
       anon.partial_email('') AS empty,
       anon.partial_email('a@b@c.org') AS two_ats,
       anon.partial_email('@') AS only_at;
SELECT anon.partial_email(NULL) IS NULL AS null_in_null_out;
-- compressed and out-of-line values are detoasted first
CREATE TABLE regress_partial_toast (e text);
INSERT INTO regress_partial_toast VALUES (repeat('ab', 50000) || '@' || repeat('cd', 40000) || '.org');
ALTER TABLE regress_partial_toast ALTER e SET STORAGE EXTERNAL;
INSERT INTO regress_partial_toast VALUES (repeat('xy', 50000) || '@' || repeat('zw', 40000) || '.fr');
SELECT pg_column_compression(e) IS NOT NULL AS compressed, anon.partial_email(e) FROM regress_partial_toast ORDER BY 2;
DROP TABLE regress_partial_toast;

-- mask_phone: separators kept, last two digits and the country code shown
SELECT anon.mask_phone('+33 6 12 34 56 78') AS intl,
       anon.mask_phone('(555) 123-4567') AS us,
       anon.mask_phone('0612345678') AS plain,
       anon.mask_phone('+1-800-FLOWERS') AS letters,
       anon.mask_phone('+33612345678') AS intl_no_separator,
       anon.mask_phone('12345') AS too_short,
       anon.mask_phone('06 12 34 ５６ 78') AS fullwidth_digits;
-- card numbers: last four kept
SELECT anon.mask_card_number('4111 1111 1111 1111') AS spaced,
       anon.mask_card_number('5500-0000-0000-0004') AS dashed,
       anon.mask_card_number('378282246310005') AS amex,
       anon.mask_card_number('12345678') AS too_short;
-- a masked card number keeps its length and only ever shows its last four digits
SELECT count(*) AS cards,
       count(*) FILTER (WHERE length(m) <> length(c)
                        OR right(m, 4) <> right(c, 4)
                        OR left(m, length(m) - 4) ~ '[0-9]') AS bad
FROM (SELECT c, anon.mask_card_number(c) m
      FROM (SELECT lpad((i * 7919)::text, 12 + i % 8, '4') c FROM generate_series(1, 2000) i) s) t;
-- IBANs: country code and last four kept
SELECT anon.mask_iban('FR76 3000 6000 0112 3456 7890 189') AS fr,
       anon.mask_iban('DE89370400440532013000') AS de,
       anon.mask_iban('GB82 WEST 1234 5698 7654 32') AS gb,
       anon.mask_iban('NO93 8601 1117 947') AS shortest,
       anon.mask_iban('NO93 8601 1117 94') AS too_short,
       anon.mask_iban('1234 5678 9012 3456') AS no_country;

-- every function of the family is IMMUTABLE STRICT PARALLEL SAFE
SELECT proname, provolatile, proisstrict, proparallel
FROM pg_proc
WHERE pronamespace = 'anon'::regnamespace
  AND proname IN ('partial', 'partial_email', 'mask_phone', 'mask_card_number', 'mask_iban')
ORDER BY proname;
