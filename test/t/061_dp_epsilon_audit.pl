# test/t/061_dp_epsilon_audit.pl: an empirical audit of the epsilon that
# each differentially private aggregate really spends.
#
# For each aggregate, two neighbouring data sets D and D' (one person
# removed) are each released N times, fresh noise every time: a grouped
# query over N groups that all hold the same rows runs the real transition
# and final functions once per group.  Events chosen in advance (a fixed
# threshold on the released value) are counted, and for each event and
# each direction the Clopper-Pearson bounds give
#
#     eps_lo = ln( lower(P[M(D) in S]) / upper(P[M(D') in S]) ),
#
# a lower confidence bound of the privacy loss of that event.  An
# epsilon-DP mechanism has P[M(D) in S] <= e^eps P[M(D') in S] for every S,
# so eps_lo > eps happens only when one of the two bounds is wrong: each
# bound is computed at 1e-9, and with at most 200 bounds in this file the
# false-alarm rate is below 2e-7.
#
# The events are chosen where the privacy loss of the mechanism is largest
# (for count, sum and the quantiles the correct mechanism reaches e^eps
# exactly), so the audit also checks its own power: there, eps_lo must
# exceed 0.8 eps (a mechanism that spent less than declared, or an audit
# that could not see an overspend, fails).
#
# The quantile case is the one that caught the bug of issue 16 item 3:
# Max(0.0, anon_dp_release(...)) drew two samples per bin, one compared and
# one returned, for an effective epsilon of about 1.21 at a declared 1.
use strict;
use warnings;
use POSIX qw(lgamma);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $alpha = 1e-9;			# per Clopper-Pearson bound
my $n_fast = 40000;			# releases of count, sum, avg, var, stddev
my $n_quantile = 40000;		# releases of the quantiles (256 draws each)

my $node = PostgreSQL::Test::Cluster->new('dp_audit');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION anon');

# ---- statistics ----

# log of the binomial probability P(X = i), X ~ Bin(n, p)
sub log_pmf
{
	my ($n, $i, $p) = @_;
	return lgamma($n + 1) - lgamma($i + 1) - lgamma($n - $i + 1)
	  + $i * log($p) + ($n - $i) * log(1 - $p);
}

# P(X >= k), or P(X <= k) when $upper_tail is false, summed from k outwards
sub binom_tail
{
	my ($n, $k, $p, $upper_tail) = @_;
	my $sum = 0;
	my $step = $upper_tail ? 1 : -1;
	for (my $i = $k; $i >= 0 && $i <= $n; $i += $step)
	{
		my $t = exp(log_pmf($n, $i, $p));
		$sum += $t;
		# past the mode the terms only shrink
		last
		  if $t < 1e-18 * $sum
		  && ($upper_tail ? $i > $n * $p : $i < $n * $p);
	}
	return $sum;
}

# Clopper-Pearson: the p with P(X >= k; p) = alpha (lower) or
# P(X <= k; p) = alpha (upper), by bisection
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

# counts of each event over N releases on one data set
sub release_counts
{
	my ($call, $values, $events, $n) = @_;
	my $rows = join(',', map { "($_)" } @$values);
	my $filters = join(', ',
		map { "count(*) FILTER (WHERE $_)" } @$events);
	my $out = $node->safe_psql('postgres', qq{
		SET enable_hashagg = off;
		SET max_parallel_workers_per_gather = 0;
		SELECT $filters
		FROM (SELECT $call AS r
			  FROM generate_series(1, $n) g, (VALUES $rows) d(v)
			  GROUP BY g) s;
	});
	return split(/\|/, $out);
}

# the largest lower bound of the privacy loss over the events, both ways
sub audit
{
	my (%c) = @_;
	my @d1 = release_counts($c{call}, $c{d}, $c{events}, $c{n});
	my @d2 = release_counts($c{call}, $c{d_prime}, $c{events}, $c{n});
	my ($worst_lo, $worst_point, $where) = (-9**9**9, 0, '');
	for my $e (0 .. $#{ $c{events} })
	{
		for my $dir ([ $d1[$e], $d2[$e], "D" ], [ $d2[$e], $d1[$e], "D'" ])
		{
			my ($a, $b, $name) = @$dir;
			my $lo = cp_lower($a, $c{n});
			my $hi = cp_upper($b, $c{n});
			my $eps_lo = $lo > 0 ? log($lo / $hi) : -9**9**9;
			my $point = ($a > 0 && $b > 0) ? log($a / $b) : 0;
			if ($eps_lo > $worst_lo)
			{
				($worst_lo, $worst_point, $where) =
				  ($eps_lo, $point, "$c{events}[$e] over $name ($a vs $b of $c{n})");
			}
		}
	}
	note(sprintf("%s: declared epsilon %.3f, measured %.3f, lower bound %.3f (%s)",
			$c{name}, $c{eps}, $worst_point, $worst_lo, $where));
	cmp_ok($worst_lo, '<=', $c{eps},
		"$c{name}: the measured epsilon does not exceed the declared one");
	if ($c{tight})
	{
		cmp_ok($worst_lo, '>', 0.8 * $c{eps},
			"$c{name}: the audit sees a privacy loss close to epsilon (it has power)");
	}
	return;
}

# Quantiles: one person at 0 (bin 0 of [0, 1000]) and one at 1000.  With
# p = 1e-9 the release lies in bin 0 at a tiny positive offset exactly when
# the noisy count of bin 0 is positive (a noisy total of zero releases
# lower + p (upper - lower) = 1e-6 instead).  Without the person at 0 the
# noisy count of bin 0 is positive with probability q / (1 + q), with it
# 1 / (1 + q), q = e^-eps: the ratio is e^eps, the most epsilon allows.
my @quantile_events = ('r < 0.99e-6', 'r >= 0.99e-6');
my @quantiles = (
	[ 'anon_percentile', 'anon.anon_percentile(v, 1e-9, 1.0, 0, 1000)' ],
	[ 'anon_ntile (Google\'s signature)', 'anon.anon_ntile(v::float8, 1e-9, 0, 1000, 1.0)' ]);

# Counts: 3 rows against 2; P(release >= 3) is 1 / (1 + q) against
# q / (1 + q).
audit(name => 'anon_count(expr, epsilon)', call => 'anon.anon_count(v, 1.0)',
	d => [ 1, 1, 1 ], d_prime => [ 1, 1 ],
	events => [ 'r >= 3', 'r <= 2' ], eps => 1.0, n => $n_fast, tight => 1);
audit(name => 'anon_count(epsilon)', call => 'anon.anon_count(0.5)',
	d => [ 1, 1, 1 ], d_prime => [ 1, 1 ],
	events => [ 'r >= 3', 'r <= 2' ], eps => 0.5, n => $n_fast, tight => 1);

audit(name => 'anon_count_unclamped', call => 'anon.anon_count_unclamped(v, 1.0)',
	d => [ 1, 1, 1 ], d_prime => [ 1, 1 ],
	events => [ 'r >= 3', 'r <= 2' ], eps => 1.0, n => $n_fast, tight => 1);
# Google's anon_count(col): the default epsilon, ln 3
audit(name => 'anon_count(col) at anon.dp_default_epsilon',
	call => 'anon.anon_count(v)',
	d => [ 1, 1, 1 ], d_prime => [ 1, 1 ],
	events => [ 'r >= 3', 'r <= 2' ], eps => log(3), n => $n_fast, tight => 1);

# Sums: bounds [0, 10] (sensitivity 10); one person at 10 removed.
audit(name => 'anon_sum', call => 'anon.anon_sum(v, 1.0, 0, 10)',
	d => [ 10, 5 ], d_prime => [5],
	events => [ 'r >= 15', 'r <= 5' ], eps => 1.0, n => $n_fast, tight => 1);

audit(name => 'anon_sum_with_bounds', call => 'anon.anon_sum_with_bounds(v, 0, 10, 1.0)',
	d => [ 10, 5 ], d_prime => [5],
	events => [ 'r >= 15', 'r <= 5' ], eps => 1.0, n => $n_fast, tight => 1);

# Bounds not centred on 0 (the sensitivity is the largest bound in
# absolute value, not the width or the half-width), and an outlier that
# the bounds clamp: D' adds one person far outside them.  [10, 20]: the
# person (10^9) is clamped to 20; P(release >= 45) against
# P(release >= 25) is e^eps exactly for the integer sum.
audit(name => 'anon_sum on [10, 20], an outlier added',
	call => 'anon.anon_sum(v, 1.0, 10, 20)',
	d => [ 15, 10 ], d_prime => [ 15, 10, 1000000000 ],
	events => [ 'r >= 45', 'r <= 25' ], eps => 1.0, n => $n_fast, tight => 1);
# [-5, 100], floating point (a grid finer than 1, sensitivity 100 and a
# little): the person at -10^9 is clamped to -5, the one at 10^9 to 100.
audit(name => 'anon_sum (float8) on [-5, 100], outliers added',
	call => 'anon.anon_sum(v::float8, 1.0, -5, 100)',
	d => [ 50, -5 ], d_prime => [ 50, -5, 1000000000 ],
	events => [ 'r >= 145', 'r <= 45' ], eps => 1.0, n => $n_fast);
audit(name => 'anon_avg on [-5, 100], an outlier added',
	call => 'anon.anon_avg(v, 1.0, -5, 100)',
	d => [ 0, 0, 0 ], d_prime => [ 0, 0, 0, -1000000000 ],
	events => [ 'r < -1', 'r >= -1' ], eps => 1.0, n => $n_fast);

# Moments: one person at the upper bound removed from three at 0.  The loss
# of these events stays below epsilon (count and sums share it); the audit
# checks that it never exceeds it.
for my $agg ([ 'anon_avg', 'r > 2' ], [ 'anon_var', 'r > 8' ],
	[ 'anon_stddev', 'r > 3' ])
{
	my ($name, $event) = @$agg;
	audit(name => $name, call => "anon.$name(v, 1.0, 0, 10)",
		d => [ 0, 0, 10 ], d_prime => [ 0, 0 ],
		events => [ $event, "NOT ($event)" ], eps => 1.0, n => $n_fast);
}

for my $q (@quantiles)
{
	my ($name, $call) = @$q;
	audit(name => $name, call => $call,
		d => [ 0, 1000 ], d_prime => [1000],
		events => \@quantile_events, eps => 1.0, n => $n_quantile, tight => 1);
}

$node->stop;
done_testing();
