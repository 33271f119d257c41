# test/t/026_projcache.pl: a masked reader's cached plan keeps its masked
# projection from one execution to the next (src/projcache.c, issue 23):
# the server log (log_min_messages = debug1) says when one is built.  The
# correctness of what is read is sql/27_projcache.sql's; this test catches
# the cache silently not engaging (another hook in the way, a plan shape no
# longer recognised), which no result would show.
#
# Built: once per prepared statement (at its second execution), once per
# PL/pgSQL statement, once for a statement sent again and again with the
# simple protocol (kept by content); not when turned off, not for a statement run once,
# not for a plain role reading only columns (nothing to keep).  Positive
# control of the log search: the build of a statement the test knows is
# kept is found.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('projcache');
$node->init;
$node->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'anon'
log_min_messages = debug1
});
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE ROLE masked LOGIN;
	CREATE ROLE plain LOGIN;
	SECURITY LABEL FOR anon ON ROLE masked IS 'MASKED';
	CREATE TABLE people (id int PRIMARY KEY, name text, email text, salary int);
	INSERT INTO people SELECT i, 'RAW_' || i, 'raw' || i || '@example.com', 1000 * i
		FROM generate_series(1, 50) i;
	SECURITY LABEL FOR anon ON COLUMN people.name IS 'MASKED WITH FUNCTION anon.fake_first_name()';
	SECURITY LABEL FOR anon ON COLUMN people.email IS 'MASKED WITH FUNCTION anon.partial_email(email)';
	GRANT SELECT ON people TO masked, plain;
	CREATE FUNCTION lookups(n int) RETURNS int LANGUAGE plpgsql AS $$
	DECLARE r record; raw int := 0;
	BEGIN
		FOR i IN 1..n LOOP
			SELECT * INTO r FROM people WHERE id = i;
			IF r.name LIKE 'RAW%' OR r.email LIKE 'raw%@example.com' THEN raw := raw + 1; END IF;
		END LOOP;
		RETURN raw;
	END $$;
	GRANT EXECUTE ON FUNCTION lookups(int) TO masked, plain;
});

my $message = qr/anon: masked projection of a (?:cached plan|statement) kept/;

# run a session's SQL; return (its output, how many builds the log shows)
sub builds
{
	my ($user, $sql) = @_;
	my $offset = -s $node->logfile;
	my $out = $node->safe_psql('postgres', $sql, extra_params => [ '-U', $user ]);
	my $log = slurp_file($node->logfile, $offset);
	my $n = () = $log =~ /$message/g;
	return ($out, $n);
}

my $prepared = q{
	SET plan_cache_mode = force_generic_plan;
	PREPARE p(int) AS SELECT * FROM people WHERE id = $1;
	EXECUTE p(1); EXECUTE p(2); EXECUTE p(3); EXECUTE p(4); EXECUTE p(5);
};

my ($out, $n) = builds('masked', $prepared);
is($n, 1, 'a masked prepared lookup keeps its projection: built once for five executions');
unlike($out, qr/RAW_|raw\d+\@example/, 'and reads masked values');

($out, $n) = builds('masked', 'SELECT lookups(40)');
is($out, '0', 'a PL/pgSQL loop reads no raw value');
is($n, 1, 'and its statement keeps its projection: built once for forty executions');

($out, $n) = builds('masked', q{
	SET plan_cache_mode = force_generic_plan;
	PREPARE p(int) AS SELECT * FROM people WHERE id = $1;
	EXECUTE p(1);
});
is($n, 0, 'a statement executed once builds nothing');

# the simple protocol: each statement planned afresh, kept by content
($out, $n) = builds('masked', join('',
	map { "SELECT * FROM people WHERE id = $_;\n" } 1 .. 6));
is($n, 1, 'the same masked lookup sent six times: built once (by content)');
unlike($out, qr/RAW_|raw\d+\@example/, 'and reads masked values');
($out, $n) = builds('masked', q{
	SELECT name FROM people WHERE id = 1;
	SELECT email FROM people WHERE id = 1;
	SELECT id, name FROM people WHERE id = 1;
});
is($n, 0, 'statements that differ each once: nothing built');

($out, $n) = builds('plain', $prepared);
is($n, 0, 'a plain role reading columns has nothing to keep');
like($out, qr/RAW_1/, 'control: the plain role reads raw values');

$node->safe_psql('postgres', 'ALTER SYSTEM SET anon.cache_masked_projections = off');
$node->reload;
$node->poll_query_until('postgres',
	"SELECT current_setting('anon.cache_masked_projections') = 'off'")
  or die 'the setting was not reloaded';
($out, $n) = builds('masked', $prepared);
is($n, 0, 'anon.cache_masked_projections = off: nothing kept');
unlike($out, qr/RAW_|raw\d+\@example/, 'and the values are masked all the same');

$node->stop;
done_testing();
