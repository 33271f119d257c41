-- Dry runs: anon.validate() reports from the catalog what static masking,
-- masked copies and dumps would break; anon.check_masking() evaluates the
-- masks on a sample and checks the constraints; anon.coverage() lists what
-- still looks exposed, with counts as evidence.  None of them changes
-- anything, shows a raw value, or runs for a masked or DP role.
\set VERBOSITY terse
\set SHOW_CONTEXT never
CREATE SCHEMA regress_val;
CREATE TABLE regress_val.p (id int PRIMARY KEY, email text UNIQUE, name text NOT NULL, city text,
                            age int CHECK (age >= 0), code text);
CREATE TABLE regress_val.c (id int PRIMARY KEY DEFAULT 0, p_id int REFERENCES regress_val.p, note text);
INSERT INTO regress_val.p SELECT i, 'user' || i || '@example.com', 'n' || i, 'city', i, 'k' || i
FROM generate_series(1, 20) i;
INSERT INTO regress_val.c SELECT i, 1 + i % 20, 'note ' || i FROM generate_series(1, 40) i;
-- the entries of a report about the suite's tables
CREATE FUNCTION pg_temp.mine(r jsonb) RETURNS TABLE (tab text, col text, con text, problem text)
LANGUAGE sql AS $$
  SELECT x->>'table', x->>'column', x->>'constraint', x->>'problem'
  FROM jsonb_array_elements(r) x WHERE x->>'table' LIKE 'regress\_val.%' ORDER BY 1, 3, 2, 4
$$;

-- a clean policy: no findings
SECURITY LABEL FOR anon ON COLUMN regress_val.p.city IS 'MASKED WITH VALUE NULL';
SELECT * FROM pg_temp.mine(anon.validate() -> 'keys') UNION ALL
SELECT * FROM pg_temp.mine(anon.validate() -> 'constraints');

-- keys: a lossy mask on a unique key, a random one on the primary key, a
-- constant one on a unique key; and a referenced key masked, its reference
-- not.  (SECURITY LABEL refuses a rule that breaks a key declared then,
-- fk_consistency.c: here the key is declared again after each such rule,
-- as a key added later would be; validate reports it.)
ALTER TABLE regress_val.p ADD UNIQUE (code);
SECURITY LABEL FOR anon ON COLUMN regress_val.p.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
ALTER TABLE regress_val.c DROP CONSTRAINT c_p_id_fkey;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.id IS 'MASKED WITH FUNCTION anon.random_int_between(1, 10)';
ALTER TABLE regress_val.c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES regress_val.p;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.code IS 'MASKED WITH VALUE ''x''';
SELECT * FROM pg_temp.mine(anon.validate() -> 'keys');
-- a keyed pseudonym or a hash keeps a unique key apart: not reported
SECURITY LABEL FOR anon ON COLUMN regress_val.p.email IS 'MASKED WITH FUNCTION pg_catalog.md5(email)';
SECURITY LABEL FOR anon ON COLUMN regress_val.p.code IS NULL;
SELECT * FROM pg_temp.mine(anon.validate() -> 'keys') WHERE con <> 'c_p_id_fkey';
-- both sides masked alike by a random expression: each would draw its own
ALTER TABLE regress_val.c DROP CONSTRAINT c_p_id_fkey;
SECURITY LABEL FOR anon ON COLUMN regress_val.c.p_id IS 'MASKED WITH FUNCTION anon.random_int_between(1, 10)';
ALTER TABLE regress_val.c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES regress_val.p;
SELECT * FROM pg_temp.mine(anon.validate() -> 'keys') WHERE con = 'c_p_id_fkey';
-- masked differently, deterministically
ALTER TABLE regress_val.c DROP CONSTRAINT c_p_id_fkey;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.id IS 'MASKED WITH FUNCTION (id OPERATOR(pg_catalog.+) 1000)';
SECURITY LABEL FOR anon ON COLUMN regress_val.c.p_id IS 'MASKED WITH FUNCTION (p_id OPERATOR(pg_catalog.+) 2000)';
ALTER TABLE regress_val.c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES regress_val.p;
SELECT * FROM pg_temp.mine(anon.validate() -> 'keys') WHERE con = 'c_p_id_fkey';
-- masked alike, deterministically: the key holds (an injective shift)
SECURITY LABEL FOR anon ON COLUMN regress_val.c.p_id IS 'MASKED WITH FUNCTION (p_id OPERATOR(pg_catalog.+) 1000)';
SELECT * FROM pg_temp.mine(anon.validate() -> 'keys') WHERE con = 'c_p_id_fkey';
-- virtual foreign keys (declared by a label) are followed alike, from the
-- catalog and on a sample
CREATE TABLE regress_val.vc (id int PRIMARY KEY, owner int);
INSERT INTO regress_val.vc SELECT i, 1 + i % 20 FROM generate_series(1, 10) i;
SECURITY LABEL FOR anon ON TABLE regress_val.vc IS 'FOREIGN KEY (owner) REFERENCES regress_val.p (id)';
SELECT * FROM pg_temp.mine(anon.validate() -> 'keys') WHERE tab = 'regress_val.vc';
SELECT * FROM pg_temp.mine(anon.check_masking() -> 'problems') WHERE tab = 'regress_val.vc';
SECURITY LABEL FOR anon ON COLUMN regress_val.vc.owner IS 'MASKED WITH FUNCTION (owner OPERATOR(pg_catalog.+) 1000)';
SELECT * FROM pg_temp.mine(anon.validate() -> 'keys') WHERE tab = 'regress_val.vc';
SELECT * FROM pg_temp.mine(anon.check_masking() -> 'problems') WHERE tab = 'regress_val.vc';
SECURITY LABEL FOR anon ON TABLE regress_val.vc IS NULL;
DROP TABLE regress_val.vc;
-- partitioned tables: each partition is checked, through the keys
-- PostgreSQL copies onto it, against the partitioned table it references
CREATE TABLE regress_val.pp (id int PRIMARY KEY) PARTITION BY RANGE (id);
CREATE TABLE regress_val.pp1 PARTITION OF regress_val.pp FOR VALUES FROM (0) TO (10);
CREATE TABLE regress_val.pp2 PARTITION OF regress_val.pp FOR VALUES FROM (10) TO (100);
CREATE TABLE regress_val.pc (id int, ppid int REFERENCES regress_val.pp) PARTITION BY RANGE (id);
CREATE TABLE regress_val.pc1 PARTITION OF regress_val.pc FOR VALUES FROM (0) TO (100);
INSERT INTO regress_val.pp SELECT generate_series(1, 20);
INSERT INTO regress_val.pc SELECT i, 1 + i % 20 FROM generate_series(1, 30) i;
SECURITY LABEL FOR anon ON COLUMN regress_val.pp.id IS 'MASKED WITH FUNCTION (id OPERATOR(pg_catalog.+) 1000)';
-- (pc.ppid takes pp.id's mask: fk_consistency.c)
SELECT * FROM pg_temp.mine(anon.check_masking() -> 'problems') WHERE tab LIKE 'regress_val.p_%';
SECURITY LABEL FOR anon ON COLUMN regress_val.pc.ppid IS 'MASKED WITH FUNCTION (ppid OPERATOR(pg_catalog.+) 1000)';
SELECT * FROM pg_temp.mine(anon.check_masking() -> 'problems') WHERE tab LIKE 'regress_val.p_%';
SECURITY LABEL FOR anon ON COLUMN regress_val.pc.ppid IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_val.pp.id IS NULL;
DROP TABLE regress_val.pc, regress_val.pp;
-- constraints: a NOT NULL column masked to NULL; a CHECK the masked value
-- fails (and one it passes)
SECURITY LABEL FOR anon ON COLUMN regress_val.p.name IS 'MASKED WITH VALUE NULL';
SECURITY LABEL FOR anon ON COLUMN regress_val.p.age IS 'MASKED WITH VALUE -1';
SELECT * FROM pg_temp.mine(anon.validate() -> 'constraints');
SECURITY LABEL FOR anon ON COLUMN regress_val.p.age IS 'MASKED WITH VALUE 0';
SECURITY LABEL FOR anon ON COLUMN regress_val.p.name IS NULL;
SELECT * FROM pg_temp.mine(anon.validate() -> 'constraints');
SECURITY LABEL FOR anon ON COLUMN regress_val.p.age IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_val.c.p_id IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.id IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.email IS NULL;

-- privacy by default: only when it is on; it gives an unruled NOT NULL
-- column a neutral value, the same in every row (a unique key breaks, a
-- CHECK may fail), and a nullable one NULL (the key holds)
SELECT anon.validate() ? 'privacy_by_default' AS reported_when_off;
SET anon.privacy_by_default = on;
ALTER TABLE regress_val.p ADD COLUMN score int NOT NULL DEFAULT 5 CHECK (score > 0);
ALTER TABLE regress_val.p ALTER COLUMN score DROP DEFAULT;
SELECT * FROM pg_temp.mine(anon.validate() -> 'privacy_by_default');
SELECT count(*) > 0 AS lists_replaced_columns
FROM jsonb_array_elements(anon.validate() -> 'privacy_by_default_replaces') x
WHERE x->>'table' = 'regress_val.c' AND x->>'column' = 'note';
RESET anon.privacy_by_default;
ALTER TABLE regress_val.p DROP COLUMN score;

-- since an export: a rule removed, the columns nobody decided about
SECURITY LABEL FOR anon ON COLUMN regress_val.p.name IS 'MASKED WITH FUNCTION anon.fake_first_name()';
SECURITY LABEL FOR anon ON COLUMN regress_val.p.id IS 'NOT MASKED';
SELECT anon.export_rules() AS rules \gset
SELECT anon.policy_snapshot() AS snapshot \gset
ALTER TABLE regress_val.c ADD COLUMN phone text;
ALTER TABLE regress_val.c DROP COLUMN note;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.name IS NULL;
SELECT jsonb_pretty(anon.validate(:'rules') - 'keys' - 'constraints' - 'broken_rules' - 'findings' - 'skipped_tables');
-- since a snapshot: also the columns added and dropped (Greenmask's
-- validate --diff --schema)
SELECT jsonb_pretty(anon.validate(:'snapshot') -> 'new_columns') AS new_columns,
       jsonb_pretty(anon.validate(:'snapshot') -> 'dropped_columns') AS dropped_columns;
SELECT anon.validate('{"format": "other"}');  -- fail: not an export
SELECT anon.validate(NULL, 'no_such_policy'); -- fail
ALTER TABLE regress_val.c ADD COLUMN note text;
ALTER TABLE regress_val.c DROP COLUMN phone;
UPDATE regress_val.c SET note = 'note ' || id;
-- rules that analyse are not reported (DDL that would break a rule is
-- refused, so a broken rule comes from outside: an upgrade, a restore)
CREATE SCHEMA regress_val_fn;
CREATE FUNCTION regress_val_fn.mask(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT 'x'$$;
SECURITY LABEL FOR anon ON SCHEMA regress_val_fn IS 'TRUSTED';
SECURITY LABEL FOR anon ON COLUMN regress_val.c.note IS 'MASKED WITH FUNCTION regress_val_fn.mask(note)';
SELECT anon.validate() -> 'broken_rules' AS none;
SECURITY LABEL FOR anon ON COLUMN regress_val.c.note IS NULL;

-- roles: a masked role may not map the policy, nor a DP role, nor a masked
-- login that switched to an unmasked role; a role that owns nothing gets
-- no table of others (they are counted as skipped)
CREATE ROLE regress_val_masked;
SECURITY LABEL FOR anon ON ROLE regress_val_masked IS 'MASKED';
CREATE ROLE regress_val_dp;
SECURITY LABEL FOR anon ON ROLE regress_val_dp IS 'DIFFERENTIAL PRIVACY';
CREATE ROLE regress_val_plain;
GRANT regress_val_plain TO regress_val_masked;
SET ROLE regress_val_masked;
SELECT anon.validate();                      -- fail
SELECT anon.check_masking();                 -- fail
SELECT count(*) FROM anon.coverage();        -- fail
RESET ROLE;
SET ROLE regress_val_dp;
SELECT anon.validate();                      -- fail
RESET ROLE;
SET SESSION AUTHORIZATION regress_val_masked;
SET ROLE regress_val_plain;
SELECT anon.validate();                      -- fail: the login is masked
RESET SESSION AUTHORIZATION;
SET ROLE regress_val_plain;
SELECT anon.validate() -> 'findings' AS findings, (anon.validate() -> 'skipped_tables')::int > 0 AS skips_others;
RESET ROLE;

-- anon.check_masking: the masks evaluated on a sample, as the owner, and
-- the constraints a masked copy keeps checked on the masked rows
SECURITY LABEL FOR anon ON COLUMN regress_val.p.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
SECURITY LABEL FOR anon ON COLUMN regress_val.p.name IS 'MASKED WITH FUNCTION CASE WHEN name OPERATOR(pg_catalog.=) ''n7'' THEN NULL ELSE name END';
SECURITY LABEL FOR anon ON COLUMN regress_val.p.age IS 'MASKED WITH FUNCTION (age OPERATOR(pg_catalog.-) 10)';
SECURITY LABEL FOR anon ON COLUMN regress_val.p.id IS 'MASKED WITH FUNCTION (id OPERATOR(pg_catalog.+) 1000)';
SELECT * FROM pg_temp.mine(anon.check_masking() -> 'problems');
-- the reference masked alike: the foreign key holds on the sample
SECURITY LABEL FOR anon ON COLUMN regress_val.c.p_id IS 'MASKED WITH FUNCTION (p_id OPERATOR(pg_catalog.+) 1000)';
SELECT * FROM pg_temp.mine(anon.check_masking() -> 'problems') WHERE con = 'c_p_id_fkey';
-- a mask that fails on a value: reported by its SQLSTATE, never with the
-- message (which would quote the value)
UPDATE regress_val.p SET code = NULL WHERE id <> 3;
UPDATE regress_val.p SET code = '3' WHERE id = 3;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.code IS 'MASKED WITH FUNCTION ((code::int) OPERATOR(pg_catalog.+) 1)::text';
UPDATE regress_val.p SET code = 'secret-' || id WHERE id = 3;
SELECT * FROM pg_temp.mine(anon.check_masking() -> 'problems');
SELECT anon.check_masking()::text LIKE '%secret%' AS shows_the_value;
SELECT (code::int) FROM regress_val.p;      -- fail: the control, whose message does quote it
-- an error outside PostgreSQL (a trusted function changed since to read a
-- file that is not there) is a finding too, and the run goes on
CREATE FUNCTION regress_val_fn.reader(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT $1$$;
SECURITY LABEL FOR anon ON COLUMN regress_val.c.note IS 'MASKED WITH FUNCTION regress_val_fn.reader(note)';
CREATE OR REPLACE FUNCTION regress_val_fn.reader(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$SELECT pg_catalog.pg_read_file('regress_val_no_such_file')$$;
SELECT * FROM pg_temp.mine(anon.check_masking() -> 'problems');
SECURITY LABEL FOR anon ON COLUMN regress_val.c.note IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.code IS NULL;
SELECT anon.check_masking(0);                -- fail: sample size
-- a dry run writes nothing: the same files, rows and row versions, and no
-- tuple inserted, updated or deleted in this transaction
BEGIN;
CREATE TEMP TABLE regress_before AS
SELECT c.relname, pg_relation_filenode(c.oid) AS filenode,
       (SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM regress_val.p x) AS p_rows,
       (SELECT md5(string_agg(x::text || y.xmin, ',' ORDER BY x::text)) FROM regress_val.c x JOIN regress_val.c y ON y.ctid = x.ctid) AS c_rows
FROM pg_class c WHERE c.relnamespace = 'regress_val'::regnamespace;
CREATE TEMP TABLE regress_writes AS
SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) AS n FROM pg_stat_xact_user_tables WHERE schemaname = 'regress_val';
SELECT (anon.check_masking() ->> 'findings')::int > 0 AS has_findings,
       (anon.validate() ->> 'findings')::int > 0 AS validate_findings,
       count(*) >= 0 AS coverage_ran FROM anon.coverage();
SELECT count(*) AS changed FROM regress_before b JOIN pg_class c ON c.relname = b.relname
  AND c.relnamespace = 'regress_val'::regnamespace
WHERE pg_relation_filenode(c.oid) IS DISTINCT FROM b.filenode
   OR (SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM regress_val.p x) <> b.p_rows
   OR (SELECT md5(string_agg(x::text || y.xmin, ',' ORDER BY x::text)) FROM regress_val.c x JOIN regress_val.c y ON y.ctid = x.ctid) <> b.c_rows;
SELECT (SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_xact_user_tables WHERE schemaname = 'regress_val')
       - n AS writes FROM regress_writes;
ROLLBACK;
-- what the owner wrote (a rule, a CHECK constraint) runs as the owner, in
-- a security-restricted operation, even when a superuser runs the check:
-- the probe sees the owner, and its attempt to take the caller's role back
-- fails (42501); run directly by the superuser, the same probe runs as the
-- superuser (the positive control)
CREATE ROLE regress_val_owner;
CREATE SCHEMA regress_val_own AUTHORIZATION regress_val_owner;
SET ROLE regress_val_owner;
CREATE FUNCTION regress_val_own.probe(int) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'probe runs as the owner: %', current_user = 'regress_val_owner';
  IF $1 = 3 THEN EXECUTE 'SET ROLE ' || quote_ident(session_user); END IF;
  RETURN true;
END $$;
CREATE TABLE regress_val_own.t (id int CHECK (regress_val_own.probe(id)));
INSERT INTO regress_val_own.t VALUES (1);
SECURITY LABEL FOR anon ON COLUMN regress_val_own.t.id IS 'MASKED WITH FUNCTION (id OPERATOR(pg_catalog.+) 2)';
RESET ROLE;
SELECT x->>'problem' AS problem FROM jsonb_array_elements(anon.check_masking() -> 'problems') x
WHERE x->>'table' = 'regress_val_own.t';
SELECT regress_val_own.probe(1);
DROP SCHEMA regress_val_own CASCADE;
DROP ROLE regress_val_owner;
-- a table the caller does not own is skipped, not read
ALTER TABLE regress_val.c OWNER TO regress_val_plain;
GRANT USAGE ON SCHEMA regress_val TO regress_val_plain;
CREATE ROLE regress_val_other;
GRANT USAGE ON SCHEMA regress_val TO regress_val_other;
GRANT SELECT ON regress_val.p, regress_val.c TO regress_val_other;
SET ROLE regress_val_other;
SELECT anon.check_masking() -> 'tables' AS tables;
SELECT anon._query_as_owner('regress_val.c', 'SELECT pg_catalog.to_jsonb(1)');  -- fail: not the owner
RESET ROLE;
ALTER TABLE regress_val.c OWNER TO CURRENT_USER;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.email IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.name IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.age IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_val.p.id IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_val.c.p_id IS NULL;
-- the sample is bounded: a big table is read through TABLESAMPLE SYSTEM
CREATE TABLE regress_val.big AS SELECT i, 'v' || i AS v FROM generate_series(1, 50000) i;
ANALYZE regress_val.big;
SELECT anon._sample_clause('regress_val.big', 100) LIKE ' TABLESAMPLE SYSTEM (%' AS sampled_big,
       anon._sample_clause('regress_val.p', 100) = '' AS whole_small;
DROP TABLE regress_val.big;

-- anon.coverage(): columns that look like personal data and have no rule,
-- with the evidence: which detectors matched how many sampled values
CREATE TABLE public.regress_cov (id int, email text, nom text, telefono text, note text,
                                 remark text, birth date);
INSERT INTO public.regress_cov
SELECT i, 'zq' || i || '@example.com', 'zqname' || i, '+33 6 12 34 56 ' || lpad(i::text, 2, '0'),
       CASE WHEN i <= 3 THEN 'zqnote write to zq' || i || '@example.org'
            WHEN i <= 5 THEN 'zqnote call 06 12 34 56 ' || lpad(i::text, 2, '0')
            ELSE 'zqnote nothing' END,
       'zqremark ' || i, date '2000-01-01' + i
FROM generate_series(1, 20) i;
SELECT column_name, identifiers_category, direct, matched_by, locales, evidence
FROM anon.coverage() WHERE table_name = 'public.regress_cov'::regclass ORDER BY column_name;
SELECT column_name, security_label
FROM anon.coverage() WHERE table_name = 'public.regress_cov'::regclass ORDER BY column_name;
-- value detectors of every shipped locale: US SSN, French NIR, Spanish
-- DNI/NIE, Italian codice fiscale (with their check characters), and the
-- same shapes with a wrong check character, which are not found
CREATE TABLE public.regress_cov_ids (a text, b text, c text, d text, e text);
INSERT INTO public.regress_cov_ids
SELECT lpad((100 + i)::text, 3, '0') || '-45-' || lpad(i::text, 4, '0'),
       v.nir, lpad((12345670 + i)::text, 8, '0') || substr('TRWAGMYFPDXBNJZSQVHLCKE', ((12345670 + i) % 23) + 1, 1),
       v.cf, lpad((12345670 + i)::text, 8, '0') || substr('TRWAGMYFPDXBNJZSQVHLCKE', ((12345671 + i) % 23) + 1, 1)
FROM generate_series(1, 6) i,
     (VALUES ('185057800608491', 'RSSMRA85T10A562S'), ('2 55 08 2A 004 123 69', 'MRTMTT25D09F205Z')) v(nir, cf);
SELECT column_name, identifiers_category, matched_by, evidence -> 'values' AS values
FROM anon.coverage() WHERE table_name = 'public.regress_cov_ids'::regclass ORDER BY column_name;
SELECT anon.pii_value_kinds('12345678A') AS wrong_dni, anon.pii_value_kinds('RSSMRA85T10A562T') AS wrong_cf,
       anon.pii_value_kinds('X1234567L') AS nie, anon.pii_value_kinds(' zoë@example.com ') AS email;
DROP TABLE public.regress_cov_ids;
-- a rule of an inheritance parent covers its children's column
CREATE TABLE public.regress_cov_child () INHERITS (public.regress_cov);
SELECT column_name FROM anon.coverage(0) WHERE table_name = 'public.regress_cov_child'::regclass AND column_name = 'email';
SECURITY LABEL FOR anon ON COLUMN public.regress_cov.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
SELECT column_name FROM anon.coverage(0) WHERE table_name = 'public.regress_cov_child'::regclass AND column_name = 'email';
SECURITY LABEL FOR anon ON COLUMN public.regress_cov.email IS NULL;
DROP TABLE public.regress_cov_child;
-- a materialized view holds data too
CREATE MATERIALIZED VIEW public.regress_cov_mv AS SELECT telefono AS phone FROM public.regress_cov;
SELECT column_name, matched_by, evidence -> 'values' AS values
FROM anon.coverage() WHERE table_name = 'public.regress_cov_mv'::regclass;
DROP MATERIALIZED VIEW public.regress_cov_mv;
-- the report never holds a raw value (every one starts with zq)
SELECT count(*) AS rows, bool_or(c::text LIKE '%zq%') AS shows_a_value
FROM anon.coverage() c WHERE c.table_name = 'public.regress_cov'::regclass;
-- a rule, or NOT MASKED, takes a column out of the report; sample_size 0
-- looks at names only
SECURITY LABEL FOR anon ON COLUMN public.regress_cov.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
SECURITY LABEL FOR anon ON COLUMN public.regress_cov.nom IS 'NOT MASKED';
SELECT column_name, matched_by, evidence FROM anon.coverage(0)
WHERE table_name = 'public.regress_cov'::regclass ORDER BY column_name;
SELECT count(*) FROM anon.coverage(-1);        -- fail
-- only the owner samples: another role gets the names, not the counts
-- (and as the owner, the same probe does count: a positive control)
GRANT SELECT ON public.regress_cov TO regress_val_other;
SET ROLE regress_val_other;
SELECT column_name, evidence FROM anon.coverage()
WHERE table_name = 'public.regress_cov'::regclass AND column_name = 'telefono';
RESET ROLE;
SELECT column_name, evidence -> 'values' AS values FROM anon.coverage()
WHERE table_name = 'public.regress_cov'::regclass AND column_name = 'telefono';
-- a masked role, a DP role, a masked login may not sample raw values through it
GRANT SELECT ON public.regress_cov TO regress_val_masked, regress_val_dp;
SET ROLE regress_val_masked;
SELECT count(*) FROM anon.coverage();          -- fail
RESET ROLE;
SET ROLE regress_val_dp;
SELECT count(*) FROM anon.coverage();          -- fail
RESET ROLE;
SET SESSION AUTHORIZATION regress_val_masked;
SET ROLE regress_val_plain;
SELECT count(*) FROM anon.coverage();          -- fail
RESET SESSION AUTHORIZATION;
DROP TABLE public.regress_cov;

DROP SCHEMA regress_val, regress_val_fn CASCADE;
DROP ROLE regress_val_masked, regress_val_dp, regress_val_plain, regress_val_other;
