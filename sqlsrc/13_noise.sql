
--------------------------------------------------------------------------
-- Noise (src/noise.c): uniform noise, clipped to the range of the type
--------------------------------------------------------------------------

CREATE FUNCTION anon.noise(noise_value smallint, ratio double precision)
RETURNS smallint
AS 'MODULE_PATHNAME', 'anon_noise_int2'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(smallint, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.noise(noise_value integer, ratio double precision)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_noise_int4'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(integer, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.noise(noise_value bigint, ratio double precision)
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_noise_int8'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(bigint, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.noise(noise_value real, ratio double precision)
RETURNS real
AS 'MODULE_PATHNAME', 'anon_noise_float4'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(real, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.noise(noise_value double precision, ratio double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'anon_noise_float8'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(double precision, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.noise(noise_value numeric, ratio double precision)
RETURNS numeric
AS 'MODULE_PATHNAME', 'anon_noise_numeric'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(numeric, double precision)
IS 'uniform random value in [v - |v| ratio, v + |v| ratio], clipped to the range of the type';

CREATE FUNCTION anon.dnoise(noise_value date, noise_range interval)
RETURNS date
AS 'MODULE_PATHNAME', 'anon_dnoise_date'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dnoise(date, interval)
IS 'uniform random date within noise_range of the value (a month counts 30 days)';

CREATE FUNCTION anon.dnoise(noise_value timestamp, noise_range interval)
RETURNS timestamp
AS 'MODULE_PATHNAME', 'anon_dnoise_timestamp'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dnoise(timestamp, interval)
IS 'uniform random timestamp within noise_range of the value (a month counts 30 days)';

CREATE FUNCTION anon.dnoise(noise_value timestamptz, noise_range interval)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'anon_dnoise_timestamp'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dnoise(timestamptz, interval)
IS 'uniform random timestamp within noise_range of the value (a month counts 30 days)';

-- Dynamic masking reads a volatile rule over the row through these two, so
-- that its noise is the same at every read of the row (src/noise_seed.c):
-- anon._keyed_end(CASE WHEN anon._keyed_begin(relid, attnum, col) THEN rule END)
CREATE FUNCTION anon._keyed_begin(relid oid, attnum integer, value anyelement)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_keyed_begin'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._keyed_begin(oid, integer, anyelement)
IS 'internal: the random draws that follow come from a stream keyed by a server secret and the row''s raw value (dynamic masking of volatile rules), until anon._keyed_end';
SECURITY LABEL FOR anon ON FUNCTION anon._keyed_begin(oid, integer, anyelement) IS 'RESTRICTED';

CREATE FUNCTION anon._keyed_end(value anyelement)
RETURNS anyelement
AS 'MODULE_PATHNAME', 'anon_keyed_end'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._keyed_end(anyelement)
IS 'internal: returns its argument; the random draws that follow come from the CSPRNG again';

-- A masked reader's BERNOULLI or SYSTEM sample of a table with a primary
-- key is drawn by the key's raw value, not by the place of the row, which
-- moves at every UPDATE (src/noise_seed.c)
CREATE FUNCTION anon._sample_row(relid oid, percent double precision, VARIADIC key "any")
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_sample_row'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._sample_row(oid, double precision, "any")
IS 'internal: whether the row of that primary key is in the masked readers'' sample of the relation, drawn with a server secret';
SECURITY LABEL FOR anon ON FUNCTION anon._sample_row(oid, double precision, "any") IS 'RESTRICTED';
