-- pareplay2 (PostgreSQL Anonymizer compatibility, session 8): what the
-- fresh install changed in sqlsrc/31_static_parallel.sql, 84_pa_compat.sql,
-- 85_pa_compat2.sql and 86_pa_compat3.sql.

-- anonymize_table/column/database refuse a policy that would break a
-- foreign key with PA's SQLSTATE (foreign_key_violation); the legacy
-- masking views sample as the table's TABLESAMPLE label says
CREATE OR REPLACE FUNCTION anon._legacy_masked_rows(relid regclass)
RETURNS SETOF record
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  qualified text;
  sample text;
BEGIN
  SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)
  INTO qualified
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = relid;
  -- the masking view reads ONLY the table; the legacy view reads its
  -- partitions and children too, as a query of the table does
  -- and, as PA's views, the sample of a TABLESAMPLE label (the table's
  -- own, else the database's: validated when written; this reader is not
  -- masked and could read every row of the table anyway)
  sample := anon.get_tablesample_ratio(relid);
  RETURN QUERY EXECUTE pg_catalog.replace(anon.masking_view(relid, 'anon'),
                                          ' FROM ONLY ' || qualified, ' FROM ' || qualified)
                       || coalesce(' TABLESAMPLE ' || sample || E'\n', '');
END;
$$;
COMMENT ON FUNCTION anon._legacy_masked_rows(regclass)
IS 'internal: the rows of a table with the rules of policy anon applied, as the reader (for the legacy masking views)';

CREATE OR REPLACE FUNCTION anon.anonymize_table(relid regclass, policy text DEFAULT 'anon',
                                     fire_triggers boolean DEFAULT false)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  n bigint;
  msg text;
  det text;
  hnt text;
  con text;
  tab text;
  sch text;
BEGIN
  PERFORM anon._static_masking_check();
  SELECT count(*) INTO n FROM anon.anonymize_table_report(relid, policy, fire_triggers);
  RETURN CASE WHEN n > 0 THEN true END;
EXCEPTION WHEN invalid_object_definition THEN
  -- a policy that would break a foreign key (src/fk_consistency.c names
  -- the constraint): PA's UPDATE fails there with foreign_key_violation,
  -- which PA's scripts catch; the refusal is the same, under PA's code
  GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                          hnt = PG_EXCEPTION_HINT, con = CONSTRAINT_NAME,
                          tab = TABLE_NAME, sch = SCHEMA_NAME;
  IF con = '' THEN
    RAISE;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = msg, DETAIL = det,
                        HINT = hnt, CONSTRAINT = con, TABLE = tab, SCHEMA = sch;
END;
$$;
COMMENT ON FUNCTION anon.anonymize_table(regclass, text, boolean)
IS 'apply the masking rules of a policy to a table (and its partitions or children) in place; true, or NULL when it has no rule (anonymize_table_report says more)';

CREATE OR REPLACE FUNCTION anon.anonymize_column(relid regclass, column_name name,
                                      policy text DEFAULT 'anon',
                                      fire_triggers boolean DEFAULT false)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  n bigint;
  msg text;
  det text;
  hnt text;
  con text;
  tab text;
  sch text;
BEGIN
  PERFORM anon._static_masking_check();
  -- no such column: nothing to mask, as in PA (the report is an error)
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = relid AND a.attname = column_name
                   AND a.attnum > 0 AND NOT a.attisdropped) THEN
    RAISE WARNING 'column "%" of table "%" has no masking rule for policy "%"',
                  column_name, (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = relid),
                  policy
      USING HINT = 'The table has no such column.';
    RETURN false;
  END IF;
  SELECT count(*) INTO n
  FROM anon.anonymize_column_report(relid, column_name, policy, fire_triggers);
  RETURN n > 0;
EXCEPTION WHEN invalid_object_definition THEN
  -- a policy that would break a foreign key (src/fk_consistency.c names
  -- the constraint): PA's UPDATE fails there with foreign_key_violation,
  -- which PA's scripts catch; the refusal is the same, under PA's code
  GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                          hnt = PG_EXCEPTION_HINT, con = CONSTRAINT_NAME,
                          tab = TABLE_NAME, sch = SCHEMA_NAME;
  IF con = '' THEN
    RAISE;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = msg, DETAIL = det,
                        HINT = hnt, CONSTRAINT = con, TABLE = tab, SCHEMA = sch;
END;
$$;
COMMENT ON FUNCTION anon.anonymize_column(regclass, name, text, boolean)
IS 'apply the masking rule of one column in place; false when it has none (anonymize_column_report says more)';

CREATE OR REPLACE FUNCTION anon.anonymize_database(policy text DEFAULT 'anon',
                                        fire_triggers boolean DEFAULT false)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  msg text;
  det text;
  hnt text;
  con text;
  tab text;
  sch text;
BEGIN
  PERFORM anon._static_masking_check();
  PERFORM count(*) FROM anon.anonymize_database_report(policy, fire_triggers);
  RETURN true;
EXCEPTION WHEN invalid_object_definition THEN
  -- a policy that would break a foreign key (src/fk_consistency.c names
  -- the constraint): PA's UPDATE fails there with foreign_key_violation,
  -- which PA's scripts catch; the refusal is the same, under PA's code
  GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                          hnt = PG_EXCEPTION_HINT, con = CONSTRAINT_NAME,
                          tab = TABLE_NAME, sch = SCHEMA_NAME;
  IF con = '' THEN
    RAISE;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = msg, DETAIL = det,
                        HINT = hnt, CONSTRAINT = con, TABLE = tab, SCHEMA = sch;
END;
$$;
COMMENT ON FUNCTION anon.anonymize_database(text, boolean)
IS 'apply the masking rules of a policy to every table of the database, in one transaction; true (anonymize_database_report says more)';

-- register_masking_policy also writes PA's two TRUSTED labels
CREATE FUNCTION anon._register_masking_policy(policy text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_register_masking_policy'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._register_masking_policy(text)
IS 'internal: registers a masking policy (a label provider) in this session (superusers)';
REVOKE ALL ON FUNCTION anon._register_masking_policy(text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION anon.register_masking_policy(policy text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $$
BEGIN
  PERFORM anon._register_masking_policy(policy);
  -- the name was checked (letters, digits, underscores); quoted all the same
  EXECUTE format('SECURITY LABEL FOR %I ON SCHEMA pg_catalog IS %L', policy, 'TRUSTED');
  EXECUTE format('SECURITY LABEL FOR %I ON SCHEMA anon IS %L', policy, 'TRUSTED');
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.register_masking_policy(text)
IS 'PostgreSQL Anonymizer compatibility: registers a masking policy (a label provider) in this session and labels the schemas pg_catalog and anon TRUSTED for it, as PA does (superusers; anon.masking_policies registers it in every session)';

-- anonymize_database_parallel returns a boolean, as PA's; its 1.0 form is
-- anonymize_database_parallel_report
DROP FUNCTION anon.anonymize_database_parallel(integer, text);
CREATE FUNCTION anon.anonymize_database_parallel_report(
    workers integer,
    policy text DEFAULT 'anon',
    OUT table_name regclass,
    OUT rows bigint,
    OUT method text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_anonymize_database_parallel'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.anonymize_database_parallel_report(integer, text)
IS 'mask every table with rules of the policy on up to workers background workers, each table in its own transaction; one row per table masked; an error names the tables left unmasked';

CREATE FUNCTION anon.anonymize_database_parallel(workers integer, policy text DEFAULT 'anon')
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM anon._static_masking_check();
  PERFORM count(*) FROM anon.anonymize_database_parallel_report(workers, policy);
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.anonymize_database_parallel(integer, text)
IS 'mask every table with rules of the policy on up to workers background workers (at most anon.max_bg_workers), each table or group of tables a foreign key links in its own transaction; true, or an error that names the tables left unmasked (anonymize_database_parallel_report says more)';

-- anon.detect() of an unknown locale finds nothing (a WARNING), as PA's
CREATE OR REPLACE FUNCTION anon._detect(relid oid, nspid oid, locale text, sample_size integer)
RETURNS TABLE (table_name regclass, column_name name, identifiers_category text,
			   direct boolean, matched_by text, security_label text)
LANGUAGE plpgsql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_lang text := lower(left(locale, 2));
	col record;
	name_cat text;
	value_cat text;
	counts record;
	label text;
BEGIN
	-- an unknown locale finds nothing, as in PostgreSQL Anonymizer (whose
	-- scripts count the rows), with a WARNING that names the known ones
	IF locale IS NULL OR v_lang NOT IN ('en', 'fr', 'de', 'es', 'it')
	   OR locale !~ '^[A-Za-z]{2}([_-][A-Za-z]{2})?$' THEN
		RAISE WARNING 'anon.detect does not know this locale'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Use en_US, fr_FR, de_DE, es_ES or it_IT (or the language alone: en, fr, de, es, it).';
		RETURN;
	END IF;
	IF sample_size IS NULL OR sample_size < 0 THEN
		RAISE EXCEPTION 'sample size of anon.detect must not be negative'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Give the number of rows to sample per column, 0 to look at column names only.';
	END IF;

	FOR col IN
		SELECT c.oid AS relid, a.attnum, a.attname, a.atttypid, t.typcategory,
			   anon.pii_normalize(a.attname) AS norm
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		JOIN pg_type t ON t.oid = a.atttypid
		WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
		  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'anon', 'pg_toast')
		  AND n.nspname !~ '^pg_(temp|toast_temp)_'
		  AND (_detect.relid IS NULL OR c.oid = _detect.relid)
		  AND (_detect.nspid IS NULL OR c.relnamespace = _detect.nspid)
		ORDER BY n.nspname, c.relname, a.attnum
	LOOP
		-- by name: the first category whose pattern matches, the locale's
		-- language before English
		SELECT i.category INTO name_cat
		FROM anon.pii_identifiers i
		WHERE i.lang IN (v_lang, 'en') AND col.norm ~ i.pattern
		ORDER BY (i.lang = v_lang) DESC, (i.lang = 'en') DESC, i.category
		LIMIT 1;

		-- by value: at least 5 of the sampled non-NULL values, and 90% of
		-- them, have the shape (and check digits) of one category
		value_cat := NULL;
		-- a table whose row-level security applies to the caller is read
		-- through its policies, which run their owner's functions with the
		-- caller's rights: its values are not sampled (detect runs over
		-- every table, named by nobody); its owner can sample them
		IF sample_size > 0 AND col.typcategory = 'S'
		   AND has_column_privilege(col.relid, col.attnum, 'SELECT')
		   AND NOT row_security_active(col.relid) THEN
			EXECUTE format(
				'SELECT count(*) AS n,'
				' count(*) FILTER (WHERE anon.iban_valid(v)) AS iban,'
				' count(*) FILTER (WHERE v ~ ''^[0-9][0-9 -]{11,22}[0-9]$'' AND anon.luhn_valid(v)) AS card,'
				' count(*) FILTER (WHERE v ~ ''^[A-Za-z0-9._%%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'') AS email,'
				' count(*) FILTER (WHERE v ~ ''^[0-9]{3}-[0-9]{2}-[0-9]{4}$'') AS ssn,'
				' count(*) FILTER (WHERE v ~ ''^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$'') AS ip,'
				' count(*) FILTER (WHERE v ~ ''^(\+|00)?[0-9][0-9 ().-]{6,18}[0-9]$'''
				'                   AND length(regexp_replace(v, ''[^0-9]'', '''', ''g'')) BETWEEN 8 AND 15) AS phone'
				' FROM (SELECT %I::text AS v FROM %s WHERE %I IS NOT NULL LIMIT %s) s',
				col.attname, col.relid::regclass, col.attname, sample_size)
			INTO counts;
			IF counts.n >= 5 THEN
				value_cat := CASE
					WHEN counts.iban >= 0.9 * counts.n THEN 'iban'
					WHEN counts.card >= 0.9 * counts.n THEN 'credit_card'
					WHEN counts.email >= 0.9 * counts.n THEN 'email'
					WHEN counts.ssn >= 0.9 * counts.n THEN 'ssn'
					WHEN counts.ip >= 0.9 * counts.n THEN 'ip_address'
					WHEN counts.phone >= 0.9 * counts.n THEN 'phone'
				END;
			END IF;
		END IF;

		FOR identifiers_category, matched_by IN
			SELECT x.cat, x.how FROM (VALUES
				(name_cat, CASE WHEN name_cat = value_cat THEN 'name and value' ELSE 'name' END),
				(CASE WHEN value_cat IS DISTINCT FROM name_cat THEN value_cat END, 'value')) x(cat, how)
			WHERE x.cat IS NOT NULL
		LOOP
			SELECT pc.direct, pc.masking INTO direct, label
			FROM anon.pii_categories pc WHERE pc.category = identifiers_category;
			IF NOT direct THEN
				label := 'QUASI-IDENTIFIER';
			ELSIF label IS NOT NULL AND label LIKE '%\%I%'
				  AND col.typcategory <> 'S' THEN
				-- a text mask does not fit a column of another type
				label := 'MASKED WITH VALUE NULL';
			ELSIF label IS NOT NULL AND label NOT LIKE '%\%I%'
				  AND col.typcategory <> 'S'
				  AND NOT (identifiers_category = 'ip_address' AND col.atttypid IN ('inet'::regtype, 'cidr'::regtype))
				  AND NOT (identifiers_category = 'mac_address' AND col.atttypid = 'macaddr'::regtype) THEN
				label := 'MASKED WITH VALUE NULL';
			ELSIF label IS NOT NULL THEN
				label := 'MASKED WITH FUNCTION ' || replace(label, '%I', quote_ident(col.attname));
			ELSE
				label := 'MASKED WITH VALUE NULL';
			END IF;
			table_name := col.relid::regclass;
			column_name := col.attname;
			security_label := format('SECURITY LABEL FOR anon ON COLUMN %s.%I IS %L',
									 col.relid::regclass, col.attname, label);
			RETURN NEXT;
		END LOOP;
	END LOOP;
END
$$;
COMMENT ON FUNCTION anon._detect(oid, oid, text, integer)
IS 'the work of anon.detect: columns likely to hold personal data, in one table, one schema or everywhere';
