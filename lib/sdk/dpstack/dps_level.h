/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_LEVEL_H
#define DPS_LEVEL_H

/**
 * @file
 * Execution levels, the user-space counterpart of IRQL.
 *
 * Every thread sets its level when it starts: control-plane threads
 * DPS_LEVEL_CONTROL (may block), lcore workers DPS_LEVEL_DATAPATH (must not
 * block, no system calls, no allocation in steady state). A thread that never
 * set a level runs at DPS_LEVEL_CONTROL, like any ordinary pthread.
 * Holding a dps_spinlock or a dps_rwlock raises the effective level to
 * DATAPATH until the last such lock is released.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum dps_level {
	DPS_LEVEL_CONTROL = 1,
	DPS_LEVEL_DATAPATH = 2,
};

/**
 * Set the calling thread's base level.
 *
 * @param level DPS_LEVEL_CONTROL or DPS_LEVEL_DATAPATH.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER for another value; DPS_E_INVALID_STATE
 *         while the thread holds a spinning lock (the level is then not changed).
 * Level: any.
 */
int dps_level_set(enum dps_level level);

/** @return the calling thread's effective level. Level: any. */
enum dps_level dps_level_get(void);

/**
 * Check that the caller may block.
 * @return DPS_OK at CONTROL, DPS_E_LEVEL at DATAPATH.
 * Level: any.
 */
int dps_level_check_blocking(void);

/** @return "CONTROL", "DATAPATH" or "INVALID". */
const char *dps_level_str(int level);

/**
 * A small process-unique id of the calling thread (never 0), used as lock
 * owner. Level: any.
 */
uint32_t dps_thread_id(void);

#ifdef __cplusplus
}
#endif

#endif /* DPS_LEVEL_H */
