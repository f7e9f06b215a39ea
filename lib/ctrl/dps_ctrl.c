/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control thread's loop: one poll serves the requests
 * (ctrl_requests.c), the ethdev events and removals (ctrl_events.c), the
 * jobs other threads ask it to run (dps_ctrl_call), the control socket and
 * the timers; idle, it sleeps in the kernel until woken (ctrl_wakeup.h).
 * Only the control thread calls ethdev for a port; every other thread posts
 * to a ring and wakes it if it sleeps.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_ring.h>

#include "ctrl_private.h"
#include "dps_ctrl.h"
#include "dps_fault.h"
#include "dps_level.h"
#include "dps_log.h"
#include "dps_oid_engine.h"
#include "dps_server.h"
#include "dps_status.h"

DPS_LOG_REGISTER(ctrl, INFO);

enum { JOB_QUEUED = 1, JOB_DONE, JOB_ABANDONED };

struct ctrl_job {
	int (*fn)(void *arg);
	int state;
	int rc;
	size_t size;
	uint8_t data[]; /* the job's own copy of the argument */
};

static struct rte_ring *job_ring; /* dps_ctrl_call -> control */
static int ctrl_ready;
static pthread_t ctrl_thread;
static struct dps_ctrl_timer *timers; /* armed timers, singly linked */
static uint64_t polls;

/* the idle control thread's sleep (ctrl_wakeup.h) */
struct dps__wakeup dps__ctrl_wk = {.efd = -1, .epfd = -1};
static int watched_server = -1;
static int sleep_unbounded; /* tests */

int
dps_ctrl_is_control_thread(void)
{
	return ctrl_ready && pthread_equal(pthread_self(), ctrl_thread);
}

int
dps__ctrl_ready(void)
{
	return ctrl_ready;
}

void
dps__ctrl_sleep_us(unsigned int us)
{
	struct timespec ts = {us / 1000000, (long)(us % 1000000) * 1000L};

	nanosleep(&ts, NULL);
}

/* ---- jobs and timers ---- */

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
		if (!__atomic_compare_exchange_n(
			    &j->state, &expected, JOB_DONE, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
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
	if (dps_fault(DPS_FAULT_RING_ENQUEUE) || rte_ring_mp_enqueue(job_ring, j) != 0) {
		free(j);
		return DPS_E_RESOURCES;
	}
	dps__wakeup_notify(&dps__ctrl_wk);
	end = rte_get_timer_cycles() + rte_get_timer_hz() * timeout_ms / 1000;
	while (__atomic_load_n(&j->state, __ATOMIC_ACQUIRE) != JOB_DONE) {
		if (rte_get_timer_cycles() > end) {
			expected = JOB_QUEUED;
			if (__atomic_compare_exchange_n(&j->state, &expected, JOB_ABANDONED, 0,
				    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
				return DPS_E_TIMEOUT; /* the control thread frees it */
		}
		dps__ctrl_sleep_us(100);
	}
	rc = j->rc;
	if (size > 0)
		memcpy(arg, j->data, size);
	free(j);
	return rc;
}

int
dps_ctrl_timer_start(
	struct dps_ctrl_timer *t, unsigned int period_ms, void (*fn)(void *arg), void *arg)
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

/* ---- the loop ---- */

unsigned int
dps_ctrl_poll(void)
{
	unsigned int n;
	uint64_t now;

	if (!dps_ctrl_is_control_thread())
		return 0;
	polls++;
	n = dps__ctrl_service_requests();
	n += dps__ctrl_service_events();
	n += service_jobs();
	n += dps_server_poll();
	service_timers(); /* periodic work does not count as activity */
	n += dps__ctrl_service_removals();
	now = rte_get_timer_cycles();
	dps__ctrl_link_poll(now);
	return n;
}

/* @return ns until the next timer or link poll is due, capped; -1: none. */
static int64_t
idle_timeout_ns(void)
{
	uint64_t now = rte_get_timer_cycles(), hz = rte_get_timer_hz();
	uint64_t due = sleep_unbounded ? UINT64_MAX : dps__ctrl_link_poll_due();
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
	dps__wakeup_arm(&dps__ctrl_wk);
	/* a producer that posted before it could see the flag: found here */
	if (dps_ctrl_poll() != 0 || *stop) {
		dps__wakeup_disarm(&dps__ctrl_wk);
		return;
	}
	dps__wakeup_sleep(&dps__ctrl_wk, idle_timeout_ns());
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
	dps__wakeup_notify(&dps__ctrl_wk);
}

void
dps__ctrl_watch_server(int epfd)
{
	if (watched_server >= 0)
		dps__wakeup_unwatch(&dps__ctrl_wk, watched_server);
	watched_server = -1;
	if (epfd >= 0 && dps__ctrl_wk.epfd >= 0) {
		if (dps__wakeup_watch(&dps__ctrl_wk, epfd) == DPS_OK)
			watched_server = epfd;
		else
			DPS_LOG(ERR, ctrl,
				"cannot watch the control socket: it is served "
				"every %u ms only",
				DPS_CTRL_MAX_SLEEP_MS);
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
	if (dps__ctrl_wk.efd >= 0)
		dps__wakeup_write(&dps__ctrl_wk);
}

void
dps_ctrl_stats(struct dps_ctrl_stats *st)
{
	if (st == NULL)
		return;
	memset(st, 0, sizeof(*st));
	st->polls = polls;
	dps__ctrl_events_stats(st);
	st->port_reconfigs = dps__oid_port_change_count();
	st->sleeps = dps__ctrl_wk.sleeps;
	st->wakeups = __atomic_load_n(&dps__ctrl_wk.writes, __ATOMIC_RELAXED);
}

/* ---- set-up ---- */

int
dps_ctrl_init(unsigned int nb_requests, unsigned int ring_size, unsigned int link_poll_ms)
{
	int rc;

	if (ctrl_ready)
		return DPS_E_INVALID_STATE;
	if (nb_requests == 0 || link_poll_ms == 0 || ring_size < 2 || !rte_is_power_of_2(ring_size))
		return DPS_E_INVALID_PARAMETER;
	rc = dps__ctrl_requests_init(nb_requests, ring_size);
	if (rc != DPS_OK) {
		dps_ctrl_fini();
		return rc;
	}
	job_ring = rte_ring_create("dps_jobs", 256, SOCKET_ID_ANY, RING_F_SC_DEQ);
	if (job_ring == NULL || dps__wakeup_init(&dps__ctrl_wk) != DPS_OK ||
		dps__ctrl_events_init(link_poll_ms) != DPS_OK) {
		dps_ctrl_fini();
		return DPS_E_RESOURCES;
	}
	dps__ctrl_watch_server(dps__server_epoll_fd());
	ctrl_thread = pthread_self();
	polls = 0;
	ctrl_ready = 1;
	return DPS_OK;
}

unsigned int
dps_ctrl_fini(void)
{
	ctrl_ready = 0;
	while (timers != NULL)
		dps_ctrl_timer_stop(timers);
	dps__ctrl_events_fini();
	if (job_ring != NULL) {
		void *j;

		/* abandoned or never run: nobody else frees them now */
		while (rte_ring_sc_dequeue(job_ring, &j) == 0)
			free(j);
	}
	rte_ring_free(job_ring);
	job_ring = NULL;
	dps__ctrl_watch_server(-1);
	if (dps__ctrl_wk.epfd >= 0 || dps__ctrl_wk.efd >= 0)
		dps__wakeup_fini(&dps__ctrl_wk);
	sleep_unbounded = 0;
	return dps__ctrl_requests_fini();
}
