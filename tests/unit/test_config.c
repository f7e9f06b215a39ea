/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "dps_config.h"
#include "dps_status.h"
#include "dps_test.h"
/* DPS_TEST_CONFIG_DIR: the source tree's config/; DPS_TEST_GUIDE: its docs/GUIDE.md */
#include "test_config_paths.h"

/* The protocol schemas of the built-in protocols (lib/proto defines the same keys). */
static const struct dps_config_key arp_keys[] = {
	{"cache_size", DPS_CFG_U32, 16, 65536, "1024", "ARP cache entries per adapter"},
	{"cache_timeout", DPS_CFG_U32, 1, 86400, "300", "seconds before an entry ages out"},
	{"gratuitous", DPS_CFG_BOOL, 0, 0, "yes", "send a gratuitous ARP on link up"},
	{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
};

static const struct dps_config_key ipv4_keys[] = {
	{"icmp_echo", DPS_CFG_BOOL, 0, 0, "yes", "answer ICMP echo requests"},
	{"udp_echo", DPS_CFG_BOOL, 0, 0, "yes", "run the UDP echo service"},
	{"udp_echo_port", DPS_CFG_U32, 1, 65535, "7", "UDP echo port"},
	{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
};

static const struct dps_config_key raw_keys[] = {
	{"queue_len", DPS_CFG_U32, 1, 65536, "256", "frames an open keeps"},
	{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
};

static const struct dps_config_proto_schema schemas[] = {
	{"arp", arp_keys},
	{"ipv4", ipv4_keys},
	{"raw", raw_keys},
};
#define NB_SCHEMAS ((unsigned int)(sizeof(schemas) / sizeof(schemas[0])))

/* A test-only protocol with string keys, for the string getter. */
static const struct dps_config_key str_keys[] = {
	{"label", DPS_CFG_STRING, 1, 8, "lbl", NULL},
	{"note", DPS_CFG_STRING, 0, 0, NULL, NULL},
	{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
};

static const struct dps_config_proto_schema str_schemas[] = {
	{"arp", arp_keys},
	{"strproto", str_keys},
	{"nokeys", NULL},
};

static char tmpdir[64];
static char path[128];
static char err[512];
static struct dps_config cfg; /* ~80 KiB: static, not on the stack */
static struct dps_config cfg2;
static const struct dps_config zero_cfg;

/*
 * CU_ASSERT_*_FATAL leaves by longjmp, which the compiler does not know:
 * return too, so that it sees no NULL dereference after the check.
 */
#define REQUIRE(p)                                                                                 \
	do {                                                                                       \
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);                                                   \
		if ((p) == NULL)                                                                   \
			return;                                                                    \
	} while (0)

#define ADAPTER0 "[adapter dps0]\ndevice = net_tap0,iface=dps0\n"

static int
suite_init(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/dps_test_config.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/test.ini", tmpdir);
	return 0;
}

static int
suite_clean(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	char p[512];

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", tmpdir, de->d_name);
		if (rmdir(p) != 0)
			unlink(p);
	}
	closedir(d);
	return rmdir(tmpdir);
}

static void
write_file(const char *file, const char *text)
{
	FILE *f = fopen(file, "w");

	REQUIRE(f);
	fputs(text, f);
	fclose(f);
}

/* Write text to the test file and load it with the built-in schemas. */
static int
load_text(const char *text)
{
	int rc;

	write_file(path, text);
	memset(err, 0, sizeof(err));
	rc = dps_config_load_file(path, schemas, NB_SCHEMAS, &cfg, err, sizeof(err));
	if (rc != DPS_OK && err[0] == '\0')
		snprintf(err, sizeof(err), "(no message)");
	return rc;
}

static int load_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
load_fmt(const char *fmt, ...)
{
	char text[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return load_text(text);
}

static void
expect_ok(int rc)
{
	CU_ASSERT_EQUAL(rc, DPS_OK);
	if (rc != DPS_OK)
		fprintf(stderr, "\n  unexpected %s: %s\n", dps_status_str(rc), err);
}

/*
 * A failed load: the exact status, a message that starts with the file name
 * and contains `want` (section, key and value), and nothing half-filled.
 */
static void
expect_fail(int rc, int status, const char *want)
{
	CU_ASSERT_EQUAL(rc, status);
	CU_ASSERT_EQUAL(strncmp(err, path, strlen(path)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
	if (rc != status || strstr(err, want) == NULL || strncmp(err, path, strlen(path)) != 0)
		fprintf(stderr, "\n  got %s '%s'\n  want %s '%s'\n", dps_status_str(rc), err,
			dps_status_str(status), want);
}

static void
expect_exact(int rc, int status, const char *tail)
{
	char want[600];

	snprintf(want, sizeof(want), "%s: %s", path, tail);
	CU_ASSERT_EQUAL(rc, status);
	CU_ASSERT_STRING_EQUAL(err, want);
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
}

/* One CUnit test per malformed input. */
#define MALFORMED(fn, text, status, want)                                                          \
	static void fn(void)                                                                       \
	{                                                                                          \
		memset(&cfg, 0x5a, sizeof(cfg));                                                   \
		expect_fail(load_text(text), status, want);                                        \
	}

static uint32_t
arp_u32(const char *key)
{
	uint32_t v = 0xdeadbeef;

	CU_ASSERT_EQUAL(
		dps_config_proto_u32(dps_config_protocol_find(&cfg, "arp"), key, &v), DPS_OK);
	return v;
}

static int
proto_bool(const char *proto, const char *key)
{
	int v = -1;

	CU_ASSERT_EQUAL(
		dps_config_proto_bool(dps_config_protocol_find(&cfg, proto), key, &v), DPS_OK);
	return v;
}

static void
expect_addr(const struct dps_config_ipv4 *a, const char *text)
{
	char buf[DPS_CONFIG_IPV4_STRLEN];

	CU_ASSERT_EQUAL(dps_config_format_ipv4(a, buf, sizeof(buf)), DPS_OK);
	CU_ASSERT_STRING_EQUAL(buf, text);
}

/* ---- the embedded default and the example files ---- */

static void
check_default_values(const struct dps_config *c)
{
	const struct dps_config_adapter *a;
	const struct dps_config_protocol *arp, *ipv4;
	uint32_t port = 0;
	int b = -1;

	CU_ASSERT_EQUAL(c->stack.mbufs, 0);
	CU_ASSERT_EQUAL(c->stack.mbuf_cache, 256);
	CU_ASSERT_EQUAL(c->stack.resources_watermark, 10);
	CU_ASSERT_EQUAL(c->stack.link_poll_ms, 1000);
	CU_ASSERT_STRING_EQUAL(c->stack.socket, "");

	CU_ASSERT_EQUAL_FATAL(c->nb_adapters, 1);
	a = &c->adapters[0];
	CU_ASSERT_STRING_EQUAL(a->name, "dps0");
	CU_ASSERT_STRING_EQUAL(a->device, "net_tap0,iface=dps0");
	CU_ASSERT_EQUAL(a->rx_queues, 1);
	CU_ASSERT_EQUAL(a->tx_queues, 0);
	CU_ASSERT_EQUAL(a->rx_ring, 1024);
	CU_ASSERT_EQUAL(a->tx_ring, 1024);
	CU_ASSERT_EQUAL(a->mtu, 1500);
	CU_ASSERT_EQUAL(a->nb_lcores, 0);
	CU_ASSERT_EQUAL_FATAL(a->nb_addrs, 1);
	CU_ASSERT_EQUAL(a->addrs[0].addr, htonl(0xc6336402)); /* 198.51.100.2 */
	CU_ASSERT_EQUAL(a->addrs[0].prefix_len, 24);

	CU_ASSERT_EQUAL_FATAL(c->nb_protocols, 3);
	CU_ASSERT_PTR_EQUAL(dps_config_protocol_find(c, "raw"), &c->protocols[2]);
	CU_ASSERT_EQUAL(c->protocols[2].bind, DPS_BIND_ALL);
	CU_ASSERT_EQUAL(c->stack.max_clients, 64);
	CU_ASSERT_EQUAL(c->stack.max_opens, 16);
	CU_ASSERT_EQUAL(c->stack.max_queued_kb, 4096);
	CU_ASSERT_EQUAL(c->stack.socket_uid, DPS_CONFIG_ANY_ID);
	CU_ASSERT_EQUAL(c->stack.ctrl_spin_us, 0);
	CU_ASSERT_EQUAL(c->stack.socket_gid, DPS_CONFIG_ANY_ID);
	CU_ASSERT_EQUAL(c->stack.admin_uid, DPS_CONFIG_ANY_ID);
	CU_ASSERT_EQUAL(c->stack.admin_gid, DPS_CONFIG_ANY_ID);
	arp = dps_config_protocol_find(c, "arp");
	ipv4 = dps_config_protocol_find(c, "ipv4");
	CU_ASSERT_PTR_EQUAL_FATAL(arp, &c->protocols[0]);
	CU_ASSERT_PTR_EQUAL_FATAL(ipv4, &c->protocols[1]);
	CU_ASSERT_PTR_EQUAL(arp->schema, &schemas[0]);
	CU_ASSERT_EQUAL(arp->bind, DPS_BIND_ALL);
	CU_ASSERT_EQUAL(ipv4->bind, DPS_BIND_ALL);
	CU_ASSERT_EQUAL(dps_config_proto_binds(arp, "dps0"), 1);
	for (unsigned int i = 0; i < arp->nb_values; i++)
		CU_ASSERT_EQUAL(arp->values[i].given, 0);
	CU_ASSERT_EQUAL(dps_config_proto_u32(ipv4, "udp_echo_port", &port), DPS_OK);
	CU_ASSERT_EQUAL(port, 7);
	CU_ASSERT_EQUAL(ipv4->values[2].given, 1);
	CU_ASSERT_EQUAL(dps_config_proto_bool(ipv4, "icmp_echo", &b), DPS_OK);
	CU_ASSERT_EQUAL(b, 1);
	CU_ASSERT_EQUAL(dps_config_proto_bool(ipv4, "udp_echo", &b), DPS_OK);
	CU_ASSERT_EQUAL(b, 1);
}

static void
test_default_loads_with_the_documented_values(void)
{
	memset(&cfg, 0x5a, sizeof(cfg));
	CU_ASSERT_EQUAL_FATAL(
		dps_config_load_default(schemas, NB_SCHEMAS, &cfg, err, sizeof(err)), DPS_OK);
	CU_ASSERT_STRING_EQUAL(cfg.source, DPS_CONFIG_SOURCE_DEFAULT);
	CU_ASSERT_STRING_EQUAL(cfg.source, "<embedded default>");
	check_default_values(&cfg);
}

static void
test_default_text_is_config_default_ini(void)
{
	const char *text = dps_config_default_text();
	char file[512], *buf;
	FILE *f;
	long n;

	snprintf(file, sizeof(file), "%s/default.ini", DPS_TEST_CONFIG_DIR);
	f = fopen(file, "rb");
	REQUIRE(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	REQUIRE(buf);
	CU_ASSERT_EQUAL(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	REQUIRE(text);
	CU_ASSERT_STRING_EQUAL(text, buf);
	free(buf);

	/* and the file on disk loads to the same configuration */
	CU_ASSERT_EQUAL_FATAL(
		dps_config_load_file(file, schemas, NB_SCHEMAS, &cfg, err, sizeof(err)), DPS_OK);
	CU_ASSERT_STRING_EQUAL(cfg.source, file);
	check_default_values(&cfg);
	CU_ASSERT_EQUAL(dps_config_load_default(schemas, NB_SCHEMAS, &cfg2, NULL, 0), DPS_OK);
	memcpy(cfg2.source, cfg.source, sizeof(cfg.source));
	CU_ASSERT_EQUAL(memcmp(&cfg, &cfg2, sizeof(cfg)), 0);
}

static void
test_default_needs_the_arp_and_ipv4_schemas(void)
{
	memset(&cfg, 0x5a, sizeof(cfg));
	CU_ASSERT_EQUAL(
		dps_config_load_default(schemas, 1, &cfg, err, sizeof(err)), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "<embedded default>: [protocol ipv4]"));
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
}

static void
check_two_ports(void)
{
	const struct dps_config_adapter *a0 = dps_config_adapter_find(&cfg, "dps0");
	const struct dps_config_adapter *a1 = dps_config_adapter_find(&cfg, "dps1");

	CU_ASSERT_EQUAL(cfg.nb_adapters, 2);
	REQUIRE(a0);
	REQUIRE(a1);
	CU_ASSERT_STRING_EQUAL(a0->device, "net_tap0,iface=dps0");
	CU_ASSERT_STRING_EQUAL(a1->device, "net_tap1,iface=dps1");
	CU_ASSERT_EQUAL_FATAL(a0->nb_addrs, 1);
	CU_ASSERT_EQUAL_FATAL(a1->nb_addrs, 1);
	expect_addr(&a0->addrs[0], "198.51.100.2/24");
	expect_addr(&a1->addrs[0], "203.0.113.2/24");
	CU_ASSERT(dps_config_proto_binds(dps_config_protocol_find(&cfg, "ipv4"), "dps1"));
}

static void
check_rss(void)
{
	const struct dps_config_adapter *a = dps_config_adapter_find(&cfg, "dps0");

	CU_ASSERT_EQUAL(cfg.nb_adapters, 1);
	REQUIRE(a);
	CU_ASSERT_EQUAL(a->rx_queues, 4);
	CU_ASSERT_EQUAL_FATAL(a->nb_lcores, 2);
	CU_ASSERT_EQUAL(a->lcores[0], 1);
	CU_ASSERT_EQUAL(a->lcores[1], 2);
}

static void
check_pci(void)
{
	CU_ASSERT_EQUAL_FATAL(cfg.nb_adapters, 1);
	CU_ASSERT_STRING_EQUAL(cfg.adapters[0].device, "0000:01:00.0");
	CU_ASSERT(dps_config_proto_binds(
		dps_config_protocol_find(&cfg, "arp"), cfg.adapters[0].name));
}

static void
test_every_example_loads(void)
{
	static const struct {
		const char *file;
		void (*check)(void);
	} known[] = {
		{"two-ports.ini", check_two_ports},
		{"rss.ini", check_rss},
		{"pci.ini", check_pci},
	};
	char dir[512], file[1024];
	unsigned int found = 0, loaded = 0;
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/examples", DPS_TEST_CONFIG_DIR);
	d = opendir(dir);
	REQUIRE(d);
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		int rc;

		if (n < 5 || strcmp(de->d_name + n - 4, ".ini") != 0)
			continue;
		snprintf(file, sizeof(file), "%s/%s", dir, de->d_name);
		rc = dps_config_load_file(file, schemas, NB_SCHEMAS, &cfg, err, sizeof(err));
		CU_ASSERT_EQUAL(rc, DPS_OK);
		if (rc != DPS_OK) {
			fprintf(stderr, "\n  %s: %s\n", de->d_name, err);
			continue;
		}
		loaded++;
		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
			if (strcmp(known[i].file, de->d_name) == 0) {
				known[i].check();
				found++;
			}
		}
	}
	closedir(d);
	CU_ASSERT_EQUAL(found, 3);
	CU_ASSERT(loaded >= 3);
}

/* ---- accepted inputs ---- */

static void
test_empty_file_gives_the_defaults(void)
{
	expect_ok(load_text(""));
	CU_ASSERT_STRING_EQUAL(cfg.source, path);
	CU_ASSERT_EQUAL(cfg.nb_adapters, 0);
	CU_ASSERT_EQUAL(cfg.nb_protocols, 0);
	CU_ASSERT_EQUAL(cfg.stack.mbuf_cache, 256);
	CU_ASSERT_EQUAL(cfg.stack.resources_watermark, 10);
	CU_ASSERT_EQUAL(cfg.stack.link_poll_ms, 1000);
	expect_ok(load_text("; only a comment\n\n   \n[stack]\n"));
	CU_ASSERT_EQUAL(cfg.stack.mbufs, 0);
}

static void
test_stack_keys_are_read(void)
{
	expect_ok(load_text("[stack]\nmbufs = 8192\nmbuf_cache = 0\nresources_watermark = 0\n"
			    "socket = /run/dps.sock\nlink_poll_ms = 250 ; comment\n"));
	CU_ASSERT_EQUAL(cfg.stack.mbufs, 8192);
	CU_ASSERT_EQUAL(cfg.stack.mbuf_cache, 0);
	CU_ASSERT_EQUAL(cfg.stack.resources_watermark, 0);
	CU_ASSERT_STRING_EQUAL(cfg.stack.socket, "/run/dps.sock");
	CU_ASSERT_EQUAL(cfg.stack.link_poll_ms, 250);
	expect_ok(load_text("[stack]\nsocket =\n"));
	CU_ASSERT_STRING_EQUAL(cfg.stack.socket, "");
}

static void
test_adapter_keys_are_read(void)
{
	const struct dps_config_adapter *a;

	expect_ok(load_text("[adapter   x.y-Z_9]\ndevice = 0000:0A:1f.7,arg=1\nrx_queues = 4\n"
			    "tx_queues = 3\nrx_ring = 512\ntx_ring = 256\nmtu = 9000 ; jumbo\n"
			    "lcores = 1-3, 5\naddress = 10.0.0.0/31, 203.0.113.255/32 , "
			    "198.51.100.2/24\n"));
	a = dps_config_adapter_find(&cfg, "x.y-Z_9");
	REQUIRE(a);
	CU_ASSERT_STRING_EQUAL(a->device, "0000:0A:1f.7,arg=1");
	CU_ASSERT_EQUAL(a->rx_queues, 4);
	CU_ASSERT_EQUAL(a->tx_queues, 3);
	CU_ASSERT_EQUAL(a->rx_ring, 512);
	CU_ASSERT_EQUAL(a->tx_ring, 256);
	CU_ASSERT_EQUAL(a->mtu, 9000);
	CU_ASSERT_EQUAL_FATAL(a->nb_lcores, 4);
	CU_ASSERT_EQUAL(a->lcores[0], 1);
	CU_ASSERT_EQUAL(a->lcores[1], 2);
	CU_ASSERT_EQUAL(a->lcores[2], 3);
	CU_ASSERT_EQUAL(a->lcores[3], 5);
	CU_ASSERT_EQUAL_FATAL(a->nb_addrs, 3);
	expect_addr(&a->addrs[0], "10.0.0.0/31");
	expect_addr(&a->addrs[1], "203.0.113.255/32");
	expect_addr(&a->addrs[2], "198.51.100.2/24");

	/* short PCI form, every lcore, eight addresses */
	expect_ok(load_text("[adapter p]\ndevice = 01:00.0\nlcores = 1-127\naddress = 10.0.0.1/8, "
			    "10.0.0.2/8, 10.0.0.3/8, 10.0.0.4/8, 10.0.0.5/8, 10.0.0.6/8, "
			    "10.0.0.7/8, 10.0.0.8/8\n"));
	CU_ASSERT_EQUAL(cfg.adapters[0].nb_lcores, 127);
	CU_ASSERT_EQUAL(cfg.adapters[0].lcores[126], 127);
	CU_ASSERT_EQUAL(cfg.adapters[0].nb_addrs, 8);

	/* lists may be empty: the defaults */
	expect_ok(load_text(ADAPTER0 "lcores =\naddress =\n"));
	CU_ASSERT_EQUAL(cfg.adapters[0].nb_lcores, 0);
	CU_ASSERT_EQUAL(cfg.adapters[0].nb_addrs, 0);
}

static void
test_sixteen_adapters_are_accepted(void)
{
	char text[4096];
	size_t off = 0;

	for (int i = 0; i < DPS_CONFIG_MAX_ADAPTERS; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
			"[adapter a%d]\ndevice = net_null%d\n", i, i);
	expect_ok(load_text(text));
	CU_ASSERT_EQUAL(cfg.nb_adapters, DPS_CONFIG_MAX_ADAPTERS);
	CU_ASSERT_STRING_EQUAL(cfg.adapters[15].name, "a15");
}

static void
test_bind_policies(void)
{
	const struct dps_config_protocol *arp, *ipv4;

	/* protocols may come before the adapters they name */
	expect_ok(load_text(
		"[protocol arp]\nbind = dps1 , dps0\n[protocol ipv4]\nbind = none\n" ADAPTER0
		"[adapter dps1]\ndevice = net_tap1\n[adapter dps2]\n"
		"device = net_tap2\n"));
	arp = dps_config_protocol_find(&cfg, "arp");
	ipv4 = dps_config_protocol_find(&cfg, "ipv4");
	REQUIRE(arp);
	REQUIRE(ipv4);
	CU_ASSERT_EQUAL(arp->bind, DPS_BIND_LIST);
	CU_ASSERT_EQUAL_FATAL(arp->nb_bind, 2);
	CU_ASSERT_STRING_EQUAL(arp->bind_list[0], "dps1");
	CU_ASSERT_STRING_EQUAL(arp->bind_list[1], "dps0");
	CU_ASSERT_EQUAL(dps_config_proto_binds(arp, "dps0"), 1);
	CU_ASSERT_EQUAL(dps_config_proto_binds(arp, "dps1"), 1);
	CU_ASSERT_EQUAL(dps_config_proto_binds(arp, "dps2"), 0);
	CU_ASSERT_EQUAL(dps_config_proto_binds(arp, "dps"), 0);
	CU_ASSERT_EQUAL(ipv4->bind, DPS_BIND_NONE);
	CU_ASSERT_EQUAL(dps_config_proto_binds(ipv4, "dps0"), 0);
	CU_ASSERT_EQUAL(dps_config_proto_binds(NULL, "dps0"), 0);
	CU_ASSERT_EQUAL(dps_config_proto_binds(arp, NULL), 0);

	/* no bind key: all */
	expect_ok(load_text("[protocol arp]\n"));
	CU_ASSERT_EQUAL(cfg.protocols[0].bind, DPS_BIND_ALL);
	CU_ASSERT_EQUAL(dps_config_proto_binds(&cfg.protocols[0], "anything"), 1);
}

static void
test_protocol_keys_given_and_default(void)
{
	const struct dps_config_protocol *arp;
	uint32_t v = 0;

	expect_ok(load_text("[protocol arp]\ncache_size = 4096\ngratuitous = off\n"));
	arp = dps_config_protocol_find(&cfg, "arp");
	REQUIRE(arp);
	CU_ASSERT_EQUAL(arp->nb_values, 3);
	CU_ASSERT_EQUAL(arp_u32("cache_size"), 4096);
	CU_ASSERT_EQUAL(arp->values[0].given, 1);
	CU_ASSERT_STRING_EQUAL(arp->values[0].str, "4096");
	CU_ASSERT_EQUAL(arp_u32("cache_timeout"), 300);
	CU_ASSERT_EQUAL(arp->values[1].given, 0);
	CU_ASSERT_STRING_EQUAL(arp->values[1].str, "300");
	CU_ASSERT_EQUAL(proto_bool("arp", "gratuitous"), 0);
	CU_ASSERT_PTR_NULL(dps_config_protocol_find(&cfg, "ipv4"));
	/* a protocol section that is absent has no values to ask for */
	CU_ASSERT_EQUAL(
		dps_config_proto_u32(dps_config_protocol_find(&cfg, "ipv4"), "udp_echo_port", &v),
		DPS_E_INVALID_PARAMETER);
}

static void
test_every_boolean_spelling(void)
{
	static const char *const yes[] = {"yes", "YES", "true", "True", "on", "1"};
	static const char *const no[] = {"no", "No", "false", "FALSE", "off", "0"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		expect_ok(load_fmt(
			"[protocol ipv4]\nicmp_echo = %s\nudp_echo = %s\n", yes[i], no[i]));
		CU_ASSERT_EQUAL(proto_bool("ipv4", "icmp_echo"), 1);
		CU_ASSERT_EQUAL(proto_bool("ipv4", "udp_echo"), 0);
	}
}

static void
test_string_keys(void)
{
	const struct dps_config_protocol *p;
	const char *s = NULL;
	uint32_t v;
	int b;

	write_file(path, "[protocol strproto]\nnote = hello world\n[protocol nokeys]\n");
	CU_ASSERT_EQUAL_FATAL(
		dps_config_load_file(path, str_schemas, 3, &cfg, err, sizeof(err)), DPS_OK);
	p = dps_config_protocol_find(&cfg, "strproto");
	REQUIRE(p);
	CU_ASSERT_EQUAL(dps_config_proto_string(p, "note", &s), DPS_OK);
	CU_ASSERT_STRING_EQUAL(s, "hello world");
	CU_ASSERT_EQUAL(dps_config_proto_string(p, "label", &s), DPS_OK);
	CU_ASSERT_STRING_EQUAL(s, "lbl");
	/* type mismatches and unknown keys */
	CU_ASSERT_EQUAL(dps_config_proto_u32(p, "label", &v), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_proto_bool(p, "label", &b), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_proto_string(p, "nope", &s), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_config_proto_string(p, "bind", &s), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_config_proto_string(NULL, "note", &s), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_proto_string(p, NULL, &s), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_proto_string(p, "note", NULL), DPS_E_INVALID_PARAMETER);
	p = dps_config_protocol_find(&cfg, "nokeys");
	REQUIRE(p);
	CU_ASSERT_EQUAL(p->nb_values, 0);
	CU_ASSERT_EQUAL(dps_config_proto_string(p, "note", &s), DPS_E_NOT_FOUND);

	/* string length bounds: label is 1..8 */
	write_file(path, "[protocol strproto]\nlabel = 123456789\n");
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_fail(dps_config_load_file(path, str_schemas, 3, &cfg, err, sizeof(err)),
		DPS_E_INVALID_DATA,
		"[protocol strproto] label = '123456789': must be 1..8 characters long");
	write_file(path, "[protocol strproto]\nlabel =\n");
	expect_fail(dps_config_load_file(path, str_schemas, 3, &cfg, err, sizeof(err)),
		DPS_E_INVALID_DATA, "[protocol strproto] label = '': must be 1..8 characters");
	write_file(path, "[protocol strproto]\nlabel = 12345678\n");
	CU_ASSERT_EQUAL(dps_config_load_file(path, str_schemas, 3, &cfg, err, sizeof(err)), DPS_OK);
}

static void
test_getters_reject_bad_arguments(void)
{
	const struct dps_config_protocol *arp, *ipv4;
	uint32_t v = 99;
	int b = 99;
	const char *s = NULL;

	expect_ok(load_text("[protocol arp]\n[protocol ipv4]\n"));
	arp = dps_config_protocol_find(&cfg, "arp");
	ipv4 = dps_config_protocol_find(&cfg, "ipv4");
	REQUIRE(arp);
	REQUIRE(ipv4);
	CU_ASSERT_EQUAL(dps_config_proto_u32(arp, "no_such_key", &v), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_config_proto_u32(arp, "gratuitous", &v), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_proto_u32(NULL, "cache_size", &v), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_proto_u32(arp, NULL, &v), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_proto_u32(arp, "cache_size", NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(v, 99);
	CU_ASSERT_EQUAL(dps_config_proto_bool(arp, "cache_size", &b), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_proto_bool(ipv4, "no_such_key", &b), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_config_proto_bool(NULL, "udp_echo", &b), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_proto_bool(ipv4, NULL, &b), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_proto_bool(ipv4, "udp_echo", NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(b, 99);
	CU_ASSERT_EQUAL(dps_config_proto_string(ipv4, "udp_echo", &s), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_EQUAL(dps_config_proto_u32(ipv4, "udp_echo_port", &v), DPS_OK);
	CU_ASSERT_EQUAL(v, 7);
	CU_ASSERT_EQUAL(dps_config_proto_bool(ipv4, "udp_echo", &b), DPS_OK);
	CU_ASSERT_EQUAL(b, 1);
}

static void
test_find_functions(void)
{
	expect_ok(load_text(ADAPTER0 "[protocol arp]\n"));
	CU_ASSERT_PTR_EQUAL(dps_config_adapter_find(&cfg, "dps0"), &cfg.adapters[0]);
	CU_ASSERT_PTR_NULL(dps_config_adapter_find(&cfg, "dps1"));
	CU_ASSERT_PTR_NULL(dps_config_adapter_find(&cfg, "DPS0"));
	CU_ASSERT_PTR_NULL(dps_config_adapter_find(NULL, "dps0"));
	CU_ASSERT_PTR_NULL(dps_config_adapter_find(&cfg, NULL));
	CU_ASSERT_PTR_EQUAL(dps_config_protocol_find(&cfg, "arp"), &cfg.protocols[0]);
	CU_ASSERT_PTR_NULL(dps_config_protocol_find(&cfg, "ipv4"));
	CU_ASSERT_PTR_NULL(dps_config_protocol_find(NULL, "arp"));
	CU_ASSERT_PTR_NULL(dps_config_protocol_find(&cfg, NULL));
}

static void
test_format_ipv4(void)
{
	struct dps_config_ipv4 a = {htonl(0xffffffff), 32};
	char buf[DPS_CONFIG_IPV4_STRLEN];
	char small[18];

	CU_ASSERT_EQUAL(dps_config_format_ipv4(&a, buf, sizeof(buf)), DPS_OK);
	CU_ASSERT_STRING_EQUAL(buf, "255.255.255.255/32");
	CU_ASSERT_EQUAL(dps_config_format_ipv4(&a, small, sizeof(small)), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_STRING_EQUAL(small, "");
	CU_ASSERT_EQUAL(dps_config_format_ipv4(&a, buf, 0), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(dps_config_format_ipv4(NULL, buf, sizeof(buf)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_format_ipv4(&a, NULL, sizeof(buf)), DPS_E_INVALID_PARAMETER);
	a.addr = htonl(0x0a000001);
	a.prefix_len = 8;
	CU_ASSERT_EQUAL(dps_config_format_ipv4(&a, buf, sizeof(buf)), DPS_OK);
	CU_ASSERT_STRING_EQUAL(buf, "10.0.0.1/8");
}

/* ---- range edges of every numeric key ---- */

struct u32_edge {
	const char *head; /* text before the key line */
	const char *sect; /* the section as named in messages */
	const char *key;
	uint32_t min, max; /* accepted bounds */
	const char *range; /* the message for a value outside them */
	uint32_t (*get)(void);
	int zero_ok; /* 0 (auto) is accepted too */
};

static uint32_t
get_mbufs(void)
{
	return cfg.stack.mbufs;
}

static uint32_t
get_mbuf_cache(void)
{
	return cfg.stack.mbuf_cache;
}

static uint32_t
get_watermark(void)
{
	return cfg.stack.resources_watermark;
}

static uint32_t
get_link_poll(void)
{
	return cfg.stack.link_poll_ms;
}

static uint32_t
get_max_clients(void)
{
	return cfg.stack.max_clients;
}

static uint32_t
get_max_opens(void)
{
	return cfg.stack.max_opens;
}

static uint32_t
get_max_queued(void)
{
	return cfg.stack.max_queued_kb;
}

static uint32_t
get_ctrl_spin(void)
{
	return cfg.stack.ctrl_spin_us;
}

static uint32_t
get_socket_uid(void)
{
	return cfg.stack.socket_uid;
}

static uint32_t
get_socket_gid(void)
{
	return cfg.stack.socket_gid;
}

static uint32_t
get_admin_uid(void)
{
	return cfg.stack.admin_uid;
}

static uint32_t
get_admin_gid(void)
{
	return cfg.stack.admin_gid;
}

static uint32_t
get_rxq(void)
{
	return cfg.adapters[0].rx_queues;
}

static uint32_t
get_txq(void)
{
	return cfg.adapters[0].tx_queues;
}

static uint32_t
get_rx_ring(void)
{
	return cfg.adapters[0].rx_ring;
}

static uint32_t
get_tx_ring(void)
{
	return cfg.adapters[0].tx_ring;
}

static uint32_t
get_mtu(void)
{
	return cfg.adapters[0].mtu;
}

static uint32_t
get_cache_size(void)
{
	return arp_u32("cache_size");
}

static uint32_t
get_cache_timeout(void)
{
	return arp_u32("cache_timeout");
}

static uint32_t
get_udp_port(void)
{
	uint32_t v = 0;

	CU_ASSERT_EQUAL(
		dps_config_proto_u32(dps_config_protocol_find(&cfg, "ipv4"), "udp_echo_port", &v),
		DPS_OK);
	return v;
}

static void
check_edge_ok(const struct u32_edge *k, uint32_t v)
{
	int rc = load_fmt("%s%s = %u\n", k->head, k->key, v);

	expect_ok(rc);
	if (rc == DPS_OK)
		CU_ASSERT_EQUAL(k->get(), v);
}

static void
check_edge_bad(const struct u32_edge *k, uint64_t v)
{
	char want[256];

	memset(&cfg, 0x5a, sizeof(cfg));
	snprintf(want, sizeof(want), "[%s] %s = '%llu': %s", k->sect, k->key, (unsigned long long)v,
		k->range);
	expect_fail(load_fmt("%s%s = %llu\n", k->head, k->key, (unsigned long long)v),
		DPS_E_INVALID_DATA, want);
}

static void
check_edges(const struct u32_edge *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct u32_edge *k = &keys[i];

		check_edge_ok(k, k->min);
		check_edge_ok(k, k->max);
		if (k->zero_ok)
			check_edge_ok(k, 0);
		if (k->min > 0 && !(k->zero_ok && k->min == 1))
			check_edge_bad(k, k->min - 1ull);
		check_edge_bad(k, k->max + 1ull);
	}
}

static void
test_stack_key_edges(void)
{
	static const struct u32_edge keys[] = {
		{"[stack]\n", "stack", "mbufs", 1024, 1048576, "must be 0 (auto) or 1024..1048576",
			get_mbufs, 1},
		{"[stack]\n", "stack", "mbuf_cache", 0, 512, "must be 0..512", get_mbuf_cache, 0},
		{"[stack]\n", "stack", "resources_watermark", 0, 90, "must be 0..90", get_watermark,
			0},
		{"[stack]\n", "stack", "link_poll_ms", 100, 60000, "must be 100..60000",
			get_link_poll, 0},
		{"[stack]\n", "stack", "max_clients", 1, 1024, "must be 1..1024", get_max_clients,
			0},
		{"[stack]\n", "stack", "max_opens", 1, 256, "must be 1..256", get_max_opens, 0},
		{"[stack]\n", "stack", "max_queued_kb", 64, 65536, "must be 64..65536",
			get_max_queued, 0},
		{"[stack]\n", "stack", "ctrl_spin_us", 0, 100000, "must be 0..100000",
			get_ctrl_spin, 0},
		{"[stack]\n", "stack", "socket_uid", 0, 2147483647u, "must be 0..2147483647",
			get_socket_uid, 0},
		{"[stack]\n", "stack", "socket_gid", 0, 2147483647u, "must be 0..2147483647",
			get_socket_gid, 0},
		{"[stack]\n", "stack", "admin_uid", 0, 2147483647u, "must be 0..2147483647",
			get_admin_uid, 0},
		{"[stack]\n", "stack", "admin_gid", 0, 2147483647u, "must be 0..2147483647",
			get_admin_gid, 0},
	};
	char sock[DPS_CONFIG_SOCKET_LEN];

	check_edges(keys, sizeof(keys) / sizeof(keys[0]));
	expect_ok(load_text("[stack]\nmbufs = 0\n"));
	CU_ASSERT_EQUAL(cfg.stack.mbufs, 0);
	/* socket: up to 107 bytes */
	memset(sock, 'a', sizeof(sock) - 1);
	sock[0] = '/';
	sock[sizeof(sock) - 1] = '\0';
	expect_ok(load_fmt("[stack]\nsocket = %s\n", sock));
	CU_ASSERT_EQUAL(strlen(cfg.stack.socket), DPS_CONFIG_SOCKET_LEN - 1);
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_fail(load_fmt("[stack]\nsocket = %sb\n", sock), DPS_E_INVALID_DATA,
		"b': path must be shorter than 108 bytes");
}

static void
test_adapter_key_edges(void)
{
	static const struct u32_edge keys[] = {
		{ADAPTER0, "adapter dps0", "rx_queues", 1, 16, "must be 1..16", get_rxq, 0},
		{ADAPTER0, "adapter dps0", "tx_queues", 1, 16, "must be 0 (auto) or 1..16", get_txq,
			1},
		{ADAPTER0, "adapter dps0", "rx_ring", 64, 4096,
			"must be a power of two in 64..4096", get_rx_ring, 0},
		{ADAPTER0, "adapter dps0", "tx_ring", 64, 4096,
			"must be a power of two in 64..4096", get_tx_ring, 0},
		{ADAPTER0, "adapter dps0", "mtu", 68, 9600, "must be 68..9600", get_mtu, 0},
	};

	check_edges(keys, sizeof(keys) / sizeof(keys[0]));
	expect_ok(load_text(ADAPTER0 "tx_queues = 0\n"));
	CU_ASSERT_EQUAL(cfg.adapters[0].tx_queues, 0);
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_fail(load_text(ADAPTER0 "rx_queues = 0\n"), DPS_E_INVALID_DATA,
		"[adapter dps0] rx_queues = '0': must be 1..16");
	/* lcore ids 1..127 */
	expect_ok(load_text(ADAPTER0 "lcores = 1,127\n"));
	CU_ASSERT_EQUAL(cfg.adapters[0].nb_lcores, 2);
	CU_ASSERT_EQUAL(cfg.adapters[0].lcores[1], 127);
	/* prefix lengths 1..32 */
	expect_ok(load_text(ADAPTER0 "address = 10.0.0.1/1, 10.0.0.2/32\n"));
	CU_ASSERT_EQUAL(cfg.adapters[0].addrs[0].prefix_len, 1);
	CU_ASSERT_EQUAL(cfg.adapters[0].addrs[1].prefix_len, 32);
}

static void
test_protocol_key_edges(void)
{
	static const struct u32_edge keys[] = {
		{"[protocol arp]\n", "protocol arp", "cache_size", 16, 65536, "must be 16..65536",
			get_cache_size, 0},
		{"[protocol arp]\n", "protocol arp", "cache_timeout", 1, 86400, "must be 1..86400",
			get_cache_timeout, 0},
		{"[protocol ipv4]\n", "protocol ipv4", "udp_echo_port", 1, 65535,
			"must be 1..65535", get_udp_port, 0},
	};

	check_edges(keys, sizeof(keys) / sizeof(keys[0]));
}

/* ---- bad arguments, files, schemas ---- */

static void
test_null_arguments(void)
{
	memset(&cfg, 0x5a, sizeof(cfg));
	CU_ASSERT_EQUAL(dps_config_load_file(NULL, schemas, NB_SCHEMAS, &cfg, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
	CU_ASSERT_EQUAL(dps_config_load_file(path, schemas, NB_SCHEMAS, NULL, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	memset(&cfg, 0x5a, sizeof(cfg));
	CU_ASSERT_EQUAL(dps_config_load_file(path, NULL, 2, &cfg, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
	CU_ASSERT_EQUAL(dps_config_load_file(path, schemas, NB_SCHEMAS, &cfg, NULL, 16),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_load_default(schemas, NB_SCHEMAS, NULL, err, sizeof(err)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(
		dps_config_load_default(NULL, 1, &cfg, err, sizeof(err)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_load_default(schemas, NB_SCHEMAS, &cfg, NULL, 1),
		DPS_E_INVALID_PARAMETER);
	/* no schemas at all is fine when the file has no [protocol] */
	write_file(path, ADAPTER0);
	CU_ASSERT_EQUAL(dps_config_load_file(path, NULL, 0, &cfg, NULL, 0), DPS_OK);
	CU_ASSERT_EQUAL(cfg.nb_adapters, 1);
}

static void
test_missing_file_is_not_found(void)
{
	char missing[256];

	snprintf(missing, sizeof(missing), "%s/no-such-file.ini", tmpdir);
	memset(&cfg, 0x5a, sizeof(cfg));
	CU_ASSERT_EQUAL(dps_config_load_file(missing, schemas, NB_SCHEMAS, &cfg, err, sizeof(err)),
		DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(strncmp(err, missing, strlen(missing)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "No such file"));
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
}

static void
test_directory_is_not_found(void)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%s/a-directory.ini", tmpdir);
	CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0700), 0);
	memset(&cfg, 0x5a, sizeof(cfg));
	CU_ASSERT_EQUAL(dps_config_load_file(dir, schemas, NB_SCHEMAS, &cfg, err, sizeof(err)),
		DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(strncmp(err, dir, strlen(dir)), 0);
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
	rmdir(dir);
}

static void
test_unreadable_file_is_not_found(void)
{
	char file[256];

	if (geteuid() == 0) {
		/* root reads a mode 000 file anyway: nothing to prove here */
		CU_PASS("skipped as root");
		return;
	}
	snprintf(file, sizeof(file), "%s/unreadable.ini", tmpdir);
	write_file(file, "[stack]\n");
	CU_ASSERT_EQUAL_FATAL(chmod(file, 0), 0);
	CU_ASSERT_EQUAL(dps_config_load_file(file, schemas, NB_SCHEMAS, &cfg, err, sizeof(err)),
		DPS_E_NOT_FOUND);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "Permission denied"));
	unlink(file);
}

static void
test_short_error_buffer_is_truncated(void)
{
	char small[8];

	write_file(path, "[stack]\nmbufs = 1\n");
	CU_ASSERT_EQUAL(dps_config_load_file(path, schemas, NB_SCHEMAS, &cfg, small, sizeof(small)),
		DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(strlen(small), sizeof(small) - 1);
	CU_ASSERT_EQUAL(strncmp(small, path, sizeof(small) - 1), 0);
	CU_ASSERT_EQUAL(
		dps_config_load_file(path, schemas, NB_SCHEMAS, &cfg, NULL, 0), DPS_E_INVALID_DATA);
}

static void
expect_schema_rejected(const struct dps_config_proto_schema *s, unsigned int n, const char *want)
{
	write_file(path, "");
	memset(&cfg, 0x5a, sizeof(cfg));
	CU_ASSERT_EQUAL(
		dps_config_load_file(path, s, n, &cfg, err, sizeof(err)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
	if (strstr(err, want) == NULL)
		fprintf(stderr, "\n  got '%s', want '%s'\n", err, want);
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
}

static void
test_bad_schema_tables_are_rejected(void)
{
	static const struct dps_config_key bad_default[] = {
		{"size", DPS_CFG_U32, 1, 10, "11", NULL},
		{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
	};
	static const struct dps_config_key no_default[] = {
		{"flag", DPS_CFG_BOOL, 0, 0, NULL, NULL},
		{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
	};
	static const struct dps_config_key bind_key[] = {
		{"bind", DPS_CFG_STRING, 0, 0, NULL, NULL},
		{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
	};
	static const struct dps_config_key twice[] = {
		{"a", DPS_CFG_BOOL, 0, 0, "no", NULL},
		{"a", DPS_CFG_BOOL, 0, 0, "no", NULL},
		{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
	};
	static const struct dps_config_key bad_type[] = {
		{"a", (enum dps_config_key_type)42, 0, 0, "x", NULL},
		{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
	};
	static const struct dps_config_key min_max[] = {
		{"a", DPS_CFG_U32, 5, 4, "5", NULL},
		{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
	};
	static const struct dps_config_key upper[] = {
		{"Size", DPS_CFG_U32, 0, 4, "1", NULL},
		{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
	};
	static struct dps_config_key many[DPS_CONFIG_MAX_PROTO_KEYS + 2];
	static char names[DPS_CONFIG_MAX_PROTO_KEYS + 1][8];
	const struct dps_config_proto_schema s_default[] = {{"p", bad_default}};
	const struct dps_config_proto_schema s_nodefault[] = {{"p", no_default}};
	const struct dps_config_proto_schema s_bind[] = {{"p", bind_key}};
	const struct dps_config_proto_schema s_twice[] = {{"p", twice}};
	const struct dps_config_proto_schema s_type[] = {{"p", bad_type}};
	const struct dps_config_proto_schema s_minmax[] = {{"p", min_max}};
	const struct dps_config_proto_schema s_upper[] = {{"p", upper}};
	const struct dps_config_proto_schema s_many[] = {{"p", many}};
	const struct dps_config_proto_schema s_noname[] = {{NULL, NULL}};
	const struct dps_config_proto_schema s_longname[] = {{"a_very_long_protocol", NULL}};
	const struct dps_config_proto_schema s_dup[] = {{"arp", NULL}, {"arp", NULL}};

	for (int i = 0; i <= DPS_CONFIG_MAX_PROTO_KEYS; i++) {
		snprintf(names[i], sizeof(names[i]), "k%d", i);
		many[i] = (struct dps_config_key){names[i], DPS_CFG_BOOL, 0, 0, "no", NULL};
	}
	expect_schema_rejected(s_default, 1, "'p': key 'size': default '11': must be 1..10");
	expect_schema_rejected(s_nodefault, 1, "'p': key 'flag': no default");
	expect_schema_rejected(s_bind, 1, "name 'bind' is empty, too long or reserved");
	expect_schema_rejected(s_twice, 1, "key 'a' given twice");
	expect_schema_rejected(s_type, 1, "key type 42 unknown");
	expect_schema_rejected(s_minmax, 1, "min 5 > max 4");
	expect_schema_rejected(s_upper, 1, "key 'Size': name must be a-z 0-9 _");
	expect_schema_rejected(s_many, 1, "more than 16 keys");
	expect_schema_rejected(s_noname, 1, "protocol schema 0: name");
	expect_schema_rejected(s_longname, 1, "protocol schema 0: name");
	expect_schema_rejected(s_dup, 2, "protocol schema 'arp' given twice");
}

/* ---- malformed input, one test each ---- */

/* INI syntax */
MALFORMED(test_section_without_closing_bracket, "[stack\nmbufs = 0\n", DPS_E_INVALID_DATA,
	"line 1: '[stack': no closing ']'")
MALFORMED(test_text_after_section_header, "[stack] mbufs = 0\n", DPS_E_INVALID_DATA,
	"line 1: '[stack] mbufs = 0': text after ']'")
MALFORMED(test_line_without_equals_sign, ADAPTER0 "mtu 9000\n", DPS_E_INVALID_DATA,
	"line 3: [adapter dps0] 'mtu 9000': not 'key = value'")
MALFORMED(test_hash_comment_is_not_a_comment, "[stack]\n# mbufs are automatic\n",
	DPS_E_INVALID_DATA, "line 2: [stack] '# mbufs are automatic': not 'key = value'")
MALFORMED(test_key_before_any_section, "mtu = 1500\n[stack]\n", DPS_E_INVALID_DATA,
	"line 1: 'mtu = 1500': key before the first [section]")
static void
test_line_too_long(void)
{
	char text[512];

	/* rte_cfgfile reads lines into CFG_NAME_LEN + CFG_VALUE_LEN + 4 bytes */
	memset(text, 'a', sizeof(text));
	memcpy(text, "[stack]\nsocket = /", 18);
	memcpy(text + 400, "\n", 2);
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_fail(
		load_text(text), DPS_E_INVALID_DATA, "line 2: [stack] longer than 322 characters");
}

static void
test_value_too_long(void)
{
	char text[512];
	size_t head = strlen(ADAPTER0);

	/* a line that fits, with a value rte_cfgfile would cut at 255 characters */
	memset(text, 'd', sizeof(text));
	memcpy(text, ADAPTER0 "address = ", head + 10);
	memcpy(text + head + 10 + 300, "\n", 2);
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_fail(load_text(text), DPS_E_INVALID_DATA, "[adapter dps0] address = 'ddddddddd");
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "': value longer than 254 characters"));
}

/* sections */
MALFORMED(
	test_unknown_section, "[stak]\nmbufs = 0\n", DPS_E_NOT_SUPPORTED, "[stak]: unknown section")
MALFORMED(test_stack_section_with_a_name, "[stack main]\n", DPS_E_NOT_SUPPORTED,
	"[stack main]: unknown section")
MALFORMED(test_section_kind_is_case_sensitive, "[Adapter dps0]\ndevice = net_tap0\n",
	DPS_E_NOT_SUPPORTED, "[Adapter dps0]: unknown section")
static void
test_unknown_protocol(void)
{
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text("[protocol tcp]\nbind = all\n"), DPS_E_NOT_SUPPORTED,
		"[protocol tcp]: unknown protocol 'tcp' (known: arp, ipv4, raw; a plugin's "
		"protocol is known once its plugin is in [stack] plugins or given with --plugin)");
}
MALFORMED(test_duplicate_stack_section, "[stack]\nmbufs = 0\n[stack]\nmbuf_cache = 1\n",
	DPS_E_EXISTS, "[stack]: duplicate section")
MALFORMED(test_duplicate_adapter_section, ADAPTER0 "[adapter dps0]\ndevice = net_tap1\n",
	DPS_E_EXISTS, "[adapter dps0]: duplicate section")
MALFORMED(test_duplicate_protocol_section, "[protocol arp]\n[protocol ipv4]\n[protocol arp]\n",
	DPS_E_EXISTS, "[protocol arp]: duplicate section")
MALFORMED(test_adapter_without_name, "[adapter]\ndevice = net_tap0\n", DPS_E_INVALID_DATA,
	"[adapter]: needs a name: [adapter NAME]")
MALFORMED(test_adapter_name_bad_character, "[adapter dps/0]\ndevice = net_tap0\n",
	DPS_E_INVALID_DATA, "[adapter dps/0]: adapter name 'dps/0' must be 1..15 characters")
MALFORMED(test_adapter_name_with_blank, "[adapter dps 0]\ndevice = net_tap0\n", DPS_E_INVALID_DATA,
	"[adapter dps 0]: adapter name 'dps 0' must be")
MALFORMED(test_adapter_name_too_long, "[adapter abcdefghijklmnop]\ndevice = net_tap0\n",
	DPS_E_INVALID_DATA, "adapter name 'abcdefghijklmnop' must be 1..15 characters")
MALFORMED(test_adapter_name_reserved, "[adapter all]\ndevice = net_tap0\n", DPS_E_INVALID_DATA,
	"[adapter all]: adapter name 'all' is reserved")

static void
test_seventeen_adapters(void)
{
	char text[4096];
	size_t off = 0;

	for (int i = 0; i <= DPS_CONFIG_MAX_ADAPTERS; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
			"[adapter a%d]\ndevice = net_null%d\n", i, i);
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_fail(load_text(text), DPS_E_RESOURCES, "[adapter a16]: more than 16 adapters");
}

/* keys */
MALFORMED(test_unknown_stack_key, "[stack]\nmtu = 1500\n", DPS_E_NOT_SUPPORTED,
	"[stack] mtu = '1500': unknown key")
MALFORMED(test_unknown_adapter_key, ADAPTER0 "vid = 10\n", DPS_E_NOT_SUPPORTED,
	"[adapter dps0] vid = '10': unknown key")
MALFORMED(test_unknown_protocol_key, "[protocol arp]\nudp_echo_port = 7\n", DPS_E_NOT_SUPPORTED,
	"[protocol arp] udp_echo_port = '7': unknown key (keys: bind, cache_size, "
	"cache_timeout, gratuitous)")
MALFORMED(test_key_name_is_case_sensitive, ADAPTER0 "MTU = 1500\n", DPS_E_NOT_SUPPORTED,
	"[adapter dps0] MTU = '1500': unknown key")
MALFORMED(test_key_given_twice, ADAPTER0 "mtu = 1500\nmtu = 9000\n", DPS_E_EXISTS,
	"[adapter dps0] mtu = '9000': key given twice in this section (first value '1500')")
MALFORMED(test_stack_key_given_twice, "[stack]\nsocket = /a\nsocket = /a\n", DPS_E_EXISTS,
	"[stack] socket = '/a': key given twice")
MALFORMED(test_protocol_key_given_twice, "[protocol arp]\nbind = all\nbind = none\n", DPS_E_EXISTS,
	"[protocol arp] bind = 'none': key given twice")
MALFORMED(test_device_missing, "[adapter dps0]\nmtu = 1500\n", DPS_E_INVALID_PARAMETER,
	"[adapter dps0] device: required key missing")

/* numbers */
MALFORMED(test_number_empty, ADAPTER0 "mtu =\n", DPS_E_INVALID_DATA,
	"[adapter dps0] mtu = '': empty value (must be 68..9600)")
MALFORMED(test_number_trailing_garbage, ADAPTER0 "rx_queues = 12x\n", DPS_E_INVALID_DATA,
	"[adapter dps0] rx_queues = '12x': not a decimal number (must be 1..16)")
MALFORMED(test_number_negative, ADAPTER0 "mtu = -1500\n", DPS_E_INVALID_DATA,
	"[adapter dps0] mtu = '-1500': negative number (must be 68..9600)")
MALFORMED(test_number_with_plus_sign, "[stack]\nmbuf_cache = +4\n", DPS_E_INVALID_DATA,
	"[stack] mbuf_cache = '+4': not a decimal number")
MALFORMED(test_number_hex, "[stack]\nmbuf_cache = 0x40\n", DPS_E_INVALID_DATA,
	"[stack] mbuf_cache = '0x40': not a decimal number")
MALFORMED(test_number_inner_blank, "[stack]\nmbufs = 10 000\n", DPS_E_INVALID_DATA,
	"[stack] mbufs = '10 000': not a decimal number")
MALFORMED(test_number_overflow_u32, "[stack]\nmbufs = 4294967296\n", DPS_E_INVALID_DATA,
	"[stack] mbufs = '4294967296': number too large")
MALFORMED(test_number_overflow_u64, "[protocol arp]\ncache_size = 99999999999999999999999\n",
	DPS_E_INVALID_DATA,
	"[protocol arp] cache_size = '99999999999999999999999': number too large (must be "
	"16..65536)")
MALFORMED(test_number_wraps_u16, ADAPTER0 "mtu = 67036\n", DPS_E_INVALID_DATA,
	"[adapter dps0] mtu = '67036': must be 68..9600")
MALFORMED(test_ring_not_power_of_two, ADAPTER0 "rx_ring = 1000\n", DPS_E_INVALID_DATA,
	"[adapter dps0] rx_ring = '1000': must be a power of two in 64..4096")
MALFORMED(test_bool_bad, "[protocol arp]\ngratuitous = maybe\n", DPS_E_INVALID_DATA,
	"[protocol arp] gratuitous = 'maybe': not a boolean (must be yes/no, true/false, "
	"on/off or 1/0)")
MALFORMED(test_bool_empty, "[protocol ipv4]\nicmp_echo =\n", DPS_E_INVALID_DATA,
	"[protocol ipv4] icmp_echo = '': empty value")

/* devices */
MALFORMED(test_device_empty, "[adapter dps0]\ndevice =\n", DPS_E_INVALID_DATA,
	"[adapter dps0] device = '': empty value")
MALFORMED(test_device_not_net, "[adapter dps0]\ndevice = eth_tap0\n", DPS_E_INVALID_DATA,
	"[adapter dps0] device = 'eth_tap0': not a vdev string starting with 'net_'")
MALFORMED(test_device_net_alone, "[adapter dps0]\ndevice = net_,iface=x\n", DPS_E_INVALID_DATA,
	"[adapter dps0] device = 'net_,iface=x': not a vdev")
MALFORMED(test_device_with_blank, "[adapter dps0]\ndevice = net_tap0, iface=dps0\n",
	DPS_E_INVALID_DATA, "[adapter dps0] device = 'net_tap0, iface=dps0': not a vdev")
MALFORMED(test_device_pci_function_8, "[adapter p]\ndevice = 0000:01:00.8\n", DPS_E_INVALID_DATA,
	"[adapter p] device = '0000:01:00.8': not a vdev")
MALFORMED(test_device_pci_device_0x20, "[adapter p]\ndevice = 01:20.0\n", DPS_E_INVALID_DATA,
	"[adapter p] device = '01:20.0': not a vdev")
MALFORMED(test_device_pci_short_bus, "[adapter p]\ndevice = 0000:1:00.0\n", DPS_E_INVALID_DATA,
	"[adapter p] device = '0000:1:00.0': not a vdev")
MALFORMED(test_device_pci_not_hex, "[adapter p]\ndevice = 0000:0g:00.0\n", DPS_E_INVALID_DATA,
	"[adapter p] device = '0000:0g:00.0': not a vdev")
MALFORMED(test_device_twice_vdev, ADAPTER0 "[adapter dps1]\ndevice = net_tap0,iface=other\n",
	DPS_E_EXISTS,
	"[adapter dps1] device = 'net_tap0,iface=other': device 'net_tap0' is already used by "
	"[adapter dps0]")
MALFORMED(test_device_twice_pci_short_and_long,
	"[adapter a]\ndevice = 0000:0a:00.1\n[adapter b]\ndevice = 0A:00.1\n", DPS_E_EXISTS,
	"[adapter b] device = '0A:00.1': device '0000:0a:00.1' is already used by [adapter a]")

/* lcores */
MALFORMED(test_lcores_zero, ADAPTER0 "lcores = 0,1\n", DPS_E_INVALID_DATA,
	"[adapter dps0] lcores = '0,1': '0': worker lcore ids must be 1..127")
MALFORMED(test_lcores_128, ADAPTER0 "lcores = 1-128\n", DPS_E_INVALID_DATA,
	"[adapter dps0] lcores = '1-128': '1-128': worker lcore ids must be 1..127")
MALFORMED(test_lcores_duplicate, ADAPTER0 "lcores = 1-3,2\n", DPS_E_EXISTS,
	"[adapter dps0] lcores = '1-3,2': lcore 2 listed twice")
MALFORMED(test_lcores_backwards, ADAPTER0 "lcores = 3-1\n", DPS_E_INVALID_DATA,
	"[adapter dps0] lcores = '3-1': '3-1': range goes backwards")
MALFORMED(test_lcores_trailing_comma, ADAPTER0 "lcores = 1,\n", DPS_E_INVALID_DATA,
	"[adapter dps0] lcores = '1,': empty list element")
MALFORMED(test_lcores_garbage, ADAPTER0 "lcores = 1.5\n", DPS_E_INVALID_DATA,
	"[adapter dps0] lcores = '1.5': '1.5' is not an lcore id or range")
MALFORMED(test_lcores_word, ADAPTER0 "lcores = all\n", DPS_E_INVALID_DATA,
	"[adapter dps0] lcores = 'all': 'all' is not an lcore id or range")
MALFORMED(test_lcores_negative, ADAPTER0 "lcores = -1\n", DPS_E_INVALID_DATA,
	"[adapter dps0] lcores = '-1': '-1' is not an lcore id or range")
MALFORMED(test_lcores_open_range, ADAPTER0 "lcores = 2-\n", DPS_E_INVALID_DATA,
	"[adapter dps0] lcores = '2-': '2-' is not an lcore id or range")

/* addresses */
MALFORMED(test_address_without_prefix, ADAPTER0 "address = 198.51.100.2\n", DPS_E_INVALID_DATA,
	"[adapter dps0] address = '198.51.100.2': '198.51.100.2' has no prefix length")
MALFORMED(test_address_prefix_0, ADAPTER0 "address = 198.51.100.2/0\n", DPS_E_INVALID_DATA,
	"[adapter dps0] address = '198.51.100.2/0': '198.51.100.2/0': prefix length must be "
	"1..32")
MALFORMED(test_address_prefix_33, ADAPTER0 "address = 198.51.100.2/33\n", DPS_E_INVALID_DATA,
	"'198.51.100.2/33': prefix length must be 1..32")
MALFORMED(test_address_prefix_garbage, ADAPTER0 "address = 198.51.100.2/24x\n", DPS_E_INVALID_DATA,
	"'198.51.100.2/24x' is not an IPv4 address with prefix")
MALFORMED(test_address_three_octets, ADAPTER0 "address = 198.51.100/24\n", DPS_E_INVALID_DATA,
	"[adapter dps0] address = '198.51.100/24': '198.51.100/24' is not an IPv4 address")
MALFORMED(test_address_octet_256, ADAPTER0 "address = 198.51.100.256/24\n", DPS_E_INVALID_DATA,
	"'198.51.100.256/24' is not an IPv4 address")
MALFORMED(test_address_leading_zero, ADAPTER0 "address = 198.051.100.2/24\n", DPS_E_INVALID_DATA,
	"'198.051.100.2/24' is not an IPv4 address")
MALFORMED(test_address_unspecified, ADAPTER0 "address = 0.0.0.0/8\n", DPS_E_INVALID_DATA,
	"[adapter dps0] address = '0.0.0.0/8': '0.0.0.0/8': 0.0.0.0 is not a host address")
MALFORMED(test_address_loopback, ADAPTER0 "address = 127.0.0.1/8\n", DPS_E_INVALID_DATA,
	"[adapter dps0] address = '127.0.0.1/8': '127.0.0.1/8' is a loopback address "
	"(127.0.0.0/8)")
MALFORMED(test_address_this_network, ADAPTER0 "address = 0.1.2.3/8\n", DPS_E_INVALID_DATA,
	"'0.1.2.3/8': 0.0.0.0/8 is 'this network', not a host address")

/* Bytes as given, NUL included (load_text stops at a NUL). */
static int
load_bytes(const char *bytes, size_t len)
{
	FILE *f = fopen(path, "w");
	int rc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	if (f == NULL)
		return DPS_E_FAILURE;
	CU_ASSERT_EQUAL(fwrite(bytes, 1, len, f), len);
	fclose(f);
	memset(err, 0, sizeof(err));
	rc = dps_config_load_file(path, schemas, NB_SCHEMAS, &cfg, err, sizeof(err));
	return rc;
}

static void
test_nul_and_control_bytes_name_their_line(void)
{
	static const char nul[] = ADAPTER0 "address = 198.51.100.2\0/24\n";
	static const char esc[] = ADAPTER0 "; a comment \033[31m red\n";
	static const char bel[] = "[stack]\nsocket = /tmp/a\007b\n";
	static const char del[] = "[stack]\n\n\nmbufs = 1\177\n";

	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_bytes(nul, sizeof(nul) - 1), DPS_E_INVALID_DATA,
		"line 3: NUL byte 0x00 (text only: no NUL or control bytes but tab)");
	expect_exact(load_bytes(esc, sizeof(esc) - 1), DPS_E_INVALID_DATA,
		"line 3: control byte 0x1b (text only: no NUL or control bytes but tab)");
	expect_exact(load_bytes(bel, sizeof(bel) - 1), DPS_E_INVALID_DATA,
		"line 2: control byte 0x07 (text only: no NUL or control bytes but tab)");
	expect_exact(load_bytes(del, sizeof(del) - 1), DPS_E_INVALID_DATA,
		"line 4: control byte 0x7f (text only: no NUL or control bytes but tab)");
	/* tab and CR LF are text */
	expect_ok(load_text(ADAPTER0 "mtu\t=\t1400\r\n"));
	CU_ASSERT_EQUAL(cfg.adapters[0].mtu, 1400);
}

static void
test_file_size_limit(void)
{
	size_t big = DPS_CONFIG_MAX_FILE_BYTES + 1;
	char *text = malloc(big);
	char want[128];

	REQUIRE(text);
	memset(text, ';', big);
	text[big - 1] = '\n';
	for (size_t i = 100; i < big; i += 100)
		text[i] = '\n';
	memset(&cfg, 0x5a, sizeof(cfg));
	snprintf(want, sizeof(want), "file of %zu bytes, more than %u", big,
		DPS_CONFIG_MAX_FILE_BYTES);
	expect_exact(load_bytes(text, big), DPS_E_INVALID_DATA, want);
	/* the limit itself is accepted: comments only */
	expect_ok(load_bytes(text, big - 1));
	free(text);
}

/* A FIFO with no writer and a character device: refused before any read, never waited on. */
static void
test_fifo_and_device_are_refused_at_once(void)
{
	char fifo[256], want[400];

	snprintf(fifo, sizeof(fifo), "%s/a-fifo.ini", tmpdir);
	CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
	memset(&cfg, 0x5a, sizeof(cfg));
	CU_ASSERT_EQUAL(dps_config_load_file(fifo, schemas, NB_SCHEMAS, &cfg, err, sizeof(err)),
		DPS_E_NOT_FOUND);
	snprintf(want, sizeof(want), "%s: cannot read: a FIFO, not a regular file", fifo);
	CU_ASSERT_STRING_EQUAL(err, want);
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
	unlink(fifo);
	CU_ASSERT_EQUAL(
		dps_config_load_stack("/dev/zero", &cfg, err, sizeof(err)), DPS_E_NOT_FOUND);
	CU_ASSERT_STRING_EQUAL(
		err, "/dev/zero: cannot read: a character device, not a regular file");
}

static void
test_file_name_is_escaped(void)
{
	char odd[256], want[400];

	snprintf(odd, sizeof(odd), "%s/no\033[2J-such\007.ini", tmpdir);
	CU_ASSERT_EQUAL(dps_config_load_file(odd, schemas, NB_SCHEMAS, &cfg, err, sizeof(err)),
		DPS_E_NOT_FOUND);
	snprintf(want, sizeof(want),
		"%s/no\\x1b[2J-such\\x07.ini: cannot open: No such file or directory", tmpdir);
	CU_ASSERT_STRING_EQUAL(err, want);
}

static void
test_escape(void)
{
	char out[16];

	CU_ASSERT_EQUAL(dps_config_escape("a\033b\177\n", out, sizeof(out)), 14);
	CU_ASSERT_STRING_EQUAL(out, "a\\x1bb\\x7f\\x0a");
	/* cut before an escape that does not fit whole */
	CU_ASSERT_EQUAL(dps_config_escape("abc\033", out, 6), 3);
	CU_ASSERT_STRING_EQUAL(out, "abc");
	CU_ASSERT_EQUAL(dps_config_escape(NULL, out, sizeof(out)), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	CU_ASSERT_EQUAL(dps_config_escape("x", NULL, 4), 0);
}

MALFORMED(test_address_multicast, ADAPTER0 "address = 224.0.0.5/24\n", DPS_E_INVALID_DATA,
	"'224.0.0.5/24' is a multicast address")
MALFORMED(test_address_limited_broadcast, ADAPTER0 "address = 255.255.255.255/32\n",
	DPS_E_INVALID_DATA, "'255.255.255.255/32' is the limited broadcast address")
MALFORMED(test_address_network, ADAPTER0 "address = 198.51.100.2/24, 203.0.113.0/24\n",
	DPS_E_INVALID_DATA,
	"[adapter dps0] address = '198.51.100.2/24, 203.0.113.0/24': '203.0.113.0/24' is the "
	"network address of its prefix")
MALFORMED(test_address_broadcast, ADAPTER0 "address = 198.51.100.255/24\n", DPS_E_INVALID_DATA,
	"'198.51.100.255/24' is the broadcast address of its prefix")
MALFORMED(test_address_broadcast_30, ADAPTER0 "address = 10.0.0.3/30\n", DPS_E_INVALID_DATA,
	"'10.0.0.3/30' is the broadcast address of its prefix")
MALFORMED(test_address_duplicate, ADAPTER0 "address = 198.51.100.2/24, 198.51.100.2/25\n",
	DPS_E_EXISTS, "'198.51.100.2/25': address listed twice")
MALFORMED(test_address_empty_element, ADAPTER0 "address = 198.51.100.2/24,,10.0.0.1/8\n",
	DPS_E_INVALID_DATA, "[adapter dps0] address = '198.51.100.2/24,,10.0.0.1/8': empty list")
MALFORMED(test_address_nine,
	ADAPTER0
	"address = 10.0.0.1/8, 10.0.0.2/8, 10.0.0.3/8, 10.0.0.4/8, 10.0.0.5/8, 10.0.0.6/8, "
	"10.0.0.7/8, 10.0.0.8/8, 10.0.0.9/8\n",
	DPS_E_RESOURCES, "[adapter dps0] address = '10.0.0.1/8, 10.0.0.2/8, ")

/* bind and the rest of [stack] */
MALFORMED(test_bind_unknown_adapter, ADAPTER0 "[protocol arp]\nbind = dps0, dps9\n",
	DPS_E_INVALID_DATA, "[protocol arp] bind = 'dps0, dps9': no [adapter dps9] in this file")
MALFORMED(test_bind_empty, ADAPTER0 "[protocol arp]\nbind =\n", DPS_E_INVALID_DATA,
	"[protocol arp] bind = '': empty value")
MALFORMED(test_bind_duplicate, ADAPTER0 "[protocol arp]\nbind = dps0,dps0\n", DPS_E_EXISTS,
	"[protocol arp] bind = 'dps0,dps0': adapter 'dps0' listed twice")
MALFORMED(test_bind_all_and_names, ADAPTER0 "[protocol arp]\nbind = all, dps0\n",
	DPS_E_INVALID_DATA, "[protocol arp] bind = 'all, dps0': 'all' cannot be combined")
MALFORMED(test_bind_upper_case_all, ADAPTER0 "[protocol ipv4]\nbind = ALL\n", DPS_E_INVALID_DATA,
	"[protocol ipv4] bind = 'ALL': no [adapter ALL] in this file")
static void
test_socket_too_long(void)
{
	char text[256];

	memset(text, 's', sizeof(text));
	memcpy(text, "[stack]\nsocket = /", 18);
	memcpy(text + 17 + 108, "\n", 2); /* a 108-byte path */
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_fail(load_text(text), DPS_E_INVALID_DATA, "[stack] socket = '/sssss");
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "ss': path must be shorter than 108 bytes"));
}

/* ---- the [stack] and [adapter] tables ---- */

static const struct {
	enum dps_config_table table;
	const char *head; /* text before a key line */
	const char *sect; /* the section as named in messages */
	size_t size;	  /* of the structure the offsets point into */
} tables[] = {
	{DPS_CONFIG_TABLE_STACK, "[stack]\n", "stack", sizeof(struct dps_config_stack)},
	{DPS_CONFIG_TABLE_ADAPTER, ADAPTER0, "adapter dps0", sizeof(struct dps_config_adapter)},
};

static unsigned int
table_len(enum dps_config_table t)
{
	unsigned int n = 0;

	while (dps_config_field_at(t, n) != NULL)
		n++;
	return n;
}

/* The loaded structure a table describes: cfg.stack, or the first adapter. */
static const char *
table_base(enum dps_config_table t)
{
	return t == DPS_CONFIG_TABLE_STACK ? (const char *)&cfg.stack
					   : (const char *)&cfg.adapters[0];
}

static uint32_t
field_value(enum dps_config_table t, const struct dps_config_field *f)
{
	const char *p = table_base(t) + f->offset;
	uint32_t v32;
	uint16_t v16;

	if (f->type == DPS_CONFIG_FIELD_U16) {
		memcpy(&v16, p, sizeof(v16));
		return v16;
	}
	memcpy(&v32, p, sizeof(v32));
	return v32;
}

static bool
is_number(const struct dps_config_field *f)
{
	return f->type == DPS_CONFIG_FIELD_U32 || f->type == DPS_CONFIG_FIELD_U16;
}

static void
test_tables_are_well_formed(void)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		unsigned int n = table_len(tables[t].table);

		CU_ASSERT(n > 0);
		CU_ASSERT(n < 32); /* the loader keeps a 32-bit "given" mask */
		for (unsigned int i = 0; i < n; i++) {
			const struct dps_config_field *f = dps_config_field_at(tables[t].table, i);
			bool auto0 = (f->flags & DPS_CONFIG_FIELD_ZERO_AUTO) && f->dflt == 0;

			REQUIRE(f);
			CU_ASSERT(strspn(f->name, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
				  strlen(f->name));
			for (unsigned int j = 0; j < i; j++)
				CU_ASSERT(strcmp(dps_config_field_at(tables[t].table, j)->name,
						  f->name) != 0);
			/* "; " separates the reason from the doc in error lines */
			CU_ASSERT(
				f->doc != NULL && f->doc[0] != '\0' && strchr(f->doc, ';') == NULL);
			CU_ASSERT(f->offset < tables[t].size);
			if (is_number(f)) {
				CU_ASSERT(f->min <= f->max);
				CU_ASSERT(f->offset + (f->type == DPS_CONFIG_FIELD_U16 ? 2 : 4) <=
					  tables[t].size);
				if (f->type == DPS_CONFIG_FIELD_U16)
					CU_ASSERT(f->max <= UINT16_MAX);
				/* a default is a value the key accepts, or "not set" */
				/* vlan has none: a virtual adapter must give it */
				CU_ASSERT(auto0 || (f->dflt >= f->min && f->dflt <= f->max) ||
					  f->dflt == DPS_CONFIG_ANY_ID ||
					  (f->dflt == 0 && strcmp(f->name, "vlan") == 0));
				if ((f->flags & DPS_CONFIG_FIELD_POW2) && f->dflt != 0)
					CU_ASSERT((f->dflt & (f->dflt - 1)) == 0);
			}
			if (f->type == DPS_CONFIG_FIELD_PATH)
				CU_ASSERT(f->offset + f->max + 1 <= tables[t].size);
		}
		CU_ASSERT_PTR_NULL(dps_config_field_at(tables[t].table, n));
	}
	CU_ASSERT_PTR_NULL(dps_config_field_at((enum dps_config_table)7, 0));
	CU_ASSERT_EQUAL(table_len(DPS_CONFIG_TABLE_STACK), 15);
	CU_ASSERT_EQUAL(table_len(DPS_CONFIG_TABLE_ADAPTER), 11);
}

static void
test_defaults_applied_match_the_table(void)
{
	struct dps_config_adapter a;
	struct dps_config_stack st;

	memset(&cfg, 0x5a, sizeof(cfg));
	expect_ok(load_text(ADAPTER0));
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (unsigned int i = 0;; i++) {
			const struct dps_config_field *f = dps_config_field_at(tables[t].table, i);

			if (f == NULL)
				break;
			if (is_number(f)) {
				CU_ASSERT_EQUAL(field_value(tables[t].table, f), f->dflt);
				if (field_value(tables[t].table, f) != f->dflt)
					fprintf(stderr, "\n  %s: %u, table %u\n", f->name,
						field_value(tables[t].table, f), f->dflt);
			} else if (f->type == DPS_CONFIG_FIELD_PATH) {
				CU_ASSERT_STRING_EQUAL(table_base(tables[t].table) + f->offset, "");
			}
		}
	}
	/* the defaults functions give what a load gives, byte for byte */
	memset(&st, 0x5a, sizeof(st));
	dps_config_stack_defaults(&st);
	CU_ASSERT_EQUAL(memcmp(&st, &cfg.stack, sizeof(st)), 0);
	memset(&a, 0x5a, sizeof(a));
	dps_config_adapter_defaults(&a);
	strcpy(a.name, "dps0");
	strcpy(a.device, "net_tap0,iface=dps0");
	CU_ASSERT_EQUAL(memcmp(&a, &cfg.adapters[0], sizeof(a)), 0);
	/* and what the documentation says (check_default_values has the rest) */
	CU_ASSERT_EQUAL(a.rx_queues, 1);
	CU_ASSERT_EQUAL(a.tx_queues, 0);
	CU_ASSERT_EQUAL(a.rx_ring, 1024);
	CU_ASSERT_EQUAL(a.mtu, 1500);
	CU_ASSERT_EQUAL(st.mbuf_cache, 256);
	CU_ASSERT_EQUAL(st.socket_uid, DPS_CONFIG_ANY_ID);
	CU_ASSERT_EQUAL(st.nb_plugins, 0);
	dps_config_stack_defaults(NULL);
	dps_config_adapter_defaults(NULL);
}

/* The exact line for a bad value of a table key: reason, then the key's documentation. */
static void
expect_field_error(size_t t, const struct dps_config_field *f, const char *value, int status,
	const char *reason)
{
	/* the device key: in a section of its own, not after ADAPTER0's */
	const char *head = strcmp(f->name, "device") == 0 ? "[adapter dps0]\n" : tables[t].head;
	char text[600], want[1200], doc[400];
	bool auto0 = (f->flags & DPS_CONFIG_FIELD_ZERO_AUTO) && f->dflt == 0;

	if (!is_number(f))
		snprintf(doc, sizeof(doc), "%s: %s", f->name, f->doc);
	else if (auto0 || (f->dflt >= f->min && f->dflt <= f->max))
		snprintf(doc, sizeof(doc), "%s: %s (default %u)", f->name, f->doc, f->dflt);
	else
		snprintf(doc, sizeof(doc), "%s: %s (default: not set)", f->name, f->doc);
	snprintf(text, sizeof(text), "%s%s = %s\n", head, f->name, value);
	snprintf(want, sizeof(want), "%s: [%s] %s = '%s': %s; %s", path, tables[t].sect, f->name,
		value, reason, doc);
	memset(&cfg, 0x5a, sizeof(cfg));
	CU_ASSERT_EQUAL(load_text(text), status);
	CU_ASSERT_STRING_EQUAL(err, want);
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
	if (strcmp(err, want) != 0)
		fprintf(stderr, "\n  got  '%s'\n  want '%s'\n", err, want);
}

static void
test_each_key_out_of_range_and_wrong_type(void)
{
	/* a bad value of each text key, with its own reason */
	static const struct {
		const char *key, *value, *reason;
		int status;
	} text_keys[] = {
		{"plugins", "/a.so,", "empty list element", DPS_E_INVALID_DATA},
		{"device", "tap0",
			"not a vdev string starting with 'net_' nor a PCI address "
			"(DDDD:BB:DD.F or BB:DD.F), or contains blanks",
			DPS_E_INVALID_DATA},
		{"lcores", "0",
			"'0': worker lcore ids must be 1..127 (lcore 0 is the control "
			"thread)",
			DPS_E_INVALID_DATA},
		{"address", "10.0.0.1", "'10.0.0.1' has no prefix length (A.B.C.D/N)",
			DPS_E_INVALID_DATA},
		{"lower", "a b", "not an adapter name (1..15 characters of A-Z a-z 0-9 _ . -)",
			DPS_E_INVALID_DATA},
		{"mac", "02:00:00:00:00", "not a MAC address (xx:xx:xx:xx:xx:xx, hex)",
			DPS_E_INVALID_DATA},
	};
	unsigned int numbers = 0, texts = 0;

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (unsigned int i = 0;; i++) {
			const struct dps_config_field *f = dps_config_field_at(tables[t].table, i);
			char range[80], reason[120], v[32];

			if (f == NULL)
				break;
			if (f->type == DPS_CONFIG_FIELD_PATH) {
				char p[300];

				memset(p, 'p', f->max + 1);
				p[0] = '/';
				p[f->max + 1] = '\0';
				snprintf(reason, sizeof(reason),
					"path must be shorter than %u bytes", f->max + 1);
				expect_field_error(t, f, p, DPS_E_INVALID_DATA, reason);
				continue;
			}
			if (f->type == DPS_CONFIG_FIELD_TEXT) {
				for (size_t k = 0; k < sizeof(text_keys) / sizeof(text_keys[0]);
					k++)
					if (strcmp(text_keys[k].key, f->name) == 0) {
						expect_field_error(t, f, text_keys[k].value,
							text_keys[k].status, text_keys[k].reason);
						texts++;
					}
				continue;
			}
			numbers++;
			if (f->flags & DPS_CONFIG_FIELD_ZERO_AUTO)
				snprintf(range, sizeof(range), "must be 0 (auto) or %u..%u", f->min,
					f->max);
			else if (f->flags & DPS_CONFIG_FIELD_POW2)
				snprintf(range, sizeof(range), "must be a power of two in %u..%u",
					f->min, f->max);
			else
				snprintf(range, sizeof(range), "must be %u..%u", f->min, f->max);
			/* out of range, both ends */
			snprintf(v, sizeof(v), "%llu", f->max + 1ull);
			expect_field_error(t, f, v, DPS_E_INVALID_DATA, range);
			if (f->min > 1 ||
				(f->min == 1 && !(f->flags & DPS_CONFIG_FIELD_ZERO_AUTO))) {
				snprintf(v, sizeof(v), "%u", f->min - 1);
				expect_field_error(t, f, v, DPS_E_INVALID_DATA, range);
			}
			if (f->flags & DPS_CONFIG_FIELD_POW2) {
				snprintf(v, sizeof(v), "%u", f->min + 1);
				expect_field_error(t, f, v, DPS_E_INVALID_DATA, range);
			}
			/* wrong type: not a number */
			snprintf(reason, sizeof(reason), "not a decimal number (%s)", range);
			expect_field_error(t, f, "yes", DPS_E_INVALID_DATA, reason);
			snprintf(reason, sizeof(reason), "empty value (%s)", range);
			expect_field_error(t, f, "", DPS_E_INVALID_DATA, reason);
			snprintf(reason, sizeof(reason), "negative number (%s)", range);
			expect_field_error(t, f, "-1", DPS_E_INVALID_DATA, reason);
		}
	}
	CU_ASSERT_EQUAL(numbers, 19);
	CU_ASSERT_EQUAL(texts, 6);

	/* two lines word for word, as a user reads them */
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text("[stack]\nsocket_uid = -1\n"), DPS_E_INVALID_DATA,
		"[stack] socket_uid = '-1': negative number (must be 0..2147483647); socket_uid: "
		"besides root, the user allowed on the control socket (default: not set)");
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text(ADAPTER0 "tx_queues = 17\n"), DPS_E_INVALID_DATA,
		"[adapter dps0] tx_queues = '17': must be 0 (auto) or 1..16; tx_queues: transmit "
		"queues, 0 for one per worker plus one for the control thread (default 0)");
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text("[adapter dps0]\nmtu = 1500\n"), DPS_E_INVALID_PARAMETER,
		"[adapter dps0] device: required key missing; device: a vdev string "
		"(net_tap0,iface=dps0) or a PCI address (DDDD:BB:DD.F)");
}

static void
test_unknown_key_lists_the_table(void)
{
	char want[600];
	size_t off;

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		off = (size_t)snprintf(want, sizeof(want),
			"[%s] bogus_key = '1': unknown key (keys: ", tables[t].sect);
		for (unsigned int i = 0; dps_config_field_at(tables[t].table, i) != NULL; i++)
			off += (size_t)snprintf(want + off, sizeof(want) - off, "%s%s",
				i == 0 ? "" : ", ", dps_config_field_at(tables[t].table, i)->name);
		snprintf(want + off, sizeof(want) - off, ")");
		memset(&cfg, 0x5a, sizeof(cfg));
		expect_exact(
			load_fmt("%sbogus_key = 1\n", tables[t].head), DPS_E_NOT_SUPPORTED, want);
	}
	/* the order, pinned */
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text(ADAPTER0 "vid = 10\n"), DPS_E_NOT_SUPPORTED,
		"[adapter dps0] vid = '10': unknown key (keys: device, lower, vlan, mac, "
		"rx_queues, "
		"tx_queues, rx_ring, tx_ring, mtu, lcores, address)");
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text("[stack]\nmtu = 1500\n"), DPS_E_NOT_SUPPORTED,
		"[stack] mtu = '1500': unknown key (keys: mbufs, mbuf_cache, resources_watermark, "
		"socket, link_poll_ms, socket_uid, socket_gid, admin_uid, admin_gid, max_clients, "
		"max_opens, max_captures, max_queued_kb, ctrl_spin_us, plugins)");
}

/* ---- virtual adapters (the vlan mux) ---- */

static const struct dps_config_proto_schema mux_schemas[] = {
	{"arp", arp_keys},
	{"ipv4", ipv4_keys},
	{"raw", raw_keys},
	{"vlan", NULL},
};

#define VLAN_LOWER ADAPTER0 "mtu = 1500\n"
#define VIF100 "[adapter dps0.100]\nlower = dps0\nvlan = 100\n"

static int
load_mux(const char *text)
{
	write_file(path, text);
	memset(err, 0, sizeof(err));
	return dps_config_load_file(path, mux_schemas, 4, &cfg, err, sizeof(err));
}

static void
mux_fail(const char *text, int status, const char *tail)
{
	char want[600];
	int rc;

	memset(&cfg, 0x5a, sizeof(cfg));
	rc = load_mux(text);
	snprintf(want, sizeof(want), "%s: %s", path, tail);
	CU_ASSERT_EQUAL(rc, status);
	CU_ASSERT_EQUAL(strncmp(err, want, strlen(want)), 0);
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
	if (rc != status || strncmp(err, want, strlen(want)) != 0)
		fprintf(stderr, "\n  got %s '%s'\n  want %s '%s...'\n", dps_status_str(rc), err,
			dps_status_str(status), want);
}

static void
test_virtual_adapters_load(void)
{
	const struct dps_config_adapter *v, *w;
	const struct dps_config_protocol *p;

	expect_ok(load_mux(ADAPTER0 "mtu = 9000\n" VIF100 "address = 203.0.113.2/24\n"
				    "[adapter dps0.200]\nlower = dps0\nvlan = 200\nmtu = 1400\n"
				    "mac = 02:00:5e:10:00:01\n[protocol ipv4]\n"));
	v = dps_config_adapter_find(&cfg, "dps0.100");
	w = dps_config_adapter_find(&cfg, "dps0.200");
	REQUIRE(v);
	REQUIRE(w);
	CU_ASSERT(dps_config_adapter_is_virtual(v));
	CU_ASSERT(!dps_config_adapter_is_virtual(dps_config_adapter_find(&cfg, "dps0")));
	CU_ASSERT_STRING_EQUAL(v->lower, "dps0");
	CU_ASSERT_EQUAL(v->vlan, 100);
	CU_ASSERT_EQUAL(v->mtu, 9000); /* the lower's */
	CU_ASSERT_EQUAL(v->mac_set, 0);
	CU_ASSERT_STRING_EQUAL(v->device, "");
	CU_ASSERT_EQUAL(v->nb_addrs, 1);
	CU_ASSERT_EQUAL(w->mtu, 1400);
	CU_ASSERT_EQUAL(w->mac_set, 1);
	CU_ASSERT_EQUAL(w->mac[0], 0x02);
	CU_ASSERT_EQUAL(w->mac[5], 0x01);
	/* the mux is wanted, bound to exactly the lower adapter */
	p = dps_config_protocol_find(&cfg, "vlan");
	REQUIRE(p);
	CU_ASSERT_EQUAL(p->bind, DPS_BIND_LIST);
	CU_ASSERT_EQUAL(p->nb_bind, 1);
	CU_ASSERT_STRING_EQUAL(p->bind_list[0], "dps0");
	CU_ASSERT(dps_config_proto_binds(p, "dps0"));
	CU_ASSERT(!dps_config_proto_binds(p, "dps0.100"));
	/* a [protocol vlan] of the file gets the same bind list */
	expect_ok(load_mux(VLAN_LOWER VIF100 "[protocol vlan]\nbind = all\n"));
	p = dps_config_protocol_find(&cfg, "vlan");
	REQUIRE(p);
	CU_ASSERT_EQUAL(p->bind, DPS_BIND_LIST);
	CU_ASSERT_EQUAL(p->nb_bind, 1);
	/* without virtual adapters no mux is made */
	expect_ok(load_mux(VLAN_LOWER));
	CU_ASSERT_PTR_NULL(dps_config_protocol_find(&cfg, "vlan"));
}

static void
test_virtual_adapter_refusals(void)
{
	mux_fail(VLAN_LOWER "[adapter v]\nlower = dps9\nvlan = 5\n", DPS_E_INVALID_DATA,
		"[adapter v] lower = 'dps9': no [adapter dps9] in this file");
	mux_fail(VLAN_LOWER "[adapter v]\nlower = dps0\nvlan = 0\n", DPS_E_INVALID_DATA,
		"[adapter v] vlan = '0': must be 1..4094; vlan:");
	mux_fail(VLAN_LOWER "[adapter v]\nlower = dps0\nvlan = 4095\n", DPS_E_INVALID_DATA,
		"[adapter v] vlan = '4095': must be 1..4094; vlan:");
	mux_fail(VLAN_LOWER VIF100 "[adapter v]\nlower = dps0\nvlan = 100\n", DPS_E_EXISTS,
		"[adapter v] vlan = '100': VLAN 100 on dps0 is [adapter dps0.100] already");
	mux_fail(VLAN_LOWER "[adapter v]\nlower = dps0\nvlan = 5\ndevice = net_null1\n",
		DPS_E_INVALID_DATA,
		"[adapter v] device = 'net_null1': a virtual adapter (lower = dps0) has no device "
		"of its own: its lower adapter's serves it");
	mux_fail(VLAN_LOWER "[adapter v]\nlower = dps0\nvlan = 5\nrx_queues = 2\n",
		DPS_E_INVALID_DATA,
		"[adapter v] rx_queues = '2': a virtual adapter (lower = dps0) has no rx_queues");
	mux_fail(VLAN_LOWER VIF100 "[adapter v]\nlower = dps0.100\nvlan = 5\n", DPS_E_NOT_SUPPORTED,
		"[adapter v] lower = 'dps0.100': dps0.100 is a virtual adapter itself (lower = "
		"dps0); a virtual adapter sits on a physical one");
	mux_fail(VLAN_LOWER "[adapter v]\nlower = dps0\nvlan = 5\nmac = 03:00:00:00:00:01\n",
		DPS_E_INVALID_DATA,
		"[adapter v] mac = '03:00:00:00:00:01': a multicast address (the first byte is "
		"odd); a unicast one is needed");
	mux_fail(VLAN_LOWER "[adapter v]\nlower = dps0\nvlan = 5\nmac = 00:1b:21:00:00:01\n",
		DPS_E_INVALID_DATA,
		"[adapter v] mac = '00:1b:21:00:00:01': a globally administered address");
	mux_fail(VLAN_LOWER "[adapter v]\nlower = dps0\nvlan = 5\nmac = 00:00:00:00:00:00\n",
		DPS_E_INVALID_DATA,
		"[adapter v] mac = '00:00:00:00:00:00': the zero address is not a MAC");
	mux_fail(VLAN_LOWER "[adapter v]\nlower = dps0\nvlan = 5\nmtu = 1501\n", DPS_E_INVALID_DATA,
		"[adapter v] mtu = '1501': above the mtu of its lower adapter dps0 (1500)");
	mux_fail(VLAN_LOWER "[adapter v]\nlower = dps0\n", DPS_E_INVALID_PARAMETER,
		"[adapter v] vlan: required key missing for a virtual adapter (lower = dps0)");
	mux_fail(VLAN_LOWER "[adapter v]\nlower = v\nvlan = 5\n", DPS_E_INVALID_DATA,
		"[adapter v] lower = 'v': an adapter cannot sit on itself");
	mux_fail(VLAN_LOWER "vlan = 5\n", DPS_E_INVALID_DATA,
		"[adapter dps0] vlan = '5': only a virtual adapter (one with lower = ADAPTER) "
		"takes vlan");
	mux_fail(VLAN_LOWER "mac = 02:00:00:00:00:01\n", DPS_E_INVALID_DATA,
		"[adapter dps0] mac = '02:00:00:00:00:01': only a virtual adapter");
	mux_fail("[adapter v]\ndevice = net_null1\nvlan = 5\n", DPS_E_INVALID_DATA,
		"[adapter v] vlan = '5': only a virtual adapter");
	mux_fail("[adapter v]\naddress = 203.0.113.2/24\n", DPS_E_INVALID_PARAMETER,
		"[adapter v] device: required key missing");
	/* a dpstack without the mux refuses virtual adapters */
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_fail(load_text(VLAN_LOWER VIF100), DPS_E_NOT_SUPPORTED,
		"[adapter dps0.100] lower = 'dps0': virtual adapters need the vlan protocol (the "
		"mux), which this dpstack does not have");
}

/* ---- docs/GUIDE.md tells the truth ---- */

static char *
read_guide(void)
{
	FILE *f = fopen(DPS_TEST_GUIDE, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Is `name` among the keys the guide lists for a table (joined by ' ')? */
static bool
word_in(const char *words, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(words, name); p != NULL; p = strstr(p + 1, name))
		if ((p == words || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/*
 * The configuration table of the guide: rows "| `[stack]` ... | `key`, `key` | ... |"
 * then "| | `key` | ... |" until the next section. Collect the keys of
 * [stack] and [adapter NAME].
 */
static void
guide_keys(char *guide, char *stack, char *adapter, size_t len)
{
	char *cur = NULL;

	stack[0] = adapter[0] = '\0';
	for (char *line = strtok(guide, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		char *c1, *c2, *end;

		if (strncmp(line, "| ", 2) != 0)
			continue;
		c1 = line + 2;
		c2 = strstr(c1, "| ");
		if (c2 == NULL)
			continue;
		if (strncmp(c1, "`[stack]`", 9) == 0)
			cur = stack;
		else if (strncmp(c1, "`[adapter NAME]`", 16) == 0)
			cur = adapter;
		else if (c1 != c2)
			cur = NULL; /* another section, or another table */
		if (cur == NULL)
			continue;
		c2 += 2;
		end = strstr(c2, " |");
		if (end == NULL)
			continue;
		*end = '\0';
		for (char *p = strchr(c2, '`'); p != NULL; p = strchr(p, '`')) {
			char *q = strchr(p + 1, '`');
			size_t off = strlen(cur);

			if (q == NULL)
				break;
			snprintf(cur + off, len - off, "%s%.*s", off ? " " : "", (int)(q - p - 1),
				p + 1);
			p = q + 1;
		}
	}
}

static void
test_guide_lists_exactly_the_table_keys(void)
{
	char stack[1024], adapter[1024];
	char *guide = read_guide();

	REQUIRE(guide);
	guide_keys(guide, stack, adapter, sizeof(stack));
	free(guide);
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		const char *listed = tables[t].table == DPS_CONFIG_TABLE_STACK ? stack : adapter;
		unsigned int n = 0, words = 1;

		for (const char *p = listed; *p != '\0'; p++)
			words += *p == ' ';
		for (const struct dps_config_field *f;
			(f = dps_config_field_at(tables[t].table, n)); n++) {
			CU_ASSERT(word_in(listed, f->name));
			if (!word_in(listed, f->name))
				fprintf(stderr, "\n  docs/GUIDE.md does not list [%s] %s\n",
					tables[t].sect, f->name);
		}
		/* and nothing else: as many keys listed as the table has */
		CU_ASSERT_EQUAL(words, n);
		if (words != n)
			fprintf(stderr, "\n  docs/GUIDE.md lists [%s] keys '%s'\n", tables[t].sect,
				listed);
	}
}

/*
 * config/default.ini explains the defaults in its comments ("mtu = 1500",
 * "rx_ring = tx_ring = 1024"): each number given there for a key of the
 * tables is the table's default.
 */
static void
test_default_ini_comments_give_the_table_defaults(void)
{
	const char *text = dps_config_default_text();
	unsigned int checked = 0;

	REQUIRE(text);
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (unsigned int i = 0; dps_config_field_at(tables[t].table, i) != NULL; i++) {
			const struct dps_config_field *f = dps_config_field_at(tables[t].table, i);
			size_t n = strlen(f->name);

			if (!is_number(f))
				continue;
			for (const char *p = strstr(text, f->name); p != NULL;
				p = strstr(p + 1, f->name)) {
				const char *q = p + n, *line = p;
				char *end;
				unsigned long v;

				while (line > text && line[-1] != '\n')
					line--;
				if (*line != ';' || (p > text && (isalnum((unsigned char)p[-1]) ||
									 p[-1] == '_')))
					continue; /* not in a comment, or part of a longer name */
				/* "KEY = OTHER = N": skip the other names */
				while (strncmp(q, " = ", 3) == 0 && !isdigit((unsigned char)q[3])) {
					q += 3;
					while (isalnum((unsigned char)*q) || *q == '_')
						q++;
				}
				if (strncmp(q, " = ", 3) != 0 || !isdigit((unsigned char)q[3]))
					continue;
				v = strtoul(q + 3, &end, 10);
				CU_ASSERT_EQUAL(v, f->dflt);
				if (v != f->dflt)
					fprintf(stderr,
						"\n  config/default.ini: %s = %lu, table %u\n",
						f->name, v, f->dflt);
				checked++;
			}
		}
	}
	CU_ASSERT(checked >= 9); /* what the file explains today */
}

/*
 * The error lines the guide shows are the ones the loader writes: each
 * "dpstack: /tmp/X.ini: [SECT] KEY = 'VALUE': ..." line, loaded again.
 */
static void
test_guide_error_examples_are_real(void)
{
	char *guide = read_guide(), *p;
	unsigned int n = 0;

	REQUIRE(guide);
	for (p = strstr(guide, "\ndpstack: /tmp/"); p != NULL;
		p = strstr(p + 1, "\ndpstack: /tmp/")) {
		char line[1024], sect[64], key[64], value[300], text[1200], want[1200];
		char *msg, *nl = strchr(p + 1, '\n');

		if (nl == NULL)
			break;
		snprintf(line, sizeof(line), "%.*s", (int)(nl - p - 1), p + 1);
		msg = strstr(line, ".ini: [");
		if (msg == NULL)
			continue;
		msg += 6; /* "[SECT] KEY = 'VALUE': ..." */
		if (sscanf(msg, "[%63[^]]] %63s = '%299[^']'", sect, key, value) != 3)
			continue;
		if (strncmp(sect, "adapter dps0", 12) == 0)
			snprintf(text, sizeof(text), ADAPTER0 "%s = %s\n", key, value);
		else
			snprintf(text, sizeof(text), ADAPTER0 "[%s]\n%s = %s\n", sect, key, value);
		snprintf(want, sizeof(want), "%s: %s", path, msg);
		CU_ASSERT_NOT_EQUAL(load_text(text), DPS_OK);
		CU_ASSERT_STRING_EQUAL(err, want);
		if (strcmp(err, want) != 0)
			fprintf(stderr, "\n  guide '%s'\n  real  '%s'\n", want, err);
		n++;
	}
	free(guide);
	CU_ASSERT(n >= 4);
}

/* ---- a plugin's [protocol NAME] is checked like a built-in's ---- */

/* What a plugin's descriptor brings: its config_keys, added to the built-ins' schemas. */
static const struct dps_config_key lldp_keys[] = {
	{"tx_interval", DPS_CFG_U32, 1, 3600, "30", "seconds between announcements"},
	{"system_name", DPS_CFG_STRING, 0, 64, NULL,
		"the system name TLV, empty for the host name"},
	{"enabled", DPS_CFG_BOOL, 0, 0, "yes", NULL},
	{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
};

static const struct dps_config_proto_schema with_plugin[] = {
	{"arp", arp_keys}, {"ipv4", ipv4_keys}, {"raw", raw_keys}, {"lldp", lldp_keys},
	{"plain", NULL}, /* a plugin without keys */
};
#define NB_WITH_PLUGIN ((unsigned int)(sizeof(with_plugin) / sizeof(with_plugin[0])))

static int
load_with_plugin(const char *text)
{
	write_file(path, text);
	memset(&cfg, 0x5a, sizeof(cfg));
	memset(err, 0, sizeof(err));
	return dps_config_load_file(path, with_plugin, NB_WITH_PLUGIN, &cfg, err, sizeof(err));
}

static void
test_plugin_protocol_section_is_validated_like_a_builtin(void)
{
	const struct dps_config_protocol *p;
	const char *name = NULL;
	uint32_t v = 0;

	expect_ok(load_with_plugin(ADAPTER0 "[protocol lldp]\nbind = dps0\ntx_interval = 5\n"
					    "[protocol plain]\n[protocol arp]\n"));
	p = dps_config_protocol_find(&cfg, "lldp");
	REQUIRE(p);
	CU_ASSERT_PTR_EQUAL(p->schema, &with_plugin[3]);
	CU_ASSERT_EQUAL(p->bind, DPS_BIND_LIST);
	CU_ASSERT_EQUAL(dps_config_proto_u32(p, "tx_interval", &v), DPS_OK);
	CU_ASSERT_EQUAL(v, 5);
	CU_ASSERT_EQUAL(dps_config_proto_string(p, "system_name", &name), DPS_OK);
	CU_ASSERT_STRING_EQUAL(name, "");
	CU_ASSERT_PTR_NOT_NULL(dps_config_protocol_find(&cfg, "plain"));

	/* the same errors, word for word, as for a built-in */
	expect_exact(load_with_plugin("[protocol lldp]\nttl = 120\n"), DPS_E_NOT_SUPPORTED,
		"[protocol lldp] ttl = '120': unknown key (keys: bind, tx_interval, system_name, "
		"enabled)");
	expect_exact(load_with_plugin("[protocol arp]\nttl = 120\n"), DPS_E_NOT_SUPPORTED,
		"[protocol arp] ttl = '120': unknown key (keys: bind, cache_size, cache_timeout, "
		"gratuitous)");
	expect_exact(load_with_plugin("[protocol plain]\nttl = 120\n"), DPS_E_NOT_SUPPORTED,
		"[protocol plain] ttl = '120': unknown key (keys: bind)");
	expect_exact(load_with_plugin("[protocol lldp]\ntx_interval = 0\n"), DPS_E_INVALID_DATA,
		"[protocol lldp] tx_interval = '0': must be 1..3600; tx_interval: seconds between "
		"announcements (default 30)");
	expect_exact(load_with_plugin("[protocol arp]\ncache_size = 8\n"), DPS_E_INVALID_DATA,
		"[protocol arp] cache_size = '8': must be 16..65536; cache_size: ARP cache entries "
		"per adapter (default 1024)");
	expect_exact(load_with_plugin("[protocol lldp]\ntx_interval = soon\n"), DPS_E_INVALID_DATA,
		"[protocol lldp] tx_interval = 'soon': not a decimal number (must be 1..3600); "
		"tx_interval: seconds between announcements (default 30)");
	/* a key without help: the reason alone */
	expect_exact(load_with_plugin("[protocol lldp]\nenabled = maybe\n"), DPS_E_INVALID_DATA,
		"[protocol lldp] enabled = 'maybe': not a boolean (must be yes/no, true/false, "
		"on/off or 1/0)");
	expect_exact(load_with_plugin(ADAPTER0 "[protocol lldp]\nbind = dps1\n"),
		DPS_E_INVALID_DATA,
		"[protocol lldp] bind = 'dps1': no [adapter dps1] in this file; bind: the adapters "
		"it binds to, all, none or adapter names, comma-separated (default all)");
	expect_exact(load_with_plugin("[protocol lldp]\n[protocol lldp]\n"), DPS_E_EXISTS,
		"[protocol lldp]: duplicate section");
	expect_exact(load_with_plugin("[protocol lldp]\ntx_interval = 1\ntx_interval = 2\n"),
		DPS_E_EXISTS,
		"[protocol lldp] tx_interval = '2': key given twice in this section (first value "
		"'1')");
	/* without the plugin, its section is an unknown protocol */
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text("[protocol lldp]\ntx_interval = 5\n"), DPS_E_NOT_SUPPORTED,
		"[protocol lldp]: unknown protocol 'lldp' (known: arp, ipv4, raw; a plugin's "
		"protocol is known once its plugin is in [stack] plugins or given with --plugin)");
}

static void
expect_schema_check(const struct dps_config_key *keys, const char *name, const char *want)
{
	struct dps_config_proto_schema s = {name, keys};
	char e[256];

	memset(e, 0, sizeof(e));
	CU_ASSERT_EQUAL(dps_config_schema_check(&s, e, sizeof(e)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(e, want);
}

static void
test_schema_check_of_one_plugin(void)
{
	static const struct dps_config_key bad_default[] = {
		{"tx_interval", DPS_CFG_U32, 1, 3600, "0", NULL},
		{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
	};
	static const struct dps_config_key reserved[] = {
		{"bind", DPS_CFG_BOOL, 0, 0, "no", NULL},
		{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
	};
	static const struct dps_config_key no_default[] = {
		{"tx_interval", DPS_CFG_U32, 1, 3600, NULL, NULL},
		{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
	};
	static const struct dps_config_key long_string[] = {
		{"name", DPS_CFG_STRING, 0, 255, NULL, NULL},
		{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
	};
	struct dps_config_proto_schema ok = {"lldp", lldp_keys};
	struct dps_config_proto_schema none = {"plain", NULL};
	char e[256] = "x";

	CU_ASSERT_EQUAL(dps_config_schema_check(&ok, e, sizeof(e)), DPS_OK);
	CU_ASSERT_EQUAL(dps_config_schema_check(&none, NULL, 0), DPS_OK);
	for (unsigned int i = 0; i < NB_SCHEMAS; i++)
		CU_ASSERT_EQUAL(dps_config_schema_check(&schemas[i], NULL, 0), DPS_OK);
	expect_schema_check(bad_default, "lldp",
		"protocol schema 'lldp': key 'tx_interval': default '0': must be 1..3600");
	expect_schema_check(reserved, "lldp",
		"protocol schema 'lldp': key 0: name 'bind' is empty, too long or reserved");
	expect_schema_check(
		no_default, "lldp", "protocol schema 'lldp': key 'tx_interval': no default");
	expect_schema_check(long_string, "lldp",
		"protocol schema 'lldp': key 'name': length bounds 0..255 (at most 254)");
	expect_schema_check(NULL, "an lldp agent",
		"protocol schema 'an lldp agent': name must be 1..15 characters of A-Z a-z 0-9 _ "
		". -");
	expect_schema_check(NULL, NULL,
		"protocol schema '(null)': name must be 1..15 characters of A-Z a-z 0-9 _ . -");
	CU_ASSERT_EQUAL(dps_config_schema_check(NULL, e, sizeof(e)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(e, "no schema");
}

/* ---- [stack] plugins ---- */

/* the documentation line of the key, from the table, that ends its error lines */
#define PLUGINS_DOC                                                                                \
	"; plugins: protocol plugins to load, shared object paths, comma-separated, each once, "   \
	"up to 16 with --plugin"

static void
test_plugins_are_read_in_order(void)
{
	expect_ok(load_text("[stack]\nplugins = /opt/a.so,  ./b.so ,/x y/c.so\n"));
	CU_ASSERT_EQUAL_FATAL(cfg.stack.nb_plugins, 3);
	CU_ASSERT_STRING_EQUAL(cfg.stack.plugins[0], "/opt/a.so");
	CU_ASSERT_STRING_EQUAL(cfg.stack.plugins[1], "./b.so");
	CU_ASSERT_STRING_EQUAL(cfg.stack.plugins[2], "/x y/c.so");
	/* empty: none, as when the key is left out */
	expect_ok(load_text("[stack]\nplugins =\n"));
	CU_ASSERT_EQUAL(cfg.stack.nb_plugins, 0);
	expect_ok(load_text(""));
	CU_ASSERT_EQUAL(cfg.stack.nb_plugins, 0);
}

static void
test_sixteen_plugins_are_accepted_seventeen_are_not(void)
{
	char list[256], text[600];
	size_t off = 0;

	for (int i = 0; i < DPS_CONFIG_MAX_PLUGINS; i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s/p%d", i ? "," : "", i);
	snprintf(text, sizeof(text), "[stack]\nplugins = %s\n", list);
	expect_ok(load_text(text));
	CU_ASSERT_EQUAL_FATAL(cfg.stack.nb_plugins, 16);
	CU_ASSERT_STRING_EQUAL(cfg.stack.plugins[15], "/p15");

	snprintf(text, sizeof(text), "[stack]\nplugins = %s,/p16\n", list);
	memset(&cfg, 0x5a, sizeof(cfg));
	CU_ASSERT_EQUAL(load_text(text), DPS_E_RESOURCES);
	snprintf(text, sizeof(text),
		"%s: [stack] plugins = '%s,/p16': '/p16': more than 16 plugins" PLUGINS_DOC, path,
		list);
	CU_ASSERT_STRING_EQUAL(err, text);
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
}

static void
test_bad_plugin_lists(void)
{
	char text[400], want[600];

	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text("[stack]\nplugins = /a.so,,/b.so\n"), DPS_E_INVALID_DATA,
		"[stack] plugins = '/a.so,,/b.so': empty list element" PLUGINS_DOC);
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text("[stack]\nplugins = /a.so,\n"), DPS_E_INVALID_DATA,
		"[stack] plugins = '/a.so,': empty list element" PLUGINS_DOC);
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text("[stack]\nplugins = ,\n"), DPS_E_INVALID_DATA,
		"[stack] plugins = ',': empty list element" PLUGINS_DOC);
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text("[stack]\nplugins = /a.so, /b.so, /a.so\n"), DPS_E_EXISTS,
		"[stack] plugins = '/a.so, /b.so, /a.so': '/a.so': listed twice" PLUGINS_DOC);
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_exact(load_text("[stack]\nplugins = /a.so\nplugins = /b.so\n"), DPS_E_EXISTS,
		"[stack] plugins = '/b.so': key given twice in this section (first value "
		"'/a.so')");
	/* a value (so a path) is at most 254 characters in a file */
	memset(text, 'p', sizeof(text));
	memcpy(text, "[stack]\nplugins = /", 19);
	memcpy(text + 18 + 255, "\n", 2);
	memset(&cfg, 0x5a, sizeof(cfg));
	snprintf(want, sizeof(want), "[stack] plugins = '%.255s': value longer than 254 characters",
		text + 18);
	expect_exact(load_text(text), DPS_E_INVALID_DATA, want);
}

/* dps_config_load_stack: [stack] alone, before the plugins' schemas are known */
static void
test_load_stack_reads_only_the_stack_section(void)
{
	static const char text[] = "[stack]\nplugins = /opt/lldp.so\nmbufs = 4096\n"
				   "[protocol lldp]\ntx_interval = 5\n" ADAPTER0;
	char want[512];

	write_file(path, text);
	CU_ASSERT_EQUAL(dps_config_load_stack(path, &cfg, err, sizeof(err)), DPS_OK);
	CU_ASSERT_EQUAL_FATAL(cfg.stack.nb_plugins, 1);
	CU_ASSERT_STRING_EQUAL(cfg.stack.plugins[0], "/opt/lldp.so");
	CU_ASSERT_EQUAL(cfg.stack.mbufs, 4096);
	CU_ASSERT_EQUAL(cfg.nb_adapters, 0);
	CU_ASSERT_EQUAL(cfg.nb_protocols, 0);
	/* the whole file: [protocol lldp] needs the plugin's schema */
	memset(err, 0, sizeof(err));
	CU_ASSERT_EQUAL(dps_config_load_file(path, schemas, NB_SCHEMAS, &cfg, err, sizeof(err)),
		DPS_E_NOT_SUPPORTED);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "[protocol lldp]: unknown protocol 'lldp'"));

	/* errors of [stack] and of the syntax are its errors */
	write_file(path, "[stack]\nplugins = /a.so,\n[protocol x]\n");
	snprintf(want, sizeof(want), "%s: [stack] plugins = '/a.so,': empty list element", path);
	memset(&cfg, 0x5a, sizeof(cfg));
	CU_ASSERT_EQUAL(dps_config_load_stack(path, &cfg, err, sizeof(err)), DPS_E_INVALID_DATA);
	/* and the key's documentation line after it, as in a full load */
	CU_ASSERT_EQUAL(strncmp(err, want, strlen(want)), 0);
	CU_ASSERT_EQUAL(memcmp(&cfg, &zero_cfg, sizeof(cfg)), 0);
	write_file(path, "[stack]\nmbufs 5\n");
	CU_ASSERT_EQUAL(dps_config_load_stack(path, &cfg, err, sizeof(err)), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(
		dps_config_load_stack(NULL, &cfg, err, sizeof(err)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(
		dps_config_load_stack(path, NULL, err, sizeof(err)), DPS_E_INVALID_PARAMETER);
	snprintf(want, sizeof(want), "%s/none.ini", tmpdir);
	CU_ASSERT_EQUAL(dps_config_load_stack(want, &cfg, err, sizeof(err)), DPS_E_NOT_FOUND);
}

static void
test_plugin_add(void)
{
	char reason[64], p[DPS_CONFIG_PLUGIN_PATH_LEN + 1];

	expect_ok(load_text("[stack]\nplugins = /a.so\n"));
	CU_ASSERT_EQUAL(dps_config_plugin_add(&cfg, "/b.so", reason, sizeof(reason)), DPS_OK);
	CU_ASSERT_EQUAL_FATAL(cfg.stack.nb_plugins, 2);
	CU_ASSERT_STRING_EQUAL(cfg.stack.plugins[1], "/b.so");

	CU_ASSERT_EQUAL(dps_config_plugin_add(&cfg, "/a.so", reason, sizeof(reason)), DPS_E_EXISTS);
	CU_ASSERT_STRING_EQUAL(reason, "listed twice");
	CU_ASSERT_EQUAL(
		dps_config_plugin_add(&cfg, "", reason, sizeof(reason)), DPS_E_INVALID_DATA);
	CU_ASSERT_STRING_EQUAL(reason, "empty path");
	/* 255 bytes fit, 256 do not */
	memset(p, 'x', sizeof(p));
	p[0] = '/';
	p[DPS_CONFIG_PLUGIN_PATH_LEN] = '\0';
	CU_ASSERT_EQUAL(dps_config_plugin_add(&cfg, p, reason, sizeof(reason)), DPS_E_INVALID_DATA);
	CU_ASSERT_STRING_EQUAL(reason, "path longer than 255 bytes");
	p[DPS_CONFIG_PLUGIN_PATH_LEN - 1] = '\0';
	CU_ASSERT_EQUAL(dps_config_plugin_add(&cfg, p, reason, sizeof(reason)), DPS_OK);
	CU_ASSERT_EQUAL(strlen(cfg.stack.plugins[2]), DPS_CONFIG_PLUGIN_PATH_LEN - 1);
	CU_ASSERT_EQUAL(cfg.stack.nb_plugins, 3);
	CU_ASSERT_EQUAL(dps_config_plugin_add(NULL, "/c.so", reason, sizeof(reason)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_config_plugin_add(&cfg, NULL, NULL, 0), DPS_E_INVALID_PARAMETER);
	for (int i = 3; i < DPS_CONFIG_MAX_PLUGINS; i++) {
		snprintf(p, sizeof(p), "/q%d.so", i);
		CU_ASSERT_EQUAL(dps_config_plugin_add(&cfg, p, NULL, 0), DPS_OK);
	}
	CU_ASSERT_EQUAL(cfg.stack.nb_plugins, DPS_CONFIG_MAX_PLUGINS);
	CU_ASSERT_EQUAL(
		dps_config_plugin_add(&cfg, "/z.so", reason, sizeof(reason)), DPS_E_RESOURCES);
	CU_ASSERT_STRING_EQUAL(reason, "more than 16 plugins");
	CU_ASSERT_EQUAL(cfg.stack.nb_plugins, DPS_CONFIG_MAX_PLUGINS);
}

static void
test_failure_message_names_the_file_section_key_and_value(void)
{
	/* the example in the documentation, word for word */
	memset(&cfg, 0x5a, sizeof(cfg));
	expect_fail(load_text(ADAPTER0 "rx_queues = 0\n"), DPS_E_INVALID_DATA, "");
	CU_ASSERT_EQUAL(strncmp(err, path, strlen(path)), 0);
	CU_ASSERT_STRING_EQUAL(err + strlen(path),
		": [adapter dps0] rx_queues = '0': must be 1..16; rx_queues: receive queues, more "
		"than one turns RSS on (default 1)");
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_default_loads_with_the_documented_values),
	DPS_TEST(test_default_text_is_config_default_ini),
	DPS_TEST(test_default_needs_the_arp_and_ipv4_schemas),
	DPS_TEST(test_every_example_loads),
	DPS_TEST(test_empty_file_gives_the_defaults),
	DPS_TEST(test_stack_keys_are_read),
	DPS_TEST(test_adapter_keys_are_read),
	DPS_TEST(test_sixteen_adapters_are_accepted),
	DPS_TEST(test_bind_policies),
	DPS_TEST(test_protocol_keys_given_and_default),
	DPS_TEST(test_every_boolean_spelling),
	DPS_TEST(test_string_keys),
	DPS_TEST(test_getters_reject_bad_arguments),
	DPS_TEST(test_find_functions),
	DPS_TEST(test_format_ipv4),
	DPS_TEST(test_stack_key_edges),
	DPS_TEST(test_adapter_key_edges),
	DPS_TEST(test_protocol_key_edges),
	DPS_TEST(test_null_arguments),
	DPS_TEST(test_missing_file_is_not_found),
	DPS_TEST(test_directory_is_not_found),
	DPS_TEST(test_unreadable_file_is_not_found),
	DPS_TEST(test_short_error_buffer_is_truncated),
	DPS_TEST(test_bad_schema_tables_are_rejected),
	DPS_TEST(test_failure_message_names_the_file_section_key_and_value),
	DPS_TEST(test_section_without_closing_bracket),
	DPS_TEST(test_text_after_section_header),
	DPS_TEST(test_line_without_equals_sign),
	DPS_TEST(test_hash_comment_is_not_a_comment),
	DPS_TEST(test_key_before_any_section),
	DPS_TEST(test_line_too_long),
	DPS_TEST(test_value_too_long),
	DPS_TEST(test_unknown_section),
	DPS_TEST(test_stack_section_with_a_name),
	DPS_TEST(test_section_kind_is_case_sensitive),
	DPS_TEST(test_unknown_protocol),
	DPS_TEST(test_duplicate_stack_section),
	DPS_TEST(test_duplicate_adapter_section),
	DPS_TEST(test_duplicate_protocol_section),
	DPS_TEST(test_adapter_without_name),
	DPS_TEST(test_adapter_name_bad_character),
	DPS_TEST(test_adapter_name_with_blank),
	DPS_TEST(test_adapter_name_too_long),
	DPS_TEST(test_adapter_name_reserved),
	DPS_TEST(test_seventeen_adapters),
	DPS_TEST(test_unknown_stack_key),
	DPS_TEST(test_unknown_adapter_key),
	DPS_TEST(test_virtual_adapters_load),
	DPS_TEST(test_virtual_adapter_refusals),
	DPS_TEST(test_unknown_protocol_key),
	DPS_TEST(test_key_name_is_case_sensitive),
	DPS_TEST(test_key_given_twice),
	DPS_TEST(test_stack_key_given_twice),
	DPS_TEST(test_protocol_key_given_twice),
	DPS_TEST(test_device_missing),
	DPS_TEST(test_number_empty),
	DPS_TEST(test_number_trailing_garbage),
	DPS_TEST(test_number_negative),
	DPS_TEST(test_number_with_plus_sign),
	DPS_TEST(test_number_hex),
	DPS_TEST(test_number_inner_blank),
	DPS_TEST(test_number_overflow_u32),
	DPS_TEST(test_number_overflow_u64),
	DPS_TEST(test_number_wraps_u16),
	DPS_TEST(test_ring_not_power_of_two),
	DPS_TEST(test_bool_bad),
	DPS_TEST(test_bool_empty),
	DPS_TEST(test_device_empty),
	DPS_TEST(test_device_not_net),
	DPS_TEST(test_device_net_alone),
	DPS_TEST(test_device_with_blank),
	DPS_TEST(test_device_pci_function_8),
	DPS_TEST(test_device_pci_device_0x20),
	DPS_TEST(test_device_pci_short_bus),
	DPS_TEST(test_device_pci_not_hex),
	DPS_TEST(test_device_twice_vdev),
	DPS_TEST(test_device_twice_pci_short_and_long),
	DPS_TEST(test_lcores_zero),
	DPS_TEST(test_lcores_128),
	DPS_TEST(test_lcores_duplicate),
	DPS_TEST(test_lcores_backwards),
	DPS_TEST(test_lcores_trailing_comma),
	DPS_TEST(test_lcores_garbage),
	DPS_TEST(test_lcores_word),
	DPS_TEST(test_lcores_negative),
	DPS_TEST(test_lcores_open_range),
	DPS_TEST(test_address_without_prefix),
	DPS_TEST(test_address_prefix_0),
	DPS_TEST(test_address_prefix_33),
	DPS_TEST(test_address_prefix_garbage),
	DPS_TEST(test_address_three_octets),
	DPS_TEST(test_address_octet_256),
	DPS_TEST(test_address_leading_zero),
	DPS_TEST(test_address_unspecified),
	DPS_TEST(test_address_loopback),
	DPS_TEST(test_address_this_network),
	DPS_TEST(test_nul_and_control_bytes_name_their_line),
	DPS_TEST(test_file_size_limit),
	DPS_TEST(test_fifo_and_device_are_refused_at_once),
	DPS_TEST(test_file_name_is_escaped),
	DPS_TEST(test_escape),
	DPS_TEST(test_address_multicast),
	DPS_TEST(test_address_limited_broadcast),
	DPS_TEST(test_address_network),
	DPS_TEST(test_address_broadcast),
	DPS_TEST(test_address_broadcast_30),
	DPS_TEST(test_address_duplicate),
	DPS_TEST(test_address_empty_element),
	DPS_TEST(test_address_nine),
	DPS_TEST(test_bind_unknown_adapter),
	DPS_TEST(test_bind_empty),
	DPS_TEST(test_bind_duplicate),
	DPS_TEST(test_bind_all_and_names),
	DPS_TEST(test_bind_upper_case_all),
	DPS_TEST(test_socket_too_long),
	DPS_TEST(test_tables_are_well_formed),
	DPS_TEST(test_defaults_applied_match_the_table),
	DPS_TEST(test_each_key_out_of_range_and_wrong_type),
	DPS_TEST(test_unknown_key_lists_the_table),
	DPS_TEST(test_guide_lists_exactly_the_table_keys),
	DPS_TEST(test_guide_error_examples_are_real),
	DPS_TEST(test_default_ini_comments_give_the_table_defaults),
	DPS_TEST(test_plugin_protocol_section_is_validated_like_a_builtin),
	DPS_TEST(test_schema_check_of_one_plugin),
	DPS_TEST(test_plugins_are_read_in_order),
	DPS_TEST(test_sixteen_plugins_are_accepted_seventeen_are_not),
	DPS_TEST(test_bad_plugin_lists),
	DPS_TEST(test_load_stack_reads_only_the_stack_section),
	DPS_TEST(test_plugin_add),
};

DPS_TEST_MAIN("config", cases, suite_init, suite_clean)
