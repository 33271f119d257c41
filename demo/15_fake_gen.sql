-- Generated fakes (src/fake_gen.c): the shape and check digits of the real
-- thing, no dictionary needed.
SELECT anon.fake_iban() AS iban, anon.fake_iban('DE') AS iban_de,
       anon.fake_credit_card() AS card, anon.fake_credit_card('amex') AS amex,
       anon.fake_siret() AS siret, anon.fake_ssn() AS ssn;
SELECT anon.fake_ipv4() AS ipv4, anon.fake_ipv6() AS ipv6, anon.fake_mac() AS mac,
       anon.fake_uuid() AS uuid, anon.fake_url() AS url;

-- Replace the IBANs of the sample customers by valid fakes, then mask them.
SELECT id, anon.mask_iban(anon.fake_iban('FR')) AS fake_and_masked
FROM customer ORDER BY id LIMIT 3;

\set ON_ERROR_STOP 0
SELECT anon.fake_iban('XX');
\set ON_ERROR_STOP 1
