-- Generalization functions: buckets computed by hand in the comments.
\set VERBOSITY terse
SET TimeZone = 'UTC';

-- integers: [lo, lo+step) with lo = floor(val/step)*step
SELECT anon.generalize_int4range(42) = int4range(40, 50) AS ok_default_step;
SELECT anon.generalize_int4range(42, 5) = int4range(40, 45) AS ok_step5;
SELECT anon.generalize_int4range(40, 10) = int4range(40, 50) AS ok_exact_multiple;
-- negatives fall in [-10, 0), not (-10, 10)
SELECT anon.generalize_int4range(-3, 10) = int4range(-10, 0) AS ok_negative;
SELECT anon.generalize_int4range(-10, 10) = int4range(-10, 0) AS ok_negative_multiple;
-- the upper side is unbounded when lo+step overflows
SELECT anon.generalize_int4range(2147483647, 10) = int4range(2147483640, NULL) AS ok_overflow;
SELECT anon.generalize_int4range(NULL, 10) = int4range(NULL, NULL) AS ok_null;  -- (,) as in PostgreSQL Anonymizer
SELECT anon.generalize_int4range(1, 0);   -- fail: step 0
SELECT anon.generalize_int4range(1, -5);  -- fail: negative step
SELECT anon.generalize_int8range(123456789012, 1000) = int8range(123456789000, 123456790000) AS ok_int8;
SELECT anon.generalize_int8range(-1, 1000) = int8range(-1000, 0) AS ok_int8_negative;
SELECT anon.generalize_int8range(9223372036854775807, 10) = int8range(9223372036854775800, NULL) AS ok_int8_overflow;
SELECT anon.generalize_int8range(1, 0);   -- fail
-- numeric, exact
SELECT anon.generalize_numrange(42.5) = numrange(40, 50) AS ok_num;
SELECT anon.generalize_numrange(1.234, 0.1) = numrange(1.2, 1.3) AS ok_num_fraction;
SELECT anon.generalize_numrange(-0.05, 0.1) = numrange(-0.1, 0) AS ok_num_negative;
SELECT anon.generalize_numrange('Infinity', 10) = numrange(NULL, NULL) AS ok_num_inf;
SELECT anon.generalize_numrange('-Infinity', 10) = numrange(NULL, NULL) AS ok_num_neginf;
SELECT anon.generalize_numrange(1, 0);      -- fail
SELECT anon.generalize_numrange(1, 'NaN');  -- fail
SELECT anon.generalize_numrange('NaN', 1);  -- fail
-- dates: calendar buckets, PostgreSQL Anonymizer's default is the decade
SELECT anon.generalize_daterange('1983-07-14') = daterange('1980-01-01', '1990-01-01') AS ok_decade;
SELECT anon.generalize_daterange('1983-07-14', 'year') = daterange('1983-01-01', '1984-01-01') AS ok_year;
SELECT anon.generalize_daterange('1983-07-14', 'MONTH') = daterange('1983-07-01', '1983-08-01') AS ok_month;
SELECT anon.generalize_daterange('1983-07-14', 'quarter') = daterange('1983-07-01', '1983-10-01') AS ok_quarter;
-- 1983-07-14 is a Thursday; ISO weeks start on Monday 1983-07-11
SELECT anon.generalize_daterange('1983-07-14', 'week') = daterange('1983-07-11', '1983-07-18') AS ok_week;
SELECT anon.generalize_daterange('1983-07-14', 'day') = daterange('1983-07-14', '1983-07-15') AS ok_day;
SELECT anon.generalize_daterange('1983-07-14', 'century') = daterange('1901-01-01', '2001-01-01') AS ok_century;
SELECT anon.generalize_daterange('infinity', 'year') = daterange('infinity', 'infinity', '[]') AS ok_date_inf;
SELECT anon.generalize_daterange('1983-07-14', 'hour');  -- fail: no sub-day step for dates
SELECT anon.generalize_daterange('1983-07-14', 'fortnight');  -- fail
SELECT anon.generalize_tsrange('1983-07-14 13:45:12', 'hour')
       = tsrange('1983-07-14 13:00', '1983-07-14 14:00') AS ok_ts_hour;
SELECT anon.generalize_tsrange('1983-07-14 13:45:12')
       = tsrange('1980-01-01', '1990-01-01') AS ok_ts_decade;
SELECT anon.generalize_tsrange('1983-07-14 13:45:12', 'nanosecond');  -- fail
SELECT anon.generalize_tstzrange('1983-07-14 13:45:12+00', 'day')
       = tstzrange('1983-07-14 00:00+00', '1983-07-15 00:00+00') AS ok_tstz_utc;
SET TimeZone = 'Asia/Tokyo';
-- 13:45 UTC is 22:45 in Tokyo: the day bucket starts at 00:00 Tokyo = 15:00 UTC the day before
SELECT anon.generalize_tstzrange('1983-07-14 13:45:12+00', 'day')
       = tstzrange('1983-07-13 15:00+00', '1983-07-14 15:00+00') AS ok_tstz_tokyo;
RESET TimeZone;
-- volatility marks
SELECT proname, provolatile, proparallel, proisstrict FROM pg_proc
WHERE pronamespace = 'anon'::regnamespace AND proname ~ '^generalize(_[a-z0-9]+range|_prefix)?$' ORDER BY 1, 2;

-- prefixes
SELECT anon.generalize_prefix('75012', 3) AS zip3;              -- 750**
SELECT anon.generalize_prefix('75012', 0, '#') AS zip0;         -- #####
SELECT anon.generalize_prefix('75012', 5) AS zip5;              -- unchanged
SELECT anon.generalize_prefix('75012', 9) AS zip9;              -- unchanged
SELECT anon.generalize_prefix('Ærøskøbing', 2, '·') AS multibyte;  -- Ær········ counted in characters
SELECT anon.generalize_prefix('', 2) = '' AS ok_empty;
SELECT anon.generalize_prefix('75012', -1);      -- fail
SELECT anon.generalize_prefix('75012', 2, '');   -- fail
SELECT anon.generalize_prefix('75012', 2, '**'); -- fail

-- user-defined hierarchies
INSERT INTO anon.hierarchy VALUES
  ('geo', 1, 'Paris', 'Île-de-France'), ('geo', 1, 'Lyon', 'Auvergne-Rhône-Alpes'),
  ('geo', 2, 'Paris', 'France'), ('geo', 2, 'Lyon', 'France');
SELECT anon.generalize('Paris', 'geo', 0) AS level0,
       anon.generalize('Paris', 'geo', 1) AS level1,
       anon.generalize('Lyon', 'geo', 2) AS level2;
-- unknown value or a level above the top: suppressed
SELECT anon.generalize('Nice', 'geo', 1) IS NULL AS ok_unknown_value,
       anon.generalize('Paris', 'geo', 3) IS NULL AS ok_above_top;
SELECT anon.generalize('Paris', 'nope', 1);   -- fail: unknown hierarchy
SELECT anon.generalize('Paris', 'geo', -1);   -- fail
INSERT INTO anon.hierarchy VALUES ('geo', 0, 'Paris', 'x');  -- fail: level 0 is the value
-- the hierarchy table is dumped with the extension's configuration
SELECT extconfig @> ARRAY['anon.hierarchy'::regclass::oid] AS dumped
FROM pg_extension WHERE extname = 'anon';
DELETE FROM anon.hierarchy;
