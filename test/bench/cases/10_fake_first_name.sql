-- name: anon.fake_first_name() over 1M rows vs PostgreSQL Anonymizer's lookup
-- target: 0.5
--
-- The baseline is PostgreSQL Anonymizer's way of faking: a SQL function that
-- looks up a table of first names (the same 3000 en_US ones) by a random id
-- through its primary key.
-- setup:
DROP TABLE IF EXISTS bench_first_name CASCADE;
CREATE TABLE bench_first_name (oid serial PRIMARY KEY, val text);
INSERT INTO bench_first_name (val) SELECT anon.dictionary('first_name', 'en_US');
ANALYZE bench_first_name;
CREATE FUNCTION bench_random_id() RETURNS integer LANGUAGE sql VOLATILE
AS $$ SELECT floor(random() * (SELECT max(oid) FROM bench_first_name))::integer + 1 $$;
CREATE FUNCTION bench_fake_first_name() RETURNS text LANGUAGE sql VOLATILE
AS $$ SELECT val FROM bench_first_name WHERE oid = (SELECT bench_random_id()) $$;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT count(anon.fake_first_name()) FROM generate_series(1, 1000000);
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT count(bench_fake_first_name()) FROM generate_series(1, 1000000);
