#!/usr/bin/env bash
# test/bench/run.sh [CASE...]: the benchmark runner.
#
# Sets up like scripts/test.sh, starts a throwaway cluster and runs each
# test/bench/cases/*.sql (or the named cases).  For each case it prints our
# median time, a native baseline's median time measured in the same run,
# the min / median / max of the per-repetition ratios (ANON_BENCH_RUNS
# interleaved repetitions, default 5), the issue's target and whether both
# sides returned the same rows.  A benchmark prints figures; it never fails
# a build.
. "$(dirname "$0")/../../scripts/lib.sh"

anon_setup
anon_build
work=$(anon_workdir)
trap 'rm -rf "$work"' EXIT
anon_unprivileged env ANON_BENCH_RUNS="${ANON_BENCH_RUNS:-5}" \
	ANON_BENCH_PGBENCH_T="${ANON_BENCH_PGBENCH_T:-}" \
	bash "$ANON_TOP/test/bench/run-cases.sh" "$work" "$@"
