# test/t/001_install.pl: anon needs shared_preload_libraries and says so;
# a database with the extension dumps and restores.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('install');
$node->init;
$node->start;

# Not preloaded: CREATE EXTENSION stops with a hint at the configuration.
my ($ret, $out, $err) = $node->psql('postgres', 'CREATE EXTENSION anon');
isnt($ret, 0, 'CREATE EXTENSION fails without shared_preload_libraries');
like($err, qr/requires anon to be loaded by shared_preload_libraries/,
	'the error says what is missing');
like($err, qr/HINT:.*shared_preload_libraries/, 'the hint says how to fix it');
is($node->safe_psql('postgres',
		"SELECT count(*) FROM pg_extension WHERE extname = 'anon'"),
	'0', 'nothing is left behind by the failed CREATE EXTENSION');

# Preloaded: it installs.
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->restart;
$node->safe_psql('postgres', 'CREATE EXTENSION anon');
is($node->safe_psql('postgres', 'SELECT anon.random_int_between(7, 7)'),
	'7', 'the extension works once preloaded');

# A database using the extension dumps and restores.
$node->safe_psql('postgres', q{
	CREATE TABLE people (id int PRIMARY KEY,
		code text DEFAULT anon.random_string(8));
	INSERT INTO people (id) SELECT generate_series(1, 50);
});
my $dump = $node->basedir . '/dump.custom';
$node->command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr('postgres') ],
	'pg_dump of a database with anon');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('restored'), $dump ],
	'pg_restore of that dump');
is($node->safe_psql('restored', q{
	SELECT count(*) FROM people WHERE code ~ '^[A-Za-z0-9]{8}$'}),
	'50', 'the data came back');
is($node->safe_psql('restored', q{
	SELECT extversion FROM pg_extension WHERE extname = 'anon'}),
	'1.1', 'the extension came back');
is($node->safe_psql('restored', q{
	INSERT INTO people (id) VALUES (51) RETURNING code ~ '^[A-Za-z0-9]{8}$'}),
	't', 'and its functions work in the restored database');

$node->stop;
done_testing();
