-- Reversible pseudonyms: format kept, consistency, reversal, rotation,
-- card numbers, errors and privileges.
\set VERBOSITY terse
SET client_min_messages = warning;
CREATE ROLE regress_pseudo_user;
CREATE ROLE regress_pseudo_admin;
CREATE ROLE regress_key_admin;
GRANT regress_key_admin TO regress_pseudo_admin;
RESET client_min_messages;
-- the key administrators' role is a setting (the extension makes no role)
SET anon.key_admin_role = 'regress_key_admin';

-- the marks: keyed functions STABLE, key-as-argument ones IMMUTABLE
SELECT p.oid::regprocedure, provolatile, proparallel, prosecdef, proisstrict
FROM pg_proc p
WHERE pronamespace = 'anon'::regnamespace
  AND (proname LIKE '%pseudonymize%' OR proname LIKE 'ff%')
ORDER BY p.oid::regprocedure::text;

-- shape of a value: digits as 9, lower-case letters as a, upper-case as A
CREATE FUNCTION regress_shape(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT translate(s, '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
                 '9999999999aaaaaaaaaaaaaaaaaaaaaaaaaaAAAAAAAAAAAAAAAAAAAAAAAAAA') $$;
-- Luhn validity of the digits of a value
CREATE FUNCTION regress_luhn_ok(s text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
SELECT sum(CASE WHEN (len - i) % 2 = 1
                THEN d * 2 - CASE WHEN d * 2 > 9 THEN 9 ELSE 0 END
                ELSE d END) % 10 = 0
FROM (SELECT regexp_replace(s, '\D', '', 'g') AS ds) x,
     LATERAL (SELECT length(ds) AS len) l,
     LATERAL (SELECT i, substr(ds, i, 1)::int AS d FROM generate_series(1, len) i) g $$;

SELECT anon.create_key('regress_p');
SELECT anon.create_key('regress_q');

-- the shape is kept, the value changes, and it comes back
CREATE TEMP TABLE samples (v text);
INSERT INTO samples VALUES
 ('4111111111111111'), ('+33 6 12-34-56-78'), ('12345678'), ('abcdef'),
 ('ABCDEFGH'), ('AB-123456-cd'), ('x9Y8z7W6'), ('FR76 3000 6000 0112 3456 7890 189'),
 ('john.smith@example.com'), ('J.Smith+news@mail.example.org'),
 ('Zoë-12345678'), ('東京-123456789'), (repeat('7', 600)), (repeat('aB3', 200));
SELECT left(v, 24) AS v, regress_shape(p) = regress_shape(v) AS shape_kept,
       p <> v AS changed,
       anon.depseudonymize(p, 'regress_p') = v AS reverses,
       octet_length(p) = octet_length(v) AS same_length
FROM samples, LATERAL (SELECT anon.pseudonymize(v, 'regress_p') AS p) s
ORDER BY v;
-- non-ASCII characters and e-mail domains stay as they are
SELECT split_part(anon.pseudonymize('john.smith@example.com', 'regress_p'), '@', 2) AS domain,
       substr(anon.pseudonymize('Zoë-12345678', 'regress_p'), 3, 2) AS kept,
       substr(anon.pseudonymize('東京-123456789', 'regress_p'), 1, 3) AS kept_too;

-- consistent: the same value, key and tweak give the same pseudonym; a
-- different tweak or key gives another
SELECT anon.pseudonymize('4111111111111111', 'regress_p') = anon.pseudonymize('4111111111111111', 'regress_p') AS same,
       anon.pseudonymize('4111111111111111', 'regress_p', 'users') <> anon.pseudonymize('4111111111111111', 'regress_p') AS tweak_differs,
       anon.pseudonymize('4111111111111111', 'regress_q') <> anon.pseudonymize('4111111111111111', 'regress_p') AS key_differs,
       anon.depseudonymize(anon.pseudonymize('4111111111111111', 'regress_p', 'users'), 'regress_p', 'users') = '4111111111111111' AS tweak_reverses;

-- round trips over many random values
SELECT count(*) AS n,
       count(*) FILTER (WHERE anon.depseudonymize(anon.pseudonymize(v, 'regress_p'), 'regress_p') = v) AS reversed,
       count(DISTINCT anon.pseudonymize(v, 'regress_p')) = count(DISTINCT v) AS injective
FROM (SELECT lpad((floor(random() * 1e16))::bigint::text, 16, '0') AS v
      FROM generate_series(1, 20000)) r;
SELECT count(*) > 4500 AS enough,
       count(*) = count(*) FILTER (WHERE anon.depseudonymize(anon.pseudonymize(v, 'regress_p'), 'regress_p') = v) AS all_reversed,
       count(*) = count(*) FILTER (WHERE regress_shape(anon.pseudonymize(v, 'regress_p')) = regress_shape(v)) AS all_shaped
FROM (SELECT (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-.',
                                       1 + floor(random() * 64)::int, 1), '')
              FROM generate_series(1, 8 + i % 30) WHERE i > 0) AS v
      FROM generate_series(1, 5000) i) r
WHERE regress_shape(v) ~ '^[^9aA]*([9aA][^9aA]*){6,}$';

-- card numbers: same length and separators, a valid check digit
SELECT v, regress_shape(p) = regress_shape(v) AS shape_kept, p <> v AS changed,
       regress_luhn_ok(p) AS luhn_ok,
       anon.depseudonymize_card(p, 'regress_p') = v AS reverses
FROM (VALUES ('4111 1111 1111 1111'), ('5500-0000-0000-0004'), ('378282246310005'),
             ('6011000990139424'), ('1234567897')) c(v),
     LATERAL (SELECT anon.pseudonymize_card(v, 'regress_p') AS p) s
ORDER BY v;
SELECT count(*) AS n,
       count(*) FILTER (WHERE regress_luhn_ok(p)) AS luhn_ok,
       count(*) FILTER (WHERE anon.depseudonymize_card(p, 'regress_p') = v) AS reversed
FROM (SELECT body || ((10 - (SELECT sum(CASE WHEN (15 - i) % 2 = 0
                                   THEN substr(body, i, 1)::int * 2 - CASE WHEN substr(body, i, 1)::int * 2 > 9 THEN 9 ELSE 0 END
                                   ELSE substr(body, i, 1)::int END)
                            FROM generate_series(1, 15) i) % 10) % 10)::text AS v
      FROM (SELECT lpad((floor(random() * 1e15))::bigint::text, 15, '0') AS body
            FROM generate_series(1, 2000)) b) c,
     LATERAL (SELECT anon.pseudonymize_card(v, 'regress_p') AS p) s
WHERE regress_luhn_ok(v);
SELECT anon.pseudonymize_card('4111 1111 1111 1112', 'regress_p');   -- fail: Luhn
SELECT anon.pseudonymize_card('4111-ABCD-1111-1111', 'regress_p');   -- fail: letters
SELECT anon.pseudonymize_card('1234567', 'regress_p');               -- fail: 7 digits
SELECT anon.pseudonymize_card('12345678901234567893', 'regress_p');  -- fail: 20 digits
SELECT anon.depseudonymize_card('4111 1111 1111 1112', 'regress_p'); -- fail: Luhn

-- rotation: new pseudonyms use the new version; old ones reverse with theirs
SELECT anon.pseudonymize('4111111111111111', 'regress_p') AS p1 \gset
SELECT anon.pseudonymize_card('4111111111111111', 'regress_p') AS c1 \gset
SELECT anon.rotate_key('regress_p');
SELECT anon.pseudonymize('4111111111111111', 'regress_p') AS p2 \gset
SELECT :'p1' <> :'p2' AS new_pseudonym,
       anon.depseudonymize(:'p2', 'regress_p') = '4111111111111111' AS new_reverses,
       anon.depseudonymize(:'p1', 'regress_p', '', 1) = '4111111111111111' AS old_reverses_with_v1,
       anon.depseudonymize(:'p2', 'regress_p', '', 2) = '4111111111111111' AS new_reverses_with_v2,
       anon.depseudonymize_card(:'c1', 'regress_p', '', 1) = '4111111111111111' AS old_card_reverses;
SELECT anon.depseudonymize(:'p1', 'regress_p', '', 3);   -- fail: no version 3
SELECT anon.depseudonymize(:'p1', 'regress_p', '', 0);   -- fail: version 0

-- short values (fewer than 10^6 of their shape): a keyed permutation of
-- that shape by cycle walking (src/fpe.c), reversible, never passed through
SELECT anon.pseudonymize('12345', 'regress_p') ~ '^[0-9]{5}$' AS digits_5,
       anon.depseudonymize(anon.pseudonymize('12345', 'regress_p'), 'regress_p') = '12345' AS back_5;
SELECT anon.pseudonymize('abcd', 'regress_p') ~ '^[a-z]{4}$' AS lower_4,
       anon.pseudonymize('ab1', 'regress_p') ~ '^[a-z]{2}[0-9]$' AS mixed_3,
       anon.pseudonymize('jo@example.com', 'regress_p') ~ '^[a-z]{2}@example\.com$' AS short_local;
SELECT count(DISTINCT anon.pseudonymize(lpad(i::text, 5, '0'), 'regress_p')) = 1000 AS distinct_5
FROM generate_series(0, 99999, 100) i;
SELECT anon.pseudonymize('--- ...', 'regress_p');        -- fail: nothing to encrypt
SELECT anon.pseudonymize('', 'regress_p');               -- fail: empty
SELECT anon.pseudonymize(repeat('1', 5000), 'regress_p'); -- fail: too long
SELECT anon.pseudonymize(repeat('a1', 1000), 'regress_p'); -- fail: too long (mixed)
SELECT anon.depseudonymize('12345', 'regress_p') ~ '^[0-9]{5}$' AS short_reversed;
SELECT anon.pseudonymize('123456789', 'regress_nokey');  -- fail: no such key
SELECT anon.pseudonymize(NULL, 'regress_p') IS NULL AS strict_null;

-- in a parallel query, workers load the key themselves
CREATE TABLE regress_pseudo_par AS
SELECT i, anon.pseudonymize(lpad(i::text, 10, '0'), 'regress_p') AS p
FROM generate_series(1, 20000) i;
ANALYZE regress_pseudo_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM regress_pseudo_par WHERE p = anon.pseudonymize(lpad(i::text, 10, '0'), 'regress_p');
SELECT count(*) AS same_in_parallel
FROM regress_pseudo_par WHERE p = anon.pseudonymize(lpad(i::text, 10, '0'), 'regress_p');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE regress_pseudo_par;

-- an ordinary role neither pseudonymizes (it would test its guesses; masking
-- rules do it for it) nor reverses
SELECT anon.pseudonymize('4111111111111111', 'regress_p') AS p_admin \gset
SET ROLE regress_pseudo_user;
SELECT anon.pseudonymize('4111111111111111', 'regress_p') = :'p_admin' AS same_pseudonym;	-- fail
SELECT anon.depseudonymize(:'p_admin', 'regress_p');          -- fail: not a key admin
SELECT anon.depseudonymize_card(:'c1', 'regress_p', '', 1);   -- fail: not a key admin
SELECT anon.ff1_encrypt('\x2B7E151628AED2A6ABF7158809CF4F3C', '', 10, '0123456789'); -- fail: superuser only
RESET ROLE;
-- with an empty anon.key_admin_role, only superusers
SET anon.key_admin_role = '';
SET ROLE regress_pseudo_admin;
SELECT anon.depseudonymize(:'p_admin', 'regress_p');          -- fail: superusers only
RESET ROLE;
SET anon.key_admin_role = 'regress_key_admin';
-- a key admin reverses
SET ROLE regress_pseudo_admin;
SELECT anon.depseudonymize(:'p_admin', 'regress_p') = '4111111111111111' AS admin_reverses;
RESET ROLE;

SELECT anon.drop_key('regress_p');
SELECT anon.drop_key('regress_q');
DROP FUNCTION regress_shape(text);
DROP FUNCTION regress_luhn_ok(text);
DROP ROLE regress_pseudo_user;
DROP ROLE regress_pseudo_admin;
DROP ROLE regress_key_admin;
RESET anon.key_admin_role;
