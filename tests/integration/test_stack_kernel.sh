#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# dpstack and the Linux kernel as its peer (issue 3): dpstack runs its
# embedded default (net_tap adapter dps0, 198.51.100.2/24, ARP and IPv4) in
# a network namespace made here; the kernel side of the tap gets
# 198.51.100.1/24. Then, all from that namespace:
#   - ping: 100 echoes at 10 ms intervals, 0 % loss;
#   - arping: 3 replies, from the stack's MAC; ip neigh shows that MAC;
#   - UDP echo (port 7): datagrams of 1, 100 and 1400 bytes come back
#     byte for byte;
#   - a burst of malformed frames from an AF_PACKET socket (frames.py,
#     COUNT of each class); afterwards ping still works;
#   - SIGINT: exit code 0, every mbuf back, an empty leak report, and each
#     drop counter that frames.py names grew by exactly what it sent, and
#     no other drop counter moved.
# IPv6 is off in the namespace before the tap appears, so the kernel sends
# nothing of its own that the stack would count as a drop.
#
# Usage: test_stack_kernel.sh PATH/TO/dpstack
# Prints TAP lines (ok N - ... / not ok N - ...), exits 1 if any failed.
# Every wait is bounded; the namespace and the DPDK runtime directory made
# here are removed on exit.
set -uo pipefail

BIN=${1:?usage: $0 PATH/TO/dpstack}
BIN=$(realpath "$BIN")
HERE=$(cd "$(dirname "$0")" && pwd)
START_TIMEOUT=30 # seconds until "running"
STOP_TIMEOUT=20	 # seconds from SIGINT to the exit
COUNT=20	 # frames of each malformed class
KERNEL_IP=198.51.100.1
STACK_IP=198.51.100.2
UDP_SIZES="1 100 1400"

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
PREFIX=dpstest$$k
PREFIXES+=("$PREFIX")

# in_ns SECONDS COMMAND...: COMMAND in the namespace, bounded in time
in_ns() {
	local t=$1
	shift
	timeout "$t" ip netns exec "$NS" "$@"
}

# ping_ok COUNT INTERVAL NAME: COUNT echoes, every one answered
ping_ok() {
	local count=$1 interval=$2 name=$3 log=$TMP/ping-$3.out
	in_ns 60 ping -n -c "$count" -i "$interval" -W 2 "$STACK_IP" >"$log" 2>&1
	if grep -q "^$count packets transmitted, $count received, 0% packet loss" "$log"; then
		ok "$name: ping $count echoes at ${interval}s intervals, 0% loss"
	else
		not_ok "$name: ping $count echoes at ${interval}s intervals, 0% loss"
		sed 's/^/# /' "$log" | tail -n 5
	fi
}

# counter NAME: the value of a counter in dpstack's exit output: adapter.X
# from the adapter line, arp.X and ipv4.X from the binding lines (a
# binding line lists only the counters that are not zero)
counter() {
	local section=${1%%.*} key=${1#*.} line
	case $section in
	adapter) line=$(grep -m1 '^  adapter dps0: ' "$OUT" | sed 's/^  adapter dps0://') ;;
	arp) line=$(grep -m1 '^    arp: ' "$OUT" | sed 's/^    arp://') ;;
	ipv4) line=$(grep -m1 '^    ipv4: ' "$OUT" | sed 's/^    ipv4://') ;;
	*) return 1 ;;
	esac
	awk -v k="$key" '{ for (i = 1; i < NF; i += 2) if ($i == k) { print $(i + 1); f = 1 } }
		END { if (!f) print 0 }' <<<"$line"
}

# ---- start ---------------------------------------------------------------

NS=$(new_ns kernel) || {
	not_ok "create a network namespace"
	echo "1..$n"
	exit 1
}
check "IPv6 is off in namespace $NS" quiet_ns "$NS"

ip netns exec "$NS" "$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" \
	>"$OUT" 2>&1 &
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
if [ -n "$MAC" ]; then
	ok "dpstack prints the MAC of adapter dps0 ($MAC)"
else
	not_ok "dpstack prints the MAC of adapter dps0"
	show "$OUT"
fi
if ip -n "$NS" addr add "$KERNEL_IP/24" dev dps0 && ip -n "$NS" link set dps0 up; then
	ok "kernel side of the tap: dps0 $KERNEL_IP/24, up"
else
	not_ok "kernel side of the tap: dps0 $KERNEL_IP/24, up"
fi

# ---- the kernel talks to the stack ---------------------------------------

ping_ok 100 0.01 "before the bad frames"

in_ns 20 arping -c 3 -i dps0 "$STACK_IP" >"$TMP/arping.out" 2>&1
replies=$(grep -c "bytes from ${MAC:-none} ($STACK_IP)" "$TMP/arping.out")
if [ "$replies" -eq 3 ]; then
	ok "arping: 3 replies from the stack's MAC"
else
	not_ok "arping: 3 replies from the stack's MAC ${MAC:-?} (got $replies)"
	sed 's/^/# /' "$TMP/arping.out"
fi

neigh=$(ip -n "$NS" neigh show "$STACK_IP" dev dps0 | tr 'A-F' 'a-f')
if [ -n "$MAC" ] && grep -q "lladdr $MAC " <<<"$neigh "; then
	ok "ip neigh: $STACK_IP is at the stack's MAC"
else
	not_ok "ip neigh: $STACK_IP is at the stack's MAC ${MAC:-?} (got: ${neigh:-nothing})"
fi

udp_sent=0
for size in $UDP_SIZES; do
	udp_sent=$((udp_sent + 1))
	if in_ns 20 python3 - "$STACK_IP" 7 "$size" >"$TMP/udp.out" 2>&1 <<'EOF'; then
import os, socket, sys
host, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = os.urandom(size)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.sendto(data, (host, port))
try:
    back, peer = s.recvfrom(65536)
except socket.timeout:
    sys.exit("no answer within 3 s")
if peer != (host, port):
    sys.exit("answer from %s:%d, not %s:%d" % (peer[0], peer[1], host, port))
if back != data:
    sys.exit("answer differs: %d bytes back for %d sent" % (len(back), len(data)))
EOF
		ok "UDP echo: $size byte(s) come back unchanged from port 7"
	else
		not_ok "UDP echo: $size byte(s) come back unchanged from port 7"
		sed 's/^/# /' "$TMP/udp.out"
	fi
done

# ---- malformed frames ----------------------------------------------------

FRAMES=$TMP/frames.out
if in_ns 120 python3 "$HERE/frames.py" dps0 "${MAC:-02:00:00:00:00:01}" "$STACK_IP" \
	"$KERNEL_IP" "$COUNT" >"$FRAMES" 2>"$TMP/frames.err" && [ -s "$FRAMES" ]; then
	ok "frames.py sent $COUNT frames of each of $(grep -vc ' kernel_refused ' "$FRAMES") malformed classes"
else
	not_ok "frames.py sent $COUNT frames of each malformed class"
	show "$TMP/frames.err"
fi
grep ' kernel_refused ' "$FRAMES" | while read -r class _ k; do
	echo "# $class: the kernel refused to send all $k (shorter than an Ethernet header)"
done
check "dpstack still runs after the bad frames" kill -0 "$PID"
ping_ok 10 0.01 "after the bad frames"

# ---- stop and account ----------------------------------------------------

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
	ok "every mbuf is back in the mempool ($(grep -o '[0-9]* of [0-9]* mbufs free' "$OUT"))"
else
	not_ok "every mbuf is back in the mempool"
	grep '^dpstack: mempool' "$OUT" | sed 's/^/# /'
fi
sed -n '/^dpstack: counters/,/^dpstack: mempool/p' "$OUT" | sed 's/^/# /'

# every counter that frames.py names: exactly the frames it sent for it
declare -A want=()
while read -r _ name sent; do
	[ "$name" = kernel_refused ] && continue
	want[$name]=$((${want[$name]:-0} + sent))
done <"$FRAMES"
for name in $(printf '%s\n' "${!want[@]}" | sort); do
	got=$(counter "$name")
	if [ "$got" = "${want[$name]}" ]; then
		ok "counter $name = ${want[$name]}, the bad frames sent for it"
	else
		not_ok "counter $name = $got, want ${want[$name]} (the bad frames sent for it)"
	fi
done

# and no drop counter moved that frames.py did not aim at: everything but
# these counts a dropped frame
not_drops=' adapter.rx adapter.tx adapter.tx_dropped arp.rx arp.replies arp.rx_replies
	arp.gratuitous arp.cache_add arp.cache_update arp.cache_expired arp.cache_full
	arp.cache_skipped arp.conflict arp.tx arp.tx_dropped arp.tx_refused arp.cache_entries
	ipv4.rx ipv4.icmp_echo ipv4.udp_echo ipv4.trimmed ipv4.tx ipv4.tx_dropped
	ipv4.tx_refused '
stray=
for section in adapter arp ipv4; do
	case $section in
	adapter) pattern='^  adapter dps0: ' ;;
	*) pattern="^    $section: " ;;
	esac
	while read -r key value; do
		[ "$value" = 0 ] && continue
		[[ $not_drops == *[[:space:]]${section}.${key}[[:space:]]* ]] && continue
		[ -n "${want[$section.$key]:-}" ] && continue
		stray+=" $section.$key=$value"
	done < <(grep -m1 "$pattern" "$OUT" | sed "s/$pattern//" |
		awk '{ for (i = 1; i < NF; i += 2) print $i, $(i + 1) }')
done
if [ -z "$stray" ]; then
	ok "no other drop counter moved"
else
	not_ok "no other drop counter moved (moved:$stray)"
fi

# the good traffic, counted exactly: every echo request was answered once
pings=$((100 + 10))
check "ipv4 icmp_echo = $pings, the pings sent (got $(counter ipv4.icmp_echo))" \
	test "$(counter ipv4.icmp_echo)" = "$pings"
check "ipv4 udp_echo = $udp_sent, the datagrams sent (got $(counter ipv4.udp_echo))" \
	test "$(counter ipv4.udp_echo)" = "$udp_sent"
check "no reply was dropped on transmit (adapter tx_dropped $(counter adapter.tx_dropped))" \
	test "$(counter adapter.tx_dropped)" = 0

ip netns del "$NS" 2>/dev/null
echo "1..$n"
[ "$failed" -eq 0 ]
