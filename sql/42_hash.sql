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
SELECT anon.digest('x', 'y', 'md5');         -- fail: refused
SELECT anon.digest('x', 'y', 'sha1');        -- fail: refused
SELECT anon.digest('x', 'y', 'whirlpool');   -- fail: unknown
SELECT anon.digest(NULL, 'y', 'sha256') IS NULL AS strict_null;

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
         (SELECT key FROM anon.keys WHERE name = 'default' AND active),
         '\x00000000'::bytea || convert_to('alice', 'UTF8')), 'hex') AS hash_is_hmac;
-- the salt is mixed in, with its length first
SET anon.salt = 'pepper';
SHOW anon.salt;
SELECT anon.hash('alice') = encode(regress_hmac_sha256(
         (SELECT key FROM anon.keys WHERE name = 'default' AND active),
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
RESET ALL;
DROP TABLE regress_hash_par;
DROP FUNCTION regress_hmac_sha256(bytea, bytea);
SELECT anon.drop_key('default');
