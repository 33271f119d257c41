# test/t/051_citus_owner.pl: on a Citus cluster, anon.create_masked_copy of
# a distributed table never runs the table owner's code with the caller's
# rights.  The copy of a Citus table is made with its indexes (CREATE TABLE
# ... LIKE ... INCLUDING ALL, then distributed co-located, so that Citus
# makes them on every shard) by the caller, before the copy is given to the
# owner: CREATE INDEX folds the constant calls of an index expression or
# predicate as the caller.  A table whose index expressions, predicates,
# statistics expressions or CHECK constraints call a function of another
# role is refused, naming the table and the function.  The positive control:
# the owner's trap does make its owner a superuser when a superuser builds
# the same index directly.  Same cluster set-up as 050_citus.pl.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my ($stdout, $stderr);
IPC::Run::run([ 'pg_config', '--pkglibdir' ], '>', \$stdout, '2>', \$stderr);
chomp(my $pkglibdir = $stdout // '');
IPC::Run::run([ 'pg_config', '--sharedir' ], '>', \$stdout, '2>', \$stderr);
chomp(my $sharedir = $stdout // '');
if (!-f "$pkglibdir/citus.so" || !-f "$sharedir/extension/citus.control")
{
	plan skip_all => 'citus is not installed (bash ../shared/citus/build-citus.sh installs it)';
}

my $kek = PostgreSQL::Test::Utils::tempdir() . '/kek';
open(my $fh, '>', $kek) or die;
print $fh ('11' x 32) . "\n";
close($fh);
chmod(0600, $kek);

my $coord = PostgreSQL::Test::Cluster->new('coordinator');
my $w1 = PostgreSQL::Test::Cluster->new('worker1');
my $w2 = PostgreSQL::Test::Cluster->new('worker2');
for my $n ($coord, $w1, $w2)
{
	$n->init;
	$n->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'citus,anon'
wal_level = logical
max_prepared_transactions = 20
max_connections = 100
citus.shard_count = 4
citus.max_adaptive_executor_pool_size = 2
anon.kek_file = '$kek'
});
	$n->start;
	$n->safe_psql('postgres', 'CREATE EXTENSION citus; CREATE EXTENSION anon;');
}
my $host = $coord->host;
$coord->safe_psql('postgres', sprintf(
	q{SELECT citus_set_coordinator_host('%s', %d);
	  SELECT citus_add_node('%s', %d);
	  SELECT citus_add_node('%s', %d);},
	$host, $coord->port, $host, $w1->port, $host, $w2->port));
is($coord->safe_psql('postgres', 'SELECT count(*) FROM pg_dist_node'), '3',
	'a coordinator and two workers');

sub as_owner
{
	my ($sql) = @_;
	return $coord->safe_psql('postgres', $sql, extra_params => [ '-U', 'regress_owner' ]);
}
sub owner_is_super
{
	return $coord->safe_psql('postgres',
		q{SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_owner'});
}

$coord->safe_psql('postgres', q{
	CREATE ROLE regress_owner LOGIN;
	CREATE SCHEMA src AUTHORIZATION regress_owner;
});
# the owner's trap: harmless as the owner; as a superuser, it writes a
# server file (the caller's rights, kept whatever becomes of the transaction)
my $evidence = PostgreSQL::Test::Utils::tempdir();
chmod(0777, $evidence);
as_owner(qq{
	CREATE FUNCTION src.escalate(tag text) RETURNS int LANGUAGE plpgsql VOLATILE AS \$\$
	BEGIN
		IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
			EXECUTE pg_catalog.format('COPY (SELECT current_user) TO %L',
				'$evidence/' || tag);
		END IF;
		RETURN 1;
	END \$\$;
	-- (an IMMUTABLE function runs read-only; the VOLATILE one it calls does not)
	CREATE FUNCTION src.trap(tag text) RETURNS int LANGUAGE plpgsql IMMUTABLE AS \$\$
	BEGIN
		RETURN src.escalate(tag);
	END \$\$;
	CREATE TABLE src.t (id int PRIMARY KEY, secret text);
	INSERT INTO src.t SELECT i, 'RAW_' || i FROM generate_series(1, 50) i;
	SELECT create_distributed_table('src.t', 'id');
	SELECT truncate_local_data_after_distributing_table('src.t');
	CREATE INDEX t_trap ON src.t ((src.trap('copy')));

	CREATE TABLE src.a (id int PRIMARY KEY, secret text);
	INSERT INTO src.a SELECT i, 'RAW_' || i FROM generate_series(1, 50) i;
	SELECT create_distributed_table('src.a', 'id');
	SELECT truncate_local_data_after_distributing_table('src.a');
	CREATE INDEX a_trap ON src.a ((src.trap('anonymize')));
	CREATE INDEX a_trap2 ON src.a (id) WHERE src.trap('predicate') = 1;

});
# (a table of the caller's: Citus refuses the load of a copy, as its owner,
# into shards the caller created in the same transaction)
$coord->safe_psql('postgres', q{
	CREATE SCHEMA clean;
	CREATE TABLE clean.c (id int PRIMARY KEY, secret text);
	INSERT INTO clean.c SELECT i, 'RAW_' || i FROM generate_series(1, 50) i;
	SELECT create_distributed_table('clean.c', 'id');
	SELECT truncate_local_data_after_distributing_table('clean.c');
	CREATE INDEX c_lower ON clean.c (lower(secret));
	SECURITY LABEL FOR anon ON COLUMN src.t.secret IS 'MASKED WITH VALUE ''HIDDEN''';
	SECURITY LABEL FOR anon ON COLUMN src.a.secret IS 'MASKED WITH VALUE ''HIDDEN''';
	SECURITY LABEL FOR anon ON COLUMN clean.c.secret IS 'MASKED WITH VALUE ''HIDDEN''';
});
is(owner_is_super(), 'f', 'the owner is not a superuser');
ok(!-e "$evidence/copy", 'the trap has not run as a superuser yet');

# positive control: the same index, built directly by a superuser, runs the
# trap as the superuser (rolled back)
is($coord->safe_psql('postgres', q{
	BEGIN;
	CREATE TABLE public.ctl (id int);
	CREATE INDEX ON public.ctl ((src.trap('control')));
	ROLLBACK;
	SELECT 1}), '1', 'control: a superuser builds the owner\'s index expression');
ok(-f "$evidence/control",
	'control: the owner\'s trap ran with the superuser\'s rights');

# the probe: a superuser copies the owner's distributed table
my ($ret, $out, $err) = $coord->psql('postgres',
	q{SELECT table_name, rows FROM anon.create_masked_copy('src', 'dst')});
ok(!-e "$evidence/copy",
	'create_masked_copy of a distributed table does not run the owner\'s index code as the caller');
isnt($ret, 0, 'create_masked_copy refuses a distributed table with the owner\'s code in an index');
like($err, qr/ERROR:  cannot make a masked copy of Citus table "[at]": function src\.trap\(text\), in code of role "regress_owner"/,
	'the refusal names the table, the function and its owner');
like($err, qr/HINT:/, 'the refusal has a hint');

# static masking in place runs as the owner in a security-restricted
# operation: the owner's index code never runs as the superuser caller
# (on Citus 13.2 the rewrite of a non-superuser's distributed table ends in
# a distributed deadlock, rolled back: either outcome, never the trap)
($ret, $out, $err) = $coord->psql('postgres', q{SELECT anon.anonymize_table('src.a')});
# (read as the owner: a superuser's own query over the table would fold the
# trap itself, PostgreSQL's planner does that for whoever plans)
my $hidden = as_owner(q{SELECT count(*) FROM src.a WHERE secret = 'HIDDEN'});
ok(($ret == 0 && $hidden eq '50') || ($ret != 0 && $hidden eq '0'),
	'anonymize_table of a distributed table with the owner\'s index code masks every row or none');
ok(!-e "$evidence/anonymize" && !-e "$evidence/predicate",
	'anonymize_table of a distributed table does not run the owner\'s index code as the caller');

# a distributed table without another role's code (the caller's own) is still copied, masked,
# distributed, with its indexes on every shard
is($coord->safe_psql('postgres',
	q{SELECT rows FROM anon.create_masked_copy('clean', 'clean_copy')}), '50',
	'create_masked_copy of a distributed table without owner code');
is($coord->safe_psql('postgres', q{SELECT count(*) FROM clean_copy.c WHERE secret = 'HIDDEN'}),
	'50', 'the copy is masked');
is($coord->safe_psql('postgres',
	q{SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'clean_copy.c'::regclass}),
	'1', 'the copy is distributed');
is($coord->safe_psql('postgres', q{
	SELECT bool_and(result::int = 2) FROM run_command_on_shards('clean_copy.c',
		$$SELECT count(*) FROM pg_catalog.pg_index WHERE indrelid = '%s'::regclass$$)}), 't',
	'the copy\'s indexes are on every shard');
is(owner_is_super(), 'f', 'the owner is still not a superuser');

done_testing();
