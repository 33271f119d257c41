-- Pseudonyms as masking rules: a masked role reads pseudonyms computed with
-- keys it cannot read, and cannot reverse them.
\set VERBOSITY terse
SET client_min_messages = warning;
CREATE ROLE regress_pm_masked LOGIN;
RESET client_min_messages;
SECURITY LABEL FOR anon ON ROLE regress_pm_masked IS 'MASKED';
SELECT anon.create_key('regress_m');

CREATE TABLE regress_pm (id int PRIMARY KEY, phone text, email text, card text);
INSERT INTO regress_pm
SELECT i, '06' || lpad((i * 7919)::text, 8, '0'), 'user' || i || '@raw.example',
       '4111 1111 1111 1111'
FROM generate_series(1, 50) i;
SECURITY LABEL FOR anon ON COLUMN regress_pm.phone
  IS 'MASKED WITH FUNCTION anon.pseudonymize(phone, ''regress_m'')';
SECURITY LABEL FOR anon ON COLUMN regress_pm.email
  IS 'MASKED WITH FUNCTION anon.hash(email)';
SECURITY LABEL FOR anon ON COLUMN regress_pm.card
  IS 'MASKED WITH FUNCTION anon.pseudonymize_card(card, ''regress_m'', ''cards'')';
GRANT SELECT ON regress_pm TO regress_pm_masked;

-- what the masked role must see, computed by the owner
CREATE TEMP TABLE regress_pm_expected AS
SELECT id, anon.pseudonymize(phone, 'regress_m') AS phone, anon.hash(email) AS email,
       anon.pseudonymize_card(card, 'regress_m', 'cards') AS card
FROM regress_pm;
GRANT SELECT ON regress_pm_expected TO regress_pm_masked;

SET ROLE regress_pm_masked;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE m.phone = e.phone AND m.email = e.email AND m.card = e.card) AS pseudonymized,
       count(*) FILTER (WHERE m.phone = '06' || lpad((m.id * 7919)::text, 8, '0') OR m.email LIKE '%@raw%' OR m.card = '4111 1111 1111 1111') AS raw_seen
FROM regress_pm m JOIN regress_pm_expected e USING (id);
-- consistent: a join on the pseudonym works as on the value
SELECT count(DISTINCT phone) AS distinct_pseudonyms FROM regress_pm;
SELECT * FROM anon.keys;                                  -- fail: no key
SELECT anon.depseudonymize(phone, 'regress_m') FROM regress_pm LIMIT 1;  -- fail: restricted
-- the rules call the keyed functions; the masked role itself cannot (no
-- oracle to pseudonymize its guesses)
SELECT anon.pseudonymize('0600007919', 'regress_m');     -- fail: restricted
SELECT anon.hash('user1@raw.example');                   -- fail: restricted
RESET ROLE;

-- a key rotation changes what the masked role sees, at once
SELECT anon.rotate_key('regress_m');
SET ROLE regress_pm_masked;
SELECT count(*) FILTER (WHERE m.phone = e.phone) AS still_old
FROM regress_pm m JOIN regress_pm_expected e USING (id);
CREATE TEMP TABLE regress_pm_seen AS SELECT id, phone, card FROM regress_pm;
RESET ROLE;
-- and the key holder reverses what the masked role saw, with the new version
SELECT count(*) AS rows,
       count(*) FILTER (WHERE anon.depseudonymize(s.phone, 'regress_m') = p.phone
                          AND anon.depseudonymize_card(s.card, 'regress_m', 'cards') = p.card) AS reversed
FROM regress_pm_seen s JOIN regress_pm p USING (id);
DROP TABLE regress_pm_seen;

DROP TABLE regress_pm;
DROP TABLE regress_pm_expected;
SELECT anon.drop_key('regress_m');
SELECT anon.drop_key('default');
SECURITY LABEL FOR anon ON ROLE regress_pm_masked IS NULL;
DROP ROLE regress_pm_masked;
