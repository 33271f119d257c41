-- name: anonymize_table on a Citus distributed table (500k rows) vs CREATE TABLE AS, distributed
-- target: 1.5
-- requires: citus
--
-- Ours computes the masks into a co-located copy on the workers, empties
-- the table (TRUNCATE) and refills it from the copy, all in one
-- transaction (two-phase commit).  The baseline computes the same four
-- masking expressions into a new table distributed the same way
-- (co-located), with Citus's INSERT ... SELECT.
-- setup:
DROP TABLE IF EXISTS bench_cpeople, bench_cpeople_ctas;
CREATE TABLE bench_cpeople (
    id int PRIMARY KEY,
    first_name text,
    last_name text,
    email text,
    phone text,
    birth date,
    city text
);
SELECT create_distributed_table('bench_cpeople', 'id');
INSERT INTO bench_cpeople
SELECT i, 'first' || i, 'last' || i, 'user' || i || '@example.com',
       '+33 6 ' || lpad((i::bigint * 7919 % 100000000)::text, 8, '0'),
       date '1950-01-01' + (i % 20000), 'city' || (i % 500)
FROM generate_series(1, 500000) i;
SECURITY LABEL FOR anon ON COLUMN bench_cpeople.first_name IS 'MASKED WITH FUNCTION anon.random_string(length(first_name))';
SECURITY LABEL FOR anon ON COLUMN bench_cpeople.last_name IS 'MASKED WITH VALUE ''CONFIDENTIAL''';
SECURITY LABEL FOR anon ON COLUMN bench_cpeople.email IS 'MASKED WITH FUNCTION left(md5(email), 10) || ''@example.org''';
SECURITY LABEL FOR anon ON COLUMN bench_cpeople.phone IS 'MASKED WITH FUNCTION anon.random_phone(''+33 6 '')';
VACUUM ANALYZE bench_cpeople;
-- ours:
SELECT rows, method FROM anon.anonymize_table_report('bench_cpeople');
-- baseline:
DROP TABLE IF EXISTS bench_cpeople_ctas;
CREATE TABLE bench_cpeople_ctas (LIKE bench_cpeople);
SELECT create_distributed_table('bench_cpeople_ctas', 'id', colocate_with => 'bench_cpeople');
INSERT INTO bench_cpeople_ctas
SELECT id, anon.random_string(length(first_name)), 'CONFIDENTIAL'::text,
       left(md5(email), 10) || '@example.org', anon.random_phone('+33 6 '),
       birth, city
FROM bench_cpeople;
