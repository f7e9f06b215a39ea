/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * /dpstack/ telemetry: registration, the open/closed gate, the reply and
 * parameter helpers shared by the command files. Callbacks run on DPDK's
 * per-client telemetry threads.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_ethdev.h>

#include "dps_binding.h"
#include "dps_config.h"
#include "dps_ctrl.h"
#include "dps_fault.h"
#include "dps_level.h"
#include "dps_status.h"
#include "dps_telemetry.h"
#include "telemetry_private.h"

DPS_LOG_REGISTER(telemetry, INFO);

/* How long fini waits for callbacks in progress. */
#define FINI_WAIT_MS 5000u

static const struct dps__tel_cmd commands[] = {
	{"/dpstack/info", dps__tel_info,
		"dpstack version, DPDK version, uptime, numbers of adapters, protocols, bindings, "
		"workers; config source. No parameter."},
	{"/dpstack/adapters", dps__tel_adapters, "Adapters: name -> port id. No parameter."},
	{"/dpstack/adapter", dps__tel_adapter,
		"One adapter: port, driver, MAC, MTU, link, queues, counters. "
		"Parameter: adapter name or port."},
	{"/dpstack/protocols", dps__tel_protocols,
		"Registered protocols: EtherTypes, default filter, catch_all, bindings. No "
		"parameter."},
	{"/dpstack/bindings", dps__tel_bindings, "Bindings, as protocol@adapter. No parameter."},
	{"/dpstack/binding", dps__tel_binding,
		"One binding: state, filter, EtherTypes, counters, the protocol's counters. "
		"Parameter: protocol@adapter."},
	{"/dpstack/workers", dps__tel_workers,
		"Worker lcores: iterations, busy, rx, resources_bursts, rx queues polled. No "
		"parameter."},
	{"/dpstack/requests", dps__tel_requests,
		"OID request counters (issued, completed, timeouts, ...). No parameter."},
	{"/dpstack/clients", dps__tel_clients,
		"Control-socket clients: count, and per client pid, uid and opens. No parameter."},
	{"/dpstack/oid", dps__tel_oid,
		"Query an OID on an adapter. Parameters: adapter name or port, OID name, e.g. "
		"/dpstack/oid,dps0,OID_GEN_LINK_SPEED"},
};
#define NB_COMMANDS RTE_DIM(commands)

static uint8_t registered[NB_COMMANDS]; /* control thread only */

/*
 * The protocols' own commands, /dpstack/<name> (DPDK keeps the name's
 * pointer: these live as long as the process). Filled on the control thread
 * before tel_open is set; read by the callbacks after.
 */
#define MAX_PROTO_CMDS DPS__TEL_MAX_PROTOCOLS
static struct {
	char name[9 + DPS_PROTOCOL_NAME_MAX + 1];
	const struct dps_protocol_desc *desc;
} proto_cmds[MAX_PROTO_CMDS];
static unsigned int nb_proto_cmds;
static atomic_int tel_open;
static atomic_uint tel_inflight;
static atomic_uint_fast64_t start_ns;
static char config_source[RTE_TEL_MAX_STRING_LEN];
static struct rte_mempool *mbuf_pool;

const struct dps__tel_cmd *
dps__tel_commands(unsigned int *n)
{
	if (n != NULL)
		*n = NB_COMMANDS;
	return commands;
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t
dps__tel_uptime(void)
{
	return (now_ns() - atomic_load(&start_ns)) / 1000000000u;
}

const char *
dps__tel_config_source(void)
{
	return config_source;
}

struct rte_mempool *
dps__tel_mbuf_pool(void)
{
	return mbuf_pool;
}

void
dps_telemetry_set_mbuf_pool(struct rte_mempool *pool)
{
	mbuf_pool = pool;
}

/*
 * The one callback DPDK calls for every /dpstack/ command: closed, it
 * answers null (a negative return); open, it counts itself in flight so
 * that fini can wait for it.
 */
static int
dispatch(const char *cmd, const char *params, struct rte_tel_data *d)
{
	int rc = -1;

	atomic_fetch_add(&tel_inflight, 1);
	if (atomic_load(&tel_open) && cmd != NULL) {
		for (unsigned int i = 0; i < NB_COMMANDS; i++) {
			if (strcmp(cmd, commands[i].name) == 0) {
				rc = commands[i].fn(params, d);
				break;
			}
		}
		for (unsigned int i = 0; rc < 0 && i < nb_proto_cmds; i++)
			if (strcmp(cmd, proto_cmds[i].name) == 0)
				rc = dps__tel_proto_cmd(proto_cmds[i].desc, params, d);
	}
	atomic_fetch_sub(&tel_inflight, 1);
	return rc;
}

void
dps_telemetry_set_config_source(const char *source)
{
	if (source == NULL || source[0] == '\0')
		source = DPS_CONFIG_SOURCE_DEFAULT;
	dps__tel_clean(config_source, sizeof(config_source), source);
}

/* Register /dpstack/<name> for a registered protocol with a command of its own. */
static int
register_proto_cmd(struct dps_protocol *p, void *arg)
{
	const struct dps_protocol_desc *desc = dps_protocol_desc(p);
	int *first_fail = arg, rc;
	unsigned int k;

	if (desc->telemetry_cmd == NULL)
		return 0;
	for (k = 0; k < nb_proto_cmds; k++)
		if (proto_cmds[k].desc == desc)
			return 0; /* registered by an earlier init */
	if (nb_proto_cmds == MAX_PROTO_CMDS) {
		DPS_LOG(ERR, telemetry, "protocol %s: more than %u protocol commands", desc->name,
			MAX_PROTO_CMDS);
		*first_fail = *first_fail != DPS_OK ? *first_fail : DPS_E_RESOURCES;
		return 0;
	}
	snprintf(proto_cmds[k].name, sizeof(proto_cmds[k].name), "/dpstack/%s", desc->name);
	for (unsigned int i = 0; i < NB_COMMANDS; i++)
		if (strcmp(commands[i].name, proto_cmds[k].name) == 0) {
			DPS_LOG(ERR, telemetry, "protocol %s: %s is a command of the stack",
				desc->name, proto_cmds[k].name);
			*first_fail = *first_fail != DPS_OK ? *first_fail : DPS_E_EXISTS;
			return 0;
		}
	rc = rte_telemetry_register_cmd(proto_cmds[k].name, dispatch,
		desc->telemetry_cmd_help != NULL ? desc->telemetry_cmd_help : desc->name);
	if (rc != 0) {
		int st = dps_status_from_errno(rc);

		DPS_LOG(ERR, telemetry, "cannot register %s: %s (%s)", proto_cmds[k].name,
			rte_strerror(rc < 0 ? -rc : rc), dps_status_str(st));
		*first_fail = *first_fail != DPS_OK ? *first_fail : st;
		return 0;
	}
	proto_cmds[k].desc = desc;
	nb_proto_cmds++;
	return 0;
}

int
dps_telemetry_init(void)
{
	int first_fail = DPS_OK;
	unsigned int done = 0;

	if (dps_level_check_blocking() != DPS_OK)
		return DPS_E_LEVEL;
	for (unsigned int i = 0; i < NB_COMMANDS; i++) {
		int rc;

		if (registered[i]) {
			done++;
			continue;
		}
		rc = rte_telemetry_register_cmd(commands[i].name, dispatch, commands[i].help);
		if (rc != 0) {
			int st = dps_status_from_errno(rc);

			DPS_LOG(ERR, telemetry, "cannot register %s: %s (%s)", commands[i].name,
				rte_strerror(rc < 0 ? -rc : rc), dps_status_str(st));
			if (first_fail == DPS_OK)
				first_fail = st;
			continue;
		}
		registered[i] = 1;
		done++;
	}
	if (first_fail != DPS_OK) {
		DPS_LOG(ERR, telemetry, "%u of %u commands registered; /dpstack/ stays closed",
			done, (unsigned int)NB_COMMANDS);
		return first_fail;
	}
	dps_protocol_foreach(register_proto_cmd, &first_fail);
	if (first_fail != DPS_OK) {
		DPS_LOG(ERR, telemetry,
			"a protocol's command is not registered; /dpstack/ stays "
			"closed");
		return first_fail;
	}
	if (atomic_load(&start_ns) == 0)
		atomic_store(&start_ns, now_ns());
	if (config_source[0] == '\0')
		dps_telemetry_set_config_source(NULL);
	atomic_store(&tel_open, 1);
	DPS_LOG(INFO, telemetry, "%u commands under /dpstack/ answer now",
		(unsigned int)NB_COMMANDS + nb_proto_cmds);
	return DPS_OK;
}

static void
sleep_ms(unsigned int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

void
dps_telemetry_fini(void)
{
	uint64_t end;

	if (!atomic_exchange(&tel_open, 0))
		return;
	/* callbacks that got past the gate may wait for the control thread:
	 * keep it turning until they are done */
	end = now_ns() + (uint64_t)FINI_WAIT_MS * 1000000u;
	while (atomic_load(&tel_inflight) > 0 && now_ns() < end) {
		if (dps_ctrl_is_control_thread())
			dps_ctrl_poll();
		sleep_ms(1);
	}
	if (atomic_load(&tel_inflight) > 0)
		DPS_LOG(WARNING, telemetry, "%u command(s) still running after %u ms",
			atomic_load(&tel_inflight), FINI_WAIT_MS);
	else
		DPS_LOG(INFO, telemetry, "/dpstack/ commands closed");
}

int
dps_telemetry_ready(void)
{
	return atomic_load(&tel_open);
}

/* ---- replies ---- */

void
dps__tel_clean(char *dst, size_t len, const char *src)
{
	size_t n, i;

	if (len == 0)
		return;
	if (src == NULL)
		src = "";
	n = strnlen(src, len);
	if (n >= len) {
		/* too long: keep what fits before the marker */
		n = len > 4 ? len - 4 : 0;
		for (i = 0; i < n; i++)
			dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
		snprintf(dst + n, len - n, "...");
		return;
	}
	for (i = 0; i < n; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[n] = '\0';
}

void
dps__tel_key(char *dst, size_t len, const char *src)
{
	size_t i;

	if (len == 0)
		return;
	for (i = 0; i + 1 < len && src[i] != '\0'; i++) {
		char c = src[i];

		dst[i] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				 (c >= '0' && c <= '9') || c == '_' || c == '/')
				 ? c
				 : '_';
	}
	dst[i] = '\0';
}

void
dps__tel_str(struct rte_tel_data *d, const char *key, const char *val)
{
	char s[RTE_TEL_MAX_STRING_LEN];
	int rc;

	dps__tel_clean(s, sizeof(s), val);
	rc = rte_tel_data_add_dict_string(d, key, s);
	if (rc < 0)
		DPS_LOG(DEBUG, telemetry, "reply entry %s: %s", key, rte_strerror(-rc));
}

void
dps__tel_u64(struct rte_tel_data *d, const char *key, uint64_t val)
{
	int rc = rte_tel_data_add_dict_u64(d, key, val);

	if (rc < 0)
		DPS_LOG(DEBUG, telemetry, "reply entry %s: %s", key, rte_strerror(-rc));
}

int
dps__tel_add_container(struct rte_tel_data *d, const char *key, struct rte_tel_data *c)
{
	int rc = rte_tel_data_add_dict_container(d, key, c, 0);

	if (rc < 0) {
		DPS_LOG(DEBUG, telemetry, "reply entry %s: %s", key, rte_strerror(-rc));
		rte_tel_data_free(c);
		return rc;
	}
	return 0;
}

int
dps__tel_error(struct rte_tel_data *d, int status, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	rte_tel_data_start_dict(d);
	dps__tel_str(d, "status", dps_status_str(status));
	dps__tel_str(d, "error", why);
	return 0;
}

struct rte_tel_data *
dps__tel_alloc(struct dps__tel_pool *p)
{
	struct rte_tel_data *c;

	if (p->n >= RTE_DIM(p->c))
		return NULL;
	c = dps_fault(DPS_FAULT_TELEMETRY_ALLOC) ? NULL : rte_tel_data_alloc();
	if (c != NULL)
		p->c[p->n++] = c;
	return c;
}

void
dps__tel_pool_free(struct dps__tel_pool *p)
{
	for (unsigned int i = 0; i < p->n; i++)
		rte_tel_data_free(p->c[i]);
	p->n = 0;
}

/* ---- parameters ---- */

/* @p s quoted for a message: cleaned and cut to 40 characters. */
static const char *
quote(char *buf, size_t len, const char *s)
{
	char c[41];

	dps__tel_clean(c, sizeof(c), s);
	snprintf(buf, len, "'%s'", c);
	return buf;
}

static int fail(char *why, size_t whylen, int status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail(char *why, size_t whylen, int status, const char *fmt, ...)
{
	if (why != NULL && whylen > 0) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return status;
}

int
dps__tel_parse_none(const char *params, char *why, size_t whylen)
{
	char q[48];

	if (params == NULL || params[0] == '\0')
		return DPS_OK;
	return fail(why, whylen, DPS_E_INVALID_PARAMETER,
		"this command takes no parameter (got %s)", quote(q, sizeof(q), params));
}

/* Check @p s[0..n) as one id; @p what names it in the message. */
static int
check_id(const char *s, size_t n, const char *what, const char *whole, char *why, size_t whylen)
{
	char q[48];

	if (n == 0)
		return fail(why, whylen, DPS_E_INVALID_PARAMETER, "missing %s", what);
	if (n > DPS__TEL_ID_MAX)
		return fail(why, whylen, DPS_E_INVALID_LENGTH,
			"%s longer than %u characters (got %s)", what, DPS__TEL_ID_MAX,
			quote(q, sizeof(q), whole));
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == ',')
			return fail(why, whylen, DPS_E_INVALID_PARAMETER,
				"unexpected text after ',' in %s", quote(q, sizeof(q), whole));
		if (c == '@')
			return fail(why, whylen, DPS_E_INVALID_PARAMETER, "unexpected '@' in %s %s",
				what, quote(q, sizeof(q), whole));
		if (c <= 0x20 || c >= 0x7f)
			return fail(why, whylen, DPS_E_INVALID_PARAMETER,
				"bad character (code %u) in %s %s", (unsigned int)(uint8_t)c, what,
				quote(q, sizeof(q), whole));
	}
	return DPS_OK;
}

int
dps__tel_parse_id(const char *params, char *id, size_t idlen, char *why, size_t whylen)
{
	size_t n;
	int rc;

	if (id == NULL || idlen <= DPS__TEL_ID_MAX)
		return fail(why, whylen, DPS_E_INVALID_PARAMETER, "internal: no room for the id");
	id[0] = '\0';
	if (params == NULL || params[0] == '\0')
		return fail(why, whylen, DPS_E_INVALID_PARAMETER,
			"missing parameter: an adapter name or port number");
	n = strnlen(params, DPS__TEL_ID_MAX + 1);
	rc = check_id(params, n, "parameter", params, why, whylen);
	if (rc != DPS_OK)
		return rc;
	memcpy(id, params, n);
	id[n] = '\0';
	return DPS_OK;
}

int
dps__tel_parse_port(const char *id, uint16_t *port, char *why, size_t whylen)
{
	uint64_t v = 0;

	if (id == NULL || id[0] == '\0')
		return 0;
	for (size_t i = 0; id[i] != '\0'; i++) {
		if (id[i] < '0' || id[i] > '9')
			return 0;
		if (v < RTE_MAX_ETHPORTS) /* saturates: no overflow on long input */
			v = v * 10 + (uint64_t)(id[i] - '0');
	}
	if (v >= RTE_MAX_ETHPORTS) {
		char q[48];

		return fail(why, whylen, DPS_E_INVALID_PARAMETER, "port %s is out of range (0..%u)",
			quote(q, sizeof(q), id), RTE_MAX_ETHPORTS - 1);
	}
	*port = (uint16_t)v;
	return 1;
}

int
dps__tel_parse_binding(const char *params, char *proto, size_t plen, char *adapter, size_t alen,
	char *why, size_t whylen)
{
	const char *at;
	size_t n, np;
	int rc;
	char q[48];

	if (proto == NULL || adapter == NULL || plen <= DPS__TEL_ID_MAX || alen <= DPS__TEL_ID_MAX)
		return fail(why, whylen, DPS_E_INVALID_PARAMETER, "internal: no room for the id");
	proto[0] = adapter[0] = '\0';
	if (params == NULL || params[0] == '\0')
		return fail(why, whylen, DPS_E_INVALID_PARAMETER,
			"missing parameter: a binding, protocol@adapter");
	n = strnlen(params, 2 * DPS__TEL_ID_MAX + 2);
	if (n > 2 * DPS__TEL_ID_MAX + 1)
		return fail(why, whylen, DPS_E_INVALID_LENGTH,
			"parameter longer than %u characters (got %s)", 2 * DPS__TEL_ID_MAX + 1,
			quote(q, sizeof(q), params));
	at = memchr(params, '@', n);
	if (at == NULL)
		return fail(why, whylen, DPS_E_INVALID_PARAMETER,
			"expected protocol@adapter (got %s)", quote(q, sizeof(q), params));
	np = (size_t)(at - params);
	rc = check_id(params, np, "protocol", params, why, whylen);
	if (rc == DPS_OK)
		rc = check_id(at + 1, n - np - 1, "adapter", params, why, whylen);
	if (rc != DPS_OK)
		return rc;
	memcpy(proto, params, np);
	proto[np] = '\0';
	memcpy(adapter, at + 1, n - np - 1);
	adapter[n - np - 1] = '\0';
	return DPS_OK;
}

int
dps__tel_parse_oid(const char *params, char *adapter, size_t alen, const struct dps_oid_info **info,
	char *why, size_t whylen)
{
	const struct dps_oid_info *oi;
	const char *comma, *name;
	size_t n, na, nn;
	char q[48], oid[DPS__TEL_ID_MAX + 1];
	int rc;

	if (info != NULL)
		*info = NULL;
	if (adapter == NULL || info == NULL || alen <= DPS__TEL_ID_MAX)
		return fail(why, whylen, DPS_E_INVALID_PARAMETER, "internal: no room for the id");
	adapter[0] = '\0';
	if (params == NULL || params[0] == '\0')
		return fail(why, whylen, DPS_E_INVALID_PARAMETER,
			"missing parameters: adapter,OID_NAME");
	n = strnlen(params, 2 * DPS__TEL_ID_MAX + 2);
	if (n > 2 * DPS__TEL_ID_MAX + 1)
		return fail(why, whylen, DPS_E_INVALID_LENGTH,
			"parameters longer than %u characters (got %s)", 2 * DPS__TEL_ID_MAX + 1,
			quote(q, sizeof(q), params));
	comma = memchr(params, ',', n);
	if (comma == NULL)
		return fail(why, whylen, DPS_E_INVALID_PARAMETER,
			"expected adapter,OID_NAME (got %s)", quote(q, sizeof(q), params));
	na = (size_t)(comma - params);
	rc = check_id(params, na, "adapter", params, why, whylen);
	if (rc != DPS_OK)
		return rc;
	name = comma + 1;
	nn = n - na - 1;
	if (nn == 0)
		return fail(why, whylen, DPS_E_INVALID_PARAMETER, "missing OID name after ','");
	if (nn > DPS__TEL_ID_MAX)
		return fail(why, whylen, DPS_E_INVALID_LENGTH, "OID name longer than %u characters",
			DPS__TEL_ID_MAX);
	for (size_t i = 0; i < nn; i++) {
		char c = name[i];

		if (c == ',')
			return fail(why, whylen, DPS_E_INVALID_PARAMETER,
				"unexpected text after the OID name in %s",
				quote(q, sizeof(q), params));
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			    c == '_'))
			return fail(why, whylen, DPS_E_INVALID_PARAMETER,
				"bad character (code %u) in OID name %s", (unsigned int)(uint8_t)c,
				quote(q, sizeof(q), name));
	}
	memcpy(oid, name, nn);
	oid[nn] = '\0';
	oi = dps_oid_lookup_name(oid);
	if (oi == NULL)
		return fail(why, whylen, DPS_E_NOT_SUPPORTED, "unknown OID %s",
			quote(q, sizeof(q), oid));
	*info = oi;
	if ((oi->ops & DPS_OID_OP_QUERY) == 0)
		return fail(why, whylen, DPS_E_NOT_SUPPORTED,
			"%s cannot be queried (set only); telemetry only queries", oi->name);
	memcpy(adapter, params, na);
	adapter[na] = '\0';
	return DPS_OK;
}
