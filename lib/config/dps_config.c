/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_cfgfile.h>
#include <rte_common.h>

#include "dps_config.h"
#include "dps_config_private.h"
#include "dps_status.h"

DPS_LOG_REGISTER(config, INFO);

/* rte_cfgfile_load's line buffer; longer lines make it fail. */
#define CFG_LINE_BUF (CFG_NAME_LEN + CFG_VALUE_LEN + 4)
#define CFG_COMMENT ';'

#define ERR_LEN 1024

enum section_kind {
	SECT_STACK,
	SECT_ADAPTER,
	SECT_PROTOCOL,
	SECT_UNKNOWN,
};

struct field_def;

struct loader {
	const char *file; /* as named in messages: file_esc */
	char file_esc[DPS_CONFIG_ESCAPED_LEN];
	char msg[ERR_LEN];
	const struct dps_config_proto_schema *schemas;
	unsigned int nb_schemas;
	struct dps_config *cfg;
	struct rte_cfgfile *cf;
	bool seen_stack;
	char doc[ERR_LEN]; /* "KEY: doc" of the key being read; ends its error lines */
	bool stack_only;   /* dps_config_load_stack: [stack] alone */
	/* per adapter: its device up to the first comma, PCI addresses normalised */
	char dev_key[DPS_CONFIG_MAX_ADAPTERS][DPS_CONFIG_DEVICE_LEN];
};

static const char *const reserved_adapter_names[] = {"all", "none"};

/* ---- messages ---- */

static int fail(struct loader *l, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad_value(struct loader *l, int status, const char *sect,
	const struct rte_cfgfile_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int
fail(struct loader *l, int status, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(l->msg, sizeof(l->msg), "%s: ", l->file);
	if (n < 0 || (size_t)n >= sizeof(l->msg))
		return status;
	va_start(ap, fmt);
	vsnprintf(l->msg + n, sizeof(l->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return status;
}

/* "FILE: [SECTION] KEY = 'VALUE': reason", then "; KEY: doc" when the key has one */
static int
bad_value(struct loader *l, int status, const char *sect, const struct rte_cfgfile_entry *e,
	const char *fmt, ...)
{
	char reason[ERR_LEN];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (n < 0)
		reason[0] = '\0';
	return fail(l, status, "[%s] %s = '%s': %s%s%s", sect, e->name, e->value, reason,
		l->doc[0] != '\0' ? "; " : "", l->doc);
}

/* ---- small parsers ---- */

enum num_error {
	NUM_OK,
	NUM_EMPTY,
	NUM_NEGATIVE,
	NUM_FORMAT,
	NUM_OVERFLOW,
};

/* Decimal digits only: no sign, no blanks, no hex, no trailing text. */
static enum num_error
parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return NUM_EMPTY;
	if (*s == '-')
		return NUM_NEGATIVE;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return NUM_FORMAT;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return NUM_OVERFLOW;
	}
	*out = (uint32_t)v;
	return NUM_OK;
}

static const char *
num_error_str(enum num_error e)
{
	switch (e) {
	case NUM_EMPTY:
		return "empty value";
	case NUM_NEGATIVE:
		return "negative number";
	case NUM_OVERFLOW:
		return "number too large";
	default:
		return "not a decimal number";
	}
}

static int
parse_bool(const char *s, uint32_t *out)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};

	for (size_t i = 0; i < RTE_DIM(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static bool
is_pow2(uint32_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

/* 1..15 characters of [A-Za-z0-9_.-] */
static bool
name_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= DPS_CONFIG_NAME_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.' && s[i] != '-')
			return false;
	return true;
}

/*
 * Copy the next comma-separated element of *s, without surrounding blanks,
 * into item and move *s past it. false once the list is used up; an empty
 * string is one empty element.
 */
static bool
list_next(const char **s, char *item, size_t len)
{
	const char *p = *s, *end;
	size_t n;

	if (p == NULL)
		return false;
	end = strchr(p, ',');
	n = end != NULL ? (size_t)(end - p) : strlen(p);
	while (n > 0 && isspace((unsigned char)*p)) {
		p++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)p[n - 1]))
		n--;
	if (n >= len)
		n = len - 1;
	memcpy(item, p, n);
	item[n] = '\0';
	*s = end != NULL ? end + 1 : NULL;
	return true;
}

static void
copy_str(char *dst, const char *src, size_t len)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* ---- [stack] ---- */

static int reason_set(char *reason, size_t len, int status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
reason_set(char *reason, size_t len, int status, const char *fmt, ...)
{
	va_list ap;

	if (reason == NULL || len == 0)
		return status;
	va_start(ap, fmt);
	vsnprintf(reason, len, fmt, ap);
	va_end(ap);
	return status;
}

int
dps_config_plugin_add(struct dps_config *cfg, const char *path, char *reason, size_t len)
{
	struct dps_config_stack *s;
	size_t n;

	if (cfg == NULL || path == NULL)
		return reason_set(reason, len, DPS_E_INVALID_PARAMETER, "NULL argument");
	s = &cfg->stack;
	n = strlen(path);
	if (n == 0)
		return reason_set(reason, len, DPS_E_INVALID_DATA, "empty path");
	if (n >= DPS_CONFIG_PLUGIN_PATH_LEN)
		return reason_set(reason, len, DPS_E_INVALID_DATA, "path longer than %u bytes",
			DPS_CONFIG_PLUGIN_PATH_LEN - 1);
	for (unsigned int i = 0; i < s->nb_plugins && i < DPS_CONFIG_MAX_PLUGINS; i++)
		if (strcmp(s->plugins[i], path) == 0)
			return reason_set(reason, len, DPS_E_EXISTS, "listed twice");
	if (s->nb_plugins >= DPS_CONFIG_MAX_PLUGINS)
		return reason_set(reason, len, DPS_E_RESOURCES, "more than %u plugins",
			DPS_CONFIG_MAX_PLUGINS);
	memcpy(s->plugins[s->nb_plugins++], path, n + 1);
	return DPS_OK;
}

/* "/path/a.so, /path/b.so": each once; empty = none. */
static int
stack_plugins(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e, void *base)
{
	RTE_SET_USED(base); /* l->cfg->stack: dps_config_plugin_add() takes the config */
	char item[CFG_VALUE_LEN], reason[ERR_LEN];
	const char *s = e->value;

	l->cfg->stack.nb_plugins = 0;
	if (e->value[0] == '\0')
		return DPS_OK;
	while (list_next(&s, item, sizeof(item))) {
		int rc;

		if (item[0] == '\0')
			return bad_value(l, DPS_E_INVALID_DATA, sect, e, "empty list element");
		rc = dps_config_plugin_add(l->cfg, item, reason, sizeof(reason));
		if (rc != DPS_OK)
			return bad_value(l, rc, sect, e, "'%s': %s", item, reason);
	}
	return DPS_OK;
}

/* ---- [adapter NAME] ---- */

/* BB:DD.F or DDDD:BB:DD.F, hex; device <= 0x1f, function <= 7. */
static bool
parse_pci(const char *s, size_t len, unsigned int *dom, unsigned int *bus, unsigned int *dev,
	unsigned int *fn)
{
	static const char full[] = "hhhh:hh:hh.h";
	const char *pat = len == sizeof(full) - 1 ? full : full + 5;
	unsigned int v[4] = {0, 0, 0, 0};
	unsigned int idx = len == sizeof(full) - 1 ? 0 : 1;

	if (len != strlen(pat))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (pat[i] == 'h') {
			if (!isxdigit((unsigned char)s[i]))
				return false;
			v[idx] = v[idx] * 16 +
				 (unsigned int)(isdigit((unsigned char)s[i])
							? s[i] - '0'
							: tolower((unsigned char)s[i]) - 'a' + 10);
		} else {
			if (s[i] != pat[i])
				return false;
			idx++;
		}
	}
	if (v[2] > 0x1f || v[3] > 7)
		return false;
	*dom = v[0];
	*bus = v[1];
	*dev = v[2];
	*fn = v[3];
	return true;
}

/*
 * A vdev string "net_<driver><n>[,args]" or a PCI address "[DDDD:]BB:DD.F[,args]".
 * key gets what identifies the device: the vdev name, or the normalised PCI address.
 */
static bool
device_key(const char *dev, char *key, size_t keylen)
{
	const char *comma = strchr(dev, ',');
	size_t head = comma != NULL ? (size_t)(comma - dev) : strlen(dev);
	unsigned int d, b, s, f;
	int n;

	for (const char *p = dev; *p != '\0'; p++)
		if (isspace((unsigned char)*p))
			return false;
	if (head > 4 && strncmp(dev, "net_", 4) == 0) {
		for (size_t i = 4; i < head; i++)
			if (!isalnum((unsigned char)dev[i]) && dev[i] != '_')
				return false;
		if (head >= keylen)
			return false;
		memcpy(key, dev, head);
		key[head] = '\0';
		return true;
	}
	if (!parse_pci(dev, head, &d, &b, &s, &f))
		return false;
	n = snprintf(key, keylen, "%04x:%02x:%02x.%x", d, b, s, f);
	return n > 0 && (size_t)n < keylen;
}

static int
adapter_device(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e, void *base)
{
	struct dps_config_adapter *a = base;
	unsigned int idx = l->cfg->nb_adapters;
	char *key = l->dev_key[idx];

	if (e->value[0] == '\0')
		return bad_value(l, DPS_E_INVALID_DATA, sect, e, "empty value");
	if (!device_key(e->value, key, sizeof(l->dev_key[0])))
		return bad_value(l, DPS_E_INVALID_DATA, sect, e,
			"not a vdev string starting with 'net_' nor a PCI address "
			"(DDDD:BB:DD.F or BB:DD.F), or contains blanks");
	for (unsigned int i = 0; i < idx; i++)
		if (strcmp(l->dev_key[i], key) == 0)
			return bad_value(l, DPS_E_EXISTS, sect, e,
				"device '%s' is already used by [adapter %s]", key,
				l->cfg->adapters[i].name);
	copy_str(a->device, e->value, sizeof(a->device));
	return DPS_OK;
}

/* "1,2", "1-3", "1-2,5": worker lcore ids 1..127, each once. */
static int
adapter_lcores(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e, void *base)
{
	struct dps_config_adapter *a = base;
	bool seen[DPS_CONFIG_MAX_LCORE + 1] = {false};
	char item[CFG_VALUE_LEN];
	const char *s = e->value;

	a->nb_lcores = 0;
	if (e->value[0] == '\0')
		return DPS_OK; /* spread over all workers */
	while (list_next(&s, item, sizeof(item))) {
		char *dash = strchr(item, '-');
		uint32_t lo, hi;

		if (item[0] == '\0')
			return bad_value(l, DPS_E_INVALID_DATA, sect, e, "empty list element");
		if (dash != NULL && dash != item) {
			*dash = '\0';
			if (parse_u32(item, &lo) != NUM_OK || parse_u32(dash + 1, &hi) != NUM_OK) {
				*dash = '-';
				return bad_value(l, DPS_E_INVALID_DATA, sect, e,
					"'%s' is not an lcore id or range (N or N-M, 1..%u)", item,
					DPS_CONFIG_MAX_LCORE);
			}
			*dash = '-';
		} else {
			if (parse_u32(item, &lo) != NUM_OK)
				return bad_value(l, DPS_E_INVALID_DATA, sect, e,
					"'%s' is not an lcore id or range (N or N-M, 1..%u)", item,
					DPS_CONFIG_MAX_LCORE);
			hi = lo;
		}
		if (lo < 1 || hi > DPS_CONFIG_MAX_LCORE || lo > DPS_CONFIG_MAX_LCORE || hi < 1)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s': worker lcore ids must be 1..%u (lcore 0 is the control "
				"thread)",
				item, DPS_CONFIG_MAX_LCORE);
		if (lo > hi)
			return bad_value(
				l, DPS_E_INVALID_DATA, sect, e, "'%s': range goes backwards", item);
		for (uint32_t id = lo; id <= hi; id++) {
			if (seen[id])
				return bad_value(
					l, DPS_E_EXISTS, sect, e, "lcore %u listed twice", id);
			seen[id] = true;
			a->lcores[a->nb_lcores++] = (uint16_t)id;
		}
	}
	return DPS_OK;
}

/* "A.B.C.D/N[, A.B.C.D/N...]": unicast host addresses, each once. */
static int
adapter_addresses(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e, void *base)
{
	struct dps_config_adapter *a = base;
	char item[CFG_VALUE_LEN];
	const char *s = e->value;

	a->nb_addrs = 0;
	if (e->value[0] == '\0')
		return DPS_OK;
	while (list_next(&s, item, sizeof(item))) {
		char *slash = strchr(item, '/');
		struct in_addr in;
		uint32_t prefix, h, host_mask;
		int ok;

		if (item[0] == '\0')
			return bad_value(l, DPS_E_INVALID_DATA, sect, e, "empty list element");
		if (a->nb_addrs == DPS_CONFIG_MAX_ADDRS)
			return bad_value(l, DPS_E_RESOURCES, sect, e, "more than %u addresses",
				DPS_CONFIG_MAX_ADDRS);
		if (slash == NULL)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s' has no prefix length (A.B.C.D/N)", item);
		*slash = '\0';
		ok = inet_pton(AF_INET, item, &in) == 1 && parse_u32(slash + 1, &prefix) == NUM_OK;
		*slash = '/';
		if (!ok)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s' is not an IPv4 address with prefix (A.B.C.D/N)", item);
		if (prefix < 1 || prefix > 32)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s': prefix length must be 1..32", item);
		h = ntohl(in.s_addr);
		host_mask = prefix == 32 ? 0 : UINT32_MAX >> prefix;
		if (h == 0)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s': 0.0.0.0 is not a host address", item);
		if ((h >> 24) == 0)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s': 0.0.0.0/8 is 'this network', not a host address", item);
		if ((h >> 24) == 127)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s' is a loopback address (127.0.0.0/8)", item);
		if ((h >> 28) == 0xe)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s' is a multicast address", item);
		if (h == UINT32_MAX)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s' is the limited broadcast address", item);
		if (prefix < 31 && (h & host_mask) == 0)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s' is the network address of its prefix", item);
		if (prefix < 31 && (h & host_mask) == host_mask)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s' is the broadcast address of its prefix", item);
		for (unsigned int i = 0; i < a->nb_addrs; i++)
			if (a->addrs[i].addr == in.s_addr)
				return bad_value(l, DPS_E_EXISTS, sect, e,
					"'%s': address listed twice", item);
		a->addrs[a->nb_addrs].addr = in.s_addr;
		a->addrs[a->nb_addrs].prefix_len = (uint8_t)prefix;
		a->nb_addrs++;
	}
	return DPS_OK;
}

/* lower = NAME: the adapter a virtual one sits on (checked against the others after pass 0). */
static int
adapter_lower(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e, void *base)
{
	struct dps_config_adapter *a = base;

	if (e->value[0] == '\0')
		return bad_value(l, DPS_E_INVALID_DATA, sect, e, "empty value");
	if (!name_valid(e->value))
		return bad_value(l, DPS_E_INVALID_DATA, sect, e,
			"not an adapter name (1..%u characters of A-Z a-z 0-9 _ . -)",
			DPS_CONFIG_NAME_LEN - 1);
	if (strcmp(e->value, a->name) == 0)
		return bad_value(l, DPS_E_INVALID_DATA, sect, e, "an adapter cannot sit on itself");
	copy_str(a->lower, e->value, sizeof(a->lower));
	return DPS_OK;
}

/* mac = xx:xx:xx:xx:xx:xx, a locally administered unicast address. */
static int
adapter_mac(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e, void *base)
{
	struct dps_config_adapter *a = base;
	unsigned int b[6];
	char tail;
	bool zero = true;

	if (sscanf(e->value, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		    &tail) != 6 ||
		strlen(e->value) != 17)
		return bad_value(l, DPS_E_INVALID_DATA, sect, e,
			"not a MAC address (xx:xx:xx:xx:xx:xx, hex)");
	for (int i = 0; i < 6; i++) {
		a->mac[i] = (uint8_t)b[i];
		zero = zero && b[i] == 0;
	}
	if (zero)
		return bad_value(l, DPS_E_INVALID_DATA, sect, e, "the zero address is not a MAC");
	if (a->mac[0] & 0x01)
		return bad_value(l, DPS_E_INVALID_DATA, sect, e,
			"a multicast address (the first byte is odd); a unicast one is needed");
	if (!(a->mac[0] & 0x02))
		return bad_value(l, DPS_E_INVALID_DATA, sect, e,
			"a globally administered address; a virtual adapter takes a locally "
			"administered one (first byte with bit 0x02 set, e.g. 02:...)");
	a->mac_set = 1;
	return DPS_OK;
}

/* ---- the [stack] and [adapter NAME] tables ---- */

typedef int (*field_parse_fn)(
	struct loader *l, const char *sect, const struct rte_cfgfile_entry *e, void *base);

struct field_def {
	struct dps_config_field pub;
	field_parse_fn parse; /* DPS_CONFIG_FIELD_TEXT: the key's own syntax */
};

#define MEMBER_SIZE(st, m) sizeof(((st *)0)->m)
/* offsetof, and a compile-time error unless the member is sz bytes (the type's size) */
#define FIELD_OFF(st, m, sz)                                                                       \
	(offsetof(st, m) + 0 * sizeof(char[MEMBER_SIZE(st, m) == (sz) ? 1 : -1]))

/* clang-format off */
#define NUM32(st, m, name, lo, hi, def, fl, doc) \
	{{name, DPS_CONFIG_FIELD_U32, lo, hi, def, fl, FIELD_OFF(st, m, sizeof(uint32_t)), doc}, NULL}
#define NUM16(st, m, name, lo, hi, def, fl, doc) \
	{{name, DPS_CONFIG_FIELD_U16, lo, hi, def, fl, FIELD_OFF(st, m, sizeof(uint16_t)), doc}, NULL}
#define PATH(st, m, name, doc) \
	{{name, DPS_CONFIG_FIELD_PATH, 0, MEMBER_SIZE(st, m) - 1, 0, 0, offsetof(st, m), doc}, NULL}
#define TEXT(st, m, name, fl, fn, doc) \
	{{name, DPS_CONFIG_FIELD_TEXT, 0, 0, 0, fl, offsetof(st, m), doc}, fn}
/* clang-format on */

#define STK struct dps_config_stack
#define ADP struct dps_config_adapter
#define ZERO_AUTO DPS_CONFIG_FIELD_ZERO_AUTO
#define POW2 DPS_CONFIG_FIELD_POW2
#define REQUIRED DPS_CONFIG_FIELD_REQUIRED

static const struct field_def stack_fields[] = {
	NUM32(STK, mbufs, "mbufs", 1024, 1048576, 0, ZERO_AUTO,
		"mempool size, 0 sizes it from the adapters' queues and rings"),
	NUM32(STK, mbuf_cache, "mbuf_cache", 0, 512, 256, 0, "per-lcore mempool cache"),
	NUM32(STK, resources_watermark, "resources_watermark", 0, 90, 10, 0,
		"percent of the pool free below which bursts carry DPS_RX_F_RESOURCES"),
	PATH(STK, socket, "socket",
		"control socket path, empty for <DPDK runtime dir>/dpstack.sock"),
	NUM32(STK, link_poll_ms, "link_poll_ms", 100, 60000, 1000, 0,
		"link state poll period in milliseconds"),
	NUM32(STK, socket_uid, "socket_uid", 0, 2147483647u, DPS_CONFIG_ANY_ID, 0,
		"besides root, the user allowed on the control socket"),
	NUM32(STK, socket_gid, "socket_gid", 0, 2147483647u, DPS_CONFIG_ANY_ID, 0,
		"besides root, the group allowed on the control socket"),
	NUM32(STK, admin_uid, "admin_uid", 0, 2147483647u, DPS_CONFIG_ANY_ID, 0,
		"besides root, the user who may make adapter-wide changes on the control socket"),
	NUM32(STK, admin_gid, "admin_gid", 0, 2147483647u, DPS_CONFIG_ANY_ID, 0,
		"besides root, the group whose members may make adapter-wide changes"),
	NUM32(STK, max_clients, "max_clients", 1, 1024, 64, 0, "control-socket clients at once"),
	NUM32(STK, max_opens, "max_opens", 1, 256, 16, 0, "opens one client may hold"),
	NUM32(STK, max_captures, "max_captures", 1, 64, 4, 0,
		"packet captures running at once (dpsctl capture)"),
	NUM32(STK, max_queued_kb, "max_queued_kb", 64, 65536, 4096, 0,
		"KiB of replies queued for a client that does not read, beyond which it is "
		"dropped"),
	NUM32(STK, ctrl_spin_us, "ctrl_spin_us", 0, 100000, 0, 0,
		"microseconds the control thread keeps polling after work before it sleeps"),
	TEXT(STK, plugins, "plugins", 0, stack_plugins,
		"protocol plugins to load, shared object paths, comma-separated, each once, up "
		"to " RTE_STR(DPS_CONFIG_MAX_PLUGINS) " with --plugin"),
};

static const struct field_def adapter_fields[] = {
	TEXT(ADP, device, "device", REQUIRED, adapter_device,
		"a vdev string (net_tap0,iface=dps0) or a PCI address (DDDD:BB:DD.F)"),
	TEXT(ADP, lower, "lower", 0, adapter_lower,
		"a virtual adapter: the physical adapter it sits on (the vlan mux)"),
	NUM16(ADP, vlan, "vlan", 1, 4094, 0, 0,
		"a virtual adapter: its 802.1Q VLAN id, each once per lower adapter"),
	TEXT(ADP, mac, "mac", 0, adapter_mac,
		"a virtual adapter: a locally administered unicast MAC, default its lower "
		"adapter's"),
	NUM16(ADP, rx_queues, "rx_queues", 1, DPS_CONFIG_MAX_QUEUES, 1, 0,
		"receive queues, more than one turns RSS on"),
	NUM16(ADP, tx_queues, "tx_queues", 1, DPS_CONFIG_MAX_QUEUES, 0, ZERO_AUTO,
		"transmit queues, 0 for one per worker plus one for the control thread"),
	NUM16(ADP, rx_ring, "rx_ring", 64, 4096, 1024, POW2, "descriptors per receive queue"),
	NUM16(ADP, tx_ring, "tx_ring", 64, 4096, 1024, POW2, "descriptors per transmit queue"),
	NUM16(ADP, mtu, "mtu", 68, 9600, 1500, 0, "largest IP packet in bytes"),
	TEXT(ADP, lcores, "lcores", 0, adapter_lcores,
		"the worker lcores that poll it (1,2 or 1-2), empty to spread over all workers"),
	TEXT(ADP, addrs, "address", 0, adapter_addresses,
		"IPv4 addresses A.B.C.D/N, comma-separated, up to " RTE_STR(DPS_CONFIG_MAX_ADDRS)),
};

#undef STK
#undef ADP
#undef ZERO_AUTO
#undef POW2
#undef REQUIRED

static const struct field_def *
table_get(enum dps_config_table table, unsigned int *n)
{
	switch (table) {
	case DPS_CONFIG_TABLE_STACK:
		*n = RTE_DIM(stack_fields);
		return stack_fields;
	case DPS_CONFIG_TABLE_ADAPTER:
		*n = RTE_DIM(adapter_fields);
		return adapter_fields;
	default:
		*n = 0;
		return NULL;
	}
}

const struct dps_config_field *
dps_config_field_at(enum dps_config_table table, unsigned int i)
{
	unsigned int n;
	const struct field_def *f = table_get(table, &n);

	return f != NULL && i < n ? &f[i].pub : NULL;
}

static void
table_defaults(enum dps_config_table table, void *base, size_t size)
{
	unsigned int n;
	const struct field_def *f = table_get(table, &n);

	memset(base, 0, size);
	for (unsigned int i = 0; i < n; i++) {
		char *field = (char *)base + f[i].pub.offset;

		if (f[i].pub.type == DPS_CONFIG_FIELD_U32)
			memcpy(field, &f[i].pub.dflt, sizeof(uint32_t));
		else if (f[i].pub.type == DPS_CONFIG_FIELD_U16) {
			uint16_t v = (uint16_t)f[i].pub.dflt;

			memcpy(field, &v, sizeof(v));
		}
		/* PATH and TEXT: empty */
	}
}

void
dps_config_stack_defaults(struct dps_config_stack *s)
{
	if (s != NULL)
		table_defaults(DPS_CONFIG_TABLE_STACK, s, sizeof(*s));
}

void
dps_config_adapter_defaults(struct dps_config_adapter *a)
{
	if (a != NULL)
		table_defaults(DPS_CONFIG_TABLE_ADAPTER, a, sizeof(*a));
}

/* "KEY: doc (default N)" */
static void
field_doc(const struct field_def *def, char *buf, size_t len)
{
	const struct dps_config_field *f = &def->pub;
	bool number = f->type == DPS_CONFIG_FIELD_U32 || f->type == DPS_CONFIG_FIELD_U16;
	bool auto0 = (f->flags & DPS_CONFIG_FIELD_ZERO_AUTO) && f->dflt == 0;

	if (!number)
		snprintf(buf, len, "%s: %s", f->name, f->doc);
	else if (auto0 || (f->dflt >= f->min && f->dflt <= f->max))
		snprintf(buf, len, "%s: %s (default %u)", f->name, f->doc, f->dflt);
	else
		snprintf(buf, len, "%s: %s (default: not set)", f->name, f->doc);
}

static int
field_number(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e,
	const struct dps_config_field *f, char *field)
{
	char range[64];
	enum num_error ne;
	uint32_t v = 0;
	int n;

	if (f->flags & DPS_CONFIG_FIELD_ZERO_AUTO)
		n = snprintf(range, sizeof(range), "must be 0 (auto) or %u..%u", f->min, f->max);
	else if (f->flags & DPS_CONFIG_FIELD_POW2)
		n = snprintf(
			range, sizeof(range), "must be a power of two in %u..%u", f->min, f->max);
	else
		n = snprintf(range, sizeof(range), "must be %u..%u", f->min, f->max);
	if (n < 0)
		range[0] = '\0';

	ne = parse_u32(e->value, &v);
	if (ne != NUM_OK)
		return bad_value(
			l, DPS_E_INVALID_DATA, sect, e, "%s (%s)", num_error_str(ne), range);
	if (!((f->flags & DPS_CONFIG_FIELD_ZERO_AUTO) && v == 0) &&
		(v < f->min || v > f->max || ((f->flags & DPS_CONFIG_FIELD_POW2) && !is_pow2(v))))
		return bad_value(l, DPS_E_INVALID_DATA, sect, e, "%s", range);
	if (f->type == DPS_CONFIG_FIELD_U16) {
		uint16_t v16 = (uint16_t)v; /* max <= UINT16_MAX: checked by a test */

		memcpy(field, &v16, sizeof(v16));
	} else {
		memcpy(field, &v, sizeof(v));
	}
	return DPS_OK;
}

static int
field_read(struct loader *l, const struct field_def *def, const char *sect,
	const struct rte_cfgfile_entry *e, void *base)
{
	const struct dps_config_field *f = &def->pub;
	char *field = (char *)base + f->offset;

	switch (f->type) {
	case DPS_CONFIG_FIELD_U32:
	case DPS_CONFIG_FIELD_U16:
		return field_number(l, sect, e, f, field);
	case DPS_CONFIG_FIELD_PATH:
		if (strlen(e->value) > f->max)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"path must be shorter than %u bytes", f->max + 1);
		copy_str(field, e->value, f->max + 1);
		return DPS_OK;
	default:
		return def->parse(l, sect, e, base);
	}
}

/* Every key of a [stack] or [adapter] section; then the required ones that are missing. */
static int
table_section(struct loader *l, enum dps_config_table table, const char *sect,
	const struct rte_cfgfile_entry *e, int ne, void *base)
{
	unsigned int n;
	const struct field_def *f = table_get(table, &n);
	uint32_t given = 0; /* bit i: f[i] in the section; the tables have < 32 keys */

	for (int i = 0; i < ne; i++) {
		unsigned int k = 0;
		int rc;

		while (k < n && strcmp(f[k].pub.name, e[i].name) != 0)
			k++;
		if (k == n) {
			char known[ERR_LEN] = "";
			size_t off = 0;

			for (unsigned int j = 0; j < n && off < sizeof(known); j++) {
				int w = snprintf(known + off, sizeof(known) - off, "%s%s",
					j == 0 ? "" : ", ", f[j].pub.name);

				if (w < 0)
					break;
				off += (size_t)w;
			}
			return bad_value(l, DPS_E_NOT_SUPPORTED, sect, &e[i],
				"unknown key (keys: %s)", known);
		}
		given |= 1u << k;
		field_doc(&f[k], l->doc, sizeof(l->doc));
		rc = field_read(l, &f[k], sect, &e[i], base);
		l->doc[0] = '\0';
		if (rc != DPS_OK)
			return rc;
	}
	for (unsigned int k = 0; k < n; k++) {
		char doc[ERR_LEN];

		if (!(f[k].pub.flags & DPS_CONFIG_FIELD_REQUIRED) || (given & (1u << k)))
			continue;
		/* a virtual adapter has no device: adapter_section() checks it */
		if (table == DPS_CONFIG_TABLE_ADAPTER &&
			dps_config_adapter_is_virtual((const struct dps_config_adapter *)base))
			continue;
		field_doc(&f[k], doc, sizeof(doc));
		return fail(l, DPS_E_INVALID_PARAMETER, "[%s] %s: required key missing; %s", sect,
			f[k].pub.name, doc);
	}
	return DPS_OK;
}

static const struct dps_config_proto_schema *schema_find(const struct loader *l, const char *name);
static int protocol_section(struct loader *l, const char *sect, const char *name,
	const struct rte_cfgfile_entry *e, int ne);
static int adapter_kind_check(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e,
	int ne, struct dps_config_adapter *a);

static int
adapter_section(struct loader *l, const char *sect, const char *name,
	const struct rte_cfgfile_entry *e, int ne)
{
	struct dps_config *cfg = l->cfg;
	struct dps_config_adapter *a;
	int rc;

	if (name[0] == '\0')
		return fail(l, DPS_E_INVALID_DATA, "[%s]: needs a name: [adapter NAME]", sect);
	if (!name_valid(name))
		return fail(l, DPS_E_INVALID_DATA,
			"[%s]: adapter name '%s' must be 1..%u characters of A-Z a-z 0-9 _ . -",
			sect, name, DPS_CONFIG_NAME_LEN - 1);
	for (size_t i = 0; i < RTE_DIM(reserved_adapter_names); i++)
		if (strcmp(name, reserved_adapter_names[i]) == 0)
			return fail(l, DPS_E_INVALID_DATA,
				"[%s]: adapter name '%s' is reserved (bind = all | none)", sect,
				name);
	if (dps_config_adapter_find(cfg, name) != NULL)
		return fail(l, DPS_E_EXISTS, "[%s]: duplicate section (adapter '%s' defined twice)",
			sect, name);
	if (cfg->nb_adapters == DPS_CONFIG_MAX_ADAPTERS)
		return fail(l, DPS_E_RESOURCES, "[%s]: more than %u adapters", sect,
			DPS_CONFIG_MAX_ADAPTERS);

	a = &cfg->adapters[cfg->nb_adapters];
	dps_config_adapter_defaults(a);
	copy_str(a->name, name, sizeof(a->name));
	rc = table_section(l, DPS_CONFIG_TABLE_ADAPTER, sect, e, ne, a);
	if (rc == DPS_OK)
		rc = adapter_kind_check(l, sect, e, ne, a);
	if (rc != DPS_OK)
		return rc;
	cfg->nb_adapters++;
	return DPS_OK;
}

/*
 * The keys of one kind of adapter only: a virtual adapter (lower =) has no
 * device, queues, rings or lcores of its own and needs a vlan; a physical
 * one takes neither vlan nor mac.
 */
static int
adapter_kind_check(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e, int ne,
	struct dps_config_adapter *a)
{
	static const char *const physical_only[] = {
		"device", "rx_queues", "tx_queues", "rx_ring", "tx_ring", "lcores"};
	static const char *const virtual_only[] = {"vlan", "mac"};
	bool virt = dps_config_adapter_is_virtual(a);

	for (int i = 0; i < ne; i++) {
		if (strcmp(e[i].name, "mtu") == 0)
			a->mtu_given = 1;
		for (size_t k = 0; virt && k < RTE_DIM(physical_only); k++)
			if (strcmp(e[i].name, physical_only[k]) == 0)
				return bad_value(l, DPS_E_INVALID_DATA, sect, &e[i],
					"a virtual adapter (lower = %s) has no %s of its own: its "
					"lower adapter's serves it",
					a->lower, physical_only[k]);
		for (size_t k = 0; !virt && k < RTE_DIM(virtual_only); k++)
			if (strcmp(e[i].name, virtual_only[k]) == 0)
				return bad_value(l, DPS_E_INVALID_DATA, sect, &e[i],
					"only a virtual adapter (one with lower = ADAPTER) takes "
					"%s",
					virtual_only[k]);
	}
	if (virt && a->vlan == 0)
		return fail(l, DPS_E_INVALID_PARAMETER,
			"[%s] vlan: required key missing for a virtual adapter (lower = %s); vlan: "
			"its 802.1Q VLAN id, 1..4094",
			sect, a->lower);
	return DPS_OK;
}

/*
 * After every [adapter] is read: each virtual adapter's lower adapter
 * exists and is physical, its VLAN id is used once on that lower adapter,
 * its mtu is at most the lower's (and is the lower's when not given).
 */
static int
virtuals_check(struct loader *l)
{
	struct dps_config *cfg = l->cfg;

	for (unsigned int i = 0; i < cfg->nb_adapters; i++) {
		struct dps_config_adapter *v = &cfg->adapters[i];
		const struct dps_config_adapter *lo;

		if (!dps_config_adapter_is_virtual(v))
			continue;
		lo = dps_config_adapter_find(cfg, v->lower);
		if (lo == NULL)
			return fail(l, DPS_E_INVALID_DATA,
				"[adapter %s] lower = '%s': no [adapter %s] in this file", v->name,
				v->lower, v->lower);
		if (dps_config_adapter_is_virtual(lo))
			return fail(l, DPS_E_NOT_SUPPORTED,
				"[adapter %s] lower = '%s': %s is a virtual adapter itself (lower "
				"= "
				"%s); a virtual adapter sits on a physical one",
				v->name, v->lower, lo->name, lo->lower);
		for (unsigned int j = 0; j < i; j++) {
			const struct dps_config_adapter *w = &cfg->adapters[j];

			if (dps_config_adapter_is_virtual(w) && strcmp(w->lower, v->lower) == 0 &&
				w->vlan == v->vlan)
				return fail(l, DPS_E_EXISTS,
					"[adapter %s] vlan = '%u': VLAN %u on %s is [adapter %s] "
					"already",
					v->name, v->vlan, v->vlan, v->lower, w->name);
		}
		/* lo is one of cfg's adapters: count its virtual ones */
		cfg->adapters[lo - cfg->adapters].nb_virtuals++;
		if (!v->mtu_given)
			v->mtu = lo->mtu;
		else if (v->mtu > lo->mtu)
			return fail(l, DPS_E_INVALID_DATA,
				"[adapter %s] mtu = '%u': above the mtu of its lower adapter %s "
				"(%u)",
				v->name, v->mtu, lo->name, lo->mtu);
		if (schema_find(l, DPS_CONFIG_MUX_PROTOCOL) == NULL)
			return fail(l, DPS_E_NOT_SUPPORTED,
				"[adapter %s] lower = '%s': virtual adapters need "
				"the " DPS_CONFIG_MUX_PROTOCOL
				" protocol (the mux), which this dpstack does not have",
				v->name, v->lower);
	}
	return DPS_OK;
}

/*
 * Virtual adapters imply the mux: [protocol vlan], made when the file has
 * none, bound to exactly the lower adapters of the virtual ones (its bind
 * key is not the user's to choose: the mux on another adapter would take
 * that adapter's tagged frames).
 */
static int
mux_section(struct loader *l)
{
	struct dps_config *cfg = l->cfg;
	struct dps_config_protocol *p = NULL;
	int rc;

	for (unsigned int i = 0; i < cfg->nb_adapters; i++) {
		const struct dps_config_adapter *v = &cfg->adapters[i];
		bool listed = false;

		if (!dps_config_adapter_is_virtual(v))
			continue;
		if (p == NULL) {
			for (unsigned int k = 0; k < cfg->nb_protocols; k++)
				if (strcmp(cfg->protocols[k].name, DPS_CONFIG_MUX_PROTOCOL) == 0)
					p = &cfg->protocols[k];
			if (p == NULL) {
				rc = protocol_section(l, "protocol " DPS_CONFIG_MUX_PROTOCOL,
					DPS_CONFIG_MUX_PROTOCOL, NULL, 0);
				if (rc != DPS_OK)
					return rc;
				p = &cfg->protocols[cfg->nb_protocols - 1];
			}
			p->bind = DPS_BIND_LIST;
			p->nb_bind = 0;
		}
		for (unsigned int k = 0; k < p->nb_bind; k++)
			listed = listed || strcmp(p->bind_list[k], v->lower) == 0;
		if (!listed) /* at most one per adapter: fits */
			copy_str(p->bind_list[p->nb_bind++], v->lower, DPS_CONFIG_NAME_LEN);
	}
	return DPS_OK;
}

/* ---- [protocol NAME] ---- */

static const struct dps_config_proto_schema *
schema_find(const struct loader *l, const char *name)
{
	for (unsigned int i = 0; i < l->nb_schemas; i++)
		if (strcmp(l->schemas[i].name, name) == 0)
			return &l->schemas[i];
	return NULL;
}

static unsigned int
schema_nb_keys(const struct dps_config_proto_schema *s)
{
	unsigned int n = 0;

	if (s->keys == NULL)
		return 0;
	while (n <= DPS_CONFIG_MAX_PROTO_KEYS && s->keys[n].name != NULL)
		n++;
	return n;
}

static uint32_t
string_max(const struct dps_config_key *k)
{
	return k->max == 0 ? DPS_CONFIG_MAX_VALUE_CHARS : k->max;
}

/* Parse one value of a schema key; reason gets why not. */
static int
proto_value_parse(const struct dps_config_key *k, const char *text,
	struct dps_config_proto_value *v, char *reason, size_t len)
{
	enum num_error ne;
	size_t n;

	switch (k->type) {
	case DPS_CFG_U32:
		ne = parse_u32(text, &v->u32);
		if (ne != NUM_OK) {
			snprintf(reason, len, "%s (must be %u..%u)", num_error_str(ne), k->min,
				k->max);
			return DPS_E_INVALID_DATA;
		}
		if (v->u32 < k->min || v->u32 > k->max) {
			snprintf(reason, len, "must be %u..%u", k->min, k->max);
			return DPS_E_INVALID_DATA;
		}
		break;
	case DPS_CFG_BOOL:
		if (parse_bool(text, &v->u32) != 0) {
			snprintf(reason, len, "%s (must be yes/no, true/false, on/off or 1/0)",
				text[0] == '\0' ? "empty value" : "not a boolean");
			return DPS_E_INVALID_DATA;
		}
		break;
	case DPS_CFG_STRING:
		n = strlen(text);
		if (n < k->min || n > string_max(k)) {
			snprintf(reason, len, "must be %u..%u characters long", k->min,
				string_max(k));
			return DPS_E_INVALID_DATA;
		}
		v->u32 = 0;
		break;
	default:
		snprintf(reason, len, "key type %d unknown", (int)k->type);
		return DPS_E_INVALID_PARAMETER;
	}
	copy_str(v->str, text, sizeof(v->str));
	return DPS_OK;
}

/* The documentation of "bind", which every [protocol NAME] has. */
#define BIND_DOC                                                                                   \
	"the adapters it binds to, all, none or adapter names, comma-separated (default all)"

/* "KEY: help (default D)" of a protocol key; "" without help. */
static void
key_doc(const struct dps_config_key *k, char *buf, size_t len)
{
	if (k->help == NULL || k->help[0] == '\0')
		buf[0] = '\0';
	else if (k->dflt == NULL || k->dflt[0] == '\0')
		snprintf(buf, len, "%s: %s", k->name, k->help);
	else if (k->type == DPS_CFG_STRING)
		snprintf(buf, len, "%s: %s (default '%s')", k->name, k->help, k->dflt);
	else
		snprintf(buf, len, "%s: %s (default %s)", k->name, k->help, k->dflt);
}

static int
protocol_bind(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e,
	struct dps_config_protocol *p)
{
	char item[CFG_VALUE_LEN];
	const char *s = e->value;

	p->nb_bind = 0;
	if (strcmp(e->value, "all") == 0) {
		p->bind = DPS_BIND_ALL;
		return DPS_OK;
	}
	if (strcmp(e->value, "none") == 0) {
		p->bind = DPS_BIND_NONE;
		return DPS_OK;
	}
	if (e->value[0] == '\0')
		return bad_value(l, DPS_E_INVALID_DATA, sect, e,
			"empty value (must be all, none or a list of adapter names)");
	p->bind = DPS_BIND_LIST;
	while (list_next(&s, item, sizeof(item))) {
		if (item[0] == '\0')
			return bad_value(l, DPS_E_INVALID_DATA, sect, e, "empty list element");
		if (strcmp(item, "all") == 0 || strcmp(item, "none") == 0)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"'%s' cannot be combined with adapter names", item);
		if (dps_config_adapter_find(l->cfg, item) == NULL)
			return bad_value(l, DPS_E_INVALID_DATA, sect, e,
				"no [adapter %s] in this file", item);
		for (unsigned int i = 0; i < p->nb_bind; i++)
			if (strcmp(p->bind_list[i], item) == 0)
				return bad_value(l, DPS_E_EXISTS, sect, e,
					"adapter '%s' listed twice", item);
		/* unique names of existing adapters: at most DPS_CONFIG_MAX_ADAPTERS */
		copy_str(p->bind_list[p->nb_bind++], item, DPS_CONFIG_NAME_LEN);
	}
	return DPS_OK;
}

static int
protocol_entry(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e,
	struct dps_config_protocol *p)
{
	const struct dps_config_key *keys = p->schema->keys;
	char reason[ERR_LEN], known[ERR_LEN];
	size_t off;
	int rc;

	if (strcmp(e->name, "bind") == 0) {
		snprintf(l->doc, sizeof(l->doc), "bind: %s", BIND_DOC);
		rc = protocol_bind(l, sect, e, p);
		l->doc[0] = '\0';
		return rc;
	}
	for (unsigned int i = 0; i < p->nb_values; i++) {
		if (strcmp(keys[i].name, e->name) != 0)
			continue;
		rc = proto_value_parse(&keys[i], e->value, &p->values[i], reason, sizeof(reason));
		if (rc != DPS_OK) {
			key_doc(&keys[i], l->doc, sizeof(l->doc));
			rc = bad_value(l, rc, sect, e, "%s", reason);
			l->doc[0] = '\0';
			return rc;
		}
		p->values[i].given = 1;
		return DPS_OK;
	}
	off = 0;
	known[0] = '\0';
	for (unsigned int i = 0; i < p->nb_values && off < sizeof(known); i++) {
		int n = snprintf(known + off, sizeof(known) - off, ", %s", keys[i].name);

		if (n < 0)
			break;
		off += (size_t)n;
	}
	return bad_value(l, DPS_E_NOT_SUPPORTED, sect, e, "unknown key (keys: bind%s)", known);
}

static int
protocol_section(struct loader *l, const char *sect, const char *name,
	const struct rte_cfgfile_entry *e, int ne)
{
	struct dps_config *cfg = l->cfg;
	const struct dps_config_proto_schema *schema = schema_find(l, name);
	struct dps_config_protocol *p;
	char reason[ERR_LEN];
	int rc;

	if (schema == NULL) {
		char known[ERR_LEN] = "";
		size_t off = 0;

		for (unsigned int i = 0; i < l->nb_schemas && off < sizeof(known); i++) {
			int n = snprintf(known + off, sizeof(known) - off, "%s%s",
				i == 0 ? "" : ", ", l->schemas[i].name);

			if (n < 0)
				break;
			off += (size_t)n;
		}
		return fail(l, DPS_E_NOT_SUPPORTED,
			"[%s]: unknown protocol '%s' (known: %s; a plugin's protocol is known once "
			"its plugin is in [stack] plugins or given with --plugin)",
			sect, name, l->nb_schemas == 0 ? "none" : known);
	}
	if (dps_config_protocol_find(cfg, name) != NULL)
		return fail(l, DPS_E_EXISTS, "[%s]: duplicate section", sect);
	if (cfg->nb_protocols == DPS_CONFIG_MAX_PROTOCOLS)
		return fail(l, DPS_E_RESOURCES, "[%s]: more than %u protocols", sect,
			DPS_CONFIG_MAX_PROTOCOLS);

	p = &cfg->protocols[cfg->nb_protocols];
	copy_str(p->name, name, sizeof(p->name));
	p->schema = schema;
	p->bind = DPS_BIND_ALL;
	p->nb_values = (uint8_t)schema_nb_keys(schema);
	for (unsigned int i = 0; i < p->nb_values; i++) {
		const struct dps_config_key *k = &schema->keys[i];

		/* checked by schemas_check() */
		rc = proto_value_parse(
			k, k->dflt != NULL ? k->dflt : "", &p->values[i], reason, sizeof(reason));
		if (rc != DPS_OK)
			return fail(l, DPS_E_INVALID_PARAMETER, "[%s]: schema default of '%s': %s",
				sect, k->name, reason);
	}
	for (int i = 0; i < ne; i++) {
		rc = protocol_entry(l, sect, &e[i], p);
		if (rc != DPS_OK)
			return rc;
	}
	cfg->nb_protocols++;
	return DPS_OK;
}

int
dps_config_schema_check(const struct dps_config_proto_schema *s, char *err, size_t len)
{
	char reason[ERR_LEN];
	unsigned int nk;

	if (s == NULL)
		return reason_set(err, len, DPS_E_INVALID_PARAMETER, "no schema");
	if (s->name == NULL || !name_valid(s->name))
		return reason_set(err, len, DPS_E_INVALID_PARAMETER,
			"protocol schema '%.32s': name must be 1..%u characters of A-Z a-z 0-9 _ . "
			"-",
			s->name != NULL ? s->name : "(null)", DPS_CONFIG_NAME_LEN - 1);
	nk = schema_nb_keys(s);
	if (nk > DPS_CONFIG_MAX_PROTO_KEYS)
		return reason_set(err, len, DPS_E_INVALID_PARAMETER,
			"protocol schema '%s': more than %u keys", s->name,
			DPS_CONFIG_MAX_PROTO_KEYS);
	for (unsigned int j = 0; j < nk; j++) {
		const struct dps_config_key *k = &s->keys[j];
		struct dps_config_proto_value v;
		size_t n = strlen(k->name);
		int rc;

		if (n == 0 || n >= 32 || strcmp(k->name, "bind") == 0)
			return reason_set(err, len, DPS_E_INVALID_PARAMETER,
				"protocol schema '%s': key %u: name '%s' is empty, too long or "
				"reserved",
				s->name, j, k->name);
		for (size_t c = 0; c < n; c++)
			if (!islower((unsigned char)k->name[c]) &&
				!isdigit((unsigned char)k->name[c]) && k->name[c] != '_')
				return reason_set(err, len, DPS_E_INVALID_PARAMETER,
					"protocol schema '%s': key '%s': name must be a-z 0-9 _",
					s->name, k->name);
		for (unsigned int m = 0; m < j; m++)
			if (strcmp(s->keys[m].name, k->name) == 0)
				return reason_set(err, len, DPS_E_INVALID_PARAMETER,
					"protocol schema '%s': key '%s' given twice", s->name,
					k->name);
		if (k->type == DPS_CFG_STRING &&
			(k->max > DPS_CONFIG_MAX_VALUE_CHARS || k->min > string_max(k)))
			return reason_set(err, len, DPS_E_INVALID_PARAMETER,
				"protocol schema '%s': key '%s': length bounds %u..%u (at most %u)",
				s->name, k->name, k->min, k->max, DPS_CONFIG_MAX_VALUE_CHARS);
		if (k->type == DPS_CFG_U32 && k->min > k->max)
			return reason_set(err, len, DPS_E_INVALID_PARAMETER,
				"protocol schema '%s': key '%s': min %u > max %u", s->name, k->name,
				k->min, k->max);
		if (k->dflt == NULL && k->type != DPS_CFG_STRING)
			return reason_set(err, len, DPS_E_INVALID_PARAMETER,
				"protocol schema '%s': key '%s': no default", s->name, k->name);
		memset(&v, 0, sizeof(v));
		rc = proto_value_parse(
			k, k->dflt != NULL ? k->dflt : "", &v, reason, sizeof(reason));
		if (rc != DPS_OK)
			return reason_set(err, len, DPS_E_INVALID_PARAMETER,
				"protocol schema '%s': key '%s': default '%s': %s", s->name,
				k->name, k->dflt != NULL ? k->dflt : "", reason);
	}
	return DPS_OK;
}

/* A schema table from the caller: checked once so that a file error is never a schema error. */
static int
schemas_check(struct loader *l)
{
	char reason[ERR_LEN];

	for (unsigned int i = 0; i < l->nb_schemas; i++) {
		const struct dps_config_proto_schema *s = &l->schemas[i];
		int rc;

		if (s->name == NULL || !name_valid(s->name))
			return fail(l, DPS_E_INVALID_PARAMETER,
				"protocol schema %u: name must be 1..%u characters of A-Z a-z "
				"0-9 _ . -",
				i, DPS_CONFIG_NAME_LEN - 1);
		for (unsigned int j = 0; j < i; j++)
			if (strcmp(l->schemas[j].name, s->name) == 0)
				return fail(l, DPS_E_INVALID_PARAMETER,
					"protocol schema '%s' given twice", s->name);
		rc = dps_config_schema_check(s, reason, sizeof(reason));
		if (rc != DPS_OK)
			return fail(l, rc, "%s", reason);
	}
	return DPS_OK;
}

/* ---- sections ---- */

/* "stack", "adapter NAME", "protocol NAME"; name points into sect. */
static enum section_kind
section_classify(const char *sect, const char **name)
{
	size_t kind = 0;
	const char *rest;

	while (sect[kind] != '\0' && !isspace((unsigned char)sect[kind]))
		kind++;
	rest = sect + kind;
	while (isspace((unsigned char)*rest))
		rest++;
	*name = rest;
	if (kind == 5 && strncmp(sect, "stack", 5) == 0 && *rest == '\0')
		return SECT_STACK;
	if (kind == 7 && strncmp(sect, "adapter", 7) == 0)
		return SECT_ADAPTER;
	if (kind == 8 && strncmp(sect, "protocol", 8) == 0)
		return SECT_PROTOCOL;
	return SECT_UNKNOWN;
}

/*
 * Checks shared by every section: rte_cfgfile keeps both copies of a key
 * given twice, and silently cuts values at CFG_VALUE_LEN - 1 characters.
 */
static int
entries_check(struct loader *l, const char *sect, const struct rte_cfgfile_entry *e, int ne)
{
	for (int i = 0; i < ne; i++) {
		for (int j = 0; j < i; j++)
			if (strcmp(e[j].name, e[i].name) == 0)
				return bad_value(l, DPS_E_EXISTS, sect, &e[i],
					"key given twice in this section (first value '%s')",
					e[j].value);
		if (strlen(e[i].value) > DPS_CONFIG_MAX_VALUE_CHARS)
			return bad_value(l, DPS_E_INVALID_DATA, sect, &e[i],
				"value longer than %u characters", DPS_CONFIG_MAX_VALUE_CHARS);
	}
	return DPS_OK;
}

/* pass 0: [stack] and [adapter]s; pass 1: [protocol]s, which name adapters. */
static int
section_load(struct loader *l, int index, int pass)
{
	char sect[CFG_NAME_LEN];
	struct rte_cfgfile_entry *e = NULL;
	const char *name;
	enum section_kind kind;
	int ne, rc;

	ne = rte_cfgfile_section_num_entries_by_index(l->cf, sect, index);
	if (ne < 0)
		return fail(l, DPS_E_FAILURE, "section %d vanished", index);
	kind = section_classify(sect, &name);
	if ((pass == 0) != (kind != SECT_PROTOCOL))
		return DPS_OK;
	if (l->stack_only && kind != SECT_STACK)
		return DPS_OK;
	if (kind == SECT_UNKNOWN)
		return fail(l, DPS_E_NOT_SUPPORTED,
			"[%s]: unknown section (sections: [stack], [adapter NAME], "
			"[protocol NAME])",
			sect);
	if (ne > 0) {
		e = calloc((size_t)ne, sizeof(*e));
		if (e == NULL)
			return fail(l, DPS_E_RESOURCES, "[%s]: out of memory", sect);
		ne = rte_cfgfile_section_entries_by_index(l->cf, index, sect, e, ne);
	}
	rc = entries_check(l, sect, e, ne);
	if (rc != DPS_OK)
		goto out;
	switch (kind) {
	case SECT_STACK:
		if (l->seen_stack) {
			rc = fail(l, DPS_E_EXISTS, "[%s]: duplicate section", sect);
			break;
		}
		l->seen_stack = true;
		rc = table_section(l, DPS_CONFIG_TABLE_STACK, sect, e, ne, &l->cfg->stack);
		break;
	case SECT_ADAPTER:
		rc = adapter_section(l, sect, name, e, ne);
		break;
	default:
		rc = protocol_section(l, sect, name, e, ne);
		break;
	}
out:
	free(e);
	return rc;
}

/*
 * rte_cfgfile skips any line that has no '=' and does not start with '[',
 * and ignores text after ']': "mtu 9000" or "[stack] x" would be lost
 * without a word. Read the file once the way rte_cfgfile does and refuse
 * such lines, naming the line. Also tells a missing file from bad syntax,
 * which rte_cfgfile_load does not.
 */
static int
prescan(struct loader *l, const char *path)
{
	char buf[CFG_LINE_BUF];
	char sect[CFG_NAME_LEN + 3] = ""; /* "[name] " for messages */
	unsigned int lineno = 0;
	bool in_section = false;
	int rc = DPS_OK;
	FILE *f;

	f = fopen(path, "r");
	if (f == NULL)
		return fail(l, DPS_E_NOT_FOUND, "cannot open: %s", strerror(errno));
	while (rc == DPS_OK && fgets(buf, sizeof(buf), f) != NULL) {
		size_t len = strlen(buf);
		char *p;

		lineno++;
		if (len >= sizeof(buf) - 1 && buf[len - 1] != '\n') {
			rc = fail(l, DPS_E_INVALID_DATA, "line %u: %slonger than %zu characters",
				lineno, sect, sizeof(buf) - 2);
			break;
		}
		p = memchr(buf, CFG_COMMENT, len);
		if (p != NULL && (p == buf || p[-1] != '\\')) {
			*p = '\0';
			len = (size_t)(p - buf);
		}
		while (len > 0 && isspace((unsigned char)buf[len - 1]))
			buf[--len] = '\0';
		p = buf;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			continue;
		if (*p == '[') {
			char *end = strchr(p, ']');

			if (end == NULL) {
				rc = fail(l, DPS_E_INVALID_DATA, "line %u: '%s': no closing ']'",
					lineno, p);
				break;
			}
			if (end[1] != '\0') {
				rc = fail(l, DPS_E_INVALID_DATA,
					"line %u: '%s': text after ']' (comments start with "
					"'%c')",
					lineno, p, CFG_COMMENT);
				break;
			}
			snprintf(sect, sizeof(sect), "%.*s ", (int)(end - p + 1), p);
			in_section = true;
		} else if (strchr(p, '=') == NULL) {
			rc = fail(l, DPS_E_INVALID_DATA,
				"line %u: %s'%s': not 'key = value', '[section]' or a comment "
				"(comments start with '%c')",
				lineno, sect, p, CFG_COMMENT);
		} else if (!in_section) {
			rc = fail(l, DPS_E_INVALID_DATA,
				"line %u: '%s': key before the first [section]", lineno, p);
		}
	}
	if (rc == DPS_OK && ferror(f))
		rc = fail(l, DPS_E_NOT_FOUND, "cannot read: %s", strerror(errno));
	fclose(f);
	return rc;
}

/* The kind of a file that is not a regular one, for messages. */
static const char *
file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/*
 * Read the whole file into *text (malloc'ed, NUL-terminated): a regular
 * file only (a FIFO with no writer, /dev/zero or a directory would block or
 * never end), of at most DPS_CONFIG_MAX_FILE_BYTES, without NUL or control
 * bytes (rte_cfgfile would cut a value at a NUL without a word, and
 * messages would echo the others to a terminal).
 */
static int
file_read(struct loader *l, const char *path, char **text, size_t *len)
{
	unsigned int lineno = 1;
	struct stat st;
	size_t off = 0;
	char *buf;
	int fd;

	*text = NULL;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return fail(l, DPS_E_NOT_FOUND, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		int e = errno;

		close(fd);
		return fail(l, DPS_E_NOT_FOUND, "cannot read: %s", strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fail(l, DPS_E_NOT_FOUND, "cannot read: %s, not a regular file",
			file_kind(st.st_mode));
	}
	if (st.st_size > DPS_CONFIG_MAX_FILE_BYTES) {
		close(fd);
		return fail(l, DPS_E_INVALID_DATA, "file of %lld bytes, more than %u",
			(long long)st.st_size, DPS_CONFIG_MAX_FILE_BYTES);
	}
	buf = malloc(DPS_CONFIG_MAX_FILE_BYTES + 2);
	if (buf == NULL) {
		close(fd);
		return fail(l, DPS_E_RESOURCES, "out of memory");
	}
	/* bounded even if the file grows while it is read */
	while (off <= DPS_CONFIG_MAX_FILE_BYTES) {
		ssize_t n = read(fd, buf + off, DPS_CONFIG_MAX_FILE_BYTES + 1 - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			close(fd);
			free(buf);
			return fail(l, DPS_E_NOT_FOUND, "cannot read: %s", strerror(e));
		}
		if (n == 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	if (off > DPS_CONFIG_MAX_FILE_BYTES) {
		free(buf);
		return fail(l, DPS_E_INVALID_DATA, "file larger than %u bytes",
			DPS_CONFIG_MAX_FILE_BYTES);
	}
	for (size_t i = 0; i < off; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n') {
			lineno++;
			continue;
		}
		if (c == '\0' || (c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
			free(buf);
			return fail(l, DPS_E_INVALID_DATA,
				"line %u: %s byte 0x%02x (text only: no NUL or control bytes "
				"but tab)",
				lineno, c == 0 ? "NUL" : "control", c);
		}
	}
	buf[off] = '\0';
	*text = buf;
	*len = off;
	return DPS_OK;
}

/* rte_cfgfile reads files only: the text in an anonymous file; -1 (errno) on failure. */
static int
stage(const char *text, size_t len)
{
	size_t off = 0;
	int fd = memfd_create("dpstack-config.ini", MFD_CLOEXEC);

	while (fd >= 0 && off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;

			close(fd);
			errno = e;
			return -1;
		}
		off += (size_t)n;
	}
	return fd;
}

/*
 * The file is read once, checked, and staged in memory: what rte_cfgfile
 * parses is what was checked, whatever happens to the file meanwhile.
 */
static int
load(struct loader *l, const char *path)
{
	char staged[64];
	char *text = NULL;
	size_t len = 0;
	int rc, n, fd;

	rc = schemas_check(l);
	if (rc != DPS_OK)
		return rc;
	rc = file_read(l, path, &text, &len);
	if (rc != DPS_OK)
		return rc;
	fd = stage(text, len);
	free(text);
	if (fd < 0)
		return fail(l, DPS_E_RESOURCES, "cannot stage in memory: %s", strerror(errno));
	snprintf(staged, sizeof(staged), "/proc/self/fd/%d", fd);
	rc = prescan(l, staged);
	if (rc != DPS_OK) {
		close(fd);
		return rc;
	}
	l->cf = rte_cfgfile_load(staged, CFG_FLAG_EMPTY_VALUES);
	close(fd);
	if (l->cf == NULL)
		return fail(l, DPS_E_INVALID_DATA, "syntax error (rte_cfgfile_load failed)");
	n = rte_cfgfile_num_sections(l->cf, NULL, 0);
	for (int pass = 0; pass < 2 && rc == DPS_OK; pass++) {
		for (int i = 0; i < n && rc == DPS_OK; i++)
			rc = section_load(l, i, pass);
		if (rc == DPS_OK && pass == 0 && !l->stack_only)
			rc = virtuals_check(l);
	}
	if (rc == DPS_OK && !l->stack_only)
		rc = mux_section(l);
	rte_cfgfile_close(l->cf);
	l->cf = NULL;
	return rc;
}

static int
load_common(const char *path, const char *display, const struct dps_config_proto_schema *schemas,
	unsigned int nb_schemas, bool stack_only, struct dps_config *cfg, char *err, size_t errlen)
{
	struct loader *l;
	int rc;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	l = calloc(1, sizeof(*l)); /* dev_key is 4 KiB: keep it off the stack */
	if (l == NULL) {
		memset(cfg, 0, sizeof(*cfg));
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: out of memory", display);
		return DPS_E_RESOURCES;
	}
	dps_config_escape(display, l->file_esc, sizeof(l->file_esc));
	l->file = l->file_esc;
	l->schemas = schemas;
	l->nb_schemas = nb_schemas;
	l->stack_only = stack_only;
	l->cfg = cfg;

	memset(cfg, 0, sizeof(*cfg));
	copy_str(cfg->source, display, sizeof(cfg->source));
	dps_config_stack_defaults(&cfg->stack);

	rc = load(l, path);
	if (rc == DPS_OK && stack_only) {
		/* a first look (dps_config_load_stack): the whole file is loaded next */
	} else if (rc == DPS_OK) {
		DPS_LOG(INFO, config, "%s: loaded, %u adapter(s), %u protocol(s)", display,
			cfg->nb_adapters, cfg->nb_protocols);
	} else {
		memset(cfg, 0, sizeof(*cfg));
		/* the caller reports err; at DEBUG for --log-level config:debug */
		DPS_LOG(DEBUG, config, "%s (%s)", l->msg, dps_status_str(rc));
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s", l->msg);
	}
	free(l);
	return rc;
}

static bool
args_ok(const struct dps_config_proto_schema *schemas, unsigned int nb_schemas,
	struct dps_config *cfg, const char *err, size_t errlen)
{
	if (cfg == NULL)
		return false;
	if ((schemas == NULL && nb_schemas > 0) || (err == NULL && errlen > 0)) {
		memset(cfg, 0, sizeof(*cfg));
		return false;
	}
	return true;
}

int
dps_config_load_file(const char *path, const struct dps_config_proto_schema *schemas,
	unsigned int nb_schemas, struct dps_config *cfg, char *err, size_t errlen)
{
	if (!args_ok(schemas, nb_schemas, cfg, err, errlen))
		return DPS_E_INVALID_PARAMETER;
	if (path == NULL) {
		memset(cfg, 0, sizeof(*cfg));
		return DPS_E_INVALID_PARAMETER;
	}
	return load_common(path, path, schemas, nb_schemas, false, cfg, err, errlen);
}

int
dps_config_load_stack(const char *path, struct dps_config *cfg, char *err, size_t errlen)
{
	if (!args_ok(NULL, 0, cfg, err, errlen))
		return DPS_E_INVALID_PARAMETER;
	if (path == NULL) {
		memset(cfg, 0, sizeof(*cfg));
		return DPS_E_INVALID_PARAMETER;
	}
	return load_common(path, path, NULL, 0, true, cfg, err, errlen);
}

const char *
dps_config_default_text(void)
{
	return dps__config_default_ini;
}

int
dps_config_load_default(const struct dps_config_proto_schema *schemas, unsigned int nb_schemas,
	struct dps_config *cfg, char *err, size_t errlen)
{
	const char *text = dps__config_default_ini;
	char path[64];
	int fd, rc;

	if (!args_ok(schemas, nb_schemas, cfg, err, errlen))
		return DPS_E_INVALID_PARAMETER;
	fd = stage(text, strlen(text));
	if (fd < 0) {
		memset(cfg, 0, sizeof(*cfg));
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: cannot stage in memory: %s",
				DPS_CONFIG_SOURCE_DEFAULT, strerror(errno));
		return DPS_E_RESOURCES;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rc = load_common(
		path, DPS_CONFIG_SOURCE_DEFAULT, schemas, nb_schemas, false, cfg, err, errlen);
	close(fd);
	return rc;
}

size_t
dps_config_escape(const char *in, char *out, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i = 0;

	if (out == NULL || len == 0)
		return 0;
	for (; in != NULL && in[i] != '\0'; i++) {
		unsigned char c = (unsigned char)in[i];
		bool ctl = c < 0x20 || c == 0x7f;

		if (o + (ctl ? 4 : 1) >= len)
			break;
		if (ctl) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return o;
}

/* ---- queries ---- */

const struct dps_config_adapter *
dps_config_adapter_find(const struct dps_config *cfg, const char *name)
{
	if (cfg == NULL || name == NULL)
		return NULL;
	for (unsigned int i = 0; i < cfg->nb_adapters && i < DPS_CONFIG_MAX_ADAPTERS; i++)
		if (strcmp(cfg->adapters[i].name, name) == 0)
			return &cfg->adapters[i];
	return NULL;
}

const struct dps_config_protocol *
dps_config_protocol_find(const struct dps_config *cfg, const char *name)
{
	if (cfg == NULL || name == NULL)
		return NULL;
	for (unsigned int i = 0; i < cfg->nb_protocols && i < DPS_CONFIG_MAX_PROTOCOLS; i++)
		if (strcmp(cfg->protocols[i].name, name) == 0)
			return &cfg->protocols[i];
	return NULL;
}

static int
proto_value(const struct dps_config_protocol *p, const char *key, enum dps_config_key_type type,
	const struct dps_config_proto_value **v)
{
	if (p == NULL || key == NULL || p->schema == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (p->schema->keys == NULL)
		return DPS_E_NOT_FOUND;
	for (unsigned int i = 0; i < p->nb_values && i < DPS_CONFIG_MAX_PROTO_KEYS; i++) {
		if (strcmp(p->schema->keys[i].name, key) != 0)
			continue;
		if (p->schema->keys[i].type != type)
			return DPS_E_INVALID_PARAMETER;
		*v = &p->values[i];
		return DPS_OK;
	}
	return DPS_E_NOT_FOUND;
}

int
dps_config_proto_u32(const struct dps_config_protocol *p, const char *key, uint32_t *out)
{
	const struct dps_config_proto_value *v;
	int rc;

	if (out == NULL)
		return DPS_E_INVALID_PARAMETER;
	rc = proto_value(p, key, DPS_CFG_U32, &v);
	if (rc == DPS_OK)
		*out = v->u32;
	return rc;
}

int
dps_config_proto_bool(const struct dps_config_protocol *p, const char *key, int *out)
{
	const struct dps_config_proto_value *v;
	int rc;

	if (out == NULL)
		return DPS_E_INVALID_PARAMETER;
	rc = proto_value(p, key, DPS_CFG_BOOL, &v);
	if (rc == DPS_OK)
		*out = v->u32 != 0;
	return rc;
}

int
dps_config_proto_string(const struct dps_config_protocol *p, const char *key, const char **out)
{
	const struct dps_config_proto_value *v;
	int rc;

	if (out == NULL)
		return DPS_E_INVALID_PARAMETER;
	rc = proto_value(p, key, DPS_CFG_STRING, &v);
	if (rc == DPS_OK)
		*out = v->str;
	return rc;
}

int
dps_config_proto_binds(const struct dps_config_protocol *p, const char *adapter)
{
	if (p == NULL || adapter == NULL)
		return 0;
	switch (p->bind) {
	case DPS_BIND_ALL:
		return 1;
	case DPS_BIND_LIST:
		for (unsigned int i = 0; i < p->nb_bind && i < DPS_CONFIG_MAX_ADAPTERS; i++)
			if (strcmp(p->bind_list[i], adapter) == 0)
				return 1;
		return 0;
	default:
		return 0;
	}
}

int
dps_config_format_ipv4(const struct dps_config_ipv4 *a, char *buf, size_t len)
{
	char tmp[INET_ADDRSTRLEN];
	struct in_addr in;
	int n;

	if (a == NULL || buf == NULL)
		return DPS_E_INVALID_PARAMETER;
	in.s_addr = a->addr;
	if (inet_ntop(AF_INET, &in, tmp, sizeof(tmp)) == NULL)
		return DPS_E_INVALID_PARAMETER;
	n = snprintf(buf, len, "%s/%u", tmp, a->prefix_len);
	if (n < 0 || (size_t)n >= len) {
		if (len > 0)
			buf[0] = '\0';
		return DPS_E_BUFFER_TOO_SHORT;
	}
	return DPS_OK;
}
