-- name: anon.scrub_text(note, {email}) over 200k notes vs one regexp_replace for e-mails
-- target: 1.0
-- setup:
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_notes;
CREATE TABLE bench_notes AS
SELECT 'Customer ' || i || ' called on 2024-01-' || lpad((1 + i % 28)::text, 2, '0')
       || ' about order ' || (100000 + i) || '. '
       || CASE i % 4
            WHEN 0 THEN 'New address: user' || i || '@example.com, phone +33 6 12 34 '
                        || lpad((i % 100)::text, 2, '0') || ' 56.'
            WHEN 1 THEN 'Paid with card 4111 1111 1111 1111 from 192.168.' || (i % 256) || '.' || (i % 200) || '.'
            WHEN 2 THEN 'Refund to FR76 3000 6000 0112 3456 7890 189 requested.'
            ELSE 'Nothing personal in this note, only a long sentence about the weather and the delivery.'
          END AS note
FROM generate_series(1, 200000) i;
VACUUM ANALYZE bench_notes;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(anon.scrub_text(note, ARRAY['email']))) FROM bench_notes;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(length(regexp_replace(note, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '[EMAIL]', 'g'))) FROM bench_notes;
