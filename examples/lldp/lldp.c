/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An LLDP agent (IEEE 802.1AB) as a dpstack protocol plugin, built out of
 * tree against the installed SDK: it includes dps_protocol.h and nothing
 * else of dpstack's (docs/PROTOCOLS.md walks through this file).
 *
 * Per adapter (binding):
 *   - transmit: an LLDPDU (chassis id = the adapter's MAC, port id = the
 *     adapter's name, TTL = tx_interval * tx_hold, system name) every
 *     tx_interval seconds, at once when the link comes up, and a shutdown
 *     LLDPDU (TTL 0) when the binding pauses;
 *   - receive: every LLDPDU parsed strictly (lldp_frame.c); a good one adds
 *     or refreshes its sender in the neighbour table (lldp_neigh.c), a
 *     malformed one is counted and dropped;
 *   - a one-second control-thread timer ages the table and transmits when
 *     due;
 *   - counters in the descriptor's counter table (per lcore rows, summed by
 *     the stack), the neighbour table in /dpstack/binding,<id> through the
 *     telemetry hook, and in the exit report.
 *
 * Threads: receive runs on a worker (DATAPATH), the timer and status/PnP
 * callbacks on the control thread, telemetry on a telemetry thread; the
 * neighbour table is shared by all three under a spinlock (never held
 * across anything that blocks).
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dps_protocol.h"
#include "lldp_frame.h"
#include "lldp_neigh.h"

DPS_LOG_REGISTER(lldp, INFO);

/* The counter table: names and their index in a row. */
enum {
	C_RX_FRAMES,
	C_RX_MALFORMED,
	C_RX_DISCARDED,
	C_TLVS_UNRECOGNIZED,
	C_TLVS_DISCARDED,
	C_RX_SHUTDOWN,
	C_NEIGHBORS_ADDED,
	C_NEIGHBORS_UPDATED,
	C_NEIGHBORS_AGED,
	C_NEIGHBORS_FULL,
	C_TX_FRAMES,
	C_TX_FAILED,
	NB_COUNTERS,
};
static const char *const counter_names[NB_COUNTERS] = {
	[C_RX_FRAMES] = "rx_frames",
	[C_RX_MALFORMED] = "rx_malformed",
	[C_RX_DISCARDED] = "rx_discarded",
	[C_TLVS_UNRECOGNIZED] = "tlvs_unrecognized",
	[C_TLVS_DISCARDED] = "tlvs_discarded",
	[C_RX_SHUTDOWN] = "rx_shutdown",
	[C_NEIGHBORS_ADDED] = "neighbors_added",
	[C_NEIGHBORS_UPDATED] = "neighbors_updated",
	[C_NEIGHBORS_AGED] = "neighbors_aged",
	[C_NEIGHBORS_FULL] = "neighbors_full",
	[C_TX_FRAMES] = "tx_frames",
	[C_TX_FAILED] = "tx_failed",
};
/* a row per lcore, padded to two cache lines so that lcores do not share one */
#define ROW_WORDS 16

/* How often the timer runs: aging resolution and transmit granularity. */
#define TICK_MS 1000
/* The most LLDPDU bytes read from a frame (an LLDPDU fits one Ethernet frame). */
#define FRAME_MAX 1518

struct lldp_binding {
	uint64_t stats[DPS_PROTO_STAT_SLOTS][ROW_WORDS];
	struct dps_spinlock lock; /* the table */
	struct lldp_neigh_table table;
	struct dps_ctrl_timer tick;
	struct dps_binding *b;
	struct rte_mempool *pool;
	char adapter[32];
	uint8_t mac[6];
	char system_name[LLDP_STR_MAX + 1];
	uint32_t tx_interval; /* seconds */
	uint32_t tx_hold;     /* TTL = tx_interval * tx_hold (802.1AB msgTxHold) */
	uint64_t next_tx;     /* seconds, the monotonic clock */
	int link_up;
	int timer_on;
};

static DPS_CONTEXT_TYPE(lldp_ctx_type, struct lldp_binding, NULL);

static const struct dps_config_key lldp_keys[] = {
	{"tx_interval", DPS_CFG_U32, 1, 3600, "30", "seconds between announcements"},
	{"tx_hold", DPS_CFG_U32, 1, 100, "4",
		"the TTL announced is tx_interval * tx_hold seconds (at most 65535)"},
	{"system_name", DPS_CFG_STRING, 0, 254, "", /* a value is at most 254 characters */
		"System Name TLV; empty: the host name"},
	{NULL, 0, 0, 0, NULL, NULL},
};

static const uint16_t lldp_ethertypes[] = {LLDP_ETHERTYPE};

/* the three LLDP group addresses (802.1AB 7.1): the binding's multicast list */
static const struct rte_ether_addr lldp_groups[] = {
	{{0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e}},
	{{0x01, 0x80, 0xc2, 0x00, 0x00, 0x03}},
	{{0x01, 0x80, 0xc2, 0x00, 0x00, 0x00}},
};

static uint64_t
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts); /* vDSO: no system call on a worker */
	return (uint64_t)ts.tv_sec;
}

static void
count(struct lldp_binding *lb, unsigned int slot, unsigned int c, uint64_t n)
{
	if (n != 0)
		dps_proto_stat_add(&lb->stats[slot][c], slot, n);
}

static uint16_t
ttl_of(const struct lldp_binding *lb)
{
	uint64_t ttl = (uint64_t)lb->tx_interval * lb->tx_hold;

	return (uint16_t)(ttl > UINT16_MAX ? UINT16_MAX : ttl);
}

/* Build and send one LLDPDU (TTL 0: shutdown). CONTROL. */
static void
transmit(struct lldp_binding *lb, uint16_t ttl)
{
	struct lldp_tx_info ti = {
		.port_id = lb->adapter, .ttl = ttl, .system_name = lb->system_name};
	unsigned int slot = dps_proto_stat_slot();
	struct rte_mbuf *m;
	uint8_t *p;
	int len, rc;

	memcpy(ti.mac, lb->mac, sizeof(ti.mac));
	m = rte_pktmbuf_alloc(lb->pool);
	if (m == NULL) {
		count(lb, slot, C_TX_FAILED, 1);
		return;
	}
	p = rte_pktmbuf_mtod(m, uint8_t *);
	len = lldp_build(p, rte_pktmbuf_tailroom(m), &ti);
	if (len < 0 || rte_pktmbuf_append(m, (uint16_t)len) == NULL) {
		rte_pktmbuf_free(m);
		count(lb, slot, C_TX_FAILED, 1);
		return;
	}
	rc = dps_binding_send(lb->b, &m, 1);
	if (rc != DPS_OK) {
		/* not taken (not Running): still ours */
		rte_pktmbuf_free(m);
		count(lb, slot, C_TX_FAILED, 1);
		DPS_LOG(DEBUG, lldp, "%s: send: %s", lb->adapter, dps_status_str(rc));
	}
}

static void
tick(void *arg)
{
	struct lldp_binding *lb = arg;
	uint64_t now = now_s();
	unsigned int aged;

	dps_spinlock_lock(&lb->lock);
	aged = lldp_neigh_age(&lb->table, now);
	dps_spinlock_unlock(&lb->lock);
	count(lb, dps_proto_stat_slot(), C_NEIGHBORS_AGED, aged);
	if (lb->link_up && now >= lb->next_tx && dps_binding_state(lb->b) == DPS_BINDING_RUNNING) {
		lb->next_tx = now + lb->tx_interval;
		transmit(lb, ttl_of(lb));
	}
}

static int
lldp_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *params)
{
	struct lldp_binding *lb = ctx;
	const char *name = "";
	int rc;

	lb->b = b;
	lb->pool = params->pool;
	snprintf(lb->adapter, sizeof(lb->adapter), "%s", params->adapter_name);
	memcpy(lb->mac, params->mac.addr_bytes, sizeof(lb->mac));
	lb->link_up = params->link_up;
	lb->tx_interval = 30;
	lb->tx_hold = 4;
	/* the stack validated the section against lldp_keys: values are in range */
	if (params->proto_cfg != NULL) {
		dps_config_proto_u32(params->proto_cfg, "tx_interval", &lb->tx_interval);
		dps_config_proto_u32(params->proto_cfg, "tx_hold", &lb->tx_hold);
		dps_config_proto_string(params->proto_cfg, "system_name", &name);
	}
	if (name[0] != '\0')
		snprintf(lb->system_name, sizeof(lb->system_name), "%s", name);
	else if (gethostname(lb->system_name, sizeof(lb->system_name) - 1) != 0)
		lb->system_name[0] = '\0';
	rc = dps_spinlock_init(&lb->lock);
	if (rc != DPS_OK)
		return rc;
	lb->next_tx = 0; /* the first tick after Running announces us */
	rc = dps_ctrl_timer_start(&lb->tick, TICK_MS, tick, lb);
	if (rc != DPS_OK) {
		DPS_LOG(ERR, lldp, "%s: timer: %s", lb->adapter, dps_status_str(rc));
		return rc;
	}
	lb->timer_on = 1;
	DPS_LOG(INFO, lldp, "%s: bound, tx_interval %us, ttl %us, system name '%s'", lb->adapter,
		lb->tx_interval, ttl_of(lb), lb->system_name);
	return DPS_OK;
}

static void
lldp_open_complete(struct dps_binding *b, void *ctx, int status)
{
	int rc;

	if (status != DPS_OK || ctx == NULL)
		return;
	/* LLDPDUs go to group addresses: receive those three */
	rc = dps_binding_set_mcast(b, lldp_groups, RTE_DIM(lldp_groups));
	if (rc != DPS_OK)
		DPS_LOG(ERR, lldp, "%s: multicast list: %s", ((struct lldp_binding *)ctx)->adapter,
			dps_status_str(rc));
}

static void
lldp_unbind(struct dps_binding *b, void *ctx)
{
	struct lldp_binding *lb = ctx;

	(void)b;
	if (lb->timer_on)
		dps_ctrl_timer_stop(&lb->tick);
	lb->timer_on = 0;
	dps_spinlock_fini(&lb->lock);
}

static void
lldp_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	struct lldp_binding *lb = ctx;
	unsigned int slot = dps_proto_stat_slot();
	uint64_t now = now_s();
	static __thread uint8_t buf[FRAME_MAX];
	static __thread struct lldp_rx_info info;

	(void)b;
	(void)flags; /* frames are only read, and not kept */
	for (uint16_t i = 0; i < n; i++) {
		uint32_t len = RTE_MIN(rte_pktmbuf_pkt_len(pkts[i]), (uint32_t)FRAME_MAX);
		const uint8_t *f = rte_pktmbuf_read(pkts[i], 0, len, buf);
		enum lldp_neigh_result r;
		int rc;

		count(lb, slot, C_RX_FRAMES, 1);
		rc = f == NULL ? LLDP_PARSE_TRUNCATED : lldp_parse_frame(f, len, &info);
		if (rc == LLDP_PARSE_NOT_LLDP) {
			/* tagged, or not to an LLDP group address */
			count(lb, slot, C_RX_DISCARDED, 1);
			continue;
		}
		if (rc != LLDP_PARSE_OK) {
			count(lb, slot, C_RX_MALFORMED, 1);
			continue;
		}
		count(lb, slot, C_TLVS_UNRECOGNIZED, info.tlvs_unrecognized);
		count(lb, slot, C_TLVS_DISCARDED, info.tlvs_discarded);
		dps_spinlock_lock(&lb->lock);
		r = lldp_neigh_update(&lb->table, &info, now);
		dps_spinlock_unlock(&lb->lock);
		switch (r) {
		case LLDP_NEIGH_ADDED:
			count(lb, slot, C_NEIGHBORS_ADDED, 1);
			break;
		case LLDP_NEIGH_UPDATED:
			count(lb, slot, C_NEIGHBORS_UPDATED, 1);
			break;
		case LLDP_NEIGH_REMOVED:
		case LLDP_NEIGH_IGNORED:
			count(lb, slot, C_RX_SHUTDOWN, 1);
			break;
		case LLDP_NEIGH_FULL:
			count(lb, slot, C_NEIGHBORS_FULL, 1);
			break;
		}
	}
	rte_pktmbuf_free_bulk(pkts, n);
}

static void
lldp_status(struct dps_binding *b, void *ctx, const struct dps_status_indication *ind)
{
	struct lldp_binding *lb = ctx;
	int was_up = lb->link_up;

	(void)b;
	if (ind->code != DPS_IND_LINK_STATE)
		return;
	lb->link_up = ind->link_up;
	if (!ind->link_up || was_up)
		return;
	/* a link that comes up is announced at once (not at the next interval) */
	if (dps_binding_state(lb->b) == DPS_BINDING_RUNNING) {
		lb->next_tx = now_s() + lb->tx_interval;
		transmit(lb, ttl_of(lb));
	} else {
		lb->next_tx = 0; /* on the first tick in Running */
	}
}

static int
lldp_pnp(struct dps_binding *b, void *ctx, const struct dps_pnp_event *ev)
{
	struct lldp_binding *lb = ctx;

	(void)b;
	switch (ev->code) {
	case DPS_PNP_PAUSE:
		/* going away or being reconfigured: neighbours forget us now */
		if (lb->link_up && (dps_binding_state(lb->b) == DPS_BINDING_RUNNING ||
					   dps_binding_state(lb->b) == DPS_BINDING_PAUSING))
			transmit(lb, 0);
		break;
	case DPS_PNP_RESTART:
		if (ev->params != NULL) {
			memcpy(lb->mac, ev->params->mac.addr_bytes, sizeof(lb->mac));
			lb->link_up = ev->params->link_up;
		}
		lb->next_tx = 0; /* announce on the next tick */
		break;
	}
	return DPS_OK;
}

static void
lldp_send_complete(struct dps_binding *b, void *ctx, uint16_t sent, uint16_t n, int status)
{
	struct lldp_binding *lb = ctx;
	unsigned int slot = dps_proto_stat_slot();

	(void)b;
	(void)status;
	count(lb, slot, C_TX_FRAMES, sent);
	count(lb, slot, C_TX_FAILED, (uint64_t)(n - sent));
}

/* key "neighbor<i>_<field>" */
static const char *
nkey(char *buf, size_t len, unsigned int i, const char *field)
{
	snprintf(buf, len, "neighbor%u_%s", i, field);
	return buf;
}

/*
 * Telemetry: DPDK 22.11 nests containers one level deep only, and the
 * stack's reply already puts this dict inside the binding's, so the table
 * is flat: "neighbors" = N, then neighbor0_chassis_id ... for each.
 */
static int
lldp_telemetry(struct dps_binding *b, void *ctx, struct rte_tel_data *d)
{
	struct lldp_binding *lb = ctx;
	uint64_t now = now_s();
	unsigned int k = 0;
	char key[64];

	(void)b;
	rte_tel_data_add_dict_u64(d, "tx_interval", lb->tx_interval);
	rte_tel_data_add_dict_u64(d, "ttl", ttl_of(lb));
	rte_tel_data_add_dict_string(d, "system_name", lb->system_name);
	/* rte_tel_data calls only fill memory: the lock is held for no longer */
	dps_spinlock_lock(&lb->lock);
	rte_tel_data_add_dict_u64(d, "neighbors", lb->table.count);
	for (unsigned int i = 0; i < LLDP_NEIGH_MAX; i++) {
		const struct lldp_neigh *e = &lb->table.e[i];

		if (!e->used)
			continue;
		rte_tel_data_add_dict_string(
			d, nkey(key, sizeof(key), k, "chassis_id"), e->info.chassis);
		rte_tel_data_add_dict_u64(d, nkey(key, sizeof(key), k, "chassis_id_subtype"),
			e->info.chassis_subtype);
		rte_tel_data_add_dict_string(d, nkey(key, sizeof(key), k, "port_id"), e->info.port);
		rte_tel_data_add_dict_u64(
			d, nkey(key, sizeof(key), k, "port_id_subtype"), e->info.port_subtype);
		rte_tel_data_add_dict_string(
			d, nkey(key, sizeof(key), k, "system_name"), e->info.system_name);
		rte_tel_data_add_dict_string(
			d, nkey(key, sizeof(key), k, "port_description"), e->info.port_descr);
		rte_tel_data_add_dict_u64(d, nkey(key, sizeof(key), k, "ttl"), e->info.ttl);
		rte_tel_data_add_dict_u64(d, nkey(key, sizeof(key), k, "expires_in"),
			e->expires > now ? e->expires - now : 0);
		rte_tel_data_add_dict_u64(d, nkey(key, sizeof(key), k, "lldpdus"), e->updates);
		k++;
	}
	dps_spinlock_unlock(&lb->lock);
	return DPS_OK;
}

/* The exit report: the counters that moved, then the neighbours. */
static void
lldp_binding_report(struct dps_binding *b, void *ctx, FILE *f)
{
	struct lldp_binding *lb = ctx;
	uint64_t v[NB_COUNTERS], now = now_s();
	int n = dps_binding_counters(b, v, NB_COUNTERS);

	fprintf(f, "    lldp:");
	for (int i = 0; i < n && i < NB_COUNTERS; i++)
		if (v[i] != 0)
			fprintf(f, " %s %" PRIu64, counter_names[i], v[i]);
	dps_spinlock_lock(&lb->lock);
	fprintf(f, "; %u neighbor(s)\n", lb->table.count);
	for (unsigned int i = 0; i < LLDP_NEIGH_MAX; i++) {
		const struct lldp_neigh *e = &lb->table.e[i];

		if (e->used)
			fprintf(f,
				"    lldp neighbor: chassis %s port %s system '%s' ttl %u "
				"expires in %" PRIu64 "s\n",
				e->info.chassis, e->info.port, e->info.system_name, e->info.ttl,
				e->expires > now ? e->expires - now : 0);
	}
	dps_spinlock_unlock(&lb->lock);
}

static const struct dps_protocol_ops lldp_ops = {
	.bind_adapter = lldp_bind,
	.open_complete = lldp_open_complete,
	.unbind_adapter = lldp_unbind,
	.receive = lldp_receive,
	.send_complete = lldp_send_complete,
	.status = lldp_status,
	.pnp_event = lldp_pnp,
};

static const struct dps_protocol_desc lldp_desc = {
	.name = "lldp",
	.ethertypes = lldp_ethertypes,
	.nb_ethertypes = RTE_DIM(lldp_ethertypes),
	.default_filter = DPS_FILTER_MULTICAST,
	.ops = &lldp_ops,
	.binding_ctx = &lldp_ctx_type,
	.config_keys = lldp_keys,
	.counters =
		{
			.names = counter_names,
			.n = NB_COUNTERS,
			.offset = offsetof(struct lldp_binding, stats),
			.stride = sizeof(uint64_t) * ROW_WORDS,
		},
	.telemetry = lldp_telemetry,
	.binding_report = lldp_binding_report,
};

DPS_PLUGIN_EXPORT(lldp_desc);
