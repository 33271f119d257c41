-- Rules export and import: every label as JSON, and back, each label
-- validated exactly as SECURITY LABEL validates it.
CREATE ROLE regress_io_masked;
CREATE SCHEMA regress_io;
CREATE SCHEMA "Weird ""Schema""";
GRANT USAGE ON SCHEMA regress_io TO PUBLIC;
CREATE FUNCTION regress_io.mask(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'm' $$;
CREATE TABLE "Weird ""Schema""".client (id int, "E-mail" text, zip text, phone text);
INSERT INTO "Weird ""Schema""".client VALUES (1, 'a@b', '75001', '0600');
SECURITY LABEL FOR anon ON SCHEMA regress_io IS 'TRUSTED';
SECURITY LABEL FOR anon ON FUNCTION regress_io.mask(text) IS 'RESTRICTED';
SECURITY LABEL FOR anon ON ROLE regress_io_masked IS 'MASKED';
SECURITY LABEL FOR anon ON COLUMN "Weird ""Schema""".client."E-mail" IS 'MASKED WITH FUNCTION regress_io.mask("E-mail")';
SECURITY LABEL FOR devtests ON COLUMN "Weird ""Schema""".client.phone IS 'MASKED WITH VALUE NULL';
SECURITY LABEL FOR k_anonymity ON COLUMN "Weird ""Schema""".client.zip IS 'INDIRECT IDENTIFIER';
SECURITY LABEL FOR anon ON TABLE "Weird ""Schema""".client IS 'MASKED WHEN id > 0';

SELECT jsonb_pretty(anon.export_rules() - 'labels') AS header;
SELECT e->>'object' AS object, e->'names' AS names, e->'argtypes' AS argtypes, e->>'provider' AS provider, e->>'label' AS label
FROM jsonb_array_elements(anon.export_rules()->'labels') e
WHERE e->'names'->>0 IN ('regress_io', 'Weird "Schema"', 'regress_io_masked')
ORDER BY 1, 2, 4;

-- a round trip: remove every label, import the export, get them all back
CREATE TEMP TABLE saved AS SELECT anon.export_rules() AS rules;
SECURITY LABEL FOR anon ON TABLE "Weird ""Schema""".client IS NULL;
SECURITY LABEL FOR anon ON COLUMN "Weird ""Schema""".client."E-mail" IS NULL;
SECURITY LABEL FOR devtests ON COLUMN "Weird ""Schema""".client.phone IS NULL;
SECURITY LABEL FOR k_anonymity ON COLUMN "Weird ""Schema""".client.zip IS NULL;
SECURITY LABEL FOR anon ON FUNCTION regress_io.mask(text) IS NULL;
SECURITY LABEL FOR anon ON SCHEMA regress_io IS NULL;
SECURITY LABEL FOR anon ON ROLE regress_io_masked IS NULL;
SELECT count(*) FROM pg_seclabels WHERE objname LIKE '%Weird%' OR objname LIKE 'regress_io%';
SELECT anon.import_rules(rules) > 0 AS imported FROM saved;
SELECT anon.export_rules() = rules AS same_rules FROM saved;

-- every entry goes through the label provider: bad labels, bad names and
-- injection attempts fail, and nothing of a failed import stays
SELECT anon.import_rules('{"format": "anon-rules", "labels": [{"object": "column", "names": ["Weird \"Schema\"", "client", "zip"], "provider": "anon", "label": "MASKED WITH FUNCTION x(); DROP TABLE client; --"}]}');	-- fail
SELECT anon.import_rules('{"format": "anon-rules", "labels": [{"object": "column", "names": ["public", "client; DROP TABLE x", "zip"], "provider": "anon", "label": "NOT MASKED"}]}');	-- fail (no such table)
SELECT anon.import_rules('{"format": "anon-rules", "labels": [{"object": "schema", "names": ["public"], "provider": "anon", "label": "TRUSTED"}, {"object": "column", "names": ["Weird \"Schema\"", "client", "zip"], "provider": "anon", "label": "bogus"}]}');	-- fail (second entry), first not applied
SELECT count(*) FROM anon.trusted_schemas WHERE nspname = 'public';
SELECT anon.import_rules('{"format": "anon-rules", "labels": [{"object": "view", "names": ["x"], "provider": "anon", "label": "MASKED"}]}');	-- fail (object type)
SELECT anon.import_rules('{"format": "anon-rules", "labels": [{"object": "role", "names": ["a", "b"], "provider": "anon", "label": "MASKED"}]}');	-- fail (names)
SELECT anon.import_rules('{"format": "anon-rules", "labels": [{"object": "role", "names": "postgres", "provider": "anon", "label": "MASKED"}]}');	-- fail (malformed)
SELECT anon.import_rules('{"labels": []}');	-- fail (not an export)
SELECT anon.import_rules('[1, 2]');	-- fail (not an export)
SELECT anon.import_rules('{"format": "anon-rules", "labels": []}');	-- OK, nothing to do
-- a non-superuser imports with its own privileges
CREATE ROLE regress_io_user;
SET ROLE regress_io_user;
\set VERBOSITY sqlstate
SELECT anon.import_rules('{"format": "anon-rules", "labels": [{"object": "role", "names": ["regress_io_masked"], "provider": "anon", "label": null}]}');	-- fail
\set VERBOSITY default
SELECT anon.import_rules('{"format": "anon-rules", "labels": [{"object": "column", "names": ["Weird \"Schema\"", "client", "zip"], "provider": "anon", "label": "NOT MASKED"}]}');	-- fail
-- a non-superuser exports: role labels are named through pg_roles
-- (control: the superuser's export below has the same role entries)
SELECT count(*) FILTER (WHERE l->>'object' = 'role') AS role_labels,
       bool_or(l->'names' = '["regress_io_masked"]') AS names_masked_role
FROM jsonb_array_elements(anon.export_rules()->'labels') l;
SELECT anon.policy_snapshot() ? 'columns' AS snapshot;
RESET ROLE;
SELECT count(*) FILTER (WHERE l->>'object' = 'role') AS role_labels
FROM jsonb_array_elements(anon.export_rules()->'labels') l;

DROP TABLE saved;
DROP SCHEMA "Weird ""Schema""", regress_io CASCADE;
DROP ROLE regress_io_masked, regress_io_user;
