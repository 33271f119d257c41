-- anon.noise and anon.dnoise: bounds, uniformity, clipping, errors.
--
-- Uniformity is checked with chi-square statistics against fixed thresholds
-- whose false-alarm rate is 1e-7 each (test/tools/chi2_critical.py): df 9
-- 50.17, df 20 71.59, df 100 191.6.  Random values are never printed.
\set VERBOSITY terse

-- types are kept
SELECT pg_typeof(anon.noise(1::smallint, 0.1)) AS int2, pg_typeof(anon.noise(1, 0.1)) AS int4,
       pg_typeof(anon.noise(1::bigint, 0.1)) AS int8, pg_typeof(anon.noise(1::real, 0.1)) AS float4,
       pg_typeof(anon.noise(1::float8, 0.1)) AS float8, pg_typeof(anon.noise(1.5, 0.1)) AS numeric;

-- integers: uniform over [v - floor(|v| r), v + floor(|v| r)], every value reached
SELECT min(v) = 50 AS lo, max(v) = 150 AS hi, count(DISTINCT v) = 101 AS all_values
FROM (SELECT anon.noise(100, 0.5) v FROM generate_series(1, 20000)) s;
SELECT sum((n - 1000.0)^2 / 1000.0) < 191.6 AS int4_uniform
FROM (SELECT v, count(*) n FROM (SELECT anon.noise(100, 0.5) v FROM generate_series(1, 101000)) s GROUP BY v) c;
SELECT bool_and(v BETWEEN -110 AND -90) AS negative_value,
       bool_and(w BETWEEN 9 AND 11) AS int2_bounds,
       bool_and(x BETWEEN 9000000000 AND 11000000000) AS int8_bounds
FROM (SELECT anon.noise(-100, 0.1) v, anon.noise(10::smallint, 0.1) w, anon.noise(10000000000::bigint, 0.1) x
      FROM generate_series(1, 5000)) s;
-- floor(|v| r) = 0: no change
SELECT bool_and(anon.noise(7, 0.1) = 7) AS small_value_kept,
       bool_and(anon.noise(12345, 0) = 12345) AS ratio_zero FROM generate_series(1, 100);
-- ratio <= 1 never changes the sign
SELECT bool_and(anon.noise(5000, 1) >= 0) AND bool_and(anon.noise(-5000, 1) <= 0) AS sign_kept
FROM generate_series(1, 5000);
-- ratio > 1 may cross zero, and does
SELECT bool_or(anon.noise(100, 3) < 0) AS crosses_zero FROM generate_series(1, 1000);

-- clipped to the range of the type: never an overflow error, still in range
SELECT bool_and(a BETWEEN 16384 AND 32767) AS int2_clipped,
       bool_and(b BETWEEN 0 AND 2147483647) AS int4_clipped,
       count(c) = 5000 AS int8_clipped,
       bool_and(d BETWEEN -2147483648 AND -1073741824) AS int4_min_clipped
FROM (SELECT anon.noise(32767::smallint, 0.5) a, anon.noise(2147483647, 1) b,
             anon.noise(9223372036854775807::bigint, 5) c, anon.noise(-2147483648, 0.5) d
      FROM generate_series(1, 5000)) s;
SELECT bool_and(anon.noise('-9223372036854775808'::bigint, 1e300) IS NOT NULL) AS int8_min_huge_ratio
FROM generate_series(1, 100);
SELECT bool_and(f < 'Infinity'::real AND f > '-Infinity'::real) AS float4_clipped,
       bool_and(g < 'Infinity'::float8 AND g > 0) AS float8_clipped
FROM (SELECT anon.noise(3e38::real, 0.9) f, anon.noise(1.7e308::float8, 0.9) g FROM generate_series(1, 5000)) s;

-- floats: uniform over [v (1 - r), v (1 + r)]
SELECT min(v) >= 800 AND max(v) < 1200 AS float8_bounds
FROM (SELECT anon.noise(1000::float8, 0.2) v FROM generate_series(1, 10000)) s;
SELECT sum((n - 10000.0)^2 / 10000.0) < 50.17 AS float8_uniform
FROM (SELECT floor((v - 800) / 40) b, count(*) n
      FROM (SELECT anon.noise(1000::float8, 0.2) v FROM generate_series(1, 100000)) s GROUP BY b) c;
-- (a real rounds to v (1 + r) itself now and then: that is the last bin)
SELECT sum((n - 10000.0)^2 / 10000.0) < 50.17 AS float4_uniform
FROM (SELECT least(floor((v - 800) / 40), 9) b, count(*) n
      FROM (SELECT anon.noise(1000::real, 0.2)::float8 v FROM generate_series(1, 100000)) s GROUP BY b) c;
SELECT anon.noise('NaN'::float8, 0.5)::text AS nan, anon.noise('Infinity'::real, 0.5)::text AS inf,
       anon.noise('-Infinity'::float8, 0.5)::text AS minus_inf;

-- numeric: bounds, scale kept, uniform
SELECT bool_and(v BETWEEN 50.00 AND 150.00) AS numeric_bounds, bool_and(scale(v) = 2) AS scale_kept,
       bool_and(scale(anon.noise(10, 0.5)) = 0) AS integer_numeric
FROM (SELECT anon.noise(100.00, 0.5) v FROM generate_series(1, 5000)) s;
SELECT sum((n - 10000.0)^2 / 10000.0) < 50.17 AS numeric_uniform
FROM (SELECT floor((v - 50) / 10) b, count(*) n
      FROM (SELECT anon.noise(100.0000000, 0.5) v FROM generate_series(1, 100000)) s
      WHERE v < 150 GROUP BY b) c;
SELECT anon.noise('NaN'::numeric, 0.5) AS nan, anon.noise('Infinity'::numeric, 0.5) AS inf;

-- NULL in, NULL out; bad ratios are errors
SELECT anon.noise(NULL::int, 0.5) IS NULL AS null_value, anon.noise(5, NULL) IS NULL AS null_ratio;
SELECT anon.noise(100, -0.1);
SELECT anon.noise(100::bigint, 'NaN');
SELECT anon.noise(100.0, 'Infinity');
\set VERBOSITY default
SELECT anon.noise(100::real, -1);
\set VERBOSITY terse

-- dnoise on dates: whole days within the interval, uniform
SELECT min(v) = '2020-06-05' AS lo, max(v) = '2020-06-25' AS hi, count(DISTINCT v) = 21 AS all_days
FROM (SELECT anon.dnoise('2020-06-15'::date, '10 days') v FROM generate_series(1, 10000)) s;
SELECT sum((n - 5000.0)^2 / 5000.0) < 71.59 AS date_uniform
FROM (SELECT v, count(*) n FROM (SELECT anon.dnoise('2020-06-15'::date, '10 days 5 hours') v
                                 FROM generate_series(1, 105000)) s GROUP BY v) c;
SELECT bool_and(anon.dnoise('2020-06-15'::date, '1 month') BETWEEN '2020-05-16' AND '2020-07-15') AS month_is_30_days,
       bool_and(anon.dnoise('2020-06-15'::date, '23 hours') = '2020-06-15') AS less_than_a_day
FROM generate_series(1, 2000);
-- timestamps
SELECT bool_and(v BETWEEN '2020-06-15 11:00' AND '2020-06-15 13:00') AS ts_bounds,
       count(DISTINCT v) > 4990 AS microseconds
FROM (SELECT anon.dnoise('2020-06-15 12:00'::timestamp, '1 hour') v FROM generate_series(1, 5000)) s;
SELECT sum((n - 10000.0)^2 / 10000.0) < 50.17 AS tstz_uniform
FROM (SELECT floor(extract(epoch FROM v - '2020-06-15 11:00+00') / 720) b, count(*) n
      FROM (SELECT anon.dnoise('2020-06-15 12:00+00'::timestamptz, '1 hour') v FROM generate_series(1, 100000)) s
      GROUP BY b) c;
SELECT pg_typeof(anon.dnoise(now(), '1 day')) AS tstz, pg_typeof(anon.dnoise(localtimestamp, '1 day')) AS ts;
-- clipped to the range of the type; infinities unchanged
SELECT bool_and(a >= '4714-11-24 BC'::date) AS date_min_clipped,
       bool_and(b <= '294276-12-31 23:59:59.999999'::timestamp) AS ts_max_clipped,
       bool_and(c IS NOT NULL) AS huge_interval
FROM (SELECT anon.dnoise('4714-11-25 BC'::date, '1000 years') a,
             anon.dnoise('294276-12-31 23:00'::timestamp, '10 years') b,
             anon.dnoise('2000-01-01'::timestamptz, '178000000 years') c
      FROM generate_series(1, 2000)) s;
SELECT anon.dnoise('infinity'::date, '1 day') AS inf_date, anon.dnoise('-infinity'::timestamp, '1 day') AS minus_inf_ts;
-- errors; NULL in, NULL out
SELECT anon.dnoise('2020-01-01'::date, '-1 day');
SELECT anon.dnoise('2020-01-01'::timestamp, '1 day -25 hours');
SELECT anon.dnoise(NULL::date, '1 day') IS NULL AS null_value, anon.dnoise(now(), NULL) IS NULL AS null_interval;
