/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_DISPATCH_H
#define DPS_DISPATCH_H

/**
 * @file
 * The binding layer's datapath face, used by lib/worker: classify and
 * dispatch a received burst, and flush a worker's tx buffer.
 */

#include <stdint.h>

#include <rte_mbuf.h>

#include "dps_adapter.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Classify a burst received on @p a (EtherType behind at most two VLAN
 * tags, bounds-checked on the first segment), apply each binding's
 * software packet filter and deliver, once per binding per burst. Frames
 * for several bindings get extra mbuf references; frames for nobody are
 * freed and counted. Reads the adapter's dispatch table once.
 *
 * @param rx_flags DPS_RX_F_RESOURCES when the mempool is low.
 * Level: DATAPATH or CONTROL; inside an RCU read-side section of the caller.
 */
void dps_dispatch_burst(
	struct dps_adapter *a, struct rte_mbuf **pkts, uint16_t n, uint32_t rx_flags);

/**
 * Hand the calling worker's buffered frames for @p a to the PMD and run
 * the send_complete callbacks. Level: DATAPATH (the owning worker).
 */
void dps_dispatch_tx_flush(struct dps_adapter *a);

#ifdef __cplusplus
}
#endif

#endif
