# test/t/062_dp_sql_generated.pl: the per-type declarations of the DP
# aggregates (sqlsrc/61_dp_aggregates.sql and its upgrade fragment
# sqlsrc/upgrade/1.0--1.1/61_dp_aggregates.sql) are exactly what
# scripts/gen-dp-sql.py writes from its list, and the list's current
# version is the one anon.control builds; sqlsrc/10_fake_dummy.sql is what
# scripts/gen-fake-sql.py writes; and the table of
# doc/differential-privacy.md is what scripts/dp-partition-table.py computes.
use strict;
use warnings;
use PostgreSQL::Test::Utils;
use Test::More;
use File::Temp qw(tempdir);

my $src = $ENV{ANON_SRC} or BAIL_OUT('ANON_SRC is not set');

SKIP:
{
	skip 'python3 is not installed', 6
	  unless system('python3 -c "pass" >/dev/null 2>&1') == 0;
	my $dir = tempdir(CLEANUP => 1);
	system('python3', "$src/scripts/gen-dp-sql.py", $dir) == 0
	  or BAIL_OUT('gen-dp-sql.py failed');
	is(slurp_file("$dir/61_dp_aggregates.sql"),
		slurp_file("$src/sqlsrc/61_dp_aggregates.sql"),
		'sqlsrc/61_dp_aggregates.sql is generated from the list (run make dp-sql)');
	is(slurp_file("$dir/upgrade/1.0--1.1/61_dp_aggregates.sql"),
		slurp_file("$src/sqlsrc/upgrade/1.0--1.1/61_dp_aggregates.sql"),
		'the upgrade fragment is generated from the list (run make dp-sql)');

	# the pairs of the dummy_* family (make fake-sql)
	system('python3', "$src/scripts/gen-fake-sql.py", $dir) == 0
	  or BAIL_OUT('gen-fake-sql.py failed');
	is(slurp_file("$dir/10_fake_dummy.sql"),
		slurp_file("$src/sqlsrc/10_fake_dummy.sql"),
		'sqlsrc/10_fake_dummy.sql is generated from the lists (run make fake-sql)');
	like(slurp_file("$src/sqlsrc/10_fake_dummy.sql"),
		qr/CREATE FUNCTION anon\.dummy_first_name_locale\(locale text\)/,
		'the generated pairs are not empty');

	my ($control) = slurp_file("$src/anon.control") =~ /default_version = '([^']+)'/;
	my ($current) = slurp_file("$src/scripts/gen-dp-sql.py") =~ /^CURRENT = '([^']+)'/m;
	is($current, $control, 'gen-dp-sql.py builds the version of anon.control');

	# the partition selection table of doc/differential-privacy.md
	my $table = `python3 $src/scripts/dp-partition-table.py`;
	my ($doc) = slurp_file("$src/doc/differential-privacy.md")
	  =~ /<!-- partition table begin -->\n(.*?)<!-- partition table end -->/s;
	is($doc, $table,
		'the partition selection table of the docs is computed (scripts/dp-partition-table.py)');
}

done_testing();
