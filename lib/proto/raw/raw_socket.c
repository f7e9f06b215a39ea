/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The raw protocol's socket-request side, on the control thread: opens
 * (objects that are children of their client's object, named on the wire by
 * a handle with a generation) and every control-socket request, as the
 * server of lib/ctrl hands them over (dps_raw_server_ops). What a binding
 * does for its opens is raw_binding.c's; the receive path raw_datapath.c's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "dps_admin.h"
#include "raw_private.h"
#include "raw_ring.h"

#define TAG_REQ DPS_TAG("RawQ") /* a request's reference on an open */
/* MACs in reasons as dpsctl prints them (lower case) */
#define MAC_FMT "%02x:%02x:%02x:%02x:%02x:%02x"

static TAILQ_HEAD(, raw_open) all_opens = TAILQ_HEAD_INITIALIZER(all_opens);
static unsigned int max_opens_per_client = 16;
static uint64_t opened_total, nb_opens;
static uint64_t ring_seq;
/* counters of opens already closed, so the totals do not go down */
static struct dps_raw_stats closed_totals;

static DPS_CONTEXT_TYPE(open_ctx, struct raw_open, NULL);

/* ---- opens ---- */

static void
reply(struct raw_open *o, uint8_t type, uint32_t id, int status, const uint8_t *p, uint32_t len)
{
	dps_server_reply(o->client, type, id, status, p, len);
}

/* The adapter is gone: pending requests fail, later ones too. */
static void
open_detach(struct raw_open *o, int status)
{
	if (o->recv_pending) {
		o->recv_pending = 0;
		reply(o, DPS_IPC_RECV, o->recv_id, status, NULL, 0);
	}
	if (o->wait_pending) {
		o->wait_pending = 0;
		reply(o, DPS_IPC_WAIT_STATUS, o->wait_id, status, NULL, 0);
	}
	dps__raw_ring_close(o, status); /* rings, a waiting RECV_BATCH (raw_ring.c) */
	if (o->rb != NULL) {
		dps__raw_flush(o);
		o->rb = NULL;
	}
}

static void
add_totals(const struct raw_open *o)
{
	closed_totals.received += o->received;
	closed_totals.delivered += o->delivered;
	closed_totals.dropped += o->dropped;
	closed_totals.filtered += o->filtered;
	closed_totals.sent += o->sent;
	closed_totals.send_refused += o->send_refused;
}

static void
open_close(struct raw_open *o)
{
	struct raw_binding *rb = o->rb;

	if (rb != NULL) {
		TAILQ_REMOVE(&rb->opens, o, in_binding);
		/* after this no worker enqueues to o or reads its lists */
		dps__raw_publish_set(rb);
	}
	open_detach(o, DPS_E_REQUEST_ABORTED);
	rte_free(atomic_exchange(&o->mcast, NULL));
	if (rb != NULL)
		dps__raw_apply_union(rb); /* what this open asked for goes with it */
	rte_ring_free(o->q);
	o->q = NULL;
	if (o->bpf != NULL)
		rte_bpf_destroy(o->bpf);
	o->bpf = NULL;
	TAILQ_REMOVE(&all_opens, o, in_all);
	add_totals(o);
	nb_opens--;
	dps_object_delete(o->obj);
}

static int
compile_filter(struct raw_open *o, const char *expr, char *why, size_t whylen)
{
	char msg[256];
	int rc = dps_raw_filter_compile(expr, &o->bpf, &o->jit, msg, sizeof(msg));

	if (rc != DPS_OK)
		snprintf(why, whylen, "filter: %.200s", msg);
	return rc;
}

struct open_init {
	struct raw_open *o;
};

static int
open_init(struct dps_object *obj, void *ctx, void *arg)
{
	struct open_init *oi = arg;

	RTE_SET_USED(obj);
	oi->o = ctx;
	return DPS_OK;
}

static int
do_open(struct dps_srv_client *c, const struct dps_ipc_open *req, uint64_t *handle, char *why,
	size_t whylen)
{
	static const struct dps_context_type *const ctxs[] = {&open_ctx, NULL};
	struct dps_object_attr attr = {.type = "raw_open", .contexts = ctxs};
	struct open_init oi = {NULL};
	struct raw_binding *rb;
	struct raw_open *o;
	struct dps_object *obj;
	char ring_name[RTE_RING_NAMESIZE];
	unsigned int qlen;
	int rc;

	if (dps_object_child_count(dps_srv_client_object(c)) >= max_opens_per_client) {
		snprintf(why, whylen, "this client holds %u opens, the most allowed",
			max_opens_per_client);
		return DPS_E_RESOURCES;
	}
	rb = dps__raw_binding_find(req->adapter);
	if (rb == NULL) {
		snprintf(why, whylen, "no adapter '%s' (dpsctl adapters lists them)", req->adapter);
		return DPS_E_NOT_FOUND;
	}
	qlen = req->queue_len ? req->queue_len : rb->default_qlen;
	if (dps_binding_state(rb->b) != DPS_BINDING_RUNNING) {
		snprintf(why, whylen, "%s is %s, not Running", req->adapter,
			dps_binding_state_str(dps_binding_state(rb->b)));
		return DPS_E_NOT_READY;
	}
	attr.name = req->adapter;
	rc = dps_object_create(&attr, dps_srv_client_object(c), &obj);
	if (rc != DPS_OK)
		return rc;
	dps_object_context_init(obj, &open_ctx, open_init, &oi);
	o = oi.o;
	o->obj = obj;
	o->client = c;
	snprintf(o->adapter, sizeof(o->adapter), "%s", req->adapter);
	o->nb_types = (uint8_t)req->nb_types;
	o->filter = RAW_OPEN_FILTER;
	atomic_init(&o->mcast, NULL);
	memcpy(o->types, req->types, req->nb_types * sizeof(req->types[0]));
	if (req->filter_len > 0) {
		rc = compile_filter(o, req->filter, why, whylen);
		if (rc != DPS_OK)
			goto fail;
	}
	snprintf(ring_name, sizeof(ring_name), "dps_raw_%" PRIu64, ring_seq++);
	o->q = rte_ring_create(ring_name, qlen, SOCKET_ID_ANY, RING_F_EXACT_SZ);
	if (o->q == NULL) {
		snprintf(why, whylen, "no memory for a queue of %u frames: %s", qlen,
			rte_strerror(rte_errno));
		rc = DPS_E_RESOURCES;
		goto fail;
	}
	rc = dps_object_handle(obj, &o->handle);
	if (rc != DPS_OK)
		goto fail;
	o->rb = rb;
	TAILQ_INSERT_TAIL(&rb->opens, o, in_binding);
	rc = dps__raw_publish_set(rb);
	if (rc != DPS_OK) {
		TAILQ_REMOVE(&rb->opens, o, in_binding);
		dps__raw_publish_set(rb);
		dps__raw_flush(o); /* frames a worker queued meanwhile */
		o->rb = NULL;
		goto fail;
	}
	TAILQ_INSERT_TAIL(&all_opens, o, in_all);
	nb_opens++;
	opened_total++;
	/* the hardware part may be unsupported: the software filter applies */
	dps__raw_apply_union(rb);
	*handle = o->handle;
	DPS_LOG(DEBUG, raw, "client pid %d opened %s (%u EtherType(s)%s, queue %u)",
		(int)dps_srv_client_pid(c), o->adapter, o->nb_types, o->bpf ? ", filtered" : "",
		qlen);
	return DPS_OK;
fail:
	rte_ring_free(o->q);
	if (o->bpf != NULL)
		rte_bpf_destroy(o->bpf);
	dps_object_delete(obj);
	return rc;
}

/* The open behind @p handle, if it is this client's; a reference is taken. */
static int
lookup(struct dps_srv_client *c, uint64_t handle, struct raw_open **out)
{
	struct dps_object *obj;
	void *ctx;
	int rc = dps_handle_lookup(handle, TAG_REQ, &obj);

	if (rc != DPS_OK)
		return rc;
	if (dps_object_parent(obj) != dps_srv_client_object(c) ||
		dps_object_context(obj, &open_ctx, &ctx) != DPS_OK) {
		dps_object_unref(obj, TAG_REQ);
		return DPS_E_STALE_HANDLE; /* another client's, or not an open */
	}
	*out = ctx;
	return DPS_OK;
}

static void
unlookup(struct raw_open *o)
{
	dps_object_unref(o->obj, TAG_REQ);
}

/* ---- receive ---- */

static int
deliver_one(struct raw_open *o, uint32_t id, uint32_t max_len)
{
	static uint8_t payload[DPS_IPC_FRAME_FIXED_LEN + DPS_IPC_MAX_FRAME];
	static uint8_t bounce[DPS_IPC_MAX_FRAME];
	struct dps_ipc_frame f;
	struct rte_mbuf *m;
	void *p;
	size_t len;

	if (rte_ring_mc_dequeue(o->q, &p) != 0)
		return 0;
	m = p;
	f.orig_len = rte_pktmbuf_pkt_len(m);
	f.len = RTE_MIN(RTE_MIN(f.orig_len, max_len), (uint32_t)DPS_IPC_MAX_FRAME);
	f.dropped = (uint32_t)__atomic_load_n(&o->dropped, __ATOMIC_RELAXED);
	/* a frame longer than the client's buffer is cut, as ndisprot does */
	f.data = rte_pktmbuf_read(m, 0, f.len, bounce);
	len = dps_ipc_put_frame(payload, sizeof(payload), &f);
	rte_pktmbuf_free(m);
	dps_binding_release(o->rb->b, 1);
	__atomic_fetch_add(&o->delivered, 1, __ATOMIC_RELAXED);
	reply(o, DPS_IPC_RECV, id, DPS_OK, payload, (uint32_t)len);
	return 1;
}

static void
do_recv(struct raw_open *o, uint32_t id, const struct dps_ipc_recv *r)
{
	if (o->removed) {
		dps_server_fail(o->client, DPS_IPC_RECV, id, DPS_E_ADAPTER_REMOVED,
			"%s is gone: open it again when it is back", o->adapter);
		return;
	}
	if (o->recv_pending) {
		dps_server_fail(o->client, DPS_IPC_RECV, id, DPS_E_BUSY,
			"a receive is already waiting on this open");
		return;
	}
	if (deliver_one(o, id, r->max_len))
		return;
	if (r->timeout_ms == 0) {
		reply(o, DPS_IPC_RECV, id, DPS_E_TIMEOUT, NULL, 0);
		return;
	}
	o->recv_pending = 1;
	o->recv_id = id;
	o->recv_max = r->max_len;
	o->recv_deadline = rte_get_timer_cycles() + rte_get_timer_hz() * r->timeout_ms / 1000;
}

/* ---- send ---- */

static int
do_send(struct raw_open *o, const struct dps_ipc_send *s, char *why, size_t whylen)
{
	const struct dps_bind_params *bp;
	const struct rte_ether_hdr *eth = (const struct rte_ether_hdr *)s->frame;
	struct rte_mbuf *m;
	uint16_t type;
	uint32_t off = RTE_ETHER_HDR_LEN;
	int rc, ok = 0;

	if (o->removed || o->rb == NULL) {
		snprintf(why, whylen, "%s is gone: open it again when it is back", o->adapter);
		return DPS_E_ADAPTER_REMOVED;
	}
	bp = dps_binding_params(o->rb->b);
	if (s->len < RTE_ETHER_HDR_LEN) {
		snprintf(why, whylen, "frame of %u bytes: shorter than an Ethernet header (14)",
			s->len);
		return DPS_E_BUFFER_TOO_SHORT;
	}
	if (s->len > (uint32_t)bp->mtu + RTE_ETHER_HDR_LEN) {
		snprintf(why, whylen, "frame of %u bytes: at most %u (MTU %u + 14)", s->len,
			(unsigned int)bp->mtu + RTE_ETHER_HDR_LEN, bp->mtu);
		return DPS_E_INVALID_LENGTH;
	}
	if (!rte_is_same_ether_addr(&eth->src_addr, &bp->mac)) {
		snprintf(why, whylen, "source MAC " MAC_FMT " is not %s's " MAC_FMT,
			RTE_ETHER_ADDR_BYTES(&eth->src_addr), o->adapter,
			RTE_ETHER_ADDR_BYTES(&bp->mac));
		return DPS_E_PERMISSION; /* anti-spoof */
	}
	type = rte_be_to_cpu_16(eth->ether_type);
	for (int i = 0; i < 2 && (type == RTE_ETHER_TYPE_VLAN || type == RTE_ETHER_TYPE_QINQ) &&
			off + 4 <= s->len;
		i++) {
		type = (uint16_t)(s->frame[off + 2] << 8 | s->frame[off + 3]);
		off += 4;
	}
	for (unsigned int i = 0; i < o->nb_types; i++)
		if (o->types[i] == type)
			ok = 1;
	if (!ok) {
		snprintf(why, whylen, "EtherType 0x%04x is not one of this open's", type);
		return DPS_E_INVALID_PARAMETER;
	}
	m = rte_pktmbuf_alloc(bp->pool);
	if (m == NULL) {
		snprintf(why, whylen, "no mbuf free in %s", bp->pool->name);
		return DPS_E_RESOURCES;
	}
	if (rte_pktmbuf_append(m, (uint16_t)s->len) == NULL) {
		rte_pktmbuf_free(m);
		return DPS_E_INVALID_LENGTH;
	}
	memcpy(rte_pktmbuf_mtod(m, void *), s->frame, s->len);
	o->rb->last_send_status = DPS_E_FAILURE;
	rc = dps_binding_send(o->rb->b, &m, 1);
	if (rc != DPS_OK) {
		rte_pktmbuf_free(m); /* refused: still ours */
		return rc;
	}
	return o->rb->last_send_status; /* completed before dps_binding_send returned */
}

/* ---- OIDs ---- */

/*
 * The packet filter and the multicast list belong to the open (a client's
 * choice must not change what other clients receive, nor outlive it): kept
 * here, applied to this open's frames, and their union set on the binding.
 */
static int
open_filter_oid(struct raw_open *o, int set, const struct dps_ipc_oid *q,
	struct dps_ipc_oid_reply *r, uint8_t *data)
{
	const struct raw_mcast *ml = atomic_load(&o->mcast);
	unsigned int n = ml != NULL ? ml->n : 0;
	uint32_t need = q->oid == OID_GEN_CURRENT_PACKET_FILTER ? 4 : n * RTE_ETHER_ADDR_LEN;
	struct raw_mcast *next, *old;
	uint32_t f;
	int rc;

	if (!set) {
		if (q->buf_len < need) {
			r->bytes_needed = need;
			return DPS_E_BUFFER_TOO_SHORT;
		}
		if (q->oid == OID_GEN_CURRENT_PACKET_FILTER) {
			f = __atomic_load_n(&o->filter, __ATOMIC_RELAXED);
			memcpy(data, &f, 4);
		} else if (n > 0) {
			memcpy(data, ml->a, need);
		}
		r->data = data;
		r->len = r->bytes = need;
		return DPS_OK;
	}
	if (q->oid == OID_GEN_CURRENT_PACKET_FILTER) {
		if (q->buf_len != 4) {
			r->bytes_needed = 4;
			return DPS_E_INVALID_LENGTH;
		}
		memcpy(&f, q->data, 4);
		if ((f & ~DPS_FILTER_ALL) != 0)
			return DPS_E_INVALID_DATA;
		__atomic_store_n(&o->filter, f, __ATOMIC_RELAXED);
	} else {
		if (q->buf_len % RTE_ETHER_ADDR_LEN != 0) {
			r->bytes_needed =
				(q->buf_len / RTE_ETHER_ADDR_LEN + 1) * RTE_ETHER_ADDR_LEN;
			return DPS_E_INVALID_LENGTH;
		}
		n = q->buf_len / RTE_ETHER_ADDR_LEN;
		if (n > DPS_BINDING_MAX_MCAST)
			return DPS_E_RESOURCES; /* NDIS: multicast list full */
		next = rte_zmalloc("dps_raw_mcast", sizeof(*next), 0);
		if (next == NULL)
			return DPS_E_RESOURCES;
		next->n = n;
		memcpy(next->a, q->data, q->buf_len);
		for (unsigned int i = 0; i < n; i++)
			if (!rte_is_multicast_ether_addr(&next->a[i])) {
				rte_free(next);
				return DPS_E_INVALID_DATA;
			}
		old = atomic_exchange(&o->mcast, next);
		dps_binding_synchronize(); /* no worker reads the old list any more */
		rte_free(old);
	}
	r->bytes = q->buf_len;
	rc = o->rb != NULL ? dps__raw_apply_union(o->rb) : DPS_OK;
	/* the port may lack promiscuous or multicast filtering: this open's
	 * software filter applies all the same */
	return rc == DPS_E_NOT_SUPPORTED ? DPS_OK : rc;
}

static void
do_oid(struct raw_open *o, const struct dps_ipc_hdr *h, const struct dps_ipc_oid *q)
{
	uint8_t payload[DPS_IPC_OID_REPLY_FIXED_LEN + DPS_IPC_OID_DATA_MAX];
	struct dps_ipc_oid_reply r = {.oid = q->oid};
	const struct dps_oid_info *info = dps_oid_lookup(q->oid);
	struct dps_oid_request *req;
	int set = h->type == DPS_IPC_OID_SET, rc;
	size_t len;

	if (o->removed || o->rb == NULL) {
		dps_server_fail(o->client, h->type, h->id, DPS_E_ADAPTER_REMOVED,
			"%s is gone: open it again when it is back", o->adapter);
		return;
	}
	if (set && info != NULL && (info->ops & DPS_OID_OP_SET) == 0) {
		dps_server_fail(o->client, h->type, h->id, DPS_E_NOT_SUPPORTED, "%s is query-only",
			info->name);
		return;
	}
	if (set && info != NULL && info->client_set == DPS_OID_CLIENT_NONE) {
		dps_server_fail(o->client, h->type, h->id, DPS_E_PERMISSION,
			"%s is not set through the control socket", info->name);
		return;
	}
	if (set && info != NULL && info->client_set == DPS_OID_CLIENT_ADMIN) {
		char what[64];

		/* adapter-wide: it changes what every binding and client sees */
		snprintf(what, sizeof(what), "setting %s", info->name);
		if (dps_server_check_role(o->client, h->type, h->id, DPS_SRV_ROLE_ADMIN, what) !=
			DPS_OK)
			return;
	}
	if (q->oid == OID_GEN_CURRENT_PACKET_FILTER || q->oid == OID_802_3_MULTICAST_LIST) {
		rc = open_filter_oid(o, set, q, &r, payload + DPS_IPC_OID_REPLY_FIXED_LEN);
		len = dps_ipc_put_oid_reply(payload, sizeof(payload), &r);
		reply(o, h->type, h->id, rc, payload, (uint32_t)len);
		return;
	}
	req = dps_oid_request_alloc();
	if (req == NULL) {
		reply(o, h->type, h->id, DPS_E_RESOURCES, NULL, 0);
		return;
	}
	req->type = set ? DPS_OID_SET : DPS_OID_QUERY;
	req->oid = q->oid;
	req->buf_len = q->buf_len;
	if (set && q->buf_len > 0)
		memcpy(req->buf, q->data, q->buf_len);
	rc = dps_oid_request_wait(o->rb->b, req, RAW_OID_WAIT_MS);
	if (rc == DPS_E_TIMEOUT) {
		/* abandoned: the control thread frees it when it completes */
		dps_server_fail(o->client, h->type, h->id, rc,
			"no answer from the adapter in %u ms", RAW_OID_WAIT_MS);
		return;
	}
	r.bytes = set ? req->bytes_read : req->bytes_written;
	r.bytes_needed = req->bytes_needed;
	r.data = set ? NULL : req->buf;
	r.len = set ? 0 : req->bytes_written;
	len = dps_ipc_put_oid_reply(payload, sizeof(payload), &r);
	dps_server_reply_reason(o->client, h->type, h->id, rc, payload, (uint32_t)len,
		rc != DPS_OK ? req->reason : NULL);
	dps_oid_request_free(req);
}

/* ---- status indications ---- */

static void
do_wait_status(struct raw_open *o, uint32_t id, const struct dps_ipc_wait_status *w)
{
	uint8_t payload[16];
	size_t len;

	if (o->removed) {
		reply(o, DPS_IPC_WAIT_STATUS, id, DPS_E_ADAPTER_REMOVED, NULL, 0);
		return;
	}
	if (o->ind_n > 0) {
		len = dps_ipc_put_indication(payload, sizeof(payload), &o->ind[o->ind_head]);
		o->ind_head = (o->ind_head + 1) % RAW_IND_QUEUE;
		o->ind_n--;
		reply(o, DPS_IPC_WAIT_STATUS, id, DPS_OK, payload, (uint32_t)len);
		return;
	}
	if (o->wait_pending) {
		reply(o, DPS_IPC_WAIT_STATUS, id, DPS_E_BUSY, NULL, 0);
		return;
	}
	if (w->timeout_ms == 0) {
		reply(o, DPS_IPC_WAIT_STATUS, id, DPS_E_TIMEOUT, NULL, 0);
		return;
	}
	o->wait_pending = 1;
	o->wait_id = id;
	o->wait_deadline = rte_get_timer_cycles() + rte_get_timer_hz() * w->timeout_ms / 1000;
}

void
dps__raw_open_indicate(struct raw_open *o, const struct dps_status_indication *ind)
{
	struct dps_ipc_indication x = {1, ind->link_up ? 1u : 0u, ind->link_speed};

	if (o->wait_pending) {
		uint8_t payload[16];
		size_t len = dps_ipc_put_indication(payload, sizeof(payload), &x);

		o->wait_pending = 0;
		reply(o, DPS_IPC_WAIT_STATUS, o->wait_id, DPS_OK, payload, (uint32_t)len);
		return;
	}
	/* kept for the next wait; the oldest goes when full */
	if (o->ind_n == RAW_IND_QUEUE) {
		o->ind_head = (o->ind_head + 1) % RAW_IND_QUEUE;
		o->ind_n--;
	}
	o->ind[(o->ind_head + o->ind_n) % RAW_IND_QUEUE] = x;
	o->ind_n++;
}

void
dps__raw_open_lost(struct raw_open *o)
{
	o->removed = 1;
	open_detach(o, DPS_E_ADAPTER_REMOVED); /* frees its frames: unbind can close */
	DPS_LOG(INFO, raw, "%s: open of client pid %d lost its adapter", o->adapter,
		(int)dps_srv_client_pid(o->client));
}

/* ---- the server's handlers ---- */

static int
raw_list(uint32_t index, struct dps_ipc_binding_info *info)
{
	struct raw_binding *rb = dps__raw_binding_running(index);
	struct dps_adapter_info a;

	if (rb == NULL)
		return DPS_E_NO_MORE_ENTRIES;
	dps_binding_adapter_info(rb->b, &a);
	memset(info, 0, sizeof(*info));
	snprintf(info->name, sizeof(info->name), "%s", dps_binding_params(rb->b)->adapter_name);
	snprintf(info->description, sizeof(info->description), "%.40s (%.20s)", a.device, a.driver);
	memcpy(info->mac, &a.mac, 6);
	info->mtu = a.mtu;
	info->link_up = (uint32_t)a.link_up;
	info->link_speed = a.link_speed;
	info->state = (uint32_t)dps_binding_state(rb->b);
	return DPS_OK;
}

static void
raw_request(struct dps_srv_client *c, const struct dps_ipc_hdr *h, const uint8_t *p, uint32_t len)
{
	uint8_t out[DPS_IPC_OPEN_STATS_LEN + DPS_IPC_BINDING_INFO_LEN];
	char why[DPS_IPC_REASON_MAX + 1];
	struct raw_open *o = NULL;
	uint64_t handle = 0;
	size_t olen;
	int rc;

	/* the payload was checked by dps_ipc_check_request: decoding succeeds */
	switch (h->type) {
	case DPS_IPC_LIST_BINDINGS: {
		struct dps_ipc_binding_info info;
		uint32_t index;

		dps_ipc_get_u32(p, len, &index);
		rc = raw_list(index, &info);
		olen = rc == DPS_OK ? dps_ipc_put_binding_info(out, sizeof(out), &info) : 0;
		dps_server_reply(c, h->type, h->id, rc, out, (uint32_t)olen);
		return;
	}
	case DPS_IPC_WAIT_BINDS:
		/* the server starts after the initial binds: they are complete */
		dps_server_reply(c, h->type, h->id, DPS_OK, NULL, 0);
		return;
	case DPS_IPC_ADAPTER_REMOVE:
	case DPS_IPC_BIND:
	case DPS_IPC_UNBIND:
		dps__admin_request(c, h, p, len); /* lib/ctrl/ctrl_admin.c */
		return;
	case DPS_IPC_OPEN: {
		static struct dps_ipc_open req; /* large (filter): not on the stack */

		dps_ipc_get_open(p, len, &req);
		why[0] = '\0';
		rc = do_open(c, &req, &handle, why, sizeof(why));
		olen = rc == DPS_OK ? dps_ipc_put_handle(out, sizeof(out), handle) : 0;
		dps_server_reply_reason(c, h->type, h->id, rc, out, (uint32_t)olen, why);
		return;
	}
	default:
		break;
	}

	/* everything else names an open: the handle comes first */
	if (len < 8 || dps_ipc_get_handle(p, 8, &handle) != DPS_OK) {
		dps_server_reply(c, h->type, h->id, DPS_E_INVALID_LENGTH, NULL, 0);
		return;
	}
	rc = lookup(c, handle, &o);
	if (rc != DPS_OK) {
		dps_server_fail(c, h->type, h->id, rc,
			"handle 0x%" PRIx64 " is not an open of this client", handle);
		return;
	}
	switch (h->type) {
	case DPS_IPC_CLOSE:
		unlookup(o);
		open_close(o);
		dps_server_reply(c, h->type, h->id, DPS_OK, NULL, 0);
		return;
	case DPS_IPC_RECV: {
		struct dps_ipc_recv r;

		dps_ipc_get_recv(p, len, &r);
		do_recv(o, h->id, &r);
		break;
	}
	case DPS_IPC_SEND: {
		struct dps_ipc_send s;

		dps_ipc_get_send(p, len, &s);
		why[0] = '\0';
		rc = do_send(o, &s, why, sizeof(why));
		__atomic_fetch_add(rc == DPS_OK ? &o->sent : &o->send_refused, 1, __ATOMIC_RELAXED);
		dps_server_reply_reason(c, h->type, h->id, rc, NULL, 0, why);
		break;
	}
	case DPS_IPC_OID_QUERY:
	case DPS_IPC_OID_SET: {
		struct dps_ipc_oid q;

		if (h->type == DPS_IPC_OID_QUERY)
			dps_ipc_get_oid_query(p, len, &q);
		else
			dps_ipc_get_oid_set(p, len, &q);
		do_oid(o, h, &q);
		break;
	}
	case DPS_IPC_WAIT_STATUS: {
		struct dps_ipc_wait_status w;

		dps_ipc_get_wait_status(p, len, &w);
		do_wait_status(o, h->id, &w);
		break;
	}
	case DPS_IPC_OPEN_STATS: {
		struct dps_ipc_open_stats st = {
			.received = __atomic_load_n(&o->received, __ATOMIC_RELAXED),
			.delivered = __atomic_load_n(&o->delivered, __ATOMIC_RELAXED),
			.dropped = __atomic_load_n(&o->dropped, __ATOMIC_RELAXED),
			.filtered = __atomic_load_n(&o->filtered, __ATOMIC_RELAXED),
			.queued = o->q != NULL ? rte_ring_count(o->q) : 0,
			.sent = o->sent,
			.send_refused = o->send_refused,
		};

		olen = dps_ipc_put_open_stats(out, sizeof(out), &st);
		dps_server_reply(c, h->type, h->id, DPS_OK, out, (uint32_t)olen);
		break;
	}
	default:
		if (!dps__raw_ring_request(o, h, p, len)) /* 0x50..: raw_ring.c */
			dps_server_reply(c, h->type, h->id, DPS_E_NOT_SUPPORTED, NULL, 0);
		break;
	}
	unlookup(o);
}

static void
raw_client_gone(struct dps_srv_client *c)
{
	struct raw_open *o, *tmp;

	for (o = TAILQ_FIRST(&all_opens); o != NULL; o = tmp) {
		tmp = TAILQ_NEXT(o, in_all);
		if (o->client == c) {
			o->recv_pending = 0; /* nobody to answer */
			o->wait_pending = 0;
			o->rb_pending = 0;
			open_close(o);
		}
	}
}

static void
raw_poll(void)
{
	uint64_t now = rte_get_timer_cycles();
	struct raw_open *o;

	TAILQ_FOREACH(o, &all_opens, in_all)
	{
		if (o->recv_pending && !o->removed) {
			if (deliver_one(o, o->recv_id, o->recv_max))
				o->recv_pending = 0;
			else if (now > o->recv_deadline) {
				o->recv_pending = 0;
				reply(o, DPS_IPC_RECV, o->recv_id, DPS_E_TIMEOUT, NULL, 0);
			}
		}
		dps__raw_ring_poll(o, now); /* RECV_BATCH waits, rings (raw_ring.c) */
		if (o->wait_pending && now > o->wait_deadline) {
			o->wait_pending = 0;
			reply(o, DPS_IPC_WAIT_STATUS, o->wait_id, DPS_E_TIMEOUT, NULL, 0);
		}
	}
}

static const struct dps_server_ops raw_server_ops = {
	.request = raw_request,
	.client_gone = raw_client_gone,
	.poll = raw_poll,
};

const struct dps_server_ops *
dps_raw_server_ops(unsigned int max_opens)
{
	if (max_opens > 0)
		max_opens_per_client = max_opens;
	return &raw_server_ops;
}

void
dps_raw_stats(struct dps_raw_stats *st)
{
	const struct raw_open *o;

	if (st == NULL)
		return;
	*st = closed_totals;
	st->opens = nb_opens;
	st->opened = opened_total;
	TAILQ_FOREACH(o, &all_opens, in_all)
	{
		st->received += __atomic_load_n(&o->received, __ATOMIC_RELAXED);
		st->delivered += __atomic_load_n(&o->delivered, __ATOMIC_RELAXED);
		st->dropped += __atomic_load_n(&o->dropped, __ATOMIC_RELAXED);
		st->filtered += __atomic_load_n(&o->filtered, __ATOMIC_RELAXED);
		st->sent += o->sent;
		st->send_refused += o->send_refused;
	}
}
