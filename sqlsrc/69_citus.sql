--------------------------------------------------------------------------
-- Citus (src/citus.c)
--------------------------------------------------------------------------

-- Citus finalizes a DP aggregate on the coordinator with
-- coord_combine_agg(aggregate, state, NULL::result type); anon's planner hook
-- gives it the filter FILTER (WHERE anon._citus_dp_spend(epsilon, delta,
-- call, true)), which carries the spend of the call, so that the budget is
-- charged before the query runs, once, on the coordinator, and the call as
-- written (its parameters, for an input without rows).
CREATE FUNCTION anon._citus_dp_spend(epsilon double precision, delta double precision,
                                     call text, tag anyelement)
RETURNS anyelement
AS 'MODULE_PATHNAME', 'anon_citus_dp_spend'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION anon._citus_dp_spend(double precision, double precision, text, anyelement)
IS 'internal: tag, unchanged; carries the spend of a DP aggregate finalized by Citus on the coordinator';

-- Keys, the salt and the TRUSTED and RESTRICTED labels of schemas and
-- functions are the coordinator's on every node: the coordinator sends
-- them (keys encrypted under the key-encryption key, which every node
-- shares and which never travels) when a change commits, before a node is
-- added, and on demand; each worker checks and takes them.
CREATE FUNCTION anon.citus_sync()
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_citus_sync'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
REVOKE EXECUTE ON FUNCTION anon.citus_sync() FROM PUBLIC;
COMMENT ON FUNCTION anon.citus_sync()
IS 'on a Citus coordinator: copy its keys (encrypted), the fingerprint of anon.salt and its TRUSTED and RESTRICTED labels to every worker; returns the number of workers';

CREATE FUNCTION anon._citus_receive(payload text)
RETURNS integer
AS 'MODULE_PATHNAME', 'anon_citus_receive'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
REVOKE EXECUTE ON FUNCTION anon._citus_receive(text) FROM PUBLIC;
COMMENT ON FUNCTION anon._citus_receive(text)
IS 'internal, on a Citus worker: take the keys and trust labels the coordinator sends (anon.citus_sync()); returns the number of keys';

-- Grouped DP aggregates of DIFFERENTIAL PRIVACY roles on Citus tables
-- (src/citus_dp_group.c): the planner hook rewrites the grouped query into
-- the ungrouped aggregate anon._dp_grouped, whose state, a map group ->
-- partial states, leaves each worker sealed; the coordinator selects the
-- groups, draws the noise, and anon._dp_grouped_rows turns the release into
-- rows.
CREATE TYPE anon.dp_groups;
CREATE FUNCTION anon.dp_groups_in(cstring)
RETURNS anon.dp_groups
AS 'MODULE_PATHNAME', 'anon_citus_dp_groups_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dp_groups_in(cstring)
IS 'input function of the type anon.dp_groups, the state of anon._dp_grouped (opens a sealed state)';
CREATE FUNCTION anon.dp_groups_out(anon.dp_groups)
RETURNS cstring
AS 'MODULE_PATHNAME', 'anon_citus_dp_groups_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.dp_groups_out(anon.dp_groups)
IS 'output function of the type anon.dp_groups (sealed for a DIFFERENTIAL PRIVACY role)';
CREATE TYPE anon.dp_groups (
	INPUT = anon.dp_groups_in,
	OUTPUT = anon.dp_groups_out,
	INTERNALLENGTH = VARIABLE,
	STORAGE = extended
);
COMMENT ON TYPE anon.dp_groups
IS 'transition state of anon._dp_grouped: per group, its row count and the partial state of each DP aggregate';
CREATE FUNCTION anon._dp_grouped_trans(anon.dp_groups, text, record)
RETURNS anon.dp_groups
AS 'MODULE_PATHNAME', 'anon_citus_dp_group_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_grouped_trans(anon.dp_groups, text, record)
IS 'transition function of anon._dp_grouped: adds the row to its group';
CREATE FUNCTION anon._dp_grouped_combine(anon.dp_groups, anon.dp_groups)
RETURNS anon.dp_groups
AS 'MODULE_PATHNAME', 'anon_citus_dp_group_combine'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_grouped_combine(anon.dp_groups, anon.dp_groups)
IS 'combine function of anon._dp_grouped: merges the groups of two states of the same call';
CREATE FUNCTION anon._dp_grouped_final(anon.dp_groups, text, record)
RETURNS text[]
AS 'MODULE_PATHNAME', 'anon_citus_dp_group_final'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_grouped_final(anon.dp_groups, text, record)
IS 'final function of anon._dp_grouped: partition selection, then the noisy values of each released group';
CREATE AGGREGATE anon._dp_grouped(spec text, keys_and_values record) (
	SFUNC = anon._dp_grouped_trans, STYPE = anon.dp_groups,
	COMBINEFUNC = anon._dp_grouped_combine,
	FINALFUNC = anon._dp_grouped_final, FINALFUNC_EXTRA,
	FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_grouped(text, record)
IS 'internal: a grouped differentially private release as one aggregate (grouped DP queries on Citus tables): partition selection and noise as the spec says';
CREATE FUNCTION anon._dp_grouped_rows(released text[], ncols integer)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'anon_citus_dp_grouped_rows'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_grouped_rows(text[], integer)
IS 'internal: the rows of a release of anon._dp_grouped, ncols text columns each';

-- The partial form of a DP aggregate, computed natively on a worker: a
-- worker's planner hook replaces Citus's worker_partial_agg(aggregate,
-- ROW(args)) (which looks the aggregate up in the catalogs for every row)
-- with the aggregate's twin below, same transition function, whose result
-- is the state's text form (sealed for a DIFFERENTIAL PRIVACY role), what
-- worker_partial_agg returns.  Twins release nothing: they are not DP
-- aggregates (anon_dp_aggregate_layout), and a DP role may not call them.
CREATE FUNCTION anon._dp_partial_state_final(anon.dp_state)
RETURNS cstring
AS 'MODULE_PATHNAME', 'anon_citus_dp_partial_state_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_partial_state_final(anon.dp_state)
IS 'internal: final function of the partial twins of the DP aggregates: the state as text, sealed for a DIFFERENTIAL PRIVACY role';
CREATE FUNCTION anon._dp_partial_groups_final(anon.dp_groups)
RETURNS cstring
AS 'MODULE_PATHNAME', 'anon_citus_dp_partial_groups_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_partial_groups_final(anon.dp_groups)
IS 'internal: final function of the partial twin of anon._dp_grouped: the map as text, sealed for a DIFFERENTIAL PRIVACY role';
CREATE FUNCTION anon._dp_value_trans_any(anon.dp_state, anyelement, float8, anyelement, anyelement)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans_any(anon.dp_state, anyelement, float8, anyelement, anyelement)
IS 'internal: transition function of anon._dp_partial_value (that of anon_sum, anon_avg, ...)';
CREATE FUNCTION anon._dp_value_trans_any(anon.dp_state, anyelement, float8, anyelement, anyelement, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_value_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_value_trans_any(anon.dp_state, anyelement, float8, anyelement, anyelement, float8)
IS 'internal: transition function of anon._dp_partial_value (that of anon_sum, anon_avg, ...)';
CREATE FUNCTION anon._dp_bounded_trans_any(anon.dp_state, anyelement, anyelement, anyelement)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_bounded_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_bounded_trans_any(anon.dp_state, anyelement, anyelement, anyelement)
IS 'internal: transition function of anon._dp_partial_bounded (that of anon_sum_with_bounds, ...)';
CREATE FUNCTION anon._dp_bounded_trans_any(anon.dp_state, anyelement, anyelement, anyelement, float8)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_bounded_trans'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_bounded_trans_any(anon.dp_state, anyelement, anyelement, anyelement, float8)
IS 'internal: transition function of anon._dp_partial_bounded (that of anon_sum_with_bounds, ...)';
CREATE AGGREGATE anon._dp_partial_count_star(float8) (
	SFUNC = anon._dp_count_star_trans, STYPE = anon.dp_state, COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_partial_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_partial_count_star(float8)
IS 'internal: the partial state of anon_count(epsilon) on a Citus worker, as text';
CREATE AGGREGATE anon._dp_partial_count(anyelement) (
	SFUNC = anon._dp_count_trans, STYPE = anon.dp_state, COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_partial_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_partial_count(anyelement)
IS 'internal: the partial state of anon_count(expr) on a Citus worker, as text';
CREATE AGGREGATE anon._dp_partial_count(anyelement, float8) (
	SFUNC = anon._dp_count_trans, STYPE = anon.dp_state, COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_partial_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_partial_count(anyelement, float8)
IS 'internal: the partial state of anon_count(expr, epsilon) on a Citus worker, as text';
CREATE AGGREGATE anon._dp_partial_count(anyelement, float8, float8) (
	SFUNC = anon._dp_count_trans, STYPE = anon.dp_state, COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_partial_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_partial_count(anyelement, float8, float8)
IS 'internal: the partial state of anon_count(expr, epsilon, delta) on a Citus worker, as text';
CREATE AGGREGATE anon._dp_partial_value(anyelement, float8, anyelement, anyelement) (
	SFUNC = anon._dp_value_trans_any, STYPE = anon.dp_state, COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_partial_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_partial_value(anyelement, float8, anyelement, anyelement)
IS 'internal: the partial state of anon_sum, anon_avg, anon_var, anon_stddev on a Citus worker, as text';
CREATE AGGREGATE anon._dp_partial_value(anyelement, float8, anyelement, anyelement, float8) (
	SFUNC = anon._dp_value_trans_any, STYPE = anon.dp_state, COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_partial_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_partial_value(anyelement, float8, anyelement, anyelement, float8)
IS 'internal: the partial state of anon_sum, anon_avg, anon_var, anon_stddev (with delta) on a Citus worker, as text';
CREATE AGGREGATE anon._dp_partial_bounded(anyelement, anyelement, anyelement) (
	SFUNC = anon._dp_bounded_trans_any, STYPE = anon.dp_state, COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_partial_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_partial_bounded(anyelement, anyelement, anyelement)
IS 'internal: the partial state of anon_sum_with_bounds and the other bounded aggregates on a Citus worker, as text';
CREATE AGGREGATE anon._dp_partial_bounded(anyelement, anyelement, anyelement, float8) (
	SFUNC = anon._dp_bounded_trans_any, STYPE = anon.dp_state, COMBINEFUNC = anon._dp_combine,
	FINALFUNC = anon._dp_partial_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_partial_bounded(anyelement, anyelement, anyelement, float8)
IS 'internal: the partial state of anon_sum_with_bounds and the other bounded aggregates (with epsilon) on a Citus worker, as text';
CREATE AGGREGATE anon._dp_partial_grouped(text, record) (
	SFUNC = anon._dp_grouped_trans, STYPE = anon.dp_groups, COMBINEFUNC = anon._dp_grouped_combine,
	FINALFUNC = anon._dp_partial_groups_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE anon._dp_partial_grouped(text, record)
IS 'internal: the partial state of anon._dp_grouped on a Citus worker, as text';
