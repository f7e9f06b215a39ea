/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Binding layer: the NDIS 6 state machine, the rules the layer enforces,
 * dispatch to several bindings, and mbuf accounting. Runs EAL (no hugepages)
 * with two lcores: lcore 1 plays a worker for the in-flight send test.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_mbuf.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_dispatch.h"
#include "dps_level.h"
#include "dps_object.h"
#include "dps_status.h"
#include "dps_test.h"

#define ETH_TEST 0x88b5
#define ETH_OTHER 0x88b6

static struct dps_object *stack;
static struct rte_mempool *pool;
static struct dps_adapter *ad;
static unsigned int worker_lcore;
static unsigned int base_objects;

/* ---- a recording protocol ---- */

struct rec {
	atomic_int bind, unbind, open_ok, close, rx_calls, rx_frames, shared_calls, send_done,
		send_frames, status, pause, restart, uninstall;
	atomic_int fail_bind, fail_restart, keep_frames;
	char order[64];
	atomic_int order_n;
};

static struct rec rec_a, rec_b;

struct tctx {
	struct rec *r;
	struct rte_mbuf *kept[64];
	int nkept;
	struct dps_binding *b;
};

static void
note(struct rec *r, char c)
{
	int i = atomic_fetch_add(&r->order_n, 1);

	if (i < (int)sizeof(r->order) - 1)
		r->order[i] = c;
}

static int
t_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *p, struct rec *r)
{
	struct tctx *t = ctx;

	CU_ASSERT_PTR_NOT_NULL(p->adapter_name);
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_OPENING);
	t->r = r;
	t->b = b;
	atomic_fetch_add(&r->bind, 1);
	note(r, 'B');
	return atomic_load(&r->fail_bind) ? DPS_E_RESOURCES : DPS_OK;
}

static int
a_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *p)
{
	return t_bind(b, ctx, p, &rec_a);
}

static int
b_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *p)
{
	return t_bind(b, ctx, p, &rec_b);
}

static void
t_unbind(struct dps_binding *b, void *ctx)
{
	struct tctx *t = ctx;

	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_CLOSING);
	atomic_fetch_add(&t->r->unbind, 1);
	note(t->r, 'U');
	if (t->nkept > 0) {
		rte_pktmbuf_free_bulk(t->kept, (unsigned int)t->nkept);
		dps_binding_release(b, (uint32_t)t->nkept);
		t->nkept = 0;
	}
}

static void
t_open_complete(struct dps_binding *b, void *ctx, int status)
{
	struct tctx *t = ctx;

	(void)b;
	if (status == DPS_OK && t != NULL)
		atomic_fetch_add(&t->r->open_ok, 1);
}

static void
t_close_complete(struct dps_binding *b, void *ctx)
{
	struct tctx *t = ctx;

	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_UNBOUND);
	atomic_fetch_add(&t->r->close, 1);
	note(t->r, 'C');
}

static void
t_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	struct tctx *t = ctx;

	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_RUNNING);
	atomic_fetch_add(&t->r->rx_calls, 1);
	atomic_fetch_add(&t->r->rx_frames, n);
	if (flags & DPS_RX_F_SHARED)
		atomic_fetch_add(&t->r->shared_calls, 1);
	if (atomic_load(&t->r->keep_frames) && !(flags & DPS_RX_F_RESOURCES)) {
		for (uint16_t i = 0; i < n && t->nkept < 64; i++)
			t->kept[t->nkept++] = pkts[i];
		dps_binding_hold(b, n);
		return;
	}
	rte_pktmbuf_free_bulk(pkts, n);
}

static void
t_send_complete(struct dps_binding *b, void *ctx, uint16_t sent, uint16_t n, int status)
{
	struct tctx *t = ctx;

	(void)b;
	(void)status;
	CU_ASSERT(sent <= n);
	atomic_fetch_add(&t->r->send_done, 1);
	atomic_fetch_add(&t->r->send_frames, n);
}

static int
t_pnp(struct dps_binding *b, void *ctx, const struct dps_pnp_event *ev)
{
	struct tctx *t = ctx;

	if (ev->code == DPS_PNP_PAUSE) {
		CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_PAUSING);
		atomic_fetch_add(&t->r->pause, 1);
		note(t->r, 'P');
		return DPS_OK;
	}
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_RESTARTING);
	CU_ASSERT_PTR_NOT_NULL(ev->params);
	atomic_fetch_add(&t->r->restart, 1);
	note(t->r, 'R');
	return atomic_load(&t->r->fail_restart) ? DPS_E_NOT_READY : DPS_OK;
}

static void
t_status(struct dps_binding *b, void *ctx, const struct dps_status_indication *ind)
{
	struct tctx *t = ctx;

	(void)b;
	CU_ASSERT_EQUAL(ind->code, DPS_IND_LINK_STATE);
	atomic_fetch_add(&t->r->status, 1);
}

static int
count_of(struct dps_binding *b, void *arg)
{
	struct {
		struct dps_protocol *p;
		int n;
	} *c = arg;

	if (dps_binding_protocol(b) == c->p)
		c->n++;
	return 0;
}

static void
a_uninstall(struct dps_protocol *p)
{
	struct {
		struct dps_protocol *p;
		int n;
	} c = {p, 0};

	/* every binding of the protocol is gone before uninstall */
	dps_binding_foreach(count_of, &c);
	CU_ASSERT_EQUAL(c.n, 0);
	atomic_fetch_add(&rec_a.uninstall, 1);
	note(&rec_a, 'I');
}

static void
b_uninstall(struct dps_protocol *p)
{
	(void)p;
	atomic_fetch_add(&rec_b.uninstall, 1);
}

static DPS_CONTEXT_TYPE(tctx_type, struct tctx, NULL);
static const uint16_t test_types[] = {ETH_TEST};

static const struct dps_protocol_ops ops_a = {
	.bind_adapter = a_bind,
	.unbind_adapter = t_unbind,
	.open_complete = t_open_complete,
	.close_complete = t_close_complete,
	.receive = t_receive,
	.send_complete = t_send_complete,
	.status = t_status,
	.pnp_event = t_pnp,
	.uninstall = a_uninstall,
};

static const struct dps_protocol_ops ops_b = {
	.bind_adapter = b_bind,
	.unbind_adapter = t_unbind,
	.close_complete = t_close_complete,
	.receive = t_receive,
	.send_complete = t_send_complete,
	.status = t_status,
	.pnp_event = t_pnp,
	.uninstall = b_uninstall,
};

static const struct dps_protocol_desc desc_a = {
	.name = "test_a",
	.ethertypes = test_types,
	.nb_ethertypes = 1,
	.default_filter = DPS_FILTER_DIRECTED | DPS_FILTER_BROADCAST,
	.ops = &ops_a,
	.binding_ctx = &tctx_type,
};

static const struct dps_protocol_desc desc_b = {
	.name = "test_b",
	.ethertypes = test_types,
	.nb_ethertypes = 1,
	.default_filter = DPS_FILTER_DIRECTED | DPS_FILTER_BROADCAST,
	.ops = &ops_b,
	.binding_ctx = &tctx_type,
};

static void
reset_recs(void)
{
	memset(&rec_a, 0, sizeof(rec_a));
	memset(&rec_b, 0, sizeof(rec_b));
}

/* A frame of @p type to @p dst (NULL = the adapter's MAC). */
static struct rte_mbuf *
frame(uint16_t type, const struct rte_ether_addr *dst, uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	struct rte_ether_hdr *eth;

	if (m == NULL)
		return NULL;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m, len);
	memset(eth, 0xab, len);
	if (len >= sizeof(*eth)) {
		eth->dst_addr = dst != NULL ? *dst : ad->mac;
		eth->src_addr = ad->mac;
		eth->ether_type = rte_cpu_to_be_16(type);
	}
	return m;
}

static void
assert_pool_full(void)
{
	CU_ASSERT_EQUAL(rte_mempool_avail_count(pool), pool->size);
}

/* ---- setup ---- */

static int
suite_init(void)
{
	char *argv[] = {"test_binding", "--no-huge", "--no-pci", "-m", "256", "-l", "0-1",
		"--no-shconf", "--file-prefix=test_binding", "--log-level=*:warning",
		"--vdev=net_null0"};
	struct dps_object_attr sa = {.type = "stack", .name = "test"};
	struct dps_config_adapter cfg;
	char err[256];
	unsigned int lc;

	if (rte_eal_init((int)(sizeof(argv) / sizeof(argv[0])), argv) < 0)
		return -1;
	RTE_LCORE_FOREACH_WORKER(lc)
	{
		worker_lcore = lc;
		break;
	}
	pool = rte_pktmbuf_pool_create("test_pool", 4095, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	if (pool == NULL)
		return -1;
	base_objects = dps_object_live_count();
	if (dps_object_create(&sa, NULL, &stack) != DPS_OK)
		return -1;
	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.name, sizeof(cfg.name), "null0");
	snprintf(cfg.device, sizeof(cfg.device), "net_null0");
	cfg.rx_queues = 1;
	cfg.rx_ring = 256;
	cfg.tx_ring = 256;
	if (dps_adapter_create(stack, &cfg, pool, &worker_lcore, 1, &ad, err, sizeof(err)) !=
		DPS_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	if (dps_adapter_start(ad) != DPS_OK)
		return -1;
	return dps_binding_layer_init(stack, NULL) == DPS_OK ? 0 : -1;
}

static int
suite_clean(void)
{
	dps_binding_layer_fini();
	dps_adapter_close(ad);
	dps_object_delete(stack);
	if (dps_object_live_count() != base_objects) {
		dps_object_leak_report(stderr);
		return -1;
	}
	rte_mempool_free(pool);
	rte_eal_cleanup();
	return 0;
}

static struct dps_binding *
open_a(struct dps_protocol **p)
{
	struct dps_binding *b = NULL;

	reset_recs();
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_a, NULL, p), DPS_OK);
	/* policy "all": bound to the adapter and restarted */
	CU_ASSERT_EQUAL(rec_a.bind, 1);
	CU_ASSERT_EQUAL(rec_a.restart, 1);
	CU_ASSERT_EQUAL(rec_a.open_ok, 1);
	return b;
}

static int
find_first(struct dps_binding *b, void *arg)
{
	struct dps_binding **out = arg;

	*out = b;
	return 1;
}

static struct dps_binding *
the_binding(void)
{
	struct dps_binding *b = NULL;

	dps_binding_foreach(find_first, &b);
	return b;
}

/* ---- tests ---- */

static void
test_register_binds_and_runs_then_deregister_unbinds_then_uninstalls(void)
{
	struct dps_protocol *p;
	struct dps_binding *b;

	open_a(&p);
	b = the_binding();
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_RUNNING);
	CU_ASSERT_EQUAL(dps_protocol_deregister(p), DPS_OK);
	/* Bind, Restart, Pause, Unbind, Close, uninstall: in that order */
	CU_ASSERT_NSTRING_EQUAL(rec_a.order, "BRPUCI", 6);
	CU_ASSERT_EQUAL(rec_a.uninstall, 1);
	CU_ASSERT_PTR_NULL(the_binding());
	CU_ASSERT_PTR_NULL(dps_protocol_find("test_a"));
	assert_pool_full();
}

static void
test_every_legal_transition(void)
{
	struct dps_protocol *p;
	struct dps_binding *b;

	open_a(&p);
	b = the_binding();
	CU_ASSERT_EQUAL(dps_binding_pause(b), DPS_OK); /* Running -> Pausing -> Paused */
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_PAUSED);
	CU_ASSERT_EQUAL(rec_a.pause, 1);
	CU_ASSERT_EQUAL(dps_binding_restart(b), DPS_OK); /* Paused -> Restarting -> Running */
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_RUNNING);
	CU_ASSERT_EQUAL(rec_a.restart, 2);
	/* a failed restart goes back to Paused with the protocol's status */
	CU_ASSERT_EQUAL(dps_binding_pause(b), DPS_OK);
	rec_a.fail_restart = 1;
	CU_ASSERT_EQUAL(dps_binding_restart(b), DPS_E_NOT_READY);
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_PAUSED);
	rec_a.fail_restart = 0;
	/* Paused -> Closing -> Unbound */
	CU_ASSERT_EQUAL(dps_binding_unbind(b), DPS_OK);
	CU_ASSERT_EQUAL(rec_a.unbind, 1);
	CU_ASSERT_EQUAL(rec_a.close, 1);
	CU_ASSERT_PTR_NULL(the_binding());
	/* open again by hand: Unbound -> Opening -> Paused */
	CU_ASSERT_EQUAL(dps_binding_open(p, ad, &b), DPS_OK);
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_PAUSED);
	/* unbind from Running pauses first */
	CU_ASSERT_EQUAL(dps_binding_restart(b), DPS_OK);
	CU_ASSERT_EQUAL(dps_binding_unbind(b), DPS_OK);
	CU_ASSERT_EQUAL(rec_a.pause, 3);
	CU_ASSERT_EQUAL(dps_protocol_deregister(p), DPS_OK);
	assert_pool_full();
}

static void
test_illegal_requests_are_refused_and_change_nothing(void)
{
	struct dps_protocol *p;
	struct dps_binding *b, *b2;

	open_a(&p);
	b = the_binding();
	/* Running: restart is illegal */
	CU_ASSERT_EQUAL(dps_binding_restart(b), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_RUNNING);
	CU_ASSERT_EQUAL(rec_a.restart, 1);
	/* Paused: pause is illegal */
	CU_ASSERT_EQUAL(dps_binding_pause(b), DPS_OK);
	CU_ASSERT_EQUAL(dps_binding_pause(b), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_PAUSED);
	CU_ASSERT_EQUAL(rec_a.pause, 1);
	/* a second binding of the same protocol on the same adapter */
	CU_ASSERT_EQUAL(dps_binding_open(p, ad, &b2), DPS_E_EXISTS);
	CU_ASSERT_PTR_NULL(b2);
	/* NULLs */
	CU_ASSERT_EQUAL(dps_binding_restart(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_pause(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_unbind(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_open(NULL, ad, &b2), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_open(p, NULL, &b2), DPS_E_INVALID_PARAMETER);
	/* at DATAPATH level nothing blocks: refused, unchanged */
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_DATAPATH), DPS_OK);
	CU_ASSERT_EQUAL(dps_binding_restart(b), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_binding_unbind(b), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_protocol_deregister(p), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_CONTROL), DPS_OK);
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_PAUSED);
	CU_ASSERT_EQUAL(dps_protocol_deregister(p), DPS_OK);
}

/* re-entrant requests from inside callbacks see the transient states */
static struct dps_binding *reentry_b;
static int reentry_rc_pause, reentry_rc_restart, reentry_rc_unbind;

static int
reentry_pnp(struct dps_binding *b, void *ctx, const struct dps_pnp_event *ev)
{
	(void)ctx;
	if (ev->code == DPS_PNP_RESTART) {
		reentry_rc_restart = dps_binding_restart(b); /* Restarting */
		reentry_rc_pause = dps_binding_pause(b);
		reentry_rc_unbind = dps_binding_unbind(b);
	}
	return DPS_OK;
}

static int
reentry_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *p)
{
	(void)ctx;
	(void)p;
	reentry_b = b;
	/* Opening: nothing else is legal yet */
	CU_ASSERT_EQUAL(dps_binding_restart(b), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_binding_pause(b), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_binding_unbind(b), DPS_E_INVALID_STATE);
	return DPS_OK;
}

static int closing_rc_restart, closing_rc_unbind;

static void
reentry_unbind(struct dps_binding *b, void *ctx)
{
	(void)ctx;
	closing_rc_restart = dps_binding_restart(b); /* Closing */
	closing_rc_unbind = dps_binding_unbind(b);
}

static void
reentry_receive(
	struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	(void)b;
	(void)ctx;
	(void)flags;
	rte_pktmbuf_free_bulk(pkts, n);
}

static const struct dps_protocol_ops ops_re = {
	.bind_adapter = reentry_bind,
	.unbind_adapter = reentry_unbind,
	.receive = reentry_receive,
	.pnp_event = reentry_pnp,
};

static const struct dps_protocol_desc desc_re = {
	.name = "test_re",
	.ethertypes = test_types,
	.nb_ethertypes = 1,
	.ops = &ops_re,
	.binding_ctx = &tctx_type,
};

static void
test_requests_in_transient_states_are_refused(void)
{
	struct dps_protocol *p;

	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_re, NULL, &p), DPS_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(reentry_b);
	CU_ASSERT_EQUAL(reentry_rc_restart, DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(reentry_rc_pause, DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(reentry_rc_unbind, DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_binding_state(reentry_b), DPS_BINDING_RUNNING);
	CU_ASSERT_EQUAL(dps_protocol_deregister(p), DPS_OK);
	CU_ASSERT_EQUAL(closing_rc_restart, DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(closing_rc_unbind, DPS_E_INVALID_STATE);
}

static void
test_failed_bind_leaves_nothing(void)
{
	struct dps_protocol *p;
	unsigned int objs;

	reset_recs();
	rec_a.fail_bind = 1;
	objs = dps_object_live_count();
	CU_ASSERT_EQUAL(dps_protocol_register(&desc_a, NULL, &p), DPS_OK);
	CU_ASSERT_EQUAL(rec_a.bind, 1);
	CU_ASSERT_PTR_NULL(the_binding());
	CU_ASSERT_EQUAL(dps_object_live_count(), objs + 1); /* the protocol only */
	CU_ASSERT_EQUAL(dps_protocol_deregister(p), DPS_OK);
	CU_ASSERT_EQUAL(rec_a.unbind, 0);
	CU_ASSERT_EQUAL(rec_a.uninstall, 1);
	CU_ASSERT_EQUAL(dps_object_live_count(), objs);
}

static void
test_register_bad_descriptors(void)
{
	struct dps_protocol_desc d = desc_a;
	struct dps_protocol *p = (void *)1;

	CU_ASSERT_EQUAL(dps_protocol_register(NULL, NULL, &p), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(p);
	d.name = NULL;
	CU_ASSERT_EQUAL(dps_protocol_register(&d, NULL, &p), DPS_E_INVALID_PARAMETER);
	d = desc_a;
	d.ops = NULL;
	CU_ASSERT_EQUAL(dps_protocol_register(&d, NULL, &p), DPS_E_INVALID_PARAMETER);
	d = desc_a;
	d.binding_ctx = NULL;
	CU_ASSERT_EQUAL(dps_protocol_register(&d, NULL, &p), DPS_E_INVALID_PARAMETER);
	d = desc_a;
	d.nb_ethertypes = DPS_BINDING_MAX_ETHERTYPES + 1;
	CU_ASSERT_EQUAL(dps_protocol_register(&d, NULL, &p), DPS_E_INVALID_PARAMETER);
	d = desc_a;
	d.default_filter = 0x80000000u;
	CU_ASSERT_EQUAL(dps_protocol_register(&d, NULL, &p), DPS_E_INVALID_PARAMETER);
	d = desc_re;
	d.ops = &(const struct dps_protocol_ops){.bind_adapter = reentry_bind};
	CU_ASSERT_EQUAL(dps_protocol_register(&d, NULL, &p), DPS_E_INVALID_PARAMETER);
	/* a name that is taken */
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_b, NULL, &p), DPS_OK);
	CU_ASSERT_EQUAL(dps_protocol_register(&desc_b, NULL, NULL), DPS_E_EXISTS);
	CU_ASSERT_EQUAL(dps_protocol_deregister(p), DPS_OK);
	CU_ASSERT_EQUAL(dps_protocol_deregister(NULL), DPS_E_INVALID_PARAMETER);
}

static void
test_two_protocols_on_one_ethertype_both_receive_each_frame(void)
{
	struct dps_protocol *pa, *pb;
	struct rte_mbuf *m[8];
	struct rte_ether_addr bcast;

	reset_recs();
	memset(&bcast, 0xff, sizeof(bcast));
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_a, NULL, &pa), DPS_OK);
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_b, NULL, &pb), DPS_OK);
	for (int i = 0; i < 8; i++)
		m[i] = frame(ETH_TEST, i % 2 ? &bcast : NULL, 60);
	dps_dispatch_burst(ad, m, 8, 0);
	CU_ASSERT_EQUAL(rec_a.rx_frames, 8);
	CU_ASSERT_EQUAL(rec_b.rx_frames, 8);
	CU_ASSERT_EQUAL(rec_a.rx_calls, 1); /* once per burst */
	CU_ASSERT_EQUAL(rec_b.rx_calls, 1);
	CU_ASSERT_EQUAL(rec_a.shared_calls, 1);
	CU_ASSERT_EQUAL(rec_b.shared_calls, 1);
	assert_pool_full(); /* both freed their reference: every mbuf is back */
	CU_ASSERT_EQUAL(dps_protocol_deregister(pb), DPS_OK);
	CU_ASSERT_EQUAL(dps_protocol_deregister(pa), DPS_OK);
}

static void
test_classification_drops_are_counted_and_freed(void)
{
	struct dps_adapter_lcore_stats before, after;
	struct dps_protocol *pa;
	struct rte_mbuf *m[8];
	struct rte_ether_addr other = {{0x02, 0, 0, 0, 0, 0x99}};
	struct rte_ether_hdr *eth;
	struct rte_vlan_hdr *vh;

	reset_recs();
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_a, NULL, &pa), DPS_OK);
	dps_adapter_stats(ad, &before);
	m[0] = frame(ETH_TEST, NULL, 10);	     /* runt */
	m[1] = frame(ETH_OTHER, NULL, 60);	     /* nobody's EtherType */
	m[2] = frame(ETH_TEST, &other, 60);	     /* another MAC: filtered */
	m[3] = frame(RTE_ETHER_TYPE_VLAN, NULL, 16); /* tag cut short */
	m[4] = frame(RTE_ETHER_TYPE_VLAN, NULL, 60); /* three tags */
	eth = rte_pktmbuf_mtod(m[4], struct rte_ether_hdr *);
	vh = (struct rte_vlan_hdr *)(eth + 1);
	vh[0].eth_proto = rte_cpu_to_be_16(RTE_ETHER_TYPE_QINQ);
	vh[1].eth_proto = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
	m[5] = frame(RTE_ETHER_TYPE_QINQ, NULL, 60); /* two tags, then ours: delivered */
	eth = rte_pktmbuf_mtod(m[5], struct rte_ether_hdr *);
	vh = (struct rte_vlan_hdr *)(eth + 1);
	vh[0].eth_proto = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
	vh[1].eth_proto = rte_cpu_to_be_16(ETH_TEST);
	m[6] = frame(ETH_TEST, NULL, 14); /* header only: delivered */
	dps_dispatch_burst(ad, m, 7, 0);
	dps_adapter_stats(ad, &after);
	CU_ASSERT_EQUAL(after.rx - before.rx, 7);
	CU_ASSERT_EQUAL(after.rx_runt - before.rx_runt, 1);
	CU_ASSERT_EQUAL(after.rx_unclaimed - before.rx_unclaimed, 1);
	CU_ASSERT_EQUAL(after.rx_filtered - before.rx_filtered, 1);
	CU_ASSERT_EQUAL(after.rx_vlan_truncated - before.rx_vlan_truncated, 1);
	CU_ASSERT_EQUAL(after.rx_too_many_vlans - before.rx_too_many_vlans, 1);
	CU_ASSERT_EQUAL(rec_a.rx_frames, 2);
	assert_pool_full();
	CU_ASSERT_EQUAL(dps_protocol_deregister(pa), DPS_OK);
}

/* Bursts longer than a dispatch chunk, of one EtherType nobody wants (freed
 * as they came) and of EtherTypes that change from frame to frame. */
static void
test_long_and_mixed_bursts_are_counted_exactly(void)
{
	struct dps_adapter_lcore_stats before, after;
	struct dps_protocol *pa;
	struct rte_mbuf *m[3 * DPS_BURST];
	uint16_t n = 0;

	reset_recs();
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_a, NULL, &pa), DPS_OK);
	dps_adapter_stats(ad, &before);
	for (int i = 0; i < DPS_BURST + 7; i++)
		m[n++] = frame(ETH_OTHER, NULL, 60);
	dps_dispatch_burst(ad, m, n, 0);
	dps_adapter_stats(ad, &after);
	CU_ASSERT_EQUAL(after.rx - before.rx, DPS_BURST + 7);
	CU_ASSERT_EQUAL(after.rx_unclaimed - before.rx_unclaimed, DPS_BURST + 7);
	CU_ASSERT_EQUAL(rec_a.rx_frames, 0);
	assert_pool_full();
	/* ours, nobody's, ours, ours, nobody's, runt, ... over two chunks */
	n = 0;
	for (int i = 0; i < 2 * DPS_BURST + 5; i++) {
		static const uint16_t pattern[] = {
			ETH_TEST, ETH_OTHER, ETH_TEST, ETH_TEST, ETH_OTHER};

		m[n++] = i % 11 == 10 ? frame(ETH_TEST, NULL, 10) : frame(pattern[i % 5], NULL, 60);
	}
	before = after;
	dps_dispatch_burst(ad, m, n, 0);
	dps_adapter_stats(ad, &after);
	{
		unsigned int ours = 0, other = 0, runt = 0;

		for (int i = 0; i < 2 * DPS_BURST + 5; i++) {
			if (i % 11 == 10)
				runt++;
			else if (i % 5 == 1 || i % 5 == 4)
				other++;
			else
				ours++;
		}
		CU_ASSERT_EQUAL(after.rx - before.rx, 2 * DPS_BURST + 5);
		CU_ASSERT_EQUAL(after.rx_unclaimed - before.rx_unclaimed, other);
		CU_ASSERT_EQUAL(after.rx_runt - before.rx_runt, runt);
		CU_ASSERT_EQUAL(rec_a.rx_frames, ours);
		CU_ASSERT_EQUAL(rec_a.rx_calls, 3); /* once per chunk of DPS_BURST */
	}
	assert_pool_full();
	CU_ASSERT_EQUAL(dps_protocol_deregister(pa), DPS_OK);
}

static void
test_packet_filter_and_multicast_list(void)
{
	struct dps_protocol *pa;
	struct dps_binding *b;
	struct rte_ether_addr mc = {{0x01, 0x00, 0x5e, 0, 0, 1}},
			      mc2 = {{0x01, 0x00, 0x5e, 0, 0, 2}};
	struct rte_ether_addr uc = {{0x02, 0, 0, 0, 0, 7}};
	struct rte_mbuf *m[4];

	reset_recs();
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_a, NULL, &pa), DPS_OK);
	b = the_binding();
	CU_ASSERT_EQUAL(dps_binding_filter(b), DPS_FILTER_DIRECTED | DPS_FILTER_BROADCAST);
	CU_ASSERT_EQUAL(dps_binding_set_filter(b, 0x4000), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_set_mcast(b, &uc, 1), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_set_mcast(b, NULL, 1), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_set_mcast(b, &mc, DPS_BINDING_MAX_MCAST + 1), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(dps_binding_set_mcast(b, &mc, 1), DPS_OK);
	/* multicast in the list, but MULTICAST not in the filter: dropped */
	m[0] = frame(ETH_TEST, &mc, 60);
	dps_dispatch_burst(ad, m, 1, 0);
	CU_ASSERT_EQUAL(rec_a.rx_frames, 0);
	CU_ASSERT_EQUAL(dps_binding_set_filter(b, DPS_FILTER_MULTICAST), DPS_OK);
	m[0] = frame(ETH_TEST, &mc, 60);
	m[1] = frame(ETH_TEST, &mc2, 60); /* not in the list */
	m[2] = frame(ETH_TEST, NULL, 60); /* directed, not in the filter now */
	dps_dispatch_burst(ad, m, 3, 0);
	CU_ASSERT_EQUAL(rec_a.rx_frames, 1);
	CU_ASSERT_EQUAL(dps_binding_set_filter(b, DPS_FILTER_ALL_MULTICAST), DPS_OK);
	m[0] = frame(ETH_TEST, &mc2, 60);
	dps_dispatch_burst(ad, m, 1, 0);
	CU_ASSERT_EQUAL(rec_a.rx_frames, 2);
	CU_ASSERT_EQUAL(dps_binding_set_filter(b, DPS_FILTER_PROMISCUOUS), DPS_OK);
	m[0] = frame(ETH_TEST, &uc, 60);
	dps_dispatch_burst(ad, m, 1, 0);
	CU_ASSERT_EQUAL(rec_a.rx_frames, 3);
	CU_ASSERT_EQUAL(dps_binding_set_filter(b, 0), DPS_OK);
	m[0] = frame(ETH_TEST, NULL, 60);
	dps_dispatch_burst(ad, m, 1, 0);
	CU_ASSERT_EQUAL(rec_a.rx_frames, 3);
	/* one EtherType, one binding: the chunk goes as it came when the filter
	 * takes every frame, else the frames it takes (broadcast and someone
	 * else's address are counted as filtered) */
	CU_ASSERT_EQUAL(dps_binding_set_filter(b, DPS_FILTER_DIRECTED), DPS_OK);
	{
		struct dps_adapter_lcore_stats before, after;
		struct rte_ether_addr bc = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};

		dps_adapter_stats(ad, &before);
		m[0] = frame(ETH_TEST, NULL, 60);
		m[1] = frame(ETH_TEST, NULL, 60);
		dps_dispatch_burst(ad, m, 2, 0);
		CU_ASSERT_EQUAL(rec_a.rx_frames, 5);
		m[0] = frame(ETH_TEST, &uc, 60);
		m[1] = frame(ETH_TEST, NULL, 60);
		m[2] = frame(ETH_TEST, &bc, 60);
		m[3] = frame(ETH_TEST, NULL, 60);
		dps_dispatch_burst(ad, m, 4, 0);
		CU_ASSERT_EQUAL(rec_a.rx_frames, 7);
		dps_adapter_stats(ad, &after);
		CU_ASSERT_EQUAL(after.rx_filtered - before.rx_filtered, 2);
		CU_ASSERT_EQUAL(after.rx_unclaimed - before.rx_unclaimed, 0);
	}
	/* EtherTypes can change at run time */
	CU_ASSERT_EQUAL(dps_binding_set_ethertypes(b, (const uint16_t[]){ETH_OTHER}, 1), DPS_OK);
	m[0] = frame(ETH_OTHER, NULL, 60);
	m[1] = frame(ETH_TEST, NULL, 60);
	dps_dispatch_burst(ad, m, 2, 0);
	CU_ASSERT_EQUAL(rec_a.rx_frames, 8);
	CU_ASSERT_EQUAL(dps_binding_set_ethertypes(b, NULL, 1), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_set_ethertypes(b, test_types, DPS_BINDING_MAX_ETHERTYPES + 1),
		DPS_E_RESOURCES);
	assert_pool_full();
	CU_ASSERT_EQUAL(dps_protocol_deregister(pa), DPS_OK);
}

static void
test_send_only_in_running(void)
{
	struct dps_protocol *pa;
	struct dps_binding *b;
	struct dps_binding_stats st;
	struct rte_mbuf *m[2];

	reset_recs();
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_a, NULL, &pa), DPS_OK);
	b = the_binding();
	m[0] = frame(ETH_TEST, NULL, 60);
	m[1] = frame(ETH_TEST, NULL, 60);
	/* control thread: sent through the control tx queue before returning */
	CU_ASSERT_EQUAL(dps_binding_send(b, m, 2), DPS_OK);
	CU_ASSERT_EQUAL(rec_a.send_done, 1);
	CU_ASSERT_EQUAL(rec_a.send_frames, 2);
	dps_binding_stats(b, &st);
	CU_ASSERT_EQUAL(st.tx_frames, 2); /* net_null takes everything */
	CU_ASSERT_EQUAL(dps_binding_send(b, NULL, 1), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_send(b, m, 0), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_send(NULL, m, 1), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_pause(b), DPS_OK);
	m[0] = frame(ETH_TEST, NULL, 60);
	CU_ASSERT_EQUAL(dps_binding_send(b, m, 1), DPS_E_NOT_READY);
	/* refused: the caller still owns the frame */
	CU_ASSERT_EQUAL(rte_mbuf_refcnt_read(m[0]), 1);
	rte_pktmbuf_free(m[0]);
	dps_binding_stats(b, &st);
	CU_ASSERT_EQUAL(st.tx_refused, 1);
	assert_pool_full();
	CU_ASSERT_EQUAL(dps_protocol_deregister(pa), DPS_OK);
}

/* lcore 1 plays a worker: it queues a send, then waits before flushing */
static atomic_int worker_queued, worker_may_flush, unbind_done;
static struct dps_binding *worker_b;

static int
worker_fn(void *arg)
{
	struct rte_mbuf *m[3];

	(void)arg;
	for (int i = 0; i < 3; i++)
		m[i] = frame(ETH_TEST, NULL, 60);
	dps_level_set(DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_binding_send(worker_b, m, 3), DPS_OK);
	atomic_store(&worker_queued, 1);
	for (int i = 0; i < 5000 && !atomic_load(&worker_may_flush); i++)
		rte_delay_us_sleep(1000);
	dps_dispatch_tx_flush(ad);
	return 0;
}

static void *
unbind_thread(void *arg)
{
	(void)arg;
	dps_binding_unbind(worker_b);
	atomic_store(&unbind_done, 1);
	return NULL;
}

static void
test_unbind_waits_for_sends_in_flight(void)
{
	struct dps_protocol *pa;
	pthread_t th;

	reset_recs();
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_a, NULL, &pa), DPS_OK);
	worker_b = the_binding();
	atomic_store(&worker_queued, 0);
	atomic_store(&worker_may_flush, 0);
	atomic_store(&unbind_done, 0);
	CU_ASSERT_EQUAL_FATAL(rte_eal_remote_launch(worker_fn, NULL, worker_lcore), 0);
	for (int i = 0; i < 5000 && !atomic_load(&worker_queued); i++)
		rte_delay_us_sleep(1000);
	CU_ASSERT_EQUAL_FATAL(atomic_load(&worker_queued), 1);
	CU_ASSERT_EQUAL(rec_a.send_done, 0);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, unbind_thread, NULL), 0);
	rte_delay_us_sleep(100 * 1000);
	/* three frames are still in the worker's tx buffer: unbind waits */
	CU_ASSERT_EQUAL(atomic_load(&unbind_done), 0);
	CU_ASSERT_EQUAL(rec_a.close, 0);
	CU_ASSERT_EQUAL(rec_a.pause, 0); /* Pausing waits before the PAUSE event */
	atomic_store(&worker_may_flush, 1);
	rte_eal_wait_lcore(worker_lcore);
	pthread_join(th, NULL);
	CU_ASSERT_EQUAL(atomic_load(&unbind_done), 1);
	CU_ASSERT_EQUAL(rec_a.send_done, 1);
	CU_ASSERT_EQUAL(rec_a.send_frames, 3);
	CU_ASSERT_EQUAL(rec_a.close, 1);
	/* completion came before close: S(end) is not recorded, but order holds */
	CU_ASSERT_NSTRING_EQUAL(rec_a.order, "BRPUC", 5);
	assert_pool_full();
	CU_ASSERT_EQUAL(dps_protocol_deregister(pa), DPS_OK);
}

static void
test_unbind_waits_for_held_frames_returned_by_unbind_adapter(void)
{
	struct dps_protocol *pa;
	struct dps_binding *b;
	struct rte_mbuf *m[4];

	reset_recs();
	rec_a.keep_frames = 1;
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_a, NULL, &pa), DPS_OK);
	b = the_binding();
	for (int i = 0; i < 4; i++)
		m[i] = frame(ETH_TEST, NULL, 60);
	dps_dispatch_burst(ad, m, 4, 0);
	CU_ASSERT_EQUAL(rte_mempool_avail_count(pool), pool->size - 4);
	/* RESOURCES: the protocol may not keep them */
	for (int i = 0; i < 4; i++)
		m[i] = frame(ETH_TEST, NULL, 60);
	dps_dispatch_burst(ad, m, 4, DPS_RX_F_RESOURCES);
	CU_ASSERT_EQUAL(rte_mempool_avail_count(pool), pool->size - 4);
	CU_ASSERT_EQUAL(dps_binding_unbind(b), DPS_OK);
	assert_pool_full();
	CU_ASSERT_EQUAL(dps_protocol_deregister(pa), DPS_OK);
}

static void
test_status_indication_reaches_bindings(void)
{
	struct dps_protocol *pa, *pb;
	struct dps_status_indication ind = {.code = DPS_IND_LINK_STATE, .link_up = 1};

	reset_recs();
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_a, NULL, &pa), DPS_OK);
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&desc_b, NULL, &pb), DPS_OK);
	dps_binding_indicate_status(ad, &ind);
	CU_ASSERT_EQUAL(rec_a.status, 1);
	CU_ASSERT_EQUAL(rec_b.status, 1);
	CU_ASSERT_EQUAL(dps_protocol_deregister(pb), DPS_OK);
	dps_binding_indicate_status(ad, &ind);
	CU_ASSERT_EQUAL(rec_a.status, 2);
	CU_ASSERT_EQUAL(rec_b.status, 1);
	CU_ASSERT_EQUAL(dps_protocol_deregister(pa), DPS_OK);
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_register_binds_and_runs_then_deregister_unbinds_then_uninstalls),
	DPS_TEST(test_every_legal_transition),
	DPS_TEST(test_illegal_requests_are_refused_and_change_nothing),
	DPS_TEST(test_requests_in_transient_states_are_refused),
	DPS_TEST(test_failed_bind_leaves_nothing),
	DPS_TEST(test_register_bad_descriptors),
	DPS_TEST(test_two_protocols_on_one_ethertype_both_receive_each_frame),
	DPS_TEST(test_classification_drops_are_counted_and_freed),
	DPS_TEST(test_long_and_mixed_bursts_are_counted_exactly),
	DPS_TEST(test_packet_filter_and_multicast_list),
	DPS_TEST(test_send_only_in_running),
	DPS_TEST(test_unbind_waits_for_sends_in_flight),
	DPS_TEST(test_unbind_waits_for_held_frames_returned_by_unbind_adapter),
	DPS_TEST(test_status_indication_reaches_bindings),
};

DPS_TEST_MAIN("binding", cases, suite_init, suite_clean)
