#!/usr/bin/env bash
# scripts/demo.sh: the README's demo command.
#
# On a fresh Debian 12 machine (as root, or a user with sudo): installs what
# is missing, builds and installs anon, starts a throwaway cluster with anon
# preloaded (run by an unprivileged user), loads the sample data set
# (data/sample.sql) and runs every demo/*.sql script in order, echoing each
# statement and its result.  The cluster is removed at the end; set
# ANON_DEMO_KEEP=1 to keep it running and print how to connect.
. "$(dirname "$0")/lib.sh"

anon_setup
anon_build
work=$(anon_workdir)
if [ -z "${ANON_DEMO_KEEP:-}" ]; then
	trap 'rm -rf "$work"' EXIT
fi
anon_unprivileged bash "$ANON_TOP/scripts/run-demo.sh" "$work"
