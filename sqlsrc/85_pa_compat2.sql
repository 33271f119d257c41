--------------------------------------------------------------------------
-- PostgreSQL Anonymizer 2.2.1 compatibility, continued (src/pa_compat.c,
-- src/policy.c): what its regression suite calls and 84_pa_compat.sql
-- does not define
--------------------------------------------------------------------------

-- Policies per session and per database (anon.masking_policies)
CREATE FUNCTION anon.register_masking_policy(policy text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_register_masking_policy'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION anon.register_masking_policy(text)
IS 'PostgreSQL Anonymizer compatibility: registers a masking policy (a label provider) in this session (superusers; anon.masking_policies registers it in every session)';
REVOKE ALL ON FUNCTION anon.register_masking_policy(text) FROM PUBLIC;

-- Values a rule reads from anon.custom_values (a JSON object)
CREATE FUNCTION anon.custom_value(key text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pa_custom_value'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.custom_value(text)
IS 'PostgreSQL Anonymizer compatibility: the value of key in anon.custom_values, NULL when it is missing';

CREATE FUNCTION anon.custom_value(key text, default_value text)
RETURNS text
AS 'MODULE_PATHNAME', 'anon_pa_custom_value'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION anon.custom_value(text, text)
IS 'PostgreSQL Anonymizer compatibility: the value of key in anon.custom_values, default_value when it is missing';

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
