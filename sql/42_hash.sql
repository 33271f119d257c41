-- anon.digest against PostgreSQL's own SHA-2 functions, anon.hash against
-- an HMAC-SHA256 computed in SQL from the key, anon.salt.
\set VERBOSITY terse

-- digest(value, salt, alg) = hex(alg(value || salt)), for every algorithm
SELECT anon.digest('abc', 'def', 'sha224') = encode(sha224('abcdef'), 'hex') AS sha224,
       anon.digest('abc', 'def', 'sha256') = encode(sha256('abcdef'), 'hex') AS sha256,
       anon.digest('abc', 'def', 'sha384') = encode(sha384('abcdef'), 'hex') AS sha384,
       anon.digest('abc', 'def', 'sha512') = encode(sha512('abcdef'), 'hex') AS sha512,
       anon.digest('', '', 'SHA256') = encode(sha256(''), 'hex') AS empty_and_case;
-- the published SHA-256 of "abc" (FIPS 180-2, appendix B.1)
SELECT anon.digest('ab', 'c', 'sha256');
-- SHA-3 (FIPS 202): the published digests of "abc", and of "abcdef"
-- (computed with Python's hashlib.sha3_*)
SELECT anon.digest('abc', '', 'sha3-224') = 'e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf' AS sha3_224,
       anon.digest('a', 'bc', 'sha3-256') = '3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532' AS sha3_256,
       anon.digest('ab', 'c', 'sha3-384') = 'ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25' AS sha3_384,
       anon.digest('abc', '', 'SHA3-512') = 'b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0' AS sha3_512;
SELECT anon.digest('abc', 'def', 'sha3-224') = 'ceb3f4cd85af081120bf69ecf76bf61232bd5d810866f0eca3c8907d' AS sha3_224,
       anon.digest('abc', 'def', 'sha3-256') = '59890c1d183aa279505750422e6384ccb1499c793872d6f31bb3bcaa4bc9f5a5' AS sha3_256,
       anon.digest('abc', 'def', 'sha3-384') = 'd77460b0ce6109168480e279a81af32facb689ab96e22623f0122ff3a10ead263db6607f83876a843d3264dc2a863805' AS sha3_384,
       anon.digest('abc', 'def', 'sha3-512') = '01309a45c57cd7faef9ee6bb95fed29e5e2e0312af12a95fffeee340e5e5948b4652d26ae4b75976a53cc1612141af6e24df36517a61f46a1a05f59cf667046a' AS sha3_512,
       anon.digest('', '', 'sha3-256') = 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a' AS sha3_empty;
-- md5, as PostgreSQL Anonymizer accepts it, equals PostgreSQL's md5()
SELECT anon.digest('abc', 'def', 'md5') = md5('abcdef') AS md5;
SELECT anon.digest('x', 'y', 'sha1') IS NULL AS sha1_null;  -- refused: NULL, as PostgreSQL Anonymizer 2 gives
\set VERBOSITY default
SELECT anon.digest('x', 'y', 'whirlpool');   -- fail: unknown, the hint lists the algorithms
\set VERBOSITY terse
SELECT anon.digest('x', 'y', 'sha3_256');    -- fail: unknown spelling
SELECT anon.digest(NULL, 'y', 'sha256') IS NULL AS strict_null;
SELECT provolatile, proisstrict, proparallel FROM pg_proc
WHERE oid = 'anon.digest(text,text,text)'::regprocedure;

-- random_hash: a digest of the value and a fresh random salt, so two calls
-- differ, and none equals the unsalted digest
SELECT length(anon.random_hash('alice')) = 64 AS sha256_length,
       anon.random_hash('alice') ~ '^[0-9a-f]{64}$' AS hex,
       anon.random_hash('alice') <> anon.digest('alice', '', 'sha256') AS salted;
SELECT count(DISTINCT anon.random_hash('alice')) AS distinct_of_1000
FROM generate_series(1, 1000);
SELECT length(anon.random_hash('alice', 'sha3-512')) AS sha3_512_length,
       length(anon.random_hash('alice', 'sha224')) AS sha224_length,
       length(anon.random_hash('alice', 'md5')) AS md5_length;
SELECT anon.random_hash('alice', 'sha1');          -- fail: refused
SELECT anon.random_hash(NULL) IS NULL AS strict_null,
       anon.random_hash('a', NULL) IS NULL AS strict_null_alg;
SELECT oid::regprocedure, provolatile, proisstrict, proparallel FROM pg_proc
WHERE proname = 'random_hash' ORDER BY 1::text;

-- HMAC-SHA256 (RFC 2104) in plain SQL, to check anon.hash against
CREATE FUNCTION regress_hmac_sha256(k bytea, m bytea) RETURNS bytea
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
-- RFC 4231 test case 2 checks the helper itself
SELECT encode(regress_hmac_sha256('Jefe', 'what do ya want for nothing?'), 'hex');

SELECT length(anon.hash('warm-up')) AS len;
-- no salt: the message is four zero bytes and the value
SELECT anon.hash('alice') = encode(regress_hmac_sha256(
         anon._key_plaintext('default'),
         '\x00000000'::bytea || convert_to('alice', 'UTF8')), 'hex') AS hash_is_hmac;
-- the salt is mixed in, with its length first
SET anon.salt = 'pepper';
SHOW anon.salt;
SELECT anon.hash('alice') = encode(regress_hmac_sha256(
         anon._key_plaintext('default'),
         '\x00000006'::bytea || convert_to('pepperalice', 'UTF8')), 'hex') AS salted_hash_is_hmac;
RESET anon.salt;
-- distinct inputs, distinct pseudonyms; the same input, the same one
SELECT count(DISTINCT anon.hash(i::text)) AS distinct_hashes,
       count(*) FILTER (WHERE anon.hash(i::text) = anon.hash(i::text)) AS stable
FROM generate_series(1, 1000) i;
SELECT anon.hash(NULL) IS NULL AS strict_null;

-- in a parallel query too (workers load the key themselves)
CREATE TABLE regress_hash_par AS
SELECT i, anon.hash(i::text) AS h FROM generate_series(1, 20000) i;
ANALYZE regress_hash_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM regress_hash_par WHERE h = anon.hash(i::text);
SELECT count(*) AS same_in_parallel FROM regress_hash_par WHERE h = anon.hash(i::text);
-- without the default key, a parallel query cannot make it
SELECT anon.drop_key('default');
SELECT count(*) FROM regress_hash_par WHERE h = anon.hash(i::text);	-- fail: no default key
RESET ALL;
SELECT anon.create_key('default');
DROP TABLE regress_hash_par;
DROP FUNCTION regress_hmac_sha256(bytea, bytea);
SELECT anon.drop_key('default');
