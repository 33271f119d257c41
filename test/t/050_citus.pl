# test/t/050_citus.pl: anon on a Citus cluster (one coordinator, two
# workers).  Rules follow the data: every path to the rows of a distributed
# or reference table (through the coordinator, run_command_on_shards and
# _placements, a shard read on a worker, a reference table's placement on
# the coordinator) reads masked values, masked once; static masking of a
# Citus table masks every shard or refuses, never a success that changed
# nothing; DP aggregates are finalized on the coordinator only.  Every
# probe has a positive control: the same path, run by an unmasked role,
# does see the raw value.  Skipped when Citus is not installed.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use POSIX ();

my ($stdout, $stderr);
IPC::Run::run([ 'pg_config', '--pkglibdir' ], '>', \$stdout, '2>', \$stderr);
chomp(my $pkglibdir = $stdout // '');
IPC::Run::run([ 'pg_config', '--sharedir' ], '>', \$stdout, '2>', \$stderr);
chomp(my $sharedir = $stdout // '');
if (!-f "$pkglibdir/citus.so" || !-f "$sharedir/extension/citus.control")
{
	plan skip_all => 'citus is not installed (bash ../shared/citus/build-citus.sh installs it)';
}

my $coord = PostgreSQL::Test::Cluster->new('coordinator');
my $w1 = PostgreSQL::Test::Cluster->new('worker1');
my $w2 = PostgreSQL::Test::Cluster->new('worker2');
my @nodes = ($coord, $w1, $w2);

# every node has the same key-encryption key (doc/citus.md); the workers
# log every statement, so that the test can look for keys in their logs
my $kek = PostgreSQL::Test::Utils::tempdir() . '/kek';
my $other_kek = PostgreSQL::Test::Utils::tempdir() . '/other_kek';
for my $f ([ $kek, '11' x 32 ], [ $other_kek, '22' x 32 ])
{
	open(my $fh, '>', $f->[0]) or die;
	print $fh "$f->[1]\n";
	close($fh);
	chmod(0600, $f->[0]);
}
sub new_node
{
	my ($n, %opt) = @_;
	$n->init;
	$n->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'citus,anon'
wal_level = logical
max_prepared_transactions = 20
max_connections = 100
citus.shard_count = 4
citus.max_adaptive_executor_pool_size = 2
anon.kek_file = '$kek'
});
	$n->append_conf('postgresql.conf', "log_statement = 'all'\n") if $opt{log};
	$n->start;
	$n->safe_psql('postgres', 'CREATE EXTENSION citus; CREATE EXTENSION anon;');
}
new_node($coord);
new_node($_, log => 1) for ($w1, $w2);
my $host = $coord->host;
$coord->safe_psql('postgres', sprintf(
	q{SELECT citus_set_coordinator_host('%s', %d);
	  SELECT citus_add_node('%s', %d);
	  SELECT citus_add_node('%s', %d);},
	$host, $coord->port, $host, $w1->port, $host, $w2->port));
is($coord->safe_psql('postgres', 'SELECT count(*) FROM pg_dist_node'), '3',
	'a coordinator and two workers');

# Roles are created on the coordinator (Citus propagates them); raw values
# all carry the marker RAW_, outside the alphabet of every mask used here.
$coord->safe_psql('postgres', q{
	CREATE ROLE regress_masked LOGIN;
	CREATE ROLE regress_plain LOGIN;
	CREATE ROLE regress_dp LOGIN;
	SECURITY LABEL FOR anon ON ROLE regress_masked IS 'MASKED';
	SECURITY LABEL FOR anon ON ROLE regress_dp IS 'DIFFERENTIAL PRIVACY';

	-- labelled after distribution
	CREATE TABLE people (id int PRIMARY KEY, code text, name text, city text);
	INSERT INTO people SELECT i, 'RAW_code' || i, 'RAW_name' || i, 'city' || (i % 7)
		FROM generate_series(1, 200) i;
	SELECT create_distributed_table('people', 'id');
	SELECT truncate_local_data_after_distributing_table('people');
	SECURITY LABEL FOR anon ON COLUMN people.code IS 'MASKED WITH FUNCTION md5(code)';
	SECURITY LABEL FOR anon ON COLUMN people.name IS 'MASKED WITH VALUE ''NAME''';

	-- labelled before distribution
	CREATE TABLE early (id int PRIMARY KEY, secret text);
	INSERT INTO early SELECT i, 'RAW_early' || i FROM generate_series(1, 100) i;
	SECURITY LABEL FOR anon ON COLUMN early.secret IS 'MASKED WITH FUNCTION md5(secret)';
	SELECT create_distributed_table('early', 'id');
	SELECT truncate_local_data_after_distributing_table('early');

	-- a reference table (a placement on every node, the coordinator too)
	CREATE TABLE countries (id int PRIMARY KEY, secret text);
	INSERT INTO countries SELECT i, 'RAW_country' || i FROM generate_series(1, 20) i;
	SELECT create_reference_table('countries');
	SELECT truncate_local_data_after_distributing_table('countries');
	SECURITY LABEL FOR anon ON COLUMN countries.secret IS 'MASKED WITH VALUE ''HIDDEN''';

	-- distributed on another column: joins with people are not co-located
	CREATE TABLE orders (id int, person_id int, card text);
	INSERT INTO orders SELECT i, 1 + i % 200, 'RAW_card' || i FROM generate_series(1, 300) i;
	SELECT create_distributed_table('orders', 'id', colocate_with => 'none');
	SELECT truncate_local_data_after_distributing_table('orders');
	SECURITY LABEL FOR anon ON COLUMN orders.card IS 'MASKED WITH FUNCTION md5(card)';

	GRANT SELECT ON ALL TABLES IN SCHEMA public TO regress_masked, regress_plain, regress_dp;
});

# psql as a role on a node; returns (stdout, stderr)
sub q_as
{
	my ($node, $role, $sql) = @_;
	my ($out, $err) = ('', '');
	$node->psql('postgres', $sql, stdout => \$out, stderr => \$err,
		extra_params => [ '-U', $role ]);
	return ($out, $err);
}

# A probe: the masked role sees no raw value and no error, the plain role
# sees raw values on the same path (the positive control).
sub probe
{
	my ($node, $sql, $what, %opt) = @_;
	my ($out, $err) = q_as($node, 'regress_masked', $sql);
	unlike($out . $err, qr/RAW_/, "$what: no raw value for the masked role");
	is($err, '', "$what: no error for the masked role") unless $opt{error_ok};
	like($out, $opt{masked}, "$what: masked values") if $opt{masked};
	my ($pout, $perr) = q_as($node, 'regress_plain', $sql);
	like($pout, qr/RAW_/, "$what: the plain role reads raw values (control)");
	return $out;
}

# ---- through the coordinator ----
probe($coord, 'SELECT code, name FROM people ORDER BY id', 'SELECT',
	masked => qr/^[0-9a-f]{32}\|NAME$/m);
is((q_as($coord, 'regress_masked', 'SELECT code FROM people WHERE id = 5'))[0],
	$coord->safe_psql('postgres', q{SELECT md5('RAW_code5')}),
	'router query: md5(code), computed once (not md5(md5(code)))');
is((q_as($coord, 'regress_masked', q{SELECT count(*) FROM people WHERE code = 'RAW_code5'}))[0],
	'0', 'WHERE on a masked column compares masked values');
is((q_as($coord, 'regress_plain', q{SELECT count(*) FROM people WHERE code = 'RAW_code5'}))[0],
	'1', 'the same WHERE finds the raw value for the plain role (control)');
is((q_as($coord, 'regress_masked', q{SELECT count(*) FROM people WHERE code = md5('RAW_code5')}))[0],
	'1', 'WHERE on the masked value finds it');
probe($coord, q{WITH c AS MATERIALIZED (SELECT * FROM people) SELECT code FROM c ORDER BY id},
	'CTE');
probe($coord, q{SELECT p.name, c.secret FROM people p JOIN countries c ON c.id = p.id % 20 + 1 ORDER BY p.id},
	'join with a reference table');
probe($coord, q{SET citus.enable_repartition_joins = on;
	SELECT p.code, o.card FROM people p JOIN orders o ON o.person_id = p.id ORDER BY o.id},
	'join that is not co-located', masked => qr/^[0-9a-f]{32}\|[0-9a-f]{32}$/m);
probe($coord, 'COPY people TO STDOUT', 'COPY TO');
probe($coord, 'SELECT secret FROM early ORDER BY id', 'labels written before distribution',
	masked => qr/^[0-9a-f]{32}$/m);
probe($coord, 'SELECT secret FROM countries ORDER BY id', 'reference table',
	masked => qr/^HIDDEN$/m);

# a masked distribution column: Citus would pick shards by raw values
$coord->safe_psql('postgres', q{
	CREATE TABLE mdist (id int, v text);
	INSERT INTO mdist SELECT i, 'RAW_v' || i FROM generate_series(1, 50) i;
	SELECT create_distributed_table('mdist', 'id');
	SELECT truncate_local_data_after_distributing_table('mdist');
	SECURITY LABEL FOR anon ON COLUMN mdist.id IS 'MASKED WITH VALUE 0';
	SECURITY LABEL FOR anon ON COLUMN mdist.v IS 'MASKED WITH VALUE ''V''';
	GRANT SELECT ON mdist TO regress_masked, regress_plain;
});
like((q_as($coord, 'regress_masked', 'SELECT v FROM mdist WHERE id = 5'))[1],
	qr/cannot filter Citus table "mdist" on its masked distribution column/,
	'a condition on a masked distribution column is refused');
is((q_as($coord, 'regress_masked', 'SELECT count(*), min(id), min(v) FROM mdist'))[0], '50|0|V',
	'the same table reads masked without that condition');
is((q_as($coord, 'regress_plain', 'SELECT v FROM mdist WHERE id = 5'))[0], 'RAW_v5',
	'the plain role filters on the distribution column (control)');

# ---- shards and placements, named directly ----
my %shard;	# table -> [ [shard_name, port], ... ]
for my $row (split /\n/, $coord->safe_psql('postgres',
	q{SELECT table_name, shard_name, nodeport FROM citus_shards ORDER BY shardid, nodeport}))
{
	my ($t, $s, $p) = split /\|/, $row;
	push @{ $shard{$t} }, [ $s, $p ];
}
my %node_of = map { $_->port => $_ } @nodes;

my ($pshard, $pport) = @{ $shard{people}[0] };
isnt($pport, $coord->port, 'the first shard of people is on a worker');
probe($node_of{$pport}, "SELECT code, name FROM $pshard",
	'a shard read directly on its worker', masked => qr/^[0-9a-f]{32}\|NAME$/m);
my ($eshard, $eport) = @{ $shard{early}[0] };
probe($node_of{$eport}, "SELECT secret FROM $eshard",
	'a shard of a table labelled before distribution', masked => qr/^[0-9a-f]{32}$/m);
my @cplace = grep { $_->[1] == $coord->port } @{ $shard{countries} };
is(scalar(@cplace), 1, 'the reference table has a placement on the coordinator');
probe($coord, "SELECT secret FROM $cplace[0][0]",
	'the reference placement on the coordinator', masked => qr/^HIDDEN$/m);
my @wplace = grep { $_->[1] != $coord->port } @{ $shard{countries} };
probe($node_of{ $wplace[0][1] }, "SELECT secret FROM $wplace[0][0]",
	'a reference placement on a worker', masked => qr/^HIDDEN$/m);

# one level of masking on the shard too
my ($sid) = $pshard =~ /_(\d+)$/;
my $one = (q_as($node_of{$pport}, 'regress_masked', "SELECT id, code FROM $pshard ORDER BY id LIMIT 1"))[0];
my ($oid_, $ocode) = split /\|/, $one;
is($ocode, $coord->safe_psql('postgres', "SELECT md5('RAW_code$oid_')"),
	'a shard read directly is masked once');

probe($coord, q{SELECT result FROM run_command_on_shards('people', $$SELECT string_agg(code, ',') FROM %s$$)},
	'run_command_on_shards', masked => qr/[0-9a-f]{32}/);
probe($coord, q{SELECT result FROM run_command_on_placements('countries', $$SELECT string_agg(secret, ',') FROM %s$$)},
	'run_command_on_placements', masked => qr/HIDDEN/);

# masked roles cannot write to masked shards either
my (undef, $werr) = q_as($node_of{$pport}, 'regress_masked', "DELETE FROM $pshard WHERE code = 'x'");
like($werr, qr/permission denied|cannot write/, 'a masked role cannot write to a masked shard');

# ---- DP roles read no raw value on any path ----
{
	my ($out, $err) = q_as($coord, 'regress_dp',
		q{SELECT success, result FROM run_command_on_shards('people', $$SELECT string_agg(code, ',') FROM %s$$)});
	unlike($out . $err, qr/RAW_/, 'DP role, run_command_on_shards: no raw value');
	unlike($out, qr/^t\|/m, 'DP role, run_command_on_shards: refused on every shard');
	like($out, qr/^f\|.*differential/m, 'DP role, run_command_on_shards: the DP guard refused');
	my ($pout) = q_as($coord, 'regress_plain',
		q{SELECT success, result FROM run_command_on_shards('people', $$SELECT string_agg(code, ',') FROM %s$$)});
	like($pout, qr/^t\|.*RAW_/m, 'run_command_on_shards reads raw values for the plain role (control)');
}
for my $case (
	[ $node_of{$pport}, "SELECT code FROM $pshard", 'a shard on its worker' ],
	[ $coord, "SELECT secret FROM $cplace[0][0]", 'the reference placement on the coordinator' ],
	[ $coord, 'SELECT code FROM people', 'the table through the coordinator' ])
{
	my ($n, $sql, $what) = @$case;
	my ($out, $err) = q_as($n, 'regress_dp', $sql);
	unlike($out . $err, qr/RAW_/, "DP role, $what: no raw value");
	isnt($err, '', "DP role, $what: refused");
}

# ---- keys, salt and trust labels: the coordinator's, on every node ----
# one line per node (coordinator first) of what the SQL returns there
sub on_all
{
	my ($sql) = @_;
	return join("\n", map { my ($r, $o, $e) = $_->psql('postgres', $sql); $r == 0 ? $o : "ERROR $e" } @nodes);
}
my $keyed = q{SELECT anon.hash('RAW_x') || ' ' || anon.pseudonymize('abcdef', 'k_cluster') || ' '
	|| anon.seeded_first_name(42) || ' ' || anon.pseudo_first_name('RAW_x') || ' '
	|| anon.pseudo_email('RAW_x', 'a salt')};
{
	# before the commit, the workers do not have the key yet (control:
	# the probe catches a node without the coordinator's keys)
	my ($r, $o, $e) = $coord->psql('postgres', qq{BEGIN;
		SELECT anon.create_key('k_cluster');
		SELECT anon.hash('make the default key');
		SELECT success FROM run_command_on_workers(\$\$SELECT anon.pseudonymize('abcdef', 'k_cluster')\$\$);
		ROLLBACK;});
	like($o, qr/^f\nf$/m, 'a key made in a transaction is on no worker before it commits (control)');
	is($w1->safe_psql('postgres', q{SELECT count(*) FROM anon.keys WHERE name = 'k_cluster'}), '0',
		'a rolled-back key never reaches a worker');
}
$coord->safe_psql('postgres', q{SELECT anon.create_key('k_cluster'); SELECT anon.hash('make the default key');});
my @outs = split /\n/, on_all($keyed);
is(scalar(@outs), 3, 'keyed functions run on every node');
unlike(join("\n", @outs), qr/ERROR/, 'keyed functions run on every node without error');
is(scalar(keys %{ { map { $_ => 1 } @outs } }), 1,
	'anon.hash, pseudonymize, seeded_*, pseudo_* give one output for one input on every node');
is(on_all(q{SELECT count(*) FROM anon.keys}), join("\n", ('2') x 3), 'every node holds the coordinator\'s two keys');
my $plain_key = $coord->safe_psql('postgres', q{SELECT encode(anon._key_plaintext('k_cluster'), 'hex')});
my $stored_key = $coord->safe_psql('postgres', q{SELECT encode(key, 'hex') FROM anon.keys WHERE name = 'k_cluster'});
is($w2->safe_psql('postgres', q{SELECT encode(anon._key_plaintext('k_cluster'), 'hex')}), $plain_key,
	'the worker opens the same key');
for my $w ($w1, $w2)
{
	my $log = slurp_file($w->logfile);
	like($log, qr/\Q$stored_key\E/, 'the stored (encrypted) key travelled in a statement the worker logged (control)');
	unlike($log, qr/\Q$plain_key\E/i, 'the key itself is in no worker log');
}
like((q_as($w1, 'regress_plain', 'SELECT key FROM anon.keys'))[1], qr/permission denied/,
	'anon.keys is not readable on a worker');
like((q_as($w1, 'regress_plain', q{SELECT anon._key_plaintext('k_cluster')}))[1], qr/permission denied/,
	'a key cannot be read through SQL on a worker');
{
	my (undef, undef, $kerr) = $w1->psql('postgres', q{SELECT anon.create_key('k_worker')});
	like($kerr, qr/cannot be made or changed on a Citus worker/, 'a worker makes no key of its own');
}

# a masked role reads a keyed rule computed on the workers: the
# coordinator's output for the raw value
$coord->safe_psql('postgres', q{
	CREATE TABLE d_key (id int PRIMARY KEY, code text);
	INSERT INTO d_key SELECT i, 'RAW_code' || i FROM generate_series(1, 100) i;
	SELECT create_distributed_table('d_key', 'id');
	SELECT truncate_local_data_after_distributing_table('d_key');
	SECURITY LABEL FOR anon ON COLUMN d_key.code IS 'MASKED WITH FUNCTION anon.pseudonymize(code, ''k_cluster'')';
	GRANT SELECT ON d_key TO regress_masked, regress_plain;
	CREATE TABLE d_key_expected AS SELECT i AS id, anon.pseudonymize('RAW_code' || i, 'k_cluster') AS p FROM generate_series(1, 100) i;
	GRANT SELECT ON d_key_expected TO regress_masked;
});
is((q_as($coord, 'regress_masked', q{SELECT count(*) FROM d_key d JOIN d_key_expected e USING (id) WHERE d.code = e.p}))[0],
	'100', 'a keyed rule, computed on the workers, gives the coordinator\'s pseudonyms');

# a worker whose key-encryption key or salt is not the coordinator's
# refuses the keys, and the coordinator's change fails
for my $case ([ "anon.kek_file = '$other_kek'", 'the key-encryption key of this node is not the one of the Citus coordinator', 'another key-encryption key' ],
	[ "anon.salt = 'RAW_pepper'", 'anon.salt differs between this worker and the Citus coordinator', 'another anon.salt' ])
{
	my ($conf, $msg, $what) = @$case;
	$w2->append_conf('postgresql.conf', "$conf\n");
	$w2->reload;
	my ($r, $o, $e) = $coord->psql('postgres', q{SELECT anon.rotate_key('k_cluster')}, extra_params => [ '-v', 'VERBOSITY=verbose' ]);
	like($e, qr/ERROR:  55000: Citus node .* refused the keys and trust labels of the coordinator/, "$what: the coordinator's change fails, SQLSTATE 55000");
	like($e, qr/\Q$msg\E/, "$what: the worker says why");
	like($e, qr/HINT:  Every node needs .*the same key-encryption key/, "$what: with a hint");
	unlike($e, qr/RAW_pepper|\Q$plain_key\E/i, "$what: the error shows no secret");
	is($coord->safe_psql('postgres', q{SELECT max(version) FROM anon.keys WHERE name = 'k_cluster'}), '1',
		"$what: nothing changed on the coordinator");
	my $conffile = $w2->data_dir . '/postgresql.conf';
	my $text = slurp_file($conffile);
	$text =~ s/^\Q$conf\E\n//m;
	open(my $fh, '>', $conffile) or die;
	print $fh $text;
	close($fh);
	$w2->reload;
}
is($coord->safe_psql('postgres', q{SELECT anon.rotate_key('k_cluster')}), '2', 'the same KEK and salt again: the change goes through');
@outs = split /\n/, on_all($keyed);
is(scalar(keys %{ { map { $_ => 1 } @outs } }), 1, 'after a rotation, one output on every node');
$w2->append_conf('postgresql.conf', "anon.kek_file = '$other_kek'\n");
$w2->reload;
# (as a superuser: other roles may not compute with a key outside a rule)
my ($ko, $ke) = ('', '');
$w2->psql('postgres', q{SELECT anon.pseudonymize('abc', 'k_cluster')}, stdout => \$ko, stderr => \$ke);
like($ke,
	qr/could not be decrypted.*\n.*\nHINT:  On a Citus worker, the key-encryption key must be the coordinator's/,
	'a worker with another KEK refuses to use the keys, with a clear error');
{
	my $conffile = $w2->data_dir . '/postgresql.conf';
	my $text = slurp_file($conffile);
	$text =~ s/^anon.kek_file = '\Q$other_kek\E'\n//m;
	open(my $fh, '>', $conffile) or die;
	print $fh $text;
	close($fh);
	$w2->reload;
}

# TRUSTED schemas and functions, RESTRICTED functions: on every node
my $labels_on_w1 = q{SELECT coalesce(string_agg(objname || '=' || label, ',' ORDER BY objname), '') FROM pg_seclabels
	WHERE provider = 'anon' AND objtype IN ('schema', 'function') AND objname ~ '^(trs|trf|rf)\y'};
$coord->safe_psql('postgres', q{
	CREATE SCHEMA trs;
	CREATE FUNCTION trs.up(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT 'UP_' || md5($1)$$;
	CREATE SCHEMA trf;
	CREATE FUNCTION trf.low(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT 'LOW_' || md5($1)$$;
	CREATE SCHEMA rf;
	CREATE FUNCTION rf.guess(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT 'GUESS_' || $1$$;
	GRANT USAGE ON SCHEMA trs, trf, rf TO PUBLIC;
});
is($w1->safe_psql('postgres', q{SELECT count(*) FROM pg_namespace WHERE nspname IN ('trs', 'trf', 'rf')}), '3',
	'Citus created the schemas on the workers');
{
	my ($r, $o, $e) = $coord->psql('postgres', qq{BEGIN;
		SECURITY LABEL FOR anon ON SCHEMA trs IS 'TRUSTED';
		SELECT result FROM run_command_on_workers(\$\$$labels_on_w1\$\$) LIMIT 1;
		ROLLBACK;});
	is($o, '', 'a trust label is on no worker before it commits (control)');
}
is($w1->safe_psql('postgres', $labels_on_w1), '', 'a rolled-back trust label never reaches a worker');
# labelled before the table is distributed
$coord->safe_psql('postgres', q{SECURITY LABEL FOR anon ON SCHEMA trs IS 'TRUSTED';
	SECURITY LABEL FOR anon ON FUNCTION trf.low(text) IS 'TRUSTED';
	SECURITY LABEL FOR anon ON FUNCTION rf.guess(text) IS 'RESTRICTED';});
is(on_all($labels_on_w1), join("\n", ('rf.guess(text)=RESTRICTED,trf.low(text)=TRUSTED,trs=TRUSTED') x 3),
	'TRUSTED and RESTRICTED labels are on every node');
$coord->safe_psql('postgres', q{
	CREATE TABLE d_trust (id int PRIMARY KEY, a text, b text);
	INSERT INTO d_trust SELECT i, 'RAW_a' || i, 'RAW_b' || i FROM generate_series(1, 50) i;
	SECURITY LABEL FOR anon ON COLUMN d_trust.a IS 'MASKED WITH FUNCTION trs.up(a)';
	SELECT create_distributed_table('d_trust', 'id');
	SELECT truncate_local_data_after_distributing_table('d_trust');
	SECURITY LABEL FOR anon ON COLUMN d_trust.b IS 'MASKED WITH FUNCTION trf.low(b)';
	GRANT SELECT ON d_trust TO regress_masked, regress_plain;
});
probe($coord, 'SELECT a, b FROM d_trust ORDER BY id',
	'rules calling TRUSTED functions, written before and after distribution', masked => qr/^UP_[0-9a-f]{32}\|LOW_[0-9a-f]{32}$/m);
my ($tshard, $tport) = split /\|/, $coord->safe_psql('postgres',
	q{SELECT shard_name || '|' || nodeport FROM citus_shards WHERE table_name = 'd_trust'::regclass ORDER BY shardid LIMIT 1});
probe($node_of{$tport}, "SELECT a, b FROM $tshard", 'a shard of that table on its worker',
	masked => qr/^UP_[0-9a-f]{32}\|LOW_[0-9a-f]{32}$/m);
# RESTRICTED on a worker: a masked role cannot call it there
like((q_as($w1, 'regress_masked', q{SELECT rf.guess('RAW_x')}))[1], qr/masked roles cannot call rf.guess/,
	'a RESTRICTED function is refused to a masked role on a worker');
is((q_as($w1, 'regress_plain', q{SELECT rf.guess('x')}))[0], 'GUESS_x', 'the plain role calls it on the worker (control)');
# a TRUSTED label removed on the coordinator is removed on the workers
$coord->safe_psql('postgres', q{CREATE FUNCTION trf.spare(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT $1$$;
	SECURITY LABEL FOR anon ON FUNCTION trf.spare(text) IS 'TRUSTED';});
is($w2->safe_psql('postgres', $labels_on_w1), 'rf.guess(text)=RESTRICTED,trf.low(text)=TRUSTED,trf.spare(text)=TRUSTED,trs=TRUSTED',
	'a TRUSTED function made after distribution is trusted on the workers');
$coord->safe_psql('postgres', q{SECURITY LABEL FOR anon ON FUNCTION trf.spare(text) IS NULL});
is($w2->safe_psql('postgres', $labels_on_w1), 'rf.guess(text)=RESTRICTED,trf.low(text)=TRUSTED,trs=TRUSTED',
	'a TRUSTED label removed on the coordinator is removed on the workers');

# ---- static masking: every shard and placement, all or nothing ----
# a fresh distributed table of 200 rows: code md5 (deterministic), name a
# random string (volatile), n a number
sub static_table
{
	my ($name, $kind) = @_;
	my $dist = $kind eq 'reference' ? "SELECT create_reference_table('$name')"
	  : "SELECT create_distributed_table('$name', 'id')";
	$coord->safe_psql('postgres', qq{
		CREATE TABLE $name (id int PRIMARY KEY, code text, name text, n numeric);
		INSERT INTO $name SELECT i, 'RAW_code' || i, 'RAW_name' || i, i FROM generate_series(1, 200) i;
		$dist;
		SELECT truncate_local_data_after_distributing_table('$name');
		SECURITY LABEL FOR anon ON COLUMN $name.code IS 'MASKED WITH FUNCTION md5(code)';
		SECURITY LABEL FOR anon ON COLUMN $name.name IS 'MASKED WITH FUNCTION anon.random_string(8)';
		GRANT SELECT ON $name TO regress_plain;
	});
}
# raw values left, counted on every placement (committed state)
sub raw_left
{
	my ($name) = @_;
	return $coord->safe_psql('postgres', qq{
		SELECT coalesce(sum(result::int), -1) FROM run_command_on_placements('$name',
			\$\$SELECT count(*) FROM %s WHERE starts_with(code, 'RAW_') OR starts_with(name, 'RAW_')\$\$)});
}

static_table('s_dist', 'distributed');
is(raw_left('s_dist'), '200', 's_dist: raw before (control)');
my $res = $coord->safe_psql('postgres', q{SELECT rows, method FROM anon.anonymize_table_report('s_dist')});
is($res, '200|citus', 'anonymize_table on a distributed table reports the rows it changed');
is(raw_left('s_dist'), '0', 'anonymize_table: no raw value left on any shard');
is($coord->safe_psql('postgres', q{SELECT count(*) FROM s_dist WHERE code = md5('RAW_code' || id)}),
	'200', 'anonymize_table on a distributed table: each rule applied once');
is($coord->safe_psql('postgres', q{SELECT count(*) FROM s_dist WHERE name ~ '^[A-Za-z0-9]{8}$' AND n = id}),
	'200', 'anonymize_table on a distributed table: volatile rules computed, other columns kept');
is((q_as($coord, 'regress_masked', q{SELECT count(*) FROM s_dist}))[0] // '', '',
	'(a masked role has no grant on s_dist)');

static_table('s_ref', 'reference');
$res = $coord->safe_psql('postgres', q{SELECT rows, method FROM anon.anonymize_table_report('s_ref')});
is($res, '200|citus', 'anonymize_table on a reference table reports the rows it changed');
is(raw_left('s_ref'), '0', 'anonymize_table on a reference table: no raw value on any placement');
is($coord->safe_psql('postgres', q{SELECT count(DISTINCT result) FROM run_command_on_placements('s_ref',
	$$SELECT md5(string_agg(code || name, ',' ORDER BY id)) FROM %s$$)}),
	'1', 'every placement of the reference table holds the same masked rows');

static_table('s_col', 'distributed');
$res = $coord->safe_psql('postgres', q{SELECT rows FROM anon.anonymize_column_report('s_col', 'code')});
is($res, '200', 'anonymize_column on a distributed table');
is($coord->safe_psql('postgres', q{SELECT count(*) FROM s_col WHERE code = md5('RAW_code' || id) AND starts_with(name, 'RAW_')}),
	'200', 'anonymize_column: that column only');
$res = $coord->safe_psql('postgres', q{SELECT rows FROM anon.add_noise_on_numeric_column_report('s_col', 'n', 0.5)});
is($res, '200', 'add_noise_on_numeric_column on a distributed table');
ok($coord->safe_psql('postgres', q{SELECT count(*) FROM s_col WHERE n <> id AND n BETWEEN id * 0.5 AND id * 1.5}) > 150,
	'add_noise_on_numeric_column: the values moved, within the ratio');

# masks with a key run on the coordinator, with its key: one input, one output
$coord->safe_psql('postgres', q{
	CREATE TABLE s_key (id int PRIMARY KEY, code text);
	INSERT INTO s_key SELECT i, 'RAW_code' || i FROM generate_series(1, 200) i;
	SELECT create_distributed_table('s_key', 'id');
	SELECT truncate_local_data_after_distributing_table('s_key');
	SECURITY LABEL FOR anon ON COLUMN s_key.code IS 'MASKED WITH FUNCTION anon.hash(code)';
	SELECT anon.hash('make the default key');
});
is($coord->safe_psql('postgres', q{SELECT rows FROM anon.anonymize_table_report('s_key')}), '200',
	'anonymize_table with a keyed rule on a distributed table');
is($coord->safe_psql('postgres', q{
	CREATE TEMP TABLE expected AS SELECT i AS id, anon.hash('RAW_code' || i) AS h FROM generate_series(1, 200) i;
	SELECT count(*) FROM (SELECT id, code FROM s_key) s JOIN expected e USING (id) WHERE s.code = e.h}),
	'200', 'a keyed rule masks every shard with the coordinator\'s key');

# all or nothing: a constraint on one shard, on one worker, fails the run
static_table('s_fail', 'distributed');
my $fplace = $coord->safe_psql('postgres', q{SELECT shard_name || '|' || nodeport FROM citus_shards
	WHERE table_name = 's_fail'::regclass ORDER BY shardid DESC LIMIT 1});
my ($fshard, $fport) = split /\|/, $fplace;
$node_of{$fport}->safe_psql('postgres', "ALTER TABLE $fshard ADD CONSTRAINT keep_raw CHECK (starts_with(code, 'RAW_'))");
my ($fret, $fout, $ferr) = $coord->psql('postgres', q{SELECT * FROM anon.anonymize_table_report('s_fail')});
isnt($fret, 0, 'a failure on one worker fails anonymize_table');
is(raw_left('s_fail'), '200', 'a failure on one worker leaves every shard as it was');

# the two errors a concurrent writer or a trigger can cause on the path
# through a co-located copy: each an ERROR with an SQLSTATE, and every
# shard as it was
{
	# a concurrent writer: another session inserts into a shard on its
	# worker while the masks (slow ones) are computed; the rows deleted are
	# then more than the rows masked
	static_table('s_race', 'distributed');
	$coord->safe_psql('postgres', q{
		CREATE FUNCTION trs.slow(text) RETURNS text LANGUAGE sql VOLATILE AS $$SELECT md5($1) FROM pg_sleep(0.04)$$;
		SECURITY LABEL FOR anon ON COLUMN s_race.code IS 'MASKED WITH FUNCTION trs.slow(code)';
		SECURITY LABEL FOR anon ON COLUMN s_race.name IS NULL;});
	my ($rshard, $rport) = split /\|/, $coord->safe_psql('postgres', q{SELECT shard_name || '|' || nodeport FROM citus_shards
		WHERE table_name = 's_race'::regclass ORDER BY shardid LIMIT 1});
	my ($hout, $herr) = ('', '');
	my $h = IPC::Run::start([ 'psql', '-XAtq', '-v', 'VERBOSITY=verbose', '-d', $coord->connstr('postgres'),
		'-c', q{SELECT * FROM anon.anonymize_table_report('s_race')} ], '>', \$hout, '2>', \$herr);
	# once the workers compute the masks (trs.slow: about two seconds, 200
	# rows, 40 ms each, two workers), write
	$node_of{$rport}->poll_query_until('postgres',
		q{SELECT count(*) > 0 FROM pg_stat_activity WHERE state = 'active' AND query ~ 'trs\.slow\(' AND pid <> pg_backend_pid()})
	  or die 'the masking did not start';
	$node_of{$rport}->safe_psql('postgres', "INSERT INTO $rshard VALUES (100001, 'RAW_late', 'RAW_late', 1)");
	$h->finish;
	like($herr, qr/ERROR:  40001: table "s_race" changed while it was masked/,
		'a concurrent writer on a shard: anonymize_table fails with SQLSTATE 40001');
	like($herr, qr/HINT:  Run the masking again when no other session writes to the table/, 'with a hint');
	my $raw_codes = q{SELECT sum(result::int) FROM run_command_on_placements('s_race',
		$$SELECT count(*) FROM %s WHERE starts_with(code, 'RAW_')$$)};
	is($coord->safe_psql('postgres', $raw_codes), '201', 'a concurrent writer: every shard as it was (and the late row kept)');
	my ($cret) = $coord->psql('postgres', q{SELECT * FROM anon.anonymize_table_report('s_race')});
	is($coord->safe_psql('postgres', $raw_codes), '0', 'without the concurrent writer, the same masking goes through (control)');

	# a trigger on a shard drops rows written back: lost rows
	static_table('s_lost', 'distributed');
	my ($lshard, $lport) = split /\|/, $coord->safe_psql('postgres', q{SELECT shard_name || '|' || nodeport FROM citus_shards
		WHERE table_name = 's_lost'::regclass ORDER BY shardid LIMIT 1});
	$node_of{$lport}->safe_psql('postgres', qq{SET citus.enable_ddl_propagation = off;
		CREATE FUNCTION drop_masked() RETURNS trigger LANGUAGE plpgsql AS \$\$
		BEGIN IF NOT starts_with(NEW.code, 'RAW_') THEN RETURN NULL; END IF; RETURN NEW; END \$\$;
		CREATE TRIGGER drop_masked BEFORE INSERT ON $lshard FOR EACH ROW EXECUTE FUNCTION drop_masked();});
	my ($lret, $lout, $lerr) = $coord->psql('postgres', q{SELECT * FROM anon.anonymize_table_report('s_lost')},
		extra_params => [ '-v', 'VERBOSITY=verbose' ]);
	like($lerr, qr/ERROR:  55000: masked copy of table "s_lost" lost rows/,
		'a trigger that drops rows written back: anonymize_table fails with SQLSTATE 55000');
	like($lerr, qr/HINT:  Check the table's triggers, rules and row-level security policies/, 'with a hint');
	unlike($lerr, qr/RAW_/, 'the error shows no value');
	is(raw_left('s_lost'), '200', 'lost rows: every shard as it was');
	$node_of{$lport}->safe_psql('postgres', "DROP TRIGGER drop_masked ON $lshard");
	is($coord->safe_psql('postgres', q{SELECT rows FROM anon.anonymize_table_report('s_lost')}), '200',
		'without the trigger, the same masking goes through (control)');
}

# refused: shuffling a distributed table, masking a placement on its own
for my $case (
	[ q{SELECT anon.shuffle_column('s_fail', 'code', 'id')}, 'shuffle_column', qr/Citus table/ ],
	[ "SELECT * FROM anon.anonymize_table_report('$cplace[0][0]')", 'anonymize_table on a placement', qr/shard of Citus table/ ])
{
	my ($sql, $what, $re) = @$case;
	my ($ret, $out, $err) = $coord->psql('postgres', $sql);
	like($err, $re, "$what: refused with a clear error");
}
is(raw_left('s_fail'), '200', 'refusals change nothing');

# create_masked_copy skips Citus's internal placements
$coord->safe_psql('postgres', q{CREATE SCHEMA src; CREATE TABLE src.plain (id int, secret text);
	INSERT INTO src.plain VALUES (1, 'RAW_plain');
	SECURITY LABEL FOR anon ON COLUMN src.plain.secret IS 'MASKED WITH VALUE ''X''';
	CREATE TABLE src.ref (id int PRIMARY KEY, secret text);
	INSERT INTO src.ref VALUES (1, 'RAW_ref');
	SELECT create_reference_table('src.ref');
	SELECT truncate_local_data_after_distributing_table('src.ref');
	SECURITY LABEL FOR anon ON COLUMN src.ref.secret IS 'MASKED WITH VALUE ''X''';});
$coord->safe_psql('postgres', q{CREATE TABLE src.dist (id int PRIMARY KEY, secret text);
	INSERT INTO src.dist SELECT i, 'RAW_dist' || i FROM generate_series(1, 100) i;
	SELECT create_distributed_table('src.dist', 'id');
	SELECT truncate_local_data_after_distributing_table('src.dist');
	SECURITY LABEL FOR anon ON COLUMN src.dist.secret IS 'MASKED WITH FUNCTION md5(secret)';});
my ($cret, $cout, $cerr) = $coord->psql('postgres',
	q{SELECT string_agg(table_name::text || ':' || rows, ',' ORDER BY 1) FROM anon.create_masked_copy('src', 'dst')});
is($cerr, '', 'create_masked_copy on a schema with Citus tables');
is($cout, 'dst.dist:100,dst.plain:1,dst.ref:1', 'create_masked_copy copies each table once, and no Citus placement');
is($coord->safe_psql('postgres', q{SELECT partmethod::text || ':' || (colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'src.dist'::regclass))::text
	FROM pg_dist_partition WHERE logicalrelid = 'dst.dist'::regclass}), 'h:true',
	'the copy of a distributed table is distributed, co-located with it');
is($coord->safe_psql('postgres', q{SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'dst.ref'::regclass AND repmodel = 't'}),
	'1', 'the copy of a reference table is a reference table');
is($coord->safe_psql('postgres', q{SELECT count(*) FROM dst.dist WHERE secret = md5('RAW_dist' || id)}),
	'100', 'the distributed copy is masked, once');
is($coord->safe_psql('postgres', q{SELECT sum(result::int) FROM run_command_on_placements('dst.ref',
	$$SELECT count(*) FROM %s WHERE secret = 'X'$$)}), '3', 'every placement of the reference copy is masked');

# ---- DP aggregates: finalized on the coordinator only ----
$coord->safe_psql('postgres', q{
	CREATE TABLE dp_dist (id int, grp int, v int);
	INSERT INTO dp_dist SELECT i, i % 5, i % 100 FROM generate_series(1, 2000) i;
	SELECT create_distributed_table('dp_dist', 'id');
	SELECT truncate_local_data_after_distributing_table('dp_dist');
	SECURITY LABEL FOR anon ON COLUMN dp_dist.v IS 'MASKED WITH VALUE 0';
	GRANT SELECT ON dp_dist TO regress_dp, regress_plain;
});
my $dpshard = $coord->safe_psql('postgres',
	q{SELECT shard_name || '|' || nodeport FROM citus_shards WHERE table_name = 'dp_dist'::regclass AND nodeport <> }
	  . $coord->port . ' ORDER BY shardid LIMIT 1');
my ($dps, $dpp) = split /\|/, $dpshard;
my (undef, $fin) = q_as($node_of{$dpp}, 'regress_plain', "SELECT anon.anon_count(1.0) FROM $dps");
like($fin, qr/finalized on the Citus coordinator/, 'a worker refuses to finalize a DP aggregate');
my ($cnt, $cnterr) = q_as($node_of{$dpp}, 'regress_plain', "SELECT count(*) FROM $dps");
is($cnterr, '', 'the same shard reads on the worker (control)');
$node_of{$dpp}->safe_psql('postgres', q{CREATE TABLE worker_local AS SELECT g FROM generate_series(1, 100) g;
	GRANT SELECT ON worker_local TO regress_plain;});
my (undef, $lerr) = q_as($node_of{$dpp}, 'regress_plain', 'SELECT anon.anon_count(1.0) FROM worker_local');
is($lerr, '', "a worker's own local table aggregates with DP on the worker (control)");

# the plain role (no budget) aggregates a distributed table: partial
# aggregation on the workers, noise once on the coordinator
for my $case (
	[ 'SELECT anon.anon_count(1.0) > 1000 FROM dp_dist', 'anon_count' ],
	[ 'SELECT anon.anon_avg(v, 1.0, 0, 100) BETWEEN 0 AND 100 FROM dp_dist', 'anon_avg' ],
	[ 'SELECT anon.anon_percentile(v, 0.5, 1.0, 0, 100) BETWEEN 0 AND 100 FROM dp_dist', 'anon_percentile' ],
	[ 'SELECT bool_and(a BETWEEN 0 AND 100) FROM (SELECT grp, anon.anon_avg(v, 1.0, 0, 100) a FROM dp_dist GROUP BY grp) s', 'GROUP BY another column, in a subquery' ],
	[ 'SELECT count(*) = 2000 FROM (SELECT id, anon.anon_avg(v, 1.0, 0, 100) a FROM dp_dist GROUP BY id) s', 'GROUP BY the distribution column, in a subquery' ],
	[ 'SELECT anon.anon_avg(v, 1.0, 0, 100) BETWEEN 0 AND 100 FROM dp_dist WHERE id = 5', 'a query on one shard' ])
{
	my ($sql, $what) = @$case;
	my ($out, $err) = q_as($coord, 'regress_plain', $sql);
	is("$out$err", 't', "DP aggregate on a distributed table, $what: finalized on the coordinator");
}
for my $sql ('SELECT id, anon.anon_avg(v, 1.0, 0, 100) FROM dp_dist GROUP BY id',
	'SELECT id + 1, anon.anon_count(1.0) FROM dp_dist GROUP BY id HAVING anon.anon_count(1.0) > 0')
{
	my ($out, $err) = q_as($coord, 'regress_plain', "SELECT count(*) FROM ($sql) s");
	is($err, '', "grouped by the distribution column, finalized on the coordinator: $sql");
}
# the spend is recorded once, on the coordinator's ledger, never on a worker
my $spends = q{SELECT count(*) || ' ' || coalesce(sum(epsilon), 0) FROM anon.dp_spends WHERE role = 'regress_plain'::regrole};
my $before = $coord->safe_psql('postgres', $spends);
my @wbefore = map { $_->safe_psql('postgres', $spends) } ($w1, $w2);
q_as($coord, 'regress_plain', 'SELECT grp, anon.anon_avg(v, 0.5, 0, 100) FROM dp_dist GROUP BY grp');
my ($bn, $be) = split / /, $before;
my ($an, $ae) = split / /, $coord->safe_psql('postgres', $spends);
is($an - $bn, 1, 'one spend recorded on the coordinator for a DP query on a distributed table');
ok(abs(($ae - $be) - 0.5) < 1e-9, 'the spend is the epsilon of the query (' . ($ae - $be) . ')');
is($w1->safe_psql('postgres', $spends), $wbefore[0], 'no spend on worker 1');
is($w2->safe_psql('postgres', $spends), $wbefore[1], 'no spend on worker 2');


is((q_as($coord, 'regress_plain', 'SHOW citus.enable_router_execution'))[0], 'on',
	'planner settings restored after a DP query');

# same noise scale as on a local copy: 400 draws of anon_count(0.1)
# (discrete Laplace of scale 10, variance about 200) on each; the ratio of
# the sample variances is within [1/3, 3] (more than 6 standard deviations
# of its logarithm: false alarm below 1e-6), the means within 8 of 2000.
$coord->safe_psql('postgres', q{CREATE TABLE dp_local AS SELECT * FROM dp_dist;
	GRANT SELECT ON dp_local TO regress_plain, regress_dp;
	SECURITY LABEL FOR anon ON COLUMN dp_local.v IS 'MASKED WITH VALUE 0';
	SELECT anon.set_budget('regress_dp', 10);});
my $stats = (q_as($coord, 'regress_plain', q{
	CREATE TEMP TABLE draws (kind text, v float8);
	DO $$
	DECLARE x float8;
	BEGIN
		FOR i IN 1..400 LOOP
			SELECT anon.anon_count(0.1) INTO x FROM dp_dist;
			INSERT INTO draws VALUES ('dist', x);
			SELECT anon.anon_count(0.1) INTO x FROM dp_local;
			INSERT INTO draws VALUES ('local', x);
		END LOOP;
	END $$;
	SELECT string_agg(format('%s %s %s', kind, m, s2), ' ' ORDER BY kind)
	FROM (SELECT kind, avg(v) m, var_samp(v) s2 FROM draws GROUP BY kind) s;
}))[0];
my @s = split / /, join(' ', split /\n/, $stats);
my %st = ($s[0] => [ $s[1], $s[2] ], $s[3] => [ $s[4], $s[5] ]);
ok(defined $st{dist} && defined $st{local}, "draws made on both ($stats)");
ok($st{dist}[1] > 50, 'the distributed count is noisy');
ok(abs($st{dist}[0] - 2000) < 8 && abs($st{local}[0] - 2000) < 8, 'both means are the true count');
my $ratio = $st{local}[1] > 0 ? $st{dist}[1] / $st{local}[1] : 0;
ok($ratio > 1 / 3 && $ratio < 3, "same noise scale as a local copy (variance ratio $ratio)");

# ---- DP roles aggregate distributed tables: states sealed on the workers ----
$coord->safe_psql('postgres', q{SELECT anon.set_budget('regress_dp', 1000, 0.001)});
my $dp_spends = q{SELECT count(*) || ' ' || coalesce(sum(epsilon), 0) FROM anon.dp_spends WHERE role = 'regress_dp'::regrole};
{
	my $b = $coord->safe_psql('postgres', $dp_spends);
	my @wb = map { $_->safe_psql('postgres', $dp_spends) } ($w1, $w2);
	my ($out, $err) = q_as($coord, 'regress_dp', 'SELECT anon.anon_avg(v, 0.5, 0, 100) IS NOT NULL FROM dp_dist');
	is("$out$err", 't', 'a DP role aggregates a distributed table through the coordinator');
	my ($bn, $be) = split / /, $b;
	my ($an, $ae) = split / /, $coord->safe_psql('postgres', $dp_spends);
	is($an - $bn, 1, 'DP role: one spend on the coordinator ledger');
	ok(abs(($ae - $be) - 0.5) < 1e-9, 'DP role: the spend is the epsilon of the query (' . ($ae - $be) . ')');
	is($w1->safe_psql('postgres', $dp_spends), $wb[0], 'DP role: no spend on worker 1');
	is($w2->safe_psql('postgres', $dp_spends), $wb[1], 'DP role: no spend on worker 2');
}
for my $case (
	[ 'SELECT anon.anon_count(1.0) > 1000 FROM dp_dist', 'anon_count' ],
	[ 'SELECT anon.anon_percentile(v, 0.5, 1.0, 0, 100) BETWEEN 0 AND 100 FROM dp_dist', 'anon_percentile' ],
	[ 'SELECT anon.anon_sum(v, 1.0, 0, 100) > 0 FROM dp_dist WHERE grp = 3', 'anon_sum with a WHERE condition' ],
	[ 'SELECT anon.anon_avg(v, 1.0, 0, 100) BETWEEN 0 AND 100 FROM dp_dist WHERE id = 5', 'a query on one shard' ])
{
	my ($sql, $what) = @$case;
	my ($out, $err) = q_as($coord, 'regress_dp', $sql);
	is("$out$err", 't', "DP role on a distributed table, $what");
}
# ---- grouped DP queries of DP roles on distributed tables ----
# The coordinator rewrites a grouped query into one ungrouped aggregate,
# anon._dp_grouped, whose state (a map group -> partial states) leaves each
# worker sealed and padded: group keys cross the network only inside it;
# the coordinator selects the groups, draws the noise and charges once
# (src/citus_dp_group.c).  The rare key RAW_rare is the probe: it must never
# reach the DP role, neither in clear nor hex-encoded (its text form), while
# the plain role sees it on the same path (the control).
$coord->safe_psql('postgres', q{
	CREATE TABLE dp_grp (id int, grp text, v int);
	INSERT INTO dp_grp SELECT i, 'g' || (i % 5), i % 100 FROM generate_series(1, 2000) i;
	INSERT INTO dp_grp VALUES (9001, 'RAW_rare', 50);
	SELECT create_distributed_table('dp_grp', 'id');
	SELECT truncate_local_data_after_distributing_table('dp_grp');
	SECURITY LABEL FOR anon ON COLUMN dp_grp.v IS 'MASKED WITH VALUE 0';
	CREATE TABLE dp_grp_local AS SELECT * FROM dp_grp;
	SECURITY LABEL FOR anon ON COLUMN dp_grp_local.v IS 'MASKED WITH VALUE 0';
	GRANT SELECT ON dp_grp, dp_grp_local TO regress_dp, regress_plain;
});
my $rare_hex = unpack('H*', 'RAW_rare');
my $grouped = 'SELECT grp, anon.anon_count(1.0) c, anon.anon_avg(v, 1.0, 0, 100) a FROM %s GROUP BY grp ORDER BY grp';
{
	my $b = $coord->safe_psql('postgres', $dp_spends);
	my @wb = map { $_->safe_psql('postgres', $dp_spends) } ($w1, $w2);
	my ($out, $err) = q_as($coord, 'regress_dp', sprintf($grouped, 'dp_grp'));
	is($err, '', 'DP role: a grouped query on a distributed table runs');
	like($out, qr/^g0\|\d+\|[0-9.]+\ng1\|\d+\|[0-9.]+\ng2\|\d+\|[0-9.]+\ng3\|\d+\|[0-9.]+\ng4\|\d+\|[0-9.]+$/,
		'DP role, grouped: the five large groups, with their noisy values');
	unlike($out, qr/RAW_|$rare_hex/i, 'DP role, grouped: the group of one is not released (partition selection)');
	my ($bn, $be) = split / /, $b;
	my ($an, $ae) = split / /, $coord->safe_psql('postgres', $dp_spends);
	is($an - $bn, 1, 'DP role, grouped: one spend on the coordinator ledger');
	is($w1->safe_psql('postgres', $dp_spends), $wb[0], 'DP role, grouped: no spend on worker 1');
	is($w2->safe_psql('postgres', $dp_spends), $wb[1], 'DP role, grouped: no spend on worker 2');
	my ($lerr) = (q_as($coord, 'regress_dp', sprintf($grouped, 'dp_grp_local')))[1];
	is($lerr, '', 'DP role, grouped: the same query on a local copy (control)');
	my ($cn, $ce) = split / /, $coord->safe_psql('postgres', $dp_spends);
	ok(abs(($ae - $be) - ($ce - $ae)) < 1e-9 && $ae - $be > 2,
		'DP role, grouped: the spend is that of the local copy, partition selection included (' . ($ae - $be) . ')');
	my ($pout) = q_as($coord, 'regress_plain', sprintf($grouped, 'dp_grp'));
	like($pout, qr/RAW_rare/, 'the plain role sees the group of one (control: the probe is there)');
}
for my $case (
	[ q{SELECT grp, anon.anon_count(1.0) FROM dp_grp WHERE v < 50 GROUP BY grp HAVING anon.anon_count(1.0) > 100 ORDER BY 2 DESC LIMIT 2}, qr/^(g\d\|\d+\n){1}g\d\|\d+$/, 'WHERE, HAVING, ORDER BY, LIMIT' ],
	[ q{SELECT anon.anon_sum(v, 1.0, 0, 100) > 0, grp FROM dp_grp GROUP BY grp ORDER BY grp}, qr/^(t\|g\d\n){4}t\|g4$/, 'anon_sum, the key last' ],
	[ q{SELECT grp, grp = 'g1', round(anon.anon_stddev(v, 2.0, 0, 100)) > 0 FROM dp_grp GROUP BY grp ORDER BY 1}, qr/^g0\|f\|t\ng1\|t\|t\n(g\d\|f\|t\n){2}g4\|f\|t$/, 'expressions over keys and results' ],
	[ q{SELECT grp, id % 2 AS par, anon.anon_count(1.0) > 0 FROM dp_grp GROUP BY grp, id % 2}, undef, 'an expression as a key: refused' ],
	[ q{SELECT grp, anon.anon_percentile(v, 0.5, 1.0, 0, 100) FROM dp_grp GROUP BY grp}, undef, 'a grouped percentile: refused' ])
{
	my ($sql, $re, $what) = @$case;
	my ($out, $err) = q_as($coord, 'regress_dp', $sql);
	unlike($out . $err, qr/RAW_|$rare_hex/i, "DP role, grouped, $what: no rare key");
	if ($re)
	{
		is($err, '', "DP role, grouped, $what: runs");
		like($out, $re, "DP role, grouped, $what: the rows");
	}
	else
	{
		like($err, qr/differential privacy/, "DP role, grouped, $what: a clear error");
	}
}

# a reference table: Citus reads its placement on the coordinator, no
# worker: refused, with an error, never a raw key
$coord->safe_psql('postgres', q{
	CREATE TABLE dp_ref (id int PRIMARY KEY, k text, v int);
	INSERT INTO dp_ref SELECT i, 'RAW_ref' || (i % 3), i FROM generate_series(1, 300) i;
	SELECT create_reference_table('dp_ref');
	SELECT truncate_local_data_after_distributing_table('dp_ref');
	SECURITY LABEL FOR anon ON COLUMN dp_ref.v IS 'MASKED WITH VALUE 0';
	GRANT SELECT ON dp_ref TO regress_dp, regress_plain;
});
for my $sql ('SELECT k, anon.anon_count(1.0) FROM dp_ref GROUP BY k',
	'SELECT anon.anon_count(1.0) FROM dp_ref')
{
	my ($out, $err) = q_as($coord, 'regress_dp', $sql);
	unlike($out . $err, qr/RAW_/, "DP role on a reference table, $sql: no raw value");
	isnt($err, '', "DP role on a reference table, $sql: refused");
}
like((q_as($coord, 'regress_plain', 'SELECT k, anon.anon_count(1.0) FROM dp_ref GROUP BY k'))[0],
	qr/RAW_ref/, 'the plain role reads the raw keys of the reference table (control)');

# attacks on the worker's part: the DP role runs Citus's task itself
my $gspec = q{'P0.1:1e-06|K25|Vc111:1:0:0:0|'::text};
my $gpartial = "SELECT worker_partial_agg('anon._dp_grouped(text,record)'::regprocedure, ROW($gspec, ROW(grp, NULL::boolean))) FROM %s";
my @gshards = map { [ split /\|/ ] } split /\n/, $coord->safe_psql('postgres',
	q{SELECT shard_name || '|' || nodeport FROM citus_shards WHERE table_name = 'dp_grp'::regclass ORDER BY shardid});
{
	my %len;
	my ($clear, $sealed_all) = ('', '');
	for my $s (@gshards)
	{
		my ($out, $err) = q_as($node_of{ $s->[1] }, 'regress_dp', sprintf($gpartial, $s->[0]));
		$sealed_all .= "$out$err\n";
		$len{ length($out) } = 1;
		$clear .= (q_as($node_of{ $s->[1] }, 'regress_plain', sprintf($gpartial, $s->[0])))[0] . "\n";
	}
	like($sealed_all, qr/^(E[0-9a-f]+\n)+$/, 'DP role on the workers: every map of groups is sealed');
	unlike($sealed_all, qr/RAW_|$rare_hex|g0|\t/i, 'DP role on the workers: no group key, in clear or hex');
	is(scalar(keys %len), 1, 'DP role on the workers: every sealed map has the same length (padding: the number of groups does not show)');
	like($clear, qr/$rare_hex/i, 'the plain role reads the rare key in one shard\'s map (control)');
	my ($gout, $gerr) = q_as($node_of{ $gshards[0][1] }, 'regress_dp',
		sprintf("SELECT grp, worker_partial_agg('anon._dp_grouped(text,record)'::regprocedure, ROW($gspec, ROW(grp, NULL::boolean))) FROM %s GROUP BY grp", $gshards[0][0]));
	like($gerr, qr/a differential privacy role may/, 'DP role on a worker: the map grouped by its key is refused');
	unlike($gout, qr/g0|RAW_/, 'DP role on a worker: no key from the grouped form');
	my ($kout, $kerr) = q_as($node_of{ $gshards[0][1] }, 'regress_dp',
		"SELECT grp, anon.anon_count(1.0) FROM $gshards[0][0] GROUP BY grp");
	like($kerr, qr/finalized on the Citus coordinator|may not/, 'DP role on a worker: a grouped DP query on a shard is refused');
	unlike($kout, qr/g0|RAW_/, 'DP role on a worker: no key from a grouped DP query on a shard');
}
for my $f ('run_command_on_shards', 'run_command_on_placements')
{
	my $sql = qq{SELECT string_agg(result, ',') FROM $f('dp_grp', \$\$$gpartial\$\$)};
	my ($out, $err) = q_as($coord, 'regress_dp', $sql);
	like($out, qr/^E[0-9a-f]+(,E[0-9a-f]+)*$/, "DP role through $f: sealed maps only");
	unlike($out . $err, qr/RAW_|$rare_hex/i, "DP role through $f: no group key");
	like((q_as($coord, 'regress_plain', $sql))[0], qr/$rare_hex/i, "the plain role through $f reads the keys (control)");
}
{
	my ($sealed_map) = q_as($node_of{ $gshards[0][1] }, 'regress_dp', sprintf($gpartial, $gshards[0][0]));
	like((q_as($coord, 'regress_dp', qq{SELECT coord_combine_agg('anon._dp_grouped(text,record)'::regprocedure, s::cstring, NULL::text[])
		FROM (VALUES ('$sealed_map'), ('$sealed_map')) v(s)}))[1], qr/may not call Citus's aggregate internals/,
		'DP role: a sealed map cannot be combined (or replayed twice) outside the coordinator\'s plan');
	my $bad = $sealed_map;
	substr($bad, 50, 1) = substr($bad, 50, 1) eq '0' ? '1' : '0';
	like((q_as($coord, 'regress_plain', qq{SELECT '$bad'::anon.dp_groups}))[1], qr/does not authenticate/,
		'an altered sealed map does not authenticate');
	like((q_as($coord, 'regress_plain', qq{SELECT '$sealed_map'::anon.dp_groups}))[0], qr/^P0\.1:/,
		'the coordinator opens a sealed map (control)');
	my ($rout) = q_as($coord, 'regress_dp', qq{SELECT '$sealed_map'::anon.dp_groups});
	like($rout, qr/^E[0-9a-f]+$/, 'a map the DP role opens on the coordinator is sealed again on its way out');
	# a replayed map as the initial state of an aggregate the role declares,
	# or its own aggregate over anon's functions: not a DP aggregate
	my $agg = q{SET client_min_messages = error; CREATE AGGREGATE pg_temp.g(text, record) (SFUNC = anon._dp_grouped_trans, STYPE = anon.dp_groups,
		FINALFUNC = anon._dp_grouped_final, FINALFUNC_EXTRA, FINALFUNC_MODIFY = READ_WRITE%s);
		SELECT array_length(pg_temp.g(%s, ROW(grp, NULL::boolean)), 1) > 0 FROM dp_grp_local;};
	for my $init (", INITCOND = '$sealed_map'", '')
	{
		my ($iout, $ierr) = q_as($coord, 'regress_dp', sprintf($agg, $init, $gspec));
		like($ierr, qr/not differentially private/, 'DP role: its own aggregate over anon._dp_grouped\'s functions is refused' . ($init ? ', a replayed initial state' : ''));
		unlike($iout, qr/t/, 'and releases nothing');
	}
	my ($cout, $cerr) = q_as($coord, 'regress_dp',
		"SELECT array_length(anon._dp_grouped($gspec, ROW(grp, NULL::boolean)), 1) > 0 FROM dp_grp_local");
	is("$cout$cerr", 't', 'anon._dp_grouped itself releases (control)');
	my ($bn, $be) = split / /, $coord->safe_psql('postgres', $dp_spends);
	q_as($coord, 'regress_dp',
		"SELECT anon._dp_grouped('P0.1:1e-06|K25|Vc111:7:0:0:0|'::text, ROW(grp, NULL::boolean)) FROM dp_grp_local");
	my ($an, $ae) = split / /, $coord->safe_psql('postgres', $dp_spends);
	ok($an - $bn == 1 && abs(($ae - $be) - 7.1) < 1e-9, 'anon._dp_grouped called with its own spec is charged what the spec says (' . ($ae - $be) . ')');
}

# On a worker, worker_partial_agg of anon's DP aggregates is replaced by
# their partial twins (the same transition function, called natively): the
# state is the one worker_partial_agg computes (the coordinator, which is no
# worker, keeps worker_partial_agg: the control), and a DP role may not
# call a twin itself.
{
	my $mk = q{CREATE TABLE twin_t AS SELECT i AS id, i % 7 AS g, (i * 37) % 150 AS v, 'k' || (i % 3) AS k FROM generate_series(1, 1000) i;};
	$coord->safe_psql('postgres', "SET citus.use_citus_managed_tables = off; $mk");
	$w1->safe_psql('postgres', $mk);
	my @calls = (
		q{worker_partial_agg('anon.anon_avg(integer,double precision,integer,integer)'::regprocedure, ROW(v, 1.0::float8, 0, 100))},
		q{worker_partial_agg('anon.anon_count(double precision)'::regprocedure, 0.5::float8)},
		q{worker_partial_agg('anon.anon_sum_with_bounds(integer,integer,integer)'::regprocedure, ROW(v, 10, 90))},
		q{worker_partial_agg('anon.anon_stddev(integer,double precision,integer,integer,double precision)'::regprocedure, ROW(v, 1.0::float8, 0, 100, 1e-6::float8))},
		q{worker_partial_agg('anon._dp_grouped(text,record)'::regprocedure, ROW('P0.1:1e-06|K25|Vc111:1:0:0:0|Va100:1:0:0:100|'::text, ROW(k, NULL::boolean, v)))});
	for my $c (@calls)
	{
		my $sql = "SELECT g, $c FROM twin_t GROUP BY g ORDER BY g";
		my $on_coord = $coord->safe_psql('postgres', $sql);
		my $on_worker = $w1->safe_psql('postgres', $sql);
		my ($name) = $c =~ /'anon\.(\w+)/;
		if ($name eq '_dp_grouped')
		{
			# the groups of a map come in hash order: compare them sorted
			$_ = join("\n", sort split /\n/, $_) for ($on_coord, $on_worker);
		}
		is($on_worker, $on_coord, "the partial state of $name computed natively on a worker is worker_partial_agg's");
		like($w1->safe_psql('postgres', "EXPLAIN (VERBOSE, COSTS OFF) $sql"), qr/anon\._dp_partial_/,
			"$name: the worker computes it with its partial twin");
		like($coord->safe_psql('postgres', "EXPLAIN (VERBOSE, COSTS OFF) $sql"), qr/worker_partial_agg/,
			"$name: the coordinator keeps worker_partial_agg (control)");
	}
	$w1->safe_psql('postgres', q{SECURITY LABEL FOR anon ON COLUMN twin_t.v IS 'MASKED WITH VALUE 0'; GRANT SELECT ON twin_t TO regress_dp;});
	like((q_as($w1, 'regress_dp', q{SELECT anon._dp_partial_value(v, 1.0::float8, 0, 100)::text FROM twin_t}))[1],
		qr/not differentially private/, 'a DP role may not call a partial twin itself');
	like((q_as($node_of{ $gshards[0][1] }, 'regress_dp', "SELECT $calls[0]::text FROM $gshards[0][0]"))[0], qr/^E[0-9a-f]+$/,
		'the partial state a worker computes natively for a DP role is sealed');
}

# the release follows the distribution of the local query: partition
# selection at the same threshold (a group of exactly T rows, T the
# threshold of epsilon 0.1 and delta 1e-6, is released with probability
# 1/(1 + e^-0.1) = 0.525; 25 rows below it, 0.043), the same noise scale.
# 200 queries each; the release counts within 50 of each other (5 standard
# deviations of their difference), the variance ratio of a large group's
# noisy count within [1/4, 4] (6 standard deviations of its logarithm).
{
	my $q = exp(-0.1);
	my $T = 1 + POSIX::ceil(log(1 / (1e-6 * (1 + $q))) / 0.1);
	my $low = $T - 25;
	$coord->safe_psql('postgres', qq{
		CREATE TABLE dp_thr (id int, grp text);
		INSERT INTO dp_thr SELECT i, 'thr' FROM generate_series(1, $T) i;
		INSERT INTO dp_thr SELECT 10000 + i, 'low' FROM generate_series(1, $low) i;
		INSERT INTO dp_thr SELECT 20000 + i, 'big' FROM generate_series(1, 1000) i;
		SELECT create_distributed_table('dp_thr', 'id');
		SELECT truncate_local_data_after_distributing_table('dp_thr');
		SECURITY LABEL FOR anon ON COLUMN dp_thr.grp IS 'QUASI-IDENTIFIER';
		CREATE TABLE dp_thr_local AS SELECT * FROM dp_thr;
		SECURITY LABEL FOR anon ON COLUMN dp_thr_local.grp IS 'QUASI-IDENTIFIER';
		GRANT SELECT ON dp_thr, dp_thr_local TO regress_dp;
		SELECT anon.set_budget('regress_dp', 100000, 1);
	});
	my $stats = (q_as($coord, 'regress_dp', q{
		CREATE TEMP TABLE rel (kind text, grp text, c float8);
		DO $$
		DECLARE r record;
		BEGIN
			FOR i IN 1..200 LOOP
				FOR r IN SELECT grp, anon.anon_count(0.5) c FROM dp_thr GROUP BY grp LOOP
					INSERT INTO rel VALUES ('dist', r.grp, r.c);
				END LOOP;
				FOR r IN SELECT grp, anon.anon_count(0.5) c FROM dp_thr_local GROUP BY grp LOOP
					INSERT INTO rel VALUES ('local', r.grp, r.c);
				END LOOP;
			END LOOP;
		END $$;
		SELECT kind || ' ' || count(*) FILTER (WHERE grp = 'thr') || ' ' || count(*) FILTER (WHERE grp = 'low')
			|| ' ' || count(*) FILTER (WHERE grp = 'big') || ' ' || coalesce(var_samp(c) FILTER (WHERE grp = 'big'), 0)
		FROM rel GROUP BY kind ORDER BY kind;
	}))[0];
	my %st = map { my @f = split / /; ($f[0] => [ @f[ 1 .. 4 ] ]) } split /\n/, $stats;
	ok(defined $st{dist} && defined $st{local}, "releases on both ($stats)");
	is($st{dist}[2], 200, 'the large group is released by every distributed query');
	ok(abs($st{dist}[0] - $st{local}[0]) <= 50, "the group at the threshold is released as often as on the local copy ($st{dist}[0], $st{local}[0] of 200)");
	ok($st{dist}[0] >= 70 && $st{dist}[0] <= 140, 'and about half the time');
	ok($st{local}[1] < 40 && $st{dist}[1] < 40, "25 rows below the threshold, rarely (control: a threshold off by 25 would show; $st{dist}[1], $st{local}[1])");
	my $ratio = $st{local}[3] > 0 ? $st{dist}[3] / $st{local}[3] : 0;
	ok($ratio > 1 / 4 && $ratio < 4, "the same noise scale as the local copy (variance ratio $ratio)");
	ok($st{dist}[3] > 2, 'the distributed counts are noisy');
}

# several rows per person (a PRIVACY UNIT that is not unique): one row per
# person needs a subquery, refused on a Citus table
$coord->safe_psql('postgres', q{
	CREATE TABLE dp_unit (id int, person int, v int);
	INSERT INTO dp_unit SELECT i, i % 50, i % 100 FROM generate_series(1, 500) i;
	SELECT create_distributed_table('dp_unit', 'id');
	SELECT truncate_local_data_after_distributing_table('dp_unit');
	SECURITY LABEL FOR anon ON COLUMN dp_unit.person IS 'PRIVACY UNIT';
	SECURITY LABEL FOR anon ON COLUMN dp_unit.v IS 'MASKED WITH VALUE 0';
	GRANT SELECT ON dp_unit TO regress_dp;
});
like((q_as($coord, 'regress_dp', 'SELECT anon.anon_count(1.0) FROM dp_unit'))[1],
	qr/cannot aggregate Citus tables in a grouped or nested query/,
	'DP role: a distributed table with several rows per person is refused');

# attacks: a worker hands the DP role only sealed states
my $partial = "SELECT worker_partial_agg('anon.anon_count(double precision)'::regprocedure, 1.0::float8) FROM $dps";
my ($sealed, $serr) = q_as($node_of{$dpp}, 'regress_dp', $partial);
like($sealed, qr/^E[0-9a-f]+$/, 'DP role on a worker: the partial state is sealed');
my ($open) = q_as($node_of{$dpp}, 'regress_plain', $partial);
like($open, qr/^\(\d+,/, 'the plain role reads the same partial state in clear (control)');
my ($rout, $rerr) = q_as($coord, 'regress_dp', q{SELECT string_agg(result, ',') FROM run_command_on_shards('dp_dist',
	$$SELECT worker_partial_agg('anon.anon_count(double precision)'::regprocedure, 1.0::float8) FROM %s$$)});
like($rout, qr/^E[0-9a-f]+(,E[0-9a-f]+)*$/, 'DP role through run_command_on_shards: sealed states only');
unlike($rout, qr/\(/, 'DP role through run_command_on_shards: no state in clear');
my ($pout) = q_as($coord, 'regress_plain', q{SELECT string_agg(result, ',') FROM run_command_on_shards('dp_dist',
	$$SELECT worker_partial_agg('anon.anon_count(double precision)'::regprocedure, 1.0::float8) FROM %s$$)});
like($pout, qr/\(\d+,/, 'the plain role through run_command_on_shards reads states in clear (control)');
like((q_as($coord, 'regress_dp', qq{SELECT coord_combine_agg('anon.anon_count(double precision)'::regprocedure, s::cstring, NULL::float8)
	FROM (VALUES ('$sealed'), ('$sealed')) v(s)}))[1], qr/may not call Citus's aggregate internals/,
	'DP role: a sealed state cannot be finalized (or counted twice) outside the coordinator\'s plan');
for my $case (
	[ "SELECT grp, worker_partial_agg('anon.anon_count(double precision)'::regprocedure, 1.0::float8) FROM $dps GROUP BY grp", 'grouped' ],
	[ "SELECT worker_partial_agg('anon.anon_count(double precision)'::regprocedure, 1.0::float8) FROM $dps a, $dps b", 'over a join' ],
	[ "SELECT worker_partial_agg('pg_catalog.sum(integer)'::regprocedure, v) FROM $dps", 'of another aggregate' ],
	[ "SELECT worker_partial_agg('anon.anon_count(double precision)'::regprocedure, 1.0::float8) FROM $dps WHERE 1 / (v - 7) > 0", 'with a condition that can raise an error' ])
{
	my ($sql, $what) = @$case;
	my ($out, $err) = q_as($node_of{$dpp}, 'regress_dp', $sql);
	like($err, qr/a differential privacy role may/, "DP role on a worker, a partial aggregate $what: refused by the DP guard");
	unlike($out, qr/\(\d+,/, "DP role on a worker, a partial aggregate $what: no state in clear");
}
{
	my $bad = $sealed;
	substr($bad, 40, 1) = substr($bad, 40, 1) eq '0' ? '1' : '0';
	like((q_as($coord, 'regress_plain', qq{SELECT '$bad'::anon.dp_state}))[1], qr/does not authenticate/,
		'an altered sealed state does not authenticate');
	like((q_as($coord, 'regress_plain', qq{SELECT '$sealed'::anon.dp_state}))[0], qr/^\(\d+,/,
		'the coordinator opens a sealed state (control)');
}

# the tag that carries the charge of coord_combine_agg can be written by
# anyone: a forged one neither crashes the server nor releases more than it
# charges
{
	my $forged = q{SELECT coord_combine_agg('anon.anon_count(double precision)'::regprocedure, s::cstring, NULL::bigint)
		FILTER (WHERE anon._citus_dp_spend(%s, 0, '%s', true)) FROM (VALUES (%s)) v(s)};
	like((q_as($coord, 'regress_plain', sprintf($forged, '1', '{AGGREF :aggfnoid 1 :args ({CONST :constlen 99999999})}', 'NULL::text')))[1],
		qr/returned no row/, 'a forged call in the tag is refused');
	is($coord->safe_psql('postgres', 'SELECT 1'), '1', 'and the server is up');
	# the planner folds a tag written in SQL to true: no charge, no release
	like((q_as($coord, 'regress_plain', sprintf($forged, '0.001', '', q{'(5,0,0,1,0,0,0,1)'})))[1],
		qr/was not charged to the privacy budget/, 'a state finalized under a forged tag is not released');
	is((q_as($coord, 'regress_plain', q{SELECT '(5,0,0,1,0,0,0,1)'::anon.dp_state}))[1], '',
		'the state itself is valid (control)');
}

# an ungrouped DP aggregate over an empty distributed table: released, as
# on an empty local table
$coord->safe_psql('postgres', q{
	CREATE TABLE dp_empty (id int, v int);
	SELECT create_distributed_table('dp_empty', 'id');
	SECURITY LABEL FOR anon ON COLUMN dp_empty.v IS 'MASKED WITH VALUE 0';
	CREATE TABLE dp_empty_local (id int, v int);
	SECURITY LABEL FOR anon ON COLUMN dp_empty_local.v IS 'MASKED WITH VALUE 0';
	GRANT SELECT ON dp_empty, dp_empty_local TO regress_dp, regress_plain;
});
for my $role ('regress_plain', 'regress_dp')
{
	for my $t ('dp_empty', 'dp_empty_local')
	{
		my ($out, $err) = q_as($coord, $role, "SELECT anon.anon_avg(v, 1.0, 0, 100) BETWEEN 0 AND 100, anon.anon_count(1.0) >= 0 FROM $t");
		is("$out$err", 't|t', "$role, an empty table ($t): released");
	}
}

# same noise scale for the DP role: 400 draws of anon_count(0.1) on the
# distributed table and on the local copy (same thresholds as above)
my $dstats = (q_as($coord, 'regress_dp', q{
	CREATE TEMP TABLE draws (kind text, v float8);
	DO $$
	DECLARE x float8;
	BEGIN
		FOR i IN 1..400 LOOP
			SELECT anon.anon_count(0.1) INTO x FROM dp_dist;
			INSERT INTO draws VALUES ('dist', x);
			SELECT anon.anon_count(0.1) INTO x FROM dp_local;
			INSERT INTO draws VALUES ('local', x);
		END LOOP;
	END $$;
	SELECT string_agg(format('%s %s %s', kind, m, s2), ' ' ORDER BY kind)
	FROM (SELECT kind, avg(v) m, var_samp(v) s2 FROM draws GROUP BY kind) s;
}))[0];
my @ds = split / /, join(' ', split /\n/, $dstats);
my %dst = ($ds[0] => [ $ds[1], $ds[2] ], $ds[3] => [ $ds[4], $ds[5] ]);
ok(defined $dst{dist} && defined $dst{local}, "DP role: draws made on both ($dstats)");
ok(defined $dst{dist} && $dst{dist}[1] > 50, 'DP role: the distributed count is noisy');
ok(defined $dst{dist} && abs($dst{dist}[0] - 2000) < 8 && abs($dst{local}[0] - 2000) < 8, 'DP role: both means are the true count');
my $dratio = defined $dst{local} && $dst{local}[1] > 0 ? $dst{dist}[1] / $dst{local}[1] : 0;
ok($dratio > 1 / 3 && $dratio < 3, "DP role: same noise scale as a local copy (variance ratio $dratio)");

# anonymize_database masks the Citus tables too (and skips their shards)
$node_of{$fport}->safe_psql('postgres', "ALTER TABLE $fshard DROP CONSTRAINT keep_raw");
my ($dret, $dout, $derr) = $coord->psql('postgres',
	q{SELECT string_agg(table_name::text || ':' || rows, ' ' ORDER BY 1) FROM anon.anonymize_database_report()});
is($derr, '', 'anonymize_database on a Citus coordinator');
like($dout, qr/(^| )people:200( |$)/, 'anonymize_database masked the distributed table people');
unlike($dout, qr/_\d{6}:/, 'anonymize_database masked no shard on its own');
is(raw_left('s_fail'), '0', 'anonymize_database: no raw value left in s_fail');
is($coord->safe_psql('postgres', q{SELECT sum(result::int) FROM run_command_on_placements('countries',
	$$SELECT count(*) FROM %s WHERE starts_with(secret, 'RAW_')$$)}), '0',
	'anonymize_database: no raw value left on any placement of the reference table');

# ---- a worker added later: the coordinator's keys, then its trust labels ----
# citus_add_node copies the tables' rules to the node (d_trust's call
# TRUSTED functions) before their schemas exist there to be labelled:
# the keys go first, the labels with anon.citus_sync() after it.
my $w3 = PostgreSQL::Test::Cluster->new('worker3');
new_node($w3);
is($w3->safe_psql('postgres', $labels_on_w1), '', 'a fresh node has no trust label (control)');
is($w3->safe_psql('postgres', 'SELECT count(*) FROM anon.keys'), '0', 'a fresh node has no key (control)');
# planning citus_add_node sends the keys to the node: not for a role that
# may not add nodes (EXPLAIN plans it without running it)
q_as($coord, 'regress_plain', sprintf(q{EXPLAIN SELECT citus_add_node('%s', %d)}, $host, $w3->port));
is($w3->safe_psql('postgres', 'SELECT count(*) FROM anon.keys'), '0',
	'a role that may not add nodes cannot make the coordinator send its keys anywhere');
my ($aret, $aout, $aerr) = $coord->psql('postgres', sprintf(q{SELECT citus_add_node('%s', %d)}, $host, $w3->port));
is($aerr, '', 'citus_add_node of a node, with rules calling TRUSTED functions');
is($w3->safe_psql('postgres', q{SELECT count(*) FROM pg_seclabels WHERE objname IN ('d_trust.a', 'd_trust.b')}), '2',
	'Citus copied the rules calling TRUSTED functions to the added worker');
is($w3->safe_psql('postgres', $keyed), $coord->safe_psql('postgres', $keyed),
	'the added worker has the coordinator\'s keys: one output for one input');
is($w3->safe_psql('postgres', $labels_on_w1), '', 'the added worker has no trust label before anon.citus_sync() (control)');
# until then, those rules do not analyse there: reads fail closed
is($w3->safe_psql('postgres', q{SELECT bool_or(valid) FROM anon.masking_rules WHERE relid = 'd_trust'::regclass}), 'f',
	'before anon.citus_sync(), the rules calling TRUSTED functions are invalid on the added worker');
is($coord->safe_psql('postgres', 'SELECT anon.citus_sync()'), '3', 'anon.citus_sync() reaches the three workers');
is($w3->safe_psql('postgres', $labels_on_w1), 'rf.guess(text)=RESTRICTED,trf.low(text)=TRUSTED,trs=TRUSTED',
	'after anon.citus_sync(), the added worker has the trust labels');
is($w3->safe_psql('postgres', q{SELECT bool_and(valid) FROM anon.masking_rules WHERE relid = 'd_trust'::regclass}), 't',
	'after anon.citus_sync(), they are valid there');
$w3->safe_psql('postgres', q{CREATE TABLE w3_local (id int, a text);
	INSERT INTO w3_local VALUES (1, 'RAW_w3');
	GRANT SELECT ON w3_local TO regress_masked;
	SECURITY LABEL FOR anon ON COLUMN w3_local.a IS 'MASKED WITH FUNCTION trs.up(a)'});
is((q_as($w3, 'regress_masked', 'SELECT a FROM w3_local'))[0], 'UP_' . $coord->safe_psql('postgres', q{SELECT md5('RAW_w3')}),
	'and a rule calling that TRUSTED function masks there');
# only a superuser's session counts as Citus copying rules: a table owner
# who names its session like Citus's is checked as ever
$w1->safe_psql('postgres', q{SET citus.enable_ddl_propagation = off; GRANT CREATE ON SCHEMA public TO regress_plain;});
my (undef, $spoof) = q_as($w1, 'regress_plain', q{SET application_name = 'citus_internal gpid=1';
	CREATE TABLE spoof (id int, a text);
	SECURITY LABEL FOR anon ON COLUMN spoof.a IS 'MASKED WITH FUNCTION rf.guess(a)'});
like($spoof, qr/which a rule may not call/, 'a table owner posing as Citus cannot write a rule calling an untrusted function');

done_testing();
