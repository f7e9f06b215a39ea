/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dpsctl bindings, protocols, stats: what dpstack's /dpstack/ telemetry
 * commands answer (docs/TELEMETRY.md), read over DPDK's telemetry socket
 * (dpdk_telemetry.v2, in the runtime directory beside the control socket)
 * and printed as tables, or as JSON with --json.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "dpsctl.h"
#include "dpsctl_json.h"

#define TEL_SOCKET "dpdk_telemetry.v2"
#define TEL_TIMEOUT_S 5
#define REPLY_MAX (64 * 1024) /* DPDK 22.11 replies at most 16 KiB */
#define ARENA_MAX (8 * REPLY_MAX)

struct tel {
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char buf[REPLY_MAX];
	char arena[ARENA_MAX];
};

/* The error line, or with --json the error object on stdout (COORD decision 1's format). */
static int
show_error(const struct dpsctl_args *a, const char *status, const char *reason)
{
	if (a->json) {
		printf("{\"error\": {\"status\": ");
		dpsctl_json_write_string(stdout, status);
		printf(", \"reason\": ");
		dpsctl_json_write_string(stdout, reason);
		printf("}}\n");
	}
	fprintf(stderr, "dpsctl: %s: %s: %s\n", a->name, status, reason);
	return DPSCTL_EXIT_FAILED;
}

static int
tel_open(const struct dpsctl_args *a, struct tel *t)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct timeval tv = {.tv_sec = TEL_TIMEOUT_S};
	char ctl[sizeof(sa.sun_path)], *slash, why[256];
	ssize_t n;

	if (a->socket != NULL)
		snprintf(ctl, sizeof(ctl), "%s", a->socket);
	else if (dps_client_socket_path(a->file_prefix, ctl, sizeof(ctl)) != DPS_OK)
		return show_error(a, "DPS_E_INVALID_PARAMETER", "bad --file-prefix");
	slash = strrchr(ctl, '/');
	if (slash != NULL)
		*slash = '\0';
	if (snprintf(t->path, sizeof(t->path), "%s/%s", slash != NULL ? ctl : ".", TEL_SOCKET) >=
		(int)sizeof(t->path))
		return show_error(a, "DPS_E_INVALID_LENGTH", "telemetry socket path too long");
	memcpy(sa.sun_path, t->path, strlen(t->path) + 1);
	t->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (t->fd < 0 || connect(t->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		snprintf(why, sizeof(why), "cannot connect to %s: %s (is dpstack running?)",
			t->path, strerror(errno));
		if (t->fd >= 0)
			close(t->fd);
		t->fd = -1;
		return show_error(a, errno == EACCES ? "DPS_E_PERMISSION" : "DPS_E_NOT_FOUND", why);
	}
	setsockopt(t->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	n = recv(t->fd, t->buf, sizeof(t->buf), 0); /* its greeting: version, pid */
	if (n <= 0) {
		close(t->fd);
		t->fd = -1;
		return show_error(a, "DPS_E_IO", "no greeting from the telemetry socket");
	}
	return DPSCTL_EXIT_OK;
}

/*
 * Send @p cmd, parse the reply; *out is the value under the command's
 * name. A /dpstack/ error object ({"status", "error"}) is reported.
 */
static int
tel_query(
	const struct dpsctl_args *a, struct tel *t, const char *cmd, const struct dpsctl_json **out)
{
	const struct dpsctl_json *root, *v, *st;
	ssize_t n;

	if (send(t->fd, cmd, strlen(cmd), 0) < 0)
		return show_error(a, "DPS_E_IO", strerror(errno));
	n = recv(t->fd, t->buf, sizeof(t->buf), 0);
	if (n <= 0)
		return show_error(a, n < 0 && errno == EAGAIN ? "DPS_E_TIMEOUT" : "DPS_E_IO",
			"no reply from the telemetry socket");
	root = dpsctl_json_parse(t->buf, (size_t)n, t->arena, sizeof(t->arena));
	if (root == NULL || root->type != DPSCTL_JSON_OBJECT || root->n != 1)
		return show_error(a, "DPS_E_INVALID_DATA", "telemetry reply is not JSON");
	v = root->kids;
	if (v->type == DPSCTL_JSON_NULL) {
		char why[160];

		snprintf(why, sizeof(why), "dpstack has no telemetry command %.64s", cmd);
		return show_error(a, "DPS_E_NOT_SUPPORTED", why);
	}
	st = dpsctl_json_get(v, "status");
	if (st != NULL && dpsctl_json_get(v, "error") != NULL && v->n == 2)
		return show_error(a, st->str, dpsctl_json_text(v, "error"));
	*out = v;
	return DPSCTL_EXIT_OK;
}

/* A copy, since the next query reuses the arena: the subtree written into buf as text. */
static char *
tel_keep(const struct dpsctl_json *v)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (f == NULL)
		return NULL;
	dpsctl_json_write(f, v);
	fclose(f);
	return s;
}

/* ---- protocols ---- */

int
dpsctl_cmd_protocols(const struct dpsctl_args *a)
{
	static struct tel t;
	const struct dpsctl_json *v;
	int rc = tel_open(a, &t);

	if (rc != DPSCTL_EXIT_OK)
		return rc;
	rc = tel_query(a, &t, "/dpstack/protocols", &v);
	close(t.fd);
	if (rc != DPSCTL_EXIT_OK)
		return rc;
	if (a->json) {
		dpsctl_json_write(stdout, v);
		printf("\n");
		return DPSCTL_EXIT_OK;
	}
	printf("%-16s %-16s %-28s %-9s %s\n", "PROTOCOL", "ETHERTYPES", "DEFAULT FILTER",
		"CATCH-ALL", "BINDINGS");
	for (const struct dpsctl_json *p = v->kids; p != NULL; p = p->next) {
		const struct dpsctl_json *et = dpsctl_json_get(p, "ethertypes");
		char types[128] = "";
		size_t off = 0;

		for (const struct dpsctl_json *e = et != NULL ? et->kids : NULL; e != NULL;
			e = e->next) {
			int w = snprintf(types + off, sizeof(types) - off, "%s%s",
				e == et->kids ? "" : ",", e->str);

			if (w < 0 || (size_t)w >= sizeof(types) - off)
				break;
			off += (size_t)w;
		}
		printf("%-16s %-16s %-28s %-9s %s\n", p->key, types[0] ? types : "-",
			dpsctl_json_text(p, "default_filter"),
			strcmp(dpsctl_json_text(p, "catch_all"), "1") == 0 ? "yes" : "no",
			dpsctl_json_text(p, "bindings"));
	}
	return DPSCTL_EXIT_OK;
}

/* ---- bindings ---- */

/* The names of /dpstack/bindings, copied. */
static int
binding_names(const struct dpsctl_args *a, struct tel *t, char ***names, unsigned int *nb)
{
	const struct dpsctl_json *v;
	unsigned int i = 0;
	int rc = tel_query(a, t, "/dpstack/bindings", &v);

	*names = NULL;
	*nb = 0;
	if (rc != DPSCTL_EXIT_OK)
		return rc;
	*names = calloc(v->n + 1, sizeof(char *));
	if (*names == NULL)
		return show_error(a, "DPS_E_RESOURCES", "out of memory");
	for (const struct dpsctl_json *b = v->kids; b != NULL; b = b->next)
		if (b->type == DPSCTL_JSON_STRING)
			(*names)[i++] = strdup(b->str);
	*nb = i;
	return DPSCTL_EXIT_OK;
}

static void
names_free(char **names, unsigned int nb)
{
	for (unsigned int i = 0; names != NULL && i < nb; i++)
		free(names[i]);
	free(names);
}

int
dpsctl_cmd_bindings(const struct dpsctl_args *a)
{
	static struct tel t;
	char **names;
	unsigned int nb;
	int rc = tel_open(a, &t);

	if (rc != DPSCTL_EXIT_OK)
		return rc;
	rc = binding_names(a, &t, &names, &nb);
	if (rc == DPSCTL_EXIT_OK && a->json)
		printf("[");
	else if (rc == DPSCTL_EXIT_OK)
		printf("%-24s %-12s %-16s %-10s %-28s %10s %10s %10s %10s\n", "BINDING", "PROTOCOL",
			"ADAPTER", "STATE", "FILTER", "RX", "TX", "TX_DROPPED", "TX_REFUSED");
	for (unsigned int i = 0; rc == DPSCTL_EXIT_OK && i < nb; i++) {
		char cmd[128];
		const struct dpsctl_json *b;

		snprintf(cmd, sizeof(cmd), "/dpstack/binding,%s", names[i]);
		rc = tel_query(a, &t, cmd, &b);
		if (rc != DPSCTL_EXIT_OK)
			break;
		if (a->json) {
			printf("%s", i ? ", " : "");
			dpsctl_json_write(stdout, b);
			continue;
		}
		printf("%-24s %-12s %-16s %-10s %-28s %10s %10s %10s %10s\n",
			dpsctl_json_text(b, "name"), dpsctl_json_text(b, "protocol"),
			dpsctl_json_text(b, "adapter"), dpsctl_json_text(b, "state"),
			dpsctl_json_text(b, "filter"), dpsctl_json_text(b, "rx_frames"),
			dpsctl_json_text(b, "tx_frames"), dpsctl_json_text(b, "tx_dropped"),
			dpsctl_json_text(b, "tx_refused"));
	}
	if (rc == DPSCTL_EXIT_OK && a->json)
		printf("]\n");
	names_free(names, nb);
	close(t.fd);
	return rc;
}

/* ---- stats ---- */

/* "name value" pairs of an object's numbers: all of them, or those not zero */
static void
print_numbers(const struct dpsctl_json *o, int nonzero_only, const char *const *skip)
{
	for (const struct dpsctl_json *k = o->kids; k != NULL; k = k->next) {
		int skipped = 0;

		if (k->type != DPSCTL_JSON_NUMBER)
			continue;
		for (const char *const *s = skip; s != NULL && *s != NULL; s++)
			skipped |= strcmp(*s, k->key) == 0;
		if (skipped || (nonzero_only && k->num == 0))
			continue;
		printf(" %s %s", k->key, k->str);
	}
}

/* One round: every adapter (or the one asked for) and its bindings. */
static int
stats_once(const struct dpsctl_args *a, struct tel *t)
{
	static const char *const adapter_skip[] = {
		"port", "mtu", "min_mtu", "max_mtu", "link_speed", "rx_queues", "tx_queues", NULL};
	static const char *const binding_skip[] = {"multicast_addresses", "vlan_id", NULL};
	const struct dpsctl_json *v;
	char **adapters = NULL, **names = NULL;
	unsigned int nad = 0, nb = 0;
	int rc;

	rc = tel_query(a, t, "/dpstack/adapters", &v);
	if (rc != DPSCTL_EXIT_OK)
		return rc;
	adapters = calloc(v->n + 1, sizeof(char *));
	if (adapters == NULL)
		return show_error(a, "DPS_E_RESOURCES", "out of memory");
	for (const struct dpsctl_json *k = v->kids; k != NULL; k = k->next)
		if (a->adapter == NULL || strcmp(a->adapter, k->key) == 0)
			adapters[nad++] = strdup(k->key);
	if (a->adapter != NULL && nad == 0) {
		char why[96];

		free(adapters);
		snprintf(why, sizeof(why), "no adapter '%s'", a->adapter);
		return show_error(a, "DPS_E_NOT_FOUND", why);
	}
	rc = binding_names(a, t, &names, &nb);
	if (rc == DPSCTL_EXIT_OK && a->json)
		printf("{\"adapters\": {");
	for (unsigned int i = 0; rc == DPSCTL_EXIT_OK && i < nad; i++) {
		char cmd[128], *kept;
		unsigned int shown = 0;
		size_t alen = strlen(adapters[i]);

		snprintf(cmd, sizeof(cmd), "/dpstack/adapter,%s", adapters[i]);
		rc = tel_query(a, t, cmd, &v);
		if (rc != DPSCTL_EXIT_OK)
			break;
		if (a->json) {
			kept = tel_keep(v);
			printf("%s", i ? ", " : "");
			dpsctl_json_write_string(stdout, adapters[i]);
			/* the adapter's object, with its bindings added at the end */
			printf(": %.*s, \"bindings\": {", kept != NULL ? (int)strlen(kept) - 1 : 1,
				kept != NULL ? kept : "{");
			free(kept);
		} else {
			printf("adapter %s: link %s, state %s\n ", adapters[i],
				dpsctl_json_text(v, "link"), dpsctl_json_text(v, "port_state"));
			print_numbers(v, 0, adapter_skip);
			printf("\n");
		}
		for (unsigned int j = 0; rc == DPSCTL_EXIT_OK && j < nb; j++) {
			const struct dpsctl_json *b, *proto;
			const char *at = strchr(names[j], '@');

			if (at == NULL || strcmp(at + 1, adapters[i]) != 0 ||
				strlen(at + 1) != alen)
				continue;
			snprintf(cmd, sizeof(cmd), "/dpstack/binding,%s", names[j]);
			rc = tel_query(a, t, cmd, &b);
			if (rc != DPSCTL_EXIT_OK)
				break;
			if (a->json) {
				printf("%s", shown ? ", " : "");
				dpsctl_json_write_string(stdout, names[j]);
				printf(": ");
				dpsctl_json_write(stdout, b);
				shown++;
				continue;
			}
			printf("  binding %s: %s\n   ", names[j], dpsctl_json_text(b, "state"));
			print_numbers(b, 0, binding_skip);
			printf("\n");
			proto = dpsctl_json_get(b, dpsctl_json_text(b, "protocol"));
			if (proto != NULL && proto->type == DPSCTL_JSON_OBJECT) {
				/* its counters: drops by reason are the ones not zero */
				printf("    %s:", proto->key);
				print_numbers(proto, 1, NULL);
				printf("\n");
			}
		}
		if (rc == DPSCTL_EXIT_OK && a->json)
			printf("}}");
	}
	if (rc == DPSCTL_EXIT_OK && a->json)
		printf("}}\n");
	names_free(names, nb);
	names_free(adapters, nad);
	return rc;
}

int
dpsctl_cmd_stats(const struct dpsctl_args *a, volatile const sig_atomic_t *stopping)
{
	static struct tel t;
	unsigned int round = 0;
	int rc = tel_open(a, &t);

	if (rc != DPSCTL_EXIT_OK)
		return rc;
	for (;;) {
		struct timespec ts = {0, 100 * 1000 * 1000};

		if (a->watch_ms > 0 && !a->json && isatty(STDOUT_FILENO))
			printf("\033[H\033[2J"); /* like watch(1): the screen from the top */
		if (a->watch_ms > 0 && !a->json) {
			time_t now = time(NULL);
			char when[32];

			strftime(when, sizeof(when), "%H:%M:%S", localtime(&now));
			printf("every %.1f s, %s (Ctrl-C stops)\n", a->watch_ms / 1000.0, when);
		}
		rc = stats_once(a, &t);
		fflush(stdout);
		round++;
		if (rc != DPSCTL_EXIT_OK || a->watch_ms == 0 || (a->count > 0 && round >= a->count))
			break;
		for (uint32_t waited = 0; waited < a->watch_ms && !*stopping; waited += 100)
			nanosleep(&ts, NULL);
		if (*stopping)
			break;
	}
	close(t.fd);
	return rc;
}
