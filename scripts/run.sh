#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Install what is missing, build build-gcc if needed, and start dpstack in
# vdev mode inside a network namespace of its own (dpsrun-PID, IPv6 off):
# its net_tap adapter dps0 appears there, gets 198.51.100.1/24 on the kernel
# side, and the stack answers ping, arping and UDP echo (port 7) at
# 198.51.100.2; the script prints the commands. Ctrl-C stops dpstack, which
# prints its counters and its leak report, and the namespace is deleted.
# Nothing outside that namespace is touched.
#
# Usage: scripts/run.sh [-- DPSTACK ARGUMENTS...]
#   with no arguments dpstack runs its embedded default (vdev mode, net_tap
#   dps0, file prefix dpsrun-PID); arguments after -- are given to dpstack,
#   with --file-prefix=dpsrun-PID added unless they have one, e.g.
#   scripts/run.sh -- -- --log-level debug
# shellcheck source-path=SCRIPTDIR
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KERNEL_ADDR=198.51.100.1/24
STACK_ADDR=198.51.100.2
START_TIMEOUT=30  # seconds for dps0 to appear
ANSWER_TIMEOUT=10 # seconds for the stack to answer a ping once dps0 is up
STOP_TIMEOUT=20	  # seconds from SIGINT to the exit

usage() {
	sed -n 's/^# \{0,1\}//; 3,15p' "${BASH_SOURCE[0]}"
}

args=()
while [ $# -gt 0 ]; do
	case $1 in
	--)
		shift
		args=("$@")
		break
		;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		echo "run.sh: unknown argument '$1' (dpstack's arguments go after --)" >&2
		exit 2
		;;
	esac
done

dps_need_root
"$DPS_ROOT/scripts/deps.sh" || exit 1
dps_ensure_tun

TREE=${DPS_BUILD_PREFIX:-build}-gcc
BIN=$DPS_ROOT/$TREE/app/dpstack/dpstack
if [ -f "$DPS_ROOT/$TREE/meson-private/coredata.dat" ]; then
	# configured already: bring it up to date, keeping its options
	if ! ninja -C "$DPS_ROOT/$TREE" >"$DPS_ROOT/$TREE/dps-build.log" 2>&1; then
		grep -v '^\[[0-9]*/[0-9]*\] ' "$DPS_ROOT/$TREE/dps-build.log" | tail -n 200
		dps_die "build failed; full log: $TREE/dps-build.log"
	fi
else
	echo "run.sh: building $TREE (gcc, release, LTO)"
	dps_build "$TREE" gcc || dps_die "build failed"
fi

NS=dpsrun-$$
PID=
stop_requested=0

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
		kill -KILL "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
	fi
	ip netns del "$NS" 2>/dev/null && echo "run.sh: namespace $NS deleted"
	# the runtime directory of this run's own prefix
	[ "${PREFIX:-}" = "dpsrun-$$" ] && rm -rf "/var/run/dpdk/$PREFIX"
}
trap cleanup EXIT
# Ctrl-C reaches dpstack from the terminal too; a signal to this script
# alone is passed on, so dpstack stops in either case
trap 'stop_requested=1; [ -n "$PID" ] && kill -INT "$PID" 2>/dev/null' INT TERM

ip netns add "$NS" || dps_die "cannot create network namespace $NS"
ip -n "$NS" link set lo up
# IPv6 off before the tap appears: the namespace's kernel then sends the
# stack nothing of its own (router solicitations, MLD reports) that its
# counters would show as dropped frames
if [ -d /proc/sys/net/ipv6 ] &&
	! ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 >/dev/null; then
	echo "run.sh: could not turn IPv6 off in $NS" >&2
fi

# a DPDK file prefix of its own, so that two runs never meet: with no EAL
# option, dpstack's vdev-mode defaults and --file-prefix=dpsrun-PID; with
# EAL options but no --file-prefix, that prefix added to them
PREFIX=dpsrun-$$
have_prefix=0
for a in "${args[@]}"; do
	[ "$a" = -- ] && break
	case $a in --file-prefix | --file-prefix=*) have_prefix=1 ;; esac
done
if [ ${#args[@]} -eq 0 ] || [ "${args[0]}" = -- ]; then
	args=(--no-huge --no-pci -m 512 --file-prefix="$PREFIX" "${args[@]}")
elif [ "$have_prefix" = 0 ]; then
	args=(--file-prefix="$PREFIX" "${args[@]}")
else
	PREFIX=$(printf '%s\n' "${args[@]}" | sed -n 's/^--file-prefix=//p' | head -n 1)
	[ -n "$PREFIX" ] || PREFIX=rte
fi
DPSCTL=$DPS_ROOT/$TREE/app/dpsctl/dpsctl

echo "run.sh: starting $BIN${args[*]:+ ${args[*]}} in namespace $NS"
ip netns exec "$NS" "$BIN" "${args[@]}" &
PID=$!

# wait for the tap (or for dpstack to give up)
have_tap=0
for ((i = 0; i < START_TIMEOUT * 10 && stop_requested == 0; i++)); do
	if ip -n "$NS" link show dps0 >/dev/null 2>&1; then
		have_tap=1
		break
	fi
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.1
done

if [ "$have_tap" = 1 ]; then
	answers=0
	if ip -n "$NS" addr add "$KERNEL_ADDR" dev dps0 && ip -n "$NS" link set dps0 up; then
		# the tap appears before dpstack has finished starting: wait until it answers
		for ((i = 0; i < ANSWER_TIMEOUT && stop_requested == 0; i++)); do
			kill -0 "$PID" 2>/dev/null || break
			if ip netns exec "$NS" ping -n -q -c 1 -W 1 "$STACK_ADDR" >/dev/null 2>&1; then
				answers=1
				break
			fi
		done
	else
		echo "run.sh: could not set up dps0 in $NS" >&2
	fi
	if [ "$stop_requested" = 0 ] && kill -0 "$PID" 2>/dev/null; then
		[ "$answers" = 1 ] ||
			echo "run.sh: $STACK_ADDR does not answer ping (a configuration without ipv4?)" >&2
		cat <<EOF

run.sh: dpstack runs (pid $PID) in network namespace $NS.
  kernel side of its tap:  dps0 $KERNEL_ADDR
  the stack:               $STACK_ADDR (ARP, ICMP echo, UDP echo on port 7)
  ping it:                 ip netns exec $NS ping $STACK_ADDR
  ARP:                     ip netns exec $NS arping -c 3 -i dps0 $STACK_ADDR
  its MAC, as learnt:      ip netns exec $NS ip neigh
  UDP echo:                ip netns exec $NS python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2); s.sendto(b"hello", ("$STACK_ADDR", 7)); print(s.recvfrom(2048))'
  a shell beside it:       ip netns exec $NS bash
  its control socket:      $DPSCTL --file-prefix $PREFIX adapters
  its telemetry:           echo /dpstack/adapter,dps0 | dpdk-telemetry.py -f $PREFIX
  Ctrl-C stops dpstack (it prints its counters and leak report) and deletes the namespace.

EOF
	fi
elif kill -0 "$PID" 2>/dev/null && [ "$stop_requested" = 0 ]; then
	echo "run.sh: no tap dps0 in $NS after ${START_TIMEOUT}s (other EAL options?);" \
		"dpstack runs on; Ctrl-C stops it" >&2
fi

wait "$PID"
rc=$?
if [ "$stop_requested" = 1 ]; then
	# the trap woke us and sent dpstack SIGINT: wait for it, bounded
	echo "run.sh: stopping dpstack (SIGINT)"
	for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$PID" 2>/dev/null; then
		echo "run.sh: dpstack did not stop within ${STOP_TIMEOUT}s; killing it" >&2
		kill -KILL "$PID" 2>/dev/null
	fi
	wait "$PID"
	rc=$?
fi
PID=
echo "run.sh: dpstack exited with code $rc"
exit "$rc"
