-- Write-like utility statements on a masked table, by a masked role: they
-- are refused like INSERT, UPDATE and DELETE (class 10 of issue 15).  Each
-- probe runs twice: on the masked table (refused) and, as a positive
-- control, on an unlabelled twin, where the same statement succeeds and,
-- for the statements that evaluate code on the rows, shows the raw values
-- through a NOTICE: the probe would catch the leak.
\set VERBOSITY terse
CREATE ROLE regress_mu_owner LOGIN;
CREATE ROLE regress_mu_reader LOGIN;
CREATE ROLE regress_mu_friend LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_mu_owner IS 'MASKED';
SECURITY LABEL FOR anon ON ROLE regress_mu_reader IS 'MASKED';
CREATE SCHEMA regress_mu AUTHORIZATION regress_mu_owner;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO regress_mu_owner', current_database()); END $$;
GRANT USAGE ON SCHEMA regress_mu TO PUBLIC;
CREATE FUNCTION regress_mu.leak(text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RAISE NOTICE 'saw %', $1; RETURN $1; END $$;
CREATE TABLE regress_mu.people (id int PRIMARY KEY, email text);
CREATE TABLE regress_mu.twin (id int PRIMARY KEY, email text);
INSERT INTO regress_mu.people VALUES (1, 'alice@raw');
INSERT INTO regress_mu.twin VALUES (1, 'alice@raw');
SECURITY LABEL FOR anon ON COLUMN regress_mu.people.email IS 'MASKED WITH VALUE ''hidden''';
ALTER TABLE regress_mu.people OWNER TO regress_mu_owner;
ALTER TABLE regress_mu.twin OWNER TO regress_mu_owner;
GRANT ALL ON regress_mu.people, regress_mu.twin TO regress_mu_reader;
-- a partitioned table whose partition only is labelled, and a table that
-- references the twin (TRUNCATE ... CASCADE reaches it)
CREATE TABLE regress_mu.parts (id int, email text) PARTITION BY RANGE (id);
CREATE TABLE regress_mu.parts_1 PARTITION OF regress_mu.parts FOR VALUES FROM (0) TO (10);
INSERT INTO regress_mu.parts VALUES (1, 'bob@raw');
SECURITY LABEL FOR anon ON COLUMN regress_mu.parts_1.email IS 'MASKED WITH VALUE ''hidden''';
CREATE TABLE regress_mu.refs (id int REFERENCES regress_mu.twin, email text);
INSERT INTO regress_mu.refs VALUES (1, 'carol@raw');
SECURITY LABEL FOR anon ON COLUMN regress_mu.refs.email IS 'MASKED WITH VALUE ''hidden''';
GRANT ALL ON regress_mu.parts, regress_mu.parts_1, regress_mu.refs TO regress_mu_reader;
CREATE MATERIALIZED VIEW regress_mu.people_mv AS SELECT * FROM regress_mu.people;
SECURITY LABEL FOR anon ON COLUMN regress_mu.people_mv.email IS 'MASKED WITH VALUE ''hidden''';
ALTER MATERIALIZED VIEW regress_mu.people_mv OWNER TO regress_mu_owner;

-- the masked reader (who holds every table privilege)
SET ROLE regress_mu_reader;
SELECT * FROM regress_mu.people;					-- masked
TRUNCATE regress_mu.people;							-- fail (write)
TRUNCATE regress_mu.parts;							-- fail (a partition is masked)
TRUNCATE regress_mu.twin CASCADE;					-- fail (cascades to a masked table)
COPY regress_mu.people FROM '/dev/null';					-- fail (write)
COPY regress_mu.parts FROM '/dev/null';					-- fail (a partition is masked)
TRUNCATE regress_mu.refs, regress_mu.twin;			-- fail (one of them is masked)
RESET ROLE;
SELECT count(*) AS rows_kept FROM regress_mu.people;
SELECT count(*) AS rows_kept FROM regress_mu.parts;
SELECT count(*) AS rows_kept FROM regress_mu.refs;

-- the masked owner: no statement that runs code on the raw rows, changes
-- how they are stored or read, or gives them away
SET ROLE regress_mu_owner;
SELECT * FROM regress_mu.people;					-- masked
ALTER TABLE regress_mu.people ADD CONSTRAINT c CHECK (regress_mu.leak(email) IS NOT NULL);	-- fail
ALTER TABLE regress_mu.people ALTER COLUMN email TYPE varchar USING regress_mu.leak(email);	-- fail
ALTER TABLE regress_mu.people ADD COLUMN x text;	-- fail
ALTER TABLE regress_mu.people RENAME COLUMN email TO mail;	-- fail
ALTER TABLE regress_mu.people ENABLE ROW LEVEL SECURITY;	-- fail
ALTER TABLE regress_mu.people OWNER TO regress_mu_friend;	-- fail
CREATE INDEX ON regress_mu.people (regress_mu.leak(email));	-- fail
CREATE POLICY p ON regress_mu.people USING (regress_mu.leak(email) IS NOT NULL);	-- fail
CREATE TRIGGER t BEFORE UPDATE ON regress_mu.people FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();	-- fail
CREATE RULE r AS ON UPDATE TO regress_mu.people DO INSTEAD NOTHING;	-- fail
CREATE STATISTICS s ON id, email FROM regress_mu.people;	-- fail
GRANT SELECT ON regress_mu.people TO regress_mu_friend;	-- fail
GRANT SELECT ON ALL TABLES IN SCHEMA regress_mu TO regress_mu_friend;	-- fail
CLUSTER regress_mu.people USING people_pkey;		-- fail
REINDEX TABLE regress_mu.people;					-- fail
REINDEX INDEX regress_mu.people_pkey;				-- fail
VACUUM FULL regress_mu.people;						-- fail
ANALYZE regress_mu.people;							-- fail
REFRESH MATERIALIZED VIEW regress_mu.people_mv;		-- fail
CREATE PUBLICATION regress_mu_pub FOR TABLE regress_mu.people;	-- fail
CREATE TABLE regress_mu.own_parent (id int, email text) PARTITION BY LIST (regress_mu.leak(email));
ALTER TABLE regress_mu.own_parent ATTACH PARTITION regress_mu.people FOR VALUES IN ('hidden');	-- fail (the key runs on raw rows)
TRUNCATE regress_mu.people;							-- fail
-- positive controls: the same statements on the unlabelled twin run, and
-- those that evaluate code show the raw value
ALTER TABLE regress_mu.twin ADD CONSTRAINT c CHECK (regress_mu.leak(email) IS NOT NULL);	-- OK (saw alice@raw)
CREATE INDEX twin_leak ON regress_mu.twin (regress_mu.leak(email));	-- OK (saw alice@raw)
REINDEX TABLE regress_mu.twin;						-- OK (saw alice@raw)
ANALYZE regress_mu.twin;							-- OK
ALTER TABLE regress_mu.twin DROP CONSTRAINT c;
ALTER TABLE regress_mu.own_parent ATTACH PARTITION regress_mu.twin FOR VALUES IN ('alice@raw');	-- OK (saw alice@raw)
ALTER TABLE regress_mu.own_parent DETACH PARTITION regress_mu.twin;
CREATE POLICY p ON regress_mu.twin USING (true);	-- OK
GRANT SELECT ON regress_mu.twin TO regress_mu_friend;	-- OK
SET client_min_messages = error;	-- (wal_level may warn)
CREATE PUBLICATION regress_mu_pub FOR TABLE regress_mu.twin;	-- OK
RESET client_min_messages;
SELECT count(*) AS published FROM pg_publication_tables WHERE pubname = 'regress_mu_pub';
DROP PUBLICATION regress_mu_pub;
ALTER TABLE regress_mu.twin RENAME COLUMN email TO mail;	-- OK
VACUUM regress_mu.people;							-- OK (plain VACUUM runs no code on the rows)
COMMENT ON TABLE regress_mu.people IS 'people';		-- OK
RESET ROLE;
-- nothing was changed on the masked table
SELECT count(*) AS constraints FROM pg_constraint WHERE conrelid = 'regress_mu.people'::regclass AND contype = 'c';
SELECT count(*) AS indexes FROM pg_index WHERE indrelid = 'regress_mu.people'::regclass;
SELECT has_table_privilege('regress_mu_friend', 'regress_mu.people', 'SELECT') AS friend_can_read;
-- an unmasked owner may do all of it
ALTER TABLE regress_mu.people OWNER TO regress_mu_friend;
SET ROLE regress_mu_friend;
TRUNCATE regress_mu.people;							-- OK
RESET ROLE;

-- a DIFFERENTIAL PRIVACY role is held to the same on labelled tables
CREATE ROLE regress_mu_dp LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_mu_dp IS 'DIFFERENTIAL PRIVACY';
CREATE TABLE regress_mu.dp_people (id int, salary int);
SECURITY LABEL FOR anon ON COLUMN regress_mu.dp_people.salary IS 'QUASI-IDENTIFIER';
CREATE TABLE regress_mu.dp_twin (id int, salary int);
INSERT INTO regress_mu.dp_people VALUES (1, 5000);
INSERT INTO regress_mu.dp_twin VALUES (1, 5000);
ALTER TABLE regress_mu.dp_people OWNER TO regress_mu_dp;
ALTER TABLE regress_mu.dp_twin OWNER TO regress_mu_dp;
SET ROLE regress_mu_dp;
ALTER TABLE regress_mu.dp_people ADD CONSTRAINT c CHECK (regress_mu.leak(salary::text) IS NOT NULL);	-- fail
TRUNCATE regress_mu.dp_people;						-- fail
ALTER TABLE regress_mu.dp_twin ADD CONSTRAINT c CHECK (regress_mu.leak(salary::text) IS NOT NULL);	-- OK (saw 5000)
RESET ROLE;

-- A foreign key from a masked role's own table to a masked table: the
-- referencing column takes the referenced key's mask, so with NOT VALID
-- the role would have values of its choosing masked by the rule (a keyed
-- rule's oracle).  Control: created by the superuser, the role's own value
-- does come back through the referenced column's mask.
CREATE TABLE regress_mu.keyed (code text PRIMARY KEY);
INSERT INTO regress_mu.keyed VALUES ('RAW-1');
SECURITY LABEL FOR anon ON COLUMN regress_mu.keyed.code IS 'MASKED WITH FUNCTION pg_catalog.md5(code)';
CREATE TABLE regress_mu.open (code text PRIMARY KEY);
GRANT SELECT, REFERENCES ON regress_mu.keyed, regress_mu.open TO regress_mu_reader;
GRANT CREATE ON SCHEMA regress_mu TO regress_mu_reader;
SET ROLE regress_mu_reader;
CREATE TABLE regress_mu.mine (guess text);
INSERT INTO regress_mu.mine VALUES ('my guess');
ALTER TABLE regress_mu.mine ADD FOREIGN KEY (guess) REFERENCES regress_mu.keyed NOT VALID;	-- fail
ALTER TABLE regress_mu.mine ADD COLUMN g2 text REFERENCES regress_mu.keyed;	-- fail
CREATE TABLE regress_mu.mine2 (guess text REFERENCES regress_mu.keyed);	-- fail
CREATE TABLE regress_mu.mine3 (guess text, FOREIGN KEY (guess) REFERENCES regress_mu.keyed);	-- fail
CREATE TABLE regress_mu.mine4 (guess text REFERENCES regress_mu.open);	-- OK: an unlabelled table
RESET ROLE;
ALTER TABLE regress_mu.mine ADD FOREIGN KEY (guess) REFERENCES regress_mu.keyed NOT VALID;
SET ROLE regress_mu_reader;
SELECT guess = pg_catalog.md5('my guess') AS masked_by_the_referenced_rule FROM regress_mu.mine;
RESET ROLE;

DROP SCHEMA regress_mu CASCADE;
DO $$ BEGIN EXECUTE format('REVOKE CREATE ON DATABASE %I FROM regress_mu_owner', current_database()); END $$;
DROP ROLE regress_mu_owner, regress_mu_reader, regress_mu_friend, regress_mu_dp;
