-- pa2: PostgreSQL Anonymizer's NULL handling of the random functions

-- PostgreSQL Anonymizer's random functions return NULL for a NULL bound or
-- length (they are STRICT); so do these (a NULL masks to NULL, as PA's)
ALTER FUNCTION anon.random_int_between(integer, integer) STRICT;
ALTER FUNCTION anon.random_bigint_between(bigint, bigint) STRICT;
ALTER FUNCTION anon.random_string(integer) STRICT;
ALTER FUNCTION anon.random_date_between(timestamptz, timestamptz) STRICT;
