/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_ADMIN_H
#define DPS_ADMIN_H

/**
 * @file
 * Run-time changes on the control socket (lib/ctrl/ctrl_admin.c): the
 * requests DPS_IPC_ADAPTER_REMOVE, DPS_IPC_BIND, DPS_IPC_UNBIND, admin
 * role only.
 */

#include <stdint.h>

#include "dps_ipc.h"

struct dps_srv_client;

/**
 * Handle one of those requests (already checked by dps_ipc_check_request)
 * and reply: DPS_OK; DPS_E_PERMISSION (not an admin); DPS_E_NOT_FOUND (no
 * such adapter, protocol or binding); DPS_E_EXISTS (bound already);
 * DPS_E_NOT_SUPPORTED (unbinding the protocol that serves the socket);
 * what binding or unbinding returned. Failure replies carry a reason.
 * Level: CONTROL (the server's request handler).
 */
void dps__admin_request(
	struct dps_srv_client *c, const struct dps_ipc_hdr *h, const uint8_t *p, uint32_t len);

#endif /* DPS_ADMIN_H */
