/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPSCTL_H
#define DPSCTL_H

/*
 * dpsctl's command line (dpsctl_args.c), which does no I/O, so that the
 * unit tests can call it. It uses dpsctl_oid.h (OIDs: names from lib/oid's
 * catalogue, values) and dpsctl_parse.h (value parsers); neither of those
 * includes this header.
 */
#include <signal.h>
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
	DPSCTL_CMD_BINDINGS,	   /* dpsctl_show.c */
	DPSCTL_CMD_PROTOCOLS,	   /* dpsctl_show.c */
	DPSCTL_CMD_STATS,	   /* dpsctl_show.c */
	DPSCTL_CMD_HELP_TOPIC,	   /* help [COMMAND] */
	DPSCTL_CMD_ADAPTER_REMOVE, /* dpsctl_admin.c */
	DPSCTL_CMD_BIND,	   /* dpsctl_admin.c */
	DPSCTL_CMD_UNBIND,	   /* dpsctl_admin.c */
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
	uint32_t watch_ms;    /* stats --watch: 0 = once */
	const char *topic;    /* help COMMAND: the command's first word, NULL for all */
	const char *protocol; /* bind, unbind: the protocol */
	int no_command;	      /* the parse failed for want of a command */
	/* recv, send: how frames travel (dpsctl_ring.c) */
	int mode;	     /* DPSCTL_MODE_* */
	uint32_t rate;	     /* send: frames per second, 0 = as fast as possible */
	uint32_t ring_slots; /* --mode ring: slots (recv: per sub-ring), 0 = default */
};

/** One command for help, completion and the interactive mode (dpsctl_args.c). */
struct dpsctl_cmd_help {
	const char *words;    /* "oid query" */
	const char *synopsis; /* its arguments and options */
	const char *text;     /* what it does, one or more lines */
};

/** The commands, in help order; NULL-terminated. */
extern const struct dpsctl_cmd_help dpsctl_cmds[];

/** Print help for @p topic (a command's first word): 0, or -1 if there is no such command. */
int dpsctl_help_topic(FILE *f, const char *topic);

/** The long options, NULL-terminated, for completion ("--json", ...). */
extern const char *const dpsctl_long_options[];

/**
 * Parse and run one command line (argv[0] first). @p no_command, if not
 * NULL, tells whether there was no command at all (then nothing is printed).
 * @return a DPSCTL_EXIT_* code.
 */
int dpsctl_run(int argc, char **argv, int *no_command);

/**
 * The interactive mode (dpsctl_interactive.c): a prompt with history and
 * completion; each line is a command, run with the global options of
 * @p argv. @return DPSCTL_EXIT_OK at end of input or "quit".
 */
int dpsctl_interactive(int argc, char **argv, volatile sig_atomic_t *stopping);

/** dpsctl_admin.c: adapter remove, bind, unbind. @return DPSCTL_EXIT_* */
int dpsctl_cmd_admin(const struct dpsctl_args *a, struct dps_client *c);

/* dpsctl_show.c: telemetry-backed commands; @return DPSCTL_EXIT_* */
int dpsctl_cmd_bindings(const struct dpsctl_args *a);
int dpsctl_cmd_protocols(const struct dpsctl_args *a);
int dpsctl_cmd_stats(const struct dpsctl_args *a, volatile const sig_atomic_t *stopping);

#define DPSCTL_MODE_BATCH 0  /* default: batched messages (RECV_BATCH, SEND_BATCH) */
#define DPSCTL_MODE_RING 1   /* shared-memory rings */
#define DPSCTL_MODE_SINGLE 2 /* one request per frame (RECV, SEND) */

/**
 * recv in the burst modes (dpsctl_ring.c): dps_client_recv_burst() over a
 * ring or batched messages. @p stopping is set by SIGINT / SIGTERM.
 * @return a DPSCTL_EXIT_* code.
 */
int dpsctl_recv_burst(
	const struct dpsctl_args *a, struct dps_client *c, volatile const sig_atomic_t *stopping);

/**
 * send's frames in the burst modes: @p frame (@p len bytes) a->count times
 * on open @p h, at most a->rate a second, with dps_client_send_burst(); prints
 * the "sent N frames" line. @return a DPSCTL_EXIT_* code.
 */
int dpsctl_send_frames(const struct dpsctl_args *a, struct dps_client *c, uint64_t h,
	uint8_t *frame, uint32_t len, volatile const sig_atomic_t *stopping);

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
