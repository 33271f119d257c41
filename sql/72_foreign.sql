-- Foreign data: rules on a foreign table apply like rules on a table, so a
-- masked role reading a CSV file through file_fdw sees masked values.
CREATE EXTENSION file_fdw;
CREATE SERVER regress_files FOREIGN DATA WRAPPER file_fdw;
CREATE ROLE regress_fdw_reader LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_fdw_reader IS 'MASKED';
-- a CSV file in the data directory, written by the server
SELECT current_setting('data_directory') || '/anon_regress_people.csv' AS csvfile \gset
COPY (SELECT i AS id, 'person' || i || '@RAW.example' AS email, 'RAW' || i AS phone
      FROM generate_series(1, 5) i) TO :'csvfile' WITH (FORMAT csv);
CREATE FOREIGN TABLE people_csv (id int, email text, phone text)
  SERVER regress_files OPTIONS (filename :'csvfile', format 'csv');
SECURITY LABEL FOR anon ON COLUMN people_csv.email IS 'MASKED WITH FUNCTION ''user'' || id || ''@example.org''';	-- OK
SECURITY LABEL FOR anon ON COLUMN people_csv.phone IS 'MASKED WITH VALUE NULL';	-- OK
SECURITY LABEL FOR anon ON TABLE people_csv IS 'TABLESAMPLE BERNOULLI (50)';	-- fail (file_fdw cannot sample)
GRANT SELECT ON people_csv TO regress_fdw_reader;
SELECT attname, kind, expression, valid FROM anon.masking_rules WHERE relid = 'people_csv'::regclass ORDER BY attnum;
SELECT * FROM people_csv ORDER BY id;
SET ROLE regress_fdw_reader;
SELECT * FROM people_csv ORDER BY id;
SELECT count(*) FROM people_csv WHERE email LIKE '%RAW%' OR phone LIKE '%RAW%';
COPY people_csv TO STDOUT;
RESET ROLE;
-- views over foreign tables are masked too
CREATE VIEW people_csv_v AS SELECT id, email FROM people_csv WHERE id < 3;
GRANT SELECT ON people_csv_v TO regress_fdw_reader;
SET ROLE regress_fdw_reader;
SELECT * FROM people_csv_v ORDER BY id;
RESET ROLE;

DROP VIEW people_csv_v;
DROP FOREIGN TABLE people_csv;
DROP SERVER regress_files;
DROP EXTENSION file_fdw;
DROP ROLE regress_fdw_reader;
