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
