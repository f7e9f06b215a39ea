/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libdpsclient's rings and bursts (issue 15; the memory layout is
 * lib/ipc/dps_ring.h). A ring open reads and writes shared memory: no
 * request and no system call per frame, one poll() on the eventfd when it
 * has to wait (after saying so in its sleep word). Opens without rings use
 * the batched messages RECV_BATCH and SEND_BATCH.
 *
 * What dpstack writes (memory A, mapped read-only here) is read with the
 * same care as a reply: lengths are clamped to the slot, a slot whose seq
 * changed while it was copied is skipped (the ring lapped us: drop-oldest).
 */
#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dps_client.h"
#include "dps_client_private.h"
#include "dps_ipc.h"
#include "dps_ring.h"
#include "dps_status.h"

#define TX_PUBLISH_EVERY 32u

struct dps__client_ring {
	struct dps__client_ring *next;
	uint64_t handle;
	struct dps_ring_params p;
	struct dps_ring_layout l;
	const uint8_t *a; /* read-only: the stack's */
	uint8_t *b;	  /* ours */
	int efd;
	unsigned int next_sub;
	uint64_t rx_sleep, tx_sleep;
	uint64_t tx_head;
	uint64_t rx_delivered, rx_lost;
	uint64_t tail[DPS_RING_SUB_MAX];
};

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static struct dps__client_ring *
ring_find(struct dps_client *c, uint64_t handle)
{
	struct dps__client_ring *r = *dps__client_rings(c);

	while (r != NULL && r->handle != handle)
		r = r->next;
	return r;
}

static void
ring_unmap(struct dps__client_ring *r)
{
	if (r->a != NULL && r->a != MAP_FAILED)
		munmap((void *)(uintptr_t)r->a, r->l.size_a);
	if (r->b != NULL && r->b != MAP_FAILED)
		munmap(r->b, r->l.size_b);
	if (r->efd >= 0)
		close(r->efd);
	free(r);
}

void
dps__client_rings_drop(struct dps_client *c, uint64_t handle, int all)
{
	struct dps__client_ring **pp = dps__client_rings(c), *r;

	while ((r = *pp) != NULL) {
		if (all || r->handle == handle) {
			*pp = r->next;
			ring_unmap(r);
		} else {
			pp = &r->next;
		}
	}
}

/* ---- shared memory accessors ---- */

static inline const struct dps_ring_info *
info_of(const struct dps__client_ring *r)
{
	return (const struct dps_ring_info *)r->a;
}

static inline int
closed(const struct dps__client_ring *r)
{
	return __atomic_load_n(&info_of(r)->closed, __ATOMIC_ACQUIRE) != 0;
}

static inline const struct dps_ring_rx_prod *
rx_prod(const struct dps__client_ring *r, unsigned int s)
{
	return (const struct dps_ring_rx_prod *)(r->a + r->l.rx_prod) + s;
}

static inline uint64_t *
rx_tail(struct dps__client_ring *r, unsigned int s)
{
	return (uint64_t *)(r->b + r->l.rx_cons + 64 * (uint64_t)s);
}

static inline struct dps_ring_client *
words(struct dps__client_ring *r)
{
	return (struct dps_ring_client *)(r->b + r->l.client);
}

static inline const struct dps_ring_tx_cons *
tx_cons(const struct dps__client_ring *r)
{
	return (const struct dps_ring_tx_cons *)(r->a + r->l.tx_cons);
}

/* ---- setup ---- */

static int
map_ring(struct dps__client_ring *r, const int *fds)
{
	const struct dps_ring_info *in;
	struct stat sa, sb;

	if (fstat(fds[0], &sa) != 0 || fstat(fds[1], &sb) != 0 ||
		(uint64_t)sa.st_size < r->l.size_a || (uint64_t)sb.st_size < r->l.size_b)
		return DPS_E_INVALID_DATA;
	r->a = mmap(NULL, r->l.size_a, PROT_READ, MAP_SHARED, fds[0], 0);
	r->b = mmap(NULL, r->l.size_b, PROT_READ | PROT_WRITE, MAP_SHARED, fds[1], 0);
	if (r->a == MAP_FAILED || r->b == MAP_FAILED)
		return DPS_E_RESOURCES;
	in = info_of(r);
	if (in->magic != DPS_RING_MAGIC || in->version != DPS_RING_VERSION ||
		memcmp(&in->params, &r->p, sizeof(r->p)) != 0 || in->size_a != r->l.size_a ||
		in->size_b != r->l.size_b)
		return DPS_E_INVALID_DATA;
	return DPS_OK;
}

int
dps_client_ring_setup(
	struct dps_client *c, uint64_t handle, const struct dps_client_ring_conf *conf)
{
	struct dps_ipc_ring_setup q;
	struct dps_ipc_ring_reply rep;
	struct dps__client_reply rr;
	struct dps__client_ring *r;
	int fds[4] = {-1, -1, -1, -1}, rc;
	unsigned int nfd = 0;
	size_t len;

	if (c == NULL || conf == NULL)
		return DPS_E_INVALID_PARAMETER;
	q.handle = handle;
	q.rx_slots = conf->rx_slots;
	q.rx_slot_size =
		conf->rx_slot_size != 0 ? conf->rx_slot_size : DPS_CLIENT_RING_SLOT_DEFAULT;
	q.tx_slots = conf->tx_slots;
	q.tx_slot_size =
		conf->tx_slot_size != 0 ? conf->tx_slot_size : DPS_CLIENT_RING_SLOT_DEFAULT;
	q.policy = conf->policy;
	if (q.rx_slots == 0)
		q.rx_slot_size = DPS_RING_SLOT_MIN; /* unused; kept in range */
	if (q.tx_slots == 0)
		q.tx_slot_size = DPS_RING_SLOT_MIN;
	if (ring_find(c, handle) != NULL)
		return DPS_E_INVALID_STATE;
	len = dps_ipc_put_ring_setup(dps__client_payload(c), DPS_IPC_MAX_PAYLOAD, &q);
	if (len == 0)
		return DPS_E_INVALID_PARAMETER;
	rc = dps__client_transact(c, DPS_IPC_RING_SETUP, len, 0, &rr, fds, 4, &nfd);
	if (rc != DPS_OK)
		return rc;
	if (rr.status != DPS_OK) {
		rc = rr.status;
		goto close_fds;
	}
	if (dps_ipc_get_ring_reply(rr.p, rr.len, &rep) != DPS_OK || nfd != 3 ||
		rep.rx_slots != q.rx_slots || rep.tx_slots != q.tx_slots ||
		rep.policy != q.policy || (q.rx_slots != 0 && rep.rx_slot_size != q.rx_slot_size) ||
		(q.tx_slots != 0 && rep.tx_slot_size != q.tx_slot_size)) {
		rc = dps__client_broken(c, DPS_E_INVALID_DATA);
		goto close_fds;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		rc = DPS_E_RESOURCES;
		goto close_fds;
	}
	r->handle = handle;
	r->p = (struct dps_ring_params){rep.nb_sub, rep.rx_slots, rep.rx_slot_size, rep.tx_slots,
		rep.tx_slot_size, rep.policy};
	r->efd = -1;
	dps_ring_layout_of(&r->p, &r->l); /* the decoder checked it adds up */
	rc = map_ring(r, fds);
	close(fds[0]); /* the mappings keep the memory */
	close(fds[1]);
	if (rc != DPS_OK) {
		close(fds[2]);
		ring_unmap(r);
		return rc;
	}
	r->efd = fds[2];
	/* start where the stack is (it may have written before we mapped) */
	for (unsigned int s = 0; s < r->p.nb_sub; s++)
		r->tail[s] = __atomic_load_n(rx_tail(r, s), __ATOMIC_RELAXED);
	r->tx_head = __atomic_load_n(&words(r)->tx_head, __ATOMIC_RELAXED);
	r->rx_sleep = __atomic_load_n(&words(r)->rx_sleep, __ATOMIC_RELAXED);
	r->tx_sleep = __atomic_load_n(&words(r)->tx_sleep, __ATOMIC_RELAXED);
	r->next = *dps__client_rings(c);
	*dps__client_rings(c) = r;
	return DPS_OK;
close_fds:
	for (unsigned int i = 0; i < nfd; i++)
		close(fds[i]);
	return rc;
}

/* ---- receive ---- */

/* The slot of frame @p t was rewritten: skip to the oldest frame still there. */
static uint64_t
resync(struct dps__client_ring *r, unsigned int s, uint64_t t)
{
	uint64_t head = __atomic_load_n(&rx_prod(r, s)->head, __ATOMIC_ACQUIRE);
	uint64_t nt = head - r->p.rx_slots;

	if (head < r->p.rx_slots || nt <= t)
		nt = t + 1;
	r->rx_lost += nt - t;
	return nt;
}

static unsigned int
ring_read(struct dps__client_ring *r, struct dps_client_frame *f, unsigned int n)
{
	uint32_t cap = r->p.rx_slot_size - DPS_RING_RX_SLOT_HDR;
	unsigned int got = 0;

	for (unsigned int k = 0; k < r->p.nb_sub && got < n; k++) {
		unsigned int s = (r->next_sub + k) % r->p.nb_sub;
		const uint8_t *base =
			r->a + r->l.rx_slots + (uint64_t)s * r->p.rx_slots * r->p.rx_slot_size;
		uint64_t head = __atomic_load_n(&rx_prod(r, s)->head, __ATOMIC_ACQUIRE);
		uint64_t t = r->tail[s];

		if (head == t)
			continue;
		if (head - t > r->p.rx_slots) {
			/* lapped (drop-oldest): what is left starts a ring behind the head */
			r->rx_lost += head - r->p.rx_slots - t;
			t = head - r->p.rx_slots;
		}
		while (t != head && got < n) {
			const struct dps_ring_rx_slot *sl =
				(const struct dps_ring_rx_slot *)(base + (t & (r->p.rx_slots - 1)) *
										 r->p.rx_slot_size);
			struct dps_client_frame *fr = &f[got];
			uint32_t len, copy;

			if (__atomic_load_n(&sl->seq, __ATOMIC_ACQUIRE) != t) {
				t = resync(r, s, t);
				head = __atomic_load_n(&rx_prod(r, s)->head, __ATOMIC_ACQUIRE);
				continue;
			}
			len = sl->len < cap ? sl->len : cap;
			copy = len < fr->cap ? len : fr->cap;
			memcpy(fr->data, sl + 1, copy);
			fr->len = copy;
			fr->orig_len = sl->orig_len < len ? len : sl->orig_len;
			fr->flags = sl->flags &
				    (DPS_RING_F_LOOPBACK | DPS_RING_F_VLAN | DPS_RING_F_TRUNCATED);
			if (copy < len)
				fr->flags |= DPS_CLIENT_FRAME_F_TRUNCATED;
			fr->vlan_tci = sl->vlan_tci;
			fr->timestamp_ns = sl->ts_ns;
			fr->status = DPS_OK;
			atomic_thread_fence(memory_order_acquire);
			if (__atomic_load_n(&sl->seq, __ATOMIC_RELAXED) != t) {
				/* rewritten while we copied: not a frame */
				t = resync(r, s, t);
				head = __atomic_load_n(&rx_prod(r, s)->head, __ATOMIC_ACQUIRE);
				continue;
			}
			got++;
			t++;
		}
		r->tail[s] = t;
		__atomic_store_n(rx_tail(r, s), t, __ATOMIC_RELEASE);
	}
	r->next_sub = (r->next_sub + 1) % r->p.nb_sub;
	r->rx_delivered += got;
	return got;
}

/* Sleep on the eventfd until it is written or @p deadline (ms) passes. */
static void
ring_sleep(struct dps__client_ring *r, uint64_t deadline)
{
	struct pollfd pfd = {.fd = r->efd, .events = POLLIN};
	uint64_t now = mono_ms(), v;
	int ms = deadline > now ? (int)(deadline - now > 1000 ? 1000 : deadline - now) : 0;

	if (poll(&pfd, 1, ms) > 0 && read(r->efd, &v, sizeof(v)) < 0)
		return; /* EAGAIN: another reader took it */
}

static int
recv_ring(struct dps__client_ring *r, struct dps_client_frame *f, unsigned int n,
	uint32_t timeout_ms, unsigned int *received)
{
	uint64_t deadline = mono_ms() + timeout_ms;

	for (;;) {
		*received = ring_read(r, f, n);
		if (*received > 0)
			return DPS_OK;
		if (closed(r))
			return DPS_E_ADAPTER_REMOVED;
		if (timeout_ms == 0 || mono_ms() >= deadline)
			return DPS_E_TIMEOUT;
		/* say we sleep, then look once more (pairs with the worker's fence) */
		__atomic_store_n(&words(r)->rx_sleep, ++r->rx_sleep, __ATOMIC_RELAXED);
		atomic_thread_fence(memory_order_seq_cst);
		*received = ring_read(r, f, n);
		if (*received > 0)
			return DPS_OK;
		ring_sleep(r, deadline);
	}
}

static int
recv_batch(struct dps_client *c, uint64_t handle, struct dps_client_frame *f, unsigned int n,
	uint32_t timeout_ms, unsigned int *received)
{
	struct dps_ipc_batch_frame frames[DPS_IPC_BATCH_MAX];
	struct dps_ipc_frames fr = {.frames = frames};
	struct dps_ipc_recv_batch q = {.handle = handle, .timeout_ms = timeout_ms};
	struct dps__client_reply rr;
	uint32_t max_len = 1;
	int rc;

	q.max_frames = n > DPS_IPC_BATCH_MAX ? DPS_IPC_BATCH_MAX : n;
	for (unsigned int i = 0; i < q.max_frames; i++)
		if (f[i].cap > max_len)
			max_len = f[i].cap;
	q.max_len = max_len > DPS_IPC_MAX_FRAME ? DPS_IPC_MAX_FRAME : max_len;
	rc = dps__client_transact(c, DPS_IPC_RECV_BATCH,
		dps_ipc_put_recv_batch(dps__client_payload(c), DPS_IPC_MAX_PAYLOAD, &q), timeout_ms,
		&rr, NULL, 0, NULL);
	if (rc != DPS_OK)
		return rc;
	if (rr.status != DPS_OK)
		return rr.status;
	if (dps_ipc_get_frames(rr.p, rr.len, &fr) != DPS_OK || fr.count > q.max_frames)
		return dps__client_broken(c, DPS_E_INVALID_DATA);
	for (uint32_t i = 0; i < fr.count; i++) {
		uint32_t copy = frames[i].len < f[i].cap ? frames[i].len : f[i].cap;

		memcpy(f[i].data, frames[i].data, copy);
		f[i].len = copy;
		f[i].orig_len = frames[i].orig_len;
		f[i].flags = copy < frames[i].orig_len ? DPS_CLIENT_FRAME_F_TRUNCATED : 0;
		f[i].vlan_tci = 0;
		f[i].timestamp_ns = 0;
		f[i].status = DPS_OK;
	}
	*received = fr.count;
	return DPS_OK;
}

int
dps_client_recv_burst(struct dps_client *c, uint64_t handle, struct dps_client_frame *f,
	unsigned int n, uint32_t timeout_ms, unsigned int *received)
{
	struct dps__client_ring *r;

	if (received != NULL)
		*received = 0;
	if (c == NULL || f == NULL || n == 0 || received == NULL)
		return DPS_E_INVALID_PARAMETER;
	for (unsigned int i = 0; i < n; i++)
		if (f[i].data == NULL || f[i].cap == 0)
			return DPS_E_INVALID_PARAMETER;
	r = ring_find(c, handle);
	if (r != NULL && r->p.rx_slots > 0)
		return recv_ring(r, f, n, timeout_ms, received);
	return recv_batch(c, handle, f, n, timeout_ms, received);
}

/* ---- send ---- */

static int
send_ring(struct dps__client_ring *r, struct dps_client_frame *f, unsigned int n,
	uint32_t timeout_ms, unsigned int *sent)
{
	uint32_t cap = r->p.tx_slot_size - DPS_RING_TX_SLOT_HDR;
	uint64_t deadline = mono_ms() + timeout_ms, tail;
	int rc = DPS_OK;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct dps_ring_tx_slot *sl;

		if (f[i].len == 0 || f[i].len > DPS_CLIENT_MAX_FRAME || f[i].len > cap) {
			f[i].status = rc = DPS_E_INVALID_LENGTH;
			break;
		}
		tail = __atomic_load_n(&tx_cons(r)->tail, __ATOMIC_ACQUIRE);
		while (r->tx_head - tail >= r->p.tx_slots) {
			__atomic_store_n(&words(r)->tx_head, r->tx_head, __ATOMIC_RELEASE);
			if (closed(r)) {
				rc = DPS_E_ADAPTER_REMOVED;
				goto out;
			}
			if (timeout_ms == 0 || mono_ms() >= deadline) {
				rc = DPS_E_TIMEOUT;
				goto out;
			}
			__atomic_store_n(&words(r)->tx_sleep, ++r->tx_sleep, __ATOMIC_RELAXED);
			atomic_thread_fence(memory_order_seq_cst);
			tail = __atomic_load_n(&tx_cons(r)->tail, __ATOMIC_ACQUIRE);
			if (r->tx_head - tail < r->p.tx_slots)
				break;
			ring_sleep(r, deadline);
			tail = __atomic_load_n(&tx_cons(r)->tail, __ATOMIC_ACQUIRE);
		}
		sl = (struct dps_ring_tx_slot *)(r->b + r->l.tx_slots +
						 (r->tx_head & (r->p.tx_slots - 1)) *
							 r->p.tx_slot_size);
		sl->len = f[i].len;
		memcpy(sl + 1, f[i].data, f[i].len);
		r->tx_head++;
		f[i].status = DPS_PENDING;
		if ((r->tx_head & (TX_PUBLISH_EVERY - 1)) == 0)
			__atomic_store_n(&words(r)->tx_head, r->tx_head, __ATOMIC_RELEASE);
	}
out:
	__atomic_store_n(&words(r)->tx_head, r->tx_head, __ATOMIC_RELEASE);
	*sent = i;
	if (rc == DPS_OK && closed(r))
		rc = DPS_E_ADAPTER_REMOVED;
	return rc;
}

static int
send_batch(struct dps_client *c, uint64_t handle, struct dps_client_frame *f, unsigned int n,
	unsigned int *sent)
{
	struct dps_ipc_batch_frame frames[DPS_IPC_BATCH_MAX];
	static struct dps_ipc_batch_status st; /* 1 KiB */
	unsigned int i = 0;
	int first = DPS_OK;

	while (i < n) {
		struct dps_ipc_send_batch b = {.handle = handle, .frames = frames};
		struct dps__client_reply rr;
		size_t room = DPS_IPC_MAX_PAYLOAD - 16, len;
		int rc;

		while (i + b.count < n && b.count < DPS_IPC_BATCH_MAX) {
			struct dps_client_frame *x = &f[i + b.count];

			if (x->data == NULL || x->len == 0 || x->len > DPS_CLIENT_MAX_FRAME) {
				if (b.count == 0) {
					x->status = DPS_E_INVALID_LENGTH;
					return first != DPS_OK ? first : DPS_E_INVALID_LENGTH;
				}
				break;
			}
			if (4 + (size_t)x->len > room)
				break;
			room -= 4 + (size_t)x->len;
			frames[b.count].data = x->data;
			frames[b.count].len = x->len;
			b.count++;
		}
		len = dps_ipc_put_send_batch(dps__client_payload(c), DPS_IPC_MAX_PAYLOAD, &b);
		rc = dps__client_transact(c, DPS_IPC_SEND_BATCH, len, 0, &rr, NULL, 0, NULL);
		if (rc != DPS_OK)
			return rc;
		if (rr.status != DPS_OK)
			return rr.status;
		if (dps_ipc_get_batch_status(rr.p, rr.len, &st) != DPS_OK || st.count != b.count)
			return dps__client_broken(c, DPS_E_INVALID_DATA);
		for (uint32_t k = 0; k < st.count; k++) {
			f[i + k].status = st.status[k];
			if (st.status[k] == DPS_OK) {
				(*sent)++;
			} else if (first == DPS_OK) {
				first = st.status[k];
				/* the server's words about the first refusal */
				dps__client_set_reason(c, st.reason);
			}
		}
		i += b.count;
	}
	return first;
}

int
dps_client_send_burst(struct dps_client *c, uint64_t handle, struct dps_client_frame *f,
	unsigned int n, uint32_t timeout_ms, unsigned int *sent)
{
	struct dps__client_ring *r;

	if (sent != NULL)
		*sent = 0;
	if (c == NULL || f == NULL || n == 0 || sent == NULL)
		return DPS_E_INVALID_PARAMETER;
	for (unsigned int i = 0; i < n; i++) {
		if (f[i].data == NULL)
			return DPS_E_INVALID_PARAMETER;
		f[i].status = DPS_E_REQUEST_ABORTED; /* not tried (yet) */
	}
	r = ring_find(c, handle);
	if (r != NULL && r->p.tx_slots > 0)
		return send_ring(r, f, n, timeout_ms, sent);
	return send_batch(c, handle, f, n, sent);
}

int
dps_client_send_flush(struct dps_client *c, uint64_t handle, uint32_t timeout_ms)
{
	struct dps__client_ring *r;
	uint64_t deadline = mono_ms() + timeout_ms;

	if (c == NULL)
		return DPS_E_INVALID_PARAMETER;
	r = ring_find(c, handle);
	if (r == NULL || r->p.tx_slots == 0)
		return DPS_E_NOT_FOUND;
	for (;;) {
		if (__atomic_load_n(&tx_cons(r)->tail, __ATOMIC_ACQUIRE) == r->tx_head)
			return DPS_OK;
		if (closed(r))
			return DPS_E_ADAPTER_REMOVED;
		if (mono_ms() >= deadline)
			return DPS_E_TIMEOUT;
		__atomic_store_n(&words(r)->tx_sleep, ++r->tx_sleep, __ATOMIC_RELAXED);
		atomic_thread_fence(memory_order_seq_cst);
		if (__atomic_load_n(&tx_cons(r)->tail, __ATOMIC_ACQUIRE) == r->tx_head)
			return DPS_OK;
		ring_sleep(r, deadline);
	}
}

int
dps_client_ring_stats(struct dps_client *c, uint64_t handle, struct dps_client_ring_stats *st)
{
	const struct dps__client_ring *r;
	const struct dps_ring_tx_cons *tc;

	if (c == NULL || st == NULL)
		return DPS_E_INVALID_PARAMETER;
	r = ring_find(c, handle);
	if (r == NULL)
		return DPS_E_NOT_FOUND;
	memset(st, 0, sizeof(*st));
	for (unsigned int s = 0; s < r->p.nb_sub; s++) {
		st->rx_received += __atomic_load_n(&rx_prod(r, s)->received, __ATOMIC_RELAXED);
		st->rx_dropped += __atomic_load_n(&rx_prod(r, s)->dropped, __ATOMIC_RELAXED);
		st->rx_truncated += __atomic_load_n(&rx_prod(r, s)->truncated, __ATOMIC_RELAXED);
	}
	st->rx_delivered = r->rx_delivered;
	st->rx_lost = r->rx_lost;
	tc = tx_cons(r);
	st->tx_queued = r->tx_head;
	st->tx_completed = __atomic_load_n(&tc->tail, __ATOMIC_ACQUIRE);
	st->tx_sent = __atomic_load_n(&tc->sent, __ATOMIC_RELAXED);
	st->tx_refused_length = __atomic_load_n(&tc->refused[DPS_RING_TX_LENGTH], __ATOMIC_RELAXED);
	st->tx_refused_spoof = __atomic_load_n(&tc->refused[DPS_RING_TX_SPOOF], __ATOMIC_RELAXED);
	st->tx_refused_ethertype =
		__atomic_load_n(&tc->refused[DPS_RING_TX_ETHERTYPE], __ATOMIC_RELAXED);
	st->tx_refused_resources =
		__atomic_load_n(&tc->refused[DPS_RING_TX_RESOURCES], __ATOMIC_RELAXED);
	st->tx_refused_state = __atomic_load_n(&tc->refused[DPS_RING_TX_STATE], __ATOMIC_RELAXED);
	st->tx_bad_index = __atomic_load_n(&tc->refused[DPS_RING_TX_INDEX], __ATOMIC_RELAXED);
	return DPS_OK;
}
