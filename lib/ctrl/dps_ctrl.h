/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_CTRL_H
#define DPS_CTRL_H

/**
 * @file
 * The control thread (DESIGN.md sections 3, 7 and 8).
 *
 * The control thread alone calls ethdev for the ports. Workers send it OID
 * requests over one SP/SC rte_ring each and get completions back over
 * another; any other thread uses one MP/SC ring. Ethdev events (LSC, RMV,
 * DESTROY) arrive on the EAL interrupt thread and are only posted here.
 * dps_ctrl_poll(), called in the control thread's loop, runs the requests,
 * the events, link polling and deferred work such as adapter removal.
 */

#include <stdint.h>

#include "dps_adapter.h"
#include "dps_ctrl_wake.h"
#include "dps_binding.h"
#include "dps_object.h"
#include "dps_oid.h"
#include "dps_timer.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Set up the rings (one pair per worker lcore, one for other threads, one
 * for events), the request pool of @p nb_requests, the ethdev event
 * callbacks and the hooks into the binding layer and the workers. Call
 * from the thread that will run dps_ctrl_poll(), before the workers start.
 * @param nb_requests requests in the pool; completion rings hold them all.
 * @param ring_size entries of each ring towards the control thread (a
 *        power of two; it holds ring_size - 1); a full ring refuses a request
 *        with DPS_E_RESOURCES.
 * @param link_poll_ms link polling period (PMDs without LSC interrupts).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_INVALID_STATE (twice);
 *         DPS_E_RESOURCES.
 * Level: CONTROL.
 */
int dps_ctrl_init(unsigned int nb_requests, unsigned int ring_size, unsigned int link_poll_ms);

/** Undo dps_ctrl_init; @return requests never given back (leaked). */
unsigned int dps_ctrl_fini(void);

/**
 * One round of control work: requests from every ring (bounded), events,
 * link polling when due, deferred work.
 * @return the number of items handled.
 * Level: CONTROL, the control thread only.
 */
unsigned int dps_ctrl_poll(void);

/**
 * Longest sleep of an idle control loop: deadlines nobody announces (a raw
 * client's receive or wait timeout) and a stop request whose signal went to
 * another thread are seen within this.
 */
#define DPS_CTRL_MAX_SLEEP_MS 20

/**
 * The control thread's loop: dps_ctrl_poll() until *@p stop becomes
 * non-zero. After work it keeps polling (spinning) for @p spin_us; then,
 * idle, it sleeps in the kernel (epoll over the control socket and an
 * eventfd) until a request, job, event or client arrives, the next timer or
 * link poll is due, or DPS_CTRL_MAX_SLEEP_MS passes. Before sleeping it sets
 * a "needs wakeup" flag and polls once more; a thread that queues work
 * writes the eventfd only when it finds the flag set, so an awake control
 * thread costs the others no system call (DESIGN.md section 7). Spinning
 * saves the wakeup (the eventfd write a worker pays, and tens of
 * microseconds of round trip on the project's guest) but slows workers on
 * sibling CPUs (docs/BENCHMARKS.md): [stack] ctrl_spin_us, default 0. Set *@p stop from another
 * thread, then call dps_ctrl_wake(). Level: CONTROL, the control thread only.
 */
void dps_ctrl_run(volatile const int *stop, unsigned int spin_us);

/** @return 1 on the control thread. */
int dps_ctrl_is_control_thread(void);

/** Request counters. */
struct dps_oid_stats {
	uint64_t issued;    /**< returned DPS_PENDING */
	uint64_t immediate; /**< answered at once */
	uint64_t completed; /**< pending ones completed (any status) */
	uint64_t timeouts;
	uint64_t aborted;
	uint64_t cancelled;
	uint64_t ring_full;
	uint64_t in_flight; /**< issued - completed */
	uint64_t pool_free;
};
void dps_oid_stats(struct dps_oid_stats *st);

/**
 * Run an adapter-level request (no binding; telemetry, tools) and wait.
 * On the control thread it runs inline; elsewhere it is queued and waited
 * for at most @p timeout_ms (the request is abandoned on timeout).
 * @return as dps_oid_request_wait.
 * Level: CONTROL.
 */
int dps_ctrl_adapter_request(
	struct dps_adapter *a, struct dps_oid_request *req, unsigned int timeout_ms);

/**
 * Remove an adapter administratively (as an RMV event would): pause and
 * unbind every binding (their pending requests complete with
 * DPS_E_REQUEST_ABORTED), stop polling it, stop and close the port, release
 * the adapter. Deferred to the next dps_ctrl_poll when called elsewhere.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_PENDING
 *         when deferred.
 * Level: CONTROL.
 */
int dps_ctrl_adapter_remove(struct dps_adapter *a);

/**
 * Run @p fn on the control thread and wait for it (telemetry threads use
 * this to read lists the control thread changes). @p fn works on a copy of
 * the @p size bytes at @p arg owned by the job; on success the copy is
 * written back to @p arg. On timeout the job is abandoned: it still runs (or
 * is dropped) later on its own copy, and @p arg is left alone.
 * On the control thread itself @p fn runs inline.
 * @return what @p fn returned; DPS_E_INVALID_PARAMETER; DPS_E_NOT_READY (no
 *         control thread); DPS_E_RESOURCES (memory, or the job ring is full);
 *         DPS_E_TIMEOUT; DPS_E_LEVEL at DATAPATH.
 * Level: CONTROL.
 */
int dps_ctrl_call(int (*fn)(void *arg), void *arg, size_t size, unsigned int timeout_ms);

/** Link and removal events handled, for tests and telemetry. */
struct dps_ctrl_stats {
	uint64_t polls;
	uint64_t events_lsc;
	uint64_t events_rmv;
	uint64_t events_destroy;
	uint64_t events_dropped; /**< the event ring was full */
	uint64_t link_changes;
	uint64_t adapters_removed;
	uint64_t port_reconfigs;
	uint64_t sleeps;  /**< times the idle control loop slept in the kernel */
	uint64_t wakeups; /**< eventfd writes by threads that found it asleep */
};
void dps_ctrl_stats(struct dps_ctrl_stats *st);

#ifdef __cplusplus
}
#endif

#endif /* DPS_CTRL_H */
