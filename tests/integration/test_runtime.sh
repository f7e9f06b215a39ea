#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Adapters and bindings changed while dpstack runs (issue 13 point 1), in a
# namespace made here, while the kernel pings the adapters of a three-port
# configuration: dpsctl unbind/bind ipv4 (pings stop, then come back),
# refusals (bound already, not bound, raw, unknown names) with their
# status and reason; dpsctl adapter remove dps2 and the kernel side of
# net_tap dps1 deleted (ip link del), each removed the orderly way (as a
# hot-unplug): the pings to them stop, those to dps0 go on without a loss,
# telemetry and dpsctl agree, and at exit every mbuf is back and the leak
# report is empty.
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

cat >"$TMP/three.ini" <<'INI'
[stack]
link_poll_ms = 200

[adapter dps0]
device = net_tap0,iface=dps0
address = 198.51.100.2/24

[adapter dps1]
device = net_tap1,iface=dps1
address = 203.0.113.2/25

[adapter dps2]
device = net_tap2,iface=dps2
address = 203.0.113.130/25

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
	-- --config "$TMP/three.ini" >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if ! wait_for "$OUT" '^dpstack: running' "$PID" 40; then
	not_ok "dpstack starts with three net_tap adapters"
	show "$OUT"
	echo "1..$n"
	exit 1
fi
ok "dpstack starts with three net_tap adapters"
ip -n "$NS" addr add 198.51.100.1/24 dev dps0 && ip -n "$NS" link set dps0 up
ip -n "$NS" addr add 203.0.113.1/25 dev dps1 && ip -n "$NS" link set dps1 up
ip -n "$NS" addr add 203.0.113.129/25 dev dps2 && ip -n "$NS" link set dps2 up
quiet() { "$@" >/dev/null 2>&1; }
check "the kernel reaches dps0" quiet ip netns exec "$NS" ping -c 1 -W 5 198.51.100.2
check "the kernel reaches dps1" quiet ip netns exec "$NS" ping -c 1 -W 5 203.0.113.2

tel() { echo "$1" | timeout 10 dpdk-telemetry.py -f "$PREFIX" 2>/dev/null | tail -n 1; }
check "the kernel reaches dps2" quiet ip netns exec "$NS" ping -c 1 -W 5 203.0.113.130
check "telemetry: three adapters" test "$(tel /dpstack/adapters)" = '{"/dpstack/adapters": {"dps0": 0, "dps1": 1, "dps2": 2}}'

# ctl WANT_RC ARGS...: dpsctl's exit code is WANT_RC; output in $TMP/c.out, $TMP/c.err
ctl() {
	local want=$1 rc
	shift
	timeout 20 "$CTL" --file-prefix "$PREFIX" "$@" >"$TMP/c.out" 2>"$TMP/c.err"
	rc=$?
	[ "$rc" -eq "$want" ] || { echo "# dpsctl $*: exit $rc, want $want"; sed 's/^/# /' "$TMP/c.out" "$TMP/c.err"; return 1; }
}
line() { grep -qxF -- "$1" "$TMP/c.err"; }

# bindings changed at run time
check "dpsctl unbind ipv4 dps0: exit 0" ctl 0 unbind ipv4 dps0
check "dpsctl unbind ipv4 dps0: says so" grep -qxF 'ipv4@dps0 unbound' "$TMP/c.out"
check "ipv4@dps0 unbound: no echo answered" bash -c "! ip netns exec '$NS' ping -c 2 -W 1 198.51.100.2 >/dev/null 2>&1"
check "ipv4@dps0 unbound: dpsctl bindings agrees" bash -c "timeout 10 '$CTL' --file-prefix '$PREFIX' bindings | grep -q '^arp@dps0 ' && ! timeout 10 '$CTL' --file-prefix '$PREFIX' bindings | grep -q '^ipv4@dps0 '"
check "dpsctl unbind ipv4 dps0 again: exit 1" ctl 1 unbind ipv4 dps0
check "  ... DPS_E_NOT_FOUND with its reason" line "dpsctl: unbind: DPS_E_NOT_FOUND: ipv4 is not bound to dps0"
check "dpsctl bind ipv4 dps0: exit 0" ctl 0 bind ipv4 dps0
check "dpsctl bind ipv4 dps0: says so" grep -qxF 'ipv4@dps0 bound' "$TMP/c.out"
check "ipv4@dps0 bound again: echo answered" quiet ip netns exec "$NS" ping -c 1 -W 5 198.51.100.2
check "dpsctl bind ipv4 dps0 again: exit 1" ctl 1 bind ipv4 dps0
check "  ... DPS_E_EXISTS with its reason" line "dpsctl: bind: DPS_E_EXISTS: ipv4 is bound to dps0 already"
check "dpsctl unbind raw dps0: exit 1" ctl 1 unbind raw dps0
check "  ... DPS_E_NOT_SUPPORTED with its reason" line "dpsctl: unbind: DPS_E_NOT_SUPPORTED: raw serves the control socket: remove the adapter instead"
check "dpsctl bind nope dps0: exit 1" ctl 1 bind nope dps0
check "  ... no protocol 'nope'" line "dpsctl: bind: DPS_E_NOT_FOUND: no protocol 'nope'"
check "dpsctl -j adapter remove nope: exit 1" ctl 1 -j adapter remove nope
check "  ... the error as JSON on stdout" python3 -c "import json, sys; sys.exit(0 if json.load(open('$TMP/c.out')) == {'error': {'status': 'DPS_E_NOT_FOUND', 'reason': \"no adapter 'nope'\"}} else 1)"
check "dpsctl adapter bogus: usage error, exit 2" ctl 2 adapter bogus

# pings to both, 8 s at 0.1 s; dps1's kernel side deleted 2 s in
ip netns exec "$NS" ping -q -c 80 -i 0.1 -W 1 198.51.100.2 >"$TMP/ping0" 2>&1 &
P0=$!
ip netns exec "$NS" ping -q -c 80 -i 0.1 -W 1 203.0.113.2 >"$TMP/ping1" 2>&1 &
P1=$!
ip netns exec "$NS" ping -q -c 80 -i 0.1 -W 1 203.0.113.130 >"$TMP/ping2" 2>&1 &
P2=$!
PIDS+=("$P0" "$P1" "$P2")
sleep 2
check "dpsctl adapter remove dps2 (while pinged): exit 0" ctl 0 adapter remove dps2
check "dpsctl adapter remove dps2: says so" grep -qxF 'adapter dps2 removed' "$TMP/c.out"
ip -n "$NS" link del dps1
wait_exit "$P2" 30
wait_exit "$P1" 30
wait_exit "$P0" 30
check "dpstack removes dps2 the orderly way" grep -q '^dpstack.ctrl_events: dps2: adapter removed$' "$OUT"
r2=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TMP/ping2")
check "pings to dps2 stopped (${r2:-?} of 80 answered, before the removal)" test "${r2:-80}" -lt 80
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
check "exit report: adapters removed 2" grep -q 'adapters removed 2,' "$OUT"
check "every mbuf back" grep -qE '^dpstack: mempool dps_mbuf: ([0-9]+) of \1 mbufs free$' "$OUT"
check "leak report empty" grep -q '^leak report: empty' "$OUT"

echo "1..$n"
[ "$failed" -eq 0 ]
