-- data/sample.sql: the demo's sample data set.
--
-- Entirely synthetic: every name, address and number below is generated
-- from short lists written for this project (no real person's data), and
-- released with the project under its licence.  Deterministic: the same
-- rows every time, so the demo's output can be compared across runs.

CREATE EXTENSION IF NOT EXISTS anon;

CREATE TABLE customer (
	id			integer PRIMARY KEY,
	first_name	text NOT NULL,
	last_name	text NOT NULL,
	email		text UNIQUE,
	phone		text,
	birth_date	date,
	zipcode		text,
	city		text,
	gender		text,
	salary		numeric(10, 2),
	iban		text,
	note		text
);

INSERT INTO customer
SELECT i,
	   (ARRAY['Alice', 'Bruno', 'Chloe', 'David', 'Emma', 'Farid', 'Giulia',
			  'Hugo', 'Ines', 'Jonas', 'Karin', 'Luca', 'Marta', 'Noah',
			  'Olga', 'Pablo'])[1 + i % 16],
	   (ARRAY['Martin', 'Bernard', 'Schmidt', 'Rossi', 'Garcia', 'Dubois',
			  'Muller', 'Romano', 'Lopez', 'Moreau', 'Weber', 'Ricci'])[1 + (i * 7) % 12],
	   'user' || i || '@example.com',
	   '06' || lpad(((i * 7919) % 100000000)::text, 8, '0'),
	   date '1950-01-01' + ((i * 4099) % 20000),
	   (ARRAY['75012', '75011', '69003', '13008', '31000', '33000'])[1 + (i * 3) % 6],
	   (ARRAY['Paris', 'Paris', 'Lyon', 'Marseille', 'Toulouse', 'Bordeaux'])[1 + (i * 3) % 6],
	   (ARRAY['F', 'M'])[1 + i % 2],
	   20000 + (i * 7727) % 80000,
	   'FR76' || lpad(((i::bigint * 982451653) % 10000000000)::text, 10, '0') || '0000000000000',
	   'Customer ' || i || ' called from 06' || lpad(((i * 7919) % 100000000)::text, 8, '0')
	   || ', write to user' || i || '@example.com'
FROM generate_series(1, 1000) i;

ANALYZE customer;
