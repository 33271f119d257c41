-- name: anon.synthesize Adult (32,561 rows, eps 1) vs CREATE TABLE AS
-- target: 10
-- The utility figures (mean 2-way TVD, median of 5, against independent
-- 1-way marginals at the same epsilon and the same model without noise)
-- are computed once in the setup and printed as PEAK lines.
-- setup:
SET client_min_messages = warning;
DROP TABLE IF EXISTS adult;
CREATE TABLE adult (age int, workclass text, fnlwgt int, education text,
  "education-num" int, "marital-status" text, occupation text,
  relationship text, race text, sex text, "capital-gain" int,
  "capital-loss" int, "hours-per-week" int, "native-country" text, class text);
\copy adult FROM PROGRAM 'for f in "${ANON_TOP:-.}/../shared/data/adult.csv" "$PWD/../shared/data/adult.csv" /work/shared/data/adult.csv; do [ -f "$f" ] && exec cat "$f"; done; exit 1' WITH (FORMAT csv, HEADER true)
VACUUM ANALYZE adult;
CREATE OR REPLACE FUNCTION pg_temp.synth_tvd(mode text) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE t float8;
BEGIN
  DROP TABLE IF EXISTS adult_fig;
  PERFORM anon._synthesize_mode('adult', 'adult_fig', 1.0, 1e-9, mode);
  SELECT tvd INTO t FROM anon.synthesis_report('adult', 'adult_fig') WHERE column1 = '*';
  DROP TABLE adult_fig;
  RETURN t;
END $$;
DROP TABLE IF EXISTS synth_figures;
CREATE TABLE synth_figures AS
SELECT m.mode, percentile_disc(0.5) WITHIN GROUP (ORDER BY pg_temp.synth_tvd(m.mode)) AS median_tvd
FROM (VALUES ('mst'), ('independent'), ('noiseless')) m(mode), generate_series(1, 5) i
GROUP BY m.mode;
-- before:
SET client_min_messages = warning;
DROP TABLE IF EXISTS adult_syn, adult_copy;
-- ours:
SELECT seconds FROM anon.synthesize('adult', 'adult_syn', 1.0, 1e-9) \gset
\timing off
\pset tuples_only on
SELECT 'PEAK mean 2-way TVD (median of 5), eps 1, delta 1e-9: ' ||
  string_agg(mode || ' ' || round(median_tvd::numeric, 4), ', ' ORDER BY mode)
FROM synth_figures;
-- baseline:
CREATE TABLE adult_copy AS SELECT * FROM adult;
