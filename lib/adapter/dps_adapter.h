/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_ADAPTER_H
#define DPS_ADAPTER_H

/**
 * @file
 * Adapters: one DPDK ethdev port each (a vdev or a PCI device), configured
 * from an [adapter NAME] section (DESIGN.md sections 1, 6, 12).
 *
 * The adapter caches what the datapath and the protocols read often (MAC,
 * MTU, link) and carries the datapath's per-adapter state: the RCU-published
 * dispatch table and one tx queue (with a tx buffer) per worker lcore, plus
 * one tx queue for the control thread. ethdev control calls for the port are
 * made from the control thread only.
 */

#include <stdatomic.h>
#include <stdint.h>
#include <sys/queue.h>

#include <rte_ether.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_spinlock.h>

#include "dps_config.h"
#include "dps_object.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Frames per rx/tx burst. */
#define DPS_BURST 32

/** Capacity of one (worker, adapter) tx buffer. */
#define DPS_TXBUF_SIZE (2 * DPS_BURST)

struct dps_binding;
struct dps_dispatch_table;
struct dps_filter_chain;

/** A sender without a tx queue of its own (the device has fewer). */
#define DPS_TXQ_HANDOFF UINT16_MAX

/** Frames a hand-off ring holds (per owned tx queue). */
#define DPS_HANDOFF_RING 1024

/** A (worker, adapter) tx buffer: frames and which send they came from. */
struct dps_txbuf {
	uint16_t queue;	 /**< its tx queue, or DPS_TXQ_HANDOFF */
	uint16_t target; /**< with DPS_TXQ_HANDOFF: the queue whose owner sends for it */
	uint16_t n;
	uint16_t nb_seg;
	struct rte_mbuf *pkts[DPS_TXBUF_SIZE];
	struct {
		struct dps_binding *b;
		uint16_t n;
	} seg[DPS_TXBUF_SIZE];
} __rte_cache_aligned;

/** Per-lcore adapter counters (datapath side). */
struct dps_adapter_lcore_stats {
	uint64_t rx;
	uint64_t tx;
	uint64_t tx_dropped; /**< the PMD did not take them */
	uint64_t rx_runt;
	uint64_t rx_vlan_truncated;
	uint64_t rx_too_many_vlans;
	uint64_t rx_unclaimed; /**< no binding for the EtherType */
	uint64_t rx_filtered;  /**< bindings exist, none's packet filter took it */
} __rte_cache_aligned;

struct dps_adapter {
	/* read by the datapath */
	struct dps_dispatch_table *_Atomic dispatch; /**< RCU-published */
	struct dps_filter_chain *_Atomic filters;    /**< lib/filter; NULL: none (RCU) */
	uint16_t port_id;
	uint16_t mtu;
	struct rte_ether_addr mac;
	struct rte_mempool *pool;
	unsigned int resources_free_min;	/**< free-mbuf watermark for DPS_RX_F_RESOURCES */
	struct dps_txbuf *txbuf[RTE_MAX_LCORE]; /**< per worker lcore; NULL elsewhere */
	struct dps_adapter_lcore_stats stats[RTE_MAX_LCORE + 1]; /**< last slot: non-EAL */
	/**
	 * A virtual adapter (made by the vlan mux over a physical one, DESIGN.md
	 * 10) has no port of its own (port_id is RTE_MAX_ETHPORTS): its frames
	 * come from the mux's binding on @p lower, and what its bindings send
	 * leaves through the lower adapter's tx queues, tagged with @p vlan_tci.
	 * NULL for a physical adapter.
	 */
	struct dps_adapter *lower;
	uint16_t vlan_tci;  /**< virtual: the VLAN id (priority 0) its frames are tagged with */
	uint8_t tx_vlan_hw; /**< virtual: the lower port inserts the tag (TX_OFFLOAD_VLAN_INSERT) */

	/* control side */
	struct dps_object *obj;
	char name[16];
	uint16_t nb_rxq;
	uint16_t nb_txq;
	uint16_t ctrl_txq; /**< or DPS_TXQ_HANDOFF: it hands over to queue 0's owner */
	rte_spinlock_t ctrl_tx_lock;
	/**
	 * When the device has fewer tx queues than senders (net_pcap has one per
	 * tx_pcap), senders without a queue put frames on the MP/SC ring of a
	 * queue, and that queue's owner (a worker) sends them (DESIGN.md 6).
	 */
	struct rte_ring *handoff[RTE_MAX_QUEUES_PER_PORT];
	atomic_int link_up;
	atomic_uint link_speed;
	int started;
	int probed;		   /**< dpstack probed the device and detaches it at close */
	unsigned int tap_if_index; /**< net_tap: the kernel interface (the stack's peer) */
	/* cached at configure for OID queries */
	struct rte_ether_addr perm_mac;
	char driver[32];
	uint16_t min_mtu, max_mtu;
	uint16_t max_rx_queues;
	uint16_t reta_size;
	uint8_t hash_key_size;
	uint64_t rss_offloads; /**< what the device can hash */
	uint64_t rss_hf;       /**< what is configured */
	atomic_int admin_up;
	uint32_t port_filter; /**< DPS_FILTER_* the port is set to (promisc/allmulti) */
	uint16_t rxq_lcore[RTE_MAX_QUEUES_PER_PORT]; /**< lcore polling each rx queue */
	struct dps_config_adapter cfg;
	uint64_t tx_offloads; /**< what the port is configured to do on transmit */
	/* physical: the mux (lib/binding/binding_mux.c keeps these) */
	struct dps_binding *mux;  /**< the mux's binding on this adapter, or NULL */
	unsigned int nb_virtuals; /**< virtual adapters over it */
	unsigned int mux_promisc; /**< of them, those whose MAC the port cannot filter */
	/* virtual */
	uint8_t mac_added; /**< its MAC is one of the lower port's unicast filters */
	TAILQ_ENTRY(dps_adapter) next;
};

/** @return non-zero when @p a is a virtual adapter (it has a lower one). Level: any. */
static inline int
dps_adapter_is_virtual(const struct dps_adapter *a)
{
	return a->lower != NULL;
}

/** dps__lcore_slot_tls of a thread that has not set it. */
#define DPS_LCORE_SLOT_UNSET UINT32_MAX

/**
 * The calling thread's stats slot, when it set one (workers do, at start):
 * an initial-exec TLS variable, one load, where rte_lcore_id() is a call
 * into the DPDK shared library (__tls_get_addr).
 */
extern __thread uint32_t dps__lcore_slot_tls __attribute__((tls_model("initial-exec")));

/**
 * Set the calling thread's stats slot (its lcore id, < RTE_MAX_LCORE) for
 * dps_lcore_slot(); DPS_LCORE_SLOT_UNSET clears it. Level: the thread itself.
 */
static inline void
dps_lcore_slot_set(uint32_t slot)
{
	dps__lcore_slot_tls = slot;
}

/** Stats slot of the calling thread: its lcore id, or RTE_MAX_LCORE for a non-EAL thread. */
static inline unsigned int
dps_lcore_slot(void)
{
	uint32_t s = dps__lcore_slot_tls;
	unsigned int l;

	if (likely(s != DPS_LCORE_SLOT_UNSET))
		return s;
	l = rte_lcore_id();
	return l < RTE_MAX_LCORE ? l : RTE_MAX_LCORE;
}

/**
 * How many mbufs the stack needs (DESIGN.md section 6): rx ring x rx queues
 * and tx ring x tx queues of every adapter, per-lcore caches, in-flight
 * bursts, and headroom for frames protocols keep or copy.
 *
 * @param cfg the configuration.
 * @param nb_workers worker lcores.
 * @param breakdown optional text of the sum, for the start-up log.
 * @return the number of mbufs.
 * Level: any.
 */
unsigned int dps_adapter_pool_size(
	const struct dps_config *cfg, unsigned int nb_workers, char *breakdown, size_t len);

/**
 * Create an adapter: find or probe its device, configure its queues (RSS
 * when more than one rx queue, masked by what the device supports), set
 * its MTU, and set up the rx/tx queues. The port is not started.
 *
 * @param stack parent object.
 * @param cfg its section (copied).
 * @param pool mbuf pool for rx queues.
 * @param workers worker lcore ids, @p nb_workers of them (>= 1).
 * @param out the adapter.
 * @param err one line on failure.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_FOUND (no such device);
 *         DPS_E_EXISTS (a port already serves this name); DPS_E_NOT_SUPPORTED
 *         (the device has too few queues); DPS_E_RESOURCES; or the mapped
 *         ethdev error.
 * Level: CONTROL.
 */
int dps_adapter_create(struct dps_object *stack, const struct dps_config_adapter *cfg,
	struct rte_mempool *pool, const unsigned int *workers, unsigned int nb_workers,
	struct dps_adapter **out, char *err, size_t errlen);

/**
 * Create a virtual adapter over @p lower (the vlan mux's, DESIGN.md 10): no
 * port, queues or rings of its own; its MAC is @p cfg's (mac_set) or the
 * lower adapter's, its MTU @p cfg's mtu clamped to the lower's, its link the
 * lower's. A MAC other than the lower port's is added to the port's unicast
 * filters (rte_eth_dev_mac_addr_add), or, where the port has no room, the
 * port goes promiscuous while the virtual adapter exists. It holds a
 * reference on @p lower until it is closed.
 *
 * @param stack parent object.
 * @param cfg its section (copied): lower, vlan, optional mac and mtu.
 * @param lower a physical adapter.
 * @param out the adapter.
 * @param err one line on failure.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, vlan not 1..4094, a MAC that
 *         is multicast, zero or globally administered, an mtu above the
 *         lower's); DPS_E_NOT_SUPPORTED (@p lower is virtual); DPS_E_EXISTS
 *         (the name is taken, or the VLAN is used on @p lower already);
 *         DPS_E_ADAPTER_REMOVED (@p lower is going away); DPS_E_RESOURCES.
 * Level: CONTROL.
 */
int dps_adapter_create_virtual(struct dps_object *stack, const struct dps_config_adapter *cfg,
	struct dps_adapter *lower, struct dps_adapter **out, char *err, size_t errlen);

/**
 * Start / stop the port; start also reads the link.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; the mapped ethdev error.
 * Level: CONTROL.
 */
int dps_adapter_start(struct dps_adapter *a);
int dps_adapter_stop(struct dps_adapter *a);

/**
 * Release the adapter: stop and close the port (detach a probed device),
 * free its tx buffers and delete its object.
 * Level: CONTROL.
 */
int dps_adapter_close(struct dps_adapter *a);

/**
 * Read the link without waiting and update the cached state (a virtual
 * adapter takes its lower adapter's).
 * @return 1 when it changed, 0 when not, or a negative status.
 * Level: CONTROL.
 */
int dps_adapter_link_update(struct dps_adapter *a);

/**
 * Change the port's MTU / MAC (the port keeps running where the PMD allows;
 * a net_tap's kernel side keeps a MAC of its own).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (out of the device's range, a
 *         multicast or zero MAC); DPS_E_NOT_SUPPORTED; the mapped ethdev error.
 * Level: CONTROL.
 */
int dps_adapter_set_mtu(struct dps_adapter *a, uint16_t mtu);

/**
 * Would dps_adapter_set_mtu() take @p mtu? Checked without touching the
 * port: the device's range (its real maximum: what its largest frame
 * allows, not only the max_mtu it advertises) and the mbuf size.
 * @param why receives the reason of a refusal (e.g. "MTU 1600: frame size
 *        1618 > device max 1522 (dps0: MTU at most 1504)"); may be NULL.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER. Level: CONTROL.
 */
int dps_adapter_check_mtu(const struct dps_adapter *a, uint32_t mtu, char *why, size_t len);

/** The largest MTU dps_adapter_check_mtu() takes (device and mbuf size). Level: any. */
uint16_t dps_adapter_max_mtu(const struct dps_adapter *a);

/**
 * Would dps_adapter_set_rx_queues() take @p n? (the device's range, net_tap's
 * pairing), without touching the port; @p why as dps_adapter_check_mtu().
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_SUPPORTED; the mapped
 *         ethdev error. Level: CONTROL.
 */
int dps_adapter_check_rx_queues(const struct dps_adapter *a, uint32_t n, char *why, size_t len);
int dps_adapter_set_mac(struct dps_adapter *a, const struct rte_ether_addr *mac);

/**
 * Reconfigure the port with @p n rx queues (RSS over them when n > 1): the
 * port is stopped, set up again and restarted. The caller takes the adapter
 * off the workers before and assigns the queues again after.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (0, or more than the device has);
 *         DPS_E_NOT_SUPPORTED (net_tap: rx must equal tx queues); the mapped
 *         ethdev error.
 * Level: CONTROL.
 */
int dps_adapter_set_rx_queues(struct dps_adapter *a, uint16_t n);

/**
 * Administrative link up / down (rte_eth_dev_set_link_up/down).
 * @return DPS_OK; DPS_E_NOT_SUPPORTED; the mapped ethdev error. Level: CONTROL.
 */
int dps_adapter_set_admin(struct dps_adapter *a, int up);

/** Lookups over the registry of adapters. Level: CONTROL. */
struct dps_adapter *dps_adapter_find(const char *name);
struct dps_adapter *dps_adapter_by_port(uint16_t port_id);
/** Visit every adapter; non-zero from @p cb stops. Level: CONTROL. */
int dps_adapter_foreach(int (*cb)(struct dps_adapter *a, void *arg), void *arg);
/** @return number of adapters. */
unsigned int dps_adapter_count(void);

/** Sum the per-lcore counters. Level: any. */
void dps_adapter_stats(const struct dps_adapter *a, struct dps_adapter_lcore_stats *sum);

#ifdef __cplusplus
}
#endif

#endif /* DPS_ADAPTER_H */
