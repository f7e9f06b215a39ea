/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness: IPv4 receive (validation, ICMP echo, UDP echo) as the
 * binding layer calls it, a burst at a time (dps__ipv4_input, the receive
 * op's body), on frames of any shape (fuzz_frames.h).
 *
 * Control bytes:
 *   c0 bit 0  shared: the harness holds a second reference to every frame and
 *             passes DPS_RX_F_SHARED (the frames must come back unchanged)
 *      bit 1  DPS_RX_F_SHARED without a second reference
 *      bit 2  DPS_RX_F_RESOURCES
 *      bits 3-4  rx IP checksum flags: none, GOOD, BAD, NONE (0 1 2 3)
 *      bits 5-6  rx L4 checksum flags, the same
 *      bit 7  no pool for reply copies (nombuf)
 *   c1 bits 0-1  MTU: 0 (no limit), 576, 1500, 9000
 *      bit 2  icmp_echo = no;  bit 3  udp_echo = no
 *      bit 4  UDP echo port 9 instead of 7
 * Our addresses: 198.51.100.1/24, 203.0.113.5/32; our MAC 02:d5:00:00:00:01.
 *
 * Oracles: ASan/UBSan; rx grows by the frames given and
 * icmp_echo + udp_echo + the drop counters by as many (each frame one
 * verdict); the replies are as many as the echo counters grew, each from our
 * MAC and one of our addresses, with a right IPv4 header checksum, and
 * right ICMP/UDP checksums unless the port's flags vouched for the request;
 * shared frames are unchanged; every mbuf back in the pool exactly once.
 */
#include <netinet/in.h>

#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "fuzz_frames.h"
#include "ipv4_private.h"

static struct rte_mempool *pool;
static struct dps__ipv4_state *st;
static const struct rte_ether_addr our_mac = {{0x02, 0xd5, 0x00, 0x00, 0x00, 0x01}};
#define IP4(a, b, c, d)                                                                            \
	RTE_BE32((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
static const struct dps_config_ipv4 addrs[] = {
	{IP4(198, 51, 100, 1), 24}, {IP4(203, 0, 113, 5), 32}};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_eal_init("fuzz_ipv4", NULL);
	pool = fz_pool("fuzz_ipv4");
	st = rte_zmalloc("fuzz_ipv4", sizeof(*st), RTE_CACHE_LINE_SIZE);
	FZ_ASSERT(st != NULL);
	return 0;
}

static uint64_t
sum_of(const struct dps_ipv4_stats *s, unsigned int first, unsigned int last)
{
	uint64_t v = 0;

	for (unsigned int i = first; i <= last; i++)
		v += s->v[i];
	return v;
}

static uint64_t
ip_flags(unsigned int k)
{
	static const uint64_t f[4] = {RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN, RTE_MBUF_F_RX_IP_CKSUM_GOOD,
		RTE_MBUF_F_RX_IP_CKSUM_BAD, RTE_MBUF_F_RX_IP_CKSUM_NONE};

	return f[k & 3];
}

static uint64_t
l4_flags(unsigned int k)
{
	static const uint64_t f[4] = {RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN, RTE_MBUF_F_RX_L4_CKSUM_GOOD,
		RTE_MBUF_F_RX_L4_CKSUM_BAD, RTE_MBUF_F_RX_L4_CKSUM_NONE};

	return f[k & 3];
}

static int
ours(uint32_t ip)
{
	for (unsigned int i = 0; i < RTE_DIM(addrs); i++)
		if (addrs[i].addr == ip)
			return 1;
	return 0;
}

/* A reply must be one we may send: checked as a peer would. */
static void
check_reply(const struct rte_mbuf *r, int sums_trusted)
{
	static uint8_t buf[FZ_MAX_FRAME_LEN];
	const struct rte_ether_hdr *eth;
	const struct rte_ipv4_hdr *ip;
	uint32_t len, l2 = sizeof(*eth), ihl, tot;
	uint16_t type;

	fz_bytes(r, buf, &len);
	FZ_ASSERT(len >= sizeof(*eth) + sizeof(*ip));
	eth = (const struct rte_ether_hdr *)buf;
	FZ_ASSERT(rte_is_same_ether_addr(&eth->src_addr, &our_mac));
	type = eth->ether_type;
	while (type == RTE_BE16(RTE_ETHER_TYPE_VLAN) || type == RTE_BE16(RTE_ETHER_TYPE_QINQ)) {
		FZ_ASSERT(len >= l2 + 4 + sizeof(*ip));
		memcpy(&type, buf + l2 + 2, 2);
		l2 += 4;
	}
	FZ_ASSERT(type == RTE_BE16(RTE_ETHER_TYPE_IPV4));
	ip = (const struct rte_ipv4_hdr *)(buf + l2);
	ihl = (uint32_t)(ip->version_ihl & 0xf) * 4;
	tot = rte_be_to_cpu_16(ip->total_length);
	FZ_ASSERT(ihl >= 20 && tot >= ihl && l2 + tot == len);
	FZ_ASSERT(ours(ip->src_addr));
	FZ_ASSERT(ip->time_to_live == DPS__IPV4_REPLY_TTL);
	if (!sums_trusted) {
		/* the request's sums were checked, the reply's updated: all must hold */
		FZ_ASSERT(rte_raw_cksum(ip, ihl) == 0xffff);
		if (ip->next_proto_id == IPPROTO_ICMP)
			FZ_ASSERT(rte_raw_cksum(buf + l2 + ihl, tot - ihl) == 0xffff);
		else if (ip->next_proto_id == IPPROTO_UDP)
			FZ_ASSERT(rte_ipv4_udptcp_cksum_verify(ip, buf + l2 + ihl) == 0);
		else
			FZ_ASSERT(0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t mtus[4] = {0, 576, 1500, 9000};
	static uint8_t orig[FZ_MAX_FRAMES][FZ_MAX_FRAME_LEN];
	static uint32_t orig_len[FZ_MAX_FRAMES];
	struct fz_in in = {data, size};
	struct rte_mbuf *pkts[FZ_MAX_FRAMES], *tx[DPS_PROTO_TX_BATCH];
	struct dps_ipv4_stats before, after;
	struct dps__ipv4_setup s;
	uint8_t c0 = fz_u8(&in), c1 = fz_u8(&in);
	uint32_t flags = 0;
	uint64_t ol = ip_flags(c0 >> 3) | l4_flags(c0 >> 5);
	int shared = c0 & 1, trusted;
	uint16_t n, nb_tx;

	memset(&s, 0, sizeof(s));
	s.mac = our_mac;
	s.addrs = addrs;
	s.nb_addrs = RTE_DIM(addrs);
	s.pool = (c0 & 0x80) ? NULL : pool;
	s.mtu = mtus[c1 & 3];
	s.icmp_echo = !(c1 & 4);
	s.udp_echo = !(c1 & 8);
	s.udp_port = (c1 & 0x10) ? 9 : 7;
	FZ_ASSERT(dps__ipv4_state_init(st, &s) == 0);

	n = fz_frames(pool, &in, pkts, FZ_MAX_FRAMES);
	if (n == 0)
		return 0;
	for (uint16_t i = 0; i < n; i++) {
		pkts[i]->ol_flags |= ol;
		if (shared) {
			rte_pktmbuf_refcnt_update(pkts[i], 1);
			fz_bytes(pkts[i], orig[i], &orig_len[i]);
		}
	}
	if (shared || (c0 & 2))
		flags |= DPS_RX_F_SHARED;
	if (c0 & 4)
		flags |= DPS_RX_F_RESOURCES;
	/* a port that vouched (GOOD) for a wrong sum makes a reply with a wrong sum */
	trusted = (ol & RTE_MBUF_F_RX_IP_CKSUM_MASK) == RTE_MBUF_F_RX_IP_CKSUM_GOOD ||
		  (ol & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_GOOD;

	dps__ipv4_stats_sum(st, &before);
	nb_tx = dps__ipv4_input(st, pkts, n, flags, tx);
	dps__ipv4_stats_sum(st, &after);

	FZ_ASSERT(after.v[DPS_IPV4_STAT_RX] - before.v[DPS_IPV4_STAT_RX] == n);
	FZ_ASSERT(after.v[DPS_IPV4_STAT_ICMP_ECHO] + after.v[DPS_IPV4_STAT_UDP_ECHO] -
			  before.v[DPS_IPV4_STAT_ICMP_ECHO] - before.v[DPS_IPV4_STAT_UDP_ECHO] ==
		  nb_tx);
	FZ_ASSERT(sum_of(&after, DPS_IPV4_STAT_DROP_FIRST, DPS_IPV4_STAT_DROP_LAST) -
			  sum_of(&before, DPS_IPV4_STAT_DROP_FIRST, DPS_IPV4_STAT_DROP_LAST) ==
		  (uint64_t)(n - nb_tx));
	for (uint16_t i = 0; i < nb_tx; i++) {
		check_reply(tx[i], trusted);
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
	fz_check_pool(pool);
	return 0;
}
