#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# dpstack under injected faults (issue 14 point 2; lib/core/dps_fault.h),
# as a whole process: a -Dfault_injection=true build (scripts/test.sh's
# clang tree; any other build skips) runs its default adapter in a network
# namespace made here, with an mbuf pool without lcore cache (every get
# reaches the pool's driver) and DPS_FAULTS arming five points with
# probabilities (armed once dpstack runs, disarmed when it stops): the PMD
# taking nothing, an empty pool, full control rings, failing telemetry
# allocations and an MTU set the device refuses. Then:
#   - 200 pings at 10 ms: some answered, the process keeps running;
#   - telemetry commands: each answers (data or a status), none hangs;
#   - OID queries and an MTU set through dpsctl: each ends within its
#     timeout with exit 0 or a status (DPS_E_...), none hangs;
#   - SIGINT: exit 0, the "stopping" report names the points and how often
#     each fired (every one at least once), every mbuf is back, the leak
#     report is empty.
#
# Usage: test_faults.sh PATH/TO/dpstack PATH/TO/dpsctl
# Prints TAP lines; exit 1 if any failed, 77 (skip) when the build has no
# fault injection or without root.
set -uo pipefail

BIN=${1:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}
CTL=${2:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}
BIN=$(realpath "$BIN")
CTL=$(realpath "$CTL")
HERE=$(cd "$(dirname "$0")" && pwd)
START_TIMEOUT=30
STOP_TIMEOUT=30
KERNEL_IP=198.51.100.1
STACK_IP=198.51.100.2
FAULTS=tx_burst:p10,mempool_get:p5,ring_enqueue:p20,telemetry_alloc:p30,eth_mtu:p50

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi
# a point that does not exist: exit 2 either way, before EAL starts
probe=$(DPS_FAULTS=nopoint:1 timeout 10 "$BIN" -- --log-level info 2>&1)
if grep -q 'has no fault injection' <<<"$probe"; then
	echo "1..0 # SKIP $BIN is built without -Dfault_injection=true"
	exit 77
fi

. "$HERE/lib.sh"

OUT=$TMP/dpstack.out
PREFIX=dpstest$$f
PREFIXES+=("$PREFIX")
in_ns() {
	local t=$1
	shift
	timeout "$t" ip netns exec "$NS" "$@"
}

NS=$(new_ns faults) || {
	not_ok "create a network namespace"
	echo "1..$n"
	exit 1
}
check "IPv6 is off in namespace $NS" quiet_ns "$NS"
cat >"$TMP/faults.ini" <<INI
[stack]
mbuf_cache = 0

[adapter dps0]
device = net_tap0,iface=dps0
address = $STACK_IP/24

[protocol arp]
[protocol ipv4]
[protocol raw]
INI

DPS_FAULTS=$FAULTS ip netns exec "$NS" "$BIN" --no-huge --no-pci -m 512 -l 0-1 \
	--file-prefix="$PREFIX" -- --config "$TMP/faults.ini" >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if wait_for "$OUT" '^dpstack: running' "$PID" "$START_TIMEOUT"; then
	ok "dpstack starts with DPS_FAULTS=$FAULTS"
else
	not_ok "dpstack starts with DPS_FAULTS=$FAULTS"
	show "$OUT"
	echo "1..$n"
	exit 1
fi
ip -n "$NS" addr add "$KERNEL_IP/24" dev dps0 && ip -n "$NS" link set dps0 up

in_ns 60 ping -n -c 200 -i 0.01 -W 1 "$STACK_IP" >"$TMP/ping.out" 2>&1
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TMP/ping.out")
check "200 pings under faults: some answered (${got:-0}), the stack runs" \
	test "${got:-0}" -gt 0 -a -d "/proc/$PID"

answered=0
for i in $(seq 1 30); do
	for c in /dpstack/info /dpstack/workers /dpstack/adapter,dps0 /dpstack/arp,dps0; do
		echo "$c"
	done | in_ns 20 dpdk-telemetry.py -f "$PREFIX" >"$TMP/tel.out" 2>&1
	answered=$((answered + $(grep -c '^{' "$TMP/tel.out")))
done
check "120 telemetry commands under faults: each answered ($answered)" test "$answered" -eq 120

bad=0
for i in $(seq 1 20); do
	in_ns 20 "$CTL" --file-prefix "$PREFIX" oid query dps0 OID_GEN_LINK_SPEED \
		>"$TMP/oid.out" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] && ! { [ "$rc" -eq 1 ] && grep -q 'DPS_E_' "$TMP/oid.out"; }; then
		bad=$((bad + 1))
		show "$TMP/oid.out"
	fi
	in_ns 20 "$CTL" --file-prefix "$PREFIX" oid set dps0 OID_DPS_MTU $((1400 + i)) \
		>"$TMP/mtu.out" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] && ! { [ "$rc" -eq 1 ] && grep -q 'DPS_E_' "$TMP/mtu.out"; }; then
		bad=$((bad + 1))
		show "$TMP/mtu.out"
	fi
done
check "40 OID queries and MTU sets: each exits 0 or names its status, none hangs ($bad not)" \
	test "$bad" -eq 0
check "dpstack still runs" test -d "/proc/$PID"

kill -INT "$PID"
if wait_exit "$PID" "$STOP_TIMEOUT" && [ "$RC" -eq 0 ]; then
	ok "SIGINT: dpstack exits 0"
else
	not_ok "SIGINT: dpstack exits 0 (exit: $RC)"
	show "$OUT"
fi
line=$(grep -m1 '^fault injection:' "$OUT")
for p in tx_burst mempool_get ring_enqueue telemetry_alloc eth_mtu; do
	fired=$(sed -n "s/.* $p [^ ]* fired \([0-9]*\).*/\1/p" <<<"$line")
	check "exit report: $p fired (${fired:-not reported} times)" test "${fired:-0}" -gt 0
done
if grep -q '^dpstack: mempool dps_mbuf: \([0-9]*\) of \1 mbufs free' "$OUT"; then
	ok "every mbuf is back in the mempool"
else
	not_ok "every mbuf is back in the mempool"
	grep 'mbufs free' "$OUT" | sed 's/^/# /'
fi
check "leak report is empty" grep -q '^leak report: empty' "$OUT"
echo "1..$n"
[ "$failed" -eq 0 ]
