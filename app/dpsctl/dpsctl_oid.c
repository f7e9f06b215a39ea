/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OIDs for dpsctl: names, codes, value layouts and sizes come from lib/oid's
 * catalogue (dps_oid_catalogue.c is compiled into dpsctl, which links
 * libdpsclient only, never libdpstack); the structures' field offsets from
 * dps_oid_catalogue.h. Multi-byte values are read little-endian, which is
 * the server's host order on the little-endian machines DPDK runs on.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "dps_client.h"
#include "dpsctl_oid.h"
#include "dpsctl_parse.h"

int
dpsctl_oid_parse(const char *s, uint32_t *code)
{
	unsigned int n;
	const struct dps_oid_info *cat = dps_oid_catalogue(&n);

	if (strncasecmp(s, "OID_", 4) == 0) {
		for (unsigned int i = 0; i < n; i++) {
			if (strcasecmp(cat[i].name, s) == 0) {
				*code = cat[i].oid;
				return 0;
			}
		}
		return -1;
	}
	return dpsctl_parse_u32(s, code);
}

const char *
dpsctl_oid_ops(const struct dps_oid_info *info)
{
	unsigned int qs = info->ops & (DPS_OID_OP_QUERY | DPS_OID_OP_SET);

	return qs == (DPS_OID_OP_QUERY | DPS_OID_OP_SET) ? "query,set"
	       : qs == DPS_OID_OP_SET			 ? "set"
							 : "query";
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

#define F(s, m, hex)                                                                               \
	{                                                                                          \
#m, offsetof(struct s, m), sizeof(((struct s *)0)->m), hex                         \
	}

static const struct field link_state_fields[] = {
	F(dps_oid_link_state, media_connect_state, 0),
	F(dps_oid_link_state, duplex, 0),
	F(dps_oid_link_state, xmit_link_speed, 0),
	F(dps_oid_link_state, rcv_link_speed, 0),
	{NULL, 0, 0, 0},
};

static const struct field statistics_fields[] = {
	F(dps_oid_statistics, rcv_ok, 0),
	F(dps_oid_statistics, xmit_ok, 0),
	F(dps_oid_statistics, rcv_bytes, 0),
	F(dps_oid_statistics, xmit_bytes, 0),
	F(dps_oid_statistics, rcv_error, 0),
	F(dps_oid_statistics, xmit_error, 0),
	F(dps_oid_statistics, rcv_discards, 0),
	F(dps_oid_statistics, rcv_no_buffer, 0),
	{NULL, 0, 0, 0},
};

static const struct field queue_stats_fields[] = {
	F(dps_oid_queue_stats, ipackets, 0),
	F(dps_oid_queue_stats, opackets, 0),
	F(dps_oid_queue_stats, ibytes, 0),
	F(dps_oid_queue_stats, obytes, 0),
	F(dps_oid_queue_stats, errors, 0),
	{NULL, 0, 0, 0},
};

static const struct field rss_caps_fields[] = {
	F(dps_oid_rss_caps, nb_rx_queues_max, 0),
	F(dps_oid_rss_caps, reta_size, 0),
	F(dps_oid_rss_caps, hash_key_size, 0),
	F(dps_oid_rss_caps, hash_functions, 1),
	{NULL, 0, 0, 0},
};

#undef F

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
	const struct dps_oid_info *o = dps_oid_lookup(code);
	enum dps_oid_value kind = o != NULL ? o->value : DPS_OID_VALUE_BYTES;

	switch (kind) {
	case DPS_OID_VALUE_U32:
		if (len != 4)
			break;
		fprintf(f, "%" PRIu64, rd(d, 4));
		return;
	case DPS_OID_VALUE_COUNTER:
		if (len != 4 && len != 8)
			break;
		fprintf(f, "%" PRIu64, rd(d, len));
		return;
	case DPS_OID_VALUE_U16:
		if (len != 2)
			break;
		fprintf(f, json ? "\"0x%04x\"" : "0x%04x", (unsigned int)rd(d, 2));
		return;
	case DPS_OID_VALUE_MAC:
		if (len != 6)
			break;
		print_mac(f, d, json);
		return;
	case DPS_OID_VALUE_MAC_LIST:
		if (len % 6 != 0)
			break;
		fputs(json ? "[" : "", f);
		for (uint32_t i = 0; i < len; i += 6) {
			fputs(i == 0 ? "" : json ? "," : " ", f);
			print_mac(f, d + i, json);
		}
		fputs(json ? "]" : "", f);
		return;
	case DPS_OID_VALUE_STRING: {
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
	case DPS_OID_VALUE_OID_LIST:
		if (len % 4 != 0)
			break;
		fputs(json ? "[" : "", f);
		for (uint32_t i = 0; i < len; i += 4) {
			uint32_t c = (uint32_t)rd(d + i, 4);
			const struct dps_oid_info *e = dps_oid_lookup(c);

			fputs(i == 0 ? "" : json ? "," : " ", f);
			if (e != NULL)
				fprintf(f, json ? "\"%s\"" : "%s", e->name);
			else
				fprintf(f, json ? "\"0x%08x\"" : "0x%08x", c);
		}
		fputs(json ? "]" : "", f);
		return;
	case DPS_OID_VALUE_LINK_STATE:
		if (len != o->query_size)
			break;
		print_fields(f, link_state_fields, d, json);
		return;
	case DPS_OID_VALUE_STATISTICS:
		if (len != o->query_size)
			break;
		print_fields(f, statistics_fields, d, json);
		return;
	case DPS_OID_VALUE_RSS_CAPS:
		if (len != o->query_size)
			break;
		print_fields(f, rss_caps_fields, d, json);
		return;
	case DPS_OID_VALUE_QUEUE_STATS: {
		unsigned int sz = sizeof(struct dps_oid_queue_stats);

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
	case DPS_OID_VALUE_RSS_PARAMS: {
		uint32_t key_len;

		if (len != o->query_size)
			break;
		key_len = (uint32_t)rd(d + offsetof(struct dps_oid_rss_params, key_len), 4);
		if (key_len > sizeof(((struct dps_oid_rss_params *)0)->key))
			break;
		fprintf(f,
			json ? "{\"hash_functions\":\"0x%" PRIx64 "\",\"nb_rx_queues\":%u,\"key\":"
			     : "hash_functions=0x%" PRIx64 " nb_rx_queues=%u key=",
			rd(d + offsetof(struct dps_oid_rss_params, hash_functions), 8),
			(unsigned int)rd(d + offsetof(struct dps_oid_rss_params, nb_rx_queues), 4));
		print_hex(f, d + offsetof(struct dps_oid_rss_params, key), key_len, json);
		fputs(json ? "}" : "", f);
		return;
	}
	case DPS_OID_VALUE_BYTES:
		break;
	}
	print_hex(f, d, len, json);
}
