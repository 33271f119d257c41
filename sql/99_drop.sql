-- Dropping the extension removes everything it created.
\set VERBOSITY terse
DROP EXTENSION anon CASCADE;
SELECT count(*) AS leftover_functions FROM pg_proc WHERE pronamespace = 'anon'::regnamespace;
SELECT count(*) AS leftover_relations FROM pg_class WHERE relnamespace = 'anon'::regnamespace;
-- and it installs again
CREATE EXTENSION anon;
DROP EXTENSION anon CASCADE;
