/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dpsctl adapter remove, bind, unbind: run-time changes (admin role), one
 * request each (libdpsclient), "ok" or the failure's line; with --json
 * {"ok": true} or the error object.
 */
#include <stdio.h>

#include "dpsctl.h"

int
dpsctl_cmd_admin(const struct dpsctl_args *a, struct dps_client *c)
{
	int rc;

	switch (a->cmd) {
	case DPSCTL_CMD_ADAPTER_REMOVE:
		rc = dps_client_adapter_remove(c, a->adapter);
		break;
	case DPSCTL_CMD_BIND:
		rc = dps_client_bind(c, a->protocol, a->adapter);
		break;
	default:
		rc = dps_client_unbind(c, a->protocol, a->adapter);
		break;
	}
	if (rc != DPS_OK)
		return dpsctl_failed(a, c, rc, NULL);
	if (a->json)
		printf("{\"ok\": true}\n");
	else if (a->cmd == DPSCTL_CMD_ADAPTER_REMOVE)
		printf("adapter %s removed\n", a->adapter);
	else
		printf("%s@%s %s\n", a->protocol, a->adapter,
			a->cmd == DPSCTL_CMD_BIND ? "bound" : "unbound");
	return DPSCTL_EXIT_OK;
}
