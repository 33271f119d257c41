-- Masking policies are security labels; masked roles read masked data.
SECURITY LABEL FOR anon ON COLUMN customer.last_name IS 'MASKED WITH FUNCTION anon.random_string(8)';
SECURITY LABEL FOR anon ON COLUMN customer.email IS 'MASKED WITH FUNCTION ''user'' || id || ''@example.net''';
SECURITY LABEL FOR anon ON COLUMN customer.phone IS 'MASKED WITH VALUE NULL';
SECURITY LABEL FOR anon ON COLUMN customer.salary IS 'MASKED WITH FUNCTION round(salary, -4)';
SECURITY LABEL FOR anon ON COLUMN customer.iban IS 'MASKED WITH VALUE ''XX00 0000 0000 0000''';
SECURITY LABEL FOR anon ON COLUMN customer.zipcode IS 'QUASI-IDENTIFIER';
SELECT relid, attname, kind, expression, valid FROM anon.masking_rules ORDER BY attnum;

-- A rule is validated when it is written: no injection, trusted functions only.
\set ON_ERROR_STOP 0
SECURITY LABEL FOR anon ON COLUMN customer.note IS 'MASKED WITH FUNCTION x(); DROP TABLE customer; --';
SECURITY LABEL FOR anon ON COLUMN customer.note IS 'MASKED WITH FUNCTION public.my_leaky_function(note)';
\set ON_ERROR_STOP 1

-- A role labelled MASKED reads masked values on every path.
CREATE ROLE demo_analyst LOGIN;
SECURITY LABEL FOR anon ON ROLE demo_analyst IS 'MASKED';
GRANT SELECT ON customer TO demo_analyst;
SELECT id, first_name, last_name, email, phone, salary, iban FROM customer ORDER BY id LIMIT 3;
SET ROLE demo_analyst;
SELECT id, first_name, last_name, email, phone, salary, iban FROM customer ORDER BY id LIMIT 3;
COPY (SELECT id, email, salary FROM customer ORDER BY id LIMIT 3) TO STDOUT;
\set ON_ERROR_STOP 0
-- statistics, writes and un-labelling are refused
SELECT most_common_vals FROM pg_stats WHERE tablename = 'customer';
UPDATE customer SET note = note WHERE email = 'x';
SECURITY LABEL FOR anon ON ROLE demo_analyst IS NULL;
\set ON_ERROR_STOP 1
RESET ROLE;

-- The masking view a masked role reads, and what would let it escape.
SELECT anon.masking_view('customer');
SELECT * FROM anon.check_masked_role('demo_analyst');
