# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# lldpd, Debian's LLDP daemon, as the peer of a test: started only inside a
# network namespace the test made (new_ns of lib.sh), on one interface
# (-I), with a control socket and a configuration file of the test's own,
# in the foreground (-d) so that the test owns its process and stops it.
# Its service stays masked (scripts/deps.sh): it never runs on the
# machine's own interfaces. Sourced after lib.sh.

LLDPD_PID=
LLDPD_SOCK=
LLDPD_NS=

# lldpd_start NS IFACE [CONFIG LINE...]: lldpd on IFACE in NS; each CONFIG
# LINE is an lldpcli command run at its start ("configure lldp tx-interval
# 1"). Fails unless NS is a namespace this test made and IFACE is in it, or
# when lldpd does not answer on its socket within 10 s. Output:
# $TMP/lldpd.out.
lldpd_start() {
	local ns=$1 iface=$2 made=0 m i
	shift 2
	for m in "${NAMESPACES[@]}" $(cat "$TMP/namespaces" 2>/dev/null); do
		[ "$m" = "$ns" ] && made=1
	done
	if [ "$made" != 1 ] || [ -z "$ns" ]; then
		echo "# lldpd_start: '$ns' is not a namespace of this test: refused" >&2
		return 1
	fi
	has_link "$ns" "$iface" || {
		echo "# lldpd_start: no interface $iface in $ns" >&2
		return 1
	}
	LLDPD_NS=$ns
	# lldpd drops privileges (user _lldpd) and must reach its socket: a
	# directory of its own that it may enter, in a $TMP it may traverse
	chmod 0711 "$TMP" && { [ -d "$TMP/lldpd" ] || mkdir -m 0755 "$TMP/lldpd"; } || return 1
	LLDPD_SOCK=$TMP/lldpd/lldpd.sock
	rm -f "$LLDPD_SOCK" # a second lldpd of the same test
	printf '%s\n' "$@" >"$TMP/lldpd.conf"
	# -O: only our configuration (not /etc/lldpd.conf, /etc/lldpd.d)
	ip netns exec "$ns" lldpd -d -I "$iface" -u "$LLDPD_SOCK" -O "$TMP/lldpd.conf" \
		>"$TMP/lldpd.out" 2>&1 &
	LLDPD_PID=$!
	PIDS+=("$LLDPD_PID")
	for ((i = 0; i < 100; i++)); do
		lldpcli_ns show configuration >/dev/null 2>&1 && return 0
		kill -0 "$LLDPD_PID" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

# lldpcli_ns ARGS...: lldpcli on the test's lldpd, bounded in time
lldpcli_ns() {
	[ -n "$LLDPD_NS" ] || return 1
	timeout 10 ip netns exec "$LLDPD_NS" lldpcli -u "$LLDPD_SOCK" "$@"
}

# lldpd_neighbors: "show neighbors" in lldpcli's key=value form
lldpd_neighbors() {
	lldpcli_ns -f keyvalue show neighbors
}

# lldpd_stop: SIGTERM, then wait (at most 10 s) for it to exit
lldpd_stop() {
	local i
	[ -n "$LLDPD_PID" ] || return 0
	kill -TERM "$LLDPD_PID" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		kill -0 "$LLDPD_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$LLDPD_PID" 2>/dev/null
	wait "$LLDPD_PID" 2>/dev/null
	LLDPD_PID=
}
