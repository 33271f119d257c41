#!/usr/bin/env bash
# test/bench/run-cases.sh WORKDIR [CASE...]: the unprivileged half of run.sh.
#
# A case file holds marker lines that split it into sections:
#   -- name: <what is measured>      -- target: <ratio at most>
#   -- setup:     SQL run once, untimed
#   -- ours:      SQL timed (the sum of psql's \timing of its statements)
#   -- baseline:  SQL timed the same way
#   -- before:    SQL run untimed before each timed side (e.g. VACUUM, or
#                 rebuilding a table that the timed side rewrites)
# A case with "-- pgbench: <options>" runs its ours and baseline sections as
# pgbench scripts instead (options such as "-M prepared -T 5 -U role"; the
# baseline may override them with "-- pgbench-baseline: <options>"), and its
# time is the mean latency, 1/TPS: the ratio is baseline TPS / our TPS.
# ANON_BENCH_PGBENCH_T=S runs each pgbench side for S seconds instead of the
# case's -T: shorter sides and more repetitions (ANON_BENCH_RUNS) follow a
# load that changes from second to second more closely.
#
# Honesty rules: the two sides run interleaved (ours, baseline, baseline,
# ours, ...: ANON_BENCH_RUNS repetitions, default 5, the side that runs
# first alternating so that neither gains from the other's warm caches),
# each repetition
# gives one ratio, and the runner prints the min / median / max of those
# ratios (never minima taken from different repetitions).  Both sides must
# return the same number of rows ("rows" column: ok, or DIFF with both
# counts): a case whose sides do different work is flagged.  Lines of a
# side's output that start with "PEAK" (e.g. a backend's VmHWM) are shown.
#
# Wall-clock time on a shared machine measures the load as much as the
# code, so each repetition also measures the CPU time the side's backends
# used (the postmaster's cutime + cstime, which count its children once
# they exit: the side's backend and any parallel workers; autovacuum is
# off, and nothing else exits meanwhile), per pgbench transaction for a
# pgbench case.  The "cpu" columns are the min / median / max of the
# per-repetition ratios of CPU time, ours / baseline: less sensitive to
# other engineers' load than wall-clock time, at a resolution of one clock
# tick (10 ms), so meaningful for sides that run for a second or more.
set -euo pipefail
work=$1
shift
src=$work/src
. "$src/scripts/cluster.sh"
ANON_EXTRA_CONF="shared_buffers = '1GB'
work_mem = '64MB'
maintenance_work_mem = '512MB'
max_wal_size = '4GB'
synchronous_commit = off
autovacuum = off" anon_cluster_start "$work"
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
		/^-- (setup|before|ours|baseline):/ { cur = $2; sub(":", "", cur); next }
		cur == want { print }' "$1"
}

# timed SQLFILE OUT: milliseconds taken by its statements; OUT gets the
# output, and OUT.rows the number of rows its statements returned
timed() {
	psql -X -d bench -v ON_ERROR_STOP=1 -c '\timing on' -f "$1" >"$2" 2>&1 || {
		echo "case failed, see $2" >&2
		cat "$2" >&2
		return 1
	}
	awk '/^\([0-9]+ rows?\)$/ { gsub(/[()]/, ""); n += $1 } END { print n + 0 }' "$2" >"$2.rows"
	awk '/^Time: / { t += $2 } END { printf "%.3f", t }' "$2"
}

# pgbenched SCRIPT OPTIONS OUT: mean latency in ms (1000 / tps)
pgbenched() {
	# shellcheck disable=SC2086
	pgbench -n -f "$1" $2 bench >"$3" 2>&1 || {
		echo "pgbench failed, see $3" >&2
		cat "$3" >&2
		return 1
	}
	awk '/number of transactions actually processed/ { split($0, a, ": "); split(a[2], b, "/"); print b[1] }' "$3" >"$3.rows"
	awk '/^tps = / { printf "%.6f", 1000 / $3 }' "$3"
}

before() {
	psql -X -q -d bench -v ON_ERROR_STOP=1 -f "$work/before.sql" >/dev/null
}

# CPU time (clock ticks) used by the postmaster's exited children so far
pm_pid() { head -1 "$PGDATA/postmaster.pid"; }
pm_cpu() { awk '{ print $16 + $17 }' "/proc/$(pm_pid)/stat"; }
# wait (5 s at most) until the postmaster has reaped every backend (only
# its idle_kids auxiliary processes left), so that the CPU time of the
# "before" section or of the previous side is not counted in the next
pm_settle() {
	local i
	for i in $(seq 1 100); do
		[ "$(pgrep -c -P "$(pm_pid)")" -le "$1" ] && return 0
		sleep 0.05
	done
}

sleep 1
idle_kids=$(pgrep -c -P "$(pm_pid)" || true)

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
	for f in "$src"/test/bench/cases/*.sql; do cases+=("$(basename "$f" .sql)"); done
fi
runs=${ANON_BENCH_RUNS:-5}

printf '%-50s %10s %10s %7s %7s %7s %7s %5s  %s\n' case ours_ms base_ms min median max target rows 'cpu: min median max'
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
	pgb=$(sed -n 's/^-- pgbench: //p' "$f")
	pgb_base=$(sed -n 's/^-- pgbench-baseline: //p' "$f")
	[ -n "$pgb_base" ] || pgb_base=$pgb
	section "$f" setup >"$work/setup.sql"
	section "$f" ours >"$work/ours.sql"
	section "$f" baseline >"$work/baseline.sql"
	section "$f" before >"$work/before.sql"
	PGOPTIONS='-c client_min_messages=warning' psql -X -q -d bench -v ON_ERROR_STOP=1 -f "$work/setup.sql" >/dev/null
	ratios=() cratios=() os=() bs=() rows=ok
	for rep in $(seq 1 "$runs"); do
		# ours first in odd repetitions, the baseline first in even ones
		for side in $( [ $((rep % 2)) -eq 1 ] && echo "ours baseline" || echo "baseline ours"); do
			before
			pm_settle "$idle_kids"
			c0=$(pm_cpu)
			if [ -n "$pgb" ]; then
				opts=$pgb
				[ "$side" = ours ] || opts=$pgb_base
				if [ -n "${ANON_BENCH_PGBENCH_T:-}" ]; then
					opts=$(echo "$opts" | sed -E "s/-T +[0-9]+/-T $ANON_BENCH_PGBENCH_T/")
				fi
				t=$(pgbenched "$work/$side.sql" "$opts" "$work/$side.out")
			else
				t=$(timed "$work/$side.sql" "$work/$side.out")
			fi
			pm_settle "$idle_kids"
			cpu=$(( $(pm_cpu) - c0 ))
			if [ -n "$pgb" ]; then
				# per transaction
				cpu=$(awk -v c="$cpu" -v n="$(cat "$work/$side.out.rows")" 'BEGIN { printf "%.9f", (n > 0 ? c / n : 0) }')
			fi
			if [ "$side" = ours ]; then o=$t co=$cpu; else b=$t cb=$cpu; fi
		done
		if [ -z "$pgb" ]; then
			ro=$(cat "$work/ours.out.rows") rb=$(cat "$work/baseline.out.rows")
			[ "$ro" = "$rb" ] || rows="DIFF($ro/$rb)"
		fi
		os+=("$o") bs+=("$b")
		ratios+=("$(awk -v o="$o" -v b="$b" 'BEGIN { printf "%.4f", (b > 0 ? o / b : 0) }')")
		cratios+=("$(awk -v o="$co" -v b="$cb" 'BEGIN { printf "%.4f", (b > 0 ? o / b : 0) }')")
	done
	stats=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '
		{ v[NR] = $1 }
		END { m = (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2);
			  printf "%7.3f %7.3f %7.3f", v[1], m, v[NR] }')
	cstats=$(printf '%s\n' "${cratios[@]}" | sort -g | awk '
		{ v[NR] = $1 }
		END { m = (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2);
			  printf "%5.2f %5.2f %5.2f", v[1], m, v[NR] }')
	med_o=$(printf '%s\n' "${os[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	med_b=$(printf '%s\n' "${bs[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	# a Citus case runs on the Citus cluster, whose CPU is not measured
	grep -q '^-- requires: citus' "$f" && cstats="    -     -     -"
	printf '%-50s %10.2f %10.2f %s %7s %5s  %s\n' "$c: ${name:0:44}" "$med_o" "$med_b" "$stats" "${target:--}" "$rows" "$cstats"
	echo "    load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
	grep -h '^ *PEAK' "$work/ours.out" | sed 's/^ */    ours: /' || true
	grep -h '^ *PEAK' "$work/baseline.out" | sed 's/^ */    baseline: /' || true
done
