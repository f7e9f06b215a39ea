/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_IPV4_H
#define DPS_IPV4_H

/**
 * @file
 * The built-in IPv4 protocol (DESIGN.md section 10): IPv4 input with full
 * validation, an ICMP echo responder and UDP echo (RFC 862), for the
 * adapter's configured addresses.
 *
 * One binding per adapter (EtherType 0x0800, also behind one or two VLAN
 * tags, which replies keep; filter directed + broadcast). Replies are built
 * in the request's mbuf when nobody else reads it, else in a copy, and sent
 * with one dps_binding_send per receive call.
 *
 * Configuration keys of [protocol ipv4]: icmp_echo (bool, yes), udp_echo
 * (bool, yes), udp_echo_port (1..65535, default 7).
 *
 * Every frame received ends in exactly one of icmp_echo, udp_echo or a
 * drop counter (runt .. nombuf): rx = icmp_echo + udp_echo + drops.
 * "trimmed" counts, besides, frames longer than their IPv4 total length
 * (Ethernet padding), which is not an error.
 */

#include <stdint.h>

#include "dps_protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The IPv4 protocol's descriptor (DPS_PROTOCOL_REGISTER registers it; tests name it). */
extern const struct dps_protocol_desc dps_proto_ipv4;

/** Counters: indexes of struct dps_ipv4_stats.v, named by dps_ipv4_stat_name(). */
enum dps_ipv4_stat {
	DPS_IPV4_STAT_RX = 0,	 /**< "rx": IPv4 frames received */
	DPS_IPV4_STAT_ICMP_ECHO, /**< "icmp_echo": echo replies built */
	DPS_IPV4_STAT_UDP_ECHO,	 /**< "udp_echo": UDP echo replies built */
	DPS_IPV4_STAT_TRIMMED,	 /**< "trimmed": longer than total length (padding) */
	/* drops: each frame counted here was freed without an answer */
	DPS_IPV4_STAT_RUNT,		/**< "runt": shorter than Ethernet (+tags) + 20 bytes */
	DPS_IPV4_STAT_TOO_BIG,		/**< "too_big": longer than the MTU + Ethernet (+tags) */
	DPS_IPV4_STAT_LOOPED_BACK,	/**< "looped_back": Ethernet source is our own MAC */
	DPS_IPV4_STAT_BAD_L2,		/**< "bad_l2": not IPv4 behind at most two tags */
	DPS_IPV4_STAT_BAD_VERSION,	/**< "bad_version": version is not 4 */
	DPS_IPV4_STAT_BAD_IHL,		/**< "bad_ihl": IHL below 5 */
	DPS_IPV4_STAT_HDR_TRUNCATED,	/**< "hdr_truncated": IHL * 4 beyond the frame */
	DPS_IPV4_STAT_BAD_TOTAL_LENGTH, /**< "bad_total_length": total length < IHL * 4 */
	DPS_IPV4_STAT_TRUNCATED,	/**< "truncated": total length beyond the frame */
	DPS_IPV4_STAT_BAD_CKSUM,	/**< "bad_cksum": header checksum wrong */
	DPS_IPV4_STAT_BAD_OPTIONS, /**< "bad_options": option length < 2, past the header, cut */
	DPS_IPV4_STAT_FRAGMENT,	   /**< "fragment": MF set or offset != 0 (not answered) */
	DPS_IPV4_STAT_BROADCAST,   /**< "broadcast": to broadcast or multicast (not answered) */
	DPS_IPV4_STAT_NOT_FOR_US,  /**< "not_for_us": to an address not ours */
	DPS_IPV4_STAT_BAD_SRC, /**< "bad_src": source address unusable, or source MAC multicast */
	DPS_IPV4_STAT_PROTO_OTHER,    /**< "proto_other": neither ICMP nor UDP */
	DPS_IPV4_STAT_ICMP_TRUNCATED, /**< "icmp_truncated": ICMP shorter than 8 bytes */
	DPS_IPV4_STAT_ICMP_BAD_CKSUM, /**< "icmp_bad_cksum": ICMP checksum wrong */
	DPS_IPV4_STAT_ICMP_NOT_ECHO,  /**< "icmp_not_echo": ICMP other than echo request */
	DPS_IPV4_STAT_ICMP_DISABLED,  /**< "icmp_disabled": echo request, icmp_echo = no */
	DPS_IPV4_STAT_UDP_TRUNCATED,  /**< "udp_truncated": UDP shorter than 8 bytes */
	DPS_IPV4_STAT_UDP_BAD_LEN,    /**< "udp_bad_len": UDP length < 8 or beyond the IP payload */
	DPS_IPV4_STAT_UDP_BAD_CKSUM,  /**< "udp_bad_cksum": UDP checksum wrong (0 = none is fine) */
	DPS_IPV4_STAT_UDP_NOT_ECHO_PORT, /**< "udp_not_echo_port": another destination port */
	DPS_IPV4_STAT_UDP_BAD_PORT, /**< "udp_bad_port": source port 0 or the echo port (loop) */
	DPS_IPV4_STAT_UDP_DISABLED, /**< "udp_disabled": to the echo port, udp_echo = no */
	DPS_IPV4_STAT_NOMBUF,	    /**< "nombuf": no mbuf for the reply copy */
	/* transmit */
	DPS_IPV4_STAT_TX,	  /**< "tx": frames the PMD took */
	DPS_IPV4_STAT_TX_DROPPED, /**< "tx_dropped": frames the PMD did not take */
	DPS_IPV4_STAT_TX_REFUSED, /**< "tx_refused": frames the binding refused (state) */
	DPS_IPV4_STAT_COUNT
};

/** First and last drop counter (inclusive). */
#define DPS_IPV4_STAT_DROP_FIRST DPS_IPV4_STAT_RUNT
#define DPS_IPV4_STAT_DROP_LAST DPS_IPV4_STAT_NOMBUF

/** Counters of one binding, summed over lcores. */
struct dps_ipv4_stats {
	uint64_t v[DPS_IPV4_STAT_COUNT];
};

/**
 * Name of a counter ("rx", "bad_ihl", ...): lower case, [a-z0-9_].
 * @return the name, or NULL for @p stat >= DPS_IPV4_STAT_COUNT. Level: any.
 */
const char *dps_ipv4_stat_name(unsigned int stat);

/**
 * Read the counters of an IPv4 binding (lock-free; the caller keeps @p b alive).
 * @param out output; zeroed on failure.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, or not an IPv4 binding);
 *         DPS_E_NOT_READY (no context yet).
 * Level: any.
 */
int dps_ipv4_stats(struct dps_binding *b, struct dps_ipv4_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* DPS_IPV4_H */
