/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Runs on workers (and on the control thread for its own sends): dispatch
 * of received bursts, sends, tx buffer flushes. No lock, no system call,
 * no allocation; the dispatch table pointer is read once per burst.
 */
#include <string.h>

#include <rte_ethdev.h>
#include <rte_prefetch.h>

#include "binding_private.h"
#include "dps_dispatch.h"
#include "dps_fault.h"
#include "dps_filter.h"
#include "dps_status.h"

static const rte_be16_t be_vlan = RTE_BE16(RTE_ETHER_TYPE_VLAN);
static const rte_be16_t be_qinq = RTE_BE16(RTE_ETHER_TYPE_QINQ);

int
dps__filter_accepts(const struct dps_binding *b, uint32_t filter, const struct rte_ether_addr *own,
	const struct rte_ether_addr *dst)
{
	const struct dps_mcast_list *ml;

	if (filter & DPS_FILTER_PROMISCUOUS)
		return 1;
	if (rte_is_broadcast_ether_addr(dst))
		return (filter & DPS_FILTER_BROADCAST) != 0;
	if (rte_is_multicast_ether_addr(dst)) {
		if (filter & DPS_FILTER_ALL_MULTICAST)
			return 1;
		if (!(filter & DPS_FILTER_MULTICAST))
			return 0;
		ml = atomic_load_explicit(&b->mcast, memory_order_acquire);
		for (unsigned int i = 0; ml != NULL && i < ml->n; i++)
			if (rte_is_same_ether_addr(&ml->addr[i], dst))
				return 1;
		return 0;
	}
	return (filter & DPS_FILTER_DIRECTED) && rte_is_same_ether_addr(own, dst);
}

/*
 * dps__filter_accepts() with the common case first: a frame to the
 * adapter's own (unicast) address, which the directed and promiscuous
 * filters take; the rest (broadcast, multicast, someone else's) out of line.
 */
static inline int
filter_accepts(const struct dps_binding *b, uint32_t filter, const struct rte_ether_addr *own,
	const struct rte_ether_addr *dst)
{
	if (likely(rte_is_same_ether_addr(own, dst)))
		return (filter & (DPS_FILTER_DIRECTED | DPS_FILTER_PROMISCUOUS)) != 0;
	return dps__filter_accepts(b, filter, own, dst);
}

static inline const struct dps_dispatch_entry *
table_find(const struct dps_dispatch_table *t, rte_be16_t type)
{
	for (unsigned int i = 0; i < t->nb_entries; i++)
		if (t->e[i].ethertype == type)
			return &t->e[i];
	return NULL;
}

/* How many frames ahead dispatch prefetches the first cache line of a frame. */
#define DISPATCH_PREFETCH 8

/* Pass 1's entry for a frame dropped before lookup (runt, bad tags). */
static const struct dps_dispatch_entry rejected;

/* Why pass 1 of dispatch dropped a frame (no entry). */
enum drop_why { DROP_RUNT = 1, DROP_VLAN_TRUNCATED, DROP_TOO_MANY_VLANS };

/*
 * The EtherType behind one or two tags (cold: most frames carry none).
 * @return the type, or 0 with *why set when the tags are cut short or too many.
 */
static __rte_noinline rte_be16_t
tagged_type(const struct rte_mbuf *m, enum drop_why *why)
{
	uint32_t off = sizeof(struct rte_ether_hdr);
	rte_be16_t type = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *)->ether_type;

	for (unsigned int tags = 0; type == be_vlan || type == be_qinq; tags++) {
		const struct rte_vlan_hdr *vh;

		if (tags == 2) {
			*why = DROP_TOO_MANY_VLANS;
			return 0;
		}
		if (rte_pktmbuf_data_len(m) < off + sizeof(struct rte_vlan_hdr)) {
			*why = DROP_VLAN_TRUNCATED;
			return 0;
		}
		vh = rte_pktmbuf_mtod_offset(m, const struct rte_vlan_hdr *, off);
		type = vh->eth_proto;
		off += sizeof(struct rte_vlan_hdr);
	}
	return type;
}

/* The whole chunk to the one catch-all binding; runts (no Ethernet header) dropped. */
static void
deliver_all(const struct dps_dispatch_table *t, struct rte_mbuf **pkts, uint16_t n,
	uint32_t rx_flags, struct dps_adapter_lcore_stats *st, unsigned int slot)
{
	struct dps_binding *b = t->slot_binding[t->catch_all.t[0].slot];
	struct rte_mbuf *keep[DPS_BURST], *drop[DPS_BURST];
	uint16_t nb_keep = 0, nb_drop = 0;
	unsigned int runts = 0;

	/* a look at every length first (runts are rare): the chunk is then
	 * delivered as it came, without being sorted */
	for (uint16_t i = 0; i < n; i++)
		runts |= rte_pktmbuf_data_len(pkts[i]) < sizeof(struct rte_ether_hdr);
	if (likely(runts == 0)) {
		b->lc[slot].rx_frames += n;
		b->lc[slot].rx_calls++;
		b->ops->receive(b, b->ctx, pkts, n, rx_flags);
		return;
	}
	for (uint16_t i = 0; i < n; i++) {
		if (rte_pktmbuf_data_len(pkts[i]) < sizeof(struct rte_ether_hdr))
			drop[nb_drop++] = pkts[i];
		else
			keep[nb_keep++] = pkts[i];
	}
	rte_pktmbuf_free_bulk(drop, nb_drop);
	st->rx_runt += nb_drop;
	if (nb_keep == 0)
		return;
	b->lc[slot].rx_frames += nb_keep;
	b->lc[slot].rx_calls++;
	b->ops->receive(b, b->ctx, keep, nb_keep, rx_flags);
}

/*
 * A chunk whose frames all go to one binding, the only one of their
 * EtherType (ipv4 answering echo requests): its packet filter, then the
 * chunk itself when it takes every frame, with no batch to build.
 */
static void
deliver_one(struct dps_adapter *a, const struct dps_dispatch_table *t,
	const struct dps_dispatch_target *tg, struct rte_mbuf **pkts, uint16_t n, uint32_t rx_flags,
	struct dps_adapter_lcore_stats *st, unsigned int slot)
{
	struct dps_binding *b = t->slot_binding[tg->slot];
	struct rte_mbuf *keep[DPS_BURST], *drop[DPS_BURST];
	uint16_t nb_keep = 0, nb_drop = 0;

	for (uint16_t i = 0; i < n; i++) {
		const struct rte_ether_addr *dst =
			&rte_pktmbuf_mtod(pkts[i], const struct rte_ether_hdr *)->dst_addr;

		if (likely(filter_accepts(tg->b, tg->filter, &a->mac, dst)))
			keep[nb_keep++] = pkts[i];
		else
			drop[nb_drop++] = pkts[i];
	}
	if (unlikely(nb_drop > 0)) {
		rte_pktmbuf_free_bulk(drop, nb_drop);
		st->rx_filtered += nb_drop;
		if (nb_keep == 0)
			return;
	}
	b->lc[slot].rx_frames += nb_keep;
	b->lc[slot].rx_calls++;
	b->ops->receive(b, b->ctx, nb_drop == 0 ? pkts : keep, nb_keep, rx_flags);
}

/*
 * Two passes over a chunk, each with few live values: (1) classify every
 * frame to its table entry (or why it is dropped), looking the table up only
 * when the EtherType differs from the previous frame's; (2) apply the
 * bindings' packet filters and batch. Dropped frames are freed in one bulk
 * call, counters added once per chunk.
 */
static void
dispatch_chunk(struct dps_adapter *a, const struct dps_dispatch_table *t, struct rte_mbuf **pkts,
	uint16_t n, uint32_t rx_flags, struct dps_adapter_lcore_stats *st, unsigned int slot)
{
	const struct dps_dispatch_entry *ent[DPS_BURST];
	struct rte_mbuf *batch[DPS_DISPATCH_MAX_BINDINGS][DPS_BURST];
	uint16_t cnt[DPS_DISPATCH_MAX_BINDINGS] = {0};
	struct rte_mbuf *drop[DPS_BURST];
	uint32_t why_count[4] = {0};
	uint32_t unclaimed = 0, filtered = 0;
	unsigned int nb_drop = 0;
	uint32_t shared = 0; /* bit per slot */
	const struct dps_dispatch_entry *last_e = NULL;
	uint32_t last_type = UINT32_MAX; /* no EtherType: the first frame looks up */
	unsigned int lookups = 0;

	/* one promiscuous catch-all binding and nothing else (xconnect): the
	 * frames are its, whatever they carry; no need to read them */
	if (t->nb_entries == 0 && t->catch_all.nb == 1 &&
		(t->catch_all.t[0].filter & DPS_FILTER_PROMISCUOUS)) {
		deliver_all(t, pkts, n, rx_flags, st, slot);
		return;
	}
	for (uint16_t i = 0; i < n && i < DISPATCH_PREFETCH; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
	for (uint16_t i = 0; i < n; i++) {
		const struct rte_mbuf *m = pkts[i];
		uint32_t type;

		if (i + DISPATCH_PREFETCH < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + DISPATCH_PREFETCH], void *));
		if (unlikely(rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr))) {
			why_count[DROP_RUNT]++;
			ent[i] = &rejected;
			continue;
		}
		type = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *)->ether_type;
		/* the previous frame's EtherType (a tag's only with the mux, below):
		 * nothing else to test */
		if (likely(type == last_type)) {
			ent[i] = last_e;
			unclaimed += last_e == NULL;
			continue;
		}
		/* with the vlan mux on the adapter (outer_vlan), an 802.1Q frame is
		 * the mux's: classified by its outer tag */
		if (unlikely(type == be_vlan || type == be_qinq) &&
			(type != be_vlan || !t->outer_vlan)) {
			enum drop_why why = 0;

			type = tagged_type(m, &why);
			if (why != 0) {
				/* the tag limit is the EtherType bindings'; a catch-all
				 * binding takes the frame whatever it carries */
				if (unlikely(t->catch_all.nb != 0)) {
					ent[i] = NULL;
					continue;
				}
				why_count[why]++;
				ent[i] = &rejected;
				continue;
			}
		}
		if (type != last_type) {
			last_type = type;
			last_e = table_find(t, (rte_be16_t)type);
			lookups++;
		}
		ent[i] = last_e;
		if (last_e == NULL)
			unclaimed++;
	}
	if (unlikely(t->catch_all.nb != 0))
		unclaimed = 0; /* the catch-all bindings take them, or their filters count them */
	/* a chunk of one EtherType nobody wants (rxonly): freed as it came */
	if (unclaimed == n && lookups == 1) {
		rte_pktmbuf_free_bulk(pkts, n);
		st->rx_unclaimed += n;
		return;
	}
	/* a chunk of one EtherType that one binding takes, nothing dropped in
	 * pass 1 and no catch-all binding: no per-frame entry to look at */
	if (lookups == 1 && last_e != NULL && last_e->nb == 1 && t->catch_all.nb == 0 &&
		(why_count[DROP_RUNT] | why_count[DROP_VLAN_TRUNCATED] |
			why_count[DROP_TOO_MANY_VLANS]) == 0) {
		deliver_one(a, t, &last_e->t[0], pkts, n, rx_flags, st, slot);
		return;
	}

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct dps_dispatch_entry *e = ent[i];
		const struct rte_ether_addr *dst;
		uint8_t slots[2 * DPS_DISPATCH_MAX_TARGETS]; /* its EtherType's and catch-all */
		unsigned int match = 0;

		if (unlikely(e == &rejected)) {
			drop[nb_drop++] = m;
			continue;
		}
		if (e == NULL) {
			if (likely(t->catch_all.nb == 0)) {
				drop[nb_drop++] = m;
				continue;
			}
			e = &t->catch_all; /* nobody's EtherType: the catch-all bindings' */
		}
		dst = &rte_pktmbuf_mtod(m, const struct rte_ether_hdr *)->dst_addr;
		for (unsigned int k = 0; k < e->nb; k++)
			if (filter_accepts(e->t[k].b, e->t[k].filter, &a->mac, dst))
				slots[match++] = e->t[k].slot;
		if (unlikely(t->catch_all.nb != 0) && e != &t->catch_all) {
			const struct dps_dispatch_entry *c = &t->catch_all;

			for (unsigned int k = 0; k < c->nb; k++)
				if (filter_accepts(c->t[k].b, c->t[k].filter, &a->mac, dst))
					slots[match++] = c->t[k].slot;
		}
		if (match == 0) {
			filtered++;
			drop[nb_drop++] = m;
			continue;
		}
		if (match > 1) {
			rte_pktmbuf_refcnt_update(m, (int16_t)(match - 1));
			for (unsigned int k = 0; k < match; k++)
				shared |= 1u << slots[k];
		}
		for (unsigned int k = 0; k < match; k++)
			batch[slots[k]][cnt[slots[k]]++] = m;
	}

	if (nb_drop > 0) {
		rte_pktmbuf_free_bulk(drop, nb_drop);
		st->rx_runt += why_count[DROP_RUNT];
		st->rx_vlan_truncated += why_count[DROP_VLAN_TRUNCATED];
		st->rx_too_many_vlans += why_count[DROP_TOO_MANY_VLANS];
		st->rx_unclaimed += unclaimed;
		st->rx_filtered += filtered;
		if (nb_drop == n)
			return;
	}
	for (unsigned int s = 0; s < t->nb_slots; s++) {
		struct dps_binding *b;
		uint32_t flags;

		if (cnt[s] == 0)
			continue;
		b = t->slot_binding[s];
		flags = rx_flags | ((shared >> s) & 1u ? DPS_RX_F_SHARED : 0);
		b->lc[slot].rx_frames += cnt[s];
		b->lc[slot].rx_calls++;
		b->ops->receive(b, b->ctx, batch[s], cnt[s], flags);
	}
}

/*
 * Filter modules (lib/filter), cold: called only when one is attached. They
 * see the received burst before classification, in the order they were
 * attached, with the burst's TSC.
 */
static __rte_noinline void
filters_rx(struct dps_adapter *a, const struct dps_filter_chain *fc, struct rte_mbuf **pkts,
	uint16_t n)
{
	uint64_t tsc = rte_rdtsc();

	for (unsigned int i = 0; i < fc->n; i++)
		if (fc->m[i].dirs & DPS_FILTER_RX)
			fc->m[i].ops->burst(fc->m[i].ctx, a, DPS_FILTER_RX, 0, pkts, n, tsc);
}

void
dps_dispatch_burst(struct dps_adapter *a, struct rte_mbuf **pkts, uint16_t n, uint32_t rx_flags)
{
	const struct dps_dispatch_table *t =
		atomic_load_explicit(&a->dispatch, memory_order_acquire);
	unsigned int slot = dps_lcore_slot();
	struct dps_adapter_lcore_stats *st = &a->stats[slot];
	const struct dps_filter_chain *fc = atomic_load_explicit(&a->filters, memory_order_acquire);

	if (unlikely(fc != NULL))
		filters_rx(a, fc, pkts, n);
	st->rx += n;
	if (unlikely(t == NULL)) {
		st->rx_unclaimed += n;
		rte_pktmbuf_free_bulk(pkts, n);
		return;
	}
	while (n > 0) {
		uint16_t chunk = n > DPS_BURST ? DPS_BURST : n;

		dispatch_chunk(a, t, pkts, chunk, rx_flags, st, slot);
		pkts += chunk;
		n -= chunk;
	}
}

static inline uint16_t
tx_burst_retry(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t sent = 0;

	/* a few retries absorb a momentarily full ring; never spin forever */
	for (int tries = 0; sent < n && tries < 4; tries++)
		sent += dps_fault(DPS_FAULT_TX_BURST)
				? 0
				: rte_eth_tx_burst(port, queue, pkts + sent, (uint16_t)(n - sent));
	return sent;
}

/* One more (or one fewer) reference on every segment of each frame. */
static void
refs_update(struct rte_mbuf **pkts, uint16_t n, int16_t v)
{
	for (uint16_t i = 0; i < n; i++)
		for (struct rte_mbuf *s = pkts[i]; s != NULL; s = s->next)
			rte_mbuf_refcnt_update(s, v);
}

/*
 * Filter modules that watch tx, cold: they see the frames the PMD took,
 * after it took them. A reference of our own keeps each frame's data alive
 * across the PMD's free (net_tap frees in tx_burst); the frames it did not
 * take go back to the caller as they came.
 */
static __rte_noinline uint16_t
tx_burst_filtered(struct dps_adapter *a, const struct dps_filter_chain *fc, uint16_t queue,
	struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t sent;
	uint64_t tsc;

	refs_update(pkts, n, 1);
	sent = tx_burst_retry(a->port_id, queue, pkts, n);
	tsc = rte_rdtsc();
	if (sent > 0) {
		for (unsigned int i = 0; i < fc->n; i++)
			if (fc->m[i].dirs & DPS_FILTER_TX)
				fc->m[i].ops->burst(
					fc->m[i].ctx, a, DPS_FILTER_TX, queue, pkts, sent, tsc);
		rte_pktmbuf_free_bulk(pkts, sent); /* our references */
	}
	if (sent < n)
		refs_update(pkts + sent, (uint16_t)(n - sent), -1);
	return sent;
}

static uint16_t
tx_burst_all(struct dps_adapter *a, uint16_t queue, struct rte_mbuf **pkts, uint16_t n)
{
	const struct dps_filter_chain *fc = atomic_load_explicit(&a->filters, memory_order_acquire);

	if (unlikely(fc != NULL) && (fc->dirs & DPS_FILTER_TX))
		return tx_burst_filtered(a, fc, queue, pkts, n);
	return tx_burst_retry(a->port_id, queue, pkts, n);
}

static void
complete(struct dps_binding *b, unsigned int slot, uint16_t taken, uint16_t n)
{
	if (unlikely(b->adapter->lower != NULL)) {
		/* a virtual adapter's frames went out of its lower adapter's queue */
		b->adapter->stats[slot].tx += taken;
		b->adapter->stats[slot].tx_dropped += (uint16_t)(n - taken);
	}
	b->lc[slot].tx_frames += taken;
	b->lc[slot].tx_dropped += (uint16_t)(n - taken);
	if (b->ops->send_complete != NULL)
		b->ops->send_complete(b, b->ctx, taken, n, taken == n ? DPS_OK : DPS_E_RESOURCES);
}

/* Frames handed over to this queue's owner: send them (the senders had
 * their completions when the ring took them). */
static void
flush_handoff(struct dps_adapter *a, uint16_t queue, struct dps_adapter_lcore_stats *st)
{
	struct rte_mbuf *pkts[DPS_BURST];
	unsigned int n;
	uint16_t sent;

	n = rte_ring_sc_dequeue_burst(a->handoff[queue], (void **)pkts, DPS_BURST, NULL);
	if (n == 0)
		return;
	sent = tx_burst_all(a, queue, pkts, (uint16_t)n);
	if (unlikely(sent < n))
		rte_pktmbuf_free_bulk(pkts + sent, n - sent);
	st->tx += sent;
	st->tx_dropped += n - sent;
}

/* A sender without a queue: the ring takes what it can; the rest is dropped. */
static uint16_t
hand_over(struct dps_adapter *a, uint16_t target, struct rte_mbuf **pkts, uint16_t n)
{
	return (uint16_t)rte_ring_mp_enqueue_burst(a->handoff[target], (void **)pkts, n, NULL);
}

void
dps_dispatch_tx_flush(struct dps_adapter *a)
{
	unsigned int slot = dps_lcore_slot();
	struct dps_txbuf *tb = slot < RTE_MAX_LCORE ? a->txbuf[slot] : NULL;
	struct dps_adapter_lcore_stats *st = &a->stats[slot];
	struct dps_binding *segb[DPS_TXBUF_SIZE];
	uint16_t segn[DPS_TXBUF_SIZE];
	uint16_t n, nb_seg, sent, off = 0;

	if (tb == NULL)
		return;
	if (tb->queue != DPS_TXQ_HANDOFF && a->handoff[tb->queue] != NULL)
		flush_handoff(a, tb->queue, st);
	if (tb->n == 0)
		return;
	/* sent straight from the buffer (nothing calls back into it before the
	 * completions), which is emptied before them: send_complete may send again */
	n = tb->n;
	if (tb->queue == DPS_TXQ_HANDOFF) {
		sent = hand_over(a, tb->target, tb->pkts, n);
		if (unlikely(sent < n)) {
			rte_pktmbuf_free_bulk(tb->pkts + sent, (unsigned int)(n - sent));
			st->tx_dropped += (uint16_t)(n - sent);
		}
	} else {
		sent = tx_burst_all(a, tb->queue, tb->pkts, n);
		if (unlikely(sent < n))
			rte_pktmbuf_free_bulk(tb->pkts + sent, (unsigned int)(n - sent));
		st->tx += sent;
		st->tx_dropped += (uint16_t)(n - sent);
	}
	nb_seg = tb->nb_seg;
	for (uint16_t s = 0; s < nb_seg; s++) {
		segb[s] = tb->seg[s].b;
		segn[s] = tb->seg[s].n;
	}
	tb->n = 0;
	tb->nb_seg = 0;

	for (uint16_t s = 0; s < nb_seg; s++) {
		struct dps_binding *b = segb[s];
		uint16_t taken = sent > off ? (uint16_t)RTE_MIN(sent - off, segn[s]) : 0;

		complete(b, slot, taken, segn[s]);
		/* one writer per slot (this worker): no locked read-modify-write */
		__atomic_store_n(&b->lc[slot].inflight,
			__atomic_load_n(&b->lc[slot].inflight, __ATOMIC_RELAXED) - segn[s],
			__ATOMIC_RELEASE);
		off = (uint16_t)(off + segn[s]);
	}
}

static int
send_buffered(struct dps_binding *b, struct dps_adapter *a, struct dps_txbuf *tb,
	struct rte_mbuf **pkts, uint16_t n, unsigned int slot)
{
	while (n > 0) {
		uint16_t room = (uint16_t)(DPS_TXBUF_SIZE - tb->n), chunk;

		if (room == 0) {
			dps_dispatch_tx_flush(a);
			continue;
		}
		chunk = n < room ? n : room;
		memcpy(&tb->pkts[tb->n], pkts, chunk * sizeof(pkts[0]));
		tb->n = (uint16_t)(tb->n + chunk);
		if (tb->nb_seg > 0 && tb->seg[tb->nb_seg - 1].b == b) {
			tb->seg[tb->nb_seg - 1].n = (uint16_t)(tb->seg[tb->nb_seg - 1].n + chunk);
		} else {
			tb->seg[tb->nb_seg].b = b;
			tb->seg[tb->nb_seg].n = chunk;
			tb->nb_seg++;
		}
		__atomic_store_n(&b->lc[slot].inflight,
			__atomic_load_n(&b->lc[slot].inflight, __ATOMIC_RELAXED) + chunk,
			__ATOMIC_RELAXED);
		pkts += chunk;
		n = (uint16_t)(n - chunk);
	}
	return DPS_OK;
}

static int send_on(struct dps_binding *b, struct dps_adapter *a, struct rte_mbuf **pkts, uint16_t n,
	unsigned int slot);

/*
 * A virtual adapter's send (the vlan mux, DESIGN.md 10): each frame gets the
 * adapter's 802.1Q tag (its priority bits from m->vlan_tci, which a reply
 * built from a received frame keeps), by the lower port where it offers
 * VLAN_INSERT, else in software (rte_vlan_insert; a frame that is shared
 * or has no headroom is copied first), then leaves through the lower
 * adapter's queues. Frames that cannot be tagged (no mbuf for the copy)
 * are freed and counted as tx_dropped of the virtual adapter.
 */
static __rte_noinline int
vlan_send(struct dps_binding *b, struct rte_mbuf **pkts, uint16_t n, unsigned int slot)
{
	struct dps_adapter *v = b->adapter;
	int st = atomic_load_explicit(&b->state, memory_order_acquire);
	uint16_t kept = 0, dropped = 0;

	if (st != DPS_BINDING_RUNNING && st != DPS_BINDING_PAUSING) {
		__atomic_fetch_add(&b->lc[slot].tx_refused, n, __ATOMIC_RELAXED);
		return DPS_E_NOT_READY; /* untouched: the caller keeps them */
	}
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		m->vlan_tci = (uint16_t)((m->vlan_tci & 0xe000u) | v->vlan_tci);
		if (v->tx_vlan_hw) {
			m->ol_flags |= RTE_MBUF_F_TX_VLAN;
		} else if (rte_vlan_insert(&m) != 0) {
			struct rte_mbuf *c = rte_pktmbuf_copy(m, v->pool, 0, UINT32_MAX);

			if (c != NULL) {
				c->vlan_tci = m->vlan_tci;
				if (rte_vlan_insert(&c) != 0) {
					rte_pktmbuf_free(c);
					c = NULL;
				}
			}
			rte_pktmbuf_free(m);
			if (c == NULL) {
				dropped++;
				continue;
			}
			m = c;
		}
		pkts[kept++] = m;
	}
	if (unlikely(dropped > 0))
		__atomic_fetch_add(&v->stats[slot].tx_dropped, dropped, __ATOMIC_RELAXED);
	if (kept == 0) {
		if (b->ops->send_complete != NULL)
			b->ops->send_complete(b, b->ctx, 0, n, DPS_E_RESOURCES);
		return DPS_OK;
	}
	return send_on(b, v->lower, pkts, kept, slot);
}

int
dps_binding_send(struct dps_binding *b, struct rte_mbuf **pkts, uint16_t n)
{
	unsigned int slot = dps_lcore_slot();

	if (b == NULL || pkts == NULL || n == 0)
		return DPS_E_INVALID_PARAMETER;
	if (unlikely(b->adapter->lower != NULL))
		return vlan_send(b, pkts, n, slot);
	return send_on(b, b->adapter, pkts, n, slot);
}

/* Send @p b's frames on adapter @p a's queues (@p b's own, or its lower adapter's). */
static int
send_on(struct dps_binding *b, struct dps_adapter *a, struct rte_mbuf **pkts, uint16_t n,
	unsigned int slot)
{
	struct dps_txbuf *tb;
	int st;
	uint16_t sent;

	tb = slot < RTE_MAX_LCORE ? a->txbuf[slot] : NULL;
	if (tb != NULL) {
		st = atomic_load_explicit(&b->state, memory_order_acquire);
		if (unlikely(st != DPS_BINDING_RUNNING && st != DPS_BINDING_PAUSING)) {
			b->lc[slot].tx_refused += n;
			return DPS_E_NOT_READY;
		}
		return send_buffered(b, a, tb, pkts, n, slot);
	}

	/* not a worker: the control tx queue, completed before returning */
	atomic_fetch_add(&b->ctrl_inflight, 1);
	st = atomic_load_explicit(&b->state, memory_order_acquire);
	if (st != DPS_BINDING_RUNNING && st != DPS_BINDING_PAUSING) {
		atomic_fetch_sub(&b->ctrl_inflight, 1);
		__atomic_fetch_add(&b->lc[slot].tx_refused, n, __ATOMIC_RELAXED);
		return DPS_E_NOT_READY;
	}
	rte_spinlock_lock(&a->ctrl_tx_lock);
	if (a->ctrl_txq == DPS_TXQ_HANDOFF) {
		/* queue 0's owner sends them; the ring's acceptance completes the send */
		sent = hand_over(a, 0, pkts, n);
	} else {
		sent = tx_burst_all(a, a->ctrl_txq, pkts, n);
		__atomic_fetch_add(&a->stats[slot].tx, sent, __ATOMIC_RELAXED);
	}
	__atomic_fetch_add(&a->stats[slot].tx_dropped, n - sent, __ATOMIC_RELAXED);
	__atomic_fetch_add(&b->lc[slot].tx_frames, sent, __ATOMIC_RELAXED);
	__atomic_fetch_add(&b->lc[slot].tx_dropped, n - sent, __ATOMIC_RELAXED);
	if (b->adapter != a) {
		__atomic_fetch_add(&b->adapter->stats[slot].tx, sent, __ATOMIC_RELAXED);
		__atomic_fetch_add(&b->adapter->stats[slot].tx_dropped, n - sent, __ATOMIC_RELAXED);
	}
	rte_spinlock_unlock(&a->ctrl_tx_lock);
	if (sent < n)
		rte_pktmbuf_free_bulk(pkts + sent, (unsigned int)(n - sent));
	if (b->ops->send_complete != NULL)
		b->ops->send_complete(b, b->ctx, sent, n, sent == n ? DPS_OK : DPS_E_RESOURCES);
	atomic_fetch_sub(&b->ctrl_inflight, 1);
	return DPS_OK;
}

void
dps_binding_hold(struct dps_binding *b, uint32_t n)
{
	if (b != NULL)
		atomic_fetch_add(&b->held, n);
}

void
dps_binding_release(struct dps_binding *b, uint32_t n)
{
	if (b != NULL)
		atomic_fetch_sub(&b->held, n);
}
