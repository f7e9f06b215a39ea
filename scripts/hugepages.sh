#!/usr/bin/env bash
# Reserve, mount, show and release 2 MiB hugepages for dpstack (DESIGN.md section 13).
#
#   scripts/hugepages.sh reserve [PAGES]   reserve PAGES (default 512 = 1 GiB) 2 MiB pages
#                                          and mount hugetlbfs on /dev/hugepages if needed
#   scripts/hugepages.sh release           give back what `reserve` took, unmount what it mounted
#   scripts/hugepages.sh status            show the reservation
#
# The previous state is kept in $STATE so release restores exactly it.
# Exit codes: 0 ok, 1 failure (message on stderr), 2 usage.
set -u

NR=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
FREE=/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages
MNT=${DPS_HUGE_MNT:-/dev/hugepages}
STATE=${DPS_HUGE_STATE:-/run/dpstack-hugepages.state}

die() { echo "hugepages.sh: $*" >&2; exit 1; }
usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

status() {
	[ -r "$NR" ] || die "this kernel has no 2 MiB hugepage support ($NR missing)"
	echo "2 MiB pages: $(cat "$NR") reserved, $(cat "$FREE") free"
	if mountpoint -q "$MNT" 2>/dev/null; then echo "hugetlbfs mounted on $MNT"
	else echo "hugetlbfs not mounted on $MNT"; fi
}

reserve() {
	local want before got mounted=0
	if [ $# -ge 1 ]; then want=$1; else want=512; fi
	case "$want" in ''|*[!0-9]*) echo "hugepages.sh: PAGES must be a number, got '$want'" >&2; exit 2;; esac
	[ "$want" -ge 1 ] || { echo "hugepages.sh: PAGES must be at least 1" >&2; exit 2; }
	[ "$(id -u)" -eq 0 ] || die "must run as root"
	[ -w "$NR" ] || die "cannot write $NR"
	before=$(cat "$NR")
	if [ ! -e "$STATE" ]; then
		if ! mountpoint -q "$MNT" 2>/dev/null; then
			mkdir -p "$MNT" || die "cannot create $MNT"
			mount -t hugetlbfs -o pagesize=2M nodev "$MNT" || die "cannot mount hugetlbfs on $MNT"
			mounted=1
		fi
		printf 'pages=%s\nmounted=%s\n' "$before" "$mounted" > "$STATE" || die "cannot write $STATE"
	fi
	if [ "$before" -lt "$want" ]; then
		echo "$want" > "$NR" 2>/dev/null
	fi
	got=$(cat "$NR")
	if [ "$got" -lt "$want" ]; then
		release >/dev/null 2>&1
		die "asked for $want pages, the kernel gave $got (memory fragmented or too small)"
	fi
	echo "reserved $got 2 MiB pages ($((got * 2)) MiB), $(cat "$FREE") free, hugetlbfs on $MNT"
}

release() {
	local pages=0 mounted=0
	[ "$(id -u)" -eq 0 ] || die "must run as root"
	if [ ! -e "$STATE" ]; then
		echo "nothing to release (no reservation made by this script)"
		return 0
	fi
	# shellcheck disable=SC1090
	. "$STATE"
	echo "$pages" > "$NR" 2>/dev/null || die "cannot write $NR"
	if [ "$mounted" = 1 ]; then
		umount "$MNT" 2>/dev/null || echo "hugepages.sh: warning: $MNT still in use, not unmounted" >&2
	fi
	rm -f "$STATE"
	echo "released: $(cat "$NR") pages reserved now"
}

case "${1:-}" in
reserve) shift; [ $# -le 1 ] || usage; reserve "$@" ;;
release) [ $# -eq 1 ] || usage; release ;;
status) [ $# -eq 1 ] || usage; status ;;
-h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
*) usage ;;
esac
