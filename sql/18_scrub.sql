-- anon.scrub_text: personal data found inside free text and masked.
-- Each kind in context (start and end of the text, punctuation, multibyte
-- text around), near misses left alone, kinds chosen, format kept, errors,
-- and linear time on adversarial input.
\set VERBOSITY terse

-- every kind, at the start, in the middle, at the end of the text
SELECT v AS input, anon.scrub_text(v) AS scrubbed FROM (VALUES
  ('john.doe+news@example.co.uk wrote'),
  ('Write to <jane_roe@mail.example.org>, thanks.'),
  ('...leading.dots@example.com'),
  ('Call +33 6 12 34 56 78 now'),
  ('Call +1 (555) 123-4567.'),
  ('tel: 06.12.34.56.78; mobile 0612345678'),
  ('US office (555) 123-4567 or 555-123-4567 or 1-800-555-1234'),
  ('London: +44 20 7946 0958'),
  ('card 4111 1111 1111 1111, exp 12/29'),
  ('cards: 5500-0000-0000-0004, 378282246310005; 6011111111111117'),
  ('Amex 3782 822463 10005 and 4111 1111 1111 1111 111'),
  ('pay 4111 1111 1111 1111 12 times'),
  ('IBAN FR76 3000 6000 0112 3456 7890 189 (EUR)'),
  ('GB82 WEST 1234 5698 7654 32'),
  ('wire to DE89370400440532013000.'),
  ('from 192.168.1.10:8080 and 10.0.0.255'),
  ('v6 [2001:db8::8a2e:370:7334]:443, ::1 and fe80::1'),
  ('full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 mapped ::ffff:192.0.2.1'),
  ('SSN 123-45-6789.'),
  ('NIR 185057800608491 and 1 85 05 78 006 084 91'),
  ('Corsica 2 55 08 2A 004 123 69'),
  ('123-45-6789'),
  ('lists: 0612345678 0698765432 / 4111111111111111 4111 1111 1111 1111 / 1.2.3.4 5.6.7.8'),
  ('Paris +33 (0)6 12 34 56 78, Bastia 185122B01234524, provisional 799129912345606'),
  ('Mail JOHN@EXAMPLE.COM. Host FE80::1%eth0 up')
) AS t(v);

-- multibyte UTF-8 text right around the matches
SELECT anon.scrub_text('Écrivez à «jean.dupont@exemple.fr» — merci') AS fr,
       anon.scrub_text('電話：+81 3-1234-5678。') AS ja,
       anon.scrub_text('Zoë paid with 4111111111111111€ from 203.0.113.7…') AS mixed,
       anon.scrub_text('ÉTÉ FR7630006000011234567890189 ÉTÉ') AS iban;

-- near misses: left as they are
SELECT v AS input, anon.scrub_text(v) = v AS unchanged FROM (VALUES
  ('Luhn-invalid 4111 1111 1111 1112'),
  ('Luhn-invalid 4111111111111112'),
  ('wrong check digits FR77 3000 6000 0112 3456 7890 189'),
  ('wrong check digits DE89370400440532013001'),
  ('not an address 256.1.1.1'),
  ('not an address 1.2.3.4.5'),
  ('on 2024-01-15 and 15/01/2024 and 15.01.2024'),
  ('from 2020-2024'),
  ('order 123456 shipped'),
  ('invoice 12345678'),
  ('pi is 3.14159265'),
  ('at 12:30:45'),
  ('C++ std::vector and Foo::Bar'),
  ('dead::beef has no digit'),
  ('card-like but mixed separators 4111-1111 1111-1111'),
  ('an SSN, a space, an SSN: 000-12-3456 666-12-3456'),
  ('SSN ranges never assigned: 000-12-3456 666-12-3456 900-12-3456 123-00-4567 123-45-0000'),
  ('NIR with a wrong key 185057800608492'),
  ('no domain: john@localhost, john@example.c, @example.com'),
  ('letters around: abc4111111111111111 x192.168.1.1'),
  ('1 2 3 4 5 6 7 8 9'),
  ('')
) AS t(v);

-- lower-case IBANs: a registered country and its length, valid check digits
SELECT v AS input, anon.scrub_text(v) AS scrubbed FROM (VALUES
  ('iban de89 3704 0044 0532 0130 00 ok'),
  ('wire to fr7630006000011234567890189.'),
  ('Gb82 West 1234 5698 7654 32'),
  ('gb82west12345698765432')
) AS t(v);
-- and what is not one: a wrong check digit, an unknown country, a wrong
-- length for the country, a hash that starts like one
SELECT v AS input, anon.scrub_text(v) = v AS unchanged FROM (VALUES
  ('de89370400440532013001'),
  ('xx89370400440532013000'),
  ('de8937040044053201300'),
  ('commit ab12cd34ef56ab78cd90ef12 and de12cd34ef56ab78cd90ef'),
  ('ordinary words: ab12 test cd34 case')
) AS t(v);
-- non-ASCII e-mail addresses (RFC 6531 local parts, IDN domains); an
-- ASCII top-level domain ends at the first non-ASCII character
SELECT v AS input, anon.scrub_text(v) AS scrubbed,
       anon.scrub_text(v, ARRAY['email'], true) AS kept FROM (VALUES
  ('josé.garcía@correo.es wrote'),
  ('user@bücher.de'),
  ('用户@例子.广告 ok'),
  ('мой@почта.рф'),
  ('e-mail: zoë@example.com.'),
  ('see jean@example.com谢谢'),
  ('Écrivez à «rené@exemple.fr» — “zoë@example.org”, 電話：josé@correo.es。')
) AS t(v);
SELECT v AS input, anon.scrub_text(v) = v AS unchanged FROM (VALUES
  ('café au lait à 3€'),
  ('größe@2x'),
  ('été@localhost'),
  ('naïve@exemple.c')
) AS t(v);
-- phone numbers listed with only spaces between them: split before a group
-- that starts with the trunk prefix 0
SELECT v AS input, anon.scrub_text(v) AS scrubbed FROM (VALUES
  ('06 12 34 56 78 06 98 76 54 32'),
  ('tel: 06 12 34 56 78 06 98 76 54 32 01 23 45 67 89.'),
  ('+33 6 12 34 56 78 06 98 76 54 32'),
  ('030 1234 5678 089 1234 5678')
) AS t(v);
-- ordinary numbers and dates in a row are not split into phone numbers
SELECT v AS input, anon.scrub_text(v) = v AS unchanged FROM (VALUES
  ('2024 01 15 2024 01 16'),
  ('10 20 30 40 50 60 70 80 90'),
  ('2021 2022 2023 2024 2025'),
  ('01 02 03 04 05 06 07 08 09 10'),
  ('scores 12 34 56 78 90 12 34 56 78'),
  ('tel 0 6 1 2 3 4 5 6 7 8 0 6'),
  ('1000 2000 3000 0400 5000')
) AS t(v);
-- anon.scrub_kinds: which kinds, never the values
SELECT anon.scrub_kinds('mail a@b.com, call 06 12 34 56 78, card 4111111111111111') AS kinds,
       anon.scrub_kinds('nothing here 2024-01-15') AS none,
       anon.scrub_kinds('de89 3704 0044 0532 0130 00 / 10.0.0.1 / 123-45-6789') AS more;

-- kinds: only those asked for
SELECT anon.scrub_text('a@b.com +33 6 12 34 56 78 4111111111111111', ARRAY['email']) AS email_only,
       anon.scrub_text('a@b.com +33 6 12 34 56 78 4111111111111111', ARRAY['PHONE', 'card']) AS phone_card,
       anon.scrub_text('1.2.3.4 123-45-6789 GB82WEST12345698765432', ARRAY['ip', 'national_id']) AS ip_nid,
       anon.scrub_text('1.2.3.4 123-45-6789 GB82WEST12345698765432', ARRAY['iban']) AS iban_only,
       anon.scrub_text('a@b.com', '{}') AS no_kind;
-- kinds that change from row to row are read on every row
SELECT k, anon.scrub_text('a@b.com 1.2.3.4', k) AS scrubbed
FROM (VALUES (ARRAY['email']), (ARRAY['ip']), (ARRAY['email', 'ip'])) v(k);
SELECT k, anon.scrub_text('a@b.com', k) FROM (VALUES (ARRAY['email']), (ARRAY['bad'])) v(k);	-- fail: second row

-- keeping the format: letters and digits become X, except an IBAN's country
-- code and an e-mail's top-level domain
SELECT anon.scrub_text('mail john.doe@example.com or call +33 6 12 34 56 78',
                       ARRAY['email', 'phone'], true) AS kept,
       anon.scrub_text('IBAN FR76 3000 6000 0112 3456 7890 189, card 4111-1111-1111-1111',
                       ARRAY['iban', 'card'], true) AS kept2,
       anon.scrub_text('ip 192.168.1.10 / fe80::1, SSN 123-45-6789',
                       ARRAY['ip', 'national_id'], true) AS kept3,
       anon.scrub_text('a@b.com', ARRAY['email'], false) AS placeholder;
SELECT anon.scrub_text('NIR 2 55 08 2A 004 123 69, GB82 WEST 1234 5698 7654 32 and ...x.y@mail.example.org',
                       ARRAY['national_id', 'iban', 'email'], true) AS kept4;

-- errors
SELECT anon.scrub_text('x', ARRAY['email', 'passport']);	-- fail: unknown kind
\set VERBOSITY default
SELECT anon.scrub_text('x', ARRAY['nope']);	-- fail: the hint lists the kinds
\set VERBOSITY terse
SELECT anon.scrub_text('x', ARRAY['email', NULL]);	-- fail: NULL kind
SELECT anon.scrub_text('x', ARRAY['email'], NULL) IS NULL AS strict_null,
       anon.scrub_text(NULL) IS NULL AS strict_null1,
       anon.scrub_text(NULL, ARRAY['email']) IS NULL AS strict_null2,
       anon.scrub_text('x', NULL) IS NULL AS strict_null3;
SELECT oid::regprocedure, provolatile, proisstrict, proparallel FROM pg_proc
WHERE proname = 'scrub_text' ORDER BY 1::text;

-- linear time: adversarial inputs of 200000 characters finish quickly
SET statement_timeout = '2s';
SELECT length(anon.scrub_text(repeat('1-', 100000))) AS digits_dashes,
       length(anon.scrub_text(repeat('1.', 100000))) AS digits_dots,
       length(anon.scrub_text(repeat('1 ', 100000))) AS digits_spaces,
       length(anon.scrub_text(repeat('a', 200000) || '@')) AS long_local,
       length(anon.scrub_text('a@' || repeat('b.', 100000))) AS long_domain,
       length(anon.scrub_text(repeat('a@', 100000))) AS many_ats,
       length(anon.scrub_text(repeat('::', 100000))) AS colons,
       length(anon.scrub_text(repeat('ab:', 70000))) AS hex_colons,
       length(anon.scrub_text(repeat('FR76 ', 40000))) AS iban_heads,
       length(anon.scrub_text(repeat('+1 (', 50000))) AS phone_heads;
-- and non-ASCII ones (e-mail addresses may hold non-ASCII characters)
SELECT length(anon.scrub_text(repeat('é', 100000) || '@')) AS long_mb_local,
       length(anon.scrub_text(repeat('é@', 70000))) AS mb_ats,
       length(anon.scrub_text('a@' || repeat('é.', 70000))) AS long_mb_domain,
       length(anon.scrub_text(repeat('«a', 70000))) AS mb_punct,
       length(anon.scrub_text(repeat('06 ', 70000))) AS zero_groups,
       length(anon.scrub_text(repeat('de89 ', 40000))) AS lower_iban_heads;
-- and a realistic 700 kB text with two matches every 70 bytes
SELECT (length(r) - length(replace(r, '[EMAIL]', ''))) / 7 AS emails,
       (length(r) - length(replace(r, '[PHONE]', ''))) / 7 AS phones,
       strpos(r, '@') = 0 AS no_at_left
FROM (SELECT anon.scrub_text(string_agg('note ' || i || ': mail user' || i || '@example.com, call 06 12 34 56 ' || lpad((i % 100)::text, 2, '0') || '. ', '')) AS r
      FROM generate_series(1, 10000) i) t;
SELECT count(*) FILTER (WHERE s LIKE '%[EMAIL]%[PHONE]%' AND s !~ '@|06 12') AS all_masked
FROM (SELECT anon.scrub_text('mail user' || i || '@example.com, call 06 12 34 56 ' || lpad((i % 100)::text, 2, '0')) AS s
      FROM generate_series(1, 1000) i) t;
RESET statement_timeout;
