-- name: anon.synthesize Adult x10 (325,610 rows) vs CREATE TABLE AS
-- target: 20
-- How time and memory grow: the timed side synthesizes Adult replicated 10
-- times; the setup measures once, and the timed side prints as PEAK lines,
-- the seconds and the most memory the synthesis held (its own memory
-- context: counts, models, the sampling block; the table's pages are in
-- shared buffers) for Adult x1, x10, x100 (3,256,100 rows) and with 30
-- columns (Adult's 15 twice), beside CREATE TABLE AS of the same table.
-- setup:
SET client_min_messages = warning;
DROP TABLE IF EXISTS adult, adult10, adult100, adult30;
CREATE TABLE adult (age int, workclass text, fnlwgt int, education text,
  "education-num" int, "marital-status" text, occupation text,
  relationship text, race text, sex text, "capital-gain" int,
  "capital-loss" int, "hours-per-week" int, "native-country" text, class text);
\copy adult FROM PROGRAM 'for f in "${ANON_TOP:-.}/../shared/data/adult.csv" "$PWD/../shared/data/adult.csv" /work/shared/data/adult.csv; do [ -f "$f" ] && exec cat "$f"; done; exit 1' WITH (FORMAT csv, HEADER true)
CREATE TABLE adult10 AS SELECT a.* FROM adult a, generate_series(1, 10);
CREATE TABLE adult100 AS SELECT a.* FROM adult10 a, generate_series(1, 10);
CREATE TABLE adult30 AS
SELECT a.*, a.age AS age2, a.workclass AS workclass2, a.fnlwgt AS fnlwgt2,
       a.education AS education2, a."education-num" AS "education-num2",
       a."marital-status" AS "marital-status2", a.occupation AS occupation2,
       a.relationship AS relationship2, a.race AS race2, a.sex AS sex2,
       a."capital-gain" AS "capital-gain2", a."capital-loss" AS "capital-loss2",
       a."hours-per-week" AS "hours-per-week2", a."native-country" AS "native-country2",
       a.class AS class2
FROM adult a;
VACUUM ANALYZE adult;
VACUUM ANALYZE adult10;
VACUUM ANALYZE adult100;
VACUUM ANALYZE adult30;
CREATE OR REPLACE FUNCTION pg_temp.synth_scale(src regclass, OUT seconds float8,
  OUT peak_bytes bigint, OUT ctas_seconds float8)
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
  DROP TABLE IF EXISTS scale_syn, scale_copy;
  SELECT s.seconds, s.peak_bytes INTO seconds, peak_bytes
  FROM anon._synthesize_mode(src, 'scale_syn', 1.0, 1e-9, 'mst') s;
  t0 := clock_timestamp();
  EXECUTE format('CREATE TABLE scale_copy AS SELECT * FROM %s', src);
  ctas_seconds := extract(epoch FROM clock_timestamp() - t0);
  DROP TABLE scale_syn, scale_copy;
END $$;
DROP TABLE IF EXISTS synth_scale;
CREATE TABLE synth_scale AS
SELECT n, label, (pg_temp.synth_scale(src)).*
FROM (VALUES (1, 'Adult x1, 15 columns', 'adult'::regclass),
             (2, 'Adult x10, 15 columns', 'adult10'::regclass),
             (3, 'Adult x100, 15 columns', 'adult100'::regclass),
             (4, 'Adult x1, 30 columns', 'adult30'::regclass)) v(n, label, src);
DROP TABLE adult100;
-- before:
SET client_min_messages = warning;
DROP TABLE IF EXISTS adult10_syn, adult10_copy;
-- ours:
SELECT seconds FROM anon.synthesize('adult10', 'adult10_syn', 1.0, 1e-9) \gset
\timing off
\pset tuples_only on
SELECT 'PEAK ' || label || ': synthesize ' || round(seconds::numeric, 2) || ' s, ' ||
  pg_size_pretty(peak_bytes) || ' held; CREATE TABLE AS ' || round(ctas_seconds::numeric, 2) || ' s'
FROM synth_scale ORDER BY n;
-- baseline:
CREATE TABLE adult10_copy AS SELECT * FROM adult10;
