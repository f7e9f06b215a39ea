#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The plugin loader (issue 8 point 4): dpstack refuses, with exactly one
# line on stderr naming the file and exit code 2, before anything starts:
# a file that does not load (missing, not ELF), one without the entry
# point, one of another ABI version, one whose protocol name is taken (by a
# built-in or by another plugin), one whose descriptor fails validation,
# one that uses stack-internal functions; the same from [stack] plugins.
# A plugin's [protocol NAME] keys are checked like a built-in's. A good
# plugin loads, binds, shows in telemetry, and dpstack exits cleanly.
#
# Usage: test_plugins.sh PATH/TO/dpstack PLUGIN_DIR (tests/plugins of the
# build tree). TAP output. The good-plugin run happens in a namespace made
# here; every wait is bounded.
set -uo pipefail

BIN=$(realpath "${1:?usage: $0 PATH/TO/dpstack PLUGIN_DIR}")
PLUGINS=$(realpath "${2:?usage: $0 PATH/TO/dpstack PLUGIN_DIR}")
HERE=$(cd "$(dirname "$0")" && pwd)
START_TIMEOUT=30
STOP_TIMEOUT=20

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi
for tool in jq dpdk-telemetry.py; do
	if ! command -v "$tool" >/dev/null; then
		echo "1..0 # SKIP $tool is not installed (scripts/deps.sh installs it)"
		exit 77
	fi
done

# shellcheck source=lib.sh
. "$HERE/lib.sh"

# refused DESCRIPTION WANT_LINE DPSTACK_ARGS...: dpstack exits 2, prints
# nothing on stdout and exactly WANT_LINE on stderr
refused() {
	local what=$1 want=$2 rc
	shift 2
	timeout 20 "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" = 2 ] && [ ! -s "$TMP/out" ] && [ "$(wc -l <"$TMP/err")" = 1 ] &&
		[ "$(cat "$TMP/err")" = "$want" ]; then
		ok "$what: exit 2, one line: $want"
	else
		not_ok "$what: exit 2 and one line '$want' (exit $rc)"
		sed 's/^/# stderr: /' "$TMP/err" | head -n 5
		sed 's/^/# stdout: /' "$TMP/out" | head -n 5
	fi
}

P=$PLUGINS
refused "a file that does not exist" \
	"dpstack: plugin $TMP/none.so: cannot load: cannot open shared object file: No such file or directory" \
	-- --plugin "$TMP/none.so"
head -c 100 /dev/zero | tr '\0' x >"$TMP/text.so" # longer than an ELF header
refused "a file that is not ELF" \
	"dpstack: plugin $TMP/text.so: cannot load: invalid ELF header" \
	-- --plugin "$TMP/text.so"
refused "no entry point" \
	"dpstack: plugin $P/probe_no_entry.so: no entry point 'dps_plugin_entry' (a plugin defines it with DPS_PLUGIN_EXPORT)" \
	-- --plugin "$P/probe_no_entry.so"
refused "another ABI version" \
	"dpstack: plugin $P/probe_abi2.so: built for SDK ABI version 2, this dpstack has version 1" \
	-- --plugin "$P/probe_abi2.so"
refused "the name of a built-in protocol" \
	"dpstack: plugin $P/probe_arp.so: protocol name 'arp' is already taken" \
	-- --plugin "$P/probe_arp.so"
cp "$P/probe.so" "$TMP/probe_copy.so"
refused "the name of another plugin's protocol" \
	"dpstack: plugin $TMP/probe_copy.so: protocol name 'probe' is already taken" \
	-- --plugin "$P/probe.so" --plugin "$TMP/probe_copy.so"
refused "a descriptor that fails validation" \
	"dpstack: plugin $P/probe_bad_desc.so: invalid descriptor: protocol name 'Probe-1' is not 1..15 characters of [a-z0-9_]" \
	-- --plugin "$P/probe_bad_desc.so"
refused "stack-internal functions" \
	"dpstack: plugin $P/probe_internal.so: uses stack-internal functions (symbol version DPSTACK_INTERNAL); a plugin may use only what the SDK's headers declare" \
	-- --plugin "$P/probe_internal.so"

# the same from the configuration file
CONF=$TMP/plugins.ini
cat >"$CONF" <<INI
[stack]
plugins = $P/probe.so, $P/probe_abi2.so
[adapter n0]
device = net_null0
[protocol probe]
bind = all
INI
refused "[stack] plugins: the second of two" \
	"dpstack: plugin $P/probe_abi2.so: built for SDK ABI version 2, this dpstack has version 1" \
	-- --config "$CONF"

# the plugin's keys are checked like a built-in's
cat >"$CONF" <<INI
[stack]
plugins = $P/probe.so
[adapter n0]
device = net_null0
[protocol probe]
bind = all
level = 10
INI
refused "a plugin's key out of range" \
	"dpstack: $CONF: [protocol probe] level = '10': must be 0..9; level: a test key (default 1)" \
	-- --config "$CONF"
sed -i 's/^level = 10$/colour = red/' "$CONF"
refused "a key the plugin does not have" \
	"dpstack: $CONF: [protocol probe] colour = 'red': unknown key (keys: bind, level)" \
	-- --config "$CONF"
# without the plugin, its section is an unknown protocol; the line lists
# the built-ins (whichever there are: arp among them, probe not)
sed -i '/^plugins = /d' "$CONF"
timeout 20 "$BIN" -- --config "$CONF" >"$TMP/out" 2>"$TMP/err"
rc=$?
want="dpstack: $CONF: [protocol probe]: unknown protocol 'probe' (known: KNOWN; a plugin's protocol is known once its plugin is in [stack] plugins or given with --plugin)"
known=$(sed -n "s/^.*unknown protocol 'probe' (known: \([a-z0-9_, ]*\); a plugin.*$/\1/p" "$TMP/err")
if [ "$rc" = 2 ] && [ ! -s "$TMP/out" ] && [ "$(wc -l <"$TMP/err")" = 1 ] &&
	[ "$(cat "$TMP/err")" = "${want/KNOWN/$known}" ] && [[ ", $known, " == *", arp, "* ]] &&
	[[ ", $known, " != *", probe, "* ]]; then
	ok "a plugin's section without the plugin: exit 2, one line: ${want/KNOWN/$known}"
else
	not_ok "a plugin's section without the plugin: exit 2 and one line '$want' (exit $rc)"
	sed 's/^/# stderr: /' "$TMP/err" | head -n 5
fi

# ---- a good plugin runs ----
cat >"$CONF" <<INI
[stack]
plugins = $P/probe.so
[adapter n0]
device = net_null0
[protocol probe]
bind = all
level = 3
INI
NS=$(new_ns plugins) || {
	not_ok "create a network namespace"
	echo "1..$n"
	exit 1
}
PREFIX=dpstest$$p
PREFIXES+=("$PREFIX")
OUT=$TMP/dpstack.out
ip netns exec "$NS" "$BIN" --no-huge --no-pci -m 256 -l 0-1 --file-prefix="$PREFIX" -- \
	--config "$CONF" >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if wait_for "$OUT" '^dpstack: running' "$PID" "$START_TIMEOUT"; then
	ok "dpstack runs with plugin probe.so"
else
	not_ok "dpstack runs with plugin probe.so (not running after ${START_TIMEOUT}s)"
	show "$OUT"
fi
check "it names the plugin and its protocol" \
	grep -qx "dpstack: plugin $P/probe.so: protocol probe" "$OUT"
tel=$(printf '/dpstack/binding,probe@n0\n/dpstack/protocols\n' |
	timeout 20 dpdk-telemetry.py -f "$PREFIX" 2>/dev/null)
check "telemetry: binding probe@n0 is Running, protocol probe is listed with its EtherType" \
	jq -se '.[0]["/dpstack/binding"].state == "Running" and
		.[1]["/dpstack/protocols"].probe.ethertypes == ["0x88b5"]' <<<"$tel"
kill -INT "$PID" 2>/dev/null
if wait_exit "$PID" "$STOP_TIMEOUT" && [ "$RC" -eq 0 ]; then
	ok "SIGINT: exit 0"
else
	not_ok "SIGINT: exit 0 within ${STOP_TIMEOUT}s (exit: $RC)"
	show "$OUT"
fi
check "leak report is empty" grep -q '^leak report: empty' "$OUT"

echo "1..$n"
[ "$failed" -eq 0 ]
