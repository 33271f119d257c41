#!/bin/bash
# scripts/anon-validate.sh: anon.validate() for a CI job.
#
# Usage: anon-validate.sh [--since rules.json] [--policy NAME]
#                         [--check [--sample N] [--schema NAME]] [psql options...]
#
# Prints the report (JSON) of anon.validate() on standard output and exits
# 0 when it has no findings, 1 when it has some, 2 when it could not run.
# --since takes a file written from anon.export_rules() or, to list new and
# dropped columns too, anon.policy_snapshot().  --check is the dry run of
# masked copies and dumps: it adds anon.check_masking() (the masks
# evaluated on a sample of N rows per table, 1000 by default, as each
# table's owner and rolled back, and the constraints checked on them) under
# "check", and its findings to the count.  Nothing is written.  psql
# options (or the PG* environment variables) say which database to check.
set -uo pipefail

since=
policy=anon
check=
sample=1000
schema=
while [ $# -gt 0 ]; do
	case "$1" in
		--since) since=$(cat "$2") || exit 2; shift 2 ;;
		--policy) policy=$2; shift 2 ;;
		--check) check=1; shift ;;
		--sample) sample=$2; shift 2 ;;
		--schema) schema=$2; shift 2 ;;
		--help) sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) break ;;
	esac
done
case "$sample" in
	''|*[!0-9]*) echo "anon-validate.sh: --sample takes a number of rows" >&2; exit 2 ;;
esac

# The arguments reach the server as psql variables, quoted by psql.  The
# report is the first line, the total of findings the second.  It runs in
# a read-only transaction: whatever happens, the dry run writes nothing.
out=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -v since="$since" -v policy="$policy" \
	-v check="$check" -v sample="$sample" -v schema="$schema" "$@" <<'SQL'
BEGIN TRANSACTION READ ONLY;
SELECT CASE WHEN :'check' = '' THEN v
            ELSE v || jsonb_build_object('check', c,
                                         'findings', (v->>'findings')::int + (c->>'findings')::int) END AS report,
       CASE WHEN :'check' = '' THEN (v->>'findings')::int
            ELSE (v->>'findings')::int + (c->>'findings')::int END AS findings
FROM (SELECT anon.validate(NULLIF(:'since', '')::jsonb, :'policy') AS v) a
CROSS JOIN LATERAL (SELECT CASE WHEN :'check' <> ''
                                THEN anon.check_masking(:'sample'::int, :'policy', NULLIF(:'schema', ''))
                           END AS c) b \gset
\echo :report
\echo :findings
ROLLBACK;
SQL
) || exit 2
report=$(printf '%s\n' "$out" | head -1)
findings=$(printf '%s\n' "$out" | sed -n '2p')
[ -n "$report" ] || exit 2
printf '%s\n' "$report"
case "$findings" in
	''|*[!0-9]*) exit 2 ;;
esac
[ "$findings" -eq 0 ]
