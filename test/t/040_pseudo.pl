# test/t/040_pseudo.pl: pseudonyms are consistent across sessions, after a
# key change made by another session, after a restart and after a dump and
# restore; keys never reach the server log; a million round trips.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('pseudo');
$node->init;
$node->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'anon'
log_statement = 'all'
log_min_duration_statement = 0
log_min_error_statement = debug5
});
$node->start;
$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	SELECT anon.create_key('tap');
	CREATE TABLE ids (id text PRIMARY KEY);
	INSERT INTO ids SELECT lpad(i::text, 12, '0') FROM generate_series(1, 1000) i;
	CREATE TABLE p1 AS
	SELECT id, anon.pseudonymize(id, 'tap') AS p, anon.hash(id) AS h FROM ids;
});

# The same pseudonyms in another session, and joins work across tables.
is($node->safe_psql('postgres', q{
	SELECT count(*) FROM p1
	WHERE p = anon.pseudonymize(id, 'tap') AND h = anon.hash(id)}),
	'1000', 'another session computes the same pseudonyms');

# A session that has the key cached sees a rotation made by another one.
my $bg = $node->background_psql('postgres');
is($bg->query_safe(q{SELECT count(*) FROM p1 WHERE p = anon.pseudonymize(id, 'tap')}),
	'1000', 'the long-lived session has the key cached');
$node->safe_psql('postgres', q{SELECT anon.rotate_key('tap')});
is($bg->query_safe(q{SELECT count(*) FROM p1 WHERE p = anon.pseudonymize(id, 'tap')}),
	'0', 'after a rotation in another session, it uses the new version');
is($bg->query_safe(q{
	SELECT count(*) FROM p1 WHERE anon.depseudonymize(p, 'tap', '', 1) = id}),
	'1000', 'and reverses the old pseudonyms with the old version');
# a direct change of anon.keys by another session is seen too
$node->safe_psql('postgres', q{
	BEGIN;
	UPDATE anon.keys SET active = false WHERE name = 'tap';
	UPDATE anon.keys SET active = true WHERE name = 'tap' AND version = 1;
	COMMIT;});
is($bg->query_safe(q{SELECT count(*) FROM p1 WHERE p = anon.pseudonymize(id, 'tap')}),
	'1000', 'a direct change of anon.keys in another session is seen');
$bg->quit;

# After a restart, the same pseudonyms.
$node->restart;
is($node->safe_psql('postgres', q{
	SELECT count(*) FROM p1
	WHERE p = anon.pseudonymize(id, 'tap') AND h = anon.hash(id)}),
	'1000', 'the same pseudonyms after a restart');

# A dump never holds the keys; copied over by a superuser, they make the
# restored database compute and reverse the same pseudonyms.
my @keys = split /\n/, $node->safe_psql('postgres',
	q{SELECT encode(anon._key_plaintext(name, version), 'hex') FROM anon.keys});
ok(@keys >= 3, 'there are keys to look for');
my $dump = $node->basedir . '/pseudo.sql';
$node->command_ok([ 'pg_dump', '-f', $dump, '-d', $node->connstr('postgres') ],
	'pg_dump of a database with keys');
my $dumptext = slurp_file($dump);
like($dumptext, qr/CREATE TABLE public\.p1/, 'the dump holds the data');
is((grep { index(lc($dumptext), $_) >= 0 } @keys), 0, 'but no key');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', $dump,
	'-d', $node->connstr('restored') ], 'the dump restores');
my $keyfile = $node->basedir . '/keys.copy';
$node->safe_psql('postgres', "COPY anon.keys TO '$keyfile'");
$node->safe_psql('restored', "COPY anon.keys FROM '$keyfile'");
is($node->safe_psql('restored', q{
	SELECT count(*) FROM p1
	WHERE p = anon.pseudonymize(id, 'tap') AND h = anon.hash(id)
	  AND anon.depseudonymize(p, 'tap') = id}),
	'1000', 'with the keys copied, the restored database has the same pseudonyms');

# No key, in hex or otherwise, is in the server log.
my $log = slurp_file($node->logfile);
like($log, qr/rotate_key/, 'the log has the statements');
my $leaks = grep { index(lc($log), $_) >= 0 } @keys;
is($leaks, 0, 'no key appears in the server log');

# A million round trips of 16-digit numbers, and mixed identifiers.
is($node->safe_psql('postgres', q{
	SET max_parallel_workers_per_gather = 2;
	SELECT count(*) FROM (
		SELECT lpad((floor(random() * 1e16))::bigint::text, 16, '0') AS v
		FROM generate_series(1, 1000000)) r
	WHERE anon.depseudonymize(anon.pseudonymize(v, 'tap'), 'tap') <> v}),
	'0', 'a million 16-digit numbers come back');
is($node->safe_psql('postgres', q{
	SELECT count(*) FROM (
		SELECT chr(65 + (i % 26)) || chr(97 + (i / 26 % 26)) || '-' || lpad(i::text, 7, '0') AS v
		FROM generate_series(1, 200000) i) r
	WHERE anon.depseudonymize(anon.pseudonymize(v, 'tap'), 'tap') <> v}),
	'0', 'two hundred thousand mixed identifiers come back');

$node->stop;
done_testing();
