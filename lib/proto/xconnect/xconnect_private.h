/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_XCONNECT_PRIVATE_H
#define DPS_XCONNECT_PRIVATE_H

/*
 * Inside the xconnect protocol (DESIGN.md section 10): pairs of adapters,
 * everything received on one side sent out of the other unchanged, zero
 * copy. xconnect_datapath.c forwards (workers); xconnect_control.c reads
 * `pairs`, pairs the bindings as they bind and unbind, and reports. Built
 * on the protocol face only.
 */

#include <stdatomic.h>
#include <stdint.h>

#include <rte_common.h>

#include "dps_log.h"
#include "dps_protocol.h"

DPS_LOG_EXTERN(xconnect);

/* Counters of a binding on adapter X whose peer is Y (rx = the sum of the other three). */
enum dps__xc_stat {
	DPS__XC_STAT_RX = 0,	     /* "rx": frames received on X */
	DPS__XC_STAT_FORWARDED,	     /* "forwarded": of those, taken by Y's PMD */
	DPS__XC_STAT_DROP_TX_FULL,   /* "drop_tx_full": Y's PMD did not take them */
	DPS__XC_STAT_DROP_PEER_DOWN, /* "drop_peer_down": Y not bound or not Running */
	DPS__XC_STAT_COUNT
};

struct dps__xc_lcore_stats {
	uint64_t v[DPS__XC_STAT_COUNT];
} __rte_cache_aligned;

/* Adapter names as [adapter NAME] spells them. */
#define DPS__XC_NAME_LEN 16

/*
 * The binding context. peer is written on the control thread only (pairing,
 * unbind) and read by workers: a peer's unbind clears it, then waits for a
 * grace period before the peer binding goes.
 */
struct dps__xc_binding {
	struct dps__xc_lcore_stats stats[DPS_PROTO_STAT_SLOTS];
	struct dps_binding *_Atomic peer; /* the peer adapter's xconnect binding, or NULL */
	struct dps_binding *self;
	char name[DPS__XC_NAME_LEN];	  /* this adapter */
	char peer_name[DPS__XC_NAME_LEN]; /* its peer in `pairs` */
};

/* Most pairs in `pairs`. */
#define DPS__XC_MAX_PAIRS 32

struct dps__xc_pairs {
	unsigned int n;
	char a[DPS__XC_MAX_PAIRS][DPS__XC_NAME_LEN];
	char b[DPS__XC_MAX_PAIRS][DPS__XC_NAME_LEN];
};

/*
 * Parse `pairs` ("a:b, c:d"; adapter names of [A-Za-z0-9_.-], each in at
 * most one pair, never paired with itself).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER with @p why set (one phrase).
 */
int dps__xc_parse_pairs(const char *text, struct dps__xc_pairs *out, char *why, size_t len);

/* The descriptor (xconnect_control.c). */
extern const struct dps_protocol_desc dps__xc_desc;

/* ---- xconnect_datapath.c ---- */
void dps__xc_receive(
	struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags);
void dps__xc_send_complete(struct dps_binding *b, void *ctx, uint16_t sent, uint16_t n, int status);

static inline void
dps__xc_count(struct dps__xc_binding *x, unsigned int slot, unsigned int stat, uint64_t n)
{
	dps_proto_stat_add(&x->stats[slot].v[stat], slot, n);
}

#endif /* DPS_XCONNECT_PRIVATE_H */
