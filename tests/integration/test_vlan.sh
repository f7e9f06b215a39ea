#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The vlan mux (issue 10): dpstack with a physical net_tap adapter dps0
# (198.51.100.2/25, untagged) and two virtual adapters over it, dps0.100
# (VLAN 100, 203.0.113.2/24) and dps0.200 (VLAN 200, 198.51.100.130/25),
# in a network namespace made here. The kernel is the untagged peer; the
# tagged peer is vlan_peer.py on an AF_PACKET socket of the tap (tags
# written inline, read from PACKET_AUXDATA), because the kernels this runs
# on may have no 802.1Q interfaces (no 8021q module). Checked:
#   - ping and arping on dps0 (the kernel) while ARP, ICMP echo and UDP echo
#     (1, 100, 1400 bytes) are answered on VLAN 100 and VLAN 200 at once,
#     each tagged with its own VLAN, from the stack's MAC; ip neigh;
#   - an unknown VLAN, and a double 802.1Q frame whose inner tag is 100, are
#     not answered and are counted in rx_vlan_unknown; a QinQ frame (802.1ad
#     outer, 802.1Q 100 inner) is not taken for VLAN 100;
#   - a raw client (dpsctl recv) on dps0.100 gets exactly the frames of its
#     EtherType on VLAN 100, untagged; what it sends (dpsctl send) leaves
#     tagged 100;
#   - a link flap of dps0 reaches both virtual adapters (dpsctl watch on
#     each, and their telemetry link state);
#   - /dpstack/adapter,dps0.100 shows kind, lower and vlan; dpsctl adapters
#     lists the virtual adapters;
#   - bad virtual adapters (unknown lower, VLAN out of range or twice, a
#     device, a virtual lower, a multicast or global MAC, an mtu above the
#     lower's): exit 2 with one line naming the section and key;
#   - SIGINT: the virtual adapters go before the mux's lower binding (the
#     MUX order, in the log), exit 0, every mbuf back, empty leak report.
# Usage: test_vlan.sh PATH/TO/dpstack PATH/TO/dpsctl. TAP output; every wait
# is bounded; the namespace and runtime directory are removed on exit.
set -uo pipefail

BIN=${1:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}
DPSCTL=${2:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}
BIN=$(realpath "$BIN")
DPSCTL=$(realpath "$DPSCTL")
HERE=$(cd "$(dirname "$0")" && pwd)
START_TIMEOUT=30
STOP_TIMEOUT=20

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi
for tool in ping arping python3; do
	if ! command -v "$tool" >/dev/null; then
		echo "1..0 # SKIP $tool is not installed (scripts/deps.sh installs it)"
		exit 77
	fi
done

. "$HERE/lib.sh"

OUT=$TMP/dpstack.out
PREFIX=dpstest$$v
PREFIXES+=("$PREFIX")

in_ns() {
	local t=$1
	shift
	timeout "$t" ip netns exec "$NS" "$@"
}
ctl() {
	in_ns 20 "$DPSCTL" --file-prefix "$PREFIX" "$@"
}
tel() {
	timeout 10 python3 "$HERE/dps_wire.py" tel "$PREFIX" "$@" 2>>"$TMP/tel.err"
}
peer() {
	in_ns 40 python3 "$HERE/vlan_peer.py" dps0 "$@"
}
bg() {
	PIDS+=("$1")
}
wait_pid() {
	local i p keep=()
	for ((i = 0; i < $2 * 10; i++)); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	RC=$?
	for p in "${PIDS[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	PIDS=("${keep[@]}")
}
opens() {
	grep -c "dpstack.raw: client pid [0-9]* opened $1 " "$OUT"
}
wait_opens() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		[ "$(opens "$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
# unknown: rx_vlan_unknown of the mux's binding on dps0
unknown() {
	tel /dpstack/binding,vlan@dps0 vlan | python3 -c 'import json,sys; print(json.load(sys.stdin)["rx_vlan_unknown"])'
}

cat >"$TMP/vlan.ini" <<'INI'
[adapter dps0]
device = net_tap0,iface=dps0
address = 198.51.100.2/25

[adapter dps0.100]
lower = dps0
vlan = 100
address = 203.0.113.2/24

[adapter dps0.200]
lower = dps0
vlan = 200
address = 198.51.100.130/25

[protocol arp]
[protocol ipv4]
[protocol raw]
INI

# ---- bad configuration: one line naming section and key, exit 2 ---------

# refused BODY WANT: [adapter v] with BODY under dps0 stops dpstack before EAL
refused() {
	local f=$TMP/bad.ini out=$TMP/bad.out rc
	printf '[adapter dps0]\ndevice = net_tap0,iface=dps0\n[adapter dps0.100]\nlower = dps0\nvlan = 100\n[adapter v]\n%b\n' \
		"$1" >"$f"
	timeout 20 "$BIN" --no-huge --no-pci --file-prefix="$PREFIX" -- --config "$f" >"$out" 2>&1
	rc=$?
	if [ "$rc" = 2 ] && [ "$(wc -l <"$out")" = 1 ] && grep -qF "dpstack: $f: [adapter v] $2" "$out"; then
		ok "refused with exit 2 and one line: [adapter v] $2"
	else
		not_ok "refused with exit 2 and one line: [adapter v] $2 (exit $rc)"
		show "$out"
	fi
}
refused 'lower = dps9\nvlan = 5' "lower = 'dps9': no [adapter dps9] in this file"
refused 'lower = dps0\nvlan = 4095' "vlan = '4095': must be 1..4094"
refused 'lower = dps0\nvlan = 100' "vlan = '100': VLAN 100 on dps0 is [adapter dps0.100] already"
refused 'lower = dps0\nvlan = 5\ndevice = net_null1' "device = 'net_null1': a virtual adapter (lower = dps0) has no device"
refused 'lower = dps0.100\nvlan = 5' "lower = 'dps0.100': dps0.100 is a virtual adapter itself"
refused 'lower = dps0\nvlan = 5\nmac = 01:00:5e:00:00:01' "mac = '01:00:5e:00:00:01': a multicast address"
refused 'lower = dps0\nvlan = 5\nmac = 00:1b:21:00:00:01' "mac = '00:1b:21:00:00:01': a globally administered address"
refused 'lower = dps0\nvlan = 5\nmtu = 1501' "mtu = '1501': above the mtu of its lower adapter dps0 (1500)"

NS=$(new_ns vlan) || {
	not_ok "create a network namespace"
	echo "1..$n"
	exit 1
}
check "IPv6 is off in namespace $NS" quiet_ns "$NS"
ip netns exec "$NS" "$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" -- \
	--config "$TMP/vlan.ini" --log-level raw:debug >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if wait_for "$OUT" '^dpstack: running' "$PID" "$START_TIMEOUT"; then
	ok "dpstack starts with dps0 and the virtual adapters dps0.100, dps0.200"
else
	not_ok "dpstack starts with dps0 and the virtual adapters dps0.100, dps0.200"
	show "$OUT"
	echo "1..$n"
	exit 1
fi
MAC=$(sed -n 's/^dpstack: adapter dps0: port [0-9]* mac \([0-9A-Fa-f:]\{17\}\) .*/\1/p' "$OUT" |
	tr 'A-F' 'a-f')
check "both virtual adapters made over dps0, with the lower's MAC" \
	grep -qi "dps0.200: virtual adapter, VLAN 200 over dps0, mac $MAC" "$OUT"
if ip -n "$NS" addr add 198.51.100.1/25 dev dps0 && ip -n "$NS" link set dps0 up; then
	ok "kernel side of the tap: dps0 198.51.100.1/25, up"
else
	not_ok "kernel side of the tap: dps0 198.51.100.1/25, up"
fi

# ---- three adapters at once ---------------------------------------------

in_ns 60 ping -n -c 50 -i 0.02 -W 2 198.51.100.2 >"$TMP/ping.out" 2>&1 &
P_PID=$!
bg "$P_PID"
peer talk 100 203.0.113.2 203.0.113.1 >"$TMP/talk100.out" 2>&1 &
T1=$!
bg "$T1"
peer talk 200 198.51.100.130 198.51.100.129 >"$TMP/talk200.out" 2>&1 &
T2=$!
bg "$T2"
wait_pid "$T1" 45
R1=$RC
wait_pid "$T2" 45
R2=$RC
wait_pid "$P_PID" 60
for v in 100 200; do
	f=$TMP/talk$v.out
	r=$R1
	[ $v = 200 ] && r=$R2
	if [ "$r" = 0 ] && grep -q '^udp 1400 ok$' "$f"; then
		ok "VLAN $v: ARP, ICMP echo and UDP echo (1, 100, 1400 bytes) answered, tagged $v"
	else
		not_ok "VLAN $v: ARP, ICMP echo and UDP echo answered, tagged $v (exit $r)"
		show "$f"
	fi
	check "VLAN $v: answered from the stack's MAC $MAC" grep -qx "mac $MAC" "$f"
done
if grep -q '^50 packets transmitted, 50 received, 0% packet loss' "$TMP/ping.out"; then
	ok "dps0 untagged, meanwhile: ping 50 echoes, 0% loss"
else
	not_ok "dps0 untagged, meanwhile: ping 50 echoes, 0% loss"
	show "$TMP/ping.out"
fi
in_ns 20 arping -c 3 -i dps0 198.51.100.2 >"$TMP/arping.out" 2>&1
check "dps0 untagged: arping gets 3 replies from the stack's MAC" \
	test "$(grep -c "bytes from $MAC (198.51.100.2)" "$TMP/arping.out")" = 3
neigh=$(ip -n "$NS" neigh show 198.51.100.2 dev dps0 | tr 'A-F' 'a-f')
check "ip neigh: 198.51.100.2 is at the stack's MAC" grep -q "lladdr $MAC " <<<"$neigh "

# ---- what is not ours ---------------------------------------------------

u0=$(unknown)
peer silent 300 203.0.113.2 203.0.113.1 10 unknown >"$TMP/silent1.out" 2>&1
check "VLAN 300 (no virtual adapter): 10 frames, none answered" grep -qx 'sent 10' "$TMP/silent1.out"
peer silent 100 203.0.113.2 203.0.113.1 10 double >"$TMP/silent2.out" 2>&1
check "802.1Q 7 then 802.1Q 100: 10 frames, none answered" grep -qx 'sent 10' "$TMP/silent2.out"
peer silent 100 203.0.113.2 203.0.113.1 10 qinq >"$TMP/silent3.out" 2>&1
check "QinQ (802.1ad 7, 802.1Q 100): 10 frames, not taken for VLAN 100" \
	grep -qx 'sent 10' "$TMP/silent3.out"
for f in silent1 silent2 silent3; do grep -q FAIL "$TMP/$f.out" && show "$TMP/$f.out"; done
u1=$(unknown)
check "rx_vlan_unknown counted the 20 frames of unknown outer VLANs ($u0 -> $u1)" \
	test "$((u1 - u0))" = 20

# ---- a raw client on dps0.100 -------------------------------------------

base=$(opens dps0.100)
ctl recv dps0.100 --ethertype 0x88b5 --count 3 --timeout 15 >"$TMP/recv.out" 2>&1 &
RV=$!
bg "$RV"
if wait_opens dps0.100 $((base + 1)) 10; then
	peer send 200 "$MAC" 88b5 3 >/dev/null
	in_ns 10 python3 "$HERE/dps_wire.py" tx dps0 \
		"${MAC//:/}$(printf '%012x' 0x020000000001)88b5$(printf '%092x' 9)"
	peer send 100 "$MAC" 88b5 3 >/dev/null
else
	not_ok "dpsctl recv opens dps0.100 within 10 s"
fi
wait_pid "$RV" 20
lines=$(grep -c '^[0-9]* [0-9a-f]*$' "$TMP/recv.out")
if [ "$RC" = 0 ] && [ "$lines" = 3 ] &&
	[ "$(awk '{ print substr($2, 25, 4) }' "$TMP/recv.out" | sort -u)" = 88b5 ] &&
	grep -q "$(printf 'vlan-peer 0' | od -An -tx1 | tr -d ' \n')" "$TMP/recv.out"; then
	ok "dpsctl recv on dps0.100: exactly the 3 frames of VLAN 100, untagged (0x88b5 at offset 12)"
else
	not_ok "dpsctl recv on dps0.100: exactly the 3 frames of VLAN 100, untagged (exit $RC, $lines lines)"
	show "$TMP/recv.out"
fi
KMAC=$(ip -n "$NS" link show dps0 | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p')
peer tagged 100 88b5 2 10 >"$TMP/tagged.out" 2>&1 &
TG=$!
bg "$TG"
wait_for "$TMP/tagged.out" '^ready$' "$TG" 10
ctl send dps0.100 --ethertype 0x88b5 --dst "$KMAC" --payload 0102030405 --count 2 \
	>"$TMP/send.out" 2>&1
wait_pid "$TG" 15
if [ "$RC" = 0 ] && grep -qx 'got 2' "$TMP/tagged.out"; then
	ok "dpsctl send on dps0.100: both frames leave tagged 100"
else
	not_ok "dpsctl send on dps0.100: both frames leave tagged 100 (exit $RC)"
	show "$TMP/tagged.out"
	show "$TMP/send.out"
fi

# ---- link flap ----------------------------------------------------------

base1=$(opens dps0.100)
base2=$(opens dps0.200)
ctl watch dps0.100 --count 2 --timeout 20 >"$TMP/watch100.out" 2>&1 &
W1=$!
bg "$W1"
ctl watch dps0.200 --count 2 --timeout 20 >"$TMP/watch200.out" 2>&1 &
W2=$!
bg "$W2"
if wait_opens dps0.100 $((base1 + 1)) 10 && wait_opens dps0.200 $((base2 + 1)) 10; then
	ip -n "$NS" link set dps0 down
	wait_for "$TMP/watch100.out" '^link down$' "$W1" 8
	wait_for "$TMP/watch200.out" '^link down$' "$W2" 8
	link_down=$(tel /dpstack/adapter,dps0.200 link)
	ip -n "$NS" link set dps0 up
else
	not_ok "dpsctl watch opens dps0.100 and dps0.200 within 10 s"
fi
wait_pid "$W1" 20
RW1=$RC
wait_pid "$W2" 20
for v in 100 200; do
	f=$TMP/watch$v.out
	r=$RW1
	[ $v = 200 ] && r=$RC
	if [ "$r" = 0 ] && [ "$(sed -n 1p "$f")" = "link down" ] &&
		grep -Eq '^link up [0-9]+ Mb/s$' <(sed -n 2p "$f"); then
		ok "dpsctl watch dps0.$v: 'link down' then 'link up' (dps0 flapped)"
	else
		not_ok "dpsctl watch dps0.$v: 'link down' then 'link up' (exit $r)"
		show "$f"
	fi
done
check "telemetry: dps0.200's link was down while dps0's was (got ${link_down:-nothing})" \
	test "${link_down:-}" = '"down"'

# ---- what users see -----------------------------------------------------

A=$(tel /dpstack/adapter,dps0.100)
check "/dpstack/adapter,dps0.100: kind virtual, lower dps0, vlan 100" \
	grep -q '"kind": "virtual", "lower": "dps0", "vlan": 100' <<<"$A"
check "/dpstack/adapter,dps0: 2 virtual adapters" \
	test "$(tel /dpstack/adapter,dps0 virtual_adapters)" = 2
ctl adapters >"$TMP/adapters.out" 2>&1
check "dpsctl adapters lists dps0.100 and dps0.200 (Running, 'vlan N on dps0')" \
	test "$(grep -cE '^dps0\.(100|200) .* Running +vlan (100|200) on dps0 \(vlan\)$' "$TMP/adapters.out")" = 2
[ "$(grep -cE '^dps0\.' "$TMP/adapters.out")" = 2 ] || show "$TMP/adapters.out"

# ---- teardown -----------------------------------------------------------

kill -INT "$PID"
if wait_exit "$PID" "$STOP_TIMEOUT" && [ "$RC" = 0 ]; then
	ok "SIGINT: dpstack exits 0"
else
	not_ok "SIGINT: dpstack exits 0 (exit $RC)"
	tail -n 30 "$OUT" | sed 's/^/# /'
fi
first_vif=$(grep -n 'removing virtual adapter' "$OUT" | head -n 1 | cut -d: -f1)
last_vbind=$(grep -n 'binding: [a-z]*@dps0\.[0-9]*: unbound' "$OUT" | tail -n 1 | cut -d: -f1)
mux_gone=$(grep -n 'binding: vlan@dps0: unbound' "$OUT" | cut -d: -f1)
if [ -n "$first_vif" ] && [ -n "$last_vbind" ] && [ -n "$mux_gone" ] &&
	[ "$first_vif" -lt "$last_vbind" ] && [ "$last_vbind" -lt "$mux_gone" ]; then
	ok "teardown in the MUX order: the virtual adapters' bindings, then vlan@dps0"
else
	not_ok "teardown in the MUX order (lines ${first_vif:-?} ${last_vbind:-?} ${mux_gone:-?})"
fi
check "every mbuf back in the pool" grep -q '^dpstack: mempool dps_mbuf: \([0-9]*\) of \1 mbufs free$' "$OUT"
check "the object leak report is empty" grep -q '^leak report: empty$' "$OUT"

echo "1..$n"
[ "$failed" -eq 0 ]
