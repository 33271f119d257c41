# test/t/068_dp_virtual_columns.pl: PostgreSQL 18's virtual generated
# columns read by a DIFFERENTIAL PRIVACY role (dpaudit4).
#
# A virtual generated column is computed when it is read, from an
# expression of the table's owner, and the planner puts that expression
# in place of the column after the DP guard has checked the query.  So a
# guarded query evaluated it on exactly the rows it chose, unchecked:
# with "g GENERATED ALWAYS AS (100 / (salary - 777)) VIRTUAL", the filter
# "CASE WHEN id = 21 THEN g ELSE 0 END > 0" failed (division by zero)
# exactly when person 21 earned 777.  The expression of every virtual
# column a guarded level reads is now held to the rule of the raw rows.
# Positive control: regress_ctl, unlabelled, gets the error for person 21
# and not for person 22.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('dp_virtual_columns');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;
if ($node->safe_psql('postgres',
		"SELECT current_setting('server_version_num')::int < 180000") eq 't')
{
	$node->stop;
	plan skip_all => 'virtual generated columns are new in PostgreSQL 18';
}

$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE ROLE regress_dp LOGIN;
	CREATE ROLE regress_ctl LOGIN;
	SECURITY LABEL FOR anon ON ROLE regress_dp IS 'DIFFERENTIAL PRIVACY';
	SELECT anon.set_budget('regress_dp', 100, 1e-3);
	-- 777 is earned once (id 21, 37 * 21 = 777)
	CREATE TABLE v (id int PRIMARY KEY, salary int,
		g int GENERATED ALWAYS AS (100 / (salary - 777)) VIRTUAL,
		rich boolean GENERATED ALWAYS AS (salary > 500) VIRTUAL);
	INSERT INTO v (id, salary) SELECT g, (g * 37) % 1000 FROM generate_series(1, 999) g;
	SECURITY LABEL FOR anon ON COLUMN v.salary IS 'MASKED WITH VALUE 0';
	GRANT SELECT ON v TO regress_dp, regress_ctl;
});

sub run_as
{
	my ($role, $sql) = @_;
	my ($ret, $out, $err) = $node->psql('postgres', $sql,
		extra_params => [ '-U', $role ]);
	return ($ret, $out, $err);
}

my $probe = 'SELECT anon.anon_count(1.0) FILTER (WHERE CASE WHEN id = %d THEN g ELSE 0 END > 0) IS NOT NULL FROM v';

# positive control: the error tells person 21 from person 22
{
	my ($ret, $out, $err) = run_as('regress_ctl', sprintf($probe, 21));
	like($err, qr/division by zero/, 'control: the probe fails for person 21 (salary 777)');
	($ret, $out, $err) = run_as('regress_ctl', sprintf($probe, 22));
	is($out, 't', 'control: the probe releases for person 22') or diag($err);
}

# the DP role: refused alike, before anything is read or charged
my $refused = qr/differential privacy role may only read differentially private aggregates/;
for my $sql (sprintf($probe, 21), sprintf($probe, 22),
	'SELECT anon.anon_count(1.0) FROM v WHERE g > 0',
	'SELECT g, anon.anon_count(1.0) FROM v GROUP BY g',
	'SELECT anon.anon_sum(g, 1.0, 0, 100) FROM v',
	'SELECT anon.anon_count(v, 1.0) FROM v')
{
	my ($ret, $out, $err) = run_as('regress_dp', $sql);
	isnt($ret, 0, "DP role: refused: $sql");
	like($err, $refused, "DP role: refused by the guard: $sql");
	unlike($err, qr/division by zero/, "DP role: no division by zero: $sql");
}
{
	my ($ret, $out) = run_as('regress_dp',
		"SELECT round(epsilon) FROM anon.budget_remaining()");
	is($out, '100', 'DP role: nothing was charged');
}

# what stays allowed: a virtual column whose expression is leakproof, and
# the table read without its unsafe column
for my $sql ('SELECT anon.anon_count(1.0) FILTER (WHERE rich) IS NOT NULL FROM v',
	# two groups of about 500: partition selection keeps both
	'SELECT count(*) = 2 FROM (SELECT rich, anon.anon_count(1.0) FROM v GROUP BY rich) s',
	'SELECT anon.anon_sum(salary, 1.0, 0, 1000) IS NOT NULL FROM v WHERE id > 10')
{
	my ($ret, $out, $err) = run_as('regress_dp', $sql);
	like($out, qr/^t/, "DP role: allowed: $sql") or diag($err);
}

$node->stop;
done_testing();
