
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
-- so that a sharding engine can compute it per shard and combine it.  The
-- aggregates themselves, one per value type and signature, are generated
-- into 61_dp_aggregates.sql by scripts/gen-dp-sql.py (make dp-sql).
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
CREATE FUNCTION anon._dp_combine(anon.dp_state, anon.dp_state)
RETURNS anon.dp_state AS 'MODULE_PATHNAME', 'anon_dp_combine'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon._dp_combine(anon.dp_state, anon.dp_state)
IS 'combine function of the differentially private aggregates (parallel query): adds two states of the same call';

-- The state of anon_percentile and anon_ntile: a quantile from a noisy
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
AS $$ SELECT ARRAY[s[1] OPERATOR(pg_catalog.+) (response IS TRUE)::int,
                   s[2] OPERATOR(pg_catalog.+) (response IS NOT NULL)::int, epsilon, 2] $$;
COMMENT ON FUNCTION anon._rr_trans(float8[], boolean, float8)
IS 'transition function of anon.rr_count: counts the responses and the hits';
CREATE FUNCTION anon._rr_trans(s float8[], response anyelement, target anyelement,
                               k integer, epsilon float8)
RETURNS float8[]
LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE
AS $$ SELECT ARRAY[s[1] OPERATOR(pg_catalog.+) COALESCE(response OPERATOR(pg_catalog.=) target, false)::int,
                   s[2] OPERATOR(pg_catalog.+) (response IS NOT NULL)::int, epsilon, k] $$;
COMMENT ON FUNCTION anon._rr_trans(float8[], anyelement, anyelement, integer, float8)
IS 'transition function of anon.rr_count: counts the responses and the hits';
CREATE FUNCTION anon._rr_combine(a float8[], b float8[])
RETURNS float8[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ARRAY[a[1] OPERATOR(pg_catalog.+) b[1], a[2] OPERATOR(pg_catalog.+) b[2],
                   greatest(a[3], b[3]), greatest(a[4], b[4])] $$;
COMMENT ON FUNCTION anon._rr_combine(float8[], float8[])
IS 'combine function of anon.rr_count (parallel query)';
-- unbiased: E[hits] = t p + (n - t) q, p = e^eps / (e^eps + k - 1), q = (1 - p) / (k - 1)
CREATE FUNCTION anon._rr_final(s float8[])
RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
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
REVOKE ALL ON FUNCTION anon.set_public_partitions(regclass, name, anyarray) FROM PUBLIC;
COMMENT ON FUNCTION anon.set_public_partitions(regclass, name, anyarray)
IS 'declare the public group keys of a column (NULL::text[] removes them): DIFFERENTIAL PRIVACY roles see exactly these groups, without partition selection';
