#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# dpsctl as complete as an operator needs (issue 13 point 2), against
# dpstack in a namespace made here: bindings, protocols, stats [ADAPTER]
# [--watch], their JSON (parsed by python3 -m json.tool), errors as JSON on
# stdout, exit codes, help [COMMAND], -j, --version, the interactive mode
# through a pseudo-terminal (dpsctl_pty.py), and the bash completion.
#
# Usage: test_dpsctl.sh PATH/TO/dpstack PATH/TO/dpsctl PATH/TO/SOURCE
# Prints TAP lines, exits 1 if any failed.
set -uo pipefail

BIN=$(realpath "${1:?usage: $0 DPSTACK DPSCTL SOURCE}")
CTL=$(realpath "${2:?usage: $0 DPSTACK DPSCTL SOURCE}")
SRC=$(realpath "${3:?usage: $0 DPSTACK DPSCTL SOURCE}")
HERE=$(cd "$(dirname "$0")" && pwd)
START_TIMEOUT=40

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi

. "$HERE/lib.sh"

PREFIX=dpstest$$ctl
PREFIXES+=("$PREFIX")
NS=$(new_ns ctl) || { echo "not ok 1 - create a namespace"; exit 1; }
quiet_ns "$NS"
OUT=$TMP/dpstack.out
ip netns exec "$NS" "$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if ! wait_for "$OUT" '^dpstack: running' "$PID" "$START_TIMEOUT"; then
	not_ok "dpstack starts"
	show "$OUT"
	echo "1..$n"
	exit 1
fi
ok "dpstack starts with the default configuration"
ip -n "$NS" addr add 198.51.100.1/24 dev dps0
ip -n "$NS" link set dps0 up

# run NAME WANT_RC ARGS...: dpsctl's exit code; stdout in $TMP/o, stderr in $TMP/e
run() {
	local name=$1 want=$2 rc
	shift 2
	timeout 20 "$CTL" --file-prefix "$PREFIX" "$@" >"$TMP/o" 2>"$TMP/e"
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$name: exit code $want"
	else
		not_ok "$name: exit code $rc, want $want"
		SHOWN=
		show "$TMP/o"
		show "$TMP/e"
	fi
}

json_ok() { python3 -m json.tool "$TMP/o" >/dev/null 2>&1; }
# pyq EXPR: a Python expression on the JSON of $TMP/o (as j) is true
pyq() { python3 -c "import json, sys; j = json.load(open('$TMP/o')); sys.exit(0 if ($1) else 1)"; }

run "bindings" 0 bindings
check "bindings: arp, ipv4 and raw on dps0, Running" \
	test "$(awk 'NR > 1 && $4 == "Running" { print $1 }' "$TMP/o" | sort | tr '\n' ' ')" = "arp@dps0 ipv4@dps0 raw@dps0 "
run "-j bindings" 0 -j bindings
check "-j bindings: JSON (python3 -m json.tool)" json_ok
check "-j bindings: an array of 3 with name, state, counters" \
	pyq "len(j) == 3 and sorted(b['name'] for b in j) == ['arp@dps0', 'ipv4@dps0', 'raw@dps0'] and all('rx_frames' in b and b['state'] == 'Running' for b in j)"

run "protocols" 0 protocols
check "protocols: arp 0x0806, ipv4 0x0800, raw" \
	test "$(awk 'NR > 1 { print $1 ":" $2 }' "$TMP/o" | tr '\n' ' ')" = "arp:0x0806 ipv4:0x0800 raw:- "
run "--json protocols" 0 --json protocols
check "--json protocols: JSON, one binding each" pyq "set(j) == {'arp', 'ipv4', 'raw'} and all(p['bindings'] == 1 for p in j.values())"

# five echoes from the kernel: stats counts them
ip netns exec "$NS" ping -c 5 -i 0.2 -W 2 198.51.100.2 >"$TMP/ping" 2>&1
check "the kernel pings the stack (5 of 5)" grep -q ' 5 received' "$TMP/ping"
run "stats" 0 stats
check "stats: the adapter's line and its counters" grep -qE '^adapter dps0: link up, state started$' "$TMP/o"
check "stats: ipv4's counters by reason (icmp_echo 5)" grep -qE '^    ipv4: rx [0-9]+ icmp_echo 5( |$)' "$TMP/o"
check "stats: each binding" test "$(grep -c '^  binding [a-z0-9]*@dps0: Running$' "$TMP/o")" -eq 3
run "stats dps0 -j" 0 stats dps0 -j
check "stats -j: JSON" json_ok
check "stats -j: adapter counters and bindings with protocol counters" \
	pyq "j['adapters']['dps0']['link'] == 'up' and j['adapters']['dps0']['bindings']['ipv4@dps0']['ipv4']['icmp_echo'] == 5"
run "stats --watch 0.2 --count 3" 0 stats --watch 0.2 --count 3
check "stats --watch: 3 rounds" test "$(grep -c '^every 0.2 s, ' "$TMP/o")" -eq 3

# errors: a line on stderr, exit 1; with -j the error object on stdout
run "stats nope" 1 stats nope
check "stats nope: one line naming the status and reason" \
	grep -qxF "dpsctl: stats: DPS_E_NOT_FOUND: no adapter 'nope'" "$TMP/e"
run "-j stats nope" 1 -j stats nope
check "-j stats nope: the error as JSON on stdout" \
	pyq "j == {'error': {'status': 'DPS_E_NOT_FOUND', 'reason': \"no adapter 'nope'\"}}"
timeout 20 "$CTL" --file-prefix "dpstest$$none" bindings >"$TMP/o" 2>"$TMP/e"
rc=$?
check "bindings without dpstack: exit 1 (got $rc)" test "$rc" -eq 1
check "bindings without dpstack: says so" grep -q "^dpsctl: bindings: DPS_E_NOT_FOUND: cannot connect to .*(is dpstack running?)" "$TMP/e"

# help, --version, usage errors
run "help" 0 help
check "help: lists the new commands" grep -qE '^  (bindings|protocols|stats) ' "$TMP/o"
run "help stats" 0 help stats
check "help stats: its usage line" grep -qxF "usage: dpsctl [GLOBAL OPTIONS] stats [ADAPTER] [--watch SEC] [--count N]" "$TMP/o"
run "help bogus" 2 help bogus
check "help bogus: names it" grep -qxF "dpsctl: help: unknown command 'bogus' (see dpsctl help)" "$TMP/e"
run "stats --watch 0" 2 stats --watch 0
check "stats --watch 0: names the value" grep -qxF "dpsctl: stats: bad --watch '0' (seconds, at least 0.1)" "$TMP/e"
run "bindings extra" 2 bindings extra
run "--version" 0 --version
check "--version: dpsctl VERSION" grep -qE '^dpsctl [0-9]+\.[0-9]+' "$TMP/o"
timeout 20 "$CTL" --file-prefix "$PREFIX" </dev/null >"$TMP/o" 2>"$TMP/e"
rc=$?
check "no command, not on a terminal: exit 2 (got $rc)" test "$rc" -eq 2
check "no command, not on a terminal: the usage line" grep -qxF "dpsctl: no command given (see dpsctl --help)" "$TMP/e"

# the interactive mode, on a pseudo-terminal
mkdir -p "$TMP/home"
DPSCTL_TEST_HOME=$TMP/home timeout 60 python3 "$HERE/dpsctl_pty.py" "$CTL" --file-prefix "$PREFIX" >"$TMP/pty" 2>&1
rc=$?
section() { awk -v s="=== $1" '$0 == s { on = 1; next } /^=== / { on = 0 } on' "$TMP/pty"; }
check "interactive: runs and leaves on quit with 0 (driver exit $rc)" grep -qx '=== exit 0' "$TMP/pty"
check "interactive: a banner and a prompt" grep -q '^dpsctl [0-9.]*: one command a line' "$TMP/pty"
check "interactive: bindings" bash -c "$(declare -f section); TMP=$TMP; section bindings | grep -q '^raw@dps0 .* Running'"
check "interactive: Tab completes protoc to protocols" bash -c "$(declare -f section); TMP=$TMP; section complete | grep -q '^raw  *- '"
check "interactive: -j protocols is JSON" bash -c "$(declare -f section); TMP=$TMP; section json | grep '^{\"arp\"' | python3 -m json.tool >/dev/null"
check "interactive: a bad command is one line, and the prompt comes back" bash -c "$(declare -f section); TMP=$TMP; section bad | grep -qxF \"dpsctl: unknown command 'bogus' (see dpsctl --help)\"$'\r'"
check "interactive: history saved" grep -qx 'bindings' "$TMP/home/.dpsctl_history"
if grep -q '^=== timeout' "$TMP/pty"; then
	SHOWN=
	show "$TMP/pty"
fi

# bash completion
COMP="$SRC/app/dpsctl/dpsctl.bash-completion"
complete_words() { # the words typed; prints COMPREPLY
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _dpsctl; printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$COMP" "$@"
}
check "completion: st -> stats" test "$(complete_words "$CTL" st)" = stats
check "completion: oid q -> query" test "$(complete_words "$CTL" oid q)" = query
check "completion: stats --w -> --watch" test "$(complete_words "$CTL" stats --w)" = --watch
check "completion: an adapter name from the running dpstack" \
	test "$(complete_words "$CTL" --file-prefix "$PREFIX" stats d)" = dps0

kill -INT "$PID"
if wait_exit "$PID" 20 && [ "$RC" -eq 0 ]; then
	ok "dpstack exits 0"
else
	not_ok "dpstack exits 0 (exit $RC)"
	show "$OUT"
fi
check "leak report empty" grep -q '^leak report: empty' "$OUT"

echo "1..$n"
[ "$failed" -eq 0 ]
