# test/t/004_demo.pl: the README's demo (scripts/demo.sh) runs to its end.
#
# The demo loads data/sample.sql and runs every demo/*.sql with
# ON_ERROR_STOP (its expected refusals sit between ON_ERROR_STOP 0 and 1);
# a change of behaviour that breaks a step made the newcomer's first
# command fail while every suite passed.  Same steps here, each file's
# psql exit status checked; positive control: a script with an error
# after ON_ERROR_STOP is seen failing.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $src = $ENV{ANON_SRC} or die "ANON_SRC is not set";

my $node = PostgreSQL::Test::Cluster->new('demo');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;
$node->safe_psql('postgres', 'CREATE DATABASE demo');

# run one file as the demo does; its exit status and standard error
sub run_file
{
	my ($file) = @_;
	my ($stdout, $stderr) = ('', '');
	my $ret = IPC::Run::run(
		[
			'psql', '-X', '-d', $node->connstr('demo'),
			'-v', 'ON_ERROR_STOP=1', '-f', $file
		],
		'>', \$stdout, '2>', \$stderr);
	return ($ret, $stderr);
}

my ($ok, $err) = run_file("$src/data/sample.sql");
ok($ok, 'the sample data set loads') or diag($err);

my @files = sort glob("$src/demo/*.sql");
cmp_ok(scalar(@files), '>=', 10, 'the demo scripts are found');
foreach my $file (@files)
{
	($ok, $err) = run_file($file);
	my ($name) = $file =~ m{([^/]+)$};
	ok($ok, "demo/$name runs to its end") or diag($err);
}

# positive control: an error outside the refusal brackets stops the run
my $bad = PostgreSQL::Test::Utils::tempdir() . '/bad.sql';
open(my $fh, '>', $bad) or die "cannot write $bad: $!";
print $fh "SELECT 1;\nSELECT anon.no_such_function();\nSELECT 2;\n";
close($fh);
($ok, $err) = run_file($bad);
ok(!$ok, 'control: a failing step is reported');
like($err, qr/ERROR:/, 'control: with its error');

$node->stop;
done_testing();
