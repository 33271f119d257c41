# test/t/066_dp_stats_extensions.pl: exact sizes and per-query counters
# that extensions give a DIFFERENTIAL PRIVACY role (dpaudit4).
#
# The guard refuses the built-in statistics (pg_stat_get_*, reltuples,
# pg_relation_size), but the same numbers come from extensions a DBA
# commonly installs: pg_stat_statements counts the blocks each query read
# (an index scan for salary = 777 reads one heap page more when someone
# earns 777: an exact, noiseless membership oracle on the role's own
# queries, with no privilege at all), pg_prewarm(t) returns how many pages
# it loaded (SELECT on t is all it asks), pgstattuple counts the rows,
# pg_visibility and pg_buffercache list the pages, pgrowlocks the places
# of the rows other sessions lock.  Their C functions are
# refused to a guarded query, whatever the grants (both roles here are
# members of pg_monitor).  Positive control: regress_ctl, unlabelled and
# not limited, reads every one of them and sees the difference.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('dp_stats_extensions');
$node->init;
$node->append_conf('postgresql.conf',
	"shared_preload_libraries = 'anon, pg_stat_statements'\n"
	  . "pg_stat_statements.track = all\n");
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE EXTENSION pg_stat_statements;
	CREATE EXTENSION pg_prewarm;
	CREATE EXTENSION pgstattuple;
	CREATE EXTENSION pg_visibility;
	CREATE EXTENSION pg_buffercache;
	CREATE EXTENSION pgrowlocks;
	CREATE ROLE regress_dp LOGIN;
	CREATE ROLE regress_ctl LOGIN;
	GRANT pg_monitor TO regress_dp, regress_ctl;
	SECURITY LABEL FOR anon ON ROLE regress_dp IS 'DIFFERENTIAL PRIVACY';
	SELECT anon.set_budget('regress_dp', 100);
	CREATE TABLE t (id int PRIMARY KEY, salary int);
	-- 777 is earned once (id 21), 1000 never
	INSERT INTO t SELECT g, (g * 37) % 1000 FROM generate_series(1, 999) g;
	CREATE INDEX ON t (salary);
	SECURITY LABEL FOR anon ON COLUMN t.salary IS 'MASKED WITH VALUE 0';
	GRANT SELECT ON t TO regress_dp, regress_ctl;
	VACUUM ANALYZE t;
});

sub run_as
{
	my ($role, $sql) = @_;
	my ($ret, $out, $err) = $node->psql('postgres', $sql,
		extra_params => [ '-U', $role ]);
	return ($ret, $out, $err);
}

# the blocks that pg_stat_statements counted for one DP query of the role
sub blocks_of
{
	my ($role, $value) = @_;
	$node->safe_psql('postgres', 'SELECT pg_stat_statements_reset()');
	my ($ret, $out, $err) = run_as($role,
		"SET enable_seqscan = off; SELECT anon.anon_count(1.0) FROM t WHERE salary = $value");
	is($ret, 0, "$role: the DP query for salary $value runs") or diag($err);
	return run_as($role,
		q{SELECT sum(shared_blks_hit + shared_blks_read) FROM pg_stat_statements
		  WHERE query LIKE '%anon_count%' AND query NOT LIKE '%pg_stat_statements%'});
}

my $relpages = $node->safe_psql('postgres',
	"SELECT pg_relation_size('t') / current_setting('block_size')::int");
ok($relpages > 1, "t has $relpages pages");

# ---- positive control: an unlabelled role reads the exact numbers ----
{
	my (undef, $b777) = blocks_of('regress_ctl', 777);
	my (undef, $b1000) = blocks_of('regress_ctl', 1000);
	ok($b777 > $b1000,
		"control: pg_stat_statements shows one more block when someone earns 777 ($b777 > $b1000)");
	my ($ret, $out) = run_as('regress_ctl', "SELECT pg_prewarm('t')");
	is($out, $relpages, 'control: pg_prewarm returns the pages of t');
	($ret, $out) = run_as('regress_ctl', "SELECT tuple_count FROM pgstattuple('t')");
	is($out, '999', 'control: pgstattuple counts the rows of t');
	($ret, $out) = run_as('regress_ctl', "SELECT count(*) FROM pg_visibility_map('t')");
	is($out, $relpages, 'control: pg_visibility_map lists the pages of t');
	($ret, $out) = run_as('regress_ctl',
		"SELECT count(*) > 0 FROM pg_buffercache WHERE relfilenode = pg_relation_filenode('t')");
	is($out, 't', 'control: pg_buffercache lists the cached pages of t');
	($ret, $out) = run_as('regress_ctl', "SELECT count(*) FROM pgrowlocks('t')");
	is($out, '0', 'control: pgrowlocks scans t (no row locked)');
}

# ---- the DP role: every one refused, before it reads anything ----
{
	my $refused = qr/differential privacy role may only read differentially private aggregates/;
	my ($ret, $out, $err) = blocks_of('regress_dp', 777);
	isnt($ret, 0, 'DP role: pg_stat_statements is refused');
	like($err, $refused, 'DP role: pg_stat_statements refused by the guard');
	for my $probe (
		"SELECT pg_prewarm('t')",
		"SELECT pg_prewarm('t', 'buffer', 'main', 0, 0)",
		"SELECT pg_relpages('t')",
		"SELECT tuple_count FROM pgstattuple('t')",
		"SELECT count(*) FROM pg_visibility_map('t')",
		"SELECT count(*) FROM pg_buffercache WHERE relfilenode = pg_relation_filenode('t')",
		"SELECT count(*) FROM pg_stat_statements",
		"SELECT * FROM pg_stat_statements_info",
		"SELECT count(*) FROM pgrowlocks('t')",
		# through a function of the DP role's own (planned and checked when it runs)
		"CREATE FUNCTION pg_temp.pages() RETURNS bigint LANGUAGE sql AS \$\$ SELECT pg_prewarm('t') \$\$; SELECT pg_temp.pages()")
	{
		($ret, $out, $err) = run_as('regress_dp', $probe);
		isnt($ret, 0, "DP role: refused: $probe");
		like($err, $refused, "DP role: refused by the guard: $probe");
	}

	# what stays allowed: the DP query itself, with pg_stat_statements loaded
	($ret, $out, $err) = run_as('regress_dp',
		"SELECT anon.anon_count(1.0) IS NOT NULL FROM t WHERE salary = 777");
	is($out, 't', 'DP role: a DP release still runs') or diag($err);
}

$node->stop;
done_testing();
