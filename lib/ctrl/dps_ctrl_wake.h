/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_CTRL_WAKE_H
#define DPS_CTRL_WAKE_H

/**
 * @file
 * Waking the control loop, on its own so that a protocol (which sees only
 * the SDK headers and lib/ctrl's server) can include it.
 */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Wake the control loop if it sleeps (after posting work it does not poll
 * a ring of lib/ctrl for, e.g. a frame queued for a client's pending receive,
 * or after setting its stop flag). No system call while it is awake.
 * Level: any (DATAPATH included).
 */
void dps_ctrl_wake(void);

#ifdef __cplusplus
}
#endif

#endif /* DPS_CTRL_WAKE_H */
