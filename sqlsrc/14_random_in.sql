
--------------------------------------------------------------------------
-- Random values within an enum type or a range (src/random_in.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.random_in_enum(element anyenum)
RETURNS anyenum
AS 'MODULE_PATHNAME', 'anon_random_in_enum'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_enum(anyenum)
IS 'one label of the enum type of the argument (which may be NULL), each with the same probability';

CREATE FUNCTION anon.random_in_int4range(r int4range)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_random_in_int4range'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_int4range(int4range)
IS 'uniform random integer of the range; empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_in_int8range(r int8range)
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_random_in_int8range'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_int8range(int8range)
IS 'uniform random bigint of the range; empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_in_numrange(r numrange)
RETURNS numeric
AS 'MODULE_PATHNAME', 'anon_random_in_numrange'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_numrange(numrange)
IS 'uniform random numeric of the range (53-bit resolution); empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_in_daterange(r daterange)
RETURNS date
AS 'MODULE_PATHNAME', 'anon_random_in_daterange'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_daterange(daterange)
IS 'uniform random date of the range; empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_in_tsrange(r tsrange)
RETURNS timestamp
AS 'MODULE_PATHNAME', 'anon_random_in_tsrange'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_tsrange(tsrange)
IS 'uniform random timestamp of the range, to the microsecond; empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_in_tstzrange(r tstzrange)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'anon_random_in_tsrange'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in_tstzrange(tstzrange)
IS 'uniform random timestamptz of the range, to the microsecond; empty or unbounded ranges are errors';

CREATE FUNCTION anon.random_date()
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'anon_random_date'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_date()
IS 'uniform random timestamptz between 1900-01-01 and now()';

CREATE FUNCTION anon.random_time()
RETURNS time
AS 'MODULE_PATHNAME', 'anon_random_time'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_time()
IS 'uniform random time of day, to the microsecond';
