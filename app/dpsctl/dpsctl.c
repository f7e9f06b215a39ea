/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dpsctl: the command-line client of dpstack's control socket, built on
 * libdpsclient only (no DPDK). What prottest was to ndisprot: enumerate the
 * adapters, open one, send and receive raw frames, query and set OIDs, and
 * watch link changes.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "dps_client.h"
#include "dpsctl.h"
#include "dpsctl_capture.h"
#include "dpsctl_oid.h"

#ifndef DPS_VERSION
#define DPS_VERSION "unknown"
#endif

#define CHUNK_MS 500u /* longest single wait, so that Ctrl-C is seen quickly */
#define MAX_ADAPTERS 4096

static volatile sig_atomic_t stopping;

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/*
 * How long the next receive or wait may take: CHUNK_MS, less when --timeout
 * ends sooner. @return 0 when it is time to stop: the deadline passed, or,
 * with --timeout 0, once a poll found nothing more.
 */
static int
next_wait(const struct dpsctl_args *a, uint64_t deadline, int idle, uint32_t *wait)
{
	uint64_t now, left;

	*wait = CHUNK_MS;
	if (!a->has_timeout)
		return 1;
	now = now_ms();
	left = deadline > now ? deadline - now : 0;
	if (left == 0 && (a->timeout_ms > 0 || idle))
		return 0;
	if (left < CHUNK_MS)
		*wait = (uint32_t)left;
	return 1;
}

/* {"error": {"status": "DPS_E_...", "reason": "..."}} on stdout, for --json. */
static void
json_error(int status, const char *reason)
{
	printf("{\"error\": {\"status\": \"%s\", \"reason\": ", dps_status_str(status));
	dpsctl_json_string(stdout, reason != NULL ? reason : "");
	printf("}}\n");
	fflush(stdout);
}

int
dpsctl_failed(const struct dpsctl_args *a, struct dps_client *c, int status, const char *extra)
{
	const char *why = c != NULL ? dps_client_last_error(c) : "";
	const char *noreply = status == DPS_E_TIMEOUT && c != NULL && !dps_client_connected(c)
				      ? " (no reply from dpstack)"
				      : "";

	fprintf(stderr, "dpsctl: %s: %s%s%s%s%s%s\n", a->name, dps_status_str(status), noreply,
		extra != NULL ? " " : "", extra != NULL ? extra : "", why[0] != '\0' ? ": " : "",
		why);
	if (a->json) {
		char reason[512];

		snprintf(reason, sizeof(reason), "%s%s%s", why,
			why[0] != '\0' && extra != NULL ? " " : "", extra != NULL ? extra : "");
		json_error(status, reason);
	}
	return DPSCTL_EXIT_FAILED;
}

static int
failed(const struct dpsctl_args *a, struct dps_client *c, int status, const char *extra)
{
	return dpsctl_failed(a, c, status, extra);
}

static int
do_connect(const struct dpsctl_args *a, struct dps_client **c)
{
	char path[128];
	int rc;

	if (a->socket != NULL)
		snprintf(path, sizeof(path), "%s", a->socket);
	else if (dps_client_socket_path(a->file_prefix, path, sizeof(path)) != DPS_OK)
		snprintf(path, sizeof(path), "(file prefix %s)", a->file_prefix);
	rc = a->socket != NULL ? dps_client_connect(a->socket, c)
			       : dps_client_connect_prefix(a->file_prefix, c);
	if (rc != DPS_OK) {
		char reason[256];

		snprintf(reason, sizeof(reason), "cannot connect to %s%s", path,
			rc == DPS_E_NOT_FOUND || rc == DPS_E_IO ? " (is dpstack running?)" : "");
		fprintf(stderr, "dpsctl: %s: cannot connect to %s: %s%s\n", a->name, path,
			dps_status_str(rc),
			rc == DPS_E_NOT_FOUND || rc == DPS_E_IO ? " (is dpstack running?)" : "");
		if (a->json)
			json_error(rc, reason);
		return DPSCTL_EXIT_FAILED;
	}
	return DPSCTL_EXIT_OK;
}

static const char *
state_str(uint32_t state)
{
	static const char *const names[] = {
		"Unbound", "Opening", "Paused", "Restarting", "Running", "Pausing", "Closing"};

	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "Invalid";
}

/* ---- adapters ---- */

static int
cmd_adapters(const struct dpsctl_args *a, struct dps_client *c)
{
	struct dps_client_binding b;
	uint32_t i;
	int rc;

	/* as prottest did with BIND_WAIT: a dpstack still starting answers after its binds */
	rc = dps_client_wait_binds(c, 5000);
	if (rc != DPS_OK && rc != DPS_E_TIMEOUT && rc != DPS_E_NOT_SUPPORTED)
		return failed(a, c, rc, NULL);
	if (!a->json)
		printf("%-15s  %-17s  %5s  %-4s  %6s  %-10s  %s\n", "NAME", "MAC", "MTU", "LINK",
			"SPEED", "STATE", "DESCRIPTION");
	else
		printf("[");
	for (i = 0; i < MAX_ADAPTERS; i++) {
		rc = dps_client_list(c, i, &b);
		if (rc == DPS_E_NO_MORE_ENTRIES)
			break;
		if (rc != DPS_OK) {
			if (a->json)
				printf("]\n");
			return failed(a, c, rc, NULL);
		}
		if (a->json) {
			printf("%s{\"name\":", i ? "," : "");
			dpsctl_json_string(stdout, b.name);
			printf(",\"description\":");
			dpsctl_json_string(stdout, b.description);
			printf(",\"mac\":\"%02x:%02x:%02x:%02x:%02x:%02x\",\"mtu\":%u,"
			       "\"link_up\":%s,\"link_speed\":%u,\"state\":\"%s\"}",
				b.mac[0], b.mac[1], b.mac[2], b.mac[3], b.mac[4], b.mac[5], b.mtu,
				b.link_up ? "true" : "false", b.link_speed, state_str(b.state));
		} else {
			printf("%-15s  %02x:%02x:%02x:%02x:%02x:%02x  %5u  %-4s  %6u  %-10s  %s\n",
				b.name, b.mac[0], b.mac[1], b.mac[2], b.mac[3], b.mac[4], b.mac[5],
				b.mtu, b.link_up ? "up" : "down", b.link_speed, state_str(b.state),
				b.description);
		}
	}
	if (a->json)
		printf("]\n");
	return DPSCTL_EXIT_OK;
}

/* ---- oid ---- */

static int
open_neutral(const struct dpsctl_args *a, struct dps_client *c, uint64_t *h)
{
	static const uint16_t neutral = DPSCTL_NEUTRAL_TYPE;
	int rc = dps_client_open(c, a->adapter, &neutral, 1, NULL, 0, h);

	return rc == DPS_OK ? DPSCTL_EXIT_OK : failed(a, c, rc, NULL);
}

static int
cmd_oid_query(const struct dpsctl_args *a, struct dps_client *c, uint64_t h)
{
	const struct dps_oid_info *o = dps_oid_lookup(a->oid);
	uint8_t buf[DPS_CLIENT_OID_DATA_MAX];
	uint32_t written = 0, needed = 0;
	int rc;

	rc = dps_client_oid_query(c, h, a->oid, buf, sizeof(buf), &written, &needed);
	if (rc != DPS_OK) {
		char extra[48];

		snprintf(extra, sizeof(extra), "(needs %u bytes)", needed);
		return failed(a, c, rc, rc == DPS_E_BUFFER_TOO_SHORT ? extra : NULL);
	}
	if (a->json) {
		printf("{\"adapter\":");
		dpsctl_json_string(stdout, a->adapter);
		printf(",\"oid\":\"%s\",\"code\":\"0x%08x\",\"bytes\":%u,\"value\":",
			o != NULL ? o->name : "", a->oid, written);
		dpsctl_oid_print(stdout, a->oid, buf, written, 1);
		printf("}\n");
	} else {
		dpsctl_oid_print(stdout, a->oid, buf, written, 0);
		printf("\n");
	}
	return DPSCTL_EXIT_OK;
}

static int
cmd_oid_set(const struct dpsctl_args *a, struct dps_client *c, uint64_t h)
{
	uint32_t read = 0, needed = 0;
	int rc;

	rc = dps_client_oid_set(c, h, a->oid, a->value, a->value_len, &read, &needed);
	if (rc != DPS_OK) {
		char extra[48];

		snprintf(extra, sizeof(extra), "(needs %u bytes)", needed);
		return failed(a, c, rc, rc == DPS_E_INVALID_LENGTH && needed > 0 ? extra : NULL);
	}
	return DPSCTL_EXIT_OK;
}

/* ---- recv ---- */

static void
pcap_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The classic pcap format, written directly (little-endian, microseconds). */
static int
pcap_header(FILE *f)
{
	uint8_t h[24];

	pcap_u32(h, 0xa1b2c3d4u);
	h[4] = 2, h[5] = 0, h[6] = 4, h[7] = 0; /* version 2.4 */
	pcap_u32(h + 8, 0);			/* thiszone */
	pcap_u32(h + 12, 0);			/* sigfigs */
	pcap_u32(h + 16, 65535);		/* snaplen */
	pcap_u32(h + 20, 1);			/* LINKTYPE_ETHERNET */
	return fwrite(h, 1, sizeof(h), f) == sizeof(h) ? 0 : -1;
}

static int
pcap_record(FILE *f, const uint8_t *d, uint32_t len, uint32_t orig_len)
{
	struct timeval tv;
	uint8_t h[16];

	gettimeofday(&tv, NULL); /* the wire format carries no timestamp: when dpsctl got it */
	pcap_u32(h, (uint32_t)tv.tv_sec);
	pcap_u32(h + 4, (uint32_t)tv.tv_usec);
	pcap_u32(h + 8, len);
	pcap_u32(h + 12, orig_len);
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h) || fwrite(d, 1, len, f) != len)
		return -1;
	return 0;
}

static int
cmd_recv(const struct dpsctl_args *a, struct dps_client *c)
{
	static uint8_t frame[DPS_CLIENT_MAX_FRAME];
	FILE *pcap = NULL;
	uint64_t h, deadline = 0;
	uint32_t got = 0;
	int rc, ret = DPSCTL_EXIT_OK, idle = 0;

	if (a->mode != DPSCTL_MODE_SINGLE)
		return dpsctl_recv_burst(a, c, &stopping); /* dpsctl_ring.c */
	if (a->pcap != NULL) {
		pcap = strcmp(a->pcap, "-") == 0 ? stdout : fopen(a->pcap, "wb");
		if (pcap == NULL || pcap_header(pcap) != 0) {
			fprintf(stderr, "dpsctl: recv: %s: %s\n", a->pcap, strerror(errno));
			if (pcap != NULL && pcap != stdout)
				fclose(pcap);
			return DPSCTL_EXIT_FAILED;
		}
		fflush(pcap);
	}
	rc = dps_client_open(c, a->adapter, a->types, a->nb_types, a->filter, a->queue_len, &h);
	if (rc != DPS_OK) {
		if (pcap != NULL && pcap != stdout)
			fclose(pcap);
		return failed(a, c, rc, NULL);
	}
	if (a->has_timeout)
		deadline = now_ms() + a->timeout_ms;
	while (!stopping && (a->count == 0 || got < a->count)) {
		uint32_t wait, len, orig_len;

		if (!next_wait(a, deadline, idle, &wait))
			break;
		rc = dps_client_recv(c, h, frame, sizeof(frame), wait, &len, &orig_len);
		idle = rc == DPS_E_TIMEOUT;
		if (rc == DPS_E_TIMEOUT && dps_client_connected(c))
			continue;
		if (rc != DPS_OK) {
			ret = failed(a, c, rc, NULL);
			break;
		}
		got++;
		if (pcap != NULL) {
			if (pcap_record(pcap, frame, len, orig_len) != 0 || fflush(pcap) != 0) {
				fprintf(stderr, "dpsctl: recv: %s: %s\n", a->pcap, strerror(errno));
				ret = DPSCTL_EXIT_FAILED;
				break;
			}
			continue;
		}
		if (a->json) {
			printf("{\"len\":%u,\"orig_len\":%u,\"data\":\"", len, orig_len);
			for (uint32_t i = 0; i < len; i++)
				printf("%02x", frame[i]);
			printf("\"}\n");
		} else {
			printf("%u ", len);
			for (uint32_t i = 0; i < len; i++)
				printf("%02x", frame[i]);
			printf("\n");
		}
		fflush(stdout);
	}
	if (ret == DPSCTL_EXIT_OK && !stopping && a->count > 0 && got < a->count) {
		char extra[64];

		snprintf(extra, sizeof(extra), "(received %u of %u frames)", got, a->count);
		ret = failed(a, c, DPS_E_TIMEOUT, extra);
	}
	if (pcap != NULL && pcap != stdout) {
		if (fclose(pcap) != 0 && ret == DPSCTL_EXIT_OK) {
			fprintf(stderr, "dpsctl: recv: %s: %s\n", a->pcap, strerror(errno));
			ret = DPSCTL_EXIT_FAILED;
		}
		if (ret == DPSCTL_EXIT_OK)
			fprintf(stderr, "dpsctl: recv: %u frame%s written to %s\n", got,
				got == 1 ? "" : "s", a->pcap);
	}
	if (dps_client_connected(c))
		dps_client_close_open(c, h);
	return ret;
}

/* ---- send ---- */

static int
read_payload(const struct dpsctl_args *a, uint8_t *out, size_t cap, size_t *len)
{
	FILE *f = fopen(a->file, "rb");
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "dpsctl: send: %s: %s\n", a->file, strerror(errno));
		return DPSCTL_EXIT_FAILED;
	}
	n = fread(out, 1, cap, f);
	if (ferror(f) || (n == cap && fgetc(f) != EOF)) {
		fprintf(stderr, "dpsctl: send: %s: %s\n", a->file,
			ferror(f) ? strerror(errno) : "more than a frame's payload (9608 bytes)");
		fclose(f);
		return DPSCTL_EXIT_FAILED;
	}
	fclose(f);
	*len = n;
	return DPSCTL_EXIT_OK;
}

static int
cmd_send(const struct dpsctl_args *a, struct dps_client *c)
{
	static uint8_t frame[DPS_CLIENT_MAX_FRAME];
	uint8_t *payload = frame + DPSCTL_ETH_HLEN;
	const size_t room = sizeof(frame) - DPSCTL_ETH_HLEN;
	size_t plen;
	uint64_t h;
	uint32_t i;
	int rc, ret = DPSCTL_EXIT_OK;

	if (a->file != NULL) {
		rc = read_payload(a, payload, room, &plen);
		if (rc != DPSCTL_EXIT_OK)
			return rc;
	} else if (a->has_payload) {
		memcpy(payload, a->payload, a->payload_len);
		plen = a->payload_len;
	} else {
		for (plen = 0; plen < DPSCTL_DEFAULT_PAYLOAD; plen++)
			payload[plen] = (uint8_t)plen;
	}
	rc = dps_client_open(c, a->adapter, a->types, 1, NULL, 0, &h);
	if (rc != DPS_OK)
		return failed(a, c, rc, NULL);
	memcpy(frame, a->dst, 6);
	if (a->has_src) {
		memcpy(frame + 6, a->src, 6);
	} else {
		uint32_t n = 0;

		rc = dps_client_oid_query(
			c, h, 0x01010102u /* OID_802_3_CURRENT_ADDRESS */, frame + 6, 6, &n, NULL);
		if (rc == DPS_OK && n != 6)
			rc = DPS_E_INVALID_DATA;
		if (rc != DPS_OK) {
			ret = failed(a, c, rc, "(querying the adapter's MAC for --src)");
			goto out;
		}
	}
	frame[12] = (uint8_t)(a->types[0] >> 8);
	frame[13] = (uint8_t)a->types[0];
	if (a->mode != DPSCTL_MODE_SINGLE) {
		ret = dpsctl_send_frames(a, c, h, frame, (uint32_t)(DPSCTL_ETH_HLEN + plen),
			&stopping); /* dpsctl_ring.c */
		goto out;
	}
	for (i = 0; i < a->count && !stopping; i++) {
		rc = dps_client_send(c, h, frame, DPSCTL_ETH_HLEN + plen);
		if (rc != DPS_OK) {
			char extra[48];

			snprintf(extra, sizeof(extra), "(frame %u of %u)", i + 1, a->count);
			ret = failed(a, c, rc, a->count > 1 ? extra : NULL);
			goto out;
		}
	}
	if (a->json)
		printf("{\"sent\":%u,\"len\":%zu}\n", i, DPSCTL_ETH_HLEN + plen);
	else
		printf("sent %u frame%s of %zu bytes on %s\n", i, i == 1 ? "" : "s",
			DPSCTL_ETH_HLEN + plen, a->adapter);
out:
	if (dps_client_connected(c))
		dps_client_close_open(c, h);
	return ret;
}

/* ---- watch ---- */

static int
cmd_watch(const struct dpsctl_args *a, struct dps_client *c, uint64_t h)
{
	uint64_t deadline = a->has_timeout ? now_ms() + a->timeout_ms : 0;
	uint32_t got = 0;
	int rc, idle = 0;

	while (!stopping && (a->count == 0 || got < a->count)) {
		struct dps_client_indication ind;
		uint32_t wait;

		if (!next_wait(a, deadline, idle, &wait))
			break;
		rc = dps_client_wait_status(c, h, wait, &ind);
		idle = rc == DPS_E_TIMEOUT;
		if (rc == DPS_E_TIMEOUT && dps_client_connected(c))
			continue;
		if (rc != DPS_OK)
			return failed(a, c, rc, NULL);
		got++;
		if (a->json) {
			printf("{\"code\":%u,\"event\":\"%s\",\"link_up\":%s,\"link_speed\":%u}\n",
				ind.code,
				ind.code == DPS_CLIENT_IND_LINK_STATE ? "link_state" : "unknown",
				ind.link_up ? "true" : "false", ind.link_speed);
		} else if (ind.code == DPS_CLIENT_IND_LINK_STATE) {
			if (ind.link_up)
				printf("link up %u Mb/s\n", ind.link_speed);
			else
				printf("link down\n");
		} else {
			printf("indication %u link_up=%u link_speed=%u\n", ind.code, ind.link_up,
				ind.link_speed);
		}
		fflush(stdout);
	}
	if (!stopping && a->count > 0 && got < a->count) {
		char extra[64];

		snprintf(extra, sizeof(extra), "(got %u of %u indications)", got, a->count);
		return failed(a, c, DPS_E_TIMEOUT, extra);
	}
	return DPSCTL_EXIT_OK;
}

/* ---- oids (no server needed) ---- */

static int
cmd_oids(const struct dpsctl_args *a)
{
	unsigned int n;
	const struct dps_oid_info *t = dps_oid_catalogue(&n);

	if (a->json)
		printf("[");
	for (unsigned int i = 0; i < n; i++) {
		const char *ops = dpsctl_oid_ops(&t[i]);

		if (a->json)
			printf("%s{\"name\":\"%s\",\"code\":\"0x%08x\",\"ops\":\"%s\"}",
				i ? "," : "", t[i].name, t[i].oid, ops);
		else
			printf("0x%08x  %-36s %s\n", t[i].oid, t[i].name, ops);
	}
	if (a->json)
		printf("]\n");
	return DPSCTL_EXIT_OK;
}

/* One command line, parsed and run; @return its exit code. */
int
dpsctl_run(int argc, char **argv, int *no_command)
{
	static struct dpsctl_args a;
	struct dps_client *c = NULL;
	char err[256];
	uint64_t h = 0;
	int rc;

	stopping = 0;
	if (dpsctl_capture_wants(argc, argv)) {
		if (no_command != NULL)
			*no_command = 0;
		return dpsctl_capture_main(argc, argv); /* dpsctl_capture.c */
	}
	rc = dpsctl_parse(argc, argv, &a, err, sizeof(err));
	if (no_command != NULL)
		*no_command = a.no_command;
	if (rc != DPSCTL_EXIT_OK) {
		if (no_command == NULL || !a.no_command)
			fprintf(stderr, "%s\n", err);
		return rc;
	}
	switch (a.cmd) {
	case DPSCTL_CMD_HELP:
		fputs(dpsctl_usage, stdout);
		return DPSCTL_EXIT_OK;
	case DPSCTL_CMD_HELP_TOPIC:
		if (a.topic == NULL)
			fputs(dpsctl_usage, stdout);
		else
			dpsctl_help_topic(stdout, a.topic);
		return DPSCTL_EXIT_OK;
	case DPSCTL_CMD_VERSION:
		printf("dpsctl %s\n", DPS_VERSION);
		return DPSCTL_EXIT_OK;
	case DPSCTL_CMD_OIDS:
		return cmd_oids(&a);
	case DPSCTL_CMD_BINDINGS:
		return dpsctl_cmd_bindings(&a);
	case DPSCTL_CMD_PROTOCOLS:
		return dpsctl_cmd_protocols(&a);
	case DPSCTL_CMD_STATS:
		return dpsctl_cmd_stats(&a, &stopping);
	default:
		break;
	}

	rc = do_connect(&a, &c);
	if (rc != DPSCTL_EXIT_OK)
		return rc;
	switch (a.cmd) {
	case DPSCTL_CMD_ADAPTERS:
		rc = cmd_adapters(&a, c);
		break;
	case DPSCTL_CMD_RECV:
		rc = cmd_recv(&a, c);
		break;
	case DPSCTL_CMD_SEND:
		rc = cmd_send(&a, c);
		break;
	case DPSCTL_CMD_ADAPTER_REMOVE:
	case DPSCTL_CMD_BIND:
	case DPSCTL_CMD_UNBIND:
		rc = dpsctl_cmd_admin(&a, c);
		break;
	default: /* oid query, oid set, watch: through a neutral open */
		rc = open_neutral(&a, c, &h);
		if (rc != DPSCTL_EXIT_OK)
			break;
		if (a.cmd == DPSCTL_CMD_OID_QUERY)
			rc = cmd_oid_query(&a, c, h);
		else if (a.cmd == DPSCTL_CMD_OID_SET)
			rc = cmd_oid_set(&a, c, h);
		else
			rc = cmd_watch(&a, c, h);
		if (dps_client_connected(c))
			dps_client_close_open(c, h);
		break;
	}
	dps_client_close(c);
	return rc;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	int rc, no_command = 0;

	/* Ctrl-C ends recv, watch and stats --watch cleanly (the pcap file
	 * complete, the open closed); in the interactive mode, the command only */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);

	rc = dpsctl_run(argc, argv, &no_command);
	if (rc == DPSCTL_EXIT_USAGE && no_command) {
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
			return dpsctl_interactive(argc, argv, &stopping); /* dpsctl_interactive.c */
		fprintf(stderr, "dpsctl: no command given (see dpsctl --help)\n");
	}
	return rc;
}
