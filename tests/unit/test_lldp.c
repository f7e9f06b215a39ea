/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The LLDP example's codec and neighbour table (examples/lldp/lldp_frame.c,
 * lldp_neigh.c): the frame it sends byte for byte, lldpd's frame parsed,
 * every malformed class refused with its status, and TTL aging.
 */
#include <string.h>

#include "lldp_frame.h"
#include "lldp_neigh.h"
#include "dps_test.h"

static const uint8_t our_mac[6] = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};

/* What lldpd 1.0.16 sent from a veth in a namespace (tcpdump), shortened:
 * chassis MAC, port MAC, TTL 2, system name "vm", port description "va",
 * an 802.3 organizationally specific TLV, End. */
static const uint8_t lldpd_pdu[] = {
	0x02, 0x07, 0x04, 0xc6, 0x6b, 0x31, 0x56, 0x4f, 0x10, /* chassis id, MAC */
	0x04, 0x07, 0x03, 0xc6, 0x6b, 0x31, 0x56, 0x4f, 0x10, /* port id, MAC */
	0x06, 0x02, 0x00, 0x02,				      /* TTL 2 */
	0x0a, 0x02, 'v', 'm',				      /* system name */
	0x0e, 0x04, 0x00, 0x9c, 0x00, 0x80,		      /* capabilities */
	0x08, 0x02, 'v', 'a',				      /* port description */
	0xfe, 0x09, 0x00, 0x12, 0x0f, 0x03, 0x01, 0, 0, 0, 0, /* 802.3 link aggregation */
	0x00, 0x00,					      /* End */
};

static void
test_build_is_byte_exact(void)
{
	struct lldp_tx_info ti = {.port_id = "dps0", .ttl = 120, .system_name = "host"};
	static const uint8_t want[] = {
		0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e, 0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 0x88, 0xcc,
		0x02, 0x07, 0x04, 0x02, 0x11, 0x22, 0x33, 0x44, 0x55, /* chassis id, MAC */
		0x04, 0x05, 0x05, 'd', 'p', 's', '0',		      /* port id, ifname */
		0x06, 0x02, 0x00, 0x78,				      /* TTL 120 */
		0x0a, 0x04, 'h', 'o', 's', 't',			      /* system name */
		0x00, 0x00,					      /* End */
	};
	uint8_t buf[256];
	int len;

	memcpy(ti.mac, our_mac, 6);
	memset(buf, 0xee, sizeof(buf));
	len = lldp_build(buf, sizeof(buf), &ti);
	CU_ASSERT_EQUAL(len, LLDP_ETH_MIN);
	CU_ASSERT_EQUAL(memcmp(buf, want, sizeof(want)), 0);
	for (int i = (int)sizeof(want); i < LLDP_ETH_MIN; i++)
		CU_ASSERT_EQUAL(buf[i], 0); /* padding */
}

static void
test_build_refuses_bad_input(void)
{
	struct lldp_tx_info ti = {.port_id = "dps0", .ttl = 120};
	char longname[300];
	uint8_t buf[1024];

	CU_ASSERT_EQUAL(lldp_build(NULL, sizeof(buf), &ti), -1);
	CU_ASSERT_EQUAL(lldp_build(buf, sizeof(buf), NULL), -1);
	CU_ASSERT_EQUAL(lldp_build(buf, LLDP_ETH_MIN - 1, &ti), -1);
	ti.port_id = "";
	CU_ASSERT_EQUAL(lldp_build(buf, sizeof(buf), &ti), -1);
	ti.port_id = NULL;
	CU_ASSERT_EQUAL(lldp_build(buf, sizeof(buf), &ti), -1);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ti.port_id = "dps0";
	ti.system_name = longname;
	CU_ASSERT_EQUAL(lldp_build(buf, sizeof(buf), &ti), -1);
	longname[LLDP_STR_MAX] = '\0'; /* the longest allowed */
	CU_ASSERT_EQUAL(lldp_build(buf, sizeof(buf), &ti), 14 + 9 + 7 + 4 + 2 + 255 + 2);
	CU_ASSERT_EQUAL(lldp_build(buf, 14 + 9 + 7 + 4 + 2 + 255 + 1, &ti), -1);
}

static void
test_build_then_parse(void)
{
	struct lldp_tx_info ti = {.port_id = "dps0", .ttl = 7, .system_name = "a\"b"};
	struct lldp_rx_info ri;
	uint8_t buf[256];
	int len;

	memcpy(ti.mac, our_mac, 6);
	len = lldp_build(buf, sizeof(buf), &ti);
	CU_ASSERT_EQUAL_FATAL(lldp_parse_frame(buf, (size_t)len, &ri), LLDP_PARSE_OK);
	CU_ASSERT_EQUAL(ri.chassis_subtype, LLDP_CHASSIS_MAC);
	CU_ASSERT_STRING_EQUAL(ri.chassis, "02:11:22:33:44:55");
	CU_ASSERT_EQUAL(ri.port_subtype, LLDP_PORT_IFNAME);
	CU_ASSERT_STRING_EQUAL(ri.port, "dps0");
	CU_ASSERT_EQUAL(ri.ttl, 7);
	CU_ASSERT_STRING_EQUAL(ri.system_name, "a?b"); /* JSON-safe */
	CU_ASSERT_EQUAL(ri.tlvs_unrecognized, 0);
}

static void
test_parse_lldpd_frame(void)
{
	struct lldp_rx_info ri;

	CU_ASSERT_EQUAL_FATAL(lldp_parse(lldpd_pdu, sizeof(lldpd_pdu), &ri), LLDP_PARSE_OK);
	CU_ASSERT_STRING_EQUAL(ri.chassis, "c6:6b:31:56:4f:10");
	CU_ASSERT_EQUAL(ri.port_subtype, LLDP_PORT_MAC);
	CU_ASSERT_STRING_EQUAL(ri.port, "c6:6b:31:56:4f:10");
	CU_ASSERT_EQUAL(ri.ttl, 2);
	CU_ASSERT_STRING_EQUAL(ri.system_name, "vm");
	CU_ASSERT_STRING_EQUAL(ri.port_descr, "va");
	CU_ASSERT_EQUAL(ri.tlvs_unrecognized, 1);
	CU_ASSERT_EQUAL(ri.tlvs_discarded, 0);
}

/* every prefix of a good PDU that cuts a TLV is truncated; the ones that
 * end on a TLV boundary after the TTL are good (End is optional) */
static void
test_parse_every_prefix(void)
{
	static const size_t boundaries[] = {22, 26, 32, 36, 47, 49};
	struct lldp_rx_info ri;

	for (size_t len = 0; len < sizeof(lldpd_pdu); len++) {
		int want = LLDP_PARSE_TRUNCATED, got = lldp_parse(lldpd_pdu, len, &ri);

		if (len == 0 || len == 9 || len == 18)
			want = LLDP_PARSE_MISSING; /* ends before the mandatory three */
		for (size_t i = 0; i < sizeof(boundaries) / sizeof(boundaries[0]); i++)
			if (len == boundaries[i])
				want = LLDP_PARSE_OK;
		CU_ASSERT_EQUAL(got, want);
		if (got != want)
			fprintf(stderr, "prefix of %zu bytes: got %d want %d\n", len, got, want);
	}
	CU_ASSERT_EQUAL(lldp_parse(lldpd_pdu, sizeof(lldpd_pdu), &ri), LLDP_PARSE_OK);
}

/* copy the good PDU, patch byte @p at to @p v, parse */
static int
parse_patched(size_t at, uint8_t v, struct lldp_rx_info *ri)
{
	uint8_t pdu[sizeof(lldpd_pdu)];

	memcpy(pdu, lldpd_pdu, sizeof(pdu));
	pdu[at] = v;
	return lldp_parse(pdu, sizeof(pdu), ri);
}

static void
test_parse_malformed(void)
{
	/* a TLV past the end of the PDU */
	static const uint8_t long_tlv[] = {
		0x02, 0x07, 0x04, 1, 2, 3, 4, 5, 6, 0x04, 0x09, 0x05, 'a'};
	/* chassis id of length 1 (subtype only) */
	static const uint8_t short_id[] = {
		0x02, 0x01, 0x04, 0x04, 0x02, 0x05, 'a', 0x06, 0x02, 0, 1, 0, 0};
	/* TTL of length 1 */
	static const uint8_t short_ttl[] = {
		0x02, 0x02, 0x07, 'c', 0x04, 0x02, 0x05, 'a', 0x06, 0x01, 1, 0, 0};
	/* End with a length */
	static const uint8_t long_end[] = {
		0x02, 0x02, 0x07, 'c', 0x04, 0x02, 0x05, 'a', 0x06, 0x02, 0, 1, 0x00, 0x01, 0};
	/* a 9-bit length: type 1, length 256 + 4, in a PDU of 20 bytes */
	static const uint8_t nine_bits[] = {
		0x03, 0x04, 0x04, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	struct lldp_rx_info ri;

	CU_ASSERT_EQUAL(lldp_parse(long_tlv, sizeof(long_tlv), &ri), LLDP_PARSE_TRUNCATED);
	CU_ASSERT_EQUAL(lldp_parse(short_id, sizeof(short_id), &ri), LLDP_PARSE_BAD_LENGTH);
	CU_ASSERT_EQUAL(lldp_parse(short_ttl, sizeof(short_ttl), &ri), LLDP_PARSE_BAD_LENGTH);
	CU_ASSERT_EQUAL(lldp_parse(long_end, sizeof(long_end), &ri), LLDP_PARSE_BAD_LENGTH);
	CU_ASSERT_EQUAL(lldp_parse(nine_bits, sizeof(nine_bits), &ri), LLDP_PARSE_TRUNCATED);
	CU_ASSERT_EQUAL(lldp_parse(NULL, 10, &ri), LLDP_PARSE_TRUNCATED);
	CU_ASSERT_EQUAL(lldp_parse(lldpd_pdu, sizeof(lldpd_pdu), NULL), LLDP_PARSE_TRUNCATED);

	/* mandatory TLVs out of order: port id first, TTL second, system name third */
	CU_ASSERT_EQUAL(parse_patched(0, 0x04, &ri), LLDP_PARSE_MISSING);
	CU_ASSERT_EQUAL(parse_patched(9, 0x06, &ri), LLDP_PARSE_MISSING);
	CU_ASSERT_EQUAL(parse_patched(18, 0x0a, &ri), LLDP_PARSE_MISSING);
	/* End right after the chassis id */
	CU_ASSERT_EQUAL(parse_patched(9, 0x00, &ri), LLDP_PARSE_MISSING);
	/* a second chassis id, port id, TTL (the capabilities TLV retyped, its
	 * length fixed for the TTL) */
	CU_ASSERT_EQUAL(parse_patched(26, 0x02, &ri), LLDP_PARSE_DUPLICATE);
	CU_ASSERT_EQUAL(parse_patched(26, 0x04, &ri), LLDP_PARSE_DUPLICATE);
	CU_ASSERT_EQUAL(parse_patched(26, 0x06, &ri), LLDP_PARSE_DUPLICATE);

	/* an organizationally specific TLV shorter than OUI + subtype: that TLV
	 * is discarded, the PDU is kept (8.6, optional TLV in error) */
	{
		static const uint8_t short_org[] = {0x02, 0x02, 0x07, 'c', 0x04, 0x02, 0x05, 'a',
			0x06, 0x02, 0, 1, 0xfe, 0x03, 0x00, 0x12, 0x0f, 0, 0};

		CU_ASSERT_EQUAL(lldp_parse(short_org, sizeof(short_org), &ri), LLDP_PARSE_OK);
		CU_ASSERT_EQUAL(ri.tlvs_discarded, 1);
		CU_ASSERT_EQUAL(ri.tlvs_unrecognized, 0);
		CU_ASSERT_STRING_EQUAL(ri.chassis, "c"); /* subtype 7: locally assigned text */
	}
	/* a second system name: the first one counts */
	{
		static const uint8_t two_names[] = {0x02, 0x02, 0x07, 'c', 0x04, 0x02, 0x05, 'a',
			0x06, 0x02, 0, 1, 0x0a, 0x01, 'x', 0x0a, 0x01, 'y', 0x12, 0x00, 0, 0};

		CU_ASSERT_EQUAL(lldp_parse(two_names, sizeof(two_names), &ri), LLDP_PARSE_OK);
		CU_ASSERT_STRING_EQUAL(ri.system_name, "x");
		CU_ASSERT_EQUAL(ri.tlvs_discarded, 1);
		CU_ASSERT_EQUAL(ri.tlvs_unrecognized, 1); /* type 9, reserved */
	}
}

static void
test_parse_frame_checks_ethernet(void)
{
	struct lldp_tx_info ti = {.port_id = "p", .ttl = 1};
	struct lldp_rx_info ri;
	uint8_t buf[64];
	int len;

	memcpy(ti.mac, our_mac, 6);
	len = lldp_build(buf, sizeof(buf), &ti);
	CU_ASSERT_EQUAL(lldp_parse_frame(buf, 13, &ri), LLDP_PARSE_NOT_LLDP);
	buf[5] = 0x03; /* nearest non-TPMR bridge: accepted */
	CU_ASSERT_EQUAL(lldp_parse_frame(buf, (size_t)len, &ri), LLDP_PARSE_OK);
	buf[5] = 0x01; /* not an LLDP address */
	CU_ASSERT_EQUAL(lldp_parse_frame(buf, (size_t)len, &ri), LLDP_PARSE_NOT_LLDP);
	buf[5] = 0x0e;
	buf[13] = 0xcd;
	CU_ASSERT_EQUAL(lldp_parse_frame(buf, (size_t)len, &ri), LLDP_PARSE_NOT_LLDP);
	CU_ASSERT_STRING_EQUAL(lldp_parse_status_str(LLDP_PARSE_TRUNCATED), "truncated");
	CU_ASSERT_STRING_EQUAL(lldp_parse_status_str(42), "unknown");
}

static void
test_id_forms(void)
{
	/* chassis: network address IPv4 (subtype 5, family 1); port: agent circuit id (hex) */
	static const uint8_t pdu[] = {0x02, 0x06, 0x05, 0x01, 198, 51, 100, 1, 0x04, 0x03, 0x06,
		0xab, 0x01, 0x06, 0x02, 0, 9};
	struct lldp_rx_info ri;

	CU_ASSERT_EQUAL_FATAL(lldp_parse(pdu, sizeof(pdu), &ri), LLDP_PARSE_OK);
	CU_ASSERT_STRING_EQUAL(ri.chassis, "198.51.100.1");
	CU_ASSERT_STRING_EQUAL(ri.port, "ab:01");
	CU_ASSERT_EQUAL(ri.ttl, 9);
}

static void
test_longest_id_in_hex_fits(void)
{
	uint8_t pdu[2 + 256 + 4 + 4 + 2];
	struct lldp_rx_info ri;
	size_t o = 0;

	pdu[o++] = 0x03; /* chassis id, length 256: subtype 0 (reserved: hex) + 255 bytes */
	pdu[o++] = 0x00;
	pdu[o++] = 0x00;
	memset(pdu + o, 0xff, 255);
	o += 255;
	memcpy(pdu + o, (const uint8_t[]){0x04, 0x02, 0x05, 'a', 0x06, 0x02, 0, 3, 0, 0}, 10);
	o += 10;
	CU_ASSERT_EQUAL_FATAL(lldp_parse(pdu, o, &ri), LLDP_PARSE_OK);
	CU_ASSERT_EQUAL(strlen(ri.chassis), 255 * 3 - 1);
	CU_ASSERT_EQUAL(ri.chassis_len, 255);
}

static struct lldp_rx_info
neighbour(const char *port, uint16_t ttl)
{
	struct lldp_rx_info ri;

	memset(&ri, 0, sizeof(ri));
	ri.chassis_subtype = LLDP_CHASSIS_MAC;
	ri.chassis_len = 6;
	memcpy(ri.chassis_raw, our_mac, 6);
	ri.port_subtype = LLDP_PORT_IFNAME;
	ri.port_len = (uint16_t)strlen(port);
	memcpy(ri.port_raw, port, ri.port_len);
	ri.ttl = ttl;
	return ri;
}

static void
test_table_add_update_age(void)
{
	static struct lldp_neigh_table t;
	struct lldp_rx_info a = neighbour("a", 10), b = neighbour("b", 5);

	memset(&t, 0, sizeof(t));
	CU_ASSERT_EQUAL(lldp_neigh_update(&t, &a, 100), LLDP_NEIGH_ADDED);
	CU_ASSERT_EQUAL(lldp_neigh_update(&t, &b, 100), LLDP_NEIGH_ADDED);
	CU_ASSERT_EQUAL(t.count, 2);
	CU_ASSERT_EQUAL(lldp_neigh_update(&t, &a, 104), LLDP_NEIGH_UPDATED); /* expires at 114 */
	CU_ASSERT_EQUAL(t.count, 2);
	CU_ASSERT_EQUAL(lldp_neigh_age(&t, 104), 0);
	CU_ASSERT_EQUAL(lldp_neigh_age(&t, 105), 1); /* b: 100 + 5 */
	CU_ASSERT_EQUAL(t.count, 1);
	CU_ASSERT_EQUAL(lldp_neigh_age(&t, 113), 0);
	CU_ASSERT_EQUAL(lldp_neigh_age(&t, 114), 1);
	CU_ASSERT_EQUAL(t.count, 0);
}

static void
test_table_shutdown_and_full(void)
{
	static struct lldp_neigh_table t;
	struct lldp_rx_info a = neighbour("a", 10), gone = neighbour("a", 0);
	char port[8];

	memset(&t, 0, sizeof(t));
	CU_ASSERT_EQUAL(lldp_neigh_update(&t, &gone, 1), LLDP_NEIGH_IGNORED);
	CU_ASSERT_EQUAL(lldp_neigh_update(&t, &a, 1), LLDP_NEIGH_ADDED);
	CU_ASSERT_EQUAL(lldp_neigh_update(&t, &gone, 2), LLDP_NEIGH_REMOVED);
	CU_ASSERT_EQUAL(t.count, 0);
	for (int i = 0; i < LLDP_NEIGH_MAX; i++) {
		struct lldp_rx_info n;

		snprintf(port, sizeof(port), "p%d", i);
		n = neighbour(port, 30);
		CU_ASSERT_EQUAL(lldp_neigh_update(&t, &n, 1), LLDP_NEIGH_ADDED);
	}
	CU_ASSERT_EQUAL(lldp_neigh_update(&t, &a, 1), LLDP_NEIGH_FULL);
	CU_ASSERT_EQUAL(t.count, LLDP_NEIGH_MAX);
	/* a known one still updates in a full table */
	a = neighbour("p3", 30);
	CU_ASSERT_EQUAL(lldp_neigh_update(&t, &a, 2), LLDP_NEIGH_UPDATED);
	/* same port name, another chassis: another neighbour */
	a.chassis_raw[5] ^= 1;
	CU_ASSERT_EQUAL(lldp_neigh_update(&t, &a, 2), LLDP_NEIGH_FULL);
	CU_ASSERT_EQUAL(lldp_neigh_age(&t, 31), LLDP_NEIGH_MAX - 1);
	CU_ASSERT_EQUAL(lldp_neigh_age(&t, 32), 1); /* p3, refreshed at 2 */
	CU_ASSERT_EQUAL(t.count, 0);
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_build_is_byte_exact),
	DPS_TEST(test_build_refuses_bad_input),
	DPS_TEST(test_build_then_parse),
	DPS_TEST(test_parse_lldpd_frame),
	DPS_TEST(test_parse_every_prefix),
	DPS_TEST(test_parse_malformed),
	DPS_TEST(test_parse_frame_checks_ethernet),
	DPS_TEST(test_id_forms),
	DPS_TEST(test_longest_id_in_hex_fits),
	DPS_TEST(test_table_add_update_age),
	DPS_TEST(test_table_shutdown_and_full),
};

DPS_TEST_MAIN("lldp", cases, NULL, NULL)
