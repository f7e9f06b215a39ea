/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * /dpstack/<protocol>,<adapter> (a protocol's own command, its descriptor's
 * telemetry_cmd) and /dpstack/oid,<adapter>,<OID_NAME>: commands
 * that work on one object longer than a snapshot takes. A control-thread
 * job finds the object and hands back its handle (an id with a generation,
 * DESIGN.md section 4); the client thread turns the handle into a tagged
 * reference, which keeps the object's memory valid even if the adapter is
 * removed meanwhile, and drops it when the reply is built.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_ctrl.h"
#include "dps_fault.h"
#include "dps_object.h"
#include "dps_oid.h"
#include "dps_status.h"
#include "telemetry_private.h"

#define WHY_LEN 160

struct ref_job {
	char id[DPS__TEL_ID_MAX + 1];	       /* in: adapter name or port */
	char proto[DPS_PROTOCOL_NAME_MAX + 1]; /* in: that protocol's binding, not the adapter */
	int status;
	char why[WHY_LEN];
	char name[sizeof(((struct dps_adapter *)0)->name)];
	uint16_t port;
	dps_handle_t handle;
	uintptr_t ptr; /* valid only once the handle is looked up */
};

struct proto_find {
	const struct dps_adapter *a;
	const char *proto;
	struct dps_binding *b;
};

static int
find_proto_binding(struct dps_binding *b, void *arg)
{
	struct proto_find *f = arg;

	if (dps_binding_adapter(b) == f->a &&
		strcmp(dps_protocol_desc(dps_binding_protocol(b))->name, f->proto) == 0) {
		f->b = b;
		return 1;
	}
	return 0;
}

static int
ref_job(void *arg)
{
	struct ref_job *j = arg;
	struct dps_object *obj = NULL;
	struct dps_adapter *a;
	int rc;

	a = dps__tel_find_adapter(j->id, &j->status, j->why, sizeof(j->why));
	if (a == NULL)
		return DPS_OK;
	snprintf(j->name, sizeof(j->name), "%s", a->name);
	j->port = a->port_id;
	obj = a->obj;
	j->ptr = (uintptr_t)a;
	if (j->proto[0] != '\0') {
		struct proto_find f = {a, j->proto, NULL};

		dps_binding_foreach(find_proto_binding, &f);
		if (f.b == NULL) {
			snprintf(j->why, sizeof(j->why), "adapter %s has no %s binding", a->name,
				j->proto);
			j->status = DPS_E_NOT_FOUND;
			return DPS_OK;
		}
		obj = dps_binding_object(f.b);
		j->ptr = (uintptr_t)f.b;
	}
	rc = dps_object_handle(obj, &j->handle);
	if (rc != DPS_OK) {
		snprintf(j->why, sizeof(j->why), "no handle for %s: %s", dps_object_name(obj),
			dps_status_str(rc));
		j->status = rc;
		return DPS_OK;
	}
	j->status = DPS_OK;
	return DPS_OK;
}

/*
 * Find the object of @p j->id and take a reference on it. @return DPS_OK
 * with *obj set (drop it with dps_object_unref(*obj, DPS__TEL_TAG)), or a
 * failure with the error reply built in @p d.
 */
static int
take_ref(struct ref_job *j, struct rte_tel_data *d, struct dps_object **obj)
{
	int rc = dps_ctrl_call(ref_job, j, sizeof(*j), DPS__TEL_CTRL_TIMEOUT_MS);

	if (rc == DPS_E_TIMEOUT) {
		dps__tel_error(d, rc, "the control thread did not answer within %u ms",
			DPS__TEL_CTRL_TIMEOUT_MS);
		return rc;
	}
	if (rc != DPS_OK) {
		dps__tel_error(d, rc, "control thread: %s", dps_status_str(rc));
		return rc;
	}
	if (j->status != DPS_OK) {
		dps__tel_error(d, j->status, "%s", j->why);
		return j->status;
	}
	rc = dps_handle_lookup(j->handle, DPS__TEL_TAG, obj);
	if (rc != DPS_OK) {
		dps__tel_error(d, rc == DPS_E_STALE_HANDLE ? DPS_E_ADAPTER_REMOVED : rc,
			"adapter %s went away", j->name);
		return rc;
	}
	return DPS_OK;
}

/* ---- /dpstack/<protocol>,<adapter> ---- */

int
dps__tel_proto_cmd(const struct dps_protocol_desc *desc, const char *params, struct rte_tel_data *d)
{
	struct dps_object *obj = NULL;
	struct dps_binding *b;
	struct ref_job j;
	int rc;

	memset(&j, 0, sizeof(j));
	rc = dps__tel_parse_id(params, j.id, sizeof(j.id), j.why, sizeof(j.why));
	if (rc != DPS_OK)
		return dps__tel_error(d, rc, "%s", j.why);
	snprintf(j.proto, sizeof(j.proto), "%s", desc->name);
	if (take_ref(&j, d, &obj) != DPS_OK)
		return 0;
	/* the reference keeps the binding, and so its context, alive */
	b = (struct dps_binding *)j.ptr;
	rc = desc->telemetry_cmd(b, dps_binding_ctx(b), d);
	dps_object_unref(obj, DPS__TEL_TAG);
	if (rc == DPS_E_NOT_READY)
		return dps__tel_error(d, DPS_E_ADAPTER_REMOVED,
			"the %s binding of adapter %s went away", desc->name, j.name);
	if (rc == DPS_E_RESOURCES)
		return dps__tel_error(d, rc, "no memory for the reply");
	if (rc != DPS_OK)
		return dps__tel_error(
			d, rc, "the %s command failed on adapter %s", desc->name, j.name);
	return 0;
}

/* ---- /dpstack/oid,<adapter>,<OID_NAME> ---- */

static const char *
oid_failure(int status)
{
	switch (status) {
	case DPS_E_TIMEOUT:
		return "no answer in time (the request is abandoned)";
	case DPS_E_NOT_SUPPORTED:
		return "the adapter does not support this query";
	case DPS_E_BUFFER_TOO_SHORT:
		return "the answer does not fit the request buffer";
	case DPS_E_REQUEST_ABORTED:
		return "aborted: the adapter went away";
	case DPS_E_ADAPTER_REMOVED:
		return "the adapter went away";
	case DPS_E_RESOURCES:
		return "the ring to the control thread is full";
	case DPS_E_NOT_READY:
		return "the control thread is not running";
	default:
		return "the query failed";
	}
}

/*
 * The fields of the OIDs whose answer is a struct of dps_oid.h, as a dict
 * (the "value" of those is hex). @return 1 if @p f was filled.
 */
static int
oid_fields(const struct dps_oid_request *req, uint32_t written, struct rte_tel_data *f)
{
	rte_tel_data_start_dict(f);
	switch (req->oid) {
	case OID_GEN_STATISTICS: {
		struct dps_oid_statistics s;

		if (written < sizeof(s))
			return 0;
		memcpy(&s, req->buf, sizeof(s));
		dps__tel_u64(f, "rcv_ok", s.rcv_ok);
		dps__tel_u64(f, "xmit_ok", s.xmit_ok);
		dps__tel_u64(f, "rcv_bytes", s.rcv_bytes);
		dps__tel_u64(f, "xmit_bytes", s.xmit_bytes);
		dps__tel_u64(f, "rcv_error", s.rcv_error);
		dps__tel_u64(f, "xmit_error", s.xmit_error);
		dps__tel_u64(f, "rcv_discards", s.rcv_discards);
		dps__tel_u64(f, "rcv_no_buffer", s.rcv_no_buffer);
		return 1;
	}
	case OID_GEN_LINK_STATE: {
		struct dps_oid_link_state s;

		if (written < sizeof(s))
			return 0;
		memcpy(&s, req->buf, sizeof(s));
		dps__tel_u64(f, "media_connect_state", s.media_connect_state);
		dps__tel_u64(f, "duplex", s.duplex);
		dps__tel_u64(f, "xmit_link_speed", s.xmit_link_speed);
		dps__tel_u64(f, "rcv_link_speed", s.rcv_link_speed);
		return 1;
	}
	case OID_GEN_RECEIVE_SCALE_CAPABILITIES: {
		struct dps_oid_rss_caps s;

		if (written < sizeof(s))
			return 0;
		memcpy(&s, req->buf, sizeof(s));
		dps__tel_u64(f, "nb_rx_queues_max", s.nb_rx_queues_max);
		dps__tel_u64(f, "reta_size", s.reta_size);
		dps__tel_u64(f, "hash_key_size", s.hash_key_size);
		dps__tel_u64(f, "hash_functions", s.hash_functions);
		return 1;
	}
	case OID_GEN_RECEIVE_SCALE_PARAMETERS: {
		struct dps_oid_rss_params s;

		if (written < sizeof(s))
			return 0;
		memcpy(&s, req->buf, sizeof(s));
		dps__tel_u64(f, "hash_functions", s.hash_functions);
		dps__tel_u64(f, "nb_rx_queues", s.nb_rx_queues);
		dps__tel_u64(f, "key_len", s.key_len);
		return 1;
	}
	default:
		return 0;
	}
}

int
dps__tel_oid(const char *params, struct rte_tel_data *d)
{
	const struct dps_oid_info *info;
	struct dps_oid_request *req;
	struct rte_tel_data *names = NULL, *fields = NULL;
	struct dps_object *obj = NULL;
	struct ref_job j;
	char value[RTE_TEL_MAX_STRING_LEN], code[16];
	uint32_t written = 0, needed = 0;
	int rc, st;

	memset(&j, 0, sizeof(j));
	rc = dps__tel_parse_oid(params, j.id, sizeof(j.id), &info, j.why, sizeof(j.why));
	if (rc != DPS_OK)
		return dps__tel_error(d, rc, "%s", j.why);
	if (info->oid == OID_GEN_SUPPORTED_LIST) {
		names = dps_fault(DPS_FAULT_TELEMETRY_ALLOC) ? NULL : rte_tel_data_alloc();
		if (names == NULL)
			return dps__tel_error(d, DPS_E_RESOURCES, "no memory for the reply");
		rte_tel_data_start_array(names, RTE_TEL_STRING_VAL);
	}
	if (info->oid == OID_GEN_STATISTICS || info->oid == OID_GEN_LINK_STATE ||
		info->oid == OID_GEN_RECEIVE_SCALE_CAPABILITIES ||
		info->oid == OID_GEN_RECEIVE_SCALE_PARAMETERS) {
		fields = dps_fault(DPS_FAULT_TELEMETRY_ALLOC) ? NULL : rte_tel_data_alloc();
		if (fields == NULL) {
			rte_tel_data_free(names);
			return dps__tel_error(d, DPS_E_RESOURCES, "no memory for the reply");
		}
	}
	if (take_ref(&j, d, &obj) != DPS_OK) {
		rte_tel_data_free(names);
		rte_tel_data_free(fields);
		return 0;
	}
	req = dps_oid_request_alloc();
	if (req == NULL) {
		dps_object_unref(obj, DPS__TEL_TAG);
		rte_tel_data_free(names);
		rte_tel_data_free(fields);
		return dps__tel_error(d, DPS_E_RESOURCES, "the OID request pool is empty");
	}
	req->type = DPS_OID_QUERY;
	req->oid = info->oid;
	req->buf_len = DPS_OID_BUF_MAX;
	req->timeout_ms = DPS__TEL_OID_TIMEOUT_MS;
	st = dps_ctrl_adapter_request((struct dps_adapter *)j.ptr, req, DPS__TEL_OID_TIMEOUT_MS);
	value[0] = '\0';
	if (st == DPS_OK) {
		char full[2 * DPS_OID_BUF_MAX + 1];

		written = RTE_MIN(req->bytes_written, (uint32_t)DPS_OID_BUF_MAX);
		if (dps_oid_format(req, full, sizeof(full)) == DPS_OK)
			dps__tel_clean(value, sizeof(value), full);
		if (fields != NULL && !oid_fields(req, written, fields)) {
			rte_tel_data_free(fields);
			fields = NULL;
		}
		if (names != NULL)
			for (uint32_t off = 0; off + 4 <= written; off += 4) {
				const struct dps_oid_info *oi;
				uint32_t v;

				memcpy(&v, req->buf + off, 4);
				oi = dps_oid_lookup(v);
				if (oi != NULL)
					rte_tel_data_add_array_string(names, oi->name);
			}
	} else {
		rte_tel_data_free(fields);
		fields = NULL;
		if (st != DPS_E_TIMEOUT)
			needed = req->bytes_needed;
	}
	/* after a timeout the request belongs to the control thread */
	if (st != DPS_E_TIMEOUT)
		dps_oid_request_free(req);
	dps_object_unref(obj, DPS__TEL_TAG);

	rte_tel_data_start_dict(d);
	dps__tel_str(d, "status", dps_status_str(st));
	if (st != DPS_OK)
		dps__tel_str(d, "error", oid_failure(st));
	dps__tel_str(d, "adapter", j.name);
	dps__tel_str(d, "oid", info->name);
	snprintf(code, sizeof(code), "0x%08x", info->oid);
	dps__tel_str(d, "code", code);
	if (st == DPS_OK) {
		dps__tel_u64(d, "bytes_written", written);
		dps__tel_str(d, "value", value);
		if (fields != NULL) {
			dps__tel_add_container(d, "fields", fields);
			fields = NULL;
		}
		if (names != NULL) {
			dps__tel_add_container(d, "names", names);
			names = NULL;
		}
	} else if (needed > 0) {
		dps__tel_u64(d, "bytes_needed", needed);
	}
	rte_tel_data_free(names);
	rte_tel_data_free(fields);
	return 0;
}
