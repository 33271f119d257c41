-- trust: what a masking rule may call (src/trust.c)

CREATE FUNCTION anon.rule_may_call(func regprocedure, policy name DEFAULT 'anon')
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_rule_may_call'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon.rule_may_call(regprocedure, name)
IS 'may a masking rule of the policy call the function? (functions of anon and of TRUSTED schemas, and built-in functions that cannot run other code or change state; see doc/trust-model.md)';
