/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_OID_H
#define DPS_OID_H

/**
 * @file
 * OID requests (DESIGN.md section 7): the NDIS OID model over ethdev.
 *
 * A request is a fixed-size object taken from a pool (no allocation on a
 * worker), with its data buffer inline. dps_oid_request() answers at once
 * from the adapter's cached state, or returns DPS_PENDING: the request then
 * travels to the control thread (which alone calls ethdev for the port),
 * and its completion comes back to the thread that asked, where the
 * binding's oid_complete runs. Every request that returned DPS_PENDING
 * completes exactly once: normally, by timeout, or aborted
 * (DPS_E_REQUEST_ABORTED) by unbind or adapter removal.
 *
 * Byte counts follow NDIS: bytes_written (query) and bytes_read (set) are
 * clipped to the buffer; bytes_needed is set with DPS_E_BUFFER_TOO_SHORT
 * (query: the size the answer needs now, so a zero-length query followed
 * by one of bytes_needed succeeds) or DPS_E_INVALID_LENGTH (set). The
 * catalogue (codes, names, sizes) is dps_oid_catalogue.h.
 */

#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>

#include "dps_oid_catalogue.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dps_adapter;
struct dps_binding;

/** Largest data buffer of a request. */
#define DPS_OID_BUF_MAX 512
/** Room for the reason text of a failed request (NUL included). */
#define DPS_OID_REASON_LEN 160

/** Request states (internal bookkeeping, readable for telemetry). */
enum dps_oid_req_state {
	DPS_OID_REQ_FREE = 0,
	DPS_OID_REQ_NEW,	/**< allocated, not submitted */
	DPS_OID_REQ_QUEUED,	/**< on its way to / waiting at the control thread */
	DPS_OID_REQ_COMPLETING, /**< completion on its way back */
	DPS_OID_REQ_DONE,	/**< completed: the owner may read and free it */
	DPS_OID_REQ_ABANDONED,	/**< a synchronous waiter gave up: freed when it completes */
};

struct dps_oid_request {
	/* filled by the caller */
	enum dps_oid_type type;
	dps_oid_t oid;
	uint32_t buf_len;    /**< query: room for the answer; set: bytes supplied */
	uint32_t timeout_ms; /**< 0: DPS_OID_DEFAULT_TIMEOUT_MS */
	void *cookie;	     /**< for the caller */
	/* filled at completion */
	int status;
	uint32_t bytes_written;
	uint32_t bytes_read;
	uint32_t bytes_needed;
	/* internal */
	const struct dps_oid_info *info; /**< its catalogue entry, set when validated */
	uint64_t id;
	uint64_t deadline; /**< TSC */
	struct dps_binding *binding;
	struct dps_adapter *adapter;
	unsigned int origin; /**< lcore slot of the caller */
	int cancel;
	int state;
	int sync; /**< a waiter polls the state instead of oid_complete */
	uint8_t buf[DPS_OID_BUF_MAX] __rte_aligned(8);
	/* filled at completion (after buf: older plugins' offsets hold) */
	char reason[DPS_OID_REASON_LEN]; /**< why it failed, for people; may be "" */
};

#define DPS_OID_DEFAULT_TIMEOUT_MS 5000u

/**
 * Take a request from the pool (no allocation; DATAPATH-safe).
 * @return the request, zeroed, state NEW; NULL when the pool is empty.
 */
struct dps_oid_request *dps_oid_request_alloc(void);

/** Give a completed (or never submitted) request back. Level: any. */
void dps_oid_request_free(struct dps_oid_request *req);

/**
 * Submit a request on behalf of binding @p b.
 *
 * @return DPS_OK or a failure status when answered at once (the request
 *         is complete: read it, free it); DPS_PENDING when oid_complete will
 *         run later (on this worker, or on the control thread for any other
 *         caller); failures at once: DPS_E_INVALID_PARAMETER (NULL, bad type),
 *         DPS_E_NOT_SUPPORTED (unknown OID, or the operation is not allowed
 *         for it), DPS_E_BUFFER_TOO_SHORT / DPS_E_INVALID_LENGTH (with
 *         bytes_needed), DPS_E_INVALID_STATE (the binding is Unbound/Opening),
 *         DPS_E_RESOURCES (the ring to the control thread is full; the
 *         request is not queued).
 * Level: any.
 */
int dps_oid_request(struct dps_binding *b, struct dps_oid_request *req);

/**
 * Submit and wait for the completion (no oid_complete call).
 * On the control thread it runs inline; from another CONTROL thread it
 * waits at most @p timeout_ms (0 = the request's own timeout).
 * @return the request's status; DPS_E_TIMEOUT (the request is abandoned: do
 *         NOT free it, it is freed when it completes); DPS_E_LEVEL at DATAPATH.
 * Level: CONTROL.
 */
int dps_oid_request_wait(
	struct dps_binding *b, struct dps_oid_request *req, unsigned int timeout_ms);

/**
 * Ask for a pending request to be cancelled: if the control thread has not
 * started it, it completes with DPS_E_REQUEST_ABORTED.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_INVALID_STATE (not pending).
 * Level: any.
 */
int dps_oid_request_cancel(struct dps_oid_request *req);

/** Format a value of @p oid for people (telemetry, dpsctl). */
int dps_oid_format(const struct dps_oid_request *req, char *out, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* DPS_OID_H */
