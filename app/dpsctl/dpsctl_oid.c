/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OIDs dpsctl knows by name, and how their values look. A copy of
 * lib/oid's catalogue (dpsctl links libdpsclient only, never libdpstack);
 * test_dpsctl checks that the two agree, names, codes, operations and
 * structure sizes. Multi-byte values are read little-endian, which is the
 * server's host order on the little-endian machines DPDK runs on.
 */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "dpsctl.h"

#define Q DPSCTL_OID_Q
#define S DPSCTL_OID_S

static const struct dpsctl_oid table[] = {
	{0x00010101u, "OID_GEN_SUPPORTED_LIST", Q, DPSCTL_OID_OID_LIST},
	{0x00010102u, "OID_GEN_HARDWARE_STATUS", Q, DPSCTL_OID_U32},
	{0x00010103u, "OID_GEN_MEDIA_SUPPORTED", Q, DPSCTL_OID_U32},
	{0x00010104u, "OID_GEN_MEDIA_IN_USE", Q, DPSCTL_OID_U32},
	{0x00010106u, "OID_GEN_MAXIMUM_FRAME_SIZE", Q, DPSCTL_OID_U32},
	{0x00010107u, "OID_GEN_LINK_SPEED", Q, DPSCTL_OID_U32},
	{0x0001010Du, "OID_GEN_VENDOR_DESCRIPTION", Q, DPSCTL_OID_STRING},
	{0x0001010Eu, "OID_GEN_CURRENT_PACKET_FILTER", Q | S, DPSCTL_OID_U32},
	{0x00010110u, "OID_GEN_DRIVER_VERSION", Q, DPSCTL_OID_U16},
	{0x00010111u, "OID_GEN_MAXIMUM_TOTAL_SIZE", Q, DPSCTL_OID_U32},
	{0x00010114u, "OID_GEN_MEDIA_CONNECT_STATUS", Q, DPSCTL_OID_U32},
	{0x00010203u, "OID_GEN_RECEIVE_SCALE_CAPABILITIES", Q, DPSCTL_OID_RSS_CAPS},
	{0x00010204u, "OID_GEN_RECEIVE_SCALE_PARAMETERS", Q | S, DPSCTL_OID_RSS_PARAMS},
	{0x00010207u, "OID_GEN_LINK_STATE", Q, DPSCTL_OID_LINK_STATE},
	{0x0001021Cu, "OID_GEN_VLAN_ID", Q | S, DPSCTL_OID_U32},
	{0x00020101u, "OID_GEN_XMIT_OK", Q, DPSCTL_OID_COUNTER},
	{0x00020102u, "OID_GEN_RCV_OK", Q, DPSCTL_OID_COUNTER},
	{0x00020103u, "OID_GEN_XMIT_ERROR", Q, DPSCTL_OID_COUNTER},
	{0x00020104u, "OID_GEN_RCV_ERROR", Q, DPSCTL_OID_COUNTER},
	{0x00020105u, "OID_GEN_RCV_NO_BUFFER", Q, DPSCTL_OID_COUNTER},
	{0x00020106u, "OID_GEN_STATISTICS", Q, DPSCTL_OID_STATISTICS},
	{0x01010101u, "OID_802_3_PERMANENT_ADDRESS", Q, DPSCTL_OID_MAC},
	{0x01010102u, "OID_802_3_CURRENT_ADDRESS", Q, DPSCTL_OID_MAC},
	{0x01010103u, "OID_802_3_MULTICAST_LIST", Q | S, DPSCTL_OID_MAC_LIST},
	{0x01010104u, "OID_802_3_MAXIMUM_LIST_SIZE", Q, DPSCTL_OID_U32},
	{0xFF010001u, "OID_DPS_MTU", Q | S, DPSCTL_OID_U32},
	{0xFF010002u, "OID_DPS_MAC_ADDRESS", Q | S, DPSCTL_OID_MAC},
	{0xFF010003u, "OID_DPS_ADMIN_STATE", Q | S, DPSCTL_OID_U32},
	{0xFF010004u, "OID_DPS_QUEUE_STATS", Q, DPSCTL_OID_QUEUE_STATS},
	{0xFF010005u, "OID_DPS_RX_QUEUES", Q | S, DPSCTL_OID_U32},
	{0xFF010006u, "OID_DPS_ADAPTER_REMOVE", S, DPSCTL_OID_U32},
};
#define N_TABLE (sizeof(table) / sizeof(table[0]))

const struct dpsctl_oid *
dpsctl_oid_table(unsigned int *n)
{
	*n = N_TABLE;
	return table;
}

const struct dpsctl_oid *
dpsctl_oid_by_code(uint32_t code)
{
	for (size_t i = 0; i < N_TABLE; i++)
		if (table[i].code == code)
			return &table[i];
	return NULL;
}

int
dpsctl_oid_parse(const char *s, uint32_t *code)
{
	if (strncasecmp(s, "OID_", 4) == 0) {
		for (size_t i = 0; i < N_TABLE; i++) {
			if (strcasecmp(table[i].name, s) == 0) {
				*code = table[i].code;
				return 0;
			}
		}
		return -1;
	}
	return dpsctl_parse_u32(s, code);
}

int
dpsctl_value_parse(const char *s, uint8_t *out, size_t cap, uint32_t *len)
{
	size_t n = 0;
	uint32_t v;

	if (strncmp(s, "hex:", 4) == 0) {
		if (dpsctl_parse_hex(s + 4, out, cap, &n) != 0)
			return -1;
		*len = (uint32_t)n;
		return 0;
	}
	if (strchr(s, ':') != NULL) { /* MAC[,MAC...] */
		char mac[18];

		for (;;) {
			const char *comma = strchr(s, ',');
			size_t l = comma != NULL ? (size_t)(comma - s) : strlen(s);

			if (l != 17 || n + 6 > cap)
				return -1;
			memcpy(mac, s, 17);
			mac[17] = '\0';
			if (dpsctl_parse_mac(mac, out + n) != 0)
				return -1;
			n += 6;
			if (comma == NULL)
				break;
			s = comma + 1;
		}
		*len = (uint32_t)n;
		return 0;
	}
	if (cap < 4 || dpsctl_parse_u32(s, &v) != 0)
		return -1;
	for (int i = 0; i < 4; i++)
		out[i] = (uint8_t)(v >> (8 * i));
	*len = 4;
	return 0;
}

/* ---- printing ---- */

static uint64_t
rd(const uint8_t *p, unsigned int size)
{
	uint64_t v = 0;

	for (unsigned int i = size; i > 0; i--)
		v = v << 8 | p[i - 1];
	return v;
}

void
dpsctl_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void
print_hex(FILE *f, const uint8_t *d, uint32_t len, int json)
{
	if (json)
		fputc('"', f);
	for (uint32_t i = 0; i < len; i++)
		fprintf(f, "%02x", d[i]);
	if (json)
		fputc('"', f);
}

static void
print_mac(FILE *f, const uint8_t *m, int json)
{
	fprintf(f, "%s%02x:%02x:%02x:%02x:%02x:%02x%s", json ? "\"" : "", m[0], m[1], m[2], m[3],
		m[4], m[5], json ? "\"" : "");
}

struct field {
	const char *name;
	unsigned int off, size;
	int hex; /* a bit mask: printed 0x... (a JSON string) */
};

static const struct field link_state_fields[] = {
	{"media_connect_state", 0, 4, 0},
	{"duplex", 4, 4, 0},
	{"xmit_link_speed", 8, 8, 0},
	{"rcv_link_speed", 16, 8, 0},
	{NULL, 24, 0, 0},
};

static const struct field statistics_fields[] = {
	{"rcv_ok", 0, 8, 0},
	{"xmit_ok", 8, 8, 0},
	{"rcv_bytes", 16, 8, 0},
	{"xmit_bytes", 24, 8, 0},
	{"rcv_error", 32, 8, 0},
	{"xmit_error", 40, 8, 0},
	{"rcv_discards", 48, 8, 0},
	{"rcv_no_buffer", 56, 8, 0},
	{NULL, 64, 0, 0},
};

static const struct field queue_stats_fields[] = {
	{"ipackets", 0, 8, 0},
	{"opackets", 8, 8, 0},
	{"ibytes", 16, 8, 0},
	{"obytes", 24, 8, 0},
	{"errors", 32, 8, 0},
	{NULL, 40, 0, 0},
};

static const struct field rss_caps_fields[] = {
	{"nb_rx_queues_max", 0, 4, 0},
	{"reta_size", 4, 4, 0},
	{"hash_key_size", 8, 4, 0},
	{"hash_functions", 16, 8, 1},
	{NULL, 24, 0, 0},
};

/* @return the structure's size (the terminator's offset). */
static unsigned int
fields_size(const struct field *fl)
{
	while (fl->name != NULL)
		fl++;
	return fl->off;
}

static void
print_fields(FILE *f, const struct field *fl, const uint8_t *d, int json)
{
	fputs(json ? "{" : "", f);
	for (int i = 0; fl[i].name != NULL; i++) {
		uint64_t v = rd(d + fl[i].off, fl[i].size);

		if (json)
			fprintf(f, "%s\"%s\":", i ? "," : "", fl[i].name);
		else
			fprintf(f, "%s%s=", i ? " " : "", fl[i].name);
		if (fl[i].hex)
			fprintf(f, json ? "\"0x%" PRIx64 "\"" : "0x%" PRIx64, v);
		else
			fprintf(f, "%" PRIu64, v);
	}
	fputs(json ? "}" : "", f);
}

void
dpsctl_oid_print(FILE *f, uint32_t code, const uint8_t *d, uint32_t len, int json)
{
	const struct dpsctl_oid *o = dpsctl_oid_by_code(code);
	enum dpsctl_oid_kind kind = o != NULL ? o->kind : DPSCTL_OID_HEX;

	switch (kind) {
	case DPSCTL_OID_U32:
		if (len != 4)
			break;
		fprintf(f, "%" PRIu64, rd(d, 4));
		return;
	case DPSCTL_OID_COUNTER:
		if (len != 4 && len != 8)
			break;
		fprintf(f, "%" PRIu64, rd(d, len));
		return;
	case DPSCTL_OID_U16:
		if (len != 2)
			break;
		fprintf(f, json ? "\"0x%04x\"" : "0x%04x", (unsigned int)rd(d, 2));
		return;
	case DPSCTL_OID_MAC:
		if (len != 6)
			break;
		print_mac(f, d, json);
		return;
	case DPSCTL_OID_MAC_LIST:
		if (len % 6 != 0)
			break;
		fputs(json ? "[" : "", f);
		for (uint32_t i = 0; i < len; i += 6) {
			fputs(i == 0 ? "" : json ? "," : " ", f);
			print_mac(f, d + i, json);
		}
		fputs(json ? "]" : "", f);
		return;
	case DPSCTL_OID_STRING: {
		char s[DPS_CLIENT_OID_DATA_MAX + 1];
		uint32_t n = len < DPS_CLIENT_OID_DATA_MAX ? len : DPS_CLIENT_OID_DATA_MAX;

		memcpy(s, d, n);
		s[n] = '\0';
		if (json) {
			dpsctl_json_string(f, s);
		} else {
			for (char *c = s; *c != '\0'; c++)
				fputc(isprint((unsigned char)*c) ? *c : '?', f);
		}
		return;
	}
	case DPSCTL_OID_OID_LIST:
		if (len % 4 != 0)
			break;
		fputs(json ? "[" : "", f);
		for (uint32_t i = 0; i < len; i += 4) {
			uint32_t c = (uint32_t)rd(d + i, 4);
			const struct dpsctl_oid *e = dpsctl_oid_by_code(c);

			fputs(i == 0 ? "" : json ? "," : " ", f);
			if (e != NULL)
				fprintf(f, json ? "\"%s\"" : "%s", e->name);
			else
				fprintf(f, json ? "\"0x%08x\"" : "0x%08x", c);
		}
		fputs(json ? "]" : "", f);
		return;
	case DPSCTL_OID_LINK_STATE:
		if (len != fields_size(link_state_fields))
			break;
		print_fields(f, link_state_fields, d, json);
		return;
	case DPSCTL_OID_STATISTICS:
		if (len != fields_size(statistics_fields))
			break;
		print_fields(f, statistics_fields, d, json);
		return;
	case DPSCTL_OID_RSS_CAPS:
		if (len != fields_size(rss_caps_fields))
			break;
		print_fields(f, rss_caps_fields, d, json);
		return;
	case DPSCTL_OID_QUEUE_STATS: {
		unsigned int sz = fields_size(queue_stats_fields);

		if (len == 0 || len % sz != 0)
			break;
		fputs(json ? "[" : "", f);
		for (uint32_t i = 0; i < len / sz; i++) {
			if (json)
				fputs(i ? "," : "", f);
			else
				fprintf(f, "%squeue%u: ", i ? "; " : "", i);
			print_fields(f, queue_stats_fields, d + i * sz, json);
		}
		fputs(json ? "]" : "", f);
		return;
	}
	case DPSCTL_OID_RSS_PARAMS: {
		uint32_t key_len;

		if (len != 72)
			break;
		key_len = (uint32_t)rd(d + 12, 4);
		if (key_len > 52)
			break;
		fprintf(f,
			json ? "{\"hash_functions\":\"0x%" PRIx64 "\",\"nb_rx_queues\":%u,\"key\":"
			     : "hash_functions=0x%" PRIx64 " nb_rx_queues=%u key=",
			rd(d, 8), (unsigned int)rd(d + 8, 4));
		print_hex(f, d + 16, key_len, json);
		fputs(json ? "}" : "", f);
		return;
	}
	case DPSCTL_OID_HEX:
		break;
	}
	print_hex(f, d, len, json);
}
