/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_ARP_PRIVATE_H
#define DPS_ARP_PRIVATE_H

/*
 * Inside the ARP protocol: arp_datapath.c (receive, replies, learning) and
 * arp_control.c (bind, aging thread, announcements, counters read). The
 * dps__arp_* functions are also what the unit tests drive, without any
 * binding.
 */

#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_hash.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "dps_arp.h"
#include "dps_log.h"
#include "dps_protocol.h"

DPS_LOG_EXTERN(arp);

/* The cache keeps MAC and a 16-bit time stamp in the hash's 64-bit data word. */
_Static_assert(sizeof(void *) >= sizeof(uint64_t), "the ARP cache packs entries in pointers");

#define DPS__ARP_MAX_ADDRS DPS_CONFIG_MAX_ADDRS

/* Schema bounds and defaults (the key table repeats them as text). */
#define DPS__ARP_CACHE_SIZE_MIN 16
#define DPS__ARP_CACHE_SIZE_MAX 65536
#define DPS__ARP_CACHE_SIZE_DFLT 1024
#define DPS__ARP_TIMEOUT_MIN 1
#define DPS__ARP_TIMEOUT_MAX 86400
#define DPS__ARP_TIMEOUT_DFLT 300
/* Above this timeout (s) stamps count 4 s units, so 16 bits never wrap. */
#define DPS__ARP_TIMEOUT_FINE_MAX 30000

struct dps__arp_lcore_stats {
	uint64_t v[DPS_ARP_STAT_COUNT];
} __rte_cache_aligned;

/*
 * Per-adapter state the datapath reads. Written by the control side only
 * while no worker delivers to the binding (bind, RESTART), except the
 * cache (rte_hash, multi-writer) and the counters (a slot per lcore).
 * Must be cache-line aligned (the counters are): binding contexts are.
 * The binding context (arp_control.c) starts with it, so the datapath
 * takes the context pointer as a struct dps__arp_state *.
 */
struct dps__arp_state {
	struct dps__arp_lcore_stats stats[DPS_PROTO_STAT_SLOTS];
	struct rte_ether_addr mac;
	uint16_t port_id;
	uint8_t nb_addrs;
	uint32_t addrs[DPS__ARP_MAX_ADDRS]; /* network order */
	uint32_t bcast[DPS__ARP_MAX_ADDRS]; /* each one's subnet broadcast; 0 for /31, /32 */
	uint32_t net[DPS__ARP_MAX_ADDRS];   /* each one's network address; 0 for /31, /32 */
	struct rte_mempool *pool;	    /* for reply copies; may be NULL */
	struct rte_hash *cache;
	uint32_t cache_size;
	uint32_t timeout_s;
	uint32_t time_shift;	/* a stamp unit is 2^time_shift seconds */
	uint32_t timeout_units; /* timeout in stamp units, rounded up */
	uint64_t tsc_per_unit;
	/* aging (control side only) */
	uint32_t *limbo; /* positions deleted by the last pass, freed by the next */
	uint32_t nb_limbo;
	uint32_t *expired; /* keys collected by a pass */
	uint32_t max_expired;
};

/* What a state is made from (bind parameters, or a unit test). */
struct dps__arp_setup {
	struct rte_ether_addr mac;
	uint16_t port_id;
	const struct dps_config_ipv4 *addrs;
	unsigned int nb_addrs;
	struct rte_mempool *pool;
	uint32_t cache_size;
	uint32_t timeout_s;
};

/* Outcome of one frame; each maps to exactly one counter. */
enum dps__arp_verdict {
	DPS__ARP_REPLY = 0, /* *reply is the answer to send */
	DPS__ARP_RX_REPLY,  /* a valid reply to us: learnt, freed */
	DPS__ARP_RUNT,
	DPS__ARP_BAD_L2,
	DPS__ARP_BAD_HTYPE,
	DPS__ARP_BAD_PTYPE,
	DPS__ARP_BAD_HLEN,
	DPS__ARP_BAD_PLEN,
	DPS__ARP_BAD_OP,
	DPS__ARP_BAD_SENDER,
	DPS__ARP_BAD_SENDER_IP,
	DPS__ARP_LOOPED_BACK,
	DPS__ARP_NOT_FOR_US,
	DPS__ARP_NOMBUF,
	DPS__ARP_VERDICT_COUNT
};

/* The counter a verdict is counted in. */
extern const uint8_t dps__arp_verdict_stat[DPS__ARP_VERDICT_COUNT];

/* ---- arp_control.c ---- */

/*
 * Set up @p st (zeroed, or finalised) from @p s: addresses, cache.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, too many addresses, sizes
 *         out of the schema's range); DPS_E_RESOURCES (hash or memory).
 */
int dps__arp_state_init(struct dps__arp_state *st, const struct dps__arp_setup *s);

/* Release the cache and arrays; the counters stay readable. Idempotent. */
void dps__arp_state_fini(struct dps__arp_state *st);

/* Replace MAC and addresses (RESTART; no worker may deliver meanwhile). */
void dps__arp_state_set_addrs(struct dps__arp_state *st, const struct rte_ether_addr *mac,
	const struct dps_config_ipv4 *addrs, unsigned int nb_addrs);

/*
 * One aging pass at time @p now_tsc (timer cycles): frees the hash positions
 * the previous pass deleted (readers have had a whole aging period to let go
 * of them), then deletes the entries older than the timeout.
 * Must run on a thread with an lcore id (rte_hash multi-writer slot caches).
 * @return the number of entries removed.
 */
uint32_t dps__arp_cache_age(struct dps__arp_state *st, uint64_t now_tsc);

/* Look up @p ip (network order) at time @p now_tsc. DPS_OK / DPS_E_NOT_FOUND. */
int dps__arp_cache_get(
	const struct dps__arp_state *st, uint32_t ip, uint64_t now_tsc, struct dps_arp_entry *e);

/* Walk the cache; @return entries visited. */
int dps__arp_cache_walk(
	const struct dps__arp_state *st, uint64_t now_tsc, dps_arp_cache_cb cb, void *arg);

/* Sum the per-lcore counters. */
void dps__arp_stats_sum(const struct dps__arp_state *st, struct dps_arp_stats *out);

/* An announcement for @p ip (network order) from @p st's MAC, or NULL (no mbuf). */
struct rte_mbuf *dps__arp_build_announce(const struct dps__arp_state *st, uint32_t ip);

/* ---- arp_datapath.c ---- */

/*
 * Handle one frame. On DPS__ARP_REPLY *reply is the frame to send: @p m
 * itself (rewritten in place) or a copy, in which case the caller still
 * frees @p m. On any other verdict *reply is NULL and the caller frees @p m.
 * Counts rx and the verdict's counter.
 */
enum dps__arp_verdict dps__arp_process(
	struct dps__arp_state *st, struct rte_mbuf *m, uint32_t rx_flags, struct rte_mbuf **reply);

/*
 * Handle @p n <= DPS_PROTO_TX_BATCH frames: replies go to @p tx (returned
 * count), everything else is freed.
 */
uint16_t dps__arp_input(struct dps__arp_state *st, struct rte_mbuf **pkts, uint16_t n,
	uint32_t rx_flags, struct rte_mbuf **tx);

/* Learn @p mac for @p ip (network order): refresh an entry, create one if @p create. */
void dps__arp_learn(struct dps__arp_state *st, unsigned int slot, uint32_t ip,
	const struct rte_ether_addr *mac, int create);

/* The protocol ops that run on workers. */
void dps__arp_receive(
	struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags);
void dps__arp_send_complete(
	struct dps_binding *b, void *ctx, uint16_t sent, uint16_t n, int status);
/* Send @p n frames in one call; frames refused are freed and counted. */
int dps__arp_send(
	struct dps_binding *b, struct dps__arp_state *st, struct rte_mbuf **tx, uint16_t n);

/* ---- cache entry encoding: MAC in bits 0..47, time stamp in 48..63 ---- */

static inline uint64_t
dps__arp_pack(const struct rte_ether_addr *mac, uint16_t stamp)
{
	uint64_t v = (uint64_t)stamp << 48;

	for (unsigned int i = 0; i < RTE_ETHER_ADDR_LEN; i++)
		v |= (uint64_t)mac->addr_bytes[i] << (8 * i);
	return v;
}

static inline void
dps__arp_unpack(uint64_t v, struct rte_ether_addr *mac, uint16_t *stamp)
{
	for (unsigned int i = 0; i < RTE_ETHER_ADDR_LEN; i++)
		mac->addr_bytes[i] = (uint8_t)(v >> (8 * i));
	*stamp = (uint16_t)(v >> 48);
}

/* Time stamp (in units) of timer-cycle count @p tsc. */
static inline uint16_t
dps__arp_units(const struct dps__arp_state *st, uint64_t tsc)
{
	return (uint16_t)(tsc / st->tsc_per_unit);
}

static inline int
dps__arp_is_ours(const struct dps__arp_state *st, uint32_t ip)
{
	for (unsigned int i = 0; i < st->nb_addrs; i++)
		if (st->addrs[i] == ip)
			return 1;
	return 0;
}

/*
 * May @p ip (network order) be a host? Not a broadcast (limited, or of one
 * of our subnets), not one of our subnets' network address, not multicast
 * or loopback. (0.0.0.0, a probe's sender, is checked apart.)
 */
static inline int
dps__arp_bad_host(const struct dps__arp_state *st, uint32_t ip)
{
	if (ip != 0 && dps_proto_ipv4_special(ip))
		return 1;
	for (unsigned int i = 0; i < st->nb_addrs; i++)
		if (st->bcast[i] != 0 && (ip == st->bcast[i] || ip == st->net[i]))
			return 1;
	return 0;
}

static inline void
dps__arp_count(struct dps__arp_state *st, unsigned int slot, unsigned int stat, uint64_t n)
{
	dps_proto_stat_add(&st->stats[slot].v[stat], slot, n);
}

/* arp_telemetry.c: /dpstack/arp,<adapter> (the descriptor's telemetry_cmd) */
int dps__arp_telemetry_cmd(struct dps_binding *b, void *ctx, struct rte_tel_data *d);

#endif /* DPS_ARP_PRIVATE_H */
