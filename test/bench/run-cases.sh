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
	section "$f" setup >"$work/setup.sql"
	section "$f" ours >"$work/ours.sql"
	section "$f" baseline >"$work/baseline.sql"
	psql -X -q -d bench -v ON_ERROR_STOP=1 -f "$work/setup.sql" >/dev/null
	best_o="" best_b=""
	for _ in $(seq 1 "${ANON_BENCH_RUNS:-3}"); do
		o=$(timed "$work/ours.sql")
		b=$(timed "$work/baseline.sql")
		best_o=$(awk -v a="$o" -v b="${best_o:-$o}" 'BEGIN { print (a < b ? a : b) }')
		best_b=$(awk -v a="$b" -v b="${best_b:-$b}" 'BEGIN { print (a < b ? a : b) }')
	done
	ratio=$(awk -v o="$best_o" -v b="$best_b" 'BEGIN { printf "%.3f", (b > 0 ? o / b : 0) }')
	printf '%-55s %12s %12s %8s %8s\n' "$c: ${name:0:40}" "$best_o" "$best_b" "$ratio" "${target:--}"
done
