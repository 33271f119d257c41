# test/t/067_dp_sizes_maintain.pl: exact sizes that a DIFFERENTIAL
# PRIVACY role reads through maintenance functions and catalog columns
# that differ between PostgreSQL versions (dpaudit4), so not pg_regress.
#
# - brin_summarize_new_values(index) returns how many page ranges it
#   summarized, brin_summarize_range(index, block) whether a range was
#   there to summarize, gin_clean_pending_list(index) how many pages the
#   pending list had: the pages written since the last VACUUM, exactly.
#   They ask for the index's ownership: a DP role that owns a labelled
#   table (t_own) may call them.
# - PostgreSQL 18 adds pg_class.relallfrozen, the pages VACUUM found all
#   frozen (after VACUUM FREEZE, every page).
# Each is refused to a guarded query.  Positive control: regress_ctl, an
# unlabelled role with the same rights on a table of the same rows, reads
# the numbers.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('dp_sizes_maintain');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;
my $v18 = $node->safe_psql('postgres',
	"SELECT current_setting('server_version_num')::int >= 180000") eq 't';

# t_own: labelled, owned by the DP role; t: labelled, GRANT ALL to both
# roles (for relallfrozen); t_ctl: the control's own
$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE ROLE regress_dp LOGIN;
	CREATE ROLE regress_ctl LOGIN;
	SECURITY LABEL FOR anon ON ROLE regress_dp IS 'DIFFERENTIAL PRIVACY';
	SELECT anon.set_budget('regress_dp', 10);
});
for my $tab ('t', 't_own', 't_ctl')
{
	$node->safe_psql('postgres', qq{
		CREATE TABLE $tab (id int, v int);
		INSERT INTO $tab SELECT g, g % 97 FROM generate_series(1, 2000) g;
		SECURITY LABEL FOR anon ON COLUMN $tab.v IS 'MASKED WITH VALUE 0';
		CREATE INDEX ${tab}_brin ON $tab USING brin (id) WITH (pages_per_range = 1);
		CREATE INDEX ${tab}_gin ON $tab USING gin ((ARRAY[v])) WITH (fastupdate = on);
		-- rows written since the indexes were built: unsummarized ranges,
		-- a pending list
		INSERT INTO $tab SELECT g, g % 97 FROM generate_series(2001, 4000) g;
	});
}
$node->safe_psql('postgres', q{
	ALTER TABLE t_own OWNER TO regress_dp;
	ALTER TABLE t_ctl OWNER TO regress_ctl;
	GRANT ALL ON t TO regress_dp, regress_ctl;
});

sub run_as
{
	my ($role, $sql) = @_;
	my ($ret, $out, $err) = $node->psql('postgres', $sql,
		extra_params => [ '-U', $role ]);
	return ($ret, $out, $err);
}

my $refused = qr/differential privacy role may only read differentially private aggregates/;
my @probes = (
	"SELECT brin_summarize_new_values('%s_brin')",
	"SELECT brin_summarize_range('%s_brin', 0)",
	"SELECT gin_clean_pending_list('%s_gin')");

# the tables each role may run the functions on: its own
my @pairs = ([ 'regress_ctl', 't_ctl' ], [ 'regress_dp', 't_own' ]);

for my $pair (@pairs)
{
	my ($role, $tab) = @$pair;
	for my $probe (@probes)
	{
		my $sql = sprintf($probe, $tab);
		my ($ret, $out, $err) = run_as($role, $sql);
		if ($role eq 'regress_ctl')
		{
			is($ret, 0, "control: $sql runs") or diag($err);
			# brin_summarize_range of a range already summarized is 0
			ok($out > 0, "control: $sql counts pages ($out)")
			  unless $probe =~ /brin_summarize_range/;
		}
		else
		{
			isnt($ret, 0, "DP role: refused: $sql");
			like($err, $refused, "DP role: refused by the guard: $sql");
		}
	}
}

# the control's numbers are the pages written since the index was built
{
	$node->safe_psql('postgres', 'VACUUM t_ctl');
	my ($ret, $out, $err) = run_as('regress_ctl',
		"INSERT INTO t_ctl SELECT g, 0 FROM generate_series(1, 3000) g; SELECT gin_clean_pending_list('t_ctl_gin') > 0");
	is($out, 't', 'control: the pending list grows with the rows inserted');
}

SKIP:
{
	skip 'pg_class.relallfrozen is new in PostgreSQL 18', 4 unless $v18;
	$node->safe_psql('postgres', 'VACUUM (FREEZE) t');
	my ($ret, $out, $err) = run_as('regress_ctl',
		"SELECT relallfrozen = relpages AND relallfrozen > 0 FROM pg_class WHERE relname = 't'");
	is($out, 't', 'control: after VACUUM FREEZE, relallfrozen is the pages of t')
	  or diag($err);
	($ret, $out, $err) = run_as('regress_dp',
		"SELECT relallfrozen FROM pg_class WHERE relname = 't'");
	isnt($ret, 0, 'DP role: pg_class.relallfrozen is refused');
	like($err, $refused, 'DP role: relallfrozen refused by the guard');
	($ret, $out, $err) = run_as('regress_dp',
		"SELECT relname FROM pg_class WHERE relname = 't'");
	is($out, 't', 'DP role: the other columns of pg_class stay readable');
}

$node->stop;
done_testing();
