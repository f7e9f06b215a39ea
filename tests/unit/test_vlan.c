/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vlan mux in-process (issue 10): a net_ring adapter r0 (what it sends
 * comes back on its own rx ring) with two virtual adapters over it, v100
 * (VLAN 100, r0's MAC) and v200 (VLAN 200, a MAC of its own), made by the mux
 * from a configuration. A test protocol (EtherType 0x88b5, two of them on
 * v100) records what it receives. The test thread is the control thread:
 * it injects "received" bursts with dps_dispatch_burst() and reads what was
 * sent back from r0's rx ring. Checked: every bad input with its exact
 * status, the receive cases (tag match and strip with vlan_tci kept, each
 * virtual adapter's packet filter, VLAN 0, unknown VLANs counted, QinQ and
 * double tags not mistaken, a broadcast shared by reference count), the
 * send cases (tag inserted, shared frames copied), OIDs on a virtual
 * adapter, link and port-change pause/restart carried over, and the removal
 * of r0 at run time in the MUX order with pending OIDs completed exactly once.
 */
#include <string.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "dps_config.h"
#include "dps_dispatch.h"
#include "dps_test.h"
#include "dps_test_stack.h"
#include "vlan_private.h"

#define POOL_SIZE 4095
#define ETH_TEST 0x88b5

static struct rte_mempool *pool;
static struct dps_object *stack;
static struct dps_adapter *r0, *v100, *v200;
static unsigned int base_objects;
static struct dps_protocol *tp, *tp2, *mux;
static struct dps_config cfg;

static const struct rte_ether_addr bcast = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
static const struct rte_ether_addr mac200 = {{0x02, 0x00, 0x5e, 0x10, 0x02, 0x00}};

/* ---- the test protocol: records what it gets ---- */

#define MAX_SEEN 64

static struct seen {
	const struct dps_adapter *a;
	const struct dps_protocol *p;
	uint16_t len, vlan_tci, type;
	uint64_t ol_flags;
	uint16_t refcnt;
	uint32_t flags;
	uint8_t head[18];
} seen[MAX_SEEN];
static unsigned int nb_seen;
static unsigned int links_down, pauses, restarts, aborted, completed_other;
static int closing_while_mux_bound = -1;

struct tp_ctx {
	int unused;
};

static void
tp_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	RTE_SET_USED(ctx);
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		if (nb_seen < MAX_SEEN) {
			struct seen *s = &seen[nb_seen++];
			const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);

			s->a = dps_binding_adapter(b);
			s->p = dps_binding_protocol(b);
			s->len = (uint16_t)rte_pktmbuf_pkt_len(m);
			s->vlan_tci = m->vlan_tci;
			s->ol_flags = m->ol_flags;
			s->refcnt = rte_mbuf_refcnt_read(m);
			s->flags = flags;
			s->type = (uint16_t)(p[12] << 8 | p[13]);
			memcpy(s->head, p, sizeof(s->head));
		}
	}
	rte_pktmbuf_free_bulk(pkts, n);
}

static void
tp_status(struct dps_binding *b, void *ctx, const struct dps_status_indication *ind)
{
	RTE_SET_USED(ctx);
	if (dps_binding_adapter(b) == v100 && !ind->link_up)
		links_down++;
}

static int
tp_pnp(struct dps_binding *b, void *ctx, const struct dps_pnp_event *ev)
{
	RTE_SET_USED(ctx);
	if (dps_binding_adapter(b) == v100 && ev->code == DPS_PNP_PAUSE)
		pauses++;
	if (dps_binding_adapter(b) == v100 && ev->code == DPS_PNP_RESTART)
		restarts++;
	return DPS_OK;
}

static void
tp_oid_complete(struct dps_binding *b, void *ctx, struct dps_oid_request *req, int status)
{
	RTE_SET_USED(b);
	RTE_SET_USED(ctx);
	if (status == DPS_E_REQUEST_ABORTED)
		aborted++;
	else
		completed_other++;
	dps_oid_request_free(req);
}

static struct dps_binding *binding_of(struct dps_protocol *p, const struct dps_adapter *a);

static void
tp_close(struct dps_binding *b, void *ctx)
{
	struct dps_binding *mb = mux != NULL && r0 != NULL ? binding_of(mux, r0) : NULL;

	RTE_SET_USED(ctx);
	/* a virtual adapter's binding closes while the mux's lower binding is still there */
	if (dps_binding_adapter(b) == v100 && dps_binding_protocol(b) == tp)
		closing_while_mux_bound =
			mb != NULL && dps_binding_state(mb) == DPS_BINDING_CLOSING;
}

static const uint16_t tp_types[] = {ETH_TEST};
static const struct dps_protocol_ops tp_ops = {
	.receive = tp_receive,
	.status = tp_status,
	.pnp_event = tp_pnp,
	.oid_complete = tp_oid_complete,
	.close_complete = tp_close,
};
static DPS_CONTEXT_TYPE(tp_ctx_type, struct tp_ctx, NULL);
static const struct dps_protocol_desc tp_desc = {
	.name = "tproto",
	.ethertypes = tp_types,
	.nb_ethertypes = 1,
	.default_filter = DPS_FILTER_DIRECTED | DPS_FILTER_BROADCAST,
	.ops = &tp_ops,
	.binding_ctx = &tp_ctx_type,
};
static const struct dps_protocol_desc tp2_desc = {
	.name = "tproto2",
	.ethertypes = tp_types,
	.nb_ethertypes = 1,
	.default_filter = DPS_FILTER_BROADCAST,
	.ops = &tp_ops,
	.binding_ctx = &tp_ctx_type,
};

/* ---- helpers ---- */

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
mux_stat(unsigned int i)
{
	uint64_t v[DPS__VLAN_STAT_COUNT];
	struct dps_binding *b = binding_of(mux, r0);

	if (b == NULL || dps_binding_counters(b, v, DPS__VLAN_STAT_COUNT) != DPS__VLAN_STAT_COUNT)
		return UINT64_MAX;
	return v[i];
}

/* A frame to @p dst with the tags @p tags (TPID << 16 | TCI), then EtherType @p type. */
static struct rte_mbuf *
frame(const struct rte_ether_addr *dst, const uint32_t *tags, unsigned int nb_tags, uint16_t type,
	uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t *p;
	unsigned int off = 12;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	p = (uint8_t *)rte_pktmbuf_append(m, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memset(p, 0xab, len);
	memcpy(p, dst->addr_bytes, 6);
	memcpy(p + 6, "\x02\x00\x00\x00\x00\x09", 6);
	for (unsigned int i = 0; i < nb_tags; i++, off += 4) {
		p[off] = (uint8_t)(tags[i] >> 24);
		p[off + 1] = (uint8_t)(tags[i] >> 16);
		p[off + 2] = (uint8_t)(tags[i] >> 8);
		p[off + 3] = (uint8_t)tags[i];
	}
	p[off] = (uint8_t)(type >> 8);
	p[off + 1] = (uint8_t)type;
	return m;
}

static void
inject(struct rte_mbuf *m)
{
	dps_dispatch_burst(r0, &m, 1, 0);
}

static unsigned int
drain(struct rte_mbuf **out, unsigned int max)
{
	unsigned int n = 0;

	for (uint16_t q = 0; q < r0->nb_rxq; q++)
		n += rte_eth_rx_burst(r0->port_id, q, out + n, (uint16_t)(max - n));
	return n;
}

static void
assert_pool_full(void)
{
	CU_ASSERT_EQUAL(rte_mempool_avail_count(pool), pool->size);
}

/* ---- bad input ---- */

static void
test_bad_input_gets_its_exact_status(void)
{
	struct dps_config_adapter ac = cfg.adapters[1]; /* v100's section */
	struct dps_adapter *x = (struct dps_adapter *)0x1;
	char err[160];

	CU_ASSERT_EQUAL(dps_adapter_create_virtual(NULL, &ac, r0, &x, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(x);
	CU_ASSERT_EQUAL(dps_adapter_create_virtual(stack, NULL, r0, &x, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_adapter_create_virtual(stack, &ac, NULL, &x, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	snprintf(ac.name, sizeof(ac.name), "vx");
	CU_ASSERT_EQUAL(dps_adapter_create_virtual(stack, &ac, v100, &x, err, sizeof(err)),
		DPS_E_NOT_SUPPORTED);
	CU_ASSERT_STRING_EQUAL(err, "adapter vx: lower adapter v100 is virtual itself");
	CU_ASSERT_EQUAL(
		dps_adapter_create_virtual(stack, &ac, r0, &x, err, sizeof(err)), DPS_E_EXISTS);
	CU_ASSERT_STRING_EQUAL(err, "adapter vx: VLAN 100 on r0 is v100 already");
	ac.vlan = 0;
	CU_ASSERT_EQUAL(dps_adapter_create_virtual(stack, &ac, r0, &x, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	ac.vlan = 4095;
	CU_ASSERT_EQUAL(dps_adapter_create_virtual(stack, &ac, r0, &x, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	ac.vlan = 300;
	ac.mac_set = 1;
	memcpy(ac.mac, "\x03\x00\x00\x00\x00\x01", 6); /* multicast */
	CU_ASSERT_EQUAL(dps_adapter_create_virtual(stack, &ac, r0, &x, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	memcpy(ac.mac, "\x00\x1b\x21\x00\x00\x01", 6); /* globally administered */
	CU_ASSERT_EQUAL(dps_adapter_create_virtual(stack, &ac, r0, &x, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	ac.mac_set = 0;
	ac.mtu_given = 1;
	ac.mtu = (uint16_t)(r0->mtu + 1);
	CU_ASSERT_EQUAL(dps_adapter_create_virtual(stack, &ac, r0, &x, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	snprintf(ac.name, sizeof(ac.name), "v200");
	ac.mtu_given = 0;
	CU_ASSERT_EQUAL(
		dps_adapter_create_virtual(stack, &ac, r0, &x, err, sizeof(err)), DPS_E_EXISTS);
	CU_ASSERT_PTR_NULL(dps_adapter_find("vx"));

	/* the mux hooks */
	CU_ASSERT_EQUAL(dps_mux_attach(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_mux_attach(binding_of(tp, v100)), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(dps_mux_attach(binding_of(tp, r0)), DPS_E_EXISTS); /* r0 has its mux */
	CU_ASSERT_EQUAL(dps_mux_start(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_mux_start(r0), DPS_E_INVALID_PARAMETER);
	/* the mux declined the virtual adapters: no vlan@v100 */
	CU_ASSERT_PTR_NULL(binding_of(mux, v100));
	CU_ASSERT_PTR_NOT_NULL(binding_of(mux, r0));
	/* a virtual adapter goes with its lower one only */
	CU_ASSERT_EQUAL(dps_ctrl_adapter_remove(v100), DPS_E_NOT_SUPPORTED);
	/* what it does not have */
	CU_ASSERT_EQUAL(dps_adapter_set_admin(v100, 0), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(dps_adapter_set_rx_queues(v100, 2), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(
		dps_adapter_set_mtu(v100, (uint16_t)(r0->mtu + 1)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_adapter_set_mac(v100, &bcast), DPS_E_INVALID_PARAMETER);
	assert_pool_full();
}

/* ---- OIDs on a virtual adapter ---- */

static int
oid_u32(struct dps_binding *b, enum dps_oid_type type, dps_oid_t oid, uint32_t *v)
{
	struct dps_oid_request *req = dps_oid_request_alloc();
	int rc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	req->type = type;
	req->oid = oid;
	req->buf_len = 4;
	memcpy(req->buf, v, 4);
	rc = dps_oid_request_wait(b, req, 2000);
	memcpy(v, req->buf, 4);
	dps_oid_request_free(req);
	return rc;
}

static void
test_oids_answer_from_the_virtual_adapter(void)
{
	struct dps_binding *b = binding_of(tp, v100);
	uint32_t v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	v = 0;
	CU_ASSERT_EQUAL(oid_u32(b, DPS_OID_QUERY, OID_GEN_VLAN_ID, &v), DPS_OK);
	CU_ASSERT_EQUAL(v, 100);
	v = 0;
	CU_ASSERT_EQUAL(oid_u32(binding_of(tp, v200), DPS_OID_QUERY, OID_GEN_VLAN_ID, &v), DPS_OK);
	CU_ASSERT_EQUAL(v, 200);
	v = 0;
	CU_ASSERT_EQUAL(oid_u32(b, DPS_OID_QUERY, OID_DPS_MTU, &v), DPS_OK);
	CU_ASSERT_EQUAL(v, r0->mtu);
	v = 7;
	CU_ASSERT_EQUAL(oid_u32(b, DPS_OID_SET, OID_GEN_VLAN_ID, &v), DPS_E_NOT_SUPPORTED);
	v = 2;
	CU_ASSERT_EQUAL(oid_u32(b, DPS_OID_SET, OID_DPS_RX_QUEUES, &v), DPS_E_NOT_SUPPORTED);
	v = 0;
	CU_ASSERT_EQUAL(oid_u32(b, DPS_OID_SET, OID_DPS_ADMIN_STATE, &v), DPS_E_NOT_SUPPORTED);
	v = (uint32_t)r0->mtu + 1;
	CU_ASSERT_EQUAL(oid_u32(b, DPS_OID_SET, OID_DPS_MTU, &v), DPS_E_INVALID_DATA);
	v = 1;
	CU_ASSERT_EQUAL(oid_u32(b, DPS_OID_SET, OID_DPS_ADAPTER_REMOVE, &v), DPS_E_NOT_SUPPORTED);
	v = 1400;
	CU_ASSERT_EQUAL(oid_u32(b, DPS_OID_SET, OID_DPS_MTU, &v), DPS_OK);
	CU_ASSERT_EQUAL(v100->mtu, 1400);
	CU_ASSERT_EQUAL(r0->mtu, 1500); /* its own, not the port's */
	v = 1500;
	CU_ASSERT_EQUAL(oid_u32(b, DPS_OID_SET, OID_DPS_MTU, &v), DPS_OK);
	v = 1;
	CU_ASSERT_EQUAL(oid_u32(b, DPS_OID_QUERY, OID_GEN_MEDIA_CONNECT_STATUS, &v), DPS_OK);
	CU_ASSERT_EQUAL(v, 0); /* connected: r0's link */
}

/* ---- receive ---- */

static void
test_receive_demultiplexes_by_vlan_and_strips_the_tag(void)
{
	const uint32_t t100[] = {0x81000000u | 0x6064u}; /* priority 3, VLAN 100 */
	const uint32_t t200[] = {0x81000000u | 200u};
	const uint32_t t300[] = {0x81000000u | 300u};
	const uint32_t t0[] = {0x81000000u | 0xa000u}; /* priority 5, VLAN 0 */
	const uint32_t qinq[] = {0x88a80000u | 7u, 0x81000000u | 100u};
	const uint32_t dbl[] = {0x81000000u | 7u, 0x81000000u | 100u};
	const uint32_t cut[] = {0x81000000u | 100u};
	uint64_t unknown0 = mux_stat(DPS__VLAN_STAT_RX_UNKNOWN);
	uint64_t tagged0 = mux_stat(DPS__VLAN_STAT_RX_TAGGED);
	struct dps_adapter_lcore_stats s200;

	nb_seen = 0;
	/* VLAN 100 to r0's MAC (v100's): to tproto@v100, untagged, tci kept */
	inject(frame(&r0->mac, t100, 1, ETH_TEST, 64));
	CU_ASSERT_EQUAL_FATAL(nb_seen, 1);
	CU_ASSERT_PTR_EQUAL(seen[0].a, v100);
	CU_ASSERT_EQUAL(seen[0].len, 60);
	CU_ASSERT_EQUAL(seen[0].type, ETH_TEST);
	CU_ASSERT_EQUAL(seen[0].vlan_tci, 0x6064);
	CU_ASSERT(seen[0].ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED);
	CU_ASSERT_EQUAL(memcmp(seen[0].head, r0->mac.addr_bytes, 6), 0);
	CU_ASSERT_EQUAL(memcmp(seen[0].head + 6, "\x02\x00\x00\x00\x00\x09", 6), 0);
	/* VLAN 200 to its own MAC: tproto@v200 */
	nb_seen = 0;
	inject(frame(&mac200, t200, 1, ETH_TEST, 64));
	CU_ASSERT_EQUAL_FATAL(nb_seen, 1);
	CU_ASSERT_PTR_EQUAL(seen[0].a, v200);
	CU_ASSERT_EQUAL(seen[0].vlan_tci, 200);
	/* VLAN 200 to r0's MAC: v200's packet filter (directed to its MAC) refuses it */
	nb_seen = 0;
	dps_adapter_stats(v200, &s200);
	inject(frame(&r0->mac, t200, 1, ETH_TEST, 64));
	CU_ASSERT_EQUAL(nb_seen, 0);
	{
		struct dps_adapter_lcore_stats s;

		dps_adapter_stats(v200, &s);
		CU_ASSERT_EQUAL(s.rx_filtered, s200.rx_filtered + 1);
		CU_ASSERT_EQUAL(s.rx, s200.rx + 1);
	}
	/* an unknown VLAN, a double 802.1Q tag with 100 inside: counted, freed */
	inject(frame(&r0->mac, t300, 1, ETH_TEST, 64));
	inject(frame(&r0->mac, dbl, 2, ETH_TEST, 64));
	CU_ASSERT_EQUAL(nb_seen, 0);
	CU_ASSERT_EQUAL(mux_stat(DPS__VLAN_STAT_RX_UNKNOWN), unknown0 + 2);
	/* delivered to a virtual adapter: VLAN 100 once, VLAN 200 twice */
	CU_ASSERT_EQUAL(mux_stat(DPS__VLAN_STAT_RX_TAGGED), tagged0 + 3);
	/* QinQ (802.1ad outside): r0's own binding by the inner EtherType, not v100 */
	inject(frame(&r0->mac, qinq, 2, ETH_TEST, 64));
	CU_ASSERT_EQUAL_FATAL(nb_seen, 1);
	CU_ASSERT_PTR_EQUAL(seen[0].a, r0);
	CU_ASSERT_EQUAL(seen[0].type, 0x88a8); /* as received: the tags are r0's to read */
	/* VLAN 0 (priority-tagged): r0's own binding, stripped */
	nb_seen = 0;
	inject(frame(&r0->mac, t0, 1, ETH_TEST, 64));
	CU_ASSERT_EQUAL_FATAL(nb_seen, 1);
	CU_ASSERT_PTR_EQUAL(seen[0].a, r0);
	CU_ASSERT_EQUAL(seen[0].type, ETH_TEST);
	CU_ASSERT_EQUAL(seen[0].vlan_tci, 0xa000);
	CU_ASSERT_EQUAL(mux_stat(DPS__VLAN_STAT_RX_PRIORITY), 1);
	/* untagged: r0's own binding */
	nb_seen = 0;
	inject(frame(&r0->mac, NULL, 0, ETH_TEST, 64));
	CU_ASSERT_EQUAL_FATAL(nb_seen, 1);
	CU_ASSERT_PTR_EQUAL(seen[0].a, r0);
	/* the tag cut short */
	nb_seen = 0;
	inject(frame(&r0->mac, cut, 1, ETH_TEST, 16));
	CU_ASSERT_EQUAL(nb_seen, 0);
	CU_ASSERT_EQUAL(mux_stat(DPS__VLAN_STAT_RX_TRUNCATED), 1);
	assert_pool_full();
}

static void
test_a_broadcast_for_two_bindings_is_shared_not_copied(void)
{
	const uint32_t t100[] = {0x81000000u | 100u};
	unsigned int free_before;
	uint64_t copied0 = mux_stat(DPS__VLAN_STAT_RX_COPIED);
	struct rte_mbuf *m, *extra;

	nb_seen = 0;
	m = frame(&bcast, t100, 1, ETH_TEST, 64);
	free_before = rte_mempool_avail_count(pool);
	inject(m);
	/* tproto and tproto2 on v100: one mbuf, two references, flagged shared */
	CU_ASSERT_EQUAL_FATAL(nb_seen, 2);
	CU_ASSERT(seen[0].a == v100 && seen[1].a == v100);
	CU_ASSERT(seen[0].p != seen[1].p);
	CU_ASSERT(seen[0].refcnt == 2 || seen[1].refcnt == 2);
	CU_ASSERT((seen[0].flags & DPS_RX_F_SHARED) && (seen[1].flags & DPS_RX_F_SHARED));
	CU_ASSERT_EQUAL(rte_mempool_avail_count(pool), free_before + 1);
	CU_ASSERT_EQUAL(mux_stat(DPS__VLAN_STAT_RX_COPIED), copied0);
	/* a frame someone else holds too is copied before its tag goes */
	nb_seen = 0;
	m = frame(&r0->mac, t100, 1, ETH_TEST, 64);
	rte_pktmbuf_refcnt_update(m, 1);
	extra = m;
	inject(m);
	CU_ASSERT_EQUAL_FATAL(nb_seen, 1);
	CU_ASSERT_EQUAL(seen[0].len, 60);
	CU_ASSERT_EQUAL(mux_stat(DPS__VLAN_STAT_RX_COPIED), copied0 + 1);
	/* ours is untouched: still tagged */
	CU_ASSERT_EQUAL(rte_pktmbuf_pkt_len(extra), 64);
	CU_ASSERT_EQUAL(rte_pktmbuf_mtod(extra, uint8_t *)[12], 0x81);
	rte_pktmbuf_free(extra);
	assert_pool_full();
}

/* ---- send ---- */

static void
test_send_inserts_the_tag(void)
{
	struct dps_binding *b = binding_of(tp, v100), *b2 = binding_of(tp, v200);
	struct rte_mbuf *m, *keep, *out[8];
	unsigned int n;
	struct dps_adapter_lcore_stats s0, s1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	dps_adapter_stats(v100, &s0);
	m = frame(&bcast, NULL, 0, ETH_TEST, 60);
	m->vlan_tci = 0x6000; /* priority 3 asked for */
	CU_ASSERT_EQUAL(dps_binding_send(b, &m, 1), DPS_OK);
	m = frame(&bcast, NULL, 0, ETH_TEST, 60);
	keep = m;
	rte_pktmbuf_refcnt_update(m, 1); /* shared: copied, ours left as it is */
	CU_ASSERT_EQUAL(dps_binding_send(b2, &m, 1), DPS_OK);
	CU_ASSERT_EQUAL(rte_pktmbuf_pkt_len(keep), 60);
	CU_ASSERT_EQUAL(rte_pktmbuf_mtod(keep, uint8_t *)[12], 0x88);
	rte_pktmbuf_free(keep);
	n = drain(out, RTE_DIM(out));
	CU_ASSERT_EQUAL_FATAL(n, 2);
	for (unsigned int i = 0; i < n; i++) {
		const uint8_t *p = rte_pktmbuf_mtod(out[i], const uint8_t *);
		uint16_t tci = (uint16_t)(p[14] << 8 | p[15]);

		CU_ASSERT_EQUAL(rte_pktmbuf_pkt_len(out[i]), 64);
		CU_ASSERT(p[12] == 0x81 && p[13] == 0x00);
		CU_ASSERT(p[16] == 0x88 && p[17] == 0xb5);
		CU_ASSERT(tci == (0x6000 | 100) || tci == 200);
	}
	rte_pktmbuf_free_bulk(out, n);
	dps_adapter_stats(v100, &s1);
	CU_ASSERT_EQUAL(s1.tx, s0.tx + 1);
	/* a send in the wrong state keeps the caller's frame untouched */
	CU_ASSERT_EQUAL(dps_binding_pause(b), DPS_OK);
	m = frame(&bcast, NULL, 0, ETH_TEST, 60);
	CU_ASSERT_EQUAL(dps_binding_send(b, &m, 1), DPS_E_NOT_READY);
	CU_ASSERT_EQUAL(rte_pktmbuf_pkt_len(m), 60);
	rte_pktmbuf_free(m);
	CU_ASSERT_EQUAL(dps_binding_restart(b), DPS_OK);
	CU_ASSERT_EQUAL(dps_binding_send(NULL, &m, 1), DPS_E_INVALID_PARAMETER);
	assert_pool_full();
}

/* ---- events ---- */

static void
test_link_and_port_changes_reach_the_virtual_adapters(void)
{
	struct dps_status_indication ind = {.code = DPS_IND_LINK_STATE, .link_up = 0};
	struct dps_binding *lb = binding_of(tp, r0);
	uint32_t v;

	links_down = pauses = restarts = 0;
	/* r0 "goes down": the lower's indication reaches v100's bindings */
	atomic_store(&r0->link_up, 0);
	dps_binding_indicate_status(r0, &ind);
	CU_ASSERT_EQUAL(links_down, 2); /* tproto and tproto2 on v100 */
	CU_ASSERT_EQUAL(atomic_load(&v100->link_up), 0);
	CU_ASSERT_EQUAL(atomic_load(&v200->link_up), 0);
	dps_adapter_link_update(r0); /* net_ring: up again */
	ind.link_up = 1;
	dps_binding_indicate_status(r0, &ind);
	CU_ASSERT_EQUAL(atomic_load(&v100->link_up), 1);
	/* a port change of r0 (administrative state: net_ring cannot change
	 * its MTU) pauses and restarts v100's bindings too */
	v = 0;
	CU_ASSERT_EQUAL(oid_u32(lb, DPS_OID_SET, OID_DPS_ADMIN_STATE, &v), DPS_OK);
	CU_ASSERT_EQUAL(pauses, 2); /* tproto and tproto2 on v100 */
	CU_ASSERT_EQUAL(restarts, 2);
	v = 1;
	CU_ASSERT_EQUAL(oid_u32(lb, DPS_OID_SET, OID_DPS_ADMIN_STATE, &v), DPS_OK);
	CU_ASSERT_EQUAL(pauses, 4);
	CU_ASSERT_EQUAL(restarts, 4);
	dps_adapter_link_update(r0);
	CU_ASSERT_EQUAL(dps_binding_state(binding_of(tp, v100)), DPS_BINDING_RUNNING);
	CU_ASSERT_EQUAL(dps_binding_state(binding_of(tp2, v100)), DPS_BINDING_RUNNING);
	/* after it, a virtual MTU above the lower's new one is clamped */
	r0->mtu = 1400;
	dps_mux_pause(v100);
	dps_mux_restart(v100);
	CU_ASSERT_EQUAL(v100->mtu, 1400);
	CU_ASSERT_EQUAL(restarts, 6);
	r0->mtu = 1500;
}

/* ---- removal: the MUX order ---- */

static void
test_removing_the_lower_adapter_removes_the_virtual_ones_first(void)
{
	struct dps_binding *b = binding_of(tp, v100);
	unsigned int objects_before = dps_object_live_count();

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	aborted = completed_other = 0;
	/* three requests pending on v100's binding (statistics go to the control thread) */
	for (int i = 0; i < 3; i++) {
		struct dps_oid_request *req = dps_oid_request_alloc();

		CU_ASSERT_PTR_NOT_NULL_FATAL(req);
		req->type = DPS_OID_QUERY;
		req->oid = OID_GEN_RCV_OK;
		req->buf_len = 8;
		CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_PENDING);
	}
	CU_ASSERT_EQUAL(dps_binding_oid_pending(b), 3);
	/* what removal does first (ctrl_events.c remove_now): r0's bindings go,
	 * the mux's first, which takes the virtual adapters with it */
	dps_binding_adapter_departing(r0);
	CU_ASSERT_PTR_NULL(dps_adapter_find("v100"));
	CU_ASSERT_PTR_NULL(dps_adapter_find("v200"));
	CU_ASSERT_EQUAL(aborted + completed_other, 3); /* each exactly once */
	CU_ASSERT_EQUAL(aborted, 3);
	CU_ASSERT_EQUAL(closing_while_mux_bound, 1);
	CU_ASSERT_PTR_NULL(binding_of(mux, r0));
	CU_ASSERT_PTR_NULL(binding_of(tp, r0));
	/* then the adapter itself, at run time */
	CU_ASSERT_EQUAL(dps_ctrl_adapter_remove(r0), DPS_PENDING);
	for (int i = 0; i < 100 && dps_adapter_find("r0") != NULL; i++)
		dps_ctrl_poll();
	CU_ASSERT_PTR_NULL(dps_adapter_find("r0"));
	for (int i = 0; i < 10; i++)
		dps_ctrl_poll();
	CU_ASSERT_EQUAL(aborted + completed_other, 3); /* and never again */
	CU_ASSERT(dps_object_live_count() < objects_before);
	r0 = v100 = v200 = NULL;
	assert_pool_full();
}

/* ---- suite ---- */

static int
suite_init(void)
{
	char *argv[] = {"test_vlan", "--no-huge", "--no-pci", "-m", "256", "-l", "0-1",
		"--no-shconf", "--file-prefix=test_vlan", "--log-level=*:warning",
		"--vdev=net_ring_vl0"};
	struct dps_object_attr sa = {.type = "stack", .name = "test_vlan"};
	struct dps_config_adapter *a;

	if (rte_eal_init((int)RTE_DIM(argv), argv) < 0)
		return -1;
	pool = rte_pktmbuf_pool_create(
		"test_vlan", POOL_SIZE, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (pool == NULL)
		return -1;
	base_objects = dps_object_live_count();
	if (dps_object_create(&sa, NULL, &stack) != DPS_OK || dps_workers_init() != DPS_OK)
		return -1;
	r0 = dps_test_adapter(stack, pool, "r0", "net_ring_vl0", 256, 1500);
	if (r0 == NULL || dps_ctrl_init(256, 64, 1000) != DPS_OK)
		return -1;
	/* what the configuration says: v100 and v200 over r0 */
	cfg.nb_adapters = 3;
	a = &cfg.adapters[1];
	snprintf(a->name, sizeof(a->name), "v100");
	snprintf(a->lower, sizeof(a->lower), "r0");
	a->vlan = 100;
	a = &cfg.adapters[2];
	snprintf(a->name, sizeof(a->name), "v200");
	snprintf(a->lower, sizeof(a->lower), "r0");
	a->vlan = 200;
	a->mac_set = 1;
	memcpy(a->mac, mac200.addr_bytes, 6);
	snprintf(cfg.adapters[0].name, sizeof(cfg.adapters[0].name), "r0");
	if (dps_binding_layer_init(stack, dps_workers_rcu()) != DPS_OK)
		return -1;
	dps_mux_set_config(stack, &cfg);
	if (dps_protocol_register(&tp_desc, NULL, &tp) != DPS_OK ||
		dps_protocol_register(&dps__vlan_desc, NULL, &mux) != DPS_OK)
		return -1;
	v100 = dps_adapter_find("v100");
	v200 = dps_adapter_find("v200");
	if (v100 == NULL || v200 == NULL || binding_of(tp, v100) == NULL)
		return -1;
	/* a second protocol on v100 only (a bind list) */
	{
		static struct dps_config_protocol pc;

		snprintf(pc.name, sizeof(pc.name), "tproto2");
		pc.bind = DPS_BIND_LIST;
		pc.nb_bind = 1;
		snprintf(pc.bind_list[0], sizeof(pc.bind_list[0]), "v100");
		if (dps_protocol_register(&tp2_desc, &pc, &tp2) != DPS_OK)
			return -1;
	}
	return 0;
}

static int
suite_clean(void)
{
	struct dps_adapter *ads[] = {v100, v200, r0};

	return dps_test_teardown(stack, pool, base_objects, ads, RTE_DIM(ads));
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_bad_input_gets_its_exact_status),
	DPS_TEST(test_oids_answer_from_the_virtual_adapter),
	DPS_TEST(test_receive_demultiplexes_by_vlan_and_strips_the_tag),
	DPS_TEST(test_a_broadcast_for_two_bindings_is_shared_not_copied),
	DPS_TEST(test_send_inserts_the_tag),
	DPS_TEST(test_link_and_port_changes_reach_the_virtual_adapters),
	DPS_TEST(test_removing_the_lower_adapter_removes_the_virtual_ones_first),
};

DPS_TEST_MAIN("vlan", cases, suite_init, suite_clean)
