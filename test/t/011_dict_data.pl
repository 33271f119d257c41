# test/t/011_dict_data.pl: the dictionaries embedded in the library
# (src/dict_data.c) are exactly the committed data files (data/dict), and
# every data file is a clean list: UTF-8, no empty or duplicate entry, at
# most 3000 entries.
use strict;
use warnings;
use PostgreSQL::Test::Utils;
use Test::More;
use File::Temp qw(tempdir);

my $src = $ENV{ANON_SRC} or BAIL_OUT('ANON_SRC is not set');

# the data files themselves
my @files = glob("$src/data/dict/*_*/*.txt");
cmp_ok(scalar(@files), '>=', 5 * 13, 'every locale has its dictionaries');
my @bad;
for my $f (@files)
{
	open(my $fh, '<:raw', $f) or die "$f: $!";
	my @lines = <$fh>;
	close($fh);
	my %seen;
	for my $l (@lines)
	{
		chomp $l;
		push @bad, "$f: empty entry" if $l eq '';
		push @bad, "$f: duplicate entry" if $seen{$l}++;
		push @bad, "$f: not UTF-8" unless utf8::decode(my $copy = $l);
	}
	push @bad, "$f: too many entries" if @lines > 3000;
}
is_deeply(\@bad, [], 'data files are clean lists');

# the embedded copy matches them
SKIP:
{
	skip 'python3 is not installed', 1
	  unless system('python3 -c "pass" >/dev/null 2>&1') == 0;
	my $dir = tempdir(CLEANUP => 1);
	system('python3', "$src/scripts/gen-dict-data.py", "$src/data/dict",
		"$dir/dict_data.c") == 0
	  or BAIL_OUT('gen-dict-data.py failed');
	is(slurp_file("$dir/dict_data.c"), slurp_file("$src/src/dict_data.c"),
		'src/dict_data.c is generated from data/dict (run scripts/gen-dicts.sh --embed)');
}

done_testing();
