#!/usr/bin/env bash
# Bind a NIC to a DPDK driver for a hugepage host, wrapping dpdk-devbind.py
# (DESIGN.md section 13).
#
#   scripts/bind-nic.sh [--force] [--dry-run] [--driver DRV] DEVICE
#       DEVICE is a PCI address (0000:01:00.0) or a kernel interface name.
#       Refuses an interface that carries an IP address or a route (it is
#       probably your connection to this machine) unless --force is given.
#       --driver defaults to vfio-pci. --dry-run checks and prints the
#       dpdk-devbind.py command without running it.
#   scripts/bind-nic.sh --restore [--dry-run] DEVICE KERNEL_DRIVER
#       give DEVICE back to its kernel driver (e.g. ixgbe, virtio-pci).
#   scripts/bind-nic.sh --status
#
# Exit codes: 0 ok, 1 refused or failed (message on stderr), 2 usage.
set -u

DEVBIND=${DPS_DEVBIND:-dpdk-devbind.py}
force=0 dry=0 driver=vfio-pci restore=0

die() { echo "bind-nic.sh: $*" >&2; exit 1; }
usage() { echo "usage: bind-nic.sh [--force] [--dry-run] [--driver DRV] DEVICE | --restore DEVICE DRIVER | --status" >&2; exit 2; }

pci_re='^([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$'

# the kernel interfaces of a PCI device
ifaces_of_pci() { ls "/sys/bus/pci/devices/$1/net" 2>/dev/null; }

# refuse an interface in use: addresses or routes
check_iface_unused() {
	local ifc=$1 addrs routes
	addrs=$(ip -o addr show dev "$ifc" 2>/dev/null | awk '{print $4}' | grep -v '^fe80:' | tr '\n' ' ')
	addrs=${addrs% }
	routes=$(ip -o route show dev "$ifc" 2>/dev/null | head -3 | sed 's/ *$//' | paste -sd';' -)
	if [ -n "$addrs$routes" ] && [ "$force" -eq 0 ]; then
		die "interface $ifc carries ${addrs:+addresses $addrs}${addrs:+${routes:+ and }}${routes:+routes $routes}; refusing to take it (--force to override)"
	fi
}

run() {
	if [ "$dry" -eq 1 ]; then echo "would run: $*"; return 0; fi
	"$@"
}

while [ $# -gt 0 ]; do
	case "$1" in
	--force) force=1 ;;
	--dry-run) dry=1 ;;
	--driver) [ $# -ge 2 ] || usage; driver=$2; shift ;;
	--restore) restore=1 ;;
	--status) command -v "$DEVBIND" >/dev/null || die "$DEVBIND not found (apt-get install dpdk)"; exec "$DEVBIND" --status-dev net ;;
	-h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "bind-nic.sh: unknown option '$1'" >&2; usage ;;
	*) break ;;
	esac
	shift
done

[ $# -ge 1 ] || usage
dev=$1
if [ "$restore" -eq 1 ]; then
	[ $# -eq 2 ] || usage
	driver=$2
else
	[ $# -eq 1 ] || usage
fi
case "$driver" in ''|*[!A-Za-z0-9_-]*) die "bad driver name '$driver'";; esac

if [[ "$dev" =~ $pci_re ]]; then
	[[ "$dev" == ????:* ]] || dev="0000:$dev"
	[ -e "/sys/bus/pci/devices/$dev" ] || die "no PCI device $dev"
	pci=$dev
	for ifc in $(ifaces_of_pci "$pci"); do check_iface_unused "$ifc"; done
else
	ip link show dev "$dev" >/dev/null 2>&1 || die "no interface or PCI address '$dev'"
	check_iface_unused "$dev"
	pci=$(basename "$(readlink -f "/sys/class/net/$dev/device" 2>/dev/null)" 2>/dev/null)
	[[ "$pci" =~ $pci_re ]] || die "interface $dev is not a PCI device (virtual interfaces cannot be bound)"
fi

command -v "$DEVBIND" >/dev/null || [ "$dry" -eq 1 ] || die "$DEVBIND not found (apt-get install dpdk)"
if [ "$restore" -eq 0 ] && [ "$driver" = vfio-pci ] && [ "$dry" -eq 0 ]; then
	modprobe vfio-pci 2>/dev/null || die "cannot load vfio-pci (IOMMU off? try --driver uio_pci_generic)"
fi
run "$DEVBIND" --force --bind="$driver" "$pci" || die "dpdk-devbind.py failed"
[ "$dry" -eq 1 ] || echo "bound $pci to $driver; name it in [adapter NAME] device = $pci"
