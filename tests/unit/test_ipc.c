/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/ipc: every message's round trip, its exact bytes on the wire, and
 * every malformed input with the exact status the server replies with.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dps_ipc.h"
#include "dps_ring.h"
#include "dps_status.h"
#include "dps_test.h"
#include "test_ipc_paths.h"

static uint8_t buf[DPS_IPC_MAX_MSG + 64];

static void
le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void
le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* A request datagram in buf: header + @p len payload bytes already at buf + 16. */
static size_t
msg(uint8_t type, size_t len)
{
	CU_ASSERT_EQUAL_FATAL(
		dps_ipc_put_hdr(buf, sizeof(buf), type, 77, (uint32_t)len, 0), DPS_IPC_HDR_LEN);
	return DPS_IPC_HDR_LEN + len;
}

static int
check(uint8_t type, size_t len)
{
	struct dps_ipc_hdr h;

	return dps_ipc_check_request(buf, msg(type, len), &h);
}

/* ---- header ---- */

static void
test_hdr_round_trip_and_bytes(void)
{
	static const uint8_t want[16] = {
		1, 0x83, 0, 0, 0x78, 0x56, 0x34, 0x12, 40, 0, 0, 0, 0xee, 0xff, 0xff, 0xff};
	struct dps_ipc_hdr h;

	memset(buf, 0xaa, sizeof(buf));
	CU_ASSERT_EQUAL(dps_ipc_put_hdr(buf, 16, DPS_IPC_OPEN | DPS_IPC_REPLY, 0x12345678, 40,
				DPS_E_NO_MORE_ENTRIES),
		16);
	CU_ASSERT_EQUAL(memcmp(buf, want, 16), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 56, &h), DPS_OK);
	CU_ASSERT_EQUAL(h.version, DPS_IPC_VERSION);
	CU_ASSERT_EQUAL(h.type, DPS_IPC_OPEN | DPS_IPC_REPLY);
	CU_ASSERT_EQUAL(h.flags, 0);
	CU_ASSERT_EQUAL(h.id, 0x12345678u);
	CU_ASSERT_EQUAL(h.len, 40u);
	CU_ASSERT_EQUAL(h.status, DPS_E_NO_MORE_ENTRIES);
}

static void
test_hdr_put_refusals(void)
{
	CU_ASSERT_EQUAL(dps_ipc_put_hdr(NULL, 16, 1, 1, 0, 0), 0);
	CU_ASSERT_EQUAL(dps_ipc_put_hdr(buf, 15, 1, 1, 0, 0), 0);
	CU_ASSERT_EQUAL(dps_ipc_put_hdr(buf, 16, 1, 1, DPS_IPC_MAX_PAYLOAD + 1, 0), 0);
	CU_ASSERT_EQUAL(dps_ipc_put_hdr(buf, 16, 1, 1, DPS_IPC_MAX_PAYLOAD, 0), 16);
}

static void
test_hdr_truncated(void)
{
	struct dps_ipc_hdr h;

	dps_ipc_put_hdr(buf, sizeof(buf), DPS_IPC_RECV, 0xabcdef01, 0, 0);
	for (size_t n = 0; n < DPS_IPC_HDR_LEN; n++) {
		CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, n, &h), DPS_E_INVALID_LENGTH);
		/* what could be read is there, for the error reply's id */
		CU_ASSERT_EQUAL(h.id, n >= 8 ? 0xabcdef01u : 0u);
		CU_ASSERT_EQUAL(h.type, n >= 2 ? DPS_IPC_RECV : 0);
		CU_ASSERT_EQUAL(h.status, 0);
	}
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(NULL, 16, &h), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, NULL), DPS_E_INVALID_PARAMETER);
}

static void
test_hdr_len_mismatch_and_oversize(void)
{
	struct dps_ipc_hdr h;

	dps_ipc_put_hdr(buf, sizeof(buf), DPS_IPC_CLOSE, 9, 8, 0);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 24, &h), DPS_OK);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 23, &h), DPS_E_INVALID_LENGTH); /* payload short */
	CU_ASSERT_EQUAL(h.id, 9u);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 25, &h), DPS_E_INVALID_LENGTH); /* garbage after */
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), DPS_E_INVALID_LENGTH);
	/* len says the maximum, the datagram is bigger than any message */
	le32(buf + 8, DPS_IPC_MAX_PAYLOAD);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, DPS_IPC_MAX_MSG, &h), DPS_OK);
	le32(buf + 8, DPS_IPC_MAX_PAYLOAD + 1);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, DPS_IPC_MAX_MSG + 1, &h), DPS_E_INVALID_LENGTH);
	le32(buf + 8, 0xffffffffu);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, DPS_IPC_MAX_MSG, &h), DPS_E_INVALID_LENGTH);
}

static void
test_hdr_version_type_flags(void)
{
	struct dps_ipc_hdr h;

	dps_ipc_put_hdr(buf, sizeof(buf), DPS_IPC_CLOSE, 5, 0, 0);
	buf[0] = 2;
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(h.id, 5u);
	buf[0] = 0;
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), DPS_E_NOT_SUPPORTED);
	buf[0] = DPS_IPC_VERSION;

	for (unsigned int t = 0; t < 256; t++) {
		unsigned int r = t & ~DPS_IPC_REPLY;
		int known = (r >= 1 && r <= DPS_IPC_TYPE_MAX) ||
			    (r >= DPS_IPC_CAPTURE_START && r <= DPS_IPC_CAPTURE_TYPE_MAX) ||
			    (r >= DPS_IPC_ADAPTER_REMOVE && r <= DPS_IPC_ADMIN_TYPE_MAX) ||
			    (r >= DPS_IPC_RING_TYPE_MIN && r <= DPS_IPC_RING_TYPE_MAX) ||
			    t == DPS_IPC_ERROR;

		buf[1] = (uint8_t)t;
		CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), known ? DPS_OK : DPS_E_NOT_SUPPORTED);
	}
	buf[1] = DPS_IPC_CLOSE;
	le16(buf + 2, 1);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), DPS_E_INVALID_DATA);
	le16(buf + 2, 0x8000);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(h.flags, 0x8000);
}

static void
test_hdr_check_order(void)
{
	struct dps_ipc_hdr h;

	/* version before length, length before type, type before flags */
	dps_ipc_put_hdr(buf, sizeof(buf), 0, 5, 3, 0);
	le16(buf + 2, 1);
	buf[0] = 9;
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), DPS_E_NOT_SUPPORTED);
	buf[0] = DPS_IPC_VERSION;
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 19, &h), DPS_E_NOT_SUPPORTED);
	buf[1] = DPS_IPC_CLOSE;
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 19, &h), DPS_E_INVALID_DATA);
}

/* ---- reasons ---- */

static void
test_reason_flag_rules(void)
{
	struct dps_ipc_hdr h;

	/* on a failure reply or an ERROR: accepted, and written back the same */
	CU_ASSERT_EQUAL(dps_ipc_put_hdr_flags(buf, sizeof(buf), DPS_IPC_OPEN | DPS_IPC_REPLY,
				DPS_IPC_F_REASON, 9, 0, DPS_E_INVALID_DATA),
		DPS_IPC_HDR_LEN);
	CU_ASSERT_EQUAL(buf[2], 1);
	CU_ASSERT_EQUAL(buf[3], 0);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), DPS_OK);
	CU_ASSERT_EQUAL(h.flags, DPS_IPC_F_REASON);
	CU_ASSERT_EQUAL(dps_ipc_put_hdr_flags(buf, sizeof(buf), DPS_IPC_ERROR, DPS_IPC_F_REASON, 9,
				0, DPS_E_NOT_SUPPORTED),
		DPS_IPC_HDR_LEN);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), DPS_OK);
	/* on a success, a request, or another bit: refused both ways */
	CU_ASSERT_EQUAL(dps_ipc_put_hdr_flags(buf, sizeof(buf), DPS_IPC_OPEN | DPS_IPC_REPLY,
				DPS_IPC_F_REASON, 9, 0, DPS_OK),
		0u);
	CU_ASSERT_EQUAL(dps_ipc_put_hdr_flags(buf, sizeof(buf), DPS_IPC_OPEN, DPS_IPC_F_REASON, 9,
				0, DPS_E_INVALID_DATA),
		0u);
	CU_ASSERT_EQUAL(dps_ipc_put_hdr_flags(buf, sizeof(buf), DPS_IPC_OPEN | DPS_IPC_REPLY, 2, 9,
				0, DPS_E_INVALID_DATA),
		0u);
	dps_ipc_put_hdr(buf, sizeof(buf), DPS_IPC_OPEN | DPS_IPC_REPLY, 9, 0, DPS_OK);
	le16(buf + 2, DPS_IPC_F_REASON);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), DPS_E_INVALID_DATA);
	dps_ipc_put_hdr(buf, sizeof(buf), DPS_IPC_OPEN | DPS_IPC_REPLY, 9, 0, DPS_E_NOT_FOUND);
	le16(buf + 2, DPS_IPC_F_REASON | 2);
	CU_ASSERT_EQUAL(dps_ipc_get_hdr(buf, 16, &h), DPS_E_INVALID_DATA);
	/* a request with the flag is a bad request for the server */
	le32(buf + 16, 0);
	dps_ipc_put_hdr(buf, sizeof(buf), DPS_IPC_LIST_BINDINGS, 9, 4, 0);
	le16(buf + 2, DPS_IPC_F_REASON);
	CU_ASSERT_EQUAL(dps_ipc_check_request(buf, 20, &h), DPS_E_INVALID_DATA);
}

static void
test_reason_block(void)
{
	static const uint8_t want[] = {5, 0, 'b', 'a', 'd', ' ', 'x'};
	char text[DPS_IPC_REASON_MAX + 1], big[DPS_IPC_REASON_MAX + 2];
	uint8_t p[DPS_IPC_REASON_MAX + 16];
	size_t used = 0;

	CU_ASSERT_EQUAL(dps_ipc_put_reason(p, sizeof(p), "bad x"), 7u);
	CU_ASSERT_EQUAL(memcmp(p, want, sizeof(want)), 0);
	/* the failure payload follows the block */
	p[7] = 0xaa;
	CU_ASSERT_EQUAL(dps_ipc_get_reason(p, 8, text, &used), DPS_OK);
	CU_ASSERT_STRING_EQUAL(text, "bad x");
	CU_ASSERT_EQUAL(used, 7u);
	/* encoder refusals */
	CU_ASSERT_EQUAL(dps_ipc_put_reason(p, sizeof(p), ""), 0u);
	CU_ASSERT_EQUAL(dps_ipc_put_reason(p, sizeof(p), NULL), 0u);
	CU_ASSERT_EQUAL(dps_ipc_put_reason(p, 6, "bad x"), 0u);
	CU_ASSERT_EQUAL(dps_ipc_put_reason(p, sizeof(p), "two\nlines"), 0u);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CU_ASSERT_EQUAL(dps_ipc_put_reason(p, sizeof(p), big), 0u);
	big[DPS_IPC_REASON_MAX] = '\0';
	CU_ASSERT_EQUAL(dps_ipc_put_reason(p, sizeof(p), big), 2u + DPS_IPC_REASON_MAX);
	CU_ASSERT_EQUAL(dps_ipc_get_reason(p, 2 + DPS_IPC_REASON_MAX, text, &used), DPS_OK);
	CU_ASSERT_EQUAL(strlen(text), (size_t)DPS_IPC_REASON_MAX);
	/* decoder: lengths and bytes */
	CU_ASSERT_EQUAL(dps_ipc_get_reason(want, 1, text, &used), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_reason(want, 6, text, &used), DPS_E_INVALID_LENGTH);
	le16(p, 0);
	CU_ASSERT_EQUAL(dps_ipc_get_reason(p, 8, text, &used), DPS_E_INVALID_LENGTH);
	le16(p, DPS_IPC_REASON_MAX + 1);
	CU_ASSERT_EQUAL(dps_ipc_get_reason(p, sizeof(p), text, &used), DPS_E_INVALID_LENGTH);
	memcpy(p, want, sizeof(want));
	p[3] = 0;
	CU_ASSERT_EQUAL(dps_ipc_get_reason(p, 7, text, &used), DPS_E_INVALID_DATA);
	p[3] = 0x7f;
	CU_ASSERT_EQUAL(dps_ipc_get_reason(p, 7, text, &used), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(dps_ipc_get_reason(NULL, 7, text, &used), DPS_E_INVALID_PARAMETER);
	/* cleaning: control characters become spaces, cut at the limit */
	snprintf(text, sizeof(text), "a\tb\nc");
	CU_ASSERT_EQUAL(dps_ipc_reason_clean(text), 5u);
	CU_ASSERT_STRING_EQUAL(text, "a b c");
}

/* ---- scalars ---- */

static void
test_u32_and_handle(void)
{
	uint32_t v = 0;
	uint64_t hd = 0;

	CU_ASSERT_EQUAL(dps_ipc_put_u32(buf, 4, 0xdeadbeef), 4);
	CU_ASSERT(buf[0] == 0xef && buf[3] == 0xde);
	CU_ASSERT_EQUAL(dps_ipc_get_u32(buf, 4, &v), DPS_OK);
	CU_ASSERT_EQUAL(v, 0xdeadbeefu);
	CU_ASSERT_EQUAL(dps_ipc_get_u32(buf, 3, &v), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_u32(buf, 5, &v), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_u32(buf, 4, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_ipc_put_u32(buf, 3, 1), 0);

	CU_ASSERT_EQUAL(dps_ipc_put_handle(buf, 8, 0x0102030405060708ull), 8);
	CU_ASSERT(buf[0] == 0x08 && buf[7] == 0x01);
	CU_ASSERT_EQUAL(dps_ipc_get_handle(buf, 8, &hd), DPS_OK);
	CU_ASSERT_EQUAL(hd, 0x0102030405060708ull);
	CU_ASSERT_EQUAL(dps_ipc_get_handle(buf, 7, &hd), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_handle(buf, 9, &hd), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_handle(NULL, 8, &hd), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_ipc_put_handle(buf, 7, 1), 0);
}

/* ---- LIST_BINDINGS ---- */

static struct dps_ipc_binding_info
sample_info(void)
{
	struct dps_ipc_binding_info b;

	memset(&b, 0, sizeof(b));
	strcpy(b.name, "dps0");
	strcpy(b.description, "net_tap0,iface=dps0 (net_tap)");
	memcpy(b.mac, "\x02\x00\x00\xaa\xbb\xcc", 6);
	b.mtu = 1500;
	b.link_up = 1;
	b.link_speed = 10000;
	b.state = 4;
	return b;
}

static void
test_binding_info_round_trip_and_layout(void)
{
	struct dps_ipc_binding_info b = sample_info(), d;
	uint8_t *p = buf;

	memset(buf, 0xaa, sizeof(buf));
	CU_ASSERT_EQUAL(dps_ipc_put_binding_info(p, DPS_IPC_BINDING_INFO_LEN, &b), 104);
	CU_ASSERT_EQUAL(memcmp(p, "dps0\0\0\0\0\0\0\0\0\0\0\0\0", 16), 0);
	CU_ASSERT_EQUAL(memcmp(p + 16, "net_tap0,iface=dps0 (net_tap)", 30), 0);
	CU_ASSERT_EQUAL(p[79], 0);
	CU_ASSERT_EQUAL(memcmp(p + 80, "\x02\x00\x00\xaa\xbb\xcc\0\0", 8), 0);
	CU_ASSERT_EQUAL(memcmp(p + 88, "\xdc\x05\0\0\x01\0\0\0\x10\x27\0\0\x04\0\0\0", 16), 0);
	memset(&d, 0x55, sizeof(d));
	CU_ASSERT_EQUAL(dps_ipc_get_binding_info(p, 104, &d), DPS_OK);
	CU_ASSERT_STRING_EQUAL(d.name, "dps0");
	CU_ASSERT_STRING_EQUAL(d.description, b.description);
	CU_ASSERT_EQUAL(memcmp(d.mac, b.mac, 6), 0);
	CU_ASSERT_EQUAL(d.mtu, 1500u);
	CU_ASSERT_EQUAL(d.link_up, 1u);
	CU_ASSERT_EQUAL(d.link_speed, 10000u);
	CU_ASSERT_EQUAL(d.state, 4u);
	/* bytes after the NUL and the reserved bytes do not reach the reader */
	p[10] = 'x';
	p[86] = 0xff;
	CU_ASSERT_EQUAL(dps_ipc_get_binding_info(p, 104, &d), DPS_OK);
	CU_ASSERT_EQUAL(d.name[10], 0);
}

static void
test_binding_info_malformed(void)
{
	struct dps_ipc_binding_info b = sample_info(), d;

	dps_ipc_put_binding_info(buf, sizeof(buf), &b);
	CU_ASSERT_EQUAL(dps_ipc_get_binding_info(buf, 103, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_binding_info(buf, 105, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_binding_info(buf, 0, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_binding_info(buf, 104, NULL), DPS_E_INVALID_PARAMETER);
	buf[0] = 0; /* empty name */
	CU_ASSERT_EQUAL(dps_ipc_get_binding_info(buf, 104, &d), DPS_E_INVALID_DATA);
	memset(buf, 'a', 16); /* name without NUL */
	CU_ASSERT_EQUAL(dps_ipc_get_binding_info(buf, 104, &d), DPS_E_INVALID_DATA);
	dps_ipc_put_binding_info(buf, sizeof(buf), &b);
	memset(buf + 16, 'd', 64); /* description without NUL */
	CU_ASSERT_EQUAL(dps_ipc_get_binding_info(buf, 104, &d), DPS_E_INVALID_DATA);
	memset(buf + 16, 0, 64); /* an empty description is fine */
	CU_ASSERT_EQUAL(dps_ipc_get_binding_info(buf, 104, &d), DPS_OK);

	CU_ASSERT_EQUAL(dps_ipc_put_binding_info(buf, 103, &b), 0);
	CU_ASSERT_EQUAL(dps_ipc_put_binding_info(NULL, 104, &b), 0);
	b.name[0] = 0;
	CU_ASSERT_EQUAL(dps_ipc_put_binding_info(buf, 104, &b), 0);
	memset(b.name, 'n', sizeof(b.name));
	CU_ASSERT_EQUAL(dps_ipc_put_binding_info(buf, 104, &b), 0);
	b = sample_info();
	memset(b.description, 'n', sizeof(b.description));
	CU_ASSERT_EQUAL(dps_ipc_put_binding_info(buf, 104, &b), 0);
}

/* ---- OPEN ---- */

static struct dps_ipc_open open_req;

static void
sample_open(const char *filter)
{
	memset(&open_req, 0, sizeof(open_req));
	strcpy(open_req.adapter, "dps0");
	open_req.queue_len = 512;
	open_req.nb_types = 2;
	open_req.types[0] = 0x88b5;
	open_req.types[1] = 0x0800;
	open_req.filter_len = (uint16_t)strlen(filter);
	memcpy(open_req.filter, filter, strlen(filter));
}

static struct dps_ipc_open open_out;

static int
get_open(size_t len)
{
	return dps_ipc_get_open(buf + 16, len, &open_out);
}

static void
test_open_round_trip_and_layout(void)
{
	static const uint8_t want[44] = {'d', 'p', 's', '0', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0x02, 0, 0, 2, 0, 4, 0, 0xb5, 0x88, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 'a', 'r', 'p', 's'};
	size_t n;

	sample_open("arps");
	memset(buf, 0xaa, sizeof(buf));
	n = dps_ipc_put_open(buf + 16, DPS_IPC_MAX_PAYLOAD, &open_req);
	CU_ASSERT_EQUAL_FATAL(n, 44);
	CU_ASSERT_EQUAL(memcmp(buf + 16, want, sizeof(want)), 0);
	memset(&open_out, 0x55, sizeof(open_out));
	CU_ASSERT_EQUAL(get_open(n), DPS_OK);
	CU_ASSERT_STRING_EQUAL(open_out.adapter, "dps0");
	CU_ASSERT_EQUAL(open_out.queue_len, 512u);
	CU_ASSERT_EQUAL(open_out.nb_types, 2);
	CU_ASSERT_EQUAL(open_out.types[0], 0x88b5);
	CU_ASSERT_EQUAL(open_out.types[1], 0x0800);
	CU_ASSERT_EQUAL(open_out.types[2], 0);
	CU_ASSERT_EQUAL(open_out.filter_len, 4);
	CU_ASSERT_STRING_EQUAL(open_out.filter, "arps"); /* NUL-terminated once decoded */
	CU_ASSERT_EQUAL(check(DPS_IPC_OPEN, n), DPS_OK);

	/* no filter, 8 types, the largest queue and filter */
	sample_open("");
	open_req.nb_types = 8;
	for (int i = 0; i < 8; i++)
		open_req.types[i] = (uint16_t)(0x0600 + i);
	open_req.queue_len = 65536;
	n = dps_ipc_put_open(buf + 16, DPS_IPC_MAX_PAYLOAD, &open_req);
	CU_ASSERT_EQUAL(n, 40);
	CU_ASSERT_EQUAL(get_open(n), DPS_OK);
	CU_ASSERT_EQUAL(open_out.filter[0], '\0');
	CU_ASSERT_EQUAL(open_out.types[7], 0x0607);
	memset(open_req.filter, 'x', DPS_IPC_MAX_FILTER);
	open_req.filter_len = DPS_IPC_MAX_FILTER;
	n = dps_ipc_put_open(buf + 16, DPS_IPC_MAX_PAYLOAD, &open_req);
	CU_ASSERT_EQUAL(n, 40 + DPS_IPC_MAX_FILTER);
	CU_ASSERT_EQUAL(get_open(n), DPS_OK);
	CU_ASSERT_EQUAL(strlen(open_out.filter), DPS_IPC_MAX_FILTER);
	CU_ASSERT_EQUAL(check(DPS_IPC_OPEN, n), DPS_OK);
}

static void
test_open_malformed(void)
{
	size_t n;

	sample_open("ip");
	n = dps_ipc_put_open(buf + 16, DPS_IPC_MAX_PAYLOAD, &open_req);
	CU_ASSERT_EQUAL_FATAL(n, 42);
	/* too short for the fixed part, filter shorter or longer than filter_len */
	CU_ASSERT_EQUAL(get_open(39), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(get_open(0), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(get_open(41), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(get_open(43), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_OPEN, 43), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_open(NULL, 42, &open_out), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_ipc_get_open(buf + 16, 42, NULL), DPS_E_INVALID_PARAMETER);

	/* the name */
	buf[16] = 0;
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	memset(buf + 16, 'a', 16);
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(check(DPS_IPC_OPEN, n), DPS_E_INVALID_DATA);
	memcpy(buf + 16, "dps0", 5);
	CU_ASSERT_EQUAL(get_open(n), DPS_OK);

	/* EtherType count: 0 and 9 */
	le16(buf + 16 + 20, 0);
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	le16(buf + 16 + 20, 9);
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	le16(buf + 16 + 20, 2);

	/* an EtherType below 0x0600 is a length; 0 too; a used slot past nb_types */
	le16(buf + 16 + 26, 0x05ff);
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	le16(buf + 16 + 26, 0);
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	le16(buf + 16 + 26, 0x0600);
	CU_ASSERT_EQUAL(get_open(n), DPS_OK);
	le16(buf + 16 + 38, 0x0800);
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	le16(buf + 16 + 38, 0);

	/* queue_len */
	le32(buf + 16 + 16, 65537);
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	le32(buf + 16 + 16, 0xffffffffu);
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	le32(buf + 16 + 16, 0);
	CU_ASSERT_EQUAL(get_open(n), DPS_OK);

	/* filter_len too big (a bad value, even when the message is short) */
	le16(buf + 16 + 22, DPS_IPC_MAX_FILTER + 1);
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(get_open(40 + DPS_IPC_MAX_FILTER + 1), DPS_E_INVALID_DATA);
	le16(buf + 16 + 22, 2);

	/* a NUL inside the filter */
	buf[16 + 41] = 0;
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	buf[16 + 41] = 'p';
	CU_ASSERT_EQUAL(get_open(n), DPS_OK);

	/* a failed decode leaves the output alone */
	memset(&open_out, 0x55, sizeof(open_out));
	buf[16] = 0;
	CU_ASSERT_EQUAL(get_open(n), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(open_out.queue_len, 0x55555555u);
}

static void
test_open_encoder_refusals(void)
{
	uint8_t *p = buf + 16;

	sample_open("ip");
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 41, &open_req), 0); /* does not fit */
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 42, &open_req), 42);
	CU_ASSERT_EQUAL(dps_ipc_put_open(NULL, 42, &open_req), 0);
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 42, NULL), 0);
	open_req.adapter[0] = 0;
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 100, &open_req), 0);
	memset(open_req.adapter, 'a', sizeof(open_req.adapter));
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 100, &open_req), 0);
	sample_open("ip");
	open_req.nb_types = 0;
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 100, &open_req), 0);
	open_req.nb_types = 9;
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 100, &open_req), 0);
	open_req.nb_types = 2;
	open_req.types[1] = 0x05dc;
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 100, &open_req), 0);
	open_req.types[1] = 0x0800;
	open_req.queue_len = 65537;
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 100, &open_req), 0);
	open_req.queue_len = 0;
	open_req.filter_len = DPS_IPC_MAX_FILTER + 1;
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 2000, &open_req), 0);
	open_req.filter_len = 3; /* "ip\0" */
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 100, &open_req), 0);
	/* types past nb_types are not sent */
	open_req.filter_len = 2;
	open_req.types[5] = 0x1234;
	CU_ASSERT_EQUAL(dps_ipc_put_open(p, 100, &open_req), 42);
	CU_ASSERT_EQUAL(get_open(42), DPS_OK);
	CU_ASSERT_EQUAL(open_out.types[5], 0);
}

/* ---- RECV and frames ---- */

static void
test_recv_request(void)
{
	struct dps_ipc_recv r = {
		.handle = 0x1122334455667788ull, .timeout_ms = 250, .max_len = 9622};
	struct dps_ipc_recv d;
	uint8_t *p = buf + 16;

	CU_ASSERT_EQUAL(dps_ipc_put_recv(p, 16, &r), 16);
	CU_ASSERT_EQUAL(memcmp(p, "\x88\x77\x66\x55\x44\x33\x22\x11\xfa\0\0\0\x96\x25\0\0", 16), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_recv(p, 16, &d), DPS_OK);
	CU_ASSERT_EQUAL(d.handle, r.handle);
	CU_ASSERT_EQUAL(d.timeout_ms, 250u);
	CU_ASSERT_EQUAL(d.max_len, 9622u);
	CU_ASSERT_EQUAL(check(DPS_IPC_RECV, 16), DPS_OK);
	CU_ASSERT_EQUAL(dps_ipc_get_recv(p, 15, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_recv(p, 17, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_RECV, 15), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_RECV, 17), DPS_E_INVALID_LENGTH);
	le32(p + 12, 0);
	CU_ASSERT_EQUAL(dps_ipc_get_recv(p, 16, &d), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(check(DPS_IPC_RECV, 16), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(dps_ipc_get_recv(p, 16, NULL), DPS_E_INVALID_PARAMETER);
	r.max_len = 0;
	CU_ASSERT_EQUAL(dps_ipc_put_recv(p, 16, &r), 0);
	r.max_len = 1;
	CU_ASSERT_EQUAL(dps_ipc_put_recv(p, 15, &r), 0);
}

static void
test_frame_reply(void)
{
	static uint8_t data[DPS_IPC_MAX_FRAME + 1];
	struct dps_ipc_frame f = {.orig_len = 70, .dropped = 3, .data = data, .len = 60};
	struct dps_ipc_frame d;
	uint8_t *p = buf + 16;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	CU_ASSERT_EQUAL(dps_ipc_put_frame(p, 68, &f), 68);
	CU_ASSERT_EQUAL(memcmp(p, "\x46\0\0\0\x03\0\0\0", 8), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_frame(p, 68, &d), DPS_OK);
	CU_ASSERT_EQUAL(d.orig_len, 70u);
	CU_ASSERT_EQUAL(d.dropped, 3u);
	CU_ASSERT_EQUAL(d.len, 60u);
	CU_ASSERT_PTR_EQUAL(d.data, p + 8);
	CU_ASSERT_EQUAL(memcmp(d.data, data, 60), 0);

	CU_ASSERT_EQUAL(dps_ipc_get_frame(p, 8, &d), DPS_E_INVALID_LENGTH); /* 0 bytes */
	CU_ASSERT_EQUAL(dps_ipc_get_frame(p, 7, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_frame(p, 0, &d), DPS_E_INVALID_LENGTH);
	le32(p, 59); /* carries more than the frame had */
	CU_ASSERT_EQUAL(dps_ipc_get_frame(p, 68, &d), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(dps_ipc_get_frame(NULL, 68, &d), DPS_E_INVALID_PARAMETER);

	f.len = f.orig_len = DPS_IPC_MAX_FRAME;
	CU_ASSERT_EQUAL(dps_ipc_put_frame(p, DPS_IPC_MAX_PAYLOAD, &f), 8 + DPS_IPC_MAX_FRAME);
	CU_ASSERT_EQUAL(dps_ipc_get_frame(p, 8 + DPS_IPC_MAX_FRAME, &d), DPS_OK);
	le32(p, DPS_IPC_MAX_FRAME + 1);
	CU_ASSERT_EQUAL(dps_ipc_get_frame(p, 8 + DPS_IPC_MAX_FRAME + 1, &d), DPS_E_INVALID_LENGTH);

	CU_ASSERT_EQUAL(dps_ipc_put_frame(p, 8 + DPS_IPC_MAX_FRAME - 1, &f), 0);
	f.len = f.orig_len = DPS_IPC_MAX_FRAME + 1;
	CU_ASSERT_EQUAL(dps_ipc_put_frame(p, DPS_IPC_MAX_PAYLOAD, &f), 0);
	f.len = 0;
	CU_ASSERT_EQUAL(dps_ipc_put_frame(p, DPS_IPC_MAX_PAYLOAD, &f), 0);
	f.len = 10;
	f.orig_len = 9;
	CU_ASSERT_EQUAL(dps_ipc_put_frame(p, DPS_IPC_MAX_PAYLOAD, &f), 0);
	f.orig_len = 10;
	f.data = NULL;
	CU_ASSERT_EQUAL(dps_ipc_put_frame(p, DPS_IPC_MAX_PAYLOAD, &f), 0);
}

static void
test_send_request(void)
{
	static uint8_t frame[DPS_IPC_MAX_FRAME + 1];
	struct dps_ipc_send s = {.handle = 42, .frame = frame, .len = 60}, d;
	uint8_t *p = buf + 16;

	memset(frame, 0xab, sizeof(frame));
	CU_ASSERT_EQUAL(dps_ipc_put_send(p, 68, &s), 68);
	CU_ASSERT_EQUAL(memcmp(p, "\x2a\0\0\0\0\0\0\0\xab", 9), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_send(p, 68, &d), DPS_OK);
	CU_ASSERT_EQUAL(d.handle, 42u);
	CU_ASSERT_EQUAL(d.len, 60u);
	CU_ASSERT_PTR_EQUAL(d.frame, p + 8);
	CU_ASSERT_EQUAL(check(DPS_IPC_SEND, 68), DPS_OK);
	/* frame of 0 bytes, a truncated handle, one byte too many */
	CU_ASSERT_EQUAL(dps_ipc_get_send(p, 8, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_send(p, 7, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_SEND, 8), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_send(p, 9, &d), DPS_OK);
	CU_ASSERT_EQUAL(d.len, 1u);
	CU_ASSERT_EQUAL(dps_ipc_get_send(p, 8 + DPS_IPC_MAX_FRAME, &d), DPS_OK);
	CU_ASSERT_EQUAL(check(DPS_IPC_SEND, 8 + DPS_IPC_MAX_FRAME), DPS_OK);
	CU_ASSERT_EQUAL(dps_ipc_get_send(p, 8 + DPS_IPC_MAX_FRAME + 1, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_SEND, 8 + DPS_IPC_MAX_FRAME + 1), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_send(p, 68, NULL), DPS_E_INVALID_PARAMETER);
	/* encoder */
	s.len = 0;
	CU_ASSERT_EQUAL(dps_ipc_put_send(p, 100, &s), 0);
	s.len = DPS_IPC_MAX_FRAME + 1;
	CU_ASSERT_EQUAL(dps_ipc_put_send(p, DPS_IPC_MAX_PAYLOAD, &s), 0);
	s.len = 60;
	CU_ASSERT_EQUAL(dps_ipc_put_send(p, 67, &s), 0);
	s.frame = NULL;
	CU_ASSERT_EQUAL(dps_ipc_put_send(p, 100, &s), 0);
}

/* ---- OIDs ---- */

static void
test_oid_query_request(void)
{
	struct dps_ipc_oid q = {.handle = 7, .oid = 0x01010102, .buf_len = 6}, d;
	uint8_t *p = buf + 16;

	CU_ASSERT_EQUAL(dps_ipc_put_oid_query(p, 16, &q), 16);
	CU_ASSERT_EQUAL(memcmp(p, "\x07\0\0\0\0\0\0\0\x02\x01\x01\x01\x06\0\0\0", 16), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_query(p, 16, &d), DPS_OK);
	CU_ASSERT_EQUAL(d.handle, 7u);
	CU_ASSERT_EQUAL(d.oid, 0x01010102u);
	CU_ASSERT_EQUAL(d.buf_len, 6u);
	CU_ASSERT_PTR_NULL(d.data);
	CU_ASSERT_EQUAL(check(DPS_IPC_OID_QUERY, 16), DPS_OK);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_query(p, 15, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_query(p, 17, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_OID_QUERY, 17), DPS_E_INVALID_LENGTH);
	le32(p + 12, 0); /* asking for bytes_needed */
	CU_ASSERT_EQUAL(dps_ipc_get_oid_query(p, 16, &d), DPS_OK);
	le32(p + 12, DPS_IPC_OID_DATA_MAX);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_query(p, 16, &d), DPS_OK);
	le32(p + 12, DPS_IPC_OID_DATA_MAX + 1);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_query(p, 16, &d), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(check(DPS_IPC_OID_QUERY, 16), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_query(p, 16, NULL), DPS_E_INVALID_PARAMETER);
	q.buf_len = DPS_IPC_OID_DATA_MAX + 1;
	CU_ASSERT_EQUAL(dps_ipc_put_oid_query(p, 16, &q), 0);
	q.buf_len = 4;
	CU_ASSERT_EQUAL(dps_ipc_put_oid_query(p, 15, &q), 0);
}

static void
test_oid_set_request(void)
{
	static const uint8_t val[4] = {0x0b, 0, 0, 0};
	static uint8_t big[DPS_IPC_OID_DATA_MAX];
	struct dps_ipc_oid s = {.handle = 9, .oid = 0x0001010E, .buf_len = 4, .data = val}, d;
	uint8_t *p = buf + 16;

	CU_ASSERT_EQUAL(dps_ipc_put_oid_set(p, 20, &s), 20);
	CU_ASSERT_EQUAL(memcmp(p, "\x09\0\0\0\0\0\0\0\x0e\x01\x01\0\x04\0\0\0\x0b\0\0\0", 20), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_set(p, 20, &d), DPS_OK);
	CU_ASSERT_EQUAL(d.oid, 0x0001010Eu);
	CU_ASSERT_EQUAL(d.buf_len, 4u);
	CU_ASSERT_PTR_EQUAL(d.data, p + 16);
	CU_ASSERT_EQUAL(check(DPS_IPC_OID_SET, 20), DPS_OK);
	/* data length does not match buf_len */
	CU_ASSERT_EQUAL(dps_ipc_get_oid_set(p, 19, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_set(p, 21, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_set(p, 15, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_OID_SET, 21), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_OID_SET, 16), DPS_E_INVALID_LENGTH);
	/* buf_len too big: a bad value whatever the size */
	le32(p + 12, DPS_IPC_OID_DATA_MAX + 1);
	CU_ASSERT_EQUAL(
		dps_ipc_get_oid_set(p, 16 + DPS_IPC_OID_DATA_MAX + 1, &d), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_set(p, 20, &d), DPS_E_INVALID_DATA);
	/* an empty set (e.g. clearing the multicast list) */
	s.buf_len = 0;
	s.data = NULL;
	CU_ASSERT_EQUAL(dps_ipc_put_oid_set(p, 16, &s), 16);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_set(p, 16, &d), DPS_OK);
	CU_ASSERT_PTR_NULL(d.data);
	CU_ASSERT_EQUAL(check(DPS_IPC_OID_SET, 16), DPS_OK);
	/* the largest */
	s.buf_len = DPS_IPC_OID_DATA_MAX;
	s.data = big;
	CU_ASSERT_EQUAL(
		dps_ipc_put_oid_set(p, 16 + DPS_IPC_OID_DATA_MAX, &s), 16 + DPS_IPC_OID_DATA_MAX);
	CU_ASSERT_EQUAL(check(DPS_IPC_OID_SET, 16 + DPS_IPC_OID_DATA_MAX), DPS_OK);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_set(NULL, 16, &d), DPS_E_INVALID_PARAMETER);
	/* encoder */
	CU_ASSERT_EQUAL(dps_ipc_put_oid_set(p, 16 + DPS_IPC_OID_DATA_MAX - 1, &s), 0);
	s.buf_len = DPS_IPC_OID_DATA_MAX + 1;
	CU_ASSERT_EQUAL(dps_ipc_put_oid_set(p, 1000, &s), 0);
	s.buf_len = 4;
	s.data = NULL;
	CU_ASSERT_EQUAL(dps_ipc_put_oid_set(p, 1000, &s), 0);
}

static void
test_oid_reply(void)
{
	static const uint8_t mac[6] = {2, 0, 0, 0xaa, 0xbb, 0xcc};
	struct dps_ipc_oid_reply r = {.oid = 0x01010102, .bytes = 6, .data = mac, .len = 6}, d;
	uint8_t *p = buf + 16;

	CU_ASSERT_EQUAL(dps_ipc_put_oid_reply(p, 18, &r), 18);
	CU_ASSERT_EQUAL(memcmp(p, "\x02\x01\x01\x01\x06\0\0\0\0\0\0\0\x02\0\0\xaa\xbb\xcc", 18), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_reply(p, 18, &d), DPS_OK);
	CU_ASSERT_EQUAL(d.oid, 0x01010102u);
	CU_ASSERT_EQUAL(d.bytes, 6u);
	CU_ASSERT_EQUAL(d.len, 6u);
	CU_ASSERT_PTR_EQUAL(d.data, p + 12);
	/* bytes must match the data carried */
	CU_ASSERT_EQUAL(dps_ipc_get_oid_reply(p, 17, &d), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_reply(p, 11, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(
		dps_ipc_get_oid_reply(p, 12 + DPS_IPC_OID_DATA_MAX + 1, &d), DPS_E_INVALID_LENGTH);
	/* a set's reply or a failed query: no data, bytes read / bytes_needed */
	r.len = 0;
	r.data = NULL;
	r.bytes = 4;
	r.bytes_needed = 6;
	CU_ASSERT_EQUAL(dps_ipc_put_oid_reply(p, 12, &r), 12);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_reply(p, 12, &d), DPS_OK);
	CU_ASSERT_EQUAL(d.bytes, 4u);
	CU_ASSERT_EQUAL(d.bytes_needed, 6u);
	CU_ASSERT_PTR_NULL(d.data);
	le32(p + 4, DPS_IPC_OID_DATA_MAX + 1);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_reply(p, 12, &d), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(dps_ipc_get_oid_reply(p, 12, NULL), DPS_E_INVALID_PARAMETER);
	/* encoder */
	CU_ASSERT_EQUAL(dps_ipc_put_oid_reply(p, 11, &r), 0);
	r.bytes = DPS_IPC_OID_DATA_MAX + 1;
	CU_ASSERT_EQUAL(dps_ipc_put_oid_reply(p, 100, &r), 0);
	r.data = mac;
	r.len = 6;
	r.bytes = 5;
	CU_ASSERT_EQUAL(dps_ipc_put_oid_reply(p, 100, &r), 0);
	r.bytes = 6;
	CU_ASSERT_EQUAL(dps_ipc_put_oid_reply(p, 17, &r), 0);
}

/* ---- status, stats, lists ---- */

static void
test_wait_status_and_indication(void)
{
	struct dps_ipc_wait_status w = {.handle = 3, .timeout_ms = 1000}, dw;
	struct dps_ipc_indication i = {.code = 1, .link_up = 1, .link_speed = 25000}, di;
	uint8_t *p = buf + 16;

	CU_ASSERT_EQUAL(dps_ipc_put_wait_status(p, 12, &w), 12);
	CU_ASSERT_EQUAL(memcmp(p, "\x03\0\0\0\0\0\0\0\xe8\x03\0\0", 12), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_wait_status(p, 12, &dw), DPS_OK);
	CU_ASSERT_EQUAL(dw.handle, 3u);
	CU_ASSERT_EQUAL(dw.timeout_ms, 1000u);
	CU_ASSERT_EQUAL(check(DPS_IPC_WAIT_STATUS, 12), DPS_OK);
	CU_ASSERT_EQUAL(dps_ipc_get_wait_status(p, 11, &dw), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_wait_status(p, 13, &dw), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_WAIT_STATUS, 13), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_wait_status(p, 12, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_ipc_put_wait_status(p, 11, &w), 0);

	CU_ASSERT_EQUAL(dps_ipc_put_indication(p, 12, &i), 12);
	CU_ASSERT_EQUAL(memcmp(p, "\x01\0\0\0\x01\0\0\0\xa8\x61\0\0", 12), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_indication(p, 12, &di), DPS_OK);
	CU_ASSERT_EQUAL(di.code, 1u);
	CU_ASSERT_EQUAL(di.link_up, 1u);
	CU_ASSERT_EQUAL(di.link_speed, 25000u);
	CU_ASSERT_EQUAL(dps_ipc_get_indication(p, 11, &di), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_indication(p, 13, &di), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_indication(NULL, 12, &di), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_ipc_put_indication(p, 11, &i), 0);
}

static void
test_open_stats(void)
{
	struct dps_ipc_open_stats s = {1, 2, 3, 4, 5, 6, 0x0102030405060708ull}, d;
	uint8_t *p = buf + 16;

	CU_ASSERT_EQUAL(dps_ipc_put_open_stats(p, 56, &s), 56);
	CU_ASSERT_EQUAL(p[0], 1);
	CU_ASSERT_EQUAL(p[40], 6);
	CU_ASSERT_EQUAL(memcmp(p + 48, "\x08\x07\x06\x05\x04\x03\x02\x01", 8), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_open_stats(p, 56, &d), DPS_OK);
	CU_ASSERT_EQUAL(memcmp(&s, &d, sizeof(s)), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_open_stats(p, 55, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_open_stats(p, 57, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_open_stats(p, 56, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_ipc_put_open_stats(p, 55, &s), 0);
}

/* ---- whole requests ---- */

static void
test_check_request_every_type(void)
{
	/* exact sizes: too short, right, too long (trailing garbage) */
	static const struct {
		uint8_t type;
		size_t len;
	} fixed[] = {
		{DPS_IPC_LIST_BINDINGS, 4},
		{DPS_IPC_WAIT_BINDS, 4},
		{DPS_IPC_CLOSE, 8},
		{DPS_IPC_RECV, 16},
		{DPS_IPC_OID_QUERY, 16},
		{DPS_IPC_WAIT_STATUS, 12},
		{DPS_IPC_OPEN_STATS, 8},
	};

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		memset(buf + 16, 0, 64);
		buf[16 + 12] = 1; /* RECV max_len (byte 12 of the payload) */
		CU_ASSERT_EQUAL(check(fixed[i].type, fixed[i].len), DPS_OK);
		CU_ASSERT_EQUAL(check(fixed[i].type, fixed[i].len - 1), DPS_E_INVALID_LENGTH);
		CU_ASSERT_EQUAL(check(fixed[i].type, fixed[i].len + 1), DPS_E_INVALID_LENGTH);
		CU_ASSERT_EQUAL(check(fixed[i].type, 0), DPS_E_INVALID_LENGTH);
	}
	memset(buf + 16, 0, 64);
	CU_ASSERT_EQUAL(check(DPS_IPC_OPEN, 0), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_SEND, 0), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_OID_SET, 0), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_SEND, 14), DPS_OK);
	CU_ASSERT_EQUAL(check(DPS_IPC_OID_SET, 16), DPS_OK);
}

static void
test_check_request_header_rules(void)
{
	struct dps_ipc_hdr h;
	size_t n;

	memset(buf + 16, 0, 8);
	/* replies and errors are not requests */
	CU_ASSERT_EQUAL(check(DPS_IPC_CLOSE | DPS_IPC_REPLY, 8), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(check(DPS_IPC_ERROR, 0), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(check(0, 8), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(check(DPS_IPC_TYPE_MAX + 1, 8), DPS_E_NOT_SUPPORTED);
	/* a request carries status 0 */
	n = msg(DPS_IPC_CLOSE, 8);
	le32(buf + 12, (uint32_t)DPS_E_TIMEOUT);
	CU_ASSERT_EQUAL(dps_ipc_check_request(buf, n, &h), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(h.id, 77u);
	/* the header's own checks come through */
	n = msg(DPS_IPC_CLOSE, 8);
	buf[0] = 7;
	CU_ASSERT_EQUAL(dps_ipc_check_request(buf, n, &h), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(dps_ipc_check_request(buf, 3, &h), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_check_request(NULL, 24, &h), DPS_E_INVALID_PARAMETER);
	n = msg(DPS_IPC_CLOSE, 8);
	buf[2] = 1;
	CU_ASSERT_EQUAL(dps_ipc_check_request(buf, n, &h), DPS_E_INVALID_DATA);
}

/* ---- naming ---- */

static void
test_socket_path(void)
{
	char out[128];
	char longp[200];

	if (getuid() == 0) {
		CU_ASSERT_EQUAL(dps_ipc_socket_path(NULL, out, sizeof(out)), DPS_OK);
		CU_ASSERT_STRING_EQUAL(out, "/var/run/dpdk/rte/dpstack.sock");
		CU_ASSERT_EQUAL(dps_ipc_socket_path("", out, sizeof(out)), DPS_OK);
		CU_ASSERT_STRING_EQUAL(out, "/var/run/dpdk/rte/dpstack.sock");
		CU_ASSERT_EQUAL(dps_ipc_socket_path("dps-a", out, sizeof(out)), DPS_OK);
		CU_ASSERT_STRING_EQUAL(out, "/var/run/dpdk/dps-a/dpstack.sock");
		/* exactly big enough, one byte short */
		CU_ASSERT_EQUAL(dps_ipc_socket_path("rte", out, 31), DPS_OK);
		CU_ASSERT_EQUAL(dps_ipc_socket_path("rte", out, 30), DPS_E_BUFFER_TOO_SHORT);
		CU_ASSERT_STRING_EQUAL(out, "");
	}
	CU_ASSERT_EQUAL(dps_ipc_socket_path("a/b", out, sizeof(out)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_ipc_socket_path(".", out, sizeof(out)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_ipc_socket_path("..", out, sizeof(out)), DPS_E_INVALID_PARAMETER);
	memset(longp, 'p', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = 0;
	CU_ASSERT_EQUAL(dps_ipc_socket_path(longp, out, sizeof(out)), DPS_E_INVALID_PARAMETER);
	longp[60] = 0; /* a valid prefix, a buffer too short */
	CU_ASSERT_EQUAL(dps_ipc_socket_path(longp, out, 40), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(dps_ipc_socket_path("rte", out, 0), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(dps_ipc_socket_path("rte", NULL, 10), DPS_E_INVALID_PARAMETER);
}

/* Not root: XDG_RUNTIME_DIR, else /tmp (checked in a child that drops to nobody). */
static void
test_socket_path_not_root(void)
{
	pid_t pid;
	int st;

	if (getuid() != 0) {
		char out[128];

		setenv("XDG_RUNTIME_DIR", "/run/user/1000", 1);
		CU_ASSERT_EQUAL(dps_ipc_socket_path("p", out, sizeof(out)), DPS_OK);
		CU_ASSERT_STRING_EQUAL(out, "/run/user/1000/dpdk/p/dpstack.sock");
		return;
	}
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		char out[128];
		int bad = 0;

		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(3);
		setenv("XDG_RUNTIME_DIR", "/run/user/65534", 1);
		bad |= dps_ipc_socket_path("p", out, sizeof(out)) != DPS_OK ||
		       strcmp(out, "/run/user/65534/dpdk/p/dpstack.sock") != 0;
		unsetenv("XDG_RUNTIME_DIR");
		bad |= dps_ipc_socket_path(NULL, out, sizeof(out)) != DPS_OK ||
		       strcmp(out, "/tmp/dpdk/rte/dpstack.sock") != 0;
		_exit(bad ? 1 : 0);
	}
	CU_ASSERT_EQUAL(waitpid(pid, &st, 0), pid);
	CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* Not root: a root-run dpstack's socket is found by its prefix. */
static void
test_socket_path_finds_roots(void)
{
	char dir[64], sock[96];
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct stat st;
	mode_t dpdk_mode = 0;
	pid_t pid;
	int fd, status;

	if (getuid() != 0)
		return; /* needs root to make /var/run/dpdk/<prefix> */
	snprintf(dir, sizeof(dir), "/var/run/dpdk/ipctest-%d", (int)getpid());
	snprintf(sock, sizeof(sock), "%s/dpstack.sock", dir);
	mkdir("/var/run/dpdk", 0700);
	CU_ASSERT_EQUAL_FATAL(stat("/var/run/dpdk", &st), 0);
	dpdk_mode = st.st_mode & 07777;
	CU_ASSERT_EQUAL_FATAL(chmod("/var/run/dpdk", dpdk_mode | S_IXOTH), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0711), 0);
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock);
	CU_ASSERT_EQUAL(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		char out[128], want[128];
		int bad;

		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(3);
		unsetenv("XDG_RUNTIME_DIR");
		snprintf(want, sizeof(want), "%s", sock);
		bad = dps_ipc_socket_path(strrchr(dir, '/') + 1, out, sizeof(out)) != DPS_OK ||
		      strcmp(out, want) != 0;
		/* no root socket with that prefix: the user's own directory */
		bad |= (dps_ipc_socket_path("ipctest-none", out, sizeof(out)) != DPS_OK ||
			       strcmp(out, "/tmp/dpdk/ipctest-none/dpstack.sock") != 0)
		       << 1;
		_exit(bad);
	}
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(fd);
	unlink(sock);
	rmdir(dir);
	chmod("/var/run/dpdk", dpdk_mode);
}

static void
test_type_str(void)
{
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_LIST_BINDINGS), "LIST_BINDINGS");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_WAIT_BINDS), "WAIT_BINDS");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_OPEN), "OPEN");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_CLOSE), "CLOSE");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_RECV), "RECV");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_SEND), "SEND");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_OID_QUERY), "OID_QUERY");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_OID_SET), "OID_SET");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_WAIT_STATUS), "WAIT_STATUS");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_OPEN_STATS), "OPEN_STATS");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_RECV | DPS_IPC_REPLY), "RECV_REPLY");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_ERROR), "ERROR");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(0), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_TYPE_MAX + 1), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_REPLY), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(0x1000 | DPS_IPC_OPEN), "UNKNOWN");
}

/* ---- the fuzz corpus stays valid ---- */

static void
test_fuzz_corpus_is_valid(void)
{
	DIR *d = opendir(DPS_TEST_CORPUS_DIR);
	struct dirent *e;
	unsigned int req = 0, rep = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((e = readdir(d)) != NULL) {
		char path[512];
		struct dps_ipc_hdr h;
		FILE *f;
		size_t n;

		if (strncmp(e->d_name, "req_", 4) != 0 && strncmp(e->d_name, "rep_", 4) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", DPS_TEST_CORPUS_DIR, e->d_name);
		f = fopen(path, "rb");
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (e->d_name[2] == 'q') {
			req++;
			if (dps_ipc_check_request(buf, n, &h) != DPS_OK)
				CU_FAIL(e->d_name);
		} else {
			rep++;
			if (dps_ipc_get_hdr(buf, n, &h) != DPS_OK || !(h.type & DPS_IPC_REPLY))
				CU_FAIL(e->d_name);
		}
	}
	closedir(d);
	CU_ASSERT(req >= DPS_IPC_TYPE_MAX);
	CU_ASSERT(rep >= DPS_IPC_TYPE_MAX);
}

/* ---- capture (0x40..) ---- */

static void
test_capture_start_round_trip_layout_and_refusals(void)
{
	static struct dps_ipc_capture_start s, d;
	uint8_t b[DPS_IPC_MAX_PAYLOAD];
	size_t n;

	memset(&s, 0, sizeof(s));
	strcpy(s.adapter, "dps0");
	s.direction = DPS_IPC_CAPTURE_RX;
	s.snaplen = 96;
	s.count = 0x0102030405060708ull;
	s.duration_ms = 1500;
	strcpy(s.filter, "icmp");
	s.filter_len = 4;
	n = dps_ipc_put_capture_start(b, sizeof(b), &s);
	CU_ASSERT_EQUAL_FATAL(n, DPS_IPC_CAPTURE_START_FIXED_LEN + 4);
	CU_ASSERT_EQUAL(memcmp(b, "dps0\0", 5), 0);
	CU_ASSERT_EQUAL(b[16], 1);
	CU_ASSERT_EQUAL(b[20], 96);
	CU_ASSERT_EQUAL(b[24], 0x08);
	CU_ASSERT_EQUAL(b[31], 0x01);
	CU_ASSERT_EQUAL(b[32] | b[33] << 8, 1500);
	CU_ASSERT_EQUAL(b[36], 4);
	CU_ASSERT_EQUAL(memcmp(b + 40, "icmp", 4), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, n, &d), DPS_OK);
	CU_ASSERT_STRING_EQUAL(d.adapter, "dps0");
	CU_ASSERT_EQUAL(d.direction, 1);
	CU_ASSERT_EQUAL(d.snaplen, 96);
	CU_ASSERT_EQUAL(d.count, s.count);
	CU_ASSERT_EQUAL(d.duration_ms, 1500);
	CU_ASSERT_STRING_EQUAL(d.filter, "icmp");

	/* lengths */
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, 39, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, n - 1, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, n + 1, &d), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(NULL, n, &d), DPS_E_INVALID_PARAMETER);
	/* field values */
	b[16] = 0;
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, n, &d), DPS_E_INVALID_DATA);
	b[16] = 4;
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, n, &d), DPS_E_INVALID_DATA);
	b[16] = 3;
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, n, &d), DPS_OK);
	b[22] = 1; /* snaplen 65536 + 96 */
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, n, &d), DPS_E_INVALID_DATA);
	b[22] = 0;
	b[38] = 1; /* reserved */
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, n, &d), DPS_E_INVALID_DATA);
	b[38] = 0;
	b[41] = 0; /* a NUL inside the filter */
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, n, &d), DPS_E_INVALID_DATA);
	b[41] = 'c';
	b[0] = 0; /* empty adapter */
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, n, &d), DPS_E_INVALID_DATA);
	b[0] = 'd';
	b[36] = 0xff;
	b[37] = 0xff; /* filter_len too big */
	CU_ASSERT_EQUAL(dps_ipc_get_capture_start(b, n, &d), DPS_E_INVALID_DATA);

	/* the encoder refuses what the decoder would */
	s.direction = 0;
	CU_ASSERT_EQUAL(dps_ipc_put_capture_start(b, sizeof(b), &s), 0);
	s.direction = 2;
	s.duration_ms = DPS_IPC_CAPTURE_DURATION_MAX + 1;
	CU_ASSERT_EQUAL(dps_ipc_put_capture_start(b, sizeof(b), &s), 0);
	s.duration_ms = 0;
	s.snaplen = DPS_IPC_CAPTURE_SNAPLEN_MAX + 1;
	CU_ASSERT_EQUAL(dps_ipc_put_capture_start(b, sizeof(b), &s), 0);
	s.snaplen = 0;
	CU_ASSERT_EQUAL(dps_ipc_put_capture_start(b, 43, &s), 0);
	CU_ASSERT_EQUAL(dps_ipc_put_capture_start(b, 44, &s), 44);
}

static void
test_capture_wait_and_info(void)
{
	static struct dps_ipc_capture_info i, d;
	struct dps_ipc_capture_wait w = {7, 250}, wd;
	uint8_t b[DPS_IPC_MAX_PAYLOAD];
	size_t n;

	CU_ASSERT_EQUAL(dps_ipc_put_capture_wait(b, sizeof(b), &w), 8);
	CU_ASSERT_EQUAL(dps_ipc_get_capture_wait(b, 8, &wd), DPS_OK);
	CU_ASSERT_EQUAL(wd.id, 7);
	CU_ASSERT_EQUAL(wd.timeout_ms, 250);
	CU_ASSERT_EQUAL(dps_ipc_get_capture_wait(b, 7, &wd), DPS_E_INVALID_LENGTH);
	w.timeout_ms = 3600001;
	CU_ASSERT_EQUAL(dps_ipc_put_capture_wait(b, sizeof(b), &w), 0);
	b[4] = 0x81;
	b[5] = 0xee;
	b[6] = 0x36;
	b[7] = 0;
	CU_ASSERT_EQUAL(dps_ipc_get_capture_wait(b, 8, &wd), DPS_E_INVALID_DATA);

	memset(&i, 0, sizeof(i));
	i.id = 3;
	i.state = DPS_IPC_CAPTURE_ENDED;
	strcpy(i.adapter, "dps1");
	i.direction = 3;
	i.snaplen = 128;
	i.count = 20;
	i.pid = 4242;
	i.seen = 30;
	i.filtered = 5;
	i.captured = 24;
	i.dropped = 1;
	i.written = 20;
	i.bytes = 4000;
	i.status = DPS_E_IO;
	i.cause = DPS_IPC_CAPTURE_CAUSE_WRITE_ERROR;
	strcpy(i.filter, "arp");
	i.filter_len = 3;
	n = dps_ipc_put_capture_info(b, sizeof(b), &i);
	CU_ASSERT_EQUAL_FATAL(n, DPS_IPC_CAPTURE_INFO_FIXED_LEN + 3);
	CU_ASSERT_EQUAL(b[44] | b[45] << 8, 4242);
	CU_ASSERT_EQUAL(b[72], 1);
	CU_ASSERT_EQUAL(b[100], DPS_IPC_CAPTURE_CAUSE_WRITE_ERROR);
	CU_ASSERT_EQUAL(dps_ipc_get_capture_info(b, n, &d), DPS_OK);
	CU_ASSERT_EQUAL(d.id, 3);
	CU_ASSERT_EQUAL(d.seen, 30);
	CU_ASSERT_EQUAL(d.filtered, 5);
	CU_ASSERT_EQUAL(d.captured, 24);
	CU_ASSERT_EQUAL(d.dropped, 1);
	CU_ASSERT_EQUAL(d.written, 20);
	CU_ASSERT_EQUAL(d.bytes, 4000);
	CU_ASSERT_EQUAL(d.status, DPS_E_IO);
	CU_ASSERT_STRING_EQUAL(d.adapter, "dps1");
	CU_ASSERT_STRING_EQUAL(d.filter, "arp");
	CU_ASSERT_EQUAL(dps_ipc_get_capture_info(b, n - 1, &d), DPS_E_INVALID_LENGTH);
	b[4] = 4; /* state */
	CU_ASSERT_EQUAL(dps_ipc_get_capture_info(b, n, &d), DPS_E_INVALID_DATA);
	b[4] = 3;
	b[100] = 8; /* cause */
	CU_ASSERT_EQUAL(dps_ipc_get_capture_info(b, n, &d), DPS_E_INVALID_DATA);
	b[100] = DPS_IPC_CAPTURE_CAUSE_ADAPTER_GONE; /* the last one */
	CU_ASSERT_EQUAL(dps_ipc_get_capture_info(b, n, &d), DPS_OK);
	CU_ASSERT_EQUAL(d.cause, DPS_IPC_CAPTURE_CAUSE_ADAPTER_GONE);
	b[100] = 5;
	b[110] = 1; /* reserved */
	CU_ASSERT_EQUAL(dps_ipc_get_capture_info(b, n, &d), DPS_E_INVALID_DATA);
	b[110] = 0;
	b[96] = 1; /* a positive status */
	b[97] = b[98] = b[99] = 0;
	CU_ASSERT_EQUAL(dps_ipc_get_capture_info(b, n, &d), DPS_E_INVALID_DATA);
	i.state = 0;
	CU_ASSERT_EQUAL(dps_ipc_put_capture_info(b, sizeof(b), &i), 0);
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_CAPTURE_START), "CAPTURE_START");
	CU_ASSERT_STRING_EQUAL(
		dps_ipc_type_str(DPS_IPC_CAPTURE_LIST | DPS_IPC_REPLY), "CAPTURE_LIST_REPLY");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(0x44), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(0x3f), "UNKNOWN");
}

/* ---- run-time changes (0x60..) ---- */

static void
test_admin_round_trip_layout_and_refusals(void)
{
	struct dps_ipc_admin a = {.protocol = "ipv4", .adapter = "dps0"}, b;
	uint8_t *p = buf + DPS_IPC_HDR_LEN;
	const size_t cap = sizeof(buf) - DPS_IPC_HDR_LEN;

	/* BIND: protocol at 0, adapter at 16, zero padding */
	CU_ASSERT_EQUAL(dps_ipc_put_admin(p, cap, DPS_IPC_BIND, &a), DPS_IPC_ADMIN_BIND_LEN);
	CU_ASSERT_EQUAL(memcmp(p, "ipv4\0\0\0\0\0\0\0\0\0\0\0\0dps0", 20), 0);
	CU_ASSERT_EQUAL(check(DPS_IPC_BIND, DPS_IPC_ADMIN_BIND_LEN), DPS_OK);
	CU_ASSERT_EQUAL(check(DPS_IPC_UNBIND, DPS_IPC_ADMIN_BIND_LEN), DPS_OK);
	CU_ASSERT_EQUAL(dps_ipc_get_admin(p, DPS_IPC_ADMIN_BIND_LEN, DPS_IPC_BIND, &b), DPS_OK);
	CU_ASSERT_STRING_EQUAL(b.protocol, "ipv4");
	CU_ASSERT_STRING_EQUAL(b.adapter, "dps0");
	/* wrong lengths */
	CU_ASSERT_EQUAL(check(DPS_IPC_BIND, DPS_IPC_ADMIN_BIND_LEN - 1), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(check(DPS_IPC_BIND, DPS_IPC_ADMIN_REMOVE_LEN), DPS_E_INVALID_LENGTH);
	/* ADAPTER_REMOVE: the adapter alone */
	CU_ASSERT_EQUAL(
		dps_ipc_put_admin(p, cap, DPS_IPC_ADAPTER_REMOVE, &a), DPS_IPC_ADMIN_REMOVE_LEN);
	CU_ASSERT_EQUAL(memcmp(p, "dps0\0", 5), 0);
	CU_ASSERT_EQUAL(check(DPS_IPC_ADAPTER_REMOVE, DPS_IPC_ADMIN_REMOVE_LEN), DPS_OK);
	CU_ASSERT_EQUAL(
		check(DPS_IPC_ADAPTER_REMOVE, DPS_IPC_ADMIN_BIND_LEN), DPS_E_INVALID_LENGTH);
	/* bad names: empty, no NUL, a bad character, garbage in the padding */
	memset(p, 0, 16);
	CU_ASSERT_EQUAL(check(DPS_IPC_ADAPTER_REMOVE, 16), DPS_E_INVALID_DATA);
	memset(p, 'a', 16);
	CU_ASSERT_EQUAL(check(DPS_IPC_ADAPTER_REMOVE, 16), DPS_E_INVALID_DATA);
	memset(p, 0, 16);
	memcpy(p, "dp s0", 5);
	CU_ASSERT_EQUAL(check(DPS_IPC_ADAPTER_REMOVE, 16), DPS_E_INVALID_DATA);
	memset(p, 0, 16);
	memcpy(p, "dps0", 4);
	p[10] = 'x';
	CU_ASSERT_EQUAL(check(DPS_IPC_ADAPTER_REMOVE, 16), DPS_E_INVALID_DATA);
	/* the encoder refuses what the decoder would */
	strcpy(a.adapter, "d\x1b");
	CU_ASSERT_EQUAL(dps_ipc_put_admin(p, cap, DPS_IPC_BIND, &a), 0);
	memcpy(a.adapter, "0123456789abcdef", 16);
	CU_ASSERT_EQUAL(dps_ipc_put_admin(p, cap, DPS_IPC_ADAPTER_REMOVE, &a), 0);
	CU_ASSERT_EQUAL(dps_ipc_put_admin(p, cap, DPS_IPC_OPEN, &a), 0);
	CU_ASSERT_EQUAL(dps_ipc_get_admin(p, 16, DPS_IPC_OPEN, &b), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_ADAPTER_REMOVE), "ADAPTER_REMOVE");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_UNBIND | DPS_IPC_REPLY), "UNBIND_REPLY");
	CU_ASSERT_EQUAL(check(DPS_IPC_ADMIN_TYPE_MAX + 1, 0), DPS_E_NOT_SUPPORTED);
}

/* Rings and batches (0x50..): round trips and the exact refusals. */
static void
test_ring_and_batch_messages(void)
{
	static const uint8_t fr[60] = {1, 2, 3};
	struct dps_ipc_ring_setup rs = {7, 1024, 2048, 256, 128, DPS_RING_DROP_NEWEST}, rs2;
	struct dps_ipc_ring_reply rr = {3, 1024, 2048, 0, 128, 0, 0, 0}, rr2;
	struct dps_ipc_recv_batch rb = {7, 100, 64, 1514}, rb2;
	struct dps_ipc_batch_frame bf[DPS_IPC_BATCH_MAX] = {{fr, 60, 60}, {fr, 14, 14}};
	struct dps_ipc_batch_frame got[DPS_IPC_BATCH_MAX];
	struct dps_ipc_send_batch sb = {7, 2, bf}, sb2 = {.frames = got};
	struct dps_ipc_frames fs = {.frames = got};
	static struct dps_ipc_batch_status bs = {3, 2, {0, DPS_E_PERMISSION, 0}, ""}, bs2;
	struct dps_ring_params rp = {3, 1024, 2048, 0, 128, 0};
	struct dps_ring_layout l;
	size_t n;

	n = dps_ipc_put_ring_setup(buf, sizeof(buf), &rs);
	CU_ASSERT_EQUAL(n, DPS_IPC_RING_SETUP_LEN);
	CU_ASSERT_EQUAL(dps_ipc_get_ring_setup(buf, n, &rs2), DPS_OK);
	CU_ASSERT(rs2.handle == 7 && rs2.tx_slot_size == 128 && rs2.policy == DPS_RING_DROP_NEWEST);
	CU_ASSERT_EQUAL(dps_ipc_get_ring_setup(buf, n - 1, &rs2), DPS_E_INVALID_LENGTH);
	le32(buf + 8, 1000); /* not a power of two */
	CU_ASSERT_EQUAL(dps_ipc_get_ring_setup(buf, n, &rs2), DPS_E_INVALID_DATA);
	le32(buf + 8, 1024);
	le32(buf + 12, 100); /* not a multiple of 64 */
	CU_ASSERT_EQUAL(dps_ipc_get_ring_setup(buf, n, &rs2), DPS_E_INVALID_DATA);
	le32(buf + 12, 2048);
	le32(buf + 24, 2); /* no such policy */
	CU_ASSERT_EQUAL(dps_ipc_get_ring_setup(buf, n, &rs2), DPS_E_INVALID_DATA);
	rs.rx_slots = rs.tx_slots = 0; /* neither ring */
	CU_ASSERT_EQUAL(dps_ipc_put_ring_setup(buf, sizeof(buf), &rs), 0u);

	CU_ASSERT_EQUAL(dps_ring_layout_of(&rp, &l), 0);
	CU_ASSERT_EQUAL(dps_ipc_put_ring_reply(buf, sizeof(buf), &rr), 0u); /* sizes wrong */
	rr.size_a = l.size_a;
	rr.size_b = l.size_b;
	CU_ASSERT(l.size_a >= 3ull * 1024 * 2048 && l.size_a % 4096 == 0);
	n = dps_ipc_put_ring_reply(buf, sizeof(buf), &rr);
	CU_ASSERT_EQUAL(n, DPS_IPC_RING_REPLY_LEN);
	CU_ASSERT_EQUAL(dps_ipc_get_ring_reply(buf, n, &rr2), DPS_OK);
	CU_ASSERT(rr2.nb_sub == 3 && rr2.size_a == l.size_a && rr2.size_b == l.size_b);
	le32(buf + 24, (uint32_t)l.size_a + 4096); /* a memory size that does not add up */
	CU_ASSERT_EQUAL(dps_ipc_get_ring_reply(buf, n, &rr2), DPS_E_INVALID_DATA);

	n = dps_ipc_put_recv_batch(buf, sizeof(buf), &rb);
	CU_ASSERT_EQUAL(n, DPS_IPC_RECV_BATCH_LEN);
	CU_ASSERT_EQUAL(dps_ipc_get_recv_batch(buf, n, &rb2), DPS_OK);
	CU_ASSERT(rb2.max_frames == 64 && rb2.max_len == 1514 && rb2.timeout_ms == 100);
	le32(buf + 12, DPS_IPC_BATCH_MAX + 1);
	CU_ASSERT_EQUAL(dps_ipc_get_recv_batch(buf, n, &rb2), DPS_E_INVALID_DATA);
	le32(buf + 12, 0);
	CU_ASSERT_EQUAL(dps_ipc_get_recv_batch(buf, n, &rb2), DPS_E_INVALID_DATA);

	n = dps_ipc_put_send_batch(buf, sizeof(buf), &sb);
	CU_ASSERT_EQUAL(n, 16u + 4 + 60 + 4 + 14);
	CU_ASSERT_EQUAL(dps_ipc_get_send_batch(buf, n, &sb2), DPS_OK);
	CU_ASSERT(sb2.count == 2 && got[1].len == 14 && got[0].data == buf + 20);
	CU_ASSERT_EQUAL(dps_ipc_get_send_batch(buf, n - 1, &sb2), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_ipc_get_send_batch(buf, n + 1, &sb2), DPS_E_INVALID_LENGTH);
	le32(buf + 16, 0); /* an empty frame */
	CU_ASSERT_EQUAL(dps_ipc_get_send_batch(buf, n, &sb2), DPS_E_INVALID_LENGTH);
	le32(buf + 16, 60);
	le32(buf + 8, 0); /* no frames */
	CU_ASSERT_EQUAL(dps_ipc_get_send_batch(buf, n, &sb2), DPS_E_INVALID_DATA);

	n = dps_ipc_put_frames_start(buf, sizeof(buf));
	n += dps_ipc_put_frames_add(buf + n, sizeof(buf) - n, 1514, fr, 60);
	CU_ASSERT_EQUAL(dps_ipc_put_frames_add(buf + n, sizeof(buf) - n, 10, fr, 60), 0u);
	dps_ipc_put_frames_end(buf, 1, 5);
	CU_ASSERT_EQUAL(n, 8u + 8 + 60);
	CU_ASSERT_EQUAL(dps_ipc_get_frames(buf, n, &fs), DPS_OK);
	CU_ASSERT(fs.count == 1 && fs.dropped == 5 && got[0].orig_len == 1514 && got[0].len == 60);
	le32(buf + 8, 59); /* orig_len below len */
	CU_ASSERT_EQUAL(dps_ipc_get_frames(buf, n, &fs), DPS_E_INVALID_DATA);
	le32(buf, 2); /* a second frame that is not there */
	le32(buf + 8, 1514);
	CU_ASSERT_EQUAL(dps_ipc_get_frames(buf, n, &fs), DPS_E_INVALID_LENGTH);

	n = dps_ipc_put_batch_status(buf, sizeof(buf), &bs);
	CU_ASSERT_EQUAL(n, 8u + 12);
	CU_ASSERT_EQUAL(dps_ipc_get_batch_status(buf, n, &bs2), DPS_OK);
	CU_ASSERT(bs2.sent == 2 && bs2.status[1] == DPS_E_PERMISSION && bs2.reason[0] == '\0');
	strcpy(bs.reason, "source MAC 02:00:00:00:00:99 is not dps0's");
	n = dps_ipc_put_batch_status(buf, sizeof(buf), &bs);
	CU_ASSERT_EQUAL(n, 8u + 12 + 2 + strlen(bs.reason));
	CU_ASSERT_EQUAL(dps_ipc_get_batch_status(buf, n, &bs2), DPS_OK);
	CU_ASSERT_STRING_EQUAL(bs2.reason, bs.reason);
	CU_ASSERT_EQUAL(dps_ipc_get_batch_status(buf, n - 1, &bs2), DPS_E_INVALID_LENGTH);
	bs.reason[0] = '\0';
	n = dps_ipc_put_batch_status(buf, sizeof(buf), &bs);
	le32(buf + 4, 3); /* sent does not count the DPS_OK */
	CU_ASSERT_EQUAL(dps_ipc_get_batch_status(buf, n, &bs2), DPS_E_INVALID_DATA);
	bs.sent = 1;
	CU_ASSERT_EQUAL(dps_ipc_put_batch_status(buf, sizeof(buf), &bs), 0u);

	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_RING_SETUP), "RING_SETUP");
	CU_ASSERT_STRING_EQUAL(
		dps_ipc_type_str(DPS_IPC_RECV_BATCH | DPS_IPC_REPLY), "RECV_BATCH_REPLY");
	CU_ASSERT_STRING_EQUAL(dps_ipc_type_str(DPS_IPC_RING_TYPE_MAX + 1), "UNKNOWN");
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_hdr_round_trip_and_bytes),
	DPS_TEST(test_ring_and_batch_messages),
	DPS_TEST(test_hdr_put_refusals),
	DPS_TEST(test_hdr_truncated),
	DPS_TEST(test_hdr_len_mismatch_and_oversize),
	DPS_TEST(test_hdr_version_type_flags),
	DPS_TEST(test_hdr_check_order),
	DPS_TEST(test_reason_flag_rules),
	DPS_TEST(test_reason_block),
	DPS_TEST(test_u32_and_handle),
	DPS_TEST(test_binding_info_round_trip_and_layout),
	DPS_TEST(test_binding_info_malformed),
	DPS_TEST(test_open_round_trip_and_layout),
	DPS_TEST(test_open_malformed),
	DPS_TEST(test_open_encoder_refusals),
	DPS_TEST(test_recv_request),
	DPS_TEST(test_frame_reply),
	DPS_TEST(test_send_request),
	DPS_TEST(test_oid_query_request),
	DPS_TEST(test_oid_set_request),
	DPS_TEST(test_oid_reply),
	DPS_TEST(test_wait_status_and_indication),
	DPS_TEST(test_open_stats),
	DPS_TEST(test_check_request_every_type),
	DPS_TEST(test_check_request_header_rules),
	DPS_TEST(test_socket_path),
	DPS_TEST(test_socket_path_not_root),
	DPS_TEST(test_socket_path_finds_roots),
	DPS_TEST(test_type_str),
	DPS_TEST(test_fuzz_corpus_is_valid),
	DPS_TEST(test_capture_start_round_trip_layout_and_refusals),
	DPS_TEST(test_capture_wait_and_info),
	DPS_TEST(test_admin_round_trip_layout_and_refusals),
};

DPS_TEST_MAIN("ipc", cases, NULL, NULL)
