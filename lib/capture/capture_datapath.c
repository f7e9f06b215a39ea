/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Capture on the workers (and on the control thread for its own sends):
 * each frame of the burst that passes the filter is copied, up to the snap
 * length, from the capture's own pool and put on its ring with the burst's
 * TSC. No lock, no system call, no wait: a copy the pool or the ring cannot
 * take is counted as dropped.
 */
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "capture_private.h"

static inline int
passes(const struct capture *c, struct rte_mbuf *m)
{
	if (c->bpf == NULL)
		return 1;
	if (c->jit != NULL)
		return c->jit(m) != 0;
	return rte_bpf_exec(c->bpf, m) != 0;
}

static void
capture_chunk(struct capture *c, uint32_t dir, uint16_t queue, struct rte_mbuf *const *pkts,
	uint16_t n, uint64_t tsc)
{
	struct rte_mbuf *copies[DPS_BURST];
	uint32_t len = c->snaplen != 0 ? c->snaplen : UINT32_MAX;
	uint64_t filtered = 0, dropped = 0;
	unsigned int k = 0, enq;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i], *mc;
		struct capture_meta *meta;

		if (!passes(c, m)) {
			filtered++;
			continue;
		}
		mc = rte_pktmbuf_copy(m, c->mp, 0, len);
		if (unlikely(mc == NULL)) {
			dropped++;
			continue;
		}
		meta = rte_mbuf_to_priv(mc);
		meta->tsc = tsc;
		meta->orig_len = rte_pktmbuf_pkt_len(m);
		meta->queue = queue;
		meta->dir = (uint8_t)dir;
		copies[k++] = mc;
	}
	enq = k > 0 ? rte_ring_mp_enqueue_burst(c->ring, (void **)copies, k, NULL) : 0;
	if (unlikely(enq < k)) {
		rte_pktmbuf_free_bulk(copies + enq, k - enq);
		dropped += k - enq;
	}
	__atomic_fetch_add(&c->seen, n, __ATOMIC_RELAXED);
	if (filtered)
		__atomic_fetch_add(&c->filtered, filtered, __ATOMIC_RELAXED);
	if (dropped)
		__atomic_fetch_add(&c->dropped, dropped, __ATOMIC_RELAXED);
	if (enq)
		__atomic_fetch_add(&c->captured, enq, __ATOMIC_RELAXED);
}

static void
capture_burst(void *ctx, struct dps_adapter *a, uint32_t dir, uint16_t queue,
	struct rte_mbuf *const *pkts, uint16_t n, uint64_t tsc)
{
	struct capture *c = ctx;

	RTE_SET_USED(a);
	/* the count is reached: the writer says so and the capture detaches soon */
	if (atomic_load_explicit(&c->limit_hit, memory_order_relaxed) != 0)
		return;
	while (n > 0) {
		uint16_t chunk = n > DPS_BURST ? DPS_BURST : n;

		capture_chunk(c, dir, queue, pkts, chunk, tsc);
		pkts += chunk;
		n = (uint16_t)(n - chunk);
	}
}

const struct dps_filter_ops dps__capture_filter_ops = {
	.name = "capture",
	.burst = capture_burst,
	.adapter_gone = dps__capture_adapter_gone,
};
