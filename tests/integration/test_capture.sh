#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Packet capture (issue 11): dpstack runs its embedded default (net_tap dps0,
# 198.51.100.2/24) and a second tap, dps1 (203.0.113.2/24), in a namespace
# made here; the kernel side of the tap is 198.51.100.1/24 and pings it.
# Checked, with dpsctl capture:
#   - -c 20 -w FILE: exit 0; tshark reads FILE with nothing on stderr; 20
#     frames, requests inbound and replies outbound; each frame byte for byte
#     what tcpdump saw on the kernel side; timestamps increase and lie in the
#     capture's wall-clock window; a statistics block at the end;
#   - --filter icmp while ARP and UDP echo flow: only ICMP; --direction rx:
#     no replies; -w - | tshark -r -: the stream reads;
#   - a flood that fills the ring (the reader of -w - waits before it reads):
#     pings still answered, drops counted in the statistics block and by
#     dpsctl;
#   - a client killed with SIGKILL: its capture goes, its file is complete;
#   - bad input: unknown adapter, a filter that does not compile (libpcap's
#     message), a path that cannot be written, too many captures, each with
#     its exact status and reason;
#   - the adapter removed mid-capture (dps1's kernel interface deleted,
#     dps0 by dpsctl adapter remove): the capture ends first, dpsctl says
#     so (exit 1), tshark reads the complete file, dpstack runs on;
#   - SIGINT: exit 0, every mbuf back, an empty leak report.
#
# Usage: test_capture.sh PATH/TO/dpstack PATH/TO/dpsctl
set -uo pipefail

BIN=${1:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}
CTL=${2:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}
BIN=$(realpath "$BIN")
CTL=$(realpath "$CTL")
HERE=$(cd "$(dirname "$0")" && pwd)
START_TIMEOUT=30
STOP_TIMEOUT=20
KERNEL_IP=198.51.100.1
STACK_IP=198.51.100.2

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi
for tool in ping arping python3 tshark tcpdump runuser; do
	if ! command -v "$tool" >/dev/null; then
		echo "1..0 # SKIP $tool is not installed (scripts/deps.sh installs it)"
		exit 77
	fi
done

# shellcheck source=tests/integration/lib.sh
. "$HERE/lib.sh"

OUT=$TMP/dpstack.out
PREFIX=dpstest$$c
PREFIXES+=("$PREFIX")
READ="python3 $HERE/pcapng_read.py"

in_ns() {
	local t=$1
	shift
	timeout "$t" ip netns exec "$NS" "$@"
}

ctl() {
	in_ns "$1" "$CTL" --file-prefix "$PREFIX" "${@:2}"
}

# tshark as nobody (as root it warns) on FILE from stdin: stdout to $2, stderr to $3
tshark_read() {
	runuser -u nobody -- tshark -r - "${@:4}" <"$1" >"$2" 2>"$3"
}

now() { date +%s%N; }

NS=$(new_ns capture) || {
	not_ok "create a network namespace"
	echo "1..$n"
	exit 1
}
check "IPv6 is off in namespace $NS" quiet_ns "$NS"
# the embedded default and a second tap (removed at the end)
{
	cat "$HERE/../../config/default.ini"
	printf '\n[adapter dps1]\ndevice = net_tap1,iface=dps1\naddress = 203.0.113.2/24\n'
} >"$TMP/capture.ini"
ip netns exec "$NS" "$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" \
	-- --config "$TMP/capture.ini" >"$OUT" 2>&1 &
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
ip -n "$NS" addr add "$KERNEL_IP/24" dev dps0 && ip -n "$NS" link set dps0 up
# the neighbour is known before the captures start: their frames are pings
in_ns 20 ping -n -c 2 -i 0.2 -W 2 "$STACK_IP" >/dev/null 2>&1
pings() { in_ns 20 ping -n -c "$1" -i 0.2 -W 2 "$STACK_IP" >/dev/null 2>&1; }
check "the kernel pings the stack" pings 1

# ---- 20 frames, against the kernel's view --------------------------------

in_ns 60 tcpdump -i dps0 -U -n -w "$TMP/kernel.pcap" icmp >"$TMP/tcpdump.out" 2>&1 &
TCPDUMP=$!
PIDS+=("$TCPDUMP")
wait_for "$TMP/tcpdump.out" 'listening on' "$TCPDUMP" 10
t0=$(now)
ctl 60 capture dps0 -c 20 -w "$TMP/f.pcapng" >"$TMP/cap.out" 2>"$TMP/cap.err" &
CAP=$!
wait_for "$TMP/cap.err" '^dpsctl: capturing on dps0' "$CAP" 10
in_ns 30 ping -n -c 12 -i 0.2 -W 2 "$STACK_IP" >"$TMP/ping1.out" 2>&1
wait "$CAP"
rc=$?
t1=$(now)
sleep 0.5
kill -INT "$TCPDUMP" 2>/dev/null
wait "$TCPDUMP" 2>/dev/null
if [ "$rc" -eq 0 ] && grep -q '^dpsctl: capture [0-9]*: 20 frames written (.*count reached$' "$TMP/cap.err"; then
	ok "capture -c 20: exit 0, 20 frames written, count reached"
else
	not_ok "capture -c 20: exit 0, 20 frames written (exit $rc)"
	show "$TMP/cap.err"
fi
tshark_read "$TMP/f.pcapng" "$TMP/t.out" "$TMP/t.err"
trc=$?
frames=$(wc -l <"$TMP/t.out")
if [ "$trc" -eq 0 ] && [ ! -s "$TMP/t.err" ] && [ "$frames" -eq 20 ]; then
	ok "tshark reads the file without a warning: 20 frames"
else
	not_ok "tshark reads the file without a warning: 20 frames (got $frames)"
	show "$TMP/t.err"
fi
tshark_read "$TMP/f.pcapng" "$TMP/dir.out" /dev/null -T fields -e icmp.type \
	-e frame.packet_flags_direction -e frame.interface_name
bad=$(awk '!(($1 == 8 && $2 == "0x00000001") || ($1 == 0 && $2 == "0x00000002"))' "$TMP/dir.out" | wc -l)
if [ "$bad" -eq 0 ] && [ "$(awk '$1 == 8' "$TMP/dir.out" | wc -l)" -eq 10 ] &&
	[ "$(awk '$3 != "dps0"' "$TMP/dir.out" | wc -l)" -eq 0 ]; then
	ok "echo requests are marked inbound, replies outbound, interface dps0"
else
	not_ok "echo requests inbound, replies outbound, interface dps0"
	show "$TMP/dir.out"
fi
$READ frames "$TMP/f.pcapng" >"$TMP/frames.txt"
$READ pcap "$TMP/kernel.pcap" >"$TMP/kernel.txt"
missing=$(awk '{ print $3 }' "$TMP/frames.txt" | grep -cvxF -f "$TMP/kernel.txt")
if [ "$(wc -l <"$TMP/frames.txt")" -eq 20 ] && [ "$missing" -eq 0 ]; then
	ok "every captured frame is byte for byte one the kernel sent or received"
else
	not_ok "every captured frame is one the kernel saw ($missing not)"
fi
if awk -v t0="$t0" -v t1="$t1" 'BEGIN { ok = 1 } { if ($1 < t0 || $1 > t1 || $1 < last) ok = 0; last = $1 }
	END { exit !ok }' "$TMP/frames.txt"; then
	ok "timestamps increase and lie within the capture's wall-clock window"
else
	not_ok "timestamps increase and lie within [$t0, $t1]"
	awk '{ print "# " $1 }' "$TMP/frames.txt" | head -n 3
fi
$READ stats "$TMP/f.pcapng" >"$TMP/stats.txt"
if [ "$(wc -l <"$TMP/stats.txt")" -eq 1 ] && awk '{ exit !($1 >= 20 && $2 == 0) }' "$TMP/stats.txt"; then
	ok "a statistics block at the end: $(cat "$TMP/stats.txt") (received dropped)"
else
	not_ok "a statistics block at the end with received >= 20, dropped 0"
	show "$TMP/stats.txt"
fi

# ---- filter, direction, stdout -------------------------------------------

ctl 60 capture dps0 --filter icmp -c 6 -w "$TMP/icmp.pcapng" 2>"$TMP/icmp.err" &
CAP=$!
wait_for "$TMP/icmp.err" '^dpsctl: capturing' "$CAP" 10
in_ns 20 arping -c 2 -i dps0 "$STACK_IP" >/dev/null 2>&1
in_ns 10 python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
for i in range(3):
    s.sendto(b'x' * 10, ('$STACK_IP', 7))
    s.recvfrom(100)
" 2>/dev/null
in_ns 20 ping -n -c 4 -i 0.2 -W 2 "$STACK_IP" >/dev/null 2>&1
wait "$CAP"
tshark_read "$TMP/icmp.pcapng" "$TMP/icmp.out" /dev/null -T fields -e frame.protocols
if [ "$(wc -l <"$TMP/icmp.out")" -eq 6 ] && ! grep -qv ':icmp' "$TMP/icmp.out" &&
	grep -q ' filtered' "$TMP/icmp.err" && ! grep -q ' 0 filtered' "$TMP/icmp.err"; then
	ok "--filter icmp: 6 ICMP frames only, the ARP and UDP frames filtered"
else
	not_ok "--filter icmp: 6 ICMP frames only"
	show "$TMP/icmp.out"
	show "$TMP/icmp.err"
fi
ctl 60 capture dps0 --direction rx --filter icmp -c 4 -w - 2>"$TMP/rx.err" |
	runuser -u nobody -- tshark -r - -T fields -e icmp.type >"$TMP/rx.out" 2>"$TMP/rx.terr" &
RXP=$!
wait_for "$TMP/rx.err" '^dpsctl: capturing' "$RXP" 10
in_ns 20 ping -n -c 4 -i 0.2 -W 2 "$STACK_IP" >/dev/null 2>&1
wait "$RXP"
if [ "$(grep -c '^8$' "$TMP/rx.out")" -eq 4 ] && [ "$(wc -l <"$TMP/rx.out")" -eq 4 ] &&
	[ ! -s "$TMP/rx.terr" ]; then
	ok "--direction rx -w - | tshark -r -: 4 echo requests, no reply"
else
	not_ok "--direction rx -w - | tshark -r -: 4 echo requests, no reply"
	show "$TMP/rx.out"
	show "$TMP/rx.terr"
fi

# ---- a full ring ----------------------------------------------------------

# the reader sleeps: the pipe fills, the writer blocks, the ring fills
ctl 60 capture dps0 --duration 6 -w - 2>"$TMP/flood.err" |
	(sleep 9; cat >"$TMP/flood.pcapng") &
FLP=$!
wait_for "$TMP/flood.err" '^dpsctl: capturing' "$FLP" 10
in_ns 30 ping -n -f -c 3000 -W 1 "$STACK_IP" >"$TMP/flood.out" 2>&1
got=$(sed -n 's/.* transmitted, \([0-9]*\) received.*/\1/p' "$TMP/flood.out")
if [ "${got:-0}" -ge 2700 ]; then
	ok "flood: the worker keeps answering ($got of 3000 echoes)"
else
	not_ok "flood: the worker keeps answering (${got:-0} of 3000 echoes)"
	show "$TMP/flood.out"
fi
wait "$FLP"
drops=$(sed -n 's/^dpsctl: capture [0-9]*: .* \([0-9]*\) dropped.*/\1/p' "$TMP/flood.err")
isb=$($READ stats "$TMP/flood.pcapng" 2>&1)
if [ "${drops:-0}" -gt 0 ] && [ "$(awk '{ print $2 }' <<<"$isb")" = "$drops" ]; then
	ok "the full ring drops, counted by dpsctl and in the statistics block ($drops)"
else
	not_ok "the full ring drops, counted alike (dpsctl ${drops:-?}, block: $isb)"
	show "$TMP/flood.err"
fi
check "after the flood, ping: 0% loss" pings 3

# background captures run without timeout(1) in between: $! is dpsctl, and
# --duration bounds them
bg_capture() { # ERR-FILE ARGS...
	local err=$1
	shift
	ip netns exec "$NS" "$CTL" --file-prefix "$PREFIX" capture "$@" 2>"$err" &
}

# ---- a client killed -----------------------------------------------------

bg_capture "$TMP/killed.err" dps0 --duration 60 -w "$TMP/killed.pcapng"
KP=$!
PIDS+=("$KP")
wait_for "$TMP/killed.err" '^dpsctl: capturing' "$KP" 10
in_ns 20 ping -n -c 2 -i 0.2 -W 2 "$STACK_IP" >/dev/null 2>&1
ctl 10 captures --json >"$TMP/list1.json"
kill -KILL "$KP" 2>/dev/null
wait "$KP" 2>/dev/null
gone=0
for _ in $(seq 50); do
	ctl 10 captures --json >"$TMP/list2.json"
	if [ "$(cat "$TMP/list2.json")" = "[]" ]; then
		gone=1
		break
	fi
	sleep 0.1
done
if grep -q '"state":"running"' "$TMP/list1.json" && [ "$gone" -eq 1 ]; then
	ok "a client killed with SIGKILL: its capture is listed, then gone"
else
	not_ok "a client killed with SIGKILL: its capture goes"
	show "$TMP/list1.json"
	show "$TMP/list2.json"
fi
tshark_read "$TMP/killed.pcapng" "$TMP/k.out" "$TMP/k.err"
if [ ! -s "$TMP/k.err" ] && [ "$(wc -l <"$TMP/k.out")" -ge 4 ] &&
	[ "$($READ stats "$TMP/killed.pcapng" | wc -l)" -eq 1 ]; then
	ok "its file is complete: tshark reads it, statistics block at the end"
else
	not_ok "its file is complete"
	show "$TMP/k.err"
fi

# ---- bad input -----------------------------------------------------------

expect_fail() { # NAME WANT-STDERR ARGS...
	local name=$1 want=$2
	shift 2
	ctl 20 capture "$@" >"$TMP/bad.out" 2>"$TMP/bad.err"
	local rc=$?
	if [ "$rc" -ne 0 ] && grep -qF -- "$want" "$TMP/bad.err"; then
		ok "$name: exit $rc, '$want'"
	else
		not_ok "$name: exit $rc, want '$want'"
		show "$TMP/bad.err"
	fi
}
expect_fail "unknown adapter" "dpsctl: capture: DPS_E_NOT_FOUND: no adapter nope" nope -w "$TMP/x"
expect_fail "a filter that does not compile" \
	"dpsctl: capture: DPS_E_INVALID_DATA: filter: can't parse filter expression: syntax error" dps0 --filter 'icmp and and' -w "$TMP/x"
expect_fail "a path that cannot be written" \
	"dpsctl: capture: cannot open /nonexistent/x.pcapng: No such file or directory" dps0 -w /nonexistent/x.pcapng
expect_fail "a bad direction" "dpsctl: capture: bad --direction 'up' (rx, tx or both)" dps0 --direction up -w -
expect_fail "no -w" "dpsctl: capture: missing -w FILE" dps0
BG=()
for i in 1 2 3 4; do
	bg_capture "$TMP/many$i.err" dps0 --duration 60 -w "$TMP/many$i.pcapng"
	BG+=($!)
	PIDS+=($!)
	wait_for "$TMP/many$i.err" '^dpsctl: capturing' "${BG[-1]}" 10
done
expect_fail "a fifth capture (max_captures 4)" \
	"dpsctl: capture: DPS_E_RESOURCES: 4 captures already ([stack] max_captures)" dps0 -w "$TMP/x"
for p in "${BG[@]}"; do kill -INT "$p" 2>/dev/null; done
for p in "${BG[@]}"; do wait "$p" 2>/dev/null; done
sleep 0.5
if [ "$(ctl 10 captures --json)" = "[]" ] && grep -q 'stopped$' "$TMP/many1.err"; then
	ok "Ctrl-C ends each capture cleanly (dpsctl: stopped), none left"
else
	not_ok "Ctrl-C ends each capture cleanly"
	show "$TMP/many1.err"
fi

# ---- the adapter goes mid-capture -----------------------------------------

# removed CAPTURE-PID ERR-FILE PCAPNG ADAPTER HOW: dpsctl ends with the
# adapter-removed status and the file is complete
removed() {
	local p=$1 err=$2 f=$3 name=$4 how=$5 i
	for ((i = 0; i < 150; i++)); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	local rc=$?
	if [ "$rc" -eq 1 ] && grep -q 'frames written .*; adapter removed$' "$err" &&
		grep -qF "dpsctl: capture: adapter $name was removed (the file is complete)" "$err"; then
		ok "$how mid-capture: dpsctl capture ends, exit 1, 'adapter $name was removed'"
	else
		not_ok "$how mid-capture: dpsctl capture ends with exit 1 (exit $rc)"
		show "$err"
	fi
	tshark_read "$f" "$TMP/rm.out" "$TMP/rm.err"
	if [ ! -s "$TMP/rm.err" ] && [ "$(grep -c ICMP "$TMP/rm.out")" -ge 4 ] &&
		[ "$($READ stats "$f" | wc -l)" -eq 1 ]; then
		ok "its file is complete: tshark reads the pings, statistics block at the end"
	else
		not_ok "its file is complete (tshark, statistics block)"
		show "$TMP/rm.err"
		show "$TMP/rm.out"
	fi
}
ip -n "$NS" addr add 203.0.113.1/24 dev dps1 && ip -n "$NS" link set dps1 up
in_ns 20 ping -n -c 2 -i 0.2 -W 2 203.0.113.2 >/dev/null 2>&1
bg_capture "$TMP/gone1.err" dps1 --duration 60 -w "$TMP/gone1.pcapng"
GP=$!
PIDS+=("$GP")
wait_for "$TMP/gone1.err" '^dpsctl: capturing' "$GP" 10
in_ns 20 ping -n -c 3 -i 0.2 -W 2 203.0.113.2 >/dev/null 2>&1
ip -n "$NS" link del dps1
removed "$GP" "$TMP/gone1.err" "$TMP/gone1.pcapng" dps1 "dps1's kernel interface deleted"
bg_capture "$TMP/gone0.err" dps0 --duration 60 -w "$TMP/gone0.pcapng"
GP=$!
PIDS+=("$GP")
wait_for "$TMP/gone0.err" '^dpsctl: capturing' "$GP" 10
pings 3
ctl 20 adapter remove dps0 >"$TMP/rm0.out" 2>&1
removed "$GP" "$TMP/gone0.err" "$TMP/gone0.pcapng" dps0 "dpsctl adapter remove dps0"
if grep -q 'capture [0-9]* of dps0 stopping (the adapter is removed)' "$OUT" &&
	grep -q 'dps0: adapter removed' "$OUT" &&
	[ "$(grep -n 'capture [0-9]* of dps0 stopping (the adapter' "$OUT" | cut -d: -f1)" -lt \
		"$(grep -n 'dps0: adapter removed' "$OUT" | cut -d: -f1)" ] &&
	[ "$(ctl 10 captures --json)" = "[]" ] && kill -0 "$PID" 2>/dev/null &&
	ctl 10 adapters >"$TMP/adapters.out" 2>&1 && ! grep -q 'dps[01]' "$TMP/adapters.out"; then
	ok "the captures end before their adapters go; none left; dpstack runs on without dps0, dps1"
else
	not_ok "the captures end before their adapters go, dpstack runs on"
	show "$TMP/rm0.out"
	show "$TMP/adapters.out"
	grep 'capture\|removed\|removing' "$OUT" | sed 's/^/# /'
fi

# ---- exit -----------------------------------------------------------------

kill -INT "$PID"
if wait_exit "$PID" "$STOP_TIMEOUT" && [ "$RC" -eq 0 ]; then
	ok "SIGINT: dpstack exits 0"
else
	not_ok "SIGINT: dpstack exits 0 (exit: $RC)"
	show "$OUT"
fi
if grep -q '^dpstack: mempool .*: \([0-9]*\) of \1 mbufs free$' "$OUT" &&
	grep -q '^leak report: empty' "$OUT"; then
	ok "every mbuf back, empty leak report"
else
	not_ok "every mbuf back, empty leak report"
	show "$OUT"
fi
if ! grep -q 'copies not returned\|did not finish' "$OUT"; then
	ok "every capture's copies came back"
else
	not_ok "every capture's copies came back"
	show "$OUT"
fi
echo "1..$n"
[ "$failed" -eq 0 ]
