/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_OID_CATALOGUE_H
#define DPS_OID_CATALOGUE_H

/**
 * @file
 * The OID catalogue (DESIGN.md section 7): every OID dpstack knows, its
 * code, name, operations, value layout and sizes, and who answers it. One
 * table (lib/oid/dps_oid_catalogue.c), free of DPDK so that dpsctl, which
 * links only libdpsclient, compiles the same table in instead of keeping a
 * copy. dps_oid.h (requests) includes this header.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

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
#define OID_DPS_MTU (OID_DPS_BASE + 1)		  /**< u32 MTU; set pauses and restarts */
#define OID_DPS_MAC_ADDRESS (OID_DPS_BASE + 2)	  /**< 6 bytes; set pauses and restarts */
#define OID_DPS_ADMIN_STATE (OID_DPS_BASE + 3)	  /**< u32 1 up / 0 down; set pauses and restarts */
#define OID_DPS_QUEUE_STATS (OID_DPS_BASE + 4)	  /**< struct dps_oid_queue_stats[] */
#define OID_DPS_RX_QUEUES (OID_DPS_BASE + 5)	  /**< u32 rx queues; set reconfigures the port */
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

/** The layout of an OID's value (how dpsctl and telemetry read it). */
enum dps_oid_value {
	DPS_OID_VALUE_BYTES = 0,   /**< opaque bytes */
	DPS_OID_VALUE_U32,	   /**< uint32_t */
	DPS_OID_VALUE_U16,	   /**< uint16_t (a version) */
	DPS_OID_VALUE_COUNTER,	   /**< uint64_t, or its low 32 bits into a 4-byte buffer (NDIS) */
	DPS_OID_VALUE_MAC,	   /**< 6 bytes */
	DPS_OID_VALUE_MAC_LIST,	   /**< 6 bytes each */
	DPS_OID_VALUE_STRING,	   /**< NUL-terminated text */
	DPS_OID_VALUE_OID_LIST,	   /**< dps_oid_t each */
	DPS_OID_VALUE_LINK_STATE,  /**< struct dps_oid_link_state */
	DPS_OID_VALUE_STATISTICS,  /**< struct dps_oid_statistics */
	DPS_OID_VALUE_QUEUE_STATS, /**< struct dps_oid_queue_stats each */
	DPS_OID_VALUE_RSS_CAPS,	   /**< struct dps_oid_rss_caps */
	DPS_OID_VALUE_RSS_PARAMS,  /**< struct dps_oid_rss_params */
};

/** Who answers a query of the OID. */
enum dps_oid_query_by {
	DPS_OID_QUERY_NONE = 0, /**< not queryable */
	DPS_OID_QUERY_CACHED,	/**< the adapter's cached state: at once, on the caller's thread */
	DPS_OID_QUERY_BINDING,	/**< the asking binding's own state: at once (adapter-level: the
				   port's) */
	DPS_OID_QUERY_STATS,	/**< ethdev statistics, on the control thread */
	DPS_OID_QUERY_RSS,	/**< ethdev RSS configuration, on the control thread */
};

/** Who runs a set of the OID (always on the control thread). */
enum dps_oid_set_by {
	DPS_OID_SET_NONE = 0, /**< not settable */
	DPS_OID_SET_BINDING,  /**< the asking binding's own state, then the port's union */
	DPS_OID_SET_ADAPTER,  /**< the adapter (ethdev), updating its cached state */
	DPS_OID_SET_REMOVE,   /**< removes the adapter (after the request completes) */
};

/** One catalogue entry. Fields not named in the table are 0. */
struct dps_oid_info {
	dps_oid_t oid;
	const char *name;
	uint8_t ops;		  /**< DPS_OID_OP_*: what a request may do */
	enum dps_oid_value value; /**< the value's layout */
	/**
	 * Bytes of a query's answer; 0: it varies (SUPPORTED_LIST,
	 * VENDOR_DESCRIPTION, MULTICAST_LIST, QUEUE_STATS) and the answer itself
	 * says (DPS_E_BUFFER_TOO_SHORT with bytes_needed). A counter needs 8 and
	 * takes 4 (its low 32 bits).
	 */
	uint32_t query_size;
	/** Bytes a set takes (at least); 0 for MULTICAST_LIST (a multiple of 6). */
	uint32_t set_size;
	enum dps_oid_query_by query;
	enum dps_oid_set_by set;
	uint8_t port_change; /**< a set pauses the adapter's bindings, reconfigures, restarts them
			      */
	uint8_t needs_stop;  /**< ... and no worker polls the port meanwhile (queue layout) */
	/** Who may set it through the control socket: DPS_OID_CLIENT_NONE
	 *  (nobody), DPS_OID_CLIENT_USER (any user: it is the open's own),
	 *  DPS_OID_CLIENT_ADMIN (admins: it changes the adapter for everyone) */
	uint8_t client_set;
};

/** dps_oid_info.client_set values. */
enum dps_oid_client_set {
	DPS_OID_CLIENT_NONE = 0,
	DPS_OID_CLIENT_USER = 1,
	DPS_OID_CLIENT_ADMIN = 2,
};

/** @return the entry for @p oid, or NULL. Level: any. */
const struct dps_oid_info *dps_oid_lookup(dps_oid_t oid);
/** @return the entry named @p name ("OID_802_3_CURRENT_ADDRESS"; exact case), or NULL. Level: any.
 */
const struct dps_oid_info *dps_oid_lookup_name(const char *name);
/** @return the catalogue, in code order, and its size in *@p n (may be NULL). Level: any. */
const struct dps_oid_info *dps_oid_catalogue(unsigned int *n);

#ifdef __cplusplus
}
#endif

#endif /* DPS_OID_CATALOGUE_H */
