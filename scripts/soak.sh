#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The soak test: installs what is missing, builds build-gcc if needed, and
# runs dpstack in a network namespace of its own for SECONDS (default 600)
# under a mix of load: a paced frame flood, flood and normal pings, UDP
# echo, raw clients receiving, sending and being SIGKILLed, OID queries and
# MTU sets, link flaps, telemetry readers. It samples RSS, free mbufs, held
# frames and counters every 5 seconds and fails (exit 1) on RSS growth
# beyond 8 MiB after the warm-up, on free mbufs or held frames that do not
# come back when idle, on counters that do not add up, on a crash, an exit
# code other than 0 or a non-empty leak report. Prints TAP lines and the
# samples (also written as CSV; the path is printed). scripts/soak.py is
# the test itself (its --help has every option); docs/RELIABILITY.md has a
# run.
#
# Usage: scripts/soak.sh [SECONDS] [--sample S] [--csv FILE]
# shellcheck source-path=SCRIPTDIR
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	sed -n 's/^# \{0,1\}//; 3,17p' "${BASH_SOURCE[0]}"
}

secs=600
args=()
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help)
		usage
		exit 0
		;;
	--sample | --csv)
		[ $# -ge 2 ] || { echo "soak.sh: $1 needs a value" >&2; exit 2; }
		args+=("$1" "$2")
		shift 2
		;;
	[0-9]*)
		if ! [[ $1 =~ ^[0-9]+$ ]] || [ "$1" -lt 10 ] || [ "$1" -gt 86400 ]; then
			echo "soak.sh: SECONDS must be a number 10..86400 (got '$1')" >&2
			exit 2
		fi
		secs=$1
		shift
		;;
	*)
		echo "soak.sh: unknown argument '$1' (see --help)" >&2
		exit 2
		;;
	esac
done

dps_need_root
"$DPS_ROOT/scripts/deps.sh" || exit 1
dps_ensure_tun

TREE=${DPS_BUILD_PREFIX:-build}-gcc
if [ -f "$DPS_ROOT/$TREE/meson-private/coredata.dat" ]; then
	if ! ninja -C "$DPS_ROOT/$TREE" >"$DPS_ROOT/$TREE/dps-build.log" 2>&1; then
		grep -v '^\[[0-9]*/[0-9]*\] ' "$DPS_ROOT/$TREE/dps-build.log" | tail -n 200
		dps_die "build failed; full log: $TREE/dps-build.log"
	fi
else
	echo "soak.sh: building $TREE (gcc, release, LTO)"
	dps_build "$TREE" gcc || dps_die "build failed"
fi

exec python3 "$DPS_ROOT/scripts/soak.py" --dpstack "$DPS_ROOT/$TREE/app/dpstack/dpstack" \
	--dpsctl "$DPS_ROOT/$TREE/app/dpsctl/dpsctl" --seconds "$secs" "${args[@]}"
