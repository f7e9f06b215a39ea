/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Submission and running of OID requests. A request is validated once,
 * here; one answered from cached or per-binding state returns at once, the
 * rest go to the control thread through lib/ctrl's transport, which runs
 * them with dps__oid_run().
 */
#include <rte_common.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_level.h"
#include "dps_log.h"
#include "dps_status.h"
#include "dps_worker.h"
#include "oid_private.h"

DPS_LOG_REGISTER(oid_run, INFO);

static uint64_t immediate, port_changes;

uint64_t
dps__oid_immediate_count(void)
{
	return __atomic_load_n(&immediate, __ATOMIC_RELAXED);
}

uint64_t
dps__oid_port_change_count(void)
{
	return __atomic_load_n(&port_changes, __ATOMIC_RELAXED);
}

/* ---- running ---- */

struct pause_set {
	struct dps_adapter *a;
	unsigned int n;
	struct dps_binding *b[DPS_BINDING_MAX_ETHERTYPES * 32];
};

static int
pause_one(struct dps_binding *b, void *arg)
{
	struct pause_set *ps = arg;

	if (dps_binding_adapter(b) == ps->a && dps_binding_state(b) == DPS_BINDING_RUNNING &&
		ps->n < RTE_DIM(ps->b) && dps_binding_pause(b) == DPS_OK)
		ps->b[ps->n++] = b;
	return 0;
}

/* PAUSE the adapter's bindings, reconfigure, RESTART them with the new attributes. */
static int
port_change(struct dps_adapter *a, struct dps_oid_request *req)
{
	struct pause_set ps;
	int rc;

	if (req->info->needs_stop && dps_adapter_is_virtual(a))
		return DPS_E_NOT_SUPPORTED; /* a virtual adapter has no queues to change */
	/* refused or unchanged: nothing is paused */
	rc = dps__oid_check_adapter_set(a, req);
	if (rc == DPS_OID_UNCHANGED)
		return DPS_OK;
	if (rc != DPS_OK)
		return rc;
	memset(&ps, 0, sizeof(ps));
	ps.a = a;
	dps_binding_foreach(pause_one, &ps);
	if (req->info->needs_stop) {
		char err[160];

		/* the queue layout changes: no worker polls the port meanwhile */
		dps_workers_remove_adapter(a);
		rc = dps__oid_set_adapter(a, req);
		if (dps_workers_assign(a, err, sizeof(err)) != DPS_OK) {
			DPS_LOG(ERR, oid_run, "%s", err);
			rc = rc == DPS_OK ? DPS_E_RESOURCES : rc;
		}
	} else {
		rc = dps__oid_set_adapter(a, req);
	}
	for (unsigned int i = 0; i < ps.n; i++)
		dps_binding_restart(ps.b[i]);
	__atomic_fetch_add(&port_changes, 1, __ATOMIC_RELAXED);
	return rc;
}

static int
run_set(struct dps_oid_request *req)
{
	struct dps_adapter *a = req->adapter;

	switch (req->info->set) {
	case DPS_OID_SET_BINDING:
		return dps__oid_set_binding(req->binding, a, req);
	case DPS_OID_SET_ADAPTER:
		return req->info->port_change ? port_change(a, req) : dps__oid_set_adapter(a, req);
	case DPS_OID_SET_REMOVE:
		if (dps__oid_get_u32(req) != 1)
			return DPS_E_INVALID_DATA;
		if (dps_adapter_is_virtual(a))
			return DPS_E_NOT_SUPPORTED; /* it goes with its lower adapter */
		req->bytes_read = sizeof(uint32_t);
		/* after this request completes: removal unbinds its own binding */
		return dps_ctrl_adapter_remove(a) == DPS_E_INVALID_PARAMETER ? DPS_E_INVALID_DATA
									     : DPS_OK;
	case DPS_OID_SET_NONE:
		break;
	}
	return DPS_E_NOT_SUPPORTED;
}

int
dps__oid_run(struct dps_oid_request *req)
{
	struct dps_adapter *a = req->adapter;
	int rc = DPS_E_NOT_SUPPORTED;

	if (req->info == NULL || a == NULL)
		return req->status = DPS_E_INVALID_PARAMETER; /* never validated */
	if (req->type == DPS_OID_SET) {
		rc = run_set(req);
	} else if (req->type == DPS_OID_QUERY) {
		switch (req->info->query) {
		case DPS_OID_QUERY_CACHED:
			rc = dps__oid_query_cached(a, req);
			break;
		case DPS_OID_QUERY_BINDING:
			rc = dps__oid_query_binding(req->binding, a, req);
			break;
		case DPS_OID_QUERY_STATS:
			rc = dps__oid_query_stats(a, req);
			break;
		case DPS_OID_QUERY_RSS:
			rc = dps__oid_query_rss(a, req);
			break;
		case DPS_OID_QUERY_NONE:
			break;
		}
	}
	return req->status = rc;
}

/* ---- submission ---- */

/* Validate; answer at once what needs no control thread. @return DPS_PENDING
 * when the request still has to run, else its final status. */
static int
prepare(struct dps_binding *b, struct dps_adapter *a, struct dps_oid_request *req, int sync)
{
	int rc = dps__oid_validate(req);

	if (rc != DPS_OK)
		return rc;
	req->binding = b;
	req->adapter = a;
	req->sync = sync;
	req->cancel = 0;
	if (dps__oid_answered_at_once(req)) {
		rc = dps__oid_run(req);
		__atomic_store_n(&req->state, DPS_OID_REQ_DONE, __ATOMIC_RELEASE);
		__atomic_fetch_add(&immediate, 1, __ATOMIC_RELAXED);
		return rc;
	}
	return DPS_PENDING;
}

static int
binding_usable(const struct dps_binding *b, struct dps_oid_request *req)
{
	int st;

	if (b == NULL || req == NULL)
		return DPS_E_INVALID_PARAMETER;
	st = dps_binding_state(b);
	if (st == DPS_BINDING_UNBOUND || st == DPS_BINDING_OPENING)
		return req->status = DPS_E_INVALID_STATE;
	return DPS_OK;
}

int
dps_oid_request(struct dps_binding *b, struct dps_oid_request *req)
{
	int rc = binding_usable(b, req);

	if (rc != DPS_OK)
		return rc;
	rc = prepare(b, dps_binding_adapter(b), req, 0);
	if (rc != DPS_PENDING)
		return rc;
	return dps__ctrl_queue(req, 0);
}

int
dps__oid_submit_wait(struct dps_binding *b, struct dps_adapter *a, struct dps_oid_request *req,
	unsigned int timeout_ms)
{
	int rc;

	if (a == NULL || req == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (dps_level_check_blocking() != DPS_OK)
		return DPS_E_LEVEL;
	rc = prepare(b, a, req, 1);
	if (rc != DPS_PENDING)
		return rc;
	if (dps_ctrl_is_control_thread()) {
		/* the executor itself: run inline */
		rc = dps__oid_run(req);
		__atomic_store_n(&req->state, DPS_OID_REQ_DONE, __ATOMIC_RELEASE);
		__atomic_fetch_add(&immediate, 1, __ATOMIC_RELAXED);
		return rc;
	}
	rc = dps__ctrl_queue(req, 1);
	if (rc != DPS_PENDING)
		return rc;
	if (timeout_ms == 0)
		timeout_ms = req->timeout_ms ? req->timeout_ms : DPS_OID_DEFAULT_TIMEOUT_MS;
	return dps__ctrl_wait(req, timeout_ms);
}

int
dps_oid_request_wait(struct dps_binding *b, struct dps_oid_request *req, unsigned int timeout_ms)
{
	int rc = binding_usable(b, req);

	if (rc != DPS_OK)
		return rc;
	return dps__oid_submit_wait(b, dps_binding_adapter(b), req, timeout_ms);
}

int
dps_oid_request_cancel(struct dps_oid_request *req)
{
	if (req == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (__atomic_load_n(&req->state, __ATOMIC_ACQUIRE) != DPS_OID_REQ_QUEUED)
		return DPS_E_INVALID_STATE;
	__atomic_store_n(&req->cancel, 1, __ATOMIC_RELEASE);
	return DPS_OK;
}
