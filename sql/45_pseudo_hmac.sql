-- pseudo_* pick a dictionary entry by HMAC-SHA256(salt, label || 0x00 ||
-- seed): the first 64-bit big-endian word of the MAC modulo the size.  The
-- MAC is computed from key states cached per salt (src/dict.c); this suite
-- recomputes the pick with pgcrypto's one-shot hmac() for short salts and
-- for salts longer than SHA-256's 64-byte block (hashed first, RFC 2104),
-- with several salts in turn so that the cache is reused and evicted.
\set VERBOSITY terse
CREATE EXTENSION pgcrypto;
CREATE FUNCTION regress_ph_pick(label text, dict text, seed text, salt text) RETURNS text
LANGUAGE sql STABLE AS $$
  WITH mac AS (
    SELECT hmac(convert_to(label, 'UTF8') || '\x00'::bytea || convert_to(seed, 'UTF8'),
                convert_to(salt, 'UTF8'), 'sha256') AS m),
  w AS (
    SELECT sum(get_byte(m, i)::numeric * 256::numeric ^ (7 - i)) AS w FROM mac, generate_series(0, 7) i),
  d AS (SELECT e, row_number() OVER () - 1 AS i FROM anon.dictionary(dict) e)
  SELECT e FROM d, w WHERE d.i = mod(w.w, (SELECT count(*) FROM d))
$$;
SELECT s.salt_len,
       bool_and(anon.pseudo_first_name(v, s.salt) = regress_ph_pick('first_name', 'first_name', v, s.salt)) AS first_name,
       bool_and(anon.pseudo_city(v, s.salt) = regress_ph_pick('city', 'city', v, s.salt)) AS city,
       bool_and(anon.pseudo_email(v, s.salt) = regress_ph_pick('username', 'username', v, s.salt)
                || '@' || regress_ph_pick('email_domain', 'email_domain', v, s.salt)) AS email
FROM (VALUES (1), (5), (64), (65), (200), (1), (13), (21), (34), (55), (89), (144), (1)) AS l(n),
     LATERAL (SELECT n AS salt_len, repeat('s', n - 1) || n % 10 AS salt) s,
     LATERAL (SELECT 'seed' || i AS v FROM generate_series(1, 20) i) v
GROUP BY s.salt_len ORDER BY s.salt_len;
-- control: another salt gives other pseudonyms
SELECT count(*) FILTER (WHERE anon.pseudo_first_name('seed' || i, 'one salt') <>
                              anon.pseudo_first_name('seed' || i, 'another salt')) > 10 AS salt_matters
FROM generate_series(1, 20) i;
DROP FUNCTION regress_ph_pick(text, text, text, text);
DROP EXTENSION pgcrypto;
