
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

-- The transition state of every DP aggregate: a real type with text I/O,
-- so that a sharding engine can compute it per shard and combine it.
CREATE TYPE anon.dp_state;
CREATE FUNCTION anon.dp_state_in(cstring)
RETURNS anon.dp_state
AS 'MODULE_PATHNAME', 'anon_dp_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dp_state_in(cstring)
IS 'input function of the type anon.dp_state, the state of the differentially private aggregates';
CREATE FUNCTION anon.dp_state_out(anon.dp_state)
RETURNS cstring
AS 'MODULE_PATHNAME', 'anon_dp_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dp_state_out(anon.dp_state)
IS 'output function of the type anon.dp_state';
CREATE TYPE anon.dp_state (
	INPUT = anon.dp_state_in,
	OUTPUT = anon.dp_state_out,
	INTERNALLENGTH = 64,
	ALIGNMENT = double
);
COMMENT ON TYPE anon.dp_state
IS 'transition state of the differentially private aggregates: (count,s1,s2,epsilon,delta,lower,upper,flags)';

-- Support functions: they refuse to run outside an aggregate.
CREATE FUNCTION anon._dp_count_star_trans(anon.dp_state, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_count_star_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_star_trans(anon.dp_state, float8)
IS 'transition function of anon.anon_count(epsilon): counts the rows';
CREATE FUNCTION anon._dp_count_trans(anon.dp_state, anyelement, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_count_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_trans(anon.dp_state, anyelement, float8)
IS 'transition function of anon.anon_count(expr, ...): counts the non-null values';
CREATE FUNCTION anon._dp_count_trans(anon.dp_state, anyelement, float8, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_count_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_trans(anon.dp_state, anyelement, float8, float8)
IS 'transition function of anon.anon_count(expr, ...): counts the non-null values';
CREATE FUNCTION anon._dp_combine(anon.dp_state, anon.dp_state)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_combine'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_combine(anon.dp_state, anon.dp_state)
IS 'combine function of the differentially private aggregates (parallel query): adds two states of the same call';
CREATE FUNCTION anon._dp_count_final(anon.dp_state, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_count_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_final(anon.dp_state, float8)
IS 'final function of anon.anon_count: charges the privacy budget, then adds the noise';
CREATE FUNCTION anon._dp_count_final(anon.dp_state, anyelement, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_count_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_final(anon.dp_state, anyelement, float8)
IS 'final function of anon.anon_count: charges the privacy budget, then adds the noise';
CREATE FUNCTION anon._dp_count_final(anon.dp_state, anyelement, float8, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_count_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_count_final(anon.dp_state, anyelement, float8, float8)
IS 'final function of anon.anon_count: charges the privacy budget, then adds the noise';

CREATE AGGREGATE anon.anon_count(epsilon float8) (
	SFUNC = anon._dp_count_star_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_count_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_count(float8)
IS 'differentially private count(*): discrete Laplace noise of scale 1/epsilon';
CREATE AGGREGATE anon.anon_count(expr anyelement, epsilon float8) (
	SFUNC = anon._dp_count_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_count_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_count(anyelement, float8)
IS 'differentially private count of non-null values';
CREATE AGGREGATE anon.anon_count(expr anyelement, epsilon float8, delta float8) (
	SFUNC = anon._dp_count_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_count_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_count(anyelement, float8, float8)
IS 'differentially private count of non-null values, (epsilon, delta) by the discrete Gaussian';

-- anon_sum, anon_avg, anon_var, anon_stddev for each numeric type, with
-- an optional delta (Gaussian mechanism).  numeric goes through float8.
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, smallint, float8, smallint, smallint)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, smallint, float8, smallint, smallint)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, smallint, float8, smallint, smallint)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, smallint, float8, smallint, smallint)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr smallint, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(smallint, float8, smallint, smallint)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, smallint, float8, smallint, smallint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, smallint, float8, smallint, smallint)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr smallint, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(smallint, float8, smallint, smallint)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, smallint, float8, smallint, smallint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, smallint, float8, smallint, smallint)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr smallint, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(smallint, float8, smallint, smallint)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, smallint, float8, smallint, smallint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, smallint, float8, smallint, smallint)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr smallint, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(smallint, float8, smallint, smallint)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, smallint, float8, smallint, smallint, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, smallint, float8, smallint, smallint, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr smallint, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(smallint, float8, smallint, smallint, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr smallint, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(smallint, float8, smallint, smallint, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr smallint, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(smallint, float8, smallint, smallint, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, smallint, float8, smallint, smallint, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr smallint, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(smallint, float8, smallint, smallint, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, integer, float8, integer, integer)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, integer, float8, integer, integer)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, integer, float8, integer, integer)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, integer, float8, integer, integer)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr integer, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(integer, float8, integer, integer)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, integer, float8, integer, integer)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, integer, float8, integer, integer)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr integer, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(integer, float8, integer, integer)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, integer, float8, integer, integer)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, integer, float8, integer, integer)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr integer, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(integer, float8, integer, integer)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, integer, float8, integer, integer)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, integer, float8, integer, integer)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr integer, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(integer, float8, integer, integer)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, integer, float8, integer, integer, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, integer, float8, integer, integer, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, integer, float8, integer, integer, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, integer, float8, integer, integer, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr integer, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(integer, float8, integer, integer, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, integer, float8, integer, integer, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, integer, float8, integer, integer, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr integer, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(integer, float8, integer, integer, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, integer, float8, integer, integer, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, integer, float8, integer, integer, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr integer, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(integer, float8, integer, integer, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, integer, float8, integer, integer, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, integer, float8, integer, integer, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr integer, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(integer, float8, integer, integer, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, bigint, float8, bigint, bigint)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, bigint, float8, bigint, bigint)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, bigint, float8, bigint, bigint)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, bigint, float8, bigint, bigint)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr bigint, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(bigint, float8, bigint, bigint)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, bigint, float8, bigint, bigint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, bigint, float8, bigint, bigint)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr bigint, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(bigint, float8, bigint, bigint)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, bigint, float8, bigint, bigint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, bigint, float8, bigint, bigint)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr bigint, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(bigint, float8, bigint, bigint)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, bigint, float8, bigint, bigint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, bigint, float8, bigint, bigint)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr bigint, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(bigint, float8, bigint, bigint)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, bigint, float8, bigint, bigint, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, bigint, float8, bigint, bigint, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
RETURNS bigint AS 'MODULE_PATHNAME', 'anon_dp_sum_final_int'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr bigint, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(bigint, float8, bigint, bigint, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr bigint, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(bigint, float8, bigint, bigint, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr bigint, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(bigint, float8, bigint, bigint, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, bigint, float8, bigint, bigint, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr bigint, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(bigint, float8, bigint, bigint, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, real, float8, real, real)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, real, float8, real, real)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, real, float8, real, real)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, real, float8, real, real)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr real, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(real, float8, real, real)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, real, float8, real, real)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, real, float8, real, real)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr real, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(real, float8, real, real)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, real, float8, real, real)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, real, float8, real, real)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr real, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(real, float8, real, real)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, real, float8, real, real)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, real, float8, real, real)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr real, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(real, float8, real, real)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, real, float8, real, real, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, real, float8, real, real, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, real, float8, real, real, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, real, float8, real, real, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr real, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(real, float8, real, real, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, real, float8, real, real, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, real, float8, real, real, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr real, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(real, float8, real, real, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, real, float8, real, real, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, real, float8, real, real, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr real, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(real, float8, real, real, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, real, float8, real, real, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, real, float8, real, real, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr real, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(real, float8, real, real, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, double precision, float8, double precision, double precision)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, double precision, float8, double precision, double precision)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, double precision, float8, double precision, double precision)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, double precision, float8, double precision, double precision)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr double precision, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(double precision, float8, double precision, double precision)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, double precision, float8, double precision, double precision)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, double precision, float8, double precision, double precision)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr double precision, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(double precision, float8, double precision, double precision)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, double precision, float8, double precision, double precision)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, double precision, float8, double precision, double precision)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr double precision, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(double precision, float8, double precision, double precision)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, double precision, float8, double precision, double precision)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, double precision, float8, double precision, double precision)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr double precision, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(double precision, float8, double precision, double precision)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, double precision, float8, double precision, double precision, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, double precision, float8, double precision, double precision, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr double precision, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(double precision, float8, double precision, double precision, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr double precision, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(double precision, float8, double precision, double precision, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr double precision, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(double precision, float8, double precision, double precision, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, double precision, float8, double precision, double precision, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr double precision, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(double precision, float8, double precision, double precision, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, numeric, float8, numeric, numeric)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, numeric, float8, numeric, numeric)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, numeric, float8, numeric, numeric)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, numeric, float8, numeric, numeric)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr numeric, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(numeric, float8, numeric, numeric)
IS 'differentially private sum of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, numeric, float8, numeric, numeric)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, numeric, float8, numeric, numeric)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr numeric, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(numeric, float8, numeric, numeric)
IS 'differentially private average of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, numeric, float8, numeric, numeric)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, numeric, float8, numeric, numeric)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr numeric, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(numeric, float8, numeric, numeric)
IS 'differentially private population variance of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, numeric, float8, numeric, numeric)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, numeric, float8, numeric, numeric)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr numeric, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(numeric, float8, numeric, numeric)
IS 'differentially private population standard deviation of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_value_trans(anon.dp_state, numeric, float8, numeric, numeric, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans(anon.dp_state, numeric, float8, numeric, numeric, float8)
IS 'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds';
CREATE FUNCTION anon._dp_sum_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_sum_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_sum_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
IS 'final function of anon.anon_sum: charges the privacy budget, then adds the noise';
CREATE AGGREGATE anon.anon_sum(expr numeric, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_sum_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_sum(numeric, float8, numeric, numeric, float8)
IS 'differentially private sum of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_avg_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_avg_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_avg_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
IS 'final function of anon.anon_avg: charges the privacy budget, then releases a noisy count and a noisy sum';
CREATE AGGREGATE anon.anon_avg(expr numeric, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_avg_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_avg(numeric, float8, numeric, numeric, float8)
IS 'differentially private average of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_var_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_var_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_var_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
IS 'final function of anon.anon_var: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_var(expr numeric, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_var_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_var(numeric, float8, numeric, numeric, float8)
IS 'differentially private population variance of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_stddev_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_stddev_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_stddev_final(anon.dp_state, numeric, float8, numeric, numeric, float8)
IS 'final function of anon.anon_stddev: charges the privacy budget, then releases noisy moments';
CREATE AGGREGATE anon.anon_stddev(expr numeric, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_value_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_stddev_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_stddev(numeric, float8, numeric, numeric, float8)
IS 'differentially private population standard deviation of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';

-- anon_percentile and anon_ntile (Google's name): a quantile from a noisy
-- 256-bin histogram of [lower, upper]
CREATE TYPE anon.dp_quantile_state;
CREATE FUNCTION anon.dp_quantile_state_in(cstring)
RETURNS anon.dp_quantile_state
AS 'MODULE_PATHNAME', 'anon_dp_qstate_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dp_quantile_state_in(cstring)
IS 'input function of the type anon.dp_quantile_state, the state of anon.anon_percentile and anon.anon_ntile';
CREATE FUNCTION anon.dp_quantile_state_out(anon.dp_quantile_state)
RETURNS cstring
AS 'MODULE_PATHNAME', 'anon_dp_qstate_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dp_quantile_state_out(anon.dp_quantile_state)
IS 'output function of the type anon.dp_quantile_state';
CREATE TYPE anon.dp_quantile_state (
	INPUT = anon.dp_quantile_state_in,
	OUTPUT = anon.dp_quantile_state_out,
	INTERNALLENGTH = 2104,
	ALIGNMENT = double
);
COMMENT ON TYPE anon.dp_quantile_state
IS 'transition state of anon_percentile: (epsilon,delta,lower,upper,p,flags,result;256 bin counts)';
CREATE FUNCTION anon._dp_quantile_combine(anon.dp_quantile_state, anon.dp_quantile_state)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_combine'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_combine(anon.dp_quantile_state, anon.dp_quantile_state)
IS 'combine function of anon.anon_percentile and anon.anon_ntile (parallel query): adds two histograms of the same call';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr smallint, p float8, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(smallint, float8, float8, smallint, smallint)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr smallint, p float8, epsilon float8, lower smallint, upper smallint) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(smallint, float8, float8, smallint, smallint)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, smallint, float8, float8, smallint, smallint, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr smallint, p float8, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(smallint, float8, float8, smallint, smallint, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr smallint, p float8, epsilon float8, lower smallint, upper smallint, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(smallint, float8, float8, smallint, smallint, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, integer, float8, float8, integer, integer)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, integer, float8, float8, integer, integer)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, integer, float8, float8, integer, integer)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, integer, float8, float8, integer, integer)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr integer, p float8, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(integer, float8, float8, integer, integer)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr integer, p float8, epsilon float8, lower integer, upper integer) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(integer, float8, float8, integer, integer)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, integer, float8, float8, integer, integer, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, integer, float8, float8, integer, integer, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, integer, float8, float8, integer, integer, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, integer, float8, float8, integer, integer, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr integer, p float8, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(integer, float8, float8, integer, integer, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr integer, p float8, epsilon float8, lower integer, upper integer, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(integer, float8, float8, integer, integer, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr bigint, p float8, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(bigint, float8, float8, bigint, bigint)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr bigint, p float8, epsilon float8, lower bigint, upper bigint) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(bigint, float8, float8, bigint, bigint)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, bigint, float8, float8, bigint, bigint, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr bigint, p float8, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(bigint, float8, float8, bigint, bigint, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr bigint, p float8, epsilon float8, lower bigint, upper bigint, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(bigint, float8, float8, bigint, bigint, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, real, float8, float8, real, real)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, real, float8, float8, real, real)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, real, float8, float8, real, real)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, real, float8, float8, real, real)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr real, p float8, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(real, float8, float8, real, real)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr real, p float8, epsilon float8, lower real, upper real) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(real, float8, float8, real, real)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, real, float8, float8, real, real, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, real, float8, float8, real, real, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, real, float8, float8, real, real, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, real, float8, float8, real, real, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr real, p float8, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(real, float8, float8, real, real, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr real, p float8, epsilon float8, lower real, upper real, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(real, float8, float8, real, real, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr double precision, p float8, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(double precision, float8, float8, double precision, double precision)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr double precision, p float8, epsilon float8, lower double precision, upper double precision) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(double precision, float8, float8, double precision, double precision)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, double precision, float8, float8, double precision, double precision, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr double precision, p float8, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(double precision, float8, float8, double precision, double precision, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr double precision, p float8, epsilon float8, lower double precision, upper double precision, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(double precision, float8, float8, double precision, double precision, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr numeric, p float8, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(numeric, float8, float8, numeric, numeric)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE AGGREGATE anon.anon_ntile(expr numeric, p float8, epsilon float8, lower numeric, upper numeric) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(numeric, float8, float8, numeric, numeric)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]';
CREATE FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric, float8)
RETURNS anon.dp_quantile_state AS 'MODULE_PATHNAME', 'anon_dp_quantile_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_trans(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric, float8)
IS 'transition function of anon.anon_percentile and anon.anon_ntile: a histogram of the values clamped to the bounds';
CREATE FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric, float8)
RETURNS float8 AS 'MODULE_PATHNAME', 'anon_dp_quantile_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_quantile_final(anon.dp_quantile_state, numeric, float8, float8, numeric, numeric, float8)
IS 'final function of anon.anon_percentile and anon.anon_ntile: charges the privacy budget, then reads the quantile from a noisy histogram';
CREATE AGGREGATE anon.anon_percentile(expr numeric, p float8, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_percentile(numeric, float8, float8, numeric, numeric, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';
CREATE AGGREGATE anon.anon_ntile(expr numeric, p float8, epsilon float8, lower numeric, upper numeric, delta float8) (
	SFUNC = anon._dp_quantile_trans, STYPE = anon.dp_quantile_state,
	COMBINEFUNC = anon._dp_quantile_combine,
	FINALFUNC = anon._dp_quantile_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.anon_ntile(numeric, float8, float8, numeric, numeric, float8)
IS 'differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper], (epsilon, delta) by the discrete Gaussian';

-- How noisy an answer is
CREATE FUNCTION anon._dp_noise_halfwidth(kind text, epsilon float8, lower float8,
                                         upper float8, delta float8, confidence float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'anon_dp_noise_halfwidth_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_noise_halfwidth(text, float8, float8, float8, float8, float8)
IS 'half-width of the interval around a released count or sum that holds the exact value with the given confidence (see anon.dp_confidence_interval)';
CREATE FUNCTION anon.dp_confidence_interval(released float8, kind text, epsilon float8,
                                            lower float8 DEFAULT 0, upper float8 DEFAULT 0,
                                            delta float8 DEFAULT 0, confidence float8 DEFAULT 0.95,
                                            OUT low float8, OUT high float8)
RETURNS record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT released - h, released + h
	FROM (SELECT anon._dp_noise_halfwidth(kind, epsilon, lower, upper, delta, confidence) AS h) s
$$;
COMMENT ON FUNCTION anon.dp_confidence_interval(float8, text, float8, float8, float8, float8, float8)
IS 'interval around a released anon_count or anon_sum that holds the exact value with the given confidence';

-- Local differential privacy: randomized response and its estimators
CREATE FUNCTION anon.randomized_response(answer boolean, epsilon float8)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_randomized_response_bool'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.randomized_response(boolean, float8)
IS 'the answer with probability e^epsilon / (1 + e^epsilon), else its negation';
CREATE FUNCTION anon.randomized_response(answer anyelement, categories anyarray, epsilon float8)
RETURNS anyelement
AS 'MODULE_PATHNAME', 'anon_randomized_response_any'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.randomized_response(anyelement, anyarray, float8)
IS 'the answer with probability e^epsilon / (e^epsilon + k - 1), else one of the k - 1 other categories';

CREATE FUNCTION anon._rr_trans(s float8[], response boolean, epsilon float8)
RETURNS float8[]
LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE
AS $$ SELECT ARRAY[s[1] + (response IS TRUE)::int, s[2] + (response IS NOT NULL)::int, epsilon, 2] $$;
COMMENT ON FUNCTION anon._rr_trans(float8[], boolean, float8)
IS 'transition function of anon.rr_count: counts the responses and the hits';
CREATE FUNCTION anon._rr_trans(s float8[], response anyelement, target anyelement,
                               k integer, epsilon float8)
RETURNS float8[]
LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE
AS $$ SELECT ARRAY[s[1] + (response IS NOT DISTINCT FROM target AND response IS NOT NULL)::int,
                   s[2] + (response IS NOT NULL)::int, epsilon, k] $$;
COMMENT ON FUNCTION anon._rr_trans(float8[], anyelement, anyelement, integer, float8)
IS 'transition function of anon.rr_count: counts the responses and the hits';
CREATE FUNCTION anon._rr_combine(a float8[], b float8[])
RETURNS float8[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ARRAY[a[1] + b[1], a[2] + b[2], greatest(a[3], b[3]), greatest(a[4], b[4])] $$;
COMMENT ON FUNCTION anon._rr_combine(float8[], float8[])
IS 'combine function of anon.rr_count (parallel query)';
-- unbiased: E[hits] = t p + (n - t) q, p = e^eps / (e^eps + k - 1), q = (1 - p) / (k - 1)
CREATE FUNCTION anon._rr_final(s float8[])
RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
	SELECT CASE WHEN s[2] = 0 THEN 0::float8
	            ELSE (s[1] - s[2] * q) / (p - q) END
	FROM (SELECT exp(s[3]) / (exp(s[3]) + s[4] - 1) AS p,
	             1 / (exp(s[3]) + s[4] - 1) AS q) c
$$;
COMMENT ON FUNCTION anon._rr_final(float8[])
IS 'final function of anon.rr_count: the unbiased estimate of the true count';
CREATE AGGREGATE anon.rr_count(response boolean, epsilon float8) (
	SFUNC = anon._rr_trans, STYPE = float8[], INITCOND = '{0,0,0,2}',
	COMBINEFUNC = anon._rr_combine, FINALFUNC = anon._rr_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.rr_count(boolean, float8)
IS 'unbiased estimate of how many true answers there were before randomized_response(answer, epsilon)';
CREATE AGGREGATE anon.rr_count(response anyelement, target anyelement, k integer, epsilon float8) (
	SFUNC = anon._rr_trans, STYPE = float8[], INITCOND = '{0,0,0,2}',
	COMBINEFUNC = anon._rr_combine, FINALFUNC = anon._rr_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon.rr_count(anyelement, anyelement, integer, float8)
IS 'unbiased estimate of how many answers were target before randomized_response over k categories';

-- The privacy budget (src/dp_budget.c).  Budgets are rows the DBA writes;
-- spends live in a crash-safe ledger outside the transaction system.
CREATE TABLE anon.dp_budget (
	role regrole PRIMARY KEY,
	epsilon float8 NOT NULL CHECK (epsilon >= 0 AND epsilon < 'Infinity'),
	delta float8 NOT NULL DEFAULT 0 CHECK (delta >= 0 AND delta <= 1)
);
COMMENT ON TABLE anon.dp_budget
IS 'total privacy budget of each role with one; a DIFFERENTIAL PRIVACY role without a row has none';
REVOKE ALL ON anon.dp_budget FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('anon.dp_budget', '');

CREATE FUNCTION anon.set_budget(role regrole, epsilon float8, delta float8 DEFAULT 0)
RETURNS void
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
	INSERT INTO anon.dp_budget AS b (role, epsilon, delta) VALUES (role, epsilon, delta)
	ON CONFLICT ON CONSTRAINT dp_budget_pkey
	DO UPDATE SET epsilon = excluded.epsilon, delta = excluded.delta
$$;
REVOKE ALL ON FUNCTION anon.set_budget(regrole, float8, float8) FROM PUBLIC;
COMMENT ON FUNCTION anon.set_budget(regrole, float8, float8)
IS 'set the total privacy budget (epsilon, delta) of a role in this database';

CREATE FUNCTION anon.budget_remaining(OUT epsilon float8, OUT delta float8)
RETURNS record
AS 'MODULE_PATHNAME', 'anon_dp_budget_remaining'
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon.budget_remaining()
IS 'privacy budget the current role has left in this database (Infinity: not limited)';
CREATE FUNCTION anon.budget_remaining(role regrole, OUT epsilon float8, OUT delta float8)
RETURNS record
AS 'MODULE_PATHNAME', 'anon_dp_budget_remaining'
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
REVOKE ALL ON FUNCTION anon.budget_remaining(regrole) FROM PUBLIC;
COMMENT ON FUNCTION anon.budget_remaining(regrole)
IS 'privacy budget a role has left in this database (Infinity: not limited)';

CREATE FUNCTION anon._dp_spends(OUT spent_at timestamptz, OUT dbid oid, OUT roleid oid,
                                OUT epsilon float8, OUT delta float8, OUT bound boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_dp_spends'
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon._dp_spends()
IS 'every privacy-budget spend of the server, from the ledger (read through the view anon.dp_spends)';
REVOKE ALL ON FUNCTION anon._dp_spends() FROM PUBLIC;
CREATE VIEW anon.dp_spends AS
SELECT s.spent_at, d.datname AS database, s.roleid::regrole AS role,
       s.epsilon, s.delta, s.bound
FROM anon._dp_spends() s
LEFT JOIN pg_catalog.pg_database d ON d.oid = s.dbid;
REVOKE ALL ON anon.dp_spends FROM PUBLIC;
COMMENT ON VIEW anon.dp_spends
IS 'every privacy-budget spend of the server, oldest first (bound: the role had a budget)';

-- Partition selection for DIFFERENTIAL PRIVACY roles (src/dp_guard.c adds
-- it as the HAVING condition of their grouped queries)
CREATE FUNCTION anon._dp_partition_trans(anon.dp_state, float8, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_partition_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_partition_trans(anon.dp_state, float8, float8)
IS 'transition function of anon._dp_partition_select: counts the rows of the group';
CREATE FUNCTION anon._dp_partition_final(anon.dp_state, float8, float8)
RETURNS boolean AS 'MODULE_PATHNAME', 'anon_dp_partition_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_partition_final(anon.dp_state, float8, float8)
IS 'final function of anon._dp_partition_select: whether the noisy count of the group reaches the threshold';
CREATE AGGREGATE anon._dp_partition_select(epsilon float8, delta float8) (
	SFUNC = anon._dp_partition_trans, STYPE = anon.dp_state,
	COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_partition_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_partition_select(float8, float8)
IS 'partition selection: true when the noisy count of the group passes the threshold set by delta';
