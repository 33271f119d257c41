# test/t/060_dp_budget.pl: the privacy-budget ledger survives ROLLBACK, a
# crash (pg_ctl -m immediate) and a restart, cuts off a torn record, and
# never lets concurrent sessions overspend.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('dp_budget');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'\nfsync = on");
$node->start;
$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE TABLE t AS SELECT g FROM generate_series(1, 100) g;
	CREATE ROLE regress_dp_tap LOGIN;
	CREATE ROLE regress_dp_race LOGIN;
	GRANT SELECT ON t TO regress_dp_tap, regress_dp_race;
	SELECT anon.set_budget('regress_dp_tap', 1.0);
	SELECT anon.set_budget('regress_dp_race', 1.0);
});

sub remaining
{
	my ($role) = @_;
	return $node->safe_psql('postgres',
		"SELECT round(epsilon::numeric, 6) FROM anon.budget_remaining('$role')");
}

sub spend
{
	my ($role, $eps) = @_;
	my ($ret, $out, $err) = $node->psql('postgres',
		"SELECT anon.anon_count($eps) IS NOT NULL FROM t",
		extra_params => [ '-U', $role ]);
	return ($ret, $out, $err);
}

# ROLLBACK keeps the spend
$node->safe_psql('postgres', q{
	BEGIN;
	SELECT anon.anon_count(0.3) FROM t;
	ROLLBACK;
}, extra_params => [ '-U', 'regress_dp_tap' ]);
is(remaining('regress_dp_tap'), '0.700000', 'a rolled-back spend is kept');

# a crash keeps every released spend
my ($ret) = spend('regress_dp_tap', 0.2);
is($ret, 0, 'spend before the crash');
$node->stop('immediate');
$node->start;
is(remaining('regress_dp_tap'), '0.500000', 'spends survive a crash (pg_ctl -m immediate)');

# a torn record at the end of the ledger (a crash mid-write) is cut off
$node->stop('fast');
my $ledger = $node->data_dir . '/anon_dp_ledger';
ok(-s $ledger > 0, 'the ledger is a file under PGDATA');
my $size = -s $ledger;
open(my $fh, '>>', $ledger) or die "could not open $ledger: $!";
binmode $fh;
print $fh "\x50\x44\x4e\x41torn";
close $fh;
$node->start;
is(remaining('regress_dp_tap'), '0.500000', 'a torn record is ignored');
is(-s $ledger, $size, 'and cut off at startup');
ok($node->log_contains('cutting off an incomplete record'), 'the server log says so');

# overspending is refused and spends nothing, across restarts
my ($ret2, $out2, $err2) = spend('regress_dp_tap', 0.6);
isnt($ret2, 0, 'a spend beyond the budget fails');
like($err2, qr/privacy budget exceeded/, 'with a clear error');
($ret) = spend('regress_dp_tap', 0.5);
is($ret, 0, 'the exact rest can be spent');
$node->restart;
is(remaining('regress_dp_tap'), '0.000000', 'nothing left after a restart');
($ret2) = spend('regress_dp_tap', 0.001);
isnt($ret2, 0, 'and nothing more can be spent');

# concurrent sessions: 4 clients try 200 spends of 0.01 against a budget of 1.0
my $script = $node->basedir . '/spend.sql';
open(my $sf, '>', $script) or die "could not write $script: $!";
print $sf "SELECT anon.anon_count(0.01) FROM t;\n";
close $sf;
my ($stdout, $stderr);
IPC::Run::run(
	[ 'pgbench', '-n', '-c', '4', '-j', '4', '-t', '50', '-f', $script,
	  '-U', 'regress_dp_race', '-h', $node->host, '-p', $node->port, 'postgres' ],
	'>', \$stdout, '2>', \$stderr);
like($stderr, qr/privacy budget exceeded/, 'concurrent clients run into the budget');
is($node->safe_psql('postgres', q{
	SELECT count(*) || ' ' || round(sum(epsilon)::numeric, 6)
	FROM anon.dp_spends WHERE role::text = 'regress_dp_race'}),
	'100 1.000000', 'exactly the budget was spent, never more');
is(remaining('regress_dp_race'), '0.000000', 'nothing is left');
$node->stop('immediate');
$node->start;
is($node->safe_psql('postgres', q{
	SELECT count(*) FROM anon.dp_spends WHERE role::text = 'regress_dp_race'}),
	'100', 'the concurrent spends survive a crash');

# fixed point: three spends of 0.1 leave exactly 0.7, also after a crash;
# a DP login role's query with two aggregates is one spend of their sum
$node->safe_psql('postgres', q{
	CREATE ROLE regress_dp_fixed LOGIN;
	GRANT SELECT ON t TO regress_dp_fixed;
	SECURITY LABEL FOR anon ON ROLE regress_dp_fixed IS 'DIFFERENTIAL PRIVACY';
	SELECT anon.set_budget('regress_dp_fixed', 1.0);
});
for (1 .. 3)
{
	($ret) = spend('regress_dp_fixed', 0.1);
	is($ret, 0, 'a spend of 0.1');
}
my $left = q{SELECT epsilon FROM anon.budget_remaining('regress_dp_fixed')};
is($node->safe_psql('postgres', $left), '0.7', '1 - 3 x 0.1 reads 0.7');
($ret, $out2, $err2) = $node->psql('postgres',
	'SELECT anon.anon_count(0.25) IS NOT NULL AND anon.anon_count(0.4) IS NOT NULL FROM t',
	extra_params => [ '-U', 'regress_dp_fixed' ]);
is($ret, 0, 'two aggregates in one query');
($ret, $out2, $err2) = $node->psql('postgres',
	'SELECT anon.anon_count(0.25) IS NOT NULL AND anon.anon_count(0.4) IS NOT NULL FROM t',
	extra_params => [ '-U', 'regress_dp_fixed' ]);
isnt($ret, 0, 'the same query again would overspend');
like($err2, qr/needs epsilon 0\.65 and delta 0; role \"regress_dp_fixed\" has epsilon 0\.05 and delta 0 left/,
	'the error says what the query needs and what is left');
$node->stop('immediate');
$node->start;
is($node->safe_psql('postgres', $left), '0.05', 'after a crash: 0.05 left, exactly');
is($node->safe_psql('postgres', q{
	SELECT string_agg(epsilon::text, ' ' ORDER BY spent_at) FROM anon.dp_spends
	WHERE role::text = 'regress_dp_fixed'}),
	'0.1 0.1 0.1 0.65', 'one record per query, with its total');

$node->stop;
done_testing();
