-- redteam2 (session 7): anon's SQL functions that run without a fixed
-- search_path (so that they can be inlined) name their operators with
-- their schema: an unqualified operator resolves through the caller's
-- search_path, where a table owner's operator with the exact argument
-- types (float8 + integer, bigint % integer) wins over pg_catalog's, and
-- ran with the rights of the superuser calling anon.rr_count or
-- anon.random_id_int (sql/24_attacks_s7b.sql).  The others get a fixed
-- search_path.

CREATE OR REPLACE FUNCTION anon._rr_trans(s float8[], response boolean, epsilon float8)
RETURNS float8[]
LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE
AS $$ SELECT ARRAY[s[1] OPERATOR(pg_catalog.+) (response IS TRUE)::int,
                   s[2] OPERATOR(pg_catalog.+) (response IS NOT NULL)::int, epsilon, 2] $$;

CREATE OR REPLACE FUNCTION anon._rr_trans(s float8[], response anyelement, target anyelement,
                               k integer, epsilon float8)
RETURNS float8[]
LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE
AS $$ SELECT ARRAY[s[1] OPERATOR(pg_catalog.+) COALESCE(response OPERATOR(pg_catalog.=) target, false)::int,
                   s[2] OPERATOR(pg_catalog.+) (response IS NOT NULL)::int, epsilon, k] $$;

CREATE OR REPLACE FUNCTION anon._rr_combine(a float8[], b float8[])
RETURNS float8[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ARRAY[a[1] OPERATOR(pg_catalog.+) b[1], a[2] OPERATOR(pg_catalog.+) b[2],
                   greatest(a[3], b[3]), greatest(a[4], b[4])] $$;

CREATE OR REPLACE FUNCTION anon._rr_final(s float8[])
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

CREATE OR REPLACE FUNCTION anon.generalize_to_k(relid regclass, k integer,
                                     suppression double precision DEFAULT 0,
                                     hierarchies jsonb DEFAULT '{}',
                                     columns text[] DEFAULT NULL,
                                     l integer DEFAULT NULL,
                                     sensitive name DEFAULT NULL)
RETURNS TABLE (attname name, level integer, max_level integer, expression text, rule text,
               k_achieved bigint, suppressed bigint, loss double precision,
               discernibility double precision, nodes_checked integer, l_achieved bigint)
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT * FROM anon._generalize_to_k(
  relid, k, suppression,
  ARRAY(SELECT e.key FROM pg_catalog.jsonb_each(hierarchies) e ORDER BY e.key),
  ARRAY(SELECT CASE pg_catalog.jsonb_typeof(e.value)
                 WHEN 'array' THEN 'steps:' ||
                   (SELECT coalesce(pg_catalog.string_agg(x.v, ',' ORDER BY x.o), '')
                    FROM pg_catalog.jsonb_array_elements_text(e.value) WITH ORDINALITY x(v, o))
                 WHEN 'string' THEN e.value OPERATOR(pg_catalog.#>>) '{}'
                 ELSE 'invalid' END
        FROM pg_catalog.jsonb_each(hierarchies) e ORDER BY e.key),
  columns, l, sensitive)
$$;
