-- name: anon.anonymize_table, 10M rows, 4 masked cols, 2 indexes vs CTAS + 2 indexes, peak memory
-- target: 1.5
--
-- 31 at 10M rows; each side also prints its backend's peak resident memory
-- (VmHWM, which counts the shared buffers the backend touched).  As in 31,
-- the baseline does the
-- same work as the rewrite: the masked copy with CREATE TABLE AS, then the
-- same two indexes (primary key and email).  The table is rebuilt, unmasked,
-- before each timed side (untimed), so no run re-masks masked data.
-- setup:
-- before:
SET max_parallel_workers_per_gather = 0;
DROP TABLE IF EXISTS bench_people;
CREATE TABLE bench_people (
    id int PRIMARY KEY,
    first_name text,
    last_name text,
    email text,
    phone text,
    birth date,
    city text,
    notes text
);
INSERT INTO bench_people
SELECT i, 'first' || i, 'last' || i, 'user' || i || '@example.com',
       '+33 6 ' || lpad((i::bigint * 7919 % 100000000)::text, 8, '0'),
       date '1950-01-01' + (i % 20000),
       'city' || (i % 500),
       repeat(md5(i::text), 3)
FROM generate_series(1, 10000000) i;
CREATE INDEX bench_people_email ON bench_people (email);
SECURITY LABEL FOR anon ON COLUMN bench_people.first_name IS 'MASKED WITH FUNCTION anon.random_string(length(first_name))';
SECURITY LABEL FOR anon ON COLUMN bench_people.last_name IS 'MASKED WITH VALUE ''CONFIDENTIAL''';
SECURITY LABEL FOR anon ON COLUMN bench_people.email IS 'MASKED WITH FUNCTION left(md5(email), 10) || ''@example.org''';
SECURITY LABEL FOR anon ON COLUMN bench_people.phone IS 'MASKED WITH FUNCTION anon.random_phone(''+33 6 '')';
VACUUM ANALYZE bench_people;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT rows AS masked_rows, method AS masked_method FROM anon.anonymize_table_report('bench_people') \gset
SELECT pg_backend_pid() AS bench_pid \gset
\setenv BENCH_PID :bench_pid
\! echo; sed -n 's/^VmHWM:/PEAK VmHWM:/p' /proc/$BENCH_PID/status
-- baseline:
SET max_parallel_workers_per_gather = 0;
DROP TABLE IF EXISTS bench_people_ctas;
CREATE TABLE bench_people_ctas AS
SELECT id, anon.random_string(length(first_name)) AS first_name, 'CONFIDENTIAL'::text AS last_name,
       left(md5(email), 10) || '@example.org' AS email, anon.random_phone('+33 6 ') AS phone,
       birth, city, notes
FROM bench_people;
CREATE INDEX ON bench_people_ctas (email);
ALTER TABLE bench_people_ctas ADD PRIMARY KEY (id);
SELECT pg_backend_pid() AS bench_pid \gset
\setenv BENCH_PID :bench_pid
\! echo; sed -n 's/^VmHWM:/PEAK VmHWM:/p' /proc/$BENCH_PID/status
