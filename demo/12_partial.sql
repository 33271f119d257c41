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

-- Free text: e-mails, phones, card numbers (Luhn-checked), IBANs (MOD 97),
-- IP addresses and national ids found and masked inside notes.
SELECT anon.scrub_text('Call +33 6 12 34 56 78 or write to jane.doe@example.com; '
                       'card 4111 1111 1111 1111, IBAN FR76 3000 6000 0112 3456 7890 189, '
                       'from 192.168.10.4 (order 123456 stays)') AS scrubbed;
SELECT anon.scrub_text('mail jane.doe@example.com from 10.0.0.1', ARRAY['email']) AS emails_only,
       anon.scrub_text('card 4111-1111-1111-1111', ARRAY['card'], true) AS format_kept;

-- Bad input is an error that says what is wrong.
\set ON_ERROR_STOP 0
SELECT anon.partial('secret', -1, '*', 2);
\set ON_ERROR_STOP 1
