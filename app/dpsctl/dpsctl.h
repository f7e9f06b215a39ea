/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPSCTL_H
#define DPSCTL_H

/*
 * dpsctl's command line (dpsctl_args.c), which does no I/O, so that the
 * unit tests can call it. It uses dpsctl_oid.h (OIDs: names from lib/oid's
 * catalogue, values) and dpsctl_parse.h (value parsers); neither of those
 * includes this header.
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

/**
 * Report a failed operation: one line on stderr, `dpsctl: NAME: STATUS
 * [EXTRA][: REASON]` (REASON: dps_client_last_error(c)), and with --json
 * `{"error": {"status": "DPS_E_...", "reason": "..."}}` on stdout.
 * @param c the connection (NULL: no reason); @param extra NULL or more words.
 * @return DPSCTL_EXIT_FAILED.
 */
int dpsctl_failed(const struct dpsctl_args *a, struct dps_client *c, int status, const char *extra);

/** The --help text. */
extern const char dpsctl_usage[];

#endif
