# test/t/021_fail_closed.pl: with anon taken out of shared_preload_libraries
# and the server restarted, masked and DIFFERENTIAL PRIVACY roles (and the
# members of such roles) get errors, never data (issue 15, class 8).
#
# Positive controls: with the preload the same reads give masked values
# (and a DP aggregate); after the restart an unmasked role reads the raw
# values, so the data is there and the preload is really gone.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('fail_closed');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;

# Raw values carry the marker RAW_, which no masked value holds.
$node->safe_psql('postgres', q{
	CREATE EXTENSION anon;
	CREATE ROLE masked LOGIN;
	CREATE ROLE analyst LOGIN;
	CREATE ROLE plain LOGIN;
	CREATE ROLE masked_group NOLOGIN;
	CREATE ROLE via_group LOGIN NOINHERIT;
	CREATE ROLE late_member LOGIN NOINHERIT;
	SECURITY LABEL FOR anon ON ROLE masked IS 'MASKED';
	SECURITY LABEL FOR anon ON ROLE analyst IS 'DIFFERENTIAL PRIVACY';
	SECURITY LABEL FOR anon ON ROLE masked_group IS 'MASKED';
	GRANT masked_group TO via_group;
	CREATE TABLE people (id int PRIMARY KEY, email text, salary int);
	INSERT INTO people SELECT i, 'RAW_' || i || '@example.com', 1000 * i
		FROM generate_series(1, 50) i;
	SECURITY LABEL FOR anon ON COLUMN people.email IS 'MASKED WITH VALUE ''hidden''';
	SECURITY LABEL FOR anon ON COLUMN people.salary IS 'MASKED WITH VALUE 0';
	GRANT SELECT ON people TO masked, analyst, plain, masked_group;
	SELECT anon.set_budget('analyst', 100, 0);
	-- made a member after its group was labelled
	GRANT masked_group TO late_member;
});

# every labelled role and every member carries the setting; others do not
my $settings = $node->safe_psql('postgres', q{
	SELECT string_agg(r.rolname || ':' || coalesce(array_to_string(s.setconfig, ','), '-'), ' ' ORDER BY r.rolname)
	FROM pg_roles r LEFT JOIN pg_db_role_setting s ON s.setrole = r.oid AND s.setdatabase = 0
	WHERE r.rolname IN ('masked', 'analyst', 'plain', 'masked_group', 'via_group', 'late_member')});
is($settings,
	'analyst:session_preload_libraries=anon late_member:session_preload_libraries=anon '
	  . 'masked:session_preload_libraries=anon masked_group:session_preload_libraries=anon '
	  . 'plain:- via_group:session_preload_libraries=anon',
	'labelled roles and their members load anon at login');

# a role's own libraries are kept, and the setting goes with the label
$node->safe_psql('postgres', q{
	CREATE ROLE temp_masked LOGIN;
	ALTER ROLE temp_masked SET session_preload_libraries = 'auto_explain';
	SECURITY LABEL FOR anon ON ROLE temp_masked IS 'MASKED';
});
is($node->safe_psql('postgres',
	q{SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting WHERE setrole = 'temp_masked'::regrole}),
	'session_preload_libraries=auto_explain, anon', 'labelling appends anon');
$node->safe_psql('postgres', q{SECURITY LABEL FOR anon ON ROLE temp_masked IS NULL});
is($node->safe_psql('postgres',
	q{SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting WHERE setrole = 'temp_masked'::regrole}),
	'session_preload_libraries=auto_explain', 'unlabelling removes anon only');

# a labelled role does not lose the setting while it is labelled
$node->safe_psql('postgres', q{ALTER ROLE masked RESET ALL});
is($node->safe_psql('postgres',
	q{SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting WHERE setrole = 'masked'::regrole}),
	'session_preload_libraries=anon', 'ALTER ROLE ... RESET ALL keeps it while labelled');

# roles labelled before 1.1 (simulated: setting removed by hand) get it from
# the upgrade script
$node->safe_psql('postgres', q{
	ALTER ROLE masked RESET session_preload_libraries;
	DROP EXTENSION anon;
	CREATE EXTENSION anon VERSION '1.0';
	ALTER EXTENSION anon UPDATE TO '1.1';
	GRANT SELECT ON people TO masked;
	SELECT anon.set_budget('analyst', 100, 0);
});
is($node->safe_psql('postgres',
	q{SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting WHERE setrole = 'masked'::regrole}),
	'session_preload_libraries=anon', 'the upgrade gives the setting to roles labelled before');

# with the preload: masked values, a DP answer, raw values for plain
sub read_as
{
	my ($role, $sql) = @_;
	my ($ret, $out, $err) = $node->psql('postgres', $sql,
		extra_params => [ '-U', $role ]);
	return ($ret, $out, $err);
}

my ($ret, $out, $err) = read_as('masked', 'SELECT email, salary FROM people WHERE id = 7');
is($out, 'hidden|0', 'preloaded: the masked role reads masked values');
($ret, $out, $err) = read_as('via_group', 'SET ROLE masked_group; SELECT email FROM people WHERE id = 7');
is($out, 'hidden', 'preloaded: a member reads masked values through SET ROLE');
($ret, $out, $err) = read_as('analyst', 'SELECT c > 0 FROM (SELECT anon.anon_count(1.0) AS c FROM people) s');
is($ret, 0, 'preloaded: the DP role runs a DP aggregate');
($ret, $out, $err) = read_as('analyst', 'SELECT email FROM people WHERE id = 7');
isnt($ret, 0, 'preloaded: the DP role cannot read rows');
($ret, $out, $err) = read_as('plain', 'SELECT email FROM people WHERE id = 7');
is($out, 'RAW_7@example.com', 'preloaded: an unmasked role reads raw values');

# restart without the preload
$node->adjust_conf('postgresql.conf', 'shared_preload_libraries', "''");
$node->restart;
is($node->safe_psql('postgres', 'SHOW shared_preload_libraries'), '',
	'anon is no longer preloaded');

($ret, $out, $err) = read_as('plain', 'SELECT email FROM people WHERE id = 7');
is($out, 'RAW_7@example.com', 'not preloaded: an unmasked role reads raw values (positive control)');

for my $probe (
	[ 'masked', 'SELECT email, salary FROM people WHERE id = 7' ],
	[ 'masked', 'COPY people TO STDOUT' ],
	[ 'analyst', 'SELECT email FROM people WHERE id = 7' ],
	[ 'analyst', 'SELECT sum(salary) FROM people' ],
	[ 'via_group', 'SET ROLE masked_group; SELECT email FROM people WHERE id = 7' ],
	[ 'late_member', 'SET ROLE masked_group; SELECT email FROM people WHERE id = 7' ])
{
	my ($role, $sql) = @$probe;
	($ret, $out, $err) = read_as($role, $sql);
	isnt($ret, 0, "not preloaded: $role gets an error for: $sql");
	unlike($out, qr/RAW_|\d{4,}/, "not preloaded: $role reads no data");
	like($err, qr/anon must be loaded by shared_preload_libraries/,
		"not preloaded: $role is refused at login, with the reason");
}
like($err, qr/HINT:\s+Add 'anon' to shared_preload_libraries/, 'the refusal has a hint');

# a role cannot take the setting off at connection time
($ret, $out, $err) = $node->psql('postgres', 'SELECT email FROM people WHERE id = 7',
	extra_params => [ '-U', 'masked' ],
	connstr => $node->connstr('postgres') . ' options=-csession_preload_libraries=');
isnt($ret, 0, 'not preloaded: PGOPTIONS cannot lift the setting');
unlike($out, qr/RAW_/, 'not preloaded: no raw value through PGOPTIONS');

# a superuser's preview after loading anon in the session is refused
($ret, $out, $err) = $node->psql('postgres',
	q{LOAD 'anon'; SET ROLE masked; SELECT email FROM people WHERE id = 7});
isnt($ret, 0, 'not preloaded: SET ROLE to a masked role after LOAD is refused');
unlike($out, qr/RAW_/, 'not preloaded: no raw value through the preview');
like($err, qr/cannot run queries while anon is not preloaded/, 'the preview says why');
($ret, $out, $err) = $node->psql('postgres',
	q{LOAD 'anon'; SET ROLE plain; SELECT email FROM people WHERE id = 7});
is($out, 'RAW_7@example.com', 'not preloaded: SET ROLE to an unmasked role still reads (control)');

# back with the preload, everything works again
$node->adjust_conf('postgresql.conf', 'shared_preload_libraries', "'anon'");
$node->restart;
($ret, $out, $err) = read_as('masked', 'SELECT email FROM people WHERE id = 7');
is($out, 'hidden', 'preloaded again: the masked role logs in and reads masked values');

$node->stop;
done_testing();
