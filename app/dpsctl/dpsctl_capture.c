/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dpsctl capture ADAPTER [--direction rx|tx|both] [--filter EXPR]
 *                [--snaplen N] [-c N] [--duration S] -w FILE|-
 * dpsctl captures [--json]
 *
 * dpsctl opens FILE itself (with the rights of whoever runs it; "-" is
 * standard output, e.g. a pipe to tshark -r -) and passes the descriptor to
 * dpstack, whose capture writer fills it with pcapng. dpsctl then waits for
 * the end in short CAPTURE_WAIT rounds: a limit, Ctrl-C (CAPTURE_STOP;
 * dpstack completes the file), or dpstack stopping. A second Ctrl-C leaves
 * at once; dpstack still completes the file, since the connection's end
 * stops the capture.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "dps_client.h"
#include "dps_status.h"
#include "dpsctl.h"
#include "dpsctl_capture.h"
#include "dpsctl_parse.h"

#define WAIT_ROUND_MS 200

static volatile sig_atomic_t interrupts;

static void
on_interrupt(int sig)
{
	(void)sig;
	interrupts++;
}

struct capture_args {
	struct dpsctl_args g; /* globals, name, json: for dpsctl_failed */
	int list;	      /* captures */
	struct dps_client_capture_params p;
	const char *file;
};

static int
usage(const char *fmt, const char *what)
{
	fprintf(stderr, "dpsctl: ");
	fprintf(stderr, fmt, what);
	fprintf(stderr, "\n");
	return DPSCTL_EXIT_USAGE;
}

/* the value of option @p name at argv[*i] ("--name V" or "--name=V") */
static const char *
value_of(int argc, char **argv, int *i, const char *name)
{
	const char *s = argv[*i];
	size_t n = strlen(name);

	if (strncmp(s, name, n) == 0 && s[n] == '=')
		return s + n + 1;
	if (*i + 1 < argc) {
		(*i)++;
		return argv[*i];
	}
	return NULL;
}

static int
is_opt(const char *s, const char *name)
{
	size_t n = strlen(name);

	return strncmp(s, name, n) == 0 && (s[n] == '\0' || s[n] == '=');
}

int
dpsctl_capture_wants(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];

		if (is_opt(s, "--socket") || is_opt(s, "--file-prefix")) {
			if (strchr(s, '=') == NULL)
				i++;
			continue;
		}
		if (s[0] == '-')
			continue;
		return strcmp(s, "capture") == 0 || strcmp(s, "captures") == 0;
	}
	return 0;
}

static int
parse(int argc, char **argv, struct capture_args *a)
{
	int have_cmd = 0;
	uint32_t u;

	memset(a, 0, sizeof(*a));
	a->p.direction = DPS_CLIENT_CAPTURE_RX | DPS_CLIENT_CAPTURE_TX;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i], *v;

		if (strcmp(s, "--json") == 0) {
			a->g.json = 1;
		} else if (is_opt(s, "--socket")) {
			v = value_of(argc, argv, &i, "--socket");
			if (v == NULL || v[0] == '\0' ||
				strlen(v) >= sizeof(((struct sockaddr_un *)0)->sun_path))
				return usage("bad --socket '%s' (1..107 bytes)", v ? v : "");
			a->g.socket = v;
		} else if (is_opt(s, "--file-prefix")) {
			v = value_of(argc, argv, &i, "--file-prefix");
			if (v == NULL || v[0] == '\0' || strchr(v, '/') != NULL)
				return usage("bad --file-prefix '%s'", v ? v : "");
			a->g.file_prefix = v;
		} else if (!have_cmd && s[0] != '-') {
			have_cmd = 1;
			a->list = strcmp(s, "captures") == 0;
			a->g.name = a->list ? "captures" : "capture";
		} else if (have_cmd && !a->list && s[0] != '-' && a->p.adapter == NULL) {
			if (strlen(s) >= DPS_CLIENT_NAME_LEN)
				return usage("capture: bad ADAPTER '%s' (1..15 characters)", s);
			a->p.adapter = s;
		} else if (a->list) {
			return usage("captures: unexpected argument '%s'", s);
		} else if (is_opt(s, "--direction")) {
			v = value_of(argc, argv, &i, "--direction");
			if (v != NULL && strcmp(v, "rx") == 0)
				a->p.direction = DPS_CLIENT_CAPTURE_RX;
			else if (v != NULL && strcmp(v, "tx") == 0)
				a->p.direction = DPS_CLIENT_CAPTURE_TX;
			else if (v != NULL && strcmp(v, "both") == 0)
				a->p.direction = DPS_CLIENT_CAPTURE_RX | DPS_CLIENT_CAPTURE_TX;
			else
				return usage("capture: bad --direction '%s' (rx, tx or both)",
					v ? v : "");
		} else if (is_opt(s, "--filter")) {
			v = value_of(argc, argv, &i, "--filter");
			if (v == NULL || strlen(v) > DPS_CLIENT_MAX_FILTER)
				return usage("capture: --filter needs an expression of at most "
					     "1024 bytes%s",
					"");
			a->p.filter = v;
		} else if (is_opt(s, "--snaplen")) {
			v = value_of(argc, argv, &i, "--snaplen");
			if (v == NULL || dpsctl_parse_u32(v, &u) != 0 || u == 0 || u > 65535)
				return usage("capture: bad --snaplen '%s' (1..65535)", v ? v : "");
			a->p.snaplen = u;
		} else if (strcmp(s, "-c") == 0 || is_opt(s, "--count")) {
			v = strcmp(s, "-c") == 0 ? (i + 1 < argc ? argv[++i] : NULL)
						 : value_of(argc, argv, &i, "--count");
			if (v == NULL || dpsctl_parse_u32(v, &u) != 0 || u == 0)
				return usage("capture: bad count '%s' (a number >= 1)", v ? v : "");
			a->p.count = u;
		} else if (is_opt(s, "--duration")) {
			v = value_of(argc, argv, &i, "--duration");
			if (v == NULL || dpsctl_parse_seconds(v, &u) != 0 || u == 0 ||
				u > 86400000u)
				return usage("capture: bad --duration '%s' (seconds, up to 86400)",
					v ? v : "");
			a->p.duration_ms = u;
		} else if (strcmp(s, "-w") == 0 || is_opt(s, "--write")) {
			v = strcmp(s, "-w") == 0 ? (i + 1 < argc ? argv[++i] : NULL)
						 : value_of(argc, argv, &i, "--write");
			if (v == NULL || v[0] == '\0')
				return usage("capture: -w needs a file name (- for standard "
					     "output)%s",
					"");
			a->file = v;
		} else {
			return usage("capture: unknown option '%s'", s);
		}
	}
	if (a->g.socket != NULL && a->g.file_prefix != NULL)
		return usage("--socket and --file-prefix are mutually exclusive%s", "");
	if (!a->list && a->p.adapter == NULL)
		return usage("capture: missing ADAPTER%s", "");
	if (!a->list && a->file == NULL)
		return usage("capture: missing -w FILE (- for standard output)%s", "");
	return DPSCTL_EXIT_OK;
}

static int
connect_to(const struct capture_args *a, struct dps_client **c)
{
	int rc = a->g.socket != NULL ? dps_client_connect(a->g.socket, c)
				     : dps_client_connect_prefix(a->g.file_prefix, c);

	if (rc != DPS_OK) {
		fprintf(stderr, "dpsctl: %s: cannot connect to dpstack: %s%s\n", a->g.name,
			dps_status_str(rc),
			rc == DPS_E_NOT_FOUND || rc == DPS_E_IO ? " (is dpstack running?)" : "");
		if (a->g.json)
			printf("{\"error\": {\"status\": \"%s\", \"reason\": \"cannot "
			       "connect\"}}\n",
				dps_status_str(rc));
		return DPSCTL_EXIT_FAILED;
	}
	return DPSCTL_EXIT_OK;
}

static const char *
dir_str(uint32_t d)
{
	return d == 3 ? "both" : d == 1 ? "rx" : "tx";
}

static const char *
state_str(uint32_t s)
{
	return s == 1 ? "running" : s == 2 ? "stopping" : "ended";
}

static const char *
cause_str(uint32_t c)
{
	static const char *const names[] = {"running", "stopped", "count reached",
		"duration reached", "client gone", "write error", "dpstack stopping",
		"adapter removed"};

	return c < sizeof(names) / sizeof(names[0]) ? names[c] : "unknown";
}

/* a JSON string (the filter may hold quotes) */
static void
json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void
print_json(FILE *f, const struct dps_client_capture_info *i)
{
	fprintf(f,
		"{\"id\":%u,\"adapter\":\"%s\",\"state\":\"%s\",\"direction\":\"%s\","
		"\"filter\":",
		i->id, i->adapter, state_str(i->state), dir_str(i->direction));
	json_str(f, i->filter);
	fprintf(f,
		",\"snaplen\":%u,\"count\":%llu,\"duration_ms\":%u,\"pid\":%u,\"seen\":%llu,"
		"\"filtered\":%llu,\"captured\":%llu,\"dropped\":%llu,\"written\":%llu,"
		"\"bytes\":%llu,\"end\":\"%s\",\"status\":\"%s\"}",
		i->snaplen, (unsigned long long)i->count, i->duration_ms, i->pid,
		(unsigned long long)i->seen, (unsigned long long)i->filtered,
		(unsigned long long)i->captured, (unsigned long long)i->dropped,
		(unsigned long long)i->written, (unsigned long long)i->bytes, cause_str(i->cause),
		dps_status_str(i->status));
}

static int
cmd_captures(struct capture_args *a, struct dps_client *c)
{
	static struct dps_client_capture_info i;
	uint32_t k = 0;
	int rc;

	if (a->g.json)
		printf("[");
	else
		printf("%-4s %-15s %-8s %-4s %10s %10s %10s %10s %7s  %s\n", "ID", "ADAPTER",
			"STATE", "DIR", "SEEN", "WRITTEN", "BYTES", "DROPPED", "PID", "FILTER");
	for (;; k++) {
		rc = dps_client_capture_list(c, k, &i);
		if (rc == DPS_E_NO_MORE_ENTRIES)
			break;
		if (rc != DPS_OK) {
			if (a->g.json)
				printf("]\n");
			return dpsctl_failed(&a->g, c, rc, NULL);
		}
		if (a->g.json) {
			if (k > 0)
				printf(",");
			print_json(stdout, &i);
		} else {
			printf("%-4u %-15s %-8s %-4s %10llu %10llu %10llu %10llu %7u  %s\n", i.id,
				i.adapter, state_str(i.state), dir_str(i.direction),
				(unsigned long long)i.seen, (unsigned long long)i.written,
				(unsigned long long)i.bytes, (unsigned long long)i.dropped, i.pid,
				i.filter);
		}
	}
	if (a->g.json)
		printf("]\n");
	return DPSCTL_EXIT_OK;
}

static int
cmd_capture(struct capture_args *a, struct dps_client *c)
{
	static struct dps_client_capture_info i;
	int fd, rc, stopped = 0;
	uint32_t id;

	if (strcmp(a->file, "-") == 0) {
		fd = STDOUT_FILENO;
	} else {
		fd = open(a->file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			fprintf(stderr, "dpsctl: capture: cannot open %s: %s\n", a->file,
				strerror(errno));
			return DPSCTL_EXIT_FAILED;
		}
	}
	rc = dps_client_capture_start(c, &a->p, fd, &id);
	if (fd != STDOUT_FILENO)
		close(fd); /* dpstack holds its own copy */
	if (rc != DPS_OK)
		return dpsctl_failed(&a->g, c, rc, NULL);
	fprintf(stderr, "dpsctl: capturing on %s (capture %u, %s%s%s), Ctrl-C stops\n",
		a->p.adapter, id, dir_str(a->p.direction), a->p.filter ? ", filter " : "",
		a->p.filter ? a->p.filter : "");
	for (;;) {
		if (interrupts > 1) {
			fprintf(stderr, "dpsctl: capture: interrupted again: leaving now "
					"(dpstack completes the file)\n");
			return 130;
		}
		if (interrupts == 1 && !stopped) {
			stopped = 1;
			rc = dps_client_capture_stop(c, id);
			/* it may have ended meanwhile (a limit): the wait tells */
			if (rc != DPS_OK && rc != DPS_E_INVALID_STATE)
				return dpsctl_failed(&a->g, c, rc, NULL);
		}
		rc = dps_client_capture_wait(c, id, WAIT_ROUND_MS, &i);
		if (rc == DPS_E_TIMEOUT && dps_client_connected(c))
			continue;
		if (rc != DPS_OK)
			return dpsctl_failed(&a->g, c, rc, NULL);
		break;
	}
	if (a->g.json && fd != STDOUT_FILENO) {
		print_json(stdout, &i);
		printf("\n");
	}
	fprintf(stderr,
		"dpsctl: capture %u: %llu frames written (%llu bytes), %llu dropped, %llu "
		"filtered; %s\n",
		id, (unsigned long long)i.written, (unsigned long long)i.bytes,
		(unsigned long long)i.dropped, (unsigned long long)i.filtered, cause_str(i.cause));
	if (i.status != DPS_OK) {
		fprintf(stderr, "dpsctl: capture: %s: writing the file failed\n",
			dps_status_str(i.status));
		return DPSCTL_EXIT_FAILED;
	}
	if (i.cause == DPS_CLIENT_CAPTURE_ADAPTER_GONE) {
		/* as tcpdump when its interface goes: the file is complete */
		fprintf(stderr, "dpsctl: capture: adapter %s was removed (the file is complete)\n",
			i.adapter);
		return DPSCTL_EXIT_FAILED;
	}
	return DPSCTL_EXIT_OK;
}

int
dpsctl_capture_main(int argc, char **argv)
{
	static struct capture_args a;
	struct sigaction sa;
	struct dps_client *c = NULL;
	int rc;

	rc = parse(argc, argv, &a);
	if (rc != DPSCTL_EXIT_OK)
		return rc;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = connect_to(&a, &c);
	if (rc != DPSCTL_EXIT_OK)
		return rc;
	rc = a.list ? cmd_captures(&a, c) : cmd_capture(&a, c);
	dps_client_close(c);
	return rc;
}
