-- Conditional masking: a table label MASKED WHEN <condition> masks only the
-- rows where the condition holds (or is NULL: masking never fails open).
CREATE ROLE regress_cond LOGIN;
SECURITY LABEL FOR anon ON ROLE regress_cond IS 'MASKED';
CREATE TABLE subscriber (id int, email text, consent boolean, country text);
INSERT INTO subscriber VALUES (1, 'a@raw', true, 'FR'), (2, 'b@raw', false, 'FR'),
                              (3, 'c@raw', NULL, 'DE'), (4, 'd@raw', true, 'DE');
SECURITY LABEL FOR anon ON COLUMN subscriber.email IS 'MASKED WITH VALUE ''(hidden)''';
GRANT SELECT ON subscriber TO regress_cond;

-- the label matrix
SECURITY LABEL FOR anon ON TABLE subscriber IS 'MASKED WHEN NOT consent';	-- OK
SECURITY LABEL FOR anon ON TABLE subscriber IS 'masked when country = ''FR'' AND NOT consent';	-- OK
SECURITY LABEL FOR anon ON TABLE subscriber IS 'MASKED WHEN country';	-- fail (not a boolean)
SECURITY LABEL FOR anon ON TABLE subscriber IS 'MASKED WHEN true; DROP TABLE subscriber';	-- fail (not one expression)
SECURITY LABEL FOR anon ON TABLE subscriber IS 'MASKED WHEN nosuch';	-- fail (unknown column)
SECURITY LABEL FOR anon ON TABLE subscriber IS 'MASKED WHEN (SELECT true)';	-- fail (subquery)
SECURITY LABEL FOR anon ON TABLE subscriber IS 'MASKED WHEN';	-- fail (no condition)
SECURITY LABEL FOR anon ON TABLE subscriber IS 'MASKED WHEN NOT consent';	-- OK

SET ROLE regress_cond;
SELECT id, email, consent FROM subscriber ORDER BY id;
COPY subscriber TO STDOUT;
RESET ROLE;
-- the owner reads every row raw
SELECT id, email FROM subscriber ORDER BY id;
-- the condition is validated like a rule: DDL that breaks it fails
ALTER TABLE subscriber RENAME COLUMN consent TO agreed;	-- fail
SELECT relid, label FROM pg_seclabels s JOIN (SELECT 'subscriber'::regclass AS relid) r
  ON s.objoid = r.relid WHERE s.objsubid = 0;

SECURITY LABEL FOR anon ON TABLE subscriber IS NULL;
DROP TABLE subscriber;
DROP ROLE regress_cond;
