
--------------------------------------------------------------------------
-- PII detection (sqlsrc/17_detect.sql): column names and sampled values
--------------------------------------------------------------------------

-- Categories of personal data: whether a value identifies a person on its
-- own (direct) or only combined with others (indirect, a quasi-identifier),
-- and the masking expression anon.detect proposes for a direct identifier
-- stored as text (%I stands for the column).
CREATE TABLE anon.pii_categories (
	category	text PRIMARY KEY,
	direct		boolean NOT NULL,
	masking		text
);
COMMENT ON TABLE anon.pii_categories
IS 'categories of personal data recognised by anon.detect, direct or indirect, with a proposed mask';

INSERT INTO anon.pii_categories VALUES
	('email',		true,	'anon.partial_email(%I)'),
	('phone',		true,	'anon.mask_phone(%I)'),
	('iban',		true,	'anon.mask_iban(%I)'),
	('bank_account', true,	'anon.partial(%I, 0, ''XXXXXXXX'', 4)'),
	('credit_card',	true,	'anon.mask_card_number(%I)'),
	('ssn',			true,	'anon.partial(%I, 0, ''XXX-XX-'', 4)'),
	('national_id',	true,	'anon.partial(%I, 0, ''XXXXXXXX'', 2)'),
	('tax_id',		true,	'anon.partial(%I, 0, ''XXXXXXXX'', 2)'),
	('passport',	true,	'anon.partial(%I, 0, ''XXXXXXX'', 2)'),
	('siret',		true,	'anon.fake_siret()'),
	('siren',		true,	'anon.fake_siren()'),
	('last_name',	true,	'anon.partial(%I, 1, ''*****'', 0)'),
	('full_name',	true,	'anon.partial(%I, 1, ''*****'', 0)'),
	('username',	true,	'anon.partial(%I, 1, ''*****'', 0)'),
	('address',		true,	'anon.partial(%I, 0, ''*****'', 0)'),
	('ip_address',	true,	'anon.fake_ipv4()'),
	('mac_address',	true,	'anon.fake_mac()'),
	('licence_plate', true,	'anon.partial(%I, 0, ''XX-XXX-'', 2)'),
	('first_name',	false,	NULL),
	('birth_date',	false,	NULL),
	('age',			false,	NULL),
	('gender',		false,	NULL),
	('postcode',	false,	NULL),
	('city',		false,	NULL),
	('country',		false,	NULL),
	('nationality',	false,	NULL),
	('job_title',	false,	NULL);

-- Column names that suggest a category, per language: a regular expression
-- over the normalized name (anon.pii_normalize: lower case, accents and
-- every character but a-z and 0-9 removed, so 'Date_de_Naissance' is
-- 'datedenaissance').  Rows added by the DBA (builtin = false) are dumped.
CREATE TABLE anon.pii_identifiers (
	lang		text NOT NULL,
	category	text NOT NULL REFERENCES anon.pii_categories,
	pattern		text NOT NULL,
	builtin		boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE anon.pii_identifiers
IS 'regular expressions over normalized column names that suggest a category of personal data, per language';
SELECT pg_catalog.pg_extension_config_dump('anon.pii_identifiers', 'WHERE NOT builtin');

INSERT INTO anon.pii_identifiers (lang, category, pattern, builtin) VALUES
	-- English: also tried for every other language
	('en', 'email', '^(.*email|e?mail(address|addr)?|.*emailaddress)[0-9]*$', true),
	('en', 'phone', '^(.*phone|telephone|tel|mobile|cell|fax)(number|num|no|nr)?[0-9]*$', true),
	('en', 'iban', '^(iban|.*iban)$', true),
	('en', 'bank_account', '^(bankaccount|accountnumber|accountno|bban)$', true),
	('en', 'credit_card', '^(creditcard|cardnumber|cardno|ccnumber|ccnum|cc|pan|creditcardnumber|debitcard)$', true),
	('en', 'ssn', '^(ssn|socialsecurity(number|no)?|socsecno)$', true),
	('en', 'national_id', '^(nationalid|nationalidentifier|idnumber|idcard|identitycard|nin|nino)$', true),
	('en', 'tax_id', '^(taxid|tin|vatnumber|taxnumber)$', true),
	('en', 'passport', '^passport(number|no|num)?$', true),
	('en', 'siret', '^siret$', true),
	('en', 'siren', '^siren$', true),
	('en', 'first_name', '^(first|given|fore|middle)names?$|^fname$', true),
	('en', 'last_name', '^(last|family|sur|maiden|birth)name$|^lname$', true),
	('en', 'full_name', '^(full|person|customer|contact|client|patient|employee|owner|holder|account)name$', true),
	('en', 'username', '^(username|login|userlogin|screenname|nickname)$', true),
	('en', 'address', '^(street|home|postal|mailing|billing|shipping)?address(line)?[0-9]*$|^street(name)?$|^addr[0-9]*$', true),
	('en', 'ip_address', '^(ip|ipaddr|ipaddress|ipv4|ipv6|clientip|remoteip|remoteaddr|sourceip)$', true),
	('en', 'mac_address', '^(mac|macaddr|macaddress)$', true),
	('en', 'licence_plate', '^(licen[cs]eplate|numberplate|plate|platenumber|registrationnumber)$', true),
	('en', 'birth_date', '^(birth(date|day)?|dob|dateofbirth|birthdt)$', true),
	('en', 'age', '^age$', true),
	('en', 'gender', '^(gender|sex)$', true),
	('en', 'postcode', '^(zip|zipcode|postcode|postalcode|postal)$', true),
	('en', 'city', '^(city|town|locality)$', true),
	('en', 'country', '^(country|countryofresidence)$', true),
	('en', 'nationality', '^(nationality|citizenship)$', true),
	('en', 'job_title', '^(job|jobtitle|occupation|profession)$', true),
	-- French
	('fr', 'email', '^(courriel|adressemail|adressecourriel|mel)$', true),
	('fr', 'phone', '^(telephone|tel|portable|numtel|numerotelephone|telfixe|telportable)$', true),
	('fr', 'iban', '^rib$', true),
	('fr', 'bank_account', '^(comptebancaire|numerocompte|numcompte)$', true),
	('fr', 'credit_card', '^(cartebancaire|numcarte|numerocarte|cb)$', true),
	('fr', 'ssn', '^(nir|numsecu|numerosecu|securitesociale|numerosecuritesociale|nss)$', true),
	('fr', 'national_id', '^(cni|numerocni|carteidentite)$', true),
	('fr', 'passport', '^(passeport|numeropasseport)$', true),
	('fr', 'first_name', '^prenoms?$', true),
	('fr', 'last_name', '^(nom|nomdefamille|nomfamille|patronyme|nomdenaissance|nomusage)$', true),
	('fr', 'full_name', '^(nomcomplet|nomprenom|prenomnom)$', true),
	('fr', 'address', '^(adresse|adressepostale|rue|voie)[0-9]*$', true),
	('fr', 'birth_date', '^(datenaissance|datedenaissance|naissance|ddn)$', true),
	('fr', 'gender', '^(sexe|genre|civilite)$', true),
	('fr', 'postcode', '^(codepostal|cp)$', true),
	('fr', 'city', '^(ville|commune|localite)$', true),
	('fr', 'country', '^pays$', true),
	('fr', 'nationality', '^nationalite$', true),
	('fr', 'licence_plate', '^(immatriculation|plaque)$', true),
	('fr', 'job_title', '^(metier|profession|poste|fonction)$', true),
	-- German
	('de', 'email', '^(emailadresse|mailadresse)$', true),
	('de', 'phone', '^(telefon|telefonnummer|handy|handynummer|mobil|mobilnummer|rufnummer)$', true),
	('de', 'bank_account', '^(kontonummer|konto|bankverbindung)$', true),
	('de', 'credit_card', '^(kreditkarte|kreditkartennummer|kartennummer)$', true),
	('de', 'ssn', '^(sozialversicherungsnummer|svnummer|rentenversicherungsnummer)$', true),
	('de', 'national_id', '^(personalausweis|ausweisnummer|personalausweisnummer)$', true),
	('de', 'tax_id', '^(steuerid|steueridentifikationsnummer|steuernummer)$', true),
	('de', 'passport', '^(reisepass|reisepassnummer|passnummer)$', true),
	('de', 'first_name', '^vornamen?$', true),
	('de', 'last_name', '^(nachname|familienname|geburtsname|zuname)$', true),
	('de', 'address', '^(adresse|anschrift|strasse|wohnadresse)[0-9]*$', true),
	('de', 'birth_date', '^(geburtsdatum|geburtstag|gebdatum)$', true),
	('de', 'age', '^alter$', true),
	('de', 'gender', '^(geschlecht|anrede)$', true),
	('de', 'postcode', '^(plz|postleitzahl)$', true),
	('de', 'city', '^(ort|stadt|wohnort)$', true),
	('de', 'country', '^land$', true),
	('de', 'nationality', '^(nationalitat|staatsangehorigkeit)$', true),
	('de', 'licence_plate', '^(kennzeichen|kfzkennzeichen)$', true),
	('de', 'job_title', '^(beruf|berufsbezeichnung)$', true),
	-- Spanish
	('es', 'email', '^(correo|correoelectronico|email)$', true),
	('es', 'phone', '^(telefono|movil|celular|numerotelefono)$', true),
	('es', 'bank_account', '^(cuentabancaria|numerocuenta|ccc)$', true),
	('es', 'credit_card', '^(tarjeta|tarjetacredito|numerotarjeta)$', true),
	('es', 'ssn', '^(numeroseguridadsocial|nss|naf)$', true),
	('es', 'national_id', '^(dni|nie|documentoidentidad)$', true),
	('es', 'tax_id', '^nif$', true),
	('es', 'passport', '^(pasaporte|numeropasaporte)$', true),
	('es', 'first_name', '^nombres?$', true),
	('es', 'last_name', '^(apellidos?|primerapellido|segundoapellido)$', true),
	('es', 'full_name', '^nombrecompleto$', true),
	('es', 'address', '^(direccion|domicilio|calle)[0-9]*$', true),
	('es', 'birth_date', '^(fechanacimiento|fechadenacimiento|nacimiento)$', true),
	('es', 'age', '^edad$', true),
	('es', 'gender', '^(sexo|genero)$', true),
	('es', 'postcode', '^(codigopostal|cp)$', true),
	('es', 'city', '^(ciudad|localidad|municipio|poblacion)$', true),
	('es', 'country', '^pais$', true),
	('es', 'nationality', '^nacionalidad$', true),
	('es', 'licence_plate', '^matricula$', true),
	('es', 'job_title', '^(profesion|ocupacion|puesto)$', true),
	-- Italian
	('it', 'email', '^(posta|postaelettronica|indirizzoemail)$', true),
	('it', 'phone', '^(telefono|cellulare|numeroditelefono|numerotelefono)$', true),
	('it', 'bank_account', '^(contocorrente|numeroconto)$', true),
	('it', 'credit_card', '^(cartadicredito|numerocarta)$', true),
	('it', 'national_id', '^(cartaidentita|cartadiidentita)$', true),
	('it', 'tax_id', '^(codicefiscale|cf|partitaiva)$', true),
	('it', 'passport', '^(passaporto|numeropassaporto)$', true),
	('it', 'first_name', '^nomi?$', true),
	('it', 'last_name', '^cognomi?$', true),
	('it', 'full_name', '^nomecompleto$', true),
	('it', 'address', '^(indirizzo|via|residenza)[0-9]*$', true),
	('it', 'birth_date', '^(datadinascita|datanascita|nascita)$', true),
	('it', 'age', '^eta$', true),
	('it', 'gender', '^(sesso|genere)$', true),
	('it', 'postcode', '^(cap|codicepostale)$', true),
	('it', 'city', '^(citta|comune|localita)$', true),
	('it', 'country', '^(paese|nazione)$', true),
	('it', 'nationality', '^(nazionalita|cittadinanza)$', true),
	('it', 'licence_plate', '^targa$', true),
	('it', 'job_title', '^(professione|occupazione|mestiere)$', true);

GRANT SELECT ON anon.pii_categories, anon.pii_identifiers TO PUBLIC;

CREATE FUNCTION anon.pii_normalize(identifier text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN regexp_replace(
	translate(replace(lower(identifier), 'ß', 'ss'),
			  'àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ', 'aaaaaaceeeeiiiinoooooouuuuyy'),
	'[^a-z0-9]', '', 'g');
COMMENT ON FUNCTION anon.pii_normalize(text)
IS 'a column name as anon.detect compares it: lower case, without accents, only a-z and 0-9';

-- Planning a query over a table runs its owner's code for the planner
-- (index expressions, CHECK constraints, ...): false when that would run a
-- function another role wrote with the caller's rights (src/owner_guard.c)
CREATE FUNCTION anon._planned_code_is_safe(relid regclass)
RETURNS boolean
AS 'MODULE_PATHNAME', 'anon_planned_code_is_safe'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION anon._planned_code_is_safe(regclass)
IS 'internal: whether planning a query over the relation as the current user would run no function another role wrote (anon.detect samples only such tables)';

-- The work of the anon.detect variants: relid and nspid, when not NULL,
-- restrict the scan to one table or one schema.
CREATE FUNCTION anon._detect(relid oid, nspid oid, locale text, sample_size integer)
RETURNS TABLE (table_name regclass, column_name name, identifiers_category text,
			   direct boolean, matched_by text, security_label text)
LANGUAGE plpgsql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_lang text := lower(left(locale, 2));
	col record;
	name_cat text;
	value_cat text;
	counts record;
	label text;
BEGIN
	-- an unknown locale finds nothing, as in PostgreSQL Anonymizer (whose
	-- scripts count the rows), with a WARNING that names the known ones
	IF locale IS NULL OR v_lang NOT IN ('en', 'fr', 'de', 'es', 'it')
	   OR locale !~ '^[A-Za-z]{2}([_-][A-Za-z]{2})?$' THEN
		RAISE WARNING 'anon.detect does not know this locale'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Use en_US, fr_FR, de_DE, es_ES or it_IT (or the language alone: en, fr, de, es, it).';
		RETURN;
	END IF;
	IF sample_size IS NULL OR sample_size < 0 THEN
		RAISE EXCEPTION 'sample size of anon.detect must not be negative'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Give the number of rows to sample per column, 0 to look at column names only.';
	END IF;

	FOR col IN
		SELECT c.oid AS relid, a.attnum, a.attname, a.atttypid, t.typcategory,
			   anon.pii_normalize(a.attname) AS norm
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		JOIN pg_type t ON t.oid = a.atttypid
		WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
		  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'anon', 'pg_toast')
		  AND n.nspname !~ '^pg_(temp|toast_temp)_'
		  AND (_detect.relid IS NULL OR c.oid = _detect.relid)
		  AND (_detect.nspid IS NULL OR c.relnamespace = _detect.nspid)
		ORDER BY n.nspname, c.relname, a.attnum
	LOOP
		-- by name: the first category whose pattern matches, the locale's
		-- language before English
		SELECT i.category INTO name_cat
		FROM anon.pii_identifiers i
		WHERE i.lang IN (v_lang, 'en') AND col.norm ~ i.pattern
		ORDER BY (i.lang = v_lang) DESC, (i.lang = 'en') DESC, i.category
		LIMIT 1;

		-- by value: at least 5 of the sampled non-NULL values, and 90% of
		-- them, have the shape (and check digits) of one category
		value_cat := NULL;
		-- a table whose row-level security applies to the caller is read
		-- through its policies, which run their owner's functions with the
		-- caller's rights: its values are not sampled (detect runs over
		-- every table, named by nobody); its owner can sample them
		IF sample_size > 0 AND col.typcategory = 'S'
		   AND has_column_privilege(col.relid, col.attnum, 'SELECT')
		   AND NOT row_security_active(col.relid)
		   -- nor one whose indexes or constraints call another role's
		   -- functions, which the planner would run as the caller
		   AND anon._planned_code_is_safe(col.relid) THEN
			EXECUTE format(
				'SELECT count(*) AS n,'
				' count(*) FILTER (WHERE anon.iban_valid(v)) AS iban,'
				' count(*) FILTER (WHERE v ~ ''^[0-9][0-9 -]{11,22}[0-9]$'' AND anon.luhn_valid(v)) AS card,'
				' count(*) FILTER (WHERE v ~ ''^[A-Za-z0-9._%%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'') AS email,'
				' count(*) FILTER (WHERE v ~ ''^[0-9]{3}-[0-9]{2}-[0-9]{4}$'') AS ssn,'
				' count(*) FILTER (WHERE v ~ ''^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$'') AS ip,'
				' count(*) FILTER (WHERE v ~ ''^(\+|00)?[0-9][0-9 ().-]{6,18}[0-9]$'''
				'                   AND length(regexp_replace(v, ''[^0-9]'', '''', ''g'')) BETWEEN 8 AND 15) AS phone'
				' FROM (SELECT %I::text AS v FROM %s WHERE %I IS NOT NULL LIMIT %s) s',
				col.attname, col.relid::regclass, col.attname, sample_size)
			INTO counts;
			IF counts.n >= 5 THEN
				value_cat := CASE
					WHEN counts.iban >= 0.9 * counts.n THEN 'iban'
					WHEN counts.card >= 0.9 * counts.n THEN 'credit_card'
					WHEN counts.email >= 0.9 * counts.n THEN 'email'
					WHEN counts.ssn >= 0.9 * counts.n THEN 'ssn'
					WHEN counts.ip >= 0.9 * counts.n THEN 'ip_address'
					WHEN counts.phone >= 0.9 * counts.n THEN 'phone'
				END;
			END IF;
		END IF;

		FOR identifiers_category, matched_by IN
			SELECT x.cat, x.how FROM (VALUES
				(name_cat, CASE WHEN name_cat = value_cat THEN 'name and value' ELSE 'name' END),
				(CASE WHEN value_cat IS DISTINCT FROM name_cat THEN value_cat END, 'value')) x(cat, how)
			WHERE x.cat IS NOT NULL
		LOOP
			SELECT pc.direct, pc.masking INTO direct, label
			FROM anon.pii_categories pc WHERE pc.category = identifiers_category;
			IF NOT direct THEN
				label := 'QUASI-IDENTIFIER';
			ELSIF label IS NOT NULL AND label LIKE '%\%I%'
				  AND col.typcategory <> 'S' THEN
				-- a text mask does not fit a column of another type
				label := 'MASKED WITH VALUE NULL';
			ELSIF label IS NOT NULL AND label NOT LIKE '%\%I%'
				  AND col.typcategory <> 'S'
				  AND NOT (identifiers_category = 'ip_address' AND col.atttypid IN ('inet'::regtype, 'cidr'::regtype))
				  AND NOT (identifiers_category = 'mac_address' AND col.atttypid = 'macaddr'::regtype) THEN
				label := 'MASKED WITH VALUE NULL';
			ELSIF label IS NOT NULL THEN
				label := 'MASKED WITH FUNCTION ' || replace(label, '%I', quote_ident(col.attname));
			ELSE
				label := 'MASKED WITH VALUE NULL';
			END IF;
			table_name := col.relid::regclass;
			column_name := col.attname;
			security_label := format('SECURITY LABEL FOR anon ON COLUMN %s.%I IS %L',
									 col.relid::regclass, col.attname, label);
			RETURN NEXT;
		END LOOP;
	END LOOP;
END
$$;
COMMENT ON FUNCTION anon._detect(oid, oid, text, integer)
IS 'the work of anon.detect: columns likely to hold personal data, in one table, one schema or everywhere';

CREATE FUNCTION anon.detect(locale text DEFAULT 'en_US', sample_size integer DEFAULT 1000)
RETURNS TABLE (table_name regclass, column_name name, identifiers_category text,
			   direct boolean, matched_by text, security_label text)
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT * FROM anon._detect(NULL, NULL, locale, sample_size);
END;
COMMENT ON FUNCTION anon.detect(text, integer)
IS 'columns of every table likely to hold personal data, by column name (in the locale''s language and English) and by sampled values, with a proposed SECURITY LABEL';

CREATE FUNCTION anon.detect(relid regclass, locale text DEFAULT 'en_US', sample_size integer DEFAULT 1000)
RETURNS TABLE (table_name regclass, column_name name, identifiers_category text,
			   direct boolean, matched_by text, security_label text)
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT * FROM anon._detect(relid, NULL, locale, sample_size);
END;
COMMENT ON FUNCTION anon.detect(regclass, text, integer)
IS 'columns of one table likely to hold personal data, with a proposed SECURITY LABEL';

CREATE FUNCTION anon.detect(nspid regnamespace, locale text DEFAULT 'en_US', sample_size integer DEFAULT 1000)
RETURNS TABLE (table_name regclass, column_name name, identifiers_category text,
			   direct boolean, matched_by text, security_label text)
LANGUAGE sql STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT * FROM anon._detect(NULL, nspid, locale, sample_size);
END;
COMMENT ON FUNCTION anon.detect(regnamespace, text, integer)
IS 'columns of the tables of one schema likely to hold personal data, with a proposed SECURITY LABEL';
