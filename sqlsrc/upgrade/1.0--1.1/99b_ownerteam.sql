-- ownerteam (session 8): code of a relation's owner that the planner runs
-- for whoever plans a query over it (src/owner_guard.c)

-- Planning a query over a table runs its owner's code for the planner
-- (index expressions, CHECK constraints, ...): false when that would run a
-- function another role wrote with the caller's rights (src/owner_guard.c)
CREATE FUNCTION anon._planned_code_is_safe(relid regclass)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_planned_code_is_safe'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._planned_code_is_safe(regclass)
IS 'internal: whether planning a query over the relation as the current user would run no function another role wrote (anon.detect samples only such tables)';

-- The work of the anon.detect variants: relid and nspid, when not NULL,
-- restrict the scan to one table or one schema.
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
	IF locale IS NULL OR v_lang NOT IN ('en', 'fr', 'de', 'es', 'it')
	   OR locale !~ '^[A-Za-z]{2}([_-][A-Za-z]{2})?$' THEN
		RAISE EXCEPTION 'anon.detect does not know this locale'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Use en_US, fr_FR, de_DE, es_ES or it_IT (or the language alone: en, fr, de, es, it).';
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
