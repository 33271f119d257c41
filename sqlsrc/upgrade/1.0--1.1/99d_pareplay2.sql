-- pareplay2 (PostgreSQL Anonymizer compatibility, session 8): what the
-- fresh install changed in sqlsrc/17_detect.sql, 31_static_parallel.sql
-- and 86_pa_compat3.sql.  (84_pacompat.sql and 85_pacompat2.sql of this
-- directory are the fresh fragments themselves: their changes need nothing
-- here.)

-- PA's anon.register_masking_policy(name) registers the policy and labels
-- the schemas pg_catalog and anon TRUSTED for it; so does this one.  Both
-- labels change nothing here (anon is always trusted, and pg_catalog's
-- functions are trusted one by one whatever its label says), but PA's
-- scripts count them.
CREATE FUNCTION anon.register_masking_policy(policy text)
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
REVOKE ALL ON FUNCTION anon.register_masking_policy(text) FROM PUBLIC;

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

-- PA's anon.anonymize_database_parallel(workers) returns a boolean; the
-- rows of anon 1.0's form (one per table masked) are
-- anon.anonymize_database_parallel_report's.  An incomplete run is an
-- error here, never false: it names the tables left unmasked.
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
		   AND NOT row_security_active(col.relid)
		   -- nor one whose indexes or constraints call another role's
		   -- functions, which the planner would run as the caller
		   AND anon._planned_code_is_safe(col.relid) THEN
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

-- PA's helpers that its scripts and documentation call (sql/anon.sql of PA
-- 1.x and 2.x).  None reads a secret or a raw value; the ones that
-- describe masking use anon's analysed, schema-qualified expressions,
-- never the label text as the owner wrote it.

-- anon.unload(): PA 0.6's name of anon.reset()
CREATE FUNCTION anon.unload()
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
RETURN anon.reset();
COMMENT ON FUNCTION anon.unload()
IS 'PostgreSQL Anonymizer compatibility (deprecated name): anon.reset()';

-- anon.notice_if_not_init(): PA's fake data functions call it when its
-- tables are empty; anon's fake data are built in, so it has nothing to say
CREATE FUNCTION anon.notice_if_not_init()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN NULL::text;
COMMENT ON FUNCTION anon.notice_if_not_init()
IS 'PostgreSQL Anonymizer compatibility: NULL, without a notice (the fake data are built in)';

-- anon.init_masking_policies(): registers, in this session, the policies
-- anon.masking_policies names (new sessions register them by themselves)
CREATE FUNCTION anon.init_masking_policies()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  p text;
BEGIN
  FOR p IN
    SELECT btrim(x) FROM pg_catalog.regexp_split_to_table(
             pg_catalog.current_setting('anon.masking_policies'), ',') AS x
    WHERE btrim(x) <> ''
  LOOP
    PERFORM anon._register_masking_policy(p);
  END LOOP;
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.init_masking_policies()
IS 'PostgreSQL Anonymizer compatibility: register in this session the policies anon.masking_policies names (superusers)';
REVOKE ALL ON FUNCTION anon.init_masking_policies() FROM PUBLIC;

CREATE FUNCTION anon.column_exists(table_relid regclass, column_name name)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
               WHERE a.attrelid = table_relid AND a.attnum > 0
                 AND NOT a.attisdropped AND a.attname = column_name);
COMMENT ON FUNCTION anon.column_exists(regclass, name)
IS 'PostgreSQL Anonymizer compatibility: whether the table has a column of that name';

CREATE FUNCTION anon.get_attrdef(relid integer, num integer)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d
        WHERE d.adrelid = relid::oid AND d.adnum = num);
COMMENT ON FUNCTION anon.get_attrdef(integer, integer)
IS 'PostgreSQL Anonymizer compatibility: the default expression of column num of a relation, as text (NULL without one)';

CREATE FUNCTION anon.get_schema(t text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN (SELECT pg_catalog.quote_ident(a[pg_catalog.array_upper(a, 1) - 1])
        FROM pg_catalog.parse_ident(t) AS a);
COMMENT ON FUNCTION anon.get_schema(text)
IS 'PostgreSQL Anonymizer compatibility: the schema part of a qualified name, quoted (NULL without one)';

CREATE FUNCTION anon.get_relname(t text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN (SELECT pg_catalog.quote_ident(a[pg_catalog.array_upper(a, 1)])
        FROM pg_catalog.parse_ident(t) AS a);
COMMENT ON FUNCTION anon.get_relname(text)
IS 'PostgreSQL Anonymizer compatibility: the last part of a qualified name, quoted';

-- PA's legacy masking views were built from these three
CREATE FUNCTION anon.mask_columns(source_relid oid)
RETURNS TABLE (attname name, masking_filter text, format_type text)
LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT a.attname, m.masking_filter, m.format_type
  FROM pg_catalog.pg_attribute a
  LEFT JOIN anon.pg_masking_rules m ON m.attrelid = a.attrelid AND m.attnum = a.attnum
  WHERE a.attrelid = source_relid AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY a.attnum
$$;
COMMENT ON FUNCTION anon.mask_columns(oid)
IS 'PostgreSQL Anonymizer compatibility: every column of a relation with its masking rule (policy anon, as anon.pg_masking_rules shows it), NULL for a column without one';

CREATE FUNCTION anon.mask_filters(relid oid)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
RETURN anon.masking_expressions_for_table(relid::regclass, 'anon');
COMMENT ON FUNCTION anon.mask_filters(oid)
IS 'PostgreSQL Anonymizer compatibility: the select list that masks a relation for policy anon (analysed, schema-qualified expressions, as anon.masking_expressions_for_table)';

CREATE FUNCTION anon.mask_select(relid oid)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
RETURN 'SELECT ' || anon.mask_filters(relid) || ' FROM ' || relid::regclass::text
       || coalesce(' TABLESAMPLE ' || anon.get_tablesample_ratio(relid), '');
COMMENT ON FUNCTION anon.mask_select(oid)
IS 'PostgreSQL Anonymizer compatibility: a query of a relation with the rules of policy anon applied and its sample; it runs with the rights of whoever runs it (masked roles read masked data whatever they run)';

-- PA's view of the indirect identifiers k_anonymity() reads
CREATE VIEW anon.pg_identifiers AS
SELECT q.relid::oid AS attrelid, q.attnum, c.relname, q.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS format_type,
       s.label AS col_description, true AS indirect_identifier, 100 AS priority
FROM anon.quasi_identifiers q
JOIN pg_catalog.pg_class c ON c.oid = q.relid
JOIN pg_catalog.pg_attribute a ON a.attrelid = q.relid AND a.attnum = q.attnum
LEFT JOIN pg_catalog.pg_seclabel s
  ON s.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND s.objoid = q.relid
 AND s.objsubid = q.attnum AND s.provider = q.provider;
COMMENT ON VIEW anon.pg_identifiers
IS 'PostgreSQL Anonymizer compatibility: the columns labelled QUASI-IDENTIFIER (anon) or INDIRECT IDENTIFIER (k_anonymity), with PA''s columns';
GRANT SELECT ON anon.pg_identifiers TO PUBLIC;
