/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPSTACK_NOTIFY_H
#define DPSTACK_NOTIFY_H

/**
 * Tell systemd (or whoever set $NOTIFY_SOCKET) a state change, e.g.
 * "READY=1" or "STOPPING=1" (sd_notify(3)'s protocol, a datagram).
 *
 * @return 1 sent, 0 no $NOTIFY_SOCKET, a negative errno on failure.
 */
int dps_app_notify(const char *state);

#endif
