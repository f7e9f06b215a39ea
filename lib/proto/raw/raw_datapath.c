/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The raw protocol on the workers: each frame goes to every open whose
 * EtherTypes (behind at most two VLAN tags) and pcap filter match it, into
 * that open's bounded queue; a full queue drops its oldest frame. No lock,
 * no system call, no allocation (but the copies DPS_RX_F_RESOURCES asks for).
 */
#include <rte_ether.h>
#include <rte_mbuf.h>

#include "dps_ctrl_wake.h"
#include "raw_private.h"
#include "raw_ring.h"

static inline uint16_t
inner_type(const struct rte_mbuf *m)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	uint32_t off = sizeof(*eth);
	rte_be16_t t = eth->ether_type;

	/* dispatch has checked the tags: at most two, all within the segment */
	for (int i = 0;
		i < 2 && (t == RTE_BE16(RTE_ETHER_TYPE_VLAN) || t == RTE_BE16(RTE_ETHER_TYPE_QINQ));
		i++) {
		t = rte_pktmbuf_mtod_offset(m, const struct rte_vlan_hdr *, off)->eth_proto;
		off += sizeof(struct rte_vlan_hdr);
	}
	return rte_be_to_cpu_16(t);
}

static inline int
wants(const struct raw_open *o, uint16_t type)
{
	for (unsigned int i = 0; i < o->nb_types; i++)
		if (o->types[i] == type)
			return 1;
	return 0;
}

static inline int
filter_passes(const struct raw_open *o, struct rte_mbuf *m)
{
	if (o->bpf == NULL)
		return 1;
	if (o->jit != NULL)
		return o->jit(m) != 0;
	return rte_bpf_exec(o->bpf, m) != 0;
}

/* This open's own packet filter (the binding's is the union of the opens'). */
static inline int
open_accepts(const struct raw_open *o, const struct rte_ether_addr *dst,
	const struct rte_ether_addr *own)
{
	uint32_t f = __atomic_load_n(&o->filter, __ATOMIC_RELAXED);
	const struct raw_mcast *ml;

	if (f & DPS_FILTER_PROMISCUOUS)
		return 1;
	if (rte_is_broadcast_ether_addr(dst))
		return (f & DPS_FILTER_BROADCAST) != 0;
	if (rte_is_multicast_ether_addr(dst)) {
		if (f & DPS_FILTER_ALL_MULTICAST)
			return 1;
		if (!(f & DPS_FILTER_MULTICAST))
			return 0;
		ml = atomic_load_explicit(&o->mcast, memory_order_acquire);
		for (unsigned int i = 0; ml != NULL && i < ml->n; i++)
			if (rte_is_same_ether_addr(&ml->a[i], dst))
				return 1;
		return 0;
	}
	return (f & DPS_FILTER_DIRECTED) && rte_is_same_ether_addr(dst, own);
}

/* The caller holds one frame on the binding for @p m (see dps__raw_receive). */
static void
enqueue(struct raw_binding *rb, struct raw_open *o, struct rte_mbuf *m)
{
	void *old;

	for (int tries = 0; tries < 4; tries++) {
		if (rte_ring_mp_enqueue(o->q, m) == 0)
			return;
		/* full: the oldest frame makes room */
		if (rte_ring_mc_dequeue(o->q, &old) == 0) {
			rte_pktmbuf_free(old);
			__atomic_fetch_add(&o->dropped, 1, __ATOMIC_RELAXED);
			dps_binding_release(rb->b, 1);
		}
	}
	rte_pktmbuf_free(m);
	__atomic_fetch_add(&o->dropped, 1, __ATOMIC_RELAXED);
	dps_binding_release(rb->b, 1);
}

static inline unsigned int
set_len(const struct raw_open_set *set)
{
	return set == NULL ? 0 : set->n;
}

void
dps__raw_receive(
	struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	struct raw_binding *rb = ctx;
	const struct raw_open_set *set = atomic_load_explicit(&rb->set, memory_order_acquire);
	const struct rte_ether_addr *own = &dps_binding_params(b)->mac;
	int copy = (flags & DPS_RX_F_RESOURCES) != 0;

	uint32_t held = (uint32_t)n * set_len(set), queued = 0;
	unsigned int slot, rings = 0;
	uint64_t ts = 0;

	if (held == 0) {
		rte_pktmbuf_free_bulk(pkts, n);
		return;
	}
	/* one atomic per burst: hold as many as could be queued, give back the
	 * rest at the end (holding first, so a reader never releases before) */
	dps_binding_hold(b, held);
	slot = dps_proto_stat_slot();
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct rte_ether_addr *dst =
			&rte_pktmbuf_mtod(m, const struct rte_ether_hdr *)->dst_addr;
		uint16_t type = inner_type(m);
		int kept = 0;

		for (unsigned int k = 0; k < set->n; k++) {
			struct raw_open *o = set->o[k];
			struct raw_ring *r;
			struct rte_mbuf *x;

			if (!wants(o, type) || !open_accepts(o, dst, own))
				continue;
			if (!filter_passes(o, m)) {
				__atomic_fetch_add(&o->filtered, 1, __ATOMIC_RELAXED);
				continue;
			}
			__atomic_fetch_add(&o->received, 1, __ATOMIC_RELAXED);
			r = atomic_load_explicit(&o->ring, memory_order_acquire);
			if (r != NULL && r->p.rx_slots > 0) {
				/* copied into the client's ring: no mbuf kept */
				dps__raw_ring_rx(r, m, slot, 0, &ts);
				rings = 1;
				continue;
			}
			if (copy) {
				/* the pool is low: keep copies, give the frame back now */
				x = rte_pktmbuf_copy(m, dps_binding_params(b)->pool, 0, UINT32_MAX);
				if (x == NULL) {
					__atomic_fetch_add(&o->dropped, 1, __ATOMIC_RELAXED);
					continue;
				}
			} else {
				/* one reference per open: a shared frame is read-only */
				if (kept)
					rte_pktmbuf_refcnt_update(m, 1);
				x = m;
				kept = 1;
			}
			enqueue(rb, o, x);
			queued++;
		}
		if (copy || !kept)
			rte_pktmbuf_free(m);
	}
	if (held > queued)
		dps_binding_release(b, held - queued);
	/* publish the rings' frames once per burst, wake sleeping clients */
	for (unsigned int k = 0; rings && k < set->n; k++) {
		struct raw_ring *r = atomic_load_explicit(&set->o[k]->ring, memory_order_acquire);

		if (r != NULL)
			dps__raw_ring_rx_flush(r, slot);
	}
	/* a client's pending receive is served by the control thread: wake it
	 * if it sleeps (once per burst; no system call while it is awake) */
	if (queued > 0)
		dps_ctrl_wake();
}

void
dps__raw_flush(struct raw_open *o)
{
	void *m;

	while (o->q != NULL && rte_ring_mc_dequeue(o->q, &m) == 0) {
		rte_pktmbuf_free(m);
		if (o->rb != NULL)
			dps_binding_release(o->rb->b, 1);
	}
}
