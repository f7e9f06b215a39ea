/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Run-time changes asked for on the control socket (issue 13 point 1):
 * ADAPTER_REMOVE (the orderly removal a hot-unplug gets: pause, unbind,
 * requests completed, stop, close), BIND and UNBIND of a protocol on an
 * adapter. Admin role only. Control thread (the server's handler).
 */
#include <string.h>

#include "dps_adapter.h"
#include "dps_admin.h"
#include "dps_binding.h"
#include "dps_ctrl.h"
#include "dps_ipc.h"
#include "dps_log.h"
#include "dps_protocol.h"
#include "dps_server.h"
#include "dps_status.h"

DPS_LOG_EXTERN(ctrl);

struct find_arg {
	const struct dps_protocol *p;
	const struct dps_adapter *a;
	struct dps_binding *found;
};

static int
find_binding(struct dps_binding *b, void *arg)
{
	struct find_arg *f = arg;

	if (dps_binding_protocol(b) != f->p || dps_binding_adapter(b) != f->a)
		return 0;
	f->found = b;
	return 1;
}

void
dps__admin_request(
	struct dps_srv_client *c, const struct dps_ipc_hdr *h, const uint8_t *p, uint32_t len)
{
	const char *what = dps_ipc_type_str(h->type);
	struct dps_ipc_admin req;
	struct dps_protocol *proto = NULL;
	struct find_arg f = {NULL, NULL, NULL};
	struct dps_adapter *a;
	int rc;

	/* the admin role (root, [stack] admin_uid / admin_gid): refused with the reason */
	if (dps_server_check_role(c, h->type, h->id, DPS_SRV_ROLE_ADMIN, what) != DPS_OK)
		return;
	if (dps_ipc_get_admin(p, len, h->type, &req) != DPS_OK) {
		dps_server_fail(c, h->type, h->id, DPS_E_INVALID_DATA, "bad %s request", what);
		return;
	}
	a = dps_adapter_find(req.adapter);
	if (a == NULL || dps_object_is_deleted(a->obj)) {
		dps_server_fail(c, h->type, h->id, DPS_E_NOT_FOUND, "no adapter '%s'", req.adapter);
		return;
	}
	if (h->type != DPS_IPC_ADAPTER_REMOVE) {
		proto = dps_protocol_find(req.protocol);
		if (proto == NULL) {
			dps_server_fail(c, h->type, h->id, DPS_E_NOT_FOUND, "no protocol '%s'",
				req.protocol);
			return;
		}
		f.p = proto;
		f.a = a;
		dps_binding_foreach(find_binding, &f);
	}
	switch (h->type) {
	case DPS_IPC_ADAPTER_REMOVE:
		/* queued: the control loop removes it right after this poll of the socket */
		rc = dps_ctrl_adapter_remove(a);
		DPS_LOG(INFO, ctrl, "%s: removal asked by client pid %d", req.adapter,
			(int)dps_srv_client_pid(c));
		dps_server_reply(c, h->type, h->id, rc == DPS_PENDING ? DPS_OK : rc, NULL, 0);
		return;
	case DPS_IPC_BIND: {
		struct dps_binding *b;

		if (f.found != NULL) {
			dps_server_fail(c, h->type, h->id, DPS_E_EXISTS,
				"%s is bound to %s already", req.protocol, req.adapter);
			return;
		}
		rc = dps_binding_open(proto, a, &b);
		if (rc == DPS_OK)
			rc = dps_binding_restart(b);
		if (rc != DPS_OK) {
			dps_server_fail(c, h->type, h->id, rc, "%s@%s: %s", req.protocol,
				req.adapter, dps_status_str(rc));
			return;
		}
		DPS_LOG(INFO, ctrl, "%s@%s: bound, asked by client pid %d", req.protocol,
			req.adapter, (int)dps_srv_client_pid(c));
		dps_server_reply(c, h->type, h->id, DPS_OK, NULL, 0);
		return;
	}
	default: /* UNBIND */
		if (f.found == NULL) {
			dps_server_fail(c, h->type, h->id, DPS_E_NOT_FOUND, "%s is not bound to %s",
				req.protocol, req.adapter);
			return;
		}
		if (dps_protocol_desc(proto)->socket_service != NULL) {
			/* its unbind completes the requests of this very socket */
			dps_server_fail(c, h->type, h->id, DPS_E_NOT_SUPPORTED,
				"%s serves the control socket: remove the adapter instead",
				req.protocol);
			return;
		}
		rc = dps_binding_unbind(f.found);
		if (rc != DPS_OK) {
			dps_server_fail(c, h->type, h->id, rc, "%s@%s: %s", req.protocol,
				req.adapter, dps_status_str(rc));
			return;
		}
		DPS_LOG(INFO, ctrl, "%s@%s: unbound, asked by client pid %d", req.protocol,
			req.adapter, (int)dps_srv_client_pid(c));
		dps_server_reply(c, h->type, h->id, DPS_OK, NULL, 0);
		return;
	}
}
