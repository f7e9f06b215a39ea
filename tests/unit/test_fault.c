/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault injection (lib/core/dps_fault.h, issue 14 point 2). In a build with
 * -Dfault_injection=true (scripts/test.sh's clang tree): the points are
 * armed by name, fire exactly when told, and the stack copes with each:
 * frames the PMD does not take are counted and freed, a reply that finds
 * the pool empty is counted (nombuf) and nothing is lost, a control job or
 * OID request that does not fit its ring is refused with DPS_E_RESOURCES, a
 * device that refuses an MTU leaves the adapter as it was. Every test ends
 * with the pool full; the suite ends with the leak check. In a build
 * without it: the API says DPS_E_NOT_SUPPORTED and dps_fault() is 0.
 *
 * In-process on net_ring ports (a net_ring port loops what it sends back
 * into its own rx ring); the test thread is the control thread and injects
 * "received" bursts with dps_dispatch_burst().
 */
#include <pthread.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "dps_dispatch.h"
#include "dps_fault.h"
#include "dps_ipv4.h"
#include "dps_test.h"
#include "dps_test_stack.h"
#include "xconnect_private.h"

#define POOL_SIZE 2047
#define ETH_NOBODY 0x88b6
/* not RTE_IPV4: in 22.11 it shifts an int 198 by 24, which UBSan reports */
#define OUR_IP ((uint32_t)198 << 24 | 51 << 16 | 100 << 8 | 2)
#define PEER_IP ((uint32_t)198 << 24 | 51 << 16 | 100 << 8 | 1)

static struct rte_mempool *pool;
static struct dps_object *stack;
static struct dps_adapter *ad_a, *ad_b, *ad_c;
static unsigned int base_objects;
static struct dps_protocol *xc, *ip4;

static void
assert_pool_full(void)
{
	CU_ASSERT_EQUAL(rte_mempool_avail_count(pool), pool->size);
}

static struct rte_mbuf *
frame(uint16_t type, uint16_t len, uint32_t seq)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t *p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	p = (uint8_t *)rte_pktmbuf_append(m, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	if (p == NULL)
		return m;
	memset(p, 0xff, 6);
	memset(p + 6, 0x02, 6);
	p[12] = (uint8_t)(type >> 8);
	p[13] = (uint8_t)type;
	for (uint16_t i = 14; i < len; i++)
		p[i] = (uint8_t)(seq + i);
	return m;
}

static unsigned int
drain(struct dps_adapter *a)
{
	struct rte_mbuf *out[DPS_BURST];
	unsigned int n = 0;
	uint16_t got;

	for (uint16_t q = 0; q < a->nb_rxq; q++)
		while ((got = rte_eth_rx_burst(a->port_id, q, out, DPS_BURST)) > 0) {
			n += got;
			rte_pktmbuf_free_bulk(out, got);
		}
	return n;
}

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

static uint64_t
counter(struct dps_protocol *p, const struct dps_adapter *a, unsigned int i)
{
	struct finder f = {p, a, NULL};
	uint64_t v[64];

	dps_binding_foreach(find_cb, &f);
	if (f.b == NULL || dps_binding_counters(f.b, v, RTE_DIM(v)) <= (int)i)
		return UINT64_MAX;
	return v[i];
}

/* ---- the API ---- */

static void
expect_bad_spec(const char *spec, int status, const char *why_part)
{
	char why[256] = "";

	CU_ASSERT_EQUAL(dps_fault_parse(spec, why, sizeof(why)), status);
	if (strstr(why, why_part) == NULL)
		fprintf(stderr, "\n  spec '%s': '%s', expected '%s'\n", spec, why, why_part);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, why_part));
}

static void
test_specs_are_parsed_and_bad_ones_refused_with_the_reason(void)
{
	char why[256];

	if (!dps_fault_available()) {
		CU_ASSERT_EQUAL(dps_fault_set("tx_burst", 1, 0), DPS_E_NOT_SUPPORTED);
		expect_bad_spec("tx_burst:1", DPS_E_NOT_SUPPORTED, "-Dfault_injection=true");
		CU_ASSERT_EQUAL(dps_fault(DPS_FAULT_TX_BURST), 0);
		return;
	}
	expect_bad_spec("", DPS_E_INVALID_PARAMETER, "empty specification");
	expect_bad_spec("tx_burst", DPS_E_INVALID_PARAMETER, "expected NAME:N or NAME:pP");
	expect_bad_spec("nope:3", DPS_E_NOT_FOUND, "'nope': no such point");
	expect_bad_spec("tx_burst:0", DPS_E_INVALID_PARAMETER, "tx_burst: '0' is out of range");
	expect_bad_spec("tx_burst:p0", DPS_E_INVALID_PARAMETER, "p1..p100");
	expect_bad_spec("tx_burst:p101", DPS_E_INVALID_PARAMETER, "p1..p100");
	expect_bad_spec("tx_burst:x", DPS_E_INVALID_PARAMETER, "tx_burst: 'x' is not a number");
	expect_bad_spec("tx_burst:3x", DPS_E_INVALID_PARAMETER, "'3x' is out of range");
	expect_bad_spec("tx_burst:", DPS_E_INVALID_PARAMETER, "is not a number");
	expect_bad_spec("tx_burst:3,", DPS_E_INVALID_PARAMETER, "empty element");
	expect_bad_spec(",tx_burst:3", DPS_E_INVALID_PARAMETER, "empty element");
	expect_bad_spec("tx_burst:3,tx_burst:4", DPS_E_INVALID_PARAMETER, "tx_burst: given twice");
	expect_bad_spec("tx_burst:99999999999", DPS_E_INVALID_PARAMETER, "out of range");
	/* a refused spec arms nothing, not even its good elements */
	expect_bad_spec("eth_mtu:1,nope:1", DPS_E_NOT_FOUND, "no such point");
	CU_ASSERT_EQUAL(dps_fault(DPS_FAULT_ETH_MTU), 0);
	CU_ASSERT_EQUAL(dps_fault_hits(DPS_FAULT_ETH_MTU), 0);

	CU_ASSERT_EQUAL(dps_fault_set("nope", 1, 0), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_fault_set("tx_burst", 1, 5), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_fault_set("tx_burst", 0, 101), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_fault_set(NULL, 1, 0), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(dps_fault_name(DPS_FAULT_TELEMETRY_ALLOC), "telemetry_alloc");
	CU_ASSERT_PTR_NULL(dps_fault_name(DPS_FAULT_POINTS));

	/* good ones */
	CU_ASSERT_EQUAL(dps_fault_parse("eth_mac:2,malloc:p100", why, sizeof(why)), DPS_OK);
	CU_ASSERT_EQUAL(dps_fault(DPS_FAULT_ETH_MAC), 0);
	CU_ASSERT_EQUAL(dps_fault(DPS_FAULT_ETH_MAC), 1);
	CU_ASSERT_EQUAL(dps_fault(DPS_FAULT_MALLOC), 1);
	CU_ASSERT_EQUAL(dps_fault(DPS_FAULT_ETH_MTU), 0);
	CU_ASSERT_EQUAL(dps_fault_hits(DPS_FAULT_ETH_MAC), 1);
	CU_ASSERT_EQUAL(dps_fault_hits(DPS_FAULT_MALLOC), 1);
	dps_fault_clear();
	CU_ASSERT_EQUAL(dps_fault(DPS_FAULT_MALLOC), 0);
	CU_ASSERT_EQUAL(dps_fault_hits(DPS_FAULT_MALLOC), 0);
}

static void
test_every_nth_call_fires_exactly_and_percent_stays_in_bounds(void)
{
	unsigned int fired = 0;

	if (!dps_fault_available())
		return;
	CU_ASSERT_EQUAL_FATAL(dps_fault_set("ring_enqueue", 3, 0), DPS_OK);
	for (unsigned int i = 1; i <= 30; i++) {
		int f = dps_fault(DPS_FAULT_RING_ENQUEUE);

		CU_ASSERT_EQUAL(f, i % 3 == 0);
		fired += (unsigned int)f;
	}
	CU_ASSERT_EQUAL(fired, 10);
	CU_ASSERT_EQUAL(dps_fault_hits(DPS_FAULT_RING_ENQUEUE), 10);
	/* re-arming restarts the count; disarming stops it */
	CU_ASSERT_EQUAL(dps_fault_set("ring_enqueue", 2, 0), DPS_OK);
	CU_ASSERT_EQUAL(dps_fault(DPS_FAULT_RING_ENQUEUE), 0);
	CU_ASSERT_EQUAL(dps_fault(DPS_FAULT_RING_ENQUEUE), 1);
	CU_ASSERT_EQUAL(dps_fault_set("ring_enqueue", 0, 0), DPS_OK);
	CU_ASSERT_EQUAL(dps_fault(DPS_FAULT_RING_ENQUEUE), 0);
	CU_ASSERT_EQUAL(dps_fault(DPS_FAULT_RING_ENQUEUE), 0);

	/* 25 % of 4000 calls: 1000 expected; far outside [700, 1300] is a bug */
	CU_ASSERT_EQUAL(dps_fault_set("malloc", 0, 25), DPS_OK);
	fired = 0;
	for (unsigned int i = 0; i < 4000; i++)
		fired += (unsigned int)dps_fault(DPS_FAULT_MALLOC);
	CU_ASSERT(fired >= 700 && fired <= 1300);
	CU_ASSERT_EQUAL(dps_fault_hits(DPS_FAULT_MALLOC), fired);
	dps_fault_clear();
}

/* ---- the stack under faults ---- */

static struct dps_config_proto_schema xc_schema;
static struct dps_config_protocol xc_cfg;

static int
register_xc(void)
{
	xc_schema.name = "xconnect";
	xc_schema.keys = dps__xc_desc.config_keys;
	memset(&xc_cfg, 0, sizeof(xc_cfg));
	snprintf(xc_cfg.name, sizeof(xc_cfg.name), "xconnect");
	xc_cfg.schema = &xc_schema;
	xc_cfg.bind = DPS_BIND_ALL;
	xc_cfg.nb_values = 1;
	xc_cfg.values[0].given = 1;
	snprintf(xc_cfg.values[0].str, sizeof(xc_cfg.values[0].str), "a:b");
	return dps_protocol_register(&dps__xc_desc, &xc_cfg, &xc);
}

static void
inject(struct dps_adapter *a, unsigned int n)
{
	struct rte_mbuf *in[DPS_BURST];

	for (unsigned int i = 0; i < n; i++)
		in[i] = frame(ETH_NOBODY, 64, i);
	dps_dispatch_burst(a, in, (uint16_t)n, 0);
}

static void
test_tx_burst_taking_nothing_is_counted_and_every_frame_freed(void)
{
	uint64_t fw0, full0;

	if (!dps_fault_available())
		return;
	if (xc == NULL)
		CU_ASSERT_EQUAL_FATAL(register_xc(), DPS_OK);
	fw0 = counter(xc, ad_a, DPS__XC_STAT_FORWARDED);
	full0 = counter(xc, ad_a, DPS__XC_STAT_DROP_TX_FULL);

	/* every call takes nothing (the datapath's retries too) */
	CU_ASSERT_EQUAL_FATAL(dps_fault_set("tx_burst", 1, 0), DPS_OK);
	inject(ad_a, 20);
	CU_ASSERT_EQUAL(drain(ad_b), 0);
	CU_ASSERT_EQUAL(counter(xc, ad_a, DPS__XC_STAT_FORWARDED) - fw0, 0);
	CU_ASSERT_EQUAL(counter(xc, ad_a, DPS__XC_STAT_DROP_TX_FULL) - full0, 20);
	CU_ASSERT(dps_fault_hits(DPS_FAULT_TX_BURST) >= 1);
	assert_pool_full();

	/* every 2nd call: the retry after a refused call gets them out */
	CU_ASSERT_EQUAL_FATAL(dps_fault_set("tx_burst", 2, 0), DPS_OK);
	for (unsigned int r = 0; r < 4; r++)
		inject(ad_a, 16);
	CU_ASSERT_EQUAL(drain(ad_b), 64);
	CU_ASSERT_EQUAL(counter(xc, ad_a, DPS__XC_STAT_FORWARDED) - fw0, 64);
	CU_ASSERT_EQUAL(counter(xc, ad_a, DPS__XC_STAT_DROP_TX_FULL) - full0, 20);
	CU_ASSERT_EQUAL(dps_fault_hits(DPS_FAULT_TX_BURST) >= 3, 1);
	assert_pool_full();

	/* disarmed: as before */
	dps_fault_clear();
	inject(ad_a, 10);
	CU_ASSERT_EQUAL(drain(ad_b), 10);
	CU_ASSERT_EQUAL(counter(xc, ad_a, DPS__XC_STAT_FORWARDED) - fw0, 74);
	assert_pool_full();
}

/* An ICMP echo request from PEER_IP to OUR_IP, checksums right. */
static struct rte_mbuf *
echo_request(const struct rte_ether_addr *dst, uint16_t payload)
{
	uint16_t len = (uint16_t)(sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv4_hdr) +
				  sizeof(struct rte_icmp_hdr) + payload);
	struct rte_mbuf *m = frame(RTE_ETHER_TYPE_IPV4, len, 7);
	struct rte_ether_hdr *eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eh + 1);
	struct rte_icmp_hdr *icmp = (struct rte_icmp_hdr *)(ip + 1);

	eh->dst_addr = *dst;
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(len - sizeof(*eh)));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_ICMP;
	ip->src_addr = rte_cpu_to_be_32(PEER_IP);
	ip->dst_addr = rte_cpu_to_be_32(OUR_IP);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	icmp->icmp_type = RTE_IP_ICMP_ECHO_REQUEST;
	icmp->icmp_code = 0;
	icmp->icmp_cksum = 0;
	icmp->icmp_ident = rte_cpu_to_be_16(0x1234);
	icmp->icmp_seq_nb = rte_cpu_to_be_16(1);
	icmp->icmp_cksum = (uint16_t)~rte_raw_cksum(icmp, sizeof(*icmp) + payload);
	return m;
}

static void
test_an_empty_pool_at_reply_time_is_counted_nombuf_and_loses_nothing(void)
{
	static struct dps_config_proto_schema schema;
	static struct dps_config_protocol pc;
	struct rte_ether_addr mac;
	struct rte_mbuf *m[8];
	uint64_t nombuf0, echo0;

	if (!dps_fault_available())
		return;
	if (ip4 == NULL) {
		schema.name = "ipv4";
		schema.keys = dps_proto_ipv4.config_keys;
		memset(&pc, 0, sizeof(pc));
		snprintf(pc.name, sizeof(pc.name), "ipv4");
		pc.schema = &schema;
		pc.bind = DPS_BIND_LIST;
		pc.nb_bind = 1;
		snprintf(pc.bind_list[0], sizeof(pc.bind_list[0]), "c");
		CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&dps_proto_ipv4, &pc, &ip4), DPS_OK);
	}
	mac = ad_c->mac;
	nombuf0 = counter(ip4, ad_c, DPS_IPV4_STAT_NOMBUF);
	echo0 = counter(ip4, ad_c, DPS_IPV4_STAT_ICMP_ECHO);
	CU_ASSERT_NOT_EQUAL_FATAL(nombuf0, UINT64_MAX);

	/* shared requests (another reference held here) cannot be turned
	 * around in place: the reply is a copy, which finds the pool empty */
	for (unsigned int i = 0; i < RTE_DIM(m); i++) {
		m[i] = echo_request(&mac, 56);
		rte_mbuf_refcnt_update(m[i], 1);
	}
	CU_ASSERT_EQUAL_FATAL(dps_fault_set("mempool_get", 1, 0), DPS_OK);
	dps_dispatch_burst(ad_c, m, RTE_DIM(m), 0);
	dps_fault_clear();
	CU_ASSERT_EQUAL(counter(ip4, ad_c, DPS_IPV4_STAT_NOMBUF) - nombuf0, RTE_DIM(m));
	CU_ASSERT_EQUAL(counter(ip4, ad_c, DPS_IPV4_STAT_ICMP_ECHO) - echo0, 0);
	CU_ASSERT_EQUAL(drain(ad_c), 0);

	/* with the pool back, the same shared requests are answered */
	dps_dispatch_burst(ad_c, m, RTE_DIM(m), 0);
	CU_ASSERT_EQUAL(counter(ip4, ad_c, DPS_IPV4_STAT_ICMP_ECHO) - echo0, RTE_DIM(m));
	CU_ASSERT_EQUAL(drain(ad_c), RTE_DIM(m));
	CU_ASSERT_EQUAL(counter(ip4, ad_c, DPS_IPV4_STAT_NOMBUF) - nombuf0, RTE_DIM(m));
	/* each request: freed by the stack once per dispatch; ours held one more */
	for (unsigned int i = 0; i < RTE_DIM(m); i++)
		CU_ASSERT_EQUAL(rte_mbuf_refcnt_read(m[i]), 1);
	rte_pktmbuf_free_bulk(m, RTE_DIM(m));
	assert_pool_full();
}

static int
job_add(void *arg)
{
	(*(int *)arg)++;
	return DPS_OK;
}

struct caller {
	int value;
	int rc;
	int done;
};

static void *
caller_main(void *arg)
{
	struct caller *c = arg;

	c->rc = dps_ctrl_call(job_add, &c->value, sizeof(c->value), 2000);
	__atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* dps_ctrl_call() from another thread while this one runs the control loop */
static int
call_from_other_thread(struct caller *c)
{
	pthread_t th;

	c->done = 0;
	if (pthread_create(&th, NULL, caller_main, c) != 0)
		return -1;
	for (unsigned int i = 0; i < 3000 && !__atomic_load_n(&c->done, __ATOMIC_ACQUIRE); i++) {
		dps_ctrl_poll();
		rte_delay_us_sleep(1000);
	}
	pthread_join(th, NULL);
	dps_ctrl_poll();
	return 0;
}

static void
test_a_full_control_ring_refuses_the_job_with_resources_exactly_once(void)
{
	struct caller c = {.value = 41, .rc = DPS_E_FAILURE};

	if (!dps_fault_available())
		return;
	CU_ASSERT_EQUAL_FATAL(dps_fault_set("ring_enqueue", 1, 0), DPS_OK);
	CU_ASSERT_EQUAL_FATAL(call_from_other_thread(&c), 0);
	dps_fault_clear();
	CU_ASSERT_EQUAL(c.rc, DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(c.value, 41); /* the job never ran */

	c.rc = DPS_E_FAILURE;
	CU_ASSERT_EQUAL_FATAL(call_from_other_thread(&c), 0);
	CU_ASSERT_EQUAL(c.rc, DPS_OK);
	CU_ASSERT_EQUAL(c.value, 42); /* ran once */
}

static void
test_a_device_refusing_mtu_or_mac_leaves_the_adapter_as_it_was(void)
{
	uint16_t mtu;

	if (!dps_fault_available())
		return;
	CU_ASSERT_EQUAL_FATAL(rte_eth_dev_get_mtu(ad_b->port_id, &mtu), 0);
	CU_ASSERT_EQUAL_FATAL(dps_fault_set("eth_mtu", 1, 0), DPS_OK);
	CU_ASSERT_EQUAL(dps_adapter_set_mtu(ad_b, 1400), DPS_E_IO);
	CU_ASSERT_EQUAL(ad_b->mtu, 1500);
	CU_ASSERT_EQUAL(dps_fault_set("eth_mac", 1, 0), DPS_OK);
	{
		struct rte_ether_addr mac = {{0x02, 0, 0, 0, 0x11, 0x22}}, before = ad_b->mac;

		CU_ASSERT_EQUAL(dps_adapter_set_mac(ad_b, &mac), DPS_E_IO);
		CU_ASSERT(rte_is_same_ether_addr(&ad_b->mac, &before));
	}
	CU_ASSERT_EQUAL(dps_fault_hits(DPS_FAULT_ETH_MTU), 1);
	CU_ASSERT_EQUAL(dps_fault_hits(DPS_FAULT_ETH_MAC), 1);
	dps_fault_clear();
	/* disarmed, the device gives its own answer again: net_ring sets
	 * neither (DPS_E_IO above came from the injection, not from it) */
	CU_ASSERT_EQUAL(dps_adapter_set_mtu(ad_b, 1400), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(ad_b->mtu, 1500);
	CU_ASSERT_EQUAL(dps_fault_hits(DPS_FAULT_ETH_MTU), 0);
	assert_pool_full();
}

/* ---- suite ---- */

static int
suite_init(void)
{
	char *argv[] = {"test_fault", "--no-huge", "--no-pci", "-m", "256", "-l", "0-1",
		"--no-shconf", "--file-prefix=test_fault", "--log-level=*:error",
		"--vdev=net_ring_ft_a", "--vdev=net_ring_ft_b", "--vdev=net_ring_ft_c"};
	struct dps_object_attr sa = {.type = "stack", .name = "test_fault"};

	if (rte_eal_init((int)RTE_DIM(argv), argv) < 0)
		return -1;
	/* no lcore cache: every get reaches the pool's driver (point mempool_get) */
	pool = dps_fault_pool_create(
		"test_fault", POOL_SIZE, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (pool == NULL)
		return -1;
	base_objects = dps_object_live_count();
	if (dps_object_create(&sa, NULL, &stack) != DPS_OK || dps_workers_init() != DPS_OK)
		return -1;
	ad_a = dps_test_adapter(stack, pool, "a", "net_ring_ft_a", 256, 1500);
	ad_b = dps_test_adapter(stack, pool, "b", "net_ring_ft_b", 256, 1500);
	ad_c = dps_test_adapter(stack, pool, "c", "net_ring_ft_c", 256, 1500);
	if (ad_a == NULL || ad_b == NULL || ad_c == NULL)
		return -1;
	ad_c->cfg.addrs[0].addr =
		rte_cpu_to_be_32(OUR_IP); /* what ipv4 answers for, from its binding's params */
	ad_c->cfg.addrs[0].prefix_len = 24;
	ad_c->cfg.nb_addrs = 1;
	if (dps_ctrl_init(64, 64, 1000) != DPS_OK)
		return -1;
	return dps_binding_layer_init(stack, dps_workers_rcu()) == DPS_OK ? 0 : -1;
}

static int
suite_clean(void)
{
	struct dps_adapter *ads[] = {ad_a, ad_b, ad_c};

	dps_fault_clear();
	if (xc != NULL)
		dps_protocol_deregister(xc);
	if (ip4 != NULL)
		dps_protocol_deregister(ip4);
	return dps_test_teardown(stack, pool, base_objects, ads, RTE_DIM(ads));
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_specs_are_parsed_and_bad_ones_refused_with_the_reason),
	DPS_TEST(test_every_nth_call_fires_exactly_and_percent_stays_in_bounds),
	DPS_TEST(test_tx_burst_taking_nothing_is_counted_and_every_frame_freed),
	DPS_TEST(test_an_empty_pool_at_reply_time_is_counted_nombuf_and_loses_nothing),
	DPS_TEST(test_a_full_control_ring_refuses_the_job_with_resources_exactly_once),
	DPS_TEST(test_a_device_refusing_mtu_or_mac_leaves_the_adapter_as_it_was),
};

DPS_TEST_MAIN("fault", cases, suite_init, suite_clean)
