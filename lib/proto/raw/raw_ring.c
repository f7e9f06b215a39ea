/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared-memory rings of raw opens and the batched messages, on the control
 * thread (issue 15; the layout is lib/ipc/dps_ring.h, the per-frame work
 * raw_ring_datapath.c's).
 *
 * RING_SETUP makes two memfds and an eventfd for one open of the asking
 * client, maps them (A read-write, B read-only), seals them (neither can
 * shrink, so the stack never touches a page that went away; A takes no new
 * writable mapping, so the client maps it read-only), publishes the ring to
 * the receive path and to the lcore that drains its send ring, and passes
 * the descriptors to the client with SCM_RIGHTS. The memory counts against
 * the client's budget ([protocol raw] ring_mem_mb). The descriptors reach
 * only the client that owns the open: the rings have its permissions.
 *
 * Teardown (close, disconnect, SIGKILL, adapter gone) unpublishes, waits for
 * an RCU grace period (no worker uses the ring any more), marks the ring
 * closed, wakes the client and unmaps: nothing stays mapped in dpstack and
 * no mbuf is held (rings hold none: frames are copied).
 */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "dps_ctrl_worker.h"
#include "raw_ring.h"

static TAILQ_HEAD(, raw_ring) all_rings = TAILQ_HEAD_INITIALIZER(all_rings);
static unsigned int nb_workers, next_tx_worker;
static unsigned int worker_lcores[RTE_MAX_LCORE];
static int ring_ready;

/* Sub-rings: one per worker lcore, the last one for every other thread. */
static void
ring_init_once(void)
{
	unsigned int l;

	if (ring_ready)
		return;
	nb_workers = 0;
	RTE_LCORE_FOREACH_WORKER(l)
	{
		if (nb_workers == DPS_RING_SUB_MAX - 1)
			break;
		worker_lcores[nb_workers++] = l;
	}
	for (unsigned int s = 0; s <= RTE_MAX_LCORE; s++)
		dps__raw_sub_of_slot[s] = (uint8_t)nb_workers;
	for (unsigned int i = 0; i < nb_workers; i++)
		dps__raw_sub_of_slot[worker_lcores[i]] = (uint8_t)i;
	dps_ctrl_set_worker_poll(dps__raw_ring_worker_poll);
	ring_ready = 1;
}

static uint64_t
client_ring_bytes(const struct dps_srv_client *c)
{
	const struct raw_ring *r;
	uint64_t sum = 0;

	TAILQ_FOREACH(r, &all_rings, next)
	if (r->client == c)
		sum += r->bytes;
	return sum;
}

/* Republish lcore @p lcore's send rings with @p add added or @p del taken out. */
static int
tx_list_update(unsigned int lcore, struct raw_ring *add, struct raw_ring *del)
{
	struct raw_ring_list *old = atomic_load(&dps__raw_tx_lists[lcore]), *nl;
	unsigned int n = old != NULL ? old->n : 0, k = 0;

	nl = rte_zmalloc("dps_raw_txl", sizeof(*nl) + (n + 1) * sizeof(nl->r[0]), 0);
	if (nl == NULL)
		return DPS_E_RESOURCES;
	for (unsigned int i = 0; i < n; i++)
		if (old->r[i] != del)
			nl->r[k++] = old->r[i];
	if (add != NULL)
		nl->r[k++] = add;
	nl->n = k;
	if (k == 0) {
		rte_free(nl);
		nl = NULL;
	}
	atomic_store_explicit(&dps__raw_tx_lists[lcore], nl, memory_order_release);
	dps_binding_synchronize(); /* no worker walks the old list any more */
	rte_free(old);
	return DPS_OK;
}

static void
ring_free(struct raw_ring *r)
{
	if (r->a != NULL && r->a != MAP_FAILED)
		munmap(r->a, r->l.size_a);
	if (r->b != NULL && r->b != MAP_FAILED)
		munmap((void *)(uintptr_t)r->b, r->l.size_b);
	if (r->fd_a >= 0)
		close(r->fd_a);
	if (r->fd_b >= 0)
		close(r->fd_b);
	if (r->efd >= 0)
		close(r->efd);
	rte_free(r);
}

static int
memfd_sized(const char *name, uint64_t size)
{
	int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)size) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
ring_create(struct raw_open *o, const struct dps_ipc_ring_setup *req, struct raw_ring **out)
{
	struct dps_ring_params p = {nb_workers + 1, req->rx_slots, req->rx_slot_size, req->tx_slots,
		req->tx_slot_size, req->policy};
	struct dps_ring_layout l;
	struct dps_ring_info *info;
	struct raw_ring *r;
	uint64_t limit = (uint64_t)o->rb->ring_mem_mb << 20;

	if (dps_ring_layout_of(&p, &l) != 0)
		return DPS_E_INVALID_DATA; /* the decoder checked: belt and braces */
	if (client_ring_bytes(o->client) + l.size_a + l.size_b > limit)
		return DPS_E_RESOURCES;
	r = rte_zmalloc(
		"dps_raw_ring", sizeof(*r) + p.nb_sub * sizeof(r->sub[0]), RTE_CACHE_LINE_SIZE);
	if (r == NULL)
		return DPS_E_RESOURCES;
	r->o = o;
	r->client = o->client;
	r->p = p;
	r->l = l;
	r->bytes = l.size_a + l.size_b;
	r->fd_a = r->fd_b = r->efd = -1;
	rte_spinlock_init(&r->shared_lock);
	r->fd_a = memfd_sized("dps_ring_a", l.size_a);
	r->fd_b = memfd_sized("dps_ring_b", l.size_b);
	r->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (r->fd_a < 0 || r->fd_b < 0 || r->efd < 0)
		goto fail;
	/* populated now: no page fault on a worker later */
	r->a = mmap(NULL, l.size_a, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd_a, 0);
	r->b = mmap(NULL, l.size_b, PROT_READ, MAP_SHARED | MAP_POPULATE, r->fd_b, 0);
	if (r->a == MAP_FAILED || r->b == MAP_FAILED)
		goto fail;
	if (fcntl(r->fd_a, F_ADD_SEALS,
		    F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE | F_SEAL_SEAL) != 0 ||
		fcntl(r->fd_b, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0)
		goto fail;
	info = (struct dps_ring_info *)r->a;
	info->magic = DPS_RING_MAGIC;
	info->version = DPS_RING_VERSION;
	info->params = p;
	info->size_a = l.size_a;
	info->size_b = l.size_b;
	r->tx_lcore = RTE_MAX_LCORE;
	if (p.tx_slots > 0 && nb_workers > 0)
		r->tx_lcore = worker_lcores[next_tx_worker++ % nb_workers];
	*out = r;
	return DPS_OK;
fail:
	DPS_LOG(WARNING, raw, "ring for client pid %d: %s", (int)dps_srv_client_pid(o->client),
		strerror(errno));
	ring_free(r);
	return DPS_E_RESOURCES;
}

static void
ring_unpublish(struct raw_ring *r)
{
	atomic_store_explicit(&r->o->ring, NULL, memory_order_release);
	if (r->p.tx_slots > 0 && r->tx_lcore < RTE_MAX_LCORE &&
		tx_list_update(r->tx_lcore, NULL, r) != DPS_OK) {
		/* no memory for a shorter list: empty it (the others are
		 * republished by their next setup or close) */
		struct raw_ring_list *old = atomic_exchange(&dps__raw_tx_lists[r->tx_lcore], NULL);

		dps_binding_synchronize();
		rte_free(old);
	}
	dps_binding_synchronize(); /* no worker copies into it any more */
}

static void
do_ring_setup(struct raw_open *o, const struct dps_ipc_hdr *h, const struct dps_ipc_ring_setup *req)
{
	uint8_t out[DPS_IPC_RING_REPLY_LEN];
	struct dps_ipc_ring_reply rep;
	struct raw_ring *r = NULL;
	int fds[3], rc;
	size_t len;

	if (o->removed || o->rb == NULL) {
		dps_server_fail(o->client, h->type, h->id, DPS_E_ADAPTER_REMOVED,
			"%s is gone: open it again when it is back", o->adapter);
		return;
	}
	if (atomic_load(&o->ring) != NULL) {
		dps_server_fail(o->client, h->type, h->id, DPS_E_INVALID_STATE,
			"this open has its rings already");
		return;
	}
	ring_init_once();
	rc = ring_create(o, req, &r);
	if (rc != DPS_OK) {
		if (rc == DPS_E_RESOURCES)
			dps_server_fail(o->client, h->type, h->id, rc,
				"past the client's ring memory (ring_mem_mb %u MiB), or no memory "
				"in dpstack",
				o->rb->ring_mem_mb);
		else
			dps_server_fail(o->client, h->type, h->id, rc, "bad ring parameters");
		return;
	}
	rep = (struct dps_ipc_ring_reply){r->p.nb_sub, r->p.rx_slots, r->p.rx_slot_size,
		r->p.tx_slots, r->p.tx_slot_size, r->p.policy, r->l.size_a, r->l.size_b};
	len = dps_ipc_put_ring_reply(out, sizeof(out), &rep);
	/* published first: frames from now on are in the ring when it is mapped */
	TAILQ_INSERT_TAIL(&all_rings, r, next);
	if (r->p.tx_slots > 0 && r->tx_lcore < RTE_MAX_LCORE &&
		tx_list_update(r->tx_lcore, r, NULL) != DPS_OK) {
		TAILQ_REMOVE(&all_rings, r, next);
		ring_free(r);
		dps_server_reply(o->client, h->type, h->id, DPS_E_RESOURCES, NULL, 0);
		return;
	}
	atomic_store_explicit(&o->ring, r, memory_order_release);
	fds[0] = r->fd_a;
	fds[1] = r->fd_b;
	fds[2] = r->efd;
	rc = len == 0 ? DPS_E_FAILURE
		      : dps_server_reply_fds(o->client, h->type, h->id, out, (uint32_t)len, fds, 3);
	if (rc != DPS_OK) {
		ring_unpublish(r);
		TAILQ_REMOVE(&all_rings, r, next);
		ring_free(r);
		if (rc != DPS_E_DELETED)
			dps_server_reply(o->client, h->type, h->id, rc, NULL, 0);
		return;
	}
	DPS_LOG(INFO, raw,
		"client pid %d: rings on %s: rx %u sub-ring(s) x %u slots of %u B (%s), tx %u of "
		"%u B (lcore %d), %" PRIu64 " KiB",
		(int)dps_srv_client_pid(o->client), o->adapter, r->p.nb_sub, r->p.rx_slots,
		r->p.rx_slot_size,
		r->p.policy == DPS_RING_DROP_NEWEST ? "drop-newest" : "drop-oldest", r->p.tx_slots,
		r->p.tx_slot_size, r->tx_lcore < RTE_MAX_LCORE ? (int)r->tx_lcore : -1,
		r->bytes >> 10);
}

/* ---- per-frame send checks, as do_send (raw_socket.c) has them ---- */

#define MAC_FMT "%02x:%02x:%02x:%02x:%02x:%02x"

int
dps__raw_check_frame(const struct raw_open *o, const struct dps_bind_params *bp, const uint8_t *f,
	uint32_t len, unsigned int *why, char *text, size_t textlen)
{
	struct rte_ether_hdr hdr; /* a copy: a batch frame sits at any byte offset */
	const struct rte_ether_hdr *eth = &hdr;
	uint32_t off = RTE_ETHER_HDR_LEN;
	uint16_t type;

	*why = DPS_RING_TX_LENGTH;
	if (len < RTE_ETHER_HDR_LEN) {
		if (text != NULL)
			snprintf(text, textlen,
				"frame of %u bytes: shorter than an Ethernet header (14)", len);
		return DPS_E_BUFFER_TOO_SHORT;
	}
	if (len > (uint32_t)bp->mtu + RTE_ETHER_HDR_LEN) {
		if (text != NULL)
			snprintf(text, textlen, "frame of %u bytes: at most %u (MTU %u + 14)", len,
				(unsigned int)bp->mtu + RTE_ETHER_HDR_LEN, bp->mtu);
		return DPS_E_INVALID_LENGTH;
	}
	memcpy(&hdr, f, sizeof(hdr));
	*why = DPS_RING_TX_SPOOF;
	if (!rte_is_same_ether_addr(&eth->src_addr, &bp->mac)) {
		if (text != NULL)
			snprintf(text, textlen, "source MAC " MAC_FMT " is not %s's " MAC_FMT,
				RTE_ETHER_ADDR_BYTES(&eth->src_addr), o->adapter,
				RTE_ETHER_ADDR_BYTES(&bp->mac));
		return DPS_E_PERMISSION;
	}
	type = rte_be_to_cpu_16(eth->ether_type);
	for (int i = 0; i < 2 && (type == RTE_ETHER_TYPE_VLAN || type == RTE_ETHER_TYPE_QINQ) &&
			off + 4 <= len;
		i++) {
		type = (uint16_t)(f[off + 2] << 8 | f[off + 3]);
		off += 4;
	}
	*why = DPS_RING_TX_ETHERTYPE;
	for (unsigned int i = 0; i < o->nb_types; i++)
		if (o->types[i] == type)
			return DPS_OK;
	if (text != NULL)
		snprintf(text, textlen, "EtherType 0x%04x is not one of this open's", type);
	return DPS_E_INVALID_PARAMETER;
}

/* ---- SEND_BATCH ---- */

static void
do_send_batch(struct raw_open *o, const struct dps_ipc_hdr *h, const uint8_t *p, uint32_t len)
{
	static struct dps_ipc_batch_frame frames[DPS_IPC_BATCH_MAX];
	static struct dps_ipc_batch_status st;
	struct dps_ipc_send_batch b = {.frames = frames};
	uint8_t out[8 + 4 * DPS_IPC_BATCH_MAX];
	struct rte_mbuf *pkts[DPS_IPC_BATCH_MAX];
	uint16_t idx[DPS_IPC_BATCH_MAX];
	const struct dps_bind_params *bp;
	unsigned int why, k = 0;
	size_t olen;
	int rc;

	dps_ipc_get_send_batch(p, len, &b); /* checked by dps_ipc_check_request */
	if (o->removed || o->rb == NULL) {
		dps_server_fail(o->client, h->type, h->id, DPS_E_ADAPTER_REMOVED,
			"%s is gone: open it again when it is back", o->adapter);
		return;
	}
	bp = dps_binding_params(o->rb->b);
	st.count = b.count;
	st.sent = 0;
	st.reason[0] = '\0';
	for (uint32_t i = 0; i < b.count; i++) {
		struct rte_mbuf *m;

		st.status[i] = dps__raw_check_frame(o, bp, frames[i].data, frames[i].len, &why,
			st.reason[0] == '\0' ? st.reason : NULL, sizeof(st.reason));
		if (st.status[i] != DPS_OK)
			continue;
		m = rte_pktmbuf_alloc(bp->pool);
		if (m == NULL || rte_pktmbuf_append(m, (uint16_t)frames[i].len) == NULL) {
			rte_pktmbuf_free(m);
			st.status[i] = m == NULL ? DPS_E_RESOURCES : DPS_E_INVALID_LENGTH;
			continue;
		}
		memcpy(rte_pktmbuf_mtod(m, void *), frames[i].data, frames[i].len);
		idx[k] = (uint16_t)i;
		pkts[k++] = m;
	}
	if (k > 0) {
		o->rb->last_send_status = DPS_E_FAILURE;
		o->rb->last_send_sent = 0;
		rc = dps_binding_send(o->rb->b, pkts, (uint16_t)k);
		if (rc != DPS_OK) {
			rte_pktmbuf_free_bulk(pkts, k); /* refused: still ours */
			o->rb->last_send_sent = 0;
			o->rb->last_send_status = rc;
		}
		/* completed before dps_binding_send returned: the port took the
		 * first last_send_sent, the others were freed */
		for (unsigned int j = 0; j < k; j++)
			if (j >= o->rb->last_send_sent)
				st.status[idx[j]] = o->rb->last_send_status == DPS_OK
							    ? DPS_E_FAILURE
							    : o->rb->last_send_status;
	}
	for (uint32_t i = 0; i < b.count; i++)
		st.sent += st.status[i] == DPS_OK;
	__atomic_fetch_add(&o->sent, st.sent, __ATOMIC_RELAXED);
	__atomic_fetch_add(&o->send_refused, b.count - st.sent, __ATOMIC_RELAXED);
	olen = dps_ipc_put_batch_status(out, sizeof(out), &st);
	dps_server_reply(o->client, h->type, h->id, DPS_OK, out, (uint32_t)olen);
}

/* ---- RECV_BATCH ---- */

static void
give_back(struct raw_open *o, struct rte_mbuf *m)
{
	rte_pktmbuf_free(m);
	if (o->rb != NULL)
		dps_binding_release(o->rb->b, 1);
}

/* Frames queued for @p o, as many as fit one reply. @return 1 if replied. */
static int
deliver_batch(struct raw_open *o, uint32_t id, uint32_t max_frames, uint32_t max_len)
{
	static uint8_t payload[DPS_IPC_MAX_PAYLOAD];
	static uint8_t bounce[DPS_IPC_MAX_FRAME];
	size_t off = dps_ipc_put_frames_start(payload, sizeof(payload));
	uint32_t count = 0;

	while (count < max_frames) {
		struct rte_mbuf *m = o->rb_carry;
		const uint8_t *d;
		uint32_t fl;
		size_t add;
		void *x;

		if (m == NULL) {
			if (rte_ring_mc_dequeue(o->q, &x) != 0)
				break;
			m = x;
		}
		o->rb_carry = NULL;
		fl = RTE_MIN(RTE_MIN(rte_pktmbuf_pkt_len(m), max_len), (uint32_t)DPS_IPC_MAX_FRAME);
		if (sizeof(payload) - off < 8 + (size_t)fl) {
			o->rb_carry = m; /* the next batch's first */
			break;
		}
		d = rte_pktmbuf_read(m, 0, fl, bounce);
		add = dps_ipc_put_frames_add(
			payload + off, sizeof(payload) - off, rte_pktmbuf_pkt_len(m), d, fl);
		give_back(o, m);
		if (add == 0)
			continue; /* an empty frame: nothing to carry */
		off += add;
		count++;
	}
	if (count == 0)
		return 0;
	dps_ipc_put_frames_end(
		payload, count, (uint32_t)__atomic_load_n(&o->dropped, __ATOMIC_RELAXED));
	__atomic_fetch_add(&o->delivered, count, __ATOMIC_RELAXED);
	dps_server_reply(o->client, DPS_IPC_RECV_BATCH, id, DPS_OK, payload, (uint32_t)off);
	return 1;
}

static void
do_recv_batch(struct raw_open *o, const struct dps_ipc_hdr *h, const struct dps_ipc_recv_batch *r)
{
	if (o->removed || o->rb == NULL) {
		dps_server_fail(o->client, h->type, h->id, DPS_E_ADAPTER_REMOVED,
			"%s is gone: open it again when it is back", o->adapter);
		return;
	}
	if (atomic_load(&o->ring) != NULL && atomic_load(&o->ring)->p.rx_slots > 0) {
		dps_server_fail(o->client, h->type, h->id, DPS_E_INVALID_STATE,
			"this open's frames go to its receive ring");
		return;
	}
	if (o->rb_pending || o->recv_pending) {
		dps_server_fail(o->client, h->type, h->id, DPS_E_BUSY,
			"a receive of this open is waiting already");
		return;
	}
	if (deliver_batch(o, h->id, r->max_frames, r->max_len))
		return;
	if (r->timeout_ms == 0) {
		dps_server_reply(o->client, h->type, h->id, DPS_E_TIMEOUT, NULL, 0);
		return;
	}
	o->rb_pending = 1;
	o->rb_id = h->id;
	o->rb_max_frames = r->max_frames;
	o->rb_max_len = r->max_len;
	o->rb_deadline = rte_get_timer_cycles() + rte_get_timer_hz() * r->timeout_ms / 1000;
}

/* ---- what raw_socket.c calls ---- */

int
dps__raw_ring_request(
	struct raw_open *o, const struct dps_ipc_hdr *h, const uint8_t *p, uint32_t len)
{
	switch (h->type) {
	case DPS_IPC_RING_SETUP: {
		struct dps_ipc_ring_setup req;

		dps_ipc_get_ring_setup(p, len, &req);
		do_ring_setup(o, h, &req);
		return 1;
	}
	case DPS_IPC_SEND_BATCH:
		do_send_batch(o, h, p, len);
		return 1;
	case DPS_IPC_RECV_BATCH: {
		struct dps_ipc_recv_batch r;

		dps_ipc_get_recv_batch(p, len, &r);
		do_recv_batch(o, h, &r);
		return 1;
	}
	default:
		return 0;
	}
}

void
dps__raw_ring_close(struct raw_open *o, int status)
{
	struct raw_ring *r = atomic_load(&o->ring);

	if (o->rb_pending) {
		o->rb_pending = 0;
		if (status != DPS_OK)
			dps_server_reply(o->client, DPS_IPC_RECV_BATCH, o->rb_id, status, NULL, 0);
	}
	if (o->rb_carry != NULL) {
		give_back(o, o->rb_carry);
		o->rb_carry = NULL;
	}
	if (r == NULL)
		return;
	ring_unpublish(r);
	TAILQ_REMOVE(&all_rings, r, next);
	/* the client's mapping outlives ours: tell it, and wake it */
	__atomic_store_n(&((struct dps_ring_info *)r->a)->closed, 1, __ATOMIC_RELEASE);
	{
		uint64_t one = 1;

		if (write(r->efd, &one, sizeof(one)) < 0)
			DPS_LOG(DEBUG, raw, "ring wakeup at close: %s", strerror(errno));
	}
	ring_free(r);
}

void
dps__raw_ring_poll(struct raw_open *o, uint64_t now)
{
	struct raw_ring *r = atomic_load_explicit(&o->ring, memory_order_relaxed);

	if (o->rb_pending && !o->removed && o->rb != NULL) {
		if (deliver_batch(o, o->rb_id, o->rb_max_frames, o->rb_max_len)) {
			o->rb_pending = 0;
		} else if (now > o->rb_deadline) {
			o->rb_pending = 0;
			dps_server_reply(
				o->client, DPS_IPC_RECV_BATCH, o->rb_id, DPS_E_TIMEOUT, NULL, 0);
		}
	}
	/* without workers the control thread is the send ring's consumer */
	if (r != NULL && r->tx_lcore == RTE_MAX_LCORE && o->rb != NULL)
		dps__raw_ring_tx_drain(r);
}
