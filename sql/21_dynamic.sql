-- Dynamic masking: every read path of a masked role sees masked values,
-- an unmasked role sees raw values, and each policy masks its own way.
-- Rules here are deterministic so the output can be compared; the raw
-- values all contain '@raw', which no masked value does.
CREATE ROLE regress_dba;
CREATE ROLE regress_reader LOGIN;
CREATE ROLE regress_masked LOGIN;
CREATE ROLE regress_dev LOGIN;
GRANT regress_reader TO regress_masked;
SECURITY LABEL FOR anon ON ROLE regress_masked IS 'MASKED';
SECURITY LABEL FOR devtests ON ROLE regress_dev IS 'MASKED';

CREATE TABLE customer (
  id int PRIMARY KEY,
  name text NOT NULL,
  email text,
  salary int,
  zip text
);
INSERT INTO customer
SELECT i, 'name' || i || '@raw', 'user' || i || '@raw.example', 1000 * i, '7500' || i
FROM generate_series(1, 5) i;
SECURITY LABEL FOR anon ON COLUMN customer.name IS 'MASKED WITH VALUE ''(name)''';
SECURITY LABEL FOR anon ON COLUMN customer.email IS 'MASKED WITH FUNCTION ''user'' || id || ''@masked.example''';
SECURITY LABEL FOR anon ON COLUMN customer.salary IS 'MASKED WITH FUNCTION salary / 1000 * 1000 + 1';
SECURITY LABEL FOR devtests ON COLUMN customer.name IS 'MASKED WITH FUNCTION upper(left(name, 1))';
CREATE TABLE orders (id int, customer_id int, amount int);
INSERT INTO orders SELECT i, 1 + i % 5, i FROM generate_series(1, 10) i;
CREATE VIEW customer_v AS SELECT id, name, email FROM customer;
CREATE FUNCTION customer_emails_sql() RETURNS SETOF text
  LANGUAGE sql STABLE AS $$ SELECT email FROM customer ORDER BY id $$;
CREATE FUNCTION customer_email_scalar(int) RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT (SELECT email FROM customer WHERE id = $1) $$;
CREATE FUNCTION customer_email_plpgsql(int) RETURNS text
  LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN (SELECT email FROM customer WHERE id = $1); END $$;
CREATE FUNCTION customer_email_definer(int) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT email FROM public.customer WHERE id = $1 $$;
GRANT SELECT ON customer, orders, customer_v TO regress_reader, regress_dev;
GRANT SELECT ON customer TO regress_masked;

-- the raw data, as the owner sees it
SELECT * FROM customer ORDER BY id;

-- Every read path, as the masked role
SET ROLE regress_masked;
SELECT * FROM customer ORDER BY id;
SELECT c FROM customer c ORDER BY id;
SELECT row_to_json(c) FROM customer c WHERE id = 1;
SELECT id, name FROM (SELECT * FROM customer WHERE id < 3) s ORDER BY id;
WITH c AS (SELECT * FROM customer) SELECT email FROM c ORDER BY id LIMIT 2;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 2)
  SELECT email FROM customer JOIN r ON r.n = customer.id ORDER BY id;
SELECT o.id, c.email FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.id <= 3 ORDER BY o.id;
SELECT email FROM customer WHERE id = 1 UNION ALL SELECT email FROM customer WHERE id = 2;
SELECT (SELECT max(salary) FROM customer), EXISTS (SELECT 1 FROM customer WHERE name LIKE '%@raw');
SELECT id, name, email FROM customer_v ORDER BY id LIMIT 2;
SELECT customer_emails_sql() LIMIT 2;
SELECT * FROM customer_emails_sql() LIMIT 2;
SELECT customer_email_scalar(1), customer_email_plpgsql(2);
PREPARE q(int) AS SELECT email FROM customer WHERE id = $1;
EXECUTE q(3);
BEGIN;
DECLARE cur CURSOR FOR SELECT name, email FROM customer ORDER BY id;
FETCH 2 FROM cur;
COMMIT;
COPY customer TO STDOUT;
COPY customer (email, zip) TO STDOUT;
COPY (SELECT name FROM customer WHERE id = 1) TO STDOUT;
SELECT count(*) AS rows_with_raw_values FROM customer WHERE name LIKE '%@raw' OR email LIKE '%@raw%';
SELECT sum(salary) FROM customer;
-- SET ROLE to a role it belongs to does not switch masking off: the
-- session user is masked too
RESET ROLE;
SET SESSION AUTHORIZATION regress_masked;
SET ROLE regress_reader;
SELECT session_user, current_user, email FROM customer WHERE id = 1;
RESET SESSION AUTHORIZATION;

-- masking keeps the meaning of SQL: rows missing from the nullable side
-- of an outer join stay NULL (a constant mask does not invent them),
-- correlated subqueries see masked values of the outer row
SET ROLE regress_masked;
SELECT o.id, c.name FROM orders o LEFT JOIN customer c ON c.id = o.customer_id + 3
WHERE o.id <= 4 ORDER BY o.id;
SELECT c.id, (SELECT c.email) AS email,
       EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND c.name = '(name)') AS seen_masked
FROM customer c WHERE c.id <= 2 ORDER BY c.id;
SELECT c.id, l.e FROM customer c, LATERAL (SELECT c.email || '!' AS e) l WHERE c.id = 1;
RESET ROLE;
-- row-level security still filters on raw values, under the masks
ALTER TABLE customer ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_user1 ON customer USING (email LIKE 'user1@raw%');
SET ROLE regress_masked;
SELECT id, email FROM customer;
RESET ROLE;
DROP POLICY only_user1 ON customer;
ALTER TABLE customer DISABLE ROW LEVEL SECURITY;

-- an unmasked role reads the raw data through the same view and functions
SET ROLE regress_reader;
SELECT id, name, email FROM customer_v ORDER BY id LIMIT 2;
SELECT customer_email_scalar(1), customer_email_plpgsql(2);
RESET ROLE;

-- the second policy masks its own way
SET ROLE regress_dev;
SELECT id, name, email, salary FROM customer ORDER BY id LIMIT 2;
RESET ROLE;

-- A plan cached for one role is not reused by another
PREPARE all_names AS SELECT name FROM customer WHERE id = 1;
EXECUTE all_names; EXECUTE all_names; EXECUTE all_names;
EXECUTE all_names; EXECUTE all_names; EXECUTE all_names;
SET ROLE regress_masked;
EXECUTE all_names;
RESET ROLE;
EXECUTE all_names;
-- the same holds for plans cached inside PL/pgSQL
CREATE FUNCTION first_name() RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN RETURN (SELECT name FROM customer WHERE id = 1); END $$;
SELECT first_name(), first_name();
SET ROLE regress_masked;
SELECT first_name();
RESET ROLE;
SELECT first_name();

-- Writes by a masked role to a masked table are refused
GRANT INSERT, UPDATE, DELETE ON customer TO regress_masked;
SET ROLE regress_masked;
INSERT INTO customer VALUES (9, 'x', 'y', 0, 'z');	-- fail
UPDATE customer SET zip = zip WHERE id = 1;	-- fail
DELETE FROM customer WHERE email = 'user1@raw.example';	-- fail
SELECT * FROM customer FOR UPDATE;	-- fail
COPY customer FROM '/dev/null';	-- fail
RESET ROLE;
-- a masked role may still write to tables without rules
CREATE TABLE scratch (email text);
GRANT INSERT, SELECT ON scratch TO regress_masked;
SET ROLE regress_masked;
INSERT INTO scratch SELECT email FROM customer WHERE id = 1 RETURNING email;
RESET ROLE;
SELECT * FROM scratch;

-- A security definer function runs as its owner, but a masked session
-- user is still masked
SET SESSION AUTHORIZATION regress_masked;
SELECT customer_email_definer(1);
RESET SESSION AUTHORIZATION;
-- while an unmasked caller reads what the owner reads
SET ROLE regress_reader;
SELECT customer_email_definer(1);
RESET ROLE;

-- Inheritance and partitions are masked with the parent's rules
CREATE TABLE contact (id int, email text) PARTITION BY RANGE (id);
CREATE TABLE contact_1 PARTITION OF contact FOR VALUES FROM (0) TO (10);
CREATE TABLE contact_2 PARTITION OF contact FOR VALUES FROM (10) TO (20);
INSERT INTO contact VALUES (1, 'a@raw'), (11, 'b@raw');
SECURITY LABEL FOR anon ON COLUMN contact.email IS 'MASKED WITH VALUE ''hidden''';
SECURITY LABEL FOR anon ON COLUMN contact_1.email IS 'MASKED WITH VALUE ''hidden''';
GRANT SELECT ON contact, contact_1, contact_2 TO regress_masked;
SET ROLE regress_masked;
SELECT * FROM contact ORDER BY id;	-- OK: contact_2 takes its parent's rule
SELECT * FROM contact_1;	-- OK
RESET ROLE;
SECURITY LABEL FOR anon ON COLUMN contact_2.email IS 'MASKED WITH VALUE ''hidden''';
SET ROLE regress_masked;
SELECT * FROM contact ORDER BY id;	-- OK
RESET ROLE;

-- The masking view of a relation, and materialized masking views
SELECT anon.masking_view('customer');
SELECT anon.masking_view('customer', 'devtests');
SELECT anon.masking_view('customer', 'nosuch');	-- fail
SELECT anon.create_masking_views('anon', 'regress_mask');
SELECT id, name, email, salary FROM regress_mask.customer ORDER BY id LIMIT 2;

-- check_masked_role reports what would let a role read raw data
SELECT * FROM anon.check_masked_role('regress_masked') ORDER BY 1, 2;
SELECT * FROM anon.check_masked_role('regress_reader') ORDER BY 1, 2;
GRANT pg_read_server_files TO regress_masked;
ALTER TABLE orders OWNER TO regress_masked;
SECURITY LABEL FOR anon ON COLUMN orders.amount IS 'MASKED WITH VALUE 0';
SELECT * FROM anon.check_masked_role('regress_masked') ORDER BY 1, 2;
REVOKE pg_read_server_files FROM regress_masked;

-- clean up
DROP SCHEMA regress_mask CASCADE;
DROP TABLE customer, orders, scratch, contact CASCADE;
DROP FUNCTION customer_emails_sql(), customer_email_scalar(int),
  customer_email_plpgsql(int), customer_email_definer(int), first_name();
DROP ROLE regress_dba, regress_reader, regress_masked, regress_dev;
