--------------------------------------------------------------------------
-- PostgreSQL Anonymizer compatibility, third part: what PA's regression
-- suite and documentation call that 84_pa_compat.sql and 85_pa_compat2.sql
-- do not define, or define with another result
--------------------------------------------------------------------------

-- PA's anon.register_masking_policy(name) registers the policy and labels
-- the schemas pg_catalog and anon TRUSTED for it; so does this one.  Both
-- labels change nothing here (anon is always trusted, and pg_catalog's
-- functions are trusted one by one whatever its label says), but PA's
-- scripts count them.
CREATE FUNCTION anon.register_masking_policy(policy text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $$
BEGIN
  PERFORM anon._register_masking_policy(policy);
  -- the name was checked (letters, digits, underscores); quoted all the same
  EXECUTE format('SECURITY LABEL FOR %I ON SCHEMA pg_catalog IS %L', policy, 'TRUSTED');
  EXECUTE format('SECURITY LABEL FOR %I ON SCHEMA anon IS %L', policy, 'TRUSTED');
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.register_masking_policy(text)
IS 'PostgreSQL Anonymizer compatibility: registers a masking policy (a label provider) in this session and labels the schemas pg_catalog and anon TRUSTED for it, as PA does (superusers; anon.masking_policies registers it in every session)';
REVOKE ALL ON FUNCTION anon.register_masking_policy(text) FROM PUBLIC;

-- PA's anon.anonymize_database_parallel(workers) returns a boolean; the
-- rows of anon 1.0's form (one per table masked) are
-- anon.anonymize_database_parallel_report's.  An incomplete run is an
-- error here, never false: it names the tables left unmasked.
CREATE FUNCTION anon.anonymize_database_parallel(workers integer, policy text DEFAULT 'anon')
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM anon._static_masking_check();
  PERFORM count(*) FROM anon.anonymize_database_parallel_report(workers, policy);
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.anonymize_database_parallel(integer, text)
IS 'mask every table with rules of the policy on up to workers background workers (at most anon.max_bg_workers), each table or group of tables a foreign key links in its own transaction; true, or an error that names the tables left unmasked (anonymize_database_parallel_report says more)';

-- PA's helpers that its scripts and documentation call (sql/anon.sql of PA
-- 1.x and 2.x).  None reads a secret or a raw value; the ones that
-- describe masking use anon's analysed, schema-qualified expressions,
-- never the label text as the owner wrote it.

-- anon.unload(): PA 0.6's name of anon.reset()
CREATE FUNCTION anon.unload()
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
RETURN anon.reset();
COMMENT ON FUNCTION anon.unload()
IS 'PostgreSQL Anonymizer compatibility (deprecated name): anon.reset()';

-- anon.notice_if_not_init(): PA's fake data functions call it when its
-- tables are empty; anon's fake data are built in, so it has nothing to say
CREATE FUNCTION anon.notice_if_not_init()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN NULL::text;
COMMENT ON FUNCTION anon.notice_if_not_init()
IS 'PostgreSQL Anonymizer compatibility: NULL, without a notice (the fake data are built in)';

-- anon.init_masking_policies(): registers, in this session, the policies
-- anon.masking_policies names (new sessions register them by themselves)
CREATE FUNCTION anon.init_masking_policies()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  p text;
BEGIN
  FOR p IN
    SELECT btrim(x) FROM pg_catalog.regexp_split_to_table(
             pg_catalog.current_setting('anon.masking_policies'), ',') AS x
    WHERE btrim(x) <> ''
  LOOP
    PERFORM anon._register_masking_policy(p);
  END LOOP;
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.init_masking_policies()
IS 'PostgreSQL Anonymizer compatibility: register in this session the policies anon.masking_policies names (superusers)';
REVOKE ALL ON FUNCTION anon.init_masking_policies() FROM PUBLIC;

CREATE FUNCTION anon.column_exists(table_relid regclass, column_name name)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
               WHERE a.attrelid = table_relid AND a.attnum > 0
                 AND NOT a.attisdropped AND a.attname = column_name);
COMMENT ON FUNCTION anon.column_exists(regclass, name)
IS 'PostgreSQL Anonymizer compatibility: whether the table has a column of that name';

CREATE FUNCTION anon.get_attrdef(relid integer, num integer)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d
        WHERE d.adrelid = relid::oid AND d.adnum = num);
COMMENT ON FUNCTION anon.get_attrdef(integer, integer)
IS 'PostgreSQL Anonymizer compatibility: the default expression of column num of a relation, as text (NULL without one)';

CREATE FUNCTION anon.get_schema(t text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN (SELECT pg_catalog.quote_ident(a[pg_catalog.array_upper(a, 1) - 1])
        FROM pg_catalog.parse_ident(t) AS a);
COMMENT ON FUNCTION anon.get_schema(text)
IS 'PostgreSQL Anonymizer compatibility: the schema part of a qualified name, quoted (NULL without one)';

CREATE FUNCTION anon.get_relname(t text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN (SELECT pg_catalog.quote_ident(a[pg_catalog.array_upper(a, 1)])
        FROM pg_catalog.parse_ident(t) AS a);
COMMENT ON FUNCTION anon.get_relname(text)
IS 'PostgreSQL Anonymizer compatibility: the last part of a qualified name, quoted';

-- PA's legacy masking views were built from these three
CREATE FUNCTION anon.mask_columns(source_relid oid)
RETURNS TABLE (attname name, masking_filter text, format_type text)
LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT a.attname, m.masking_filter, m.format_type
  FROM pg_catalog.pg_attribute a
  LEFT JOIN anon.pg_masking_rules m ON m.attrelid = a.attrelid AND m.attnum = a.attnum
  WHERE a.attrelid = source_relid AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY a.attnum
$$;
COMMENT ON FUNCTION anon.mask_columns(oid)
IS 'PostgreSQL Anonymizer compatibility: every column of a relation with its masking rule (policy anon, as anon.pg_masking_rules shows it), NULL for a column without one';

CREATE FUNCTION anon.mask_filters(relid oid)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
RETURN anon.masking_expressions_for_table(relid::regclass, 'anon');
COMMENT ON FUNCTION anon.mask_filters(oid)
IS 'PostgreSQL Anonymizer compatibility: the select list that masks a relation for policy anon (analysed, schema-qualified expressions, as anon.masking_expressions_for_table)';

CREATE FUNCTION anon.mask_select(relid oid)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
RETURN 'SELECT ' || anon.mask_filters(relid) || ' FROM ' || relid::regclass::text
       || coalesce(' TABLESAMPLE ' || anon.get_tablesample_ratio(relid), '');
COMMENT ON FUNCTION anon.mask_select(oid)
IS 'PostgreSQL Anonymizer compatibility: a query of a relation with the rules of policy anon applied and its sample; it runs with the rights of whoever runs it (masked roles read masked data whatever they run)';

-- PA's view of the indirect identifiers k_anonymity() reads
CREATE VIEW anon.pg_identifiers AS
SELECT q.relid::oid AS attrelid, q.attnum, c.relname, q.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS format_type,
       s.label AS col_description, true AS indirect_identifier, 100 AS priority
FROM anon.quasi_identifiers q
JOIN pg_catalog.pg_class c ON c.oid = q.relid
JOIN pg_catalog.pg_attribute a ON a.attrelid = q.relid AND a.attnum = q.attnum
LEFT JOIN pg_catalog.pg_seclabel s
  ON s.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND s.objoid = q.relid
 AND s.objsubid = q.attnum AND s.provider = q.provider;
COMMENT ON VIEW anon.pg_identifiers
IS 'PostgreSQL Anonymizer compatibility: the columns labelled QUASI-IDENTIFIER (anon) or INDIRECT IDENTIFIER (k_anonymity), with PA''s columns';
GRANT SELECT ON anon.pg_identifiers TO PUBLIC;
