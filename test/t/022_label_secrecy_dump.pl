# test/t/022_label_secrecy_dump.pl: pg_dump run as a masked role carries the
# masking labels with their constants redacted (no salt), and the dump
# still restores (issue 15, class 5).  Positive control: the owner's dump
# holds the salt.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $src = PostgreSQL::Test::Cluster->new('source');
$src->init;
$src->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$src->start;

$src->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE ROLE dumper LOGIN;
	SECURITY LABEL FOR anon ON ROLE dumper IS 'MASKED';
	CREATE TABLE customer (id int PRIMARY KEY, email text, zip text);
	INSERT INTO customer VALUES (1, 'alice@example.com', '75001');
	SET client_min_messages = error;
	SECURITY LABEL FOR anon ON COLUMN customer.email IS 'MASKED WITH FUNCTION anon.digest(email, ''SALT_s3cr3t'', ''sha256'')';
	SECURITY LABEL FOR anon ON COLUMN customer.zip IS 'MASKED WITH FUNCTION anon.partial(zip, 2, ''KEEP_x'', 0)';
	GRANT SELECT ON customer TO dumper;
});

my $raw = $src->basedir . '/raw.sql';
$src->command_ok([ 'pg_dump', '-f', $raw, '-d', $src->connstr('postgres') ],
	'pg_dump as the owner');
like(slurp_file($raw), qr/SALT_s3cr3t/, 'the owner\'s dump holds the salt (positive control)');

my $masked = $src->basedir . '/masked.sql';
$src->command_ok(
	[ 'pg_dump', '-U', 'dumper', '--exclude-table-data=anon.*', '-f', $masked,
	  '-d', $src->connstr('postgres') ],
	'pg_dump runs as the masked role');
my $text = slurp_file($masked);
unlike($text, qr/SALT_s3cr3t|alice\@example/, 'the masked dump holds no salt and no raw value');
my @labels = grep { /^SECURITY LABEL/ } split /\n/, $text;
ok(scalar(@labels) >= 2, 'the masked dump has the labels');
unlike(join("\n", @labels), qr/KEEP_x|SALT/, 'no label of the masked dump holds a constant');
like($text, qr/SECURITY LABEL FOR anon ON COLUMN public\.customer\.email IS 'MASKED WITH FUNCTION anon\.digest\(email, ''\*\*\*'', ''\*\*\*''\)'/,
	'the masked dump keeps the rule, redacted');

# the redacted dump restores on a server with anon
my $dst = PostgreSQL::Test::Cluster->new('restore');
$dst->init;
$dst->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$dst->start;
$dst->safe_psql('postgres', 'CREATE ROLE dumper LOGIN');
my ($ret, $out, $err) = $dst->psql('postgres', slurp_file($masked), on_error_stop => 1);
is($ret, 0, 'the masked dump restores') or diag($err);
is($dst->safe_psql('postgres', q{SELECT label FROM pg_seclabels WHERE objname LIKE '%customer.zip'}),
	q{MASKED WITH FUNCTION anon.partial(zip, 0, '***', 0)}, 'the restored rule is the redacted one');

$src->stop;
$dst->stop;
done_testing();
