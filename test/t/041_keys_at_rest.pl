# test/t/041_keys_at_rest.pl: pseudonymization keys are never readable
# through SQL by anyone but a superuser (issue 15, class 9).  Keys stored in
# clear by anon 1.0 (the positive control: a pg_read_all_data role reads
# them) are encrypted by the upgrade to 1.1 and keep giving the same
# pseudonyms; afterwards neither that role, nor COPY, nor pg_dump sees a
# key's bytes.  The key-encryption key comes from a file made in the data
# directory with mode 0600, or from a command; a wrong or missing one gives
# errors, never a key.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('keys');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;
my $pgdata = $node->data_dir;

# ---- 1.0: keys in clear ----
$node->safe_psql('postgres', q{
	CREATE EXTENSION anon VERSION '1.0';
	CREATE ROLE regress_reader LOGIN;
	GRANT pg_read_all_data TO regress_reader;
	SELECT anon.create_key('pii');
	SELECT anon.create_key('cards');
	SELECT anon.rotate_key('cards');
	CREATE TABLE people (id int PRIMARY KEY, code text);
	INSERT INTO people SELECT i, lpad(i::text, 8, '0') FROM generate_series(1, 50) i;
});
my $before = $node->safe_psql('postgres', q{
	SELECT string_agg(anon.pseudonymize(code, 'pii') || anon.pseudonymize(code, 'cards')
	                  || anon.hash(code), ',' ORDER BY id) FROM people});
my @raw = split /\n/, $node->safe_psql('postgres',
	q{SELECT encode(key, 'hex') FROM anon.keys ORDER BY name, version});
is(scalar(@raw), 4, 'four key versions in 1.0 (pii, cards 1 and 2, default)');
ok(!-e "$pgdata/anon_kek", 'no key-encryption key file before any is needed');

# positive control: in 1.0 a pg_read_all_data role reads every key
my $seen = $node->safe_psql('postgres',
	q{SELECT string_agg(encode(key, 'hex'), ',') FROM anon.keys},
	extra_params => [ '-U', 'regress_reader' ]);
is((grep { index($seen, $_) >= 0 } @raw), 4,
	'control: in 1.0 a pg_read_all_data role reads the keys in clear');

# ---- the upgrade encrypts them ----
my ($rc, $out, $err) = $node->psql('postgres', q{ALTER EXTENSION anon UPDATE TO '1.1'});
is($rc, 0, 'the upgrade to 1.1 runs');
like($err, qr/no longer creates the role "anon_key_admin"/, 'the upgrade says the role is no longer the extension\'s');
ok(-e "$pgdata/anon_kek", 'the key-encryption key file was made');
is(sprintf('%04o', (stat("$pgdata/anon_kek"))[2] & 07777), '0600',
	'the key-encryption key file has mode 0600');
is($node->safe_psql('postgres', q{
	SELECT string_agg(anon.pseudonymize(code, 'pii') || anon.pseudonymize(code, 'cards')
	                  || anon.hash(code), ',' ORDER BY id) FROM people}),
	$before, 'the same pseudonyms after the upgrade');
is($node->safe_psql('postgres', q{SELECT anon.encrypt_keys()}), '0',
	'nothing is left in clear');

$seen = $node->safe_psql('postgres',
	q{SELECT string_agg(encode(key, 'hex'), ',') FROM anon.keys},
	extra_params => [ '-U', 'regress_reader' ]);
like($seen, qr/^[0-9a-f,]+$/, 'the reader still reads the table');
is((grep { index($seen, $_) >= 0 } @raw), 0,
	'but a pg_read_all_data role no longer reads any key');
is($node->safe_psql('postgres', q{
	SELECT string_agg(encode(anon._key_plaintext(name, version), 'hex'), ',' ORDER BY name, version)
	FROM anon.keys}), join(',', @raw), 'a superuser still recovers the same keys');

# COPY and pg_dump hold ciphertext at most
my $copy = $node->safe_psql('postgres', q{COPY anon.keys TO STDOUT});
is((grep { index($copy, $_) >= 0 } @raw), 0, 'COPY of anon.keys: no key');
for my $who ('postgres', 'regress_reader')
{
	my $dump = $node->basedir . "/dump_$who.sql";
	$node->command_ok([ 'pg_dump', '-U', $who, '-f', $dump, '-d', $node->connstr('postgres') ],
		"pg_dump as $who");
	my $text = slurp_file($dump);
	like($text, qr/CREATE TABLE public\.people/, "the dump as $who holds the data");
	is((grep { index(lc($text), $_) >= 0 } @raw), 0, "the dump as $who holds no key");
}
my $kek = slurp_file("$pgdata/anon_kek");
chomp $kek;
like($kek, qr/^[0-9a-f]{64}$/, 'the key-encryption key file holds 64 hex digits');
unlike($node->safe_psql('postgres', q{SELECT string_agg(setting, ',') FROM pg_settings}),
	qr/$kek/, 'no setting shows the key-encryption key');

# ---- new keys are encrypted too; the reader never sees them ----
$node->safe_psql('postgres', q{SELECT anon.create_key('fresh')});
my $fresh = $node->safe_psql('postgres',
	q{SELECT encode(anon._key_plaintext('fresh', 1), 'hex')});
$seen = $node->safe_psql('postgres',
	q{SELECT string_agg(encode(key, 'hex'), ',') FROM anon.keys},
	extra_params => [ '-U', 'regress_reader' ]);
ok(index($seen, $fresh) < 0, 'a new key is stored encrypted');
($rc, $out, $err) = $node->psql('postgres', q{SELECT anon._key_plaintext('fresh', 1)},
	extra_params => [ '-U', 'regress_reader' ]);
like($err, qr/permission denied/, 'the reader cannot call anon._key_plaintext');

# ---- the KEK from a command ----
my $p1 = $node->safe_psql('postgres', q{SELECT anon.pseudonymize('12345678', 'pii')});
$node->append_conf('postgresql.conf', "anon.kek_command = 'cat $pgdata/anon_kek'");
$node->reload;
is($node->safe_psql('postgres', q{SELECT anon.pseudonymize('12345678', 'pii')}), $p1,
	'anon.kek_command gives the same key-encryption key');
($rc, $out, $err) = $node->psql('postgres', q{SHOW anon.kek_command},
	extra_params => [ '-U', 'regress_reader' ]);
like($err, qr/permission denied|must be superuser/, 'the reader cannot see anon.kek_command');

# a wrong KEK: an error, never a key nor a pseudonym
$node->append_conf('postgresql.conf', "anon.kek_command = 'echo " . ('ab' x 32) . "'");
$node->reload;
($rc, $out, $err) = $node->psql('postgres', q{SELECT anon.pseudonymize('12345678', 'pii')});
like($err, qr/key "pii" version 1 could not be decrypted/, 'a wrong key-encryption key: an error');
unlike($err, qr/$kek|abababab/, 'the error shows no key');
# a failing command
$node->append_conf('postgresql.conf', "anon.kek_command = 'exit 3'");
$node->reload;
($rc, $out, $err) = $node->psql('postgres', q{SELECT anon.pseudonymize('12345678', 'pii')});
like($err, qr/anon.kek_command failed/, 'a failing anon.kek_command: an error');

# a missing file is not silently replaced when decrypting
$node->append_conf('postgresql.conf', "anon.kek_command = ''");
rename("$pgdata/anon_kek", "$pgdata/anon_kek.saved") or die;
$node->reload;
($rc, $out, $err) = $node->psql('postgres', q{SELECT anon.pseudonymize('12345678', 'pii')});
like($err, qr/could not open key-encryption key file "anon_kek"/, 'a missing key-encryption key file: an error');
ok(!-e "$pgdata/anon_kek", 'and no new file was made to decrypt');
rename("$pgdata/anon_kek.saved", "$pgdata/anon_kek") or die;
# a file readable by every user is refused
chmod 0604, "$pgdata/anon_kek";
$node->restart;
($rc, $out, $err) = $node->psql('postgres', q{SELECT anon.pseudonymize('12345678', 'pii')});
like($err, qr/accessible to every user/, 'a world-readable key-encryption key file is refused');
chmod 0600, "$pgdata/anon_kek";
$node->restart;
is($node->safe_psql('postgres', q{SELECT anon.pseudonymize('12345678', 'pii')}), $p1,
	'the restored file gives the same pseudonyms');

# ---- a new KEK: the keys re-encrypted under it ----
my $nkeys = $node->safe_psql('postgres', q{SELECT count(*) FROM anon.keys});
open(my $fh, '>', "$pgdata/anon_kek2") or die;
print $fh ('5a' x 32) . "\n";
close $fh;
chmod 0600, "$pgdata/anon_kek2";
$node->append_conf('postgresql.conf', "anon.kek_file = 'anon_kek2'");
$node->reload;
($rc, $out, $err) = $node->psql('postgres', q{SELECT anon.pseudonymize('12345678', 'pii')});
like($err, qr/could not be decrypted/, 'under a new KEK the keys do not open yet');
is($node->safe_psql('postgres', "SELECT anon.reencrypt_keys('cat $pgdata/anon_kek')"), $nkeys,
	'anon.reencrypt_keys encrypts every key under the new KEK');
is($node->safe_psql('postgres', q{SELECT anon.pseudonymize('12345678', 'pii')}), $p1,
	'the same pseudonyms under the new KEK');
is($node->safe_psql('postgres', "SELECT anon.reencrypt_keys('cat $pgdata/anon_kek')"), '0',
	'a second run has nothing left to do');
($rc, $out, $err) = $node->psql('postgres', q{SELECT anon.reencrypt_keys('true')},
	extra_params => [ '-U', 'regress_reader' ]);
like($err, qr/permission denied/, 'only superusers re-encrypt keys');

# ---- no global object left behind by a fresh 1.1 install ----
$node->safe_psql('postgres', q{CREATE DATABASE fresh});
$node->safe_psql('fresh', q{CREATE EXTENSION anon; DROP EXTENSION anon});
is($node->safe_psql('postgres',
	q{SELECT count(*) FROM pg_roles WHERE rolname = 'anon_key_admin'}), '1',
	'the role made by 1.0 is kept (its members keep working)');
$node->safe_psql('postgres', q{DROP EXTENSION anon; DROP ROLE anon_key_admin});
$node->safe_psql('fresh', q{CREATE EXTENSION anon; DROP EXTENSION anon});
is($node->safe_psql('postgres',
	q{SELECT count(*) FROM pg_roles WHERE rolname LIKE 'anon%'}), '0',
	'CREATE and DROP EXTENSION of 1.1 leave no role behind');

done_testing();
