#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmarks (never tests): builds the release tree and runs each benchmark.
# Results are ratios measured side by side in one run; docs/BENCHMARKS.md
# records them with this command.
#
#   scripts/bench.sh [SECONDS_PER_PHASE]     (default 5)
#
# oid: OID round trip worker -> control -> worker (median, p99) and the
#      datapath rate with and without requests flowing (dps_oid_bench).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dps_need_root
secs=${1:-5}
case "$secs" in ''|*[!0-9.]*) echo "bench.sh: SECONDS must be a number" >&2; exit 2;; esac
"$DPS_ROOT/scripts/deps.sh"
dps_build build-gcc gcc >/dev/null || dps_die "build failed"
echo "== oid round trip and datapath under requests ($(date -u +%F), $(nproc) cores)"
"$DPS_ROOT/build-gcc/tests/bench/dps_oid_bench" "$secs" 2>&1 | grep -vE '^(EAL|TELEMETRY):'
