--------------------------------------------------------------------------
-- PostgreSQL Anonymizer 2.2.1 compatibility, continued (src/pa_compat.c,
-- src/policy.c): what its regression suite calls and 84_pa_compat.sql
-- does not define
--------------------------------------------------------------------------

-- Policies per session and per database (anon.masking_policies);
-- anon.register_masking_policy(name), which also writes PA's labels, is in
-- sqlsrc/86_pa_compat3.sql
CREATE FUNCTION anon._register_masking_policy(policy text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_register_masking_policy'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._register_masking_policy(text)
IS 'internal: registers a masking policy (a label provider) in this session (superusers)';
REVOKE ALL ON FUNCTION anon._register_masking_policy(text) FROM PUBLIC;

-- Values a rule reads from anon.custom_values (a JSON object)
CREATE FUNCTION anon.custom_value(key text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pa_custom_value'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.custom_value(text)
IS 'PostgreSQL Anonymizer compatibility: the value of key in anon.custom_values, NULL when it is missing';
-- anon.custom_values is visible to superusers only: rules read it, masked
-- roles may not call it themselves (as in PA)
SECURITY LABEL FOR anon ON FUNCTION anon.custom_value(text) IS 'RESTRICTED';

CREATE FUNCTION anon.custom_value(key text, default_value text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pa_custom_value'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.custom_value(text, text)
IS 'PostgreSQL Anonymizer compatibility: the value of key in anon.custom_values, default_value when it is missing';
SECURITY LABEL FOR anon ON FUNCTION anon.custom_value(text, text) IS 'RESTRICTED';

-- PostgreSQL Anonymizer 1.x's names of the fake_* functions
CREATE FUNCTION anon.random_first_name() RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
RETURN anon.fake_first_name();
COMMENT ON FUNCTION anon.random_first_name()
IS 'PostgreSQL Anonymizer compatibility (deprecated name): anon.fake_first_name()';

CREATE FUNCTION anon.random_last_name() RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
RETURN anon.fake_last_name();
COMMENT ON FUNCTION anon.random_last_name()
IS 'PostgreSQL Anonymizer compatibility (deprecated name): anon.fake_last_name()';

CREATE FUNCTION anon.random_email() RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
RETURN anon.fake_email();
COMMENT ON FUNCTION anon.random_email()
IS 'PostgreSQL Anonymizer compatibility (deprecated name): anon.fake_email()';

CREATE FUNCTION anon.random_city() RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
RETURN anon.fake_city();
COMMENT ON FUNCTION anon.random_city()
IS 'PostgreSQL Anonymizer compatibility (deprecated name): anon.fake_city()';

CREATE FUNCTION anon.random_country() RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
RETURN anon.fake_country();
COMMENT ON FUNCTION anon.random_country()
IS 'PostgreSQL Anonymizer compatibility (deprecated name): anon.fake_country()';

CREATE FUNCTION anon.random_company() RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
RETURN anon.fake_company();
COMMENT ON FUNCTION anon.random_company()
IS 'PostgreSQL Anonymizer compatibility (deprecated name): anon.fake_company()';

CREATE FUNCTION anon.random_iban() RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
RETURN anon.fake_iban();
COMMENT ON FUNCTION anon.random_iban()
IS 'PostgreSQL Anonymizer compatibility (deprecated name): anon.fake_iban()';

CREATE FUNCTION anon.random_siret() RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
RETURN anon.fake_siret();
COMMENT ON FUNCTION anon.random_siret()
IS 'PostgreSQL Anonymizer compatibility (deprecated name): anon.fake_siret()';

CREATE FUNCTION anon.random_siren() RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
RETURN anon.fake_siren();
COMMENT ON FUNCTION anon.random_siren()
IS 'PostgreSQL Anonymizer compatibility (deprecated name): anon.fake_siren()';

--------------------------------------------------------------------------
-- Replica masking (PA 2.x): the rows a logical replica receives are
-- masked as they are written, by an ENABLE ALWAYS trigger (apply workers
-- fire only those) on every table with a masking rule of policy anon.
-- The trigger (src/pa_compat.c) runs the rules as the table's owner in a
-- security-restricted operation, never as the subscription's owner.
--------------------------------------------------------------------------
CREATE FUNCTION anon._replica_mask()
RETURNS trigger
AS 'MODULE_PATHNAME', 'anon_pa_replica_mask'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon._replica_mask()
IS 'trigger of anon.start_replica_masking(): stores the masked row instead of the one written';
REVOKE ALL ON FUNCTION anon._replica_mask() FROM PUBLIC;

CREATE FUNCTION anon.start_replica_masking()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
BEGIN
  IF NOT pg_catalog.current_setting('anon.replica_masking')::boolean THEN
    RAISE NOTICE 'replica masking is off'
      USING HINT = 'A superuser turns it on with SET anon.replica_masking = on.';
    RETURN false;
  END IF;
  FOR r IN
    SELECT DISTINCT m.relid
    FROM anon.masking_rules m
    JOIN pg_catalog.pg_class c ON c.oid = m.relid
    WHERE m.policy = 'anon'
      AND m.kind IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE')
      AND c.relkind IN ('r', 'p')
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                      WHERE t.tgrelid = m.relid AND t.tgname = 'tg_anon_replica_masking')
  LOOP
    EXECUTE pg_catalog.format('CREATE TRIGGER tg_anon_replica_masking BEFORE INSERT OR UPDATE ON %s '
                              'FOR EACH ROW EXECUTE FUNCTION anon._replica_mask()', r.relid);
    EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ALWAYS TRIGGER tg_anon_replica_masking', r.relid);
  END LOOP;
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.start_replica_masking()
IS 'PostgreSQL Anonymizer compatibility: mask the rows written into every table with a masking rule (a logical replica stores masked rows); false unless anon.replica_masking is on';

CREATE FUNCTION anon.stop_replica_masking()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT t.tgrelid
    FROM pg_catalog.pg_trigger t
    WHERE t.tgname = 'tg_anon_replica_masking'
      AND t.tgfoid = 'anon._replica_mask()'::pg_catalog.regprocedure
      AND t.tgparentid = 0
  LOOP
    EXECUTE pg_catalog.format('DROP TRIGGER tg_anon_replica_masking ON %s', r.tgrelid::pg_catalog.regclass);
  END LOOP;
  RETURN true;
END;
$$;
COMMENT ON FUNCTION anon.stop_replica_masking()
IS 'PostgreSQL Anonymizer compatibility: drop the triggers of anon.start_replica_masking()';

CREATE FUNCTION anon.refresh_replica_masking()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM anon.stop_replica_masking();
  RETURN anon.start_replica_masking();
END;
$$;
COMMENT ON FUNCTION anon.refresh_replica_masking()
IS 'PostgreSQL Anonymizer compatibility: anon.start_replica_masking() again, for the tables whose rules changed';

--------------------------------------------------------------------------
-- Regions, and cities and regions of a country (PA's documentation)
--------------------------------------------------------------------------

-- the locale of anon's dictionaries for a country named in English (or by
-- its ISO code); NULL for a country anon has no dictionary of
CREATE FUNCTION anon._country_locale(country text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT l.locale
  FROM (VALUES ('united states', 'us', 'en_US'), ('usa', 'us', 'en_US'),
               ('france', 'fr', 'fr_FR'), ('germany', 'de', 'de_DE'),
               ('spain', 'es', 'es_ES'), ('italy', 'it', 'it_IT'),
               ('brazil', 'br', 'pt_BR'), ('japan', 'jp', 'ja_JP'),
               ('china', 'cn', 'zh_CN'), ('taiwan', 'tw', 'zh_TW'),
               ('saudi arabia', 'sa', 'ar_SA')) AS l(name, code, locale)
  WHERE lower(btrim(country)) IN (l.name, l.code)
  LIMIT 1
$$;
COMMENT ON FUNCTION anon._country_locale(text)
IS 'the locale of anon''s dictionaries for a country (English name or ISO code), NULL if none';

CREATE FUNCTION anon.fake_region()
RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
RETURN anon.dummy_state_name();
COMMENT ON FUNCTION anon.fake_region()
IS 'PostgreSQL Anonymizer compatibility: a random region (state) name (anon.dummy_locale)';

CREATE FUNCTION anon.fake_region_in_country(country text)
RETURNS text
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
RETURN anon.dummy_state_name_locale(anon._country_locale(country));
COMMENT ON FUNCTION anon.fake_region_in_country(text)
IS 'PostgreSQL Anonymizer compatibility: a random region of the country (English name or ISO code); NULL for a country anon has no dictionary of';

CREATE FUNCTION anon.fake_city_in_country(country text)
RETURNS text
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
RETURN anon.dummy_city_name_locale(anon._country_locale(country));
COMMENT ON FUNCTION anon.fake_city_in_country(text)
IS 'PostgreSQL Anonymizer compatibility: a random city of the country (English name or ISO code); NULL for a country anon has no dictionary of';

CREATE FUNCTION anon.pseudo_region(seed anyelement, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_region'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_region(anyelement, text)
IS 'a region (state) name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_region(anyelement, text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_region(seed text, salt text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pseudo_region'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_region(text, text)
IS 'a region (state) name chosen by HMAC-SHA256(salt, seed) from the dictionary of anon.locale';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_region(text, text) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_region(seed anyelement)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pa_pseudo_region'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_region(anyelement)
IS 'pseudo_region(seed, anon.salt); without anon.salt, seeded_state_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_region(anyelement) IS 'RESTRICTED';
CREATE FUNCTION anon.pseudo_region(seed text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pa_pseudo_region'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.pseudo_region(text)
IS 'pseudo_region(seed, anon.salt); without anon.salt, seeded_state_name(seed) (the database key)';
SECURITY LABEL FOR anon ON FUNCTION anon.pseudo_region(text) IS 'RESTRICTED';

-- PA's helper: the schema a function call names ('' for none)
CREATE FUNCTION anon.get_function_schema(call text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pa_get_function_schema'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.get_function_schema(text)
IS 'PostgreSQL Anonymizer compatibility: the schema a function call names, '''' when none (parses the text only)';

-- PA 1.x's anon.noise(date or timestamp, interval), which anon calls dnoise
CREATE FUNCTION anon.noise(noise_value date, noise_range interval)
RETURNS date
AS 'MODULE_PATHNAME', 'anon_dnoise_date'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(date, interval)
IS 'PostgreSQL Anonymizer compatibility: anon.dnoise(date, interval)';

CREATE FUNCTION anon.noise(noise_value timestamp, noise_range interval)
RETURNS timestamp
AS 'MODULE_PATHNAME', 'anon_dnoise_timestamp'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(timestamp, interval)
IS 'PostgreSQL Anonymizer compatibility: anon.dnoise(timestamp, interval)';

CREATE FUNCTION anon.noise(noise_value timestamptz, noise_range interval)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'anon_dnoise_timestamp'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.noise(timestamptz, interval)
IS 'PostgreSQL Anonymizer compatibility: anon.dnoise(timestamptz, interval)';

--------------------------------------------------------------------------
-- PA's internal helpers, which its scripts and tests call: defined so that
-- a PA script calling them does not abort its transaction.  They read the
-- catalog or compute from their arguments only; those that query the
-- catalog are PARALLEL RESTRICTED, so masking rules cannot call them.
--------------------------------------------------------------------------

CREATE FUNCTION anon.hex_to_int(hexval text)
RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$SELECT ('x' || lpad(hexval, 16, '0'))::bit(64)::bigint$$;
COMMENT ON FUNCTION anon.hex_to_int(text)
IS 'PostgreSQL Anonymizer compatibility: the value of a hexadecimal string of up to 16 digits';

CREATE FUNCTION anon.projection_to_oid(seed anyelement, salt text, last_oid bigint)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  -- a value of a type that is not built in is written by its output
  -- function, never by a cast to text: that cast may be a function of the
  -- type's owner, which a rule's call would run as the masked reader.  In
  -- PL/pgSQL, not SQL: PostgreSQL 18 plans a SQL function's body with its
  -- arguments as constants, and folding the cast of a constant ran it,
  -- even in a CASE arm never taken.  A branch's expression is planned only
  -- when it runs.
  IF pg_typeof(seed)::oid < 16384 THEN
    RETURN anon.projection_to_oid(seed::text, salt, last_oid);
  END IF;
  RETURN anon.projection_to_oid(format('%s', seed), salt, last_oid);
END
$$;
COMMENT ON FUNCTION anon.projection_to_oid(anyelement, text, bigint)
IS 'PostgreSQL Anonymizer compatibility: a number between 1 and last_oid picked by the MD5 of seed and salt (not a keyed pseudonym: use anon.pseudonymize or anon.hash)';

CREATE FUNCTION anon.projection_to_oid(seed text, salt text, last_oid bigint)
RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CAST(anon.hex_to_int(left(md5(seed || salt), 8)) / 4294967295.0
              * (last_oid - 1) + 1 AS integer)
$$;
COMMENT ON FUNCTION anon.projection_to_oid(text, text, bigint)
IS 'PostgreSQL Anonymizer compatibility: a number between 1 and last_oid picked by the MD5 of seed and salt (not a keyed pseudonym: use anon.pseudonymize or anon.hash)';

CREATE FUNCTION anon.get_tablesample_ratio(relid oid)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce(
    (SELECT anon.label_expression(s.label) FROM pg_catalog.pg_seclabel s
     WHERE s.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND s.objoid = relid
       AND s.objsubid = 0 AND s.provider = 'anon'
       AND anon.label_kind(s.label) = 'TABLESAMPLE'),
    (SELECT anon.label_expression(s.label) FROM pg_catalog.pg_shseclabel s
     WHERE s.classoid = 'pg_catalog.pg_database'::pg_catalog.regclass
       AND s.objoid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
       AND s.provider = 'anon' AND anon.label_kind(s.label) = 'TABLESAMPLE'))
$$;
COMMENT ON FUNCTION anon.get_tablesample_ratio(oid)
IS 'PostgreSQL Anonymizer compatibility: the sampling clause of a table for policy anon (its own, else the database''s), NULL if none';

CREATE FUNCTION anon.masking_value_for_column(relid regclass, colnum integer, policy name)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
  -- The text is run by the caller (often a superuser): the owner's rules
  -- and defaults must come out as masking_view has them, analysed,
  -- trust-checked (an untrusted default reads NULL) and schema-qualified,
  -- never as the owner wrote them.
  SELECT CASE
           WHEN pg_catalog.pg_has_role(c.relowner, 'USAGE')
             THEN coalesce(anon._column_mask_sql($1, a.attnum, $3::text), pg_catalog.quote_ident(a.attname))
           WHEN m.kind IN ('MASKED WITH FUNCTION', 'MASKED WITH VALUE')
             THEN 'CAST(' || m.expression || ' AS ' || pg_catalog.format_type(a.atttypid, a.atttypmod) || ')'
           WHEN m.kind IS NULL AND pg_catalog.current_setting('anon.privacy_by_default')::boolean
             THEN 'CAST(NULL AS ' || pg_catalog.format_type(a.atttypid, a.atttypmod) || ')'
           ELSE pg_catalog.quote_ident(a.attname)
         END
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  LEFT JOIN anon.masking_rules m ON m.relid = a.attrelid AND m.attnum = a.attnum AND m.policy = $3
  WHERE a.attrelid = $1 AND a.attnum = $2 AND NOT a.attisdropped
$$;
COMMENT ON FUNCTION anon.masking_value_for_column(regclass, integer, name)
IS 'PostgreSQL Anonymizer compatibility: the masked value of a column for a policy, as SQL text (see anon.masking_view for what masked roles read)';

CREATE FUNCTION anon.masking_expressions_for_table(relid regclass, policy name)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.string_agg(anon.masking_value_for_column($1, a.attnum, $2)
                               || ' AS ' || pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
  FROM pg_catalog.pg_attribute a
  WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
$$;
COMMENT ON FUNCTION anon.masking_expressions_for_table(regclass, name)
IS 'PostgreSQL Anonymizer compatibility: the masked select list of a table for a policy, as SQL text (see anon.masking_view)';

-- PA 2.x names the way out of its 1.x masking views
-- stop_legacy_dynamic_masking(); masked roles stay masked either way.
CREATE FUNCTION anon.stop_legacy_dynamic_masking()
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM anon._require_superuser('stop the legacy dynamic masking');
  -- nothing to stop (and no search_path to reset) without the schema of views
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace
                 WHERE nspname = pg_catalog.current_setting('anon.maskschema')) THEN
    RETURN true;
  END IF;
  RETURN anon.stop_dynamic_masking();
END;
$$;
COMMENT ON FUNCTION anon.stop_legacy_dynamic_masking()
IS 'PostgreSQL Anonymizer compatibility: drop the legacy masking views if they exist (anon.stop_dynamic_masking); masked roles stay masked while labelled';
