# test/t/084_pa_dump.pl: PostgreSQL Anonymizer's anonymized dump recipe,
# pg_dump run by a masked role that holds only per-schema grants (no
# --exclude-table-data, no grant on the tables of anon), works and holds
# no raw value.  Positive control: the same dump by the owner holds them.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('pa_dump');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	SELECT anon.init();
	CREATE TABLE customer (id serial PRIMARY KEY, name text, email text, note text);
	INSERT INTO customer (name, email, note)
	SELECT 'RAW_name' || i, 'RAW_' || i || '@example.com', 'kept ' || i
	FROM generate_series(1, 50) i;
	SECURITY LABEL FOR anon ON COLUMN customer.name
	  IS 'MASKED WITH FUNCTION anon.dummy_last_name()';
	SECURITY LABEL FOR anon ON COLUMN customer.email
	  IS 'MASKED WITH FUNCTION anon.partial_email(email)';
	CREATE ROLE dump_anon LOGIN;
	SECURITY LABEL FOR anon ON ROLE dump_anon IS 'MASKED';
	GRANT USAGE ON SCHEMA public TO dump_anon;
	GRANT SELECT ON ALL TABLES IN SCHEMA public TO dump_anon;
	GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO dump_anon;
	-- a configuration table with rows: the budgets
	CREATE ROLE analyst;
	SELECT anon.set_budget('analyst', 1.0);
});

my $dump = $node->basedir . '/pa.sql';
$node->command_ok(
	[ 'pg_dump', '-U', 'dump_anon', '-f', $dump, '-d', $node->connstr('postgres') ],
	'pg_dump by a masked role with per-schema grants succeeds');
my $text = slurp_file($dump);
unlike($text, qr/RAW_/, 'the dump holds no raw value');
like($text, qr/kept 17/, 'columns without a rule are kept');
like($text, qr/COPY anon\.dp_budget/, 'the budgets are dumped');

# positive control: the owner's dump holds the raw values
my $raw = $node->basedir . '/raw.sql';
$node->command_ok([ 'pg_dump', '-f', $raw, '-d', $node->connstr('postgres') ],
	'pg_dump by the owner succeeds');
like(slurp_file($raw), qr/RAW_name17/, 'the owner dumps raw values');

$node->stop;
done_testing();
