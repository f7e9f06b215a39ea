/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_WORKER_H
#define DPS_WORKER_H

/**
 * @file
 * lcore workers (DESIGN.md sections 3 and 6). One per EAL worker lcore, at
 * DATAPATH level. Each iteration: rx burst from every assigned (adapter,
 * rx queue) and dispatch; flush its tx buffers; report an RCU quiescent
 * state; check the stop flag. Counters live on the worker's own cache lines.
 */

#include <stdint.h>

#include <rte_rcu_qsbr.h>

#include "dps_adapter.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most (adapter, rx queue) pairs one worker polls. */
#define DPS_WORKER_MAX_RXQ 64

/** Per-worker counters. */
struct dps_worker_stats {
	uint64_t iterations;
	uint64_t busy_iterations; /**< iterations that received something */
	uint64_t rx;
	uint64_t resources_bursts; /**< bursts delivered with DPS_RX_F_RESOURCES */
	uint64_t tsc; /**< the worker's TSC, stamped every few iterations (cycles per frame) */
};

/**
 * Create the workers (one per EAL worker lcore) and the RCU variable that
 * the binding layer waits on.
 * @return DPS_OK; DPS_E_NOT_READY (no worker lcore: EAL needs -l with at least
 *         two lcores); DPS_E_INVALID_STATE (twice); DPS_E_RESOURCES.
 * Level: CONTROL.
 */
int dps_workers_init(void);

/** @return the RCU variable, or NULL before dps_workers_init. */
struct rte_rcu_qsbr *dps_workers_rcu(void);

/** @return number of workers; fills @p lcores (up to @p max) with their ids. */
unsigned int dps_workers_lcores(unsigned int *lcores, unsigned int max);

/**
 * Assign @p a's rx queues: to the lcores its configuration names (queue i to
 * lcores[i % n]), else spread evenly over all workers, continuing where the
 * previous adapter stopped. Works before and after dps_workers_launch (the
 * new plan is RCU-published).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_FOUND (a configured
 *         lcore is not a worker); DPS_E_RESOURCES (too many queues on one
 *         worker, or no memory).
 * Level: CONTROL.
 */
int dps_workers_assign(struct dps_adapter *a, char *err, size_t errlen);

/**
 * Stop polling and flushing @p a on every worker; returns once no worker
 * can touch it any more (RCU grace period).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_RESOURCES. Level: CONTROL.
 */
int dps_workers_remove_adapter(struct dps_adapter *a);

/**
 * A function every worker calls once per iteration (lib/ctrl: deliver OID
 * completions), and once more when it stops. Set before launch.
 */
void dps_workers_set_service_hook(void (*fn)(unsigned int lcore));

/** @return 1 while the worker on @p lcore runs its loop. Level: any. */
int dps_worker_active(unsigned int lcore);

/**
 * Start every worker on its lcore.
 * @return DPS_OK; DPS_E_INVALID_STATE (running or not initialised); DPS_E_BUSY
 *         (an lcore is not free).
 * Level: CONTROL.
 */
int dps_workers_launch(void);

/**
 * Stop every worker and wait for it; buffered frames are flushed.
 * Level: CONTROL.
 */
int dps_workers_stop(void);

/** Free what dps_workers_init made (after stop). Level: CONTROL. */
void dps_workers_fini(void);

/** @return 1 while workers run. */
int dps_workers_running(void);

/**
 * Counters of the worker on @p lcore.
 * @return DPS_OK; DPS_E_NOT_FOUND (not a worker); DPS_E_INVALID_PARAMETER.
 * Level: any (reads without blocking the worker).
 */
int dps_worker_stats(unsigned int lcore, struct dps_worker_stats *st);

#ifdef __cplusplus
}
#endif

#endif
