/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Benchmark (not a test): OID round trip worker -> control -> worker, and
 * datapath throughput with and without requests flowing.
 *
 * EAL without hugepages, -l 0-1: the main lcore runs the control loop
 * (dps_ctrl_run, as dpstack does), lcore 1 is a worker polling a net_null
 * adapter that delivers frames as fast as it can. A protocol bound to it
 * frees every frame it receives and, in the OID phases, keeps WINDOW
 * requests for OID_GEN_RCV_OK (a query the control thread answers from
 * ethdev) in flight, timing each from submission to oid_complete. Each
 * phase also prints the worker's mean time in dps_oid_request() (the
 * eventfd write included when it wakes the control thread), how often the
 * idle control loop slept in the kernel and how many of those sleeps a
 * worker ended with an eventfd write.
 *
 * The paced phase (10000 requests/s, the target of issue 9) alternates with
 * a phase without requests, ROUNDS times, and the medians are printed.
 *
 * Usage: dps_oid_bench [SECONDS_PER_PHASE] [MAX_SAMPLES] [ROUNDS]
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_ctrl.h"
#include "dps_object.h"
#include "dps_oid.h"
#include "dps_status.h"
#include "dps_worker.h"

static atomic_uint_fast64_t frames;
static atomic_int window; /* requests to keep in flight (0: none) */
static atomic_int in_flight;
static uint64_t pace_cycles; /* least time between two requests (0: none) */
static uint64_t last_issue;  /* worker only */
static uint64_t *samples;    /* TSC cycles per round trip */
static atomic_uint nsamples;
static uint64_t submit_cycles, submits; /* worker only: time in dps_oid_request() */
static unsigned int max_samples;

struct bctx {
	int unused;
};

static void
b_issue(struct dps_binding *b)
{
	while (atomic_load(&in_flight) < atomic_load(&window)) {
		struct dps_oid_request *req;
		uint64_t now = rte_rdtsc();
		int rc;

		if (pace_cycles != 0 && now - last_issue < pace_cycles)
			return;
		last_issue = now;
		req = dps_oid_request_alloc();
		if (req == NULL)
			return;
		req->type = DPS_OID_QUERY;
		req->oid = OID_GEN_RCV_OK;
		req->buf_len = 8;
		req->cookie = (void *)(uintptr_t)rte_rdtsc();
		atomic_fetch_add(&in_flight, 1);
		now = rte_rdtsc();
		rc = dps_oid_request(b, req);
		submit_cycles += rte_rdtsc() - now;
		submits++;
		if (rc != DPS_PENDING) {
			atomic_fetch_sub(&in_flight, 1);
			dps_oid_request_free(req);
			return;
		}
	}
}

static void
b_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t f)
{
	(void)ctx;
	(void)f;
	rte_pktmbuf_free_bulk(pkts, n);
	atomic_fetch_add_explicit(&frames, n, memory_order_relaxed);
	b_issue(b);
}

static void
b_complete(struct dps_binding *b, void *ctx, struct dps_oid_request *req, int status)
{
	uint64_t dt = rte_rdtsc() - (uint64_t)(uintptr_t)req->cookie;
	unsigned int i;

	(void)ctx;
	(void)status;
	dps_oid_request_free(req);
	atomic_fetch_sub(&in_flight, 1);
	i = atomic_fetch_add(&nsamples, 1);
	if (i < max_samples)
		samples[i] = dt;
	b_issue(b);
}

static DPS_CONTEXT_TYPE(bctx_type, struct bctx, NULL);
static const uint16_t zero_type[] = {0x0000};
static const struct dps_protocol_ops b_ops = {.receive = b_receive, .oid_complete = b_complete};
static const struct dps_protocol_desc b_desc = {
	.name = "oidbench",
	.ethertypes = zero_type,
	.nb_ethertypes = 1,
	.default_filter = DPS_FILTER_PROMISCUOUS,
	.ops = &b_ops,
	.binding_ctx = &bctx_type,
};

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double last_median_us, last_p99_us; /* of the last phase with requests */
static volatile int stop_ctrl;
static unsigned int spin_us;

static void *
timer_main(void *arg)
{
	double s = *(double *)arg;

	rte_delay_us_sleep((unsigned int)(s * 1e6));
	stop_ctrl = 1;
	dps_ctrl_wake();
	return NULL;
}

/* Run the control loop for @p seconds; @return frames per second. */
static double
phase(const char *name, int win, unsigned int rate, double seconds)
{
	struct dps_ctrl_stats c0, c1;
	uint64_t f0, t0, t1;
	pthread_t timer;
	double mpps;

	pace_cycles = rate ? rte_get_tsc_hz() / rate : 0;
	atomic_store(&window, win);
	atomic_store(&nsamples, 0);
	dps_ctrl_stats(&c0);
	__atomic_store_n(&submit_cycles, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&submits, 0, __ATOMIC_RELAXED);
	f0 = atomic_load(&frames);
	t0 = rte_get_timer_cycles();
	stop_ctrl = 0;
	pthread_create(&timer, NULL, timer_main, &seconds);
	dps_ctrl_run(&stop_ctrl, spin_us); /* the control loop dpstack runs */
	pthread_join(timer, NULL);
	t1 = rte_get_timer_cycles();
	dps_ctrl_stats(&c1);
	atomic_store(&window, 0);
	mpps = (double)(atomic_load(&frames) - f0) / ((double)(t1 - t0) / rte_get_timer_hz()) / 1e6;
	printf("%-28s %8.2f Mpps", name, mpps);
	if (win > 0) {
		unsigned int n = RTE_MIN(atomic_load(&nsamples), max_samples);
		double us = 1e6 / rte_get_tsc_hz();

		qsort(samples, n, sizeof(samples[0]), cmp_u64);
		last_median_us = n > 0 ? samples[n / 2] * us : 0;
		last_p99_us = n > 0 ? samples[(n * 99) / 100] * us : 0;
		if (n > 0)
			printf("  requests %u (%.0f/s)  round trip median %.1f us  p99 %.1f us  "
			       "max %.1f us",
				atomic_load(&nsamples),
				atomic_load(&nsamples) / ((double)(t1 - t0) / rte_get_timer_hz()),
				samples[n / 2] * us, samples[(n * 99) / 100] * us,
				samples[n - 1] * us);
	}
	if (win > 0) {
		uint64_t n = __atomic_load_n(&submits, __ATOMIC_RELAXED);

		printf("  submit %.2f us",
			n ? (double)__atomic_load_n(&submit_cycles, __ATOMIC_RELAXED) / n * 1e6 /
					rte_get_tsc_hz()
			  : 0.0);
	}
	printf("  sleeps %" PRIu64 " wakeups %" PRIu64 "\n", c1.sleeps - c0.sleeps,
		c1.wakeups - c0.wakeups);
	/* let the last requests complete */
	for (int i = 0; i < 1000 && atomic_load(&in_flight) > 0; i++)
		if (dps_ctrl_poll() == 0)
			rte_delay_us_sleep(100);
	return mpps;
}

int
main(int argc, char **argv)
{
	char *eal[] = {argv[0], "--no-huge", "--no-pci", "-m", "512", "-l", "0-1", "--no-shconf",
		"--file-prefix=dps_oid_bench", "--log-level=*:warning"};
	struct dps_object_attr sa = {.type = "stack", .name = "bench"};
	double seconds = argc > 1 ? atof(argv[1]) : 3.0, base, max1, max32;
	unsigned int rounds = argc > 3 ? (unsigned int)atoi(argv[3]) : 5;
	struct dps_config_adapter cfg;
	unsigned int w[RTE_MAX_LCORE], nw;
	struct rte_mempool *pool;
	struct dps_object *stack;
	struct dps_adapter *a;
	char err[256];

	max_samples = argc > 2 ? (unsigned int)atoi(argv[2]) : 2000000;
	if (seconds <= 0 || max_samples == 0 || rounds == 0 || rounds > 64) {
		fprintf(stderr,
			"usage: %s [SECONDS_PER_PHASE > 0] [MAX_SAMPLES > 0] [ROUNDS 1..64]\n",
			argv[0]);
		return 2;
	}
	samples = calloc(max_samples, sizeof(*samples));
	if (samples == NULL || rte_eal_init((int)RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "set-up failed\n");
		return 1;
	}
	pool = rte_pktmbuf_pool_create("bench_pool", 8191, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	if (pool == NULL || dps_object_create(&sa, NULL, &stack) != DPS_OK ||
		dps_workers_init() != DPS_OK) {
		fprintf(stderr, "set-up failed\n");
		return 1;
	}
	nw = dps_workers_lcores(w, RTE_MAX_LCORE);
	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.name, sizeof(cfg.name), "null0");
	snprintf(cfg.device, sizeof(cfg.device), "net_null0");
	cfg.rx_queues = 1;
	cfg.rx_ring = 1024;
	cfg.tx_ring = 1024;
	if (dps_adapter_create(stack, &cfg, pool, w, nw, &a, err, sizeof(err)) != DPS_OK ||
		dps_workers_assign(a, err, sizeof(err)) != DPS_OK ||
		dps_adapter_start(a) != DPS_OK || dps_ctrl_init(4096, 1024, 1000) != DPS_OK ||
		dps_binding_layer_init(stack, dps_workers_rcu()) != DPS_OK ||
		dps_protocol_register(&b_desc, NULL, NULL) != DPS_OK ||
		dps_workers_launch() != DPS_OK) {
		fprintf(stderr, "set-up failed: %s\n", err);
		return 1;
	}
	printf("dps_oid_bench: net_null rx on 1 worker lcore, control loop on the main lcore, "
	       "%.1f s per phase, TSC %.2f GHz\n",
		seconds, rte_get_tsc_hz() / 1e9);
	for (unsigned int k = 0; k < 2; k++) {
		spin_us = k == 0 ? 0 : 2000;
		printf("-- control loop spin %u us after work (ctrl_spin_us = %u)\n", spin_us,
			spin_us);
		double ratio[64], med[64], p99[64];

		/* interleaved A B A B ...: a busy shared machine moves both alike */
		for (unsigned int r = 0; r < rounds; r++) {
			base = phase("no requests", 0, 0, seconds);
			ratio[r] = phase("10000 requests/s", 1, 10000, seconds) / base;
			med[r] = last_median_us;
			p99[r] = last_p99_us;
		}
		printf("median of %u interleaved rounds at 10000 requests/s: throughput ratio "
		       "%.3f, "
		       "round trip median %.1f us, p99 %.1f us\n",
			rounds, median(ratio, rounds), median(med, rounds), median(p99, rounds));
		base = phase("no requests", 0, 0, seconds);
		max1 = phase("max rate, 1 in flight", 1, 0, seconds);
		max32 = phase("max rate, 32 in flight", 32, 0, seconds);
		printf("throughput ratio to no requests: %.3f at max rate (1 in flight), %.3f at "
		       "max "
		       "rate (32 in flight)\n",
			max1 / base, max32 / base);
	}

	dps_binding_layer_fini();
	dps_workers_stop();
	dps_adapter_close(a);
	dps_ctrl_fini();
	dps_workers_fini();
	dps_object_delete(stack);
	rte_mempool_free(pool);
	rte_eal_cleanup();
	free(samples);
	return dps_object_live_count() == 0 ? 0 : 1;
}
