/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_RAW_H
#define DPS_RAW_H

/**
 * @file
 * The raw protocol (DESIGN.md section 9): what the Windows ndisprot sample
 * does, for many clients at once. One binding per adapter; clients of the
 * control socket open an adapter with a set of EtherTypes (tagged frames
 * match on the inner type) and an optional pcap filter, receive frames from
 * a bounded drop-oldest queue, send frames (anti-spoof, EtherType checked),
 * query and set OIDs (sets from an allow-list), and wait for link changes.
 *
 * Server side: dps_raw_server_ops() is what lib/ctrl's control-socket
 * server calls for every decoded request.
 */

#include <stdint.h>

#include "dps_protocol.h"
#include "dps_server.h" /* lib/ctrl: raw serves the control socket (see meson.build) */

#ifdef __cplusplus
extern "C" {
#endif

/** Frames an open keeps by default ([protocol raw] queue_len). */
#define DPS_RAW_QUEUE_DEFAULT 256
#define DPS_RAW_QUEUE_MAX 65536

extern const struct dps_protocol_desc dps_proto_raw;

/**
 * The handlers for dps_server_start().
 * @param max_opens opens one client may hold.
 */
const struct dps_server_ops *dps_raw_server_ops(unsigned int max_opens);

/** Counters of all opens (telemetry, exit report). */
struct dps_raw_stats {
	uint64_t opens;	 /**< open now */
	uint64_t opened; /**< since start */
	uint64_t received;
	uint64_t delivered;
	uint64_t dropped;
	uint64_t filtered;
	uint64_t sent;
	uint64_t send_refused;
};
void dps_raw_stats(struct dps_raw_stats *st);

#ifdef __cplusplus
}
#endif

#endif /* DPS_RAW_H */
