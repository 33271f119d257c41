# test/t/035_fk_masked_dump.pl: a dump taken by a masked role keeps its
# foreign keys (fk_consistency.c): a referencing column without a rule
# takes the rule of the key it references, through declared and virtual
# keys, so the dump restores with every constraint and its rows still join.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $src = PostgreSQL::Test::Cluster->new('fk_source');
$src->init;
$src->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$src->start;

# Raw keys carry the marker RAW_ (and integers below 1000, which the masks
# move above 100000).
$src->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE ROLE dumper LOGIN;
	SECURITY LABEL FOR anon ON ROLE dumper IS 'MASKED';
	CREATE TABLE person (id int PRIMARY KEY, email text UNIQUE);
	CREATE TABLE account (id int PRIMARY KEY, person_id int REFERENCES person,
		owner_email text REFERENCES person (email));
	CREATE TABLE payment (account_id bigint, n int, PRIMARY KEY (account_id, n),
		FOREIGN KEY (account_id) REFERENCES account);
	CREATE TABLE ticket (id int, email text);
	SECURITY LABEL FOR anon ON COLUMN ticket.email IS 'REFERENCES person (email)';
	INSERT INTO person SELECT i, 'RAW_' || i || '@example.com' FROM generate_series(1, 50) i;
	INSERT INTO account SELECT 100 + i, 1 + i % 50, 'RAW_' || (1 + i % 50) || '@example.com'
		FROM generate_series(1, 80) i;
	INSERT INTO payment SELECT 100 + i, j FROM generate_series(1, 80) i, generate_series(1, 2) j;
	INSERT INTO ticket SELECT i, 'RAW_' || (1 + i % 50) || '@example.com' FROM generate_series(1, 30) i;
	SECURITY LABEL FOR anon ON COLUMN person.id IS 'MASKED WITH FUNCTION id * 3 + 100000';
	SECURITY LABEL FOR anon ON COLUMN person.email IS 'MASKED WITH FUNCTION anon.hash(email)';
	SECURITY LABEL FOR anon ON COLUMN account.id IS 'MASKED WITH FUNCTION id + 200000';
	GRANT SELECT ON ALL TABLES IN SCHEMA public TO dumper;
});

my $dump = $src->basedir . '/fk_masked.sql';
$src->command_ok(
	[ 'pg_dump', '-U', 'dumper', '--exclude-table-data=anon.*', '-f', $dump,
	  '-d', $src->connstr('postgres') ],
	'pg_dump runs as the masked role');
my $text = slurp_file($dump);
unlike($text, qr/RAW_/, 'no raw key is in the dump, referenced or referencing');

# control: the same dump by the owner holds the raw keys
my $raw = $src->basedir . '/fk_raw.sql';
$src->command_ok(
	[ 'pg_dump', '--exclude-table-data=anon.*', '-f', $raw, '-d', $src->connstr('postgres') ],
	'control: pg_dump as the owner');
like(slurp_file($raw), qr/RAW_7\@example\.com/, 'control: the owner\'s dump holds raw keys');

# restored: the constraints are created after the data, and check it
$src->safe_psql('postgres', 'CREATE DATABASE restored');
$src->command_ok(
	[ 'psql', '-X', '-v', 'ON_ERROR_STOP=1', '-q', '-f', $dump, '-d', $src->connstr('restored') ],
	'the masked dump restores, every foreign key with it');
is($src->safe_psql('restored',
	q{SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace}),
	'3', 'the three declared keys are there');
is($src->safe_psql('restored', 'SELECT count(*) FROM account a JOIN person p ON p.id = a.person_id AND p.email = a.owner_email'),
	'80', 'every account joins its masked person on both keys');
is($src->safe_psql('restored', 'SELECT count(*) FROM payment y JOIN account a ON a.id = y.account_id'),
	'160', 'payments (bigint) join their masked accounts');
is($src->safe_psql('restored', 'SELECT count(*) FROM ticket t JOIN person p ON p.email = t.email'),
	'30', 'tickets join through the virtual key');
is($src->safe_psql('restored', 'SELECT count(*) FROM person WHERE id < 1000'),
	'0', 'no raw person id');
is($src->safe_psql('restored', 'SELECT count(*) FROM account WHERE person_id < 1000 OR id < 1000'),
	'0', 'no raw key in a referencing column');

# a policy that would break a key is refused, and the masked role's dump
# fails rather than write raw or broken keys
$src->safe_psql('postgres', q{
	ALTER TABLE account DROP CONSTRAINT account_person_id_fkey;
	SECURITY LABEL FOR anon ON COLUMN person.id IS 'MASKED WITH FUNCTION anon.random_int_between(100000, 200000)';
	ALTER TABLE account ADD FOREIGN KEY (person_id) REFERENCES person;
});
$src->command_fails_like(
	[ 'pg_dump', '-U', 'dumper', '--exclude-table-data=anon.*', '-d', $src->connstr('postgres') ],
	qr/would break foreign key "account_person_id_fkey"/,
	'a random key with an unruled reference: the dump fails, naming the key');

done_testing();
