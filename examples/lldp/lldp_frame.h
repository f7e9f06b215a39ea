/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LLDP_FRAME_H
#define LLDP_FRAME_H

/*
 * LLDPDUs (IEEE 802.1AB-2016, clause 8): build the frame this agent sends
 * and parse the ones it receives. Plain C on byte buffers (no DPDK, no
 * dpstack): the plugin copies a frame out of its mbuf and hands it here, so
 * the codec is unit-tested and fuzzed on its own.
 *
 * Parsing is strict: every TLV length is checked against what is left of
 * the buffer before it is read, the three mandatory TLVs (Chassis ID,
 * Port ID, Time To Live) must come first and in that order and never
 * again, and their lengths must be the standard's. A PDU that breaks a rule
 * is malformed as a whole (8.5.8.2: discard the LLDPDU), counted and
 * dropped by the caller. TLVs this agent does not use are skipped and
 * counted as unrecognized, Organizationally Specific ones checked for
 * their OUI and subtype.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The EtherType of LLDP. */
#define LLDP_ETHERTYPE 0x88cc
/** Ethernet header: destination, source, EtherType. */
#define LLDP_ETH_HLEN 14
/** Frames are padded to this (without FCS). */
#define LLDP_ETH_MIN 60

/** TLV types (8.4). */
#define LLDP_TLV_END 0
#define LLDP_TLV_CHASSIS_ID 1
#define LLDP_TLV_PORT_ID 2
#define LLDP_TLV_TTL 3
#define LLDP_TLV_PORT_DESCR 4
#define LLDP_TLV_SYSTEM_NAME 5
#define LLDP_TLV_ORG 127

/** Chassis ID subtypes (8.5.2.2) this agent names. */
#define LLDP_CHASSIS_MAC 4
/** Port ID subtypes (8.5.3.2). */
#define LLDP_PORT_MAC 3
#define LLDP_PORT_IFNAME 5

/** Longest information string of a Chassis ID / Port ID TLV (255 - subtype). */
#define LLDP_ID_MAX 255
/** Longest System Name and Port Description (a TLV length is 9 bits, they allow 255). */
#define LLDP_STR_MAX 255
/** Printable form of an id: its text, or hex with ':' (3 chars a byte). */
#define LLDP_ID_TEXT (LLDP_ID_MAX * 3 + 1)

/** What this agent announces. */
struct lldp_tx_info {
	uint8_t mac[6];		 /**< source address and Chassis ID (subtype MAC) */
	const char *port_id;	 /**< Port ID, subtype interface name: the adapter's name */
	uint16_t ttl;		 /**< seconds; 0 = shutdown LLDPDU */
	const char *system_name; /**< System Name TLV; NULL or "" = none */
};

/**
 * Build a whole Ethernet frame: to 01:80:c2:00:00:0e from @p info->mac,
 * EtherType 0x88cc, Chassis ID, Port ID, TTL, System Name, End, padded to
 * LLDP_ETH_MIN bytes.
 * @return the frame's length; -1 when @p info is incomplete (NULL, empty or
 *         over-long port id or name) or @p cap is too small.
 */
int lldp_build(uint8_t *buf, size_t cap, const struct lldp_tx_info *info);

/** What a received LLDPDU says (strings NUL-terminated and printable). */
struct lldp_rx_info {
	uint8_t chassis_subtype;
	uint8_t port_subtype;
	uint16_t chassis_len; /**< raw id bytes */
	uint16_t port_len;
	uint8_t chassis_raw[LLDP_ID_MAX];
	uint8_t port_raw[LLDP_ID_MAX];
	uint16_t ttl;
	char chassis[LLDP_ID_TEXT]; /**< MAC as aa:bb:..., text subtypes as text, else hex */
	char port[LLDP_ID_TEXT];
	char system_name[LLDP_STR_MAX + 1];
	char port_descr[LLDP_STR_MAX + 1];
	uint32_t tlvs_unrecognized; /**< reserved types (9..126) and Organizationally Specific */
	uint32_t tlvs_discarded;    /**< optional TLVs in error (8.5.x lengths), skipped */
};

/** lldp_parse results. */
enum lldp_parse_status {
	LLDP_PARSE_OK = 0,
	LLDP_PARSE_TRUNCATED = -1,  /**< a TLV header or value runs past the end */
	LLDP_PARSE_MISSING = -2,    /**< Chassis ID, Port ID, TTL not first and in order */
	LLDP_PARSE_BAD_LENGTH = -3, /**< a TLV's length the standard does not allow */
	LLDP_PARSE_DUPLICATE = -4,  /**< a mandatory TLV again, after the first three */
	LLDP_PARSE_NOT_LLDP = -5,   /**< frame: not EtherType 0x88cc or not to an LLDP address */
};

/** @return a short name of a lldp_parse_status ("truncated", ...). */
const char *lldp_parse_status_str(int status);

/**
 * Parse an LLDPDU (the bytes after the Ethernet header). Bytes after the End
 * TLV (padding) are ignored; a PDU may also end right after a TLV (End is
 * optional since 802.1AB-2016).
 * @return LLDP_PARSE_OK with @p out filled, or a negative lldp_parse_status
 *         (@p out is then undefined).
 */
int lldp_parse(const uint8_t *pdu, size_t len, struct lldp_rx_info *out);

/**
 * Parse a whole Ethernet frame: untagged, EtherType 0x88cc, to one of the
 * three LLDP group addresses (nearest bridge, nearest non-TPMR bridge,
 * nearest customer bridge), then lldp_parse.
 */
int lldp_parse_frame(const uint8_t *frame, size_t len, struct lldp_rx_info *out);

#ifdef __cplusplus
}
#endif

#endif /* LLDP_FRAME_H */
