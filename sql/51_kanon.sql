-- k-anonymity, l-diversity and t-closeness on small tables computed by hand.
\set VERBOSITY terse
CREATE SCHEMA "Kanon test";
SET search_path = "Kanon test", public;

-- The 4-anonymous inpatient table of Machanavajjhala et al. (l-diversity,
-- ICDE 2006, table 4): three classes of four; the third class all has
-- cancer (the homogeneity attack), so distinct l = 1 and entropy l = 1.
CREATE TABLE patients (id int, zip text, age text, nationality text, condition text);
INSERT INTO patients VALUES
 (1, '130**', '<30', '*', 'Heart Disease'), (2, '130**', '<30', '*', 'Heart Disease'),
 (3, '130**', '<30', '*', 'Viral Infection'), (4, '130**', '<30', '*', 'Viral Infection'),
 (5, '1485*', '>=40', '*', 'Cancer'), (6, '1485*', '>=40', '*', 'Heart Disease'),
 (7, '1485*', '>=40', '*', 'Viral Infection'), (8, '1485*', '>=40', '*', 'Viral Infection'),
 (9, '130**', '3*', '*', 'Cancer'), (10, '130**', '3*', '*', 'Cancer'),
 (11, '130**', '3*', '*', 'Cancer'), (12, '130**', '3*', '*', 'Cancer');
SECURITY LABEL FOR anon ON COLUMN patients.zip IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN patients.age IS 'QUASI-IDENTIFIER';
-- PostgreSQL Anonymizer's spelling counts too
SECURITY LABEL FOR k_anonymity ON COLUMN patients.nationality IS 'INDIRECT IDENTIFIER';
SELECT attname FROM anon.quasi_identifiers WHERE relid = 'patients'::regclass ORDER BY attnum;
SELECT anon.k_anonymity('patients') AS k;                          -- 4
SELECT anon.k_anonymity('patients', '{zip}') AS k_zip;             -- 130** x8, 1485* x4: 4
SELECT anon.k_anonymity('patients', '{zip,condition}') AS k_zc;    -- (1485*, Cancer) x1: 1
SELECT distinct_l, entropy_l FROM anon.l_diversity('patients', 'condition');  -- 1, 1
-- by zip only: 130** has 2 HD, 2 VI, 4 C (3 values, entropy 1.5 ln 2, l = 2^1.5);
-- 1485* has 1 C, 1 HD, 2 VI (3 values, same entropy): distinct 3, entropy 2.828427
SELECT distinct_l, round(entropy_l::numeric, 6) AS entropy_l
FROM anon.l_diversity('patients', 'condition', '{zip}');
-- the same through a query (a masked view would be measured this way)
SELECT anon.k_anonymity_query('SELECT zip, age FROM patients WHERE id > 4', '{zip,age}') AS k_q;  -- 4
SELECT distinct_l FROM anon.l_diversity_query('SELECT * FROM patients', 'condition', '{zip,age}');  -- 1

-- entropy by hand: class A = flu, flu, cancer, hiv: H = 1.5 ln 2, l = 2.828427;
-- class B = flu, cancer x3: H = 1/4 ln 4 + 3/4 ln 4/3, l = 4 / 3^(3/4) = 1.754765
-- t-closeness (categorical, equal distance): overall flu 3/8, cancer 4/8,
-- hiv 1/8; A: 1/2 (|1/2-3/8| + |1/4-1/2| + |1/4-1/8|) = 1/4; B: 1/2 (1/8 + 1/4 + 1/8) = 1/4
CREATE TABLE visits (grp text, disease text);
INSERT INTO visits VALUES ('A', 'flu'), ('A', 'flu'), ('A', 'cancer'), ('A', 'hiv'),
                          ('B', 'flu'), ('B', 'cancer'), ('B', 'cancer'), ('B', 'cancer');
SELECT distinct_l, round(entropy_l::numeric, 6) AS entropy_l
FROM anon.l_diversity('visits', 'disease', '{grp}');   -- 2, 1.754765
SELECT round(anon.t_closeness('visits', 'disease', '{grp}')::numeric, 6) AS t;   -- 0.25

-- The salary example of Li, Li & Venkatasubramanian (t-closeness, ICDE 2007):
-- salaries 3k..11k, one of each.  Ordered distance, m = 9:
--  {3k,4k,5k}: cumulated p-q = 2,4,6,5,4,3,2,1,0 ninths, sum 27/9, /8 = 0.375
--  {6k,8k,11k}: |..| = 1,2,3,1,2,0,1,2,0 ninths, sum 12/9, /8 = 0.166667
--  {7k,9k,10k}: |..| = 1,2,3,4,2,3,1,1,0 ninths, sum 17/9, /8 = 0.236111
CREATE TABLE salaries (grp int, salary int);
INSERT INTO salaries VALUES (1, 3000), (1, 4000), (1, 5000), (2, 6000), (2, 8000), (2, 11000),
                            (3, 7000), (3, 9000), (3, 10000);
SELECT round(anon.t_closeness('salaries', 'salary', '{grp}')::numeric, 6) AS t;  -- 0.375
-- a query: values 6k,7k,8k,9k,10k,11k,99k (m = 7) in classes {99k}, {6k,8k,11k},
-- {7k,9k,10k}; {99k}: cumulated -1,-2,-3,-4,-5,-6 sevenths, 0: 21/7 / 6 = 0.5
SELECT round(anon.t_closeness_query('SELECT * FROM salaries WHERE grp <> 1 UNION ALL SELECT 1, 99000',
                                    'salary', '{grp}')::numeric, 6) AS t_q;
-- categorical distance between {3,4,5} and uniform over 9: 1/2 (3 * 2/9 + 6 * 1/9) = 2/3
SELECT round(anon.t_closeness('salaries', 'salary', '{grp}', ordered => false)::numeric, 6) AS t_cat;
-- one class: the table's own distribution, distance 0
SELECT anon.t_closeness('salaries', 'salary', ARRAY['grp'], true) > 0 AS t_positive,
       anon.t_closeness_query('SELECT 1 AS g, salary FROM salaries', 'salary', '{g}') AS t_one_class;

-- NULLs: a NULL quasi-identifier is a value like another (NULLs form one class)
CREATE TABLE nullish (a int, b int, s text);
INSERT INTO nullish VALUES (NULL, 1, 'x'), (NULL, 1, 'y'), (NULL, NULL, 'x'), (NULL, NULL, 'x'), (1, 1, 'x'), (1, 1, 'y');
SELECT anon.k_anonymity('nullish', '{a,b}') AS k_null;   -- 2 (each class has 2)
SELECT distinct_l FROM anon.l_diversity('nullish', 's', '{a,b}');   -- (NULL,NULL) only x: 1

-- empty tables: no class, no measure
CREATE TABLE empty (a int, s int);
SELECT anon.k_anonymity('empty', '{a}') IS NULL AS k_empty;
SELECT distinct_l IS NULL AND entropy_l IS NULL AS l_empty FROM anon.l_diversity('empty', 's', '{a}');
SELECT anon.t_closeness('empty', 's', '{a}') IS NULL AS t_empty;
SELECT anon.k_anonymity(NULL) IS NULL AS k_null_relation;

-- the measures read as the caller
CREATE ROLE regress_kanon_reader;
GRANT USAGE ON SCHEMA "Kanon test" TO regress_kanon_reader;
SET ROLE regress_kanon_reader;
SELECT anon.k_anonymity('patients');   -- fail: permission denied
RESET ROLE;

-- a masked role measures what it reads: the masked (generalized) values.
-- Ages 20..39 raw: k 1; by decades: [20,30) x10, [30,40) x10, k 10
CREATE TABLE ages (id int, age int);
INSERT INTO ages SELECT i, 20 + i FROM generate_series(0, 19) i;
SECURITY LABEL FOR k_anonymity ON COLUMN ages.age IS 'INDIRECT IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN ages.age IS 'MASKED WITH FUNCTION lower(anon.generalize_int4range(age, 10))';
CREATE ROLE regress_kanon_masked;
SECURITY LABEL FOR anon ON ROLE regress_kanon_masked IS 'MASKED';
GRANT USAGE ON SCHEMA "Kanon test" TO regress_kanon_masked;
GRANT SELECT ON ages TO regress_kanon_masked;
SELECT anon.k_anonymity('ages') AS k_raw;
SET ROLE regress_kanon_masked;
SELECT anon.k_anonymity('ages') AS k_masked;
SELECT anon.k_anonymity_query('SELECT age FROM ages', '{age}') AS k_masked_query;
RESET ROLE;

-- errors
SELECT anon.k_anonymity('empty') IS NULL AS no_quasi;   -- WARNING and NULL, as in PostgreSQL Anonymizer
SELECT anon.k_anonymity('patients', '{zip,nope}');      -- fail: unknown column
SELECT anon.k_anonymity('patients', '{}');              -- fail: empty list
SELECT anon.k_anonymity('patients', '{zip,NULL}');      -- fail: NULL column
SELECT anon.k_anonymity('patients', '{zip,zip}');       -- fail: twice
CREATE SEQUENCE seq;
SELECT anon.k_anonymity('seq', '{last_value}');         -- fail: not a table
SELECT anon.l_diversity('patients', 'nope');            -- fail: unknown sensitive column
SELECT anon.l_diversity('patients', 'zip');             -- fail: sensitive is a quasi-identifier
SELECT anon.t_closeness('salaries', 'salary', '{salary}');  -- fail: same
SELECT anon.k_anonymity_query('DELETE FROM patients', '{zip}');                -- fail: not a SELECT
SELECT anon.k_anonymity_query('SELECT 1 AS a; SELECT 2 AS a', '{a}');          -- fail: two statements
SELECT anon.k_anonymity_query('SELECT zip INTO stolen FROM patients', '{zip}'); -- fail: INTO
-- a data-modifying WITH is a SELECT to the parser; the read-only run refuses it
SELECT anon.k_anonymity_query('WITH d AS (DELETE FROM patients RETURNING zip) SELECT zip FROM d', '{zip}');  -- fail
SELECT anon.k_anonymity_query('SELECT zip FROM patients FOR UPDATE', '{zip}');  -- fail: locks
SELECT anon.k_anonymity_query('SELECT zip FROM patients', '{age}');           -- fail: no such column
SELECT anon.k_anonymity_query('SELECT zip FROM patients --', '{zip}') AS k_comment;  -- a comment does not eat the wrapper: 4
SELECT count(*) FROM patients;   -- untouched

RESET search_path;
DROP SCHEMA "Kanon test" CASCADE;
DROP ROLE regress_kanon_reader, regress_kanon_masked;
