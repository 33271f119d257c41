-- create_masked_copy with a subset: the rows that match, every row they
-- reference (composite, self-referencing keys, cycles), optionally the rows
-- that reference them; masked on the way; the copy's foreign keys hold.
\set VERBOSITY terse
SET client_min_messages = warning;
CREATE SCHEMA regress_sub;
SET search_path = regress_sub;
CREATE TABLE country (code text PRIMARY KEY, name text);
CREATE TABLE customer (id int PRIMARY KEY, email text, country text REFERENCES country,
                       referrer int REFERENCES customer);          -- self-referencing
CREATE TABLE product (maker text, ref int, label text, PRIMARY KEY (maker, ref));
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customer, note text);
CREATE TABLE line (order_id int REFERENCES orders, n int, maker text, ref int,
                   PRIMARY KEY (order_id, n),
                   FOREIGN KEY (maker, ref) REFERENCES product);    -- composite
-- a cycle: an employee's team has a lead, who is an employee
CREATE TABLE team (id int PRIMARY KEY, lead int);
CREATE TABLE employee (id int PRIMARY KEY, team int REFERENCES team);
ALTER TABLE team ADD FOREIGN KEY (lead) REFERENCES employee DEFERRABLE INITIALLY DEFERRED;
CREATE TABLE unrelated (x int);
INSERT INTO country VALUES ('FR', 'France'), ('DE', 'Germany'), ('IT', 'Italy');
INSERT INTO customer VALUES (1, 'a@x.org', 'FR', NULL), (2, 'b@x.org', 'DE', 1),
                            (3, 'c@x.org', 'IT', 2), (4, 'd@x.org', 'FR', NULL);
INSERT INTO product VALUES ('acme', 1, 'p1'), ('acme', 2, 'p2'), ('zeta', 1, 'p3');
INSERT INTO orders VALUES (10, 3, 'o10'), (11, 4, 'o11'), (12, 3, 'o12');
INSERT INTO line VALUES (10, 1, 'acme', 2), (11, 1, 'zeta', 1), (12, 1, 'acme', 2);
BEGIN;
INSERT INTO team VALUES (1, 100), (2, 200);
INSERT INTO employee VALUES (100, 2), (200, 1), (300, 2);
COMMIT;
INSERT INTO unrelated VALUES (1);
SECURITY LABEL FOR anon ON COLUMN customer.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
RESET search_path;

-- one order: its customer, the customer's referrers (self-reference,
-- transitively), their countries, its lines and their products
SELECT table_name::text, rows FROM anon.create_masked_copy('regress_sub', 'regress_sub_c1',
  subset => ARRAY['orders WHERE id = 10', 'line WHERE order_id = 10']) ORDER BY 1;
SELECT * FROM regress_sub_c1.customer ORDER BY id;    -- masked on the way
SELECT * FROM regress_sub_c1.country ORDER BY code;
SELECT * FROM regress_sub_c1.product ORDER BY 1, 2;
-- the foreign keys were recreated and hold
SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'regress_sub_c1'::regnamespace;

-- include_referencing: a customer and the rows that reference it (orders,
-- lines, customers it referred), then what those reference
SELECT table_name::text, rows FROM anon.create_masked_copy('regress_sub', 'regress_sub_c2',
  subset => ARRAY['customer WHERE id = 3'], include_referencing => true) ORDER BY 1;
SELECT id, customer_id FROM regress_sub_c2.orders ORDER BY id;

-- a cycle: one employee pulls its team, the team's lead, the lead's team...
SELECT table_name::text, rows FROM anon.create_masked_copy('regress_sub', 'regress_sub_c3',
  subset => ARRAY['employee WHERE id = 300']) ORDER BY 1;
SELECT * FROM regress_sub_c3.employee ORDER BY id;

-- a table alone: all its rows; quoted names; conditions over the table's columns
SELECT table_name::text, rows FROM anon.create_masked_copy('regress_sub', 'regress_sub_c4',
  subset => ARRAY['"product"', 'customer where email LIKE ''d%'' AND lower(country) = ''fr''']) ORDER BY 1;

-- the 1.0 signature still works: everything is copied
SELECT count(*), sum(rows) FROM anon.create_masked_copy('regress_sub', 'regress_sub_c5');
SELECT count(*), sum(rows) FROM anon.create_masked_copy('regress_sub', 'regress_sub_c6', 'anon');

-- conditions are user text: one expression over the table, trusted calls only
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x', subset => ARRAY['orders WHERE id IN (SELECT 1)']);   -- fail: subquery
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x', subset => ARRAY['orders WHERE true; DROP TABLE regress_sub.orders']); -- fail
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x', subset => ARRAY['orders WHERE true FROM pg_authid']); -- fail
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x', subset => ARRAY['orders WHERE pg_catalog.pg_read_file(''x'') IS NULL']); -- fail
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x', subset => ARRAY['orders WHERE count(*) > 0']); -- fail: aggregate
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x', subset => ARRAY['orders WHERE secret = 1']); -- fail: no such column
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x', subset => ARRAY['pg_authid WHERE true']); -- fail: not in the schema
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x', subset => ARRAY['orders id = 1']); -- fail: no WHERE
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x', subset => ARRAY['orders WHERE 1']); -- fail: not boolean
CREATE FUNCTION public.regress_sub_leak(int) RETURNS bool LANGUAGE plpgsql
  AS $$BEGIN RAISE NOTICE 'called as %', current_user; RETURN true; END$$;
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x', subset => ARRAY['orders WHERE public.regress_sub_leak(id)']); -- fail: untrusted
-- a condition runs as the table's owner, never as the caller
CREATE ROLE regress_sub_owner;
GRANT USAGE ON SCHEMA regress_sub TO regress_sub_owner;
ALTER TABLE regress_sub.orders OWNER TO regress_sub_owner;
ALTER FUNCTION public.regress_sub_leak(int) PARALLEL SAFE STABLE;
SECURITY LABEL FOR anon ON SCHEMA public IS 'TRUSTED';
SET client_min_messages = notice;
SELECT table_name::text, rows FROM anon.create_masked_copy('regress_sub', 'regress_sub_c7',
  subset => ARRAY['orders WHERE public.regress_sub_leak(id) AND id = 11']) ORDER BY 1;
SET client_min_messages = warning;
SECURITY LABEL FOR anon ON SCHEMA public IS NULL;
-- consistent masking along foreign keys: references without a rule of
-- their own take the referenced key's (deterministic) rule; a rule of their
-- own must be the same, or NULL; anything else draws a WARNING naming the key
-- when written (the label is kept, as PostgreSQL Anonymizer keeps it) and is
-- refused when masks are made
SECURITY LABEL FOR anon ON COLUMN regress_sub.customer.id IS 'MASKED WITH FUNCTION id + 1000';
SELECT table_name::text, masked_columns, rows FROM anon.create_masked_copy('regress_sub', 'regress_sub_c9',
  subset => ARRAY['orders WHERE id = 12']) ORDER BY 1;                  -- OK: orders.customer_id and referrer take it
SELECT c.id, c.referrer, o.id AS order_id FROM regress_sub_c9.customer c
  LEFT JOIN regress_sub_c9.orders o ON o.customer_id = c.id ORDER BY 1;
SECURITY LABEL FOR anon ON COLUMN regress_sub.orders.customer_id IS 'MASKED WITH FUNCTION customer_id + 1000';  -- OK: the same
SECURITY LABEL FOR anon ON COLUMN regress_sub.customer.referrer IS 'MASKED WITH FUNCTION referrer + 2000';     -- WARNING: differently
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x');   -- fail: differently
SECURITY LABEL FOR anon ON COLUMN regress_sub.customer.referrer IS 'NOT MASKED';                               -- WARNING: raw references
SECURITY LABEL FOR anon ON COLUMN regress_sub.customer.referrer IS 'MASKED WITH VALUE NULL';                   -- OK: references nothing
SELECT table_name::text, rows FROM anon.create_masked_copy('regress_sub', 'regress_sub_c8',
  subset => ARRAY['orders WHERE id = 12']) ORDER BY 1;                  -- OK: alike, or NULL
SELECT c.id, o.id AS order_id FROM regress_sub_c8.customer c JOIN regress_sub_c8.orders o ON o.customer_id = c.id;
SECURITY LABEL FOR anon ON COLUMN regress_sub.customer.id IS 'MASKED WITH FUNCTION anon.random_int_between(1, 1000000000)';  -- WARNING: random
SECURITY LABEL FOR anon ON COLUMN regress_sub.orders.customer_id IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_sub.customer.id IS 'MASKED WITH FUNCTION anon.random_int_between(1, 1000000000)';  -- WARNING: random, taken by orders
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x');   -- fail: random, taken by orders
SECURITY LABEL FOR anon ON COLUMN regress_sub.customer.id IS 'MASKED WITH FUNCTION id + 1000';
-- a key declared after the rules is caught when the masks are made
ALTER TABLE regress_sub.orders DROP CONSTRAINT orders_customer_id_fkey;
SECURITY LABEL FOR anon ON COLUMN regress_sub.customer.id IS 'MASKED WITH FUNCTION anon.random_int_between(1, 1000000000)';  -- OK: no reference takes it
ALTER TABLE regress_sub.orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES regress_sub.customer;
SELECT * FROM anon.create_masked_copy('regress_sub', 'regress_sub_x');   -- fail: random, taken by orders
SECURITY LABEL FOR anon ON COLUMN regress_sub.customer.id IS NULL;
SECURITY LABEL FOR anon ON COLUMN regress_sub.customer.referrer IS NULL;
-- none of the failures left a copy behind
SELECT count(*) FROM pg_namespace WHERE nspname = 'regress_sub_x';

-- virtual foreign keys: a schema that declares none, its keys declared by
-- labels; subsets follow them like declared ones, both directions
CREATE SCHEMA regress_vsub;
CREATE TABLE regress_vsub.account (id int PRIMARY KEY, email text, manager int);
CREATE TABLE regress_vsub.purchase (id int PRIMARY KEY, account_id bigint, shop text, shop_no int);
CREATE TABLE regress_vsub.shop (name text, no int, city text, UNIQUE (name, no));
CREATE TABLE regress_vsub.tag (label text, purchase_id int);   -- no unique key referenced
INSERT INTO regress_vsub.account VALUES (1, 'a@x.org', NULL), (2, 'b@x.org', 1), (3, 'c@x.org', 2), (4, 'd@x.org', 4);
INSERT INTO regress_vsub.shop VALUES ('s', 1, 'Paris'), ('s', 2, 'Rome'), ('t', 1, 'Oslo');
INSERT INTO regress_vsub.purchase VALUES (100, 3, 's', 2), (101, 4, 't', 1), (102, 1, NULL, NULL);
INSERT INTO regress_vsub.tag VALUES ('x', 100), ('y', 101);
SECURITY LABEL FOR anon ON COLUMN regress_vsub.purchase.account_id IS 'REFERENCES regress_vsub.account';     -- OK: the primary key, bigint = int
SECURITY LABEL FOR anon ON COLUMN regress_vsub.account.manager IS 'references account(id)';                 -- OK: self-reference, same schema
SECURITY LABEL FOR anon ON TABLE regress_vsub.purchase IS 'FOREIGN KEY (shop, shop_no) REFERENCES regress_vsub.shop (name, no)';  -- OK: composite
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.purchase_id IS 'FOREIGN KEY (purchase_id) REFERENCES "regress_vsub"."purchase" ("id")';  -- OK: on a column of the key
SELECT anon.label_kind('REFERENCES s.t (c)'), anon.label_kind('FOREIGN KEY (a) REFERENCES t');
-- refused when written, with the reason
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS 'REFERENCES regress_vsub.missing (id)';      -- fail: no such table
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS 'REFERENCES nowhere.account (id)';           -- fail: no such schema
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS 'REFERENCES regress_vsub.account (nope)';    -- fail: no such column
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS 'REFERENCES regress_vsub.account (id)';      -- fail: text = int
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS 'REFERENCES regress_vsub.shop';              -- fail: no primary key
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS 'REFERENCES regress_vsub.shop (name, no)';   -- fail: 1 and 2 columns
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS 'REFERENCES regress_vsub.account (id) x';    -- fail: text after the key
SECURITY LABEL FOR anon ON TABLE regress_vsub.tag IS 'FOREIGN KEY (label) REFERENCES regress_vsub.shop (name), FOREIGN (x)';  -- fail
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS 'FOREIGN KEY (purchase_id) REFERENCES regress_vsub.purchase (id)'; -- fail: not its column
SECURITY LABEL FOR anon ON TABLE regress_vsub.tag IS 'REFERENCES regress_vsub.account';                  -- fail: a column label
SET client_min_messages = notice;
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS 'REFERENCES regress_vsub.shop (name)';       -- OK, with a notice: not unique
SET client_min_messages = warning;
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS NULL;
-- the writer needs the REFERENCES privilege on the referenced columns
CREATE ROLE regress_vsub_owner;
GRANT USAGE ON SCHEMA regress_vsub TO regress_vsub_owner;
CREATE TABLE regress_vsub.other (account_id int);
ALTER TABLE regress_vsub.other OWNER TO regress_vsub_owner;
SET ROLE regress_vsub_owner;
SECURITY LABEL FOR anon ON COLUMN regress_vsub.other.account_id IS 'REFERENCES regress_vsub.account';     -- fail: no REFERENCES
RESET ROLE;
GRANT REFERENCES (id) ON regress_vsub.account TO regress_vsub_owner;
SET ROLE regress_vsub_owner;
SECURITY LABEL FOR anon ON COLUMN regress_vsub.other.account_id IS 'REFERENCES regress_vsub.account';     -- OK
RESET ROLE;
DROP TABLE regress_vsub.other;
-- purchase 100: its account (3), the manager chain 3 -> 2 -> 1, its shop
-- (composite virtual key)
SELECT table_name::text, rows FROM anon.create_masked_copy('regress_vsub', 'regress_vsub_c1',
  subset => ARRAY['purchase WHERE id = 100']) ORDER BY 1;
SELECT id, manager FROM regress_vsub_c1.account ORDER BY id;
SELECT * FROM regress_vsub_c1.shop;
-- the other direction: an account, its purchases, their tags (a virtual
-- key to a table without one), what those reference
SELECT table_name::text, rows FROM anon.create_masked_copy('regress_vsub', 'regress_vsub_c2',
  subset => ARRAY['account WHERE id = 4'], include_referencing => true) ORDER BY 1;
SELECT * FROM regress_vsub_c2.tag;
-- virtual keys are not recreated in the copy
SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'regress_vsub_c2'::regnamespace;
-- a cycle through virtual keys: a purchase references a shop whose
-- best purchase references it back
ALTER TABLE regress_vsub.shop ADD COLUMN best int;
UPDATE regress_vsub.shop SET best = 101 WHERE name = 's' AND no = 2;
SECURITY LABEL FOR anon ON COLUMN regress_vsub.shop.best IS 'REFERENCES regress_vsub.purchase';
SELECT table_name::text, rows FROM anon.create_masked_copy('regress_vsub', 'regress_vsub_c3',
  subset => ARRAY['purchase WHERE id = 100']) ORDER BY 1;
SELECT id FROM regress_vsub_c3.purchase ORDER BY id;
-- a label left behind by a dropped table fails closed, naming the key
CREATE TABLE regress_vsub.gone (id int PRIMARY KEY);
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS 'REFERENCES regress_vsub.gone';      -- fail: text = int
ALTER TABLE regress_vsub.gone ALTER COLUMN id TYPE text;
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS 'REFERENCES regress_vsub.gone';      -- OK
DROP TABLE regress_vsub.gone;
SELECT * FROM anon.create_masked_copy('regress_vsub', 'regress_vsub_x', subset => ARRAY['tag']);  -- fail: table gone
SECURITY LABEL FOR anon ON COLUMN regress_vsub.tag.label IS NULL;
-- virtual keys travel with export_rules / import_rules, checked again
CREATE TEMP TABLE regress_vsub_saved AS SELECT anon.export_rules() AS rules;
SECURITY LABEL FOR anon ON COLUMN regress_vsub.purchase.account_id IS NULL;
SECURITY LABEL FOR anon ON TABLE regress_vsub.purchase IS NULL;
SELECT count(*) FROM pg_seclabels WHERE provider = 'anon' AND objname LIKE 'regress_vsub.purchase%';
SELECT anon.import_rules(rules) > 0 AS imported FROM regress_vsub_saved;
SELECT anon.export_rules() = rules AS same_rules FROM regress_vsub_saved;
DROP TABLE regress_vsub_saved;
-- no failure left a copy behind; the labels as written
SELECT count(*) FROM pg_namespace WHERE nspname = 'regress_vsub_x';
SELECT objname, label FROM pg_seclabels WHERE provider = 'anon' AND objname LIKE 'regress_vsub.%' ORDER BY 1;
DROP SCHEMA regress_vsub, regress_vsub_c1, regress_vsub_c2, regress_vsub_c3 CASCADE;
DROP ROLE regress_vsub_owner;

DROP FUNCTION public.regress_sub_leak(int);
DROP SCHEMA regress_sub, regress_sub_c1, regress_sub_c2, regress_sub_c3, regress_sub_c4,
            regress_sub_c5, regress_sub_c6, regress_sub_c7, regress_sub_c8, regress_sub_c9 CASCADE;
DROP ROLE regress_sub_owner;

-- the copies' indexes and key constraints are built after the load, as
-- LIKE would have made them (names, kinds, comments); a mask that makes
-- two rows equal fails there, named, with nothing left behind
CREATE SCHEMA regress_late;
CREATE TABLE regress_late.t (id int PRIMARY KEY, email text UNIQUE, x int,
  EXCLUDE USING btree (x WITH =));
CREATE INDEX t_lower_idx ON regress_late.t (lower(email)) WHERE x > 0;
COMMENT ON INDEX regress_late.t_lower_idx IS 'emails, case-blind';
INSERT INTO regress_late.t VALUES (1, 'a@x.org', 1), (2, 'b@x.org', 2);
SECURITY LABEL FOR anon ON COLUMN regress_late.t.email IS 'MASKED WITH VALUE ''z''';
SELECT * FROM anon.create_masked_copy('regress_late', 'regress_late_c');      -- fail: unique
SECURITY LABEL FOR anon ON COLUMN regress_late.t.email IS 'MASKED WITH FUNCTION pg_catalog.upper(email)';
SECURITY LABEL FOR anon ON COLUMN regress_late.t.x IS 'MASKED WITH VALUE 0';
SELECT * FROM anon.create_masked_copy('regress_late', 'regress_late_c');      -- fail: exclusion
SELECT count(*) FROM pg_namespace WHERE nspname = 'regress_late_c';            -- 0
SECURITY LABEL FOR anon ON COLUMN regress_late.t.x IS NULL;
SELECT table_name::text, rows FROM anon.create_masked_copy('regress_late', 'regress_late_c');
SELECT c.relname, pg_get_indexdef(i.indexrelid) LIKE '%regress_late_c.t%' AS on_copy,
       i.indisprimary, i.indisunique, i.indisexclusion, obj_description(i.indexrelid, 'pg_class')
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = 'regress_late_c.t'::regclass ORDER BY 1;
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'regress_late_c.t'::regclass AND contype <> 'n' ORDER BY 1;
DROP SCHEMA regress_late, regress_late_c CASCADE;
