/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_BINDING_H
#define DPS_BINDING_H

/**
 * @file
 * The binding layer's stack-internal face (DESIGN.md sections 5 and 6):
 * what app/dpstack, lib/ctrl, lib/oid, lib/worker and lib/telemetry call to
 * register protocols, drive bindings through their states and account for
 * OIDs. Protocols never include this header (their include directories do
 * not contain it): their face is dps_protocol.h, which this one includes.
 *
 * State changes run on the control thread (CONTROL level).
 */

#include <stdint.h>

#include "dps_protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dps_config_protocol;
struct rte_rcu_qsbr;

/**
 * Register a protocol and bind it to every current adapter its policy
 * allows (and later ones, as they arrive). Bindings start Paused and are
 * then restarted to Running.
 *
 * @param desc static descriptor; desc->name unique.
 * @param cfg its [protocol] section or NULL (= bind to all).
 * @param out the protocol.
 * @return DPS_OK (also when some binds failed: they are logged and counted);
 *         DPS_E_INVALID_PARAMETER (dps_protocol_desc_validate() refuses it);
 *         DPS_E_EXISTS (name taken); DPS_E_NOT_INITIALIZED
 *         (dps_binding_layer_init not called); DPS_E_LEVEL; DPS_E_RESOURCES.
 * Level: CONTROL.
 */
int dps_protocol_register(const struct dps_protocol_desc *desc,
	const struct dps_config_protocol *cfg, struct dps_protocol **out);

/**
 * Deregister: unbind every binding (pausing first), then uninstall, then
 * delete the protocol object.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_LEVEL.
 * Level: CONTROL.
 */
int dps_protocol_deregister(struct dps_protocol *p);

/** @return the protocol registered under @p name, or NULL. Level: CONTROL. */
struct dps_protocol *dps_protocol_find(const char *name);

/**
 * Visit every registered protocol, in registration order (CONTROL).
 * Non-zero from @p cb stops; @return it (or 0).
 */
int dps_protocol_foreach(int (*cb)(struct dps_protocol *p, void *arg), void *arg);

/**
 * The registry of descriptors (DPS_PROTOCOL_REGISTER, plugins), in name order.
 * @param i 0..
 * @return the i-th descriptor, or NULL past the end. Level: any.
 */
const struct dps_protocol_desc *dps_protocol_registry_get(unsigned int i);

/** @return the number of descriptors in the registry. Level: any. */
unsigned int dps_protocol_registry_count(void);

struct dps_config;

/**
 * Run every registered descriptor's configuration check
 * (dps_protocol_set_config_check()) on its [protocol NAME] section of
 * @p cfg (those with a section and a check).
 * @param cfg the loaded configuration.
 * @param file the file it came from, for the message (NULL: the defaults).
 * @param err on failure, one line "FILE: [protocol NAME] KEY = 'VALUE': WHY".
 * @return DPS_OK; the hook's status (DPS_E_INVALID_PARAMETER if it returned
 *         DPS_OK's opposite without one); DPS_E_INVALID_PARAMETER for NULL.
 * Level: CONTROL (before EAL: the hooks call no DPDK function).
 */
int dps_protocol_registry_config_check(
	const struct dps_config *cfg, const char *file, char *err, size_t len);

/**
 * The first failure of a DPS_PROTOCOL_REGISTER constructor (a descriptor
 * that does not validate, a duplicate name, a full registry).
 * @param err one line naming the descriptor and what is wrong (may be NULL).
 * @return DPS_OK (none) or that failure's status. Level: any.
 */
int dps_protocol_registry_check(char *err, size_t len);

/**
 * Close the registry: later dps_protocol_registry_add() calls fail with
 * DPS_E_INVALID_STATE (the stack has registered what it holds).
 * Level: CONTROL.
 */
void dps_protocol_registry_seal(void);

/**
 * Bind @p p to @p a now (policy "none" protocols, tests). Runs bind_adapter;
 * the new binding is Paused.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_EXISTS (already bound);
 *         DPS_E_ADAPTER_REMOVED; DPS_E_LEVEL; what bind_adapter returned.
 * Level: CONTROL.
 */
int dps_binding_open(struct dps_protocol *p, struct dps_adapter *a, struct dps_binding **out);

/** Paused -> Restarting -> Running (or back to Paused if pnp_event fails). */
int dps_binding_restart(struct dps_binding *b);
/** Running -> Pausing -> Paused; waits for sends in flight and a grace period. */
int dps_binding_pause(struct dps_binding *b);
/**
 * Paused (or Running: paused first) -> Closing -> Unbound; the binding
 * object is deleted. Waits for frames the protocol holds to be returned.
 */
int dps_binding_unbind(struct dps_binding *b);
/*
 * The three above return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_LEVEL at
 * DATAPATH; DPS_E_INVALID_STATE for a request the current state does not
 * allow (nothing changes); restart also what pnp_event returned.
 * Level: CONTROL.
 */

/**
 * OID requests of a binding that have not completed yet (lib/oid and
 * lib/ctrl count them): unbind waits until none is left. Level: any.
 */
void dps_binding_oid_inc(struct dps_binding *b);
void dps_binding_oid_dec(struct dps_binding *b);
uint64_t dps_binding_oid_pending(const struct dps_binding *b);

/**
 * While unbind waits for requests, it calls @p fn (lib/ctrl: service the
 * control rings) so the requests can complete. Level: CONTROL.
 */
void dps_binding_set_drain_hook(void (*fn)(void));

/** Visit every binding (CONTROL). Non-zero from @p cb stops. */
int dps_binding_foreach(int (*cb)(struct dps_binding *b, void *arg), void *arg);

/**
 * Deliver a status indication to every binding of @p a that is not
 * Unbound/Opening/Closing. Level: CONTROL.
 */
void dps_binding_indicate_status(struct dps_adapter *a, const struct dps_status_indication *ind);

/**
 * Initialise the layer: the stack object that owns protocols, and the RCU
 * variable workers report to.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_INVALID_STATE (twice).
 * Level: CONTROL.
 */
int dps_binding_layer_init(struct dps_object *stack, struct rte_rcu_qsbr *rcu);

/**
 * Bind every registered protocol whose policy allows it to adapter @p a and
 * restart the new bindings (call when an adapter is added).
 * @return number of bindings now Running. Level: CONTROL.
 */
int dps_binding_adapter_arrived(struct dps_adapter *a);

/**
 * Unbind every binding of @p a (adapter going away). Level: CONTROL.
 */
void dps_binding_adapter_departing(struct dps_adapter *a);

/**
 * The configuration the vlan mux makes its virtual adapters from (their
 * [adapter NAME] sections with lower =), and the object they belong to
 * (lib/mux/dps_mux.h). Both must outlive the protocols.
 * Level: CONTROL, before the protocols are registered.
 */
struct dps_config;
void dps_mux_set_config(struct dps_object *stack, const struct dps_config *cfg);

/** Deregister every protocol (teardown); then the layer can be re-initialised. */
void dps_binding_layer_fini(void);

#ifdef __cplusplus
}
#endif

#endif /* DPS_BINDING_H */
