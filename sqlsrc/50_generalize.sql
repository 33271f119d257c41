--------------------------------------------------------------------------
-- Generalization (src/generalize.c): a value replaced by a broader one
-- that contains it; names and signatures of PostgreSQL Anonymizer.
--------------------------------------------------------------------------

CREATE FUNCTION anon.generalize_int4range(val integer, step integer DEFAULT 10)
RETURNS int4range
AS 'MODULE_PATHNAME', 'anon_generalize_int4range'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_int4range(integer, integer)
IS 'the bucket [lo, lo+step) holding val, lo a multiple of step';

CREATE FUNCTION anon.generalize_int8range(val bigint, step bigint DEFAULT 10)
RETURNS int8range
AS 'MODULE_PATHNAME', 'anon_generalize_int8range'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_int8range(bigint, bigint)
IS 'the bucket [lo, lo+step) holding val, lo a multiple of step';

CREATE FUNCTION anon.generalize_numrange(val numeric, step numeric DEFAULT 10)
RETURNS numrange
AS 'MODULE_PATHNAME', 'anon_generalize_numrange'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_numrange(numeric, numeric)
IS 'the bucket [lo, lo+step) holding val, lo a multiple of step';

CREATE FUNCTION anon.generalize_daterange(val date, step text DEFAULT 'decade')
RETURNS daterange
AS 'MODULE_PATHNAME', 'anon_generalize_daterange'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_daterange(date, text)
IS 'the calendar bucket (millennium, century, decade, year, quarter, month, week, day) holding val';

CREATE FUNCTION anon.generalize_tsrange(val timestamp, step text DEFAULT 'decade')
RETURNS tsrange
AS 'MODULE_PATHNAME', 'anon_generalize_tsrange'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_tsrange(timestamp, text)
IS 'the calendar bucket (millennium ... second) holding val';

-- STABLE, not IMMUTABLE: the buckets follow the session's TimeZone
CREATE FUNCTION anon.generalize_tstzrange(val timestamptz, step text DEFAULT 'decade')
RETURNS tstzrange
AS 'MODULE_PATHNAME', 'anon_generalize_tstzrange'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_tstzrange(timestamptz, text)
IS 'the calendar bucket (millennium ... second) holding val, in the session time zone';

CREATE FUNCTION anon.generalize_prefix(val text, keep integer, mask text DEFAULT '*')
RETURNS text
AS 'MODULE_PATHNAME', 'anon_generalize_prefix'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.generalize_prefix(text, integer, text)
IS 'the first keep characters of val, each later character replaced by mask (''75012'', 3 -> ''750**'')';

-- User-defined hierarchies: value -> its generalization at each level
-- (city -> region at level 1, -> country at level 2, ...).  Level 0 is the
-- value itself and is not stored.
CREATE TABLE anon.hierarchy (
	name text NOT NULL,
	level integer NOT NULL CHECK (level >= 1),
	value text NOT NULL,
	generalized text NOT NULL,
	PRIMARY KEY (name, level, value)
);
COMMENT ON TABLE anon.hierarchy
IS 'generalization hierarchies: at level of hierarchy name, value becomes generalized';
SELECT pg_catalog.pg_extension_config_dump('anon.hierarchy', '');
-- masking rules of masked roles read it: a hierarchy is a policy, not data
GRANT SELECT ON anon.hierarchy TO PUBLIC;

CREATE FUNCTION anon.generalize(val text, hierarchy text, level integer)
RETURNS text
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	g text;
BEGIN
	IF level < 0 THEN
		RAISE EXCEPTION 'level of generalize must not be negative'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF level = 0 THEN
		RETURN val;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM anon.hierarchy h WHERE h.name = hierarchy) THEN
		RAISE EXCEPTION 'generalization hierarchy "%" does not exist', hierarchy
			USING ERRCODE = 'undefined_object',
			      HINT = 'Insert its levels into anon.hierarchy.';
	END IF;
	SELECT h.generalized INTO g FROM anon.hierarchy h
	WHERE h.name = hierarchy AND h.level = generalize.level AND h.value = val;
	-- a value the hierarchy does not know, or a level above its top, is
	-- suppressed: never shown as it is
	RETURN g;
END
$$;
COMMENT ON FUNCTION anon.generalize(text, text, integer)
IS 'val generalized to level of a hierarchy of anon.hierarchy; NULL (suppressed) when the hierarchy does not map it';
