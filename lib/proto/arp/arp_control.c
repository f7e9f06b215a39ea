/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ARP on the control side: descriptor and configuration keys, bind/unbind,
 * the per-binding tick (which also sends the announcements that RESTART
 * cannot send itself, the binding not being Running yet), status and PnP
 * events, counters and cache reads.
 *
 * Aging: a control-thread timer (dps_ctrl_timer) ticks every ARP_TICK_MS,
 * sends a pending announcement once the binding is Running, and every aging
 * period deletes the entries not refreshed for cache_timeout seconds. The
 * control thread runs on the main lcore, so it has the lcore id rte_hash's
 * multi-writer slot caches require of every writer. (A thread of its own
 * would need rte_thread_register(), which in DPDK 22.11 disables
 * multi-process: secondaries such as dpdk-proc-info would be refused.)
 * unbind_adapter stops the timer; the cache itself is freed with the binding
 * context (object destroy), so a reader holding a reference on the binding
 * object never sees it freed.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_arp.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "arp_private.h"
#include "dps_lock.h"
#include "dps_status.h"

DPS_LOG_REGISTER(arp, INFO);

/* How often the tick runs (pending announcements; aging when due). */
#define ARP_TICK_MS 50

/* The binding context: the datapath state first (see arp_private.h). */
struct dps__arp_binding {
	struct dps__arp_state st;
	struct dps_binding *b;
	struct dps_ctrl_timer tick;
	uint64_t next_age;
	struct dps_mutex lock; /* control side: st.mac/addrs vs announcements, link_up */
	uint32_t announce;     /* atomic: 1 = an announcement is due */
	int link_up;
	int gratuitous;
	uint32_t aging_period_s;
};

_Static_assert(offsetof(struct dps__arp_binding, st) == 0,
	"the datapath takes the binding context as its state");

static const char *const stat_names[DPS_ARP_STAT_COUNT] = {
	[DPS_ARP_STAT_RX] = "rx",
	[DPS_ARP_STAT_REPLIES] = "replies",
	[DPS_ARP_STAT_RX_REPLIES] = "rx_replies",
	[DPS_ARP_STAT_GRATUITOUS] = "gratuitous",
	[DPS_ARP_STAT_CACHE_ADD] = "cache_add",
	[DPS_ARP_STAT_CACHE_UPDATE] = "cache_update",
	[DPS_ARP_STAT_CACHE_EXPIRED] = "cache_expired",
	[DPS_ARP_STAT_CACHE_FULL] = "cache_full",
	[DPS_ARP_STAT_CACHE_SKIPPED] = "cache_skipped",
	[DPS_ARP_STAT_CONFLICT] = "conflict",
	[DPS_ARP_STAT_RUNT] = "runt",
	[DPS_ARP_STAT_BAD_L2] = "bad_l2",
	[DPS_ARP_STAT_BAD_HTYPE] = "bad_htype",
	[DPS_ARP_STAT_BAD_PTYPE] = "bad_ptype",
	[DPS_ARP_STAT_BAD_HLEN] = "bad_hlen",
	[DPS_ARP_STAT_BAD_PLEN] = "bad_plen",
	[DPS_ARP_STAT_BAD_OP] = "bad_op",
	[DPS_ARP_STAT_BAD_SENDER] = "bad_sender",
	[DPS_ARP_STAT_BAD_SENDER_IP] = "bad_sender_ip",
	[DPS_ARP_STAT_LOOPED_BACK] = "looped_back",
	[DPS_ARP_STAT_NOT_FOR_US] = "not_for_us",
	[DPS_ARP_STAT_NOMBUF] = "nombuf",
	[DPS_ARP_STAT_TX] = "tx",
	[DPS_ARP_STAT_TX_DROPPED] = "tx_dropped",
	[DPS_ARP_STAT_TX_REFUSED] = "tx_refused",
};

const char *
dps_arp_stat_name(unsigned int stat)
{
	return stat < DPS_ARP_STAT_COUNT ? stat_names[stat] : NULL;
}

/* ---- state ---- */

void
dps__arp_state_set_addrs(struct dps__arp_state *st, const struct rte_ether_addr *mac,
	const struct dps_config_ipv4 *addrs, unsigned int nb_addrs)
{
	st->mac = *mac;
	if (nb_addrs > DPS__ARP_MAX_ADDRS)
		nb_addrs = DPS__ARP_MAX_ADDRS;
	for (unsigned int i = 0; i < nb_addrs; i++) {
		uint8_t plen = addrs[i].prefix_len;

		st->addrs[i] = addrs[i].addr;
		/* /31 (RFC 3021) and /32 have neither broadcast nor network address */
		if (plen >= 1 && plen <= 30) {
			uint32_t host = rte_cpu_to_be_32(UINT32_MAX >> plen);

			st->bcast[i] = addrs[i].addr | host;
			st->net[i] = addrs[i].addr & ~host;
		} else {
			st->bcast[i] = 0;
			st->net[i] = 0;
		}
	}
	st->nb_addrs = (uint8_t)nb_addrs;
}

int
dps__arp_state_init(struct dps__arp_state *st, const struct dps__arp_setup *s)
{
	static uint32_t seq; /* rte_hash names must be unique while they live */
	struct rte_hash_parameters hp;
	char name[RTE_HASH_NAMESIZE];
	uint64_t hz;

	if (st == NULL || s == NULL || (s->addrs == NULL && s->nb_addrs > 0) ||
		s->nb_addrs > DPS__ARP_MAX_ADDRS || s->cache_size < DPS__ARP_CACHE_SIZE_MIN ||
		s->cache_size > DPS__ARP_CACHE_SIZE_MAX || s->timeout_s < DPS__ARP_TIMEOUT_MIN ||
		s->timeout_s > DPS__ARP_TIMEOUT_MAX)
		return DPS_E_INVALID_PARAMETER;

	memset(st, 0, sizeof(*st));
	dps__arp_state_set_addrs(st, &s->mac, s->addrs, s->nb_addrs);
	st->port_id = s->port_id;
	st->pool = s->pool;
	st->cache_size = s->cache_size;
	st->timeout_s = s->timeout_s;
	st->time_shift = s->timeout_s > DPS__ARP_TIMEOUT_FINE_MAX ? 2 : 0;
	st->timeout_units = (s->timeout_s + (1u << st->time_shift) - 1) >> st->time_shift;
	hz = rte_get_timer_hz();
	st->tsc_per_unit = (hz > 0 ? hz : 1) << st->time_shift;

	snprintf(name, sizeof(name), "dps_arp_%u_%u", s->port_id,
		__atomic_fetch_add(&seq, 1, __ATOMIC_RELAXED));
	memset(&hp, 0, sizeof(hp));
	hp.name = name;
	hp.entries = s->cache_size;
	hp.key_len = sizeof(uint32_t);
	hp.hash_func = rte_hash_crc;
	hp.hash_func_init_val = 0;
	hp.socket_id = s->pool != NULL ? s->pool->socket_id : (int)SOCKET_ID_ANY;
	hp.extra_flag =
		RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF | RTE_HASH_EXTRA_FLAGS_MULTI_WRITER_ADD;
	st->cache = rte_hash_create(&hp);
	if (st->cache == NULL) {
		DPS_LOG(ERR, arp, "port %u: cannot create the cache (%u entries): %s", s->port_id,
			s->cache_size, rte_strerror(rte_errno));
		return DPS_E_RESOURCES;
	}
	st->max_expired = s->cache_size;
	st->limbo = rte_zmalloc("dps_arp_limbo", sizeof(uint32_t) * st->max_expired, 0);
	st->expired = rte_zmalloc("dps_arp_expired", sizeof(uint32_t) * st->max_expired, 0);
	if (st->limbo == NULL || st->expired == NULL) {
		dps__arp_state_fini(st);
		return DPS_E_RESOURCES;
	}
	return DPS_OK;
}

void
dps__arp_state_fini(struct dps__arp_state *st)
{
	if (st == NULL)
		return;
	/* freeing the hash frees the positions still in limbo with it */
	rte_hash_free(st->cache);
	st->cache = NULL;
	rte_free(st->limbo);
	st->limbo = NULL;
	rte_free(st->expired);
	st->expired = NULL;
	st->nb_limbo = 0;
	st->max_expired = 0;
}

void
dps__arp_stats_sum(const struct dps__arp_state *st, struct dps_arp_stats *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned int l = 0; l < DPS_PROTO_STAT_SLOTS; l++)
		for (unsigned int i = 0; i < DPS_ARP_STAT_COUNT; i++)
			out->v[i] += dps_proto_stat_read(&st->stats[l].v[i]);
}

/* ---- cache (control side) ---- */

uint32_t
dps__arp_cache_age(struct dps__arp_state *st, uint64_t now_tsc)
{
	uint16_t now = dps__arp_units(st, now_tsc);
	unsigned int slot = dps_proto_stat_slot();
	const void *key;
	uint32_t next = 0, n = 0, removed = 0;
	void *data;

	if (st->cache == NULL || slot >= RTE_MAX_LCORE)
		return 0;
	/* positions deleted one period ago: nobody can still be reading them */
	for (uint32_t i = 0; i < st->nb_limbo; i++)
		rte_hash_free_key_with_position(st->cache, (int32_t)st->limbo[i]);
	st->nb_limbo = 0;

	/* collect first: deleting while iterating could skip entries */
	while (n < st->max_expired && rte_hash_iterate(st->cache, &key, &data, &next) >= 0) {
		struct rte_ether_addr mac;
		uint16_t stamp;

		dps__arp_unpack((uint64_t)(uintptr_t)data, &mac, &stamp);
		if ((uint16_t)(now - stamp) > st->timeout_units)
			memcpy(&st->expired[n++], key, sizeof(uint32_t));
	}
	for (uint32_t i = 0; i < n; i++) {
		int32_t pos = rte_hash_del_key(st->cache, &st->expired[i]);

		if (pos < 0)
			continue; /* gone meanwhile */
		st->limbo[st->nb_limbo++] = (uint32_t)pos;
		removed++;
	}
	if (removed > 0)
		dps__arp_count(st, slot, DPS_ARP_STAT_CACHE_EXPIRED, removed);
	return removed;
}

static void
entry_fill(const struct dps__arp_state *st, uint32_t ip, uint64_t v, uint16_t now,
	struct dps_arp_entry *e)
{
	uint16_t stamp;

	e->ip = ip;
	dps__arp_unpack(v, &e->mac, &stamp);
	e->age_s = (uint32_t)(uint16_t)(now - stamp) << st->time_shift;
}

int
dps__arp_cache_get(
	const struct dps__arp_state *st, uint32_t ip, uint64_t now_tsc, struct dps_arp_entry *e)
{
	void *data;

	if (st->cache == NULL || rte_hash_lookup_data(st->cache, &ip, &data) < 0)
		return DPS_E_NOT_FOUND;
	if (e != NULL)
		entry_fill(st, ip, (uint64_t)(uintptr_t)data, dps__arp_units(st, now_tsc), e);
	return DPS_OK;
}

int
dps__arp_cache_walk(
	const struct dps__arp_state *st, uint64_t now_tsc, dps_arp_cache_cb cb, void *arg)
{
	uint16_t now = dps__arp_units(st, now_tsc);
	const void *key;
	uint32_t next = 0;
	void *data;
	int n = 0;

	if (st->cache == NULL)
		return 0;
	while (rte_hash_iterate(st->cache, &key, &data, &next) >= 0) {
		struct dps_arp_entry e;
		uint32_t ip;

		memcpy(&ip, key, sizeof(ip));
		entry_fill(st, ip, (uint64_t)(uintptr_t)data, now, &e);
		n++;
		if (cb(&e, arg) != 0)
			break;
	}
	return n;
}

/* ---- announcements ---- */

struct rte_mbuf *
dps__arp_build_announce(const struct dps__arp_state *st, uint32_t ip)
{
	const size_t len = sizeof(struct rte_ether_hdr) + sizeof(struct rte_arp_hdr);
	struct rte_ether_hdr *eth;
	struct rte_arp_hdr *arp;
	struct rte_mbuf *m;
	char *p;

	if (st->pool == NULL)
		return NULL;
	m = rte_pktmbuf_alloc(st->pool);
	if (m == NULL)
		return NULL;
	/* padded to the Ethernet minimum (60 bytes without FCS) with zeros */
	p = rte_pktmbuf_append(m, RTE_ETHER_MIN_LEN - RTE_ETHER_CRC_LEN);
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memset(p, 0, RTE_ETHER_MIN_LEN - RTE_ETHER_CRC_LEN);
	RTE_BUILD_BUG_ON(len > RTE_ETHER_MIN_LEN - RTE_ETHER_CRC_LEN);
	eth = (struct rte_ether_hdr *)p;
	memset(&eth->dst_addr, 0xff, sizeof(eth->dst_addr));
	eth->src_addr = st->mac;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_ARP);
	arp = (struct rte_arp_hdr *)(eth + 1);
	arp->arp_hardware = RTE_BE16(RTE_ARP_HRD_ETHER);
	arp->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	arp->arp_hlen = RTE_ETHER_ADDR_LEN;
	arp->arp_plen = sizeof(rte_be32_t);
	/* RFC 5227 section 2.3: an ARP request with sender = target = our address */
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REQUEST);
	arp->arp_data.arp_sha = st->mac;
	arp->arp_data.arp_sip = ip;
	arp->arp_data.arp_tip = ip;
	return m;
}

/* Send the announcements if one is due and the binding is Running. */
static void
arp_announce(struct dps__arp_binding *ab)
{
	struct rte_mbuf *tx[DPS__ARP_MAX_ADDRS];
	unsigned int slot = dps_proto_stat_slot();
	uint16_t n = 0;

	if (__atomic_load_n(&ab->announce, __ATOMIC_ACQUIRE) == 0 ||
		dps_binding_state(ab->b) != DPS_BINDING_RUNNING)
		return;
	if (__atomic_exchange_n(&ab->announce, 0, __ATOMIC_ACQ_REL) == 0)
		return; /* another thread took it */
	if (dps_mutex_lock(&ab->lock) != DPS_OK)
		return;
	if (ab->link_up && ab->gratuitous)
		for (unsigned int i = 0; i < ab->st.nb_addrs; i++) {
			tx[n] = dps__arp_build_announce(&ab->st, ab->st.addrs[i]);
			if (tx[n] == NULL) {
				dps__arp_count(&ab->st, slot, DPS_ARP_STAT_NOMBUF, 1);
				continue;
			}
			n++;
		}
	dps_mutex_unlock(&ab->lock);
	if (n == 0)
		return;
	if (dps__arp_send(ab->b, &ab->st, tx, n) != DPS_OK) {
		/* paused meanwhile: the next RESTART or link-up asks again */
		DPS_LOG(DEBUG, arp, "port %u: announcement refused (binding %s)", ab->st.port_id,
			dps_binding_state_str(dps_binding_state(ab->b)));
		return;
	}
	dps__arp_count(&ab->st, slot, DPS_ARP_STAT_GRATUITOUS, n);
	DPS_LOG(DEBUG, arp, "port %u: announced %u address(es)", ab->st.port_id, n);
}

static void
arp_tick(void *arg)
{
	struct dps__arp_binding *ab = arg;
	uint64_t now;

	arp_announce(ab);
	now = rte_get_timer_cycles();
	if (now >= ab->next_age) {
		uint32_t n = dps__arp_cache_age(&ab->st, now);

		if (n > 0)
			DPS_LOG(DEBUG, arp, "port %u: %u cache entries expired", ab->st.port_id, n);
		ab->next_age = now + (uint64_t)ab->aging_period_s * rte_get_timer_hz();
	}
}

/* ---- protocol ops ---- */

static uint32_t
cfg_u32(const struct dps_config_protocol *p, const char *key, uint32_t dflt, uint32_t min,
	uint32_t max)
{
	uint32_t v = dflt;

	if (p == NULL || dps_config_proto_u32(p, key, &v) != DPS_OK)
		v = dflt;
	return RTE_MIN(RTE_MAX(v, min), max);
}

static int
cfg_bool(const struct dps_config_protocol *p, const char *key, int dflt)
{
	int v = dflt;

	if (p == NULL || dps_config_proto_bool(p, key, &v) != DPS_OK)
		v = dflt;
	return v != 0;
}

static int
arp_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *params)
{
	struct dps__arp_binding *ab = ctx;
	struct dps__arp_setup s;
	int rc;

	if (((uintptr_t)ctx & (RTE_CACHE_LINE_SIZE - 1)) != 0) {
		DPS_LOG(ERR, arp, "%s: binding context not cache-line aligned",
			params->adapter_name);
		return DPS_E_INVALID_STATE;
	}
	memset(&s, 0, sizeof(s));
	s.mac = params->mac;
	s.port_id = params->port_id;
	s.addrs = params->addrs;
	s.nb_addrs = params->nb_addrs;
	s.pool = params->pool;
	s.cache_size = cfg_u32(params->proto_cfg, "cache_size", DPS__ARP_CACHE_SIZE_DFLT,
		DPS__ARP_CACHE_SIZE_MIN, DPS__ARP_CACHE_SIZE_MAX);
	s.timeout_s = cfg_u32(params->proto_cfg, "cache_timeout", DPS__ARP_TIMEOUT_DFLT,
		DPS__ARP_TIMEOUT_MIN, DPS__ARP_TIMEOUT_MAX);
	rc = dps__arp_state_init(&ab->st, &s);
	if (rc != DPS_OK)
		return rc;
	rc = dps_mutex_init(&ab->lock);
	if (rc != DPS_OK) {
		dps__arp_state_fini(&ab->st);
		return rc;
	}
	ab->b = b;
	ab->gratuitous = cfg_bool(params->proto_cfg, "gratuitous", 1);
	ab->link_up = params->link_up != 0;
	ab->aging_period_s = RTE_MIN(RTE_MAX(s.timeout_s / 10, 1u), 30u);
	__atomic_store_n(
		&ab->announce, (uint32_t)(ab->link_up && ab->gratuitous), __ATOMIC_RELEASE);

	ab->next_age = rte_get_timer_cycles() + (uint64_t)ab->aging_period_s * rte_get_timer_hz();
	rc = dps_ctrl_timer_start(&ab->tick, ARP_TICK_MS, arp_tick, ab);
	if (rc != DPS_OK) {
		DPS_LOG(ERR, arp, "%s: cannot start the aging timer: %s", params->adapter_name,
			dps_status_str(rc));
		dps_mutex_fini(&ab->lock);
		dps__arp_state_fini(&ab->st);
		return rc;
	}
	DPS_LOG(INFO, arp, "%s: %u address(es), cache %u entries, timeout %u s, gratuitous %s",
		params->adapter_name, ab->st.nb_addrs, s.cache_size, s.timeout_s,
		ab->gratuitous ? "yes" : "no");
	return DPS_OK;
}

static void
arp_unbind(struct dps_binding *b, void *ctx)
{
	struct dps__arp_binding *ab = ctx;

	RTE_SET_USED(b);
	__atomic_store_n(&ab->announce, 0, __ATOMIC_RELEASE);
	dps_ctrl_timer_stop(&ab->tick);
	/* the cache goes with the context (arp_ctx_fini) */
}

static void
arp_status(struct dps_binding *b, void *ctx, const struct dps_status_indication *ind)
{
	struct dps__arp_binding *ab = ctx;

	RTE_SET_USED(b);
	if (ind == NULL || ind->code != DPS_IND_LINK_STATE)
		return;
	if (dps_mutex_lock(&ab->lock) != DPS_OK)
		return;
	ab->link_up = ind->link_up != 0;
	__atomic_store_n(
		&ab->announce, (uint32_t)(ab->link_up && ab->gratuitous), __ATOMIC_RELEASE);
	dps_mutex_unlock(&ab->lock);
	arp_announce(ab); /* now if Running, else the tick once it is */
}

static int
arp_pnp(struct dps_binding *b, void *ctx, const struct dps_pnp_event *ev)
{
	struct dps__arp_binding *ab = ctx;

	RTE_SET_USED(b);
	if (ev == NULL || ev->code != DPS_PNP_RESTART || ev->params == NULL)
		return DPS_OK;
	/* Restarting: no worker delivers, the datapath state may change */
	if (dps_mutex_lock(&ab->lock) != DPS_OK)
		return DPS_E_LEVEL;
	dps__arp_state_set_addrs(
		&ab->st, &ev->params->mac, ev->params->addrs, ev->params->nb_addrs);
	ab->link_up = ev->params->link_up != 0;
	/* sent by the tick once the binding is Running */
	__atomic_store_n(
		&ab->announce, (uint32_t)(ab->link_up && ab->gratuitous), __ATOMIC_RELEASE);
	dps_mutex_unlock(&ab->lock);
	return DPS_OK;
}

static void
arp_ctx_fini(struct dps_object *obj, void *ctx)
{
	struct dps__arp_binding *ab = ctx;

	RTE_SET_USED(obj);
	/* the tick was stopped at unbind: nothing uses the state any more */
	dps__arp_state_fini(&ab->st);
	dps_mutex_fini(&ab->lock);
}

static const struct dps_config_key arp_keys[] = {
	{"cache_size", DPS_CFG_U32, DPS__ARP_CACHE_SIZE_MIN, DPS__ARP_CACHE_SIZE_MAX,
		RTE_STR(DPS__ARP_CACHE_SIZE_DFLT), "ARP cache entries per adapter"},
	{"cache_timeout", DPS_CFG_U32, DPS__ARP_TIMEOUT_MIN, DPS__ARP_TIMEOUT_MAX,
		RTE_STR(DPS__ARP_TIMEOUT_DFLT),
		"seconds a cache entry lives without being refreshed"},
	{"gratuitous", DPS_CFG_BOOL, 0, 1, "yes",
		"announce the adapter's addresses when the link comes up"},
	{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
};

static const uint16_t arp_ethertypes[] = {RTE_ETHER_TYPE_ARP};

static const struct dps_protocol_ops arp_ops = {
	.bind_adapter = arp_bind,
	.unbind_adapter = arp_unbind,
	.receive = dps__arp_receive,
	.send_complete = dps__arp_send_complete,
	.status = arp_status,
	.pnp_event = arp_pnp,
};

static DPS_CONTEXT_TYPE(arp_ctx_type, struct dps__arp_binding, arp_ctx_fini);

static void
arp_binding_report(struct dps_binding *b, void *ctx, FILE *f)
{
	RTE_SET_USED(ctx);
	dps_arp_print_stats(b, f);
}

const struct dps_protocol_desc dps_proto_arp = {
	.name = "arp",
	.ethertypes = arp_ethertypes,
	.nb_ethertypes = RTE_DIM(arp_ethertypes),
	.default_filter = DPS_FILTER_DIRECTED | DPS_FILTER_BROADCAST,
	.ops = &arp_ops,
	.binding_ctx = &arp_ctx_type,
	.config_keys = arp_keys,
	.counters = {stat_names, DPS_ARP_STAT_COUNT, offsetof(struct dps__arp_binding, st.stats),
		sizeof(struct dps__arp_lcore_stats)},
	.telemetry_cmd = dps__arp_telemetry_cmd,
	.telemetry_cmd_help = "ARP cache of an adapter: ip, mac, age_s. Parameter: adapter name or "
			      "port.",
	.binding_report = arp_binding_report,
};
DPS_PROTOCOL_REGISTER(dps_proto_arp);

/* ---- public reads ---- */

static struct dps__arp_binding *
arp_of(struct dps_binding *b)
{
	if (b == NULL || dps_protocol_desc(dps_binding_protocol(b)) != &dps_proto_arp)
		return NULL;
	return dps_binding_ctx(b);
}

int
dps_arp_stats(struct dps_binding *b, struct dps_arp_stats *out)
{
	struct dps__arp_binding *ab;

	if (out == NULL)
		return DPS_E_INVALID_PARAMETER;
	memset(out, 0, sizeof(*out));
	if (b == NULL || dps_protocol_desc(dps_binding_protocol(b)) != &dps_proto_arp)
		return DPS_E_INVALID_PARAMETER;
	ab = arp_of(b);
	if (ab == NULL)
		return DPS_E_NOT_READY;
	dps__arp_stats_sum(&ab->st, out);
	return DPS_OK;
}

int
dps_arp_cache_foreach(struct dps_binding *b, dps_arp_cache_cb cb, void *arg)
{
	struct dps__arp_binding *ab;

	if (b == NULL || cb == NULL || dps_protocol_desc(dps_binding_protocol(b)) != &dps_proto_arp)
		return DPS_E_INVALID_PARAMETER;
	ab = arp_of(b);
	if (ab == NULL || ab->st.cache == NULL)
		return DPS_E_NOT_READY;
	return dps__arp_cache_walk(&ab->st, rte_get_timer_cycles(), cb, arg);
}

int
dps_arp_cache_lookup(struct dps_binding *b, uint32_t ip, struct rte_ether_addr *mac)
{
	struct dps__arp_binding *ab;
	struct dps_arp_entry e;
	int rc;

	if (b == NULL || dps_protocol_desc(dps_binding_protocol(b)) != &dps_proto_arp)
		return DPS_E_INVALID_PARAMETER;
	ab = arp_of(b);
	if (ab == NULL || ab->st.cache == NULL)
		return DPS_E_NOT_READY;
	rc = dps__arp_cache_get(&ab->st, ip, rte_get_timer_cycles(), &e);
	if (rc == DPS_OK && mac != NULL)
		*mac = e.mac;
	return rc;
}

void
dps_arp_print_stats(struct dps_binding *b, FILE *f)
{
	struct dps__arp_binding *ab = arp_of(b);
	struct dps_arp_stats st;

	if (ab == NULL || f == NULL)
		return;
	dps__arp_stats_sum(&ab->st, &st);
	fprintf(f, "    arp:");
	for (unsigned int i = 0; i < DPS_ARP_STAT_COUNT; i++)
		if (i == DPS_ARP_STAT_RX || st.v[i] != 0)
			fprintf(f, " %s %" PRIu64, stat_names[i], st.v[i]);
	fprintf(f, " cache_entries %d\n", ab->st.cache != NULL ? rte_hash_count(ab->st.cache) : 0);
}
