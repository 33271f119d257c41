-- Automatic generalization: results worked out by hand in the comments.
\set VERBOSITY terse
CREATE TABLE people (id serial, age int, zip text, sex text, disease text);
INSERT INTO people (age, zip, sex, disease) VALUES
 (23, '75012', 'F', 'flu'), (27, '75013', 'F', 'flu'), (21, '75014', 'F', 'hiv'), (25, '75011', 'F', 'flu'),
 (34, '69001', 'M', 'flu'), (36, '69002', 'M', 'cancer'), (38, '69003', 'M', 'flu'), (31, '69004', 'M', 'flu');
SECURITY LABEL FOR anon ON COLUMN people.age IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN people.zip IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN people.sex IS 'QUASI-IDENTIFIER';
-- hierarchies: age 0 raw, 1 decades, 2 twenties, 3 NULL (h 3); zip 0 raw,
-- 1 '750**', 2 NULL (h 2); sex 0 raw, 1 NULL (h 1).  For k = 4, (1, 1, 0)
-- gives two classes of 4 ([20,30) 750** F and [30,40) 690** M), loss
-- (1/3 + 1/2 + 0) / 3 = 0.277778, discernibility 4^2 + 4^2 = 32; every node
-- with a lower loss keeps raw ages or raw zips (all unique) or is (0,x,x).
SELECT attname, level, max_level, expression, rule, k_achieved, suppressed,
       round(loss::numeric, 6) AS loss, discernibility, nodes_checked BETWEEN 1 AND 24 AS pruned
FROM anon.generalize_to_k('people', 4, hierarchies => '{"age": [10, 20], "zip": "prefix:3", "sex": "suppress"}');
-- k = 1: nothing to generalize
SELECT attname, level, rule, k_achieved, loss FROM anon.generalize_to_k('people', 1);

-- an outlier: (90, 13001, F).  Without suppression both age and zip must go
-- to NULL: (3, 2, 0), classes F x5 and M x4, loss 2/3.
INSERT INTO people (age, zip, sex, disease) VALUES (90, '13001', 'F', 'flu');
SELECT attname, level, k_achieved, suppressed, round(loss::numeric, 6) AS loss
FROM anon.generalize_to_k('people', 4, hierarchies => '{"age": [10, 20], "zip": "prefix:3", "sex": "suppress"}');
-- suppressing 1 record in 9 (limit 0.12 * 9 = 1.08): (1, 1, 0) again, the
-- outlier suppressed: loss (8 (1/3 + 1/2) + 1 * 3) / 27 = 0.358025,
-- discernibility 16 + 16 + 1 * 9 = 41
SELECT attname, level, k_achieved, suppressed, round(loss::numeric, 6) AS loss, discernibility
FROM anon.generalize_to_k('people', 4, 0.12, '{"age": [10, 20], "zip": "prefix:3", "sex": "suppress"}');

-- a user-defined hierarchy for the zip code: zip -> city -> country
INSERT INTO anon.hierarchy
SELECT 'zipgeo', 1, z, CASE WHEN z LIKE '75%' THEN 'Paris' WHEN z LIKE '69%' THEN 'Lyon' ELSE 'Marseille' END
FROM (SELECT DISTINCT zip FROM people) p(z)
UNION ALL
SELECT 'zipgeo', 2, z, 'France' FROM (SELECT DISTINCT zip FROM people) p(z);
-- k = 4 with 1 suppression: age decades, zip to the city, sex kept
SELECT attname, level, rule, k_achieved, suppressed
FROM anon.generalize_to_k('people', 4, 0.12, '{"age": [10, 20], "zip": "hierarchy:zipgeo", "sex": "suppress"}');

-- property: once the rules are applied, k_anonymity() is at least k.  A
-- larger table with default hierarchies (ints by 5..100, dates by month ..
-- century, text by prefix).
CREATE TABLE crowd AS
SELECT i AS id, 18 + (i * 7919) % 70 AS age,
       date '1960-01-01' + (i * 104729) % 10000 AS birth,
       '750' || lpad(((i * 31337) % 40)::text, 2, '0') AS zip
FROM generate_series(1, 3000) i;
SECURITY LABEL FOR anon ON COLUMN crowd.age IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN crowd.birth IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN crowd.zip IS 'QUASI-IDENTIFIER';
SELECT anon.k_anonymity('crowd') AS k_before;   -- every birth date is unique: 1
CREATE TABLE crowd_rules AS SELECT * FROM anon.generalize_to_k('crowd', 10);
SELECT attname, level, max_level, rule FROM crowd_rules ORDER BY attname;
-- optimality, by brute force over all 7 * 6 * 6 = 252 nodes of the same
-- hierarchies: the lowest loss of a 10-anonymous node is the one returned
CREATE FUNCTION pg_temp.brute_force_loss() RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
  age_e text[] := ARRAY['age', 'lower(anon.generalize_int4range(age, 5))', 'lower(anon.generalize_int4range(age, 10))',
                        'lower(anon.generalize_int4range(age, 20))', 'lower(anon.generalize_int4range(age, 50))',
                        'lower(anon.generalize_int4range(age, 100))', 'NULL::int'];
  birth_e text[] := ARRAY['birth', 'lower(anon.generalize_daterange(birth, ''month''))', 'lower(anon.generalize_daterange(birth, ''year''))',
                          'lower(anon.generalize_daterange(birth, ''decade''))', 'lower(anon.generalize_daterange(birth, ''century''))', 'NULL::date'];
  zip_e text[] := ARRAY['zip', 'anon.generalize_prefix(zip, 4)', 'anon.generalize_prefix(zip, 3)',
                        'anon.generalize_prefix(zip, 2)', 'anon.generalize_prefix(zip, 1)', 'NULL::text'];
  best double precision := 1;
  k bigint;
BEGIN
  FOR a IN 0..6 LOOP FOR b IN 0..5 LOOP FOR z IN 0..5 LOOP
    IF (a / 6.0 + b / 5.0 + z / 5.0) / 3 < best THEN
      EXECUTE format('SELECT min(c) FROM (SELECT count(*) c FROM crowd GROUP BY %s, %s, %s) s',
                     age_e[a + 1], birth_e[b + 1], zip_e[z + 1]) INTO k;
      IF k >= 10 THEN best := (a / 6.0 + b / 5.0 + z / 5.0) / 3; END IF;
    END IF;
  END LOOP; END LOOP; END LOOP;
  RETURN best;
END $$;
SELECT abs(pg_temp.brute_force_loss() - (SELECT min(loss) FROM crowd_rules)) < 1e-12 AS optimal;
SELECT format('UPDATE crowd SET %s', string_agg(format('%I = %s', attname, expression), ', '))
FROM crowd_rules WHERE level > 0 \gexec
SELECT anon.k_anonymity('crowd') >= 10 AS k_reached,
       anon.k_anonymity('crowd') = (SELECT min(k_achieved) FROM crowd_rules) AS k_as_reported;
-- the rules are valid masking labels of the columns
SELECT format('SECURITY LABEL FOR anon ON COLUMN crowd.%I IS %L', attname, rule)
FROM crowd_rules WHERE level > 0 \gexec
SELECT count(*) > 0 AND bool_and(valid) AS rules_valid FROM anon.masking_rules WHERE relid = 'crowd'::regclass;

-- errors
SELECT * FROM anon.generalize_to_k('people', 0);                     -- fail: k < 1
SELECT * FROM anon.generalize_to_k('people', NULL);                  -- fail
SELECT * FROM anon.generalize_to_k('people', 2, 1.0);                -- fail: suppression
SELECT * FROM anon.generalize_to_k('people', 2, -0.1);               -- fail: suppression
SELECT * FROM anon.generalize_to_k('people', 2, 0, '{"nope": "prefix"}');     -- fail: not a QI
SELECT * FROM anon.generalize_to_k('people', 2, 0, '{"zip": "sideways"}');    -- fail: bad spec
SELECT * FROM anon.generalize_to_k('people', 2, 0, '{"zip": 5}');             -- fail: bad spec
SELECT * FROM anon.generalize_to_k('people', 2, 0, '{"zip": [5, 10]}');       -- fail: steps on text
SELECT * FROM anon.generalize_to_k('people', 2, 0, '{"age": "prefix"}');      -- fail: prefix on int
SELECT * FROM anon.generalize_to_k('people', 2, 0, '{"age": []}');            -- fail: no level
SELECT * FROM anon.generalize_to_k('people', 2, 0, '{"age": [0]}');           -- fail: bad step
SELECT * FROM anon.generalize_to_k('people', 2, 0, '{"zip": "hierarchy:none"}');  -- fail: unknown hierarchy
SELECT * FROM anon.generalize_to_k('people', 2, 0, '{}', '{disease,nope}');   -- fail: unknown column
SELECT * FROM anon.generalize_to_k('people', 100);                   -- fail: 9 records cannot be 100-anonymous
CREATE TABLE nothing (a int);
SELECT * FROM anon.generalize_to_k('nothing', 2);                    -- fail: no quasi-identifier
SELECT * FROM anon.generalize_to_k('nothing', 2, 0, '{}', '{a}');    -- fail: no rows
SELECT * FROM anon.generalize_to_k('people_id_seq', 2);              -- fail: not a table
-- a lattice too large: 7 int columns of levels 0..6: 7^7 nodes
CREATE TABLE wide (a int, b int, c int, d int, e int, f int, g int);
SELECT * FROM anon.generalize_to_k('wide', 2, 0, '{}', '{a,b,c,d,e,f,g}');   -- fail: too many nodes
DROP TABLE people, crowd, crowd_rules, nothing, wide;
DELETE FROM anon.hierarchy;
