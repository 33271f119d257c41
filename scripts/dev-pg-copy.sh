#!/usr/bin/env bash
# scripts/dev-pg-copy.sh DIR: a private, relocated copy of the system's
# PostgreSQL 15 (binaries, share and headers) under DIR, so that several
# checkouts can build, install and test anon side by side without touching
# the system installation.  PostgreSQL finds its share and lib directories
# relative to its binaries, so the copy works where it lands.
# Prints the PG_CONFIG to use:
#   PG_CONFIG=$(scripts/dev-pg-copy.sh /tmp/pg-mine) scripts/test.sh
set -euo pipefail
dir=${1:?usage: dev-pg-copy.sh DIR}
if [ ! -x "$dir/usr/lib/postgresql/15/bin/pg_config" ]; then
	mkdir -p "$dir/usr/lib/postgresql" "$dir/usr/share/postgresql" "$dir/usr/include"
	cp -a /usr/lib/postgresql/15 "$dir/usr/lib/postgresql/"
	cp -a /usr/share/postgresql/15 "$dir/usr/share/postgresql/"
	cp -a /usr/include/postgresql "$dir/usr/include/"
	chmod 755 "$dir"
fi
echo "$dir/usr/lib/postgresql/15/bin/pg_config"
