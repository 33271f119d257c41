-- Partial scrambling (src/partial.c): show a little, hide the rest.
-- Pure functions: the same value always masks the same way.
SELECT email,
       anon.partial_email(email) AS email_masked,
       anon.partial(first_name || ' ' || last_name, 1, '*****', 2) AS name_masked,
       anon.mask_phone(phone) AS phone_masked,
       anon.mask_iban(iban) AS iban_masked
FROM customer ORDER BY id LIMIT 5;

-- Format-keeping masks keep the separators.
SELECT anon.mask_phone('+33 6 12 34 56 78') AS phone,
       anon.mask_card_number('4111 1111 1111 1111') AS card,
       anon.mask_iban('DE89 3704 0044 0532 0130 00') AS iban;

-- Bad input is an error that says what is wrong.
\set ON_ERROR_STOP 0
SELECT anon.partial('secret', -1, '*', 2);
\set ON_ERROR_STOP 1
