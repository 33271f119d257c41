-- Static masking: mask the data itself, for a copy of production that others may use.

-- A masked copy of a whole schema: same structure, every rule applied, the source untouched.
SELECT table_name, masked_columns, rows, method FROM anon.create_masked_copy('public', 'masked_copy');
SELECT id, first_name, last_name, email, phone, salary, iban FROM masked_copy.customer ORDER BY id LIMIT 3;
SELECT id, first_name, last_name, email, phone, salary, iban FROM public.customer ORDER BY id LIMIT 3;

-- In place: one pass over the table for all its masked columns, written into a new heap
-- and swapped in (method "rewrite"): no dead rows, no bloat, indexes rebuilt.
CREATE TABLE scratch (LIKE customer INCLUDING ALL);
INSERT INTO scratch SELECT * FROM customer;
SECURITY LABEL FOR anon ON COLUMN scratch.email IS 'MASKED WITH FUNCTION md5(email) || ''@example.org''';
SECURITY LABEL FOR anon ON COLUMN scratch.last_name IS 'MASKED WITH FUNCTION anon.random_string(8)';
SELECT pg_size_pretty(pg_total_relation_size('scratch')) AS size_before;
-- Long runs report their progress to other sessions in
-- anon.pg_stat_progress_anonymize (empty here: nothing is running).
SELECT pid, relid::regclass, phase, method, heap_blks_scanned, heap_blks_total
FROM anon.pg_stat_progress_anonymize;
SET anon.progress_rows = 500;
SELECT * FROM anon.anonymize_table_report('scratch');
RESET anon.progress_rows;
SELECT pg_size_pretty(pg_total_relation_size('scratch')) AS size_after;
SELECT id, last_name, email FROM scratch ORDER BY id LIMIT 3;

-- Noise, as in PostgreSQL Anonymizer: each salary moves by at most 10%, each birth date by 30 days.
SELECT * FROM anon.add_noise_on_numeric_column_report('scratch', 'salary', 0.1);
SELECT * FROM anon.add_noise_on_datetime_column_report('scratch', 'birth_date', '30 days');
SELECT count(*) FILTER (WHERE s.salary BETWEEN c.salary * 0.9 AND c.salary * 1.1) AS within_10_percent,
       count(*) AS rows
FROM scratch s JOIN customer c USING (id);

-- A rule that would break a constraint fails before anything is kept, naming it.
SECURITY LABEL FOR anon ON COLUMN scratch.email IS 'MASKED WITH VALUE ''same@example.org''';
\set ON_ERROR_STOP 0
SELECT * FROM anon.anonymize_table_report('scratch');
\set ON_ERROR_STOP 1

DROP TABLE scratch;
DROP SCHEMA masked_copy CASCADE;
