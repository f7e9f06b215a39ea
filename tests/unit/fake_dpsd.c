/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "dps_status.h"
#include "fake_dpsd.h"

/* OID codes the model knows (NDIS values, as in lib/sdk/dpstack/dps_oid.h) */
#define OID_GEN_SUPPORTED_LIST 0x00010101u
#define OID_GEN_MAXIMUM_FRAME_SIZE 0x00010106u
#define OID_GEN_LINK_SPEED 0x00010107u
#define OID_GEN_VENDOR_DESCRIPTION 0x0001010Du
#define OID_GEN_CURRENT_PACKET_FILTER 0x0001010Eu
#define OID_GEN_DRIVER_VERSION 0x00010110u
#define OID_GEN_LINK_STATE 0x00010207u
#define OID_GEN_XMIT_OK 0x00020101u
#define OID_GEN_STATISTICS 0x00020106u
#define OID_802_3_PERMANENT_ADDRESS 0x01010101u
#define OID_802_3_CURRENT_ADDRESS 0x01010102u
#define OID_802_3_MULTICAST_LIST 0x01010103u
#define OID_DPS_MTU 0xFF010001u
#define OID_DPS_MAC_ADDRESS 0xFF010002u

static void
le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void
le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void
sleep_ms(unsigned int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

void
fake_init(struct fake_server *f)
{
	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->lock, NULL);
	f->max_wait_ms = 100;
	f->listen_fd = -1;
	for (int i = 0; i < FAKE_NB_ADAPTERS; i++) {
		struct fake_adapter *a = &f->adapters[i];

		snprintf(a->name, sizeof(a->name), "dps%d", i);
		memcpy(a->mac, "\x02\x00\x00\x00\x00", 5);
		a->mac[5] = (uint8_t)(i + 1);
		a->mtu = 1500;
		a->link_up = 1;
	}
}

static struct fake_open *
find_open(struct fake_server *f, uint64_t handle)
{
	for (int i = 0; i < FAKE_MAX_OPENS; i++)
		if (f->opens[i].used && f->opens[i].handle == handle)
			return &f->opens[i];
	return NULL;
}

static void
enqueue(struct fake_open *o, const uint8_t *data, uint32_t len)
{
	struct fake_frame *fr;

	o->received++;
	if (o->count == FAKE_QUEUE) { /* drop the oldest */
		o->head = (o->head + 1) % FAKE_QUEUE;
		o->count--;
		o->dropped++;
	}
	fr = &o->q[(o->head + o->count) % FAKE_QUEUE];
	fr->len = len;
	memcpy(fr->data, data, len);
	o->count++;
}

static int
open_wants(const struct fake_open *o, uint16_t type)
{
	for (unsigned int i = 0; i < o->nb_types; i++)
		if (o->types[i] == type)
			return 1;
	return 0;
}

/* A reply; @return its length in out (header included). */
static size_t
reply(uint8_t *out, uint8_t type, uint32_t id, int32_t status, size_t len)
{
	dps_ipc_put_hdr(out, DPS_IPC_MAX_MSG, type, id, (uint32_t)len, status);
	return DPS_IPC_HDR_LEN + len;
}

/* A failure reply carrying @p reason (no other payload). */
static size_t
reply_reason(uint8_t *out, uint8_t type, uint32_t id, int32_t status, const char *reason)
{
	size_t n = dps_ipc_put_reason(out + DPS_IPC_HDR_LEN, DPS_IPC_MAX_PAYLOAD, reason);

	dps_ipc_put_hdr_flags(
		out, DPS_IPC_MAX_MSG, type, DPS_IPC_F_REASON, id, (uint32_t)n, status);
	return DPS_IPC_HDR_LEN + n;
}

/* Answers an OID query; @return the status. */
static int
oid_query(struct fake_server *f, struct fake_adapter *a, uint32_t oid, uint32_t room, uint8_t *data,
	uint32_t *len, uint32_t *needed)
{
	uint8_t v[64];
	uint32_t n;

	memset(v, 0, sizeof(v));
	switch (oid) {
	case OID_802_3_CURRENT_ADDRESS:
	case OID_802_3_PERMANENT_ADDRESS:
	case OID_DPS_MAC_ADDRESS:
		memcpy(v, a->mac, 6);
		n = 6;
		break;
	case OID_GEN_MAXIMUM_FRAME_SIZE:
	case OID_DPS_MTU:
		le32(v, a->mtu);
		n = 4;
		break;
	case OID_GEN_LINK_SPEED:
		le32(v, 100000000u); /* 10 Gb/s in units of 100 b/s */
		n = 4;
		break;
	case OID_GEN_CURRENT_PACKET_FILTER:
		le32(v, a->packet_filter);
		n = 4;
		break;
	case OID_GEN_VENDOR_DESCRIPTION:
		memcpy(v, "net_tap", 8);
		n = 8;
		break;
	case OID_GEN_DRIVER_VERSION:
		v[0] = 0x0b;
		v[1] = 0x16;
		n = 2;
		break;
	case OID_GEN_XMIT_OK: /* 32 bits into 4 bytes, else 64 */
		n = room >= 8 ? 8 : 4;
		le64(v, 5000000000ull);
		if (n == 4)
			le32(v, 0xffffffffu);
		break;
	case OID_GEN_LINK_STATE:
		le32(v, a->link_up ? 1 : 2);
		le32(v + 4, 2);
		le64(v + 8, 10000000000ull);
		le64(v + 16, 10000000000ull);
		n = 24;
		break;
	case OID_GEN_STATISTICS:
		for (int i = 0; i < 8; i++)
			le64(v + 8 * i, (uint64_t)(i + 1) * 100);
		n = 64;
		break;
	case OID_GEN_SUPPORTED_LIST:
		le32(v, OID_GEN_SUPPORTED_LIST);
		le32(v + 4, OID_802_3_CURRENT_ADDRESS);
		le32(v + 8, 0x12345678u);
		n = 12;
		break;
	case OID_802_3_MULTICAST_LIST:
		if (room < a->mcast_len) {
			*needed = a->mcast_len;
			return DPS_E_BUFFER_TOO_SHORT;
		}
		memcpy(data, a->mcast, a->mcast_len);
		*len = a->mcast_len;
		return DPS_OK;
	default:
		return DPS_E_NOT_SUPPORTED;
	}
	(void)f;
	if (room < n) {
		*needed = n;
		return DPS_E_BUFFER_TOO_SHORT;
	}
	memcpy(data, v, n);
	*len = n;
	return DPS_OK;
}

static int
oid_set(struct fake_adapter *a, uint32_t oid, const uint8_t *data, uint32_t len, uint32_t *read,
	uint32_t *needed)
{
	switch (oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
	case OID_DPS_MTU:
		if (len < 4) {
			*needed = 4;
			return DPS_E_INVALID_LENGTH;
		}
		if (oid == OID_DPS_MTU) {
			if (rd32(data) < 68 || rd32(data) > 9600)
				return DPS_E_INVALID_DATA;
			a->mtu = rd32(data);
		} else {
			a->packet_filter = rd32(data);
		}
		*read = 4;
		return DPS_OK;
	case OID_802_3_MULTICAST_LIST:
		if (len % 6 != 0 || len > sizeof(a->mcast)) {
			*needed = len - len % 6;
			return DPS_E_INVALID_LENGTH;
		}
		if (len > 0)
			memcpy(a->mcast, data, len);
		a->mcast_len = len;
		*read = len;
		return DPS_OK;
	case OID_DPS_MAC_ADDRESS:
		return DPS_E_PERMISSION; /* not on the clients' allow-list */
	default:
		return DPS_E_NOT_SUPPORTED;
	}
}

/* Handle one decoded request; @return the reply's length in out. Lock held. */
/* One frame's send checks, as lib/proto/raw does them; loops it back. */
static int
send_one(struct fake_server *f, struct fake_open *o, const uint8_t *frame, uint32_t len)
{
	struct fake_adapter *a = &f->adapters[o->adapter];
	uint16_t type;

	if (len < 14) {
		o->send_refused++;
		return DPS_E_BUFFER_TOO_SHORT;
	}
	if (len > a->mtu + 14) {
		o->send_refused++;
		return DPS_E_INVALID_LENGTH;
	}
	if (memcmp(frame + 6, a->mac, 6) != 0) {
		o->send_refused++;
		return DPS_E_PERMISSION;
	}
	type = (uint16_t)(frame[12] << 8 | frame[13]);
	if (!open_wants(o, type)) {
		o->send_refused++;
		return DPS_E_INVALID_PARAMETER;
	}
	o->sent++;
	/* loopback: every open of the adapter that wants the type (the sender too) */
	for (int i = 0; i < FAKE_MAX_OPENS; i++)
		if (f->opens[i].used && f->opens[i].adapter == o->adapter &&
			open_wants(&f->opens[i], type))
			enqueue(&f->opens[i], frame, len);
	return DPS_OK;
}

static size_t
handle(struct fake_server *f, const struct dps_ipc_hdr *h, const uint8_t *p, uint8_t *out)
{
	uint8_t rt = (uint8_t)(h->type | DPS_IPC_REPLY);
	uint8_t *q = out + DPS_IPC_HDR_LEN;
	const size_t cap = DPS_IPC_MAX_PAYLOAD;
	struct fake_open *o;
	uint32_t u;
	uint64_t handle_v;

	f->last_type = h->type;
	switch (h->type) {
	case DPS_IPC_LIST_BINDINGS: {
		struct dps_ipc_binding_info b;
		struct fake_adapter *a;

		dps_ipc_get_u32(p, h->len, &u);
		f->last_index = u;
		if (u >= FAKE_NB_ADAPTERS)
			return reply(out, rt, h->id, DPS_E_NO_MORE_ENTRIES, 0);
		a = &f->adapters[u];
		memset(&b, 0, sizeof(b));
		memcpy(b.name, a->name, sizeof(b.name));
		snprintf(b.description, sizeof(b.description), "net_tap%u,iface=%s (net_tap)", u,
			a->name);
		memcpy(b.mac, a->mac, 6);
		b.mtu = a->mtu;
		b.link_up = a->link_up;
		b.link_speed = a->link_up ? 10000 : 0;
		b.state = 4;
		return reply(out, rt, h->id, DPS_OK, dps_ipc_put_binding_info(q, cap, &b));
	}
	case DPS_IPC_WAIT_BINDS:
		dps_ipc_get_u32(p, h->len, &f->last_timeout_ms);
		return reply(out, rt, h->id, DPS_OK, 0);
	case DPS_IPC_OPEN: {
		int ai = -1, slot = -1;

		dps_ipc_get_open(p, h->len, &f->last_open);
		for (int i = 0; i < FAKE_NB_ADAPTERS; i++)
			if (strcmp(f->adapters[i].name, f->last_open.adapter) == 0)
				ai = i;
		if (ai < 0)
			return reply(out, rt, h->id, DPS_E_NOT_FOUND, 0);
		if (strcmp(f->last_open.filter, "bad filter") == 0)
			return reply(out, rt, h->id, DPS_E_INVALID_DATA, 0);
		for (int i = 0; i < FAKE_MAX_OPENS && slot < 0; i++)
			if (!f->opens[i].used)
				slot = i;
		if (slot < 0)
			return reply(out, rt, h->id, DPS_E_RESOURCES, 0);
		o = &f->opens[slot];
		memset(o, 0, sizeof(*o));
		o->used = 1;
		o->handle = (uint64_t)++f->generation << 32 | (uint64_t)(slot + 1);
		o->adapter = ai;
		o->nb_types = f->last_open.nb_types;
		memcpy(o->types, f->last_open.types, sizeof(o->types));
		for (unsigned int i = 0; i < f->prefill; i++) {
			uint8_t fr[128];
			uint32_t len = 60 + i % 60;

			memset(fr, 0xff, 6);
			memcpy(fr + 6, "\x02\x00\x00\x00\x00\x99", 6);
			fr[12] = (uint8_t)(o->types[0] >> 8);
			fr[13] = (uint8_t)o->types[0];
			for (uint32_t k = 14; k < len; k++)
				fr[k] = (uint8_t)(i + k);
			enqueue(o, fr, len);
		}
		return reply(out, rt, h->id, DPS_OK, dps_ipc_put_handle(q, cap, o->handle));
	}
	case DPS_IPC_CLOSE:
		dps_ipc_get_handle(p, h->len, &handle_v);
		o = find_open(f, handle_v);
		if (o == NULL)
			return reply(out, rt, h->id, DPS_E_STALE_HANDLE, 0);
		o->used = 0;
		return reply(out, rt, h->id, DPS_OK, 0);
	case DPS_IPC_RECV: {
		struct dps_ipc_recv r;
		struct dps_ipc_frame fr;
		struct fake_frame *ff;

		dps_ipc_get_recv(p, h->len, &r);
		f->last_timeout_ms = r.timeout_ms;
		f->last_max_len = r.max_len;
		o = find_open(f, r.handle);
		if (o == NULL)
			return reply(out, rt, h->id, DPS_E_STALE_HANDLE, 0);
		if (o->count == 0) {
			unsigned int ms =
				r.timeout_ms < f->max_wait_ms ? r.timeout_ms : f->max_wait_ms;

			pthread_mutex_unlock(&f->lock);
			sleep_ms(ms);
			pthread_mutex_lock(&f->lock);
			return reply(out, rt, h->id, DPS_E_TIMEOUT, 0);
		}
		ff = &o->q[o->head];
		o->head = (o->head + 1) % FAKE_QUEUE;
		o->count--;
		o->delivered++;
		fr.orig_len = ff->len;
		fr.dropped = (uint32_t)o->dropped;
		fr.data = ff->data;
		fr.len = ff->len < r.max_len ? ff->len : r.max_len;
		return reply(out, rt, h->id, DPS_OK, dps_ipc_put_frame(q, cap, &fr));
	}
	case DPS_IPC_SEND: {
		struct dps_ipc_send s;
		int rc;

		dps_ipc_get_send(p, h->len, &s);
		f->last_frame_len = s.len;
		memcpy(f->last_frame, s.frame, s.len);
		o = find_open(f, s.handle);
		if (o == NULL)
			return reply(out, rt, h->id, DPS_E_STALE_HANDLE, 0);
		rc = send_one(f, o, s.frame, s.len);
		if (rc == DPS_E_PERMISSION)
			return reply_reason(
				out, rt, h->id, rc, "source MAC 02:00:00:00:00:09 is not dps0 MAC");
		return reply(out, rt, h->id, rc, 0);
	}
	case DPS_IPC_SEND_BATCH: {
		static struct dps_ipc_batch_frame frames[DPS_IPC_BATCH_MAX];
		static struct dps_ipc_batch_status st;
		struct dps_ipc_send_batch b = {.frames = frames};

		dps_ipc_get_send_batch(p, h->len, &b);
		o = find_open(f, b.handle);
		if (o == NULL)
			return reply(out, rt, h->id, DPS_E_STALE_HANDLE, 0);
		st.count = b.count;
		st.sent = 0;
		st.reason[0] = '\0';
		for (uint32_t i = 0; i < b.count; i++) {
			f->last_frame_len = frames[i].len;
			memcpy(f->last_frame, frames[i].data, frames[i].len);
			st.status[i] = send_one(f, o, frames[i].data, frames[i].len);
			st.sent += st.status[i] == DPS_OK;
			if (st.status[i] == DPS_E_PERMISSION && st.reason[0] == '\0')
				snprintf(st.reason, sizeof(st.reason),
					"source MAC 02:00:00:00:00:09 is not dps0 MAC");
		}
		return reply(out, rt, h->id, DPS_OK, dps_ipc_put_batch_status(q, cap, &st));
	}
	case DPS_IPC_RECV_BATCH: {
		struct dps_ipc_recv_batch r;
		size_t off;
		uint32_t n = 0;

		dps_ipc_get_recv_batch(p, h->len, &r);
		f->last_timeout_ms = r.timeout_ms;
		f->last_max_len = r.max_len;
		o = find_open(f, r.handle);
		if (o == NULL)
			return reply(out, rt, h->id, DPS_E_STALE_HANDLE, 0);
		if (o->count == 0) {
			unsigned int ms =
				r.timeout_ms < f->max_wait_ms ? r.timeout_ms : f->max_wait_ms;

			pthread_mutex_unlock(&f->lock);
			sleep_ms(ms);
			pthread_mutex_lock(&f->lock);
			return reply(out, rt, h->id, DPS_E_TIMEOUT, 0);
		}
		off = dps_ipc_put_frames_start(q, cap);
		while (o->count > 0 && n < r.max_frames) {
			struct fake_frame *ff = &o->q[o->head];
			uint32_t len = ff->len < r.max_len ? ff->len : r.max_len;
			size_t add =
				dps_ipc_put_frames_add(q + off, cap - off, ff->len, ff->data, len);

			if (add == 0)
				break;
			off += add;
			n++;
			o->head = (o->head + 1) % FAKE_QUEUE;
			o->count--;
			o->delivered++;
		}
		dps_ipc_put_frames_end(q, n, (uint32_t)o->dropped);
		return reply(out, rt, h->id, DPS_OK, off);
	}
	case DPS_IPC_OID_QUERY:
	case DPS_IPC_OID_SET: {
		struct dps_ipc_oid req;
		struct dps_ipc_oid_reply r;
		uint8_t data[DPS_IPC_OID_DATA_MAX];
		uint32_t len = 0, needed = 0, read = 0;
		int st;

		if (h->type == DPS_IPC_OID_QUERY)
			dps_ipc_get_oid_query(p, h->len, &req);
		else
			dps_ipc_get_oid_set(p, h->len, &req);
		f->last_oid = req.oid;
		f->last_buf_len = req.buf_len;
		if (req.data != NULL)
			memcpy(f->last_set, req.data, req.buf_len);
		o = find_open(f, req.handle);
		if (o == NULL)
			return reply(out, rt, h->id, DPS_E_STALE_HANDLE, 0);
		memset(&r, 0, sizeof(r));
		r.oid = req.oid;
		if (h->type == DPS_IPC_OID_QUERY) {
			st = oid_query(f, &f->adapters[o->adapter], req.oid, req.buf_len, data,
				&len, &needed);
			if (st == DPS_OK) {
				r.bytes = len;
				r.len = len;
				r.data = data;
			}
		} else {
			st = oid_set(&f->adapters[o->adapter], req.oid, req.data, req.buf_len,
				&read, &needed);
			r.bytes = read;
		}
		r.bytes_needed = needed;
		if (st == DPS_E_NOT_SUPPORTED)
			return reply(out, rt, h->id, st, 0);
		return reply(out, rt, h->id, st, dps_ipc_put_oid_reply(q, cap, &r));
	}
	case DPS_IPC_WAIT_STATUS: {
		struct dps_ipc_wait_status w;
		struct dps_ipc_indication ind;
		struct fake_adapter *a;

		dps_ipc_get_wait_status(p, h->len, &w);
		f->last_timeout_ms = w.timeout_ms;
		o = find_open(f, w.handle);
		if (o == NULL)
			return reply(out, rt, h->id, DPS_E_STALE_HANDLE, 0);
		if (f->no_indications) {
			unsigned int ms =
				w.timeout_ms < f->max_wait_ms ? w.timeout_ms : f->max_wait_ms;

			pthread_mutex_unlock(&f->lock);
			sleep_ms(ms);
			pthread_mutex_lock(&f->lock);
			return reply(out, rt, h->id, DPS_E_TIMEOUT, 0);
		}
		a = &f->adapters[o->adapter];
		a->link_up = !a->link_up; /* every wait sees a flap */
		ind.code = 1;
		ind.link_up = a->link_up;
		ind.link_speed = a->link_up ? 10000 : 0;
		return reply(out, rt, h->id, DPS_OK, dps_ipc_put_indication(q, cap, &ind));
	}
	case DPS_IPC_OPEN_STATS: {
		struct dps_ipc_open_stats s;

		dps_ipc_get_handle(p, h->len, &handle_v);
		o = find_open(f, handle_v);
		if (o == NULL)
			return reply(out, rt, h->id, DPS_E_STALE_HANDLE, 0);
		s.received = o->received;
		s.delivered = o->delivered;
		s.dropped = o->dropped;
		s.filtered = 0;
		s.queued = o->count;
		s.sent = o->sent;
		s.send_refused = o->send_refused;
		return reply(out, rt, h->id, DPS_OK, dps_ipc_put_open_stats(q, cap, &s));
	}
	default:
		return reply(out, DPS_IPC_ERROR, h->id, DPS_E_NOT_SUPPORTED, 0);
	}
}

void
fake_serve(struct fake_server *f, int fd)
{
	static __thread uint8_t in[DPS_IPC_MAX_MSG + 1], out[DPS_IPC_MAX_MSG + 64];

	for (;;) {
		struct dps_ipc_hdr h;
		ssize_t n;
		size_t len;
		int rc, mis;

		n = recv(fd, in, sizeof(in), MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		pthread_mutex_lock(&f->lock);
		f->requests++;
		mis = f->misbehave;
		f->misbehave = FAKE_NORMAL;
		rc = dps_ipc_check_request(in, (size_t)n > sizeof(in) ? sizeof(in) : (size_t)n, &h);
		if (rc != DPS_OK) {
			len = reply(out, DPS_IPC_ERROR, h.id, rc, 0);
		} else {
			switch (mis) {
			case FAKE_CLOSE:
				pthread_mutex_unlock(&f->lock);
				goto done;
			case FAKE_NO_REPLY:
				pthread_mutex_unlock(&f->lock);
				continue;
			case FAKE_ERROR_REPLY:
				len = reply(out, DPS_IPC_ERROR, h.id, DPS_E_NOT_SUPPORTED, 0);
				break;
			case FAKE_STATUS:
				len = f->reason[0] != '\0'
					      ? reply_reason(out, h.type | DPS_IPC_REPLY, h.id,
							f->status, f->reason)
					      : reply(out, h.type | DPS_IPC_REPLY, h.id, f->status,
							0);
				break;
			case FAKE_POSITIVE:
				len = reply(out, h.type | DPS_IPC_REPLY, h.id, DPS_PENDING, 0);
				break;
			case FAKE_BAD_PAYLOAD:
				len = reply(out, h.type | DPS_IPC_REPLY, h.id, DPS_OK, 3);
				memset(out + DPS_IPC_HDR_LEN, 0xee, 3);
				break;
			default:
				len = handle(f, &h, in + DPS_IPC_HDR_LEN, out);
				break;
			}
			if (mis == FAKE_WRONG_ID)
				le32(out + 4, h.id + 1);
			else if (mis == FAKE_WRONG_TYPE)
				out[1] = (uint8_t)((h.type == DPS_IPC_OPEN ? DPS_IPC_CLOSE
									   : DPS_IPC_OPEN) |
						   DPS_IPC_REPLY);
			else if (mis == FAKE_TRUNCATED)
				len = len > DPS_IPC_HDR_LEN ? len - 1 : DPS_IPC_HDR_LEN - 4;
			else if (mis == FAKE_OVERSIZE)
				len = DPS_IPC_MAX_MSG + 1;
		}
		pthread_mutex_unlock(&f->lock);
		if (send(fd, out, len, MSG_NOSIGNAL) < 0)
			break;
	}
done:
	/* a client that goes loses its opens */
	pthread_mutex_lock(&f->lock);
	for (int i = 0; i < FAKE_MAX_OPENS; i++)
		f->opens[i].used = 0;
	pthread_mutex_unlock(&f->lock);
	close(fd);
}

int
fake_listen(struct fake_server *f, const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd;

	if (path == NULL) {
		snprintf(f->dir, sizeof(f->dir), "/tmp/dps-fake.XXXXXX");
		if (mkdtemp(f->dir) == NULL)
			return -1;
		snprintf(f->path, sizeof(f->path), "%s/dpstack.sock", f->dir);
	} else {
		snprintf(f->path, sizeof(f->path), "%s", path);
	}
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memcpy(sa.sun_path, f->path, strlen(f->path) + 1);
	unlink(f->path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, 8) != 0) {
		close(fd);
		return -1;
	}
	f->listen_fd = fd;
	return fd;
}

static void *
serve_thread(void *arg)
{
	struct fake_server *f = arg;

	for (;;) {
		struct pollfd pfd = {.fd = f->listen_fd, .events = POLLIN};
		int stop, fd;

		pthread_mutex_lock(&f->lock);
		stop = f->stop;
		pthread_mutex_unlock(&f->lock);
		if (stop)
			break;
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		fd = accept(f->listen_fd, NULL, NULL);
		if (fd >= 0)
			fake_serve(f, fd);
	}
	return NULL;
}

int
fake_start(struct fake_server *f, const char *path)
{
	if (fake_listen(f, path) < 0)
		return -1;
	if (pthread_create(&f->thread, NULL, serve_thread, f) != 0) {
		close(f->listen_fd);
		return -1;
	}
	return 0;
}

void
fake_stop(struct fake_server *f)
{
	pthread_mutex_lock(&f->lock);
	f->stop = 1;
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	close(f->listen_fd);
	unlink(f->path);
	if (f->dir[0] != '\0')
		rmdir(f->dir);
}
