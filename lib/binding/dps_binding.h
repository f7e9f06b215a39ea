/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_BINDING_H
#define DPS_BINDING_H

/**
 * @file
 * Protocols, bindings and dispatch (DESIGN.md sections 5 and 6): the NDIS 6
 * protocol-driver model on DPDK ports.
 *
 * A protocol registers a static descriptor (name, EtherTypes, ops, binding
 * context type, config keys). The layer binds it to adapters as its policy
 * says: each binding is an object (child of the protocol object) with a
 * protocol-owned context area, and goes through the NDIS 6 states
 *   Unbound -> Opening -> Paused -> Restarting -> Running -> Pausing -> Paused
 *   -> Closing -> Unbound.
 * The layer, not the protocol, enforces the rules: sends only in Running
 * (and Pausing for work already in flight); Pausing completes only once no
 * send is in flight and no worker can still deliver (RCU grace period);
 * unbind always follows a pause, cannot fail, and completes only once every
 * frame the protocol still holds is returned; deregistration unbinds every
 * binding, then calls uninstall.
 *
 * State changes run on the control thread (CONTROL level). Receive and
 * send run on workers (DATAPATH) or on the control thread.
 */

#include <stdint.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

#include "dps_config.h"
#include "dps_object.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dps_adapter;
struct dps_binding;
struct dps_protocol;

/** Binding states (NDIS 6). */
enum dps_binding_state {
	DPS_BINDING_UNBOUND = 0,
	DPS_BINDING_OPENING,
	DPS_BINDING_PAUSED,
	DPS_BINDING_RESTARTING,
	DPS_BINDING_RUNNING,
	DPS_BINDING_PAUSING,
	DPS_BINDING_CLOSING,
};

/** @return "Running" etc. */
const char *dps_binding_state_str(int state);

/** Receive flags, per call. */
#define DPS_RX_F_RESOURCES 0x1u /**< mempool low: do not keep the mbufs past the call */
#define DPS_RX_F_SHARED 0x2u	/**< some frames have other readers (refcnt > 1): read-only */

/** Software packet filter bits (NDIS_PACKET_TYPE_* values). */
#define DPS_FILTER_DIRECTED 0x0001u
#define DPS_FILTER_MULTICAST 0x0002u
#define DPS_FILTER_ALL_MULTICAST 0x0004u
#define DPS_FILTER_BROADCAST 0x0008u
#define DPS_FILTER_PROMISCUOUS 0x0020u
#define DPS_FILTER_ALL (DPS_FILTER_DIRECTED | DPS_FILTER_MULTICAST | \
	DPS_FILTER_ALL_MULTICAST | DPS_FILTER_BROADCAST | DPS_FILTER_PROMISCUOUS)

/** Most EtherTypes one binding receives. */
#define DPS_BINDING_MAX_ETHERTYPES 16
/** Most multicast addresses in one binding's list. */
#define DPS_BINDING_MAX_MCAST 32

/** What a protocol learns when it is bound (NDIS_BIND_PARAMETERS). */
struct dps_bind_params {
	const char *adapter_name;
	uint16_t port_id;
	struct rte_ether_addr mac;
	uint16_t mtu;
	int link_up;
	uint32_t link_speed; /**< Mb/s */
	const struct dps_config_adapter *adapter_cfg; /**< addresses etc. */
	const struct dps_config_protocol *proto_cfg;  /**< may be NULL */
	struct rte_mempool *pool;		       /**< for frames the protocol builds */
};

/** Status indications (NDIS_STATUS_INDICATION). */
enum dps_indication_code {
	DPS_IND_LINK_STATE = 1,
};

struct dps_status_indication {
	enum dps_indication_code code;
	int link_up;
	uint32_t link_speed;
};

/** PnP events (NET_PNP_EVENT). */
enum dps_pnp_code {
	DPS_PNP_PAUSE = 1,
	DPS_PNP_RESTART,
};

struct dps_pnp_event {
	enum dps_pnp_code code;
	/** RESTART: the (possibly new) attributes. */
	const struct dps_bind_params *params;
};

struct dps_oid_request;

/**
 * Protocol callbacks; all optional except receive (which may be NULL only
 * for a protocol with no EtherTypes).
 */
struct dps_protocol_ops {
	/** Opening: set up the binding context @p ctx (zeroed). Non-OK fails the bind. CONTROL. */
	int (*bind_adapter)(struct dps_binding *b, void *ctx, const struct dps_bind_params *params);
	/** Closing: release what the binding holds (queued frames, ...). Cannot fail. CONTROL. */
	void (*unbind_adapter)(struct dps_binding *b, void *ctx);
	/** After bind_adapter, with the outcome. CONTROL. */
	void (*open_complete)(struct dps_binding *b, void *ctx, int status);
	/** Unbind finished: the binding is Unbound and about to be deleted. CONTROL. */
	void (*close_complete)(struct dps_binding *b, void *ctx);
	/**
	 * Frames for this binding. The protocol owns each mbuf: it frees it,
	 * sends it on, or keeps it (not with DPS_RX_F_RESOURCES) and counts it
	 * with dps_binding_hold(). DATAPATH (a worker) or CONTROL.
	 */
	void (*receive)(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n,
		uint32_t flags);
	/** Outcome of one dps_binding_send: @p sent of @p n taken by the PMD. */
	void (*send_complete)(struct dps_binding *b, void *ctx, uint16_t sent, uint16_t n,
		int status);
	/** A status indication (link state). CONTROL. */
	void (*status)(struct dps_binding *b, void *ctx, const struct dps_status_indication *ind);
	/** PAUSE / RESTART. Returning non-OK to RESTART leaves the binding Paused. CONTROL. */
	int (*pnp_event)(struct dps_binding *b, void *ctx, const struct dps_pnp_event *ev);
	/** Completion of an OID request that returned DPS_PENDING. */
	void (*oid_complete)(struct dps_binding *b, void *ctx, struct dps_oid_request *req,
		int status);
	/** After the last unbind of a deregistered protocol. CONTROL. */
	void (*uninstall)(struct dps_protocol *p);
};

/** A protocol's static descriptor (one per protocol, like an nginx module). */
struct dps_protocol_desc {
	const char *name;
	const uint16_t *ethertypes; /**< host byte order; NULL/0 = receives nothing */
	uint8_t nb_ethertypes;
	uint32_t default_filter;    /**< DPS_FILTER_* of a new binding */
	const struct dps_protocol_ops *ops;
	const struct dps_context_type *binding_ctx; /**< required */
	const struct dps_config_key *config_keys;   /**< its keys in [protocol NAME] */
};

/**
 * Register a protocol and bind it to every current adapter its policy
 * allows (and later ones, as they arrive). Bindings start Paused and are
 * then restarted to Running.
 *
 * @param desc static descriptor; desc->name unique.
 * @param cfg its [protocol] section or NULL (= bind to all).
 * @param out the protocol.
 * @return DPS_OK (also when some binds failed: they are logged and counted);
 *         DPS_E_INVALID_PARAMETER (missing name/ops/binding_ctx, receive
 *         missing with EtherTypes, too many EtherTypes); DPS_E_EXISTS (name
 *         taken); DPS_E_NOT_INITIALIZED (dps_binding_layer_init not called);
 *         DPS_E_LEVEL; DPS_E_RESOURCES.
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

/** @return the protocol's descriptor, or NULL. */
const struct dps_protocol_desc *dps_protocol_desc(const struct dps_protocol *p);

/** @return the protocol registered under @p name, or NULL. Level: CONTROL. */
struct dps_protocol *dps_protocol_find(const char *name);

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

/** @return the state. Level: any. */
enum dps_binding_state dps_binding_state(const struct dps_binding *b);

/**
 * Send frames (each mbuf's ownership passes to the layer). From a worker
 * they go through that worker's tx buffer for the adapter and complete
 * when it is flushed (every loop iteration); from any other thread through
 * the control tx queue, completing before the call returns.
 * send_complete reports how many the PMD took; the rest are freed.
 * @return DPS_OK (queued or sent); DPS_E_INVALID_PARAMETER (NULL, n == 0);
 *         DPS_E_NOT_READY (not Running/Pausing: the frames are NOT taken,
 *         the caller still owns them).
 * Level: any.
 */
int dps_binding_send(struct dps_binding *b, struct rte_mbuf **pkts, uint16_t n);

/**
 * Account for frames a protocol keeps past receive (its queues), so unbind
 * can wait for them: hold when keeping, release when freeing.
 * Level: any.
 */
void dps_binding_hold(struct dps_binding *b, uint32_t n);
void dps_binding_release(struct dps_binding *b, uint32_t n);

/**
 * Set the software packet filter (DPS_FILTER_*), republishing dispatch.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (unknown bits); DPS_E_LEVEL.
 * Level: CONTROL.
 */
int dps_binding_set_filter(struct dps_binding *b, uint32_t filter);
uint32_t dps_binding_filter(const struct dps_binding *b);

/**
 * Set the multicast list (for DPS_FILTER_MULTICAST).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL with n > 0, a unicast
 *         address); DPS_E_RESOURCES (n > DPS_BINDING_MAX_MCAST); DPS_E_LEVEL.
 * Level: CONTROL.
 */
int dps_binding_set_mcast(struct dps_binding *b, const struct rte_ether_addr *list,
	unsigned int n);

/**
 * Replace the EtherTypes this binding receives (host order).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_RESOURCES (too many).
 * Level: CONTROL.
 */
int dps_binding_set_ethertypes(struct dps_binding *b, const uint16_t *types, unsigned int n);

/**
 * OID requests of a binding that have not completed yet (lib/ctrl counts
 * them): unbind waits until none is left. Level: any.
 */
void dps_binding_oid_inc(struct dps_binding *b);
void dps_binding_oid_dec(struct dps_binding *b);
uint64_t dps_binding_oid_pending(const struct dps_binding *b);

/**
 * While unbind waits for requests, it calls @p fn (lib/ctrl: service the
 * control rings) so the requests can complete. Level: CONTROL.
 */
void dps_binding_set_drain_hook(void (*fn)(void));

/** The binding's multicast list; @return its length (at most @p max copied). */
unsigned int dps_binding_mcast(const struct dps_binding *b, struct rte_ether_addr *out,
	unsigned int max);

/** The EtherTypes the binding receives now; @return how many (at most @p max copied). */
unsigned int dps_binding_ethertypes(const struct dps_binding *b, uint16_t *out, unsigned int max);

/** VLAN id of the binding (OID_GEN_VLAN_ID; 0 = none). */
uint32_t dps_binding_vlan(const struct dps_binding *b);
/** @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL or id > 4095). */
int dps_binding_set_vlan(struct dps_binding *b, uint32_t vlan_id);

/** Accessors. Level: any. */
void *dps_binding_ctx(struct dps_binding *b);
struct dps_adapter *dps_binding_adapter(const struct dps_binding *b);
struct dps_protocol *dps_binding_protocol(const struct dps_binding *b);
struct dps_object *dps_binding_object(struct dps_binding *b);
const struct dps_bind_params *dps_binding_params(const struct dps_binding *b);

/** Per-binding counters, summed over lcores. */
struct dps_binding_stats {
	uint64_t rx_frames;
	uint64_t rx_calls;
	uint64_t tx_frames;  /**< taken by the PMD */
	uint64_t tx_dropped; /**< not taken, freed */
	uint64_t tx_refused; /**< sends refused (state) */
	uint64_t held;	     /**< frames the protocol keeps now */
};
void dps_binding_stats(const struct dps_binding *b, struct dps_binding_stats *st);

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
struct rte_rcu_qsbr;
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
 * Wait until no worker can still see what was unpublished before the call
 * (an RCU grace period of the layer's rte_rcu_qsbr; returns at once without
 * workers). Level: CONTROL.
 */
void dps_binding_synchronize(void);

/** Deregister every protocol (teardown); then the layer can be re-initialised. */
void dps_binding_layer_fini(void);

#ifdef __cplusplus
}
#endif

#endif /* DPS_BINDING_H */
