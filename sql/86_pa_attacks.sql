-- Attacks on the PostgreSQL Anonymizer compatibility layer (legacy mask
-- schema, PA-style static masking, PA settings).  Each probe has a
-- positive control showing it would catch the leak.
\set VERBOSITY terse
CREATE ROLE regress_pa_owner LOGIN;
CREATE ROLE regress_pa_masked LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_pa_masked IS 'MASKED';
CREATE SCHEMA pa_own AUTHORIZATION regress_pa_owner;
GRANT USAGE ON SCHEMA pa_own TO regress_pa_masked;
CREATE TABLE pa_own_log (who text, what text);
GRANT ALL ON pa_own_log TO PUBLIC;
GRANT CREATE ON SCHEMA public TO regress_pa_owner;
SET ROLE regress_pa_owner;
CREATE FUNCTION pa_own.vhook(v text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  INSERT INTO public.pa_own_log VALUES (current_user, v);
  BEGIN
    ALTER ROLE regress_pa_owner SUPERUSER;
    INSERT INTO public.pa_own_log VALUES (current_user, 'escalated');
  EXCEPTION WHEN OTHERS THEN NULL;
  END;
  RETURN true;
END $$;
CREATE FUNCTION pa_own.hook(v text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN RETURN pa_own.vhook(v); END $$;
CREATE FUNCTION pa_own.tg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pa_own.hook('trigger'); RETURN NEW; END $$;
CREATE TABLE public.pa_t2 (id int PRIMARY KEY, name text CHECK (pa_own.hook('check')), n numeric, d timestamptz,
   dflt text DEFAULT (pa_own.hook('default'))::text);
CREATE INDEX ON public.pa_t2 ((pa_own.hook(name)));
CREATE TRIGGER tg BEFORE UPDATE OR INSERT ON public.pa_t2 FOR EACH ROW EXECUTE FUNCTION pa_own.tg();
ALTER TABLE public.pa_t2 ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON public.pa_t2 USING (pa_own.hook('rls'));
INSERT INTO public.pa_t2 VALUES (1, 'Alice', 10, now()), (2, 'Bob', 20, now());
GRANT SELECT ON public.pa_t2 TO regress_pa_masked;
SECURITY LABEL FOR anon ON COLUMN public.pa_t2.name IS 'MASKED WITH FUNCTION anon.fake_first_name()';
RESET ROLE;
TRUNCATE pa_own_log;
SELECT anon.start_dynamic_masking();
SELECT count(*) FROM mask.pa_t2;
-- privacy by default: an owner's volatile default is never the mask
SET anon.privacy_by_default = on;
SELECT count(*) FROM mask.pa_t2 WHERE dflt IS NULL;
RESET anon.privacy_by_default;
SELECT anon.mask_update();
SELECT anon.mask_role('regress_pa_masked');
SELECT anon.init();
SELECT anon.anonymize_table('public.pa_t2');
SELECT anon.anonymize_table('public.pa_t2', 'anon', true);
SELECT anon.anonymize_column('public.pa_t2', 'name');
SELECT anon.add_noise_on_numeric_column('public.pa_t2', 'n', 0.5);
SELECT anon.add_noise_on_datetime_column('public.pa_t2', 'd', '1 day');
SELECT anon.anonymize_database();
SELECT anon.shuffle_column('public.pa_t2', 'n', 'id');
SELECT anon.k_anonymity('public.pa_t2');
SELECT count(*) >= 0 AS detected FROM anon.detect('public.pa_t2'::regclass);
SET anon.replica_masking = on;
SELECT anon.start_replica_masking();
SELECT anon.refresh_replica_masking();
SELECT anon.stop_replica_masking();
RESET anon.replica_masking;
ALTER TABLE public.pa_t2 ADD COLUMN extra int;
SELECT anon.stop_dynamic_masking();
SELECT anon.remove_masks_for_all_columns();
-- the owner's hooks ran (the probe sees them), never as the superuser
SELECT count(*) > 0 AS hooks_ran,
       count(*) FILTER (WHERE who <> 'regress_pa_owner') AS ran_as_other,
       count(*) FILTER (WHERE what = 'escalated') AS escalated
FROM pa_own_log;
-- control: the same hook called by the superuser is logged as the superuser
TRUNCATE pa_own_log;
SELECT pa_own.vhook('control');
SELECT count(*) FILTER (WHERE who <> 'regress_pa_owner') AS ran_as_other FROM pa_own_log;
ALTER ROLE regress_pa_owner NOSUPERUSER;
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_pa_owner';

-- anon.salt keys the one-argument pseudo_* and anon.hash(): stored with
-- ALTER DATABASE / ALTER ROLE ... SET or a function's SET clause, it would
-- be readable by every role (pg_db_role_setting, pg_proc), a masked role
-- could then compute the pseudonyms of its guesses
DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET anon.salt = %L', current_database(), 'salt-d-8f3'); END$$;
ALTER ROLE regress_pa_owner SET anon.salt = 'salt-r-8f3';
CREATE FUNCTION pa_salted() RETURNS int LANGUAGE sql SET anon.salt = 'salt-f-8f3' RETURN 1;
-- control: another setting stored the same way is seen by the probe
DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET anon.locale = %L', current_database(), 'fr_FR'); END$$;
SET ROLE regress_pa_masked;
SELECT count(*) AS salt_seen FROM pg_db_role_setting s, unnest(s.setconfig) c WHERE c LIKE '%8f3%';
SELECT count(*) AS salt_seen FROM pg_proc WHERE array_to_string(proconfig, ',') LIKE '%8f3%';
SELECT count(*) AS control_seen FROM pg_db_role_setting s, unnest(s.setconfig) c WHERE c = 'anon.locale=fr_FR';
RESET ROLE;
-- the session and postgresql.conf still set it
SET anon.salt = 'salt-s-8f3';
RESET anon.salt;
DO $$BEGIN EXECUTE format('ALTER DATABASE %I RESET anon.salt', current_database()); EXECUTE format('ALTER DATABASE %I RESET anon.locale', current_database()); END$$;
ALTER ROLE regress_pa_owner RESET anon.salt;
DROP FUNCTION IF EXISTS pa_salted();

-- a masked role: the legacy views show it masked data, its helpers refuse
SET ROLE regress_pa_masked;
SELECT anon.start_dynamic_masking();
SELECT * FROM anon._legacy_masked_rows('public.pa_t2') AS m(id int, name text);
SELECT anon.masking_view('public.pa_t2', 'anon') IS NOT NULL;
SET anon.sourceschema = 'pa_own';
SET anon.maskschema = 'pa_own';
SELECT anon.remove_masks_for_all_roles();
SELECT anon.hasmask('regress_pa_masked');
RESET ROLE;

-- a masked role prints the definition of the legacy views (and any view)
-- first in its session: pg_get_viewdef reads pg_rewrite through SPI as the
-- reader, whose query trees read redacted; this crashed the server when
-- they read as NULL.  The constant of the rule stays hidden.
SECURITY LABEL FOR anon ON COLUMN public.pa_t2.name
  IS 'MASKED WITH FUNCTION anon.digest(name, ''S4LT86'', ''sha256'')';
SELECT anon.start_dynamic_masking();
CREATE VIEW pa_v86 AS SELECT id, name || 'K0NST86' AS n FROM public.pa_t2;
GRANT SELECT ON pa_v86 TO regress_pa_masked;
-- control: an unmasked reader sees the constants in the definitions
SELECT pg_get_viewdef('mask.pa_t2') LIKE '%pa_t2%' AS names_table,
       pg_get_viewdef('pa_v86') LIKE '%K0NST86%' AS constant_seen;
\c -
SET ROLE regress_pa_masked;
SELECT coalesce(pg_get_viewdef('pa_v86'), '') LIKE '%K0NST86%' AS constant_seen;
SELECT coalesce(pg_get_viewdef('mask.pa_t2'), '') LIKE '%S4LT86%' AS salt_seen;
SELECT count(*) FILTER (WHERE coalesce(definition, '') LIKE '%K0NST86%') AS constant_seen
FROM pg_views WHERE viewname = 'pa_v86';
SELECT count(nullif(ev_action::text, '<>')) AS trees_visible FROM pg_rewrite;
RESET ROLE;
SELECT anon.stop_dynamic_masking();
DROP VIEW pa_v86;

-- clean up
DROP TABLE public.pa_t2;
DROP TABLE pa_own_log;
DROP SCHEMA pa_own CASCADE;
REVOKE CREATE ON SCHEMA public FROM regress_pa_owner;
SECURITY LABEL FOR anon ON ROLE regress_pa_masked IS NULL;
DROP ROLE regress_pa_masked;
DROP ROLE regress_pa_owner;
