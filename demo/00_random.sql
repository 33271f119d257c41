-- Randomization: every value comes from OpenSSL's CSPRNG (src/random.c).
SELECT anon.random_int_between(1, 6) AS dice,
       anon.random_bigint_between(1, 10000000000) AS big,
       anon.random_string(12) AS token,
       anon.random_date_between('2000-01-01', '2020-12-31')::date AS day,
       anon.random_in(ARRAY['red', 'green', 'blue']) AS colour,
       anon.random_zip() AS zip,
       anon.random_phone('+33 ') AS phone;

-- Bad input is an error that says what is wrong.
\set ON_ERROR_STOP 0
SELECT anon.random_int_between(10, 1);
\set ON_ERROR_STOP 1
