#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Operating dpstack as a Debian daemon (issue 13 points 3 and 4): the man
# pages render with man -l without a warning, dpstack.ini(5) lists every
# key the loader knows; systemd-analyze verify passes on both units (never
# started here); dpstack sends READY=1 once it serves and STOPPING=1 at
# teardown to a NOTIFY_SOCKET made here; meson install puts pages, units,
# completion, configuration examples and documents in place.
#
# Usage: test_systemd.sh BUILD_DIR
# Prints TAP lines, exits 1 if any failed.
set -uo pipefail

BUILD=$(realpath "${1:?usage: $0 BUILD_DIR}")
BIN=$BUILD/app/dpstack/dpstack
CTL=$BUILD/app/dpsctl/dpsctl
HERE=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi

. "$HERE/lib.sh"

quiet() { "$@" >/dev/null 2>&1; }

# ---- man pages ----
mkdir -p "$TMP/man/man5" "$TMP/man/man8"
for page in dpstack.8 dpsctl.8 dpstack.ini.5; do
	f=$BUILD/man/$page
	cp "$f" "$TMP/man/man${page##*.}/"
	MANWIDTH=80 man --warnings -E UTF-8 -l "$f" >"$TMP/page.txt" 2>"$TMP/page.err"
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$TMP/page.err" ] && grep -q '^NAME' "$TMP/page.txt"; then
		ok "man -l $page: renders, no warning"
	else
		not_ok "man -l $page: renders, no warning (exit $rc)"
		show "$TMP/page.err"
	fi
done
# every key the loader lists in its "unknown key" lines is in dpstack.ini(5)
MANWIDTH=200 man -l "$BUILD/man/dpstack.ini.5" >"$TMP/ini.txt" 2>/dev/null
missing=
for sect in stack "adapter dps0"; do
	if [ "$sect" = stack ]; then
		printf '[stack]\nbogus_key = 1\n' >"$TMP/keys.ini"
	else
		printf '[%s]\ndevice = net_null0\nbogus_key = 1\n' "$sect" >"$TMP/keys.ini"
	fi
	timeout 20 "$BIN" -- --config "$TMP/keys.ini" 2>"$TMP/keys.err"
	keys=$(sed -n 's/.*unknown key (keys: \(.*\))$/\1/p; s/.*unknown key (keys: \(.*\)); .*/\1/p' "$TMP/keys.err" | head -n 1)
	[ -n "$keys" ] || missing+=" (no key list for [$sect])"
	for k in ${keys//,/ }; do
		grep -qE "^ +$k( |$)" "$TMP/ini.txt" || missing+=" $k"
	done
done
for p in arp ipv4 raw xconnect; do
	grep -q "^   \[protocol $p\]" "$TMP/ini.txt" || missing+=" [protocol $p]"
done
check "dpstack.ini(5) has every [stack] and [adapter] key and each protocol${missing:+ (missing:$missing)}" \
	test -z "$missing"

# ---- systemd units: verify, never start ----
for u in dpstack.service dpstack@.service; do
	name=$u
	[ "$u" = dpstack@.service ] && name=dpstack@demo.service
	sed "s|^ExecStart=[^ ]*/dpstack |ExecStart=$BIN |" "$BUILD/systemd/$u" >"$TMP/$name"
	(cd "$TMP" && MANPATH=$TMP/man timeout 60 systemd-analyze verify "./$name") >"$TMP/verify.out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$TMP/verify.out" ]; then
		ok "systemd-analyze verify $u: clean"
	else
		not_ok "systemd-analyze verify $u: clean (exit $rc)"
		show "$TMP/verify.out"
	fi
	check "$u: Type=notify" grep -qx 'Type=notify' "$TMP/$name"
done
check "dpstack@.service: the instance is the file prefix and the configuration" \
	grep -qE '^ExecStart=.* --file-prefix=%i .*--config .*/dpstack/%i\.ini$' "$TMP/dpstack@demo.service"

# ---- READY=1 and STOPPING=1 on a NOTIFY_SOCKET ----
PREFIX=dpstest$$sd
PREFIXES+=("$PREFIX")
NS=$(new_ns sd) || { not_ok "create a namespace"; echo "1..$n"; exit 1; }
quiet_ns "$NS"
python3 - "$TMP/notify.sock" >"$TMP/notify.log" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("LISTENING", flush=True)
s.settimeout(60)
end = time.monotonic() + 60
while time.monotonic() < end:
    try:
        msg = s.recv(4096).decode()
    except socket.timeout:
        break
    print("GOT " + msg.replace("\n", " "), flush=True)
    if "STOPPING=1" in msg:
        break
PY
LPID=$!
PIDS+=("$LPID")
wait_for "$TMP/notify.log" '^LISTENING' "$LPID" 10
OUT=$TMP/dpstack.out
ip netns exec "$NS" env NOTIFY_SOCKET="$TMP/notify.sock" "$BIN" --no-huge --no-pci -m 512 -l 0-1 \
	--file-prefix="$PREFIX" >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if wait_for "$TMP/notify.log" '^GOT READY=1' "$PID" 40; then
	ok "READY=1 received"
	# READY means the socket serves: a client gets the adapters at once
	check "at READY, the control socket serves (dpsctl adapters)" \
		quiet timeout 10 "$CTL" --file-prefix "$PREFIX" adapters
	check "READY=1 comes after the bindings are made" grep -q '^dpstack: running' "$OUT"
else
	not_ok "READY=1 received"
	show "$OUT"
fi
check "no STOPPING=1 while it runs" bash -c "! grep -q STOPPING '$TMP/notify.log'"
kill -TERM "$PID"
if wait_exit "$PID" 20 && [ "$RC" -eq 0 ]; then
	ok "SIGTERM: exit 0"
else
	not_ok "SIGTERM: exit 0 (exit $RC)"
	show "$OUT"
fi
wait_for "$TMP/notify.log" '^GOT STOPPING=1' "$LPID" 10
check "STOPPING=1 received at teardown" grep -q '^GOT STOPPING=1' "$TMP/notify.log"
check "leak report empty" grep -q '^leak report: empty' "$OUT"
# a NOTIFY_SOCKET that nobody listens on: a warning, dpstack runs on
PREFIXES+=("${PREFIX}b")
ip netns exec "$NS" env NOTIFY_SOCKET="$TMP/nobody.sock" timeout -s INT 15 "$BIN" --no-huge \
	--no-pci -m 512 -l 0-1 --file-prefix="${PREFIX}b" >"$TMP/nobody.out" 2>&1
check "NOTIFY_SOCKET with no listener: a warning" \
	grep -qxF 'dpstack: warning: cannot notify $NOTIFY_SOCKET' "$TMP/nobody.out"
check "NOTIFY_SOCKET with no listener: runs and stops cleanly" grep -q '^leak report: empty' "$TMP/nobody.out"

# ---- meson install puts them in place ----
if timeout 120 meson install -C "$BUILD" --no-rebuild --destdir "$TMP/dest" --quiet >"$TMP/install.out" 2>&1; then
	missing=
	for f in share/man/man8/dpstack.8 share/man/man8/dpsctl.8 share/man/man5/dpstack.ini.5 \
		lib/systemd/system/dpstack.service lib/systemd/system/dpstack@.service \
		share/bash-completion/completions/dpsctl share/dpstack/default.ini \
		share/dpstack/examples/rss.ini share/doc/dpstack/GUIDE.md; do
		[ -f "$(find "$TMP/dest" -path "*/$f" -print -quit)" ] || missing+=" $f"
	done
	check "meson install: man pages, units, completion, examples, docs${missing:+ (missing:$missing)}" test -z "$missing"
else
	not_ok "meson install --destdir"
	show "$TMP/install.out"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
