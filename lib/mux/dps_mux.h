/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_MUX_H
#define DPS_MUX_H

/**
 * @file
 * The mux's window into the stack (DESIGN.md sections 1 and 10; the NDIS MUX
 * intermediate driver): what the vlan mux (lib/proto/vlan) needs and the
 * protocol face (dps_protocol.h) does not offer, and nothing more. The mux
 * is a protocol bound to a physical adapter (its "lower binding"); over it
 * it makes virtual adapters, one per VLAN, to which other protocols bind as
 * to any adapter. Stack-internal: only lib/proto/vlan is given this folder
 * as an include directory, and a plugin cannot see it (these functions are
 * in DPSTACK_INTERNAL).
 *
 * Adapters stay opaque here (struct dps_adapter from dps_protocol.h).
 * Every function runs on the control thread (CONTROL) unless it says
 * otherwise.
 */

#include <stdint.h>

#include "dps_protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One virtual adapter the mux made (dps_mux_create()). */
struct dps_mux_vif {
	struct dps_adapter *a; /**< the virtual adapter */
	uint16_t vlan;	       /**< its VLAN id, 1..4094 */
	char name[16];	       /**< its name ([adapter NAME]) */
};

/**
 * Make @p b, a binding of the mux, the mux of its adapter: the adapter's
 * tagged frames are its (dispatch classifies 802.1Q frames by their outer
 * tag once the binding's EtherType 0x8100 is published), and its own
 * packet filter (promiscuous: the virtual adapters filter) is left out of
 * the port's filter, where the virtual adapters' bindings' filters go
 * instead. Undone when @p b is unbound.
 *
 * @return the number of virtual adapters the configuration puts over the
 *         adapter (> 0); DPS_E_INVALID_PARAMETER (NULL); DPS_E_NOT_SUPPORTED
 *         (the adapter is virtual, or no virtual adapter sits on it: the mux
 *         declines it); DPS_E_EXISTS (the adapter has a mux already).
 * Level: CONTROL (bind_adapter).
 */
int dps_mux_attach(struct dps_binding *b);

/** Undo dps_mux_attach() (a bind that fails after it). Level: CONTROL. */
void dps_mux_detach(struct dps_binding *b);

/**
 * Create the virtual adapters the configuration puts over @p b's adapter
 * (the [adapter NAME] sections with lower = it), in file order. They have no
 * bindings yet (dps_mux_start()).
 *
 * @param out the adapters made, at most @p max.
 * @param err on failure, one line naming the adapter.
 * @return how many were made (>= 0); on a failure the ones made are removed
 *         again and dps_adapter_create_virtual()'s status is returned.
 * Level: CONTROL.
 */
int dps_mux_create(
	struct dps_binding *b, struct dps_mux_vif *out, unsigned int max, char *err, size_t errlen);

/**
 * Bind every registered protocol whose policy allows it to virtual adapter
 * @p v and run the bindings (the adapter "arrives").
 * @return the number of bindings now Running, or DPS_E_INVALID_PARAMETER.
 * Level: CONTROL.
 */
int dps_mux_start(struct dps_adapter *v);

/**
 * The MUX teardown of one virtual adapter: pause and unbind every binding of
 * @p v (their pending OID requests complete with DPS_E_REQUEST_ABORTED,
 * exactly once), then remove the adapter. The mux calls it for each of its
 * virtual adapters before its lower binding finishes closing.
 * Level: CONTROL.
 */
void dps_mux_remove(struct dps_adapter *v);

/**
 * Deliver frames to virtual adapter @p v's bindings: its dispatch table,
 * with its own MAC for their packet filters; frames for several bindings
 * are shared by reference count. Every mbuf passes to the stack (delivered
 * or freed and counted in @p v's counters).
 * Level: any (a worker, from the mux's receive).
 */
void dps_mux_deliver(struct dps_adapter *v, struct rte_mbuf **pkts, uint16_t n, uint32_t flags);

/**
 * The lower adapter's link changed: @p v takes it and, when that is a
 * change for @p v, indicates it (DPS_IND_LINK_STATE) to @p v's bindings.
 * Level: CONTROL.
 */
void dps_mux_link_changed(struct dps_adapter *v);

/**
 * The lower adapter is being reconfigured (its bindings are paused):
 * pause @p v's Running bindings; dps_mux_restart() restarts exactly those,
 * with @p v's MTU clamped to the lower adapter's new one.
 * Level: CONTROL.
 */
void dps_mux_pause(struct dps_adapter *v);
/** See dps_mux_pause(). Level: CONTROL. */
void dps_mux_restart(struct dps_adapter *v);

#ifdef __cplusplus
}
#endif

#endif /* DPS_MUX_H */
