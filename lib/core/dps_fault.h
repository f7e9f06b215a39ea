/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_FAULT_H
#define DPS_FAULT_H

/**
 * @file
 * Fault injection (issue 14 point 2): named points in the stack where a call
 * can be made to fail on purpose, so that tests see what happens when
 * resources run out or the device refuses. Built in only with
 * `meson setup -Dfault_injection=true` (off by default and in release
 * builds: there every dps_fault() is the constant 0 and costs nothing).
 *
 * Points, and what failing means there:
 *   mempool_get      a get from the stack's mbuf pool finds it empty (the
 *                    pool must be made with dps_fault_pool_create(); gets
 *                    served from an lcore cache do not reach it, so tests
 *                    use a pool without cache)
 *   ring_enqueue     an OID request or a control job does not fit its ring
 *   tx_burst         rte_eth_tx_burst() takes nothing
 *   eth_configure    rte_eth_dev_configure() fails (-EIO)
 *   eth_mtu          rte_eth_dev_set_mtu() fails (-EIO)
 *   eth_mac          rte_eth_dev_default_mac_addr_set() fails (-EIO)
 *   malloc           rte_zmalloc() of the binding layer, adapters and
 *                    workers returns NULL
 *   telemetry_alloc  rte_tel_data_alloc() of a /dpstack/ command returns NULL
 *
 * A point fires on every Nth call after it was armed, or with a
 * probability in percent; dps_fault_hits() counts what fired. Points are
 * armed by tests (dps_fault_set()) or, for a whole process, by the
 * environment: DPS_FAULTS="tx_burst:3,mempool_get:p10" (every 3rd call; 10 %
 * of the calls), checked by dpstack at start-up and armed once it runs.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_branch_prediction.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_mempool;

/** The injection points. */
enum dps_fault_point {
	DPS_FAULT_MEMPOOL_GET,
	DPS_FAULT_RING_ENQUEUE,
	DPS_FAULT_TX_BURST,
	DPS_FAULT_ETH_CONFIGURE,
	DPS_FAULT_ETH_MTU,
	DPS_FAULT_ETH_MAC,
	DPS_FAULT_MALLOC,
	DPS_FAULT_TELEMETRY_ALLOC,
	DPS_FAULT_POINTS
};

/** @return 1 when this build has fault injection (-Dfault_injection=true). */
int dps_fault_available(void);

/**
 * Arm point @p name: it fires on every @p every th call from now on
 * (1: every call), or, with @p every 0, on @p percent of the calls (1..100).
 * Both 0 disarms it. Resets its call count; its hit count stays.
 * @return DPS_OK; DPS_E_NOT_FOUND for an unknown name;
 *         DPS_E_INVALID_PARAMETER for percent > 100 or both given;
 *         DPS_E_NOT_SUPPORTED in a build without fault injection.
 * Level: CONTROL.
 */
int dps_fault_set(const char *name, unsigned int every, unsigned int percent);

/**
 * Arm the points of @p spec: comma-separated NAME:N (every Nth call) or
 * NAME:pP (P percent). On failure nothing is armed and @p err says which
 * element was wrong. @return DPS_OK, DPS_E_INVALID_PARAMETER,
 * DPS_E_NOT_FOUND (unknown point), DPS_E_NOT_SUPPORTED. Level: CONTROL.
 */
int dps_fault_parse(const char *spec, char *err, size_t len);

/* dps_fault_parse(), arming only when @p arm is set (internal) */
int dps__fault_parse(const char *spec, int arm, char *err, size_t len);

/**
 * The points of the environment variable DPS_FAULTS, if set: checked
 * (@p arm 0; dpstack does it first thing) or checked and armed (@p arm 1;
 * dpstack does it once it runs, so that start-up itself is not faulted:
 * the unit tests fault start-up paths).
 * @return DPS_OK (also when unset), or dps_fault_parse()'s status with the
 * reason in @p err (a build without fault injection: DPS_E_NOT_SUPPORTED).
 * Level: CONTROL.
 */
int dps_fault_init_env(int arm, char *err, size_t len);

/** Disarm every point and zero the hit counts. Level: CONTROL. */
void dps_fault_clear(void);

/** @return how often point @p p fired since the last dps_fault_clear(). Level: any. */
uint64_t dps_fault_hits(enum dps_fault_point p);

/**
 * Print one line with each point armed since the last dps_fault_clear() and
 * how often it fired ("fault injection: tx_burst 1/10 fired 37, ..."), or
 * nothing when none is armed or the build has none. Level: CONTROL.
 */
void dps_fault_report(FILE *f);

/** @return the name of @p p ("tx_burst", ...), or NULL. Level: any. */
const char *dps_fault_name(enum dps_fault_point p);

/**
 * rte_pktmbuf_pool_create() whose gets go through point mempool_get (in a
 * build without fault injection: rte_pktmbuf_pool_create() itself).
 * Level: CONTROL (start-up).
 */
struct rte_mempool *dps_fault_pool_create(const char *name, unsigned int n, unsigned int cache_size,
	uint16_t priv_size, uint16_t data_room_size, int socket_id);

#ifdef DPS_FAULT_INJECTION
extern volatile int dps__fault_armed;
int dps__fault_fire(enum dps_fault_point p);

/** @return 1 when point @p p fails this call. Level: any (lock-free). */
static inline int
dps_fault(enum dps_fault_point p)
{
	return unlikely(dps__fault_armed) && dps__fault_fire(p);
}
#else
#define dps_fault(p) 0
#endif

#ifdef __cplusplus
}
#endif

#endif
