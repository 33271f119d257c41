-- An analyst's attacks on the DIFFERENTIAL PRIVACY guard (src/dp_guard.c).
-- regress_dpa is labelled DIFFERENTIAL PRIVACY and has no budget: it must
-- learn nothing about any row.  Every probe is run first by regress_dpa_ctl,
-- an unlabelled role with the same grants and no budget (not limited): that
-- run shows the probe does reach the raw value (the positive control).
\set VERBOSITY terse
CREATE TABLE dpa_people (id int PRIMARY KEY, name text, city text, salary int);
INSERT INTO dpa_people
SELECT g, 'person ' || g, 'city ' || (g % 10), (g * 37) % 700 FROM generate_series(1, 1000) g;
INSERT INTO dpa_people VALUES (1001, 'the only one', 'Rareville', 777);
SECURITY LABEL FOR anon ON COLUMN dpa_people.name IS 'MASKED WITH VALUE NULL';
CREATE SEQUENCE dpa_seq;
-- partitions and inheritance children of labelled tables, and a parent
-- whose labelled column is on a child only
CREATE TABLE dpa_part (id int, salary int) PARTITION BY RANGE (id);
CREATE TABLE dpa_part_1 PARTITION OF dpa_part FOR VALUES FROM (0) TO (1000);
CREATE TABLE dpa_part_2 PARTITION OF dpa_part FOR VALUES FROM (1000) TO (2000);
INSERT INTO dpa_part SELECT id, salary FROM dpa_people;
SECURITY LABEL FOR anon ON COLUMN dpa_part.salary IS 'MASKED WITH VALUE 0';
VACUUM ANALYZE dpa_part_2;
CREATE TABLE dpa_inh (id int, salary int);
CREATE TABLE dpa_inh_child () INHERITS (dpa_inh);
INSERT INTO dpa_inh_child SELECT id, salary FROM dpa_people;
SECURITY LABEL FOR anon ON COLUMN dpa_inh.salary IS 'MASKED WITH VALUE 0';
CREATE TABLE dpa_up (id int, salary int);
CREATE TABLE dpa_up_child () INHERITS (dpa_up);
INSERT INTO dpa_up_child SELECT id, salary FROM dpa_people;
SECURITY LABEL FOR anon ON COLUMN dpa_up_child.salary IS 'MASKED WITH VALUE 0';
-- an unlabelled copy: the guard leaves other tables alone
CREATE TABLE dpa_plain AS SELECT id, salary FROM dpa_people;
-- an inlinable SQL function returning the table's rows
CREATE FUNCTION dpa_rows() RETURNS SETOF dpa_people LANGUAGE sql STABLE
AS 'SELECT * FROM dpa_people';
CREATE FUNCTION dpa_id(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1';
CREATE VIEW dpa_view WITH (security_barrier) AS SELECT * FROM dpa_people WHERE city = 'Rareville';
CREATE ROLE regress_dpa;
CREATE ROLE regress_dpa_ctl;
CREATE ROLE regress_dpa_group;
CREATE ROLE regress_dpa_member;
SECURITY LABEL FOR anon ON ROLE regress_dpa IS 'DIFFERENTIAL PRIVACY';
GRANT regress_dpa_group TO regress_dpa;
GRANT regress_dpa TO regress_dpa_member;
GRANT SELECT ON dpa_people, dpa_part, dpa_part_1, dpa_part_2, dpa_inh, dpa_inh_child,
      dpa_up, dpa_up_child, dpa_plain, dpa_view
   TO regress_dpa, regress_dpa_ctl, regress_dpa_group, regress_dpa_member;
GRANT ALL ON SEQUENCE dpa_seq TO regress_dpa, regress_dpa_ctl;
-- a SECURITY DEFINER function of an unlabelled role
CREATE FUNCTION dpa_definer(int) RETURNS int LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public AS 'SELECT salary FROM public.dpa_people WHERE id = $1';
ALTER FUNCTION dpa_definer(int) OWNER TO regress_dpa_ctl;

-- the leaky helpers every role may create
CREATE FUNCTION pg_temp.dpa_leak(int) RETURNS bool LANGUAGE plpgsql COST 0.0001
AS $$ BEGIN RAISE NOTICE 'leak %', $1; RETURN true; END $$;
CREATE FUNCTION pg_temp.dpa_leak_int(int) RETURNS int LANGUAGE plpgsql COST 0.0001
AS $$ BEGIN RAISE NOTICE 'leak %', $1; RETURN $1; END $$;
CREATE FUNCTION pg_temp.dpa_leak_text(text) RETURNS text LANGUAGE plpgsql COST 0.0001
AS $$ BEGIN RAISE NOTICE 'leak %', $1; RETURN $1; END $$;
CREATE FUNCTION pg_temp.dpa_seen(bigint) RETURNS bool LANGUAGE plpgsql COST 0.0001
AS $$ BEGIN RAISE NOTICE 'group seen'; RETURN true; END $$;
CREATE FUNCTION pg_temp.dpa_plpgsql() RETURNS int LANGUAGE plpgsql
AS $$ BEGIN RETURN (SELECT salary FROM public.dpa_people WHERE id = 1001); END $$;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pg_temp TO PUBLIC;

-- Each probe, as a macro run by both roles.  The row of interest is id 1001
-- (salary 777, alone in Rareville).
\set p_where 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_people WHERE id = 1001 AND pg_temp.dpa_leak(salary)'
\set p_arg 'SELECT anon.anon_sum(pg_temp.dpa_leak_int(salary), 1.0, 0, 1000) IS NOT NULL AS ran FROM dpa_people WHERE id = 1001'
\set p_group 'SELECT count(*) > 0 AS ran FROM (SELECT pg_temp.dpa_leak_text(city), anon.anon_count(1.0) FROM dpa_people WHERE id = 1001 GROUP BY 1) s'
\set p_filter 'SELECT anon.anon_count(1.0) FILTER (WHERE pg_temp.dpa_leak(salary)) >= 0 AS ran FROM dpa_people WHERE id = 1001'
\set p_order 'SELECT count(*) > 0 AS ran FROM (SELECT city, anon.anon_count(1.0) FROM dpa_people GROUP BY city ORDER BY pg_temp.dpa_leak_text(city) LIMIT 1) s'
\set p_div 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_people WHERE 1 / (salary - 777) > 0'
\set p_const_div 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_people WHERE CASE WHEN salary = 777 THEN 1 / 0 ELSE 1 END = 1'
\set p_mul 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_people WHERE salary * 2763879 > 0'
\set p_pl 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_people WHERE int4pl(salary, 2147482871) > 0'
\set p_cast 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_people WHERE (salary * 100)::int2 > 0'
\set p_textcast 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_people WHERE (\'x\' || name)::int > 0'
\set p_sleep 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_people WHERE CASE WHEN salary = 777 THEN pg_sleep(0.01) IS NULL ELSE true END'
\set p_setval 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_people WHERE id = 1001 AND setval(\'dpa_seq\', salary) > 0'
\set p_srf 'SELECT id, salary FROM dpa_rows() WHERE id = 1001'
\set p_sqlfn 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_people WHERE dpa_id(salary) = 777'
\set p_sublink 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_people WHERE salary = (SELECT max(salary) FROM dpa_plain)'
\set p_part 'SELECT salary FROM dpa_part_2 WHERE id = 1001'
\set p_part_agg 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_part_2 WHERE pg_temp.dpa_leak(salary)'
\set p_inh 'SELECT salary FROM dpa_inh_child WHERE id = 1001'
\set p_up 'SELECT salary FROM dpa_up WHERE id = 1001'
\set p_cte 'WITH r AS MATERIALIZED (SELECT * FROM dpa_people WHERE id = 1001) SELECT anon.anon_count(1.0) >= 0 AS ran FROM r WHERE pg_temp.dpa_leak(salary)'
\set p_sub 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM (SELECT * FROM dpa_people WHERE id = 1001 OFFSET 0) s WHERE pg_temp.dpa_leak(salary)'
\set p_view 'SELECT anon.anon_count(1.0) >= 0 AS ran FROM dpa_view WHERE pg_temp.dpa_leak(salary)'
\set p_window 'SELECT salary, row_number() OVER (ORDER BY salary) FROM dpa_people WHERE id = 1001'
\set p_lateral 'SELECT s.* FROM dpa_people p, LATERAL (SELECT p.salary) s WHERE p.id = 1001'
\set p_gsets 'SELECT count(*) > 0 AS ran FROM (SELECT city, anon.anon_count(1.0) FROM dpa_people WHERE id = 1001 GROUP BY GROUPING SETS ((city), ())) s'
\set p_distinct_on 'SELECT DISTINCT ON (city) salary FROM dpa_people WHERE id = 1001'
\set p_limit 'SELECT count(*) > 0 AS ran FROM (SELECT city, anon.anon_count(1.0) FROM dpa_people GROUP BY city ORDER BY min(salary) DESC LIMIT 1) s'
\set p_having 'SELECT count(*) > 0 AS ran FROM (SELECT city FROM dpa_people GROUP BY city HAVING pg_temp.dpa_leak(min(salary))) s'
-- HAVING runs on every group before partition selection: 11 groups, one of them Rareville
\set p_having_groups 'SELECT count(*) > 0 AS ran FROM (SELECT city FROM dpa_people GROUP BY city HAVING pg_temp.dpa_seen(anon.anon_count(1.0))) s'
-- exact sizes: a partition of two people
\set p_reltuples 'SELECT reltuples FROM pg_class WHERE relname = \'dpa_part_2\''
\set p_relsize 'SELECT pg_relation_size(\'dpa_part_2\') AS bytes'
\set p_stat 'SELECT n_live_tup >= 0 AS ran FROM pg_stat_user_tables WHERE relname = \'dpa_part_2\''
\set p_definer 'SELECT dpa_definer(1001) AS salary'
\set p_plpgsql 'SELECT pg_temp.dpa_plpgsql() AS salary'

-- the control role reads raw values through every probe
SET SESSION AUTHORIZATION regress_dpa_ctl;
:p_where;
:p_arg;
:p_group;
:p_filter;
:p_div;
:p_const_div;
:p_mul;
:p_pl;
:p_cast;
:p_textcast;
:p_sleep;
:p_setval;
SELECT last_value AS leaked FROM dpa_seq;
SELECT setval('dpa_seq', 1);
:p_srf;
:p_sqlfn;
:p_sublink;
:p_part;
:p_part_agg;
:p_inh;
:p_up;
:p_cte;
:p_sub;
:p_view;
:p_window;
:p_lateral;
:p_gsets;
:p_distinct_on;
:p_limit;
:p_having;
:p_having_groups;
:p_reltuples;
:p_relsize;
:p_stat;
:p_definer;
:p_plpgsql;
DO $$ DECLARE s int; BEGIN SELECT salary INTO s FROM public.dpa_people WHERE id = 1001; RAISE NOTICE 'leak %', s; END $$;
PREPARE dpa_prep AS SELECT anon.anon_count(1.0) AS n FROM dpa_people WHERE salary = 777;
-- (the plan's format differs between versions: look for the exact count)
DO $$
DECLARE l text;
BEGIN
	FOR l IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE dpa_prep' LOOP
		IF l ~ 'Seq Scan on dpa_people \(actual rows=1(\.00)? loops=1\)' THEN
			RAISE NOTICE 'the plan shows the exact count of rows with salary 777: 1';
		END IF;
	END LOOP;
END $$;
DEALLOCATE dpa_prep;
BEGIN;
DECLARE dpa_cur CURSOR FOR SELECT salary FROM dpa_people WHERE id = 1001;
FETCH dpa_cur;
COMMIT;
COPY (SELECT salary FROM dpa_people WHERE id = 1001) TO STDOUT;
COPY dpa_part_2 TO STDOUT;
RESET SESSION AUTHORIZATION;

-- the DP role: every probe is refused before it reads a row, and no
-- NOTICE appears
SET SESSION AUTHORIZATION regress_dpa;
:p_where;
:p_arg;
:p_group;
:p_filter;
:p_order;
:p_div;
:p_const_div;
:p_mul;
:p_pl;
:p_cast;
:p_textcast;
:p_sleep;
:p_setval;
SELECT last_value AS not_leaked FROM dpa_seq;
:p_srf;
:p_sqlfn;
:p_sublink;
:p_part;
:p_part_agg;
:p_inh;
:p_up;
:p_cte;
:p_sub;
:p_view;
:p_window;
:p_lateral;
:p_gsets;
:p_distinct_on;
:p_limit;
:p_having;
:p_having_groups;
:p_reltuples;
:p_relsize;
:p_stat;
:p_definer;
:p_plpgsql;
DO $$ DECLARE s int; BEGIN SELECT salary INTO s FROM public.dpa_people WHERE id = 1001; RAISE NOTICE 'leak %', s; END $$;
-- functions the DP role writes itself
CREATE FUNCTION pg_temp.dpa_own() RETURNS SETOF int LANGUAGE sql AS 'SELECT salary FROM public.dpa_people';
SELECT * FROM pg_temp.dpa_own() LIMIT 1;
CREATE FUNCTION pg_temp.dpa_own_plpgsql() RETURNS int LANGUAGE plpgsql
AS $$ DECLARE n int; BEGIN SELECT salary INTO n FROM public.dpa_people WHERE id = 1001; RETURN n; END $$;
SELECT pg_temp.dpa_own_plpgsql();
-- prepared statements, EXPLAIN of any kind, cursors, COPY
PREPARE dpa_prep AS SELECT anon.anon_count(1.0) AS n FROM dpa_people WHERE salary = 777;
EXPLAIN (COSTS OFF) EXECUTE dpa_prep;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE dpa_prep;
EXPLAIN (COSTS OFF) SELECT anon.anon_count(1.0) FROM dpa_people;
EXPLAIN (COSTS OFF) SELECT id FROM dpa_plain;
EXECUTE dpa_prep;
DEALLOCATE dpa_prep;
PREPARE dpa_prep2(int) AS SELECT anon.anon_count(1.0) FROM dpa_people WHERE pg_temp.dpa_leak(salary) AND id = $1;
EXECUTE dpa_prep2(1001);
DEALLOCATE dpa_prep2;
BEGIN;
DECLARE dpa_cur CURSOR FOR SELECT salary FROM dpa_people WHERE id = 1001;
ROLLBACK;
COPY (SELECT salary FROM dpa_people WHERE id = 1001) TO STDOUT;
COPY dpa_people TO STDOUT;
COPY dpa_part_2 TO STDOUT;
COPY dpa_inh_child TO STDOUT;
-- SET ROLE to a group that is not labelled keeps the guard
SET ROLE regress_dpa_group;
SELECT current_user, session_user;
:p_where;
:p_part;
RESET ROLE;
RESET SESSION AUTHORIZATION;
-- a member of a DIFFERENTIAL PRIVACY role is one too
SET SESSION AUTHORIZATION regress_dpa_member;
:p_where;
:p_up;
RESET SESSION AUTHORIZATION;
-- a superuser who sets the role to a DP role is guarded as that role
SET ROLE regress_dpa;
:p_where;
RESET ROLE;

-- what a DP query may contain passes the guard and stops at the budget
-- (zero) before it reads a row: leakproof built-ins in WHERE, GROUP BY
-- keys and arguments, HAVING and ORDER BY over DP outputs
SET SESSION AUTHORIZATION regress_dpa;
SELECT anon.anon_count(1.0) FROM dpa_people WHERE salary = 777 AND city <> 'x' AND id IN (1, 1001);
SELECT anon.anon_avg(salary, 1.0, 0, 1000) FROM dpa_people WHERE salary::numeric > 1.5 AND salary IS NOT NULL;
SELECT city, anon.anon_count(1.0) AS n FROM dpa_people GROUP BY city
HAVING anon.anon_count(1.0) > 5 ORDER BY anon.anon_count(1.0) DESC, city;
SELECT anon.anon_count(1.0) FROM dpa_part;
SELECT anon.anon_sum(salary::float8, 1.0, 0, 1000) FROM dpa_inh;
-- an unlabelled table is not guarded
SELECT salary FROM dpa_plain WHERE id = 1001;
SELECT pg_temp.dpa_leak(salary) FROM dpa_plain WHERE id = 1001;
RESET SESSION AUTHORIZATION;
SELECT epsilon, delta FROM anon.budget_remaining('regress_dpa');
SELECT count(*) AS spends FROM anon.dp_spends WHERE role = 'regress_dpa'::regrole;

-- a plan made before the role became a member of a DP role is not reused
SET ROLE regress_dpa_ctl;
PREPARE dpa_cached AS SELECT salary FROM dpa_people WHERE id = 1001;
EXECUTE dpa_cached;
RESET ROLE;
GRANT regress_dpa TO regress_dpa_ctl;
SET ROLE regress_dpa_ctl;
EXECUTE dpa_cached;
RESET ROLE;
REVOKE regress_dpa FROM regress_dpa_ctl;
DEALLOCATE dpa_cached;

DROP FUNCTION pg_temp.dpa_leak(int), pg_temp.dpa_leak_int(int), pg_temp.dpa_leak_text(text), pg_temp.dpa_seen(bigint),
     pg_temp.dpa_plpgsql(), pg_temp.dpa_own(), pg_temp.dpa_own_plpgsql();
DROP VIEW dpa_view;
DROP FUNCTION dpa_rows(), dpa_id(int), dpa_definer(int);
DROP TABLE dpa_people, dpa_part, dpa_inh, dpa_inh_child, dpa_up, dpa_up_child, dpa_plain;
DROP SEQUENCE dpa_seq;
SECURITY LABEL FOR anon ON ROLE regress_dpa IS NULL;
DROP ROLE regress_dpa_member, regress_dpa, regress_dpa_group, regress_dpa_ctl;
