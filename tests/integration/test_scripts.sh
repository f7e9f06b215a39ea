#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Bad input to the hugepage-host scripts (DESIGN.md section 13):
#   scripts/hugepages.sh: bad PAGES values and bad command lines exit 2 and
#     change nothing; status works.
#   scripts/bind-nic.sh: run only inside a network namespace made here, on a
#     veth pair made there, and always with --dry-run: an interface that
#     carries an address or a route is refused (exit 1) with a message that
#     names it; an interface that is not a PCI device, a PCI address that
#     does not exist and a bad driver name are refused (exit 1); an unknown
#     option or a bad command line exits 2.
#
# Usage: test_scripts.sh
# Prints TAP lines (ok N - ... / not ok N - ...), exits 1 if any failed.
# Every command is bounded in time; the namespace is removed on exit.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SCRIPTS=$(cd "$HERE/../../scripts" && pwd)
HUGEPAGES=$SCRIPTS/hugepages.sh
BINDNIC=$SCRIPTS/bind-nic.sh

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi

. "$HERE/lib.sh"

# expect NAME CODE PATTERN COMMAND...: COMMAND exits CODE and, when PATTERN
# is not empty, its output (stdout and stderr) matches PATTERN (grep -E)
expect() {
	local name=$1 code=$2 pattern=$3 out=$TMP/expect.out rc
	shift 3
	timeout 20 "$@" >"$out" 2>&1
	rc=$?
	if [ "$rc" -ne "$code" ]; then
		not_ok "$name: exit code $rc, want $code"
		sed 's/^/# /' "$out"
	elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$out"; then
		not_ok "$name: exit code $code, but no line matches /$pattern/"
		sed 's/^/# /' "$out"
	else
		ok "$name: exit code $code${pattern:+, says /$pattern/}"
	fi
}

# ---- scripts/hugepages.sh ------------------------------------------------
# Its record and mount point are this test's own: nothing below may change
# the machine, and if a bad value slipped through it would show here.
export DPS_HUGE_STATE=$TMP/hugepages.state DPS_HUGE_MNT=$TMP/hugepages
# test_hugepages.sh of another test run would change nr_hugepages under us
exec 9>/run/lock/dpstack-test-hugepages.lock
flock -w 120 9 || echo "# another hugepage test held the lock for 120 s; going on"
NR=/proc/sys/vm/nr_hugepages
nr_before=$(cat "$NR" 2>/dev/null || echo none)
# shellcheck disable=SC2016 # expanded when it runs
at_exit '[ -e "$DPS_HUGE_STATE" ] && "$HUGEPAGES" release >/dev/null 2>&1'

for pages in '' abc 0 00 -1 1x 1.5 ' 5' '5 '; do
	expect "hugepages.sh reserve '$pages'" 2 "PAGES must be" "$HUGEPAGES" reserve "$pages"
done
expect "hugepages.sh reserve 1 2 (too many arguments)" 2 "usage|reserve \[PAGES\]" \
	"$HUGEPAGES" reserve 1 2
expect "hugepages.sh release extra" 2 "" "$HUGEPAGES" release extra
expect "hugepages.sh status extra" 2 "" "$HUGEPAGES" status extra
expect "hugepages.sh bogus (unknown command)" 2 "" "$HUGEPAGES" bogus
expect "hugepages.sh (no command)" 2 "" "$HUGEPAGES"
expect "hugepages.sh --help" 0 "reserve \[PAGES\]" "$HUGEPAGES" --help
if [ -r /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages ]; then
	expect "hugepages.sh status" 0 "^2 MiB pages: [0-9]+ reserved, [0-9]+ free$" \
		"$HUGEPAGES" status
else
	expect "hugepages.sh status (no 2 MiB page support)" 1 "no 2 MiB hugepage support" \
		"$HUGEPAGES" status
fi
expect "hugepages.sh release with nothing reserved" 0 "nothing to release" \
	"$HUGEPAGES" release
nr_after=$(cat "$NR" 2>/dev/null || echo none)
check "the bad commands changed no reservation (nr_hugepages $nr_before, now $nr_after)" \
	test "$nr_after" = "$nr_before"
check "the bad commands left no record and mounted nothing" \
	test ! -e "$DPS_HUGE_STATE" -a ! -e "$DPS_HUGE_MNT"

exec 9>&- # the lock

# ---- scripts/bind-nic.sh, in a namespace of its own, always --dry-run ----

NS=$(new_ns scripts) || {
	not_ok "create a network namespace"
	echo "1..$n"
	exit 1
}
# bindnic NAME CODE PATTERN ARGS...: bind-nic.sh --dry-run ARGS in the namespace
bindnic() {
	local name=$1 code=$2 pattern=$3
	shift 3
	expect "$name" "$code" "$pattern" ip netns exec "$NS" "$BINDNIC" --dry-run "$@"
}

if ip -n "$NS" link add dpsv0 type veth peer name dpsv1 &&
	ip -n "$NS" link set dpsv0 up && ip -n "$NS" link set dpsv1 up &&
	ip -n "$NS" link add dpsv2 type veth peer name dpsv3 &&
	ip -n "$NS" link set dpsv2 up && ip -n "$NS" link set dpsv3 up &&
	ip -n "$NS" addr add 198.51.100.1/24 dev dpsv0 &&
	ip -n "$NS" route add 198.51.100.128/25 dev dpsv2; then
	ok "namespace $NS: veth dpsv0 (198.51.100.1/24), dpsv1, dpsv2 (a route only)"
else
	not_ok "namespace $NS: veth pairs with an address and a route"
fi

bindnic "bind-nic.sh dpsv0 (carries an address)" 1 \
	"interface dpsv0 carries addresses 198\.51\.100\.1/24.*refusing" dpsv0
bindnic "bind-nic.sh dpsv2 (carries a route, no address)" 1 \
	"interface dpsv2 carries routes 198\.51\.100\.128/25.*refusing" dpsv2
bindnic "bind-nic.sh --force dpsv0 (address overridden; still not PCI)" 1 \
	"interface dpsv0 is not a PCI device" --force dpsv0
bindnic "bind-nic.sh dpsv1 (a veth: not PCI)" 1 "interface dpsv1 is not a PCI device" dpsv1
bindnic "bind-nic.sh dpsv9 (no such interface)" 1 "no interface or PCI address 'dpsv9'" dpsv9
# a PCI address that no device has on this machine
missing=
for addr in 0000:ff:1f.7 0000:fe:1e.6 0000:fd:1d.5; do
	[ -e "/sys/bus/pci/devices/$addr" ] || { missing=$addr; break; }
done
if [ -n "$missing" ]; then
	bindnic "bind-nic.sh $missing (no such PCI device)" 1 "no PCI device $missing" "$missing"
	bindnic "bind-nic.sh ${missing#0000:} (short form, no such PCI device)" 1 \
		"no PCI device $missing" "${missing#0000:}"
fi
bindnic "bind-nic.sh --driver 'vfio;pci'" 1 "bad driver name 'vfio;pci'" \
	--driver 'vfio;pci' dpsv1
bindnic "bind-nic.sh --bogus (unknown option)" 2 "unknown option '--bogus'" --bogus dpsv1
bindnic "bind-nic.sh (no device)" 2 "usage"
bindnic "bind-nic.sh dpsv1 dpsv3 (two devices)" 2 "usage" dpsv1 dpsv3
bindnic "bind-nic.sh --driver (no value)" 2 "usage" --driver
bindnic "bind-nic.sh --restore dpsv1 (no driver)" 2 "usage" --restore dpsv1
bindnic "bind-nic.sh --help" 0 "--dry-run" --help

ip netns del "$NS" 2>/dev/null
echo "1..$n"
[ "$failed" -eq 0 ]
