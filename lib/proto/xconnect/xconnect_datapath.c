/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * xconnect on the datapath (workers): a burst received on X goes, as it
 * is, into the peer binding's send (the worker's tx buffer of Y); the
 * completion credits X's counters. No copy, no lock, no allocation; one
 * counter row lookup per call.
 */
#include <rte_mbuf.h>

#include "dps_status.h"
#include "xconnect_private.h"

void
dps__xc_receive(
	struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	struct dps__xc_binding *x = ctx;
	struct dps_binding *peer = atomic_load_explicit(&x->peer, memory_order_acquire);
	unsigned int slot = dps_proto_stat_slot();

	RTE_SET_USED(b);
	RTE_SET_USED(flags); /* shared frames are only read (sent as they are) */
	dps__xc_count(x, slot, DPS__XC_STAT_RX, n);
	/* a peer that is not Running refuses: the frames are still ours */
	if (unlikely(peer == NULL) || unlikely(dps_binding_send(peer, pkts, n) != DPS_OK)) {
		rte_pktmbuf_free_bulk(pkts, n);
		dps__xc_count(x, slot, DPS__XC_STAT_DROP_PEER_DOWN, n);
	}
}

/* On the peer Y: @p sent of @p n frames that came from X were taken. */
void
dps__xc_send_complete(struct dps_binding *b, void *ctx, uint16_t sent, uint16_t n, int status)
{
	struct dps__xc_binding *y = ctx;
	struct dps_binding *from = atomic_load_explicit(&y->peer, memory_order_acquire);
	struct dps__xc_binding *x;
	unsigned int slot;

	RTE_SET_USED(b);
	RTE_SET_USED(status);
	/* X unbinding clears y->peer and waits a grace period: a completion
	 * that still sees X runs before X's counters go */
	if (unlikely(from == NULL))
		return;
	x = dps_binding_ctx(from);
	slot = dps_proto_stat_slot();
	dps__xc_count(x, slot, DPS__XC_STAT_FORWARDED, sent);
	if (unlikely(sent < n))
		dps__xc_count(x, slot, DPS__XC_STAT_DROP_TX_FULL, (uint64_t)(n - sent));
}
