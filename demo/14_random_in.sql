-- Random values within an enum type or a range (src/random_in.c).
CREATE TYPE demo_status AS ENUM ('new', 'active', 'suspended', 'closed');
SELECT anon.random_in_enum(NULL::demo_status) AS status,
       anon.random_in_int4range('[18,65]') AS age,
       anon.random_in_numrange('[0.5,1.5)') AS factor,
       anon.random_in_daterange('[2024-01-01,2025-01-01)') AS day,
       anon.random_in_tstzrange('[2024-01-01,2024-01-02)') AS moment,
       anon.random_date() AS since_1900,
       anon.random_time() AS time_of_day;
DROP TYPE demo_status;

-- Empty or unbounded ranges are errors, not a silent NULL.
\set ON_ERROR_STOP 0
SELECT anon.random_in_int4range('[18,)');
\set ON_ERROR_STOP 1
