# test/t/032_masked_replication.pl: logical replication of masked rows.
# The publisher keeps a masked shadow of a table (anon.start_masked_replication)
# and publishes only the shadow's schema; the subscriber receives every
# change, masked, and never a raw value.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $pub = PostgreSQL::Test::Cluster->new('publisher');
$pub->init(allows_streaming => 'logical');
$pub->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$pub->start;

my $sub = PostgreSQL::Test::Cluster->new('subscriber');
$sub->init;
$sub->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$sub->start;

# Raw values carry the marker RAW.
$pub->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE TABLE customer (id int PRIMARY KEY, name text, email text, city text);
	INSERT INTO customer SELECT i, 'RAWname' || i, 'RAW' || i || '@example.com', 'Paris'
		FROM generate_series(1, 100) i;
	SECURITY LABEL FOR anon ON COLUMN customer.name IS 'MASKED WITH FUNCTION anon.random_string(8)';
	SECURITY LABEL FOR anon ON COLUMN customer.email IS 'MASKED WITH FUNCTION ''user'' || id || ''@example.org''';
	SELECT anon.start_masked_replication('customer', 'masked');
	CREATE PUBLICATION masked_pub FOR TABLES IN SCHEMA masked;
});

# the subscriber needs the shadow's definition, not anon's rules
$sub->safe_psql('postgres', q{
	CREATE SCHEMA masked;
	CREATE TABLE masked.customer (id int PRIMARY KEY, name text, email text, city text);
});
my $connstr = $pub->connstr . ' dbname=postgres';
$sub->safe_psql('postgres',
	"CREATE SUBSCRIPTION masked_sub CONNECTION '$connstr' PUBLICATION masked_pub");
$sub->wait_for_subscription_sync($pub, 'masked_sub');

is($sub->safe_psql('postgres', 'SELECT count(*) FROM masked.customer'), '100',
	'the initial copy arrived');
is($sub->safe_psql('postgres', q{
	SELECT count(*) FROM masked.customer WHERE name LIKE '%RAW%' OR email LIKE '%RAW%'}),
	'0', 'the initial copy holds no raw value');

# changes follow, masked
$pub->safe_psql('postgres', q{
	INSERT INTO customer VALUES (101, 'RAWnew', 'RAWnew@example.com', 'Lyon');
	UPDATE customer SET name = 'RAWchanged', city = 'Nice' WHERE id = 5;
	DELETE FROM customer WHERE id BETWEEN 10 AND 19;
});
$pub->wait_for_catchup('masked_sub');
is($sub->safe_psql('postgres', 'SELECT count(*) FROM masked.customer'), '91',
	'inserts and deletes arrived');
is($sub->safe_psql('postgres', q{SELECT city, email FROM masked.customer WHERE id = 5}),
	'Nice|user5@example.org', 'an update arrived, masked');
is($sub->safe_psql('postgres', q{SELECT email FROM masked.customer WHERE id = 101}),
	'user101@example.org', 'an insert arrived, masked');
is($sub->safe_psql('postgres', q{
	SELECT count(*) FROM masked.customer WHERE name LIKE '%RAW%' OR email LIKE '%RAW%'}),
	'0', 'no raw value crossed');
ok(!$sub->safe_psql('postgres', q{SELECT to_regclass('public.customer')}),
	'the source table is not on the subscriber');

# a rolled back change does not cross either
$pub->safe_psql('postgres', q{
	BEGIN; INSERT INTO customer VALUES (500, 'RAWgone', 'x', 'y'); ROLLBACK;
	INSERT INTO customer VALUES (501, 'RAWkept', 'RAWkept@example.com', 'Metz');
});
$pub->wait_for_catchup('masked_sub');
is($sub->safe_psql('postgres', q{SELECT string_agg(id::text, ',' ORDER BY id) FROM masked.customer WHERE id >= 500}),
	'501', 'only committed changes arrive');

$sub->stop;
$pub->stop;
done_testing();
