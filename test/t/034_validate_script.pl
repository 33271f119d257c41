# test/t/034_validate_script.pl: scripts/anon-validate.sh, the CI form of
# anon.validate(): prints the JSON report, exits 0 without findings, 1 with
# some, 2 when it cannot run; --since reads an export_rules() file.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $src = $ENV{ANON_SRC} or BAIL_OUT('ANON_SRC is not set');
my $script = "$src/scripts/anon-validate.sh";

my $node = PostgreSQL::Test::Cluster->new('validate');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION anon');
my @conn = ('-h', $node->host, '-p', $node->port, '-d', 'postgres');

sub run_script
{
	my ($stdout, $stderr);
	my $ok = IPC::Run::run([ 'bash', $script, @_ ], '>', \$stdout, '2>', \$stderr);
	return ($? >> 8, $stdout);
}

my ($rc, $out) = run_script(@conn);
is($rc, 0, 'no findings: exit 0');
like($out, qr/"findings": 0/, 'the report is printed');

$node->safe_psql('postgres', q{
	CREATE TABLE p (id int PRIMARY KEY, email text UNIQUE);
	SECURITY LABEL FOR anon ON COLUMN p.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
});
($rc, $out) = run_script(@conn);
is($rc, 1, 'a masked unique column: exit 1');
like($out, qr/p_email_key/, 'the finding names the constraint');

# --since: an export, then a column nobody decided about
my $export = $node->safe_psql('postgres', 'SELECT anon.export_rules()');
my $file = PostgreSQL::Test::Utils::tempdir() . '/rules.json';
open(my $fh, '>', $file) or die $!;
print $fh $export;
close $fh;
$node->safe_psql('postgres', q{
	SECURITY LABEL FOR anon ON COLUMN p.email IS 'MASKED WITH VALUE NULL';
	ALTER TABLE p DROP CONSTRAINT p_email_key;
	SECURITY LABEL FOR anon ON COLUMN p.id IS 'NOT MASKED';
});
($rc, $out) = run_script(@conn);
is($rc, 0, 'fixed: exit 0');
$node->safe_psql('postgres', 'ALTER TABLE p ADD COLUMN phone text');
($rc, $out) = run_script('--since', $file, @conn);
is($rc, 1, 'a new column without a rule since the export: exit 1');
like($out, qr/"column": "phone"/, 'the new column is named');

($rc, $out) = run_script('--policy', 'no_such_policy', @conn);
is($rc, 2, 'an error: exit 2');

$node->stop;
done_testing();
