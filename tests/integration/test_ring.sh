#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Shared-memory rings and batched messages of the raw protocol (issue 15), as
# a user sees them: dpstack runs its embedded default (net_tap adapter dps0,
# raw) in a network namespace made here; frames come from and go to AF_PACKET
# sockets on the kernel side of the tap.
#   - dpsctl recv --mode ring / --mode batch: frames of several sizes from
#     the kernel, byte for byte and in order in the pcap file, the ring's
#     worker timestamps inside the test's window;
#   - two ring opens that do not read, 16 slots, 100 frames: drop-oldest and
#     drop-newest counted exactly, the newest / first 16 kept in order
#     (dps_ring.py, a client written from lib/ipc/dps_ring.h);
#   - the client cannot map the stack's memory writable, nor shrink or grow
#     either memory; a second setup, a ring past the budget and bad sizes
#     get their statuses;
#   - sends through the ring leave the tap byte for byte; spoofed source MAC,
#     wrong EtherType and bad lengths are refused and counted per reason;
#     dpsctl send --mode ring / batch, with --rate, and their refusals;
#   - a client SIGKILLed with its rings mapped: no client, no held mbuf, no
#     ring mapping left in dpstack (/proc/PID/maps);
#   - a client that scribbles over its ring memory while frames arrive:
#     dpstack counts what it would not follow and keeps serving (under the
#     ASan build in the 'sanitized' suite);
#   - SIGINT: exit 0, every mbuf back, empty leak report.
#
# Usage: test_ring.sh PATH/TO/dpstack PATH/TO/dpsctl
# TAP output; exit 1 if any check failed, 77 (skipped) without root or python3.
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
if ! command -v python3 >/dev/null; then
	echo "1..0 # SKIP python3 is not installed (scripts/deps.sh installs it)"
	exit 77
fi

. "$HERE/lib.sh"

OUT=$TMP/dpstack.out
PREFIX=dpstest$$g
PREFIXES+=("$PREFIX")
SOCK=/var/run/dpdk/$PREFIX/dpstack.sock

in_ns() {
	local t=$1
	shift
	timeout "$t" ip netns exec "$NS" "$@"
}

ctl() {
	in_ns 30 "$DPSCTL" --file-prefix "$PREFIX" "$@"
}

tel() {
	timeout 10 python3 "$HERE/dps_wire.py" tel "$PREFIX" "$@" 2>>"$TMP/tel.err"
}

# ring NAME COMMAND ARGS...: dps_ring.py in the namespace, PASS/FAIL as TAP
ring() {
	local name=$1 log=$TMP/ring-$1.out line rc
	shift
	in_ns 60 python3 "$HERE/dps_ring.py" "$@" >"$log" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		PASS\ *) ok "$name: ${line#PASS }" ;;
		FAIL\ *) not_ok "$name: ${line#FAIL }" ;;
		esac
	done <"$log"
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL ' "$log"; then
		not_ok "$name: dps_ring.py exits 0 (exit $rc)"
		show "$log"
	fi
}

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

same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff "$2" "$3" | cut -c1-160 | head -n 20 | sed 's/^/# /'
	fi
}

# wait_log PATTERN COUNT SECONDS: until dpstack's log has COUNT lines matching
wait_log() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		[ "$(grep -c "$1" "$OUT")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# sniffer N: an AF_PACKET reader of N frames of 0x88b5 on dps0 (SNIFF_PID)
sniffer() {
	rm -f "$TMP/sniff.ready"
	in_ns 30 python3 "$HERE/dps_wire.py" sniff dps0 0x88b5 "$1" 15 "$TMP/sniff.ready" \
		>"$TMP/sniff.out" 2>&1 &
	SNIFF_PID=$!
	bg "$SNIFF_PID"
	for ((i = 0; i < 100; i++)); do
		[ -f "$TMP/sniff.ready" ] && break
		sleep 0.1
	done
}

maps_rings() {
	grep -c 'dps_ring_' "/proc/$PID/maps" 2>/dev/null
}

# ---- start ---------------------------------------------------------------

NS=$(new_ns ring) || {
	not_ok "create a network namespace"
	echo "1..$n"
	exit 1
}
quiet_ns "$NS"
: >"$OUT"
# raw:debug: the per-client lines (opened, gone) the test waits for
ip netns exec "$NS" "$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" \
	-- --log-level raw:debug >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if wait_for "$OUT" '^dpstack: running' "$PID" "$START_TIMEOUT"; then
	ok "dpstack starts with the default configuration"
else
	not_ok "dpstack starts (not running after ${START_TIMEOUT}s)"
	show "$OUT"
	echo "1..$n"
	exit 1
fi
MAC=$(sed -n 's/^dpstack: adapter dps0: port [0-9]* mac \([0-9A-Fa-f:]\{17\}\) .*/\1/p' "$OUT" |
	tr 'A-F' 'a-f')
ip -n "$NS" link set dps0 up
KMAC=$(ip -n "$NS" -br link show dps0 | awk '{ print $3 }' | tr 'A-F' 'a-f')
SMH=${MAC//:/}
KMH=${KMAC//:/}

# ---- receive through the ring and through batches --------------------------

# frames N: N frames of 0x88b5 to the stack, numbered, 60..1514 bytes (one
# header for all: one flow, so one rx queue and one order)
frames() {
	python3 -c '
import sys
dst, src, n = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    size = (60, 64, 128, 1000, 1514)[i % 5]
    body = i.to_bytes(4, "big") + bytes((i + k) & 255 for k in range(size - 18))
    print((dst + src + b"\x88\xb5" + body).hex())' "$SMH" "$KMH" "$1"
}

N=60
frames "$N" >"$TMP/rx.hex"
awk '{ print length($0) / 2, $0 }' "$TMP/rx.hex" >"$TMP/rx.want"
for mode in ring batch; do
	base=$(grep -c 'dpstack.raw: client pid [0-9]* opened dps0 ' "$OUT")
	in_ns 40 "$DPSCTL" --file-prefix "$PREFIX" recv dps0 --ethertype 0x88b5 --mode "$mode" \
		--count "$N" --timeout 30 --pcap "$TMP/rx-$mode.pcap" >"$TMP/rx-$mode.out" 2>&1 &
	R_PID=$!
	bg "$R_PID"
	if [ "$mode" = ring ]; then
		wait_log 'dpstack.raw: client pid [0-9]*: rings on dps0: rx ' 1 15
	else
		wait_log 'dpstack.raw: client pid [0-9]* opened dps0 ' $((base + 1)) 15
	fi
	T0=$(date +%s.%N)
	# shellcheck disable=SC2046 # one argument per frame
	in_ns 30 python3 "$HERE/dps_wire.py" tx dps0 $(cat "$TMP/rx.hex")
	wait_pid "$R_PID" 35
	T1=$(date +%s.%N)
	[ "$mode" = ring ] && WINDOW="$T0 $T1"
	if [ "$RC" = 0 ] && grep -qx "dpsctl: recv: $N frames written to $TMP/rx-$mode.pcap" \
		"$TMP/rx-$mode.out"; then
		ok "dpsctl recv --mode $mode --count $N --pcap: exit 0, '$N frames written'"
	else
		not_ok "dpsctl recv --mode $mode --count $N --pcap: exit 0 (exit $RC)"
		show "$TMP/rx-$mode.out"
	fi
	python3 "$HERE/dps_wire.py" pcap "$TMP/rx-$mode.pcap" | awk '$1 == $2 { print $1, $3 }' \
		>"$TMP/rx-$mode.got"
	same "--mode $mode: the $N frames the kernel sent (60..1514 bytes), byte for byte, in order" \
		"$TMP/rx.want" "$TMP/rx-$mode.got"
done
check "--mode ring: the pcap timestamps are the workers', inside the test's window" python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
t0, t1, off, ts = float(sys.argv[2]), float(sys.argv[3]), 24, []
while off < len(d):
    s, us, cl, ol = struct.unpack_from("<IIII", d, off)
    ts.append(s + us / 1e6)
    off += 16 + cl
sys.exit(not (ts and all(t0 - 0.001 <= t <= t1 for t in ts) and ts == sorted(ts)))' \
	"$TMP/rx-ring.pcap" "${WINDOW% *}" "${WINDOW#* }"

# ---- drop policies, seals, budgets -----------------------------------------

ring drop drop "$SOCK" dps0 dps0
ring seal seal "$SOCK" dps0

# ---- send through the ring and through batches -----------------------------

sniffer 3
ring txring txring "$SOCK" dps0 "$KMAC"
wait_pid "$SNIFF_PID" 20
python3 -c '
import struct, sys
dst, src = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2])
for i in range(3):
    f = dst + src + b"\x88\xb5" + struct.pack("!I", 7000 + i) + bytes(60 + 100 * i - 18)
    print(len(f), f.hex())' "$KMH" "$SMH" >"$TMP/tx.want"
same "an AF_PACKET socket sees the 3 good frames of the send ring, byte for byte, in order" \
	"$TMP/tx.want" "$TMP/sniff.out"

DEFHEX=$(python3 -c 'print(bytes(range(46)).hex())')
for mode in ring batch; do
	sniffer 5
	ctl send dps0 --ethertype 0x88b5 --dst "$KMAC" --mode "$mode" --count 5 --rate 1000 \
		>"$TMP/send-$mode.out" 2>&1
	check "dpsctl send --mode $mode --count 5 --rate 1000: 'sent 5 frames of 60 bytes on dps0'" \
		grep -qx 'sent 5 frames of 60 bytes on dps0' "$TMP/send-$mode.out"
	wait_pid "$SNIFF_PID" 20
	for ((i = 0; i < 5; i++)); do printf '60 %s%s88b5%s\n' "$KMH" "$SMH" "$DEFHEX"; done \
		>"$TMP/send.want"
	same "--mode $mode: the tap sees the 5 frames, byte for byte" "$TMP/send.want" \
		"$TMP/sniff.out"
done
ctl send dps0 --ethertype 0x88b5 --dst "$KMAC" --src 02:00:00:00:00:99 --mode ring --count 3 \
	>"$TMP/spoof-ring.out" 2>&1
RC=$?
check "dpsctl send --mode ring with a spoofed --src: exit 1, 'DPS_E_PERMISSION (3 of 3 frames refused)'" \
	test "$RC:$(cat "$TMP/spoof-ring.out")" = \
	"1:dpsctl: send: DPS_E_PERMISSION (3 of 3 frames refused)"
ctl send dps0 --ethertype 0x88b5 --dst "$KMAC" --src 02:00:00:00:00:99 --mode batch --count 3 \
	>"$TMP/spoof-batch.out" 2>&1
RC=$?
check "dpsctl send --mode batch with a spoofed --src: exit 1, 'DPS_E_PERMISSION (frame 1 of 3): source MAC 02:00:00:00:00:99 is not dps0's $MAC'" \
	test "$RC:$(cat "$TMP/spoof-batch.out")" = \
	"1:dpsctl: send: DPS_E_PERMISSION (frame 1 of 3): source MAC 02:00:00:00:00:99 is not dps0's $MAC"

# ---- a client SIGKILLed with its rings mapped --------------------------------

rings_before=$(grep -c 'dpstack.raw: client pid [0-9]*: rings on dps0: ' "$OUT")
# started without a wrapper, so that $! is the client itself (ip netns exec
# execs it) and SIGKILL reaches it; each ends on its own within 60 / 30 s
ip netns exec "$NS" python3 "$HERE/dps_ring.py" holdring "$SOCK" dps0 60 >"$TMP/hold.out" 2>&1 &
H_PID=$!
bg "$H_PID"
for ((i = 0; i < 100; i++)); do
	grep -q '^READY ' "$TMP/hold.out" && break
	sleep 0.1
done
ip netns exec "$NS" "$DPSCTL" --file-prefix "$PREFIX" recv dps0 --ethertype 0x88b5 --mode ring \
	--timeout 30 >/dev/null 2>&1 &
K_PID=$!
bg "$K_PID"
wait_log 'dpstack.raw: client pid [0-9]*: rings on dps0: ' $((rings_before + 2)) 15
mapped=$(maps_rings)
check "two ring clients: dpstack maps their rings ($mapped mappings of dps_ring_a/b)" \
	test "${mapped:-0}" -ge 4
frames 20 >"$TMP/k.hex"
# shellcheck disable=SC2046
in_ns 30 python3 "$HERE/dps_wire.py" tx dps0 $(cat "$TMP/k.hex")
kill -KILL "$H_PID" "$K_PID" 2>/dev/null
wait_pid "$H_PID" 5
wait_pid "$K_PID" 5
for ((i = 0; i < 50; i++)); do
	clients=$(tel /dpstack/clients clients)
	[ "$clients" = 0 ] && break
	sleep 0.1
done
held=$(tel /dpstack/binding,raw@dps0 held)
mapped=$(maps_rings)
check "both SIGKILLed: no client, raw@dps0 holds no mbuf, no ring mapped in dpstack (clients $clients, held $held, mappings ${mapped:-0})" \
	test "$clients:$held:${mapped:-0}" = "0:0:0"

# ---- a client that scribbles over its ring ---------------------------------

in_ns 60 python3 "$HERE/dps_ring.py" scribble "$SOCK" dps0 4 >"$TMP/ring-scribble.out" 2>&1 &
S_PID=$!
bg "$S_PID"
frames 50 >"$TMP/s.hex"
for ((i = 0; i < 100; i++)); do
	grep -q '^READY ' "$TMP/ring-scribble.out" && break
	sleep 0.1
done
for ((k = 0; k < 20; k++)); do
	# shellcheck disable=SC2046
	in_ns 30 python3 "$HERE/dps_wire.py" tx dps0 $(cat "$TMP/s.hex")
	kill -0 "$S_PID" 2>/dev/null || break
	sleep 0.3
done
wait_pid "$S_PID" 30
while IFS= read -r line; do
	case $line in
	PASS\ *) ok "scribble: ${line#PASS }" ;;
	FAIL\ *) not_ok "scribble: ${line#FAIL }" ;;
	esac
done <"$TMP/ring-scribble.out"
check "scribble: dps_ring.py exits 0" test "$RC" = 0
check "dpstack still runs after the scribbling client" kill -0 "$PID"
ctl recv dps0 --ethertype 0x88b5 --mode ring --timeout 0.5 >"$TMP/after.out" 2>&1
check "and serves a new ring client (dpsctl recv --mode ring --timeout 0.5 exits 0)" test $? = 0

# ---- stop ----------------------------------------------------------------

kill -INT "$PID" 2>/dev/null
if wait_exit "$PID" "$STOP_TIMEOUT" && [ "$RC" -eq 0 ]; then
	ok "SIGINT: dpstack exits 0"
else
	not_ok "SIGINT: dpstack exits 0 within ${STOP_TIMEOUT}s (exit: $RC)"
	grep -v '^EAL' "$OUT" | tail -n 30 | sed 's/^/# /'
fi
check "leak report is empty" grep -q '^leak report: empty' "$OUT"
if grep -Eq '^dpstack: mempool dps_mbuf: ([0-9]+) of \1 mbufs free$' "$OUT"; then
	ok "every mbuf is back in the mempool"
else
	not_ok "every mbuf is back in the mempool"
	grep '^dpstack: mempool' "$OUT" | sed 's/^/# /'
fi
if grep -q 'ERROR: AddressSanitizer\|runtime error:' "$OUT"; then
	not_ok "no sanitizer report in dpstack's output"
	grep -A5 'ERROR: AddressSanitizer\|runtime error:' "$OUT" | head -n 20 | sed 's/^/# /'
else
	ok "no sanitizer report in dpstack's output"
fi

ip netns del "$NS" 2>/dev/null
echo "1..$n"
[ "$failed" -eq 0 ]
