-- anon.mask_jsonb: masking functions applied to paths inside a JSON
-- document, in one pass (src/mask_jsonb.c; doc/subsets-and-json.md).
-- VOLATILE: the functions its rules name may be (fake values, noise).
-- PARALLEL SAFE: it calls only PARALLEL SAFE functions, checked at run time.
CREATE FUNCTION anon.mask_jsonb(doc jsonb, rules jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'anon_mask_jsonb'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.mask_jsonb(jsonb, jsonb)
IS 'the document with each value a path of the rules reaches replaced by the rule''s masking function of it; same shape';
