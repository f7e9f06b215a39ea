/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness: ARP receive (validation, replies, cache learning) as
 * the binding layer calls it, a burst at a time (dps__arp_input, the
 * receive op's body), on frames of any shape (fuzz_frames.h).
 *
 * Control bytes:
 *   c0 bit 0  shared: the harness holds a second reference to every frame and
 *             passes DPS_RX_F_SHARED (the frames must come back unchanged)
 *      bit 1  DPS_RX_F_SHARED without a second reference
 *      bit 2  DPS_RX_F_RESOURCES
 *      bit 3  no pool for reply copies (nombuf)
 *      bit 4  age the cache after the burst as if its timeout had passed
 *      bit 5  keep the cache of the previous input (else it starts empty)
 * Our addresses: 198.51.100.1/24, 203.0.113.5/32 (nothing else is
 * ours); our MAC 02:d5:00:00:00:01; a 16-entry cache.
 *
 * Oracles: ASan/UBSan; rx grows by the frames given and replies +
 * rx_replies + the drop counters by as many; the replies are as many as
 * "replies" grew, each an ARP reply from our MAC and one of our addresses
 * to the requester's MAC; the cache never holds 0.0.0.0, our own, a
 * broadcast, a network, a multicast or a loopback address (issue 14.5);
 * shared frames are unchanged; every mbuf back in the pool exactly once.
 */
#include <rte_arp.h>
#include <rte_cycles.h>
#include <rte_hash.h>
#include <rte_malloc.h>

#include "arp_private.h"
#include "fuzz_frames.h"

static struct rte_mempool *pool;
static struct dps__arp_state *st;
static const struct rte_ether_addr our_mac = {{0x02, 0xd5, 0x00, 0x00, 0x00, 0x01}};
#define IP4(a, b, c, d)                                                                            \
	RTE_BE32((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
static const struct dps_config_ipv4 addrs[] = {
	{IP4(198, 51, 100, 1), 24}, {IP4(203, 0, 113, 5), 32}};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
state_up(struct rte_mempool *mp)
{
	struct dps__arp_setup s;

	memset(&s, 0, sizeof(s));
	s.mac = our_mac;
	s.addrs = addrs;
	s.nb_addrs = RTE_DIM(addrs);
	s.pool = mp;
	s.cache_size = 16;
	s.timeout_s = 1;
	dps__arp_state_fini(st);
	FZ_ASSERT(dps__arp_state_init(st, &s) == 0);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_eal_init("fuzz_arp", NULL);
	pool = fz_pool("fuzz_arp");
	st = rte_zmalloc("fuzz_arp", sizeof(*st), RTE_CACHE_LINE_SIZE);
	FZ_ASSERT(st != NULL);
	state_up(pool);
	return 0;
}

static uint64_t
sum_of(const struct dps_arp_stats *s, unsigned int first, unsigned int last)
{
	uint64_t v = 0;

	for (unsigned int i = first; i <= last; i++)
		v += s->v[i];
	return v;
}

static int
ours(uint32_t ip)
{
	for (unsigned int i = 0; i < RTE_DIM(addrs); i++)
		if (addrs[i].addr == ip)
			return 1;
	return 0;
}

/* No host has it: what the cache must never hold (computed here, not by the protocol). */
static int
not_a_host(uint32_t ip)
{
	uint32_t h = rte_be_to_cpu_32(ip);

	if (h == 0 || h == UINT32_MAX || (h >> 28) == 0xe || (h >> 24) == 127 || ours(ip))
		return 1;
	return h == 0xc63364ffu || h == 0xc6336400u; /* 198.51.100.255, .0 (our /24) */
}

static int
check_entry(const struct dps_arp_entry *e, void *arg)
{
	(void)arg;
	FZ_ASSERT(!not_a_host(e->ip));
	FZ_ASSERT(rte_is_valid_assigned_ether_addr(&e->mac));
	FZ_ASSERT(!rte_is_same_ether_addr(&e->mac, &our_mac));
	return 0;
}

static void
check_reply(const struct rte_mbuf *r)
{
	static uint8_t buf[FZ_MAX_FRAME_LEN];
	const struct rte_ether_hdr *eth;
	const struct rte_arp_hdr *arp;
	uint32_t len, l2 = sizeof(*eth);
	uint16_t type;

	fz_bytes(r, buf, &len);
	FZ_ASSERT(len >= sizeof(*eth) + sizeof(*arp));
	eth = (const struct rte_ether_hdr *)buf;
	FZ_ASSERT(rte_is_same_ether_addr(&eth->src_addr, &our_mac));
	type = eth->ether_type;
	while (type == RTE_BE16(RTE_ETHER_TYPE_VLAN) || type == RTE_BE16(RTE_ETHER_TYPE_QINQ)) {
		FZ_ASSERT(len >= l2 + 4 + sizeof(*arp));
		memcpy(&type, buf + l2 + 2, 2);
		l2 += 4;
	}
	FZ_ASSERT(type == RTE_BE16(RTE_ETHER_TYPE_ARP));
	arp = (const struct rte_arp_hdr *)(buf + l2);
	FZ_ASSERT(arp->arp_opcode == RTE_BE16(RTE_ARP_OP_REPLY));
	FZ_ASSERT(rte_is_same_ether_addr(&arp->arp_data.arp_sha, &our_mac));
	FZ_ASSERT(ours(arp->arp_data.arp_sip));
	FZ_ASSERT(rte_is_same_ether_addr(&arp->arp_data.arp_tha, &eth->dst_addr));
	FZ_ASSERT(rte_is_valid_assigned_ether_addr(&eth->dst_addr));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t orig[FZ_MAX_FRAMES][FZ_MAX_FRAME_LEN];
	static uint32_t orig_len[FZ_MAX_FRAMES];
	struct fz_in in = {data, size};
	struct rte_mbuf *pkts[FZ_MAX_FRAMES], *tx[DPS_PROTO_TX_BATCH];
	struct dps_arp_stats before, after;
	uint8_t c0 = fz_u8(&in);
	uint32_t flags = 0;
	int shared = c0 & 1;
	uint16_t n, nb_tx;

	if (!(c0 & 0x20)) {
		rte_hash_reset(st->cache);
		st->nb_limbo = 0; /* the reset freed the positions the last pass deleted */
	}
	st->pool = (c0 & 8) ? NULL : pool;
	n = fz_frames(pool, &in, pkts, FZ_MAX_FRAMES);
	if (n == 0)
		return 0;
	for (uint16_t i = 0; i < n && shared; i++) {
		rte_pktmbuf_refcnt_update(pkts[i], 1);
		fz_bytes(pkts[i], orig[i], &orig_len[i]);
	}
	if (shared || (c0 & 2))
		flags |= DPS_RX_F_SHARED;
	if (c0 & 4)
		flags |= DPS_RX_F_RESOURCES;

	dps__arp_stats_sum(st, &before);
	nb_tx = dps__arp_input(st, pkts, n, flags, tx);
	dps__arp_stats_sum(st, &after);

	FZ_ASSERT(after.v[DPS_ARP_STAT_RX] - before.v[DPS_ARP_STAT_RX] == n);
	FZ_ASSERT(after.v[DPS_ARP_STAT_REPLIES] - before.v[DPS_ARP_STAT_REPLIES] == nb_tx);
	FZ_ASSERT(after.v[DPS_ARP_STAT_REPLIES] + after.v[DPS_ARP_STAT_RX_REPLIES] +
			  sum_of(&after, DPS_ARP_STAT_DROP_FIRST, DPS_ARP_STAT_DROP_LAST) -
			  before.v[DPS_ARP_STAT_REPLIES] - before.v[DPS_ARP_STAT_RX_REPLIES] -
			  sum_of(&before, DPS_ARP_STAT_DROP_FIRST, DPS_ARP_STAT_DROP_LAST) ==
		  n);
	for (uint16_t i = 0; i < nb_tx; i++) {
		check_reply(tx[i]);
		for (uint16_t k = 0; k < i; k++)
			FZ_ASSERT(tx[k] != tx[i]);
		if (shared)
			for (uint16_t k = 0; k < n; k++)
				FZ_ASSERT(tx[i] != pkts[k]); /* never in place */
	}
	if (nb_tx > 0)
		rte_pktmbuf_free_bulk(tx, nb_tx);
	if (shared) {
		for (uint16_t i = 0; i < n; i++) {
			FZ_ASSERT(rte_mbuf_refcnt_read(pkts[i]) == 1);
			FZ_ASSERT(fz_same(pkts[i], orig[i], orig_len[i]));
		}
		rte_pktmbuf_free_bulk(pkts, n);
	}
	dps__arp_cache_walk(st, rte_get_timer_cycles(), check_entry, NULL);
	if (c0 & 0x10) {
		uint64_t later = rte_get_timer_cycles() + 4 * rte_get_timer_hz();
		int32_t left = rte_hash_count(st->cache);

		/* entries older than the timeout go; the next pass frees their positions */
		FZ_ASSERT(dps__arp_cache_age(st, later) == (uint32_t)left);
		FZ_ASSERT(dps__arp_cache_age(st, later) == 0);
		FZ_ASSERT(rte_hash_count(st->cache) == 0);
	}
	fz_check_pool(pool);
	return 0;
}
