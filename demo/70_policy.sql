-- Conditional masking: only customers without consent are masked.
ALTER TABLE customer ADD COLUMN consent boolean;
UPDATE customer SET consent = (id % 3 <> 0);
SECURITY LABEL FOR anon ON TABLE customer IS 'MASKED WHEN NOT consent';
SET ROLE demo_masked;
SELECT id, consent, last_name, email FROM customer ORDER BY id LIMIT 4;
RESET ROLE;
SECURITY LABEL FOR anon ON TABLE customer IS NULL;

-- Sampling: the masked role sees about 10% of the rows.
SECURITY LABEL FOR anon ON TABLE customer IS 'TABLESAMPLE BERNOULLI (10)';
SELECT count(*) AS owner_sees FROM customer;
SET ROLE demo_masked;
SELECT count(*) AS analyst_sees FROM customer;
RESET ROLE;
SECURITY LABEL FOR anon ON TABLE customer IS NULL;

-- Privacy by default: columns without a rule show nothing real.
SET anon.privacy_by_default = on;
SECURITY LABEL FOR anon ON COLUMN customer.id IS 'NOT MASKED';
SET ROLE demo_masked;
SELECT id, first_name, city, birth_date, last_name FROM customer ORDER BY id LIMIT 3;
RESET ROLE;
-- ... and in static masking: a masked copy for developers holding 10% of
-- the customers (and only their rows elsewhere: foreign keys still hold),
-- every column without a rule masked by default.
SECURITY LABEL FOR anon ON TABLE customer IS 'TABLESAMPLE BERNOULLI (10)';
SELECT table_name, masked_columns, rows FROM anon.create_masked_copy('public', 'dev_sample')
ORDER BY table_name::text;
SELECT id, first_name, city, birth_date, last_name FROM dev_sample.customer ORDER BY id LIMIT 3;
SECURITY LABEL FOR anon ON TABLE customer IS NULL;
DROP SCHEMA dev_sample CASCADE;
RESET anon.privacy_by_default;

-- Restricted functions: usable in rules, not by masked roles.
CREATE FUNCTION public.secret_hash(text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT md5('demo-secret' || $1) $$;
SECURITY LABEL FOR anon ON FUNCTION public.secret_hash(text) IS 'RESTRICTED';
GRANT EXECUTE ON FUNCTION public.secret_hash(text) TO demo_masked;
SET ROLE demo_masked;
\set ON_ERROR_STOP 0
SELECT public.secret_hash('Martin');
\set ON_ERROR_STOP 1
RESET ROLE;

-- The whole policy as JSON, ready for anon.import_rules() elsewhere.
SELECT jsonb_pretty(anon.export_rules());
