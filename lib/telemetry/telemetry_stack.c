/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * /dpstack/info, adapters, adapter, protocols, bindings, binding, workers,
 * requests, clients. Each runs on a telemetry client thread: the adapter,
 * protocol and binding lists are read by a job on the control thread
 * (dps_ctrl_call) into a plain snapshot, which the client thread then turns
 * into the reply. A job may run after its caller gave up, on its own copy:
 * a snapshot therefore holds values, never pointers into the caller.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_mempool.h>
#include <rte_version.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_ctrl.h"
#include "dps_fault.h"
#include "dps_object.h"
#include "dps_server.h"
#include "dps_status.h"
#include "dps_worker.h"
#include "telemetry_private.h"

#define WHY_LEN 160

/* The reply for a dps_ctrl_call that did not run the job. */
static int
ctrl_error(struct rte_tel_data *d, int rc)
{
	switch (rc) {
	case DPS_E_TIMEOUT:
		return dps__tel_error(d, rc, "the control thread did not answer within %u ms",
			DPS__TEL_CTRL_TIMEOUT_MS);
	case DPS_E_NOT_READY:
		return dps__tel_error(d, rc, "the control thread is not running");
	case DPS_E_RESOURCES:
		return dps__tel_error(d, rc, "no memory, or the control thread's job ring is full");
	default:
		return dps__tel_error(d, rc, "control thread: %s", dps_status_str(rc));
	}
}

/*
 * A snapshot too large for the stack, filled by @p fn on the control thread.
 * @return it (the caller frees it), or NULL with the error reply written to
 * @p d and its value in *@p reply.
 */
static void *
heap_snapshot(struct rte_tel_data *d, int (*fn)(void *arg), size_t size, int *reply)
{
	void *j = calloc(1, size);
	int rc;

	if (j == NULL) {
		*reply = dps__tel_error(d, DPS_E_RESOURCES, "no memory for the reply");
		return NULL;
	}
	rc = dps_ctrl_call(fn, j, size, DPS__TEL_CTRL_TIMEOUT_MS);
	if (rc != DPS_OK) {
		free(j);
		*reply = ctrl_error(d, rc);
		return NULL;
	}
	return j;
}

/* Allocate @p n containers into @p pool up front; on failure free them all. */
static int
pool_fill(struct dps__tel_pool *pool, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		if (dps__tel_alloc(pool) == NULL) {
			dps__tel_pool_free(pool);
			return DPS_E_RESOURCES;
		}
	}
	return DPS_OK;
}

/*
 * Find an adapter by name, else by port number (a name that is all digits
 * wins over the port). Control thread.
 */
struct dps_adapter *
dps__tel_find_adapter(const char *id, int *status, char *why, size_t whylen)
{
	struct dps_adapter *a = dps_adapter_find(id);
	uint16_t port;
	int rc;

	if (a != NULL && !dps_object_is_deleted(a->obj))
		return a;
	rc = dps__tel_parse_port(id, &port, why, whylen);
	if (rc < 0) {
		*status = rc;
		return NULL;
	}
	if (rc == 1) {
		a = dps_adapter_by_port(port);
		if (a != NULL && !dps_object_is_deleted(a->obj))
			return a;
		snprintf(why, whylen, "no adapter on port %u", port);
	} else {
		char c[DPS__TEL_ID_MAX + 1];

		dps__tel_clean(c, sizeof(c), id);
		snprintf(why, whylen, "no adapter '%s'", c);
	}
	*status = DPS_E_NOT_FOUND;
	return NULL;
}

/* ---- /dpstack/info ---- */

struct info_job {
	unsigned int adapters, protocols, bindings;
	struct dps_ctrl_stats cs;
};

static int
count_protocol(const struct dps_object_info *oi, void *arg)
{
	if (!oi->deleted && strcmp(oi->type, "protocol") == 0)
		(*(unsigned int *)arg)++;
	return 0;
}

static int
count_binding(struct dps_binding *b, void *arg)
{
	RTE_SET_USED(b);
	(*(unsigned int *)arg)++;
	return 0;
}

static int
info_job(void *arg)
{
	struct info_job *j = arg;

	j->adapters = dps_adapter_count();
	dps_object_foreach(count_protocol, &j->protocols);
	dps_binding_foreach(count_binding, &j->bindings);
	dps_ctrl_stats(&j->cs);
	return DPS_OK;
}

int
dps__tel_info(const char *params, struct rte_tel_data *d)
{
	struct info_job j;
	char why[WHY_LEN];
	int rc;

	rc = dps__tel_parse_none(params, why, sizeof(why));
	if (rc != DPS_OK)
		return dps__tel_error(d, rc, "%s", why);
	memset(&j, 0, sizeof(j));
	rc = dps_ctrl_call(info_job, &j, sizeof(j), DPS__TEL_CTRL_TIMEOUT_MS);
	if (rc != DPS_OK)
		return ctrl_error(d, rc);
	rte_tel_data_start_dict(d);
	dps__tel_str(d, "version", DPS_VERSION);
	dps__tel_str(d, "dpdk_version", rte_version());
	dps__tel_u64(d, "pid", (uint64_t)getpid());
	dps__tel_str(d, "state", "running");
	dps__tel_u64(d, "uptime_s", dps__tel_uptime());
	dps__tel_str(d, "config", dps__tel_config_source());
	dps__tel_u64(d, "adapters", j.adapters);
	dps__tel_u64(d, "protocols", j.protocols);
	dps__tel_u64(d, "bindings", j.bindings);
	dps__tel_u64(d, "workers", dps_workers_lcores(NULL, 0));
	dps__tel_u64(d, "events_lsc", j.cs.events_lsc);
	dps__tel_u64(d, "events_rmv", j.cs.events_rmv);
	dps__tel_u64(d, "events_destroy", j.cs.events_destroy);
	dps__tel_u64(d, "events_dropped", j.cs.events_dropped);
	dps__tel_u64(d, "link_changes", j.cs.link_changes);
	dps__tel_u64(d, "adapters_removed", j.cs.adapters_removed);
	dps__tel_u64(d, "port_reconfigs", j.cs.port_reconfigs);
	if (dps__tel_mbuf_pool() != NULL) {
		dps__tel_u64(d, "mbufs", dps__tel_mbuf_pool()->size);
		dps__tel_u64(d, "mbufs_free", rte_mempool_avail_count(dps__tel_mbuf_pool()));
	}
	return 0;
}

/* ---- /dpstack/adapters ---- */

struct adapters_job {
	unsigned int n, total;
	struct {
		char name[sizeof(((struct dps_adapter *)0)->name)];
		uint16_t port;
	} a[DPS__TEL_MAX_ADAPTERS];
};

static int
list_adapter(struct dps_adapter *a, void *arg)
{
	struct adapters_job *j = arg;

	if (dps_object_is_deleted(a->obj))
		return 0;
	j->total++;
	if (j->n < DPS__TEL_MAX_ADAPTERS) {
		snprintf(j->a[j->n].name, sizeof(j->a[j->n].name), "%s", a->name);
		j->a[j->n].port = a->port_id;
		j->n++;
	}
	return 0;
}

static int
adapters_job(void *arg)
{
	return dps_adapter_foreach(list_adapter, arg);
}

int
dps__tel_adapters(const char *params, struct rte_tel_data *d)
{
	struct adapters_job j;
	char why[WHY_LEN];
	int rc;

	rc = dps__tel_parse_none(params, why, sizeof(why));
	if (rc != DPS_OK)
		return dps__tel_error(d, rc, "%s", why);
	memset(&j, 0, sizeof(j));
	rc = dps_ctrl_call(adapters_job, &j, sizeof(j), DPS__TEL_CTRL_TIMEOUT_MS);
	if (rc != DPS_OK)
		return ctrl_error(d, rc);
	rte_tel_data_start_dict(d);
	for (unsigned int i = 0; i < j.n; i++) {
		char key[sizeof(j.a[i].name)];

		dps__tel_key(key, sizeof(key), j.a[i].name);
		dps__tel_u64(d, key, j.a[i].port);
	}
	if (j.total > j.n)
		dps__tel_u64(d, "truncated", j.total - j.n);
	return 0;
}

/* ---- /dpstack/adapter,<id> ---- */

struct adapter_job {
	char id[DPS__TEL_ID_MAX + 1]; /* in */
	int status;
	char why[WHY_LEN];
	char name[sizeof(((struct dps_adapter *)0)->name)];
	char driver[sizeof(((struct dps_adapter *)0)->driver)];
	char device[DPS_CONFIG_DEVICE_LEN];
	struct rte_ether_addr mac, perm_mac;
	uint16_t port, mtu, min_mtu, max_mtu, nb_rxq, nb_txq;
	int link_up, admin_up, started;
	uint32_t link_speed;
	uint16_t rxq_lcore[DPS__TEL_MAX_WORKER_RXQ];
	uint64_t rx, tx, tx_dropped, rx_runt, rx_vlan_truncated, rx_too_many_vlans, rx_unclaimed,
		rx_filtered;
	char lower[sizeof(((struct dps_adapter *)0)->name)]; /* virtual: its lower adapter */
	uint16_t vlan;
	int tx_vlan_hw;
	unsigned int nb_virtuals; /* physical: virtual adapters over it */
};

static int
adapter_job(void *arg)
{
	struct adapter_job *j = arg;
	struct dps_adapter_lcore_stats st;
	struct dps_adapter *a;

	a = dps__tel_find_adapter(j->id, &j->status, j->why, sizeof(j->why));
	if (a == NULL)
		return DPS_OK;
	j->status = DPS_OK;
	snprintf(j->name, sizeof(j->name), "%s", a->name);
	snprintf(j->driver, sizeof(j->driver), "%s", a->driver);
	snprintf(j->device, sizeof(j->device), "%s", a->cfg.device);
	j->mac = a->mac;
	j->perm_mac = a->perm_mac;
	j->port = a->port_id;
	j->mtu = a->mtu;
	j->min_mtu = a->min_mtu;
	j->max_mtu = dps_adapter_max_mtu(a);
	j->nb_rxq = a->nb_rxq;
	j->nb_txq = a->nb_txq;
	j->link_up = atomic_load(&a->link_up);
	j->link_speed = atomic_load(&a->link_speed);
	j->admin_up = atomic_load(&a->admin_up);
	j->started = a->started;
	if (dps_adapter_is_virtual(a)) {
		snprintf(j->lower, sizeof(j->lower), "%s", a->lower->name);
		j->vlan = a->vlan_tci;
		j->tx_vlan_hw = a->tx_vlan_hw;
	}
	j->nb_virtuals = a->nb_virtuals;
	for (unsigned int q = 0; q < a->nb_rxq && q < DPS__TEL_MAX_WORKER_RXQ; q++)
		j->rxq_lcore[q] = a->rxq_lcore[q];
	dps_adapter_stats(a, &st);
	j->rx = st.rx;
	j->tx = st.tx;
	j->tx_dropped = st.tx_dropped;
	j->rx_runt = st.rx_runt;
	j->rx_vlan_truncated = st.rx_vlan_truncated;
	j->rx_too_many_vlans = st.rx_too_many_vlans;
	j->rx_unclaimed = st.rx_unclaimed;
	j->rx_filtered = st.rx_filtered;
	return DPS_OK;
}

static void
mac_str(struct rte_tel_data *d, const char *key, const struct rte_ether_addr *mac)
{
	char s[RTE_ETHER_ADDR_FMT_SIZE];

	rte_ether_format_addr(s, sizeof(s), mac);
	dps__tel_str(d, key, s);
}

int
dps__tel_adapter(const char *params, struct rte_tel_data *d)
{
	struct dps__tel_pool pool = {0};
	struct rte_tel_data *lcores;
	struct adapter_job j;
	int rc;

	memset(&j, 0, sizeof(j));
	rc = dps__tel_parse_id(params, j.id, sizeof(j.id), j.why, sizeof(j.why));
	if (rc != DPS_OK)
		return dps__tel_error(d, rc, "%s", j.why);
	rc = dps_ctrl_call(adapter_job, &j, sizeof(j), DPS__TEL_CTRL_TIMEOUT_MS);
	if (rc != DPS_OK)
		return ctrl_error(d, rc);
	if (j.status != DPS_OK)
		return dps__tel_error(d, j.status, "%s", j.why);
	lcores = dps__tel_alloc(&pool);
	if (lcores == NULL)
		return dps__tel_error(d, DPS_E_RESOURCES, "no memory for the reply");
	rte_tel_data_start_array(lcores, RTE_TEL_U64_VAL);
	for (unsigned int q = 0; q < j.nb_rxq && q < DPS__TEL_MAX_WORKER_RXQ; q++)
		rte_tel_data_add_array_u64(lcores, j.rxq_lcore[q]);

	rte_tel_data_start_dict(d);
	dps__tel_str(d, "name", j.name);
	dps__tel_u64(d, "port", j.port);
	dps__tel_str(d, "driver", j.driver);
	dps__tel_str(d, "device", j.device);
	/* a virtual adapter (the vlan mux) has no port: its lower adapter's serves it */
	dps__tel_str(d, "kind", j.lower[0] != '\0' ? "virtual" : "physical");
	if (j.lower[0] != '\0') {
		dps__tel_str(d, "lower", j.lower);
		dps__tel_u64(d, "vlan", j.vlan);
		dps__tel_str(d, "tag_insert", j.tx_vlan_hw ? "port" : "software");
	} else {
		dps__tel_u64(d, "virtual_adapters", j.nb_virtuals);
	}
	mac_str(d, "mac", &j.mac);
	mac_str(d, "permanent_mac", &j.perm_mac);
	dps__tel_u64(d, "mtu", j.mtu);
	dps__tel_u64(d, "min_mtu", j.min_mtu);
	dps__tel_u64(d, "max_mtu", j.max_mtu);
	dps__tel_str(d, "link", j.link_up ? "up" : "down");
	dps__tel_u64(d, "link_speed", j.link_speed);
	dps__tel_str(d, "admin", j.admin_up ? "up" : "down");
	dps__tel_str(d, "port_state",
		j.lower[0] != '\0' ? "none"
		: j.started	   ? "started"
				   : "stopped");
	dps__tel_u64(d, "rx_queues", j.nb_rxq);
	dps__tel_u64(d, "tx_queues", j.nb_txq);
	dps__tel_add_container(d, "rx_queue_lcores", lcores);
	dps__tel_u64(d, "rx", j.rx);
	dps__tel_u64(d, "tx", j.tx);
	dps__tel_u64(d, "tx_dropped", j.tx_dropped);
	dps__tel_u64(d, "rx_runt", j.rx_runt);
	dps__tel_u64(d, "rx_vlan_truncated", j.rx_vlan_truncated);
	dps__tel_u64(d, "rx_too_many_vlans", j.rx_too_many_vlans);
	dps__tel_u64(d, "rx_unclaimed", j.rx_unclaimed);
	dps__tel_u64(d, "rx_filtered", j.rx_filtered);
	return 0;
}

/* ---- /dpstack/protocols ---- */

struct protocols_job {
	unsigned int n, total;
	struct {
		char name[32];
		uint32_t default_filter;
		uint8_t catch_all;
		uint8_t nb_types;
		uint16_t types[DPS_BINDING_MAX_ETHERTYPES];
		unsigned int bindings;
	} p[DPS__TEL_MAX_PROTOCOLS];
};

static int
list_protocol(const struct dps_object_info *oi, void *arg)
{
	struct protocols_job *j = arg;

	if (oi->deleted || strcmp(oi->type, "protocol") != 0)
		return 0;
	j->total++;
	if (j->n < DPS__TEL_MAX_PROTOCOLS)
		snprintf(j->p[j->n++].name, sizeof(j->p[0].name), "%s", oi->name);
	return 0;
}

static int
count_protocol_binding(struct dps_binding *b, void *arg)
{
	struct protocols_job *j = arg;
	const struct dps_protocol_desc *desc = dps_protocol_desc(dps_binding_protocol(b));

	for (unsigned int i = 0; desc != NULL && i < j->n; i++)
		if (strcmp(desc->name, j->p[i].name) == 0)
			j->p[i].bindings++;
	return 0;
}

static int
protocols_job(void *arg)
{
	struct protocols_job *j = arg;

	dps_object_foreach(list_protocol, j);
	for (unsigned int i = 0; i < j->n; i++) {
		const struct dps_protocol_desc *desc =
			dps_protocol_desc(dps_protocol_find(j->p[i].name));

		if (desc == NULL)
			continue;
		j->p[i].default_filter = desc->default_filter;
		j->p[i].catch_all = desc->catch_all != 0;
		j->p[i].nb_types = RTE_MIN(desc->nb_ethertypes, DPS_BINDING_MAX_ETHERTYPES);
		for (unsigned int t = 0; desc->ethertypes != NULL && t < j->p[i].nb_types; t++)
			j->p[i].types[t] = desc->ethertypes[t];
	}
	dps_binding_foreach(count_protocol_binding, j);
	return DPS_OK;
}

/* "directed|broadcast" for a DPS_FILTER_* mask; "none" for 0. */
static void
filter_str(char *out, size_t len, uint32_t filter)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{DPS_FILTER_DIRECTED, "directed"},
		{DPS_FILTER_MULTICAST, "multicast"},
		{DPS_FILTER_ALL_MULTICAST, "all_multicast"},
		{DPS_FILTER_BROADCAST, "broadcast"},
		{DPS_FILTER_PROMISCUOUS, "promiscuous"},
	};
	size_t off = 0;

	out[0] = '\0';
	for (unsigned int i = 0; i < RTE_DIM(names); i++)
		if ((filter & names[i].bit) != 0 && off < len)
			off += (size_t)snprintf(
				out + off, len - off, "%s%s", off ? "|" : "", names[i].name);
	if (off == 0)
		snprintf(out, len, "none");
}

/* An array of "0x0806" strings. */
static void
ethertypes_array(struct rte_tel_data *c, const uint16_t *types, unsigned int n)
{
	rte_tel_data_start_array(c, RTE_TEL_STRING_VAL);
	for (unsigned int t = 0; t < n; t++) {
		char s[8];

		snprintf(s, sizeof(s), "0x%04x", types[t]);
		rte_tel_data_add_array_string(c, s);
	}
}

int
dps__tel_protocols(const char *params, struct rte_tel_data *d)
{
	struct dps__tel_pool pool = {0};
	struct protocols_job *j;
	char why[WHY_LEN];
	int rc;

	rc = dps__tel_parse_none(params, why, sizeof(why));
	if (rc != DPS_OK)
		return dps__tel_error(d, rc, "%s", why);
	j = heap_snapshot(d, protocols_job, sizeof(*j), &rc);
	if (j == NULL)
		return rc;
	if (pool_fill(&pool, 2 * j->n) != DPS_OK) {
		free(j);
		return dps__tel_error(d, DPS_E_RESOURCES, "no memory for the reply");
	}
	rte_tel_data_start_dict(d);
	for (unsigned int i = 0; i < j->n; i++) {
		struct rte_tel_data *pd = pool.c[2 * i], *types = pool.c[2 * i + 1];
		char key[sizeof(j->p[i].name)], f[80];

		ethertypes_array(types, j->p[i].types, j->p[i].nb_types);
		filter_str(f, sizeof(f), j->p[i].default_filter);
		rte_tel_data_start_dict(pd);
		dps__tel_add_container(pd, "ethertypes", types);
		dps__tel_str(pd, "default_filter", f);
		dps__tel_u64(pd, "catch_all", j->p[i].catch_all);
		dps__tel_u64(pd, "bindings", j->p[i].bindings);
		dps__tel_key(key, sizeof(key), j->p[i].name);
		dps__tel_add_container(d, key, pd);
	}
	if (j->total > j->n)
		dps__tel_u64(d, "truncated", j->total - j->n);
	free(j);
	return 0;
}

/* ---- /dpstack/bindings ---- */

struct bindings_job {
	unsigned int n, total;
	char name[DPS__TEL_MAX_BINDINGS][32];
};

static int
list_binding(struct dps_binding *b, void *arg)
{
	struct bindings_job *j = arg;

	j->total++;
	if (j->n < DPS__TEL_MAX_BINDINGS)
		snprintf(j->name[j->n++], sizeof(j->name[0]), "%s",
			dps_object_name(dps_binding_object(b)));
	return 0;
}

static int
bindings_job(void *arg)
{
	return dps_binding_foreach(list_binding, arg);
}

int
dps__tel_bindings(const char *params, struct rte_tel_data *d)
{
	struct bindings_job *j;
	char why[WHY_LEN];
	int rc;

	rc = dps__tel_parse_none(params, why, sizeof(why));
	if (rc != DPS_OK)
		return dps__tel_error(d, rc, "%s", why);
	j = heap_snapshot(d, bindings_job, sizeof(*j), &rc);
	if (j == NULL)
		return rc;
	rte_tel_data_start_array(d, RTE_TEL_STRING_VAL);
	for (unsigned int i = 0; i < j->n; i++) {
		char s[RTE_TEL_MAX_STRING_LEN];

		dps__tel_clean(s, sizeof(s), j->name[i]);
		rte_tel_data_add_array_string(d, s);
	}
	if (j->total > j->n)
		rte_tel_data_add_array_string(d, "...");
	free(j);
	return 0;
}

/* ---- /dpstack/binding,<proto@adapter> ---- */

#define MAX_PROTO_STATS DPS_PROTOCOL_MAX_COUNTERS

struct binding_job {
	char proto[DPS__TEL_ID_MAX + 1];   /* in */
	char adapter[DPS__TEL_ID_MAX + 1]; /* in */
	int status;
	char why[WHY_LEN];
	char name[32];
	int state;
	uint32_t filter, vlan;
	uint8_t nb_types;
	uint16_t types[DPS_BINDING_MAX_ETHERTYPES];
	unsigned int nb_mcast;
	struct dps_binding_stats st;
	uint64_t oid_pending;
	/* the protocol's part: its counter table, then its telemetry hook */
	const struct dps_protocol_desc *desc;
	unsigned int nb_pstats;
	uint64_t pstats[MAX_PROTO_STATS];
	dps_handle_t handle; /* of the binding, when the protocol has a hook */
	uintptr_t b;	     /* valid only once the handle is looked up */
};

struct binding_find {
	const struct dps_protocol *p;
	const struct dps_adapter *a;
	struct dps_binding *b;
};

static int
find_binding(struct dps_binding *b, void *arg)
{
	struct binding_find *f = arg;

	if (dps_binding_protocol(b) == f->p && dps_binding_adapter(b) == f->a) {
		f->b = b;
		return 1;
	}
	return 0;
}

static int
binding_job(void *arg)
{
	struct binding_job *j = arg;
	struct binding_find f = {NULL, NULL, NULL};
	const struct dps_protocol_desc *desc;
	struct dps_adapter *a;
	struct dps_binding *b;
	char c[DPS__TEL_ID_MAX + 1];
	int rc;

	f.p = dps_protocol_find(j->proto);
	if (f.p == NULL) {
		dps__tel_clean(c, sizeof(c), j->proto);
		snprintf(j->why, sizeof(j->why), "no protocol '%s'", c);
		j->status = DPS_E_NOT_FOUND;
		return DPS_OK;
	}
	a = dps__tel_find_adapter(j->adapter, &j->status, j->why, sizeof(j->why));
	if (a == NULL)
		return DPS_OK;
	f.a = a;
	dps_binding_foreach(find_binding, &f);
	b = f.b;
	if (b == NULL) {
		dps__tel_clean(c, sizeof(c), j->proto);
		snprintf(j->why, sizeof(j->why), "protocol %s is not bound to adapter %s", c,
			a->name);
		j->status = DPS_E_NOT_FOUND;
		return DPS_OK;
	}
	j->status = DPS_OK;
	desc = dps_protocol_desc(f.p);
	snprintf(j->name, sizeof(j->name), "%s", dps_object_name(dps_binding_object(b)));
	j->state = dps_binding_state(b);
	j->filter = dps_binding_filter(b);
	j->vlan = dps_binding_vlan(b);
	j->nb_mcast = dps_binding_mcast(b, NULL, 0);
	/* the binding's own list (raw's changes as clients open and close) */
	j->nb_types = RTE_MIN(dps_binding_ethertypes(b, j->types, DPS_BINDING_MAX_ETHERTYPES),
		(unsigned int)DPS_BINDING_MAX_ETHERTYPES);
	dps_binding_stats(b, &j->st);
	j->oid_pending = dps_binding_oid_pending(b);
	/* the descriptor is static (a built-in's, or a plugin's that stays loaded) */
	j->desc = desc;
	rc = dps_binding_counters(b, j->pstats, MAX_PROTO_STATS);
	j->nb_pstats = rc > 0 ? RTE_MIN((unsigned int)rc, (unsigned int)MAX_PROTO_STATS) : 0;
	j->b = (uintptr_t)b;
	if (desc->telemetry != NULL &&
		dps_object_handle(dps_binding_object(b), &j->handle) != DPS_OK)
		j->handle = DPS_HANDLE_INVALID;
	return DPS_OK;
}

/*
 * The protocol's hook, on this telemetry thread, with a reference that keeps
 * the binding (and its context) alive. @return its status.
 */
static int
binding_hook(const struct binding_job *j, struct rte_tel_data *ps)
{
	struct dps_binding *b = (struct dps_binding *)j->b;
	struct dps_object *obj;
	int rc;

	if (j->handle == DPS_HANDLE_INVALID)
		return DPS_E_RESOURCES;
	rc = dps_handle_lookup(j->handle, DPS__TEL_TAG, &obj);
	if (rc != DPS_OK)
		return rc == DPS_E_STALE_HANDLE ? DPS_E_DELETED : rc;
	rc = j->desc->telemetry(b, dps_binding_ctx(b), ps);
	dps_object_unref(obj, DPS__TEL_TAG);
	return rc;
}

int
dps__tel_binding(const char *params, struct rte_tel_data *d)
{
	struct dps__tel_pool pool = {0};
	struct rte_tel_data *types, *ps = NULL;
	struct binding_job j;
	char f[80], s[16];
	int rc, own;

	memset(&j, 0, sizeof(j));
	rc = dps__tel_parse_binding(params, j.proto, sizeof(j.proto), j.adapter, sizeof(j.adapter),
		j.why, sizeof(j.why));
	if (rc != DPS_OK)
		return dps__tel_error(d, rc, "%s", j.why);
	rc = dps_ctrl_call(binding_job, &j, sizeof(j), DPS__TEL_CTRL_TIMEOUT_MS);
	if (rc != DPS_OK)
		return ctrl_error(d, rc);
	if (j.status != DPS_OK)
		return dps__tel_error(d, j.status, "%s", j.why);
	own = j.desc->counters.n > 0 || j.desc->telemetry != NULL;
	types = dps__tel_alloc(&pool);
	if (types != NULL && own)
		ps = dps__tel_alloc(&pool);
	if (types == NULL || (own && ps == NULL)) {
		dps__tel_pool_free(&pool);
		return dps__tel_error(d, DPS_E_RESOURCES, "no memory for the reply");
	}
	ethertypes_array(types, j.types, j.nb_types);

	rte_tel_data_start_dict(d);
	dps__tel_str(d, "name", j.name);
	dps__tel_str(d, "protocol", j.proto);
	dps__tel_str(d, "adapter", strchr(j.name, '@') != NULL ? strchr(j.name, '@') + 1 : "");
	dps__tel_str(d, "state", dps_binding_state_str(j.state));
	filter_str(f, sizeof(f), j.filter);
	dps__tel_str(d, "filter", f);
	snprintf(s, sizeof(s), "0x%04x", j.filter);
	dps__tel_str(d, "filter_mask", s);
	dps__tel_add_container(d, "ethertypes", types);
	dps__tel_u64(d, "multicast_addresses", j.nb_mcast);
	dps__tel_u64(d, "vlan_id", j.vlan);
	dps__tel_u64(d, "rx_frames", j.st.rx_frames);
	dps__tel_u64(d, "rx_calls", j.st.rx_calls);
	dps__tel_u64(d, "tx_frames", j.st.tx_frames);
	dps__tel_u64(d, "tx_dropped", j.st.tx_dropped);
	dps__tel_u64(d, "tx_refused", j.st.tx_refused);
	dps__tel_u64(d, "held", j.st.held);
	dps__tel_u64(d, "oid_pending", j.oid_pending);
	if (ps != NULL) {
		char key[DPS_PROTOCOL_NAME_MAX + 1];

		rte_tel_data_start_dict(ps);
		for (unsigned int i = 0; i < j.nb_pstats; i++)
			dps__tel_u64(ps, j.desc->counters.names[i], j.pstats[i]);
		if (j.desc->telemetry != NULL) {
			rc = binding_hook(&j, ps);
			if (rc != DPS_OK) {
				dps__tel_str(ps, "status", dps_status_str(rc));
				dps__tel_str(ps, "error", "the protocol's telemetry hook failed");
			}
		}
		dps__tel_key(key, sizeof(key), j.desc->name);
		dps__tel_add_container(d, key, ps);
	}
	return 0;
}

/* ---- /dpstack/workers ---- */

struct workers_job {
	unsigned int n, total, na;
	char aname[DPS__TEL_MAX_ADAPTERS][sizeof(((struct dps_adapter *)0)->name)];
	struct {
		uint32_t lcore;
		uint16_t nq, more;
		struct dps_worker_stats st;
		struct {
			uint16_t a, q;
		} rxq[DPS__TEL_MAX_WORKER_RXQ];
	} w[DPS__TEL_MAX_WORKERS];
};

static int
worker_queues(struct dps_adapter *a, void *arg)
{
	struct workers_job *j = arg;
	uint16_t ai;

	if (dps_object_is_deleted(a->obj) || j->na >= DPS__TEL_MAX_ADAPTERS)
		return 0;
	ai = (uint16_t)j->na++;
	snprintf(j->aname[ai], sizeof(j->aname[ai]), "%s", a->name);
	for (uint16_t q = 0; q < a->nb_rxq; q++) {
		for (unsigned int i = 0; i < j->n; i++) {
			if (j->w[i].lcore != a->rxq_lcore[q])
				continue;
			if (j->w[i].nq < DPS__TEL_MAX_WORKER_RXQ) {
				j->w[i].rxq[j->w[i].nq].a = ai;
				j->w[i].rxq[j->w[i].nq].q = q;
				j->w[i].nq++;
			} else {
				j->w[i].more++;
			}
		}
	}
	return 0;
}

static int
workers_job(void *arg)
{
	struct workers_job *j = arg;
	unsigned int lcores[RTE_MAX_LCORE];

	j->total = dps_workers_lcores(lcores, RTE_MAX_LCORE);
	j->n = RTE_MIN(j->total, (unsigned int)DPS__TEL_MAX_WORKERS);
	for (unsigned int i = 0; i < j->n; i++) {
		j->w[i].lcore = lcores[i];
		dps_worker_stats(lcores[i], &j->w[i].st);
	}
	return dps_adapter_foreach(worker_queues, j);
}

int
dps__tel_workers(const char *params, struct rte_tel_data *d)
{
	struct dps__tel_pool pool = {0};
	struct workers_job *j;
	char why[WHY_LEN];
	int rc;

	rc = dps__tel_parse_none(params, why, sizeof(why));
	if (rc != DPS_OK)
		return dps__tel_error(d, rc, "%s", why);
	j = heap_snapshot(d, workers_job, sizeof(*j), &rc);
	if (j == NULL)
		return rc;
	if (pool_fill(&pool, 2 * j->n) != DPS_OK) {
		free(j);
		return dps__tel_error(d, DPS_E_RESOURCES, "no memory for the reply");
	}
	rte_tel_data_start_dict(d);
	for (unsigned int i = 0; i < j->n; i++) {
		struct rte_tel_data *wd = pool.c[2 * i], *qs = pool.c[2 * i + 1];
		char key[16];

		rte_tel_data_start_array(qs, RTE_TEL_STRING_VAL);
		for (unsigned int k = 0; k < j->w[i].nq; k++) {
			char s[RTE_TEL_MAX_STRING_LEN];

			snprintf(s, sizeof(s), "%s:%u", j->aname[j->w[i].rxq[k].a],
				j->w[i].rxq[k].q);
			rte_tel_data_add_array_string(qs, s);
		}
		if (j->w[i].more > 0)
			rte_tel_data_add_array_string(qs, "...");
		rte_tel_data_start_dict(wd);
		dps__tel_u64(wd, "lcore", j->w[i].lcore);
		dps__tel_u64(wd, "iterations", j->w[i].st.iterations);
		dps__tel_u64(wd, "busy", j->w[i].st.busy_iterations);
		dps__tel_u64(wd, "rx", j->w[i].st.rx);
		dps__tel_u64(wd, "resources_bursts", j->w[i].st.resources_bursts);
		dps__tel_u64(wd, "tsc", j->w[i].st.tsc);
		dps__tel_u64(wd, "tsc_hz", rte_get_tsc_hz());
		dps__tel_add_container(wd, "rx_queues", qs);
		snprintf(key, sizeof(key), "%u", j->w[i].lcore);
		dps__tel_add_container(d, key, wd);
	}
	if (j->total > j->n)
		dps__tel_u64(d, "truncated", j->total - j->n);
	free(j);
	return 0;
}

/* ---- /dpstack/requests, /dpstack/clients ---- */

int
dps__tel_requests(const char *params, struct rte_tel_data *d)
{
	struct dps_oid_stats st;
	char why[WHY_LEN];
	int rc;

	rc = dps__tel_parse_none(params, why, sizeof(why));
	if (rc != DPS_OK)
		return dps__tel_error(d, rc, "%s", why);
	/* atomic counters: read here, no control-thread job */
	dps_oid_stats(&st);
	rte_tel_data_start_dict(d);
	dps__tel_u64(d, "issued", st.issued);
	dps__tel_u64(d, "completed", st.completed);
	dps__tel_u64(d, "immediate", st.immediate);
	dps__tel_u64(d, "timeouts", st.timeouts);
	dps__tel_u64(d, "aborted", st.aborted);
	dps__tel_u64(d, "cancelled", st.cancelled);
	dps__tel_u64(d, "ring_full", st.ring_full);
	dps__tel_u64(d, "in_flight", st.in_flight);
	dps__tel_u64(d, "pool_free", st.pool_free);
	return 0;
}

#define TEL_MAX_CLIENTS 64

struct clients_job {
	unsigned int n;
	unsigned int total;
	struct {
		int32_t pid;
		uint32_t uid;
		uint32_t opens;
	} c[TEL_MAX_CLIENTS];
};

static int
client_cb(struct dps_srv_client *c, void *arg)
{
	struct clients_job *j = arg;

	j->total++;
	if (j->n < TEL_MAX_CLIENTS) {
		j->c[j->n].pid = (int32_t)dps_srv_client_pid(c);
		j->c[j->n].uid = (uint32_t)dps_srv_client_uid(c);
		j->c[j->n].opens = dps_object_child_count(dps_srv_client_object(c));
		j->n++;
	}
	return 0;
}

static int
clients_job(void *arg)
{
	struct clients_job *j = arg;

	j->n = j->total = 0;
	dps_server_foreach(client_cb, j);
	return DPS_OK;
}

int
dps__tel_clients(const char *params, struct rte_tel_data *d)
{
	struct clients_job j;
	char why[WHY_LEN];
	int rc;

	rc = dps__tel_parse_none(params, why, sizeof(why));
	if (rc != DPS_OK)
		return dps__tel_error(d, rc, "%s", why);
	memset(&j, 0, sizeof(j));
	rc = dps_ctrl_call(clients_job, &j, sizeof(j), DPS__TEL_CTRL_TIMEOUT_MS);
	if (rc != DPS_OK)
		return ctrl_error(d, rc);
	/* 22.11: an array cannot hold dicts: one dict per client, keyed by pid */
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_int(d, "clients", (int)j.total);
	rte_tel_data_add_dict_int(d, "truncated", j.total > j.n);
	for (unsigned int i = 0; i < j.n; i++) {
		struct rte_tel_data *c =
			dps_fault(DPS_FAULT_TELEMETRY_ALLOC) ? NULL : rte_tel_data_alloc();
		char key[16];

		if (c == NULL)
			break;
		rte_tel_data_start_dict(c);
		rte_tel_data_add_dict_int(c, "pid", j.c[i].pid);
		rte_tel_data_add_dict_u64(c, "uid", j.c[i].uid);
		rte_tel_data_add_dict_u64(c, "opens", j.c[i].opens);
		snprintf(key, sizeof(key), "pid_%d", (int)j.c[i].pid);
		rte_tel_data_add_dict_container(d, key, c, 0);
	}
	return 0;
}
