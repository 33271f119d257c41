-- Attacks on keys and pseudonyms by roles that hold no key (keysteam).
-- Every probe has a positive control: the same call by a key holder, or
-- against a deliberately weakened setup, does return what it looks for.
\set VERBOSITY terse
SELECT current_user AS current_user_name \gset
SET client_min_messages = warning;
CREATE ROLE regress_k8_admins NOLOGIN;
CREATE ROLE regress_k8_admin LOGIN;
CREATE ROLE regress_k8_plain LOGIN;
CREATE ROLE regress_k8_masked LOGIN;
CREATE ROLE regress_k8_dp LOGIN;
CREATE ROLE regress_k8_owner LOGIN;
CREATE ROLE regress_k8_mallory CREATEROLE;
RESET client_min_messages;
GRANT regress_k8_admins TO regress_k8_admin;
SECURITY LABEL FOR anon ON ROLE regress_k8_masked IS 'MASKED';
SECURITY LABEL FOR anon ON ROLE regress_k8_dp IS 'DIFFERENTIAL PRIVACY';
SET anon.key_admin_role = 'regress_k8_admins';
SELECT anon.create_key('regress_k8');
SELECT anon.pseudonymize('0612345678', 'regress_k8') AS p_su,
       anon.pseudonymize_card('4111111111111111', 'regress_k8') AS c_su,
       anon.hash('alice@example.com') AS h_su,
       anon.pseudo_first_name('alice'::text) AS f_su \gset

--------------------------------------------------------------------------
-- 1. An oracle: a role that computes the pseudonym of a guess finds the
-- guess behind a pseudonym it reads.  Only key holders compute them
-- directly; other roles only through masking rules.
--------------------------------------------------------------------------
-- positive control: a key administrator computes the same pseudonyms
SET ROLE regress_k8_admin;
SELECT anon.pseudonymize('0612345678', 'regress_k8') = :'p_su' AS admin_same,
       anon.pseudonymize_card('4111111111111111', 'regress_k8') = :'c_su' AS admin_card,
       anon.hash('alice@example.com') = :'h_su' AS admin_hash,
       anon.pseudo_first_name('alice'::text) = :'f_su' AS admin_pseudo;
RESET ROLE;
SET ROLE regress_k8_plain;
SELECT anon.pseudonymize('0612345678', 'regress_k8');			-- fail
SELECT anon.pseudonymize_card('4111111111111111', 'regress_k8');	-- fail
SELECT anon.hash('alice@example.com');					-- fail
SELECT anon.pseudo_first_name('alice'::text);				-- fail
SELECT anon.pseudo_email('alice'::text);				-- fail
SELECT anon.seeded_first_name('alice'::text);				-- fail
SELECT anon.depseudonymize(:'p_su', 'regress_k8');			-- fail
SELECT anon.ff1_encrypt('\x00112233445566778899aabbccddeeff', '', 10, '0123456789');	-- fail
-- no secret: a salt of the caller's own is no oracle
SELECT anon.pseudo_first_name('alice'::text, 'my own salt') IS NOT NULL AS own_salt;
-- nor are other callers' errors: an unknown key is named, nothing else
SELECT anon.pseudonymize('0612345678', 'regress_k8_nokey');		-- fail
RESET ROLE;
SET ROLE regress_k8_dp;
SELECT anon.pseudonymize('0612345678', 'regress_k8');			-- fail
SELECT anon.hash('alice@example.com');					-- fail
RESET ROLE;
SET ROLE regress_k8_masked;
SELECT anon.pseudonymize('0612345678', 'regress_k8');			-- fail
RESET ROLE;

-- PostgreSQL Anonymizer's one-argument pseudo_* take anon.salt alone as
-- their secret when it is set
SET anon.salt = 'regress_k8_salt';
SELECT anon.pseudo_first_name('alice'::text) AS f_salted \gset
SET ROLE regress_k8_admin;
SELECT anon.pseudo_first_name('alice'::text) = :'f_salted' AS admin_salted;
SET ROLE regress_k8_plain;
SELECT anon.pseudo_first_name('alice'::text);				-- fail
SELECT anon.pseudo_first_name('alice'::varchar);			-- fail
SELECT anon.pseudo_iban('alice'::text);					-- fail
RESET ROLE;
RESET anon.salt;

-- the masked role still reads pseudonyms through a rule (control)
CREATE TABLE regress_k8_t (id int, phone text, email text);
INSERT INTO regress_k8_t VALUES (1, '0612345678', 'alice@example.com');
SECURITY LABEL FOR anon ON COLUMN regress_k8_t.phone
  IS 'MASKED WITH FUNCTION anon.pseudonymize(phone, ''regress_k8'')';
SECURITY LABEL FOR anon ON COLUMN regress_k8_t.email
  IS 'MASKED WITH FUNCTION anon.hash(email)';
GRANT SELECT ON regress_k8_t TO regress_k8_masked, regress_k8_plain;
SET ROLE regress_k8_masked;
SELECT phone = :'p_su' AS rule_pseudonym, email = :'h_su' AS rule_hash FROM regress_k8_t;
RESET ROLE;
\c - regress_k8_masked
SET anon.key_admin_role = 'x';						-- fail
SELECT phone = :'p_su' AS login_rule_pseudonym FROM regress_k8_t;
SELECT anon.pseudonymize('0612345678', 'regress_k8');			-- fail
\c - :current_user_name
SET anon.key_admin_role = 'regress_k8_admins';

-- a grant that a non-superuser made does not make a key holder
CREATE ROLE regress_k8_eve;
GRANT regress_k8_admins TO regress_k8_mallory WITH ADMIN OPTION;
SET ROLE regress_k8_mallory;
GRANT regress_k8_admins TO regress_k8_eve;
SET ROLE regress_k8_eve;
SELECT anon.pseudonymize('0612345678', 'regress_k8');			-- fail
SET ROLE regress_k8_admin;
SELECT anon.pseudonymize('0612345678', 'regress_k8');			-- fail: tainted
RESET ROLE;
DROP ROLE regress_k8_eve;
REVOKE regress_k8_admins FROM regress_k8_mallory;
-- the weakened setup: a superuser's grant makes the plain role a key
-- holder, and the same probe then computes the pseudonym
GRANT regress_k8_admins TO regress_k8_plain;
SET ROLE regress_k8_plain;
SELECT anon.pseudonymize('0612345678', 'regress_k8') = :'p_su' AS weakened_oracle;
RESET ROLE;
REVOKE regress_k8_admins FROM regress_k8_plain;

--------------------------------------------------------------------------
-- 2. A key holder's state reused by another role: the check is made at
-- every call, as the current user.
--------------------------------------------------------------------------
SET ROLE regress_k8_admin;
PREPARE regress_k8_prep(text) AS SELECT length(anon.pseudonymize($1, 'regress_k8'));
EXECUTE regress_k8_prep('0612345678');
BEGIN;
DECLARE regress_k8_cur CURSOR FOR
  SELECT length(anon.pseudonymize(g::text || '0612345678', 'regress_k8')) FROM generate_series(1, 3) g;
FETCH 1 FROM regress_k8_cur;
SET ROLE regress_k8_plain;
FETCH 1 FROM regress_k8_cur;						-- fail
ROLLBACK;
SET ROLE regress_k8_plain;
EXECUTE regress_k8_prep('0612345678');					-- fail
RESET ROLE;
DEALLOCATE regress_k8_prep;
-- a SECURITY DEFINER wrapper of a role that holds no key gives nothing
CREATE FUNCTION regress_k8_wrap(v text) RETURNS text LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp AS $$ SELECT anon.pseudonymize(v, 'regress_k8') $$;
ALTER FUNCTION regress_k8_wrap(text) OWNER TO regress_k8_owner;
SET ROLE regress_k8_plain;
SELECT regress_k8_wrap('0612345678');					-- fail
RESET ROLE;
-- control: the wrapper of a key administrator is that administrator's choice
ALTER FUNCTION regress_k8_wrap(text) OWNER TO regress_k8_admin;
SET ROLE regress_k8_plain;
SELECT regress_k8_wrap('0612345678') = :'p_su' AS admin_wrapper;
RESET ROLE;
DROP FUNCTION regress_k8_wrap(text);

--------------------------------------------------------------------------
-- 3. A table owner's own rule as an oracle: label a column with a keyed
-- rule, insert guesses, mask the table (static masking, a masked copy,
-- masked replication) and read the pseudonyms.  Rules use a key in static
-- masking only when a key holder started it.
--------------------------------------------------------------------------
CREATE TABLE regress_k8_own (id int PRIMARY KEY, v text);
ALTER TABLE regress_k8_own OWNER TO regress_k8_owner;
SET ROLE regress_k8_owner;
SECURITY LABEL FOR anon ON COLUMN regress_k8_own.v
  IS 'MASKED WITH FUNCTION anon.pseudonymize(v, ''regress_k8'')';
INSERT INTO regress_k8_own VALUES (1, '0612345678');
SELECT anon.anonymize_table('regress_k8_own');				-- fail
SELECT anon.anonymize_column('regress_k8_own', 'v');			-- fail
SELECT v FROM regress_k8_own;
RESET ROLE;
-- control: a superuser's static masking of the same table runs its rule
SELECT anon.anonymize_table('regress_k8_own');
SELECT v = :'p_su' AS static_by_superuser FROM regress_k8_own;
-- and so does a key administrator's, as the owner
UPDATE regress_k8_own SET v = '0612345678';
GRANT regress_k8_owner TO regress_k8_admin;
SET ROLE regress_k8_admin;
SELECT anon.anonymize_table('regress_k8_own');
RESET ROLE;
REVOKE regress_k8_owner FROM regress_k8_admin;
SELECT v = :'p_su' AS static_by_admin FROM regress_k8_own;
DROP TABLE regress_k8_own;
-- the check of a label evaluates the rule on the table's first row, which
-- the owner chose: an error quoting the rule's result quoted the pseudonym
-- of the owner's guess.  For a role that holds no key, the check computes
-- with a throwaway key.
CREATE TABLE regress_k8_e (id int, v text);
INSERT INTO regress_k8_e VALUES (1, '0612345678');
SELECT set_config('regress_k8.p', :'p_su', false) IS NOT NULL AS set;
CREATE FUNCTION regress_k8_label_quotes() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  SECURITY LABEL FOR anon ON COLUMN regress_k8_e.v
    IS 'MASKED WITH FUNCTION CAST(anon.pseudonymize(v, ''regress_k8'') AS boolean)';
  RETURN NULL;
EXCEPTION WHEN invalid_text_representation THEN
  RETURN position(current_setting('regress_k8.p') IN SQLERRM) > 0;
END $$;
-- positive control: owned by a key holder, the error quotes the pseudonym
SELECT regress_k8_label_quotes() AS quoted_for_key_holder;
ALTER TABLE regress_k8_e OWNER TO regress_k8_owner;
SET ROLE regress_k8_owner;
SELECT regress_k8_label_quotes() AS quoted_for_owner;
RESET ROLE;
DROP FUNCTION regress_k8_label_quotes();
-- the dry runs (anon.check_masking) run an owner's queries as the owner:
-- for an owner that holds no key, with the throwaway key too
SELECT anon._query_as_owner('regress_k8_t',
  'SELECT to_jsonb(anon.pseudonymize(''0612345678'', ''regress_k8''))') #>> '{}' = :'p_su' AS control_key_holder_query;
SET ROLE regress_k8_owner;
SELECT anon._query_as_owner('regress_k8_e',
  'SELECT to_jsonb(anon.pseudonymize(''0612345678'', ''regress_k8''))') #>> '{}' = :'p_su' AS owner_query_oracle;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN regress_k8_e.v
  IS 'MASKED WITH FUNCTION anon.pseudonymize(v, ''regress_k8'')';
SELECT jsonb_path_query_array(anon.check_masking(10),
  '$.problems[*] ? (@.table == "public.regress_k8_e")') AS problems_of_keyed_rule;
DROP TABLE regress_k8_e;

--------------------------------------------------------------------------
-- 4. The masked readers' noise and samples are keyed by a server secret
-- and the raw value: computing them for guesses finds the raw value
-- behind the noisy one a masked role reads.
--------------------------------------------------------------------------
CREATE TABLE regress_k8_n (id int PRIMARY KEY, salary int);
INSERT INTO regress_k8_n VALUES (1, 4321);
SECURITY LABEL FOR anon ON COLUMN regress_k8_n.salary
  IS 'MASKED WITH FUNCTION anon.noise(salary, 0.5)';
GRANT SELECT ON regress_k8_n TO regress_k8_masked;
SET ROLE regress_k8_masked;
SELECT salary AS noisy FROM regress_k8_n \gset
RESET ROLE;
-- positive control: the superuser's probe finds the raw value
SELECT g AS found FROM generate_series(4300, 4340) g
WHERE anon._keyed_end(CASE WHEN anon._keyed_begin('regress_k8_n'::regclass, 2, g)
                           THEN anon.noise(g, 0.5) END) = :noisy;
SET ROLE regress_k8_plain;
SELECT g AS found FROM generate_series(4300, 4340) g
WHERE anon._keyed_end(CASE WHEN anon._keyed_begin('regress_k8_n'::regclass, 2, g)
                           THEN anon.noise(g, 0.5) END) = :noisy;		-- fail
SELECT anon._sample_row('regress_k8_n'::regclass, 50, 1);		-- fail
RESET ROLE;
-- the masked role still reads the same noise at every read (control)
SET ROLE regress_k8_masked;
SELECT salary = :noisy AS same_noise FROM regress_k8_n;
RESET ROLE;
DROP TABLE regress_k8_n;

--------------------------------------------------------------------------
-- 5. Pseudonyms: deterministic per key, different across keys, FF1 round
-- trips at the edges of the domain, rotation reversible by version.
--------------------------------------------------------------------------
SELECT anon.create_key('regress_k8b');
SELECT anon.pseudonymize('0612345678', 'regress_k8') = :'p_su' AS deterministic,
       anon.pseudonymize('0612345678', 'regress_k8b') <> :'p_su' AS differs_by_key,
       anon.pseudonymize('0612345678', 'regress_k8', 't1')
         <> anon.pseudonymize('0612345678', 'regress_k8', 't2') AS differs_by_tweak;
SELECT left(v, 12) AS v, anon.depseudonymize(anon.pseudonymize(v, 'regress_k8'), 'regress_k8') = v AS round_trip,
       length(anon.pseudonymize(v, 'regress_k8')) = length(v) AS same_length
FROM (VALUES ('a'), ('Z'), ('7'), ('ab'), ('Zoë-Ünal 42'), ('日本語a'), ('a@'),
             ('bob@gmail.com'), (repeat('9', 4096)), (repeat('a1B', 300)),
             (E'tab\there')) s(v);
SELECT anon.pseudonymize('', 'regress_k8');				-- fail: nothing to encrypt
SELECT anon.pseudonymize('--', 'regress_k8');				-- fail
SELECT anon.pseudonymize(repeat('9', 4097), 'regress_k8');		-- fail: too long
SELECT anon.pseudonymize_card('4', 'regress_k8');			-- fail
SELECT anon.depseudonymize_card(anon.pseudonymize_card('4242 4242', 'regress_k8'), 'regress_k8') AS card_round_trip;
-- rotation: the active version changes the pseudonym; the old one still
-- reverses with its version, and only with it
SELECT anon.rotate_key('regress_k8b');
SELECT anon.pseudonymize('0612345678', 'regress_k8b', '') AS p_v2 \gset
SELECT anon.depseudonymize(:'p_v2', 'regress_k8b') AS v2,
       anon.depseudonymize(:'p_v2', 'regress_k8b', '', 2) AS v2_explicit,
       anon.depseudonymize(:'p_v2', 'regress_k8b', '', 1) <> '0612345678' AS v1_differs;
SELECT anon.depseudonymize(:'p_v2', 'regress_k8b', '', 3);		-- fail
SET ROLE regress_k8_admin;
SELECT anon.depseudonymize(:'p_v2', 'regress_k8b', '', 2) AS admin_reverses;
SET ROLE regress_k8_plain;
SELECT anon.depseudonymize(:'p_v2', 'regress_k8b', '', 2);		-- fail
RESET ROLE;
SELECT anon.drop_key('regress_k8b');

--------------------------------------------------------------------------
-- 6. k-anonymity and risk compute as the caller: no right, no answer;
-- rows that row-level security hides are not counted; a masked caller
-- measures masked values; a DIFFERENTIAL PRIVACY role gets no exact count.
--------------------------------------------------------------------------
CREATE TABLE regress_k8_q (id int, zip text, age int);
INSERT INTO regress_k8_q SELECT g, '750' || (g % 3), 20 + g % 5 FROM generate_series(1, 30) g;
INSERT INTO regress_k8_q VALUES (99, '99999', 99);
SECURITY LABEL FOR anon ON COLUMN regress_k8_q.zip IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN regress_k8_q.age IS 'QUASI-IDENTIFIER';
-- control: the superuser sees the unique row
SELECT anon.k_anonymity('regress_k8_q') AS k_su;
SET ROLE regress_k8_owner;
SELECT anon.k_anonymity('regress_k8_q');				-- fail: no right
SELECT value FROM anon.risk('regress_k8_q') WHERE measure = 'k';	-- fail
RESET ROLE;
GRANT SELECT ON regress_k8_q TO regress_k8_plain, regress_k8_masked, regress_k8_dp;
ALTER TABLE regress_k8_q ENABLE ROW LEVEL SECURITY;
CREATE POLICY regress_k8_p ON regress_k8_q FOR SELECT USING (id <> 99);
SET ROLE regress_k8_plain;
SELECT anon.k_anonymity('regress_k8_q') AS k_rls,
       (SELECT value FROM anon.risk('regress_k8_q') WHERE measure = 'records') AS records_rls;
SELECT attname, k_achieved FROM anon.generalize_to_k('regress_k8_q', 2);	-- fail: RLS
RESET ROLE;
ALTER TABLE regress_k8_q DISABLE ROW LEVEL SECURITY;
SECURITY LABEL FOR anon ON COLUMN regress_k8_q.age IS 'MASKED WITH VALUE 0';
SECURITY LABEL FOR anon ON COLUMN regress_k8_q.zip IS 'MASKED WITH VALUE NULL';
SET ROLE regress_k8_plain;
SELECT anon.k_anonymity('regress_k8_q', ARRAY['zip', 'age']) AS k_unmasked;
SET ROLE regress_k8_masked;
SELECT anon.k_anonymity('regress_k8_q', ARRAY['zip', 'age']) AS k_masked,
       anon.k_anonymity_query('SELECT zip, age FROM regress_k8_q', ARRAY['zip', 'age']) AS kq_masked;
SELECT detail FROM anon.risk('regress_k8_q', 0.2, ARRAY['zip', 'age']) WHERE measure = 'smallest_class';
SET ROLE regress_k8_dp;
SELECT anon.k_anonymity('regress_k8_q', ARRAY['zip', 'age']);		-- fail
SELECT anon.k_anonymity_query('SELECT zip, age FROM regress_k8_q', ARRAY['zip', 'age']);	-- fail
SELECT value FROM anon.risk('regress_k8_q', 0.2, ARRAY['zip', 'age']) WHERE measure = 'k';	-- fail
SELECT * FROM anon.l_diversity('regress_k8_q', 'id', ARRAY['zip', 'age']);	-- fail
SELECT anon.t_closeness('regress_k8_q', 'id', ARRAY['zip', 'age']);	-- fail
SELECT attname FROM anon.generalize_to_k('regress_k8_q', 2, 0, '{}', ARRAY['zip', 'age']);	-- fail
RESET ROLE;
DROP TABLE regress_k8_q;

--------------------------------------------------------------------------
-- 7. Secret settings for members of pg_read_all_settings (pg_monitor):
-- GUC_SUPERUSER_ONLY shows a setting to them; anon.salt, anon.custom_values
-- and anon.kek_command show as ******** to every role but superusers.
--------------------------------------------------------------------------
SET anon.salt = 'regress_k8_SALT';
SET anon.custom_values = '{"k": "regress_k8_CUSTOM"}';
GRANT pg_read_all_settings TO regress_k8_plain;
SET ROLE regress_k8_plain;
-- positive control: such a member reads superuser-only settings
SELECT current_setting('data_directory') <> '' AS control_superuser_only_read;
SELECT current_setting('anon.salt') AS salt, current_setting('anon.custom_values') AS custom_values;
SHOW anon.salt;
SELECT count(*) AS secrets_in_pg_settings FROM pg_settings
WHERE concat(setting, reset_val, boot_val) ~ 'regress_k8_(SALT|CUSTOM)';
RESET ROLE;
REVOKE pg_read_all_settings FROM regress_k8_plain;
SELECT current_setting('anon.salt') AS superuser_reads_salt;
RESET anon.salt;
RESET anon.custom_values;

DROP TABLE regress_k8_t;
SELECT anon.drop_key('regress_k8');
RESET anon.key_admin_role;
DROP ROLE regress_k8_admin, regress_k8_admins, regress_k8_plain, regress_k8_masked,
  regress_k8_dp, regress_k8_owner, regress_k8_mallory;
