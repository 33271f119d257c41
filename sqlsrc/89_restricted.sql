--------------------------------------------------------------------------
-- Functions that use a secret are RESTRICTED out of the box (src/label.c)
--------------------------------------------------------------------------
-- A masked role that could call a keyed hash or a keyed pseudonymizer (or a
-- salted one: the salt of a rule is visible in pg_seclabels) could hash its
-- guesses and compare them with a masked column.  Masking rules still call
-- them; masked roles cannot, by any path.
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure
    FROM pg_catalog.pg_proc p
    WHERE p.pronamespace = 'anon'::regnamespace
      AND (p.proname IN ('hash', 'digest', 'pseudonymize', 'depseudonymize',
                         'pseudonymize_card', 'depseudonymize_card',
                         'ff1_encrypt', 'ff1_decrypt', 'ff3_1_encrypt', 'ff3_1_decrypt')
           OR p.proname LIKE 'pseudo\_%'
           OR p.proname LIKE 'seeded\_%')
    ORDER BY 1
  LOOP
    EXECUTE format('SECURITY LABEL FOR anon ON FUNCTION %s IS %L', f, 'RESTRICTED');
  END LOOP;
END
$$;
