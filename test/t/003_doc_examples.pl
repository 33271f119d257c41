# test/t/003_doc_examples.pl: the SQL examples of README.md and doc/*.md run.
#
# Every ```sql block of a page runs, in the page's order, in a database of
# its own (one per page), as a superuser, after the page's hidden set-up
# blocks: an HTML comment that starts with "<!-- doc-test setup" holds SQL
# that runs at that point but is not shown to the reader (tables the
# example reads, roles it switches to).  A line "-- ERROR:  <message>"
# right after a statement says that statement fails with that message; every
# other statement must succeed.  So an example that stops working, or an
# error that goes away or changes, fails this test.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $src = $ENV{ANON_SRC} or die "ANON_SRC is not set";

my $node = PostgreSQL::Test::Cluster->new('doc');
$node->init(allows_streaming => 'logical');
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;

my @pages = ("$src/README.md", sort glob("$src/doc/*.md"));
my $pages_with_sql = 0;

foreach my $page (@pages)
{
	(my $name = $page) =~ s{.*/}{};
	next if $name eq 'DEVELOPING.md';
	open(my $fh, '<', $page) or die "$page: $!";
	my @lines = <$fh>;
	close $fh;

	# Collect the page's SQL, remembering for each expected error the line
	# of the script it follows.
	my $script = '';
	my $line_no = 0;
	my %expected;		# script line of the failing statement => message
	my $state = 'text';
	foreach my $l (@lines)
	{
		if ($state eq 'text')
		{
			if ($l =~ /^```sql\s*$/) { $state = 'sql'; next; }
			if ($l =~ /^<!-- doc-test setup\s*$/) { $state = 'setup'; next; }
			next;
		}
		if (($state eq 'sql' && $l =~ /^```\s*$/)
			|| ($state eq 'setup' && $l =~ /^-->\s*$/))
		{
			$state = 'text';
			next;
		}
		if ($l =~ /^-- ERROR:\s+(.*?)\s*$/)
		{
			$expected{$line_no} = $1;
			next;
		}
		$script .= $l;
		$line_no++;
	}
	next if $script eq '';
	$pages_with_sql++;

	(my $db = "doc_$name") =~ s/\W/_/g;
	$node->safe_psql('postgres', qq{CREATE DATABASE "$db"});
	$node->safe_psql($db, 'CREATE EXTENSION anon');

	my ($ret, $stdout, $stderr) = $node->psql($db, $script,
		extra_params => [ '-v', 'ON_ERROR_STOP=0' ]);

	# psql reports an error at the last line of the failing statement.
	my %got;
	while ($stderr =~ /^psql:<stdin>:(\d+): ERROR:\s+(.*)$/mg)
	{
		$got{$1} = $2;
	}
	my @problems;
	foreach my $l (sort { $a <=> $b } keys %got)
	{
		if (!exists $expected{$l})
		{
			push @problems, "line $l: unexpected error: $got{$l}";
		}
		elsif (index($got{$l}, $expected{$l}) != 0)
		{
			push @problems,
			  "line $l: error \"$got{$l}\", the page says \"$expected{$l}\"";
		}
	}
	foreach my $l (sort { $a <=> $b } keys %expected)
	{
		push @problems, "line $l: expected error \"$expected{$l}\" did not happen"
		  unless exists $got{$l};
	}
	diag("$name: $_") for @problems;
	is(scalar(@problems), 0, "the examples of $name run as the page says");

	# Roles are cluster-wide: drop what the page made, so that the next
	# page starts from the same state.
	$node->safe_psql('postgres', qq{DROP DATABASE "$db"});
	my $roles = $node->safe_psql('postgres',
		q{SELECT string_agg(quote_ident(rolname), ', ') FROM pg_roles
		  WHERE oid >= 16384});
	$node->safe_psql('postgres', "DROP ROLE $roles") if $roles ne '';
}

cmp_ok($pages_with_sql, '>=', 5, 'the pages have examples to run');

# Positive control: a page whose example fails, or whose announced error
# does not happen, is caught.
{
	my ($ret, $stdout, $stderr) = $node->psql('postgres',
		"SELECT 1;\nSELECT anon.no_such_function();\n",
		extra_params => [ '-v', 'ON_ERROR_STOP=0' ]);
	like($stderr, qr/^psql:<stdin>:2: ERROR:/m,
		'a failing example is reported at its line (positive control)');
}

$node->stop;
done_testing();
