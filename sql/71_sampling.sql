-- Sampling: a TABLESAMPLE label makes masked roles (and their dumps) see
-- a random sample of the table: data minimisation (GDPR art. 5(1)(c)).
CREATE ROLE regress_sampled LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_sampled IS 'MASKED';
CREATE TABLE event (id int PRIMARY KEY, payload text);
INSERT INTO event SELECT i, 'e' || i FROM generate_series(1, 10000) i;
CREATE TABLE other (id int);
INSERT INTO other SELECT generate_series(1, 1000);
GRANT SELECT ON event, other TO regress_sampled;

-- the label matrix
SECURITY LABEL FOR anon ON TABLE event IS 'TABLESAMPLE BERNOULLI (10)';	-- OK
SECURITY LABEL FOR anon ON TABLE event IS 'tablesample system(20) repeatable(7)';	-- OK
SECURITY LABEL FOR anon ON TABLE event IS 'TABLESAMPLE BERNOULLI (10); DROP TABLE event';	-- fail (two statements)
SECURITY LABEL FOR anon ON TABLE event IS 'TABLESAMPLE BERNOULLI (10) WHERE id > 5';	-- fail (not only a sample)
SECURITY LABEL FOR anon ON TABLE event IS 'TABLESAMPLE NOSUCH (10)';	-- fail (unknown method)
SECURITY LABEL FOR anon ON TABLE event IS 'TABLESAMPLE BERNOULLI (random())';	-- fail (not a constant)
SECURITY LABEL FOR anon ON TABLE event IS 'TABLESAMPLE BERNOULLI (10) REPEATABLE (random())';	-- fail (not a constant)
SECURITY LABEL FOR anon ON TABLE event IS 'TABLESAMPLE BERNOULLI';	-- fail (no argument)
SECURITY LABEL FOR anon ON TABLE event IS 'TABLESAMPLE BERNOULLI (10)';	-- OK
SECURITY LABEL FOR anon ON DATABASE contrib_regression IS 'TRUSTED';	-- fail (not a database label)
SELECT relid, label FROM pg_seclabels s JOIN (SELECT 'event'::regclass AS relid) r ON s.objoid = r.relid
WHERE s.provider = 'anon' AND s.objsubid = 0;

-- the owner reads every row; the masked role about 10%: 1000 expected,
-- standard deviation 30, so [850, 1150] fails by chance with p < 1e-6
SELECT count(*) FROM event;
SET ROLE regress_sampled;
SELECT count(*) BETWEEN 850 AND 1150 AS about_ten_percent FROM event;
-- two reads return the same sample: without REPEATABLE the seed is fixed
-- per table by a server secret for masked readers, so that repeated reads
-- gather no more rows (sql/24_attacks_s7.sql)
CREATE TEMP TABLE s1 AS SELECT id FROM event;
CREATE TEMP TABLE s2 AS SELECT id FROM event;
SELECT count(*) = (SELECT count(*) FROM s1) AND count(*) = (SELECT count(*) FROM s2) AS same_sample
FROM s1 JOIN s2 USING (id);
-- the sample holds real rows, unmasked unless a rule says otherwise
SELECT count(*) = 0 AS all_rows_real FROM s1 LEFT JOIN (SELECT generate_series(1, 10000) id) g USING (id) WHERE g.id IS NULL;
-- a masked role cannot choose its own sample
SELECT count(*) FROM event TABLESAMPLE BERNOULLI (100);	-- fail
RESET ROLE;

-- REPEATABLE gives the same sample every time
SECURITY LABEL FOR anon ON TABLE event IS 'TABLESAMPLE BERNOULLI (10) REPEATABLE (42)';
SET ROLE regress_sampled;
DROP TABLE s1, s2;
CREATE TEMP TABLE s1 AS SELECT id FROM event;
CREATE TEMP TABLE s2 AS SELECT id FROM event;
SELECT (SELECT count(*) FROM s1) = (SELECT count(*) FROM s1 JOIN s2 USING (id)) AS same_sample;
RESET ROLE;

-- a database-wide default covers every table without its own label
SELECT count(*) FROM other;
SECURITY LABEL FOR anon ON DATABASE contrib_regression IS 'TABLESAMPLE SYSTEM (50) REPEATABLE (1)';
SET ROLE regress_sampled;
SELECT count(*) < 1000 AS sampled FROM other;
RESET ROLE;
SECURITY LABEL FOR anon ON DATABASE contrib_regression IS NULL;
SET ROLE regress_sampled;
SELECT count(*) FROM other;
RESET ROLE;

SECURITY LABEL FOR anon ON TABLE event IS NULL;
DROP TABLE event, other;
DROP OWNED BY regress_sampled;
DROP ROLE regress_sampled;
