/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control-socket wire format: every integer is written and read byte
 * by byte in little-endian order (no struct overlays, no alignment or
 * padding assumptions), and every decoder checks the payload's size before
 * it reads a byte. No DPDK: libdpsclient compiles this file too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "dps_ipc.h"
#include "dps_ring.h"
#include "dps_status.h"

#define ETHERTYPE_MIN 0x0600u /* below: an 802.3 length, not a type */
#define QUEUE_LEN_MAX 65536u

/* binding_info field offsets (see dps_ipc.h) */
#define BI_NAME 0
#define BI_DESC 16
#define BI_MAC 80
#define BI_MTU 88
#define BI_LINK_UP 92
#define BI_SPEED 96
#define BI_STATE 100

/* open field offsets */
#define OP_ADAPTER 0
#define OP_QUEUE_LEN 16
#define OP_NB_TYPES 20
#define OP_FILTER_LEN 22
#define OP_TYPES 24

_Static_assert(BI_STATE + 4 == DPS_IPC_BINDING_INFO_LEN, "binding_info layout");
_Static_assert(OP_TYPES + 2 * DPS_IPC_MAX_ETHERTYPES == DPS_IPC_OPEN_FIXED_LEN, "open layout");
_Static_assert(DPS_IPC_HDR_LEN + DPS_IPC_OPEN_FIXED_LEN + DPS_IPC_MAX_FILTER <= DPS_IPC_MAX_MSG,
	"largest OPEN fits");
_Static_assert(DPS_IPC_HDR_LEN + 8 + DPS_IPC_MAX_FRAME <= DPS_IPC_MAX_MSG, "largest frame fits");
_Static_assert(DPS_IPC_HDR_LEN + DPS_IPC_OID_FIXED_LEN + DPS_IPC_OID_DATA_MAX <= DPS_IPC_MAX_MSG,
	"largest OID set fits");

/* ---- little-endian helpers ---- */

static void
le16_put(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
le32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void
le64_put(uint8_t *p, uint64_t v)
{
	le32_put(p, (uint32_t)v);
	le32_put(p + 4, (uint32_t)(v >> 32));
}

static uint16_t
le16_get(const uint8_t *p)
{
	return (uint16_t)(p[0] | (unsigned int)p[1] << 8);
}

static uint32_t
le32_get(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t
le64_get(const uint8_t *p)
{
	return (uint64_t)le32_get(p) | (uint64_t)le32_get(p + 4) << 32;
}

/*
 * A fixed-size string field: @p src must hold a NUL within @p size bytes
 * (and a character before it when @p nonempty). The copy is NUL-padded,
 * whatever followed the NUL on the wire.
 */
static int
str_get(char *dst, const uint8_t *src, size_t size, int nonempty)
{
	const uint8_t *nul = memchr(src, '\0', size);

	if (nul == NULL || (nonempty && nul == src))
		return DPS_E_INVALID_DATA;
	memset(dst, 0, size);
	memcpy(dst, src, (size_t)(nul - src));
	return DPS_OK;
}

/* Same rule for an encoder's input; @return the string's length or -1. */
static long
str_check(const char *s, size_t size, int nonempty)
{
	const char *nul = memchr(s, '\0', size);

	if (nul == NULL || (nonempty && nul == s))
		return -1;
	return nul - s;
}

static void
str_put(uint8_t *dst, const char *s, size_t n, size_t size)
{
	memset(dst, 0, size);
	memcpy(dst, s, n);
}

/* ---- header ---- */

static int
is_request_type(unsigned int t)
{
	return (t >= DPS_IPC_LIST_BINDINGS && t <= DPS_IPC_TYPE_MAX) ||
	       (t >= DPS_IPC_CAPTURE_START && t <= DPS_IPC_CAPTURE_TYPE_MAX) ||
	       (t >= DPS_IPC_ADAPTER_REMOVE && t <= DPS_IPC_ADMIN_TYPE_MAX) ||
	       (t >= DPS_IPC_RING_TYPE_MIN && t <= DPS_IPC_RING_TYPE_MAX);
}

static int
is_known_type(unsigned int t)
{
	return is_request_type(t) || ((t & DPS_IPC_REPLY) && is_request_type(t & ~DPS_IPC_REPLY)) ||
	       t == DPS_IPC_ERROR;
}

/* DPS_IPC_F_REASON goes only on a failure reply. */
static int
flags_ok(unsigned int type, uint16_t flags, int32_t status)
{
	if (flags == 0)
		return 1;
	return flags == DPS_IPC_F_REASON && status < 0 &&
	       (type == DPS_IPC_ERROR ||
		       ((type & DPS_IPC_REPLY) && is_request_type(type & ~DPS_IPC_REPLY)));
}

size_t
dps_ipc_put_hdr(uint8_t *buf, size_t cap, uint8_t type, uint32_t id, uint32_t len, int32_t status)
{
	return dps_ipc_put_hdr_flags(buf, cap, type, 0, id, len, status);
}

size_t
dps_ipc_put_hdr_flags(uint8_t *buf, size_t cap, uint8_t type, uint16_t flags, uint32_t id,
	uint32_t len, int32_t status)
{
	if (buf == NULL || cap < DPS_IPC_HDR_LEN || len > DPS_IPC_MAX_PAYLOAD ||
		!flags_ok(type, flags, status))
		return 0;
	buf[0] = DPS_IPC_VERSION;
	buf[1] = type;
	le16_put(buf + 2, flags);
	le32_put(buf + 4, id);
	le32_put(buf + 8, len);
	le32_put(buf + 12, (uint32_t)status);
	return DPS_IPC_HDR_LEN;
}

int
dps_ipc_get_hdr(const uint8_t *buf, size_t n, struct dps_ipc_hdr *h)
{
	if (buf == NULL || h == NULL)
		return DPS_E_INVALID_PARAMETER;
	memset(h, 0, sizeof(*h));
	/* whatever is complete, so that an error reply can echo the id */
	if (n >= 1)
		h->version = buf[0];
	if (n >= 2)
		h->type = buf[1];
	if (n >= 4)
		h->flags = le16_get(buf + 2);
	if (n >= 8)
		h->id = le32_get(buf + 4);
	if (n >= 12)
		h->len = le32_get(buf + 8);
	if (n < DPS_IPC_HDR_LEN)
		return DPS_E_INVALID_LENGTH;
	h->status = (int32_t)le32_get(buf + 12);
	if (h->version != DPS_IPC_VERSION)
		return DPS_E_NOT_SUPPORTED;
	if (n > DPS_IPC_MAX_MSG || h->len != n - DPS_IPC_HDR_LEN)
		return DPS_E_INVALID_LENGTH;
	if (!is_known_type(h->type))
		return DPS_E_NOT_SUPPORTED;
	if (!flags_ok(h->type, h->flags, h->status))
		return DPS_E_INVALID_DATA;
	return DPS_OK;
}

/* ---- scalars ---- */

size_t
dps_ipc_put_u32(uint8_t *p, size_t cap, uint32_t v)
{
	if (p == NULL || cap < 4)
		return 0;
	le32_put(p, v);
	return 4;
}

int
dps_ipc_get_u32(const uint8_t *p, size_t len, uint32_t *v)
{
	if (p == NULL || v == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != 4)
		return DPS_E_INVALID_LENGTH;
	*v = le32_get(p);
	return DPS_OK;
}

size_t
dps_ipc_put_handle(uint8_t *p, size_t cap, uint64_t handle)
{
	if (p == NULL || cap < 8)
		return 0;
	le64_put(p, handle);
	return 8;
}

int
dps_ipc_get_handle(const uint8_t *p, size_t len, uint64_t *handle)
{
	if (p == NULL || handle == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != 8)
		return DPS_E_INVALID_LENGTH;
	*handle = le64_get(p);
	return DPS_OK;
}

/* ---- LIST_BINDINGS ---- */

size_t
dps_ipc_put_binding_info(uint8_t *p, size_t cap, const struct dps_ipc_binding_info *b)
{
	long nl, dl;

	if (p == NULL || b == NULL || cap < DPS_IPC_BINDING_INFO_LEN)
		return 0;
	nl = str_check(b->name, DPS_IPC_NAME_LEN, 1);
	dl = str_check(b->description, DPS_IPC_DESC_LEN, 0);
	if (nl < 0 || dl < 0)
		return 0;
	str_put(p + BI_NAME, b->name, (size_t)nl, DPS_IPC_NAME_LEN);
	str_put(p + BI_DESC, b->description, (size_t)dl, DPS_IPC_DESC_LEN);
	memcpy(p + BI_MAC, b->mac, 6);
	p[BI_MAC + 6] = 0;
	p[BI_MAC + 7] = 0;
	le32_put(p + BI_MTU, b->mtu);
	le32_put(p + BI_LINK_UP, b->link_up);
	le32_put(p + BI_SPEED, b->link_speed);
	le32_put(p + BI_STATE, b->state);
	return DPS_IPC_BINDING_INFO_LEN;
}

int
dps_ipc_get_binding_info(const uint8_t *p, size_t len, struct dps_ipc_binding_info *b)
{
	struct dps_ipc_binding_info t;

	if (p == NULL || b == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != DPS_IPC_BINDING_INFO_LEN)
		return DPS_E_INVALID_LENGTH;
	memset(&t, 0, sizeof(t));
	if (str_get(t.name, p + BI_NAME, DPS_IPC_NAME_LEN, 1) != DPS_OK ||
		str_get(t.description, p + BI_DESC, DPS_IPC_DESC_LEN, 0) != DPS_OK)
		return DPS_E_INVALID_DATA;
	memcpy(t.mac, p + BI_MAC, 6);
	t.mtu = le32_get(p + BI_MTU);
	t.link_up = le32_get(p + BI_LINK_UP);
	t.link_speed = le32_get(p + BI_SPEED);
	t.state = le32_get(p + BI_STATE);
	*b = t;
	return DPS_OK;
}

/* ---- OPEN ---- */

static int
open_fields_ok(uint32_t queue_len, uint16_t nb_types, const uint16_t *types, uint16_t filter_len)
{
	if (queue_len > QUEUE_LEN_MAX || nb_types < 1 || nb_types > DPS_IPC_MAX_ETHERTYPES ||
		filter_len > DPS_IPC_MAX_FILTER)
		return 0;
	for (unsigned int i = 0; i < nb_types; i++)
		if (types[i] < ETHERTYPE_MIN)
			return 0;
	return 1;
}

size_t
dps_ipc_put_open(uint8_t *p, size_t cap, const struct dps_ipc_open *o)
{
	long nl;
	size_t total;

	if (p == NULL || o == NULL)
		return 0;
	nl = str_check(o->adapter, DPS_IPC_NAME_LEN, 1);
	if (nl < 0 || !open_fields_ok(o->queue_len, o->nb_types, o->types, o->filter_len) ||
		memchr(o->filter, '\0', o->filter_len) != NULL)
		return 0;
	total = DPS_IPC_OPEN_FIXED_LEN + (size_t)o->filter_len;
	if (cap < total)
		return 0;
	str_put(p + OP_ADAPTER, o->adapter, (size_t)nl, DPS_IPC_NAME_LEN);
	le32_put(p + OP_QUEUE_LEN, o->queue_len);
	le16_put(p + OP_NB_TYPES, o->nb_types);
	le16_put(p + OP_FILTER_LEN, o->filter_len);
	for (unsigned int i = 0; i < DPS_IPC_MAX_ETHERTYPES; i++)
		le16_put(p + OP_TYPES + 2 * i, i < o->nb_types ? o->types[i] : 0);
	memcpy(p + DPS_IPC_OPEN_FIXED_LEN, o->filter, o->filter_len);
	return total;
}

int
dps_ipc_get_open(const uint8_t *p, size_t len, struct dps_ipc_open *o)
{
	uint16_t types[DPS_IPC_MAX_ETHERTYPES];
	uint32_t queue_len;
	uint16_t nb_types, filter_len;
	const uint8_t *filter;

	if (p == NULL || o == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len < DPS_IPC_OPEN_FIXED_LEN)
		return DPS_E_INVALID_LENGTH;
	queue_len = le32_get(p + OP_QUEUE_LEN);
	nb_types = le16_get(p + OP_NB_TYPES);
	filter_len = le16_get(p + OP_FILTER_LEN);
	for (unsigned int i = 0; i < DPS_IPC_MAX_ETHERTYPES; i++)
		types[i] = le16_get(p + OP_TYPES + 2 * i);
	/* field values first: a filter_len of 60000 is a bad value, not a short message */
	if (!open_fields_ok(queue_len, nb_types, types, filter_len))
		return DPS_E_INVALID_DATA;
	for (unsigned int i = nb_types; i < DPS_IPC_MAX_ETHERTYPES; i++)
		if (types[i] != 0)
			return DPS_E_INVALID_DATA;
	if (len != DPS_IPC_OPEN_FIXED_LEN + (size_t)filter_len)
		return DPS_E_INVALID_LENGTH;
	filter = p + DPS_IPC_OPEN_FIXED_LEN;
	if (memchr(filter, '\0', filter_len) != NULL)
		return DPS_E_INVALID_DATA;
	/* the name last: it is the only check that writes into *o */
	if (str_get(o->adapter, p + OP_ADAPTER, DPS_IPC_NAME_LEN, 1) != DPS_OK)
		return DPS_E_INVALID_DATA;
	o->queue_len = queue_len;
	o->nb_types = nb_types;
	o->filter_len = filter_len;
	memcpy(o->types, types, sizeof(types));
	memset(o->filter, 0, sizeof(o->filter));
	memcpy(o->filter, filter, filter_len);
	return DPS_OK;
}

/* ---- RECV ---- */

size_t
dps_ipc_put_recv(uint8_t *p, size_t cap, const struct dps_ipc_recv *r)
{
	if (p == NULL || r == NULL || cap < 16 || r->max_len == 0)
		return 0;
	le64_put(p, r->handle);
	le32_put(p + 8, r->timeout_ms);
	le32_put(p + 12, r->max_len);
	return 16;
}

int
dps_ipc_get_recv(const uint8_t *p, size_t len, struct dps_ipc_recv *r)
{
	uint32_t max_len;

	if (p == NULL || r == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != 16)
		return DPS_E_INVALID_LENGTH;
	max_len = le32_get(p + 12);
	if (max_len == 0)
		return DPS_E_INVALID_DATA;
	r->handle = le64_get(p);
	r->timeout_ms = le32_get(p + 8);
	r->max_len = max_len;
	return DPS_OK;
}

size_t
dps_ipc_put_frame(uint8_t *p, size_t cap, const struct dps_ipc_frame *f)
{
	if (p == NULL || f == NULL || f->data == NULL || f->len == 0 ||
		f->len > DPS_IPC_MAX_FRAME || f->len > f->orig_len ||
		cap < DPS_IPC_FRAME_FIXED_LEN + (size_t)f->len)
		return 0;
	le32_put(p, f->orig_len);
	le32_put(p + 4, f->dropped);
	memcpy(p + DPS_IPC_FRAME_FIXED_LEN, f->data, f->len);
	return DPS_IPC_FRAME_FIXED_LEN + (size_t)f->len;
}

int
dps_ipc_get_frame(const uint8_t *p, size_t len, struct dps_ipc_frame *f)
{
	uint32_t orig_len;
	size_t n;

	if (p == NULL || f == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len <= DPS_IPC_FRAME_FIXED_LEN || len - DPS_IPC_FRAME_FIXED_LEN > DPS_IPC_MAX_FRAME)
		return DPS_E_INVALID_LENGTH;
	n = len - DPS_IPC_FRAME_FIXED_LEN;
	orig_len = le32_get(p);
	if (orig_len < n)
		return DPS_E_INVALID_DATA;
	f->orig_len = orig_len;
	f->dropped = le32_get(p + 4);
	f->data = p + DPS_IPC_FRAME_FIXED_LEN;
	f->len = (uint32_t)n;
	return DPS_OK;
}

/* ---- SEND ---- */

size_t
dps_ipc_put_send(uint8_t *p, size_t cap, const struct dps_ipc_send *s)
{
	if (p == NULL || s == NULL || s->frame == NULL || s->len == 0 ||
		s->len > DPS_IPC_MAX_FRAME || cap < 8 + (size_t)s->len)
		return 0;
	le64_put(p, s->handle);
	memcpy(p + 8, s->frame, s->len);
	return 8 + (size_t)s->len;
}

int
dps_ipc_get_send(const uint8_t *p, size_t len, struct dps_ipc_send *s)
{
	if (p == NULL || s == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len <= 8 || len - 8 > DPS_IPC_MAX_FRAME)
		return DPS_E_INVALID_LENGTH;
	s->handle = le64_get(p);
	s->frame = p + 8;
	s->len = (uint32_t)(len - 8);
	return DPS_OK;
}

/* ---- OIDs ---- */

size_t
dps_ipc_put_oid_query(uint8_t *p, size_t cap, const struct dps_ipc_oid *q)
{
	if (p == NULL || q == NULL || cap < DPS_IPC_OID_FIXED_LEN ||
		q->buf_len > DPS_IPC_OID_DATA_MAX)
		return 0;
	le64_put(p, q->handle);
	le32_put(p + 8, q->oid);
	le32_put(p + 12, q->buf_len);
	return DPS_IPC_OID_FIXED_LEN;
}

int
dps_ipc_get_oid_query(const uint8_t *p, size_t len, struct dps_ipc_oid *q)
{
	uint32_t buf_len;

	if (p == NULL || q == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != DPS_IPC_OID_FIXED_LEN)
		return DPS_E_INVALID_LENGTH;
	buf_len = le32_get(p + 12);
	if (buf_len > DPS_IPC_OID_DATA_MAX)
		return DPS_E_INVALID_DATA;
	q->handle = le64_get(p);
	q->oid = le32_get(p + 8);
	q->buf_len = buf_len;
	q->data = NULL;
	return DPS_OK;
}

size_t
dps_ipc_put_oid_set(uint8_t *p, size_t cap, const struct dps_ipc_oid *s)
{
	if (p == NULL || s == NULL || s->buf_len > DPS_IPC_OID_DATA_MAX ||
		(s->buf_len > 0 && s->data == NULL) ||
		cap < DPS_IPC_OID_FIXED_LEN + (size_t)s->buf_len)
		return 0;
	le64_put(p, s->handle);
	le32_put(p + 8, s->oid);
	le32_put(p + 12, s->buf_len);
	if (s->buf_len > 0)
		memcpy(p + DPS_IPC_OID_FIXED_LEN, s->data, s->buf_len);
	return DPS_IPC_OID_FIXED_LEN + (size_t)s->buf_len;
}

int
dps_ipc_get_oid_set(const uint8_t *p, size_t len, struct dps_ipc_oid *s)
{
	uint32_t buf_len;

	if (p == NULL || s == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len < DPS_IPC_OID_FIXED_LEN)
		return DPS_E_INVALID_LENGTH;
	buf_len = le32_get(p + 12);
	if (buf_len > DPS_IPC_OID_DATA_MAX)
		return DPS_E_INVALID_DATA;
	if (len != DPS_IPC_OID_FIXED_LEN + (size_t)buf_len)
		return DPS_E_INVALID_LENGTH;
	s->handle = le64_get(p);
	s->oid = le32_get(p + 8);
	s->buf_len = buf_len;
	s->data = buf_len > 0 ? p + DPS_IPC_OID_FIXED_LEN : NULL;
	return DPS_OK;
}

size_t
dps_ipc_put_oid_reply(uint8_t *p, size_t cap, const struct dps_ipc_oid_reply *r)
{
	if (p == NULL || r == NULL || r->len > DPS_IPC_OID_DATA_MAX ||
		r->bytes > DPS_IPC_OID_DATA_MAX ||
		(r->len > 0 && (r->data == NULL || r->bytes != r->len)) ||
		cap < DPS_IPC_OID_REPLY_FIXED_LEN + (size_t)r->len)
		return 0;
	le32_put(p, r->oid);
	le32_put(p + 4, r->bytes);
	le32_put(p + 8, r->bytes_needed);
	if (r->len > 0)
		memcpy(p + DPS_IPC_OID_REPLY_FIXED_LEN, r->data, r->len);
	return DPS_IPC_OID_REPLY_FIXED_LEN + (size_t)r->len;
}

int
dps_ipc_get_oid_reply(const uint8_t *p, size_t len, struct dps_ipc_oid_reply *r)
{
	uint32_t bytes;
	size_t n;

	if (p == NULL || r == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len < DPS_IPC_OID_REPLY_FIXED_LEN ||
		len - DPS_IPC_OID_REPLY_FIXED_LEN > DPS_IPC_OID_DATA_MAX)
		return DPS_E_INVALID_LENGTH;
	n = len - DPS_IPC_OID_REPLY_FIXED_LEN;
	bytes = le32_get(p + 4);
	if (bytes > DPS_IPC_OID_DATA_MAX || (n > 0 && bytes != n))
		return DPS_E_INVALID_DATA;
	r->oid = le32_get(p);
	r->bytes = bytes;
	r->bytes_needed = le32_get(p + 8);
	r->data = n > 0 ? p + DPS_IPC_OID_REPLY_FIXED_LEN : NULL;
	r->len = (uint32_t)n;
	return DPS_OK;
}

/* ---- WAIT_STATUS ---- */

size_t
dps_ipc_put_wait_status(uint8_t *p, size_t cap, const struct dps_ipc_wait_status *w)
{
	if (p == NULL || w == NULL || cap < 12)
		return 0;
	le64_put(p, w->handle);
	le32_put(p + 8, w->timeout_ms);
	return 12;
}

int
dps_ipc_get_wait_status(const uint8_t *p, size_t len, struct dps_ipc_wait_status *w)
{
	if (p == NULL || w == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != 12)
		return DPS_E_INVALID_LENGTH;
	w->handle = le64_get(p);
	w->timeout_ms = le32_get(p + 8);
	return DPS_OK;
}

size_t
dps_ipc_put_indication(uint8_t *p, size_t cap, const struct dps_ipc_indication *i)
{
	if (p == NULL || i == NULL || cap < 12)
		return 0;
	le32_put(p, i->code);
	le32_put(p + 4, i->link_up);
	le32_put(p + 8, i->link_speed);
	return 12;
}

int
dps_ipc_get_indication(const uint8_t *p, size_t len, struct dps_ipc_indication *i)
{
	if (p == NULL || i == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != 12)
		return DPS_E_INVALID_LENGTH;
	i->code = le32_get(p);
	i->link_up = le32_get(p + 4);
	i->link_speed = le32_get(p + 8);
	return DPS_OK;
}

/* ---- OPEN_STATS ---- */

size_t
dps_ipc_put_open_stats(uint8_t *p, size_t cap, const struct dps_ipc_open_stats *s)
{
	if (p == NULL || s == NULL || cap < DPS_IPC_OPEN_STATS_LEN)
		return 0;
	le64_put(p, s->received);
	le64_put(p + 8, s->delivered);
	le64_put(p + 16, s->dropped);
	le64_put(p + 24, s->filtered);
	le64_put(p + 32, s->queued);
	le64_put(p + 40, s->sent);
	le64_put(p + 48, s->send_refused);
	return DPS_IPC_OPEN_STATS_LEN;
}

int
dps_ipc_get_open_stats(const uint8_t *p, size_t len, struct dps_ipc_open_stats *s)
{
	if (p == NULL || s == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != DPS_IPC_OPEN_STATS_LEN)
		return DPS_E_INVALID_LENGTH;
	s->received = le64_get(p);
	s->delivered = le64_get(p + 8);
	s->dropped = le64_get(p + 16);
	s->filtered = le64_get(p + 24);
	s->queued = le64_get(p + 32);
	s->sent = le64_get(p + 40);
	s->send_refused = le64_get(p + 48);
	return DPS_OK;
}

/* ---- run-time changes (admin) ---- */

/* 1..15 characters of A-Z a-z 0-9 _ . -, NUL-padded with zeros to 16 bytes */
static int
admin_name_ok(const uint8_t *f)
{
	size_t n = strnlen((const char *)f, DPS_IPC_NAME_LEN);

	if (n == 0 || n >= DPS_IPC_NAME_LEN)
		return 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = f[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    c == '_' || c == '.' || c == '-'))
			return 0;
	}
	for (size_t i = n; i < DPS_IPC_NAME_LEN; i++)
		if (f[i] != 0)
			return 0;
	return 1;
}

size_t
dps_ipc_put_admin(uint8_t *p, size_t cap, unsigned int type, const struct dps_ipc_admin *a)
{
	size_t want =
		type == DPS_IPC_ADAPTER_REMOVE ? DPS_IPC_ADMIN_REMOVE_LEN : DPS_IPC_ADMIN_BIND_LEN;
	uint8_t *ad;

	if (p == NULL || a == NULL || cap < want ||
		(type != DPS_IPC_ADAPTER_REMOVE && type != DPS_IPC_BIND && type != DPS_IPC_UNBIND))
		return 0;
	ad = type == DPS_IPC_ADAPTER_REMOVE ? p : p + DPS_IPC_NAME_LEN;
	if (type != DPS_IPC_ADAPTER_REMOVE)
		str_put(p, a->protocol, strnlen(a->protocol, DPS_IPC_NAME_LEN), DPS_IPC_NAME_LEN);
	str_put(ad, a->adapter, strnlen(a->adapter, DPS_IPC_NAME_LEN), DPS_IPC_NAME_LEN);
	if ((type != DPS_IPC_ADAPTER_REMOVE && !admin_name_ok(p)) || !admin_name_ok(ad))
		return 0;
	return want;
}

int
dps_ipc_get_admin(const uint8_t *p, size_t len, unsigned int type, struct dps_ipc_admin *a)
{
	const uint8_t *ad;

	if (p == NULL || a == NULL ||
		(type != DPS_IPC_ADAPTER_REMOVE && type != DPS_IPC_BIND && type != DPS_IPC_UNBIND))
		return DPS_E_INVALID_PARAMETER;
	if (len != (type == DPS_IPC_ADAPTER_REMOVE ? DPS_IPC_ADMIN_REMOVE_LEN
						   : DPS_IPC_ADMIN_BIND_LEN))
		return DPS_E_INVALID_LENGTH;
	ad = type == DPS_IPC_ADAPTER_REMOVE ? p : p + DPS_IPC_NAME_LEN;
	if ((type != DPS_IPC_ADAPTER_REMOVE && !admin_name_ok(p)) || !admin_name_ok(ad))
		return DPS_E_INVALID_DATA;
	memset(a, 0, sizeof(*a));
	if (type != DPS_IPC_ADAPTER_REMOVE)
		memcpy(a->protocol, p, DPS_IPC_NAME_LEN);
	memcpy(a->adapter, ad, DPS_IPC_NAME_LEN);
	return DPS_OK;
}

/* ---- rings and batches (0x50..) ---- */

static int
ring_params_ok(const struct dps_ring_params *rp)
{
	struct dps_ring_layout l;

	return dps_ring_layout_of(rp, &l) == 0;
}

size_t
dps_ipc_put_ring_setup(uint8_t *p, size_t cap, const struct dps_ipc_ring_setup *r)
{
	struct dps_ring_params rp;

	if (p == NULL || r == NULL || cap < DPS_IPC_RING_SETUP_LEN)
		return 0;
	rp = (struct dps_ring_params){
		1, r->rx_slots, r->rx_slot_size, r->tx_slots, r->tx_slot_size, r->policy};
	if (!ring_params_ok(&rp))
		return 0;
	le64_put(p, r->handle);
	le32_put(p + 8, r->rx_slots);
	le32_put(p + 12, r->rx_slot_size);
	le32_put(p + 16, r->tx_slots);
	le32_put(p + 20, r->tx_slot_size);
	le32_put(p + 24, r->policy);
	le32_put(p + 28, 0);
	return DPS_IPC_RING_SETUP_LEN;
}

int
dps_ipc_get_ring_setup(const uint8_t *p, size_t len, struct dps_ipc_ring_setup *r)
{
	struct dps_ring_params rp;

	if (p == NULL || r == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != DPS_IPC_RING_SETUP_LEN)
		return DPS_E_INVALID_LENGTH;
	r->handle = le64_get(p);
	r->rx_slots = le32_get(p + 8);
	r->rx_slot_size = le32_get(p + 12);
	r->tx_slots = le32_get(p + 16);
	r->tx_slot_size = le32_get(p + 20);
	r->policy = le32_get(p + 24);
	rp = (struct dps_ring_params){
		1, r->rx_slots, r->rx_slot_size, r->tx_slots, r->tx_slot_size, r->policy};
	if (le32_get(p + 28) != 0 || !ring_params_ok(&rp))
		return DPS_E_INVALID_DATA;
	return DPS_OK;
}

/* The parameters of a reply add up: valid, and the sizes are the layout's. */
static int
ring_reply_ok(const struct dps_ipc_ring_reply *r)
{
	struct dps_ring_params rp = {
		r->nb_sub, r->rx_slots, r->rx_slot_size, r->tx_slots, r->tx_slot_size, r->policy};
	struct dps_ring_layout l;

	return dps_ring_layout_of(&rp, &l) == 0 && l.size_a == r->size_a && l.size_b == r->size_b;
}

size_t
dps_ipc_put_ring_reply(uint8_t *p, size_t cap, const struct dps_ipc_ring_reply *r)
{
	if (p == NULL || r == NULL || cap < DPS_IPC_RING_REPLY_LEN || !ring_reply_ok(r))
		return 0;
	le32_put(p, r->nb_sub);
	le32_put(p + 4, r->rx_slots);
	le32_put(p + 8, r->rx_slot_size);
	le32_put(p + 12, r->tx_slots);
	le32_put(p + 16, r->tx_slot_size);
	le32_put(p + 20, r->policy);
	le64_put(p + 24, r->size_a);
	le64_put(p + 32, r->size_b);
	return DPS_IPC_RING_REPLY_LEN;
}

int
dps_ipc_get_ring_reply(const uint8_t *p, size_t len, struct dps_ipc_ring_reply *r)
{
	if (p == NULL || r == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != DPS_IPC_RING_REPLY_LEN)
		return DPS_E_INVALID_LENGTH;
	r->nb_sub = le32_get(p);
	r->rx_slots = le32_get(p + 4);
	r->rx_slot_size = le32_get(p + 8);
	r->tx_slots = le32_get(p + 12);
	r->tx_slot_size = le32_get(p + 16);
	r->policy = le32_get(p + 20);
	r->size_a = le64_get(p + 24);
	r->size_b = le64_get(p + 32);
	return ring_reply_ok(r) ? DPS_OK : DPS_E_INVALID_DATA;
}

size_t
dps_ipc_put_send_batch(uint8_t *p, size_t cap, const struct dps_ipc_send_batch *b)
{
	size_t off = 16;

	if (p == NULL || b == NULL || b->frames == NULL || b->count == 0 ||
		b->count > DPS_IPC_BATCH_MAX || cap < off)
		return 0;
	le64_put(p, b->handle);
	le32_put(p + 8, b->count);
	le32_put(p + 12, 0);
	for (uint32_t i = 0; i < b->count; i++) {
		const struct dps_ipc_batch_frame *f = &b->frames[i];

		if (f->data == NULL || f->len == 0 || f->len > DPS_IPC_MAX_FRAME ||
			cap - off < 4 + (size_t)f->len)
			return 0;
		le32_put(p + off, f->len);
		memcpy(p + off + 4, f->data, f->len);
		off += 4 + (size_t)f->len;
	}
	return off;
}

int
dps_ipc_get_send_batch(const uint8_t *p, size_t len, struct dps_ipc_send_batch *b)
{
	size_t off = 16;

	if (p == NULL || b == NULL || b->frames == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len < off)
		return DPS_E_INVALID_LENGTH;
	b->handle = le64_get(p);
	b->count = le32_get(p + 8);
	if (b->count == 0 || b->count > DPS_IPC_BATCH_MAX || le32_get(p + 12) != 0)
		return DPS_E_INVALID_DATA;
	for (uint32_t i = 0; i < b->count; i++) {
		uint32_t fl;

		if (len - off < 4)
			return DPS_E_INVALID_LENGTH;
		fl = le32_get(p + off);
		if (fl == 0 || fl > DPS_IPC_MAX_FRAME || len - off - 4 < fl)
			return DPS_E_INVALID_LENGTH;
		b->frames[i].data = p + off + 4;
		b->frames[i].len = fl;
		b->frames[i].orig_len = fl;
		off += 4 + (size_t)fl;
	}
	return off == len ? DPS_OK : DPS_E_INVALID_LENGTH;
}

size_t
dps_ipc_put_batch_status(uint8_t *p, size_t cap, const struct dps_ipc_batch_status *s)
{
	size_t need;
	uint32_t ok = 0;

	if (p == NULL || s == NULL || s->count == 0 || s->count > DPS_IPC_BATCH_MAX)
		return 0;
	need = 8 + 4 * (size_t)s->count;
	if (cap < need)
		return 0;
	for (uint32_t i = 0; i < s->count; i++)
		ok += s->status[i] == 0;
	if (ok != s->sent)
		return 0;
	le32_put(p, s->count);
	le32_put(p + 4, s->sent);
	for (uint32_t i = 0; i < s->count; i++)
		le32_put(p + 8 + 4 * i, (uint32_t)s->status[i]);
	if (s->reason[0] != '\0' && ok < s->count) {
		size_t r = dps_ipc_put_reason(p + need, cap - need, s->reason);

		if (r == 0)
			return 0;
		need += r;
	}
	return need;
}

int
dps_ipc_get_batch_status(const uint8_t *p, size_t len, struct dps_ipc_batch_status *s)
{
	uint32_t ok = 0;

	if (p == NULL || s == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len < 8)
		return DPS_E_INVALID_LENGTH;
	s->count = le32_get(p);
	s->sent = le32_get(p + 4);
	s->reason[0] = '\0';
	if (s->count == 0 || s->count > DPS_IPC_BATCH_MAX)
		return DPS_E_INVALID_DATA;
	if (len < 8 + 4 * (size_t)s->count)
		return DPS_E_INVALID_LENGTH;
	for (uint32_t i = 0; i < s->count; i++) {
		s->status[i] = (int32_t)le32_get(p + 8 + 4 * i);
		if (s->status[i] > 0)
			return DPS_E_INVALID_DATA;
		ok += s->status[i] == 0;
	}
	if (ok != s->sent)
		return DPS_E_INVALID_DATA;
	if (len > 8 + 4 * (size_t)s->count) {
		size_t off = 8 + 4 * (size_t)s->count, used;
		int rc;

		if (ok == s->count)
			return DPS_E_INVALID_LENGTH; /* a reason only with a refusal */
		rc = dps_ipc_get_reason(p + off, len - off, s->reason, &used);
		if (rc != DPS_OK)
			return rc;
		if (off + used != len)
			return DPS_E_INVALID_LENGTH;
	}
	return DPS_OK;
}

size_t
dps_ipc_put_recv_batch(uint8_t *p, size_t cap, const struct dps_ipc_recv_batch *r)
{
	if (p == NULL || r == NULL || cap < DPS_IPC_RECV_BATCH_LEN || r->max_frames == 0 ||
		r->max_frames > DPS_IPC_BATCH_MAX || r->max_len == 0 ||
		r->max_len > DPS_IPC_MAX_FRAME)
		return 0;
	le64_put(p, r->handle);
	le32_put(p + 8, r->timeout_ms);
	le32_put(p + 12, r->max_frames);
	le32_put(p + 16, r->max_len);
	le32_put(p + 20, 0);
	return DPS_IPC_RECV_BATCH_LEN;
}

int
dps_ipc_get_recv_batch(const uint8_t *p, size_t len, struct dps_ipc_recv_batch *r)
{
	if (p == NULL || r == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != DPS_IPC_RECV_BATCH_LEN)
		return DPS_E_INVALID_LENGTH;
	r->handle = le64_get(p);
	r->timeout_ms = le32_get(p + 8);
	r->max_frames = le32_get(p + 12);
	r->max_len = le32_get(p + 16);
	if (r->max_frames == 0 || r->max_frames > DPS_IPC_BATCH_MAX || r->max_len == 0 ||
		r->max_len > DPS_IPC_MAX_FRAME || le32_get(p + 20) != 0)
		return DPS_E_INVALID_DATA;
	return DPS_OK;
}

size_t
dps_ipc_put_frames_start(uint8_t *p, size_t cap)
{
	if (p == NULL || cap < 8)
		return 0;
	memset(p, 0, 8);
	return 8;
}

size_t
dps_ipc_put_frames_add(uint8_t *p, size_t cap, uint32_t orig_len, const uint8_t *data, uint32_t len)
{
	if (p == NULL || data == NULL || len == 0 || len > orig_len || len > DPS_IPC_MAX_FRAME ||
		cap < 8 + (size_t)len)
		return 0;
	le32_put(p, orig_len);
	le32_put(p + 4, len);
	memcpy(p + 8, data, len);
	return 8 + (size_t)len;
}

void
dps_ipc_put_frames_end(uint8_t *p, uint32_t count, uint32_t dropped)
{
	if (p == NULL)
		return;
	le32_put(p, count);
	le32_put(p + 4, dropped);
}

int
dps_ipc_get_frames(const uint8_t *p, size_t len, struct dps_ipc_frames *f)
{
	size_t off = 8;

	if (p == NULL || f == NULL || f->frames == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len < off)
		return DPS_E_INVALID_LENGTH;
	f->count = le32_get(p);
	f->dropped = le32_get(p + 4);
	if (f->count == 0 || f->count > DPS_IPC_BATCH_MAX)
		return DPS_E_INVALID_DATA;
	for (uint32_t i = 0; i < f->count; i++) {
		uint32_t ol, fl;

		if (len - off < 8)
			return DPS_E_INVALID_LENGTH;
		ol = le32_get(p + off);
		fl = le32_get(p + off + 4);
		if (fl == 0 || fl > DPS_IPC_MAX_FRAME || len - off - 8 < fl)
			return DPS_E_INVALID_LENGTH;
		if (fl > ol)
			return DPS_E_INVALID_DATA;
		f->frames[i].orig_len = ol;
		f->frames[i].len = fl;
		f->frames[i].data = p + off + 8;
		off += 8 + (size_t)fl;
	}
	return off == len ? DPS_OK : DPS_E_INVALID_LENGTH;
}

/* ---- whole requests ---- */

int
dps_ipc_check_request(const uint8_t *buf, size_t n, struct dps_ipc_hdr *h)
{
	/* big enough for every decoded form; the OPEN one holds the filter */
	union {
		uint32_t u32;
		uint64_t handle;
		struct dps_ipc_open open;
		struct dps_ipc_recv recv;
		struct dps_ipc_send send;
		struct dps_ipc_oid oid;
		struct dps_ipc_wait_status wait;
		struct dps_ipc_capture_start capture;
		struct dps_ipc_capture_wait capture_wait;
		struct dps_ipc_admin admin;
		struct dps_ipc_ring_setup ring;
		struct dps_ipc_recv_batch recv_batch;
		struct dps_ipc_send_batch send_batch;
	} u;
	struct dps_ipc_batch_frame frames[DPS_IPC_BATCH_MAX]; /* 4 KiB */
	const uint8_t *p;
	size_t len;
	int rc;

	rc = dps_ipc_get_hdr(buf, n, h);
	if (rc != DPS_OK)
		return rc;
	if (!is_request_type(h->type))
		return DPS_E_NOT_SUPPORTED;
	if (h->status != 0)
		return DPS_E_INVALID_DATA;
	p = buf + DPS_IPC_HDR_LEN;
	len = h->len;
	switch (h->type) {
	case DPS_IPC_LIST_BINDINGS:
	case DPS_IPC_WAIT_BINDS:
		return dps_ipc_get_u32(p, len, &u.u32);
	case DPS_IPC_OPEN:
		return dps_ipc_get_open(p, len, &u.open);
	case DPS_IPC_CLOSE:
	case DPS_IPC_OPEN_STATS:
		return dps_ipc_get_handle(p, len, &u.handle);
	case DPS_IPC_RECV:
		return dps_ipc_get_recv(p, len, &u.recv);
	case DPS_IPC_SEND:
		return dps_ipc_get_send(p, len, &u.send);
	case DPS_IPC_OID_QUERY:
		return dps_ipc_get_oid_query(p, len, &u.oid);
	case DPS_IPC_OID_SET:
		return dps_ipc_get_oid_set(p, len, &u.oid);
	case DPS_IPC_WAIT_STATUS:
		return dps_ipc_get_wait_status(p, len, &u.wait);
	case DPS_IPC_CAPTURE_START:
		return dps_ipc_get_capture_start(p, len, &u.capture);
	case DPS_IPC_CAPTURE_STOP:
	case DPS_IPC_CAPTURE_LIST:
		return dps_ipc_get_u32(p, len, &u.u32);
	case DPS_IPC_CAPTURE_WAIT:
		return dps_ipc_get_capture_wait(p, len, &u.capture_wait);
	case DPS_IPC_ADAPTER_REMOVE:
	case DPS_IPC_BIND:
	case DPS_IPC_UNBIND:
		return dps_ipc_get_admin(p, len, h->type, &u.admin);
	case DPS_IPC_RING_SETUP:
		return dps_ipc_get_ring_setup(p, len, &u.ring);
	case DPS_IPC_RECV_BATCH:
		return dps_ipc_get_recv_batch(p, len, &u.recv_batch);
	case DPS_IPC_SEND_BATCH:
		u.send_batch.frames = frames;
		return dps_ipc_get_send_batch(p, len, &u.send_batch);
	default:
		return DPS_E_NOT_SUPPORTED;
	}
}

/* ---- reasons ---- */

static int
reason_byte_ok(uint8_t c)
{
	return c >= 0x20 && c != 0x7f;
}

size_t
dps_ipc_put_reason(uint8_t *p, size_t cap, const char *reason)
{
	size_t n;

	if (p == NULL || reason == NULL)
		return 0;
	n = strnlen(reason, DPS_IPC_REASON_MAX + 1);
	if (n == 0 || n > DPS_IPC_REASON_MAX || cap < 2 + n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!reason_byte_ok((uint8_t)reason[i]))
			return 0;
	le16_put(p, (uint16_t)n);
	memcpy(p + 2, reason, n);
	return 2 + n;
}

int
dps_ipc_get_reason(const uint8_t *p, size_t len, char *out, size_t *used)
{
	size_t n;

	if (p == NULL || out == NULL || used == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len < 2)
		return DPS_E_INVALID_LENGTH;
	n = le16_get(p);
	if (n == 0 || n > DPS_IPC_REASON_MAX || len - 2 < n)
		return DPS_E_INVALID_LENGTH;
	for (size_t i = 0; i < n; i++)
		if (!reason_byte_ok(p[2 + i]))
			return DPS_E_INVALID_DATA;
	memcpy(out, p + 2, n);
	out[n] = '\0';
	*used = 2 + n;
	return DPS_OK;
}

size_t
dps_ipc_reason_clean(char *text)
{
	size_t n;

	if (text == NULL)
		return 0;
	n = strnlen(text, DPS_IPC_REASON_MAX);
	text[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!reason_byte_ok((uint8_t)text[i]))
			text[i] = ' ';
	return n;
}

/* ---- capture ---- */

/* capture_start field offsets */
#define CS_ADAPTER 0
#define CS_DIRECTION 16
#define CS_SNAPLEN 20
#define CS_COUNT 24
#define CS_DURATION 32
#define CS_FILTER_LEN 36
#define CS_RESERVED 38

/* capture_info field offsets */
#define CI_ID 0
#define CI_STATE 4
#define CI_ADAPTER 8
#define CI_DIRECTION 24
#define CI_SNAPLEN 28
#define CI_COUNT 32
#define CI_DURATION 40
#define CI_PID 44
#define CI_SEEN 48
#define CI_FILTERED 56
#define CI_CAPTURED 64
#define CI_DROPPED 72
#define CI_WRITTEN 80
#define CI_BYTES 88
#define CI_STATUS 96
#define CI_CAUSE 100
#define CI_FILTER_LEN 104
#define CI_RESERVED 106

#define CAPTURE_WAIT_MAX_MS 3600000u

_Static_assert(CS_RESERVED + 2 == DPS_IPC_CAPTURE_START_FIXED_LEN, "capture_start layout");
_Static_assert(CI_RESERVED + 6 == DPS_IPC_CAPTURE_INFO_FIXED_LEN, "capture_info layout");
_Static_assert(
	DPS_IPC_HDR_LEN + DPS_IPC_CAPTURE_INFO_FIXED_LEN + DPS_IPC_MAX_FILTER <= DPS_IPC_MAX_MSG,
	"largest capture_info fits");

static int
direction_ok(uint32_t d)
{
	return d >= 1 && d <= (DPS_IPC_CAPTURE_RX | DPS_IPC_CAPTURE_TX);
}

/* filter text of @p n bytes: no NUL inside, within the limit */
static int
filter_ok(const char *f, size_t n)
{
	return n <= DPS_IPC_MAX_FILTER && memchr(f, '\0', n) == NULL;
}

size_t
dps_ipc_put_capture_start(uint8_t *p, size_t cap, const struct dps_ipc_capture_start *s)
{
	long an;
	size_t len;

	if (p == NULL || s == NULL)
		return 0;
	an = str_check(s->adapter, DPS_IPC_NAME_LEN, 1);
	len = DPS_IPC_CAPTURE_START_FIXED_LEN + (size_t)s->filter_len;
	if (an < 0 || !direction_ok(s->direction) || s->snaplen > DPS_IPC_CAPTURE_SNAPLEN_MAX ||
		s->duration_ms > DPS_IPC_CAPTURE_DURATION_MAX ||
		!filter_ok(s->filter, s->filter_len) || cap < len)
		return 0;
	str_put(p + CS_ADAPTER, s->adapter, (size_t)an, DPS_IPC_NAME_LEN);
	le32_put(p + CS_DIRECTION, s->direction);
	le32_put(p + CS_SNAPLEN, s->snaplen);
	le64_put(p + CS_COUNT, s->count);
	le32_put(p + CS_DURATION, s->duration_ms);
	le16_put(p + CS_FILTER_LEN, s->filter_len);
	le16_put(p + CS_RESERVED, 0);
	memcpy(p + DPS_IPC_CAPTURE_START_FIXED_LEN, s->filter, s->filter_len);
	return len;
}

int
dps_ipc_get_capture_start(const uint8_t *p, size_t len, struct dps_ipc_capture_start *s)
{
	uint16_t fl;

	if (p == NULL || s == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len < DPS_IPC_CAPTURE_START_FIXED_LEN)
		return DPS_E_INVALID_LENGTH;
	fl = le16_get(p + CS_FILTER_LEN);
	if (fl > DPS_IPC_MAX_FILTER)
		return DPS_E_INVALID_DATA;
	if (len != DPS_IPC_CAPTURE_START_FIXED_LEN + (size_t)fl)
		return DPS_E_INVALID_LENGTH;
	memset(s, 0, sizeof(*s));
	if (str_get(s->adapter, p + CS_ADAPTER, DPS_IPC_NAME_LEN, 1) != DPS_OK)
		return DPS_E_INVALID_DATA;
	s->direction = le32_get(p + CS_DIRECTION);
	s->snaplen = le32_get(p + CS_SNAPLEN);
	s->count = le64_get(p + CS_COUNT);
	s->duration_ms = le32_get(p + CS_DURATION);
	s->filter_len = fl;
	if (!direction_ok(s->direction) || s->snaplen > DPS_IPC_CAPTURE_SNAPLEN_MAX ||
		s->duration_ms > DPS_IPC_CAPTURE_DURATION_MAX || le16_get(p + CS_RESERVED) != 0)
		return DPS_E_INVALID_DATA;
	memcpy(s->filter, p + DPS_IPC_CAPTURE_START_FIXED_LEN, fl);
	if (!filter_ok(s->filter, fl))
		return DPS_E_INVALID_DATA;
	s->filter[fl] = '\0';
	return DPS_OK;
}

size_t
dps_ipc_put_capture_wait(uint8_t *p, size_t cap, const struct dps_ipc_capture_wait *w)
{
	if (p == NULL || w == NULL || cap < 8 || w->timeout_ms > CAPTURE_WAIT_MAX_MS)
		return 0;
	le32_put(p, w->id);
	le32_put(p + 4, w->timeout_ms);
	return 8;
}

int
dps_ipc_get_capture_wait(const uint8_t *p, size_t len, struct dps_ipc_capture_wait *w)
{
	if (p == NULL || w == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len != 8)
		return DPS_E_INVALID_LENGTH;
	w->id = le32_get(p);
	w->timeout_ms = le32_get(p + 4);
	return w->timeout_ms > CAPTURE_WAIT_MAX_MS ? DPS_E_INVALID_DATA : DPS_OK;
}

static int
info_fields_ok(const struct dps_ipc_capture_info *i)
{
	return i->state >= DPS_IPC_CAPTURE_RUNNING && i->state <= DPS_IPC_CAPTURE_ENDED &&
	       direction_ok(i->direction) && i->cause <= DPS_IPC_CAPTURE_CAUSE_MAX &&
	       i->snaplen <= DPS_IPC_CAPTURE_SNAPLEN_MAX &&
	       i->duration_ms <= DPS_IPC_CAPTURE_DURATION_MAX;
}

size_t
dps_ipc_put_capture_info(uint8_t *p, size_t cap, const struct dps_ipc_capture_info *i)
{
	long an;
	size_t len;

	if (p == NULL || i == NULL)
		return 0;
	an = str_check(i->adapter, DPS_IPC_NAME_LEN, 1);
	len = DPS_IPC_CAPTURE_INFO_FIXED_LEN + (size_t)i->filter_len;
	if (an < 0 || !info_fields_ok(i) || !filter_ok(i->filter, i->filter_len) || cap < len)
		return 0;
	memset(p, 0, DPS_IPC_CAPTURE_INFO_FIXED_LEN);
	le32_put(p + CI_ID, i->id);
	le32_put(p + CI_STATE, i->state);
	str_put(p + CI_ADAPTER, i->adapter, (size_t)an, DPS_IPC_NAME_LEN);
	le32_put(p + CI_DIRECTION, i->direction);
	le32_put(p + CI_SNAPLEN, i->snaplen);
	le64_put(p + CI_COUNT, i->count);
	le32_put(p + CI_DURATION, i->duration_ms);
	le32_put(p + CI_PID, i->pid);
	le64_put(p + CI_SEEN, i->seen);
	le64_put(p + CI_FILTERED, i->filtered);
	le64_put(p + CI_CAPTURED, i->captured);
	le64_put(p + CI_DROPPED, i->dropped);
	le64_put(p + CI_WRITTEN, i->written);
	le64_put(p + CI_BYTES, i->bytes);
	le32_put(p + CI_STATUS, (uint32_t)i->status);
	le32_put(p + CI_CAUSE, i->cause);
	le16_put(p + CI_FILTER_LEN, i->filter_len);
	memcpy(p + DPS_IPC_CAPTURE_INFO_FIXED_LEN, i->filter, i->filter_len);
	return len;
}

int
dps_ipc_get_capture_info(const uint8_t *p, size_t len, struct dps_ipc_capture_info *i)
{
	uint16_t fl;

	if (p == NULL || i == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len < DPS_IPC_CAPTURE_INFO_FIXED_LEN)
		return DPS_E_INVALID_LENGTH;
	fl = le16_get(p + CI_FILTER_LEN);
	if (fl > DPS_IPC_MAX_FILTER)
		return DPS_E_INVALID_DATA;
	if (len != DPS_IPC_CAPTURE_INFO_FIXED_LEN + (size_t)fl)
		return DPS_E_INVALID_LENGTH;
	memset(i, 0, sizeof(*i));
	if (str_get(i->adapter, p + CI_ADAPTER, DPS_IPC_NAME_LEN, 1) != DPS_OK)
		return DPS_E_INVALID_DATA;
	i->id = le32_get(p + CI_ID);
	i->state = le32_get(p + CI_STATE);
	i->direction = le32_get(p + CI_DIRECTION);
	i->snaplen = le32_get(p + CI_SNAPLEN);
	i->count = le64_get(p + CI_COUNT);
	i->duration_ms = le32_get(p + CI_DURATION);
	i->pid = le32_get(p + CI_PID);
	i->seen = le64_get(p + CI_SEEN);
	i->filtered = le64_get(p + CI_FILTERED);
	i->captured = le64_get(p + CI_CAPTURED);
	i->dropped = le64_get(p + CI_DROPPED);
	i->written = le64_get(p + CI_WRITTEN);
	i->bytes = le64_get(p + CI_BYTES);
	i->status = (int32_t)le32_get(p + CI_STATUS);
	i->cause = le32_get(p + CI_CAUSE);
	i->filter_len = fl;
	for (unsigned int k = CI_RESERVED; k < DPS_IPC_CAPTURE_INFO_FIXED_LEN; k++)
		if (p[k] != 0)
			return DPS_E_INVALID_DATA;
	if (!info_fields_ok(i) || i->status > 0)
		return DPS_E_INVALID_DATA;
	memcpy(i->filter, p + DPS_IPC_CAPTURE_INFO_FIXED_LEN, fl);
	if (!filter_ok(i->filter, fl))
		return DPS_E_INVALID_DATA;
	i->filter[fl] = '\0';
	return DPS_OK;
}

/* ---- naming ---- */

int
dps_ipc_socket_path(const char *prefix, char *out, size_t len)
{
	const char *base, *xdg;
	int n;

	if (out == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (prefix == NULL || prefix[0] == '\0')
		prefix = "rte";
	if (strchr(prefix, '/') != NULL || strcmp(prefix, ".") == 0 || strcmp(prefix, "..") == 0 ||
		strlen(prefix) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return DPS_E_INVALID_PARAMETER;
	/* eal_create_runtime_dir() in DPDK 22.11, and dpdk-telemetry.py */
	xdg = getenv("XDG_RUNTIME_DIR");
	if (getuid() == 0)
		base = "/var/run";
	else if (xdg != NULL)
		base = xdg;
	else
		base = "/tmp";
	if (len == 0)
		return DPS_E_BUFFER_TOO_SHORT;
	n = snprintf(out, len, "%s/dpdk/%s/%s", base, prefix, DPS_IPC_SOCKET_NAME);
	if (n < 0 || (size_t)n >= len) {
		out[0] = '\0';
		return DPS_E_BUFFER_TOO_SHORT;
	}
	if (getuid() != 0) {
		/* not root: a dpstack of our own first, else root's (a root-run dpstack
		 * with that prefix, its directory traversable or not) */
		char root[sizeof(((struct sockaddr_un *)0)->sun_path)];
		struct stat st;

		if (lstat(out, &st) == 0)
			return DPS_OK;
		n = snprintf(
			root, sizeof(root), "/var/run/dpdk/%s/%s", prefix, DPS_IPC_SOCKET_NAME);
		if (n < 0 || (size_t)n >= sizeof(root))
			return DPS_OK;
		if (lstat(root, &st) == 0) {
			if ((size_t)n >= len) {
				out[0] = '\0';
				return DPS_E_BUFFER_TOO_SHORT;
			}
			memcpy(out, root, (size_t)n + 1);
		}
	}
	return DPS_OK;
}

static const char *const type_names[DPS_IPC_REPLY][2] = {
	[DPS_IPC_LIST_BINDINGS] = {"LIST_BINDINGS", "LIST_BINDINGS_REPLY"},
	[DPS_IPC_WAIT_BINDS] = {"WAIT_BINDS", "WAIT_BINDS_REPLY"},
	[DPS_IPC_OPEN] = {"OPEN", "OPEN_REPLY"},
	[DPS_IPC_CLOSE] = {"CLOSE", "CLOSE_REPLY"},
	[DPS_IPC_RECV] = {"RECV", "RECV_REPLY"},
	[DPS_IPC_SEND] = {"SEND", "SEND_REPLY"},
	[DPS_IPC_OID_QUERY] = {"OID_QUERY", "OID_QUERY_REPLY"},
	[DPS_IPC_OID_SET] = {"OID_SET", "OID_SET_REPLY"},
	[DPS_IPC_WAIT_STATUS] = {"WAIT_STATUS", "WAIT_STATUS_REPLY"},
	[DPS_IPC_OPEN_STATS] = {"OPEN_STATS", "OPEN_STATS_REPLY"},
	[DPS_IPC_CAPTURE_START] = {"CAPTURE_START", "CAPTURE_START_REPLY"},
	[DPS_IPC_CAPTURE_STOP] = {"CAPTURE_STOP", "CAPTURE_STOP_REPLY"},
	[DPS_IPC_CAPTURE_WAIT] = {"CAPTURE_WAIT", "CAPTURE_WAIT_REPLY"},
	[DPS_IPC_CAPTURE_LIST] = {"CAPTURE_LIST", "CAPTURE_LIST_REPLY"},
	[DPS_IPC_ADAPTER_REMOVE] = {"ADAPTER_REMOVE", "ADAPTER_REMOVE_REPLY"},
	[DPS_IPC_BIND] = {"BIND", "BIND_REPLY"},
	[DPS_IPC_UNBIND] = {"UNBIND", "UNBIND_REPLY"},
	[DPS_IPC_RING_SETUP] = {"RING_SETUP", "RING_SETUP_REPLY"},
	[DPS_IPC_SEND_BATCH] = {"SEND_BATCH", "SEND_BATCH_REPLY"},
	[DPS_IPC_RECV_BATCH] = {"RECV_BATCH", "RECV_BATCH_REPLY"},
};

const char *
dps_ipc_type_str(unsigned int type)
{
	if (type == DPS_IPC_ERROR)
		return "ERROR";
	if (is_request_type(type) && type_names[type][0] != NULL)
		return type_names[type][0];
	if ((type & DPS_IPC_REPLY) && is_request_type(type & ~DPS_IPC_REPLY) &&
		type_names[type & ~DPS_IPC_REPLY][1] != NULL)
		return type_names[type & ~DPS_IPC_REPLY][1];
	return "UNKNOWN";
}
