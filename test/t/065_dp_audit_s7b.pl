# test/t/065_dp_audit_s7b.pl: an empirical audit of the releases that
# 061_dp_epsilon_audit.pl does not cover: randomized response (boolean and
# over categories, including an answer written differently from its
# category), the Gaussian forms (delta > 0) of anon_count and anon_sum,
# anon_sum over numeric, and partition selection (its epsilon between
# neighbouring group sizes, and its delta: a one-row group is released
# with probability at most delta).
#
# As in 061: each mechanism runs N times on two neighbouring inputs D and
# D', events fixed in advance are counted, and Clopper-Pearson bounds at
# 1e-9 each give, for every event S and both directions,
#
#     lower(P[M(D) in S]) - e^eps upper(P[M(D') in S]) <= delta,
#
# which an (eps, delta)-DP mechanism satisfies unless a bound is wrong:
# with fewer than 200 bounds the false-alarm rate is below 2e-7.  Where the
# mechanism reaches e^eps exactly (randomized response, partition
# selection between 5 and 6 rows) the audit also checks its power: the
# lower bound of the loss exceeds 0.8 eps.
use strict;
use warnings;
use POSIX qw(lgamma);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $alpha = 1e-9;			# per Clopper-Pearson bound
my $n = 40000;				# releases per data set

my $node = PostgreSQL::Test::Cluster->new('dp_audit_s7b');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION anon');

# ---- statistics (as in 061) ----

sub log_pmf
{
	my ($n, $i, $p) = @_;
	return lgamma($n + 1) - lgamma($i + 1) - lgamma($n - $i + 1)
	  + $i * log($p) + ($n - $i) * log(1 - $p);
}

sub binom_tail
{
	my ($n, $k, $p, $upper_tail) = @_;
	my $sum = 0;
	my $step = $upper_tail ? 1 : -1;
	for (my $i = $k; $i >= 0 && $i <= $n; $i += $step)
	{
		my $t = exp(log_pmf($n, $i, $p));
		$sum += $t;
		last
		  if $t < 1e-18 * $sum
		  && ($upper_tail ? $i > $n * $p : $i < $n * $p);
	}
	return $sum;
}

sub cp_lower
{
	my ($k, $n) = @_;
	return 0 if $k == 0;
	my ($lo, $hi) = (0, $k / $n);
	for (1 .. 60)
	{
		my $mid = ($lo + $hi) / 2;
		if (binom_tail($n, $k, $mid, 1) > $alpha) { $hi = $mid }
		else { $lo = $mid }
	}
	return $lo;
}

sub cp_upper
{
	my ($k, $n) = @_;
	return 1 if $k == $n;
	my ($lo, $hi) = ($k / $n, 1);
	for (1 .. 60)
	{
		my $mid = ($lo + $hi) / 2;
		if (binom_tail($n, $k, $mid, 0) > $alpha) { $lo = $mid }
		else { $hi = $mid }
	}
	return $hi;
}

# ---- the audit ----

# counts of each event over the releases of one query ($from yields r)
sub event_counts
{
	my ($from, $events) = @_;
	my $filters = join(', ', map { "count(*) FILTER (WHERE $_)" } @$events);
	my $out = $node->safe_psql('postgres', qq{
		SET enable_hashagg = off;
		SET max_parallel_workers_per_gather = 0;
		SELECT $filters FROM ($from) s;
	});
	return split(/\|/, $out);
}

# releases of an aggregate call over the rows $values, N groups
sub aggregate_from
{
	my ($call, $values) = @_;
	my $rows = join(',', map { "($_)" } @$values);
	return "SELECT $call AS r FROM generate_series(1, $n) g, (VALUES $rows) d(v) GROUP BY g";
}

sub audit
{
	my (%c) = @_;
	my $delta = $c{delta} // 0;
	my @d1 = event_counts($c{d}, $c{events});
	my @d2 = event_counts($c{d_prime}, $c{events});
	my ($worst_lo, $worst_excess, $where) = (-9**9**9, -1, '');
	for my $e (0 .. $#{ $c{events} })
	{
		for my $dir ([ $d1[$e], $d2[$e], "D" ], [ $d2[$e], $d1[$e], "D'" ])
		{
			my ($a, $b, $name) = @$dir;
			my $lo = cp_lower($a, $n);
			my $hi = cp_upper($b, $n);
			my $excess = $lo - exp($c{eps}) * $hi;
			my $eps_lo = $lo > 0 ? log($lo / $hi) : -9**9**9;
			$worst_excess = $excess if $excess > $worst_excess;
			if ($eps_lo > $worst_lo)
			{
				($worst_lo, $where) =
				  ($eps_lo, "$c{events}[$e] over $name ($a vs $b of $n)");
			}
		}
	}
	note(sprintf("%s: declared (%.3f, %g), loss lower bound %.3f (%s), "
		  . "largest P[D] - e^eps P[D'] lower bound %.3g",
			$c{name}, $c{eps}, $delta, $worst_lo, $where, $worst_excess));
	cmp_ok($worst_excess, '<=', $delta,
		"$c{name}: no event has P[M(D)] > e^eps P[M(D')] + delta");
	cmp_ok($worst_lo, '>', 0.8 * $c{eps},
		"$c{name}: the audit sees a privacy loss close to epsilon (it has power)")
	  if $c{tight};
	return;
}

# ---- randomized response ----

# true against false: P(true) is e/(1+e) against 1/(1+e), ratio e^eps
audit(name => 'randomized_response(bool)',
	d => "SELECT anon.randomized_response(true, 1.0) r FROM generate_series(1, $n)",
	d_prime => "SELECT anon.randomized_response(false, 1.0) r FROM generate_series(1, $n)",
	events => [ 'r', 'NOT r' ], eps => 1.0, tight => 1);

# three categories, the answer 1.000 written differently from its
# category 1.0: the released text is always a category's, and each
# category's probability ratio is at most e^eps (reached for 0.0 and 1.0)
my @cat_events = ("r::text = '0.0'", "r::text = '1.0'", "r::text = '2.0'",
	"r::text NOT IN ('0.0', '1.0', '2.0')");
audit(name => 'randomized_response(anyelement, categories)',
	d => "SELECT anon.randomized_response(1.000::numeric, '{0.0,1.0,2.0}'::numeric[], 1.0) r FROM generate_series(1, $n)",
	d_prime => "SELECT anon.randomized_response(0.0::numeric, '{0.0,1.0,2.0}'::numeric[], 1.0) r FROM generate_series(1, $n)",
	events => \@cat_events, eps => 1.0, tight => 1);

# ---- Gaussian forms: (eps, delta) ----

audit(name => 'anon_count(expr, epsilon, delta)',
	d => aggregate_from('anon.anon_count(v, 1.0, 1e-5)', [ 1, 1, 1 ]),
	d_prime => aggregate_from('anon.anon_count(v, 1.0, 1e-5)', [ 1, 1 ]),
	events => [ 'r >= 3', 'r <= 2', 'r >= 8', 'r <= -3' ],
	eps => 1.0, delta => 1e-5);
audit(name => 'anon_sum(float8, epsilon, lower, upper, delta)',
	d => aggregate_from('anon.anon_sum(v::float8, 1.0, 0, 10, 1e-5)', [ 10, 5 ]),
	d_prime => aggregate_from('anon.anon_sum(v::float8, 1.0, 0, 10, 1e-5)', [5]),
	events => [ 'r >= 15', 'r <= 5', 'r >= 60', 'r <= -40' ],
	eps => 1.0, delta => 1e-5);

# ---- numeric values (through double precision, a grid finer than 1) ----

audit(name => 'anon_sum(numeric) on [0, 10]',
	d => aggregate_from('anon.anon_sum(v::numeric, 1.0, 0, 10)', [ 10, 5 ]),
	d_prime => aggregate_from('anon.anon_sum(v::numeric, 1.0, 0, 10)', [5]),
	events => [ 'r >= 15', 'r <= 5' ], eps => 1.0);

# ---- partition selection ----

# epsilon 1, delta 0.01: threshold 1 + ceil(ln(1 / (0.01 (1 + e^-1)))) = 6.
# 6 rows against 5: released with probability 1/(1+q) against q/(1+q).
audit(name => '_dp_partition_select between 6 and 5 rows',
	d => aggregate_from('anon._dp_partition_select(1.0, 0.01)', [ (1) x 6 ]),
	d_prime => aggregate_from('anon._dp_partition_select(1.0, 0.01)', [ (1) x 5 ]),
	events => [ 'r', 'NOT r' ], eps => 1.0, tight => 1);
# a group of one person is released with probability q^5 / (1 + q) =
# 0.0049 <= delta (its neighbour, the empty data set, has no group)
my ($released) = event_counts(aggregate_from('anon._dp_partition_select(1.0, 0.01)', [1]), ['r']);
note(sprintf("_dp_partition_select of one row: released %d of %d, lower bound %.4g",
		$released, $n, cp_lower($released, $n)));
cmp_ok(cp_lower($released, $n), '<=', 0.01,
	'a one-row group is released with probability at most delta');
# power: with delta 0.05 (threshold 4) it is released with probability
# q^3 / (1 + q) = 0.036, and a delta of 0.01 is seen to be exceeded
my ($released_wide) = event_counts(aggregate_from('anon._dp_partition_select(1.0, 0.05)', [1]), ['r']);
cmp_ok(cp_lower($released_wide, $n), '>', 0.01,
	'the one-row probe has power (delta 0.05 is seen above 0.01)');

$node->stop;
done_testing();
