/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_TIMER_H
#define DPS_TIMER_H

/**
 * @file
 * Periodic timers run by the control thread (SDK): what a protocol uses
 * for aging, retransmission or periodic announcements. The callback runs
 * at CONTROL level on the control thread, between other control work.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A periodic timer run by the control thread (caller-owned memory). */
struct dps_ctrl_timer {
	struct dps_ctrl_timer *next_armed; /* internal */
	uint64_t period;		   /* internal: TSC cycles */
	uint64_t due;			   /* internal */
	void (*fn)(void *arg);
	void *arg;
	int armed;
};

/**
 * Run @p fn(@p arg) on the control thread every @p period_ms, from the
 * next period on, until dps_ctrl_timer_stop. @p fn may stop its own timer.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, period 0); DPS_E_INVALID_STATE
 *         (armed already); DPS_E_NOT_READY (no control thread); DPS_E_LEVEL
 *         (not the control thread).
 * Level: CONTROL, the control thread.
 */
int dps_ctrl_timer_start(
	struct dps_ctrl_timer *t, unsigned int period_ms, void (*fn)(void *arg), void *arg);

/** Disarm; @return DPS_OK, DPS_E_INVALID_PARAMETER, DPS_E_NOT_FOUND (not armed). */
int dps_ctrl_timer_stop(struct dps_ctrl_timer *t);

#ifdef __cplusplus
}
#endif

#endif /* DPS_TIMER_H */
