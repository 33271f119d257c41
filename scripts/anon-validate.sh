#!/bin/bash
# scripts/anon-validate.sh: anon.validate() for a CI job.
#
# Usage: anon-validate.sh [--since rules.json] [--policy NAME] [psql options...]
#
# Prints the report (JSON) of anon.validate() on standard output and exits
# 0 when it has no findings, 1 when it has some, 2 when it could not run.
# --since takes a file written from anon.export_rules(); psql options (or
# the PG* environment variables) say which database to check.
set -uo pipefail

since=
policy=anon
while [ $# -gt 0 ]; do
	case "$1" in
		--since) since=$(cat "$2") || exit 2; shift 2 ;;
		--policy) policy=$2; shift 2 ;;
		--help) sed -n '3,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) break ;;
	esac
done

# the arguments reach the server as psql variables, quoted by psql
report=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -v since="$since" -v policy="$policy" "$@" <<'SQL'
SELECT anon.validate(NULLIF(:'since', '')::jsonb, :'policy');
SQL
) || exit 2
printf '%s\n' "$report"
# the count is a top-level number; every other value of the report is text or a list
findings=$(printf '%s' "$report" | grep -o '"findings": [0-9]*' | head -1 | grep -o '[0-9]*$')
[ -n "$findings" ] || exit 2
[ "$findings" -eq 0 ]
