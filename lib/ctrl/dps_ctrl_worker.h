/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_CTRL_WORKER_H
#define DPS_CTRL_WORKER_H

/**
 * @file
 * Work a part of the stack asks every worker to do once per loop iteration
 * (the raw protocol drains its clients' send rings there), on its own so
 * that a protocol that sees only the SDK and lib/ctrl's server can include
 * it. The worker's own service (OID completions) runs first.
 */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Set (or clear, NULL) the function every worker calls once per iteration
 * with its lcore id, after its OID completions and before it flushes its tx
 * buffers; with none set it costs one load and a branch per iteration. The
 * function runs at DATAPATH level and must be bounded. One function: a
 * second one replaces the first.
 * Level: any (an atomic store; a worker sees it from its next iteration).
 */
void dps_ctrl_set_worker_poll(void (*fn)(unsigned int lcore));

#ifdef __cplusplus
}
#endif

#endif /* DPS_CTRL_WORKER_H */
