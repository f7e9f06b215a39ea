#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A configuration that refuses every bad input (issue 13 point 5): each bad
# file or option gives exit code 2 and its exact line, none hangs (each run
# bounded by timeout), control bytes never reach the terminal raw; every
# example under config/examples/ starts (the vdev ones for real, in a
# namespace made here; the PCI one up to the probe of its device).
#
# Usage: test_config.sh PATH/TO/dpstack PATH/TO/SOURCE
# Prints TAP lines, exits 1 if any failed.
set -uo pipefail

BIN=${1:?usage: $0 PATH/TO/dpstack PATH/TO/SOURCE}
BIN=$(realpath "$BIN")
SRC=$(realpath "${2:?usage: $0 PATH/TO/dpstack PATH/TO/SOURCE}")
START_TIMEOUT=40
STOP_TIMEOUT=20

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi

. "$(dirname "$0")/lib.sh"

EAL=(--no-huge --no-pci -m 512)

# bad NAME LINE ARGS...: exit code 2 within 20 s, LINE (exact) on stderr, and
# nothing else printed when ONE_LINE=1 (found before EAL starts)
ONE_LINE=1
bad() {
	local name=$1 want=$2 rc lines
	shift 2
	SHOWN=
	timeout 20 "$BIN" "$@" >"$TMP/bad.out" 2>"$TMP/bad.err"
	rc=$?
	lines=$(grep -vc '^dpstack\.config: ' "$TMP/bad.out" "$TMP/bad.err" | awk -F: '{s += $2} END {print s}')
	if [ "$rc" -ne 2 ]; then
		not_ok "$name: exit code $rc, want 2"
		show "$TMP/bad.err"
	elif ! grep -qxF -- "$want" "$TMP/bad.err"; then
		not_ok "$name: no line on stderr is exactly: $want"
		show "$TMP/bad.err"
	elif [ "$ONE_LINE" = 1 ] && [ "$lines" -ne 1 ]; then
		not_ok "$name: $lines lines printed, want 1"
		show "$TMP/bad.err"
	else
		ok "$name: exit code 2 and its line"
	fi
	if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$TMP/bad.out" "$TMP/bad.err"; then
		not_ok "$name: a control byte reached the output raw"
	fi
}

# not regular files: refused before any read, so nothing blocks
mkfifo "$TMP/fifo.ini"
bad "a FIFO with no writer" "dpstack: $TMP/fifo.ini: cannot read: a FIFO, not a regular file" \
	-- --config "$TMP/fifo.ini"
bad "/dev/zero" "dpstack: /dev/zero: cannot read: a character device, not a regular file" \
	-- --config /dev/zero
bad "a directory" "dpstack: $TMP: cannot read: a directory, not a regular file" -- --config "$TMP"
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' ';' >"$TMP/big.ini"
bad "a file over 1 MiB" "dpstack: $TMP/big.ini: file of 1048577 bytes, more than 1048576" \
	-- --config "$TMP/big.ini"

# NUL and control bytes: errors naming the line, never echoed
A0=$'[adapter dps0]\ndevice = net_tap0,iface=dps0\n'
printf '%saddress = 198.51.100.2\0/24\n' "$A0" >"$TMP/nul.ini"
bad "a NUL byte inside address" \
	"dpstack: $TMP/nul.ini: line 3: NUL byte 0x00 (text only: no NUL or control bytes but tab)" \
	-- --config "$TMP/nul.ini"
printf '%saddress = 198.51.100.2/24 \033[2J\007\n' "$A0" >"$TMP/esc.ini"
bad "ESC and BEL in a value" \
	"dpstack: $TMP/esc.ini: line 3: control byte 0x1b (text only: no NUL or control bytes but tab)" \
	-- --config "$TMP/esc.ini"
bad "a file name with ESC is escaped" \
	"dpstack: option --config: cannot read '$TMP/a\\x1b[31mb.ini' (try --help)" \
	-- --config "$TMP/a"$'\033'"[31mb.ini"

# addresses that are not a host's
for case in "127.0.0.1/8|'127.0.0.1/8' is a loopback address (127.0.0.0/8)" \
	"0.0.0.0/24|'0.0.0.0/24': 0.0.0.0 is not a host address" \
	"0.0.0.5/8|'0.0.0.5/8': 0.0.0.0/8 is 'this network', not a host address" \
	"224.0.0.1/24|'224.0.0.1/24' is a multicast address" \
	"255.255.255.255/32|'255.255.255.255/32' is the limited broadcast address" \
	"198.51.100.255/24|'198.51.100.255/24' is the broadcast address of its prefix" \
	"198.51.100.0/24|'198.51.100.0/24' is the network address of its prefix"; do
	addr=${case%%|*}
	printf '%saddress = %s\n' "$A0" "$addr" >"$TMP/addr.ini"
	bad "address $addr" \
		"dpstack: $TMP/addr.ini: [adapter dps0] address = '$addr': ${case#*|}; address: IPv4 addresses A.B.C.D/N, comma-separated, up to 8" \
		-- --config "$TMP/addr.ini"
done

quiet() { "$@" >/dev/null 2>&1; }

# an unknown log module is named, with the known ones
timeout 20 "$BIN" -- --log-level nomodule:debug 2>"$TMP/log.err"
rc=$?
check "--log-level nomodule:debug: exit code 2 (got $rc)" test "$rc" -eq 2
check "--log-level nomodule:debug: names it and the known modules" \
	grep -qE "^dpstack: option --log-level: 'nomodule:debug': no such module \(modules: ([a-z_0-9]+, )*[a-z_0-9]+\)$" "$TMP/log.err"
# the list is in registration order, which links decide: look for two of them
check "--log-level nomodule:debug: the list has arp" \
	grep -qE "\(modules: (.*, )?arp(, .*)?\)$" "$TMP/log.err"
check "--log-level nomodule:debug: the list has config" \
	grep -qE "\(modules: (.*, )?config(, .*)?\)$" "$TMP/log.err"
check "--log-level config:debug is accepted (then --help)" quiet \
	timeout 20 "$BIN" -- --log-level config:debug --help

# a bad EAL option: the line naming it and ours, not EAL's usage
PREFIXES+=("dpstest$$eal")
timeout 20 "$BIN" "${EAL[@]}" --file-prefix="dpstest$$eal" --bogus-eal >"$TMP/eal.out" 2>&1
rc=$?
check "bad EAL option: exit code 2 (got $rc)" test "$rc" -eq 2
check "bad EAL option: our line, pointing to --help" grep -qxF \
	"dpstack: bad EAL option (see the line above; EAL options: dpstack --help)" "$TMP/eal.out"
check "bad EAL option: the option is named" grep -qF "'--bogus-eal'" "$TMP/eal.out"
if grep -qE 'Usage:|--proc-type' "$TMP/eal.out"; then
	not_ok "bad EAL option: EAL's usage is not printed"
	show "$TMP/eal.out"
else
	ok "bad EAL option: EAL's usage is not printed"
fi

# no adapter at all: an empty file, a file with only [stack]; EAL starts (a
# --vdev could have made a port), so more than one line
ONE_LINE=0
PREFIXES+=("dpstest$$e")
: >"$TMP/empty.ini"
bad "an empty file" \
	"dpstack: $TMP/empty.ini: no adapter: no [adapter NAME] section, and no EAL option (--vdev, -a) made a port" \
	"${EAL[@]}" --file-prefix="dpstest$$e" -- --config "$TMP/empty.ini"
printf '[stack]\n[protocol arp]\n' >"$TMP/noadapter.ini"
bad "no [adapter]" \
	"dpstack: $TMP/noadapter.ini: no adapter: no [adapter NAME] section, and no EAL option (--vdev, -a) made a port" \
	"${EAL[@]}" --file-prefix="dpstest$$e" -- --config "$TMP/noadapter.ini"
# ... but a port from --vdev is an adapter: net_null starts with [stack] only
PREFIXES+=("dpstest$$n")
timeout -s INT 15 "$BIN" "${EAL[@]}" --file-prefix="dpstest$$n" --vdev=net_null0 \
	-- --config "$TMP/noadapter.ini" >"$TMP/null.out" 2>&1
check "no [adapter] but --vdev=net_null0: runs" grep -q '^dpstack: running' "$TMP/null.out"
check "no [adapter] but --vdev=net_null0: leak report empty" grep -q '^leak report: empty' "$TMP/null.out"

# start NAME CONFIG EAL...: runs in a namespace of its own, stops on SIGINT with exit 0
start() {
	local name=$1 config=$2 ns out=$TMP/$1.out pid
	shift 2
	SHOWN=
	ns=$(new_ns "$name") || { not_ok "$name: create a namespace"; return; }
	PREFIXES+=("dpstest$$$name")
	ip netns exec "$ns" "$BIN" "$@" --file-prefix="dpstest$$$name" -- --config "$config" \
		>"$out" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	if wait_for "$out" '^dpstack: running' "$pid" "$START_TIMEOUT"; then
		ok "$name: starts and runs"
	else
		not_ok "$name: starts and runs"
		show "$out"
	fi
	kill -INT "$pid" 2>/dev/null
	if wait_exit "$pid" "$STOP_TIMEOUT" && [ "$RC" -eq 0 ]; then
		ok "$name: SIGINT makes it exit 0"
	else
		not_ok "$name: SIGINT makes it exit 0 (exit: $RC)"
		show "$out"
	fi
	check "$name: leak report empty" grep -q '^leak report: empty' "$out"
	ip netns del "$ns" 2>/dev/null
}

start default.ini "$SRC/config/default.ini" "${EAL[@]}"
start two-ports.ini "$SRC/config/examples/two-ports.ini" "${EAL[@]}"
check "two-ports.ini: both adapters up" test "$(grep -c '^dpstack: adapter dps[01]: port' "$TMP/two-ports.ini.out")" -eq 2
# rss.ini wants workers 1 and 2: three lcores on however many CPUs
start rss.ini "$SRC/config/examples/rss.ini" "${EAL[@]}" --lcores=0@0,1@0,2@0
check "rss.ini: 4 rx and 4 tx queues (tx raised to rx for net_tap)" \
	grep -qF "dps0: port 0 (net_tap0,iface=dps0), 4 rx / 4 tx queues" "$TMP/rss.ini.out"

# pci.ini up to the probe of its device (never a real NIC: --no-pci)
PREFIXES+=("dpstest$$pci")
timeout 30 "$BIN" "${EAL[@]}" --lcores=0@0,1@0,2@0 --file-prefix="dpstest$$pci" \
	-- --config "$SRC/config/examples/pci.ini" >"$TMP/pci.out" 2>&1
rc=$?
check "pci.ini: exit code 1 at the probe (got $rc)" test "$rc" -eq 1
check "pci.ini: loads, then stops at the probe of 0000:01:00.0" grep -qxF \
	"dpstack: $SRC/config/examples/pci.ini: adapter port0: cannot probe device '0000:01:00.0': No such device" "$TMP/pci.out"
check "pci.ini: leak report empty" grep -q '^leak report: empty' "$TMP/pci.out"

echo "1..$n"
[ "$failed" -eq 0 ]
