/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control plane: OID requests from workers and other threads, NDIS
 * byte-count rules, exactly-once completion (normal, timeout, cancel,
 * unbind, adapter removal), ring full, synchronous waits, port
 * reconfiguration with PAUSE/RESTART, filters, dps_ctrl_call.
 * EAL without hugepages, -l 0-1: this thread is the control thread, lcore 1
 * a worker polling two net_null adapters (which deliver frames endlessly).
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "ctrl_private.h"
#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_ctrl.h"
#include "dps_level.h"
#include "dps_object.h"
#include "dps_oid.h"
#include "dps_oid_engine.h"
#include "dps_status.h"
#include "dps_test.h"
#include "dps_test_stack.h"
#include "dps_worker.h"

#define NB_REQ 2048
#define RING 64
#define MAXSEQ 65536

static struct dps_object *stack;
static struct rte_mempool *pool;
static struct dps_adapter *null0, *null1;
static unsigned int base_objects;

/* ---- a protocol that issues requests from its receive callback ---- */

static atomic_int to_issue; /* requests the workers still have to issue */
static atomic_int seq_next;
static atomic_int issuing;   /* workers inside the issuing block */
static atomic_int pending;   /* returned DPS_PENDING */
static atomic_int refused;   /* DPS_E_RESOURCES: ring full or pool empty */
static atomic_int completed; /* oid_complete calls */
static atomic_int on_worker; /* ... of which ran on a worker lcore */
static atomic_int st_ok, st_aborted, st_timeout, st_other;
static atomic_uchar done[MAXSEQ];
static atomic_int last_status;
static char pnp_log[64];
static atomic_int pnp_n;
/* paced mode (the wakeup race): at most this many in flight, a random gap
 * between requests; 0: the default window of 48, no gap */
static atomic_int paced_window;
static uint64_t next_issue; /* worker only */
static unsigned int pace_seed = 1;

struct pctx {
	int dummy;
};

/* Take one request to issue: decrement only if positive, so a reset of
 * to_issue between the check and the decrement cannot create a request. */
static int
take_one(void)
{
	int v = atomic_load(&to_issue);

	while (v > 0)
		if (atomic_compare_exchange_weak(&to_issue, &v, v - 1))
			return 1;
	return 0;
}

static void
p_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	(void)ctx;
	(void)flags;
	rte_pktmbuf_free_bulk(pkts, n);
	atomic_fetch_add(&issuing, 1);
	for (int k = 0; k < 4; k++) {
		int win = atomic_load(&paced_window);
		struct dps_oid_request *req;
		int seq, rc;

		/* a window of requests in flight, so they keep flowing for a while */
		if (atomic_load(&pending) - atomic_load(&completed) >= (win > 0 ? win : 48))
			break;
		if (win > 0) {
			uint64_t now = rte_get_timer_cycles();

			/* 0..~40 us apart: some find the control thread awake, some
			 * asleep, some as it goes to sleep */
			if (now < next_issue)
				break;
			pace_seed = pace_seed * 1103515245u + 12345u;
			next_issue = now + rte_get_timer_hz() / 1000000 * (pace_seed >> 16 & 63) *
						   40 / 64;
		}
		if (!take_one())
			break;
		req = dps_oid_request_alloc();
		if (req == NULL) {
			atomic_fetch_add(&to_issue, 1);
			break;
		}
		seq = atomic_fetch_add(&seq_next, 1);
		req->type = DPS_OID_QUERY;
		req->oid = OID_GEN_RCV_OK; /* not cached: goes to the control thread */
		req->buf_len = 8;
		req->cookie = (void *)(uintptr_t)seq;
		rc = dps_oid_request(b, req);
		if (rc == DPS_PENDING) {
			atomic_fetch_add(&pending, 1);
		} else {
			atomic_fetch_add(&refused, 1);
			dps_oid_request_free(req);
		}
	}
	atomic_fetch_sub(&issuing, 1);
}

/* every request the workers were asked for is issued and completed */
static int
all_done(void)
{
	return atomic_load(&to_issue) == 0 && atomic_load(&issuing) == 0 &&
	       atomic_load(&completed) == atomic_load(&pending);
}

static void
p_oid_complete(struct dps_binding *b, void *ctx, struct dps_oid_request *req, int status)
{
	uintptr_t seq = (uintptr_t)req->cookie;

	(void)b;
	(void)ctx;
	if (seq < MAXSEQ)
		atomic_fetch_add(&done[seq], 1);
	if (rte_lcore_id() != rte_get_main_lcore() && rte_lcore_id() != LCORE_ID_ANY)
		atomic_fetch_add(&on_worker, 1);
	if (status == DPS_OK)
		atomic_fetch_add(&st_ok, 1);
	else if (status == DPS_E_REQUEST_ABORTED)
		atomic_fetch_add(&st_aborted, 1);
	else if (status == DPS_E_TIMEOUT)
		atomic_fetch_add(&st_timeout, 1);
	else
		atomic_fetch_add(&st_other, 1);
	atomic_store(&last_status, status);
	atomic_fetch_add(&completed, 1);
	dps_oid_request_free(req);
}

static int
p_pnp(struct dps_binding *b, void *ctx, const struct dps_pnp_event *ev)
{
	int i = atomic_fetch_add(&pnp_n, 1);

	(void)b;
	(void)ctx;
	if (i < (int)sizeof(pnp_log) - 1)
		pnp_log[i] = ev->code == DPS_PNP_PAUSE ? 'P' : 'R';
	return DPS_OK;
}

static DPS_CONTEXT_TYPE(pctx_type, struct pctx, NULL);
static const uint16_t zero_type[] = {0x0000}; /* what net_null delivers */
static const struct dps_protocol_ops p_ops = {
	.receive = p_receive,
	.oid_complete = p_oid_complete,
	.pnp_event = p_pnp,
};
static const struct dps_protocol_desc p_desc = {
	.name = "oidtest",
	.ethertypes = zero_type,
	.nb_ethertypes = 1,
	.default_filter = DPS_FILTER_PROMISCUOUS,
	.ops = &p_ops,
	.binding_ctx = &pctx_type,
};
static const struct dps_protocol_desc q_desc = {
	.name = "oidtest2",
	.ethertypes = zero_type,
	.nb_ethertypes = 1,
	.default_filter = DPS_FILTER_PROMISCUOUS,
	.ops = &p_ops,
	.binding_ctx = &pctx_type,
};

static void
reset_counts(void)
{
	atomic_store(&to_issue, 0);
	atomic_store(&pending, 0);
	atomic_store(&refused, 0);
	atomic_store(&completed, 0);
	atomic_store(&on_worker, 0);
	atomic_store(&st_ok, 0);
	atomic_store(&st_aborted, 0);
	atomic_store(&st_timeout, 0);
	atomic_store(&st_other, 0);
	atomic_store(&seq_next, 0);
	for (int i = 0; i < MAXSEQ; i++)
		atomic_store(&done[i], 0);
	memset(pnp_log, 0, sizeof(pnp_log));
	atomic_store(&pnp_n, 0);
}

static void
poll_ms(unsigned int ms)
{
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * ms / 1000;

	while (rte_get_timer_cycles() < end)
		if (dps_ctrl_poll() == 0)
			rte_delay_us_sleep(100);
}

struct find_arg {
	const struct dps_protocol_desc *d;
	struct dps_adapter *a;
	struct dps_binding *b;
};

static int
find_cb(struct dps_binding *b, void *arg)
{
	struct find_arg *f = arg;

	if (dps_protocol_desc(dps_binding_protocol(b)) == f->d && dps_binding_adapter(b) == f->a) {
		f->b = b;
		return 1;
	}
	return 0;
}

static struct dps_binding *
binding_of(const struct dps_protocol_desc *d, struct dps_adapter *a)
{
	struct find_arg f = {d, a, NULL};

	dps_binding_foreach(find_cb, &f);
	return f.b;
}

static int
suite_init(void)
{
	char *argv[] = {"test_ctrl", "--no-huge", "--no-pci", "-m", "512", "-l", "0-1",
		"--no-shconf", "--file-prefix=test_ctrl", "--log-level=*:warning"};
	struct dps_object_attr sa = {.type = "stack", .name = "test"};
	struct dps_protocol *p;

	if (rte_eal_init((int)RTE_DIM(argv), argv) < 0)
		return -1;
	pool = rte_pktmbuf_pool_create("test_pool", 8191, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	base_objects = dps_object_live_count();
	if (pool == NULL || dps_object_create(&sa, NULL, &stack) != DPS_OK ||
		dps_workers_init() != DPS_OK)
		return -1;
	null0 = dps_test_adapter(stack, pool, "null0", "net_null0", 256, 0);
	null1 = dps_test_adapter(stack, pool, "null1", "net_null1", 256, 0);
	if (null0 == NULL || null1 == NULL)
		return -1;
	if (dps_ctrl_init(NB_REQ, RING, 1000) != DPS_OK)
		return -1;
	if (dps_binding_layer_init(stack, dps_workers_rcu()) != DPS_OK)
		return -1;
	if (dps_protocol_register(&p_desc, NULL, &p) != DPS_OK)
		return -1;
	return dps_workers_launch() == DPS_OK ? 0 : -1;
}

static int
suite_clean(void)
{
	struct dps_adapter *ads[] = {null0, null1};
	int rc;

	rc = dps_test_teardown(stack, pool, base_objects, ads, RTE_DIM(ads));
	return rc;
}

static struct dps_oid_request *
new_req(enum dps_oid_type type, dps_oid_t oid, uint32_t len)
{
	struct dps_oid_request *req = dps_oid_request_alloc();

	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	req->type = type;
	req->oid = oid;
	req->buf_len = len;
	return req;
}

/* ---- tests ---- */

static void
test_cached_queries_answer_at_once_with_ndis_byte_counts(void)
{
	struct dps_binding *b = binding_of(&p_desc, null0);
	struct dps_oid_request *req;
	uint32_t v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	req = new_req(DPS_OID_QUERY, OID_802_3_CURRENT_ADDRESS, DPS_OID_BUF_MAX);
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_OK);
	CU_ASSERT_EQUAL(req->bytes_written, 6);
	CU_ASSERT_EQUAL(memcmp(req->buf, &null0->mac, 6), 0);
	/* a 2-byte buffer for a 4-byte answer: too short, and how much is needed */
	req->oid = OID_GEN_MAXIMUM_FRAME_SIZE;
	req->buf_len = 2;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(req->bytes_needed, 4);
	CU_ASSERT_EQUAL(req->bytes_written, 0);
	req->buf_len = 64;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_OK);
	CU_ASSERT_EQUAL(req->bytes_written, 4); /* clipped to what the OID is */
	memcpy(&v, req->buf, 4);
	CU_ASSERT_EQUAL(v, null0->mtu);
	req->oid = OID_GEN_MAXIMUM_TOTAL_SIZE;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_OK);
	memcpy(&v, req->buf, 4);
	CU_ASSERT_EQUAL(v, null0->mtu + 14u);
	req->oid = OID_GEN_SUPPORTED_LIST;
	req->buf_len = 8; /* far too short for the list */
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT(req->bytes_needed > 8 && req->bytes_needed % 4 == 0);
	req->oid = OID_GEN_VENDOR_DESCRIPTION;
	req->buf_len = DPS_OID_BUF_MAX;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_OK);
	CU_ASSERT_STRING_EQUAL((char *)req->buf, "net_null");
	dps_oid_request_free(req);
}

static void
test_malformed_requests_are_refused_with_the_exact_status(void)
{
	struct dps_binding *b = binding_of(&p_desc, null0);
	struct dps_oid_request *req = new_req(DPS_OID_QUERY, 0x12345678u, 16);

	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_NOT_SUPPORTED); /* unknown OID */
	req->oid = OID_GEN_XMIT_OK;
	req->type = DPS_OID_SET; /* query-only OID */
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_NOT_SUPPORTED);
	req->type = (enum dps_oid_type)7;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_INVALID_PARAMETER);
	req->type = DPS_OID_METHOD; /* no OID here takes a method */
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_NOT_SUPPORTED);
	req->type = DPS_OID_QUERY;
	req->buf_len = DPS_OID_BUF_MAX + 1;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_INVALID_PARAMETER);
	/* a set with too little data: INVALID_LENGTH and bytes_needed */
	req->type = DPS_OID_SET;
	req->oid = OID_DPS_MTU;
	req->buf_len = 3;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(req->bytes_needed, 4);
	CU_ASSERT_EQUAL(dps_oid_request(NULL, req), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_oid_request(b, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, NULL, 10), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_oid_request_cancel(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_ctrl_adapter_request(NULL, req, 10), DPS_E_INVALID_PARAMETER);
	dps_oid_request_free(req);
	CU_ASSERT_PTR_NULL(dps_oid_lookup(0x12345678u));
	CU_ASSERT_PTR_NULL(dps_oid_lookup_name("OID_NOPE"));
	CU_ASSERT_PTR_NULL(dps_oid_lookup_name(NULL));
	CU_ASSERT_EQUAL(
		dps_oid_lookup_name("OID_802_3_CURRENT_ADDRESS")->oid, OID_802_3_CURRENT_ADDRESS);
}

static void
test_pending_request_completes_once_on_the_control_thread(void)
{
	struct dps_binding *b = binding_of(&p_desc, null0);
	struct dps_oid_request *req = new_req(DPS_OID_QUERY, OID_GEN_STATISTICS, DPS_OID_BUF_MAX);

	reset_counts();
	req->cookie = (void *)(uintptr_t)7;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_PENDING);
	CU_ASSERT_EQUAL(atomic_load(&completed), 0);
	poll_ms(20);
	CU_ASSERT_EQUAL(atomic_load(&completed), 1);
	CU_ASSERT_EQUAL(atomic_load(&done[7]), 1);
	CU_ASSERT_EQUAL(atomic_load(&st_ok), 1);
	CU_ASSERT_EQUAL(atomic_load(&on_worker), 0); /* asked here, completed here */
}

static void
test_timeout_cancel_and_ring_full(void)
{
	struct dps_binding *b = binding_of(&p_desc, null0);
	struct dps_oid_request *reqs[RING + 8];
	unsigned int free_before = dps_oid_pool_free_count();
	int n_pending = 0, n_full = 0;

	reset_counts();
	/* timeout: the control thread does not look for 30 ms */
	reqs[0] = new_req(DPS_OID_QUERY, OID_GEN_XMIT_OK, 8);
	reqs[0]->timeout_ms = 5;
	reqs[0]->cookie = (void *)(uintptr_t)1;
	CU_ASSERT_EQUAL(dps_oid_request(b, reqs[0]), DPS_PENDING);
	rte_delay_us_sleep(30 * 1000);
	/* cancel: before the control thread starts it */
	reqs[1] = new_req(DPS_OID_QUERY, OID_GEN_XMIT_OK, 8);
	reqs[1]->cookie = (void *)(uintptr_t)2;
	CU_ASSERT_EQUAL(dps_oid_request(b, reqs[1]), DPS_PENDING);
	CU_ASSERT_EQUAL(dps_oid_request_cancel(reqs[1]), DPS_OK);
	poll_ms(20);
	CU_ASSERT_EQUAL(atomic_load(&st_timeout), 1);
	CU_ASSERT_EQUAL(atomic_load(&st_aborted), 1);
	CU_ASSERT_EQUAL(atomic_load(&done[1]), 1);
	CU_ASSERT_EQUAL(atomic_load(&done[2]), 1);
	/* a completed request cannot be cancelled */
	reqs[2] = new_req(DPS_OID_QUERY, OID_GEN_MAXIMUM_FRAME_SIZE, 4);
	CU_ASSERT_EQUAL(dps_oid_request(b, reqs[2]), DPS_OK);
	CU_ASSERT_EQUAL(dps_oid_request_cancel(reqs[2]), DPS_E_INVALID_STATE);
	dps_oid_request_free(reqs[2]);

	/* the ring holds RING - 1: the next ones are refused at once, not lost */
	reset_counts();
	for (int i = 0; i < RING + 8; i++) {
		int rc;

		reqs[i] = new_req(DPS_OID_QUERY, OID_GEN_RCV_OK, 8);
		reqs[i]->cookie = (void *)(uintptr_t)(100 + i);
		rc = dps_oid_request(b, reqs[i]);
		if (rc == DPS_PENDING) {
			n_pending++;
		} else {
			CU_ASSERT_EQUAL(rc, DPS_E_RESOURCES);
			n_full++;
			dps_oid_request_free(reqs[i]);
		}
	}
	CU_ASSERT_EQUAL(n_pending, RING - 1);
	CU_ASSERT_EQUAL(n_full, 9);
	poll_ms(50);
	CU_ASSERT_EQUAL(atomic_load(&completed), RING - 1);
	CU_ASSERT_EQUAL(dps_oid_pool_free_count(), free_before);
}

static void
test_unbind_aborts_pending_requests_before_close(void)
{
	struct dps_protocol *q;
	struct dps_binding *b;
	struct dps_oid_request *req;

	reset_counts();
	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&q_desc, NULL, &q), DPS_OK);
	b = binding_of(&q_desc, null0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	for (int i = 0; i < 5; i++) {
		req = new_req(DPS_OID_QUERY, OID_GEN_RCV_OK, 8);
		req->cookie = (void *)(uintptr_t)(10 + i);
		CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_PENDING);
	}
	CU_ASSERT_EQUAL(dps_binding_oid_pending(b), 5);
	CU_ASSERT_EQUAL(dps_protocol_deregister(q), DPS_OK);
	CU_ASSERT_EQUAL(atomic_load(&st_aborted), 5);
	CU_ASSERT_EQUAL(atomic_load(&completed), 5);
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(atomic_load(&done[10 + i]), 1);
}

static void
test_requests_from_a_worker_complete_on_that_worker(void)
{
	reset_counts();
	atomic_store(&to_issue, 200);
	for (int i = 0; i < 400 && !all_done(); i++)
		poll_ms(10);
	CU_ASSERT_EQUAL(atomic_load(&to_issue), 0);
	CU_ASSERT_EQUAL(atomic_load(&completed), atomic_load(&pending));
	CU_ASSERT_EQUAL(atomic_load(&on_worker), atomic_load(&completed));
	CU_ASSERT(atomic_load(&pending) + atomic_load(&refused) == 200);
	CU_ASSERT(atomic_load(&pending) > 0);
}

struct waiter {
	struct dps_binding *b;
	struct dps_oid_request *req;
	unsigned int timeout_ms;
	int rc;
};

static void *
waiter_main(void *arg)
{
	struct waiter *w = arg;

	w->rc = dps_oid_request_wait(w->b, w->req, w->timeout_ms);
	return NULL;
}

static void
test_synchronous_wait_from_another_thread(void)
{
	struct waiter w = {binding_of(&p_desc, null0), NULL, 2000, 12345};
	unsigned int free_before = dps_oid_pool_free_count();
	pthread_t th;
	uint64_t v;

	w.req = new_req(DPS_OID_QUERY, OID_GEN_RCV_OK, 8);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, waiter_main, &w), 0);
	poll_ms(100);
	pthread_join(th, NULL);
	CU_ASSERT_EQUAL(w.rc, DPS_OK);
	CU_ASSERT_EQUAL(w.req->bytes_written, 8);
	memcpy(&v, w.req->buf, 8);
	CU_ASSERT(v > 0); /* net_null has been delivering frames */
	dps_oid_request_free(w.req);
	/* nobody polls: the waiter gives up; the request is freed when it completes */
	w.req = new_req(DPS_OID_QUERY, OID_GEN_RCV_OK, 8);
	w.timeout_ms = 20;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, waiter_main, &w), 0);
	pthread_join(th, NULL);
	CU_ASSERT_EQUAL(w.rc, DPS_E_TIMEOUT);
	poll_ms(20);
	CU_ASSERT_EQUAL(dps_oid_pool_free_count(), free_before);
	/* DATAPATH may not wait */
	dps_level_set(DPS_LEVEL_DATAPATH);
	w.req = new_req(DPS_OID_QUERY, OID_GEN_RCV_OK, 8);
	CU_ASSERT_EQUAL(dps_oid_request_wait(w.b, w.req, 10), DPS_E_LEVEL);
	dps_level_set(DPS_LEVEL_CONTROL);
	/* on the control thread a wait runs inline */
	CU_ASSERT_EQUAL(dps_oid_request_wait(w.b, w.req, 10), DPS_OK);
	dps_oid_request_free(w.req);
}

static void
test_mtu_set_pauses_reconfigures_and_restarts(void)
{
	struct dps_binding *b = binding_of(&p_desc, null0);
	struct dps_oid_request *req = new_req(DPS_OID_SET, OID_DPS_MTU, 4);
	uint32_t mtu = 1400, v;

	reset_counts();
	memcpy(req->buf, &mtu, 4);
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 1000), DPS_OK);
	CU_ASSERT_EQUAL(req->bytes_read, 4);
	CU_ASSERT_EQUAL(null0->mtu, 1400);
	CU_ASSERT_STRING_EQUAL(pnp_log, "PR");
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_RUNNING);
	CU_ASSERT_EQUAL(dps_binding_params(b)->mtu, 1400);
	/* out of range: refused, nothing changes */
	mtu = 20;
	memcpy(req->buf, &mtu, 4);
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 1000), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(null0->mtu, 1400);
	req->type = DPS_OID_QUERY;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_OK);
	memcpy(&v, req->buf, 4);
	CU_ASSERT_EQUAL(v, 1400);
	mtu = 1500;
	req->type = DPS_OID_SET;
	memcpy(req->buf, &mtu, 4);
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 1000), DPS_OK);
	dps_oid_request_free(req);
}

static void
test_rx_queue_layout_change_through_the_oid_path(void)
{
	struct dps_binding *b = binding_of(&p_desc, null0);
	struct dps_oid_request *req = new_req(DPS_OID_SET, OID_DPS_RX_QUEUES, 4);
	struct dps_binding_stats st0, st1;
	uint32_t n = 2, v;

	reset_counts();
	memcpy(req->buf, &n, 4);
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 2000), DPS_OK);
	CU_ASSERT_STRING_EQUAL(pnp_log, "PR");
	CU_ASSERT_EQUAL(null0->nb_rxq, 2);
	req->type = DPS_OID_QUERY;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_OK);
	memcpy(&v, req->buf, 4);
	CU_ASSERT_EQUAL(v, 2);
	/* the worker polls the new queues: frames keep coming */
	dps_binding_stats(b, &st0);
	poll_ms(50);
	dps_binding_stats(b, &st1);
	CU_ASSERT(st1.rx_frames > st0.rx_frames);
	/* 0 queues, or more than the device has: refused, nothing changes */
	req->type = DPS_OID_SET;
	n = 0;
	memcpy(req->buf, &n, 4);
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 2000), DPS_E_INVALID_DATA);
	n = 100000;
	memcpy(req->buf, &n, 4);
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 2000), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(null0->nb_rxq, 2);
	n = 1;
	memcpy(req->buf, &n, 4);
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 2000), DPS_OK);
	CU_ASSERT_EQUAL(null0->nb_rxq, 1);
	dps_binding_stats(b, &st0);
	poll_ms(50);
	dps_binding_stats(b, &st1);
	CU_ASSERT(st1.rx_frames > st0.rx_frames);
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_RUNNING);
	dps_oid_request_free(req);
}

static void
test_packet_filter_and_multicast_list_oids(void)
{
	struct dps_binding *b = binding_of(&p_desc, null0);
	struct dps_oid_request *req = new_req(DPS_OID_SET, OID_GEN_CURRENT_PACKET_FILTER, 4);
	uint8_t mc[12] = {0x01, 0x00, 0x5e, 0, 0, 1, 0x01, 0x00, 0x5e, 0, 0, 2};
	uint32_t f = DPS_FILTER_PROMISCUOUS | DPS_FILTER_BROADCAST;

	memcpy(req->buf, &f, 4);
	/* net_null has no promiscuous mode: the software filter still applies */
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 1000), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(dps_binding_filter(b), f);
	f = 0x40000;
	memcpy(req->buf, &f, 4);
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 1000), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(dps_binding_filter(b), DPS_FILTER_PROMISCUOUS | DPS_FILTER_BROADCAST);
	req->type = DPS_OID_QUERY;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_OK);
	memcpy(&f, req->buf, 4);
	CU_ASSERT_EQUAL(f, DPS_FILTER_PROMISCUOUS | DPS_FILTER_BROADCAST);

	req->type = DPS_OID_SET;
	req->oid = OID_802_3_MULTICAST_LIST;
	memcpy(req->buf, mc, 12);
	req->buf_len = 7; /* not a multiple of 6 */
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 1000), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(req->bytes_needed, 12);
	req->buf_len = 12;
	CU_ASSERT_NOT_EQUAL(dps_oid_request_wait(b, req, 1000), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(dps_binding_mcast(b, NULL, 0), 2);
	req->buf[0] = 0x02; /* a unicast address in a multicast list */
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 1000), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(dps_binding_mcast(b, NULL, 0), 2);
	req->type = DPS_OID_QUERY;
	req->buf_len = 6;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(req->bytes_needed, 12);
	req->buf_len = DPS_OID_BUF_MAX;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_OK);
	CU_ASSERT_EQUAL(req->bytes_written, 12);
	CU_ASSERT_EQUAL(memcmp(req->buf, mc, 12), 0);
	/* back to what the stress test needs */
	req->type = DPS_OID_SET;
	req->oid = OID_GEN_CURRENT_PACKET_FILTER;
	req->buf_len = 4;
	f = DPS_FILTER_PROMISCUOUS;
	memcpy(req->buf, &f, 4);
	dps_oid_request_wait(b, req, 1000);
	dps_oid_request_free(req);
}

static int
call_fn(void *arg)
{
	int *v = arg;

	*v = dps_ctrl_is_control_thread() ? 42 : -1;
	return DPS_OK;
}

struct caller {
	int v;
	int rc;
	unsigned int timeout;
};

static void *
caller_main(void *arg)
{
	struct caller *c = arg;

	c->rc = dps_ctrl_call(call_fn, &c->v, sizeof(c->v), c->timeout);
	return NULL;
}

static void
test_ctrl_call_runs_on_the_control_thread(void)
{
	struct caller c = {0, 1, 1000};
	pthread_t th;

	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, caller_main, &c), 0);
	poll_ms(50);
	pthread_join(th, NULL);
	CU_ASSERT_EQUAL(c.rc, DPS_OK);
	CU_ASSERT_EQUAL(c.v, 42);
	/* nobody polls: timeout, and the caller's variable is left alone */
	c.v = 7;
	c.timeout = 10;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, caller_main, &c), 0);
	pthread_join(th, NULL);
	CU_ASSERT_EQUAL(c.rc, DPS_E_TIMEOUT);
	CU_ASSERT_EQUAL(c.v, 7);
	poll_ms(10); /* the abandoned job runs on its own copy and is freed */
	CU_ASSERT_EQUAL(c.v, 7);
	CU_ASSERT_EQUAL(dps_ctrl_call(NULL, NULL, 0, 10), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_ctrl_call(call_fn, NULL, 4, 10), DPS_E_INVALID_PARAMETER);
	c.v = 0;
	CU_ASSERT_EQUAL(dps_ctrl_call(call_fn, &c.v, sizeof(c.v), 10), DPS_OK); /* inline */
	CU_ASSERT_EQUAL(c.v, 42);
}

static void
test_stress_every_pending_request_completes_exactly_once(void)
{
	const int total = 20000;
	struct dps_oid_stats before, after;
	struct dps_protocol *q = NULL;
	int removed = 0, rounds = 0, issued;

	reset_counts();
	dps_oid_stats(&before);
	atomic_store(&to_issue, total);
	/* bindings come and go while the workers issue; then an adapter goes */
	for (int i = 0; i < 20000; i++) {
		poll_ms(1);
		{
			if (q == NULL) {
				CU_ASSERT_EQUAL(dps_protocol_register(&q_desc, NULL, &q), DPS_OK);
			} else {
				CU_ASSERT_EQUAL(dps_protocol_deregister(q), DPS_OK);
				q = NULL;
			}
			rounds++;
		}
		if (!removed && atomic_load(&to_issue) < total / 2) {
			CU_ASSERT_EQUAL(dps_ctrl_adapter_remove(null1), DPS_PENDING);
			removed = 1;
		}
		if (all_done())
			break;
	}
	if (!all_done())
		printf("\n    not done after the loop: to_issue %d issuing %d pending %d completed "
		       "%d "
		       "rounds %d\n",
			atomic_load(&to_issue), atomic_load(&issuing), atomic_load(&pending),
			atomic_load(&completed), rounds);
	if (q != NULL)
		CU_ASSERT_EQUAL(dps_protocol_deregister(q), DPS_OK);
	poll_ms(50);
	if (removed) {
		CU_ASSERT_PTR_NULL(dps_adapter_find("null1"));
		null1 = NULL;
	}
	issued = atomic_load(&seq_next);
	CU_ASSERT_EQUAL(atomic_load(&to_issue), 0);
	CU_ASSERT_EQUAL(issued, total);
	CU_ASSERT_EQUAL(atomic_load(&pending) + atomic_load(&refused), total);
	CU_ASSERT_EQUAL(atomic_load(&completed), atomic_load(&pending));
	CU_ASSERT_EQUAL(atomic_load(&st_ok) + atomic_load(&st_aborted) + atomic_load(&st_timeout) +
				atomic_load(&st_other),
		atomic_load(&completed));
	CU_ASSERT_EQUAL(atomic_load(&st_other), 0);
	CU_ASSERT(removed);
	CU_ASSERT(rounds >= 4);
	/* each request that went pending completed once; none twice */
	{
		int twice = 0, once = 0;

		for (int s = 0; s < issued && s < MAXSEQ; s++) {
			int d = atomic_load(&done[s]);

			if (d > 1)
				twice++;
			if (d == 1)
				once++;
		}
		CU_ASSERT_EQUAL(twice, 0);
		CU_ASSERT_EQUAL(once, atomic_load(&pending));
	}
	dps_oid_stats(&after);
	CU_ASSERT_EQUAL(after.issued - before.issued, (uint64_t)atomic_load(&pending));
	CU_ASSERT_EQUAL(after.completed - before.completed, (uint64_t)atomic_load(&pending));
	CU_ASSERT_EQUAL(after.in_flight, 0);
	CU_ASSERT_EQUAL(dps_oid_pool_free_count(), NB_REQ);
	printf("\n    stress: %d pending (%d ok, %d aborted, %d timeouts), %d refused, %d rounds\n",
		atomic_load(&pending), atomic_load(&st_ok), atomic_load(&st_aborted),
		atomic_load(&st_timeout), atomic_load(&refused), rounds);
}

/* NDIS's two calls: a zero-length query says how much the answer needs now,
 * and a query with that much succeeds -- every queryable OID, asked by a
 * binding and at adapter level; every set says what it needs too. */
static void
test_every_oid_sizes_its_answer_from_a_zero_length_query(void)
{
	struct dps_binding *b = binding_of(&p_desc, null0);
	uint8_t mc[12] = {0x01, 0x00, 0x5e, 0, 0, 1, 0x01, 0x00, 0x5e, 0, 0, 2};
	struct dps_oid_request *req = new_req(DPS_OID_SET, OID_802_3_MULTICAST_LIST, 12);
	const struct dps_oid_info *cat;
	unsigned int n, queried = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	/* a multicast list of two: its answer is not empty */
	memcpy(req->buf, mc, sizeof(mc));
	CU_ASSERT_NOT_EQUAL(dps_oid_request_wait(b, req, 2000), DPS_E_INVALID_DATA);
	cat = dps_oid_catalogue(&n);
	for (unsigned int i = 0; i < n; i++) {
		const struct dps_oid_info *e = &cat[i];

		for (int level = 0; level < 2 && (e->ops & DPS_OID_OP_QUERY); level++) {
			uint32_t need;
			int rc0, rc1;

			req->type = DPS_OID_QUERY;
			req->oid = e->oid;
			req->buf_len = 0;
			rc0 = level == 0 ? dps_oid_request_wait(b, req, 2000)
					 : dps_ctrl_adapter_request(null0, req, 2000);
			need = req->bytes_needed;
			if (level == 1 && e->oid == OID_802_3_MULTICAST_LIST) {
				/* the adapter has no list of its own: empty, fits in 0 */
				CU_ASSERT_EQUAL(rc0, DPS_OK);
				CU_ASSERT_EQUAL(req->bytes_written, 0);
				continue;
			}
			if (rc0 != DPS_E_BUFFER_TOO_SHORT || need == 0 || req->bytes_written != 0) {
				printf("\n    %s (%s): zero-length query: %s, bytes_needed %u",
					e->name, level ? "adapter" : "binding", dps_status_str(rc0),
					need);
				CU_FAIL("zero-length query");
				continue;
			}
			if (e->query_size != 0)
				CU_ASSERT_EQUAL(need, e->query_size);
			req->buf_len = need;
			rc1 = level == 0 ? dps_oid_request_wait(b, req, 2000)
					 : dps_ctrl_adapter_request(null0, req, 2000);
			if (rc1 != DPS_OK || req->bytes_written != need) {
				printf("\n    %s (%s): query of %u bytes: %s, %u written", e->name,
					level ? "adapter" : "binding", need, dps_status_str(rc1),
					req->bytes_written);
				CU_FAIL("query of bytes_needed");
			}
			queried++;
		}
		if ((e->ops & DPS_OID_OP_SET) && e->set_size > 0) {
			req->type = DPS_OID_SET;
			req->oid = e->oid;
			req->buf_len = 0;
			CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 2000), DPS_E_INVALID_LENGTH);
			CU_ASSERT_EQUAL(req->bytes_needed, e->set_size);
		}
	}
	CU_ASSERT(queried >= 2 * 28);
	/* the variable ones say what they need now */
	req->type = DPS_OID_QUERY;
	req->oid = OID_802_3_MULTICAST_LIST;
	req->buf_len = 0;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(req->bytes_needed, sizeof(mc));
	req->oid = OID_GEN_SUPPORTED_LIST;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(req->bytes_needed, n * sizeof(uint32_t));
	req->oid = OID_GEN_VENDOR_DESCRIPTION;
	CU_ASSERT_EQUAL(dps_oid_request(b, req), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(req->bytes_needed, sizeof("net_null"));
	req->oid = OID_DPS_QUEUE_STATS;
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 2000), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(req->bytes_needed, null0->nb_rxq * sizeof(struct dps_oid_queue_stats));
	/* a counter takes 4 bytes (its low half) and needs 8 */
	req->oid = OID_GEN_RCV_OK;
	req->buf_len = 3;
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 2000), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(req->bytes_needed, 8);
	req->buf_len = 4;
	CU_ASSERT_EQUAL(dps_oid_request_wait(b, req, 2000), DPS_OK);
	CU_ASSERT_EQUAL(req->bytes_written, 4);
	/* back to no multicast list */
	req->type = DPS_OID_SET;
	req->oid = OID_802_3_MULTICAST_LIST;
	req->buf_len = 0;
	dps_oid_request_wait(b, req, 2000);
	dps_oid_request_free(req);
}

/* ---- the control thread sleeping while requests arrive ---- */

static volatile int run_stop;
static atomic_int stall_rescued, jobs_ok, jobs_failed, adapter_req_ok, adapter_req_failed;

static int
job_fn(void *arg)
{
	(*(int *)arg)++;
	return DPS_OK;
}

/* Another thread's jobs (dps_ctrl_call) and adapter requests (MP ring). */
static void *
other_producer_main(void *arg)
{
	(void)arg;
	for (int i = 0; i < 300 && !run_stop; i++) {
		struct dps_oid_request *req = dps_oid_request_alloc();
		int v = i;

		if (dps_ctrl_call(job_fn, &v, sizeof(v), 10000) == DPS_OK && v == i + 1)
			atomic_fetch_add(&jobs_ok, 1);
		else
			atomic_fetch_add(&jobs_failed, 1);
		if (req == NULL) {
			atomic_fetch_add(&adapter_req_failed, 1);
			continue;
		}
		req->type = DPS_OID_QUERY;
		req->oid = OID_GEN_RCV_OK;
		req->buf_len = 8;
		if (dps_ctrl_adapter_request(null0, req, 10000) == DPS_OK)
			atomic_fetch_add(&adapter_req_ok, 1);
		else
			atomic_fetch_add(&adapter_req_failed, 1);
		dps_oid_request_free(req);
		rte_delay_us_sleep(1 + (unsigned int)i % 50);
	}
	return NULL;
}

/* Ends the control loop when every request is done; if nothing completes
 * for 10 s while some are pending, one was slept through: kick the loop
 * behind the protocol's back so that the test ends (and fails). */
static void *
stopper_main(void *arg)
{
	int last = -1, still = 0;
	pthread_t *other = arg;

	for (;;) {
		int c = atomic_load(&completed);

		if (all_done())
			break;
		rte_delay_us_sleep(1000);
		still = c == last ? still + 1 : 0;
		last = c;
		if (still >= 10000) {
			atomic_store(&stall_rescued, 1);
			dps__ctrl_kick();
			still = 0;
		}
	}
	pthread_join(*other, NULL);
	run_stop = 1;
	dps_ctrl_wake(); /* the stop flag is work it does not poll a ring for */
	return NULL;
}

static void
test_requests_racing_the_control_thread_to_sleep_are_never_stranded(void)
{
	const int total = 20000;
	struct dps_ctrl_stats cs0, cs1;
	pthread_t stopper, other;
	int issued;

	reset_counts();
	atomic_store(&stall_rescued, 0);
	atomic_store(&jobs_ok, 0);
	atomic_store(&jobs_failed, 0);
	atomic_store(&adapter_req_ok, 0);
	atomic_store(&adapter_req_failed, 0);
	run_stop = 0;
	dps_ctrl_stats(&cs0);
	/* a lost wakeup strands a request until the stopper notices */
	dps__ctrl_sleep_unbounded(1);
	atomic_store(&paced_window, 2);
	atomic_store(&to_issue, total);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&other, NULL, other_producer_main, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&stopper, NULL, stopper_main, &other), 0);
	dps_ctrl_run(&run_stop, 0); /* the loop dpstack runs, default settings */
	pthread_join(stopper, NULL);
	dps__ctrl_sleep_unbounded(0);
	atomic_store(&paced_window, 0);
	dps_ctrl_stats(&cs1);
	issued = atomic_load(&seq_next);
	CU_ASSERT_EQUAL(atomic_load(&stall_rescued), 0);
	CU_ASSERT_EQUAL(atomic_load(&to_issue), 0);
	CU_ASSERT_EQUAL(issued, total);
	CU_ASSERT_EQUAL(atomic_load(&pending) + atomic_load(&refused), total);
	CU_ASSERT_EQUAL(atomic_load(&completed), atomic_load(&pending));
	CU_ASSERT_EQUAL(atomic_load(&st_ok), atomic_load(&completed));
	CU_ASSERT_EQUAL(atomic_load(&on_worker), atomic_load(&completed));
	{
		int twice = 0, once = 0;

		for (int s = 0; s < issued && s < MAXSEQ; s++) {
			int d = atomic_load(&done[s]);

			twice += d > 1;
			once += d == 1;
		}
		CU_ASSERT_EQUAL(twice, 0);
		CU_ASSERT_EQUAL(once, atomic_load(&pending));
	}
	CU_ASSERT_EQUAL(atomic_load(&jobs_ok), 300);
	CU_ASSERT_EQUAL(atomic_load(&jobs_failed), 0);
	CU_ASSERT_EQUAL(atomic_load(&adapter_req_ok), 300);
	CU_ASSERT_EQUAL(atomic_load(&adapter_req_failed), 0);
	/* the race was run: the loop slept, and was woken by the eventfd */
	CU_ASSERT(cs1.sleeps > cs0.sleeps);
	CU_ASSERT(cs1.wakeups > cs0.wakeups);
	printf("\n    %d requests (%d refused), %" PRIu64 " sleeps, %" PRIu64 " eventfd writes\n",
		atomic_load(&pending), atomic_load(&refused), cs1.sleeps - cs0.sleeps,
		cs1.wakeups - cs0.wakeups);
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_cached_queries_answer_at_once_with_ndis_byte_counts),
	DPS_TEST(test_malformed_requests_are_refused_with_the_exact_status),
	DPS_TEST(test_pending_request_completes_once_on_the_control_thread),
	DPS_TEST(test_timeout_cancel_and_ring_full),
	DPS_TEST(test_unbind_aborts_pending_requests_before_close),
	DPS_TEST(test_requests_from_a_worker_complete_on_that_worker),
	DPS_TEST(test_synchronous_wait_from_another_thread),
	DPS_TEST(test_mtu_set_pauses_reconfigures_and_restarts),
	DPS_TEST(test_rx_queue_layout_change_through_the_oid_path),
	DPS_TEST(test_packet_filter_and_multicast_list_oids),
	DPS_TEST(test_every_oid_sizes_its_answer_from_a_zero_length_query),
	DPS_TEST(test_ctrl_call_runs_on_the_control_thread),
	DPS_TEST(test_requests_racing_the_control_thread_to_sleep_are_never_stranded),
	DPS_TEST(test_stress_every_pending_request_completes_exactly_once),
};

DPS_TEST_MAIN("ctrl", cases, suite_init, suite_clean)
