# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# Helpers shared by scripts/*.sh; sourced, not run.

DPS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

dps_die() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

dps_need_root() {
	[ "$(id -u)" -eq 0 ] || dps_die "run as root (it installs packages and creates network namespaces)"
}

# net_tap needs /dev/net/tun; a minimal container may not have the node.
dps_ensure_tun() {
	[ -c /dev/net/tun ] && return 0
	mkdir -p /dev/net && mknod -m 0666 /dev/net/tun c 10 200 2>/dev/null
	[ -c /dev/net/tun ] || dps_die "/dev/net/tun is missing and cannot be created"
}

# dps_build DIR COMPILER [meson setup options...]: configure DIR with CC=COMPILER,
# or reconfigure it when it exists (a tree made by another compiler is made
# anew), and build it. The output goes to DIR/dps-build.log; on failure the
# errors are shown and the return is non-zero.
dps_build() {
	local dir=$1 cc=$2 path log have n
	shift 2
	path=$DPS_ROOT/$dir
	log=$path/dps-build.log
	if [ -f "$path/meson-private/coredata.dat" ]; then
		have=$(sed -n 's/^C compiler for the host machine: \([^ ]*\) .*/\1/p' \
			"$path/meson-logs/meson-log.txt" 2>/dev/null | head -n 1)
		if [ "$have" != "$cc" ]; then
			rm -rf "$path"
		fi
	fi
	mkdir -p "$path"
	if [ -f "$path/meson-private/coredata.dat" ]; then
		(cd "$DPS_ROOT" && meson setup --reconfigure "$dir" "$@") >"$log" 2>&1
	else
		(cd "$DPS_ROOT" && CC=$cc meson setup "$dir" "$@") >"$log" 2>&1
	fi || { cat "$log"; return 1; }
	n=$(wc -l <"$log")
	ninja -C "$path" >>"$log" 2>&1 || {
		# ninja's errors, without the progress lines of the steps that went well
		tail -n +"$((n + 1))" "$log" | grep -v '^\[[0-9]*/[0-9]*\] ' | tail -n 200
		printf 'full log: %s\n' "$dir/dps-build.log"
		return 1
	}
}
