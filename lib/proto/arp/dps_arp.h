/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_ARP_H
#define DPS_ARP_H

/**
 * @file
 * The built-in ARP protocol (DESIGN.md section 10).
 *
 * One binding per adapter (EtherType 0x0806, filter directed + broadcast):
 * - answers requests (RFC 5227 probes included) for the adapter's configured
 *   addresses, Ethernet/IPv4 only; the reply is built in the request's mbuf
 *   when nobody else reads it, else in a copy; one dps_binding_send per
 *   receive call;
 * - keeps a per-adapter cache (rte_hash, lock-free readers, multi-writer)
 *   learnt from requests for our addresses and replies to us (and refreshes
 *   entries it already has from any valid ARP frame, RFC 826 "merge"); it
 *   never learns our own addresses (counted "conflict"), 0.0.0.0 (a probe,
 *   answered), nor broadcast, network, multicast or loopback addresses
 *   (such a frame is dropped: "bad_sender_ip");
 * - ages the cache on a control thread of the binding (dps_thread "arp-age-P",
 *   joined when the binding is unbound): entries not refreshed for
 *   cache_timeout seconds are removed;
 * - announces each configured address (gratuitous ARP, RFC 5227 announcement)
 *   when the link comes up and when the binding restarts with the link up,
 *   if "gratuitous" is set.
 *
 * Configuration keys of [protocol arp]: cache_size (16..65536, default 1024),
 * cache_timeout (seconds, 1..86400, default 300), gratuitous (bool, yes).
 *
 * Every frame received ends in exactly one of the counters replies,
 * rx_replies, or a drop counter (runt .. nombuf), so
 * rx = replies + rx_replies + drops.
 */

#include <stdint.h>
#include <stdio.h>

#include <rte_ether.h>

#include "dps_protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The ARP protocol's descriptor (DPS_PROTOCOL_REGISTER registers it; tests name it). */
extern const struct dps_protocol_desc dps_proto_arp;

/** Counters: indexes of struct dps_arp_stats.v, named by dps_arp_stat_name(). */
enum dps_arp_stat {
	DPS_ARP_STAT_RX = 0,	    /**< "rx": ARP frames received */
	DPS_ARP_STAT_REPLIES,	    /**< "replies": replies built to requests for us */
	DPS_ARP_STAT_RX_REPLIES,    /**< "rx_replies": valid replies addressed to us */
	DPS_ARP_STAT_GRATUITOUS,    /**< "gratuitous": announcements sent */
	DPS_ARP_STAT_CACHE_ADD,	    /**< "cache_add": entries created */
	DPS_ARP_STAT_CACHE_UPDATE,  /**< "cache_update": entries refreshed or changed */
	DPS_ARP_STAT_CACHE_EXPIRED, /**< "cache_expired": entries aged out */
	DPS_ARP_STAT_CACHE_FULL,    /**< "cache_full": entries not created, no room */
	DPS_ARP_STAT_CACHE_SKIPPED, /**< "cache_skipped": not learnt: thread without lcore id */
	DPS_ARP_STAT_CONFLICT,	    /**< "conflict": another MAC claims one of our addresses */
	/* drops: each frame counted here was freed without an answer */
	DPS_ARP_STAT_RUNT,	 /**< "runt": shorter than Ethernet (+tags) + 28 bytes */
	DPS_ARP_STAT_BAD_L2,	 /**< "bad_l2": not ARP behind at most two tags */
	DPS_ARP_STAT_BAD_HTYPE,	 /**< "bad_htype": hardware type not Ethernet (1) */
	DPS_ARP_STAT_BAD_PTYPE,	 /**< "bad_ptype": protocol type not IPv4 (0x0800) */
	DPS_ARP_STAT_BAD_HLEN,	 /**< "bad_hlen": hardware length not 6 */
	DPS_ARP_STAT_BAD_PLEN,	 /**< "bad_plen": protocol length not 4 */
	DPS_ARP_STAT_BAD_OP,	 /**< "bad_op": neither request nor reply */
	DPS_ARP_STAT_BAD_SENDER, /**< "bad_sender": sender/source MAC multicast or zero */
	/** "bad_sender_ip": sender IP a broadcast (255.255.255.255 or one of our
	 *  subnets'), one of our subnets' network address, multicast or loopback */
	DPS_ARP_STAT_BAD_SENDER_IP,
	DPS_ARP_STAT_LOOPED_BACK, /**< "looped_back": source or sender MAC is our own */
	DPS_ARP_STAT_NOT_FOR_US,  /**< "not_for_us": target not ours */
	DPS_ARP_STAT_NOMBUF,	  /**< "nombuf": no mbuf for the reply copy */
	/* transmit */
	DPS_ARP_STAT_TX,	 /**< "tx": frames the PMD took */
	DPS_ARP_STAT_TX_DROPPED, /**< "tx_dropped": frames the PMD did not take */
	DPS_ARP_STAT_TX_REFUSED, /**< "tx_refused": frames the binding refused (state) */
	DPS_ARP_STAT_COUNT
};

/** First and last drop counter (inclusive). */
#define DPS_ARP_STAT_DROP_FIRST DPS_ARP_STAT_RUNT
#define DPS_ARP_STAT_DROP_LAST DPS_ARP_STAT_NOMBUF

/** Counters of one binding, summed over lcores. */
struct dps_arp_stats {
	uint64_t v[DPS_ARP_STAT_COUNT];
};

/**
 * Name of a counter ("rx", "bad_htype", ...): lower case, [a-z0-9_], usable as
 * a telemetry dict key.
 * @return the name, or NULL for @p stat >= DPS_ARP_STAT_COUNT. Level: any.
 */
const char *dps_arp_stat_name(unsigned int stat);

/**
 * Read the counters of an ARP binding (lock-free; the caller keeps @p b alive).
 * @param b an ARP binding.
 * @param out output; zeroed on failure.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, or @p b is not an ARP binding);
 *         DPS_E_NOT_READY (the binding has no context yet).
 * Level: any.
 */
int dps_arp_stats(struct dps_binding *b, struct dps_arp_stats *out);

/** One cache entry. */
struct dps_arp_entry {
	uint32_t ip; /**< network order */
	struct rte_ether_addr mac;
	uint32_t age_s; /**< seconds since last refreshed (granularity 1 s, 4 s above 30000 s
			   timeouts) */
};

/** Cache visitor: non-zero stops the walk. */
typedef int (*dps_arp_cache_cb)(const struct dps_arp_entry *e, void *arg);

/**
 * Visit the cache of an ARP binding (a snapshot-free walk: entries added or
 * removed meanwhile may or may not be seen).
 * @return the number of entries visited (>= 0); DPS_E_INVALID_PARAMETER (NULL
 *         @p b or @p cb, not an ARP binding); DPS_E_NOT_READY (no cache).
 * Level: any thread that keeps @p b alive (a reference on its object); the
 *        cache is freed when the binding object is destroyed.
 */
int dps_arp_cache_foreach(struct dps_binding *b, dps_arp_cache_cb cb, void *arg);

/**
 * Look an address up in the cache.
 * @param ip network order.
 * @param mac output (may be NULL).
 * @return DPS_OK; DPS_E_NOT_FOUND; DPS_E_INVALID_PARAMETER; DPS_E_NOT_READY.
 * Level: any (as dps_arp_cache_foreach).
 */
int dps_arp_cache_lookup(struct dps_binding *b, uint32_t ip, struct rte_ether_addr *mac);

/**
 * Print the counters that are not zero (and rx, and the cache size) on one
 * line, for the exit report.
 * Level: CONTROL.
 */
void dps_arp_print_stats(struct dps_binding *b, FILE *f);

#ifdef __cplusplus
}
#endif

#endif /* DPS_ARP_H */
