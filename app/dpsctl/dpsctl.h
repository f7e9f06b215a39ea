/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPSCTL_H
#define DPSCTL_H

/*
 * dpsctl's pieces that do no I/O on the control socket, so that the unit
 * tests can call them: the command-line parser (dpsctl_args.c) and the OID
 * table with its value parser and printers (dpsctl_oid.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dps_client.h"

#define DPSCTL_EXIT_OK 0
#define DPSCTL_EXIT_FAILED 1 /* the operation failed */
#define DPSCTL_EXIT_USAGE 2  /* a usage error */

#define DPSCTL_ETH_HLEN 14
#define DPSCTL_NEUTRAL_TYPE 0x88b5 /* IEEE local experimental: the open of oid/watch */
#define DPSCTL_DEFAULT_PAYLOAD 46  /* bytes 0, 1, 2, ...: a 60-byte frame */

enum dpsctl_cmd {
	DPSCTL_CMD_NONE = 0,
	DPSCTL_CMD_HELP,
	DPSCTL_CMD_VERSION,
	DPSCTL_CMD_ADAPTERS,
	DPSCTL_CMD_OIDS,
	DPSCTL_CMD_OID_QUERY,
	DPSCTL_CMD_OID_SET,
	DPSCTL_CMD_RECV,
	DPSCTL_CMD_SEND,
	DPSCTL_CMD_WATCH,
};

struct dpsctl_args {
	enum dpsctl_cmd cmd;
	const char *name; /* "recv", "oid query", ...: for messages */
	/* global */
	const char *socket;
	const char *file_prefix;
	int json;
	/* per command */
	const char *adapter;
	uint32_t oid;
	uint8_t value[DPS_CLIENT_OID_DATA_MAX];
	uint32_t value_len;
	uint16_t types[DPS_CLIENT_MAX_ETHERTYPES];
	unsigned int nb_types;
	const char *filter;
	uint32_t queue_len;
	uint32_t count; /* 0: no --count */
	int has_timeout;
	uint32_t timeout_ms;
	const char *pcap;
	int has_dst, has_src, has_payload;
	uint8_t dst[6], src[6];
	uint8_t payload[DPS_CLIENT_MAX_FRAME];
	size_t payload_len;
	const char *file;
};

/**
 * Parse a command line. @return DPSCTL_EXIT_OK with @p a filled, or
 * DPSCTL_EXIT_USAGE with the one-line reason in @p err ("dpsctl: ...").
 * Pure: reads no file, opens no socket.
 */
int dpsctl_parse(int argc, char **argv, struct dpsctl_args *a, char *err, size_t errlen);

/** The --help text. */
extern const char dpsctl_usage[];

/* ---- value parsers (0 on success, -1 on a bad string) ---- */
int dpsctl_parse_mac(const char *s, uint8_t mac[6]);
int dpsctl_parse_hex(const char *s, uint8_t *out, size_t cap, size_t *len);
int dpsctl_parse_u32(const char *s, uint32_t *v);
int dpsctl_parse_ethertype(const char *s, uint16_t *type);
int dpsctl_parse_seconds(const char *s, uint32_t *ms);

/* ---- OIDs ---- */
enum dpsctl_oid_kind {
	DPSCTL_OID_HEX = 0,
	DPSCTL_OID_U32,
	DPSCTL_OID_U16,
	DPSCTL_OID_COUNTER, /* 4 or 8 bytes */
	DPSCTL_OID_MAC,
	DPSCTL_OID_MAC_LIST,
	DPSCTL_OID_STRING,
	DPSCTL_OID_OID_LIST,
	DPSCTL_OID_LINK_STATE,
	DPSCTL_OID_STATISTICS,
	DPSCTL_OID_QUEUE_STATS,
	DPSCTL_OID_RSS_CAPS,
	DPSCTL_OID_RSS_PARAMS,
};

#define DPSCTL_OID_Q 0x1u
#define DPSCTL_OID_S 0x2u

struct dpsctl_oid {
	uint32_t code;
	const char *name;
	unsigned int ops;
	enum dpsctl_oid_kind kind;
};

const struct dpsctl_oid *dpsctl_oid_table(unsigned int *n);
const struct dpsctl_oid *dpsctl_oid_by_code(uint32_t code);
/** By name ("OID_802_3_CURRENT_ADDRESS"), or by number ("0x01010102"). 0 / -1. */
int dpsctl_oid_parse(const char *s, uint32_t *code);
/** VALUE of "oid set": N | 0xN (4 bytes LE), MAC[,MAC...], hex:BYTES. 0 / -1. */
int dpsctl_value_parse(const char *s, uint8_t *out, size_t cap, uint32_t *len);
/** Print an OID's value: text (one line) or a JSON value (no newline). */
void dpsctl_oid_print(FILE *f, uint32_t code, const uint8_t *data, uint32_t len, int json);

/** Print @p s as a JSON string (quotes and escapes). */
void dpsctl_json_string(FILE *f, const char *s);

#endif
