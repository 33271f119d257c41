-- anon.random_*: ranges, uniformity and errors.
--
-- Uniformity is checked with chi-square statistics against fixed thresholds
-- whose false-alarm rate is 1e-7 each (test/tools/chi2_critical.py): df 2
-- 32.24, df 3 35.41, df 9 50.17, df 61 136.66.  Random values are never
-- printed: only the verdicts are.
\set VERBOSITY terse

-- random_int_between: inclusive bounds, every value reached, uniform
SELECT min(v) = 1 AS min_ok, max(v) = 10 AS max_ok, count(DISTINCT v) = 10 AS all_values
FROM (SELECT anon.random_int_between(1, 10) v FROM generate_series(1, 10000)) s;
SELECT sum((n - 10000.0)^2 / 10000.0) < 50.17 AS uniform
FROM (SELECT v, count(*) n
      FROM (SELECT anon.random_int_between(1, 10) v FROM generate_series(1, 100000)) s
      GROUP BY v) c;
SELECT anon.random_int_between(5, 5) AS degenerate;
SELECT count(*) = 1000 AS full_range
FROM (SELECT anon.random_int_between(-2147483648, 2147483647) v FROM generate_series(1, 1000)) s
WHERE v BETWEEN -2147483648 AND 2147483647;
SELECT anon.random_int_between(10, 1);
-- the bounds may come from masked data: the client never sees them (the
-- server log does)
\set VERBOSITY default
SELECT anon.random_int_between(10, 1);
SELECT anon.random_date_between('2021-01-01', '2020-01-01');
\set VERBOSITY terse
-- a NULL bound or length is NULL, as in PostgreSQL Anonymizer (STRICT)
SELECT anon.random_int_between(NULL, 1);
SELECT anon.random_int_between(1, NULL);

-- random_bigint_between: a range of 3 * 2^62 values is where modulo reduction
-- of a 64-bit word would put half of the draws in the first third
SELECT sum((n - 10000.0)^2 / 10000.0) < 32.24 AS no_modulo_bias
FROM (SELECT floor((v::numeric + 9223372036854775808) / 4611686018427387904) b, count(*) n
      FROM (SELECT anon.random_bigint_between(-9223372036854775808, 4611686018427387903) v
            FROM generate_series(1, 30000)) s
      GROUP BY b) c;
SELECT count(*) = 1000 AS full_int8_range
FROM (SELECT anon.random_bigint_between(-9223372036854775808, 9223372036854775807) v
      FROM generate_series(1, 1000)) s;
SELECT min(v) = 10000000000 AND max(v) = 10000000003 AS bigint_bounds
FROM (SELECT anon.random_bigint_between(10000000000, 10000000003) v FROM generate_series(1, 2000)) s;
SELECT anon.random_bigint_between(2, 1);
SELECT anon.random_bigint_between(NULL, NULL);

-- random_string: letters and digits, each with the same probability
SELECT anon.random_string(12) ~ '^[A-Za-z0-9]{12}$' AS shape, anon.random_string(0) = '' AS empty;
SELECT count(*) = 62 AS all_chars, sum((n - 2000.0)^2 / 2000.0) < 136.66 AS uniform
FROM (SELECT c, count(*) n
      FROM (SELECT regexp_split_to_table(anon.random_string(100), '') c
            FROM generate_series(1, 1240)) s
      GROUP BY c) c;
SELECT anon.random_string(-1);
SELECT anon.random_string(NULL::integer);

-- random_date_between
SELECT bool_and(v BETWEEN '2020-01-01' AND '2020-12-31') AS in_range,
       count(DISTINCT v::date) > 300 AS spread
FROM (SELECT anon.random_date_between('2020-01-01', '2020-12-31') v FROM generate_series(1, 5000)) s;
SELECT anon.random_date_between('2021-06-01 12:00+00', '2021-06-01 12:00+00') = '2021-06-01 12:00+00' AS degenerate;
SELECT anon.random_date_between('2021-01-01', '2020-01-01');
SELECT anon.random_date_between('-infinity', '2020-01-01');
SELECT anon.random_date_between(NULL, now());

-- random_in: every element, uniform, keeps the element type
SELECT pg_typeof(anon.random_in(ARRAY[1, 2, 3])) AS int_type,
       pg_typeof(anon.random_in(ARRAY['a', 'b']::text[])) AS text_type;
SELECT count(*) = 4 AS all_elements, sum((n - 10000.0)^2 / 10000.0) < 35.41 AS uniform
FROM (SELECT v, count(*) n
      FROM (SELECT anon.random_in(ARRAY['red', 'green', 'blue', 'yellow']) v
            FROM generate_series(1, 40000)) s
      GROUP BY v) c;
SELECT anon.random_in(ARRAY[[1, 2], [3, 4]]) BETWEEN 1 AND 4 AS multidim;
SELECT count(*) FILTER (WHERE v IS NULL) > 0 AS picks_null_elements
FROM (SELECT anon.random_in(ARRAY[1, NULL]) v FROM generate_series(1, 200)) s;
SELECT anon.random_in('{}'::int[]);
SELECT anon.random_in(NULL::int[]);

-- random_zip and random_phone
SELECT bool_and(z ~ '^[0-9]{5}$') AS zip_shape FROM (SELECT anon.random_zip() z FROM generate_series(1, 1000)) s;
SELECT sum((n - 10000.0)^2 / 10000.0) < 50.17 AS zip_digits_uniform
FROM (SELECT d, count(*) n
      FROM (SELECT regexp_split_to_table(anon.random_zip(), '') d FROM generate_series(1, 20000)) s
      GROUP BY d) c;
SELECT anon.random_phone() ~ '^0[1-9][0-9]{8}$' AS default_prefix,
       anon.random_phone('+33 ') ~ '^\+33 [1-9][0-9]{8}$' AS custom_prefix;
SELECT anon.random_phone(NULL);
