/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Captures on the control thread: the control-socket requests
 * (CAPTURE_START/STOP/WAIT/LIST), the limits (count: the writer says so;
 * duration: checked here), the end of a capture (detach, then the writer
 * completes the file), clients that go away, and /dpstack/captures.
 *
 * The file: the client opens it and passes the descriptor with
 * CAPTURE_START (SCM_RIGHTS). dpstack runs as root; a path it opened for a
 * client could be any file on the machine. With the descriptor, the file
 * is created with the client's own rights and a path it cannot write is
 * the client's error (dpsctl reports it before asking anything).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_pcapng.h>
#include <rte_telemetry.h>

#include "capture_private.h"
#include "dps_raw.h"
#include "dps_status.h"

DPS_LOG_REGISTER(capture, INFO);

#define CAPTURE_POOL 2047  /* copies in flight: the ring and a few bursts */
#define WRITER_POOL 127	   /* pcapng blocks the writer formats at once */
#define STOP_WAIT_MS 10000 /* dps_capture_fini: how long a writer may take */

static TAILQ_HEAD(, capture) captures = TAILQ_HEAD_INITIALIZER(captures);
/* the list and each capture's fixed fields, for the telemetry thread */
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int nb_captures, max_captures = 4;
static uint32_t next_id = 1;
static const struct dps_server_ops *next_ops;
static int telemetry_registered;

static uint64_t
wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t
ms_to_cycles(uint32_t ms)
{
	return rte_get_timer_hz() * ms / 1000u;
}

static void
capture_free(struct capture *c)
{
	pthread_mutex_lock(&list_lock);
	TAILQ_REMOVE(&captures, c, next);
	nb_captures--;
	pthread_mutex_unlock(&list_lock);
	rte_ring_free(c->ring);
	/* every copy came back: the workers are detached and the writer drained */
	if (c->mp != NULL && rte_mempool_avail_count(c->mp) != c->mp->size)
		DPS_LOG(ERR, capture, "capture %u: %u copies not returned", c->id,
			c->mp->size - rte_mempool_avail_count(c->mp));
	rte_mempool_free(c->mp);
	rte_mempool_free(c->wmp);
	if (c->bpf != NULL)
		rte_bpf_destroy(c->bpf);
	free(c);
}

static void
info_of(const struct capture *c, struct dps_ipc_capture_info *i)
{
	memset(i, 0, sizeof(*i));
	i->id = c->id;
	i->state = (uint32_t)c->state;
	memcpy(i->adapter, c->adapter, sizeof(i->adapter));
	i->direction = c->dir;
	i->snaplen = c->snaplen;
	i->count = c->count;
	i->duration_ms = c->duration_ms;
	i->pid = (uint32_t)c->pid;
	i->seen = __atomic_load_n(&c->seen, __ATOMIC_RELAXED);
	i->filtered = __atomic_load_n(&c->filtered, __ATOMIC_RELAXED);
	i->captured = __atomic_load_n(&c->captured, __ATOMIC_RELAXED);
	i->dropped = __atomic_load_n(&c->dropped, __ATOMIC_RELAXED);
	i->written = __atomic_load_n(&c->written, __ATOMIC_RELAXED);
	i->bytes = __atomic_load_n(&c->bytes, __ATOMIC_RELAXED);
	i->status = c->state == DPS_IPC_CAPTURE_ENDED ? c->status : DPS_OK;
	i->cause = c->cause;
	i->filter_len = c->filter_len;
	memcpy(i->filter, c->filter, c->filter_len);
}

/* Send @p c's info to client @p to (its owner, or whoever listed it). */
static void
reply_info(struct dps_srv_client *to, struct capture *c, uint8_t type, uint32_t id)
{
	static uint8_t out[DPS_IPC_CAPTURE_INFO_FIXED_LEN + DPS_IPC_MAX_FILTER];
	struct dps_ipc_capture_info i;
	size_t n;

	info_of(c, &i);
	n = dps_ipc_put_capture_info(out, sizeof(out), &i);
	dps_server_reply(to, type, id, DPS_OK, out, (uint32_t)n);
}

static const char *
cause_str(uint32_t cause)
{
	return cause == DPS_IPC_CAPTURE_CAUSE_COUNT	     ? "count reached"
	       : cause == DPS_IPC_CAPTURE_CAUSE_DURATION     ? "duration reached"
	       : cause == DPS_IPC_CAPTURE_CAUSE_CLIENT_GONE  ? "its client is gone"
	       : cause == DPS_IPC_CAPTURE_CAUSE_WRITE_ERROR  ? "writing failed"
	       : cause == DPS_IPC_CAPTURE_CAUSE_SHUTDOWN     ? "dpstack stops"
	       : cause == DPS_IPC_CAPTURE_CAUSE_ADAPTER_GONE ? "the adapter is removed"
							     : "stopped";
}

/* The capture is detached (no worker copies any more): the writer drains
 * the ring, writes the statistics block and closes the file. */
static void
capture_detached(struct capture *c, uint32_t cause)
{
	c->cause = cause;
	c->end_ns = wall_ns();
	c->state = DPS_IPC_CAPTURE_STOPPING;
	atomic_store(&c->stop, 1);
	DPS_LOG(INFO, capture, "capture %u of %s stopping (%s)", c->id, c->adapter,
		cause_str(cause));
}

/* Detach (no worker copies any more once this returns) and end. */
static void
capture_stop(struct capture *c, uint32_t cause)
{
	if (c->state != DPS_IPC_CAPTURE_RUNNING)
		return;
	dps_filter_detach(c->a, &dps__capture_filter_ops, c);
	capture_detached(c, cause);
}

/* The adapter goes (dps_filter_detach_all detached us): end with a complete
 * file before it is freed; nothing here uses it afterwards. */
void
dps__capture_adapter_gone(void *ctx, struct dps_adapter *a)
{
	struct capture *c = ctx;

	RTE_SET_USED(a);
	c->a = NULL;
	if (c->state == DPS_IPC_CAPTURE_RUNNING)
		capture_detached(c, DPS_IPC_CAPTURE_CAUSE_ADAPTER_GONE);
}

/* The writer finished: the capture ended; answer its waiter, free it once
 * nobody can ask for its result any more. @return 1 when freed. */
static int
capture_reap(struct capture *c)
{
	if (c->state != DPS_IPC_CAPTURE_STOPPING || !atomic_load(&c->done))
		return 0;
	dps__capture_writer_join(c);
	c->state = DPS_IPC_CAPTURE_ENDED;
	DPS_LOG(INFO, capture,
		"capture %u of %s ended: %" PRIu64 " frames written, %" PRIu64 " dropped%s", c->id,
		c->adapter, c->written, __atomic_load_n(&c->dropped, __ATOMIC_RELAXED),
		c->status == DPS_OK ? "" : " (the file is incomplete: writing failed)");
	if (c->client != NULL && c->wait_pending) {
		c->wait_pending = 0;
		reply_info(c->client, c, DPS_IPC_CAPTURE_WAIT, c->wait_id);
	} else if (c->client != NULL) {
		return 0; /* kept for the client's CAPTURE_WAIT */
	}
	capture_free(c);
	return 1;
}

static struct capture *
find(uint32_t id)
{
	struct capture *c;

	TAILQ_FOREACH(c, &captures, next)
	if (c->id == id)
		return c;
	return NULL;
}

static int
fd_writable(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl >= 0 && ((fl & O_ACCMODE) == O_WRONLY || (fl & O_ACCMODE) == O_RDWR);
}

static int
do_start(struct dps_srv_client *cl, uint32_t rid, const struct dps_ipc_capture_start *rq)
{
	char name[RTE_MEMPOOL_NAMESIZE], why[DPS_IPC_MAX_FILTER + 128] = "";
	struct dps_adapter *a;
	struct capture *c;
	uint32_t room;
	int fd, rc;

	fd = dps_srv_client_take_fd(cl);
	if (fd < 0)
		return dps_server_fail(cl, DPS_IPC_CAPTURE_START, rid, DPS_E_INVALID_PARAMETER,
			"no file descriptor came with the request (SCM_RIGHTS)");
	if (!fd_writable(fd)) {
		close(fd);
		return dps_server_fail(cl, DPS_IPC_CAPTURE_START, rid, DPS_E_PERMISSION,
			"the file descriptor is not open for writing");
	}
	a = dps_adapter_find(rq->adapter);
	if (a == NULL) {
		close(fd);
		return dps_server_fail(cl, DPS_IPC_CAPTURE_START, rid, DPS_E_NOT_FOUND,
			"no adapter %s", rq->adapter);
	}
	if (nb_captures >= max_captures) {
		close(fd);
		return dps_server_fail(cl, DPS_IPC_CAPTURE_START, rid, DPS_E_RESOURCES,
			"%u captures already ([stack] max_captures)", nb_captures);
	}
	if (dps_filter_count(a) >= DPS_FILTER_MAX_MODULES) {
		close(fd);
		return dps_server_fail(cl, DPS_IPC_CAPTURE_START, rid, DPS_E_RESOURCES,
			"adapter %s has %u filter modules already", a->name,
			DPS_FILTER_MAX_MODULES);
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		close(fd);
		return dps_server_fail(
			cl, DPS_IPC_CAPTURE_START, rid, DPS_E_RESOURCES, "no memory");
	}
	c->id = next_id++;
	if (next_id == 0)
		next_id = 1;
	c->client = cl;
	c->pid = dps_srv_client_pid(cl);
	c->a = a;
	c->port = a->port_id;
	snprintf(c->adapter, sizeof(c->adapter), "%s", a->name);
	c->dir = rq->direction;
	c->snaplen = rq->snaplen;
	c->count = rq->count;
	c->duration_ms = rq->duration_ms;
	c->filter_len = rq->filter_len;
	memcpy(c->filter, rq->filter, rq->filter_len);
	c->state = DPS_IPC_CAPTURE_RUNNING;
	c->status = DPS_OK;
	atomic_init(&c->stop, 0);
	atomic_init(&c->limit_hit, 0);
	atomic_init(&c->done, 0);

	if (rq->filter_len > 0) {
		char msg[256];

		rc = dps_raw_filter_compile(rq->filter, &c->bpf, &c->jit, msg, sizeof(msg));
		if (rc != DPS_OK) {
			snprintf(why, sizeof(why), "filter: %.200s", msg);
			goto fail;
		}
	}
	/* copies: up to the snap length, chained beyond one mbuf for jumbo frames */
	room = RTE_MBUF_DEFAULT_BUF_SIZE;
	snprintf(name, sizeof(name), "dps_cap%u", c->id);
	c->mp = rte_pktmbuf_pool_create(name, CAPTURE_POOL, 0,
		(uint16_t)RTE_ALIGN(sizeof(struct capture_meta), RTE_MBUF_PRIV_ALIGN),
		(uint16_t)room, SOCKET_ID_ANY);
	snprintf(name, sizeof(name), "dps_capw%u", c->id);
	c->wmp = rte_pktmbuf_pool_create(name, WRITER_POOL, 0, 0,
		(uint16_t)RTE_MAX(room, rte_pcapng_mbuf_size(RTE_MBUF_DEFAULT_DATAROOM)),
		SOCKET_ID_ANY);
	snprintf(name, sizeof(name), "dps_capr%u", c->id);
	c->ring = rte_ring_create(name, DPS_CAPTURE_RING, SOCKET_ID_ANY, RING_F_SC_DEQ);
	if (c->mp == NULL || c->wmp == NULL || c->ring == NULL) {
		rc = DPS_E_RESOURCES;
		snprintf(why, sizeof(why), "no memory for the capture's pools and ring: %s",
			rte_strerror(rte_errno));
		goto fail;
	}
	c->start_ns = wall_ns();
	rc = dps__capture_writer_start(c, fd, why, sizeof(why));
	fd = -1; /* the writer's, or closed */
	if (rc != DPS_OK)
		goto fail;
	pthread_mutex_lock(&list_lock);
	TAILQ_INSERT_TAIL(&captures, c, next);
	nb_captures++;
	pthread_mutex_unlock(&list_lock);
	rc = dps_filter_attach(a, &dps__capture_filter_ops, c, c->dir);
	if (rc != DPS_OK) {
		/* the writer completes an empty file; the client hears why */
		c->state = DPS_IPC_CAPTURE_STOPPING;
		c->client = NULL;
		c->end_ns = wall_ns();
		atomic_store(&c->stop, 1);
		return dps_server_fail(
			cl, DPS_IPC_CAPTURE_START, rid, rc, "cannot attach to adapter %s", a->name);
	}
	if (c->duration_ms > 0)
		c->deadline = rte_get_timer_cycles() + ms_to_cycles(c->duration_ms);
	DPS_LOG(INFO, capture, "capture %u of %s started by client pid %d (%s%s%s)", c->id,
		c->adapter, (int)c->pid,
		c->dir == 3   ? "rx+tx"
		: c->dir == 1 ? "rx"
			      : "tx",
		c->filter_len ? ", filter " : "", c->filter_len ? c->filter : "");
	{
		uint8_t out[4];
		size_t n = dps_ipc_put_u32(out, sizeof(out), c->id);

		return dps_server_reply(cl, DPS_IPC_CAPTURE_START, rid, DPS_OK, out, (uint32_t)n);
	}
fail:
	if (fd >= 0)
		close(fd);
	rte_ring_free(c->ring);
	rte_mempool_free(c->mp);
	rte_mempool_free(c->wmp);
	if (c->bpf != NULL)
		rte_bpf_destroy(c->bpf);
	free(c);
	return dps_server_fail(cl, DPS_IPC_CAPTURE_START, rid, rc, "%s", why);
}

/* The capture @p id, if it is this client's. */
static struct capture *
owned(struct dps_srv_client *cl, uint32_t id)
{
	struct capture *c = find(id);

	return c != NULL && c->client == cl ? c : NULL;
}

static void
capture_request(
	struct dps_srv_client *cl, const struct dps_ipc_hdr *h, const uint8_t *p, uint32_t len)
{
	struct capture *c;
	uint32_t v;

	switch (h->type) {
	case DPS_IPC_CAPTURE_START: {
		static struct dps_ipc_capture_start rq; /* large (filter): not on the stack */

		dps_ipc_get_capture_start(p, len, &rq); /* checked by dps_ipc_check_request */
		do_start(cl, h->id, &rq);
		return;
	}
	case DPS_IPC_CAPTURE_STOP:
		dps_ipc_get_u32(p, len, &v);
		c = owned(cl, v);
		if (c == NULL) {
			dps_server_fail(cl, h->type, h->id, DPS_E_NOT_FOUND,
				"no capture %u of this client", v);
			return;
		}
		if (c->state != DPS_IPC_CAPTURE_RUNNING) {
			dps_server_fail(cl, h->type, h->id, DPS_E_INVALID_STATE,
				"capture %u is already %s", v,
				c->state == DPS_IPC_CAPTURE_STOPPING ? "stopping" : "ended");
			return;
		}
		capture_stop(c, DPS_IPC_CAPTURE_CAUSE_STOPPED);
		dps_server_reply(cl, h->type, h->id, DPS_OK, NULL, 0);
		return;
	case DPS_IPC_CAPTURE_WAIT: {
		struct dps_ipc_capture_wait w;

		dps_ipc_get_capture_wait(p, len, &w);
		c = owned(cl, w.id);
		if (c == NULL) {
			dps_server_fail(cl, h->type, h->id, DPS_E_NOT_FOUND,
				"no capture %u of this client", w.id);
			return;
		}
		if (c->wait_pending) {
			dps_server_fail(cl, h->type, h->id, DPS_E_BUSY,
				"a CAPTURE_WAIT for capture %u is pending", w.id);
			return;
		}
		c->wait_pending = 1;
		c->wait_id = h->id;
		c->wait_deadline =
			w.timeout_ms ? rte_get_timer_cycles() + ms_to_cycles(w.timeout_ms) : 0;
		if (c->state == DPS_IPC_CAPTURE_ENDED) {
			c->wait_pending = 0;
			reply_info(cl, c, h->type, h->id);
			capture_free(c); /* its result is delivered */
		}
		return;
	}
	case DPS_IPC_CAPTURE_LIST: {
		uint32_t i = 0;

		dps_ipc_get_u32(p, len, &v);
		TAILQ_FOREACH(c, &captures, next)
		{
			if (i++ == v) {
				reply_info(cl, c, h->type, h->id);
				return;
			}
		}
		dps_server_reply(cl, h->type, h->id, DPS_E_NO_MORE_ENTRIES, NULL, 0);
		return;
	}
	default:
		if (next_ops != NULL && next_ops->request != NULL)
			next_ops->request(cl, h, p, len);
		else
			dps_server_fail(cl, h->type, h->id, DPS_E_NOT_SUPPORTED,
				"no service for this request");
		return;
	}
}

static void
capture_client_gone(struct dps_srv_client *cl)
{
	struct capture *c, *tmp;

	for (c = TAILQ_FIRST(&captures); c != NULL; c = tmp) {
		tmp = TAILQ_NEXT(c, next);
		if (c->client != cl)
			continue;
		c->client = NULL; /* nobody to answer; the file is completed all the same */
		c->wait_pending = 0;
		capture_stop(c, DPS_IPC_CAPTURE_CAUSE_CLIENT_GONE);
		if (c->state == DPS_IPC_CAPTURE_ENDED)
			capture_free(c);
	}
	if (next_ops != NULL && next_ops->client_gone != NULL)
		next_ops->client_gone(cl);
}

static void
capture_poll(void)
{
	uint64_t now = rte_get_timer_cycles();
	struct capture *c, *tmp;

	for (c = TAILQ_FIRST(&captures); c != NULL; c = tmp) {
		int lim;

		tmp = TAILQ_NEXT(c, next);
		if (c->state == DPS_IPC_CAPTURE_RUNNING) {
			lim = atomic_load(&c->limit_hit);
			if (lim != 0)
				capture_stop(c, (uint32_t)lim);
			else if (c->deadline != 0 && now >= c->deadline)
				capture_stop(c, DPS_IPC_CAPTURE_CAUSE_DURATION);
		}
		if (capture_reap(c))
			continue;
		if (c->wait_pending && c->wait_deadline != 0 && now >= c->wait_deadline) {
			c->wait_pending = 0;
			dps_server_reply(c->client, DPS_IPC_CAPTURE_WAIT, c->wait_id, DPS_E_TIMEOUT,
				NULL, 0);
		}
	}
	if (next_ops != NULL && next_ops->poll != NULL)
		next_ops->poll();
}

static struct dps_server_ops capture_ops = {
	.request = capture_request,
	.client_gone = capture_client_gone,
	.poll = capture_poll,
};

const struct dps_server_ops *
dps_capture_server_ops(const struct dps_server_ops *next)
{
	if (next == NULL)
		return NULL;
	next_ops = next;
	return &capture_ops;
}

unsigned int
dps_capture_count(void)
{
	return nb_captures;
}

/* ---- telemetry (its own thread: the list under its lock, counters atomic) ---- */

static const char *
state_str(int s)
{
	return s == DPS_IPC_CAPTURE_RUNNING    ? "running"
	       : s == DPS_IPC_CAPTURE_STOPPING ? "stopping"
					       : "ended";
}

static int
tel_captures(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct capture *c;
	unsigned int n = 0;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	rte_tel_data_start_dict(d);
	pthread_mutex_lock(&list_lock);
	rte_tel_data_add_dict_u64(d, "captures", nb_captures);
	rte_tel_data_add_dict_u64(d, "max_captures", max_captures);
	TAILQ_FOREACH(c, &captures, next)
	{
		struct rte_tel_data *x = rte_tel_data_alloc();
		struct dps_ipc_capture_info i;
		char key[16];

		if (x == NULL || n >= 16)
			break;
		info_of(c, &i);
		rte_tel_data_start_dict(x);
		rte_tel_data_add_dict_u64(x, "id", i.id);
		rte_tel_data_add_dict_string(x, "adapter", i.adapter);
		rte_tel_data_add_dict_string(x, "state", state_str(c->state));
		rte_tel_data_add_dict_string(x, "direction",
			i.direction == 3   ? "both"
			: i.direction == 1 ? "rx"
					   : "tx");
		rte_tel_data_add_dict_string(x, "filter", i.filter);
		rte_tel_data_add_dict_u64(x, "pid", i.pid);
		rte_tel_data_add_dict_u64(x, "seen", i.seen);
		rte_tel_data_add_dict_u64(x, "filtered", i.filtered);
		rte_tel_data_add_dict_u64(x, "captured", i.captured);
		rte_tel_data_add_dict_u64(x, "dropped", i.dropped);
		rte_tel_data_add_dict_u64(x, "written", i.written);
		rte_tel_data_add_dict_u64(x, "bytes", i.bytes);
		snprintf(key, sizeof(key), "capture_%u", i.id);
		if (rte_tel_data_add_dict_container(d, key, x, 0) != 0)
			rte_tel_data_free(x);
		n++;
	}
	pthread_mutex_unlock(&list_lock);
	return 0;
}

int
dps_capture_init(unsigned int max)
{
	int rc;

	if (max == 0)
		return DPS_E_INVALID_PARAMETER;
	max_captures = max;
	if (!telemetry_registered) {
		rc = rte_telemetry_register_cmd("/dpstack/captures", tel_captures,
			"Packet captures: per capture adapter, state, direction, filter, frames "
			"seen, filtered, captured, dropped, written, bytes");
		if (rc != 0)
			DPS_LOG(WARNING, capture, "/dpstack/captures: %s", rte_strerror(-rc));
		else
			telemetry_registered = 1;
	}
	return DPS_OK;
}

void
dps_capture_fini(void)
{
	struct capture *c, *tmp;
	uint64_t end = rte_get_timer_cycles() + ms_to_cycles(STOP_WAIT_MS);

	TAILQ_FOREACH(c, &captures, next)
	{
		c->client = NULL;
		c->wait_pending = 0;
		capture_stop(c, DPS_IPC_CAPTURE_CAUSE_SHUTDOWN);
	}
	while (!TAILQ_EMPTY(&captures)) {
		for (c = TAILQ_FIRST(&captures); c != NULL; c = tmp) {
			tmp = TAILQ_NEXT(c, next);
			if (c->state == DPS_IPC_CAPTURE_ENDED)
				capture_free(c);
			else
				capture_reap(c);
		}
		if (TAILQ_EMPTY(&captures))
			break;
		if (rte_get_timer_cycles() > end) {
			/* a writer blocked on a reader that does not read: its
			 * thread, pools and ring stay; the rest goes */
			DPS_LOG(ERR, capture, "%u capture writer(s) did not finish", nb_captures);
			break;
		}
		usleep(1000);
	}
}
