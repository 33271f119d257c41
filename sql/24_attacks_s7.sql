-- Red team, session 7: a masked role derives masked values from what
-- masking leaves as it is, and a table owner reaches another role's rights.
-- Each probe has a positive control showing it would catch the leak.
\set VERBOSITY terse
CREATE ROLE regress_s7_owner;
CREATE ROLE regress_s7_masked;
CREATE ROLE regress_s7_plain;
SECURITY LABEL FOR anon ON ROLE regress_s7_masked IS 'MASKED';
CREATE SCHEMA regress_s7 AUTHORIZATION regress_s7_owner;
CREATE SCHEMA regress_s7_mine AUTHORIZATION regress_s7_masked;
GRANT USAGE ON SCHEMA regress_s7 TO regress_s7_masked, regress_s7_plain;

--------------------------------------------------------------------------
-- 1. Partition membership.  Which partition holds a row is decided by the
-- raw partition key, and every role reads the bounds in the catalog: a
-- masked role reading a partition on its own (GRANT ... ON ALL TABLES IN
-- SCHEMA grants the partitions too) learns the raw key's range of each
-- row, with list partitioning the raw value; reading the partitioned
-- table, it learns the same from the order of its rows.
--------------------------------------------------------------------------
SET ROLE regress_s7_owner;
CREATE TABLE regress_s7.pay (id int, salary int, note text) PARTITION BY RANGE (salary);
CREATE TABLE regress_s7.pay_low PARTITION OF regress_s7.pay FOR VALUES FROM (MINVALUE) TO (1500);
CREATE TABLE regress_s7.pay_high PARTITION OF regress_s7.pay FOR VALUES FROM (1500) TO (MAXVALUE);
INSERT INTO regress_s7.pay SELECT i, CASE WHEN i % 3 = 0 THEN 1000 ELSE 2000 END, 'n'
  FROM generate_series(1, 9) i;
SECURITY LABEL FOR anon ON COLUMN regress_s7.pay.salary IS 'MASKED WITH VALUE 0';
CREATE TABLE regress_s7.lives (id int, country text) PARTITION BY LIST (country);
CREATE TABLE regress_s7.lives_fr PARTITION OF regress_s7.lives FOR VALUES IN ('RAWFR');
CREATE TABLE regress_s7.lives_de PARTITION OF regress_s7.lives FOR VALUES IN ('RAWDE');
INSERT INTO regress_s7.lives VALUES (1, 'RAWFR'), (2, 'RAWDE'), (3, 'RAWFR'), (4, 'RAWDE');
-- the label on one partition only
SECURITY LABEL FOR anon ON COLUMN regress_s7.lives_fr.country IS 'MASKED WITH VALUE ''xx''';
SECURITY LABEL FOR anon ON COLUMN regress_s7.lives_de.country IS 'MASKED WITH VALUE ''xx''';
-- two levels: the second level is keyed by a masked column
CREATE TABLE regress_s7.ev (id int, region int, born date) PARTITION BY RANGE (region);
CREATE TABLE regress_s7.ev_1 PARTITION OF regress_s7.ev FOR VALUES FROM (0) TO (10)
  PARTITION BY RANGE (born);
CREATE TABLE regress_s7.ev_1_old PARTITION OF regress_s7.ev_1 FOR VALUES FROM (MINVALUE) TO ('1980-01-01');
CREATE TABLE regress_s7.ev_1_new PARTITION OF regress_s7.ev_1 FOR VALUES FROM ('1980-01-01') TO (MAXVALUE);
INSERT INTO regress_s7.ev VALUES (1, 1, '1970-05-05'), (2, 1, '1990-05-05');
SECURITY LABEL FOR anon ON COLUMN regress_s7.ev.born IS 'MASKED WITH FUNCTION date_trunc(''year'', born)::date';
-- a key expression over a masked column
CREATE TABLE regress_s7.ex (id int, email text) PARTITION BY LIST (lower(left(email, 1)));
CREATE TABLE regress_s7.ex_a PARTITION OF regress_s7.ex FOR VALUES IN ('a');
CREATE TABLE regress_s7.ex_other PARTITION OF regress_s7.ex DEFAULT;
INSERT INTO regress_s7.ex VALUES (1, 'alice@RAW'), (2, 'bob@RAW');
SECURITY LABEL FOR anon ON COLUMN regress_s7.ex.email IS 'MASKED WITH VALUE ''e''';
-- the key is masked, but NOT MASKED on the partitioned table's key: reads
CREATE TABLE regress_s7.ok (id int, day int, secret text) PARTITION BY RANGE (day);
CREATE TABLE regress_s7.ok_1 PARTITION OF regress_s7.ok FOR VALUES FROM (0) TO (10);
INSERT INTO regress_s7.ok VALUES (1, 1, 'RAWsecret');
SECURITY LABEL FOR anon ON COLUMN regress_s7.ok.secret IS 'MASKED WITH VALUE ''s''';
GRANT SELECT ON ALL TABLES IN SCHEMA regress_s7 TO regress_s7_masked, regress_s7_plain;
RESET ROLE;

-- positive control: an unmasked role reading a partition learns the raw
-- range of each row (ids 3, 6, 9 earn less than 1500) and the raw country
SET ROLE regress_s7_plain;
SELECT id FROM regress_s7.pay_low ORDER BY id;
SELECT id FROM regress_s7.lives_fr ORDER BY id;
SELECT id FROM regress_s7.ev_1_old ORDER BY id;
SELECT id FROM regress_s7.ex_a ORDER BY id;
SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c
WHERE c.oid = 'regress_s7.lives_fr'::regclass;
RESET ROLE;
-- the masked role: every scan of these trees is refused
SET ROLE regress_s7_masked;
SELECT id FROM regress_s7.pay_low ORDER BY id;			-- fail
SELECT id FROM regress_s7.pay_high ORDER BY id;			-- fail
SELECT id FROM regress_s7.pay;							-- fail (order of the rows)
SELECT count(*) FROM regress_s7.lives_fr;				-- fail
SELECT id FROM regress_s7.lives ORDER BY id;			-- fail
SELECT id FROM regress_s7.ev_1_old;						-- fail
SELECT id FROM regress_s7.ev;							-- fail (a sub-partition's key)
SELECT id FROM regress_s7.ex_a;							-- fail (a key expression)
SELECT id FROM (SELECT * FROM regress_s7.pay_low) s;	-- fail
CREATE VIEW regress_s7_mine.v AS SELECT id FROM regress_s7.pay_low;
SELECT * FROM regress_s7_mine.v;						-- fail
COPY regress_s7.pay_low TO STDOUT;						-- fail
COPY (SELECT id FROM regress_s7.lives_de) TO STDOUT;	-- fail
-- a key that is not masked reads as before
SELECT * FROM regress_s7.ok;
SELECT * FROM regress_s7.ok_1;
RESET ROLE;
-- NOT MASKED on the key lifts the refusal; privacy by default masks an
-- unlabelled key (it is refused again)
SET ROLE regress_s7_owner;
SECURITY LABEL FOR anon ON COLUMN regress_s7.pay.salary IS 'NOT MASKED';
RESET ROLE;
SET ROLE regress_s7_masked;
SELECT id FROM regress_s7.pay_low ORDER BY id;
RESET ROLE;
SET anon.privacy_by_default = on;
SET ROLE regress_s7_masked;
SELECT id FROM regress_s7.ok_1;							-- fail
RESET ROLE;
RESET anon.privacy_by_default;

-- clean up
SET client_min_messages = warning;
DROP SCHEMA regress_s7 CASCADE;
DROP SCHEMA regress_s7_mine CASCADE;
RESET client_min_messages;
DROP ROLE regress_s7_owner, regress_s7_masked, regress_s7_plain;
