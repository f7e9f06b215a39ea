/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_PROTOCOL_H
#define DPS_PROTOCOL_H

/**
 * @file
 * The protocol face of dpstack (DESIGN.md sections 5 and 6): everything a
 * protocol - built in under lib/proto/<name>/ or a plugin built against the
 * installed SDK - includes. Nothing else of the stack is visible to it.
 *
 * A protocol is a static descriptor (struct dps_protocol_desc): its name,
 * the EtherTypes it receives (or the catch-all option), its callbacks, the
 * type of its per-binding context, its configuration keys, its counter
 * table and optional telemetry and exit-report hooks. A built-in protocol
 * registers it from its own folder with DPS_PROTOCOL_REGISTER(desc); a
 * plugin exports it with DPS_PLUGIN_EXPORT(desc).
 *
 * The stack binds the protocol to adapters as its [protocol NAME] bind
 * policy says. Each binding is an object with a protocol-owned context
 * area and goes through the NDIS 6 states
 *   Unbound -> Opening -> Paused -> Restarting -> Running -> Pausing -> Paused
 *   -> Closing -> Unbound.
 * The binding layer, not the protocol, enforces the rules: sends only in
 * Running (and Pausing for work already in flight); Pausing completes only
 * once no send and no OID of the binding is in flight and no worker can
 * still deliver to it (RCU grace period); unbind always follows a pause,
 * cannot fail, and completes only once every OID has completed and every
 * frame the protocol holds is returned; deregistration unbinds every
 * binding, then calls uninstall.
 *
 * Levels (dps_level.h): CONTROL code may block (the control thread, the
 * telemetry threads); DATAPATH code (workers) must not. State changes run
 * on the control thread; receive and send run on workers or on the control
 * thread.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ether.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_telemetry.h>

#include "dps_config_keys.h"
#include "dps_level.h"
#include "dps_lock.h"
#include "dps_log.h"
#include "dps_object.h"
#include "dps_oid.h"
#include "dps_status.h"
#include "dps_timer.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dps_adapter;  /**< opaque: an adapter (an ethdev port) */
struct dps_binding;  /**< opaque: one protocol bound to one adapter */
struct dps_protocol; /**< opaque: a registered protocol */

/* ------------------------------------------------------------------------ */
/** @name Binding states (NDIS 6) */

enum dps_binding_state {
	DPS_BINDING_UNBOUND = 0,
	DPS_BINDING_OPENING,
	DPS_BINDING_PAUSED,
	DPS_BINDING_RESTARTING,
	DPS_BINDING_RUNNING,
	DPS_BINDING_PAUSING,
	DPS_BINDING_CLOSING,
};

/**
 * Name of a binding state.
 * @param state a DPS_BINDING_* value.
 * @return "Running" etc.; "?" for a value that is not a state. Level: any.
 */
const char *dps_binding_state_str(int state);

/* ------------------------------------------------------------------------ */
/** @name Receive flags, packet filter, limits */

#define DPS_RX_F_RESOURCES 0x1u /**< mempool low: do not keep the mbufs past the call */
#define DPS_RX_F_SHARED 0x2u	/**< some frames have other readers (refcnt > 1): read-only */

/** Software packet filter bits (NDIS_PACKET_TYPE_* values). */
#define DPS_FILTER_DIRECTED 0x0001u
#define DPS_FILTER_MULTICAST 0x0002u
#define DPS_FILTER_ALL_MULTICAST 0x0004u
#define DPS_FILTER_BROADCAST 0x0008u
#define DPS_FILTER_PROMISCUOUS 0x0020u
#define DPS_FILTER_ALL                                                                             \
	(DPS_FILTER_DIRECTED | DPS_FILTER_MULTICAST | DPS_FILTER_ALL_MULTICAST |                   \
		DPS_FILTER_BROADCAST | DPS_FILTER_PROMISCUOUS)

/** Most EtherTypes one binding receives. */
#define DPS_BINDING_MAX_ETHERTYPES 16
/** Most multicast addresses in one binding's list. */
#define DPS_BINDING_MAX_MCAST 32
/** Longest protocol name (characters, [a-z0-9_]); a [protocol NAME] section names it. */
#define DPS_PROTOCOL_NAME_MAX 15
/** Most counters in a protocol's counter table. */
#define DPS_PROTOCOL_MAX_COUNTERS 64
/** Longest counter name (characters, [a-z0-9_]). */
#define DPS_PROTOCOL_COUNTER_NAME_MAX 31

/* ------------------------------------------------------------------------ */
/** @name What a protocol is told */

/** What a protocol learns when it is bound (NDIS_BIND_PARAMETERS). */
struct dps_bind_params {
	const char *adapter_name;
	uint16_t port_id;
	struct rte_ether_addr mac;
	uint16_t mtu;
	int link_up;
	uint32_t link_speed;		     /**< Mb/s */
	const struct dps_config_ipv4 *addrs; /**< the adapter's configured addresses */
	uint8_t nb_addrs;
	const struct dps_config_protocol *proto_cfg; /**< its [protocol] section; may be NULL */
	struct rte_mempool *pool;		     /**< for frames the protocol builds */
};

/** Status indications (NDIS_STATUS_INDICATION). */
enum dps_indication_code {
	DPS_IND_LINK_STATE = 1,
};

/** One status indication. */
struct dps_status_indication {
	enum dps_indication_code code;
	int link_up;
	uint32_t link_speed; /**< Mb/s */
};

/** PnP events (NET_PNP_EVENT). */
enum dps_pnp_code {
	DPS_PNP_PAUSE = 1,
	DPS_PNP_RESTART,
};

/** One PnP event. */
struct dps_pnp_event {
	enum dps_pnp_code code;
	/** RESTART: the (possibly new) attributes. */
	const struct dps_bind_params *params;
};

/**
 * Protocol callbacks; all optional except receive (which may be NULL only
 * for a protocol with no EtherTypes and without catch_all).
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
	void (*send_complete)(
		struct dps_binding *b, void *ctx, uint16_t sent, uint16_t n, int status);
	/** A status indication (link state). CONTROL. */
	void (*status)(struct dps_binding *b, void *ctx, const struct dps_status_indication *ind);
	/** PAUSE / RESTART. Returning non-OK to RESTART leaves the binding Paused. CONTROL. */
	int (*pnp_event)(struct dps_binding *b, void *ctx, const struct dps_pnp_event *ev);
	/** Completion of an OID request that returned DPS_PENDING. */
	void (*oid_complete)(
		struct dps_binding *b, void *ctx, struct dps_oid_request *req, int status);
	/** After the last unbind of a deregistered protocol. CONTROL. */
	void (*uninstall)(struct dps_protocol *p);
};

/* ------------------------------------------------------------------------ */
/** @name The descriptor */

/**
 * A protocol's counter table: @p n uint64_t counters per binding, one row
 * of them per lcore slot (DPS_PROTO_STAT_SLOTS rows) inside the binding
 * context, written with dps_proto_stat_add() and summed over the rows on
 * read (dps_binding_counters(), /dpstack/binding,<id>, the exit report).
 *
 * Row s, counter i is the uint64_t at
 *   (char *)ctx + offset + s * stride + i * sizeof(uint64_t).
 */
struct dps_protocol_counters {
	const char *const *names; /**< @p n names, [a-z0-9_], unique; telemetry dict keys */
	uint16_t n;		  /**< 0 = no table; at most DPS_PROTOCOL_MAX_COUNTERS */
	size_t offset;		  /**< of row 0, counter 0 in the binding context */
	size_t stride;		  /**< bytes between rows: at least n * 8, a multiple of 8 */
};

struct dps_protocol_desc;
struct dps_server_ops; /**< stack-internal (lib/ctrl), see socket_service */

/** A protocol's static descriptor (one per protocol, like an nginx module). */
struct dps_protocol_desc {
	const char *name;	    /**< 1..DPS_PROTOCOL_NAME_MAX chars of [a-z0-9_], unique */
	const uint16_t *ethertypes; /**< host byte order; NULL/0 = receives nothing */
	uint8_t nb_ethertypes;	    /**< at most DPS_BINDING_MAX_ETHERTYPES */
	/**
	 * Non-zero: the protocol's bindings receive frames whatever their
	 * EtherType (subject to their packet filter), as an NDIS protocol bound
	 * for all frame types (xconnect). How that combines with the EtherType
	 * bindings of the same adapter is dispatch's rule (DESIGN.md 6). Needs
	 * receive; excludes ethertypes.
	 */
	uint8_t catch_all;
	uint32_t default_filter;		    /**< DPS_FILTER_* of a new binding */
	const struct dps_protocol_ops *ops;	    /**< required */
	const struct dps_context_type *binding_ctx; /**< required: the binding context type */
	const struct dps_config_key *config_keys;   /**< its keys in [protocol NAME]; may be NULL */
	struct dps_protocol_counters counters;	    /**< its counter table; n = 0: none */
	/**
	 * Optional: add to the protocol's part of /dpstack/binding,<id> (a dict
	 * under the protocol's name that already holds the counter table) with
	 * rte_tel_data_add_dict_* and plain values only (strings, numbers: DPDK
	 * 22.11 nests containers one level deep, and this dict is already inside
	 * the binding's). Runs on a telemetry thread with the binding
	 * kept alive (in any state): read lock-free, never block a worker.
	 * @return DPS_OK or a status (the protocol's dict then ends with "status"
	 *         and "error": the hook failed).
	 * Level: CONTROL (a telemetry thread).
	 */
	int (*telemetry)(struct dps_binding *b, void *ctx, struct rte_tel_data *d);
	/**
	 * Optional: the protocol's own telemetry command, /dpstack/<name>,<adapter>
	 * (adapter name or port): fill @p d, an empty reply, about the
	 * protocol's binding on that adapter (start it with
	 * rte_tel_data_start_dict()). Registered when the stack's telemetry
	 * starts. Runs on a telemetry thread with the binding kept alive (in
	 * any state): read lock-free, never block a worker.
	 * @return DPS_OK; DPS_E_NOT_READY (the binding's state is gone: the
	 *         reply says the binding went away); DPS_E_RESOURCES (no memory);
	 *         another status (the reply says the command failed).
	 * Level: CONTROL (a telemetry thread).
	 */
	int (*telemetry_cmd)(struct dps_binding *b, void *ctx, struct rte_tel_data *d);
	/** One line of help for telemetry_cmd (/help,/dpstack/<name>). */
	const char *telemetry_cmd_help;
	/**
	 * Optional: the protocol's line (or a few, each indented by four
	 * spaces) about a binding in the exit report, after the binding's own
	 * line. Without it, a protocol with a counter table gets the default
	 * line "    <name>: <first counter> N <each other counter not zero> N";
	 * with it, that line is the hook's to print (or not). Level: CONTROL
	 * (the control thread, at teardown, before unbind).
	 */
	void (*binding_report)(struct dps_binding *b, void *ctx, FILE *f);
	/**
	 * Optional: the protocol's lines of the exit report (once, after every
	 * binding's). Level: CONTROL (the control thread, at teardown).
	 */
	void (*report)(const struct dps_protocol_desc *desc, FILE *f);
	/**
	 * Stack-internal, NULL for every protocol but the built-in raw one: the
	 * handlers of the control socket's requests (lib/ctrl's struct
	 * dps_server_ops, for the [stack] max_opens given); the stack serves
	 * the socket when a registered protocol has one. The plugin loader
	 * refuses a plugin's descriptor that sets it.
	 */
	const struct dps_server_ops *(*socket_service)(unsigned int max_opens);
};

/**
 * Check a descriptor: name (present, 1..DPS_PROTOCOL_NAME_MAX characters of
 * [a-z0-9_]), ops and binding_ctx present, EtherTypes (list present when
 * counted, at most DPS_BINDING_MAX_ETHERTYPES, none with catch_all), receive
 * present when the protocol receives anything, default_filter only
 * DPS_FILTER_* bits, counter table (names present, valid and unique, at most
 * DPS_PROTOCOL_MAX_COUNTERS, stride a multiple of 8 and >= n * 8).
 *
 * @param d the descriptor.
 * @param err on failure, one line naming the field (may be NULL).
 * @param len size of @p err.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL @p d, or any bad field).
 * Level: any (no allocation, no logging).
 */
int dps_protocol_desc_validate(const struct dps_protocol_desc *d, char *err, size_t len);

/**
 * Add a descriptor to the registry of protocols the stack registers at
 * start (in name order). DPS_PROTOCOL_REGISTER calls it from a constructor;
 * the plugin loader calls it for each plugin, before the stack registers
 * the protocols.
 *
 * @param d a static descriptor (it must outlive the stack).
 * @return DPS_OK; what dps_protocol_desc_validate() returns; DPS_E_EXISTS
 *         (a descriptor of that name is in the registry); DPS_E_RESOURCES
 *         (the registry is full); DPS_E_INVALID_STATE (the stack has
 *         registered the protocols already).
 * Level: any, before the stack starts (not thread-safe).
 */
int dps_protocol_registry_add(const struct dps_protocol_desc *d);

/**
 * A check of a protocol's [protocol NAME] section as a whole, beyond what
 * its key table says (each key's type and range): a value with a syntax of
 * its own, keys that must agree (xconnect's pairs).
 * @param p the section (read it with dps_config_proto_*()).
 * @param key output on failure: the name of the key at fault, one of the
 *        protocol's config_keys (static storage).
 * @param why output on failure: one line, what is wrong with the value.
 * @param len size of @p why.
 * @return DPS_OK, or a status for a bad section.
 * Level: CONTROL (the main thread, before EAL starts: no DPDK call).
 */
typedef int (*dps_protocol_config_check_t)(
	const struct dps_config_protocol *p, const char **key, char *why, size_t len);

/**
 * Give descriptor @p d a check of its configuration section: dpstack runs
 * it once when the configuration is loaded, if the file has the section;
 * a failure stops dpstack before anything is initialised, with one line
 * "FILE: [protocol NAME] KEY = 'VALUE': WHY" (the value shown for a string
 * key) and exit status 2. Call it from a constructor (RTE_INIT) of the
 * protocol's file, a plugin's included: it runs when the plugin is loaded,
 * before the full configuration is. (A function rather than a descriptor
 * field: new descriptor fields would break ABI 1.)
 *
 * @param d the descriptor (need not be in the registry yet).
 * @param fn the check; NULL removes it.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL @p d); DPS_E_RESOURCES (more
 *         descriptors with a check than the registry holds).
 * Level: any, before the stack starts (not thread-safe).
 */
int dps_protocol_set_config_check(
	const struct dps_protocol_desc *d, dps_protocol_config_check_t fn);

/** @cond internal */
/* a constructor's failure is kept for the stack to report at start */
void dps__protocol_registry_ctor(const struct dps_protocol_desc *d);
/** @endcond */

/**
 * Register a built-in protocol's descriptor @p desc (the name of a static
 * object of the same file) when the program starts: a constructor calls
 * dps_protocol_registry_add(); a failure (a descriptor that does not
 * validate, a name taken) is kept and stops dpstack at start with one line.
 * One line in the protocol's own folder; nothing outside it names the
 * protocol. The protocol's objects must be linked whole (lib/proto/meson.build).
 * A plugin uses DPS_PLUGIN_EXPORT instead.
 */
#define DPS_PROTOCOL_REGISTER(desc)                                                                \
	RTE_INIT(dps_protocol_register_##desc)                                                     \
	{                                                                                          \
		dps__protocol_registry_ctor(&(desc));                                              \
	}

/** @name Plugins (protocols built out of tree against the installed SDK) */

/** The ABI of this SDK; a plugin built for another is refused. */
#define DPS_PROTOCOL_ABI_VERSION 1u

/** What a plugin exports, under the name DPS_PLUGIN_ENTRY_SYMBOL. */
struct dps_plugin_entry {
	uint32_t abi_version;		      /**< DPS_PROTOCOL_ABI_VERSION it was built with */
	const struct dps_protocol_desc *desc; /**< its descriptor */
};

/** The symbol the plugin loader looks up (dlsym). */
#define DPS_PLUGIN_ENTRY_SYMBOL "dps_plugin_entry"

/** Define the exported entry point of a plugin for descriptor @p desc. */
#define DPS_PLUGIN_EXPORT(desc)                                                                    \
	__attribute__((visibility("default")))                                                     \
	const struct dps_plugin_entry dps_plugin_entry = {DPS_PROTOCOL_ABI_VERSION, &(desc)}

/* ------------------------------------------------------------------------ */
/** @name What a protocol may call on its bindings */

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
 * can wait for them: hold @p n when keeping, release @p n when freeing.
 * Level: any.
 */
void dps_binding_hold(struct dps_binding *b, uint32_t n);
/** See dps_binding_hold(). Level: any. */
void dps_binding_release(struct dps_binding *b, uint32_t n);

/**
 * Set the software packet filter (DPS_FILTER_*), republishing dispatch.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, unknown bits); DPS_E_LEVEL.
 * Level: CONTROL.
 */
int dps_binding_set_filter(struct dps_binding *b, uint32_t filter);
/** @return the binding's packet filter (DPS_FILTER_*). Level: any. */
uint32_t dps_binding_filter(const struct dps_binding *b);

/**
 * Set the multicast list (for DPS_FILTER_MULTICAST).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL with n > 0, a unicast
 *         address); DPS_E_RESOURCES (n > DPS_BINDING_MAX_MCAST); DPS_E_LEVEL.
 * Level: CONTROL.
 */
int dps_binding_set_mcast(struct dps_binding *b, const struct rte_ether_addr *list, unsigned int n);
/** The binding's multicast list; @return its length (at most @p max copied). Level: any. */
unsigned int dps_binding_mcast(
	const struct dps_binding *b, struct rte_ether_addr *out, unsigned int max);

/**
 * Replace the EtherTypes this binding receives (host order).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_RESOURCES (too many).
 * Level: CONTROL.
 */
int dps_binding_set_ethertypes(struct dps_binding *b, const uint16_t *types, unsigned int n);
/** The EtherTypes the binding receives now; @return how many (at most @p max copied). */
unsigned int dps_binding_ethertypes(const struct dps_binding *b, uint16_t *out, unsigned int max);

/** VLAN id of the binding (OID_GEN_VLAN_ID; 0 = none). Level: any. */
uint32_t dps_binding_vlan(const struct dps_binding *b);
/** @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL or id > 4095). Level: CONTROL. */
int dps_binding_set_vlan(struct dps_binding *b, uint32_t vlan_id);

/** @return the state. Level: any. */
enum dps_binding_state dps_binding_state(const struct dps_binding *b);

/**
 * Wait until no worker can still see what was unpublished before the call
 * (an RCU grace period; returns at once without workers): a protocol that
 * publishes its own tables to its receive path frees the old one after it.
 * Level: CONTROL.
 */
void dps_binding_synchronize(void);

/** Accessors. Level: any. */
void *dps_binding_ctx(struct dps_binding *b);
/** @return the binding's adapter (opaque). */
struct dps_adapter *dps_binding_adapter(const struct dps_binding *b);
/** @return the binding's protocol. */
struct dps_protocol *dps_binding_protocol(const struct dps_binding *b);
/** @return the binding's object ("proto@adapter"; hold references with dps_object_ref). */
struct dps_object *dps_binding_object(struct dps_binding *b);
/** @return the attributes the binding was opened (or last restarted) with. */
const struct dps_bind_params *dps_binding_params(const struct dps_binding *b);
/** @return the protocol's descriptor, or NULL. Level: any. */
const struct dps_protocol_desc *dps_protocol_desc(const struct dps_protocol *p);

/** What a protocol may read about its adapter now. */
struct dps_adapter_info {
	char name[16];	  /**< the adapter's name ([adapter NAME]) */
	char device[256]; /**< its device string ("net_tap0,iface=dps0") */
	char driver[32];  /**< the PMD ("net_tap") */
	uint16_t port_id;
	struct rte_ether_addr mac;
	uint16_t mtu;
	int link_up;
	uint32_t link_speed; /**< Mb/s */
};

/**
 * Read the binding's adapter as it is now (MAC, MTU and link may have
 * changed since bind).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL). Level: any.
 */
int dps_binding_adapter_info(const struct dps_binding *b, struct dps_adapter_info *out);

/** Per-binding counters the layer keeps, summed over lcores. */
struct dps_binding_stats {
	uint64_t rx_frames;
	uint64_t rx_calls;
	uint64_t tx_frames;  /**< taken by the PMD */
	uint64_t tx_dropped; /**< not taken, freed */
	uint64_t tx_refused; /**< sends refused (state) */
	uint64_t held;	     /**< frames the protocol keeps now */
};
/** Read the layer's counters of @p b. Level: any. */
void dps_binding_stats(const struct dps_binding *b, struct dps_binding_stats *st);

/**
 * Read the protocol's own counter table of @p b (desc->counters), each
 * counter summed over the lcore rows.
 * @param out @p max values; counter i in out[i].
 * @return the number of counters the table has (those beyond @p max are
 *         not copied); DPS_E_INVALID_PARAMETER (NULL @p b, NULL @p out with
 *         @p max > 0); DPS_E_NOT_READY (no context yet).
 * Level: any (lock-free; the caller keeps @p b alive).
 */
int dps_binding_counters(const struct dps_binding *b, uint64_t *out, unsigned int max);

/* ------------------------------------------------------------------------ */
/** @name Inline helpers for receive paths (allocation-free, DATAPATH-safe) */

/** Most 802.1Q / 802.1ad tags the binding layer (and a protocol) looks behind. */
#define DPS_PROTO_MAX_TAGS 2

/** Most frames one receive call handles per batch (one dps_binding_send each). */
#define DPS_PROTO_TX_BATCH 64

/** Counter rows: one per lcore id, and a last one shared by threads without one. */
#define DPS_PROTO_STAT_SLOTS (RTE_MAX_LCORE + 1)

/** dps_proto_l2_parse() results. */
#define DPS_PROTO_L2_OK 0
#define DPS_PROTO_L2_RUNT (-1)	   /**< headers cut short in the first segment */
#define DPS_PROTO_L2_TOO_MANY (-2) /**< more than DPS_PROTO_MAX_TAGS tags */

/**
 * Find the L3 header: skip the Ethernet header and up to two 802.1Q / 802.1ad
 * tags, within the first segment (where the binding layer classified them).
 *
 * @param m the frame.
 * @param l2_len output: offset of the L3 header.
 * @param ethertype output: the EtherType behind the tags, host order.
 * @return DPS_PROTO_L2_OK, DPS_PROTO_L2_RUNT or DPS_PROTO_L2_TOO_MANY.
 * Level: any.
 */
static inline int
dps_proto_l2_parse(const struct rte_mbuf *m, uint32_t *l2_len, uint16_t *ethertype)
{
	uint32_t len = rte_pktmbuf_data_len(m);
	uint32_t off = sizeof(struct rte_ether_hdr);
	const struct rte_ether_hdr *eth;
	unsigned int tags = 0;
	uint16_t type;

	if (unlikely(len < off))
		return DPS_PROTO_L2_RUNT;
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	type = rte_be_to_cpu_16(eth->ether_type);
	while (type == RTE_ETHER_TYPE_VLAN || type == RTE_ETHER_TYPE_QINQ) {
		const struct rte_vlan_hdr *vh;

		if (unlikely(tags == DPS_PROTO_MAX_TAGS))
			return DPS_PROTO_L2_TOO_MANY;
		if (unlikely(len < off + sizeof(*vh)))
			return DPS_PROTO_L2_RUNT;
		vh = rte_pktmbuf_mtod_offset(m, const struct rte_vlan_hdr *, off);
		type = rte_be_to_cpu_16(vh->eth_proto);
		off += sizeof(*vh);
		tags++;
	}
	*l2_len = off;
	*ethertype = type;
	return DPS_PROTO_L2_OK;
}

/**
 * May a reply be built in place in @p m? Only when nobody else can read it:
 * the call's frames are not flagged shared, the mbuf is direct (its data
 * buffer is its own) and we hold the only reference.
 * @param m a frame given to receive.
 * @param rx_flags the flags of that receive call.
 * @return 1 if it may be rewritten, else 0. Level: any.
 */
static inline int
dps_proto_frame_writable(const struct rte_mbuf *m, uint32_t rx_flags)
{
	return !(rx_flags & DPS_RX_F_SHARED) && RTE_MBUF_DIRECT(m) && rte_mbuf_refcnt_read(m) == 1;
}

/**
 * The stack's per-thread counter row: a worker sets it to its lcore id when
 * it starts; every other thread (the control thread, telemetry, threads of
 * the application) leaves it at UINT32_MAX. Initial-exec TLS, so reading it
 * is one load even from a shared library or a plugin (rte_lcore_id() there
 * is a __tls_get_addr call). Read it through dps_proto_stat_slot(); never
 * write it.
 */
extern __thread uint32_t dps__lcore_slot_tls __attribute__((tls_model("initial-exec")));

/**
 * The calling thread's counter row (compute it once per burst). On a worker
 * it is one load of dps__lcore_slot_tls; a thread that did not set it (the
 * control thread, on the main lcore, which ARP's cache aging needs as an
 * lcore; telemetry; application threads) takes rte_lcore_id(), a TLS call.
 * @return 0..RTE_MAX_LCORE - 1 for an lcore (its id: the row has one writer),
 * RTE_MAX_LCORE (the shared row, atomic adds) for other threads.
 * Level: any.
 */
static inline unsigned int
dps_proto_stat_slot(void)
{
	uint32_t s = dps__lcore_slot_tls;
	unsigned int lc;

	if (likely(s < RTE_MAX_LCORE))
		return s;
	lc = rte_lcore_id();
	return lc < RTE_MAX_LCORE ? lc : RTE_MAX_LCORE;
}

/**
 * Add @p n to a per-lcore counter @p c of row @p slot. A row of an lcore has
 * one writer (a plain add, kept atomic for the lock-free readers); the
 * shared last row takes an atomic add.
 * Level: any.
 */
static inline void
dps_proto_stat_add(uint64_t *c, unsigned int slot, uint64_t n)
{
	if (likely(slot < RTE_MAX_LCORE))
		__atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + n, __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(c, n, __ATOMIC_RELAXED);
}

/**
 * Read a counter written by another thread.
 * @return its value. Level: any.
 */
static inline uint64_t
dps_proto_stat_read(const uint64_t *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

/**
 * Is @p ip (network order) 0.0.0.0, 255.255.255.255, multicast or loopback?
 * @return 1 if so, else 0. Level: any.
 */
static inline int
dps_proto_ipv4_special(uint32_t ip)
{
	uint32_t h = rte_be_to_cpu_32(ip);

	return h == 0 || h == UINT32_MAX || (h & 0xf0000000u) == 0xe0000000u || (h >> 24) == 127;
}

#ifdef __cplusplus
}
#endif

#endif /* DPS_PROTOCOL_H */
