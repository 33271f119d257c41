-- anon--<version>.sql (the fresh install) is built from sqlsrc/*.sql in name order (see Makefile).
-- Each fragment belongs to one module; this one holds the foundation.

\echo Use "CREATE EXTENSION anon" to load this file. \quit

-- Fail at once, with a hint, on a server that did not preload anon.
CREATE FUNCTION anon._check_preloaded()
RETURNS void
AS 'MODULE_PATHNAME', 'anon_check_preloaded'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._check_preloaded()
IS 'ERROR unless anon is in shared_preload_libraries (run by CREATE EXTENSION)';

SELECT anon._check_preloaded();

REVOKE ALL ON SCHEMA anon FROM PUBLIC;
GRANT USAGE ON SCHEMA anon TO PUBLIC;

--------------------------------------------------------------------------
-- Randomization (src/randomize.c): values drawn from OpenSSL's CSPRNG
--------------------------------------------------------------------------

CREATE FUNCTION anon.random_int_between(int_start integer, int_stop integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_random_int_between_int4'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_int_between(integer, integer)
IS 'uniform random integer between int_start and int_stop, both included';

CREATE FUNCTION anon.random_bigint_between(int_start bigint, int_stop bigint)
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_random_int_between_int8'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_bigint_between(bigint, bigint)
IS 'uniform random bigint between int_start and int_stop, both included';

CREATE FUNCTION anon.random_string(l integer)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_random_string'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_string(integer)
IS 'random string of l letters and digits';

CREATE FUNCTION anon.random_date_between(date_start timestamptz, date_end timestamptz)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'anon_random_date_between'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_date_between(timestamptz, timestamptz)
IS 'uniform random timestamp between date_start and date_end, both included';

CREATE FUNCTION anon.random_in(a anyarray)
RETURNS anyelement
AS 'MODULE_PATHNAME', 'anon_random_in'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_in(anyarray)
IS 'one element of the array, each with the same probability';

CREATE FUNCTION anon.random_zip()
RETURNS text
AS 'MODULE_PATHNAME', 'anon_random_zip'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_zip()
IS 'random five-digit postal code';

CREATE FUNCTION anon.random_phone(phone_prefix text DEFAULT '0')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_random_phone'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.random_phone(text)
IS 'random phone number: the prefix followed by nine digits';

CREATE FUNCTION anon.sample_seed()
RETURNS double precision
AS 'MODULE_PATHNAME', 'anon_sample_seed'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.sample_seed()
IS 'a random REPEATABLE seed for sampling labels, drawn from OpenSSL';
