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

-- Code a masked role wrote runs masked whoever calls it: a trigger on its
-- table, a column default, a function it offers (PL/pgSQL and SQL).  The
-- same code owned by the unmasked owner reads RAW (the control).
CREATE FUNCTION rt_play.grab() RETURNS text LANGUAGE plpgsql
  AS $$ BEGIN RETURN (SELECT string_agg(email, ',' ORDER BY id) FROM public.rt_secret); END $$;
CREATE FUNCTION rt_play.grab_sql() RETURNS text LANGUAGE sql
  AS $$ SELECT string_agg(email, ',' ORDER BY id) FROM public.rt_secret $$;
CREATE FUNCTION rt_play.grab_trg() RETURNS trigger LANGUAGE plpgsql
  AS $$ BEGIN NEW.x := rt_play.grab(); RETURN NEW; END $$;
ALTER FUNCTION rt_play.grab() OWNER TO regress_rt_plain;
ALTER FUNCTION rt_play.grab_sql() OWNER TO regress_rt_plain;
ALTER FUNCTION rt_play.grab_trg() OWNER TO regress_rt_plain;
CREATE FUNCTION rt_play.mgrab() RETURNS text LANGUAGE plpgsql
  AS $$ BEGIN RETURN (SELECT string_agg(email, ',' ORDER BY id) FROM public.rt_secret); END $$;
CREATE FUNCTION rt_play.mgrab_sql() RETURNS text LANGUAGE sql
  AS $$ SELECT string_agg(email, ',' ORDER BY id) FROM public.rt_secret $$;
CREATE FUNCTION rt_play.mgrab_trg() RETURNS trigger LANGUAGE plpgsql
  AS $$ BEGIN NEW.x := (SELECT string_agg(email, ',' ORDER BY id) FROM public.rt_secret); RETURN NEW; END $$;
ALTER FUNCTION rt_play.mgrab() OWNER TO regress_rt_masked;
ALTER FUNCTION rt_play.mgrab_sql() OWNER TO regress_rt_masked;
ALTER FUNCTION rt_play.mgrab_trg() OWNER TO regress_rt_masked;
CREATE TABLE rt_play.plain_t (x text, d text DEFAULT rt_play.grab_sql());
CREATE TRIGGER t BEFORE INSERT ON rt_play.plain_t FOR EACH ROW EXECUTE FUNCTION rt_play.grab_trg();
CREATE TABLE rt_play.masked_t (x text, d text DEFAULT rt_play.mgrab_sql());
CREATE TRIGGER t BEFORE INSERT ON rt_play.masked_t FOR EACH ROW EXECUTE FUNCTION rt_play.mgrab_trg();
ALTER TABLE rt_play.plain_t OWNER TO regress_rt_plain;
ALTER TABLE rt_play.masked_t OWNER TO regress_rt_masked;
-- an unmasked role with its own grant on rt_secret calls them
GRANT SELECT ON rt_secret TO regress_rt_reader;
GRANT INSERT, SELECT ON rt_play.plain_t, rt_play.masked_t TO regress_rt_reader;
SET ROLE regress_rt_reader;
SELECT rt_play.grab(), rt_play.grab_sql();	-- control: RAW
SELECT rt_play.mgrab(), rt_play.mgrab_sql();	-- masked
SELECT rt_play.mgrab_sql() FROM (VALUES (1)) v;	-- not inlined around the mask
INSERT INTO rt_play.plain_t DEFAULT VALUES;
INSERT INTO rt_play.masked_t DEFAULT VALUES;
SELECT * FROM rt_play.plain_t;	-- control: RAW
SELECT * FROM rt_play.masked_t;	-- masked
SELECT email FROM rt_secret ORDER BY id;	-- its own reads stay RAW after the calls
RESET ROLE;
-- a plan the caller cached (RAW) is not reused inside the masked role's code
CREATE FUNCTION rt_play.mgrab_via() RETURNS text LANGUAGE plpgsql
  AS $$ BEGIN RETURN rt_play.grab(); END $$;
ALTER FUNCTION rt_play.mgrab_via() OWNER TO regress_rt_masked;
SET ROLE regress_rt_reader;
SELECT rt_play.grab();	-- control: RAW, plan cached
SELECT rt_play.mgrab_via();	-- masked
SELECT rt_play.grab();	-- RAW again
RESET ROLE;
REVOKE SELECT ON rt_secret FROM regress_rt_reader;

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
