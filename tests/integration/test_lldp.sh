#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The LLDP agent of examples/lldp, built out of tree against the installed
# SDK and loaded into dpstack as a plugin, with Debian's lldpd as its peer
# (issue 8 point 5):
#   - meson install --destdir of the SDK; examples/lldp configured with
#     meson against it alone (pkg-config libdpstack from the destdir; no
#     include path into the source tree), built;
#   - dpstack (the installed one, on the installed libdpstack) runs in a
#     namespace made here with the plugin, [protocol lldp] tx_interval =
#     300 so that nothing but what is tested transmits; lldpd runs on the
#     kernel side of the tap in that namespace only (tests/integration/
#     lldpd.sh), TTL 3 s (tx-interval 1, tx-hold 3);
#   - dpstack's neighbour table (/dpstack/binding,lldp@dps0 through
#     dpdk-telemetry.py) lists lldpd's chassis and port;
#   - link down, then up: dpstack announces itself at once (its tx counter
#     and lldpd's rx counter grow by exactly one within 10 s, with
#     tx_interval 300 s), and lldpcli show neighbors lists dpstack's chassis
#     (its MAC), port (the adapter's name), system name and TTL;
#   - lldpcli pause: lldpd's entry expires in dpstack (aged, not a shutdown);
#   - SIGINT: exit 0, every mbuf back, an empty leak report;
#   - again with tx_interval 1 s: lldpd receives an announcement a second.
# Usage: test_lldp.sh BUILD_DIR SOURCE_DIR. TAP output; every wait is
# bounded; the namespace, lldpd and dpstack made here go at exit.
# Checks given as strings run later (check ... eval '...'):
# shellcheck disable=SC2016
set -uo pipefail

BUILD=$(realpath "${1:?usage: $0 BUILD_DIR SOURCE_DIR}")
SRC=$(realpath "${2:?usage: $0 BUILD_DIR SOURCE_DIR}")
HERE=$(cd "$(dirname "$0")" && pwd)
START_TIMEOUT=30
STOP_TIMEOUT=20
WAIT=10 # seconds for anything to show up
TX_INTERVAL=300

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi
for tool in lldpd lldpcli jq dpdk-telemetry.py meson ninja; do
	if ! command -v "$tool" >/dev/null; then
		echo "1..0 # SKIP $tool is not installed (scripts/deps.sh installs it)"
		exit 77
	fi
done
san=$(meson introspect "$BUILD" --buildoptions | jq -r '.[] | select(.name == "b_sanitize") | .value')
if [ "$san" != none ]; then
	echo "1..0 # SKIP the build uses -Db_sanitize=$san; the plugin is built without"
	exit 77
fi

# shellcheck source=lib.sh
. "$HERE/lib.sh"
# shellcheck source=lldpd.sh
. "$HERE/lldpd.sh"

opt() {
	meson introspect "$BUILD" --buildoptions | jq -r ".[] | select(.name == \"$1\") | .value"
}
PREFIX_DIR=$(opt prefix)
LIBDIR=$(opt libdir)
BINDIR=$(opt bindir)
case $LIBDIR in /*) ;; *) LIBDIR=$PREFIX_DIR/$LIBDIR ;; esac
case $BINDIR in /*) ;; *) BINDIR=$PREFIX_DIR/$BINDIR ;; esac

# ---- the SDK installed, the plugin built against it ---------------------

DEST=$TMP/dest
if meson install -C "$BUILD" --no-rebuild --destdir "$DEST" >"$TMP/install.log" 2>&1; then
	ok "meson install --destdir"
else
	not_ok "meson install --destdir"
	show "$TMP/install.log"
fi
# a copy of examples/lldp, away from the tree, and only the destdir's SDK
cp -r "$SRC/examples/lldp" "$TMP/lldp-src"
if PKG_CONFIG_PATH=$DEST$LIBDIR/pkgconfig meson setup "$TMP/lldp-build" "$TMP/lldp-src" \
	>"$TMP/lldp-build.log" 2>&1 && ninja -C "$TMP/lldp-build" >>"$TMP/lldp-build.log" 2>&1 &&
	[ -f "$TMP/lldp-build/dps_lldp.so" ]; then
	ok "examples/lldp builds out of tree against the installed SDK (dps_lldp.so)"
else
	not_ok "examples/lldp builds out of tree against the installed SDK"
	show "$TMP/lldp-build.log"
	echo "1..$n"
	exit 1
fi
PLUGIN=$TMP/lldp-build/dps_lldp.so
# what the compiler was given: the destdir's headers, none of the tree's
jq -r '.[].command' "$TMP/lldp-build/compile_commands.json" >"$TMP/cmds"
if grep -q -- "-I[^ ]*$DEST" "$TMP/cmds" && ! grep -q -- "$SRC" "$TMP/cmds"; then
	ok "its compile commands include the destdir's headers and no path into the source tree"
else
	not_ok "its compile commands include the destdir's headers and no path into the source tree"
	show "$TMP/cmds"
fi
readelf --dyn-syms -W "$PLUGIN" | awk '$7 == "UND" && $8 ~ /^dps_/ { print $8 }' >"$TMP/undef"
if [ -s "$TMP/undef" ] && ! grep -qv '@DPSTACK_1$' "$TMP/undef"; then
	ok "the plugin uses $(wc -l <"$TMP/undef") functions of libdpstack, all of the SDK (DPSTACK_1)"
else
	not_ok "the plugin uses only SDK functions (DPSTACK_1)"
	show "$TMP/undef"
fi

# ---- dpstack with the plugin, lldpd on the kernel side -------------------

NS=$(new_ns lldp) || {
	not_ok "create a network namespace"
	echo "1..$n"
	exit 1
}
check "IPv6 is off in namespace $NS" quiet_ns "$NS"
CONF=$TMP/lldp.ini
cat >"$CONF" <<INI
[stack]
plugins = $PLUGIN
[adapter dps0]
device = net_tap0,iface=dps0
address = 198.51.100.2/24
[protocol arp]
bind = all
[protocol lldp]
bind = all
tx_interval = $TX_INTERVAL
tx_hold = 4
system_name = dpstack-test
INI
PREFIX=dpstest$$l
PREFIXES+=("$PREFIX")
OUT=$TMP/dpstack.out
ip netns exec "$NS" env LD_LIBRARY_PATH="$DEST$LIBDIR" "$DEST$BINDIR/dpstack" --no-huge \
	--no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" -- --config "$CONF" >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if wait_for "$OUT" '^dpstack: running' "$PID" "$START_TIMEOUT"; then
	ok "the installed dpstack runs with the plugin"
else
	not_ok "the installed dpstack runs with the plugin (not running after ${START_TIMEOUT}s)"
	show "$OUT"
	echo "1..$n"
	exit 1
fi
check "it names the plugin and its protocol" \
	grep -qx "dpstack: plugin $PLUGIN: protocol lldp" "$OUT"
MAC=$(sed -n 's/^dpstack: adapter dps0: port [0-9]* mac \([0-9A-Fa-f:]\{17\}\) .*/\1/p' "$OUT" |
	tr 'A-F' 'a-f')
KMAC=$(ip -n "$NS" -o link show dps0 | sed -n 's/.*link\/ether \([0-9a-f:]\{17\}\).*/\1/p')
ip -n "$NS" link set dps0 up
if lldpd_start "$NS" dps0 "configure lldp tx-interval 1" "configure lldp tx-hold 3"; then
	ok "lldpd runs on dps0 in $NS (its own socket, TTL 3 s)"
else
	not_ok "lldpd runs on dps0 in $NS"
	show "$TMP/lldpd.out"
fi

tel() {
	printf '%s\n' "$@" | timeout 20 dpdk-telemetry.py -f "$PREFIX" 2>>"$TMP/tel.err"
}
BID=lldp@dps0
check "telemetry: /dpstack/bindings lists $BID" \
	eval 'tel /dpstack/bindings | jq -e --arg b "$BID" ".[] | index(\$b) != null" >/dev/null'
lldp_tel() {
	tel "/dpstack/binding,$BID" | jq -c '.[] | .lldp'
}
counter() {
	lldp_tel | jq -r --arg k "$1" '.[$k] // empty'
}

# until COMMAND... succeeds, at most WAIT seconds
until_ok() {
	local i
	for ((i = 0; i < WAIT * 5; i++)); do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

# ---- dpstack sees lldpd -------------------------------------------------

lldpd_has_dps0() {
	lldpcli_ns -f keyvalue show interfaces 2>/dev/null | grep -q '^lldp\.dps0\.'
}
check "lldpd uses dps0" until_ok lldpd_has_dps0

dpstack_has_lldpd() {
	lldp_tel >"$TMP/lldp.json" &&
		jq -e --arg mac "$KMAC" '.neighbors == 1 and .neighbor0_chassis_id == $mac and
			.neighbor0_chassis_id_subtype == 4 and .neighbor0_port_id == $mac and
			.neighbor0_port_id_subtype == 3 and .neighbor0_ttl == 3' "$TMP/lldp.json" >/dev/null
}
if [ -n "$BID" ] && until_ok dpstack_has_lldpd; then
	ok "telemetry /dpstack/binding,$BID: one neighbour, chassis $KMAC (MAC), port $KMAC (MAC), TTL 3"
else
	not_ok "telemetry: one neighbour, chassis ${KMAC:-?}, port ${KMAC:-?}, TTL 3 within ${WAIT}s"
	show "$TMP/lldp.json"
fi
check "telemetry: the neighbour's system name is this host's ($(hostname))" \
	jq -e --arg h "$(hostname)" '.neighbor0_system_name == $h' "$TMP/lldp.json"
check "telemetry: lldpd's LLDPDUs counted, none malformed or discarded" \
	jq -e '.rx_frames > 0 and .neighbors_added == 1 and .rx_malformed == 0 and
		.rx_discarded == 0' "$TMP/lldp.json"

# ---- link down and up: an announcement at once; lldpd sees dpstack ------

lldpd_rx() {
	lldpcli_ns -f keyvalue show statistics ports dps0 | sed -n 's/^lldp\.dps0\.rx\.rx=//p'
}
link_is() {
	[ "$(tel /dpstack/adapter,dps0 | jq -r '.[] | .link')" = "$1" ]
}
tx_before=$(counter tx_frames)
rx_before=$(lldpd_rx)
ip -n "$NS" link set dps0 down
check "link down: dpstack sees it" until_ok link_is down
ip -n "$NS" link set dps0 up
announced() {
	[ "$(counter tx_frames)" = $((tx_before + 1)) ] && [ "$(lldpd_rx)" = $((rx_before + 1)) ]
}
if [ -n "$tx_before" ] && [ -n "$rx_before" ] && until_ok announced; then
	ok "link up: one announcement at once (dpstack tx $tx_before -> $((tx_before + 1)), lldpd rx $rx_before -> $((rx_before + 1)); tx_interval ${TX_INTERVAL}s)"
else
	not_ok "link up: one announcement within ${WAIT}s (dpstack tx ${tx_before:-?} -> $(counter tx_frames), lldpd rx ${rx_before:-?} -> $(lldpd_rx))"
fi

lldpd_has_dpstack() {
	lldpd_neighbors >"$TMP/neigh" 2>&1 &&
		grep -qx "lldp.dps0.chassis.mac=${MAC:-none}" "$TMP/neigh" &&
		grep -qx "lldp.dps0.port.ifname=dps0" "$TMP/neigh"
}
if until_ok lldpd_has_dpstack; then
	ok "lldpcli show neighbors: chassis $MAC (MAC), port dps0 (ifname)"
else
	not_ok "lldpcli show neighbors: chassis ${MAC:-?} (MAC), port dps0 (ifname) within ${WAIT}s"
	show "$TMP/neigh"
fi
check "lldpcli: system name dpstack-test, TTL $((TX_INTERVAL * 4))" \
	eval 'grep -qx "lldp.dps0.chassis.name=dpstack-test" "$TMP/neigh" &&
		grep -qx "lldp.dps0.port.ttl=$((TX_INTERVAL * 4))" "$TMP/neigh"'

# ---- TTL expiry ---------------------------------------------------------

# the link flap may have aged lldpd's entry: it is back within a second
check "lldpd's entry is in dpstack's table before the pause" until_ok dpstack_has_lldpd
aged_before=$(counter neighbors_aged)
lldpcli_ns pause >/dev/null 2>&1
expired() {
	lldp_tel >"$TMP/lldp.json" &&
		jq -e '.neighbors == 0 and has("neighbor0_chassis_id") == false' "$TMP/lldp.json" \
			>/dev/null
}
if until_ok expired; then
	ok "lldpcli pause: lldpd's entry leaves dpstack's table when its TTL (3 s) runs out"
else
	not_ok "lldpcli pause: lldpd's entry leaves dpstack's table within ${WAIT}s"
	show "$TMP/lldp.json"
fi
check "it was aged (neighbors_aged $aged_before -> $(counter neighbors_aged)), not shut down (rx_shutdown 0)" \
	eval '[ "$(counter neighbors_aged)" = $((aged_before + 1)) ] && [ "$(counter rx_shutdown)" = 0 ]'
lldpd_stop

# ---- stop ---------------------------------------------------------------

kill -INT "$PID" 2>/dev/null
if wait_exit "$PID" "$STOP_TIMEOUT" && [ "$RC" -eq 0 ]; then
	ok "SIGINT: dpstack exits 0"
else
	not_ok "SIGINT: dpstack exits 0 within ${STOP_TIMEOUT}s (exit: $RC)"
	show "$OUT"
fi
check "leak report is empty" grep -q '^leak report: empty' "$OUT"
if grep -Eq '^dpstack: mempool dps_mbuf: ([0-9]+) of \1 mbufs free$' "$OUT"; then
	ok "every mbuf is back in the mempool"
else
	not_ok "every mbuf is back in the mempool"
	grep '^dpstack: mempool' "$OUT" | sed 's/^/# /'
fi
check "the exit report has the plugin's line: its counters that moved, no neighbour left" \
	grep -Eq '^    lldp:( [a-z_]+ [0-9]+)* tx_frames [0-9]+( [a-z_]+ [0-9]+)*; 0 neighbor\(s\)$' "$OUT"

# ---- periodic announcements: tx_interval 1 s, TTL 2 s -------------------

sed -i 's/^tx_interval = .*/tx_interval = 1/; s/^tx_hold = .*/tx_hold = 2/' "$CONF"
: >"$OUT"
ip netns exec "$NS" env LD_LIBRARY_PATH="$DEST$LIBDIR" "$DEST$BINDIR/dpstack" --no-huge \
	--no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" -- --config "$CONF" >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if wait_for "$OUT" '^dpstack: running' "$PID" "$START_TIMEOUT" &&
	ip -n "$NS" link set dps0 up && lldpd_start "$NS" dps0 "configure lldp tx-interval 1"; then
	ok "again with tx_interval = 1, tx_hold = 2; lldpd restarted"
else
	not_ok "again with tx_interval = 1, tx_hold = 2; lldpd restarted"
	show "$OUT"
fi
periodic() {
	local rx
	rx=$(lldpd_rx)
	[ -n "$rx" ] && [ "$rx" -ge 3 ] && lldpd_neighbors >"$TMP/neigh" 2>&1 &&
		grep -qx "lldp.dps0.port.ttl=2" "$TMP/neigh"
}
if until_ok periodic; then
	ok "lldpd receives an announcement every second (rx $(lldpd_rx) within ${WAIT}s), TTL 2"
else
	not_ok "lldpd receives an announcement every second (rx $(lldpd_rx) after ${WAIT}s), TTL 2"
	show "$TMP/neigh"
fi
lldpd_stop
kill -INT "$PID" 2>/dev/null
if wait_exit "$PID" "$STOP_TIMEOUT" && [ "$RC" -eq 0 ]; then
	ok "SIGINT: dpstack exits 0"
else
	not_ok "SIGINT: dpstack exits 0 within ${STOP_TIMEOUT}s (exit: $RC)"
	show "$OUT"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
