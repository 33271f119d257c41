--------------------------------------------------------------------------
-- Policies and labels (src/label.c, src/rules.c)
--------------------------------------------------------------------------

CREATE FUNCTION anon.policies()
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'anon_policies_srf'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.policies()
IS 'the registered masking policies (label providers): anon, then anon.masking_policies';

CREATE FUNCTION anon.label_kind(label text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_label_kind'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.label_kind(text)
IS 'what a label says (MASKED WITH FUNCTION, NOT MASKED, ...), NULL when it is not a label of anon';

CREATE FUNCTION anon.label_expression(label text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_label_expression'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.label_expression(text)
IS 'the expression of a MASKED WITH label, as written';

CREATE FUNCTION anon.rule_may_call(func regprocedure, policy name DEFAULT 'anon')
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_rule_may_call'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.rule_may_call(regprocedure, name)
IS 'may a masking rule of the policy call the function? (functions of anon and of TRUSTED schemas, and built-in functions that cannot run other code or change state; see doc/trust-model.md)';

CREATE FUNCTION anon.rule_is_valid(relid regclass, attnum smallint, policy text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_rule_is_valid'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION anon.rule_is_valid(regclass, smallint, text)
IS 'whether the masking rule of a column still analyses: its functions exist and are trusted, its type fits';

CREATE VIEW anon.masking_rules AS
SELECT c.oid::regclass AS relid,
       n.nspname AS schema_name,
       c.relname AS table_name,
       a.attnum,
       a.attname,
       s.provider AS policy,
       anon.label_kind(s.label) AS kind,
       anon.label_expression(s.label) AS expression,
       s.label,
       CASE WHEN anon.label_kind(s.label) = 'NOT MASKED' THEN true
            ELSE anon.rule_is_valid(c.oid, a.attnum, s.provider) END AS valid
FROM pg_catalog.pg_seclabel s
JOIN pg_catalog.pg_class c ON s.classoid = 'pg_catalog.pg_class'::regclass AND s.objoid = c.oid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = s.objsubid
WHERE s.objsubid > 0
  AND s.provider IN (SELECT anon.policies())
  AND anon.label_kind(s.label) IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE', 'NOT MASKED');
COMMENT ON VIEW anon.masking_rules
IS 'every masking rule of every policy, with whether it is still valid';

CREATE VIEW anon.quasi_identifiers AS
SELECT c.oid::regclass AS relid,
       a.attnum,
       a.attname,
       s.provider
FROM pg_catalog.pg_seclabel s
JOIN pg_catalog.pg_class c ON s.classoid = 'pg_catalog.pg_class'::regclass AND s.objoid = c.oid
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = s.objsubid
WHERE s.objsubid > 0
  AND s.provider IN ('anon', 'k_anonymity')
  AND anon.label_kind(s.label) = 'QUASI-IDENTIFIER';
COMMENT ON VIEW anon.quasi_identifiers
IS 'columns labelled QUASI-IDENTIFIER (or INDIRECT IDENTIFIER for the k_anonymity provider)';

CREATE VIEW anon.masked_roles AS
SELECT r.oid AS roleid,
       r.rolname,
       s.provider AS policy,
       anon.label_kind(s.label) AS kind
FROM pg_catalog.pg_shseclabel s
JOIN pg_catalog.pg_roles r ON s.classoid = 'pg_catalog.pg_authid'::regclass AND s.objoid = r.oid
WHERE s.provider IN (SELECT anon.policies())
  AND anon.label_kind(s.label) IN ('MASKED', 'DIFFERENTIAL PRIVACY');
COMMENT ON VIEW anon.masked_roles
IS 'roles labelled MASKED (for a policy) or DIFFERENTIAL PRIVACY';

CREATE VIEW anon.trusted_schemas AS
SELECT n.oid AS nspid,
       n.nspname,
       s.provider AS policy
FROM pg_catalog.pg_seclabel s
JOIN pg_catalog.pg_namespace n ON s.classoid = 'pg_catalog.pg_namespace'::regclass AND s.objoid = n.oid
WHERE s.provider IN (SELECT anon.policies())
  AND anon.label_kind(s.label) = 'TRUSTED';
COMMENT ON VIEW anon.trusted_schemas
IS 'schemas whose functions masking rules may call, besides anon and pg_catalog';

-- A rule never points at nothing: a DDL command (DROP FUNCTION, ALTER
-- TABLE ... RENAME, DROP SCHEMA, removing a TRUSTED label, ...) that
-- would leave a masking rule that no longer analyses fails, naming it.
CREATE FUNCTION anon._check_rules_after_ddl()
RETURNS event_trigger
LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  broken text;
BEGIN
  SELECT string_agg(format('%s.%I for policy %s', m.relid, m.attname, m.policy), ', '
                    ORDER BY m.relid::text, m.attname, m.policy)
  INTO broken
  FROM anon.masking_rules m
  WHERE NOT m.valid;
  -- table labels (MASKED WHEN, TABLESAMPLE) must analyse too
  SELECT concat_ws(', ', broken,
           string_agg(format('table %s for policy %s', c.oid::regclass, s.provider), ', '))
  INTO broken
  FROM pg_catalog.pg_seclabel s
  JOIN pg_catalog.pg_class c ON s.classoid = 'pg_catalog.pg_class'::regclass AND s.objoid = c.oid
  WHERE s.objsubid = 0 AND s.provider IN (SELECT anon.policies())
    AND NOT anon.rule_is_valid(c.oid, 0::smallint, s.provider);
  IF broken <> '' THEN
    RAISE EXCEPTION 'this command would break the masking rules of %', broken
      USING ERRCODE = 'dependent_objects_still_exist',
            DETAIL = 'A masking rule must always analyse: its functions, types, schemas and columns must exist and be trusted.',
            HINT = 'Change or remove those rules first (SECURITY LABEL FOR ... ON COLUMN ... IS NULL).';
  END IF;
END;
$$;
COMMENT ON FUNCTION anon._check_rules_after_ddl()
IS 'event trigger: ERROR when a DDL command leaves a masking rule that no longer analyses';

CREATE EVENT TRIGGER anon_check_rules_after_ddl ON ddl_command_end
EXECUTE FUNCTION anon._check_rules_after_ddl();

-- Policies are not secret: pg_seclabels shows them to everyone already.
GRANT SELECT ON anon.masking_rules, anon.quasi_identifiers, anon.masked_roles,
  anon.trusted_schemas TO PUBLIC;
