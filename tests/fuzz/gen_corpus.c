/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Writes the seed corpus of fuzz_ipc: one valid datagram per request type
 * (req_*) and per reply type (rep_*), through the encoders of lib/ipc.
 * The files are committed; run this again after a wire-format change:
 *
 *   cc -std=c11 -D_GNU_SOURCE -Ilib/ipc -Ilib/sdk/dpstack tests/fuzz/gen_corpus.c \
 *      lib/ipc/dps_ipc.c lib/core/dps_status.c -o /tmp/gen_corpus &&
 *   /tmp/gen_corpus tests/fuzz/corpus_ipc
 *
 * (test_ipc checks that every req_* file passes dps_ipc_check_request.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dps_ipc.h"
#include "dps_ring.h"
#include "dps_status.h"

static uint8_t msg[DPS_IPC_MAX_MSG];
static const char *dir;
static int failed;

static void
out(const char *name, uint8_t type, size_t len, int32_t status)
{
	char path[512];
	FILE *f;

	if (dps_ipc_put_hdr(msg, sizeof(msg), type, 1, (uint32_t)len, status) == 0 ||
		(len == 0 && type != DPS_IPC_ERROR && !(type & DPS_IPC_REPLY))) {
		fprintf(stderr, "gen_corpus: %s: encoding failed\n", name);
		failed = 1;
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(msg, 1, DPS_IPC_HDR_LEN + len, f) != DPS_IPC_HDR_LEN + len) {
		perror(path);
		failed = 1;
	}
	if (f != NULL)
		fclose(f);
}

/* A failure reply whose payload starts with a reason block (@p len bytes
 * of failure payload already after it at msg + 16 + block). */
static void
out_reason(const char *name, uint8_t type, const char *reason, const uint8_t *rest, size_t len,
	int32_t status)
{
	uint8_t *p = msg + DPS_IPC_HDR_LEN;
	size_t n = dps_ipc_put_reason(p, DPS_IPC_MAX_PAYLOAD, reason);
	char path[512];
	FILE *f;

	if (n == 0 || dps_ipc_put_hdr_flags(msg, sizeof(msg), type, DPS_IPC_F_REASON, 1,
			      (uint32_t)(n + len), status) == 0) {
		fprintf(stderr, "gen_corpus: %s: encoding failed\n", name);
		failed = 1;
		return;
	}
	if (len > 0)
		memcpy(p + n, rest, len);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL ||
		fwrite(msg, 1, DPS_IPC_HDR_LEN + n + len, f) != DPS_IPC_HDR_LEN + n + len) {
		perror(path);
		failed = 1;
	}
	if (f != NULL)
		fclose(f);
}

int
main(int argc, char **argv)
{
	uint8_t *p = msg + DPS_IPC_HDR_LEN;
	const size_t cap = DPS_IPC_MAX_PAYLOAD;
	static const uint8_t frame[60] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1,
		0x88, 0xb5, 'h', 'e', 'l', 'l', 'o'};
	static const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 1};
	static const uint8_t u32one[4] = {1, 0, 0, 0};
	struct dps_ipc_binding_info bi = {.name = "dps0",
		.description = "net_tap0,iface=dps0 (net_tap)",
		.mac = {0x02, 0, 0, 0, 0, 1},
		.mtu = 1500,
		.link_up = 1,
		.link_speed = 10000,
		.state = 4};
	static struct dps_ipc_open o;
	struct dps_ipc_recv r = {.handle = 0x100000001ull, .timeout_ms = 1000, .max_len = 9622};
	struct dps_ipc_frame fr = {.orig_len = 60, .dropped = 2, .data = frame, .len = 60};
	struct dps_ipc_send s = {.handle = 0x100000001ull, .frame = frame, .len = 60};
	struct dps_ipc_oid q = {.handle = 0x100000001ull, .oid = 0x01010102, .buf_len = 6};
	struct dps_ipc_oid st = {
		.handle = 0x100000001ull, .oid = 0x0001010E, .buf_len = 4, .data = u32one};
	struct dps_ipc_oid_reply qr = {.oid = 0x01010102, .bytes = 6, .data = mac, .len = 6};
	struct dps_ipc_oid_reply sr = {.oid = 0x0001010E, .bytes = 4};
	struct dps_ipc_wait_status w = {.handle = 0x100000001ull, .timeout_ms = 500};
	struct dps_ipc_indication ind = {.code = 1, .link_up = 1, .link_speed = 10000};
	struct dps_ipc_open_stats os = {10, 8, 2, 1, 0, 5, 1};
	static struct dps_ipc_capture_start cs;
	struct dps_ipc_capture_wait cw = {.id = 1, .timeout_ms = 200};
	static struct dps_ipc_capture_info ci = {.id = 1,
		.state = DPS_IPC_CAPTURE_ENDED,
		.adapter = "dps0",
		.direction = 3,
		.count = 20,
		.pid = 1234,
		.seen = 22,
		.captured = 20,
		.written = 20,
		.bytes = 2792,
		.cause = DPS_IPC_CAPTURE_CAUSE_COUNT,
		.filter_len = 4,
		.filter = "icmp"};

	if (argc != 2) {
		fprintf(stderr, "usage: gen_corpus DIR\n");
		return 2;
	}
	dir = argv[1];

	out("req_list_bindings", DPS_IPC_LIST_BINDINGS, dps_ipc_put_u32(p, cap, 0), 0);
	out("req_wait_binds", DPS_IPC_WAIT_BINDS, dps_ipc_put_u32(p, cap, 5000), 0);
	strcpy(o.adapter, "dps0");
	o.nb_types = 2;
	o.types[0] = 0x88b5;
	o.types[1] = 0x0806;
	out("req_open", DPS_IPC_OPEN, dps_ipc_put_open(p, cap, &o), 0);
	strcpy(o.filter, "ether src 02:00:00:00:00:01 and len > 60");
	o.filter_len = (uint16_t)strlen(o.filter);
	o.queue_len = 1024;
	out("req_open_filter", DPS_IPC_OPEN, dps_ipc_put_open(p, cap, &o), 0);
	out("req_close", DPS_IPC_CLOSE, dps_ipc_put_handle(p, cap, 0x100000001ull), 0);
	out("req_recv", DPS_IPC_RECV, dps_ipc_put_recv(p, cap, &r), 0);
	out("req_send", DPS_IPC_SEND, dps_ipc_put_send(p, cap, &s), 0);
	out("req_oid_query", DPS_IPC_OID_QUERY, dps_ipc_put_oid_query(p, cap, &q), 0);
	out("req_oid_set", DPS_IPC_OID_SET, dps_ipc_put_oid_set(p, cap, &st), 0);
	out("req_wait_status", DPS_IPC_WAIT_STATUS, dps_ipc_put_wait_status(p, cap, &w), 0);
	out("req_open_stats", DPS_IPC_OPEN_STATS, dps_ipc_put_handle(p, cap, 0x100000001ull), 0);

	/* rings and batches (0x50..) */
	{
		struct dps_ipc_ring_setup rs = {0x100000001ull, 1024, 2048, 256, 2048, 0};
		struct dps_ipc_ring_reply rr = {2, 1024, 2048, 256, 2048, 0, 0, 0};
		struct dps_ipc_recv_batch rb = {0x100000001ull, 1000, 64, 1514};
		struct dps_ipc_batch_frame bf[2] = {{frame, sizeof(frame), 0}, {frame, 19, 0}};
		struct dps_ipc_send_batch sb = {0x100000001ull, 2, bf};
		static struct dps_ipc_batch_status bs = {2, 1, {0, DPS_E_PERMISSION},
			"source MAC 02:00:00:00:00:99 is not dps0's 02:00:00:00:00:01"};
		struct dps_ring_layout l;
		struct dps_ring_params rp = {2, 1024, 2048, 256, 2048, 0};
		size_t off;

		out("req_ring_setup", DPS_IPC_RING_SETUP, dps_ipc_put_ring_setup(p, cap, &rs), 0);
		out("req_recv_batch", DPS_IPC_RECV_BATCH, dps_ipc_put_recv_batch(p, cap, &rb), 0);
		out("req_send_batch", DPS_IPC_SEND_BATCH, dps_ipc_put_send_batch(p, cap, &sb), 0);
		dps_ring_layout_of(&rp, &l);
		rr.size_a = l.size_a;
		rr.size_b = l.size_b;
		out("rep_ring_setup", DPS_IPC_RING_SETUP | DPS_IPC_REPLY,
			dps_ipc_put_ring_reply(p, cap, &rr), 0);
		out("rep_send_batch", DPS_IPC_SEND_BATCH | DPS_IPC_REPLY,
			dps_ipc_put_batch_status(p, cap, &bs), 0);
		off = dps_ipc_put_frames_start(p, cap);
		off += dps_ipc_put_frames_add(p + off, cap - off, 60, frame, 60);
		off += dps_ipc_put_frames_add(p + off, cap - off, 1514, frame, 19);
		dps_ipc_put_frames_end(p, 2, 0);
		out("rep_recv_batch", DPS_IPC_RECV_BATCH | DPS_IPC_REPLY, off, 0);
		out("rep_recv_batch_timeout", DPS_IPC_RECV_BATCH | DPS_IPC_REPLY, 0, DPS_E_TIMEOUT);
	}

	out("rep_list_bindings", DPS_IPC_LIST_BINDINGS | DPS_IPC_REPLY,
		dps_ipc_put_binding_info(p, cap, &bi), 0);
	out("rep_list_bindings_end", DPS_IPC_LIST_BINDINGS | DPS_IPC_REPLY, 0,
		DPS_E_NO_MORE_ENTRIES);
	out("rep_wait_binds", DPS_IPC_WAIT_BINDS | DPS_IPC_REPLY, 0, 0);
	out("rep_open", DPS_IPC_OPEN | DPS_IPC_REPLY, dps_ipc_put_handle(p, cap, 0x100000001ull),
		0);
	out("rep_close", DPS_IPC_CLOSE | DPS_IPC_REPLY, 0, 0);
	out("rep_recv", DPS_IPC_RECV | DPS_IPC_REPLY, dps_ipc_put_frame(p, cap, &fr), 0);
	out("rep_recv_timeout", DPS_IPC_RECV | DPS_IPC_REPLY, 0, DPS_E_TIMEOUT);
	out("rep_send", DPS_IPC_SEND | DPS_IPC_REPLY, 0, 0);
	out("rep_oid_query", DPS_IPC_OID_QUERY | DPS_IPC_REPLY, dps_ipc_put_oid_reply(p, cap, &qr),
		0);
	qr.len = 0;
	qr.data = NULL;
	qr.bytes = 0;
	qr.bytes_needed = 6;
	out("rep_oid_query_short", DPS_IPC_OID_QUERY | DPS_IPC_REPLY,
		dps_ipc_put_oid_reply(p, cap, &qr), DPS_E_BUFFER_TOO_SHORT);
	out("rep_oid_set", DPS_IPC_OID_SET | DPS_IPC_REPLY, dps_ipc_put_oid_reply(p, cap, &sr), 0);
	out("rep_wait_status", DPS_IPC_WAIT_STATUS | DPS_IPC_REPLY,
		dps_ipc_put_indication(p, cap, &ind), 0);
	out("rep_open_stats", DPS_IPC_OPEN_STATS | DPS_IPC_REPLY,
		dps_ipc_put_open_stats(p, cap, &os), 0);
	out("rep_error", DPS_IPC_ERROR, 0, DPS_E_NOT_SUPPORTED);
	out_reason("rep_open_reason", DPS_IPC_OPEN | DPS_IPC_REPLY,
		"filter: syntax error in filter expression", NULL, 0, DPS_E_INVALID_DATA);
	{
		uint8_t rest[DPS_IPC_OID_REPLY_FIXED_LEN];
		struct dps_ipc_oid_reply er = {.oid = 0xff010001u};
		size_t n = dps_ipc_put_oid_reply(rest, sizeof(rest), &er);

		out_reason("rep_oid_set_reason", DPS_IPC_OID_SET | DPS_IPC_REPLY,
			"MTU 1600: frame size 1618 > device max 1522 (dps0: MTU at most 1504)",
			rest, n, DPS_E_INVALID_DATA);
	}
	out_reason("rep_error_reason", DPS_IPC_ERROR, "OPEN: payload of 12 bytes", NULL, 0,
		DPS_E_INVALID_LENGTH);

	/* capture (0x40..) */
	strcpy(cs.adapter, "dps0");
	cs.direction = DPS_IPC_CAPTURE_RX | DPS_IPC_CAPTURE_TX;
	out("req_capture_start", DPS_IPC_CAPTURE_START, dps_ipc_put_capture_start(p, cap, &cs), 0);
	strcpy(cs.filter, "icmp or arp");
	cs.filter_len = (uint16_t)strlen(cs.filter);
	cs.direction = DPS_IPC_CAPTURE_RX;
	cs.snaplen = 128;
	cs.count = 20;
	cs.duration_ms = 5000;
	out("req_capture_start_filter", DPS_IPC_CAPTURE_START,
		dps_ipc_put_capture_start(p, cap, &cs), 0);
	out("req_capture_stop", DPS_IPC_CAPTURE_STOP, dps_ipc_put_u32(p, cap, 1), 0);
	out("req_capture_wait", DPS_IPC_CAPTURE_WAIT, dps_ipc_put_capture_wait(p, cap, &cw), 0);
	out("req_capture_list", DPS_IPC_CAPTURE_LIST, dps_ipc_put_u32(p, cap, 0), 0);
	out("rep_capture_start", DPS_IPC_CAPTURE_START | DPS_IPC_REPLY, dps_ipc_put_u32(p, cap, 1),
		0);
	out("rep_capture_stop", DPS_IPC_CAPTURE_STOP | DPS_IPC_REPLY, 0, 0);
	out("rep_capture_wait", DPS_IPC_CAPTURE_WAIT | DPS_IPC_REPLY,
		dps_ipc_put_capture_info(p, cap, &ci), 0);
	out("rep_capture_list_end", DPS_IPC_CAPTURE_LIST | DPS_IPC_REPLY, 0, DPS_E_NO_MORE_ENTRIES);

	/* run-time changes (0x60..) */
	{
		struct dps_ipc_admin ad = {.protocol = "ipv4", .adapter = "dps0"};

		out("req_adapter_remove", DPS_IPC_ADAPTER_REMOVE,
			dps_ipc_put_admin(p, cap, DPS_IPC_ADAPTER_REMOVE, &ad), 0);
		out("req_bind", DPS_IPC_BIND, dps_ipc_put_admin(p, cap, DPS_IPC_BIND, &ad), 0);
		out("req_unbind", DPS_IPC_UNBIND, dps_ipc_put_admin(p, cap, DPS_IPC_UNBIND, &ad),
			0);
		out("rep_bind", DPS_IPC_BIND | DPS_IPC_REPLY, 0, 0);
		out_reason("rep_unbind_reason", DPS_IPC_UNBIND | DPS_IPC_REPLY,
			"raw serves the control socket: remove the adapter instead", NULL, 0,
			DPS_E_NOT_SUPPORTED);
	}
	return failed;
}
