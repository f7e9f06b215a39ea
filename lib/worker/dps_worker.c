/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_malloc.h>

#include "dps_binding.h"
#include "dps_dispatch.h"
#include "dps_fault.h"
#include "dps_level.h"
#include "dps_log.h"
#include "dps_status.h"
#include "dps_worker.h"

DPS_LOG_REGISTER(worker, INFO);

/* Re-check the mempool level every this many iterations. */
#define RESOURCES_CHECK_PERIOD 64

struct worker_rxq {
	struct dps_adapter *a;
	uint16_t port;
	uint16_t queue;
};

/* What a worker polls and flushes; replaced as a whole and RCU-published. */
struct worker_plan {
	uint16_t nb_rxq;
	struct worker_rxq rxq[DPS_WORKER_MAX_RXQ];
	uint16_t nb_tx;
	struct dps_adapter *tx[RTE_MAX_ETHPORTS]; /* adapters this worker flushes */
};

struct dps_worker {
	unsigned int lcore;
	atomic_int stop;
	atomic_int active; /* inside worker_main */
	struct worker_plan *_Atomic plan;
	struct worker_plan *draft; /* control side: the next plan, while assigning */
	struct dps_worker_stats stats __rte_cache_aligned;
} __rte_cache_aligned;

static void (*service_hook)(unsigned int lcore);

static struct dps_worker *workers[RTE_MAX_LCORE];
static unsigned int worker_lcores[RTE_MAX_LCORE];
static unsigned int nb_workers;
static struct rte_rcu_qsbr *rcu;
static int running;
static unsigned int spread_next;

int
dps_workers_init(void)
{
	unsigned int lcore;
	size_t sz;

	if (rcu != NULL)
		return DPS_E_INVALID_STATE;
	nb_workers = 0;
	RTE_LCORE_FOREACH_WORKER(lcore)
	{
		workers[lcore] =
			rte_zmalloc("dps_worker", sizeof(struct dps_worker), RTE_CACHE_LINE_SIZE);
		if (workers[lcore] == NULL) {
			dps_workers_fini();
			return DPS_E_RESOURCES;
		}
		workers[lcore]->lcore = lcore;
		workers[lcore]->draft = rte_zmalloc(
			"dps_worker_plan", sizeof(struct worker_plan), RTE_CACHE_LINE_SIZE);
		if (workers[lcore]->draft == NULL) {
			dps_workers_fini();
			return DPS_E_RESOURCES;
		}
		atomic_init(&workers[lcore]->plan, NULL);
		worker_lcores[nb_workers++] = lcore;
	}
	if (nb_workers == 0)
		return DPS_E_NOT_READY;
	sz = rte_rcu_qsbr_get_memsize(RTE_MAX_LCORE);
	rcu = rte_zmalloc("dps_rcu", sz, RTE_CACHE_LINE_SIZE);
	if (rcu == NULL || rte_rcu_qsbr_init(rcu, RTE_MAX_LCORE) != 0) {
		dps_workers_fini();
		return DPS_E_RESOURCES;
	}
	spread_next = 0;
	return DPS_OK;
}

struct rte_rcu_qsbr *
dps_workers_rcu(void)
{
	return rcu;
}

unsigned int
dps_workers_lcores(unsigned int *lcores, unsigned int max)
{
	for (unsigned int i = 0; lcores != NULL && i < nb_workers && i < max; i++)
		lcores[i] = worker_lcores[i];
	return nb_workers;
}

static void
add_tx(struct worker_plan *p, struct dps_adapter *a)
{
	for (unsigned int i = 0; i < p->nb_tx; i++)
		if (p->tx[i] == a)
			return;
	p->tx[p->nb_tx++] = a;
}

/* Publish every worker's draft; wait until no worker uses an old plan. */
static int
publish_plans(void)
{
	struct worker_plan *old[RTE_MAX_LCORE];

	for (unsigned int i = 0; i < nb_workers; i++) {
		struct dps_worker *w = workers[worker_lcores[i]];
		struct worker_plan *next = dps_fault(DPS_FAULT_MALLOC)
						   ? NULL
						   : rte_zmalloc("dps_worker_plan", sizeof(*next),
							     RTE_CACHE_LINE_SIZE);

		if (next == NULL) {
			for (unsigned int j = 0; j < i; j++)
				rte_free(old[j]);
			return DPS_E_RESOURCES;
		}
		*next = *w->draft;
		old[i] = atomic_exchange(&w->plan, next);
	}
	if (rcu != NULL)
		rte_rcu_qsbr_synchronize(rcu, RTE_QSBR_THRID_INVALID);
	for (unsigned int i = 0; i < nb_workers; i++)
		rte_free(old[i]);
	return DPS_OK;
}

int
dps_workers_assign(struct dps_adapter *a, char *err, size_t errlen)
{
	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (nb_workers == 0)
		return DPS_E_NOT_READY;
	for (unsigned int i = 0; i < a->cfg.nb_lcores; i++) {
		unsigned int l = a->cfg.lcores[i];

		if (l >= RTE_MAX_LCORE || workers[l] == NULL) {
			snprintf(err, errlen,
				"adapter %s: lcores names %u, which is not a worker lcore "
				"(EAL -l gives the lcores; the first is the control thread)",
				a->name, l);
			return DPS_E_NOT_FOUND;
		}
	}
	for (uint16_t q = 0; q < a->nb_rxq; q++) {
		unsigned int l;
		struct worker_plan *p;

		if (a->cfg.nb_lcores > 0)
			l = a->cfg.lcores[q % a->cfg.nb_lcores];
		else
			l = worker_lcores[spread_next++ % nb_workers];
		p = workers[l]->draft;
		if (p->nb_rxq >= DPS_WORKER_MAX_RXQ) {
			snprintf(err, errlen, "adapter %s: lcore %u polls too many queues", a->name,
				l);
			return DPS_E_RESOURCES;
		}
		p->rxq[p->nb_rxq].a = a;
		p->rxq[p->nb_rxq].port = a->port_id;
		p->rxq[p->nb_rxq].queue = q;
		p->nb_rxq++;
		a->rxq_lcore[q] = (uint16_t)l;
		DPS_LOG(INFO, worker, "%s rx queue %u -> lcore %u", a->name, q, l);
	}
	/* every worker may send on every adapter (a protocol may forward) */
	for (unsigned int i = 0; i < nb_workers; i++)
		add_tx(workers[worker_lcores[i]]->draft, a);
	return publish_plans();
}

int
dps_workers_remove_adapter(struct dps_adapter *a)
{
	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	for (unsigned int i = 0; i < nb_workers; i++) {
		struct worker_plan *p = workers[worker_lcores[i]]->draft;
		uint16_t k = 0;

		for (uint16_t j = 0; j < p->nb_rxq; j++)
			if (p->rxq[j].a != a)
				p->rxq[k++] = p->rxq[j];
		p->nb_rxq = k;
		k = 0;
		for (uint16_t j = 0; j < p->nb_tx; j++)
			if (p->tx[j] != a)
				p->tx[k++] = p->tx[j];
		p->nb_tx = k;
	}
	/* after this no worker polls or flushes @p a */
	return publish_plans();
}

void
dps_workers_set_service_hook(void (*fn)(unsigned int lcore))
{
	service_hook = fn;
}

int
dps_worker_active(unsigned int lcore)
{
	return lcore < RTE_MAX_LCORE && workers[lcore] != NULL &&
	       atomic_load(&workers[lcore]->active);
}

static int
worker_main(void *arg)
{
	struct dps_worker *w = arg;
	struct rte_mbuf *pkts[DPS_BURST];
	void (*service)(unsigned int) = service_hook;
	uint32_t rx_flags = 0;
	uint64_t iter = 0;

	dps_level_set(DPS_LEVEL_DATAPATH);
	/* every stats slot lookup on this thread is then one TLS load */
	dps_lcore_slot_set(w->lcore);
	rte_rcu_qsbr_thread_register(rcu, w->lcore);
	rte_rcu_qsbr_thread_online(rcu, w->lcore);
	atomic_store(&w->active, 1);
	DPS_LOG(INFO, worker, "lcore %u: polling %u rx queue(s)", w->lcore,
		atomic_load(&w->plan) ? atomic_load(&w->plan)->nb_rxq : 0);

	while (!atomic_load_explicit(&w->stop, memory_order_relaxed)) {
		/* the plan pointer is read once per iteration (RCU) */
		const struct worker_plan *p = atomic_load_explicit(&w->plan, memory_order_acquire);
		int busy = 0;

		if (p != NULL && (iter % RESOURCES_CHECK_PERIOD) == 0 && p->nb_rxq > 0) {
			struct dps_adapter *a0 = p->rxq[0].a;

			rx_flags = rte_mempool_avail_count(a0->pool) < a0->resources_free_min
					   ? DPS_RX_F_RESOURCES
					   : 0;
		}
		/* the TSC with the frame count gives cycles per frame (bench.sh) */
		if ((iter % RESOURCES_CHECK_PERIOD) == 0)
			__atomic_store_n(&w->stats.tsc, rte_rdtsc(), __ATOMIC_RELAXED);
		for (uint16_t i = 0; p != NULL && i < p->nb_rxq; i++) {
			uint16_t n =
				rte_eth_rx_burst(p->rxq[i].port, p->rxq[i].queue, pkts, DPS_BURST);

			if (n == 0)
				continue;
			busy = 1;
			w->stats.rx += n;
			if (rx_flags)
				w->stats.resources_bursts++;
			dps_dispatch_burst(p->rxq[i].a, pkts, n, rx_flags);
		}
		if (service != NULL)
			service(w->lcore);
		for (uint16_t i = 0; p != NULL && i < p->nb_tx; i++)
			dps_dispatch_tx_flush(p->tx[i]);
		rte_rcu_qsbr_quiescent(rcu, w->lcore);
		iter++;
		w->stats.iterations = iter;
		w->stats.busy_iterations += (uint64_t)busy;
	}

	{
		const struct worker_plan *p = atomic_load(&w->plan);

		for (uint16_t i = 0; p != NULL && i < p->nb_tx; i++)
			dps_dispatch_tx_flush(p->tx[i]);
	}
	if (service != NULL)
		service(w->lcore);
	atomic_store(&w->active, 0);
	rte_rcu_qsbr_thread_offline(rcu, w->lcore);
	rte_rcu_qsbr_thread_unregister(rcu, w->lcore);
	dps_lcore_slot_set(DPS_LCORE_SLOT_UNSET);
	DPS_LOG(INFO, worker, "lcore %u: stopped after %" PRIu64 " iterations", w->lcore, iter);
	return 0;
}

int
dps_workers_launch(void)
{
	if (rcu == NULL || running)
		return DPS_E_INVALID_STATE;
	for (unsigned int i = 0; i < nb_workers; i++) {
		struct dps_worker *w = workers[worker_lcores[i]];

		atomic_store(&w->stop, 0);
		if (rte_eal_remote_launch(worker_main, w, w->lcore) != 0) {
			for (unsigned int j = 0; j < i; j++)
				atomic_store(&workers[worker_lcores[j]]->stop, 1);
			rte_eal_mp_wait_lcore();
			return DPS_E_BUSY;
		}
	}
	running = 1;
	return DPS_OK;
}

int
dps_workers_stop(void)
{
	if (!running)
		return DPS_OK;
	for (unsigned int i = 0; i < nb_workers; i++)
		atomic_store(&workers[worker_lcores[i]]->stop, 1);
	for (unsigned int i = 0; i < nb_workers; i++)
		rte_eal_wait_lcore(worker_lcores[i]);
	running = 0;
	return DPS_OK;
}

void
dps_workers_fini(void)
{
	dps_workers_stop();
	for (unsigned int l = 0; l < RTE_MAX_LCORE; l++) {
		if (workers[l] != NULL) {
			rte_free(atomic_load(&workers[l]->plan));
			rte_free(workers[l]->draft);
		}
		rte_free(workers[l]);
		workers[l] = NULL;
	}
	nb_workers = 0;
	rte_free(rcu);
	rcu = NULL;
}

int
dps_workers_running(void)
{
	return running;
}

int
dps_worker_stats(unsigned int lcore, struct dps_worker_stats *st)
{
	const struct dps_worker *w;

	if (st == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (lcore >= RTE_MAX_LCORE || workers[lcore] == NULL)
		return DPS_E_NOT_FOUND;
	w = workers[lcore];
	st->iterations = __atomic_load_n(&w->stats.iterations, __ATOMIC_RELAXED);
	st->busy_iterations = __atomic_load_n(&w->stats.busy_iterations, __ATOMIC_RELAXED);
	st->rx = __atomic_load_n(&w->stats.rx, __ATOMIC_RELAXED);
	st->resources_bursts = __atomic_load_n(&w->stats.resources_bursts, __ATOMIC_RELAXED);
	st->tsc = __atomic_load_n(&w->stats.tsc, __ATOMIC_RELAXED);
	return DPS_OK;
}
