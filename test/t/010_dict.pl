# test/t/010_dict.pl: custom dictionaries reach every session, are kept by
# pg_dump, and are read in parallel workers.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('dict');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION anon; CREATE EXTENSION dblink;');
my $other = $node->connstr('postgres');
$other =~ s/'//g;

# One session has its dictionaries loaded; another one replaces a dictionary
# (through dblink, so in its own transaction): the first sees the change at
# its next statement, and sees it go away again.
is($node->safe_psql('postgres', qq{
	SELECT count(DISTINCT anon.fake_city()) > 50 FROM generate_series(1, 500);
	SELECT dblink_exec('$other', \$q\$DO \$\$ BEGIN PERFORM anon.load_dictionary('city', 'en_US', ARRAY['Gotham']); END \$\$\$q\$);
	SELECT bool_and(anon.fake_city() = 'Gotham') FROM generate_series(1, 50);
	SELECT dblink_exec('$other', \$q\$DO \$\$ BEGIN PERFORM anon.unload_dictionary('city', 'en_US'); END \$\$\$q\$);
	SELECT count(DISTINCT anon.fake_city()) > 50 FROM generate_series(1, 500);
}), "t\nDO\nt\nDO\nt", 'another session sees a dictionary change and its removal');

# The backend keeps the handles of its dictionaries between statements (a
# plan executed again calls its fake functions through a fresh FmgrInfo):
# with every cache warm, a masked role's prepared point lookup and a plain
# query, in one session, use a dictionary another session replaced from
# their next execution on, and the built-in one again once it is removed.
$node->safe_psql('postgres', q{
	CREATE ROLE regress_dict_masked;
	SECURITY LABEL FOR anon ON ROLE regress_dict_masked IS 'MASKED';
	CREATE TABLE dict_people (id int PRIMARY KEY, first_name text);
	INSERT INTO dict_people SELECT i, 'raw' || i FROM generate_series(1, 10) i;
	SECURITY LABEL FOR anon ON COLUMN dict_people.first_name IS 'MASKED WITH FUNCTION anon.fake_first_name()';
	GRANT SELECT ON dict_people TO regress_dict_masked;
});
my $warm = $node->safe_psql('postgres', qq{
	SET plan_cache_mode = force_generic_plan;
	SET ROLE regress_dict_masked;
	PREPARE q(int) AS SELECT first_name FROM dict_people WHERE id = \$1;
	EXECUTE q(1); EXECUTE q(2); EXECUTE q(3);
	SELECT count(DISTINCT anon.fake_first_name()) > 50 FROM generate_series(1, 500);
	RESET ROLE;
	SELECT dblink_exec('$other', \$q\$DO \$\$ BEGIN PERFORM anon.load_dictionary('first_name', 'en_US', ARRAY['Zorblax']); END \$\$\$q\$);
	SET ROLE regress_dict_masked;
	EXECUTE q(4);
	SELECT first_name FROM dict_people WHERE id = 5;
	SELECT bool_and(anon.fake_first_name() = 'Zorblax') FROM generate_series(1, 50);
	RESET ROLE;
	SELECT dblink_exec('$other', \$q\$DO \$\$ BEGIN PERFORM anon.unload_dictionary('first_name', 'en_US'); END \$\$\$q\$);
	SET ROLE regress_dict_masked;
	SELECT count(*) FILTER (WHERE f = 'Zorblax') FROM (SELECT anon.fake_first_name() f FROM generate_series(1, 200)) s;
	EXECUTE q(6);
});
# the first lookups draw built-in names (any): only the probes' lines are compared
is(join("\n", grep { /^(Zorblax|t|f|0|DO)$/ } split /\n/, $warm),
	"t\nDO\nZorblax\nZorblax\nt\nDO\n0",
	'a warm backend cache serves a dictionary replaced by another session from the next execution on');
is($node->safe_psql('postgres', q{
	SET ROLE regress_dict_masked;
	SELECT first_name = 'Zorblax' FROM dict_people WHERE id = 7;
}), 'f', 'a new session reads the built-in dictionary again');
$node->safe_psql('postgres', q{
	DROP TABLE dict_people;
	DROP ROLE regress_dict_masked;
});

# An uncommitted change is not seen by other sessions.
is($node->safe_psql('postgres', qq{
	SELECT dblink_connect('w', '$other');
	SELECT dblink_exec('w', 'BEGIN');
	SELECT dblink_exec('w', \$q\$DO \$\$ BEGIN PERFORM anon.load_dictionary('country', 'en_US', ARRAY['Ruritania']); END \$\$\$q\$);
	SELECT count(*) FILTER (WHERE anon.fake_country() = 'Ruritania') FROM generate_series(1, 200);
	SELECT dblink_exec('w', 'ROLLBACK');
	SELECT dblink_disconnect('w');
}), "OK\nBEGIN\nDO\n0\nROLLBACK\nOK", 'an uncommitted change stays private');

# Parallel workers read the custom dictionaries too.
$node->safe_psql('postgres',
	q{SELECT anon.load_dictionary('first_name', 'xx_XX', ARRAY['p1', 'p2'])});
# force_parallel_mode is called debug_parallel_query since PostgreSQL 16
my $force_parallel = $node->pg_version >= 16 ? 'debug_parallel_query' : 'force_parallel_mode';
my $plan = $node->safe_psql('postgres', qq{
	SET anon.locale = 'xx_XX';
	SET $force_parallel = on;
	SET parallel_setup_cost = 0;
	SET parallel_tuple_cost = 0;
	EXPLAIN (COSTS OFF) SELECT anon.fake_first_name() FROM generate_series(1, 10);
});
like($plan, qr/Gather/, 'the query runs in a parallel worker');
is($node->safe_psql('postgres', qq{
	SET anon.locale = 'xx_XX';
	SET $force_parallel = on;
	SET parallel_setup_cost = 0;
	SET parallel_tuple_cost = 0;
	SELECT bool_and(v IN ('p1', 'p2')) FROM (SELECT anon.fake_first_name() v FROM generate_series(1, 100)) s;
}), 't', 'a parallel worker uses the custom dictionary and the locale of the leader');

# pg_dump keeps custom dictionaries; the restored database uses them.
my $dump = $node->basedir . '/dict.custom';
$node->command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr('postgres') ],
	'pg_dump of a database with a custom dictionary');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('restored'), $dump ],
	'pg_restore of that dump');
is($node->safe_psql('restored', q{
	SELECT bool_and(anon.dummy_first_name_locale('xx_XX') IN ('p1', 'p2')) FROM generate_series(1, 20)}),
	't', 'the custom dictionary came back and is used');
is($node->safe_psql('restored', q{
	SELECT count(*) FROM anon.list_dictionaries() WHERE custom}),
	'1', 'only the custom dictionary is in the table (built-in ones are not dumped)');

# Restarted without shared_preload_libraries (a configuration mistake), the
# dictionaries still work: en_US by default, a placeholder anon.locale is
# honoured, and changes still reach other sessions.
$node->append_conf('postgresql.conf', "shared_preload_libraries = ''");
$node->restart;
is($node->safe_psql('postgres', q{
	SELECT bool_and(anon.fake_first_name() IN (SELECT anon.dictionary('first_name', 'en_US')))
	FROM generate_series(1, 100)}),
	't', 'not preloaded: en_US by default');
is($node->safe_psql('postgres', q{
	SET anon.locale = 'xx_XX';
	SELECT bool_and(anon.fake_first_name() IN ('p1', 'p2')) FROM generate_series(1, 20)}),
	't', 'not preloaded: anon.locale is honoured');
is($node->safe_psql('postgres', qq{
	SELECT count(DISTINCT anon.fake_city()) > 50 FROM generate_series(1, 500);
	SELECT dblink_exec('$other', \$q\$DO \$\$ BEGIN PERFORM anon.load_dictionary('city', 'en_US', ARRAY['Gotham']); END \$\$\$q\$);
	SELECT bool_and(anon.fake_city() = 'Gotham') FROM generate_series(1, 50);
}), "t\nDO\nt", 'not preloaded: another session sees a dictionary change');

$node->stop;
done_testing();
