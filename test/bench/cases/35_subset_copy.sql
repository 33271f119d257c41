-- name: create_masked_copy of a 1% subset (5 tables, 10M rows in the largest, referencing rows included) vs CREATE TABLE AS per table + the same keys and indexes
-- target: 1.5
-- The schema: region 100, customer 500k, product 100k, orders 2M, line 10M
-- rows, foreign keys declared and their columns indexed (doc/subsets-and-
-- json.md: subsets need an index on each referencing column, as
-- PostgreSQL's own foreign key checks do).  The subset: the orders of 10
-- days out of 1000 (1%, found through an index on day), their lines, and
-- what those reference.  36_subset_copy_small takes 0.1% of the same
-- schema, 37_subset_copy_double the same 20,000 orders of a database twice
-- as big: the time follows the subset, not the database.
-- The baseline is what a DBA would write by hand for the same result: one
-- CREATE TABLE AS per table with the same semi-joins, then the same
-- primary keys, indexes and foreign keys the copy has (built after the
-- load, as pg_restore does).  Both sides return the same row count.
-- setup:
SET client_min_messages = warning;
SELECT coalesce((SELECT reltuples FROM pg_class WHERE oid = to_regclass('bench_sub.line')), 0) > 9e6 AS have_schema \gset
\if :have_schema
\else
DROP SCHEMA IF EXISTS bench_sub, bench_sub_copy, bench_sub_hand CASCADE;
CREATE SCHEMA bench_sub;
CREATE TABLE bench_sub.region (id int, name text);
CREATE TABLE bench_sub.customer (id int, region_id int, email text);
CREATE TABLE bench_sub.product (id int, label text);
CREATE TABLE bench_sub.orders (id int, customer_id int, day date);
CREATE TABLE bench_sub.line (order_id int, n int, product_id int, qty int);
INSERT INTO bench_sub.region SELECT i, 'r' || i FROM generate_series(1, 100) i;
INSERT INTO bench_sub.customer SELECT i, 1 + i % 100, 'c' || i || '@example.org' FROM generate_series(1, 500000) i;
INSERT INTO bench_sub.product SELECT i, 'p' || i FROM generate_series(1, 100000) i;
INSERT INTO bench_sub.orders SELECT i, 1 + (i::bigint * 7919) % 500000, date '2020-01-01' + i % 1000 FROM generate_series(1, 2000000) i;
INSERT INTO bench_sub.line SELECT 1 + i / 5, i % 5, 1 + (i::bigint * 104729) % 100000, 1 FROM generate_series(0, 9999999) i;
ALTER TABLE bench_sub.region ADD PRIMARY KEY (id);
ALTER TABLE bench_sub.customer ADD PRIMARY KEY (id);
ALTER TABLE bench_sub.product ADD PRIMARY KEY (id);
ALTER TABLE bench_sub.orders ADD PRIMARY KEY (id);
ALTER TABLE bench_sub.line ADD PRIMARY KEY (order_id, n);
ALTER TABLE bench_sub.customer ADD FOREIGN KEY (region_id) REFERENCES bench_sub.region;
ALTER TABLE bench_sub.orders ADD FOREIGN KEY (customer_id) REFERENCES bench_sub.customer;
ALTER TABLE bench_sub.line ADD FOREIGN KEY (order_id) REFERENCES bench_sub.orders;
ALTER TABLE bench_sub.line ADD FOREIGN KEY (product_id) REFERENCES bench_sub.product;
CREATE INDEX ON bench_sub.line (product_id);
CREATE INDEX ON bench_sub.orders (customer_id);
CREATE INDEX ON bench_sub.orders (day);
CREATE INDEX ON bench_sub.customer (region_id);
SECURITY LABEL FOR anon ON COLUMN bench_sub.customer.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
VACUUM ANALYZE;
\endif
-- before:
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_sub_copy, bench_sub_hand CASCADE;
-- ours:
SELECT sum(rows) FROM anon.create_masked_copy('bench_sub', 'bench_sub_copy',
  subset => ARRAY['orders WHERE day < date ''2020-01-11'''], include_referencing => true);
-- baseline:
CREATE SCHEMA bench_sub_hand;
CREATE TABLE bench_sub_hand.orders AS SELECT * FROM bench_sub.orders WHERE day < date '2020-01-11';
CREATE TABLE bench_sub_hand.line AS SELECT l.* FROM bench_sub.line l WHERE l.order_id IN (SELECT id FROM bench_sub_hand.orders);
CREATE TABLE bench_sub_hand.customer AS SELECT c.id, c.region_id, anon.partial_email(c.email) AS email
  FROM bench_sub.customer c WHERE c.id IN (SELECT customer_id FROM bench_sub_hand.orders);
CREATE TABLE bench_sub_hand.product AS SELECT p.* FROM bench_sub.product p WHERE p.id IN (SELECT product_id FROM bench_sub_hand.line);
CREATE TABLE bench_sub_hand.region AS SELECT r.* FROM bench_sub.region r WHERE r.id IN (SELECT region_id FROM bench_sub_hand.customer);
ALTER TABLE bench_sub_hand.region ADD PRIMARY KEY (id);
ALTER TABLE bench_sub_hand.customer ADD PRIMARY KEY (id);
ALTER TABLE bench_sub_hand.product ADD PRIMARY KEY (id);
ALTER TABLE bench_sub_hand.orders ADD PRIMARY KEY (id);
ALTER TABLE bench_sub_hand.line ADD PRIMARY KEY (order_id, n);
CREATE INDEX ON bench_sub_hand.line (product_id);
CREATE INDEX ON bench_sub_hand.orders (customer_id);
CREATE INDEX ON bench_sub_hand.orders (day);
CREATE INDEX ON bench_sub_hand.customer (region_id);
ALTER TABLE bench_sub_hand.customer ADD FOREIGN KEY (region_id) REFERENCES bench_sub_hand.region;
ALTER TABLE bench_sub_hand.orders ADD FOREIGN KEY (customer_id) REFERENCES bench_sub_hand.customer;
ALTER TABLE bench_sub_hand.line ADD FOREIGN KEY (order_id) REFERENCES bench_sub_hand.orders;
ALTER TABLE bench_sub_hand.line ADD FOREIGN KEY (product_id) REFERENCES bench_sub_hand.product;
SELECT (SELECT count(*) FROM bench_sub_hand.orders) + (SELECT count(*) FROM bench_sub_hand.line)
     + (SELECT count(*) FROM bench_sub_hand.customer) + (SELECT count(*) FROM bench_sub_hand.product)
     + (SELECT count(*) FROM bench_sub_hand.region);
