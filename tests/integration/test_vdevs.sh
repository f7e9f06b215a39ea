#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# dpstack on vdevs that need no kernel interface (no namespace needed):
# - net_ring: the ring loops every tx queue back into its rx queue, so frames
#   dpsctl sends come back to an open of the same EtherType; at exit every
#   mbuf is back (frames sent through the control thread's tx queue included);
# - net_pcap: ICMP echo requests and an ARP request read from a pcap file are
#   answered into the output pcap file; the device has one tx queue for two
#   senders, so the control thread's gratuitous ARP goes through the hand-off
#   to the worker that owns the queue (DESIGN.md section 6).
#
# Usage: test_vdevs.sh PATH/TO/dpstack PATH/TO/dpsctl
# Prints TAP lines, exits 1 if any failed.
set -uo pipefail

BIN=$(realpath "${1:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}")
DPSCTL=$(realpath "${2:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}")

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root (DPDK runtime directory)"
	exit 77
fi

. "$(dirname "$0")/lib.sh"

PREFIX=dpsvdev$$
PREFIXES+=("$PREFIX")
cat >"$TMP/ring.ini" <<INI
[adapter r0]
device = net_ring0
address = 198.51.100.2/24
[protocol raw]
bind = all
INI
OUT=$TMP/dpstack.out
"$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" -- --config "$TMP/ring.ini" \
	>"$OUT" 2>&1 &
pid=$!
PIDS+=("$pid")
if wait_for "$OUT" '^dpstack: running' "$pid" 30; then
	ok "dpstack starts on net_ring0"
else
	not_ok "dpstack starts on net_ring0"
	show "$OUT"
fi
check "net_ring gets as many rx queues as tx queues (they are paired)" \
	grep -q 'r0: port 0 (net_ring0), 2 rx / 2 tx queues' "$OUT"

# an open of 0x88b5 waiting, then 5 broadcast frames sent: they loop back
timeout 20 "$DPSCTL" --file-prefix "$PREFIX" recv r0 --ethertype 0x88b5 --count 5 --timeout 10 \
	>"$TMP/recv.out" 2>&1 &
rpid=$!
sleep 1
timeout 20 "$DPSCTL" --file-prefix "$PREFIX" send r0 --ethertype 0x88b5 \
	--dst ff:ff:ff:ff:ff:ff --payload 0102030405 --count 5 >"$TMP/send.out" 2>&1
rc=$?
check "dpsctl send 5 frames on r0: exit 0 (exit $rc)" test "$rc" -eq 0
wait "$rpid"
rc=$?
check "dpsctl recv gets the 5 frames back from the ring (exit $rc)" test "$rc" -eq 0
check "each looped-back frame is the one sent" \
	test "$(grep -c '^19 ffffffffffff00000000000088b50102030405$' "$TMP/recv.out")" -eq 5

kill -INT "$pid"
if wait_exit "$pid" 20 && [ "$RC" -eq 0 ]; then
	ok "SIGINT: dpstack exits 0"
else
	not_ok "SIGINT: dpstack exits 0 (exit: $RC)"
	show "$OUT"
fi
check "every mbuf is back in the mempool" grep -Eq '^dpstack: mempool dps_mbuf: ([0-9]+) of \1 mbufs free$' "$OUT"
check "leak report is empty" grep -q '^leak report: empty' "$OUT"

# ---- net_pcap: requests from a file, answers into a file ----
PREFIX=dpsvdevp$$
PREFIXES+=("$PREFIX")
python3 "$(dirname "$0")/pcap_frames.py" write "$TMP/in.pcap" 10
cat >"$TMP/pcap.ini" <<INI
[adapter p0]
device = net_pcap0,rx_pcap=$TMP/in.pcap,tx_pcap=$TMP/out.pcap
address = 198.51.100.2/24
[protocol arp]
bind = all
[protocol ipv4]
bind = all
INI
OUT=$TMP/dpstack-pcap.out
"$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" -- --config "$TMP/pcap.ini" \
	>"$OUT" 2>&1 &
pid=$!
PIDS+=("$pid")
if wait_for "$OUT" '^dpstack: running' "$pid" 30; then
	ok "dpstack starts on net_pcap0 (one tx queue for two senders)"
else
	not_ok "dpstack starts on net_pcap0 (one tx queue for two senders)"
	show "$OUT"
fi
check "the extra sender hands its frames over" grep -q 'hand their frames to the queues' "$OUT"
# the file is read at once; give the stack a moment to answer everything
for ((i = 0; i < 50; i++)); do
	grep -q 'ipv4: rx 10 ' "$OUT" && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
sleep 1
kill -INT "$pid"
if wait_exit "$pid" 20 && [ "$RC" -eq 0 ]; then
	ok "net_pcap: SIGINT: dpstack exits 0"
else
	not_ok "net_pcap: SIGINT: dpstack exits 0 (exit: $RC)"
	show "$OUT"
fi
got=$(python3 "$(dirname "$0")/pcap_frames.py" count "$TMP/out.pcap" 2>&1)
check "the output pcap holds 10 echo replies, the ARP reply and the gratuitous ARP ($got)" \
	test "$got" = "icmp_replies 10 arp_replies 1 arp_gratuitous 1"
check "net_pcap: every mbuf is back in the mempool" \
	grep -Eq '^dpstack: mempool dps_mbuf: ([0-9]+) of \1 mbufs free$' "$OUT"
check "net_pcap: leak report is empty" grep -q '^leak report: empty' "$OUT"

echo "1..$n"
[ "$failed" -eq 0 ]
