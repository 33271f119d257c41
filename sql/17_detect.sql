-- anon.detect: personal data found by column names (per language) and by
-- sampled values; proposed SECURITY LABEL statements are accepted as such.
\set VERBOSITY terse

CREATE SCHEMA regress_detect;
CREATE TABLE regress_detect.client (
	id				integer PRIMARY KEY,
	"First_Name"	text,
	last_name		varchar(40),
	"E-Mail"		text,
	phone_number	text,
	birth_date		date,
	zipcode			text,
	ssn				text,
	"Prénom"		text,
	"Date_de_Naissance" date,
	ville			text,
	notes			text,
	contact			text,
	card			text,
	account_ref		text,
	remote			text,
	ip				inet,
	amount			numeric,
	telefon			bigint
);
INSERT INTO regress_detect.client
SELECT i, 'first' || i, 'last' || i, 'user' || i || '@example.com', '+33 6 12 34 ' || lpad((i % 100)::text, 2, '0'),
	   date '1980-01-01' + i, lpad(i::text, 5, '0'), '123-45-' || lpad(i::text, 4, '0'),
	   'prenom', date '1990-01-01', 'Paris',
	   'note ' || i,
	   'user' || i || '@example.org',
	   anon.fake_credit_card(),
	   anon.fake_iban('FR'),
	   '192.0.2.' || (i % 250),
	   ('198.51.100.' || (i % 250))::inet,
	   i * 10,
	   33612345678
FROM generate_series(1, 50) i;

-- French and English names, and values; in a fixed order
SELECT table_name, column_name, identifiers_category, direct, matched_by
FROM anon.detect('regress_detect'::regnamespace, 'fr_FR')
ORDER BY table_name::text, column_name;
-- the proposed labels
SELECT column_name, security_label
FROM anon.detect('regress_detect.client'::regclass, 'fr_FR')
ORDER BY column_name, identifiers_category;
-- every proposal is a valid SECURITY LABEL statement for the label provider
DO $$
DECLARE
	stmt text;
BEGIN
	FOR stmt IN SELECT security_label FROM anon.detect('regress_detect.client'::regclass, 'fr')
	LOOP
		EXECUTE stmt;
	END LOOP;
END $$;
SELECT count(*) AS labels_applied FROM pg_seclabels
WHERE provider = 'anon' AND objtype = 'column' AND objname LIKE 'regress_detect.client.%';

-- names only (sample_size 0); English only: French names are not recognised
SELECT column_name, identifiers_category, matched_by
FROM anon.detect('regress_detect.client'::regclass, 'en_US', 0)
ORDER BY column_name;
-- German names
CREATE TABLE regress_detect.kunde (vorname text, nachname text, "Straße" text, plz text, geburtsdatum date, telefon text);
SELECT column_name, identifiers_category, direct
FROM anon.detect('regress_detect.kunde'::regclass, 'de_DE') ORDER BY column_name;
-- Spanish and Italian names
CREATE TABLE regress_detect.persona (nombre text, apellidos text, dni text, "Código_Postal" text, cognome text, codice_fiscale text);
SELECT column_name, identifiers_category FROM anon.detect('regress_detect.persona'::regclass, 'es') ORDER BY column_name;
SELECT column_name, identifiers_category FROM anon.detect('regress_detect.persona'::regclass, 'it_IT') ORDER BY column_name;
-- the default locale, over the whole database
SELECT count(*) > 10 AS found_everywhere
FROM anon.detect() WHERE table_name::text LIKE 'regress_detect.%';

-- the DBA can teach anon.detect new names
INSERT INTO anon.pii_identifiers (lang, category, pattern) VALUES ('en', 'email', '^contactinfo$');
ALTER TABLE regress_detect.kunde ADD COLUMN "Contact Info" text;
SELECT column_name, identifiers_category FROM anon.detect('regress_detect.kunde'::regclass)
WHERE column_name = 'Contact Info';
DELETE FROM anon.pii_identifiers WHERE NOT builtin;

-- values are sampled only where the caller may read them
CREATE ROLE regress_detect_user;
GRANT USAGE ON SCHEMA regress_detect TO regress_detect_user;
GRANT SELECT (id, notes) ON regress_detect.client TO regress_detect_user;
SET ROLE regress_detect_user;
SELECT column_name, identifiers_category, matched_by
FROM anon.detect('regress_detect.client'::regclass) WHERE matched_by <> 'name' ORDER BY column_name;
RESET ROLE;
GRANT SELECT (contact) ON regress_detect.client TO regress_detect_user;
SET ROLE regress_detect_user;
SELECT column_name, identifiers_category, matched_by
FROM anon.detect('regress_detect.client'::regclass) WHERE matched_by <> 'name' ORDER BY column_name;
RESET ROLE;

-- a direct identifier stored in a non-text column: the proposal is a NULL value
SELECT column_name, identifiers_category, security_label
FROM anon.detect('regress_detect.client'::regclass, 'de_DE') WHERE column_name = 'telefon';

-- name normalization
SELECT anon.pii_normalize('Date_de_Naissance') AS fr, anon.pii_normalize('Straße') AS de,
       anon.pii_normalize('E-Mail Address 2') AS en, anon.pii_normalize('Código Postal') AS es;

-- errors
SELECT * FROM anon.detect('xx_XX');
SELECT * FROM anon.detect('fr_FR; DROP TABLE x');
SELECT * FROM anon.detect(NULL::text);
\set VERBOSITY default
SELECT * FROM anon.detect('en_US', -1);
\set VERBOSITY terse

DROP SCHEMA regress_detect CASCADE;
DROP ROLE regress_detect_user;
