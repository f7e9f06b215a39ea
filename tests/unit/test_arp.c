/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ARP protocol: per-frame verdicts and exact reply bytes (in place and
 * copied), every malformed case with its counter, the cache (learn, update,
 * age, full, walk), announcements, and the protocol ops through the real
 * binding layer on a net_null adapter (replies, gratuitous ARP on restart
 * and link up, the aging tick stopped at unbind). Every test ends with
 * the mempool full again.
 */
#include <inttypes.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "arp_private.h"
#include "dps_adapter.h"
#include "dps_arp.h"
#include "dps_binding.h"
#include "dps_ctrl.h"
#include "dps_dispatch.h"
#include "dps_object.h"
#include "dps_status.h"
#include "dps_test.h"

#define POOL_SIZE 4095
#define FRAME_MAX 256

static struct rte_mempool *pool;
static struct dps__arp_state st; /* cache-line aligned by its type */
static struct dps_object *stack;
static struct dps_adapter *ad;
static unsigned int base_objects;

static const struct rte_ether_addr our_mac = {{0x02, 0xd5, 0x00, 0x00, 0x00, 0x01}};
static const struct rte_ether_addr peer_mac = {{0x02, 0x00, 0x00, 0x00, 0x00, 0x0a}};
static const struct rte_ether_addr peer2_mac = {{0x02, 0x00, 0x00, 0x00, 0x00, 0x0b}};
static const struct rte_ether_addr bcast_mac = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
static const struct rte_ether_addr zero_mac = {{0, 0, 0, 0, 0, 0}};

/* (RTE_IPV4 shifts an int: undefined for a >= 128) */
#define IP4(a, b, c, d)                                                                            \
	RTE_BE32((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define OUR_IP IP4(203, 0, 113, 1)
#define OUR_IP2 IP4(198, 51, 100, 2)
#define PEER_IP IP4(203, 0, 113, 10)
#define PEER2_IP IP4(203, 0, 113, 11)
#define OTHER_IP IP4(203, 0, 113, 99)

/* ---- frames, written byte by byte (independent of DPDK's structs) ---- */

struct arp_spec {
	unsigned int tags;
	uint16_t tag_type[3];
	uint16_t tci[3];
	struct rte_ether_addr dst, src;
	uint16_t ethertype;
	uint16_t htype, ptype;
	uint8_t hlen, plen;
	uint16_t op;
	struct rte_ether_addr sha, tha;
	uint32_t sip, tip; /* network order */
	uint16_t cut;	   /* 0: padded to 60 bytes; else the frame's length */
};

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t
arp_bytes(uint8_t *buf, const struct arp_spec *s)
{
	uint16_t off = 0, len;

	memset(buf, 0, FRAME_MAX);
	memcpy(buf, s->dst.addr_bytes, 6);
	memcpy(buf + 6, s->src.addr_bytes, 6);
	off = 12;
	for (unsigned int i = 0; i < s->tags; i++) {
		put16(buf + off, s->tag_type[i]);
		put16(buf + off + 2, s->tci[i]);
		off += 4;
	}
	put16(buf + off, s->ethertype);
	off += 2;
	put16(buf + off, s->htype);
	put16(buf + off + 2, s->ptype);
	buf[off + 4] = s->hlen;
	buf[off + 5] = s->plen;
	put16(buf + off + 6, s->op);
	memcpy(buf + off + 8, s->sha.addr_bytes, 6);
	memcpy(buf + off + 14, &s->sip, 4);
	memcpy(buf + off + 18, s->tha.addr_bytes, 6);
	memcpy(buf + off + 24, &s->tip, 4);
	len = (uint16_t)(off + 28);
	if (len < 60)
		len = 60;
	return s->cut != 0 ? s->cut : len;
}

/* A good request from the peer for OUR_IP, broadcast. */
static struct arp_spec
request(void)
{
	struct arp_spec s;

	memset(&s, 0, sizeof(s));
	s.dst = bcast_mac;
	s.src = peer_mac;
	s.ethertype = 0x0806;
	s.htype = 1;
	s.ptype = 0x0800;
	s.hlen = 6;
	s.plen = 4;
	s.op = 1;
	s.sha = peer_mac;
	s.sip = PEER_IP;
	s.tha = zero_mac;
	s.tip = OUR_IP;
	return s;
}

/* The reply we expect to @p req (same tags, same length). */
static struct arp_spec
reply_to(const struct arp_spec *req)
{
	struct arp_spec r = *req;

	r.dst = req->sha;
	r.src = our_mac;
	r.op = 2;
	r.sha = our_mac;
	r.sip = req->tip;
	r.tha = req->sha;
	r.tip = req->sip;
	return r;
}

static struct rte_mbuf *
mbuf_of(const uint8_t *bytes, uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	char *p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	p = rte_pktmbuf_append(m, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memcpy(p, bytes, len);
	return m;
}

static struct rte_mbuf *
mk(const struct arp_spec *s)
{
	uint8_t buf[FRAME_MAX];
	uint16_t len = arp_bytes(buf, s);

	return mbuf_of(buf, len);
}

/* Does @p m hold exactly the frame @p s describes? */
static int
same_frame(const struct rte_mbuf *m, const struct arp_spec *s)
{
	uint8_t buf[FRAME_MAX], got[FRAME_MAX];
	uint16_t len = arp_bytes(buf, s);
	const void *p;

	if (rte_pktmbuf_pkt_len(m) != len)
		return 0;
	p = rte_pktmbuf_read(m, 0, len, got);
	return p != NULL && memcmp(p, buf, len) == 0;
}

/* ---- state per test ---- */

static const struct dps_config_ipv4 our_addrs[] = {
	{OUR_IP, 24},
	{OUR_IP2, 24},
};

static void
state_up(uint32_t cache_size, uint32_t timeout)
{
	struct dps__arp_setup s = {
		.mac = our_mac,
		.port_id = 0,
		.addrs = our_addrs,
		.nb_addrs = RTE_DIM(our_addrs),
		.cache_size = cache_size,
		.timeout_s = timeout,
	};

	s.pool = pool;
	dps__arp_state_fini(&st); /* a test that failed midway left it set up */
	CU_ASSERT_EQUAL_FATAL(dps__arp_state_init(&st, &s), DPS_OK);
}

static void
start(void)
{
	state_up(64, 60);
}

static uint64_t
stat(unsigned int i)
{
	struct dps_arp_stats s;

	dps__arp_stats_sum(&st, &s);
	return s.v[i];
}

static void
assert_pool_full(void)
{
	CU_ASSERT_EQUAL(rte_mempool_avail_count(pool), POOL_SIZE);
}

static void
finish(void)
{
	struct dps_arp_stats s;
	uint64_t accounted;

	/* every frame ends in exactly one of replies, rx_replies or a drop */
	dps__arp_stats_sum(&st, &s);
	accounted = s.v[DPS_ARP_STAT_REPLIES] + s.v[DPS_ARP_STAT_RX_REPLIES];
	for (unsigned int i = DPS_ARP_STAT_DROP_FIRST; i <= DPS_ARP_STAT_DROP_LAST; i++)
		accounted += s.v[i];
	CU_ASSERT_EQUAL(accounted, s.v[DPS_ARP_STAT_RX]);
	dps__arp_state_fini(&st);
	assert_pool_full();
}

static int
cache_has(uint32_t ip, const struct rte_ether_addr *mac)
{
	struct dps_arp_entry e;

	if (dps__arp_cache_get(&st, ip, rte_get_timer_cycles(), &e) != DPS_OK)
		return 0;
	return mac == NULL || rte_is_same_ether_addr(&e.mac, mac);
}

/* Run one frame; return the verdict; free what the caller owns. */
static enum dps__arp_verdict
run(const struct arp_spec *s, uint32_t flags)
{
	struct rte_mbuf *m = mk(s), *r;
	enum dps__arp_verdict v = dps__arp_process(&st, m, flags, &r);

	if (r != m)
		rte_pktmbuf_free(m);
	rte_pktmbuf_free(r);
	return v;
}

/* ---- replies ---- */

static void
test_request_for_our_address_is_answered_in_place(void)
{
	struct arp_spec req = request(), exp = reply_to(&req);
	struct rte_mbuf *m, *r;

	start();
	m = mk(&req);
	CU_ASSERT_EQUAL(dps__arp_process(&st, m, 0, &r), DPS__ARP_REPLY);
	CU_ASSERT_PTR_EQUAL(r, m); /* not shared: rewritten in place */
	CU_ASSERT(same_frame(r, &exp));
	rte_pktmbuf_free(r);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_RX), 1);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_REPLIES), 1);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CACHE_ADD), 1);
	CU_ASSERT(cache_has(PEER_IP, &peer_mac));
	finish();
}

static void
test_request_for_second_address_is_answered_from_it(void)
{
	struct arp_spec req = request(), exp;
	struct rte_mbuf *m, *r;

	start();
	req.tip = OUR_IP2;
	exp = reply_to(&req);
	m = mk(&req);
	CU_ASSERT_EQUAL(dps__arp_process(&st, m, 0, &r), DPS__ARP_REPLY);
	CU_ASSERT(same_frame(r, &exp));
	rte_pktmbuf_free(r);
	finish();
}

static void
test_shared_frame_is_answered_in_a_copy(void)
{
	struct arp_spec req = request(), exp = reply_to(&req);
	struct rte_mbuf *m, *r;

	start();
	m = mk(&req);
	rte_mbuf_refcnt_update(m, 1); /* another binding holds it too */
	CU_ASSERT_EQUAL(dps__arp_process(&st, m, DPS_RX_F_SHARED, &r), DPS__ARP_REPLY);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NOT_EQUAL(r, m);
	CU_ASSERT(same_frame(r, &exp));
	CU_ASSERT(same_frame(m, &req)); /* the original is untouched */
	rte_pktmbuf_free(r);
	rte_pktmbuf_free(m);
	rte_pktmbuf_free(m);
	finish();
}

static void
test_refcnt_above_one_alone_forces_a_copy(void)
{
	struct arp_spec req = request(), exp = reply_to(&req);
	struct rte_mbuf *m, *r;

	start();
	m = mk(&req);
	rte_mbuf_refcnt_update(m, 1);
	CU_ASSERT_EQUAL(dps__arp_process(&st, m, 0, &r), DPS__ARP_REPLY);
	CU_ASSERT_PTR_NOT_EQUAL(r, m);
	CU_ASSERT(same_frame(r, &exp));
	CU_ASSERT(same_frame(m, &req));
	rte_pktmbuf_free(r);
	rte_pktmbuf_free(m);
	rte_pktmbuf_free(m);
	finish();
}

static void
test_shared_flag_alone_forces_a_copy(void)
{
	struct arp_spec req = request(), exp = reply_to(&req);
	struct rte_mbuf *m, *r;

	start();
	m = mk(&req);
	CU_ASSERT_EQUAL(dps__arp_process(&st, m, DPS_RX_F_SHARED, &r), DPS__ARP_REPLY);
	CU_ASSERT_PTR_NOT_EQUAL(r, m);
	CU_ASSERT(same_frame(r, &exp));
	CU_ASSERT(same_frame(m, &req));
	rte_pktmbuf_free(r);
	rte_pktmbuf_free(m);
	finish();
}

static void
test_copy_without_mbuf_is_counted_nombuf(void)
{
	struct arp_spec req = request();
	struct rte_mempool *saved;

	start();
	saved = st.pool;
	st.pool = NULL;
	CU_ASSERT_EQUAL(run(&req, DPS_RX_F_SHARED), DPS__ARP_NOMBUF);
	st.pool = saved;
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_NOMBUF), 1);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_REPLIES), 0);
	finish();
}

static void
test_probe_is_answered_as_a_request_and_not_learnt(void)
{
	struct arp_spec req = request(), exp;
	struct rte_mbuf *m, *r;

	start();
	req.sip = 0; /* RFC 5227 probe */
	exp = reply_to(&req);
	m = mk(&req);
	CU_ASSERT_EQUAL(dps__arp_process(&st, m, 0, &r), DPS__ARP_REPLY);
	CU_ASSERT(same_frame(r, &exp));
	rte_pktmbuf_free(r);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CONFLICT), 0);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CACHE_ADD), 0);
	CU_ASSERT_EQUAL(rte_hash_count(st.cache), 0);
	finish();
}

static void
test_a_31_has_no_broadcast_or_network_address_both_ends_are_hosts(void)
{
	static const struct dps_config_ipv4 p2p[] = {{IP4(198, 51, 100, 0), 31}};
	struct dps__arp_setup su = {
		.mac = our_mac, .addrs = p2p, .nb_addrs = 1, .cache_size = 64, .timeout_s = 60};
	struct arp_spec req = request();

	su.pool = pool;
	dps__arp_state_fini(&st);
	CU_ASSERT_EQUAL_FATAL(dps__arp_state_init(&st, &su), DPS_OK);
	CU_ASSERT_EQUAL(st.bcast[0], 0);
	CU_ASSERT_EQUAL(st.net[0], 0);
	/* RFC 3021: 198.51.100.1 is the other end, a host */
	req.sip = IP4(198, 51, 100, 1);
	req.tip = IP4(198, 51, 100, 0);
	CU_ASSERT_EQUAL(run(&req, 0), DPS__ARP_REPLY);
	CU_ASSERT(cache_has(IP4(198, 51, 100, 1), &peer_mac));
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_BAD_SENDER_IP), 0);
	finish();

	/* on a /24 the same ends are the network address and a host */
	start();
	CU_ASSERT_EQUAL(st.bcast[1], IP4(198, 51, 100, 255));
	CU_ASSERT_EQUAL(st.net[1], IP4(198, 51, 100, 0));
	req.sip = IP4(198, 51, 100, 0);
	req.tip = OUR_IP2;
	CU_ASSERT_EQUAL(run(&req, 0), DPS__ARP_BAD_SENDER_IP);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_BAD_SENDER_IP), 1);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_REPLIES), 0);
	CU_ASSERT_EQUAL(rte_hash_count(st.cache), 0);
	finish();
}

static void
tagged(unsigned int tags)
{
	struct arp_spec req = request(), exp;
	struct rte_mbuf *m, *r;

	start();
	req.tags = tags;
	req.tag_type[0] = tags == 2 ? 0x88a8 : 0x8100;
	req.tci[0] = 100;
	req.tag_type[1] = 0x8100;
	req.tci[1] = 0x2007; /* priority 1, VLAN 7 */
	exp = reply_to(&req);
	m = mk(&req);
	CU_ASSERT_EQUAL(dps__arp_process(&st, m, 0, &r), DPS__ARP_REPLY);
	CU_ASSERT(same_frame(r, &exp)); /* tags kept as they were */
	rte_pktmbuf_free(r);
	finish();
}

static void
test_request_behind_one_vlan_tag_is_answered_tagged(void)
{
	tagged(1);
}

static void
test_request_behind_two_tags_is_answered_with_both(void)
{
	tagged(2);
}

/* ---- bad input ---- */

struct bad_case {
	const char *what;
	void (*mutate)(struct arp_spec *s);
	enum dps__arp_verdict verdict;
	unsigned int stat;
};

static void
m_runt_body(struct arp_spec *s)
{
	s->cut = 14 + 27;
}
static void
m_runt_eth(struct arp_spec *s)
{
	s->cut = 10;
}
static void
m_runt_tag(struct arp_spec *s)
{
	s->tags = 1;
	s->tag_type[0] = 0x8100;
	s->cut = 16;
}
static void
m_runt_tagged_body(struct arp_spec *s)
{
	s->tags = 2;
	s->tag_type[0] = 0x88a8;
	s->tag_type[1] = 0x8100;
	s->cut = 22 + 20;
}
static void
m_three_tags(struct arp_spec *s)
{
	s->tags = 3;
	s->tag_type[0] = s->tag_type[1] = s->tag_type[2] = 0x8100;
}
static void
m_not_arp(struct arp_spec *s)
{
	s->ethertype = 0x0800;
}
static void
m_htype(struct arp_spec *s)
{
	s->htype = 6; /* IEEE 802 */
}
static void
m_ptype(struct arp_spec *s)
{
	s->ptype = 0x86dd;
}
static void
m_hlen(struct arp_spec *s)
{
	s->hlen = 8;
}
static void
m_plen(struct arp_spec *s)
{
	s->plen = 16;
}
static void
m_op_rarp(struct arp_spec *s)
{
	s->op = 3;
}
static void
m_op_zero(struct arp_spec *s)
{
	s->op = 0;
}
static void
m_sha_mcast(struct arp_spec *s)
{
	s->sha = bcast_mac;
}
static void
m_sha_zero(struct arp_spec *s)
{
	s->sha = zero_mac;
}
static void
m_src_mcast(struct arp_spec *s)
{
	s->src.addr_bytes[0] = 0x01;
}
static void
m_not_for_us(struct arp_spec *s)
{
	s->tip = OTHER_IP;
}
static void
m_own_frame(struct arp_spec *s)
{
	s->sha = our_mac;
	s->src = our_mac;
}
static void
m_eth_src_ours(struct arp_spec *s)
{
	s->src = our_mac;
}
static void
m_sha_ours(struct arp_spec *s)
{
	s->sha = our_mac;
}
static void
m_sip_limited_broadcast(struct arp_spec *s)
{
	s->sip = IP4(255, 255, 255, 255);
}
static void
m_sip_subnet_broadcast(struct arp_spec *s)
{
	s->sip = IP4(198, 51, 100, 255); /* OUR_IP2's /24 */
	s->tip = OUR_IP2;
}
static void
m_sip_subnet_broadcast_first(struct arp_spec *s)
{
	s->sip = IP4(203, 0, 113, 255); /* OUR_IP's /24 */
}
static void
m_sip_network(struct arp_spec *s)
{
	s->sip = IP4(198, 51, 100, 0);
	s->tip = OUR_IP2;
}
static void
m_sip_multicast(struct arp_spec *s)
{
	s->sip = IP4(224, 0, 0, 251);
}
static void
m_sip_loopback(struct arp_spec *s)
{
	s->sip = IP4(127, 0, 0, 1);
}
static void
m_reply_from_subnet_broadcast(struct arp_spec *s)
{
	s->op = 2;
	s->dst = our_mac;
	s->tha = our_mac;
	s->sip = IP4(198, 51, 100, 255);
	s->tip = OUR_IP2;
}
static void
m_reply_not_for_us(struct arp_spec *s)
{
	s->op = 2;
	s->tip = OTHER_IP;
}

static const struct bad_case bad_cases[] = {
	{"ARP body cut short", m_runt_body, DPS__ARP_RUNT, DPS_ARP_STAT_RUNT},
	{"shorter than Ethernet", m_runt_eth, DPS__ARP_RUNT, DPS_ARP_STAT_RUNT},
	{"VLAN tag cut short", m_runt_tag, DPS__ARP_RUNT, DPS_ARP_STAT_RUNT},
	{"tagged, ARP body cut short", m_runt_tagged_body, DPS__ARP_RUNT, DPS_ARP_STAT_RUNT},
	{"three VLAN tags", m_three_tags, DPS__ARP_BAD_L2, DPS_ARP_STAT_BAD_L2},
	{"not ARP", m_not_arp, DPS__ARP_BAD_L2, DPS_ARP_STAT_BAD_L2},
	{"hardware type 6", m_htype, DPS__ARP_BAD_HTYPE, DPS_ARP_STAT_BAD_HTYPE},
	{"protocol type IPv6", m_ptype, DPS__ARP_BAD_PTYPE, DPS_ARP_STAT_BAD_PTYPE},
	{"hardware length 8", m_hlen, DPS__ARP_BAD_HLEN, DPS_ARP_STAT_BAD_HLEN},
	{"protocol length 16", m_plen, DPS__ARP_BAD_PLEN, DPS_ARP_STAT_BAD_PLEN},
	{"op 3 (RARP)", m_op_rarp, DPS__ARP_BAD_OP, DPS_ARP_STAT_BAD_OP},
	{"op 0", m_op_zero, DPS__ARP_BAD_OP, DPS_ARP_STAT_BAD_OP},
	{"sender MAC broadcast", m_sha_mcast, DPS__ARP_BAD_SENDER, DPS_ARP_STAT_BAD_SENDER},
	{"sender MAC zero", m_sha_zero, DPS__ARP_BAD_SENDER, DPS_ARP_STAT_BAD_SENDER},
	{"source MAC multicast", m_src_mcast, DPS__ARP_BAD_SENDER, DPS_ARP_STAT_BAD_SENDER},
	{"request for another address", m_not_for_us, DPS__ARP_NOT_FOR_US, DPS_ARP_STAT_NOT_FOR_US},
	{"our own frame looped back", m_own_frame, DPS__ARP_LOOPED_BACK, DPS_ARP_STAT_LOOPED_BACK},
	{"Ethernet source is our MAC", m_eth_src_ours, DPS__ARP_LOOPED_BACK,
		DPS_ARP_STAT_LOOPED_BACK},
	{"sender MAC is ours", m_sha_ours, DPS__ARP_LOOPED_BACK, DPS_ARP_STAT_LOOPED_BACK},
	{"sender IP 255.255.255.255", m_sip_limited_broadcast, DPS__ARP_BAD_SENDER_IP,
		DPS_ARP_STAT_BAD_SENDER_IP},
	{"sender IP 198.51.100.255 (subnet broadcast)", m_sip_subnet_broadcast,
		DPS__ARP_BAD_SENDER_IP, DPS_ARP_STAT_BAD_SENDER_IP},
	{"sender IP 203.0.113.255 (subnet broadcast)", m_sip_subnet_broadcast_first,
		DPS__ARP_BAD_SENDER_IP, DPS_ARP_STAT_BAD_SENDER_IP},
	{"sender IP 198.51.100.0 (network)", m_sip_network, DPS__ARP_BAD_SENDER_IP,
		DPS_ARP_STAT_BAD_SENDER_IP},
	{"sender IP multicast", m_sip_multicast, DPS__ARP_BAD_SENDER_IP,
		DPS_ARP_STAT_BAD_SENDER_IP},
	{"sender IP loopback", m_sip_loopback, DPS__ARP_BAD_SENDER_IP, DPS_ARP_STAT_BAD_SENDER_IP},
	{"reply from the subnet broadcast", m_reply_from_subnet_broadcast, DPS__ARP_BAD_SENDER_IP,
		DPS_ARP_STAT_BAD_SENDER_IP},
	{"reply to another address", m_reply_not_for_us, DPS__ARP_NOT_FOR_US,
		DPS_ARP_STAT_NOT_FOR_US},
};

static void
test_every_malformed_frame_gets_its_verdict_and_counter(void)
{
	start();
	for (unsigned int i = 0; i < RTE_DIM(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct arp_spec s = request();
		struct dps_arp_stats before, after;
		enum dps__arp_verdict v;

		c->mutate(&s);
		dps__arp_stats_sum(&st, &before);
		v = run(&s, 0);
		dps__arp_stats_sum(&st, &after);
		if (v != c->verdict)
			fprintf(stderr, "\n  case '%s': verdict %d, expected %d\n", c->what, v,
				c->verdict);
		CU_ASSERT_EQUAL(v, c->verdict);
		CU_ASSERT_EQUAL(after.v[DPS_ARP_STAT_RX], before.v[DPS_ARP_STAT_RX] + 1);
		for (unsigned int k = 0; k < DPS_ARP_STAT_COUNT; k++) {
			uint64_t want = before.v[k] + (k == c->stat || k == DPS_ARP_STAT_RX);

			if (after.v[k] != want)
				fprintf(stderr,
					"\n  case '%s': counter %s %" PRIu64 ", expected %" PRIu64
					"\n",
					c->what, dps_arp_stat_name(k), after.v[k], want);
			CU_ASSERT_EQUAL(after.v[k], want);
		}
	}
	CU_ASSERT_EQUAL(rte_hash_count(st.cache), 0); /* nothing learnt from any of them */
	finish();
}

static void
test_not_for_us_refreshes_a_known_sender_only(void)
{
	struct arp_spec s = request();

	start();
	s.tip = OTHER_IP;
	CU_ASSERT_EQUAL(run(&s, 0), DPS__ARP_NOT_FOR_US);
	CU_ASSERT(!cache_has(PEER_IP, NULL)); /* not created by a request for someone else */
	s.tip = OUR_IP;
	CU_ASSERT_EQUAL(run(&s, 0), DPS__ARP_REPLY);
	CU_ASSERT(cache_has(PEER_IP, &peer_mac));
	/* the peer moved to another MAC, asking for someone else: RFC 826 merge */
	s.tip = OTHER_IP;
	s.sha = peer2_mac;
	s.src = peer2_mac;
	CU_ASSERT_EQUAL(run(&s, 0), DPS__ARP_NOT_FOR_US);
	CU_ASSERT(cache_has(PEER_IP, &peer2_mac));
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CACHE_UPDATE), 1);
	finish();
}

static void
test_reply_to_us_is_learnt(void)
{
	struct arp_spec s = request();

	start();
	s.op = 2;
	s.dst = our_mac;
	s.tha = our_mac;
	CU_ASSERT_EQUAL(run(&s, 0), DPS__ARP_RX_REPLY);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_RX_REPLIES), 1);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CACHE_ADD), 1);
	CU_ASSERT(cache_has(PEER_IP, &peer_mac));
	finish();
}

static void
test_someone_claiming_our_address_is_a_conflict_not_learnt(void)
{
	struct arp_spec s = request();

	start();
	s.sip = OUR_IP; /* an announcement of our address by another host */
	s.tip = OUR_IP;
	CU_ASSERT_EQUAL(run(&s, 0), DPS__ARP_REPLY);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CONFLICT), 1);
	CU_ASSERT(!cache_has(OUR_IP, NULL));
	finish();
}

static void
test_burst_input_sends_replies_and_frees_the_rest(void)
{
	struct rte_mbuf *pkts[6], *tx[DPS_PROTO_TX_BATCH];
	struct arp_spec good = request(), bad = request(), other = request();
	uint16_t n;

	start();
	bad.htype = 2;
	other.tip = OTHER_IP;
	pkts[0] = mk(&good);
	pkts[1] = mk(&bad);
	pkts[2] = mk(&other);
	pkts[3] = mk(&good);
	pkts[4] = mk(&good);
	rte_mbuf_refcnt_update(pkts[4], 1); /* shared: its reply is a copy */
	pkts[5] = mk(&bad);
	n = dps__arp_input(&st, pkts, 6, 0, tx);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_PTR_EQUAL(tx[0], pkts[0]);
	CU_ASSERT_PTR_EQUAL(tx[1], pkts[3]);
	CU_ASSERT_PTR_NOT_EQUAL(tx[2], pkts[4]);
	CU_ASSERT_EQUAL(rte_mbuf_refcnt_read(pkts[4]), 1); /* input dropped its reference */
	rte_pktmbuf_free(pkts[4]);
	rte_pktmbuf_free_bulk(tx, n);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_RX), 6);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_REPLIES), 3);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_BAD_HTYPE), 2);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_NOT_FOR_US), 1);
	finish();
}

/* ---- cache ---- */

static void
learn(uint32_t ip, const struct rte_ether_addr *mac)
{
	dps__arp_learn(&st, dps_proto_stat_slot(), ip, mac, 1);
}

static void
test_cache_learns_updates_and_looks_up(void)
{
	struct dps_arp_entry e;

	start();
	CU_ASSERT_EQUAL(
		dps__arp_cache_get(&st, PEER_IP, rte_get_timer_cycles(), &e), DPS_E_NOT_FOUND);
	learn(PEER_IP, &peer_mac);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CACHE_ADD), 1);
	learn(PEER_IP, &peer_mac); /* same MAC in the same second: no write */
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CACHE_UPDATE), 0);
	learn(PEER_IP, &peer2_mac);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CACHE_UPDATE), 1);
	CU_ASSERT_EQUAL_FATAL(dps__arp_cache_get(&st, PEER_IP, rte_get_timer_cycles(), &e), DPS_OK);
	CU_ASSERT_EQUAL(e.ip, PEER_IP);
	CU_ASSERT(rte_is_same_ether_addr(&e.mac, &peer2_mac));
	CU_ASSERT(e.age_s <= 1);
	/* create = 0 never adds */
	dps__arp_learn(&st, dps_proto_stat_slot(), PEER2_IP, &peer_mac, 0);
	CU_ASSERT(!cache_has(PEER2_IP, NULL));
	CU_ASSERT_EQUAL(rte_hash_count(st.cache), 1);
	finish();
}

static void
test_cache_entries_age_out_after_the_timeout(void)
{
	uint64_t hz = rte_get_timer_hz(), now;

	start(); /* timeout 60 s */
	learn(PEER_IP, &peer_mac);
	learn(PEER2_IP, &peer2_mac);
	now = rte_get_timer_cycles();
	CU_ASSERT_EQUAL(dps__arp_cache_age(&st, now), 0);
	CU_ASSERT_EQUAL(dps__arp_cache_age(&st, now + 59 * hz), 0);
	CU_ASSERT(cache_has(PEER_IP, &peer_mac));
	CU_ASSERT_EQUAL(dps__arp_cache_age(&st, now + 62 * hz), 2);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CACHE_EXPIRED), 2);
	CU_ASSERT(!cache_has(PEER_IP, NULL));
	CU_ASSERT(!cache_has(PEER2_IP, NULL));
	CU_ASSERT_EQUAL(st.nb_limbo, 2); /* positions kept until the next pass */
	CU_ASSERT_EQUAL(dps__arp_cache_age(&st, now + 63 * hz), 0);
	CU_ASSERT_EQUAL(st.nb_limbo, 0);
	learn(PEER_IP, &peer_mac); /* and learnt again */
	CU_ASSERT(cache_has(PEER_IP, &peer_mac));
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CACHE_ADD), 3);
	finish();
}

static void
test_refreshed_entry_survives_aging(void)
{
	uint64_t hz = rte_get_timer_hz(), t0;
	uint64_t v;

	start();
	learn(PEER_IP, &peer_mac);
	learn(PEER2_IP, &peer2_mac);
	t0 = rte_get_timer_cycles();
	/* PEER_IP seen again 40 s later (stamped by hand: we cannot wait) */
	v = dps__arp_pack(&peer_mac, dps__arp_units(&st, t0 + 40 * hz));
	CU_ASSERT_EQUAL(
		rte_hash_add_key_data(st.cache, &(uint32_t){PEER_IP}, (void *)(uintptr_t)v), 0);
	CU_ASSERT_EQUAL(dps__arp_cache_age(&st, t0 + 62 * hz), 1);
	CU_ASSERT(cache_has(PEER_IP, &peer_mac));
	CU_ASSERT(!cache_has(PEER2_IP, NULL));
	finish();
}

static void
test_long_timeouts_use_coarse_stamps_without_wrapping(void)
{
	uint64_t hz = rte_get_timer_hz(), now;

	state_up(64, 86400);
	CU_ASSERT_EQUAL(st.time_shift, 2);
	learn(PEER_IP, &peer_mac);
	now = rte_get_timer_cycles();
	CU_ASSERT_EQUAL(dps__arp_cache_age(&st, now + 86000 * hz), 0);
	CU_ASSERT_EQUAL(dps__arp_cache_age(&st, now + 86410 * hz), 1);
	finish();
}

static void
test_full_cache_counts_what_it_cannot_learn(void)
{
	unsigned int i;

	state_up(16, 60);
	for (i = 0; i < 64; i++) {
		struct rte_ether_addr mac = peer_mac;

		mac.addr_bytes[5] = (uint8_t)i;
		learn(IP4(10, 0, 0, (uint8_t)(i + 1)), &mac);
	}
	CU_ASSERT(stat(DPS_ARP_STAT_CACHE_FULL) >= 1);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CACHE_ADD) + stat(DPS_ARP_STAT_CACHE_FULL), 64);
	CU_ASSERT_EQUAL(rte_hash_count(st.cache), (int32_t)stat(DPS_ARP_STAT_CACHE_ADD));
	finish();
}

static int
count_cb(const struct dps_arp_entry *e, void *arg)
{
	unsigned int *n = arg;

	CU_ASSERT(e->ip == PEER_IP || e->ip == PEER2_IP || e->ip == OTHER_IP);
	(*n)++;
	return 0;
}

static int
stop_cb(const struct dps_arp_entry *e, void *arg)
{
	RTE_SET_USED(e);
	RTE_SET_USED(arg);
	return 1;
}

static void
test_cache_walk_visits_every_entry_and_stops_on_request(void)
{
	unsigned int n = 0;

	start();
	learn(PEER_IP, &peer_mac);
	learn(PEER2_IP, &peer2_mac);
	learn(OTHER_IP, &peer2_mac);
	CU_ASSERT_EQUAL(dps__arp_cache_walk(&st, rte_get_timer_cycles(), count_cb, &n), 3);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(dps__arp_cache_walk(&st, rte_get_timer_cycles(), stop_cb, NULL), 1);
	finish();
}

static void *
learn_without_lcore(void *arg)
{
	RTE_SET_USED(arg);
	/* a plain pthread: rte_lcore_id() is LCORE_ID_ANY */
	dps__arp_learn(&st, dps_proto_stat_slot(), PEER_IP, &peer_mac, 1);
	return NULL;
}

static void
test_thread_without_lcore_id_does_not_write_the_cache(void)
{
	pthread_t t;

	start();
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, learn_without_lcore, NULL), 0);
	pthread_join(t, NULL);
	CU_ASSERT_EQUAL(stat(DPS_ARP_STAT_CACHE_SKIPPED), 1); /* counted in the shared slot */
	CU_ASSERT(!cache_has(PEER_IP, NULL));
	finish();
}

/* ---- announcements ---- */

static void
test_announcement_is_a_broadcast_request_for_our_address(void)
{
	struct arp_spec exp = request();
	struct rte_mbuf *m;

	start();
	exp.src = our_mac;
	exp.sha = our_mac;
	exp.sip = OUR_IP2;
	exp.tip = OUR_IP2;
	m = dps__arp_build_announce(&st, OUR_IP2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(rte_pktmbuf_pkt_len(m), 60);
	CU_ASSERT(same_frame(m, &exp));
	rte_pktmbuf_free(m);
	finish();
}

/* ---- names, parameters, descriptor ---- */

static void
test_counter_names_are_unique_and_bounded(void)
{
	for (unsigned int i = 0; i < DPS_ARP_STAT_COUNT; i++) {
		const char *n = dps_arp_stat_name(i);

		CU_ASSERT_PTR_NOT_NULL_FATAL(n);
		CU_ASSERT(strlen(n) > 0 &&
			  strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(n));
		for (unsigned int k = 0; k < i; k++)
			CU_ASSERT(strcmp(n, dps_arp_stat_name(k)) != 0);
	}
	CU_ASSERT_PTR_NULL(dps_arp_stat_name(DPS_ARP_STAT_COUNT));
	CU_ASSERT_STRING_EQUAL(dps_arp_stat_name(DPS_ARP_STAT_BAD_HTYPE), "bad_htype");
	for (unsigned int v = 0; v < DPS__ARP_VERDICT_COUNT; v++)
		CU_ASSERT(dps__arp_verdict_stat[v] == DPS_ARP_STAT_REPLIES ||
			  dps__arp_verdict_stat[v] == DPS_ARP_STAT_RX_REPLIES ||
			  (dps__arp_verdict_stat[v] >= DPS_ARP_STAT_DROP_FIRST &&
				  dps__arp_verdict_stat[v] <= DPS_ARP_STAT_DROP_LAST));
}

static void
test_state_init_refuses_bad_parameters(void)
{
	struct dps__arp_state *s = rte_zmalloc(NULL, sizeof(*s), RTE_CACHE_LINE_SIZE);
	struct dps__arp_setup ok = {.mac = our_mac,
		.addrs = our_addrs,
		.nb_addrs = 2,
		.cache_size = 16,
		.timeout_s = 1};
	struct dps__arp_setup bad;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(dps__arp_state_init(NULL, &ok), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps__arp_state_init(s, NULL), DPS_E_INVALID_PARAMETER);
	bad = ok;
	bad.nb_addrs = DPS__ARP_MAX_ADDRS + 1;
	CU_ASSERT_EQUAL(dps__arp_state_init(s, &bad), DPS_E_INVALID_PARAMETER);
	bad = ok;
	bad.addrs = NULL;
	CU_ASSERT_EQUAL(dps__arp_state_init(s, &bad), DPS_E_INVALID_PARAMETER);
	bad = ok;
	bad.cache_size = 15;
	CU_ASSERT_EQUAL(dps__arp_state_init(s, &bad), DPS_E_INVALID_PARAMETER);
	bad.cache_size = 65537;
	CU_ASSERT_EQUAL(dps__arp_state_init(s, &bad), DPS_E_INVALID_PARAMETER);
	bad = ok;
	bad.timeout_s = 0;
	CU_ASSERT_EQUAL(dps__arp_state_init(s, &bad), DPS_E_INVALID_PARAMETER);
	bad.timeout_s = 86401;
	CU_ASSERT_EQUAL(dps__arp_state_init(s, &bad), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps__arp_state_init(s, &ok), DPS_OK); /* bounds included */
	dps__arp_state_fini(s);
	dps__arp_state_fini(s); /* idempotent */
	rte_free(s);
}

static void
test_public_reads_refuse_bad_parameters(void)
{
	struct dps_arp_stats s;
	struct rte_ether_addr mac;

	memset(&s, 0xa5, sizeof(s));
	CU_ASSERT_EQUAL(dps_arp_stats(NULL, &s), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(s.v[0], 0); /* zeroed on failure */
	CU_ASSERT_EQUAL(dps_arp_stats(NULL, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_arp_cache_foreach(NULL, count_cb, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_arp_cache_lookup(NULL, PEER_IP, &mac), DPS_E_INVALID_PARAMETER);
	dps_arp_print_stats(NULL, stdout); /* nothing, no crash */
}

static void
test_descriptor_matches_the_protocol(void)
{
	const struct dps_config_key *k = dps_proto_arp.config_keys;

	CU_ASSERT_STRING_EQUAL(dps_proto_arp.name, "arp");
	CU_ASSERT_EQUAL(dps_proto_arp.nb_ethertypes, 1);
	CU_ASSERT_EQUAL(dps_proto_arp.ethertypes[0], 0x0806);
	CU_ASSERT_EQUAL(dps_proto_arp.default_filter, DPS_FILTER_DIRECTED | DPS_FILTER_BROADCAST);
	CU_ASSERT_PTR_NOT_NULL(dps_proto_arp.ops->receive);
	CU_ASSERT_EQUAL_FATAL(k != NULL, 1);
	CU_ASSERT_STRING_EQUAL(k[0].name, "cache_size");
	CU_ASSERT_EQUAL(k[0].type, DPS_CFG_U32);
	CU_ASSERT_EQUAL(k[0].min, 16);
	CU_ASSERT_EQUAL(k[0].max, 65536);
	CU_ASSERT_STRING_EQUAL(k[0].dflt, "1024");
	CU_ASSERT_STRING_EQUAL(k[1].name, "cache_timeout");
	CU_ASSERT_EQUAL(k[1].min, 1);
	CU_ASSERT_EQUAL(k[1].max, 86400);
	CU_ASSERT_STRING_EQUAL(k[1].dflt, "300");
	CU_ASSERT_STRING_EQUAL(k[2].name, "gratuitous");
	CU_ASSERT_EQUAL(k[2].type, DPS_CFG_BOOL);
	CU_ASSERT_STRING_EQUAL(k[2].dflt, "yes");
	CU_ASSERT_PTR_NULL(k[3].name);
}

/* ---- through the binding layer ---- */

struct finder {
	struct dps_protocol *p;
	struct dps_binding *b;
};

static int
find_cb(struct dps_binding *b, void *arg)
{
	struct finder *f = arg;

	if (dps_binding_protocol(b) != f->p)
		return 0;
	f->b = b;
	return 1;
}

/* The binding of @p p on the test adapter. */
static struct dps_binding *
binding_of(struct dps_protocol *p)
{
	struct finder f = {p, NULL};

	dps_binding_foreach(find_cb, &f);
	return f.b;
}

static uint64_t
bstat(struct dps_binding *b, unsigned int i)
{
	struct dps_arp_stats s;

	if (dps_arp_stats(b, &s) != DPS_OK)
		return UINT64_MAX;
	return s.v[i];
}

/* Wait up to 2 s for counter @p i of @p b to reach @p want. */
static int
wait_stat(struct dps_binding *b, unsigned int i, uint64_t want)
{
	for (int ms = 0; ms < 2000; ms += 5) {
		struct timespec ts = {0, 5000000L};

		if (bstat(b, i) >= want)
			return 1;
		dps_ctrl_poll(); /* the ARP tick is a control-thread timer */
		nanosleep(&ts, NULL);
	}
	return bstat(b, i) >= want;
}

static void
test_ops_answer_announce_and_stop_the_aging_tick(void)
{
	struct dps_status_indication down = {DPS_IND_LINK_STATE, 0, 0};
	struct dps_status_indication up = {DPS_IND_LINK_STATE, 1, 10000};
	struct arp_spec req = request();
	struct dps_protocol *p;
	struct dps_binding *b;
	struct rte_mbuf *m;
	struct rte_ether_addr mac;
	unsigned int objects;

	objects = dps_object_live_count();
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&dps_proto_arp, NULL, &p), DPS_OK);
	b = binding_of(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_RUNNING);
	/* the link is up (net_null): one announcement per address, by the tick */
	CU_ASSERT(wait_stat(b, DPS_ARP_STAT_GRATUITOUS, 1));
	CU_ASSERT(wait_stat(b, DPS_ARP_STAT_TX, 1));
	CU_ASSERT_EQUAL(bstat(b, DPS_ARP_STAT_GRATUITOUS), 1);

	/* a request, delivered by the layer; the reply goes out in one send */
	rte_eth_macaddr_get(dps_binding_params(b)->port_id, &mac);
	req.dst = mac;
	m = mk(&req);
	dps_dispatch_burst(ad, &m, 1, 0);
	CU_ASSERT_EQUAL(bstat(b, DPS_ARP_STAT_REPLIES), 1);
	CU_ASSERT_EQUAL(bstat(b, DPS_ARP_STAT_TX), 2);
	CU_ASSERT_EQUAL(dps_arp_cache_lookup(b, PEER_IP, &mac), DPS_OK);
	CU_ASSERT(rte_is_same_ether_addr(&mac, &peer_mac));
	CU_ASSERT_EQUAL(dps_arp_cache_lookup(b, OTHER_IP, &mac), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_arp_cache_foreach(b, stop_cb, NULL), 1);

	/* link down, then up: announced again */
	dps_binding_indicate_status(ad, &down);
	dps_binding_indicate_status(ad, &up);
	CU_ASSERT(wait_stat(b, DPS_ARP_STAT_GRATUITOUS, 2));

	/* paused then restarted with the link up: announced again */
	CU_ASSERT_EQUAL(dps_binding_pause(b), DPS_OK);
	m = mk(&req);
	dps_dispatch_burst(ad, &m, 1, 0); /* not delivered while Paused */
	CU_ASSERT_EQUAL(bstat(b, DPS_ARP_STAT_RX), 1);
	CU_ASSERT_EQUAL(dps_binding_restart(b), DPS_OK);
	CU_ASSERT(wait_stat(b, DPS_ARP_STAT_GRATUITOUS, 3));
	dps_arp_print_stats(b, stdout);

	/* deregistration unbinds: the tick is stopped, everything freed */
	CU_ASSERT_EQUAL(dps_protocol_deregister(p), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_live_count(), objects);
	assert_pool_full();
}

static void
test_config_keys_reach_the_binding(void)
{
	static struct dps_config_proto_schema schema;
	struct timespec ts = {0, 200000000L};
	struct dps_config_protocol pc;
	struct dps_protocol *p;
	struct dps_binding *b;
	struct dps__arp_state *s;

	/* [protocol arp] cache_size = 16, cache_timeout = 5, gratuitous = no */
	schema.name = "arp";
	schema.keys = dps_proto_arp.config_keys;
	memset(&pc, 0, sizeof(pc));
	snprintf(pc.name, sizeof(pc.name), "arp");
	pc.schema = &schema;
	pc.nb_values = 3;
	pc.values[0].given = 1;
	pc.values[0].u32 = 16;
	pc.values[1].given = 1;
	pc.values[1].u32 = 5;
	pc.values[2].given = 1;
	pc.values[2].u32 = 0;

	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&dps_proto_arp, &pc, &p), DPS_OK);
	b = binding_of(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	s = dps_binding_ctx(b);
	CU_ASSERT_EQUAL(s->cache_size, 16);
	CU_ASSERT_EQUAL(s->timeout_s, 5);
	nanosleep(&ts, NULL);
	CU_ASSERT_EQUAL(bstat(b, DPS_ARP_STAT_GRATUITOUS), 0); /* gratuitous = no */
	CU_ASSERT_EQUAL(dps_protocol_deregister(p), DPS_OK);
	assert_pool_full();
}

/* ---- suite ---- */

static int
suite_init(void)
{
	char *argv[] = {"test_arp", "--no-huge", "--no-pci", "-m", "256", "-l", "0-1",
		"--no-shconf", "--file-prefix=test_arp", "--log-level=*:warning",
		"--vdev=net_null_arp0"};
	struct dps_object_attr sa = {.type = "stack", .name = "test_arp"};
	struct dps_config_adapter cfg;
	char err[256];
	unsigned int lc, worker = 0;

	if (rte_eal_init((int)RTE_DIM(argv), argv) < 0)
		return -1;
	RTE_LCORE_FOREACH_WORKER(lc)
	{
		worker = lc;
		break;
	}
	pool = rte_pktmbuf_pool_create(
		"test_arp", POOL_SIZE, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (pool == NULL)
		return -1;
	base_objects = dps_object_live_count();
	if (dps_object_create(&sa, NULL, &stack) != DPS_OK)
		return -1;
	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.name, sizeof(cfg.name), "null0");
	snprintf(cfg.device, sizeof(cfg.device), "net_null_arp0");
	cfg.rx_queues = 1;
	cfg.rx_ring = 256;
	cfg.tx_ring = 256;
	cfg.mtu = 1500;
	cfg.nb_addrs = 1;
	cfg.addrs[0].addr = OUR_IP;
	cfg.addrs[0].prefix_len = 24;
	if (dps_adapter_create(stack, &cfg, pool, &worker, 1, &ad, err, sizeof(err)) != DPS_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	if (dps_adapter_start(ad) != DPS_OK)
		return -1;
	if (dps_ctrl_init(64, 64, 1000) != DPS_OK)
		return -1;
	return dps_binding_layer_init(stack, NULL) == DPS_OK ? 0 : -1;
}

static int
suite_clean(void)
{
	int rc = 0;

	dps__arp_state_fini(&st);
	dps_binding_layer_fini();
	dps_adapter_close(ad);
	if (dps_ctrl_fini() != 0)
		rc = -1;
	dps_object_delete(stack);
	if (dps_object_live_count() != base_objects) {
		dps_object_leak_report(stderr);
		rc = -1;
	}
	rte_mempool_free(pool);
	rte_eal_cleanup();
	return rc;
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_request_for_our_address_is_answered_in_place),
	DPS_TEST(test_request_for_second_address_is_answered_from_it),
	DPS_TEST(test_shared_frame_is_answered_in_a_copy),
	DPS_TEST(test_refcnt_above_one_alone_forces_a_copy),
	DPS_TEST(test_shared_flag_alone_forces_a_copy),
	DPS_TEST(test_copy_without_mbuf_is_counted_nombuf),
	DPS_TEST(test_probe_is_answered_as_a_request_and_not_learnt),
	DPS_TEST(test_a_31_has_no_broadcast_or_network_address_both_ends_are_hosts),
	DPS_TEST(test_request_behind_one_vlan_tag_is_answered_tagged),
	DPS_TEST(test_request_behind_two_tags_is_answered_with_both),
	DPS_TEST(test_every_malformed_frame_gets_its_verdict_and_counter),
	DPS_TEST(test_not_for_us_refreshes_a_known_sender_only),
	DPS_TEST(test_reply_to_us_is_learnt),
	DPS_TEST(test_someone_claiming_our_address_is_a_conflict_not_learnt),
	DPS_TEST(test_burst_input_sends_replies_and_frees_the_rest),
	DPS_TEST(test_cache_learns_updates_and_looks_up),
	DPS_TEST(test_cache_entries_age_out_after_the_timeout),
	DPS_TEST(test_refreshed_entry_survives_aging),
	DPS_TEST(test_long_timeouts_use_coarse_stamps_without_wrapping),
	DPS_TEST(test_full_cache_counts_what_it_cannot_learn),
	DPS_TEST(test_cache_walk_visits_every_entry_and_stops_on_request),
	DPS_TEST(test_thread_without_lcore_id_does_not_write_the_cache),
	DPS_TEST(test_announcement_is_a_broadcast_request_for_our_address),
	DPS_TEST(test_counter_names_are_unique_and_bounded),
	DPS_TEST(test_state_init_refuses_bad_parameters),
	DPS_TEST(test_public_reads_refuse_bad_parameters),
	DPS_TEST(test_descriptor_matches_the_protocol),
	DPS_TEST(test_ops_answer_announce_and_stop_the_aging_tick),
	DPS_TEST(test_config_keys_reach_the_binding),
};

DPS_TEST_MAIN("arp", cases, suite_init, suite_clean)
