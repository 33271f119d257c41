# test/t/020_masked_dump.pl: pg_dump run as a masked role is an anonymized
# dump; restored into a fresh cluster, it holds no raw value.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $src = PostgreSQL::Test::Cluster->new('source');
$src->init;
$src->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$src->start;

# Raw values all carry the marker RAW_ (the underscore is outside the
# alphabet of anon.random_string, so no masked value can hold it).
$src->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE ROLE dumper LOGIN;
	SECURITY LABEL FOR anon ON ROLE dumper IS 'MASKED';
	CREATE TABLE customer (id int PRIMARY KEY, name text NOT NULL,
		email text UNIQUE, phone text, note text);
	INSERT INTO customer SELECT i, 'RAW_name' || i, 'RAW_' || i || '@example.com',
		'RAW_0600' || i, 'kept ' || i FROM generate_series(1, 200) i;
	CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customer,
		card text);
	INSERT INTO orders SELECT i, 1 + i % 200, 'RAW_CARD' || i FROM generate_series(1, 300) i;
	CREATE TABLE events (id int PRIMARY KEY, what text);
	INSERT INTO events SELECT i, 'e' || i FROM generate_series(1, 10000) i;
	SECURITY LABEL FOR anon ON TABLE events IS 'TABLESAMPLE BERNOULLI (10)';
	CREATE TABLE plain (id int, label text);
	INSERT INTO plain VALUES (1, 'public data');
	SECURITY LABEL FOR anon ON COLUMN customer.name IS 'MASKED WITH FUNCTION anon.random_string(10)';
	SECURITY LABEL FOR anon ON COLUMN customer.email IS 'MASKED WITH FUNCTION ''user'' || id || ''@masked.example''';
	SECURITY LABEL FOR anon ON COLUMN customer.phone IS 'MASKED WITH VALUE NULL';
	SECURITY LABEL FOR anon ON COLUMN orders.card IS 'MASKED WITH FUNCTION anon.random_zip()';
	-- partitions take their parent's rule; a child its own (issue 15, class 4)
	CREATE TABLE ptab (id int, secret text) PARTITION BY RANGE (id);
	CREATE TABLE ptab_1 PARTITION OF ptab FOR VALUES FROM (0) TO (100);
	CREATE TABLE ptab_2 PARTITION OF ptab FOR VALUES FROM (100) TO (200) PARTITION BY RANGE (id);
	CREATE TABLE ptab_2a PARTITION OF ptab_2 FOR VALUES FROM (100) TO (200);
	INSERT INTO ptab SELECT i, 'RAW_p' || i FROM generate_series(1, 199) i;
	SECURITY LABEL FOR anon ON COLUMN ptab.secret IS 'MASKED WITH VALUE ''p-hidden''';
	CREATE TABLE itab (id int, secret text);
	CREATE TABLE itab_child () INHERITS (itab);
	INSERT INTO itab_child VALUES (1, 'RAW_child');
	SECURITY LABEL FOR anon ON COLUMN itab.secret IS 'MASKED WITH VALUE ''i-hidden''';
	-- serial and identity columns: pg_dump reads their sequences
	CREATE TABLE tickets (id serial PRIMARY KEY, n bigint GENERATED ALWAYS AS IDENTITY,
		subject text);
	INSERT INTO tickets (subject) SELECT 'RAW_t' || i FROM generate_series(1, 7) i;
	SECURITY LABEL FOR anon ON COLUMN tickets.subject IS 'MASKED WITH VALUE ''t-hidden''';
	-- a view whose definition holds a constant (a salt): dumped, without it
	CREATE VIEW salted_view AS SELECT id, md5(subject || 'RAW_VIEWSALT') AS h FROM tickets;
	-- the recipe of doc/dynamic-masking.md
	GRANT SELECT ON ALL TABLES IN SCHEMA public TO dumper;
	GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO dumper;
});

my $dump = $src->basedir . '/masked.sql';
$src->command_ok(
	[ 'pg_dump', '-U', 'dumper', '--exclude-table-data=anon.*', '-f', $dump,
	  '-d', $src->connstr('postgres') ],
	'pg_dump runs as the masked role');
my $text = slurp_file($dump);
unlike($text, qr/RAW_/, 'no raw value is in the dump');
like($text, qr/CREATE VIEW public\.salted_view AS/,
	'a view is dumped (its constants NULL, so no salt either)');
like($text, qr/user17\@masked\.example/, 'the dump holds masked values');
like($text, qr/public data/, 'columns and tables without rules are kept');
like($text, qr/p-hidden/, 'partitions are dumped with their parent\'s rule');
like($text, qr/i-hidden/, 'inheritance children are dumped with their parent\'s rule');
like($text, qr/t-hidden/, 'a table with serial and identity columns is dumped');
like($text, qr/setval\('public\.tickets_id_seq', 7, true\)/,
	'with its sequence\'s state');
# control: without the grant on sequences, the dump stops at the first one
$src->safe_psql('postgres', 'REVOKE SELECT ON ALL SEQUENCES IN SCHEMA public FROM dumper');
$src->command_fails_like(
	[ 'pg_dump', '-U', 'dumper', '--exclude-table-data=anon.*', '-d', $src->connstr('postgres') ],
	# (pg_dump 18 words it differently)
	qr/permission denied for sequence|lack SELECT privilege on the sequence/,
	'control: without SELECT on the sequences, pg_dump of a serial column fails');
$src->safe_psql('postgres', 'GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO dumper');

# --inserts reads every table with SELECT ... FROM ONLY, partitions included
my $idump = $src->basedir . '/masked-inserts.sql';
$src->command_ok(
	[ 'pg_dump', '-U', 'dumper', '--inserts', '--exclude-table-data=anon.*', '-f', $idump,
	  '-d', $src->connstr('postgres') ],
	'pg_dump --inserts runs as the masked role');
my $itext = slurp_file($idump);
unlike($itext, qr/RAW_/, 'no raw value is in the --inserts dump');
like($itext, qr/INSERT INTO public\.ptab_2a .*p-hidden/, 'a second-level partition is masked');

# Without --exclude-table-data: anon's configuration tables that pg_dump
# dumps (budgets, dictionaries) are readable, so the dump works as it does
# in PostgreSQL Anonymizer; keys are never dumped, and raw values never.
my $fdump = $src->basedir . '/masked-full.sql';
$src->command_ok(
	[ 'pg_dump', '-U', 'dumper', '-f', $fdump, '-d', $src->connstr('postgres') ],
	'pg_dump as the masked role needs no --exclude-table-data');
my $ftext = slurp_file($fdump);
unlike($ftext, qr/RAW_/, 'no raw value is in that dump');
unlike($ftext, qr/^COPY anon\.keys /m, 'no key is in that dump');

# as the owner, pg_dump still dumps raw data
my $rawdump = $src->basedir . '/raw.sql';
$src->command_ok([ 'pg_dump', '-f', $rawdump, '-d', $src->connstr('postgres') ],
	'pg_dump as the owner');
my $rawtext = slurp_file($rawdump);
like($rawtext, qr/RAW_name17/, 'an unmasked dump holds raw values');
like($rawtext, qr/RAW_p150/, 'an unmasked dump holds raw partition values');
like($rawtext, qr/RAW_VIEWSALT/, 'an unmasked dump holds the view\'s constant');

# Restore the masked dump into a fresh cluster
my $dst = PostgreSQL::Test::Cluster->new('replica');
$dst->init;
$dst->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$dst->start;
$dst->safe_psql('postgres', 'CREATE ROLE dumper');
$dst->command_ok(
	[ 'psql', '-X', '-v', 'ON_ERROR_STOP=1', '-q', '-f', $dump, '-d', $dst->connstr('postgres') ],
	'the masked dump restores into a fresh cluster');
is($dst->safe_psql('postgres', 'SELECT count(*) FROM customer'), '200', 'every customer came back');
is($dst->safe_psql('postgres', 'SELECT count(*) FROM orders'), '300', 'every order came back');
is($dst->safe_psql('postgres', q{
	SELECT count(*) FROM customer
	WHERE strpos(name, 'RAW_') > 0 OR strpos(email, 'RAW_') > 0 OR strpos(phone, 'RAW_') > 0}),
	'0', 'no raw customer value in the restored database');
is($dst->safe_psql('postgres', q{SELECT count(*) FROM orders WHERE strpos(card, 'RAW_') > 0}),
	'0', 'no raw order value in the restored database');
is($dst->safe_psql('postgres', q{
	SELECT count(*) FROM orders o JOIN customer c ON c.id = o.customer_id}),
	'300', 'foreign keys still join');
# 10% of 10000 rows: 1000 expected, standard deviation 30; [850, 1150]
# fails by chance with p < 1e-6
is($dst->safe_psql('postgres', q{SELECT count(*) BETWEEN 850 AND 1150 FROM events}),
	't', 'a sampled table is dumped as a sample');
is($dst->safe_psql('postgres', q{
	SELECT count(*) FROM anon.masking_rules WHERE valid}),
	'7', 'the masking rules came with the dump');

$src->stop;
$dst->stop;
done_testing();
