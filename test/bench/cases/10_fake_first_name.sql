-- name: anon.fake_first_name() over 1M rows vs a dictionary lookup in SQL
-- target: 0.5
--
-- The baseline is a fair dictionary lookup in SQL: a function that reads a
-- table of first names (the same en_US ones) by a random id through its
-- primary key (the random id is a sub-select, so that the index is used),
-- with the table's size computed once at setup (not max(oid) on every call,
-- which would overstate our lead about 5x).
-- setup:
DROP TABLE IF EXISTS bench_first_name CASCADE;
CREATE TABLE bench_first_name (oid serial PRIMARY KEY, val text);
INSERT INTO bench_first_name (val) SELECT anon.dictionary('first_name', 'en_US');
ANALYZE bench_first_name;
DO $$ BEGIN
  EXECUTE format('CREATE FUNCTION bench_fake_first_name() RETURNS text LANGUAGE sql VOLATILE
    AS %L', format('SELECT val FROM bench_first_name WHERE oid = (SELECT floor(random() * %s)::integer + 1)',
                   (SELECT count(*) FROM bench_first_name)));
END $$;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT count(anon.fake_first_name()) FROM generate_series(1, 1000000);
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT count(bench_fake_first_name()) FROM generate_series(1, 1000000);
