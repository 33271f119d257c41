--------------------------------------------------------------------------
-- Automatic generalization (src/kanon_search.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon._generalize_to_k(relid regclass, k integer, suppression double precision,
                                      keys text[], specs text[], columns text[],
                                      l integer, sensitive name)
RETURNS TABLE (attname name, level integer, max_level integer, expression text, rule text,
               k_achieved bigint, suppressed bigint, loss double precision,
               discernibility double precision, nodes_checked integer, l_achieved bigint)
AS 'MODULE_PATHNAME', 'anon_generalize_to_k'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._generalize_to_k(regclass, integer, double precision, text[], text[], text[], integer, name)
IS 'implementation of anon.generalize_to_k';

-- hierarchies: {"column": [step, ...] | "prefix" | "prefix:keep,..." |
--               "hierarchy:name" | "suppress", ...}; other columns get the
-- default hierarchy of their type.  With l and sensitive, every released
-- class also holds at least l distinct values of the sensitive column.
CREATE FUNCTION anon.generalize_to_k(relid regclass, k integer,
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
COMMENT ON FUNCTION anon.generalize_to_k(regclass, integer, double precision, jsonb, text[], integer, name)
IS 'least generalized levels of the quasi-identifiers making the relation k-anonymous (and distinct l-diverse for a sensitive column), by a Flash lattice search, with the masking rules that apply them';
