/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_BINDING_PRIVATE_H
#define DPS_BINDING_PRIVATE_H

#include <stdatomic.h>
#include <sys/queue.h>

#include <rte_common.h>
#include <rte_lcore.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_log.h"

DPS_LOG_EXTERN(binding);

/* Most bindings in one adapter's dispatch table (one batch slot each). */
#define DPS_DISPATCH_MAX_BINDINGS 16
/* Most bindings on one EtherType. */
#define DPS_DISPATCH_MAX_TARGETS 8
/* Most EtherTypes in one adapter's table. */
#define DPS_DISPATCH_MAX_TYPES 32

struct dps_binding_lcore {
	uint64_t rx_frames;
	uint64_t rx_calls;
	uint64_t tx_frames;
	uint64_t tx_dropped;
	uint64_t tx_refused;
	uint64_t inflight; /* frames queued in a tx buffer, not yet completed */
} __rte_cache_aligned;

struct dps_binding {
	struct dps_object *obj;
	struct dps_protocol *proto;
	struct dps_adapter *adapter;
	const struct dps_protocol_ops *ops;
	void *ctx;
	atomic_int state;
	uint32_t filter;
	uint8_t nb_ethertypes;
	uint16_t ethertypes[DPS_BINDING_MAX_ETHERTYPES];
	/* multicast list, double-buffered: the control thread fills the idle
	 * copy, publishes it and waits for a grace period */
	struct dps_mcast_list {
		uint8_t n;
		struct rte_ether_addr addr[DPS_BINDING_MAX_MCAST];
	} mcast_buf[2];
	struct dps_mcast_list *_Atomic mcast;
	struct dps_bind_params params;
	atomic_uint_fast64_t held;
	atomic_uint_fast64_t oid_pending; /* OID requests not yet completed to the protocol */
	uint32_t vlan_id;
	uint8_t mux_paused;    /* paused by the mux with its lower adapter (binding_mux.c) */
	uint8_t unbind_failed; /* teardown walks skip it (unbind logged why) */
	atomic_uint_fast64_t ctrl_inflight; /* sends in progress on non-worker threads */
	TAILQ_ENTRY(dps_binding) next;
	struct dps_binding_lcore lc[RTE_MAX_LCORE + 1];
};

struct dps_protocol {
	struct dps_object *obj;
	const struct dps_protocol_desc *desc;
	const struct dps_config_protocol *cfg;
	TAILQ_ENTRY(dps_protocol) next;
};

struct dps_dispatch_target {
	struct dps_binding *b;
	uint32_t filter;
	uint8_t slot; /* batch slot of this binding in the table */
};

struct dps_dispatch_entry {
	rte_be16_t ethertype;
	uint8_t nb;
	struct dps_dispatch_target t[DPS_DISPATCH_MAX_TARGETS];
};

struct dps_dispatch_table {
	uint8_t nb_slots;
	uint8_t nb_entries;
	/* a binding takes EtherType 0x8100 itself (the vlan mux): 802.1Q frames
	 * are classified by their outer tag, not by what is behind it */
	uint8_t outer_vlan;
	/* catch-all bindings (descriptor catch_all): every classified frame,
	 * whatever its EtherType, through their packet filters; nb == 0 for
	 * most adapters, and dispatch then costs what it did without them */
	struct dps_dispatch_entry catch_all;
	struct dps_binding *slot_binding[DPS_DISPATCH_MAX_BINDINGS];
	struct dps_dispatch_entry e[DPS_DISPATCH_MAX_TYPES];
};

/* Republish @p a's dispatch table (binding_mux.c). */
int dps__binding_publish(struct dps_adapter *a);

/* Does binding filter @p filter (with @p b's multicast list) accept @p dst? */
int dps__filter_accepts(const struct dps_binding *b, uint32_t filter,
	const struct rte_ether_addr *own, const struct rte_ether_addr *dst);

#endif
