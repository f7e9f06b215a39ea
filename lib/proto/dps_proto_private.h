/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_PROTO_PRIVATE_H
#define DPS_PROTO_PRIVATE_H

/*
 * Helpers shared by the built-in protocols under lib/proto (not an API:
 * only lib/proto/<protocol>/ and their unit tests include this).
 * Everything here is inline, allocation-free and safe on the datapath.
 */

#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ether.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "dps_binding.h"

/** Most 802.1Q / 802.1ad tags the binding layer (and we) look behind. */
#define DPS__PROTO_MAX_TAGS 2

/** Most frames one receive call handles per batch (one dps_binding_send each). */
#define DPS__PROTO_TX_BATCH 64

/** Counter slots: one per lcore id, and a last one shared by threads without one. */
#define DPS__PROTO_STAT_SLOTS (RTE_MAX_LCORE + 1)

/** dps__proto_l2_parse() results. */
#define DPS__PROTO_L2_OK 0
#define DPS__PROTO_L2_RUNT (-1)	    /**< headers cut short in the first segment */
#define DPS__PROTO_L2_TOO_MANY (-2) /**< more than DPS__PROTO_MAX_TAGS tags */

/**
 * Find the L3 header: skip the Ethernet header and up to two 802.1Q / 802.1ad
 * tags, within the first segment (where the binding layer classified them).
 *
 * @param m the frame.
 * @param l2_len output: offset of the L3 header.
 * @param ethertype output: the EtherType behind the tags, host order.
 * @return DPS__PROTO_L2_OK, DPS__PROTO_L2_RUNT or DPS__PROTO_L2_TOO_MANY.
 */
static inline int
dps__proto_l2_parse(const struct rte_mbuf *m, uint32_t *l2_len, uint16_t *ethertype)
{
	uint32_t len = rte_pktmbuf_data_len(m);
	uint32_t off = sizeof(struct rte_ether_hdr);
	const struct rte_ether_hdr *eth;
	unsigned int tags = 0;
	uint16_t type;

	if (unlikely(len < off))
		return DPS__PROTO_L2_RUNT;
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	type = rte_be_to_cpu_16(eth->ether_type);
	while (type == RTE_ETHER_TYPE_VLAN || type == RTE_ETHER_TYPE_QINQ) {
		const struct rte_vlan_hdr *vh;

		if (unlikely(tags == DPS__PROTO_MAX_TAGS))
			return DPS__PROTO_L2_TOO_MANY;
		if (unlikely(len < off + sizeof(*vh)))
			return DPS__PROTO_L2_RUNT;
		vh = rte_pktmbuf_mtod_offset(m, const struct rte_vlan_hdr *, off);
		type = rte_be_to_cpu_16(vh->eth_proto);
		off += sizeof(*vh);
		tags++;
	}
	*l2_len = off;
	*ethertype = type;
	return DPS__PROTO_L2_OK;
}

/**
 * May a reply be built in place in @p m? Only when nobody else can read it:
 * the call's frames are not flagged shared, the mbuf is direct (its data
 * buffer is its own) and we hold the only reference.
 */
static inline int
dps__proto_frame_writable(const struct rte_mbuf *m, uint32_t rx_flags)
{
	return !(rx_flags & DPS_RX_F_SHARED) && RTE_MBUF_DIRECT(m) && rte_mbuf_refcnt_read(m) == 1;
}

/** The calling thread's counter slot. */
static inline unsigned int
dps__proto_stat_slot(void)
{
	unsigned int lc = rte_lcore_id();

	return likely(lc < RTE_MAX_LCORE) ? lc : RTE_MAX_LCORE;
}

/**
 * Add to a per-lcore counter. A slot of an lcore has one writer (a plain
 * add, kept atomic for the lock-free readers); the shared last slot takes
 * an atomic add.
 */
static inline void
dps__proto_stat_add(uint64_t *c, unsigned int slot, uint64_t n)
{
	if (likely(slot < RTE_MAX_LCORE))
		__atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + n, __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(c, n, __ATOMIC_RELAXED);
}

/** Read a counter written by another thread. */
static inline uint64_t
dps__proto_stat_read(const uint64_t *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

/** Is @p ip (network order) 0.0.0.0, 255.255.255.255, multicast or loopback? */
static inline int
dps__proto_ipv4_special(uint32_t ip)
{
	uint32_t h = rte_be_to_cpu_32(ip);

	return h == 0 || h == UINT32_MAX || (h & 0xf0000000u) == 0xe0000000u || (h >> 24) == 127;
}

#endif /* DPS_PROTO_PRIVATE_H */
