# scripts/lib.sh: shared set-up of scripts/test.sh, scripts/demo.sh and
# test/bench/run.sh (sourced, not run).
#
# Environment:
#   PG_CONFIG       pg_config of the PostgreSQL to build against
#                   (default: Debian's PostgreSQL 15)
#   ANON_NO_APT=1   never call apt-get (fail if something is missing)
#   ANON_NO_BUILD=1 use the anon already installed in PG_CONFIG's tree
#   ANON_RUN_AS     unprivileged user that runs the servers when invoked
#                   as root (default: postgres)

set -euo pipefail

ANON_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
ANON_RUN_AS=${ANON_RUN_AS:-postgres}
export PG_CONFIG

anon_log() { printf '== %s\n' "$*" >&2; }

# Run a command as root (directly, or through sudo for a developer).
anon_as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Install the Debian packages the build, the tests and the demo need.
anon_setup() {
	local pkgs="postgresql-15 postgresql-server-dev-15 postgresql-contrib libssl-dev
		make gcc perl libipc-run-perl util-linux"
	local missing="" p
	for p in $pkgs; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "${ANON_NO_APT:-}" = 1 ]; then
		echo "missing packages:$missing (ANON_NO_APT=1 forbids installing them)" >&2
		exit 1
	fi
	anon_log "installing:$missing"
	anon_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	anon_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
	# Debian creates a "main" cluster on install; the scripts use their own.
	if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q '^15 main'; then
		anon_as_root pg_ctlcluster 15 main stop 2>/dev/null || true
	fi
}

# Build warning-free (-Werror) and install into PG_CONFIG's tree.
anon_build() {
	[ "${ANON_NO_BUILD:-}" = 1 ] && return 0
	anon_log "building anon against $("$PG_CONFIG" --version)"
	# a failed build stops here: the suites must never run against the
	# library an earlier build left installed (callers run this under
	# "set +e", in a pipeline)
	make -C "$ANON_TOP" -s PG_CONFIG="$PG_CONFIG" COPT=-Werror >/dev/null || {
		echo "the build of anon against $("$PG_CONFIG" --version) failed" >&2
		exit 1
	}
	local owner
	owner=$(stat -c %u "$("$PG_CONFIG" --pkglibdir)")
	if [ "$owner" = "$(id -u)" ]; then
		make -C "$ANON_TOP" -s PG_CONFIG="$PG_CONFIG" install >/dev/null
	else
		anon_as_root make -C "$ANON_TOP" -s PG_CONFIG="$PG_CONFIG" install >/dev/null
	fi || {
		echo "the installation of anon into $("$PG_CONFIG" --pkglibdir) failed" >&2
		exit 1
	}
}

# Run "$@" as the unprivileged user when we are root (PostgreSQL refuses
# to run as root), else as ourselves.
anon_unprivileged() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$ANON_RUN_AS" -- env PATH="$PATH" PG_CONFIG="$PG_CONFIG" "$@"
	else
		"$@"
	fi
}

# A work directory the unprivileged user owns, with a copy of the files
# the suites read (the checkout may sit where that user cannot read).
anon_workdir() {
	local w
	w=$(mktemp -d /tmp/anon-work.XXXXXX)
	mkdir -p "$w/src"
	(cd "$ANON_TOP" && tar cf - --exclude=.git --exclude='*.o' --exclude='*.so' \
		--exclude=results --exclude=tmp_check . ) | (cd "$w/src" && tar xf -)
	if [ "$(id -u)" -eq 0 ]; then
		chown -R "$ANON_RUN_AS" "$w"
	fi
	chmod 755 "$w"
	echo "$w"
}
