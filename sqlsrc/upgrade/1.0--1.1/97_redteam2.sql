-- redteam2 (session 7): anon's SQL functions that run without a fixed
-- search_path (so that they can be inlined) name their operators with
-- their schema: an unqualified operator resolves through the caller's
-- search_path, where a table owner's operator with the exact argument
-- types (float8 + integer, bigint % integer) wins over pg_catalog's, and
-- ran with the rights of the superuser calling anon.rr_count or
-- anon.random_id_int (sql/24_attacks_s7b.sql).  The others get a fixed
-- search_path.

CREATE OR REPLACE FUNCTION anon._rr_trans(s float8[], response boolean, epsilon float8)
RETURNS float8[]
LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE
AS $$ SELECT ARRAY[s[1] OPERATOR(pg_catalog.+) (response IS TRUE)::int,
                   s[2] OPERATOR(pg_catalog.+) (response IS NOT NULL)::int, epsilon, 2] $$;

CREATE OR REPLACE FUNCTION anon._rr_trans(s float8[], response anyelement, target anyelement,
                               k integer, epsilon float8)
RETURNS float8[]
LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE
AS $$ SELECT ARRAY[s[1] OPERATOR(pg_catalog.+) COALESCE(response OPERATOR(pg_catalog.=) target, false)::int,
                   s[2] OPERATOR(pg_catalog.+) (response IS NOT NULL)::int, epsilon, k] $$;

CREATE OR REPLACE FUNCTION anon._rr_combine(a float8[], b float8[])
RETURNS float8[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ARRAY[a[1] OPERATOR(pg_catalog.+) b[1], a[2] OPERATOR(pg_catalog.+) b[2],
                   greatest(a[3], b[3]), greatest(a[4], b[4])] $$;

CREATE OR REPLACE FUNCTION anon._rr_final(s float8[])
RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	p float8;
	q float8;
BEGIN
	IF s[2] = 0 THEN
		RETURN 0;
	END IF;
	-- the ranges the responses were drawn with: outside them the estimate is
	-- meaningless (epsilon 0 divides by zero)
	IF s[3] IS NULL OR NOT (s[3] >= 1e-6 AND s[3] <= 50) THEN
		RAISE EXCEPTION 'epsilon of rr_count must be between 1e-6 and 50'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF s[4] IS NULL OR s[4] < 2 THEN
		RAISE EXCEPTION 'rr_count needs at least two categories'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	p := exp(s[3]) / (exp(s[3]) + s[4] - 1);
	q := 1 / (exp(s[3]) + s[4] - 1);
	RETURN (s[1] - s[2] * q) / (p - q);
END
$$;

CREATE OR REPLACE FUNCTION anon.generalize_to_k(relid regclass, k integer,
                                     suppression double precision DEFAULT 0,
                                     hierarchies jsonb DEFAULT '{}',
                                     columns text[] DEFAULT NULL,
                                     l integer DEFAULT NULL,
                                     sensitive name DEFAULT NULL)
RETURNS TABLE (attname name, level integer, max_level integer, expression text, rule text,
               k_achieved bigint, suppressed bigint, loss double precision,
               discernibility double precision, nodes_checked integer, l_achieved bigint)
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT * FROM anon._generalize_to_k(
  relid, k, suppression,
  ARRAY(SELECT e.key FROM pg_catalog.jsonb_each(hierarchies) e ORDER BY e.key),
  ARRAY(SELECT CASE pg_catalog.jsonb_typeof(e.value)
                 WHEN 'array' THEN 'steps:' ||
                   (SELECT coalesce(pg_catalog.string_agg(x.v, ',' ORDER BY x.o), '')
                    FROM pg_catalog.jsonb_array_elements_text(e.value) WITH ORDINALITY x(v, o))
                 WHEN 'string' THEN e.value OPERATOR(pg_catalog.#>>) '{}'
                 ELSE 'invalid' END
        FROM pg_catalog.jsonb_each(hierarchies) e ORDER BY e.key),
  columns, l, sensitive)
$$;

-- anon.detect samples no values of a table whose row-level security
-- applies to the caller: its policies would run their owner's functions
-- with the caller's rights
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
