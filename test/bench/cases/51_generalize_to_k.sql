-- name: anon.generalize_to_k(k=10) over 1M rows, 4 quasi-identifiers, vs one GROUP BY pass
-- target: 60
-- The issue's goal is an absolute one (under a minute on 2 cores): the
-- baseline is the single GROUP BY a DBA would run to measure k once, so the
-- ratio says how many such passes the whole lattice search costs.
-- setup:
DROP TABLE IF EXISTS kanon_search_bench;
CREATE TABLE kanon_search_bench AS
SELECT (18 + (i * 7919) % 70)::int AS age,
       date '1950-01-01' + ((i * 104729) % 18000)::int AS birth,
       lpad(((i * 31337) % 997)::text, 5, '0') AS zip,
       (ARRAY['F', 'M'])[1 + i % 2] AS sex,
       i AS id
FROM generate_series(1::bigint, 1000000) i;
SECURITY LABEL FOR anon ON COLUMN kanon_search_bench.age IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN kanon_search_bench.birth IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN kanon_search_bench.zip IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN kanon_search_bench.sex IS 'QUASI-IDENTIFIER';
VACUUM ANALYZE kanon_search_bench;
-- ours:
SELECT attname, level, k_achieved, nodes_checked FROM anon.generalize_to_k('kanon_search_bench', 10);
-- baseline:
SELECT min(c) FROM (SELECT count(*) c FROM kanon_search_bench GROUP BY age, birth, zip, sex) s;
