-- Re-identification risk report on a small table computed by hand.
\set VERBOSITY terse
-- classes of (a, b): (1,1) x4, (2,1) x3, (3,2) x2, (4,2) x1; n = 10
CREATE TABLE risky (id serial, a int, b int, s text);
INSERT INTO risky (a, b, s)
SELECT a, b, 'x' FROM (VALUES (1, 1, 4), (2, 1, 3), (3, 2, 2), (4, 2, 1)) v(a, b, n),
       generate_series(1, n);
SECURITY LABEL FOR anon ON COLUMN risky.a IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN risky.b IS 'QUASI-IDENTIFIER';
-- records 10, classes 4, k 1, prosecutor max 1/1 = 1, average 4/10 = 0.4;
-- threshold 0.2: 1/f > 0.2 for every f <= 4: all 10 records at risk;
-- without a population, journalist = prosecutor max, marketer = classes/n;
-- smallest classes (4,2) 1, (3,2) 2, (2,1) 3, (1,1) 4;
-- without a: b=1 x7, b=2 x3: k 3, 2 classes (0.2); without b: a has 4
-- classes of 4,3,2,1: k 1 (0.4); a is the most identifying: (4-2)/10 = 0.2
SELECT measure, round(value::numeric, 6) AS value, detail FROM anon.risk('risky');
-- threshold 0.4: 1/f > 0.4 for f = 1, 2: 3 records, 0.3
SELECT round(value::numeric, 6) FROM anon.risk('risky', 0.4) WHERE measure = 'records_at_risk';
-- threshold 1: nobody is above certainty
SELECT value FROM anon.risk('risky', 1) WHERE measure = 'records_at_risk';
-- one column: the report still gives its contribution (all records in one class)
SELECT measure, value, detail FROM anon.risk('risky', 0.2, '{b}')
WHERE measure IN ('k', 'k_without_column', 'most_identifying_column');

-- a population holding the sample: F = 8, 3, 4, 2;
-- journalist max 1/min(F) = 0.5; marketer (4/8 + 3/3 + 2/4 + 1/2) / 10 = 0.25
CREATE TABLE population (a int, b int);
INSERT INTO population
SELECT a, b FROM (VALUES (1, 1, 8), (2, 1, 3), (3, 2, 4), (4, 2, 2)) v(a, b, n), generate_series(1, n);
SELECT measure, round(value::numeric, 6) AS value FROM anon.risk('risky', population => 'population')
WHERE measure IN ('journalist_max_risk', 'marketer_risk');
-- a population missing a class: it counts as F = f (class (4,2): 1/1);
-- marketer (4/8 + 3/3 + 2/4 + 1/1) / 10 = 0.3
DELETE FROM population WHERE a = 4;
SELECT measure, round(value::numeric, 6) AS value FROM anon.risk('risky', population => 'population')
WHERE measure IN ('journalist_max_risk', 'marketer_risk');

-- empty table: only the record count
CREATE TABLE nobody (a int);
SELECT * FROM anon.risk('nobody', 0.2, '{a}');

-- errors
SELECT * FROM anon.risk(NULL);                                 -- fail
SELECT * FROM anon.risk('risky', 1.5);                         -- fail: threshold
SELECT * FROM anon.risk('risky', 'NaN');                       -- fail: threshold
SELECT * FROM anon.risk('nobody');                             -- fail: no quasi-identifier
SELECT * FROM anon.risk('risky', 0.2, '{a,c}');                -- fail: unknown column
SELECT * FROM anon.risk('risky', 0.2, NULL, 'nobody');         -- fail: population lacks b
SELECT * FROM anon.risk('risky_id_seq');                       -- fail: not a table
DROP TABLE risky, population, nobody;
