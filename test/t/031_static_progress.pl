# test/t/031_static_progress.pl: anon.pg_stat_progress_anonymize shows a
# run of static masking from another session, while it runs: the table,
# the method, the phase and how far it is; only the same role (or a
# superuser) sees the details; a cancelled run leaves no row behind.
#
# A masking rule (or an index expression) sleeps on one row, so the run is
# caught in the middle of a phase; pg_cancel_backend then ends it.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $node = PostgreSQL::Test::Cluster->new('static_progress');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE ROLE regress_progress_other LOGIN;
	CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL, w text);
	INSERT INTO t SELECT i, 'raw' || i, 'w' || i FROM generate_series(1, 20000) i;
	-- the rule sleeps on row 15000, far into the table
	-- pg_sleep is VOLATILE: a superuser vouches for it (doc/trust-model.md)
	SECURITY LABEL FOR anon ON FUNCTION pg_sleep(double precision) IS 'TRUSTED';
	SECURITY LABEL FOR anon ON COLUMN t.v IS
		'MASKED WITH FUNCTION CASE WHEN id = 15000 AND pg_sleep(600) IS NOT NULL THEN ''x'' ELSE md5(v) END';
	SECURITY LABEL FOR anon ON COLUMN t.w IS 'MASKED WITH VALUE ''m''';
});

# the view's row for the sleeping run
my $cols = q{relid::regclass || '|' || phase || '|' || method || '|' ||
	(heap_blks_total > 0) || '|' || (heap_blks_scanned > 0) || '|' ||
	(tuples_done BETWEEN 14000 AND 14999) || '|' || tables_total || '|' || tables_done};

# start SQL in the background and wait until it waits on wait_event
sub start_run
{
	my ($sql, $wait_event) = @_;
	my ($in, $out, $err) = ('', '', '');
	my $h = IPC::Run::start(
		[ 'psql', '-X', '-d', $node->connstr('postgres'), '-c', $sql ],
		\$in, \$out, \$err);
	ok($node->poll_query_until('postgres', qq{
		SELECT count(*) > 0 FROM pg_stat_activity
		WHERE wait_event = '$wait_event' AND query LIKE '%anon.%'}),
		"the run is waiting ($wait_event)");
	return $h;
}

sub running_pid
{
	return $node->safe_psql('postgres', q{
		SELECT pid FROM pg_stat_activity
		WHERE wait_event = 'PgSleep' AND query LIKE '%anon.%'});
}

sub cancel_run
{
	my ($h, $what) = @_;
	my $pid = running_pid();
	$node->safe_psql('postgres', "SELECT pg_cancel_backend($pid)");
	$h->finish;
	ok($node->poll_query_until('postgres', qq{
		SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = $pid AND state = 'active'}),
		"$what: the cancelled run has ended");
	is($node->safe_psql('postgres', qq{
		SELECT count(*) FROM anon.pg_stat_progress_anonymize WHERE pid = $pid}),
		'0', "$what: a cancelled run leaves no row");
}

# 1. the rewrite, while it scans the heap
my $h = start_run("SELECT * FROM anon.anonymize_table_report('t')", 'PgSleep');
my $pid = running_pid();
is($node->safe_psql('postgres', qq{
	SELECT $cols FROM anon.pg_stat_progress_anonymize WHERE pid = $pid}),
	't|scanning heap|rewrite|true|true|true|1|0', 'rewrite: scanning heap, with its progress');
is($node->safe_psql('postgres', qq{
	SELECT datname FROM anon.pg_stat_progress_anonymize WHERE pid = $pid}),
	'postgres', 'rewrite: the database');

# another role sees that a run is on, not what it does
is($node->safe_psql('postgres', qq{
	SELECT count(*) || '|' || bool_and(phase IS NULL AND relid IS NULL AND tuples_done IS NULL)::int
	FROM anon.pg_stat_progress_anonymize WHERE pid = $pid},
	extra_params => [ '-U', 'regress_progress_other' ]),
	'1|1', 'another role sees the row without its details');
$node->safe_psql('postgres', 'GRANT pg_read_all_stats TO regress_progress_other');
is($node->safe_psql('postgres', qq{
	SELECT phase FROM anon.pg_stat_progress_anonymize WHERE pid = $pid},
	extra_params => [ '-U', 'regress_progress_other' ]),
	'scanning heap', 'pg_read_all_stats sees the details');
cancel_run($h, 'rewrite');

# 2. the UPDATE path (triggers asked for)
$h = start_run("SELECT * FROM anon.anonymize_table_report('t', fire_triggers => true)", 'PgSleep');
$pid = running_pid();
is($node->safe_psql('postgres', qq{
	SELECT relid::regclass || '|' || phase || '|' || method || '|' || tables_total
	FROM anon.pg_stat_progress_anonymize WHERE pid = $pid}),
	't|updating|update|1', 'update: the phase and the method');
cancel_run($h, 'update');

# 3. the index rebuild: an index expression sleeps on one masked value
$node->safe_psql('postgres', q{
	SECURITY LABEL FOR anon ON COLUMN t.v IS 'MASKED WITH FUNCTION md5(v)';
	CREATE FUNCTION slow_on(v text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
	BEGIN
		IF v = md5('raw15000') THEN PERFORM pg_sleep(600); END IF;
		RETURN v;
	END $$;
	CREATE INDEX t_slow ON t (slow_on(v));
});
$h = start_run("SELECT * FROM anon.anonymize_table_report('t')", 'PgSleep');
$pid = running_pid();
is($node->safe_psql('postgres', qq{
	SELECT phase || '|' || method || '|' || tuples_done || '|' || (heap_blks_scanned = heap_blks_total)
	FROM anon.pg_stat_progress_anonymize WHERE pid = $pid}),
	'rebuilding indexes|rewrite|20000|true', 'rewrite: rebuilding indexes after the whole heap');
cancel_run($h, 'index rebuild');

# 4. the table is untouched by the cancelled runs; idle, the view is empty
is($node->safe_psql('postgres', q{
	DROP INDEX t_slow;
	SELECT count(*) FILTER (WHERE v = 'raw' || id) FROM t}),
	'20000', 'the cancelled runs changed nothing');
is($node->safe_psql('postgres', q{
	SELECT count(*) FROM anon.pg_stat_progress_anonymize}),
	'0', 'no run, no row');

$node->stop;
done_testing();
