-- A masked role does not learn the constants of masking rules (issue 15,
-- class 5): pg_seclabel and every view over it show it the labels of
-- anon's providers with their literal constants redacted; a rule that
-- writes a salt literally draws a warning.  Positive controls: the
-- superuser and an unmasked role read the salt in the same views.
\set VERBOSITY terse
CREATE ROLE regress_ls_masked LOGIN;
CREATE ROLE regress_ls_plain LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_ls_masked IS 'MASKED';
CREATE TABLE regress_ls (id int, email text, phone text, zip text);
INSERT INTO regress_ls VALUES (1, 'alice@example.com', '0600', '75001');
SECURITY LABEL FOR anon ON COLUMN regress_ls.email IS 'MASKED WITH FUNCTION anon.digest(email, ''s4lt_SECRET'', ''sha256'')';	-- OK, with a warning
SECURITY LABEL FOR anon ON COLUMN regress_ls.phone IS 'MASKED WITH FUNCTION anon.digest(phone, salt => $$d0llar_SECRET$$, algorithm => ''md5'')';	-- OK, with a warning
SECURITY LABEL FOR anon ON COLUMN regress_ls.zip IS 'MASKED WITH FUNCTION anon.partial(zip, 2, ''x_SECRET'', 0) /* note_SECRET */';	-- OK, no salt
GRANT SELECT ON regress_ls TO regress_ls_masked, regress_ls_plain;
SELECT anon.digest('alice@example.com', 's4lt_SECRET', 'sha256') AS expected_digest;

-- positive controls: the owner and an unmasked role read the constants
SELECT objname, label FROM pg_seclabels WHERE objname LIKE 'regress_ls.%' ORDER BY objname;
SET ROLE regress_ls_plain;
SELECT count(*) AS labels_with_secrets FROM pg_seclabel WHERE label LIKE '%SECRET%';
COPY pg_seclabel (label) TO STDOUT \g | grep -c SECRET
RESET ROLE;

-- the masked role reads the labels redacted, by every way
SET ROLE regress_ls_masked;
SELECT objname, label FROM pg_seclabels WHERE objname LIKE 'regress_ls.%' ORDER BY objname;
SELECT count(*) AS labels_with_secrets FROM pg_seclabel WHERE label LIKE '%SECRET%';
SELECT count(*) AS labels_with_secrets FROM pg_seclabels WHERE label LIKE '%SECRET%';
SELECT count(*) AS labels_with_secrets FROM pg_seclabel s WHERE s::text LIKE '%SECRET%';
SELECT count(*) AS labels_with_secrets FROM (SELECT label FROM pg_seclabel UNION ALL SELECT label FROM pg_shseclabel) l WHERE label LIKE '%SECRET%';
COPY (SELECT label FROM pg_seclabel WHERE label LIKE '%digest%' ORDER BY 1) TO STDOUT;
-- COPY of the catalog itself (psql pipes the rows to grep, which counts)
COPY pg_seclabel (label) TO STDOUT \g | grep -c SECRET
COPY pg_catalog.pg_seclabel TO STDOUT WITH (FORMAT csv) \g | grep -c SECRET
SELECT anon.masking_view('regress_ls'::regclass);	-- fail
-- labels of other objects keep their shape
SELECT label FROM pg_seclabels WHERE objtype = 'role' AND objname = 'regress_ls_masked';
-- and the rules still run for it
SELECT id, email = anon.digest('alice@example.com', 's4lt_SECRET', 'sha256') AS digest FROM regress_ls;	-- fail (RESTRICTED)
SELECT id, length(email) AS digest_length, zip FROM regress_ls;
RESET ROLE;

-- the redaction itself
SELECT anon._redact_label('anon', $l$MASKED WITH FUNCTION f(a, 'x''y', E'p\'q', B'101', X'1F', U&'d\0061t', N'n', $$d$$, $t$e$t$, 12, 3.5e-2, .5, "id1", col2) -- c$l$);
SELECT anon._redact_label('anon', 'MASKED WITH VALUE ''Confidential''');
SELECT anon._redact_label('anon', 'TABLESAMPLE BERNOULLI (10)');
SELECT anon._redact_label('anon', 'MASKED WITH FUNCTION anon.partial(zip, 2, ''x'', 0) /* a /* nested */ comment */');
SELECT anon._redact_label('other_provider', 'keep ''this''');

DROP TABLE regress_ls;
DROP ROLE regress_ls_masked, regress_ls_plain;
