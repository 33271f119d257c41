-- Red team, session 8 (fourth pass): a reader masked by two policies.
-- Policies are separate views of the data: a column that "devtests"
-- masks, "anon" may leave as it is.  A query is masked by one policy (the
-- current user's first, then the outer user's, then the session user's),
-- so a reader whose roles are masked by two read, by one, what the other
-- masks: a login masked for devtests that SET ROLE to a role masked for
-- anon, or called a SECURITY DEFINER function of one, or read a view that
-- one owns, or inherited the privileges of one.  Such a reader is now
-- refused the relations that its other policy labels.  (The regression
-- cluster registers the policy devtests besides anon.)
\set VERBOSITY terse
SELECT current_user AS current_user_name \gset
CREATE ROLE regress_s8d_anon;			-- masked for anon
CREATE ROLE regress_s8d_dev LOGIN NOINHERIT;	-- masked for devtests
CREATE ROLE regress_s8d_both;			-- masked for both
SECURITY LABEL FOR anon ON ROLE regress_s8d_anon IS 'MASKED';
SECURITY LABEL FOR devtests ON ROLE regress_s8d_dev IS 'MASKED';
SECURITY LABEL FOR anon ON ROLE regress_s8d_both IS 'MASKED';
SECURITY LABEL FOR devtests ON ROLE regress_s8d_both IS 'MASKED';
GRANT regress_s8d_anon TO regress_s8d_dev;
CREATE SCHEMA regress_s8d;
GRANT USAGE ON SCHEMA regress_s8d TO regress_s8d_anon, regress_s8d_dev, regress_s8d_both;
-- anon masks the email, devtests the diagnosis
CREATE TABLE regress_s8d.patient (id int, email text, diagnosis text);
INSERT INTO regress_s8d.patient VALUES (1, 'alice@RAW.example', 'RAW diagnosis');
SECURITY LABEL FOR anon ON COLUMN regress_s8d.patient.email IS 'MASKED WITH VALUE ''hidden''';
SECURITY LABEL FOR devtests ON COLUMN regress_s8d.patient.diagnosis IS 'MASKED WITH VALUE ''hidden''';
-- a table that only anon labels, and one that no policy labels
CREATE TABLE regress_s8d.visit (id int, email text);
INSERT INTO regress_s8d.visit VALUES (1, 'alice@RAW.example');
SECURITY LABEL FOR anon ON COLUMN regress_s8d.visit.email IS 'MASKED WITH VALUE ''hidden''';
CREATE TABLE regress_s8d.ward (id int, name text);
INSERT INTO regress_s8d.ward VALUES (1, 'east');
GRANT SELECT ON ALL TABLES IN SCHEMA regress_s8d
  TO regress_s8d_anon, regress_s8d_dev, regress_s8d_both;
-- code of the anon role: a function it offers, a view it owns
CREATE FUNCTION regress_s8d.diagnosis_of(int) RETURNS text LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = pg_catalog
  AS 'SELECT diagnosis FROM regress_s8d.patient WHERE id = $1';
ALTER FUNCTION regress_s8d.diagnosis_of(int) OWNER TO regress_s8d_anon;
CREATE VIEW regress_s8d.patient_v AS SELECT id, email, diagnosis FROM regress_s8d.patient;
ALTER VIEW regress_s8d.patient_v OWNER TO regress_s8d_anon;
GRANT SELECT ON regress_s8d.patient_v TO regress_s8d_dev, regress_s8d_both;

-- positive control: each policy alone masks its own column and shows the
-- other's raw
SET ROLE regress_s8d_anon;
SELECT email, diagnosis FROM regress_s8d.patient;
RESET ROLE;
\c - regress_s8d_dev
\set VERBOSITY terse
SELECT email, diagnosis FROM regress_s8d.patient;

-- the attacks: the devtests login reading by anon's policy, whose view
-- shows the diagnosis raw
SET ROLE regress_s8d_anon;
SELECT email, diagnosis FROM regress_s8d.patient;	-- fail
RESET ROLE;
SELECT regress_s8d.diagnosis_of(1);	-- fail
SELECT diagnosis FROM regress_s8d.patient_v;	-- fail
-- what the other policy does not label reads as before
SET ROLE regress_s8d_anon;
SELECT email FROM regress_s8d.visit;
SELECT name FROM regress_s8d.ward;
RESET ROLE;
\c - :current_user_name
\set VERBOSITY terse
-- a role labelled MASKED for two policies reads by the first (anon), as
-- in PostgreSQL Anonymizer: one role, one policy, the superuser's choice
SET ROLE regress_s8d_both;
SELECT email, diagnosis FROM regress_s8d.patient;
RESET ROLE;
-- but a role that inherits it, labelled for devtests itself, is masked by
-- both: refused
CREATE ROLE regress_s8d_member;
SECURITY LABEL FOR devtests ON ROLE regress_s8d_member IS 'MASKED';
GRANT regress_s8d_both TO regress_s8d_member;
SET ROLE regress_s8d_member;
SELECT email, diagnosis FROM regress_s8d.patient;	-- fail
SELECT email FROM regress_s8d.visit;	-- fail: anon labels it, devtests reads it raw
SELECT name FROM regress_s8d.ward;
RESET ROLE;

-- anon.check_masked_role reports a role masked by several policies, and a
-- foreign server whose user mapping it may use (the remote session is not
-- masked); control: the role masked by one policy, without the server
CREATE FOREIGN DATA WRAPPER regress_s8d_fdw;
CREATE SERVER regress_s8d_server FOREIGN DATA WRAPPER regress_s8d_fdw;
CREATE USER MAPPING FOR PUBLIC SERVER regress_s8d_server;
SELECT risk, object FROM anon.check_masked_role('regress_s8d_member') ORDER BY 1, 2;
SELECT risk, object FROM anon.check_masked_role('regress_s8d_anon') ORDER BY 1, 2;
GRANT USAGE ON FOREIGN SERVER regress_s8d_server TO regress_s8d_anon;
SELECT risk, object FROM anon.check_masked_role('regress_s8d_anon') ORDER BY 1, 2;
DROP SERVER regress_s8d_server CASCADE;
DROP FOREIGN DATA WRAPPER regress_s8d_fdw;

-- clean up
DROP SCHEMA regress_s8d CASCADE;
DROP ROLE regress_s8d_member, regress_s8d_anon, regress_s8d_dev, regress_s8d_both;
