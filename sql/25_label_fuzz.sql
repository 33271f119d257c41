-- A fuzz run of the label parser and analyser: a seeded generator mutates
-- valid labels (truncation, character flips, keyword swaps, deep nesting,
-- huge literals, control characters, invalid UTF-8) and writes each one
-- with SECURITY LABEL on a column, a table, a role, a schema or a function,
-- in its own subtransaction.  Every label must be accepted or refused with
-- a proper SQLSTATE: never an internal error (XX, 58), never a crash (the
-- suite would lose its connection).  anon.label_kind() and
-- anon.label_expression(), which only parse, must never fail.
\set VERBOSITY terse
CREATE ROLE regress_fz_masked;
CREATE SCHEMA regress_fz;
CREATE TABLE regress_fz.t (id int, name text, born date, n numeric(8,2));
INSERT INTO regress_fz.t VALUES (1, 'Alice', '1980-01-02', 12.5);
CREATE FUNCTION regress_fz.f(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;
CREATE TABLE regress_fz.outcome (label text, target text, state text, message text);
SET client_min_messages = warning;
DO $fuzz$
DECLARE
	seeds text[] := ARRAY[
		'MASKED WITH FUNCTION anon.partial(name, 1, ''***'', 1)',
		'MASKED WITH FUNCTION md5(name)',
		'MASKED WITH FUNCTION CASE WHEN id > 0 THEN left(name, 2) ELSE NULL END',
		'MASKED WITH FUNCTION (born + 1)::text',
		'MASKED WITH FUNCTION regress_fz.f(name) || ''x''',
		'MASKED WITH FUNCTION anon.fake_first_name()',
		'MASKED WITH FUNCTION n * 2 + 1.5',
		'MASKED WITH FUNCTION ARRAY[name, ''a''][1]',
		'MASKED WITH FUNCTION name COLLATE "C"',
		'MASKED WITH VALUE ''hidden''',
		'MASKED WITH VALUE NULL',
		'NOT MASKED', 'QUASI-IDENTIFIER', 'INDIRECT IDENTIFIER', 'PRIVACY UNIT',
		'MASKED WHEN id > 1 AND name <> ''x''',
		'TABLESAMPLE BERNOULLI (10) REPEATABLE (3)',
		'TABLESAMPLE SYSTEM (50)',
		'MASKED', 'DIFFERENTIAL PRIVACY', 'TRUSTED', 'RESTRICTED',
		'REFERENCES regress_fz.t (id)', 'REFERENCES "regress_fz".t',
		'FOREIGN KEY (id, name) REFERENCES regress_fz.t (id, name), FOREIGN KEY (born) REFERENCES t (born)'];
	words text[] := ARRAY[
		'MASKED', 'WITH', 'FUNCTION', 'VALUE', 'WHEN', 'NOT', 'TABLESAMPLE', 'REPEATABLE',
		'TRUSTED', 'RESTRICTED', 'QUASI-IDENTIFIER', 'PRIVACY', 'UNIT', 'DIFFERENTIAL',
		'(', ')', '''', '"', ';', '--', '/*', '*/', '$$', '$x$', '::', ',', '[', ']', '.',
		'NULL', 'SELECT 1', 'FROM', 'OPERATOR(pg_catalog.+)', 'E''\\', 'U&''\\0000''',
		'B''101''', 'X''ff''', '1e400', '-2147483649', 'ROW(', 'ARRAY[', 'CAST(', 'AS',
		'COLLATE', 'OVER ()', 'FILTER', 'VARIADIC', 'DEFAULT', '*', '$1', '?', '\\',
		'pg_temp.', 'query_to_xml(''SELECT 1'',true,true,'''')', 'name', 'id', 'born'];
	targets text[] := ARRAY[
		'COLUMN regress_fz.t.name', 'COLUMN regress_fz.t.born', 'COLUMN regress_fz.t.n',
		'COLUMN regress_fz.t.id', 'TABLE regress_fz.t', 'ROLE regress_fz_masked',
		'SCHEMA regress_fz', 'FUNCTION regress_fz.f(text)'];
	iterations int := 1500;
	i int;
	m int;
	op int;
	pos int;
	d int;
	label text;
	target text;
	raw bytea;
	st text;
	msg text;
	kind text;
BEGIN
	-- positive control: an internal error is recorded as one, and listed below
	BEGIN
		RAISE SQLSTATE 'XX000' USING MESSAGE = 'positive control';
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
		INSERT INTO regress_fz.outcome VALUES ('(control)', '(none)', st, msg);
	END;
	PERFORM setseed(0.4242);
	FOR i IN 1..iterations LOOP
		label := seeds[1 + floor(random() * array_length(seeds, 1))::int];
		target := targets[1 + floor(random() * array_length(targets, 1))::int];
		BEGIN
			FOR m IN 1..floor(random() * 3)::int LOOP
				op := floor(random() * 10)::int;
				pos := 1 + floor(random() * (length(label) + 1))::int;
				IF op = 0 THEN		-- truncation
					label := left(label, pos - 1);
				ELSIF op = 1 THEN	-- a character replaced by any printable ASCII
					label := overlay(label PLACING chr(32 + floor(random() * 95)::int) FROM pos FOR 1);
				ELSIF op = 2 THEN	-- a character replaced by any Unicode character
					d := 1 + floor(random() * 1114111)::int;
					IF d BETWEEN 55296 AND 57343 THEN d := 65533; END IF;
					label := overlay(label PLACING chr(d) FROM pos FOR 1);
				ELSIF op = 3 THEN	-- a keyword or token inserted
					label := overlay(label PLACING ' ' || words[1 + floor(random() * array_length(words, 1))::int] || ' '
									 FROM pos FOR 0);
				ELSIF op = 4 THEN	-- a keyword swapped for another
					label := regexp_replace(label, words[1 + floor(random() * 14)::int],
											words[1 + floor(random() * array_length(words, 1))::int], 'i');
				ELSIF op = 5 THEN	-- deep nesting
					d := (ARRAY[10, 200, 3000, 100000])[1 + floor(random() * 4)::int];
					IF random() < 0.5 THEN
						label := 'MASKED WITH FUNCTION ' || repeat('(', d) || 'name' || repeat(')', d);
					ELSE
						label := 'MASKED WITH FUNCTION ' || repeat('lower(', d) || 'name' || repeat(')', d);
					END IF;
				ELSIF op = 6 THEN	-- a huge literal
					d := (ARRAY[10, 1000, 100000, 1000000])[1 + floor(random() * 4)::int];
					label := overlay(label PLACING ' ''' || repeat('x', d) || ''' ' FROM pos FOR 0);
				ELSIF op = 7 THEN	-- control characters and white space
					label := overlay(label PLACING chr((ARRAY[9, 10, 11, 12, 13, 1, 27, 127])[1 + floor(random() * 8)::int])
									 FROM pos FOR 0);
				ELSIF op = 8 THEN	-- doubled, or case changed
					label := CASE WHEN random() < 0.5 THEN label || ' ' || label ELSE lower(label) END;
				ELSE				-- a byte flipped: usually invalid UTF-8, refused before the parser
					raw := convert_to(label, 'UTF8');
					IF length(raw) > 0 THEN
						raw := set_byte(raw, floor(random() * length(raw))::int, 128 + floor(random() * 128)::int);
						label := convert_from(raw, 'UTF8');
					END IF;
				END IF;
			END LOOP;
			-- parsing alone never fails
			kind := anon.label_kind(label);
			PERFORM anon.label_expression(label);
			EXECUTE format('SECURITY LABEL FOR anon ON %s IS %L', target, label);
			INSERT INTO regress_fz.outcome VALUES (left(label, 200), target, 'accepted', NULL);
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
			INSERT INTO regress_fz.outcome VALUES (left(label, 200), target, st, left(msg, 200));
		END;
	END LOOP;
END
$fuzz$;
RESET client_min_messages;
SELECT count(*) AS labels,
       count(*) FILTER (WHERE state = 'accepted') > 100 AS many_accepted,
       count(*) FILTER (WHERE state <> 'accepted') > 100 AS many_refused,
       count(DISTINCT state) > 8 AS varied_refusals
FROM regress_fz.outcome;
-- no internal error, no system error; every refusal of a known class (but the control)
SELECT state, message, label, target
FROM regress_fz.outcome
WHERE state <> 'accepted'
  AND (state ~ '^(XX|58)' OR substr(state, 1, 2) NOT IN ('22', '42', '0A', '54', '25', '2B', '3F', '44', '55'))
ORDER BY 1, 2 LIMIT 20;
-- the server is still here
SELECT 1 AS alive;

DROP SCHEMA regress_fz CASCADE;
DROP ROLE regress_fz_masked;
