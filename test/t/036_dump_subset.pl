# test/t/036_dump_subset.pl: a dump subset (anon.set_dump_subset,
# src/subset_dump.c).  pg_dump run by a masked role with a subset writes
# the subset's rows only, closed along the foreign keys (composite,
# self-referencing, virtual), masked; pg_restore restores it with every
# foreign key holding.  The subset is computed from what the role reads
# (masked values, its row-level security): it shows no raw value and no
# row the role could not read.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('dump_subset');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;

# Raw values carry the marker RAW_; raw ids are below 1000, masked ones
# above 100000.  person.boss: a self-reference (chains of bosses);
# payment: a composite primary key, a bigint key to an int one; ticket: a
# virtual key; other: reached by nothing.
$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE ROLE dumper LOGIN;
	SECURITY LABEL FOR anon ON ROLE dumper IS 'MASKED';
	CREATE TABLE person (id int PRIMARY KEY, email text UNIQUE, boss int REFERENCES person);
	CREATE TABLE account (id int PRIMARY KEY, person_id int REFERENCES person,
		owner_email text REFERENCES person (email));
	CREATE TABLE payment (account_id bigint, n int, PRIMARY KEY (account_id, n),
		FOREIGN KEY (account_id) REFERENCES account);
	CREATE TABLE ticket (id int, email text);
	SECURITY LABEL FOR anon ON COLUMN ticket.email IS 'REFERENCES person (email)';
	CREATE TABLE other (id int, note text);
	INSERT INTO person SELECT i, 'RAW_' || i || '@example.com', CASE WHEN i > 1 THEN i / 2 END
		FROM generate_series(1, 50) i;
	INSERT INTO account SELECT 100 + i, 1 + i % 50, 'RAW_' || (1 + i % 50) || '@example.com'
		FROM generate_series(1, 80) i;
	INSERT INTO payment SELECT 100 + i, j FROM generate_series(1, 80) i, generate_series(1, 2) j;
	INSERT INTO ticket SELECT i, 'RAW_' || (1 + i % 50) || '@example.com' FROM generate_series(1, 30) i;
	INSERT INTO other VALUES (1, 'RAW_other');
	SECURITY LABEL FOR anon ON COLUMN person.id IS 'MASKED WITH FUNCTION id * 3 + 100000';
	SECURITY LABEL FOR anon ON COLUMN person.email IS 'MASKED WITH FUNCTION anon.hash(email)';
	SECURITY LABEL FOR anon ON COLUMN account.id IS 'MASKED WITH FUNCTION id + 200000';
	SECURITY LABEL FOR anon ON COLUMN other.note IS 'MASKED WITH VALUE ''x''';
	GRANT SELECT ON ALL TABLES IN SCHEMA public TO dumper;
	-- the accounts whose id ends in 0 (masked: id + 200000, the same last
	-- digit), every row that references them, every row those reference
	SELECT anon.set_dump_subset('dumper', 'public', ARRAY['account WHERE id % 10 = 0'],
		include_referencing => true);
});

# What the subset must hold, computed by the owner from the raw data:
# accounts 110, 120, ..., 180; their payments; the persons they reference
# (person_id = owner_email's person) and those persons' bosses, transitively.
my $want_persons = $node->safe_psql('postgres', q{
	WITH RECURSIVE p(id) AS (
		SELECT person_id FROM account WHERE id % 10 = 0
		UNION SELECT person.boss FROM person JOIN p ON person.id = p.id WHERE person.boss IS NOT NULL)
	SELECT string_agg((id * 3 + 100000)::text, ',' ORDER BY id) FROM p});

sub dump_restore
{
	my ($name) = @_;
	my $file = $node->basedir . "/$name.dump";
	$node->command_ok(
		[ 'pg_dump', '-U', 'dumper', '-Fc', '--exclude-table-data=anon.*', '-f', $file,
		  '-d', $node->connstr('postgres') ],
		"$name: pg_dump runs as the masked role");
	$node->safe_psql('postgres', "CREATE DATABASE $name");
	$node->command_ok(
		[ 'pg_restore', '--exit-on-error', '-d', $node->connstr($name), $file ],
		"$name: pg_restore restores it, every foreign key with it");
	return $file;
}

my $file = dump_restore('sub');
$node->command_ok([ 'pg_restore', '-f', "$file.sql", $file ], 'the dump as SQL');
unlike(slurp_file("$file.sql"), qr/RAW_/, 'no raw value is in the subset dump');
is($node->safe_psql('sub', 'SELECT string_agg(id::text, \',\' ORDER BY id) FROM account'),
	'200110,200120,200130,200140,200150,200160,200170,200180', 'the seed accounts, masked');
is($node->safe_psql('sub', 'SELECT count(*) FROM payment'), '16', 'their payments (composite key)');
is($node->safe_psql('sub', 'SELECT string_agg(id::text, \',\' ORDER BY id) FROM person'),
	$want_persons, 'the persons they reference, and their bosses transitively');
is($node->safe_psql('sub', 'SELECT count(*) FROM ticket'), '0',
	'tickets reference persons but nothing selected references them');
is($node->safe_psql('sub', 'SELECT count(*) FROM other'), '0', 'a table reached by nothing is empty');
is($node->safe_psql('sub', q{SELECT count(*) FROM pg_constraint WHERE contype = 'f'
	AND connamespace = 'public'::regnamespace}), '4', 'the four declared keys are restored');
is($node->safe_psql('sub', q{
	SELECT (SELECT count(*) FROM account a WHERE NOT EXISTS (SELECT FROM person p WHERE p.id = a.person_id))
	     + (SELECT count(*) FROM account a WHERE NOT EXISTS (SELECT FROM person p WHERE p.email = a.owner_email))
	     + (SELECT count(*) FROM payment y WHERE NOT EXISTS (SELECT FROM account a WHERE a.id = y.account_id))
	     + (SELECT count(*) FROM person c WHERE c.boss IS NOT NULL AND NOT EXISTS (SELECT FROM person p WHERE p.id = c.boss))}),
	'0', 'every foreign key holds in the restored subset');

# controls: the owner's dump holds raw values; the role's dump without a
# subset holds every row
my $raw = $node->basedir . '/raw.sql';
$node->command_ok([ 'pg_dump', '--exclude-table-data=anon.*', '-f', $raw, '-d', $node->connstr('postgres') ],
	'control: pg_dump as the owner');
like(slurp_file($raw), qr/RAW_7\@example\.com/, 'control: the owner\'s dump holds raw values');
$node->safe_psql('postgres', q{SELECT anon.set_dump_subset('dumper', 'public', NULL)});
dump_restore('whole');
is($node->safe_psql('whole', 'SELECT count(*) FROM account'), '80',
	'control: without a subset the masked dump holds every account');

# a table the role may not read counts as empty (pg_dump -T leaves it out)
$node->safe_psql('postgres', q{
	REVOKE SELECT ON payment FROM dumper;
	SELECT anon.set_dump_subset('dumper', 'public', ARRAY['payment', 'account WHERE id % 40 = 0']);
});
is($node->safe_psql('postgres', 'SET ROLE dumper; SELECT string_agg(id::text, \',\' ORDER BY id) FROM account'),
	'200120,200160', 'a table the role cannot read brings nothing in');
$node->safe_psql('postgres', 'GRANT SELECT ON payment TO dumper');
is($node->safe_psql('postgres', 'SET ROLE dumper; SELECT count(*) FROM account'), '80',
	'control: once it can read it, every payment brings its account');

# the virtual key is followed too (referencing rows of a seed)
$node->safe_psql('postgres', q{SELECT anon.set_dump_subset('dumper', 'public',
	ARRAY['person WHERE boss IS NULL'], include_referencing => true)});
dump_restore('virt');
is($node->safe_psql('virt', 'SELECT count(*) FROM ticket t JOIN person p ON p.email = t.email'),
	$node->safe_psql('virt', 'SELECT count(*) FROM ticket'),
	'tickets came in by the virtual key, and join their persons');
ok($node->safe_psql('virt', 'SELECT count(*) FROM ticket') > 0, 'some tickets are in');

# A condition reads masked values: on a masked column it cannot select by
# the raw value.  (control: the raw condition holds for some persons)
$node->safe_psql('postgres', q{SELECT anon.set_dump_subset('dumper', 'public',
	ARRAY['person WHERE email LIKE ''RAW_1%''', 'other'])});
is($node->safe_psql('postgres', q{SELECT count(*) > 0 FROM person WHERE email LIKE 'RAW_1%'}),
	't', 'control: the condition holds for raw values');
is($node->safe_psql('postgres', 'SET ROLE dumper; SELECT count(*) FROM person'), '0',
	'a condition on a masked column sees the masked values only');
is($node->safe_psql('postgres', 'SET ROLE dumper; SELECT note FROM other'), 'x',
	'a table named alone: all its rows, masked');
# the filter's function called by hand with a set the subset does not have
# (a masked role sees its SQLSTATE, invalid_parameter_value, not an
# internal error; its text is redacted like any data error in its queries)
my (undef, undef, $member_err) = $node->psql('postgres',
	q{\set VERBOSITY verbose
SET ROLE dumper; SELECT anon._dump_subset_member('public'::regnamespace, 999, 1)});
like($member_err, qr/ERROR:  22023:/,
	'the row filter called by hand with a bad set: invalid_parameter_value');

# Row-level security: the subset follows only what the role may read.  The
# accounts of person 30 (who is nobody's boss) are hidden from dumper: the
# subset of every account must not bring person 30 in (that would tell
# that hidden accounts reference it).
$node->safe_psql('postgres', q{
	ALTER TABLE account ENABLE ROW LEVEL SECURITY;
	CREATE POLICY visible ON account FOR SELECT USING (person_id <> 30);
	SELECT anon.set_dump_subset('dumper', 'public', ARRAY['account']);
});
is($node->safe_psql('postgres', 'SELECT count(*) FROM account WHERE person_id = 30'), '2',
	'control: person 30 has accounts (hidden from dumper)');
is($node->safe_psql('postgres', 'SET ROLE dumper; SELECT count(*) FROM person WHERE id = 30 * 3 + 100000'),
	'0', 'a person referenced only by rows the role cannot read is not in its subset');
is($node->safe_psql('postgres', 'SET ROLE dumper; SELECT count(*) FROM person WHERE id = 31 * 3 + 100000'),
	'1', 'control: a person referenced by readable rows is');
$node->safe_psql('postgres', 'ALTER TABLE account DISABLE ROW LEVEL SECURITY');

# Who may declare one, and what it may say
$node->safe_psql('postgres', 'CREATE ROLE regress_other');
my ($ret, $out, $err) = $node->psql('postgres',
	q{SET ROLE regress_other; SELECT anon.set_dump_subset('dumper', 'public', ARRAY['account'])});
like($err, qr/must be owner of (table|schema)/, 'only the owner of every table declares a subset');
$node->safe_psql('postgres', 'CREATE SCHEMA empty_one');
($ret, $out, $err) = $node->psql('postgres',
	q{SET ROLE regress_other; SELECT anon.set_dump_subset('dumper', 'empty_one', ARRAY[]::text[])});
like($err, qr/must be owner of schema empty_one/, 'nor for a schema without tables, unless its owner');
($ret, $out, $err) = $node->psql('postgres',
	q{SELECT anon.set_dump_subset('dumper', 'public', ARRAY['account WHERE pg_catalog.pg_read_file(''x'') <> '''''])});
like($err, qr/which a rule may not call/, 'a condition is trust-checked like a rule');
($ret, $out, $err) = $node->psql('postgres',
	q{SELECT anon.set_dump_subset('dumper', 'public', ARRAY['nosuch WHERE true'])});
like($err, qr/is not a table of schema "public"/, 'an unknown table is refused');
($ret, $out, $err) = $node->psql('postgres',
	q{SELECT anon.set_dump_subset('dumper', 'public', ARRAY['account WHERE ctid = ''(0,1)'''])});
like($err, qr/may only read its columns/, 'a system column is refused');

# a key masked by a volatile rule cannot be followed: the reads fail
$node->safe_psql('postgres', q{
	SELECT anon.set_dump_subset('dumper', 'public', ARRAY['account WHERE id % 10 = 0']);
	SECURITY LABEL FOR anon ON COLUMN account.id IS 'MASKED WITH FUNCTION anon.random_int_between(200000, 300000)';
});
($ret, $out, $err) = $node->psql('postgres', 'SET ROLE dumper; SELECT count(*) FROM account');
like($err, qr/its masking rule is volatile|would break foreign key/,
	'a volatile mask on a followed key: the read fails, naming it');

# A partitioned table counts as one table; pg_dump reads each partition on
# its own, and each gets its root's filter (columns mapped by name: the
# root has a dropped column, a partition another column order).  A key
# references the partitioned table (composite).
$node->safe_psql('postgres', q{
	CREATE SCHEMA part;
	CREATE TABLE part.customer (id int PRIMARY KEY, email text);
	CREATE TABLE part.events (junk int, id int, day date, customer_id int REFERENCES part.customer,
		PRIMARY KEY (id, day)) PARTITION BY RANGE (day);
	ALTER TABLE part.events DROP COLUMN junk;
	CREATE TABLE part.events_2025 PARTITION OF part.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
	CREATE TABLE part.events_2026 (customer_id int, day date NOT NULL, id int NOT NULL);
	ALTER TABLE part.events ATTACH PARTITION part.events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
	CREATE TABLE part.tag (event_id int, event_day date, label text,
		FOREIGN KEY (event_id, event_day) REFERENCES part.events (id, day));
	INSERT INTO part.customer SELECT i, 'RAW_c' || i || '@example.com' FROM generate_series(1, 10) i;
	INSERT INTO part.events SELECT i, CASE WHEN i % 2 = 0 THEN date '2025-06-01' ELSE date '2026-06-01' END,
		1 + i % 10 FROM generate_series(1, 40) i;
	INSERT INTO part.tag SELECT id, day, 'RAW_tag' FROM part.events;
	SECURITY LABEL FOR anon ON COLUMN part.customer.email IS 'MASKED WITH FUNCTION anon.hash(email)';
	SECURITY LABEL FOR anon ON COLUMN part.tag.label IS 'MASKED WITH VALUE ''t''';
	GRANT USAGE ON SCHEMA part TO dumper;
	GRANT SELECT ON ALL TABLES IN SCHEMA part TO dumper;
	SELECT anon.set_dump_subset('dumper', 'part', ARRAY['customer WHERE id <= 3'],
		include_referencing => true);
});
is($node->safe_psql('postgres', 'SET ROLE dumper; SELECT count(*) FROM part.events_2026'),
	$node->safe_psql('postgres', 'SELECT count(*) FROM part.events_2026 WHERE customer_id <= 3'),
	'a partition read on its own is filtered by its root\'s subset');
my $pfile = $node->basedir . '/part.dump';
$node->command_ok(
	[ 'pg_dump', '-U', 'dumper', '-Fc', '-n', 'part', '-f', $pfile, '-d', $node->connstr('postgres') ],
	'partitioned: pg_dump -n part runs as the masked role');
$node->safe_psql('postgres', 'CREATE DATABASE part_restored');
$node->safe_psql('part_restored', 'CREATE EXTENSION anon');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('part_restored'), $pfile ],
	'partitioned: the subset restores, every foreign key with it');
is($node->safe_psql('part_restored', q{
	SELECT (SELECT count(*) FROM part.customer) || ',' || (SELECT count(*) FROM part.events)
		|| ',' || (SELECT count(*) FROM part.events_2025) || ',' || (SELECT count(*) FROM part.tag)}),
	'3,12,8,12', 'three customers, their events in both partitions, their tags');
$node->command_ok([ 'pg_restore', '-f', "$pfile.sql", $pfile ], 'partitioned: the dump as SQL');
unlike(slurp_file("$pfile.sql"), qr/RAW_/, 'no raw value is in the partitioned subset dump');

# a sampled table cannot be covered (its sample is drawn at each read)
$node->safe_psql('postgres', q{SECURITY LABEL FOR anon ON TABLE other IS 'TABLESAMPLE BERNOULLI (50)'});
($ret, $out, $err) = $node->psql('postgres', 'SET ROLE dumper; SELECT count(*) FROM person');
like($err, qr/cannot cover sampled table "other"/, 'a sampled table in the schema is refused');
$node->safe_psql('postgres', q{SECURITY LABEL FOR anon ON TABLE other IS NULL});

# a reference masked its own way: the dump fails, naming the key (the
# policy is checked on the dump path as on every other)
$node->safe_psql('postgres', q{
	SECURITY LABEL FOR anon ON COLUMN account.id IS 'MASKED WITH FUNCTION id + 200000';
	SECURITY LABEL FOR anon ON COLUMN payment.account_id IS 'MASKED WITH FUNCTION account_id + 1';
});
$node->command_fails_like(
	[ 'pg_dump', '-U', 'dumper', '--exclude-table-data=anon.*', '-d', $node->connstr('postgres') ],
	qr/would break foreign key "payment_account_id_fkey"/,
	'a reference masked differently: the subset dump fails, naming the key');

done_testing();
