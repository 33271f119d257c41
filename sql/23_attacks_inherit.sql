-- Attacks on the masking core (issue 15, classes 2 and 4).  Every raw value
-- contains 'RAW' and every probe function announces itself with a NOTICE
-- 'PROBE ...': a line of output with RAW or PROBE in a masked role's reads
-- is a leak.  Each class has a positive control showing that the probe
-- would catch the leak (the same read by an unmasked role, or the same
-- function called where it is allowed to run).
\set VERBOSITY terse
SET client_min_messages = notice;
CREATE ROLE regress_inh_owner;
CREATE ROLE regress_inh_masked LOGIN;
CREATE ROLE regress_inh_plain LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_inh_masked IS 'MASKED';
CREATE SCHEMA regress_inh AUTHORIZATION regress_inh_owner;
GRANT USAGE ON SCHEMA regress_inh TO regress_inh_masked, regress_inh_plain;
-- a schema of the owner's that nobody trusted, and one a superuser trusts
CREATE SCHEMA regress_inh_own AUTHORIZATION regress_inh_owner;
CREATE SCHEMA regress_inh_lib AUTHORIZATION regress_inh_owner;
SECURITY LABEL FOR anon ON SCHEMA regress_inh_lib IS 'TRUSTED';
GRANT USAGE ON SCHEMA regress_inh_own, regress_inh_lib TO PUBLIC;
SET search_path = regress_inh, public;

-- ====================================================================
-- Class 2: code that the trust check never saw
-- ====================================================================
SET ROLE regress_inh_owner;
-- the owner's function: announces who runs it (it could do anything)
CREATE FUNCTION regress_inh_own.probe(text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE AS
  $$ BEGIN RAISE NOTICE 'PROBE ran as %', current_user; RETURN 'from-probe'; END $$;
CREATE FUNCTION regress_inh_own.probe_ok(text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE AS
  $$ BEGIN RAISE NOTICE 'PROBE check ran as %', current_user; RETURN true; END $$;
-- positive control: the probe does announce itself
SELECT regress_inh_own.probe('x');
-- a domain with an untrusted default, and one with an untrusted CHECK in a
-- trusted schema (the schema is trusted, its constraint's function is not)
CREATE DOMAIN regress_inh_own.dom_def AS text DEFAULT regress_inh_own.probe('d');
CREATE DOMAIN regress_inh_lib.dom_chk AS text CHECK (regress_inh_own.probe_ok(VALUE));
CREATE TABLE c2 (
  id int PRIMARY KEY,
  email text,
  -- privacy by default shows a NOT NULL column's default: this one runs owner code
  code text NOT NULL DEFAULT regress_inh_own.probe('c'),
  -- and a trusted default, shown as it is (control)
  country text NOT NULL DEFAULT 'XX',
  -- a domain default
  ddef regress_inh_own.dom_def NOT NULL,
  -- a domain CHECK
  dchk regress_inh_lib.dom_chk NOT NULL,
  -- stored generated columns over the masked email
  email_up text GENERATED ALWAYS AS (upper(email)) STORED,
  email_probe text GENERATED ALWAYS AS (regress_inh_own.probe(email)) STORED,
  -- over an unmasked column only
  id_text text GENERATED ALWAYS AS ('n' || id) STORED
);
-- code, ddef and dchk have no rule: shown as they are unless privacy by default
INSERT INTO c2 (id, email, code, ddef, dchk)
  VALUES (1, 'alice@RAW.example', 'code-1', 'ddef-1', 'dchk-1');
SECURITY LABEL FOR anon ON COLUMN c2.id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN c2.email IS 'MASKED WITH VALUE ''hidden''';
-- a rule whose value is coerced into the domain runs the domain's CHECK
SECURITY LABEL FOR anon ON COLUMN c2.dchk IS 'MASKED WITH FUNCTION ''x''';	-- fail (untrusted domain check)
GRANT SELECT ON c2 TO regress_inh_masked, regress_inh_plain;
RESET ROLE;

-- control: an unmasked role reads the raw values, generated ones included
SET ROLE regress_inh_plain;
SELECT id, email, email_up, id_text FROM c2;
RESET ROLE;

-- generated columns over a masked column are recomputed from masked values
SET ROLE regress_inh_masked;
SELECT id, email, email_up, email_probe, id_text FROM c2;
SELECT id FROM c2 WHERE email_up LIKE '%RAW%';
COPY c2 (id, email_up, email_probe) TO STDOUT;
COPY c2 TO STDOUT;
SELECT c2 FROM c2;
RESET ROLE;

-- privacy by default: defaults and domain defaults that run untrusted code
-- are not evaluated; the column takes a neutral value instead
SET anon.privacy_by_default = on;
SET ROLE regress_inh_masked;
SELECT id, email, code, country, ddef, dchk, email_up, id_text FROM c2;
COPY c2 TO STDOUT;
RESET ROLE;
RESET anon.privacy_by_default;

-- static masking: the same answers, as the owner
CREATE TABLE c2_static (LIKE c2 INCLUDING ALL);
INSERT INTO c2_static (id, email, code, ddef, dchk)
  VALUES (1, 'alice@RAW.example', 'code-1', 'ddef-1', 'dchk-1');
ALTER TABLE c2_static OWNER TO regress_inh_owner;
SECURITY LABEL FOR anon ON COLUMN c2_static.id IS 'NOT MASKED';
SECURITY LABEL FOR anon ON COLUMN c2_static.email IS 'MASKED WITH VALUE ''hidden''';
-- a generated column whose expression is untrusted, over a masked column: refused
SELECT count(*) FROM anon.anonymize_table_report('c2_static');	-- fail
ALTER TABLE c2_static DROP COLUMN email_probe;
SET anon.privacy_by_default = on;
-- the neutral value written into dchk would run its domain's untrusted CHECK
SELECT count(*) FROM anon.anonymize_table_report('c2_static');	-- fail
SECURITY LABEL FOR anon ON COLUMN c2_static.dchk IS 'NOT MASKED';
SELECT count(*) FROM anon.anonymize_table_report('c2_static');
RESET anon.privacy_by_default;
SELECT id, email, code, country, ddef, dchk, email_up, id_text FROM c2_static;

-- ====================================================================
-- Class 4: partitions and inheritance children
-- ====================================================================
SET ROLE regress_inh_owner;
-- a partitioned table with its rule on the parent, two levels deep
CREATE TABLE pt (id int, email text, note text) PARTITION BY RANGE (id);
CREATE TABLE pt_1 PARTITION OF pt FOR VALUES FROM (0) TO (10);
CREATE TABLE pt_2 PARTITION OF pt FOR VALUES FROM (10) TO (20) PARTITION BY RANGE (id);
CREATE TABLE pt_2a PARTITION OF pt_2 FOR VALUES FROM (10) TO (15);
CREATE TABLE pt_2b PARTITION OF pt_2 FOR VALUES FROM (15) TO (20);
INSERT INTO pt VALUES (1, 'a@RAW', 'RAW note 1'), (11, 'b@RAW', 'RAW note 11'), (16, 'c@RAW', 'RAW note 16');
SECURITY LABEL FOR anon ON COLUMN pt.email IS 'MASKED WITH FUNCTION ''user'' || id || ''@masked''';
SECURITY LABEL FOR anon ON COLUMN pt.note IS 'MASKED WITH VALUE ''(note)''';
GRANT SELECT ON pt, pt_1, pt_2, pt_2a, pt_2b TO regress_inh_masked, regress_inh_plain;
CREATE VIEW pt_1_v AS SELECT * FROM pt_1;
CREATE FUNCTION pt_1_sql() RETURNS SETOF pt_1 LANGUAGE sql STABLE AS $$ SELECT * FROM regress_inh.pt_1 $$;
CREATE FUNCTION pt_2a_plpgsql() RETURNS SETOF text LANGUAGE plpgsql STABLE AS
  $$ BEGIN RETURN QUERY SELECT email FROM regress_inh.pt_2a; END $$;
GRANT SELECT ON pt_1_v TO regress_inh_masked, regress_inh_plain;
RESET ROLE;

-- control: an unmasked role reads raw values from every partition
SET ROLE regress_inh_plain;
SELECT * FROM pt_1;
SELECT * FROM pt_2a;
SELECT * FROM pt_1_v;
RESET ROLE;

-- the parent's rule holds when a partition is read directly, at any depth
SET ROLE regress_inh_masked;
SELECT * FROM pt ORDER BY id;
SELECT * FROM pt_1;
SELECT * FROM ONLY pt_1;
SELECT * FROM pt_2 ORDER BY id;
SELECT * FROM pt_2a;
SELECT * FROM pt_2b WHERE email LIKE '%RAW%';
SELECT * FROM pt_1_v;
SELECT * FROM pt_1_sql();
SELECT * FROM pt_2a_plpgsql();
COPY pt_1 TO STDOUT;
COPY pt_2a (email, note) TO STDOUT;
COPY (SELECT * FROM pt_2b) TO STDOUT;
BEGIN;
DECLARE cur CURSOR FOR SELECT email, note FROM pt_2b;
FETCH ALL FROM cur;
COMMIT;
PREPARE p1 AS SELECT email, note FROM pt_1 WHERE id = $1;
EXECUTE p1(1);
PREPARE p2 AS SELECT email FROM pt_2a;
EXECUTE p2;
RESET ROLE;

-- a plan made before the parent was labelled is not reused after
SET ROLE regress_inh_owner;
CREATE TABLE late (id int, v text) PARTITION BY LIST (id);
CREATE TABLE late_1 PARTITION OF late FOR VALUES IN (1);
INSERT INTO late VALUES (1, 'RAW late');
GRANT SELECT ON late, late_1 TO regress_inh_masked;
RESET ROLE;
SET ROLE regress_inh_masked;
PREPARE p3 AS SELECT v FROM late_1;
EXECUTE p3;	-- control: no rule yet, the raw value
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN late.v IS 'MASKED WITH VALUE ''masked late''';
SET ROLE regress_inh_masked;
EXECUTE p3;	-- masked now
DEALLOCATE p3;
RESET ROLE;

-- MASKED WHEN on the parent holds on a partition read directly
SET ROLE regress_inh_owner;
CREATE TABLE cond (id int, vip boolean, name text) PARTITION BY RANGE (id);
CREATE TABLE cond_1 PARTITION OF cond FOR VALUES FROM (0) TO (100);
INSERT INTO cond VALUES (1, true, 'vip shown'), (2, false, 'plain RAW');
SECURITY LABEL FOR anon ON COLUMN cond.name IS 'MASKED WITH VALUE ''(name)''';
SECURITY LABEL FOR anon ON TABLE cond IS 'MASKED WHEN NOT vip';
GRANT SELECT ON cond, cond_1 TO regress_inh_masked;
RESET ROLE;
SET ROLE regress_inh_masked;
SELECT * FROM cond_1 ORDER BY id;
RESET ROLE;
-- a parent relabelled: the partition's cached masks and plans follow
SECURITY LABEL FOR anon ON TABLE cond IS 'MASKED WHEN true';
SECURITY LABEL FOR anon ON COLUMN pt.note IS 'MASKED WITH VALUE ''(new note)''';
SET ROLE regress_inh_masked;
SELECT * FROM cond_1 ORDER BY id;
EXECUTE p1(1);
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN pt.note IS 'MASKED WITH VALUE ''(note)''';

-- a partition's own rule applies when the parent is read: each row is
-- masked by the rules of the table that holds it
SET ROLE regress_inh_owner;
CREATE TABLE pt_3 PARTITION OF pt FOR VALUES FROM (20) TO (30);
INSERT INTO pt VALUES (21, 'd@RAW', 'RAW note 21');
GRANT SELECT ON pt_3 TO regress_inh_masked, regress_inh_plain;
SECURITY LABEL FOR anon ON COLUMN pt_3.email IS 'MASKED WITH VALUE ''p3@masked''';
SECURITY LABEL FOR anon ON COLUMN pt_2b.note IS 'MASKED WITH FUNCTION ''(note of '' || id || '')''';
RESET ROLE;
SET ROLE regress_inh_masked;
SELECT * FROM pt ORDER BY id;
SELECT * FROM pt_2 ORDER BY id;
SELECT * FROM pt_3;
SELECT email FROM pt WHERE email LIKE '%RAW%';
SELECT count(*) FROM pt WHERE note LIKE '%RAW%';
COPY (SELECT * FROM pt ORDER BY id) TO STDOUT;
SELECT p FROM pt p ORDER BY id;
SELECT a.id, b.email FROM pt a LEFT JOIN pt b ON b.id = a.id + 5 ORDER BY a.id;
RESET ROLE;

-- plain inheritance: a child's rule when the parent is read, the parent's
-- rule when the child is read; the parent's own rows by the parent's rule
SET ROLE regress_inh_owner;
CREATE TABLE ih (id int, secret text);
CREATE TABLE ih_child (extra text) INHERITS (ih);
CREATE TABLE ih_other () INHERITS (ih);
-- the parent's and ih_other's rows have no rule until the parent gets one
INSERT INTO ih VALUES (1, 'parent-1');
INSERT INTO ih_child VALUES (2, 'RAW child', 'extra-2');
INSERT INTO ih_other VALUES (3, 'other-3');
SECURITY LABEL FOR anon ON COLUMN ih_child.secret IS 'MASKED WITH VALUE ''child-masked''';
GRANT SELECT ON ih, ih_child, ih_other TO regress_inh_masked, regress_inh_plain;
RESET ROLE;
SET ROLE regress_inh_plain;
SELECT * FROM ih ORDER BY id;	-- control
RESET ROLE;
SET ROLE regress_inh_masked;
SELECT * FROM ih ORDER BY id;	-- parent's and other's rows as they are, the child's masked
SELECT * FROM ih_child;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN ih.secret IS 'MASKED WITH VALUE ''parent-masked''';
SET ROLE regress_inh_masked;
SELECT * FROM ih ORDER BY id;
SELECT * FROM ih_other;
SELECT * FROM ONLY ih;
COPY ih_other TO STDOUT;
RESET ROLE;
-- a volatile rule on one child: the parent is read through a masking
-- subquery, still row by row by each member's rules
SECURITY LABEL FOR anon ON COLUMN ih_other.secret IS 'MASKED WITH FUNCTION anon.random_string(7)';
SET ROLE regress_inh_masked;
SELECT id, length(secret), secret IN ('parent-1', 'RAW child', 'other-3') AS leaked FROM ih ORDER BY id;
BEGIN;
DECLARE ihc CURSOR FOR SELECT id, secret = 'child-masked' AS child_rule FROM ih ORDER BY id;
FETCH ALL FROM ihc;
COMMIT;
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN ih_other.secret IS NULL;
-- a child's rule that reads a column the parent lacks: the parent cannot
-- show it; refused clearly
SECURITY LABEL FOR anon ON COLUMN ih_child.secret IS 'MASKED WITH FUNCTION left(extra, 0) || ''child-masked''';
SET ROLE regress_inh_masked;
SELECT * FROM ih ORDER BY id;	-- fail
SELECT * FROM ih_child;	-- OK
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN ih_child.secret IS 'MASKED WITH VALUE ''child-masked''';
-- the child's extra column, unlabelled, follows privacy by default
SET anon.privacy_by_default = on;
SET ROLE regress_inh_masked;
SELECT * FROM ih_child;
RESET ROLE;
RESET anon.privacy_by_default;

-- static masking: anonymize_table on a parent masks each partition by its
-- rules; on a partition, it uses the parent's
CREATE TABLE spt (id int, email text, note text) PARTITION BY RANGE (id);
CREATE TABLE spt_1 PARTITION OF spt FOR VALUES FROM (0) TO (10);
CREATE TABLE spt_2 PARTITION OF spt FOR VALUES FROM (10) TO (20) PARTITION BY RANGE (id);
CREATE TABLE spt_2a PARTITION OF spt_2 FOR VALUES FROM (10) TO (20);
CREATE TABLE spt_3 PARTITION OF spt FOR VALUES FROM (20) TO (30);
INSERT INTO spt VALUES (1, 'a@RAW', 'n1'), (11, 'b@RAW', 'n11'), (21, 'c@RAW', 'n21');
SECURITY LABEL FOR anon ON COLUMN spt.email IS 'MASKED WITH FUNCTION ''user'' || id || ''@masked''';
SECURITY LABEL FOR anon ON COLUMN spt_3.email IS 'MASKED WITH VALUE ''p3@masked''';
SECURITY LABEL FOR anon ON COLUMN spt_2.note IS 'MASKED WITH VALUE ''(note 2)''';
SELECT * FROM anon.anonymize_table_report('spt_2a') ORDER BY 1;
SELECT * FROM spt ORDER BY id;
SELECT * FROM anon.anonymize_table_report('spt') ORDER BY 1;
SELECT * FROM spt ORDER BY id;

-- the DP guard: a partition of a labelled table is labelled too, and a
-- parent whose child is labelled
CREATE ROLE regress_inh_dp;
SECURITY LABEL FOR anon ON ROLE regress_inh_dp IS 'DIFFERENTIAL PRIVACY';
CREATE TABLE dpt (id int, v text) PARTITION BY RANGE (id);
CREATE TABLE dpt_1 PARTITION OF dpt FOR VALUES FROM (0) TO (10);
INSERT INTO dpt VALUES (1, 'RAW dp');
SECURITY LABEL FOR anon ON COLUMN dpt.v IS 'MASKED WITH VALUE NULL';
CREATE TABLE dih (id int, v text);
CREATE TABLE dih_child () INHERITS (dih);
INSERT INTO dih_child VALUES (1, 'RAW dp child');
SECURITY LABEL FOR anon ON COLUMN dih_child.v IS 'MASKED WITH VALUE NULL';
CREATE TABLE dplain (id int, v text);
INSERT INTO dplain VALUES (1, 'plain');
GRANT USAGE ON SCHEMA regress_inh TO regress_inh_dp;
GRANT SELECT ON dpt, dpt_1, dih, dih_child, dplain TO regress_inh_dp;
SET ROLE regress_inh_dp;
SELECT v FROM dplain;	-- control: an unlabelled table is read as it is
SELECT v FROM dpt;	-- fail
SELECT v FROM dpt_1;	-- fail
COPY dpt_1 TO STDOUT;	-- fail
SELECT v FROM dih;	-- fail
SELECT v FROM ONLY dih;	-- fail (refused as a whole: its child is labelled)
RESET ROLE;
DROP TABLE dpt, dih, dplain CASCADE;
REVOKE USAGE ON SCHEMA regress_inh FROM regress_inh_dp;
DROP ROLE regress_inh_dp;

-- clean up
DROP TABLE c2_static, spt;
DROP SCHEMA regress_inh, regress_inh_own, regress_inh_lib CASCADE;
DROP ROLE regress_inh_owner, regress_inh_masked, regress_inh_plain;
