/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control thread's work: OID requests from workers and other threads,
 * completions back to the workers, ethdev events, link polling, port
 * reconfiguration and adapter removal. Only the control thread calls ethdev
 * for a port; every other thread posts to a ring.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_ring.h>

#include "ctrl_private.h"
#include "ctrl_wakeup.h"
#include "dps_ctrl.h"
#include "dps_oid_engine.h"
#include "dps_level.h"
#include "dps_server.h"
#include "dps_log.h"
#include "dps_status.h"
#include "dps_worker.h"

DPS_LOG_REGISTER(ctrl, INFO);

/* requests handled per ring per poll: bounded work */
#define POLL_BUDGET 64
#define EVENT_RING_SIZE 1024

enum ev_type { EV_LSC = 1, EV_RMV, EV_DESTROY };

static struct rte_ring *w2c[RTE_MAX_LCORE]; /* worker -> control, SP/SC */
/* control -> worker: SP, and MC because the control thread takes over the
 * completions of a worker that is not running */
static struct rte_ring *c2w[RTE_MAX_LCORE];
static struct rte_ring *any_ring;	    /* other threads -> control, MP/SC */
static struct rte_ring *event_ring;	    /* EAL interrupt thread -> control */
static struct rte_ring *job_ring;	    /* dps_ctrl_call -> control */

enum { JOB_QUEUED = 1, JOB_DONE, JOB_ABANDONED };

struct ctrl_job {
	int (*fn)(void *arg);
	int state;
	int rc;
	size_t size;
	uint8_t data[]; /* the job's own copy of the argument */
};
static int ctrl_ready;
static pthread_t ctrl_thread;
static uint64_t link_poll_cycles, next_link_poll;
static uint64_t next_id = 1;
static int executing; /* re-entrancy: a request is being executed */

/* adapters whose removal is due (RMV events, remove requests) */
static struct dps_adapter *remove_due[RTE_MAX_ETHPORTS];
static unsigned int nb_remove_due;

static struct {
	uint64_t issued, completed, timeouts, aborted, cancelled, ring_full;
} ost;
static struct dps_ctrl_timer *timers; /* armed timers, singly linked */
static struct dps_ctrl_stats cst;

/* the idle control thread's sleep (ctrl_wakeup.h) */
static struct dps__wakeup wk = {.efd = -1, .epfd = -1};
static int watched_server = -1;
static int sleep_unbounded; /* tests */

int
dps_ctrl_is_control_thread(void)
{
	return ctrl_ready && pthread_equal(pthread_self(), ctrl_thread);
}

static void
sleep_us(unsigned int us)
{
	struct timespec ts = {us / 1000000, (long)(us % 1000000) * 1000L};

	nanosleep(&ts, NULL);
}

/* ---- events (EAL interrupt thread: post only) ---- */

static int
on_eth_event(uint16_t port, enum rte_eth_event_type type, void *arg, void *ret_param)
{
	uintptr_t ev;

	RTE_SET_USED(arg);
	RTE_SET_USED(ret_param);
	switch (type) {
	case RTE_ETH_EVENT_INTR_LSC:
		ev = EV_LSC;
		break;
	case RTE_ETH_EVENT_INTR_RMV:
		ev = EV_RMV;
		break;
	case RTE_ETH_EVENT_DESTROY:
		ev = EV_DESTROY;
		break;
	default:
		return 0;
	}
	/* (type, port) packed into the pointer-sized ring element; never 0 */
	if (event_ring == NULL ||
		rte_ring_mp_enqueue(event_ring, (void *)(ev << 16 | port)) != 0)
		__atomic_fetch_add(&cst.events_dropped, 1, __ATOMIC_RELAXED);
	else
		dps__wakeup_notify(&wk);
	return 0;
}

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
	if (origin < RTE_MAX_LCORE && c2w[origin] != NULL &&
		dps_worker_active(origin)) {
		/* the ring holds as many entries as there are requests: never full */
		if (rte_ring_sp_enqueue(c2w[origin], req) == 0)
			return;
		DPS_LOG(ERR, ctrl, "completion ring of lcore %u full; completing here", origin);
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

static unsigned int
service_requests(void)
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
	service_requests();
}

/* ---- adapters: link, removal ---- */

static void
link_check(struct dps_adapter *a)
{
	struct dps_status_indication ind = {.code = DPS_IND_LINK_STATE};

	if (dps_adapter_link_update(a) != 1)
		return;
	ind.link_up = atomic_load(&a->link_up);
	ind.link_speed = atomic_load(&a->link_speed);
	cst.link_changes++;
	DPS_LOG(INFO, ctrl, "%s: link %s", a->name, ind.link_up ? "up" : "down");
	dps_binding_indicate_status(a, &ind);
}

static int
poll_link(struct dps_adapter *a, void *arg)
{
	RTE_SET_USED(arg);
	if (!dps_object_is_deleted(a->obj))
		link_check(a);
	return 0;
}

static void
remove_now(struct dps_adapter *a, int port_gone)
{
	char name[sizeof(a->name)];

	snprintf(name, sizeof(name), "%s", a->name);
	DPS_LOG(INFO, ctrl, "%s: removing adapter (%s)", name,
		port_gone ? "port destroyed" : "remove requested");
	dps_binding_adapter_departing(a); /* pause, unbind; requests aborted */
	dps_workers_remove_adapter(a);	  /* no worker polls or flushes it */
	if (port_gone)
		a->port_id = RTE_MAX_ETHPORTS; /* nothing left to stop or close */
	dps_adapter_close(a);
	cst.adapters_removed++;
	DPS_LOG(INFO, ctrl, "%s: adapter removed", name);
}

int
dps_ctrl_adapter_remove(struct dps_adapter *a)
{
	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	for (unsigned int i = 0; i < nb_remove_due; i++)
		if (remove_due[i] == a)
			return DPS_PENDING;
	if (nb_remove_due >= RTE_DIM(remove_due))
		return DPS_E_RESOURCES;
	remove_due[nb_remove_due++] = a;
	return DPS_PENDING;
}

static unsigned int
service_events(void)
{
	void *evs[32];
	unsigned int n = rte_ring_sc_dequeue_burst(event_ring, evs, RTE_DIM(evs), NULL);

	for (unsigned int i = 0; i < n; i++) {
		uintptr_t ev = (uintptr_t)evs[i];
		uint16_t port = (uint16_t)(ev & 0xffff);
		struct dps_adapter *a = dps_adapter_by_port(port);

		switch (ev >> 16) {
		case EV_LSC:
			cst.events_lsc++;
			if (a != NULL)
				link_check(a);
			break;
		case EV_RMV:
			cst.events_rmv++;
			if (a != NULL)
				dps_ctrl_adapter_remove(a);
			break;
		case EV_DESTROY:
			cst.events_destroy++;
			if (a != NULL) {
				/* released under us (rte_dev_remove): forget the port */
				remove_now(a, 1);
			}
			break;
		default:
			break;
		}
	}
	return n;
}

static unsigned int
service_jobs(void)
{
	void *jobs[16];
	unsigned int n = rte_ring_sc_dequeue_burst(job_ring, jobs, RTE_DIM(jobs), NULL);

	for (unsigned int i = 0; i < n; i++) {
		struct ctrl_job *j = jobs[i];
		int expected = JOB_QUEUED;

		if (__atomic_load_n(&j->state, __ATOMIC_ACQUIRE) == JOB_ABANDONED) {
			free(j);
			continue;
		}
		j->rc = j->fn(j->data);
		if (!__atomic_compare_exchange_n(&j->state, &expected, JOB_DONE, 0,
			    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			free(j); /* the caller gave up meanwhile */
	}
	return n;
}

int
dps_ctrl_call(int (*fn)(void *arg), void *arg, size_t size, unsigned int timeout_ms)
{
	struct ctrl_job *j;
	uint64_t end;
	int expected, rc;

	if (fn == NULL || (arg == NULL && size > 0))
		return DPS_E_INVALID_PARAMETER;
	if (dps_level_check_blocking() != DPS_OK)
		return DPS_E_LEVEL;
	if (dps_ctrl_is_control_thread())
		return fn(arg);
	if (!ctrl_ready)
		return DPS_E_NOT_READY;
	j = malloc(sizeof(*j) + size);
	if (j == NULL)
		return DPS_E_RESOURCES;
	j->fn = fn;
	j->state = JOB_QUEUED;
	j->rc = DPS_OK;
	j->size = size;
	if (size > 0)
		memcpy(j->data, arg, size);
	if (rte_ring_mp_enqueue(job_ring, j) != 0) {
		free(j);
		return DPS_E_RESOURCES;
	}
	dps__wakeup_notify(&wk);
	end = rte_get_timer_cycles() + rte_get_timer_hz() * timeout_ms / 1000;
	while (__atomic_load_n(&j->state, __ATOMIC_ACQUIRE) != JOB_DONE) {
		if (rte_get_timer_cycles() > end) {
			expected = JOB_QUEUED;
			if (__atomic_compare_exchange_n(&j->state, &expected, JOB_ABANDONED, 0,
				    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
				return DPS_E_TIMEOUT; /* the control thread frees it */
		}
		sleep_us(100);
	}
	rc = j->rc;
	if (size > 0)
		memcpy(arg, j->data, size);
	free(j);
	return rc;
}

int
dps_ctrl_timer_start(struct dps_ctrl_timer *t, unsigned int period_ms, void (*fn)(void *arg),
	void *arg)
{
	if (t == NULL || fn == NULL || period_ms == 0)
		return DPS_E_INVALID_PARAMETER;
	if (!ctrl_ready)
		return DPS_E_NOT_READY;
	if (!dps_ctrl_is_control_thread())
		return DPS_E_LEVEL;
	if (t->armed)
		return DPS_E_INVALID_STATE;
	t->fn = fn;
	t->arg = arg;
	t->period = rte_get_timer_hz() * period_ms / 1000;
	t->due = rte_get_timer_cycles() + t->period;
	t->armed = 1;
	t->next_armed = timers;
	timers = t;
	return DPS_OK;
}

int
dps_ctrl_timer_stop(struct dps_ctrl_timer *t)
{
	struct dps_ctrl_timer **pp;

	if (t == NULL)
		return DPS_E_INVALID_PARAMETER;
	for (pp = &timers; *pp != NULL; pp = &(*pp)->next_armed) {
		if (*pp == t) {
			*pp = t->next_armed;
			t->armed = 0;
			t->next_armed = NULL;
			return DPS_OK;
		}
	}
	return DPS_E_NOT_FOUND;
}

static unsigned int
service_timers(void)
{
	uint64_t now = rte_get_timer_cycles();
	unsigned int n = 0;
	int again = 1;

	/* a callback may stop timers (its own or others): restart the walk */
	while (again) {
		struct dps_ctrl_timer *t;

		again = 0;
		for (t = timers; t != NULL; t = t->next_armed) {
			if (now < t->due)
				continue;
			t->due = now + t->period;
			t->fn(t->arg);
			n++;
			again = 1;
			break;
		}
	}
	return n;
}

unsigned int
dps_ctrl_poll(void)
{
	unsigned int n;
	uint64_t now;

	if (!dps_ctrl_is_control_thread())
		return 0;
	cst.polls++;
	n = service_requests();
	n += service_events();
	n += service_jobs();
	n += dps_server_poll();
	service_timers(); /* periodic work does not count as activity */
	while (nb_remove_due > 0) {
		struct dps_adapter *a = remove_due[--nb_remove_due];

		remove_now(a, 0);
		n++;
	}
	now = rte_get_timer_cycles();
	if (now >= next_link_poll) {
		dps_adapter_foreach(poll_link, NULL);
		next_link_poll = now + link_poll_cycles;
	}
	return n;
}

/* @return ns until the next timer or link poll is due, capped; -1: none. */
static int64_t
idle_timeout_ns(void)
{
	uint64_t now = rte_get_timer_cycles(), hz = rte_get_timer_hz();
	uint64_t due = sleep_unbounded ? UINT64_MAX : next_link_poll;
	int64_t ns;

	for (const struct dps_ctrl_timer *t = timers; t != NULL; t = t->next_armed)
		due = RTE_MIN(due, t->due);
	if (due == UINT64_MAX)
		return -1;
	ns = due <= now ? 0 : (int64_t)((double)(due - now) * 1e9 / (double)hz);
	if (!sleep_unbounded)
		ns = RTE_MIN(ns, (int64_t)DPS_CTRL_MAX_SLEEP_MS * 1000000);
	return ns;
}

/* Idle: announce the sleep, look at everything once more, then sleep. */
static void
idle_sleep(volatile const int *stop)
{
	dps__wakeup_arm(&wk);
	/* a producer that posted before it could see the flag: found here */
	if (dps_ctrl_poll() != 0 || *stop) {
		dps__wakeup_disarm(&wk);
		return;
	}
	dps__wakeup_sleep(&wk, idle_timeout_ns());
}

void
dps_ctrl_run(volatile const int *stop, unsigned int spin_us)
{
	const uint64_t spin = rte_get_timer_hz() * spin_us / 1000000;
	uint64_t last_work = rte_get_timer_cycles();

	/* busy for a moment after work (requests come in bursts), then sleep */
	while (!*stop) {
		if (dps_ctrl_poll() != 0)
			last_work = rte_get_timer_cycles();
		else if (rte_get_timer_cycles() - last_work > spin)
			idle_sleep(stop);
		else
			rte_pause();
	}
}

void
dps_ctrl_wake(void)
{
	dps__wakeup_notify(&wk);
}

void
dps__ctrl_watch_server(int epfd)
{
	if (watched_server >= 0)
		dps__wakeup_unwatch(&wk, watched_server);
	watched_server = -1;
	if (epfd >= 0 && wk.epfd >= 0) {
		if (dps__wakeup_watch(&wk, epfd) == DPS_OK)
			watched_server = epfd;
		else
			DPS_LOG(ERR, ctrl, "cannot watch the control socket: it is served "
					   "every %u ms only", DPS_CTRL_MAX_SLEEP_MS);
	}
}

void
dps__ctrl_sleep_unbounded(int on)
{
	sleep_unbounded = on;
}

void
dps__ctrl_kick(void)
{
	if (wk.efd >= 0)
		dps__wakeup_write(&wk);
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

	if (!ctrl_ready)
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
		? w2c[slot] : any_ring;
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
	dps__wakeup_notify(&wk);
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
		sleep_us(200);
	}
	return req->status;
}

int
dps_ctrl_adapter_request(struct dps_adapter *a, struct dps_oid_request *req,
	unsigned int timeout_ms)
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

void
dps_ctrl_stats(struct dps_ctrl_stats *st)
{
	if (st == NULL)
		return;
	memcpy(st, &cst, sizeof(*st));
	st->port_reconfigs = dps__oid_port_change_count();
	st->sleeps = wk.sleeps;
	st->wakeups = __atomic_load_n(&wk.writes, __ATOMIC_RELAXED);
}

/* ---- set-up ---- */

int
dps_ctrl_init(unsigned int nb_requests, unsigned int ring_size, unsigned int link_poll_ms)
{
	unsigned int lcores[RTE_MAX_LCORE], nw, size;
	char name[RTE_RING_NAMESIZE];
	int rc;

	if (ctrl_ready)
		return DPS_E_INVALID_STATE;
	if (nb_requests == 0 || link_poll_ms == 0 || ring_size < 2 ||
		!rte_is_power_of_2(ring_size))
		return DPS_E_INVALID_PARAMETER;
	rc = dps_oid_pool_init(nb_requests);
	if (rc != DPS_OK)
		return rc;
	size = rte_align32pow2(nb_requests + 1);
	nw = dps_workers_lcores(lcores, RTE_MAX_LCORE);
	for (unsigned int i = 0; i < nw; i++) {
		snprintf(name, sizeof(name), "dps_w2c_%u", lcores[i]);
		w2c[lcores[i]] = rte_ring_create(name, ring_size, SOCKET_ID_ANY,
			RING_F_SP_ENQ | RING_F_SC_DEQ);
		snprintf(name, sizeof(name), "dps_c2w_%u", lcores[i]);
		c2w[lcores[i]] = rte_ring_create(name, size, SOCKET_ID_ANY, RING_F_SP_ENQ);
		if (w2c[lcores[i]] == NULL || c2w[lcores[i]] == NULL)
			goto fail;
	}
	any_ring = rte_ring_create("dps_any2c", ring_size, SOCKET_ID_ANY, RING_F_SC_DEQ);
	event_ring = rte_ring_create("dps_events", EVENT_RING_SIZE, SOCKET_ID_ANY, RING_F_SC_DEQ);
	job_ring = rte_ring_create("dps_jobs", 256, SOCKET_ID_ANY, RING_F_SC_DEQ);
	if (any_ring == NULL || event_ring == NULL || job_ring == NULL)
		goto fail;
	if (dps__wakeup_init(&wk) != DPS_OK)
		goto fail;
	dps__ctrl_watch_server(dps__server_epoll_fd());
	if (rte_eth_dev_callback_register(RTE_ETH_ALL, RTE_ETH_EVENT_INTR_LSC, on_eth_event,
		    NULL) != 0 ||
		rte_eth_dev_callback_register(RTE_ETH_ALL, RTE_ETH_EVENT_INTR_RMV, on_eth_event,
			NULL) != 0 ||
		rte_eth_dev_callback_register(RTE_ETH_ALL, RTE_ETH_EVENT_DESTROY, on_eth_event,
			NULL) != 0)
		goto fail;
	ctrl_thread = pthread_self();
	link_poll_cycles = rte_get_timer_hz() * link_poll_ms / 1000;
	next_link_poll = 0;
	memset(&ost, 0, sizeof(ost));
	memset(&cst, 0, sizeof(cst));
	nb_remove_due = 0;
	dps_binding_set_drain_hook(drain_hook);
	dps_workers_set_service_hook(worker_service);
	ctrl_ready = 1;
	return DPS_OK;
fail:
	dps_ctrl_fini();
	return DPS_E_RESOURCES;
}

unsigned int
dps_ctrl_fini(void)
{
	ctrl_ready = 0;
	while (timers != NULL)
		dps_ctrl_timer_stop(timers);
	rte_eth_dev_callback_unregister(RTE_ETH_ALL, RTE_ETH_EVENT_INTR_LSC, on_eth_event, NULL);
	rte_eth_dev_callback_unregister(RTE_ETH_ALL, RTE_ETH_EVENT_INTR_RMV, on_eth_event, NULL);
	rte_eth_dev_callback_unregister(RTE_ETH_ALL, RTE_ETH_EVENT_DESTROY, on_eth_event, NULL);
	dps_binding_set_drain_hook(NULL);
	dps_workers_set_service_hook(NULL);
	for (unsigned int l = 0; l < RTE_MAX_LCORE; l++) {
		rte_ring_free(w2c[l]);
		rte_ring_free(c2w[l]);
		w2c[l] = c2w[l] = NULL;
	}
	rte_ring_free(any_ring);
	rte_ring_free(event_ring);
	if (job_ring != NULL) {
		void *j;

		/* abandoned or never run: nobody else frees them now */
		while (rte_ring_sc_dequeue(job_ring, &j) == 0)
			free(j);
	}
	rte_ring_free(job_ring);
	any_ring = event_ring = job_ring = NULL;
	dps__ctrl_watch_server(-1);
	if (wk.epfd >= 0 || wk.efd >= 0)
		dps__wakeup_fini(&wk);
	sleep_unbounded = 0;
	return dps_oid_pool_fini();
}
