/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_IPV4_PRIVATE_H
#define DPS_IPV4_PRIVATE_H

/*
 * Inside the IPv4 protocol: ipv4_datapath.c (validation, echo replies) and
 * ipv4_control.c (descriptor, bind, counters read). The dps__ipv4_*
 * functions are also what the unit tests drive, without any binding.
 */

#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "dps_ipv4.h"
#include "dps_log.h"
#include "dps_protocol.h"

DPS_LOG_EXTERN(ipv4);

#define DPS__IPV4_MAX_ADDRS DPS_CONFIG_MAX_ADDRS
#define DPS__IPV4_UDP_PORT_DFLT 7

/* TTL of the replies. */
#define DPS__IPV4_REPLY_TTL 64

struct dps__ipv4_lcore_stats {
	uint64_t v[DPS_IPV4_STAT_COUNT];
} __rte_cache_aligned;

/*
 * Per-adapter state; also the binding context (cache-line aligned, as
 * binding contexts are). Written only while no worker delivers (bind,
 * RESTART), except the counters (a slot per lcore).
 */
struct dps__ipv4_state {
	struct dps__ipv4_lcore_stats stats[DPS_PROTO_STAT_SLOTS];
	struct rte_ether_addr mac;
	uint8_t nb_addrs;
	uint32_t addrs[DPS__IPV4_MAX_ADDRS]; /* network order */
	uint32_t bcast[DPS__IPV4_MAX_ADDRS]; /* directed broadcast of each, 0 for /31 and /32 */
	struct rte_mempool *pool;	     /* for reply copies; may be NULL */
	uint32_t mtu;			     /* the adapter's; 0 = no limit */
	uint8_t icmp_echo;
	uint8_t udp_echo;
	rte_be16_t udp_port;
	uint8_t tx_udp_cksum; /* the port computes UDP checksums on tx
				 (RTE_ETH_TX_OFFLOAD_UDP_CKSUM) */
};

/* What a state is made from (bind parameters, or a unit test). */
struct dps__ipv4_setup {
	struct rte_ether_addr mac;
	const struct dps_config_ipv4 *addrs;
	unsigned int nb_addrs;
	struct rte_mempool *pool;
	uint16_t mtu; /* the adapter's; 0 = frames of any length */
	int icmp_echo;
	int udp_echo;
	uint16_t udp_port; /* host order, 1..65535 */
};

/* Outcome of one frame; each maps to exactly one counter. */
enum dps__ipv4_verdict {
	DPS__IPV4_ICMP_ECHO = 0, /* *reply is the echo reply */
	DPS__IPV4_UDP_ECHO,	 /* *reply is the UDP echo */
	DPS__IPV4_RUNT,
	DPS__IPV4_TOO_BIG,
	DPS__IPV4_LOOPED_BACK,
	DPS__IPV4_BAD_L2,
	DPS__IPV4_BAD_VERSION,
	DPS__IPV4_BAD_IHL,
	DPS__IPV4_HDR_TRUNCATED,
	DPS__IPV4_BAD_TOTAL_LENGTH,
	DPS__IPV4_TRUNCATED,
	DPS__IPV4_BAD_CKSUM,
	DPS__IPV4_BAD_OPTIONS,
	DPS__IPV4_FRAGMENT,
	DPS__IPV4_BROADCAST,
	DPS__IPV4_NOT_FOR_US,
	DPS__IPV4_BAD_SRC,
	DPS__IPV4_PROTO_OTHER,
	DPS__IPV4_ICMP_TRUNCATED,
	DPS__IPV4_ICMP_BAD_CKSUM,
	DPS__IPV4_ICMP_NOT_ECHO,
	DPS__IPV4_ICMP_DISABLED,
	DPS__IPV4_UDP_TRUNCATED,
	DPS__IPV4_UDP_BAD_LEN,
	DPS__IPV4_UDP_BAD_CKSUM,
	DPS__IPV4_UDP_NOT_ECHO_PORT,
	DPS__IPV4_UDP_BAD_PORT,
	DPS__IPV4_UDP_DISABLED,
	DPS__IPV4_NOMBUF,
	DPS__IPV4_VERDICT_COUNT
};

/* The counter a verdict is counted in. */
extern const uint8_t dps__ipv4_verdict_stat[DPS__IPV4_VERDICT_COUNT];

/* ---- ipv4_control.c ---- */

/*
 * Set up @p st from @p s (counters zeroed).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, too many addresses, a
 *         prefix length out of 1..32, port 0).
 */
int dps__ipv4_state_init(struct dps__ipv4_state *st, const struct dps__ipv4_setup *s);

/* Replace MAC and addresses (RESTART; no worker may deliver meanwhile). */
void dps__ipv4_state_set_addrs(struct dps__ipv4_state *st, const struct rte_ether_addr *mac,
	const struct dps_config_ipv4 *addrs, unsigned int nb_addrs);

/* Replace the MTU (0 = no limit; RESTART, as above). */
void dps__ipv4_state_set_mtu(struct dps__ipv4_state *st, uint16_t mtu);

/* Sum the per-lcore counters. */
void dps__ipv4_stats_sum(const struct dps__ipv4_state *st, struct dps_ipv4_stats *out);

/* ---- ipv4_datapath.c ---- */

/*
 * Handle one frame. On DPS__IPV4_ICMP_ECHO / DPS__IPV4_UDP_ECHO *reply is the
 * frame to send: @p m itself (rewritten in place, trimmed to its total
 * length) or a copy, in which case the caller still frees @p m. On any
 * other verdict *reply is NULL and the caller frees @p m.
 * Counts rx and the verdict's counter (and trimmed).
 */
enum dps__ipv4_verdict dps__ipv4_process(
	struct dps__ipv4_state *st, struct rte_mbuf *m, uint32_t rx_flags, struct rte_mbuf **reply);

/*
 * Handle @p n <= DPS_PROTO_TX_BATCH frames: replies go to @p tx (returned
 * count), everything else is freed.
 */
uint16_t dps__ipv4_input(struct dps__ipv4_state *st, struct rte_mbuf **pkts, uint16_t n,
	uint32_t rx_flags, struct rte_mbuf **tx);

/* The protocol ops that run on workers. */
void dps__ipv4_receive(
	struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags);
void dps__ipv4_send_complete(
	struct dps_binding *b, void *ctx, uint16_t sent, uint16_t n, int status);

static inline void
dps__ipv4_count(struct dps__ipv4_state *st, unsigned int slot, unsigned int stat, uint64_t n)
{
	dps_proto_stat_add(&st->stats[slot].v[stat], slot, n);
}

#endif /* DPS_IPV4_PRIVATE_H */
