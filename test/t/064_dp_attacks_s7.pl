# test/t/064_dp_attacks_s7.pl: attacks on the DIFFERENTIAL PRIVACY guard
# whose output differs between PostgreSQL versions (so not pg_regress), by
# a DP role with the usual grants (ALL on the labelled table: from
# PostgreSQL 17 that includes MAINTAIN).  Each probe has a positive
# control: the same statement run by an unlabelled role that may run it
# shows what the probe would have read.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('dp_attacks_s7');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;
my $v17 = $node->safe_psql('postgres',
	"SELECT current_setting('server_version_num')::int >= 170000") eq 't';

# t: 1001 people, labelled; the DP role may maintain it from 17 (GRANT ALL
# gives MAINTAIN); t_own: the same rows in a labelled table that the DP role
# owns, so that it may maintain it on every version
$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE ROLE regress_dp7 LOGIN;
	CREATE ROLE regress_ctl7 LOGIN;
	SECURITY LABEL FOR anon ON ROLE regress_dp7 IS 'DIFFERENTIAL PRIVACY';
	SELECT anon.set_budget('regress_dp7', 10);
	CREATE TABLE t (id int PRIMARY KEY, v int);
	INSERT INTO t SELECT g, g % 97 FROM generate_series(1, 1001) g;
	SECURITY LABEL FOR anon ON COLUMN t.v IS 'MASKED WITH VALUE 0';
	GRANT ALL ON t TO regress_dp7, regress_ctl7;
	CREATE TABLE t_own (id int PRIMARY KEY, v int);
	INSERT INTO t_own SELECT * FROM t;
	SECURITY LABEL FOR anon ON COLUMN t_own.v IS 'MASKED WITH VALUE 0';
	ALTER TABLE t_own OWNER TO regress_dp7;
	CREATE TABLE t_ctl (id int PRIMARY KEY, v int);
	INSERT INTO t_ctl SELECT * FROM t;
	SECURITY LABEL FOR anon ON COLUMN t_ctl.v IS 'MASKED WITH VALUE 0';
	ALTER TABLE t_ctl OWNER TO regress_ctl7;
	CLUSTER t_ctl USING t_ctl_pkey;
	CLUSTER t_own USING t_own_pkey;
	CLUSTER t USING t_pkey;
});

sub run_as
{
	my ($role, $sql) = @_;
	my ($ret, $out, $err) = $node->psql('postgres', $sql,
		extra_params => [ '-U', $role ]);
	return ($ret, $err);
}

# VERBOSE maintenance reports the exact number of rows (INFO messages reach
# the client whatever client_min_messages says): 1001 here.
my $count = qr/\b1001\b/;
my @statements = (
	[ 'VACUUM (VERBOSE) %s', 'VACUUM' ],
	[ 'ANALYZE (VERBOSE) %s', 'ANALYZE' ],
	[ 'VACUUM (VERBOSE, ANALYZE) %s', 'VACUUM' ],
	[ 'CLUSTER (VERBOSE) %s', 'CLUSTER' ]);
foreach my $s (@statements)
{
	my ($fmt, $cmd) = @$s;

	# positive control: the owner, not labelled, reads the count
	my ($ret, $err) = run_as('regress_ctl7', sprintf($fmt, 't_ctl'));
	is($ret, 0, "control: $cmd runs for an unlabelled owner");
	like($err, $count, "control: $cmd (VERBOSE) shows the number of rows");

	# the DP role, on a table it owns (every version) or maintains (17)
	foreach my $table ('t_own', 't')
	{
		($ret, $err) = run_as('regress_dp7', sprintf($fmt, $table));
		isnt($ret, 0, "DP role: $cmd (VERBOSE) of $table is refused");
		like($err, qr/may not run \Q$cmd\E \(VERBOSE\) on labelled table/,
			"DP role: $cmd (VERBOSE) of $table says why");
		unlike($err, $count, "DP role: $cmd (VERBOSE) of $table shows no count");
	}
}

# without a table: every table the role may maintain
my ($ret, $err) = run_as('regress_dp7', 'VACUUM (VERBOSE)');
isnt($ret, 0, 'DP role: VACUUM (VERBOSE) of every table is refused');
unlike($err, $count, 'and shows no count');
($ret, $err) = run_as('regress_dp7', 'CLUSTER (VERBOSE)');
isnt($ret, 0, 'DP role: CLUSTER (VERBOSE) of every table is refused');

# what stays allowed: maintenance without VERBOSE on a table it may maintain
($ret, $err) = run_as('regress_dp7', 'VACUUM t_own');
is($ret, 0, 'DP role: VACUUM without VERBOSE runs');
unlike($err, $count, 'and shows no count');
if ($v17)
{
	($ret, $err) = run_as('regress_dp7', 'VACUUM t');
	is($ret, 0, 'DP role: VACUUM of a table it maintains runs (17: MAINTAIN)');
}

# a member of the DP role is guarded as the DP role is
$node->safe_psql('postgres', 'CREATE ROLE regress_dp7_member LOGIN; GRANT regress_dp7 TO regress_dp7_member;');
($ret, $err) = run_as('regress_dp7_member', 'SET ROLE regress_dp7; VACUUM (VERBOSE) t_own');
isnt($ret, 0, 'member of the DP role: VACUUM (VERBOSE) refused');
unlike($err, $count, 'and shows no count');

$node->stop;
done_testing();
