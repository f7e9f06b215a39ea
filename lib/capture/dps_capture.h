/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_CAPTURE_H
#define DPS_CAPTURE_H

/**
 * @file
 * Packet capture (DESIGN.md section 10): a filter module (lib/filter) that
 * copies an adapter's received and/or sent frames, through an optional pcap
 * filter (rte_bpf), into a bounded ring, from a mempool of its own, with
 * the TSC of the burst; a thread that is not a worker turns them into
 * pcapng (rte_pcapng) and writes them to a descriptor the client passed
 * with its request (the client opened the file: it is created with the
 * client's rights, never dpstack's). A full ring or an empty pool drops the
 * copy and counts it; the worker never waits.
 *
 * Captures are started, stopped and listed over the control socket
 * (CAPTURE_START/STOP/WAIT/LIST, lib/ipc); a client that disconnects stops
 * its captures, whose files are completed all the same.
 */

#include <stdint.h>

#include "dps_server.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Frames a capture's ring holds. */
#define DPS_CAPTURE_RING 1024

/**
 * Set the capture service up: at most @p max_captures at once, and the
 * /dpstack/captures telemetry command.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (0). Level: CONTROL.
 */
int dps_capture_init(unsigned int max_captures);

/**
 * Stop every capture (their files completed, cause SHUTDOWN) and wait for
 * their writers. Level: CONTROL, before the adapters close.
 */
void dps_capture_fini(void);

/**
 * Server handlers that serve the capture requests and hand every other one
 * to @p next (the raw protocol's); client_gone and poll call both.
 * @return the handlers (static storage), NULL when @p next is NULL.
 * Level: CONTROL.
 */
const struct dps_server_ops *dps_capture_server_ops(const struct dps_server_ops *next);

/** Captures now (running, stopping or ended and not yet collected). */
unsigned int dps_capture_count(void);

#ifdef __cplusplus
}
#endif

#endif /* DPS_CAPTURE_H */
