/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the control-socket decoder (lib/ipc): the server's
 * entry point dps_ipc_check_request() on the whole datagram, then every
 * dps_ipc_get_* (the reason block of failure replies too) on its payload and
 * on the whole input. AddressSanitizer
 * catches any read past the input (libFuzzer's buffer is exactly its size);
 * the harness itself traps when a decoder's answer breaks the contract:
 * a status outside the documented ones, a pointer outside the input, or a
 * decoded value that does not survive encoding and decoding again.
 *
 *   meson setup build-fuzz -Dfuzz=true -Db_lto=false (CC=clang)
 *   ninja -C build-fuzz fuzz_ipc
 *   build-fuzz/tests/fuzz/fuzz_ipc -max_total_time=60 CORPUS_COPY tests/fuzz/corpus_ipc
 */
#include <stdint.h>
#include <string.h>

#include "dps_ipc.h"
#include "dps_status.h"

#define REQUIRE(c)                                                                                 \
	do {                                                                                       \
		if (!(c))                                                                          \
			__builtin_trap();                                                          \
	} while (0)

static uint8_t enc[DPS_IPC_MAX_MSG];

static void
status_ok(int rc)
{
	REQUIRE(rc == DPS_OK || rc == DPS_E_INVALID_LENGTH || rc == DPS_E_INVALID_DATA);
}

static void
inside(const uint8_t *ptr, size_t n, const uint8_t *p, size_t len)
{
	if (n == 0)
		return;
	REQUIRE(ptr != NULL && ptr >= p && n <= len && ptr - p <= (ptrdiff_t)(len - n));
}

static void
decode_all(const uint8_t *p, size_t len)
{
	uint32_t u, u2;
	uint64_t hd, hd2;
	struct dps_ipc_binding_info bi, bi2;
	static struct dps_ipc_open o, o2;
	struct dps_ipc_recv r, r2;
	struct dps_ipc_frame f, f2;
	struct dps_ipc_send s, s2;
	struct dps_ipc_oid q, q2;
	struct dps_ipc_oid_reply orp, orp2;
	struct dps_ipc_wait_status w, w2;
	struct dps_ipc_indication in, in2;
	struct dps_ipc_open_stats st, st2;
	char why[DPS_IPC_REASON_MAX + 1], why2[DPS_IPC_REASON_MAX + 1];
	size_t n, used, used2;
	struct dps_ipc_ring_setup rs, rs2;
	struct dps_ipc_ring_reply rr, rr2;
	struct dps_ipc_recv_batch rb, rb2;
	static struct dps_ipc_batch_frame fr[DPS_IPC_BATCH_MAX], fr2[DPS_IPC_BATCH_MAX];
	struct dps_ipc_send_batch sb = {.frames = fr}, sb2 = {.frames = fr2};
	struct dps_ipc_frames fs = {.frames = fr}, fs2 = {.frames = fr2};
	static struct dps_ipc_batch_status bs, bs2;
	int rc;

	rc = dps_ipc_get_reason(p, len, why, &used);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(used >= 3 && used <= len && strlen(why) == used - 2);
		REQUIRE(dps_ipc_put_reason(enc, sizeof(enc), why) == used &&
			memcmp(enc, p, used) == 0);
		REQUIRE(dps_ipc_get_reason(enc, used, why2, &used2) == DPS_OK && used2 == used &&
			strcmp(why, why2) == 0);
	}

	rc = dps_ipc_get_u32(p, len, &u);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(dps_ipc_put_u32(enc, sizeof(enc), u) == len && memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_u32(enc, len, &u2) == DPS_OK && u2 == u);
	}

	rc = dps_ipc_get_handle(p, len, &hd);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(dps_ipc_put_handle(enc, sizeof(enc), hd) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_handle(enc, len, &hd2) == DPS_OK && hd2 == hd);
	}

	rc = dps_ipc_get_binding_info(p, len, &bi);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(bi.name[0] != '\0' && memchr(bi.name, 0, sizeof(bi.name)) != NULL);
		REQUIRE(memchr(bi.description, 0, sizeof(bi.description)) != NULL);
		n = dps_ipc_put_binding_info(enc, sizeof(enc), &bi);
		REQUIRE(n == len);
		memset(&bi2, 0, sizeof(bi2));
		REQUIRE(dps_ipc_get_binding_info(enc, n, &bi2) == DPS_OK);
		REQUIRE(memcmp(&bi, &bi2, sizeof(bi)) == 0);
	}

	memset(&o, 0, sizeof(o));
	rc = dps_ipc_get_open(p, len, &o);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(o.nb_types >= 1 && o.nb_types <= DPS_IPC_MAX_ETHERTYPES);
		REQUIRE(o.filter_len <= DPS_IPC_MAX_FILTER && strlen(o.filter) == o.filter_len);
		REQUIRE(o.adapter[0] != '\0' && memchr(o.adapter, 0, sizeof(o.adapter)) != NULL);
		n = dps_ipc_put_open(enc, sizeof(enc), &o);
		REQUIRE(n == len);
		memset(&o2, 0, sizeof(o2));
		REQUIRE(dps_ipc_get_open(enc, n, &o2) == DPS_OK);
		REQUIRE(memcmp(&o, &o2, sizeof(o)) == 0);
	}

	rc = dps_ipc_get_recv(p, len, &r);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(r.max_len >= 1);
		REQUIRE(dps_ipc_put_recv(enc, sizeof(enc), &r) == len && memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_recv(enc, len, &r2) == DPS_OK && r2.max_len == r.max_len);
	}

	rc = dps_ipc_get_frame(p, len, &f);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(f.len >= 1 && f.len <= DPS_IPC_MAX_FRAME && f.len <= f.orig_len);
		inside(f.data, f.len, p, len);
		REQUIRE(dps_ipc_put_frame(enc, sizeof(enc), &f) == len && memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_frame(enc, len, &f2) == DPS_OK && f2.len == f.len);
	}

	rc = dps_ipc_get_send(p, len, &s);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(s.len >= 1 && s.len <= DPS_IPC_MAX_FRAME);
		inside(s.frame, s.len, p, len);
		REQUIRE(dps_ipc_put_send(enc, sizeof(enc), &s) == len && memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_send(enc, len, &s2) == DPS_OK && s2.len == s.len);
	}

	rc = dps_ipc_get_oid_query(p, len, &q);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(q.buf_len <= DPS_IPC_OID_DATA_MAX);
		REQUIRE(dps_ipc_put_oid_query(enc, sizeof(enc), &q) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_oid_query(enc, len, &q2) == DPS_OK && q2.oid == q.oid);
	}

	rc = dps_ipc_get_oid_set(p, len, &q);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(q.buf_len <= DPS_IPC_OID_DATA_MAX);
		inside(q.data, q.buf_len, p, len);
		REQUIRE(dps_ipc_put_oid_set(enc, sizeof(enc), &q) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_oid_set(enc, len, &q2) == DPS_OK && q2.buf_len == q.buf_len);
	}

	rc = dps_ipc_get_oid_reply(p, len, &orp);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(orp.len <= DPS_IPC_OID_DATA_MAX && (orp.len == 0 || orp.bytes == orp.len));
		inside(orp.data, orp.len, p, len);
		REQUIRE(dps_ipc_put_oid_reply(enc, sizeof(enc), &orp) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_oid_reply(enc, len, &orp2) == DPS_OK && orp2.len == orp.len);
	}

	rc = dps_ipc_get_wait_status(p, len, &w);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(dps_ipc_put_wait_status(enc, sizeof(enc), &w) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_wait_status(enc, len, &w2) == DPS_OK && w2.handle == w.handle);
	}

	rc = dps_ipc_get_indication(p, len, &in);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(dps_ipc_put_indication(enc, sizeof(enc), &in) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_indication(enc, len, &in2) == DPS_OK && in2.code == in.code);
	}

	rc = dps_ipc_get_open_stats(p, len, &st);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(dps_ipc_put_open_stats(enc, sizeof(enc), &st) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_open_stats(enc, len, &st2) == DPS_OK &&
			memcmp(&st, &st2, sizeof(st)) == 0);
	}

	/* rings and batches (0x50..) */
	rc = dps_ipc_get_ring_setup(p, len, &rs);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(dps_ipc_put_ring_setup(enc, sizeof(enc), &rs) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_ring_setup(enc, len, &rs2) == DPS_OK &&
			rs2.rx_slots == rs.rx_slots && rs2.tx_slots == rs.tx_slots);
	}

	rc = dps_ipc_get_ring_reply(p, len, &rr);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(dps_ipc_put_ring_reply(enc, sizeof(enc), &rr) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_ring_reply(enc, len, &rr2) == DPS_OK &&
			rr2.size_a == rr.size_a);
	}

	rc = dps_ipc_get_recv_batch(p, len, &rb);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(rb.max_frames >= 1 && rb.max_frames <= DPS_IPC_BATCH_MAX);
		REQUIRE(dps_ipc_put_recv_batch(enc, sizeof(enc), &rb) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_recv_batch(enc, len, &rb2) == DPS_OK &&
			rb2.max_len == rb.max_len);
	}

	rc = dps_ipc_get_send_batch(p, len, &sb);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(sb.count >= 1 && sb.count <= DPS_IPC_BATCH_MAX);
		for (uint32_t i = 0; i < sb.count; i++)
			inside(fr[i].data, fr[i].len, p, len);
		REQUIRE(dps_ipc_put_send_batch(enc, sizeof(enc), &sb) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_send_batch(enc, len, &sb2) == DPS_OK && sb2.count == sb.count);
	}

	rc = dps_ipc_get_frames(p, len, &fs);
	status_ok(rc);
	if (rc == DPS_OK) {
		size_t off = dps_ipc_put_frames_start(enc, sizeof(enc));

		REQUIRE(fs.count >= 1 && fs.count <= DPS_IPC_BATCH_MAX);
		for (uint32_t i = 0; i < fs.count; i++) {
			inside(fr[i].data, fr[i].len, p, len);
			REQUIRE(fr[i].len >= 1 && fr[i].len <= fr[i].orig_len);
			n = dps_ipc_put_frames_add(enc + off, sizeof(enc) - off, fr[i].orig_len,
				fr[i].data, fr[i].len);
			REQUIRE(n == 8 + (size_t)fr[i].len);
			off += n;
		}
		dps_ipc_put_frames_end(enc, fs.count, fs.dropped);
		REQUIRE(off == len && memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_frames(enc, len, &fs2) == DPS_OK && fs2.count == fs.count);
	}

	rc = dps_ipc_get_batch_status(p, len, &bs);
	status_ok(rc);
	if (rc == DPS_OK) {
		REQUIRE(bs.count >= 1 && bs.count <= DPS_IPC_BATCH_MAX && bs.sent <= bs.count);
		REQUIRE(dps_ipc_put_batch_status(enc, sizeof(enc), &bs) == len &&
			memcmp(enc, p, len) == 0);
		REQUIRE(dps_ipc_get_batch_status(enc, len, &bs2) == DPS_OK && bs2.sent == bs.sent);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dps_ipc_hdr h;
	int rc;

	rc = dps_ipc_check_request(data, size, &h);
	REQUIRE(rc == DPS_OK || rc == DPS_E_INVALID_LENGTH || rc == DPS_E_INVALID_DATA ||
		rc == DPS_E_NOT_SUPPORTED);
	(void)dps_ipc_type_str(h.type);

	rc = dps_ipc_get_hdr(data, size, &h);
	if (rc == DPS_OK) {
		/* a header that reads back is written the same */
		REQUIRE(size >= DPS_IPC_HDR_LEN && h.len == size - DPS_IPC_HDR_LEN);
		REQUIRE(dps_ipc_put_hdr_flags(enc, sizeof(enc), h.type, h.flags, h.id, h.len,
				h.status) == DPS_IPC_HDR_LEN);
		REQUIRE(memcmp(enc, data, DPS_IPC_HDR_LEN) == 0);
	}
	if (size >= DPS_IPC_HDR_LEN)
		decode_all(data + DPS_IPC_HDR_LEN, size - DPS_IPC_HDR_LEN);
	decode_all(data, size);
	return 0;
}
