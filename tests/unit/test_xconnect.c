/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xconnect protocol and the catch-all binding option, in-process on two
 * net_ring ports (a net_ring port loops what it sends back into its own rx
 * ring: what xconnect sends out of B is read back from B's rx queues). The
 * test thread is the control thread and injects "received" bursts with
 * dps_dispatch_burst(); sends then go through the control tx queue.
 */
#include <string.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "dps_dispatch.h"
#include "dps_test.h"
#include "dps_test_stack.h"
#include "xconnect_private.h"

#define POOL_SIZE 4095
#define ETH_TEST 0x88b5
#define ETH_NOBODY 0x88b6

static struct rte_mempool *pool;
static struct dps_object *stack;
static struct dps_adapter *ad_a, *ad_b, *ad_c;
static unsigned int base_objects;
static struct dps_protocol *xc;

/* ---- frames ---- */

static struct rte_mbuf *
frame(uint16_t type, const struct rte_ether_addr *dst, uint16_t len, uint32_t seq)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t *p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	p = (uint8_t *)rte_pktmbuf_append(m, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (uint16_t i = 0; i < len; i++)
		p[i] = (uint8_t)(seq * 13 + i);
	memcpy(p, dst->addr_bytes, 6);
	memset(p + 6, 0x02, 6);
	p[12] = (uint8_t)(type >> 8);
	p[13] = (uint8_t)type;
	memcpy(p + 14, &seq, sizeof(seq));
	return m;
}

static const struct rte_ether_addr bcast = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
static const struct rte_ether_addr other_uc = {{0x02, 0, 0, 0, 0, 0x77}};

/* Read what @p a sent back from its rx rings (all queues) into @p out. */
static unsigned int
drain(struct dps_adapter *a, struct rte_mbuf **out, unsigned int max)
{
	unsigned int n = 0;

	for (uint16_t q = 0; q < a->nb_rxq; q++) {
		uint16_t got;

		do {
			got = rte_eth_rx_burst(a->port_id, q, out + n,
				(uint16_t)RTE_MIN(max - n, (unsigned int)DPS_BURST));
			n += got;
		} while (got > 0 && n < max);
	}
	return n;
}

static void
free_all(struct rte_mbuf **m, unsigned int n)
{
	if (n > 0)
		rte_pktmbuf_free_bulk(m, n);
}

static void
assert_pool_full(void)
{
	CU_ASSERT_EQUAL(rte_mempool_avail_count(pool), pool->size);
}

/* ---- the xconnect bindings ---- */

struct finder {
	struct dps_protocol *p;
	const struct dps_adapter *a;
	struct dps_binding *b;
};

static int
find_cb(struct dps_binding *b, void *arg)
{
	struct finder *f = arg;

	if (dps_binding_protocol(b) != f->p || dps_binding_adapter(b) != f->a)
		return 0;
	f->b = b;
	return 1;
}

static struct dps_binding *
binding_of(struct dps_protocol *p, const struct dps_adapter *a)
{
	struct finder f = {p, a, NULL};

	dps_binding_foreach(find_cb, &f);
	return f.b;
}

static uint64_t
xstat(const struct dps_adapter *a, unsigned int i)
{
	struct dps_binding *b = binding_of(xc, a);
	uint64_t v[DPS__XC_STAT_COUNT];

	if (b == NULL || dps_binding_counters(b, v, DPS__XC_STAT_COUNT) != DPS__XC_STAT_COUNT)
		return UINT64_MAX;
	return v[i];
}

static struct dps_config_proto_schema xc_schema;
static struct dps_config_protocol xc_cfg;

/* [protocol xconnect] pairs = @p pairs, bind = all */
static int
register_xc(const char *pairs, struct dps_protocol **out)
{
	xc_schema.name = "xconnect";
	xc_schema.keys = dps__xc_desc.config_keys;
	memset(&xc_cfg, 0, sizeof(xc_cfg));
	snprintf(xc_cfg.name, sizeof(xc_cfg.name), "xconnect");
	xc_cfg.schema = &xc_schema;
	xc_cfg.bind = DPS_BIND_ALL;
	xc_cfg.nb_values = 1;
	xc_cfg.values[0].given = 1;
	snprintf(xc_cfg.values[0].str, sizeof(xc_cfg.values[0].str), "%s", pairs);
	return dps_protocol_register(&dps__xc_desc, &xc_cfg, out);
}

/* ---- pairs parsing ---- */

static void
expect_bad_pairs(const char *text, const char *why_part)
{
	struct dps__xc_pairs ps;
	char why[128] = "";

	CU_ASSERT_EQUAL(dps__xc_parse_pairs(text, &ps, why, sizeof(why)), DPS_E_INVALID_PARAMETER);
	if (strstr(why, why_part) == NULL)
		fprintf(stderr, "\n  pairs '%s': '%s', expected '%s'\n", text, why, why_part);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, why_part));
}

static void
test_pairs_are_parsed_and_bad_ones_refused_with_the_reason(void)
{
	struct dps__xc_pairs ps;
	char why[128];

	CU_ASSERT_EQUAL(
		dps__xc_parse_pairs(" p0:p1 ,  dps.2 : x-3,a_b:c", &ps, why, sizeof(why)), DPS_OK);
	CU_ASSERT_EQUAL(ps.n, 3);
	CU_ASSERT_STRING_EQUAL(ps.a[0], "p0");
	CU_ASSERT_STRING_EQUAL(ps.b[0], "p1");
	CU_ASSERT_STRING_EQUAL(ps.a[1], "dps.2");
	CU_ASSERT_STRING_EQUAL(ps.b[1], "x-3");
	CU_ASSERT_STRING_EQUAL(ps.a[2], "a_b");
	CU_ASSERT_STRING_EQUAL(ps.b[2], "c");
	expect_bad_pairs("", "no pair");
	expect_bad_pairs("p0", "'p0' is not a pair a:b");
	expect_bad_pairs("p0:p1,", "an empty pair");
	expect_bad_pairs("p0:", "an adapter name is missing");
	expect_bad_pairs(":p1", "an adapter name is missing");
	expect_bad_pairs("p0:p0", "adapter p0 is paired with itself");
	expect_bad_pairs("p0:p1, p1:p2", "adapter p1 is in more than one pair");
	expect_bad_pairs("p0:p1, p2:p0", "adapter p0 is in more than one pair");
	expect_bad_pairs("p0:p/1", "has '/'");
	expect_bad_pairs("p0:abcdefghijklmnop", "longer than 15 characters");
	CU_ASSERT_EQUAL(dps__xc_parse_pairs(NULL, &ps, why, sizeof(why)), DPS_E_INVALID_PARAMETER);
}

/* ---- forwarding ---- */

static void
expect_same(struct rte_mbuf *const *sent_copy, struct rte_mbuf **got, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		CU_ASSERT_EQUAL_FATAL(
			rte_pktmbuf_pkt_len(got[i]), rte_pktmbuf_pkt_len(sent_copy[i]));
		CU_ASSERT_EQUAL(memcmp(rte_pktmbuf_mtod(got[i], void *),
					rte_pktmbuf_mtod(sent_copy[i], void *),
					rte_pktmbuf_pkt_len(got[i])),
			0);
	}
}

/* Inject @p n frames (mixed EtherTypes, sizes, destinations) on @p from;
 * expect them byte for byte out of @p to, and the counters to move exactly. */
static void
forward_and_check(struct dps_adapter *from, struct dps_adapter *to, unsigned int n)
{
	struct rte_mbuf *in[64], *ref[64], *out[128];
	uint64_t rx0 = xstat(from, DPS__XC_STAT_RX), fw0 = xstat(from, DPS__XC_STAT_FORWARDED);
	unsigned int got;

	for (unsigned int i = 0; i < n; i++) {
		uint16_t type = i % 3 == 0 ? ETH_NOBODY : i % 3 == 1 ? RTE_ETHER_TYPE_IPV4 : 0x0000;

		in[i] = frame(type, i % 2 ? &bcast : &other_uc, (uint16_t)(60 + i * 23), i);
		ref[i] = rte_pktmbuf_copy(in[i], pool, 0, UINT32_MAX);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ref[i]);
	}
	dps_dispatch_burst(from, in, (uint16_t)n, 0);
	got = drain(to, out, RTE_DIM(out));
	CU_ASSERT_EQUAL(got, n);
	if (got == n)
		expect_same(ref, out, n);
	CU_ASSERT_EQUAL(xstat(from, DPS__XC_STAT_RX) - rx0, n);
	CU_ASSERT_EQUAL(xstat(from, DPS__XC_STAT_FORWARDED) - fw0, n);
	free_all(out, got);
	free_all(ref, n);
}

static void
test_frames_cross_byte_identical_both_ways_with_exact_counters(void)
{
	CU_ASSERT_EQUAL_FATAL(register_xc("a:b", &xc), DPS_OK);
	CU_ASSERT_EQUAL(dps_binding_state(binding_of(xc, ad_a)), DPS_BINDING_RUNNING);
	CU_ASSERT_EQUAL(dps_binding_state(binding_of(xc, ad_b)), DPS_BINDING_RUNNING);
	/* c is in no pair: not bound */
	CU_ASSERT_PTR_NULL(binding_of(xc, ad_c));
	forward_and_check(ad_a, ad_b, 40);
	forward_and_check(ad_b, ad_a, 33);
	forward_and_check(ad_a, ad_b, 1);
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_RX), 41);
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_FORWARDED), 41);
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_DROP_TX_FULL), 0);
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_DROP_PEER_DOWN), 0);
	CU_ASSERT_EQUAL(xstat(ad_b, DPS__XC_STAT_RX), 33);
	CU_ASSERT_EQUAL(xstat(ad_b, DPS__XC_STAT_FORWARDED), 33);
	/* nothing went back where it came from */
	{
		struct rte_mbuf *out[8];

		CU_ASSERT_EQUAL(drain(ad_a, out, RTE_DIM(out)), 0);
		CU_ASSERT_EQUAL(drain(ad_b, out, RTE_DIM(out)), 0);
	}
	assert_pool_full();
}

static void
test_peer_tx_full_is_counted(void)
{
	struct rte_mbuf *in[DPS_BURST], *out[DPS_BURST];
	unsigned int total = 0, got, back = 0;
	uint64_t rx0 = xstat(ad_a, DPS__XC_STAT_RX), fw0 = xstat(ad_a, DPS__XC_STAT_FORWARDED);

	/* nobody drains b's ring (1024 entries): it fills, b's tx refuses */
	while (total < 1200) {
		for (unsigned int i = 0; i < DPS_BURST; i++)
			in[i] = frame(ETH_NOBODY, &bcast, 60, total + i);
		dps_dispatch_burst(ad_a, in, DPS_BURST, 0);
		total += DPS_BURST;
	}
	while ((got = drain(ad_b, out, RTE_DIM(out))) > 0) {
		back += got;
		free_all(out, got);
	}
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_RX) - rx0, total);
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_FORWARDED) - fw0, back);
	CU_ASSERT(back < total);
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_DROP_TX_FULL), total - back);
	assert_pool_full();
}

static void
inject_nobody(struct dps_adapter *a, unsigned int n)
{
	struct rte_mbuf *in[DPS_BURST];

	for (unsigned int i = 0; i < n; i++)
		in[i] = frame(ETH_NOBODY, &bcast, 64, i);
	dps_dispatch_burst(a, in, (uint16_t)n, 0);
}

static void
test_paused_or_unbound_peer_drops_and_counts_then_recovers(void)
{
	struct dps_binding *bb = binding_of(xc, ad_b), *ba = binding_of(xc, ad_a);
	struct dps__xc_binding *xa = dps_binding_ctx(ba);
	struct rte_mbuf *out[DPS_BURST];
	uint64_t down0 = xstat(ad_a, DPS__XC_STAT_DROP_PEER_DOWN);

	/* peer Paused: its send refuses; a's frames are freed and counted */
	CU_ASSERT_EQUAL_FATAL(dps_binding_pause(bb), DPS_OK);
	inject_nobody(ad_a, 7);
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_DROP_PEER_DOWN) - down0, 7);
	CU_ASSERT_EQUAL(drain(ad_b, out, RTE_DIM(out)), 0);
	/* b itself receives nothing while Paused: frames for nobody are counted */
	inject_nobody(ad_b, 3);
	assert_pool_full();
	CU_ASSERT_EQUAL(dps_binding_restart(bb), DPS_OK);
	forward_and_check(ad_a, ad_b, 5);

	/* peer unbound (adapter b going): a stops forwarding and says so */
	CU_ASSERT_EQUAL_FATAL(dps_binding_unbind(bb), DPS_OK);
	CU_ASSERT_PTR_NULL(binding_of(xc, ad_b));
	CU_ASSERT_PTR_NULL(atomic_load(&xa->peer));
	inject_nobody(ad_a, 9);
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_DROP_PEER_DOWN) - down0, 16);
	assert_pool_full();

	/* the adapter comes back: paired again */
	CU_ASSERT_EQUAL(dps_binding_adapter_arrived(ad_b), 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(binding_of(xc, ad_b));
	CU_ASSERT_PTR_EQUAL(atomic_load(&xa->peer), binding_of(xc, ad_b));
	forward_and_check(ad_a, ad_b, 12);
	forward_and_check(ad_b, ad_a, 12);

	/* adapter removal path: every binding of b unbound */
	dps_binding_adapter_departing(ad_b);
	CU_ASSERT_PTR_NULL(binding_of(xc, ad_b));
	CU_ASSERT_PTR_NULL(atomic_load(&xa->peer));
	inject_nobody(ad_a, 4);
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_DROP_PEER_DOWN) - down0, 20);
	CU_ASSERT_EQUAL(dps_binding_adapter_arrived(ad_b), 1);
	assert_pool_full();
}

/* ---- catch-all next to an EtherType protocol ---- */

static unsigned int tp_frames, tp_shared;

static void
tp_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	RTE_SET_USED(b);
	RTE_SET_USED(ctx);
	tp_frames += n;
	if (flags & DPS_RX_F_SHARED)
		tp_shared++;
	rte_pktmbuf_free_bulk(pkts, n);
}

static const struct dps_protocol_ops tp_ops = {.receive = tp_receive};
static DPS_CONTEXT_TYPE(tp_ctx, uint64_t, NULL);
static const uint16_t tp_types[] = {ETH_TEST};
static const struct dps_protocol_desc tp_desc = {
	.name = "xctest",
	.ethertypes = tp_types,
	.nb_ethertypes = 1,
	.default_filter = DPS_FILTER_DIRECTED | DPS_FILTER_BROADCAST,
	.ops = &tp_ops,
	.binding_ctx = &tp_ctx,
};

/* A frame with three 802.1Q tags (the classifier looks behind two). */
static struct rte_mbuf *
tagged3(uint32_t seq)
{
	struct rte_mbuf *m = frame(RTE_ETHER_TYPE_VLAN, &bcast, 60, seq);
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);

	for (int k = 0; k < 3; k++) {
		p[16 + 4 * k] = k < 2 ? 0x81 : 0x88;
		p[17 + 4 * k] = k < 2 ? 0x00 : 0xb5;
	}
	return m;
}

static void
test_catch_all_and_ethertype_protocol_both_get_frames_filters_apply(void)
{
	struct dps_protocol *tp;
	struct dps_adapter_lcore_stats before, after;
	struct rte_mbuf *in[4], *out[8];
	struct dps_binding *ba = binding_of(xc, ad_a);
	uint64_t fw0 = xstat(ad_a, DPS__XC_STAT_FORWARDED);
	unsigned int got;

	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&tp_desc, NULL, &tp), DPS_OK);
	tp_frames = tp_shared = 0;
	dps_adapter_stats(ad_a, &before);
	in[0] = frame(ETH_TEST, &bcast, 60, 1);	     /* both: shared */
	in[1] = frame(ETH_TEST, &other_uc, 60, 2);   /* xconnect only (tp's filter: directed) */
	in[2] = frame(ETH_NOBODY, &other_uc, 60, 3); /* xconnect only */
	dps_dispatch_burst(ad_a, in, 3, 0);
	CU_ASSERT_EQUAL(tp_frames, 1);
	CU_ASSERT_EQUAL(tp_shared, 1);
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_FORWARDED) - fw0, 3);
	got = drain(ad_b, out, RTE_DIM(out));
	CU_ASSERT_EQUAL(got, 3);
	free_all(out, got);
	dps_adapter_stats(ad_a, &after);
	CU_ASSERT_EQUAL(after.rx_unclaimed - before.rx_unclaimed, 0);
	CU_ASSERT_EQUAL(after.rx_filtered - before.rx_filtered, 0);

	/* xconnect's filter narrowed to directed + broadcast: another MAC is filtered */
	CU_ASSERT_EQUAL(
		dps_binding_set_filter(ba, DPS_FILTER_DIRECTED | DPS_FILTER_BROADCAST), DPS_OK);
	tp_frames = tp_shared = 0;
	before = after;
	in[0] = frame(ETH_TEST, &other_uc, 60, 4);   /* nobody's filter: filtered */
	in[1] = frame(ETH_NOBODY, &other_uc, 60, 5); /* catch-all's filter: filtered */
	in[2] = frame(ETH_NOBODY, &bcast, 60, 6);    /* forwarded */
	in[3] = frame(ETH_TEST, &ad_a->mac, 60, 7);  /* both */
	dps_dispatch_burst(ad_a, in, 4, 0);
	dps_adapter_stats(ad_a, &after);
	CU_ASSERT_EQUAL(after.rx_filtered - before.rx_filtered, 2);
	CU_ASSERT_EQUAL(after.rx_unclaimed - before.rx_unclaimed, 0);
	CU_ASSERT_EQUAL(tp_frames, 1);
	CU_ASSERT_EQUAL(xstat(ad_a, DPS__XC_STAT_FORWARDED) - fw0, 5);
	got = drain(ad_b, out, RTE_DIM(out));
	CU_ASSERT_EQUAL(got, 2);
	free_all(out, got);
	CU_ASSERT_EQUAL(dps_binding_set_filter(ba, DPS_FILTER_ALL), DPS_OK);

	/* runts are still the classifier's: dropped and counted, not forwarded */
	before = after;
	in[0] = frame(ETH_NOBODY, &bcast, 60, 8);
	rte_pktmbuf_trim(in[0], 50);
	dps_dispatch_burst(ad_a, in, 1, 0);
	dps_adapter_stats(ad_a, &after);
	CU_ASSERT_EQUAL(after.rx_runt - before.rx_runt, 1);
	CU_ASSERT_EQUAL(drain(ad_b, out, RTE_DIM(out)), 0);

	/* three tags: past the classifier's limit, but the catch-all's anyway */
	before = after;
	in[0] = tagged3(9);
	dps_dispatch_burst(ad_a, in, 1, 0);
	dps_adapter_stats(ad_a, &after);
	CU_ASSERT_EQUAL(after.rx_too_many_vlans - before.rx_too_many_vlans, 0);
	got = drain(ad_b, out, RTE_DIM(out));
	CU_ASSERT_EQUAL(got, 1);
	free_all(out, got);

	CU_ASSERT_EQUAL(dps_protocol_deregister(tp), DPS_OK);
	/* xconnect alone on a (the whole burst is its, unread): the same rules */
	before = after;
	in[0] = frame(ETH_NOBODY, &bcast, 60, 10);
	rte_pktmbuf_trim(in[0], 50); /* runt */
	in[1] = tagged3(11);
	in[2] = frame(ETH_TEST, &other_uc, 60, 12);
	dps_dispatch_burst(ad_a, in, 3, 0);
	dps_adapter_stats(ad_a, &after);
	CU_ASSERT_EQUAL(after.rx_runt - before.rx_runt, 1);
	CU_ASSERT_EQUAL(after.rx_too_many_vlans - before.rx_too_many_vlans, 0);
	got = drain(ad_b, out, RTE_DIM(out));
	CU_ASSERT_EQUAL(got, 2);
	free_all(out, got);
	/* without the catch-all, nobody's EtherType is unclaimed again */
	CU_ASSERT_EQUAL(dps_protocol_deregister(xc), DPS_OK);
	xc = NULL;
	before = after;
	inject_nobody(ad_a, 5);
	dps_adapter_stats(ad_a, &after);
	CU_ASSERT_EQUAL(after.rx_unclaimed - before.rx_unclaimed, 5);
	assert_pool_full();
}

static void
test_a_bad_pairs_value_binds_nothing(void)
{
	struct dps_protocol *p;

	CU_ASSERT_EQUAL_FATAL(register_xc("a:a", &p), DPS_OK); /* binds fail, logged */
	CU_ASSERT_PTR_NULL(binding_of(p, ad_a));
	CU_ASSERT_PTR_NULL(binding_of(p, ad_b));
	CU_ASSERT_EQUAL(dps_protocol_deregister(p), DPS_OK);
	assert_pool_full();
}

/* ---- suite ---- */

static int
suite_init(void)
{
	char *argv[] = {"test_xconnect", "--no-huge", "--no-pci", "-m", "256", "-l", "0-1",
		"--no-shconf", "--file-prefix=test_xconnect", "--log-level=*:warning",
		"--vdev=net_ring_xc_a", "--vdev=net_ring_xc_b", "--vdev=net_ring_xc_c"};
	struct dps_object_attr sa = {.type = "stack", .name = "test_xconnect"};

	if (rte_eal_init((int)RTE_DIM(argv), argv) < 0)
		return -1;
	pool = rte_pktmbuf_pool_create(
		"test_xconnect", POOL_SIZE, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (pool == NULL)
		return -1;
	base_objects = dps_object_live_count();
	if (dps_object_create(&sa, NULL, &stack) != DPS_OK || dps_workers_init() != DPS_OK)
		return -1;
	ad_a = dps_test_adapter(stack, pool, "a", "net_ring_xc_a", 256, 1500);
	ad_b = dps_test_adapter(stack, pool, "b", "net_ring_xc_b", 256, 1500);
	ad_c = dps_test_adapter(stack, pool, "c", "net_ring_xc_c", 256, 1500);
	if (ad_a == NULL || ad_b == NULL || ad_c == NULL)
		return -1;
	return dps_binding_layer_init(stack, dps_workers_rcu()) == DPS_OK ? 0 : -1;
}

static int
suite_clean(void)
{
	struct dps_adapter *ads[] = {ad_a, ad_b, ad_c};

	if (xc != NULL)
		dps_protocol_deregister(xc);
	return dps_test_teardown(stack, pool, base_objects, ads, RTE_DIM(ads));
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_pairs_are_parsed_and_bad_ones_refused_with_the_reason),
	DPS_TEST(test_a_bad_pairs_value_binds_nothing),
	DPS_TEST(test_frames_cross_byte_identical_both_ways_with_exact_counters),
	DPS_TEST(test_peer_tx_full_is_counted),
	DPS_TEST(test_paused_or_unbound_peer_drops_and_counts_then_recovers),
	DPS_TEST(test_catch_all_and_ethertype_protocol_both_get_frames_filters_apply),
};

DPS_TEST_MAIN("xconnect", cases, suite_init, suite_clean)
