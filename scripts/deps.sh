#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Install the Debian 12 packages that dpstack needs to build, run and test.
# Idempotent; prints nothing when everything is already installed.
set -euo pipefail

pkgs=(
	libdpdk-dev	# DPDK 22.11 headers and libraries
	dpdk-dev	# dpdk-testpmd, dpdk-telemetry.py, dpdk-proc-info
	dpdk		# dpdk-devbind.py (scripts/bind-nic.sh)
	libnuma-dev
	libpcap-dev
	libcunit1-dev
	meson
	ninja-build
	pkg-config
	gcc
	libc6-dev	# gcc only recommends it, and we install no recommends
	clang
	libclang-rt-14-dev	# clang's AddressSanitizer/UBSan runtime
	python3
	iproute2	# ip netns, for the tests and scripts/run.sh
	iputils-ping
	arping
	tcpdump		# reads back the pcap files dpsctl writes (tests)
	jq		# scripts/test.sh reads meson's test log with it
)

missing=()
for p in "${pkgs[@]}"; do
	if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: ${missing[*]}; run as root to install them" >&2
	exit 1
fi

echo "deps.sh: installing ${missing[*]}"
log=$(mktemp /tmp/dpstack-deps.XXXXXX)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -q >"$log" 2>&1 ||
	! apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
	cat "$log" >&2
	echo "deps.sh: apt-get failed" >&2
	exit 1
fi
echo "deps.sh: done"
