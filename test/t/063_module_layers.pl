# test/t/063_module_layers.pl: the modules of src/ depend on each other in
# one direction (doc/DEVELOPING.md, "Module layers"): the label grammar and
# registry, the policy rules and the masking core (label*.c, rules.c,
# mask.c) never reach up into dynamic masking, static masking, the DP guard
# or the hook file.  Checked on the sources, without a cluster: no lower
# file includes an upper header, directly or through the headers it
# includes, and none names a function that an upper header declares (a
# call through a local extern declaration counts too).  A positive control
# runs the same check on dynamic.c, which must be found reaching up.
use strict;
use warnings;
use PostgreSQL::Test::Utils;
use Test::More;

my $src = $ENV{ANON_SRC} or BAIL_OUT('ANON_SRC is not set');
my $dir = "$src/src";

# the lower layers, and the headers of the layers above them
my @lower = (sort(glob("$dir/label*.c")), "$dir/rules.c", "$dir/mask.c");
my @upper_headers = qw(dynamic.h static.h dp_guard.h utility_guard.h restricted.h);

# our headers (#include "x.h") that a file includes, transitively
sub reached
{
	my ($file) = @_;
	my (%seen, @todo);
	@todo = ($file);
	while (my $f = shift @todo)
	{
		next unless -f $f;
		for my $h (slurp_file($f) =~ /^\s*#\s*include\s+"([^"]+)"/mg)
		{
			next if $seen{$h}++;
			push @todo, "$dir/$h";
		}
	}
	return \%seen;
}

# the functions an upper header declares
my %upper_funcs;
for my $h (@upper_headers)
{
	next unless -f "$dir/$h";
	$upper_funcs{$_} = $h
	  for (slurp_file("$dir/$h") =~ /^extern\b[^;(]*?\b(\w+)\s*\(/mg);
}
ok(scalar(keys %upper_funcs) >= 5,
	'the upper headers declare functions (the call check is not vacuous)');

sub violations
{
	my ($file) = @_;
	my @bad;
	my $reached = reached($file);
	push @bad, "includes $_" for grep { $reached->{$_} } @upper_headers;
	my $text = slurp_file($file);
	$text =~ s{/\*.*?\*/}{}gs;    # comments may name anything
	for my $fn (sort keys %upper_funcs)
	{
		push @bad, "calls $fn ($upper_funcs{$fn})" if $text =~ /\b\Q$fn\E\b/;
	}
	return @bad;
}

ok(scalar(@lower) >= 5, 'the lower modules are found');
for my $file (@lower)
{
	my $name = $file =~ s{.*/}{}r;
	is(join('; ', violations($file)), '',
		"$name reaches no upper module (dynamic, static, DP guard, hooks)");
}

# positive control: dynamic.c is above mask.c and does include dynamic.h
isnt(join('; ', violations("$dir/dynamic.c")), '',
	'the check finds an upper module in dynamic.c (positive control)');

done_testing();
