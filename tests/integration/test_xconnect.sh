#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# xconnect as a user runs it: the whole dpstack process on two net_pcap
# adapters cross-connected ([protocol xconnect] pairs = x0:x1). Each reads
# its frames from a pcap file (every kind: unicast to others, broadcast,
# multicast, tagged, IPv4, ARP, unknown EtherTypes, 60..1514 bytes); what
# x0 receives must come out of x1's tx pcap byte for byte and in order, and
# the other way round; the exit report counts them exactly; every mbuf is
# back. A bad pairs value is refused when the configuration is loaded: one
# line naming the section and key, exit 2, before EAL starts.
#
# Usage: test_xconnect.sh PATH/TO/dpstack
# Prints TAP lines, exits 1 if any failed.
set -uo pipefail

BIN=$(realpath "${1:?usage: $0 PATH/TO/dpstack}")
FRAMES="$(dirname "$0")/xc_frames.py"

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root (DPDK runtime directory)"
	exit 77
fi

. "$(dirname "$0")/lib.sh"

# ---- bad pairs: refused at load, one line, exit 2 ----
bad_pairs() {
	local pairs=$1 why=$2 out rc
	cat >"$TMP/bad.ini" <<INI
[adapter x0]
device = net_null0
[adapter x1]
device = net_null1
[protocol xconnect]
pairs = $pairs
INI
	# stderr: the loader's "loaded" log line, then the refusal (and nothing of EAL)
	out=$("$BIN" --no-huge --no-pci -m 256 -l 0-1 --file-prefix="dpsxcbad$$" -- \
		--config "$TMP/bad.ini" 2>&1 | grep -v '^dpstack.config: .*: loaded, ')
	rc=${PIPESTATUS[0]}
	check "pairs = '$pairs': exit 2 (exit $rc)" test "$rc" -eq 2
	check "pairs = '$pairs': one line naming section and key ($out)" \
		test "$out" = "dpstack: $TMP/bad.ini: [protocol xconnect] pairs = '$pairs': $why"
}
PREFIXES+=("dpsxcbad$$")
bad_pairs "x0:x0" "adapter x0 is paired with itself"
bad_pairs "x0:x1, x1:x2" "adapter x1 is in more than one pair"
bad_pairs "x0" "'x0' is not a pair a:b"
bad_pairs "x0:x/1" "adapter name 'x/1' has '/' (letters, digits, _ . -)"

# ---- frames in one side come out of the other, byte-identical ----
PREFIX=dpsxc$$
PREFIXES+=("$PREFIX")
python3 "$FRAMES" write "$TMP/in0.pcap" 40 1
python3 "$FRAMES" write "$TMP/in1.pcap" 25 2
cat >"$TMP/xc.ini" <<INI
[adapter x0]
device = net_pcap0,rx_pcap=$TMP/in0.pcap,tx_pcap=$TMP/out0.pcap
[adapter x1]
device = net_pcap1,rx_pcap=$TMP/in1.pcap,tx_pcap=$TMP/out1.pcap
[protocol xconnect]
pairs = x0:x1
INI
OUT=$TMP/dpstack.out
"$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" -- --config "$TMP/xc.ini" \
	>"$OUT" 2>&1 &
pid=$!
PIDS+=("$pid")
if wait_for "$OUT" '^dpstack: running' "$pid" 30; then
	ok "dpstack starts with x0 and x1 cross-connected"
else
	not_ok "dpstack starts with x0 and x1 cross-connected"
	show "$OUT"
fi
check "the pair is announced" grep -q 'x0 <-> x1: cross-connected' "$OUT"
# net_pcap reads each file once: wait until both outputs hold everything
for ((i = 0; i < 100; i++)); do
	python3 "$FRAMES" same "$TMP/in0.pcap" "$TMP/out1.pcap" >/dev/null 2>&1 &&
		python3 "$FRAMES" same "$TMP/in1.pcap" "$TMP/out0.pcap" >/dev/null 2>&1 && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.2
done
kill -INT "$pid"
if wait_exit "$pid" 20 && [ "$RC" -eq 0 ]; then
	ok "SIGINT: dpstack exits 0"
else
	not_ok "SIGINT: dpstack exits 0 (exit: $RC)"
	show "$OUT"
fi
# the pcap dumper flushes at close: compare after the exit
diff0=$(python3 "$FRAMES" same "$TMP/in0.pcap" "$TMP/out1.pcap" 2>&1)
check "the 40 frames read on x0 left x1 byte-identical, in order ${diff0:+($diff0)}" \
	test -z "$diff0"
diff1=$(python3 "$FRAMES" same "$TMP/in1.pcap" "$TMP/out0.pcap" 2>&1)
check "the 25 frames read on x1 left x0 byte-identical, in order ${diff1:+($diff1)}" \
	test -z "$diff1"
# the line after each binding's own line in the exit report
report_line() {
	grep -A1 "^  binding xconnect@$1 " "$OUT" | tail -1 | sed 's/^ *//'
}
r0=$(report_line x0)
check "x0's exit report: rx 40 forwarded 40, nothing dropped ($r0)" test "$r0" = \
	"xconnect: rx 40 forwarded 40 drop_tx_full 0 drop_peer_down 0; peer x1: forwarding"
r1=$(report_line x1)
check "x1's exit report: rx 25 forwarded 25, nothing dropped ($r1)" test "$r1" = \
	"xconnect: rx 25 forwarded 25 drop_tx_full 0 drop_peer_down 0; peer x0: forwarding"
check "every mbuf is back in the mempool" \
	grep -Eq '^dpstack: mempool dps_mbuf: ([0-9]+) of \1 mbufs free$' "$OUT"
check "leak report is empty" grep -q '^leak report: empty' "$OUT"

echo "1..$n"
[ "$failed" -eq 0 ]
