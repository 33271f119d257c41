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

-- the masked shadow's indexes are built once it is the owner's
CREATE FUNCTION anon._clone_indexes(source regclass, target regclass)
RETURNS void
AS 'MODULE_PATHNAME', 'anon_clone_indexes'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._clone_indexes(regclass, regclass)
IS 'internal: give target (the caller''s) the indexes of source, as LIKE ... INCLUDING INDEXES, each built as target''s owner';
CREATE OR REPLACE FUNCTION anon.start_masked_replication(source regclass,
                                              target_schema name DEFAULT 'anon_replica',
                                              policy text DEFAULT 'anon')
RETURNS regclass
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $start$
DECLARE
  src_schema name;
  src_name name;
  src_owner name;
  pk text[];
  bad text;
  view_sql text;
  target_name text;
  target regclass;
  fn regprocedure;
  key_new text;
  key_old text;
  key_cols text;
  body text;
BEGIN
  -- the caller's own rights: creating the trigger needs the table's ownership
  SELECT n.nspname, c.relname, pg_get_userbyid(c.relowner)
  INTO src_schema, src_name, src_owner
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = source AND c.relkind = 'r'
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'anon');
  IF src_name IS NULL THEN
    RAISE EXCEPTION '% is not a table', source
      USING ERRCODE = 'wrong_object_type',
            HINT = 'Masked replication works on plain user tables; replicate each partition.';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM anon.policies() p WHERE p = policy) THEN
    RAISE EXCEPTION 'masking policy "%" does not exist', policy
      USING ERRCODE = 'undefined_object', HINT = 'Policies are listed by anon.policies().';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = source AND t.tgname = 'anon_masked_replication') THEN
    RAISE EXCEPTION 'table % is already replicated masked', source
      USING ERRCODE = 'duplicate_object', HINT = 'Call anon.stop_masked_replication() first.';
  END IF;

  -- the primary key identifies a row on both sides: it must not be masked
  SELECT array_agg(a.attname::text ORDER BY k.ord) INTO pk
  FROM pg_index i
  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  WHERE i.indrelid = source AND i.indisprimary;
  IF pk IS NULL THEN
    RAISE EXCEPTION 'table % has no primary key', source
      USING ERRCODE = 'invalid_table_definition',
            HINT = 'Masked replication matches rows by primary key: add one.';
  END IF;
  SELECT string_agg(m.attname::text, ', ') INTO bad
  FROM anon.masking_rules m
  WHERE m.relid = source AND m.policy = start_masked_replication.policy
    AND m.kind <> 'NOT MASKED' AND m.attname::text = ANY (pk);
  IF bad IS NULL AND current_setting('anon.privacy_by_default')::boolean THEN
    SELECT string_agg(k, ', ') INTO bad FROM unnest(pk) k
    WHERE NOT EXISTS (SELECT 1 FROM anon.masking_rules m
                      WHERE m.relid = source AND m.policy = start_masked_replication.policy
                        AND m.attname::text = k AND m.kind = 'NOT MASKED');
  END IF;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'the primary key of % is masked (%)', source, bad
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Label the key columns NOT MASKED, and keep a pseudonymized copy of the key in another column if it is an identifier.';
  END IF;

  -- the key's columns, and its equality operators (of the primary key's
  -- operator classes), named with their schema
  SELECT string_agg(format('%I', a.attname), ', ' ORDER BY k.ord),
         string_agg(format('m.%I OPERATOR(%I.%s) NEW.%I', a.attname, n.nspname, o.oprname, a.attname),
                    ' AND ' ORDER BY k.ord),
         string_agg(format('%I OPERATOR(%I.%s) OLD.%I', a.attname, n.nspname, o.oprname, a.attname),
                    ' AND ' ORDER BY k.ord)
  INTO key_cols, key_new, key_old
  FROM pg_index i
  CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indclass::oid[]) WITH ORDINALITY k(attnum, opc, ord)
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  JOIN pg_opclass oc ON oc.oid = k.opc
  JOIN pg_amop ao ON ao.amopfamily = oc.opcfamily AND ao.amopmethod = oc.opcmethod
                 AND ao.amopstrategy = 3
                 AND ao.amoplefttype = oc.opcintype AND ao.amoprighttype = oc.opcintype
  JOIN pg_operator o ON o.oid = ao.amopopr
  JOIN pg_namespace n ON n.oid = o.oprnamespace
  WHERE i.indrelid = source AND i.indisprimary;

  -- The caller (often a superuser) runs only DDL, which evaluates nothing;
  -- every statement that evaluates the owner's rules, CHECK constraints or
  -- index expressions runs as the owner: the fill through
  -- anon._run_as_owner (a security-restricted operation), the trigger as a
  -- SECURITY DEFINER function owned by the owner.  No text of a rule is
  -- ever pasted into SQL but the deparsed masking view, and the trigger's
  -- body is passed as one quoted literal.
  -- volatile rules over the row draw the same noise for the same row at
  -- every version of it (each UPDATE recomputes the row, and every version
  -- reaches the subscriber, which would average fresh noise)
  view_sql := anon._masking_view_keyed(source, policy);
  IF to_regnamespace(quote_ident(target_schema)) IS NULL THEN
    EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', target_schema, src_owner);
  ELSIF NOT EXISTS (SELECT 1 FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
                    WHERE n.oid = to_regnamespace(quote_ident(target_schema))
                      AND (r.rolname = src_owner OR r.rolsuper)) THEN
    -- the schema's owner may drop the shadow and put a table of its own in
    -- its place, whose triggers the sync function would run with the
    -- table owner's rights, reading the raw table
    RAISE EXCEPTION 'schema "%" belongs to role %, not to the owner of table %', target_schema,
      (SELECT pg_get_userbyid(n.nspowner) FROM pg_namespace n
       WHERE n.oid = to_regnamespace(quote_ident(target_schema))), source
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Name a new schema, or one that the table''s owner or a superuser owns: the owner of a schema can drop the masked shadow and replace it with a table whose triggers run with the rights of the table''s owner.';
  END IF;
  -- the shadow keeps the source's types (with their typmods), NOT NULL,
  -- CHECK, primary key, UNIQUE constraints and indexes; not its defaults,
  -- identity or generation expressions: its rows come from the source
  -- (its indexes once it is the owner's: DefineIndex folds their
  -- expressions, the owner's code, as the table's owner)
  EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING CONSTRAINTS)',
                 target_schema, src_name, source);
  target := format('%I.%I', target_schema, src_name)::regclass;
  EXECUTE format('ALTER TABLE %s OWNER TO %I', target, src_owner);
  PERFORM anon._clone_indexes(source, target);
  PERFORM anon._run_as_owner(source, format('INSERT INTO %s %s', target, view_sql));

  -- the trigger function runs the rules with the table owner's rights
  body := format($body$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE %s;
        RETURN NULL;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM %s WHERE %s;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO %s SELECT m.* FROM (%s) m WHERE %s;
      END IF;
      RETURN NULL;
    END
    $body$, target, target, key_old, target, view_sql, key_new);
  EXECUTE format('CREATE FUNCTION %I.%I() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER '
                 'SET search_path = pg_catalog, pg_temp AS %L',
                 target_schema, src_name || '_anon_sync', body);
  fn := format('%I.%I()', target_schema, src_name || '_anon_sync')::regprocedure;
  EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn);
  EXECUTE format('ALTER FUNCTION %s OWNER TO %I', fn, src_owner);
  -- the trigger's argument names the shadow, for stop_masked_replication
  EXECUTE format('CREATE TRIGGER anon_masked_replication AFTER INSERT OR UPDATE OR DELETE ON %s '
                 'FOR EACH ROW EXECUTE FUNCTION %s(%L)', source, fn::regproc, target::text);
  EXECUTE format('CREATE TRIGGER anon_masked_replication_truncate AFTER TRUNCATE ON %s '
                 'FOR EACH STATEMENT EXECUTE FUNCTION %s(%L)', source, fn::regproc, target::text);
  RETURN target;
END;
$start$;
