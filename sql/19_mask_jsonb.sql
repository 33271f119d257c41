-- anon.mask_jsonb: masking functions applied to paths inside JSON, in one
-- pass; the functions its rules name pass the trust check of rules.
\set VERBOSITY terse
SET search_path = public;

-- paths: keys, array indexes, "*" for every element or key, key patterns
SELECT anon.mask_jsonb(
  '{"customer": {"email": "alice@example.com", "name": "Alice"},
    "items": [{"sku": "A1", "qty": 2}, {"sku": "B2", "qty": -1}],
    "home_email": "bob@example.org", "work_email": null, "n": 7}',
  '{"customer.email": "anon.partial_email",
    "items.*.sku": "pg_catalog.upper",
    "items.1.qty": "pg_catalog.abs(integer)",
    "*_email": "anon.partial_email"}');
-- the shape is kept: same keys, same array lengths, nulls stay null
SELECT anon.mask_jsonb('{"a": [1, "x", true, null, {"b": "y"}]}', '{"a.*": "pg_catalog.md5"}');
-- a rule that ends on a container masks every scalar below it ...
SELECT anon.mask_jsonb('{"a": {"b": ["x", {"c": "y"}]}, "z": "keep"}', '{"a": "pg_catalog.upper"}');
-- ... unless its function takes jsonb: it gets the whole value
SELECT anon.mask_jsonb('{"a": {"b": null, "c": 1}, "d": [1]}', '{"a": "pg_catalog.jsonb_typeof", "d": "pg_catalog.jsonb_array_length"}');
-- the rule nearest to the value wins
SELECT anon.mask_jsonb('{"a": {"b": "x", "c": "y"}}', '{"a": "pg_catalog.upper", "a.b": "pg_catalog.md5"}');
-- escaped dots and stars are literal; patterns with ?
SELECT anon.mask_jsonb('{"a.b": "x", "a": {"b": "y"}, "*": "s", "k1": "p", "k22": "q"}',
                       '{"a\\.b": "pg_catalog.upper", "\\*": "pg_catalog.upper", "k?": "pg_catalog.upper"}');
-- a function of no argument replaces the value; numbers come back as numbers
SELECT jsonb_typeof(anon.mask_jsonb('{"e": "a@b.c"}', '{"e": "anon.fake_email"}') -> 'e'),
       anon.mask_jsonb('{"e": "a@b.c"}', '{"e": "anon.fake_email"}') ->> 'e' <> 'a@b.c';
SELECT anon.mask_jsonb('{"n": 12.5, "i": -3}', '{"n": "pg_catalog.ceil(numeric)", "i": "pg_catalog.int4um"}');
-- scalar documents and empty rules are returned as they are
SELECT anon.mask_jsonb('"s"', '{"a": "pg_catalog.md5"}'), anon.mask_jsonb('{"a": 1}', '{}');

-- bad rules
SELECT anon.mask_jsonb('{"a": 1}', '[1]');                       -- fail: not an object
SELECT anon.mask_jsonb('{"a": 1}', '{"a..b": "pg_catalog.md5"}'); -- fail: empty segment
SELECT anon.mask_jsonb('{"a": 1}', '{"a": 3}');                  -- fail: not a name
SELECT anon.mask_jsonb('{"a": 1}', '{"a": "no_such_function"}');  -- fail: unknown
SELECT anon.mask_jsonb('{"a": 1}', '{"a": "anon.partial"}');      -- fail: 4 arguments

-- the trust check of rules applies to every function named, at run time
SELECT anon.mask_jsonb('{"a": "x"}', '{"a": "pg_catalog.pg_read_file(text)"}');   -- fail: volatile
SELECT anon.mask_jsonb('{"a": "x"}', '{"a": "pg_catalog.current_setting(text)"}'); -- fail: setting reader
SELECT anon.mask_jsonb('{"a": "x"}', '{"a": "pg_catalog.query_to_xml"}');          -- fail: not 1 argument
CREATE FUNCTION public.regress_jsonb_leak(text) RETURNS text
  LANGUAGE plpgsql PARALLEL SAFE AS $$BEGIN RAISE NOTICE 'leaked %', $1; RETURN $1; END$$;
SELECT anon.mask_jsonb('{"a": "secret"}', '{"a": "public.regress_jsonb_leak"}');  -- fail: untrusted schema
-- positive control: the function does leak when called directly
SELECT public.regress_jsonb_leak('secret');
-- names never resolve through the search path (pg_temp nor public)
SET search_path = public, pg_temp;
CREATE FUNCTION pg_temp.upper(text) RETURNS text LANGUAGE sql AS $$SELECT 'temp'$$;
SELECT anon.mask_jsonb('{"a": "x"}', '{"a": "upper"}');               -- pg_catalog.upper
SELECT anon.mask_jsonb('{"a": "x"}', '{"a": "regress_jsonb_leak"}');  -- fail: not in anon nor pg_catalog
RESET search_path;
-- EXECUTE privilege is required
CREATE ROLE regress_jsonb_user;
REVOKE EXECUTE ON FUNCTION anon.partial_email(text) FROM PUBLIC;
SET ROLE regress_jsonb_user;
SELECT anon.mask_jsonb('{"a": "a@b.c"}', '{"a": "anon.partial_email"}'); -- fail: no EXECUTE
RESET ROLE;
GRANT EXECUTE ON FUNCTION anon.partial_email(text) TO PUBLIC;

-- in a label: checked when the label is written, like any rule
CREATE TABLE regress_jsonb_t (id int, d jsonb);
INSERT INTO regress_jsonb_t VALUES (1, '{"email": "alice@example.com", "tags": ["a"]}');
SECURITY LABEL FOR anon ON COLUMN regress_jsonb_t.d
  IS 'MASKED WITH FUNCTION anon.mask_jsonb(d, ''{"email": "public.regress_jsonb_leak"}'')'; -- fail: untrusted
SECURITY LABEL FOR anon ON COLUMN regress_jsonb_t.d
  IS 'MASKED WITH FUNCTION anon.mask_jsonb(d, (''{"email": "upper"}'' || ''{}'')::jsonb)'; -- fail: not a constant
SECURITY LABEL FOR anon ON COLUMN regress_jsonb_t.d
  IS 'MASKED WITH FUNCTION anon.mask_jsonb(d, ''{"email": "anon.partial_email"}'')'; -- OK
CREATE ROLE regress_jsonb_masked;
SECURITY LABEL FOR anon ON ROLE regress_jsonb_masked IS 'MASKED';
GRANT SELECT ON regress_jsonb_t TO regress_jsonb_masked;
SET ROLE regress_jsonb_masked;
SELECT id, d FROM regress_jsonb_t;
RESET ROLE;
-- positive control: an unmasked reader sees the raw value
SELECT id, d FROM regress_jsonb_t;
-- a schema labelled TRUSTED admits its functions
SECURITY LABEL FOR anon ON SCHEMA public IS 'TRUSTED';
SELECT anon.mask_jsonb('{"a": "x"}', '{"a": "public.regress_jsonb_leak"}');
SECURITY LABEL FOR anon ON SCHEMA public IS NULL;

DROP TABLE regress_jsonb_t;
DROP FUNCTION public.regress_jsonb_leak(text);
DROP ROLE regress_jsonb_masked;
DROP ROLE regress_jsonb_user;
