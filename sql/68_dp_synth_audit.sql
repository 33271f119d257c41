-- Synthetic tables (src/dp_synth.c) audited as a DP release: what the
-- synthetic table depends on.  Every check is a boolean with a fixed
-- threshold (false-alarm rate below 1e-6) and has a positive control.
\set VERBOSITY terse

-- PRIVACY UNIT: persons are told apart by the type's equality, as the DP
-- aggregates tell them apart, not by the text of the value.  Person
-- 100000 has 400 rows, all of them 'rare', each written with another scale
-- (100000.0, 100000.00, ...: equal numerics, 400 texts).  Counted as one
-- person, 'rare' is one row: it passes the categories' threshold with
-- probability below delta / 2 = 5e-8.  Counted as 400 persons, it is
-- 400 rows, over 40 standard deviations (8.4) above the threshold (about 45).
CREATE TABLE synth_a_unit (pid numeric, c text);
SECURITY LABEL FOR anon ON COLUMN synth_a_unit.pid IS 'PRIVACY UNIT';
INSERT INTO synth_a_unit SELECT g, 'common' || (g % 2) FROM generate_series(1, 2000) g;
INSERT INTO synth_a_unit SELECT round(100000::numeric, s), 'rare' FROM generate_series(1, 400) s;
SELECT count(DISTINCT pid) AS persons, count(DISTINCT pid::text) AS spellings FROM synth_a_unit;
SELECT synthetic_rows FROM anon.synthesize('synth_a_unit', 'synth_a_unit_out', 1.0, 1e-7, 5000);
SELECT count(*) FILTER (WHERE c = 'rare') = 0 AS rare_hidden FROM synth_a_unit_out;
-- positive control: the same 400 rows held by 400 persons are released
-- (about 5000 * 400 / 2400 = 833 rows of 'rare')
CREATE TABLE synth_a_unit2 (pid numeric, c text);
SECURITY LABEL FOR anon ON COLUMN synth_a_unit2.pid IS 'PRIVACY UNIT';
INSERT INTO synth_a_unit2 SELECT g, 'common' || (g % 2) FROM generate_series(1, 2000) g;
INSERT INTO synth_a_unit2 SELECT 100000 + s, 'rare' FROM generate_series(1, 400) s;
SELECT synthetic_rows FROM anon.synthesize('synth_a_unit2', 'synth_a_unit2_out', 1.0, 1e-7, 5000);
SELECT count(*) FILTER (WHERE c = 'rare') > 0 AS rare_shown FROM synth_a_unit2_out;
-- a text unit (the collation's equality) still bounds a person: 400 rows
-- of one person 'p' are one row
CREATE TABLE synth_a_unit3 (pid text, c text);
SECURITY LABEL FOR anon ON COLUMN synth_a_unit3.pid IS 'PRIVACY UNIT';
INSERT INTO synth_a_unit3 SELECT g::text, 'common' || (g % 2) FROM generate_series(1, 2000) g;
INSERT INTO synth_a_unit3 SELECT 'p', 'rare' FROM generate_series(1, 400) s;
SELECT synthetic_rows FROM anon.synthesize('synth_a_unit3', 'synth_a_unit3_out', 1.0, 1e-7, 5000);
SELECT count(*) FILTER (WHERE c = 'rare') = 0 AS rare_hidden FROM synth_a_unit3_out;


-- A unique index on the unit lets the scan skip the persons' table (each
-- row a person) only when it tells values apart as the column's equality
-- does: under record_image_ops (bytes) the 400 spellings of person 100000
-- are 400 index keys but one person (the same holds for a unique index
-- under the "C" collation on a case-insensitive column).  One person: one
-- row of 'rare', hidden but with probability below 5e-8.
CREATE TYPE synth_a_id AS (n numeric);
CREATE TABLE synth_a_img (pid synth_a_id NOT NULL, c text);
CREATE UNIQUE INDEX ON synth_a_img (pid record_image_ops);
SECURITY LABEL FOR anon ON COLUMN synth_a_img.pid IS 'PRIVACY UNIT';
INSERT INTO synth_a_img SELECT ROW(g)::synth_a_id, 'common' || (g % 2) FROM generate_series(1, 2000) g;
INSERT INTO synth_a_img SELECT ROW(round(100000::numeric, s))::synth_a_id, 'rare' FROM generate_series(1, 400) s;
SELECT count(DISTINCT pid) AS persons FROM synth_a_img;
SELECT synthetic_rows FROM anon.synthesize('synth_a_img', 'synth_a_img_out', 1.0, 1e-7, 5000);
SELECT count(*) FILTER (WHERE c = 'rare') = 0 AS rare_hidden FROM synth_a_img_out;
-- positive control: with the default operator class, 400 persons of
-- 'rare' (each its own key) are shown
CREATE TABLE synth_a_img2 (pid synth_a_id NOT NULL, c text);
CREATE UNIQUE INDEX ON synth_a_img2 (pid);
SECURITY LABEL FOR anon ON COLUMN synth_a_img2.pid IS 'PRIVACY UNIT';
INSERT INTO synth_a_img2 SELECT ROW(g)::synth_a_id, 'common' || (g % 2) FROM generate_series(1, 2000) g;
INSERT INTO synth_a_img2 SELECT ROW(100000 + s)::synth_a_id, 'rare' FROM generate_series(1, 400) s;
SELECT synthetic_rows FROM anon.synthesize('synth_a_img2', 'synth_a_img2_out', 1.0, 1e-7, 5000);
SELECT count(*) FILTER (WHERE c = 'rare') > 0 AS rare_shown FROM synth_a_img2_out;

DROP TABLE synth_a_unit, synth_a_unit_out, synth_a_unit2, synth_a_unit2_out,
	synth_a_unit3, synth_a_unit3_out, synth_a_img, synth_a_img_out,
	synth_a_img2, synth_a_img2_out;
DROP TYPE synth_a_id;
