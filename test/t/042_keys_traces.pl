# test/t/042_keys_traces.pl: key material leaves no trace where roles that
# hold no key read (keysteam).  With every statement logged and the most
# verbose client messages, key management, pseudonymization and the errors
# of roles that hold no key put no key's bytes and not the key-encryption
# key in the server log, in the messages a client receives, or in a dump.
# Positive control: a key's bytes that a superuser deliberately logs are
# found by the same search.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('traces');
$node->init;
$node->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'anon'
log_statement = 'all'
log_min_duration_statement = 0
log_min_messages = debug1
log_error_verbosity = verbose
log_parameter_max_length = -1
log_parameter_max_length_on_error = -1
});
$node->start;
my $pgdata = $node->data_dir;

$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE ROLE regress_k8_admins NOLOGIN;
	CREATE ROLE regress_k8_admin LOGIN;
	CREATE ROLE regress_k8_plain LOGIN;
	GRANT regress_k8_admins TO regress_k8_admin;
	ALTER SYSTEM SET anon.key_admin_role = 'regress_k8_admins';
	SELECT pg_reload_conf();
});
$node->safe_psql('postgres', q{
	SELECT anon.create_key('pii');
	SELECT anon.rotate_key('pii');
	SELECT anon.create_key('ctl');
	CREATE TABLE people (id int, phone text);
	INSERT INTO people SELECT i, '06' || lpad(i::text, 8, '0') FROM generate_series(1, 20) i;
	SECURITY LABEL FOR anon ON COLUMN people.phone IS 'MASKED WITH FUNCTION anon.pseudonymize(phone, ''pii'')';
	GRANT SELECT ON people TO regress_k8_plain;
});

# a key administrator and a role that holds no key use the keys, with every
# message sent to the client
my $client = '';
for my $who ('regress_k8_admin', 'regress_k8_plain')
{
	my ($rc, $out, $err) = $node->psql('postgres', q{
		SET client_min_messages = debug5;
		SELECT anon.pseudonymize('0612345678', 'pii');
		SELECT anon.depseudonymize('0612345678', 'pii', '', 1);
		SELECT anon.rotate_key('pii');
		SELECT * FROM anon.list_keys();
		SELECT anon._key_plaintext('pii');
		SELECT * FROM anon.keys;
		SELECT anon.pseudonymize(phone, 'pii') FROM people;
		SELECT anon.hash('x');
		SELECT current_setting('anon.kek_command'), current_setting('anon.kek_file');
	}, extra_params => [ '-U', $who ]);
	$client .= $out . $err;
}
like($client, qr/permission denied to use key "pii"/, 'the role that holds no key was refused');
like($client, qr/permission denied (for function _key_plaintext|to read a key)/, 'nobody but superusers reads a key');

# the superuser's own key work, logged statement by statement
$node->safe_psql('postgres', q{
	SELECT anon.reencrypt_keys('cat ' || current_setting('data_directory') || '/anon_kek');
	SELECT count(anon.pseudonymize(phone, 'pii')) FROM people;
	SELECT count(anon.depseudonymize(anon.pseudonymize(phone, 'pii'), 'pii')) FROM people;
});

# what must never show: every version of the key pii, its stored form, the KEK
my @secrets = split /\n/, $node->safe_psql('postgres', q{
	SELECT encode(anon._key_plaintext('pii', version), 'hex') FROM anon.keys WHERE name = 'pii'
	UNION ALL SELECT encode(key, 'hex') FROM anon.keys WHERE name = 'pii'});
is(scalar(@secrets), 6, 'three key versions, in clear and stored');
my $kek = slurp_file("$pgdata/anon_kek");
$kek =~ s/\s+//g;
push @secrets, lc($kek);
my $ctl = $node->safe_psql('postgres', q{SELECT encode(anon._key_plaintext('ctl'), 'hex')});

# positive control: a key that a superuser logs on purpose is found
$node->safe_psql('postgres', q{
	DO $$BEGIN RAISE LOG 'control %', encode(anon._key_plaintext('ctl'), 'hex'); END$$});
my $dumpfile = $node->basedir . '/traces.sql';
$node->command_ok([ 'pg_dump', '-f', $dumpfile, '-d', $node->connstr('postgres') ], 'pg_dump');
my $dout = slurp_file($dumpfile);
$node->stop;
my $log = slurp_file($node->logfile);
ok(index($log, $ctl) >= 0, 'control: a key logged on purpose is found in the log');
is((grep { index($log, $_) >= 0 } @secrets), 0, 'no key, stored key or KEK in the server log');
is((grep { index(lc($client), $_) >= 0 } @secrets), 0, 'none in what the clients received');
like($dout, qr/CREATE EXTENSION IF NOT EXISTS anon/, 'control: the dump holds the database');
is((grep { index($dout, $_) >= 0 } @secrets), 0, 'none in a dump');

done_testing();
