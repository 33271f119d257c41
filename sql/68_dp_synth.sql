-- Differentially private synthetic tables (src/dp_synth.c): anon.synthesize
-- and anon.synthesis_report.  Noise makes the figures random: every check
-- is a boolean with a fixed threshold (false-alarm rate below 1e-6).
\set VERBOSITY terse
SET timezone = 'UTC';
CREATE TABLE synth_src AS
SELECT g AS id, (g % 7)::int2 AS grp,
       CASE g % 3 WHEN 0 THEN 'alpha' WHEN 1 THEN 'beta' ELSE 'gamma' END AS cat,
       ((g % 50) * 1.5)::numeric(6,2) AS amount,
       date '2020-01-01' + (g % 365) AS day,
       timestamp '2020-01-01' + g * interval '1 hour' AS ts,
       (g % 2 = 0) AS flag, g * 0.37::float8 AS x,
       ('v' || (g % 4))::varchar(3) AS code,
       'person' || g AS name
FROM generate_series(1, 3000) g;
SECURITY LABEL FOR anon ON COLUMN synth_src.name IS 'MASKED WITH VALUE NULL';

-- the target has the source's columns and types, in order
SELECT modelled_columns, measured_marginals, epsilon_spent, delta_spent, synthetic_rows
FROM anon.synthesize('synth_src', 'synth_out', 1.0, 1e-6, 2000);
SELECT count(*) = 0 AS same_columns FROM (
  (SELECT attnum, attname, atttypid, atttypmod FROM pg_attribute
    WHERE attrelid = 'synth_src'::regclass AND attnum > 0
   EXCEPT
   SELECT attnum, attname, atttypid, atttypmod FROM pg_attribute
    WHERE attrelid = 'synth_out'::regclass AND attnum > 0)
  UNION ALL
  (SELECT attnum, attname, atttypid, atttypmod FROM pg_attribute
    WHERE attrelid = 'synth_out'::regclass AND attnum > 0
   EXCEPT
   SELECT attnum, attname, atttypid, atttypmod FROM pg_attribute
    WHERE attrelid = 'synth_src'::regclass AND attnum > 0)) d;
SELECT count(*) AS rows_made FROM synth_out;
-- a masked column is not modelled: left NULL; the others are filled
SELECT count(name) AS names, count(cat) > 1900 AS cats, count(day) > 1900 AS days,
       count(ts) > 1900 AS timestamps
FROM synth_out;
-- the categories are the source's (all frequent), and "other" for the
-- merged rare ones (none here, but noise may give it a few rows); numbers
-- stay in range
SELECT count(DISTINCT cat) FILTER (WHERE cat IN ('alpha', 'beta', 'gamma')) AS cats,
       count(*) FILTER (WHERE cat NOT IN ('alpha', 'beta', 'gamma', 'other')) AS unknown_cats,
       bool_or(flag) AND NOT bool_and(flag) AS both_flags
FROM synth_out;
-- (an empty half octave is kept with probability about 3e-5, 292 of them
-- a column: 0.9%, and then holds about 4 standard deviations, 80 rows of
-- 3000; a tenth out of range takes 4 of them, probability below 1e-9)
SELECT avg((grp BETWEEN 0 AND 7)::int) > 0.9 AS grp_in_range,
       avg((day BETWEEN date '2019-06-01' AND date '2021-06-01')::int) > 0.9 AS days_in_range
FROM synth_out;
-- utility: the 2-way marginals of the source are kept (a loose bound), and
-- the report is exact on the source itself
-- (name is not modelled: its pairs are far, 1)
SELECT count(*) AS pairs,
       avg(tvd) FILTER (WHERE column1 <> '*' AND column2 <> 'name') < 0.4 AS close,
       min(tvd) FILTER (WHERE column2 = 'name') > 0.99 AS name_far
FROM anon.synthesis_report('synth_src', 'synth_out');
SELECT max(tvd) AS self_tvd FROM anon.synthesis_report('synth_src', 'synth_src');
-- the default number of rows is a DP estimate of the source's
SELECT synthetic_rows BETWEEN 2500 AND 3500 AS about_3000
FROM anon.synthesize('synth_src', 'synth_out2', 1.0, 1e-6);
-- a subset of columns; the others stay NULL
SELECT modelled_columns FROM anon.synthesize('synth_src', 'synth_out3', 1.0, 1e-6, 100,
                                             ARRAY['cat', 'flag']);
SELECT count(cat) > 90 AS cat_filled, count(grp) AS grp_filled FROM synth_out3;
-- refusals
SELECT * FROM anon.synthesize('synth_src', 'synth_out', 1.0, 1e-6, 10);	-- exists
SELECT * FROM anon.synthesize('synth_src', 'synth_x', 1.0, 0, 10);		-- delta 0
SELECT * FROM anon.synthesize('synth_src', 'synth_x', 0, 1e-6, 10);		-- epsilon
SELECT * FROM anon.synthesize('synth_src', 'synth_x', 1.0, 1e-6, 10, ARRAY['nope']);
SELECT * FROM anon.synthesize('synth_src', 'synth_x', 1.0, 1e-6, 10, ARRAY['name']);

-- the noise has the declared scale: over the data-independent cells
-- (every numeric fine cell and half octave, every 2-way cell) of 10
-- syntheses, sum(z^2 / sigma^2) / k lies in [0.7, 1.3]; for a chi-square
-- with k >= 1000 degrees of freedom, a false alarm has probability below
-- 1e-8 (Chernoff), and a sigma off by 20% fails
CREATE TABLE synth_num AS SELECT g % 40 AS a, (g * 7) % 100 AS b, g % 13 AS c
FROM generate_series(1, 5000) g;
CREATE TEMP TABLE synth_noise AS
SELECT i AS run, n.* FROM generate_series(1, 10) i, anon._synthesize_noise('synth_num', 1.0, 1e-6) n;
SELECT split_part(stage, ' ', 1) AS stage, count(*) >= 1000 AS enough,
       sum(noise * noise / (sigma * sigma)) / count(*) BETWEEN 0.7 AND 1.3 AS declared_scale
FROM synth_noise GROUP BY 1 ORDER BY 1;
-- and the declared scales spend exactly rho(1, 1e-6) = 0.0243560 (CKS
-- 2020; no category here, so no distinct counts): 0.6 of it on the three
-- columns' 1-way marginals, each column's third as fine cells (a quarter)
-- and half octaves (three quarters), 1 / (2 sigma^2) each; 0.35 on the
-- 2-way marginals, shared among the tree's two edges (one sigma per edge)
SELECT stage, count(DISTINCT sigma) AS sigmas,
       round((1 / (2 * max(sigma) ^ 2))::numeric, 7) AS rho
FROM synth_noise WHERE stage IN ('one-way', 'half-octave') GROUP BY stage ORDER BY stage;
SELECT round((0.6 * 0.0243560 / 3 * 0.25)::numeric, 7) AS fine,
       round((0.6 * 0.0243560 / 3 * 0.75)::numeric, 7) AS half_octave;
SELECT bool_and(sigmas = 1) AS one_sigma_per_edge, bool_and(edges = 2) AS two_edges,
       bool_and(abs(rho2 / (0.35 * 0.0243560) - 1) < 1e-5) AS rho_of_2way
FROM (SELECT run, count(*) AS edges, sum(rho_e) AS rho2, max(sigmas) AS sigmas
      FROM (SELECT run, stage, count(DISTINCT sigma) AS sigmas,
                   1 / (2 * max(sigma) ^ 2) AS rho_e
            FROM synth_noise WHERE stage LIKE 'two-way%' GROUP BY run, stage) e
      GROUP BY run) r;
SELECT * FROM anon._synthesize_noise('synth_num', 1.0, 1e-6) LIMIT 0;
-- categories found in the data are measured in two rounds: a quarter of
-- each column's share first, the pooled rest then to the columns in
-- proportion to the mass the first round left in "other".  A column with
-- a long tail (200 values of 15 rows, below the first threshold) and a
-- short one: each round's draws have their declared scale (same test as
-- above), the first round has one sigma (the columns' equal quarters), and
-- the rounds spend exactly the two columns' shares: rho(1, 5e-7) =
-- 0.0229374 (half of delta goes to the thresholds and the cap), less the
-- distinct counts' 0.02, times 0.6, over the 3 columns
CREATE TABLE synth_cat AS
SELECT CASE WHEN g % 2 = 0 THEN 'common' ELSE 'r' || (g % 400) END AS tail,
       CASE WHEN g % 3 = 0 THEN 'x' ELSE 'y' END AS short, g % 50 AS n
FROM generate_series(1, 6000) g;
CREATE TEMP TABLE synth_cnoise AS
SELECT i AS run, n.* FROM generate_series(1, 10) i, anon._synthesize_noise('synth_cat', 1.0, 1e-6) n;
SELECT stage, count(*) >= 1000 AS enough,
       sum(noise * noise / (sigma * sigma)) / count(*) BETWEEN 0.7 AND 1.3 AS declared_scale
FROM synth_cnoise WHERE stage LIKE 'category%' GROUP BY 1 ORDER BY 1;
SELECT bool_and(s1 = 1) AS one_first_sigma,
       bool_and(abs(rho1 / (0.25 * 0.0229374 * 0.98 * 0.6 / 3) - 1) < 1e-4) AS first_quarter,
       bool_and(abs(rho2 / (0.75 * 2 * 0.0229374 * 0.98 * 0.6 / 3) - 1) < 1e-4) AS pool_spent
FROM (SELECT run,
             count(DISTINCT sigma) FILTER (WHERE stage = 'category 1') AS s1,
             sum(DISTINCT 1 / (2 * sigma ^ 2)) FILTER (WHERE stage = 'category 1') AS rho1,
             sum(DISTINCT 1 / (2 * sigma ^ 2)) FILTER (WHERE stage = 'category 2') AS rho2
      FROM synth_cnoise GROUP BY run) r;

-- DIFFERENTIAL PRIVACY roles: a labelled table is a DP release, charged
-- once and atomically; too little budget is refused without a charge
CREATE ROLE regress_synth_dp;
CREATE ROLE regress_synth_masked;
CREATE ROLE regress_synth_other;
SECURITY LABEL FOR anon ON ROLE regress_synth_dp IS 'DIFFERENTIAL PRIVACY';
SECURITY LABEL FOR anon ON ROLE regress_synth_masked IS 'MASKED';
GRANT SELECT ON synth_src, synth_num TO regress_synth_dp, regress_synth_masked, regress_synth_other;
GRANT CREATE ON SCHEMA public TO regress_synth_dp, regress_synth_masked, regress_synth_other;
GRANT SELECT ON synth_out TO regress_synth_other;
SELECT anon.set_budget('regress_synth_dp', 1.5, 1e-5);
SET ROLE regress_synth_dp;
SELECT * FROM synth_src LIMIT 1;			-- the guard: no raw read
SELECT synthetic_rows FROM anon.synthesize('synth_src', 'synth_dp1', 1.0, 1e-6, 50);
SELECT round(epsilon::numeric, 6) AS eps_left, round(delta::numeric, 9) AS delta_left
FROM anon.budget_remaining();
SELECT count(*) AS rows_made, count(name) AS names FROM synth_dp1;
SELECT * FROM anon.synthesize('synth_src', 'synth_dp2', 1.0, 1e-6, 50);	-- fail: budget
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining();
SELECT to_regclass('synth_dp2') IS NULL AS not_created;
-- an unlabelled table is not for a DP role (it may read it raw, but
-- synthesize is the owner's tool)
SELECT * FROM anon.synthesize('synth_num', 'synth_dp3', 0.1, 1e-7, 50);
-- the report reads raw data: refused
SELECT * FROM anon.synthesis_report('synth_src', 'synth_dp1');
RESET ROLE;
-- PRIVACY UNIT: a table whose persons may have several rows is read one
-- row per person, for every caller, so the guarantee is per person: person
-- 7's 1000 rows of 'rare_x' count as one row (a category held by one
-- person shows with probability below delta), and the row count is the
-- number of persons (2000; at epsilon 4 the estimate's standard deviation
-- is below 20, so +-100 is over 5 of them)
CREATE TABLE synth_visits AS
SELECT g AS person, 'common' || (g % 3) AS kind, g % 5 AS n FROM generate_series(1, 2000) g;
INSERT INTO synth_visits SELECT 7, 'rare_x', 1 FROM generate_series(1, 1000);
CREATE TABLE synth_visits_plain AS SELECT * FROM synth_visits;
SECURITY LABEL FOR anon ON COLUMN synth_visits.person IS 'PRIVACY UNIT';
SELECT modelled_columns, synthetic_rows BETWEEN 1900 AND 2100 AS one_row_per_person
FROM anon.synthesize('synth_visits', 'synth_v1', 4.0, 1e-6);
SELECT count(*) FILTER (WHERE kind = 'rare_x') AS rare_rows, count(person) AS units
FROM synth_v1;
-- positive control: the same rows without the label show person 7
SELECT synthetic_rows BETWEEN 2900 AND 3100 AS one_row_per_row
FROM anon.synthesize('synth_visits_plain', 'synth_v2', 4.0, 1e-6);
SELECT count(*) FILTER (WHERE kind = 'rare_x') > 800 AS rare_shown FROM synth_v2;
-- only the kept row of a person is read: person 1's 70,000 other rows, each
-- with a value of its own, add nothing to the domain (each such category
-- could otherwise show with probability up to delta, and they would fill
-- the cap of 65,536 categories ahead of everyone else's 'common')
CREATE TABLE synth_many (person int, kind text);
INSERT INTO synth_many SELECT 1, 'v' || g FROM generate_series(1, 70000) g;
INSERT INTO synth_many SELECT g, 'common' FROM generate_series(2, 2001) g;
SECURITY LABEL FOR anon ON COLUMN synth_many.person IS 'PRIVACY UNIT';
SELECT synthetic_rows BETWEEN 1900 AND 2100 AS one_row_per_person
FROM anon.synthesize('synth_many', 'synth_many_out', 4.0, 1e-6);
SELECT count(*) FILTER (WHERE kind = 'common') > 1800 AS common_kept,
       count(*) FILTER (WHERE kind LIKE 'v%') AS person_values
FROM synth_many_out;
DROP TABLE synth_many, synth_many_out;
-- a unique PRIVACY UNIT: every row counts, except that rows whose unit is
-- NULL are one person
CREATE TABLE synth_unique (person int UNIQUE, kind text);
INSERT INTO synth_unique SELECT g, 'k' || (g % 2) FROM generate_series(1, 2000) g;
INSERT INTO synth_unique SELECT NULL, 'rare_y' FROM generate_series(1, 1000);
SECURITY LABEL FOR anon ON COLUMN synth_unique.person IS 'PRIVACY UNIT';
SELECT synthetic_rows BETWEEN 1900 AND 2100 AS one_row_per_person
FROM anon.synthesize('synth_unique', 'synth_v3', 4.0, 1e-6);
SELECT count(*) FILTER (WHERE kind = 'rare_y') AS rare_rows FROM synth_v3;
-- and a DP role may synthesize it (it was refused before bounding)
GRANT SELECT ON synth_visits TO regress_synth_dp;
SET ROLE regress_synth_dp;
SELECT synthetic_rows > 0 AS made FROM anon.synthesize('synth_visits', 'synth_dp4', 0.4, 1e-7);
SELECT count(*) FILTER (WHERE kind = 'rare_x') AS rare_rows FROM synth_dp4;
SELECT round(epsilon::numeric, 6) AS eps_left FROM anon.budget_remaining();
RESET ROLE;
DROP TABLE synth_visits, synth_visits_plain, synth_unique, synth_v1, synth_v2, synth_v3, synth_dp4;
SELECT count(*) AS dp_spends, sum(epsilon) AS epsilon, sum(delta) AS delta
FROM anon.dp_spends WHERE role::text = 'regress_synth_dp';
-- positive control: the same report by the owner works
SELECT count(*) > 0 AS reported FROM anon.synthesis_report('synth_src', 'synth_dp1');
SET ROLE regress_synth_masked;
SELECT * FROM anon.synthesize('synth_src', 'synth_m', 1.0, 1e-6, 50);
SELECT * FROM anon.synthesis_report('synth_src', 'synth_out');
RESET ROLE;
SET ROLE regress_synth_other;
SELECT * FROM anon.synthesize('synth_src', 'synth_o', 1.0, 1e-6, 50);	-- not the owner
SELECT * FROM anon.synthesis_report('synth_src', 'synth_out');	-- not the owner
RESET ROLE;
SELECT * FROM anon._synthesize_mode('synth_src', 'synth_ind', 1.0, 1e-6, 'bogus');
SELECT modelled_columns, measured_marginals FROM anon._synthesize_mode('synth_src', 'synth_ind', 1.0, 1e-6, 'independent');
SELECT modelled_columns, measured_marginals FROM anon._synthesize_mode('synth_src', 'synth_nl', 1.0, 1e-6, 'noiseless');
-- without noise, the tree model is close on the pairs it measured
SELECT avg(tvd) FILTER (WHERE column1 <> '*' AND column2 <> 'name') < 0.15 AS noiseless_close
FROM anon.synthesis_report('synth_src', 'synth_nl');

-- The cap of categories (65,534 distinct values of a column found in the
-- data).  A column over it is not modelled: NULL in the output, named in
-- the summary, and no category of it is released; the choice is made on a
-- DP count of distinct values, paid from the same (epsilon, delta).
-- 'big' (2000 rows, met first) would be released if the first 65,534
-- values met were kept, as before: it is not.
CREATE TABLE synth_wide AS
SELECT g AS id, CASE WHEN g <= 2000 THEN 'big' ELSE 'v' || g END AS hc,
       (g % 3)::text AS lc, 'person' || g AS name
FROM generate_series(1, 72000) g;
SECURITY LABEL FOR anon ON COLUMN synth_wide.name IS 'MASKED WITH VALUE NULL';
GRANT SELECT ON synth_wide TO regress_synth_dp;
SELECT anon.set_budget('regress_synth_dp', 2.0, 1e-5);
CREATE TABLE synth_ledger AS SELECT 'before' AS at, * FROM anon.budget_remaining()
WHERE false;
GRANT INSERT ON synth_ledger TO regress_synth_dp;
SET ROLE regress_synth_dp;
INSERT INTO synth_ledger SELECT 'before', * FROM anon.budget_remaining();
SELECT modelled_columns, unmodelled_columns, epsilon_spent, delta_spent, synthetic_rows
FROM anon.synthesize('synth_wide', 'synth_wide_out', 0.5, 1e-7, 1000, ARRAY['hc', 'lc']);
INSERT INTO synth_ledger SELECT 'after', * FROM anon.budget_remaining();
SELECT count(*) AS rows_made, count(hc) AS hc_written, count(lc) = 1000 AS lc_filled
FROM synth_wide_out;
RESET ROLE;
-- the ledger is charged exactly the summary's (epsilon, delta), once
SELECT round((b.epsilon - a.epsilon)::numeric, 9) AS eps_charged,
       round((b.delta - a.delta)::numeric, 12) AS delta_charged
FROM synth_ledger b, synth_ledger a WHERE b.at = 'before' AND a.at = 'after';
SELECT count(*) AS spends, sum(epsilon) AS epsilon, sum(delta) AS delta
FROM anon.dp_spends WHERE role::text = 'regress_synth_dp' AND epsilon = 0.5;
-- Neighbours: synth_capa has exactly 65,534 distinct values ('big', 2000
-- rows, met last); synth_capb adds one row with a new value, met first.
-- Without noise (the bench's baseline, not private) the cap shows: A is
-- modelled and 'big' written, B overflows and is left out whole (the old
-- code kept A's first 65,534 and lost 'big' to "other": one row moved
-- 2000).  With DP both are left out: the cut is 65,335 here (6 sigma
-- below the cap, sigma 33), so neither releases a category; a false alarm
-- needs noise below -199, probability below 2e-8.
CREATE TABLE synth_capa AS
SELECT CASE WHEN g <= 65533 THEN 'v' || g ELSE 'big' END AS hc
FROM generate_series(1, 67533) g;
CREATE TABLE synth_capb (hc text);
INSERT INTO synth_capb VALUES ('new');
INSERT INTO synth_capb SELECT hc FROM synth_capa;
SELECT modelled_columns FROM anon._synthesize_mode('synth_capa', 'synth_capa_nl', 1.0, 1e-6, 'noiseless');
SELECT modelled_columns FROM anon._synthesize_mode('synth_capb', 'synth_capb_nl', 1.0, 1e-6, 'noiseless');
SELECT (SELECT count(*) FILTER (WHERE hc = 'big') > 1000 FROM synth_capa_nl) AS a_big_noiseless,
       (SELECT count(hc) FROM synth_capb_nl) AS b_written_noiseless;
SELECT modelled_columns, unmodelled_columns
FROM anon.synthesize('synth_capa', 'synth_capa_out', 1.0, 1e-6, 2000);
SELECT modelled_columns, unmodelled_columns
FROM anon.synthesize('synth_capb', 'synth_capb_out', 1.0, 1e-6, 2000);
SELECT (SELECT count(hc) FROM synth_capa_out) AS a_written,
       (SELECT count(hc) FROM synth_capb_out) AS b_written,
       (SELECT count(*) FROM synth_capa_out) AS a_rows;
-- positive control: a column well under the cap is modelled, and 'big'
-- (here 2000 of 13,111 rows) is written
CREATE TABLE synth_capc AS SELECT hc FROM synth_capa WHERE hc = 'big' OR hc < 'v2';
SELECT modelled_columns, unmodelled_columns
FROM anon.synthesize('synth_capc', 'synth_capc_out', 1.0, 1e-6, 2000);
SELECT count(*) FILTER (WHERE hc = 'big') > 200 AS big_written FROM synth_capc_out;
DROP TABLE synth_wide, synth_wide_out, synth_ledger, synth_capa, synth_capb,
  synth_capa_nl, synth_capb_nl, synth_capa_out, synth_capb_out, synth_capc,
  synth_capc_out;

-- Domains.  Declared categories: the public keys of a column
-- (anon.set_public_partitions) are its categories, kept without a
-- threshold; a value not declared is never written (it becomes "other",
-- here 300 rows); the labels of an enum or a boolean are declared by the
-- schema.  NULL is a category of its own (30% of n).  Dates and timestamps
-- are binned by month.  A partitioned table is read through its
-- partitions, whose columns may lie in another order.
CREATE TYPE synth_mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
CREATE TABLE synth_dom (id int, city text, mood synth_mood, flag bool, d date,
  ts timestamptz, n int) PARTITION BY RANGE (id);
CREATE TABLE synth_dom1 PARTITION OF synth_dom FOR VALUES FROM (0) TO (2000);
CREATE TABLE synth_dom2 (n int, ts timestamptz, d date, flag bool, mood synth_mood,
  city text, id int);
ALTER TABLE synth_dom ATTACH PARTITION synth_dom2 FOR VALUES FROM (2000) TO (4000);
INSERT INTO synth_dom
SELECT g, CASE WHEN g < 2000 THEN 'paris' WHEN g < 3000 THEN 'lyon'
               WHEN g < 3005 THEN 'nice' WHEN g < 3305 THEN 'secret' ELSE 'lyon' END,
       (ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::synth_mood, g % 4 = 0,
       date '2024-01-01' + g % 366, timestamptz '2024-03-01 00:00+00' + g * interval '30 minutes',
       CASE WHEN g % 10 < 3 THEN NULL ELSE g % 50 END
FROM generate_series(0, 3999) g;
SELECT anon.set_public_partitions('synth_dom', 'city', ARRAY['paris', 'lyon', 'nice', 'brest']);
SELECT modelled_columns, synthetic_rows BETWEEN 3800 AND 4200 AS about_4000
FROM anon.synthesize('synth_dom', 'synth_dom_out', 1.0, 1e-6);
SELECT count(*) FILTER (WHERE city NOT IN ('paris', 'lyon', 'nice', 'brest', 'other')) AS undeclared,
       count(*) FILTER (WHERE city = 'other') > 150 AS other_shown,
       count(*) FILTER (WHERE city = 'paris') > 1500 AS paris,
       count(*) FILTER (WHERE mood::text NOT IN ('sad', 'ok', 'happy', 'ecstatic')) AS bad_moods,
       count(DISTINCT mood) >= 3 AS moods, count(DISTINCT flag) AS flags,
       avg((n IS NULL)::int) BETWEEN 0.2 AND 0.4 AS null_category,
       avg((d BETWEEN date '2024-01-01' AND date '2024-12-31')::int) > 0.9 AS days_in_2024,
       avg((ts >= timestamptz '2024-03-01 00:00+00' AND ts < timestamptz '2024-06-01 00:00+00')::int) > 0.9
         AS timestamps_in_range
FROM synth_dom_out;
SELECT count(*) AS pairs, avg(tvd) FILTER (WHERE column1 <> '*') < 0.3 AS close
FROM anon.synthesis_report('synth_dom', 'synth_dom_out');
-- positive control: undeclared, the frequent 'secret' (300 rows, the
-- threshold is below 100) is found in the data and written
SELECT anon.set_public_partitions('synth_dom', 'city', NULL::text[]);
SELECT synthetic_rows > 0 AS made FROM anon.synthesize('synth_dom', 'synth_dom_out2', 1.0, 1e-6);
SELECT count(*) FILTER (WHERE city = 'secret') > 150 AS secret_found FROM synth_dom_out2;
DROP TABLE synth_dom, synth_dom_out, synth_dom_out2;
DROP TYPE synth_mood;
-- a source with a dropped column: the target has the live columns only,
-- each filled from its own
CREATE TABLE synth_dropped (a int, gone text, b text, c int);
INSERT INTO synth_dropped SELECT g % 10, 'x', 'b' || (g % 3), 100 + g % 7 FROM generate_series(1, 3000) g;
ALTER TABLE synth_dropped DROP COLUMN gone;
SELECT modelled_columns FROM anon.synthesize('synth_dropped', 'synth_dropped_out', 1.0, 1e-6);
SELECT string_agg(attname, ', ' ORDER BY attnum) AS target_columns FROM pg_attribute
WHERE attrelid = 'synth_dropped_out'::regclass AND attnum > 0;
SELECT avg((a BETWEEN 0 AND 15)::int) > 0.9 AS a_ok, avg((b LIKE 'b%')::int) > 0.9 AS b_ok,
       avg((c BETWEEN 64 AND 128)::int) > 0.9 AS c_ok
FROM synth_dropped_out;
DROP TABLE synth_dropped, synth_dropped_out;
-- any type: other types are categories (written back through their input
-- function); "other" is NULL where it is not a value of the type (a
-- domain with a CHECK, char(1), uuid...)
CREATE DOMAIN synth_code AS text CHECK (length(VALUE) = 2);
CREATE TABLE synth_types (j jsonb, b bytea, u uuid, a int[], iv interval, t time,
  m money, ip inet, sc synth_code, ch char(1), vc varchar(3), f4 real, n numeric(5,2),
  ts timestamp, bi bigint, si smallint);
INSERT INTO synth_types
SELECT jsonb_build_object('k', g % 3), decode(md5((g % 4)::text), 'hex'),
       md5((g % 5)::text)::uuid, ARRAY[g % 2, g % 3], (g % 7) * interval '1 hour',
       time '10:00' + (g % 5) * interval '1 minute', (g % 10)::money,
       ('10.0.0.' || (g % 4))::inet, CASE WHEN g % 300 = 0 THEN 'r' || chr(97 + g / 300) ELSE 'c' || (g % 3) END,
       chr(65 + g % 3), 'v' || (g % 3), g * 0.1, (g % 900) / 10.0,
       timestamp '2020-01-01' + g * interval '1 day', g * 1000000000000::bigint,
       (g % 30000)::smallint
FROM generate_series(1, 3000) g;
SELECT modelled_columns FROM anon.synthesize('synth_types', 'synth_types_out', 1.0, 1e-6);
SELECT count(*) AS same_types FROM pg_attribute s JOIN pg_attribute o USING (attnum, attname, atttypid, atttypmod)
WHERE s.attrelid = 'synth_types'::regclass AND o.attrelid = 'synth_types_out'::regclass AND attnum > 0;
SELECT count(*) FILTER (WHERE sc NOT IN ('c0', 'c1', 'c2')) AS rare_codes,
       count(DISTINCT j) >= 3 AS jsons, count(DISTINCT ip) >= 4 AS inets
FROM synth_types_out;
DROP TABLE synth_types, synth_types_out;
DROP DOMAIN synth_code;
-- Declared bins (anon.set_synthesis_bins, superusers): a numeric, date or
-- timestamp column is binned on the bounds, and each declared bin gets
-- about the source's count (the noise of a bin is below 60 here, so 600
-- is over 10 of it)
CREATE TABLE synth_bins AS
SELECT g % 100 AS age, (g * 7919) % 100000 / 100.0 AS amount, date '2020-01-01' + g % 1000 AS d
FROM generate_series(1, 20000) g;
SELECT anon.set_synthesis_bins('synth_bins', 'age', ARRAY[18, 30, 50, 65]);
SELECT anon.set_synthesis_bins('synth_bins', 'd', ARRAY['2021-01-01', '2022-01-01']::date[]);
SELECT anon.set_synthesis_bins('synth_bins', 'amount', ARRAY[500, 100, 100]::numeric[]);
SELECT column_name, bounds FROM anon.synthesis_bins
WHERE relation = 'synth_bins'::regclass ORDER BY column_name;
SELECT synthetic_rows BETWEEN 19000 AND 21000 AS about_20000
FROM anon.synthesize('synth_bins', 'synth_bins_out', 1.0, 1e-6);
SELECT bool_and(abs(coalesce(s.n, 0) - coalesce(o.n, 0)) < 600) AS ages_binned
FROM (SELECT width_bucket(age, ARRAY[18, 30, 50, 65]) AS b, count(*) AS n FROM synth_bins GROUP BY 1) s
FULL JOIN (SELECT width_bucket(age, ARRAY[18, 30, 50, 65]) AS b, count(*) AS n FROM synth_bins_out GROUP BY 1) o
USING (b);
SELECT bool_and(abs(coalesce(s.n, 0) - coalesce(o.n, 0)) < 600) AS days_binned
FROM (SELECT width_bucket(d, ARRAY['2021-01-01', '2022-01-01']::date[]) AS b, count(*) AS n FROM synth_bins GROUP BY 1) s
FULL JOIN (SELECT width_bucket(d, ARRAY['2021-01-01', '2022-01-01']::date[]) AS b, count(*) AS n FROM synth_bins_out GROUP BY 1) o
USING (b);
SELECT anon.set_synthesis_bins('synth_bins', 'age', ARRAY['x']);		-- fail: not an integer
SELECT anon.set_synthesis_bins('synth_src', 'cat', ARRAY['a']);		-- fail: a text column
SELECT anon.set_synthesis_bins('synth_bins', 'nope', ARRAY[1]);		-- fail: no such column
SET ROLE regress_synth_other;
SELECT anon.set_synthesis_bins('synth_bins', 'age', ARRAY[1]);		-- fail: superusers only
RESET ROLE;
SELECT anon.set_synthesis_bins('synth_bins', c, NULL::int[]) FROM unnest(ARRAY['age', 'd', 'amount']) c;
SELECT count(*) AS bins_left FROM anon.synthesis_bins;
DROP TABLE synth_bins, synth_bins_out;

DROP TABLE synth_src, synth_out, synth_out2, synth_out3, synth_num, synth_cat, synth_dp1,
  synth_ind, synth_nl;
REVOKE CREATE ON SCHEMA public FROM regress_synth_dp, regress_synth_masked, regress_synth_other;
SECURITY LABEL FOR anon ON ROLE regress_synth_dp IS NULL;
SECURITY LABEL FOR anon ON ROLE regress_synth_masked IS NULL;
DELETE FROM anon.dp_budget WHERE role::text = 'regress_synth_dp';
DROP ROLE regress_synth_dp, regress_synth_masked, regress_synth_other;
