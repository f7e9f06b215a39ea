/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_FILTER_H
#define DPS_FILTER_H

/**
 * @file
 * Filter modules (the NDIS lightweight-filter idea, DESIGN.md sections 6
 * and 10): per adapter, an ordered list of modules that see every burst the
 * adapter received, before classification, and every burst it sent, after
 * the PMD took it (only the frames it took). Capture (lib/capture) is the
 * first module.
 *
 * The list is immutable once published (an RCU pointer on the adapter, like
 * the dispatch table): attach and detach build a new list on the control
 * thread, publish it, wait until no worker and no control-queue sender can
 * still read the old one, and free it. With no module attached the datapath
 * pays one pointer test per burst.
 *
 * A module observes: it must not free, keep or change the frames (it copies
 * what it wants to keep). Its callbacks run on workers, and on the thread
 * that sends on the control tx queue, for as long as it is attached; after
 * dps_filter_detach() returns none runs any more.
 */

#include <stdint.h>

#include <rte_mbuf.h>

#ifdef __cplusplus
extern "C" {
#endif

struct dps_adapter;

/** Modules one adapter holds at once. */
#define DPS_FILTER_MAX_MODULES 8

/** Which bursts a module sees. */
#define DPS_FILTER_RX 1u /**< received bursts, before classification */
#define DPS_FILTER_TX 2u /**< sent bursts, the frames the PMD took */

/** A filter module. */
struct dps_filter_ops {
	const char *name; /**< e.g. "capture" (logs) */
	/**
	 * A burst of @p n frames, @p dir DPS_FILTER_RX or DPS_FILTER_TX, on
	 * @p queue of @p a, at TSC @p tsc (read once per burst: when the burst
	 * came from the PMD, or when the PMD took it). Level: DATAPATH (or the
	 * control thread for its own sends). Never blocks.
	 */
	void (*burst)(void *ctx, struct dps_adapter *a, uint32_t dir, uint16_t queue,
		struct rte_mbuf *const *pkts, uint16_t n, uint64_t tsc);
	/**
	 * Optional: @p a is going away (run-time removal, its kernel interface
	 * deleted, its lower adapter removed) and dps_filter_detach_all()
	 * detached the module: no burst callback runs any more, and the module
	 * must not use @p a after this returns. Level: CONTROL.
	 */
	void (*adapter_gone)(void *ctx, struct dps_adapter *a);
};

/** The published list (read by the datapath). */
struct dps_filter_chain {
	unsigned int n;
	uint32_t dirs; /**< union of the modules' directions */
	struct {
		const struct dps_filter_ops *ops;
		void *ctx;
		uint32_t dirs;
	} m[];
};

/**
 * Attach a module to @p a, after those already attached.
 * @param dirs DPS_FILTER_RX, DPS_FILTER_TX or both.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, no burst callback, no
 *         direction); DPS_E_EXISTS (this ops/ctx pair is attached already);
 *         DPS_E_RESOURCES (DPS_FILTER_MAX_MODULES attached, or no memory).
 * Level: CONTROL (the control thread: it waits for an RCU grace period).
 */
int dps_filter_attach(
	struct dps_adapter *a, const struct dps_filter_ops *ops, void *ctx, uint32_t dirs);

/**
 * Detach a module; when this returns, none of its callbacks runs or will run.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_FOUND (not attached).
 * Level: CONTROL.
 */
int dps_filter_detach(struct dps_adapter *a, const struct dps_filter_ops *ops, void *ctx);

/** @return modules attached to @p a now. Level: CONTROL. */
unsigned int dps_filter_count(const struct dps_adapter *a);

/**
 * Detach every module of @p a (adapter teardown, before its bindings go),
 * then tell each, in attach order, through its adapter_gone callback.
 * @return how many. Level: CONTROL.
 */
unsigned int dps_filter_detach_all(struct dps_adapter *a);

#ifdef __cplusplus
}
#endif

#endif /* DPS_FILTER_H */
