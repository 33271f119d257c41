-- Red team: a DIFFERENTIAL PRIVACY role's rights exercised by somebody
-- else.  A view or a rewrite rule runs with its owner's rights (checkAsUser)
-- whoever reads it: a DP role's grant on a labelled table is a grant of DP
-- releases only, so a view it owns, read by an unlabelled role with no
-- grant on the table, is guarded like the DP role's own queries.  The
-- positive control: the same view owned by an unlabelled role returns the
-- raw rows.
\set VERBOSITY terse
CREATE ROLE regress_rtdp;
CREATE ROLE regress_rtdp_plain;
CREATE ROLE regress_rtdp_reader;
SECURITY LABEL FOR anon ON ROLE regress_rtdp IS 'DIFFERENTIAL PRIVACY';
CREATE TABLE rtdp_people (id int, salary int);
INSERT INTO rtdp_people SELECT g, 1000 + g FROM generate_series(1, 10) g;
SECURITY LABEL FOR anon ON COLUMN rtdp_people.salary IS 'MASKED WITH VALUE 0';
GRANT SELECT ON rtdp_people TO regress_rtdp, regress_rtdp_plain;
CREATE SCHEMA rtdp_play;
GRANT ALL ON SCHEMA rtdp_play TO regress_rtdp, regress_rtdp_plain;
GRANT USAGE ON SCHEMA rtdp_play TO regress_rtdp_reader;
SET ROLE regress_rtdp_plain;
CREATE VIEW rtdp_play.plain_view AS SELECT * FROM public.rtdp_people;
CREATE TABLE rtdp_play.plain_loot (x int);
CREATE TABLE rtdp_play.plain_trap (x int);
CREATE RULE r AS ON INSERT TO rtdp_play.plain_trap
  DO ALSO INSERT INTO rtdp_play.plain_loot SELECT salary FROM public.rtdp_people WHERE id = 3;
GRANT SELECT ON rtdp_play.plain_view TO PUBLIC;
GRANT INSERT ON rtdp_play.plain_trap TO PUBLIC;
SET ROLE regress_rtdp;
CREATE VIEW rtdp_play.dp_view AS SELECT * FROM public.rtdp_people;
CREATE VIEW rtdp_play.dp_view_max AS SELECT max(salary) AS m FROM public.rtdp_people;
CREATE TABLE rtdp_play.dp_loot (x int);
CREATE TABLE rtdp_play.dp_trap (x int);
CREATE RULE r AS ON INSERT TO rtdp_play.dp_trap
  DO ALSO INSERT INTO rtdp_play.dp_loot SELECT salary FROM public.rtdp_people WHERE id = 3;
GRANT SELECT ON rtdp_play.dp_view, rtdp_play.dp_view_max TO PUBLIC;
GRANT INSERT ON rtdp_play.dp_trap TO PUBLIC;
GRANT ALL ON rtdp_play.dp_loot TO PUBLIC;
SELECT * FROM rtdp_play.dp_view;	-- fail: the DP role itself
RESET ROLE;
SET ROLE regress_rtdp_reader;
SELECT * FROM rtdp_people;	-- fail: no grant of its own
SELECT * FROM rtdp_play.plain_view WHERE id = 3;	-- control: raw
SELECT * FROM rtdp_play.dp_view WHERE id = 3;	-- fail: the DP role's rights
SELECT * FROM rtdp_play.dp_view_max;	-- fail
COPY (SELECT salary FROM rtdp_play.dp_view) TO STDOUT;	-- fail
INSERT INTO rtdp_play.plain_trap VALUES (1);	-- control: the rule reads raw
INSERT INTO rtdp_play.dp_trap VALUES (1);	-- fail: the DP role's rule
RESET ROLE;
SELECT * FROM rtdp_play.plain_loot;
SELECT count(*) FROM rtdp_play.dp_loot;	-- 0
-- an unlabelled role's own queries are not guarded
SELECT max(salary) FROM rtdp_people;

-- a trigger function a DP role wrote runs as that role (guarded), whoever
-- fires it; the same trigger owned by an unlabelled role reads raw (control)
CREATE FUNCTION rtdp_play.grab() RETURNS trigger LANGUAGE plpgsql
  AS $$ BEGIN NEW.x := (SELECT salary FROM public.rtdp_people WHERE id = 3); RETURN NEW; END $$;
CREATE FUNCTION rtdp_play.dpgrab() RETURNS trigger LANGUAGE plpgsql
  AS $$ BEGIN NEW.x := (SELECT salary FROM public.rtdp_people WHERE id = 3); RETURN NEW; END $$;
ALTER FUNCTION rtdp_play.grab() OWNER TO regress_rtdp_plain;
ALTER FUNCTION rtdp_play.dpgrab() OWNER TO regress_rtdp;
CREATE TABLE rtdp_play.plain_t (x int);
CREATE TABLE rtdp_play.dp_t (x int);
CREATE TRIGGER t BEFORE INSERT ON rtdp_play.plain_t FOR EACH ROW EXECUTE FUNCTION rtdp_play.grab();
CREATE TRIGGER t BEFORE INSERT ON rtdp_play.dp_t FOR EACH ROW EXECUTE FUNCTION rtdp_play.dpgrab();
GRANT SELECT ON rtdp_people TO regress_rtdp_reader;
GRANT INSERT, SELECT ON rtdp_play.plain_t, rtdp_play.dp_t TO regress_rtdp_reader;
SET ROLE regress_rtdp_reader;
INSERT INTO rtdp_play.plain_t VALUES (0);	-- control: raw
SELECT * FROM rtdp_play.plain_t;
INSERT INTO rtdp_play.dp_t VALUES (0);	-- fail: runs as the DP role
SELECT count(*) FROM rtdp_play.dp_t;
RESET ROLE;
REVOKE SELECT ON rtdp_people FROM regress_rtdp_reader;

-- clean up
DROP SCHEMA rtdp_play CASCADE;
DROP TABLE rtdp_people;
DROP ROLE regress_rtdp, regress_rtdp_plain, regress_rtdp_reader;
