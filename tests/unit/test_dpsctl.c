/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dpsctl's command-line parser (exact exit codes and messages), its value
 * parsers, its OID names and printers, and lib/oid's catalogue itself,
 * which dpsctl compiles in: built here as dpsctl is, without DPDK.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dps_oid_catalogue.h"
#include "dps_test.h"
#include "dpsctl.h"
#include "dpsctl_oid.h"
#include "dpsctl_parse.h"

static struct dpsctl_args args;
static char err[256];

/* Parse a command line given as one string (words split on spaces; '_' stands for an empty word).
 */
static int
parse(const char *line)
{
	static char copy[24000];
	char *argv[64];
	int argc = 0;

	snprintf(copy, sizeof(copy), "dpsctl %s", line);
	for (char *w = strtok(copy, " "); w != NULL && argc < 63; w = strtok(NULL, " "))
		argv[argc++] = strcmp(w, "_") == 0 ? w + 1 : w;
	argv[argc] = NULL;
	return dpsctl_parse(argc, argv, &args, err, sizeof(err));
}

#define USAGE(line, msg)                                                                           \
	do {                                                                                       \
		CU_ASSERT_EQUAL(parse(line), DPSCTL_EXIT_USAGE);                                   \
		CU_ASSERT_STRING_EQUAL(err, msg);                                                  \
	} while (0)

static void
test_usage_errors(void)
{
	USAGE("", "dpsctl: no command given (see dpsctl --help)");
	USAGE("--json", "dpsctl: no command given (see dpsctl --help)");
	USAGE("frobnicate", "dpsctl: unknown command 'frobnicate' (see dpsctl --help)");
	USAGE("adapters --bogus", "dpsctl: unknown option '--bogus'");
	USAGE("adapters -x", "dpsctl: unknown option '-x'");
	USAGE("adapters extra", "dpsctl: adapters: unexpected argument 'extra'");
	USAGE("recv", "dpsctl: recv: missing ADAPTER");
	USAGE("send --ethertype 0x88b5 --dst 02:00:00:00:00:01", "dpsctl: send: missing ADAPTER");
	USAGE("watch", "dpsctl: watch: missing ADAPTER");
	USAGE("oid", "dpsctl: oid: missing 'query' or 'set'");
	USAGE("oid get dps0 OID_GEN_MTU", "dpsctl: oid: expected 'query' or 'set', not 'get'");
	USAGE("oid query", "dpsctl: oid query: missing ADAPTER");
	USAGE("oid query dps0", "dpsctl: oid query: missing OID");
	USAGE("oid set dps0 OID_DPS_MTU", "dpsctl: oid set: missing VALUE");
	USAGE("oid query dps0 OID_NOPE", "dpsctl: oid query: unknown OID 'OID_NOPE' (a name from "
					 "'dpsctl oids' or a number)");
	USAGE("oid query dps0 0x1g",
		"dpsctl: oid query: unknown OID '0x1g' (a name from 'dpsctl oids' or a number)");
	USAGE("oid set dps0 OID_DPS_MTU 1.5",
		"dpsctl: oid set: bad VALUE '1.5' (N, 0xN, MAC[,MAC...] or hex:BYTES)");
	USAGE("oid set dps0 OID_DPS_MTU hex:123",
		"dpsctl: oid set: bad VALUE 'hex:123' (N, 0xN, MAC[,MAC...] or hex:BYTES)");
	USAGE("recv sixteen-chars-xx --ethertype 0x88b5",
		"dpsctl: recv: bad ADAPTER 'sixteen-chars-xx' (1..15 characters)");
	USAGE("recv _ --ethertype 0x88b5", "dpsctl: recv: bad ADAPTER '' (1..15 characters)");
	USAGE("recv dps0", "dpsctl: recv: missing --ethertype");
	USAGE("recv dps0 --ethertype 0x05ff",
		"dpsctl: recv: bad ethertype '0x05ff' (0x0600..0xffff)");
	USAGE("recv dps0 --ethertype 0x10000",
		"dpsctl: recv: bad ethertype '0x10000' (0x0600..0xffff)");
	USAGE("recv dps0 --ethertype ipv4", "dpsctl: recv: bad ethertype 'ipv4' (0x0600..0xffff)");
	USAGE("recv dps0 --ethertype", "dpsctl: option --ethertype needs a value");
	USAGE("recv dps0 -e 1 -e 2 -e 3 -e 4", "dpsctl: unknown option '-e'");
	USAGE("recv dps0 --ethertype 0x0600 --ethertype 0x0601 --ethertype 0x0602 --ethertype "
	      "0x0603 "
	      "--ethertype 0x0604 --ethertype 0x0605 --ethertype 0x0606 --ethertype 0x0607 "
	      "--ethertype 0x0608",
		"dpsctl: recv: too many --ethertype (at most 8)");
	USAGE("recv dps0 --ethertype 0x88b5 --count 0",
		"dpsctl: recv: bad count '0' (a number >= 1)");
	USAGE("recv dps0 --ethertype 0x88b5 --count -1",
		"dpsctl: recv: bad count '-1' (a number >= 1)");
	USAGE("recv dps0 --ethertype 0x88b5 --count 10x",
		"dpsctl: recv: bad count '10x' (a number >= 1)");
	USAGE("recv dps0 --ethertype 0x88b5 --count 4294967296",
		"dpsctl: recv: bad count '4294967296' (a number >= 1)");
	USAGE("recv dps0 --ethertype 0x88b5 --timeout abc",
		"dpsctl: recv: bad timeout 'abc' (seconds, e.g. 5 or 0.5)");
	USAGE("recv dps0 --ethertype 0x88b5 --timeout 1.2345",
		"dpsctl: recv: bad timeout '1.2345' (seconds, e.g. 5 or 0.5)");
	USAGE("recv dps0 --ethertype 0x88b5 --timeout -1",
		"dpsctl: recv: bad timeout '-1' (seconds, e.g. 5 or 0.5)");
	USAGE("recv dps0 --ethertype 0x88b5 --queue 0",
		"dpsctl: recv: bad queue length '0' (1..65536)");
	USAGE("recv dps0 --ethertype 0x88b5 --queue 65537",
		"dpsctl: recv: bad queue length '65537' (1..65536)");
	USAGE("recv dps0 --ethertype 0x88b5 --pcap=", "dpsctl: recv: --pcap needs a file name");
	USAGE("recv dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:01",
		"dpsctl: recv: option --dst does not apply");
	USAGE("send dps0 --dst 02:00:00:00:00:01", "dpsctl: send: missing --ethertype");
	USAGE("send dps0 --ethertype 0x88b5", "dpsctl: send: missing --dst");
	USAGE("send dps0 --ethertype 0x88b5 --ethertype 0x0800 --dst 02:00:00:00:00:01",
		"dpsctl: send: one --ethertype only");
	USAGE("send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00",
		"dpsctl: send: bad MAC '02:00:00:00:00' for --dst (aa:bb:cc:dd:ee:ff)");
	USAGE("send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:01:02",
		"dpsctl: send: bad MAC '02:00:00:00:00:01:02' for --dst (aa:bb:cc:dd:ee:ff)");
	USAGE("send dps0 --ethertype 0x88b5 --dst zz:00:00:00:00:01",
		"dpsctl: send: bad MAC 'zz:00:00:00:00:01' for --dst (aa:bb:cc:dd:ee:ff)");
	USAGE("send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:01 --src 02-00-00-00-00-01",
		"dpsctl: send: bad MAC '02-00-00-00-00-01' for --src (aa:bb:cc:dd:ee:ff)");
	USAGE("send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:01 --payload abc",
		"dpsctl: send: bad hex in --payload (pairs of hex digits, at most 9608 bytes)");
	USAGE("send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:01 --payload 0xab",
		"dpsctl: send: bad hex in --payload (pairs of hex digits, at most 9608 bytes)");
	USAGE("send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:01 --payload 01:02",
		"dpsctl: send: bad hex in --payload (pairs of hex digits, at most 9608 bytes)");
	USAGE("send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:01 --payload 00 --file f",
		"dpsctl: send: --payload and --file are mutually exclusive");
	USAGE("send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:01 --timeout 1",
		"dpsctl: send: option --timeout does not apply");
	USAGE("watch dps0 --ethertype 0x88b5", "dpsctl: watch: option --ethertype does not apply");
	USAGE("watch dps0 --count x", "dpsctl: watch: bad count 'x' (a number >= 1)");
	USAGE("--socket /tmp/s --file-prefix a adapters",
		"dpsctl: --socket and --file-prefix are mutually exclusive");
	USAGE("adapters --file-prefix a --socket /tmp/s",
		"dpsctl: --socket and --file-prefix are mutually exclusive");
	USAGE("--file-prefix a/b adapters", "dpsctl: bad --file-prefix 'a/b'");
	USAGE("--file-prefix .. adapters", "dpsctl: bad --file-prefix '..'");
	USAGE("--socket= adapters", "dpsctl: bad --socket '' (1..107 bytes)");
	USAGE("--socket", "dpsctl: option --socket needs a value");
	USAGE("--json=1 adapters", "dpsctl: option --json takes no value");
}

static void
test_long_socket_and_payload(void)
{
	static char line[24000];
	char path[120];

	memset(path, 'p', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	snprintf(line, sizeof(line), "--socket %s adapters", path);
	CU_ASSERT_EQUAL(parse(line), DPSCTL_EXIT_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "(1..107 bytes)"));
	/* the largest payload, and one byte more */
	strcpy(line, "send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:01 --payload ");
	for (char *p = line + strlen(line), *end = p + 2 * 9608; p < end; p += 2)
		memcpy(p, "ab", 3);
	CU_ASSERT_EQUAL(parse(line), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.payload_len, 9608u);
	strcat(line, "cd");
	CU_ASSERT_EQUAL(parse(line), DPSCTL_EXIT_USAGE);
}

static void
test_parse_commands(void)
{
	CU_ASSERT_EQUAL(parse("--help"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.cmd, DPSCTL_CMD_HELP);
	CU_ASSERT_EQUAL(parse("recv dps0 -h"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.cmd, DPSCTL_CMD_HELP);
	CU_ASSERT_EQUAL(parse("--version"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.cmd, DPSCTL_CMD_VERSION);

	CU_ASSERT_EQUAL(parse("adapters"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.cmd, DPSCTL_CMD_ADAPTERS);
	CU_ASSERT_PTR_NULL(args.socket);
	CU_ASSERT_PTR_NULL(args.file_prefix);
	CU_ASSERT_EQUAL(args.json, 0);
	/* globals before or after the command, both spellings */
	CU_ASSERT_EQUAL(parse("--socket /tmp/x.sock adapters --json"), DPSCTL_EXIT_OK);
	CU_ASSERT_STRING_EQUAL(args.socket, "/tmp/x.sock");
	CU_ASSERT_EQUAL(args.json, 1);
	CU_ASSERT_EQUAL(parse("adapters --file-prefix=dps1"), DPSCTL_EXIT_OK);
	CU_ASSERT_STRING_EQUAL(args.file_prefix, "dps1");
	CU_ASSERT_EQUAL(parse("oids --json"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.cmd, DPSCTL_CMD_OIDS);

	CU_ASSERT_EQUAL(parse("oid query dps0 OID_802_3_CURRENT_ADDRESS"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.cmd, DPSCTL_CMD_OID_QUERY);
	CU_ASSERT_STRING_EQUAL(args.name, "oid query");
	CU_ASSERT_STRING_EQUAL(args.adapter, "dps0");
	CU_ASSERT_EQUAL(args.oid, 0x01010102u);
	CU_ASSERT_EQUAL(parse("oid query dps0 oid_gen_link_state"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.oid, 0x00010207u);
	CU_ASSERT_EQUAL(parse("oid query dps0 0x12345678"), DPSCTL_EXIT_OK); /* any number */
	CU_ASSERT_EQUAL(args.oid, 0x12345678u);

	CU_ASSERT_EQUAL(parse("oid set dps0 OID_DPS_MTU 9000"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.cmd, DPSCTL_CMD_OID_SET);
	CU_ASSERT_EQUAL(args.value_len, 4u);
	CU_ASSERT_EQUAL(memcmp(args.value, "\x28\x23\0\0", 4), 0);
	CU_ASSERT_EQUAL(
		parse("oid set dps0 OID_802_3_MULTICAST_LIST 01:00:5e:00:00:01,33:33:00:00:00:01"),
		DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.value_len, 12u);
	CU_ASSERT_EQUAL(memcmp(args.value + 6, "\x33\x33\0\0\0\x01", 6), 0);
	CU_ASSERT_EQUAL(parse("oid set dps0 OID_802_3_MULTICAST_LIST hex:"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.value_len, 0u);
	CU_ASSERT_EQUAL(parse("oid set dps0 0x0001010e hex:0b000000"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.oid, 0x0001010Eu);
	CU_ASSERT_EQUAL(args.value_len, 4u);
	CU_ASSERT_EQUAL(args.value[0], 0x0b);

	CU_ASSERT_EQUAL(parse("recv dps0 --ethertype 0x88b5 --ethertype 2054 --filter ether_host "
			      "--count 3 --timeout 2.5 --queue 1000 --pcap /tmp/x.pcap --json"),
		DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.cmd, DPSCTL_CMD_RECV);
	CU_ASSERT_EQUAL(args.nb_types, 2u);
	CU_ASSERT_EQUAL(args.types[0], 0x88b5);
	CU_ASSERT_EQUAL(args.types[1], 0x0806);
	CU_ASSERT_STRING_EQUAL(args.filter, "ether_host");
	CU_ASSERT_EQUAL(args.count, 3u);
	CU_ASSERT_EQUAL(args.has_timeout, 1);
	CU_ASSERT_EQUAL(args.timeout_ms, 2500u);
	CU_ASSERT_EQUAL(args.queue_len, 1000u);
	CU_ASSERT_STRING_EQUAL(args.pcap, "/tmp/x.pcap");
	CU_ASSERT_EQUAL(parse("recv dps0 --ethertype=0xFFFF --timeout 0"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.types[0], 0xffff);
	CU_ASSERT_EQUAL(args.count, 0u); /* until --timeout or Ctrl-C */
	CU_ASSERT_EQUAL(args.timeout_ms, 0u);
	/* "--" ends the options */
	CU_ASSERT_EQUAL(parse("recv --ethertype 0x88b5 -- -odd"), DPSCTL_EXIT_OK);
	CU_ASSERT_STRING_EQUAL(args.adapter, "-odd");

	CU_ASSERT_EQUAL(
		parse("send dps0 --ethertype 0x88b5 --dst FF:ff:ff:ff:ff:ff"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.cmd, DPSCTL_CMD_SEND);
	CU_ASSERT_EQUAL(args.count, 1u); /* default */
	CU_ASSERT_EQUAL(memcmp(args.dst, "\xff\xff\xff\xff\xff\xff", 6), 0);
	CU_ASSERT_EQUAL(args.has_src, 0);
	CU_ASSERT_EQUAL(args.has_payload, 0);
	CU_ASSERT_EQUAL(parse("send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:02 --src "
			      "02:00:00:00:00:01 --payload 00ff10 --count 5"),
		DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.has_src, 1);
	CU_ASSERT_EQUAL(args.payload_len, 3u);
	CU_ASSERT_EQUAL(memcmp(args.payload, "\x00\xff\x10", 3), 0);
	CU_ASSERT_EQUAL(args.count, 5u);
	CU_ASSERT_EQUAL(parse("send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:02 --payload _"),
		DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.has_payload, 1);
	CU_ASSERT_EQUAL(args.payload_len, 0u);
	CU_ASSERT_EQUAL(parse("send dps0 --ethertype 0x88b5 --dst 02:00:00:00:00:02 --file /x"),
		DPSCTL_EXIT_OK);
	CU_ASSERT_STRING_EQUAL(args.file, "/x");

	CU_ASSERT_EQUAL(parse("watch dps0 --count 2 --timeout 10"), DPSCTL_EXIT_OK);
	CU_ASSERT_EQUAL(args.cmd, DPSCTL_CMD_WATCH);
	CU_ASSERT_EQUAL(args.count, 2u);
	CU_ASSERT_EQUAL(args.timeout_ms, 10000u);
}

static void
test_value_parsers(void)
{
	uint8_t mac[6], buf[8];
	uint32_t v, ms;
	uint16_t t;
	size_t n;

	CU_ASSERT_EQUAL(dpsctl_parse_mac("aA:bB:0c:dd:ee:0f", mac), 0);
	CU_ASSERT_EQUAL(memcmp(mac, "\xaa\xbb\x0c\xdd\xee\x0f", 6), 0);
	CU_ASSERT_EQUAL(dpsctl_parse_mac("a:bb:cc:dd:ee:ff", mac), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_mac("aa:bb:cc:dd:ee:ff:", mac), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_mac("", mac), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_hex("", buf, sizeof(buf), &n), 0);
	CU_ASSERT_EQUAL(n, 0u);
	CU_ASSERT_EQUAL(dpsctl_parse_hex("0001020304050607", buf, sizeof(buf), &n), 0);
	CU_ASSERT_EQUAL(n, 8u);
	CU_ASSERT_EQUAL(dpsctl_parse_hex("000102030405060708", buf, sizeof(buf), &n), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_hex("0g", buf, sizeof(buf), &n), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_u32("4294967295", &v), 0);
	CU_ASSERT_EQUAL(v, 0xffffffffu);
	CU_ASSERT_EQUAL(dpsctl_parse_u32("0xffffffff", &v), 0);
	CU_ASSERT_EQUAL(dpsctl_parse_u32("0x", &v), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_u32(" 1", &v), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_u32("+1", &v), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_u32("", &v), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_u32("ff", &v), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_ethertype("0x0600", &t), 0);
	CU_ASSERT_EQUAL(t, 0x0600);
	CU_ASSERT_EQUAL(dpsctl_parse_ethertype("1535", &t), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_seconds("0.001", &ms), 0);
	CU_ASSERT_EQUAL(ms, 1u);
	CU_ASSERT_EQUAL(dpsctl_parse_seconds("2000000", &ms), 0);
	CU_ASSERT_EQUAL(ms, 2000000000u);
	CU_ASSERT_EQUAL(dpsctl_parse_seconds("2000001", &ms), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_seconds("1.", &ms), -1);
	CU_ASSERT_EQUAL(dpsctl_parse_seconds(".5", &ms), -1);
}

/* ---- the OID table ---- */

static void
test_oid_names_come_from_the_catalogue(void)
{
	unsigned int n;
	const struct dps_oid_info *cat = dps_oid_catalogue(&n);
	char lower[64];
	uint32_t code;

	CU_ASSERT(n >= 30);
	for (unsigned int i = 0; i < n; i++) {
		size_t l = strlen(cat[i].name);

		CU_ASSERT_EQUAL(dpsctl_oid_parse(cat[i].name, &code), 0);
		CU_ASSERT_EQUAL(code, cat[i].oid);
		/* names in any case */
		CU_ASSERT_FATAL(l < sizeof(lower));
		for (size_t k = 0; k <= l; k++)
			lower[k] = (char)(cat[i].name[k] >= 'A' && cat[i].name[k] <= 'Z'
						  ? cat[i].name[k] - 'A' + 'a'
						  : cat[i].name[k]);
		code = 0;
		CU_ASSERT_EQUAL(dpsctl_oid_parse(lower, &code), 0);
		CU_ASSERT_EQUAL(code, cat[i].oid);
	}
	CU_ASSERT_EQUAL(dpsctl_oid_parse("0x01010102", &code), 0);
	CU_ASSERT_EQUAL(code, OID_802_3_CURRENT_ADDRESS);
	CU_ASSERT_EQUAL(dpsctl_oid_parse("OID_NOPE", &code), -1);
	CU_ASSERT_EQUAL(dpsctl_oid_parse("0x1z", &code), -1);
	CU_ASSERT_STRING_EQUAL(dpsctl_oid_ops(dps_oid_lookup(OID_DPS_MTU)), "query,set");
	CU_ASSERT_STRING_EQUAL(dpsctl_oid_ops(dps_oid_lookup(OID_GEN_XMIT_OK)), "query");
	CU_ASSERT_STRING_EQUAL(dpsctl_oid_ops(dps_oid_lookup(OID_DPS_ADAPTER_REMOVE)), "set");
}

/* The catalogue is one table: each entry says the same thing once. */
static void
test_catalogue_entries_are_consistent(void)
{
	static const struct {
		enum dps_oid_value value;
		uint32_t size;
	} fixed[] = {
		{DPS_OID_VALUE_U32, 4},
		{DPS_OID_VALUE_U16, 2},
		{DPS_OID_VALUE_COUNTER, 8},
		{DPS_OID_VALUE_MAC, 6},
		{DPS_OID_VALUE_LINK_STATE, sizeof(struct dps_oid_link_state)},
		{DPS_OID_VALUE_STATISTICS, sizeof(struct dps_oid_statistics)},
		{DPS_OID_VALUE_RSS_CAPS, sizeof(struct dps_oid_rss_caps)},
		{DPS_OID_VALUE_RSS_PARAMS, sizeof(struct dps_oid_rss_params)},
	};
	unsigned int n;
	const struct dps_oid_info *cat = dps_oid_catalogue(&n);

	for (unsigned int i = 0; i < n; i++) {
		const struct dps_oid_info *e = &cat[i];
		int q = (e->ops & DPS_OID_OP_QUERY) != 0, st = (e->ops & DPS_OID_OP_SET) != 0;

		CU_ASSERT_PTR_EQUAL(dps_oid_lookup(e->oid), e);	      /* codes are unique */
		CU_ASSERT_PTR_EQUAL(dps_oid_lookup_name(e->name), e); /* names too */
		CU_ASSERT_EQUAL(strncmp(e->name, "OID_", 4), 0);
		/* what a request may do = who answers it */
		CU_ASSERT_EQUAL(q, e->query != DPS_OID_QUERY_NONE);
		CU_ASSERT_EQUAL(st, e->set != DPS_OID_SET_NONE);
		CU_ASSERT_EQUAL(e->ops & DPS_OID_OP_METHOD, 0u);
		if (!st) {
			CU_ASSERT_EQUAL(e->set_size, 0u);
			CU_ASSERT_EQUAL(e->client_set, 0);
			CU_ASSERT_EQUAL(e->port_change, 0);
		}
		if (!q)
			CU_ASSERT_EQUAL(e->query_size, 0u);
		/* needs_stop is a kind of port change; only adapter sets change the port */
		if (e->needs_stop)
			CU_ASSERT(e->port_change);
		if (e->port_change)
			CU_ASSERT_EQUAL(e->set, DPS_OID_SET_ADAPTER);
		/* fixed-size values say their size; variable ones say 0 */
		for (size_t k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
			if (q && e->value == fixed[k].value)
				CU_ASSERT_EQUAL(e->query_size, fixed[k].size);
		if (e->value == DPS_OID_VALUE_OID_LIST || e->value == DPS_OID_VALUE_STRING ||
			e->value == DPS_OID_VALUE_MAC_LIST || e->value == DPS_OID_VALUE_QUEUE_STATS)
			CU_ASSERT_EQUAL(e->query_size, 0u);
	}
	CU_ASSERT_PTR_NULL(dps_oid_lookup(0x12345678u));
	CU_ASSERT_PTR_NULL(dps_oid_lookup_name("OID_NOPE"));
	CU_ASSERT_PTR_NULL(dps_oid_lookup_name(NULL));
	CU_ASSERT_PTR_NOT_NULL(dps_oid_catalogue(NULL));
	/* the structures dpsctl decodes field by field: the wire layout */
	CU_ASSERT_EQUAL(sizeof(struct dps_oid_link_state), 24u);
	CU_ASSERT_EQUAL(sizeof(struct dps_oid_statistics), 64u);
	CU_ASSERT_EQUAL(sizeof(struct dps_oid_queue_stats), 40u);
	CU_ASSERT_EQUAL(sizeof(struct dps_oid_rss_caps), 24u);
	CU_ASSERT_EQUAL(offsetof(struct dps_oid_rss_caps, hash_functions), 16u);
	CU_ASSERT_EQUAL(sizeof(struct dps_oid_rss_params), 72u);
	CU_ASSERT_EQUAL(offsetof(struct dps_oid_rss_params, key), 16u);
	CU_ASSERT_EQUAL(offsetof(struct dps_oid_link_state, xmit_link_speed), 8u);
}

static char out[2048];

static const char *
print(uint32_t code, const void *d, uint32_t len, int json)
{
	FILE *f;

	memset(out, 0, sizeof(out));
	f = fmemopen(out, sizeof(out), "w");

	dpsctl_oid_print(f, code, d, len, json);
	fclose(f);
	return out;
}

static void
test_oid_print(void)
{
	struct dps_oid_link_state ls = {1, 2, 10000000000ull, 1000000000ull};
	struct dps_oid_statistics st = {1, 2, 3, 4, 5, 6, 7, 8};
	struct dps_oid_queue_stats qs[2] = {{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}};
	struct dps_oid_rss_caps rc = {4, 128, 40, 0x38d34};
	struct dps_oid_rss_params rp = {0x104, 2, 2, {0xab, 0xcd}};
	uint32_t list[3] = {OID_GEN_LINK_STATE, OID_802_3_CURRENT_ADDRESS, 0xdeadbeef};
	uint64_t big = 5000000000ull;

	CU_ASSERT_STRING_EQUAL(print(OID_802_3_CURRENT_ADDRESS, "\x02\0\0\xaa\xbb\xcc", 6, 0),
		"02:00:00:aa:bb:cc");
	CU_ASSERT_STRING_EQUAL(print(OID_802_3_CURRENT_ADDRESS, "\x02\0\0\xaa\xbb\xcc", 6, 1),
		"\"02:00:00:aa:bb:cc\"");
	CU_ASSERT_STRING_EQUAL(print(OID_802_3_CURRENT_ADDRESS, "\x02\0\0", 3, 0), "020000");
	CU_ASSERT_STRING_EQUAL(print(OID_DPS_MTU, "\xdc\x05\0\0", 4, 0), "1500");
	CU_ASSERT_STRING_EQUAL(print(OID_DPS_MTU, "\xdc\x05\0\0", 4, 1), "1500");
	CU_ASSERT_STRING_EQUAL(print(OID_GEN_XMIT_OK, &big, 8, 0), "5000000000");
	CU_ASSERT_STRING_EQUAL(print(OID_GEN_XMIT_OK, "\x07\0\0\0", 4, 0), "7");
	CU_ASSERT_STRING_EQUAL(print(OID_GEN_DRIVER_VERSION, "\x0b\x16", 2, 0), "0x160b");
	CU_ASSERT_STRING_EQUAL(print(OID_GEN_VENDOR_DESCRIPTION, "net_tap\0", 8, 0), "net_tap");
	CU_ASSERT_STRING_EQUAL(
		print(OID_GEN_VENDOR_DESCRIPTION, "a\"b\n", 4, 1), "\"a\\\"b\\u000a\"");
	CU_ASSERT_STRING_EQUAL(print(OID_802_3_MULTICAST_LIST, "", 0, 0), "");
	CU_ASSERT_STRING_EQUAL(print(OID_802_3_MULTICAST_LIST, "", 0, 1), "[]");
	CU_ASSERT_STRING_EQUAL(
		print(OID_802_3_MULTICAST_LIST, "\x01\0\x5e\0\0\x01\x33\x33\0\0\0\x01", 12, 1),
		"[\"01:00:5e:00:00:01\",\"33:33:00:00:00:01\"]");
	CU_ASSERT_STRING_EQUAL(print(OID_GEN_SUPPORTED_LIST, list, 12, 0),
		"OID_GEN_LINK_STATE OID_802_3_CURRENT_ADDRESS 0xdeadbeef");
	CU_ASSERT_STRING_EQUAL(print(OID_GEN_LINK_STATE, &ls, sizeof(ls), 0),
		"media_connect_state=1 duplex=2 xmit_link_speed=10000000000 "
		"rcv_link_speed=1000000000");
	CU_ASSERT_STRING_EQUAL(print(OID_GEN_LINK_STATE, &ls, sizeof(ls), 1),
		"{\"media_connect_state\":1,\"duplex\":2,\"xmit_link_speed\":10000000000,"
		"\"rcv_link_speed\":1000000000}");
	CU_ASSERT_STRING_EQUAL(print(OID_GEN_STATISTICS, &st, sizeof(st), 0),
		"rcv_ok=1 xmit_ok=2 rcv_bytes=3 xmit_bytes=4 rcv_error=5 xmit_error=6 "
		"rcv_discards=7 "
		"rcv_no_buffer=8");
	CU_ASSERT_STRING_EQUAL(print(OID_DPS_QUEUE_STATS, qs, sizeof(qs), 0),
		"queue0: ipackets=1 opackets=2 ibytes=3 obytes=4 errors=5; "
		"queue1: ipackets=6 opackets=7 ibytes=8 obytes=9 errors=10");
	CU_ASSERT_STRING_EQUAL(print(OID_DPS_QUEUE_STATS, qs, sizeof(qs), 1),
		"[{\"ipackets\":1,\"opackets\":2,\"ibytes\":3,\"obytes\":4,\"errors\":5},"
		"{\"ipackets\":6,\"opackets\":7,\"ibytes\":8,\"obytes\":9,\"errors\":10}]");
	CU_ASSERT_STRING_EQUAL(print(OID_GEN_RECEIVE_SCALE_CAPABILITIES, &rc, sizeof(rc), 0),
		"nb_rx_queues_max=4 reta_size=128 hash_key_size=40 hash_functions=0x38d34");
	CU_ASSERT_STRING_EQUAL(print(OID_GEN_RECEIVE_SCALE_PARAMETERS, &rp, sizeof(rp), 1),
		"{\"hash_functions\":\"0x104\",\"nb_rx_queues\":2,\"key\":\"abcd\"}");
	/* unknown OIDs and odd sizes: hex */
	CU_ASSERT_STRING_EQUAL(print(0x12345678u, "\x01\x02", 2, 0), "0102");
	CU_ASSERT_STRING_EQUAL(print(0x12345678u, "\x01\x02", 2, 1), "\"0102\"");
	CU_ASSERT_STRING_EQUAL(
		print(OID_GEN_LINK_STATE, &ls, 20, 0), "010000000200000000e40b540200000000ca9a3b");
}

static void
test_usage_text_names_every_command(void)
{
	static const char *const words[] = {"adapters", "oid query", "oid set", "recv", "send",
		"watch", "oids", "--socket", "--file-prefix", "--json", "--ethertype", "--filter",
		"--count", "--timeout", "--queue", "--pcap", "--dst", "--src", "--payload",
		"--file", "hex:", "Exit status: 0 success, 1", "2 usage error"};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(dpsctl_usage, words[i]) == NULL)
			CU_FAIL(words[i]);
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_usage_errors),
	DPS_TEST(test_long_socket_and_payload),
	DPS_TEST(test_parse_commands),
	DPS_TEST(test_value_parsers),
	DPS_TEST(test_oid_names_come_from_the_catalogue),
	DPS_TEST(test_catalogue_entries_are_consistent),
	DPS_TEST(test_oid_print),
	DPS_TEST(test_usage_text_names_every_command),
};

DPS_TEST_MAIN("dpsctl", cases, NULL, NULL)
