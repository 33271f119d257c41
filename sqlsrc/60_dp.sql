
--------------------------------------------------------------------------
-- Differential privacy (src/dp_sampler.c, src/dp_agg.c, src/dp_budget.c)
--------------------------------------------------------------------------

-- Test-only access to the exact samplers (superusers only).
CREATE FUNCTION anon._dp_samples(kind text, num bigint, den bigint, n integer)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'anon_dp_samples'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
REVOKE ALL ON FUNCTION anon._dp_samples(text, bigint, bigint, integer) FROM PUBLIC;
COMMENT ON FUNCTION anon._dp_samples(text, bigint, bigint, integer)
IS 'test only: n draws of an exact DP sampler (bernoulli_exp, laplace, gaussian)';
