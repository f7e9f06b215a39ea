/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The raw protocol's binding side, on the control thread: one binding per
 * adapter, what its opens ask of it (the union of their EtherTypes, packet
 * filters and multicast lists, set on the binding), what it hears (link
 * indications, passed on to every open) and the descriptor. The opens and
 * the control-socket requests are raw_socket.c's; the receive path is
 * raw_datapath.c's.
 */
#include <stdio.h>
#include <string.h>

#include <rte_malloc.h>

#include "raw_private.h"
#include "raw_ring.h"

DPS_LOG_REGISTER(raw, INFO);

static TAILQ_HEAD(, raw_binding) raw_bindings = TAILQ_HEAD_INITIALIZER(raw_bindings);

/* ---- what the opens ask of their binding ---- */

int
dps__raw_publish_set(struct raw_binding *rb)
{
	struct raw_open_set *set, *old;
	uint16_t types[DPS_BINDING_MAX_ETHERTYPES];
	unsigned int n = 0, nt = 0;
	struct raw_open *o;
	int rc;

	TAILQ_FOREACH(o, &rb->opens, in_binding)
	n++;
	set = rte_zmalloc("dps_raw_set", sizeof(*set) + n * sizeof(set->o[0]), 0);
	if (set == NULL)
		return DPS_E_RESOURCES;
	TAILQ_FOREACH(o, &rb->opens, in_binding)
	{
		set->o[set->n++] = o;
		for (unsigned int i = 0; i < o->nb_types; i++) {
			unsigned int k;

			for (k = 0; k < nt; k++)
				if (types[k] == o->types[i])
					break;
			if (k < nt)
				continue;
			if (nt == DPS_BINDING_MAX_ETHERTYPES) {
				rte_free(set);
				return DPS_E_RESOURCES;
			}
			types[nt++] = o->types[i];
		}
	}
	/* the set first (a new type finds its open), then the EtherTypes */
	old = atomic_exchange(&rb->set, set);
	rc = dps_binding_set_ethertypes(rb->b, types, nt);
	dps_binding_synchronize(); /* no worker reads the old set any more */
	rte_free(old);
	return rc;
}

/* Put the union of the opens' packet filters and multicast lists on the
 * binding (and through it on the port); @return the first failure. */
int
dps__raw_apply_union(struct raw_binding *rb)
{
	struct rte_ether_addr mc[DPS_BINDING_MAX_MCAST];
	struct dps_oid_request *req;
	uint32_t filter = 0;
	unsigned int n = 0;
	struct raw_open *o;
	int rc, rc2;

	if (TAILQ_EMPTY(&rb->opens))
		filter = RAW_OPEN_FILTER;
	TAILQ_FOREACH(o, &rb->opens, in_binding)
	{
		const struct raw_mcast *ml = atomic_load(&o->mcast);

		filter |= __atomic_load_n(&o->filter, __ATOMIC_RELAXED);
		for (unsigned int i = 0; ml != NULL && i < ml->n; i++) {
			unsigned int k;

			for (k = 0; k < n; k++)
				if (rte_is_same_ether_addr(&mc[k], &ml->a[i]))
					break;
			if (k == n && n < DPS_BINDING_MAX_MCAST)
				mc[n++] = ml->a[i];
		}
	}
	req = dps_oid_request_alloc();
	if (req == NULL)
		return DPS_E_RESOURCES;
	req->type = DPS_OID_SET;
	req->oid = OID_GEN_CURRENT_PACKET_FILTER;
	req->buf_len = 4;
	memcpy(req->buf, &filter, 4);
	rc = dps_oid_request_wait(rb->b, req, RAW_OID_WAIT_MS);
	if (rc == DPS_E_TIMEOUT)
		return rc; /* abandoned: freed by the control thread */
	req->type = DPS_OID_SET;
	req->oid = OID_802_3_MULTICAST_LIST;
	req->buf_len = n * RTE_ETHER_ADDR_LEN;
	memcpy(req->buf, mc, req->buf_len);
	rc2 = dps_oid_request_wait(rb->b, req, RAW_OID_WAIT_MS);
	if (rc2 != DPS_E_TIMEOUT)
		dps_oid_request_free(req);
	return rc != DPS_OK ? rc : rc2;
}

struct raw_binding *
dps__raw_binding_find(const char *name)
{
	struct raw_binding *rb;

	TAILQ_FOREACH(rb, &raw_bindings, next)
	if (strcmp(dps_binding_params(rb->b)->adapter_name, name) == 0)
		return rb;
	return NULL;
}

struct raw_binding *
dps__raw_binding_running(uint32_t index)
{
	struct raw_binding *rb;
	uint32_t i = 0;

	/* only active bindings count (ndisprot skips the others) */
	TAILQ_FOREACH(rb, &raw_bindings, next)
	if (dps_binding_state(rb->b) == DPS_BINDING_RUNNING && i++ == index)
		return rb;
	return NULL;
}

/* ---- what the binding hears ---- */

static void
raw_send_complete(struct dps_binding *b, void *ctx, uint16_t sent, uint16_t n, int status)
{
	struct raw_binding *rb = ctx;

	RTE_SET_USED(b);
	/* a worker draining a send ring (raw_ring_datapath.c): the frames the
	 * port did not take are the layer's tx_dropped; last_send_* are the
	 * control thread's, which waits for this in do_send / SEND_BATCH */
	if (dps__lcore_slot_tls < RTE_MAX_LCORE)
		return;
	rb->last_send_status = sent == n ? DPS_OK : status;
	rb->last_send_sent = sent;
}

static void
raw_status(struct dps_binding *b, void *ctx, const struct dps_status_indication *ind)
{
	struct raw_binding *rb = ctx;
	struct raw_open *o;

	RTE_SET_USED(b);
	if (ind->code != DPS_IND_LINK_STATE)
		return;
	TAILQ_FOREACH(o, &rb->opens, in_binding)
	dps__raw_open_indicate(o, ind);
}

/* ---- the protocol ---- */

static int
raw_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *params)
{
	struct raw_binding *rb = ctx;

	uint32_t q = DPS_RAW_QUEUE_DEFAULT;

	if (params->proto_cfg != NULL &&
		dps_config_proto_u32(params->proto_cfg, "queue_len", &q) != DPS_OK)
		q = DPS_RAW_QUEUE_DEFAULT;
	rb->default_qlen = q;
	q = RAW_RING_MEM_MB_DEFAULT;
	if (params->proto_cfg != NULL &&
		dps_config_proto_u32(params->proto_cfg, "ring_mem_mb", &q) != DPS_OK)
		q = RAW_RING_MEM_MB_DEFAULT;
	rb->ring_mem_mb = q;
	rb->b = b;
	atomic_init(&rb->set, NULL);
	TAILQ_INIT(&rb->opens);
	TAILQ_INSERT_TAIL(&raw_bindings, rb, next);
	return DPS_OK;
}

static void
raw_unbind(struct dps_binding *b, void *ctx)
{
	struct raw_binding *rb = ctx;
	struct raw_open_set *old;
	struct raw_open *o;

	RTE_SET_USED(b);
	/* no delivery any more (the binding is not in dispatch: belt and braces) */
	old = atomic_exchange(&rb->set, NULL);
	dps_binding_synchronize();
	rte_free(old);
	while ((o = TAILQ_FIRST(&rb->opens)) != NULL) {
		TAILQ_REMOVE(&rb->opens, o, in_binding);
		dps__raw_open_lost(o);
	}
	TAILQ_REMOVE(&raw_bindings, rb, next);
}

static const struct dps_config_key raw_keys[] = {
	{"queue_len", DPS_CFG_U32, 1, DPS_RAW_QUEUE_MAX, RTE_STR(DPS_RAW_QUEUE_DEFAULT),
		"frames an open keeps when the client does not say"},
	{"ring_mem_mb", DPS_CFG_U32, 1, RAW_RING_MEM_MB_MAX, RTE_STR(RAW_RING_MEM_MB_DEFAULT),
		"shared-memory ring bytes (MiB) one client may map over all its opens"},
	{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
};

static const struct dps_protocol_ops raw_ops = {
	.bind_adapter = raw_bind,
	.unbind_adapter = raw_unbind,
	.receive = dps__raw_receive,
	.send_complete = raw_send_complete,
	.status = raw_status,
};

static DPS_CONTEXT_TYPE(raw_ctx_type, struct raw_binding, NULL);

/* The exit report's line: every open's counters, closed ones included. */
static void
raw_report(const struct dps_protocol_desc *desc, FILE *f)
{
	struct dps_raw_stats rs;

	RTE_SET_USED(desc);
	dps_raw_stats(&rs);
	fprintf(f,
		"  raw: opens %" PRIu64 " (%" PRIu64 " since start) received %" PRIu64
		" delivered %" PRIu64 " dropped %" PRIu64 " filtered %" PRIu64 " sent %" PRIu64
		" send_refused %" PRIu64 "\n",
		rs.opens, rs.opened, rs.received, rs.delivered, rs.dropped, rs.filtered, rs.sent,
		rs.send_refused);
}

const struct dps_protocol_desc dps_proto_raw = {
	.name = "raw",
	.ethertypes = NULL,
	.nb_ethertypes = 0,
	.default_filter = DPS_FILTER_DIRECTED | DPS_FILTER_MULTICAST | DPS_FILTER_BROADCAST,
	.ops = &raw_ops,
	.binding_ctx = &raw_ctx_type,
	.config_keys = raw_keys,
	.report = raw_report,
	.socket_service = dps_raw_server_ops,
};
DPS_PROTOCOL_REGISTER(dps_proto_raw);
