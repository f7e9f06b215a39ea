#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmarks (never tests): builds the release tree and runs each benchmark.
# Results are ratios measured side by side in one run; docs/BENCHMARKS.md
# records them with this command.
#
#   scripts/bench.sh                          both parts below
#   scripts/bench.sh datapath [WORKLOAD...]   io echo rxonly scale (default: all)
#   scripts/bench.sh oid [SECONDS_PER_PHASE]  (default 5)
#
# datapath: dpstack against dpdk-testpmd on the same vdevs, lcores (-l 0-1)
#      and burst, rounds interleaved (testpmd, dpstack, testpmd, ...): Mpps
#      of each, the median ratio, cycles per frame on the worker
#      (scripts/bench_datapath.py; DPS_BENCH_ROUNDS rounds, default 4, of
#      DPS_BENCH_SECS seconds, default 5, after a 2 s warm-up).
# oid: OID round trip worker -> control -> worker (median, p99) and the
#      datapath rate with and without requests flowing (dps_oid_bench).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	echo "usage: bench.sh [datapath [io|echo|rxonly|scale ...] | oid [SECONDS]]" >&2
	exit 2
}

bench_datapath() {
	echo "== datapath: dpstack vs dpdk-testpmd ($(date -u '+%F %H:%M UTC'), $(nproc) cores)"
	python3 "$DPS_ROOT/scripts/bench_datapath.py" --dpstack "$DPS_ROOT/build-gcc/app/dpstack/dpstack" \
		--rounds "${DPS_BENCH_ROUNDS:-4}" --secs "${DPS_BENCH_SECS:-5}" "$@"
}

bench_oid() {
	local secs=${1:-5}
	case "$secs" in ''|*[!0-9.]*) echo "bench.sh: SECONDS must be a number" >&2; exit 2;; esac
	echo "== oid round trip and datapath under requests ($(date -u +%F), $(nproc) cores)"
	"$DPS_ROOT/build-gcc/tests/bench/dps_oid_bench" "$secs" 2>&1 | grep -vE '^(EAL|TELEMETRY):'
}

part=${1:-all}
[ $# -gt 0 ] && shift
case "$part" in
datapath)
	for w in "$@"; do
		case "$w" in io|echo|rxonly|scale) ;; *) usage;; esac
	done
	;;
oid) [ $# -le 1 ] || usage ;;
all) ;;
*) usage ;;
esac

dps_need_root
"$DPS_ROOT/scripts/deps.sh"
dps_build build-gcc gcc >/dev/null || dps_die "build failed"
case "$part" in
datapath) bench_datapath "$@" ;;
oid) bench_oid "$@" ;;
all)
	bench_datapath
	bench_oid
	;;
esac
