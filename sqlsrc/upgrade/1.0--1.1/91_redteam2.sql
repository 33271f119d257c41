-- redteam2: stop_masked_replication drops the trigger, its function and the
-- shadow as the table's owner (sqlsrc/32_masked_replication.sql)
CREATE OR REPLACE FUNCTION anon.stop_masked_replication(source regclass, drop_target boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  fn regprocedure;
  target text;
BEGIN
  SELECT t.tgfoid::regprocedure, convert_from(substr(t.tgargs, 1, length(t.tgargs) - 1), 'UTF8')
  INTO fn, target
  FROM pg_trigger t
  WHERE t.tgrelid = source AND t.tgname = 'anon_masked_replication';
  IF fn IS NULL THEN
    RAISE EXCEPTION 'table % is not replicated masked', source
      USING ERRCODE = 'undefined_object',
            HINT = 'anon.start_masked_replication() starts it.';
  END IF;
  -- The trigger, its function and its argument are the table owner's to
  -- change: he can plant a trigger of that name on another role's function
  -- naming another role's table.  So the drops run with the owner's rights
  -- (anon._run_as_owner), never the caller's: a superuser stopping the
  -- replication of an owner's table drops only what that owner could.
  PERFORM anon._run_as_owner(source,
    format('DROP TRIGGER anon_masked_replication ON %s', source));
  PERFORM anon._run_as_owner(source,
    format('DROP TRIGGER anon_masked_replication_truncate ON %s', source));
  PERFORM anon._run_as_owner(source, format('DROP FUNCTION %s', fn));
  IF drop_target THEN
    PERFORM anon._run_as_owner(source, format('DROP TABLE %s', target::regclass));
  END IF;
END;
$$;
COMMENT ON FUNCTION anon.stop_masked_replication(regclass, boolean)
IS 'stop keeping the masked shadow of a table in step (and drop it if asked)';

-- redteam2: mask_role and start_dynamic_masking refuse a masking schema that
-- does not belong to a superuser (sqlsrc/84_pa_compat.sql)
CREATE OR REPLACE FUNCTION anon.mask_role(maskedrole regrole)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  maskschema text := pg_catalog.current_setting('anon.maskschema');
  sourceschema text := pg_catalog.current_setting('anon.sourceschema');
BEGIN
  -- Masked roles read the mask schema first: whoever owns it chooses the
  -- code they run (functions and operators that win over pg_catalog's for
  -- their argument types, views over their tables).  A role that could
  -- create it before the DBA must not own it.
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n
             JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
             WHERE n.nspname = maskschema AND NOT r.rolsuper) THEN
    RAISE EXCEPTION 'schema "%" does not belong to a superuser', maskschema
      USING ERRCODE = 'insufficient_privilege',
            DETAIL = 'Masked roles read the masking schema first (search_path): its owner would choose the code they run.',
            HINT = 'Drop or rename that schema, or give it to a superuser (ALTER SCHEMA ... OWNER TO).';
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO %s', maskschema, maskedrole);
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %s', maskschema, maskedrole);
  EXECUTE format('ALTER ROLE %s SET search_path TO %I, %I', maskedrole, maskschema, sourceschema);
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.mask_role(regrole)
IS 'PostgreSQL Anonymizer compatibility: let a masked role read the legacy masking views first (search_path); it stays masked everywhere';

CREATE OR REPLACE FUNCTION anon.start_dynamic_masking(autoload boolean DEFAULT true)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM anon._require_superuser('start the dynamic masking engine');
  IF autoload THEN
    PERFORM anon.init();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace
                 WHERE nspname = pg_catalog.current_setting('anon.maskschema')) THEN
    EXECUTE format('CREATE SCHEMA %I', pg_catalog.current_setting('anon.maskschema'));
  END IF;
  -- Masked roles read the mask schema first: whoever owns it chooses the
  -- code they run (functions and operators that win over pg_catalog's for
  -- their argument types, views over their tables).  A role that could
  -- create it before the DBA must not own it.
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n
             JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
             WHERE n.nspname = pg_catalog.current_setting('anon.maskschema') AND NOT r.rolsuper) THEN
    RAISE EXCEPTION 'schema "%" does not belong to a superuser', pg_catalog.current_setting('anon.maskschema')
      USING ERRCODE = 'insufficient_privilege',
            DETAIL = 'Masked roles read the masking schema first (search_path): its owner would choose the code they run.',
            HINT = 'Drop or rename that schema, or give it to a superuser (ALTER SCHEMA ... OWNER TO).';
  END IF;
  PERFORM anon.mask_update();
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.start_dynamic_masking(boolean)
IS 'PostgreSQL Anonymizer compatibility: create the legacy masking views; masked roles are masked whether or not it runs';

-- redteam2: set_public_partitions and set_synthesis_bins cast the keys to the
-- column's type as the table's owner (sqlsrc/60_dp.sql, sqlsrc/65_dp_synth.sql)
CREATE OR REPLACE FUNCTION anon.set_public_partitions(relation regclass, column_name name, keys anyarray)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	coltype text;
	cleaned text[];
	collected jsonb;
BEGIN
	IF relation IS NULL OR column_name IS NULL THEN
		RAISE EXCEPTION 'relation and column of public partitions must not be null'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) INTO coltype
	  FROM pg_catalog.pg_attribute a
	 WHERE a.attrelid = relation AND a.attname = column_name
	   AND a.attnum > 0 AND NOT a.attisdropped;
	IF coltype IS NULL THEN
		RAISE EXCEPTION 'column "%" of relation % does not exist', column_name, relation
			USING ERRCODE = 'undefined_column';
	END IF;
	IF keys IS NULL THEN
		DELETE FROM anon.dp_public_partitions p
		 WHERE p.relation = set_public_partitions.relation
		   AND p.column_name = set_public_partitions.column_name;
		RETURN;
	END IF;
	-- every key must be a value of the column's type (an error here, not
	-- in an analyst's query); stored as text, distinct.  The casts run the
	-- input functions and domain checks of the column's type, code of the
	-- table's owner: as the owner in a security-restricted operation, never
	-- as the caller (first to raise a bad key's error, then to collect)
	PERFORM anon._run_as_owner(relation, pg_catalog.format(
		'SELECT CAST(k AS %s) FROM pg_catalog.unnest(%L::pg_catalog.text[]) k WHERE k IS NOT NULL',
		coltype, CAST(keys AS pg_catalog.text[])));
	collected := anon._query_as_owner(relation, pg_catalog.format(
		'SELECT pg_catalog.to_jsonb(pg_catalog.array_agg(DISTINCT CAST(CAST(k AS %s) AS pg_catalog.text)))'
		' FROM pg_catalog.unnest(%L::pg_catalog.text[]) k WHERE k IS NOT NULL',
		coltype, CAST(keys AS pg_catalog.text[])));
	IF pg_catalog.jsonb_typeof(collected) = 'object' THEN
		RAISE EXCEPTION 'could not read the keys as values of column "%" of relation %', column_name, relation
			USING ERRCODE = 'data_exception';
	END IF;
	cleaned := ARRAY(SELECT pg_catalog.jsonb_array_elements_text(collected));
	INSERT INTO anon.dp_public_partitions AS p (relation, column_name, keys)
	VALUES (relation, column_name, COALESCE(cleaned, '{}'))
	ON CONFLICT ON CONSTRAINT dp_public_partitions_pkey
	DO UPDATE SET keys = excluded.keys;
END
$$;

CREATE OR REPLACE FUNCTION anon.set_synthesis_bins(relation regclass, column_name name, bounds anyarray)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
-- bounds are stored as text: in ISO form, so that reading them back does
-- not depend on the reader's DateStyle
SET datestyle = 'ISO, YMD'
AS $$
DECLARE
	coltype text;
	basetype oid;
	cleaned text[];
	collected jsonb;
BEGIN
	IF relation IS NULL OR column_name IS NULL THEN
		RAISE EXCEPTION 'relation and column of synthesis bins must not be null'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	SELECT pg_catalog.format_type(a.atttypid, a.atttypmod),
	       COALESCE(NULLIF(t.typbasetype, 0), a.atttypid) INTO coltype, basetype
	  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
	 WHERE a.attrelid = relation AND a.attname = column_name
	   AND a.attnum > 0 AND NOT a.attisdropped;
	IF coltype IS NULL THEN
		RAISE EXCEPTION 'column "%" of relation % does not exist', column_name, relation
			USING ERRCODE = 'undefined_column';
	END IF;
	IF bounds IS NULL THEN
		DELETE FROM anon.synthesis_bins b
		 WHERE b.relation = set_synthesis_bins.relation
		   AND b.column_name = set_synthesis_bins.column_name;
		RETURN;
	END IF;
	IF basetype NOT IN ('pg_catalog.int2'::pg_catalog.regtype, 'pg_catalog.int4'::pg_catalog.regtype,
						'pg_catalog.int8'::pg_catalog.regtype, 'pg_catalog.float4'::pg_catalog.regtype,
						'pg_catalog.float8'::pg_catalog.regtype, 'pg_catalog.numeric'::pg_catalog.regtype,
						'pg_catalog.date'::pg_catalog.regtype, 'pg_catalog.timestamp'::pg_catalog.regtype,
						'pg_catalog.timestamptz'::pg_catalog.regtype) THEN
		RAISE EXCEPTION 'synthesis bins are for numeric, date and timestamp columns, not %', coltype
			USING ERRCODE = 'wrong_object_type',
				  HINT = 'Declare the categories of other columns with anon.set_public_partitions.';
	END IF;
	-- every bound must be a value of the column's type; stored as text,
	-- distinct, in increasing order.  The casts run the domain checks of
	-- the column's type, code of the table's owner: as the owner in a
	-- security-restricted operation, never as the caller (first to raise a
	-- bad bound's error, then to collect)
	PERFORM anon._run_as_owner(relation, pg_catalog.format(
		'SELECT CAST(k AS %s) FROM pg_catalog.unnest(%L::pg_catalog.text[]) k WHERE k IS NOT NULL',
		coltype, CAST(bounds AS pg_catalog.text[])));
	collected := anon._query_as_owner(relation, pg_catalog.format(
		'SELECT pg_catalog.to_jsonb(pg_catalog.array_agg(CAST(v AS pg_catalog.text) ORDER BY v))'
		' FROM (SELECT DISTINCT CAST(k AS %s) AS v'
		'       FROM pg_catalog.unnest(%L::pg_catalog.text[]) k WHERE k IS NOT NULL) s',
		coltype, CAST(bounds AS pg_catalog.text[])));
	IF pg_catalog.jsonb_typeof(collected) = 'object' THEN
		RAISE EXCEPTION 'could not read the bounds as values of column "%" of relation %', column_name, relation
			USING ERRCODE = 'data_exception';
	END IF;
	cleaned := ARRAY(SELECT pg_catalog.jsonb_array_elements_text(collected));
	IF pg_catalog.cardinality(cleaned) > 1000 THEN
		RAISE EXCEPTION 'at most 1000 synthesis bounds may be declared for a column'
			USING ERRCODE = 'program_limit_exceeded';
	END IF;
	INSERT INTO anon.synthesis_bins AS b (relation, column_name, bounds)
	VALUES (relation, column_name, COALESCE(cleaned, '{}'))
	ON CONFLICT ON CONSTRAINT synthesis_bins_pkey
	DO UPDATE SET bounds = excluded.bounds;
END
$$;
