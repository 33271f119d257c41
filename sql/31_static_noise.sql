-- Static noise: add_noise_on_numeric_column, add_noise_on_datetime_column
\set VERBOSITY terse

CREATE TABLE noise_t (id int, i int, f float8, n numeric, d date, ts timestamptz, label text);
INSERT INTO noise_t
SELECT g, 1000, 1.0, 1000000000000.5, date '2020-06-15', timestamptz '2020-06-15 12:00:00+00', 'x'
FROM generate_series(1, 10000) g;
INSERT INTO noise_t (id) VALUES (0);   -- NULLs stay NULL

-- integer column, ratio 0.1: every value within 10%, rounded, and moved
SELECT table_name, masked_columns, rows, method
FROM anon.add_noise_on_numeric_column_report('noise_t', 'i', 0.1);
SELECT count(*) FILTER (WHERE i BETWEEN 900 AND 1100) AS in_range,
       count(*) FILTER (WHERE i <> 1000) > 9000 AS moved,
       count(*) FILTER (WHERE i IS NULL) AS nulls
FROM noise_t;

-- float column, ratio 0.5: uniform on [0.5, 1.5): chi-square over 10 bins
-- (df 9, critical value 50.17 for a false alarm rate of 1e-7)
SELECT rows FROM anon.add_noise_on_numeric_column_report('noise_t', 'f', 0.5);
SELECT count(*) FILTER (WHERE f >= 0.5 AND f < 1.5) AS in_range FROM noise_t;
SELECT sum((c - 1000.0) ^ 2 / 1000.0) < 50.17 AS uniform
FROM (SELECT floor((f - 0.5) * 10) AS bin, count(*) AS c
      FROM noise_t WHERE f IS NOT NULL GROUP BY 1) s;
SELECT count(DISTINCT floor((f - 0.5) * 10)) AS bins FROM noise_t WHERE f IS NOT NULL;

-- numeric column keeps its precision
SELECT rows FROM anon.add_noise_on_numeric_column_report('noise_t', 'n', 0.000001);
SELECT count(*) FILTER (WHERE n BETWEEN 999999000000 AND 1000001000001) AS in_range,
       count(*) FILTER (WHERE n <> 1000000000000.5) > 9000 AS moved
FROM noise_t;

-- ratio 0 changes nothing
CREATE TEMP TABLE noise_before AS SELECT id, i FROM noise_t;
SELECT rows FROM anon.add_noise_on_numeric_column_report('noise_t', 'i', 0);
SELECT count(*) AS changed FROM noise_t JOIN noise_before USING (id)
WHERE noise_t.i IS DISTINCT FROM noise_before.i;

-- datetime: within the variation, both ways
SELECT rows, method FROM anon.add_noise_on_datetime_column_report('noise_t', 'ts', '2 days');
SELECT count(*) FILTER (WHERE ts BETWEEN timestamptz '2020-06-13 12:00:00+00'
                                     AND timestamptz '2020-06-17 12:00:00+00') AS in_range,
       count(*) FILTER (WHERE ts < timestamptz '2020-06-15 12:00:00+00') > 4000 AS earlier,
       count(*) FILTER (WHERE ts > timestamptz '2020-06-15 12:00:00+00') > 4000 AS later
FROM noise_t;
SELECT rows FROM anon.add_noise_on_datetime_column_report('noise_t', 'd', '10 days');
SELECT count(*) FILTER (WHERE d BETWEEN date '2020-06-05' AND date '2020-06-25') AS in_range,
       count(DISTINCT d) > 15 AS spread
FROM noise_t;

-- errors
SELECT * FROM anon.add_noise_on_numeric_column_report('noise_t', 'i', -0.1);
SELECT * FROM anon.add_noise_on_numeric_column_report('noise_t', 'i', 'NaN');
SELECT * FROM anon.add_noise_on_numeric_column_report('noise_t', 'i', 'Infinity');
SELECT * FROM anon.add_noise_on_numeric_column_report('noise_t', 'i', NULL);
SELECT * FROM anon.add_noise_on_numeric_column_report(NULL, 'i', 0.1);
SELECT * FROM anon.add_noise_on_numeric_column_report('noise_t', NULL, 0.1);
SELECT * FROM anon.add_noise_on_numeric_column_report('noise_t', 'label', 0.1);
SELECT * FROM anon.add_noise_on_numeric_column_report('noise_t', 'nosuch', 0.1);
SELECT * FROM anon.add_noise_on_datetime_column_report('noise_t', 'i', '1 day');
SELECT * FROM anon.add_noise_on_datetime_column_report('noise_t', 'ts', NULL);
SELECT * FROM anon.add_noise_on_datetime_column_report('noise_t', 'nosuch', '1 day');

-- only the owner
CREATE ROLE regress_noise_other;
GRANT SELECT, UPDATE ON noise_t TO regress_noise_other;
SET ROLE regress_noise_other;
SELECT * FROM anon.add_noise_on_numeric_column_report('noise_t', 'i', 0.1);
RESET ROLE;

-- partitioned tables: every partition
CREATE TABLE noise_p (id int, v int) PARTITION BY RANGE (id);
CREATE TABLE noise_p1 PARTITION OF noise_p FOR VALUES FROM (0) TO (100);
CREATE TABLE noise_p2 PARTITION OF noise_p FOR VALUES FROM (100) TO (200);
INSERT INTO noise_p SELECT g, 100 FROM generate_series(0, 199) g;
SELECT table_name, rows FROM anon.add_noise_on_numeric_column_report('noise_p', 'v', 0.2) ORDER BY 1;
SELECT count(*) FILTER (WHERE v BETWEEN 80 AND 120) AS in_range,
       count(*) FILTER (WHERE v <> 100) > 150 AS moved
FROM noise_p;

DROP TABLE noise_t, noise_p;
DROP ROLE regress_noise_other;
