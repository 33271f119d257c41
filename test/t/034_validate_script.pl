# test/t/034_validate_script.pl: scripts/anon-validate.sh, the CI form of
# anon.validate(): prints the JSON report, exits 0 without findings, 1 with
# some, 2 when it cannot run; --since reads an export_rules() file; --check
# adds the dry run of masked copies and dumps (anon.check_masking), which
# writes nothing.
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

# --check: the masks evaluated on a sample; a CHECK constraint the masked
# values fail is found only there (the catalog alone cannot tell)
$node->safe_psql('postgres', q{
	ALTER TABLE p DROP COLUMN phone;
	CREATE TABLE q (id int PRIMARY KEY, age int CHECK (age >= 18));
	INSERT INTO q SELECT i, 18 + i FROM generate_series(1, 500) i;
	SECURITY LABEL FOR anon ON COLUMN q.id IS 'NOT MASKED';
	SECURITY LABEL FOR anon ON COLUMN q.age IS 'MASKED WITH FUNCTION (age OPERATOR(pg_catalog.-) 10)';
});
($rc, $out) = run_script(@conn);
is($rc, 0, 'without --check, the catalog has no finding');
my $before = $node->safe_psql('postgres',
	q{SELECT pg_relation_filenode('q') || ' ' || md5(string_agg(q::text || q.xmin, ',' ORDER BY id)) FROM q});
($rc, $out) = run_script('--check', '--sample', '100', @conn);
is($rc, 1, 'with --check, a CHECK the masked values fail: exit 1');
like($out, qr/"check": \{.*q_age_check/, 'the check report names the constraint');
unlike($out, qr/"age": /, 'no value is shown');
is($node->safe_psql('postgres',
	q{SELECT pg_relation_filenode('q') || ' ' || md5(string_agg(q::text || q.xmin, ',' ORDER BY id)) FROM q}),
	$before, 'the dry run wrote nothing: same file, rows and row versions');
($rc, $out) = run_script('--check', '--schema', 'no_such_schema', @conn);
is($rc, 0, '--schema restricts the check to one schema');
($rc, $out) = run_script('--check', '--sample', 'x', @conn);
is($rc, 2, 'a bad --sample: exit 2');
$node->safe_psql('postgres',
	q{SECURITY LABEL FOR anon ON COLUMN q.age IS 'MASKED WITH FUNCTION (age OPERATOR(pg_catalog.+) 10)'});
($rc, $out) = run_script('--check', @conn);
is($rc, 0, 'a mask that keeps the constraint: exit 0');

$node->stop;
done_testing();
