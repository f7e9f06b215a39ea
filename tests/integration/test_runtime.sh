#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Adapters changed while dpstack runs (issue 13 point 1), in a namespace
# made here, while the kernel pings both adapters of a two-port
# configuration: the kernel side of net_tap dps1 deleted (ip link del) is
# noticed and the adapter removed the orderly way (as a hot-unplug): the
# pings to it stop, those to dps0 go on without a loss, telemetry and dpsctl
# agree, and at exit every mbuf is back and the leak report is empty.
#
# Usage: test_runtime.sh PATH/TO/dpstack PATH/TO/dpsctl
set -uo pipefail

BIN=$(realpath "${1:?usage: $0 DPSTACK DPSCTL}")
CTL=$(realpath "${2:?usage: $0 DPSTACK DPSCTL}")

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi

. "$(dirname "$0")/lib.sh"

cat >"$TMP/two.ini" <<'INI'
[stack]
link_poll_ms = 200

[adapter dps0]
device = net_tap0,iface=dps0
address = 198.51.100.2/24

[adapter dps1]
device = net_tap1,iface=dps1
address = 203.0.113.2/24

[protocol arp]
[protocol ipv4]
[protocol raw]
INI

PREFIX=dpstest$$rt
PREFIXES+=("$PREFIX")
NS=$(new_ns rt) || { echo "not ok 1 - create a namespace"; exit 1; }
quiet_ns "$NS"
OUT=$TMP/dpstack.out
ip netns exec "$NS" "$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" \
	-- --config "$TMP/two.ini" >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if ! wait_for "$OUT" '^dpstack: running' "$PID" 40; then
	not_ok "dpstack starts with two net_tap adapters"
	show "$OUT"
	echo "1..$n"
	exit 1
fi
ok "dpstack starts with two net_tap adapters"
ip -n "$NS" addr add 198.51.100.1/24 dev dps0 && ip -n "$NS" link set dps0 up
ip -n "$NS" addr add 203.0.113.1/24 dev dps1 && ip -n "$NS" link set dps1 up
quiet() { "$@" >/dev/null 2>&1; }
check "the kernel reaches dps0" quiet ip netns exec "$NS" ping -c 1 -W 5 198.51.100.2
check "the kernel reaches dps1" quiet ip netns exec "$NS" ping -c 1 -W 5 203.0.113.2

tel() { echo "$1" | timeout 10 dpdk-telemetry.py -f "$PREFIX" 2>/dev/null | tail -n 1; }
check "telemetry: two adapters" test "$(tel /dpstack/adapters)" = '{"/dpstack/adapters": {"dps0": 0, "dps1": 1}}'

# pings to both, 8 s at 0.1 s; dps1's kernel side deleted 2 s in
ip netns exec "$NS" ping -q -c 80 -i 0.1 -W 1 198.51.100.2 >"$TMP/ping0" 2>&1 &
P0=$!
ip netns exec "$NS" ping -q -c 80 -i 0.1 -W 1 203.0.113.2 >"$TMP/ping1" 2>&1 &
P1=$!
PIDS+=("$P0" "$P1")
sleep 2
ip -n "$NS" link del dps1
wait_exit "$P1" 30
wait_exit "$P0" 30
check "dpstack logs dps1's kernel interface gone" grep -q '^dpstack.ctrl_events: dps1: kernel interface (index [0-9]*) is gone$' "$OUT"
check "dpstack removes dps1 the orderly way" grep -q '^dpstack.ctrl_events: dps1: adapter removed$' "$OUT"
check "dps1's bindings unbound" test "$(grep -c '^dpstack.binding: [a-z0-9]*@dps1: unbound$' "$OUT")" -eq 3
r1=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TMP/ping1")
check "pings to dps1 stopped (${r1:-?} of 80 answered, before the deletion)" test "${r1:-80}" -lt 80
check "pings to dps0 went on: 80 of 80" grep -q ' 80 received, 0% packet loss' "$TMP/ping0"
check "telemetry: dps0 only" test "$(tel /dpstack/adapters)" = '{"/dpstack/adapters": {"dps0": 0}}'
timeout 10 "$CTL" --file-prefix "$PREFIX" adapters >"$TMP/adapters" 2>&1
check "dpsctl adapters: dps0 only" test "$(awk 'NR > 1 { print $1 }' "$TMP/adapters")" = dps0
timeout 10 "$CTL" --file-prefix "$PREFIX" bindings >"$TMP/bindings" 2>&1
check "dpsctl bindings: none on dps1" bash -c "! grep -q '@dps1' '$TMP/bindings' && grep -q '^arp@dps0 ' '$TMP/bindings'"
check "the kernel still reaches dps0" quiet ip netns exec "$NS" ping -c 1 -W 5 198.51.100.2

kill -INT "$PID"
if wait_exit "$PID" 20 && [ "$RC" -eq 0 ]; then
	ok "SIGINT: exit 0"
else
	not_ok "SIGINT: exit 0 (exit $RC)"
	show "$OUT"
fi
check "exit report: adapters removed 1" grep -q 'adapters removed 1,' "$OUT"
check "every mbuf back" grep -qE '^dpstack: mempool dps_mbuf: ([0-9]+) of \1 mbufs free$' "$OUT"
check "leak report empty" grep -q '^leak report: empty' "$OUT"

echo "1..$n"
[ "$failed" -eq 0 ]
