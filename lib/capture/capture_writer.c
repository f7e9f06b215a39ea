/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A capture's writer thread (not a worker, not the control thread): takes
 * the workers' copies off the ring, formats each as a pcapng enhanced
 * packet block (rte_pcapng_copy: direction, queue, the worker's TSC turned
 * into wall-clock nanoseconds) and writes them to the client's descriptor.
 * It may block on a slow reader (a pipe to tshark): the ring then fills and
 * the workers count drops. Once the capture is detached and the ring is
 * empty, it writes the interface statistics block and closes the file.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_version.h>

#include "capture_private.h"
#include "dps_ctrl_wake.h"
#include "dps_status.h"

#define WRITE_BURST 32
#define IDLE_SLEEP_US 2000

/*
 * rte_pcapng turns TSC into nanoseconds with one process-wide base that it
 * updates as time goes (22.11: not thread-safe); the writers of several
 * captures take turns.
 */
static pthread_mutex_t pcapng_lock = PTHREAD_MUTEX_INITIALIZER;

/* Byte offsets in an enhanced packet block. */
#define EPB_TS_HIGH 12
#define EPB_TS_LOW 16
#define EPB_ORIG_LEN 24

/* The worker's TSC as wall-clock nanoseconds, from the pair taken at start. */
static uint64_t
tsc_to_ns(const struct capture *c, uint64_t tsc)
{
	uint64_t hz = c->tsc_hz, d;

	if (tsc >= c->tsc0) {
		d = tsc - c->tsc0;
		return c->ns0 + d / hz * 1000000000u + d % hz * 1000000000u / hz;
	}
	d = c->tsc0 - tsc;
	return c->ns0 - (d / hz * 1000000000u + d % hz * 1000000000u / hz);
}

/* Set the block's timestamp to @p ns (high word, then low word). */
static void
set_timestamp(struct rte_mbuf *o, uint64_t ns)
{
	uint32_t hi = (uint32_t)(ns >> 32), lo = (uint32_t)ns;

	memcpy(rte_pktmbuf_mtod_offset(o, uint8_t *, EPB_TS_HIGH), &hi, 4);
	memcpy(rte_pktmbuf_mtod_offset(o, uint8_t *, EPB_TS_LOW), &lo, 4);
}

static int
write_burst(struct capture *c, struct rte_mbuf **in, unsigned int n)
{
	struct rte_mbuf *out[WRITE_BURST];
	unsigned int k = 0;
	ssize_t w;

	for (unsigned int i = 0; i < n; i++) {
		const struct capture_meta *meta = rte_mbuf_to_priv(in[i]);
		struct rte_mbuf *o = NULL;

		if (c->status == DPS_OK && (c->count == 0 || c->written + k < c->count)) {
			pthread_mutex_lock(&pcapng_lock);
			o = rte_pcapng_copy(c->port, meta->queue, in[i], c->wmp, UINT32_MAX,
				meta->tsc,
				meta->dir == DPS_FILTER_TX ? RTE_PCAPNG_DIRECTION_OUT
							   : RTE_PCAPNG_DIRECTION_IN);
			pthread_mutex_unlock(&pcapng_lock);
			if (o == NULL)
				__atomic_fetch_add(&c->dropped, 1, __ATOMIC_RELAXED);
		}
		if (o != NULL) {
			uint32_t orig = meta->orig_len;

			/* the copy was cut to the snap length: the block says how long
			 * the frame was (rte_pcapng_copy saw only the copy) */
			memcpy(rte_pktmbuf_mtod_offset(o, uint8_t *, EPB_ORIG_LEN), &orig, 4);
			/* 22.11's own TSC conversion starts from a base taken before
			 * EAL knew the TSC rate (hours off here): ours, per capture */
			set_timestamp(o, tsc_to_ns(c, meta->tsc));
			out[k++] = o;
		}
		rte_pktmbuf_free(in[i]);
	}
	if (k == 0)
		return 0;
	w = rte_pcapng_write_packets(c->pc, out, (uint16_t)k);
	if (w < 0) {
		DPS_LOG(WARNING, capture, "capture %u: writing the file: %s", c->id,
			strerror(errno));
		c->status = DPS_E_IO;
		atomic_store(&c->limit_hit, DPS_IPC_CAPTURE_CAUSE_WRITE_ERROR);
		dps_ctrl_wake();
		return -1;
	}
	__atomic_fetch_add(&c->bytes, (uint64_t)w, __ATOMIC_RELAXED);
	__atomic_fetch_add(&c->written, k, __ATOMIC_RELAXED);
	if (c->count != 0 && c->written >= c->count && atomic_load(&c->limit_hit) == 0) {
		atomic_store(&c->limit_hit, DPS_IPC_CAPTURE_CAUSE_COUNT);
		dps_ctrl_wake();
	}
	return 0;
}

static void *
writer_main(void *arg)
{
	struct capture *c = arg;
	struct rte_mbuf *in[WRITE_BURST];
	char comment[96];
	ssize_t w;

	for (;;) {
		int stopping = atomic_load(&c->stop);
		unsigned int n = rte_ring_sc_dequeue_burst(c->ring, (void **)in, WRITE_BURST, NULL);

		if (n > 0) {
			write_burst(c, in, n);
			continue;
		}
		if (stopping)
			break; /* detached and drained: nothing more comes */
		usleep(IDLE_SLEEP_US);
	}
	if (c->status == DPS_OK) {
		uint64_t seen = __atomic_load_n(&c->seen, __ATOMIC_RELAXED);
		uint64_t filtered = __atomic_load_n(&c->filtered, __ATOMIC_RELAXED);

		snprintf(comment, sizeof(comment), "%" PRIu64 " written, %" PRIu64 " filtered",
			c->written, filtered);
		pthread_mutex_lock(&pcapng_lock);
		/* received: the frames that passed the filter; dropped: those not captured */
		w = rte_pcapng_write_stats(c->pc, c->port, comment, c->start_ns, c->end_ns,
			seen - filtered, __atomic_load_n(&c->dropped, __ATOMIC_RELAXED));
		pthread_mutex_unlock(&pcapng_lock);
		if (w < 0)
			c->status = DPS_E_IO;
		else
			__atomic_fetch_add(&c->bytes, (uint64_t)w, __ATOMIC_RELAXED);
	}
	rte_pcapng_close(c->pc); /* closes the descriptor */
	c->pc = NULL;
	atomic_store(&c->done, 1);
	dps_ctrl_wake();
	return NULL;
}

int
dps__capture_writer_start(struct capture *c, int fd, char *why, size_t len)
{
	struct utsname u;
	char os[160], app[96], comment[DPS_IPC_MAX_FILTER + 96];
	sigset_t all, old;
	int rc;

	{
		struct timespec ts;
		uint64_t t1 = rte_get_tsc_cycles(), t2;

		clock_gettime(CLOCK_REALTIME, &ts);
		t2 = rte_get_tsc_cycles();
		c->tsc0 = t1 + (t2 - t1) / 2;
		c->ns0 = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
		c->tsc_hz = rte_get_tsc_hz();
	}
	if (uname(&u) == 0)
		snprintf(os, sizeof(os), "%s %s", u.sysname, u.release);
	else
		snprintf(os, sizeof(os), "Linux");
	snprintf(app, sizeof(app), "dpstack %s (%s)", DPS_VERSION, rte_version());
	if (c->filter_len > 0)
		snprintf(comment, sizeof(comment), "dpstack capture %u of %s, filter: %s", c->id,
			c->adapter, c->filter);
	else
		snprintf(comment, sizeof(comment), "dpstack capture %u of %s", c->id, c->adapter);
	/* the section header and one interface block per port, written now: a
	 * descriptor that cannot be written fails the start */
	c->pc = rte_pcapng_fdopen(fd, os, NULL, app, comment);
	if (c->pc == NULL) {
		snprintf(why, len, "cannot write the capture file: %s", rte_strerror(rte_errno));
		close(fd);
		return DPS_E_IO;
	}
	/* the writer takes no signal (dpstack's are the control thread's) */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&c->writer, NULL, writer_main, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		rte_pcapng_close(c->pc);
		c->pc = NULL;
		snprintf(why, len, "cannot start the writer thread: %s", strerror(rc));
		return DPS_E_RESOURCES;
	}
	c->writer_started = 1;
	{
		char name[16];

		snprintf(name, sizeof(name), "dps-capture-%u", c->id % 1000);
		pthread_setname_np(c->writer, name);
	}
	return DPS_OK;
}

void
dps__capture_writer_join(struct capture *c)
{
	if (c->writer_started) {
		pthread_join(c->writer, NULL);
		c->writer_started = 0;
	}
}
