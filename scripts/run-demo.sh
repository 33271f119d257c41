#!/usr/bin/env bash
# scripts/run-demo.sh WORKDIR: the unprivileged half of scripts/demo.sh.
set -euo pipefail
work=$1
src=$work/src
. "$src/scripts/cluster.sh"

anon_cluster_start "$work"
if [ -z "${ANON_DEMO_KEEP:-}" ]; then
	trap anon_cluster_stop EXIT
fi
createdb demo
psql -X -q -d demo -v ON_ERROR_STOP=1 -f "$src/data/sample.sql"
for f in "$src"/demo/*.sql; do
	echo
	echo "################ $(basename "$f")"
	psql -X -d demo -v ON_ERROR_STOP=1 --echo-all -P pager=off -f "$f"
done
echo
echo "demo finished: every step above ran without error"
if [ -n "${ANON_DEMO_KEEP:-}" ]; then
	echo "cluster kept: psql -h $PGHOST -p $PGPORT -d demo (stop: pg_ctl -D $PGDATA stop)"
fi
