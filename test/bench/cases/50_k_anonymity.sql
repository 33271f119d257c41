-- name: anon.k_anonymity over 1M rows, 4 quasi-identifiers, vs the plain GROUP BY
-- target: 1.2
-- setup:
DROP TABLE IF EXISTS kanon_bench;
CREATE TABLE kanon_bench AS
SELECT (i % 90) AS age, (i % 2)::text AS sex, lpad((i % 1000)::text, 5, '0') AS zip,
       (i % 7) AS dept, i AS id
FROM generate_series(1, 1000000) i;
SECURITY LABEL FOR anon ON COLUMN kanon_bench.age IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN kanon_bench.sex IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN kanon_bench.zip IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN kanon_bench.dept IS 'QUASI-IDENTIFIER';
VACUUM ANALYZE kanon_bench;
-- ours:
SELECT anon.k_anonymity('kanon_bench');
-- baseline:
SELECT min(c) FROM (SELECT count(*) c FROM kanon_bench GROUP BY age, sex, zip, dept) s;
