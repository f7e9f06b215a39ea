/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_OID_H
#define DPS_OID_H

/**
 * @file
 * OID requests (DESIGN.md section 7): the NDIS OID model over ethdev.
 *
 * A request is a fixed-size object taken from a pool (no allocation on a
 * worker), with its data buffer inline. dps_oid_request() answers at once
 * from the adapter's cached state, or returns DPS_PENDING: the request then
 * travels to the control thread (which alone calls ethdev for the port),
 * and its completion comes back to the thread that asked, where the
 * binding's oid_complete runs. Every request that returned DPS_PENDING
 * completes exactly once: normally, by timeout, or aborted
 * (DPS_E_REQUEST_ABORTED) by unbind or adapter removal.
 *
 * Byte counts follow NDIS: bytes_written (query) and bytes_read (set) are
 * clipped to the buffer; bytes_needed is set with DPS_E_BUFFER_TOO_SHORT
 * (query) or DPS_E_INVALID_LENGTH (set).
 */

#include <stdint.h>

#include <rte_ether.h>

#ifdef __cplusplus
extern "C" {
#endif

struct dps_adapter;
struct dps_binding;

typedef uint32_t dps_oid_t;

/* General (NDIS public values) */
#define OID_GEN_SUPPORTED_LIST 0x00010101u
#define OID_GEN_HARDWARE_STATUS 0x00010102u
#define OID_GEN_MEDIA_SUPPORTED 0x00010103u
#define OID_GEN_MEDIA_IN_USE 0x00010104u
#define OID_GEN_MAXIMUM_FRAME_SIZE 0x00010106u
#define OID_GEN_LINK_SPEED 0x00010107u
#define OID_GEN_VENDOR_DESCRIPTION 0x0001010Du
#define OID_GEN_CURRENT_PACKET_FILTER 0x0001010Eu
#define OID_GEN_DRIVER_VERSION 0x00010110u
#define OID_GEN_MAXIMUM_TOTAL_SIZE 0x00010111u
#define OID_GEN_MEDIA_CONNECT_STATUS 0x00010114u
#define OID_GEN_RECEIVE_SCALE_CAPABILITIES 0x00010203u
#define OID_GEN_RECEIVE_SCALE_PARAMETERS 0x00010204u
#define OID_GEN_LINK_STATE 0x00010207u
#define OID_GEN_VLAN_ID 0x0001021Cu
#define OID_GEN_XMIT_OK 0x00020101u
#define OID_GEN_RCV_OK 0x00020102u
#define OID_GEN_XMIT_ERROR 0x00020103u
#define OID_GEN_RCV_ERROR 0x00020104u
#define OID_GEN_RCV_NO_BUFFER 0x00020105u
#define OID_GEN_STATISTICS 0x00020106u
/* 802.3 */
#define OID_802_3_PERMANENT_ADDRESS 0x01010101u
#define OID_802_3_CURRENT_ADDRESS 0x01010102u
#define OID_802_3_MULTICAST_LIST 0x01010103u
#define OID_802_3_MAXIMUM_LIST_SIZE 0x01010104u
/* dpstack's own range */
#define OID_DPS_BASE 0xFF010000u
#define OID_DPS_MTU (OID_DPS_BASE + 1)		/**< u32 MTU; set pauses and restarts */
#define OID_DPS_MAC_ADDRESS (OID_DPS_BASE + 2)	/**< 6 bytes; set pauses and restarts */
#define OID_DPS_ADMIN_STATE (OID_DPS_BASE + 3)	/**< u32 1 up / 0 down; set pauses and restarts */
#define OID_DPS_QUEUE_STATS (OID_DPS_BASE + 4)	/**< struct dps_oid_queue_stats[] */
#define OID_DPS_RX_QUEUES (OID_DPS_BASE + 5)	/**< u32 rx queues; set reconfigures the port */
#define OID_DPS_ADAPTER_REMOVE (OID_DPS_BASE + 6) /**< set u32 1: remove the adapter */

/** What a catalogue entry allows. */
#define DPS_OID_OP_QUERY 0x1u
#define DPS_OID_OP_SET 0x2u
#define DPS_OID_OP_METHOD 0x4u

enum dps_oid_type {
	DPS_OID_QUERY = 1,
	DPS_OID_SET = 2,
	DPS_OID_METHOD = 3,
};

/* Values (NDIS enumerations) */
#define DPS_MEDIUM_802_3 0u
#define DPS_HARDWARE_STATUS_READY 0u
#define DPS_MEDIA_CONNECTED 0u
#define DPS_MEDIA_DISCONNECTED 1u
#define DPS_MAX_MCAST_LIST 32u

/** OID_GEN_LINK_STATE (NDIS_LINK_STATE, the fields dpstack knows). */
struct dps_oid_link_state {
	uint32_t media_connect_state; /**< 1 connected, 2 disconnected (NDIS) */
	uint32_t duplex;	      /**< 1 half, 2 full, 0 unknown */
	uint64_t xmit_link_speed;     /**< bits/s */
	uint64_t rcv_link_speed;
};

/** OID_GEN_STATISTICS (a subset of NDIS_STATISTICS_INFO, from rte_eth_stats). */
struct dps_oid_statistics {
	uint64_t rcv_ok;
	uint64_t xmit_ok;
	uint64_t rcv_bytes;
	uint64_t xmit_bytes;
	uint64_t rcv_error;
	uint64_t xmit_error;
	uint64_t rcv_discards; /**< imissed */
	uint64_t rcv_no_buffer;
};

/** OID_DPS_QUEUE_STATS: one per rx queue (up to 16, RTE_ETHDEV_QUEUE_STAT_CNTRS). */
struct dps_oid_queue_stats {
	uint64_t ipackets;
	uint64_t opackets;
	uint64_t ibytes;
	uint64_t obytes;
	uint64_t errors;
};

/** OID_GEN_RECEIVE_SCALE_CAPABILITIES. */
struct dps_oid_rss_caps {
	uint32_t nb_rx_queues_max;
	uint32_t reta_size;
	uint32_t hash_key_size;
	uint64_t hash_functions; /**< RTE_ETH_RSS_* the device can hash */
};

/** OID_GEN_RECEIVE_SCALE_PARAMETERS. */
struct dps_oid_rss_params {
	uint64_t hash_functions; /**< RTE_ETH_RSS_* in use */
	uint32_t nb_rx_queues;
	uint32_t key_len;
	uint8_t key[52];
};

/** Largest data buffer of a request. */
#define DPS_OID_BUF_MAX 512

/** Request states (internal bookkeeping, readable for telemetry). */
enum dps_oid_req_state {
	DPS_OID_REQ_FREE = 0,
	DPS_OID_REQ_NEW,       /**< allocated, not submitted */
	DPS_OID_REQ_QUEUED,    /**< on its way to / waiting at the control thread */
	DPS_OID_REQ_COMPLETING, /**< completion on its way back */
	DPS_OID_REQ_DONE,      /**< completed: the owner may read and free it */
	DPS_OID_REQ_ABANDONED, /**< a synchronous waiter gave up: freed when it completes */
};

struct dps_oid_request {
	/* filled by the caller */
	enum dps_oid_type type;
	dps_oid_t oid;
	uint32_t buf_len;     /**< query: room for the answer; set: bytes supplied */
	uint32_t timeout_ms;  /**< 0: DPS_OID_DEFAULT_TIMEOUT_MS */
	void *cookie;	      /**< for the caller */
	/* filled at completion */
	int status;
	uint32_t bytes_written;
	uint32_t bytes_read;
	uint32_t bytes_needed;
	/* internal */
	uint64_t id;
	uint64_t deadline; /**< TSC */
	struct dps_binding *binding;
	struct dps_adapter *adapter;
	unsigned int origin; /**< lcore slot of the caller */
	int cancel;
	int state;
	int sync; /**< a waiter polls the state instead of oid_complete */
	uint8_t buf[DPS_OID_BUF_MAX] __rte_aligned(8);
};

#define DPS_OID_DEFAULT_TIMEOUT_MS 5000u

/** An adapter-level OID handler: fills the request, @return its status. */
typedef int (*dps_oid_handler)(struct dps_adapter *a, struct dps_oid_request *req);

/** One catalogue entry. */
struct dps_oid_info {
	dps_oid_t oid;
	const char *name;
	uint8_t ops;	     /**< DPS_OID_OP_* */
	uint32_t min_len;    /**< smallest buffer (query) / data (set) */
	uint8_t cached;	     /**< a query answered at once from cached state */
	uint8_t port_change; /**< a set that pauses the bindings and reconfigures the port */
	uint8_t needs_stop;  /**< ... and stops the port meanwhile (queue layout) */
	uint8_t client_set;  /**< a set a control-socket client may make (allow-list) */
	dps_oid_handler query; /**< NULL: answered per binding by lib/ctrl */
	dps_oid_handler set;   /**< NULL: per binding or run by lib/ctrl */
};

/** @return the entry for @p oid, or NULL. Level: any. */
const struct dps_oid_info *dps_oid_lookup(dps_oid_t oid);
/** @return the entry named @p name ("OID_802_3_CURRENT_ADDRESS"), or NULL. */
const struct dps_oid_info *dps_oid_lookup_name(const char *name);
/** @return the catalogue and its size. */
const struct dps_oid_info *dps_oid_catalogue(unsigned int *n);

/**
 * Take a request from the pool (no allocation; DATAPATH-safe).
 * @return the request, zeroed, state NEW; NULL when the pool is empty.
 */
struct dps_oid_request *dps_oid_request_alloc(void);

/** Give a completed (or never submitted) request back. Level: any. */
void dps_oid_request_free(struct dps_oid_request *req);

/**
 * Create the request pool (@p n requests). @return DPS_OK; DPS_E_INVALID_STATE
 * (twice); DPS_E_RESOURCES. Level: CONTROL.
 */
int dps_oid_pool_init(unsigned int n);
/** Free the pool; @return the number of requests not given back. */
unsigned int dps_oid_pool_fini(void);
/** @return requests free in the pool. */
unsigned int dps_oid_pool_free_count(void);

/**
 * Check a request against the catalogue and apply the NDIS length rules.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, bad type); DPS_E_NOT_SUPPORTED
 *         (unknown OID or operation); DPS_E_BUFFER_TOO_SHORT (query) /
 *         DPS_E_INVALID_LENGTH (set) with bytes_needed. Sets req->status too.
 * Level: any.
 */
int dps_oid_validate(struct dps_oid_request *req, const struct dps_oid_info **info);

/**
 * Run an adapter-level OID: a query from the adapter's cached state or
 * ethdev, or a set through ethdev (updating the cached state). OIDs that
 * concern one binding (packet filter, multicast list, VLAN id) and port
 * reconfiguration are run by lib/ctrl around this.
 * Fills bytes_written / bytes_read / bytes_needed; -ENOTSUP from ethdev is
 * DPS_E_NOT_SUPPORTED.
 * @return the status (also stored in req->status).
 * Level: CONTROL for non-cached OIDs; any for cached queries.
 */
int dps_oid_execute(struct dps_adapter *a, struct dps_oid_request *req);

/**
 * Submit a request on behalf of binding @p b.
 *
 * @return DPS_OK or a failure status when answered at once (the request
 *         is complete: read it, free it); DPS_PENDING when oid_complete will
 *         run later (on this worker, or on the control thread for any other
 *         caller); failures at once: DPS_E_INVALID_PARAMETER (NULL, bad type),
 *         DPS_E_NOT_SUPPORTED (unknown OID, or the operation is not allowed
 *         for it), DPS_E_BUFFER_TOO_SHORT / DPS_E_INVALID_LENGTH (with
 *         bytes_needed), DPS_E_INVALID_STATE (the binding is Unbound/Opening),
 *         DPS_E_RESOURCES (the ring to the control thread is full; the
 *         request is not queued).
 * Level: any.
 */
int dps_oid_request(struct dps_binding *b, struct dps_oid_request *req);

/**
 * Submit and wait for the completion (no oid_complete call).
 * On the control thread it runs inline; from another CONTROL thread it
 * waits at most @p timeout_ms (0 = the request's own timeout).
 * @return the request's status; DPS_E_TIMEOUT (the request is abandoned: do
 *         NOT free it, it is freed when it completes); DPS_E_LEVEL at DATAPATH.
 * Level: CONTROL.
 */
int dps_oid_request_wait(struct dps_binding *b, struct dps_oid_request *req,
	unsigned int timeout_ms);

/**
 * Ask for a pending request to be cancelled: if the control thread has not
 * started it, it completes with DPS_E_REQUEST_ABORTED.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_INVALID_STATE (not pending).
 * Level: any.
 */
int dps_oid_request_cancel(struct dps_oid_request *req);

/** Format a value of @p oid for people (telemetry, dpsctl). */
int dps_oid_format(const struct dps_oid_request *req, char *out, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* DPS_OID_H */
