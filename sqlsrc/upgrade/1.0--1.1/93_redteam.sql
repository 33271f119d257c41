-- redteam: keyed noise for dynamic masking of volatile rules (sqlsrc/13_noise.sql)

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
