/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Control side of the binding layer: protocol registry, the NDIS 6 binding
 * state machine, and publication of the per-adapter dispatch tables.
 * Everything here runs on the control thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_malloc.h>
#include <rte_tailq.h>
#include <rte_rcu_qsbr.h>

#include "binding_private.h"
#include "dps_fault.h"
#include "dps_level.h"
#include "dps_status.h"

DPS_LOG_REGISTER(binding, INFO);

#define TAG_BIND DPS_TAG("Bind")

/* How long pause waits for sends in flight and unbind for held frames. */
#define DRAIN_TIMEOUT_MS 5000

static struct dps_object *layer_stack;
static struct rte_rcu_qsbr *layer_rcu;
static int layer_ready;
static TAILQ_HEAD(dps_protocol_list, dps_protocol) protocols = TAILQ_HEAD_INITIALIZER(protocols);
static TAILQ_HEAD(, dps_binding) bindings = TAILQ_HEAD_INITIALIZER(bindings);
static void (*drain_hook)(void);

static DPS_CONTEXT_TYPE(binding_ctx_type, struct dps_binding, NULL);
static DPS_CONTEXT_TYPE(protocol_ctx_type, struct dps_protocol, NULL);

const char *
dps_binding_state_str(int state)
{
	switch (state) {
	case DPS_BINDING_UNBOUND:
		return "Unbound";
	case DPS_BINDING_OPENING:
		return "Opening";
	case DPS_BINDING_PAUSED:
		return "Paused";
	case DPS_BINDING_RESTARTING:
		return "Restarting";
	case DPS_BINDING_RUNNING:
		return "Running";
	case DPS_BINDING_PAUSING:
		return "Pausing";
	case DPS_BINDING_CLOSING:
		return "Closing";
	default:
		return "Invalid";
	}
}

static void
sleep_ms(unsigned int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static void
rcu_wait(void)
{
	if (layer_rcu != NULL)
		rte_rcu_qsbr_synchronize(layer_rcu, RTE_QSBR_THRID_INVALID);
}

/* ---- dispatch tables ---- */

static int
table_add(struct dps_dispatch_table *t, struct dps_binding *b)
{
	uint8_t slot = t->nb_slots;
	int catch_all = b->proto->desc->catch_all != 0;

	if (b->nb_ethertypes == 0 && !catch_all)
		return DPS_OK;
	if (slot >= DPS_DISPATCH_MAX_BINDINGS)
		return DPS_E_RESOURCES;
	if (catch_all && t->catch_all.nb >= DPS_DISPATCH_MAX_TARGETS)
		return DPS_E_RESOURCES;
	t->slot_binding[slot] = b;
	t->nb_slots++;
	if (catch_all) {
		struct dps_dispatch_entry *e = &t->catch_all;

		e->t[e->nb].b = b;
		e->t[e->nb].filter = b->filter;
		e->t[e->nb].slot = slot;
		e->nb++;
		return DPS_OK; /* a catch-all protocol has no EtherTypes (validated) */
	}
	for (unsigned int i = 0; i < b->nb_ethertypes; i++) {
		rte_be16_t type = rte_cpu_to_be_16(b->ethertypes[i]);
		struct dps_dispatch_entry *e = NULL;

		for (unsigned int k = 0; k < t->nb_entries; k++)
			if (t->e[k].ethertype == type)
				e = &t->e[k];
		if (e == NULL) {
			if (t->nb_entries >= DPS_DISPATCH_MAX_TYPES)
				return DPS_E_RESOURCES;
			e = &t->e[t->nb_entries++];
			e->ethertype = type;
			e->nb = 0;
		}
		if (b->ethertypes[i] == RTE_ETHER_TYPE_VLAN)
			t->outer_vlan = 1;
		if (e->nb >= DPS_DISPATCH_MAX_TARGETS)
			return DPS_E_RESOURCES;
		e->t[e->nb].b = b;
		e->t[e->nb].filter = b->filter;
		e->t[e->nb].slot = slot;
		e->nb++;
	}
	return DPS_OK;
}

/* Build and publish @p a's table from its Running bindings, then retire the old one. */
static int
publish(struct dps_adapter *a)
{
	struct dps_dispatch_table *t, *old;
	struct dps_binding *b;
	int rc = DPS_OK;

	t = dps_fault(DPS_FAULT_MALLOC)
		    ? NULL
		    : rte_zmalloc("dps_dispatch", sizeof(*t), RTE_CACHE_LINE_SIZE);
	if (t == NULL)
		return DPS_E_RESOURCES;
	TAILQ_FOREACH(b, &bindings, next)
	{
		if (b->adapter != a || atomic_load(&b->state) != DPS_BINDING_RUNNING)
			continue;
		rc = table_add(t, b);
		if (rc != DPS_OK) {
			DPS_LOG(ERR, binding, "%s: dispatch table full; %s not added", a->name,
				dps_object_name(b->obj));
			break;
		}
	}
	old = atomic_exchange_explicit(&a->dispatch, t, memory_order_acq_rel);
	rcu_wait();
	rte_free(old);
	return rc;
}

int
dps__binding_publish(struct dps_adapter *a)
{
	return publish(a);
}

/* ---- state machine ---- */

static int
level_ok(void)
{
	return dps_level_check_blocking();
}

static void
refresh_params(struct dps_binding *b)
{
	struct dps_adapter *a = b->adapter;

	b->params.mac = a->mac;
	b->params.mtu = a->mtu;
	b->params.link_up = atomic_load(&a->link_up);
	b->params.link_speed = atomic_load(&a->link_speed);
}

static uint64_t
inflight(const struct dps_binding *b)
{
	uint64_t n = atomic_load(&b->ctrl_inflight);

	for (unsigned int l = 0; l <= RTE_MAX_LCORE; l++)
		n += __atomic_load_n(&b->lc[l].inflight, __ATOMIC_ACQUIRE);
	return n;
}

static void
drain_sends(struct dps_binding *b)
{
	unsigned int waited = 0;

	while (inflight(b) != 0) {
		if (waited >= DRAIN_TIMEOUT_MS) {
			DPS_LOG(ERR, binding, "%s: %" PRIu64 " frames still in flight after %u ms",
				dps_object_name(b->obj), inflight(b), waited);
			return;
		}
		sleep_ms(1);
		waited++;
	}
}

struct open_arg {
	struct dps_binding *b;
};

static int
proto_ctx_init(struct dps_object *obj, void *ctx, void *arg)
{
	struct dps_binding *b = arg;

	RTE_SET_USED(obj);
	b->ctx = ctx;
	if (b->ops->bind_adapter == NULL)
		return DPS_OK;
	return b->ops->bind_adapter(b, ctx, &b->params);
}

static int
binding_init(struct dps_object *obj, void *ctx, void *arg)
{
	struct dps_binding *b = ctx;
	struct open_arg *oa = arg;

	RTE_SET_USED(obj);
	oa->b = b;
	atomic_init(&b->state, DPS_BINDING_UNBOUND);
	atomic_init(&b->held, 0);
	atomic_init(&b->oid_pending, 0);
	atomic_init(&b->ctrl_inflight, 0);
	atomic_init(&b->mcast, &b->mcast_buf[0]);
	return DPS_OK;
}

static struct dps_binding *
binding_find(const struct dps_protocol *p, const struct dps_adapter *a)
{
	struct dps_binding *b;

	TAILQ_FOREACH(b, &bindings, next)
	if (b->proto == p && b->adapter == a)
		return b;
	return NULL;
}

int
dps_binding_open(struct dps_protocol *p, struct dps_adapter *a, struct dps_binding **out)
{
	const struct dps_context_type *ctxs[3];
	struct dps_object_attr attr = {.type = "binding"};
	struct open_arg oa = {NULL};
	struct dps_object *obj;
	struct dps_binding *b;
	char name[32];
	int rc;

	if (out != NULL)
		*out = NULL;
	if (p == NULL || a == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (level_ok() != DPS_OK)
		return DPS_E_LEVEL;
	if (dps_object_is_deleted(a->obj))
		return DPS_E_ADAPTER_REMOVED;
	if (binding_find(p, a) != NULL)
		return DPS_E_EXISTS;

	ctxs[0] = &binding_ctx_type;
	ctxs[1] = p->desc->binding_ctx;
	ctxs[2] = NULL;
	snprintf(name, sizeof(name), "%s@%s", p->desc->name, a->name);
	attr.name = name;
	attr.contexts = ctxs;
	rc = dps_object_create(&attr, p->obj, &obj);
	if (rc != DPS_OK)
		return rc;
	dps_object_context_init(obj, &binding_ctx_type, binding_init, &oa);
	b = oa.b;
	b->obj = obj;
	b->proto = p;
	b->adapter = a;
	b->ops = p->desc->ops;
	b->filter = p->desc->default_filter;
	b->nb_ethertypes = p->desc->nb_ethertypes;
	if (b->nb_ethertypes > 0)
		memcpy(b->ethertypes, p->desc->ethertypes,
			b->nb_ethertypes * sizeof(b->ethertypes[0]));
	b->params.adapter_name = a->name;
	b->params.port_id = a->port_id;
	b->params.addrs = a->cfg.addrs;
	b->params.nb_addrs = a->cfg.nb_addrs;
	b->params.proto_cfg = p->cfg;
	b->params.pool = a->pool;
	refresh_params(b);

	rc = dps_object_ref(a->obj, TAG_BIND);
	if (rc != DPS_OK) {
		dps_object_delete(obj);
		return rc;
	}
	atomic_store(&b->state, DPS_BINDING_OPENING);
	rc = dps_object_context_init(obj, p->desc->binding_ctx, proto_ctx_init, b);
	if (b->ops->open_complete != NULL)
		b->ops->open_complete(b, rc == DPS_OK ? b->ctx : NULL, rc);
	if (rc != DPS_OK) {
		/* DPS_E_NOT_SUPPORTED: the protocol declines the adapter (the mux
		 * on an adapter without virtual ones), not a failure */
		if (rc == DPS_E_NOT_SUPPORTED)
			DPS_LOG(DEBUG, binding, "%s: declined by the protocol", name);
		else
			DPS_LOG(WARNING, binding, "%s: bind failed: %s", name, dps_status_str(rc));
		atomic_store(&b->state, DPS_BINDING_UNBOUND);
		dps_object_unref(a->obj, TAG_BIND);
		dps_object_delete(obj);
		return rc;
	}
	atomic_store(&b->state, DPS_BINDING_PAUSED);
	TAILQ_INSERT_TAIL(&bindings, b, next);
	DPS_LOG(INFO, binding, "%s: bound (Paused)", name);
	if (out != NULL)
		*out = b;
	return DPS_OK;
}

static int
transition(struct dps_binding *b, int from, int to)
{
	int expected = from;

	return atomic_compare_exchange_strong(&b->state, &expected, to) ? DPS_OK
									: DPS_E_INVALID_STATE;
}

int
dps_binding_restart(struct dps_binding *b)
{
	struct dps_pnp_event ev = {.code = DPS_PNP_RESTART};
	int rc;

	if (b == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (level_ok() != DPS_OK)
		return DPS_E_LEVEL;
	rc = transition(b, DPS_BINDING_PAUSED, DPS_BINDING_RESTARTING);
	if (rc != DPS_OK)
		return rc;
	refresh_params(b);
	ev.params = &b->params;
	if (b->ops->pnp_event != NULL) {
		rc = b->ops->pnp_event(b, b->ctx, &ev);
		if (rc != DPS_OK) {
			atomic_store(&b->state, DPS_BINDING_PAUSED);
			DPS_LOG(WARNING, binding, "%s: restart refused: %s",
				dps_object_name(b->obj), dps_status_str(rc));
			return rc;
		}
	}
	atomic_store(&b->state, DPS_BINDING_RUNNING);
	publish(b->adapter);
	DPS_LOG(DEBUG, binding, "%s: Running", dps_object_name(b->obj));
	return DPS_OK;
}

int
dps_binding_pause(struct dps_binding *b)
{
	struct dps_pnp_event ev = {.code = DPS_PNP_PAUSE};
	int rc;

	if (b == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (level_ok() != DPS_OK)
		return DPS_E_LEVEL;
	rc = transition(b, DPS_BINDING_RUNNING, DPS_BINDING_PAUSING);
	if (rc != DPS_OK)
		return rc;
	/* no worker delivers to it after the grace period in publish() */
	publish(b->adapter);
	drain_sends(b);
	if (b->ops->pnp_event != NULL)
		b->ops->pnp_event(b, b->ctx, &ev); /* a pause cannot be refused */
	atomic_store(&b->state, DPS_BINDING_PAUSED);
	/* a sender that saw Pausing just before the store completes soon */
	drain_sends(b);
	DPS_LOG(DEBUG, binding, "%s: Paused", dps_object_name(b->obj));
	return DPS_OK;
}

int
dps_binding_unbind(struct dps_binding *b)
{
	struct dps_adapter *a;
	unsigned int waited = 0;
	int rc;

	if (b == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (level_ok() != DPS_OK)
		return DPS_E_LEVEL;
	if (atomic_load(&b->state) == DPS_BINDING_RUNNING) {
		rc = dps_binding_pause(b);
		if (rc != DPS_OK)
			return rc;
	}
	rc = transition(b, DPS_BINDING_PAUSED, DPS_BINDING_CLOSING);
	if (rc != DPS_OK)
		return rc;
	if (b->ops->unbind_adapter != NULL)
		b->ops->unbind_adapter(b, b->ctx);
	/* every OID request completes (queued ones are aborted) before close */
	while (atomic_load(&b->oid_pending) != 0) {
		if (waited >= DRAIN_TIMEOUT_MS) {
			DPS_LOG(ERR, binding, "%s: %" PRIu64 " OID request(s) still pending",
				dps_object_name(b->obj), (uint64_t)atomic_load(&b->oid_pending));
			break;
		}
		if (drain_hook != NULL)
			drain_hook();
		sleep_ms(1);
		waited++;
	}
	waited = 0;
	while (atomic_load(&b->held) != 0) {
		if (waited >= DRAIN_TIMEOUT_MS) {
			DPS_LOG(ERR, binding, "%s: protocol still holds %" PRIu64 " frames",
				dps_object_name(b->obj), (uint64_t)atomic_load(&b->held));
			break;
		}
		sleep_ms(1);
		waited++;
	}
	drain_sends(b);
	atomic_store(&b->state, DPS_BINDING_UNBOUND);
	if (b->ops->close_complete != NULL)
		b->ops->close_complete(b, b->ctx);
	TAILQ_REMOVE(&bindings, b, next);
	a = b->adapter;
	if (a->mux == b)
		a->mux = NULL;
	DPS_LOG(INFO, binding, "%s: unbound", dps_object_name(b->obj));
	dps_object_delete(b->obj);
	dps_object_unref(a->obj, TAG_BIND);
	return DPS_OK;
}

void
dps_binding_oid_inc(struct dps_binding *b)
{
	if (b != NULL)
		atomic_fetch_add(&b->oid_pending, 1);
}

void
dps_binding_oid_dec(struct dps_binding *b)
{
	if (b != NULL)
		atomic_fetch_sub(&b->oid_pending, 1);
}

uint64_t
dps_binding_oid_pending(const struct dps_binding *b)
{
	return b == NULL ? 0 : atomic_load(&b->oid_pending);
}

void
dps_binding_set_drain_hook(void (*fn)(void))
{
	drain_hook = fn;
}

unsigned int
dps_binding_mcast(const struct dps_binding *b, struct rte_ether_addr *out, unsigned int max)
{
	const struct dps_mcast_list *ml;

	if (b == NULL)
		return 0;
	ml = atomic_load(&b->mcast);
	for (unsigned int i = 0; out != NULL && i < ml->n && i < max; i++)
		out[i] = ml->addr[i];
	return ml->n;
}

unsigned int
dps_binding_ethertypes(const struct dps_binding *b, uint16_t *out, unsigned int max)
{
	if (b == NULL)
		return 0;
	for (unsigned int i = 0; out != NULL && i < b->nb_ethertypes && i < max; i++)
		out[i] = b->ethertypes[i];
	return b->nb_ethertypes;
}

uint32_t
dps_binding_vlan(const struct dps_binding *b)
{
	return b == NULL ? 0 : b->vlan_id;
}

int
dps_binding_set_vlan(struct dps_binding *b, uint32_t vlan_id)
{
	if (b == NULL || vlan_id > 4095)
		return DPS_E_INVALID_PARAMETER;
	b->vlan_id = vlan_id;
	return DPS_OK;
}

enum dps_binding_state
dps_binding_state(const struct dps_binding *b)
{
	return b == NULL ? DPS_BINDING_UNBOUND : (enum dps_binding_state)atomic_load(&b->state);
}

int
dps_binding_set_filter(struct dps_binding *b, uint32_t filter)
{
	if (b == NULL || (filter & ~DPS_FILTER_ALL) != 0)
		return DPS_E_INVALID_PARAMETER;
	if (level_ok() != DPS_OK)
		return DPS_E_LEVEL;
	b->filter = filter;
	if (atomic_load(&b->state) == DPS_BINDING_RUNNING)
		return publish(b->adapter);
	return DPS_OK;
}

uint32_t
dps_binding_filter(const struct dps_binding *b)
{
	return b == NULL ? 0 : b->filter;
}

int
dps_binding_set_mcast(struct dps_binding *b, const struct rte_ether_addr *list, unsigned int n)
{
	struct dps_mcast_list *cur, *next;

	if (b == NULL || (list == NULL && n > 0))
		return DPS_E_INVALID_PARAMETER;
	if (n > DPS_BINDING_MAX_MCAST)
		return DPS_E_RESOURCES;
	for (unsigned int i = 0; i < n; i++)
		if (!rte_is_multicast_ether_addr(&list[i]))
			return DPS_E_INVALID_PARAMETER;
	if (level_ok() != DPS_OK)
		return DPS_E_LEVEL;
	cur = atomic_load(&b->mcast);
	next = cur == &b->mcast_buf[0] ? &b->mcast_buf[1] : &b->mcast_buf[0];
	next->n = (uint8_t)n;
	if (n > 0)
		memcpy(next->addr, list, n * sizeof(list[0]));
	atomic_store_explicit(&b->mcast, next, memory_order_release);
	rcu_wait(); /* nobody reads the old copy, which the next change reuses */
	return DPS_OK;
}

int
dps_binding_set_ethertypes(struct dps_binding *b, const uint16_t *types, unsigned int n)
{
	if (b == NULL || (types == NULL && n > 0))
		return DPS_E_INVALID_PARAMETER;
	if (n > DPS_BINDING_MAX_ETHERTYPES)
		return DPS_E_RESOURCES;
	if (n > 0 && b->ops->receive == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (level_ok() != DPS_OK)
		return DPS_E_LEVEL;
	/* the table holds copies: change, then republish */
	b->nb_ethertypes = (uint8_t)n;
	if (n > 0)
		memcpy(b->ethertypes, types, n * sizeof(types[0]));
	if (atomic_load(&b->state) == DPS_BINDING_RUNNING)
		return publish(b->adapter);
	return DPS_OK;
}

void *
dps_binding_ctx(struct dps_binding *b)
{
	return b == NULL ? NULL : b->ctx;
}

struct dps_adapter *
dps_binding_adapter(const struct dps_binding *b)
{
	return b == NULL ? NULL : b->adapter;
}

struct dps_protocol *
dps_binding_protocol(const struct dps_binding *b)
{
	return b == NULL ? NULL : b->proto;
}

struct dps_object *
dps_binding_object(struct dps_binding *b)
{
	return b == NULL ? NULL : b->obj;
}

const struct dps_bind_params *
dps_binding_params(const struct dps_binding *b)
{
	return b == NULL ? NULL : &b->params;
}

void
dps_binding_stats(const struct dps_binding *b, struct dps_binding_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (b == NULL)
		return;
	for (unsigned int l = 0; l <= RTE_MAX_LCORE; l++) {
		st->rx_frames += __atomic_load_n(&b->lc[l].rx_frames, __ATOMIC_RELAXED);
		st->rx_calls += __atomic_load_n(&b->lc[l].rx_calls, __ATOMIC_RELAXED);
		st->tx_frames += __atomic_load_n(&b->lc[l].tx_frames, __ATOMIC_RELAXED);
		st->tx_dropped += __atomic_load_n(&b->lc[l].tx_dropped, __ATOMIC_RELAXED);
		st->tx_refused += __atomic_load_n(&b->lc[l].tx_refused, __ATOMIC_RELAXED);
	}
	st->held = atomic_load(&b->held);
}

int
dps_binding_counters(const struct dps_binding *b, uint64_t *out, unsigned int max)
{
	const struct dps_protocol_counters *c;
	const char *base;

	if (b == NULL || (out == NULL && max > 0))
		return DPS_E_INVALID_PARAMETER;
	if (b->ctx == NULL)
		return DPS_E_NOT_READY;
	c = &b->proto->desc->counters;
	base = (const char *)b->ctx + c->offset;
	for (unsigned int i = 0; i < c->n && i < max; i++) {
		uint64_t sum = 0;

		for (unsigned int s = 0; s < DPS_PROTO_STAT_SLOTS; s++)
			sum += dps_proto_stat_read(
				(const uint64_t *)(const void *)(base + s * c->stride) + i);
		out[i] = sum;
	}
	return c->n;
}

int
dps_binding_adapter_info(const struct dps_binding *b, struct dps_adapter_info *out)
{
	const struct dps_adapter *a;

	if (b == NULL || out == NULL)
		return DPS_E_INVALID_PARAMETER;
	a = b->adapter;
	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", a->name);
	snprintf(out->device, sizeof(out->device), "%s", a->cfg.device);
	snprintf(out->driver, sizeof(out->driver), "%s", a->driver);
	out->port_id = a->port_id;
	out->mac = a->mac;
	out->mtu = a->mtu;
	out->link_up = atomic_load(&a->link_up);
	out->link_speed = atomic_load(&a->link_speed);
	return DPS_OK;
}

int
dps_protocol_foreach(int (*cb)(struct dps_protocol *p, void *arg), void *arg)
{
	struct dps_protocol *p, *tmp;
	int rc;

	if (cb == NULL)
		return DPS_E_INVALID_PARAMETER;
	RTE_TAILQ_FOREACH_SAFE(p, &protocols, next, tmp)
	{
		rc = cb(p, arg);
		if (rc != 0)
			return rc;
	}
	return DPS_OK;
}

int
dps_binding_foreach(int (*cb)(struct dps_binding *b, void *arg), void *arg)
{
	struct dps_binding *b, *tmp;
	int rc;

	if (cb == NULL)
		return DPS_E_INVALID_PARAMETER;
	RTE_TAILQ_FOREACH_SAFE(b, &bindings, next, tmp)
	{
		rc = cb(b, arg);
		if (rc != 0)
			return rc;
	}
	return DPS_OK;
}

void
dps_binding_indicate_status(struct dps_adapter *a, const struct dps_status_indication *ind)
{
	struct dps_binding *b, *tmp;

	if (a == NULL || ind == NULL)
		return;
	RTE_TAILQ_FOREACH_SAFE(b, &bindings, next, tmp)
	{
		int st = atomic_load(&b->state);

		if (b->adapter != a || st == DPS_BINDING_UNBOUND || st == DPS_BINDING_OPENING ||
			st == DPS_BINDING_CLOSING)
			continue;
		refresh_params(b);
		if (b->ops->status != NULL)
			b->ops->status(b, b->ctx, ind);
	}
}

/* ---- protocols ---- */

static int
policy_binds(const struct dps_protocol *p, const struct dps_adapter *a)
{
	if (p->cfg == NULL)
		return 1;
	return dps_config_proto_binds(p->cfg, a->name);
}

/* The first binding of @p a (or of @p p) still to unbind (skipping those whose unbind failed). */
static struct dps_binding *
next_to_unbind(const struct dps_adapter *a, const struct dps_protocol *p)
{
	struct dps_binding *b;

	TAILQ_FOREACH(b, &bindings, next)
	if ((a == NULL || b->adapter == a) && (p == NULL || b->proto == p) && !b->unbind_failed)
		return b;
	return NULL;
}

static int
bind_and_run(struct dps_protocol *p, struct dps_adapter *a)
{
	struct dps_binding *b;
	int rc = dps_binding_open(p, a, &b);

	if (rc != DPS_OK)
		return rc;
	return dps_binding_restart(b);
}

struct dps_protocol *
dps_protocol_find(const char *name)
{
	struct dps_protocol *p;

	if (name == NULL)
		return NULL;
	TAILQ_FOREACH(p, &protocols, next)
	if (strcmp(p->desc->name, name) == 0)
		return p;
	return NULL;
}

const struct dps_protocol_desc *
dps_protocol_desc(const struct dps_protocol *p)
{
	return p == NULL ? NULL : p->desc;
}

struct reg_arg {
	struct dps_protocol *p;
};

static int
protocol_init(struct dps_object *obj, void *ctx, void *arg)
{
	struct reg_arg *ra = arg;

	RTE_SET_USED(obj);
	ra->p = ctx;
	return DPS_OK;
}

static int
bind_new_adapter(struct dps_adapter *a, void *arg)
{
	struct dps_protocol *p = arg;
	int rc;

	if (!policy_binds(p, a))
		return 0;
	rc = bind_and_run(p, a);
	if (rc != DPS_OK && rc != DPS_E_NOT_SUPPORTED)
		DPS_LOG(WARNING, binding, "%s@%s: not running: %s", p->desc->name, a->name,
			dps_status_str(rc));
	return 0;
}

int
dps_protocol_register(const struct dps_protocol_desc *desc, const struct dps_config_protocol *cfg,
	struct dps_protocol **out)
{
	static const struct dps_context_type *const ctxs[] = {&protocol_ctx_type, NULL};
	struct dps_object_attr attr = {.type = "protocol", .contexts = ctxs};
	struct reg_arg ra = {NULL};
	struct dps_object *obj;
	struct dps_protocol *p;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (dps_protocol_desc_validate(desc, NULL, 0) != DPS_OK)
		return DPS_E_INVALID_PARAMETER;
	if (level_ok() != DPS_OK)
		return DPS_E_LEVEL;
	if (!layer_ready)
		return DPS_E_NOT_INITIALIZED;
	if (dps_protocol_find(desc->name) != NULL)
		return DPS_E_EXISTS;
	attr.name = desc->name;
	rc = dps_object_create(&attr, layer_stack, &obj);
	if (rc != DPS_OK)
		return rc;
	dps_object_context_init(obj, &protocol_ctx_type, protocol_init, &ra);
	p = ra.p;
	p->obj = obj;
	p->desc = desc;
	p->cfg = cfg;
	TAILQ_INSERT_TAIL(&protocols, p, next);
	DPS_LOG(INFO, binding, "protocol %s registered", desc->name);
	dps_adapter_foreach(bind_new_adapter, p);
	if (out != NULL)
		*out = p;
	return DPS_OK;
}

int
dps_protocol_deregister(struct dps_protocol *p)
{
	struct dps_binding *b, *tmp;

	if (p == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (level_ok() != DPS_OK)
		return DPS_E_LEVEL;
	RTE_SET_USED(tmp);
	/* an unbind may unbind others (the mux's removes its virtual adapters'
	 * bindings): walk again from the start after each */
	while ((b = next_to_unbind(NULL, p)) != NULL)
		if (dps_binding_unbind(b) != DPS_OK)
			b->unbind_failed = 1; /* skipped from now on; logged by unbind */
	TAILQ_REMOVE(&protocols, p, next);
	if (p->desc->ops->uninstall != NULL)
		p->desc->ops->uninstall(p);
	DPS_LOG(INFO, binding, "protocol %s deregistered", p->desc->name);
	dps_object_delete(p->obj);
	return DPS_OK;
}

int
dps_binding_layer_init(struct dps_object *stack, struct rte_rcu_qsbr *rcu)
{
	if (stack == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (layer_ready)
		return DPS_E_INVALID_STATE;
	layer_stack = stack;
	layer_rcu = rcu;
	layer_ready = 1;
	return DPS_OK;
}

int
dps_binding_adapter_arrived(struct dps_adapter *a)
{
	struct dps_protocol *p;
	int running = 0;

	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	TAILQ_FOREACH(p, &protocols, next)
	{
		if (!policy_binds(p, a) || binding_find(p, a) != NULL)
			continue;
		if (bind_and_run(p, a) == DPS_OK)
			running++;
	}
	return running;
}

void
dps_binding_adapter_departing(struct dps_adapter *a)
{
	struct dps_binding *b, *tmp;
	struct dps_dispatch_table *old;

	if (a == NULL)
		return;
	RTE_SET_USED(tmp);
	/* the MUX rule: the mux's binding first, whose unbind removes the
	 * virtual adapters over @p a (unbinding their protocols) */
	if (a->mux != NULL && dps_binding_unbind(a->mux) != DPS_OK)
		a->mux->unbind_failed = 1;
	while ((b = next_to_unbind(a, NULL)) != NULL)
		if (dps_binding_unbind(b) != DPS_OK)
			b->unbind_failed = 1;
	old = atomic_exchange(&a->dispatch, NULL);
	rcu_wait();
	rte_free(old);
}

void
dps_binding_synchronize(void)
{
	rcu_wait();
}

void
dps_binding_layer_fini(void)
{
	struct dps_protocol *p;

	while ((p = TAILQ_LAST(&protocols, dps_protocol_list)) != NULL)
		dps_protocol_deregister(p);
	layer_ready = 0;
	layer_stack = NULL;
	layer_rcu = NULL;
}
