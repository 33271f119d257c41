# test/t/002_upgrade.pl: anon 1.0 upgraded to the current version has the
# catalog of a fresh install, and masking policies and keys survive both
# ALTER EXTENSION UPDATE and pg_upgrade.
#
# The comparison covers every object that belongs to the extension, with
# the properties that decide behaviour and security: a function's arguments,
# result, volatility, strictness, parallel safety, security definer,
# settings, leakproofness, ACL and comment; an aggregate's support functions
# and state; a relation's kind, columns, ACL, options and view definition;
# a type's kind; the security labels the extension puts on its own objects
# (RESTRICTED functions); the tables registered with
# pg_extension_config_dump.  A difference is printed object by object.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use File::Copy ();

# One line per extension object and property; identical for identical
# catalogs whatever the OIDs.
my $fingerprint = q{
WITH ext AS (SELECT oid FROM pg_extension WHERE extname = 'anon'),
members AS (
	SELECT d.classid, d.objid
	FROM pg_depend d, ext
	WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid
	  AND d.deptype = 'e'
)
SELECT line FROM (
	SELECT 'function ' || p.oid::regprocedure
		|| ' returns ' || pg_catalog.format_type(p.prorettype, NULL)
		|| CASE WHEN p.proretset THEN ' setof' ELSE '' END
		|| ' kind=' || p.prokind::text || ' vol=' || p.provolatile::text
		|| ' par=' || p.proparallel::text || ' strict=' || p.proisstrict
		|| ' secdef=' || p.prosecdef || ' leakproof=' || p.proleakproof
		|| ' lang=' || l.lanname
		|| ' args=' || coalesce(pg_catalog.pg_get_function_arguments(p.oid), '')
		|| ' config=' || coalesce(p.proconfig::text, '')
		|| ' acl=' || coalesce(p.proacl::text, '')
		|| ' src=' || CASE WHEN l.lanname = 'c' THEN p.prosrc
						   ELSE md5(p.prosrc) END
		|| ' comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '')
		AS line
	FROM members m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
	JOIN pg_language l ON l.oid = p.prolang
  UNION ALL
	SELECT 'aggregate ' || a.aggfnoid::regprocedure
		|| ' trans=' || a.aggtransfn::regproc || ' final=' || a.aggfinalfn::regproc
		|| ' combine=' || a.aggcombinefn::regproc
		|| ' serial=' || a.aggserialfn::regproc || ' deserial=' || a.aggdeserialfn::regproc
		|| ' stype=' || format_type(a.aggtranstype, NULL)
		|| ' finalextra=' || a.aggfinalextra || ' finalmodify=' || a.aggfinalmodify::text
		|| ' init=' || coalesce(a.agginitval, '<null>')
	FROM members m JOIN pg_aggregate a ON m.classid = 'pg_proc'::regclass
		AND a.aggfnoid = m.objid
  UNION ALL
	SELECT 'relation ' || c.oid::regclass || ' kind=' || c.relkind::text
		|| ' persistence=' || c.relpersistence::text
		|| ' acl=' || coalesce(c.relacl::text, '')
		|| ' options=' || coalesce(c.reloptions::text, '')
		|| ' rls=' || c.relrowsecurity
		|| ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '')
		|| CASE WHEN c.relkind IN ('v', 'm')
				THEN ' def=' || md5(pg_get_viewdef(c.oid)) ELSE '' END
	FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
  UNION ALL
	SELECT 'column ' || c.oid::regclass || '.' || quote_ident(a.attname)
		|| ' ' || format_type(a.atttypid, a.atttypmod)
		|| ' notnull=' || a.attnotnull
		|| ' default=' || coalesce(pg_get_expr(ad.adbin, ad.adrelid), '')
		|| ' generated=' || a.attgenerated::text || ' identity=' || a.attidentity::text
		|| ' acl=' || coalesce(a.attacl::text, '')
	FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
	JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
  UNION ALL
	SELECT 'constraint ' || con.conrelid::regclass || ' ' || pg_get_constraintdef(con.oid)
	FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
	JOIN pg_constraint con ON con.conrelid = c.oid
  UNION ALL
	SELECT 'index ' || i.indrelid::regclass || ' ' || regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX \S+', 'CREATE \1INDEX')
	FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
	JOIN pg_index i ON i.indrelid = c.oid
  UNION ALL
	SELECT 'trigger ' || t.tgrelid::regclass || ' ' || pg_get_triggerdef(t.oid)
	FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
	JOIN pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal
  UNION ALL
	SELECT 'type ' || format_type(t.oid, NULL) || ' kind=' || t.typtype::text
		|| ' input=' || t.typinput::regproc || ' output=' || t.typoutput::regproc
	FROM members m JOIN pg_type t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid
  UNION ALL
	SELECT 'cast ' || format_type(ca.castsource, NULL) || ' -> '
		|| format_type(ca.casttarget, NULL) || ' via ' || ca.castfunc::regprocedure
		|| ' context=' || ca.castcontext::text
	FROM members m JOIN pg_cast ca ON m.classid = 'pg_cast'::regclass AND ca.oid = m.objid
  UNION ALL
	SELECT 'operator ' || o.oid::regoperator || ' fn=' || o.oprcode::regproc
	FROM members m JOIN pg_operator o ON m.classid = 'pg_operator'::regclass AND o.oid = m.objid
  UNION ALL
	SELECT 'event trigger ' || et.evtname || ' on ' || et.evtevent
		|| ' fn=' || et.evtfoid::regproc || ' tags=' || coalesce(et.evttags::text, '')
		|| ' enabled=' || et.evtenabled::text
	FROM members m JOIN pg_event_trigger et ON m.classid = 'pg_event_trigger'::regclass
		AND et.oid = m.objid
  UNION ALL
	SELECT 'other ' || pg_describe_object(m.classid, m.objid, 0)
	FROM members m
	WHERE m.classid NOT IN ('pg_proc'::regclass, 'pg_class'::regclass,
		'pg_type'::regclass, 'pg_cast'::regclass, 'pg_operator'::regclass,
		'pg_event_trigger'::regclass)
  UNION ALL
	SELECT 'label ' || s.provider || ' ' || s.objtype || ' ' || s.objname
		|| ' = ' || s.label
	FROM pg_seclabels s
	WHERE s.objnamespace = 'anon'::regnamespace
  UNION ALL
	SELECT 'config dump ' || cfg::regclass || ' ' || coalesce(cond, '')
	FROM pg_extension e,
		unnest(e.extconfig, e.extcondition) AS u(cfg, cond)
	WHERE e.extname = 'anon'
  UNION ALL
	SELECT 'schema acl ' || coalesce(n.nspacl::text, '')
	FROM pg_namespace n WHERE n.nspname = 'anon'
) s ORDER BY line COLLATE "C"
};

my $node = PostgreSQL::Test::Cluster->new('upgrade');
$node->init;
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
$node->start;

my $current = $node->safe_psql('postgres',
	q{SELECT default_version FROM pg_available_extensions WHERE name = 'anon'});
isnt($current, '1.0', "the current version ($current) is not the frozen 1.0");

$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('postgres', 'CREATE DATABASE upgraded');
$node->safe_psql('fresh', 'CREATE EXTENSION anon');
$node->safe_psql('upgraded', q{CREATE EXTENSION anon VERSION '1.0'});
is($node->safe_psql('upgraded',
		q{SELECT extversion FROM pg_extension WHERE extname = 'anon'}),
	'1.0', 'the frozen 1.0 script installs with the current library');

# Policies and keys written under 1.0 must keep working after the update.
$node->safe_psql('upgraded', q{
	CREATE TABLE people (id int PRIMARY KEY, email text, salary int);
	INSERT INTO people SELECT g, 'user' || g || '@example.com', 1000 * g
	FROM generate_series(1, 20) g;
	SECURITY LABEL FOR anon ON COLUMN people.email
		IS 'MASKED WITH FUNCTION anon.partial_email(email)';
	SECURITY LABEL FOR anon ON COLUMN people.salary IS 'MASKED WITH VALUE 0';
	CREATE ROLE regress_upg_masked LOGIN;
	GRANT SELECT ON people TO regress_upg_masked;
	SECURITY LABEL FOR anon ON ROLE regress_upg_masked IS 'MASKED';
});

$node->safe_psql('upgraded', 'ALTER EXTENSION anon UPDATE');
is($node->safe_psql('upgraded',
		q{SELECT extversion FROM pg_extension WHERE extname = 'anon'}),
	$current, "ALTER EXTENSION anon UPDATE reaches $current");

my $fresh = $node->safe_psql('fresh', $fingerprint);
my $upgraded = $node->safe_psql('upgraded', $fingerprint);
cmp_ok(length($fresh), '>', 10000, 'the fingerprint covers the catalog');
my %f = map { $_ => 1 } split /\n/, $fresh;
my %u = map { $_ => 1 } split /\n/, $upgraded;
my @only_fresh = grep { !$u{$_} } sort keys %f;
my @only_upgraded = grep { !$f{$_} } sort keys %u;
diag("only in a fresh install: $_") for @only_fresh;
diag("only after the upgrade:  $_") for @only_upgraded;
is(scalar(@only_fresh) + scalar(@only_upgraded), 0,
	'1.0 upgraded and a fresh install have the same catalog');

# Positive control: the fingerprint sees a change of volatility.
$node->safe_psql('upgraded',
	q{ALTER FUNCTION anon.random_int_between(int, int) IMMUTABLE});
isnt($node->safe_psql('upgraded', $fingerprint), $fresh,
	'the comparison catches a changed mark (positive control)');
$node->safe_psql('upgraded',
	q{ALTER FUNCTION anon.random_int_between(int, int) VOLATILE});

my $masked_read = q{SELECT string_agg(email || ':' || salary, ',' ORDER BY id) FROM people};
my $before_pg_upgrade = $node->safe_psql('upgraded', $masked_read,
	extra_params => [ '-U', 'regress_upg_masked' ]);
unlike($before_pg_upgrade, qr/user\d+\@example\.com/,
	'policies written under 1.0 still mask after the update');
like($node->safe_psql('upgraded', $masked_read), qr/user7\@example\.com:7000/,
	'an unmasked role still reads raw values (positive control)');

# pg_upgrade: a cluster with policies and keys moves to a new data
# directory; masking and keyed pseudonyms stay as they were.
$node->safe_psql('upgraded', q{
	SELECT anon.create_key('default');
	CREATE TABLE codes (id int PRIMARY KEY, code text);
	INSERT INTO codes SELECT g, 'CODE-' || g FROM generate_series(1, 5) g;
	SECURITY LABEL FOR anon ON COLUMN codes.code
		IS 'MASKED WITH FUNCTION anon.hash(code)';
	GRANT SELECT ON codes TO regress_upg_masked;
});
my $codes = q{SELECT string_agg(code, ',' ORDER BY id) FROM codes};
my $hashed_before = $node->safe_psql('upgraded', $codes,
	extra_params => [ '-U', 'regress_upg_masked' ]);
unlike($hashed_before, qr/CODE-/, 'keyed rule masks before pg_upgrade');
$node->stop;

my $new = PostgreSQL::Test::Cluster->new('upgraded_cluster');
$new->init;
$new->append_conf('postgresql.conf', "shared_preload_libraries = 'anon'");
my $bindir = $node->config_data('--bindir');
my $newdir = $new->basedir;
command_ok(
	[
		'pg_upgrade', '--no-sync',
		'-d', $node->data_dir, '-D', $new->data_dir,
		'-b', $bindir, '-B', $bindir,
		'-s', $new->host, '-p', $node->port, '-P', $new->port
	],
	'pg_upgrade of a cluster with anon policies and keys');
# the keys are encrypted under the key-encryption key file of the data
# directory, which pg_upgrade does not copy: the DBA copies it (keys.c)
File::Copy::copy($node->data_dir . '/anon_kek', $new->data_dir . '/anon_kek')
	or die "could not copy anon_kek: $!";
chmod 0600, $new->data_dir . '/anon_kek';
$new->start;
is($new->safe_psql('upgraded', $masked_read,
		extra_params => [ '-U', 'regress_upg_masked' ]),
	$before_pg_upgrade, 'masking holds after pg_upgrade');
is($new->safe_psql('upgraded', $codes,
		extra_params => [ '-U', 'regress_upg_masked' ]),
	$hashed_before, 'keyed pseudonyms are the same after pg_upgrade');
like($new->safe_psql('upgraded', $masked_read), qr/user7\@example\.com:7000/,
	'an unmasked role reads raw values after pg_upgrade (positive control)');
$new->stop;

done_testing();
