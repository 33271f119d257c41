#!/usr/bin/env bash
# test/bench/run-cases.sh WORKDIR [CASE...]: the unprivileged half of run.sh.
#
# A case file holds marker lines that split it into sections:
#   -- name: <what is measured>      -- target: <ratio at most>
#   -- setup:     SQL run once, untimed
#   -- ours:      SQL timed (the sum of psql's \timing of its statements)
#   -- baseline:  SQL timed the same way
set -euo pipefail
work=$1
shift
src=$work/src
. "$src/scripts/cluster.sh"
ANON_EXTRA_CONF="shared_buffers = '1GB'
work_mem = '64MB'
maintenance_work_mem = '512MB'
max_wal_size = '4GB'
synchronous_commit = off" anon_cluster_start "$work"
trap anon_cluster_stop EXIT
createdb bench
psql -X -q -d bench -c 'CREATE EXTENSION anon'
main_host=$PGHOST
main_port=$PGPORT

# Cases marked "-- requires: citus" run on a Citus cluster of their own,
# started on first use: a coordinator and two workers, Citus and anon
# preloaded on each, database bench.
citus_host=""
citus_port=""
citus_nodes=""
citus_start() {
	[ -n "$citus_port" ] && return 0
	local d=$work/citus n p ports=""
	mkdir -p "$d"
	citus_host=$d
	for n in coordinator worker1 worker2; do
		initdb -D "$d/$n" -A trust -E UTF8 --locale=C.UTF-8 >"$d/$n.initdb.log" 2>&1
		p=$(anon_pick_port)
		while [[ " $ports $PGPORT " == *" $p "* ]]; do p=$(anon_pick_port); done
		ports="$ports $p"
		cat >>"$d/$n/postgresql.conf" <<CONF
shared_preload_libraries = 'citus,anon'
listen_addresses = ''
unix_socket_directories = '$d'
port = $p
fsync = off
wal_level = logical
max_prepared_transactions = 20
shared_buffers = '256MB'
work_mem = '64MB'
maintenance_work_mem = '256MB'
max_wal_size = '4GB'
synchronous_commit = off
citus.shard_count = 8
CONF
		pg_ctl -D "$d/$n" -l "$d/$n.log" -w start >/dev/null
		citus_nodes="$citus_nodes $d/$n"
		psql -X -q -h "$d" -p "$p" -d postgres -c 'CREATE DATABASE bench'
		psql -X -q -h "$d" -p "$p" -d bench -c 'CREATE EXTENSION citus' -c 'CREATE EXTENSION anon'
		[ -z "$citus_port" ] && citus_port=$p
	done
	for p in $ports; do
		if [ "$p" = "$citus_port" ]; then
			psql -X -q -h "$d" -p "$citus_port" -d bench -c "SELECT citus_set_coordinator_host('$d', $p)" >/dev/null
		else
			psql -X -q -h "$d" -p "$citus_port" -d bench -c "SELECT citus_add_node('$d', $p)" >/dev/null
		fi
	done
}
citus_stop() {
	local n
	for n in $citus_nodes; do
		pg_ctl -D "$n" -m fast -w stop >/dev/null 2>&1 || true
	done
}
trap 'citus_stop; anon_cluster_stop' EXIT
has_citus() {
	[ -f "$("$PG_CONFIG" --pkglibdir)/citus.so" ] &&
		[ -f "$("$PG_CONFIG" --sharedir)/extension/citus.control" ]
}

section() {	# section FILE NAME: the lines of one section
	awk -v want="$2" '
		/^-- (setup|ours|baseline):/ { cur = $2; sub(":", "", cur); next }
		cur == want { print }' "$1"
}

timed() {	# timed SQLFILE: milliseconds taken by its statements
	psql -X -d bench -v ON_ERROR_STOP=1 -c '\timing on' -f "$1" 2>&1 |
		tee "$work/last.out" |
		awk '/^Time: / { t += $2 } END { printf "%.1f", t }'
}

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
	for f in "$src"/test/bench/cases/*.sql; do cases+=("$(basename "$f" .sql)"); done
fi

printf '%-55s %12s %12s %8s %8s\n' case ours_ms baseline_ms ratio target
for c in "${cases[@]}"; do
	f=$src/test/bench/cases/$c.sql
	name=$(sed -n 's/^-- name: //p' "$f")
	target=$(sed -n 's/^-- target: //p' "$f")
	if grep -q '^-- requires: citus' "$f"; then
		if ! has_citus; then
			printf '%-55s %s\n' "$c: ${name:0:40}" "skipped: citus is not installed"
			continue
		fi
		citus_start
		export PGHOST=$citus_host PGPORT=$citus_port
	else
		export PGHOST=$main_host PGPORT=$main_port
	fi
	section "$f" setup >"$work/setup.sql"
	section "$f" ours >"$work/ours.sql"
	section "$f" baseline >"$work/baseline.sql"
	psql -X -q -d bench -v ON_ERROR_STOP=1 -f "$work/setup.sql" >/dev/null
	best_o="" best_b=""
	for _ in $(seq 1 "${ANON_BENCH_RUNS:-3}"); do
		o=$(timed "$work/ours.sql") || { echo "$c: ours failed:"; grep -m3 ERROR "$work/last.out"; continue 2; }
		b=$(timed "$work/baseline.sql") || { echo "$c: baseline failed:"; grep -m3 ERROR "$work/last.out"; continue 2; }
		best_o=$(awk -v a="$o" -v b="${best_o:-$o}" 'BEGIN { print (a < b ? a : b) }')
		best_b=$(awk -v a="$b" -v b="${best_b:-$b}" 'BEGIN { print (a < b ? a : b) }')
	done
	ratio=$(awk -v o="$best_o" -v b="$best_b" 'BEGIN { printf "%.3f", (b > 0 ? o / b : 0) }')
	printf '%-55s %12s %12s %8s %8s\n' "$c: ${name:0:40}" "$best_o" "$best_b" "$ratio" "${target:--}"
done
