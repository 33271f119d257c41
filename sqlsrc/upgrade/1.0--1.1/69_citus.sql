--------------------------------------------------------------------------
-- Citus (src/citus.c)
--------------------------------------------------------------------------

-- Citus finalizes a DP aggregate on the coordinator with
-- coord_combine_agg(aggregate, state, NULL::result type); anon's planner hook
-- gives it the filter FILTER (WHERE anon._citus_dp_spend(epsilon, delta,
-- true)), which carries the spend of the call, so that the budget is
-- charged before the query runs, once, on the coordinator.
CREATE FUNCTION anon._citus_dp_spend(epsilon double precision, delta double precision,
                                     tag anyelement)
RETURNS anyelement
AS 'MODULE_PATHNAME', 'anon_citus_dp_spend'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION anon._citus_dp_spend(double precision, double precision, anyelement)
IS 'internal: tag, unchanged; carries the spend of a DP aggregate finalized by Citus on the coordinator';
