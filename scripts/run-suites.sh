#!/usr/bin/env bash
# scripts/run-suites.sh WORKDIR: the unprivileged half of scripts/test.sh.
# Runs pg_regress and isolation suites against one throwaway cluster with
# anon preloaded, then each TAP test (which makes its own clusters), and
# prints "N passed, N failed".
set -uo pipefail
work=$1
src=$work/src
. "$src/scripts/cluster.sh"

pgxs=$(dirname "$("$PG_CONFIG" --pgxs)")/../..
bindir=$("$PG_CONFIG" --bindir)
export PATH="$bindir:$PATH"
suites=${ANON_SUITES:-regress isolation tap}
passed=0
failed=0
failures=""
skipped=""

names() {	# names DIR EXT [FILTER]: sorted test names of DIR
	local dir=$1 ext=$2 filter=${3:-}
	if [ -n "$filter" ]; then
		echo "$filter"
	else
		ls "$dir" 2>/dev/null | grep "\.$ext\$" | sed "s/\.$ext\$//" | sort | tr '\n' ' '
	fi
}

# Count "ok" / "FAILED" lines of pg_regress and pg_isolation_regress.
count_regress() {	# count_regress OUTPUT_FILE LABEL
	local out=$1 label=$2 line name
	while IFS= read -r line; do
		case "$line" in
		*test\ *\.\.\.\ ok* | *\ \.\.\.\ ok\ *)
			passed=$((passed + 1)) ;;
		*\.\.\.\ FAILED* | *\.\.\.\ failed*)
			failed=$((failed + 1))
			name=$(echo "$line" | sed -E 's/^ *(test|permutation)? *([^ ]+).*/\2/')
			failures="$failures $label/$name" ;;
		# PostgreSQL 16 and later print TAP: "ok 3 - name" / "not ok 3 - name"
		ok\ [0-9]*\ *-\ *)
			passed=$((passed + 1)) ;;
		not\ ok\ [0-9]*\ *-\ *)
			failed=$((failed + 1))
			name=$(echo "$line" | sed -E 's/^not ok [0-9]+ +- +([^ ]+).*/\1/')
			failures="$failures $label/$name" ;;
		esac
	done <"$out"
}

anon_cluster_start "$work"
trap anon_cluster_stop EXIT

if [[ " $suites " == *" regress "* ]]; then
	tests=$(names "$src/sql" sql "${ANON_REGRESS:-}")
	if [ -n "${tests// /}" ]; then
		echo "== pg_regress: $tests"
		# shellcheck disable=SC2086
		"$pgxs/src/test/regress/pg_regress" --inputdir="$src" \
			--outputdir="$work/regress" --bindir="$bindir" \
			--host="$PGHOST" --port="$PGPORT" --dbname=contrib_regression \
			$tests >"$work/regress.out" 2>&1
		rc=$?
		cat "$work/regress.out"
		before=$failed
		count_regress "$work/regress.out" regress
		if [ "$rc" -ne 0 ] && [ "$failed" -eq "$before" ]; then
			failed=$((failed + 1)); failures="$failures regress/(pg_regress exit $rc)"
		fi
		if [ -f "$work/regress/regression.diffs" ]; then
			echo "== regression.diffs (first 300 lines)"
			head -300 "$work/regress/regression.diffs"
		fi
	fi
fi

if [[ " $suites " == *" isolation "* ]]; then
	specs=$(names "$src/test/isolation/specs" spec "${ANON_ISOLATION:-}")
	if [ -n "${specs// /}" ]; then
		echo "== isolation: $specs"
		# shellcheck disable=SC2086
		"$pgxs/src/test/isolation/pg_isolation_regress" \
			--inputdir="$src/test/isolation" --outputdir="$work/isolation" \
			--bindir="$bindir" --host="$PGHOST" --port="$PGPORT" \
			--dbname=isolation_regression $specs >"$work/isolation.out" 2>&1
		rc=$?
		cat "$work/isolation.out"
		before=$failed
		count_regress "$work/isolation.out" isolation
		if [ "$rc" -ne 0 ] && [ "$failed" -eq "$before" ]; then
			failed=$((failed + 1)); failures="$failures isolation/(exit $rc)"
		fi
		if [ -f "$work/isolation/regression.diffs" ]; then
			echo "== isolation regression.diffs (first 300 lines)"
			head -300 "$work/isolation/regression.diffs"
		fi
	fi
fi

anon_cluster_stop
trap - EXIT

if [[ " $suites " == *" tap "* ]]; then
	taps=$(names "$src/test/t" pl "${ANON_TAP:-}")
	mkdir -p "$work/tap"
	for t in $taps; do
		echo "== TAP: $t"
		mkdir -p "$work/tap/$t"
		# TESTDATADIR / TESTLOGDIR: where PostgreSQL 17's test modules put
		# their clusters and logs (older ones derive them from TESTDIR)
		if (cd "$work/tap" && TESTDIR="$work/tap/$t" ANON_SRC="$src" \
			TESTDATADIR="$work/tap/$t/tmp_check" TESTLOGDIR="$work/tap/$t/tmp_check/log" \
			PG_REGRESS="$pgxs/src/test/regress/pg_regress" \
			prove -I "$pgxs/src/test/perl" -I "$src/test/perl" "$src/test/t/$t.pl" \
			>"$work/tap/$t.out" 2>&1); then
			passed=$((passed + 1))
			tail -3 "$work/tap/$t.out"
			# a suite that skips itself (plan skip_all) says so plainly
			if reason=$(grep -o 'skipped: .*' "$work/tap/$t.out" | head -1) && [ -n "$reason" ]; then
				echo "== TAP: $t SKIPPED (${reason#skipped: })"
				skipped="$skipped tap/$t"
			fi
		else
			failed=$((failed + 1))
			failures="$failures tap/$t"
			cat "$work/tap/$t.out"
			for f in "$work/tap/$t"/tmp_check/log/*; do
				[ -f "$f" ] || continue
				echo "---- $f (last 60 lines)"
				tail -60 "$f"
			done
		fi
	done
fi

[ -n "$skipped" ] && echo "skipped:$skipped"
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
