#!/usr/bin/env bash
# scripts/test.sh: the README's test command.
#
# On a fresh Debian 12 machine (as root, or a user with sudo): installs what
# is missing, builds anon warning-free, installs it, and runs every suite
# (pg_regress, isolation, TAP) against throwaway clusters run by an
# unprivileged user.  Ends with one line "N passed, N failed" and exits
# non-zero on any failure.
#
# Narrow a run while developing (names without extension, space-separated):
#   ANON_SUITES="regress isolation tap"  ANON_REGRESS="00_init 01_random"
#   ANON_ISOLATION="budget"  ANON_TAP="001_install"
. "$(dirname "$0")/lib.sh"

anon_setup
anon_build
work=$(anon_workdir)
trap 'rm -rf "$work"' EXIT
status=0
anon_unprivileged bash "$ANON_TOP/scripts/run-suites.sh" "$work" || status=$?
if [ "$status" -ne 0 ] && [ -n "${ANON_KEEP_WORK:-}" ]; then
	trap - EXIT
	echo "work directory kept: $work" >&2
fi
exit "$status"
