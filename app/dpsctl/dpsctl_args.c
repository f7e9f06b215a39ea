/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dpsctl's command line: global options (anywhere), a command, its
 * positional arguments and its options. Every problem is one line naming
 * it, and exit code 2.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "dpsctl.h"
#include "dpsctl_oid.h"
#include "dpsctl_parse.h"

const char dpsctl_usage[] =
	"usage: dpsctl [--socket PATH | --file-prefix NAME] [-j | --json] COMMAND [ARGS]\n"
	"       dpsctl [--socket PATH | --file-prefix NAME]   (on a terminal: interactive)\n"
	"\n"
	"Talks to a running dpstack through its control socket (libdpsclient).\n"
	"\n"
	"Commands:\n"
	"  adapters                       list the adapters dpstack has bound\n"
	"  bindings                       list the bindings: protocol@adapter, state, counters\n"
	"  protocols                      list the protocols: EtherTypes, filter, bindings\n"
	"  stats [ADAPTER] [--watch SEC] [--count N]\n"
	"                                 adapter, binding and protocol counters (drops by\n"
	"                                 reason); --watch refreshes every SEC seconds\n"
	"  oid query ADAPTER OID          query an OID and print its value\n"
	"  oid set ADAPTER OID VALUE      set an OID (only those dpstack lets clients set)\n"
	"  recv ADAPTER --ethertype T [--ethertype T]... [--filter EXPR] [--count N]\n"
	"       [--timeout SEC] [--queue N] [--pcap FILE] [--mode M] [--ring-slots N]\n"
	"                                 receive frames of those EtherTypes: one line\n"
	"                                 per frame (length, hex bytes), or a pcap file\n"
	"  send ADAPTER --ethertype T --dst MAC [--src MAC] [--payload HEX | --file F]\n"
	"       [--mode M] [--ring-slots N]\n"
	"       [--count N] [--rate PPS]  send a frame N times (default 1), PPS a second\n"
	"  watch ADAPTER [--count N] [--timeout SEC]\n"
	"                                 print status indications (link changes)\n"
	"  oids                           list the OID names dpsctl knows\n"
	"  adapter remove ADAPTER         remove an adapter the orderly way (admin)\n"
	"  bind PROTOCOL ADAPTER          bind a protocol to an adapter now (admin)\n"
	"  unbind PROTOCOL ADAPTER        unbind it (admin; not raw)\n"
	"  help [COMMAND]                 this text, or one command's\n"
	"\n"
	"Options:\n"
	"  --socket PATH       the control socket (default: dpstack.sock in the DPDK\n"
	"                      runtime directory of --file-prefix)\n"
	"  --file-prefix NAME  the EAL --file-prefix dpstack runs with (default: rte)\n"
	"  -j, --json          JSON output: an array (adapters, bindings, oids), an object\n"
	"                      (oid query, protocols, stats), one object per line (recv,\n"
	"                      watch); a failure prints {\"error\": {\"status\": ...,\n"
	"                      \"reason\": ...}} on stdout\n"
	"  --watch SEC         stats: print again every SEC seconds until Ctrl-C (or\n"
	"                      --count rounds)\n"
	"  --ethertype T       0x0600..0xffff, e.g. 0x88b5; up to 8 for recv, one for send;\n"
	"                      tagged frames match on their inner type\n"
	"  --filter EXPR       a pcap filter expression, compiled by dpstack\n"
	"  --count N           stop after N frames, indications or stats rounds (N >= 1);\n"
	"                      without it,\n"
	"                      recv and watch run until --timeout or Ctrl-C\n"
	"  --timeout SEC       stop after SEC seconds (fractions allowed); with --count,\n"
	"                      getting fewer than N in time is a failure\n"
	"  --queue N           frames dpstack queues for this open (default 256)\n"
	"  --mode M            recv, send: batch (default: many frames a request), ring\n"
	"                      (shared-memory rings, no request per frame) or single\n"
	"                      (one request per frame)\n"
	"  --ring-slots N      --mode ring: slots (a power of two, 16..65536; recv: per\n"
	"                      dpstack worker; default 4096 recv, 1024 send)\n"
	"  --rate PPS          send: at most PPS frames a second (default: at once)\n"
	"  --pcap FILE         write the frames to a pcap file (- for stdout) instead of\n"
	"                      printing them\n"
	"  --dst MAC, --src MAC  aa:bb:cc:dd:ee:ff; --src defaults to the adapter's\n"
	"                      address (OID_802_3_CURRENT_ADDRESS)\n"
	"  --payload HEX       the bytes after the EtherType, as hex digits (e.g. 0102ff);\n"
	"                      default: 46 bytes 00 01 02 ... (a 60-byte frame)\n"
	"  --file F            the payload from file F\n"
	"  --help, --version\n"
	"\n"
	"OID: a name from 'dpsctl oids' (e.g. OID_802_3_CURRENT_ADDRESS) or a number\n"
	"(0x01010102). VALUE: a number N or 0xN (4 bytes, little-endian), one or more\n"
	"MACs separated by commas (6 bytes each), or hex:BYTES (hex: alone is empty).\n"
	"oid and watch open the adapter with EtherType 0x88b5; every command closes\n"
	"what it opened.\n"
	"\n"
	"bindings, protocols and stats read dpstack's /dpstack/ telemetry (the\n"
	"dpdk_telemetry.v2 socket beside the control socket).\n"
	"\n"
	"Exit status: 0 success, 1 the operation failed (the message names the status,\n"
	"e.g. 'dpsctl: send: DPS_E_PERMISSION'), 2 usage error.\n";

const struct dpsctl_cmd_help dpsctl_cmds[] = {
	{"adapters", "", "list the adapters dpstack has bound (name, MAC, MTU, link, state)"},
	{"bindings", "", "list every binding (protocol@adapter): state, filter, frame counters"},
	{"protocols", "", "list the protocols: EtherTypes, default filter, catch-all, bindings"},
	{"stats", "[ADAPTER] [--watch SEC] [--count N]",
		"adapter counters, then each binding's and its protocol's; a protocol's\n"
		"counters that are not zero are its frames by reason (drops included).\n"
		"--watch SEC prints again every SEC seconds (like vppctl show interface)"},
	{"oid", "query ADAPTER OID | set ADAPTER OID VALUE",
		"query or set an OID (a name from 'dpsctl oids' or a number)"},
	{"recv",
		"ADAPTER --ethertype T [--ethertype T]... [--filter EXPR] [--count N] "
		"[--timeout SEC] [--queue N] [--pcap FILE] [--mode batch|ring|single] "
		"[--ring-slots N]",
		"receive frames of those EtherTypes: one line per frame, or a pcap file "
		"(--mode: batched requests, a shared-memory ring, or one request a frame)"},
	{"send",
		"ADAPTER --ethertype T --dst MAC [--src MAC] [--payload HEX | --file F] "
		"[--count N] [--rate PPS] [--mode batch|ring|single] [--ring-slots N]",
		"send a frame N times (default 1), at most PPS a second"},
	{"watch", "ADAPTER [--count N] [--timeout SEC]", "print status indications (link changes)"},
	{"oids", "", "list the OID names dpsctl knows (no dpstack needed)"},
	{"adapter", "remove ADAPTER",
		"remove an adapter while dpstack runs, the orderly way (its bindings\n"
		"paused and unbound, their requests completed, the port stopped and\n"
		"closed), as a hot-unplug is; admin role"},
	{"bind", "PROTOCOL ADAPTER", "bind a protocol to an adapter now and start it; admin role"},
	{"unbind", "PROTOCOL ADAPTER",
		"unbind a protocol from an adapter (not raw, which serves the control\n"
		"socket: remove the adapter instead); admin role"},
	{"help", "[COMMAND]", "all commands, or one command's synopsis"},
	{NULL, NULL, NULL},
};

const char *const dpsctl_long_options[] = {"--socket", "--file-prefix", "--json", "--help",
	"--version", "--ethertype", "--filter", "--count", "--timeout", "--queue", "--pcap",
	"--dst", "--src", "--payload", "--file", "--watch", "--mode", "--rate", "--ring-slots",
	NULL};

int
dpsctl_help_topic(FILE *f, const char *topic)
{
	for (const struct dpsctl_cmd_help *c = dpsctl_cmds; c->words != NULL; c++) {
		if (strcmp(c->words, topic) != 0)
			continue;
		if (f == NULL)
			return 0; /* only asked whether it exists */
		fprintf(f, "usage: dpsctl [GLOBAL OPTIONS] %s%s%s\n\n%s\n", c->words,
			c->synopsis[0] != '\0' ? " " : "", c->synopsis, c->text);
		return 0;
	}
	return -1;
}

/* ---- the command line ---- */

enum opt_id {
	O_SOCKET,
	O_FILE_PREFIX,
	O_JSON,
	O_HELP,
	O_VERSION,
	O_ETHERTYPE,
	O_FILTER,
	O_COUNT,
	O_TIMEOUT,
	O_QUEUE,
	O_PCAP,
	O_DST,
	O_SRC,
	O_PAYLOAD,
	O_FILE,
	O_WATCH,
	O_MODE,
	O_RATE,
	O_RING_SLOTS,
};

#define C(x) (1u << DPSCTL_CMD_##x)
#define ALL_CMDS 0xffffffffu

static const struct opt {
	const char *name;
	int has_arg;
	unsigned int cmds; /* the commands that take it */
} opts[] = {
	[O_SOCKET] = {"socket", 1, ALL_CMDS},
	[O_FILE_PREFIX] = {"file-prefix", 1, ALL_CMDS},
	[O_JSON] = {"json", 0, ALL_CMDS},
	[O_HELP] = {"help", 0, ALL_CMDS},
	[O_VERSION] = {"version", 0, ALL_CMDS},
	[O_ETHERTYPE] = {"ethertype", 1, C(RECV) | C(SEND)},
	[O_FILTER] = {"filter", 1, C(RECV)},
	[O_COUNT] = {"count", 1, C(RECV) | C(SEND) | C(WATCH) | C(STATS)},
	[O_TIMEOUT] = {"timeout", 1, C(RECV) | C(WATCH)},
	[O_QUEUE] = {"queue", 1, C(RECV)},
	[O_PCAP] = {"pcap", 1, C(RECV)},
	[O_DST] = {"dst", 1, C(SEND)},
	[O_SRC] = {"src", 1, C(SEND)},
	[O_PAYLOAD] = {"payload", 1, C(SEND)},
	[O_FILE] = {"file", 1, C(SEND)},
	[O_WATCH] = {"watch", 1, C(STATS)},
	[O_MODE] = {"mode", 1, C(RECV) | C(SEND)},
	[O_RATE] = {"rate", 1, C(SEND)},
	[O_RING_SLOTS] = {"ring-slots", 1, C(RECV) | C(SEND)},
};
#define N_OPTS (sizeof(opts) / sizeof(opts[0]))

#define MAX_ARGS 64

struct given {
	enum opt_id id;
	const char *value;
};

static int
usage_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	n = (size_t)snprintf(err, errlen, "dpsctl: ");
	if (n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - n, fmt, ap);
		va_end(ap);
	}
	return DPSCTL_EXIT_USAGE;
}

static int
find_opt(const char *name, size_t len)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int
set_command(struct dpsctl_args *a, const char **pos, int npos, int *used, char *err, size_t errlen)
{
	static const struct {
		const char *word;
		enum dpsctl_cmd cmd;
	} cmds[] = {
		{"adapters", DPSCTL_CMD_ADAPTERS},
		{"oids", DPSCTL_CMD_OIDS},
		{"recv", DPSCTL_CMD_RECV},
		{"send", DPSCTL_CMD_SEND},
		{"watch", DPSCTL_CMD_WATCH},
		{"bindings", DPSCTL_CMD_BINDINGS},
		{"protocols", DPSCTL_CMD_PROTOCOLS},
		{"stats", DPSCTL_CMD_STATS},
		{"help", DPSCTL_CMD_HELP_TOPIC},
		{"bind", DPSCTL_CMD_BIND},
		{"unbind", DPSCTL_CMD_UNBIND},
	};

	if (npos == 0) {
		a->no_command = 1;
		return usage_err(err, errlen, "no command given (see dpsctl --help)");
	}
	if (strcmp(pos[0], "adapter") == 0) {
		if (npos < 2 || strcmp(pos[1], "remove") != 0)
			return usage_err(err, errlen, "adapter: expected 'remove'%s%s%s",
				npos < 2 ? "" : ", not '", npos < 2 ? "" : pos[1],
				npos < 2 ? "" : "'");
		a->cmd = DPSCTL_CMD_ADAPTER_REMOVE;
		a->name = "adapter remove";
		*used = 2;
		return DPSCTL_EXIT_OK;
	}
	if (strcmp(pos[0], "oid") == 0) {
		if (npos < 2)
			return usage_err(err, errlen, "oid: missing 'query' or 'set'");
		if (strcmp(pos[1], "query") == 0) {
			a->cmd = DPSCTL_CMD_OID_QUERY;
			a->name = "oid query";
		} else if (strcmp(pos[1], "set") == 0) {
			a->cmd = DPSCTL_CMD_OID_SET;
			a->name = "oid set";
		} else {
			return usage_err(
				err, errlen, "oid: expected 'query' or 'set', not '%s'", pos[1]);
		}
		*used = 2;
		return DPSCTL_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(pos[0], cmds[i].word) == 0) {
			a->cmd = cmds[i].cmd;
			a->name = cmds[i].word;
			*used = 1;
			return DPSCTL_EXIT_OK;
		}
	}
	return usage_err(err, errlen, "unknown command '%s' (see dpsctl --help)", pos[0]);
}

static int
check_adapter(struct dpsctl_args *a, const char *s, char *err, size_t errlen)
{
	size_t n = strlen(s);

	if (n == 0 || n >= DPS_CLIENT_NAME_LEN)
		return usage_err(err, errlen, "%s: bad ADAPTER '%s' (1..%d characters)", a->name, s,
			DPS_CLIENT_NAME_LEN - 1);
	a->adapter = s;
	return DPSCTL_EXIT_OK;
}

/* the command's positional arguments */
static int
positionals(struct dpsctl_args *a, const char **pos, int npos, char *err, size_t errlen)
{
	int want, rc;

	switch (a->cmd) {
	case DPSCTL_CMD_ADAPTERS:
	case DPSCTL_CMD_OIDS:
	case DPSCTL_CMD_BINDINGS:
	case DPSCTL_CMD_PROTOCOLS:
		want = 0;
		break;
	case DPSCTL_CMD_STATS: /* [ADAPTER] */
		if (npos > 1)
			return usage_err(
				err, errlen, "%s: unexpected argument '%s'", a->name, pos[1]);
		return npos == 1 ? check_adapter(a, pos[0], err, errlen) : DPSCTL_EXIT_OK;
	case DPSCTL_CMD_BIND: /* PROTOCOL ADAPTER */
	case DPSCTL_CMD_UNBIND:
		if (npos > 2)
			return usage_err(
				err, errlen, "%s: unexpected argument '%s'", a->name, pos[2]);
		if (npos < 1)
			return usage_err(err, errlen, "%s: missing PROTOCOL", a->name);
		if (npos < 2)
			return usage_err(err, errlen, "%s: missing ADAPTER", a->name);
		if (strlen(pos[0]) == 0 || strlen(pos[0]) >= DPS_CLIENT_NAME_LEN)
			return usage_err(err, errlen, "%s: bad PROTOCOL '%s' (1..%d characters)",
				a->name, pos[0], DPS_CLIENT_NAME_LEN - 1);
		a->protocol = pos[0];
		return check_adapter(a, pos[1], err, errlen);
	case DPSCTL_CMD_HELP_TOPIC: /* [COMMAND] */
		if (npos > 1)
			return usage_err(
				err, errlen, "%s: unexpected argument '%s'", a->name, pos[1]);
		if (npos == 1 && dpsctl_help_topic(NULL, pos[0]) != 0)
			return usage_err(err, errlen,
				"help: unknown command '%s' (see dpsctl help)", pos[0]);
		a->topic = npos == 1 ? pos[0] : NULL;
		return DPSCTL_EXIT_OK;
	case DPSCTL_CMD_OID_QUERY:
		want = 2;
		break;
	case DPSCTL_CMD_OID_SET:
		want = 3;
		break;
	default:
		want = 1;
		break;
	}
	if (npos > want)
		return usage_err(err, errlen, "%s: unexpected argument '%s'", a->name, pos[want]);
	if (want >= 1 && npos < 1)
		return usage_err(err, errlen, "%s: missing ADAPTER", a->name);
	if (want >= 2 && npos < 2)
		return usage_err(err, errlen, "%s: missing OID", a->name);
	if (want >= 3 && npos < 3)
		return usage_err(err, errlen, "%s: missing VALUE", a->name);
	if (want >= 1) {
		rc = check_adapter(a, pos[0], err, errlen);
		if (rc != DPSCTL_EXIT_OK)
			return rc;
	}
	if (want >= 2 && dpsctl_oid_parse(pos[1], &a->oid) != 0)
		return usage_err(err, errlen,
			"%s: unknown OID '%s' (a name from 'dpsctl oids' or a number)", a->name,
			pos[1]);
	if (want >= 3 && dpsctl_value_parse(pos[2], a->value, sizeof(a->value), &a->value_len) != 0)
		return usage_err(err, errlen,
			"%s: bad VALUE '%s' (N, 0xN, MAC[,MAC...] or hex:BYTES)", a->name, pos[2]);
	return DPSCTL_EXIT_OK;
}

static int
apply(struct dpsctl_args *a, const struct given *g, char *err, size_t errlen)
{
	const char *v = g->value;
	const char *o = opts[g->id].name;
	uint32_t u;

	switch (g->id) {
	case O_ETHERTYPE:
		if (a->nb_types == DPS_CLIENT_MAX_ETHERTYPES)
			return usage_err(err, errlen, "%s: too many --ethertype (at most %d)",
				a->name, DPS_CLIENT_MAX_ETHERTYPES);
		if (dpsctl_parse_ethertype(v, &a->types[a->nb_types]) != 0)
			return usage_err(
				err, errlen, "%s: bad ethertype '%s' (0x0600..0xffff)", a->name, v);
		a->nb_types++;
		return DPSCTL_EXIT_OK;
	case O_FILTER:
		if (strlen(v) > DPS_CLIENT_MAX_FILTER)
			return usage_err(err, errlen, "%s: --filter longer than %d bytes", a->name,
				DPS_CLIENT_MAX_FILTER);
		a->filter = v;
		return DPSCTL_EXIT_OK;
	case O_COUNT:
		if (dpsctl_parse_u32(v, &u) != 0 || u == 0)
			return usage_err(
				err, errlen, "%s: bad count '%s' (a number >= 1)", a->name, v);
		a->count = u;
		return DPSCTL_EXIT_OK;
	case O_TIMEOUT:
		if (dpsctl_parse_seconds(v, &a->timeout_ms) != 0)
			return usage_err(err, errlen,
				"%s: bad timeout '%s' (seconds, e.g. 5 or 0.5)", a->name, v);
		a->has_timeout = 1;
		return DPSCTL_EXIT_OK;
	case O_QUEUE:
		if (dpsctl_parse_u32(v, &u) != 0 || u == 0 || u > DPS_CLIENT_MAX_QUEUE)
			return usage_err(err, errlen, "%s: bad queue length '%s' (1..%d)", a->name,
				v, DPS_CLIENT_MAX_QUEUE);
		a->queue_len = u;
		return DPSCTL_EXIT_OK;
	case O_MODE:
		if (strcmp(v, "batch") == 0)
			a->mode = DPSCTL_MODE_BATCH;
		else if (strcmp(v, "ring") == 0)
			a->mode = DPSCTL_MODE_RING;
		else if (strcmp(v, "single") == 0)
			a->mode = DPSCTL_MODE_SINGLE;
		else
			return usage_err(err, errlen, "%s: bad mode '%s' (batch, ring or single)",
				a->name, v);
		return DPSCTL_EXIT_OK;
	case O_RATE:
		if (dpsctl_parse_u32(v, &u) != 0 || u == 0)
			return usage_err(err, errlen, "%s: bad rate '%s' (frames per second >= 1)",
				a->name, v);
		a->rate = u;
		return DPSCTL_EXIT_OK;
	case O_RING_SLOTS:
		if (dpsctl_parse_u32(v, &u) != 0 || u < 16 || u > DPS_CLIENT_RING_SLOTS_MAX ||
			(u & (u - 1)) != 0)
			return usage_err(err, errlen,
				"%s: bad ring size '%s' (a power of two, 16..%d)", a->name, v,
				DPS_CLIENT_RING_SLOTS_MAX);
		a->ring_slots = u;
		return DPSCTL_EXIT_OK;
	case O_PCAP:
		if (v[0] == '\0')
			return usage_err(err, errlen, "%s: --pcap needs a file name", a->name);
		a->pcap = v;
		return DPSCTL_EXIT_OK;
	case O_DST:
	case O_SRC:
		if (dpsctl_parse_mac(v, g->id == O_DST ? a->dst : a->src) != 0)
			return usage_err(err, errlen,
				"%s: bad MAC '%s' for --%s (aa:bb:cc:dd:ee:ff)", a->name, v, o);
		*(g->id == O_DST ? &a->has_dst : &a->has_src) = 1;
		return DPSCTL_EXIT_OK;
	case O_PAYLOAD:
		if (dpsctl_parse_hex(v, a->payload, DPS_CLIENT_MAX_FRAME - DPSCTL_ETH_HLEN,
			    &a->payload_len) != 0)
			return usage_err(err, errlen,
				"%s: bad hex in --payload (pairs of hex digits, at most %d bytes)",
				a->name, DPS_CLIENT_MAX_FRAME - DPSCTL_ETH_HLEN);
		a->has_payload = 1;
		return DPSCTL_EXIT_OK;
	case O_FILE:
		if (v[0] == '\0')
			return usage_err(err, errlen, "%s: --file needs a file name", a->name);
		a->file = v;
		return DPSCTL_EXIT_OK;
	case O_WATCH:
		if (dpsctl_parse_seconds(v, &a->watch_ms) != 0 || a->watch_ms < 100)
			return usage_err(err, errlen,
				"%s: bad --watch '%s' (seconds, at least 0.1)", a->name, v);
		return DPSCTL_EXIT_OK;
	default:
		return DPSCTL_EXIT_OK; /* globals: handled while scanning */
	}
}

int
dpsctl_parse(int argc, char **argv, struct dpsctl_args *a, char *err, size_t errlen)
{
	const char *pos[MAX_ARGS];
	struct given given[MAX_ARGS];
	int npos = 0, ngiven = 0, used = 0, rc, only_pos = 0;

	memset(a, 0, sizeof(*a));
	if (errlen > 0)
		err[0] = '\0';
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i], *eq, *val = NULL;
		size_t len;
		int id;

		if (only_pos || s[0] != '-' || s[1] == '\0') {
			if (npos == MAX_ARGS)
				return usage_err(err, errlen, "too many arguments");
			pos[npos++] = s;
			continue;
		}
		if (strcmp(s, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (strcmp(s, "-h") == 0) {
			a->cmd = DPSCTL_CMD_HELP;
			return DPSCTL_EXIT_OK;
		}
		if (strcmp(s, "-j") == 0) {
			a->json = 1;
			continue;
		}
		if (s[1] != '-')
			return usage_err(err, errlen, "unknown option '%s'", s);
		s += 2;
		eq = strchr(s, '=');
		len = eq != NULL ? (size_t)(eq - s) : strlen(s);
		id = find_opt(s, len);
		if (id < 0)
			return usage_err(err, errlen, "unknown option '%s'", argv[i]);
		if (opts[id].has_arg) {
			if (eq != NULL)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else
				return usage_err(
					err, errlen, "option --%s needs a value", opts[id].name);
		} else if (eq != NULL) {
			return usage_err(err, errlen, "option --%s takes no value", opts[id].name);
		}
		switch (id) {
		case O_HELP:
			a->cmd = DPSCTL_CMD_HELP;
			return DPSCTL_EXIT_OK;
		case O_VERSION:
			a->cmd = DPSCTL_CMD_VERSION;
			return DPSCTL_EXIT_OK;
		case O_JSON:
			a->json = 1;
			break;
		case O_SOCKET:
			if (val[0] == '\0' ||
				strlen(val) >= sizeof(((struct sockaddr_un *)0)->sun_path))
				return usage_err(
					err, errlen, "bad --socket '%s' (1..107 bytes)", val);
			a->socket = val;
			break;
		case O_FILE_PREFIX:
			if (val[0] == '\0' || strchr(val, '/') != NULL || strcmp(val, ".") == 0 ||
				strcmp(val, "..") == 0)
				return usage_err(err, errlen, "bad --file-prefix '%s'", val);
			a->file_prefix = val;
			break;
		default:
			if (ngiven == MAX_ARGS)
				return usage_err(err, errlen, "too many options");
			given[ngiven].id = (enum opt_id)id;
			given[ngiven].value = val;
			ngiven++;
			break;
		}
	}
	if (a->socket != NULL && a->file_prefix != NULL)
		return usage_err(err, errlen, "--socket and --file-prefix are mutually exclusive");

	rc = set_command(a, pos, npos, &used, err, errlen);
	if (rc != DPSCTL_EXIT_OK)
		return rc;
	for (int i = 0; i < ngiven; i++) {
		if (!(opts[given[i].id].cmds & (1u << a->cmd)))
			return usage_err(err, errlen, "%s: option --%s does not apply", a->name,
				opts[given[i].id].name);
	}
	rc = positionals(a, pos + used, npos - used, err, errlen);
	if (rc != DPSCTL_EXIT_OK)
		return rc;
	for (int i = 0; i < ngiven; i++) {
		rc = apply(a, &given[i], err, errlen);
		if (rc != DPSCTL_EXIT_OK)
			return rc;
	}

	switch (a->cmd) {
	case DPSCTL_CMD_RECV:
		if (a->nb_types == 0)
			return usage_err(err, errlen, "recv: missing --ethertype");
		break;
	case DPSCTL_CMD_SEND:
		if (a->nb_types == 0)
			return usage_err(err, errlen, "send: missing --ethertype");
		if (a->nb_types > 1)
			return usage_err(err, errlen, "send: one --ethertype only");
		if (!a->has_dst)
			return usage_err(err, errlen, "send: missing --dst");
		if (a->has_payload && a->file != NULL)
			return usage_err(
				err, errlen, "send: --payload and --file are mutually exclusive");
		if (a->count == 0)
			a->count = 1;
		break;
	default:
		break;
	}
	return DPSCTL_EXIT_OK;
}
