/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The request transport: OID requests from workers (one SP/SC ring each)
 * and from other threads (one MP/SC ring) to the control thread, which runs
 * them with lib/oid's dps__oid_run(), and their completions back to the
 * worker that asked (one ring each) or here. Every request that was queued
 * completes exactly once: run, timed out, cancelled, or aborted when its
 * binding or adapter went away.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_ring.h>

#include "ctrl_private.h"
#include "dps_binding.h"
#include "dps_ctrl.h"
#include "dps_fault.h"
#include "dps_ctrl_worker.h"
#include "dps_log.h"
#include "dps_oid_engine.h"
#include "dps_status.h"
#include "dps_worker.h"

DPS_LOG_REGISTER(ctrl_requests, INFO);

/* requests handled per ring per poll: bounded work */
#define POLL_BUDGET 64

static struct rte_ring *w2c[RTE_MAX_LCORE]; /* worker -> control, SP/SC */
/* control -> worker: SP, and MC because the control thread takes over the
 * completions of a worker that is not running */
static struct rte_ring *c2w[RTE_MAX_LCORE];
static struct rte_ring *any_ring; /* other threads -> control, MP/SC */
static uint64_t next_id = 1;
static int executing; /* re-entrancy: a request is being executed */

static struct {
	uint64_t issued, completed, timeouts, aborted, cancelled, ring_full;
} ost;

/* ---- completion ---- */

static void
deliver(struct dps_oid_request *req)
{
	struct dps_binding *b = req->binding;
	int expected = DPS_OID_REQ_COMPLETING;

	__atomic_fetch_add(&ost.completed, 1, __ATOMIC_RELAXED);
	if (req->sync) {
		/* the waiter reads DONE; if it gave up (ABANDONED) the request is ours */
		if (!__atomic_compare_exchange_n(&req->state, &expected, DPS_OID_REQ_DONE, 0,
			    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			dps_oid_request_free(req);
		if (b != NULL)
			dps_binding_oid_dec(b);
		return;
	}
	__atomic_store_n(&req->state, DPS_OID_REQ_DONE, __ATOMIC_RELEASE);
	if (b != NULL) {
		const struct dps_protocol_ops *ops =
			dps_protocol_desc(dps_binding_protocol(b))->ops;

		if (ops->oid_complete != NULL)
			ops->oid_complete(b, dps_binding_ctx(b), req, req->status);
		else
			dps_oid_request_free(req); /* nobody will read it */
		dps_binding_oid_dec(b);
	} else {
		dps_oid_request_free(req);
	}
}

/* Complete @p req with @p status: back to the worker that asked, or here. */
static void
complete(struct dps_oid_request *req, int status)
{
	unsigned int origin = req->origin;

	req->status = status;
	if (status == DPS_E_TIMEOUT)
		__atomic_fetch_add(&ost.timeouts, 1, __ATOMIC_RELAXED);
	else if (status == DPS_E_REQUEST_ABORTED)
		__atomic_fetch_add(&ost.aborted, 1, __ATOMIC_RELAXED);
	if (req->sync) {
		int expected = DPS_OID_REQ_QUEUED;

		/* a waiter that gave up (ABANDONED) keeps it so: deliver frees it */
		__atomic_compare_exchange_n(&req->state, &expected, DPS_OID_REQ_COMPLETING, 0,
			__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
		deliver(req);
		return;
	}
	__atomic_store_n(&req->state, DPS_OID_REQ_COMPLETING, __ATOMIC_RELEASE);
	if (origin < RTE_MAX_LCORE && c2w[origin] != NULL && dps_worker_active(origin)) {
		/* the ring holds as many entries as there are requests: never full */
		if (!dps_fault(DPS_FAULT_RING_ENQUEUE) &&
			rte_ring_sp_enqueue(c2w[origin], req) == 0)
			return;
		DPS_LOG(ERR, ctrl_requests, "completion ring of lcore %u full; completing here",
			origin);
	}
	deliver(req);
}

/* Worker side: completions for this lcore (the worker's service hook). */
static void
worker_service(unsigned int lcore)
{
	void *reqs[POLL_BUDGET];
	unsigned int n;

	if (lcore >= RTE_MAX_LCORE || c2w[lcore] == NULL)
		return;
	n = rte_ring_mc_dequeue_burst(c2w[lcore], reqs, POLL_BUDGET, NULL);
	for (unsigned int i = 0; i < n; i++)
		deliver(reqs[i]);
}

/* What a worker runs once per iteration: its completions, then the poll
 * another part of the stack set (dps_ctrl_set_worker_poll). */
static void (*_Atomic worker_poll)(unsigned int lcore);

void
dps_ctrl_set_worker_poll(void (*fn)(unsigned int lcore))
{
	atomic_store_explicit(&worker_poll, fn, memory_order_release);
}

static void
worker_hook(unsigned int lcore)
{
	void (*fn)(unsigned int) = atomic_load_explicit(&worker_poll, memory_order_acquire);

	worker_service(lcore);
	if (fn != NULL)
		fn(lcore);
}

/* ---- execution on the control thread ---- */

static int
binding_gone(const struct dps_binding *b)
{
	int st = dps_binding_state(b);

	return st == DPS_BINDING_CLOSING || st == DPS_BINDING_UNBOUND;
}

/* A request dequeued by the control thread. */
static void
handle(struct dps_oid_request *req)
{
	int state = __atomic_load_n(&req->state, __ATOMIC_ACQUIRE);
	int rc;

	if (state == DPS_OID_REQ_ABANDONED || req->cancel) {
		if (req->cancel)
			__atomic_fetch_add(&ost.cancelled, 1, __ATOMIC_RELAXED);
		complete(req, DPS_E_REQUEST_ABORTED);
		return;
	}
	if (rte_get_timer_cycles() > req->deadline) {
		complete(req, DPS_E_TIMEOUT);
		return;
	}
	if ((req->binding != NULL && binding_gone(req->binding)) ||
		dps_object_is_deleted(req->adapter->obj)) {
		complete(req, DPS_E_REQUEST_ABORTED);
		return;
	}
	executing = 1;
	rc = dps__oid_run(req);
	executing = 0;
	complete(req, rc);
}

static unsigned int
drain_ring(struct rte_ring *r)
{
	void *reqs[POLL_BUDGET];
	unsigned int n;

	if (r == NULL)
		return 0;
	n = rte_ring_sc_dequeue_burst(r, reqs, POLL_BUDGET, NULL);
	for (unsigned int i = 0; i < n; i++)
		handle(reqs[i]);
	return n;
}

unsigned int
dps__ctrl_service_requests(void)
{
	unsigned int n = drain_ring(any_ring);

	for (unsigned int l = 0; l < RTE_MAX_LCORE; l++) {
		n += drain_ring(w2c[l]);
		/* a stopped worker cannot take its completions: deliver them here */
		if (c2w[l] != NULL && !dps_worker_active(l))
			worker_service(l);
	}
	return n;
}

/* Called by the binding layer while unbind waits for requests. */
static void
drain_hook(void)
{
	if (!dps_ctrl_is_control_thread() || executing)
		return;
	dps__ctrl_service_requests();
}

/* ---- the transport (dps_oid_engine.h) ---- */

int
dps__ctrl_queue(struct dps_oid_request *req, int sync)
{
	unsigned int slot = dps_lcore_slot();
	struct dps_binding *b = req->binding;
	struct rte_ring *r;
	uint32_t timeout;
	int rc;

	if (!dps__ctrl_ready())
		return req->status = DPS_E_NOT_READY;
	req->sync = sync;
	timeout = req->timeout_ms ? req->timeout_ms : DPS_OID_DEFAULT_TIMEOUT_MS;
	req->deadline = rte_get_timer_cycles() + rte_get_timer_hz() * timeout / 1000;
	req->id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
	req->origin = slot;
	__atomic_store_n(&req->state, DPS_OID_REQ_QUEUED, __ATOMIC_RELEASE);
	if (b != NULL)
		dps_binding_oid_inc(b);
	r = (!sync && slot < RTE_MAX_LCORE && w2c[slot] != NULL && dps_worker_active(slot))
		    ? w2c[slot]
		    : any_ring;
	if (dps_fault(DPS_FAULT_RING_ENQUEUE))
		rc = -1;
	else
		rc = r == any_ring ? rte_ring_mp_enqueue(r, req) : rte_ring_sp_enqueue(r, req);
	if (rc != 0) {
		if (b != NULL)
			dps_binding_oid_dec(b);
		__atomic_store_n(&req->state, DPS_OID_REQ_NEW, __ATOMIC_RELEASE);
		__atomic_fetch_add(&ost.ring_full, 1, __ATOMIC_RELAXED);
		return req->status = DPS_E_RESOURCES;
	}
	__atomic_fetch_add(&ost.issued, 1, __ATOMIC_RELAXED);
	/* no system call unless the control thread is going to sleep */
	dps__wakeup_notify(&dps__ctrl_wk);
	return DPS_PENDING;
}

int
dps__ctrl_wait(struct dps_oid_request *req, unsigned int timeout_ms)
{
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * timeout_ms / 1000;
	int expected;

	while (__atomic_load_n(&req->state, __ATOMIC_ACQUIRE) != DPS_OID_REQ_DONE) {
		if (rte_get_timer_cycles() > end) {
			expected = DPS_OID_REQ_QUEUED;
			if (__atomic_compare_exchange_n(&req->state, &expected,
				    DPS_OID_REQ_ABANDONED, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
				return DPS_E_TIMEOUT;
			expected = DPS_OID_REQ_COMPLETING;
			if (__atomic_compare_exchange_n(&req->state, &expected,
				    DPS_OID_REQ_ABANDONED, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
				return DPS_E_TIMEOUT;
			/* it became DONE meanwhile */
		}
		dps__ctrl_sleep_us(200);
	}
	return req->status;
}

int
dps_ctrl_adapter_request(
	struct dps_adapter *a, struct dps_oid_request *req, unsigned int timeout_ms)
{
	if (a == NULL || req == NULL)
		return DPS_E_INVALID_PARAMETER;
	return dps__oid_submit_wait(NULL, a, req, timeout_ms);
}

void
dps_oid_stats(struct dps_oid_stats *st)
{
	if (st == NULL)
		return;
	st->issued = __atomic_load_n(&ost.issued, __ATOMIC_RELAXED);
	st->immediate = dps__oid_immediate_count();
	st->completed = __atomic_load_n(&ost.completed, __ATOMIC_RELAXED);
	st->timeouts = __atomic_load_n(&ost.timeouts, __ATOMIC_RELAXED);
	st->aborted = __atomic_load_n(&ost.aborted, __ATOMIC_RELAXED);
	st->cancelled = __atomic_load_n(&ost.cancelled, __ATOMIC_RELAXED);
	st->ring_full = __atomic_load_n(&ost.ring_full, __ATOMIC_RELAXED);
	st->in_flight = st->issued - st->completed;
	st->pool_free = dps_oid_pool_free_count();
}

int
dps__ctrl_requests_init(unsigned int nb_requests, unsigned int ring_size)
{
	unsigned int lcores[RTE_MAX_LCORE], nw, size;
	char name[RTE_RING_NAMESIZE];
	int rc;

	rc = dps_oid_pool_init(nb_requests);
	if (rc != DPS_OK)
		return rc;
	size = rte_align32pow2(nb_requests + 1);
	nw = dps_workers_lcores(lcores, RTE_MAX_LCORE);
	for (unsigned int i = 0; i < nw; i++) {
		snprintf(name, sizeof(name), "dps_w2c_%u", lcores[i]);
		w2c[lcores[i]] = rte_ring_create(
			name, ring_size, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
		snprintf(name, sizeof(name), "dps_c2w_%u", lcores[i]);
		c2w[lcores[i]] = rte_ring_create(name, size, SOCKET_ID_ANY, RING_F_SP_ENQ);
		if (w2c[lcores[i]] == NULL || c2w[lcores[i]] == NULL)
			return DPS_E_RESOURCES;
	}
	any_ring = rte_ring_create("dps_any2c", ring_size, SOCKET_ID_ANY, RING_F_SC_DEQ);
	if (any_ring == NULL)
		return DPS_E_RESOURCES;
	memset(&ost, 0, sizeof(ost));
	dps_binding_set_drain_hook(drain_hook);
	dps_workers_set_service_hook(worker_hook);
	return DPS_OK;
}

unsigned int
dps__ctrl_requests_fini(void)
{
	dps_binding_set_drain_hook(NULL);
	dps_workers_set_service_hook(NULL);
	for (unsigned int l = 0; l < RTE_MAX_LCORE; l++) {
		rte_ring_free(w2c[l]);
		rte_ring_free(c2w[l]);
		w2c[l] = c2w[l] = NULL;
	}
	rte_ring_free(any_ring);
	any_ring = NULL;
	return dps_oid_pool_fini();
}
