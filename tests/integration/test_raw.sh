#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The raw protocol as a user sees it (issue 5): dpstack runs its embedded
# default (net_tap adapter dps0, 198.51.100.2/24, protocols arp, ipv4, raw)
# in a network namespace made here, the kernel side of the tap is
# 198.51.100.1/24, and clients talk to the control socket: dpsctl, and
# dps_wire.py, a client of the wire format written from lib/ipc/dps_ipc.h
# alone. Frames come from and go to AF_PACKET sockets in the namespace.
#   - dpsctl adapters / oid query: the adapter, its MAC and MTU;
#   - dpsctl recv: frames of several sizes, one VLAN-tagged and one
#     double-tagged with inner type 0x88b5, byte for byte; frames of 0x88b6
#     (tagged or not) not; --pcap writes the same bytes (read back by
#     dps_wire.py and, if installed, tcpdump);
#   - dpsctl send (--payload, --file, --count): the AF_PACKET socket sees the
#     frames byte for byte;
#   - refused sends: spoofed source MAC, wrong EtherType, 13 bytes, MTU+15
#     bytes, each with its named status (dpsctl exit 1 and its message, and
#     dps_wire.py for what dpsctl cannot build); OID sets off the allow-list;
#   - 1000 frames into an open of 256: the newest 256 delivered, 744 dropped;
#   - two dpsctl clients with different EtherTypes and one with a pcap
#     filter each get only their frames; filters narrow opens, and
#     OPEN_STATS counts what they rejected;
#   - SIGKILL in the middle of a receive: dpsctl recv stopped with frames
#     queued, and a dps_wire.py client with a receive waiting and frames
#     queued: their opens and every frame they held are gone (telemetry);
#   - dpsctl watch: ip link set down / up gives link down, link up;
#   - bad input on the socket: malformed, truncated, oversized, unknown
#     requests get DPS_IPC_ERROR with the status dps_ipc.h names; stale and
#     foreign handles, bad filters, unknown adapters their typed status;
#     clients that vanish mid-request; a client that never reads is
#     dropped while the others are served; 64 clients (max_clients) are
#     served, the 65th refused;
#   - SIGINT: exit 0, no open left, every mbuf back, empty leak report, and
#     the exit report's raw and control-socket counters equal what was done.
# Adapter removal under an open (DPS_E_ADAPTER_REMOVED) has no client-visible
# trigger: OID_DPS_ADAPTER_REMOVE is refused to clients (checked here), and
# deleting the kernel side of the tap is only a link-down to dpstack. The
# unit test tests/unit/test_raw.c covers it.
#
# Usage: test_raw.sh PATH/TO/dpstack PATH/TO/dpsctl
# Prints TAP lines (ok N - ... / not ok N - ...), exits 1 if any failed, 77
# (skipped) without root or python3. Every wait is bounded; the namespace
# and the DPDK runtime directory made here are removed on exit.
set -uo pipefail

BIN=${1:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}
DPSCTL=${2:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}
BIN=$(realpath "$BIN")
DPSCTL=$(realpath "$DPSCTL")
HERE=$(cd "$(dirname "$0")" && pwd)
START_TIMEOUT=30 # seconds until "running"
STOP_TIMEOUT=20	 # seconds from SIGINT to the exit
WINDOW=8	 # seconds a dpsctl recv listens when every frame it gets counts (python
	 # alone takes ~2 s to start and send on a loaded 2-core machine)
KERNEL_IP=198.51.100.1

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi
if ! command -v python3 >/dev/null; then
	echo "1..0 # SKIP python3 is not installed (scripts/deps.sh installs it)"
	exit 77
fi

. "$HERE/lib.sh"

OUT=$TMP/dpstack.out
PREFIX=dpstest$$r
PREFIXES+=("$PREFIX")
SOCK=/var/run/dpdk/$PREFIX/dpstack.sock
declare -A COUNTS=() # what the clients did, for the exit report
SENT=0		     # frames dpsctl sent
REFUSED=0	     # sends dpsctl saw refused

# in_ns SECONDS COMMAND...: COMMAND in the namespace, bounded in time
in_ns() {
	local t=$1
	shift
	timeout "$t" ip netns exec "$NS" "$@"
}

# ctl ARGS...: dpsctl in the namespace, bounded
ctl() {
	in_ns 20 "$DPSCTL" --file-prefix "$PREFIX" "$@"
}

# tel COMMAND [KEY]: a telemetry reply (or one key of it), as JSON
tel() {
	timeout 10 python3 "$HERE/dps_wire.py" tel "$PREFIX" "$@" 2>>"$TMP/tel.err"
}

# wire COMMAND ARGS...: a command of dps_wire.py in the namespace; its
# PASS / FAIL lines become TAP lines prefixed with COMMAND, its COUNT lines
# add up in COUNTS, its NOTE lines become comments
wire() {
	local name=$1 log=$TMP/wire-$1.out line rc k v
	in_ns 60 python3 "$HERE/dps_wire.py" "$@" >"$log" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		PASS\ *) ok "$name: ${line#PASS }" ;;
		FAIL\ *) not_ok "$name: ${line#FAIL }" ;;
		COUNT\ *)
			read -r _ k v <<<"$line"
			COUNTS[$k]=$((${COUNTS[$k]:-0} + v))
			;;
		NOTE\ *) echo "# $name: ${line#NOTE }" ;;
		esac
	done <"$log"
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL ' "$log"; then
		not_ok "$name: dps_wire.py exits 0 (exit $rc)"
		show "$log"
	fi
}

# opens: how many opens dpstack has logged so far
opens() {
	grep -c 'dpstack.raw: client pid [0-9]* opened dps0 ' "$OUT"
}

# wait_opens N SECONDS: until dpstack has logged N opens
wait_opens() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		[ "$(opens)" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# bg PID: a background child of this test, killed on exit if still there
bg() {
	PIDS+=("$1")
}

# wait_pid PID SECONDS: until PID (a child) exits; sets RC; kills it when late
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

# refused WHAT STATUS ARGS...: dpsctl ARGS exits 1 and names STATUS
refused() {
	local what=$1 status=$2 out=$TMP/refused.out rc
	shift 2
	ctl "$@" >"$out" 2>&1
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q "^dpsctl: [a-z ]*: $status\(: .*\)\?\$" "$out"; then
		ok "$what: exit 1, '$(head -n 1 "$out")'"
	else
		not_ok "$what: exit 1 and $status (exit $rc)"
		show "$out"
	fi
}

# hexlines HEX...: "LEN HEX" per frame, sorted (dpsctl recv prints that)
hexlines() {
	local h
	for h in "$@"; do
		printf '%d %s\n' $((${#h} / 2)) "$h"
	done | sort
}

# same WHAT WANT_FILE GOT_FILE: one TAP line, the difference on failure
same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff "$2" "$3" | cut -c1-160 | head -n 20 | sed 's/^/# /'
	fi
}

# ---- start ---------------------------------------------------------------

NS=$(new_ns raw) || {
	not_ok "create a network namespace"
	echo "1..$n"
	exit 1
}
check "IPv6 is off in namespace $NS" quiet_ns "$NS"

: >"$OUT"
# per-client lines (connected, opened, gone) are DEBUG: asked for here
ip netns exec "$NS" "$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" \
	-- --log-level ctrl:debug --log-level raw:debug >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if wait_for "$OUT" '^dpstack: running' "$PID" "$START_TIMEOUT"; then
	ok "dpstack starts with the default configuration"
else
	not_ok "dpstack starts with the default configuration (not running after ${START_TIMEOUT}s)"
	show "$OUT"
	echo "1..$n"
	exit 1
fi
MAC=$(sed -n 's/^dpstack: adapter dps0: port [0-9]* mac \([0-9A-Fa-f:]\{17\}\) .*/\1/p' "$OUT" |
	tr 'A-F' 'a-f')
if ip -n "$NS" addr add "$KERNEL_IP/24" dev dps0 && ip -n "$NS" link set dps0 up; then
	ok "kernel side of the tap: dps0 $KERNEL_IP/24, up"
else
	not_ok "kernel side of the tap: dps0 $KERNEL_IP/24, up"
fi
KMAC=$(ip -n "$NS" -br link show dps0 | awk '{ print $3 }' | tr 'A-F' 'a-f')
check "the control socket exists ($SOCK)" test -S "$SOCK"
SMH=${MAC//:/}  # the stack's MAC, hex
KMH=${KMAC//:/} # the kernel's

# ---- adapters, OIDs ------------------------------------------------------

ctl adapters >"$TMP/adapters.out" 2>&1
if grep -Eq "^dps0 +${MAC:-none} +1500 +up +[0-9]+ +Running +net_tap0,iface=dps0 \(net_tap\)$" \
	"$TMP/adapters.out"; then
	ok "dpsctl adapters: dps0, its MAC $MAC, MTU 1500, up, Running"
else
	not_ok "dpsctl adapters: dps0, its MAC ${MAC:-?}, MTU 1500, up, Running"
	show "$TMP/adapters.out"
fi
ctl --json adapters >"$TMP/adapters.json" 2>&1
check "dpsctl --json adapters: one adapter, dps0, with that MAC" python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
sys.exit(not (len(a) == 1 and a[0]["name"] == "dps0" and a[0]["mac"] == sys.argv[2]
              and a[0]["state"] == "Running"))' "$TMP/adapters.json" "$MAC"
got=$(ctl oid query dps0 OID_802_3_CURRENT_ADDRESS 2>&1)
check "dpsctl oid query dps0 OID_802_3_CURRENT_ADDRESS: $got" test "$got" = "$MAC"
MTU=$(ctl oid query dps0 OID_DPS_MTU 2>&1)
check "dpsctl oid query dps0 OID_DPS_MTU: $MTU" test "$MTU" = 1500
[ "$MTU" -eq "$MTU" ] 2>/dev/null || MTU=1500

# ---- receive -------------------------------------------------------------

# wanted: untagged of 60, 20 and 1514 bytes, one tag, two tags (0x88a8 +
# 0x8100), all with (inner) type 0x88b5; unwanted: 0x88b6, tagged or not
R1=${SMH}${KMH}88b5$(printf '%092x' 1)
R2=${SMH}${KMH}8100006488b5$(printf '%088x' 2)
R3=${SMH}${KMH}88a8000a810000c888b5$(printf 'ab%.0s' {1..50})
R4=${SMH}${KMH}88b5$(python3 -c 'print((bytes(range(256)) * 6)[:1500].hex())')
R5=${SMH}${KMH}88b5010203040506
U1=${SMH}${KMH}88b6$(printf '%092x' 6)
U2=${SMH}${KMH}8100006488b6$(printf '%088x' 7)
base=$(opens)
in_ns 20 "$DPSCTL" --file-prefix "$PREFIX" recv dps0 --ethertype 0x88b5 --timeout "$WINDOW" \
	>"$TMP/recv.out" 2>"$TMP/recv.err" &
R_PID=$!
bg "$R_PID"
in_ns 20 "$DPSCTL" --file-prefix "$PREFIX" recv dps0 --ethertype 0x88b5 --count 5 \
	--timeout 10 --pcap "$TMP/recv.pcap" >"$TMP/pcap.out" 2>&1 &
P_PID=$!
bg "$P_PID"
if wait_opens $((base + 2)) 10; then
	wire tx dps0 "$R1" "$U1" "$R2" "$U2" "$R3" "$R4" "$R5"
else
	not_ok "dpsctl recv opens dps0 (twice) within 10 s"
fi
wait_pid "$R_PID" 15
if [ "$RC" = 0 ]; then
	ok "dpsctl recv --timeout $WINDOW exits 0"
else
	not_ok "dpsctl recv --timeout $WINDOW exits 0 (exit $RC)"
	show "$TMP/recv.err"
fi
hexlines "$R1" "$R2" "$R3" "$R4" "$R5" >"$TMP/recv.want"
sort "$TMP/recv.out" >"$TMP/recv.got"
same "dpsctl recv: the 5 frames of 0x88b5 (20..1514 bytes, one untagged, tagged, double-tagged) byte for byte, nothing else" \
	"$TMP/recv.want" "$TMP/recv.got"
check "dpsctl recv: the VLAN-tagged frame (0x8100, inner 0x88b5) is among them" \
	grep -q " $R2\$" "$TMP/recv.out"
check "dpsctl recv: no 0x88b6 frame, tagged or not" \
	test "$(grep -c -e " $U1\$" -e " $U2\$" "$TMP/recv.out")" = 0
wait_pid "$P_PID" 15
if [ "$RC" = 0 ] && grep -q "^dpsctl: recv: 5 frames written to $TMP/recv.pcap\$" "$TMP/pcap.out"; then
	ok "dpsctl recv --count 5 --pcap: exit 0, '5 frames written'"
else
	not_ok "dpsctl recv --count 5 --pcap: exit 0, '5 frames written' (exit $RC)"
	show "$TMP/pcap.out"
fi
python3 "$HERE/dps_wire.py" pcap "$TMP/recv.pcap" >"$TMP/pcap.rec" 2>&1
awk '$1 == $2 { print $1, $3 }' "$TMP/pcap.rec" | sort >"$TMP/pcap.got"
same "the pcap file holds the same 5 frames, whole (captured = original length)" \
	"$TMP/recv.want" "$TMP/pcap.got"
if command -v tcpdump >/dev/null; then
	# -xx: each frame's bytes as "\t0xOFFS:  hhhh hhhh ..." lines, nothing else
	timeout 10 tcpdump -r "$TMP/recv.pcap" -nn -xx 2>/dev/null | awk '
		/^\t0x/ { for (i = 2; i <= NF; i++) h = h $i; next }
		{ if (h != "") print length(h) / 2, h; h = "" }
		END { if (h != "") print length(h) / 2, h }' | sort >"$TMP/tcpdump.got"
	same "tcpdump -r reads the pcap file: the same 5 frames, byte for byte" \
		"$TMP/recv.want" "$TMP/tcpdump.got"
else
	echo "# tcpdump is not installed: the pcap file was read back by dps_wire.py only"
fi

# ---- send ----------------------------------------------------------------

python3 -c 'import sys; sys.stdout.buffer.write((bytes(range(256)) * 6)[:1500])' \
	>"$TMP/payload.bin"
FILEHEX=$(od -An -v -tx1 "$TMP/payload.bin" | tr -d ' \n')
DEFHEX=$(python3 -c 'print(bytes(range(46)).hex())')
rm -f "$TMP/sniff.ready"
in_ns 20 python3 "$HERE/dps_wire.py" sniff dps0 0x88b5 5 10 "$TMP/sniff.ready" \
	>"$TMP/sniff.out" 2>&1 &
S_PID=$!
bg "$S_PID"
for ((i = 0; i < 50; i++)); do
	[ -f "$TMP/sniff.ready" ] && break
	sleep 0.1
done
ctl send dps0 --ethertype 0x88b5 --dst ff:ff:ff:ff:ff:ff --payload 0102030405 >"$TMP/send1.out" 2>&1
check "dpsctl send --payload 0102030405 to ff:ff:ff:ff:ff:ff: 'sent 1 frame of 19 bytes on dps0'" \
	grep -qx 'sent 1 frame of 19 bytes on dps0' "$TMP/send1.out"
ctl send dps0 --ethertype 0x88b5 --dst "$KMAC" --file "$TMP/payload.bin" --count 2 \
	>"$TMP/send2.out" 2>&1
check "dpsctl send --file (1500 bytes) --count 2 to the kernel's MAC: 'sent 2 frames of 1514 bytes on dps0'" \
	grep -qx 'sent 2 frames of 1514 bytes on dps0' "$TMP/send2.out"
ctl send dps0 --ethertype 0x88b5 --dst "$KMAC" >"$TMP/send3.out" 2>&1
check "dpsctl send (default payload): 'sent 1 frame of 60 bytes on dps0'" \
	grep -qx 'sent 1 frame of 60 bytes on dps0' "$TMP/send3.out"
ctl send dps0 --ethertype 0x88b5 --dst "$KMAC" --payload '' >"$TMP/send4.out" 2>&1
check "dpsctl send --payload '' (header only): 'sent 1 frame of 14 bytes on dps0'" \
	grep -qx 'sent 1 frame of 14 bytes on dps0' "$TMP/send4.out"
SENT=$((SENT + 5))
wait_pid "$S_PID" 15
{
	printf '19 ffffffffffff%s88b50102030405\n' "$SMH"
	printf '1514 %s%s88b5%s\n' "$KMH" "$SMH" "$FILEHEX"
	printf '1514 %s%s88b5%s\n' "$KMH" "$SMH" "$FILEHEX"
	printf '60 %s%s88b5%s\n' "$KMH" "$SMH" "$DEFHEX"
	printf '14 %s%s88b5\n' "$KMH" "$SMH"
} >"$TMP/sniff.want"
same "an AF_PACKET socket on dps0 sees the 5 frames dpsctl sent, byte for byte, in order" \
	"$TMP/sniff.want" "$TMP/sniff.out"

# ---- refused sends -------------------------------------------------------

refused "dpsctl send --src 02:00:00:00:00:99 (spoofed source MAC)" DPS_E_PERMISSION \
	send dps0 --ethertype 0x88b5 --dst "$KMAC" --src 02:00:00:00:00:99
refused "dpsctl send of MTU+15 = $((MTU + 15)) bytes" DPS_E_INVALID_LENGTH \
	send dps0 --ethertype 0x88b5 --dst "$KMAC" --payload "$(printf '00%.0s' $(seq $((MTU + 1))))"
refused "dpsctl send --ethertype 0x8100 of a frame tagged with inner type 0x88b6 (not the open's)" \
	DPS_E_INVALID_PARAMETER send dps0 --ethertype 0x8100 --dst "$KMAC" --payload 006488b6
refused "dpsctl oid set dps0 OID_DPS_ADAPTER_REMOVE 1 (not on the allow-list)" DPS_E_PERMISSION \
	oid set dps0 OID_DPS_ADAPTER_REMOVE 1
REFUSED=$((REFUSED + 3))

# why: the reason of each refusal, exactly as dpsctl prints it (issue 12)
# saying WHAT EXPECTED-LINE ARGS...: dpsctl ARGS exits 1 with that one line
saying() {
	local what=$1 want=$2 out=$TMP/saying.out rc
	shift 2
	ctl "$@" >"$out" 2>&1
	rc=$?
	if [ "$rc" -eq 1 ] && [ "$(cat "$out")" = "$want" ]; then
		ok "$what: '$want'"
	else
		not_ok "$what: exit 1 and '$want' (exit $rc)"
		show "$out"
	fi
}
saying "dpsctl send, spoofed source: the reason names both MACs" \
	"dpsctl: send: DPS_E_PERMISSION: source MAC 02:00:00:00:00:99 is not dps0's $MAC" \
	send dps0 --ethertype 0x88b5 --dst "$KMAC" --src 02:00:00:00:00:99
saying "dpsctl send of MTU+15 bytes: the reason gives the limit" \
	"dpsctl: send: DPS_E_INVALID_LENGTH: frame of $((MTU + 15)) bytes: at most $((MTU + 14)) (MTU $MTU + 14)" \
	send dps0 --ethertype 0x88b5 --dst "$KMAC" --payload "$(printf '00%.0s' $(seq $((MTU + 1))))"
REFUSED=$((REFUSED + 2))
saying "dpsctl recv with a bad pcap filter: libpcap's message" \
	"dpsctl: recv: DPS_E_INVALID_DATA: filter: can't parse filter expression: syntax error" \
	recv dps0 --ethertype 0x88b5 --filter 'ether[14] ==' --timeout 0
saying "dpsctl oid set OID_DPS_MTU 1600 on a tap: the device's limit" \
	"dpsctl: oid set: DPS_E_INVALID_DATA: MTU 1600: frame size 1618 > device max 1522 (dps0: MTU at most 1504)" \
	oid set dps0 OID_DPS_MTU 1600
ctl --json oid set dps0 OID_DPS_MTU 1600 >"$TMP/mtujson.out" 2>/dev/null
check "dpsctl --json oid set OID_DPS_MTU 1600: the error object on stdout" python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["error"]
sys.exit(0 if e == {"status": "DPS_E_INVALID_DATA", "reason": "MTU 1600: frame size 1618 > device max 1522 (dps0: MTU at most 1504)"} else 1)' "$TMP/mtujson.out"
if ctl send dps0 --ethertype 0x88b5 --dst "$KMAC" \
	--payload "$(printf '00%.0s' $(seq "$MTU"))" >"$TMP/send5.out" 2>&1; then
	ok "dpsctl send of MTU+14 = $((MTU + 14)) bytes: exit 0"
else
	not_ok "dpsctl send of MTU+14 = $((MTU + 14)) bytes: exit 0"
	show "$TMP/send5.out"
fi
SENT=$((SENT + 1))
# 13 bytes and a wrong untagged EtherType: dpsctl cannot build them
wire refuse "$SOCK" dps0 dps0 "$KMAC"

# ---- a full queue --------------------------------------------------------

wire queue "$SOCK" dps0 dps0

# ---- two clients, a filter -----------------------------------------------

# A: 0x88b5; B: 0x88b6; C: 0x88b5 whose first payload byte is 7
T1=${SMH}${KMH}88b508$(printf '%090x' 1)
T2=${SMH}${KMH}88b607$(printf '%090x' 2)
T3=${SMH}${KMH}88b507$(printf '%090x' 3)
T4=${SMH}${KMH}88b608$(printf '%090x' 4)
T5=${SMH}${KMH}88b507$(printf '%090x' 5)
base=$(opens)
in_ns 20 "$DPSCTL" --file-prefix "$PREFIX" recv dps0 --ethertype 0x88b5 --timeout "$WINDOW" \
	>"$TMP/a.out" 2>&1 &
A_PID=$!
bg "$A_PID"
in_ns 20 "$DPSCTL" --file-prefix "$PREFIX" recv dps0 --ethertype 0x88b6 --timeout "$WINDOW" \
	>"$TMP/b.out" 2>&1 &
B_PID=$!
bg "$B_PID"
in_ns 20 "$DPSCTL" --file-prefix "$PREFIX" recv dps0 --ethertype 0x88b5 \
	--filter 'ether[14] == 7' --timeout "$WINDOW" >"$TMP/c.out" 2>&1 &
C_PID=$!
bg "$C_PID"
if wait_opens $((base + 3)) 10; then
	wire tx dps0 "$T1" "$T2" "$T3" "$T4" "$T5"
else
	not_ok "three dpsctl recv open dps0 within 10 s"
fi
wait_pid "$A_PID" 15
a_rc=$RC
wait_pid "$B_PID" 15
b_rc=$RC
wait_pid "$C_PID" 15
c_rc=$RC
check "the three dpsctl recv exit 0 (exits $a_rc $b_rc $c_rc)" test "$a_rc$b_rc$c_rc" = 000
hexlines "$T1" "$T3" "$T5" >"$TMP/a.want"
sort "$TMP/a.out" >"$TMP/a.got"
same "client A (0x88b5) gets exactly the 3 frames of 0x88b5" "$TMP/a.want" "$TMP/a.got"
hexlines "$T2" "$T4" >"$TMP/b.want"
sort "$TMP/b.out" >"$TMP/b.got"
same "client B (0x88b6) gets exactly the 2 frames of 0x88b6" "$TMP/b.want" "$TMP/b.got"
hexlines "$T3" "$T5" >"$TMP/c.want"
sort "$TMP/c.out" >"$TMP/c.got"
same "client C (0x88b5, --filter 'ether[14] == 7') gets exactly the 2 frames that match" \
	"$TMP/c.want" "$TMP/c.got"
COUNTS[filtered]=$((${COUNTS[filtered]:-0} + 1)) # T1 for C
COUNTS[dropped]=${COUNTS[dropped]:-0}
wire filter "$SOCK" dps0 dps0 "$KMAC"
refused "dpsctl recv --filter 'ether[14] ==' (does not compile)" DPS_E_INVALID_DATA \
	recv dps0 --ethertype 0x88b5 --filter 'ether[14] ==' --count 1 --timeout 1

# ---- clients killed in the middle of a receive --------------------------

# wait_gone: until telemetry shows no client (bounded); sets clients, held
wait_gone() {
	local i
	for ((i = 0; i < 30; i++)); do
		clients=$(tel /dpstack/clients clients)
		[ "$clients" = 0 ] && break
		sleep 0.1
	done
	held=$(tel /dpstack/binding,raw@dps0 held)
}

# dpsctl recv, stopped (SIGSTOP) while it waits for frames, gets 20 frames
# queued, then SIGKILL. Its receive request is usually waiting at the
# server then and takes the first frame; when the stop fell between two of
# its requests (it asks for at most 0.5 s at a time) all 20 stay queued.
base=$(opens)
in_ns 60 "$DPSCTL" --file-prefix "$PREFIX" recv dps0 --ethertype 0x88b5 --queue 64 --timeout 30 \
	>"$TMP/killed.out" 2>&1 &
K_PID=$!
bg "$K_PID"
if wait_opens $((base + 1)) 10; then
	KILLED=$(sed -n 's/^dpstack.raw: client pid \([0-9]*\) opened dps0 .*/\1/p' "$OUT" | tail -n 1)
	sleep 0.2
	kill -STOP "$KILLED"
	frames=()
	for i in $(seq 20); do
		frames+=("${SMH}${KMH}88b5$(printf '%092x' "$i")")
	done
	wire tx dps0 "${frames[@]}"
	for ((i = 0; i < 30; i++)); do
		held=$(tel /dpstack/binding,raw@dps0 held)
		[ "${held:-0}" -ge 19 ] && break
		sleep 0.1
	done
	clients=$(tel /dpstack/clients clients)
	check "dpsctl recv (pid $KILLED) stopped: 1 client, its open holds $held mbufs (19 or 20 of 20 frames)" \
		test "$clients:$((held == 19 || held == 20))" = "1:1"
	kill -KILL "$KILLED"
	wait_pid "$K_PID" 10
	wait_gone
	check "dpsctl recv SIGKILLed: no client left, raw@dps0 holds $held mbufs (0)" \
		test "$clients:$held" = "0:0"
	check "dpstack logged the killed dpsctl gone" \
		grep -q "^dpstack.ctrl: client pid $KILLED uid [0-9]* gone" "$OUT"
else
	not_ok "dpsctl recv opens dps0 within 10 s"
	wait_pid "$K_PID" 1
fi

# a client of the wire format with a receive waiting for certain (on an open
# of 0x88b6, for 60 s) and 20 frames queued on another open, SIGKILLed
in_ns 60 python3 "$HERE/dps_wire.py" hold "$SOCK" dps0 dps0 40 >"$TMP/hold.out" 2>&1 &
H_PID=$!
bg "$H_PID"
if wait_for "$TMP/hold.out" '^READY [0-9]*$' "$H_PID" 10; then
	HELD=$(sed -n 's/^READY //p' "$TMP/hold.out")
	opens_now=$(tel /dpstack/clients "pid_$HELD" | python3 -c 'import json, sys
print(json.load(sys.stdin)["opens"])' 2>/dev/null)
	held=$(tel /dpstack/binding,raw@dps0 held)
	check "a client (pid $HELD) with 2 opens, one receiving, one holding $held mbufs (20)" \
		test "$opens_now:$held" = "2:20"
	kill -KILL "$HELD"
	wait_pid "$H_PID" 10
	wait_gone
	check "that client SIGKILLed: no client left, raw@dps0 holds $held mbufs (0)" \
		test "$clients:$held" = "0:0"
else
	not_ok "dps_wire.py hold: 2 opens, 20 frames queued, a receive waiting (within 10 s)"
	show "$TMP/hold.out"
	wait_pid "$H_PID" 1
fi

# ---- link indications ----------------------------------------------------

base=$(opens)
in_ns 20 "$DPSCTL" --file-prefix "$PREFIX" watch dps0 --count 2 --timeout 10 \
	>"$TMP/watch.out" 2>&1 &
W_PID=$!
bg "$W_PID"
if wait_opens $((base + 1)) 10; then
	ip -n "$NS" link set dps0 down
	wait_for "$TMP/watch.out" '^link down$' "$W_PID" 5
	ip -n "$NS" link set dps0 up
else
	not_ok "dpsctl watch opens dps0 within 10 s"
fi
wait_pid "$W_PID" 15
if [ "$RC" = 0 ] && [ "$(sed -n 1p "$TMP/watch.out")" = "link down" ] &&
	grep -Eq '^link up [0-9]+ Mb/s$' <(sed -n 2p "$TMP/watch.out") &&
	[ "$(wc -l <"$TMP/watch.out")" = 2 ]; then
	ok "dpsctl watch dps0 --count 2: 'link down' then '$(sed -n 2p "$TMP/watch.out")' (ip link set down, up)"
else
	not_ok "dpsctl watch dps0 --count 2: 'link down' then 'link up' (exit $RC)"
	show "$TMP/watch.out"
fi

# ---- bad input -----------------------------------------------------------

wire badinput "$SOCK" dps0
wire vanish "$SOCK" dps0
wire flood "$SOCK"
wire clients "$SOCK" 64 # [stack] max_clients, default
check "dpstack logged why it dropped the client that does not read" \
	grep -q 'dpstack.ctrl: client pid [0-9]*: reply queue full (client does not read)' "$OUT"
ctl adapters >"$TMP/adapters2.out" 2>&1
check "dpsctl adapters still answers after the bad clients" \
	grep -Eq "^dps0 +$MAC " "$TMP/adapters2.out"
for ((i = 0; i < 30; i++)); do
	clients=$(tel /dpstack/clients clients)
	[ "$clients" = 0 ] && break
	sleep 0.1
done
held=$(tel /dpstack/binding,raw@dps0 held)
check "then: no client connected, raw@dps0 holds no mbuf (telemetry: clients $clients, held $held)" \
	test "$clients:$held" = "0:0"
check "dpstack still runs" kill -0 "$PID"

# ---- stop and account ----------------------------------------------------

kill -INT "$PID" 2>/dev/null
if wait_exit "$PID" "$STOP_TIMEOUT" && [ "$RC" -eq 0 ]; then
	ok "SIGINT: dpstack exits 0"
else
	not_ok "SIGINT: dpstack exits 0 within ${STOP_TIMEOUT}s (exit: $RC)"
	show "$OUT"
fi
check "leak report is empty" grep -q '^leak report: empty' "$OUT"
if grep -Eq '^dpstack: mempool dps_mbuf: ([0-9]+) of \1 mbufs free$' "$OUT"; then
	ok "every mbuf is back in the mempool ($(grep -o '[0-9]* of [0-9]* mbufs free' "$OUT"))"
else
	not_ok "every mbuf is back in the mempool"
	grep '^dpstack: mempool' "$OUT" | sed 's/^/# /'
fi
RAW=$(grep -m1 '^  raw: opens ' "$OUT")
SRV=$(grep -m1 '^  control socket: clients ' "$OUT")
echo "# $RAW"
echo "# $SRV"
# field NAME LINE: the number after NAME in LINE
field() {
	grep -o " $1 [0-9]*" <<<" $2" | head -n 1 | awk '{ print $NF }'
}
check "exit report: raw opens 0" test "$(field opens "$RAW")" = 0
check "exit report: raw dropped = ${COUNTS[dropped]}, the frames the full queue dropped" \
	test "$(field dropped "$RAW")" = "${COUNTS[dropped]}"
check "exit report: raw filtered = ${COUNTS[filtered]}, the frames the filters rejected" \
	test "$(field filtered "$RAW")" = "${COUNTS[filtered]}"
sent=$((SENT + ${COUNTS[sent]:-0}))
refused=$((REFUSED + ${COUNTS[send_refused]:-0}))
check "exit report: raw sent $sent, send_refused $refused (what the clients did)" \
	test "$(field sent "$RAW"):$(field send_refused "$RAW")" = "$sent:$refused"
check "exit report: control socket clients 0" test "$(field clients "$SRV")" = 0
check "exit report: control socket bad = ${COUNTS[bad]:-0}, the malformed requests sent" \
	test "$(field bad "$SRV")" = "${COUNTS[bad]:-0}"
check "exit report: control socket dropped clients 1 (the one that did not read)" \
	test "$(field 'dropped clients' "$SRV")" = 1
check "exit report: control socket refused ${COUNTS[refused]:-0} (the client over the limit)" \
	test "$(field refused "$SRV")" = "${COUNTS[refused]:-0}"

ip netns del "$NS" 2>/dev/null
echo "1..$n"
[ "$failed" -eq 0 ]
