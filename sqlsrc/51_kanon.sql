--------------------------------------------------------------------------
-- k-anonymity, l-diversity, t-closeness, risk (src/kanon.c)
--
-- The measures run their statements through SPI as the caller (not
-- SECURITY DEFINER): they read only what the caller may read.  PARALLEL
-- UNSAFE because they run SPI; their own statements may use parallel plans.
--------------------------------------------------------------------------

CREATE FUNCTION anon.k_anonymity(relid regclass, columns text[] DEFAULT NULL)
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_k_anonymity'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.k_anonymity(regclass, text[])
IS 'size of the smallest class of equal quasi-identifiers (labelled, or the columns given); NULL when empty';

CREATE FUNCTION anon.k_anonymity_query(query text, columns text[])
RETURNS bigint
AS 'MODULE_PATHNAME', 'anon_k_anonymity_query'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.k_anonymity_query(text, text[])
IS 'k-anonymity of the rows of a SELECT over the columns given';

CREATE FUNCTION anon.l_diversity(relid regclass, sensitive name, columns text[] DEFAULT NULL,
                                 OUT distinct_l bigint, OUT entropy_l double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'anon_l_diversity'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.l_diversity(regclass, name, text[])
IS 'distinct and entropy l-diversity of a sensitive column over the classes of the quasi-identifiers';

CREATE FUNCTION anon.l_diversity_query(query text, sensitive name, columns text[],
                                       OUT distinct_l bigint, OUT entropy_l double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'anon_l_diversity_query'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.l_diversity_query(text, name, text[])
IS 'distinct and entropy l-diversity of the rows of a SELECT';

CREATE FUNCTION anon.t_closeness(relid regclass, sensitive name, columns text[] DEFAULT NULL,
                                 ordered boolean DEFAULT NULL)
RETURNS double precision
AS 'MODULE_PATHNAME', 'anon_t_closeness'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.t_closeness(regclass, name, text[], boolean)
IS 'largest earth mover''s distance between a class''s and the table''s distribution of a sensitive column (ordered distance for numbers and times unless ordered says otherwise)';

CREATE FUNCTION anon.t_closeness_query(query text, sensitive name, columns text[],
                                       ordered boolean DEFAULT NULL)
RETURNS double precision
AS 'MODULE_PATHNAME', 'anon_t_closeness_query'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.t_closeness_query(text, name, text[], boolean)
IS 't-closeness of the rows of a SELECT';

CREATE FUNCTION anon.risk(relid regclass, threshold double precision DEFAULT 0.2,
                          columns text[] DEFAULT NULL, population regclass DEFAULT NULL)
RETURNS TABLE (measure text, value double precision, detail text)
AS 'MODULE_PATHNAME', 'anon_risk'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.risk(regclass, double precision, text[], regclass)
IS 're-identification risk report (prosecutor, journalist, marketer models of ARX), smallest classes, and each quasi-identifier''s contribution';
