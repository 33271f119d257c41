# scripts/cluster.sh: start and stop a throwaway cluster with anon preloaded
# (sourced by the unprivileged part of the scripts).
#
# anon_cluster_start DIR: initdb in DIR/data, listen on a Unix socket in DIR
# only, set PGHOST/PGPORT/PGDATA for the caller.

anon_pick_port() {
	local p
	for p in $(seq 54320 54420 | shuf); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null &&
			[ ! -e "/tmp/.s.PGSQL.$p" ]; then
			echo "$p"
			return 0
		fi
	done
	echo 54329
}

anon_cluster_start() {
	local dir=$1
	local bindir
	bindir=$("$PG_CONFIG" --bindir)
	export PATH="$bindir:$PATH"
	export PGDATA="$dir/data" PGHOST="$dir" PGPORT
	PGPORT=$(anon_pick_port)
	export PGUSER
	PGUSER=$(id -un)
	initdb -D "$PGDATA" -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
	cat >>"$PGDATA/postgresql.conf" <<CONF
shared_preload_libraries = 'anon'
listen_addresses = ''
unix_socket_directories = '$dir'
port = $PGPORT
fsync = off
max_worker_processes = 16
max_parallel_workers = 8
anon.masking_policies = 'devtests'
${ANON_EXTRA_CONF:-}
CONF
	pg_ctl -D "$PGDATA" -l "$dir/server.log" -w start >/dev/null
}

anon_cluster_stop() {
	[ -n "${PGDATA:-}" ] && [ -f "$PGDATA/postmaster.pid" ] &&
		pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
}
