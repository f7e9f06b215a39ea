#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmarks (never tests): builds the release tree and runs each benchmark.
# Results are ratios measured side by side in one run; docs/BENCHMARKS.md
# records them with this command.
#
#   scripts/bench.sh                          both parts below
#   scripts/bench.sh datapath [WORKLOAD...]   io echo rxonly scale vlan-echo (default: all)
#   scripts/bench.sh oid [SECONDS_PER_PHASE]  (default 5)
#   scripts/bench.sh raw [SECONDS]            (default 5 per measurement;
#                                             DPS_BENCH_TREE=build-dev: that tree, unbuilt)
#
# datapath: dpstack against dpdk-testpmd on the same vdevs, lcores (-l 0-1)
#      and burst, rounds interleaved (testpmd, dpstack, testpmd, ...): Mpps
#      of each, the median ratio, cycles per frame on the worker
#      (scripts/bench_datapath.py; DPS_BENCH_ROUNDS rounds, default 4, of
#      DPS_BENCH_SECS seconds, default 5, after a 2 s warm-up).
# oid: OID round trip worker -> control -> worker (median, p99) and the
#      datapath rate with and without requests flowing (dps_oid_bench).
# raw: frames per second delivered to one raw client (receive) and accepted
#      from one (send), 64- and 1514-byte frames, for the shared-memory
#      ring, batched messages and one request a frame (tests/bench/raw_bench),
#      side by side with AF_PACKET doing the same job on a veth pair in a
#      namespace (tests/bench/afp_bench: a TPACKET_V3 reader fed by a
#      sendmmsg sender; the sendmmsg sender alone). Same two cores: dpstack
#      -l 0-1 (worker on cpu 1) with the client on cpu 0; the AF_PACKET
#      consumer on cpu 0, its producer on cpu 1. dpstack's frames come from
#      net_pcap (infinite_rx, 64 frames replayed), its sends go to
#      net_null (no-rx).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	echo "usage: bench.sh [datapath [io|echo|rxonly|scale|vlan-echo ...] | oid [SECONDS] | raw [SECONDS]]" >&2
	exit 2
}

bench_datapath() {
	echo "== datapath: dpstack vs dpdk-testpmd ($(date -u '+%F %H:%M UTC'), $(nproc) cores)"
	python3 "$DPS_ROOT/scripts/bench_datapath.py" --dpstack "$DPS_ROOT/build-gcc/app/dpstack/dpstack" \
		--rounds "${DPS_BENCH_ROUNDS:-4}" --secs "${DPS_BENCH_SECS:-5}" "$@"
}

bench_oid() {
	local secs=${1:-5}
	case "$secs" in ''|*[!0-9.]*) echo "bench.sh: SECONDS must be a number" >&2; exit 2;; esac
	echo "== oid round trip and datapath under requests ($(date -u +%F), $(nproc) cores)"
	"$DPS_ROOT/build-gcc/tests/bench/dps_oid_bench" "$secs" 2>&1 | grep -vE '^(EAL|TELEMETRY):'
}

# one number: the fps field of a raw_bench / afp_bench line
fps_of() {
	sed -n 's/.* fps \([0-9]*\).*/\1/p' "$1" | head -n 1
}

# raw_dpstack TAG DEVICE: start dpstack on DEVICE (prefix dpsbenchraw-PID-TAG);
# sets RAW_PID, RAW_SOCK
raw_dpstack() {
	local tag=$1 dev=$2 i
	local prefix=dpsbenchraw-$$-$tag
	printf '[adapter p0]\ndevice = %s\n[protocol raw]\nbind = all\n' "$dev" >"$RAW_TMP/$tag.ini"
	RAW_SOCK=/var/run/dpdk/$prefix/dpstack.sock
	"$RAW_B/app/dpstack/dpstack" --no-huge --no-pci -m 1024 -l 0-1 --file-prefix="$prefix" \
		-- --config "$RAW_TMP/$tag.ini" >"$RAW_TMP/$tag.log" 2>&1 &
	RAW_PID=$!
	for ((i = 0; i < 300; i++)); do
		grep -q '^dpstack: running' "$RAW_TMP/$tag.log" && return 0
		kill -0 "$RAW_PID" 2>/dev/null || break
		sleep 0.1
	done
	tail -n 5 "$RAW_TMP/$tag.log" >&2
	dps_die "dpstack did not start on $dev"
}

raw_stop() {
	kill -INT "$RAW_PID" 2>/dev/null
	timeout 30 tail --pid="$RAW_PID" -f /dev/null || kill -KILL "$RAW_PID" 2>/dev/null
	wait "$RAW_PID" 2>/dev/null || true
	rm -rf "/var/run/dpdk/dpsbenchraw-$$-"*
}

raw_cleanup() {
	[ -n "${RAW_PID:-}" ] && kill -KILL "$RAW_PID" 2>/dev/null || true
	[ -n "${RAW_NS:-}" ] && ip netns del "$RAW_NS" 2>/dev/null || true
	rm -rf "/var/run/dpdk/dpsbenchraw-$$-"* "${RAW_TMP:-/nonexistent}"
}

bench_raw() {
	local secs=${1:-5} size mode out
	case "$secs" in ''|*[!0-9.]*) echo "bench.sh: SECONDS must be a number" >&2; exit 2;; esac
	RAW_B=$DPS_ROOT/${DPS_BENCH_TREE:-build-gcc}
	RAW_TMP=$(mktemp -d /tmp/dpsbenchraw.XXXXXX)
	RAW_NS=dpsbenchraw-$$
	trap raw_cleanup EXIT
	echo "== raw: one client of dpstack vs AF_PACKET ($(date -u '+%F %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${secs} s each)"
	ip netns add "$RAW_NS"
	ip -n "$RAW_NS" link set lo up
	ip -n "$RAW_NS" link add vA type veth peer name vB
	ip netns exec "$RAW_NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip -n "$RAW_NS" link set vA up
	ip -n "$RAW_NS" link set vB up
	printf '%-8s %-5s %-10s %12s %12s %8s\n' frame dir client "dpstack fps" "AF_PACKET" ratio
	for size in 60 1514; do
		# 64 broadcast frames of EtherType 0x88b5, SIZE bytes (the FCS not counted:
		# 60 is a 64-byte frame on the wire, 1514 one of 1500 bytes of payload)
		python3 -c '
import struct, sys
size, path = int(sys.argv[1]), sys.argv[2]
f = open(path, "wb")
f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
for i in range(64):
    d = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x88\xb5" + bytes([i]) * (size - 14)
    f.write(struct.pack("<IIII", 0, i, len(d), len(d)) + d)' "$size" "$RAW_TMP/f$size.pcap"
		# the AF_PACKET baselines: a TPACKET_V3 reader on cpu 0 fed by a sendmmsg
		# sender on cpu 1; the sender alone
		taskset -c 0 ip netns exec "$RAW_NS" "$RAW_B/tests/bench/afp_bench" rx vB 0x88b5 "$secs" \
			>"$RAW_TMP/afp-rx-$size.out" &
		sleep 0.3
		taskset -c 1 ip netns exec "$RAW_NS" "$RAW_B/tests/bench/afp_bench" tx vA 0x88b5 \
			"$size" "$(awk -v s="$secs" 'BEGIN { print s + 0.6 }')" >/dev/null
		wait
		taskset -c 0 ip netns exec "$RAW_NS" "$RAW_B/tests/bench/afp_bench" tx vA 0x88b5 \
			"$size" "$secs" >"$RAW_TMP/afp-tx-$size.out"
		local afp_rx afp_tx
		afp_rx=$(fps_of "$RAW_TMP/afp-rx-$size.out")
		afp_tx=$(fps_of "$RAW_TMP/afp-tx-$size.out")
		# dpstack receive: net_pcap replays the 64 frames forever
		raw_dpstack "rx$size" "net_pcap0,rx_pcap=$RAW_TMP/f$size.pcap,infinite_rx=1"
		for mode in ring batch single; do
			taskset -c 0 "$RAW_B/tests/bench/raw_bench" rx "$RAW_SOCK" p0 0x88b5 "$mode" \
				"$secs" >"$RAW_TMP/rx-$size-$mode.out" 2>&1 || cat "$RAW_TMP/rx-$size-$mode.out" >&2
			out=$(fps_of "$RAW_TMP/rx-$size-$mode.out")
			printf '%-8s %-5s %-10s %12s %12s %8s\n' "$size" rx "$mode" "${out:-?}" \
				"${afp_rx:-?}" "$(awk -v a="${out:-0}" -v b="${afp_rx:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }')"
		done
		raw_stop
		# dpstack send: net_null takes every frame
		raw_dpstack "tx$size" "net_null0,no-rx=1"
		for mode in ring batch single; do
			taskset -c 0 "$RAW_B/tests/bench/raw_bench" tx "$RAW_SOCK" p0 0x88b5 "$mode" \
				"$size" "$secs" >"$RAW_TMP/tx-$size-$mode.out" 2>&1 || cat "$RAW_TMP/tx-$size-$mode.out" >&2
			out=$(fps_of "$RAW_TMP/tx-$size-$mode.out")
			printf '%-8s %-5s %-10s %12s %12s %8s\n' "$size" tx "$mode" "${out:-?}" \
				"${afp_tx:-?}" "$(awk -v a="${out:-0}" -v b="${afp_tx:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }')"
		done
		raw_stop
		echo "   (rx ring, $size bytes: $(cat "$RAW_TMP/rx-$size-ring.out"))"
	done
	echo "   frame: bytes without the FCS; ratio = dpstack / AF_PACKET (rx: the TPACKET_V3 reader, tx: the sendmmsg sender)"
}

part=${1:-all}
[ $# -gt 0 ] && shift
case "$part" in
datapath)
	for w in "$@"; do
		case "$w" in io|echo|rxonly|scale|vlan-echo) ;; *) usage;; esac
	done
	;;
oid) [ $# -le 1 ] || usage ;;
raw) [ $# -le 1 ] || usage ;;
all) ;;
*) usage ;;
esac

dps_need_root
if [ -n "${DPS_BENCH_TREE:-}" ]; then
	# a quick check on a tree as it is (raw only): no deps, no build
	[ "$part" = raw ] || dps_die "DPS_BENCH_TREE is for 'raw' only"
else
	"$DPS_ROOT/scripts/deps.sh"
	dps_build build-gcc gcc >/dev/null || dps_die "build failed"
fi
case "$part" in
datapath) bench_datapath "$@" ;;
oid) bench_oid "$@" ;;
raw) bench_raw "$@" ;;
all)
	bench_datapath
	bench_oid
	;;
esac
