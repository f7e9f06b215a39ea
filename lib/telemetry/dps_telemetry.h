/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_TELEMETRY_H
#define DPS_TELEMETRY_H

/**
 * @file
 * The /dpstack/ telemetry commands (DESIGN.md section 11), answered through
 * DPDK's telemetry socket (dpdk-telemetry.py -f <file-prefix>):
 *
 *   /dpstack/info                 version, DPDK version, uptime, counts, config
 *   /dpstack/adapters             adapter name -> port id
 *   /dpstack/adapter,<id>         one adapter (id: name or port number)
 *   /dpstack/protocols            registered protocols
 *   /dpstack/bindings             "proto@adapter" of every binding
 *   /dpstack/binding,<p@a>        one binding, with its protocol's counters
 *   /dpstack/workers              worker lcores: counters, rx queues polled
 *   /dpstack/requests             OID request counters
 *   /dpstack/clients              control-socket clients
 *   /dpstack/oid,<id>,<OID_NAME>  an OID query on an adapter
 *   /dpstack/<protocol>,<id>      a protocol's own command (its descriptor's
 *                                 telemetry_cmd), e.g. /dpstack/arp,<id>: the
 *                                 ARP cache of an adapter
 *
 * Callbacks run on the per-client threads DPDK's telemetry library makes
 * (CONTROL level). They read per-lcore counters without blocking any worker,
 * and read the adapter, protocol and binding lists on the control thread
 * (dps_ctrl_call, bounded wait). A bad parameter gets a reply of the form
 * {"status": "DPS_E_...", "error": "<reason>"}, never a crash or a hang.
 * docs/TELEMETRY.md describes every command with real output.
 */

#ifdef __cplusplus
extern "C" {
#endif

struct rte_mempool;

/**
 * Register the commands (once per process: DPDK has no unregister; later
 * calls only re-open them) and start answering. Call at the end of start-up,
 * once the control thread runs (dps_ctrl_init) and the bindings are made:
 * until then, and after dps_telemetry_fini(), every command answers null.
 *
 * @return DPS_OK; the status of the first registration DPDK refused
 *         (DPS_E_INVALID_PARAMETER for -EINVAL, DPS_E_RESOURCES for
 *         -ENOMEM; logged; the commands stay closed, and a later call
 *         retries the ones missing); DPS_E_LEVEL at DATAPATH.
 * Level: CONTROL (the control thread).
 */
int dps_telemetry_init(void);

/**
 * What /dpstack/info reports as the configuration: the file's name, or
 * NULL for the embedded default. Level: CONTROL (start-up).
 */
void dps_telemetry_set_config_source(const char *source);

/**
 * The stack's mbuf pool, whose size and free count /dpstack/info reports
 * (`mbufs`, `mbufs_free`); NULL (the default) leaves them out.
 * Level: CONTROL (start-up and teardown, while the commands are closed).
 */
void dps_telemetry_set_mbuf_pool(struct rte_mempool *pool);

/**
 * Stop answering (commands answer null from now on) and wait, at most a few
 * seconds, for callbacks in progress to finish: on the control thread it
 * keeps running dps_ctrl_poll() meanwhile, so that the requests they wait
 * for complete. Safe without dps_telemetry_init() and more than once.
 * Level: CONTROL (the control thread, at the start of teardown).
 */
void dps_telemetry_fini(void);

/** @return 1 while the commands answer (between init and fini). Level: any. */
int dps_telemetry_ready(void);

#ifdef __cplusplus
}
#endif

#endif /* DPS_TELEMETRY_H */
