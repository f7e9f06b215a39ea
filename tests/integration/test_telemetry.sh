#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The /dpstack/ telemetry commands through DPDK's own client (issue 4, "as a
# user sees it"). dpstack runs its embedded default (net_tap adapter dps0,
# 198.51.100.2/24, ARP and IPv4) in a network namespace made here, IPv6 off;
# the kernel side of the tap gets 198.51.100.1/24 and pings once so that
# both sides learn each other. Then, with dpdk-telemetry.py -f PREFIX:
#   - every /dpstack/ command is registered, with a help text;
#   - every command with a valid parameter answers the expected keys and
#     values; with an empty one and with garbage, the error shape
#     {"status": "DPS_E_...", "error": "..."} (commands without parameter
#     take an empty one as none); never null;
#   - /dpstack/oid,dps0,OID_802_3_CURRENT_ADDRESS equals the MAC the kernel
#     learnt for 198.51.100.2 (ip neigh), and the ARP cache holds
#     198.51.100.1 at the kernel's MAC;
#   - ip link set dps0 down, then up: /dpstack/adapter,dps0 shows link down,
#     then up, each within two seconds;
#   - fuzzing every command (like DPDK's app/test/test_telemetry.sh, and
#     more: long, quoted, non-ASCII, format strings) leaves it running;
#   - SIGINT: exit code 0 and an empty leak report.
#
# Usage: test_telemetry.sh PATH/TO/dpstack
# Prints TAP lines (ok N - ... / not ok N - ...), exits 1 if any failed,
# 77 (skipped) without root, jq or dpdk-telemetry.py. Every wait is
# bounded; the namespace and the DPDK runtime directory made here are
# removed on exit.
set -uo pipefail

BIN=${1:?usage: $0 PATH/TO/dpstack}
BIN=$(realpath "$BIN")
HERE=$(cd "$(dirname "$0")" && pwd)
START_TIMEOUT=30 # seconds until "running"
STOP_TIMEOUT=20	 # seconds from SIGINT to the exit
LINK_LIMIT_MS=2000 # telemetry shows a link change within this
KERNEL_IP=198.51.100.1
STACK_IP=198.51.100.2

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi
for tool in jq dpdk-telemetry.py ping python3; do
	if ! command -v "$tool" >/dev/null; then
		echo "1..0 # SKIP $tool is not installed (scripts/deps.sh installs it)"
		exit 77
	fi
done

. "$HERE/lib.sh"

OUT=$TMP/dpstack.out
PREFIX=dpstest$$t
PREFIXES+=("$PREFIX")

# tel COMMAND...: each command through one dpdk-telemetry.py session; one
# JSON line per command on stdout
tel() {
	printf '%s\n' "$@" | timeout 20 dpdk-telemetry.py -f "$PREFIX" 2>>"$TMP/tel.err"
}

# value COMMAND: the reply's value (the JSON under the command's name)
value() {
	tel "$1" | jq -c '.[]' 2>>"$TMP/tel.err"
}

# expect DESCRIPTION COMMAND JQ [jq args...]: COMMAND's value passes the jq
# test JQ (which gets the value as input)
expect() {
	local what=$1 cmd=$2 filter=$3 v shown
	shift 3
	shown=$cmd
	[ "${#cmd}" -gt 72 ] && shown="${cmd:0:60}...(${#cmd} characters)"
	v=$(value "$cmd")
	if [ -n "$v" ] && jq -e "$@" "$filter" >/dev/null 2>&1 <<<"$v"; then
		ok "$shown: $what"
	else
		not_ok "$shown: $what"
		echo "# got: ${v:-nothing}" | cut -c1-400
	fi
}

# The error shape; $st: the status wanted.
ERR='(keys == ["error", "status"]) and (.status == $st) and
	(.error | type == "string" and length > 0 and length <= 127)'
# expect_error COMMAND STATUS: COMMAND answers the error shape with STATUS
expect_error() {
	expect "error $2" "$1" "$ERR" --arg st "$2"
}
# A reply that is not an error.
NOERR='type != "null" and ((type != "object") or (has("error") | not))'

# ---- start ---------------------------------------------------------------

NS=$(new_ns tel) || {
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
if ip -n "$NS" addr add "$KERNEL_IP/24" dev dps0 && ip -n "$NS" link set dps0 up; then
	ok "kernel side of the tap: dps0 $KERNEL_IP/24, up"
else
	not_ok "kernel side of the tap: dps0 $KERNEL_IP/24, up"
fi
ping_once() {
	timeout 20 ip netns exec "$NS" ping -n -c 1 -W 5 "$STACK_IP" >"$TMP/ping.out" 2>&1
}
check "ping $STACK_IP once (ARP resolves both ways)" ping_once
KMAC=$(ip -n "$NS" -o link show dps0 | sed -n 's/.*link\/ether \([0-9a-f:]\{17\}\).*/\1/p')
NMAC=$(ip -n "$NS" neigh show "$STACK_IP" dev dps0 |
	sed -n 's/.*lladdr \([0-9a-fA-F:]\{17\}\).*/\1/p' | tr 'A-F' 'a-f')
if [ -n "$KMAC" ] && [ -n "$NMAC" ]; then
	ok "kernel MAC $KMAC; the kernel learnt $STACK_IP at $NMAC"
else
	not_ok "kernel MAC (${KMAC:-?}) and the neighbour entry for $STACK_IP (${NMAC:-?})"
fi

# ---- the command list ----------------------------------------------------

CMDS="/dpstack/adapter /dpstack/adapters /dpstack/arp /dpstack/binding /dpstack/bindings
/dpstack/captures /dpstack/clients /dpstack/info /dpstack/oid /dpstack/protocols
/dpstack/requests /dpstack/workers"
listed=$(value / | jq -r '.[] | select(startswith("/dpstack/"))' | sort | tr '\n' ' ')
want=$(tr ' ' '\n' <<<"$CMDS" | grep . | sort | tr '\n' ' ')
if [ "$listed" = "$want" ]; then
	ok "/ lists the 12 /dpstack/ commands"
else
	not_ok "/ lists the 12 /dpstack/ commands (got: $listed)"
	show "$TMP/tel.err"
fi
helps=0
for c in $CMDS; do
	h=$(value "/help,$c" | jq -r --arg c "$c" '.[$c] // empty')
	[ -n "$h" ] && helps=$((helps + 1))
done
check "/help has a text for each of them ($helps of 12)" test "$helps" -eq 12

# ---- each command: valid, empty, garbage ---------------------------------

# no parameter: none and empty are the same (DPDK passes no parameter for
# "cmd,"); garbage is refused
for c in info adapters protocols bindings workers requests clients; do
	expect "answers without parameter" "/dpstack/$c" "$NOERR"
	expect "answers with an empty parameter" "/dpstack/$c," "$NOERR"
	expect_error "/dpstack/$c,z" DPS_E_INVALID_PARAMETER
	expect_error "/dpstack/$c,0" DPS_E_INVALID_PARAMETER
done

expect "version, DPDK version, uptime, counts, config" /dpstack/info \
	'.version == $v and (.dpdk_version | startswith("DPDK 22.11")) and .state == "running"
	and (.uptime_s | type == "number") and .adapters == 1 and .protocols == 3
	and .bindings == 3 and .workers == 1 and .config == "<embedded default>"
	and (.pid | type == "number")' \
	--arg v "$("$BIN" --version | awk '{print $2}')"
MBUFS=$(sed -n 's/^dpstack: mempool: \([0-9]*\) mbufs x .*/\1/p' "$OUT")
# free: the pool less what the PMD's rx rings and the lcore caches hold
expect "mbufs = the mempool line's $MBUFS, 0 < mbufs_free < mbufs" /dpstack/info \
	'.mbufs == ($m | tonumber) and .mbufs_free > 0 and .mbufs_free < .mbufs' --arg m "${MBUFS:-x}"
expect "dps0 is port 0" /dpstack/adapters '. == {"dps0": 0}'
expect "arp (0x0806), ipv4 (0x0800) and raw, one binding each" /dpstack/protocols \
	'.arp.ethertypes == ["0x0806"] and .ipv4.ethertypes == ["0x0800"] and
	.arp.bindings == 1 and .ipv4.bindings == 1 and .raw.bindings == 1
	and (keys == ["arp", "ipv4", "raw"])'
expect "arp@dps0, ipv4@dps0 and raw@dps0" /dpstack/bindings \
	'(. | sort) == ["arp@dps0", "ipv4@dps0", "raw@dps0"]'
expect "worker lcore 1 polls dps0's rx queues" /dpstack/workers \
	'keys == ["1"] and .["1"].lcore == 1 and .["1"].iterations > 0 and
	(.["1"].rx_queues | length >= 1 and all(startswith("dps0:"))) and
	(.["1"] | has("busy") and has("rx") and has("resources_bursts"))'
expect "every request counter, the pool not empty" /dpstack/requests \
	'(keys | sort) == (["issued", "completed", "immediate", "timeouts", "aborted", "cancelled",
	"ring_full", "in_flight", "pool_free"] | sort) and .pool_free > 0'
expect "no control-socket client connected" /dpstack/clients '.clients == 0 and .truncated == 0'

ADAPTER_OK='.name == "dps0" and .port == 0 and .driver == "net_tap" and
	(.mac | ascii_downcase) == $mac and .mtu == 1500 and .link == "up" and
	.admin == "up" and .rx_queues >= 1 and .tx_queues >= 1 and .rx > 0 and .tx > 0 and
	all(["tx_dropped", "rx_runt", "rx_vlan_truncated", "rx_too_many_vlans", "rx_unclaimed",
	"rx_filtered", "device", "link_speed"][]; . as $k | $top | has($k))'
expect "name, port, driver, MAC, MTU, link up, counters" /dpstack/adapter,dps0 \
	". as \$top | $ADAPTER_OK" --arg mac "$NMAC"
expect "the same adapter by port number" /dpstack/adapter,0 ". as \$top | $ADAPTER_OK" \
	--arg mac "$NMAC"
expect_error /dpstack/adapter DPS_E_INVALID_PARAMETER
expect_error /dpstack/adapter, DPS_E_INVALID_PARAMETER
expect_error /dpstack/adapter,z DPS_E_NOT_FOUND
expect_error /dpstack/adapter,7 DPS_E_NOT_FOUND
expect_error /dpstack/adapter,99999999999999999999 DPS_E_INVALID_PARAMETER
expect_error /dpstack/adapter,dps0,x DPS_E_INVALID_PARAMETER
expect_error "/dpstack/adapter,dps0 x" DPS_E_INVALID_PARAMETER
expect_error "/dpstack/adapter,$(printf 'a%.0s' $(seq 200))" DPS_E_INVALID_LENGTH

expect "Running, filter, EtherType, counters, ARP counters" /dpstack/binding,arp@dps0 \
	'.name == "arp@dps0" and .state == "Running" and .ethertypes == ["0x0806"] and
	.filter == "directed|broadcast" and .rx_frames >= 1 and .held == 0 and
	.oid_pending == 0 and .arp.rx >= 1 and .arp.replies >= 1 and
	(.arp | has("bad_htype") and has("cache_add"))'
expect "IPv4 counters: the echo answered" /dpstack/binding,ipv4@dps0 \
	'.name == "ipv4@dps0" and .state == "Running" and .ipv4.icmp_echo >= 1 and
	.tx_frames >= 1'
expect "the same binding by port number" /dpstack/binding,ipv4@0 '.name == "ipv4@dps0"'
expect_error /dpstack/binding, DPS_E_INVALID_PARAMETER
expect_error /dpstack/binding,z DPS_E_INVALID_PARAMETER
expect_error /dpstack/binding,arp@ DPS_E_INVALID_PARAMETER
expect_error /dpstack/binding,@dps0 DPS_E_INVALID_PARAMETER
expect_error /dpstack/binding,arp@dps0@x DPS_E_INVALID_PARAMETER
expect_error /dpstack/binding,arp@dps0,x DPS_E_INVALID_PARAMETER
expect_error /dpstack/binding,nope@dps0 DPS_E_NOT_FOUND
expect_error /dpstack/binding,arp@nope DPS_E_NOT_FOUND

expect "$KERNEL_IP is at the kernel's MAC" /dpstack/arp,dps0 \
	'.adapter == "dps0" and .entries >= 1 and .truncated == 0 and
	(.ip | length) == (.mac | length) and (.ip | length) == (.age_s | length) and
	([.ip, .mac] | transpose | map(select(.[0] == $ip)) | length == 1 and
	(.[0][1] | ascii_downcase) == $kmac)' --arg ip "$KERNEL_IP" --arg kmac "$KMAC"
expect_error /dpstack/arp, DPS_E_INVALID_PARAMETER
expect_error /dpstack/arp,z DPS_E_NOT_FOUND
expect_error /dpstack/arp,dps0,x DPS_E_INVALID_PARAMETER

expect "the MAC the kernel learnt for $STACK_IP" /dpstack/oid,dps0,OID_802_3_CURRENT_ADDRESS \
	'.status == "DPS_OK" and .oid == "OID_802_3_CURRENT_ADDRESS" and .bytes_written == 6 and
	(.value | ascii_downcase) == $mac' --arg mac "$NMAC"
expect "a query the control thread answers, by port number" /dpstack/oid,0,OID_GEN_STATISTICS \
	'.status == "DPS_OK" and .bytes_written > 0 and (.value | length) <= 127'
expect "the catalogue, by name" /dpstack/oid,dps0,OID_GEN_SUPPORTED_LIST \
	'.status == "DPS_OK" and (.names | index("OID_802_3_CURRENT_ADDRESS") != null)'
expect_error /dpstack/oid, DPS_E_INVALID_PARAMETER
expect_error /dpstack/oid,z DPS_E_INVALID_PARAMETER
expect_error /dpstack/oid,dps0 DPS_E_INVALID_PARAMETER
expect_error /dpstack/oid,dps0, DPS_E_INVALID_PARAMETER
expect_error /dpstack/oid,,OID_GEN_LINK_SPEED DPS_E_INVALID_PARAMETER
expect_error /dpstack/oid,nope,OID_GEN_LINK_SPEED DPS_E_NOT_FOUND
expect_error /dpstack/oid,dps0,OID_NOPE DPS_E_NOT_SUPPORTED
expect_error /dpstack/oid,dps0,OID_DPS_ADAPTER_REMOVE DPS_E_NOT_SUPPORTED
expect_error /dpstack/oid,dps0,OID_GEN_LINK_SPEED,x DPS_E_INVALID_PARAMETER
expect_error "/dpstack/oid,dps0,OID_GEN_LINK_SPEED x" DPS_E_INVALID_PARAMETER

# ---- link down and up ----------------------------------------------------

# link_shows STATE: poll /dpstack/adapter,dps0 until its link is STATE;
# fails after LINK_LIMIT_MS, counted from the call; ELAPSED in ms
link_shows() {
	local start now link
	start=$(date +%s%N)
	while :; do
		link=$(value /dpstack/adapter,dps0 | jq -r '.link')
		now=$(date +%s%N)
		ELAPSED=$(((now - start) / 1000000))
		[ "$link" = "$1" ] && return 0
		[ "$ELAPSED" -ge "$LINK_LIMIT_MS" ] && return 1
		sleep 0.05
	done
}
ip -n "$NS" link set dps0 down
if link_shows down; then
	ok "ip link set dps0 down: telemetry shows link down after ${ELAPSED} ms"
else
	not_ok "ip link set dps0 down: telemetry shows link down within ${LINK_LIMIT_MS} ms"
fi
ip -n "$NS" link set dps0 up
if link_shows up; then
	ok "ip link set dps0 up: telemetry shows link up after ${ELAPSED} ms"
else
	not_ok "ip link set dps0 up: telemetry shows link up within ${LINK_LIMIT_MS} ms"
fi
expect "counts the link changes" /dpstack/info '.link_changes >= 2'

# ---- fuzz ----------------------------------------------------------------

# every command with DPDK's test inputs and worse, in one session: one JSON
# line per input, none of them null (null is what a closed or failing
# callback gives), and dpstack still runs
long=$(printf 'x%.0s' $(seq 900))
inputs=()
for c in $CMDS; do
	for p in "" "," ",0" ",z" ",-1" ",65536" ",$long" ",\"\\\"" ",%s%n%x" ",é€" \
		",dps0,dps0,dps0" ",dps0,,OID_GEN_LINK_SPEED" ",arp@dps0@" ",,,,," ", dps0" \
		",dps0,OID_GEN_LINK_SPEED," ",dps0,oid_gen_link_speed" ",0,OID_DPS_MTU"; do
		inputs+=("$c$p")
	done
done
tel "${inputs[@]}" >"$TMP/fuzz.out"
got=$(jq -c '.[]' "$TMP/fuzz.out" 2>/dev/null | grep -vc '^null$')
if [ "$got" -eq "${#inputs[@]}" ]; then
	ok "fuzz: ${#inputs[@]} inputs, ${#inputs[@]} JSON replies, none null"
else
	not_ok "fuzz: ${#inputs[@]} inputs, $got JSON replies that are not null"
	show "$TMP/tel.err"
fi
bad=$(jq -c '.[] | select(type == "object" and has("error")) |
	select((.status | startswith("DPS_E_")) | not)' "$TMP/fuzz.out" 2>/dev/null | wc -l)
check "fuzz: every error reply names a DPS_E_ status" test "$bad" -eq 0
check "dpstack still runs after the fuzz" kill -0 "$PID"
expect "still answers after the fuzz" /dpstack/oid,dps0,OID_802_3_CURRENT_ADDRESS \
	'.status == "DPS_OK" and (.value | ascii_downcase) == $mac' --arg mac "$NMAC"
expect "no request left in flight" /dpstack/requests '.in_flight == 0'

# ---- stop ----------------------------------------------------------------

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

ip netns del "$NS" 2>/dev/null
echo "1..$n"
[ "$failed" -eq 0 ]
