-- anon.validate(): a dry run that reports, without changing data, rules
-- that no longer analyse, columns privacy by default would break, keys
-- static masking would break, and what changed since an export.
\set VERBOSITY terse
CREATE SCHEMA regress_val;
CREATE TABLE regress_val.p (id int PRIMARY KEY, email text UNIQUE, name text NOT NULL, city text);
CREATE TABLE regress_val.c (id int PRIMARY KEY DEFAULT 0, p_id int REFERENCES regress_val.p, note text);
-- a clean policy: no findings
SECURITY LABEL FOR anon ON COLUMN regress_val.p.city IS 'MASKED WITH VALUE NULL';
SELECT anon.validate() -> 'findings' AS findings;
-- keys: a masked unique column; a referenced key masked, its reference not
-- (SECURITY LABEL refuses a rule that breaks a declared key that exists,
-- fk_consistency.c: the key is declared after the rules, which masking
-- would refuse when it makes the masks, and which validate reports)
ALTER TABLE regress_val.c DROP CONSTRAINT c_p_id_fkey;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
SECURITY LABEL FOR anon ON COLUMN regress_val.p.id IS 'MASKED WITH FUNCTION anon.random_int_between(1, 10)';
ALTER TABLE regress_val.c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES regress_val.p;
SELECT jsonb_pretty(anon.validate() -> 'keys');
-- masked alike on both sides: the foreign key is not reported
ALTER TABLE regress_val.c DROP CONSTRAINT c_p_id_fkey;
SECURITY LABEL FOR anon ON COLUMN regress_val.c.p_id IS 'MASKED WITH FUNCTION anon.random_int_between(1, 10)';
ALTER TABLE regress_val.c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES regress_val.p;
SELECT x->>'table', x->>'column', x->>'problem' FROM jsonb_array_elements(anon.validate() -> 'keys') x;
-- masked differently
ALTER TABLE regress_val.c DROP CONSTRAINT c_p_id_fkey;
SECURITY LABEL FOR anon ON COLUMN regress_val.c.p_id IS 'MASKED WITH FUNCTION anon.random_int_between(1, 99)';
ALTER TABLE regress_val.c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES regress_val.p;
SELECT x->>'table', x->>'column', x->>'problem' FROM jsonb_array_elements(anon.validate() -> 'keys') x
WHERE x->>'table' = 'regress_val.c';
SECURITY LABEL FOR anon ON COLUMN regress_val.p.id IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_val.c.p_id IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.email IS NULL;
-- privacy by default: only when it is on
SELECT anon.validate() -> 'privacy_by_default' AS off;
SET anon.privacy_by_default = on;
SELECT x->>'table', x->>'column', x->>'problem'
FROM jsonb_array_elements(anon.validate() -> 'privacy_by_default') x
WHERE x->>'table' LIKE 'regress_val.%';
RESET anon.privacy_by_default;
-- since an export: a rule removed, the columns nobody decided about
SECURITY LABEL FOR anon ON COLUMN regress_val.p.name IS 'MASKED WITH FUNCTION anon.fake_first_name()';
SECURITY LABEL FOR anon ON COLUMN regress_val.p.id IS 'NOT MASKED';
SELECT anon.export_rules() AS rules \gset
ALTER TABLE regress_val.c ADD COLUMN phone text;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.name IS NULL;
SELECT jsonb_pretty(anon.validate(:'rules') - 'keys' - 'privacy_by_default' - 'broken_rules' - 'findings');
SELECT anon.validate('{"format": "other"}');  -- fail: not an export
SELECT anon.validate(NULL, 'no_such_policy'); -- fail
-- rules that analyse are not reported (DDL that would break a rule is
-- refused, so a broken rule comes from outside: an upgrade, a restore)
CREATE SCHEMA regress_val_fn;
CREATE FUNCTION regress_val_fn.mask(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT 'x'$$;
SECURITY LABEL FOR anon ON SCHEMA regress_val_fn IS 'TRUSTED';
SECURITY LABEL FOR anon ON COLUMN regress_val.c.note IS 'MASKED WITH FUNCTION regress_val_fn.mask(note)';
SELECT anon.validate() -> 'broken_rules' AS none;
-- a masked role may not map the policy
CREATE ROLE regress_val_masked;
SECURITY LABEL FOR anon ON ROLE regress_val_masked IS 'MASKED';
SET ROLE regress_val_masked;
SELECT anon.validate();                      -- fail
RESET ROLE;
-- nothing was changed: the data and labels are as they were
SELECT count(*) FROM pg_seclabel WHERE objoid = 'regress_val.c'::regclass;
DROP ROLE regress_val_masked;
DROP SCHEMA regress_val, regress_val_fn CASCADE;

-- anon.coverage(): columns that look like personal data and have no rule
CREATE TABLE public.regress_cov (id int, email text, nom text, telefono text, note text);
INSERT INTO public.regress_cov SELECT i, 'user' || i || '@example.com', 'x', 'y', 'z' FROM generate_series(1, 10) i;
SELECT table_name, column_name, identifiers_category, matched_by, locales
FROM anon.coverage() WHERE table_name = 'public.regress_cov'::regclass;
-- a rule, or NOT MASKED, takes a column out of the report
SECURITY LABEL FOR anon ON COLUMN public.regress_cov.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
SECURITY LABEL FOR anon ON COLUMN public.regress_cov.nom IS 'NOT MASKED';
SELECT table_name, column_name FROM anon.coverage(0) WHERE table_name = 'public.regress_cov'::regclass;
-- a masked role may not sample raw values through it
CREATE ROLE regress_cov_masked;
SECURITY LABEL FOR anon ON ROLE regress_cov_masked IS 'MASKED';
GRANT SELECT ON public.regress_cov TO regress_cov_masked;
SET ROLE regress_cov_masked;
SELECT count(*) FROM anon.coverage();      -- fail
RESET ROLE;
DROP TABLE public.regress_cov;
DROP ROLE regress_cov_masked;
