/* SPDX-License-Identifier: BSD-3-Clause */
/* LLDPDU build and parse (lldp_frame.h). */
#include <stdio.h>
#include <string.h>

#include "lldp_frame.h"

/* TLV header: 7 bits of type, 9 bits of length, network order */
#define TLV_HLEN 2
#define TLV_MAX_LEN 511

static const uint8_t lldp_groups[3][6] = {
	{0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e}, /* nearest bridge: what we send to */
	{0x01, 0x80, 0xc2, 0x00, 0x00, 0x03}, /* nearest non-TPMR bridge */
	{0x01, 0x80, 0xc2, 0x00, 0x00, 0x00}, /* nearest customer bridge */
};

static uint8_t *
put_tlv(uint8_t *p, const uint8_t *end, unsigned int type, const void *v1, size_t l1,
	const void *v2, size_t l2)
{
	size_t len = l1 + l2;

	if (p == NULL || len > TLV_MAX_LEN || (size_t)(end - p) < TLV_HLEN + len)
		return NULL;
	p[0] = (uint8_t)(type << 1 | len >> 8);
	p[1] = (uint8_t)(len & 0xff);
	if (l1 != 0)
		memcpy(p + TLV_HLEN, v1, l1);
	if (l2 != 0)
		memcpy(p + TLV_HLEN + l1, v2, l2);
	return p + TLV_HLEN + len;
}

int
lldp_build(uint8_t *buf, size_t cap, const struct lldp_tx_info *info)
{
	uint8_t subtype, ttl[2];
	size_t port_len, name_len;
	const uint8_t *end;
	uint8_t *p;

	if (buf == NULL || info == NULL || info->port_id == NULL)
		return -1;
	end = buf + cap; /* not before the NULL check: no arithmetic on NULL */
	port_len = strlen(info->port_id);
	name_len = info->system_name != NULL ? strlen(info->system_name) : 0;
	if (port_len == 0 || port_len > LLDP_ID_MAX || name_len > LLDP_STR_MAX ||
		cap < LLDP_ETH_MIN)
		return -1;
	memcpy(buf, lldp_groups[0], 6);
	memcpy(buf + 6, info->mac, 6);
	buf[12] = LLDP_ETHERTYPE >> 8;
	buf[13] = LLDP_ETHERTYPE & 0xff;
	p = buf + LLDP_ETH_HLEN;
	subtype = LLDP_CHASSIS_MAC;
	p = put_tlv(p, end, LLDP_TLV_CHASSIS_ID, &subtype, 1, info->mac, 6);
	subtype = LLDP_PORT_IFNAME;
	p = put_tlv(p, end, LLDP_TLV_PORT_ID, &subtype, 1, info->port_id, port_len);
	ttl[0] = (uint8_t)(info->ttl >> 8);
	ttl[1] = (uint8_t)(info->ttl & 0xff);
	p = put_tlv(p, end, LLDP_TLV_TTL, ttl, 2, NULL, 0);
	if (name_len != 0)
		p = put_tlv(p, end, LLDP_TLV_SYSTEM_NAME, info->system_name, name_len, NULL, 0);
	p = put_tlv(p, end, LLDP_TLV_END, NULL, 0, NULL, 0);
	if (p == NULL)
		return -1;
	if (p - buf < LLDP_ETH_MIN) {
		memset(p, 0, (size_t)(LLDP_ETH_MIN - (p - buf)));
		p = buf + LLDP_ETH_MIN;
	}
	return (int)(p - buf);
}

const char *
lldp_parse_status_str(int status)
{
	switch (status) {
	case LLDP_PARSE_OK:
		return "ok";
	case LLDP_PARSE_TRUNCATED:
		return "truncated";
	case LLDP_PARSE_MISSING:
		return "mandatory TLV missing or out of order";
	case LLDP_PARSE_BAD_LENGTH:
		return "bad TLV length";
	case LLDP_PARSE_DUPLICATE:
		return "mandatory TLV repeated";
	case LLDP_PARSE_NOT_LLDP:
		return "not an LLDP frame";
	default:
		return "unknown";
	}
}

/* Printable for telemetry and logs (JSON-safe: no quote, no backslash). */
static void
text(char *out, size_t cap, const uint8_t *v, size_t len)
{
	size_t i;

	for (i = 0; i < len && i + 1 < cap; i++)
		out[i] = (v[i] >= 0x20 && v[i] < 0x7f && v[i] != '"' && v[i] != '\\') ? (char)v[i]
										      : '?';
	out[i] = '\0';
}

static void
hex(char *out, size_t cap, const uint8_t *v, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		/* a separator after the first byte, two digits, and room for the NUL */
		if (o + (i != 0) + 2 + 1 > cap)
			break;
		if (i != 0)
			out[o++] = ':';
		out[o++] = digits[v[i] >> 4];
		out[o++] = digits[v[i] & 0xf];
	}
	out[o] = '\0';
}

/* IANA address family 1 (IPv4) as a dotted quad; anything else as hex */
static void
net_address(char *out, size_t cap, const uint8_t *v, size_t len)
{
	if (len == 5 && v[0] == 1)
		snprintf(out, cap, "%u.%u.%u.%u", v[1], v[2], v[3], v[4]);
	else
		hex(out, cap, v, len);
}

/* Chassis ID subtypes 1, 2, 3, 6, 7 and Port ID 1, 2, 5, 7 are text */
static void
id_text(char *out, size_t cap, int chassis, uint8_t subtype, const uint8_t *v, size_t len)
{
	int mac = chassis ? subtype == LLDP_CHASSIS_MAC : subtype == LLDP_PORT_MAC;
	int net = chassis ? subtype == 5 : subtype == 4;
	int is_text = chassis ? (subtype >= 1 && subtype <= 7 && !mac && !net)
			      : (subtype == 1 || subtype == 2 || subtype == 5 || subtype == 7);

	if (mac && len == 6)
		hex(out, cap, v, len);
	else if (net)
		net_address(out, cap, v, len);
	else if (is_text)
		text(out, cap, v, len);
	else
		hex(out, cap, v, len);
}

int
lldp_parse(const uint8_t *pdu, size_t len, struct lldp_rx_info *out)
{
	size_t off = 0;
	unsigned int n = 0; /* TLVs seen */
	int have_descr = 0, have_name = 0;

	if (pdu == NULL || out == NULL)
		return LLDP_PARSE_TRUNCATED;
	memset(out, 0, sizeof(*out));
	for (;;) {
		unsigned int type, tlen;
		const uint8_t *v;

		if (off == len) {
			/* no End TLV: allowed once the mandatory three are there */
			return n >= 3 ? LLDP_PARSE_OK : LLDP_PARSE_MISSING;
		}
		if (len - off < TLV_HLEN)
			return LLDP_PARSE_TRUNCATED;
		type = pdu[off] >> 1;
		tlen = (unsigned int)(pdu[off] & 1) << 8 | pdu[off + 1];
		if (len - off - TLV_HLEN < tlen)
			return LLDP_PARSE_TRUNCATED;
		v = pdu + off + TLV_HLEN;
		off += TLV_HLEN + tlen;

		/* the first three: Chassis ID, Port ID, TTL, in this order (8.2) */
		if (n < 3 && type != (unsigned int)(LLDP_TLV_CHASSIS_ID + n))
			return LLDP_PARSE_MISSING;
		n++;
		switch (type) {
		case LLDP_TLV_END:
			return tlen == 0 ? LLDP_PARSE_OK : LLDP_PARSE_BAD_LENGTH;
		case LLDP_TLV_CHASSIS_ID:
		case LLDP_TLV_PORT_ID:
			if (n > 3)
				return LLDP_PARSE_DUPLICATE;
			if (tlen < 2 || tlen > 1 + LLDP_ID_MAX)
				return LLDP_PARSE_BAD_LENGTH;
			if (type == LLDP_TLV_CHASSIS_ID) {
				out->chassis_subtype = v[0];
				out->chassis_len = (uint16_t)(tlen - 1);
				memcpy(out->chassis_raw, v + 1, tlen - 1);
				id_text(out->chassis, sizeof(out->chassis), 1, v[0], v + 1,
					tlen - 1);
			} else {
				out->port_subtype = v[0];
				out->port_len = (uint16_t)(tlen - 1);
				memcpy(out->port_raw, v + 1, tlen - 1);
				id_text(out->port, sizeof(out->port), 0, v[0], v + 1, tlen - 1);
			}
			break;
		case LLDP_TLV_TTL:
			if (n > 3)
				return LLDP_PARSE_DUPLICATE;
			/* 8.5.4: two octets; longer ones are read from their first two */
			if (tlen < 2)
				return LLDP_PARSE_BAD_LENGTH;
			out->ttl = (uint16_t)(v[0] << 8 | v[1]);
			break;
		case LLDP_TLV_PORT_DESCR:
		case LLDP_TLV_SYSTEM_NAME: {
			int *seen = type == LLDP_TLV_PORT_DESCR ? &have_descr : &have_name;
			char *dst =
				type == LLDP_TLV_PORT_DESCR ? out->port_descr : out->system_name;

			if (*seen || tlen > LLDP_STR_MAX) {
				out->tlvs_discarded++; /* one of each; 255 at most */
				break;
			}
			*seen = 1;
			text(dst, LLDP_STR_MAX + 1, v, tlen);
			break;
		}
		case 6: /* System Description, Capabilities, Management Address: not used */
		case 7:
		case 8:
			break;
		case LLDP_TLV_ORG:
			/* an OUI (3) and a subtype (1) at least (8.6) */
			if (tlen < 4)
				out->tlvs_discarded++;
			else
				out->tlvs_unrecognized++;
			break;
		default: /* 9 .. 126: reserved */
			out->tlvs_unrecognized++;
			break;
		}
	}
}

int
lldp_parse_frame(const uint8_t *frame, size_t len, struct lldp_rx_info *out)
{
	int group = 0;

	if (frame == NULL || out == NULL || len < LLDP_ETH_HLEN)
		return LLDP_PARSE_NOT_LLDP;
	for (unsigned int i = 0; i < 3; i++)
		if (memcmp(frame, lldp_groups[i], 6) == 0)
			group = 1;
	if (!group || frame[12] != (LLDP_ETHERTYPE >> 8) || frame[13] != (LLDP_ETHERTYPE & 0xff))
		return LLDP_PARSE_NOT_LLDP;
	return lldp_parse(frame + LLDP_ETH_HLEN, len - LLDP_ETH_HLEN, out);
}
