/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_OID_ENGINE_H
#define DPS_OID_ENGINE_H

/**
 * @file
 * The OID engine's stack-internal side (lib/oid): the request pool,
 * validation, running a request, and the transport lib/ctrl provides. A
 * request is validated once, when it is submitted (dps_oid_request(),
 * dps_oid_request_wait(), dps__oid_submit_wait()); the catalogue entry it
 * was validated against travels with it (req->info). lib/ctrl moves
 * requests between threads and calls dps__oid_run() on the control thread.
 * Protocols see only dps_oid.h.
 */

#include <stddef.h>

#include "dps_oid.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Create the request pool (@p n requests). @return DPS_OK; DPS_E_INVALID_STATE
 * (twice); DPS_E_INVALID_PARAMETER (0); DPS_E_RESOURCES. Level: CONTROL.
 */
int dps_oid_pool_init(unsigned int n);
/** Free the pool; @return the number of requests not given back. */
unsigned int dps_oid_pool_fini(void);
/** @return requests free in the pool. */
unsigned int dps_oid_pool_free_count(void);

/**
 * Check a request against the catalogue and the NDIS length rules; on
 * success req->info is its entry. A query shorter than the answer's fixed
 * size gets DPS_E_BUFFER_TOO_SHORT with bytes_needed = that size (a counter
 * takes 4 bytes, needs 8); variable-size answers are sized by the handler.
 * A set shorter than the OID's data gets DPS_E_INVALID_LENGTH with
 * bytes_needed.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, bad type, buf_len beyond
 *         DPS_OID_BUF_MAX); DPS_E_NOT_SUPPORTED (unknown OID or operation);
 *         DPS_E_BUFFER_TOO_SHORT; DPS_E_INVALID_LENGTH. Sets req->status on failure.
 * Level: any.
 */
int dps__oid_validate(struct dps_oid_request *req);

/** @return 1 when a validated query is answered at once on the caller's thread. */
static inline int
dps__oid_answered_at_once(const struct dps_oid_request *req)
{
	return req->type == DPS_OID_QUERY && (req->info->query == DPS_OID_QUERY_CACHED ||
						     req->info->query == DPS_OID_QUERY_BINDING);
}

/**
 * Run a validated request against req->adapter (and req->binding, NULL for
 * an adapter-level request): cached and per-binding queries, ethdev
 * queries and sets, per-binding sets and the port's filter union, port
 * changes (pause the adapter's bindings, reconfigure -- with no worker
 * polling the port when the entry says needs_stop -- restart them), adapter
 * removal. Fills bytes_written / bytes_read / bytes_needed.
 * @return the request's status.
 * Level: CONTROL, the control thread (any thread for an answered-at-once query).
 */
int dps__oid_run(struct dps_oid_request *req);

/**
 * Validate and run an adapter-level (@p b NULL) or binding request, and
 * wait for it: inline on the control thread, else queued and waited for at
 * most @p timeout_ms (0: the request's own timeout).
 * @return as dps_oid_request_wait.
 * Level: CONTROL.
 */
int dps__oid_submit_wait(struct dps_binding *b, struct dps_adapter *a, struct dps_oid_request *req,
	unsigned int timeout_ms);

/** Requests answered at once (not queued), for dps_oid_stats. */
uint64_t dps__oid_immediate_count(void);
/** Port changes run (pause, reconfigure, restart), for dps_ctrl_stats. */
uint64_t dps__oid_port_change_count(void);

/* ---- the transport, provided by lib/ctrl ---- */

/**
 * Queue a validated request to the control thread (@p sync: a waiter polls
 * its state instead of oid_complete running).
 * @return DPS_PENDING; DPS_E_NOT_READY (no control thread); DPS_E_RESOURCES
 *         (ring full; not queued). Sets req->status on failure.
 */
int dps__ctrl_queue(struct dps_oid_request *req, int sync);

/**
 * Wait for a request dps__ctrl_queue(req, 1) queued, at most @p timeout_ms.
 * @return its status; DPS_E_TIMEOUT (abandoned: freed when it completes).
 */
int dps__ctrl_wait(struct dps_oid_request *req, unsigned int timeout_ms);

/** @return 1 on the control thread (dps_ctrl.h says the same). */
int dps_ctrl_is_control_thread(void);

/** Adapter removal, deferred to the control loop (dps_ctrl.h). */
int dps_ctrl_adapter_remove(struct dps_adapter *a);

#ifdef __cplusplus
}
#endif

#endif /* DPS_OID_ENGINE_H */
