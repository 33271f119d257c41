#!/usr/bin/env bash
# test/bench/instructions.sh: instructions per point lookup, which do not
# depend on the machine's load (valgrind's callgrind).
#
# Sets up like run.sh, creates the table, roles and rules of case 26 in a
# throwaway cluster, stops it, then runs single-user backends under
# callgrind: each runs the same primary-key lookup N times, as a plain
# role on the table, as the masked role on the table (dynamic masking),
# and as a plain role on a hand-written security_barrier view with the
# same expressions; each planned afresh (simple protocol) or EXECUTEd from
# a generic plan (prepared).  The figure is (total(N2) - total(N1)) /
# (N2 - N1): start-up costs cancel out.  Needs valgrind.
#   bash test/bench/instructions.sh            # N1=200, N2=1200
#   ANON_CG_KEEP=DIR keeps each run's callgrind file as DIR/WHO-MODE-N.out
#   (callgrind_annotate --inclusive=yes DIR/masked-simple-1200.out).
. "$(dirname "$0")/../../scripts/lib.sh"

command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
anon_setup
anon_build
work=$(anon_workdir)
trap 'rm -rf "$work"' EXIT
keep=${ANON_CG_KEEP:-}
if [ -n "$keep" ]; then mkdir -p "$keep" && keep=$(cd "$keep" && pwd) && chmod 777 "$keep"; fi
anon_unprivileged env N1="${N1:-200}" N2="${N2:-1200}" KEEP="$keep" bash -c '
set -euo pipefail
work=$1
src=$work/src
. "$src/scripts/cluster.sh"
anon_cluster_start "$work"
createdb bench
psql -X -q -d bench -c "CREATE EXTENSION anon"
awk "/^-- setup:/ { on = 1; next } /^-- ours:/ { on = 0 } on" \
	"$src/test/bench/cases/26_point_lookup_view_simple.sql" |
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -d bench -v ON_ERROR_STOP=1 >/dev/null
anon_cluster_stop
count() {	# count WHO MODE N: instructions of a single-user run of N lookups
	local who=$1 mode=$2 n=$3 role=bench_plain tbl=bench_oltp i
	[ "$who" = masked ] && role=bench_masked
	[ "$who" = view ] && tbl=bench_oltp_sb
	{
		echo "SET ROLE $role"
		if [ "$mode" = prepared ]; then
			echo "SET plan_cache_mode = force_generic_plan"
			echo "PREPARE p(int) AS SELECT * FROM $tbl WHERE id = \$1"
		fi
		for i in $(seq "$n"); do
			if [ "$mode" = prepared ]; then echo "EXECUTE p($(( (i * 7919) % 100000 + 1 )))"
			else echo "SELECT * FROM $tbl WHERE id = $(( (i * 7919) % 100000 + 1 ))"; fi
		done
	} >"$work/in.sql"
	valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
		postgres --single -D "$PGDATA" -c autovacuum=off bench <"$work/in.sql" >/dev/null 2>"$work/cg.err"
	[ -n "$KEEP" ] && cp "$work/cg.out" "$KEEP/$who-$mode-$n.out"
	callgrind_annotate "$work/cg.out" 2>/dev/null | awk "/PROGRAM TOTALS/ { gsub(\",\", \"\", \$1); print \$1 }"
}
printf "%-9s %10s %10s %10s %8s %8s\n" mode plain masked view masked/plain view/plain
for mode in simple prepared; do
	declare -A per=()
	for who in plain masked view; do
		a=$(count "$who" "$mode" "$N1")
		b=$(count "$who" "$mode" "$N2")
		per[$who]=$(( (b - a) / (N2 - N1) ))
	done
	printf "%-9s %10d %10d %10d %8.3f %8.3f\n" "$mode" "${per[plain]}" "${per[masked]}" "${per[view]}" \
		"$(awk -v a="${per[masked]}" -v b="${per[plain]}" "BEGIN { print a / b }")" \
		"$(awk -v a="${per[view]}" -v b="${per[plain]}" "BEGIN { print a / b }")"
done
' _ "$work"
