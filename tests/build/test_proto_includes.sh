#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The protocol face is all a protocol can include (issue 8 points 1 and 3,
# COORD decision 1). A protocol's sources are compiled with ONLY
# lib/sdk/dpstack (and their own folder) as include directories
# (lib/proto/*/meson.build): here, with exactly those flags,
#   - a protocol that includes only dps_protocol.h (a descriptor, a receive
#     path using the inline helpers, DPS_PROTOCOL_REGISTER, DPS_PLUGIN_EXPORT)
#     compiles with -Wall -Wextra -Werror;
#   - the same protocol including any stack-internal header (every header of
#     lib/ outside lib/sdk and lib/proto: dps_adapter.h, binding_private.h,
#     dps_binding.h, dps_ctrl.h, ...) fails to compile, because the header is
#     not found.
# Usage: test_proto_includes.sh SOURCE_DIR CC [CC ARGS...]. TAP output.
set -u
SRC=$(realpath "$1")
shift
CC=("$@")
TMP=$(mktemp -d /tmp/dps-proto-inc.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
N=0
FAILS=0

# what lib/proto/*/meson.build give a protocol: the SDK, plus DPDK's flags
# shellcheck disable=SC2207 # pkg-config's words
DPDK=($(pkg-config --cflags libdpdk))
FLAGS=(-std=c11 -D_GNU_SOURCE -DALLOW_EXPERIMENTAL_API -Wall -Wextra -Werror
	-I"$SRC/lib/sdk/dpstack" "${DPDK[@]}")

check() {
	N=$((N + 1))
	if eval "$2"; then
		echo "ok $N - $1"
	else
		echo "not ok $N - $1"
		sed 's/^/# /' "$TMP/log" | tail -n 20
		FAILS=$((FAILS + 1))
	fi
}

cat >"$TMP/proto.c" <<'C'
#include "dps_protocol.h"

struct probe_ctx {
	uint64_t stats[DPS_PROTO_STAT_SLOTS][1];
};
static DPS_CONTEXT_TYPE(probe_ctx_type, struct probe_ctx, NULL);
static const char *const probe_counters[] = {"rx"};

static void
probe_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	struct probe_ctx *c = ctx;
	unsigned int slot = dps_proto_stat_slot();

	(void)b;
	(void)flags;
	for (uint16_t i = 0; i < n; i++) {
		uint32_t l2;
		uint16_t type;

		if (dps_proto_l2_parse(pkts[i], &l2, &type) == DPS_PROTO_L2_OK)
			dps_proto_stat_add(&c->stats[slot][0], slot, 1);
	}
	rte_pktmbuf_free_bulk(pkts, n);
}

static const uint16_t probe_types[] = {0x88b5};
static const struct dps_protocol_ops probe_ops = {.receive = probe_receive};
static const struct dps_protocol_desc probe_desc = {
	.name = "probe",
	.ethertypes = probe_types,
	.nb_ethertypes = 1,
	.ops = &probe_ops,
	.binding_ctx = &probe_ctx_type,
	.counters = {probe_counters, 1, offsetof(struct probe_ctx, stats), sizeof(uint64_t[1])},
};
DPS_PROTOCOL_REGISTER(probe_desc);
DPS_PLUGIN_EXPORT(probe_desc);
C

"${CC[@]}" "${FLAGS[@]}" -c "$TMP/proto.c" -o "$TMP/proto.o" >"$TMP/log" 2>&1
check "a protocol including only dps_protocol.h compiles with the protocols' include dirs" \
	'[ -s "$TMP/proto.o" ]'

mapfile -t PRIVATE < <(cd "$SRC/lib" && find . -name '*.h' -not -path './sdk/*' \
	-not -path './proto/*' -printf '%f\n' | sort -u)
check "there are stack-internal headers to try (dps_adapter.h, binding_private.h among them)" \
	'[[ " ${PRIVATE[*]} " == *" dps_adapter.h "* && " ${PRIVATE[*]} " == *" binding_private.h "* ]]'
for h in "${PRIVATE[@]}"; do
	{ printf '#include "%s"\n' "$h"; cat "$TMP/proto.c"; } >"$TMP/bad.c"
	"${CC[@]}" "${FLAGS[@]}" -c "$TMP/bad.c" -o "$TMP/bad.o" >"$TMP/log" 2>&1
	RC=$?
	check "a protocol including $h does not compile: $h is not found" \
		'[ $RC -ne 0 ] && grep -q "$h: No such file" "$TMP/log"'
done

echo "1..$N"
[ "$FAILS" -eq 0 ]
