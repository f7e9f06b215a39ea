# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# Shared by the integration tests: TAP output, namespaces made and removed
# here, bounded waits. Sourced after BIN is set; needs root.

TMP=$(mktemp -d /tmp/dpstest.XXXXXX)
NAMESPACES=()
PREFIXES=()
PIDS=()
AT_EXIT=()
n=0
failed=0

cleanup() {
	local pid ns p cmd
	for pid in "${PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	# the test's own undo steps, newest first, after its processes are gone
	for ((p = ${#AT_EXIT[@]} - 1; p >= 0; p--)); do
		cmd=${AT_EXIT[p]}
		eval "$cmd"
	done
	# new_ns runs in $(...) too: it records its namespaces in a file as well
	[ -f "$TMP/namespaces" ] && mapfile -t -O "${#NAMESPACES[@]}" NAMESPACES <"$TMP/namespaces"
	for ns in "${NAMESPACES[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	for p in "${PREFIXES[@]}"; do
		rm -rf "/var/run/dpdk/$p"
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

# at_exit COMMAND: run COMMAND (a shell string) when the test exits, however
# it exits: after its processes are killed, before its namespaces, DPDK
# runtime directories and $TMP are removed.
at_exit() {
	AT_EXIT+=("$1")
}

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}

# check DESCRIPTION COMMAND...: one TAP line from the command's status
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# show FILE: the output of a failed step, as TAP comments; once per file
SHOWN=
show() {
	[ "$SHOWN" = "$1" ] && return
	SHOWN=$1
	sed 's/^/# /' "$1"
}

has_link() {
	ip netns exec "$1" ip link show "$2" >/dev/null 2>&1
}

# new_ns NAME: create namespace dpstest-PID-NAME and print its name; it is
# deleted on exit, also when new_ns ran in a command substitution
new_ns() {
	local ns=dpstest-$$-$1
	ip netns add "$ns" || return 1
	NAMESPACES+=("$ns")
	echo "$ns" >>"$TMP/namespaces"
	echo "$ns"
}

# quiet_ns NS: loopback up and IPv6 off in NS, so that its kernel sends
# nothing on its own (no router or neighbour solicitations, no MLD reports)
# to an interface that appears there later. Fails when IPv6 is still on.
quiet_ns() {
	ip -n "$1" link set lo up || return 1
	[ -d /proc/sys/net/ipv6 ] || return 0 # a kernel without IPv6
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 >/dev/null || return 1
	[ "$(ip netns exec "$1" cat /proc/sys/net/ipv6/conf/default/disable_ipv6)" = 1 ]
}

# wait_for FILE PATTERN PID SECONDS: until FILE has a line matching PATTERN;
# fails early when PID has exited.
wait_for() {
	local file=$1 pattern=$2 pid=$3 i
	for ((i = 0; i < $4 * 10; i++)); do
		grep -q -- "$pattern" "$file" && return 0
		kill -0 "$pid" 2>/dev/null || { grep -q -- "$pattern" "$file"; return; }
		sleep 0.1
	done
	return 1
}

# wait_exit PID SECONDS: sets RC to the exit code; kills and fails when the
# process is still there after SECONDS.
wait_exit() {
	local pid=$1 i
	for ((i = 0; i < $2 * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		RC=timeout
		return 1
	fi
	wait "$pid"
	RC=$?
	PIDS=()
}

