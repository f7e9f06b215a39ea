# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# Shared by the integration tests: TAP output, namespaces made and removed
# here, bounded waits. Sourced after BIN is set; needs root.

TMP=$(mktemp -d /tmp/dpstest.XXXXXX)
NAMESPACES=()
PREFIXES=()
PIDS=()
n=0
failed=0

cleanup() {
	local pid ns p
	for pid in "${PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	for ns in "${NAMESPACES[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	for p in "${PREFIXES[@]}"; do
		rm -rf "/var/run/dpdk/$p"
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

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

new_ns() {
	local ns=dpstest-$$-$1
	ip netns add "$ns" || return 1
	NAMESPACES+=("$ns")
	echo "$ns"
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

