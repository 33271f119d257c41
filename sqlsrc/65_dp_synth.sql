
--------------------------------------------------------------------------
-- Differentially private synthetic tables (src/dp_synth.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.synthesize(
	source regclass, target text, epsilon float8, delta float8,
	"rows" bigint DEFAULT NULL, "columns" text[] DEFAULT NULL,
	OUT modelled_columns integer, OUT measured_marginals integer,
	OUT epsilon_spent float8, OUT delta_spent float8,
	OUT synthetic_rows bigint, OUT seconds float8)
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
