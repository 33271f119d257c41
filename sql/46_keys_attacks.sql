-- Attacks on secrets and pseudonymization (redteam4).  Each probe has a
-- positive control showing it would catch the leak.
\set VERBOSITY terse
SET client_min_messages = warning;
CREATE ROLE regress_ka_masked LOGIN;
CREATE ROLE regress_ka_plain LOGIN;
RESET client_min_messages;
SECURITY LABEL FOR anon ON ROLE regress_ka_masked IS 'MASKED';

--------------------------------------------------------------------------
-- 1. Secret settings in catalogs every role reads.  pg_db_role_setting
-- (ALTER DATABASE/ROLE ... SET) and pg_proc.proconfig (CREATE FUNCTION
-- ... SET) are readable by PUBLIC: anon.salt (the only secret of the
-- pseudo_* functions when it is set) and anon.custom_values (constants of
-- rules, anon.custom_value is RESTRICTED) must not be stored there.
--------------------------------------------------------------------------
SELECT current_database() AS db, current_user AS current_user_name \gset
-- positive control: a setting that is no secret is stored, and the
-- masked role's probe of the catalog reads it
ALTER ROLE regress_ka_plain SET anon.locale = 'fr_FR';
ALTER DATABASE :"db" SET anon.salt = 'regress_ka_s3cret';		-- fail
ALTER ROLE regress_ka_plain SET anon.salt = 'regress_ka_s3cret';	-- fail
ALTER ROLE regress_ka_plain IN DATABASE :"db" SET anon.salt = 'regress_ka_s3cret';	-- fail
ALTER ROLE regress_ka_masked SET anon.custom_values = '{"k": "regress_ka_s3cret"}';	-- fail
ALTER DATABASE :"db" SET anon.custom_values = '{"k": "regress_ka_s3cret"}';	-- fail
CREATE FUNCTION regress_ka_f() RETURNS int LANGUAGE sql
  SET anon.salt = 'regress_ka_s3cret' AS 'SELECT 1';			-- fail
CREATE FUNCTION regress_ka_g() RETURNS int LANGUAGE sql AS 'SELECT 1';
ALTER FUNCTION regress_ka_g() SET anon.custom_values = '{"k": "regress_ka_s3cret"}';	-- fail
-- still settable where no role reads it: the session (superusers)
SET anon.salt = 'regress_ka_session';
SET anon.custom_values = '{"k": "v"}';
RESET anon.salt;
RESET anon.custom_values;
SET ROLE regress_ka_masked;
SELECT count(*) FILTER (WHERE c::text LIKE '%regress_ka_s3cret%') AS secrets_seen,
       count(*) FILTER (WHERE c::text LIKE '%anon.locale=fr_FR%') AS control_seen
FROM (SELECT setconfig AS c FROM pg_db_role_setting
      UNION ALL SELECT proconfig FROM pg_proc WHERE proconfig IS NOT NULL) s;
RESET ROLE;
ALTER ROLE regress_ka_plain RESET anon.locale;
DROP FUNCTION IF EXISTS regress_ka_f();
DROP FUNCTION regress_ka_g();
ALTER DATABASE :"db" RESET anon.salt;
ALTER DATABASE :"db" RESET anon.custom_values;
ALTER ROLE regress_ka_plain RESET anon.salt;
ALTER ROLE regress_ka_masked RESET anon.custom_values;
ALTER ROLE regress_ka_plain IN DATABASE :"db" RESET anon.salt;

--------------------------------------------------------------------------
-- 2. View definitions read by a masked login in a fresh session.
-- pg_get_viewdef and pg_get_ruledef read pg_rewrite through SPI; for a
-- masked role its query trees are hidden, and a NULL tree crashed the
-- server (every session lost).  A salt in a view must stay hidden too.
--------------------------------------------------------------------------
CREATE TABLE regress_ka_t (id int, email text);
INSERT INTO regress_ka_t VALUES (1, 'a@RAW.example');
CREATE VIEW regress_ka_v AS
  SELECT id, md5(email || 'regress_ka_V13WSALT') AS email FROM regress_ka_t;
CREATE RULE regress_ka_r AS ON UPDATE TO regress_ka_t
  WHERE old.email = 'regress_ka_RULESALT' DO INSTEAD NOTHING;
GRANT SELECT ON regress_ka_t, regress_ka_v TO regress_ka_masked, regress_ka_plain;
-- positive control: an unmasked login reads the salts
\c - regress_ka_plain
SELECT pg_get_viewdef('regress_ka_v'::regclass) LIKE '%regress_ka_V13WSALT%' AS salt_seen,
       (SELECT pg_get_ruledef(oid) FROM pg_rewrite WHERE rulename = 'regress_ka_r') LIKE '%regress_ka_RULESALT%' AS rule_salt_seen;
\c - regress_ka_masked
SELECT coalesce(pg_get_viewdef('regress_ka_v'::regclass), '') LIKE '%regress_ka_V13WSALT%' AS salt_seen;
SELECT coalesce(pg_get_viewdef('regress_ka_v'), '') LIKE '%regress_ka_V13WSALT%' AS salt_seen;
SELECT coalesce(pg_get_viewdef('regress_ka_v', true), '') LIKE '%regress_ka_V13WSALT%' AS salt_seen;
-- a rule is printed with its constants NULL: no salt in it
SELECT coalesce(pg_get_ruledef(oid, true), '') LIKE '%regress_ka_RULESALT%' AS rule_salt_seen
FROM pg_rewrite WHERE rulename = 'regress_ka_r';
SELECT count(*) FILTER (WHERE coalesce(definition, '') LIKE '%regress_ka_V13WSALT%') AS salts_seen
FROM pg_views WHERE viewname = 'regress_ka_v';
SELECT count(*) FILTER (WHERE ev_action::text LIKE '%regress_ka_%SALT%'
                           OR ev_qual::text LIKE '%regress_ka_%SALT%') AS trees_with_salt
FROM pg_rewrite WHERE ev_class IN ('regress_ka_v'::regclass, 'regress_ka_t'::regclass);
\c - :current_user_name
SELECT 1 AS server_alive;
DROP VIEW regress_ka_v;
DROP TABLE regress_ka_t;

--------------------------------------------------------------------------
-- 3. Key administrators: membership in anon.key_admin_role counts only
-- through grants a superuser made without ADMIN OPTION.  A CREATEROLE
-- role can create the role when it does not exist yet (PostgreSQL 16
-- and later then give it ADMIN OPTION on it), or grant it (15): it must
-- not become a key administrator, nor make others ones.
--------------------------------------------------------------------------
SET client_min_messages = warning;
CREATE ROLE regress_ka_admins;
CREATE ROLE regress_ka_alice;
CREATE ROLE regress_ka_mallory CREATEROLE;
CREATE ROLE regress_ka_team;
CREATE ROLE regress_ka_eve;
CREATE ROLE regress_ka_eve2;
RESET client_min_messages;
SET anon.key_admin_role = 'regress_ka_admins';
SELECT anon.create_key('regress_ka_k');
SELECT anon.pseudonymize('0612345678', 'regress_ka_k') AS p \gset
-- positive control: a member a superuser granted reverses a pseudonym
GRANT regress_ka_admins TO regress_ka_alice;
SET ROLE regress_ka_alice;
SELECT anon.depseudonymize(:'p', 'regress_ka_k') AS value;
RESET ROLE;
-- a grant made by a non-superuser does not count, nor does a membership
-- with ADMIN OPTION (what a CREATEROLE role holds on a role it created)
GRANT regress_ka_admins TO regress_ka_mallory WITH ADMIN OPTION;
SET ROLE regress_ka_mallory;
GRANT regress_ka_admins TO regress_ka_eve;
SELECT anon.depseudonymize(:'p', 'regress_ka_k');	-- fail
SET ROLE regress_ka_eve;
SELECT anon.depseudonymize(:'p', 'regress_ka_k');	-- fail
SELECT anon.rotate_key('regress_ka_k');				-- fail
RESET ROLE;
-- nor a grant made by a non-superuser of a role below the administrators'
GRANT regress_ka_admins TO regress_ka_team;
GRANT regress_ka_team TO regress_ka_mallory WITH ADMIN OPTION;
SET ROLE regress_ka_mallory;
GRANT regress_ka_team TO regress_ka_eve2;
SET ROLE regress_ka_eve2;
SELECT anon.depseudonymize(:'p', 'regress_ka_k');	-- fail
RESET ROLE;
-- while such a grant remains, no member counts (fail closed)
SET ROLE regress_ka_alice;
SELECT anon.depseudonymize(:'p', 'regress_ka_k');	-- fail
RESET ROLE;
-- the control again, once a superuser removed those grants, through the
-- group a superuser granted
DROP ROLE regress_ka_eve, regress_ka_eve2;
REVOKE regress_ka_admins FROM regress_ka_mallory;
REVOKE regress_ka_team FROM regress_ka_mallory;
REVOKE regress_ka_admins FROM regress_ka_alice;
GRANT regress_ka_team TO regress_ka_alice;
SET ROLE regress_ka_alice;
SELECT anon.depseudonymize(:'p', 'regress_ka_k') AS value;
RESET ROLE;
SELECT anon.drop_key('regress_ka_k');
RESET anon.key_admin_role;
DROP ROLE regress_ka_alice, regress_ka_mallory, regress_ka_team, regress_ka_admins;

DROP ROLE regress_ka_masked;
DROP ROLE regress_ka_plain;
