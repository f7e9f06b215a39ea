/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared-memory rings on the workers (layout: lib/ipc/dps_ring.h).
 *
 * Receive: each frame for a ring open is copied into this thread's
 * sub-ring (one producer per sub-ring: a worker has its own, the threads
 * that are not workers share the last one under a spinlock), published once
 * per burst, and the client woken only when it said it sleeps.
 *
 * Send: the ring's one consumer (the lcore chosen at setup) reads the
 * client's head as untrusted (a head behind the tail or more than the ring
 * ahead is counted, not followed), copies each frame into an mbuf before it
 * checks it (the client may rewrite the slot meanwhile), and sends what
 * passes.
 *
 * Stack-side writes go to memory A only; memory B is mapped read-only.
 * No allocation; one system call: the eventfd write of a wakeup.
 */
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>

#include "raw_ring.h"

struct raw_ring_list *_Atomic dps__raw_tx_lists[RTE_MAX_LCORE];
uint8_t dps__raw_sub_of_slot[RTE_MAX_LCORE + 1];

#define TX_BURST 32

static inline struct dps_ring_rx_prod *
rx_prod(struct raw_ring *r, unsigned int s)
{
	return (struct dps_ring_rx_prod *)(r->a + r->l.rx_prod) + s;
}

static inline const uint64_t *
rx_tail(const struct raw_ring *r, unsigned int s)
{
	return (const uint64_t *)(r->b + r->l.rx_cons + 64 * (uint64_t)s);
}

static inline const struct dps_ring_client *
client_words(const struct raw_ring *r)
{
	return (const struct dps_ring_client *)(r->b + r->l.client);
}

static inline void
counter_store(uint64_t *c, uint64_t v)
{
	__atomic_store_n(c, v, __ATOMIC_RELAXED);
}

static inline void
wake(int efd)
{
	uint64_t one = 1;

	/* EFD_NONBLOCK: a counter at its maximum cannot block the worker */
	if (write(efd, &one, sizeof(one)) < 0)
		return;
}

static inline uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts); /* vDSO: no system call */
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void
dps__raw_ring_rx(
	struct raw_ring *r, struct rte_mbuf *m, unsigned int slot, uint32_t rflags, uint64_t *ts)
{
	unsigned int s = dps__raw_sub_of_slot[slot < RTE_MAX_LCORE ? slot : RTE_MAX_LCORE];
	struct raw_ring_sub *st = &r->sub[s];
	uint32_t cap = r->p.rx_slot_size - DPS_RING_RX_SLOT_HDR;
	uint32_t orig = rte_pktmbuf_pkt_len(m), len = orig < cap ? orig : cap;
	struct dps_ring_rx_slot *sl;
	uint8_t *data;
	const void *src;
	uint64_t tail, h;
	int shared = s == r->p.nb_sub - 1;

	if (unlikely(r->p.rx_slots == 0))
		return;
	if (unlikely(shared))
		rte_spinlock_lock(&r->shared_lock);
	h = st->head + st->pending;
	st->received++;
	/* the client's tail is untrusted: behind, ahead or garbage, the slot
	 * written is h modulo the ring, inside it */
	tail = __atomic_load_n(rx_tail(r, s), __ATOMIC_ACQUIRE);
	if (h - tail >= r->p.rx_slots) {
		st->dropped++;
		if (r->p.policy == DPS_RING_DROP_NEWEST) {
			counter_store(&rx_prod(r, s)->received, st->received);
			counter_store(&rx_prod(r, s)->dropped, st->dropped);
			goto out;
		}
	}
	if (*ts == 0)
		*ts = now_ns();
	sl = (struct dps_ring_rx_slot *)(r->a + r->l.rx_slots +
					 ((uint64_t)s * r->p.rx_slots + (h & (r->p.rx_slots - 1))) *
						 r->p.rx_slot_size);
	data = (uint8_t *)(sl + 1);
	/* a seqlock: a reader that sees UINT64_MAX or another index skips it */
	__atomic_store_n(&sl->seq, UINT64_MAX, __ATOMIC_RELAXED);
	atomic_thread_fence(memory_order_release);
	sl->ts_ns = *ts;
	sl->len = len;
	sl->orig_len = orig;
	sl->flags = (uint16_t)(rflags | (len < orig ? DPS_RING_F_TRUNCATED : 0));
	sl->vlan_tci = 0;
	if (m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED) {
		sl->flags |= DPS_RING_F_VLAN;
		sl->vlan_tci = m->vlan_tci;
	}
	src = rte_pktmbuf_read(m, 0, len, data);
	if (src != data)
		rte_memcpy(data, src, len);
	__atomic_store_n(&sl->seq, h, __ATOMIC_RELEASE);
	if (len < orig)
		st->truncated++;
	st->pending++;
	if (unlikely(shared)) {
		/* no burst boundary for the other threads: publish now */
		rte_spinlock_unlock(&r->shared_lock);
		dps__raw_ring_rx_flush(r, slot);
		return;
	}
	return;
out:
	if (unlikely(shared))
		rte_spinlock_unlock(&r->shared_lock);
}

void
dps__raw_ring_rx_flush(struct raw_ring *r, unsigned int slot)
{
	unsigned int s = dps__raw_sub_of_slot[slot < RTE_MAX_LCORE ? slot : RTE_MAX_LCORE];
	struct raw_ring_sub *st = &r->sub[s];
	struct dps_ring_rx_prod *pr = rx_prod(r, s);
	int shared = s == r->p.nb_sub - 1;
	uint64_t sleep;

	if (st->pending == 0)
		return;
	if (unlikely(shared))
		rte_spinlock_lock(&r->shared_lock);
	if (st->pending == 0)
		goto out;
	st->head += st->pending;
	st->pending = 0;
	counter_store(&pr->received, st->received);
	counter_store(&pr->dropped, st->dropped);
	counter_store(&pr->truncated, st->truncated);
	__atomic_store_n(&pr->head, st->head, __ATOMIC_RELEASE);
	/* pairs with the client's fence between its sleep word and its last look */
	atomic_thread_fence(memory_order_seq_cst);
	sleep = __atomic_load_n(&client_words(r)->rx_sleep, __ATOMIC_RELAXED);
	if (sleep != st->last_sleep) {
		st->last_sleep = sleep;
		wake(r->efd);
	}
out:
	if (unlikely(shared))
		rte_spinlock_unlock(&r->shared_lock);
}

/* ---- send ---- */

static inline struct dps_ring_tx_cons *
tx_cons(struct raw_ring *r)
{
	return (struct dps_ring_tx_cons *)(r->a + r->l.tx_cons);
}

static void
tx_refuse(struct raw_ring *r, unsigned int why, uint64_t n)
{
	uint64_t *c = &tx_cons(r)->refused[why];

	counter_store(c, __atomic_load_n(c, __ATOMIC_RELAXED) + n);
}

unsigned int
dps__raw_ring_tx_drain(struct raw_ring *r)
{
	struct raw_open *o = r->o;
	struct raw_binding *rb = o->rb;
	const struct dps_bind_params *bp;
	struct rte_mbuf *pkts[TX_BURST];
	struct dps_ring_tx_cons *tc = tx_cons(r);
	uint32_t cap = r->p.tx_slot_size - DPS_RING_TX_SLOT_HDR;
	uint64_t head, avail, sleep;
	unsigned int n, k = 0, why;

	if (r->p.tx_slots == 0 || rb == NULL)
		return 0;
	head = __atomic_load_n(&client_words(r)->tx_head, __ATOMIC_ACQUIRE);
	avail = head - r->tx_tail;
	if (avail == 0)
		return 0;
	if (unlikely(avail > r->p.tx_slots)) {
		/* behind the tail or past the ring: not followed, counted once per value */
		if (head != r->tx_bad_head) {
			r->tx_bad_head = head;
			tx_refuse(r, DPS_RING_TX_INDEX, 1);
		}
		return 0;
	}
	n = avail < TX_BURST ? (unsigned int)avail : TX_BURST;
	bp = dps_binding_params(rb->b);
	if (rte_pktmbuf_alloc_bulk(bp->pool, pkts, n) != 0) {
		tx_refuse(r, DPS_RING_TX_RESOURCES, n);
		k = 0;
		goto consumed;
	}
	for (unsigned int i = 0; i < n; i++) {
		const struct dps_ring_tx_slot *sl =
			(const struct dps_ring_tx_slot *)(r->b + r->l.tx_slots +
							  ((r->tx_tail + i) & (r->p.tx_slots - 1)) *
								  r->p.tx_slot_size);
		uint32_t len = __atomic_load_n(&sl->len, __ATOMIC_RELAXED); /* read once */
		struct rte_mbuf *m = pkts[i];
		uint8_t *d;

		if (len < RTE_ETHER_HDR_LEN || len > cap ||
			len > (uint32_t)bp->mtu + RTE_ETHER_HDR_LEN ||
			(d = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)len)) == NULL) {
			tx_refuse(r, DPS_RING_TX_LENGTH, 1);
			rte_pktmbuf_free(m);
			continue;
		}
		/* copied first, checked on the copy: the client cannot change it after */
		rte_memcpy(d, sl + 1, len);
		if (dps__raw_check_frame(o, bp, d, len, &why, NULL, 0) != DPS_OK) {
			tx_refuse(r, why, 1);
			rte_pktmbuf_free(m);
			continue;
		}
		pkts[k++] = m;
	}
consumed:
	r->tx_tail += n;
	__atomic_store_n(&tc->tail, r->tx_tail, __ATOMIC_RELEASE);
	if (k > 0) {
		if (dps_binding_send(rb->b, pkts, (uint16_t)k) == DPS_OK) {
			counter_store(&tc->sent, __atomic_load_n(&tc->sent, __ATOMIC_RELAXED) + k);
			__atomic_fetch_add(&o->sent, k, __ATOMIC_RELAXED);
		} else {
			tx_refuse(r, DPS_RING_TX_STATE, k);
			__atomic_fetch_add(&o->send_refused, k, __ATOMIC_RELAXED);
			rte_pktmbuf_free_bulk(pkts, k);
		}
	}
	if (n > k)
		__atomic_fetch_add(&o->send_refused, n - k, __ATOMIC_RELAXED);
	atomic_thread_fence(memory_order_seq_cst);
	sleep = __atomic_load_n(&client_words(r)->tx_sleep, __ATOMIC_RELAXED);
	if (sleep != r->tx_last_sleep) {
		r->tx_last_sleep = sleep;
		wake(r->efd);
	}
	return n;
}

void
dps__raw_ring_worker_poll(unsigned int lcore)
{
	const struct raw_ring_list *l;

	if (lcore >= RTE_MAX_LCORE)
		return;
	l = atomic_load_explicit(&dps__raw_tx_lists[lcore], memory_order_acquire);
	if (l == NULL)
		return;
	for (unsigned int i = 0; i < l->n; i++)
		dps__raw_ring_tx_drain(l->r[i]);
}
