-- anon.random_in_enum, anon.random_in_*range, anon.random_date, anon.random_time.
--
-- Uniformity is checked with chi-square statistics against fixed thresholds
-- whose false-alarm rate is 1e-7 each (test/tools/chi2_critical.py): df 3
-- 35.41, df 9 50.17, df 23 76.9.  Random values are never printed.
\set VERBOSITY terse

-- enums: every label, uniformly; a NULL of the type works too
CREATE TYPE regress_mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
SELECT pg_typeof(anon.random_in_enum('sad'::regress_mood)) AS enum_type,
       anon.random_in_enum(NULL::regress_mood) IS NOT NULL AS from_null;
SELECT count(*) = 4 AS all_labels, sum((n - 10000.0)^2 / 10000.0) < 35.41 AS uniform
FROM (SELECT v, count(*) n
      FROM (SELECT anon.random_in_enum(NULL::regress_mood) v FROM generate_series(1, 40000)) s
      GROUP BY v) c;
-- labels added later are picked too (the cache is per query)
ALTER TYPE regress_mood ADD VALUE 'furious';
SELECT count(DISTINCT anon.random_in_enum('ok'::regress_mood)) = 5 AS new_label
FROM generate_series(1, 2000);
-- one enum column masked in place
CREATE TEMP TABLE regress_feelings AS SELECT 'ok'::regress_mood m FROM generate_series(1, 500);
UPDATE regress_feelings SET m = anon.random_in_enum(m);
SELECT count(DISTINCT m) = 5 AS column_masked FROM regress_feelings;
DROP TABLE regress_feelings;
CREATE TYPE regress_void AS ENUM ();
SELECT anon.random_in_enum(NULL::regress_void);
DROP TYPE regress_void;
DROP TYPE regress_mood;

-- int4range: bounds' inclusivity respected, uniform
SELECT min(v) = 1 AND max(v) = 10 AS closed, count(DISTINCT v) = 10 AS all_values
FROM (SELECT anon.random_in_int4range('[1,10]') v FROM generate_series(1, 5000)) s;
SELECT min(v) = 2 AND max(v) = 9 AS open
FROM (SELECT anon.random_in_int4range('(1,10)') v FROM generate_series(1, 5000)) s;
SELECT sum((n - 10000.0)^2 / 10000.0) < 50.17 AS int4_uniform
FROM (SELECT v, count(*) n FROM (SELECT anon.random_in_int4range('[0,10)') v FROM generate_series(1, 100000)) s GROUP BY v) c;
SELECT anon.random_in_int4range('[2001,2002)') = 2001 AS single_value,
       bool_and(anon.random_in_int4range('[-2147483648,2147483647)') IS NOT NULL) AS full_range
FROM generate_series(1, 100);
SELECT anon.random_in_int4range('empty');
SELECT anon.random_in_int4range('[2001,)');
SELECT anon.random_in_int4range('(,2001]');
SELECT anon.random_in_int4range(NULL) IS NULL AS null_in_null_out;

-- int8range
SELECT min(v) = 10000000000 AND max(v) = 10000000003 AS int8_bounds
FROM (SELECT anon.random_in_int8range('[10000000000,10000000004)') v FROM generate_series(1, 2000)) s;
SELECT sum((n - 10000.0)^2 / 10000.0) < 35.41 AS int8_uniform
FROM (SELECT v, count(*) n FROM (SELECT anon.random_in_int8range('(-2,2]') v FROM generate_series(1, 40000)) s GROUP BY v) c;
SELECT anon.random_in_int8range('[1,)');
SELECT anon.random_in_int8range('[5,5)');

-- numrange: within the bounds, an excluded bound never drawn, uniform
SELECT bool_and(v >= 1.5 AND v < 2.5) AS half_open, bool_and(w > 0 AND w < 1) AS open
FROM (SELECT anon.random_in_numrange('[1.5,2.5)') v, anon.random_in_numrange('(0,1)') w
      FROM generate_series(1, 10000)) s;
SELECT sum((n - 10000.0)^2 / 10000.0) < 50.17 AS numeric_uniform
FROM (SELECT floor(v / 10) b, count(*) n
      FROM (SELECT anon.random_in_numrange('[0,100)') v FROM generate_series(1, 100000)) s GROUP BY b) c;
SELECT anon.random_in_numrange('[3.25,3.25]') = 3.25 AS single_value;
SELECT anon.random_in_numrange('(1,1)');
SELECT anon.random_in_numrange('[0,)');
SELECT anon.random_in_numrange('[0,Infinity]');

-- daterange
SELECT min(v) = '2021-01-01' AND max(v) = '2021-01-31' AS date_bounds, count(DISTINCT v) = 31 AS all_days
FROM (SELECT anon.random_in_daterange('[2021-01-01,2021-02-01)') v FROM generate_series(1, 5000)) s;
SELECT anon.random_in_daterange('[2021-01-01, 2021-01-02)') = '2021-01-01' AS single_day;
SELECT anon.random_in_daterange('[2021-01-01,)');
SELECT anon.random_in_daterange('[2021-01-01,infinity)');

-- tsrange and tstzrange: every microsecond, bounds respected, uniform by hour
SELECT bool_and(v >= '2021-01-01' AND v < '2021-01-02') AS ts_bounds, count(DISTINCT v) > 4990 AS spread
FROM (SELECT anon.random_in_tsrange('[2021-01-01,2021-01-02)') v FROM generate_series(1, 5000)) s;
SELECT anon.random_in_tsrange('[2021-01-01 00:00:00,2021-01-01 00:00:00.000001)') = '2021-01-01' AS single_us,
       anon.random_in_tsrange('(2021-01-01 00:00:00,2021-01-01 00:00:00.000002)') = '2021-01-01 00:00:00.000001' AS open_us;
SELECT sum((n - 5000.0)^2 / 5000.0) < 76.90 AS tstz_uniform
FROM (SELECT extract(hour FROM v AT TIME ZONE 'UTC') b, count(*) n
      FROM (SELECT anon.random_in_tstzrange('[2021-01-01 00:00+00,2021-01-02 00:00+00)') v
            FROM generate_series(1, 120000)) s GROUP BY b) c;
SELECT pg_typeof(anon.random_in_tstzrange('[2021-01-01,2021-01-02)')) AS tstz;
SELECT anon.random_in_tsrange('(2021-01-01 00:00:00,2021-01-01 00:00:00.000001)');
SELECT anon.random_in_tsrange('[2021-01-01,infinity)');
SELECT anon.random_in_tstzrange('[2021-01-01,infinity)');
SELECT anon.random_in_tstzrange('(,2021-01-01)');

-- random_date: between 1900-01-01 and now(); random_time: any time of day
SELECT bool_and(v BETWEEN '1900-01-01' AND now()) AS date_bounds,
       min(v) < '1950-01-01' AND max(v) > '1975-01-01' AS spread
FROM (SELECT anon.random_date() v FROM generate_series(1, 2000)) s;
SELECT sum((n - 5000.0)^2 / 5000.0) < 76.90 AS time_uniform
FROM (SELECT extract(hour FROM v) b, count(*) n
      FROM (SELECT anon.random_time() v FROM generate_series(1, 120000)) s GROUP BY b) c;
SELECT pg_typeof(anon.random_time()) AS time_type, pg_typeof(anon.random_date()) AS date_type;
