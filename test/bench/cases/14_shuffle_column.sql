-- name: anon.shuffle_column over 500k rows vs PostgreSQL Anonymizer's two-sort SQL shuffle
-- target: 1.0
-- setup:
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_shuffle;
CREATE TABLE bench_shuffle (id int PRIMARY KEY, v text);
INSERT INTO bench_shuffle SELECT i, md5(i::text) FROM generate_series(1, 500000) i;
VACUUM ANALYZE bench_shuffle;
-- before:
VACUUM bench_shuffle;
-- ours:
SELECT anon.shuffle_column('bench_shuffle', 'v', 'id') AS shuffled \gset
-- baseline:
WITH s1 AS (SELECT row_number() OVER (ORDER BY random()) n, id AS pkey FROM bench_shuffle),
     s2 AS (SELECT row_number() OVER (ORDER BY random()) n, v AS val FROM bench_shuffle)
UPDATE bench_shuffle SET v = s2.val FROM s1 JOIN s2 ON s1.n = s2.n WHERE id = s1.pkey;
