#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# docs/examples/dps_example.c builds against the INSTALLED libdpsclient:
# meson install --destdir into a temporary directory, pkg-config from there
# (PKG_CONFIG_SYSROOT_DIR), then it runs against fake_dpsd. TAP output.
#   test_client_example.sh BUILD_DIR SOURCE_DIR FAKE_DPSD
# Checks are bash expressions in single quotes, evaluated by check() later:
# shellcheck disable=SC2016,SC2034
set -u
BUILD=$1
SRC=$2
FAKE=$3
TMP=$(mktemp -d /tmp/dps-example.XXXXXX)
DEST=$TMP/dest
FAKE_PID=
N=0
FAILS=0
trap '[ -n "$FAKE_PID" ] && kill $FAKE_PID 2>/dev/null; rm -rf "$TMP"' EXIT

check() {
	N=$((N + 1))
	if eval "$2"; then
		echo "ok $N - $1"
	else
		echo "not ok $N - $1"
		sed 's/^/# /' "$TMP/log" 2>/dev/null | tail -n 30
		FAILS=$((FAILS + 1))
	fi
}

# A sanitized library needs its runtime in every program that links it
san=$(meson introspect "$BUILD" --buildoptions | jq -r '.[] | select(.name == "b_sanitize") | .value')
if [ "$san" != none ]; then
	echo "skip: the build uses -Db_sanitize=$san; the example is built with plain cc"
	exit 77
fi

meson install -C "$BUILD" --no-rebuild --destdir "$DEST" >"$TMP/log" 2>&1
RC=$?
check "meson install --destdir" '[ $RC -eq 0 ]'
PC=$(find "$DEST" -name dpsclient.pc | head -n 1)
HDR=$(find "$DEST" -path '*/include/dpstack/dps_client.h' | head -n 1)
LIB=$(find "$DEST" -name 'libdpsclient.so.0' | head -n 1)
check "installed: dpsclient.pc, dpstack/dps_client.h, dpstack/dps_status.h, libdpsclient.so.0" \
	'[ -n "$PC" ] && [ -n "$HDR" ] && [ -f "$(dirname "$HDR")/dps_status.h" ] && [ -n "$LIB" ]'
check "the installed library does not need DPDK" \
	'! readelf -d "$LIB" | grep -q "librte_"'

export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR=$DEST
PKG_CONFIG_PATH=$(dirname "$PC")
FLAGS=$(pkg-config --cflags --libs dpsclient 2>"$TMP/log")
check "pkg-config --cflags --libs dpsclient: $FLAGS" \
	'[ -n "$FLAGS" ] && [[ "$FLAGS" == *"-I$DEST/"*"/dpstack"* ]] && [[ "$FLAGS" == *"-L$DEST/"* ]]'

# shellcheck disable=SC2086 # pkg-config's words
cc -std=c11 -Wall -Wextra -Werror "$SRC/docs/examples/dps_example.c" $FLAGS \
	-o "$TMP/dps_example" >"$TMP/log" 2>&1
RC=$?
check "the example compiles and links against the installed library" \
	'[ $RC -eq 0 ] && [ -x "$TMP/dps_example" ]'

"$FAKE" "$TMP/dpstack.sock" &
FAKE_PID=$!
for _ in $(seq 100); do
	[ -S "$TMP/dpstack.sock" ] && break
	sleep 0.05
done
LD_LIBRARY_PATH=$(dirname "$LIB") ldd "$TMP/dps_example" >"$TMP/log" 2>&1
check "it runs with the installed libdpsclient" \
	'grep -q "libdpsclient.so.0 => $DEST/" "$TMP/log"'
LD_LIBRARY_PATH=$(dirname "$LIB") timeout 20 "$TMP/dps_example" dps0 "$TMP/dpstack.sock" 2 \
	>"$TMP/log" 2>&1
RC=$?
sed 's/^/# /' "$TMP/log"
check "it sends a frame and receives one (fake_dpsd loops frames back)" \
	'[ $RC -eq 0 ] && grep -q "^sent 60 bytes on dps0$" "$TMP/log" && grep -q "^received 60 bytes from 02:00:00:00:00:01: 68 65 6c 6c 6f" "$TMP/log"'

echo "1..$N"
[ "$FAILS" -eq 0 ]
