-- anon.synthesize audited as a DP release for a DIFFERENTIAL PRIVACY role
-- (session 7): the attacker is a DP role with SELECT on a labelled table,
-- a schema of its own and a budget.  Everything it gets back must be a DP
-- release charged to it, or independent of the data.  Each probe has a
-- positive control (the same probe by a superuser, or on an unlabelled
-- table, shows what it aims at); statistical checks have a false-alarm
-- rate below 1e-6 (delta 1e-7: a value held by one row is released with
-- probability below 5e-8).
\set VERBOSITY terse
SET client_min_messages = warning;
CREATE TABLE syn7 (id int, city text, salary int);
INSERT INTO syn7 SELECT g, 'city ' || (g % 5), (g * 37) % 700 FROM generate_series(1, 2000) g;
SECURITY LABEL FOR anon ON COLUMN syn7.salary IS 'QUASI-IDENTIFIER';
CREATE ROLE regress_syn7;
SECURITY LABEL FOR anon ON ROLE regress_syn7 IS 'DIFFERENTIAL PRIVACY';
GRANT SELECT ON syn7 TO regress_syn7;
CREATE SCHEMA regress_syn7_s AUTHORIZATION regress_syn7;
SELECT anon.set_budget('regress_syn7', 100, 1e-3);
CREATE FUNCTION syn7_spends() RETURNS bigint LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog AS
$$ SELECT count(*) FROM anon.dp_spends WHERE role = 'regress_syn7'::regrole $$;
GRANT EXECUTE ON FUNCTION syn7_spends() TO PUBLIC;

-- 1. The bench's and the tests' entry points: a noiseless model, or the
-- noise itself, uncharged.  Revoked from PUBLIC and checked for a
-- superuser, but a superuser's SECURITY DEFINER function made them
-- reachable from a DP session (no charge: the noiseless mode skips it).
SET ROLE regress_syn7;
SELECT count(*) FROM anon._synthesize_mode('syn7', 'regress_syn7_s.m0', 1, 1e-7, 'noiseless');	-- fail
SELECT count(*) FROM anon._synthesize_noise('syn7', 1, 1e-7);	-- fail
RESET ROLE;
CREATE FUNCTION syn7_baseline(t text) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS
$$ SELECT synthetic_rows FROM anon._synthesize_mode('public.syn7', t, 1, 1e-7, 'noiseless') $$;
CREATE FUNCTION syn7_noise() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS
$$ SELECT count(*) FROM anon._synthesize_noise('public.syn7', 1, 1e-7) $$;
GRANT EXECUTE ON FUNCTION syn7_baseline(text), syn7_noise() TO regress_syn7;
SET ROLE regress_syn7;
SELECT syn7_baseline('regress_syn7_s.m1');	-- fail
SELECT syn7_noise() > 0;	-- fail
SELECT syn7_spends();
RESET ROLE;
-- positive control: the superuser's own call runs the noiseless mode
SELECT syn7_baseline('public.syn7_m2');
SELECT syn7_noise() > 0 AS noise_read;
DROP TABLE syn7_m2;
-- synthesis_report reads raw values: refused to a DP role, also through a
-- member of one
CREATE ROLE regress_syn7_member;
GRANT regress_syn7 TO regress_syn7_member;
SET ROLE regress_syn7;
SELECT modelled_columns FROM anon.synthesize('syn7', 'regress_syn7_s.r1', 1, 1e-7);
SELECT count(*) FROM anon.synthesis_report('syn7', 'regress_syn7_s.r1');	-- fail
SET ROLE regress_syn7_member;
SELECT count(*) FROM anon.synthesis_report('syn7', 'regress_syn7_s.r1');	-- fail
RESET ROLE;
SELECT count(*) > 0 AS report_read FROM anon.synthesis_report('syn7', 'regress_syn7_s.r1');

-- 2. Parameters and the target: every refusal comes before the charge
-- (the count of spends moves only for the synthesis that ran).
SET ROLE regress_syn7;
SELECT syn7_spends() AS before;
SELECT * FROM anon.synthesize('syn7', 'regress_syn7_s.p1', 'NaN', 1e-7);	-- fail
SELECT * FROM anon.synthesize('syn7', 'regress_syn7_s.p1', 'Infinity', 1e-7);	-- fail
SELECT * FROM anon.synthesize('syn7', 'regress_syn7_s.p1', 1, 'NaN');	-- fail
SELECT * FROM anon.synthesize('syn7', 'regress_syn7_s.p1', 1, 0);	-- fail
SELECT * FROM anon.synthesize('syn7', 'regress_syn7_s.p1', -1, 1e-7);	-- fail
SELECT * FROM anon.synthesize('syn7', 'regress_syn7_s.p1', 1, 1e-7, -1);	-- fail
SELECT * FROM anon.synthesize('syn7', 'regress_syn7_s.p1', 1, 1e-7, NULL, '{}');	-- fail
SELECT * FROM anon.synthesize('syn7', 'regress_syn7_s.p1', 1, 1e-7, NULL, '{nope}');	-- fail
SELECT * FROM anon.synthesize('syn7', 'regress_syn7_s.p1', 1, 1e-7, NULL, ARRAY[NULL]::text[]);	-- fail
SELECT * FROM anon.synthesize('syn7', 'pg_catalog.p1', 1, 1e-7);	-- fail
SELECT * FROM anon.synthesize('syn7', 'anon.p1', 1, 1e-7);	-- fail
SELECT * FROM anon.synthesize('syn7', 'public.syn7', 1, 1e-7);	-- fail
SELECT * FROM anon.synthesize('syn7', 'regress_syn7_s.r1', 1, 1e-7);	-- fail (exists)
SELECT * FROM anon.synthesize('syn7', 'regress_syn7_s.p1', 200, 1e-7);	-- fail (budget)
SELECT syn7_spends() AS after_refusals;
-- a rollback keeps the charge; duplicate names in columns are one column
BEGIN;
SELECT modelled_columns FROM anon.synthesize('syn7', 'regress_syn7_s.p2', 1, 1e-7, 10, '{city,city}');
ROLLBACK;
SELECT syn7_spends() AS after_rollback;
-- a temporary target is the caller's own
SELECT synthetic_rows FROM anon.synthesize('syn7', 'pg_temp.syn7_tmp', 1, 1e-7, 10);
RESET ROLE;

-- 3. Direct identifiers of a parent: a child (or a partition) read alone
-- holds its parent's labelled rows.  The parent's masking rule and PRIVACY
-- UNIT were looked up on the child only, so the child's synthesis modelled
-- the masked column (its raw categories released) and the unit.
CREATE TABLE syn7_par (pid int, name text, city text);
SECURITY LABEL FOR anon ON COLUMN syn7_par.pid IS 'PRIVACY UNIT';
SECURITY LABEL FOR anon ON COLUMN syn7_par.name IS 'MASKED WITH VALUE NULL';
CREATE TABLE syn7_kid () INHERITS (syn7_par);
INSERT INTO syn7_kid SELECT g, 'Name ' || (g % 3), 'city ' || (g % 3) FROM generate_series(1, 2000) g;
CREATE TABLE syn7_pp (x int, pid int, name text, city text) PARTITION BY RANGE (x);
SECURITY LABEL FOR anon ON COLUMN syn7_pp.name IS 'MASKED WITH VALUE NULL';
CREATE TABLE syn7_pp1 (junk int, x int, pid int, name text, city text);
ALTER TABLE syn7_pp1 DROP COLUMN junk;
ALTER TABLE syn7_pp ATTACH PARTITION syn7_pp1 FOR VALUES FROM (0) TO (100);
SECURITY LABEL FOR anon ON COLUMN syn7_pp1.pid IS 'PRIVACY UNIT';
INSERT INTO syn7_pp SELECT 1, g, 'Name ' || (g % 3), 'city ' || (g % 3) FROM generate_series(1, 2000) g;
GRANT SELECT ON syn7_par, syn7_kid, syn7_pp, syn7_pp1 TO regress_syn7;
SET ROLE regress_syn7;
SELECT modelled_columns FROM anon.synthesize('syn7_kid', 'regress_syn7_s.k1', 1, 1e-7);
SELECT count(name) AS names, count(pid) AS units, count(city) > 0 AS cities FROM regress_syn7_s.k1;
SELECT modelled_columns FROM anon.synthesize('syn7_pp1', 'regress_syn7_s.k2', 1, 1e-7);
SELECT count(name) AS names, count(pid) AS units, count(city) > 0 AS cities FROM regress_syn7_s.k2;
-- the partitioned table: the partition's unit and the parent's rule
SELECT modelled_columns FROM anon.synthesize('syn7_pp', 'regress_syn7_s.k3', 1, 1e-7);
SELECT count(name) AS names, count(pid) AS units, count(city) > 0 AS cities FROM regress_syn7_s.k3;
RESET ROLE;
-- positive control: a child's own NOT MASKED wins over the parent's rule
-- (as for masking), and its names are modelled
CREATE TABLE syn7_kid2 () INHERITS (syn7_par);
SECURITY LABEL FOR anon ON COLUMN syn7_kid2.name IS 'NOT MASKED';
INSERT INTO syn7_kid2 SELECT * FROM syn7_kid;
GRANT SELECT ON syn7_kid2 TO regress_syn7;
SET ROLE regress_syn7;
SELECT modelled_columns FROM anon.synthesize('syn7_kid2', 'regress_syn7_s.k4', 1, 1e-7);
SELECT count(name) > 0 AS names, count(pid) AS units FROM regress_syn7_s.k4;
RESET ROLE;

-- 4. Values too long to be categories: their text (the output function:
-- a bytea's hex is twice its size, a huge value could fail or exhaust
-- memory after the charge, an error depending on one row) is never made;
-- over 1 kB a value counts as "other".  1000 rows of a 2 kB text would pass
-- any threshold: none is shown.
CREATE TABLE syn7_long (id int, v text, b bytea);
INSERT INTO syn7_long
SELECT g, CASE WHEN g % 2 = 0 THEN repeat('x', 2000) ELSE repeat('y', 1000) END,
       CASE WHEN g % 2 = 0 THEN decode(repeat('ab', 2000), 'hex') ELSE '\x01'::bytea END
FROM generate_series(1, 2000) g;
SECURITY LABEL FOR anon ON COLUMN syn7_long.id IS 'QUASI-IDENTIFIER';
GRANT SELECT ON syn7_long TO regress_syn7;
SET ROLE regress_syn7;
SELECT modelled_columns FROM anon.synthesize('syn7_long', 'regress_syn7_s.l1', 1, 1e-7);
SELECT count(*) FILTER (WHERE length(v) > 1024) AS long_texts,
       count(*) FILTER (WHERE length(b) > 1024) AS long_bytes,
       count(*) FILTER (WHERE v = 'other') > 0 AS other_shown,
       -- positive control: 1000 rows of a 1000-byte text are a category
       count(*) FILTER (WHERE length(v) = 1000) > 0 AS kb_text_shown,
       count(*) FILTER (WHERE b = '\x01') > 0 AS short_bytes_shown
FROM regress_syn7_s.l1;
RESET ROLE;

-- 5. Spellings equal under the type's equality: a category is its text,
-- so one row's spelling (an interval '1 day' among 1999 '24:00:00', equal
-- intervals) is released only with probability below 5e-8, never for the
-- others' rows; a numeric '10.000' is not the declared key 10.
SET IntervalStyle = postgres;
CREATE TABLE syn7_eq (id int, v interval, n numeric);
INSERT INTO syn7_eq VALUES (0, '1 day', 10.000);
INSERT INTO syn7_eq SELECT g, '24 hours', 10 FROM generate_series(1, 1999) g;
SECURITY LABEL FOR anon ON COLUMN syn7_eq.id IS 'QUASI-IDENTIFIER';
SELECT anon.set_public_partitions('syn7_eq', 'n', ARRAY[10]);
GRANT SELECT ON syn7_eq TO regress_syn7;
SELECT count(DISTINCT v) AS values, count(DISTINCT v::text) AS spellings FROM syn7_eq;
SET ROLE regress_syn7;
SELECT modelled_columns FROM anon.synthesize('syn7_eq', 'regress_syn7_s.c1', 1, 1e-7);
SELECT count(*) FILTER (WHERE v::text = '1 day') AS one_rows_spelling,
       count(*) FILTER (WHERE v::text = '24:00:00') > 0 AS others_spelling,
       count(*) FILTER (WHERE n::text = '10.000') AS one_rows_scale
FROM regress_syn7_s.c1;
RESET ROLE;
-- positive control: 400 rows spelled '1 day' are released as such
INSERT INTO syn7_eq SELECT g, '1 day', 10 FROM generate_series(2000, 2399) g;
SET ROLE regress_syn7;
SELECT modelled_columns FROM anon.synthesize('syn7_eq', 'regress_syn7_s.c2', 1, 1e-7);
SELECT count(*) FILTER (WHERE v::text = '1 day') > 0 AS shown FROM regress_syn7_s.c2;
RESET ROLE;
RESET IntervalStyle;

-- 6. A member of a DP role holds its rights (here TRIGGER on a labelled
-- table) and is guarded as it is: it may not attach code to a labelled
-- table (utility_guard.c recognised only a directly labelled role).
CREATE TABLE syn7_plain (id int);
GRANT TRIGGER ON syn7, syn7_plain TO regress_syn7;
CREATE FUNCTION regress_syn7_s.trg() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RETURN NEW; END $$;
ALTER FUNCTION regress_syn7_s.trg() OWNER TO regress_syn7;
SET ROLE regress_syn7_member;
CREATE TRIGGER t BEFORE INSERT ON public.syn7 FOR EACH ROW EXECUTE FUNCTION regress_syn7_s.trg();	-- fail
SET ROLE regress_syn7;
CREATE TRIGGER t BEFORE INSERT ON public.syn7 FOR EACH ROW EXECUTE FUNCTION regress_syn7_s.trg();	-- fail
-- positive control: the member's grant works on an unlabelled table
SET ROLE regress_syn7_member;
CREATE TRIGGER t BEFORE INSERT ON public.syn7_plain FOR EACH ROW EXECUTE FUNCTION regress_syn7_s.trg();
RESET ROLE;
SELECT tgrelid::regclass FROM pg_trigger WHERE tgname = 't' AND tgrelid IN ('syn7'::regclass, 'syn7_plain'::regclass);
INSERT INTO syn7 VALUES (9999, 'city 0', 1);

-- 7. A PRIVACY UNIT of a type without equality (json): told apart by its
-- text, one person's 400 rows, the unit written with 400 spacings, were
-- 400 persons and 'rare' was released (about 830 rows of 5000); the DP
-- aggregates refuse such a unit.  Refused before the charge.
CREATE TABLE syn7_ju (pid json, c text);
SECURITY LABEL FOR anon ON COLUMN syn7_ju.pid IS 'PRIVACY UNIT';
INSERT INTO syn7_ju SELECT json_build_object('a', g), 'common' FROM generate_series(2, 2001) g;
INSERT INTO syn7_ju SELECT ('{"a":' || repeat(' ', s) || '1}')::json, 'rare' FROM generate_series(1, 400) s;
CREATE TABLE syn7_jb AS SELECT pid::jsonb AS pid, c FROM syn7_ju;
SECURITY LABEL FOR anon ON COLUMN syn7_jb.pid IS 'PRIVACY UNIT';
GRANT SELECT ON syn7_ju, syn7_jb TO regress_syn7;
SET ROLE regress_syn7;
SELECT syn7_spends() AS before;
SELECT modelled_columns FROM anon.synthesize('syn7_ju', 'regress_syn7_s.j1', 1, 1e-7, 5000);	-- fail
SELECT syn7_spends() AS after;
-- positive control: as jsonb (equality ignores the spacing) the person is
-- one row, 'rare' is hidden but with probability below 5e-8
SELECT modelled_columns FROM anon.synthesize('syn7_jb', 'regress_syn7_s.j2', 1, 1e-7, 5000);
SELECT count(*) FILTER (WHERE c = 'rare') AS rare_rows FROM regress_syn7_s.j2;
RESET ROLE;
-- and the probe sees 'rare' when 400 persons hold it
UPDATE syn7_jb SET pid = jsonb_build_object('b', ctid::text) WHERE c = 'rare';
SET ROLE regress_syn7;
SELECT modelled_columns FROM anon.synthesize('syn7_jb', 'regress_syn7_s.j3', 1, 1e-7, 5000);
SELECT count(*) FILTER (WHERE c = 'rare') > 0 AS rare_shown FROM regress_syn7_s.j3;
RESET ROLE;

-- 8. A table of a schema the role may not use: its queries cannot name it
-- (aggregates included), but a regclass given as a number resolves without
-- the schema's USAGE and the synthesis read it.
CREATE SCHEMA regress_syn7_hidden;
CREATE TABLE regress_syn7_hidden.h (id int, city text);
INSERT INTO regress_syn7_hidden.h SELECT g, 'c' || (g % 3) FROM generate_series(1, 2000) g;
SECURITY LABEL FOR anon ON COLUMN regress_syn7_hidden.h.id IS 'QUASI-IDENTIFIER';
GRANT SELECT ON regress_syn7_hidden.h TO regress_syn7;
SELECT 'regress_syn7_hidden.h'::regclass::oid AS syn7_hidden_oid \gset
SET ROLE regress_syn7;
\set VERBOSITY sqlstate
SELECT anon.anon_count(1.0) FROM regress_syn7_hidden.h;	-- fail
\set VERBOSITY terse
SELECT syn7_spends() AS before;
SELECT synthetic_rows FROM anon.synthesize(:syn7_hidden_oid, 'regress_syn7_s.h1', 1, 1e-7);	-- fail
SELECT syn7_spends() AS after;
RESET ROLE;
-- positive control: with USAGE, the same call reads it
GRANT USAGE ON SCHEMA regress_syn7_hidden TO regress_syn7;
SET ROLE regress_syn7;
SELECT synthetic_rows > 0 AS read FROM anon.synthesize(:syn7_hidden_oid, 'regress_syn7_s.h2', 1, 1e-7);
RESET ROLE;
DROP SCHEMA regress_syn7_hidden CASCADE;

-- 9. The PRIVACY UNIT is read to count each person once: a role granted
-- other columns only may not use it (the DP aggregates, whose subquery
-- reads it as the caller, refuse it alike); before the charge.
CREATE TABLE syn7_cu (pid int, city text);
SECURITY LABEL FOR anon ON COLUMN syn7_cu.pid IS 'PRIVACY UNIT';
INSERT INTO syn7_cu SELECT g % 500, 'c' || (g % 3) FROM generate_series(1, 2000) g;
GRANT SELECT (city) ON syn7_cu TO regress_syn7;
SET ROLE regress_syn7;
\set VERBOSITY sqlstate
SELECT anon.anon_count(1.0) FROM syn7_cu;	-- fail
\set VERBOSITY terse
SELECT syn7_spends() AS before;
SELECT synthetic_rows FROM anon.synthesize('syn7_cu', 'regress_syn7_s.u1', 1, 1e-7);	-- fail
SELECT syn7_spends() AS after;
RESET ROLE;
-- positive control: with SELECT on the unit too, it is read
GRANT SELECT (pid) ON syn7_cu TO regress_syn7;
SET ROLE regress_syn7;
SELECT synthetic_rows > 0 AS read FROM anon.synthesize('syn7_cu', 'regress_syn7_s.u2', 1, 1e-7);
RESET ROLE;
DROP TABLE syn7_cu;

-- 10. Sources: what the role may read only through rules it does not
-- control is refused, before the charge.  A view (its query, as its
-- owner), a foreign table, a materialized view of a labelled table that
-- nobody labelled (raw rows, its labels lost), a table whose row-level
-- security applies to the role (the access method would read every row).
CREATE VIEW syn7_v AS SELECT * FROM syn7;
CREATE MATERIALIZED VIEW syn7_mv AS SELECT city FROM syn7;
CREATE FOREIGN DATA WRAPPER syn7_fdw;
CREATE SERVER syn7_srv FOREIGN DATA WRAPPER syn7_fdw;
CREATE FOREIGN TABLE syn7_ft (id int, city text) SERVER syn7_srv;
SECURITY LABEL FOR anon ON COLUMN syn7_ft.id IS 'QUASI-IDENTIFIER';
CREATE TABLE syn7_rls (id int, city text);
INSERT INTO syn7_rls SELECT g, 'c' || (g % 3) FROM generate_series(1, 2000) g;
SECURITY LABEL FOR anon ON COLUMN syn7_rls.id IS 'QUASI-IDENTIFIER';
ALTER TABLE syn7_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON syn7_rls USING (id < 10);
GRANT SELECT ON syn7_v, syn7_mv, syn7_ft, syn7_rls TO regress_syn7;
SET ROLE regress_syn7;
SELECT syn7_spends() AS before;
SELECT synthetic_rows FROM anon.synthesize('syn7_v', 'regress_syn7_s.v1', 1, 1e-7);	-- fail
SELECT synthetic_rows FROM anon.synthesize('syn7_mv', 'regress_syn7_s.v2', 1, 1e-7);	-- fail
SELECT synthetic_rows FROM anon.synthesize('syn7_ft', 'regress_syn7_s.v3', 1, 1e-7);	-- fail
SELECT synthetic_rows FROM anon.synthesize('syn7_rls', 'regress_syn7_s.v4', 1, 1e-7);	-- fail
SELECT syn7_spends() AS after;
RESET ROLE;
-- positive control: without row-level security the same table is read
ALTER TABLE syn7_rls DISABLE ROW LEVEL SECURITY;
SET ROLE regress_syn7;
SELECT synthetic_rows > 0 AS read FROM anon.synthesize('syn7_rls', 'regress_syn7_s.v5', 1, 1e-7);
RESET ROLE;
DROP VIEW syn7_v;
DROP MATERIALIZED VIEW syn7_mv;
DROP TABLE syn7_rls;
DROP FOREIGN DATA WRAPPER syn7_fdw CASCADE;

-- clean up
RESET client_min_messages;
SELECT anon.set_public_partitions('syn7_eq', 'n', NULL::numeric[]);
DROP TABLE syn7_ju, syn7_jb, syn7, syn7_plain, syn7_kid2, syn7_kid, syn7_par, syn7_pp, syn7_long, syn7_eq;
DROP FUNCTION syn7_baseline(text), syn7_noise(), syn7_spends();
DELETE FROM anon.dp_budget WHERE role::text LIKE 'regress_syn7%';
DROP SCHEMA regress_syn7_s CASCADE;
DROP TABLE pg_temp.syn7_tmp;
SECURITY LABEL FOR anon ON ROLE regress_syn7 IS NULL;
DROP ROLE regress_syn7_member, regress_syn7;
