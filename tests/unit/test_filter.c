/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter-module slot (lib/filter and its two hooks in
 * binding_datapath.c), in-process on two net_ring ports cross-connected by
 * xconnect (a:b): a burst "received" on a (dps_dispatch_burst from the test
 * thread, the control thread) is seen by a's rx modules before
 * classification; xconnect sends it out of b on the control tx queue, and
 * b's tx modules see what the PMD took. net_ring loops b's sends back into
 * b's rx ring, where the test reads them.
 */
#include <string.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "dps_dispatch.h"
#include "dps_filter.h"
#include "dps_test.h"
#include "dps_test_stack.h"
#include "xconnect_private.h"

#define POOL_SIZE 2047
#define ETH_TEST 0x88b5
#define MAX_LOG 128

static struct rte_mempool *pool;
static struct dps_object *stack;
static struct dps_adapter *ad_a, *ad_b;
static unsigned int base_objects;

/* what the modules saw, in order */
static struct seen {
	int module;
	uint32_t dir;
	uint16_t n;
	uint64_t tsc;
	uint8_t first_byte14; /* the first payload byte of the burst's first frame */
	uint16_t refcnt;      /* of the first frame, during the call */
} seen_log[MAX_LOG];
static unsigned int nb_seen;

static void
mod_burst(void *ctx, struct dps_adapter *a, uint32_t dir, uint16_t queue,
	struct rte_mbuf *const *pkts, uint16_t n, uint64_t tsc)
{
	(void)a;
	(void)queue;
	if (nb_seen == MAX_LOG)
		return;
	seen_log[nb_seen].module = (int)(intptr_t)ctx;
	seen_log[nb_seen].dir = dir;
	seen_log[nb_seen].n = n;
	seen_log[nb_seen].tsc = tsc;
	seen_log[nb_seen].first_byte14 = rte_pktmbuf_mtod(pkts[0], const uint8_t *)[14];
	seen_log[nb_seen].refcnt = rte_mbuf_refcnt_read(pkts[0]);
	nb_seen++;
}

static const struct dps_filter_ops mod_ops = {.name = "test", .burst = mod_burst};
static const struct dps_filter_ops other_ops = {.name = "other", .burst = mod_burst};

static struct rte_mbuf *
frame(uint8_t seq)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t b[60];
	char *p;

	memset(b, 0xff, 6); /* broadcast: xconnect takes everything anyway */
	memset(b + 6, 0x02, 6);
	b[12] = ETH_TEST >> 8;
	b[13] = ETH_TEST & 0xff;
	for (int i = 14; i < 60; i++)
		b[i] = (uint8_t)(seq + i - 14);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	p = rte_pktmbuf_append(m, sizeof(b));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memcpy(p, b, sizeof(b));
	return m;
}

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
inject(struct dps_adapter *a, uint8_t seq, uint16_t n)
{
	struct rte_mbuf *pkts[DPS_BURST];

	for (uint16_t i = 0; i < n; i++)
		pkts[i] = frame((uint8_t)(seq + i));
	dps_dispatch_burst(a, pkts, n, 0);
}

static struct dps_config_proto_schema xc_schema;
static struct dps_config_protocol xc_cfg;

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

static void
test_attach_and_detach_check_their_arguments(void)
{
	static const struct dps_filter_ops no_cb = {.name = "none"};

	CU_ASSERT_EQUAL(
		dps_filter_attach(NULL, &mod_ops, NULL, DPS_FILTER_RX), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(
		dps_filter_attach(ad_a, NULL, NULL, DPS_FILTER_RX), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(
		dps_filter_attach(ad_a, &no_cb, NULL, DPS_FILTER_RX), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_filter_attach(ad_a, &mod_ops, NULL, 0), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_filter_attach(ad_a, &mod_ops, NULL, 4), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_filter_detach(ad_a, &mod_ops, NULL), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_filter_detach(NULL, &mod_ops, NULL), DPS_E_INVALID_PARAMETER);

	CU_ASSERT_EQUAL(dps_filter_attach(ad_a, &mod_ops, (void *)1, DPS_FILTER_RX), DPS_OK);
	CU_ASSERT_EQUAL(dps_filter_attach(ad_a, &mod_ops, (void *)1, DPS_FILTER_TX), DPS_E_EXISTS);
	/* the same ops with another context is another module */
	for (intptr_t i = 2; i <= DPS_FILTER_MAX_MODULES; i++)
		CU_ASSERT_EQUAL(
			dps_filter_attach(ad_a, &mod_ops, (void *)i, DPS_FILTER_RX), DPS_OK);
	CU_ASSERT_EQUAL(dps_filter_count(ad_a), DPS_FILTER_MAX_MODULES);
	CU_ASSERT_EQUAL(dps_filter_attach(ad_a, &other_ops, NULL, DPS_FILTER_RX), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(dps_filter_detach(ad_a, &other_ops, (void *)1), DPS_E_NOT_FOUND);
	for (intptr_t i = 1; i <= DPS_FILTER_MAX_MODULES; i++)
		CU_ASSERT_EQUAL(dps_filter_detach(ad_a, &mod_ops, (void *)i), DPS_OK);
	CU_ASSERT_EQUAL(dps_filter_count(ad_a), 0);
	CU_ASSERT_PTR_NULL(atomic_load(&ad_a->filters)); /* none: one pointer test per burst */
	CU_ASSERT_EQUAL(dps_filter_detach_all(ad_a), 0);
}

static void
test_modules_see_rx_before_classification_and_tx_after_the_pmd_in_attach_order(void)
{
	struct dps_protocol *xc = NULL;
	struct rte_mbuf *got[64];
	struct dps_adapter_lcore_stats st;
	unsigned int n;

	CU_ASSERT_EQUAL_FATAL(register_xc("a:b", &xc), DPS_OK);
	/* 3 then 1 then 2 on a (rx); 4 on b (tx); 5 on b (rx only: sees nothing here) */
	CU_ASSERT_EQUAL(dps_filter_attach(ad_a, &mod_ops, (void *)3, DPS_FILTER_RX), DPS_OK);
	CU_ASSERT_EQUAL(dps_filter_attach(ad_a, &mod_ops, (void *)1, DPS_FILTER_RX | DPS_FILTER_TX),
		DPS_OK);
	CU_ASSERT_EQUAL(dps_filter_attach(ad_a, &other_ops, (void *)2, DPS_FILTER_RX), DPS_OK);
	CU_ASSERT_EQUAL(dps_filter_attach(ad_b, &mod_ops, (void *)4, DPS_FILTER_TX), DPS_OK);
	CU_ASSERT_EQUAL(dps_filter_attach(ad_b, &mod_ops, (void *)5, DPS_FILTER_RX), DPS_OK);
	nb_seen = 0;
	inject(ad_a, 40, 5);
	CU_ASSERT_EQUAL_FATAL(nb_seen, 4);
	for (unsigned int i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(seen_log[i].dir, DPS_FILTER_RX);
		CU_ASSERT_EQUAL(seen_log[i].n, 5);
		CU_ASSERT_EQUAL(seen_log[i].first_byte14, 40);
		CU_ASSERT_NOT_EQUAL(seen_log[i].tsc, 0);
	}
	CU_ASSERT_EQUAL(seen_log[0].module, 3);
	CU_ASSERT_EQUAL(seen_log[1].module, 1);
	CU_ASSERT_EQUAL(seen_log[2].module, 2);
	/* all rx modules of a burst see the same TSC */
	CU_ASSERT_EQUAL(seen_log[0].tsc, seen_log[2].tsc);
	/* then b's tx module, with the frames xconnect sent, after the PMD took them */
	CU_ASSERT_EQUAL(seen_log[3].module, 4);
	CU_ASSERT_EQUAL(seen_log[3].dir, DPS_FILTER_TX);
	CU_ASSERT_EQUAL(seen_log[3].n, 5);
	CU_ASSERT_EQUAL(seen_log[3].first_byte14, 40);
	CU_ASSERT(seen_log[3].tsc >= seen_log[0].tsc);
	/* net_ring queued the frame (its reference) and ours keeps it during the call */
	CU_ASSERT_EQUAL(seen_log[3].refcnt, 2);
	n = drain(ad_b, got, RTE_DIM(got));
	CU_ASSERT_EQUAL(n, 5);
	for (unsigned int i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(rte_mbuf_refcnt_read(got[i]), 1); /* our reference is gone */
		CU_ASSERT_EQUAL(rte_pktmbuf_mtod(got[i], const uint8_t *)[14], 40 + i);
	}
	rte_pktmbuf_free_bulk(got, n);
	dps_adapter_stats(ad_b, &st);
	CU_ASSERT_EQUAL(st.tx_dropped, 0);

	/* detached: the rest keep their order, the detached one sees nothing */
	CU_ASSERT_EQUAL(dps_filter_detach(ad_a, &mod_ops, (void *)1), DPS_OK);
	nb_seen = 0;
	inject(ad_a, 80, 2);
	CU_ASSERT_EQUAL_FATAL(nb_seen, 3);
	CU_ASSERT_EQUAL(seen_log[0].module, 3);
	CU_ASSERT_EQUAL(seen_log[1].module, 2);
	CU_ASSERT_EQUAL(seen_log[2].module, 4);
	n = drain(ad_b, got, RTE_DIM(got));
	CU_ASSERT_EQUAL(n, 2);
	rte_pktmbuf_free_bulk(got, n);

	CU_ASSERT_EQUAL(dps_filter_detach_all(ad_a), 2);
	CU_ASSERT_EQUAL(dps_filter_detach_all(ad_b), 2);
	nb_seen = 0;
	inject(ad_a, 90, 3);
	CU_ASSERT_EQUAL(nb_seen, 0);
	n = drain(ad_b, got, RTE_DIM(got));
	CU_ASSERT_EQUAL(n, 3);
	rte_pktmbuf_free_bulk(got, n);
	CU_ASSERT_EQUAL(dps_protocol_deregister(xc), DPS_OK);
	CU_ASSERT_EQUAL(rte_mempool_avail_count(pool), pool->size);
}

static void
test_frames_the_pmd_did_not_take_go_back_unchanged(void)
{
	struct dps_protocol *xc = NULL;
	struct rte_mbuf *got[1600];
	struct dps_adapter_lcore_stats before, after;
	unsigned int n, sent_seen = 0;

	/* fill b's ring (net_ring's: 1024 deep, looped into its rx ring) without reading it */
	CU_ASSERT_EQUAL_FATAL(register_xc("a:b", &xc), DPS_OK);
	CU_ASSERT_EQUAL(dps_filter_attach(ad_b, &mod_ops, (void *)7, DPS_FILTER_TX), DPS_OK);
	dps_adapter_stats(ad_b, &before);
	nb_seen = 0;
	for (int i = 0; i < 40; i++)
		inject(ad_a, (uint8_t)i, DPS_BURST);
	for (unsigned int i = 0; i < nb_seen; i++)
		sent_seen += seen_log[i].n;
	dps_adapter_stats(ad_b, &after);
	/* the module saw exactly what the PMD took; the rest was dropped and counted */
	CU_ASSERT_EQUAL(sent_seen, after.tx - before.tx);
	CU_ASSERT(after.tx_dropped > before.tx_dropped);
	n = drain(ad_b, got, RTE_DIM(got));
	CU_ASSERT_EQUAL(n, sent_seen);
	rte_pktmbuf_free_bulk(got, n);
	CU_ASSERT_EQUAL(dps_filter_detach(ad_b, &mod_ops, (void *)7), DPS_OK);
	CU_ASSERT_EQUAL(dps_protocol_deregister(xc), DPS_OK);
	CU_ASSERT_EQUAL(rte_mempool_avail_count(pool), pool->size);
}

static int
suite_init(void)
{
	char *argv[] = {"test_filter", "--no-huge", "--no-pci", "-m", "256", "-l", "0-1",
		"--no-shconf", "--file-prefix=test_filter", "--log-level=*:warning",
		"--vdev=net_ring_flt_a", "--vdev=net_ring_flt_b"};
	struct dps_object_attr sa = {.type = "stack", .name = "test_filter"};

	if (rte_eal_init((int)RTE_DIM(argv), argv) < 0)
		return -1;
	pool = rte_pktmbuf_pool_create(
		"test_filter", POOL_SIZE, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (pool == NULL)
		return -1;
	base_objects = dps_object_live_count();
	if (dps_object_create(&sa, NULL, &stack) != DPS_OK || dps_workers_init() != DPS_OK)
		return -1;
	ad_a = dps_test_adapter(stack, pool, "a", "net_ring_flt_a", 256, 1500);
	ad_b = dps_test_adapter(stack, pool, "b", "net_ring_flt_b", 256, 1500);
	if (ad_a == NULL || ad_b == NULL)
		return -1;
	return dps_binding_layer_init(stack, dps_workers_rcu()) == DPS_OK ? 0 : -1;
}

static int
suite_clean(void)
{
	struct dps_adapter *ads[] = {ad_a, ad_b};

	return dps_test_teardown(stack, pool, base_objects, ads, RTE_DIM(ads));
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_attach_and_detach_check_their_arguments),
	DPS_TEST(test_modules_see_rx_before_classification_and_tx_after_the_pmd_in_attach_order),
	DPS_TEST(test_frames_the_pmd_did_not_take_go_back_unchanged),
};

DPS_TEST_MAIN("filter", cases, suite_init, suite_clean)
