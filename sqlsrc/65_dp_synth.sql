
--------------------------------------------------------------------------
-- Differentially private synthetic tables (src/dp_synth.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.synthesize(
	source regclass, target text, epsilon float8, delta float8,
	"rows" bigint DEFAULT NULL, "columns" text[] DEFAULT NULL,
	OUT modelled_columns integer, OUT measured_marginals integer,
	OUT epsilon_spent float8, OUT delta_spent float8,
	OUT synthetic_rows bigint, OUT seconds float8,
	OUT unmodelled_columns text[])
RETURNS record
AS 'MODULE_PATHNAME', 'anon_synthesize'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.synthesize(regclass, text, float8, float8, bigint, text[])
IS 'creates target, a differentially private synthetic copy of source (MST under zCDP), charged (epsilon, delta) to the privacy budget';

CREATE FUNCTION anon._synthesize_mode(
	source regclass, target text, epsilon float8, delta float8, mode text,
	OUT modelled_columns integer, OUT measured_marginals integer,
	OUT epsilon_spent float8, OUT delta_spent float8,
	OUT synthetic_rows bigint, OUT seconds float8, OUT peak_bytes bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'anon_synthesize_mode'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
REVOKE ALL ON FUNCTION anon._synthesize_mode(regclass, text, float8, float8, text) FROM PUBLIC;
COMMENT ON FUNCTION anon._synthesize_mode(regclass, text, float8, float8, text)
IS 'bench only (superusers): a synthesis in mode mst, independent (1-way marginals only) or noiseless (not private), with the most memory it held';

CREATE FUNCTION anon._synthesize_noise(source regclass, epsilon float8, delta float8)
RETURNS TABLE (stage text, sigma float8, noise float8)
AS 'MODULE_PATHNAME', 'anon_synthesize_noise'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
REVOKE ALL ON FUNCTION anon._synthesize_noise(regclass, float8, float8) FROM PUBLIC;
COMMENT ON FUNCTION anon._synthesize_noise(regclass, float8, float8)
IS 'test only (superusers): the noise a synthesis draws for its data-independent cells, with its declared standard deviation';

CREATE FUNCTION anon.synthesis_report(source regclass, target regclass)
RETURNS TABLE (column1 text, column2 text, tvd float8)
AS 'MODULE_PATHNAME', 'anon_synthesis_report'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.synthesis_report(regclass, regclass)
IS 'total variation distance between the 2-way marginals of source and a synthetic target, per pair of columns, then the mean (*, *)';

CREATE TABLE anon.synthesis_bins (
	relation regclass NOT NULL,
	column_name name NOT NULL,
	bounds text[] NOT NULL,
	PRIMARY KEY (relation, column_name)
);
COMMENT ON TABLE anon.synthesis_bins
IS 'bin bounds a superuser declared for a numeric, date or timestamp column: anon.synthesize bins the column on them instead of by DP quantiles';
GRANT SELECT ON anon.synthesis_bins TO PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('anon.synthesis_bins', '');

CREATE FUNCTION anon.set_synthesis_bins(relation regclass, column_name name, bounds anyarray)
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
REVOKE ALL ON FUNCTION anon.set_synthesis_bins(regclass, name, anyarray) FROM PUBLIC;
COMMENT ON FUNCTION anon.set_synthesis_bins(regclass, name, anyarray)
IS 'declare the bin bounds of a numeric, date or timestamp column for anon.synthesize (NULL::int[] removes them): bins [b1, b2), ..., and the two open ends';
