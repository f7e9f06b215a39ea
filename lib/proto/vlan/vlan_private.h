/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_VLAN_PRIVATE_H
#define DPS_VLAN_PRIVATE_H

/*
 * Inside the vlan mux (DESIGN.md sections 1 and 10, the NDIS MUX sample):
 * a protocol bound to a physical adapter (its lower binding, EtherType
 * 0x8100) that makes the virtual adapters configured over it, one per VLAN,
 * and hands each the frames of its VLAN, tag stripped. vlan_datapath.c is
 * the receive demultiplexer (workers); vlan_control.c binds, makes and
 * removes the virtual adapters, carries link changes and pauses over, and
 * reports. Built on the protocol face, plus the stack's narrow mux hooks
 * (lib/mux/dps_mux.h) for what the face does not offer.
 */

#include <stdint.h>

#include <rte_common.h>

#include "dps_log.h"
#include "dps_mux.h"
#include "dps_protocol.h"

DPS_LOG_EXTERN(vlan);

/* Most virtual adapters over one lower adapter (as many as adapters). */
#define DPS__VLAN_MAX_VIFS 16

/* Counters of the lower binding. */
enum dps__vlan_stat {
	DPS__VLAN_STAT_RX_TAGGED = 0, /* "rx_tagged": delivered to a virtual adapter */
	DPS__VLAN_STAT_RX_UNKNOWN,    /* "rx_vlan_unknown": a VLAN no virtual adapter has */
	DPS__VLAN_STAT_RX_PRIORITY,   /* "rx_priority_tagged": VLAN 0, to the lower's own */
	DPS__VLAN_STAT_RX_TRUNCATED,  /* "rx_truncated": the tag cut short */
	DPS__VLAN_STAT_RX_COPIED,     /* "rx_copied": shared with another reader, copied */
	DPS__VLAN_STAT_RX_NOMEM,      /* "rx_nomem": no mbuf for that copy, dropped */
	DPS__VLAN_STAT_COUNT
};

struct dps__vlan_lcore_stats {
	uint64_t v[DPS__VLAN_STAT_COUNT];
} __rte_cache_aligned;

/*
 * The lower binding's context. The VLAN table is written in bind_adapter
 * (before the binding runs) and cleared in unbind_adapter (after its pause:
 * no worker delivers any more), so workers read it without RCU.
 */
struct dps__vlan_lower {
	struct dps__vlan_lcore_stats stats[DPS_PROTO_STAT_SLOTS];
	struct dps_adapter *lower; /* the adapter it is bound to */
	struct rte_mempool *pool;  /* for copies of shared frames */
	uint8_t by_vid[4096];	   /* VLAN id -> index + 1 into vifs, 0: none */
	unsigned int nb_vifs;
	struct dps_mux_vif vifs[DPS__VLAN_MAX_VIFS];
};

/* ---- vlan_datapath.c ---- */
void dps__vlan_receive(
	struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags);

/* The descriptor (vlan_control.c). */
extern const struct dps_protocol_desc dps__vlan_desc;

#endif /* DPS_VLAN_PRIVATE_H */
