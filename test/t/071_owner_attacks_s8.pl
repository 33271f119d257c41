# test/t/071_owner_attacks_s8.pl: a table owner who owns its database sets
# traps that PostgreSQL itself runs for whoever touches the table, then a
# superuser runs every entry point of anon on its tables, each in a session
# of its own (a backend folds a table's index expressions once, then keeps
# them), followed in the same session by a cast to text.
#
# The traps (session 8): the planner folds an IMMUTABLE function called
# with constant arguments in index expressions and predicates, statistics
# expressions and, under constraint exclusion (which the database's owner
# turns on for every session), CHECK constraints; DefineIndex folds them
# when a copy or a shadow gets its indexes; and code run as the owner in a
# security-restricted operation may leave a type in the caller's temporary
# schema, found before pg_catalog's for the caller's later casts.  evil.pwn()
# records as whom it ran and, as a superuser, makes the owner a superuser.
# Positive controls: each trap fires as the superuser when touched directly.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('owner_s8');
$node->init;
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
	CREATE TABLE public.ran (who text, su boolean, ctx text);
	GRANT INSERT, SELECT ON public.ran TO PUBLIC;
});

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
		IF current_setting('evil.setup', true) OPERATOR(pg_catalog.=) 'on' THEN
			RETURN true;
		END IF;
		GET DIAGNOSTICS stk = PG_CONTEXT;
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
		END IF;
		-- and a type in the session's temporary schema, for later casts
		BEGIN
			EXECUTE 'CREATE DOMAIN pg_temp.text AS pg_catalog.text CHECK (evil.pwn())';
		EXCEPTION WHEN others THEN NULL;
		END;
		RETURN true;
	END $$;
	CREATE FUNCTION evil.imm(text) RETURNS text LANGUAGE plpgsql IMMUTABLE
	SET search_path = pg_catalog AS $$ BEGIN PERFORM evil.pwn(); RETURN $1; END $$;
	CREATE FUNCTION evil.immb(text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE
	SET search_path = pg_catalog AS $$ BEGIN PERFORM evil.pwn(); RETURN true; END $$;
	-- inlined, then folded
	CREATE FUNCTION evil.sqlw(text) RETURNS text LANGUAGE sql IMMUTABLE
	AS $$ SELECT evil.imm('k') OPERATOR(pg_catalog.||) $1 $$;

	CREATE SCHEMA src;
	GRANT USAGE ON SCHEMA src TO PUBLIC;
	CREATE TABLE src.people (id int PRIMARY KEY, name text, city text,
		note text CHECK (evil.immb('k')) CHECK (evil.imm(note) IS NOT NULL));
	INSERT INTO src.people SELECT i, 'RAW' || i, 'c' || i % 3, 'n' FROM generate_series(1, 30) i;
	CREATE INDEX ON src.people ((evil.imm('k') || name));
	CREATE INDEX ON src.people (city) WHERE evil.immb('k');
	CREATE INDEX ON src.people (evil.sqlw(city));
	CREATE STATISTICS src.st ON (evil.imm('k') || city) FROM src.people;
	SECURITY LABEL FOR anon ON COLUMN src.people.name IS 'MASKED WITH FUNCTION anon.random_string(8)';
	SECURITY LABEL FOR anon ON COLUMN src.people.city IS 'QUASI-IDENTIFIER';
	GRANT SELECT ON src.people TO regress_masked;
	CREATE TABLE src.visit (id int PRIMARY KEY, person int REFERENCES src.people, at text);
	INSERT INTO src.visit SELECT i, i, 'x' FROM generate_series(1, 30) i;
	CREATE INDEX ON src.visit ((evil.imm('k') || at));
	SECURITY LABEL FOR anon ON TABLE src.people IS 'TABLESAMPLE BERNOULLI (50)';
	CREATE TABLE src.num (id int PRIMARY KEY, v numeric);
	INSERT INTO src.num SELECT i, i FROM generate_series(1, 10) i;
	CREATE INDEX ON src.num ((evil.imm('k') || v::text));
	RESET ROLE;
});
$node->safe_psql('attackdb', q{ANALYZE src.people;});
# every session: constraint exclusion on, so CHECK constraints are folded
$node->safe_psql('attackdb', q{
	ALTER DATABASE attackdb SET constraint_exclusion = on;
}, extra_params => ['-U', 'regress_owner']);

sub escalated
{
	return $node->safe_psql('attackdb', q{
		SELECT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'regress_owner'::name)
			OR EXISTS (SELECT FROM public.ran WHERE su)});
}

sub reset_marks
{
	$node->safe_psql('attackdb', q{
		ALTER ROLE regress_owner NOSUPERUSER;
		TRUNCATE public.ran;
	});
}

# an entry point as the superuser, then a cast to text in the same session
sub attack
{
	my ($name, $sql) = @_;
	reset_marks();
	my ($rc, $out, $err) = $node->psql('attackdb', "$sql;\nSELECT 'after'::text");
	note("$name: rc=$rc $err");
	note("as superuser: " . $node->safe_psql('attackdb',
		q{SELECT pg_catalog.string_agg(DISTINCT ctx, ' | ') FROM public.ran WHERE su}));
	is(escalated(), 'f', "$name: the owner's code never ran as superuser");
	return ($rc, $err);
}

# ---- positive controls ----
reset_marks();
$node->psql('attackdb', q{SELECT count(*) FROM src.people});
is(escalated(), 't', 'control: a superuser\'s query over the table folds the owner\'s index expression');
reset_marks();
$node->psql('attackdb', q{SELECT count(*) FROM src.people WHERE city = 'c1'});
is(escalated(), 't', 'control: and its CHECK constraint, under the database\'s constraint exclusion');
reset_marks();
$node->psql('attackdb', q{CREATE TABLE public.tmp_like (LIKE src.num INCLUDING INDEXES); DROP TABLE public.tmp_like});
is(escalated(), 't', 'control: a superuser\'s CREATE TABLE ... LIKE ... INCLUDING INDEXES folds it');
reset_marks();
$node->psql('attackdb', q{SET ROLE regress_owner; SELECT evil.pwn(); RESET ROLE; SELECT 'x'::text});
is(escalated(), 't', 'control: a domain pg_temp.text left in the session runs at the next cast to text');

# ---- the entry points ----
attack('k_anonymity', q{SELECT anon.k_anonymity('src.people')});
attack('l_diversity', q{SELECT anon.l_diversity('src.people', 'name', ARRAY['city'])});
attack('t_closeness', q{SELECT anon.t_closeness('src.people', 'id', ARRAY['city'])});
attack('risk', q{SELECT count(*) FROM anon.risk('src.people')});
attack('generalize_to_k', q{SELECT count(*) FROM anon.generalize_to_k('src.people', 2, columns => ARRAY['city'])});
attack('detect', q{SELECT count(*) FROM anon.detect()});
attack('create_masked_copy', q{SELECT count(*) FROM anon.create_masked_copy('src', 'copy1')});
attack('create_masked_copy with a subset',
	q{SELECT count(*) FROM anon.create_masked_copy('src', 'copy2', 'anon', ARRAY['people WHERE id < 5'], true)});
attack('anonymize_table', q{SELECT anon.anonymize_table('src.people')});
attack('anonymize_column', q{SELECT anon.anonymize_column('src.people', 'name')});
attack('anonymize_database', q{SELECT anon.anonymize_database()});
attack('anonymize_database_parallel', q{SELECT count(*) FROM anon.anonymize_database_parallel(2)});
attack('add_noise_on_numeric_column', q{SELECT anon.add_noise_on_numeric_column('src.num', 'v', 0.1)});
attack('shuffle_column', q{SELECT anon.shuffle_column('src.people', 'city', 'id')});
attack('start_masked_replication', q{SELECT anon.start_masked_replication('src.num', 'shadow')});
attack('validate', q{SELECT count(*) FROM anon.validate()});
attack('masking_view', q{SELECT anon.masking_view('src.people')});

done_testing();
