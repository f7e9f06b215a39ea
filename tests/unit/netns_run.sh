#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Run a test binary inside a network namespace made for it (its net_tap
# interfaces live and die there), then delete the namespace.
# Usage: netns_run.sh BINARY [ARGS...]
set -u
if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: needs root for ip netns"
	exit 77
fi
ns=dpsut-$$-$RANDOM
ip netns add "$ns" || exit 1
trap 'ip netns del "$ns" 2>/dev/null' EXIT
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec "$ns" "$@"
