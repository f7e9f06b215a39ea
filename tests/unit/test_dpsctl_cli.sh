#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# dpsctl as a user runs it, against fake_dpsd (a stand-in for dpstack's
# control socket): exit codes (0 ok, 1 failed, 2 usage), the one-line
# messages, text / JSON / pcap output. TAP output ("ok N - ...").
#   test_dpsctl_cli.sh DPSCTL FAKE_DPSD
# Checks are bash expressions in single quotes, evaluated by check() later:
# shellcheck disable=SC2016,SC2034
set -u

DPSCTL=$1
FAKE=$2
TMP=$(mktemp -d /tmp/dpsctl-cli.XXXXXX)
SOCK=$TMP/dpstack.sock
FAKE_PID=
PREFIX_DIR=
N=0
FAILS=0

cleanup() {
	stop_fake
	[ -n "$PREFIX_DIR" ] && rm -rf "$PREFIX_DIR"
	rm -rf "$TMP"
}
trap cleanup EXIT

start_fake() { # start_fake SOCKET [fake options]
	local sock=$1
	shift
	rm -f "$sock"
	"$FAKE" "$sock" "$@" &
	FAKE_PID=$!
	for _ in $(seq 100); do
		[ -S "$sock" ] && return 0
		sleep 0.05
	done
	echo "# fake_dpsd did not start"
	return 1
}

stop_fake() {
	if [ -n "$FAKE_PID" ]; then
		kill "$FAKE_PID" 2>/dev/null
		wait "$FAKE_PID" 2>/dev/null
		FAKE_PID=
	fi
}

# run ARGS...: dpsctl with a 20 s bound; sets RC, OUT, ERR
run() {
	timeout 20 "$DPSCTL" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
}

check() { # check DESCRIPTION CONDITION (a bash expression)
	N=$((N + 1))
	if eval "$2"; then
		echo "ok $N - $1"
	else
		echo "not ok $N - $1"
		echo "# condition: $2"
		echo "# exit code: $RC"
		sed 's/^/# stdout: /' "$TMP/out" | head -n 20
		sed 's/^/# stderr: /' "$TMP/err" | head -n 20
		FAILS=$((FAILS + 1))
	fi
}

# usage ARGS... -- MESSAGE: exit code 2 and exactly that one line on stderr
usage() {
	local args=() msg
	while [ "$1" != -- ]; do
		args+=("$1")
		shift
	done
	msg=$2
	run "${args[@]}"
	check "usage: dpsctl ${args[*]}" '[ $RC -eq 2 ] && [ "$ERR" = "$msg" ] && [ -z "$OUT" ]'
}

# ---- without a server ----
run --help
check "--help: exit 0, the usage on stdout" '[ $RC -eq 0 ] && [[ "$OUT" == "usage: dpsctl "* ]]'
run --version
check "--version" '[ $RC -eq 0 ] && [[ "$OUT" == "dpsctl "[0-9]* ]]'
usage -- "dpsctl: no command given (see dpsctl --help)"
usage frobnicate -- "dpsctl: unknown command 'frobnicate' (see dpsctl --help)"
usage recv -- "dpsctl: recv: missing ADAPTER"
usage oid query dps0 -- "dpsctl: oid query: missing OID"
usage oid query dps0 OID_NOPE -- \
	"dpsctl: oid query: unknown OID 'OID_NOPE' (a name from 'dpsctl oids' or a number)"
usage send dps0 --ethertype 0x88b5 --dst 02:00:00:00:01 -- \
	"dpsctl: send: bad MAC '02:00:00:00:01' for --dst (aa:bb:cc:dd:ee:ff)"
usage send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:01 --payload 0x1 -- \
	"dpsctl: send: bad hex in --payload (pairs of hex digits, at most 9608 bytes)"
usage recv dps0 --ethertype 0x0800x -- "dpsctl: recv: bad ethertype '0x0800x' (0x0600..0xffff)"
usage recv dps0 --ethertype 0x88b5 --count 0 -- "dpsctl: recv: bad count '0' (a number >= 1)"
usage --socket "$SOCK" --file-prefix x adapters -- \
	"dpsctl: --socket and --file-prefix are mutually exclusive"
usage adapters --nope -- "dpsctl: unknown option '--nope'"

run --socket "$TMP/none.sock" adapters
check "no server: exit 1, the status named" \
	'[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: adapters: cannot connect to $TMP/none.sock: DPS_E_NOT_FOUND (is dpstack running?)" ]'
run --socket "$TMP/none.sock" --json adapters
WANT="{\"error\": {\"status\": \"DPS_E_NOT_FOUND\", \"reason\": \"cannot connect to $TMP/none.sock (is dpstack running?)\"}}"
check "no server, --json: the error object on stdout" '[ $RC -eq 1 ] && [ "$OUT" = "$WANT" ]'
run oids
check "oids lists the catalogue" \
	'[ $RC -eq 0 ] && [ $(wc -l <<<"$OUT") -eq 31 ] && grep -q "^0x01010102  OID_802_3_CURRENT_ADDRESS" <<<"$OUT"'
run oids --json
check "oids --json" '[ $RC -eq 0 ] && jq -e "length == 31" <<<"$OUT" >/dev/null'

# ---- adapters and OIDs ----
start_fake "$SOCK" || exit 1
run --socket "$SOCK" adapters
check "adapters: a header and two adapters" \
	'[ $RC -eq 0 ] && [ $(wc -l <<<"$OUT") -eq 3 ] && grep -Eq "^dps0 +02:00:00:00:00:01 +1500 +up +10000 +Running +net_tap0,iface=dps0 \(net_tap\)$" <<<"$OUT"'
run adapters --json --socket="$SOCK"
check "adapters --json" \
	'[ $RC -eq 0 ] && jq -e "length == 2 and .[0].name == \"dps0\" and .[0].mac == \"02:00:00:00:00:01\" and .[0].mtu == 1500 and .[0].link_up == true and .[0].state == \"Running\" and .[1].name == \"dps1\"" <<<"$OUT" >/dev/null'
run --socket "$SOCK" oid query dps0 OID_802_3_CURRENT_ADDRESS
check "oid query: a MAC" '[ $RC -eq 0 ] && [ "$OUT" = "02:00:00:00:00:01" ]'
run --socket "$SOCK" --json oid query dps1 0x01010102
check "oid query --json, OID by number" \
	'[ $RC -eq 0 ] && jq -e ".adapter == \"dps1\" and .oid == \"OID_802_3_CURRENT_ADDRESS\" and .code == \"0x01010102\" and .bytes == 6 and .value == \"02:00:00:00:00:02\"" <<<"$OUT" >/dev/null'
run --socket "$SOCK" oid query dps0 OID_GEN_LINK_STATE
check "oid query: a structure" \
	'[ $RC -eq 0 ] && [ "$OUT" = "media_connect_state=1 duplex=2 xmit_link_speed=10000000000 rcv_link_speed=10000000000" ]'
run --socket "$SOCK" oid query dps0 OID_GEN_VENDOR_DESCRIPTION
check "oid query: a string" '[ $RC -eq 0 ] && [ "$OUT" = "net_tap" ]'
run --socket "$SOCK" oid query dps0 0x12345678
check "oid query: unknown OID fails with the status" \
	'[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: oid query: DPS_E_NOT_SUPPORTED" ]'
run --socket "$SOCK" oid query nope OID_DPS_MTU
check "oid query: unknown adapter" '[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: oid query: DPS_E_NOT_FOUND" ]'
run --socket "$SOCK" oid set dps0 OID_DPS_MTU 9000
check "oid set: a number" '[ $RC -eq 0 ] && [ -z "$OUT$ERR" ]'
run --socket "$SOCK" oid query dps0 OID_DPS_MTU
check "oid set took" '[ $RC -eq 0 ] && [ "$OUT" = 9000 ]'
run --socket "$SOCK" oid set dps0 OID_DPS_MTU 0x5dc
run --socket "$SOCK" oid set dps0 OID_802_3_MULTICAST_LIST 01:00:5e:00:00:01,33:33:00:00:00:01
check "oid set: a MAC list" '[ $RC -eq 0 ]'
run --socket "$SOCK" oid query dps0 OID_802_3_MULTICAST_LIST --json
check "oid query: the MAC list back" \
	'[ $RC -eq 0 ] && jq -e ".value == [\"01:00:5e:00:00:01\",\"33:33:00:00:00:01\"]" <<<"$OUT" >/dev/null'
run --socket "$SOCK" oid set dps0 OID_802_3_MULTICAST_LIST hex:
check "oid set: no bytes" '[ $RC -eq 0 ]'
run --socket "$SOCK" oid set dps0 OID_DPS_MAC_ADDRESS 02:00:00:00:00:09
check "oid set: refused" '[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: oid set: DPS_E_PERMISSION" ]'
run --socket "$SOCK" oid set dps0 OID_GEN_CURRENT_PACKET_FILTER hex:0b00
check "oid set: too short, with bytes needed" \
	'[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: oid set: DPS_E_INVALID_LENGTH (needs 4 bytes)" ]'

# ---- send ----
run --socket "$SOCK" send dps0 --ethertype 0x88b5 --dst ff:ff:ff:ff:ff:ff
check "send: default payload, source from the adapter" \
	'[ $RC -eq 0 ] && [ "$OUT" = "sent 1 frame of 60 bytes on dps0" ]'
run --socket "$SOCK" send dps0 --ethertype 0x88b5 --dst ff:ff:ff:ff:ff:ff --payload "" --count 3 --json
check "send: empty payload, 3 times, --json" \
	'[ $RC -eq 0 ] && jq -e ".sent == 3 and .len == 14" <<<"$OUT" >/dev/null'
run --socket "$SOCK" send dps0 --ethertype 0x88b5 --dst ff:ff:ff:ff:ff:ff --src 02:00:00:00:00:09
check "send: spoofed source refused, with the server's reason" \
	'[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: send: DPS_E_PERMISSION: source MAC 02:00:00:00:00:09 is not dps0 MAC" ]'
run --socket "$SOCK" --json send dps0 --ethertype 0x88b5 --dst ff:ff:ff:ff:ff:ff --src 02:00:00:00:00:09
WANT='{"error": {"status": "DPS_E_PERMISSION", "reason": "source MAC 02:00:00:00:00:09 is not dps0 MAC"}}'
check "send --json: the error object on stdout" '[ $RC -eq 1 ] && [ "$OUT" = "$WANT" ]'
run --socket "$SOCK" send dps0 --ethertype 0x88b5 --dst ff:ff:ff:ff:ff:ff --src 02:00:00:00:00:09 --count 2
check "send: failure names the frame" \
	'[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: send: DPS_E_PERMISSION (frame 1 of 2): source MAC 02:00:00:00:00:09 is not dps0 MAC" ]'
head -c 1501 /dev/zero >"$TMP/big"
run --socket "$SOCK" send dps0 --ethertype 0x88b5 --dst ff:ff:ff:ff:ff:ff --file "$TMP/big"
check "send: MTU+15 bytes refused" '[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: send: DPS_E_INVALID_LENGTH" ]'
head -c 1500 /dev/zero >"$TMP/big"
run --socket "$SOCK" send dps0 --ethertype 0x88b5 --dst ff:ff:ff:ff:ff:ff --file "$TMP/big"
check "send: MTU+14 bytes from a file" '[ $RC -eq 0 ] && [ "$OUT" = "sent 1 frame of 1514 bytes on dps0" ]'
run --socket "$SOCK" send dps0 --ethertype 0x88b5 --dst ff:ff:ff:ff:ff:ff --file "$TMP/nonexistent"
check "send: missing file" \
	'[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: send: $TMP/nonexistent: No such file or directory" ]'
stop_fake

# ---- recv: three frames queued in every open ----
start_fake "$SOCK" --prefill 3 || exit 1
first="60 ffffffffffff02000000009988b5"
for k in $(seq 14 59); do first+=$(printf '%02x' "$k"); done
run --socket "$SOCK" recv dps0 --ethertype 0x88b5 --count 3 --timeout 5
check "recv: three lines, length and hex" \
	'[ $RC -eq 0 ] && [ $(wc -l <<<"$OUT") -eq 3 ] && [ "$(head -n1 <<<"$OUT")" = "$first" ] && [[ "$(sed -n 3p <<<"$OUT")" == "62 "* ]]'
run --socket "$SOCK" recv dps0 --ethertype 0x88b5 --count 1 --json
check "recv --json" \
	'[ $RC -eq 0 ] && jq -e ".len == 60 and .orig_len == 60 and (.data | startswith(\"ffffffffffff020000000099\"))" <<<"$OUT" >/dev/null'
run --socket "$SOCK" recv dps0 --ethertype 0x88b5 --count 5 --timeout 0.5
check "recv: fewer than --count in time fails" \
	'[ $RC -eq 1 ] && [ $(wc -l <<<"$OUT") -eq 3 ] && [ "$ERR" = "dpsctl: recv: DPS_E_TIMEOUT (received 3 of 5 frames)" ]'
run --socket "$SOCK" recv dps0 --ethertype 0x88b5 --timeout 0.3
check "recv: --timeout without --count ends well" '[ $RC -eq 0 ] && [ $(wc -l <<<"$OUT") -eq 3 ]'
run --socket "$SOCK" recv dps0 --ethertype 0x88b5 --timeout 0
check "recv: --timeout 0 takes what is queued" '[ $RC -eq 0 ] && [ $(wc -l <<<"$OUT") -eq 3 ]'
run --socket "$SOCK" recv dps0 --ethertype 0x88b5 --count 3 --pcap "$TMP/x.pcap"
check "recv --pcap: nothing on stdout, a summary on stderr" \
	'[ $RC -eq 0 ] && [ -z "$OUT" ] && [ "$ERR" = "dpsctl: recv: 3 frames written to $TMP/x.pcap" ]'
check "recv --pcap: a valid pcap file with the three frames" \
	'python3 - "$TMP/x.pcap" <<"EOF"
import struct, sys
d = open(sys.argv[1], "rb").read()
magic, vmaj, vmin, _, _, snap, link = struct.unpack("<IHHiIII", d[:24])
assert (magic, vmaj, vmin, link) == (0xa1b2c3d4, 2, 4, 1), (magic, vmaj, vmin, link)
off, lens = 24, []
while off < len(d):
    _, _, incl, orig = struct.unpack("<IIII", d[off:off + 16])
    assert incl == orig
    frame = d[off + 16:off + 16 + incl]
    assert frame[:12] == b"\xff" * 6 + bytes.fromhex("020000000099") and frame[12:14] == b"\x88\xb5"
    lens.append(incl)
    off += 16 + incl
assert off == len(d) and lens == [60, 61, 62], lens
EOF'
run --socket "$SOCK" recv dps0 --ethertype 0x88b5 --filter "bad filter" --count 1
check "recv: a filter dpstack refuses" '[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: recv: DPS_E_INVALID_DATA" ]'
run --socket "$SOCK" recv nope --ethertype 0x88b5 --count 1
check "recv: unknown adapter" '[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: recv: DPS_E_NOT_FOUND" ]'
# Ctrl-C ends a receive cleanly: the pcap file complete, exit 0
timeout 20 "$DPSCTL" --socket "$SOCK" recv dps1 --ethertype 0x0800 --pcap "$TMP/int.pcap" \
	>"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep 0.7
kill -INT $pid
wait $pid
RC=$?
check "recv: SIGINT ends it with exit 0 and a complete file" \
	'[ $RC -eq 0 ] && [ $(stat -c %s "$TMP/int.pcap") -eq $((24 + 16 * 3 + 60 + 61 + 62)) ]'
stop_fake

# ---- watch ----
start_fake "$SOCK" || exit 1
run --socket "$SOCK" watch dps0 --count 2
check "watch: two link changes" '[ $RC -eq 0 ] && [ "$OUT" = "link down
link up 10000 Mb/s" ]'
run --socket "$SOCK" watch dps0 --count 1 --json
check "watch --json" \
	'[ $RC -eq 0 ] && jq -e ".event == \"link_state\" and .code == 1 and .link_up == false and .link_speed == 0" <<<"$OUT" >/dev/null'
stop_fake
start_fake "$SOCK" --no-indications || exit 1
run --socket "$SOCK" watch dps0 --timeout 0.3
check "watch: nothing within --timeout is fine" '[ $RC -eq 0 ] && [ -z "$OUT$ERR" ]'
run --socket "$SOCK" watch dps0 --count 1 --timeout 0.3
check "watch: --count not reached fails" \
	'[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: watch: DPS_E_TIMEOUT (got 0 of 1 indications)" ]'
stop_fake

# ---- the server vanishes in the middle ----
start_fake "$SOCK" || exit 1
timeout 20 "$DPSCTL" --socket "$SOCK" recv dps0 --ethertype 0x88b5 >"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep 0.5
stop_fake
wait $pid
RC=$?
OUT=$(cat "$TMP/out")
ERR=$(cat "$TMP/err")
check "recv: the server going away is exit 1 with DPS_E_IO and why" \
	'[ $RC -eq 1 ] && [ "$ERR" = "dpsctl: recv: DPS_E_IO: dpstack closed the connection" ]'

# ---- --file-prefix finds the socket in the DPDK runtime directory ----
prefix=dpsctl-cli-$$
if [ "$(id -u)" -eq 0 ]; then
	PREFIX_DIR=/var/run/dpdk/$prefix
else
	PREFIX_DIR=${XDG_RUNTIME_DIR:-/tmp}/dpdk/$prefix
fi
mkdir -p "$PREFIX_DIR"
start_fake "$PREFIX_DIR/dpstack.sock" || exit 1
run --file-prefix "$prefix" adapters --json
check "--file-prefix" '[ $RC -eq 0 ] && jq -e "length == 2" <<<"$OUT" >/dev/null'
stop_fake

echo "1..$N"
[ "$FAILS" -eq 0 ]
