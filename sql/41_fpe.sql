-- FF1 and FF3-1 against the samples of NIST SP 800-38G (FF1 samples 1-9,
-- FF3 samples 1-15 and an FF3-1 56-bit tweak vector), then round trips.
\set VERBOSITY terse

CREATE TEMP TABLE ff1_samples (sample int, key bytea, tweak bytea, radix int,
                               pt text, ct text);
INSERT INTO ff1_samples VALUES
 (1, '\x2B7E151628AED2A6ABF7158809CF4F3C', '', 10, '0123456789', '2433477484'),
 (2, '\x2B7E151628AED2A6ABF7158809CF4F3C', '\x39383736353433323130', 10, '0123456789', '6124200773'),
 (3, '\x2B7E151628AED2A6ABF7158809CF4F3C', '\x3737373770717273373737', 36, '0123456789abcdefghi', 'a9tv40mll9kdu509eum'),
 (4, '\x2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F', '', 10, '0123456789', '2830668132'),
 (5, '\x2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F', '\x39383736353433323130', 10, '0123456789', '2496655549'),
 (6, '\x2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F', '\x3737373770717273373737', 36, '0123456789abcdefghi', 'xbj3kv35jrawxv32ysr'),
 (7, '\x2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94', '', 10, '0123456789', '6657667009'),
 (8, '\x2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94', '\x39383736353433323130', 10, '0123456789', '1001623463'),
 (9, '\x2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94', '\x3737373770717273373737', 36, '0123456789abcdefghi', 'xs8a0azh2avyalyzuwd');
SELECT sample, anon.ff1_encrypt(key, tweak, radix, pt) = ct AS encrypts,
       anon.ff1_decrypt(key, tweak, radix, ct) = pt AS decrypts
FROM ff1_samples ORDER BY sample;

CREATE TEMP TABLE ff3_samples (sample int, key bytea, tweak bytea, radix int,
                               pt text, ct text);
INSERT INTO ff3_samples VALUES
 (1, '\xEF4359D8D580AA4F7F036D6F04FC6A94', '\xD8E7920AFA330A73', 10, '890121234567890000', '750918814058654607'),
 (2, '\xEF4359D8D580AA4F7F036D6F04FC6A94', '\x9A768A92F60E12D8', 10, '890121234567890000', '018989839189395384'),
 (3, '\xEF4359D8D580AA4F7F036D6F04FC6A94', '\xD8E7920AFA330A73', 10, '89012123456789000000789000000', '48598367162252569629397416226'),
 (4, '\xEF4359D8D580AA4F7F036D6F04FC6A94', '\x0000000000000000', 10, '89012123456789000000789000000', '34695224821734535122613701434'),
 (5, '\xEF4359D8D580AA4F7F036D6F04FC6A94', '\x9A768A92F60E12D8', 26, '0123456789abcdefghi', 'g2pk40i992fn20cjakb'),
 (6, '\xEF4359D8D580AA4F7F036D6F04FC6A942B7E151628AED2A6', '\xD8E7920AFA330A73', 10, '890121234567890000', '646965393875028755'),
 (7, '\xEF4359D8D580AA4F7F036D6F04FC6A942B7E151628AED2A6', '\x9A768A92F60E12D8', 10, '890121234567890000', '961610514491424446'),
 (8, '\xEF4359D8D580AA4F7F036D6F04FC6A942B7E151628AED2A6', '\xD8E7920AFA330A73', 10, '89012123456789000000789000000', '53048884065350204541786380807'),
 (9, '\xEF4359D8D580AA4F7F036D6F04FC6A942B7E151628AED2A6', '\x0000000000000000', 10, '89012123456789000000789000000', '98083802678820389295041483512'),
 (10, '\xEF4359D8D580AA4F7F036D6F04FC6A942B7E151628AED2A6', '\x9A768A92F60E12D8', 26, '0123456789abcdefghi', 'i0ihe2jfj7a9opf9p88'),
 (11, '\xEF4359D8D580AA4F7F036D6F04FC6A942B7E151628AED2A6ABF7158809CF4F3C', '\xD8E7920AFA330A73', 10, '890121234567890000', '922011205562777495'),
 (12, '\xEF4359D8D580AA4F7F036D6F04FC6A942B7E151628AED2A6ABF7158809CF4F3C', '\x9A768A92F60E12D8', 10, '890121234567890000', '504149865578056140'),
 (13, '\xEF4359D8D580AA4F7F036D6F04FC6A942B7E151628AED2A6ABF7158809CF4F3C', '\xD8E7920AFA330A73', 10, '89012123456789000000789000000', '04344343235792599165734622699'),
 (14, '\xEF4359D8D580AA4F7F036D6F04FC6A942B7E151628AED2A6ABF7158809CF4F3C', '\x0000000000000000', 10, '89012123456789000000789000000', '30859239999374053872365555822'),
 (15, '\xEF4359D8D580AA4F7F036D6F04FC6A942B7E151628AED2A6ABF7158809CF4F3C', '\x9A768A92F60E12D8', 26, '0123456789abcdefghi', 'p0b2godfja9bhb7bk38'),
 -- FF3-1: 56-bit tweak (revision 1 split of the tweak)
 (16, '\xEF4359D8D580AA4F7F036D6F04FC6A94', '\xD8E7920AFA330A', 10, '890121234567890000', '477064185124354662');
SELECT sample, anon.ff3_1_encrypt(key, tweak, radix, pt) = ct AS encrypts,
       anon.ff3_1_decrypt(key, tweak, radix, ct) = pt AS decrypts
FROM ff3_samples ORDER BY sample;

-- round trips over random inputs, every radix, lengths from the minimum
-- to long ones (FF1 takes its BIGNUM path beyond 64-bit numbers)
CREATE TEMP TABLE rt AS
SELECT r AS radix, len, k, t,
       (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
                                 1 + floor(random() * r)::int + 0 * g, 1), '')
        FROM generate_series(1, l.len) g) AS pt
FROM generate_series(2, 62) r,
     LATERAL (SELECT ceil(ln(1000000) / ln(r))::int AS len
              UNION SELECT 40 UNION SELECT 300) l,
     LATERAL (SELECT gen_random_uuid()::text::bytea AS k0) kk,
     LATERAL (SELECT substr(sha256(k0), 1, 16 + 8 * (r % 3)) AS k,
                     substr(sha512(k0), 1, r % 20) AS t) kt;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE anon.ff1_decrypt(k, t, radix, anon.ff1_encrypt(k, t, radix, pt)) = pt) AS ff1_round_trips,
       count(*) FILTER (WHERE length(anon.ff1_encrypt(k, t, radix, pt)) = len) AS ff1_lengths_kept
FROM rt;
-- FF3-1 up to its maximum length, 2 * floor(log_radix(2^96))
SELECT count(*) AS cases,
       count(*) FILTER (WHERE anon.ff3_1_decrypt(k, substr(sha256(k), 1, 7), radix,
                 anon.ff3_1_encrypt(k, substr(sha256(k), 1, 7), radix, pt)) = pt) AS ff3_1_round_trips
FROM rt WHERE radix::numeric ^ ((len + 1) / 2) <= 2::numeric ^ 96;
SELECT count(*) AS max_len_round_trips
FROM generate_series(2, 62) r,
     LATERAL (SELECT 2 * max(k) AS maxlen FROM generate_series(1, 96) k
              WHERE r::numeric ^ k <= 2::numeric ^ 96) m,
     LATERAL (SELECT repeat(substr('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', r, 1), maxlen) AS pt) p
WHERE anon.ff3_1_decrypt('\x000102030405060708090a0b0c0d0e0f', '\x01020304050607', r,
        anon.ff3_1_encrypt('\x000102030405060708090a0b0c0d0e0f', '\x01020304050607', r, pt)) = pt;

-- FF1 is a permutation: 20000 distinct 6-digit inputs, 20000 distinct outputs
SELECT count(DISTINCT anon.ff1_encrypt('\x000102030405060708090a0b0c0d0e0f', '', 10, lpad(i::text, 6, '0'))) AS distinct_ct
FROM generate_series(0, 19999) i;

-- errors
SELECT anon.ff1_encrypt('\x00', '', 10, '0123456789');                                  -- fail: key length
SELECT anon.ff1_encrypt('\x2B7E151628AED2A6ABF7158809CF4F3C', '', 1, '0123456789');     -- fail: radix
SELECT anon.ff1_encrypt('\x2B7E151628AED2A6ABF7158809CF4F3C', '', 63, '0123456789');    -- fail: radix
SELECT anon.ff1_encrypt('\x2B7E151628AED2A6ABF7158809CF4F3C', '', 10, '12345');         -- fail: too short
SELECT anon.ff1_encrypt('\x2B7E151628AED2A6ABF7158809CF4F3C', '', 10, '12345a');        -- fail: not radix 10
SELECT anon.ff1_encrypt('\x2B7E151628AED2A6ABF7158809CF4F3C', '', 10, repeat('1', 4097)); -- fail: too long
SELECT anon.ff3_1_encrypt('\xEF4359D8D580AA4F7F036D6F04FC6A94', '\x00', 10, '890121234567890000'); -- fail: tweak
SELECT anon.ff3_1_encrypt('\xEF4359D8D580AA4F7F036D6F04FC6A94', '\xD8E7920AFA330A', 10, '12345'); -- fail: too short
SELECT anon.ff3_1_encrypt('\xEF4359D8D580AA4F7F036D6F04FC6A94', '\xD8E7920AFA330A', 10, repeat('1', 57)); -- fail: too long
