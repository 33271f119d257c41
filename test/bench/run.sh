#!/usr/bin/env bash
# test/bench/run.sh [CASE...]: the benchmark runner.
#
# Sets up like scripts/test.sh, starts a throwaway cluster and runs each
# test/bench/cases/*.sql (or the named cases).  For each case it prints our
# time, a native baseline's time measured in the same run, their ratio and
# the issue's target.  Times are the best of ANON_BENCH_RUNS (default 3)
# alternating runs.  A benchmark prints figures; it never fails a build.
. "$(dirname "$0")/../../scripts/lib.sh"

anon_setup
anon_build
work=$(anon_workdir)
trap 'rm -rf "$work"' EXIT
anon_unprivileged env ANON_BENCH_RUNS="${ANON_BENCH_RUNS:-3}" \
	bash "$ANON_TOP/test/bench/run-cases.sh" "$work" "$@"
