-- anon--1.0--1.1.sql is built from sqlsrc/upgrade/1.0--1.1/*.sql in name
-- order (see Makefile): one fragment per concern, each holding what its
-- module added to or changed in the fresh install (sqlsrc/) since 1.0.
-- test/t/002_upgrade.pl checks that 1.0 upgraded by this script and a
-- fresh 1.1 install have the same catalog.

\echo Use "ALTER EXTENSION anon UPDATE TO '1.1'" to load this file. \quit
