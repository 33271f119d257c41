-- Red team: a masked role's rights exercised by somebody else.  A view or a
-- rewrite rule runs with its owner's rights on the relations it reads
-- (checkAsUser), whoever reads it.  A masked role's grant on a masked table
-- is a grant of masked values: a view it owns, read by an unmasked role
-- that holds no grant on the table, and a rule on its own table fired by an
-- unmasked role's write, must both see masked values.  Each probe is run
-- first for an unmasked owner (the positive control: the same objects do
-- reach raw values) then for the masked owner.  Raw values contain 'RAW'.
\set VERBOSITY terse
CREATE ROLE regress_rt_masked;
CREATE ROLE regress_rt_plain;
CREATE ROLE regress_rt_reader;
SECURITY LABEL FOR anon ON ROLE regress_rt_masked IS 'MASKED';
CREATE TABLE rt_secret (id int PRIMARY KEY, email text);
INSERT INTO rt_secret VALUES (1, 'alice@RAW.example'), (2, 'bob@RAW.example');
SECURITY LABEL FOR anon ON COLUMN rt_secret.email IS 'MASKED WITH VALUE ''hidden''';
GRANT SELECT ON rt_secret TO regress_rt_masked, regress_rt_plain;
CREATE SCHEMA rt_play;
GRANT ALL ON SCHEMA rt_play TO regress_rt_masked, regress_rt_plain;
GRANT USAGE ON SCHEMA rt_play TO regress_rt_reader;

-- the owners plant a view and a rule, and grant them to everybody
SET ROLE regress_rt_plain;
CREATE VIEW rt_play.plain_view AS SELECT * FROM public.rt_secret;
CREATE TABLE rt_play.plain_loot (x text);
CREATE TABLE rt_play.plain_trap (x int);
CREATE RULE r AS ON INSERT TO rt_play.plain_trap
  DO ALSO INSERT INTO rt_play.plain_loot SELECT email FROM public.rt_secret;
GRANT SELECT ON rt_play.plain_view TO PUBLIC;
GRANT INSERT ON rt_play.plain_trap TO PUBLIC;
SET ROLE regress_rt_masked;
CREATE VIEW rt_play.masked_view AS SELECT * FROM public.rt_secret;
CREATE VIEW rt_play.masked_view_sb WITH (security_barrier) AS
  SELECT * FROM public.rt_secret WHERE id > 0;
CREATE VIEW rt_play.masked_view_deep AS
  SELECT id, (SELECT email FROM public.rt_secret s WHERE s.id = o.id) AS email
  FROM (VALUES (1), (2)) o(id);
CREATE TABLE rt_play.masked_loot (x text);
CREATE TABLE rt_play.masked_trap (x int);
CREATE RULE r AS ON INSERT TO rt_play.masked_trap
  DO ALSO INSERT INTO rt_play.masked_loot SELECT email FROM public.rt_secret;
GRANT SELECT ON rt_play.masked_view, rt_play.masked_view_sb, rt_play.masked_view_deep TO PUBLIC;
GRANT INSERT ON rt_play.masked_trap TO PUBLIC;
-- the masked owner reads its own view masked, as always
SELECT * FROM rt_play.masked_view ORDER BY id;
RESET ROLE;

-- an unmasked role without any grant on rt_secret reads the views
SET ROLE regress_rt_reader;
SELECT * FROM rt_secret;	-- fail: no grant of its own
SELECT * FROM rt_play.plain_view ORDER BY id;	-- control: RAW through the plain owner's rights
SELECT * FROM rt_play.masked_view ORDER BY id;	-- masked: the masked owner's rights
SELECT * FROM rt_play.masked_view_sb ORDER BY id;
SELECT * FROM rt_play.masked_view_deep ORDER BY id;
COPY (SELECT email FROM rt_play.masked_view ORDER BY id) TO STDOUT;
SELECT id FROM rt_play.masked_view WHERE email LIKE '%RAW%';	-- nothing: quals see masked values
PREPARE p AS SELECT email FROM rt_play.masked_view ORDER BY id;
EXECUTE p;
DEALLOCATE p;
-- the rules fire with their owners' rights
INSERT INTO rt_play.plain_trap VALUES (1);
INSERT INTO rt_play.masked_trap VALUES (1);
RESET ROLE;
SELECT * FROM rt_play.plain_loot ORDER BY x;	-- control: RAW
SELECT * FROM rt_play.masked_loot ORDER BY x;	-- masked
-- a superuser reading the masked role's view reads with the masked role's rights too
SELECT * FROM rt_play.masked_view ORDER BY id;
-- unrelated queries of an unmasked role are not masked
SELECT * FROM rt_secret ORDER BY id;

-- A member of a masked role (GRANT masked TO member) inherits its grants:
-- it reads masked, at any depth.  Control: the same member of an unmasked
-- role reads raw through that role's grant; a NOINHERIT member with a grant
-- of its own does not use the masked role's grants (SET ROLE to it masks).
CREATE ROLE regress_rt_member;
CREATE ROLE regress_rt_member2;
CREATE ROLE regress_rt_noinherit NOINHERIT;
GRANT regress_rt_plain TO regress_rt_member;
SET ROLE regress_rt_member;
SELECT email FROM rt_secret ORDER BY id;	-- control: RAW through regress_rt_plain's grant
RESET ROLE;
GRANT regress_rt_masked TO regress_rt_member;
GRANT regress_rt_member TO regress_rt_member2;
SET ROLE regress_rt_member;
SELECT email FROM rt_secret ORDER BY id;	-- masked
RESET ROLE;
SET ROLE regress_rt_member2;
SELECT email FROM rt_secret ORDER BY id;	-- masked, two levels down
RESET ROLE;
GRANT regress_rt_masked TO regress_rt_noinherit;
GRANT SELECT ON rt_secret TO regress_rt_noinherit;
SET ROLE regress_rt_noinherit;
SELECT email FROM rt_secret ORDER BY id;	-- RAW: its own grant, not the masked role's
SET ROLE regress_rt_masked;
SELECT email FROM rt_secret ORDER BY id;	-- masked
RESET ROLE;
REVOKE regress_rt_masked FROM regress_rt_member;
SET ROLE regress_rt_member2;
SELECT email FROM rt_secret ORDER BY id;	-- RAW again: no masked role above
RESET ROLE;
REVOKE SELECT ON rt_secret FROM regress_rt_noinherit;
DROP ROLE regress_rt_member2, regress_rt_member, regress_rt_noinherit;

-- clean up
DROP SCHEMA rt_play CASCADE;
DROP TABLE rt_secret;
DROP ROLE regress_rt_masked, regress_rt_plain, regress_rt_reader;
