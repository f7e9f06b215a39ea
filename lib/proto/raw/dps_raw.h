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

struct rte_bpf;

/**
 * Compile a pcap filter expression (libpcap syntax, Ethernet link type) for
 * rte_bpf: what raw opens and captures (lib/capture) run on each frame.
 * @param bpf the loaded program (rte_bpf_destroy() it).
 * @param jit optional: its JIT entry point, or NULL where there is none.
 * @param err libpcap's message when the expression does not compile.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_INVALID_DATA (it does not
 *         compile, or rte_bpf refuses it); DPS_E_RESOURCES.
 * Level: CONTROL (any thread that is not a worker: it allocates).
 */
int dps_raw_filter_compile(const char *expr, struct rte_bpf **bpf, uint64_t (**jit)(void *ctx),
	char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* DPS_RAW_H */
