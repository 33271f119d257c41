-- Materialized views: one stores the rows its query read when it was
-- refreshed, as its owner.  Labels do not follow those rows, so a masked
-- or DP reader may not read an unlabelled materialized view of a labelled
-- relation (directly or through views), unless a masked (or DP) role owns
-- it, whose query could only store masked values (or DP releases).
\set VERBOSITY terse
CREATE ROLE regress_mv_masked LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_mv_masked IS 'MASKED';
CREATE ROLE regress_mv_dp LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_mv_dp IS 'DIFFERENTIAL PRIVACY';
SELECT anon.set_budget('regress_mv_dp', 10);
CREATE SCHEMA regress_mv;
GRANT USAGE ON SCHEMA regress_mv TO regress_mv_masked, regress_mv_dp;
GRANT CREATE ON SCHEMA regress_mv TO regress_mv_masked;
CREATE TABLE regress_mv.patient (id int PRIMARY KEY, dept text, diag text);
INSERT INTO regress_mv.patient
  SELECT g, 'd' || (g % 3), CASE WHEN g = 7 THEN 'SECRET' ELSE 'flu' END
  FROM generate_series(1, 300) g;
SECURITY LABEL FOR anon ON COLUMN regress_mv.patient.diag IS 'MASKED WITH VALUE ''hidden''';
CREATE TABLE regress_mv.plain (id int, note text);
INSERT INTO regress_mv.plain VALUES (1, 'public note');
CREATE VIEW regress_mv.patient_v AS SELECT id, diag FROM regress_mv.patient;
CREATE MATERIALIZED VIEW regress_mv.direct AS SELECT id, diag FROM regress_mv.patient;
CREATE MATERIALIZED VIEW regress_mv.through_view AS SELECT id, diag FROM regress_mv.patient_v;
CREATE MATERIALIZED VIEW regress_mv.of_matview AS SELECT id, diag FROM regress_mv.direct;
CREATE MATERIALIZED VIEW regress_mv.plain_mv AS SELECT * FROM regress_mv.plain;
GRANT SELECT ON ALL TABLES IN SCHEMA regress_mv TO regress_mv_masked, regress_mv_dp;

-- the control: the materialized views hold the raw value
SELECT diag FROM regress_mv.direct WHERE id = 7;
SELECT diag FROM regress_mv.of_matview WHERE id = 7;

SET ROLE regress_mv_masked;
SELECT diag FROM regress_mv.patient WHERE id = 7;	-- masked
SELECT diag FROM regress_mv.direct WHERE id = 7;	-- fail
SELECT diag FROM regress_mv.through_view WHERE id = 7;	-- fail
SELECT diag FROM regress_mv.of_matview WHERE id = 7;	-- fail
SELECT count(*) FROM regress_mv.direct;	-- fail: the rows are raw
SELECT * FROM regress_mv.plain_mv;	-- nothing labelled behind it
-- a masked role's own materialized view holds masked values, refreshed by
-- anyone (REFRESH runs its query as the owner)
CREATE MATERIALIZED VIEW regress_mv.mine AS SELECT id, diag FROM regress_mv.patient;
SELECT diag FROM regress_mv.mine WHERE id = 7;
RESET ROLE;
REFRESH MATERIALIZED VIEW regress_mv.mine;
SET ROLE regress_mv_masked;
SELECT diag FROM regress_mv.mine WHERE id = 7;
RESET ROLE;

-- labelled, the materialized view is masked by its own labels
SECURITY LABEL FOR anon ON COLUMN regress_mv.direct.diag IS 'MASKED WITH VALUE ''mv-hidden''';
SET ROLE regress_mv_masked;
SELECT diag FROM regress_mv.direct WHERE id = 7;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_mv.direct.diag IS NULL;

-- a DIFFERENTIAL PRIVACY role
SET ROLE regress_mv_dp;
SELECT diag FROM regress_mv.direct WHERE id = 7;	-- fail
SELECT anon.anon_count(1.0) > 0 AS released FROM regress_mv.through_view;	-- fail
SELECT * FROM regress_mv.plain_mv;	-- nothing labelled behind it
RESET ROLE;

DROP SCHEMA regress_mv CASCADE;
DELETE FROM anon.dp_budget WHERE role::text = 'regress_mv_dp';
DROP ROLE regress_mv_masked, regress_mv_dp;
