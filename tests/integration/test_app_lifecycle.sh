#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The dpstack process from start to exit: command line, start-up in vdev mode
# inside a network namespace made here, the port list, SIGINT/SIGTERM
# teardown with an empty leak report.
#
# Usage: test_app_lifecycle.sh PATH/TO/dpstack
# Prints TAP lines (ok N - ... / not ok N - ...), exits 1 if any failed.
# Every wait is bounded; the namespaces and DPDK runtime directories made
# here are removed on exit.
set -uo pipefail

BIN=${1:?usage: $0 PATH/TO/dpstack}
BIN=$(realpath "$BIN")
START_TIMEOUT=30 # seconds until "running"
STOP_TIMEOUT=20	 # seconds from the signal to the exit

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi

. "$(dirname "$0")/lib.sh"

# run_bad NAME EXPECT ARGS...: a bad command line; exit code 2 and a line
# on stderr that matches EXPECT (fixed string).
run_bad() {
	local name=$1 expect=$2 out=$TMP/bad.out err=$TMP/bad.err rc
	shift 2
	SHOWN=
	timeout 20 "$BIN" "$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" -ne 2 ]; then
		not_ok "$name: exit code $rc, want 2"
		show "$err"
	elif ! grep -qF -- "$expect" "$err"; then
		not_ok "$name: no line on stderr names $expect"
		show "$err"
	else
		ok "$name: exit code 2, names the option"
	fi
}

# run_bad_app NAME EXPECT ARGS...: like run_bad, and the whole output is that
# one line (the error is found before anything is initialised).
run_bad_app() {
	local name=$1 expect=$2 out=$TMP/bad.out err=$TMP/bad.err rc lines
	shift 2
	SHOWN=
	timeout 20 "$BIN" "$@" >"$out" 2>"$err"
	rc=$?
	lines=$(cat "$out" "$err" | wc -l)
	if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && grep -qF -- "$expect" "$err"; then
		ok "$name: exit code 2, one line naming the option"
	else
		not_ok "$name: want exit code 2 and one line with: $expect (got exit code $rc, $lines line(s))"
		show "$out"
		show "$err"
	fi
}

# lifecycle NAME SIGNAL PRIVATE_RUNDIR [EAL/app args...]: start dpstack in a
# namespace of its own, check the port and the tap, stop it with SIGNAL.
# PRIVATE_RUNDIR=1 gives it a private /var/run/dpdk, so the default
# file prefix ("rte") cannot meet another DPDK process on this machine.
lifecycle() {
	local name=$1 sig=$2 private=$3 ns out=$TMP/$1.out pid
	shift 3
	SHOWN=
	ns=$(new_ns "$name") || { not_ok "$name: create a network namespace"; return; }
	if [ "$private" = 1 ]; then
		mkdir -p /var/run/dpdk
		ip netns exec "$ns" unshare --mount --propagation private \
			sh -c 'mount -t tmpfs dpstest /var/run/dpdk && exec "$@"' sh \
			"$BIN" "$@" >"$out" 2>&1 &
	else
		ip netns exec "$ns" "$BIN" "$@" >"$out" 2>&1 &
	fi
	pid=$!
	PIDS+=("$pid")

	if wait_for "$out" '^dpstack: running' "$pid" "$START_TIMEOUT"; then
		ok "$name: starts and runs"
	elif kill -0 "$pid" 2>/dev/null; then
		not_ok "$name: starts and runs (not running after ${START_TIMEOUT}s)"
		show "$out"
	else
		not_ok "$name: starts and runs (it exited first)"
		show "$out"
	fi
	if grep -Eq '^dpstack: .*\<port 0\>' "$out"; then
		ok "$name: lists port 0"
	else
		not_ok "$name: lists port 0"
		show "$out"
	fi
	check "$name: tap interface dps0 exists in the namespace" has_link "$ns" dps0

	kill -"$sig" "$pid" 2>/dev/null
	if wait_exit "$pid" "$STOP_TIMEOUT" && [ "$RC" -eq 0 ]; then
		ok "$name: SIG$sig makes it exit 0"
	else
		not_ok "$name: SIG$sig makes it exit 0 within ${STOP_TIMEOUT}s (exit: $RC)"
		show "$out"
	fi
	if grep -q '^leak report: empty' "$out"; then
		ok "$name: leak report is empty"
	else
		not_ok "$name: leak report is empty"
		show "$out"
	fi
	ip netns del "$ns" 2>/dev/null
}

# --help and --version initialise nothing
timeout 20 "$BIN" --help >"$TMP/help.out" 2>&1
rc=$?
check "--help exits 0 (exit $rc)" test "$rc" -eq 0
check "--help prints Usage" grep -q '^Usage: ' "$TMP/help.out"
timeout 20 "$BIN" -- --help >"$TMP/help2.out" 2>&1
rc=$?
check "-- --help exits 0 (exit $rc)" test "$rc" -eq 0
check "-- --help prints Usage" grep -q '^Usage: ' "$TMP/help2.out"
timeout 20 "$BIN" --version >"$TMP/version.out" 2>&1
rc=$?
check "--version exits 0 (exit $rc)" test "$rc" -eq 0
check "--version prints the version" grep -q '^dpstack [0-9]' "$TMP/version.out"

# bad command lines
run_bad_app "unknown option" "unknown option '--bogus'" -- --bogus
run_bad_app "missing value" "option --config: missing value" -- --config
run_bad_app "bad --log-level" "option --log-level: bad value 'loud'" -- --log-level loud
run_bad_app "unreadable --config" "option --config: cannot read '$TMP/none.ini'" \
	-- --config "$TMP/none.ini"
run_bad_app "stray argument" "unexpected argument 'extra'" -- extra
run_bad_app "empty --plugin" "option --plugin: empty path" -- --plugin ""
# fault injection (lib/core/dps_fault.h) exists only in -Dfault_injection builds
DPS_FAULTS=tx_burst:1 run_bad_app "DPS_FAULTS in a build without fault injection" \
	"dpstack: DPS_FAULTS: this build has no fault injection (meson -Dfault_injection=true)" \
	-- --log-level info
# found once the configuration is loaded (its "loaded" line comes first)
run_bad "--plugin given twice" "dpstack: option --plugin: '/a.so': listed twice (try --help)" \
	-- --plugin /a.so --plugin /a.so
printf '[stack]\nplugins = /a.so,,/b.so\n' >"$TMP/plugins.ini"
run_bad_app "empty element in [stack] plugins" \
	"dpstack: $TMP/plugins.ini: [stack] plugins = '/a.so,,/b.so': empty list element" \
	-- --config "$TMP/plugins.ini"
PREFIXES+=("dpstest$$bad")
run_bad "bad EAL option" "'--bogus-eal'" --no-huge --no-pci --file-prefix="dpstest$$bad" \
	--bogus-eal
run_bad "bad EAL option before --" "'--bogus-eal'" --no-huge --no-pci \
	--file-prefix="dpstest$$bad" --bogus-eal -- --log-level info

# start-up and teardown, with explicit EAL options and with none
PREFIXES+=("dpstest$$" "dpstest$$t")
lifecycle sigint INT 0 --no-huge --no-pci -m 512 --file-prefix="dpstest$$" \
	--vdev=net_tap0,iface=dps0
lifecycle sigterm TERM 0 --no-huge --no-pci -m 512 --file-prefix="dpstest$$t" \
	--vdev=net_tap0,iface=dps0 -- --log-level info
lifecycle default INT 1
if grep -q '^dpstack.*vdev mode' "$TMP/default.out"; then
	ok "default: no EAL options means vdev mode"
else
	not_ok "default: no EAL options means vdev mode"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
