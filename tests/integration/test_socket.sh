#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The control socket as users and hostile users meet it (issue 12):
# - socket safety: a regular file and a symbolic link given as --socket
#   survive, dpstack exits 2 naming the path and what is there; a live socket
#   is refused the same way; a stale socket file is replaced;
# - roles: [stack] socket_gid (users) and admin_uid (admins): the socket is
#   chowned to them, its directories traversable; a user who is in the group
#   only through a supplementary group connects (found by --file-prefix, as
#   non-root, in root's runtime directory), one outside it is refused, a
#   user's adapter-wide set is refused naming the admin role, the admin's is
#   done; query-only sets are DPS_E_NOT_SUPPORTED;
# - adapter-wide sets: a refused MTU (the tap's real limit, with the reason)
#   and the same MTU again pause nothing (the bindings' state log).
# Users and group are made with useradd/groupadd and removed at exit.
#
# Usage: test_socket.sh PATH/TO/dpstack PATH/TO/dpsctl
set -uo pipefail

BIN=$(realpath "${1:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}")
DPSCTL=$(realpath "${2:?usage: $0 PATH/TO/dpstack PATH/TO/dpsctl}")
HERE=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root (users, namespaces)"
	exit 77
fi
for t in useradd userdel groupadd groupdel setpriv python3; do
	if ! command -v "$t" >/dev/null; then
		echo "1..0 # SKIP $t is not installed"
		exit 77
	fi
done

# shellcheck source=tests/integration/lib.sh
. "$HERE/lib.sh"

START_TIMEOUT=30
PREFIX=dpstest$$k
PREFIXES+=("$PREFIX")
RUNDIR=/var/run/dpdk/$PREFIX
SOCK=$RUNDIR/dpstack.sock
OUT=$TMP/dpstack.out

# start_fail WHAT ARGS...: dpstack with ARGS exits 2; its stderr is in $TMP/fail.out
start_fail() {
	local what=$1 pid
	shift
	"$BIN" --no-huge --no-pci -m 256 -l 0-1 --file-prefix="${PREFIX}f" "$@" >"$TMP/fail.out" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	wait_exit "$pid" 60
	check "$what: dpstack exits 2 (exit $RC)" test "$RC" = 2
}
PREFIXES+=("${PREFIX}f")

# ---- socket safety -------------------------------------------------------

printf 'precious\n' >"$TMP/file"
cat >"$TMP/null.ini" <<INI
[adapter n0]
device = net_null0
[protocol raw]
bind = all
INI
start_fail "--socket naming a regular file" -- --config "$TMP/null.ini" --socket "$TMP/file"
check "... the error names the path and what is there" grep -q \
	"^dpstack: control socket $TMP/file: a regular file is there, not a socket: left as it is" \
	"$TMP/fail.out" || show "$TMP/fail.out"
check "... the file is intact" test "$(cat "$TMP/file")" = precious
ln -s "$TMP/file" "$TMP/link"
start_fail "--socket naming a symbolic link" -- --config "$TMP/null.ini" --socket "$TMP/link"
check "... the error names the path and what is there" grep -q \
	"^dpstack: control socket $TMP/link: a symbolic link is there, not a socket" \
	"$TMP/fail.out" || show "$TMP/fail.out"
check "... the link and its target are intact" \
	test -L "$TMP/link" -a "$(cat "$TMP/file")" = precious

# ---- users, a group, an admin ---------------------------------------------

G=dpsg$$
U=dpsu$$ # in $G through a supplementary group only
O=dpso$$ # outside
A=dpsa$$ # admin_uid
groupadd "$G" || exit 1
at_exit "groupdel $G"
for u in "$U" "$O" "$A"; do
	useradd -M -N -g nogroup -s /usr/sbin/nologin "$u" || exit 1
	at_exit "userdel $u"
done
usermod -a -G "$G" "$U"
GID=$(getent group "$G" | cut -d: -f3)
AUID=$(id -u "$A")
UUID=$(id -u "$U")
check "$U's primary group is not $G (it is in $G as a supplementary group)" \
	test "$(id -g "$U")" != "$GID" -a -n "$(id -G "$U" | tr ' ' '\n' | grep -x "$GID")"

# dpsctl and its library where any user may run them
mkdir "$TMP/bin"
cp "$DPSCTL" "$TMP/bin/dpsctl"
LIBDIR=$(dirname "$(ldd "$DPSCTL" | awk '/libdpsclient/ { print $3 }')")
cp -a "$LIBDIR"/libdpsclient.so* "$TMP/bin/"
chmod 755 "$TMP" "$TMP/bin"
as() { # as USER ARGS...: dpsctl as USER, with that user's groups
	local u=$1
	shift
	timeout 20 setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups \
		env LD_LIBRARY_PATH="$TMP/bin" "$TMP/bin/dpsctl" --file-prefix "$PREFIX" "$@"
}

# /var/run/dpdk's mode, put back at exit
mkdir -p /var/run/dpdk
DPDK_MODE=$(stat -c %a /var/run/dpdk)
at_exit "chmod $DPDK_MODE /var/run/dpdk"

NS=$(new_ns k) || exit 1
quiet_ns "$NS"
cat >"$TMP/roles.ini" <<INI
[stack]
socket_gid = $GID
admin_uid = $AUID
[adapter dps0]
device = net_tap0,iface=dps0
address = 198.51.100.2/24
[protocol raw]
bind = all
INI

# a stale socket where dpstack's will be: replaced
mkdir -p "$RUNDIR"
python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET); s.bind(sys.argv[1]); s.close()' "$SOCK"
check "a stale socket file is at $SOCK" test -S "$SOCK"

: >"$OUT"
ip netns exec "$NS" "$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" -- \
	--config "$TMP/roles.ini" --log-level binding:debug --log-level ctrl:debug >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if wait_for "$OUT" '^dpstack: running' "$PID" "$START_TIMEOUT"; then
	ok "dpstack starts with socket_gid $GID and admin_uid $AUID"
else
	not_ok "dpstack starts with socket_gid $GID and admin_uid $AUID"
	show "$OUT"
	echo "1..$n"
	exit 1
fi
check "the stale socket was replaced (logged)" grep -q "$SOCK: replaced a stale socket" "$OUT"
check "the socket is owned by $A:$G, mode 0660" \
	test "$(stat -c '%U:%G %a' "$SOCK")" = "$A:$G 660"
check "its directories are traversable by others" \
	test "$(($(stat -c '0%a' "$RUNDIR") & 1))$(($(stat -c '0%a' /var/run/dpdk) & 1))" = 11

start_fail "--socket naming the live socket of another dpstack" -- --config "$TMP/null.ini" \
	--socket "$SOCK"
check "... the error names the path and what is there" grep -q \
	"^dpstack: control socket $SOCK: a live socket is there: another process serves it" \
	"$TMP/fail.out" || show "$TMP/fail.out"
check "... and the first dpstack still owns it" test -S "$SOCK"

as "$U" adapters >"$TMP/u.out" 2>&1
check "$U (supplementary group $G) lists the adapters by --file-prefix" \
	grep -q "^dps0 .* Running " "$TMP/u.out" || show "$TMP/u.out"
as "$O" adapters >"$TMP/o.out" 2>&1
RC=$?
check "$O (not in $G) is refused: exit 1, DPS_E_PERMISSION" \
	test "$RC:$(cat "$TMP/o.out")" = "1:dpsctl: adapters: cannot connect to $SOCK: DPS_E_PERMISSION" ||
	show "$TMP/o.out"
check "$U queries an OID" test "$(as "$U" oid query dps0 OID_DPS_MTU 2>&1)" = 1500

paused() { grep -c ': Paused$' "$OUT"; }
p0=$(paused)
as "$U" oid set dps0 OID_DPS_MTU 1400 >"$TMP/u.out" 2>&1
RC=$?
check "$U's MTU set is refused, naming the admin role" test "$RC:$(cat "$TMP/u.out")" = \
	"1:dpsctl: oid set: DPS_E_PERMISSION: setting OID_DPS_MTU needs the admin role (uid $UUID is a user; admins: root, uid $AUID)" ||
	show "$TMP/u.out"
as "$U" --json oid set dps0 OID_DPS_ADMIN_STATE 0 >"$TMP/u.out" 2>/dev/null
check "... --json: the error object on stdout" python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["error"]
sys.exit(0 if e["status"] == "DPS_E_PERMISSION" and "admin role" in e["reason"] else 1)' "$TMP/u.out"
as "$U" oid set dps0 OID_GEN_LINK_SPEED 1 >"$TMP/u.out" 2>&1
RC=$?
check "a set of a query-only OID: DPS_E_NOT_SUPPORTED" test "$RC:$(cat "$TMP/u.out")" = \
	"1:dpsctl: oid set: DPS_E_NOT_SUPPORTED: OID_GEN_LINK_SPEED is query-only" ||
	show "$TMP/u.out"
as "$U" adapter remove dps0 >"$TMP/u.out" 2>&1
RC=$?
check "$U's adapter remove is refused, naming the admin role" test "$RC:$(cat "$TMP/u.out")" = \
	"1:dpsctl: adapter remove: DPS_E_PERMISSION: ADAPTER_REMOVE needs the admin role (uid $UUID is a user; admins: root, uid $AUID)" ||
	show "$TMP/u.out"
check "nothing was paused by the refused sets" test "$(paused)" = "$p0"

as "$A" oid set dps0 OID_DPS_MTU 1600 >"$TMP/a.out" 2>&1
RC=$?
check "$A (admin_uid): MTU 1600 refused with the tap's limit" test "$RC:$(cat "$TMP/a.out")" = \
	"1:dpsctl: oid set: DPS_E_INVALID_DATA: MTU 1600: frame size 1618 > device max 1522 (dps0: MTU at most 1504)" ||
	show "$TMP/a.out"
as "$A" oid set dps0 OID_DPS_MTU 1500 >"$TMP/a.out" 2>&1
check "$A: MTU 1500, the current one: exit 0" test $? = 0
check "the refused MTU and the same MTU paused nothing (binding state log)" test "$(paused)" = "$p0"
as "$A" oid set dps0 OID_DPS_MTU 1400 >"$TMP/a.out" 2>&1
check "$A: MTU 1400: exit 0" test $? = 0 || show "$TMP/a.out"
check "... the bindings were paused and restarted for it" test "$(paused)" -gt "$p0"
check "... the MTU is 1400" test "$(as "$U" oid query dps0 OID_DPS_MTU 2>&1)" = 1400
kernel_mtu() { ip -n "$NS" link show dps0 | grep -q "mtu $1 "; }
check "... the kernel side follows" kernel_mtu 1400
timeout 20 "$DPSCTL" --file-prefix "$PREFIX" oid set dps0 OID_DPS_MTU 1500 >"$TMP/r.out" 2>&1
check "root is always an admin: MTU back to 1500" test $? = 0 || show "$TMP/r.out"
check "the control socket logged the roles" grep -q "uid $UUID .*: user$" "$OUT"

kill -INT "$PID"
wait_exit "$PID" 20
check "SIGINT: dpstack exits 0 (exit $RC)" test "$RC" = 0
check "leak report: empty" grep -q '^leak report: empty' "$OUT"
check "the socket is gone" test ! -e "$SOCK"
echo "1..$n"
[ "$failed" -eq 0 ]
