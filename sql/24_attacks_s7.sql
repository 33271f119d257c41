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
-- partitioning of old: inheritance children with CHECK constraints
CREATE TABLE regress_s7.emp (id int, salary int);
CREATE TABLE regress_s7.emp_low (CHECK (salary < 1500)) INHERITS (regress_s7.emp);
CREATE TABLE regress_s7.emp_high (CHECK (salary >= 1500)) INHERITS (regress_s7.emp);
INSERT INTO regress_s7.emp_low VALUES (3, 1000);
INSERT INTO regress_s7.emp_high VALUES (1, 2000), (2, 2000);
SECURITY LABEL FOR anon ON COLUMN regress_s7.emp.salary IS 'MASKED WITH VALUE 0';
-- children whose constraints name no masked column read as before
CREATE TABLE regress_s7.log (id int, secret text);
CREATE TABLE regress_s7.log_1 (CHECK (id < 10)) INHERITS (regress_s7.log);
INSERT INTO regress_s7.log_1 VALUES (1, 'RAWlog');
SECURITY LABEL FOR anon ON COLUMN regress_s7.log.secret IS 'MASKED WITH VALUE ''l''';
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
SELECT id FROM regress_s7.emp_low ORDER BY id;
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
SELECT id FROM regress_s7.emp_low;						-- fail (a child's CHECK)
SELECT id FROM regress_s7.emp;							-- fail (order of the rows)
SELECT id FROM ONLY regress_s7.emp;						-- the root alone tells nothing
SELECT * FROM regress_s7.log;
SELECT * FROM regress_s7.log_1;
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

--------------------------------------------------------------------------
-- 2. Code a masked role attaches to its own objects runs with the rights
-- of whoever uses them.  A function the masked role owns runs as that role
-- (masked), but a built-in one does not: table_to_xml in a column default
-- of the masked role's table, evaluated when an unmasked role inserts,
-- read the masked table raw and stored it where the masked role reads it.
-- The same for CHECK constraints, domains, row-level security policies,
-- rewrite rules and views it owns.
--------------------------------------------------------------------------
SET ROLE regress_s7_owner;
CREATE TABLE regress_s7.people (id int, name text);
INSERT INTO regress_s7.people VALUES (1, 'RAWalice');
SECURITY LABEL FOR anon ON COLUMN regress_s7.people.name IS 'MASKED WITH VALUE ''x''';
GRANT SELECT ON regress_s7.people TO regress_s7_masked, regress_s7_plain;
RESET ROLE;
GRANT USAGE ON SCHEMA regress_s7_mine TO regress_s7_plain;
SET ROLE regress_s7_masked;
SELECT * FROM regress_s7.people;
CREATE TABLE regress_s7_mine.loot (id serial, d text
  DEFAULT table_to_xml('regress_s7.people', true, false, '')::text);
CREATE TABLE regress_s7_mine.chk (x text,
  CHECK (x IS NULL OR query_to_xml('SELECT name FROM regress_s7.people', true, false, '')::text LIKE '%RAW%'));
CREATE DOMAIN regress_s7_mine.d AS text
  CHECK (query_to_xml('SELECT name FROM regress_s7.people', true, false, '')::text LIKE '%RAW%');
CREATE TABLE regress_s7_mine.dom (x regress_s7_mine.d);
CREATE TABLE regress_s7_mine.src (x text);
CREATE TABLE regress_s7_mine.sink (d text);
CREATE RULE r AS ON INSERT TO regress_s7_mine.src DO ALSO
  INSERT INTO regress_s7_mine.sink VALUES (table_to_xml('regress_s7.people', true, false, '')::text);
CREATE VIEW regress_s7_mine.v2 AS SELECT table_to_xml('regress_s7.people', true, false, '')::text AS d;
CREATE VIEW regress_s7_mine.vi WITH (security_invoker) AS
  SELECT table_to_xml('regress_s7.people', true, false, '')::text AS d;
CREATE TABLE regress_s7_mine.rls (x int);
INSERT INTO regress_s7_mine.rls VALUES (1);
ALTER TABLE regress_s7_mine.rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON regress_s7_mine.rls
  USING (table_to_xml('regress_s7.people', true, false, '')::text LIKE '%RAW%');
-- an aggregate of its own whose transition function is a built-in that
-- runs a query (ts_rewrite)
CREATE AGGREGATE regress_s7_mine.steal(text) (SFUNC = pg_catalog.ts_rewrite,
  STYPE = tsquery, INITCOND = 'zzz');
CREATE VIEW regress_s7_mine.va AS SELECT regress_s7_mine.steal(
  'SELECT to_tsquery(''simple'', ''zzz''), to_tsquery(''simple'', name) FROM regress_s7.people')::text AS d;
-- a RESTRICTED function hashes the masked role's guess with a secret
CREATE TABLE regress_s7_mine.guess (d text DEFAULT anon.digest('RAWalice', 'salt', 'sha256'));
-- what stays allowed: serial columns, timestamps, what a rule may call
CREATE TABLE regress_s7_mine.ok (id serial, at timestamptz DEFAULT clock_timestamp(),
  u uuid DEFAULT gen_random_uuid(), s text DEFAULT lower('A') CHECK (s <> ''));
GRANT INSERT, SELECT ON regress_s7_mine.loot, regress_s7_mine.chk, regress_s7_mine.dom,
  regress_s7_mine.src, regress_s7_mine.v2, regress_s7_mine.vi, regress_s7_mine.rls,
  regress_s7_mine.ok, regress_s7_mine.guess, regress_s7_mine.va TO regress_s7_plain;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA regress_s7_mine TO regress_s7_plain;
RESET ROLE;
-- the unmasked role uses them: refused
SET ROLE regress_s7_plain;
INSERT INTO regress_s7_mine.loot DEFAULT VALUES;			-- fail
INSERT INTO regress_s7_mine.chk VALUES ('a');				-- fail
INSERT INTO regress_s7_mine.dom VALUES ('a');				-- fail
INSERT INTO regress_s7_mine.src VALUES ('a');				-- fail
SELECT d LIKE '%RAW%' AS raw FROM regress_s7_mine.v2;		-- fail
SELECT d LIKE '%RAW%' AS raw FROM regress_s7_mine.vi;		-- fail
SELECT 1 FROM (SELECT * FROM regress_s7_mine.vi) s;			-- fail
SELECT * FROM regress_s7_mine.rls;							-- fail
INSERT INTO regress_s7_mine.guess DEFAULT VALUES;			-- fail
SELECT d LIKE '%rawalice%' AS raw FROM regress_s7_mine.va;	-- fail
INSERT INTO regress_s7_mine.ok DEFAULT VALUES;
SELECT id, s FROM regress_s7_mine.ok;
RESET ROLE;
SET ROLE regress_s7_masked;
SELECT count(*) AS stolen FROM regress_s7_mine.loot WHERE d LIKE '%RAW%';
SELECT count(*) AS stolen FROM regress_s7_mine.sink WHERE d LIKE '%RAW%';
-- the masked role itself uses them: masked, as any of its reads
INSERT INTO regress_s7_mine.loot DEFAULT VALUES;
SELECT count(*) AS stolen FROM regress_s7_mine.loot WHERE d LIKE '%RAW%';
RESET ROLE;
-- positive control: the same objects, their owner no longer masked, read
-- the raw value for it when another role uses them
SECURITY LABEL FOR anon ON ROLE regress_s7_masked IS NULL;
SET ROLE regress_s7_plain;
INSERT INTO regress_s7_mine.loot DEFAULT VALUES;
INSERT INTO regress_s7_mine.src VALUES ('a');
SELECT d LIKE '%RAW%' AS raw FROM regress_s7_mine.v2;
SELECT d LIKE '%RAW%' AS raw FROM regress_s7_mine.vi;
SELECT count(*) FROM regress_s7_mine.rls;
INSERT INTO regress_s7_mine.guess DEFAULT VALUES;
SELECT d LIKE '%rawalice%' AS raw FROM regress_s7_mine.va;
RESET ROLE;
SELECT count(*) AS hashed FROM regress_s7_mine.guess;
SELECT count(*) AS stolen FROM regress_s7_mine.loot WHERE d LIKE '%RAW%';
SELECT count(*) AS stolen FROM regress_s7_mine.sink WHERE d LIKE '%RAW%';
SECURITY LABEL FOR anon ON ROLE regress_s7_masked IS 'MASKED';

--------------------------------------------------------------------------
-- 3. Averaging.  A volatile rule over the row draws fresh noise at each
-- read: 4000 reads of anon.noise(salary, 0.5) by LATERAL rescans average
-- to the raw salary, and their minimum and maximum bound it.  A masked
-- reader now reads the same noise for a row at every read, in every
-- session (keyed by a server secret and the raw value).
--------------------------------------------------------------------------
SET ROLE regress_s7_owner;
CREATE TABLE regress_s7.salaries (id int, salary int, born date, tag text);
INSERT INTO regress_s7.salaries VALUES (1, 1000, '1980-06-15', 'a'), (2, 3000, '1990-01-01', 'b');
SECURITY LABEL FOR anon ON COLUMN regress_s7.salaries.salary IS 'MASKED WITH FUNCTION anon.noise(salary, 0.5)';
SECURITY LABEL FOR anon ON COLUMN regress_s7.salaries.born IS 'MASKED WITH FUNCTION anon.dnoise(born, ''1 year'')';
SECURITY LABEL FOR anon ON COLUMN regress_s7.salaries.tag IS 'MASKED WITH FUNCTION anon.random_string(6)';
GRANT SELECT ON regress_s7.salaries TO regress_s7_masked;
RESET ROLE;
CREATE TABLE regress_s7_seen (salary int, born date);
GRANT INSERT ON regress_s7_seen TO regress_s7_masked;
-- positive control: the same draws, made by the reader itself, average
-- to the value (4000 uniform draws in [500, 1500]: the mean is within 30
-- of 1000 but with probability below 1e-9)
SET ROLE regress_s7_masked;
SELECT abs(avg(anon.noise(1000 + g * 0, 0.5)) - 1000) < 30 AS averaged,
       count(DISTINCT anon.noise(1000 + g * 0, 0.5)) > 100 AS fresh
FROM generate_series(1, 4000) g;
-- the attack: one value, however often it is read
SELECT count(DISTINCT s) AS salaries, count(DISTINCT b) AS births
FROM generate_series(1, 4000) g,
     LATERAL (SELECT salary + g * 0 AS s, born + g * 0 AS b
              FROM regress_s7.salaries WHERE id = 1) x;
SELECT count(*) AS rows, count(DISTINCT salary) AS salaries
FROM (SELECT salary FROM regress_s7.salaries WHERE id = 1
      UNION ALL SELECT salary FROM regress_s7.salaries WHERE id = 1) s;
-- still noise, and still in its range
SELECT id, salary BETWEEN 500 AND 1500 AS in_range FROM regress_s7.salaries WHERE id = 1;
-- rules that do not read the row are drawn afresh
SELECT count(DISTINCT t) > 1 AS fresh_tags
FROM generate_series(1, 20) g, LATERAL (SELECT tag || g * 0 AS t FROM regress_s7.salaries WHERE id = 1) x;
-- the reader cannot key the stream itself to test a guess
SELECT anon._keyed_begin('regress_s7.salaries'::regclass, 2, 1000);	-- fail
INSERT INTO regress_s7_seen SELECT salary, born FROM regress_s7.salaries WHERE id = 1;
RESET ROLE;
-- another session reads the same noise
\c -
\set VERBOSITY terse
SET ROLE regress_s7_masked;
INSERT INTO regress_s7_seen SELECT salary, born FROM regress_s7.salaries WHERE id = 1;
RESET ROLE;
SELECT count(*) AS reads, count(DISTINCT salary) AS salaries, count(DISTINCT born) AS births
FROM regress_s7_seen;
DROP TABLE regress_s7_seen;
-- static masking still draws fresh noise (read once)
SELECT count(DISTINCT anon.noise(1000, 0.5)) > 1 AS static_fresh FROM generate_series(1, 20);

--------------------------------------------------------------------------
-- 4. Sampling.  A TABLESAMPLE label without REPEATABLE drew a fresh sample
-- at every read: fifty reads of a table sampled at 10%, gathered in a
-- table of the masked role's own, held nearly all of its rows.  Masked
-- readers now read the same sample at every read (the seed is fixed per
-- table by a server secret).
--------------------------------------------------------------------------
SET ROLE regress_s7_owner;
CREATE TABLE regress_s7.visits (id int);
INSERT INTO regress_s7.visits SELECT generate_series(1, 2000);
SECURITY LABEL FOR anon ON TABLE regress_s7.visits IS 'TABLESAMPLE BERNOULLI (10)';
GRANT SELECT ON regress_s7.visits TO regress_s7_masked;
-- positive control: fifty fresh 10% samples gather nearly every row (a row
-- is missed by all fifty with probability 0.9^50 = 0.5%: more than 1000
-- of 2000 rows are found but with probability far below 1e-6)
CREATE TABLE regress_s7.control (id int);
DO $$ BEGIN FOR i IN 1..50 LOOP
  INSERT INTO regress_s7.control SELECT id FROM regress_s7.visits TABLESAMPLE BERNOULLI (10);
END LOOP; END $$;
SELECT count(DISTINCT id) > 1000 AS gathered FROM regress_s7.control;
RESET ROLE;
SET ROLE regress_s7_masked;
CREATE TABLE regress_s7_mine.gathered (id int);
DO $$ BEGIN FOR i IN 1..50 LOOP
  INSERT INTO regress_s7_mine.gathered SELECT id FROM regress_s7.visits;
END LOOP; END $$;
-- one sample, read fifty times (10% of 2000: more than 400 rows with
-- probability below 1e-6)
SELECT count(DISTINCT id) < 400 AS one_sample, count(*) = 50 * count(DISTINCT id) AS same_each_time
FROM regress_s7_mine.gathered;
RESET ROLE;

--------------------------------------------------------------------------
-- 5. A table owner's view measured by a superuser.  The k-anonymity and
-- risk measures and generalize_to_k read a view as their caller, and a
-- view's functions run as whoever reads it: an owner's function in its
-- view ran with the superuser's rights.  Now refused unless every function
-- of the view (and of the views it reads) is one a masking rule may call,
-- or the caller is the view's owner or a member of it.
--------------------------------------------------------------------------
CREATE TABLE regress_s7_ran (who text);
GRANT INSERT ON regress_s7_ran TO PUBLIC;
SET ROLE regress_s7_owner;
CREATE FUNCTION regress_s7.who(text) RETURNS text LANGUAGE plpgsql
AS $$ BEGIN INSERT INTO public.regress_s7_ran VALUES (current_user); RETURN $1; END $$;
CREATE TABLE regress_s7.city (id int, city text);
INSERT INTO regress_s7.city VALUES (1, 'Paris'), (2, 'Paris');
CREATE VIEW regress_s7.city_v AS SELECT id, regress_s7.who(city) AS city FROM regress_s7.city;
CREATE VIEW regress_s7.city_vv AS SELECT * FROM regress_s7.city_v;
CREATE VIEW regress_s7.city_ok AS SELECT id, lower(city) AS city FROM regress_s7.city;
RESET ROLE;
-- positive control: a superuser's read of the view runs the owner's code
-- with the superuser's rights
SELECT count(*) FROM regress_s7.city_v;
SELECT DISTINCT who = current_user AS ran_as_superuser FROM regress_s7_ran;
TRUNCATE regress_s7_ran;
SELECT anon.k_anonymity('regress_s7.city_v', ARRAY['city']);					-- fail
SELECT anon.k_anonymity('regress_s7.city_vv', ARRAY['city']);					-- fail (a view it reads)
SELECT anon.l_diversity('regress_s7.city_v', 'id', ARRAY['city']);				-- fail
SELECT measure FROM anon.risk('regress_s7.city', 0.2, ARRAY['city'], 'regress_s7.city_v') LIMIT 1;	-- fail
SELECT count(*) AS ran_as_superuser FROM regress_s7_ran;
-- built-in functions only: measured as before; the owner measures its own
SELECT anon.k_anonymity('regress_s7.city_ok', ARRAY['city']);
SET ROLE regress_s7_owner;
SELECT anon.k_anonymity('regress_s7.city_v', ARRAY['city']);
RESET ROLE;
SELECT DISTINCT who FROM regress_s7_ran;
DROP TABLE regress_s7_ran;

-- clean up
SET client_min_messages = warning;
DROP SCHEMA regress_s7 CASCADE;
DROP SCHEMA regress_s7_mine CASCADE;
RESET client_min_messages;
DROP ROLE regress_s7_owner, regress_s7_masked, regress_s7_plain;
