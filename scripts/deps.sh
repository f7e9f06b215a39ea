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
	libedit-dev	# dpsctl's interactive mode (prompt, history, completion)
	meson
	ninja-build
	pkg-config
	gcc
	libc6-dev	# gcc only recommends it, and we install no recommends
	clang
	libclang-rt-14-dev	# clang's AddressSanitizer/UBSan runtime
	clang-format	# scripts/format.sh; scripts/test.sh checks the tree with it
	python3
	iproute2	# ip netns, for the tests and scripts/run.sh
	iputils-ping
	arping
	tcpdump		# reads back the pcap files dpsctl writes (tests)
	tshark		# reads the pcapng files of dpsctl capture (tests, GUIDE)
	jq		# scripts/test.sh reads meson's test log with it
	lldpd		# the LLDP peer of the lldp plugin test (never started as a service)
	binutils	# readelf: the install test reads libdpstack's symbol versions
	man-db		# man -l: the man pages render without warnings (test_systemd.sh)
	systemd		# systemd-analyze verify on the units (never started by the tests)
)

# lldpd's service must never run: it would send LLDP frames on every
# interface of the machine. The tests run it only inside their own network
# namespace. Installing it happens under a policy-rc.d that forbids starting
# services (Debian policy: exit 101), and afterwards the service is masked
# (systemd) and disabled (sysv-rc), which this script checks on every run.
LLDPD_MASK=/etc/systemd/system/lldpd.service
lldpd_keep_off() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' lldpd 2>/dev/null)" = installed ] || return 0
	if [ "$(readlink "$LLDPD_MASK" 2>/dev/null)" != /dev/null ]; then
		[ "$(id -u)" -eq 0 ] || { echo "deps.sh: lldpd's service is not masked; run as root" >&2; return 1; }
		mkdir -p "${LLDPD_MASK%/*}" && ln -sf /dev/null "$LLDPD_MASK" || return 1
		if command -v update-rc.d >/dev/null && [ -e /etc/init.d/lldpd ]; then
			update-rc.d lldpd disable >/dev/null 2>&1 || true
		fi
	fi
	# a daemon of the root namespace (the pid file of the service): refuse
	# to go on rather than test next to it; it is not ours to stop
	if [ -s /run/lldpd.pid ] && kill -0 "$(cat /run/lldpd.pid)" 2>/dev/null; then
		echo "deps.sh: an lldpd service is running (pid $(cat /run/lldpd.pid)); stop and mask it" >&2
		return 1
	fi
}

missing=()
for p in "${pkgs[@]}"; do
	if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -eq 0 ]; then
	lldpd_keep_off
	exit
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: ${missing[*]}; run as root to install them" >&2
	exit 1
fi

echo "deps.sh: installing ${missing[*]}"
log=$(mktemp /tmp/dpstack-deps.XXXXXX)
# policy-rc.d for the time of the install: ours (exit 101, no service may
# start), the machine's own one (if any) put back afterwards
POLICY=/usr/sbin/policy-rc.d
POLICY_SAVED=
if [ -e "$POLICY" ]; then
	POLICY_SAVED=$(mktemp /tmp/dpstack-policy-rc.d.XXXXXX)
	cp -p "$POLICY" "$POLICY_SAVED"
fi
restore_policy() {
	if [ -n "$POLICY_SAVED" ]; then
		cp -p "$POLICY_SAVED" "$POLICY" && rm -f "$POLICY_SAVED"
	else
		rm -f "$POLICY"
	fi
}
trap 'restore_policy; rm -f "$log"' EXIT
printf '#!/bin/sh\n# scripts/deps.sh: no service starts while it installs packages\nexit 101\n' >"$POLICY"
chmod 0755 "$POLICY"
export DEBIAN_FRONTEND=noninteractive
# tshark's wireshark-common asks whether non-root users may capture
# (a setuid dumpcap): no, and without asking
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
if ! apt-get update -q >"$log" 2>&1 ||
	! apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
	cat "$log" >&2
	echo "deps.sh: apt-get failed" >&2
	exit 1
fi
lldpd_keep_off || exit 1
echo "deps.sh: done"
