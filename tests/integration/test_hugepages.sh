#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# dpstack on a hugepage host (DESIGN.md sections 13 and 14): the test
# reserves 2 MiB hugepages itself with scripts/hugepages.sh (and skips,
# printing why, where it cannot), starts dpstack in hugepage mode (no
# --no-huge) on a net_null adapter from a configuration file written here,
# attaches dpdk-proc-info to it as a DPDK secondary process and checks that
# it reads port 0's statistics, attaches dpdk-dumpcap (rte_pdump) and reads its
# pcapng with tshark, stops dpstack with SIGINT (exit 0, every
# mbuf back, empty leak report), and gives the hugepages back: the number
# reserved (/proc/sys/vm/nr_hugepages) and the hugetlbfs mount are as they
# were before, whatever happened in between.
#
# Usage: test_hugepages.sh PATH/TO/dpstack
# Prints TAP lines (ok N - ... / not ok N - ...), exits 1 if any failed,
# 77 (skipped) where hugepages cannot be reserved. Every wait is bounded.
set -uo pipefail

BIN=${1:?usage: $0 PATH/TO/dpstack}
BIN=$(realpath "$BIN")
HERE=$(cd "$(dirname "$0")" && pwd)
HUGEPAGES=$HERE/../../scripts/hugepages.sh
PAGES=256	 # 512 MiB; dpstack takes what it needs of them
START_TIMEOUT=30 # seconds until "running"
STOP_TIMEOUT=20	 # seconds from SIGINT to the exit
NR=/proc/sys/vm/nr_hugepages

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root to reserve hugepages"
	exit 77
fi

. "$HERE/lib.sh"

# The hugepage reservation is the machine's: two of these tests at once (two
# checkouts' test runs) would give back each other's pages. One at a time.
LOCK=/run/lock/dpstack-test-hugepages.lock
mkdir -p "${LOCK%/*}"
exec 9>"$LOCK"
if ! flock -w 120 9; then
	echo "1..0 # SKIP another hugepage test held $LOCK for 120 s"
	exit 77
fi

PREFIX=dpstest$$h
PREFIXES+=("$PREFIX")
OUT=$TMP/dpstack.out
# hugepages.sh's record of what it changed: this test's own, so that it
# gives back exactly what it took and leaves any other reservation alone
export DPS_HUGE_STATE=$TMP/hugepages.state
HUGEDIR=${DPS_HUGE_MNT:-/dev/hugepages}
before=$(cat "$NR" 2>/dev/null || echo none)
mounted_before=0
mountpoint -q "$HUGEDIR" 2>/dev/null && mounted_before=1
existed_before=0
[ -e "$HUGEDIR" ] && existed_before=1

# give_back: remove the page files this test's DPDK processes left (DPDK
# keeps them for secondaries) and release the reservation; idempotent
give_back() {
	rm -f "$HUGEDIR/${PREFIX}map_"*
	[ -e "$DPS_HUGE_STATE" ] || return 0
	"$HUGEPAGES" release >"$TMP/release.out" 2>&1
	# hugepages.sh made the mount point if it was missing, and leaves it
	[ "$existed_before" = 1 ] || rmdir "$HUGEDIR" 2>/dev/null
}
at_exit give_back

if ! "$HUGEPAGES" reserve "$PAGES" >"$TMP/reserve.out" 2>&1; then
	give_back
	echo "1..0 # SKIP cannot reserve $PAGES hugepages: $(tail -n 1 "$TMP/reserve.out")"
	exit 77
fi
ok "scripts/hugepages.sh reserve $PAGES: $(tail -n 1 "$TMP/reserve.out")"

cat >"$TMP/null.ini" <<EOF
; written by $(basename "$0"): one net_null port (no interface, no NIC)
[adapter null0]
device = net_null0
address = 198.51.100.2/24

[protocol arp]
bind = all

[protocol ipv4]
bind = all
EOF

# dpstack touches no interface here; its own namespace keeps it that way
NS=$(new_ns huge) || {
	not_ok "create a network namespace"
	echo "1..$n"
	exit 1
}
ip netns exec "$NS" "$BIN" -l 0-1 --no-pci --huge-dir="$HUGEDIR" --file-prefix="$PREFIX" \
	-- --config "$TMP/null.ini" >"$OUT" 2>&1 9>&- &
PID=$!
PIDS+=("$PID")
if wait_for "$OUT" '^dpstack: running' "$PID" "$START_TIMEOUT"; then
	ok "dpstack starts in hugepage mode on net_null0"
else
	not_ok "dpstack starts in hugepage mode on net_null0 (not running after ${START_TIMEOUT}s)"
	show "$OUT"
fi
if grep -q 'vdev mode\|--no-huge' "$OUT"; then
	not_ok "dpstack does not run in vdev mode"
	show "$OUT"
else
	ok "dpstack does not run in vdev mode"
fi
files=$(find "$HUGEDIR" -maxdepth 1 -name "${PREFIX}map_*" | wc -l)
check "dpstack maps hugepages from $HUGEDIR ($files page file(s))" test "$files" -gt 0

# a DPDK secondary process reads the primary's port statistics
# (in a subshell whose own stderr is dropped: if the secondary panics, the
# shell's "Aborted" notice does not clutter the TAP output)
(
	timeout 30 ip netns exec "$NS" dpdk-proc-info --file-prefix="$PREFIX" --no-pci -- --stats \
		>"$TMP/proc-info.out" 2>&1 9>&-
	exit $?
) 2>/dev/null
rc=$?
if [ "$rc" -eq 0 ]; then
	ok "dpdk-proc-info attaches as a secondary and exits 0"
else
	not_ok "dpdk-proc-info attaches as a secondary and exits 0 (exit $rc)"
	grep -v '^[0-9]*: ' "$TMP/proc-info.out" | sed 's/^/# /'
	if grep -q 'refused secondary attachment' "$TMP/proc-info.out"; then
		echo "# dpstack has turned DPDK multi-process off: a thread of it called"
		echo "# rte_thread_register(), which calls rte_mp_disable() (the ARP aging thread does)"
	fi
	SHOWN=$TMP/proc-info.out
fi
if grep -q 'NIC statistics for port 0 ' "$TMP/proc-info.out"; then
	ok "dpdk-proc-info prints the statistics of port 0"
else
	not_ok "dpdk-proc-info prints the statistics of port 0"
	show "$TMP/proc-info.out"
fi
# net_null's receive side makes frames as fast as they are polled: the
# statistics are live ones only if they count some
rx=$(sed -n 's/^ *RX-packets: *\([0-9]*\) .*/\1/p' "$TMP/proc-info.out" | head -n 1)
if [ "${rx:-0}" -gt 0 ]; then
	ok "port 0 has received frames ($rx)"
else
	not_ok "port 0 has received frames (RX-packets: ${rx:-missing})"
fi
check "dpstack still runs after the secondary has gone" kill -0 "$PID"

# dpdk-dumpcap attaches through rte_pdump (dpstack calls rte_pdump_init when
# it has hugepages) and writes pcapng that tshark reads
if grep -q '^dpstack: pdump ready' "$OUT"; then
	ok "dpstack says pdump is ready"
else
	not_ok "dpstack says pdump is ready"
	show "$OUT"
fi
if command -v dpdk-dumpcap >/dev/null && command -v tshark >/dev/null; then
	(
		timeout 60 ip netns exec "$NS" dpdk-dumpcap --file-prefix="$PREFIX" -i 0 -c 10 \
			-q -w "$TMP/dumpcap.pcapng" >"$TMP/dumpcap.out" 2>&1 9>&-
		exit $?
	) 2>/dev/null
	rc=$?
	frames=$(tshark -r "$TMP/dumpcap.pcapng" 2>"$TMP/dumpcap.terr" | wc -l)
	if [ "$rc" -eq 0 ] && [ "$frames" -ge 10 ]; then
		ok "dpdk-dumpcap -i 0 -c 10 attached to dpstack: tshark reads $frames frames (it stops at a burst)"
	else
		not_ok "dpdk-dumpcap -i 0 -c 10 attached to dpstack (exit $rc, tshark read $frames)"
		show "$TMP/dumpcap.out"
		show "$TMP/dumpcap.terr"
	fi
	check "dpstack still runs after dpdk-dumpcap has gone" kill -0 "$PID"
else
	ok "dpdk-dumpcap or tshark missing: the dumpcap check is skipped # SKIP"
fi

kill -INT "$PID" 2>/dev/null
if wait_exit "$PID" "$STOP_TIMEOUT" && [ "$RC" -eq 0 ]; then
	ok "SIGINT: dpstack exits 0"
else
	not_ok "SIGINT: dpstack exits 0 within ${STOP_TIMEOUT}s (exit: $RC)"
	show "$OUT"
fi
if grep -q '^leak report: empty' "$OUT"; then
	ok "leak report is empty"
else
	not_ok "leak report is empty"
	show "$OUT"
fi
if grep -Eq '^dpstack: mempool dps_mbuf: ([0-9]+) of \1 mbufs free$' "$OUT"; then
	ok "every mbuf is back in the mempool"
else
	not_ok "every mbuf is back in the mempool"
	grep '^dpstack: mempool' "$OUT" | sed 's/^/# /'
fi
grep -E '^  (adapter|worker) ' "$OUT" | sed 's/^/# /'

ip netns del "$NS" 2>/dev/null
give_back
if [ -e "$DPS_HUGE_STATE" ]; then
	not_ok "scripts/hugepages.sh release"
	show "$TMP/release.out"
else
	ok "scripts/hugepages.sh release: $(tail -n 1 "$TMP/release.out")"
fi
after=$(cat "$NR" 2>/dev/null || echo none)
check "nr_hugepages is back to $before (now $after)" test "$after" = "$before"
mounted_after=0
mountpoint -q "$HUGEDIR" 2>/dev/null && mounted_after=1
check "hugetlbfs on $HUGEDIR is as before (mounted: $mounted_before, now $mounted_after)" \
	test "$mounted_after" = "$mounted_before"

echo "1..$n"
[ "$failed" -eq 0 ]
