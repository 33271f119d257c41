#!/usr/bin/env bash
# scripts/test.sh: the README's test command.
#
# On a fresh Debian 12 machine (as root, or a user with sudo): installs what
# is missing, builds anon warning-free, installs it, and runs every suite
# (pg_regress, isolation, TAP) against throwaway clusters run by an
# unprivileged user.  Ends with one line "N passed, N failed" and exits
# non-zero on any failure.
#
# Which PostgreSQL:
#   PG_CONFIG=/path/to/pg_config      that one (default: Debian's 15)
#   ANON_PG="15 17 18" or ANON_PG=all  each of these majors in turn; 17 and
#       18 live in /opt/pgMAJOR and are built there first when missing, by
#       ../shared/postgres/build-postgres.sh (about 10 minutes each, once)
#
# Narrow a run while developing (names without extension, space-separated):
#   ANON_SUITES="regress isolation tap"  ANON_REGRESS="00_init 01_random"
#   ANON_ISOLATION="budget"  ANON_TAP="001_install"
. "$(dirname "$0")/lib.sh"

anon_setup

# Run every suite against the PostgreSQL of $PG_CONFIG; echo its summary.
anon_test_one() {
	anon_build
	local work status=0
	work=$(anon_workdir)
	anon_unprivileged bash "$ANON_TOP/scripts/run-suites.sh" "$work" || status=$?
	if [ "$status" -ne 0 ] && [ -n "${ANON_KEEP_WORK:-}" ]; then
		echo "work directory kept: $work" >&2
	else
		rm -rf "$work"
	fi
	return "$status"
}

versions=${ANON_PG:-}
[ "$versions" = all ] && versions="15 17 18"
if [ -z "$versions" ]; then
	anon_test_one
	exit $?
fi

status=0
summary=""
total_p=0
total_f=0
for v in $versions; do
	if [ "$v" = 15 ]; then
		PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
	else
		PG_CONFIG=/opt/pg$v/bin/pg_config
		if [ ! -x "$PG_CONFIG" ]; then
			builder="$ANON_TOP/../shared/postgres/build-postgres.sh"
			if [ ! -f "$builder" ]; then
				echo "PostgreSQL $v is not in /opt/pg$v and $builder is missing" >&2
				exit 1
			fi
			anon_log "building PostgreSQL $v into /opt/pg$v (once per machine)"
			anon_as_root bash "$builder" "$v"
		fi
	fi
	export PG_CONFIG
	anon_log "PostgreSQL $v: $("$PG_CONFIG" --version)"
	# objects built for one major must not be linked into another's library
	make -C "$ANON_TOP" -s PG_CONFIG="$PG_CONFIG" clean >/dev/null
	out=$(mktemp)
	# go on to the next major after a failure: the summary names them all
	set +e
	anon_test_one 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	set -e
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -1)
	rm -f "$out"
	p=0 f=0
	if [ -n "$line" ]; then
		p=${line%% passed*}
		f=${line#*passed, }
		f=${f%% failed*}
	fi
	# a run that stopped before its summary counts as a failure
	if [ "$rc" -ne 0 ]; then
		status=1
		[ "$f" -eq 0 ] && f=1
	fi
	total_p=$((total_p + p))
	total_f=$((total_f + f))
	summary="$summary
  PostgreSQL $v: $p passed, $f failed"
done
make -C "$ANON_TOP" -s clean >/dev/null 2>&1 || true
echo "== by version:$summary"
echo "$total_p passed, $total_f failed"
exit "$status"
