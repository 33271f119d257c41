-- Synthetic tables (src/dp_synth.c), the edges: sources of every shape
-- (empty, one column, only NULLs, special values), and attacks on the
-- target by a DIFFERENTIAL PRIVACY role, each with a positive control.
-- Noise makes the figures random: every check is a boolean with a fixed
-- threshold (false-alarm rate below 1e-6).
\set VERBOSITY terse
SET timezone = 'UTC';

-- An empty table: the target is made, with a DP estimate of 0 rows (the
-- 2-way noise of a few cells, sigma about 11: 200 is over 10 of it)
CREATE TABLE synth_e_empty (a int, b text, c date);
SELECT modelled_columns, synthetic_rows < 200 AS few_rows
FROM anon.synthesize('synth_e_empty', 'synth_e_empty_out', 1.0, 1e-6);
SELECT count(*) < 200 AS few_rows FROM synth_e_empty_out;
-- with rows asked for, exactly that many; the report puts an empty table
-- at distance 1 from a non-empty one
SELECT synthetic_rows FROM anon.synthesize('synth_e_empty', 'synth_e_empty_out2', 1.0, 1e-6, 10);
SELECT column1, column2, tvd FROM anon.synthesis_report('synth_e_empty', 'synth_e_empty_out2')
WHERE column1 = '*';

-- One column: its 1-way marginal alone (noise sigma about 9 per cell:
-- TVD 0.1 is 200 rows off, over 20 of it); the report gives its 1-way TVD
CREATE TABLE synth_e_one AS SELECT (g % 5)::text AS k FROM generate_series(1, 2000) g;
SELECT modelled_columns, measured_marginals
FROM anon.synthesize('synth_e_one', 'synth_e_one_out', 1.0, 1e-6);
SELECT count(DISTINCT k) FILTER (WHERE k IN ('0', '1', '2', '3', '4')) AS values_kept,
       count(*) FILTER (WHERE k NOT IN ('0', '1', '2', '3', '4', 'other')) AS unknown
FROM synth_e_one_out;
SELECT column1, column2, tvd < 0.1 AS close
FROM anon.synthesis_report('synth_e_one', 'synth_e_one_out');

-- Only NULLs, in every kind of column: NULL is a category of its own, so
-- the output is NULL; an empty bin passes the numbers' threshold with
-- probability about 3e-5 and then holds a few dozen rows, never half
CREATE TABLE synth_e_null (a int, b text, c float8, d numeric, e timestamptz, f bool);
INSERT INTO synth_e_null SELECT NULL, NULL, NULL, NULL, NULL, NULL FROM generate_series(1, 1000);
SELECT modelled_columns FROM anon.synthesize('synth_e_null', 'synth_e_null_out', 1.0, 1e-6);
SELECT avg((a IS NULL)::int) > 0.5 AS a_null, avg((b IS NULL)::int) > 0.5 AS b_null,
       avg((c IS NULL)::int) > 0.5 AS c_null, avg((d IS NULL)::int) > 0.5 AS d_null,
       avg((e IS NULL)::int) > 0.5 AS e_null, avg((f IS NULL)::int) > 0.5 AS f_null
FROM synth_e_null_out;
SELECT tvd < 0.5 AS close FROM anon.synthesis_report('synth_e_null', 'synth_e_null_out')
WHERE column1 = '*';

-- Special values, frequent enough to be kept (a third of the rows each):
-- NaN, infinities, negative numbers, infinite dates; and every other type
-- the output takes through its input function.  An empty half octave is
-- kept with probability about 3e-5 (146 of them below zero: 0.5% that one
-- is) and then holds about 4 of its standard deviations (about 22): a few
-- negative i8 may appear, never 300.  tz spreads 2,700 values over 8
-- years (about 340 a year, 28 a month, with 23 columns sharing the budget):
-- years are measured as such (not as sums of 12 noisy months, which lost
-- them all in a third of the runs, leaving tz NULL)
CREATE TABLE synth_e_all (i2 int2, i8 int8, f4 float4, f8 float8, n numeric,
  n2 numeric(4,1), d date, t timestamp, tz timestamptz, tx text, vc varchar(2),
  ch char(3), bo bool, js jsonb, u uuid, arr int[], iv interval, ti time,
  by bytea, ip inet, mo money, nm name, x xml);
INSERT INTO synth_e_all
SELECT g % 3, g * 1000000000000,
       CASE WHEN g % 3 = 0 THEN 'NaN' ELSE g / 3.0 END,
       CASE WHEN g % 3 = 0 THEN '-Infinity'::float8 ELSE -g END,
       CASE WHEN g % 3 = 0 THEN 'NaN'::numeric ELSE g * 1.5 END,
       (g % 999) / 10.0,
       CASE WHEN g % 3 = 0 THEN 'infinity'::date ELSE date '2000-01-01' + g END,
       timestamp '1999-12-31' + g * interval '1 min',
       CASE WHEN g % 10 = 0 THEN NULL ELSE timestamptz '2020-01-01' + g * interval '1 day' END,
       'x' || (g % 4), (g % 3)::text, 'c' || (g % 2), g % 2 = 0,
       jsonb_build_object('a', g % 2), NULL, ARRAY[g % 2], (g % 3) * interval '1 day',
       time '01:00' + (g % 2) * interval '1 hour', '\x00ff'::bytea, '::1'::inet,
       1::money, 'n' || (g % 2), '<a/>'::xml
FROM generate_series(1, 3000) g;
SELECT modelled_columns FROM anon.synthesize('synth_e_all', 'synth_e_all_out', 1.0, 1e-6);
SELECT count(*) AS same_types FROM pg_attribute s
JOIN pg_attribute o USING (attnum, attname, atttypid, atttypmod)
WHERE s.attrelid = 'synth_e_all'::regclass AND o.attrelid = 'synth_e_all_out'::regclass
  AND attnum > 0;
SELECT count(*) FILTER (WHERE f4 = 'NaN') > 300 AS f4_nan,
       count(*) FILTER (WHERE f8 = '-Infinity') > 300 AS f8_minus_inf,
       count(*) FILTER (WHERE f8 < 0 AND f8 > '-Infinity') > 1000 AS f8_negative,
       count(*) FILTER (WHERE n = 'NaN') > 300 AS numeric_nan,
       count(*) FILTER (WHERE d = 'infinity') > 300 AS date_infinity,
       count(*) FILTER (WHERE tz IS NULL) BETWEEN 100 AND 600 AS tz_nulls,
       count(*) FILTER (WHERE tz BETWEEN '2019-12-01' AND '2028-12-31') > 2000 AS tz_values,
       count(u) AS uuids, count(DISTINCT js) >= 2 AS jsons, count(x) > 2000 AS xmls,
       count(*) FILTER (WHERE i8 < 0) < 300 AS few_negative_i8
FROM synth_e_all_out;
DROP TABLE synth_e_empty, synth_e_empty_out, synth_e_empty_out2, synth_e_one,
  synth_e_one_out, synth_e_null, synth_e_null_out, synth_e_all, synth_e_all_out;

-- Attacks by a DIFFERENTIAL PRIVACY role.  It gets a synthetic table only
-- through anon.synthesize, charged; every refusal below charges nothing.
CREATE ROLE regress_synth_x;
SECURITY LABEL FOR anon ON ROLE regress_synth_x IS 'DIFFERENTIAL PRIVACY';
SELECT anon.set_budget('regress_synth_x', 1.0, 1e-5);
CREATE TABLE synth_x_src AS
SELECT g % 5 AS a, 'c' || (g % 3) AS b, 'person' || g AS name
FROM generate_series(1, 3000) g;
SECURITY LABEL FOR anon ON COLUMN synth_x_src.name IS 'MASKED WITH VALUE NULL';
CREATE TABLE synth_x_cols (a int, secret text);
INSERT INTO synth_x_cols SELECT g % 5, 's' || (g % 2) FROM generate_series(1, 3000) g;
SECURITY LABEL FOR anon ON COLUMN synth_x_cols.secret IS 'QUASI-IDENTIFIER';
CREATE TABLE synth_x_taken (x int);
INSERT INTO synth_x_taken VALUES (42);
CREATE VIEW synth_x_view AS SELECT 1 AS x;
CREATE SEQUENCE synth_x_seq;
CREATE TYPE synth_x_type AS (x int);
CREATE SCHEMA synth_x_locked;
GRANT USAGE ON SCHEMA synth_x_locked TO regress_synth_x;
GRANT SELECT ON synth_x_src TO regress_synth_x;
GRANT SELECT (a) ON synth_x_cols TO regress_synth_x;
GRANT CREATE ON SCHEMA public TO regress_synth_x;
SET ROLE regress_synth_x;
-- the baselines (noiseless: not private) and the noise are superusers' only
SELECT * FROM anon._synthesize_mode('synth_x_src', 'synth_x_nl', 1.0, 1e-6, 'noiseless');
SELECT * FROM anon._synthesize_noise('synth_x_src', 1.0, 1e-6);
-- a target that exists (a table of another owner, a view, a sequence, a
-- type, the source itself), in a schema without CREATE, in pg_catalog, in
-- no schema, or no name at all: refused before anything is read
SELECT * FROM anon.synthesize('synth_x_src', 'synth_x_taken', 0.1, 1e-6, 10);
SELECT * FROM anon.synthesize('synth_x_src', 'public.synth_x_view', 0.1, 1e-6, 10);
SELECT * FROM anon.synthesize('synth_x_src', 'synth_x_seq', 0.1, 1e-6, 10);
SELECT * FROM anon.synthesize('synth_x_src', 'synth_x_type', 0.1, 1e-6, 10);
SELECT * FROM anon.synthesize('synth_x_src', 'synth_x_src', 0.1, 1e-6, 10);
SELECT * FROM anon.synthesize('synth_x_src', 'synth_x_locked.t', 0.1, 1e-6, 10);
SELECT * FROM anon.synthesize('synth_x_src', 'pg_catalog.synth_x_t', 0.1, 1e-6, 10);
SELECT * FROM anon.synthesize('synth_x_src', 'synth_x_nowhere.t', 0.1, 1e-6, 10);
SELECT * FROM anon.synthesize('synth_x_src', '', 0.1, 1e-6, 10);
SELECT * FROM anon.synthesize('synth_x_src', 'a.b.c.d', 0.1, 1e-6, 10);
-- a column it may not read, asked for or not: refused
SELECT * FROM anon.synthesize('synth_x_cols', 'synth_x_c1', 0.1, 1e-6, 10);
SELECT * FROM anon.synthesize('synth_x_cols', 'synth_x_c1', 0.1, 1e-6, 10, ARRAY['secret']);
-- more than its budget: refused
SELECT * FROM anon.synthesize('synth_x_src', 'synth_x_big', 1.5, 1e-6, 10);
-- nothing was charged, nothing made
SELECT round(epsilon::numeric, 6) AS eps_left, round(delta::numeric, 9) AS delta_left
FROM anon.budget_remaining();
SELECT to_regclass('synth_x_big') IS NULL AS big_not_made,
       to_regclass('synth_x_c1') IS NULL AS c1_not_made;
-- positive controls: a new name, and the column it may read, are made
-- and charged once each
SELECT synthetic_rows FROM anon.synthesize('synth_x_src', 'synth_x_new', 0.25, 1e-6, 10);
SELECT synthetic_rows FROM anon.synthesize('synth_x_cols', 'synth_x_c2', 0.25, 1e-6, 10, ARRAY['a']);
SELECT count(*) AS rows_made, count(name) AS names FROM synth_x_new;
SELECT count(a) AS a_made, count(secret) AS secrets FROM synth_x_c2;
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining();
-- its own table in its temporary schema is its own business: made
SELECT synthetic_rows FROM anon.synthesize('synth_x_src', 'pg_temp.synth_x_taken', 0.25, 1e-6, 5);
SELECT count(*) AS temp_rows FROM pg_temp.synth_x_taken;
-- a synthesis rolled back (the whole transaction, or to a savepoint) read
-- the source: it stays charged, though its table is gone
BEGIN;
SELECT synthetic_rows FROM anon.synthesize('synth_x_src', 'synth_x_rb', 0.1, 1e-6, 10);
SELECT count(*) AS seen FROM synth_x_rb;
ROLLBACK;
BEGIN;
SAVEPOINT s;
SELECT synthetic_rows FROM anon.synthesize('synth_x_src', 'synth_x_rb', 0.1, 1e-6, 10);
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT round(epsilon::numeric, 6) AS eps_left, to_regclass('synth_x_rb') IS NULL AS rb_gone
FROM anon.budget_remaining();
-- and the synthetic table is all it reads: the source stays closed
SELECT * FROM synth_x_src LIMIT 1;
SELECT * FROM anon.synthesis_report('synth_x_src', 'synth_x_new');
RESET ROLE;
-- the table of the same name it could not overwrite is as it was
SELECT * FROM public.synth_x_taken;
SELECT count(*) AS spends, sum(epsilon) AS epsilon
FROM anon.dp_spends WHERE role::text = 'regress_synth_x';
-- positive control of the closed doors: the superuser runs the baseline
SELECT modelled_columns FROM anon._synthesize_mode('synth_x_src', 'synth_x_nl', 1.0, 1e-6, 'noiseless');
DROP TABLE synth_x_src, synth_x_cols, public.synth_x_taken, pg_temp.synth_x_taken, synth_x_new, synth_x_c2, synth_x_nl;
DROP VIEW synth_x_view;
DROP SEQUENCE synth_x_seq;
DROP TYPE synth_x_type;
DROP SCHEMA synth_x_locked;
REVOKE CREATE ON SCHEMA public FROM regress_synth_x;
SECURITY LABEL FOR anon ON ROLE regress_synth_x IS NULL;
DELETE FROM anon.dp_budget WHERE role::text = 'regress_synth_x';
DROP ROLE regress_synth_x;
