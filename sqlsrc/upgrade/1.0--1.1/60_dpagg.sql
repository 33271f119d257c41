-- dpagg: public partitions of the DP aggregates (src/dp_partitions.c)

-- Public partitions (src/dp_partitions.c): group keys a superuser declared
-- public, released to DIFFERENTIAL PRIVACY roles without partition
-- selection, every key, an empty group as noise (Tumult's KeySet,
-- PipelineDP's public partitions).  The keys are public: anyone may read them.
CREATE TABLE anon.dp_public_partitions (
	relation regclass NOT NULL,
	column_name name NOT NULL,
	keys text[] NOT NULL,
	PRIMARY KEY (relation, column_name)
);
COMMENT ON TABLE anon.dp_public_partitions
IS 'group keys declared public: a DIFFERENTIAL PRIVACY role grouping by the column sees exactly these keys, without partition selection';
GRANT SELECT ON anon.dp_public_partitions TO PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('anon.dp_public_partitions', '');

CREATE FUNCTION anon.set_public_partitions(relation regclass, column_name name, keys anyarray)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	coltype text;
	cleaned text[];
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
	-- in an analyst's query); stored as text, distinct
	EXECUTE pg_catalog.format(
		'SELECT pg_catalog.array_agg(DISTINCT CAST(CAST(k AS %s) AS pg_catalog.text))'
		' FROM pg_catalog.unnest(CAST($1 AS pg_catalog.text[])) k WHERE k IS NOT NULL',
		coltype)
		INTO cleaned USING keys;
	INSERT INTO anon.dp_public_partitions AS p (relation, column_name, keys)
	VALUES (relation, column_name, COALESCE(cleaned, '{}'))
	ON CONFLICT ON CONSTRAINT dp_public_partitions_pkey
	DO UPDATE SET keys = excluded.keys;
END
$$;
REVOKE ALL ON FUNCTION anon.set_public_partitions(regclass, name, anyarray) FROM PUBLIC;
COMMENT ON FUNCTION anon.set_public_partitions(regclass, name, anyarray)
IS 'declare the public group keys of a column (NULL::text[] removes them): DIFFERENTIAL PRIVACY roles see exactly these groups, without partition selection';

-- rr_count checks its epsilon and number of categories (issue 18)
CREATE OR REPLACE FUNCTION anon._rr_final(s float8[])
RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
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
