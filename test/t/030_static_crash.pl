# test/t/030_static_crash.pl: a crash in the middle of anon.anonymize_table
# leaves the table as it was: after restart every row is original, the
# indexes agree with the heap, and a new run masks every row.
#
# The masking rule sleeps on one row, so the rewrite is caught half-way;
# the backend is then killed (SIGKILL, which makes the postmaster reset the
# cluster) or the server is stopped in immediate mode.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $node = PostgreSQL::Test::Cluster->new('static_crash');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'
restart_after_crash = on");
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL, w text);
	CREATE INDEX t_v ON t (v);
	INSERT INTO t SELECT i, 'raw' || i, 'w' || i FROM generate_series(1, 20000) i;
	CHECKPOINT;
	-- pg_sleep is VOLATILE: a superuser vouches for it (doc/trust-model.md)
	SECURITY LABEL FOR anon ON FUNCTION pg_sleep(double precision) IS 'TRUSTED';
	-- the rule sleeps on row 15000, far into the rewrite
	SECURITY LABEL FOR anon ON COLUMN t.v IS
		'MASKED WITH FUNCTION CASE WHEN id = 15000 AND pg_sleep(600) IS NOT NULL THEN ''x'' ELSE md5(v) END';
	SECURITY LABEL FOR anon ON COLUMN t.w IS 'MASKED WITH VALUE ''m''';
});

# start anonymize_table in the background and wait until it sleeps
sub start_run
{
	my ($in, $out, $err) = ('', '', '');
	my $h = IPC::Run::start(
		[ 'psql', '-X', '-d', $node->connstr('postgres'), '-c',
		  "SELECT * FROM anon.anonymize_table_report('t')" ],
		\$in, \$out, \$err);
	ok($node->poll_query_until('postgres', q{
		SELECT count(*) > 0 FROM pg_stat_activity
		WHERE wait_event = 'PgSleep' AND query LIKE '%anonymize_table%'}),
		'anonymize_table is half-way through the table');
	return $h;
}

# wait until the postmaster has reset the cluster after a backend's kill -9.
# While it resets, psql can exit before reading its standard input, and
# poll_query_until then dies of a broken pipe (seen in CI): such a death
# is retried like a refused connection, until the usual timeout.
sub wait_for_reset
{
	my $deadline = time() + $PostgreSQL::Test::Utils::timeout_default;
	while (time() < $deadline)
	{
		my $up = eval {
			local $SIG{PIPE} = 'IGNORE';
			$node->poll_query_until('postgres', 'SELECT true');
		};
		return if $up;
		select(undef, undef, undef, 0.1);
	}
	BAIL_OUT('the cluster did not come back after kill -9 of a backend');
}

sub check_original
{
	my ($what) = @_;
	is($node->safe_psql('postgres', q{
		SELECT count(*) FILTER (WHERE v = 'raw' || id AND w = 'w' || id) || '/' || count(*) FROM t}),
		'20000/20000', "$what: every row is original");
	is($node->safe_psql('postgres', q{
		SET enable_seqscan = off; SET enable_bitmapscan = off;
		SELECT count(*) FROM t WHERE v = 'raw12345'}),
		'1', "$what: the index finds the original value");
	is($node->safe_psql('postgres', q{
		SELECT count(*) FROM pg_class WHERE relname LIKE 'pg_temp_%' AND relkind = 'r'}),
		'0', "$what: no leftover new heap");
}

# 1. kill -9 of the backend: the postmaster resets the whole cluster
my $h = start_run();
my $pid = $node->safe_psql('postgres', q{
	SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%anonymize_table%'});
my $log_offset = -s $node->logfile;
kill 'KILL', $pid;
$h->finish;
# the reset has begun once the postmaster says so; only then can a
# successful connection be trusted to come after it
$node->wait_for_log(qr/all server processes terminated; reinitializing/, $log_offset);
wait_for_reset();
check_original('after kill -9 of the backend');

# 2. immediate shutdown
$h = start_run();
$node->stop('immediate');
$h->finish;
$node->start;
check_original('after an immediate shutdown');

# 3. the rule no longer sleeps: one run masks every row
$node->safe_psql('postgres', q{
	SECURITY LABEL FOR anon ON COLUMN t.v IS 'MASKED WITH FUNCTION md5(v)'});
is($node->safe_psql('postgres', q{
	SELECT rows || ' ' || method FROM anon.anonymize_table_report('t')}),
	'20000 rewrite', 'a complete run');
$node->stop('immediate');
$node->start;
is($node->safe_psql('postgres', q{
	SELECT count(*) FILTER (WHERE v = md5('raw' || id) AND w = 'm') FROM t}),
	'20000', 'after a crash following commit, every row is masked');
is($node->safe_psql('postgres', q{
	SET enable_seqscan = off; SET enable_bitmapscan = off;
	SELECT count(*) FROM t WHERE v = md5('raw12345')}),
	'1', 'the rebuilt index survives the crash');


# 4. rows that keep their TIDs (masked values as long as the originals):
# the primary key is kept as it is, the index on the masked column rebuilt;
# after a crash following commit both still match the heap exactly
$node->safe_psql('postgres', q{
	CREATE EXTENSION amcheck;
	CREATE TABLE k (id int PRIMARY KEY, v text NOT NULL, w text);
	CREATE INDEX k_v ON k (v);
	INSERT INTO k SELECT i, md5('raw' || i), 'w' || i FROM generate_series(1, 20000) i;
	UPDATE k SET w = 'hot' WHERE id % 100 = 0;
	CHECKPOINT;
	CREATE TABLE k_before AS SELECT id, ctid AS tid FROM k;
	CREATE TABLE k_pkey_file AS SELECT relfilenode FROM pg_class WHERE relname = 'k_pkey';
	SECURITY LABEL FOR anon ON COLUMN k.v IS 'MASKED WITH FUNCTION md5(v)';
});
is($node->safe_psql('postgres', q{SELECT rows FROM anon.anonymize_table_report('k')}),
	'20000', 'TIDs kept: a complete run');
$node->stop('immediate');
$node->start;
is($node->safe_psql('postgres', q{
	SELECT count(*) FILTER (WHERE k.v = md5(md5('raw' || k.id)) AND k.ctid = b.tid)
	FROM k JOIN k_before b USING (id)}),
	'20000', 'TIDs kept: after a crash following commit, every row masked in its place');
is($node->safe_psql('postgres', q{
	SELECT (SELECT relfilenode FROM pg_class WHERE relname = 'k_pkey') = relfilenode FROM k_pkey_file}),
	't', 'TIDs kept: the primary key was not rebuilt');
is($node->safe_psql('postgres', q{
	SELECT count(*) FROM pg_class c, LATERAL bt_index_check(c.oid, true)
	WHERE relname IN ('k_pkey', 'k_v')}),
	'2', 'TIDs kept: both indexes hold exactly the heap\'s rows after recovery');
$node->stop;

# 5. wal_level = minimal: the new heap is not WAL-logged while it is
# written; the commit logs it whole (it is under wal_skip_threshold) and a
# crash right after commit keeps every masked row
my $min = PostgreSQL::Test::Cluster->new('static_minimal');
$min->init;
$min->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'
wal_level = minimal
max_wal_senders = 0
wal_skip_threshold = '1GB'");
$min->start;
$min->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL);
	CREATE INDEX t_v ON t (v);
	INSERT INTO t SELECT i, 'raw' || i FROM generate_series(1, 20000) i;
	CHECKPOINT;
	SECURITY LABEL FOR anon ON COLUMN t.v IS 'MASKED WITH FUNCTION md5(v)';
});
is($min->safe_psql('postgres', q{
	SELECT rows || ' ' || method FROM anon.anonymize_table_report('t')}),
	'20000 rewrite', 'wal_level = minimal: a complete run');
$min->stop('immediate');
$min->start;
is($min->safe_psql('postgres', q{
	SELECT count(*) FILTER (WHERE v = md5('raw' || id)) FROM t}),
	'20000', 'wal_level = minimal: after a crash following commit, every row is masked');
is($min->safe_psql('postgres', q{
	SET enable_seqscan = off; SET enable_bitmapscan = off;
	SELECT count(*) FROM t WHERE v = md5('raw12345')}),
	'1', 'wal_level = minimal: the index survives the crash');
$min->stop;

done_testing();
